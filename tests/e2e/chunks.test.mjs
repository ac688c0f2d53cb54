// The wasm in chunks (scripts/wasm-build.mjs, src/ui/lazy.rs): a cold start page fetches the
// main module and no chunk until it is interactive, then only the scan's (preloaded when idle);
// the service worker precaches every chunk; a chunk that cannot be fetched shows a retry that
// works once the network is back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DIST, ROOT, launch, newPage, ready, withServer } from './harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const isChunk = (f) => /^(split|chunk)_.*\.wasm$/.test(f);
const chunks = fs.readdirSync(DIST).filter(isChunk);
// Which chunks each group loads, as the build recorded them beside cargo's output.
const target = process.env.CARGO_TARGET_DIR ?? JSON.parse(execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps'], { cwd: ROOT })).target_directory;
const groups = JSON.parse(fs.readFileSync(path.join(target, 'wasm-split', 'release', 'groups.json'), 'utf8'));

test('the build: every group has its chunk in dist/, and the service worker precaches them all', () => {
  for (const group of ['scan', 'results', 'kaders', 'authoring', 'coach', 'feedback', 'exchange', 'my_scans', 'settings', 'signing']) {
    assert.ok(groups[group], `group ${group}`);
    for (const file of groups[group]) assert.ok(chunks.includes(file), `${group}: ${file} in dist/`);
  }
  const sw = fs.readFileSync(path.join(DIST, 'sw.js'), 'utf8');
  const build = JSON.parse(sw.match(/const BUILD = (\{.*?\});/)[1]);
  assert.deepEqual(chunks.filter((c) => !build.hashed.includes(c)), []);
  // Content-hashed names: a new build never reuses a name for other bytes.
  for (const c of chunks) assert.match(c, /-[0-9a-f]{16}\.wasm$/);
});

test('a cold start page loads no chunk before it is interactive, then only the scan\'s', async () => {
  await withServer(DIST, async (server) => {
    const { page, context, problems } = await newPage(browser);
    // Page-side clock: when the app's own start page (not the static first paint) appeared.
    await page.addInitScript(() => {
      const mo = new MutationObserver(() => {
        if ([...document.querySelectorAll('#main a.action.primary')].length) {
          window.__interactive = performance.now();
          mo.disconnect();
        }
      });
      mo.observe(document, { childList: true, subtree: true });
    });
    await page.goto(server.url);
    await ready(page);
    // The scan's chunk arrives when the browser is idle; wait for it, then look at the list.
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /\/split_scan-/.test(e.name) && e.responseEnd > 0));
    const { interactive, loaded } = await page.evaluate(() => ({
      interactive: window.__interactive,
      loaded: performance.getEntriesByType('resource').map((e) => ({ name: e.name.split('/').pop(), start: e.startTime })),
    }));
    const wasm = loaded.filter((e) => e.name.endsWith('.wasm'));
    assert.deepEqual(wasm.filter((e) => !isChunk(e.name)).map((e) => e.name.replace(/-[0-9a-f]+_bg/, '')), ['competentiescan.wasm']);
    const early = wasm.filter((e) => isChunk(e.name) && e.start < interactive);
    assert.deepEqual(early, [], 'no chunk before the start page is interactive');
    const other = wasm.filter((e) => isChunk(e.name) && !groups.scan.includes(e.name));
    assert.deepEqual(other, [], 'no chunk but the scan group\'s');
    assert.deepEqual(problems, []);
    await context.close();
  });
});

test('a chunk that cannot be fetched shows a retry, which opens the screen once it can', async () => {
  await withServer(DIST, async (server) => {
    // A fresh context: no service worker has the chunks yet, and the route stops its precache
    // of the coach's chunk too.
    const { page, context, problems } = await newPage(browser);
    const coach = groups.coach[0];
    await context.route(`**/${coach}`, (r) => r.abort());
    await page.goto(server.url + '#/coach');
    const failed = page.getByTestId('screen-failed');
    await failed.waitFor();
    assert.match(await failed.innerText(), /Dit scherm kon niet worden geladen: er is geen verbinding, en het stond nog niet op dit apparaat\. Je gegevens zijn niet aangeraakt\./);
    assert.equal(await page.locator('#main h1').count(), 0);

    await context.unroute(`**/${coach}`);
    await failed.getByRole('button', { name: 'Opnieuw proberen' }).click();
    await page.locator('#main h1', { hasText: 'Coach' }).waitFor();
    assert.equal(await failed.count(), 0);
    // The same screen again, and another of the group, open at once from the loaded chunk.
    await page.goto(server.url + '#/');
    await ready(page);
    await page.goto(server.url + '#/coach');
    await page.locator('#main h1', { hasText: 'Coach' }).waitFor();
    // What the aborted request left behind, and nothing else.
    assert.deepEqual(problems.filter((p) => !/split_coach|Failed to load resource|TypeError: Failed to fetch|fetch/i.test(p)), []);
    await context.close();
  });
});
