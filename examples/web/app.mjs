// Demo page of parcours: loads a network, routes one case in the browser through the
// WebAssembly engine, and draws the sites and the route on an SVG map. Labels for planners are
// in French; code and ids in English. Nothing is fetched but the page's own files.
import { Network, ParcoursError, init } from './pkg/index.mjs';

const SEEDS = ['sud-haut-marnais', 'alliance-ouest-parisien', 'groupe-sos', 'hpsm', 'sos-medecins'];
const NETWORKS_URL = new URL('../networks/', import.meta.url);

const OUTCOME = { routed: 'Orienté', no_route: 'Aucune orientation', invalid: 'Cas invalide' };
const STEP = {
  local: 'capacité locale',
  partner: "partenaire d'une coopération",
  preferred_pathway: 'parcours préférentiel',
  recourse: 'recours',
  tele_service: "télé-service d'abord",
  patient_choice: 'choix du patient',
  fallback: 'solution de repli',
};
const REASON = {
  no_applicable_rule: "aucune règle ne s'applique et l'origine ne peut pas prendre en charge le cas",
  no_qualifying_target: "des règles s'appliquent, mais aucune de leurs cibles ne convient",
  unknown_filiere: 'filière inconnue',
  unknown_level: 'niveau inconnu pour cette filière',
  unknown_origin: 'origine inconnue',
  invalid_coordinates: 'coordonnées invalides',
  invalid_distance: 'distance maximale invalide',
};
const REJECTION = {
  less_preferred: 'convient, mais moins bien classé',
  level_too_low: 'niveau insuffisant',
  not_authorised: 'pas autorisé dans cette filière à la date',
  too_far: 'trop loin',
  membership_not_in_force: "adhésion pas en vigueur à la date",
  site_not_in_force: 'site pas ouvert à la date',
  excluded: 'exclu par le cas',
};

const SEVERITY = { error: 'Erreur', warning: 'Avertissement', info: 'Info' };

const $ = (id) => document.getElementById(id);
const SVG = 'http://www.w3.org/2000/svg';

/** The loaded network: its data (plain object), engine, and site positions on the map. */
let current = null;

function el(tag, attrs = {}, text) {
  const e = tag.startsWith('svg:') ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function showError(message) {
  const box = $('error');
  box.textContent = message;
  box.hidden = message === '';
}

/** Loads a network from JSON text and resets the form and the map. */
function load(text, label) {
  let network;
  try {
    network = Network.fromJson(text);
  } catch (e) {
    showError(e instanceof ParcoursError ? `${label} : ${e.message}` : String(e));
    return;
  }
  showError('');
  const data = network.toObject();
  const engine = network.compile();
  const locations = new Map((data.locations ?? []).map((l) => [l.id, l]));
  const sites = (data.sites ?? []).filter((s) => locations.has(s.location));
  current = { network, engine, data, locations, sites };
  const summary = network.summary();
  $('network-info').textContent =
    `${network.name} — ${summary.sites} sites, ${summary.filieres} filière(s), ${summary.rules} règles`;

  fill($('filiere'), (data.filieres ?? []).map((f) => [f.id, f.name]));
  fillLevels();
  const origin = $('origin');
  origin.replaceChildren();
  const group = (label, items) => {
    const g = el('optgroup', { label });
    for (const [id, name] of items) g.append(el('option', { value: id }, `${name} (${id})`));
    origin.append(g);
  };
  group('Sites', sites.map((s) => [s.id, s.name]));
  group('Lieux', [...locations.values()].map((l) => [l.id, l.name]));
  drawMap();
  showDiagnostics(engine);
  clearResult('Choisissez un cas, puis « Orienter ».');
  document.body.dataset.network = network.id;
}

function fill(select, items) {
  select.replaceChildren(...items.map(([value, label]) => el('option', { value }, label)));
}

function fillLevels() {
  const f = (current?.data.filieres ?? []).find((x) => x.id === $('filiere').value);
  fill($('level'), [['', '(niveau par défaut)'], ...(f?.levels ?? []).map((l) => [l.id, l.name ?? l.id])]);
}

/** The network diagnostics (core `parcours::check`): severity, code, message, help. */
function showDiagnostics(engine) {
  const panel = $('diagnostics-panel');
  const list = $('diagnostics');
  list.replaceChildren();
  const report = engine.check();
  const { errors, warnings, infos } = report.counts;
  $('diagnostics-counts').textContent = `${errors} erreur(s), ${warnings} avertissement(s), ${infos} information(s)`;
  for (const d of report.diagnostics) {
    const li = el('li', { class: d.severity, 'data-code': d.code });
    li.append(el('strong', {}, `${SEVERITY[d.severity] ?? d.severity} ${d.code}`), ` ${d.message}`);
    if (d.help) li.append(el('div', { class: 'help' }, d.help));
    list.append(li);
  }
  if (report.diagnostics.length === 0) list.append(el('li', {}, 'Aucun problème.'));
  panel.hidden = false;
}

// --- map -----------------------------------------------------------------------------------

const W = 600;
const H = 480;
const PAD = 70;

/** Equirectangular projection fitted to the points: x = lon·cos(mean lat), y = −lat. */
function projection(points) {
  const lat0 = points.reduce((a, p) => a + p.lat, 0) / points.length;
  const k = Math.cos((lat0 * Math.PI) / 180);
  const xs = points.map((p) => p.lon * k);
  const ys = points.map((p) => -p.lat);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = Math.min((W - 2 * PAD) / (x1 - x0 || 1), (H - 2 * PAD) / (y1 - y0 || 1));
  const dx = (W - (x1 - x0) * scale) / 2;
  const dy = (H - (y1 - y0) * scale) / 2;
  return (p) => [dx + (p.lon * k - x0) * scale, dy + (-p.lat - y0) * scale];
}

/** Map labels: the usual French abbreviations of establishment kinds. */
function shortName(name) {
  return name
    .replace(/^Centre hospitalier universitaire/i, 'CHU')
    .replace(/^Centre hospitalier r[ée]gional/i, 'CHR')
    .replace(/^Centre hospitalier/i, 'CH')
    .replace(/^Centre m[ée]dico-chirurgical/i, 'CMC')
    .replace(/^(CHU?|CMC|CHR) (de la |de l'|de |du |d')/, '$1 ')
    .replace(/ \(([^)]*)\)$/, '');
}

