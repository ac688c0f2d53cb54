// dist/ carries a .br and a .gz twin of every text and wasm file (scripts/precompress.mjs); the
// test server sends them as a host set up per the README does, and the service worker does not
// precache them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { setup, DIST, ROOT } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

/** The response to `file` as sent: headers and the body's bytes, not decoded. */
function get(url, acceptEncoding) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

test('the wasm is sent as its brotli twin when asked for br, as gzip or raw otherwise', async () => {
  const wasm = fs.readdirSync(DIST).find((f) => /^competentiescan-.*_bg\.wasm$/.test(f));
  const raw = fs.readFileSync(path.join(DIST, wasm));
  const url = env.server.url + wasm;

  const br = await get(url, 'gzip, deflate, br');
  assert.equal(br.headers['content-encoding'], 'br');
  assert.equal(br.headers['content-type'], 'application/wasm');
  assert.equal(br.headers.vary, 'Accept-Encoding');
  assert.ok(br.body.length < raw.length / 2, `brotli ${br.body.length} B of ${raw.length} B`);
  assert.ok(zlib.brotliDecompressSync(br.body).equals(raw), 'decodes to the same bytes');

  const gz = await get(url, 'gzip, br;q=0');
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.ok(zlib.gunzipSync(gz.body).equals(raw));

  const plain = await get(url, 'identity');
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.ok(plain.body.equals(raw));
});

test('every text and wasm file of the build has both twins; sw.js precaches none', () => {
  const files = fs.readdirSync(DIST, { recursive: true }).map((f) => f.split(path.sep).join('/'));
  const text = files.filter((f) => /\.(html|js|css|json|svg|webmanifest|txt|wasm)$/.test(f));
  assert.ok(text.includes('sw.js') && text.includes('first-paint.js'), text.join(' '));
  for (const f of text) {
    const raw = fs.readFileSync(path.join(DIST, f));
    assert.ok(zlib.gunzipSync(fs.readFileSync(path.join(DIST, `${f}.gz`))).equals(raw), `${f}.gz`);
    assert.ok(zlib.brotliDecompressSync(fs.readFileSync(path.join(DIST, `${f}.br`))).equals(raw), `${f}.br`);
  }
  assert.ok(!files.some((f) => /\.png\.(gz|br)$/.test(f)), 'images stay as they are');
  const sw = fs.readFileSync(path.join(DIST, 'sw.js'), 'utf8');
  const build = JSON.parse(sw.match(/const BUILD = (\{.*?\});/)[1]);
  const cached = [...build.files, ...build.hashed];
  assert.ok(cached.includes('first-paint.js') && cached.includes('index.html'), cached.join(' '));
  assert.deepEqual(cached.filter((f) => /\.(gz|br)$/.test(f)), []);
});

test('precompress.mjs reaches into subdirectories and leaves images alone', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-precompress-'));
  try {
    fs.mkdirSync(path.join(dir, 'frameworks'));
    const json = JSON.stringify({ id: 'kader', items: Array.from({ length: 50 }, (_, i) => `Competentie ${i}`) });
    fs.writeFileSync(path.join(dir, 'frameworks/kader-0123abcd.json'), json);
    fs.writeFileSync(path.join(dir, 'icon.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    execFileSync('node', [path.join(ROOT, 'scripts/precompress.mjs'), dir]);
    const files = fs.readdirSync(dir, { recursive: true }).map((f) => f.split(path.sep).join('/')).sort();
    assert.deepEqual(files, ['frameworks', 'frameworks/kader-0123abcd.json', 'frameworks/kader-0123abcd.json.br',
      'frameworks/kader-0123abcd.json.gz', 'icon.png']);
    assert.equal(zlib.brotliDecompressSync(fs.readFileSync(path.join(dir, 'frameworks/kader-0123abcd.json.br'))).toString(), json);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
