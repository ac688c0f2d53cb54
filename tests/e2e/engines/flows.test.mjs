// The core user flows in Chromium, Firefox and WebKit: one test body per flow, run in each
// engine through classic WebDriver (see engines.mjs). The Playwright suite next to this folder
// stays the full Chromium suite; this one keeps the flows a student, a BPV-begeleider and a
// coach depend on working in the engines of school laptops (Firefox) and iPhones (WebKit).
//
// Every flow asserts values (band chips, stored values after a reload, file content), waits
// for conditions (never for time), and ends with no page error recorded by the probe.
//
// How each flow was shown to fail: one run with all of these breaks at once (then restored),
// every flow failed in each of the three engines at the named point:
// - start page: expected the reloaded Instellingen screen's heading to be "Start".
// - new scan: expected 60 in row 1 after the reload (65 is stored: 60 and one +).
// - paraaf: expected the initials "JV" for Jan de Vries.
// - results: expected 54 to be "Aan werken tijdens opleiding".
// - export/import: changed the first rating in the downloaded file (45 to 50) before the
//   other session imported it; the results differed.
// - Kaders: searched "clienten" instead of "client"; the hit counts differed.
// - offline: replaced the probe build's sw.js by a worker that claims the page but caches
//   nothing; the reload with the server gone never mounted the app.
// - storage full: freed the filled storage before rating; the "vol" message never came.
// - persistent storage: expected the Storage API missing where it exists and vice versa.
// - device key (shown on its own, in each engine): expected a fingerprint with a lowercase
//   group; every engine showed a well-formed one and failed there.
// - signing (shown on its own, in each engine): with the verify answer taken the wrong way round,
//   the signing device's own results screen never showed "Ondertekend, ongewijzigd".
// - Web Share fallback: waited for a download with another name; none came.
// - Windows-1252 CSV (shown later, in Chromium, on its own): with the bytes decoded as lossy
//   UTF-8 instead of Windows-1252, the stored werkproces title read "be\uFFFDnvloedt".
// - Kader bewerken (shown on its own, in Firefox and WebKit): expected the saved reader's heading
//   to be the copy's unchanged title "… (kopie)"; the renamed title was shown instead.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { By, Key, probeBuild, selectedEngines, startEngine, tempDir } from './engines.mjs';
import { serve } from '../server.mjs';
import { ROOT, SUBPATH } from '../harness.mjs';
import { brokenWords, headingSteps, pastTheEdge } from '../geometry.mjs';

/** One rater's column of a stored or exported scan (format 2: a list of raters). */
/** An item's title in the bundled Quick Scan, as seal lines name changed items. */
function quickScanTitle(code) {
  const framework = JSON.parse(fs.readFileSync(new URL('../../../frameworks/quickscan-smd-2014.json', import.meta.url), 'utf8'));
  const find = (node) => {
    if (Array.isArray(node)) return node.map(find).find(Boolean);
    if (node && typeof node === 'object') return node.code === code && typeof node.title === 'string' && !node.items ? node.title : find(Object.values(node));
    return undefined;
  };
  return find(framework);
}

const column = (scan, id) => scan.raters.find((r) => r.id === id) ?? { ratings: {}, paraafs: {} };

const BANDS = { low: 'MOET verbeteren', mid: 'Aan werken tijdens opleiding', high: 'GOED' };
const EXPORT_NAME = /^competentiescan_.*\.json$/;
/** A device key's fingerprint: 12 Crockford base32 characters in groups of 4. */
const FINGERPRINT = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

let tmp;
let build;
/** One probe build for all engines, made when the first engine starts. */
function probe() {
  if (!build) {
    tmp = tempDir();
    build = probeBuild(path.join(tmp, 'build'));
  }
  return build;
}
after(() => { if (tmp) fs.rmSync(tmp, { recursive: true, force: true }); });

/** Runs `fn(page)` in a new browser session (a fresh profile) and always ends the session. */
async function inSession(engine, fn) {
  const page = await engine.session();
  try {
    return await fn(page);
  } finally {
    await page.quit();
  }
}

const draftKey = (id) => `competentiescan.draft.${id}`;
/** Kader bewerken's unsaved edit. */
const PENDING_EDIT_KEY = 'competentiescan.framework-edit';
// An object as the page returns it: WebKitWebDriver does not keep its keys' order, so the flows
// compare ordered arrays made in the page, or sort.
const storedDraft = (page, id) => page.run((key) => JSON.parse(localStorage.getItem(key)), draftKey(id));
/** The student's stored values, in the order the rows were rated. */
const studentValues = (page, id) => page.run((key) => {
  const d = JSON.parse(localStorage.getItem(key));
  return Object.values(d?.scan?.raters?.find((r) => r.id === 'student')?.ratings ?? {}).map((r) => r.value);
}, draftKey(id));

/** Starts a Quick Scan through "Nieuwe scan", as a user does; returns its id. */
async function startScan(page, url, student) {
  await page.open(url + '#/nieuw');
  await page.driver.findElement(By.xpath("//label[contains(., 'Quick Scan')]/input[@type='radio']")).click();
  await page.type(await page.find('#student'), student);
  await page.click('Scan starten');
  return page.until(() => document.querySelector('article.rating') && location.hash.split('/')[2], [], 'the new scan');
}

