// Starts the app and the service worker (which keeps the app shell for offline starts and fast
// loads, and never caches API answers).
import { html, render } from './lib.js';
import { App } from './app.js';

const root = document.getElementById('app');
root.textContent = '';
render(html`<${App} />`, root);

if ('serviceWorker' in navigator && window.isSecureContext) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/app/sw.js', { scope: '/' }).catch(() => {
      // The app works without it.
    });
  });
}
