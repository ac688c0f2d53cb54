// The screen test that looks (issue 26): every screen with realistic data (a rated scan with
// comments, paraafs and a goal; a class imported from files; a 360° scan with requests; a
// school's own framework) at 360, 390, 768, 1280 and 1920 px, asserting from geometry what a
// person would see: no page-level horizontal scrolling, no word broken inside itself in
// headings, table headers, chips and buttons, clearly stepped headings, name columns of at least
// 80 px from 768 px on, and the coach table's one-line sticky names, visible sort direction and
// dates. Every state is saved as a full-page screenshot in tests/e2e/artifacts/screens/
// (<screen>-<width>.png) to be looked at. One browser page, resized per width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, setup, newPage, ready, settled, startScan, templateCsv } from './harness.mjs';
import { brokenWords, headingSteps, pastTheEdge } from './geometry.mjs';

const WIDTHS = [
  { width: 360, height: 740 },
  { width: 390, height: 844 },
  { width: 768, height: 1024 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];
const SHOTS = path.join(ROOT, 'tests/e2e/artifacts/screens');

let env;
let tmp;
let session;
let scanId;
let feedbackId;
let ownFramework;
before(async () => {
  env = await setup();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cs-screens-'));
  fs.rmSync(SHOTS, { recursive: true, force: true });
  fs.mkdirSync(SHOTS, { recursive: true });
  session = await newPage(env.browser, { viewport: WIDTHS[3], acceptDownloads: true });
  await build(session.page);
});
after(async () => {
  await session?.context.close();
  await env?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Student, BPV-begeleider and coach data as people make it, built through the app's own files. */
async function build(page) {
  const url = env.server.url;
  // The app's own export of a Quick Scan is the template of the class's files.
  const first = await startScan(page, url, { student: 'Eva Smit' });
  await page.goto(`${url}#/scan/${first}/resultaat`);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exporteren' }).click();
  const template = JSON.parse(fs.readFileSync(await (await download).path(), 'utf8'));
  const codes = template.framework.nodes.flatMap((k) => k.children.flatMap((w) => w.items.map((i) => i.code)));

  const comments = [
    'Ik vraag door en vat samen wat de cliënt zegt; bij boosheid vind ik dat nog lastig.',
    'Rapporteren gaat goed, maar ik schrijf soms te lang.',
    'Netwerk van de cliënt in kaart gebracht met een ecogram.',
  ];
  /** One student's file: every item rated by both, paraafs on most BPV values, a goal. */
  const file = (n, student, date, { full = false } = {}) => {
    const at = `${date}T10:00:00.000Z`;
    const value = (i, shift) => 30 + ((n * 13 + i * 3 + shift) % 14) * 5;
    const ratings = (shift, withComments) => Object.fromEntries(codes.map((c, i) => [c, {
      value: value(i, shift),
      ...(withComments && i < comments.length ? { comment: comments[i] } : {}),
      at,
    }]));
    const supervisor = {
      id: 'supervisor', role: 'supervisor', name: 'Joost Bakker', function: 'Praktijkopleider',
      ratings: ratings(3, false),
    };
    if (full) {
      supervisor.paraafs = Object.fromEntries(codes.slice(0, 20).map((c) => [c, { initials: 'JB', date, value: supervisor.ratings[c].value }]));
    }
    const scan = {
      ...template.scan,
      id: `scan-${n}`,
      created: at,
      updated: at,
      subject: { student, programme: 'Sociaal Werk niveau 4', organisation: 'Buurtteam Utrecht Oost', date },
      raters: [
        { id: 'student', role: 'student', ratings: ratings(0, full), ...(n % 2 ? { finished: at } : {}) },
        supervisor,
      ],
      history: [],
      plan: full ? [{
        id: 'goal-1', created: at, updated: at, items: codes.slice(0, 2),
        smart: {
          specific: 'Ik voer gesprekken met boze cliënten zonder het gesprek te laten escaleren.',
          measurable: 'Drie gesprekken besproken in de intervisie.',
          acceptable: 'Mijn praktijkopleider ondersteunt dit doel.',
          realistic: 'Ik heb wekelijks cliëntcontact.',
          timeBound: 'Voor de evaluatie in januari.',
        },
        actions: ['Training de-escalerend werken volgen', 'Twee gesprekken samen met Joost voeren'],
        support: 'Joost Bakker (praktijkopleider)',
        deadline: '2027-01-31',
        evaluation: '',
        status: 'inProgress',
      }] : [],
    };
    const out = path.join(tmp, `${scan.id}.json`);
    fs.writeFileSync(out, JSON.stringify({ ...template, scan }));
    return out;
  };
  // Two scans of one student, told apart by their date; long names as real classes have.
  const files = [
    file(1, 'Sanne Jansen', '2026-12-01', { full: true }),
    file(2, 'Sanne Jansen', '2026-09-15'),
    file(3, 'Mohammed El Amrani', '2026-11-28'),
    file(4, 'Lisa de Vries-van den Berg', '2026-11-30'),
    file(5, 'Tom Bakker', '2026-11-27'),
  ];
  scanId = 'scan-1';
  await page.goto(`${url}#/coach`);
  await ready(page);
  await page.locator('#coach-files').setInputFiles(files);
  await page.getByTestId('coach-table').locator('tbody tr').nth(files.length - 1).waitFor();

  // A 360° scan (Movisie) that asked colleagues and a manager for feedback.
  feedbackId = await startScan(page, url, { student: 'Fenna de Boer', framework: /Handreiking Maatschappelijke Ondersteuning/, details: false });
  await page.goto(`${url}#/scan/${feedbackId}/feedback`);
  await page.getByLabel('Collega\'s').fill('3');
  await page.getByLabel('Leidinggevenden').fill('1');
  await page.getByLabel('Waarom vraag je feedback? (optioneel)').fill('Ik wil zien hoe anderen mijn werk zien.');
  await page.getByLabel('Anoniem mag: de naam mag leeg blijven').check();
  await page.getByRole('button', { name: 'Verzoeken maken' }).click();
  await page.getByTestId('asked-list').locator('li').nth(1).waitFor();

  // A school's own framework, to edit.
  ownFramework = 'eigen-scan-screens';
  await page.goto(`${url}#/kaders`);
  await ready(page);
  await page.locator('#add-framework').setInputFiles({
    name: 'kader.csv', mimeType: 'text/csv', buffer: Buffer.from(templateCsv(ownFramework, 'Eigen scan ROC Midden')),
  });
  await page.getByTestId('framework-added').waitFor();
}

/** Each screen: its name (for the screenshot), where it is, and what to wait for or do first. */
const SCREENS = () => [
  { name: 'start', hash: '#/' },
  { name: 'nieuwe-scan', hash: '#/nieuw' },
  { name: 'scan-student', hash: `#/scan/${scanId}/student/1`, wait: 'article.rating' },
  { name: 'scan-bpv', hash: `#/scan/${scanId}/bpv/1`, wait: 'article.rating' },
  { name: 'resultaat', hash: `#/scan/${scanId}/resultaat`, wait: 'table' },
  { name: 'ontwikkelplan', hash: `#/scan/${scanId}/plan`, wait: 'article.goal' },
  { name: 'rapport', hash: `#/scan/${scanId}/rapport`, wait: 'table' },
  { name: 'mijn-scans', hash: '#/scans', wait: '[data-testid=draft-list] li' },
  { name: 'kaders', hash: '#/kaders', wait: '[data-testid=framework-list] li' },
  {
    name: 'kader-lezen', hash: '#/kaders/quickscan-smd-2014',
    // The first level open, as a reader has it.
    async prepare(page) {
      await page.locator('details.node > summary').first().click();
      await page.locator('details.node[open] .node-body').first().waitFor();
    },
  },
  { name: 'kader-bewerken', hash: `#/kaders/${ownFramework}/bewerken`, wait: 'fieldset' },
  { name: 'coach', hash: '#/coach', wait: '[data-testid=coach-table] tbody tr' },
  { name: 'vraag-feedback', hash: `#/scan/${feedbackId}/feedback`, wait: '[data-testid=asked-list] li' },
  { name: 'instellingen', hash: '#/instellingen', wait: '[data-testid=device-fingerprint]' },
];

/** Row-header cells (a student's, an item's or a group's name) narrower than 80 px. */
function narrowNames() {
  return [...document.querySelectorAll('main th[scope=row]')]
    .filter((th) => th.getClientRects().length && th.getBoundingClientRect().width < 80)
    .map((th) => `"${th.textContent.trim().slice(0, 30)}" ${Math.round(th.getBoundingClientRect().width)} px`);
}

/**
 * The coach table: as wide as the page (not capped at 960 px); each name on one line (from 768
 * px on) and at the table's left edge when the table is scrolled to its last column; no cell
 * line starting with blank space; the sorted column says so (aria-sort and a visible arrow);
 * every row shows its scan's date.
 */
function coachTable() {
  const out = [];
  const table = document.querySelector('[data-testid=coach-table]');
  const wrap = table.parentElement;
  const width = wrap.getBoundingClientRect().width;
  if (innerWidth - width > 64) out.push(`table box ${Math.round(width)} px wide on a ${innerWidth} px page`);
  // On a phone a long name may take two lines (between its words): the column stays narrow.
  for (const a of innerWidth >= 768 ? table.querySelectorAll('tbody th a') : []) {
    const r = document.createRange();
    r.selectNodeContents(a);
    const tops = new Set([...r.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.top)));
    if (tops.size !== 1) out.push(`name "${a.textContent}" on ${tops.size} lines`);
  }
  const left = wrap.getBoundingClientRect().left;
  wrap.scrollLeft = wrap.scrollWidth;
  for (const th of table.querySelectorAll('tbody th, thead th:first-child')) {
    const x = th.getBoundingClientRect().left;
    if (Math.abs(x - left) > 1) out.push(`name column at x = ${Math.round(x)} instead of ${Math.round(left)} when scrolled`);
  }
  wrap.scrollLeft = 0;
  for (const td of table.querySelectorAll('td.cell')) {
    if (td.innerText.split('\n').some((line) => /^\s/.test(line))) out.push(`cell text "${JSON.stringify(td.innerText)}" starts a line with blanks`);
  }
  const sorted = [...table.querySelectorAll('thead th')].filter((th) => ['ascending', 'descending'].includes(th.getAttribute('aria-sort')));
  if (sorted.length !== 1) out.push(`${sorted.length} sorted columns`);
  else if (!/[▲▼]/.test(sorted[0].innerText)) out.push(`sorted column "${sorted[0].innerText}" shows no arrow`);
  for (const th of table.querySelectorAll('tbody th')) {
    if (!/\d{4}-\d{2}-\d{2}/.test(th.innerText)) out.push(`row "${th.innerText.split('\n')[0]}" shows no date`);
  }
  return out;
}

test('every screen at 360, 390, 768, 1280 and 1920 px', async (t) => {
  const { page, problems } = session;
  for (const screen of SCREENS()) {
    await page.setViewportSize(WIDTHS[3]);
    await page.goto(env.server.url + screen.hash);
    await ready(page);
    await page.locator('main h1').first().waitFor();
    if (screen.wait) await page.locator(`main ${screen.wait}`).first().waitFor();
    await screen.prepare?.(page);
    for (const viewport of WIDTHS) {
      await page.setViewportSize(viewport);
      await settled(page);
      const at = `${screen.name} at ${viewport.width} px`;
      const checks = {
        'no page-level horizontal overflow': async () => {
          const { width, past } = await page.evaluate(pastTheEdge);
          assert.ok(width <= viewport.width, `${at}: page is ${width} px wide; reaching past the edge: ${past.join(', ')}`);
        },
        'no word broken inside itself': async () => {
          assert.deepEqual(await page.evaluate(brokenWords), [], at);
        },
        'headings clearly stepped': async () => {
          assert.deepEqual(await page.evaluate(headingSteps), [], at);
        },
        ...(viewport.width >= 768 ? {
          'name columns at least 80 px': async () => {
            assert.deepEqual(await page.evaluate(narrowNames), [], at);
          },
        } : {}),
        ...(screen.name === 'coach' ? {
          'coach table: one-line sticky names, sort direction, dates': async () => {
            assert.deepEqual(await page.evaluate(coachTable), [], at);
          },
        } : {}),
      };
      for (const [check, run] of Object.entries(checks)) await t.test(`${at}: ${check}`, run);
      await page.screenshot({ path: path.join(SHOTS, `${screen.name}-${viewport.width}.png`), fullPage: true });
    }
  }
  assert.deepEqual(problems, []);
});

test('Resultaat opened on a phone: each group folded under its heading and means, a tap opens it', async () => {
  const { page, problems } = session;
  await page.setViewportSize(WIDTHS[1]);
  await page.goto(`${env.server.url}#/scan/${scanId}/resultaat`);
  await ready(page);
  const groups = page.locator('main details.group-result:has(table.result-table)');
  await groups.first().waitFor();
  assert.equal(await groups.count(), 12, 'the Quick Scan\'s twelve werkprocessen');
  // The two lists of differences fold the same way, with their count.
  const differences = page.locator('main details.group-result:has([data-testid=blind-spots]) summary');
  assert.match(await differences.innerText(), /^Je schat jezelf hoger in \(blinde vlek\)\n\d+ onderdelen$/);
  assert.equal(await page.locator('main details.group-result[open]').count(), 0, 'all folded');
  const first = groups.first().locator('summary');
  assert.match(await first.innerText(), /^Werkproces 1\.1 Inventariseert de situatie en wensen van de cliënt\nSt % [\d,]+ % · BPV % [\d,]+ %$/);
  // Thirteen screens of cards before (every group open); folded, the findings, the charts and
  // a line per group: measured against the same page with everything open.
  await page.screenshot({ path: path.join(SHOTS, 'resultaat-folded-390.png'), fullPage: true });
  const height = () => page.evaluate(() => document.scrollingElement.scrollHeight);
  const folded = await height();
  await page.evaluate(() => document.querySelectorAll('main details.group-result').forEach((d) => { d.open = true; }));
  const open = await height();
  await page.evaluate(() => document.querySelectorAll('main details.group-result').forEach((d) => { d.open = false; }));
  assert.ok(folded <= 0.7 * open, `folded ${folded} px against ${open} px open`);
  await first.click();
  const rows = groups.first().locator('table.result-table tbody tr');
  await rows.first().waitFor();
  assert.ok(await rows.first().isVisible());
  assert.equal(await rows.count(), 4, 'werkproces 1.1 holds four items');
  // On a laptop the groups are open tables, as before (and in the printed report).
  await page.setViewportSize(WIDTHS[3]);
  await page.goto(`${env.server.url}#/scan/${scanId}/rapport`);
  await page.goto(`${env.server.url}#/scan/${scanId}/resultaat`);
  await page.locator('main table.result-table').first().waitFor();
  assert.equal(await page.locator('main details.group-result').count(), 0);
  assert.deepEqual(problems, []);
});
