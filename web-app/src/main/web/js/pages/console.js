// The operator console (/#/console…): titles (find, create, edit, publish), a title's media
// (upload with byte progress, the transcode pushed live) in console-media.js, catalog imports and
// the search index in console-ops.js. Shown to accounts whose access token carries the operator
// role; the API enforces it anyway (401/403 on every /admin call).
import { html, useState, useEffect, useId } from '../lib.js';
import { api, explain, roles, ApiError } from '../api.js';
import { go } from '../router.js';
import { Message, Spinner, RATINGS } from '../components.js';
import { violationsByField, splitList } from './console-parse.js';
import { Media } from './console-media.js';
import { Import, IndexStatus } from './console-ops.js';

const RECENT_KEY = 'reel.console.recent';

/** Titles opened or created in this browser, newest first (drafts have no listing in the API). */
function recent() {
  try {
    const list = JSON.parse(localStorage.getItem(RECENT_KEY) || '[]');
    return Array.isArray(list) ? list.filter((t) => t && /^[0-9]{1,20}$/.test(String(t.id))) : [];
  } catch (e) {
    return [];
  }
}

function remember(t) {
  const list = [{ id: String(t.id), title: t.title, year: t.year, status: t.status },
    ...recent().filter((r) => r.id !== String(t.id))].slice(0, 20);
  try {
    localStorage.setItem(RECENT_KEY, JSON.stringify(list));
  } catch (e) {
    // private mode: no list
  }
}

/** undefined while the token is read, then whether it carries the operator role. */
function useOperator() {
  const [op, setOp] = useState(undefined);
  useEffect(() => {
    let live = true;
    roles().then((r) => live && setOp(r.includes('operator')));
    return () => { live = false; };
  }, []);
  return op;
}

export function OperatorsOnly() {
  return html`<section class="console" data-testid="console-operators-only">
    <h1 tabindex="-1">Operators only</h1>
    <${Message} kind="error">The console is for Reel's operators. This account is not one; an operator can grant the role.</${Message}>
    <p><a href="#/home">Go to home</a></p>
  </section>`;
}

function Gate({ children }) {
  const op = useOperator();
  if (op === undefined) {
    return html`<${Spinner} label="Checking your role" />`;
  }
  return op ? children : html`<${OperatorsOnly} />`;
}

const TABS = [['titles', 'Titles'], ['new', 'New title'], ['import', 'Import'], ['index', 'Search index']];

function Tabs({ current }) {
  return html`<nav class="console-tabs" aria-label="Console">
    ${TABS.map(([id, label]) => html`<a href=${'#/console/' + id} class="nav-link" data-testid=${'console-tab-' + id}
      aria-current=${current === id ? 'page' : undefined}>${label}</a>`)}
  </nav>`;
}

export function Console({ route }) {
  const tab = route.id || 'titles';
  return html`<${Gate}>
    <section class="console" data-testid=${'console-' + tab}>
      <${Tabs} current=${tab} />
      ${tab === 'titles' ? html`<${Titles} />` : null}
      ${tab === 'new' ? html`<${NewTitle} />` : null}
      ${tab === 'import' ? html`<${Import} />` : null}
      ${tab === 'index' ? html`<${IndexStatus} />` : null}
    </section>
  </${Gate}>`;
}

function Titles() {
  const [q, setQ] = useState('');
  const [results, setResults] = useState(null);
  const [error, setError] = useState(null);
  const [id, setId] = useState('');
  const [idError, setIdError] = useState(null);
  const idField = useId();
  const qField = useId();
  const search = async (e) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await api('/search?q=' + encodeURIComponent(q.trim()) + '&limit=20', { auth: false });
      setResults(r.results || []);
    } catch (err) {
      setError(explain(err));
    }
  };
  const open = (e) => {
    e.preventDefault();
    const v = id.trim();
    if (!/^[0-9]{1,20}$/.test(v)) {
      setIdError('A title id is a number, e.g. 123456789.');
      return;
    }
    go('console/titles/' + v);
  };
  const mine = recent();
  return html`<div>
    <h1 tabindex="-1">Titles</h1>
    <div class="console-grid">
      <form class="panel" onSubmit=${open} aria-labelledby="console-open-h">
        <h2 id="console-open-h">Open by id</h2>
        <p class="hint">Drafts are not searchable and the API has no listing of titles: find a draft by its id
          (the create answer's Location, the import, or the list below).</p>
        <div class="field">
          <label for=${idField}>Title id</label>
          <input id=${idField} inputmode="numeric" autocomplete="off" value=${id} data-testid="console-open-id"
            aria-invalid=${idError ? 'true' : undefined} aria-describedby=${idError ? idField + '-err' : undefined}
            onInput=${(e) => { setId(e.target.value); setIdError(null); }} />
          ${idError ? html`<p class="field-error" id=${idField + '-err'}>${idError}</p>` : null}
        </div>
        <button class="button primary" type="submit">Open</button>
      </form>
      <form class="panel" onSubmit=${search} role="search" aria-labelledby="console-search-h">
        <h2 id="console-search-h">Search published titles</h2>
        <div class="field">
          <label for=${qField}>Title, cast or story</label>
          <input id=${qField} type="search" value=${q} onInput=${(e) => setQ(e.target.value)} data-testid="console-search" />
        </div>
        <button class="button" type="submit">Search</button>
      </form>
    </div>
    <${Message} kind="error">${error}</${Message}>
    ${results ? html`<section aria-labelledby="console-results-h">
      <h2 id="console-results-h">${results.length ? `Published titles (${results.length})` : 'No published title matches'}</h2>
      <${TitleList} titles=${results} />
    </section>` : null}
    ${mine.length ? html`<section aria-labelledby="console-recent-h">
      <h2 id="console-recent-h">Opened in this browser</h2>
      <${TitleList} titles=${mine} testid="console-recent" />
    </section>` : null}
  </div>`;
}

