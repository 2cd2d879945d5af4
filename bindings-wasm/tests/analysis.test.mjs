// Coverage through the WebAssembly engine. The binding only converts: every row must be what
// `engine.route` gives for that origin, the totals what the rows add up to. The Sud
// Haut-Marnais figures are those of core/tests/analysis.rs and bindings-python/tests/test_analysis.py.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { Network, ParcoursError, __trapForTests } from '../pkg/node.mjs';
import { ROOT } from './helpers.mjs';

const SHM = readFileSync(new URL('examples/networks/sud-haut-marnais.json', ROOT), 'utf8');
const network = Network.fromJson(SHM);
const engine = network.compile();
const SURGERY = { filiere: 'chirurgie', level: 'reference' };

/** Every site and location of the network, points, and origins that cannot be routed. */
function shmOrigins() {
  const data = JSON.parse(SHM);
  return [
    ...data.sites.map((s, i) => ({ id: s.id, name: s.name, origin: s.id, population: 1000 * (i + 1) })),
    ...data.locations.map((l) => ({ id: l.id, origin: l.id, population: 500 })),
    { id: 'point-langres-east', origin: { lat: 47.86, lon: 5.45 }, population: 300 },
    { id: 'point-far', origin: { lat: 43.3, lon: 5.4 }, population: null },
    { id: 'unknown-site', origin: 'ch-nowhere', population: 40 },
    { id: 'nan-coordinates', origin: { lat: NaN, lon: 5 }, population: 10 },
    { id: 'bad-latitude', origin: { lat: 123, lon: 5 } },
  ];
}

const approx = (a, b) => (a === undefined || b === undefined ? a === b : Math.abs(a - b) < 1e-9);

/** Checks each row against `engine.route` and the totals against the rows. */
function checkAgainstRoute(e, origins, report, query, threshold = 80, bands = [30, 45, 80]) {
  assert.equal(report.rows.length, origins.length);
  let population = 0;
  let beyond = 0;
  let noRoute = 0;
  const within = bands.map(() => 0);
  origins.forEach((o, i) => {
    const row = report.rows[i];
    assert.equal(row.origin, o.id);
    const { lat, lon } = typeof o.origin === 'string' ? {} : o.origin;
    const d =
      typeof o.origin === 'string' || (Number.isFinite(lat) && Number.isFinite(lon))
        ? e.route({ ...query, origin: o.origin })
        : { outcome: 'invalid' };
    for (const k of ['outcome', 'target', 'target_name', 'entry']) assert.equal(row[k], d[k], `${o.id} ${k}`);
    assert.ok(approx(row.distance_km, d.distance_km), o.id);
    assert.ok(approx(row.minutes, d.minutes), o.id);
    const weight = o.population ?? 1;
    assert.equal(row.population, weight);
    const routed = d.outcome === 'routed';
    const distance = d.minutes ?? d.distance_km;
    const isBeyond = !routed || distance === undefined || distance > threshold;
    assert.equal(row.beyond_threshold, isBeyond, o.id);
    population += weight;
    if (isBeyond) beyond += weight;
    if (!routed) noRoute += weight;
    bands.forEach((b, k) => {
      if (routed && distance <= b) within[k] += weight;
    });
  });
  assert.ok(approx(report.population, population));
  assert.ok(approx(report.beyond_threshold, beyond));
  assert.ok(approx(report.no_route, noRoute));
  assert.deepEqual(
    report.bands.map((b) => b.within),
    bands,
  );
  report.bands.forEach((b, k) => {
    assert.ok(approx(b.population, within[k]));
    assert.ok(approx(b.share, population > 0 ? within[k] / population : 0));
  });
}

test('coverage rows are what route gives, totals what they add up to', () => {
  const origins = shmOrigins();
  for (const date of ['2017-06-01', '2017-10-02', '2020-01-01']) {
    for (const level of [undefined, 'reference', 'recours']) {
      const query = { filiere: 'chirurgie', date, ...(level ? { level } : {}) };
      checkAgainstRoute(engine, origins, engine.coverage(origins, query), query);
    }
  }
  const report = engine.coverage(origins, { filiere: 'chirurgie', date: '2018-01-01' });
  assert.deepEqual(Object.keys(report), ['fingerprint', 'rows', 'bands', 'population', 'beyond_threshold', 'no_route']);
  assert.deepEqual(report.fingerprint, engine.fingerprint());
  const points = report.rows.filter((r) => r.origin.startsWith('point-') && r.outcome === 'routed');
  assert.ok(points.length > 0 && points.every((r) => typeof r.entry === 'string'), 'points enter at a site');
});

