// A school's own framework, start to end (issue 13's "done when"): a teacher downloads the
// template and fills it in as Dutch Excel saves it (Windows-1252, `;`, a quoted cell with a line
// break, accented words, padded rows), 3 werkprocessen and 8 items; Kader toevoegen refuses it
// on its row and column; fixed, it is added; the teacher shares it; a student on another device
// opens it, scans, rates and sees bands and results, which a coach opens from the exported
// scan without having the framework; the teacher renames an item and shares the
// new version; the student's existing scan still opens against the version it was made with.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { setup, newPage, ready, rate } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

/** Windows-1252 as Excel writes it: Latin-1, plus the typographic marks it keeps in 0x80–0x9F. */
const CP1252_EXTRA = { '€': 0x80, '‚': 0x82, '„': 0x84, '…': 0x85, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97 };
function windows1252(text) {
  return Buffer.from([...text].map((ch) => {
    const code = CP1252_EXTRA[ch] ?? ch.codePointAt(0);
    if (code > 0xff) throw new Error(`not in Windows-1252: ${ch}`);
    return code;
  }));
}

/** A download started by `click`: its file name and bytes. */
async function download(page, click) {
  const started = page.waitForEvent('download');
  await click();
  const file = await started;
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(await file.path()) };
}

/**
 * The downloaded template with the teacher's own id, title and item table; `third` is the code
 * of the third item of W1 (a duplicate is the one error). Rows are padded to 8 cells, as Excel
 * pads every row to the widest one. Gives the bytes and the spreadsheet row of that third item
 * (rows as Excel numbers them: a line break inside a quoted cell stays in its row).
 */
function filledIn(template, third) {
  const text = template.toString('utf8').replace(/^\uFEFF/, '');
  const header = text.slice(0, text.indexOf('\r\nNiveau;')).split('\r\n')
    .map((row) => row.replace(/^Id;.*/, 'Id;roc-welzijn').replace(/^Titel;.*/, 'Titel;Quick Scan welzijn – ROC Oost'));
  const items = [
    'Niveau;Soort;Code;Titel;Indicator',
    '1;Werkproces;W1;Ondersteunt de cliënt bij zijn vraag;',
    ';;W1-1;Contact maken;legt contact met de cliënt',
    ';;W1-2;Vraag verhelderen;"vraagt door naar de hulpvraag\r\nvat samen in eigen woorden; checkt of het klopt"',
    `;;${third};Afspraken maken;maakt afspraken met de cliënt`,
    '1;Werkproces;W2;Motiveert en beïnvloedt;',
    ';;W2-1;Overtuigen;brengt argumenten naar voren',
    ';;W2-2;Eigen kracht;"versterkt de eigen kracht; „samen” met het netwerk"',
    ';;W2-3;Netwerk betrekken;betrekt naasten bij de aanpak',
    '1;Werkproces;W3;Reflecteert op het eigen handelen;',
    ';;W3-1;Feedback vragen;vraagt feedback aan collega’s',
    ';;W3-2;Leren;past het geleerde toe',
  ];
  const pad = (row) => row + ';'.repeat(Math.max(0, 7 - (row.match(/;/g) ?? []).length));
  const bytes = windows1252([...header, '', ...items.map(pad), ';;;;;;;', ''].join('\r\n'));
  return { bytes, thirdRow: header.length + 1 + items.findIndex((r) => r.includes(';Afspraken maken;')) + 1 };
}

