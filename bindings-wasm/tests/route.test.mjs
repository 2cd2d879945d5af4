// Routing through the WebAssembly engine: decisions, documented errors, tagged batches, shared
// services, and recovery: no input (not even a trap) leaves the module unusable.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { Engine, Network, ParcoursError, __trapForTests } from '../pkg/node.mjs';
import { ROOT } from './helpers.mjs';

const SHM = readFileSync(new URL('examples/networks/sud-haut-marnais.json', ROOT), 'utf8');
const network = Network.fromJson(SHM);
const engine = network.compile();
const SURGERY = { filiere: 'chirurgie', level: 'reference', origin: 'ch-langres', date: '2017-09-15' };

/** Asserts that `f` throws a ParcoursError with `code`, and returns it. */
function parcoursError(f, code) {
  let error;
  assert.throws(f, (e) => {
    error = e;
    return e instanceof ParcoursError && e.code === code;
  });
  assert.equal(error.name, 'ParcoursError');
  assert.ok(error.details.length >= 1);
  assert.equal(error.details[0].code, code);
  return error;
}

test('a surgery case before and after the surgery GCS', () => {
  assert.equal(engine.networkId, 'sud-haut-marnais');
  assert.ok(engine.siteCount > 3);
  const before = engine.route(SURGERY);
  assert.equal(before.outcome, 'routed');
  assert.equal(before.target, 'chu-dijon');
  assert.equal(before.step, 'recourse');
  const after = engine.route({ ...SURGERY, date: '2017-10-02' });
  assert.equal(after.target, 'clinique-compassion-langres');
  assert.equal(after.step, 'partner');
});

test('an explanation has the decision, trace, alternatives, via and dead ends', () => {
  const e = engine.route(SURGERY, { explain: true });
  assert.deepEqual(Object.keys(e).sort(), ['alternatives', 'dead_ends', 'decision', 'trace', 'via']);
  assert.deepEqual(e.decision, engine.route(SURGERY));
  assert.ok(e.trace.length >= 1);
  for (const t of e.trace) assert.equal(typeof t.detail, 'string');
  assert.deepEqual(
    e.alternatives.map((a) => [a.site, a.rejection]),
    [['ch-langres', 'not_authorised']],
  );
  assert.deepEqual(engine.route(SURGERY, { explain: false }), e.decision);
});

test('unknown filière, level and origin are invalid decisions, not errors', () => {
  for (const [change, reason] of [
    [{ filiere: 'astrologie' }, 'unknown_filiere'],
    [{ level: 'galactic' }, 'unknown_level'],
    [{ origin: 'ch-nowhere' }, 'unknown_origin'],
    [{ origin: { lat: 123, lon: 5 } }, 'invalid_coordinates'],
  ]) {
    const d = engine.route({ ...SURGERY, ...change });
    assert.equal(d.outcome, 'invalid');
    assert.equal(d.reason, reason);
    assert.equal(typeof d.message, 'string');
  }
});

test('a misspelt flag, filière, level or origin is invalid, named, with the closest known one', () => {
  for (const [change, reason, message, help] of [
    [{ flags: ['most-acute'] }, 'unknown_flag', 'unknown flag `most-acute`: no filière or rule of the network uses it', 'did you mean `most_acute`?'],
    [{ filiere: 'chirugie' }, 'unknown_filiere', 'unknown filière `chirugie`', 'did you mean `chirurgie`?'],
    [{ level: 'recour' }, 'unknown_level', 'unknown level `recour` for the filière `chirurgie`', 'did you mean `recours`?'],
    [{ origin: 'ch-langre' }, 'unknown_origin', 'unknown origin `ch-langre`: neither a site nor a location of the network', 'did you mean `ch-langres`?'],
  ]) {
    const d = engine.route({ ...SURGERY, ...change });
    assert.deepEqual(d, { outcome: 'invalid', reason, message, help });
    // routeBatch gives the same decision.
    assert.deepEqual(engine.routeBatch([{ ...SURGERY, ...change }]).map((r) => r.decision), [d]);
  }
});

