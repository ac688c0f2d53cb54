// The scan's outcome leaving the phone: the development plan (made from the speerpunten, kept in
// the draft, the export and the coach's copy), the charts with their text alternatives, the
// printable report (printed to PDF by Chromium and read back), and the two languages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { setup, newPage, ready, settled, startScan, rate } from './harness.mjs';

let env;
let tmp;
before(async () => {
  env = await setup();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-report-'));
});
after(async () => {
  await env?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A Quick Scan with both raters on the first three groups (so there are speerpunten). */
async function filledScan(page, student) {
  const id = await startScan(page, env.server.url, { student });
  const values = [40, 80, 60, 30, 90, 55];
  for (let g = 1; g <= 3; g++) {
    for (const [who, shift] of [['student', 0], ['bpv', 2]]) {
      await page.goto(`${env.server.url}#/scan/${id}/${who}/${g}`);
      await page.locator('article.rating').first().waitFor();
      const n = await page.locator('article.rating').count();
      for (let i = 0; i < n; i++) await rate(page, i, values[(g + i + shift) % values.length]);
    }
  }
  return id;
}

async function goalFromFirstSuggestion(page, id) {
  await page.goto(`${env.server.url}#/scan/${id}/plan`);
  await page.locator('h1', { hasText: 'Ontwikkelplan' }).waitFor();
  const first = page.getByTestId('plan-suggestions').locator('li').first();
  const code = await first.locator('.code').innerText();
  await first.getByRole('button', { name: 'Doel maken' }).click();
  const goal = page.locator('article.goal').first();
  await goal.waitFor();
  await goal.getByLabel('Specifiek').fill('Ik voer zelfstandig een intakegesprek met een boze cliënt');
  await goal.getByLabel('Meetbaar').fill('Drie gesprekken, besproken met Jan');
  await goal.getByLabel('Acties (één per regel)').fill('Oefenen in intervisie\nMeekijken bij Jan');
  await goal.getByLabel('Wie helpt je?').fill('Jan de Vries');
  await goal.getByLabel('Deadline').fill('2027-01-31');
  await goal.getByRole('radio', { name: 'bezig' }).check();
  await settled(page);
  return code;
}

test('a goal made from a speerpunt is guided, kept, exported and seen by the coach', async () => {
  const a = await newPage(env.browser);
  const id = await filledScan(a.page, 'Pim Plan');
  const code = await goalFromFirstSuggestion(a.page, id);
  const goal = a.page.locator('article.goal').first();
  assert.match(await goal.getByTestId('smart-missing').innerText(), /^Nog in te vullen: acceptabel, realistisch, tijdgebonden\.$/);
  assert.ok(!(await a.page.getByTestId('plan-suggestions').innerText()).includes(code), 'a linked speerpunt is no suggestion any more');

  await a.page.reload();
  await ready(a.page);
  const kept = a.page.locator('article.goal').first();
  await kept.waitFor();
  assert.equal(await kept.getByLabel('Specifiek').inputValue(), 'Ik voer zelfstandig een intakegesprek met een boze cliënt');
  assert.equal(await kept.getByLabel('Deadline').inputValue(), '2027-01-31');
  assert.ok(await kept.getByRole('radio', { name: 'bezig' }).isChecked());
  assert.equal(await a.page.getByTestId('plan-summary').innerText(), '1 doel: 0 open, 1 bezig, 0 behaald');

  await a.page.goto(`${env.server.url}#/scan/${id}/resultaat`);
  const download = a.page.waitForEvent('download');
  await a.page.getByRole('button', { name: 'Exporteren' }).click();
  const file = path.join(tmp, 'plan.json');
  await (await download).saveAs(file);
  const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert.equal(exported.scan.plan.length, 1);
  assert.deepEqual(exported.scan.plan[0].items, [code]);
  assert.equal(exported.scan.plan[0].status, 'inProgress');
  assert.deepEqual(exported.scan.plan[0].actions, ['Oefenen in intervisie', 'Meekijken bij Jan']);

  // The coach, on another device, opens the file and sees the plan.
  const coach = await newPage(env.browser);
  await coach.page.goto(env.server.url + '#/openen');
  await ready(coach.page);
  await coach.page.locator('#open-files').setInputFiles(file);
  await coach.page.getByTestId('open-results').getByText('toegevoegd').waitFor();
  await coach.page.goto(`${env.server.url}#/scan/${id}/plan`);
  const seen = coach.page.locator('article.goal').first();
  await seen.waitFor();
  assert.equal(await seen.getByLabel('Wie helpt je?').inputValue(), 'Jan de Vries');
  assert.deepEqual(a.problems, []);
  assert.deepEqual(coach.problems, []);
  await a.context.close();
  await coach.context.close();
});

test('the charts show the group means, with the same figures as text', async () => {
  const { page, context, problems } = await newPage(env.browser);
  const id = await filledScan(page, 'Kaat Grafiek');
  await page.goto(`${env.server.url}#/scan/${id}/resultaat`);
  const bars = page.getByTestId('chart-bars');
  await bars.waitFor();
  const groups = await page.locator('table.result-table').count();
  assert.equal(await bars.locator('svg rect.bar.st').count(), groups);
  assert.equal(await bars.locator('svg rect.zone').count(), 3, 'three band zones behind the bars');
  assert.equal(await page.getByTestId('chart-radar').locator('polygon.shape').count(), 2, 'student and BPV');
  // The text alternative says what the bars show: group 1's means as in its results table.
  const [st, bpv] = await page.locator('table.result-table').first().locator('tfoot td').evaluateAll((tds) => tds.slice(0, 2).map((td) => Math.round(parseFloat(td.innerText.replace(',', '.')))));
  const alt = await bars.locator('div.visually-hidden table tbody tr').first().locator('td').allInnerTexts();
  assert.deepEqual(alt, [`${st} %`, `${bpv} %`]);
  assert.equal(await bars.locator('svg').first().getAttribute('aria-hidden'), 'true'); // the chart; the legend's swatches are svg too
  assert.deepEqual(problems, []);
  await context.close();
});

test('growth between two scans of one student is drawn as then/now bars', async () => {
  const { page, context, problems } = await newPage(env.browser);
  const first = await startScan(page, env.server.url, { student: 'Gijs Groei' });
  await rate(page, 0, 40);
  await rate(page, 1, 50);
  await page.goto(env.server.url + '#/scans');
  await page.getByRole('button', { name: 'Dupliceren' }).click();
  await page.locator('article.rating').first().waitFor();
  await rate(page, 0, 80);
  const second = new URL(page.url()).hash.split('/')[2];
  assert.notEqual(first, second);
  await page.goto(`${env.server.url}#/scan/${second}/resultaat`);
  const chart = page.getByTestId('chart-growth');
  await chart.waitFor();
  assert.equal(await chart.locator('rect.bar.before').count(), 1);
  assert.deepEqual(await chart.locator('div.visually-hidden table tbody td').allInnerTexts(), ['45 %', '65 %']);
  assert.deepEqual(problems, []);
  await context.close();
});

async function pdfText(page, context) {
  const cdp = await context.newCDPSession(page);
  await page.emulateMedia({ media: 'print' });
  const { data } = await cdp.send('Page.printToPDF', { paperWidth: 8.27, paperHeight: 11.69, preferCSSPageSize: true });
  const doc = await getDocument({ data: new Uint8Array(Buffer.from(data, 'base64')), verbosity: 0 }).promise;
  const pages = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent();
    pages.push(content.items.map((i) => i.str).join(' '));
  }
  return pages;
}

// PDF text breaks words at ligatures and lines; compare without whitespace.
const squash = (s) => s.replace(/\s+/g, '');

test('the report prints to a plausible PDF with names, every group and the signature lines', async () => {
  const { page, context, problems } = await newPage(env.browser);
  const id = await filledScan(page, 'Roos Rapport');
  await goalFromFirstSuggestion(page, id);
  await page.goto(`${env.server.url}#/scan/${id}/rapport`);
  await page.locator('h1', { hasText: 'rapport' }).waitFor();
  const groupTitles = await page.locator('section.report h3').evaluateAll((hs) => hs.map((h) => h.innerText).filter((t) => /^Werkproces /.test(t)));
  assert.equal(groupTitles.length, 12, 'all twelve werkprocessen of the Quick Scan');
  const printButton = page.getByRole('button', { name: 'Afdrukken of opslaan als PDF' });
  assert.ok(await printButton.isVisible());

  const pages = await pdfText(page, context);
  assert.ok(pages.length >= 3 && pages.length <= 12, `${pages.length} pages`);
  const all = squash(pages.join(' '));
  for (const needed of ['Roos Rapport', 'Sociaal Werk niveau 4', 'Buurtteam Oost', ...groupTitles,
    'Ik voer zelfstandig een intakegesprek met een boze cliënt', 'Student', 'BPV-begeleider', 'Studieloopbaanbegeleider']) {
    assert.ok(all.includes(squash(needed)), `PDF has "${needed}"`);
  }
  assert.equal((all.match(/Handtekening/g) ?? []).length, 3, 'three signature lines');
  assert.ok(!all.includes(squash('Afdrukken of opslaan als PDF')), 'the print button is not printed');
  assert.ok(!all.includes('Instellingen'), 'the app header is not printed');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the interface switches to English and back, remembered across a reload', async () => {
  const { page, context, problems } = await newPage(env.browser);
  const id = await filledScan(page, 'Eva English');
  await page.goto(`${env.server.url}#/scan/${id}/resultaat`);
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.locator('h1', { hasText: 'Results' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal(await page.title(), 'Results · Competentiescan');
  assert.equal(await page.locator('header nav').innerText().then((s) => s.replace(/\s+/g, ' ').trim()), 'My scans Frameworks Coach Settings');
  await page.reload();
  await ready(page);
  await page.locator('h1', { hasText: 'Results' }).waitFor();
  // Framework content keeps its own language.
  assert.match(await page.locator('table.result-table').first().innerText(), /Aandacht en begrip tonen/);
  await page.getByRole('button', { name: 'Schakel over naar Nederlands' }).click();
  await page.locator('h1', { hasText: 'Resultaat' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'nl');
  assert.deepEqual(problems, []);
  await context.close();
});
