// Trunk post-build step (see post-build.mjs): writes every bundled framework, minified, to
// <dist>/frameworks/<stem>-<hash>.json, where the app fetches it when a screen first needs one.
// <hash> is FNV-1a 64 over the source file's bytes, 16 hex digits: crates/core/build.rs computes
// the same to know the URLs, and precache.mjs treats the name as content-hashed.
import fs from 'node:fs';
import path from 'node:path';
import { dir, fnv1a64, root } from './hashed-name.mjs';

const source = path.join(root, 'frameworks');
const out = path.join(dir, 'frameworks');
fs.mkdirSync(out, { recursive: true });
const names = fs.readdirSync(source).filter((f) => f.endsWith('.json') && f !== 'schema.json').sort();
for (const name of names) {
  const bytes = fs.readFileSync(path.join(source, name));
  const file = `${name.slice(0, -'.json'.length)}-${fnv1a64(bytes)}.json`;
  fs.writeFileSync(path.join(out, file), JSON.stringify(JSON.parse(bytes.toString('utf8'))));
}
console.log(`frameworks: ${names.length} files in frameworks/`);
