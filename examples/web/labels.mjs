// Label placement for the map: a greedy algorithm in the spirit of Imhof's cartographic rules
// (and of the "point-feature label placement" heuristics of Christensen, Marks and Shieber,
// 1995): labels are taken by priority, and each takes the first of its candidate positions
// that stays in the frame and overlaps neither a label placed before nor a point of the map.
// Candidates come in rings around the point: the eight positions next to it (right first, as
// map readers expect), then the same eight farther out with a leader line back to the point.
// A label with no free position is hidden (its point keeps a tooltip) rather than piled on
// another one. Pure: no DOM, so it is the same in the page and in Node.

/** Order of the candidate directions around a point: right, left, upper right, lower right,
 *  upper left, lower left, above, below. Unit vectors (x right, y down). */
const DIRECTIONS = [
  [1, 0],
  [-1, 0],
  [0.71, -0.71],
  [0.71, 0.71],
  [-0.71, -0.71],
  [-0.71, 0.71],
  [0, -1],
  [0, 1],
];

/** Extra distances (px) of the candidate rings: next to the point, then with a leader line. */
const RINGS = [0, 16, 34, 56];

/** Whether boxes `[x0, y0, x1, y1]` `a` and `b` overlap, with `gap` pixels kept between them. */
export function overlaps(a, b, gap = 0) {
  return a[0] < b[2] + gap && b[0] < a[2] + gap && a[1] < b[3] + gap && b[1] < a[3] + gap;
}

/** The box of a label of size `w`×`h` whose anchor is `off` pixels from (`x`, `y`) in
 *  direction `[dx, dy]`: the label sits on that side of the point. */
function candidate(x, y, w, h, off, [dx, dy]) {
  const ax = x + dx * off;
  const ay = y + dy * off;
  const x0 = dx > 0.1 ? ax : dx < -0.1 ? ax - w : ax - w / 2;
  const y0 = dy > 0.1 ? ay : dy < -0.1 ? ay - h : ay - h / 2;
  return [x0, y0, x0 + w, y0 + h];
}

/** The point of `box` nearest to (`x`, `y`): where a leader line meets the label. */
function nearest(box, x, y) {
  return [Math.min(Math.max(x, box[0]), box[2]), Math.min(Math.max(y, box[1]), box[3])];
}

/**
 * Places labels without overlaps.
 *
 * `items`: `{id, x, y, r, w, h, priority}`: the point (`x`, `y`) with a marker of radius `r`,
 * the label's size `w`×`h` (pixels), higher `priority` placed first (ties keep input order).
 * `options.width`, `options.height`: the frame; `options.obstacles`: boxes labels must not
 * cover (the markers); `options.gap`: pixels kept between two labels.
 *
 * Returns one entry per item, in input order: `{id, hidden: true}` or `{id, box, leader}` with
 * `box` `[x0, y0, x1, y1]` and `leader` `[x1, y1, x2, y2]` (from the marker's edge to the
 * label) or `null` when the label touches its point.
 */
export function placeLabels(items, { width, height, obstacles = [], gap = 2 }) {
  const order = items.map((item, i) => [item, i]).sort((a, b) => b[0].priority - a[0].priority || a[1] - b[1]);
  const placed = [];
  const result = new Array(items.length);
  const free = (box) =>
    box[0] >= 0 &&
    box[1] >= 0 &&
    box[2] <= width &&
    box[3] <= height &&
    !placed.some((p) => overlaps(p, box, gap)) &&
    !obstacles.some((o) => overlaps(o, box));
  for (const [item, i] of order) {
    const { x, y, r, w, h } = item;
    let chosen = null;
    search: for (const ring of RINGS) {
      for (const dir of DIRECTIONS) {
        const box = candidate(x, y, w, h, r + 3 + ring, dir);
        if (free(box)) {
          chosen = { box, ring };
          break search;
        }
      }
    }
    if (chosen === null) {
      result[i] = { id: item.id, hidden: true };
      continue;
    }
    placed.push(chosen.box);
    let leader = null;
    if (chosen.ring > 0) {
      const [bx, by] = nearest(chosen.box, x, y);
      const len = Math.hypot(bx - x, by - y) || 1;
      leader = [x + ((bx - x) * r) / len, y + ((by - y) * r) / len, bx, by];
    }
    result[i] = { id: item.id, box: chosen.box, leader };
  }
  return result;
}
