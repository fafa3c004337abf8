// Plays one protected title in headless Debian Chromium with one player and prints ONE JSON line of
// facts: startup, whether time advanced, a forced rendition switch, a seek to the middle, errors.
//
//   node play.mjs '{"player":"shaka","manifestUrl":"…","licenceUrl":"…","licenceHeaders":{…},"timeoutMs":60000}'
//   node play.mjs - < spec.json     (the spec on stdin keeps bearer tokens out of process listings)
//
// Exit 0 whenever a result was printed, whatever the playback did; 2 for a bad spec, 3 when the
// harness itself failed (no browser, page did not load, overall timeout), with the reason on stderr.
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.REEL_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];
const SERVED = ['player.html', 'player.js', 'node_modules/hls.js/dist/', 'node_modules/dashjs/dist/',
  'node_modules/shaka-player/dist/'];
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.map': 'application/json' };
/** Seconds of playback that count as "time advanced"; well inside the shortest test title. */
const ADVANCE_S = 1.0;
/** How long time must stay still after a fatal error before "did not advance" is reported. */
const STALL_MS = 2000;

async function readSpec() {
  const arg = process.argv[2];
  if (!arg) {
    throw new Error('usage: node play.mjs <json spec> | -');
  }
  let text = arg;
  if (arg === '-') {
    const chunks = [];
    for await (const c of process.stdin) {
      chunks.push(c);
    }
    text = Buffer.concat(chunks).toString('utf8');
  }
  const spec = JSON.parse(text);
  if (!['hls', 'dash', 'shaka'].includes(spec.player)) {
    throw new Error('player must be hls, dash or shaka');
  }
  for (const k of ['manifestUrl', 'licenceUrl']) {
    if (typeof spec[k] !== 'string' || !/^https?:\/\//.test(spec[k])) {
      throw new Error(k + ' must be an absolute http(s) URL');
    }
  }
  spec.licenceHeaders = spec.licenceHeaders || {};
  // Optional: the session's edge token (in the URLs above) and its heartbeat, which renews it.
  if (spec.heartbeat && (typeof spec.heartbeat.url !== 'string' || typeof spec.token !== 'string')) {
    throw new Error('heartbeat needs heartbeat.url and the current token');
  }
  // Optional: hold playback this long after start before the forced switch (e.g. past the first
  // token's expiry, so the switch's requests need a renewed token).
  spec.switchAfterMs = spec.switchAfterMs || 0;
  spec.timeoutMs = spec.timeoutMs || 60000;
  // Each step (start, switch, seek) may take this long: bounded, so a stalled negative case ends.
  spec.stepTimeoutMs = spec.stepTimeoutMs || Math.min(10000, spec.timeoutMs / 4);
  return spec;
}

