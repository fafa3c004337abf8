// Shared by the web app's browser scenarios (viewer.mjs, console.mjs): one Chromium per run, a
// context per device, screenshots by name, the spec from stdin and ONE JSON line of result.
//
// A scenario: `run(async (h, spec) => { ... return facts; })`. Exit 0 whenever the result was
// printed (the Java test asserts on it); 3 when the harness itself failed, the reason on stderr.
import { chromium } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

const CHROMIUM = process.env.REEL_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--autoplay-policy=no-user-gesture-required',
];

/** Viewports the app must work on. */
export const VIEWPORTS = {
  laptop: { width: 1280, height: 800 },
  phone: { width: 375, height: 812 },
  tv: { width: 1920, height: 1080 },
};

/** The scenario's spec, a JSON object on stdin (it carries passwords, so never an argument). */
export async function readSpec() {
  const chunks = [];
  for await (const c of process.stdin) {
    chunks.push(c);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

/** The newest link to `path` (e.g. "/verify") mailed to `email` in the node's outbox file. */
export async function mailedLink(outbox, email, path, timeoutMs = 15000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    let text = '';
    try {
      text = await readFile(outbox, 'utf8');
    } catch (e) {
      // not written yet
    }
    const lines = text.split('\n').filter((l) => l.includes(email) && l.includes(path + '?token='));
    if (lines.length > 0) {
      const m = lines[lines.length - 1].match(/(https?:\/\/[^"\s\\]+\?token=[A-Za-z0-9_\-.%]+)/);
      if (m) {
        return m[1];
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('no ' + path + ' mail for ' + email + ' in ' + outbox);
}

export async function run(scenario) {
  let browser;
  const steps = [];
  const consoleErrors = [];
  try {
    const spec = await readSpec();
    const timer = setTimeout(() => {
      process.stderr.write('scenario timed out after ' + spec.timeoutMs + ' ms; steps: ' + JSON.stringify(steps) + '\n');
      process.exit(3);
    }, spec.timeoutMs || 120000);
    const launchedAt = Date.now();
    // A TLS node: Chromium trusts its key and no other (spec.trustSpki, base64 SHA-256 of the
    // certificate's public key); every other certificate error stays an error.
    const pinned = Array.isArray(spec.trustSpki) && spec.trustSpki.length > 0;
    const args = pinned
      ? [...CHROMIUM_ARGS, '--ignore-certificate-errors-spki-list=' + spec.trustSpki.join(',')]
      : CHROMIUM_ARGS;
    browser = await chromium.launch({ executablePath: CHROMIUM, args });
    const h = {
      browser,
      steps,
      consoleErrors,
      launchMs: Date.now() - launchedAt,
      /**
       * A new device: its own storage, cookies and service worker; `options` are Playwright's
       * context options (a userAgent, say).
       */
      async device(name, viewport = VIEWPORTS.laptop, options = {}) {
        const context = await browser.newContext({ viewport, ignoreHTTPSErrors: !pinned, ...options });
        const page = await context.newPage();
        page.on('console', (m) => {
          if (m.type() === 'error') {
            consoleErrors.push({ device: name, text: m.text().slice(0, 300) });
          }
        });
        page.on('pageerror', (e) => consoleErrors.push({ device: name, text: String(e).slice(0, 300) }));
        return { context, page, name };
      },
      /** A full-page screenshot named `name`.png in the scenario's directory. */
      async shot(page, name) {
        const file = join(spec.screenshots, name + '.png');
        await page.screenshot({ path: file, fullPage: false });
        return file;
      },
      /** Records a step and how long it took: the result lists them in order. */
      async step(name, fn) {
        const t0 = Date.now();
        try {
          const value = await fn();
          steps.push({ name, ms: Date.now() - t0, ok: true });
          return value;
        } catch (e) {
          steps.push({ name, ms: Date.now() - t0, ok: false, error: String(e).slice(0, 500) });
          throw e;
        }
      },
    };
    let facts;
    let failure = null;
    try {
      facts = await scenario(h, spec);
    } catch (e) {
      failure = String(e && e.stack ? e.stack : e).slice(0, 2000);
    }
    clearTimeout(timer);
    process.stdout.write(JSON.stringify({ ok: failure === null, failure, facts: facts || null, steps, consoleErrors }) + '\n');
    await browser.close();
    process.exit(0);
  } catch (e) {
    process.stderr.write(String(e && e.stack ? e.stack : e) + '\n');
    if (browser) {
      await browser.close().catch(() => {});
    }
    process.exit(3);
  }
}
