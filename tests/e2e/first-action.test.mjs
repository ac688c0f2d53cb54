// Every kind of file opened as the first thing a freshly loaded page does (issue 24): an export
// (a new scan), the same export into a scan changed since (an older file: it adds nothing), a
// feedback request, a feedback answer, a shared framework (Delen), and each refusal. Each file
// is opened right after a page load, several of them after a reload in the middle of a flow.
// Bestand openen reads files in a task outside the component tree, so whatever it needs it
// must have taken before it started: a context lookup there panics ("Er ging iets mis").
//
// Shown to fail on the code before the fix: after a reload, the person's Bestand openen → the
// feedback answer panicked with `expected context of type
// "competentiescan::ui::catalog::Catalog" to be present` (Drafts::framework_for looked the
// catalog up inside the file task): the test waited in vain for "feedback van Collega …
// toegevoegd" and the page had the panic as its error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setup, newPage, ready, startScan, rate, saveDownload, templateCsv } from './harness.mjs';

const MOVISIE = /Handreiking Maatschappelijke Ondersteuning/;

const FRAMEWORK_CSV = templateCsv('eerste-kader', 'Eerste kader zorg');

let env;
let tmp;
before(async () => {
  env = await setup();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-first-action-'));
});
after(async () => {
  await env?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A browser profile of its own (a device) that cannot share files, so sending downloads. */
async function device() {
  const d = await newPage(env.browser);
  await d.page.addInitScript(() => {
    navigator.canShare = () => false;
  });
  // A panic never shows the awaited text: fail in seconds, not after the suite's timeout.
  d.page.setDefaultTimeout(15000);
  return d;
}

/** Saves what the next click on `button` downloads, as `name` in the test's folder. */
const download = (page, button, name) => saveDownload(page, button, path.join(tmp, name));

/**
 * Bestand openen as the first action of a freshly loaded page: the page is loaded anew (a
 * reload; a new profile's first load is one too), then the file is chosen. Returns the results list.
 */
async function openAfterLoad(page, file) {
  await page.goto(env.server.url + '#/openen');
  await page.reload();
  await ready(page);
  await page.locator('#open-files').setInputFiles(file);
  return page.getByTestId('open-results');
}

/** The refusal a freshly loaded page shows for `file`: its text, nothing changed on the device. */
async function refused(page, file) {
  const storage = () => page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()));
  await page.goto(env.server.url + '#/openen');
  await page.reload();
  await ready(page);
  const before = await storage();
  await page.locator('#open-files').setInputFiles(file);
  const alert = page.getByTestId('open-results').getByRole('alert');
  await alert.waitFor();
  const text = await alert.innerText();
  assert.match(text, /Er is niets veranderd\./);
  assert.equal(await storage(), before, `${path.basename(file)}: nothing changed`);
  return text;
}

function write(name, content) {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, content);
  return file;
}

/** Runs a flow over `devices`; a failure carries the devices' page errors (a panic's message). */
async function flow(devices, body) {
  try {
    await body();
  } catch (e) {
    const problems = devices.flatMap((d) => d.problems);
    if (problems.length) e.message += `\npage problems:\n${problems.join('\n')}`;
    throw e;
  }
}

