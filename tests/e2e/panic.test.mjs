// A panic is never silent: the release build aborts (the wasm instance is dead), and the panic
// hook (src/platform/panic.rs) leaves a plain message in the user's language with a reload
// button and a button that downloads every stored draft (public/rescue.js); the downloaded
// file opens on another device with the same ratings. The panic is forced through
// `#/test-panic`, honoured only while `competentiescan.test-panic` is "1" in localStorage.
//
// Shown to fail: with `main.rs` back on `console_error_panic_hook::set_once()` both tests timed
// out waiting for the message (the screen stayed frozen, as before).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setup, newPage, ready, settled, startScan, rate } from './harness.mjs';

let env;
let tmp;
before(async () => {
  env = await setup();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-panic-'));
});
after(async () => {
  await env?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** What the abort itself reports (the trap and the hook's log); anything else is a fault. */
const unexpected = (problems) => problems.filter((p) => !/unreachable|panicked|test panic/i.test(p));

test('a panic after the first render shows the message; the download opens on another device', async () => {
  const { page, problems, context } = await newPage(env.browser);
  const id = await startScan(page, env.server.url, { student: 'Aïcha van \'t Hof' });
  await rate(page, 0, 63);
  await rate(page, 1, 80);
  await page.waitForFunction((id) => /"value":80/.test(localStorage.getItem(`competentiescan.draft.${id}`) ?? ''), id);
  // An entry the rescue cannot read: skipped with a note, never a reason to throw.
  await page.evaluate(() => {
    localStorage.setItem('competentiescan.draft.kapot', '{kapot');
    localStorage.setItem('competentiescan.test-panic', '1');
    location.hash = '#/test-panic';
  });
  const crash = page.locator('#crash');
  await crash.getByRole('heading', { name: 'Er ging iets mis' }).waitFor();
  assert.match(await crash.textContent(), /Je scans zijn veilig op dit apparaat/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'crash-title', 'the message has the focus');
  assert.equal(await page.locator('main').evaluate((m) => m.closest('[inert]') !== null), true, 'the dead app is out of reach');

  const download = page.waitForEvent('download');
  await crash.getByRole('button', { name: 'Download je scans als bestand' }).click();
  const file = path.join(tmp, (await download).suggestedFilename());
  await (await download).saveAs(file);
  assert.match(path.basename(file), /^competentiescan_Aicha-van-t-Hof_quickscan-[a-z0-9-]+_\d{4}-\d{2}-\d{2}\.json$/);
  await crash.getByRole('status').filter({ hasText: '1 bestand klaargezet. Kwam het niet binnen?' }).waitFor();
  assert.match(await crash.getByRole('status').textContent(), /1 opgeslagen scan kon niet gelezen worden en is overgeslagen; hij blijft op dit apparaat staan\./);
  assert.equal(await page.evaluate(() => localStorage.getItem('competentiescan.draft.kapot')), '{kapot', 'left where it was');
  assert.deepEqual(unexpected(problems), []);
  assert.ok(problems.length > 0, 'the panic itself is logged');

  const other = await newPage(env.browser);
  await other.page.goto(env.server.url + '#/openen');
  await ready(other.page);
  await other.page.locator('#open-files').setInputFiles(file);
  await other.page.getByTestId('open-results').getByText('scan van Aïcha van \'t Hof toegevoegd').waitFor();
  await other.page.goto(`${env.server.url}#/scan/${id}/student/1`);
  const values = other.page.locator('article.rating input[type=number]');
  await values.first().waitFor();
  assert.equal(await values.nth(0).inputValue(), '63');
  assert.equal(await values.nth(1).inputValue(), '80');
  assert.deepEqual(other.problems, []);
  await other.context.close();
  await context.close();
});

test('a panic during the first render shows the message in the chosen language; reload works', async () => {
  const { page, problems, context } = await newPage(env.browser);
  await page.goto(env.server.url);
  await ready(page);
  await page.evaluate(() => {
    localStorage.setItem('competentiescan.settings', JSON.stringify({ version: 1, name: '', lang: 'en' }));
    localStorage.setItem('competentiescan.test-panic', '1');
  });
  // A fresh load (not a hash change): the panic comes while the app renders for the first time.
  await page.goto('about:blank');
  await page.goto(env.server.url + '#/test-panic');
  const crash = page.locator('#crash');
  await crash.getByRole('heading', { name: 'Something went wrong' }).waitFor();
  assert.match(await crash.textContent(), /Your scans are safe on this device/);
  assert.equal(await page.locator('body > header.top').count(), 0, 'the app never rendered');
  await crash.getByRole('button', { name: 'Download your scans as files' }).click();
  await crash.getByRole('status').filter({ hasText: 'There are no scans on this device.' }).waitFor();
  assert.deepEqual(unexpected(problems), []);

  // Without the flag the same address is an ordinary unknown screen: the reload button works.
  await page.evaluate(() => localStorage.removeItem('competentiescan.test-panic'));
  await crash.getByRole('button', { name: 'Reload' }).click();
  await page.locator('main h1', { hasText: 'Page not found' }).waitFor();
  await settled(page);
  assert.equal(await page.locator('#crash').count(), 0);
  await context.close();
});
