// The app's wasm, built, split into lazily loaded chunks and linked into index.html: the first
// step of Trunk's post_build hook (index.html has no Rust link for Trunk, which has no code
// splitting). The order of steps follows cargo-leptos (src/compile/front.rs):
// 1. cargo builds the raw wasm, its relocations kept (`--emit-relocs`, .cargo/config.toml);
// 2. wasm-split-cli moves every function reachable only from a `#[wasm_split]` point into that
//    point's chunk (`split_<group>.wasm`; code two groups share into `chunk_<n>.wasm`) and writes
//    the loader `__wasm_split.js`, which the main module imports;
// 3. wasm-bindgen (`--keep-lld-exports`: the chunks link against the main module's exports)
//    makes the JS glue for the main module;
// 4. release: wasm-opt on the main module and on every chunk;
// 5. every file gets a content-hashed name, the references between them are rewritten, and the
//    build fails when they disagree (a chunk the loader names is missing, the main module
//    imports a load function the loader lacks, or a split point was left unsplit);
// 6. index.html gets the preloads and the module script that starts the app.
// Profile from Trunk (TRUNK_PROFILE: release for `trunk build --release`, debug for `trunk
// serve`); the wasm is built for the target dir cargo reports.
import { execFileSync, execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { root, dir } from './hashed-name.mjs';

const NAME = 'competentiescan';
const LOADER = '__wasm_split.js';
const release = process.env.TRUNK_PROFILE === 'release';
// The flags index.html's Rust link gave Trunk's wasm-opt before the split: -Oz; -lmu because Rust
// puts the stack first (data from 1 MiB), so the low 1 KiB is only reached by a stack overflow;
// the strip flags drop metadata no engine reads.
// wasm-opt is binaryen's, pinned by tests/e2e/package-lock.json (Debian's is too old).
const wasmOpt = path.join(root, 'tests/e2e/node_modules/.bin/wasm-opt');
const WASM_OPT = ['-Oz', '--low-memory-unused', '--strip-producers', '--strip-target-features'];

const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
const runAsync = promisify(execFile);
const fail = (why) => {
  throw new Error(`wasm-build: ${why}`);
};
const sha = (alg, data) => crypto.createHash(alg).update(data);
const contentHash = (...parts) => parts.reduce((h, p) => h.update(p), crypto.createHash('sha256')).digest('hex').slice(0, 16);
const integrity = (data) => `sha384-${sha('sha384', data).digest('base64')}`;

// 1. cargo.
const profile = release ? 'release' : 'debug';
run('cargo', ['build', '--locked', '--target', 'wasm32-unknown-unknown', '--bin', NAME, ...(release ? ['--release'] : [])]);
const { target_directory: target } = JSON.parse(execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps'], { cwd: root }));
const raw = path.join(target, 'wasm32-unknown-unknown', profile, `${NAME}.wasm`);

// 2. split.
const work = path.join(target, 'wasm-split', profile);
fs.mkdirSync(work, { recursive: true });
// The last build's modules go; the folder stays (`trunk serve` keeps building into it).
for (const f of fs.readdirSync(work)) if (/\.(wasm|js|json)$/.test(f)) fs.rmSync(path.join(work, f));
run('wasm-split-cli', [raw, work, '--out-name', NAME]);
const chunks = fs.readdirSync(work).filter((f) => /^(split|chunk)_.*\.wasm$/.test(f)).sort();

// 3. bindgen.
const bindgen = path.join(work, 'bindgen');
run('wasm-bindgen', ['--target', 'web', '--keep-lld-exports', '--no-typescript', '--out-dir', bindgen, '--out-name', NAME, path.join(work, `${NAME}.wasm`)]);

// 4. wasm-opt, all modules at once (each is single-threaded for most of its run).
const optimised = new Map([[`${NAME}_bg.wasm`, path.join(bindgen, `${NAME}_bg.wasm`)], ...chunks.map((c) => [c, path.join(work, c)])]);
if (release) {
  await Promise.all([...optimised.values()].map((file) => runAsync(wasmOpt, [...WASM_OPT, file, '-o', file], { cwd: root })));
}

// 5. Names and references.
const replaceOnce = (text, from, to, what) => {
  const n = text.split(from).length - 1;
  if (n !== 1) fail(`${what}: expected "${from}" once, found it ${n} times`);
  return text.replace(from, to);
};
let loader = fs.readFileSync(path.join(work, LOADER), 'utf8');
// The loader logs every failed load to the console; the app says so itself (`ui::lazy`), and a
// preload cut off by leaving the page is no error.
loader = replaceOnce(loader, 'console.error(e);', '', `${LOADER}'s logging of a failed load`);
let glue = fs.readFileSync(path.join(bindgen, `${NAME}.js`), 'utf8');
const out = new Map(); // staged name → bytes
for (const chunk of chunks) {
  const bytes = fs.readFileSync(optimised.get(chunk));
  const hashed = `${chunk.replace(/\.wasm$/, '')}-${contentHash(bytes)}.wasm`;
  loader = replaceOnce(loader, `"./${chunk}"`, `"./${hashed}"`, `${LOADER}'s URL of ${chunk}`);
  out.set(hashed, bytes);
}
if (/"\.\/(split|chunk)_[^"]*\.wasm"/.test(loader.replace(/"\.\/(split|chunk)_[^"]*-[0-9a-f]{16}\.wasm"/g, ''))) {
  fail(`${LOADER} names a chunk that wasm-split-cli did not write`);
}
const wasm = fs.readFileSync(optimised.get(`${NAME}_bg.wasm`));
const wasmName = `${NAME}-${contentHash(wasm)}_bg.wasm`;
out.set(wasmName, wasm);

