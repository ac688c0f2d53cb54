// Exchange: export and import reproduce the results; the supervisor round trip across two
// browser profiles; refused files change nothing; sharing uses the share sheet where it can
// and falls back to download + e-mail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setup, newPage, ready, startScan as startScanIn, rate } from './harness.mjs';

/** One rater's column of a stored or exported scan (format 2: a list of raters). */
const column = (scan, id) => scan.raters.find((r) => r.id === id) ?? { ratings: {}, paraafs: {} };

let env;
let tmp;
before(async () => {
  env = await setup();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-exchange-'));
});
after(async () => {
  await env?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const startScan = (page, student) => startScanIn(page, env.server.url, { student, details: false });

async function exportFile(page, id, name) {
  await page.goto(`${env.server.url}#/scan/${id}/resultaat`);
  await page.locator('h1', { hasText: 'Resultaat' }).waitFor();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exporteren' }).click();
  const file = path.join(tmp, name);
  await (await download).saveAs(file);
  return file;
}

async function openFiles(page, files) {
  await page.goto(env.server.url + '#/openen');
  await ready(page);
  await page.locator('#open-files').setInputFiles(files);
}

const resultsText = (page) => page.locator('main table').evaluateAll((ts) => ts.map((t) => t.innerText).join('\n'));
const storageSnapshot = (page) => page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()));

test('an exported file opened on another device gives the same results', async () => {
  const a = await newPage(env.browser);
  const id = await startScan(a.page, 'Aïcha van \'t Hof');
  for (const [i, v] of [45, 60, 80, 100].entries()) await rate(a.page, i, v);
  const file = await exportFile(a.page, id, 'a.json');
  assert.match(path.basename(file), /^a\.json$/);
  const before = await resultsText(a.page);

  const b = await newPage(env.browser);
  await openFiles(b.page, file);
  await b.page.getByTestId('open-results').getByText('scan van Aïcha van \'t Hof toegevoegd').waitFor();
  await b.page.getByRole('link', { name: 'Resultaat' }).click();
  await b.page.locator('h1', { hasText: 'Resultaat' }).waitFor();
  assert.equal(await resultsText(b.page), before);
  assert.deepEqual(b.problems, []);
  await a.context.close();
  await b.context.close();
});

