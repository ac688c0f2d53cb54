// Kaders: every bundled framework opens and shows its text, the variant switch and search work,
// and a school's own framework can be added (and survives a reload) or is refused with a reason.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, newPage, ready } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

async function openFramework(page, id) {
  await page.goto(`${env.server.url}#/kaders/${id}`);
  await ready(page);
  await page.locator('section.reader h1').waitFor();
}

/** Opens the collapsible levels with these codes, outermost first, and waits for each body. */
async function expand(page, codes) {
  for (const code of codes) {
    await page.locator(`details[data-code="${code}"] > summary`).click();
    await page.locator(`details[data-code="${code}"] > .node-body`).waitFor();
  }
}

test('the Kaders screen lists the five frameworks with publisher, year and purpose', async () => {
  const { page, problems, context } = await newPage(env.browser);
  await page.goto(env.server.url);
  await ready(page);
  await page.getByRole('link', { name: 'Kaders', exact: true }).click();
  await page.locator('main h1', { hasText: 'Kaders' }).waitFor();
  const cards = page.getByTestId('framework-list').locator('li');
  assert.equal(await cards.count(), 5);
  const text = await page.getByTestId('framework-list').textContent();
  assert.match(text, /Quick Scan/);
  assert.match(text, /Movisie · 2013 · Reflectiekader/);
  assert.match(text, /2014 · Beoordelingskader/);
  assert.deepEqual(problems, []);
  await context.close();
});

const KNOWN = [
  ['quickscan-smd-2014', ['K2', '2.3'], 'stimuleert de cliënt om kritisch naar zichzelf te kijken en zich bewust te worden van zijn uitgavengedrag'],
  ['kd-maatschappelijke-zorg', ['B1-K1', 'B1-K1-W3'], 'motiveert de cliënt doelbewust om uitdagingen gericht op zijn ontwikkeling bij wonen en huishouden aan te gaan;'],
  ['sociaal-financiele-dienstverlening-2021', ['C6'], 'Maakt betrokkenen duidelijk op te komen voor de rechten en positie van cliënten en toont een stevige en weerbare houding.'],
  ['beroepsprofiel-sam-2020', ['C3'], 'Relevante wet- en regelkennis hebben'],
  ['movisie-maatschappelijke-ondersteuning-2013', ['K3'], 'De sociaal werker maatschappelijke ondersteuning verbindt individuele vragen en behoeften met de potenties van vrijwilligers'],
];

