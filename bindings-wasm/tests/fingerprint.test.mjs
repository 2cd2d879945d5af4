// Fingerprints: which network a result came from (core `parcours::fingerprint`), through the
// WebAssembly binding. The module has no TOML loader (left out for size); the Rust and Python
// tests compare the JSON and TOML forms, and here the hash is checked against Node's own
// SHA-256 of the canonical JSON, which the Rust tests tie to the TOML form.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { Network } from '../pkg/node.mjs';
import { SEED_FILES } from './helpers.mjs';

const sha256 = (text) => `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`;

/** The same facts in another layout: lists reversed (rules kept: their order within one
 *  strength and priority is meaningful), keys in reverse order, tab indentation. */
function relaid(data) {
  const reverseKeys = (v) => {
    if (Array.isArray(v)) return v.map(reverseKeys);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(Object.keys(v).reverse().map((k) => [k, reverseKeys(v[k])]));
    }
    return v;
  };
  const out = structuredClone(data);
  for (const key of ['sources', 'locations', 'legal_entities', 'sites', 'groupings', 'memberships', 'capabilities']) {
    if (Array.isArray(out[key])) out[key].reverse();
  }
  return JSON.stringify(reverseKeys(out), null, '\t');
}

for (const { name, url } of SEED_FILES) {
  test(`${name}: the fingerprint is the SHA-256 of the canonical JSON, the committed file`, () => {
    const text = readFileSync(url, 'utf8');
    const net = Network.fromJson(text);
    const f = net.fingerprint();
    assert.equal(f.network_id, net.id);
    assert.equal(net.toCanonicalJson(), text, 'the committed seed is canonical (parcours fmt)');
    assert.equal(f.hash, sha256(text));
    assert.deepEqual(Object.keys(f).sort(), ['hash', 'network_id']);
    const engine = net.compile();
    assert.deepEqual(engine.fingerprint(), f);
  });

  test(`${name}: layout, key order and list order do not change it; one fact does`, () => {
    const data = JSON.parse(readFileSync(url, 'utf8'));
    const f = Network.fromJson(readFileSync(url, 'utf8')).fingerprint();
    assert.deepEqual(Network.fromJson(relaid(data)).fingerprint(), f);
    assert.deepEqual(Network.fromObject(data).fingerprint(), f);
    const renamed = structuredClone(data);
    renamed.name += ' (bis)';
    assert.notEqual(Network.fromObject(renamed).fingerprint().hash, f.hash);
    if ((data.memberships ?? []).length > 0) {
      const ended = structuredClone(data);
      ended.memberships[0].validity = { ...ended.memberships[0].validity, to: '2099-12-31' };
      assert.notEqual(Network.fromObject(ended).fingerprint().hash, f.hash);
    }
  });
}

const SHM = readFileSync(new URL('sud-haut-marnais.json', SEED_FILES[0].url), 'utf8');
const CASES = [
  { filiere: 'chirurgie', origin: 'ch-langres', date: '2017-10-02', level: 'reference' },
  { filiere: 'chirurgie', origin: 'ch-langres', date: 'not a date' },
];

test('batch results carry the fingerprint as a property that changes nothing else', () => {
  const engine = Network.fromJson(SHM).compile();
  const results = engine.routeBatch(CASES);
  assert.deepEqual(results.fingerprint, engine.fingerprint());
  assert.equal(results.length, 2);
  assert.equal(results[0].ok, true);
  assert.equal(results[1].ok, false);
  assert.ok(!Object.keys(results).includes('fingerprint'));
  assert.equal(JSON.stringify(results), JSON.stringify([...results]));
  assert.throws(() => {
    'use strict';
    results.fingerprint.hash = 'x';
  }, TypeError);
  const columns = engine.routeColumns({ filiere: ['chirurgie'], origin: ['ch-langres'], date: ['2017-10-02'] });
  assert.deepEqual(columns.fingerprint, engine.fingerprint());
});

test('coverage and diff reports name their networks', () => {
  const net = Network.fromJson(SHM);
  const engine = net.compile();
  const coverage = engine.coverage([{ id: 'langres', origin: 'ch-langres' }], { filiere: 'chirurgie', date: '2018-01-01' });
  assert.deepEqual(coverage.fingerprint, engine.fingerprint());
  const data = JSON.parse(SHM);
  data.memberships = data.memberships.filter((m) => m.grouping !== 'gcs-chirurgie-shm');
  const after = Network.fromObject(data).compile();
  const diff = engine.diff(after, [CASES[0]]);
  assert.deepEqual(diff.fingerprint_before, engine.fingerprint());
  assert.deepEqual(diff.fingerprint_after, after.fingerprint());
  assert.notEqual(diff.fingerprint_after.hash, diff.fingerprint_before.hash);
});

test('a travel matrix has its own hash, whatever its order', () => {
  const net = Network.fromJson(SHM);
  const travel = [
    { from: 'ch-langres', to: 'clinique-compassion-langres', km: 1.5, minutes: 4 },
    { from: 'ch-langres', to: 'chu-dijon', km: 70, minutes: 60 },
  ];
  const a = net.compile({ travel }).fingerprint();
  const b = net.compile({ travel: [...travel].reverse() }).fingerprint();
  assert.deepEqual(a, b);
  assert.equal(a.hash, net.fingerprint().hash);
  assert.match(a.travel_hash, /^sha256:[0-9a-f]{64}$/);
  const c = net.compile({ travel: [{ ...travel[0], km: 2 }, travel[1]] }).fingerprint();
  assert.notEqual(c.travel_hash, a.travel_hash);
  assert.equal(net.compile().fingerprint().travel_hash, undefined);
});
