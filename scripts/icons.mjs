// Renders the app icon (public/icon.svg) to the PNGs the web app manifest names, with the
// system Chromium: 192 and 512 px "any" icons, and a 512 px maskable one whose artwork sits in
// the inner 80 % safe zone on a full-bleed background (launchers crop it to their own shape).
// Run by hand after changing the icon: `node scripts/icons.mjs`; the PNGs are committed.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from '../tests/e2e/harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const svg = fs.readFileSync(path.join(root, 'public/icon.svg'), 'utf8');
const maskable = svg
  .replace('<rect width="64" height="64" rx="12" fill="#1d4e89"/>', '<rect width="64" height="64" fill="#1d4e89"/><g transform="translate(6.4 6.4) scale(0.8)">')
  .replace('</svg>', '</g></svg>');

const browser = await launch();
try {
  const page = await browser.newPage();
  for (const [name, source, size] of [['icon-192.png', svg, 192], ['icon-512.png', svg, 512], ['icon-maskable-512.png', maskable, 512]]) {
    await page.setViewportSize({ width: size, height: size });
    const sized = source.replace('<svg ', `<svg width="${size}" height="${size}" `);
    await page.setContent(`<style>html,body{margin:0;background:transparent}svg{display:block}</style>${sized}`);
    await page.screenshot({ path: path.join(root, 'public/icons', name), omitBackground: true });
    console.log(`public/icons/${name}`);
  }
} finally {
  await browser.close();
}
