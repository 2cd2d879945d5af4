// The label placement of the demo page (examples/web/labels.mjs), a pure function: on random
// crowded maps no two placed labels overlap, none covers a marker or leaves the frame, every
// result is in input order, and priority wins a contested spot.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { overlaps, placeLabels } from '../../examples/web/labels.mjs';

/** A small deterministic generator (mulberry32). */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('no placed label overlaps another, a marker or the frame edge', () => {
  for (let seed = 1; seed <= 200; seed++) {
    const rnd = random(seed);
    const width = 300 + rnd() * 500;
    const height = 200 + rnd() * 400;
    const n = 2 + Math.floor(rnd() * 40);
    const items = Array.from({ length: n }, (_, i) => ({
      id: `s${i}`,
      x: rnd() * width,
      y: rnd() * height,
      r: 6,
      w: 20 + rnd() * 150,
      h: 15,
      priority: Math.floor(rnd() * 5),
    }));
    const obstacles = items.map(({ x, y }) => [x - 7, y - 7, x + 7, y + 7]);
    const placed = placeLabels(items, { width, height, obstacles });
    assert.deepEqual(placed.map((p) => p.id), items.map((i) => i.id), 'input order');
    const boxes = placed.filter((p) => !p.hidden).map((p) => p.box);
    for (const [i, a] of boxes.entries()) {
      assert.ok(a[0] >= 0 && a[1] >= 0 && a[2] <= width && a[3] <= height, `seed ${seed}: inside the frame`);
      assert.ok(!obstacles.some((o) => overlaps(a, o)), `seed ${seed}: covers no marker`);
      for (const b of boxes.slice(i + 1)) assert.ok(!overlaps(a, b), `seed ${seed}: labels apart`);
    }
    for (const p of placed.filter((q) => !q.hidden && q.leader)) {
      const item = items.find((i) => i.id === p.id);
      assert.ok(Math.hypot(p.leader[0] - item.x, p.leader[1] - item.y) <= item.r + 1e-9, 'the leader starts at the marker');
    }
  }
});

test('a lone label goes to the right of its point; the higher priority wins a contested spot', () => {
  const [alone] = placeLabels([{ id: 'a', x: 100, y: 100, r: 6, w: 50, h: 14, priority: 0 }], { width: 400, height: 300 });
  assert.ok(alone.box[0] > 100 && alone.box[1] < 100 && alone.box[3] > 100 && alone.leader === null);
  // Two points on top of each other in a frame with room for one label only.
  const crowded = [
    { id: 'low', x: 20, y: 10, r: 2, w: 70, h: 14, priority: 1 },
    { id: 'high', x: 20, y: 10, r: 2, w: 70, h: 14, priority: 9 },
  ];
  const [low, high] = placeLabels(crowded, { width: 100, height: 20 });
  assert.equal(high.hidden, undefined);
  assert.equal(low.hidden, true);
});
