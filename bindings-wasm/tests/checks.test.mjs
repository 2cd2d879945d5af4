// test-data/checks.json: what `check` reports for each committed network, shared with
// core/tests/check.rs and bindings-python/tests/test_check.py.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { Network } from '../pkg/node.mjs';

const root = new URL('../../', import.meta.url);
const { networks } = JSON.parse(readFileSync(new URL('test-data/checks.json', root), 'utf8'));

for (const want of networks) {
  test(`check ${want.network}`, () => {
    const network = Network.fromJson(readFileSync(new URL(want.network, root), 'utf8'));
    const report = network.check();
    assert.deepEqual(report.counts, want.counts);
    const got = report.diagnostics.map(({ code, severity, pointer, entities }) => ({ code, severity, pointer, entities }));
    assert.deepEqual(got, want.diagnostics);
    // Engine.check gives the same report as Network.check.
    assert.deepEqual(network.compile().check(), report);
    if (!want.network.includes('/broken/') && !want.network.includes('/fixtures/')) {
      assert.equal(report.counts.errors, 0);
    }
  });
}
