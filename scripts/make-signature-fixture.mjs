// Makes crates/core/tests/fixtures/signature/webcrypto-es256.json: a column signature made by
// WebCrypto (Node's globalThis.crypto.subtle is the browser's API), so the host tests prove that
// what a browser signs verifies in core, byte for byte. Run by hand from the repository root:
//   node scripts/make-signature-fixture.mjs
// It signs supervisor.hex (the canonical bytes of scan.json's supervisor column, which
// tests/signature.rs recomputes), each run with a new key: commit the result.
import { readFile, writeFile } from 'node:fs/promises';

const dir = new URL('../crates/core/tests/fixtures/signature/', import.meta.url);
const hex = (await readFile(new URL('supervisor.hex', dir), 'utf8')).trim();
const message = Buffer.from(hex, 'hex');

const { subtle } = globalThis.crypto;
const ecdsa = { name: 'ECDSA', namedCurve: 'P-256' };
// As the app makes its device key: private key not extractable.
const keys = await subtle.generateKey(ecdsa, false, ['sign', 'verify']);
const publicKey = new Uint8Array(await subtle.exportKey('raw', keys.publicKey));
const value = new Uint8Array(await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, message));
if (!(await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, keys.publicKey, value, message))) {
  throw new Error('WebCrypto does not verify its own signature');
}

// The fingerprint computed here independently of core: the first 60 bits of SHA-256(key) in
// Crockford base32, grouped by 4.
const digest = new Uint8Array(await subtle.digest('SHA-256', publicKey));
const bits = new DataView(digest.buffer).getBigUint64(0) >> 4n;
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
let chars = '';
for (let i = 0; i < 12; i++) chars += alphabet[Number((bits >> BigInt(55 - 5 * i)) & 31n)];
const fingerprint = chars.match(/.{4}/g).join('-');

const b64 = (bytes) => Buffer.from(bytes).toString('base64');
const fixture = {
  made: 'scripts/make-signature-fixture.mjs, WebCrypto ECDSA P-256 / SHA-256',
  scan: 'scan.json',
  rater: 'supervisor',
  canonicalHex: hex,
  signature: { alg: 'ES256', publicKey: b64(publicKey), value: b64(value) },
  fingerprint,
};
await writeFile(new URL('webcrypto-es256.json', dir), JSON.stringify(fixture, null, 2) + '\n');
console.log(`webcrypto-es256.json written, key ${fingerprint}`);
