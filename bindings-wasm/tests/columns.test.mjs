// engine.routeColumns: the shared case vectors (examples/cases/*.json) given as columns route
// exactly as routeBatch routes them as objects (and match the vectors' expectations); bad rows
// are tagged without losing the others; columns of the wrong type or length throw
// `ParcoursError` with code `argument` and a pointer naming the column.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';

import { Network, ParcoursError, RoutedColumns, __trapForTests, resultColumns } from '../pkg/node.mjs';
import { ROOT, caseFileCommunes } from './helpers.mjs';

const CASES = new URL('examples/cases/', ROOT);
const FILES = readdirSync(CASES)
  .filter((f) => f.endsWith('.json'))
  .sort();
const SHM = readFileSync(new URL('examples/networks/sud-haut-marnais.json', ROOT), 'utf8');
const shm = Network.fromJson(SHM).compile();

const DAY = 86_400_000;
const days = (iso) => Date.parse(`${iso}T00:00:00Z`) / DAY;

/** Case objects as plain-array columns (null where a case lacks the field). */
/** What the result columns carry of a decision: all but an invalid case's message and help
 *  (no such columns yet; the result-schema work adds them). */
function columnar(d) {
  const { message, help, ...rest } = d;
  return rest;
}

/** A `routeBatch` or `route` record as `routeColumns` gives it. */
const asColumns = (r) => (r.ok ? { ok: true, decision: columnar(r.decision) } : r);

function plainColumns(cases) {
  const col = (f) => cases.map((c) => f(c) ?? null);
  const point = (c) => (typeof c.origin === 'object' ? c.origin : null);
  // `{commune}`, `{postal_code}`, `{finess}` origins have a column of their own.
  const other = {};
  for (const name of ['commune', 'postal_code', 'finess']) {
    if (cases.some((c) => typeof point(c)?.[name] === 'string')) other[name] = col((c) => point(c)?.[name]);
  }
  // One origin column per call: `origin` (with `lat` and `lon`) unless another one is given.
  const ids = Object.keys(other).length > 0 ? {} : { origin: col((c) => (typeof c.origin === 'string' ? c.origin : null)) };
  return {
    filiere: col((c) => c.filiere),
    ...ids,
    ...other,
    lat: col((c) => point(c)?.lat),
    lon: col((c) => point(c)?.lon),
    date: col((c) => c.date),
    level: col((c) => c.level),
    age: col((c) => c.age),
    ehpad_resident: col((c) => c.ehpad_resident),
    time_critical: col((c) => c.time_critical),
    include_planned: col((c) => c.include_planned),
    flags: col((c) => c.flags),
    exclude: col((c) => c.exclude),
    max_distance_km: col((c) => c.max_distance_km),
    preferred_site: col((c) => c.preferred_site),
  };
}

/** The same columns as an Arrow-like store holds them: dictionaries, typed arrays, days. */
function encodedColumns(cases) {
  const plain = plainColumns(cases);
  const dict = (column) => {
    const values = [...new Set(column.filter((v) => v !== null).map((v) => (Array.isArray(v) ? v.join(';') : v)))];
    const codes = Int32Array.from(column, (v) => (v === null ? -1 : values.indexOf(Array.isArray(v) ? v.join(';') : v)));
    return { codes, values };
  };
  const f64 = (column) => Float64Array.from(column, (v) => v ?? NaN);
  const bytes = (column) => Uint8Array.from(column, (v) => (v ? 1 : 0));
  const other = Object.fromEntries(
    ['commune', 'postal_code', 'finess'].filter((n) => plain[n]).map((n) => [n, dict(plain[n])]),
  );
  return {
    filiere: dict(plain.filiere),
    ...(plain.origin ? { origin: dict(plain.origin) } : {}),
    ...other,
    lat: f64(plain.lat),
    lon: f64(plain.lon),
    date: Int32Array.from(plain.date, (d) => (d === null ? -(2 ** 31) : days(d))),
    level: dict(plain.level),
    age: f64(plain.age),
    ehpad_resident: bytes(plain.ehpad_resident),
    time_critical: bytes(plain.time_critical),
    include_planned: bytes(plain.include_planned),
    flags: dict(plain.flags),
    exclude: dict(plain.exclude),
    max_distance_km: f64(plain.max_distance_km),
    preferred_site: dict(plain.preferred_site),
  };
}

