// `codes()`: the core's table of stable codes, the same in every runtime (test-data/codes.json,
// which the core's own test writes and checks).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { Network, ParcoursError, codes } from '../pkg/node.mjs';
import { ROOT } from './helpers.mjs';

test('codes() is the core table', () => {
  const shared = JSON.parse(readFileSync(new URL('test-data/codes.json', ROOT), 'utf8'));
  assert.deepEqual(codes(), shared);
  assert.deepEqual(new Set(codes().map((c) => c.family)), new Set(['load', 'check', 'case', 'query', 'register']));
});

test('a load error code is in the table', () => {
  let code;
  try {
    Network.fromJson('{"id": "n", "name": "x", "sitez": []}');
  } catch (e) {
    assert.ok(e instanceof ParcoursError);
    code = e.code;
  }
  const entry = codes().find((c) => c.code === code);
  assert.equal(entry.family, 'load');
  assert.ok(entry.summary_fr);
});
