// Catalog imports (POST /admin/imports?source=, a JSON-lines body, progress streamed back as JSON
// lines) and the search index (GET /admin/search, POST /admin/search/rebuild with its progress as
// JSON lines), both read as they arrive with fetch's body reader.
import { html, useState, useEffect, useRef, useId } from '../lib.js';
import { api, explain, authFetch, failure } from '../api.js';
import { Message, Spinner, formatDate } from '../components.js';
import { LineSplitter, formatBytes, sourceName } from './console-parse.js';

const NDJSON = 'application/x-ndjson';
const MAX_SKIPPED_SHOWN = 200;

/** Reads a Response body as JSON lines, calling `onLine(object)` for each. */
async function readLines(r, onLine) {
  const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
  const split = new LineSplitter();
  const each = (lines) => {
    for (const l of lines) {
      try {
        onLine(JSON.parse(l));
      } catch (e) {
        // a line that is not JSON: skip it
      }
    }
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    each(split.push(value));
  }
  each(split.end());
}

/** A gzip file (by its magic bytes) decompressed in the browser; the API takes plain JSON lines. */
async function plainBody(file) {
  const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  if (head[0] === 0x1f && head[1] === 0x8b) {
    return { body: await new Response(file.stream().pipeThrough(new DecompressionStream('gzip'))).blob(), gz: true };
  }
  return { body: file, gz: false };
}

const COUNTS = [['lines', 'Lines'], ['created', 'Created'], ['updated', 'Updated'], ['unchanged', 'Unchanged'],
  ['duplicates', 'Duplicates'], ['invalid', 'Invalid']];

export function Import() {
  const [file, setFile] = useState(null);
  const [source, setSource] = useState('');
  const [phase, setPhase] = useState(null); // null, sending, running, done, failed, stopped
  const [progress, setProgress] = useState(null);
  const [skipped, setSkipped] = useState([]);
  const [skippedCount, setSkippedCount] = useState(0);
  const [error, setError] = useState(null);
  const [note, setNote] = useState(null);
  const ctrl = useRef(null);
  const fileId = useId();
  const sourceId = useId();
  useEffect(() => () => ctrl.current && ctrl.current.abort(), []);
  const start = async (e) => {
    e.preventDefault();
    if (!file) {
      setError('Choose a JSON-lines file first.');
      return;
    }
    if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(source)) {
      setError('The source name: lower-case letters, digits and hyphens, starting with a letter or digit.');
      return;
    }
    setError(null);
    setProgress(null);
    setSkipped([]);
    setSkippedCount(0);
    setPhase('sending');
    ctrl.current = new AbortController();
    try {
      const { body, gz } = await plainBody(file);
      setNote(`Sending ${formatBytes(body.size)}${gz ? ' (decompressed here from ' + formatBytes(file.size) + ')' : ''}…`);
      const r = await authFetch('/admin/imports?source=' + encodeURIComponent(source), {
        method: 'POST', body, headers: { 'Content-Type': NDJSON, Accept: NDJSON }, signal: ctrl.current.signal,
      });
      if (!r.ok) {
        throw await failure(r);
      }
      setPhase('running');
      setNote(null);
      let last = 'running';
      await readLines(r, (line) => {
        if (line.type === 'progress') {
          setProgress(line);
          if (line.done) last = 'done';
        } else if (line.type === 'skipped') {
          setSkippedCount((n) => n + 1);
          setSkipped((list) => (list.length >= MAX_SKIPPED_SHOWN ? list : [...list, line]));
        } else if (line.type === 'failed') {
          last = 'failed';
          setError('The import stopped: ' + line.reason);
          if (line.progress) setProgress(line.progress);
        }
      });
      setPhase(last === 'running' ? 'stopped' : last);
      if (last === 'running') setError('The progress stream ended before the import said it was done.');
    } catch (err) {
      setPhase(err && err.name === 'AbortError' ? 'stopped' : 'failed');
      setNote(null);
      setError(err && err.name === 'AbortError' ? 'Stopped following the import (the server may still finish it).' : explain(err));
    }
    ctrl.current = null;
  };
  const busy = phase === 'sending' || phase === 'running';
  return html`<div>
    <h1 tabindex="-1">Import a catalog</h1>
    <form class="panel console-form" onSubmit=${start} data-testid="console-import-form">
      <div class="field">
        <label for=${fileId}>JSON-lines file</label>
        <input id=${fileId} type="file" accept=".jsonl,.ndjson,.json,.gz,.txt" disabled=${busy} data-testid="console-import-file"
          aria-describedby=${fileId + '-hint'}
          onChange=${(e) => { const f = e.target.files[0] || null; setFile(f); if (f) setSource(sourceName(f.name)); }} />
        <p class="hint" id=${fileId + '-hint'}>One title per line (title, year, synopsis, cast, genres…). A .gz file is decompressed in this browser: the API takes plain JSON lines.</p>
      </div>
      <div class="field">
        <label for=${sourceId}>Source name</label>
        <input id=${sourceId} value=${source} disabled=${busy} data-testid="console-import-source" autocomplete="off"
          aria-describedby=${sourceId + '-hint'} onInput=${(e) => setSource(e.target.value.trim())} />
        <p class="hint" id=${sourceId + '-hint'}>Importing the same source again updates its titles instead of adding new ones (lower-case letters, digits, hyphens).</p>
      </div>
      <div class="actions">
        <button class="button primary" type="submit" disabled=${busy} data-testid="console-import-start">${busy ? 'Importing…' : 'Import'}</button>
        ${busy ? html`<button class="button" type="button" onClick=${() => ctrl.current && ctrl.current.abort()}>Stop following</button>` : null}
      </div>
    </form>
    <p class="muted" aria-live="polite">${note}</p>
    ${phase === 'sending' ? html`<${Spinner} label="Sending the file" />` : null}
    <${Message} kind="error" testid="import-error">${error}</${Message}>
    ${progress ? html`<section class="panel" aria-labelledby="import-progress-h" data-testid="import-progress"
        data-done=${progress.done ? 'true' : 'false'} data-lines=${progress.lines}>
      <h2 id="import-progress-h">${progress.done ? 'Import done' : 'Importing…'} <span class="muted">${progress.source}</span></h2>
      <dl class="facts counts" aria-live="polite">
        ${COUNTS.map(([k, label]) => html`<dt>${label}</dt><dd data-testid=${'import-' + k}>${progress[k]}</dd>`)}
        <dt>Speed</dt><dd>${Math.round(progress.linesPerSecond || 0)} lines/s</dd>
      </dl>
    </section>` : null}
    ${skippedCount ? html`<section class="panel" aria-labelledby="import-skipped-h">
      <h2 id="import-skipped-h">Skipped lines (<span data-testid="import-skipped-count">${skippedCount}</span>)</h2>
      ${skippedCount > skipped.length ? html`<p class="muted">The first ${skipped.length} are shown.</p>` : null}
      <div class="table-scroll"><table class="console-table" data-testid="import-skipped">
        <thead><tr><th scope="col">Line</th><th scope="col">Why</th></tr></thead>
        <tbody>${skipped.map((s) => html`<tr key=${s.line}><td>${s.line}</td><td>${s.reason}</td></tr>`)}</tbody>
      </table></div>
    </section>` : null}
  </div>`;
}

