// Trunk post-build hook (see Trunk.toml): finishes a build in the staging directory.
// 1. Adds the Content-Security-Policy to index.html, allowing Trunk's one inline loader script
//    by its sha256 hash and nothing else inline.
// 2. Writes sw.js from public/sw.js with the list of every file of this build and a version
//    derived from their contents, so any change to any file is a new service worker: that is
//    how installed apps notice an update. No hand-kept list.
// Also runs on a finished dir: `node scripts/precache.mjs DIR`.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = path.resolve(process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist');
const sha256 = (data) => crypto.createHash('sha256').update(data).digest();

// 1. CSP. 'wasm-unsafe-eval' is what compiling WebAssembly needs; it allows no JS eval.
const indexPath = path.join(dir, 'index.html');
let html = fs.readFileSync(indexPath, 'utf8').replace(/<meta http-equiv="?Content-Security-Policy"?[^>]*>/i, '');
const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)].map((m) => m[1]);
const hashes = inline.map((code) => `'sha256-${sha256(code).toString('base64')}'`);
const csp = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');
html = html.replace(/(<meta charset="?utf-8"?\s*\/?>)/i, `$1<meta http-equiv="Content-Security-Policy" content="${csp}">`);
if (!html.includes('Content-Security-Policy')) throw new Error('precache: no <meta charset> in index.html to put the CSP after');
fs.writeFileSync(indexPath, html);

// 2. The service worker.
const files = fs.readdirSync(dir, { recursive: true })
  .map((f) => f.split(path.sep).join('/'))
  // The .gz/.br twins (precompress.mjs) are the server's business: the browser caches the
  // decoded response of the file itself.
  .filter((f) => f !== 'sw.js' && !f.startsWith('.') && !/\.(gz|br)$/.test(f) && fs.statSync(path.join(dir, f)).isFile())
  .sort();
const digest = crypto.createHash('sha256');
for (const f of files) digest.update(f).update('\0').update(sha256(fs.readFileSync(path.join(dir, f))));
// Trunk names what it processes `name-<hash>.ext` (wasm: `name-<hash>_bg.wasm`).
const isHashed = (f) => /-[0-9a-f]{8,}(_bg)?\.[a-z0-9]+$/.test(f);
const build = {
  version: digest.digest('hex').slice(0, 16),
  files: files.filter((f) => !isHashed(f)),
  hashed: files.filter(isHashed),
};
const template = fs.readFileSync(path.join(root, 'public/sw.js'), 'utf8');
const marker = "const BUILD = { version: 'dev', files: [], hashed: [] };";
if (!template.includes(marker)) throw new Error('precache: public/sw.js lost its BUILD line');
fs.writeFileSync(path.join(dir, 'sw.js'), template.replace(marker, `const BUILD = ${JSON.stringify(build)};`));
console.log(`precache: sw.js version ${build.version}, ${files.length} files; CSP with ${hashes.length} inline script hash(es)`);
