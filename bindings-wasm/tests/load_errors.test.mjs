// Bad inputs throw `ParcoursError` with the code, location and help the core gives.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { Network, ParcoursError, networkSchema, version } from '../pkg/node.mjs';
import { LOAD_ERRORS as SHARED, sharedText } from './helpers.mjs';

// The small valid network the vectors change.
const BASE = SHARED.base;

function broken(change) {
  const data = structuredClone(BASE);
  change(data);
  return JSON.stringify(data, null, 2);
}

function loadError(text) {
  try {
    Network.fromJson(text);
  } catch (e) {
    assert.ok(e instanceof ParcoursError, `expected a ParcoursError, got ${e}`);
    assert.ok(e instanceof Error);
    assert.equal(e.name, 'ParcoursError');
    assert.ok(e.details.length >= 1);
    assert.equal(e.code, e.details[0].code);
    return e;
  }
  assert.fail('the network loaded');
}

test('the base network loads', () => {
  assert.equal(Network.fromObject(BASE).summary().sites, 1);
});

for (const vector of SHARED.vectors) {
  test(`shared vector: ${vector.name}`, () => {
    const e = loadError(sharedText(vector));
    assert.equal(e.details.length, vector.problems.length, e.message);
    vector.problems.forEach((want, i) => {
      const p = e.details[i];
      assert.equal(p.code, want.code, e.message);
      if ('pointer' in want) assert.equal(p.pointer, want.pointer, e.message);
      if ('line' in want) assert.deepEqual([p.line, p.column], [want.line, want.column], e.message);
      if (want.located) assert.ok(typeof p.line === 'number' && typeof p.column === 'number', e.message);
      if ('entities' in want) assert.deepEqual(p.entities, want.entities, e.message);
      if ('message' in want) assert.equal(p.message, want.message, e.message);
      if ('message_starts' in want) assert.ok(p.message.startsWith(want.message_starts), e.message);
      if ('help' in want) assert.equal(p.help, want.help, e.message);
      if ('help_contains' in want) assert.ok((p.help ?? '').includes(want.help_contains), e.message);
    });
  });
}

test('the error text names the source and the place', () => {
  let e = loadError('{"id": "demo",\n "name": }');
  assert.equal(e.file, '<json>');
  assert.match(e.message, /^cannot load network `<json>`: \[L001\] expected value/);
  assert.match(e.message, /line 2 column 10/);
  e = loadError(broken((d) => (d.sites[0].location = 'chaumon')));
  assert.match(e.message, /help: did you mean `chaumont`\?/);
  e = loadError(broken((d) => Object.assign(d.sites[0], { location: 'chaumon', legal_entity: 'ej-ch-chaumon' })));
  assert.match(e.message, /^cannot load network `<json>`: 2 problems\n/);
});

test('a failed load does not poison later calls', () => {
  for (let i = 0; i < 3; i++) {
    loadError('{');
    loadError(broken((d) => (d.sites[0].location = 'chaumon')));
    assert.equal(Network.fromJson(JSON.stringify(BASE)).summary().sites, 1);
  }
});

test('fromObject errors have pointers but no positions', () => {
  const data = structuredClone(BASE);
  data.sites[0].altitude = 3;
  assert.throws(
    () => Network.fromObject(data),
    (e) => {
      assert.ok(e instanceof ParcoursError);
      assert.equal(e.file, '<object>');
      assert.equal(e.details[0].pointer, '/sites/0/altitude');
      assert.equal(e.details[0].line, null);
      assert.doesNotMatch(e.message, /line/);
      return true;
    },
  );
});

test('wrong argument types are TypeErrors', () => {
  assert.throws(() => Network.fromJson(42), TypeError);
  assert.throws(() => Network.fromObject('{}'), TypeError);
  assert.throws(() => Network.fromObject({ id: 'n', name: 1n }), TypeError);
  assert.throws(() => new Network(), TypeError);
});

test('schema and version', () => {
  const committed = new URL('../../core/schema/network.schema.json', import.meta.url);
  assert.deepEqual(networkSchema(), JSON.parse(readFileSync(committed, 'utf8')));
  assert.equal(networkSchema().title, 'Network');
  // Each call gives a copy: changing one does not change the next.
  networkSchema().title = 'changed';
  assert.equal(networkSchema().title, 'Network');
  assert.match(version(), /^\d+\.\d+\.\d+/);
});

test('the API refuses calls before initialisation', async () => {
  // A fresh instance of the wrapper module has not been initialised.
  const fresh = await import(`../pkg/index.mjs?fresh=${Date.now()}`);
  assert.throws(() => fresh.Network.fromJson('{}'), /not initialised/);
  await fresh.init(new URL('../pkg/parcours_wasm_bg.wasm', import.meta.url));
  assert.equal(fresh.Network.fromObject(BASE).id, 'demo');
});
