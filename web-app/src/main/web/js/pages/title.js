// A title's page: synopsis with its credit, cast, year, rating, genres; Play or Resume; My List;
// thumbs down / up / love; more like this.
import { html, useState, useEffect, useRef } from '../lib.js';
import { api, query, explain, isSignedIn, ApiError } from '../api.js';
import { Poster, Message, Spinner, Card, useCardGrid, formatTime } from '../components.js';
import { currentProfile } from '../store.js';
import { ThumbDown, ThumbUp, Heart } from '../icons.js';

const RATING_BUTTONS = [
  ['down', 'Not for me', ThumbDown],
  ['up', 'I like this', ThumbUp],
  ['love', 'Love this', Heart],
];

/** Whether the title is on the profile's list: the list has no single-title look-up, so page it. */
async function inList(profileId, titleId) {
  let cursor = null;
  for (let page = 0; page < 5; page++) {
    const p = await api(`/profiles/${encodeURIComponent(profileId)}/list` + query({ limit: 100, cursor }), { auth: true });
    if (p.items.some((i) => i.title.id === titleId)) {
      return true;
    }
    if (!p.next) {
      return false;
    }
    cursor = p.next;
  }
  return false;
}

export function Title({ route }) {
  const id = route.id;
  const profile = currentProfile();
  const pid = profile ? profile.profileId : null;
  const [title, setTitle] = useState(null);
  const [error, setError] = useState(null);
  const [more, setMore] = useState(null);
  const [listed, setListed] = useState(null);
  const [rating, setRating] = useState(null);
  const [progress, setProgress] = useState(null);
  const [notice, setNotice] = useState(null);
  const grid = useRef(null);
  useCardGrid(grid);

  useEffect(() => {
    let live = true;
    setTitle(null);
    setError(null);
    setMore(null);
    api(`/catalog/titles/${encodeURIComponent(id)}` + query({ profile: pid }))
      .then((t) => live && setTitle(t))
      .catch((e) => live && setError(e instanceof ApiError && e.status === 404
        ? 'This title is not available' + (profile ? ` for ${profile.name}.` : '.') : explain(e)));
    api(`/catalog/titles/${encodeURIComponent(id)}/more-like-this` + query({ profile: pid, limit: 12 }))
      .then((m) => live && setMore(m.items || []))
      .catch(() => live && setMore([]));
    if (pid && isSignedIn()) {
      const base = `/profiles/${encodeURIComponent(pid)}`;
      api(base + '/ratings', { auth: true }).then((r) => live && setRating((r.ratings || {})[id] || null)).catch(() => {});
      api(base + '/continue-watching' + query({ limit: 100 }), { auth: true })
        .then((c) => live && setProgress((c.items || []).find((i) => i.title.id === id) || null)).catch(() => {});
      inList(pid, id).then((v) => live && setListed(v)).catch(() => {});
    }
    return () => {
      live = false;
    };
  }, [id, pid]);

  const toggleList = async () => {
    const path = `/profiles/${encodeURIComponent(pid)}/list/${encodeURIComponent(id)}`;
    try {
      await api(path, { method: listed ? 'DELETE' : 'PUT', auth: true });
      setListed(!listed);
      setNotice(listed ? 'Removed from My List.' : 'Added to My List.');
    } catch (e) {
      setNotice(explain(e));
    }
  };
  const rate = async (value) => {
    const path = `/profiles/${encodeURIComponent(pid)}/ratings/${encodeURIComponent(id)}`;
    try {
      if (rating === value) {
        await api(path, { method: 'DELETE', auth: true });
        setRating(null);
        setNotice('Rating removed.');
      } else {
        await api(path, { method: 'PUT', auth: true, body: { rating: value } });
        setRating(value);
        setNotice(value === 'down' ? 'Thanks. We will show you less like this.' : 'Thanks for rating.');
      }
    } catch (e) {
      setNotice(explain(e));
    }
  };

  if (error) {
    return html`<section class="title-page" data-testid="title-page">
      <h1 tabindex="-1">Not available</h1><${Message} kind="error">${error}</${Message}>
      <p><a href="#/home">Back to home</a></p></section>`;
  }
  if (!title) {
    return html`<section class="title-page"><h1 class="visually-hidden" tabindex="-1">Loading title</h1><${Spinner} /></section>`;
  }
  const resume = progress && progress.positionSeconds > 0;
  return html`<article class="title-page" data-testid="title-page" data-title-id=${title.id}>
    <div class="title-hero">
      <${Poster} card=${title} size="large" />
      <div class="title-info">
        <h1 tabindex="-1" data-testid="title-name">${title.title}</h1>
        <p class="title-meta">
          ${title.year ? html`<span>${title.year}</span>` : null}
          ${title.maturityRating ? html`<span class="tag" aria-label=${'Rated ' + title.maturityRating}>${title.maturityRating}</span>` : null}
          ${title.genres && title.genres.length ? html`<span class="genres">${title.genres.join(' · ')}</span>` : null}
        </p>
        <div class="title-actions">
          ${profile ? html`<a class="button primary play" href=${'#/watch/' + encodeURIComponent(title.id)} data-testid="play">
              ${resume ? `Resume from ${formatTime(progress.positionSeconds)}` : 'Play'}</a>`
            : html`<a class="button primary" href=${isSignedIn() ? '#/profiles' : '#/signin'} data-testid="play">
              ${isSignedIn() ? 'Choose a profile to play' : 'Sign in to play'}</a>`}
          ${profile ? html`<button type="button" class="button" onClick=${toggleList} aria-pressed=${!!listed}
              disabled=${listed === null} data-testid="my-list">${listed ? '✓ In My List' : '+ My List'}</button>` : null}
          ${profile ? html`<div class="rating-buttons" role="group" aria-label="Rate this title">
            ${RATING_BUTTONS.map(([value, label, icon]) => html`<button type="button" key=${value}
                class=${'button icon' + (rating === value ? ' active' : '')} aria-pressed=${rating === value}
                aria-label=${label} title=${label} onClick=${() => rate(value)} data-testid=${'rate-' + value}>
                <${icon} /></button>`)}
          </div>` : null}
        </div>
        ${resume ? html`<div class="progress wide" role="progressbar" aria-label="Watched" aria-valuemin="0"
            aria-valuemax="100" aria-valuenow=${progress.percent}><div class="progress-bar"
            style=${{ width: progress.percent + '%' }}></div></div>` : null}
        <p class="visually-hidden" role="status" aria-live="polite">${notice}</p>
        ${notice ? html`<p class="notice" aria-hidden="true">${notice}</p>` : null}
        ${title.synopsis ? html`<div class="synopsis">
          <h2 class="visually-hidden">Synopsis</h2>
          <p data-testid="synopsis">${title.synopsis}</p>
          ${title.synopsisCredit ? html`<p class="credit" data-testid="synopsis-credit">${credit(title.synopsisCredit)}</p>` : null}
        </div>` : null}
        ${title.cast && title.cast.length ? html`<div class="cast"><h2>Cast</h2>
          <p data-testid="cast">${title.cast.join(', ')}</p></div>` : null}
      </div>
    </div>
    <section class="row" aria-labelledby="more-like-this">
      <h2 class="row-title" id="more-like-this">More like this</h2>
      ${more === null ? html`<${Spinner} />` : more.length === 0 ? html`<p class="muted">Nothing similar yet.</p>`
        : html`<div class="row-cards" role="list" ref=${grid} data-testid="more-like-this">
          ${more.map((s, i) => html`<div role="listitem" class="row-item" key=${s.title.id}>
            <${Card} card=${s.title} why=${s.why} row=${0} col=${i} /></div>`)}
        </div>`}
    </section>
  </article>`;
}

/**
 * The synopsis credit as the API words it ("Plot summary from Wikipedia, licensed under CC BY-SA
 * 4.0"); the licence's name links to the licence. (The API gives no link to the article itself.)
 */
function credit(text) {
  const licence = 'CC BY-SA 4.0';
  const at = text.indexOf(licence);
  if (at < 0) {
    return text;
  }
  return html`${text.slice(0, at)}<a href="https://creativecommons.org/licenses/by-sa/4.0/"
    rel="license noopener noreferrer" target="_blank">${licence}</a>${text.slice(at + licence.length)}`;
}
