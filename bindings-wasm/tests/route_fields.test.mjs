// `engine.route(c)` writes a plain case's values for the module (`routeFields`, no JSON text
// either way) and builds the decision from numbers; anything else goes through JSON. Both ways
// must give the same thing: every shared case (examples/cases, test-data/input-errors.json) and
// a set of odd ones, in both languages, through `route` and through the JSON path alone
// (`__routeJsonForTests`): the same decision (keys in the same order) or the same error.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';

import * as raw from '../pkg/parcours_wasm.js';
import { Network, ParcoursError, __routeJsonForTests, __trapForTests } from '../pkg/node.mjs';
import { INPUT_ERRORS, ROOT, caseFileCommunes } from './helpers.mjs';

/** How many cases went through the module's JSON reader (`routeJson`) since the last look. */
let viaJson = 0;
const routeJson = raw.Engine.prototype.routeJson;
raw.Engine.prototype.routeJson = function counted(...args) {
  viaJson += 1;
  return routeJson.apply(this, args);
};
function jsonCalls(f) {
  viaJson = 0;
  const out = f();
  return [out, viaJson];
}

/** What `f` gives: `{decision}` or `{error}`, the error's fields that users read. */
function outcome(f) {
  try {
    return { decision: f() };
  } catch (e) {
    if (!(e instanceof ParcoursError)) return { thrown: `${e.name}: ${e.message}` };
    const { code, message, hint, pointer, file, details } = e;
    return { error: { code, message, hint, pointer, file, details } };
  }
}

/** The fields a `Decision` of the JSON path had, over every comparison. */
const seenFields = new Set();

/** Routes `c` both ways in both languages; asserts they agree; returns how many of the calls
 *  of `route` went through the module's JSON reader, and how many of the JSON path. */
function same(engine, c, what) {
  let json = 0;
  let jsonPath = 0;
  for (const lang of ['en', 'fr']) {
    const [fast, calls] = jsonCalls(() => outcome(() => engine.route(c, { lang })));
    json += calls;
    const [slow, slowCalls] = jsonCalls(() => outcome(() => __routeJsonForTests(engine, c, { lang })));
    jsonPath += slowCalls;
    assert.deepStrictEqual(fast, slow, `${what} (${lang})`);
    // Keys in the same order: the same JSON text (and the same `console.log`).
    assert.equal(JSON.stringify(fast), JSON.stringify(slow), `${what} (${lang})`);
    for (const key of Object.keys(slow.decision ?? {})) seenFields.add(key);
  }
  return [json, jsonPath];
}

const CASES = new URL('examples/cases/', ROOT);
const SHM = readFileSync(new URL('examples/networks/sud-haut-marnais.json', ROOT), 'utf8');
const engine = Network.fromJson(SHM).compile();
const SURGERY = { filiere: 'chirurgie', level: 'reference', origin: 'ch-langres', date: '2017-09-15' };

test('every shared case vector: route and the JSON path agree, with no JSON', () => {
  let n = 0;
  for (const file of readdirSync(CASES).filter((f) => f.endsWith('.json')).sort()) {
    const here = new URL(file, CASES);
    const cf = JSON.parse(readFileSync(here, 'utf8'));
    const network = Network.fromJson(readFileSync(new URL(cf.network, here), 'utf8'));
    const communes = caseFileCommunes(cf, here);
    const e = network.compile({ ...(cf.travel ? { travel: cf.travel } : {}), ...(communes ? { communes } : {}) });
    for (const v of cf.cases) {
      // Every case of the shared files reads: none may need the JSON path.
      assert.equal(same(e, v.case, `${file}: ${v.name}`)[0], 0, `${file}: ${v.name} went through JSON`);
      // An id of each kind is echoed the same.
      assert.equal(same(e, { ...v.case, id: `${file}#${n}` }, v.name)[0], 0);
      assert.equal(same(e, { id: n, ...v.case }, v.name)[0], 0);
      n += 1;
    }
  }
  assert.ok(n >= 60, `only ${n} case vectors`);
  // The vectors produce every field of a decision (so the order of each is checked above).
  for (const field of [
    'id', 'outcome', 'target', 'target_name', 'level', 'target_level', 'step', 'rule', 'tele_service',
    'fallback_target', 'distance_km', 'minutes', 'reason', 'message', 'help', 'commune', 'entry',
  ]) {
    assert.ok(seenFields.has(field), `no vector gives \`${field}\``);
  }
});

