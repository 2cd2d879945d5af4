// The territory map of the demo page: département and commune outlines (GeoJSON of
// examples/reference/, WGS84), the network's sites by kind, its groupings as hulls, the route of
// a decision, commune colours of a coverage analysis, labels placed without overlaps
// (labels.mjs), zoom and pan (wheel, drag, pinch, keys, buttons). Plain SVG, no library.
//
// Geometry is projected once per network (equirectangular at the sites' mean latitude, the
// sites' extent fitted to the frame) and moved by a transform; markers, hulls and labels are
// redrawn in screen pixels at each zoom, so they keep their size and the labels are placed
// again for what is on screen.
import { placeLabels } from './labels.mjs';

const SVG = 'http://www.w3.org/2000/svg';

/** Marker of each site kind: shape and colour (the legend shows the kinds of the network; their
 *  words come from the module's catalogue, `labels().site_kind`). */
export const KINDS = {
  chu: { shape: 'diamond', color: '#7b3294' },
  hospital: { shape: 'circle', color: '#2166ac' },
  clinic: { shape: 'square', color: '#d95f02' },
  cancer_centre: { shape: 'diamond', color: '#c51b7d' },
  smr_centre: { shape: 'triangle', color: '#1b7837' },
  psychiatric_hospital: { shape: 'circle', color: '#35978f' },
  had: { shape: 'triangle', color: '#8c510a' },
  ehpad: { shape: 'triangle', color: '#6a51a3' },
  ssiad: { shape: 'square', color: '#807dba' },
  gp_association: { shape: 'cross', color: '#b2182b' },
  health_centre: { shape: 'square', color: '#4d9221' },
  training: { shape: 'circle', color: '#878787' },
  other: { shape: 'circle', color: '#878787' },
};

/** Colours of the groupings, in the order they are listed. */
export const GROUPING_COLORS = ['#e41a1c', '#377eb8', '#4daf4a', '#984ea3', '#ff7f00', '#a65628', '#f781bf', '#999999'];

const R = 6; // marker radius, px
const FONT = 11; // label size, px (style.css)

export function el(tag, attrs = {}, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

/** SVG path of a marker of `shape` centred on (x, y), radius r. */
export function markerPath(shape, x, y, r) {
  const f = (v) => v.toFixed(1);
  switch (shape) {
    case 'square':
      return `M${f(x - r * 0.85)},${f(y - r * 0.85)}h${f(1.7 * r)}v${f(1.7 * r)}h${f(-1.7 * r)}Z`;
    case 'diamond':
      return `M${f(x)},${f(y - r * 1.2)}L${f(x + r * 1.2)},${f(y)}L${f(x)},${f(y + r * 1.2)}L${f(x - r * 1.2)},${f(y)}Z`;
    case 'triangle':
      return `M${f(x)},${f(y - r * 1.2)}L${f(x + r * 1.1)},${f(y + r * 0.8)}L${f(x - r * 1.1)},${f(y + r * 0.8)}Z`;
    case 'cross': {
      const a = r * 0.4;
      return `M${f(x - a)},${f(y - r)}h${f(2 * a)}v${f(r - a)}h${f(r - a)}v${f(2 * a)}h${f(a - r)}v${f(r - a)}h${f(-2 * a)}v${f(a - r)}h${f(a - r)}v${f(-2 * a)}h${f(r - a)}Z`;
    }
    default:
      return `M${f(x - r)},${f(y)}a${r},${r} 0 1,0 ${f(2 * r)},0a${r},${r} 0 1,0 ${f(-2 * r)},0Z`;
  }
}

/** Convex hull (Andrew's monotone chain) of points `[x, y]`, counter-clockwise. */
export function convexHull(points) {
  const p = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (p.length < 3) return p;
  const cross = (o, a, b) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower = [];
  for (const q of p) {
    while (lower.length >= 2 && cross(lower.at(-2), lower.at(-1), q) <= 0) lower.pop();
    lower.push(q);
  }
  const upper = [];
  for (const q of p.reverse()) {
    while (upper.length >= 2 && cross(upper.at(-2), upper.at(-1), q) <= 0) upper.pop();
    upper.push(q);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

/** Moves apart, in place, the points of `xy` (a Map of [x, y]) closer than `min` pixels:
 *  a few rounds of pairwise pushes, so that crowded markers (several sites of one town at a
 *  small scale) stay distinguishable; each moves at most `min` from where it belongs. */
export function separate(xy, min) {
  const ids = [...xy.keys()];
  const home = new Map(ids.map((id) => [id, [...xy.get(id)]]));
  for (let round = 0; round < 12; round++) {
    let moved = false;
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const a = xy.get(ids[i]);
        const b = xy.get(ids[j]);
        let dx = b[0] - a[0];
        let dy = b[1] - a[1];
        let d = Math.hypot(dx, dy);
        if (d >= min) continue;
        if (d < 1e-6) [dx, dy, d] = [Math.cos(i + j), Math.sin(i + j), 1];
        const push = (min - d) / 2;
        a[0] -= (dx / d) * push;
        a[1] -= (dy / d) * push;
        b[0] += (dx / d) * push;
        b[1] += (dy / d) * push;
        moved = true;
      }
    }
    for (const id of ids) {
      const p = xy.get(id);
      const [hx, hy] = home.get(id);
      const off = Math.hypot(p[0] - hx, p[1] - hy);
      if (off > min) {
        p[0] = hx + ((p[0] - hx) * min) / off;
        p[1] = hy + ((p[1] - hy) * min) / off;
      }
    }
    if (!moved) break;
  }
}

/** Polygons (arrays of rings of [lon, lat]) of a GeoJSON geometry. */
function polygons(geometry) {
  if (geometry.type === 'Polygon') return [geometry.coordinates];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates;
  return [];
}

/** Whether [lon, lat] is inside a GeoJSON (Multi)Polygon (even-odd rule over every ring). */
export function contains(geometry, [lon, lat]) {
  let inside = false;
  for (const poly of polygons(geometry)) {
    for (const ring of poly) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i];
        const [xj, yj] = ring[j];
        if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
      }
    }
  }
  return inside;
}

