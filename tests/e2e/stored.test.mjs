// The stored-document rule (ARCHITECTURE.md) where it used to break: an export log or a coach's
// class list that this version cannot read (newer, corrupt) is reported and stays byte for byte
// as it was after the user action that writes it (an export, a class import).
//
// Shown to fail: with an unreadable export log or class list read as empty (the decode error
// dropped in `Backups::provide` / `load_overview`, as before) all three tests failed: the
// export or import wrote over the stored value.
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
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-stored-'));
});
after(async () => {
  await env?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const read = (page, key) => page.evaluate((k) => localStorage.getItem(`competentiescan.${k}`), key);

async function exportScan(page, id, name) {
  await page.goto(`${env.server.url}#/scan/${id}/resultaat`);
  await page.locator('h1', { hasText: 'Resultaat' }).waitFor();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exporteren' }).click();
  const file = path.join(tmp, name);
  await (await download).saveAs(file);
  return file;
}

for (const [kind, stored, message] of [
  ['newer', '{"version":9,"exports":{"x":"2030-01-01T00:00:00.000Z"},"extra":true}', 'nieuwere versie van de app (versie 9)'],
  ['corrupt', '{kapot', 'kan niet worden gelezen'],
]) {
  test(`a ${kind} export log is reported and not overwritten by an export`, async () => {
    const { page, problems, context } = await newPage(env.browser);
    await page.goto(env.server.url);
    await ready(page);
    await page.evaluate((v) => localStorage.setItem('competentiescan.exports', v), stored);
    // The log is read when the app starts.
    await page.reload();
    await ready(page);
    const id = await startScan(page, env.server.url, { details: false });
    await rate(page, 0, 60);
    await exportScan(page, id, `${kind}.json`);
    await settled(page);
    assert.equal(await read(page, 'exports'), stored);
    await page.goto(env.server.url + '#/');
    await page.getByTestId('export-log-locked').filter({ hasText: message }).waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('a corrupt or newer class list is reported and not overwritten by a class import', async () => {
  const student = await newPage(env.browser);
  const id = await startScan(student.page, env.server.url, { details: false });
  await rate(student.page, 0, 70);
  const file = await exportScan(student.page, id, 'klas.json');
  await student.context.close();

  for (const [stored, message] of [
    ['{"ids":"kapot"}', 'kan niet worden gelezen'],
    ['{"version":2,"ids":[],"groups":[]}', 'nieuwere versie van de app (versie 2)'],
  ]) {
    const { page, problems, context } = await newPage(env.browser);
    await page.goto(env.server.url);
    await ready(page);
    await page.evaluate((v) => localStorage.setItem('competentiescan.coach-overview', v), stored);
    await page.goto(env.server.url + '#/coach');
    await page.getByTestId('class-list-locked').filter({ hasText: message }).waitFor();
    await page.locator('#coach-files').setInputFiles(file);
    // This session still shows the class; the stored list stays as it was.
    await page.getByTestId('coach-table').locator(`tr[data-id="${id}"]`).waitFor();
    await page.locator('.error[role=alert]', { hasText: message }).waitFor();
    assert.equal(await read(page, 'coach-overview'), stored);
    assert.deepEqual(problems, []);
    await context.close();
  }
});
