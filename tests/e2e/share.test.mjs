// Delen: a teacher shares a framework of their own as one JSON file; a student opens it with
// Bestand openen in another browser (context), is offered it by Nieuwe scan, rates and sees the
// band on the results; opening it again adds nothing. Kader toevoegen refuses a workbook, a scan
// export and the class overview CSV with what they are, and stores nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setup, newPage, ready, rate, ROOT, templateCsv } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const CUSTOM_KEY = 'competentiescan.custom-frameworks';
const storageSnapshot = (page) => page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()));

const FRAMEWORK_CSV = templateCsv('gedeeld-kader', 'Gedeeld kader zorg');

test('a shared framework file is opened by a student, used for a scan, and not added twice', async () => {
  // The teacher adds the framework and shares it from the reader.
  const teacher = await newPage(env.browser, { acceptDownloads: true });
  await teacher.page.goto(env.server.url + '#/kaders');
  await ready(teacher.page);
  await teacher.page.locator('#add-framework').setInputFiles({ name: 'kader.csv', mimeType: 'text/csv', buffer: Buffer.from(FRAMEWORK_CSV) });
  await teacher.page.getByTestId('framework-added').filter({ hasText: 'Kader "Gedeeld kader zorg" is toegevoegd.' }).waitFor();
  await teacher.page.goto(env.server.url + '#/kaders/gedeeld-kader');
  await ready(teacher.page);
  const started = teacher.page.waitForEvent('download');
  await teacher.page.getByRole('button', { name: 'Delen' }).click();
  const download = await started;
  assert.equal(download.suggestedFilename(), 'kader-gedeeld-kader.json');
  const shared = fs.readFileSync(await download.path());
  const json = JSON.parse(shared.toString('utf8'));
  assert.equal(json.format, 'competentiescan-framework');
  assert.equal(json.id, 'gedeeld-kader');
  assert.deepEqual(json.nodes[0].items.map((i) => i.title), ['Aandacht tonen', 'Rapporteren']);
  await teacher.page.getByTestId('share-status').filter({ hasText: 'Het kader is gedownload als kader-gedeeld-kader.json' }).waitFor();
  assert.deepEqual(teacher.problems, []);
  await teacher.context.close();

  // The student, on another device: Bestand openen adds it.
  const { page, problems, context } = await newPage(env.browser);
  await page.goto(env.server.url + '#/openen');
  await ready(page);
  await page.locator('#open-files').setInputFiles({ name: 'kader-gedeeld-kader.json', mimeType: 'application/json', buffer: shared });
  const added = page.getByTestId('framework-added');
  await added.filter({ hasText: 'Kader "Gedeeld kader zorg" is toegevoegd.' }).waitFor();
  const stored = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), CUSTOM_KEY));
  assert.deepEqual(stored.frameworks.map((f) => JSON.parse(f).id), ['gedeeld-kader']);

  // Its link opens Nieuwe scan with the framework chosen.
  await added.getByRole('link', { name: 'Nieuwe scan met dit kader' }).click();
  const radio = page.getByRole('radio', { name: /Gedeeld kader zorg/ });
  await radio.waitFor();
  assert.equal(await radio.isChecked(), true);
  await page.getByLabel('Naam student').fill('Sanne Jansen');
  await page.getByRole('button', { name: 'Scan starten' }).click();
  await page.locator('article.rating').first().waitFor();
  const id = new URL(page.url()).hash.split('/')[2];
  await rate(page, 0, 40);
  await rate(page, 1, 80);
  await page.locator('article.rating').nth(1).locator('.band-chip', { hasText: 'GOED' }).waitFor();
  await page.goto(`${env.server.url}#/scan/${id}/resultaat`);
  await ready(page);
  const table = page.locator('table[data-group="W1"]');
  await table.waitFor();
  const bands = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.querySelector('.band-chip')?.textContent));
  assert.deepEqual(bands, ['MOET verbeteren', 'GOED']);

  // The same file again: already here, nothing added or changed.
  await page.goto(env.server.url + '#/openen');
  await ready(page);
  const before = await storageSnapshot(page);
  await page.locator('#open-files').setInputFiles({ name: 'kader-gedeeld-kader.json', mimeType: 'application/json', buffer: shared });
  const refused = page.getByTestId('framework-refused');
  await refused.waitFor();
  assert.equal(await refused.innerText(), 'Niet toegevoegd. Kader "Gedeeld kader zorg" staat er al, met precies deze inhoud: er is niets toegevoegd.');
  assert.equal(await storageSnapshot(page), before);
  assert.deepEqual(problems, []);
  await context.close();
});

test('Kader toevoegen refuses a workbook, a scan export and the class overview with what they are', async () => {
  const { page, problems, context } = await newPage(env.browser);
  await page.goto(env.server.url + '#/kaders');
  await ready(page);
  const before = await storageSnapshot(page);
  const columns = JSON.parse(fs.readFileSync(path.join(ROOT, 'crates/core/i18n/nl/overview.json'), 'utf8'));
  const heading = ['student', 'programme', 'organisation', 'date', 'framework', 'variant', 'group', 'code', 'item', 'role', 'count', 'value', 'band', 'paraaf']
    .map((c) => columns[`col_${c}`]).join(';');
  const cases = [
    ['kader.xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]),
      'Dit is een Excel- of OpenDocument-bestand (.xlsx/.ods), geen CSV: kies in Excel Opslaan als → CSV UTF-8 (door lijstscheidingstekens gescheiden) en kies dat bestand.'],
    // Only the `format` field tells a file of ours apart, as in a real export.
    ['Sanne.json', Buffer.from(JSON.stringify({ format: 'competentiescan-export', formatVersion: 2, scan: {} })),
      'Dit is een scan (export van deze app), geen kader: open het met Bestand openen.'],
    ['overzicht.csv', Buffer.from(`\uFEFF${heading}\r\nSanne;SW;Buurtteam;2026-11-20;Quick Scan;;1.1 Contact;1.1-1;Aandacht;Student;1;40;MOET verbeteren;\r\n`),
      'Dit is een klasoverzicht of scan-export van deze app (CSV met resultaten), geen kader. Kies het kader-sjabloon (Download voorbeeld) of een Moodle-export van een competentiekader.'],
  ];
  for (const [name, buffer, message] of cases) {
    await page.locator('#add-framework').setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
    const refused = page.getByTestId('framework-refused').filter({ hasText: message });
    await refused.waitFor();
    assert.equal(await refused.innerText(), `Niet toegevoegd. ${message}`, name);
    assert.equal(await storageSnapshot(page), before, name);
  }
  assert.equal(await page.getByTestId('custom-framework-list').locator('li').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});
