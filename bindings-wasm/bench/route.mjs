// Node benchmark of the WebAssembly engine on the synthetic national network (the data of the
// criterion bench `national/route`). Not a test. See benches/README.md, "WebAssembly".
//
//   cargo run --release -p parcours-wasm --example national -- target/national
//   node bindings-wasm/bench/route.mjs target/national
// The paired Node/native ratio: bench/ratio.mjs.
import { performance } from 'node:perf_hooks';

import { Network } from '../pkg/node.mjs';
import { checkAgainstRoute, loadNational } from './national.mjs';

const dir = process.argv[2] ?? 'target/national';
const data = loadNational(dir);
const { text, network, engine, cases, plain, encoded } = data;

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
const tCompile = time('network.compile()', 5, () => network.compile());
const n = cases.length;
const per = (t) => ((t.median_ms * 1e6) / n).toFixed(0);

const tRoute = time('engine.route', 7, () => {
  for (const c of cases) engine.route(c);
});
const tBatch = time('engine.routeBatch', 7, () => engine.routeBatch(cases));
// routeBatch (which sends plain cases as columns) and routeColumns: route's decisions, row for
// row (a check, not a timing).
checkAgainstRoute(data);
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