test('every kind of file opens as the first action after a page load, and after a reload mid-flow', async () => {
  const devices = [];
  await flow(devices, async () => {
  // The person: a Quick Scan to export, a Movisie scan to ask feedback on, a framework to share.
  const p = await device();
  devices.push(p);
  const lotte = await startScan(p.page, env.server.url, { student: 'Lotte Jansen', details: false });
  await rate(p.page, 0, 50);
  await p.page.goto(`${env.server.url}#/scan/${lotte}/resultaat`);
  await p.page.locator('h1', { hasText: 'Resultaat' }).waitFor();
  const exported = await download(p.page, p.page.getByRole('button', { name: 'Exporteren' }), 'lotte.json');

  const fenna = await startScan(p.page, env.server.url, { student: 'Fenna de Boer', framework: MOVISIE, details: false });
  await rate(p.page, 0, 40);
  await p.page.goto(`${env.server.url}#/scan/${fenna}/feedback`);
  await p.page.locator('h1', { hasText: 'Vraag feedback' }).waitFor();
  await p.page.getByLabel('Collega\'s').fill('1');
  await p.page.getByLabel('Anoniem mag: de naam mag leeg blijven').check();
  await p.page.getByRole('button', { name: 'Verzoeken maken' }).click();
  const row = p.page.getByTestId('asked-list').locator('li').first();
  const request = await download(p.page, row.getByRole('button', { name: 'Verzoek versturen' }), 'verzoek.json');

  await p.page.goto(env.server.url + '#/kaders');
  await ready(p.page);
  await p.page.locator('#add-framework').setInputFiles({ name: 'kader.csv', mimeType: 'text/csv', buffer: Buffer.from(FRAMEWORK_CSV) });
  await p.page.getByTestId('framework-added').waitFor();
  await p.page.goto(env.server.url + '#/kaders/eerste-kader');
  await ready(p.page);
  const shared = await download(p.page, p.page.getByRole('button', { name: 'Delen' }), 'kader-eerste-kader.json');

  // A new device: the export, as its first action ever.
  const q = await device();
  devices.push(q);
  let results = await openAfterLoad(q.page, exported);
  await results.getByText('lotte.json: scan van Lotte Jansen toegevoegd').waitFor();

  // A colleague's new device: the request first; then answering, with a reload in the middle.
  const c = await device();
  devices.push(c);
  results = await openAfterLoad(c.page, request);
  await results.getByTestId('request-opened').getByText('feedbackverzoek van Fenna de Boer geopend').waitFor();
  await c.page.getByRole('link', { name: 'Feedback geven' }).click();
  await c.page.getByTestId('request-intro').waitFor();
  await c.page.getByLabel('Je naam').fill('Piet Bakker');
  await c.page.getByLabel('Je naam').press('Tab');
  await rate(c.page, 0, 60);
  await c.page.reload();
  await ready(c.page);
  await c.page.getByTestId('request-intro').waitFor();
  const answer = await download(c.page, c.page.getByRole('button', { name: 'Verstuur feedback' }), 'antwoord.json');
  // The same request again, after a reload: the draft already here.
  results = await openAfterLoad(c.page, request);
  await results.getByTestId('request-opened').getByText('dit feedbackverzoek van Fenna de Boer staat al op dit apparaat').waitFor();

  // The person reloads, then opens the answer: the column joins the scan.
  results = await openAfterLoad(p.page, answer);
  await results.getByTestId('feedback-applied').getByText('antwoord.json: feedback van Collega Piet Bakker toegevoegd aan de scan van Fenna de Boer').waitFor();
  const stored = await p.page.evaluate((id) => JSON.parse(localStorage.getItem(`competentiescan.draft.${id}`)).scan, fenna);
  assert.deepEqual(stored.raters.map((r) => r.role), ['student', 'supervisor', 'colleague']);

  // The person changed Lotte's scan since the export, then the page was reloaded: the older
  // export adds nothing, and says so (merging it would change nothing here).
  await p.page.goto(`${env.server.url}#/scan/${lotte}/student/1`);
  await p.page.locator('article.rating').first().waitFor();
  await rate(p.page, 0, 45);
  results = await openAfterLoad(p.page, exported);
  const older = results.getByTestId('nothing-new');
  await older.waitFor();
  assert.match(await older.innerText(), /deze scan staat al op dit apparaat en het bestand voegt niets toe/);

  // A shared framework on a device that has never seen it.
  const s = await device();
  devices.push(s);
  results = await openAfterLoad(s.page, shared);
  await results.getByTestId('framework-added').filter({ hasText: 'Kader "Eerste kader zorg" is toegevoegd.' }).waitFor();

  // Each refusal, first thing after a load, on the person's device (which holds the scans).
  const json = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
  const feedbackWith = (name, edit) => {
    const data = json(answer);
    edit(data);
    return write(name, JSON.stringify(data));
  };
  const exportWith = (name, edit) => {
    const data = json(exported);
    edit(data);
    return write(name, JSON.stringify(data));
  };
  const code = Object.keys(json(answer).rater.ratings)[0];
  const refusals = [
    [write('kapot.json', '{"format": "competentiescan-export", '), /kapot\.json: .*geen geldige JSON/],
    [write('ander.json', JSON.stringify({ hallo: 'wereld' })), /ander\.json: .*geen Competentiescan-bestand/],
    [feedbackWith('rol.json', (d) => { d.rater.role = 'student'; }), /rol\.json: .*om feedback vraag je aan een ander dan jezelf/],
    [feedbackWith('andere-scan.json', (d) => { d.scanId = 'a-scan-elsewhere'; }), /andere-scan\.json: deze feedback hoort bij een scan die niet op dit apparaat staat/],
    [feedbackWith('schaal.json', (d) => { d.rater.ratings[code].value = 150; }), /schaal\.json: .*150 %/],
    [exportWith('hash.json', (d) => { d.framework.title = 'Aangepast'; }), /hash\.json: .*kenmerk klopt niet/],
    [write('groot.json', Buffer.alloc(5 * 1024 * 1024 + 1, 32)), /groot\.json: Het bestand is te groot/],
  ];
  for (const [file, message] of refusals) {
    assert.match(await refused(p.page, file), message, path.basename(file));
  }
  // And on a device without any scan: an answer for a scan that is not here.
  assert.match(await refused(s.page, answer), /deze feedback hoort bij een scan die niet op dit apparaat staat/);

  for (const d of devices) {
    assert.deepEqual(d.problems, []);
    await d.context.close();
  }
  });
});
