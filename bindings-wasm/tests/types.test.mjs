// The hand-written TypeScript types of cases and decisions (the `typescript_custom_section` of
// bindings-wasm/src/lib.rs, emitted into pkg/parcours_wasm.d.ts) match the Rust model: the
// fields and variants of the Rust structs and enums, the JSON Schema of cases, and what the
// engine really returns. `tsc --noEmit` on tests/types.check.ts checks that they are usable.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { Network } from '../pkg/node.mjs';
import { ROOT } from './helpers.mjs';

const engine = Network.fromJson(readFileSync(new URL('examples/networks/sud-haut-marnais.json', ROOT), 'utf8')).compile();

const DTS = readFileSync(new URL('../pkg/parcours_wasm.d.ts', import.meta.url), 'utf8');
const rust = (file) => readFileSync(new URL(`core/src/${file}`, ROOT), 'utf8');
const ROUTE_RS = rust('route.rs');
const SERVICES_RS = rust('services.rs');
const NETWORK_RS = rust('network.rs');
const CHECK_RS = rust('check.rs');
const ANALYSIS_RS = rust('analysis.rs');
const CASE_INPUT_RS = rust('case_input.rs');

/** Properties of `export interface NAME { … }` in the .d.ts: name -> optional? */
function tsInterface(name) {
  const m = DTS.match(new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`));
  assert.ok(m, `no interface ${name} in parcours_wasm.d.ts`);
  const body = m[1].replace(/\/\*\*[\s\S]*?\*\//g, '');
  return Object.fromEntries([...body.matchAll(/^\s*(\w+)(\??):/gm)].map(([, k, q]) => [k, q === '?']));
}

/** String literals of `export type NAME = "a" | "b"`. */
function tsUnion(name) {
  const m = DTS.match(new RegExp(`export type ${name} =([\\s\\S]*?);`));
  assert.ok(m, `no type ${name} in parcours_wasm.d.ts`);
  return [...m[1].matchAll(/"(\w+)"/g)].map(([, v]) => v).sort();
}

/** Serialised fields of `pub struct NAME` in Rust source: name -> optional (skipped when
 *  empty or an Option)? */
function rustStruct(source, name) {
  const m = source.match(new RegExp(`pub struct ${name}(?:<'\\w+>)? \\{([\\s\\S]*?)\\n\\}`));
  assert.ok(m, `no struct ${name}`);
  const fields = {};
  let skip = false;
  for (const line of m[1].split('\n')) {
    if (/skip_serializing_if|serde\(default/.test(line)) skip = true;
    const f = line.match(/^\s*pub (\w+): (.*),$/);
    if (f) {
      fields[f[1]] = skip || f[2].startsWith('Option<');
      skip = false;
    }
  }
  return fields;
}

/** Variants of `pub enum NAME` in snake_case (serde `rename_all = "snake_case"`). */
function rustEnum(source, name) {
  const m = source.match(new RegExp(`pub enum ${name} \\{([\\s\\S]*?)\\n\\}`));
  assert.ok(m, `no enum ${name}`);
  const body = m[1].replace(/\/\/\/.*$/gm, '');
  return [...body.matchAll(/^\s*([A-Z]\w*),?$/gm)]
    .map(([, v]) => v.replace(/[A-Z]/g, (c, i) => (i ? '_' : '') + c.toLowerCase()))
    .sort();
}

test('Case matches the Rust struct a case is read as and core/schema/case.schema.json', () => {
  const ts = tsInterface('Case');
  const schema = JSON.parse(readFileSync(new URL('core/schema/case.schema.json', ROOT), 'utf8'));
  assert.deepEqual(Object.keys(ts).sort(), Object.keys(schema.properties).sort());
  const required = Object.keys(ts).filter((k) => !ts[k]).sort();
  assert.deepEqual(required, [...schema.required].sort());
  assert.deepEqual(Object.keys(rustStruct(CASE_INPUT_RS, 'CaseInput')).sort(), Object.keys(ts).sort());
});

for (const [name, source] of [
  ['Decision', ROUTE_RS],
  ['Alternative', ROUTE_RS],
  ['TraceEntry', ROUTE_RS],
  ['Explanation', ROUTE_RS],
  ['ServiceProvision', SERVICES_RS],
  ['Diagnostic', CHECK_RS],
  ['Counts', CHECK_RS],
  ['Report', CHECK_RS],
  ['CoverageOrigin', ANALYSIS_RS],
  ['CoverageQuery', ANALYSIS_RS],
  ['CoverageRow', ANALYSIS_RS],
  ['Band', ANALYSIS_RS],
  ['CoverageReport', ANALYSIS_RS],
  ['CaseDiff', ANALYSIS_RS],
  ['DiffGroup', ANALYSIS_RS],
  ['DiffReport', ANALYSIS_RS],
]) {
  test(`${name} has the fields of the Rust struct, optional where Rust may skip them`, () => {
    const fields = rustStruct(source, name);
    const ts = tsInterface(name);
    // Explanation's Vec fields are always present.
    assert.deepEqual(ts, fields);
  });
}

for (const [name, source] of [
  ['Outcome', ROUTE_RS],
  ['ReasonCode', ROUTE_RS],
  ['Rejection', ROUTE_RS],
  ['Step', NETWORK_RS],
  ['Severity', CHECK_RS],
]) {
  test(`${name} lists the variants of the Rust enum`, () => {
    assert.deepEqual(tsUnion(name), rustEnum(source, name));
  });
}

test('coverage checks the fields of the Rust CoverageOrigin and CoverageQuery', () => {
  // index.mjs reads origins and the query itself (see `coverageColumns` in src/lib.rs): the
  // fields it accepts, and those it requires, are the Rust structs'.
  for (const [name, call, required] of [
    ['CoverageOrigin', (x) => engine.coverage([x], { filiere: 'f', date: '2018-01-01' }), { id: 'a', origin: 'x' }],
    ['CoverageQuery', (x) => engine.coverage([], x), { filiere: 'f', date: '2018-01-01' }],
  ]) {
    const fields = rustStruct(ANALYSIS_RS, name);
    let message = '';
    try {
      call({ ...required, unknown_field: 1 });
    } catch (e) {
      message = e.message;
    }
    const listed = [...message.replace(/^.*expected one of/, '').matchAll(/`(\w+)`/g)].map(([, f]) => f);
    assert.deepEqual(listed.sort(), Object.keys(fields).sort(), message);
    const mandatory = Object.keys(fields).filter((k) => !fields[k]).sort();
    assert.deepEqual(Object.keys(required).sort(), mandatory);
    for (const k of mandatory) {
      const without = { ...required };
      delete without[k];
      assert.throws(() => call(without), new RegExp(`missing field \`${k}\``));
    }
  }
});

test('Step lists the values of the network schema', () => {
  const schema = JSON.parse(readFileSync(new URL('core/schema/network.schema.json', ROOT), 'utf8'));
  const values = schema.$defs.Step.oneOf.map((v) => v.const).sort();
  assert.deepEqual(tsUnion('Step'), values);
});

test('every key the engine returns is declared', () => {
  const seen = { Decision: new Set(), Explanation: new Set(), Alternative: new Set(), TraceEntry: new Set() };
  const values = { Outcome: new Set(), Step: new Set(), ReasonCode: new Set(), Rejection: new Set() };
  for (const f of ['alliance-ouest-parisien', 'fixtures-escalation', 'groupe-sos', 'hpsm', 'sos-medecins', 'sud-haut-marnais']) {
    const url = new URL(`examples/cases/${f}.json`, ROOT);
    const cf = JSON.parse(readFileSync(url, 'utf8'));
    const engine = Network.fromJson(readFileSync(new URL(cf.network, url), 'utf8')).compile({ travel: cf.travel ?? [] });
    for (const v of cf.cases) {
      const e = engine.route(v.case, { explain: true });
      Object.keys(e).forEach((k) => seen.Explanation.add(k));
      Object.keys(e.decision).forEach((k) => seen.Decision.add(k));
      e.alternatives.forEach((a) => Object.keys(a).forEach((k) => seen.Alternative.add(k)));
      e.trace.forEach((t) => Object.keys(t).forEach((k) => seen.TraceEntry.add(k)));
      values.Outcome.add(e.decision.outcome);
      if (e.decision.step) values.Step.add(e.decision.step);
      if (e.decision.reason) values.ReasonCode.add(e.decision.reason);
      e.alternatives.forEach((a) => values.Rejection.add(a.rejection));
    }
  }
  for (const [name, keys] of Object.entries(seen)) {
    const declared = tsInterface(name);
    for (const k of keys) assert.ok(k in declared, `${name}.${k} is returned but not declared`);
  }
  for (const [name, vals] of Object.entries(values)) {
    const declared = tsUnion(name);
    for (const v of vals) assert.ok(declared.includes(v), `${name} "${v}" is returned but not declared`);
  }
  assert.ok(seen.Decision.has('distance_km') && seen.Decision.has('tele_service'));
});
