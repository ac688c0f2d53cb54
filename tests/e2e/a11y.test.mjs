// Access for everyone: axe-core (WCAG 2.1 A/AA rules) finds no serious or critical violation on
// any screen; every screen reflows at 320 px and at 200 % zoom without horizontal scrolling;
// and a keyboard alone (Tab, Space, Enter, arrows, typing) starts a scan, fills in a group,
// moves on (the focus follows to the new group's heading) and reaches the results, with the
// value and band announced on the slider.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, setup, newPage, ready, settled, startScan, rate } from './harness.mjs';

const AXE = fs.readFileSync(path.join(ROOT, 'tests/e2e/node_modules/axe-core/axe.min.js'), 'utf8');

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

/** Every screen of the app, with a scan that has ratings from both raters and a goal. */
async function screens(page) {
  const id = await startScan(page, env.server.url, { student: 'Alex Toegang' });
  await rate(page, 0, 40);
  await rate(page, 1, 80);
  await page.goto(`${env.server.url}#/scan/${id}/bpv/1`);
  await page.locator('article.rating').first().waitFor();
  await rate(page, 0, 60);
  // A goal, so the plan and the report show their full forms.
  await page.goto(`${env.server.url}#/scan/${id}/plan`);
  await page.getByRole('button', { name: 'Doel maken' }).first().click();
  await page.locator('article.goal').first().waitFor();
  return ['#/', '#/nieuw', `#/scan/${id}/student/1`, `#/scan/${id}/bpv/1`, `#/scan/${id}/resultaat`,
    `#/scan/${id}/plan`, `#/scan/${id}/rapport`, '#/scans',
    '#/openen', '#/kaders', '#/kaders/quickscan-smd-2014', '#/kaders/nieuw', '#/coach', '#/instellingen', '#/bestaat-niet'];
}

async function show(page, hash) {
  await page.goto(env.server.url + hash);
  await ready(page);
  await page.locator('main h1').first().waitFor();
  await settled(page);
}

