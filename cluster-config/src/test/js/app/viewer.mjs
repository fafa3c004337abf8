// The viewer's scenarios in the web app (ViewerAppBrowserTest): sign up, verify from the outbox,
// sign in, subscribe, search with a typo, play with trickplay, seek and leave on a laptop; resume
// on a phone; a second device refused with 409 naming the first; a kids profile that cannot find,
// open or play the adult title; home on a TV. One browser, a context per device.
//
// Spec (stdin): { base, outbox, email, password, titleId, titleName, typo, seekFraction,
//   phoneName, screenshots, timeoutMs }. Result: facts the Java test asserts on; every wait polls
// the DOM or window.reelPlayer, and figures (ms) are recorded, never compared with a threshold.
import { run, VIEWPORTS, mailedLink } from './harness.mjs';

/** A Samsung TV's browser: the account page lists this device as one. */
const TV_AGENT = 'Mozilla/5.0 (SMART-TV; Linux; Tizen 8.0) AppleWebKit/537.36 (KHTML, like Gecko)'
  + ' SamsungBrowser/7.0 Chrome/120.0.0.0 TV Safari/537.36';

/** The signed-in devices the account page lists, in order. */
async function sessionsOn(page) {
  return page.$$eval('[data-testid=session]', (els) => els.map((e) => ({
    id: e.dataset.sessionId,
    current: e.dataset.current === 'true',
    device: e.querySelector('.session-device strong').textContent.trim(),
    canEnd: !!e.querySelector('[data-testid=end-session]'),
  })));
}

const WAIT = 45000; // one page state; generous for a loaded 2-core machine