function TitleList({ titles, testid }) {
  return html`<ul class="console-list" data-testid=${testid}>
    ${titles.map((t) => html`<li key=${t.id}>
      <a href=${'#/console/titles/' + t.id} data-testid="console-title-link" data-title-id=${t.id}>
        <strong>${t.title}</strong>${t.year ? ` (${t.year})` : ''}</a>
      ${' '}<span class="muted">#${t.id}</span>
      ${t.status ? html` <span class="tag">${t.status}</span>` : null}
      ${t.playable ? html` <span class="tag">playable</span>` : null}
    </li>`)}
  </ul>`;
}

const EMPTY = { title: '', year: '', synopsis: '', cast: '', genres: '', maturityRating: '' };

function formOf(t) {
  return {
    title: t.title || '', year: t.year ? String(t.year) : '', synopsis: t.synopsis || '',
    cast: (t.cast || []).join(', '), genres: (t.genres || []).join(', '), maturityRating: t.maturityRating || '',
  };
}

function bodyOf(f) {
  const year = f.year.trim();
  return {
    title: f.title.trim(),
    year: /^-?[0-9]+$/.test(year) ? Number(year) : null,
    synopsis: f.synopsis.trim(),
    cast: splitList(f.cast),
    genres: splitList(f.genres),
    maturityRating: f.maturityRating || null,
  };
}

/** The metadata form (create and edit); 422 violations are shown next to their fields. */
function MetadataForm({ initial, submitLabel, onSubmit, testid }) {
  const [f, setF] = useState(initial);
  const [errors, setErrors] = useState({ form: [] });
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const base = useId();
  const set = (k) => (e) => setF({ ...f, [k]: e.target.value });
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setErrors({ form: [] });
    try {
      await onSubmit(bodyOf(f));
    } catch (err) {
      if (err instanceof ApiError && err.status === 422 && err.errors.length) {
        const by = violationsByField(err.errors);
        setErrors(by);
        setError(by.form.length ? by.form.join('; ') : 'Please correct the fields marked below.');
        setTimeout(() => {
          const bad = document.querySelector('[data-testid="' + testid + '"] [aria-invalid="true"]');
          if (bad) bad.focus();
        }, 0);
      } else {
        setError(explain(err));
      }
    }
    setBusy(false);
  };
  const field = (k, label, input, hint) => {
    const id = base + '-' + k;
    const errs = errors[k] || [];
    const described = [hint ? id + '-hint' : null, errs.length ? id + '-err' : null].filter(Boolean).join(' ') || undefined;
    return html`<div class="field">
      <label for=${id}>${label}</label>
      ${input({ id, 'aria-invalid': errs.length ? 'true' : undefined, 'aria-describedby': described, 'data-field': k })}
      ${hint ? html`<p class="hint" id=${id + '-hint'}>${hint}</p>` : null}
      ${errs.length ? html`<p class="field-error" id=${id + '-err'} data-testid=${'violation-' + k}>${errs.join('; ')}</p>` : null}
    </div>`;
  };
  return html`<form class="panel console-form" onSubmit=${submit} data-testid=${testid} novalidate>
    <${Message} kind="error">${error}</${Message}>
    ${field('title', 'Title', (a) => html`<input ...${a} value=${f.title} onInput=${set('title')} />`)}
    ${field('year', 'Year', (a) => html`<input ...${a} inputmode="numeric" value=${f.year} onInput=${set('year')} />`)}
    ${field('synopsis', 'Synopsis', (a) => html`<textarea ...${a} rows="4" value=${f.synopsis} onInput=${set('synopsis')}></textarea>`)}
    ${field('cast', 'Cast', (a) => html`<input ...${a} value=${f.cast} onInput=${set('cast')} />`, 'Names separated by commas.')}
    ${field('genres', 'Genres', (a) => html`<input ...${a} value=${f.genres} onInput=${set('genres')} />`, 'Separated by commas, e.g. Drama, Comedy.')}
    ${field('maturityRating', 'Maturity rating', (a) => html`<select ...${a} value=${f.maturityRating} onChange=${set('maturityRating')}>
      <option value="">Not set (counts as unrated)</option>
      ${RATINGS.map((r) => html`<option value=${r}>${r}</option>`)}
    </select>`)}
    <button class="button primary" type="submit" disabled=${busy} data-testid=${testid + '-submit'}>${busy ? 'Saving…' : submitLabel}</button>
  </form>`;
}

