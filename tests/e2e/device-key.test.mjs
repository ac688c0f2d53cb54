// This device's signing key (issue 15): made on the first visit of Instellingen, kept in
// IndexedDB with a private key no script can read, shown by its fingerprint; the same after a
// reload, another in another profile, a new one after "Wis alle gegevens" (and only after its
// confirmation); where IndexedDB is missing or refuses, Instellingen says why signing is not
// possible.
//
// Shown to fail (each break in its own build, then restored): with `generate` asking for an
// extractable key, the stored private key's `extractable` was true; with `Fingerprint::of`
// shifting by `64 - 5 * i - 4` (one bit off), every shown fingerprint differed from the one
// computed here; with `device_key::wipe()` left out of the confirmed wipe, the fingerprint after
// the wipe was the old one and the refused delete no longer stopped the wipe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { setup, newPage, ready, settled } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const WELL_FORMED = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

/** The agreed fingerprint: the first 60 bits of SHA-256(raw public key), Crockford base32, by 4. */
function fingerprintOf(raw) {
  const digest = createHash('sha256').update(Buffer.from(raw)).digest();
  const first = digest.readBigUInt64BE(0);
  let chars = '';
  for (let i = 1; i <= 12; i += 1) chars += CROCKFORD[Number((first >> BigInt(64 - 5 * i)) & 31n)];
  return chars.match(/.{4}/g).join('-');
}

/** Opens Instellingen and returns the fingerprint it shows once the key is there. */
async function shownFingerprint(page) {
  await page.goto(env.server.url + '#/instellingen');
  await ready(page);
  const shown = page.getByTestId('device-fingerprint');
  await shown.waitFor();
  return shown.textContent();
}

/** The stored key pair as the page sees it in IndexedDB: the private key's flags, the raw public key. */
const storedKey = (page) => page.evaluate(() => new Promise((resolve, reject) => {
  const opening = indexedDB.open('competentiescan-keys');
  opening.onerror = () => reject(opening.error);
  opening.onsuccess = () => {
    const db = opening.result;
    const get = db.transaction('keys').objectStore('keys').get('device');
    get.onerror = () => reject(get.error);
    get.onsuccess = async () => {
      db.close();
      const { privateKey, publicKey } = get.result;
      const raw = new Uint8Array(await crypto.subtle.exportKey('raw', publicKey));
      const exported = await crypto.subtle.exportKey('pkcs8', privateKey).then(() => 'exported', (e) => e.name);
      resolve({
        extractable: privateKey.extractable,
        type: privateKey.type,
        curve: privateKey.algorithm.namedCurve,
        usages: privateKey.usages,
        exported,
        raw: [...raw],
      });
    };
  };
}));

test('the device key is made on the first visit of Instellingen, non-extractable, and its fingerprint is the agreed one', async () => {
  const { page, problems, context } = await newPage(env.browser);
  await page.goto(env.server.url);
  await ready(page);
  const databases = () => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
  assert.deepEqual(await databases(), [], 'no key before it is needed');

  const shown = await shownFingerprint(page);
  assert.match(shown, WELL_FORMED);
  assert.match(await page.locator('main').textContent(), /Controlecode van dit apparaat: [0-9A-Z-]{14}/);
  assert.deepEqual(await databases(), ['competentiescan-keys']);

  const stored = await storedKey(page);
  assert.equal(stored.extractable, false, 'the private key can be used, never read');
  assert.equal(stored.exported, 'InvalidAccessError', 'exporting the private key is refused');
  assert.equal(stored.type, 'private');
  assert.equal(stored.curve, 'P-256');
  assert.deepEqual(stored.usages, ['sign']);
  assert.equal(stored.raw.length, 65, 'the uncompressed SEC1 point');
  assert.equal(stored.raw[0], 4);
  assert.equal(shown, fingerprintOf(stored.raw), 'the fingerprint of the stored public key');

  await page.reload();
  await ready(page);
  assert.equal(await shownFingerprint(page), shown, 'the same key after a reload');
  assert.deepEqual(problems, []);

  const other = await newPage(env.browser);
  const elsewhere = await shownFingerprint(other.page);
  assert.match(elsewhere, WELL_FORMED);
  assert.notEqual(elsewhere, shown, 'another profile (another device) has its own key');
  assert.deepEqual(other.problems, []);
  await other.context.close();
  await context.close();
});