function pct(s) {
  const r = s && s.rebuild;
  return r && typeof r.progress === 'number' ? Math.round(100 * r.progress) : null;
}

function when(iso) {
  return iso ? formatDate(iso) + ' ' + new Date(iso).toLocaleTimeString() : '—';
}

export function IndexStatus() {
  const [status, setStatus] = useState(null);
  const [error, setError] = useState(null);
  const [rebuilding, setRebuilding] = useState(false);
  const [notice, setNotice] = useState(null);
  const load = () => api('/admin/search', { auth: true }).then(setStatus).catch((e) => setError(explain(e)));
  useEffect(() => { load(); }, []);
  const rebuild = async () => {
    setRebuilding(true);
    setError(null);
    setNotice(null);
    try {
      const r = await authFetch('/admin/search/rebuild', { method: 'POST', headers: { Accept: NDJSON } });
      if (!r.ok) {
        throw await failure(r);
      }
      await readLines(r, (s) => setStatus(s));
      setNotice('Rebuild finished: the new index is live.');
    } catch (e) {
      setError(explain(e));
    }
    setRebuilding(false);
    load();
  };
  const p = pct(status);
  return html`<div>
    <h1 tabindex="-1">Search index</h1>
    <${Message} kind="error">${error}</${Message}>
    <${Message} kind="success">${notice}</${Message}>
    ${status ? html`<section class="panel" data-testid="console-index-status">
      <h2>This node's index</h2>
      <dl class="facts">
        <dt>Generation</dt><dd>${status.generation}</dd>
        <dt>Titles</dt><dd data-testid="index-titles">${status.titles}</dd>
        <dt>Events applied</dt><dd>${status.events} (${status.eventsSinceStart} since start)</dd>
        <dt>Last event</dt><dd>${when(status.lastEventAt)}</dd>
        <dt>Tags</dt><dd>${status.tags}</dd>
        <dt>On start</dt><dd>${status.recovered}</dd>
        <dt>Last rebuild</dt><dd>${when(status.lastRebuildDoneAt)}</dd>
      </dl>
      ${status.rebuild ? html`<div aria-live="polite">
        <p>Rebuilding generation ${status.rebuild.generation}: ${status.rebuild.events} of ${status.rebuild.target} events, ${status.rebuild.titles} titles</p>
        <div class="meter" role="progressbar" aria-label="Rebuild" aria-valuemin="0" aria-valuemax="100" aria-valuenow=${p}
          data-testid="rebuild-progress"><div class="meter-bar" style=${{ width: (p || 0) + '%' }}></div></div>
      </div>` : null}
      <div class="actions">
        <button class="button" type="button" onClick=${load} disabled=${rebuilding}>Refresh</button>
        <button class="button primary" type="button" onClick=${rebuild} disabled=${rebuilding} data-testid="console-rebuild">
          ${rebuilding ? 'Rebuilding…' : 'Rebuild the index'}</button>
      </div>
      <p class="hint">A rebuild replays the journal into a new index beside the live one, which keeps answering until the new one takes over. It is this node's index only.</p>
    </section>` : error ? null : html`<${Spinner} />`}
  </div>`;
}
