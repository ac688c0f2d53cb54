// Trunk post-build step (see post-build.mjs): writes the English UI texts to
// <dist>/i18n/en-<hash>.json, a JSON array in crates/core/build.rs's key order (areas by file
// stem, keys sorted by bytes), which the app fetches when English is needed; Dutch is compiled
// in. <hash> is FNV-1a 64 over the English files' bytes in that area order, 16 hex digits:
// build.rs computes the same for the URL, and precache.mjs treats the name as content-hashed.
import fs from 'node:fs';
import path from 'node:path';
import { dir, fnv1a64, root } from './hashed-name.mjs';

// Rust's string order (BTreeMap): by UTF-8 bytes, not JS's UTF-16 units.
const byBytes = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b));

const source = path.join(root, 'crates/core/i18n/en');
const stems = fs.readdirSync(source).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)).sort(byBytes);
const files = stems.map((stem) => fs.readFileSync(path.join(source, `${stem}.json`)));
const texts = files.flatMap((bytes) => {
  const area = JSON.parse(bytes.toString('utf8'));
  return Object.keys(area).sort(byBytes).map((key) => area[key]);
});
const out = path.join(dir, 'i18n');
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, `en-${fnv1a64(Buffer.concat(files))}.json`), JSON.stringify(texts));
console.log(`i18n: ${texts.length} English texts from ${stems.length} files`);