test('"Wis alle gegevens" removes the key only once confirmed; Instellingen then shows a new one', async () => {
  const { page, problems, context } = await newPage(env.browser);
  const before = await shownFingerprint(page);

  await page.getByRole('button', { name: 'Wis alle gegevens op dit apparaat' }).click();
  await page.getByRole('button', { name: 'Annuleren' }).click();
  await page.reload();
  await ready(page);
  assert.equal(await shownFingerprint(page), before, 'cancel keeps the key');
  assert.equal(fingerprintOf((await storedKey(page)).raw), before);

  await page.getByRole('button', { name: 'Wis alle gegevens op dit apparaat' }).click();
  const reloaded = page.waitForEvent('load');
  await page.getByRole('button', { name: 'Ja, alles wissen' }).click();
  await reloaded;
  await ready(page);
  assert.equal(new URL(page.url()).hash, '#/');
  const after = await shownFingerprint(page);
  assert.match(after, WELL_FORMED);
  assert.notEqual(after, before, 'a new key after the wipe');
  assert.equal(fingerprintOf((await storedKey(page)).raw), after);
  assert.deepEqual(problems, []);
  await context.close();
});

test('without IndexedDB, or when it refuses, Instellingen says signing is not possible here and why', async () => {
  const cases = [
    [() => { Object.defineProperty(window, 'indexedDB', { value: null }); }, /Deze browser biedt geen IndexedDB aan deze site/],
    [() => { IDBFactory.prototype.open = () => { throw new DOMException('The user denied permission to access the database.', 'SecurityError'); }; },
      /De browser laat de app de sleutel niet bewaren of wijzigen \(SecurityError: The user denied permission to access the database\.\)/],
  ];
  for (const [blocked, why] of cases) {
    const { page, problems, context } = await newPage(env.browser);
    await page.addInitScript(blocked);
    await page.goto(env.server.url + '#/instellingen');
    await ready(page);
    const error = page.getByTestId('device-key-error');
    await error.waitFor();
    assert.match(await error.textContent(), /^Ondertekenen is op dit apparaat niet mogelijk\. /);
    assert.match(await error.textContent(), why);
    assert.equal(await page.getByTestId('device-fingerprint').count(), 0);
    await settled(page);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('a key IndexedDB will not delete stops the wipe before anything is gone, and says so', async () => {
  const { page, problems, context } = await newPage(env.browser);
  await page.addInitScript(() => {
    IDBObjectStore.prototype.delete = () => { throw new DOMException('Deleting is not allowed here.', 'ReadOnlyError'); };
  });
  const before = await shownFingerprint(page);
  await page.getByLabel('Je naam').fill('Blijf Hier');
  await page.waitForFunction(() => /Blijf Hier/.test(localStorage.getItem('competentiescan.settings') ?? ''));

  await page.getByRole('button', { name: 'Wis alle gegevens op dit apparaat' }).click();
  await page.getByRole('button', { name: 'Ja, alles wissen' }).click();
  const alert = page.getByRole('alertdialog').getByRole('alert');
  await alert.waitFor();
  assert.equal(await alert.textContent(),
    'Er is niets gewist: de sleutel van dit apparaat kon niet worden verwijderd. De browser laat de app de sleutel niet bewaren of wijzigen (ReadOnlyError: Deleting is not allowed here.). Dat gebeurt bijvoorbeeld in een privévenster, of als de opslag vol is.');
  assert.match(await page.evaluate(() => localStorage.getItem('competentiescan.settings')), /Blijf Hier/, 'the data stays');
  assert.equal(fingerprintOf((await storedKey(page)).raw), before, 'and so does the key');
  assert.deepEqual(problems, []);
  await context.close();
});
