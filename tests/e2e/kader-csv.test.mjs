// Kaders from a spreadsheet: the template downloads as Excel-ready CSV; a CSV as Dutch Excel
// writes it (Windows-1252, `;`, a quoted cell with a line break) is refused on its row and
// column, accepted once fixed (its warning accepted explicitly) and then offered by Nieuwe
// scan; an .xlsx is refused and changes nothing; the Quick Scan's Moodle export reads back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { setup, newPage, ready, startScan, rate } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const CUSTOM_KEY = 'competentiescan.custom-frameworks';
const storageSnapshot = (page) => page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()));

/** A download started by clicking `button`: its file name and bytes. */
async function download(page, button) {
  const started = page.waitForEvent('download');
  await button.click();
  const file = await started;
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(await file.path()) };
}

async function addFile(page, name, mimeType, buffer) {
  await page.locator('#add-framework').setInputFiles({ name, mimeType, buffer });
}

/**
 * 3 werkprocessen, 8 items, as Dutch Excel's "CSV (puntkomma)" saves it: Windows-1252 (latin1
 * covers every accent used), `;`, CRLF, a quoted cell with two indicators on two lines. `last`
 * is the code of the last item; W3-2 has no indicator (a warning, not an error).
 */
function excelCsv(last) {
  const rows = [
    'Competentiescan-kader;1',
    'Id;roc-zorg-kader',
    'Versie;1.0.0',
    'Titel;Quick Scan zorg ROC',
    'Taal;nl',
    'Doel;beoordeling',
    'Uitgever;ROC Midden',
    'Jaar;2026',
    'Document;Eigen Quick Scan',
    'Schaal;0;100;5;%',
    'Beoordelaars;student;supervisor',
    'Band;laag;MOET verbeteren;nog niet voldoende;Speerpunt.;ja;<55',
    'Band;midden;Aan werken;voldoende;Werk eraan.;ja;<=75',
    'Band;hoog;GOED;goed;Geen speerpunt.;nee;',
    '',
    'Niveau;Soort;Code;Titel;Indicator',
    '1;Werkproces;W1;Ondersteunt de cliënt;',
    ';;W1-1;Aandacht tonen;luistert naar de cliënt',
    ';;W1-2;Analyseren;"brengt de situatie in kaart\r\nonderscheidt hoofd- en bijzaken; ook bij crisis"',
    ';;W1-3;Rapporteren;legt afspraken vast',
    '1;Werkproces;W2;Motiveert en beïnvloedt;',
    ';;W2-1;Overtuigen;brengt argumenten naar voren',
    ';;W2-2;Netwerk betrekken;betrekt naasten',
    ';;W2-3;Ethisch handelen;respecteert de keuzes van de cliënt',
    '1;Werkproces;W3;Reflecteert;',
    ';;W3-1;Leren en ontwikkelen;vraagt feedback',
    `;;${last};Samenwerken;`,
  ];
  return Buffer.from(rows.join('\r\n') + '\r\n', 'latin1');
}