test('a school framework from Excel: refused on its place, fixed, shared, scanned by a student, edited without moving old scans', async () => {
  const teacher = await newPage(env.browser, { acceptDownloads: true });
  const tp = teacher.page;
  await tp.goto(env.server.url + '#/kaders');
  await ready(tp);

  // The template, filled in as Dutch Excel saves it, with one duplicate code.
  const template = await download(tp, () => tp.getByRole('button', { name: 'Download voorbeeld (CSV)' }).click());
  assert.equal(template.name, 'kader-sjabloon.csv');
  const { bytes: withError, thirdRow } = filledIn(template.bytes, 'W1-2');
  assert.equal(withError.includes(Buffer.from('cliënt', 'utf8')), false, 'really Windows-1252, not UTF-8');
  await tp.locator('#add-framework').setInputFiles({ name: 'kader.csv', mimeType: 'text/csv', buffer: withError });
  const refused = tp.getByTestId('framework-refused');
  await refused.waitFor();
  assert.deepEqual(await refused.locator('li').allInnerTexts(), [`rij ${thirdRow}, kolom Code: code "W1-2" komt meer dan eens voor`]);
  assert.equal(await tp.evaluate(() => localStorage.getItem('competentiescan.custom-frameworks')), null, 'nothing stored on refusal');

  // Fixed: added, accents and the two-line cell intact.
  await tp.locator('#add-framework').setInputFiles({ name: 'kader.csv', mimeType: 'text/csv', buffer: filledIn(template.bytes, 'W1-3').bytes });
  await tp.getByTestId('framework-added').filter({ hasText: 'Kader "Quick Scan welzijn – ROC Oost" is toegevoegd.' }).waitFor();
  await tp.goto(env.server.url + '#/kaders/roc-welzijn');
  await ready(tp);

  // Delen: one JSON file, with every accent and the two-line cell as typed.
  const shared = await download(tp, () => tp.getByRole('button', { name: 'Delen' }).click());
  assert.equal(shared.name, 'kader-roc-welzijn.json');
  const sharedJson = JSON.parse(shared.bytes.toString('utf8'));
  assert.deepEqual(sharedJson.nodes.map((n) => n.title), ['Ondersteunt de cliënt bij zijn vraag', 'Motiveert en beïnvloedt', 'Reflecteert op het eigen handelen']);
  const items = Object.fromEntries(sharedJson.nodes.flatMap((n) => n.items).map((i) => [i.code, i.indicators]));
  assert.equal(Object.keys(items).length, 8);
  assert.deepEqual(items['W1-2'], ['vraagt door naar de hulpvraag', 'vat samen in eigen woorden; checkt of het klopt']);
  assert.deepEqual(items['W2-2'], ['versterkt de eigen kracht; „samen” met het netwerk']);
  assert.deepEqual(items['W3-1'], ['vraagt feedback aan collega’s']);

  // The student, on another device, opens it with Bestand openen and starts a scan with it.
  const student = await newPage(env.browser, { acceptDownloads: true });
  const sp = student.page;
  await sp.goto(env.server.url + '#/openen');
  await ready(sp);
  await sp.locator('#open-files').setInputFiles({ name: shared.name, mimeType: 'application/json', buffer: shared.bytes });
  const added = sp.getByTestId('framework-added');
  await added.filter({ hasText: 'is toegevoegd' }).waitFor();
  await added.getByRole('link', { name: 'Nieuwe scan met dit kader' }).click();
  await sp.getByRole('radio', { name: /Quick Scan welzijn – ROC Oost/ }).waitFor();
  await sp.getByLabel('Naam student').fill('Noor Bakker');
  await sp.getByRole('button', { name: 'Scan starten' }).click();
  await sp.locator('article.rating').first().waitFor();
  const scanId = new URL(sp.url()).hash.split('/')[2];
  assert.deepEqual(await sp.locator('article.rating h2').allInnerTexts(), ['Contact maken', 'Vraag verhelderen', 'Afspraken maken']);
  for (const [i, value] of [40, 60, 80].entries()) await rate(sp, i, value);
  // The template's bands, kept by the teacher: < 55, up to 75, above.
  const expected = ['MOET verbeteren', 'Aan werken tijdens opleiding', 'GOED'];
  await sp.locator('article.rating').nth(2).locator('.band-chip', { hasText: 'GOED' }).waitFor();
  assert.deepEqual(await sp.locator('article.rating .band-chip').allInnerTexts(), expected);

  // Results: the bands per item.
  await sp.goto(`${env.server.url}#/scan/${scanId}/resultaat`);
  await ready(sp);
  const table = sp.locator('table[data-group="W1"]');
  await table.waitFor();
  const bands = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.querySelector('.band-chip')?.textContent));
  assert.deepEqual(bands, expected);

  // The scan exports like any other (its framework embedded): a coach without the framework
  // opens it and sees the same results.
  const exported = await download(sp, () => sp.getByRole('button', { name: 'Exporteren' }).click());
  const coach = await newPage(env.browser);
  await coach.page.goto(env.server.url + '#/openen');
  await ready(coach.page);
  await coach.page.locator('#open-files').setInputFiles({ name: exported.name, mimeType: 'application/json', buffer: exported.bytes });
  await coach.page.getByTestId('open-results').getByText('scan van Noor Bakker toegevoegd').waitFor();
  await coach.page.getByRole('link', { name: 'Resultaat' }).click();
  const coachTable = coach.page.locator('table[data-group="W1"]');
  await coachTable.waitFor();
  assert.equal(await coachTable.innerText(), await table.innerText());
  assert.deepEqual(coach.problems, []);
  await coach.context.close();

  // The teacher renames an item; saving makes version 1.1.0, shared again.
  await tp.getByRole('link', { name: 'Kader bewerken' }).click();
  await tp.getByRole('heading', { name: 'Kader bewerken' }).waitFor();
  const title = tp.locator('#i-0-0-title');
  assert.equal(await title.inputValue(), 'Contact maken');
  await title.fill('Contact leggen');
  await title.press('Tab');
  await tp.getByRole('button', { name: 'Opslaan' }).click();
  await tp.getByTestId('framework-version').filter({ hasText: 'Versie 1.1.0' }).waitFor();
  const second = await download(tp, () => tp.getByRole('button', { name: 'Delen' }).click());
  assert.equal(JSON.parse(second.bytes.toString('utf8')).nodes[0].items[0].title, 'Contact leggen');

  // The student opens the new version: it replaces the framework, asked, not silently.
  await sp.goto(env.server.url + '#/openen');
  await ready(sp);
  await sp.locator('#open-files').setInputFiles({ name: second.name, mimeType: 'application/json', buffer: second.bytes });
  const question = sp.getByTestId('add-framework-question');
  await question.waitFor();
  assert.match(await question.innerText(), /Als nieuwe versie vervangt versie 1\.1\.0 uit dit bestand versie 1\.0\.0;/);
  await question.getByRole('button', { name: 'Als nieuwe versie' }).click();
  await sp.getByTestId('framework-added').filter({ hasText: 'is toegevoegd' }).waitFor();

  // The existing scan still opens against its own version (after a reload: from storage).
  await sp.goto(`${env.server.url}#/scan/${scanId}/student/1`);
  await sp.reload();
  await ready(sp);
  await sp.locator('article.rating').first().waitFor();
  assert.deepEqual(await sp.locator('article.rating h2').allInnerTexts(), ['Contact maken', 'Vraag verhelderen', 'Afspraken maken']);
  assert.equal(await sp.locator('article.rating input[type=number]').first().inputValue(), '40');
  // A new scan gets the new version.
  await sp.goto(env.server.url + '#/nieuw/roc-welzijn');
  await ready(sp);
  await sp.getByLabel('Naam student').fill('Noor Bakker');
  await sp.getByRole('button', { name: 'Scan starten' }).click();
  await sp.locator('article.rating').first().waitFor();
  assert.equal(await sp.locator('article.rating h2').first().innerText(), 'Contact leggen');

  assert.deepEqual(teacher.problems, []);
  assert.deepEqual(student.problems, []);
  await teacher.context.close();
  await student.context.close();
});
