// The operator console's pure helpers (no DOM, no Preact; tested with Node's test runner): a
// server-sent events parser for streams read with fetch (EventSource cannot send the
// Authorization header), a line splitter for NDJSON bodies, reconnect backoff, and the field a
// 422 violation is about.

/**
 * Parses text/event-stream text as it arrives (chunks may split lines anywhere, "\r\n" included)
 * and calls `onEvent({ type, data, id })` for each complete event. Comment lines (":" first, what
 * a keep-alive sends) and empty events (a blank heartbeat) dispatch nothing but count as activity.
 */
export class SseParser {
  constructor(onEvent) {
    this.onEvent = onEvent;
    this.buf = '';
    this.data = [];
    this.type = '';
    this.lastId = null;
    this.retry = null;
    this.heartbeats = 0;
  }

  push(chunk) {
    this.buf += chunk;
    for (;;) {
      const m = /\r\n|\r|\n/.exec(this.buf);
      if (!m || (m[0] === '\r' && m.index === this.buf.length - 1)) {
        return; // no end of line yet, or a "\r" whose "\n" may be in the next chunk
      }
      const line = this.buf.slice(0, m.index);
      this.buf = this.buf.slice(m.index + m[0].length);
      this.line(line);
    }
  }

  line(line) {
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.startsWith(':')) {
      this.heartbeats++;
      return;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    if (field === 'data') {
      this.data.push(value);
    } else if (field === 'event') {
      this.type = value;
    } else if (field === 'id' && !value.includes('\0')) {
      this.lastId = value;
    } else if (field === 'retry' && /^[0-9]+$/.test(value)) {
      this.retry = Number(value);
    }
  }

  dispatch() {
    if (this.data.length === 0) {
      this.type = '';
      this.heartbeats++;
      return;
    }
    const event = { type: this.type || 'message', data: this.data.join('\n'), id: this.lastId };
    this.data = [];
    this.type = '';
    this.onEvent(event);
  }
}

/** Splits text arriving in chunks into lines; `end()` gives the last line when it had no "\n". */
export class LineSplitter {
  constructor() {
    this.buf = '';
  }

  push(chunk) {
    this.buf += chunk;
    const parts = this.buf.split('\n');
    this.buf = parts.pop();
    return parts.map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() !== '');
  }

  end() {
    const rest = this.buf.trim();
    this.buf = '';
    return rest ? [rest] : [];
  }
}

/** Milliseconds before reconnect attempt `attempt` (0, 1, …): 1 s doubling to 30 s, ±20 %. */
export function backoffMs(attempt, random = Math.random) {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, attempt));
  return Math.round(base * (0.8 + 0.4 * random()));
}

const FIELDS = ['title', 'year', 'synopsis', 'cast', 'genres', 'maturityRating'];

/**
 * The form field a violation of the title API (422 `errors`) is about: they start with the field's
 * name ("year must be between …"); "a cast name or genre is longer …" is about cast and genres.
 * Null for one that names no field (shown above the form).
 */
export function violationFields(violation) {
  const text = String(violation);
  if (/^a cast name or genre/.test(text)) {
    return ['cast', 'genres'];
  }
  const first = text.split(/\s/, 1)[0];
  return FIELDS.includes(first) ? [first] : null;
}

/** Violations grouped by field: { title: [...], ..., form: [...] }. */
export function violationsByField(violations) {
  const out = { form: [] };
  for (const v of violations || []) {
    const fields = violationFields(v);
    for (const f of fields || ['form']) {
      (out[f] = out[f] || []).push(v);
    }
  }
  return out;
}

/** "1.2 MB" style sizes. */
export function formatBytes(n) {
  const b = Math.max(0, Number(n) || 0);
  if (b < 1024) {
    return b + ' B';
  }
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = b;
  let u = -1;
  do {
    v /= 1024;
    u++;
  } while (v >= 1024 && u < units.length - 1);
  return (v >= 100 ? v.toFixed(0) : v.toFixed(1)) + ' ' + units[u];
}

/** An ETA in seconds as "about 3 min 20 s" (null when unknown). */
export function formatEta(seconds) {
  if (seconds === null || seconds === undefined || !Number.isFinite(Number(seconds))) {
    return null;
  }
  const s = Math.max(0, Math.round(Number(seconds)));
  if (s < 60) {
    return `about ${s} s`;
  }
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `about ${h} h ${m} min` : `about ${m} min ${s % 60} s`;
}

/** Comma- or newline-separated names as a list, trimmed, empties left out. */
export function splitList(text) {
  return String(text || '').split(/[,\n]/).map((s) => s.trim()).filter(Boolean);
}

/** A valid import source name (the API's [a-z0-9][a-z0-9-]{0,63}) from a file name. */
export function sourceName(fileName) {
  const base = String(fileName || '').replace(/\.(gz)$/i, '').replace(/\.(jsonl|ndjson|json|txt)$/i, '');
  const s = base.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64);
  return /^[a-z0-9]/.test(s) ? s : 'import';
}

/** Claims of a JWT (not verified: only to decide what to show; the API checks). */
export function jwtClaims(token) {
  try {
    const part = String(token).split('.')[1];
    const b64 = part.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((part.length + 3) % 4);
    const bin = atob(b64);
    const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    return {};
  }
}
