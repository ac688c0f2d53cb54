// The cross-engine harness: Chromium, Firefox and WebKit driven through classic WebDriver by
// selenium-webdriver, each engine through its own driver server (chromedriver, geckodriver,
// WebKitWebDriver) that this file starts on a free port and stops by its process group.
//
// Only classic WebDriver: WebKitWebDriver has no BiDi, no log endpoint and no CDP, so page
// errors are recorded by the page itself. `probeBuild` copies dist/ and adds one same-origin
// script (allowed by the CSP's 'self', precached like every file) that stores `error`,
// `unhandledrejection` and `console.error` where `problems()` reads them. Downloads land in a
// directory per engine (prefs for Chromium and Firefox; WebKit saves into $HOME, so the
// driver's HOME is that directory).
//
// Nothing here may download a driver or a browser: selenium-manager runs only when no server
// URL is given, and every session is created against an explicit server URL.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Capabilities, WebDriver, By, Key } from 'selenium-webdriver';
import { Executor, HttpClient } from 'selenium-webdriver/http/index.js';
import { ROOT, DIST } from '../harness.mjs';

export { By, Key };

const CHROMIUM_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-dev-shm-usage',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--window-size=1280,900',
];

/**
 * The three engines. `lacks` is what the engine does not offer, so a flow can assert the
 * app's fallback there (and that the feature is really missing, so the fallback is tested).
 */
export const ENGINES = {
  chromium: {
    command: (port) => [process.env.CHROMEDRIVER ?? '/usr/bin/chromedriver', [`--port=${port}`]],
    capabilities: (downloads) => ({
      browserName: 'chrome',
      'goog:chromeOptions': {
        binary: process.env.CHROMIUM ?? '/usr/bin/chromium',
        args: CHROMIUM_FLAGS,
        prefs: {
          'download.default_directory': downloads,
          'download.prompt_for_download': false,
        },
      },
    }),
    lacks: { storageManager: false },
  },
  firefox: {
    command: (port) => [process.env.GECKODRIVER ?? 'geckodriver', ['--port', String(port), '--log', 'warn']],
    capabilities: (downloads) => ({
      browserName: 'firefox',
      'moz:firefoxOptions': {
        binary: process.env.FIREFOX ?? '/usr/bin/firefox-esr',
        args: ['-headless', '-width', '1280', '-height', '900'],
        prefs: {
          'browser.download.folderList': 2,
          'browser.download.dir': downloads,
          'browser.download.useDownloadDir': true,
          'browser.download.always_ask_before_handling_new_types': false,
          'browser.helperApps.neverAsk.saveToDisk': 'application/json',
        },
      },
    }),
    lacks: { storageManager: false },
  },
  webkit: {
    // MiniBrowser has no headless mode: it runs on a virtual X display.
    command: (port) => ['xvfb-run', ['-a', '-s', '-screen 0 1280x1024x24', process.env.WEBKITWEBDRIVER ?? 'WebKitWebDriver', `--port=${port}`]],
    // WebKitGTK saves downloads into $HOME: the driver (and so the browser) gets the directory as HOME.
    env: (downloads) => ({ HOME: downloads }),
    capabilities: () => ({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': {
        binary: process.env.MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
        args: ['--automation'],
      },
    }),
    // The Storage API (navigator.storage) is not enabled in WebKitGTK.
    lacks: { storageManager: true },
  },
};

/** The engines to run: all three, or those named in $ENGINES (comma-separated) while debugging. */
export function selectedEngines() {
  const names = (process.env.ENGINES ?? Object.keys(ENGINES).join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) if (!ENGINES[n]) throw new Error(`unknown engine "${n}" (known: ${Object.keys(ENGINES)})`);
  return names;
}

const PROBE_FILE = 'test-probe.js';
const PROBE_KEY = 'test-probe.problems';
// Runs before the app (a classic script in <head> blocks parsing; Trunk's loader is a module,
// which runs after parsing). sessionStorage survives reloads in the same tab and is separate
// from the localStorage a flow may fill to its quota; if it throws, a window array is used.
const PROBE = `// Test-only: added by tests/e2e/engines to a copy of dist/, never shipped.
(() => {
  const record = (text) => {
    try {
      const list = JSON.parse(sessionStorage.getItem('${PROBE_KEY}') || '[]');
      list.push(String(text));
      sessionStorage.setItem('${PROBE_KEY}', JSON.stringify(list));
    } catch (_) {
      (window.__probeProblems = window.__probeProblems || []).push(String(text));
    }
  };
  addEventListener('error', (e) => {
    if (e.target && e.target !== window) record('resource: ' + (e.target.src || e.target.href || e.target.tagName));
    else record('pageerror: ' + e.message);
  }, true);
  addEventListener('unhandledrejection', (e) => record('unhandledrejection: ' + (e.reason && e.reason.stack || e.reason)));
  const error = console.error;
  console.error = function (...args) { record('console: ' + args.join(' ')); return error.apply(this, args); };
})();
`;

