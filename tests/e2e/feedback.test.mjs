// 360° feedback without a server: a professional asks three colleagues and a manager, each
// answers in their own browser profile, and all four answers are opened at once; a second
// answer updates only its rater's column; files that do not belong are refused and change
// nothing in storage.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setup, newPage, ready, startScan, rate } from './harness.mjs';

const MOVISIE = /Handreiking Maatschappelijke Ondersteuning/;

let env;
let tmp;
before(async () => {
  env = await setup();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-feedback-'));
});
after(async () => {
  await env?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const storedScan = (page, id) =>
  page.evaluate((id) => JSON.parse(localStorage.getItem(`competentiescan.draft.${id}`)).scan, id);
const storageSnapshot = (page) => page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()));

async function openFiles(page, files) {
  await page.goto(env.server.url + '#/openen');
  await ready(page);
  await page.locator('#open-files').setInputFiles(files);
}

/** Saves what the next click on `button` downloads (this browser cannot share files). */
async function download(page, button, name) {
  const done = page.waitForEvent('download');
  await button.click();
  const file = path.join(tmp, name);
  await (await done).saveAs(file);
  return file;
}

/** The date a feedback file was sent, as the report shows a date (YYYY-MM-DD, UTC). */
const sentOn = (file) => file.sent.slice(0, 10);

/** A rater opens their request in a fresh profile, rates the first two items (the first group), sends the answer. */
async function answer(file, { name, values, out }) {
  const r = await newPage(env.browser);
  await r.page.addInitScript(() => {
    navigator.canShare = () => false;
  });
  await openFiles(r.page, file);
  await r.page.getByTestId('request-opened').getByText('feedbackverzoek van Fenna de Boer geopend').waitFor();
  await r.page.getByRole('link', { name: 'Feedback geven' }).click();
  const intro = r.page.getByTestId('request-intro');
  await intro.getByText('Fenna de Boer vraagt je om feedback als').waitFor();
  await intro.getByText('Waarom: Ik wil zien hoe anderen mijn werk zien.').waitFor();
  // Nothing of the person's own ratings reaches the rater.
  assert.equal(await r.page.getByTestId('other-rating').evaluateAll((ps) => ps.map((p) => p.innerText).join('')), '');
  if (name) {
    await r.page.getByLabel('Je naam').fill(name);
    await r.page.getByLabel('Je naam').press('Tab');
  }
  for (const [i, v] of values.entries()) await rate(r.page, i, v);
  const saved = await download(r.page, r.page.getByRole('button', { name: 'Verstuur feedback' }), out);
  // The draft survives a reload and is listed as the feedback it is.
  await r.page.goto(env.server.url + '#/scans');
  await r.page.getByTestId('draft-list').getByText('Feedback voor Fenna de Boer').waitFor();
  assert.deepEqual(r.problems, []);
  return { saved, r };
}