/** Runs `f`, which must throw a `ParcoursError` with code `argument` at `pointer`. */
function throwsArgument(f, pointer, message) {
  assert.throws(f, (e) => {
    assert.ok(e instanceof ParcoursError, `not a ParcoursError: ${e}`);
    assert.equal(e.code, 'argument');
    assert.equal(e.file, 'columns');
    assert.equal(e.details.length, 1);
    assert.equal(e.details[0].code, 'argument');
    assert.equal(e.details[0].pointer, pointer);
    if (message) assert.match(e.details[0].message, message);
    return true;
  });
}

/** The cases in groups of one origin column each (`origin` with `lat` and `lon`, `commune`,
 *  `postal_code` or `finess`), in order, each case with its index in the file. */
function byOriginColumn(cases) {
  const groups = new Map();
  cases.forEach((c, i) => {
    const o = c.origin;
    const column = typeof o === 'string' || 'lat' in o ? 'origin' : Object.keys(o)[0];
    if (!groups.has(column)) groups.set(column, []);
    groups.get(column).push([c, i]);
  });
  return [...groups.values()];
}

let vectors = 0;
for (const file of FILES) {
  const here = new URL(file, CASES);
  const cf = JSON.parse(readFileSync(here, 'utf8'));
  const communes = caseFileCommunes(cf, here);
  const engine = Network.fromJson(readFileSync(new URL(cf.network, here), 'utf8')).compile({
    ...(cf.travel ? { travel: cf.travel } : {}),
    ...(communes ? { communes } : {}),
  });
  vectors += cf.cases.length;

  const groups = byOriginColumn(cf.cases.map((v) => v.case));

  test(`${file}: routeColumns (plain arrays) gives routeBatch's decisions`, () => {
    for (const group of groups) {
      const cases = group.map(([c]) => c);
      const batch = engine.routeBatch(cases);
      const out = engine.routeColumns(plainColumns(cases));
      assert.ok(out instanceof RoutedColumns);
      assert.equal(out.length, cases.length);
      assert.deepEqual(out.rows(), batch.map(asColumns));
    }
  });

  test(`${file}: routeColumns (dictionaries, typed arrays, days) gives routeBatch's decisions`, () => {
    for (const group of groups) {
      const cases = group.map(([c]) => c);
      const out = engine.routeColumns(encodedColumns(cases));
      cases.forEach((c, i) => assert.deepEqual(out.row(i), { ok: true, decision: columnar(engine.route(c)) }, `case ${i}`));
    }
  });

  test(`${file}: routeColumns meets the vectors' expectations`, () => {
    for (const group of groups) {
      const out = engine.routeColumns(plainColumns(group.map(([c]) => c)));
      group.forEach(([, k], i) => {
        const v = cf.cases[k];
        for (const [key, want] of Object.entries(v.expect)) {
          if (key === 'via' || key === 'dead_ends' || key === 'alternatives') continue; // explanations only
          if (key === 'distance_km') {
            assert.ok(Math.abs(out.distance_km[i] - want) < 1, `${v.name}: distance_km ${out.distance_km[i]}, expected ${want}`);
          } else {
            assert.deepEqual(out.text(key, i), want, `${v.name}: \`${key}\``);
          }
        }
      });
    }
  });
}

test('routeColumns saw every shared vector', () => {
  assert.ok(vectors >= 60, `only ${vectors} case vectors`);
});

