// Benchmarks (not pass/fail tests): figures measured in headless Chromium against the built
// dist/, with the CPU slowed down 4× like Lighthouse's mobile profile. Each figure is the median
// of RUNS runs, printed beside its budget. Run with `scripts/bench.sh`.
import { setup, newPage, ready } from './harness.mjs';

const RUNS = Number(process.env.RUNS ?? 5);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const p95 = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]; };

async function throttled(browser) {
  const { page, context } = await newPage(browser);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  return { page, context };
}

/** In-page: time from an action to the first frame in which `done()` holds. */
const timeUntil = (page, action, done) => page.evaluate(async ([a, d]) => {
  const act = new Function(a); const isDone = new Function(d);
  const t0 = performance.now();
  act();
  while (!isDone()) await new Promise((r) => setTimeout(r, 0));
  await new Promise((r) => requestAnimationFrame(() => r()));
  return performance.now() - t0;
}, [action, done]);

const rows = [];
const row = (what, value, budget, unit = 'ms') =>
  rows.push({ what, value: `${value.toFixed(1)} ${unit}`, budget: budget == null ? '' : `≤ ${budget} ${unit}`, ok: budget == null ? '' : value <= budget ? 'ok' : 'OVER' });

const env = await setup();
const typeQuery = (q) => `const i = document.getElementById('framework-search'); i.value = ${JSON.stringify(q)}; i.dispatchEvent(new Event('input', { bubbles: true }))`;
const statusSays = (re) => `return ${re}.test(document.querySelector('.search-status')?.textContent ?? '')`;
try {
  for (const id of ['kd-maatschappelijke-zorg', 'sociaal-financiele-dienstverlening-2021']) {
    const open = [], first = [], next = [], rare = [];
    for (let i = 0; i < RUNS; i++) {
      const { page, context } = await throttled(env.browser);
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
} finally {
  await env.close();
}
console.log(`Median of ${RUNS} runs, headless Chromium, CPU slowed 4× (Lighthouse mobile).`);
console.table(rows);
