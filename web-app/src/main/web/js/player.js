// One playback session in shaka-player, as cluster-config's browser tests play it (see
// cluster-config/src/test/js/players/player.js): DASH with the ClearKey licence from the play
// answer, the session's edge token in every edge and licence URL, renewed by heartbeats and put
// in place of the old one by a request filter. Heartbeats carry the position and QoE reports
// (startup, rebuffers, bitrate switches, errors); stop is sent when the viewer leaves.
import { api, ApiError } from './api.js';
import { parseThumbnails } from './trickplay.js';

const MAX_QOE = 50; // per heartbeat (the API's limit)
const MAX_FACTS = 200;

let shakaLoading = null;

/** shaka-player's compiled build: a classic script that defines window.shaka, loaded on demand. */
export function loadShaka() {
  if (window.shaka) {
    return Promise.resolve(window.shaka);
  }
  if (!shakaLoading) {
    shakaLoading = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = import.meta.resolve('shaka-player');
      s.onload = () => resolve(window.shaka);
      s.onerror = () => {
        shakaLoading = null;
        reject(new Error('The video player could not be loaded.'));
      };
      document.head.appendChild(s);
    });
  }
  return shakaLoading;
}

/**
 * A started session (the play API's answer) in a <video>. `onChange` is called when something the
 * controls show changes (tracks, errors, the session ending).
 */
export class Playback {
  constructor(video, session, { startedAt, onChange = () => {} } = {}) {
    this.video = video;
    this.session = session;
    this.onChange = onChange;
    this.t0 = startedAt || performance.now();
    this.tokens = { current: session.token, old: [] };
    this.qoe = [];
    this.thumbnails = [];
    this.ended = null; // why the session ended, when it did
    this.stopped = false;
    this.rebuffering = null;
    this.facts = {
      titleId: session.titleId,
      sessionId: session.sessionId,
      state: 'loading',
      startedAt: this.t0, // performance.now() when the watch page asked to play: times below count from it
      startupMs: null,
      firstFrameMs: null,
      resumeAt: session.resumeAt || 0,
      rebuffers: 0,
      bitrateSwitches: 0,
      heartbeats: 0,
      tokenRenewals: 0,
      errors: [],
      events: [],
    };
  }

  now() {
    return Math.round(performance.now() - this.t0);
  }

  event(name, detail) {
    this.facts.events.push(detail === undefined ? { t: this.now(), name } : { t: this.now(), name, detail });
    if (this.facts.events.length > MAX_FACTS) {
      this.facts.events.shift();
    }
  }

  error(source, fatal, message, code) {
    this.facts.errors.push({ t: this.now(), source, fatal: !!fatal, message, code });
    if (this.facts.errors.length > MAX_FACTS) {
      this.facts.errors.shift();
    }
    this.report({ kind: 'error', message: String(message).slice(0, 500) });
    this.onChange();
  }

  report(q) {
    this.qoe.push({
      kind: q.kind,
      positionSeconds: Math.max(0, this.video.currentTime || 0),
      millis: Math.max(0, Math.round(q.millis || 0)),
      bitrateKbps: Math.max(0, Math.round(q.bitrateKbps || 0)),
      height: Math.max(0, q.height || 0),
      message: q.message || '',
    });
    if (this.qoe.length > 4 * MAX_QOE) {
      this.qoe.splice(0, this.qoe.length - 4 * MAX_QOE);
    }
  }

  /** The URL with the current token in place of any earlier one. */
  withCurrentToken(url) {
    if (typeof url !== 'string') {
      return url;
    }
    let out = url;
    for (const old of this.tokens.old) {
      if (out.includes(old)) {
        out = out.split(old).join(this.tokens.current);
      }
    }
    return out;
  }

  async start() {
    const shaka = await loadShaka();
    const video = this.video;
    shaka.polyfill.installAll();
    if (!shaka.Player.isBrowserSupported()) {
      throw new Error('This browser cannot play Reel videos (no Media Source Extensions or EME).');
    }
    const player = new shaka.Player();
    this.player = player;
    this.shaka = shaka;
    await player.attach(video);
    player.configure({
      drm: { servers: { 'org.w3.clearkey': this.session.licenceUrl } },
      streaming: { bufferingGoal: 30 },
    });
    player.getNetworkingEngine().registerRequestFilter((type, request) => {
      if (type === shaka.net.NetworkingEngine.RequestType.LICENSE) {
        // shaka prefers the MPD's dashif:Laurl for ClearKey; the play answer names the licence
        // server, so the request goes there, with the current token.
        request.uris = [this.withCurrentToken(this.session.licenceUrl)];
      } else {
        request.uris = request.uris.map((u) => this.withCurrentToken(u));
      }
    });
    player.addEventListener('error', (e) => this.shakaError(e.detail));
    player.addEventListener('adaptation', (e) => this.switched(e.newTrack, 'adaptation'));
    player.addEventListener('variantchanged', (e) => this.switched(e.newTrack, 'variantchanged'));
    player.addEventListener('trackschanged', () => this.onChange());
    player.addEventListener('buffering', (e) => this.buffering(e.buffering));

    video.addEventListener('playing', this.onPlaying = () => {
      if (this.facts.startupMs === null) {
        this.facts.startupMs = this.now();
        this.report({ kind: 'startup', millis: this.facts.startupMs });
        this.event('startup', { millis: this.facts.startupMs });
      }
      this.facts.state = 'playing';
      this.onChange();
    });
    video.addEventListener('pause', this.onPause = () => {
      this.facts.state = 'paused';
      this.onChange();
    });
    video.addEventListener('ended', this.onEnded = () => {
      this.facts.state = 'ended';
      this.onChange();
    });
    if (video.requestVideoFrameCallback) {
      video.requestVideoFrameCallback(() => {
        this.facts.firstFrameMs = this.now();
      });
    }
    this.startHeartbeats();
    const start = this.session.resumeAt > 0 ? this.session.resumeAt : undefined;
    try {
      await player.load(this.session.dashUrl, start);
    } catch (e) {
      this.shakaError(e);
      throw new Error('The video could not be loaded' + (e && e.code ? ` (error ${e.code})` : '') + '.');
    }
    this.event('loaded');
    this.loadThumbnails();
    this.onChange();
    try {
      await video.play();
    } catch (e) {
      // Autoplay refused (no user gesture): the controls show a play button.
      this.event('playRejected', { message: String(e && e.message) });
      this.facts.state = 'paused';
      this.onChange();
    }
  }