test('result columns are dictionary-encoded typed arrays', () => {
  const out = shm.routeColumns({
    filiere: ['chirurgie', 'chirurgie', 'chirurgie'],
    level: ['reference', 'reference', 'recours'],
    origin: ['ch-langres', 'ch-langres', 'ch-langres'],
    date: ['2017-09-15', '2017-09-15', '2017-10-02'],
    flags: [[], null, ['most_acute']],
  });
  assert.ok(out.target.codes instanceof Int32Array);
  assert.ok(out.distance_km instanceof Float64Array);
  assert.ok(out.minutes instanceof Float64Array);
  // Equal targets share a code; each distinct text appears once.
  assert.equal(out.target.codes[0], out.target.codes[1]);
  assert.equal(new Set(out.target.values).size, out.target.values.length);
  assert.deepEqual(out.outcome.values, ['routed']);
  assert.deepEqual([...out.error.codes], [-1, -1, -1]);
  assert.ok(Number.isNaN(out.minutes[0]), 'no travel matrix: no minutes');
  assert.equal(out.text('target', 0), 'chu-dijon');
  assert.equal(out.text('tele_service', 0), null);
});

test('routeColumns returns exactly the core result columns, in order', () => {
  const columns = resultColumns();
  const names = columns.map((c) => c.name);
  assert.deepEqual(names.slice(0, 2), ['id', 'outcome']);
  assert.equal(names.at(-1), 'error');
  for (const name of ['tele_service', 'fallback_target', 'target_level', 'minutes', 'entry', 'commune']) {
    assert.ok(names.includes(name), name);
  }
  const out = shm.routeColumns({
    id: ['a', 'b', 'c'],
    filiere: ['chirurgie', 'chirurgie', 'chirurgie'],
    origin: ['ch-langres', 'nowhere', 'ch-langres'],
    date: ['2017-10-02', '2017-10-02', 'soon'],
  });
  assert.deepEqual(Object.keys(out), ['length', ...names]);
  assert.deepEqual(out.id, ['a', 'b', 'c']);
  for (const c of columns) {
    const values = out[c.name];
    if (c.kind === 'text') {
      assert.ok(values.codes instanceof Int32Array, c.name);
      if (!c.nullable) assert.ok(values.codes.every((code) => code >= 0), `${c.name} is never null`);
    } else if (c.kind === 'number') {
      assert.ok(values instanceof Float64Array, c.name);
    }
  }
  assert.deepEqual([0, 1, 2].map((i) => out.text('outcome', i)), ['routed', 'invalid', 'invalid']);
  assert.equal(out.text('reason', 1), 'unknown_origin');
  assert.match(out.text('error', 2), /soon|date/);
  // Without an `id` column, `id` is null on every row; a short one is refused.
  assert.deepEqual(shm.routeColumns({ filiere: ['chirurgie'], origin: ['ch-langres'], date: ['2017-10-02'] }).id, [null]);
  assert.throws(() => shm.routeColumns({ id: [1, 2], filiere: ['chirurgie'] }), (e) => e instanceof ParcoursError && e.details[0].pointer === '/id');
  // routeBatch decisions name their fields as the result columns.
  const batch = shm.routeBatch([{ filiere: 'chirurgie', origin: 'ch-langres', date: '2017-10-02' }]);
  for (const key of Object.keys(batch[0].decision)) assert.ok(names.includes(key), key);
});

test('a tele-service-first decision shows its tele-service and fallback as columns', () => {
  const file = JSON.parse(readFileSync(new URL('alliance-ouest-parisien.json', CASES), 'utf8'));
  const net = Network.fromJson(readFileSync(new URL(file.network, CASES), 'utf8')).compile();
  const cases = file.cases.slice(0, 3).map((v) => v.case);
  const out = net.routeColumns(plainColumns(cases));
  assert.equal(out.text('step', 0), 'tele_service');
  assert.equal(out.text('tele_service', 0), 'tele-foch-urgences-ehpad');
  assert.equal(out.text('fallback_target', 0), 'hopital-foch');
  assert.deepEqual([1, 2].map((i) => out.text('tele_service', i)), [null, null]);
});