test('the shared case errors (test-data/input-errors.json) are the JSON reader\'s own', () => {
  const network = Network.fromJson(readFileSync(new URL(INPUT_ERRORS.network, ROOT), 'utf8')).compile();
  for (const v of INPUT_ERRORS.cases) {
    same(network, v.case, v.name);
    assert.ok(outcome(() => network.route(v.case)).error?.code === v.code, v.name);
  }
});

/** A class instance, written by JSON as its own fields. */
class Stay {
  constructor() {
    Object.assign(this, SURGERY);
  }
}

test('odd cases: the same decision or error whichever way they go', () => {
  const deep = (n) => (n === 0 ? 'x' : { a: deep(n - 1) });
  const holes = ['most_acute'];
  holes[2] = 'x';
  const getter = { ...SURGERY };
  Object.defineProperty(getter, 'level', { get: () => 'recours', enumerable: true });
  // Getters that call the module while the case is written: route another case (the tape is
  // taken: that one goes through JSON), and make the module's memory grow (the numbers written
  // since would be lost: this one goes through JSON).
  const reentrant = { ...SURGERY };
  Object.defineProperty(reentrant, 'level', { get: () => engine.route(SURGERY).level, enumerable: true });
  const growing = { filiere: 'chirurgie' };
  Object.defineProperty(growing, 'origin', {
    get: () => {
      const n = 300_000;
      engine.routeColumns({ filiere: new Array(n).fill('chirurgie'), origin: new Array(n).fill('ch-langres'), date: new Array(n).fill('2017-09-15') });
      return 'ch-langres';
    },
    enumerable: true,
  });
  growing.date = '2017-09-15';
  for (const c of [reentrant, growing]) same(engine, c, 'a getter that calls the module');
  const cases = [
    SURGERY,
    { ...SURGERY, id: 'r1', age: 80, ehpad_resident: true, flags: ['most_acute'], exclude: ['chu-dijon'] },
    { ...SURGERY, origin: { lat: 47.86, lon: 5.33 }, max_distance_km: 120.5, preferred_site: 'ch-chaumont' },
    { ...SURGERY, origin: undefined, lat: 47.86, lon: 5.33 },
    { ...SURGERY, origin: { commune: '52269' } },
    { ...SURGERY, origin: { postal_code: '52200' } },
    { ...SURGERY, origin: { finess: '520780032' } },
    { ...SURGERY, origin: { lat: 47.86, lon: 5.33, alt: 3 } },
    { ...SURGERY, origin: { lat: 47.86 } },
    { ...SURGERY, origin: { lat: '47.86', lon: 5.33 } },
    { ...SURGERY, origin: 7 },
    { ...SURGERY, origin: ['ch-langres'] },
    { ...SURGERY, origin: null, lat: 47.8, lon: 5.3 },
    { ...SURGERY, lat: 47.8, lon: 5.3 },
    { ...SURGERY, origin: undefined, lat: 47.8 },
    // Coordinates of 16 and 17 digits (the module's JSON reader is not correctly rounded).
    { ...SURGERY, origin: { lat: 0.1 + 0.2 + 47.5, lon: 5.123456789012345 } },
    { ...SURGERY, origin: undefined, lat: 47.86123456789012, lon: 5.000666666666667 },
    { ...SURGERY, origin: undefined, lat: 47.5 + 1 / 3, lon: 5 + 2 / 7 },
    { ...SURGERY, origin: undefined, lat: 1e-7 + 47, lon: 5.330000000000001 },
    // Two the module's JSON reader reads one unit in the last place away from the value.
    { ...SURGERY, origin: undefined, lat: 47.582647896021236, lon: 5.33 },
    { ...SURGERY, origin: { lat: 47.644338427009316, lon: 5.33 } },
    { ...SURGERY, origin: { lat: -0, lon: 5.33 } },
    { ...SURGERY, origin: { lat: 147.5, lon: 5.33 } },
    { ...SURGERY, origin: { lat: NaN, lon: 5.33 } },
    { ...SURGERY, max_distance_km: 1e-300 },
    { ...SURGERY, max_distance_km: 0 },
    { ...SURGERY, max_distance_km: -5 },
    { ...SURGERY, max_distance_km: '80' },
    { ...SURGERY, level: null, age: null, max_distance_km: Infinity, time_critical: false },
    { ...SURGERY, age: 80.5 },
    { ...SURGERY, age: 70000 },
    { ...SURGERY, age: 65535 },
    { ...SURGERY, age: -0 },
    { ...SURGERY, age: NaN },
    { ...SURGERY, age: '80' },
    { ...SURGERY, age: true },
    { ...SURGERY, age: 2 ** 64 },
    { ...SURGERY, age: 1e20 },
    { ...SURGERY, age: -(2 ** 63) },
    { ...SURGERY, id: 7.5 },
    { ...SURGERY, id: -0 },
    { ...SURGERY, id: -42 },
    { ...SURGERY, id: 2 ** 63 },
    { ...SURGERY, id: 2 ** 53 + 2 },
    { ...SURGERY, id: 1e21 },
    { ...SURGERY, id: null },
    { ...SURGERY, id: '' },
    { ...SURGERY, id: ['a'] },
    { ...SURGERY, id: { a: 1 } },
    { ...SURGERY, id: 10n },
    { ...SURGERY, id: 'séjour-😀' },
    { ...SURGERY, date: ' 2017-09-15' },
    { ...SURGERY, date: '2017-09' },
    { ...SURGERY, date: '2017-13-01' },
    { ...SURGERY, date: 20170915 },
    { ...SURGERY, date: null },
    { ...SURGERY, date: undefined },
    { ...SURGERY, flags: 'most_acute' },
    { ...SURGERY, flags: ' most_acute ;' },
    { ...SURGERY, flags: ['most_acute;x'] },
    { ...SURGERY, flags: [' most_acute'] },
    { ...SURGERY, flags: ['most-acute'] },
    { ...SURGERY, flags: [''] },
    { ...SURGERY, flags: [] },
    { ...SURGERY, flags: [1] },
    { ...SURGERY, flags: 1 },
    { ...SURGERY, flags: [undefined] },
    { ...SURGERY, flags: holes },
    { ...SURGERY, flags: [['most_acute']] },
    { ...SURGERY, exclude: 'chu-dijon; ch-chaumont' },
    // Longer than the tape and its first texts: both grow.
    { ...SURGERY, exclude: Array.from({ length: 300 }, (_, i) => `site-${i}-${'x'.repeat(i % 40)}`) },
    { ...SURGERY, exclude: [...Array.from({ length: 300 }, (_, i) => `s${i}`), 'chu-dijon'], id: 'é'.repeat(5000) },
    { ...SURGERY, origin: Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, i])) },
    { ...SURGERY, exclude: null },
    { ...SURGERY, time_critical: null },
    { ...SURGERY, time_critical: 'yes' },
    { ...SURGERY, include_planned: true },
    { ...SURGERY, filiere: 'chirurgie\ud800' },
    { ...SURGERY, origin: 'ch-langres\udc00' },
    { ...SURGERY, filiere: 'chirugie' },
    { ...SURGERY, filiere: 'chirurgié' },
    { ...SURGERY, filiere: '' },
    { ...SURGERY, filiere: 3 },
    { ...SURGERY, filiere: null },
    { ...SURGERY, level: 'recour' },
    { ...SURGERY, level: 2 },
    { ...SURGERY, origin: 'ch-langre' },
    { ...SURGERY, origin: '' },
    { ...SURGERY, preferred_site: 'ch-chaumont' },
    { ...SURGERY, preferred_site: 'nowhere' },
    { ...SURGERY, filère: 'x' },
    { ...SURGERY, 'k\ud800': 'x' },
    { ...SURGERY, extra: undefined, other: () => 1, [Symbol('s')]: 1 },
    { ...SURGERY, level: () => 'x' },
    { ...SURGERY, origin: deep(12) },
    { origin: 'ch-langres', date: '2017-09-15' },
    { filiere: 'chirurgie', date: '2017-09-15' },
    {},
    getter,
    Object.assign(Object.create(null), SURGERY),
    [],
    'chirurgie',
    42,
    null,
    undefined,
    true,
    10n,
  ];
  // Values JSON text writes otherwise than they are (`toJSON`, a class, an inherited field, a
  // boxed string, a whole number beyond 64 bits, which the JSON reader reads by a path of its
  // own).
  const declined = [
    { ...SURGERY, max_distance_km: 1e300 },
    { ...SURGERY, id: new Date(0) },
    { ...SURGERY, toJSON: () => ({ filiere: 'chirurgie', origin: 'ch-chaumont', date: '2017-09-15' }) },
    { ...SURGERY, level: { toJSON: () => 'recours' } },
    new Stay(),
    Object.assign(Object.create({ inherited: 1 }), SURGERY),
    { ...SURGERY, origin: new String('ch-langres') },
  ];
  for (const [i, c] of cases.entries()) {
    const [json, jsonPath] = same(engine, c, `odd case ${i}`);
    // A case decided goes without JSON; one that does not read, through JSON for its error,
    // as before (when the wrapper does not find it first: `undefined`, a BigInt).
    const decided = outcome(() => engine.route(c)).decision !== undefined;
    assert.equal(json, decided ? 0 : jsonPath, `odd case ${i}: ${json} calls through JSON`);
  }
  for (const [i, c] of declined.entries()) {
    assert.deepEqual(same(engine, c, `declined case ${i}`), [2, 2]);
    assert.ok(outcome(() => engine.route(c)).decision, `declined case ${i}`);
  }
});