run(async (h, spec) => {
  const facts = { cspViolations: [], uncaught: [], retried: {} };
  const base = spec.base.replace(/\/$/, '');
  const id = String(spec.titleId);

  /** A device, with CSP violations and uncaught exceptions recorded apart from other errors. */
  const device = async (name, viewport, options) => {
    const d = await h.device(name, viewport, options);
    await d.context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI);
      });
    });
    d.page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|CSP violation/i.test(m.text())) {
        facts.cspViolations.push({ device: name, text: m.text().slice(0, 300) });
      }
    });
    d.page.on('pageerror', (e) => facts.uncaught.push({ device: name, text: String(e).slice(0, 300) }));
    // The play answers and stops this device saw (no tokens kept).
    d.plays = [];
    d.stops = [];
    d.sprites = [];
    d.page.on('response', async (r) => {
      const url = r.url();
      const method = r.request().method();
      if (method === 'POST' && url.endsWith('/v1/play')) {
        let sent = {};
        try {
          sent = r.request().postDataJSON() || {};
        } catch (e) {
          // not JSON
        }
        const entry = { status: r.status(), deviceName: sent.deviceName };
        d.plays.push(entry);
        if (r.status() === 201) {
          try {
            const s = await r.json();
            Object.assign(entry, {
              sessionId: s.sessionId, resumeAt: s.resumeAt, edgeOrigin: new URL(s.dashUrl).origin,
              heartbeatEverySeconds: s.heartbeatEverySeconds, maxStreams: s.maxStreams,
            });
          } catch (e) {
            entry.unreadable = String(e);
          }
        }
      } else if (method === 'POST' && /\/stop$/.test(url)) {
        d.stops.push({ status: r.status(), at: Date.now() });
      } else if (/\/thumbs\/sprite-[0-9]+\.jpg/.test(url)) {
        d.sprites.push({ status: r.status(), origin: new URL(url).origin });
      }
    });
    return d;
  };

  /**
   * A screenshot once the images on screen have loaded (posters are lazy); an image on screen that
   * failed to load is recorded.
   */
  facts.brokenImages = [];
  const shot = async (page, name) => {
    // Functions, not strings: a string predicate is eval'd in the page, which the CSP refuses.
    await page.waitForFunction(() => Array.from(document.images).every((i) => {
      const r = i.getBoundingClientRect();
      return i.complete || r.width === 0 || r.bottom <= 0 || r.top >= window.innerHeight;
    }), null, { timeout: 10000, polling: 100 }).catch(() => {});
    const broken = await page.evaluate(() => Array.from(document.images).filter((i) => {
      const r = i.getBoundingClientRect();
      return i.complete && i.naturalWidth === 0 && r.width > 0 && r.bottom > 0 && r.top < window.innerHeight;
    }).map((i) => i.src));
    for (const src of broken) {
      facts.brokenImages.push({ shot: name, src: src.replace(/\/edge\/[^/]+\//, '/edge/…/') });
    }
    return h.shot(page, name);
  };

  const visible = (page, sel, timeout = WAIT) => page.waitForSelector(sel, { state: 'visible', timeout });
  const until = (page, fn, arg, timeout = WAIT) => page.waitForFunction(fn, arg, { timeout, polling: 100 });
  const player = (page) => page.evaluate(() => {
    const p = window.reelPlayer;
    if (!p) return null;
    return {
      state: p.state, status: p.status, startupMs: p.startupMs, firstFrameMs: p.firstFrameMs,
      currentTime: p.currentTime, duration: p.duration, paused: p.paused, heartbeats: p.heartbeats,
      thumbnails: p.thumbnails, resumeAt: p.resumeAt, height: p.height,
      errors: (p.errors || []).slice(-5),
    };
  });

  /** Submits a form and waits for `done`; a busy node (503) or a throttle (429) is tried again. */
  const submit = async (page, done) => {
    for (let attempt = 0; ; attempt++) {
      await page.click('[data-testid=submit]');
      const r = await Promise.race([
        visible(page, done).then(() => 'done'),
        visible(page, '[data-testid=message-error]').then(() => 'error'),
      ]);
      if (r === 'done') return;
      const text = await page.textContent('[data-testid=message-error]');
      if (attempt >= 4 || !/busy|Too many|Cannot reach/i.test(text)) {
        throw new Error('form refused: ' + text);
      }
      facts.retried.forms = (facts.retried.forms || 0) + 1;
      await page.waitForTimeout(1000 * (attempt + 1));
    }
  };

  const signIn = async (page) => {
    await page.goto(base + '/#/signin');
    await visible(page, '[data-testid=signin]');
    await page.fill('[data-testid=email]', spec.email);
    await page.fill('[data-testid=password]', spec.password);
    await submit(page, '[data-testid=profiles]');
  };

  const chooseProfile = async (page, selector) => {
    await visible(page, selector);
    await page.click(selector);
    await visible(page, '[data-testid=home]');
    // Loaded: rows, or the empty note (a new profile's 404 is retried by the app meanwhile).
    await until(page, () => !!document.querySelector('[data-testid=home] .rows .row, [data-testid=home] .empty'));
  };

  const search = async (page, text) => {
    await page.click('.nav a[href="#/search"]');
    await visible(page, '[data-testid=search-input]');
    await page.fill('[data-testid=search-input]', text);
    // The answer for this query, not the previous one: "N titles for “text”".
    await until(page, (q) => {
      const el = document.querySelector('[data-testid=result-count]');
      return !!el && el.textContent.includes('“' + q + '”');
    }, text);
    return page.$$eval('[data-testid=result]', (els) => els.map((e) => e.dataset.titleId));
  };

  /**
   * Clicks `selector` (a Play link) and times, in the page, the click to the first video frame
   * presented (requestVideoFrameCallback on each <video> the watch page puts up). A 402 (the
   * entitlement not there yet, seconds after subscribing) is retried in the app, as a viewer would.
   */
  const playAndTime = async (page, selector) => {
    await page.evaluate((sel) => {
      window.__ff = { clickAt: performance.now(), at: null };
      const seen = new WeakSet();
      window.__ffTimer = setInterval(() => {
        const v = document.querySelector('video');
        if (v && !seen.has(v) && v.requestVideoFrameCallback) {
          seen.add(v);
          v.requestVideoFrameCallback(() => {
            if (window.__ff.at === null) {
              window.__ff.at = performance.now();
              clearInterval(window.__ffTimer);
            }
          });
        }
      }, 5);
      document.querySelector(sel).click();
    }, selector);
    let retries = 0;
    const deadline = Date.now() + 60000;
    for (;;) {
      const s = await page.evaluate(() => {
        const refused = document.querySelector('[data-testid=watch-refused]');
        const p = window.reelPlayer;
        return {
          refused: refused ? Number(refused.dataset.status) : null,
          firstFrame: !!(p && p.firstFrameMs !== null && p.firstFrameMs !== undefined) && window.__ff.at !== null,
          failed: document.querySelector('[data-testid=watch] [data-testid=play-error]')?.textContent || null,
        };
      });
      if (s.firstFrame) break;
      if (s.failed) throw new Error('playback failed: ' + s.failed + ' ' + JSON.stringify(await player(page)));
      if (s.refused !== null) {
        if (![402, 503].includes(s.refused) || Date.now() > deadline) {
          throw new Error('play refused with ' + s.refused + ': ' + await page.textContent('[data-testid=play-error]'));
        }
        retries++;
        await page.waitForTimeout(750);
        await page.click('[data-testid=retry]');
        await page.waitForTimeout(100);
        continue;
      }
      if (Date.now() > deadline) throw new Error('no first frame: ' + JSON.stringify(await player(page)));
      await page.waitForTimeout(50);
    }
    const ms = await page.evaluate(() => Math.round(window.__ff.at - window.__ff.clickAt));
    return { clickToFirstFrameMs: ms, entitlementRetries: retries };
  };

  // ---- 1. A new viewer on a laptop ----
  const laptop = await device('laptop', VIEWPORTS.laptop);
  const lp = laptop.page;
  await h.step('sign up', async () => {
    await lp.goto(base + '/#/signup');
    await visible(lp, '[data-testid=signup]');
    await lp.fill('[data-testid=email]', spec.email);
    await lp.fill('[data-testid=password]', spec.password);
    await shot(lp, 'signup');
    await submit(lp, '[data-testid=check-mail]');
    facts.checkMailNamesAddress = (await lp.textContent('[data-testid=check-mail]')).includes(spec.email);
    await shot(lp, 'check-mail');
  });
  await h.step('verify from the mail', async () => {
    const link = new URL(await mailedLink(spec.outbox, spec.email, '/verify', 30000));
    facts.verifyLinkPath = link.pathname;
    // The mail points at reel.accounts.public-base-url (https://localhost:8443 by default); this
    // node listens on a port of its own, so the link's path and token are opened here.
    await lp.goto(base + link.pathname + link.search);
    await visible(lp, '[data-testid=verify] [data-testid=to-signin]');
    await shot(lp, 'verify');
    await lp.click('[data-testid=to-signin]');
    await visible(lp, '[data-testid=signin]');
  });
  await h.step('sign in', async () => {
    await lp.fill('[data-testid=email]', spec.email);
    await lp.fill('[data-testid=password]', spec.password);
    await submit(lp, '[data-testid=profiles]');
  });
  await h.step('subscribe to basic', async () => {
    await lp.click('.nav a[href="#/account"]');
    await visible(lp, '[data-testid=subscribe-basic]');
    await lp.click('[data-testid=subscribe-basic]');
    await visible(lp, '[data-testid=plan-status]');
    facts.planStatus = (await lp.textContent('[data-testid=plan-status]')).trim();
    facts.plan = (await lp.textContent('[data-testid=current-plan]')).trim();
    facts.emailVerifiedShown = (await lp.textContent('[data-testid=account]')).includes('verified');
    await shot(lp, 'account');
  });
  await h.step('choose the main profile', async () => {
    await lp.goto(base + '/#/profiles');
    await visible(lp, '[data-testid=profile][data-profile-id="main"]');
    await shot(lp, 'profiles');
    await chooseProfile(lp, '[data-testid=profile][data-profile-id="main"]');
    await shot(lp, 'home');
  });
  await h.step('search with a typo', async () => {
    const ids = await search(lp, spec.typo);
    facts.typoResults = ids;
    await visible(lp, `[data-testid=result][data-title-id="${id}"]`);
    facts.searchPosterWidth = await lp.$eval(`[data-testid=result][data-title-id="${id}"] .poster`,
      (e) => Math.round(e.getBoundingClientRect().width));
    await shot(lp, 'search');
  });
  await h.step('open the title', async () => {
    await lp.click(`[data-testid=result][data-title-id="${id}"]`);
    await visible(lp, '[data-testid=title-name]');
    facts.titleName = (await lp.textContent('[data-testid=title-name]')).trim();
    facts.playLabel = (await lp.textContent('[data-testid=play]')).trim();
    facts.titlePosterWidth = await lp.$eval('[data-testid=title-page] .poster',
      (e) => Math.round(e.getBoundingClientRect().width));
    await shot(lp, 'title');
  });
  await h.step('play to the first frame', async () => {
    Object.assign(facts, await playAndTime(lp, '[data-testid=play]'));
    // The first frame can come before the 'playing' event that times the player's startup.
    await until(lp, () => window.reelPlayer.startupMs !== null, null, 15000).catch(() => {});
    const p = await player(lp);
    facts.laptop = { startupMs: p.startupMs, firstFrameMs: p.firstFrameMs, height: p.height, duration: p.duration };
    facts.laptopPlay = laptop.plays[laptop.plays.length - 1];
  });
  await h.step('scrub with trickplay', async () => {
    await until(lp, () => window.reelPlayer && window.reelPlayer.thumbnails > 0 && Number.isFinite(window.reelPlayer.duration));
    facts.thumbnailCues = (await player(lp)).thumbnails;
    // Paused, the controls stay up; then point at and drag the bar as a viewer does.
    await lp.evaluate(() => document.querySelector('video').pause());
    await until(lp, () => window.reelPlayer.paused && document.querySelector('[data-testid=controls].visible'));
    const bar = await lp.$('[data-testid=scrub]');
    const box = await bar.boundingBox();
    const y = box.y + box.height / 2;
    const at = (f) => box.x + box.width * f;
    await lp.mouse.move(at(0.7), y, { steps: 4 });
    await visible(lp, '[data-testid=trickplay]');
    const hovered = await lp.$eval('[data-testid=trickplay]', (t) => getComputedStyle(t).backgroundPosition);
    // Drag from the current position to the target: the thumbnail follows, the video seeks.
    const p0 = await player(lp);
    await lp.mouse.move(at(p0.currentTime / p0.duration), y, { steps: 2 });
    await lp.mouse.down();
    await lp.mouse.move(at(0.2), y, { steps: 5 });
    await lp.mouse.move(at(spec.seekFraction), y, { steps: 8 });
    await visible(lp, '[data-testid=trickplay]');
    const thumb = await lp.$eval('[data-testid=trickplay]', (t) => {
      const cs = getComputedStyle(t);
      const controls = t.closest('[data-testid=controls]');
      const r = t.getBoundingClientRect();
      return {
        backgroundImage: cs.backgroundImage, backgroundPosition: cs.backgroundPosition,
        width: r.width, height: r.height, opacity: Number(getComputedStyle(controls).opacity),
        time: t.textContent.trim(),
      };
    });
    await shot(lp, 'player-trickplay');
    await lp.mouse.up();
    const m = /url\("?([^")]+)"?\)/.exec(thumb.backgroundImage);
    const url = m ? new URL(m[1]) : null;
    facts.trickplay = {
      visible: true, width: thumb.width, height: thumb.height, controlsOpacity: thumb.opacity,
      time: thumb.time, spriteOrigin: url ? url.origin : null,
      spriteIsEdgeSprite: !!url && url.pathname.startsWith('/edge/') && /\/thumbs\/sprite-[0-9]+\.jpg$/.test(url.pathname),
      positionChangedWhileScrubbing: hovered !== thumb.backgroundPosition,
    };
    // The sprite the thumbnail shows was fetched from the edge.
    const deadline = Date.now() + WAIT;
    while (!laptop.sprites.some((s) => s.status === 200) && Date.now() < deadline) {
      await lp.waitForTimeout(100);
    }
    facts.trickplay.spriteResponses = laptop.sprites.slice(0, 5);
  });
  await h.step('seek to 40% and let heartbeats save it', async () => {
    await until(lp, () => !document.querySelector('video').seeking && document.querySelector('video').readyState >= 2);
    const p = await player(lp);
    facts.seekedTo = p.currentTime;
    facts.seekFractionReached = p.currentTime / p.duration;
    const before = p.heartbeats;
    // Two heartbeats after the seek (the node saves at most every save-position-every).
    await until(lp, (n) => window.reelPlayer.heartbeats >= n + 2, before, 30000);
    facts.heartbeatsSent = (await player(lp)).heartbeats;
  });
  await h.step('leave the player', async () => {
    const p = await player(lp);
    facts.leftAt = p.currentTime;
    const stops = laptop.stops.length;
    await lp.click('[data-testid=back]');
    await visible(lp, '[data-testid=title-name]');
    const deadline = Date.now() + 15000;
    while (laptop.stops.length === stops && Date.now() < deadline) {
      await lp.waitForTimeout(50);
    }
    facts.laptopStop = laptop.stops[stops] || null;
  });

  // ---- 2. The same viewer on a phone: continue watching, resume ----
  const phone = await device('phone', VIEWPORTS.phone);
  const pp = phone.page;
  await h.step('phone: sign in and name the device', async () => {
    await signIn(pp);
    await pp.goto(base + '/#/account');
    await visible(pp, '[data-testid=device-name]');
    await pp.fill('[data-testid=device-name]', spec.phoneName);
    await pp.click('[data-testid=save-device-name]');
    await visible(pp, '.device-name [role=status]');
    facts.phoneDeviceNameStored = await pp.evaluate(() => localStorage.getItem('reel.deviceName'));
    await visible(pp, '[data-testid=session][data-current=true]');
    facts.phoneSessions = await sessionsOn(pp);
    await pp.goto(base + '/#/profiles');
    await chooseProfile(pp, '[data-testid=profile][data-profile-id="main"]');
  });
  await h.step('phone: continue watching on home', async () => {
    const card = `[data-testid=row-continue-watching] [data-testid=card][data-title-id="${id}"]`;
    const deadline = Date.now() + WAIT;
    let reloads = 0;
    // The row comes from the personal projection, a moment after the stop: reload until it is there.
    while (!(await pp.$(card))) {
      if (Date.now() > deadline) throw new Error('no continue-watching card on the phone');
      await pp.waitForTimeout(1000);
      await pp.reload();
      reloads++;
      await until(pp, () => !!document.querySelector('[data-testid=home] .rows .row, [data-testid=home] .empty'));
    }
    facts.phoneHomeReloads = reloads;
    facts.continueWatchingFirst = await pp.$eval('[data-testid=row-continue-watching] [data-testid=card]', (c) => c.dataset.titleId);
    facts.continueWatchingLabel = await pp.$eval(card, (c) => c.getAttribute('aria-label'));
    await shot(pp, 'phone-home');
    await pp.click(card);
    await visible(pp, '[data-testid=title-name]');
    await until(pp, () => /Resume/.test(document.querySelector('[data-testid=play]').textContent));
    facts.phoneResumeLabel = (await pp.textContent('[data-testid=play]')).trim();
  });
  await h.step('phone: resume', async () => {
    const t = await playAndTime(pp, '[data-testid=play]');
    const p = await player(pp);
    facts.phone = {
      clickToFirstFrameMs: t.clickToFirstFrameMs, currentTimeAtFirstFrame: p.currentTime,
      resumeAt: p.resumeAt, firstFrameMs: p.firstFrameMs, startupMs: p.startupMs,
    };
    facts.phonePlay = phone.plays[phone.plays.length - 1];
    await until(pp, () => window.reelPlayer.state === 'playing');
    await shot(pp, 'phone-player');
  });

  // ---- 4. Basic plan, one stream: the laptop is refused while the phone plays ----
  await h.step('laptop: 409 while the phone plays', async () => {
    await lp.click('[data-testid=play]');
    await visible(lp, '[data-testid=watch-refused]');
    const phoneNow = await player(pp);
    facts.conflict = {
      status: Number(await lp.getAttribute('[data-testid=watch-refused]', 'data-status')),
      message: (await lp.textContent('[data-testid=play-error]')).trim(),
      devices: await lp.$$eval('[data-testid=devices-in-use] li', (els) => els.map((e) => e.textContent.trim())),
      videos: await lp.$$eval('video', (v) => v.length),
      phoneState: phoneNow.state,
      phonePaused: phoneNow.paused,
      phoneCurrentTime: phoneNow.currentTime,
    };
    await shot(lp, '409');
    // Paused short of 95 %, so the title stays in Continue watching for the TV below.
    await pp.evaluate(() => document.querySelector('video').pause());
  });
  await h.step('phone: leave the player', async () => {
    const stops = phone.stops.length;
    await pp.click('[data-testid=back]');
    await visible(pp, '[data-testid=title-name]');
    const deadline = Date.now() + 15000;
    while (phone.stops.length === stops && Date.now() < deadline) {
      await pp.waitForTimeout(50);
    }
    facts.phoneStop = phone.stops[stops] || null;
  });

  // ---- 3. A kids profile ----
  await h.step('kids: create a G profile', async () => {
    await lp.goto(base + '/#/profiles');
    await visible(lp, '[data-testid=add-profile]');
    await lp.click('[data-testid=add-profile]');
    await visible(lp, '[data-testid=profile-new]');
    await lp.fill('[data-testid=profile-name]', 'Kid');
    await lp.check('[data-testid=profile-kids]');
    await lp.selectOption('[data-testid=profile-limit]', 'G');
    await submit(lp, '[data-testid=profiles] [data-testid=profile] >> text=Kid');
    const tile = lp.locator('[data-testid=profile]', { hasText: 'Kid' });
    facts.kidsTile = (await tile.textContent()).replace(/\s+/g, ' ').trim();
    await tile.click();
    await visible(lp, '[data-testid=home]');
    await until(lp, () => !!document.querySelector('[data-testid=home] .rows .row, [data-testid=home] .empty'));
    facts.kidsHomeHasTitle = !!(await lp.$(`[data-testid=card][data-title-id="${id}"]`));
  });
  await h.step('kids: search', async () => {
    facts.kidsExactResults = await search(lp, spec.titleName);
    facts.kidsTypoResults = await search(lp, spec.typo);
    facts.kidsResultCount = (await lp.textContent('[data-testid=result-count]')).trim();
    facts.kidsSuggestsTitle = !!(await lp.$(`[data-testid=suggestion][href="#/title/${id}"]`));
    await shot(lp, 'kids-search');
  });
  await h.step('kids: the title page', async () => {
    await lp.evaluate((t) => { window.location.hash = '#/title/' + t; }, id);
    await until(lp, () => {
      const h1 = document.querySelector('[data-testid=title-page] h1');
      return !!h1 && /Not available/.test(h1.textContent);
    });
    facts.kidsTitlePage = {
      heading: (await lp.textContent('[data-testid=title-page] h1')).trim(),
      message: (await lp.textContent('[data-testid=title-page] [data-testid=message-error]')).trim(),
      play: await lp.$$eval('[data-testid=play]', (e) => e.length),
    };
    await shot(lp, 'kids-title');
  });
  await h.step('kids: the player', async () => {
    await lp.evaluate((t) => { window.location.hash = '#/watch/' + t; }, id);
    await visible(lp, '[data-testid=watch-refused]');
    facts.kidsWatch = {
      status: Number(await lp.getAttribute('[data-testid=watch-refused]', 'data-status')),
      message: (await lp.textContent('[data-testid=play-error]')).trim(),
      videos: await lp.$$eval('video', (v) => v.length),
    };
    await shot(lp, 'kids-watch');
  });

  // ---- 5. Home on a TV, which then signs the phone out ----
  const tv = await device('tv', VIEWPORTS.tv, { userAgent: TV_AGENT });
  await h.step('tv: home', async () => {
    await signIn(tv.page);
    await chooseProfile(tv.page, '[data-testid=profile][data-profile-id="main"]');
    facts.tvRows = await tv.page.$$eval('[data-testid=home] .row', (rows) => rows.map((r) => r.dataset.rowId));
    facts.tvViewport = await tv.page.evaluate(() => [window.innerWidth, window.innerHeight]);
    await shot(tv.page, 'home-tv');
  });
  await h.step('tv: sign the phone out from devices and sessions', async () => {
    const tp = tv.page;
    await tp.goto(base + '/#/account');
    await visible(tp, '[data-testid=session][data-current=true]');
    facts.tvSessions = await sessionsOn(tp);
    await tp.locator('[data-testid=sessions]').scrollIntoViewIfNeeded();
    await shot(tp, 'account-devices-tv');
    const phoneSession = (facts.phoneSessions.find((x) => x.current) || {}).id;
    const entry = `[data-testid=session][data-session-id="${phoneSession}"]`;
    await tp.click(entry + ' [data-testid=end-session]');
    await until(tp, (sel) => !document.querySelector(sel), entry);
    facts.tvSessionsAfter = await sessionsOn(tp);
    // The phone's next request is refused: the app forgets its tokens and asks to sign in.
    await pp.goto(base + '/#/account');
    await pp.reload();
    await visible(pp, '[data-testid=signin] [data-testid=email]');
    facts.phoneAfterRemoteSignOut = {
      hash: await pp.evaluate(() => window.location.hash),
      refreshTokenKept: await pp.evaluate(() => localStorage.getItem('reel.refreshToken') !== null),
    };
    await shot(pp, 'phone-signed-out');
  });
  facts.launchMs = h.launchMs;
  return facts;
});
