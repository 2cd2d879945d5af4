// The Node/native ratio of issue #7, measured in pairs so that the host's speed drift (up to 2x
// within minutes on a shared machine) cancels out. Not a test. See benches/README.md,
// "WebAssembly".
//
//   cargo run --release -p parcours-wasm --example national -- target/national
//   cargo build --release -p parcours-wasm --example route_timer
//   node bindings-wasm/bench/ratio.mjs target/national [PAIRS]
//
// It spawns the native timer (examples/route_timer.rs: the same 10,000 cases, pre-built `Case`s,
// `Engine::route` one after the other, as criterion's `national/route`), which routes them all
// once per line it reads. Then, after a warm-up of both sides, for each of PAIRS rounds (default
// 60) it times, one at a time and never at once: native, routeColumns on pre-encoded columns,
// native, routeColumns on plain arrays, native, routeBatch, native, one route() per case,
// native. Each Node time is divided by
// the mean of the two native times around it. It prints the median, min and max of these
// ratios and the median per-case times, and checks first that routeColumns and routeBatch give
// route's decision on every row.
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';

import { checkAgainstRoute, loadNational } from './national.mjs';

const dir = process.argv[2] ?? 'target/national';
const pairs = Number(process.argv[3] ?? 60);
const timer = process.env.PARCOURS_ROUTE_TIMER ?? 'target/release/examples/route_timer';
// Passes per timed round, the last one timed: with 2, each side first routes the cases once
// untimed, to have its data back in the caches after the other side ran.
const passes = Number(process.env.PARCOURS_PASSES ?? 2);

const data = loadNational(dir);
const { engine, cases, plain, encoded } = data;
const n = cases.length;
const routed = checkAgainstRoute(data);

// The native side: one line out per line in, `<ns> <routed>`.
const child = spawn(timer, [dir], { stdio: ['pipe', 'pipe', 'inherit'] });
const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
const next = async () => {
  const { value, done } = await lines.next();
  if (done) throw new Error(`${timer} ended early`);
  return value;
};
const ready = await next();
if (ready !== `ready ${n}`) throw new Error(`${timer}: expected "ready ${n}", got "${ready}"`);
async function native() {
  child.stdin.write(`${passes}\n`);
  const [ns, count] = (await next()).split(' ').map(Number);
  if (count !== routed) throw new Error(`native routed ${count} cases, Node ${routed}`);
  return ns;
}
const node = {
  'routeColumns, pre-encoded': () => engine.routeColumns(encoded),
  'routeColumns, plain arrays': () => engine.routeColumns(plain),
  routeBatch: () => engine.routeBatch(cases),
  'route, one call per case': () => {
    for (const c of cases) engine.route(c);
  },
};
function timeNode(f) {
  for (let k = 1; k < passes; k++) f();
  const t0 = performance.now();
  f();
  return (performance.now() - t0) * 1e6;
}

// Warm-up: a few rounds of each, so both sides run optimised code on warm caches.
for (let r = 0; r < 5; r++) {
  await native();
  for (const f of Object.values(node)) timeNode(f);
}

const load0 = loadavg()[0];
const nativeNs = [];
const results = Object.fromEntries(Object.keys(node).map((k) => [k, { ns: [], ratio: [] }]));
const started = performance.now();
for (let p = 0; p < pairs; p++) {
  let before = await native();
  nativeNs.push(before);
  for (const [label, f] of Object.entries(node)) {
    const ns = timeNode(f);
    const after = await native();
    nativeNs.push(after);
    results[label].ns.push(ns);
    results[label].ratio.push(ns / ((before + after) / 2));
    before = after;
  }
}
const seconds = (performance.now() - started) / 1000;
child.stdin.end();
const load1 = loadavg()[0];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const us = (ns) => (ns / n / 1000).toFixed(2);
console.log(`national network, ${n} cases (${routed} routed); node ${process.version}; ${pairs} rounds in ${seconds.toFixed(0)} s`);
console.log(`${passes} passes per round, the last one timed`);
console.log(`load average (1 min) ${load0.toFixed(2)} at the start, ${load1.toFixed(2)} at the end`);
console.log(`native Engine::route: median ${us(median(nativeNs))} µs/case (min ${us(Math.min(...nativeNs))}, max ${us(Math.max(...nativeNs))})`);
for (const [label, { ns, ratio }] of Object.entries(results)) {
  console.log(
    `${label.padEnd(27)} median ${us(median(ns))} µs/case (min ${us(Math.min(...ns))}); ` +
      `ratio to native: median ${median(ratio).toFixed(2)}x, min ${Math.min(...ratio).toFixed(2)}x, max ${Math.max(...ratio).toFixed(2)}x`,
  );
}
