// The rating screen on a phone and a keyboard (issue 26, points 2, 3 and 6, and the fill-in
// speed): nothing moves when a value is committed, the slider keeps its width in every band, the
// screen says what a % means without pushing the first item out of view, every control is a
// 44 px target, and rating costs one tap or two keys per item.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setup, newPage, settled, startScan, rate, tapRating, openBpvColumn, ROOT } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const PHONE = { viewport: { width: 390, height: 844 } };
const QUICK_SCAN = JSON.parse(fs.readFileSync(path.join(ROOT, 'frameworks/quickscan-smd-2014.json'), 'utf8'));
const box = (locator) => locator.boundingBox();
const focusedCode = (page) => page.evaluate(() => document.activeElement?.closest('article.rating')?.dataset.code ?? document.activeElement?.id);

// Issue 26.2: on blur the band chip appeared and pushed the rest down 32 px, between the touch
// and the click of the next tap. The BPV-begeleider's Paraaf button appears on commit too.
for (const column of ['student', 'bpv']) {
  test(`committing a typed value moves nothing below it (${column})`, async () => {
    const { page, context, problems } = await newPage(env.browser, PHONE);
    const id = await startScan(page, env.server.url);
    if (column === 'bpv') {
      await openBpvColumn(page, env.server.url, id);
      await page.getByLabel('Naam BPV-begeleider').fill('Jan de Vries');
      await page.getByLabel('Naam BPV-begeleider').press('Tab');
    }
    const rows = page.locator('article.rating');
    const input = rows.nth(0).locator('input[type=number]');
    await input.fill('63');
    const next = [rows.nth(1).locator('input[type=number]'), rows.nth(1).locator('input[type=range]')];
    const before = await Promise.all(next.map(box));
    await input.evaluate((e) => e.blur());
    await rows.nth(0).locator('.band-chip', { hasText: 'Aan werken tijdens opleiding' }).waitFor();
    if (column === 'bpv') await rows.nth(0).getByRole('button', { name: 'Paraaf' }).waitFor();
    await settled(page);
    assert.deepEqual(await Promise.all(next.map(box)), before);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

// Issue 26.3: the short GOED chip fitted beside the slider, which shrank from 197 to 134 px
// under the finger.
for (const width of [390, 1280]) {
  test(`the slider keeps its width in every band (${width} px)`, async () => {
    const { page, context } = await newPage(env.browser, { viewport: { width, height: 844 } });
    await startScan(page, env.server.url);
    const row = page.locator('article.rating').first();
    const slider = row.locator('input[type=range]');
    const widths = [(await box(slider)).width];
    for (const [value, band] of [[20, 'MOET verbeteren'], [60, 'Aan werken tijdens opleiding'], [90, 'GOED']]) {
      await rate(page, 0, value);
      await row.locator('.band-chip', { hasText: band }).waitFor();
      widths.push((await box(slider)).width);
    }
    assert.deepEqual(widths, widths.map(() => widths[0]), `slider widths unrated, 20, 60, 90: ${widths}`);
    await context.close();
  });
}

// Issue 26.6: the bands and their borders were only under Kaders → Over dit kader, and the first
// item started at y = 558 of 844.
test('the rating screen says what a % means, from the framework, and the first item is in the top half', async () => {
  const { page, context, problems } = await newPage(env.browser, PHONE);
  await startScan(page, env.server.url);
  const legend = page.getByTestId('scale-legend');
  const text = await legend.innerText();
  for (const band of QUICK_SCAN.bands) {
    assert.ok(text.includes(band.label), `legend names ${band.label}: ${text}`);
    const bound = band.below ?? band.upTo;
    if (bound != null) assert.ok(text.includes(`${bound}`), `legend gives the border ${bound}: ${text}`);
  }
  assert.ok(text.includes(QUICK_SCAN.scale.unit));
  const top = await page.locator('article.rating').first().evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
  assert.ok(top < 844 / 2, `first item at y = ${top}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a reflection framework\'s legend gives the scale, no bands', async () => {
  const { page, context } = await newPage(env.browser, PHONE);
  await startScan(page, env.server.url, { framework: /beroepsprofiel van SAM/ });
  const legend = page.getByTestId('scale-legend');
  assert.match(await legend.innerText(), /0–100 %/);
  assert.equal(await legend.locator('.band-key').count(), 0);
  await context.close();
});

for (const column of ['student', 'bpv']) {
  test(`every control of the scan is a 44 px target on a phone (${column})`, async () => {
    const { page, context } = await newPage(env.browser, PHONE);
    const id = await startScan(page, env.server.url);
    await rate(page, 0, 70);
    if (column === 'bpv') {
      await openBpvColumn(page, env.server.url, id);
      await page.getByLabel('Naam BPV-begeleider').fill('Jan de Vries');
      await page.getByLabel('Naam BPV-begeleider').press('Tab');
      await rate(page, 0, 60);
      await rate(page, 1, 80);
      // One row initialled (its "intrekken"), one waiting for its paraaf.
      await page.locator('article.rating').first().getByRole('button', { name: 'Paraaf' }).click();
      await page.getByRole('button', { name: 'intrekken' }).waitFor();
    }
    const small = await page.evaluate(() => [...document.querySelectorAll('section.scan :is(a, button, input, select, summary)')]
      .filter((e) => e.getClientRects().length > 0)
      .map((e) => ({ e, r: e.getBoundingClientRect() }))
      .filter(({ r }) => r.width < 44 || r.height < 44)
      .map(({ e, r }) => `${e.tagName.toLowerCase()} "${(e.textContent || e.getAttribute('aria-label') || e.type).trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`));
    assert.deepEqual(small, []);
    await context.close();
  });
}

test('a phone rates one item per tap and moves on to the next group by itself', async () => {
  const { page, context, problems } = await newPage(env.browser, { ...PHONE, hasTouch: true, isMobile: true });
  const id = await startScan(page, env.server.url);
  const values = [70, 40, 85, 60];
  let taps = 0;
  for (const [i, v] of values.entries()) {
    await tapRating(page, i, v);
    taps += 1;
    if (i < values.length - 1) {
      await page.waitForFunction(([i, v]) => document.querySelectorAll('article.rating input[type=number]')[i]?.value === String(v), [i, v]);
    }
  }
  // The last tap completed the group: the next one is on the screen, its heading focused.
  await page.waitForFunction((id) => location.hash === `#/scan/${id}/student/2`, id);
  await page.waitForFunction(() => document.activeElement?.id === 'group-heading');
  const stored = await page.evaluate((id) => JSON.parse(localStorage.getItem(`competentiescan.draft.${id}`)), id);
  const ratings = stored.scan.raters.find((r) => r.id === 'student').ratings;
  assert.deepEqual(Object.values(ratings).map((r) => r.value), values);
  assert.equal(taps / values.length, 1, 'one tap per item, none to move on');
  // A tap that changes an item already rated stays in its group.
  await tapRating(page, 0, 50);
  await page.waitForFunction(() => document.querySelector('article.rating input[type=number]')?.value === '50');
  await settled(page);
  assert.equal(new URL(page.url()).hash, `#/scan/${id}/student/2`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a keyboard rates with two keys per item: a whole number moves on, Enter too, arrows step', async () => {
  const { page, context, problems } = await newPage(env.browser);
  const id = await startScan(page, env.server.url);
  await page.waitForFunction(() => document.activeElement?.id === 'group-heading');
  const codes = await page.locator('article.rating').evaluateAll((xs) => xs.map((x) => x.dataset.code));
  const press = (key) => page.keyboard.press(key);
  // From the group's heading, past its Toelichting, to the first field.
  await press('Tab');
  await press('Tab');
  assert.equal(await focusedCode(page), codes[0]);
  // "70" is whole (no digit can follow it on 0–100): on to the next field. "5" could still
  // become 50–59: Enter moves on.
  const typed = [['7', '0'], ['5', 'Enter'], ['8', '5'], ['6', '3']];
  for (const [i, keys] of typed.entries()) {
    assert.ok(keys.length <= 2, 'at most two keys per item');
    for (const key of keys) await press(key);
    if (i + 1 < codes.length) assert.equal(await focusedCode(page), codes[i + 1], `after ${keys.join(' ')}`);
  }
  // The group's last value moved on to the next group, into its first field.
  await page.waitForFunction((id) => location.hash === `#/scan/${id}/student/2`, id);
  await page.waitForFunction(() => document.activeElement?.id === document.querySelector('article.rating input[type=number]')?.id);
  const stored = await page.evaluate((id) => JSON.parse(localStorage.getItem(`competentiescan.draft.${id}`)), id);
  const ratings = stored.scan.raters.find((r) => r.id === 'student').ratings;
  assert.deepEqual(codes.map((c) => ratings[c]?.value), [70, 5, 85, 63]);
  // The arrows step on the scale's grid of 5 (the field's own step is 1), from what is typed.
  await press('6');
  await press('ArrowUp');
  await page.waitForFunction(() => document.querySelector('article.rating input[type=number]').value === '10');
  await press('ArrowDown');
  await page.waitForFunction(() => document.querySelector('article.rating input[type=number]').value === '5');
  assert.deepEqual(problems, []);
  await context.close();
});
