// Prints the size of the built dist/: the wasm and JS raw, gzip (level 9) and brotli (quality
// 11); the first load (what a cold visit downloads before the app is interactive: every file but
// the wasm chunks, frameworks, English texts, icons and sw.js); per lazy group what opening its
// first screen fetches (its chunk and the shared chunks it needs); the frameworks and the
// English texts. With --check it fails when the first load is over the limit CI holds
// (scripts/size-budget.json), so a feature that lands in the first load is caught in CI.
// The .gz/.br files (scripts/precompress.mjs) are other forms of the same files: not counted.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const args = process.argv.slice(2);
const check = args.includes('--check');
const dist = args.find((a) => !a.startsWith('--')) ?? 'dist';
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
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
// The wasm chunks (scripts/wasm-build.mjs): fetched when a screen of their group first opens.
const isChunk = (f) => /^(split|chunk)_.*\.wasm$/.test(f);
const lazy = (f) => isFramework(f) || isEnglish(f) || isChunk(f);
// Not part of a cold visit: the icons the manifest names (fetched when installing) and sw.js
// (registered by the app once it runs).
const manifest = JSON.parse(fs.readFileSync(path.join(dist, 'manifest.webmanifest'), 'utf8'));
const later = new Set([...manifest.icons.map((i) => i.src), 'sw.js']);

const wasm = sum(files.filter((f) => f.endsWith('.wasm')));
const js = sum(files.filter((f) => f.endsWith('.js')));
const first = sum(files.filter((f) => !lazy(f) && !later.has(f)));
const chunks = sum(files.filter(isChunk));
const frameworks = sum(files.filter(isFramework));
const english = sum(files.filter(isEnglish));
const both = (s) => `${kb(s.gz)} gzip / ${kb(s.br)} brotli`;
console.log([
  `bundle: wasm ${kb(wasm.raw)} (${kb(wasm.gz)} gzip, ${kb(wasm.br)} brotli)`,
  `js ${kb(js.raw)} (${kb(js.gz)} gzip, ${kb(js.br)} brotli)`,
  `first load ${both(first)} (${first.n} files)`,
  ...(chunks.n ? [`wasm chunks ${both(chunks)} (${chunks.n} files, fetched when their screen opens)`] : []),
  ...(frameworks.n ? [`frameworks ${both(frameworks)} (${frameworks.n} files, fetched when needed)`] : []),
  ...(english.n ? [`English texts ${both(english)} (fetched when chosen)`] : []),
].join(', '));

// Per group: the build's own record of which chunks each group loads (wasm-build.mjs), kept
// beside cargo's output; only when it belongs to this dist/.
const target = process.env.CARGO_TARGET_DIR ?? JSON.parse(execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps'], { cwd: root })).target_directory;
for (const profile of ['release', 'debug']) {
  const record = path.join(target, 'wasm-split', profile, 'groups.json');
  if (!fs.existsSync(record)) continue;
  const groups = JSON.parse(fs.readFileSync(record, 'utf8'));
  if (!Object.values(groups).flat().every((f) => files.includes(f))) continue;
  const line = Object.entries(groups)
    .map(([group, list]) => [group, sum(list)])
    .sort((a, b) => b[1].br - a[1].br)
    .map(([group, s]) => `${group} ${both(s)} (${s.n} files)`);
  console.log(`first open of each group: ${line.join(', ')}`);
  break;
}

const { budget, limit } = JSON.parse(fs.readFileSync(path.join(root, 'scripts/size-budget.json'), 'utf8'));
const pct = (bytes, kib) => `${Math.round((bytes / (kib * 1024) - 1) * 100)} %`;
const against = (b) => [['gzip', first.gz, b.gzip], ['brotli', first.br, b.brotli]];
const over = (b) => against(b).filter(([, bytes, kib]) => bytes > kib * 1024);
const said = (b) => (over(b).length ? `OVER by ${over(b).map(([how, bytes, kib]) => `${how} ${pct(bytes, kib)}`).join(', ')}` : 'within');
console.log(`first load ${both(first)}: budget ≤ ${budget.gzip} / ${budget.brotli} KB (${budget.why}): ${said(budget)}; CI limit ≤ ${limit.gzip} / ${limit.brotli} KB (${limit.why}): ${said(limit)}`);
if (check && over(limit).length) process.exit(1);
