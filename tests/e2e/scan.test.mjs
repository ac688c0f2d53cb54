// The scan: a student fills in a whole Quick Scan, the BPV-begeleider rates and initials, the
// results show the bands and speerpunten, and no draft is lost: not on reload, delete (undo),
// storage that throws or is full, nor with the same draft open in two tabs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, newPage, ready, settled, startScan as startScanIn, rate } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const startScan = (page, student = 'Sanne Jansen', framework = /Quick Scan/) =>
  startScanIn(page, env.server.url, { student, framework });

/** One rater's column of a stored or exported scan (format 2: a list of raters). */
const column = (scan, id) => scan.raters.find((r) => r.id === id) ?? { ratings: {}, paraafs: {} };

async function stored(page, id) {
  return page.evaluate((id) => JSON.parse(localStorage.getItem(`competentiescan.draft.${id}`)), id);
}

async function waitStored(page, id, check) {
  await page.waitForFunction(([id, src]) => {
    const raw = localStorage.getItem(`competentiescan.draft.${id}`);
    const d = raw === null ? null : JSON.parse(raw);
    const col = (id) => d.scan.raters.find((r) => r.id === id) ?? { ratings: {}, paraafs: {} };
    return d !== null && new Function('d', 'col', src)(d, col);
  }, [id, check]);
}

const VALUES = [50, 55, 75, 80, 100, 0, 60, 70];

test('a student fills in a whole Quick Scan; a reload halfway keeps every value', async () => {
  const { page, problems, context } = await newPage(env.browser, { viewport: { width: 360, height: 740 } });
  const id = await startScan(page);
  let k = 0;
  const expected = {};
  for (let group = 1; group <= 12; group++) {
    assert.equal(new URL(page.url()).hash, `#/scan/${id}/student/${group}`);
    const rows = page.locator('article.rating');
    const n = await rows.count();
    for (let i = 0; i < n; i++) {
      const code = await rows.nth(i).getAttribute('data-code');
      expected[code] = VALUES[k++ % VALUES.length];
      await rate(page, i, expected[code]);
    }
    await page.getByRole('status').filter({ hasText: 'Opgeslagen' }).waitFor();
    if (group === 6) {
      await page.reload();
      await ready(page);
      // Every row of this group shows its value again (prop:value is set by an effect: wait for it).
      await page.waitForFunction((exp) => [...document.querySelectorAll('article.rating')]
        .every((r) => r.querySelector('input[type=number]').value === String(exp[r.dataset.code])), expected);
      await page.getByRole('combobox', { name: 'Onderdeel' }).selectOption('1');
      await page.locator('h1', { hasText: 'Inventariseert de situatie' }).waitFor();
      const first = await page.locator('article.rating').first().getAttribute('data-code');
      await page.waitForFunction((v) => document.querySelector('article.rating input[type=number]').value === v, String(expected[first]));
      await page.getByRole('combobox', { name: 'Onderdeel' }).selectOption('6');
      await page.locator('h1 .kind', { hasText: 'Werkproces 2.4' }).waitFor();
    }
    if (group < 12) {
      const before = await page.locator('article.rating').first().getAttribute('data-code');
      await page.getByRole('button', { name: 'Volgende →' }).click();
      await page.waitForFunction((g) => location.hash.endsWith(`/student/${g}`), group + 1);
      // The next group's rows, not this group's still on the page: counted next.
      await page.waitForFunction((code) => {
        const first = document.querySelector('article.rating');
        return first !== null && first.dataset.code !== code;
      }, before);
    }
  }
  assert.equal(k, 33, 'the Quick Scan has 33 rows');
  await page.locator('.progress-line', { hasText: '33 van 33 beoordeeld' }).waitFor();
  await waitStored(page, id, "return Object.keys(col('student').ratings).length === 33");
  const draft = await stored(page, id);
  const saved = Object.fromEntries(Object.entries(column(draft.scan, 'student').ratings).map(([c, r]) => [c, r.value]));
  assert.deepEqual(saved, expected);
  assert.deepEqual(column(draft.scan, 'supervisor').ratings, {}, 'the student never writes a supervisor value');
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360, 'fits a 360 px screen');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the slider, the stepper and the band chip follow the value', async () => {
  const { page, context } = await newPage(env.browser);
  await startScan(page);
  const row = page.locator('article.rating').first();
  await row.getByRole('button', { name: /5 hoger/ }).click();
  await page.waitForFunction(() => document.querySelector('article.rating input[type=number]').value === '0');
  await row.locator('input[type=range]').fill('55');
  await row.locator('.band-chip', { hasText: 'Aan werken tijdens opleiding' }).waitFor();
  await row.getByRole('button', { name: /5 hoger/ }).click();
  await page.waitForFunction(() => document.querySelector('article.rating input[type=number]').value === '60');
  await rate(page, 0, 80);
  await row.locator('.band-chip', { hasText: 'GOED' }).waitFor();
  await rate(page, 0, 50);
  await row.locator('.band-chip', { hasText: 'MOET verbeteren' }).waitFor();
  assert.equal(await row.locator('input[type=range]').getAttribute('aria-valuetext'), '50 %, MOET verbeteren');
  await rate(page, 0, 150);
  await row.getByRole('alert').filter({ hasText: 'Typ een heel getal van 0 tot 100.' }).waitFor();
  await settled(page);
  assert.equal(await row.locator('.band-chip').textContent(), 'MOET verbeteren', 'an invalid number changes nothing');
  await context.close();
});

