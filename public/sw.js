// Competentiescan's service worker: the whole build is precached at install, so after the first
// visit every screen works without a network. scripts/precache.mjs writes the real `BUILD` (the
// build's version and its file list, taken from dist/) when Trunk builds; this file is the
// template. An update installs beside the running version and waits: it only takes over when the
// app posts 'skip-waiting', after the user chose "vernieuwen", so no open tab changes under them.
const BUILD = { version: 'dev', files: [], hashed: [] };
const PREFIX = 'competentiescan-';
const CACHE = PREFIX + BUILD.version;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll([
      // A content-hashed name always holds the same bytes, so the copy the page just loaded
      // (HTTP cache) will do: the first visit does not download the app twice.
      ...BUILD.hashed.map((file) => new Request(file)),
      // Unhashed names (index.html, manifest, icons) past the HTTP cache, so a new version
      // never precaches an old file.
      ...BUILD.files.map((file) => new Request(file, { cache: 'reload' })),
    ])),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
    }
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !request.url.startsWith(self.registration.scope)) return;
  // The app routes on location.hash, so every page of it is index.html.
  const key = request.mode === 'navigate' ? new URL('index.html', self.registration.scope).href : request;
  event.respondWith(
    caches.match(key, { cacheName: CACHE, ignoreSearch: true }).then((hit) => hit ?? fetch(request)),
  );
});