/** Types a value in a row's number field and commits it with Tab. */
async function rate(page, row, value) {
  await page.type(await page.nth('article.rating input[type=number]', row), value);
}

const rowValue = (page, row) => page.run((i) => document.querySelectorAll('article.rating input[type=number]')[i]?.value, row);
const waitRow = (page, row, value) => page.until((i, v) => document.querySelectorAll('article.rating input[type=number]')[i]?.value === v,
  [row, String(value)], `row ${row} to show ${value}`);
const waitChip = (page, row, text) => page.until((i, t) => document.querySelectorAll('article.rating')[i]?.querySelector('.band-chip')?.textContent === t,
  [row, text], `row ${row}'s band chip "${text}"`);
const waitStored = (page, id, values) => page.until((key, want) => {
  const d = JSON.parse(localStorage.getItem(key));
  const student = d?.scan?.raters?.find((r) => r.id === 'student');
  return JSON.stringify(Object.values(student?.ratings ?? {}).map((r) => r.value)) === JSON.stringify(want);
}, [draftKey(id), values], `stored student values ${values}`);

async function noProblems(page) {
  assert.deepEqual(await page.problems(), [], 'no page errors, rejections or console errors');
}

const FLOWS = [
  ['start page and navigation under the sub-path, with a reload', async ({ engine, url }) => {
    await inSession(engine, async (page) => {
      await page.open(url);
      assert.equal(await page.run(() => document.querySelector('main h1').textContent), 'Competentiescan');
      assert.equal(await page.run(() => document.documentElement.lang), 'nl');
      const actions = await page.run(() => [...document.querySelectorAll('nav.actions a')].map((a) => a.textContent));
      for (const label of ['Nieuwe scan', 'Mijn scans', 'Bestand openen']) assert.ok(actions.includes(label), `offers "${label}" (${actions})`);
      assert.equal(await page.driver.getTitle(), 'Start · Competentiescan');

      await (await page.button('Instellingen', 'header nav a')).click();
      await page.waitText('main h1', 'Instellingen');
      const at = new URL(await page.driver.getCurrentUrl());
      assert.deepEqual([at.pathname, at.hash], [SUBPATH, '#/instellingen']);
      await page.reload();
      assert.equal(await page.run(() => document.querySelector('main h1').textContent), 'Instellingen');
      assert.equal(await page.run(() => document.querySelector('header nav a[aria-current="page"]').getAttribute('href')), '#/instellingen');
      await page.driver.navigate().back();
      await page.waitText('main h1', /^Competentiescan$/);
      await noProblems(page);
    });
  }],

  ['what a person sees at phone and laptop width: no page-level overflow, no word broken inside itself, stepped headings', async ({ engine, url }) => {
    // The screen test's core (tests/e2e/screens.test.mjs runs every screen at five widths in
    // Chromium): the screens a student and a coach use most, in this engine's layout.
    await inSession(engine, async (page) => {
      const id = await startScan(page, url, 'Lisa de Vries-van den Berg');
      await rate(page, 0, 95);
      await rate(page, 1, 40);
      await page.until(() => document.querySelector('article.rating .band-chip')?.textContent, [], 'a band chip');
      const screens = [
        [`#/scan/${id}/student/1`, 'article.rating'],
        [`#/scan/${id}/resultaat`, 'table.result-table'],
        ['#/kaders', 'h1'],
        ['#/coach', 'h1'],
      ];
      for (const width of [390, 1280]) {
        await page.driver.manage().window().setRect({ width, height: 900 });
        // Windows have a floor (Firefox 500 px, WebKitGTK 447 px): still the phone layout.
        if (width < 600) assert.ok(await page.run(() => innerWidth) < 600, 'a phone-wide window');
        for (const [hash, wait] of screens) {
          await page.go(hash);
          await page.until((css) => document.querySelector(`main ${css}`), [wait], `${hash}: ${wait}`);
          const at = `${hash} in a ${await page.run(() => innerWidth)} px window`;
          const { width: wide, past } = await page.run(pastTheEdge);
          assert.ok(wide <= await page.run(() => innerWidth), `${at}: the page is ${wide} px wide; past the edge: ${past.join(', ')}`);
          assert.deepEqual(await page.run(brokenWords), [], at);
          assert.deepEqual(await page.run(headingSteps), [], at);
        }
      }
      await noProblems(page);
    });
  }],

  ['new scan: rate by typing, slider and −/+; a reload keeps the values', async ({ engine, url }) => {
    await inSession(engine, async (page) => {
      const id = await startScan(page, url, 'Sanne Jansen');
      // Typing, as on paper: a value off the scale's step of 5 is kept exactly.
      await rate(page, 0, 63);
      await waitChip(page, 0, BANDS.mid);
      await waitStored(page, id, [63]);
      // The stepper: + from 63 goes to the next step, 65.
      await (await page.nth('article.rating', 0)).findElements(By.css('button.step')).then((b) => b[1].click());
      await waitRow(page, 0, 65);
      // The slider, by keyboard as a user does: 50 typed, then → is one step up, across a band.
      await rate(page, 1, 50);
      await waitChip(page, 1, BANDS.low);
      await page.run((i) => document.querySelectorAll('article.rating input[type=range]')[i].focus(), 1);
      await page.driver.actions().sendKeys(Key.ARROW_RIGHT).perform();
      await waitRow(page, 1, 55);
      await waitChip(page, 1, BANDS.mid);
      // − on an unrated row starts at the bottom; + then steps up.
      const steps = await (await page.nth('article.rating', 2)).findElements(By.css('button.step'));
      await steps[0].click();
      await waitRow(page, 2, 0);
      await steps[1].click();
      await waitRow(page, 2, 5);
      await waitChip(page, 2, BANDS.low);
      // An impossible number is refused with a message and changes nothing.
      await rate(page, 3, 101);
      await page.waitText('article.rating [role=alert]', 'Typ een heel getal van 0 tot 100');
      await waitStored(page, id, [65, 55, 5]);
      // The group's last value typed: on to the next group, into its first field.
      await rate(page, 3, 80);
      await waitStored(page, id, [65, 55, 5, 80]);
      await page.until((id) => location.hash === `#/scan/${id}/student/2`, [id], 'the next group');
      await page.go(`#/scan/${id}/student/1`);
      await waitChip(page, 3, BANDS.high);

      await page.reload();
      for (const [row, v] of [65, 55, 5, 80].entries()) await waitRow(page, row, v);
      assert.equal(await page.run(() => document.querySelectorAll('article.rating input[type=range]')[1].value), '55');
      assert.deepEqual(await studentValues(page, id), [65, 55, 5, 80]);
      await noProblems(page);
    });
  }],

  ['the BPV-begeleider rates and initials (paraaf)', async ({ engine, url }) => {
    await inSession(engine, async (page) => {
      const id = await startScan(page, url, 'Sanne Jansen');
      await rate(page, 0, 60);
      await waitStored(page, id, [60]);
      await (await page.button('BPV-begeleider', 'nav.rater-switch a')).click();
      await page.until(() => location.hash.includes('/bpv/1'));
      await page.waitText('article.rating [data-testid=other-rating]', 'Student (zelfbeoordeling): 60 %');
      assert.equal(await rowValue(page, 0), '', 'the supervisor\'s own column starts empty');
      await page.type(await page.find('#sup-name'), 'Jan de Vries');
      await page.type(await page.find('#sup-function'), 'Teamleider');
      await rate(page, 0, 50);
      await rate(page, 1, 75);
      await page.click('Alle beoordeelde rijen paraferen');
      await page.until((key) => Object.keys(JSON.parse(localStorage.getItem(key)).scan.raters.find((r) => r.id === 'supervisor')?.paraafs ?? {}).length === 2, [draftKey(id)], 'two paraafs stored');
      const draft = await storedDraft(page, id);
      // By code: WebKitWebDriver does not keep the key order of an object a script returns.
      const paraafs = Object.entries(column(draft.scan, 'supervisor').paraafs).sort(([a], [b]) => a.localeCompare(b));
      assert.deepEqual(paraafs.map(([, p]) => [p.initials, p.value]), [['JdV', 50], ['JdV', 75]]);
      const bpv = column(draft.scan, 'supervisor');
      assert.deepEqual([bpv.name, bpv.function], ['Jan de Vries', 'Teamleider']);
      assert.deepEqual(Object.values(column(draft.scan, 'student').ratings).map((r) => r.value), [60], 'the student\'s value is untouched');

      await (await page.button('Student (zelfbeoordeling)', 'nav.rater-switch a')).click();
      await page.until(() => location.hash.includes('/student/1'));
      await page.waitText('article.rating [data-testid=other-rating]', /^BPV-begeleider: 50 % · paraaf JdV/);
      assert.equal(await page.run(() => [...document.querySelectorAll('button')].filter((b) => b.textContent === 'Paraaf').length), 0, 'students cannot initial');
      await noProblems(page);
    });
  }],

  ['results show the bands at 54/55/75/76 and the averages', async ({ engine, url }) => {
    await inSession(engine, async (page) => {
      const id = await startScan(page, url, 'Sanne Jansen');
      await rate(page, 0, 50);
      await waitStored(page, id, [50]);
      // Values off the 5-step grid (from files or older forms) must still score exactly.
      await page.run((key, codes) => {
        const d = JSON.parse(localStorage.getItem(key));
        const at = '2026-11-22T10:00:00.000Z';
        d.scan.raters.find((r) => r.id === 'supervisor').ratings = Object.fromEntries(codes.map((c, i) => [c, { value: [54, 55, 75, 76][i], at }]));
        d.scan.raters.find((r) => r.id === 'student').ratings = Object.fromEntries(codes.map((c, i) => [c, { value: [80, 55, 50, 76][i], at }]));
        d.revision += 1;
        localStorage.setItem(key, JSON.stringify(d));
      }, draftKey(id), await page.run(() => [...document.querySelectorAll('article.rating')].map((r) => r.dataset.code)));
      await page.go(`#/scan/${id}/resultaat`);
      await page.reload();
      await page.waitText('main h1', 'Resultaat');
      const table = await page.until(() => {
        const t = document.querySelector('table[data-group="1.1"]');
        return t && {
          bands: [...t.querySelectorAll('tbody tr')].map((r) => r.querySelector('.band-chip')?.textContent),
          foot: t.querySelector('tfoot').textContent,
        };
      }, [], 'the results table of group 1.1');
      assert.deepEqual(table.bands, [BANDS.low, BANDS.mid, BANDS.mid, BANDS.high]);
      assert.equal(table.foot, 'Gemiddelde65,2 % (4/4)65,0 % (4/4)');
      const advice = await page.run(() => [...document.querySelectorAll('[data-testid=advice] li')].map((li) => li.textContent));
      assert.match(advice[0], /^1 onderdeel: MOET verbeteren \(< 55 %\)/);
      assert.match(advice[1], /^2 onderdelen: Aan werken tijdens opleiding \(55–75 %\)/);
      assert.match(advice[2], /^1 onderdeel: GOED \(> 75 %\)/);
      await noProblems(page);
    });
  }],

  ['export downloads the file; another device (a second session) imports it with the same results', async ({ engine, url }) => {
    const student = 'Aïcha van \'t Hof';
    const resultsText = (page) => page.run(() => [...document.querySelectorAll('main table')].map((t) => t.textContent).join('\n'));
    const { file, before } = await inSession(engine, async (a) => {
      const id = await startScan(a, url, student);
      for (const [i, v] of [45, 60, 80, 100].entries()) await rate(a, i, v);
      await waitStored(a, id, [45, 60, 80, 100]);
      await a.go(`#/scan/${id}/resultaat`);
      await a.waitText('main h1', 'Resultaat');
      const existing = a.downloaded();
      await a.click('Exporteren');
      const file = await a.download(existing, EXPORT_NAME);
      await a.waitText('[data-testid=send-status]', 'Het bestand is gedownload.');
      const exported = JSON.parse(fs.readFileSync(file, 'utf8'));
      assert.equal(exported.scan.id, id);
      assert.equal(exported.scan.subject.student, student);
      assert.deepEqual(Object.values(column(exported.scan, 'student').ratings).map((r) => r.value), [45, 60, 80, 100]);
      await noProblems(a);
      return { file, before: await resultsText(a) };
    });
    await inSession(engine, async (b) => {
      await b.open(url + '#/openen');
      assert.equal(await b.run(() => Object.keys(localStorage).filter((k) => k.startsWith('competentiescan.draft.')).length), 0,
        'the other device starts without drafts');
      await (await b.find('#open-files')).sendKeys(file);
      await b.waitText('[data-testid=open-results]', `scan van ${student} toegevoegd`);
      await (await b.button('Resultaat', '[data-testid=open-results] a')).click();
      await b.waitText('main h1', 'Resultaat');
      await b.until(() => document.querySelector('main table') !== null);
      assert.equal(await resultsText(b), before);
      // The same file sent twice, opened again after a reload: nothing changes.
      await b.go('#/openen');
      await b.reload();
      await (await b.find('#open-files')).sendKeys(file);
      await b.waitText('[data-testid=open-results]', 'deze scan staat al op dit apparaat, zonder verschillen.');
      assert.equal(await b.run(() => Object.keys(localStorage).filter((k) => k.startsWith('competentiescan.draft.')).length), 1);
      await noProblems(b);
    });
  }],

  ['Kaders search finds the same hits with and without accents', async ({ engine, url }) => {
    await inSession(engine, async (page) => {
      await page.open(url + '#/kaders/quickscan-smd-2014');
      await page.until(() => document.querySelector('section.reader h1') !== null);
      const hits = async (query) => {
        await page.type(await page.find('#framework-search'), query);
        await page.until((q) => document.getElementById('framework-search').value === q, [query]);
        const status = await page.waitText('.search-status', /treffer/);
        return {
          status,
          places: await page.run(() => [...document.querySelectorAll('[data-testid=search-results] li .meta')].map((p) => p.textContent)),
          marks: await page.run(() => [...document.querySelectorAll('[data-testid=search-results] mark')].map((m) => m.textContent.toLowerCase())),
        };
      };
      const accented = await hits('cliënt');
      const plain = await hits('client');
      const n = Number(accented.status.match(/(\d+) treffers/)?.[1]);
      assert.ok(n > 10, `"cliënt" has many hits (${accented.status})`);
      assert.equal(plain.status, accented.status);
      assert.deepEqual(plain.places, accented.places);
      assert.ok(plain.marks.length > 0 && plain.marks.every((m) => m.startsWith('cliënt')), 'the accent-free query marks the accented word');
      await noProblems(page);
    });
  }],

  ['offline: after the service worker is installed, a reload with the server gone keeps working', async ({ engine }) => {
    // Its own server: this flow stops it.
    const server = await serve({ root: probe(), prefix: SUBPATH });
    try {
      await inSession(engine, async (page) => {
        const id = await startScan(page, server.url, 'Noor Offline');
        await rate(page, 0, 40);
        await waitStored(page, id, [40]);
        await page.until(() => navigator.serviceWorker.controller !== null, [], 'the service worker to control the page');
        await page.go('#/');
        await server.close();
        await page.reload();
        await page.waitText('[data-testid=draft-list]', 'Noor Offline');
        await page.go(`#/scan/${id}/student/1`);
        await waitRow(page, 0, 40);
        await rate(page, 1, 80);
        await waitStored(page, id, [40, 80]);
        await page.go(`#/scan/${id}/resultaat`);
        await page.waitText('main', BANDS.low);
        await noProblems(page);
      });
    } finally {
      await server.close();
    }
  }],

  ['storage full: a message, the value stays on screen, and the next write stores everything', async ({ engine, url }) => {
    await inSession(engine, async (page) => {
      const id = await startScan(page, url, 'Sanne Jansen');
      await rate(page, 0, 60);
      await waitStored(page, id, [60]);
      // Fill localStorage to this engine's real quota: chunks that halve until not one more fits.
      const filled = await page.run(() => {
        let size = 1 << 20;
        let n = 0;
        while (size >= 1) {
          try {
            localStorage.setItem(`fill.${n}`, 'x'.repeat(size));
            n += 1;
          } catch (_) {
            size = Math.floor(size / 2);
          }
        }
        return n;
      });
      assert.ok(filled > 0);
      // A new rating makes the draft longer (changing 60 to 70 would not: the quota counts length).
      await rate(page, 1, 80);
      await page.waitText('[data-testid=save-problem]', 'De opslag van dit apparaat is vol');
      assert.equal(await rowValue(page, 1), '80', 'the value stays on screen');
      await waitChip(page, 1, BANDS.high);
      assert.deepEqual(await studentValues(page, id), [60], 'nothing half-written');
      await page.run(() => Object.keys(localStorage).filter((k) => k.startsWith('fill.')).forEach((k) => localStorage.removeItem(k)));
      await rate(page, 2, 40);
      await waitStored(page, id, [60, 80, 40]);
      await page.until(() => document.querySelector('[data-testid=save-problem]') === null, [], 'the message to go');
    });
  }],

  ['Instellingen tells the truth about persistent storage, also where the Storage API is missing', async ({ engine, url }) => {
    await inSession(engine, async (page) => {
      await page.open(url + '#/instellingen');
      const truth = await page.driver.executeAsyncScript((done) => {
        if (!navigator.storage) done('missing');
        else navigator.storage.persisted().then((p) => done(p ? 'yes' : 'no'), (e) => done(`error ${e}`));
      });
      assert.equal(truth === 'missing', engine.lacks.storageManager, `navigator.storage in ${engine.name}: ${truth}`);
      const expected = {
        missing: 'Blijvende opslag: deze browser zegt niet of je gegevens blijvend bewaard worden.',
        yes: 'Blijvende opslag: ja.',
        no: 'Blijvende opslag: nee.',
      }[truth];
      await page.waitText('[data-testid=persistence]', expected);
      await noProblems(page);
    });
  }],

  ['Instellingen shows the device key by a well-formed fingerprint, the same after a reload', async ({ engine, url }) => {
    await inSession(engine, async (page) => {
      await page.open(url + '#/instellingen');
      // The fingerprint, or the reason signing is not possible here (so a failure says why).
      const shown = () => page.until(() => document.querySelector('[data-testid=device-fingerprint]')?.textContent
        ?? document.querySelector('[data-testid=device-key-error]')?.textContent, [], 'the device key or its error');
      const first = await shown();
      assert.match(first, FINGERPRINT, `the device key in ${engine.name}`);
      await page.reload();
      assert.equal(await shown(), first, 'the same key after a reload');
      await noProblems(page);
    });
  }],

  // Its own student: WebKit overwrites a download of the same name (no " (1)"), so a later
  // flow exporting Sanne Jansen's scan today would see no new file.
  ['signing: the BPV-begeleider finishes on one device; another opens the export signed and unchanged, a changed copy as changed', async ({ engine, url }) => {
    const bpvValues = (page, id) => page.run((key) => {
      const d = JSON.parse(localStorage.getItem(key));
      return Object.values(d?.scan?.raters?.find((r) => r.id === 'supervisor')?.ratings ?? {}).map((r) => r.value);
    }, draftKey(id));
    const { file, fingerprint } = await inSession(engine, async (a) => {
      const id = await startScan(a, url, 'Daan Visser');
      await a.go(`#/scan/${id}/bpv/1`);
      await a.until(() => location.hash.includes('/bpv/1') && document.querySelector('article.rating') !== null);
      await rate(a, 0, 55);
      await rate(a, 1, 65);
      await a.until((key) => JSON.stringify(Object.values(JSON.parse(localStorage.getItem(key))?.scan?.raters?.find((r) => r.id === 'supervisor')?.ratings ?? {}).map((r) => r.value)) === '[55,65]',
        [draftKey(id)], 'the BPV values stored');
      await a.click('Scan afronden als BPV-begeleider');
      await a.click('Toch afronden');
      await a.waitText('main', 'Afgerond door');
      await a.go('#/instellingen');
      const fingerprint = await a.until(() => document.querySelector('[data-testid=device-fingerprint]')?.textContent
        ?? document.querySelector('[data-testid=device-key-error]')?.textContent, [], 'the device key or its error');
      assert.match(fingerprint, FINGERPRINT, `signing is possible in ${engine.name}`);
      await a.go(`#/scan/${id}/resultaat`);
      assert.equal(await a.waitText('[data-testid=seal-supervisor]', ': Ondertekend'), `BPV-begeleider: Ondertekend, ongewijzigd · controlecode ${fingerprint}`);
      const existing = a.downloaded();
      await a.click('Exporteren');
      const file = await a.download(existing, EXPORT_NAME);
      const bpv = column(JSON.parse(fs.readFileSync(file, 'utf8')).scan, 'supervisor');
      assert.equal(bpv.signature?.alg, 'ES256');
      assert.deepEqual(await bpvValues(a, id), [55, 65]);
      await noProblems(a);
      return { file, fingerprint };
    });
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    const bpv = column(data.scan, 'supervisor');
    const [code] = Object.entries(bpv.ratings).find(([, r]) => r.value === 65);
    bpv.ratings[code].value = 70;
    // Next to the probe build, not among the downloads: a later flow waits there for a new file.
    const tampered = path.join(tmp, 'tampered.json');
    fs.writeFileSync(tampered, JSON.stringify(data));
    await inSession(engine, async (b) => {
      await b.open(url + '#/openen');
      await (await b.find('#open-files')).sendKeys(file);
      await b.waitText('[data-testid=open-results]', 'scan van Daan Visser toegevoegd');
      assert.equal(await b.waitText('[data-testid=open-results] [data-testid=seal-supervisor]', ': Ondertekend'),
        `BPV-begeleider: Ondertekend, ongewijzigd · controlecode ${fingerprint}`, 'the same fingerprint on the other device');
      // The changed copy of a scan this device holds signed: which item was changed is known.
      await (await b.find('#open-files')).sendKeys(tampered);
      // Named with its title (issue 25).
      assert.equal(await b.waitText('[data-testid=merge-choice] [data-testid=seal-supervisor]', ': Gewijzigd'),
        `BPV-begeleider: Gewijzigd na ondertekening: ${code} ${quickScanTitle(code)}`);
      await noProblems(b);
    });
    await inSession(engine, async (c) => {
      await c.open(url + '#/openen');
      await (await c.find('#open-files')).sendKeys(tampered);
      await c.waitText('[data-testid=open-results]', 'toegevoegd');
      // A fresh device cannot tell a change from a moved signature, and claims neither (issue 25).
      assert.equal(await c.waitText('[data-testid=open-results] [data-testid=seal-supervisor]', ': Handtekening klopt niet'),
        'BPV-begeleider: Handtekening klopt niet bij deze kolom zoals die nu is (dit apparaat kan niet zien of de kolom is gewijzigd of de handtekening is verplaatst)');
      await noProblems(c);
    });
  }],

  ['feedback: a colleague opens a request, rates one item and sends feedback; the person opens it after a reload, twice', async ({ engine, url }) => {
    // One session at a time (Firefox and WebKit drive one): the person asks and exports their
    // scan; the colleague answers in a fresh one (another device); the person's scan, opened in
    // a third, takes the answer after a reload, and the same answer again.
    const { request, id, rater, scanFile } = await inSession(engine, async (a) => {
      await a.open(url + '#/nieuw');
      await a.driver.findElement(By.xpath("//label[contains(., 'Handreiking Maatschappelijke Ondersteuning')]/input[@type='radio']")).click();
      await a.type(await a.find('#student'), 'Fenna de Boer');
      await a.click('Scan starten');
      const id = await a.until(() => document.querySelector('article.rating') && location.hash.split('/')[2], [], 'the new scan');
      await a.go(`#/scan/${id}/feedback`);
      await a.type(await a.find('#count-colleague'), 1);
      await a.click('Verzoeken maken');
      const rater = await a.until(() => document.querySelector('[data-testid=asked-list] li')?.dataset.rater, [], 'the request');
      let existing = a.downloaded();
      await a.click('Verzoek versturen');
      const request = await a.download(existing, /^feedbackverzoek_Fenna-de-Boer_colleague_.*\.json$/);
      await a.go(`#/scan/${id}/resultaat`);
      await a.waitText('main h1', 'Resultaat');
      existing = a.downloaded();
      await a.click('Exporteren');
      const scanFile = await a.download(existing, /^competentiescan_Fenna-de-Boer_.*\.json$/);
      await noProblems(a);
      return { request, id, rater, scanFile };
    });
    const answer = await inSession(engine, async (b) => {
      await b.open(url + '#/openen');
      await (await b.find('#open-files')).sendKeys(request);
      await b.waitText('[data-testid=open-results]', 'feedbackverzoek van Fenna de Boer geopend');
      await (await b.button('Feedback geven', '[data-testid=open-results] a')).click();
      await b.waitText('[data-testid=request-intro]', 'Fenna de Boer vraagt je om feedback als Collega');
      await b.type(await b.find('#respondent-name'), 'Piet Bakker');
      await rate(b, 0, 65);
      const code = await b.run(() => document.querySelector('article.rating').dataset.code);
      await b.until((code) => Object.keys(localStorage).some((k) => k.startsWith('competentiescan.draft.')
        && JSON.parse(localStorage.getItem(k)).scan.raters[0]?.ratings[code]?.value === 65
        && JSON.parse(localStorage.getItem(k)).scan.raters[0]?.name === 'Piet Bakker'), [code], 'the stored name and rating');
      const existing = b.downloaded();
      await b.click('Verstuur feedback');
      const file = await b.download(existing, /^feedback_Fenna-de-Boer_colleague_.*\.json$/);
      const sent = JSON.parse(fs.readFileSync(file, 'utf8'));
      assert.equal(sent.format, 'competentiescan-feedback');
      assert.equal(sent.scanId, id);
      assert.deepEqual([sent.rater.id, sent.rater.role, sent.rater.name], [rater, 'colleague', 'Piet Bakker']);
      assert.deepEqual(Object.entries(sent.rater.ratings).map(([c, r]) => [c, r.value]), [[code, 65]]);
      // The e-mail is a link, not opened at once: WebKitGTK loads mailto: in the tab, which
      // could cancel the download (see the next flow).
      await b.waitText('[data-testid=send-status]', 'Open de e-mail met de link hieronder');
      const href = await b.run(() => document.querySelector('[data-testid=mailto]').getAttribute('href'));
      assert.match(decodeURIComponent(href), /In de bijlage staat mijn feedback \(feedback_Fenna-de-Boer_colleague_/);
      await noProblems(b);
      return { file, code };
    });
    await inSession(engine, async (c) => {
      await c.open(url + '#/openen');
      await (await c.find('#open-files')).sendKeys(scanFile);
      await c.waitText('[data-testid=open-results]', 'scan van Fenna de Boer toegevoegd');
      // Later: the answer is the first file opened after a reload, then the same one again.
      await c.reload();
      await (await c.find('#open-files')).sendKeys(answer.file);
      await c.waitText('[data-testid=open-results]', 'feedback van Collega Piet Bakker toegevoegd aan de scan van Fenna de Boer.');
      await c.reload();
      await (await c.find('#open-files')).sendKeys(answer.file);
      await c.waitText('[data-testid=open-results]', 'feedback van Collega Piet Bakker bijgewerkt in de scan van Fenna de Boer.');
      const colleagues = await c.run((key, code) => JSON.parse(localStorage.getItem(key)).scan.raters
        .filter((r) => r.role === 'colleague').map((r) => [r.id, r.ratings[code]?.value]), draftKey(id), answer.code);
      assert.deepEqual(colleagues, [[rater, 65]], 'the answer arrived once');
      await noProblems(c);
    });
  }],

  ['"Versturen naar coach" without Web Share: a download and an e-mail link with instructions', async ({ engine, url }) => {
    await inSession(engine, async (page) => {
      const id = await startScan(page, url, 'Sanne Jansen');
      await rate(page, 0, 60);
      await waitStored(page, id, [60]);
      await page.go(`#/scan/${id}/resultaat`);
      await page.waitText('main h1', 'Resultaat');
      const canShareFiles = await page.run(() => typeof navigator.canShare === 'function'
        && navigator.canShare({ files: [new File(['{}'], 'a.json', { type: 'application/json' })] }));
      assert.equal(canShareFiles, false, `${engine.name} on a desktop cannot share files`);
      const existing = page.downloaded();
      await page.click('Versturen naar coach');
      const file = await page.download(existing, EXPORT_NAME);
      assert.equal(JSON.parse(fs.readFileSync(file, 'utf8')).scan.id, id);
      // The e-mail is a link beside the instructions, not opened at once: WebKitGTK loads
      // mailto: in the tab, which cancelled the download still under way (seen in CI).
      await page.waitText('[data-testid=send-status]', 'Open de e-mail met de link hieronder, voeg het bestand toe als bijlage');
      const href = await page.run(() => document.querySelector('[data-testid=mailto]').getAttribute('href'));
      assert.match(href, /^mailto:\?subject=Competentiescan&body=/);
      assert.match(decodeURIComponent(href), /In de bijlage staat de Competentiescan van Sanne Jansen/);
      assert.match(await page.driver.getCurrentUrl(), /#\/scan\/.*\/resultaat$/, 'still on the app');
      await noProblems(page);
    });
  }],
  ['Kader toevoegen reads a Windows-1252 ";" CSV as Dutch Excel saves it; a scan starts with it', async ({ engine, url }) => {
    // As Excel's "CSV (puntkomma)" writes it: Windows-1252 (latin1 holds every accent here),
    // `;`, CRLF, a quoted cell with a line break. One werkproces, two items.
    const rows = [
      'Competentiescan-kader;1', 'Id;zorg-roc', 'Versie;1.0.0', 'Titel;Zorg en welzijn ROC', 'Taal;nl',
      'Doel;beoordeling', 'Uitgever;ROC Midden', 'Jaar;2026', 'Document;Eigen scan', 'Schaal;0;100;5;%',
      'Beoordelaars;student;supervisor',
      'Band;laag;MOET verbeteren;nog niet voldoende;Speerpunt.;ja;<55',
      'Band;hoog;GOED;goed;Geen speerpunt.;nee;',
      '', 'Niveau;Soort;Code;Titel;Indicator',
      '1;Werkproces;W1;Motiveert en beïnvloedt de cliënt;',
      ';;W1-1;Aandacht tonen;"luistert naar de cliënt\r\nvraagt door; ook bij crisis"',
      ';;W1-2;Rapporteren;legt afspraken vast',
    ];
    const file = path.join(tmp, `kader-${engine.name}.csv`);
    fs.writeFileSync(file, Buffer.from(rows.join('\r\n') + '\r\n', 'latin1'));
    await inSession(engine, async (page) => {
      await page.open(url + '#/kaders');
      await (await page.find('#add-framework')).sendKeys(file);
      await page.waitText('[data-testid=framework-added]', 'Kader "Zorg en welzijn ROC" is toegevoegd.');
      await page.waitText('[data-testid=custom-framework-list] li', 'Zorg en welzijn ROC');
      const stored = await page.run(() => {
        const f = JSON.parse(JSON.parse(localStorage.getItem('competentiescan.custom-frameworks')).frameworks[0]);
        return [f.nodes[0].title, ...f.nodes[0].items[0].indicators];
      });
      assert.deepEqual(stored, ['Motiveert en beïnvloedt de cliënt', 'luistert naar de cliënt', 'vraagt door; ook bij crisis']);
      await page.open(url + '#/nieuw');
      await page.driver.findElement(By.xpath("//label[contains(., 'Zorg en welzijn ROC')]/input[@type='radio']")).click();
      await page.type(await page.find('#student'), 'Sanne Jansen');
      await page.click('Scan starten');
      await page.until(() => document.querySelector('article.rating'), [], 'the new scan');
      await page.waitText('main', 'Motiveert en beïnvloedt de cliënt');
      await rate(page, 0, 40);
      await waitChip(page, 0, BANDS.low);
      await noProblems(page);
    });
  }],

  ['Kader bewerken: a copy of the Quick Scan renamed and saved; Delen gives one JSON file that a second session opens with Bestand openen', async ({ engine, url }) => {
    const title = 'Snelscan cliëntgericht – ROC Midden';
    const publisher = 'ROC Midden, team zorg';
    const id = 'snelscan-clientgericht-roc-midden';
    const original = JSON.parse(fs.readFileSync(path.join(ROOT, 'frameworks/quickscan-smd-2014.json'), 'utf8'));
    const codes = (f) => f.nodes.flatMap(function walk(n) { return [n.code, ...(n.items ?? []).map((i) => i.code), ...(n.children ?? []).flatMap(walk)]; });
    const file = await inSession(engine, async (a) => {
      await a.open(url + '#/kaders/quickscan-smd-2014');
      await a.waitText('section.reader h1', original.title);
      await a.click('Kopie bewerken', 'a');
      await a.waitText('main h1', /^Kopie bewerken$/);
      assert.equal(await a.run(() => document.getElementById('edit-title').value), `${original.title} (kopie)`);
      // The editor commits a text field when it is left: by Tab (the title) ...
      await a.type(await a.find('#edit-title'), title);
      await a.until((key, t) => JSON.parse(localStorage.getItem(key) ?? 'null')?.framework?.title === t,
        [PENDING_EDIT_KEY, title], 'the new title in the stored edit');
      // ... and by a click elsewhere (the publisher, typed and left by clicking Opslaan at once).
      await a.run((e) => { e.value = ''; }, await a.find('#edit-publisher'));
      await (await a.find('#edit-publisher')).sendKeys(publisher);
      await a.click('Opslaan');
      await a.until((h) => location.hash === h, [`#/kaders/${id}`], `the reader of ${id}`);
      await a.waitText('section.reader h1', new RegExp(`^${title}$`));
      await a.waitText('[data-testid=framework-version]', /^Versie 1\.0\.0$/);
      await a.waitText('section.reader p.meta', publisher);
      assert.equal(await a.run((key) => localStorage.getItem(key), PENDING_EDIT_KEY), null, 'saved: no unsaved edit left');

      const existing = a.downloaded();
      await a.click('Delen');
      const file = await a.download(existing, new RegExp(`^kader-${id}\\.json$`));
      await a.waitText('[data-testid=share-status]', `Het kader is gedownload als kader-${id}.json.`);
      const shared = JSON.parse(fs.readFileSync(file, 'utf8'));
      assert.deepEqual([shared.format, shared.id, shared.version, shared.title, shared.source.publisher],
        ['competentiescan-framework', id, '1.0.0', title, publisher]);
      assert.deepEqual(codes(shared), codes(original), 'every group and item of the Quick Scan, under its code');
      await noProblems(a);
      return file;
    });
    await inSession(engine, async (b) => {
      await b.open(url + '#/openen');
      await (await b.find('#open-files')).sendKeys(file);
      await b.waitText('[data-testid=framework-added]', `Kader "${title}" is toegevoegd.`);
      assert.deepEqual(await b.run(() => JSON.parse(localStorage.getItem('competentiescan.custom-frameworks')).frameworks.map((f) => JSON.parse(f).id)), [id]);
      await b.click('Nieuwe scan met dit kader', '[data-testid=framework-added] a');
      const offered = await b.until(() => {
        const chosen = [...document.querySelectorAll('input[type=radio]:checked')].map((r) => r.closest('label')?.textContent.trim());
        return chosen.length > 0 && chosen;
      }, [], 'the framework chosen in Nieuwe scan');
      assert.equal(offered.length, 1);
      assert.ok(offered[0].startsWith(title), `Nieuwe scan offers it by its new title: ${offered}`);
      await b.type(await b.find('#student'), 'Sanne Jansen');
      await b.click('Scan starten');
      const scan = await b.until(() => document.querySelector('article.rating') && location.hash.split('/')[2], [], 'the new scan');
      const ref = await b.run((key) => { const f = JSON.parse(localStorage.getItem(key)).scan.framework; return [f.id, f.version]; }, draftKey(scan));
      assert.deepEqual(ref, [id, '1.0.0']);
      await rate(b, 0, 40);
      await waitChip(b, 0, BANDS.low);
      await noProblems(b);
    });
  }],
];

for (const name of selectedEngines()) {
  describe(name, () => {
    let engine;
    let server;
    before(async () => {
      server = await serve({ root: probe(), prefix: SUBPATH });
      engine = await startEngine(name, tmp);
    });
    after(async () => {
      await engine?.stop();
      await server?.close();
    });
    for (const [title, body] of FLOWS) test(title, () => body({ engine, url: server.url }));
  });
}