test('texts of the engine keep their codes between route and routeColumns', () => {
  const e = Network.fromJson(SHM).compile();
  const one = e.route(SURGERY);
  const cols = e.routeColumns({ filiere: ['chirurgie', 'chirurgie'], origin: ['ch-langres', 'ch-chaumont'], date: ['2017-09-15', '2017-10-02'], level: ['reference', null] });
  assert.deepEqual(cols.row(0).decision, one);
  // A target first seen by routeColumns, then by route; and the other way.
  assert.deepEqual(e.route({ filiere: 'chirurgie', origin: 'ch-chaumont', date: '2017-10-02' }), cols.row(1).decision);
  const later = e.route({ ...SURGERY, date: '2017-10-02' });
  const again = e.routeColumns({ filiere: ['chirurgie'], origin: ['ch-langres'], date: ['2017-10-02'], level: ['reference'] });
  assert.deepEqual(again.row(0).decision, later);
});

test('route after a trap and on a freed engine', () => {
  const e = Network.fromJson(SHM).compile();
  const before = e.route(SURGERY);
  assert.throws(() => __trapForTests(), (x) => x instanceof ParcoursError && x.code === 'trap');
  // The engine is compiled again in the new instance, its texts coded afresh.
  const [after, calls] = jsonCalls(() => e.route(SURGERY));
  assert.deepEqual(after, before);
  assert.equal(calls, 0);
  e.free();
  assert.throws(() => e.route(SURGERY), /freed/);
});
