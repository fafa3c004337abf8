// Independent check of a packaged directory: parses master.m3u8, every media playlist and
// manifest.mpd with the videojs parsers (the ones video.js/VHS play with) and prints ONE JSON
// object on stdout. Exits non-zero with a message on stderr when anything does not parse.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Parser } from 'm3u8-parser';
import { parse as parseMpd } from 'mpd-parser';

function fail(msg) {
  process.stderr.write(`check-manifests: ${msg}\n`);
  process.exit(2);
}

function parseM3u8(path) {
  const parser = new Parser();
  const warnings = [];
  const keyTags = [];
  parser.on('warn', (w) => warnings.push(w.message));
  // the parser's manifest drops KEYFORMAT/KEYID for ClearKey, so keep the raw key tags too
  parser.parseStream.on('data', (e) => {
    if (e.type === 'tag' && e.tagType === 'key') keyTags.push(e.attributes ?? {});
  });
  parser.push(readFileSync(path, 'utf8'));
  parser.end();
  return { manifest: parser.manifest, warnings, keyTags };
}

// m3u8-parser keeps no #EXT-X-VERSION field; read it from the text.
function versionOf(path) {
  const m = /^#EXT-X-VERSION:(\d+)\s*$/m.exec(readFileSync(path, 'utf8'));
  return m ? Number(m[1]) : null;
}

function hls(dir) {
  const masterPath = join(dir, 'master.m3u8');
  if (!existsSync(masterPath)) return null;
  const { manifest: master, warnings } = parseM3u8(masterPath);
  if (!master.playlists || master.playlists.length === 0) fail('master.m3u8 has no variants');
  const playlists = master.playlists.map((p) => ({
    uri: p.uri,
    resolution: p.attributes.RESOLUTION
      ? `${p.attributes.RESOLUTION.width}x${p.attributes.RESOLUTION.height}`
      : null,
    bandwidth: p.attributes.BANDWIDTH ?? null,
    codecs: p.attributes.CODECS ?? null,
    audio: p.attributes.AUDIO ?? null,
  }));
  const audio = [];
  for (const [group, renditions] of Object.entries(master.mediaGroups?.AUDIO ?? {})) {
    for (const [name, r] of Object.entries(renditions)) {
      audio.push({ group, name, uri: r.uri ?? null, default: !!r.default });
    }
  }
  const uris = [...new Set([...playlists.map((p) => p.uri), ...audio.map((a) => a.uri).filter(Boolean)])];
  const media = uris.map((uri) => {
    const path = join(dir, uri);
    if (!existsSync(path)) fail(`media playlist ${uri} is missing`);
    const { manifest: m, warnings: w, keyTags } = parseM3u8(path);
    const segs = m.segments ?? [];
    if (segs.length === 0) fail(`${uri} has no segments`);
    const first = segs[0];
    const tag = keyTags[0] ?? {};
    const keyMethod = first.key?.method ?? tag.METHOD ?? null;
    const keyFormat = tag.KEYFORMAT ?? null;
    const keyId = tag.KEYID ?? null;
    const keyUri = first.key?.uri ?? tag.URI ?? null;
    return {
      uri,
      version: m.version ?? versionOf(path),
      segments: segs.length,
      targetDuration: m.targetDuration ?? null,
      endList: !!m.endList,
      playlistType: m.playlistType ?? null,
      hasMap: !!first.map,
      mapUri: first.map?.uri ?? null,
      keyMethod,
      keyFormat,
      keyId,
      keyUri,
      keyTags: keyTags.length,
      totalDuration: Number(segs.reduce((s, x) => s + x.duration, 0).toFixed(6)),
      programDateTime: segs.some((s) => s.programDateTime !== undefined || s.dateTimeString !== undefined),
      warnings: w,
    };
  });
  return {
    version: versionOf(masterPath),
    independentSegments: !!master.independentSegments,
    playlists,
    audio,
    media,
    warnings,
  };
}

function dash(dir) {
  const path = join(dir, 'manifest.mpd');
  if (!existsSync(path)) return null;
  const text = readFileSync(path, 'utf8');
  const manifestUri = pathToFileURL(path).href;
  const m = parseMpd(text, { manifestUri });
  const describe = (p) => ({
    id: p.attributes?.NAME ?? null,
    resolution: p.attributes?.RESOLUTION
      ? `${p.attributes.RESOLUTION.width}x${p.attributes.RESOLUTION.height}`
      : null,
    bandwidth: p.attributes?.BANDWIDTH ?? null,
    codecs: p.attributes?.CODECS ?? null,
    segments: p.segments?.length ?? 0,
    initUri: p.segments?.[0]?.map?.uri ?? null,
    // mpd-parser keeps only systems it knows (mp4protection, W3C common 1077efec, widevine...)
    contentProtectionKeys: Object.keys(p.contentProtection ?? {}),
    contentProtection: Object.fromEntries(
      Object.entries(p.contentProtection ?? {}).map(([system, info]) => [system, info?.attributes ?? {}]),
    ),
  });
  const audio = [];
  for (const [group, renditions] of Object.entries(m.mediaGroups?.AUDIO ?? {})) {
    for (const [name, r] of Object.entries(renditions)) {
      for (const p of r.playlists ?? []) audio.push({ group, name, ...describe(p) });
    }
  }
  return { duration: m.duration ?? null, playlists: (m.playlists ?? []).map(describe), audio };
}

const dir = process.argv[2];
if (!dir) fail('usage: node check-manifests.mjs <dir>');
try {
  const out = { hls: hls(dir), dash: dash(dir) };
  if (!out.hls && !out.dash) fail(`no master.m3u8 nor manifest.mpd in ${dir}`);
  process.stdout.write(JSON.stringify(out) + '\n');
} catch (e) {
  fail(`parse failure: ${e?.stack ?? e}`);
}
