// The shared case vectors (examples/cases/*.json) through the WebAssembly engine, compared as
// core/tests/cases.rs compares them: every field of `expect` must match; `distance_km` to 1 km;
// `via` and `alternatives` (as [{site, rejection}]) exactly.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { test } from 'node:test';

import { Network } from '../pkg/node.mjs';
import { ROOT } from './helpers.mjs';

const CASES = new URL('examples/cases/', ROOT);
const FILES = readdirSync(CASES)
  .filter((f) => f.endsWith('.json'))
  .sort();

/** What the engine says for a case, in the shape of `expect` (as `actual` in cases.rs). */
function actual(engine, c) {
  const e = engine.route(c, { explain: true });
  assert.deepEqual(engine.route(c), e.decision, 'explained and plain routing disagree');
  return {
    ...e.decision,
    via: e.via,
    alternatives: e.alternatives.map((a) => ({ site: a.site, rejection: a.rejection })),
  };
}

test('there are case files for every seed network', () => {
  assert.ok(FILES.length >= 5, `only ${FILES.length} case files`);
});

let total = 0;
for (const file of FILES) {
  const cf = JSON.parse(readFileSync(new URL(file, CASES), 'utf8'));
  const network = Network.fromJson(readFileSync(new URL(cf.network, new URL(file, CASES)), 'utf8'));
  const engine = network.compile(cf.travel ? { travel: cf.travel } : {});
  for (const v of cf.cases) {
    total += 1;
    test(`${file}: ${v.name}`, () => {
      const got = actual(engine, v.case);
      for (const [key, want] of Object.entries(v.expect)) {
        const have = got[key] ?? null;
        if (key === 'distance_km') {
          assert.ok(Math.abs(have - want) < 1, `distance_km is ${have}, expected ${want}`);
        } else {
          assert.deepEqual(have, want, `\`${key}\` is ${JSON.stringify(have)}, expected ${JSON.stringify(want)}`);
        }
      }
    });
  }
  test(`${file}: routeBatch gives the same decisions`, () => {
    const batch = engine.routeBatch(cf.cases.map((v) => v.case));
    assert.equal(batch.length, cf.cases.length);
    cf.cases.forEach((v, i) => assert.deepEqual(batch[i], { ok: true, decision: engine.route(v.case) }));
  });
}

test('at least 60 vectors', () => {
  assert.ok(total >= 60, `only ${total} case vectors`);
});
