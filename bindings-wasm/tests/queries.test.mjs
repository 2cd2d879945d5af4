// Questions at a date (engine.ask, members, groupings, capabilities, sitesByFiness,
// teleServices) and test files (runTests): shapes, failures with explanations, errors.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { Network, ParcoursError } from '../pkg/node.mjs';
import { ROOT } from './helpers.mjs';

const read = (path) => readFileSync(new URL(path, ROOT), 'utf8');
const shmNet = Network.fromJson(read('examples/networks/sud-haut-marnais.json'));
const shm = shmNet.compile();
const hpsm = Network.fromJson(read('examples/networks/hpsm.json')).compile();
const SHM_TESTS = read('examples/cases/sud-haut-marnais.json');

test('every question vector answers with its rows through ask, read from the answer itself', () => {
  for (const f of ['sud-haut-marnais', 'hpsm', 'sos-medecins', 'alliance-ouest-parisien']) {
    const cf = JSON.parse(read(`examples/cases/${f}.json`));
    const engine = Network.fromJson(read(`examples/networks/${f}.json`)).compile();
    for (const v of cf.questions) {
      if (v.expect.error !== undefined) {
        assert.throws(() => engine.ask(v.question), (e) => e instanceof ParcoursError && e.message.includes(v.expect.error), v.name);
        continue;
      }
      const answer = engine.ask(v.question);
      assert.equal(answer.rows.length, v.expect.rows.length, v.name);
      v.expect.rows.forEach((want, i) => {
        for (const [col, value] of Object.entries(want)) assert.deepEqual(answer.rows[i][col], value, `${v.name}: ${col}`);
        assert.deepEqual(Object.keys(answer.rows[i]), answer.columns, 'every row has every column, in order');
      });
    }
  }
});

test('named methods equal ask', () => {
  assert.deepEqual(
    hpsm.groupings('oscar-lambret', '2020-01-01'),
    hpsm.ask({ question: 'groupings', member: 'oscar-lambret', date: '2020-01-01' }).rows,
  );
  assert.deepEqual(hpsm.capabilities('ch-seclin', '2020-01-01', { filiere: 'maternite' }).map((c) => c.level), ['2A']);
  assert.deepEqual(hpsm.sitesByFiness('590780193').map((s) => [s.site, s.match]), [['chru-lille', 'ej']]);
  const gcs = shm.members('gcs-chirurgie-shm', '2017-09-30');
  assert.deepEqual(gcs, []);
  const empty = shm.ask({ question: 'members', grouping: 'gcs-chirurgie-shm', date: '2017-09-30' });
  assert.equal(empty.columns[0], 'member');
  const sos = Network.fromJson(read('examples/networks/sos-medecins.json')).compile();
  const tele = sos.teleServices({ lat: 43.64, lon: -1.43 }, '2023-01-10', { includePlanned: true });
  assert.deepEqual(tele.map((t) => [t.channel, t.fallback]), [['3624', 'sos-medecins-capbreton']]);
  // Beauvais is open from 2022-11-02 (the federation's article); Capbreton is still planned.
  const members = sos.members('sos-medecins-france', '2023-01-10', { includePlanned: true });
  assert.deepEqual(members.map((m) => m.state), ['in_force', 'in_force', 'planned']);
});

test('unknown ids and malformed questions throw ParcoursError', () => {
  assert.throws(
    () => hpsm.members('gcs-hpms', '2020-01-01'),
    (e) => e instanceof ParcoursError && e.code === 'Q001' && /unknown grouping `gcs-hpms`/.test(e.message) && e.help === 'did you mean `gcs-hpsm`?' && /did you mean `gcs-hpsm`\?/.test(e.message),
  );
  assert.throws(() => hpsm.sitesByFiness('590780194'), (e) => e.code === 'Q002' && /check digit/.test(e.message));
  assert.throws(() => hpsm.ask({ question: 'who', date: '2020-01-01' }), (e) => e.code === 'Q005');
  assert.throws(() => hpsm.members('gcs-hpsm', '2020-02-30'), (e) => e.code === 'Q005' && /invalid date `2020-02-30`/.test(e.message));
  assert.throws(() => hpsm.ask(undefined), ParcoursError);
});

test('runTests fails with the explanation when one expectation changes', () => {
  const ok = shmNet.runTests(SHM_TESTS, 'shm.json');
  assert.ok(ok.ok, ok.text);
  const cf = JSON.parse(SHM_TESTS);
  cf.cases[0].expect.target = 'ch-chaumont';
  cf.questions[2].expect.rows[0].role = 'party';
  const report = shm.runTests(cf);
  assert.equal(report.ok, false);
  assert.equal(report.failed, 2);
  const [c, q] = report.results.filter((r) => !r.passed);
  assert.deepEqual(c.mismatches, [{ field: 'target', expected: 'ch-chaumont', actual: 'chu-dijon' }]);
  assert.match(c.explanation, /shm-chirurgie-recours-ght/);
  assert.equal(q.mismatches[0].field, 'rows/0/role');
  assert.match(report.text, /FAILED case `Langres surgery before the surgery GCS/);
  assert.match(report.text, /2 failed$/);
});

test('a test file that does not read throws ParcoursError with code tests and its pointer', () => {
  const cf = JSON.parse(SHM_TESTS);
  cf.cases[1].expect.targt = 'x';
  assert.throws(
    () => shmNet.runTests(JSON.stringify(cf), 'bad.json'),
    (e) => e instanceof ParcoursError && e.code === 'tests' && e.details[0].pointer === '/cases/1/expect/targt' && /bad\.json/.test(e.message),
  );
  assert.throws(() => shmNet.runTests('{"cases": [', 'trunc.json'), (e) => e.code === 'tests' && /line 1/.test(e.message));
});

test('commune: territories and the first-line site, as routing enters a resident', () => {
  const engine = shmNet.compile({ communes: { communes: read('examples/reference/communes.csv') } });
  const rows = engine.commune('52269', '2017-09-15', { filiere: 'chirurgie' });
  assert.deepEqual(rows.map((r) => r.fact), ['territory', 'first_line']);
  assert.equal(rows[0].grouping, 'ght-21-52');
  const decision = engine.route({ filiere: 'chirurgie', origin: { commune: '52269' }, date: '2017-09-15' });
  assert.equal(rows[1].site, decision.entry);
  assert.equal(rows[1].basis, 'territory');
  assert.throws(() => shm.commune('52269', '2017-09-15'), (e) => e instanceof ParcoursError && /no commune reference/.test(e.message));
});
