// A signature that was interrupted is made on the next start (issue 24). Afronden signs in the
// background; here the page's signing never finishes (an init script replaces
// `crypto.subtle.sign` with a promise that never settles, as a locked phone or a closed tab
// leaves it), the scan screen says so, and the app started again without the override signs
// the column: Resultaat shows "Ondertekend, ongewijzigd". A column changed or reopened before
// that start is never signed over its old content; a device that cannot sign says why.
//
// Shown to fail on the code before the fix: while signing hung, the scan screen said nothing
// (the test waited in vain for "Wordt ondertekend…"); without that step, the restarted app
// left the column "Niet ondertekend" for good.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, newPage, ready, startScan, rate, openBpvColumn as openBpv, finishBpv } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const SIGNING = 'Wordt ondertekend op dit apparaat… Gaat de app dicht voordat dat klaar is, dan gebeurt het de volgende keer dat je de app op dit apparaat opent.';
const CHANGED = 'Niet ondertekend: deze kolom is na afronden gewijzigd, en een wijziging laat de handtekening vervallen. Heropen en rond opnieuw af om deze kolom te ondertekenen.';

/** Signing that never finishes on this page (and only this page: a new page signs). */
function hangSigning(page) {
  return page.addInitScript(() => {
    crypto.subtle.sign = () => new Promise(() => {});
  });
}

/** Another page of the same profile (same storage, same device key): the app started again. */
async function restart(old) {
  await old.page.close();
  const page = await old.context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') old.problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => old.problems.push(`pageerror: ${e.message}`));
  page.setDefaultTimeout(15000);
  return page;
}

const openBpvColumn = (page, id) => openBpv(page, env.server.url, id);

const finish = finishBpv;

const note = (page) => page.evaluate(() => JSON.parse(localStorage.getItem('competentiescan.to-sign') ?? 'null'));
const storedBpv = (page, id) =>
  page.evaluate((id) => JSON.parse(localStorage.getItem(`competentiescan.draft.${id}`)).scan.raters.find((r) => r.id === 'supervisor'), id);

async function seal(page, id, verdict) {
  await page.goto(`${env.server.url}#/scan/${id}/resultaat`);
  await page.locator('h1', { hasText: 'Resultaat' }).waitFor();
  const line = page.getByTestId('seal-supervisor').filter({ hasText: verdict });
  await line.waitFor();
  return line.textContent();
}

/** A device whose signing hangs, with a BPV column rated and finished. */
async function finishedWhileSigningHangs() {
  const d = await newPage(env.browser);
  d.page.setDefaultTimeout(15000);
  await hangSigning(d.page);
  const id = await startScan(d.page, env.server.url, { student: 'Mila Bos', details: false });
  await openBpvColumn(d.page, id);
  await rate(d.page, 0, 55);
  await finish(d.page);
  return { d, id };
}

test('a column finished while signing hangs is signed when the app starts again', async () => {
  const { d, id } = await finishedWhileSigningHangs();
  const unsigned = d.page.getByTestId('column-unsigned');
  await unsigned.filter({ hasText: 'Wordt ondertekend' }).waitFor();
  assert.equal(await unsigned.textContent(), SIGNING);
  // The note is stored with the finished draft.
  const noted = await note(d.page);
  assert.equal(noted.version, 1);
  assert.deepEqual(noted.columns.map((c) => [c.scan, c.rater]), [[id, 'supervisor']]);
  assert.equal((await storedBpv(d.page, id)).signature, undefined);

  // The tab goes away mid-signing; the app opens again (no override): the column is signed.
  const page = await restart(d);
  await page.goto(env.server.url + '#/');
  await ready(page);
  assert.match(await seal(page, id, /: Ondertekend, ongewijzigd/), /^BPV-begeleider: Ondertekend, ongewijzigd · controlecode /);
  await page.waitForFunction(() => JSON.parse(localStorage.getItem('competentiescan.to-sign')).columns.length === 0);
  assert.equal((await storedBpv(page, id)).signature.alg, 'ES256');
  await openBpvColumn(page, id);
  await page.getByText(/Afgerond door/).waitFor();
  assert.equal(await page.getByTestId('column-unsigned').count(), 0);
  assert.deepEqual(d.problems, []);
  await d.context.close();
});

