// Prints the size of the built dist/ as one line: wasm and JS glue raw, gzip (level 9) and
// brotli (quality 11), the first load (what a cold visit downloads before the app is
// interactive) and, when dist/frameworks/ exists, the frameworks fetched when a screen needs one,
// and the English texts (dist/i18n/) fetched when English is chosen.
// The .gz/.br files (scripts/precompress.mjs) are other forms of the same files: not counted.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const files = fs.readdirSync(dist, { recursive: true })
  .map((f) => f.split(path.sep).join('/'))
  .filter((f) => !/\.(gz|br)$/.test(f) && fs.statSync(path.join(dist, f)).isFile());
// The precompressed copies' sizes where the build wrote them (what a host sends), else
// compressed here at the same levels (images, or a dist/ from before precompress.mjs).
const copy = (f, ext, compress) => {
  const twin = path.join(dist, `${f}.${ext}`);
  return fs.existsSync(twin) ? fs.statSync(twin).size : compress(fs.readFileSync(path.join(dist, f))).length;
};
const size = (f) => ({
  raw: fs.statSync(path.join(dist, f)).size,
  gz: copy(f, 'gz', (raw) => zlib.gzipSync(raw, { level: 9 })),
  br: copy(f, 'br', (raw) => zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } })),
  n: 1,
});
const sum = (list) => list.map(size).reduce((a, b) => ({ raw: a.raw + b.raw, gz: a.gz + b.gz, br: a.br + b.br, n: a.n + b.n }), { raw: 0, gz: 0, br: 0, n: 0 });
const kb = (n) => `${Math.round(n / 1024)} KB`;

const isFramework = (f) => f.startsWith('frameworks/');
const isEnglish = (f) => f.startsWith('i18n/');
const lazy = (f) => isFramework(f) || isEnglish(f);
// Not part of a cold visit: the icons the manifest names (fetched when installing) and sw.js
// (registered by the app once it runs).
const manifest = JSON.parse(fs.readFileSync(path.join(dist, 'manifest.webmanifest'), 'utf8'));
const later = new Set([...manifest.icons.map((i) => i.src), 'sw.js']);

const wasm = sum(files.filter((f) => f.endsWith('.wasm')));
const js = sum(files.filter((f) => f.endsWith('.js')));
const first = sum(files.filter((f) => !lazy(f) && !later.has(f)));
const frameworks = sum(files.filter(isFramework));
const english = sum(files.filter(isEnglish));
const both = (s) => `${kb(s.gz)} gzip / ${kb(s.br)} brotli`;
console.log([
  `bundle: wasm ${kb(wasm.raw)} (${kb(wasm.gz)} gzip, ${kb(wasm.br)} brotli)`,
  `js ${kb(js.raw)} (${kb(js.gz)} gzip, ${kb(js.br)} brotli)`,
  `first load ${both(first)} (${first.n} files)`,
  ...(frameworks.n ? [`frameworks ${both(frameworks)} (${frameworks.n} files, fetched when needed)`] : []),
  ...(english.n ? [`English texts ${both(english)} (fetched when chosen)`] : []),
].join(', '));