test('a bad coverage query throws, naming the value (not 100 % without a route)', () => {
  const origins = shmOrigins();
  for (const [query, message] of [
    [{ filiere: 'chirugie' }, 'unknown filière `chirugie`\n  help: did you mean `chirurgie`?'],
    [{ level: 'recour' }, 'unknown level `recour` for the filière `chirurgie`'],
    [{ bands: [30, -1] }, 'the threshold or a band is negative or not a number'],
  ]) {
    assert.throws(
      () => engine.coverage(origins, { filiere: 'chirurgie', date: '2018-01-01', ...query }),
      (e) => /^Q00[14]$/.test(e.code) && e.message.includes(message),
      JSON.stringify(query),
    );
  }
});

test('surgery coverage before and after the GCS, as in Rust', () => {
  const origins = [
    { id: 'ch-chaumont', origin: 'ch-chaumont', population: 22000 },
    { id: 'ch-langres', origin: 'ch-langres', population: 7500 },
    { id: 'ch-bourbonne', origin: 'ch-bourbonne', population: 2000 },
  ];
  const before = engine.coverage(origins, { ...SURGERY, date: '2017-06-01' });
  assert.equal(before.rows[2].target, 'chu-dijon');
  assert.equal(before.rows[2].beyond_threshold, true);
  assert.ok(approx(before.beyond_threshold, 2000));
  assert.ok(approx(before.bands.find((b) => b.within === 45).population, 22000));
  const after = engine.coverage(origins, { ...SURGERY, date: '2017-10-02' });
  assert.ok(after.rows.every((r) => !r.beyond_threshold));
  assert.equal(after.beyond_threshold, 0);
  assert.ok(approx(after.bands.find((b) => b.within === 45).share, 1));
});

test('communes of the reference as origins: every Haute-Marne commune, as `parcours coverage --communes` prints it', () => {
  const communes = readFileSync(new URL('examples/reference/communes.csv', ROOT), 'utf8');
  const postalCodes = readFileSync(new URL('examples/reference/postal_codes.csv', ROOT), 'utf8');
  const withRef = network.compile({ communes: { communes, postalCodes } });
  const [header, ...lines] = communes.trim().split('\n');
  const col = Object.fromEntries(header.split(',').map((name, i) => [name, i]));
  const origins = lines
    .map((l) => l.split(','))
    .filter((f) => f[col.departement] === '52' && f[col.population] !== '')
    .map((f) => ({ id: f[col.code], name: f[col.name], origin: { commune: f[col.code] }, population: Number(f[col.population]) }));
  assert.equal(origins.length, 426);
  const report = withRef.coverage(origins, { ...SURGERY, date: '2018-01-01' });
  // The figures of the README and ./run.sh (CLI, same core).
  assert.equal(report.population, 168331);
  assert.equal(report.bands.find((b) => b.within === 30).population, 94637);
  assert.equal(report.bands.find((b) => b.within === 45).population, 119460);
  const langres = report.rows.find((r) => r.origin === '52269');
  assert.equal(langres.target, 'clinique-compassion-langres');
  for (const [i, o] of origins.entries()) {
    const d = withRef.route({ ...SURGERY, date: '2018-01-01', origin: o.origin });
    assert.equal(report.rows[i].target, d.target, o.id);
    assert.equal(report.rows[i].entry, d.entry, o.id);
  }
  // A postal code enters by its most populated commune; an unknown commune is an invalid row.
  const more = withRef.coverage(
    [{ id: 'p', origin: { postal_code: '52200' } }, { id: 'x', origin: { commune: '99999' } }],
    { ...SURGERY, date: '2018-01-01' },
  );
  assert.equal(more.rows[0].target, langres.target);
  assert.equal(more.rows[1].outcome, 'invalid');
  // Without the reference, a commune cannot be placed: an invalid row, not an error.
  assert.equal(engine.coverage([{ id: 'c', origin: { commune: '52269' } }], { ...SURGERY, date: '2018-01-01' }).rows[0].outcome, 'invalid');
});

test('threshold, bands and include_planned are passed to the core', () => {
  const origins = shmOrigins();
  const query = { filiere: 'chirurgie', date: '2018-01-01', threshold: 40, bands: [10, 20.5, 100, 1000] };
  checkAgainstRoute(engine, origins, engine.coverage(origins, query), { filiere: 'chirurgie', date: '2018-01-01' }, 40, query.bands);
  assert.deepEqual(engine.coverage(origins, { ...query, bands: [] }).bands, []);
  for (const planned of [false, true]) {
    const q = { filiere: 'chirurgie', date: '2018-01-01', include_planned: planned };
    checkAgainstRoute(engine, origins, engine.coverage(origins, q), q);
  }
  const nulls = { filiere: 'chirurgie', date: '2018-01-01', level: null, threshold: null, bands: null, include_planned: null };
  assert.deepEqual(engine.coverage(origins, nulls), engine.coverage(origins, { filiere: 'chirurgie', date: '2018-01-01' }));
});

