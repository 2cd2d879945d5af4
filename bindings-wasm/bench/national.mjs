// The national network and its cases for the Node benchmarks (route.mjs, ratio.mjs): the data
// of the criterion bench `national/route`, written by examples/national.rs. Not a test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { Network } from '../pkg/node.mjs';

/** The network text, the network, its engine, the cases, and the cases as columns: plain
 *  arrays (routeColumns dictionary-encodes the text with a Map on each call) and pre-encoded
 *  dictionary columns with dates as days (what an Arrow table or a typed-array store holds). */
export function loadNational(dir = 'target/national') {
  const text = readFileSync(join(dir, 'national.json'), 'utf8');
  const cases = JSON.parse(readFileSync(join(dir, 'national-cases.json'), 'utf8'));
  const network = Network.fromJson(text);
  const engine = network.compile();
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
  return { text, network, engine, cases, plain, encoded };
}

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

/** Throws unless routeBatch and routeColumns (plain and encoded) give route's decision on
 *  every row. Distances to 1e-9 km: route's coordinates go through JSON text and serde_json's
 *  float parsing, which may be one unit in the last place off the JS number that the columns
 *  pass as is. */
export function checkAgainstRoute({ engine, cases, plain, encoded }) {
  const single = cases.map((c) => ({ ok: true, decision: engine.route(c) }));
  // Keys in any order (routeBatch writes a decision's fields in the order of the result
  // columns, route in the order of the core's `Decision`), and no `id` (`RoutedColumns.rows()`
  // has none: the id is the caller's column).
  const sorted = (v) => Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)));
  const canonical = (k, v) => {
    if (k === 'id') return undefined;
    if (k === 'distance_km') return Math.round(v * 1e9);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? sorted(v) : v;
  };
  const same = (a, b) => JSON.stringify(a, canonical) === JSON.stringify(b, canonical);
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
  return single.filter((r) => r.decision.outcome === 'routed').length;
}
