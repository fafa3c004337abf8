// ./reel bench app: the viewer app as a viewer meets it, in headless Chromium. For each round, a
// new device (a fresh browser context: no HTTP cache, no service worker) signed in as the bench
// viewer opens home (cold), reloads it (warm: cache and service worker), opens a title and clicks
// Play. Prints ONE JSON line: per round the home times and click-to-first-frame, and the bytes
// the first cold home load moved (encoded, as sent) by kind.
//
// Spec: {base, email, password, titleId, rounds, screenshots, timeoutMs}
import { run, VIEWPORTS } from './harness.mjs';

async function signIn(spec) {
  const r = await fetch(spec.base + '/auth/signin', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: spec.email, password: spec.password }),
  });
  if (r.status !== 200) {
    throw new Error('sign-in answered ' + r.status);
  }
  return (await r.json()).refreshToken;
}

/** ms from navigation start until home shows cards and the main thread is idle. */
async function homeReady(page) {
  await page.waitForSelector('[data-testid=card]', { timeout: 60000 });
  const cardsAt = await page.evaluate(() => performance.now());
  const idleAt = await page.evaluate(
    () => new Promise((r) => requestIdleCallback(() => r(performance.now()), { timeout: 5000 })));
  return { cardsMs: Math.round(cardsAt), interactiveMs: Math.round(idleAt) };
}

run(async (h, spec) => {
  const rounds = [];
  let bytes = null;
  for (let i = 0; i < spec.rounds; i++) {
    const refresh = await signIn(spec);
    const d = await h.device('round-' + i, VIEWPORTS.laptop);
    await d.context.addInitScript(([token]) => {
      if (!sessionStorage.getItem('bench.seeded')) {
        sessionStorage.setItem('bench.seeded', '1');
        localStorage.setItem('reel.refreshToken', token);
        localStorage.setItem('reel.profile', JSON.stringify(
          { profileId: 'main', name: 'main', kids: false, maturityLimit: 'NR', hasPin: false }));
        // The same device each round: a new play replaces the previous round's session.
        localStorage.setItem('reel.deviceId', 'web-bench-device');
      }
    }, [refresh]);
    const moved = [];
    if (i === 0) {
      d.page.on('requestfinished', async (req) => {
        try {
          const s = await req.sizes();
          moved.push({ url: req.url(), bytes: s.responseBodySize + s.responseHeadersSize });
        } catch (e) {
          // a request cut short
        }
      });
    }
    await d.page.goto(spec.base + '/#/home');
    const cold = await homeReady(d.page);
    if (i === 0) {
      await new Promise((r) => setTimeout(r, 500)); // the last responses' sizes
      const app = moved.filter((m) => new URL(m.url).pathname === '/' || new URL(m.url).pathname.startsWith('/app/'));
      const kind = (m) => (m.url.includes('/vendor/') ? 'vendor' : 'app');
      bytes = {
        appFiles: app.length,
        appBytes: app.filter((m) => kind(m) === 'app').reduce((a, m) => a + m.bytes, 0),
        vendorBytes: app.filter((m) => kind(m) === 'vendor').reduce((a, m) => a + m.bytes, 0),
        apiBytes: moved.filter((m) => !app.includes(m)).reduce((a, m) => a + m.bytes, 0),
        apiRequests: moved.filter((m) => !app.includes(m)).length,
      };
      await h.shot(d.page, 'home');
    }
    await d.page.reload();
    const warm = await homeReady(d.page);
    await d.page.goto(spec.base + '/#/title/' + spec.titleId);
    await d.page.waitForSelector('[data-testid=play]', { timeout: 30000 });
    const clickAt = await d.page.evaluate(() => {
      const t = performance.now();
      document.querySelector('[data-testid=play]').click();
      return t;
    });
    await d.page.waitForFunction(
      () => window.reelPlayer && (window.reelPlayer.firstFrameMs != null || window.reelPlayer.state === 'refused'),
      null, { timeout: 30000 });
    const p = await d.page.evaluate(() => ({
      startedAt: window.reelPlayer.startedAt, firstFrameMs: window.reelPlayer.firstFrameMs,
      startupMs: window.reelPlayer.startupMs, state: window.reelPlayer.state, status: window.reelPlayer.status,
    }));
    if (p.firstFrameMs == null) {
      throw new Error('round ' + i + ': play refused ' + JSON.stringify(p));
    }
    if (i === 0) {
      await h.shot(d.page, 'player');
    }
    rounds.push({
      homeColdCardsMs: cold.cardsMs, homeColdInteractiveMs: cold.interactiveMs,
      homeWarmCardsMs: warm.cardsMs, homeWarmInteractiveMs: warm.interactiveMs,
      clickToFirstFrameMs: Math.round(p.startedAt + p.firstFrameMs - clickAt),
    });
    await d.page.goto('about:blank'); // pagehide: the app stops the session
    await d.context.close();
  }
  return { rounds, bytes, browserLaunchMs: h.launchMs };
});