test('the template downloads as UTF-8 with BOM and semicolons', async () => {
  const { page, problems, context } = await newPage(env.browser, { acceptDownloads: true });
  await page.goto(env.server.url + '#/kaders');
  await ready(page);
  const { name, bytes } = await download(page, page.getByRole('button', { name: 'Download voorbeeld (CSV)' }));
  assert.equal(name, 'kader-sjabloon.csv');
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = bytes.toString('utf8');
  assert.match(text, /^\uFEFFCompetentiescan-kader;1\r\n/);
  assert.match(text, /Motiveert en beïnvloedt de cliënt/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an Excel CSV is refused on its row and column, then added once fixed and used for a scan', async () => {
  const { page, problems, context } = await newPage(env.browser);
  await page.goto(env.server.url + '#/kaders');
  await ready(page);
  const before = await storageSnapshot(page);

  await addFile(page, 'kader.csv', 'text/csv', excelCsv('W2-3'));
  const alert = page.getByRole('alert').filter({ hasText: 'Niet toegevoegd' });
  await alert.waitFor();
  assert.deepEqual(await alert.locator('li').allInnerTexts(), ['rij 27, kolom Code: code "W2-3" komt meer dan eens voor']);
  assert.equal(await storageSnapshot(page), before);

  await addFile(page, 'kader.csv', 'text/csv', excelCsv('W3-2'));
  const question = page.getByTestId('add-framework-question');
  await question.waitFor();
  assert.match(await question.innerText(), /Kader "Quick Scan zorg ROC" is gelezen, maar nog niet toegevoegd\./);
  assert.deepEqual(await question.locator('li').allInnerTexts(), ['rij 27, kolom Indicator: item W3-2 heeft geen indicatoren']);
  assert.equal(await storageSnapshot(page), before, 'nothing is stored before the user accepts');
  await question.getByRole('button', { name: 'Toch toevoegen' }).click();
  await page.getByRole('status').filter({ hasText: 'Kader "Quick Scan zorg ROC" is toegevoegd.' }).waitFor();
  assert.match(await page.getByTestId('custom-framework-list').innerText(), /Quick Scan zorg ROC/);
  const stored = JSON.parse(JSON.parse(await page.evaluate((k) => localStorage.getItem(k), CUSTOM_KEY)).frameworks[0]);
  assert.equal(stored.nodes[0].title, 'Ondersteunt de cliënt');
  assert.deepEqual(stored.nodes[0].items[1].indicators, ['brengt de situatie in kaart', 'onderscheidt hoofd- en bijzaken; ook bij crisis']);
  assert.equal(stored.nodes.flatMap((n) => n.items).length, 8);

  await startScan(page, env.server.url, { framework: /Quick Scan zorg ROC/, details: false });
  await rate(page, 0, 40);
  assert.equal(await page.locator('article.rating').first().locator('.band-chip').innerText(), 'MOET verbeteren');
  assert.deepEqual(problems, []);
  await context.close();
});

test('an .xlsx is refused with what to do, and nothing is stored', async () => {
  const { page, problems, context } = await newPage(env.browser);
  await page.goto(env.server.url + '#/kaders');
  await ready(page);
  const before = await storageSnapshot(page);
  const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]);
  await addFile(page, 'kader.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', xlsx);
  const alert = page.getByRole('alert').filter({ hasText: 'Niet toegevoegd' });
  await alert.waitFor();
  assert.equal(
    await alert.innerText(),
    'Niet toegevoegd. Dit is een Excel- of OpenDocument-bestand (.xlsx/.ods), geen CSV: kies in Excel Opslaan als → CSV UTF-8 (door lijstscheidingstekens gescheiden) en kies dat bestand.',
  );
  assert.equal(await storageSnapshot(page), before);
  assert.equal(await page.getByTestId('custom-framework-list').locator('li').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test("the Quick Scan's Moodle export reads back as a separate reflection framework", async () => {
  const { page, problems, context } = await newPage(env.browser, { acceptDownloads: true });
  await page.goto(env.server.url + '#/kaders/quickscan-smd-2014');
  await ready(page);
  const template = await download(page, page.getByRole('button', { name: 'Als sjabloon (CSV)' }));
  assert.equal(template.name, 'quickscan-smd-2014-sjabloon.csv');
  assert.match(template.bytes.toString('utf8'), /^\uFEFFCompetentiescan-kader;1\r\nId;quickscan-smd-2014\r\n/);
  const moodle = await download(page, page.getByRole('button', { name: 'Voor Moodle (CSV)' }));
  assert.equal(moodle.name, 'quickscan-smd-2014-moodle.csv');

  await page.goto(env.server.url + '#/kaders');
  await ready(page);
  await addFile(page, moodle.name, 'text/csv', moodle.bytes);
  const question = page.getByTestId('add-framework-question');
  await question.waitFor();
  assert.match(await question.innerText(), /Er is al een ingebouwd kader met id "quickscan-smd-2014"/);
  // A bundled framework is never replaced: only the copy is offered.
  assert.deepEqual(await question.getByRole('button').allInnerTexts(), ['Als aparte kopie', 'Annuleren']);
  await question.getByRole('button', { name: 'Als aparte kopie' }).click();
  await page.getByRole('status').filter({ hasText: 'is toegevoegd' }).waitFor();
  const stored = JSON.parse(JSON.parse(await page.evaluate((k) => localStorage.getItem(k), CUSTOM_KEY)).frameworks[0]);
  assert.equal(stored.id, 'quickscan-smd-2014-kopie');
  assert.match(stored.title, / \(kopie\)$/, 'a copy is told apart by its title');
  assert.equal(stored.purpose, 'reflection', 'Moodle carries no bands');
  assert.deepEqual(stored.bands, []);
  assert.match(await page.getByTestId('custom-framework-list').innerText(), /Reflectiekader/);
  assert.deepEqual(problems, []);
  await context.close();
});