test('three colleagues and a manager answer; one import adds four columns; a second answer updates one', async () => {
  const s = await newPage(env.browser);
  await s.page.addInitScript(() => {
    navigator.canShare = () => false;
  });
  const id = await startScan(s.page, env.server.url, { student: 'Fenna de Boer', framework: MOVISIE, details: false });
  for (const [i, v] of [40, 50].entries()) await rate(s.page, i, v);
  const codes = await s.page.locator('article.rating').evaluateAll((as) => as.slice(0, 2).map((a) => a.dataset.code));

  await s.page.goto(env.server.url + '#/scans');
  await s.page.getByRole('link', { name: 'Vraag feedback' }).click();
  await s.page.locator('h1', { hasText: 'Vraag feedback' }).waitFor();
  // Only the framework's extra roles are offered.
  const offered = await s.page.locator('.field.count label').allInnerTexts();
  assert.deepEqual(offered, ['Docenten/slb\'ers', 'Collega\'s', 'Leidinggevenden', 'Cliënten']);
  await s.page.getByLabel('Collega\'s').fill('3');
  await s.page.getByLabel('Leidinggevenden').fill('1');
  await s.page.getByLabel('Waarom vraag je feedback? (optioneel)').fill('Ik wil zien hoe anderen mijn werk zien.');
  await s.page.getByLabel('Anoniem mag: de naam mag leeg blijven').check();
  await s.page.getByRole('button', { name: 'Verzoeken maken' }).click();
  // Anonymous feedback: one batch per role, one file for all its people, naming none of them.
  const rows = s.page.getByTestId('asked-list').locator('li');
  await rows.nth(1).waitFor();
  assert.equal(await rows.count(), 2);
  assert.deepEqual((await rows.allInnerTexts()).map((t) => t.split('\n')[0]), [
    'Collega · anoniem, één bestand voor 3 mensen: stuur het naar ieder van hen · 0 van 3 beantwoord',
    'Leidinggevende · anoniem, één bestand voor 1 persoon · 0 van 1 beantwoord',
  ]);
  const requests = [];
  for (let i = 0; i < 2; i++) {
    requests.push(await download(s.page, rows.nth(i).getByRole('button', { name: 'Verzoek versturen' }), `verzoek-${i}.json`));
    await rows.nth(i).getByTestId('send-status').waitFor();
  }
  // The request holds who asks and why, its batch, no rater and no rating of the person.
  const req = JSON.parse(fs.readFileSync(requests[0], 'utf8'));
  assert.equal(req.format, 'competentiescan-feedback-request');
  assert.equal(req.scanId, id);
  assert.equal(req.rater, undefined);
  assert.match(req.batch, /^[0-9a-f-]{36}$/);
  assert.equal(req.named, false);
  assert.doesNotMatch(fs.readFileSync(requests[0], 'utf8'), /"value"/);

  const given = [
    { name: 'Piet Bakker', values: [55, 65], request: 0 },
    { name: 'Sara Jansen', values: [30, 35], request: 0 },
    { name: 'Ans Smit', values: [70, 70], request: 0 },
    { name: 'Karin Visser', values: [80, 85], request: 1 },
  ];
  const answers = [];
  const raters = [];
  for (const [i, g] of given.entries()) {
    const { saved, r } = await answer(requests[g.request], { ...g, out: `antwoord-${i}.json` });
    answers.push(saved);
    raters.push(r);
  }
  // Each answering device made its own column id; the answer carries the batch.
  const sent = answers.map((a) => JSON.parse(fs.readFileSync(a, 'utf8')));
  const raterIds = sent.map((a) => a.rater.id);
  assert.equal(new Set(raterIds).size, 4, 'four columns');
  const first = sent[0];
  assert.equal(first.format, 'competentiescan-feedback');
  assert.equal(first.rater.batch, req.batch);
  assert.equal(first.rater.name, 'Piet Bakker');
  // Sending is finishing: the column arrives finished at the time it was sent.
  assert.equal(first.rater.finished, first.sent);

  await openFiles(s.page, answers);
  await s.page.getByTestId('feedback-applied').nth(3).waitFor();
  const summary = await s.page.getByTestId('open-results').innerText();
  assert.match(summary, /feedback van Collega Piet Bakker toegevoegd aan de scan van Fenna de Boer/);
  assert.match(summary, /feedback van Collega Sara Jansen toegevoegd/);
  assert.match(summary, /feedback van Leidinggevende Karin Visser toegevoegd/);
  const scan = await storedScan(s.page, id);
  const summaryOf = (sc) =>
    sc.raters.map((r) => [r.id, r.role, r.name, codes.map((c) => r.ratings[c]?.value ?? null)]);
  // Raters are kept in one order every device agrees on: by role, then by id.
  const byId = (rows) => [...rows].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const colleagues = byId([
    [raterIds[0], 'colleague', 'Piet Bakker', [55, 65]],
    [raterIds[1], 'colleague', 'Sara Jansen', [30, 35]],
    [raterIds[2], 'colleague', 'Ans Smit', [70, 70]],
  ]);
  assert.deepEqual(summaryOf(scan), [
    ['student', 'student', '', [40, 50]],
    ['supervisor', 'supervisor', '', [null, null]],
    ...colleagues,
    [raterIds[3], 'manager', 'Karin Visser', [80, 85]],
  ]);
  // The list of requests counts the answers per batch, never whose.
  await s.page.goto(`${env.server.url}#/scan/${id}/feedback`);
  await s.page.getByTestId('asked-list').getByText('3 van 3 beantwoord').waitFor();
  assert.deepEqual(await s.page.getByTestId('answered').allInnerTexts(), ['3 van 3 beantwoord', '1 van 1 beantwoord']);

  // Results: self against each role that answered (the untouched BPV column is no voice).
  await s.page.goto(`${env.server.url}#/scan/${id}/resultaat`);
  const radar = s.page.getByTestId('chart-radar');
  await radar.getByTestId('chart-legend').waitFor();
  assert.equal(await radar.locator('svg polygon.shape').count(), 3, 'self, colleagues, manager');
  assert.deepEqual(await radar.getByTestId('chart-legend').locator('li').allInnerTexts(), ['Zelf', "Collega's (3)", 'Leidinggevende']);
  const heads = await s.page.locator('table.result-table').first().locator('thead th').allInnerTexts();
  assert.deepEqual(heads.slice(0, 4), ['Onderdeel', 'Zelf %', "Collega's (3) %", 'Leidinggevende %']);
  await s.page.getByRole('link', { name: 'Rapport' }).click();
  // allInnerTexts does not wait: the report's list first.
  await s.page.getByTestId('report-raters').locator('li').first().waitFor();
  const listed = await s.page.getByTestId('report-raters').locator('li').allInnerTexts();
  const line = (i, who) => [raterIds[i], `Collega: ${who} (afgerond op ${sentOn(JSON.parse(fs.readFileSync(answers[i], 'utf8')))})`];
  assert.deepEqual(listed, [
    'Student: Fenna de Boer (nog niet afgerond)',
    ...byId([line(0, 'Piet Bakker'), line(1, 'Sara Jansen'), line(2, 'Ans Smit')]).map(([, l]) => l),
    `Leidinggevende: Karin Visser (afgerond op ${sentOn(JSON.parse(fs.readFileSync(answers[3], 'utf8')))})`,
  ]);

  // Piet changes one value and sends again: only his column changes.
  const piet = raters[0].page;
  await piet.goto(env.server.url + '#/scans');
  await piet.getByRole('link', { name: 'Feedback voor Fenna de Boer' }).click();
  await piet.locator('article.rating').first().waitFor();
  await rate(piet, 1, 20);
  const again = await download(piet, piet.getByRole('button', { name: 'Verstuur feedback' }), 'antwoord-0b.json');
  await openFiles(s.page, again);
  await s.page.getByTestId('feedback-applied').getByText('feedback van Collega Piet Bakker bijgewerkt').waitFor();
  const after = await storedScan(s.page, id);
  const expected = summaryOf(scan).map((row) => (row[0] === raterIds[0] ? [row[0], row[1], row[2], [55, 20]] : row));
  assert.deepEqual(summaryOf(after), expected);
  assert.match(await s.page.getByTestId('feedback-applied').innerText(), /65 % vervangen/);
  assert.deepEqual(s.problems, []);
  for (const r of raters) await r.context.close();

  // Refusals: each says why, and storage stays byte-identical.
  const refuse = async (name, edit, message) => {
    const json = JSON.parse(fs.readFileSync(answers[0], 'utf8'));
    edit(json);
    const file = path.join(tmp, name);
    fs.writeFileSync(file, JSON.stringify(json));
    await s.page.goto(env.server.url + '#/scans');
    await ready(s.page);
    const before = await storageSnapshot(s.page);
    await openFiles(s.page, file);
    const alert = s.page.getByTestId('open-results').getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), message);
    assert.match(await alert.innerText(), /Er is niets veranderd\./);
    assert.equal(await storageSnapshot(s.page), before);
  };
  await refuse('other-scan.json', (j) => { j.scanId = 'a-scan-elsewhere'; },
    /deze feedback hoort bij een scan die niet op dit apparaat staat\. Open het bestand op het apparaat waar je de scan hebt gemaakt/);
  await refuse('other-version.json', (j) => { j.frameworkHash = '0123456789abcdef'; },
    /deze feedback is gegeven op een andere versie van het kader/);
  // Movisie allows every other role; the person's own role is the one feedback cannot have.
  await refuse('role.json', (j) => { j.rater.role = 'student'; },
    /rater\.role.*om feedback vraag je aan een ander dan jezelf/);
  await s.context.close();
});

