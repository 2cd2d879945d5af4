// Network.history() and diffStructure() through the WebAssembly module, on the seed networks
// the Rust and Python tests use (core/tests/history.rs, bindings-python/tests/test_history.py).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { Network, ParcoursError, diffStructure } from '../pkg/node.mjs';
import { ROOT, SEED_FILES } from './helpers.mjs';

const ALLIANCE = readFileSync(new URL('examples/networks/alliance-ouest-parisien.json', ROOT), 'utf8');
const membershipId = (m) => `${m.grouping}/${m.member}/${m.role}`;

test('the Alliance history lists the joins of its members in date order', () => {
  const data = JSON.parse(ALLIANCE);
  const history = Network.fromJson(ALLIANCE).history();
  const joins = history.filter(
    (e) => e.entity === 'membership' && (e.change === 'starts' || e.change === 'planned_start'),
  );
  assert.deepEqual(joins.map((e) => e.id).sort(), data.memberships.map(membershipId).sort());
  const dates = joins.map((e) => e.date);
  assert.ok(dates.every((d) => typeof d === 'string'));
  assert.deepEqual(dates, [...dates].sort());
  for (const e of joins) {
    const m = data.memberships[Number(e.pointer.split('/').pop())];
    assert.equal(e.id, membershipId(m));
    assert.equal(e.source, m.source ?? null);
    assert.equal(e.precision, m.validity?.precision ?? 'day');
    assert.equal(e.status, m.validity?.status ?? 'active');
    assert.match(e.description, / joins /);
  }
});

test('every seed history is in date order; from and to are inclusive', () => {
  for (const { name, url } of SEED_FILES) {
    const net = Network.fromJson(readFileSync(url, 'utf8'));
    const history = net.history();
    assert.ok(history.length > 0, name);
    const dated = history.filter((e) => e.date !== null).map((e) => e.date);
    assert.deepEqual(dated, [...dated].sort(), name);
    const [first, last] = [dated[0], dated.at(-1)];
    assert.deepEqual(net.history({ from: first, to: last }), history.filter((e) => e.date !== null), name);
    assert.ok(net.history({ to: first }).every((e) => e.date === first), name);
    net.free();
  }
});

test('a bad date throws a ParcoursError with code argument and a pointer', () => {
  const net = Network.fromJson(ALLIANCE);
  assert.throws(
    () => net.history({ from: '2019-02-30' }),
    (e) => e instanceof ParcoursError && e.code === 'argument' && e.details[0].pointer === '/from' && /2019-02-30/.test(e.message),
  );
  assert.throws(() => net.history({ to: 20190101 }), TypeError);
});

test('diffStructure of a network against itself with one membership removed names exactly it', () => {
  const data = JSON.parse(ALLIANCE);
  const before = Network.fromJson(ALLIANCE);
  assert.deepEqual(diffStructure(before, before).entries, []);
  for (const index of [0, 7, data.memberships.length - 1]) {
    const changed = JSON.parse(ALLIANCE);
    const [gone] = changed.memberships.splice(index, 1);
    const after = Network.fromObject(changed);
    const diff = diffStructure(before, after);
    assert.equal(diff.entries.length, 1, JSON.stringify(diff));
    const [entry] = diff.entries;
    assert.equal(entry.change, 'removed');
    assert.equal(entry.entity, 'membership');
    assert.equal(entry.id, membershipId(gone));
    assert.equal(entry.pointer_before, `/memberships/${index}`);
    assert.equal(entry.value.member, gone.member);
    assert.deepEqual([diff.added, diff.removed, diff.changed], [0, 1, 0]);
    after.free();
  }
});

test('diffStructure names changed fields with old and new values', () => {
  const changed = JSON.parse(ALLIANCE);
  const oldName = changed.sites[0].name;
  changed.sites[0].name = 'Renamed';
  const diff = diffStructure(Network.fromJson(ALLIANCE), Network.fromObject(changed));
  assert.deepEqual(diff.entries, [
    {
      change: 'changed',
      entity: 'site',
      id: changed.sites[0].id,
      fields: [{ field: 'name', before: oldName, after: 'Renamed' }],
      pointer_before: '/sites/0',
      pointer_after: '/sites/0',
    },
  ]);
  assert.throws(() => diffStructure(Network.fromJson(ALLIANCE), changed), TypeError);
});
