// The player page: POST /v1/play as the chosen profile, then the session in shaka-player with
// custom controls (keyboard: space play/pause, ←/→ 10 s, f fullscreen, m mute), trickplay
// thumbnails over the scrub bar, a quality menu, and clear words for 402, 403, 404 and 409.
// window.reelPlayer exposes the facts for tests.
import { html, useState, useEffect, useRef } from '../lib.js';
import { api, explain, ApiError } from '../api.js';
import { Message, Field, Spinner, formatTime } from '../components.js';
import { currentProfile, deviceId, deviceName } from '../store.js';
import { Playback } from '../player.js';
import { cueAt } from '../trickplay.js';
import { deviceLine } from '../format.js';
import { Play, Pause, Volume, Muted, Fullscreen } from '../icons.js';

const HIDE_CONTROLS_MS = 3000;

/** Why play was refused, in words, with what the viewer can do. */
function refusal(e, profile) {
  if (!(e instanceof ApiError)) {
    return { text: explain(e) };
  }
  switch (e.status) {
    case 401:
      return { text: 'Please sign in to watch.', link: ['#/signin', 'Sign in'] };
    case 402:
      return {
        text: 'You need an active subscription to watch. (Just subscribed? It can take a few seconds to start.)',
        link: ['#/account', 'Choose a plan'],
        retry: true,
      };
    case 403:
      return { text: `This title is rated above ${profile.name}'s maturity limit (${profile.maturityLimit}).`, pin: profile.hasPin && !profile.kids };
    case 404:
      return { text: 'This title is not available to play. It may not be published or ready yet.' };
    case 409:
      return {
        text: 'Every stream of your plan is in use. Stop playing on one of these devices, or wait a minute after it stopped:',
        devices: e.errors,
        link: ['#/account', 'See plans with more streams'],
        retry: true,
      };
    case 429:
      return { text: 'Too many wrong PINs. Wait a little and try again.', retry: true };
    default:
      return { text: explain(e), retry: true };
  }
}

export function Watch({ route }) {
  const id = route.id;
  const profile = currentProfile();
  const video = useRef(null);
  const stage = useRef(null);
  const playback = useRef(null);
  const [attempt, setAttempt] = useState(0);
  const [pin, setPin] = useState(null); // the PIN to send, once asked for
  const [pinInput, setPinInput] = useState('');
  const [refused, setRefused] = useState(null);
  const [failed, setFailed] = useState(null);
  const [session, setSession] = useState(null);
  const [, setTick] = useState(0);
  const redraw = () => setTick((n) => n + 1);

  useEffect(() => {
    let live = true;
    const startedAt = performance.now();
    setRefused(null);
    setFailed(null);
    const body = { profileId: profile.profileId, titleId: id, deviceId: deviceId(), deviceName: deviceName() };
    if (pin) body.pin = pin;
    api('/v1/play', { method: 'POST', auth: true, body })
      .then(async (s) => {
        if (!live) return;
        setSession(s);
        document.title = `${s.title} · Reel`;
        const p = new Playback(video.current, s, { startedAt, onChange: redraw });
        playback.current = p;
        window.reelPlayer = facts(p);
        try {
          await p.start();
        } catch (e) {
          if (live) setFailed(e.message);
        }
      })
      .catch((e) => {
        if (!live) return;
        const r = refusal(e, profile);
        if (e instanceof ApiError && e.status === 403 && pin) {
          r.text = 'That PIN is not right.';
          r.pin = true;
        }
        setRefused(r);
        window.reelPlayer = {
          titleId: id, state: 'refused', status: e.status || 0, startupMs: null, firstFrameMs: null,
          errors: [{ source: 'play', fatal: true, message: e.message, status: e.status }],
        };
      });
    const leave = () => playback.current && playback.current.stop();
    window.addEventListener('pagehide', leave);
    return () => {
      live = false;
      window.removeEventListener('pagehide', leave);
      if (playback.current) {
        playback.current.destroy();
        playback.current = null;
      }
    };
  }, [id, attempt]);

  if (refused) {
    return html`<section class="watch-refused" data-testid="watch-refused" data-status=${window.reelPlayer && window.reelPlayer.status}>
      <h1 tabindex="-1">Can't play this title</h1>
      <${Message} kind="error" testid="play-error">${refused.text}</${Message}>
      ${refused.devices && refused.devices.length ? html`<ul class="devices" data-testid="devices-in-use">
        ${refused.devices.map((d) => html`<li>${deviceLine(d)}</li>`)}</ul>` : null}
      ${refused.pin ? html`<form class="pin-form" onSubmit=${(e) => { e.preventDefault(); setPin(pinInput); setAttempt(attempt + 1); }}>
        <p>Enter ${profile.name}'s PIN to watch it this time.</p>
        <${Field} label="PIN" type="password" inputmode="numeric" autocomplete="off" pattern="[0-9]{4,8}"
          maxlength="8" required value=${pinInput} onInput=${(e) => setPinInput(e.target.value.replace(/\D/g, ''))}
          data-testid="pin" />
        <button type="submit" class="button primary" data-testid="pin-submit">Watch</button>
      </form>` : null}
      <div class="actions">
        ${refused.retry ? html`<button type="button" class="button" onClick=${() => setAttempt(attempt + 1)} data-testid="retry">Try again</button>` : null}
        ${refused.link ? html`<a class="button" href=${refused.link[0]}>${refused.link[1]}</a>` : null}
        <a class="button" href=${'#/title/' + id}>Back to the title</a>
      </div>
    </section>`;
  }
  return html`<section class="watch" ref=${stage} data-testid="watch">
    <h1 class="visually-hidden" tabindex="-1">${session ? 'Playing ' + session.title : 'Starting playback'}</h1>
    <video ref=${video} class="video" playsinline data-testid="video"
      onClick=${() => playback.current && togglePlay(video.current)}></video>
    ${!session ? html`<div class="watch-overlay"><${Spinner} label="Starting playback" /></div>` : null}
    ${failed ? html`<div class="watch-overlay"><${Message} kind="error" testid="play-error">${failed}</${Message}>
      <button type="button" class="button" onClick=${() => setAttempt(attempt + 1)}>Try again</button></div>` : null}
    ${session && playback.current ? html`<${Controls} playback=${playback.current} session=${session} stage=${stage} titleId=${id} />` : null}
  </section>`;
}

