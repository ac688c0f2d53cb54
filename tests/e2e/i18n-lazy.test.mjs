// Only Dutch is in the wasm: the English texts are a file (dist/i18n/en-<hash>.json) fetched
// when English is chosen, or before the app mounts when it was chosen before. A Dutch visit
// asks for nothing under i18n/; after a first visit the service worker has the file, so the
// switch works offline; a failed fetch keeps Dutch, says so, and the switch tries again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DIST, ROOT, controlled, launch, newPage, ready, requestsUnder, settled, withServer } from './harness.mjs';

const shell = (lang) => JSON.parse(fs.readFileSync(path.join(ROOT, 'crates/core/i18n', lang, 'shell.json'), 'utf8'));
const NL = shell('nl');
const EN = shell('en');

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const i18nRequests = (page) => requestsUnder(page, 'i18n/');

/** Waits until the shell shows `lang`'s texts: its menu, named and labelled in that language. */
async function shownIn(page, lang) {
  const texts = lang === 'en' ? EN : NL;
  await page.locator(`body > header.top nav[aria-label="${texts.main_menu}"]`).getByRole('link', { name: texts.my_scans }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), lang);
}

const storedLang = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('competentiescan.settings') ?? 'null')?.lang ?? null);

test('a Dutch visit fetches no texts; English is fetched once, shown, and kept across a reload', async () => {
  await withServer(DIST, async (server) => {
    const { page, context, problems } = await newPage(browser, { serviceWorkers: 'block' });
    const requests = i18nRequests(page);
    await page.goto(server.url + '#/');
    await ready(page);
    await shownIn(page, 'nl');
    await page.goto(server.url + '#/instellingen');
    await page.locator('h1', { hasText: 'Instellingen' }).waitFor();
    await settled(page);
    assert.deepEqual(requests, [], 'a Dutch visit');

    await page.getByRole('button', { name: NL.switch_language_label }).click();
    await shownIn(page, 'en');
    await page.locator('h1', { hasText: 'Settings' }).waitFor();
    assert.equal(requests.length, 1);
    assert.match(requests[0], /\/scan\/i18n\/en-[0-9a-f]{16}\.json$/);
    // Back and forth again: the table is installed, nothing is fetched twice.
    await page.getByRole('button', { name: EN.switch_language_label }).click();
    await shownIn(page, 'nl');
    await page.getByRole('button', { name: NL.switch_language_label }).click();
    await shownIn(page, 'en');
    assert.equal(requests.length, 1);
    assert.equal(await storedLang(page), 'en');

    await page.reload();
    await ready(page);
    await shownIn(page, 'en');
    await page.locator('h1', { hasText: 'Settings' }).waitFor();
    assert.equal(requests.length, 2, 'the new page fetches it before mounting');
    assert.equal(requests[1], requests[0]);
    assert.deepEqual(problems, []);
    await context.close();
  });
});

test('after a first visit the switch to English works with the server gone', async () => {
  await withServer(DIST, async (server) => {
    const { page, context, problems } = await newPage(browser);
    await page.goto(server.url + '#/');
    await ready(page);
    // Installed and controlling: the worker has precached the build, the English texts included.
    await controlled(page);
    await server.close();
    await context.setOffline(true);

    const tab = await context.newPage();
    await tab.goto(server.url + '#/');
    await ready(tab);
    await shownIn(tab, 'nl');
    await tab.getByRole('button', { name: NL.switch_language_label }).click();
    await shownIn(tab, 'en');
    assert.equal(await tab.getByTestId('english-failed').count(), 0);
    assert.deepEqual(problems, []);
    await context.close();
  });
});

test('a failed fetch keeps Dutch and says so, at the switch and at the start; pressing again retries', async () => {
  await withServer(DIST, async (server) => {
    const { page, context, problems } = await newPage(browser, { serviceWorkers: 'block' });
    await context.route('**/i18n/**', (r) => r.abort());
    await page.goto(server.url + '#/');
    await ready(page);
    const failed = page.getByTestId('english-failed');
    const english = page.getByRole('button', { name: NL.switch_language_label });

    await english.click();
    await failed.waitFor();
    assert.equal(await failed.innerText(), NL.english_failed);
    await shownIn(page, 'nl');
    assert.equal(await storedLang(page), null, 'nothing stored while English is not here');

    await context.unroute('**/i18n/**');
    await english.click();
    await shownIn(page, 'en');
    assert.equal(await failed.count(), 0);
    assert.equal(await storedLang(page), 'en');

    // English stored, the file unreachable: the app mounts in Dutch, says so, keeps the choice.
    await context.route('**/i18n/**', (r) => r.abort());
    await page.reload();
    await ready(page);
    await failed.waitFor();
    await shownIn(page, 'nl');
    assert.equal(await storedLang(page), 'en');
    await context.unroute('**/i18n/**');
    await english.click();
    await shownIn(page, 'en');
    assert.equal(await failed.count(), 0);
    // What the aborted requests left behind, and nothing else.
    assert.deepEqual(problems.filter((p) => !/i18n\/|English texts not loaded|Failed to load resource/.test(p)), []);
    await context.close();
  });
});