test('a column changed or reopened before the next start is not signed over its old content', async () => {
  // Changed after finishing: the note goes at once, and the restart signs nothing.
  const changed = await finishedWhileSigningHangs();
  await changed.d.page.getByTestId('column-unsigned').filter({ hasText: 'Wordt ondertekend' }).waitFor();
  await rate(changed.d.page, 0, 60);
  await changed.d.page.waitForFunction(() => JSON.parse(localStorage.getItem('competentiescan.to-sign')).columns.length === 0);
  let page = await restart(changed.d);
  assert.equal(await seal(page, changed.id, /: Niet ondertekend/), 'BPV-begeleider: Niet ondertekend');
  await openBpvColumn(page, changed.id);
  const unsigned = page.getByTestId('column-unsigned');
  await unsigned.waitFor();
  assert.equal(await unsigned.textContent(), CHANGED);
  assert.equal((await storedBpv(page, changed.id)).signature, undefined);
  assert.deepEqual(changed.d.problems, []);
  await changed.d.context.close();

  // Reopened: no longer finished, nothing to sign; finished again later, it is signed then.
  const reopened = await finishedWhileSigningHangs();
  await reopened.d.page.getByRole('button', { name: 'heropenen' }).click();
  await reopened.d.page.waitForFunction(() => JSON.parse(localStorage.getItem('competentiescan.to-sign')).columns.length === 0);
  page = await restart(reopened.d);
  await openBpvColumn(page, reopened.id);
  await page.getByRole('button', { name: 'Scan afronden als BPV-begeleider' }).waitFor();
  const bpv = await storedBpv(page, reopened.id);
  assert.equal(bpv.finished, undefined);
  assert.equal(bpv.signature, undefined);
  await finish(page);
  assert.match(await seal(page, reopened.id, /: Ondertekend, ongewijzigd/), /^BPV-begeleider: Ondertekend, ongewijzigd/);
  assert.deepEqual(reopened.d.problems, []);
  await reopened.d.context.close();
});

test('a device that cannot sign says why on the scan screen', async () => {
  const d = await newPage(env.browser);
  d.page.setDefaultTimeout(15000);
  await d.page.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { value: undefined });
  });
  const id = await startScan(d.page, env.server.url, { student: 'Mila Bos', details: false });
  await openBpvColumn(d.page, id);
  await rate(d.page, 0, 55);
  await finish(d.page);
  const unsigned = d.page.getByTestId('column-unsigned').filter({ hasText: 'kan niet ondertekenen' });
  await unsigned.waitFor();
  assert.equal(
    await unsigned.textContent(),
    'Niet ondertekend: dit apparaat kan niet ondertekenen. Deze browser biedt geen IndexedDB aan deze site, of blokkeert het bewaren van sitegegevens. Sta sitegegevens toe of gebruik een andere browser.',
  );
  assert.deepEqual(d.problems, []);
  await d.context.close();
});

test('an unreadable stored note is kept as it is and said in Instellingen; finishing still signs', async () => {
  const d = await newPage(env.browser);
  d.page.setDefaultTimeout(15000);
  await d.page.goto(env.server.url);
  await ready(d.page);
  await d.page.evaluate(() => localStorage.setItem('competentiescan.to-sign', '{"version": 9, "columns": []}'));
  await d.page.reload();
  const id = await startScan(d.page, env.server.url, { student: 'Mila Bos', details: false });
  await openBpvColumn(d.page, id);
  await rate(d.page, 0, 55);
  await finish(d.page);
  assert.match(await seal(d.page, id, /: Ondertekend, ongewijzigd/), /^BPV-begeleider: Ondertekend, ongewijzigd/);
  assert.equal(await d.page.evaluate(() => localStorage.getItem('competentiescan.to-sign')), '{"version": 9, "columns": []}');
  await d.page.goto(env.server.url + '#/instellingen');
  await ready(d.page);
  assert.equal(
    await d.page.getByTestId('to-sign-locked').textContent(),
    'De lijst van nog te ondertekenen kolommen is door een nieuwere versie van de app opgeslagen (versie 9). Hij blijft bewaard zoals hij is; wat erin staat, ondertekent deze versie niet.',
  );
  assert.deepEqual(d.problems, []);
  await d.context.close();
});
