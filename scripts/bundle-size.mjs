// Prints the size of the built dist/: wasm, JS glue and the whole first load (every file the
// first visit downloads), raw and gzip-compressed, as one line.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const files = fs.readdirSync(dist, { recursive: true })
  .map((f) => path.join(dist, f))
  .filter((f) => fs.statSync(f).isFile());
const size = (f) => {
  const raw = fs.readFileSync(f);
  return { raw: raw.length, gz: zlib.gzipSync(raw, { level: 9 }).length };
};
const sum = (list) => list.map(size).reduce((a, b) => ({ raw: a.raw + b.raw, gz: a.gz + b.gz }), { raw: 0, gz: 0 });
const kb = (n) => `${Math.round(n / 1024)} KB`;
const wasm = sum(files.filter((f) => f.endsWith('.wasm')));
const js = sum(files.filter((f) => f.endsWith('.js')));
const all = sum(files);
console.log(`bundle: wasm ${kb(wasm.raw)} (${kb(wasm.gz)} gzip), js ${kb(js.raw)} (${kb(js.gz)} gzip), total first load ${kb(all.gz)} gzip (${files.length} files)`);