test('bad rows are tagged and the other rows still route', () => {
  const good = { filiere: 'chirurgie', level: 'reference', origin: 'ch-langres', date: '2017-09-15' };
  const columns = {
    filiere: ['chirurgie', null, 'chirurgie', 'chirurgie', 'chirurgie', 'chirurgie', 'chirurgie'],
    level: ['reference', 'reference', 'reference', 'reference', 'reference', 'reference', 'reference'],
    origin: ['ch-langres', 'ch-langres', null, 'ch-langres', 'ch-langres', 'nowhere', 'ch-langres'],
    date: ['2017-09-15', '2017-09-15', '2017-09-15', 'soon', '2017-09-15', '2017-09-15', null],
    age: [40, 40, 40, 40, 2.5, 40, 40],
  };
  const out = shm.routeColumns(columns);
  const rows = out.rows();
  const want = engine_route(good);
  assert.deepEqual(rows[0], { ok: true, decision: columnar(want) });
  const error = (i) => {
    assert.equal(rows[i].ok, false, `row ${i} should be an error`);
    assert.equal(rows[i].error.code, 'C001');
    assert.equal(out.text('outcome', i), 'invalid', `row ${i} is invalid`);
    assert.equal(out.target.codes[i], -1);
    assert.ok(Number.isNaN(out.distance_km[i]));
    return rows[i].error.message;
  };
  assert.match(error(1), /missing `filiere`/);
  assert.match(error(2), /missing `origin`/);
  assert.match(error(3), /soon|date/);
  assert.match(error(4), /invalid `age`/);
  // An unknown origin is not an error: the core's decision says `invalid`.
  assert.deepEqual(rows[5], { ok: true, decision: columnar(engine_route({ ...good, origin: 'nowhere' })) });
  assert.equal(rows[5].decision.outcome, 'invalid');
  assert.match(error(6), /missing `date`/);
  // Equal errors share a code.
  const again = shm.routeColumns({ ...columns, filiere: [null, null, null, null, null, null, null] });
  assert.deepEqual(again.error.values, ['missing `filiere`']);
});

function engine_route(c) {
  return shm.route(c);
}

test('the date option dates the rows without a date', () => {
  const columns = {
    filiere: ['chirurgie', 'chirurgie'],
    level: ['reference', 'reference'],
    origin: ['ch-langres', 'ch-langres'],
    date: Int32Array.of(days('2017-09-15'), -(2 ** 31)),
  };
  const case0 = { filiere: 'chirurgie', level: 'reference', origin: 'ch-langres', date: '2017-09-15' };
  const later = { ...case0, date: '2017-10-02' };
  assert.notDeepEqual(shm.route(case0), shm.route(later), 'the two dates should route differently');
  const rows = shm.routeColumns(columns, { date: '2017-10-02' }).rows();
  assert.deepEqual(rows, [
    { ok: true, decision: shm.route(case0) },
    { ok: true, decision: shm.route(later) },
  ]);
  const noDate = shm.routeColumns({ filiere: columns.filiere, origin: columns.origin }, { date: '2017-10-02' }).rows();
  assert.deepEqual(noDate[0], { ok: true, decision: shm.route({ ...later, level: undefined }) });
  throwsArgument(() => shm.routeColumns(columns, { date: 'tomorrow' }), '/date');
  throwsArgument(() => shm.routeColumns(columns, { date: 20171002 }), '/date');
});

test('origins given as coordinates', () => {
  const at = { lat: 47.86, lon: 5.33 };
  const c = { filiere: 'chirurgie', level: 'reference', origin: at, date: '2017-09-15' };
  const out = shm.routeColumns({
    filiere: ['chirurgie', 'chirurgie'],
    level: ['reference', 'reference'],
    origin: [null, null],
    lat: Float64Array.of(at.lat, NaN),
    lon: [at.lon, at.lon],
    date: ['2017-09-15', '2017-09-15'],
  });
  assert.deepEqual(out.row(0), { ok: true, decision: shm.route(c) });
  assert.ok(out.text('entry', 0), 'an origin given as coordinates enters the network at a site');
  assert.match(out.row(1).error.message, /missing `origin`/);
});

