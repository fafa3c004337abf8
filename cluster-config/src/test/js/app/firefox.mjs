// The viewer app in Firefox (Debian's firefox-esr, driven over WebDriver BiDi by puppeteer-core:
// Playwright drives only its own patched Firefox, which is not in any package registry). A
// subscribed viewer signs in, picks a profile, sees the home rows, finds the title by a typo,
// opens it, plays it to a decoded picture (H.264 through the system's libavcodec, ClearKey from
// Reel's licence server), pauses and resumes with the space bar, and home fits a phone.
//
// Spec: { base, email, password, titleId, typo, screenshots, timeoutMs }. Prints ONE JSON line:
// { ok, failure, facts, steps, consoleErrors }; exit 0 whenever it printed it.
import puppeteer from 'puppeteer-core';
import { join } from 'node:path';
import { readSpec } from './harness.mjs';

const FIREFOX = process.env.REEL_FIREFOX || '/usr/bin/firefox-esr';
const WAIT = 45000;

const spec = await readSpec();
const steps = [];
const consoleErrors = [];
const facts = { cspViolations: [], uncaught: [] };
let browser;
const timer = setTimeout(() => {
  process.stderr.write('scenario timed out; steps: ' + JSON.stringify(steps) + '\n');
  process.exit(3);
}, spec.timeoutMs || 120000);

async function step(name, fn) {
  const t0 = Date.now();
  try {
    const v = await fn();
    steps.push({ name, ms: Date.now() - t0, ok: true });
    return v;
  } catch (e) {
    steps.push({ name, ms: Date.now() - t0, ok: false, error: String(e).slice(0, 500) });
    throw e;
  }
}

const shot = (page, name) => page.screenshot({ path: join(spec.screenshots, name + '.png') });
const visible = (page, sel) => page.waitForSelector(sel, { visible: true, timeout: WAIT });
/**
 * Polls `fn` in the page until it returns something truthy. Not waitForFunction: over BiDi that
 * builds its poller with Function(), which the app's CSP (no 'unsafe-eval') rightly blocks.
 */
async function until(page, fn, ...args) {
  const end = Date.now() + WAIT;
  for (;;) {
    const v = await page.evaluate(fn, ...args);
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting for ' + String(fn).slice(0, 120));
    await new Promise((r) => setTimeout(r, 100));
  }
}

let failure = null;
try {
  const launchedAt = Date.now();
  browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    defaultViewport: { width: 1280, height: 800 },
    // Autoplay after a click is allowed anyway; this keeps a slow first frame from being blocked.
    extraPrefsFirefox: { 'media.autoplay.default': 0 },
  });
  facts.launchMs = Date.now() - launchedAt;
  facts.browser = await browser.version();
  const page = await browser.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') {
      const text = m.text().slice(0, 300);
      consoleErrors.push({ text });
      if (/Content[- ]Security[- ]Policy|CSP violation/i.test(text)) facts.cspViolations.push(text);
    }
  });
  page.on('pageerror', (e) => facts.uncaught.push(String(e).slice(0, 300)));
  await page.evaluateOnNewDocument(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI);
    });
  });
  const base = spec.base.replace(/\/$/, '');

  await step('sign in', async () => {
    await page.goto(base + '/#/signin');
    await visible(page, '[data-testid=signin] [data-testid=email]');
    await page.type('[data-testid=signin] [data-testid=email]', spec.email);
    await page.type('[data-testid=signin] [data-testid=password]', spec.password);
    await page.click('[data-testid=signin] [data-testid=submit]');
    await visible(page, '[data-testid=profiles]');
    facts.userAgent = await page.evaluate(() => navigator.userAgent);
  });
  await step('choose a profile; home', async () => {
    await visible(page, '[data-testid=profile][data-profile-id="main"]');
    await page.click('[data-testid=profile][data-profile-id="main"]');
    await visible(page, '[data-testid=home]');
    await until(page, () => !!document.querySelector('[data-testid=home] .rows .row, [data-testid=home] .empty'));
    facts.homeRows = await page.$$eval('[data-testid=home] .row', (rows) => rows.map((r) => r.dataset.rowId));
    await shot(page, 'firefox-home');
  });
  await step('search with a typo', async () => {
    await page.click('.nav a[href="#/search"]');
    await visible(page, '[data-testid=search-input]');
    await page.type('[data-testid=search-input]', spec.typo);
    await until(page, (q) => {
      const el = document.querySelector('[data-testid=result-count]');
      return !!el && el.textContent.includes('“' + q + '”');
    }, spec.typo);
    facts.typoResults = await page.$$eval('[data-testid=result]', (els) => els.map((e) => e.dataset.titleId));
    await shot(page, 'firefox-search');
  });
  await step('the title page', async () => {
    await page.evaluate((t) => { window.location.hash = '#/title/' + t; }, String(spec.titleId));
    await visible(page, '[data-testid=title-name]');
    facts.titleName = (await page.$eval('[data-testid=title-name]', (e) => e.textContent)).trim();
    await shot(page, 'firefox-title');
  });
  await step('play to a decoded picture', async () => {
    await visible(page, '[data-testid=play]');
    const clickAt = Date.now();
    await page.click('[data-testid=play]');
    const deadline = Date.now() + 60000;
    for (;;) {
      const s = await page.evaluate(() => ({
        refused: Number(document.querySelector('[data-testid=watch-refused]')?.dataset.status || 0),
        failed: document.querySelector('[data-testid=watch] [data-testid=play-error]')?.textContent || null,
        playing: !!(window.reelPlayer && window.reelPlayer.state === 'playing' && window.reelPlayer.currentTime > 0.5),
      }));
      if (s.playing) break;
      if (s.failed) throw new Error('playback failed: ' + s.failed);
      if (s.refused && (![402, 503].includes(s.refused) || Date.now() > deadline)) {
        throw new Error('play refused with ' + s.refused);
      }
      if (s.refused) {
        await new Promise((r) => setTimeout(r, 750));
        await page.click('[data-testid=retry]');
      }
      if (Date.now() > deadline) throw new Error('no picture within 60 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    facts.clickToPlayingMs = Date.now() - clickAt;
    facts.player = await page.evaluate(() => ({
      height: window.reelPlayer.height, startupMs: window.reelPlayer.startupMs,
      currentTime: window.reelPlayer.currentTime, errors: (window.reelPlayer.errors || []).slice(-3),
    }));
    await shot(page, 'firefox-player');
  });
  await step('space pauses and plays', async () => {
    await page.keyboard.press(' ');
    await until(page, () => window.reelPlayer.paused === true);
    const at = await page.evaluate(() => window.reelPlayer.currentTime);
    await page.keyboard.press(' ');
    await until(page, (t) => window.reelPlayer.paused === false && window.reelPlayer.currentTime > t, at);
    facts.spaceToggles = true;
  });
  await step('home on a phone', async () => {
    await visible(page, '[data-testid=back]');
    await page.click('[data-testid=back]');
    await visible(page, '[data-testid=title-name]');
    await page.setViewport({ width: 375, height: 812 });
    await page.evaluate(() => { window.location.hash = '#/home'; });
    await visible(page, '[data-testid=home]');
    await until(page, () => !!document.querySelector('[data-testid=home] .rows .row'));
    facts.phoneOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    await shot(page, 'firefox-phone-home');
  });
} catch (e) {
  failure = String(e && e.stack ? e.stack : e).slice(0, 2000);
}
clearTimeout(timer);
process.stdout.write(JSON.stringify({ ok: failure === null, failure, facts, steps, consoleErrors }) + '\n');
if (browser) {
  await browser.close().catch(() => {});
}
process.exit(0);