/** axe's serious and critical WCAG 2.1 A/AA violations on the page as it is now. */
async function axeViolations(page, label) {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  await page.evaluate(AXE);
  const { violations } = await page.evaluate(() => axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${label} ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('axe finds no serious or critical violation on any screen', async () => {
  const { page, context, problems } = await newPage(env.browser);
  const found = [];
  for (const hash of await screens(page)) {
    await show(page, hash);
    found.push(...await axeViolations(page, hash));
  }
  assert.deepEqual(found, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('axe finds no serious or critical violation in the states of Kader toevoegen and Kader bewerken', async () => {
  const { page, context, problems } = await newPage(env.browser);
  page.on('dialog', (d) => d.accept());
  const found = [];
  // The question before adding: a framework with a warning (an item without indicators).
  await show(page, '#/kaders');
  const csv = ['Competentiescan-kader;1', 'Id;toegang', 'Versie;1.0.0', 'Titel;Toegang', 'Taal;nl', 'Doel;reflectie',
    'Uitgever;ROC', 'Jaar;2026', 'Document;D', 'Schaal;0;100;5;%', 'Beoordelaars;student', '',
    'Niveau;Soort;Code;Titel;Indicator', '1;Werkproces;W1;Groep;', ';;W1-1;Item;'].join('\r\n');
  await page.locator('#add-framework').setInputFiles({ name: 'k.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const question = page.getByTestId('add-framework-question');
  await question.waitFor();
  found.push(...await axeViolations(page, 'question'));
  await question.getByRole('button', { name: 'Toch toevoegen' }).click();
  await page.getByTestId('framework-added').waitFor();
  found.push(...await axeViolations(page, 'added'));
  // The editor with groups, a nested group, items and a live problem.
  await show(page, '#/kaders/toegang/bewerken');
  await page.getByRole('button', { name: 'Groep toevoegen', exact: true }).click();
  await page.getByTestId('group-1').getByRole('button', { name: 'Item toevoegen' }).click();
  await page.locator('#i-1-0-code').fill('W1-1');
  await page.locator('#i-1-0-code').press('Tab');
  await page.getByTestId('editor-problems').locator('li').first().waitFor();
  found.push(...await axeViolations(page, 'editor'));
  assert.deepEqual(found, []);
  assert.deepEqual(problems, []);
  await context.close();
});

for (const [what, viewport] of [['320 px wide', { width: 320, height: 640 }], ['200 % zoom', { width: 640, height: 400 }]]) {
  test(`every screen fits ${what} without horizontal scrolling`, async () => {
    const { page, context, problems } = await newPage(env.browser, { viewport });
    const wide = [];
    for (const hash of await screens(page)) {
      await show(page, hash);
      // Open every disclosure too: their content must reflow as well.
      await page.evaluate(() => document.querySelectorAll('main details').forEach((d) => { d.open = true; }));
      await settled(page);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > viewport.width) wide.push(`${hash}: ${width} px`);
    }
    assert.deepEqual(wide, []);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

/** Presses Tab (or `key`) until the focused element matches `selector` (at most 300 presses). */
async function tabTo(page, selector, key = 'Tab') {
  for (let i = 0; i < 300; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press(key);
  }
  assert.fail(`${key} never reached ${selector}`);
}

test('the keyboard alone fills in a group, moves on and reaches the results', async () => {
  const { page, context, problems } = await newPage(env.browser);
  await page.goto(env.server.url);
  await ready(page);
  await tabTo(page, 'a[href="#/nieuw"]');
  await page.keyboard.press('Enter');
  await page.locator('h1', { hasText: 'Nieuwe scan' }).waitFor();
  await tabTo(page, 'input[type=radio]');
  // Arrow keys move through a radio group; pick the Quick Scan.
  for (let i = 0; i < 10 && !(await page.evaluate(() => document.activeElement.closest('label')?.textContent.includes('Quick Scan'))); i++) {
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Space');
  await tabTo(page, '#student');
  await page.keyboard.type('Kim Toetsenbord');
  await tabTo(page, 'button[type=submit]');
  await page.keyboard.press('Enter');
  await page.locator('article.rating').first().waitFor();

  const codes = await page.locator('article.rating').evaluateAll((xs) => xs.map((x) => x.dataset.code));
  // A whole number typed moves on to the next field by itself (the legend says so): the first
  // three rows, the focus then waits in the fourth.
  await tabTo(page, `input[id="rate-${codes[0]}"]`);
  for (const [i, value] of [30, 60, 90].entries()) {
    await page.keyboard.type(String(value));
    await page.waitForFunction((id) => document.activeElement?.id === id, `rate-${codes[i + 1]}`);
  }
  // The slider announces value and band (aria-valuetext) and moves with the arrow keys.
  const slider = page.locator('article.rating').first().locator('input[type=range]');
  assert.equal(await slider.getAttribute('aria-valuetext'), '30 %, MOET verbeteren');
  await tabTo(page, `article.rating[data-code="${codes[0]}"] input[type=range]`, 'Shift+Tab');
  await page.keyboard.press('ArrowRight');
  await settled(page);
  assert.equal(await slider.getAttribute('aria-valuetext'), '35 %, MOET verbeteren');
  assert.match(await page.locator('article.rating').nth(1).locator('.band-chip').innerText(), /aan werken/i);
  // The group's last value moves on to the next group, into its first field.
  const first = await page.locator('main h1').innerText();
  await tabTo(page, `input[id="rate-${codes[3]}"]`);
  await page.keyboard.type('30');
  await page.waitForFunction((h) => document.querySelector('main h1')?.innerText !== h, first);
  await page.waitForFunction(() => document.activeElement?.matches('article.rating input[type=number]') ?? false);

  const heading = await page.locator('main h1').innerText();
  await tabTo(page, 'nav.pager button.primary');
  await page.keyboard.press('Enter');
  await page.waitForFunction((h) => document.querySelector('main h1')?.innerText !== h, heading);
  // The focus lands on the new group's heading, not back at the top of the page.
  await page.waitForFunction(() => document.activeElement?.id === 'group-heading');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.closest('article.rating, details')?.tagName), 'DETAILS', 'next stop: the group explanation');
  // Onwards through the remaining groups to "Naar resultaat".
  while (await page.locator('nav.pager button.primary').count()) {
    const h = await page.locator('main h1').innerText();
    await tabTo(page, 'nav.pager button.primary');
    await page.keyboard.press('Enter');
    await page.waitForFunction((x) => document.querySelector('main h1')?.innerText !== x, h);
  }
  await tabTo(page, 'nav.pager a.primary');
  await page.keyboard.press('Enter');
  await page.locator('h1', { hasText: 'Resultaat' }).waitFor();
  assert.match(await page.locator('main').innerText(), /MOET verbeteren/);
  assert.deepEqual(problems, []);
  await context.close();
});