test('columns of the wrong type or length throw ParcoursError (argument)', () => {
  const base = { filiere: ['chirurgie', 'chirurgie'], origin: ['ch-langres', 'ch-langres'], date: ['2017-09-15', '2017-09-15'] };
  throwsArgument(() => shm.routeColumns({ ...base, level: ['reference'] }), '/level', /has 1 rows, not 2/);
  throwsArgument(() => shm.routeColumns({ ...base, age: Float64Array.of(1, 2, 3) }), '/age', /has 3 rows, not 2/);
  throwsArgument(() => shm.routeColumns({ ...base, date: Int32Array.of(1) }), '/date', /has 1 rows/);
  throwsArgument(() => shm.routeColumns({ ...base, ehpad_resident: [true] }), '/ehpad_resident', /has 1 rows/);
  throwsArgument(
    () => shm.routeColumns({ ...base, origin: { codes: Int32Array.of(0, 1), values: ['ch-langres'] } }),
    '/origin',
    /out of range/,
  );
  throwsArgument(() => shm.routeColumns({ ...base, origin: { codes: [0, 0], values: ['ch-langres'] } }), '/origin');
  throwsArgument(() => shm.routeColumns({ ...base, level: 'reference' }), '/level');
  throwsArgument(() => shm.routeColumns({ ...base, level: ['reference', 3] }), '/level/1', /expected a string/);
  throwsArgument(() => shm.routeColumns({ ...base, age: ['40', 40] }), '/age/0', /expected a number/);
  throwsArgument(() => shm.routeColumns({ ...base, age: 'old' }), '/age');
  throwsArgument(() => shm.routeColumns({ ...base, time_critical: ['yes', false] }), '/time_critical/0');
  throwsArgument(() => shm.routeColumns({ ...base, flags: [['most_acute', 1], null] }), '/flags/0');
  throwsArgument(() => shm.routeColumns({ ...base, date: [20170915, null] }), '/date/0');
  throwsArgument(() => shm.routeColumns({ ...base, preferredSite: ['x', 'y'] }), '/preferredSite', /unknown column/);
  throwsArgument(() => shm.routeColumns({ origin: base.origin, date: base.date }), '/filiere', /missing column `filiere`/);
  throwsArgument(() => shm.routeColumns([base]), '', /expected an object of columns/);
  throwsArgument(() => shm.routeColumns(null), '');
  // An `id` column is accepted and ignored, as in the Python binding.
  assert.equal(shm.routeColumns({ ...base, id: ['a', 'b'] }).length, 2);
  // Nothing was left half-built: the engine still routes.
  assert.equal(shm.routeColumns(base).rows()[0].ok, true);
});

test('an empty batch', () => {
  const out = shm.routeColumns({ filiere: [], origin: [], date: [] });
  assert.equal(out.length, 0);
  assert.deepEqual(out.rows(), []);
  assert.equal(out.target.codes.length, 0);
});

test('routeColumns works again after a trap', () => {
  const base = { filiere: ['chirurgie'], level: ['reference'], origin: ['ch-langres'], date: ['2017-09-15'] };
  const before = shm.routeColumns(base).rows();
  assert.throws(() => __trapForTests(), (e) => e instanceof ParcoursError && e.code === 'trap');
  assert.deepEqual(shm.routeColumns(base).rows(), before);
});

