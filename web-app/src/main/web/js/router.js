// Hash routing (/#/home, /#/title/<id>, …): the API owns the paths (GET /home is an API route),
// the app owns the fragment. The two e-mail links are real paths (/verify?token=…,
// /reset-password?token=…), served the shell by the node.
import { useEffect, useState } from './lib.js';

const PATTERNS = [
  ['home', /^home$/],
  ['title', /^title\/([0-9]{1,20})$/],
  ['search', /^search$/],
  ['watch', /^watch\/([0-9]{1,20})$/],
  ['account', /^account$/],
  ['profiles', /^profiles$/],
  ['profile-new', /^profiles\/new$/],
  ['profile-edit', /^profiles\/([A-Za-z0-9_-]{1,64})\/edit$/],
  ['signin', /^signin$/],
  ['signup', /^signup$/],
  ['check-mail', /^check-mail$/],
  ['forgot', /^forgot$/],
  ['console', /^console(?:\/(titles|new|import|index))?$/],
  ['console-title', /^console\/titles\/([0-9]{1,20})$/],
];

/** The route of a location: { name, id, query (URLSearchParams) }. */
export function parse(loc = window.location) {
  if (loc.pathname === '/verify') {
    return { name: 'verify', id: null, query: new URLSearchParams(loc.search) };
  }
  if (loc.pathname === '/reset-password') {
    return { name: 'reset', id: null, query: new URLSearchParams(loc.search) };
  }
  const hash = loc.hash.startsWith('#/') ? loc.hash.slice(2) : '';
  const q = hash.indexOf('?');
  const path = q < 0 ? hash : hash.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : hash.slice(q + 1));
  if (path === '') {
    return { name: 'start', id: null, query };
  }
  for (const [name, re] of PATTERNS) {
    const m = re.exec(path);
    if (m) {
      return { name, id: m[1] ? decodeURIComponent(m[1]) : null, query };
    }
  }
  return { name: 'not-found', id: null, query };
}

/** Goes to an app route such as 'home' or 'title/123'; from /verify and /reset-password too. */
export function go(route, params) {
  const q = params ? new URLSearchParams(
    Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  ).toString() : '';
  const hash = '#/' + route + (q ? '?' + q : '');
  if (window.location.pathname !== '/') {
    window.history.replaceState(null, '', '/' + hash);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    return;
  }
  window.location.hash = hash;
}

/** Replaces the query of the current route without a navigation (search as you type). */
export function replaceQuery(route, params) {
  const q = new URLSearchParams(
    Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  ).toString();
  window.history.replaceState(null, '', '/#/' + route + (q ? '?' + q : ''));
}

export function useRoute() {
  const [route, setRoute] = useState(() => parse());
  useEffect(() => {
    const update = () => setRoute(parse());
    window.addEventListener('hashchange', update);
    window.addEventListener('popstate', update);
    return () => {
      window.removeEventListener('hashchange', update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return route;
}
