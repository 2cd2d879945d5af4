// Node: route() against routeBatch() per case on the Sud Haut-Marnais seed, for 20,000 cases
// of three shapes (distinct points as `lat`/`lon`, site ids, one point repeated). Not a test.
// See benches/README.md, "routeBatch in Node".
//   scripts/build-wasm.sh && node bindings-wasm/bench/route_shapes.mjs
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

import { Network } from '../pkg/node.mjs';

const text = readFileSync(new URL('../../examples/networks/sud-haut-marnais.json', import.meta.url), 'utf8');
const engine = Network.fromJson(text).compile();
const sites = JSON.parse(text).sites.map((s) => s.id);

/** Median of 5 timed runs after one warm-up, in ns per case. */
function perCase(cases, f) {
  f(cases);
  const runs = [];
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now();
    f(cases);
    runs.push(performance.now() - t0);
  }
  runs.sort((a, b) => a - b);
  return ((runs[2] * 1e6) / cases.length).toFixed(0);
}

const points = [];
const ids = [];
const same = [];
for (let i = 0; i < 20_000; i++) {
  points.push({ filiere: 'chirurgie', lat: 47.5 + (i % 997) / 2000, lon: 5.0 + (i % 991) / 1500, date: '2018-03-01' });
  ids.push({ filiere: 'chirurgie', origin: sites[i % sites.length], date: '2018-03-01' });
  same.push({ filiere: 'chirurgie', lat: 47.86, lon: 5.33, date: '2018-03-01' });
}
for (const [name, cases] of [['distinct points', points], ['site ids', ids], ['one point', same]]) {
  const single = perCase(cases, (cs) => {
    for (const c of cs) engine.route(c);
  });
  const batch = perCase(cases, (cs) => engine.routeBatch(cs));
  console.log(`${name.padEnd(16)} route() ${single} ns/case, routeBatch ${batch} ns/case`);
}
