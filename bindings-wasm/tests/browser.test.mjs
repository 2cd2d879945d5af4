// The demo page (examples/web) in headless Chromium: Debian's /usr/bin/chromium driven by
// playwright-core, the repository served on 127.0.0.1 from this test. Chooses a network, routes
// the surgery case of Sud Haut-Marnais before and after the surgery GCS, checks the territory
// map (outlines, groupings, labels that do not overlap), colours the Haute-Marne communes by
// coverage, drops a broken network, and lays the page out at 390 px; screenshots go to out/.
// The time from navigation to the first decision is printed (a diagnostic, never asserted).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

import { Network } from '../pkg/node.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.geojson': 'application/geo+json',
  '.csv': 'text/csv; charset=utf-8',
};

let server;
let base;
let context;
let profile;
const consoleErrors = [];

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: run scripts/setup.sh browser`);
  assert.ok(existsSync(join(ROOT, 'examples/web/pkg/index.mjs')), 'run scripts/build-wasm.sh first');
  server = createServer((req, res) => {
    let path = normalize(join(ROOT, decodeURIComponent(new URL(req.url, 'http://x').pathname)));
    if (path.endsWith(sep)) path = join(path, 'index.html');
    const ext = path.slice(path.lastIndexOf('.'));
    if (!path.startsWith(ROOT) || path.includes(`${sep}node_modules${sep}`) || !TYPES[ext] || !existsSync(path)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[ext] }).end(readFileSync(path));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
  profile = mkdtempSync(join(tmpdir(), 'parcours-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

after(async () => {
  await context?.close();
  server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** The number of decisions the page has shown. */
async function routedCount(page) {
  return Number((await page.getAttribute('body', 'data-routed')) ?? 0);
}

/** Sets the date (the page re-routes the last case on a date change), then routes the form's
 *  case and waits for its decision. */
async function routeOn(page, date) {
  await page.fill('#date', date);
  const before = await routedCount(page);
  await page.click('#route');
  await page.waitForSelector(`body[data-routed="${before + 1}"]`, { state: 'attached' });
  return decision(page);
}

async function decision(page) {
  return {
    target: await page.getAttribute('#decision', 'data-target'),
    text: await page.textContent('#decision'),
    alternatives: await page.$$eval('#alternatives tbody tr', (rows) => rows.map((r) => r.dataset.site)),
    route: await page.$$eval('#map .layer-route polyline', (l) => l.length),
    mapTarget: await page.$$eval('#map .site.target', (s) => s.map((g) => g.dataset.site)),
  };
}

/** Waits until the map has drawn (it draws on the next animation frame). */
async function drawn(page) {
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** The labels on the map that overlap another one (their rendered boxes), as pairs of texts;
 *  and how many labels there are. */
async function overlappingLabels(page) {
  return page.$$eval('#map text.label', (texts) => {
    const boxes = texts.map((t) => [t.textContent, t.getBoundingClientRect()]);
    const pairs = [];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, ra] = boxes[i];
        const [b, rb] = boxes[j];
        if (ra.left < rb.right - 1 && rb.left < ra.right - 1 && ra.top < rb.bottom - 1 && rb.top < ra.bottom - 1) pairs.push([a, b]);
      }
    }
    return { count: boxes.length, pairs };
  });
}

async function open(page) {
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(`${base}/examples/web/`);
  await page.waitForSelector('body[data-ready="1"]', { state: 'attached', timeout: 15000 });
}

test('the demo routes Langres surgery to CHU Dijon, then to the Clinique de la Compassion', async (t) => {
  const page = await context.newPage();
  await open(page);
  // The page routes a first case by itself: the time from navigation to that decision.
  const first = Number(await page.getAttribute('body', 'data-first-decision-ms'));
  assert.ok(first > 0);
  const marks = await page.evaluate(() =>
    performance.getEntriesByType('mark').map((m) => `${m.name.replace('parcours:', '')} ${Math.round(m.startTime)}`).join(', '),
  );
  t.diagnostic(`page load to first decision: ${first} ms (first load in a fresh browser; marks in ms: ${marks})`);

  const seeds = await page.$$eval('#network option', (o) => o.map((x) => x.value));
  assert.equal(seeds.length, 5);
  mkdirSync(join(ROOT, 'out'), { recursive: true });

  // The Alliance: 15 sites in a few communes of the Hauts-de-Seine, labels placed apart.
  await page.selectOption('#network', 'alliance-ouest-parisien');
  await page.waitForSelector('body[data-network="alliance-ouest-parisien"]', { state: 'attached' });
  await drawn(page);
  let labels = await overlappingLabels(page);
  assert.deepEqual(labels.pairs, [], 'no two labels of the Alliance overlap');
  assert.ok(labels.count >= 10, `most Alliance sites are labelled (${labels.count} labels)`);
  assert.ok((await page.$$('#map .departements path')).length >= 3, 'département outlines around Paris');
  assert.ok((await page.$$('#map .hull')).length >= 2, 'the Alliance and its GCSs are drawn');
  await page.screenshot({ path: join(ROOT, 'out/page-alliance.png'), fullPage: true });
  await page.click('#zoom-in');
  await page.click('#zoom-in');
  await drawn(page);
  labels = await overlappingLabels(page);
  assert.deepEqual(labels.pairs, [], 'nor once zoomed in');

  await page.selectOption('#network', 'sud-haut-marnais');
  await page.waitForSelector('body[data-network="sud-haut-marnais"]', { state: 'attached' });
  await drawn(page);
  assert.ok((await page.$$('#map .site')).length >= 10, 'the sites are on the map');
  assert.equal((await page.$$('#map .communes path')).length, 426, 'every Haute-Marne commune is outlined');
  assert.ok((await page.$$('#map .departements path')).length >= 2);
  assert.deepEqual((await overlappingLabels(page)).pairs, []);
  // Groupings: the legend says which sites form the GHT and the surgery GCS.
  const ght = await page.textContent('#groupings-legend li[data-grouping="ght-21-52"]');
  assert.match(ght, /GHT/);
  assert.match(ght, /CHU Dijon Bourgogne \(établissement support\)/);
  assert.match(await page.textContent('#groupings-legend li[data-grouping="gcs-chirurgie-shm"]'), /GCS établissement de santé.*Clinique de la Compassion/s);
  assert.ok(await page.isVisible('#diagnostics-panel'), 'the network diagnostics are shown');
  assert.match(await page.textContent('#diagnostics-counts'), /\d+ erreur\(s\), \d+ avertissement\(s\)/);
  assert.ok((await page.$$('#diagnostics li')).length >= 1);

  // Origins are sites, not places; levels and filières by their names.
  const origins = await page.$$eval('#origin option', (o) => o.map((x) => x.value));
  assert.ok(origins.includes('ch-langres'));
  assert.deepEqual(origins.filter((o) => o.startsWith('loc-')), []);
  assert.deepEqual(await page.$$eval('#filiere option', (o) => o.map((x) => x.textContent)), ['Chirurgie']);
  assert.deepEqual(await page.$$eval('#level option', (o) => o.slice(1).map((x) => x.textContent)), ['proximité', 'référence', 'recours']);

  await page.selectOption('#filiere', 'chirurgie');
  await page.selectOption('#level', 'reference');
  await page.selectOption('#origin', 'ch-langres');
  const before = await routeOn(page, '2017-09-15');
  await page.screenshot({ path: join(ROOT, 'out/demo-2017-09-15.png'), fullPage: true });
  assert.equal(before.target, 'chu-dijon');
  assert.match(before.text, /CHU Dijon/);
  assert.match(before.text, /recours/);
  assert.match(before.text, /Niveau demandéréférence/);
  assert.deepEqual(before.alternatives, ['ch-langres']);
  assert.equal(before.route, 1);
  assert.deepEqual(before.mapTarget, ['chu-dijon']);

  // The decision follows the date input (the hook a history slider will drive).
  const routed = await routedCount(page);
  await page.fill('#date', '2017-10-02');
  await page.waitForFunction((n) => Number(document.body.dataset.routed) > n, routed);
  await drawn(page);
  const after = await decision(page);
  assert.equal(after.target, 'clinique-compassion-langres');
  assert.match(after.text, /Compassion/);
  assert.match(after.text, /partenaire/);
  assert.deepEqual(after.mapTarget, ['clinique-compassion-langres']);
  await page.screenshot({ path: join(ROOT, 'out/demo-2017-10-02.png'), fullPage: true });

  // The history slider moves the date across the start of the surgery GCS (2017-10-01), which
  // the history list names; the decision follows.
  const history = await page.$$eval('#history li', (items) => items.map((li) => li.textContent));
  assert.ok(history.some((t) => t.startsWith('2017-10-01')), history.join('\n'));
  // The timeline is in French, from the module's catalogue (`history({lang: 'fr'})`).
  assert.ok(history.some((t) => / rejoint /.test(t)), history.join('\n'));
  assert.ok(!history.some((t) => / (joins|leaves|opens|closes|starts|ends) /.test(t)), history.join('\n'));
  const slide = async (iso) => {
    const n = await routedCount(page);
    await page.$eval('#date-slider', (s, day) => {
      s.value = String(day);
      s.dispatchEvent(new Event('input', { bubbles: true }));
    }, Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000));
    await page.waitForFunction((k) => Number(document.body.dataset.routed) > k, n);
    await drawn(page);
    assert.equal(await page.inputValue('#date'), iso);
    return decision(page);
  };
  assert.equal((await slide('2017-09-20')).target, 'chu-dijon');
  assert.equal(await page.$$eval('#history li.past', (l) => l.some((li) => li.textContent.startsWith('2017-10-01'))), false);
  assert.equal((await slide('2017-10-05')).target, 'clinique-compassion-langres');
  assert.equal(await page.$$eval('#history li.past', (l) => l.some((li) => li.textContent.startsWith('2017-10-01'))), true);
  await page.screenshot({ path: join(ROOT, 'out/page-history.png'), fullPage: true });
  assert.deepEqual(consoleErrors, []);
});

test('what if: without the surgery GCS, the Langres case and the coverage change', async () => {
  const page = await context.newPage();
  await open(page);
  await page.selectOption('#network', 'sud-haut-marnais');
  await page.waitForSelector('body[data-network="sud-haut-marnais"]', { state: 'attached' });
  await page.selectOption('#filiere', 'chirurgie');
  await page.selectOption('#level', 'reference');
  await page.selectOption('#origin', 'ch-langres');
  const now = await routeOn(page, '2018-01-01');
  assert.equal(now.target, 'clinique-compassion-langres');

  // The change file of examples/analysis, as the CLI and Python read it, routed here in Node:
  // what the page must show for the network without the GCS.
  const changes = JSON.parse(readFileSync(join(ROOT, 'examples/analysis/sud-haut-marnais-without-surgery-gcs.json'), 'utf8'));
  const network = Network.fromJson(readFileSync(join(ROOT, 'examples/networks/sud-haut-marnais.json'), 'utf8'));
  const expected = network
    .applyChanges(changes)
    .compile()
    .route({ filiere: 'chirurgie', level: 'reference', origin: 'ch-langres', date: '2018-01-01' });
  assert.notEqual(expected.target, now.target);

  const options = await page.$$eval('#whatif-change option', (o) => o.map((x) => x.value));
  const removeGcs = JSON.stringify(changes[0]);
  assert.ok(options.includes(removeGcs), options.join('\n'));
  assert.ok(options.some((o) => o.includes('"close_capability"')) && options.some((o) => o.includes('"remove_member"')));
  await page.selectOption('#whatif-change', removeGcs);
  await page.click('#whatif');
  await page.waitForSelector('body[data-whatif="1"]', { state: 'attached' });
  assert.equal(await page.getAttribute('body', 'data-whatif-before'), 'clinique-compassion-langres');
  assert.equal(await page.getAttribute('body', 'data-whatif-after'), expected.target);
  const rows = await page.$$eval('#whatif-table tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  const orientation = rows.find((r) => r[0] === 'Orientation du cas');
  assert.match(orientation[1], /Compassion/);
  assert.match(orientation[2], /CHU Dijon/);
  // The coverage of the Haute-Marne communes, before and after: some communes go elsewhere.
  const before = Number(await page.getAttribute('body', 'data-whatif-beyond-before'));
  const after = Number(await page.getAttribute('body', 'data-whatif-beyond-after'));
  assert.ok(Number.isFinite(before) && Number.isFinite(after), `${before} ${after}`);
  const moved = rows.find((r) => r[0] === 'Communes orientées ailleurs');
  assert.match(moved[2], /^[1-9][\d\u202f ]* sur /, moved.join(' | '));
  assert.deepEqual(JSON.parse(await page.textContent('#whatif-json')), changes);
  // In French: no English word of the core's texts in the decision or its explanation.
  const explanation = await page.textContent('#trace');
  assert.doesNotMatch(explanation, /\b(rule|level|site cannot|escalat)/i, explanation);
  await page.$eval('#whatif-panel details', (d) => (d.open = true));
  await drawn(page);
  await page.screenshot({ path: join(ROOT, 'out/page-whatif.png'), fullPage: true });

  // Another date re-runs the comparison: before the GCS, the change changes nothing.
  await page.fill('#date', '2017-09-15');
  await page.waitForSelector('body[data-whatif="2"]', { state: 'attached' });
  assert.equal(await page.getAttribute('body', 'data-whatif-before'), await page.getAttribute('body', 'data-whatif-after'));
  assert.deepEqual(consoleErrors, []);
});

test('coverage colours the Haute-Marne communes and gives the CLI figures', async () => {
  const page = await context.newPage();
  await open(page);
  await page.selectOption('#level', 'reference');
  await page.fill('#date', '2018-01-01');
  await page.uncheck('#coverage-departements input[value="21"]');
  await page.click('#coverage');
  await page.waitForSelector('body[data-coverage="1"]', { state: 'attached' });
  await drawn(page);
  // `parcours coverage ... --communes --departement 52 --filiere chirurgie --level reference
  // --date 2018-01-01` (README, ./run.sh): 168,331 inhabitants, 94,637 within 30 km.
  const band = (within) => page.getAttribute(`#coverage-summary [data-within="${within}"]`, 'data-population').then(Number);
  assert.equal(await band(30), 94637);
  assert.equal(await band(45), 119460);
  assert.match(await page.textContent('#coverage-title'), /426 communes.*168\s331 habitants/);
  const fills = await page.$$eval('#map .communes path.covered', (p) => p.map((x) => x.style.fill));
  assert.equal(fills.length, 426, 'every commune is coloured');
  assert.ok(new Set(fills).size >= 3, 'by distance class');
  const langres = () => page.$eval('#map .communes path[data-code="52269"]', (p) => [p.style.fill, p.querySelector('title').textContent]);
  const [, withGcs] = await langres();
  assert.match(withGcs, /Langres.*Clinique de la Compassion/s);
  await page.screenshot({ path: join(ROOT, 'out/page-coverage-2018-01-01.png'), fullPage: true });

  // Before the surgery GCS (2017-09-15) the same communes go to Chaumont: the map follows.
  await page.fill('#date', '2017-09-15');
  await page.waitForSelector('body[data-coverage="2"]', { state: 'attached' });
  await drawn(page);
  assert.ok((await band(30)) < 94637, 'fewer people within 30 km before the GCS');
  const [, withoutGcs] = await langres();
  assert.doesNotMatch(withoutGcs, /Compassion/);
  await page.screenshot({ path: join(ROOT, 'out/page-coverage-2017-09-15.png'), fullPage: true });

  // A click on a commune routes a case from there (the commune reference of the engine).
  await page.fill('#date', '2018-01-01');
  const routed = await routedCount(page);
  const box = await page.$eval('#map .communes path[data-code="52269"]', (p) => {
    const r = p.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  });
  const hit = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('[data-code]')?.dataset.code ?? null, box);
  if (hit === '52269') {
    await page.mouse.click(box.x, box.y);
  } else {
    // A marker covers the middle of Langres: click through the map's own handler instead.
    await page.dispatchEvent('#map .communes path[data-code="52269"]', 'pointerdown');
    await page.dispatchEvent('#map .communes path[data-code="52269"]', 'pointerup');
  }
  await page.waitForSelector(`body[data-routed="${routed + 1}"]`, { state: 'attached' });
  assert.equal(await page.inputValue('#origin'), 'commune:52269');
  assert.equal(await page.getAttribute('#decision', 'data-outcome'), 'routed');
  assert.deepEqual(consoleErrors, []);
});