function drawMap() {
  const svg = $('map');
  svg.replaceChildren();
  const { sites, locations } = current;
  const used = [...locations.values()];
  if (used.length === 0) return;
  const project = projection(used);
  // Sites sharing a location are spread on a small circle around it.
  const byLocation = new Map();
  for (const s of sites) byLocation.set(s.location, [...(byLocation.get(s.location) ?? []), s]);
  current.xy = new Map();
  const side = new Map();
  for (const [loc, group] of byLocation) {
    const [x, y] = project(locations.get(loc));
    group.forEach((s, i) => {
      const a = group.length > 1 ? (2 * Math.PI * i) / group.length : x > W * 0.6 ? Math.PI : 0;
      const r = group.length > 1 ? 11 : 0;
      current.xy.set(s.id, [x + r * Math.cos(a), y + r * Math.sin(a)]);
      side.set(s.id, a);
    });
  }
  for (const l of used) current.xy.set(l.id, current.xy.get(l.id) ?? project(l));
  svg.append(el('svg:g', { id: 'route-layer' }));
  const layer = el('svg:g', { id: 'sites-layer' });
  // Labels: greedy placement, the first of right, left, above, below (the side away from a
  // shared location first) that overlaps no label or point placed before.
  const boxes = sites.map((s) => {
    const [x, y] = current.xy.get(s.id);
    return [x - 6, y - 6, x + 6, y + 6];
  });
  const overlaps = (b) => boxes.some((o) => b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]);
  for (const s of sites) {
    const [x, y] = current.xy.get(s.id);
    const text = shortName(s.name);
    const w = text.length * 7.4;
    const leftFirst = Math.cos(side.get(s.id)) < -0.01;
    const right = { x: x + 10, y: y + 4, anchor: 'start', box: [x + 9, y - 7, x + 11 + w, y + 7] };
    const left = { x: x - 10, y: y + 4, anchor: 'end', box: [x - 11 - w, y - 7, x - 9, y + 7] };
    const above = { x, y: y - 11, anchor: 'middle', box: [x - w / 2, y - 22, x + w / 2, y - 8] };
    const below = { x, y: y + 19, anchor: 'middle', box: [x - w / 2, y + 8, x + w / 2, y + 22] };
    const inside = (p) => p.box[0] >= 0 && p.box[2] <= W && p.box[1] >= 0 && p.box[3] <= H;
    const options = (leftFirst ? [left, right] : [right, left]).concat([above, below]).filter(inside);
    const pick = options.find((p) => !overlaps(p.box)) ?? options[0] ?? right;
    boxes.push(pick.box);
    const g = el('svg:g', { class: 'site', 'data-site': s.id });
    g.append(el('svg:circle', { cx: x, cy: y, r: 6 }));
    g.append(el('svg:text', { x: pick.x, y: pick.y, 'text-anchor': pick.anchor }, text));
    g.append(el('svg:title', {}, `${s.name} (${s.id})`));
    layer.append(g);
  }
  svg.append(layer);
}

function drawRoute(c, explanation) {
  const svg = $('map');
  for (const g of svg.querySelectorAll('.site')) g.setAttribute('class', 'site');
  const layer = $('route-layer');
  layer.replaceChildren();
  const mark = (id, cls) => {
    const g = svg.querySelector(`.site[data-site="${CSS.escape(id)}"]`);
    g?.classList.add(cls);
    g?.parentNode.append(g); // on top of its neighbours
  };
  for (const a of explanation.alternatives) mark(a.site, 'alt');
  const d = explanation.decision;
  const path = [c.origin, ...explanation.via, d.target].filter((id) => id && current.xy.has(id));
  if (d.target && path.length >= 2) {
    const points = path.map((id) => current.xy.get(id).join(',')).join(' ');
    layer.append(el('svg:polyline', { points, class: 'route' }));
  }
  if (d.target) mark(d.target, 'target');
  mark(c.origin, 'origin');
  if (!current.sites.some((s) => s.id === c.origin) && current.xy.has(c.origin)) {
    const [x, y] = current.xy.get(c.origin);
    layer.append(el('svg:circle', { cx: x, cy: y, r: 7, class: 'origin-point' }));
  }
}

