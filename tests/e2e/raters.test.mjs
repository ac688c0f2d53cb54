// A scan with many raters, as the person and the coach see it: a real Movisie export of the app,
// edited to hold self, three anonymous colleagues (as an app from before anonymous totals kept
// them: a column each) and a leidinggevende, is opened on another device and read as totals. Results compare self with each role (colleagues as their mean with the count), the
// charts have a series per role with a legend and a text alternative, the report lists every
// rater, and the coach's CSV has a row per role. axe finds nothing serious on these screens.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, setup, newPage, ready, settled, startScan, rate } from './harness.mjs';

const AXE = fs.readFileSync(path.join(ROOT, 'tests/e2e/node_modules/axe-core/axe.min.js'), 'utf8');

let env;
let tmp;
let file;
let codes;
before(async () => {
  env = await setup();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-raters-'));
  // The app's own export of a Movisie scan with the person's two values…
  const { page, context } = await newPage(env.browser, { acceptDownloads: true });
  const id = await startScan(page, env.server.url, { student: 'Noor Veld', framework: /Maatschappelijke Ondersteuning/, details: false });
  await rate(page, 0, 90);
  await rate(page, 1, 40);
  await page.goto(`${env.server.url}#/scan/${id}/resultaat`);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exporteren' }).click();
  const exported = path.join(tmp, 'export.json');
  await (await download).saveAs(exported);
  await context.close();
  // …edited: no BPV-begeleider, three anonymous colleagues and a leidinggevende.
  const data = JSON.parse(fs.readFileSync(exported, 'utf8'));
  codes = data.framework.nodes.flatMap((n) => n.items.map((i) => i.code));
  const own = data.scan.raters.find((r) => r.role === 'student');
  assert.deepEqual([own.ratings[codes[0]].value, own.ratings[codes[1]].value], [90, 40]);
  const at = own.ratings[codes[0]].at;
  const rater = (id, role, name, fn, [a, b]) => ({
    id, role, name, function: fn,
    ratings: { [codes[0]]: { value: a, at }, [codes[1]]: { value: b, at } },
  });
  data.scan.raters = [
    own,
    rater('c1', 'colleague', '', '', [60, 70]),
    rater('c2', 'colleague', '', '', [70, 80]),
    rater('c3', 'colleague', '', '', [80, 65]),
    rater('m1', 'manager', 'Mo', 'teamleider', [50, 95]),
  ];
  file = path.join(tmp, 'noor-360.json');
  fs.writeFileSync(file, JSON.stringify(data));
});
after(async () => {
  await env?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function axeFindings(page) {
  await settled(page);
  await page.evaluate(AXE);
  const { violations } = await page.evaluate(() => axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('results, charts and report show self against each role of a 360° scan', async () => {
  const { page, context, problems } = await newPage(env.browser);
  await page.goto(env.server.url + '#/openen');
  await ready(page);
  await page.locator('#open-files').setInputFiles(file);
  await page.getByTestId('open-results').getByText('toegevoegd').waitFor();
  await page.getByRole('link', { name: 'Resultaat' }).click();
  await page.locator('h1', { hasText: 'Resultaat' }).waitFor();

  const table = page.locator('table.result-table').first();
  assert.deepEqual(await table.locator('thead th').allInnerTexts(), ['Onderdeel', 'Zelf %', "Collega's (3) %", 'Leidinggevende %', 'Paraaf BPV']);
  const cells = (code) => table.locator(`tr[data-code="${code}"] td`).allInnerTexts();
  // Colleagues as their mean only: they answered anonymously, so nobody's own value is shown.
  assert.deepEqual(await cells(codes[0]), ['90 %', '70 %', '50 %', '']);
  assert.deepEqual(await cells(codes[1]), ['40 %', '71,7 %', '95 %', '']);
  assert.equal(await page.getByTestId('disclosure-colleague').textContent(),
    "Collega's: alleen het gemiddelde, want er zijn anonieme antwoorden bij; een onderdeel dat minder mensen beoordeelden dan nodig blijft leeg.");
  assert.deepEqual((await table.locator('tfoot td').allInnerTexts()).slice(0, 3), ['65,0 % (2/2)', '70,8 % (2/2)', '72,5 % (2/2)']);
  // Self against the mean of all four others: 90 vs 65 and 40 vs 77,5.
  assert.match(await page.getByTestId('blind-spots').textContent(), /zelf 90 %, anderen gemiddeld 65 % \(4\)/);
  assert.match(await page.getByTestId('hidden-strengths').textContent(), /zelf 40 %, anderen gemiddeld 77,5 % \(4\)/);
  assert.equal(await page.getByTestId('advice').count(), 0, 'a reflection framework gives no verdict');

  const radar = page.getByTestId('chart-radar');
  assert.equal(await radar.locator('svg polygon.shape').count(), 3, 'one series per role');
  assert.deepEqual(await radar.locator('svg polygon.shape').evaluateAll((ps) => ps.map((p) => p.getAttribute('class'))),
    ['shape manager', 'shape colleague', 'shape st']);
  assert.deepEqual(await radar.getByTestId('chart-legend').locator('li').allInnerTexts(), ['Zelf', "Collega's (3)", 'Leidinggevende']);
  const alt = radar.locator('div.visually-hidden table');
  assert.deepEqual(await alt.locator('thead th').allInnerTexts(), ['Onderdeel', 'Zelf', "Collega's (3)", 'Leidinggevende']);
  assert.deepEqual(await alt.locator('tbody tr').first().locator('td').allInnerTexts(), ['65 %', '71 %', '72 %']);
  const bars = page.getByTestId('chart-bars');
  assert.deepEqual(await bars.locator('svg rect.bar').evaluateAll((rs) => rs.slice(0, 3).map((r) => r.getAttribute('class'))),
    ['bar st', 'bar colleague', 'bar manager']);
  assert.deepEqual(await bars.getByTestId('chart-legend').locator('li').allInnerTexts(), ['Zelf', "Collega's (3)", 'Leidinggevende']);
  assert.deepEqual(await axeFindings(page), [], 'results');

  await page.getByRole('link', { name: 'Rapport' }).click();
  await page.locator('h1', { hasText: 'rapport' }).waitFor();
  assert.deepEqual(await page.getByTestId('report-raters').locator('li').allInnerTexts(), [
    'Student: Noor Veld (nog niet afgerond)',
    'Leidinggevende: Mo, teamleider (nog niet afgerond)',
    "Collega's: 3 anonieme antwoorden, alleen als totaal",
  ]);
  // What the device keeps of them: totals, no column.
  const kept = await page.evaluate(() => Object.entries(localStorage).filter(([k]) => k.startsWith('competentiescan.draft.')).map(([, v]) => JSON.parse(v).scan)[0]);
  assert.deepEqual(kept.raters.map((r) => r.role), ['student', 'manager']);
  assert.deepEqual(kept.anonymous.map((p) => [p.role, Object.keys(p.answers).length, p.items[codes[0]]]), [['colleague', 3, { count: 3, sum: 210 }]]);
  assert.equal(await page.getByTestId('signatures').locator('.signature').count(), 3, 'student, BPV-begeleider, slb only');
  assert.deepEqual(await axeFindings(page), [], 'report');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the coach sees the roles and downloads a row per student × item × role', async () => {
  const { page, context, problems } = await newPage(env.browser, { acceptDownloads: true });
  await page.goto(env.server.url + '#/coach');
  await ready(page);
  await page.locator('#coach-files').setInputFiles(file);
  await page.getByTestId('coach-progress').filter({ hasText: '1 van 1 bestanden verwerkt' }).waitFor();
  const table = page.getByTestId('coach-table');
  assert.equal(await table.getByTestId('coach-raters').innerText(), "Collega's (3) · Leidinggevende");
  assert.deepEqual(await axeFindings(page), [], 'coach');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download overzicht (CSV)' }).click();
  const csv = fs.readFileSync(await (await download).path(), 'utf8');
  const lines = csv.slice(1).split('\r\n').filter(Boolean);
  assert.equal(lines[0], 'Student;Opleiding;BPV-organisatie;Datum;Kader;Variant;Onderdeel;Code;Item;Rol;Aantal;Waarde %;Band;Paraaf');
  assert.equal(lines.length, 1 + codes.length * 3, 'self, colleagues and leidinggevende per item');
  const role = (code) => lines.filter((l) => l.split(';')[7] === code).map((l) => l.split(';').slice(9, 12).join(';'));
  assert.deepEqual(role(codes[0]), ['Zelf;1;90', 'Collega;3;70', 'Leidinggevende;1;50']);
  assert.deepEqual(role(codes[1]), ['Zelf;1;40', 'Collega;3;71,67', 'Leidinggevende;1;95']);
  assert.deepEqual(role(codes[2]), ['Zelf;0;', 'Collega;0;', 'Leidinggevende;0;']);
  assert.deepEqual(problems, []);
  await context.close();
});
