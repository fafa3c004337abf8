// A title's media in the console: upload a source (XMLHttpRequest, for its upload progress, which
// fetch does not give), then the title pushed live by GET /admin/titles/<id>/watch (server-sent
// events read with fetch, since EventSource cannot send the Authorization header): status, percent,
// ETA, the package's renditions, or the failure with ffmpeg's log; cancel while it runs.
import { html, useState, useEffect, useRef, useId } from '../lib.js';
import { api, explain, accessToken, authFetch, failure, ApiError } from '../api.js';
import { Message } from '../components.js';
import { SseParser, backoffMs, formatBytes, formatEta } from './console-parse.js';

/** No byte for this long (the server sends a keep-alive every 15 s): the stream is dead. */
const IDLE_MS = 45_000;

const STATUS = {
  none: 'No source yet',
  uploaded: 'Uploaded, waiting for a transcoder',
  probing: 'Probing the source',
  transcoding: 'Transcoding',
  packaged: 'Packaged',
  failed: 'Failed',
  cancelled: 'Cancelled',
};
const RUNNING = new Set(['uploaded', 'probing', 'transcoding']);

/**
 * The title as the server pushes it: { title, connection: connecting|live|reconnecting|stopped,
 * error }. Reconnects with backoff when the stream ends or goes quiet; stops on 401/403/404.
 */
function useWatch(id, onTitle) {
  const [title, setTitle] = useState(null);
  const [connection, setConnection] = useState('connecting');
  const [error, setError] = useState(null);
  const [reconnects, setReconnects] = useState(0);
  const handler = useRef(onTitle);
  handler.current = onTitle;
  useEffect(() => {
    const ctrl = new AbortController();
    let stopped = false;
    let attempt = 0;
    let timer = null;
    const retry = () => {
      if (stopped) return;
      setConnection('reconnecting');
      setReconnects((n) => n + 1);
      timer = setTimeout(connect, backoffMs(attempt++));
    };
    const connect = async () => {
      let r;
      try {
        r = await authFetch('/admin/titles/' + id + '/watch', {
          headers: { Accept: 'text/event-stream' }, signal: ctrl.signal,
        });
      } catch (e) {
        if (stopped) return;
        if (e instanceof ApiError && e.status === 401) {
          stopped = true;
          setConnection('stopped');
          setError(explain(e));
          return;
        }
        retry();
        return;
      }
      if (!r.ok) {
        const err = await failure(r);
        if ([401, 403, 404].includes(r.status)) {
          stopped = true;
          setConnection('stopped');
          setError(explain(err));
          return;
        }
        retry();
        return;
      }
      setConnection('live');
      setError(null);
      const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
      const parser = new SseParser((ev) => {
        if (ev.type !== 'title') return;
        attempt = 0;
        try {
          const t = JSON.parse(ev.data);
          setTitle(t);
          if (handler.current) handler.current(t);
        } catch (e) {
          // not JSON: ignore this event
        }
      });
      let idle = null;
      const arm = () => {
        clearTimeout(idle);
        idle = setTimeout(() => reader.cancel().catch(() => {}), IDLE_MS);
      };
      arm();
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          arm();
          parser.push(value);
        }
      } catch (e) {
        // aborted or the connection broke: reconnect below unless we are leaving
      }
      clearTimeout(idle);
      retry();
    };
    connect();
    return () => {
      stopped = true;
      ctrl.abort();
      clearTimeout(timer);
    };
  }, [id]);
  return { title, connection, error, reconnects };
}

/** PUTs `file` as the title's source; `onProgress(loaded, total)`; resolves { status, problem }. */
async function putSource(id, file, onProgress, xhrRef) {
  const token = await accessToken();
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhrRef.current = xhr;
    xhr.open('PUT', '/admin/titles/' + id + '/source?filename=' + encodeURIComponent(file.name));
    xhr.setRequestHeader('Authorization', 'Bearer ' + token);
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.upload.onload = () => onProgress(file.size, file.size);
    xhr.onload = () => {
      let problem = null;
      try {
        problem = JSON.parse(xhr.responseText);
      } catch (e) {
        problem = null;
      }
      resolve({ status: xhr.status, problem });
    };
    xhr.onerror = () => reject(new Error('The upload broke off (network). Nothing was stored.'));
    xhr.onabort = () => reject(new Error('Upload cancelled. Nothing was stored.'));
    xhr.send(file);
  });
}