  shakaError(d) {
    const shaka = this.shaka;
    const fatal = !d || !shaka || d.severity === shaka.util.Error.Severity.CRITICAL;
    this.error('player', fatal, 'shaka error ' + (d && d.code), d && d.code);
  }

  switched(track, how) {
    if (!track || !track.height) {
      return;
    }
    this.facts.bitrateSwitches++;
    this.report({ kind: 'bitrate-switch', bitrateKbps: (track.videoBandwidth || track.bandwidth || 0) / 1000, height: track.height });
    this.event('switch', { height: track.height, how });
    this.onChange();
  }

  buffering(on) {
    // Waiting before the first frame is startup, waiting after a seek is the seek: neither is
    // a rebuffer.
    if (on && this.facts.startupMs !== null && !this.video.seeking) {
      this.rebuffering = performance.now();
    } else if (!on && this.rebuffering !== null) {
      const millis = performance.now() - this.rebuffering;
      this.rebuffering = null;
      this.facts.rebuffers++;
      this.report({ kind: 'rebuffer', millis });
    }
  }

  async loadThumbnails() {
    const url = this.session.dashUrl.replace(/[^/]*$/, 'thumbs.vtt');
    try {
      const r = await fetch(this.withCurrentToken(url), { cache: 'no-store' });
      if (r.ok) {
        this.thumbnails = parseThumbnails(await r.text(), url);
        this.onChange();
      }
    } catch (e) {
      // No thumbnails: scrubbing works without them.
    }
  }

  startHeartbeats() {
    const every = Math.max(2, this.session.heartbeatEverySeconds || 10) * 1000;
    this.timer = setInterval(() => this.heartbeat(), every);
  }

  async heartbeat() {
    if (this.stopped || this.ended) {
      return;
    }
    const qoe = this.qoe.splice(0, MAX_QOE);
    this.facts.heartbeats++;
    try {
      const r = await api(this.session.heartbeatUrl, {
        method: 'POST',
        auth: true,
        body: { positionSeconds: Math.max(0, this.video.currentTime || 0), qoe, token: this.tokens.current },
      });
      if (r && r.token && r.token !== this.tokens.current) {
        this.tokens.old.push(this.tokens.current);
        this.tokens.current = r.token;
        this.facts.tokenRenewals++;
        this.event('tokenRenewed', { expiresAt: r.tokenExpiresAt });
      }
      if (r && r.open === false) {
        this.end('This playback session has ended. Start playing again to continue.');
      }
    } catch (e) {
      if (e instanceof ApiError && [402, 403, 404, 409, 422].includes(e.status)) {
        this.end(e.status === 402
          ? 'Your subscription is no longer active, so playback will stop.'
          : e.status === 404 ? 'This playback session has ended (it may have been replaced on this device).'
            : 'Playback can not continue: ' + e.message);
      } else {
        // Not heard: the reports go with the next heartbeat.
        this.qoe.unshift(...qoe);
        this.error('heartbeat', false, e.message || 'heartbeat failed');
      }
    }
  }

  end(why) {
    this.ended = why;
    this.error('session', true, why);
    clearInterval(this.timer);
    this.onChange();
  }

  /** Video tracks by height (one per height), tallest first. */
  qualities() {
    if (!this.player) {
      return [];
    }
    const byHeight = new Map();
    for (const t of this.player.getVariantTracks()) {
      if (t.height && (!byHeight.has(t.height) || t.active)) {
        byHeight.set(t.height, t);
      }
    }
    return Array.from(byHeight.values()).sort((a, b) => b.height - a.height);
  }

  activeHeight() {
    const t = this.player && this.player.getVariantTracks().find((v) => v.active);
    return t ? t.height : null;
  }

  isAuto() {
    return !this.player || this.player.getConfiguration().abr.enabled;
  }

  /** 'auto' or a height from qualities(). */
  selectQuality(choice) {
    if (!this.player) {
      return;
    }
    if (choice === 'auto') {
      this.player.configure({ abr: { enabled: true } });
    } else {
      const track = this.player.getVariantTracks().find((t) => t.height === Number(choice));
      if (track) {
        this.player.configure({ abr: { enabled: false } });
        this.player.selectVariantTrack(track, true);
      }
    }
    this.event('quality', { choice });
    this.onChange();
  }

  /** Tells the API the session stopped (keepalive, so it is sent while the page goes away). */
  stop() {
    if (this.stopped) {
      return;
    }
    this.stopped = true;
    clearInterval(this.timer);
    const url = this.session.heartbeatUrl.replace(/\/heartbeat$/, '/stop');
    api(url, {
      method: 'POST', auth: true, keepalive: true, body: { positionSeconds: Math.max(0, this.video.currentTime || 0) },
    }).catch(() => {});
  }

  async destroy() {
    this.stop();
    const v = this.video;
    v.removeEventListener('playing', this.onPlaying);
    v.removeEventListener('pause', this.onPause);
    v.removeEventListener('ended', this.onEnded);
    if (this.player) {
      await this.player.destroy().catch(() => {});
    }
  }
}