// Section B of issue 11. Shown to fail: with the old step check (`(v - min) % step == 0`) put
// back into ItemRating, typing 54 was refused and this test failed.
test('a percentage typed as on paper is kept exactly; bands apply to the exact value', async () => {
  const { page, problems, context } = await newPage(env.browser);
  const id = await startScan(page);
  const rows = page.locator('article.rating');
  const expected = [[54, 'MOET verbeteren'], [55, 'Aan werken tijdens opleiding'], [75, 'Aan werken tijdens opleiding'], [76, 'GOED']];
  for (const [i, [v]] of expected.entries()) await rate(page, i, v);
  const codes = await rows.evaluateAll((rs) => rs.map((r) => r.dataset.code));
  await waitStored(page, id, `return ${JSON.stringify(codes.slice(0, 4))}.map((c) => col('student').ratings[c]?.value).join() === '54,55,75,76'`);
  await page.reload();
  await ready(page);
  for (const [i, [v, band]] of expected.entries()) {
    await rows.nth(i).locator('.band-chip', { hasText: band }).waitFor();
    assert.equal(await rows.nth(i).locator('input[type=number]').inputValue(), String(v));
  }
  assert.equal(await rows.nth(0).getByRole('alert').count(), 0, 'no message for a valid value');
  // − and + go to the step grid from an off-step value: 63 → 60, 63 → 65 (the first group
  // has four items).
  await rate(page, 3, 63);
  await rows.nth(3).getByRole('button', { name: /5 lager/ }).click();
  await page.waitForFunction(() => document.querySelectorAll('article.rating input[type=number]')[3].value === '60');
  await rate(page, 3, 63);
  await rows.nth(3).getByRole('button', { name: /5 hoger/ }).click();
  await page.waitForFunction(() => document.querySelectorAll('article.rating input[type=number]')[3].value === '65');
  // Out of range and not a number: the message, and the stored 54 stays.
  for (const bad of ['101', '-1']) {
    await rate(page, 0, bad);
    await rows.nth(0).getByRole('alert').filter({ hasText: 'Typ een heel getal van 0 tot 100.' }).waitFor();
  }
  await settled(page);
  assert.equal(column((await stored(page, id)).scan, 'student').ratings[codes[0]].value, 54, 'an invalid number changes nothing');
  assert.equal(await rows.nth(0).locator('.band-chip').textContent(), 'MOET verbeteren');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the BPV-begeleider rates separately and initials; a changed value loses its paraaf', async () => {
  const { page, problems, context } = await newPage(env.browser);
  const id = await startScan(page);
  for (const [i, v] of [60, 70, 80, 90].entries()) await rate(page, i, v);
  await page.getByRole('link', { name: 'BPV-begeleider' }).click();
  await page.waitForFunction(() => location.hash.includes('/bpv/1'));
  const rows = page.locator('article.rating');
  await rows.nth(0).getByTestId('other-rating').filter({ hasText: 'Student (zelfbeoordeling): 60 %' }).waitFor();
  assert.equal(await rows.nth(0).locator('input[type=number]').inputValue(), '', 'own column starts empty');
  await rate(page, 0, 50);
  await page.locator('article.rating').first().getByText('Vul je naam in om te paraferen.').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Alle beoordeelde rijen paraferen' }).isDisabled(), true);
  await page.getByLabel('Naam BPV-begeleider').fill('Jan de Vries');
  await page.getByLabel('Naam BPV-begeleider').press('Tab');
  await page.getByLabel('Functie').fill('Teamleider');
  await page.getByLabel('Functie').press('Tab');
  for (const [i, v] of [50, 75, 85].entries()) await rate(page, i, v);
  await page.getByRole('button', { name: 'Alle beoordeelde rijen paraferen' }).click();
  await waitStored(page, id, "return Object.keys(col('supervisor').paraafs ?? {}).length === 3");
  let draft = await stored(page, id);
  assert.deepEqual(Object.values(column(draft.scan, 'supervisor').paraafs).map((p) => [p.initials, p.value]), [['JdV', 50], ['JdV', 75], ['JdV', 85]]);
  const bpv = column(draft.scan, 'supervisor');
  assert.deepEqual([bpv.name, bpv.function], ['Jan de Vries', 'Teamleider']);
  assert.equal(column(draft.scan, 'student').ratings[await rows.nth(0).getAttribute('data-code')].value, 60, 'student value untouched');

  await rate(page, 1, 70);
  await waitStored(page, id, "return Object.keys(col('supervisor').paraafs ?? {}).length === 2");
  assert.equal(await rows.nth(1).getByRole('button', { name: 'Paraaf' }).isVisible(), true);

  await page.getByRole('link', { name: 'Student (zelfbeoordeling)' }).click();
  await page.waitForFunction(() => location.hash.includes('/student/1'));
  await page.locator('article.rating').first().getByTestId('other-rating').filter({ hasText: 'BPV-begeleider: 50 % · paraaf JdV' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Paraaf' }).count(), 0, 'students cannot initial');
  assert.deepEqual(problems, []);
  await context.close();
});

test('finishing warns about unrated items and lists them', async () => {
  const { page, context } = await newPage(env.browser);
  const id = await startScan(page);
  await rate(page, 0, 60);
  await page.getByRole('button', { name: 'Scan afronden als student (zelfbeoordeling)' }).click();
  const warning = page.getByRole('alert').filter({ hasText: 'Nog 32 niet beoordeeld' });
  await warning.waitFor();
  assert.match(await warning.textContent(), /1\.1-2 Ethisch en integer handelen/);
  await page.getByRole('button', { name: 'Toch afronden' }).click();
  await page.locator('.finish .success', { hasText: 'Afgerond door Student' }).waitFor();
  await waitStored(page, id, "return typeof col('student').finished === 'string'");
  await context.close();
});

test('results show the bands at 54/55/75/76, speerpunten, sterke punten and verschillen', async () => {
  const { page, problems, context } = await newPage(env.browser, { viewport: { width: 360, height: 740 } });
  const id = await startScan(page);
  await rate(page, 0, 50);
  await waitStored(page, id, 'return true');
  // Values off the 5-step grid can come from files or older forms; scoring must still be exact.
  const codes = await page.locator('article.rating').evaluateAll((rows) => rows.map((r) => r.dataset.code));
  await page.evaluate(([id, codes]) => {
    const key = `competentiescan.draft.${id}`;
    const d = JSON.parse(localStorage.getItem(key));
    const at = '2026-11-22T10:00:00.000Z';
    d.scan.raters.find((r) => r.id === 'supervisor').ratings = Object.fromEntries(codes.map((c, i) => [c, { value: [54, 55, 75, 76][i], at }]));
    d.scan.raters.find((r) => r.id === 'student').ratings = Object.fromEntries(codes.map((c, i) => [c, { value: [80, 55, 50, 76][i], at }]));
    d.revision += 1;
    localStorage.setItem(key, JSON.stringify(d));
  }, [id, codes]);
  await page.goto(`${env.server.url}#/scan/${id}/resultaat`);
  await page.reload();
  await ready(page);
  const table = page.locator('table[data-group="1.1"]');
  const bands = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.querySelector('.band-chip')?.textContent));
  assert.deepEqual(bands, ['MOET verbeteren', 'Aan werken tijdens opleiding', 'Aan werken tijdens opleiding', 'GOED']);
  assert.equal(await table.locator('tfoot').textContent(), 'Gemiddelde65,2 % (4/4)65,0 % (4/4)');
  const focus = await page.getByTestId('focus').locator('li').allTextContents();
  assert.deepEqual(focus.map((t) => t.split(' ')[0]), [codes[0], codes[1], codes[2]]);
  assert.match(focus[0], /54 % \(BPV\)/);
  assert.match(await page.getByTestId('strengths').textContent(), new RegExp(`${codes[3]}.*76 %`));
  assert.match(await page.getByTestId('blind-spots').textContent(), /student 80 %, BPV 54 %/);
  assert.match(await page.getByTestId('hidden-strengths').textContent(), /student 50 %, BPV 75 %/);
  const advice = await page.getByTestId('advice').locator('li').allTextContents();
  assert.equal(advice.length, 3);
  assert.match(advice[0], /^1 onderdeel: MOET verbeteren \(< 55 %\)/);
  assert.match(advice[1], /^2 onderdelen: Aan werken tijdens opleiding \(55–75 %\)/);
  assert.match(advice[2], /^1 onderdeel: GOED \(> 75 %\)/);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360, 'fits a 360 px screen');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a reflection framework gives no verdict', async () => {
  const { page, context } = await newPage(env.browser);
  const id = await startScan(page, 'Ali', /beroepsprofiel van SAM/);
  await rate(page, 0, 90);
  await rate(page, 1, 20);
  await settled(page);
  assert.equal(await page.locator('.band-chip').count(), 0);
  await page.goto(`${env.server.url}#/scan/${id}/resultaat`);
  await page.locator('h1', { hasText: 'Resultaat' }).waitFor();
  assert.match(await page.locator('main').textContent(), /reflectiekader: er is geen oordeel/);
  assert.equal(await page.getByTestId('focus').count(), 0);
  assert.match(await page.getByTestId('strengths').textContent(), /Open contact/);
  assert.match(await page.getByTestId('challenges').textContent(), /Verbinden en samenwerken/);
  await context.close();
});

