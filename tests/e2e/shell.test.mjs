// Foundation: the built app opens in headless Chromium from a sub-path, shows the Dutch start
// page without errors, keeps its screen across a reload, and keeps what it stores.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, newPage, ready, settled } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

test('start page renders in Dutch, with no console errors or failed requests', async () => {
  const { page, problems, context } = await newPage(env.browser);
  await page.goto(env.server.url);
  await ready(page);
  assert.equal(await page.locator('main h1').textContent(), 'Competentiescan');
  assert.equal(await page.getAttribute('html', 'lang'), 'nl');
  const actions = await page.locator('nav.actions a').allTextContents();
  for (const label of ['Nieuwe scan', 'Mijn scans', 'Bestand openen']) {
    assert.ok(actions.includes(label), `start page offers "${label}" (got ${actions})`);
  }
  assert.match(await page.locator('main').textContent(), /blijven op dit apparaat/);
  assert.equal(await page.title(), 'Start · Competentiescan');
  assert.deepEqual(problems, []);
  await context.close();
});

test('navigating to another screen and reloading keeps you there (under a sub-path)', async () => {
  const { page, problems, context } = await newPage(env.browser);
  await page.goto(env.server.url);
  await ready(page);
  await page.getByRole('link', { name: 'Instellingen' }).click();
  await page.locator('main h1', { hasText: 'Instellingen' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/scan/');
  assert.equal(new URL(page.url()).hash, '#/instellingen');
  await page.reload();
  await ready(page);
  assert.equal(await page.locator('main h1').textContent(), 'Instellingen');
  assert.equal(await page.getAttribute('header nav a[aria-current="page"]', 'href'), '#/instellingen');
  await page.goBack();
  await page.locator('main h1', { hasText: 'Competentiescan' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('an unknown screen says so and links home', async () => {
  const { page, context } = await newPage(env.browser);
  await page.goto(env.server.url + '#/bestaat-niet');
  await ready(page);
  assert.equal(await page.locator('main h1').textContent(), 'Pagina niet gevonden');
  await page.getByRole('link', { name: 'Naar start' }).click();
  await page.locator('main h1', { hasText: 'Competentiescan' }).waitFor();
  await context.close();
});

test('a value the app writes to localStorage survives a reload', async () => {
  const { page, problems, context } = await newPage(env.browser);
  await page.goto(env.server.url + '#/instellingen');
  await ready(page);
  await page.getByLabel('Je naam').fill('Aïcha de Vries');
  await page.waitForFunction(() => /Aïcha/.test(localStorage.getItem('competentiescan.settings') ?? ''));
  const stored = await page.evaluate(() => localStorage.getItem('competentiescan.settings'));
  assert.deepEqual(JSON.parse(stored), { version: 1, name: 'Aïcha de Vries', lang: 'nl', installHintDismissed: false });
  await page.reload();
  await ready(page);
  // prop:value is applied by an effect: wait for it rather than read at once.
  await page.waitForFunction(() => document.getElementById('settings-name')?.value === 'Aïcha de Vries');
  assert.deepEqual(problems, []);
  await context.close();
});

test('stored settings from a newer app version are left untouched and reported', async () => {
  const { page, context } = await newPage(env.browser);
  await page.goto(env.server.url);
  await ready(page);
  const newer = JSON.stringify({ version: 99, name: 'Toekomst', extra: [1, 2] });
  await page.evaluate((v) => localStorage.setItem('competentiescan.settings', v), newer);
  await page.goto(env.server.url + '#/instellingen');
  await page.reload();
  await ready(page);
  assert.match(await page.getByRole('alert').textContent(), /nieuwere versie/);
  await page.getByLabel('Je naam').fill('overschrijven?');
  await settled(page);
  assert.equal(await page.evaluate(() => localStorage.getItem('competentiescan.settings')), newer);
  await context.close();
});

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

// Shown to fail: with the stored dismissal ignored (`dismissed: false` in HomeScreenHint) the
// hint was still there after the reload.
test('a tab without an install prompt shows the home-screen hint until it is dismissed', async () => {
  const { page, problems, context } = await newPage(env.browser);
  await page.goto(env.server.url);
  await ready(page);
  const hint = page.getByTestId('home-screen-hint');
  await hint.getByRole('heading', { name: 'Zet de app op je beginscherm' }).waitFor();
  assert.match(await hint.textContent(), /Safari wist de gegevens van een website na 7 dagen/);
  assert.match(await hint.textContent(), /Delen → Zet op beginscherm/);
  await hint.getByRole('button', { name: 'Begrepen, niet meer tonen' }).click();
  await page.waitForFunction(() => /"installHintDismissed":true/.test(localStorage.getItem('competentiescan.settings') ?? ''));
  await page.reload();
  await ready(page);
  await settled(page);
  assert.equal(await hint.count(), 0, 'dismissed stays dismissed');
  await page.getByRole('link', { name: 'Instellingen' }).click();
  await hint.getByRole('heading', { name: 'Zet de app op je beginscherm' }).waitFor();
  assert.equal(await hint.getByRole('button').count(), 0, 'Instellingen always shows it, nothing to dismiss');
  assert.deepEqual(problems, []);
  await context.close();
});

test('on an iPhone the hint names Delen; a browser that offers its own prompt gets none', async () => {
  const { page, problems, context } = await newPage(env.browser, { userAgent: IPHONE });
  await page.goto(env.server.url);
  await ready(page);
  const hint = page.getByTestId('home-screen-hint');
  await hint.getByText('tik in Safari op Delen').waitFor();
  await page.evaluate(() => window.dispatchEvent(new Event('beforeinstallprompt')));
  await settled(page);
  assert.equal(await hint.count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

// Shown to fail: with `service_worker::register` called again inside UpdateBanner (which the
// shell re-renders on a language switch), the counts were above 1.
test('a language switch registers nothing again', async () => {
  const { page, problems, context } = await newPage(env.browser);
  await context.addInitScript(() => {
    const counts = { register: 0, visibilitychange: 0, beforeinstallprompt: 0 };
    window.__counts = counts;
    const register = ServiceWorkerContainer.prototype.register;
    ServiceWorkerContainer.prototype.register = function (...args) {
      counts.register += 1;
      return register.apply(this, args);
    };
    const add = EventTarget.prototype.addEventListener;
    EventTarget.prototype.addEventListener = function (type, ...rest) {
      if (type in counts) counts[type] += 1;
      return add.call(this, type, ...rest);
    };
  });
  await page.goto(env.server.url);
  await ready(page);
  await page.waitForFunction(() => window.__counts.visibilitychange >= 1);
  for (const [button, lang] of [['English', 'en'], ['Nederlands', 'nl'], ['English', 'en'], ['Nederlands', 'nl']]) {
    await page.getByRole('button', { name: button }).click();
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  }
  await settled(page);
  assert.deepEqual(await page.evaluate(() => window.__counts), { register: 1, visibilitychange: 1, beforeinstallprompt: 1 });
  assert.deepEqual(problems, []);
  await context.close();
});
