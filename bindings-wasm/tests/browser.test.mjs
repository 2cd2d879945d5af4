// The demo page (examples/web) in headless Chromium: Debian's /usr/bin/chromium driven by
// playwright-core, the repository served on 127.0.0.1 from this test. Routes the surgery case of
// Sud Haut-Marnais before and after the surgery GCS and saves screenshots to out/.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
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

async function routeOn(page, date) {
  const before = Number((await page.getAttribute('body', 'data-routed')) ?? 0);
  await page.fill('#date', date);
  await page.click('#route');
  await page.waitForSelector(`body[data-routed="${before + 1}"]`, { state: 'attached' });
  return {
    target: await page.getAttribute('#decision', 'data-target'),
    text: await page.textContent('#decision'),
    alternatives: await page.$$eval('#alternatives tbody tr', (rows) => rows.map((r) => r.dataset.site)),
    route: await page.$$eval('#route-layer polyline', (l) => l.length),
    mapTarget: await page.$$eval('#map .site.target', (s) => s.map((g) => g.dataset.site)),
  };
}

test('the demo routes Langres surgery to CHU Dijon, then to the Clinique de la Compassion', async () => {
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(`${base}/examples/web/`);
  await page.waitForSelector('body[data-ready="1"]', { state: 'attached', timeout: 15000 });

  const seeds = await page.$$eval('#network option', (o) => o.map((x) => x.value));
  assert.equal(seeds.length, 5);
  await page.selectOption('#network', 'alliance-ouest-parisien');
  await page.waitForSelector('body[data-network="alliance-ouest-parisien"]', { state: 'attached' });
  await page.selectOption('#network', 'sud-haut-marnais');
  await page.waitForSelector('body[data-network="sud-haut-marnais"]', { state: 'attached' });
  assert.ok((await page.$$('#map .site')).length >= 10, 'the sites are on the map');
  assert.ok(await page.isVisible('#diagnostics-panel'), 'the network diagnostics are shown');
  assert.match(await page.textContent('#diagnostics-counts'), /\d+ erreur\(s\), \d+ avertissement\(s\)/);
  assert.ok((await page.$$('#diagnostics li')).length >= 1);

  await page.selectOption('#filiere', 'chirurgie');
  await page.selectOption('#level', 'reference');
  await page.selectOption('#origin', 'ch-langres');

  mkdirSync(join(ROOT, 'out'), { recursive: true });
  const before = await routeOn(page, '2017-09-15');
  await page.screenshot({ path: join(ROOT, 'out/demo-2017-09-15.png'), fullPage: true });
  assert.equal(before.target, 'chu-dijon');
  assert.match(before.text, /CHU Dijon|Dijon/);
  assert.match(before.text, /recours/);
  assert.deepEqual(before.alternatives, ['ch-langres']);
  assert.equal(before.route, 1);
  assert.deepEqual(before.mapTarget, ['chu-dijon']);

  const after = await routeOn(page, '2017-10-02');
  assert.equal(after.target, 'clinique-compassion-langres');
  assert.match(after.text, /Compassion/);
  assert.match(after.text, /partenaire/);
  assert.deepEqual(after.mapTarget, ['clinique-compassion-langres']);

  await page.screenshot({ path: join(ROOT, 'out/demo-2017-10-02.png'), fullPage: true });

  // An origin that is a place rather than a site also gets a decision on the page.
  await page.selectOption('#origin', 'loc-langres');
  await routeOn(page, '2017-09-15');
  assert.ok(['routed', 'no_route'].includes(await page.getAttribute('#decision', 'data-outcome')));
  assert.deepEqual(consoleErrors, []);
});

test('a bad dropped network shows its load error and the page stays usable', async () => {
  const page = await context.newPage();
  await page.goto(`${base}/examples/web/`);
  await page.waitForSelector('body[data-ready="1"]', { state: 'attached', timeout: 15000 });
  await page.setInputFiles('#file', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"id": "x",') });
  await page.waitForSelector('#error:not([hidden])');
  assert.match(await page.textContent('#error'), /broken\.json.*L001/s);
  const seed = readFileSync(join(ROOT, 'examples/networks/sud-haut-marnais.json'));
  await page.setInputFiles('#file', { name: 'shm.json', mimeType: 'application/json', buffer: seed });
  await page.waitForSelector('#error[hidden]', { state: 'attached' });
  await page.selectOption('#filiere', 'chirurgie');
  await page.selectOption('#level', 'reference');
  await page.selectOption('#origin', 'ch-langres');
  assert.equal((await routeOn(page, '2017-10-02')).target, 'clinique-compassion-langres');
});
