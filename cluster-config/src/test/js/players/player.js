// window.reel: one protected title in one of the players Reel supports, and the facts about it.
// play.mjs drives it; it can be used by hand too (open player.html from play.mjs's server and call
// reel.start({player: 'shaka', manifestUrl, licenceUrl, licenceHeaders}) in the console).
(function () {
  'use strict';

  const LIBS = {
    hls: 'node_modules/hls.js/dist/hls.min.js',
    dash: 'node_modules/dashjs/dist/modern/umd/dash.all.min.js',
    shaka: 'node_modules/shaka-player/dist/shaka-player.compiled.js',
  };
  const MAX_EVENTS = 300;

  const video = document.getElementById('video');
  let startedAt = performance.now();
  let adapter = null;
  const facts = {
    player: null,
    library: null,
    playingAtMs: null,
    firstFrameAtMs: null,
    errors: [],
    events: [],
    heightsSeen: [],
    playerSwitches: [],
  };

  function now() {
    return Math.round(performance.now() - startedAt);
  }

  function event(name, detail) {
    facts.events.push(detail === undefined ? { t: now(), name } : { t: now(), name, detail });
    if (facts.events.length > MAX_EVENTS) {
      facts.events.shift();
    }
  }

  function error(source, fatal, detail) {
    facts.errors.push(Object.assign({ t: now(), source, fatal: !!fatal }, detail));
  }

  function sawHeight(h) {
    if (h > 0 && !facts.heightsSeen.includes(h)) {
      facts.heightsSeen.push(h);
    }
  }

  /** The player's own word that a rendition is now in use (not just requested). */
  function playerSwitched(id, height, how) {
    facts.playerSwitches.push({ t: now(), id: id == null ? null : String(id), height, how });
    sawHeight(height);
  }

  function loadScript(src) {
    return new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = src;
      s.onload = resolve;
      s.onerror = () => reject(new Error('cannot load ' + src));
      document.head.appendChild(s);
    });
  }

  function message(e) {
    if (e == null) {
      return undefined;
    }
    return String(e.message || e);
  }

  for (const name of ['loadedmetadata', 'canplay', 'playing', 'waiting', 'stalled', 'seeking',
    'seeked', 'ended', 'encrypted', 'waitingforkey', 'pause']) {
    video.addEventListener(name, () => event(name, { currentTime: video.currentTime }));
  }
  video.addEventListener('playing', () => {
    if (facts.playingAtMs === null) {
      facts.playingAtMs = now();
    }
  });
  video.addEventListener('resize', () => {
    event('resize', { width: video.videoWidth, height: video.videoHeight });
    sawHeight(video.videoHeight);
  });
  video.addEventListener('error', () => {
    const e = video.error;
    error('video', true, { code: e && e.code, message: e && e.message });
  });
  window.addEventListener('unhandledrejection', (e) => error('page', false, { message: message(e.reason) }));
  window.addEventListener('error', (e) => error('page', false, { message: e.message }));

  // The session's edge token: in every manifest, segment and licence URL (a path segment, so
  // relative segment URLs carry it too). Heartbeats renew it; the request filters of each player
  // put the current one in place of any earlier one, so playback outlives the first token.
  const tokens = { current: null, old: [], renewals: 0, rewritten: 0, heartbeats: 0 };
  let heartbeatTimer = null;

  function withCurrentToken(url) {
    if (!tokens.current || typeof url !== 'string') {
      return url;
    }
    let out = url;
    for (const old of tokens.old) {
      if (out.includes(old)) {
        out = out.split(old).join(tokens.current);
      }
    }
    if (out !== url) {
      tokens.rewritten++;
    }
    return out;
  }

  /** POSTs a heartbeat with the current token; a 200 answer's token becomes the current one. */
  async function heartbeat(hb) {
    tokens.heartbeats++;
    try {
      const r = await fetch(hb.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: hb.authorization },
        body: JSON.stringify({ positionSeconds: video.currentTime || 0, token: tokens.current }),
      });
      if (!r.ok) {
        error('heartbeat', false, { status: r.status, message: 'heartbeat answered ' + r.status });
        return;
      }
      const body = await r.json();
      if (body.token && body.token !== tokens.current) {
        tokens.old.push(tokens.current);
        tokens.current = body.token;
        tokens.renewals++;
        event('tokenRenewed', { renewals: tokens.renewals, expiresAt: body.tokenExpiresAt });
      }
    } catch (e) {
      error('heartbeat', false, { message: message(e) });
    }
  }

  /**
   * One heartbeat at once, then one every `everyMs`. The first renews the token before the player
   * fetches anything, as an app resuming a session would: the session's token was issued before
   * the browser started, and with the tests' short token lifetime a slow start could outlive it.
   */
  async function startHeartbeats(spec) {
    tokens.current = spec.token || null;
    const hb = spec.heartbeat;
    if (hb && hb.url && tokens.current) {
      await heartbeat(hb);
      heartbeatTimer = setInterval(() => heartbeat(hb), Math.max(200, hb.everyMs || 10000));
    }
  }

  const adapters = {};

  adapters.hls = async function (spec, headers) {
    await loadScript(LIBS.hls);
    if (!Hls.isSupported()) {
      throw new Error('hls.js: MSE not supported');
    }
    const hls = new Hls({
      emeEnabled: true,
      drmSystems: { 'org.w3.clearkey': { licenseUrl: spec.licenceUrl } },
      xhrSetup(xhr, url) {
        xhr.open('GET', withCurrentToken(url), true);
      },
      licenseXhrSetup(xhr, url) {
        xhr.open('POST', withCurrentToken(url), true);
        for (const [k, v] of Object.entries(headers)) {
          xhr.setRequestHeader(k, v);
        }
      },
    });
    hls.on(Hls.Events.ERROR, (e, d) => error('player', d.fatal, {
      type: d.type, details: d.details, message: message(d.error) || message(d.reason),
    }));
    hls.on(Hls.Events.LEVEL_SWITCHED, (e, d) => {
      const l = hls.levels[d.level];
      playerSwitched(d.level, l ? l.height : null, 'LEVEL_SWITCHED');
    });
    hls.on(Hls.Events.KEY_LOADED, () => event('keyLoaded'));
    hls.attachMedia(video);
    hls.loadSource(spec.manifestUrl);
    return {
      version: Hls.version,
      renditions: () => hls.levels.map((l, i) => ({
        id: String(i), width: l.width, height: l.height, bandwidth: l.bitrate,
      })),
      current: () => (hls.currentLevel >= 0 ? String(hls.currentLevel) : null),
      // Setting currentLevel switches to manual mode (ABR off) and flushes the buffer: immediate.
      force: (id) => { hls.currentLevel = Number(id); },
      seek: (t) => { video.currentTime = t; },
    };
  };

  adapters.dash = async function (spec, headers) {
    await loadScript(LIBS.dash);
    const player = dashjs.MediaPlayer().create();
    const ev = dashjs.MediaPlayer.events;
    const pev = dashjs.Protection.events;
    player.updateSettings({ debug: { logLevel: dashjs.Debug.LOG_LEVEL_WARNING } });
    player.on(ev.ERROR, (e) => {
      const err = e.error || {};
      error('player', true, { code: err.code, message: message(err.message || err) });
    });
    player.on(ev.PLAYBACK_ERROR, (e) => error('player', true, { message: message(e.error) }));
    player.on(pev.KEY_ERROR, (e) => error('eme', true, { message: message(e.error) }));
    player.on(pev.LICENSE_REQUEST_COMPLETE, (e) => event('licence', { error: message(e.error) }));
    player.on(ev.QUALITY_CHANGE_RENDERED, (e) => {
      if (e.mediaType === 'video' && e.newRepresentation) {
        playerSwitched(e.newRepresentation.id, e.newRepresentation.height, 'QUALITY_CHANGE_RENDERED');
      }
    });
    // Manifests and segments, then licences: each with the current token.
    player.addRequestInterceptor((request) => {
      request.url = withCurrentToken(request.url);
      return Promise.resolve(request);
    });
    player.registerLicenseRequestFilter((request) => {
      request.url = withCurrentToken(request.url);
      return Promise.resolve();
    });
    player.setProtectionData({
      // The licence request authenticates with a header, not cookies: no credentialed CORS.
      'org.w3.clearkey': {
        serverURL: spec.licenceUrl, httpRequestHeaders: headers, withCredentials: false,
      },
    });
    player.initialize(video, spec.manifestUrl, true);
    return {
      version: player.getVersion(),
      renditions: () => (player.getRepresentationsByType('video') || []).map((r) => ({
        id: String(r.id), width: r.width, height: r.height, bandwidth: r.bandwidth,
      })),
      current: () => {
        const r = player.getCurrentRepresentationForType('video');
        return r ? String(r.id) : null;
      },
      force: (id) => {
        player.updateSettings({ streaming: { abr: { autoSwitchBitrate: { video: false } } } });
        const index = (player.getRepresentationsByType('video') || [])
          .findIndex((r) => String(r.id) === id);
        // forceReplace: replace what is buffered instead of waiting for the next segment.
        player.setRepresentationForTypeByIndex('video', index, true);
      },
      seek: (t) => player.seek(t),
    };
  };

  adapters.shaka = async function (spec, headers) {
    await loadScript(LIBS.shaka);
    shaka.polyfill.installAll();
    if (!shaka.Player.isBrowserSupported()) {
      throw new Error('shaka-player: browser not supported');
    }
    const player = new shaka.Player();
    await player.attach(video);
    player.configure({ drm: { servers: { 'org.w3.clearkey': spec.licenceUrl } } });
    player.getNetworkingEngine().registerRequestFilter((type, request) => {
      if (type === shaka.net.NetworkingEngine.RequestType.LICENSE) {
        // For ClearKey, shaka prefers the MPD's dashif:Laurl over drm.servers; the harness is told
        // where the licence server is, so it sends the request there and says so.
        const licence = withCurrentToken(spec.licenceUrl);
        if (request.uris.length !== 1 || withCurrentToken(request.uris[0]) !== licence) {
          event('licenceUrlReplaced', { from: request.uris });
        }
        request.uris = [licence];
        Object.assign(request.headers, headers);
      } else {
        request.uris = request.uris.map(withCurrentToken);
      }
    });
    const shakaError = (d) => error('player', d.severity === shaka.util.Error.Severity.CRITICAL, {
      code: d.code, category: d.category, message: 'shaka error ' + d.code + ' ' + JSON.stringify(d.data || [], (k, v) => (k === 'stack' ? undefined : v)).slice(0, 300),
    });
    player.addEventListener('error', (e) => shakaError(e.detail));
    const videoTrack = (t) => t && playerSwitched(t.id, t.height, 'track');
    player.addEventListener('adaptation', (e) => videoTrack(e.newTrack));
    player.addEventListener('variantchanged', (e) => videoTrack(e.newTrack));
    player.load(spec.manifestUrl).then(
      () => event('loaded'),
      (e) => shakaError(e));
    const variants = () => player.getVariantTracks().filter((t) => t.height);
    return {
      version: shaka.Player.version,
      renditions: () => variants().map((t) => ({
        id: String(t.id), width: t.width, height: t.height, bandwidth: t.bandwidth,
      })),
      current: () => {
        const t = variants().find((v) => v.active);
        return t ? String(t.id) : null;
      },
      force: (id) => {
        player.configure({ abr: { enabled: false } });
        // clearBuffer: drop what is buffered so the new rendition shows at once.
        player.selectVariantTrack(variants().find((v) => String(v.id) === id), true);
      },
      seek: (t) => { video.currentTime = t; },
    };
  };

  window.reel = {
    /** Loads the player library and starts playback; resolves once loading has begun. */
    async start(spec) {
      if (adapter) {
        throw new Error('already started');
      }
      const make = adapters[spec.player];
      if (!make) {
        throw new Error('unknown player ' + spec.player + ' (hls, dash or shaka)');
      }
      facts.player = spec.player;
      startedAt = performance.now();
      if (video.requestVideoFrameCallback) {
        video.requestVideoFrameCallback(() => { facts.firstFrameAtMs = now(); });
      }
      await startHeartbeats(spec);
      adapter = await make(spec, spec.licenceHeaders || {});
      facts.library = adapter.version;
      video.play().catch((e) => event('playRejected', { message: message(e) }));
      return facts.library;
    },

    state() {
      let renditions = [];
      let current = null;
      try {
        renditions = adapter ? adapter.renditions() : [];
        current = adapter ? adapter.current() : null;
      } catch (e) {
        error('harness', false, { message: 'cannot read renditions: ' + message(e) });
      }
      return Object.assign({}, facts, {
        sinceStartMs: now(),
        currentTime: video.currentTime,
        duration: video.duration,
        paused: video.paused,
        ended: video.ended,
        seeking: video.seeking,
        readyState: video.readyState,
        videoWidth: video.videoWidth,
        videoHeight: video.videoHeight,
        renditions,
        current,
        tokenRenewals: tokens.renewals,
        tokenRewrites: tokens.rewritten,
        heartbeats: tokens.heartbeats,
        fatal: facts.errors.some((e) => e.fatal),
      });
    },

    force(id) {
      adapter.force(id);
      event('force', { id });
    },

    /** Seeks; a video that already ended (a slow switch on a short title) is played again. */
    seek(t) {
      const ended = video.ended || video.paused;
      adapter.seek(t);
      event('seek', { to: t, ended });
      if (ended) {
        video.play().catch((e) => event('playRejected', { message: message(e) }));
      }
      return ended;
    },
  };
})();