test('a request that asks for names: no file without a name, then one with it', async () => {
  const s = await newPage(env.browser);
  await s.page.addInitScript(() => {
    navigator.canShare = () => false;
  });
  await startScan(s.page, env.server.url, { student: 'Fenna de Boer', framework: MOVISIE, details: false });
  await s.page.goto(env.server.url + '#/scans');
  await s.page.getByRole('link', { name: 'Vraag feedback' }).click();
  await s.page.getByLabel('Collega\'s').fill('1');
  // "Met naam" is the default.
  await s.page.getByRole('button', { name: 'Verzoeken maken' }).click();
  const row = s.page.getByTestId('asked-list').locator('li').first();
  const request = await download(s.page, row.getByRole('button', { name: 'Verzoek versturen' }), 'verzoek-met-naam.json');
  assert.equal(JSON.parse(fs.readFileSync(request, 'utf8')).named, true);

  const r = await newPage(env.browser);
  await r.page.addInitScript(() => {
    navigator.canShare = () => false;
  });
  let downloads = 0;
  r.page.on('download', () => { downloads += 1; });
  await openFiles(r.page, request);
  await r.page.getByRole('link', { name: 'Feedback geven' }).click();
  // A named request says who will see the name and the values.
  assert.equal(
    await r.page.getByTestId('request-privacy').textContent(),
    'Er wordt gevraagd om feedback met naam: vul je naam in. Fenna de Boer ziet je naam en je antwoorden.',
  );
  await rate(r.page, 0, 60);
  await r.page.getByRole('button', { name: 'Verstuur feedback' }).click();
  await r.page.getByTestId('send-status').getByText('Fenna de Boer vraagt om feedback met naam. Vul eerst je naam in.').waitFor();
  await r.page.getByLabel('Je naam').fill('Piet Bakker');
  await r.page.getByLabel('Je naam').press('Tab');
  const saved = await download(r.page, r.page.getByRole('button', { name: 'Verstuur feedback' }), 'antwoord-met-naam.json');
  // The refused click made no file: the one download is the named answer.
  assert.equal(downloads, 1);
  assert.equal(JSON.parse(fs.readFileSync(saved, 'utf8')).rater.name, 'Piet Bakker');
  assert.deepEqual(r.problems, []);
  assert.deepEqual(s.problems, []);
  await r.context.close();
  await s.context.close();
});