test('a broken dropped network clears the page and shows its located error', async () => {
  const page = await context.newPage();
  await open(page);
  assert.ok((await page.$$('#map .site')).length > 0);
  await page.setInputFiles('#file', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"id": "x",\n  "name": ') });
  await page.waitForSelector('#error:not([hidden])');
  await drawn(page);
  const error = await page.textContent('#error');
  // In French, as the page is (the core's catalogue): no English reader text.
  assert.match(error, /^broken\.json, ligne 2, colonne \d+ (\(à \S+\) )?: le texte s'arrête avant une valeur \(L001\)\n  → le fichier n'est pas du JSON bien formé/);
  // Nothing of the previous network stays on screen.
  assert.equal(await page.getAttribute('body', 'data-network'), null);
  assert.equal(await page.getAttribute('body', 'data-load-error'), 'broken.json');
  assert.equal((await page.$$('#map .site, #map .communes path, #map .hull')).length, 0);
  assert.match(await page.textContent('#map text.empty'), /broken\.json n'a pas pu être chargé/);
  assert.equal((await page.$$('#origin option')).length, 0);
  assert.ok(await page.isDisabled('#route'));
  assert.ok(await page.isHidden('#diagnostics-panel'));
  assert.equal(await page.getAttribute('#decision', 'data-target'), null);
  await page.screenshot({ path: join(ROOT, 'out/page-broken-file.png'), fullPage: true });

  // A network that parses but refers to an unknown entity: its pointer and entity.
  const bad = JSON.parse(readFileSync(join(ROOT, 'examples/networks/sud-haut-marnais.json'), 'utf8'));
  bad.sites[0].legal_entity = 'ej-nowhere';
  await page.setInputFiles('#file', { name: 'bad-ref.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad, null, 2)) });
  await page.waitForFunction(() => document.querySelector('#error').textContent.startsWith('bad-ref.json'));
  // Located at its line and column in the file, like a syntax error.
  assert.match(await page.textContent('#error'), /^bad-ref\.json, ligne \d+, colonne \d+ \(à \/sites\/0\/legal_entity\) : référence inconnue `ej-nowhere` \(type attendu : entité juridique\) \(L004\)\n  → /);

  const seed = readFileSync(join(ROOT, 'examples/networks/sud-haut-marnais.json'));
  await page.setInputFiles('#file', { name: 'shm.json', mimeType: 'application/json', buffer: seed });
  await page.waitForSelector('#error[hidden]', { state: 'attached' });
  await page.selectOption('#filiere', 'chirurgie');
  await page.selectOption('#level', 'reference');
  await page.selectOption('#origin', 'ch-langres');
  assert.equal((await routeOn(page, '2017-10-02')).target, 'clinique-compassion-langres');
  assert.deepEqual(consoleErrors, []);
});

test('at 390 px wide the page fits, and every control has a label', async () => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page);
  await drawn(page);
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    map: document.getElementById('map').getBoundingClientRect().width,
  }));
  assert.ok(widths.page <= 390, `no horizontal scrolling (${widths.page} px)`);
  assert.ok(widths.map <= 380 && widths.map >= 300, `the map fills the width (${widths.map} px)`);
  assert.deepEqual((await overlappingLabels(page)).pairs, []);
  const unlabelled = await page.$$eval('input, select, button, textarea', (controls) =>
    controls
      .filter((c) => !(c.labels?.length > 0 || c.getAttribute('aria-label') || (c.tagName === 'BUTTON' && c.textContent.trim())))
      .map((c) => c.id || c.outerHTML),
  );
  assert.deepEqual(unlabelled, []);
  await page.screenshot({ path: join(ROOT, 'out/page-390.png'), fullPage: true });
  assert.deepEqual(consoleErrors, []);
});
