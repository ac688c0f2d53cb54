// Offline, installable, safe updates, privacy: the service worker serves every screen with the
// server gone; a new version is announced and applied only on request with the draft intact; the
// manifest is valid and its icons load; a whole session asks nothing of any other origin and
// breaks no CSP rule; "Wis alle gegevens" wipes only after confirming; persistent storage is
// requested with the first draft; an unexported draft leads to a backup reminder after 7 days.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DIST, ROOT, controlled, launch, newPage, ready, settled, startScan, rate, withServer } from './harness.mjs';

let browser;
let tmp;
before(async () => {
  browser = await launch();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-offline-'));
});
after(async () => {
  await browser?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function download(page, click) {
  const event = page.waitForEvent('download');
  await click();
  const file = path.join(tmp, (await event).suggestedFilename());
  await (await event).saveAs(file);
  return file;
}

test('after the first visit every screen works with the server gone', async () => {
  await withServer(DIST, async (server) => {
    const { page, context, problems } = await newPage(browser);
    const id = await startScan(page, server.url, { student: 'Noor Offline' });
    await rate(page, 0, 40);
    await controlled(page);
    await page.goto(server.url + '#/');

    await server.close();
    await context.setOffline(true);
    await page.reload();
    await ready(page);
    await page.getByTestId('draft-list').getByText('Noor Offline').waitFor();

    await page.getByRole('link', { name: 'Noor Offline' }).click();
    await page.locator('article.rating').first().waitFor();
    assert.equal(await page.locator('article.rating input[type=number]').first().inputValue(), '40');
    await rate(page, 1, 80);

    await page.goto(`${server.url}#/scan/${id}/resultaat`);
    await page.locator('h1', { hasText: 'Resultaat' }).waitFor();
    assert.match(await page.locator('main').innerText(), /MOET verbeteren/);
    const file = await download(page, () => page.getByRole('button', { name: 'Exporteren' }).click());
    const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.deepEqual(Object.values(exported.scan.raters.find((r) => r.id === 'student').ratings).map((r) => r.value).sort(), [40, 80]);

    // Delete the draft, then bring it back from the exported file: import works offline too.
    await page.goto(`${server.url}#/scans`);
    await page.getByRole('button', { name: 'Verwijderen' }).click();
    await page.goto(`${server.url}#/openen`);
    await page.locator('#open-files').setInputFiles(file);
    await page.getByTestId('open-results').getByText('scan van Noor Offline toegevoegd').waitFor();

    for (const [hash, heading] of [['#/kaders', 'Kaders'], ['#/coach', 'Coach'], ['#/instellingen', 'Instellingen'], ['#/nieuw', 'Nieuwe scan']]) {
      await page.goto(server.url + hash);
      await page.locator('h1', { hasText: heading }).waitFor();
    }
    // Every other lazily loaded screen (its wasm chunk precached at the first visit), by its
    // own heading, never the chunk's failure.
    for (const hash of ['#/kaders/quickscan-smd-2014', '#/kaders/nieuw', '#/kaders/quickscan-smd-2014/kopie', `#/scan/${id}/plan`, `#/scan/${id}/rapport`, `#/scan/${id}/feedback`]) {
      await page.goto(server.url + hash);
      await ready(page);
      assert.equal(await page.getByTestId('screen-failed').count(), 0, hash);
      assert.notEqual((await page.locator('#main h1').first().innerText()).trim(), '', hash);
    }
    assert.deepEqual(problems, []);
    await context.close();
  });
});

test('a new version is announced, applied only when the user agrees, and keeps the draft', async () => {
  // Build B: the same app with one changed file, finished by the same post-build step.
  const b = path.join(tmp, 'build-b');
  fs.cpSync(DIST, b, { recursive: true });
  const index = path.join(b, 'index.html');
  fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace('<title>', '<meta name="build" content="B"><title>'));
  execFileSync('node', [path.join(ROOT, 'scripts/precache.mjs'), b]);
  // Else the server would send the .br/.gz of build A's index.html and sw.js.
  execFileSync('node', [path.join(ROOT, 'scripts/precompress.mjs'), b]);
  const version = (dir) => fs.readFileSync(path.join(dir, 'sw.js'), 'utf8').match(/"version":"(\w+)"/)[1];
  const [versionA, versionB] = [version(DIST), version(b)];

  await withServer(DIST, async (server) => {
    const { page, context, problems } = await newPage(browser);
    const id = await startScan(page, server.url, { student: 'Sem Update' });
    await rate(page, 0, 55);
    await controlled(page);

    server.setRoot(b);
    await page.reload();
    await ready(page);
    await page.getByTestId('update-banner').waitFor();
    // Still the old version, page and worker: nothing takes over by itself.
    assert.equal(await page.locator('meta[name=build]').count(), 0);
    const cacheNames = () => page.evaluate(() => caches.keys());
    assert.deepEqual((await cacheNames()).sort(), [`competentiescan-${versionA}`, `competentiescan-${versionB}`].sort());
    // A reload is not consent: the waiting version stays waiting and is announced again.
    await page.reload();
    await ready(page);
    await page.getByTestId('update-banner').waitFor();
    assert.equal(await page.locator('meta[name=build]').count(), 0);

    // Typed but not yet committed when the user chooses to update: it must survive.
    await page.goto(`${server.url}#/scan/${id}/student/1`);
    await page.locator('article.rating input[type=number]').nth(1).fill('90');
    const reloaded = page.waitForEvent('load');
    await page.getByRole('button', { name: 'vernieuwen' }).click();
    await reloaded;
    await ready(page);
    assert.equal(await page.locator('meta[name=build]').getAttribute('content'), 'B');
    await page.locator('article.rating').first().waitFor();
    const values = await page.locator('article.rating input[type=number]').evaluateAll((xs) => xs.slice(0, 2).map((x) => x.value));
    assert.deepEqual(values, ['55', '90']);
    assert.equal(await page.getByTestId('update-banner').count(), 0);
    assert.deepEqual(await cacheNames(), [`competentiescan-${versionB}`]);
    assert.deepEqual(problems, []);
    await context.close();
  });
});

test('with service workers blocked the app still starts and a scan is kept, without an error', async () => {
  await withServer(DIST, async (server) => {
    // Playwright's block stubs `register`, as some browser settings and extensions do.
    const { page, context, problems } = await newPage(browser, { serviceWorkers: 'block' });
    const id = await startScan(page, server.url);
    await rate(page, 0, 65);
    await page.reload();
    await ready(page);
    await page.goto(`${server.url}#/scan/${id}/student/1`);
    await assert.doesNotReject(page.locator('article.rating input[type=number]').first().waitFor());
    assert.equal(await page.locator('article.rating input[type=number]').first().inputValue(), '65');
    assert.equal(await page.evaluate(() => navigator.serviceWorker.controller), null);
    await context.close();
    assert.deepEqual(problems, []);
  });
});

test('the manifest is valid, installable from a sub-path, and its icons load', async () => {
  await withServer(DIST, async (server) => {
    const { page, context, problems } = await newPage(browser);
    await page.goto(server.url);
    await ready(page);
    await controlled(page);
    const cdp = await context.newCDPSession(page);
    const { url, errors, data } = await cdp.send('Page.getAppManifest');
    assert.equal(url, server.url + 'manifest.webmanifest');
    assert.deepEqual(errors, []);
    const manifest = JSON.parse(data);
    assert.equal(manifest.name, 'Competentiescan');
    assert.equal(manifest.display, 'standalone');
    assert.equal(new URL(manifest.start_url, url).href, server.url);
    assert.equal(new URL(manifest.scope, url).href, server.url);
    assert.match(manifest.description, /apparaat/);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    // Playwright's contexts are incognito-like; that is the only objection allowed.
    assert.deepEqual(installabilityErrors.map((e) => e.errorId).filter((e) => e !== 'in-incognito'), []);

    const purposes = manifest.icons.map((i) => `${i.sizes} ${i.purpose}`).sort();
    assert.deepEqual(purposes, ['192x192 any', '512x512 any', '512x512 maskable']);
    const loaded = await page.evaluate(async (icons) => Promise.all(icons.map(async (icon) => {
      const response = await fetch(icon.src);
      const bitmap = await createImageBitmap(await response.blob());
      return `${response.status} ${response.headers.get('content-type')} ${bitmap.width}x${bitmap.height}`;
    })), manifest.icons);
    assert.deepEqual(loaded, manifest.icons.map((i) => `200 image/png ${i.sizes}`));
    assert.deepEqual(problems, []);
    await context.close();
  });
});

test('a whole session asks nothing of another origin and breaks no CSP rule', async () => {
  await withServer(DIST, async (server) => {
    const { page, context, problems } = await newPage(browser);
    const requests = [];
    context.on('request', (r) => requests.push(r.url()));
    await page.addInitScript(() => {
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const id = await startScan(page, server.url, { student: 'Privé Persoon' });
    await rate(page, 0, 70);
    await page.goto(`${server.url}#/scan/${id}/bpv/1`);
    await page.locator('article.rating').first().waitFor();
    await rate(page, 0, 80);
    await page.goto(`${server.url}#/scan/${id}/resultaat`);
    await page.locator('h1', { hasText: 'Resultaat' }).waitFor();
    const file = await download(page, () => page.getByRole('button', { name: 'Exporteren' }).click());
    await page.goto(`${server.url}#/openen`);
    await page.locator('#open-files').setInputFiles(file);
    await page.getByTestId('open-results').waitFor();
    await page.goto(`${server.url}#/kaders/quickscan-smd-2014`);
    await page.locator('#framework-search').fill('cliënt');
    await page.locator('.results mark').first().waitFor();
    await page.goto(`${server.url}#/coach`);
    await page.locator('#coach-files').setInputFiles(file);
    await page.getByText('Privé Persoon').first().waitFor();
    await page.goto(`${server.url}#/instellingen`);
    await page.getByTestId('persistence').waitFor();
    await controlled(page);

    const html = await (await fetch(server.url)).text();
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-[^']+'; style-src 'self';[^"]*connect-src 'self'/);
    const origin = new URL(server.url).origin;
    const foreign = requests.filter((u) => !(u.startsWith(origin + '/') || u.startsWith(`blob:${origin}/`) || u.startsWith('data:')));
    assert.deepEqual(foreign, []);
    assert.ok(requests.some((u) => u.endsWith('.wasm')), 'the recording saw the app load');
    assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
    assert.deepEqual(problems, []);
    await context.close();
  });
});

test('"Wis alle gegevens" asks first, then leaves nothing of the user behind', async () => {
  await withServer(DIST, async (server) => {
    const { page, context, problems } = await newPage(browser);
    await startScan(page, server.url, { student: 'Wis Mij' });
    await rate(page, 0, 60);
    const ours = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('competentiescan.')));
    assert.ok((await ours()).length > 0);

    await page.goto(server.url + '#/instellingen');
    await page.getByRole('button', { name: 'Wis alle gegevens op dit apparaat' }).click();
    await page.getByRole('alertdialog').getByText('je scan, je eigen kaders').waitFor();
    await page.getByRole('button', { name: 'Annuleren' }).click();
    assert.ok((await ours()).length > 0, 'cancel keeps everything');

    await page.getByRole('button', { name: 'Wis alle gegevens op dit apparaat' }).click();
    const reloaded = page.waitForEvent('load');
    await page.getByRole('button', { name: 'Ja, alles wissen' }).click();
    await reloaded;
    await ready(page);
    assert.deepEqual(await ours(), []);
    assert.equal(new URL(page.url()).hash, '#/');
    assert.equal(await page.getByTestId('draft-list').count(), 0);
    assert.deepEqual(problems, []);
    await context.close();
  });
});

test('persistent storage is requested once, with the first draft, and shown in settings', async () => {
  await withServer(DIST, async (server) => {
    const { page, context, problems } = await newPage(browser);
    // The browser's own answer depends on site engagement; stub it to see what the app asks.
    await page.addInitScript(() => {
      let granted = false;
      window.persistCalls = 0;
      StorageManager.prototype.persisted = () => Promise.resolve(granted);
      StorageManager.prototype.persist = () => { window.persistCalls += 1; granted = true; return Promise.resolve(true); };
    });
    await page.goto(server.url + '#/instellingen');
    await page.getByTestId('persistence').getByText('Blijvende opslag: nee').waitFor();
    await settled(page);
    assert.equal(await page.evaluate(() => window.persistCalls), 0, 'no draft, no request');

    await startScan(page, server.url, { student: 'Blijf Bewaard' });
    await rate(page, 0, 60);
    await rate(page, 1, 65);
    await settled(page);
    assert.equal(await page.evaluate(() => window.persistCalls), 1);
    await page.goto(server.url + '#/instellingen');
    await page.getByTestId('persistence').getByText('Blijvende opslag: ja').waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });
});

test('a draft changed and not exported for 7 days brings a backup reminder', async () => {
  await withServer(DIST, async (server) => {
    const { page, context, problems } = await newPage(browser);
    const at = (iso) => page.clock.setFixedTime(new Date(iso));
    const reminder = page.getByTestId('backup-reminder');
    const startPage = async () => { await page.goto(server.url + '#/'); await page.reload(); await ready(page); await settled(page); };

    await at('2026-11-01T09:00:00Z');
    const id = await startScan(page, server.url, { student: 'Bo Back-up' });
    await rate(page, 0, 60);
    await at('2026-11-07T20:00:00Z');
    await startPage();
    assert.equal(await reminder.count(), 0, 'six days: not yet');

    await at('2026-11-09T09:00:00Z');
    await startPage();
    assert.match(await reminder.innerText(), /Bo Back-up: gewijzigd en niet geëxporteerd sinds het begin, 8 dagen geleden/);
    await download(page, () => reminder.getByRole('button', { name: 'Back-up exporteren' }).click());
    await reminder.waitFor({ state: 'detached' });

    await at('2026-11-10T10:00:00Z');
    await page.goto(`${server.url}#/scan/${id}/student/1`);
    await rate(page, 1, 90);
    await at('2026-11-15T10:00:00Z');
    await startPage();
    assert.equal(await reminder.count(), 0, 'six days after the backup: not yet');
    await at('2026-11-16T10:00:00Z');
    await startPage();
    assert.match(await reminder.innerText(), /sinds je laatste back-up, 7 dagen geleden/);
    assert.deepEqual(problems, []);
    await context.close();
  });
});