test('anonymous answers: two read together are refused and kept nowhere, three count only as totals', async () => {
  const s = await newPage(env.browser);
  await s.page.addInitScript(() => {
    navigator.canShare = () => false;
  });
  const id = await startScan(s.page, env.server.url, { student: 'Fenna de Boer', framework: MOVISIE, details: false });
  for (const [i, v] of [40, 50].entries()) await rate(s.page, i, v);
  const codes = await s.page.locator('article.rating').evaluateAll((as) => as.slice(0, 2).map((a) => a.dataset.code));
  await s.page.goto(`${env.server.url}#/scan/${id}/feedback`);
  await s.page.getByLabel('Collega\'s').fill('3');
  await s.page.getByLabel('Waarom vraag je feedback? (optioneel)').fill('Ik wil zien hoe anderen mijn werk zien.');
  await s.page.getByLabel('Anoniem mag: de naam mag leeg blijven').check();
  await s.page.getByRole('button', { name: 'Verzoeken maken' }).click();
  // One file for the three of them.
  const row = s.page.getByTestId('asked-list').locator('li');
  const request = await download(s.page, row.getByRole('button', { name: 'Verzoek versturen' }), 'anoniem-verzoek.json');
  assert.equal(await row.count(), 1);
  const given = [[30, 35], [50, 55], [70, 80]];
  const answers = [];
  for (const [i, values] of given.entries()) {
    const { saved, r } = await answer(request, { name: '', values, out: `anoniem-antwoord-${i}.json` });
    if (i === 0) {
      await r.page.getByRole('link', { name: 'Feedback voor Fenna de Boer' }).click();
      assert.equal(
        await r.page.getByTestId('request-privacy').textContent(),
        'Je mag je naam leeg laten: dan is je feedback anoniem. Fenna de Boer leest anonieme antwoorden alleen samen in, minstens 3 tegelijk, en bewaart en ziet ze alleen als totaal: jouw losse antwoorden staan op dat apparaat nergens.',
      );
    }
    answers.push(saved);
    await r.context.close();
  }
  const colleagueCells = () => s.page.locator('table.result-table').first().locator('tbody td[data-role=colleague]').allInnerTexts();

  // Two anonymous answers chosen together: too few to keep anonymously. Refused, and the
  // device's storage stays byte for byte what it was.
  await s.page.goto(env.server.url + '#/scans');
  await ready(s.page);
  const before = await storageSnapshot(s.page);
  await openFiles(s.page, answers.slice(0, 2));
  const alert = s.page.getByTestId('open-results').getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /te weinig anonieme antwoorden om anoniem te bewaren \(2 nieuw, minimaal 3 tegelijk\)/);
  assert.equal(await storageSnapshot(s.page), before);
  // After a reload (another day), nothing of them anywhere.
  await s.page.goto(`${env.server.url}#/scan/${id}/feedback`);
  await s.page.reload();
  await s.page.getByTestId('answered').filter({ hasText: '0 van 3 beantwoord' }).waitFor();
  await s.page.goto(`${env.server.url}#/scan/${id}/resultaat`);
  await s.page.getByTestId('chart-radar').getByTestId('chart-legend').waitFor();
  assert.deepEqual(await s.page.getByTestId('chart-radar').getByTestId('chart-legend').locator('li').allInnerTexts(), ['Student']);

  // The three together: counted as totals; no column, no single value stored or shown.
  await openFiles(s.page, answers);
  const taken = s.page.getByTestId('anonymous-taken');
  await taken.waitFor();
  assert.match(await taken.innerText(), /Collega's: 3 anonieme antwoorden samen ingelezen voor Fenna de Boer\. Ze tellen alleen als totaal mee; nu 3 samen\./);
  const stored = await storedScan(s.page, id);
  assert.deepEqual(stored.raters.map((r) => r.role), ['student', 'supervisor']);
  assert.deepEqual(stored.anonymous.map((p) => [p.role, Object.keys(p.answers).length, codes.map((c) => p.items[c])]), [
    ['colleague', 3, [{ count: 3, sum: 150 }, { count: 3, sum: 170 }]],
  ]);
  const raw = await s.page.evaluate((id) => localStorage.getItem(`competentiescan.draft.${id}`), id);
  for (const v of [30, 35, 55, 80]) assert.doesNotMatch(raw, new RegExp(`"value":${v}\\b`), `${v} is nobody's value here`);
  await s.page.goto(`${env.server.url}#/scan/${id}/feedback`);
  await s.page.getByTestId('answered').filter({ hasText: '3 van 3 beantwoord' }).waitFor();
  await s.page.goto(`${env.server.url}#/scan/${id}/resultaat`);
  const note = s.page.getByTestId('disclosure-colleague');
  await note.filter({ hasText: 'alleen het gemiddelde' }).waitFor();
  assert.deepEqual((await colleagueCells()).slice(0, 2), ['50 %', '56,7 %']);
  assert.equal(await s.page.locator('.named-values').count(), 0, 'no value by name beside the mean');
  assert.deepEqual(await s.page.getByTestId('chart-radar').getByTestId('chart-legend').locator('li').allInnerTexts(), ['Zelf', 'Collega\'s (3)']);

  // The same three files again (sent twice): counted already, nothing changes.
  const counted = await storageSnapshot(s.page);
  await openFiles(s.page, answers);
  await s.page.getByTestId('anonymous-taken').getByText('Collega\'s: deze anonieme antwoorden tellen hier al mee.').waitFor();
  assert.equal(await storageSnapshot(s.page), counted);
  // One of them alone cannot say which it was: refused, nothing changed.
  await openFiles(s.page, answers[1]);
  await s.page.getByTestId('open-results').getByRole('alert').getByText(/groep van 3, ontbrekend: 2/).waitFor();
  assert.equal(await storageSnapshot(s.page), counted);
  assert.deepEqual(s.problems, []);
  await s.context.close();
});
