// Bad inputs throw `ParcoursError` with the code, location and hint the core gives.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { Network, ParcoursError, networkSchema, version } from '../pkg/node.mjs';

const BASE = {
  id: 'demo',
  name: 'Demo',
  locations: [{ id: 'chaumont', name: 'Chaumont', insee: '52121', lat: 48.1117, lon: 5.1389 }],
  legal_entities: [
    { id: 'ej-ch-chaumont', name: 'CH de Chaumont', legal_status: 'public', finess_ej: '520780032' },
  ],
  sites: [
    {
      id: 'ch-chaumont',
      name: 'Centre hospitalier de Chaumont',
      legal_entity: 'ej-ch-chaumont',
      kind: 'hospital',
      location: 'chaumont',
    },
  ],
};

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

test('malformed JSON has line and column', () => {
  const e = loadError('{"id": "demo",\n "name": }');
  assert.equal(e.code, 'L001');
  assert.equal(e.file, '<json>');
  const [p] = e.details;
  assert.equal(p.pointer, '/name');
  assert.deepEqual([p.line, p.column], [2, 10]);
  assert.match(p.hint, /not well-formed JSON/);
  assert.match(e.message, /^cannot load network `<json>`: \[L001\] expected value/);
  assert.match(e.message, /line 2 column 10/);
});

test('unknown field has a pointer', () => {
  const e = loadError(broken((d) => (d.sites[0].altitude = 3)));
  assert.equal(e.code, 'L002');
  const [p] = e.details;
  assert.equal(p.pointer, '/sites/0/altitude');
  assert.match(p.message, /^unknown field `altitude`, expected one of `id`/);
  assert.equal(typeof p.line, 'number');
  assert.match(p.hint, /fix its spelling/);
});

test('unknown reference suggests the closest id', () => {
  const e = loadError(broken((d) => (d.sites[0].location = 'chaumon')));
  assert.equal(e.code, 'L004');
  const [p] = e.details;
  assert.equal(p.pointer, '/sites/0/location');
  assert.equal(p.message, 'unknown location `chaumon`');
  assert.equal(p.entity, 'ch-chaumont');
  assert.equal(p.hint, 'did you mean `chaumont`?');
  assert.match(e.message, /help: did you mean `chaumont`\?/);
});

test('invalid date', () => {
  const e = loadError(broken((d) => (d.sites[0].validity = { from: '2017-13-01' })));
  assert.equal(e.code, 'L002');
  const [p] = e.details;
  assert.equal(p.pointer, '/sites/0/validity/from');
  assert.equal(p.message, 'invalid date `2017-13-01`: no such day in the calendar');
  assert.match(p.hint, /YYYY-MM-DD/);
});

test('invalid FINESS of 8 characters', () => {
  const e = loadError(broken((d) => (d.legal_entities[0].finess_ej = '52078003')));
  assert.equal(e.code, 'L002');
  const [p] = e.details;
  assert.equal(p.pointer, '/legal_entities/0/finess_ej');
  assert.equal(p.message, 'invalid FINESS `52078003`: a FINESS number is exactly 9 letters or digits');
  assert.match(p.hint, /9-character/);
});

test('every problem is reported at once', () => {
  const e = loadError(
    broken((d) => Object.assign(d.sites[0], { location: 'chaumon', legal_entity: 'ej-ch-chaumon' })),
  );
  assert.deepEqual(
    e.details.map((p) => p.code),
    ['L004', 'L004'],
  );
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
      assert.equal(e.details[0].line, undefined);
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
