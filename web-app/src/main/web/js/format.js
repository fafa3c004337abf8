// Pure helpers (no DOM, no Preact), shared by the pages and tested with Node's test runner.

export function formatTime(seconds) {
  const s = Math.max(0, Math.floor(Number(seconds) || 0));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export function formatMoney(minor, currency) {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(minor / 100);
  } catch (e) {
    return (minor / 100).toFixed(2) + ' ' + currency;
  }
}

export function formatDate(iso) {
  if (!iso) {
    return '';
  }
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

/** A moment as a viewer reads it: the time when it was today, else the date. */
export function formatWhen(iso, now = new Date(), locale = undefined, timeZone = undefined) {
  const d = new Date(iso || '');
  if (Number.isNaN(d.getTime())) {
    return '';
  }
  const day = (x) => x.toLocaleDateString('en-CA', { timeZone });
  return day(d) === day(now)
    ? 'today ' + d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', timeZone })
    : d.toLocaleDateString(locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone });
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", apos: "'" };

function unescape(s) {
  return s.replace(/&(amp|lt|gt|quot|#39|#x27|apos);/g, (m, e) => ENTITIES[e]);
}

/**
 * A search highlight (HTML-escaped text with matches in <b>) as parts to render as text:
 * [{ text, bold }]. Any other markup stays text.
 */
export function highlightParts(html) {
  return String(html).split(/(<b>.*?<\/b>)/g).filter(Boolean).map((p) => (
    p.startsWith('<b>') && p.endsWith('</b>')
      ? { text: unescape(p.slice(3, -4)), bold: true }
      : { text: unescape(p), bold: false }));
}

/**
 * A device of a 409 answer ("Name (device id, since 2026-…Z)") as "Name, playing since 14:50";
 * anything else as it came.
 */
export function deviceLine(text, locale = undefined, timeZone = undefined) {
  const m = /^(.*) \(device .*, since (\S+)\)$/.exec(String(text));
  const since = m ? new Date(m[2]) : null;
  if (!m || Number.isNaN(since.getTime())) {
    return String(text);
  }
  return `${m[1]}, playing since ${since.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', timeZone })}`;
}

/** A hue (0..359) from a title id, so each generated poster keeps its colours. */
export function hue(id) {
  let h = 0;
  for (const c of String(id)) {
    h = (h * 31 + c.charCodeAt(0)) % 360;
  }
  return h;
}
