// The hand-written TypeScript types (the `typescript_custom_section` of bindings-wasm/src/lib.rs,
// emitted into pkg/parcours_wasm.d.ts) match the model: cases, decisions and check reports are
// compared with the committed JSON Schemas generated from the Rust types (core/schema/), read
// with the TypeScript compiler's own parser; the analysis reports with the Rust structs; and
// every key the engine really returns is declared. `tsc --noEmit` on tests/types.check.ts
// checks that they are usable.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { test } from 'node:test';

import { Network, ParcoursError } from '../pkg/node.mjs';
import { ROOT } from './helpers.mjs';

const engine = Network.fromJson(readFileSync(new URL('examples/networks/sud-haut-marnais.json', ROOT), 'utf8')).compile();

const DTS = readFileSync(new URL('../pkg/parcours_wasm.d.ts', import.meta.url), 'utf8');
const rust = (file) => readFileSync(new URL(`core/src/${file}`, ROOT), 'utf8');
const SERVICES_RS = rust('services.rs');
const ANALYSIS_RS = rust('analysis.rs');
const CASE_INPUT_RS = rust('case_input.rs');

const ts = createRequire(import.meta.url)('typescript');
const DTS_AST = ts.createSourceFile('parcours_wasm.d.ts', DTS, ts.ScriptTarget.Latest, true);

/** A declaration of the .d.ts by name, parsed by the TypeScript compiler. */
function tsDeclaration(name) {
  const found = DTS_AST.statements.find((s) => s.name?.text === name);
  assert.ok(found, `no declaration ${name} in parcours_wasm.d.ts`);
  return found;
}

/** Properties of an interface, by the compiler's parse: name -> optional? */
function tsProperties(name) {
  const decl = tsDeclaration(name);
  assert.ok(ts.isInterfaceDeclaration(decl), `${name} is not an interface`);
  return Object.fromEntries(
    decl.members.filter(ts.isPropertySignature).map((m) => [m.name.text, m.questionToken !== undefined]),
  );
}

/** String literals of a union type alias, by the compiler's parse. */
function tsLiterals(name) {
  const decl = tsDeclaration(name);
  assert.ok(ts.isTypeAliasDeclaration(decl), `${name} is not a type alias`);
  const types = ts.isUnionTypeNode(decl.type) ? decl.type.types : [decl.type];
  return types.map((t) => t.literal.text).sort();
}

const schema = (file) => JSON.parse(readFileSync(new URL(`core/schema/${file}`, ROOT), 'utf8'));

/** Properties of an object schema: name -> optional (not in `required`)? */
function schemaProperties(s) {
  const required = new Set(s.required ?? []);
  return Object.fromEntries(Object.keys(s.properties).map((k) => [k, !required.has(k)]));
}

/** Values of a string-enum schema (`enum`, or `oneOf` of `const`s). */
function schemaValues(s) {
  return (s.enum ?? s.oneOf.map((v) => v.const)).slice().sort();
}

// Each TypeScript declaration and the schema object it mirrors (the root of a schema file is
// its titled type).
const DECISION = schema('decision.schema.json');
const REPORT = schema('check-report.schema.json');
const DIAGNOSTIC = schema('diagnostic.schema.json');
const OBJECTS = [
  ['Explanation', DECISION],
  ['Decision', DECISION.$defs.Decision],
  ['Alternative', DECISION.$defs.Alternative],
  ['TraceEntry', DECISION.$defs.TraceEntry],
  ['Report', REPORT],
  ['Diagnostic', REPORT.$defs.Diagnostic],
  ['Diagnostic', DIAGNOSTIC],
  ['Counts', REPORT.$defs.Counts],
];
const ENUMS = [
  ['Outcome', DECISION.$defs.Outcome],
  ['ReasonCode', DECISION.$defs.ReasonCode],
  ['Rejection', DECISION.$defs.Rejection],
  ['Step', DECISION.$defs.Step],
  ['Severity', REPORT.$defs.Severity],
];

for (const [name, s] of OBJECTS) {
  test(`${name} (${s.title ?? 'a definition'}) declares the properties of its JSON Schema, optional where the schema does not require them`, () => {
    assert.deepEqual(tsProperties(name), schemaProperties(s));
  });
}