test('Mijn scans: delete, then undo, restores the draft', async () => {
  const { page, context } = await newPage(env.browser);
  const id = await startScan(page, 'Fatima El Amrani');
  await rate(page, 0, 65);
  await waitStored(page, id, "return Object.keys(col('student').ratings).length === 1");
  await page.goto(env.server.url + '#/scans');
  const card = page.getByTestId('draft-list').locator(`li[data-id="${id}"]`);
  assert.match(await card.textContent(), /Fatima El Amrani.*student 1\/33, BPV 0\/33/);
  await card.getByRole('button', { name: 'Verwijderen' }).click();
  await page.getByRole('status').filter({ hasText: 'Scan van Fatima El Amrani verwijderd.' }).waitFor();
  assert.equal(await page.evaluate((id) => localStorage.getItem(`competentiescan.draft.${id}`), id), null);
  await page.getByRole('button', { name: 'Ongedaan maken' }).click();
  await card.waitFor();
  await waitStored(page, id, "return Object.values(col('student').ratings)[0]?.value === 65");
  await card.getByRole('button', { name: 'Dupliceren' }).click();
  await page.waitForFunction((id) => location.hash.startsWith('#/scan/') && !location.hash.includes(id), id);
  await page.goto(env.server.url + '#/scans');
  await page.getByTestId('draft-list').locator('li').nth(1).waitFor();
  assert.equal(await page.getByTestId('draft-list').locator('li').count(), 2);
  await context.close();
});

