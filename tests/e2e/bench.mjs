// Benchmarks (not pass/fail tests): figures measured in headless Chromium against the built
// dist/ under Lighthouse's mobile profile: CPU slowed down 4×, and for page loads also the
// network (150 ms RTT, 1.6 Mbps down, 750 Kbps up). Every figure is the median of RUNS runs
// (fresh browser context each), printed as one table beside its budget. Run with
// `scripts/bench.sh`; ONLY=load,offline,rating,fillin,coach,kaders picks sections, DEBUG=1 prints
// per-run detail, CPU_RATE=1 (profiling only) runs the CPU unthrottled.
//
// Times are taken inside the page (performance.now(), whose zero is the navigation start), never
// as wall-clock time in Node, so the Node ↔ browser round trips are not part of any figure.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { launch, newPage, ready, startScan, tapRating, SUBPATH, DIST, ROOT } from './harness.mjs';
import { serve } from './server.mjs';

const RUNS = Number(process.env.RUNS ?? 5);
const ONLY = new Set((process.env.ONLY ?? 'load,offline,lazy,rating,fillin,coach,kaders').split(','));
const CHANGES = 100;
// For profiling only: CPU_RATE=1 shows the unthrottled cost. The table's figures use 4.
const CPU_RATE = Number(process.env.CPU_RATE ?? 4);
const STUDENTS = 500;

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => sorted(xs)[Math.floor(xs.length / 2)];
const p95 = (xs) => sorted(xs)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];

const CPU = 'CPU 4×';
const MOBILE = 'CPU 4×, 150 ms RTT, 1.6/0.75 Mbps';
// Lighthouse's mobile network profile, in CDP units (bytes per second, ms).
const MOBILE_NETWORK = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };

const rows = [];
/** One table row; `value` is a number (compared with `budget`) or a string such as `n/a (…)`. */
function row(what, value, budget, { unit = 'ms', p95: tail, conditions = CPU, digits = 1 } = {}) {
  const fmt = (v) => `${v.toFixed(digits)} ${unit}`;
  const measured = typeof value === 'number';
  rows.push({
    figure: what,
    median: measured ? fmt(value) : value,
    p95: tail == null ? '' : fmt(tail),
    budget: budget == null ? '' : `≤ ${budget} ${unit}`,
    ok: budget == null || !measured ? '' : (tail ?? value) <= budget ? 'ok' : 'OVER',
    conditions,
  });
}

async function throttle(context, page, { network = false } = {}) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_RATE });
  if (network) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', MOBILE_NETWORK);
  }
  return cdp;
}

// "Interactive": the wasm app has mounted the start page, i.e. its "Nieuwe scan" link exists
// outside index.html's static first paint (`#first-paint`, plain links that only change the
// hash until the app runs). The DOM comes from Rust, and its event handlers are attached in the
// same mount, so from that moment the page responds. Recorded page-side by a MutationObserver
// installed before any script of the page runs; performance.now() counts from the navigation
// start, as the paint timings do.
const INTERACTIVE_PROBE = () => {
  const seen = () => [...document.querySelectorAll('main a.action.primary[href="#/nieuw"]')].some((a) => !a.closest('#first-paint'));
  const mo = new MutationObserver(() => {
    if (window.__interactive == null && seen()) {
      window.__interactive = performance.now();
      mo.disconnect();
    }
  });
  mo.observe(document, { childList: true, subtree: true });
};
const interactiveAt = (page) =>
  page.waitForFunction(() => window.__interactive ?? false, null, { polling: 50, timeout: 120_000 }).then((h) => h.jsonValue());
/** First contentful paint (ms from navigation start), once the page has painted something. */
const fcpOf = (page) =>
  page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? false, null, { polling: 50, timeout: 120_000 }).then((h) => h.jsonValue());

/**
 * In the page: `changes` scripted changes of the group's number inputs between 40 and 90, each
 * timed from just before its change event until both the row's band chip shows the new band
 * and the draft `key` has been written to localStorage. Returns [total, stored, chip] per
 * change (ms).
 */