test('the supervisor round trip across two browser profiles ends with both columns complete', async () => {
  const student = await newPage(env.browser);
  const id = await startScan(student.page, 'Sanne Jansen');
  for (const [i, v] of [50, 60, 70, 80].entries()) await rate(student.page, i, v);
  const toSupervisor = await exportFile(student.page, id, 'naar-bpv.json');

  const supervisor = await newPage(env.browser);
  await openFiles(supervisor.page, toSupervisor);
  await supervisor.page.getByTestId('open-results').getByText('toegevoegd').waitFor();
  await supervisor.page.goto(`${env.server.url}#/scan/${id}/bpv/1`);
  await supervisor.page.locator('article.rating').first().waitFor();
  await supervisor.page.getByLabel('Naam BPV-begeleider').fill('Jan de Vries');
  await supervisor.page.getByLabel('Naam BPV-begeleider').press('Tab');
  for (const [i, v] of [55, 65, 75, 85].entries()) await rate(supervisor.page, i, v);
  await supervisor.page.getByRole('button', { name: 'Alle beoordeelde rijen paraferen' }).click();
  await supervisor.page.locator('.paraaf', { hasText: 'Geparafeerd JdV' }).nth(3).waitFor();
  const back = await exportFile(supervisor.page, id, 'terug.json');

  // Meanwhile the student changed one of their own ratings.
  await student.page.goto(`${env.server.url}#/scan/${id}/student/1`);
  await student.page.locator('article.rating').first().waitFor();
  await rate(student.page, 3, 90);

  await openFiles(student.page, back);
  const choice = student.page.getByTestId('merge-choice');
  await choice.waitFor();
  // What the file adds, per rater: the student's own later change is not among it.
  assert.deepEqual(await choice.getByTestId('adds').locator('li').allTextContents(), [
    'BPV-begeleider: 4 beoordelingen, 4 parafen, naam en functie',
  ]);
  assert.equal(await choice.getByTestId('replaces').count(), 0, 'nothing here is replaced');
  await choice.getByRole('button', { name: 'Samenvoegen' }).click();
  const merged = student.page.getByTestId('merged');
  await merged.waitFor();
  assert.match(await merged.textContent(), /student 1\.1-4: 90 % gehouden \(nieuwer\), 80 % vervangen/);
  await merged.getByRole('link', { name: 'Resultaat' }).click();
  await student.page.locator('table[data-group="1.1"] tbody tr').nth(3).waitFor();
  const rows = await student.page.locator('table[data-group="1.1"] tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
  assert.deepEqual(rows.map((r) => [r[0], r[1], r[3]]), [
    ['50 %', '55 %', 'JdV'], ['60 %', '65 %', 'JdV'], ['70 %', '75 %', 'JdV'], ['90 %', '85 %', 'JdV'],
  ]);
  assert.deepEqual(student.problems, []);
  assert.deepEqual(supervisor.problems, []);
  await student.context.close();
  await supervisor.context.close();
});

test('a merge can be undone: the previous version comes back', async () => {
  const a = await newPage(env.browser);
  const id = await startScan(a.page, 'Noor');
  await rate(a.page, 0, 40);
  const file = await exportFile(a.page, id, 'noor.json');
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  const code = Object.keys(column(data.scan, 'student').ratings)[0];
  column(data.scan, 'supervisor').ratings = { [code]: { value: 90, at: '2030-01-01T00:00:00.000Z' } };
  fs.writeFileSync(path.join(tmp, 'noor-bpv.json'), JSON.stringify(data));
  await openFiles(a.page, path.join(tmp, 'noor-bpv.json'));
  await a.page.getByTestId('merge-choice').getByRole('button', { name: 'Samenvoegen' }).click();
  await a.page.getByTestId('merged').waitFor();
  await a.page.waitForFunction(([id, code]) => JSON.parse(localStorage.getItem(`competentiescan.draft.${id}`)).scan.raters.find((r) => r.id === 'supervisor')?.ratings[code]?.value === 90, [id, code]);
  // The backup survives a reload and can be restored from Mijn scans.
  await a.page.goto(env.server.url + '#/scans');
  await a.page.reload();
  await ready(a.page);
  await a.page.getByRole('button', { name: 'Versie van vóór samenvoegen herstellen' }).click();
  await a.page.waitForFunction((id) => JSON.parse(localStorage.getItem(`competentiescan.draft.${id}`)).scan.raters.every((r) => r.id !== 'supervisor' || Object.keys(r.ratings).length === 0), id);
  await a.page.waitForFunction((id) => localStorage.getItem(`competentiescan.backup.${id}`) === null, id);
  await a.context.close();
});

test('files dropped anywhere on the page are opened', async () => {
  const a = await newPage(env.browser);
  const id = await startScan(a.page, 'Dewi');
  await rate(a.page, 0, 55);
  const text = fs.readFileSync(await exportFile(a.page, id, 'dewi.json'), 'utf8');
  const b = await newPage(env.browser);
  await b.page.goto(env.server.url + '#/openen');
  await ready(b.page);
  await b.page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dewi.json', { type: 'application/json' }));
    document.querySelector('main h1').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, text);
  await b.page.getByTestId('open-results').getByText('dewi.json: scan van Dewi toegevoegd').waitFor();
  await a.context.close();
  await b.context.close();
});

