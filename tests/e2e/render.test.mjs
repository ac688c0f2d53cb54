// What import accepts can be shown, in the browser: 120 generated export files (the host render
// test's edge values: empty and 5,000-character texts, emoji, right-to-left and HTML-like text,
// zero and full-scale ratings, missing optional fields, times from 0001 to 9999, plans, and
// files the import fuzz run's mutator made) are opened through "Bestand openen", ten at a time in
// a fresh profile (localStorage holds about 5 MB), and every scan is opened on the scan screen,
// Resultaat, Ontwikkelplan, Rapport and Mijn scans. A panic leaves the wasm instance dead and
// the screen unchanged, so each screen's own heading must appear; no console or page error.
//
// Shown to fail: with a byte slice put back on Mijn scans (the card title as
// `student[..student.len().min(3)]`) in a release build, the wasm panicked on the first
// generated name with a multi-byte character and the test failed waiting for the next heading
// (TimeoutError); restored, it passes (120 files in about 2 minutes).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setup, newPage, ready, ROOT } from './harness.mjs';

const FILES = 120;
const BATCH = 10;

let env;
let corpus;
before(async () => {
  env = await setup();
  corpus = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-render-'));
  execFileSync('cargo', ['run', '--quiet', '-p', 'competentiescan-core', '--example', 'render-corpus', '--', corpus, String(FILES)], {
    cwd: ROOT,
    stdio: 'inherit',
  });
});
after(async () => {
  await env?.close();
  fs.rmSync(corpus, { recursive: true, force: true });
});

/** Sets the address fragment, as a link does, and waits for the screen's heading. */
async function show(page, hash, heading) {
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
  await page.locator('main h1', { hasText: heading }).first().waitFor();
}

test(`${FILES} generated accepted files open and show on every screen`, async () => {
  const files = fs.readdirSync(corpus).filter((f) => f.endsWith('.json')).sort();
  assert.equal(files.length, FILES);
  for (let start = 0; start < files.length; start += BATCH) {
    const batch = files.slice(start, start + BATCH);
    const { context, page, problems } = await newPage(env.browser);
    await page.goto(env.server.url + '#/openen');
    await ready(page);
    await page.locator('#open-files').setInputFiles(batch.map((f) => path.join(corpus, f)));
    const results = page.getByTestId('open-results');
    await results.locator('p.success').nth(batch.length - 1).waitFor();
    assert.equal(await results.locator('.error').count(), 0, await results.innerText());
    const ids = batch.map((f) => JSON.parse(fs.readFileSync(path.join(corpus, f), 'utf8')).scan.id);
    for (const id of ids) {
      await show(page, `#/scan/${id}/student/1`, /\S/);
      await page.locator('#group-heading').waitFor();
      await show(page, `#/scan/${id}/bpv/1`, /\S/);
      await page.locator('#group-heading').waitFor();
      await show(page, `#/scan/${id}/resultaat`, 'Resultaat');
      await show(page, `#/scan/${id}/plan`, 'Ontwikkelplan');
      await show(page, `#/scan/${id}/rapport`, 'rapport');
    }
    await show(page, '#/scans', /\S/);
    for (const id of ids) await page.locator(`li.card[data-id="${id}"]`).waitFor();
    assert.deepEqual(problems, [], `files ${batch[0]}–${batch.at(-1)}`);
    await context.close();
  }
});
