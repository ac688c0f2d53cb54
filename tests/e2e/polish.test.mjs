// Words and targets (issue 26, point 12): no jargon ("controlecode", not "vingerafdruk"),
// singular and plural said right, 44 × 44 px targets (toggles, the goal's ×, the counts per role
// on Vraag feedback), the destructive choice apart from its way out, labels that follow the
// framework (a professional on Movisie has no student name or BPV-organisatie), a neutral focus
// ring, and a message that goes once its problem is fixed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, newPage, ready, startScan, rate, settled } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const MOVISIE = /Maatschappelijke Ondersteuning/;

/** Fails unless every element of `locator` is at least 44 × 44 px. */
async function targets(locator, what) {
  const boxes = await locator.evaluateAll((els) => els.map((e) => {
    const r = e.getBoundingClientRect();
    return [Math.round(r.width), Math.round(r.height)];
  }));
  assert.ok(boxes.length > 0, `${what}: none found`);
  for (const [w, h] of boxes) assert.ok(w >= 44 && h >= 44, `${what}: ${w}×${h} px, under 44×44`);
}

test('the device key is a controlecode, and a one-scan wipe says "je scan" with its two buttons apart', async () => {
  const { page, problems, context } = await newPage(env.browser);
  await startScan(page, env.server.url, { details: false });
  await page.goto(env.server.url + '#/instellingen');
  await ready(page);
  await page.getByTestId('device-fingerprint').waitFor();
  const text = await page.locator('main').innerText();
  assert.match(text, /Controlecode van dit apparaat: [0-9A-Z-]{14}/);
  assert.doesNotMatch(text, /[Vv]ingerafdruk/);

  await page.getByRole('button', { name: 'Wis alle gegevens op dit apparaat' }).click();
  const dialog = page.getByRole('alertdialog');
  await dialog.waitFor();
  const question = await dialog.locator('#wipe-question').innerText();
  assert.match(question, /Dit wist je scan, je eigen kaders/);
  assert.doesNotMatch(question, /\(s\)/);
  const [yes, cancel] = await Promise.all(['Ja, alles wissen', 'Annuleren'].map((name) => dialog.getByRole('button', { name }).boundingBox()));
  const apart = cancel.y >= yes.y + yes.height ? cancel.y - (yes.y + yes.height) : cancel.x - (yes.x + yes.width);
  assert.ok(apart >= 8, `"Ja, alles wissen" and "Annuleren" ${apart} px apart`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('Nieuwe scan asks a professional on Movisie for "Naam" and "Organisatie", a student on the Quick Scan for "Naam student" and "BPV-organisatie"', async () => {
  const { page, problems, context } = await newPage(env.browser);
  await page.goto(env.server.url + '#/nieuw');
  await ready(page);
  const labels = () => page.locator('form label[for=student], form label[for=organisation]').allInnerTexts();
  await page.getByRole('radio', { name: MOVISIE }).check();
  assert.deepEqual(await labels(), ['Naam', 'Organisatie']);
  await page.getByRole('radio', { name: /Quick Scan/ }).check();
  assert.deepEqual(await labels(), ['Naam student', 'BPV-organisatie']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a missing name is said at the field and goes once the name is there', async () => {
  const { page, problems, context } = await newPage(env.browser);
  await page.goto(env.server.url + '#/nieuw');
  await ready(page);
  await page.getByRole('radio', { name: /Quick Scan/ }).check();
  await page.getByLabel('Naam student').fill('');
  await page.getByRole('button', { name: 'Scan starten' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Vul de naam van de student in.' });
  await alert.waitFor();
  const name = page.getByLabel('Naam student');
  assert.equal(await name.getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator(`#${await name.getAttribute('aria-describedby')}`).innerText(), 'Vul de naam van de student in.');
  await name.fill('Sanne Jansen');
  await alert.waitFor({ state: 'detached' });
  assert.equal(await name.getAttribute('aria-invalid'), 'false');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the focus ring is neutral and high-contrast, not an error red', async () => {
  const { page, problems, context } = await newPage(env.browser);
  await page.goto(env.server.url + '#/nieuw');
  await ready(page);
  await page.getByRole('radio', { name: /Quick Scan/ }).focus();
  await page.keyboard.press('Tab');
  const ring = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return { color: s.outlineColor, width: parseFloat(s.outlineWidth), style: s.outlineStyle };
  });
  const [r, g, b] = ring.color.match(/\d+/g).map(Number);
  assert.ok(ring.width >= 2 && ring.style !== 'none', `a visible ring: ${JSON.stringify(ring)}`);
  assert.ok(r - Math.max(g, b) < 40, `not red: ${ring.color}`);
  const lum = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  const l = 0.2126 * lum(r) + 0.7152 * lum(g) + 0.0722 * lum(b);
  assert.ok(1.05 / (l + 0.05) >= 7, `contrast on white ${(1.05 / (l + 0.05)).toFixed(1)}:1`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('toggles, the counts per role and the goal\'s × are 44 × 44 px targets; one goal is "1 doel"', async () => {
  const { page, problems, context } = await newPage(env.browser);
  const movisie = await startScan(page, env.server.url, { framework: MOVISIE, details: false });
  await targets(page.locator('article.rating summary'), 'toggles on the scan');
  await page.goto(`${env.server.url}#/scan/${movisie}/feedback`);
  await page.locator('h1', { hasText: 'Vraag feedback' }).waitFor();
  await targets(page.locator('.field.count input'), 'counts per role');

  const id = await startScan(page, env.server.url, { details: false });
  await rate(page, 0, 30);
  await page.goto(`${env.server.url}#/scan/${id}/plan`);
  await page.locator('h1', { hasText: 'Ontwikkelplan' }).waitFor();
  await page.getByTestId('plan-suggestions').locator('li').first().getByRole('button', { name: 'Doel maken' }).click();
  const goal = page.locator('article.goal').first();
  await goal.waitFor();
  await targets(goal.locator('.linked-items button'), 'the goal\'s ×');
  await settled(page);
  assert.match(await page.getByTestId('plan-summary').innerText(), /^1 doel: /);
  assert.deepEqual(problems, []);
  await context.close();
});