// What the main module imports from the loader must be what the loader exports, and no split
// point may be left as the macro's placeholder (an unsplit build fails at its first call).
const imports = WebAssembly.Module.imports(new WebAssembly.Module(wasm));
if (imports.some((i) => i.module.includes('placeholder'))) fail('the main module still imports a split placeholder: was it split?');
const needed = imports.filter((i) => i.module === `./${LOADER}`).map((i) => i.name).sort();
const offered = [...loader.matchAll(/^export const (\w+) =/gm)].map((m) => m[1]).sort();
if (needed.join() !== offered.join()) fail(`main module imports [${needed}] from ${LOADER}, which exports [${offered}]`);

// The glue and the loader import each other, so one hash over both names the pair.
const pair = contentHash(glue, '\0', loader);
const glueName = `${NAME}-${pair}.js`;
const loaderName = `${LOADER.replace(/\.js$/, '')}-${pair}.js`;
loader = replaceOnce(loader, `"./${NAME}.js"`, `"./${glueName}"`, `${LOADER}'s import of the glue`);
// Only the import statement: the wasm's own import module name stays "./__wasm_split.js".
// (A build without split points has no loader to import.)
// wasm-bindgen writes one import statement per imported function group, all of the same module.
if (needed.length) {
  if (!glue.includes(`from "./${LOADER}"`)) fail(`the glue does not import ${LOADER}`);
  glue = glue.replaceAll(`from "./${LOADER}"`, `from "./${loaderName}"`);
}
glue = glue.replaceAll(`${NAME}_bg.wasm`, wasmName);
out.set(glueName, Buffer.from(glue));
if (needed.length) out.set(loaderName, Buffer.from(loader));

for (const [name, bytes] of out) fs.writeFileSync(path.join(dir, name), bytes);

// For the size line (bundle-size.mjs): per group, its chunk and the shared chunks it loads with
// it, read from the loader wasm-split-cli wrote (`const __chunk_N = makeLoad(… "./chunk_N.wasm" …`,
// `export const __wasm_split_load_<group> = … "./split_<group>.wasm" …, [__chunk_N, …]`).
const hashedOf = new Map(chunks.map((c) => [c, [...out.keys()].find((n) => n.startsWith(`${c.replace(/\.wasm$/, '')}-`))]));
const source = fs.readFileSync(path.join(work, LOADER), 'utf8');
const shared = new Map([...source.matchAll(/const (__chunk_\d+) = makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)"/g)].map((m) => [m[1], hashedOf.get(m[2])]));
const groups = Object.fromEntries([...source.matchAll(/export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(\(\) => \{\s*const src = fetch\(new URL\("\.\/([^"]+)"[\s\S]*?, \[([^\]]*)\]\)\);/g)]
  .map((m) => [m[1], [hashedOf.get(m[2]), ...m[3].split(',').map((d) => d.trim()).filter(Boolean).map((d) => shared.get(d))]]));
if (Object.keys(groups).length !== needed.length || Object.values(groups).flat().some((f) => !f)) fail(`could not read the chunks of each group from ${LOADER}`);
fs.writeFileSync(path.join(work, 'groups.json'), JSON.stringify(groups, null, 1));

// 6. index.html: the module script (its sha256 goes into the CSP, precache.mjs) and preloads
// for what it needs at once; chunks are fetched when their screen opens.
const indexPath = path.join(dir, 'index.html');
let html = fs.readFileSync(indexPath, 'utf8');
const head = [
  `<link rel="modulepreload" href="./${glueName}" crossorigin="anonymous" integrity="${integrity(out.get(glueName))}">`,
  ...(needed.length ? [`<link rel="modulepreload" href="./${loaderName}" crossorigin="anonymous" integrity="${integrity(out.get(loaderName))}">`] : []),
  `<link rel="preload" href="./${wasmName}" as="fetch" type="application/wasm" crossorigin="anonymous" integrity="${integrity(wasm)}">`,
  `<script type="module">import init from './${glueName}';init({ module_or_path: './${wasmName}' });</script>`,
].join('\n');
html = replaceOnce(html, '</head>', `${head}\n</head>`, 'index.html');
fs.writeFileSync(indexPath, html);
console.log(`wasm-build: ${profile}, main module and ${chunks.length} chunk(s): ${chunks.join(', ')}`);
