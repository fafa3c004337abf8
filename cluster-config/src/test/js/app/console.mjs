// The operator console in a real browser: the operator signs in, creates a title (after seeing
// the 422 violations next to the fields), uploads a clip through the file input (upload progress
// to 100 %), watches the transcode pushed live until packaged, publishes, and the title is
// playable (the API says so and the anonymous home's "Ready to play" row has it). Then the other
// console pages (titles search, import with its streamed progress, search index with a rebuild),
// the title page on a phone, a viewer's "operators only", and the viewer playing the new title.
// Run against a TLS node, the browser trusting only that node's certificate (spec.trustSpki).
//
// Spec: { base, operatorEmail, operatorPassword, viewerEmail, viewerPassword, clip, importFile,
//         title, screenshots, timeoutMs, trustSpki }
import { run, VIEWPORTS } from './harness.mjs';

const T = { timeout: 30_000 };

async function signIn(page, base, email, password) {
  await page.goto(base + '/#/signin');
  await page.fill('[data-testid="signin"] input[data-testid="email"]', email);
  await page.fill('[data-testid="signin"] input[data-testid="password"]', password);
  await page.click('[data-testid="signin"] [data-testid="submit"]');
  await page.waitForSelector('[data-testid="profiles"]', T);
}

/** Polls `fn` (in node) every 250 ms until it returns something truthy. */
async function until(what, fn, timeoutMs) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting for ' + what);
    await new Promise((r) => setTimeout(r, 250));
  }
}

