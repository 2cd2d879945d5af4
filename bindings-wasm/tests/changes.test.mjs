// What-if changes in JavaScript: `network.applyChanges(changes, {file})` reads changes with the
// core's reader (`parcours::analysis::read_changes`, the one of `parcours diff --changes` and
// Python `apply_changes`). The vectors are those of bindings-python/tests/test_analysis.py
// (apply_changes) and core/tests/analysis.rs (read_changes).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { Network, ParcoursError, diffStructure } from '../pkg/node.mjs';
import { ROOT } from './helpers.mjs';

const SHM_TEXT = readFileSync(new URL('examples/networks/sud-haut-marnais.json', ROOT), 'utf8');
const SHM = JSON.parse(SHM_TEXT);
const CHANGES_URL = new URL('examples/analysis/sud-haut-marnais-without-surgery-gcs.json', ROOT);
const WITHOUT_GCS_TEXT = readFileSync(CHANGES_URL, 'utf8');
const WITHOUT_GCS = JSON.parse(WITHOUT_GCS_TEXT);
const GCS = 'gcs-chirurgie-shm';
const SURGERY = { filiere: 'chirurgie', level: 'reference', origin: 'ch-langres' };
const net = Network.fromJson(SHM_TEXT);

test('the example changes file applied in JS removes the grouping, its memberships and nothing else', () => {
  const after = net.applyChanges(WITHOUT_GCS_TEXT, { file: 'sud-haut-marnais-without-surgery-gcs.json' });
  assert.ok(after instanceof Network);
  assert.equal(after.summary().groupings, SHM.groupings.length - 1);
  assert.ok(!after.toJson().includes(GCS));
  // The same network from the text and from the objects (the file Python's tests and the CLI's
  // help use).
  assert.deepEqual(net.applyChanges(WITHOUT_GCS).fingerprint(), after.fingerprint());
  assert.notDeepEqual(after.fingerprint(), net.fingerprint());
  assert.deepEqual(net.applyChanges([]).fingerprint(), net.fingerprint());
  // What went: the grouping, every membership of it, every rule that names it (from the file).
  const diff = diffStructure(net, after);
  const removed = diff.entries.filter((e) => e.change === 'removed');
  const memberships = SHM.memberships.filter((m) => m.grouping === GCS).length;
  const rules = SHM.rules.filter((r) => JSON.stringify(r).includes(`"${GCS}"`)).length;
  assert.equal(removed.filter((e) => e.entity === 'grouping').map((e) => e.id).join(), GCS);
  assert.equal(removed.filter((e) => e.entity === 'membership').length, memberships);
  assert.equal(removed.length, 1 + memberships + rules);
  // The original is unchanged.
  assert.equal(net.summary().groupings, SHM.groupings.length);
});

test('without the surgery GCS, Langres surgery in 2018 goes where it went before the GCS', () => {
  const before = net.compile();
  const after = net.applyChanges(WITHOUT_GCS).compile();
  const start = SHM.groupings.find((g) => g.id === GCS).validity?.from ??
    SHM.memberships.find((m) => m.grouping === GCS).validity.from;
  assert.equal(start, '2017-10-01');
  const pre = before.route({ ...SURGERY, date: '2017-09-15' });
  const withGcs = before.route({ ...SURGERY, date: '2018-01-01' });
  const without = after.route({ ...SURGERY, date: '2018-01-01' });
  assert.notEqual(withGcs.target, pre.target, 'the GCS changes the 2018 decision');
  assert.equal(without.target, pre.target);
  assert.equal(without.outcome, 'routed');
});

test('dated changes take effect on their date (the Python vector)', () => {
  const left = net.applyChanges([
    { change: 'remove_member', grouping: GCS, member: 'ej-clinique-compassion', from: '2019-01-01' },
  ]).compile();
  assert.equal(left.route({ ...SURGERY, date: '2018-12-31' }).target, 'clinique-compassion-langres');
  assert.equal(left.route({ ...SURGERY, date: '2019-01-01' }).target, 'ch-chaumont');
});

/** The ParcoursError `f` throws. */
function thrown(f) {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof ParcoursError, `${e}`);
    return e;
  }
  assert.fail('no error');
}

test('changes naming nothing are L004 errors naming the changes file, one per change', () => {
  const e = thrown(() =>
    net.applyChanges(
      [
        { change: 'remove_grouping', grouping: 'gcs-nope' },
        { change: 'move_shared_service', service: 'sterilisation-shm', provider: 'ch-langres' },
        { change: 'close_capability', site: 'ch-langres', filiere: 'chirurgie' },
      ],
      { file: 'what-if.json' },
    ),
  );
  assert.equal(e.code, 'L004');
  assert.equal(e.file, 'what-if.json');
  assert.deepEqual(e.details.map((d) => d.pointer), ['/changes/0', '/changes/2']);
  assert.match(e.details[0].message, /gcs-nope/);
  assert.match(e.message, /what-if\.json/);
  // A change that breaks a reference is caught by the core's validation.
  const v = thrown(() => net.applyChanges([{ change: 'move_shared_service', service: 'sterilisation-shm', provider: 'ch-nowhere' }]));
  assert.equal(v.code, 'L004');
  assert.match(v.message, /ch-nowhere/);
});

for (const [changes, code, pointer, message] of [
  [[{ change: 'explode' }, WITHOUT_GCS[0]], 'L002', '/0/change', 'unknown change `explode`'],
  [[WITHOUT_GCS[0], { change: 'remove_grouping' }], 'L002', '/1', 'missing field `grouping`'],
  [[WITHOUT_GCS[0], { change: 'remove_grouping', groupng: 'x' }], 'L002', '/1/groupng', 'unknown field `groupng`'],
  [[{ change: 'remove_member', grouping: 'g', member: 'm', from: '2018-13-01' }], 'L002', '/0/from', 'invalid date `2018-13-01`'],
  [[{ grouping: 'g' }], 'L002', '/0', 'missing field `change`'],
  [{ change: 'remove_grouping', grouping: GCS }, 'L002', '', 'not a JSON array'],
  ['[{"change": "remove_grouping",\n "grouping": }]', 'L001', '/0/grouping', 'expected value'],
]) {
  test(`malformed changes: ${message} at ${pointer || 'the root'} (${code}), with the file and a help text`, () => {
    for (const options of [{ file: 'what-if.json' }, {}]) {
      const e = thrown(() => net.applyChanges(changes, options));
      assert.equal(e.code, code);
      assert.equal(e.file, options.file ?? '<changes>');
      assert.equal(e.details.length, 1);
      assert.equal(e.details[0].pointer, pointer);
      assert.ok(e.details[0].message.includes(message), e.details[0].message);
      assert.ok(e.details[0].help, 'a help text');
    }
  });
}

test('a syntax error in changes text keeps its line and column', () => {
  const e = thrown(() => net.applyChanges('[{"change": "remove_grouping",\n "grouping": }]', { file: 'x.json' }));
  assert.deepEqual([e.details[0].line, e.details[0].column], [2, 14]);
});

test('applyChanges rejects what is not changes with a TypeError', () => {
  assert.throws(() => net.applyChanges(undefined), TypeError);
  assert.throws(() => net.applyChanges([], { file: 3 }), TypeError);
});