for (const [id, codes, known] of KNOWN) {
  test(`${id} opens and shows a known text`, async () => {
    const { page, problems, context } = await newPage(env.browser);
    await openFramework(page, id);
    const item = page.getByText(known);
    assert.equal(await item.isVisible(), false, 'collapsed at first');
    await expand(page, codes);
    assert.equal(await item.isVisible(), true);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test('SAM and Movisie say they are reflection frameworks', async () => {
  const { page, context } = await newPage(env.browser);
  for (const id of ['beroepsprofiel-sam-2020', 'movisie-maatschappelijke-ondersteuning-2013']) {
    await openFramework(page, id);
    assert.match(await page.locator('section.reader .chip').textContent(), /Reflectiekader \(geen oordeel/);
  }
  await context.close();
});

test('the HBO/MBO switch shows the indicators of the chosen level', async () => {
  const { page, context } = await newPage(env.browser);
  await openFramework(page, 'sociaal-financiele-dienstverlening-2021');
  await expand(page, ['C1']);
  const item = page.locator('article.item[data-code="1.3"]');
  const hbo = 'Verstrekt informatie over eigen rol en bevoegdheden en zet eigen positie';
  const mbo = 'Verstrekt informatie over de eigen rol en bevoegdheden.';
  assert.equal(await page.getByRole('button', { name: 'HBO' }).getAttribute('aria-pressed'), 'true');
  assert.match(await item.textContent(), new RegExp(hbo));
  assert.doesNotMatch(await item.textContent(), new RegExp(mbo.replace('.', '\\.')));
  await page.getByRole('button', { name: 'MBO' }).click();
  assert.equal(await page.getByRole('button', { name: 'MBO' }).getAttribute('aria-pressed'), 'true');
  await page.locator('article.item[data-code="1.3"]', { hasText: mbo }).waitFor();
  assert.doesNotMatch(await page.locator('article.item[data-code="1.3"]').textContent(), new RegExp(hbo));
  await context.close();
});

test('the profile switch of the kwalificatiedossier adds the profile werkprocessen', async () => {
  const { page, context } = await newPage(env.browser);
  await openFramework(page, 'kd-maatschappelijke-zorg');
  assert.equal(await page.locator('details[data-code="P6-K1"]').count(), 0, 'basisdeel only');
  await page.getByRole('button', { name: /Persoonlijk begeleider/ }).click();
  await page.locator('details[data-code="P6-K1"]').waitFor();
  await expand(page, ['P6-K1']);
  assert.equal(await page.locator('details[data-code="P6-K1"] details.node').count(), 6);
  await context.close();
});

test('search lists matches with highlights, accent-insensitively, and reveals one in the tree', async () => {
  const { page, problems, context } = await newPage(env.browser);
  await openFramework(page, 'sociaal-financiele-dienstverlening-2021');
  const search = page.getByLabel('Zoeken in dit kader');
  await search.fill('weerbare houding');
  await page.getByRole('status').filter({ hasText: '1 treffer.' }).waitFor();
  const results = page.getByTestId('search-results');
  assert.equal(await results.locator('mark').textContent(), 'weerbare houding');
  assert.match(await results.textContent(), /Competentiecluster C6 › Komt op voor de rechten en financiële belangen van cliënten/);
  await results.getByRole('button', { name: 'Toon in kader' }).click();
  const item = page.locator('article.item.target[data-code="6.3"]');
  await item.waitFor();
  assert.equal(await item.isVisible(), true, 'its level is opened and the item marked');
  await page.waitForFunction(() => document.getElementById('framework-search').value === '');

  await search.fill('client');
  await results.locator('mark', { hasText: 'cliënt' }).first().waitFor();
  await search.fill('het');
  await page.getByRole('status').filter({ hasText: /\d{3} treffers/ }).waitFor();
  const status = await page.getByRole('status').textContent();
  const total = Number(status.match(/(\d+) treffers/)[1]);
  assert.ok(total > 50, `a common word has many hits (${total})`);
  assert.equal(await results.locator('li').count(), 50, 'only the first 50 are rendered');
  await page.getByRole('button', { name: /Meer treffers tonen/ }).click();
  await results.locator('li').nth(Math.min(100, total) - 1).waitFor();
  assert.equal(await results.locator('li').count(), Math.min(100, total));

  await search.fill('xyzzy');
  await page.getByRole('status').filter({ hasText: 'Geen treffers.' }).waitFor();
  assert.equal(await page.locator('mark').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('levels stay open when the variant changes', async () => {
  const { page, context } = await newPage(env.browser);
  await openFramework(page, 'sociaal-financiele-dienstverlening-2021');
  await expand(page, ['C1']);
  await page.getByRole('button', { name: 'MBO' }).click();
  await page.locator('article.item[data-code="1.3"]', { hasText: 'Verstrekt informatie over de eigen rol en bevoegdheden.' }).waitFor();
  assert.equal(await page.locator('article.item[data-code="1.3"]').isVisible(), true);
  await context.close();
});

test('the reader fits a 360 px wide phone screen, also with every level open', async () => {
  const { page, context } = await newPage(env.browser, { viewport: { width: 360, height: 740 } });
  for (const id of ['kd-maatschappelijke-zorg', 'sociaal-financiele-dienstverlening-2021']) {
    await openFramework(page, id);
    // Bodies are built when a level opens, revealing closed sub-levels: open until none is left.
    await page.waitForFunction(() => {
      const closed = [...document.querySelectorAll('details:not([open])')];
      closed.forEach((d) => { d.open = true; });
      return closed.length === 0 && document.querySelectorAll('details .node-body').length === document.querySelectorAll('details').length;
    }, null, { polling: 'raf' });
    assert.ok(await page.locator('article.item').count() >= 30, 'every item is rendered');
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `${id}: page is ${width}px wide`);
  }
  await context.close();
});

function customFramework(overrides = {}) {
  return {
    format: 'competentiescan-framework', formatVersion: 1, id: 'roc-eigen-kader', version: '1.0.0',
    title: 'Eigen kader ROC Midden', language: 'nl', purpose: 'assessment',
    source: { publisher: 'ROC Midden', year: 2026, document: 'Eigen competentielijst' },
    scale: { min: 0, max: 100, step: 5, unit: '%' },
    bands: [
      { id: 'laag', label: 'MOET verbeteren', meaning: 'nog niet voldoende', advice: 'Speerpunt.', focus: true, below: 55 },
      { id: 'midden', label: 'Aan werken', meaning: 'voldoende', advice: 'Werk eraan.', focus: true, upTo: 75 },
      { id: 'hoog', label: 'GOED', meaning: 'goed', advice: 'Geen speerpunt.', focus: false },
    ],
    raters: ['student', 'supervisor'],
    nodes: [{ code: 'A', kind: 'Onderdeel', title: 'Gesprekken voeren', items: [
      { code: 'A1', title: 'Voert een intakegesprek', indicators: ['stelt open vragen aan de <b>cliënt</b>'] },
    ] }],
    ...overrides,
  };
}

async function addFile(page, name, content) {
  await page.locator('#add-framework').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(content) });
}

test('a valid custom framework is added, survives a reload, opens, and can be removed', async () => {
  const { page, problems, context } = await newPage(env.browser);
  await page.goto(env.server.url + '#/kaders');
  await ready(page);
  await addFile(page, 'eigen.json', JSON.stringify(customFramework()));
  await page.getByRole('status').filter({ hasText: 'is toegevoegd' }).waitFor();
  await page.reload();
  await ready(page);
  const custom = page.getByTestId('custom-framework-list');
  assert.match(await custom.textContent(), /Eigen kader ROC Midden/);
  await custom.getByRole('link', { name: 'Eigen kader ROC Midden' }).click();
  await expand(page, ['A']);
  // Text from a file is shown as text, never interpreted as HTML.
  assert.equal(await page.getByText('stelt open vragen aan de <b>cliënt</b>').isVisible(), true);
  assert.equal(await page.locator('section.reader b').count(), 0);
  await page.goBack();
  page.once('dialog', (d) => d.accept());
  await page.getByTestId('custom-framework-list').getByRole('button', { name: 'Verwijderen' }).click();
  await page.reload();
  await ready(page);
  assert.equal(await page.getByTestId('custom-framework-list').locator('li').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an invalid framework file gets an error that names the problem, and changes nothing', async () => {
  const { page, context } = await newPage(env.browser);
  await page.goto(env.server.url + '#/kaders');
  await ready(page);
  await addFile(page, 'eigen.json', JSON.stringify(customFramework()));
  await page.getByRole('status').filter({ hasText: 'is toegevoegd' }).waitFor();
  const before = await page.evaluate(() => localStorage.getItem('competentiescan.custom-frameworks'));

  const overlapping = customFramework({ id: 'ander-kader' });
  overlapping.bands[1].upTo = 50;
  await addFile(page, 'fout.json', JSON.stringify(overlapping));
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.textContent(), /band midden: bandgrenzen overlappen/);

  await addFile(page, 'kapot.json', '{"format": "competentiescan-framework",');
  await alert.filter({ hasText: 'geen geldige JSON' }).waitFor();

  const duplicate = customFramework({ nodes: [{ code: 'A', kind: 'X', title: 'T', items: [{ code: 'A', title: 'dubbel' }] }] });
  duplicate.id = 'nog-een';
  await addFile(page, 'dubbel.json', JSON.stringify(duplicate));
  await alert.filter({ hasText: 'item A: code "A" komt meer dan eens voor' }).waitFor();

  // The same framework again (same content hash): nothing to ask, nothing added.
  await addFile(page, 'zelfde.json', JSON.stringify(customFramework(), null, 2));
  await alert.filter({ hasText: 'staat er al, met precies deze inhoud: er is niets toegevoegd.' }).waitFor();

  assert.equal(await page.evaluate(() => localStorage.getItem('competentiescan.custom-frameworks')), before);
  assert.equal(await page.getByTestId('custom-framework-list').locator('li').count(), 1);
  await context.close();
});