test('the case id is echoed in every decision, text or number', () => {
  for (const id of ['stay-1', 42]) {
    assert.equal(engine.route({ ...SURGERY, id }).id, id);
    assert.equal(engine.route({ ...SURGERY, id }, { explain: true }).decision.id, id);
    assert.equal(engine.route({ ...SURGERY, id, level: 'x' }).id, id);
    const [row] = engine.routeBatch([{ ...SURGERY, id }]);
    assert.deepEqual(row.decision, engine.route({ ...SURGERY, id }));
  }
  assert.equal('id' in engine.route(SURGERY), false);
});

test('origin given as coordinates routes', () => {
  const d = engine.route({ ...SURGERY, origin: { lat: 47.86, lon: 5.33 } });
  assert.ok(['routed', 'no_route'].includes(d.outcome));
});

test('a single case takes the shape of a batch row: lat/lon, `;` flags, a plain-string flag', () => {
  const { origin, ...rest } = SURGERY;
  assert.equal(origin, 'ch-langres');
  const point = { ...rest, origin: { lat: 47.86, lon: 5.33 } };
  assert.deepEqual(engine.route({ ...rest, lat: 47.86, lon: 5.33 }), engine.route(point));
  const acute = engine.route({ ...SURGERY, flags: ['most_acute'] });
  assert.equal(acute.level, 'recours');
  assert.deepEqual(engine.route({ ...SURGERY, flags: 'most_acute' }), acute);
  assert.deepEqual(engine.route({ ...SURGERY, flags: ' most_acute ;' }), acute);
  // routeBatch reads every shape alike.
  const rows = engine.routeBatch([{ ...rest, lat: 47.86, lon: 5.33 }, { ...SURGERY, flags: 'most_acute' }]);
  assert.deepEqual(rows.map((r) => r.decision), [engine.route(point), acute]);
});

test('unreadable cases throw ParcoursError with a case code (C001, C002, C003) and a pointer', () => {
  const missing = parcoursError(() => engine.route({ origin: 'ch-langres', date: '2017-09-15' }), 'C001');
  assert.match(missing.message, /missing field `filiere`/);
  assert.doesNotMatch(missing.message, /line \d+ column/);
  assert.equal(missing.file, 'case');

  const date = parcoursError(() => engine.route({ ...SURGERY, date: '2017-02-30' }), 'C002');
  assert.equal(date.details[0].pointer, '/date');
  assert.match(date.details[0].message, /2017-02-30/);

  const unknown = parcoursError(() => engine.route({ ...SURGERY, filère: 'x' }), 'C001');
  assert.match(unknown.message, /unknown field `filère`/);

  const age = parcoursError(() => engine.route({ ...SURGERY, age: -3 }), 'C001');
  assert.equal(age.details[0].pointer, '/age');
  // In the case format's terms, not Rust's (`expected u16`).
  assert.match(age.message, /expected an age in whole years/);
  assert.doesNotMatch(age.message, /u16|f64|untagged|enum/);

  const far = parcoursError(() => engine.route({ ...SURGERY, max_distance_km: 'far' }), 'C001');
  assert.match(far.message, /expected a distance in km/);
  const origin = parcoursError(() => engine.route({ ...SURGERY, origin: { lat: 47 } }), 'C003');
  assert.doesNotMatch(origin.message, /untagged|enum/);
  const twice = parcoursError(() => engine.route({ ...SURGERY, lat: 47.8, lon: 5.3 }), 'C003');
  assert.match(twice.message, /give the origin once/);
  parcoursError(() => engine.route(null), 'C001');
  parcoursError(() => engine.route('chirurgie'), 'C001');
  parcoursError(() => engine.route(undefined), 'C001');
  parcoursError(() => engine.route(), 'C001');
});

