// Trunk's post-build hook (Trunk.toml). Trunk runs hooks of one stage in parallel, and these
// steps must run in order: the wasm is built, split and linked into index.html first
// (wasm-build.mjs), its JS glue is minified next (which changes its integrity hash in
// index.html), the bundled frameworks and the English texts are written next, then the CSP is
// added and the service worker's file list is taken from the finished files, and last every
// text and wasm file, sw.js, the frameworks and the English texts included, gets its .gz and .br.
await import('./wasm-build.mjs');
await import('./minify-js.mjs');
await import('./frameworks.mjs');
await import('./i18n.mjs');
await import('./precache.mjs');
await import('./precompress.mjs');