/**
 * A copy of dist/ with the probe script as the first script of index.html, finished by the
 * same post-build steps as a release build (CSP, service worker list and version, .br/.gz).
 */
export function probeBuild(dir) {
  fs.cpSync(DIST, dir, { recursive: true });
  fs.writeFileSync(path.join(dir, PROBE_FILE), PROBE);
  const index = path.join(dir, 'index.html');
  const html = fs.readFileSync(index, 'utf8');
  const probed = html.replace('<title>', `<script src="${PROBE_FILE}"></script><title>`);
  if (probed === html) throw new Error('probeBuild: no <title> in index.html to put the probe before');
  fs.writeFileSync(index, probed);
  execFileSync('node', [path.join(ROOT, 'scripts/precache.mjs'), dir], { stdio: 'ignore' });
  // Else the server would send the .br/.gz of the unprobed index.html and sw.js.
  execFileSync('node', [path.join(ROOT, 'scripts/precompress.mjs'), dir], { stdio: 'ignore' });
  return dir;
}

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resolves once the driver server answers /status with ready; rejects if it exits first. */
async function whenReady(url, child, log) {
  let exited = null;
  child.once('exit', (code) => { exited = code; });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== null) throw new Error(`driver exited with ${exited} before it was ready; see ${log}`);
    try {
      const res = await fetch(`${url}/status`);
      if (res.ok && (await res.json()).value?.ready) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`driver not ready after 60 s; see ${log}`);
    // Polls a condition (the server answering); the interval is not what the result depends on.
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts the engine's driver server. Returns { name, url, downloads, session(), stop() }.
 * The server runs in its own process group so stop() ends it and every browser it started.
 */
export async function startEngine(name, tmp) {
  const engine = ENGINES[name];
  const downloads = fs.mkdtempSync(path.join(tmp, `${name}-downloads-`));
  const log = path.join(tmp, `${name}-driver.log`);
  let driver = await launchDriver(engine, downloads, log);
  return {
    name,
    get url() { return driver.url; },
    downloads,
    lacks: engine.lacks,
    /**
     * A new browser session: a fresh profile with empty storage. WebKitWebDriver has been seen
     * (once in some forty sessions) never to answer a new-session request: after SESSION_WAIT
     * the driver is restarted and asked once more, so a wedged driver fails the flow with a
     * message instead of hanging the suite. A second silence is that failure.
     */
    async session() {
      for (let attempt = 1; ; attempt++) {
        try {
          return await withDeadline(newSession(engine, driver.url, downloads), SESSION_WAIT,
            `${name}: no new session after ${SESSION_WAIT / 1000} s (attempt ${attempt}); see ${log}`);
        } catch (e) {
          if (attempt === 2 || !e.deadline) throw e;
          console.log(`${e.message}: restarting the driver`);
          await driver.stop();
          driver = await launchDriver(engine, downloads, log);
        }
      }
    },
    stop: () => driver.stop(),
  };
}

const SESSION_WAIT = 90_000;

async function newSession(engine, url, downloads) {
  const executor = new Executor(new HttpClient(url));
  const driver = await WebDriver.createSession(executor, new Capabilities(engine.capabilities(downloads)));
  await driver.manage().setTimeouts({ script: 30_000, pageLoad: 60_000 });
  return new Page(driver, downloads);
}

/** `promise`, or an error marked `deadline` once `ms` have passed without it settling. */
function withDeadline(promise, ms, message) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(message), { deadline: true })), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Spawns the driver server on a free port; resolves once it is ready. */
async function launchDriver(engine, downloads, log) {
  const port = await freePort();
  const [cmd, args] = engine.command(port);
  const out = fs.openSync(log, 'a');
  const child = spawn(cmd, args, {
    detached: true,
    stdio: ['ignore', out, out],
    env: { ...process.env, ...(engine.env?.(downloads) ?? {}) },
  });
  fs.closeSync(out);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
    await gone;
  };
  try {
    await whenReady(url, child, log);
  } catch (e) {
    await stop();
    throw e;
  }
  return { url, stop };
}

const WAIT = 20_000;

/** One browser session, with the few helpers the flows need. */
/** Runs in the page: the app's header is there, and its screen (see `ready`). */
function shown() {
  return document.querySelector('body > header.top') !== null
    && document.querySelector('[data-testid=frameworks-loading]') === null
    && document.querySelector('[data-testid=screen-loading]') === null
    && document.querySelector('#main h1, [data-testid=frameworks-failed], [data-testid=screen-failed]') !== null;
}

export class Page {
  constructor(driver, downloads) {
    this.driver = driver;
    this.downloads = downloads;
  }