const MEASURE_CHANGES = async ({ key, changes, labels }) => {
  let saved = null;
  let check = () => {};
  const setItem = Storage.prototype.setItem;
  Storage.prototype.setItem = function (k, v) {
    setItem.call(this, k, v);
    if (k === key) { saved = performance.now(); check(); }
  };
  const inputs = [...document.querySelectorAll('article.rating input[type=number]')];
  const current = inputs.map(() => 70);
  const out = [];
  // Two unmeasured changes first: the first change after a screen opens is not typical.
  for (let n = -2; n < changes; n++) {
    const k = ((n % inputs.length) + inputs.length) % inputs.length;
    const input = inputs[k];
    const article = input.closest('article');
    const next = current[k] === 40 ? 90 : 40;
    current[k] = next;
    saved = null;
    let chip = null;
    const done = new Promise((resolve) => {
      check = () => {
        if (chip === null && article.querySelector('.band-chip')?.textContent === labels[next]) chip = performance.now();
        if (chip !== null && saved !== null) { mo.disconnect(); resolve(Math.max(chip, saved)); }
      };
      const mo = new MutationObserver(() => check());
      mo.observe(article, { childList: true, subtree: true, characterData: true });
    });
    const t0 = performance.now();
    input.value = String(next);
    input.dispatchEvent(new Event('change', { bubbles: true }));
    check();
    const t1 = await done;
    if (n >= 0) out.push([t1 - t0, saved - t0, chip - t0]);
    // The next change comes in a later frame, as a user's would.
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  }
  Storage.prototype.setItem = setItem;
  return out;
};