run(async (h, spec) => {
  const facts = {};
  const { page } = await h.device('operator', VIEWPORTS.laptop);
  const base = spec.base;

  await h.step('operator signs in and sees the console in the header', async () => {
    await signIn(page, base, spec.operatorEmail, spec.operatorPassword);
    await page.waitForSelector('[data-testid="nav-console"]', T);
    await page.click('[data-testid="nav-console"]');
    await page.waitForSelector('[data-testid="console-titles"]', T);
    await h.shot(page, '01-titles');
  });

  await h.step('create: violations next to the fields, then a draft', async () => {
    await page.click('[data-testid="console-tab-new"]');
    await page.waitForSelector('[data-testid="console-create"]', T);
    const form = '[data-testid="console-create"]';
    await page.fill(form + ' [data-field="year"]', '1500');
    await page.click('[data-testid="console-create-submit"]');
    await page.waitForSelector('[data-testid="violation-title"]', T);
    await page.waitForSelector('[data-testid="violation-year"]', T);
    facts.violations = {
      title: await page.textContent('[data-testid="violation-title"]'),
      year: await page.textContent('[data-testid="violation-year"]'),
      focused: await page.evaluate(() => document.activeElement && document.activeElement.dataset.field),
    };
    await h.shot(page, '02-new-title-violations');
    await page.fill(form + ' [data-field="title"]', spec.title);
    await page.fill(form + ' [data-field="year"]', '2026');
    await page.fill(form + ' [data-field="synopsis"]', 'A night train crosses a frozen country; nobody on it is who they say.');
    await page.fill(form + ' [data-field="cast"]', 'A. Actor, B. Actor');
    await page.fill(form + ' [data-field="genres"]', 'Drama, Thriller');
    await page.selectOption(form + ' [data-field="maturityRating"]', 'PG-13');
    await page.click('[data-testid="console-create-submit"]');
    await page.waitForSelector('[data-testid="console-title"][data-title-id]', T);
    facts.titleId = await page.getAttribute('[data-testid="console-title"]', 'data-title-id');
    facts.statusAfterCreate = await page.textContent('[data-testid="console-status"]');
    await page.waitForSelector('[data-testid="console-connection"][data-state="live"]', T);
    await page.waitForSelector('[data-testid="console-media"][data-media-status="none"]', T);
    await h.shot(page, '03-title-draft');
  });

  await h.step('upload through the file input: progress to 100 %', async () => {
    // Every value the bars and the media status take, as they change.
    await page.evaluate(() => {
      window.__seen = { upload: [], media: [] };
      const note = () => {
        const u = document.querySelector('[data-testid="upload-progress"]');
        if (u) {
          const p = Number(u.dataset.percent);
          if (window.__seen.upload[window.__seen.upload.length - 1] !== p) window.__seen.upload.push(p);
        }
        const m = document.querySelector('[data-testid="console-media"]');
        if (m) {
          const s = m.dataset.mediaStatus + ':' + m.dataset.percent;
          if (window.__seen.media[window.__seen.media.length - 1] !== s) window.__seen.media.push(s);
        }
      };
      new MutationObserver(note).observe(document.body, { subtree: true, attributes: true, childList: true });
    });
    await page.setInputFiles('[data-testid="console-file"]', spec.clip);
    await page.click('[data-testid="console-upload-submit"]');
    await page.waitForSelector('[data-testid="upload-done"]', { timeout: 60_000 });
    await page.waitForSelector('[data-testid="upload-progress"][data-percent="100"]', T);
    facts.uploadBytes = await page.textContent('[data-testid="upload-bytes"]');
    await h.shot(page, '04-uploaded');
  });

  await h.step('transcode pushed live until packaged', async () => {
    let shotWhileRunning = false;
    const status = await until('packaged or failed', async () => {
      const s = await page.getAttribute('[data-testid="console-media"]', 'data-media-status');
      if (!shotWhileRunning && s === 'transcoding') {
        const pct = Number(await page.getAttribute('[data-testid="console-media"]', 'data-percent'));
        if (pct > 0) {
          shotWhileRunning = true;
          await h.shot(page, '05-transcoding');
        }
      }
      return s === 'packaged' || s === 'failed' ? s : null;
    }, 240_000);
    facts.mediaStatus = status;
    facts.seen = await page.evaluate(() => window.__seen);
    facts.shotWhileTranscoding = shotWhileRunning;
    if (status === 'failed') {
      facts.failure = await page.textContent('[data-testid="console-failure"]');
      throw new Error('transcode failed: ' + facts.failure);
    }
    await page.waitForSelector('[data-testid="console-renditions"]', T);
    facts.renditions = await page.$$eval('[data-testid="console-renditions"] tbody tr', (rows) => rows.map((r) => r.cells[0].textContent.trim()));
    facts.playableTag = !!(await page.$('[data-testid="console-playable"]'));
    await h.shot(page, '06-packaged');
  });

  await h.step('publish, then the title is playable', async () => {
    await page.click('[data-testid="console-publish"]');
    await page.waitForSelector('[data-testid="console-title"][data-status="published"]', T);
    facts.statusAfterPublish = await page.textContent('[data-testid="console-status"]');
    await h.shot(page, '07-published');
    facts.catalog = await until('playable in the catalog', () => page.evaluate(async (id) => {
      const r = await fetch('/catalog/titles/' + id, { cache: 'no-store' });
      if (!r.ok) return null;
      const t = await r.json();
      return t.playable ? { playable: t.playable, title: t.title } : null;
    }, facts.titleId), 60_000);
  });

  await h.step("anonymous home: in the Ready to play row", async () => {
    const anon = await h.device('anonymous', VIEWPORTS.laptop);
    await until('the Ready to play row with the title', async () => {
      await anon.page.goto(base + '/#/home');
      try {
        await anon.page.waitForSelector(`[data-testid="row-playable"] [data-title-id="${facts.titleId}"]`, { timeout: 3000 });
        return true;
      } catch (e) {
        return false;
      }
    }, 60_000);
    facts.readyToPlayRow = await anon.page.textContent('[data-testid="row-playable"] .row-title');
    await h.shot(anon.page, '08-home-ready-to-play');
    await anon.context.close();
  });

  await h.step('titles: search finds the published title', async () => {
    await page.click('[data-testid="console-tab-titles"]');
    await page.waitForSelector('[data-testid="console-search"]', T);
    await until('a search hit', async () => {
      await page.fill('[data-testid="console-search"]', spec.title);
      await page.press('[data-testid="console-search"]', 'Enter');
      await page.waitForTimeout(300);
      return page.$(`[data-testid="console-title-link"][data-title-id="${facts.titleId}"]`);
    }, 30_000);
    await h.shot(page, '09-titles-search');
  });

  await h.step('import: streamed progress with counts and skipped lines', async () => {
    await page.click('[data-testid="console-tab-import"]');
    await page.setInputFiles('[data-testid="console-import-file"]', spec.importFile);
    facts.importSource = await page.inputValue('[data-testid="console-import-source"]');
    await page.click('[data-testid="console-import-start"]');
    await page.waitForSelector('[data-testid="import-progress"][data-done="true"]', { timeout: 60_000 });
    facts.import = {
      lines: await page.textContent('[data-testid="import-lines"]'),
      created: await page.textContent('[data-testid="import-created"]'),
      invalid: await page.textContent('[data-testid="import-invalid"]'),
      skipped: await page.textContent('[data-testid="import-skipped-count"]'),
      reasons: await page.$$eval('[data-testid="import-skipped"] tbody tr', (rows) => rows.map((r) => r.textContent)),
    };
    await h.shot(page, '10-import');
  });

  await h.step('search index: status and a rebuild with progress', async () => {
    await page.click('[data-testid="console-tab-index"]');
    await page.waitForSelector('[data-testid="console-index-status"]', T);
    facts.indexTitlesBefore = await page.textContent('[data-testid="index-titles"]');
    await h.shot(page, '11-index');
    await page.click('[data-testid="console-rebuild"]');
    await page.waitForSelector('text=Rebuild finished', { timeout: 120_000 });
    facts.indexTitlesAfter = await page.textContent('[data-testid="index-titles"]');
    await h.shot(page, '12-index-rebuilt');
  });

  await h.step('the title page on a phone', async () => {
    await page.setViewportSize(VIEWPORTS.phone);
    await page.goto(base + '/#/console/titles/' + facts.titleId);
    await page.waitForSelector('[data-testid="console-media"][data-media-status="packaged"]', T);
    facts.phoneOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await h.shot(page, '13-phone-title');
    await page.goto(base + '/#/console/new');
    await page.waitForSelector('[data-testid="console-create"]', T);
    await h.shot(page, '14-phone-new');
  });

  const viewer = await h.device('viewer', VIEWPORTS.laptop);
  await h.step('a viewer sees "operators only"', async () => {
    await signIn(viewer.page, base, spec.viewerEmail, spec.viewerPassword);
    facts.viewerHeaderHasConsole = !!(await viewer.page.$('[data-testid="nav-console"]'));
    await viewer.page.goto(base + '/#/console');
    await viewer.page.waitForSelector('[data-testid="console-operators-only"]', T);
    facts.viewerSees = await viewer.page.textContent('[data-testid="console-operators-only"] h1');
    await viewer.page.goto(base + '/#/console/titles/' + facts.titleId);
    await viewer.page.waitForSelector('[data-testid="console-operators-only"]', T);
    await h.shot(viewer.page, '15-viewer-operators-only');
  });

  await h.step('the viewer plays the new title, over TLS from the API to the edge', async () => {
    const vp = viewer.page;
    const plays = [];
    vp.on('response', async (r) => {
      if (r.request().method() === 'POST' && r.url().endsWith('/v1/play') && r.status() === 201) {
        const s = await r.json().catch(() => ({}));
        plays.push({ api: new URL(r.url()).protocol, edge: s.dashUrl ? new URL(s.dashUrl).origin : null });
      }
    });
    await vp.goto(base + '/#/profiles');
    await vp.click('[data-testid=profile][data-profile-id="main"]');
    await vp.waitForSelector('[data-testid=home]', T);
    await vp.goto(base + '/#/watch/' + facts.titleId);
    // Subscribed before the scenario began, so the entitlement is there; a 402 or 503 in the
    // meantime is retried as a viewer would.
    await until('the first seconds played', async () => {
      const st = await vp.evaluate(() => ({
        refused: Number(document.querySelector('[data-testid=watch-refused]')?.dataset.status || 0),
        playing: !!(window.reelPlayer && window.reelPlayer.state === 'playing' && window.reelPlayer.currentTime > 0.5),
      }));
      if (st.refused === 402 || st.refused === 503) {
        await vp.click('[data-testid=retry]');
      } else if (st.refused) {
        throw new Error('play refused with ' + st.refused);
      }
      return st.playing;
    }, 60_000);
    facts.viewerPlay = await vp.evaluate(() => ({
      page: window.location.protocol,
      height: window.reelPlayer.height,
      currentTime: window.reelPlayer.currentTime,
      secure: window.isSecureContext,
      serviceWorker: !!(navigator.serviceWorker && navigator.serviceWorker.controller),
    }));
    facts.viewerPlay.plays = plays;
    await h.shot(vp, '16-viewer-plays-over-tls');
  });
  return facts;
});