test('routeBatch tags each record, so one bad case loses nothing', () => {
  const results = engine.routeBatch([
    SURGERY,
    { ...SURGERY, date: 'yesterday' },
    { ...SURGERY, filiere: 'astrologie' },
    null,
    { ...SURGERY, date: '2017-10-02' },
  ]);
  assert.equal(results.length, 5);
  assert.deepEqual(results[0], { ok: true, decision: engine.route(SURGERY) });
  assert.equal(results[1].ok, false);
  assert.equal(results[1].error.code, 'C002');
  assert.equal(results[1].error.pointer, '/date');
  assert.match(results[1].error.message, /yesterday/);
  assert.deepEqual(results[2], { ok: true, decision: engine.route({ ...SURGERY, filiere: 'astrologie' }) });
  assert.equal(results[2].decision.message, 'unknown filière `astrologie`');
  assert.equal(results[3].ok, false);
  assert.equal(results[4].decision.target, 'clinique-compassion-langres');
  assert.deepEqual(engine.routeBatch([]), []);
  assert.throws(() => engine.routeBatch(SURGERY), TypeError);
});

test('routeBatch reads every case as route does, plain or not', () => {
  // routeBatch sends plain cases through the columns and the others through the case reader of
  // route: either way each record is route's decision, or its error and pointer.
  const cases = [
    SURGERY,
    { ...SURGERY, id: 'r1', age: 80, ehpad_resident: true, flags: ['most_acute'], exclude: ['chu-dijon'] },
    { ...SURGERY, origin: { lat: 47.86, lon: 5.33 }, max_distance_km: 120.5, preferred_site: 'ch-chaumont' },
    { ...SURGERY, origin: { lat: 47.86, lon: 5.33, alt: 3 } },
    { ...SURGERY, origin: { lat: 0.1 + 0.2, lon: 5.123456789012345 } },
    { ...SURGERY, level: null, age: null, max_distance_km: Infinity, time_critical: false },
    { ...SURGERY, age: 80.5 },
    { ...SURGERY, age: 70000 },
    { ...SURGERY, age: NaN },
    { ...SURGERY, age: '80' },
    { ...SURGERY, date: ' 2017-09-15' },
    { ...SURGERY, date: '2017-09' },
    { ...SURGERY, date: '2017-13-01' },
    { ...SURGERY, flags: ['most_acute;x'] },
    { ...SURGERY, flags: [' most_acute'] },
    { ...SURGERY, flags: [''] },
    { ...SURGERY, flags: [] },
    { ...SURGERY, exclude: null },
    { ...SURGERY, time_critical: null },
    { ...SURGERY, filiere: 'chirurgie\ud800' },
    { ...SURGERY, origin: 'ch-langres\udc00' },
    { ...SURGERY, filère: 'x' },
    { origin: 'ch-langres', date: '2017-09-15' },
    Object.assign(Object.create({ inherited: 1 }), SURGERY),
    [],
    'chirurgie',
    42,
  ];
  const results = engine.routeBatch(cases);
  assert.equal(results.length, cases.length);
  cases.forEach((c, i) => {
    let expected;
    try {
      expected = { ok: true, decision: engine.route(c) };
    } catch (e) {
      if (!(e instanceof ParcoursError)) throw e;
      expected = { ok: false, error: e.details[0] };
    }
    assert.deepEqual(results[i], expected, `case ${i}: ${JSON.stringify(c)}`);
  });
});

test('sharedService', () => {
  const who = engine.sharedService('sterilisation', 'ch-langres', '2018-01-01');
  assert.equal(who[0].provider, 'ch-chaumont');
  assert.equal(typeof who[0].provider_name, 'string');
  assert.equal(typeof who[0].service, 'string');
  assert.deepEqual(engine.sharedService('sterilisation', 'ch-nowhere', '2018-01-01'), []);
  const kind = parcoursError(() => engine.sharedService('astrology', 'ch-langres', '2018-01-01'), 'Q004');
  assert.equal(kind.details[0].pointer, '/kind');
  assert.match(kind.message, /unknown variant `astrology`/);
  const date = parcoursError(() => engine.sharedService('sterilisation', 'ch-langres', '2018-13-01'), 'Q004');
  assert.equal(date.details[0].pointer, '/date');
  assert.throws(() => engine.sharedService('sterilisation', 'ch-langres'), TypeError);
});

