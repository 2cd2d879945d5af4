// Every seed network loads through the WebAssembly binding and summarises like the Rust core.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { Network } from '../pkg/node.mjs';
import { SEED_FILES, expectedSummary, rustSummaries } from './helpers.mjs';

test('there are seed networks', () => {
  assert.ok(SEED_FILES.length >= 1, 'no examples/networks/*.json');
});

for (const { name, url } of SEED_FILES) {
  test(`${name} loads with the counts of the file`, () => {
    const text = readFileSync(url, 'utf8');
    const data = JSON.parse(text);
    const net = Network.fromJson(text);
    assert.equal(net.id, data.id);
    assert.equal(net.name, data.name);
    const summary = net.summary();
    assert.deepEqual(summary, expectedSummary(data));
    assert.deepEqual(Object.keys(summary).slice(0, 2), ['id', 'name']);
  });

  test(`${name} summary equals the Rust summary`, (t) => {
    const rust = rustSummaries();
    if (rust === null) {
      t.skip('PARCOURS_RUST_SUMMARIES is not set (./test.sh sets it)');
      return;
    }
    const net = Network.fromJson(readFileSync(url, 'utf8'));
    assert.deepEqual(rust[name], { summary: net.summary() });
  });

  test(`${name} loads the same through every constructor`, () => {
    const text = readFileSync(url, 'utf8');
    const net = Network.fromJson(text);
    const canonical = net.toJson();
    assert.equal(Network.fromObject(JSON.parse(text)).toJson(), canonical);
    assert.equal(Network.fromJson(canonical).toJson(), canonical);
    assert.equal(Network.fromObject(net.toObject()).toJson(), canonical);
  });
}