function togglePlay(v) {
  if (v.paused || v.ended) {
    v.play().catch(() => {});
  } else {
    v.pause();
  }
}

function toggleFullscreen(el) {
  if (document.fullscreenElement) {
    document.exitFullscreen().catch(() => {});
  } else if (el && el.requestFullscreen) {
    el.requestFullscreen().catch(() => {});
  }
}

/** The facts tests read: window.reelPlayer. */
function facts(p) {
  const v = p.video;
  return Object.defineProperties(p.facts, {
    currentTime: { get: () => v.currentTime, enumerable: true, configurable: true },
    duration: { get: () => v.duration, enumerable: true, configurable: true },
    paused: { get: () => v.paused, enumerable: true, configurable: true },
    height: { get: () => v.videoHeight, enumerable: true, configurable: true },
    quality: { get: () => (p.isAuto() ? 'auto' : p.activeHeight()), enumerable: true, configurable: true },
    qualities: { get: () => p.qualities().map((t) => t.height), enumerable: true, configurable: true },
    token: { get: () => p.tokens.current, enumerable: true, configurable: true },
    thumbnails: { get: () => p.thumbnails.length, enumerable: true, configurable: true },
    ended: { get: () => p.ended, enumerable: true, configurable: true },
  });
}

function Controls({ playback, session, stage, titleId }) {
  const v = playback.video;
  const [, setTick] = useState(0);
  const [visible, setVisible] = useState(true);
  const [scrub, setScrub] = useState(null); // { t, x } while pointing at or dragging the bar
  const bar = useRef(null);
  const hideTimer = useRef(null);

  useEffect(() => {
    const update = () => setTick((n) => n + 1);
    const events = ['timeupdate', 'play', 'pause', 'volumechange', 'durationchange', 'progress', 'waiting', 'playing'];
    events.forEach((e) => v.addEventListener(e, update));
    document.addEventListener('fullscreenchange', update);
    return () => {
      events.forEach((e) => v.removeEventListener(e, update));
      document.removeEventListener('fullscreenchange', update);
    };
  }, [v]);

  const wake = () => {
    setVisible(true);
    clearTimeout(hideTimer.current);
    hideTimer.current = setTimeout(() => {
      if (!v.paused && !(document.activeElement && document.activeElement.tagName === 'SELECT')) {
        setVisible(false);
      }
    }, HIDE_CONTROLS_MS);
  };

  useEffect(() => {
    const onKey = (e) => {
      const t = e.target;
      if (t && (t.tagName === 'SELECT' || (t.tagName === 'INPUT' && t.type !== 'range') || e.ctrlKey || e.metaKey || e.altKey)) {
        return;
      }
      if ((e.key === ' ' || e.key === 'Enter') && t && (t.tagName === 'BUTTON' || t.tagName === 'A')) {
        return; // the focused control's own action
      }
      let handled = true;
      switch (e.key) {
        case ' ':
        case 'k':
          togglePlay(v);
          break;
        case 'ArrowLeft':
          v.currentTime = Math.max(0, v.currentTime - 10);
          break;
        case 'ArrowRight':
          v.currentTime = Math.min(v.duration || Infinity, v.currentTime + 10);
          break;
        case 'f':
          toggleFullscreen(stage.current);
          break;
        case 'm':
          v.muted = !v.muted;
          break;
        default:
          handled = false;
      }
      if (handled) {
        e.preventDefault();
      }
      wake();
    };
    document.addEventListener('keydown', onKey);
    const move = () => wake();
    stage.current.addEventListener('pointermove', move);
    wake();
    return () => {
      document.removeEventListener('keydown', onKey);
      if (stage.current) stage.current.removeEventListener('pointermove', move);
      clearTimeout(hideTimer.current);
    };
  }, [v]);

  const duration = Number.isFinite(v.duration) ? v.duration : session.durationSeconds || 0;
  const pointAt = (clientX) => {
    const r = bar.current.getBoundingClientRect();
    const x = Math.min(Math.max(clientX - r.left, 0), r.width);
    return { t: r.width ? (x / r.width) * duration : 0, x };
  };
  const cue = scrub && playback.thumbnails.length ? cueAt(playback.thumbnails, scrub.t) : null;
  const qualities = playback.qualities();
  const current = playback.isAuto() ? 'auto' : String(playback.activeHeight());
  const activeHeight = playback.activeHeight();
  const buffered = v.buffered && v.buffered.length ? v.buffered.end(v.buffered.length - 1) : 0;
  const warning = playback.ended;

  return html`<div class=${'controls' + (visible || v.paused ? ' visible' : '')} data-testid="controls"
      onFocusIn=${wake}>
    <div class="controls-top">
      <a class="button ghost" href=${'#/title/' + titleId} data-testid="back" aria-label="Back to the title">← Back</a>
      <p class="controls-title">${session.title}</p>
    </div>
    ${warning ? html`<div class="watch-warning"><${Message} kind="error" testid="session-ended">${warning}</${Message}></div>` : null}
    ${v.paused && !v.ended && playback.facts.startupMs === null && playback.facts.state === 'paused'
      ? html`<button type="button" class="big-play" onClick=${() => v.play()} aria-label="Play" data-testid="big-play"><${Play} /></button>` : null}
    <div class="controls-bottom">
      <div class="scrub" ref=${bar}
          onPointerMove=${(e) => setScrub(pointAt(e.clientX))}
          onPointerLeave=${() => setScrub(null)}>
        ${cue ? html`<div class="thumb" data-testid="trickplay" aria-hidden="true"
            style=${{
              left: `clamp(0px, ${scrub.x - cue.w / 2}px, calc(100% - ${cue.w}px))`,
              width: cue.w + 'px',
              height: cue.h + 'px',
              backgroundImage: `url("${playback.withCurrentToken(cue.url)}")`,
              backgroundPosition: `-${cue.x}px -${cue.y}px`,
            }}><span class="thumb-time">${formatTime(scrub.t)}</span></div>` : null}
        <div class="scrub-buffered" style=${{ width: duration ? (buffered / duration) * 100 + '%' : 0 }}></div>
        <input type="range" class="scrub-input" min="0" max=${duration || 0} step="1" value=${v.currentTime}
          aria-label="Position" aria-valuetext=${formatTime(v.currentTime) + ' of ' + formatTime(duration)}
          data-testid="scrub"
          onInput=${(e) => {
            const t = Number(e.target.value);
            v.currentTime = t;
            const r = bar.current.getBoundingClientRect();
            setScrub({ t, x: duration ? (t / duration) * r.width : 0 });
          }}
          onBlur=${() => setScrub(null)} />
      </div>
      <div class="controls-row">
        <button type="button" class="button ghost" onClick=${() => togglePlay(v)} data-testid="play-pause"
          aria-label=${v.paused ? 'Play' : 'Pause'}>${v.paused ? html`<${Play} />` : html`<${Pause} />`}</button>
        <button type="button" class="button ghost" onClick=${() => { v.currentTime = Math.max(0, v.currentTime - 10); }}
          aria-label="Back 10 seconds" data-testid="back-10">↺ 10</button>
        <button type="button" class="button ghost" onClick=${() => { v.currentTime = Math.min(duration, v.currentTime + 10); }}
          aria-label="Forward 10 seconds" data-testid="forward-10">10 ↻</button>
        <button type="button" class="button ghost" onClick=${() => { v.muted = !v.muted; }} data-testid="mute"
          aria-label=${v.muted ? 'Unmute' : 'Mute'} aria-pressed=${v.muted}>${v.muted ? html`<${Muted} />` : html`<${Volume} />`}</button>
        <span class="time" data-testid="time">${formatTime(v.currentTime)} / ${formatTime(duration)}</span>
        <span class="spacer"></span>
        <label class="quality">
          <span>Quality</span>
          <select value=${current} data-testid="quality" onChange=${(e) => playback.selectQuality(e.target.value)}>
            <option value="auto">Auto${playback.isAuto() && activeHeight ? ` (${activeHeight}p)` : ''}</option>
            ${qualities.map((t) => html`<option value=${String(t.height)}>${t.height}p</option>`)}
          </select>
        </label>
        <button type="button" class="button ghost" onClick=${() => toggleFullscreen(stage.current)}
          data-testid="fullscreen" aria-label=${document.fullscreenElement ? 'Exit full screen' : 'Full screen'}><${Fullscreen} /></button>
      </div>
    </div>
  </div>`;
}