function NewTitle() {
  return html`<div>
    <h1 tabindex="-1">New title</h1>
    <p class="muted">A new title is a draft: it is not in the catalog until you publish it.</p>
    <${MetadataForm} initial=${EMPTY} submitLabel="Create draft" testid="console-create"
      onSubmit=${async (body) => {
        const t = await api('/admin/titles', { method: 'POST', body, auth: true });
        remember(t);
        go('console/titles/' + t.id, { created: '1' });
      }} />
  </div>`;
}

const STATUS = { draft: 'Draft', published: 'Published', retired: 'Retired' };

/** One title: its metadata (edit), publish / unpublish, and its media (console-media.js). */
export function ConsoleTitle({ route }) {
  return html`<${Gate}><${TitleEditor} id=${route.id} created=${route.query.get('created') === '1'} /></${Gate}>`;
}

function TitleEditor({ id, created }) {
  const [title, setTitle] = useState(null);
  const [error, setError] = useState(null);
  const [notice, setNotice] = useState(created ? 'Draft created. Upload a source, then publish.' : null);
  const [busy, setBusy] = useState(false);
  const [formKey, setFormKey] = useState(0);
  useEffect(() => {
    api('/admin/titles/' + id, { auth: true })
      .then((t) => { setTitle(t); remember(t); })
      .catch((e) => setError(e instanceof ApiError && e.status === 404 ? 'No title with id ' + id + '.' : explain(e)));
  }, [id]);
  const act = async (what) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const t = await api('/admin/titles/' + id + '/' + what, { method: 'POST', auth: true });
      setTitle(t);
      remember(t);
      setNotice(what === 'publish' ? 'Published: it is in the catalog within seconds.' : 'Unpublished: it leaves the catalog.');
    } catch (e) {
      setError(explain(e));
    }
    setBusy(false);
  };
  if (!title) {
    return html`<section class="console" data-testid="console-title">
      <h1 tabindex="-1">Title ${id}</h1>
      <${Message} kind="error">${error}</${Message}>
      ${error ? html`<p><a href="#/console/titles">Back to titles</a></p>` : html`<${Spinner} />`}
    </section>`;
  }
  return html`<section class="console" data-testid="console-title" data-title-id=${id} data-status=${title.status}>
    <${Tabs} current="" />
    <h1 tabindex="-1">${title.title} ${title.year ? html`<span class="muted">(${title.year})</span>` : null}</h1>
    <p class="title-meta">
      <span class="tag" data-testid="console-status">${STATUS[title.status] || title.status}</span>
      <span class="muted">#${id}</span>
      ${title.status === 'published' ? html`<a href=${'#/title/' + id}>Viewer page</a>` : null}
    </p>
    <${Message} kind="error">${error}</${Message}>
    <${Message} kind="success" testid="console-notice">${notice}</${Message}>
    <div class="actions">
      ${title.status === 'draft' ? html`<button class="button primary" type="button" disabled=${busy}
        data-testid="console-publish" onClick=${() => act('publish')}>Publish</button>` : null}
      ${title.status === 'published' ? html`<button class="button" type="button" disabled=${busy}
        data-testid="console-unpublish" onClick=${() => act('unpublish')}>Unpublish</button>` : null}
    </div>
    <div class="console-grid">
      <${Media} id=${id} onTitle=${(t) => setTitle((old) => ({ ...old, status: t.status, media: t.media }))} />
      <section aria-labelledby="console-meta-h">
        <h2 id="console-meta-h">Metadata</h2>
        ${title.status === 'retired' ? html`<p class="muted">A retired title cannot be changed.</p>` : html`
        <${MetadataForm} key=${formKey} initial=${formOf(title)} submitLabel="Save changes" testid="console-edit"
          onSubmit=${async (body) => {
            const t = await api('/admin/titles/' + id, { method: 'PUT', body, auth: true });
            setTitle(t);
            remember(t);
            setFormKey(formKey + 1);
            setNotice('Saved.');
          }} />`}
      </section>
    </div>
  </section>`;
}
