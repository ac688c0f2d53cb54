// Makes crates/core/tests/fixtures/signature/webcrypto-es256-v2.json (form 2, what the app
// signs now) or, with `--form 1`, webcrypto-es256.json (form 1, kept as committed so older
// signatures keep verifying): a column signature made by WebCrypto (Node's
// globalThis.crypto.subtle is the browser's API), so the host tests prove that what a browser
// signs verifies in core, byte for byte. Run by hand from the repository root:
//   node scripts/make-signature-fixture.mjs [--form 1]
// It signs supervisor-v2.hex (form 2 bytes of scan-v2.json's supervisor column over
// framework.json) or supervisor.hex (form 1 bytes of scan.json's), which tests/signature.rs
// recomputes, each run with a new key: commit the result.
import { readFile, writeFile } from 'node:fs/promises';

const dir = new URL('../crates/core/tests/fixtures/signature/', import.meta.url);
const v1 = process.argv.slice(2).join(' ') === '--form 1';
const hex = (await readFile(new URL(v1 ? 'supervisor.hex' : 'supervisor-v2.hex', dir), 'utf8')).trim();
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
  scan: v1 ? 'scan.json' : 'scan-v2.json',
  rater: 'supervisor',
  canonicalHex: hex,
  // Form 2 says its form, and carries the unsigned hint of the column it was made for.
  signature: v1
    ? { alg: 'ES256', publicKey: b64(publicKey), value: b64(value) }
    : { alg: 'ES256', form: 2, publicKey: b64(publicKey), value: b64(value), scan: 'scan-1', rater: 'supervisor' },
  fingerprint,
};
const out = v1 ? 'webcrypto-es256.json' : 'webcrypto-es256-v2.json';
await writeFile(new URL(out, dir), JSON.stringify(fixture, null, 2) + '\n');
console.log(`${out} written, key ${fingerprint}`);
