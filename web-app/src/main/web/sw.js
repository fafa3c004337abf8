// Reel's service worker: keeps the app shell (this version's files) for fast and offline starts.
// API answers are never cached: they go to the network, and an offline answer is a problem+json
// 503 that the app shows like any other error. Other origins (the edge) are not touched.
'use strict';

const VERSION = '@web.app.digest@';
const CACHE = 'reel-shell-' + VERSION.slice(0, 16);
const SHELL = [
  '/',
  '/app/app.css',
  '/app/manifest.webmanifest',
  '/app/img/icon.svg',
  '/app/img/poster-placeholder.svg',
  '/app/js/main.js',
  '/app/js/app.js',
  '/app/js/lib.js',
  '/app/js/api.js',
  '/app/js/router.js',
  '/app/js/store.js',
  '/app/js/components.js',
  '/app/js/player.js',
  '/app/js/trickplay.js',
  '/app/js/icons.js',
  '/app/js/format.js',
  '/app/js/pages/auth.js',
  '/app/js/pages/profiles.js',
  '/app/js/pages/home.js',
  '/app/js/pages/search.js',
  '/app/js/pages/title.js',
  '/app/js/pages/watch.js',
  '/app/js/pages/account.js',
  '/app/js/pages/console.js',
  '/app/js/pages/console-media.js',
  '/app/js/pages/console-ops.js',
  '/app/js/pages/console-parse.js',
  '/app/vendor/preact-@preact.version@/preact.module.js',
  '/app/vendor/preact-@preact.version@/hooks.module.js',
  '/app/vendor/htm-@htm.version@/htm.module.js',
];
/** The paths that are the app (the shell answers these navigations). */
const PAGES = new Set(['/', '/verify', '/reset-password']);

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(SHELL.map((u) => new Request(u, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys
        .filter((k) => k.startsWith('reel-shell-') && k !== CACHE)
        .map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

function offline() {
  return new Response(JSON.stringify({
    type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'You are offline.',
  }), { status: 503, headers: { 'Content-Type': 'application/problem+json' } });
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return; // the edge: segments, manifests, thumbnails go straight to the network
  }
  if (request.method !== 'GET') {
    return; // writes, sign-in, play, heartbeats: never touched
  }
  if (request.mode === 'navigate' && PAGES.has(url.pathname)) {
    // The shell: network first (it is small and says which version is current), the cached one
    // when offline.
    event.respondWith(
      fetch(request).catch(() => caches.match('/', { ignoreSearch: true }).then((r) => r || offline())),
    );
    return;
  }
  if (url.pathname.startsWith('/app/')) {
    // This version's files: from the cache, else the network (the shaka build is fetched when a
    // title is first played and kept after).
    event.respondWith(
      caches.open(CACHE).then((cache) => cache.match(request).then((hit) => hit || fetch(request).then((r) => {
        if (r.ok && url.pathname.startsWith('/app/vendor/')) {
          cache.put(request, r.clone());
        }
        return r;
      }))),
    );
    return;
  }
  // The API: network only, never cached.
  event.respondWith(fetch(request).catch(() => offline()));
});