// The rating change's floor: a plain page (no framework, no wasm) with the same rows and the
// same draft, whose change handler does only what must be done: the rating into the draft,
// the band chip's text, the whole draft as JSON into localStorage (the app's storage design).
const FLOOR_PAGE = 'floor-rating.html';
const FLOOR_LOAD_PAGE = 'quickscan.html';
const FLOOR_KEY = 'floor.draft';
function floorPage(framework, items) {
  const row = `<article class="rating"><input type="number" min="0" max="100" value="70"><span class="band-chip">${bandLabel(framework, 70)}</span></article>`;
  return `<!doctype html><html lang="nl"><meta charset="utf-8"><title>Vloer</title><main>${row.repeat(items)}</main>
<script>
const KEY = ${JSON.stringify(FLOOR_KEY)};
const BANDS = ${JSON.stringify(framework.bands)};
const band = (v) => BANDS.find((b) => (b.below != null ? v < b.below : b.upTo != null ? v <= b.upTo : true));
const draft = JSON.parse(localStorage.getItem(KEY) ?? 'null');
if (draft) {
  const column = draft.scan.raters.find((r) => r.id === 'student');
  const codes = Object.keys(column.ratings);
  document.querySelectorAll('article.rating').forEach((article, i) => {
    const input = article.querySelector('input');
    input.addEventListener('change', () => {
      const value = Number(input.value);
      const at = new Date().toISOString();
      column.ratings[codes[i]] = { value, at };
      draft.scan.updated = at;
      draft.revision += 1;
      article.querySelector('.band-chip').textContent = band(value).label;
      localStorage.setItem(KEY, JSON.stringify(draft));
    });
  });
  window.floorReady = true;
}
</script>`;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-bench-'));
const floorDir = path.join(tmp, 'floor');
fs.mkdirSync(floorDir);
fs.writeFileSync(path.join(floorDir, FLOOR_LOAD_PAGE), floorLoadPage());
const env = {
  server: await serve({ root: DIST, prefix: SUBPATH, gzip: true }),
  floor: await serve({ root: floorDir, prefix: SUBPATH, gzip: true }),
  browser: await launch(),
};
try {
  if (ONLY.has('load')) await coldLoad();
  if (ONLY.has('offline')) await warmOffline();
  if (ONLY.has('lazy')) await lazyScreens();
  if (ONLY.has('rating')) await ratingLatency();
  if (ONLY.has('fillin')) await fillIn();
  if (ONLY.has('coach')) await coachImport();
  if (ONLY.has('kaders')) await kaders();
} finally {
  await env.browser.close();
  await env.server.close();
  await env.floor.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(`Median of ${RUNS} runs, each in a fresh context of headless Chromium; throttling per row (Lighthouse mobile profile).`);
console.table(rows);

/**
 * Cold first load, of the app and, in the same run under the same throttling, of the floor: a
 * plain static HTML page of the Quick Scan's text (no CSS, no script), served the same way.
 * Figures: bytes (what the first visit requested, as the gzip and brotli files a static host
 * serves, and as measured over the wire), first contentful paint, and the time until the start
 * page's actions respond (app: the wasm app has mounted them; floor: the document is parsed).
 */
async function coldLoad() {
  const bytes = [], times = [], paints = [], floorTimes = [], floorPaints = [];
  let requested = [];
  const encodings = new Set();
  // One unmeasured load first, so the server's one-off compression is not in any figure.
  for (let i = -1; i < RUNS; i++) {
    const { page, context } = await newPage(env.browser);
    await page.addInitScript(INTERACTIVE_PROBE);
    const cdp = await throttle(context, page, { network: true });
    let transferred = 0;
    const files = new Set();
    cdp.on('Network.responseReceived', (e) => {
      if (e.response.url.startsWith('data:')) return;
      files.add(e.response.url);
      const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
      encodings.add(headers['content-encoding'] ?? 'identity');
    });
    cdp.on('Network.loadingFinished', (e) => { transferred += e.encodedDataLength; });
    await page.goto(env.server.url, { waitUntil: 'load' });
    const t = await interactiveAt(page);
    const paint = await fcpOf(page);
    await page.waitForLoadState('networkidle');
    // The first load ends here: what the click below fetches (the frameworks) is not part of it,
    // nor the scan's chunk, preloaded once the start page is interactive and the browser idle.
    const loaded = transferred;
    const before = new Set(await page.evaluate((t) => performance.getEntriesByType('resource').filter((e) => e.startTime < t).map((e) => e.name), t));
    if (i === 0) {
      const navigation = new URL(env.server.url).href;
      requested = [...files].filter((u) => before.has(u) || u.split('#')[0] === navigation).map((u) => decodeURIComponent(new URL(u).pathname.slice(SUBPATH.length)) || 'index.html');
      console.log(`first load requested: ${requested.join(', ')}`);
      // The link responds: a click shows the new-scan form.
      await page.locator('main a.action.primary:not(#first-paint *)').click();
      await page.getByRole('heading', { name: 'Nieuwe scan' }).waitFor();
    }
    await context.close();
    // The floor, right after, in a fresh context under the same throttling.
    const floor = await newPage(env.browser);
    await throttle(floor.context, floor.page, { network: true });
    await floor.page.goto(env.floor.url + FLOOR_LOAD_PAGE, { waitUntil: 'load' });
    const floorPaint = await fcpOf(floor.page);
    const floorParsed = await floor.page.evaluate(() => performance.getEntriesByType('navigation')[0].domInteractive);
    await floor.context.close();
    if (i >= 0) {
      bytes.push(loaded); times.push(t); paints.push(paint);
      floorTimes.push(floorParsed); floorPaints.push(floorPaint);
    }
  }
  // The bodies a static host sends for exactly those files: the build's precompressed copies.
  const twins = (ext) => requested.map((f) => fs.statSync(path.join(DIST, `${f}.${ext}`)).size).reduce((a, b) => a + b, 0);
  const gz = twins('gz');
  const br = twins('br');
  const floor = frameworkFloor();
  const total = median(bytes);
  row(`first-load transfer, gzip (the ${requested.length} files a cold visit requests until interactive)`, gz / 1024, 260, { unit: 'KB', conditions: 'file bodies, gzip -9', digits: 0 });
  row('first-load transfer, brotli (the same files)', br / 1024, 200, { unit: 'KB', conditions: 'file bodies, brotli q11', digits: 0 });
  row('first-load transfer as measured until network idle (incl. headers, the idle scan preload too)', total / 1024, null, { unit: 'KB', conditions: `over the wire (${[...encodings].sort().join(', ')})`, digits: 0 });
  row('framework data (gzip of the five JSON files)', floor / 1024, null, { unit: 'KB', conditions: 'fetched when needed', digits: 0 });
  row('  ratio first load (gzip) / framework data', gz / floor, 3, { unit: '×', conditions: '', digits: 2 });
  row('first contentful paint, cold', median(paints), 800, { conditions: MOBILE });
  row('  floor: static HTML page of the Quick Scan text', median(floorPaints), null, { conditions: MOBILE });
  row('  app ÷ floor', median(paints) / median(floorPaints), null, { unit: '×', conditions: 'same run' });
  row('cold load → start page interactive', median(times), 1600, { conditions: MOBILE });
  row('  floor: the same page parsed (domInteractive)', median(floorTimes), null, { conditions: MOBILE });
  row('  app ÷ floor', median(times) / median(floorTimes), null, { unit: '×', conditions: 'same run' });
}

/** The floor of a first load: the Quick Scan's text as one plain HTML page (no CSS, no script). */
function floorLoadPage() {
  const f = JSON.parse(fs.readFileSync(path.join(ROOT, 'frameworks/quickscan-smd-2014.json'), 'utf8'));
  const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
  const item = (i) => `<li><b>${esc(i.code)}</b> ${esc(i.title)}${i.description ? `<p>${esc(i.description)}</p>` : ''}${(i.indicators ?? []).length ? `<ul>${i.indicators.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>` : ''}</li>`;
  const node = (n) => `<section><h2>${esc(n.code)} ${esc(n.title)}</h2>${(n.items ?? []).length ? `<ol>${n.items.map(item).join('')}</ol>` : ''}${(n.children ?? []).map(node).join('')}</section>`;
  return `<!doctype html><html lang="nl"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(f.title)}</title>
<h1>${esc(f.title)}</h1><p><a href="#/nieuw">Nieuwe scan</a> · <a href="#/scans">Mijn scans</a> · <a href="#/kaders">Kaders</a> · <a href="#/coach">Coach</a></p>
${(f.nodes ?? []).map(node).join('\n')}
`;
}

/** The five bundled frameworks (the source JSON side by side), gzipped: what a screen that needs them fetches. */
function frameworkFloor() {
  const dir = path.join(ROOT, 'frameworks');
  const texts = fs.readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'schema.json')
    .sort()
    .map((f) => fs.readFileSync(path.join(dir, f)));
  return zlib.gzipSync(Buffer.concat(texts), { level: 9 }).length;
}

/**
 * Warm offline start: after a first visit has installed the service worker, offline and reload.
 * Without a service worker there is nothing to measure (the reload fails), so the row says so.
 */
async function warmOffline() {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const { page, context } = await newPage(env.browser);
    await page.addInitScript(INTERACTIVE_PROBE);
    await page.goto(env.server.url);
    await ready(page);
    await page.waitForLoadState('load');
    // The app registers its worker around the load event; give it a moment to appear.
    const registered = await page.evaluate(async () => {
      if (!('serviceWorker' in navigator)) return false;
      for (let t = 0; t < 40; t++) {
        if (await navigator.serviceWorker.getRegistration()) return true;
        await new Promise((r) => setTimeout(r, 50));
      }
      return false;
    });
    if (!registered) {
      await context.close();
      row('warm offline reload → start page interactive', 'n/a (no service worker)', 300, { conditions: `${CPU}, offline` });
      return;
    }
    // Installed and activated (precache done); a page loaded before that is not controlled yet.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) {
      await page.reload();
      await ready(page);
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    }
    const cdp = await throttle(context, page, { network: true });
    // Offline for the page (CDP) and for every worker of the context (Playwright).
    await cdp.send('Network.emulateNetworkConditions', { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await context.setOffline(true);
    await page.reload();
    times.push(await interactiveAt(page));
    await context.close();
  }
  row('warm offline reload → start page interactive', median(times), 300, { conditions: `${CPU}, offline` });
}

/**
 * The first open of each lazily loaded screen group after the service worker has precached
 * the chunks: a fresh page (no chunk in memory) on the start page, then the screen's hash is
 * set; the figure is from that moment to the screen's heading, measured in the page.
 */
async function lazyScreens() {
  const screens = [
    ['scan', (id) => `#/scan/${id}/student/1`],
    ['results', (id) => `#/scan/${id}/resultaat`],
    ['kaders', () => '#/kaders'],
    ['authoring', () => '#/kaders/nieuw'],
    ['coach', () => '#/coach'],
    ['feedback', (id) => `#/scan/${id}/feedback`],
    ['exchange', () => '#/openen'],
    ['my_scans', () => '#/scans'],
    ['settings', () => '#/instellingen'],
  ];
  const times = new Map(screens.map(([group]) => [group, []]));
  for (let i = 0; i < RUNS; i++) {
    const { page, context } = await newPage(env.browser);
    const id = await startScan(page, env.server.url);
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { polling: 50 });
    await throttle(context, page);
    for (const [group, hash] of screens) {
      await page.goto(env.server.url + '#/');
      await page.reload();
      await ready(page);
      const ms = await page.evaluate((hash) => new Promise((resolve) => {
        const start = performance.now();
        const before = document.querySelector('#main h1');
        const shown = () => {
          const h1 = document.querySelector('#main h1');
          return h1 && h1 !== before && !document.querySelector('[data-testid=screen-loading]');
        };
        const mo = new MutationObserver(() => {
          if (shown()) {
            mo.disconnect();
            resolve(performance.now() - start);
          }
        });
        mo.observe(document.body, { childList: true, subtree: true });
        location.hash = hash;
      }), hash(id));
      times.get(group).push(ms);
    }
    await context.close();
  }
  for (const [group, list] of times) row(`first open of a lazy screen (${group}), chunk precached`, median(list), 300, { p95: p95(list) });
}

/** The framework JSON of the rating benchmark: its bands decide what the chip must show. */
function bandLabel(framework, v) {
  const band = framework.bands.find((b) => (b.below != null ? v < b.below : b.upTo != null ? v <= b.upTo : true));
  return band.label;
}

/**
 * One rating change on the largest framework (KD Maatschappelijke zorg with the profile: 91
 * items), on a scan with four raters (student, BPV-begeleider and two more BPV-begeleiders)
 * who have each rated every item (the largest draft).
 * Clock: from just before the scripted change event until both the band chip shows the new
 * band and the draft has been written to localStorage.
 */
async function ratingLatency() {
  const framework = JSON.parse(fs.readFileSync(path.join(ROOT, 'frameworks/kd-maatschappelijke-zorg.json'), 'utf8'));
  const labels = { 40: bandLabel(framework, 40), 70: bandLabel(framework, 70), 90: bandLabel(framework, 90) };
  const medians = [], tails = [], floorMedians = [], floorTails = [];
  for (let i = 0; i < RUNS; i++) {
    const { page, context } = await newPage(env.browser);
    await page.goto(env.server.url + '#/nieuw');
    await ready(page);
    await page.getByRole('radio', { name: /Kwalificatiedossier Maatschappelijke zorg/ }).check();
    await page.getByRole('radio', { name: /Persoonlijk begeleider/ }).check();
    await page.getByLabel('Naam student').fill('Bench Student');
    await page.getByRole('button', { name: 'Scan starten' }).click();
    await page.locator('article.rating').first().waitFor();
    const id = new URL(page.url()).hash.split('/')[2];
    const groups = await page.locator('#jump option').count();
    // Fill the whole scan (both raters, every group) at 70, unthrottled: the set-up, not the figure.
    let largest = { group: 1, items: 0 };
    for (const who of ['bpv', 'student']) {
      for (let g = 1; g <= groups; g++) {
        await page.evaluate((h) => { location.hash = h; }, `#/scan/${id}/${who}/${g}`);
        await page.waitForFunction(([g, n, who]) =>
          document.querySelector('nav.pager span')?.textContent === `${g} van ${n}`
          && document.querySelector('nav.rater-switch a[aria-current=page]')?.textContent.startsWith(who === 'student' ? 'Student' : 'BPV'), [g, groups, who]);
        const n = await page.evaluate(() => {
          const inputs = [...document.querySelectorAll('article.rating input[type=number]')];
          for (const input of inputs) {
            input.value = '70';
            input.dispatchEvent(new Event('change', { bubbles: true }));
          }
          return inputs.length;
        });
        if (n > largest.items) largest = { group: g, items: n };
      }
    }
    // Two more BPV-begeleiders (the KD allows no other roles), so the scan has FOUR raters with
    // every item rated, as a 360° scan would: written into the stored draft as a later
    // revision, then the page reloads and reads it like any draft.
    const raters = await page.evaluate((key) => {
      const draft = JSON.parse(localStorage.getItem(key));
      const bpv = draft.scan.raters.find((r) => r.id === 'supervisor');
      for (const [n, v] of [[2, 60], [3, 80]]) {
        const ratings = Object.fromEntries(Object.entries(bpv.ratings).map(([c, r]) => [c, { ...r, value: v }]));
        draft.scan.raters.push({ id: `bench-bpv-${n}`, role: 'supervisor', name: `BPV ${n}`, function: '', ratings });
      }
      draft.revision += 1;
      localStorage.setItem(key, JSON.stringify(draft));
      return draft.scan.raters.length;
    }, `competentiescan.draft.${id}`);
    if (raters !== 4) throw new Error(`the rating benchmark needs four raters, has ${raters}`);
    await page.reload();
    await ready(page);
    // The student's screen of the group with the most items.
    await page.evaluate((h) => { location.hash = h; }, `#/scan/${id}/student/${largest.group}`);
    await page.waitForFunction((n) => document.querySelectorAll('article.rating .band-chip').length === n, largest.items);
    const draft = await page.evaluate((key) => localStorage.getItem(key), `competentiescan.draft.${id}`);
    const cdp = await throttle(context, page);
    if (process.env.PROFILE) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
    }
    const times = await page.evaluate(MEASURE_CHANGES, { key: `competentiescan.draft.${id}`, changes: CHANGES, labels });
    if (process.env.PROFILE) {
      const { profile } = await cdp.send('Profiler.stop');
      fs.writeFileSync(`${process.env.PROFILE}-${i}.cpuprofile`, JSON.stringify(profile));
    }
    await context.close();
    const total = times.map((t) => t[0]);
    if (process.env.DEBUG) {
      console.log(`rating run ${i}: stored at median ${median(times.map((t) => t[1])).toFixed(1)} / p95 ${p95(times.map((t) => t[1])).toFixed(1)} ms, chip at median ${median(times.map((t) => t[2])).toFixed(1)} / p95 ${p95(times.map((t) => t[2])).toFixed(1)} ms; all: ${total.map((t) => t.toFixed(0)).join(' ')}`);
    }
    // The floor, right after, in a fresh context under the same throttling: the same rows and
    // the same draft, as a plain page whose change handler does only what must be done.
    const floor = await newPage(env.browser);
    await floor.page.route(env.server.url + FLOOR_PAGE, (route) =>
      route.fulfill({ contentType: 'text/html; charset=utf-8', body: floorPage(framework, largest.items) }));
    await floor.page.goto(env.server.url + FLOOR_PAGE);
    await floor.page.evaluate(([key, draft]) => { localStorage.setItem(key, draft); location.reload(); }, [FLOOR_KEY, draft]).catch(() => {});
    await floor.page.waitForFunction((n) => document.querySelectorAll('article.rating .band-chip').length === n && window.floorReady, largest.items);
    await throttle(floor.context, floor.page);
    const floorTimes = (await floor.page.evaluate(MEASURE_CHANGES, { key: FLOOR_KEY, changes: CHANGES, labels })).map((t) => t[0]);
    await floor.context.close();
    floorMedians.push(median(floorTimes));
    floorTails.push(p95(floorTimes));
    medians.push(median(total));
    tails.push(p95(total));
  }
  row(`rating change → band chip + draft stored (KD MZ profiel, 4 raters, ${CHANGES} changes)`, median(medians), 6, { p95: median(tails) });
  row(`rating change, floor: a plain page, same rows and draft (${CHANGES} changes)`, median(floorMedians), null, { p95: median(floorTails) });
  row('rating change p95: app ÷ floor, same run', median(tails) / median(floorTails), null, { unit: '×' });
}