/** A feature's bounding box [minLon, minLat, maxLon, maxLat] and a label point (the area
 *  centroid of its largest ring, or that ring's first point if the centroid falls outside). */
function describe(feature) {
  let box = [Infinity, Infinity, -Infinity, -Infinity];
  let best = null;
  let bestArea = 0;
  for (const poly of polygons(feature.geometry)) {
    const ring = poly[0];
    let a = 0;
    let cx = 0;
    let cy = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [x0, y0] = ring[j];
      const [x1, y1] = ring[i];
      const c = x0 * y1 - x1 * y0;
      a += c;
      cx += (x0 + x1) * c;
      cy += (y0 + y1) * c;
      box = [Math.min(box[0], x1), Math.min(box[1], y1), Math.max(box[2], x1), Math.max(box[3], y1)];
    }
    if (Math.abs(a) > bestArea) {
      bestArea = Math.abs(a);
      best = a === 0 ? ring[0] : [cx / (3 * a), cy / (3 * a)];
    }
  }
  const point = best && contains(feature.geometry, best) ? best : polygons(feature.geometry)[0]?.[0]?.[0];
  return { box, point };
}

export class TerritoryMap {
  /**
   * `svg`: the map element (its parent's width sets the frame). `options.measure(text, bold)`
   * gives a label's width in px; `options.onCommune(code)` is called on a click on a commune;
   * `options.onSite(id)` on a click on a site; `options.onDrawn(hidden)` after each drawing
   * with the number of site labels left out for want of room.
   */
  constructor(svg, { measure, onCommune, onSite, onDrawn }) {
    this.svg = svg;
    this.measure = measure;
    this.onDrawn = onDrawn;
    this.onCommune = onCommune;
    this.onSite = onSite;
    /** The words for each site kind (`labels().site_kind`), for the sites' tooltips. */
    this.kindLabels = {};
    this.W = 600;
    this.H = 480;
    this.departements = [];
    this.communes = [];
    this.network = null;
    this.route = null;
    this.coverage = null;
    this.view = { k: 1, tx: 0, ty: 0 };
    this.frame = 0;
    this.layers = {};
    for (const name of ['geo', 'dots', 'hulls', 'route', 'markers', 'labels']) {
      this.layers[name] = el('g', { class: `layer-${name}` });
    }
    this.geo = {
      land: el('g', { class: 'departements-fill' }),
      communes: el('g', { class: 'communes' }),
      lines: el('g', { class: 'departements' }),
    };
    this.layers.geo.append(this.geo.land, this.geo.communes, this.geo.lines);
    svg.replaceChildren(...Object.values(this.layers));
    this.#interact();
    new ResizeObserver(() => this.#resize()).observe(svg.parentElement);
    this.#resize();
  }

  /** The outlines: GeoJSON features with `properties.code` and `properties.nom`. */
  setGeometry(departements, communes) {
    const prepare = (f) => ({ code: f.properties.code, name: f.properties.nom, geometry: f.geometry, ...describe(f) });
    this.departements = departements.map(prepare);
    this.communes = communes.map(prepare);
    this.outlined = new Set(this.communes.map((c) => c.code));
  }

  /** The département features containing [lon, lat]. */
  departementsAt(point) {
    return this.departements.filter((d) => contains(d.geometry, point));
  }

  /**
   * Shows a network: `sites` `{id, name, label, kind, lon, lat}`, `groupings` `{id, name, kind,
   * color, visible, members: [{site, role}]}`; fits the view to the sites and forgets the
   * route and coverage of the previous one.
   */
  setNetwork(network) {
    this.network = network;
    this.route = null;
    this.coverage = null;
    this.#fit();
    this.#drawGeometry();
    this.render();
  }

  /** Empties the map (a network failed to load): no outline, site, route or colour; only
   *  `message` in the middle of the frame. */
  clear(message = '') {
    this.network = null;
    this.route = null;
    this.coverage = null;
    this.svg.classList.remove('covering');
    for (const g of Object.values(this.geo)) g.replaceChildren();
    this.message = message;
    this.render();
  }

  /** The route of a decision: `{origin: [lon, lat], originSite?, target?, via: [site ids],
   *  alternatives: [site ids]}`; `null` clears it. */
  setRoute(route) {
    this.route = route;
    this.render();
  }

  /** Coverage colours: `byCode` maps commune codes to `{fill, title}`; `points` are
   *  `{code, lon, lat, population, fill, title}` for communes drawn as dots (no outline in the
   *  reference); `extent` ([minLon, minLat, maxLon, maxLat]), when given, is brought into view
   *  with the sites. `null` clears them. */
  setCoverage(coverage) {
    this.coverage = coverage;
    this.svg.classList.toggle('covering', Boolean(coverage));
    if (coverage?.extent) this.fitTo(coverage.extent);
    for (const path of this.geo.communes.children) {
      const c = coverage?.byCode.get(path.dataset.code);
      path.style.fill = c ? c.fill : '';
      path.classList.toggle('covered', Boolean(c));
      path.querySelector('title').textContent = c ? c.title : path.dataset.title;
    }
    this.render();
  }

  /** Zooms by `factor` about the frame point (x, y) (default its centre). */
  zoomBy(factor, x = this.W / 2, y = this.H / 2) {
    const { k, tx, ty } = this.view;
    const k2 = Math.min(60, Math.max(0.4, k * factor));
    const f = k2 / k;
    this.view = { k: k2, tx: x - (x - tx) * f, ty: y - (y - ty) * f };
    this.render();
  }

  /** Moves the view by (dx, dy) px. */
  panBy(dx, dy) {
    this.view = { ...this.view, tx: this.view.tx + dx, ty: this.view.ty + dy };
    this.render();
  }

  /** Zooms (out only) and pans so that the sites and the box [minLon, minLat, maxLon,
   *  maxLat] are in the frame. */
  fitTo(box) {
    const pts = [this.project(box[0], box[1]), this.project(box[2], box[3])];
    for (const s of this.network.sites) pts.push(this.project(s.lon, s.lat));
    const xs = pts.map((p) => p[0]);
    const ys = pts.map((p) => p[1]);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const k = Math.min(1, (0.94 * this.W) / (x1 - x0 || 1), (0.94 * this.H) / (y1 - y0 || 1));
    this.view = { k, tx: this.W / 2 - ((x0 + x1) / 2) * k, ty: this.H / 2 - ((y0 + y1) / 2) * k };
    this.render();
  }

  /** Back to the sites' extent. */
  reset() {
    this.view = { k: 1, tx: 0, ty: 0 };
    this.render();
  }

  /** Screen position of [lon, lat]. */
  screen([lon, lat]) {
    const [x, y] = this.project(lon, lat);
    return [x * this.view.k + this.view.tx, y * this.view.k + this.view.ty];
  }

  #resize() {
    const width = Math.max(280, Math.round(this.svg.parentElement.clientWidth));
    const height = Math.round(Math.min(680, Math.max(300, width * 0.78)));
    if (width === this.W && height === this.H && this.project) return;
    this.W = width;
    this.H = height;
    this.svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    this.svg.setAttribute('width', width);
    this.svg.setAttribute('height', height);
    if (this.network) {
      this.#fit();
      this.#drawGeometry();
      this.view = { k: 1, tx: 0, ty: 0 };
      this.render();
    }
  }