/** The page and the three libraries' dist files only, from 127.0.0.1 on a free port. */
function serve() {
  const server = createServer(async (req, res) => {
    if (req.url === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^\/+/, '');
    if (path.split(sep).includes('..') || !SERVED.some((p) => (p.endsWith('/') ? path.startsWith(p) : path === p))) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(join(HERE, path));
      res.writeHead(200, { 'Content-Type': TYPES[extname(path)] || 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/** Polls the page until fn(arg) is truthy; false on timeout instead of throwing. */
async function until(page, fn, arg, timeoutMs) {
  try {
    await page.waitForFunction(fn, arg, { timeout: Math.max(1, timeoutMs), polling: 100 });
    return true;
  } catch (e) {
    if (e.name === 'TimeoutError') {
      return false;
    }
    throw e;
  }
}

const state = (page) => page.evaluate(() => window.reel.state());

async function run(spec) {
  const t0 = Date.now();
  const server = await serve();
  const profile = await mkdtemp(join(tmpdir(), 'reel-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: Math.min(30000, spec.timeoutMs),
    });
    const browserMs = Date.now() - t0;
    const page = context.pages()[0] || (await context.newPage());
    const consoleErrors = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && consoleErrors.length < 50) {
        consoleErrors.push(m.text());
      }
    });
    // A renewed token changes the licence URL: match it without the token.
    const licenceBase = spec.token ? spec.licenceUrl.replace(spec.token, '') : spec.licenceUrl;
    const isLicence = (url) => url === spec.licenceUrl
      || (spec.token && url.startsWith(licenceBase) && url.length > licenceBase.length);
    const licence = [];
    // Manifest and segment answers by status, and the refusals (URLs without their token).
    const media = { ok: 0, refused: [] };
    page.on('response', (r) => {
      const url = r.url();
      if (isLicence(url)) {
        licence.push({ method: r.request().method(), status: r.status() });
      } else if (/\.(m3u8|mpd|m4s)$/.test(new URL(url).pathname)) {
        if (r.status() < 400) {
          media.ok++;
        } else if (media.refused.length < 50) {
          media.refused.push({ t: Date.now() - t0, status: r.status(), file: new URL(url).pathname.split('/').pop() });
        }
      }
    });
    page.on('requestfailed', (r) => {
      if (isLicence(r.url())) {
        licence.push({ method: r.method(), failure: r.failure() && r.failure().errorText });
      }
    });
    const tPage = Date.now();
    await page.goto(`http://127.0.0.1:${server.address().port}/player.html`, { timeout: spec.stepTimeoutMs });
    const pageMs = Date.now() - tPage;
    const library = await page.evaluate((s) => window.reel.start(s), {
      player: spec.player, manifestUrl: spec.manifestUrl, licenceUrl: spec.licenceUrl,
      licenceHeaders: spec.licenceHeaders, token: spec.token, heartbeat: spec.heartbeat,
    });
    const tStart = Date.now();

    const result = {
      player: spec.player,
      library,
      browser: context.browser() ? context.browser().version() : null,
      browserLaunchMs: browserMs,
      pageLoadMs: pageMs,
    };

    // 1. Playback starts and time advances, or the player gives up, or the step times out.
    await until(page, (a) => {
      const s = window.reel.state();
      return s.currentTime >= a || s.fatal;
    }, ADVANCE_S, spec.stepTimeoutMs);
    let s = await state(page);
    if (s.currentTime < ADVANCE_S && s.fatal) {
      // A player that reports a fatal error gets a little longer: it is judged on the clock.
      await until(page, (a) => window.reel.state().currentTime >= a, ADVANCE_S, STALL_MS);
      s = await state(page);
    }
    const advanced = s.currentTime >= ADVANCE_S;
    Object.assign(result, {
      startupMs: s.playingAtMs,
      firstFrameMs: s.firstFrameAtMs,
      advanced,
      timeAfterStart: s.currentTime,
      duration: s.duration,
      renditions: s.renditions,
    });

    // 2. A forced switch to another rendition with ABR off: the decoded size and the player agree.
    result.forcedSwitch = null;
    if (advanced && spec.switchAfterMs > 0) {
      // Held until then, still playing (the title must be long enough).
      await until(page, () => false, null, spec.switchAfterMs - (Date.now() - tStart));
      s = await state(page);
      result.beforeSwitch = { atMs: Date.now() - tStart, currentTime: s.currentTime, ended: s.ended };
    }
    if (advanced && !s.renditions.some((r) => r.height !== s.videoHeight && r.id !== s.current)) {
      // A player may list a rendition only once its key is usable (dash.js with keys per tier).
      await until(page, () => {
        const st = window.reel.state();
        return st.renditions.some((r) => r.height !== st.videoHeight && r.id !== st.current);
      }, null, spec.stepTimeoutMs);
      s = await state(page);
    }
    if (advanced) {
      const from = s.renditions.find((r) => r.id === s.current) || null;
      const fromVideoHeight = s.videoHeight;
      const target = s.renditions.find((r) => r.height !== s.videoHeight && r.id !== s.current);
      if (target) {
        const switchesBefore = s.playerSwitches.length;
        const tSwitch = Date.now();
        await page.evaluate((id) => window.reel.force(id), target.id);
        const happened = await until(page, (a) => {
          const st = window.reel.state();
          return (st.videoHeight === a.height
            && st.playerSwitches.slice(a.before).some((w) => w.height === a.height)) || st.fatal;
        }, { height: target.height, before: switchesBefore }, spec.stepTimeoutMs);
        const switchMs = Date.now() - tSwitch;
        s = await state(page);
        const evidence = s.playerSwitches.slice(switchesBefore).filter((w) => w.height === target.height);
        result.forcedSwitch = {
          from,
          fromVideoHeight,
          to: target,
          videoHeightAfter: s.videoHeight,
          playerEvents: evidence,
          happened: happened && s.videoHeight === target.height && evidence.length > 0,
          ms: switchMs,
        };
      } else {
        result.forcedSwitch = { happened: false, reason: 'no other rendition to switch to' };
      }
    }

    // 3. A seek to the middle; resumed = time moves past the seek point.
    result.seek = null;
    if (advanced && s.duration > 0 && Number.isFinite(s.duration)) {
      const to = s.duration / 2;
      const from = s.currentTime;
      const tSeek = Date.now();
      const replayed = await page.evaluate((t) => window.reel.seek(t), to);
      const resumed = await until(page, (a) => {
        const st = window.reel.state();
        return (!st.seeking && st.currentTime >= a) || st.fatal;
      }, to + 0.5, spec.stepTimeoutMs);
      s = await state(page);
      result.seek = {
        from, to, replayed, currentTime: s.currentTime,
        resumed: resumed && !s.seeking && s.currentTime >= to + 0.5,
        ms: Date.now() - tSeek,
      };
    }

    s = await state(page);
    Object.assign(result, {
      heightsSeen: s.heightsSeen,
      renditionsSeen: s.renditions.filter((r) => s.heightsSeen.includes(r.height)),
      playerSwitches: s.playerSwitches,
      errors: s.errors.concat(consoleErrors.map((m) => ({ source: 'console', fatal: false, message: m }))),
      licenceResponses: licence,
      mediaOk: media.ok,
      mediaRefused: media.refused,
      tokenRenewals: s.tokenRenewals,
      tokenRewrites: s.tokenRewrites,
      heartbeats: s.heartbeats,
      events: s.events,
      totalMs: Date.now() - t0,
    });
    return result;
  } finally {
    if (context) {
      await context.close().catch(() => {});
    }
    server.close();
    await rm(profile, { recursive: true, force: true }).catch(() => {});
  }
}

let spec;
try {
  spec = await readSpec();
} catch (e) {
  process.stderr.write('play.mjs: bad spec: ' + e.message + '\n');
  process.exit(2);
}
const timer = setTimeout(() => {
  process.stderr.write(`play.mjs: no result within timeoutMs=${spec.timeoutMs}\n`);
  process.exit(3);
}, spec.timeoutMs);
try {
  const result = await run(spec);
  process.stdout.write(JSON.stringify(result) + '\n');
  clearTimeout(timer);
} catch (e) {
  process.stderr.write('play.mjs: ' + (e.stack || e.message) + '\n');
  process.exit(3);
}