  quit() { return this.driver.quit(); }

  /** Runs `fn(...args)` in the page and returns its result. */
  run(fn, ...args) { return this.driver.executeScript(fn, ...args); }

  /**
   * Waits until `fn(...args)`, run in the page, returns something truthy, and returns it. A
   * page that is navigating (reload) counts as not yet.
   */
  async until(fn, args = [], message = String(fn)) {
    let last;
    try {
      return await this.driver.wait(async () => {
        try {
          last = await this.driver.executeScript(fn, ...args);
          return last;
        } catch (e) {
          last = e.message;
          return false;
        }
      }, WAIT);
    } catch (e) {
      throw new Error(`waited ${WAIT / 1000} s for ${message}; last result: ${JSON.stringify(last)}`, { cause: e });
    }
  }

  /** Waits for an element matching `css` whose text contains `text` (a string or a RegExp source). */
  async waitText(css, text = '') {
    const pattern = text instanceof RegExp ? text.source : text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const flags = text instanceof RegExp ? text.flags : '';
    return this.until((css, pattern, flags) => {
      const re = new RegExp(pattern, flags);
      const hit = [...document.querySelectorAll(css)].find((e) => re.test(e.textContent));
      return hit ? hit.textContent : null;
    }, [css, pattern, flags], `"${text}" in ${css}`);
  }

  /** Opens `url` and waits until the wasm app has mounted (its header is the body's child;
   * index.html's static one is inside #first-paint). */
  async open(url) {
    await this.driver.get(url);
    await this.ready();
  }

  /** The app has mounted and its screen is shown: not the status while frameworks load, and
   * a screen whose code is a chunk of its own has rendered its heading (or said why not). */
  ready() {
    return this.until(shown, [], 'the app to mount');
  }

  /**
   * Reloads the way a user does (`location.reload()`, a normal reload: geckodriver's refresh
   * is a force-reload that bypasses the service worker) and waits for the new document's app.
   */
  async reload() {
    await this.run(() => { window.__beforeReload = true; setTimeout(() => location.reload()); });
    await this.until(() => !window.__beforeReload && document.readyState === 'complete', [], 'the reloaded page');
    await this.ready();
  }

  /** Navigates inside the app by hash (no page load), as its links do. */
  async go(hash) {
    await this.run((h) => { location.hash = h; }, hash);
    await this.until((h) => location.hash === h, [hash]);
    // The hashchange has switched the screen (synchronously) by the next script: a screen
    // whose chunk is not in yet shows its status until it is.
    await this.ready();
  }

  find(css) { return this.driver.findElement(By.css(css)); }
  /** Waits for the `i`-th element matching `css` and returns it. */
  nth(css, i) {
    return this.until((css, i) => document.querySelectorAll(css)[i] ?? null, [css, i], `${css} #${i}`);
  }
  /** Waits for the element matching `css` whose trimmed text is exactly `text`, and returns it. */
  button(text, css = 'button') {
    return this.until((css, text) => [...document.querySelectorAll(css)].find((b) => b.textContent.trim() === text) ?? null,
      [css, text], `${css} "${text}"`);
  }
  async click(text, css = 'button') { await (await this.button(text, css)).click(); }

  /**
   * Types over a field's text as a user does, then Tab, so `change` fires once with the typed
   * value in every engine. The old text is emptied without events first: the driver's clear()
   * would commit an empty value of its own, and Ctrl+A through geckodriver left the control key
   * down (the typed letters became shortcuts).
   */
  async type(element, text) {
    await this.run((e) => { e.value = ''; }, element);
    await element.sendKeys(String(text), Key.TAB);
  }

  /** What the probe recorded in this tab (page errors, rejections, console errors). */
  problems() {
    return this.run((key) => {
      let stored = [];
      try { stored = JSON.parse(sessionStorage.getItem(key) || '[]'); } catch (_) { /* unreadable: none */ }
      return stored.concat(window.__probeProblems || []);
    }, PROBE_KEY);
  }

  /** Waits for a finished download matching `pattern` that was not in `before`; returns its path. */
  async download(before, pattern) {
    let found;
    await this.driver.wait(() => {
      const files = fs.readdirSync(this.downloads);
      found = files.find((f) => !before.includes(f) && pattern.test(f));
      // Until a download is complete Chromium has a *.crdownload, Firefox a *.part (next to an
      // empty file of the final name) and WebKit a *.download.
      const busy = files.some((f) => /\.(crdownload|part|download)$/.test(f));
      return Boolean(found) && !busy && fs.statSync(path.join(this.downloads, found)).size > 0;
    }, WAIT, `a download matching ${pattern} in ${this.downloads}`);
    return path.join(this.downloads, found);
  }
  downloaded() { return fs.readdirSync(this.downloads); }
}

export function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cs-engines-'));
}