test('check: the rule-set diagnostics of the core', () => {
  const report = engine.check();
  assert.deepEqual(report, network.check());
  assert.equal(report.network, 'sud-haut-marnais');
  assert.deepEqual(Object.keys(report.counts).sort(), ['errors', 'infos', 'warnings']);
  // A membership marked ended without an end date is never in force: P042, a warning.
  const data = JSON.parse(SHM);
  data.memberships[0].validity = { ...data.memberships[0].validity, status: 'ended' };
  delete data.memberships[0].validity.to;
  const broken = Network.fromObject(data).check();
  const all = [report, broken];
  for (const r of all) {
    assert.equal(r.diagnostics.length, r.counts.errors + r.counts.warnings + r.counts.infos);
    for (const d of r.diagnostics) {
      assert.match(d.code, /^P\d{3}$/);
      assert.ok(['error', 'warning', 'info'].includes(d.severity));
      assert.equal(typeof d.help, 'string');
      assert.equal(typeof d.pointer, 'string');
      if (d.counterexample) assert.ok(['routed', 'no_route', 'invalid'].includes(engine.route(d.counterexample).outcome));
    }
  }
  const p042 = broken.diagnostics.filter((d) => d.code === 'P042');
  assert.equal(p042.length, 1, JSON.stringify(broken.diagnostics));
  assert.equal(p042[0].severity, 'warning');
  assert.equal(p042[0].pointer.startsWith('/memberships/0'), true, p042[0].pointer);
});

test('a bad travel matrix is an argument error', () => {
  const e = parcoursError(() => network.compile({ travel: [{ from: 'ch-langres', too: 'x' }] }), 'argument');
  assert.equal(e.details[0].pointer, '/0/too');
  assert.ok(network.compile({ travel: [] }) instanceof Engine);
});

test('TOML is not compiled into the WebAssembly module: a clear L002', () => {
  const e = parcoursError(() => Network.fromToml('id = "n"\nname = "N"\n'), 'L002');
  assert.match(e.message, /TOML support is not compiled in/);
  assert.match(e.details[0].help, /JSON/);
});

test('failed calls do not poison later ones', () => {
  for (let i = 0; i < 50; i++) {
    assert.throws(() => engine.route({ ...SURGERY, date: 'x' }), ParcoursError);
    assert.throws(() => Network.fromJson('{'), ParcoursError);
    assert.throws(() => engine.route(null), ParcoursError);
    assert.equal(engine.route(SURGERY).target, 'chu-dijon');
  }
});

test('a trap (Rust panic under panic=abort) re-instantiates the module; old objects still work', () => {
  const other = Network.fromObject(JSON.parse(SHM)).compile({ travel: [] });
  const e = parcoursError(() => __trapForTests(), 'trap');
  assert.match(e.message, /re-instantiated/);
  // Objects made before the trap load themselves again into the new instance.
  assert.equal(engine.route(SURGERY).target, 'chu-dijon');
  assert.equal(other.route({ ...SURGERY, date: '2017-10-02' }).target, 'clinique-compassion-langres');
  assert.equal(network.summary().id, 'sud-haut-marnais');
  // Twice in a row, and new objects work too.
  parcoursError(() => __trapForTests(), 'trap');
  parcoursError(() => __trapForTests(), 'trap');
  const fresh = Network.fromJson(SHM).compile();
  assert.deepEqual(fresh.route(SURGERY), engine.route(SURGERY));
  assert.equal(engine.sharedService('sterilisation', 'ch-langres', '2018-01-01')[0].provider, 'ch-chaumont');
});

test('freed objects say so', () => {
  const e = Network.fromJson(SHM).compile();
  e.free();
  assert.throws(() => e.route(SURGERY), /freed/);
});
