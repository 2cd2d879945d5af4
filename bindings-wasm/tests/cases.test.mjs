// The shared test files (examples/cases/*.json: cases with expected decisions, questions at a
// date with expected answers) through the WebAssembly build of the core's runner
// (`network.runTests`), as core/tests/cases.rs and `parcours test` run them.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';

import { Network } from '../pkg/node.mjs';
import { ROOT, caseFileCommunes } from './helpers.mjs';

const CASES = new URL('examples/cases/', ROOT);
const FILES = readdirSync(CASES)
  .filter((f) => f.endsWith('.json'))
  .sort();

test('there are case files for every seed network', () => {
  assert.ok(FILES.length >= 5, `only ${FILES.length} case files`);
});

let cases = 0;
let questions = 0;
for (const file of FILES) {
  const text = readFileSync(new URL(file, CASES), 'utf8');
  const cf = JSON.parse(text);
  const network = Network.fromJson(readFileSync(new URL(cf.network, new URL(file, CASES)), 'utf8'));
  cases += cf.cases.length;
  questions += (cf.questions ?? []).length;
  // The commune reference a file names, relative to it, as CSV texts (the runner reads no files).
  const here = new URL(file, CASES);
  const communes = caseFileCommunes(cf, here);
  const engine = network.compile({ ...(cf.travel ? { travel: cf.travel } : {}), ...(communes ? { communes } : {}) });
  test(`${file}: every expectation holds (runTests)`, () => {
    const report = network.runTests(text, file, communes ? { communes } : {});
    assert.ok(report.ok, report.text);
    assert.equal(report.passed, cf.cases.length + (cf.questions ?? []).length);
    assert.equal(report.results.length, report.passed);
  });
  test(`${file}: explained and plain routing agree; routeBatch gives the same decisions`, () => {
    for (const v of cf.cases) {
      assert.deepEqual(engine.route(v.case), engine.route(v.case, { explain: true }).decision, v.name);
    }
    const batch = engine.routeBatch(cf.cases.map((v) => v.case));
    assert.equal(batch.length, cf.cases.length);
    cf.cases.forEach((v, i) => assert.deepEqual(batch[i], { ok: true, decision: engine.route(v.case) }));
  });
}

test('a file that names a commune reference fails clearly without it', () => {
  const text = readFileSync(new URL('sud-haut-marnais-residents.json', CASES), 'utf8');
  const network = Network.fromJson(readFileSync(new URL('examples/networks/sud-haut-marnais.json', ROOT), 'utf8'));
  assert.throws(() => network.runTests(text, 'residents.json'), (e) => e.code === 'L004' && /communes\.csv/.test(e.message));
});

test('at least 60 case vectors and 30 question vectors', () => {
  assert.ok(cases >= 60, `only ${cases} case vectors`);
  assert.ok(questions >= 30, `only ${questions} question vectors`);
});