test('minutes from a travel matrix are compared with the threshold', () => {
  const sites = JSON.parse(SHM).sites.map((s) => s.id);
  const travel = sites.map((to) => ({
    from: 'ch-langres',
    to,
    km: 5,
    minutes: to === 'clinique-compassion-langres' ? 10 : 100,
  }));
  const timed = network.compile({ travel });
  const origins = [{ id: 'langres', origin: 'ch-langres' }];
  const query = { ...SURGERY, date: '2018-01-01', threshold: 8, bands: [8, 60] };
  const report = timed.coverage(origins, query);
  const row = report.rows[0];
  assert.deepEqual([row.target, row.distance_km, row.minutes, row.beyond_threshold], ['clinique-compassion-langres', 5, 10, true]);
  assert.deepEqual(report.bands.map((b) => b.population), [0, 1]);
  checkAgainstRoute(timed, origins, report, { ...SURGERY, date: '2018-01-01' }, 8, [8, 60]);
});

test('unknown origins and bad coordinates are invalid rows, not errors', () => {
  const report = engine.coverage(shmOrigins(), { filiere: 'chirurgie', date: '2018-01-01' });
  const outcome = Object.fromEntries(report.rows.map((r) => [r.origin, r.outcome]));
  for (const bad of ['unknown-site', 'nan-coordinates', 'bad-latitude']) assert.equal(outcome[bad], 'invalid', bad);
  assert.equal(outcome['ch-langres'], 'routed');
  // Near Marseille: outside the network's territory and beyond its 80 km entry distance.
  assert.equal(outcome['point-far'], 'no_route');
  assert.equal(report.rows.find((r) => r.origin === 'point-far').reason, 'outside_territory');
  assert.ok(approx(report.no_route, 40 + 10 + 1 + 1));
  // An unknown filière is the query's mistake: an error, not every row invalid (see
  // 'a bad coverage query throws').
  assert.throws(() => engine.coverage(shmOrigins(), { filiere: 'astrologie', date: '2018-01-01' }), /unknown filière `astrologie`/);
  const empty = engine.coverage([], { filiere: 'chirurgie', date: '2018-01-01' });
  assert.deepEqual(empty, {
    fingerprint: engine.fingerprint(),
    rows: [],
    bands: [30, 45, 80].map((within) => ({ within, population: 0, share: 0 })),
    population: 0,
    beyond_threshold: 0,
    no_route: 0,
  });
});

/** Asserts that `f` throws a ParcoursError about `file` at `pointer`: `argument` for origins,
 *  `Q004` (a parameter that cannot take its value) for the query. */
function argumentError(f, file, pointer, message) {
  const code = file === 'query' ? 'Q004' : 'argument';
  let error;
  assert.throws(f, (e) => {
    error = e;
    return e instanceof ParcoursError && e.code === code;
  });
  assert.equal(error.file, file);
  assert.equal(error.details[0].pointer, pointer);
  assert.equal(error.details[0].code, code);
  assert.match(error.message, message);
  return error;
}

test('origins (`argument`) or a query (`Q004`) of the wrong shape throw ParcoursError with a pointer', () => {
  const query = { filiere: 'chirurgie', date: '2018-01-01' };
  const ok = { id: 'a', origin: 'ch-langres' };
  argumentError(() => engine.coverage([ok, { origin: 'ch-langres' }], query), 'origins', '/1', /missing field `id`/);
  argumentError(() => engine.coverage([{ id: 'a' }], query), 'origins', '/0', /missing field `origin`/);
  argumentError(() => engine.coverage([{ id: 3, origin: 'x' }], query), 'origins', '/0/id', /expected a string/);
  argumentError(() => engine.coverage([{ ...ok, origin: 3 }], query), 'origins', '/0/origin', /site or location id/);
  argumentError(() => engine.coverage([{ ...ok, origin: { lat: 47 } }], query), 'origins', '/0/origin', /coordinates/);
  argumentError(() => engine.coverage([{ ...ok, population: '12' }], query), 'origins', '/0/population', /expected a number/);
  argumentError(() => engine.coverage([{ ...ok, name: 5 }], query), 'origins', '/0/name', /expected a string/);
  argumentError(() => engine.coverage([{ ...ok, pop: 5 }], query), 'origins', '/0/pop', /unknown field `pop`/);
  argumentError(() => engine.coverage([null], query), 'origins', '/0', /expected an object, got null/);
  argumentError(() => engine.coverage([ok], { date: '2018-01-01' }), 'query', '', /missing field `filiere`/);
  argumentError(() => engine.coverage([ok], { ...query, date: '2018-02-30' }), 'query', '/date', /2018-02-30/);
  argumentError(() => engine.coverage([ok], { ...query, includePlanned: true }), 'query', '/includePlanned', /unknown field `includePlanned`/);
  argumentError(() => engine.coverage([ok], { ...query, bands: [30, '45'] }), 'query', '/bands', /array of numbers/);
  argumentError(() => engine.coverage([ok], { ...query, threshold: '80' }), 'query', '/threshold', /expected a number/);
  argumentError(() => engine.coverage([ok], undefined), 'query', '', /expected an object/);
  assert.throws(() => engine.coverage(ok, query), TypeError);
  // Nothing was poisoned.
  assert.equal(engine.coverage([ok], query).rows[0].outcome, 'routed');
});

