// Node benchmark of the WebAssembly engine on the synthetic national network (the data of the
// criterion bench `national/route`). Not a test. See benches/README.md, "WebAssembly".
//
//   cargo run --release -p parcours-wasm --example national -- target/national
//   node bindings-wasm/bench/route.mjs target/national
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { Network } from '../pkg/node.mjs';

const dir = process.argv[2] ?? 'target/national';
const text = readFileSync(join(dir, 'national.json'), 'utf8');
const cases = JSON.parse(readFileSync(join(dir, 'national-cases.json'), 'utf8'));

function time(label, repeat, f) {
  f(); // warm-up
  const runs = [];
  for (let r = 0; r < repeat; r++) {
    const t0 = performance.now();
    f();
    runs.push(performance.now() - t0);
  }
  runs.sort((a, b) => a - b);
  return { label, median_ms: runs[Math.floor(runs.length / 2)], best_ms: runs[0] };
}

const tLoad = time('Network.fromJson', 5, () => Network.fromJson(text));
const network = Network.fromJson(text);
const tCompile = time('network.compile()', 5, () => network.compile());
const engine = network.compile();
const n = cases.length;
const per = (t) => ((t.median_ms * 1e6) / n).toFixed(0);

const tRoute = time('engine.route', 7, () => {
  for (const c of cases) engine.route(c);
});
const tBatch = time('engine.routeBatch', 7, () => engine.routeBatch(cases));

// The same cases as columns, as a caller holding columnar data would have them: plain arrays
// (routeColumns dictionary-encodes the text with a Map on each call), and pre-encoded
// dictionary columns with dates as days (what an Arrow table or a typed-array store holds).
const pick = (f) => cases.map((c) => f(c) ?? null);
const plain = {
  filiere: pick((c) => c.filiere),
  level: pick((c) => c.level),
  origin: pick((c) => (typeof c.origin === 'string' ? c.origin : null)),
  lat: pick((c) => c.origin.lat),
  lon: pick((c) => c.origin.lon),
  date: pick((c) => c.date),
  age: pick((c) => c.age),
  flags: pick((c) => c.flags),
};
function encode(column) {
  const index = new Map();
  const values = [];
  const codes = Int32Array.from(column, (v) => {
    if (v === null) return -1;
    const key = Array.isArray(v) ? v.join(';') : v;
    if (!index.has(key)) {
      index.set(key, values.length);
      values.push(key);
    }
    return index.get(key);
  });
  return { codes, values };
}
const encoded = {
  filiere: encode(plain.filiere),
  level: encode(plain.level),
  origin: encode(plain.origin),
  lat: Float64Array.from(plain.lat, (v) => v ?? NaN),
  lon: Float64Array.from(plain.lon, (v) => v ?? NaN),
  date: Int32Array.from(plain.date, (d) => Date.parse(`${d}T00:00:00Z`) / 86_400_000),
  age: Float64Array.from(plain.age, (v) => v ?? NaN),
  flags: encode(plain.flags),
};
// Same decisions as route (the module's JSON case reader), row for row, for routeBatch (which
// sends plain cases as columns) and routeColumns (a check, not a timing). Distances to 1e-9 km:
// route's coordinates go through JSON text and serde_json's float parsing, which may be one unit
// in the last place off the JS number that the columns pass as is.
const single = cases.map((c) => ({ ok: true, decision: engine.route(c) }));
const same = (a, b) =>
  JSON.stringify(a, (k, v) => (k === 'distance_km' ? Math.round(v * 1e9) : v)) ===
  JSON.stringify(b, (k, v) => (k === 'distance_km' ? Math.round(v * 1e9) : v));
const checks = [
  ['routeBatch', engine.routeBatch(cases)],
  ['routeColumns (plain)', engine.routeColumns(plain).rows()],
  ['routeColumns (encoded)', engine.routeColumns(encoded).rows()],
];
for (const [label, rows] of checks) {
  rows.forEach((r, i) => {
    if (!same(r, single[i])) {
      throw new Error(`${label} and route disagree on case ${i}: ${JSON.stringify(r)} vs ${JSON.stringify(single[i])}`);
    }
  });
}
const tColumns = time('engine.routeColumns plain', 7, () => engine.routeColumns(plain));
const tEncoded = time('engine.routeColumns encoded', 7, () => engine.routeColumns(encoded));
const tExplain = time('engine.route explain', 3, () => {
  for (const c of cases) engine.route(c, { explain: true });
});
const s = network.summary();
console.log(`national network: ${s.sites} sites, ${s.rules} rules; ${n} cases; node ${process.version}`);
console.log(`load ${tLoad.median_ms.toFixed(1)} ms, compile ${tCompile.median_ms.toFixed(1)} ms`);
console.log(`route (one call per case):      ${per(tRoute)} ns/case`);
console.log(`routeBatch (one call for all):  ${per(tBatch)} ns/case`);
console.log(`routeColumns, plain arrays:     ${per(tColumns)} ns/case`);
console.log(`routeColumns, encoded columns:  ${per(tEncoded)} ns/case (routeBatch and routeColumns: route's decisions on all ${n})`);
console.log(`route with explain:             ${per(tExplain)} ns/case`);