for (const [name, s] of ENUMS) {
  test(`${name} lists the values of its JSON Schema`, () => {
    assert.deepEqual(tsLiterals(name), schemaValues(s));
  });
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

test('Case matches the Rust struct a case is read as and core/schema/case.schema.json', () => {
  const declared = tsProperties('Case');
  assert.deepEqual(declared, schemaProperties(schema('case.schema.json')));
  assert.deepEqual(Object.keys(rustStruct(CASE_INPUT_RS, 'CaseInput')).sort(), Object.keys(declared).sort());
});

for (const [name, source] of [
  ['ServiceProvision', SERVICES_RS],
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
    assert.deepEqual(tsProperties(name), fields);
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
  assert.deepEqual(tsLiterals('Step'), schemaValues(schema('network.schema.json').$defs.Step));
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
    const declared = tsProperties(name);
    for (const k of keys) assert.ok(k in declared, `${name}.${k} is returned but not declared`);
  }
  for (const [name, vals] of Object.entries(values)) {
    const declared = tsLiterals(name);
    for (const v of vals) assert.ok(declared.includes(v), `${name} "${v}" is returned but not declared`);
  }
  assert.ok(seen.Decision.has('distance_km') && seen.Decision.has('tele_service'));
});

test('Change declares every kind of the Rust enum Change, with the fields of its plain variants', () => {
  const decl = tsDeclaration('Change');
  assert.ok(ts.isTypeAliasDeclaration(decl) && ts.isUnionTypeNode(decl.type));
  const declared = {};
  for (let t of decl.type.types) {
    if (ts.isParenthesizedTypeNode(t)) t = t.type;
    const literal = ts.isIntersectionTypeNode(t) ? t.types.find(ts.isTypeLiteralNode) : t;
    assert.ok(ts.isTypeLiteralNode(literal));
    const fields = Object.fromEntries(literal.members.map((m) => [m.name.text, m.questionToken !== undefined]));
    const kind = literal.members.find((m) => m.name.text === 'change').type.literal.text;
    delete fields.change;
    declared[kind] = fields;
  }
  const body = ANALYSIS_RS.match(/pub enum Change \{([\s\S]*?)\n\}/)[1];
  const variants = [...body.matchAll(/^ {4}(\w+)(\(|\s*\{([\s\S]*?)^ {4}\})/gm)];
  const snake = (n) => n.replace(/[A-Z]/g, (c, i) => (i ? '_' : '') + c.toLowerCase());
  assert.deepEqual(Object.keys(declared).sort(), variants.map(([, n]) => snake(n)).sort());
  for (const [, name, open, fields] of variants) {
    if (open === '(') continue; // an entity of the network format: its JSON Schema is the network's
    const rust = {};
    for (const f of fields.matchAll(/^\s*(\w+): (.*),$/gm)) rust[f[1]] = f[2].startsWith('Option<');
    assert.deepEqual(declared[snake(name)], rust, name);
  }
});

test('a load problem, a check diagnostic and a case error have the keys of Diagnostic', () => {
  // One diagnostic model: ParcoursError.details items and check diagnostics are one type.
  const keys = Object.keys(tsProperties('Diagnostic')).sort();
  let load;
  try {
    Network.fromJson('{"id": "n", "name": "x", "sitez": []}');
  } catch (e) {
    load = e;
  }
  assert.ok(load instanceof ParcoursError && load.code === 'L002');
  assert.deepEqual(Object.keys(load.details[0]).sort(), keys);
  assert.equal(load.details[0].severity, 'error');
  assert.equal(load.details[0].file, '<json>');
  const broken = new URL('examples/networks/broken/sud-haut-marnais.json', ROOT);
  const report = Network.fromJson(readFileSync(broken, 'utf8')).check();
  assert.ok(report.diagnostics.length > 0);
  for (const d of report.diagnostics) assert.deepEqual(Object.keys(d).sort(), keys);
  let question;
  try {
    engine.members('gcs-chirurgie-shmm', '2018-01-01');
  } catch (e) {
    question = e;
  }
  assert.equal(question.code, 'Q001');
  assert.deepEqual(Object.keys(question.details[0]).sort(), keys);
  assert.equal(question.help, 'did you mean `gcs-chirurgie-shm`?');
  assert.equal(question.hint, question.help); // the former name still answers
  // The errors of the JS API itself (an unknown language: the module's `argument` error; an
  // undefined case: the wrapper's own) have the same keys.
  for (const call of [() => engine.members('gcs-chirurgie-shm', '2018-01-01', { lang: 'xx' }), () => engine.route(undefined)]) {
    let e;
    try {
      call();
    } catch (caught) {
      e = caught;
    }
    assert.ok(e instanceof ParcoursError, String(e));
    assert.deepEqual(Object.keys(e.details[0]).sort(), keys, e.code);
  }
});
