// The API client: fetch with the access token (in memory only) and the refresh token (in
// localStorage, so a reload stays signed in). The access token is refreshed through
// POST /auth/token shortly before it expires and on a 401. Refresh tokens rotate and a reused one
// revokes the whole family, so one refresh runs at a time: in this tab (one promise) and across
// tabs (a Web Lock, then the newest refresh token in localStorage is the one sent).

const REFRESH_KEY = 'reel.refreshToken';
const EARLY_MS = 30_000;

let access = null; // { token, expiresAt (ms) }
let refreshing = null;
const listeners = new Set();

/** An answer that is not 2xx; `problem` is the problem+json body when there is one. */
export class ApiError extends Error {
  constructor(status, problem, retryAfter) {
    const detail = problem && typeof problem === 'object' ? problem.detail || problem.title : null;
    super(detail || `The server answered ${status}`);
    this.status = status;
    this.problem = problem && typeof problem === 'object' ? problem : null;
    this.errors = (this.problem && this.problem.errors) || [];
    this.retryAfter = retryAfter ? Number(retryAfter) : null;
  }
}

export function isSignedIn() {
  return !!readRefresh();
}

/** Calls `fn` when the user signs in or out (here or in another tab). */
export function onAuthChange(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function readRefresh() {
  try {
    return localStorage.getItem(REFRESH_KEY);
  } catch (e) {
    return null;
  }
}

function notify() {
  for (const fn of listeners) {
    fn(isSignedIn());
  }
}

window.addEventListener('storage', (e) => {
  if (e.key === REFRESH_KEY && !e.newValue) {
    access = null;
    notify();
  }
});

function keep(accessToken, expiresAt, refreshToken) {
  access = { token: accessToken, expiresAt: Date.parse(expiresAt) || Date.now() + 60_000 };
  localStorage.setItem(REFRESH_KEY, refreshToken);
}

/** Forgets the tokens on this device (the API is told by signOut). */
export function forget() {
  const was = isSignedIn();
  access = null;
  localStorage.removeItem(REFRESH_KEY);
  if (was) {
    notify();
  }
}

/** A current access token, refreshed first when it is missing or about to expire. */
export async function accessToken() {
  if (access && access.expiresAt - Date.now() > EARLY_MS) {
    return access.token;
  }
  await refreshAccess();
  return access.token;
}

export function refreshAccess() {
  if (!refreshing) {
    refreshing = locked(refreshOnce).finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

function locked(fn) {
  return navigator.locks ? navigator.locks.request('reel-token-refresh', fn) : fn();
}

async function refreshOnce() {
  const sent = readRefresh();
  if (!sent) {
    throw new ApiError(401, { detail: 'Please sign in.' });
  }
  let r;
  try {
    r = await fetch('/auth/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ refreshToken: sent }),
      cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, { detail: 'Cannot reach Reel. Check your connection.' });
  }
  if (r.status === 401) {
    // Refused (expired, revoked, or signed out elsewhere). Forget it unless another tab has
    // already put a newer one in place meanwhile.
    if (readRefresh() === sent) {
      forget();
    }
    throw new ApiError(401, { detail: 'Your session has ended. Please sign in again.' });
  }
  const body = await parse(r);
  keep(body.accessToken, body.accessExpiresAt, body.refreshToken);
}

async function parse(r) {
  if (r.status === 204 || r.status === 202 || r.status === 201) {
    const text = await r.text();
    if (!text) {
      return null;
    }
    try {
      return JSON.parse(text);
    } catch (e) {
      return null;
    }
  }
  const type = r.headers.get('Content-Type') || '';
  let data = null;
  if (type.includes('json')) {
    data = await r.json().catch(() => null);
  } else {
    data = await r.text().catch(() => null);
  }
  if (!r.ok) {
    throw new ApiError(r.status, data, r.headers.get('Retry-After'));
  }
  return data;
}

/**
 * Calls the API. `auth`: send the access token when signed in (default), `true` requires it.
 * Resolves with the JSON answer (null for an empty one); rejects with an ApiError.
 */
export async function api(path, { method = 'GET', body, auth = 'optional', keepalive = false, signal } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  let token = null;
  if (auth && isSignedIn()) {
    token = await accessToken();
  } else if (auth === true) {
    throw new ApiError(401, { detail: 'Please sign in.' });
  }
  const send = (t) => fetch(path, {
    method,
    headers: t ? { ...headers, Authorization: 'Bearer ' + t } : headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    keepalive,
    signal,
    cache: 'no-store',
  });
  return parse(await sendRetrying(send, token));
}

/**
 * `send(token)`, and once more with a refreshed token on a 401: the session ended between our
 * check and the server's (a password change elsewhere, a revoked session, a clock skew). A
 * network failure becomes ApiError 0.
 */
async function sendRetrying(send, token) {
  try {
    let r = await send(token);
    if (r.status === 401 && token) {
      await refreshAccess();
      r = await send(access.token);
    }
    return r;
  } catch (e) {
    if (e instanceof ApiError || (e && e.name === 'AbortError')) {
      throw e;
    }
    throw new ApiError(0, { detail: 'Cannot reach Reel. Check your connection.' });
  }
}

/** The `roles` claim of the current access token ([] signed out): what to show; the API decides. */
export async function roles() {
  if (!isSignedIn()) {
    return [];
  }
  try {
    const part = (await accessToken()).split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(part + '==='.slice((part.length + 3) % 4)), (c) => c.charCodeAt(0))));
    return Array.isArray(claims.roles) ? claims.roles : [];
  } catch (e) {
    return [];
  }
}

/**
 * fetch with the access token (one refresh and retry on a 401), answering the Response as it is:
 * for streamed bodies (server-sent events, NDJSON) that api() would read whole.
 */
export async function authFetch(path, init = {}) {
  const send = (t) => fetch(path, {
    cache: 'no-store', ...init, headers: { ...(init.headers || {}), Authorization: 'Bearer ' + t },
  });
  return sendRetrying(send, await accessToken());
}

/** An ApiError from a Response that is not 2xx (its problem+json read). */
export async function failure(r) {
  try {
    await parse(r);
  } catch (e) {
    return e;
  }
  return new ApiError(r.status, null);
}

/** Signs in with e-mail and password; the tokens are kept. */
export async function signIn(email, password) {
  const body = await api('/auth/signin', { method: 'POST', body: { email, password }, auth: false });
  keep(body.accessToken, body.expiresAt, body.refreshToken);
  notify();
  return body;
}

/** Ends this sign-in session at the API (its refresh-token family), then forgets the tokens. */
export async function signOut() {
  const refreshToken = readRefresh();
  try {
    if (refreshToken) {
      await api('/auth/signout', { method: 'POST', body: { refreshToken }, auth: false });
    }
  } finally {
    forget();
  }
}

/** A query string from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') {
      q.set(k, String(v));
    }
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

/** A message for people from an ApiError or anything thrown. */
export function explain(e) {
  if (!(e instanceof ApiError)) {
    return (e && e.message) || 'Something went wrong.';
  }
  if (e.status === 429) {
    return 'Too many attempts. ' + (e.retryAfter ? `Try again in ${e.retryAfter} s.` : 'Try again shortly.');
  }
  if (e.status === 503) {
    return 'Reel is busy right now. Please try again in a moment.';
  }
  const errors = e.errors.length ? ' (' + e.errors.join('; ') + ')' : '';
  return e.message + errors;
}
