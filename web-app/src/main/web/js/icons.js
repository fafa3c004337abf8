// Small inline icons (SVG, so they look the same on every device, with or without emoji fonts).
// Decorative: the buttons that hold them have their own accessible names.
import { html } from './lib.js';

function Icon({ children, size = 22 }) {
  return html`<svg class="icon-svg" viewBox="0 0 24 24" width=${size} height=${size} aria-hidden="true"
    focusable="false" fill="currentColor">${children}</svg>`;
}

const THUMB = 'M2 10h4v10H2zM8 20h9.5a2 2 0 0 0 2-1.6l1.4-7A2 2 0 0 0 19 9h-5l.8-4a1.5 1.5 0 0 0-2.7-1.1L8 10z';

export const ThumbUp = () => html`<${Icon}><path d=${THUMB} /></${Icon}>`;
export const ThumbDown = () => html`<${Icon}><path d=${THUMB} transform="rotate(180 12 12)" /></${Icon}>`;
export const Heart = () => html`<${Icon}><path d="M12 21l-1.5-1.3C5 15 2 12.3 2 8.8 2 6 4.2 4 7 4c1.7 0 3.4.8 5 2.4C13.6 4.8 15.3 4 17 4c2.8 0 5 2 5 4.8 0 3.5-3 6.2-8.5 10.9z" /></${Icon}>`;
export const Play = () => html`<${Icon}><path d="M8 5v14l11-7z" /></${Icon}>`;
export const Pause = () => html`<${Icon}><path d="M6 5h4v14H6zM14 5h4v14h-4z" /></${Icon}>`;
export const Volume = () => html`<${Icon}><path d="M3 9v6h4l5 4V5L7 9H3z" /><path d="M15.5 8.5a5 5 0 0 1 0 7M18 6a8.5 8.5 0 0 1 0 12"
  fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" /></${Icon}>`;
export const Muted = () => html`<${Icon}><path d="M3 9v6h4l5 4V5L7 9H3z" /><path d="M16 9l5 6M21 9l-5 6"
  fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" /></${Icon}>`;
export const Fullscreen = () => html`<${Icon}><path d="M4 9V4h5M15 4h5v5M20 15v5h-5M9 20H4v-5" fill="none"
  stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" /></${Icon}>`;
