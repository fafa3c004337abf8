// Trickplay thumbnails: the package's thumbs.vtt maps time ranges to cells of sprite images
// (thumbs/sprite-NNN.jpg#xywh=x,y,w,h), beside the manifest under the same edge-token prefix.

function seconds(stamp) {
  const parts = stamp.trim().split(':').map(Number);
  if (parts.some((p) => Number.isNaN(p))) {
    return NaN;
  }
  return parts.reduce((acc, p) => acc * 60 + p, 0);
}

/**
 * The cues of a WebVTT sprite map, ordered by start: { start, end, url, x, y, w, h }, with `url`
 * resolved against `base` (the VTT's own URL). Cues that are not sprite cells are skipped.
 */
export function parseThumbnails(text, base) {
  const cues = [];
  const blocks = String(text).replace(/\r\n?/g, '\n').split(/\n{2,}/);
  for (const block of blocks) {
    const lines = block.split('\n').map((l) => l.trim()).filter(Boolean);
    const timing = lines.findIndex((l) => l.includes('-->'));
    if (timing < 0 || timing + 1 >= lines.length) {
      continue;
    }
    const [from, to] = lines[timing].split('-->').map((s) => s.trim().split(/\s+/)[0]);
    const target = lines[timing + 1];
    const hash = target.indexOf('#xywh=');
    if (hash < 0) {
      continue;
    }
    const xywh = target.slice(hash + 6).split(',').map(Number);
    const start = seconds(from);
    const end = seconds(to);
    if (xywh.length !== 4 || xywh.some((n) => !Number.isFinite(n) || n < 0) || !(end > start)) {
      continue;
    }
    let url;
    try {
      url = new URL(target.slice(0, hash), base).href;
    } catch (e) {
      continue;
    }
    cues.push({ start, end, url, x: xywh[0], y: xywh[1], w: xywh[2], h: xywh[3] });
  }
  return cues.sort((a, b) => a.start - b.start);
}

/** The cue showing time `t`, or null. */
export function cueAt(cues, t) {
  let lo = 0;
  let hi = cues.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (t < cues[mid].start) {
      hi = mid - 1;
    } else if (t >= cues[mid].end) {
      lo = mid + 1;
    } else {
      return cues[mid];
    }
  }
  return cues.length && t >= cues[cues.length - 1].end ? cues[cues.length - 1] : null;
}
