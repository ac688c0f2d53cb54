// Trunk post-build step, after precache.mjs (so sw.js and the CSP'd index.html are final):
// writes `<file>.gz` (gzip level 9) and `<file>.br` (brotli quality 11) next to every text and
// wasm file of the build, in subdirectories too, so a static server that serves precompressed
// files (README, Deploy) sends the smallest form without compressing per request.
// Also runs on a finished dir: `node scripts/precompress.mjs DIR`.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const dir = path.resolve(process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist');
// Images such as PNG are compressed already; these gain.
const COMPRESSIBLE = /\.(html|js|mjs|css|json|svg|webmanifest|txt|wasm)$/;

// `trunk serve`'s debug build is served by Trunk, never by a static host: no twins (brotli at
// quality 11 of its 30 MB of wasm would take minutes per save).
const debug = process.env.TRUNK_PROFILE === 'debug' && !process.argv[2];
const files = debug ? [] : fs.readdirSync(dir, { recursive: true })
  .map((f) => path.join(dir, f))
  .filter((f) => COMPRESSIBLE.test(f) && fs.statSync(f).isFile());
let raw = 0, gz = 0, br = 0;
for (const f of files) {
  const data = fs.readFileSync(f);
  const gzip = zlib.gzipSync(data, { level: 9 });
  const brotli = zlib.brotliCompressSync(data, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
  fs.writeFileSync(`${f}.gz`, gzip);
  fs.writeFileSync(`${f}.br`, brotli);
  raw += data.length;
  gz += gzip.length;
  br += brotli.length;
}
const kb = (n) => `${Math.round(n / 1024)} KB`;
console.log(`precompress: ${files.length} files, ${kb(raw)} → ${kb(gz)} gzip, ${kb(br)} brotli`);
