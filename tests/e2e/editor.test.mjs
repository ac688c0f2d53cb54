// Kader bewerken: a new framework with a nested group and three items, a duplicate code shown
// live on its place and fixed, undo of a rename, the band preview after a bound changed, a
// reload that resumes the unsaved edit, saving (listed, offered by Nieuwe scan), a scan with it;
// then the framework edited into version 1.1.0 while the existing scan keeps its own version.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, newPage, ready, startScan, rate } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const PENDING_KEY = 'competentiescan.framework-edit';

/** Types into a field and leaves it, as a user does: one change, one undo step. */
async function type(page, selector, value) {
  const field = page.locator(selector);
  await field.fill(value);
  await field.press('Tab');
}

const problems = (page) => page.getByTestId('editor-problems');
const preview = (page) => page.getByTestId('band-preview').locator('li').allInnerTexts();
/** The buttons of a group itself, not of the groups inside it. */
const groupButton = (page, path, name) =>
  page.locator(`[data-testid="group-${path}"] > .row-actions`).getByRole('button', { name, exact: true });

test('a new framework is made, checked live, resumed after a reload, saved, scanned and edited into a new version', async () => {
  const { page, problems: errors, context } = await newPage(env.browser);
  page.on('dialog', (d) => d.accept());
  await page.goto(env.server.url + '#/kaders');
  await ready(page);
  await page.getByRole('link', { name: 'Nieuw kader' }).click();
  await page.getByRole('heading', { name: 'Nieuw kader' }).waitFor();
  assert.deepEqual(await problems(page).locator('li').allInnerTexts(), [
    'kader: titel is leeg',
    'kader: bron (uitgever) is leeg',
    'onderdeel 1: titel is leeg',
    'item 1-1: titel is leeg',
  ]);
  assert.equal(await page.getByRole('button', { name: 'Opslaan' }).isDisabled(), true);

  await type(page, '#edit-title', 'Zorg en welzijn ROC');
  await type(page, '#edit-publisher', 'ROC Midden');
  await type(page, '#g-0-title', 'Ondersteunen');
  await type(page, '#i-0-0-title', 'Luisteren');
  await page.getByTestId('group-0').getByRole('button', { name: 'Item toevoegen' }).click();
  await type(page, '#i-0-1-title', 'Rapporteren');
  await page.getByRole('button', { name: 'Groep toevoegen', exact: true }).click();
  await type(page, '#g-1-title', 'Samenwerken');
  await page.getByTestId('group-1').getByRole('button', { name: 'Item toevoegen' }).click();
  await type(page, '#i-1-0-title', 'Overleggen');
  await groupButton(page, '1', 'In de groep erboven').click();
  // Nested: the second group is now inside the first, with its item.
  const nested = page.getByTestId('group-0').getByTestId('group-0-0');
  assert.equal(await nested.locator('#g-0-0-title').inputValue(), 'Samenwerken');
  assert.equal(await nested.locator('#i-0-0-0-title').inputValue(), 'Overleggen');
  assert.equal(await page.getByTestId('group-1').count(), 0);
  await problems(page).filter({ hasText: 'Geen problemen' }).waitFor();

  // A duplicate code is a problem on its place at once, and gone once fixed.
  await type(page, '#i-0-1-code', '1-1');
  assert.deepEqual(await problems(page).locator('li').allInnerTexts(), ['item 1-1: code "1-1" komt meer dan eens voor']);
  assert.equal(await page.getByRole('button', { name: 'Opslaan' }).isDisabled(), true);
  await type(page, '#i-0-1-code', '1-2');
  await problems(page).filter({ hasText: 'Geen problemen' }).waitFor();

  // Undo takes back the rename.
  await type(page, '#g-0-title', 'Begeleiden');
  assert.equal(await page.getByTestId('group-0').locator('#g-0-title').inputValue(), 'Begeleiden');
  await page.getByRole('button', { name: 'Ongedaan maken' }).click();
  assert.equal(await page.locator('#g-0-title').inputValue(), 'Ondersteunen');

  // The band preview follows a changed bound by the results' own rule.
  assert.deepEqual(await preview(page), ['54 %: MOET verbeteren', '55 %: Aan werken', '75 %: Aan werken', '76 %: GOED']);
  await type(page, '#band-0-bound', '56');
  assert.deepEqual(await preview(page), ['54 %: MOET verbeteren', '55 %: MOET verbeteren', '75 %: Aan werken', '76 %: GOED']);

  // A reload in the middle resumes the unsaved edit, every change included.
  await page.reload();
  await ready(page);
  await page.getByTestId('resumed').waitFor();
  assert.equal(await page.locator('#edit-title').inputValue(), 'Zorg en welzijn ROC');
  assert.equal(await page.locator('#g-0-title').inputValue(), 'Ondersteunen');
  assert.equal(await page.locator('#g-0-0-title').inputValue(), 'Samenwerken');
  assert.equal(await page.locator('#i-0-1-code').inputValue(), '1-2');
  assert.equal(await page.locator('#band-0-bound').inputValue(), '56');

  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.waitForURL(/#\/kaders\/zorg-en-welzijn-roc$/);
  assert.equal(await page.getByTestId('framework-version').innerText(), 'Versie 1.0.0');
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), PENDING_KEY), null, 'saved: the unsaved edit is gone');
  await page.goto(env.server.url + '#/kaders');
  assert.match(await page.getByTestId('custom-framework-list').innerText(), /Zorg en welzijn ROC/);

  // Nieuwe scan offers it; a scan with it is rated.
  const scanId = await startScan(page, env.server.url, { framework: /Zorg en welzijn ROC/, details: false });
  assert.deepEqual(await page.locator('article.rating h2').allInnerTexts(), ['Luisteren', 'Rapporteren']);
  await rate(page, 0, 55);
  assert.equal(await page.locator('article.rating').first().locator('.band-chip').innerText(), 'MOET verbeteren');

  // Editing it (an item renamed) saves the next version in its place.
  await page.goto(env.server.url + '#/kaders/zorg-en-welzijn-roc');
  await page.getByRole('link', { name: 'Kader bewerken' }).click();
  await page.getByRole('heading', { name: 'Kader bewerken' }).waitFor();
  await type(page, '#i-0-0-title', 'Aandacht tonen');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  await page.getByTestId('framework-version').filter({ hasText: 'Versie 1.1.0' }).waitFor();
  await page.goto(env.server.url + '#/kaders');
  await ready(page);
  assert.equal(await page.getByTestId('custom-framework-list').locator('li').count(), 1, 'replaced, not added');

  // The existing scan stays bound to the version it was made with, also after a reload (its
  // framework then comes from the copy stored with the draft); a new scan gets the new one.
  await page.goto(`${env.server.url}#/scan/${scanId}/student/1`);
  await page.reload();
  await ready(page);
  await page.locator('article.rating').first().waitFor();
  assert.deepEqual(await page.locator('article.rating h2').allInnerTexts(), ['Luisteren', 'Rapporteren']);
  assert.equal(await page.locator('article.rating input[type=number]').first().inputValue(), '55');
  await startScan(page, env.server.url, { framework: /Zorg en welzijn ROC/, student: 'Tim de Vries', details: false });
  assert.deepEqual(await page.locator('article.rating h2').allInnerTexts(), ['Aandacht tonen', 'Rapporteren']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a bundled framework is only copied, and discarding a copy asks first and keeps nothing', async () => {
  const { page, problems: errors, context } = await newPage(env.browser);
  await page.goto(env.server.url + '#/kaders/quickscan-smd-2014');
  await ready(page);
  assert.equal(await page.getByRole('link', { name: 'Kader bewerken' }).count(), 0);
  await page.getByRole('link', { name: 'Kopie bewerken' }).click();
  await page.getByRole('heading', { name: 'Kopie bewerken' }).waitFor();
  assert.match(await page.locator('#edit-title').inputValue(), /\(kopie\)$/);
  await type(page, '#edit-title', 'Mijn Quick Scan');
  assert.match(await page.evaluate((k) => localStorage.getItem(k), PENDING_KEY), /Mijn Quick Scan/);

  // Declined: nothing is thrown away.
  page.once('dialog', (d) => d.dismiss());
  await page.getByRole('button', { name: 'Wijzigingen weggooien' }).click();
  assert.match(await page.evaluate((k) => localStorage.getItem(k), PENDING_KEY), /Mijn Quick Scan/);
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Wijzigingen weggooien' }).click();
  await page.waitForURL(/#\/kaders$/);
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), PENDING_KEY), null);
  assert.equal(await page.getByTestId('custom-framework-list').locator('li').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an emptied title is said at the field, the problems are linked from the top, a disabled Opslaan looks disabled, and saving is confirmed', async () => {
  const { page, problems: errors, context } = await newPage(env.browser);
  await page.goto(env.server.url + '#/kaders/quickscan-smd-2014/kopie');
  await ready(page);
  await page.getByRole('heading', { name: 'Kopie bewerken' }).waitFor();
  await problems(page).filter({ hasText: 'Geen problemen' }).waitFor();
  const save = page.getByRole('button', { name: 'Opslaan' });
  const enabledLook = await save.evaluate((b) => getComputedStyle(b).backgroundColor);

  // The emptied title: invalid, with its message under it, named by aria-describedby.
  await type(page, '#edit-title', '');
  const title = page.locator('#edit-title');
  assert.equal(await title.getAttribute('aria-invalid'), 'true');
  const described = await title.getAttribute('aria-describedby');
  assert.equal(await page.locator(`#${described}`).innerText(), 'Titel is leeg');
  // An item's title too, far down the page.
  await type(page, '#i-1-0-0-title', '');

  // The summary is at the top of the form, before the first field, and each problem jumps to
  // its field.
  const summary = problems(page);
  await summary.getByRole('heading', { name: 'Nog op te lossen (2)' }).waitFor();
  const [summaryTop, titleTop] = await Promise.all([summary, title].map((l) => l.evaluate((e) => e.getBoundingClientRect().top + scrollY)));
  assert.ok(summaryTop < titleTop, `summary at ${summaryTop}, above the title field at ${titleTop}`);
  await summary.getByRole('link', { name: /^item .*: titel is leeg$/ }).click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'i-1-0-0-title');
  assert.equal(await page.locator('#i-1-0-0-title').getAttribute('aria-invalid'), 'true');
  // The sticky bar says why Opslaan waits and leads back to the list.
  const bar = page.getByTestId('editor-bar');
  const box = await bar.boundingBox();
  assert.ok(box.y + box.height <= page.viewportSize().height + 1, 'the bar is on screen');
  await bar.getByRole('link', { name: 'Naar de problemen (2)' }).click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'editor-problems');

  // Disabled looks disabled: not the enabled button's fill, and no pointer.
  assert.equal(await save.isDisabled(), true);
  const look = await save.evaluate((b) => ({ bg: getComputedStyle(b).backgroundColor, cursor: getComputedStyle(b).cursor }));
  assert.notEqual(look.bg, enabledLook);
  assert.equal(look.cursor, 'not-allowed');

  // Fixed: the messages go, at the field and in the summary.
  await type(page, '#edit-title', 'Quick Scan van ons');
  await type(page, '#i-1-0-0-title', 'Inventariseert');
  await summary.filter({ hasText: 'Geen problemen' }).waitFor();
  assert.equal(await title.getAttribute('aria-invalid'), 'false');
  assert.equal(await title.getAttribute('aria-describedby'), null);
  assert.equal(await page.locator('.field-problem').count(), 0);

  // Saving says so, as a status, on the framework it opens.
  await save.click();
  const saved = page.getByRole('status').filter({ hasText: 'is opgeslagen' });
  await saved.waitFor();
  assert.equal(await saved.innerText(), 'Kader "Quick Scan van ons" is opgeslagen (versie 1.0.0).');
  assert.deepEqual(errors, []);
  await context.close();
});