test('refused files show why and leave every draft untouched', async () => {
  const a = await newPage(env.browser);
  const id = await startScan(a.page, 'Bram');
  await rate(a.page, 0, 70);
  const good = JSON.parse(fs.readFileSync(await exportFile(a.page, id, 'bram.json'), 'utf8'));
  const code = Object.keys(column(good.scan, 'student').ratings)[0];
  const only = (ratings) => ({ ...good, scan: { ...good.scan, raters: [{ id: 'student', role: 'student', ratings }] } });
  const variants = {
    'kapot.json': ['{"format": "competentiescan-export", ', /geen geldige JSON \(regel 1/],
    'ander.json': [JSON.stringify({ hallo: 'wereld' }), /geen Competentiescan-bestand/],
    'nieuwer.json': [JSON.stringify({ ...good, formatVersion: 9 }), /nieuwere versie van de app \(formaat 9/],
    'te-hoog.json': [JSON.stringify(only({ [code]: { value: 150, at: '2026-11-20T09:00:00Z' } })), new RegExp(`beoordeling student ${code.replace('.', '\\.')}: 150 % ligt buiten 0–100 %`)],
    'tekst.json': [JSON.stringify(only({ [code]: { value: 'zestig', at: '2026-11-20T09:00:00Z' } })), /"zestig" is geen getal/],
    'code.json': [JSON.stringify(only({ '9.9-9': { value: 50, at: '2026-11-20T09:00:00Z' } })), /9\.9-9: code bestaat niet in het kader/],
    'hash.json': [JSON.stringify({ ...good, framework: { ...good.framework, title: 'Aangepast' } }), /kenmerk klopt niet/],
  };
  for (const [name, [content]] of Object.entries(variants)) fs.writeFileSync(path.join(tmp, name), content);
  const big = path.join(tmp, 'groot.json');
  fs.writeFileSync(big, Buffer.alloc(5 * 1024 * 1024 + 1, 32));
  await a.page.goto(env.server.url + '#/scans');
  await a.page.getByTestId('draft-list').locator('li').first().waitFor();
  const before = await storageSnapshot(a.page);
  await openFiles(a.page, [...Object.keys(variants).map((n) => path.join(tmp, n)), big]);
  const results = a.page.getByTestId('open-results');
  await results.locator('li').nth(Object.keys(variants).length).waitFor();
  const text = await results.textContent();
  for (const [name, [, message]] of Object.entries(variants)) {
    assert.match(text, new RegExp(`${name.replace('.', '\\.')}: `), name);
    assert.match(text, message, name);
  }
  assert.match(text, /groot\.json: Het bestand is te groot \(5\.0 MB; maximaal 5 MB\)/);
  assert.equal(await results.getByRole('alert').count(), Object.keys(variants).length + 1);
  assert.equal(await storageSnapshot(a.page), before, 'nothing on the device changed');
  // Imported text is shown as text, never as HTML.
  const html = { ...good, scan: { ...good.scan, id: 'html-test', subject: { ...good.scan.subject, student: '<img src=x onerror=alert(1)>' } } };
  fs.writeFileSync(path.join(tmp, 'html.json'), JSON.stringify(html));
  await openFiles(a.page, path.join(tmp, 'html.json'));
  await a.page.getByTestId('open-results').getByText('scan van <img src=x onerror=alert(1)> toegevoegd').waitFor();
  assert.equal(await a.page.locator('main img').count(), 0);
  await a.context.close();
});

test('"Versturen naar coach" opens the share sheet with the file where files can be shared', async () => {
  const a = await newPage(env.browser);
  await a.page.addInitScript(() => {
    window.__shared = [];
    navigator.canShare = (data) => Array.isArray(data?.files) && data.files.length === 1;
    navigator.share = async (data) => {
      const f = data.files[0];
      window.__shared.push({ name: f.name, type: f.type, text: await f.text(), title: data.title, body: data.text });
    };
  });
  const id = await startScan(a.page, 'Sanne Jansen');
  await rate(a.page, 0, 60);
  await a.page.goto(`${env.server.url}#/scan/${id}/resultaat`);
  await a.page.getByRole('button', { name: 'Versturen naar coach' }).click();
  await a.page.getByTestId('send-status').filter({ hasText: 'Verstuurd.' }).waitFor();
  const [shared] = await a.page.evaluate(() => window.__shared);
  assert.match(shared.name, /^competentiescan_Sanne-Jansen_quickscan-smd-2014_\d{4}-\d{2}-\d{2}\.json$/);
  assert.equal(shared.type, 'application/json');
  assert.equal(JSON.parse(shared.text).scan.id, id);
  assert.match(shared.body, /Open het bestand in de Competentiescan-app/);
  await a.context.close();
});

test('without file sharing it downloads the file and offers an e-mail with instructions', async () => {
  const a = await newPage(env.browser);
  await a.page.addInitScript(() => {
    // This browser cannot share files.
    navigator.canShare = () => false;
  });
  const id = await startScan(a.page, 'Sanne Jansen');
  await a.page.goto(`${env.server.url}#/scan/${id}/resultaat`);
  const download = a.page.waitForEvent('download');
  await a.page.getByRole('button', { name: 'Versturen naar coach' }).click();
  assert.match((await download).suggestedFilename(), /^competentiescan_Sanne-Jansen_/);
  await a.page.getByTestId('send-status').filter({ hasText: 'Open de e-mail met de link hieronder, voeg het bestand toe als bijlage' }).waitFor();
  const href = await a.page.getByTestId('mailto').getAttribute('href');
  assert.match(href, /^mailto:\?subject=Competentiescan&body=/);
  assert.match(decodeURIComponent(href), /In de bijlage staat de Competentiescan van Sanne Jansen/);
  await a.context.close();
});
