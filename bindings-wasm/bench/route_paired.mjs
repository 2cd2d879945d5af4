// Node: `engine.route(c)` of two builds of the package, alternated in one process (paired
// runs: both see the same load), on the Sud Haut-Marnais seed, for 20,000 cases of each shape.
// Not a test. See benches/README.md, "WebAssembly".
//
//   cp -r bindings-wasm/pkg /tmp/pkg-before     # on the base commit, after scripts/build-wasm.sh
//   scripts/build-wasm.sh                        # on the change
//   node bindings-wasm/bench/route_paired.mjs /tmp/pkg-before bindings-wasm/pkg [rounds] [--wall]
//   node bindings-wasm/bench/route_paired.mjs /tmp/pkg-before bindings-wasm/pkg --national=target/national
//
// Prints, per shape, the median over the rounds of each build's ns per case (each round: one
// warm-up pass, then the median of 5 timed passes), and the median of the per-round ratios.
// Times are CPU time of the process (less disturbed by other work on the machine), or
// wall-clock time with --wall.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const [a, b] = process.argv.slice(2, 4);
if (!a || !b) throw new Error('usage: node route_paired.mjs <pkg A> <pkg B> [rounds] [--wall] [--national=DIR]');
const rounds = Number(process.argv.slice(4).find((x) => !x.startsWith('--')) ?? 7);
// --national=DIR: the synthetic national network and its 10,000 cases (examples/national.rs,
// see route.mjs) instead of the seed's shapes.
const national = process.argv.find((x) => x.startsWith('--national='))?.slice('--national='.length);
const text = national
  ? readFileSync(resolve(national, 'national.json'), 'utf8')
  : readFileSync(new URL('../../examples/networks/sud-haut-marnais.json', import.meta.url), 'utf8');
const sites = JSON.parse(text).sites.map((s) => s.id);

async function engineOf(dir) {
  const { Network } = await import(pathToFileURL(resolve(dir, 'node.mjs')).href);
  return Network.fromJson(text).compile();
}
const builds = [
  ['A', await engineOf(a)],
  ['B', await engineOf(b)],
];

const shapes = { 'distinct points': [], 'site ids': [], 'one point': [], 'every field': [], 'invalid (flag)': [] };
for (let i = 0; i < 20_000; i++) {
  shapes['distinct points'].push({ filiere: 'chirurgie', lat: 47.5 + (i % 997) / 2000, lon: 5.0 + (i % 991) / 1500, date: '2018-03-01' });
  shapes['site ids'].push({ filiere: 'chirurgie', origin: sites[i % sites.length], date: '2018-03-01' });
  shapes['one point'].push({ filiere: 'chirurgie', lat: 47.86, lon: 5.33, date: '2018-03-01' });
  shapes['every field'].push({
    id: `stay-${i}`,
    filiere: 'chirurgie',
    level: 'reference',
    origin: { lat: 47.5 + (i % 997) / 2000, lon: 5.0 + (i % 991) / 1500 },
    date: '2018-03-01',
    age: 20 + (i % 70),
    ehpad_resident: i % 7 === 0,
    time_critical: false,
    flags: i % 3 === 0 ? ['most_acute'] : [],
    max_distance_km: 150,
    exclude: ['chu-reims'],
    include_planned: false,
  });
  shapes['invalid (flag)'].push({ filiere: 'chirurgie', origin: sites[i % sites.length], date: '2018-03-01', flags: ['most-acute'] });
}

/** The time of `f()` in ms: the process's CPU time (user and system), which other processes
 *  on a loaded machine disturb less than wall-clock time; wall-clock time with `--wall`. */
const wall = process.argv.includes('--wall');
function ms(f) {
  if (wall) {
    const t0 = performance.now();
    f();
    return performance.now() - t0;
  }
  const t0 = process.cpuUsage();
  f();
  const { user, system } = process.cpuUsage(t0);
  return (user + system) / 1000;
}

if (national) {
  for (const key of Object.keys(shapes)) delete shapes[key];
  shapes['national cases'] = JSON.parse(readFileSync(resolve(national, 'national-cases.json'), 'utf8'));
}

/** ns per case: median of 5 timed passes after one warm-up. */
function perCase(engine, cases) {
  const pass = () => {
    for (const c of cases) engine.route(c);
  };
  pass();
  const runs = [];
  for (let k = 0; k < 5; k++) runs.push(ms(pass));
  runs.sort((x, y) => x - y);
  return (runs[2] * 1e6) / cases.length;
}

const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
console.log(`A = ${a}, B = ${b}; ${rounds} rounds; ${wall ? 'wall-clock' : 'CPU'} time; node ${process.version}`);
for (const [name, cases] of Object.entries(shapes)) {
  const times = { A: [], B: [] };
  const ratios = [];
  for (let r = 0; r < rounds; r++) {
    // Alternate which build goes first.
    const order = r % 2 === 0 ? builds : [...builds].reverse();
    for (const [label, engine] of order) times[label].push(perCase(engine, cases));
    ratios.push(times.B[r] / times.A[r]);
  }
  console.log(
    `${name.padEnd(16)} A ${median(times.A).toFixed(0)} ns/case, B ${median(times.B).toFixed(0)} ns/case, B/A ${median(ratios).toFixed(2)} (per round ${Math.min(...ratios).toFixed(2)}-${Math.max(...ratios).toFixed(2)})`,
  );
}
