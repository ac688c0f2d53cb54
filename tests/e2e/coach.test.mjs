// The coach: a class of generated files imported at once, the overview table sorted and
// filtered, students removed, the CSV with one row per student × item × role, and growth between
// scans.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setup, newPage, ready, startScan } from './harness.mjs';

let env;
let tmp;
let template;
before(async () => {
  env = await setup();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-coach-'));
  // One real export made by the app is the template for the class.
  const { page, context } = await newPage(env.browser);
  const id = await startScan(page, env.server.url, { student: 'Sjabloon', details: false });
  await page.goto(`${env.server.url}#/scan/${id}/resultaat`);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exporteren' }).click();
  const file = path.join(tmp, 'template.json');
  await (await download).saveAs(file);
  template = JSON.parse(fs.readFileSync(file, 'utf8'));
  await context.close();
});
after(async () => {
  await env?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const codes = () => template.framework.nodes.flatMap((k) => k.children.flatMap((w) => w.items.map((i) => i.code)));

/** Student n: supervisor values on every item, student values on the first half. */
function studentFile(n, { id = `student-${n}`, date = '2026-11-20', shift = 0 } = {}) {
  const at = `${date}T10:00:00.000Z`;
  const all = codes();
  const value = (i) => Math.min(100, ((n * 7 + i * 5 + shift) % 21) * 5);
  const scan = {
    ...template.scan,
    id,
    created: at,
    updated: at,
    subject: { student: `Student ${String(n).padStart(2, '0')}`, programme: 'SW4', organisation: 'BPV', date },
    raters: [
      {
        id: 'student', role: 'student',
        ratings: Object.fromEntries(all.slice(0, 16).map((c, i) => [c, { value: value(i + 1), at }])),
        ...(n % 2 ? { finished: at } : {}),
      },
      { id: 'supervisor', role: 'supervisor', ratings: Object.fromEntries(all.map((c, i) => [c, { value: value(i), at }])) },
    ],
    history: [],
  };
  const file = path.join(tmp, `${id}.json`);
  fs.writeFileSync(file, JSON.stringify({ ...template, scan }));
  return { file, scan };
}

test('the coach imports 50 files; table, sorting, filters, removal and the CSV', async () => {
  const { page, problems, context } = await newPage(env.browser, { acceptDownloads: true });
  const files = Array.from({ length: 50 }, (_, n) => studentFile(n + 1));
  await page.goto(env.server.url + '#/coach');
  await ready(page);
  await page.locator('#coach-files').setInputFiles(files.map((f) => f.file));
  await page.getByTestId('coach-progress').filter({ hasText: '50 van 50 bestanden verwerkt' }).waitFor();
  const table = page.getByTestId('coach-table');
  await table.locator('tbody tr').nth(49).waitFor();
  assert.equal(await table.locator('tbody tr').count(), 50);
  assert.equal(await table.locator('thead th').count(), 2 + 12 + 1, 'student, total, 12 werkprocessen, actions');
  const names = () => table.locator('tbody th a').allTextContents();
  assert.equal((await names())[0], 'Student 01');

  await table.getByRole('button', { name: 'Student' }).click();
  await table.locator('thead th[aria-sort="descending"]').waitFor();
  assert.equal((await names())[0], 'Student 50');

  await page.getByLabel('Afgerond').selectOption('student');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=coach-table] tbody tr').length === 25);
  await page.getByLabel('Afgerond').selectOption('');
  await table.locator('tbody tr').nth(49).waitFor();

  await table.locator('tbody tr', { hasText: 'Student 07' }).getByRole('button', { name: 'Uit overzicht' }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=coach-table] tbody tr').length === 49);
  assert.ok(!(await names()).includes('Student 07'));

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download overzicht (CSV)' }).click();
  const csvFile = await (await download).path();
  const csv = fs.readFileSync(csvFile, 'utf8');
  assert.ok(csv.startsWith('\ufeff'), 'UTF-8 BOM for Dutch Excel');
  const lines = csv.slice(1).split('\r\n').filter(Boolean);
  assert.equal(lines.length, 1 + 49 * 33 * 2, 'header + one row per student × item × role');
  assert.equal(lines[0], 'Student;Opleiding;BPV-organisatie;Datum;Kader;Variant;Onderdeel;Code;Item;Rol;Aantal;Waarde %;Band;Paraaf');
  const s1 = files[0].scan;
  const first = codes()[0];
  const rows = lines.filter((l) => l.startsWith('Student 01;') && l.includes(`;${first};`)).map((l) => l.split(';').slice(9, 12));
  assert.deepEqual(rows, [
    ['Zelf', '1', String(s1.raters[0].ratings[first].value)],
    ['BPV-begeleider', '1', String(s1.raters[1].ratings[first].value)],
  ]);

  await table.getByRole('link', { name: 'Student 12' }).click();
  await page.locator('h1', { hasText: 'Resultaat' }).waitFor();
  assert.match(await page.locator('main .meta').first().textContent(), /Student 12/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('two scans of one student show the growth per item', async () => {
  const { page, context } = await newPage(env.browser);
  const start = studentFile(3, { id: 'groei-start', date: '2026-09-01' });
  const later = studentFile(3, { id: 'groei-later', date: '2026-12-01', shift: 10 });
  await page.goto(env.server.url + '#/openen');
  await ready(page);
  await page.locator('#open-files').setInputFiles([start.file, later.file]);
  await page.getByTestId('open-results').locator('li').nth(1).waitFor();
  await page.goto(`${env.server.url}#/scan/groei-later/resultaat`);
  const growth = page.getByTestId('growth');
  await growth.waitFor();
  assert.match(await page.locator('h2', { hasText: 'Groei sinds' }).textContent(), /Groei sinds 2026-09-01/);
  const first = codes()[0];
  const before = start.scan.raters[1].ratings[first].value;
  const after = later.scan.raters[1].ratings[first].value;
  // Both scans hold the BPV-begeleider's values: theirs are compared.
  const cells = await page.getByTestId('growth-supervisor').locator('tbody tr').first().locator('td').allTextContents();
  const d = after - before;
  assert.deepEqual(cells, [`${before} %`, `${after} %`, `${d > 0 ? '+' : ''}${d}`]);
  await context.close();
});

test('growth compares one rater with itself, says whose values, and tells no change between different raters', async () => {
  const { page, problems, context } = await newPage(env.browser);
  const [a, b, c] = codes();
  const file = (id, date, student, supervisor) => {
    const at = `${date}T10:00:00.000Z`;
    const ratings = (values) => Object.fromEntries(Object.entries(values).map(([code, value]) => [code, { value, at }]));
    const scan = {
      ...template.scan, id, created: at, updated: at,
      subject: { student: 'Gert Groei', programme: 'SW4', organisation: 'BPV', date },
      raters: [{ id: 'student', role: 'student', ratings: ratings(student) }, { id: 'supervisor', role: 'supervisor', ratings: ratings(supervisor) }],
      history: [],
    };
    const out = path.join(tmp, `${id}.json`);
    fs.writeFileSync(out, JSON.stringify({ ...template, scan }));
    return out;
  };
  // September: self-ratings, and the BPV-begeleider on c only. December: the BPV-begeleider's
  // 40 on a (September's 40 there was the student's), the student's unchanged 50 on b.
  const september = file('groei-sep', '2026-09-01', { [a]: 40, [b]: 50 }, { [c]: 60 });
  const december = file('groei-dec', '2026-12-01', { [b]: 50 }, { [a]: 40, [b]: 70, [c]: 65 });
  await page.goto(env.server.url + '#/openen');
  await ready(page);
  await page.locator('#open-files').setInputFiles([september, december]);
  await page.getByTestId('open-results').locator('li').nth(1).waitFor();
  await page.goto(`${env.server.url}#/scan/groei-dec/resultaat`);
  await page.getByTestId('growth').waitFor();
  const table = async (rater) => {
    const t = page.getByTestId(`growth-${rater}`);
    return {
      head: await t.locator('thead th').allInnerTexts(),
      rows: await t.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.innerText))),
    };
  };
  // The BPV-begeleider's values against their own: c only.
  const bpv = await table('supervisor');
  assert.deepEqual(bpv.head.slice(1), ['Toen (BPV)', 'Nu (BPV)', 'Verschil']);
  assert.deepEqual(bpv.rows.map((r) => [r[0].split(' ')[0], ...r.slice(1)]), [[c, '60 %', '65 %', '+5']]);
  // The student's: b, unchanged by the same rater: 0.
  const student = await table('student');
  assert.deepEqual(student.head.slice(1), ['Toen (Student)', 'Nu (Student)', 'Verschil']);
  assert.deepEqual(student.rows.map((r) => [r[0].split(' ')[0], ...r.slice(1)]), [[b, '50 %', '50 %', '0']]);
  // a (student 40, then BPV 40) is no "0": it is counted as not comparable.
  assert.equal(await page.getByTestId('growth').getByText(new RegExp(`^${a} `)).count(), 0);
  assert.equal(await page.getByTestId('growth-other-raters').innerText(), '1 item staat er niet bij: toen en nu door een andere beoordelaar beoordeeld, dus niet te vergelijken.');
  assert.deepEqual(await page.getByTestId('chart-growth').locator('figcaption').allInnerTexts(), [
    'Groei per onderdeel sinds 2026-09-01: Student', 'Groei per onderdeel sinds 2026-09-01: BPV',
  ]);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a large class shows 100 rows at first, counts them all, and shows the rest on request', async () => {
  const { page, problems, context } = await newPage(env.browser);
  const files = Array.from({ length: 120 }, (_, n) => studentFile(n + 1, { id: `large-${n + 1}` }));
  await page.goto(env.server.url + '#/coach');
  await ready(page);
  await page.locator('#coach-files').setInputFiles(files.map((f) => f.file));
  const count = page.getByTestId('coach-count');
  await count.filter({ hasText: '100 van 120 studenten getoond.' }).waitFor();
  const rows = page.getByTestId('coach-table').locator('tbody tr');
  assert.equal(await rows.count(), 100);
  await page.getByRole('button', { name: 'Toon meer' }).click();
  await count.filter({ hasText: '120 van 120 studenten getoond.' }).waitFor();
  assert.equal(await rows.count(), 120);
  assert.equal(await page.getByRole('button', { name: 'Toon meer' }).count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});