// --- routing -------------------------------------------------------------------------------

function clearResult(text) {
  const decision = $('decision');
  decision.textContent = text;
  decision.dataset.outcome = '';
  $('trace').replaceChildren();
  $('alternatives').tBodies[0].replaceChildren();
}

function siteName(id) {
  return current.sites.find((s) => s.id === id)?.name ?? id;
}

function route(event) {
  event?.preventDefault();
  if (!current) return;
  const c = { filiere: $('filiere').value, origin: $('origin').value, date: $('date').value };
  if ($('level').value) c.level = $('level').value;
  let e;
  try {
    e = current.engine.route(c, { explain: true });
  } catch (err) {
    showError(err instanceof ParcoursError ? `Cas illisible : ${err.message}` : String(err));
    return;
  }
  showError('');
  const d = e.decision;
  const box = $('decision');
  box.replaceChildren();
  box.dataset.outcome = d.outcome;
  box.dataset.target = d.target ?? '';
  box.append(el('p', { class: 'outcome' }, OUTCOME[d.outcome] ?? d.outcome));
  if (d.target) {
    box.append(el('p', { class: 'target' }, `${d.target_name ?? siteName(d.target)} (${d.target})`));
    const facts = [
      ['Étape', d.step ? (STEP[d.step] ?? d.step) : null],
      ['Règle', d.rule],
      ['Niveau demandé', d.level],
      ['Niveau du site', d.target_level],
      ['Distance', d.distance_km === undefined ? null : `${d.distance_km.toFixed(0)} km`],
      ['Durée', d.minutes === undefined ? null : `${d.minutes.toFixed(0)} min`],
      ['Télé-service', d.tele_service],
      ['Transfert si nécessaire', d.fallback_target ? siteName(d.fallback_target) : null],
      ['Via', e.via.length ? e.via.map(siteName).join(' → ') : null],
    ];
    const dl = el('dl');
    for (const [k, v] of facts) if (v) dl.append(el('dt', {}, k), el('dd', {}, v));
    box.append(dl);
  } else if (d.reason) {
    box.append(el('p', { class: 'reason' }, REASON[d.reason] ?? d.reason));
  }
  $('trace').replaceChildren(
    ...e.trace.map((t) => {
      const li = el('li', {}, t.detail);
      if (t.source) li.append(' ', el('span', { class: 'source' }, `(source : ${t.source})`));
      return li;
    }),
  );
  const body = $('alternatives').tBodies[0];
  body.replaceChildren(
    ...e.alternatives.map((a) => {
      const tr = el('tr', { 'data-site': a.site });
      tr.append(
        el('td', {}, `${a.name} (${a.site})`),
        el('td', {}, REJECTION[a.rejection] ?? a.rejection),
        el('td', {}, a.level ?? '—'),
        el('td', {}, `${a.distance_km.toFixed(0)} km`),
      );
      return tr;
    }),
  );
  if (e.alternatives.length === 0) body.append(el('tr', {}, ''));
  drawRoute(c, e);
  document.body.dataset.routed = String(Number(document.body.dataset.routed ?? 0) + 1);
}

// --- start ---------------------------------------------------------------------------------

async function fetchText(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r.text();
}

async function selectSeed(id) {
  load(await fetchText(new URL(`${id}.json`, NETWORKS_URL)), `${id}.json`);
}

async function loadFile(file) {
  if (!file) return;
  load(await file.text(), file.name);
  const select = $('network');
  const value = `file:${file.name}`;
  if (![...select.options].some((o) => o.value === value)) select.append(el('option', { value }, `Fichier : ${file.name}`));
  select.value = value;
}

async function main() {
  await init();
  const select = $('network');
  const names = await Promise.all(
    SEEDS.map(async (id) => {
      try {
        return [id, JSON.parse(await fetchText(new URL(`${id}.json`, NETWORKS_URL))).name];
      } catch {
        return [id, id];
      }
    }),
  );
  fill(select, names);
  select.addEventListener('change', () => {
    if (!select.value.startsWith('file:')) selectSeed(select.value);
  });
  $('filiere').addEventListener('change', fillLevels);
  $('case').addEventListener('submit', route);
  $('file').addEventListener('change', (e) => loadFile(e.target.files[0]));
  const drop = $('drop');
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    loadFile(e.dataTransfer.files[0]);
  });
  $('date').value = new Date().toISOString().slice(0, 10);
  await selectSeed(select.value);
  document.body.dataset.ready = '1';
}

main().catch((e) => {
  showError(`Le module n'a pas pu démarrer : ${e}`);
  document.body.dataset.ready = 'error';
});