test('storage that throws: a banner, and rating still works (in memory)', async () => {
  const { page, context } = await newPage(env.browser);
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('blocked', 'SecurityError'); } });
  });
  await page.goto(env.server.url);
  await ready(page);
  assert.match(await page.getByRole('alert').first().textContent(), /Opslag op dit apparaat is niet beschikbaar/);
  await startScan(page);
  await rate(page, 0, 80);
  const row = page.locator('article.rating').first();
  await row.locator('.band-chip', { hasText: 'GOED' }).waitFor();
  const problem = page.getByTestId('save-problem');
  assert.match(await problem.textContent(), /niet beschikbaar.*Exporteer/);
  assert.equal(await problem.getByRole('button', { name: 'Download deze scan als bestand' }).isVisible(), true);
  await context.close();
});

test('storage full: a message, the scan stays, and the next write stores everything', async () => {
  const { page, context } = await newPage(env.browser);
  await page.addInitScript(() => {
    const original = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (window.__full && key.startsWith('competentiescan.draft.')) {
        throw new DOMException('full', 'QuotaExceededError');
      }
      return original.call(this, key, value);
    };
  });
  const id = await startScan(page);
  await page.evaluate(() => { window.__full = true; });
  await rate(page, 0, 70);
  await page.getByTestId('save-problem').filter({ hasText: 'De opslag van dit apparaat is vol' }).waitFor();
  assert.equal(await page.locator('article.rating input[type=number]').first().inputValue(), '70', 'the value stays');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download deze scan als bestand' }).click();
  const file = await download;
  assert.match(file.suggestedFilename(), /^competentiescan_Sanne-Jansen_quickscan-smd-2014_\d{4}-\d{2}-\d{2}\.json$/);
  await page.evaluate(() => { window.__full = false; });
  await rate(page, 1, 40);
  await waitStored(page, id, "return Object.values(col('student').ratings).map((r) => r.value).join() === '70,40'");
  await context.close();
});

