// What the post-build steps that write content-hashed files share (frameworks.mjs, i18n.mjs):
// the staging dir they write to, the repository root they read from, and the hash in the file
// names. FNV-1a 64 over the source bytes, 16 hex digits: crates/core/build.rs computes the same
// to know the URLs, and precache.mjs treats `-<hex>.json` names as content-hashed.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const dir = path.resolve(process.argv[2] ?? process.env.TRUNK_STAGING_DIR ?? 'dist');

export const fnv1a64 = (bytes) => {
  let h = 0xcbf29ce484222325n;
  for (const b of bytes) h = BigInt.asUintN(64, (h ^ BigInt(b)) * 0x100000001b3n);
  return h.toString(16).padStart(16, '0');
};
