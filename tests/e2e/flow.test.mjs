// Finishing a scan and what it leads to (issue 26, points 4, 5, 8 and 9): the paraaf of the
// whole scan at once and said at Afronden and in the report, comments shown wherever the
// ratings are, unrated items as links, a next step after Afronden, Mijn scans with the scan's
// date, who finished and local times, and the BPV view's paraaf on the BPV-begeleider's own row.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setup, newPage, ready, startScan, rate, openBpvColumn, saveDownload } from './harness.mjs';

let env;
let tmp;
before(async () => {
  env = await setup();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-flow-'));
});
after(async () => {
  await env?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** One rater's column of scan `id` as stored. */
const stored = (page, id, rater) => page.evaluate(([id, rater]) => {
  const draft = JSON.parse(localStorage.getItem(`competentiescan.draft.${id}`));
  return draft.scan.raters.find((r) => r.id === rater) ?? { ratings: {}, paraafs: {} };
}, [id, rater]);

const focusedId = (page) => page.evaluate(() => document.activeElement?.id);

/** Opens page `group` of `rater`'s column and waits for its rows. */
async function openPage(page, id, rater, group) {
  await page.goto(`${env.server.url}#/scan/${id}/${rater}/${group}`);
  await page.waitForFunction((g) => location.hash.endsWith(`/${g}`), group);
  await page.locator('article.rating').first().waitFor();
}

/** Rates every item of the page shown with `value`; returns how many. */
async function ratePage(page, value) {
  const count = await page.locator('article.rating').count();
  for (let i = 0; i < count; i += 1) await rate(page, i, value);
  return count;
}

async function nameSupervisor(page) {
  await page.getByLabel('Naam BPV-begeleider').fill('Jan de Vries');
  await page.getByLabel('Naam BPV-begeleider').press('Tab');
}

/** Writes `text` in row `index`'s comment box and closes it again. */
async function comment(page, index, text) {
  const row = page.locator('article.rating').nth(index);
  await row.locator('details.comment summary').click();
  const box = row.locator('details.comment textarea');
  await box.fill(text);
  await box.press('Tab');
  await row.locator('details.comment summary').click();
  await row.locator('details.comment:not([open])').waitFor();
}

/** A scan with the student's 70 on the first item and the BPV-begeleider's 60 (initialled) and 65 (not). */
async function initialledOne(page) {
  const id = await startScan(page, env.server.url);
  await rate(page, 0, 70);
  await openBpvColumn(page, env.server.url, id);
  await nameSupervisor(page);
  await rate(page, 0, 60);
  await rate(page, 1, 65);
  const first = page.locator('article.rating').first();
  await first.getByRole('button', { name: 'Paraaf' }).click();
  await first.locator('.paraaf', { hasText: 'Geparafeerd JdV' }).waitFor();
  return id;
}

// Issue 26.4: on page 12 it initialled that page's rows only (10 of 33).
test('"Alle beoordeelde rijen paraferen" initials every rated row of the scan and says how many', async () => {
  const { page, context, problems } = await newPage(env.browser);
  const id = await startScan(page, env.server.url);
  await openBpvColumn(page, env.server.url, id);
  await nameSupervisor(page);
  const first = await ratePage(page, 60);
  await openPage(page, id, 'bpv', 12);
  const last = await ratePage(page, 80);
  const all = page.getByRole('button', { name: 'Alle beoordeelde rijen paraferen' });
  await all.click();
  await page.locator('article.rating .paraaf', { hasText: 'Geparafeerd JdV' }).nth(last - 1).waitFor();
  assert.equal(Object.keys((await stored(page, id, 'supervisor')).paraafs).length, first + last, 'page 1 too');
  const status = page.getByTestId('paraaf-all-status');
  await status.filter({ hasText: `${first + last} rijen geparafeerd, in alle onderdelen.` }).waitFor();
  await all.click();
  await status.filter({ hasText: 'Alle beoordeelde rijen hebben al een paraaf.' }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

// Issue 26.4: Afronden said nothing of rated rows without a paraaf.
test('Afronden as BPV-begeleider says how many rated rows have no paraaf and initials them all', async () => {
  const { page, context, problems } = await newPage(env.browser);
  const id = await initialledOne(page);
  await page.getByRole('button', { name: 'Scan afronden als BPV-begeleider' }).click();
  const alert = page.getByRole('alert');
  await alert.getByTestId('missing-paraafs').filter({ hasText: '1 beoordeelde rij heeft nog geen paraaf.' }).waitFor();
  await alert.getByRole('button', { name: 'Alle beoordeelde rijen paraferen' }).click();
  await alert.getByTestId('paraaf-all-status').filter({ hasText: '1 rij geparafeerd.' }).waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid=missing-paraafs]').textContent === '');
  assert.equal(Object.keys((await stored(page, id, 'supervisor')).paraafs).length, 2);
  await alert.getByRole('button', { name: 'Toch afronden' }).click();
  await page.getByText(/Afgerond door BPV-begeleider/).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

// Issue 26.4: the report printed empty paraaf cells.
test('the printed report marks each row without a paraaf and says what the mark means', async () => {
  const { page, context, problems } = await newPage(env.browser);
  const id = await initialledOne(page);
  await page.goto(`${env.server.url}#/scan/${id}/rapport`);
  await page.locator('h1', { hasText: 'rapport' }).waitFor();
  await page.emulateMedia({ media: 'print' });
  const paraafCell = (code) => page.locator(`table.result-table tr[data-code="${code}"] td[data-label="Paraaf BPV"]`);
  assert.equal(await paraafCell('1.1-1').textContent(), 'JdV');
  assert.equal(await paraafCell('1.1-2').textContent(), '–', 'rated, no paraaf');
  assert.equal(await paraafCell('3.5-3').textContent(), '–', 'not rated');
  const note = page.getByTestId('paraaf-note');
  assert.ok(await note.isVisible(), 'printed');
  assert.match(await note.textContent(), /– = geen paraaf\. 1 van de 2 rijen die de BPV-begeleider beoordeelde heeft geen paraaf\./);
  assert.deepEqual(problems, []);
  await context.close();
});

// Issue 26.9: the BPV view pinned the paraaf on the student's value; "als bpv-begeleider".
test('in the BPV view the paraaf is on the BPV-begeleider\'s own row, and Afronden names the role in its case', async () => {
  const { page, context, problems } = await newPage(env.browser);
  await initialledOne(page);
  const first = page.locator('article.rating').first();
  assert.equal((await first.getByTestId('other-rating').textContent()).trim(), 'Student (zelfbeoordeling): 70 %');
  assert.match(await first.locator('.paraaf-row').textContent(), /^Geparafeerd JdV/);
  assert.equal((await page.locator('.finish > button').textContent()).trim(), 'Scan afronden als BPV-begeleider');
  assert.deepEqual(problems, []);
  await context.close();
});

// Issue 26.5: the student's Opmerking showed nowhere but in its closed box, which looked the
// same filled or empty.
const MINE = 'Lastig bij een boze cliënt, ik vraag dan vaker hulp';
const THEIRS = 'Zie ik ook; oefenen in het teamoverleg';
const EXPECTED = [`Student (zelfbeoordeling): ${MINE}`, `BPV-begeleider (Jan de Vries): ${THEIRS}`];
const rowComments = (page) => page.locator('table.result-table tr[data-code="1.1-1"] [data-testid=row-comments] li').allTextContents();

/** The student's and the BPV-begeleider's comment on the first item. */
async function commented(page) {
  const id = await startScan(page, env.server.url);
  await rate(page, 0, 70);
  await comment(page, 0, MINE);
  await openBpvColumn(page, env.server.url, id);
  await nameSupervisor(page);
  await rate(page, 0, 60);
  await comment(page, 0, THEIRS);
  return id;
}

test('a closed comment box shows that it holds text, and its first words', async () => {
  const { page, context, problems } = await newPage(env.browser);
  await startScan(page, env.server.url);
  await comment(page, 0, MINE);
  const rows = page.locator('article.rating');
  assert.equal(await rows.nth(0).locator('details.comment summary').textContent(), 'Opmerking: Lastig bij een boze…');
  assert.equal(await rows.nth(1).locator('details.comment summary').textContent(), 'Opmerking', 'an empty box says so');
  assert.deepEqual(problems, []);
  await context.close();
});

test('each rater sees the other\'s comment beside the other\'s value', async () => {
  const { page, context, problems } = await newPage(env.browser);
  const id = await commented(page);
  const rows = page.locator('article.rating');
  await rows.nth(0).getByTestId('other-comment').filter({ hasText: `Student (zelfbeoordeling) schreef: “${MINE}”` }).waitFor();
  assert.equal(await rows.nth(1).getByTestId('other-comment').isVisible(), false, 'no comment, no line');
  await openPage(page, id, 'student', 1);
  await rows.nth(0).getByTestId('other-comment').filter({ hasText: `BPV-begeleider schreef: “${THEIRS}”` }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('Resultaat and the printed Rapport show every rater\'s comment under its item', async () => {
  const { page, context, problems } = await newPage(env.browser);
  const id = await commented(page);
  await page.goto(`${env.server.url}#/scan/${id}/resultaat`);
  await page.locator('table.result-table').first().waitFor();
  assert.deepEqual(await rowComments(page), EXPECTED, 'Resultaat');
  await page.goto(`${env.server.url}#/scan/${id}/rapport`);
  await page.locator('h1', { hasText: 'rapport' }).waitFor();
  await page.emulateMedia({ media: 'print' });
  assert.deepEqual(await rowComments(page), EXPECTED, 'Rapport');
  assert.ok(await page.locator('[data-testid=row-comments]').first().isVisible(), 'printed');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the coach\'s row counts the comments; the results it opens show them', async () => {
  const { page, context, problems } = await newPage(env.browser, { acceptDownloads: true });
  const id = await commented(page);
  await page.goto(`${env.server.url}#/scan/${id}/resultaat`);
  const file = await saveDownload(page, page.getByRole('button', { name: 'Exporteren' }), path.join(tmp, 'comments.json'));
  const coach = await newPage(env.browser);
  await coach.page.goto(env.server.url + '#/coach');
  await ready(coach.page);
  await coach.page.locator('#coach-files').setInputFiles(file);
  const row = coach.page.getByTestId('coach-table').locator('tbody tr').first();
  await row.getByTestId('coach-comments').filter({ hasText: '2 opmerkingen' }).waitFor();
  await row.getByRole('link', { name: 'Sanne Jansen' }).click();
  await coach.page.locator('table.result-table').first().waitFor();
  assert.deepEqual(await rowComments(coach.page), EXPECTED);
  assert.deepEqual([...problems, ...coach.problems], []);
  await coach.context.close();
  await context.close();
});

// Issue 26.8: unrated items were plain text, "Verder invullen" stayed on page 12, Afronden led
// nowhere, and Mijn scans showed neither date nor "afgerond", with times in UTC.
const FINISH_STUDENT = 'Scan afronden als student (zelfbeoordeling)';

/** A scan with the first item rated, at Afronden on page 12. */
async function atFinish(page) {
  const id = await startScan(page, env.server.url);
  await rate(page, 0, 60);
  await openPage(page, id, 'student', 12);
  await page.getByRole('button', { name: FINISH_STUDENT }).click();
  return id;
}

test('the unrated items at Afronden are links to their fields', async () => {
  const { page, context, problems } = await newPage(env.browser);
  await atFinish(page);
  const links = page.getByRole('alert').getByTestId('unrated').getByRole('link');
  assert.equal(await links.count(), 32);
  await links.filter({ hasText: /^2\.5-3 / }).click();
  await page.waitForFunction(() => location.hash.endsWith('/student/7'));
  await page.waitForFunction(() => document.activeElement?.id === 'rate-2.5-3');
  assert.deepEqual(problems, []);
  await context.close();
});

test('"Verder invullen" goes to the first unrated item', async () => {
  const { page, context, problems } = await newPage(env.browser);
  await atFinish(page);
  await page.getByRole('button', { name: 'Verder invullen' }).click();
  await page.waitForFunction(() => location.hash.endsWith('/student/1'));
  await page.waitForFunction(() => document.activeElement?.id === 'rate-1.1-2');
  assert.equal(await focusedId(page), 'rate-1.1-2');
  assert.deepEqual(problems, []);
  await context.close();
});

test('after Afronden the next step: send to the coach, or let the BPV-begeleider fill in', async () => {
  const { page, context, problems } = await newPage(env.browser);
  await atFinish(page);
  await page.getByRole('button', { name: 'Toch afronden' }).click();
  const next = page.getByTestId('next-step');
  await next.getByRole('button', { name: 'Versturen naar coach' }).waitFor();
  assert.equal(await next.getByRole('button', { name: 'Exporteren' }).count(), 1);
  await next.getByRole('link', { name: 'Laat je BPV-begeleider invullen' }).click();
  await page.waitForFunction(() => location.hash.endsWith('/bpv/1'));
  await page.getByLabel('Naam BPV-begeleider').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a Mijn scans card shows the scan\'s date, who finished it and the local time', async () => {
  // New Zealand: always 12 or 13 hours from UTC, so a UTC time cannot pass for local.
  const { page, context, problems } = await newPage(env.browser, { timezoneId: 'Pacific/Auckland' });
  const id = await atFinish(page);
  await page.getByRole('button', { name: 'Toch afronden' }).click();
  await page.getByText(/Afgerond door Student/).waitFor();
  await page.goto(`${env.server.url}#/scans`);
  const card = page.getByTestId('draft-list').locator(`li[data-id="${id}"]`);
  await card.waitFor();
  const { date, local } = await page.evaluate((id) => {
    const scan = JSON.parse(localStorage.getItem(`competentiescan.draft.${id}`)).scan;
    const d = new Date(scan.updated);
    const p = (n) => String(n).padStart(2, '0');
    return { date: scan.subject.date, local: `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}` };
  }, id);
  const meta = await card.locator('p.meta').first().textContent();
  assert.ok(meta.endsWith(`laatst gewijzigd ${local}`), `${meta} in local time (${local})`);
  assert.equal(await card.getByTestId('card-status').textContent(), `scan van ${date} · afgerond door student`);
  assert.deepEqual(problems, []);
  await context.close();
});
