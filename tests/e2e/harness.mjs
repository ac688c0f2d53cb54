// Shared set-up for the browser tests: one static server for the built dist/ (under a sub-path)
// and a fresh headless Chromium context per test, which records console errors, page errors
// and failed requests so every test can assert there were none.
import { chromium } from 'playwright-core';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = process.env.DIST ?? path.join(ROOT, 'dist');
export const SUBPATH = '/scan/';

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-dev-shm-usage',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * Runs `fn(server)` with a server of `root` of its own (for tests that stop it or switch its
 * build), closed afterwards.
 */
export async function withServer(root, fn) {
  const server = await serve({ root, prefix: SUBPATH });
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

/**
 * Records the URLs of the page's own requests under `dir` (e.g. 'frameworks/'), from now on;
 * the service worker's precache requests are not the page's.
 */
export function requestsUnder(page, dir) {
  const seen = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith(`${SUBPATH}${dir}`)) seen.push(r.url());
  });
  return seen;
}

/** Resolves once the service worker has precached the build and controls the page. */
export async function controlled(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    }
  });
}

/** Starts the server and the browser once for a test file. */
export async function setup() {
  const server = await serve({ root: DIST, prefix: SUBPATH });
  const browser = await launch();
  return {
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** A fresh browser profile (empty storage) with problem recording. */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => {
    // Trunk's SRI check on preload links logs a harmless warning; errors are what count.
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => {
    // ERR_ABORTED is a load the test's own navigation (reload, goto) cancelled, not a fault.
    const reason = r.failure()?.errorText;
    if (reason !== 'net::ERR_ABORTED') problems.push(`requestfailed: ${r.url()} ${reason}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`http ${r.status()}: ${r.url()}`);
  });
  return { context, page, problems };
}

/**
 * Waits until the wasm app has mounted and its screen is shown: its header is the body's child (index.html's static
 * start page has one too, inside #first-paint, which the app removes as it mounts).
 */
export async function ready(page) {
  await page.locator('body > header.top').waitFor();
  // A screen that needs the bundled frameworks shows a status until they are fetched.
  await page.locator('[data-testid=frameworks-loading]').waitFor({ state: 'detached' });
  // A screen whose code is a chunk of its own renders once the chunk is in: every screen has
  // one heading (or, when the frameworks or the chunk could not be fetched, says so).
  await page.locator('#main h1, [data-testid=frameworks-failed], [data-testid=screen-failed]').first().waitFor({ state: 'attached' });
}

/**
 * Resolves once the app has reacted to what just happened: Leptos runs effects as microtasks,
 * and microtasks always finish before the next animation frame. Ordering, not a timeout.
 */
export async function settled(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** Starts a scan through "Nieuwe scan", as a user does; returns the new scan's id. */
export async function startScan(page, baseUrl, { student = 'Sanne Jansen', framework = /Quick Scan/, details = true } = {}) {
  await page.goto(baseUrl + '#/nieuw');
  await ready(page);
  await page.getByRole('radio', { name: framework }).check();
  // A reflection framework asks for "Naam" and "Organisatie" (no student, no BPV).
  await page.getByLabel(/^Naam( student)?$/).fill(student);
  if (details) {
    await page.getByLabel('Opleiding').fill('Sociaal Werk niveau 4');
    await page.getByLabel(/^(BPV-organisatie|Organisatie)$/).fill('Buurtteam Oost');
  }
  await page.getByRole('button', { name: 'Scan starten' }).click();
  await page.locator('article.rating').first().waitFor();
  return new URL(page.url()).hash.split('/')[2];
}

/** Types a value in a row's number field and commits it (change event), as a user does. */
export async function rate(page, index, value) {
  const input = page.locator('article.rating input[type=number]').nth(index);
  await input.fill(String(value));
  await input.press('Tab');
}

/**
 * A small framework as the kader-sjabloon, in UTF-8: one werkproces, two items, two bands;
 * `id` and `title` tell the copies of different tests apart.
 */
export function templateCsv(id, title) {
  return [
    'Competentiescan-kader;1',
    `Id;${id}`,
    'Versie;1.0.0',
    `Titel;${title}`,
    'Taal;nl',
    'Doel;beoordeling',
    'Uitgever;ROC Midden',
    'Jaar;2026',
    'Document;Eigen scan',
    'Schaal;0;100;5;%',
    'Beoordelaars;student;supervisor',
    'Band;laag;MOET verbeteren;nog niet voldoende;Speerpunt.;ja;<55',
    'Band;hoog;GOED;goed;Geen speerpunt.;nee;',
    '',
    'Niveau;Soort;Code;Titel;Indicator',
    '1;Werkproces;W1;Ondersteunt de cliënt;',
    ';;W1-1;Aandacht tonen;luistert naar de cliënt',
    ';;W1-2;Rapporteren;legt afspraken vast',
  ].join('\r\n') + '\r\n';
}

/** Clicks `button` and saves the download it starts as `file`; returns `file`. */
export async function saveDownload(page, button, file) {
  const done = page.waitForEvent('download');
  await button.click();
  await (await done).saveAs(file);
  return file;
}

/** The BPV-begeleider's column of scan `id`, its first group. */
export async function openBpvColumn(page, baseUrl, id) {
  await page.goto(`${baseUrl}#/scan/${id}/bpv/1`);
  await page.locator('article.rating').first().waitFor();
}

/** Afronden of the BPV column with items left unrated: the warning, then "Toch afronden". */
export async function finishBpv(page) {
  await page.getByRole('button', { name: 'Scan afronden als BPV-begeleider' }).click();
  await page.getByRole('button', { name: 'Toch afronden' }).click();
  await page.getByText(/Afgerond door/).waitFor();
}

/**
 * One tap (touch) on row `index`'s slider where `value` lies, as a finger would; the page needs
 * a context with `hasTouch`. The thumb's centre runs from half a thumb in from each end.
 */
export async function tapRating(page, index, value, { min = 0, max = 100, thumb = 16 } = {}) {
  const slider = page.locator('article.rating input[type=range]').nth(index);
  // Scrolling to it is a swipe, not a tap.
  await slider.scrollIntoViewIfNeeded();
  const box = await slider.boundingBox();
  const x = box.x + thumb / 2 + ((value - min) / (max - min)) * (box.width - thumb);
  await page.touchscreen.tap(x, box.y + box.height / 2);
}
