// Trunk post_build hook: minifies the wasm-bindgen JS glue in release builds (Trunk's own
// minifier cannot parse its `export default`) and updates the file's integrity hash in
// index.html, so the browser still accepts it. Saves about 2 KB gzip of the first load.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';

if (process.env.TRUNK_PROFILE === 'release') {
  const require = createRequire(new URL('../tests/e2e/package.json', import.meta.url));
  const { minify } = require('terser');
  const dir = process.env.TRUNK_STAGING_DIR;
  const html = path.join(dir, 'index.html');
  const integrity = (text) => `sha384-${crypto.createHash('sha384').update(text).digest('base64')}`;
  let page = fs.readFileSync(html, 'utf8');
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.js'))) {
    const file = path.join(dir, name);
    const source = fs.readFileSync(file, 'utf8');
    const { code } = await minify(source, { module: true, compress: true, mangle: true });
    fs.writeFileSync(file, code);
    page = page.replaceAll(integrity(source), integrity(code));
  }
  fs.writeFileSync(html, page);
}