test('coverage works again after a trap re-instantiated the module', () => {
  const origins = shmOrigins();
  const query = { filiere: 'chirurgie', date: '2018-01-01' };
  const want = engine.coverage(origins, query);
  assert.throws(() => __trapForTests(), (e) => e instanceof ParcoursError && e.code === 'trap');
  assert.deepEqual(engine.coverage(origins, query), want);
});

// ---- What-if: engine.diff

/** The surgery stays of examples/analysis/, as case objects (the CSV's columns). */
function stays() {
  const text = readFileSync(
    new URL('examples/analysis/sud-haut-marnais-surgery-stays.csv', ROOT),
    'utf8',
  );
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const cols = header.split(',');
  return lines.map((line) => {
    const v = Object.fromEntries(line.split(',').map((x, i) => [cols[i], x]));
    const origin = v.origin ? v.origin : { lat: Number(v.lat), lon: Number(v.lon) };
    return { id: v.id, filiere: v.filiere, level: v.level, origin, date: v.date };
  });
}

test('diff without the surgery GCS moves the clinic stays to CHU Dijon, as routing both engines says', () => {
  const data = JSON.parse(SHM);
  const withoutGcs = {
    ...data,
    groupings: data.groupings.filter((g) => g.id !== 'gcs-chirurgie-shm'),
    memberships: data.memberships.filter((m) => m.grouping !== 'gcs-chirurgie-shm'),
    rules: data.rules.filter((r) => !JSON.stringify(r).includes('gcs-chirurgie-shm')),
    capabilities: data.capabilities.map(({ holder, ...c }) =>
      holder === 'gcs-chirurgie-shm' ? c : { ...c, holder },
    ),
  };
  for (const c of withoutGcs.capabilities) if (c.holder === undefined) delete c.holder;
  const after = Network.fromObject(withoutGcs).compile();
  const cases = stays();
  const report = engine.diff(after, cases);
  assert.equal(report.total, cases.length);
  // Every changed case is one whose target differs when routed on each engine, and vice versa.
  const expected = cases
    .map((c, index) => ({ index, a: engine.route(c), b: after.route(c) }))
    .filter(({ a, b }) => a.target !== b.target || a.outcome !== b.outcome);
  assert.deepEqual(
    report.changed.map((c) => c.index),
    expected.map((e) => e.index),
  );
  assert.ok(report.changed.length > 0);
  for (const c of report.changed) {
    assert.equal(c.id, cases[c.index].id);
    assert.equal(c.from, engine.route(cases[c.index]).target ?? null);
    assert.equal(c.to, after.route(cases[c.index]).target ?? null);
  }
  const group = report.groups.find(
    (g) => g.from === 'clinique-compassion-langres' && g.to === 'chu-dijon',
  );
  assert.ok(group, JSON.stringify(report.groups));
  assert.equal(
    report.groups.reduce((n, g) => n + g.count, 0),
    report.changed.length,
  );
  for (let i = 1; i < report.groups.length; i++) {
    assert.ok(report.groups[i - 1].count >= report.groups[i].count, 'largest groups first');
  }
  assert.deepEqual(engine.diff(engine, cases), {
    fingerprint_before: engine.fingerprint(),
    fingerprint_after: engine.fingerprint(),
    total: cases.length,
    changed: [],
    groups: [],
  });
});

test('diff: a case that cannot be read throws with its pointer; bad arguments throw TypeError', () => {
  const ok = { ...SURGERY, origin: 'ch-langres', date: '2018-01-01' };
  const cases = [ok, { ...ok, date: 'soon' }];
  assert.throws(
    () => engine.diff(engine, cases),
    (e) => e instanceof ParcoursError && e.code === 'C002' && e.details[0].pointer === '/1/date',
  );
  assert.throws(() => engine.diff({}, []), TypeError);
  assert.throws(() => engine.diff(engine, 'cases'), TypeError);
  // The engine keeps working.
  assert.equal(engine.diff(engine, [ok]).total, 1);
});