  /** Projection fitting the sites (with a margin, and at least ~30 km across). */
  #fit() {
    const pts = this.network.sites.map((s) => [s.lon, s.lat]);
    if (pts.length === 0) pts.push([2.35, 46.6]);
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const [lon, lat] of pts) [x0, y0, x1, y1] = [Math.min(x0, lon), Math.min(y0, lat), Math.max(x1, lon), Math.max(y1, lat)];
    const lat0 = (y0 + y1) / 2;
    const kx = Math.cos((lat0 * Math.PI) / 180);
    const minSpan = 0.25;
    const span = (a, b) => Math.max(b - a, minSpan);
    const w = span(x0 * kx, x1 * kx) * 1.3;
    const h = span(y0, y1) * 1.3;
    const s = Math.min(this.W / w, this.H / h);
    const cx = ((x0 + x1) / 2) * kx;
    const cy = (y0 + y1) / 2;
    this.scale = s;
    this.project = (lon, lat) => [this.W / 2 + (lon * kx - cx) * s, this.H / 2 - (lat - cy) * s];
    // What is drawn: features meeting three times the frame (room to pan out).
    const inv = (x, y) => [(x - this.W / 2) / s / kx + cx / kx, cy - (y - this.H / 2) / s];
    const [a0, b1] = inv(-this.W, -this.H);
    const [a1, b0] = inv(2 * this.W, 2 * this.H);
    this.extent = [a0, b0, a1, b1];
  }

  #pathOf(feature) {
    const parts = [];
    for (const poly of polygons(feature.geometry)) {
      for (const ring of poly) {
        let d = '';
        let last = null;
        for (const [lon, lat] of ring) {
          const [x, y] = this.project(lon, lat);
          const p = `${x.toFixed(1)},${y.toFixed(1)}`;
          if (p === last) continue;
          d += (d ? 'L' : 'M') + p;
          last = p;
        }
        parts.push(`${d}Z`);
      }
    }
    return parts.join('');
  }

  #drawGeometry() {
    const [a0, b0, a1, b1] = this.extent;
    const visible = (f) => f.box[0] < a1 && f.box[2] > a0 && f.box[1] < b1 && f.box[3] > b0;
    const deps = this.departements.filter(visible);
    this.geo.land.replaceChildren(...deps.map((d) => el('path', { d: this.#pathOf(d), 'data-code': d.code })));
    this.geo.lines.replaceChildren(...deps.map((d) => el('path', { d: this.#pathOf(d), 'vector-effect': 'non-scaling-stroke' })));
    this.geo.communes.replaceChildren(
      ...this.communes.filter(visible).map((c) => {
        const title = `${c.name} (${c.code})`;
        const path = el('path', { d: this.#pathOf(c), 'data-code': c.code, 'data-title': title, 'vector-effect': 'non-scaling-stroke' });
        path.append(el('title', {}, title));
        return path;
      }),
    );
  }

  /** Redraws on the next animation frame (many calls, one drawing). */
  render() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.#draw();
    });
  }

  /** Draws now (tests and screenshots wait for `data-drawn`). */
  #draw() {
    const { k, tx, ty } = this.view;
    this.layers.geo.setAttribute('transform', `translate(${tx.toFixed(2)} ${ty.toFixed(2)}) scale(${k.toFixed(4)})`);
    for (const name of ['dots', 'hulls', 'route', 'markers', 'labels']) this.layers[name].replaceChildren();
    if (!this.network) {
      if (this.message) {
        this.layers.labels.append(el('text', { x: this.W / 2, y: this.H / 2, class: 'empty', 'text-anchor': 'middle' }, this.message));
      }
      this.onDrawn?.(0);
      return;
    }
    const inFrame = ([x, y], m = 0) => x >= -m && y >= -m && x <= this.W + m && y <= this.H + m;

    // Coverage dots (communes without an outline).
    for (const p of this.coverage?.points ?? []) {
      const xy = this.screen([p.lon, p.lat]);
      if (!inFrame(xy, 5)) continue;
      const r = Math.min(7, 2 + Math.sqrt(p.population) / 40) * Math.min(1.6, Math.max(0.7, Math.sqrt(k)));
      const c = el('circle', { cx: xy[0].toFixed(1), cy: xy[1].toFixed(1), r: r.toFixed(1), fill: p.fill, 'data-code': p.code, class: 'commune-dot' });
      c.append(el('title', {}, p.title));
      this.layers.dots.append(c);
    }

    // Sites: those sharing a position are spread on a small circle around it.
    const xy = new Map();
    const byPlace = new Map();
    for (const s of this.network.sites) {
      const key = `${s.lon},${s.lat}`;
      byPlace.set(key, [...(byPlace.get(key) ?? []), s]);
    }
    for (const group of byPlace.values()) {
      const [x, y] = this.screen([group[0].lon, group[0].lat]);
      group.forEach((s, i) => {
        const n = group.length;
        const a = (2 * Math.PI * i) / n - Math.PI / 2;
        const r = n > 1 ? R + 3 + n : 0;
        xy.set(s.id, [x + r * Math.cos(a), y + r * Math.sin(a)]);
      });
    }
    separate(xy, 2 * R + 3);
    this.positions = xy;

    // Groupings: padded convex hulls of their member sites, largest first (drawn under).
    const shown = this.network.groupings.filter((g) => g.visible && g.members.some((m) => xy.has(m.site)));
    shown
      .map((g, i) => [g, i])
      .sort((a, b) => b[0].members.length - a[0].members.length || a[1] - b[1])
      .forEach(([g], order) => {
        const hull = convexHull([...new Set(g.members.map((m) => m.site))].filter((id) => xy.has(id)).map((id) => xy.get(id)));
        const d = `M${hull.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join('L')}Z`;
        const pad = 12 + 5 * Math.max(0, 3 - order);
        const attrs = { d, class: `hull${g.focus ? ' focus' : ''}`, 'data-grouping': g.id, stroke: g.color, fill: g.color };
        this.layers.hulls.append(el('path', { ...attrs, 'stroke-width': 2 * pad }));
      });

    // The route of the decision.
    const route = this.route;
    if (route) {
      const points = [route.originSite && xy.has(route.originSite) ? xy.get(route.originSite) : this.screen(route.origin)];
      for (const id of [...(route.via ?? []), route.target]) if (id && xy.has(id)) points.push(xy.get(id));
      if (route.target && points.length >= 2) {
        this.layers.route.append(el('polyline', { points: points.map((p) => p.map((v) => v.toFixed(1)).join(',')).join(' '), class: 'route' }));
      }
      if (!route.originSite) {
        const [x, y] = points[0];
        this.layers.route.append(el('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: 5, class: 'origin-point' }));
      }
    }
    const role = (id) =>
      route?.target === id ? 'target' : route?.originSite === id ? 'origin' : route?.alternatives?.includes(id) ? 'alt' : '';

    // Markers, highlighted ones on top.
    const focused = new Set(this.network.groupings.filter((g) => g.focus).flatMap((g) => g.members.map((m) => m.site)));
    const order = [...this.network.sites].sort((a, b) => Number(Boolean(role(a.id))) - Number(Boolean(role(b.id))));
    for (const s of order) {
      const [x, y] = xy.get(s.id);
      const kind = KINDS[s.kind] ?? KINDS.other;
      const r = role(s.id) ? R + 2 : R;
      const g = el('g', { class: `site ${role(s.id)}${focused.has(s.id) ? ' focus' : ''}`.trim(), 'data-site': s.id, 'data-kind': s.kind });
      g.append(el('path', { d: markerPath(kind.shape, x, y, r), fill: kind.color }));
      g.append(el('title', {}, `${s.name} — ${this.kindLabels[s.kind] ?? this.kindLabels.other ?? s.kind} (${s.id})`));
      this.layers.markers.append(g);
    }

    // Labels: sites by importance, then département names; nothing overlaps.
    const PRIORITY = { target: 100, origin: 90, alt: 50 };
    const KIND_PRIORITY = { chu: 30, hospital: 25, cancer_centre: 22, clinic: 20, psychiatric_hospital: 15 };
    const items = [];
    for (const s of this.network.sites) {
      const [x, y] = xy.get(s.id);
      if (!inFrame([x, y])) continue;
      const bold = Boolean(role(s.id));
      items.push({
        id: s.id,
        kind: 'site',
        text: s.label,
        bold,
        x,
        y,
        r: bold ? R + 2 : R,
        w: this.measure(s.label, bold) + 2,
        h: FONT + 4,
        priority: PRIORITY[role(s.id)] ?? (KIND_PRIORITY[s.kind] ?? 10) + (focused.has(s.id) ? 40 : 0),
      });
    }
    for (const d of this.departements) {
      if (!d.point) continue;
      const [x, y] = this.screen(d.point);
      if (!inFrame([x, y], -20)) continue;
      const text = `${d.name} (${d.code})`;
      items.push({ id: `dep-${d.code}`, kind: 'departement', text, x, y, r: 0, w: this.measure(text, false) + 2, h: FONT + 4, priority: 1 });
    }
    const obstacles = [...xy.values()].map(([x, y]) => [x - R - 1, y - R - 1, x + R + 1, y + R + 1]);
    const placed = placeLabels(items, { width: this.W, height: this.H, obstacles });
    let hidden = 0;
    placed.forEach((p, i) => {
      const item = items[i];
      if (p.hidden) {
        if (item.kind === 'site') hidden += 1;
        return;
      }
      // A département's name may move off its centre without a line back to it.
      if (p.leader && item.kind === 'site') this.layers.labels.append(el('line', { x1: p.leader[0], y1: p.leader[1], x2: p.leader[2], y2: p.leader[3], class: 'leader' }));
      const cls = item.kind === 'site' ? `label${item.bold ? ' strong' : ''}` : 'label departement';
      this.layers.labels.append(
        el('text', { x: (p.box[0] + 1).toFixed(1), y: (p.box[3] - 4).toFixed(1), class: cls, 'data-for': item.id }, item.text),
      );
    });
    this.svg.dataset.hiddenLabels = String(hidden);
    this.onDrawn?.(hidden);
    this.svg.dataset.drawn = String(Number(this.svg.dataset.drawn ?? 0) + 1);
  }

  #interact() {
    const svg = this.svg;
    svg.addEventListener(
      'wheel',
      (e) => {
        e.preventDefault();
        const rect = svg.getBoundingClientRect();
        this.zoomBy(Math.exp(-e.deltaY * 0.0015), e.clientX - rect.left, e.clientY - rect.top);
      },
      { passive: false },
    );
    const pointers = new Map();
    let moved = 0;
    let pinch = null;
    svg.addEventListener('pointerdown', (e) => {
      pointers.set(e.pointerId, [e.clientX, e.clientY]);
      try {
        svg.setPointerCapture(e.pointerId);
      } catch {
        // A synthetic event (no active pointer): nothing to capture.
      }
      moved = 0;
      this.downTarget = e.target;
      if (pointers.size === 2) {
        const [a, b] = [...pointers.values()];
        pinch = Math.hypot(a[0] - b[0], a[1] - b[1]);
      }
    });
    svg.addEventListener('pointermove', (e) => {
      const last = pointers.get(e.pointerId);
      if (!last) return;
      const now = [e.clientX, e.clientY];
      pointers.set(e.pointerId, now);
      if (pointers.size === 2 && pinch) {
        const [a, b] = [...pointers.values()];
        const d = Math.hypot(a[0] - b[0], a[1] - b[1]);
        const rect = svg.getBoundingClientRect();
        this.zoomBy(d / pinch, (a[0] + b[0]) / 2 - rect.left, (a[1] + b[1]) / 2 - rect.top);
        pinch = d;
        moved += 10;
        return;
      }
      moved += Math.abs(now[0] - last[0]) + Math.abs(now[1] - last[1]);
      if (moved > 3) this.panBy(now[0] - last[0], now[1] - last[1]);
    });
    const up = (e) => {
      if (!pointers.delete(e.pointerId)) return;
      if (pointers.size < 2) pinch = null;
      if (pointers.size === 0 && moved <= 3) this.#click(this.downTarget);
    };
    svg.addEventListener('pointerup', up);
    svg.addEventListener('pointercancel', (e) => pointers.delete(e.pointerId));
    svg.addEventListener('keydown', (e) => {
      const step = 40;
      const keys = {
        ArrowLeft: () => this.panBy(step, 0),
        ArrowRight: () => this.panBy(-step, 0),
        ArrowUp: () => this.panBy(0, step),
        ArrowDown: () => this.panBy(0, -step),
        '+': () => this.zoomBy(1.5),
        '=': () => this.zoomBy(1.5),
        '-': () => this.zoomBy(1 / 1.5),
        0: () => this.reset(),
      };
      if (keys[e.key]) {
        e.preventDefault();
        keys[e.key]();
      }
    });
  }

  #click(target) {
    const site = target?.closest?.('[data-site]');
    if (site) {
      this.onSite?.(site.dataset.site);
      return;
    }
    const commune = target?.closest?.('[data-code]');
    if (commune && (commune.closest('.communes') || commune.classList.contains('commune-dot'))) this.onCommune?.(commune.dataset.code);
  }
}