test('the same draft in two tabs: the second does not overwrite the first', async () => {
  const { page: a, context } = await newPage(env.browser);
  const id = await startScan(a);
  const b = await context.newPage();
  await b.goto(a.url());
  await ready(b);
  await b.locator('article.rating').first().waitFor();
  await rate(a, 0, 60);
  await waitStored(a, id, "return Object.keys(col('student').ratings).length === 1");
  await rate(b, 1, 30);
  await b.getByTestId('save-problem').filter({ hasText: 'in een ander tabblad gewijzigd' }).waitFor();
  const draft = await stored(a, id);
  assert.deepEqual(Object.values(column(draft.scan, 'student').ratings).map((r) => r.value), [60], 'tab A\'s value kept, tab B\'s not written');
  await b.getByRole('button', { name: 'Nieuwste versie laden' }).click();
  await b.waitForFunction(() => document.querySelector('article.rating input[type=number]').value === '60');
  await rate(b, 1, 30);
  await waitStored(b, id, "return Object.values(col('student').ratings).map((r) => r.value).join() === '60,30'");
  await context.close();
});

/** FNV-1a 64 of the UTF-8 bytes, as the app hashes a framework's canonical JSON. */
function fnv64(text) {
  let h = 0xcbf29ce484222325n;
  for (const b of Buffer.from(text, 'utf8')) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

test('a draft opens against the framework it was made with, not a newer bundled one', async () => {
  const { page, context } = await newPage(env.browser);
  const id = await startScan(page);
  await rate(page, 0, 65);
  await waitStored(page, id, "return Object.keys(col('student').ratings).length === 1");
  // Make the draft refer to an older edition of the Quick Scan, as if the app was updated since.
  await page.evaluate(([id, fnvSource]) => {
    const fnv = new Function('text', fnvSource);
    const key = `competentiescan.draft.${id}`;
    const d = JSON.parse(localStorage.getItem(key));
    const current = localStorage.getItem(`competentiescan.framework.${d.scan.framework.hash}`);
    const older = current.replace('"title":"Aandacht en begrip tonen"', '"title":"Aandacht tonen (editie 2013)"')
      .replace('"version":"1.0.0"', '"version":"0.9.0"');
    const hash = fnv(older);
    localStorage.setItem(`competentiescan.framework.${hash}`, older);
    d.scan.framework = { id: d.scan.framework.id, version: '0.9.0', hash };
    d.revision += 1;
    localStorage.setItem(key, JSON.stringify(d));
  }, [id, `
    let h = 0xcbf29ce484222325n;
    for (const b of new TextEncoder().encode(text)) { h ^= BigInt(b); h = (h * 0x100000001b3n) & 0xffffffffffffffffn; }
    return h.toString(16).padStart(16, '0');`]);
  await page.reload();
  await ready(page);
  await page.locator('article.rating h2', { hasText: 'Aandacht tonen (editie 2013)' }).waitFor();
  await page.waitForFunction(() => document.querySelector('article.rating input[type=number]').value === '65');
  assert.equal(fnv64('a'), 'af63dc4c8601ec8c', 'the test hashes like the app (FNV-1a 64 test vector)');
  await context.close();
});

test('a draft stored by a newer app version is listed as unreadable and never deleted', async () => {
  const { page, context } = await newPage(env.browser);
  await page.goto(env.server.url);
  await ready(page);
  const future = JSON.stringify({ format: 'competentiescan-draft', version: 99, revision: 1, scan: { iets: 'nieuws' } });
  await page.evaluate((v) => localStorage.setItem('competentiescan.draft.toekomst', v), future);
  await page.reload();
  await ready(page);
  const card = page.getByTestId('draft-list').locator('li', { hasText: 'Onleesbare scan (blijft bewaard)' });
  await card.waitFor();
  assert.match(await card.textContent(), /nieuwere versie van de app \(formaat 99\)/);
  await startScan(page);
  await rate(page, 0, 40);
  await page.getByRole('status').filter({ hasText: 'Opgeslagen' }).waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('competentiescan.draft.toekomst')), future);
  await context.close();
});

test('the start page lists the drafts on this device', async () => {
  const { page, context } = await newPage(env.browser);
  await startScan(page, 'Noor Bakker');
  await page.goto(env.server.url + '#/');
  const list = page.getByTestId('draft-list');
  await list.locator('li', { hasText: 'Noor Bakker' }).waitFor();
  assert.match(await list.textContent(), /Quick Scan.*student 0\/33/);
  await context.close();
});
