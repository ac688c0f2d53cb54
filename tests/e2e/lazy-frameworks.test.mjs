// The bundled frameworks are files next to the app, fetched when a screen first needs them: the
// start page asks for none; Nieuwe scan fetches and lists all five; after a first visit the
// service worker has them, so a scan starts offline; a failed fetch says so and retries.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DIST, ROOT, controlled, launch, newPage, ready, requestsUnder, settled, startScan, rate, withServer } from './harness.mjs';

// The shipped frameworks' titles, in file-name order (the order Nieuwe scan lists them in).
const TITLES = fs.readdirSync(path.join(ROOT, 'frameworks'))
  .filter((f) => f.endsWith('.json') && f !== 'schema.json')
  .sort()
  .map((f) => JSON.parse(fs.readFileSync(path.join(ROOT, 'frameworks', f), 'utf8')).title);

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const frameworkRequests = (page) => requestsUnder(page, 'frameworks/');

/** The framework choices on Nieuwe scan, once they are listed. */
async function listed(page) {
  await page.getByRole('radio').first().waitFor();
  return page.locator('input[name=framework]').evaluateAll((xs) => xs.map((x) => x.closest('label').innerText));
}

function assertAllFive(choices) {
  assert.equal(TITLES.length, 5);
  assert.equal(choices.length, 5);
  choices.forEach((choice, i) => assert.ok(choice.startsWith(TITLES[i]), `${choice} is ${TITLES[i]}`));
}

test('the start page fetches no framework; Nieuwe scan fetches and lists all five', async () => {
  await withServer(DIST, async (server) => {
    const { page, context, problems } = await newPage(browser);
    const requests = frameworkRequests(page);
    await page.goto(server.url + '#/');
    await ready(page);
    await page.getByRole('link', { name: 'Nieuwe scan' }).first().waitFor();
    await page.goto(server.url + '#/instellingen');
    await page.locator('h1', { hasText: 'Instellingen' }).waitFor();
    await settled(page);
    assert.deepEqual(requests, [], 'start page and Instellingen');

    await page.goto(server.url + '#/nieuw');
    assertAllFive(await listed(page));
    assert.equal(requests.length, 5);
    assert.ok(requests.every((u) => /\/frameworks\/[a-z0-9-]+-[0-9a-f]{16}\.json$/.test(u)), requests.join('\n'));
    assert.deepEqual(problems, []);
    await context.close();
  });
});

test('after a first visit a scan starts and is rated with the server gone', async () => {
  await withServer(DIST, async (server) => {
    const { page, context, problems } = await newPage(browser);
    await page.goto(server.url + '#/');
    await ready(page);
    // Installed and controlling: the worker has precached the build, framework files included.
    await controlled(page);
    await server.close();
    await context.setOffline(true);

    const tab = await context.newPage();
    await tab.goto(server.url + '#/nieuw');
    await ready(tab);
    assertAllFive(await listed(tab));
    const id = await startScan(tab, server.url, { student: 'Noor Zonder Net' });
    await rate(tab, 0, 40);
    await tab.reload();
    await ready(tab);
    await tab.locator('article.rating').first().waitFor();
    assert.equal(await tab.locator('article.rating input[type=number]').first().inputValue(), '40');
    const stored = await tab.evaluate((id) => localStorage.getItem(`competentiescan.draft.${id}`), id);
    assert.match(stored ?? '', /Noor Zonder Net/);
    assert.deepEqual(problems, []);
    await context.close();
  });
});

test('a failed fetch says so, with a retry that loads the frameworks', async () => {
  await withServer(DIST, async (server) => {
    // A fresh context: no service worker has the files yet. The context's route also stops the
    // worker's precache of them, so nothing but the retry can bring them.
    const { page, context, problems } = await newPage(browser);
    await context.route('**/frameworks/**', (r) => r.abort());
    await page.goto(server.url + '#/nieuw');
    await ready(page);
    const failed = page.getByTestId('frameworks-failed');
    await failed.waitFor();
    assert.match(await failed.innerText(), /De kaders konden niet worden geladen\. Controleer de verbinding en probeer het opnieuw\./);
    assert.equal(await page.getByRole('radio').count(), 0);

    await context.unroute('**/frameworks/**');
    await failed.getByRole('button', { name: 'Opnieuw proberen' }).click();
    assertAllFive(await listed(page));
    assert.equal(await failed.count(), 0);
    // What the aborted requests left behind, and nothing else.
    assert.deepEqual(problems.filter((p) => !/frameworks\/|Failed to load resource/.test(p)), []);
    await context.close();
  });
});
