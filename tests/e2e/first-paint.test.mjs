// The first visit on a phone: index.html shows the start page as plain HTML before the wasm has
// loaded (#first-paint), with the texts of crates/core/i18n, in the language of the last visit;
// the app replaces it in the task in which it mounts, in the same boxes (no jump).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setup, newPage, ready, ROOT } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const i18n = (lang, area) => JSON.parse(fs.readFileSync(path.join(ROOT, 'crates/core/i18n', lang, `${area}.json`), 'utf8'));

/** What the start page must say in `lang`: the lead and the four actions with their routes. */
function expected(lang) {
  const t = i18n(lang, 'screens');
  return {
    lead: t.lead,
    actions: [
      [t.new_scan, '#/nieuw'],
      [t.my_scans, '#/scans'],
      [t.open_file, '#/openen'],
      [t.browse_frameworks, '#/kaders'],
    ],
  };
}

/** The start page as the reader sees it (visible elements only: the other language is hidden). */
async function shown(page) {
  const links = page.locator('nav.actions a:visible');
  return {
    title: await page.locator('h1:visible').innerText(),
    lead: await page.locator('p.lead:visible').innerText(),
    actions: await links.evaluateAll((as) => as.map((a) => [a.innerText, a.getAttribute('href')])),
  };
}

/** The boxes that must not move when the app takes over: header, h1 and the four actions. */
async function boxes(page) {
  const all = [page.locator('header.top:visible'), page.locator('h1:visible')];
  for (let i = 0; i < 4; i++) all.push(page.locator('nav.actions a:visible').nth(i));
  return Promise.all(all.map((l) => l.boundingBox()));
}

test('without JavaScript: the start page, its four links and the noscript text', async () => {
  const { page, context } = await newPage(env.browser, { javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  await page.goto(env.server.url);
  assert.deepEqual(await shown(page), { title: 'Competentiescan', ...expected('nl') });
  assert.equal(await page.getAttribute('html', 'lang'), 'nl');
  const noscript = await page.locator('noscript p:visible').innerText();
  assert.match(noscript, /heeft JavaScript en WebAssembly nodig/);
  assert.match(noscript, /needs JavaScript and WebAssembly/);
  await context.close();
});

for (const [width, height] of [[390, 844], [1280, 800]]) {
  test(`at ${width}×${height} the app's start page replaces the static one in the same boxes`, async () => {
    const viewport = { width, height };
    const still = await newPage(env.browser, { javaScriptEnabled: false, viewport });
    await still.page.goto(env.server.url);
    const before = await boxes(still.page);
    await still.context.close();

    const { page, problems, context } = await newPage(env.browser, { viewport });
    // Before every frame once the HTML is parsed: is the static page there, the app's header?
    await page.addInitScript(() => {
      window.frames_ = [];
      const look = () => {
        const app = document.querySelector('body > header.top') !== null;
        if (document.readyState !== 'loading') window.frames_.push([document.getElementById('first-paint') !== null, app]);
        if (!app) requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    });
    await page.goto(env.server.url);
    await ready(page);
    await page.waitForFunction(() => window.frames_.some(([, app]) => app));
    const frames = await page.evaluate(() => window.frames_.map(([fp, app]) => `${fp ? 'static' : ''}${app ? 'app' : ''}`));
    assert.deepEqual(frames.filter((f) => f !== 'static' && f !== 'app'), [], 'no frame shows both start pages or neither');
    assert.equal(frames.at(-1), 'app');
    assert.equal(await page.locator('#first-paint').count(), 0, 'the static start page is gone');
    assert.equal(await page.locator('h1').count(), 1);
    assert.deepEqual(await shown(page), { title: 'Competentiescan', ...expected('nl') });
    const after = await boxes(page);
    for (const [i, box] of after.entries()) {
      for (const side of ['x', 'y', 'width', 'height']) {
        assert.ok(Math.abs(box[side] - before[i][side]) <= 1,
          `box ${i} ${side}: ${before[i][side]} static, ${box[side]} in the app`);
      }
    }
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('after a visit in English the static start page is English (only first-paint.js runs)', async () => {
  // No service worker: it would serve the app's files past page.route.
  const { page, context } = await newPage(env.browser, { serviceWorkers: 'block' });
  await page.goto(env.server.url);
  await ready(page);
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('competentiescan.settings'))?.lang === 'en');

  // The app's JS glue and wasm never arrive: what shows is index.html + first-paint.js.
  const appFiles = /\/competentiescan-[0-9a-f]+(_bg\.wasm|\.js)$/;
  await page.route(appFiles, (route) => route.abort());
  await page.reload();
  await page.locator('#first-paint h1:visible').waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.deepEqual(await shown(page), { title: 'Competentiescan', ...expected('en') });
  assert.equal(await page.locator('body > header.top').count(), 0, 'the app did not run');
  assert.equal(await page.locator('header.top:visible nav').getAttribute('aria-label'), i18n('en', 'shell').main_menu);

  // With the app: the same English texts.
  await page.unroute(appFiles);
  await page.reload();
  await ready(page);
  assert.deepEqual(await shown(page), { title: 'Competentiescan', ...expected('en') });
  await context.close();
});
