// Search as you type: suggestions (GET /search/suggest, debounced) while typing, then results
// (GET /search: typo-tolerant, with highlights) and facet filters (genre, decade, rating) from
// the answer's facets, as the chosen profile. The query is kept in the URL (#/search?q=…).
import { html, useState, useEffect, useRef } from '../lib.js';
import { api, query, explain } from '../api.js';
import { replaceQuery } from '../router.js';
import { Message, Poster, Highlighted, Spinner } from '../components.js';
import { currentProfile } from '../store.js';

const SUGGEST_MS = 150;
const SEARCH_MS = 450;
const PAGE = 20;

/** The facet names of the answer and the filter parameters they set. */
const FACETS = [
  ['genre', 'genre', 'Genre'],
  ['decade', 'decade', 'Decade'],
  ['maturityRating', 'rating', 'Rating'],
];

export function Search({ route }) {
  const profile = currentProfile();
  const p = profile ? profile.profileId : null;
  const [text, setText] = useState(route.query.get('q') || '');
  const [filters, setFilters] = useState({
    genre: route.query.get('genre') || '', decade: route.query.get('decade') || '', rating: route.query.get('rating') || '',
  });
  const [suggestions, setSuggestions] = useState(null);
  const [answer, setAnswer] = useState(null);
  const [more, setMore] = useState([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const input = useRef(null);
  const list = useRef(null);

  useEffect(() => {
    if (input.current) input.current.focus();
  }, []);

  // Suggestions, quickly; the full search after a longer pause (or on Enter).
  useEffect(() => {
    const q = text.trim();
    if (q.length < 2) {
      setSuggestions(null);
      return undefined;
    }
    const ctl = new AbortController();
    const t = setTimeout(() => {
      api('/search/suggest' + query({ q, profile: p, limit: 8 }), { signal: ctl.signal })
        .then(setSuggestions).catch(() => {});
    }, SUGGEST_MS);
    return () => {
      clearTimeout(t);
      ctl.abort();
    };
  }, [text]);

  useEffect(() => {
    const q = text.trim();
    replaceQuery('search', { q, ...filters });
    if (!q) {
      setAnswer(null);
      return undefined;
    }
    const ctl = new AbortController();
    const t = setTimeout(() => {
      setBusy(true);
      api('/search' + query({ q, profile: p, limit: PAGE, ...filters }), { signal: ctl.signal })
        .then((a) => {
          setAnswer(a);
          setMore([]);
          setError(null);
          setBusy(false);
        })
        .catch((e) => {
          if (e.name !== 'AbortError') {
            setError(explain(e));
            setBusy(false);
          }
        });
    }, SEARCH_MS);
    return () => {
      clearTimeout(t);
      ctl.abort();
    };
  }, [text, filters.genre, filters.decade, filters.rating]);

  const next = more.length ? more[more.length - 1].next : answer && answer.next;
  const loadMore = () => api('/search' + query({ q: text.trim(), profile: p, limit: PAGE, cursor: next, ...filters }))
    .then((a) => setMore([...more, a])).catch((e) => setError(explain(e)));
  const results = answer ? [answer, ...more].flatMap((a) => a.results) : [];
  const onInputKey = (e) => {
    if (e.key === 'ArrowDown' && list.current) {
      const first = list.current.querySelector('a,button');
      if (first) {
        e.preventDefault();
        first.focus();
      }
    } else if (e.key === 'Escape') {
      setSuggestions(null);
    }
  };
  const onListKey = (e) => {
    const items = Array.from(list.current.querySelectorAll('a,button'));
    const i = items.indexOf(document.activeElement);
    if (e.key === 'ArrowDown' && i < items.length - 1) {
      e.preventDefault();
      items[i + 1].focus();
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      (i > 0 ? items[i - 1] : input.current).focus();
    } else if (e.key === 'Escape') {
      setSuggestions(null);
      input.current.focus();
    }
  };
  const showSuggestions = suggestions && (suggestions.titles.length || suggestions.people.length);
  return html`<section class="search" data-testid="search">
    <h1 tabindex="-1">Search</h1>
    <form role="search" class="search-form" onSubmit=${(e) => { e.preventDefault(); setSuggestions(null); }}>
      <label for="search-q" class="visually-hidden">Search titles, people and stories</label>
      <input id="search-q" ref=${input} type="search" value=${text} autocomplete="off" spellcheck="false"
        placeholder="Titles, people, or the story in your own words" maxlength="200"
        aria-describedby="search-hint" aria-controls="search-suggestions"
        onInput=${(e) => setText(e.target.value)} onKeyDown=${onInputKey} data-testid="search-input" />
      <p id="search-hint" class="visually-hidden">Suggestions appear below as you type; press the down arrow to reach them.</p>
    </form>
    <div id="search-suggestions" class="suggestions" ref=${list} onKeyDown=${onListKey} hidden=${!showSuggestions}>
      ${showSuggestions ? html`<ul aria-label="Suggestions" data-testid="suggestions">
        ${suggestions.titles.map((c) => html`<li key=${'t' + c.id}><a href=${'#/title/' + c.id}
            data-testid="suggestion">${c.title}${c.year ? html` <span class="muted">${c.year}</span>` : null}</a></li>`)}
        ${suggestions.people.map((person) => html`<li key=${'p' + person.name}><button type="button" class="link"
            data-testid="suggestion-person" onClick=${() => { setText(person.name); setSuggestions(null); input.current.focus(); }}>
            ${person.name} <span class="muted">${person.titles} titles</span></button></li>`)}
      </ul>` : null}
    </div>
    <${Message} kind="error">${error}</${Message}>
    ${answer ? html`<div class="search-body">
      <aside class="facets" aria-label="Filters">
        ${FACETS.map(([facet, param, label]) => {
          const values = (answer.facets && answer.facets[facet]) || [];
          if (!values.length && !filters[param]) return null;
          return html`<div class="field" key=${facet}>
            <label for=${'facet-' + param}>${label}</label>
            <select id=${'facet-' + param} value=${filters[param]} data-testid=${'facet-' + param}
                onChange=${(e) => setFilters({ ...filters, [param]: e.target.value })}>
              <option value="">Any</option>
              ${filters[param] && !values.some((v) => v.value === filters[param])
                ? html`<option value=${filters[param]}>${filters[param]}</option>` : null}
              ${values.map((v) => html`<option value=${v.value}>${v.value} (${v.count})</option>`)}
            </select>
          </div>`;
        })}
      </aside>
      <div class="results">
        <p role="status" class="muted" data-testid="result-count">${busy ? 'Searching…'
          : `${answer.total} ${answer.total === 1 ? 'title' : 'titles'} for “${answer.query}”`}</p>
        <ol class="result-list">
          ${results.map((r) => html`<li key=${r.id} class="result">
            <a href=${'#/title/' + r.id} class="result-link" data-testid="result" data-title-id=${r.id}>
              <${Poster} card=${r} size="small" />
              <span class="result-text">
                <span class="result-title">${r.highlights && r.highlights.title
                  ? html`<${Highlighted} text=${r.highlights.title} />` : r.title}
                  <span class="muted"> ${r.year || ''}${r.maturityRating ? ' · ' + r.maturityRating : ''}</span></span>
                ${r.cast && r.cast.length ? html`<span class="result-cast">${r.cast.slice(0, 4).join(', ')}</span>` : null}
                ${Object.entries(r.highlights || {}).filter(([k]) => k !== 'title').slice(0, 2).map(([k, v]) => html`
                  <span class="result-why" key=${k}><${Highlighted} text=${v} /></span>`)}
              </span>
            </a>
          </li>`)}
        </ol>
        ${next ? html`<button type="button" class="button" onClick=${loadMore} data-testid="more-results">More results</button>` : null}
      </div>
    </div>` : busy ? html`<${Spinner} label="Searching" />` : null}
  </section>`;
}
