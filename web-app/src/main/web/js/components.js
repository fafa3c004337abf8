// Shared pieces: the header, cards and rows with arrow-key (remote-style) navigation, messages,
// labelled fields.
import { html, useEffect, useRef, useId } from './lib.js';
import { highlightParts, hue } from './format.js';

export { formatTime, formatMoney, formatDate, formatWhen } from './format.js';

export const POSTER_W = 200;
export const POSTER_H = 300;

/**
 * A poster: the title's image when the API gives one (a packaged title's frame), else a generated
 * one: the title on a gradient of its own colour, over the placeholder artwork.
 */
export function Poster({ card, size = 'card' }) {
  const url = card.posterUrl || card.poster;
  if (url) {
    return html`<img class=${'poster poster-image poster-' + size} src=${url} alt="" width=${POSTER_W} height=${POSTER_H}
      loading="lazy" decoding="async" />`;
  }
  return html`<div class=${'poster poster-generated poster-' + size} style=${{ '--hue': hue(card.id) }}
      aria-hidden="true">
    <img class="poster-art" src="/app/img/poster-placeholder.svg" alt="" width=${POSTER_W}
      height=${POSTER_H} loading="lazy" decoding="async" />
    <span class="poster-title">${card.title}</span>
    ${card.year ? html`<span class="poster-year">${card.year}</span>` : null}
  </div>`;
}

/** A title's card: a link to its page (Enter opens it). */
export function Card({ card, progress, why, row, col }) {
  const label = `${card.title}${card.year ? ' (' + card.year + ')' : ''}`
    + (progress ? `, ${progress.percent}% watched` : '');
  return html`<a class="card" href=${'#/title/' + encodeURIComponent(card.id)}
      data-testid="card" data-title-id=${card.id} data-row=${row} data-col=${col}
      tabindex=${col === 0 ? 0 : -1} aria-label=${label}>
    <${Poster} card=${card} />
    ${progress ? html`<div class="progress" role="progressbar" aria-label="Watched"
        aria-valuemin="0" aria-valuemax="100" aria-valuenow=${progress.percent}>
        <div class="progress-bar" style=${{ width: Math.max(2, Math.min(100, progress.percent)) + '%' }}></div>
      </div>` : null}
    <span class="card-caption">
      <span class="card-title">${card.title}</span>
      <span class="card-meta">${[card.year || null, card.maturityRating || null].filter(Boolean).join(' · ')}</span>
      ${why ? html`<span class="card-why">${why}</span>` : null}
    </span>
  </a>`;
}

/** One horizontally scrolling row of cards under its heading. */
export function Row({ row, index }) {
  const headingId = useId();
  return html`<section class="row" aria-labelledby=${headingId} data-testid=${'row-' + row.id}
      data-row-id=${row.id}>
    <h2 class="row-title" id=${headingId}>${row.title}</h2>
    <div class="row-cards" role="list">
      ${row.titles.map((card, i) => html`<div role="listitem" class="row-item" key=${card.id}>
        <${Card} card=${card} row=${index} col=${i}
          progress=${row.progress ? row.progress[i] : null} why=${row.why ? row.why[i] : null} /></div>`)}
    </div>
  </section>`;
}

/**
 * Roving focus over a grid of cards (data-row, data-col): left/right within a row, up/down to the
 * nearest card of the row above or below, Home/End to a row's ends. One card per row is in the
 * tab order (the last one focused), so Tab moves between rows.
 */
export function useCardGrid(ref) {
  useEffect(() => {
    const root = ref.current;
    if (!root) {
      return undefined;
    }
    const cardsOf = (row) => Array.from(root.querySelectorAll(`.card[data-row="${row}"]`));
    const onKey = (e) => {
      const card = e.target.closest && e.target.closest('.card[data-row]');
      if (!card || e.altKey || e.ctrlKey || e.metaKey) {
        return;
      }
      const row = Number(card.dataset.row);
      const col = Number(card.dataset.col);
      let target = null;
      if (e.key === 'ArrowRight') {
        target = cardsOf(row)[col + 1];
      } else if (e.key === 'ArrowLeft') {
        target = cardsOf(row)[col - 1];
      } else if (e.key === 'Home') {
        target = cardsOf(row)[0];
      } else if (e.key === 'End') {
        const all = cardsOf(row);
        target = all[all.length - 1];
      } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        const rows = Array.from(new Set(Array.from(root.querySelectorAll('.card[data-row]'),
          (c) => Number(c.dataset.row)))).sort((a, b) => a - b);
        const next = rows[rows.indexOf(row) + (e.key === 'ArrowDown' ? 1 : -1)];
        if (next !== undefined) {
          const cards = cardsOf(next);
          // The card nearest the same place on screen, not the same index.
          const x = card.getBoundingClientRect().left;
          target = cards.reduce((best, c) => (Math.abs(c.getBoundingClientRect().left - x)
            < Math.abs(best.getBoundingClientRect().left - x) ? c : best), cards[0]);
        }
      } else {
        return;
      }
      e.preventDefault();
      if (target) {
        target.focus();
      }
    };
    const onFocus = (e) => {
      const card = e.target.closest && e.target.closest('.card[data-row]');
      if (!card) {
        return;
      }
      for (const c of cardsOf(card.dataset.row)) {
        c.tabIndex = c === card ? 0 : -1;
      }
      card.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: 'smooth' });
    };
    root.addEventListener('keydown', onKey);
    root.addEventListener('focusin', onFocus);
    return () => {
      root.removeEventListener('keydown', onKey);
      root.removeEventListener('focusin', onFocus);
    };
  }, [ref]);
}

/** A message: role=alert for errors (read out at once), status otherwise. */
export function Message({ kind = 'info', children, testid }) {
  if (!children) {
    return null;
  }
  return html`<div class=${'message message-' + kind} role=${kind === 'error' ? 'alert' : 'status'}
    data-testid=${testid || 'message-' + kind}>${children}</div>`;
}

/** A labelled input; `hint` is tied to it with aria-describedby. */
export function Field({ label, hint, id, ...input }) {
  const auto = useId();
  const fid = id || auto;
  return html`<div class="field">
    <label for=${fid}>${label}</label>
    <input id=${fid} aria-describedby=${hint ? fid + '-hint' : undefined} ...${input} />
    ${hint ? html`<p class="hint" id=${fid + '-hint'}>${hint}</p>` : null}
  </div>`;
}

/** Moves focus to the page's main heading when the page changes (screen readers hear it). */
export function useFocusHeading(dep) {
  const ref = useRef(null);
  useEffect(() => {
    if (ref.current) {
      ref.current.focus({ preventScroll: false });
    }
  }, [dep]);
  return ref;
}

/**
 * Search highlights: the API sends HTML-escaped text with matches in <b>. They are rendered as
 * text and <b> elements, never as HTML.
 */
export function Highlighted({ text }) {
  return highlightParts(text).map((p) => (p.bold ? html`<b>${p.text}</b>` : p.text));
}

export function Spinner({ label = 'Loading' }) {
  return html`<div class="spinner" role="status" aria-live="polite"><span class="visually-hidden">${label}…</span></div>`;
}

export const RATINGS = ['G', 'PG', 'PG-13', 'R', 'NC-17', 'NR'];