/**
 * Filling in: the user's actions (not time) to rate all 33 Quick Scan items as one rater, from
 * the first group's screen as "Scan starten" leaves it to the last value stored. Counted once
 * (the counts do not vary by run), beside the paper form's 33 marks.
 */
async function fillIn() {
  // Values as a student gives them; whole tens and fives, none that a further digit could extend.
  const VALUES = [70, 60, 80, 50, 75, 90, 65, 40, 85, 55];
  // Every item's value stored (the figure counts only a complete fill-in).
  const allStored = (page, id) => page.waitForFunction((id) => {
    const d = JSON.parse(localStorage.getItem(`competentiescan.draft.${id}`));
    return Object.values(d.scan.raters.find((r) => r.id === 'student').ratings).filter((r) => r.value != null).length === 33;
  }, id, { timeout: 10_000 });
  const firstCode = (page) => page.evaluate(() => document.querySelector('article.rating')?.dataset.code);
  const nextScreen = (page, hash, code) => page.waitForFunction(([h, c]) => location.hash !== h
    && document.querySelector('article.rating') !== null && document.querySelector('article.rating').dataset.code !== c, [hash, code]);

  // Phone: a tap on each item's slider; "Volgende" tapped only when the screen did not move on.
  const phone = await newPage(env.browser, { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  let id = await startScan(phone.page, env.server.url);
  let taps = 0;
  for (let n = 0; n < 33;) {
    const hash = await phone.page.evaluate(() => location.hash);
    const code = await firstCode(phone.page);
    const rows = await phone.page.locator('article.rating').count();
    for (let i = 0; i < rows; i++, n++) {
      const v = VALUES[n % VALUES.length];
      await tapRating(phone.page, i, v);
      taps += 1;
      await phone.page.waitForFunction(([i, v, h]) => location.hash !== h
        || document.querySelectorAll('article.rating input[type=number]')[i]?.value === String(v), [i, v, hash]);
    }
    if (n === 33) break;
    if (await phone.page.evaluate((h) => location.hash === h, hash)) {
      await phone.page.getByRole('button', { name: 'Volgende →' }).tap();
      taps += 1;
    }
    await nextScreen(phone.page, hash, code);
  }
  await allStored(phone.page, id);
  await phone.context.close();

  // Keyboard: from the focused group heading, Tab to the first field, then each value's digits
  // (Enter only where the field did not move on by itself; Tab only where nothing moved on).
  const desk = await newPage(env.browser, { viewport: { width: 1280, height: 800 } });
  id = await startScan(desk.page, env.server.url);
  await desk.page.waitForFunction(() => document.activeElement?.id === 'group-heading');
  let keys = 0;
  const press = async (key) => { await desk.page.keyboard.press(key); keys += 1; };
  const inEmptyField = () => desk.page.evaluate(() => document.activeElement?.matches('article.rating input[type=number]') && document.activeElement.value === '');
  while (!(await inEmptyField())) await press('Tab');
  for (let n = 0; n < 33; n++) {
    const field = await desk.page.evaluate(() => document.activeElement.id);
    for (const digit of String(VALUES[n % VALUES.length])) await press(digit);
    if (await desk.page.evaluate((f) => document.activeElement?.id === f, field)) await press('Enter');
    if (n < 32) {
      // Moved on: within the group at once, into the next group once its screen is drawn.
      await desk.page.waitForFunction((f) => {
        const e = document.activeElement;
        return e?.id !== f && e?.matches('article.rating input[type=number]') && e.value === '';
      }, field, { timeout: 5000 }).catch(async () => { while (!(await inEmptyField())) await press('Tab'); });
    }
  }
  await allStored(desk.page, id);
  await desk.context.close();
  const counts = { unit: 'actions', digits: 0, conditions: 'counted, not timed' };
  row('filling in the Quick Scan (33 items, one rater): paper form, marks', 33, null, counts);
  row('  phone (390×844, touch): taps', taps, 40, { ...counts, conditions: 'a tap on each slider' });
  row('  keyboard: key presses', keys, 70, { ...counts, conditions: 'digits typed, Enter/Tab only where needed' });
}

/** A real export made by the app (Quick Scan), as the template of a class of files. */
async function exportTemplate() {
  const { page, context } = await newPage(env.browser, { acceptDownloads: true });
  await page.goto(env.server.url + '#/nieuw');
  await ready(page);
  await page.getByRole('radio', { name: /Quick Scan/ }).check();
  await page.getByLabel('Naam student').fill('Sjabloon');
  await page.getByRole('button', { name: 'Scan starten' }).click();
  await page.locator('article.rating').first().waitFor();
  const id = new URL(page.url()).hash.split('/')[2];
  await page.goto(`${env.server.url}#/scan/${id}/resultaat`);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exporteren' }).click();
  const file = path.join(tmp, 'template.json');
  await (await download).saveAs(file);
  await context.close();
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/**
 * Coach: 500 distinct students' files chosen at once → the overview is rendered: its first page
 * of rows is in the table and the count line says all 500 students are in it.
 */
async function coachImport() {
  const template = await exportTemplate();
  const codes = [];
  const walk = (nodes) => nodes.forEach((n) => { (n.items ?? []).forEach((i) => codes.push(i.code)); walk(n.children ?? []); });
  walk(template.framework.nodes);
  const files = [];
  for (let n = 1; n <= STUDENTS; n++) {
    const at = `2026-11-20T10:00:00.000Z`;
    const value = (i) => ((n * 7 + i * 5) % 21) * 5;
    const scan = {
      ...template.scan,
      id: `bench-student-${n}`,
      created: at,
      updated: at,
      subject: { student: `Student ${String(n).padStart(3, '0')}`, programme: 'SW4', organisation: 'BPV', date: '2026-11-20' },
      raters: [
        {
          id: 'student', role: 'student',
          ratings: Object.fromEntries(codes.map((c, i) => [c, { value: value(i + 3), comment: i % 5 ? '' : 'Gaat goed', at }])),
          ...(n % 2 ? { finished: at } : {}),
        },
        {
          id: 'supervisor', role: 'supervisor', name: 'Jan de Vries', function: 'Teamleider',
          ratings: Object.fromEntries(codes.map((c, i) => [c, { value: value(i), at }])),
        },
      ],
      history: [],
    };
    const file = path.join(tmp, `student-${n}.json`);
    fs.writeFileSync(file, JSON.stringify({ ...template, scan }, null, 2));
    files.push(file);
  }
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const { page, context } = await newPage(env.browser);
    await page.goto(env.server.url + '#/coach');
    await ready(page);
    await throttle(context, page);
    await page.evaluate((count) => {
      // Capture phase on window: before the app's own handler sees the change.
      window.addEventListener('change', (e) => {
        if (e.target.id !== 'coach-files') return;
        const t0 = performance.now();
        const mo = new MutationObserver(() => {
          const status = document.querySelector('[data-testid=coach-progress]')?.textContent ?? '';
          if (window.__processed == null && status.startsWith(`${count} van`)) window.__processed = performance.now() - t0;
          if (window.__firstProgress == null && /^[1-9]/.test(status)) window.__firstProgress = performance.now() - t0;
          const rows = document.querySelectorAll('[data-testid=coach-table] tbody tr').length;
          const counted = new RegExp(`\\b${count}\\b`).test(document.querySelector('[data-testid=coach-count]')?.textContent ?? '');
          if (counted && rows === Math.min(count, 100)) {
            mo.disconnect();
            window.__coach = performance.now() - t0;
          }
        });
        mo.observe(document.querySelector('main'), { childList: true, subtree: true });
      }, { capture: true, once: true });
    }, STUDENTS);
    await page.locator('#coach-files').setInputFiles(files);
    const t = await page.waitForFunction(() => window.__coach ?? false, null, { polling: 100, timeout: 300_000 }).then((h) => h.jsonValue());
    const problems = await page.locator('.coach .error').allTextContents();
    if (problems.length) throw new Error(`coach import reported problems: ${problems.join(' | ').slice(0, 500)}`);
    if (process.env.DEBUG) {
      console.log(`coach run ${i}: first file done at ${await page.evaluate(() => window.__firstProgress?.toFixed(0))} ms, all processed at ${await page.evaluate(() => window.__processed?.toFixed(0))} ms, table at ${t.toFixed(0)} ms`);
    }
    times.push(t);
    await context.close();
  }
  row(`coach import of ${STUDENTS} files (Quick Scan) → overview rendered`, median(times), 1500);
}

/** The Kaders reader on the two largest frameworks (CPU 4×, no network throttling). */
async function kaders() {
  /** In-page: time from an action to the first frame in which `done()` holds. */
  const timeUntil = (page, action, done) => page.evaluate(async ([a, d]) => {
    const act = new Function(a); const isDone = new Function(d);
    const t0 = performance.now();
    act();
    while (!isDone()) await new Promise((r) => setTimeout(r, 0));
    await new Promise((r) => requestAnimationFrame(() => r()));
    return performance.now() - t0;
  }, [action, done]);
  const typeQuery = (q) => `const i = document.getElementById('framework-search'); i.value = ${JSON.stringify(q)}; i.dispatchEvent(new Event('input', { bubbles: true }))`;
  const statusSays = (re) => `return ${re}.test(document.querySelector('.search-status')?.textContent ?? '')`;
  for (const id of ['kd-maatschappelijke-zorg', 'sociaal-financiele-dienstverlening-2021']) {
    const open = [], first = [], next = [], rare = [];
    for (let i = 0; i < RUNS; i++) {
      const { page, context } = await newPage(env.browser);
      await throttle(context, page);
      await page.goto(env.server.url + '#/kaders');
      await ready(page);
      open.push(await timeUntil(page, `location.hash = '#/kaders/${id}'`, `return document.querySelector('section.reader .tree') !== null`));
      first.push(await timeUntil(page, typeQuery('cliënt'), statusSays('/treffer/')));
      next.push(await timeUntil(page, typeQuery('cliënten'), `return document.querySelector('.results mark')?.textContent === 'cliënten'`));
      rare.push(await timeUntil(page, typeQuery('weerbare houding'), `return /^(Geen treffers|\\d+ treffers?)\\.$/.test(document.querySelector('.search-status')?.textContent ?? '') && document.querySelector('.results mark')?.textContent !== 'cliënten'`));
      await context.close();
    }
    row(`Kaders ${id}: open the reader`, median(open), 150);
    row(`Kaders ${id}: first search "cliënt" (builds index)`, median(first), 150);
    row(`Kaders ${id}: next keystroke "cliënten"`, median(next), 100);
    row(`Kaders ${id}: search a rare phrase`, median(rare), 100);
  }
}