test("the engine's texts keep their codes from one call to the next, in frozen values", () => {
  const engine = Network.fromJson(SHM).compile();
  const at = (origin, level) => ({ filiere: ['chirurgie'], level: [level], origin: [origin], date: ['2017-09-15'] });
  const first = engine.routeColumns(at('ch-langres', 'reference'));
  const firstTargets = [...first.target.values];
  const second = engine.routeColumns({
    filiere: ['chirurgie', 'chirurgie'],
    level: ['proximite', 'reference'],
    origin: ['ch-bourbonne', 'ch-langres'],
    date: ['2017-09-15', '2017-09-15'],
  });
  // The earlier result is untouched; the later one holds its texts and those of the call before.
  assert.deepEqual(first.target.values, firstTargets);
  assert.ok(Object.isFrozen(first.target.values) && Object.isFrozen(second.target.values));
  assert.throws(() => first.target.values.push('x'), TypeError);
  assert.deepEqual(second.target.values.slice(0, firstTargets.length), firstTargets);
  assert.equal(second.target.codes[1], first.target.codes[0]);
  assert.equal(new Set(second.rule.values).size, second.rule.values.length);
  for (const [out, cases] of [
    [first, [at('ch-langres', 'reference')]],
    [second, [at('ch-bourbonne', 'proximite'), at('ch-langres', 'reference')]],
  ]) {
    const want = cases.map((c) => ({ ok: true, decision: engine.route({ filiere: 'chirurgie', origin: c.origin[0], level: c.level[0], date: c.date[0] }) }));
    assert.deepEqual(out.rows(), want);
  }
  // Outcomes, steps and reasons keep their codes too (static names); errors are coded per call.
  const invalid = engine.routeColumns(at('nowhere', 'reference'));
  assert.deepEqual(invalid.outcome.values, ['routed', 'invalid']);
  assert.equal(invalid.text('outcome', 0), 'invalid');
  assert.deepEqual(engine.routeColumns({ ...at('ch-langres', 'reference'), date: ['soon'] }).error.values.length, 1);
  assert.deepEqual(engine.routeColumns(at('ch-langres', 'reference')).error.values, []);
  // Another engine has codes of its own.
  const other = shm.routeColumns(at('ch-bourbonne', 'proximite'));
  assert.equal(other.text('target', 0), second.text('target', 0));
});

test('repeated rows and their near neighbours route as route() routes each', () => {
  // More rows than the repeat cache's trial window, each case repeated, interleaved with rows
  // that differ from it in one value that changes the decision.
  const base = [];
  for (const origin of ['ch-langres', 'ch-chaumont', 'ch-bourbonne', 'loc-dijon', 'loc-auxonne']) {
    for (const level of ['proximite', 'recours']) base.push({ filiere: 'chirurgie', origin, level, date: '2017-10-02' });
  }
  const cases = [];
  for (let k = 0; k < 120; k += 1) {
    for (const c of base) {
      cases.push(c, { ...c, date: k % 2 ? '2017-09-15' : '2017-10-02' }, { ...c, flags: ['most_acute'] });
      cases.push({ ...c, max_distance_km: 50 + (k % 2) * 40 }, { ...c, age: 30 + (k % 3) });
    }
  }
  assert.ok(cases.length > 4096);
  for (const columns of [plainColumns(cases), encodedColumns(cases)]) {
    const out = shm.routeColumns(columns);
    cases.forEach((c, i) => assert.deepEqual(out.row(i), { ok: true, decision: shm.route(c) }, `row ${i}`));
  }
});

// A point given as `lat`/`lon` beside the other fields (the batch shape, which `route()` also
// reads) crosses as columns like `origin: {lat, lon}`, and gives route()'s decision; half a
// point, or a point given twice, goes through the case reader for its error.
test('routeBatch: lat/lon cases give route()\'s decisions; half or doubled points are the reader\'s errors', () => {
  const cases = [
    { filiere: 'chirurgie', lat: 47.86, lon: 5.33, date: '2017-10-02' },
    { filiere: 'chirurgie', origin: { lat: 47.86, lon: 5.33 }, date: '2017-10-02' },
    { filiere: 'chirurgie', lat: 48.11, lon: 5.14, date: '2017-09-30', flags: ['most_acute'] },
    { filiere: 'chirurgie', lat: 47.86, date: '2017-10-02' },
    { filiere: 'chirurgie', origin: 'ch-langres', lat: 47.86, lon: 5.33, date: '2017-10-02' },
  ];
  const batch = shm.routeBatch(cases);
  assert.equal(batch.length, cases.length);
  for (const [i, c] of cases.slice(0, 3).entries()) {
    assert.deepEqual(batch[i], { ok: true, decision: shm.route(c) }, `case ${i}`);
  }
  assert.deepEqual(batch[0].decision, batch[1].decision);
  for (const i of [3, 4]) {
    assert.equal(batch[i].ok, false, `case ${i}`);
    assert.throws(() => shm.route(cases[i]), (e) => e instanceof ParcoursError && /^C00\d$/.test(e.code));
  }
});