function Bar({ percent, label, testid }) {
  const p = Math.max(0, Math.min(100, Number(percent) || 0));
  return html`<div class="meter" role="progressbar" aria-label=${label} aria-valuemin="0" aria-valuemax="100"
      aria-valuenow=${Math.round(p)} data-testid=${testid} data-percent=${Math.round(p)}>
    <div class="meter-bar" style=${{ width: p + '%' }}></div>
  </div>`;
}

function Upload({ id, disabled }) {
  const [file, setFile] = useState(null);
  const [progress, setProgress] = useState(null); // { loaded, total }
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [done, setDone] = useState(null);
  const xhr = useRef(null);
  const input = useId();
  const send = async (e) => {
    e.preventDefault();
    if (!file) {
      setError('Choose a video file first.');
      return;
    }
    setBusy(true);
    setError(null);
    setDone(null);
    setProgress({ loaded: 0, total: file.size });
    try {
      const r = await putSource(id, file, (loaded, total) => setProgress({ loaded, total }), xhr);
      if (r.status === 202 || r.status === 200) {
        setDone(`Uploaded ${file.name} (${formatBytes(file.size)}). The transcode starts on its own.`);
      } else {
        const detail = r.problem && (r.problem.detail || r.problem.title);
        const why = { 413: 'Too large', 415: 'Not a media type Reel accepts', 422: 'Not accepted', 401: 'Signed out', 403: 'Operators only', 409: 'Conflict' }[r.status];
        setError(`Upload refused (${r.status}${why ? ', ' + why : ''}): ${detail || 'no reason given'}.`);
      }
    } catch (err) {
      setError(err.message);
    }
    xhr.current = null;
    setBusy(false);
  };
  const pct = progress && progress.total ? (100 * progress.loaded) / progress.total : 0;
  return html`<form class="upload" onSubmit=${send} data-testid="console-upload">
    <h3>Upload a source</h3>
    <div class="field">
      <label for=${input}>Video file</label>
      <input id=${input} type="file" accept="video/*,.mp4,.mov,.mkv,.webm,.ts,.mxf,.avi" data-testid="console-file"
        aria-describedby=${input + '-hint'} disabled=${busy || disabled}
        onChange=${(e) => { setFile(e.target.files[0] || null); setError(null); setDone(null); setProgress(null); }} />
      <p class="hint" id=${input + '-hint'}>MP4/MOV, Matroska/WebM, MPEG-TS, MXF or AVI; up to 20 GiB. A new source keeps the current package playing until its own is packaged.</p>
    </div>
    ${progress ? html`<div aria-live="polite">
      <${Bar} percent=${pct} label="Upload" testid="upload-progress" />
      <p class="muted" data-testid="upload-bytes">${formatBytes(progress.loaded)} of ${formatBytes(progress.total)} (${Math.floor(pct)} %)</p>
    </div>` : null}
    <${Message} kind="error" testid="upload-error">${error}</${Message}>
    <${Message} kind="success" testid="upload-done">${done}</${Message}>
    <div class="actions">
      <button class="button primary" type="submit" disabled=${busy || disabled || !file} data-testid="console-upload-submit">
        ${busy ? 'Uploading…' : 'Upload'}</button>
      ${busy ? html`<button class="button" type="button" onClick=${() => xhr.current && xhr.current.abort()}>Stop upload</button>` : null}
    </div>
  </form>`;
}

