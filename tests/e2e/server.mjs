// A static file server for dist/: serves it under a sub-path (like a school's static host),
// on a port the OS picks, with the MIME types browsers need for wasm. No fallback rewrites:
// the app routes on location.hash, so a reload on any screen asks for index.html only.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

// Already compressed formats gain nothing from gzip.
const INCOMPRESSIBLE = new Set(['.png', '.ico']);

/** The encodings a request's Accept-Encoding allows (`q=0` refuses one; `*` any other). */
function accepted(header = '') {
  const q = new Map();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';').map((p) => p.trim());
    const weight = params.find((p) => p.startsWith('q='));
    if (name) q.set(name, weight ? Number(weight.slice(2)) : 1);
  }
  return { has: (encoding) => (q.get(encoding) ?? q.get('*') ?? 0) > 0 };
}

// The precompressed twins scripts/precompress.mjs writes, best first.
const TWINS = [['br', '.br'], ['gzip', '.gz']];

/**
 * Starts serving `root` at `http://127.0.0.1:<port><prefix>`. `port` 0 picks a free port.
 * Like a host set up as the README's Deploy section says: a file's precompressed `.br` (else
 * `.gz`) twin is sent as it is when the request accepts that encoding. `gzip: true` also
 * compresses a file without twins (level 9) on the fly, once per content, so the benchmark sees
 * real transfer sizes for any build.
 * Returns { url, close, setRoot } — setRoot switches the served build (for update tests).
 */
export async function serve({ root, prefix = '/', port = 0, host = '127.0.0.1', gzip = false }) {
  if (!prefix.endsWith('/')) prefix += '/';
  let base = path.resolve(root);
  const compressed = new Map();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let pathname = decodeURIComponent(url.pathname);
    if (pathname + '/' === prefix) {
      res.writeHead(301, { Location: prefix });
      return res.end();
    }
    if (!pathname.startsWith(prefix)) {
      res.writeHead(404);
      return res.end('not found');
    }
    let rel = pathname.slice(prefix.length) || 'index.html';
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.resolve(base, rel);
    if (!file.startsWith(base + path.sep) && file !== base) {
      res.writeHead(403);
      return res.end();
    }
    fs.readFile(file, (err, data) => {
      if (err) {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        return res.end('not found');
      }
      const headers = {
        'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'Cache-Control': 'no-cache',
      };
      const allowed = accepted(req.headers['accept-encoding']);
      const twins = TWINS.filter(([, ext]) => fs.existsSync(file + ext));
      if (twins.length) {
        headers.Vary = 'Accept-Encoding';
        const twin = twins.find(([encoding]) => allowed.has(encoding));
        if (twin) {
          headers['Content-Encoding'] = twin[0];
          data = fs.readFileSync(file + twin[1]);
        }
      } else if (gzip && !INCOMPRESSIBLE.has(path.extname(file))) {
        headers.Vary = 'Accept-Encoding';
        if (allowed.has('gzip')) {
          headers['Content-Encoding'] = 'gzip';
          // Compressed once per file content, so compressing is not part of the measured time.
          const hit = compressed.get(file);
          const gz = hit?.raw.equals(data) ? hit.gz : zlib.gzipSync(data, { level: 9 });
          compressed.set(file, { raw: data, gz });
          data = gz;
        }
      }
      res.writeHead(200, headers);
      res.end(data);
    });
  });
  await new Promise((resolve) => server.listen(port, host, resolve));
  const actual = server.address().port;
  return {
    url: `http://${host}:${actual}${prefix}`,
    setRoot(next) { base = path.resolve(next); },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

// `node server.mjs DIR [PORT]`: serve a build by hand (used by run.sh).
if (import.meta.url === `file://${process.argv[1]}`) {
  const root = process.argv[2] ?? 'dist';
  const port = Number(process.argv[3] ?? 8080);
  const s = await serve({ root, port });
  console.log(`Competentiescan draait op ${s.url}  (Ctrl+C om te stoppen)`);
}
