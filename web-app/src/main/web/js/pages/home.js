// Home: the rows of GET /home (as the chosen profile: continue watching with progress, My List,
// top picks and "because you watched" with their reasons, trending, new, genres), each a
// horizontally scrolling row of cards, navigable with the arrow keys like a TV remote.
import { html, useState, useEffect, useRef } from '../lib.js';
import { api, query, explain, ApiError } from '../api.js';
import { Row, Message, Spinner, useCardGrid } from '../components.js';
import { chooseProfile, currentProfile } from '../store.js';
import { go } from '../router.js';

export function Home() {
  const profile = currentProfile();
  const [home, setHome] = useState(null);
  const [error, setError] = useState(null);
  const grid = useRef(null);
  useCardGrid(grid);
  useEffect(() => {
    let live = true;
    let timer = null;
    const load = (attempt) => api('/home' + query({ profile: profile ? profile.profileId : null, limit: 20 }))
      .then((h) => live && setHome(h))
      .catch((e) => {
        if (!live) return;
        if (e instanceof ApiError && e.status === 404 && profile) {
          // A profile made a moment ago reaches the read side within seconds; one removed (here
          // or on another device) never does: then choose again.
          if (attempt < 5) {
            setError(null);
            timer = setTimeout(() => load(attempt + 1), 1000 * (attempt + 1));
            return;
          }
          chooseProfile(null);
          go('profiles');
          return;
        }
        setError(explain(e));
      });
    load(0);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [profile && profile.profileId]);
  const rows = home ? home.rows.filter((r) => r.titles && r.titles.length) : [];
  return html`<section class="home" data-testid="home">
    <h1 class="visually-hidden" tabindex="-1">${profile ? `Home for ${profile.name}` : 'Home'}</h1>
    <${Message} kind="error">${error}</${Message}>
    ${!home && !error ? html`<${Spinner} label="Loading your rows" />` : null}
    ${home && rows.length === 0 ? html`<p class="empty">Nothing to show yet. Try <a href="#/search">search</a>.</p>` : null}
    <div class="rows" ref=${grid}>
      ${rows.map((row, i) => html`<${Row} key=${row.id} row=${row} index=${i} />`)}
    </div>
  </section>`;
}