function Renditions({ pkg }) {
  return html`<div class="table-scroll"><table class="console-table" data-testid="console-renditions">
    <caption>Package v${pkg.sourceVersion}: ${Math.round(pkg.durationSeconds)} s, packaged ${new Date(pkg.packagedAt).toLocaleString()}</caption>
    <thead><tr><th scope="col">Rendition</th><th scope="col">Size</th><th scope="col">Bitrate</th><th scope="col">Codecs</th></tr></thead>
    <tbody>
      ${(pkg.renditions || []).map((r) => html`<tr key=${r.id}>
        <td>${r.id} <span class="muted">${r.kind}</span></td>
        <td>${r.width ? `${r.width}×${r.height}${r.fps ? ' @ ' + Math.round(r.fps) : ''}` : '—'}</td>
        <td>${r.bitrateKbps} kb/s</td>
        <td><code>${r.codecs}</code></td>
      </tr>`)}
    </tbody>
  </table></div>`;
}

export function Media({ id, onTitle }) {
  const { title, connection, error, reconnects } = useWatch(id, onTitle);
  const [log, setLog] = useState(null);
  const [actionError, setActionError] = useState(null);
  const [busy, setBusy] = useState(false);
  const media = title ? title.media : null;
  const status = media ? media.status : null;
  const job = media ? media.job : null;
  const cancel = async () => {
    setBusy(true);
    setActionError(null);
    try {
      await api('/admin/titles/' + id + '/transcode', { method: 'DELETE', auth: true });
    } catch (e) {
      setActionError(explain(e));
    }
    setBusy(false);
  };
  const showLog = async () => {
    setActionError(null);
    try {
      const text = await api('/admin/titles/' + id + '/transcode/log', { auth: true });
      setLog(typeof text === 'string' ? text : JSON.stringify(text, null, 2));
    } catch (e) {
      setActionError(e instanceof ApiError && e.status === 404 ? 'No ffmpeg log for this job.' : explain(e));
    }
  };
  const eta = job && RUNNING.has(status) ? formatEta(job.etaSeconds) : null;
  return html`<section class="panel" aria-labelledby="console-media-h" data-testid="console-media"
      data-media-status=${status || ''} data-percent=${media ? Math.round(media.percent) : ''}>
    <h2 id="console-media-h">Media</h2>
    <p class="muted" aria-live="polite" data-testid="console-connection" data-state=${connection}>
      ${connection === 'live' ? 'Live: changes appear as they happen.'
        : connection === 'reconnecting' ? `Connection lost; reconnecting… (${reconnects})`
          : connection === 'stopped' ? 'Not following this title.' : 'Connecting…'}</p>
    <${Message} kind="error">${error}</${Message}>
    ${media ? html`<div aria-live="polite">
      <p><strong data-testid="console-media-status">${STATUS[status] || status}</strong>
        ${media.playable ? html` <span class="tag" data-testid="console-playable">playable</span>` : null}</p>
      ${RUNNING.has(status) || status === 'packaged' ? html`<${Bar} percent=${media.percent} label="Transcode" testid="transcode-progress" />
        <p class="muted">${Math.floor(media.percent)} %${eta ? ' · ' + eta + ' left' : ''}${job && job.phase ? ' · ' + job.phase : ''}</p>` : null}
      ${job ? html`<p class="muted">Source: ${job.fileName} (${formatBytes(job.sizeBytes)}${job.durationSeconds ? ', ' + Math.round(job.durationSeconds) + ' s' : ''}), attempt ${job.attempt}</p>` : null}
      ${status === 'failed' ? html`<div class="message message-error" role="alert" data-testid="console-failure">
        Transcode failed: ${(job && job.failure) || 'no reason given'}</div>
        <button class="button" type="button" onClick=${showLog} data-testid="console-show-log">Show ffmpeg log</button>` : null}
      ${RUNNING.has(status) ? html`<div class="actions"><button class="button danger" type="button" disabled=${busy}
        onClick=${cancel} data-testid="console-cancel">Cancel transcode</button></div>` : null}
      ${media.current ? html`<${Renditions} pkg=${media.current} />` : null}
    </div>` : null}
    <${Message} kind="error">${actionError}</${Message}>
    ${log !== null ? html`<details open class="console-log"><summary>ffmpeg log</summary><pre data-testid="console-log">${log}</pre></details>` : null}
    <${Upload} id=${id} disabled=${!title || title.status === 'retired'} />
  </section>`;
}
