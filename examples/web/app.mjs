// Demo page of parcours: loads a network, routes a case in the browser through the WebAssembly
// engine, and shows the territory: département and commune outlines, sites by kind, groupings,
// the route, and a coverage analysis coloured by commune. Labels for planners are in French;
// code and ids in English. Nothing is fetched but the page's own files (the module, the seed
// networks, the commune reference and outlines of examples/reference/).
//
// The date input drives everything: routing, coverage and the members of each grouping; the
// history slider and list set it (`setDate`, `onDateChange`).
import { Network, ParcoursError, init, labels } from './pkg/index.mjs';
import { GROUPING_COLORS, KINDS, TerritoryMap, el as svgEl, markerPath } from './map.mjs';

const SEEDS = ['sud-haut-marnais', 'alliance-ouest-parisien', 'groupe-sos', 'hpsm', 'sos-medecins'];
const NETWORKS_URL = new URL('../networks/', import.meta.url);
const REFERENCE_URL = new URL('../reference/', import.meta.url);

const OUTCOME = { routed: 'Orienté', no_route: 'Aucune orientation', invalid: 'Cas invalide' };
/** The words for steps, reasons, site kinds and roles, in French, from the module's
 *  catalogue (`labels`); set once the module is ready. */
let LABELS = { step: {}, reason: {}, rejection: {}, site_kind: {}, role: {} };
const SEVERITY = { error: 'Erreur', warning: 'Avertissement', info: 'Info' };
const GROUPING_KIND = {
  ght: 'GHT',
  gcs_moyens: 'GCS de moyens',
  gcs_es: 'GCS établissement de santé',
  alliance_convention: 'Convention, alliance',
  federation: 'Fédération',
  cancer_network: 'Réseau de cancérologie',
  filiere_network: 'Réseau de filière',
  operator_group: 'Groupe propriétaire ou gestionnaire',
};
/** Colours of the coverage classes, nearest first; the last is "beyond the last band". */
const COVERAGE_COLORS = ['#1a9850', '#91cf60', '#d9ef8b', '#fee08b', '#fc8d59', '#d73027'];
const NO_ROUTE_COLOR = '#9e9e9e';

const $ = (id) => document.getElementById(id);
const fmtInt = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const fmtPct = new Intl.NumberFormat('fr-FR', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** The loaded network: its wrapper, engine, data, sites, groupings, names. `null` when none. */
let current = null;
/** The commune reference: CSV texts for the engine, rows by code, outlined codes. */
let reference = null;
/** The last case routed, re-routed when the date changes. */
let lastCase = null;
let map = null;

function el(tag, attrs = {}, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

/** A table row of `cells`. */
/** `text` as nodes, its `backticked` parts (ids and values in the core's texts) as <code>. */
function withCode(text) {
  return String(text)
    .split('`')
    .map((part, i) => (i % 2 === 1 ? el('code', {}, part) : document.createTextNode(part)));
}

function row(...cells) {
  const tr = el('tr');
  tr.append(...cells);
  return tr;
}

function showError(message) {
  const box = $('error');
  box.textContent = message;
  box.hidden = message === '';
}

/** A load error as the planner needs it: the file, then each problem with its line and
 *  column (or JSON pointer), its message, code and help. */
function locatedError(file, e) {
  if (!(e instanceof ParcoursError)) return `${file} : ${e?.message ?? e}`;
  const lines = e.details.slice(0, 8).map((d) => {
    // Line and column where the core knows them (syntax and reference problems alike), with the
    // JSON pointer of the field when there is one.
    const at = d.pointer ? `à ${d.pointer}` : '';
    const where = d.line ? `ligne ${d.line}${d.column ? `, colonne ${d.column}` : ''}${at ? ` (${at})` : ''}` : at || 'fichier entier';
    return `${file}, ${where} : ${d.message} (${d.code})${d.help ? `\n  → ${d.help}` : ''}`;
  });
  if (e.details.length > 8) lines.push(`… et ${e.details.length - 8} autre(s) problème(s)`);
  return lines.join('\n');
}

// --- loading -------------------------------------------------------------------------------

/** Frees the WebAssembly memory of the current network and its engine (rather than waiting
 *  for garbage collection: a planner may load many files). */
function release() {
  current?.engine.free();
  current?.network.free();
  current = null;
}

/** Forgets the network on screen: selects, map, decision, coverage, diagnostics; the map
 *  says `message`. */
function reset(message = 'Aucun réseau chargé.') {
  release();
  lastCase = null;
  for (const id of ['filiere', 'level', 'origin']) {
    $(id).replaceChildren();
    $(id).disabled = true;
  }
  for (const id of ['route', 'coverage', 'coverage-clear', 'whatif', 'whatif-change']) $(id).disabled = true;
  $('whatif-change').replaceChildren();
  hideWhatIf();
  $('network-info').textContent = '';
  $('coverage-departements').replaceChildren();
  $('kinds-legend').replaceChildren();
  $('groupings-legend').replaceChildren();
  $('groupings-note').textContent = '';
  $('diagnostics-panel').hidden = true;
  $('diagnostics').replaceChildren();
  $('history').replaceChildren();
  $('date-slider').disabled = true;
  hideCoverage();
  map.clear(message);
  clearResult('Aucun réseau chargé.');
  delete document.body.dataset.network;
}

/** Loads a network from JSON text (`file` names it in errors) and shows it, or shows the
 *  located error and nothing of the previous network. */
function load(text, file) {
  let network;
  let engine;
  try {
    network = Network.fromJson(text, { lang: 'fr' });
    performance.mark('parcours:parsed');
    // Without the commune reference first (under a millisecond): the map and a decision from
    // a site do not need it. `withReference` adds it (about 100-200 ms) right after, or at once
    // when a commune is asked for.
    engine = network.compile();
    performance.mark('parcours:compiled');
  } catch (e) {
    reset(`${file} n'a pas pu être chargé (voir l'erreur).`);
    showError(locatedError(file, e));
    document.body.dataset.loadError = file;
    return false;
  }
  showError('');
  delete document.body.dataset.loadError;
  const data = network.toObject();
  const locations = new Map((data.locations ?? []).map((l) => [l.id, l]));
  const sites = (data.sites ?? [])
    .filter((s) => locations.has(s.location))
    .map((s) => {
      const l = locations.get(s.location);
      return { id: s.id, name: s.name, label: shortName(s.name), kind: s.kind, legalEntity: s.legal_entity, lon: l.lon, lat: l.lat };
    });
  const filieres = new Map((data.filieres ?? []).map((f) => [f.id, f]));
  release();
  current = { network, engine, data, sites, filieres, groupings: [], referenced: false };
  current.groupings = (data.groupings ?? []).map((g, i) => ({
    id: g.id,
    name: g.name,
    kind: g.kind,
    color: GROUPING_COLORS[i % GROUPING_COLORS.length],
    // Ownership is not cooperation: operator groups start hidden.
    visible: g.kind !== 'operator_group',
    focus: false,
    members: [],
  }));
  const summary = network.summary();
  $('network-info').textContent = `${network.name} — ${summary.sites} sites, ${summary.filieres} filière(s), ${summary.rules} règles`;

  for (const id of ['filiere', 'level', 'origin', 'route', 'coverage', 'coverage-clear', 'whatif', 'whatif-change']) $(id).disabled = false;
  fill($('filiere'), [...filieres.values()].map((f) => [f.id, f.name ?? f.id]));
  fillLevels();
  fillOrigins();
  fillDepartements();
  fillKinds();
  map.setNetwork({ sites, groupings: current.groupings });
  updateGroupings();
  fillHistory();
  fillWhatIf();
  hideWhatIf();
  showDiagnostics(engine);
  performance.mark('parcours:shown');
  hideCoverage();
  document.body.dataset.network = network.id;
  delete document.body.dataset.reference;
  setTimeout(() => current?.network === network && withReference(), 0);
  return true;
}

/** The engine of the current network compiled with the commune reference (communes as
 *  origins, coverage, the territory checks P051-P053), compiled once; from then on it serves
 *  every call. On failure the error is shown and the engine without the reference stays. */
function withReference() {
  if (current.referenced) return current.engine;
  try {
    const plain = current.engine;
    current.engine = current.network.compile({ communes: { communes: reference.communesCsv, postalCodes: reference.postalCsv } });
    plain.free();
  } catch (e) {
    showError(`Référentiel des communes : ${e instanceof ParcoursError ? e.message : e}`);
    return null;
  }
  current.referenced = true;
  showDiagnostics(current.engine);
  document.body.dataset.reference = '1';
  return current.engine;
}

function fill(select, items) {
  select.replaceChildren(...items.map(([value, label]) => el('option', { value }, label)));
}

function levelName(filiere, level) {
  if (!level) return null;
  const l = current?.filieres.get(filiere)?.levels?.find((x) => x.id === level);
  return l?.name ?? level;
}

function fillLevels() {
  const f = current?.filieres.get($('filiere').value);
  const levels = f?.levels ?? [];
  fill($('level'), [['', `(par défaut : ${levels[0]?.name ?? levels[0]?.id ?? '—'})`], ...levels.map((l) => [l.id, l.name ?? l.id])]);
}

/** Origins: the network's sites (places without a site are not patients' origins; a commune
 *  clicked on the map is added as its own option). */
function fillOrigins(commune) {
  const origin = $('origin');
  const previous = origin.value;
  origin.replaceChildren();
  if (commune) {
    const g = el('optgroup', { label: 'Commune choisie sur la carte' });
    g.append(el('option', { value: `commune:${commune.code}` }, `${commune.name} (${commune.code})`));
    origin.append(g);
  }
  const g = el('optgroup', { label: 'Sites du réseau' });
  for (const s of [...current.sites].sort((a, b) => a.name.localeCompare(b.name, 'fr'))) {
    g.append(el('option', { value: s.id }, s.name));
  }
  origin.append(g);
  if (commune) origin.value = `commune:${commune.code}`;
  else if ([...origin.options].some((o) => o.value === previous)) origin.value = previous;
}

/** The départements of the sites (and of the network's territories): origins of coverage. */
function fillDepartements() {
  const codes = new Set();
  for (const s of current.sites) for (const d of map.departementsAt([s.lon, s.lat])) codes.add(d.code);
  for (const t of current.data.territories ?? []) for (const d of t.departements ?? []) codes.add(d);
  const names = new Map(map.departements.map((d) => [d.code, d.name]));
  const box = $('coverage-departements');
  box.replaceChildren(
    ...[...codes]
      .filter((c) => reference.byDepartement.has(c))
      .sort()
      .map((code) => {
        const label = el('label', { class: 'inline' });
        const input = el('input', { type: 'checkbox', name: 'departement', value: code });
        input.checked = true;
        label.append(input, ` ${names.get(code) ?? code} (${code}), ${fmtInt.format(reference.byDepartement.get(code).length)} communes`);
        return label;
      }),
  );
  if (box.children.length === 0) box.append(el('p', { class: 'hint' }, 'Aucune commune de la référence autour de ce réseau.'));
}

function fillKinds() {
  const kinds = [...new Set(current.sites.map((s) => s.kind))];
  $('kinds-legend').replaceChildren(
    ...kinds.map((k) => {
      const kind = KINDS[k] ?? KINDS.other;
      const li = el('li');
      const svg = svgEl('svg', { width: 16, height: 16, viewBox: '0 0 16 16', 'aria-hidden': 'true' });
      svg.append(svgEl('path', { d: markerPath(kind.shape, 8, 8, 5.5), fill: kind.color, stroke: '#fff' }));
      li.append(svg, ` ${LABELS.site_kind[k] ?? LABELS.site_kind.other}`);
      return li;
    }),
  );
}

/** The sites of a member id: a site, the sites of a legal entity, or those of a nested
 *  grouping's members (`seen` stops cycles). */
function sitesOf(member, seen = new Set()) {
  if (current.sites.some((s) => s.id === member)) return [member];
  const ofEntity = current.sites.filter((s) => s.legalEntity === member).map((s) => s.id);
  if (ofEntity.length > 0 || seen.has(member)) return ofEntity;
  seen.add(member);
  return (current.data.memberships ?? []).filter((m) => m.grouping === member).flatMap((m) => sitesOf(m.member, seen));
}

/** Members of each grouping in force at the date (the core's `members`); without a date,
 *  every membership of the file, whatever its dates (said in the legend). */
function updateGroupings() {
  if (!current) return;
  const date = $('date').value;
  const atDate = Boolean(date);
  for (const g of current.groupings) {
    const rows = atDate
      ? current.engine.members(g.id, date).filter((r) => r.state === 'in_force').map((r) => ({ member: r.member, role: r.role }))
      : (current.data.memberships ?? []).filter((m) => m.grouping === g.id).map((m) => ({ member: m.member, role: m.role }));
    g.members = rows.flatMap((r) => sitesOf(r.member).map((site) => ({ site, role: r.role })));
  }
  $('groupings-note').textContent = atDate
    ? `Membres en vigueur au ${date}.`
    : 'Toutes les adhésions du fichier, quelles que soient leurs dates.';
  const legend = $('groupings-legend');
  legend.replaceChildren(
    ...current.groupings.map((g) => {
      const li = el('li', { 'data-grouping': g.id });
      const label = el('label', { class: 'inline' });
      const box = el('input', { type: 'checkbox' });
      box.checked = g.visible;
      box.addEventListener('change', () => {
        g.visible = box.checked;
        map.render();
      });
      const swatch = el('span', { class: 'swatch', style: `background:${g.color}` });
      label.append(box, swatch, ` ${GROUPING_KIND[g.kind] ?? g.kind} — ${g.name}`);
      const names = new Map();
      for (const m of g.members) if (!names.has(m.site)) names.set(m.site, m.role);
      const members = el('ul', { class: 'members' });
      for (const [site, role] of names) {
        const s = current.sites.find((x) => x.id === site);
        members.append(el('li', {}, `${s.label} (${LABELS.role[role] ?? role})`));
      }
      if (names.size === 0) members.append(el('li', {}, 'aucun site sur la carte'));
      li.append(label, members);
      const focus = (on) => () => {
        g.focus = on;
        map.render();
      };
      li.addEventListener('mouseenter', focus(true));
      li.addEventListener('mouseleave', focus(false));
      li.addEventListener('focusin', focus(true));
      li.addEventListener('focusout', focus(false));
      return li;
    }),
  );
  map.render();
}

/** The network diagnostics (core `parcours::check`): severity, code, message, help. */
function showDiagnostics(engine) {
  const list = $('diagnostics');
  list.replaceChildren();
  const report = engine.check({ lang: 'fr' });
  const { errors, warnings, infos } = report.counts;
  $('diagnostics-counts').textContent = `${errors} erreur(s), ${warnings} avertissement(s), ${infos} information(s)`;
  for (const d of report.diagnostics) {
    const li = el('li', { class: d.severity, 'data-code': d.code });
    li.append(el('strong', {}, `${SEVERITY[d.severity] ?? d.severity} ${d.code}`), ' ', ...withCode(d.message));
    if (d.help) {
      const help = el('div', { class: 'help' });
      help.append(...withCode(d.help));
      li.append(help);
    }
    list.append(li);
  }
  if (report.diagnostics.length === 0) list.append(el('li', {}, 'Aucun problème.'));
  $('diagnostics-panel').hidden = false;
}

/** Map labels: the usual French abbreviations of establishment kinds. */
function shortName(name) {
  return name
    .replace(/^Centre hospitalier universitaire/i, 'CHU')
    .replace(/^Centre hospitalier r[ée]gional( universitaire)?/i, (_, u) => (u ? 'CHRU' : 'CHR'))
    .replace(/^Centre hospitalier/i, 'CH')
    .replace(/^Centre m[ée]dico-chirurgical/i, 'CMC')
    .replace(/^Groupe hospitalier/i, 'GH')
    .replace(/^(CHU?|CMC|CHRU?|GH) (de la |de l'|de |du |d'|des )/, '$1 ')
    .replace(/ \(([^)]*)\)$/, '');
}

// --- routing -------------------------------------------------------------------------------

function clearResult(text) {
  const decision = $('decision');
  decision.textContent = text;
  decision.dataset.outcome = '';
  delete decision.dataset.target;
  $('trace').replaceChildren();
  $('alternatives').tBodies[0].replaceChildren();
  map?.setRoute(null);
}

function siteName(id) {
  return current.sites.find((s) => s.id === id)?.name ?? id;
}

/** The case of the form: origin a site, or `{commune}` for a commune clicked on the map. */
function formCase() {
  const value = $('origin').value;
  const c = {
    filiere: $('filiere').value,
    origin: value.startsWith('commune:') ? { commune: value.slice('commune:'.length) } : value,
    date: $('date').value,
  };
  if ($('level').value) c.level = $('level').value;
  return c;
}

function route(event) {
  event?.preventDefault();
  if (!current) return;
  const c = formCase();
  const engine = typeof c.origin === 'object' ? withReference() : current.engine;
  if (!engine) return;
  let e;
  try {
    e = engine.route(c, { explain: true, lang: 'fr' });
  } catch (err) {
    showError(err instanceof ParcoursError ? `Cas illisible : ${err.message}` : String(err));
    return;
  }
  showError('');
  lastCase = c;
  const d = e.decision;
  const box = $('decision');
  box.replaceChildren();
  box.dataset.outcome = d.outcome;
  box.dataset.target = d.target ?? '';
  const filiere = current.filieres.get(c.filiere);
  box.append(el('p', { class: 'outcome' }, OUTCOME[d.outcome] ?? d.outcome));
  if (d.target) {
    box.append(el('p', { class: 'target' }, d.target_name ?? siteName(d.target)));
    const facts = [
      ['Filière', filiere?.name ?? c.filiere],
      ['Étape', d.step ? (LABELS.step[d.step] ?? d.step) : null],
      ['Règle', d.rule],
      ['Niveau demandé', levelName(c.filiere, d.level)],
      ['Niveau du site', levelName(c.filiere, d.target_level)],
      ['Entrée', d.entry ? siteName(d.entry) : null],
      ['Distance', d.distance_km === undefined ? null : `${fmtInt.format(d.distance_km)} km`],
      ['Durée', d.minutes === undefined ? null : `${fmtInt.format(d.minutes)} min`],
      ['Télé-service', d.tele_service],
      ['Transfert si nécessaire', d.fallback_target ? siteName(d.fallback_target) : null],
      ['Via', e.via.length ? e.via.map(siteName).join(' → ') : null],
    ];
    const dl = el('dl');
    for (const [k, v] of facts) if (v) dl.append(el('dt', {}, k), el('dd', {}, v));
    box.append(dl);
  } else if (d.reason) {
    box.append(el('p', { class: 'reason' }, LABELS.reason[d.reason] ?? d.reason));
  }
  $('trace').replaceChildren(
    ...e.trace.map((t) => {
      const li = el('li');
      li.append(...withCode(t.detail));
      if (t.source) li.append(' ', el('span', { class: 'source' }, `(source : ${t.source})`));
      return li;
    }),
  );
  const body = $('alternatives').tBodies[0];
  body.replaceChildren(
    ...e.alternatives.map((a) => {
      const tr = el('tr', { 'data-site': a.site });
      tr.append(
        el('td', {}, a.name),
        el('td', {}, a.why),
        el('td', {}, levelName(c.filiere, a.level) ?? '—'),
        el('td', {}, `${fmtInt.format(a.distance_km)} km`),
      );
      return tr;
    }),
  );
  if (e.alternatives.length === 0) body.append(row(el('td', { colspan: 4 }, 'aucune')));
  const commune = typeof c.origin === 'object' ? reference.byCode.get(c.origin.commune) : null;
  map.setRoute({
    origin: commune ? [commune.lon, commune.lat] : null,
    originSite: commune ? null : c.origin,
    target: d.target,
    via: d.entry && d.entry !== d.target ? [d.entry, ...e.via] : e.via,
    // Ringed on the map: the sites that could take the case but lost (not those without
    // the capability at the date, which are listed in the table).
    alternatives: e.alternatives.filter((a) => !['not_authorised', 'site_not_in_force'].includes(a.rejection)).map((a) => a.site),
  });
  document.body.dataset.routed = String(Number(document.body.dataset.routed ?? 0) + 1);
  if (!document.body.dataset.firstDecisionMs) {
    // Page load (navigation start) to the first decision on screen.
    document.body.dataset.firstDecisionMs = String(Math.round(performance.now()));
  }
}

// --- coverage ------------------------------------------------------------------------------

function hideCoverage() {
  $('coverage-panel').hidden = true;
  $('coverage-beyond').tBodies[0].replaceChildren();
  map?.setCoverage(null);
  delete document.body.dataset.coverage;
}

/** Coverage (core `Engine::coverage`) of every commune of the chosen départements, for the
 *  filière, level and date of the case form: communes coloured by distance to their target,
 *  the population within each band and beyond the threshold, as `parcours coverage` prints. */
function coverage(event) {
  event?.preventDefault();
  if (!current) return;
  const deps = [...document.querySelectorAll('#coverage-departements input:checked')].map((i) => i.value);
  const communes = deps.flatMap((d) => reference.byDepartement.get(d) ?? []);
  const threshold = Number($('threshold').value) || 80;
  const bands = [...new Set([30, 45, threshold].filter((b) => b <= threshold))].sort((a, b) => a - b);
  const query = { filiere: $('filiere').value, date: $('date').value, threshold, bands };
  if ($('level').value) query.level = $('level').value;
  const engine = withReference();
  if (!engine) return;
  let report;
  try {
    report = engine.coverage(
      communes.map((c) => ({ id: c.code, origin: { commune: c.code }, population: c.population })),
      query,
    );
  } catch (err) {
    showError(err instanceof ParcoursError ? `Couverture impossible : ${err.message}` : String(err));
    return;
  }
  showError('');
  const unit = report.rows.some((r) => r.minutes !== undefined) ? 'min' : 'km';
  const limits = [15, ...bands].filter((b, i, a) => a.indexOf(b) === i && b <= threshold).sort((a, b) => a - b);
  const classOf = (r) => {
    if (r.outcome !== 'routed') return -1;
    const v = r.minutes ?? r.distance_km ?? Infinity;
    const i = limits.findIndex((b) => v <= b);
    return i < 0 ? limits.length : i;
  };
  const colors = limits.map((_, i) => COVERAGE_COLORS[Math.round((i * (COVERAGE_COLORS.length - 2)) / Math.max(1, limits.length - 1))]);
  colors.push(COVERAGE_COLORS.at(-1));
  const byCode = new Map();
  const points = [];
  const perClass = new Array(colors.length).fill(0);
  let noRoute = 0;
  report.rows.forEach((r, i) => {
    const c = communes[i];
    const k = classOf(r);
    if (k < 0) noRoute += r.population;
    else perClass[k] += r.population;
    const fill = k < 0 ? NO_ROUTE_COLOR : colors[k];
    const v = r.minutes ?? r.distance_km;
    const title =
      `${c.name} (${c.code}), ${fmtInt.format(c.population)} hab.\n` +
      (r.target ? `→ ${r.target_name ?? siteName(r.target)}, ${fmtInt.format(v)} ${unit}` : `aucune orientation (${LABELS.reason[r.reason] ?? r.reason ?? r.outcome})`);
    if (reference.outlined.has(c.code)) byCode.set(c.code, { fill, title });
    else points.push({ code: c.code, lon: c.lon, lat: c.lat, population: c.population, fill, title });
  });
  const extent = [Infinity, Infinity, -Infinity, -Infinity];
  for (const c of communes) {
    extent[0] = Math.min(extent[0], c.lon);
    extent[1] = Math.min(extent[1], c.lat);
    extent[2] = Math.max(extent[2], c.lon);
    extent[3] = Math.max(extent[3], c.lat);
  }
  // The first colouring brings the communes into view (centroids, with a few km of margin for
  // the outer outlines); a new date or filière keeps the planner's zoom.
  const first = $('coverage-panel').hidden;
  map.setCoverage({ byCode, points, extent: first && communes.length ? [extent[0] - 0.05, extent[1] - 0.04, extent[2] + 0.05, extent[3] + 0.04] : null });

  const f = current.filieres.get(query.filiere);
  $('coverage-title').textContent =
    `${f?.name ?? query.filiere}, niveau ${levelName(query.filiere, query.level) ?? '(par défaut)'}, au ${query.date} — ` +
    `${fmtInt.format(report.rows.length)} communes (${deps.join(', ')}), ${fmtInt.format(report.population)} habitants`;
  $('coverage-legend').replaceChildren(
    ...colors.map((color, i) => {
      const li = el('li');
      li.append(el('span', { class: 'swatch', style: `background:${color}` }));
      const range = i === 0 ? `≤ ${limits[0]}` : i < limits.length ? `${limits[i - 1]}–${limits[i]}` : `> ${limits.at(-1)}`;
      li.append(` ${range} ${unit} : ${fmtInt.format(perClass[i])} hab.`);
      return li;
    }),
    (() => {
      const li = el('li');
      li.append(el('span', { class: 'swatch', style: `background:${NO_ROUTE_COLOR}` }), ` sans orientation : ${fmtInt.format(noRoute)} hab.`);
      return li;
    })(),
  );
  const share = (p) => (report.population > 0 ? p / report.population : 0);
  const summary = $('coverage-summary');
  summary.replaceChildren(
    ...report.bands.map((b) => el('span', { class: 'band', 'data-within': b.within, 'data-population': b.population }, `à moins de ${b.within} ${unit} : ${fmtInt.format(b.population)} (${fmtPct.format(b.share)})`)),
    el(
      'strong',
      { class: 'band beyond', 'data-population': report.beyond_threshold },
      `au-delà de ${threshold} ${unit} ou sans orientation : ${fmtInt.format(report.beyond_threshold)} (${fmtPct.format(share(report.beyond_threshold))})`,
    ),
  );
  const beyond = report.rows
    .map((r, i) => [r, communes[i]])
    .filter(([r]) => r.beyond_threshold)
    .sort((a, b) => b[1].population - a[1].population)
    .slice(0, 10);
  $('coverage-beyond').tBodies[0].replaceChildren(
    ...beyond.map(([r, c]) => {
      const tr = el('tr', { 'data-code': c.code });
      tr.append(
        el('td', {}, `${c.name} (${c.code})`),
        el('td', {}, fmtInt.format(c.population)),
        el('td', {}, r.target ? (r.target_name ?? siteName(r.target)) : (LABELS.reason[r.reason] ?? r.outcome)),
        el('td', {}, r.target ? `${fmtInt.format(r.minutes ?? r.distance_km)} ${unit}` : '—'),
      );
      return tr;
    }),
  );
  if (beyond.length === 0) $('coverage-beyond').tBodies[0].append(row(el('td', { colspan: 4 }, 'aucune')));
  $('coverage-panel').hidden = false;
  document.body.dataset.coverage = String(Number(document.body.dataset.coverage ?? 0) + 1);
}

// --- what if --------------------------------------------------------------------------------

/** The changes a planner can try on the network on screen, as options whose value is the
 *  change in the format of `parcours diff --changes` (one change each). */
function fillWhatIf() {
  const data = current.data;
  const name = (id) =>
    current.groupings.find((g) => g.id === id)?.name ??
    (data.legal_entities ?? []).find((e) => e.id === id)?.name ??
    siteName(id);
  const option = (change, label) => el('option', { value: JSON.stringify(change) }, label);
  const groups = [
    ['Retirer un regroupement', (data.groupings ?? []).map((g) => option({ change: 'remove_grouping', grouping: g.id }, g.name))],
    [
      'Retirer un membre',
      (data.memberships ?? []).map((m) => option({ change: 'remove_member', grouping: m.grouping, member: m.member }, `${name(m.member)} (${name(m.grouping)})`)),
    ],
    [
      'Fermer une capacité',
      (data.capabilities ?? []).map((c) =>
        option({ change: 'close_capability', site: c.site, filiere: c.filiere }, `${siteName(c.site)} : ${current.filieres.get(c.filiere)?.name ?? c.filiere}`),
      ),
    ],
  ];
  $('whatif-change').replaceChildren(
    ...groups.filter(([, options]) => options.length).map(([label, options]) => {
      const g = el('optgroup', { label });
      g.append(...options);
      return g;
    }),
  );
}

function hideWhatIf() {
  $('whatif-panel').hidden = true;
  $('whatif-table').tBodies[0].replaceChildren();
  delete document.body.dataset.whatif;
}

/** The case of the form and the coverage of the chosen départements with the network as it is
 *  and with the chosen change (JS `applyChanges`, the core's change reader), side by side. */
function whatIf(event) {
  event?.preventDefault();
  if (!current || !$('whatif-change').value) return;
  const change = JSON.parse($('whatif-change').value);
  const c = formCase();
  // Closing a capability or ending a membership takes effect at the case's date.
  if (change.change !== 'remove_grouping') change.from = c.date;
  const changes = [change];
  const engine = withReference();
  if (!engine) return;
  let changed;
  let changedEngine;
  try {
    changed = current.network.applyChanges(changes, { file: 'changement de la page' });
    changedEngine = changed.compile({ communes: { communes: reference.communesCsv, postalCodes: reference.postalCsv } });
  } catch (err) {
    changed?.free();
    showError(err instanceof ParcoursError ? `Changement impossible : ${err.message}` : String(err));
    return;
  }
  try {
    const deps = [...document.querySelectorAll('#coverage-departements input:checked')].map((i) => i.value);
    const communes = deps.flatMap((d) => reference.byDepartement.get(d) ?? []);
    const threshold = Number($('threshold').value) || 80;
    const query = { filiere: c.filiere, date: c.date, threshold, bands: [threshold] };
    if (c.level) query.level = c.level;
    const origins = communes.map((x) => ({ id: x.code, origin: { commune: x.code }, population: x.population }));
    const sides = [engine, changedEngine].map((e) => ({
      decision: e.route(c, { lang: 'fr' }),
      coverage: origins.length ? e.coverage(origins, query) : null,
    }));
    const target = (d) => (d.target ? d.target_name ?? siteName(d.target) : `aucune orientation (${LABELS.reason[d.reason] ?? d.reason ?? d.outcome})`);
    const rows = [
      ['Orientation du cas', ...sides.map((s) => target(s.decision))],
      ['Étape', ...sides.map((s) => (s.decision.step ? LABELS.step[s.decision.step] ?? s.decision.step : '—'))],
      ['Distance', ...sides.map((s) => (s.decision.distance_km === undefined ? '—' : `${fmtInt.format(s.decision.distance_km)} km`))],
    ];
    if (sides[0].coverage) {
      const beyond = (r) => `${fmtInt.format(r.beyond_threshold)} hab. (${fmtPct.format(r.population > 0 ? r.beyond_threshold / r.population : 0)})`;
      const moved = sides[0].coverage.rows.filter((r, i) => r.target !== sides[1].coverage.rows[i].target).length;
      rows.push(
        [`Au-delà de ${threshold} km ou sans orientation`, ...sides.map((s) => beyond(s.coverage))],
        ['Communes orientées ailleurs', '—', `${fmtInt.format(moved)} sur ${fmtInt.format(origins.length)}`],
      );
    }
    const body = $('whatif-table').tBodies[0];
    body.replaceChildren(
      ...rows.map(([label, now, then]) => {
        const tr = el('tr', { class: now === then ? '' : 'changed' });
        tr.append(el('th', { scope: 'row' }, label), el('td', {}, now), el('td', {}, then));
        return tr;
      }),
    );
    const f = current.filieres.get(c.filiere);
    $('whatif-title').textContent =
      `${$('whatif-change').selectedOptions[0].textContent} — ${f?.name ?? c.filiere}, au ${c.date}` +
      (origins.length ? `, ${fmtInt.format(origins.length)} communes (${deps.join(', ')})` : '');
    $('whatif-json').textContent = JSON.stringify(changes, null, 2);
    $('whatif-panel').hidden = false;
    const data = document.body.dataset;
    data.whatifBefore = sides[0].decision.target ?? '';
    data.whatifAfter = sides[1].decision.target ?? '';
    if (sides[0].coverage) {
      data.whatifBeyondBefore = String(sides[0].coverage.beyond_threshold);
      data.whatifBeyondAfter = String(sides[1].coverage.beyond_threshold);
    }
    data.whatif = String(Number(data.whatif ?? 0) + 1);
    showError('');
  } catch (err) {
    showError(err instanceof ParcoursError ? `Comparaison impossible : ${err.message}` : String(err));
  } finally {
    changedEngine.free();
    changed.free();
  }
}

// --- date ----------------------------------------------------------------------------------

const DAY_MS = 86_400_000;
const dayOf = (iso) => Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
const isoOf = (day) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** The network's history (core `parcours::history`: memberships, rules, capabilities and
 *  events, with planned facts at their expected dates) as a list beside a date slider that
 *  runs from a year before the first change to the later of the last one and today. */
function fillHistory() {
  const entries = current.network.history({ lang: 'fr' });
  const dated = entries.filter((e) => e.date);
  const list = $('history');
  list.replaceChildren(
    ...entries.map((e) => {
      const li = el('li', { tabindex: '0', title: e.source ?? '' }, `${e.date ?? 'date inconnue'} — ${e.description}`);
      if (e.date) li.dataset.day = String(dayOf(e.date));
      if (e.status === 'planned') li.classList.add('planned');
      const go = () => e.date && setDate(e.date);
      li.addEventListener('click', go);
      li.addEventListener('keydown', (k) => (k.key === 'Enter' || k.key === ' ') && (k.preventDefault(), go()));
      return li;
    }),
  );
  const slider = $('date-slider');
  if (dated.length === 0) {
    slider.disabled = true;
    return;
  }
  const days = dated.map((e) => dayOf(e.date));
  const today = dayOf(new Date().toISOString().slice(0, 10));
  slider.min = String(Math.min(...days) - 365);
  slider.max = String(Math.max(Math.max(...days), today));
  slider.disabled = false;
  syncHistory();
}

/** The slider and the history list follow the date input: changes up to the date dimmed. */
function syncHistory() {
  const iso = $('date').value;
  if (!iso) return;
  const day = dayOf(iso);
  const slider = $('date-slider');
  if (!slider.disabled) slider.value = String(Math.min(Math.max(day, Number(slider.min)), Number(slider.max)));
  $('date-slider-value').textContent = iso;
  const list = $('history');
  let next = null;
  for (const li of list.children) {
    const past = li.dataset.day !== undefined && Number(li.dataset.day) <= day;
    li.classList.toggle('past', past);
    if (!past && next === null) next = li;
  }
  // The list shows the last change before the date and the next ones.
  const shown = next?.previousElementSibling ?? next;
  if (shown) list.scrollTop = shown.offsetTop - list.offsetTop;
}

/** Everything that depends on the date follows it: the history, the members of the
 *  groupings, the last decision, the coverage on screen. */
function onDateChange() {
  if (!current || !$('date').value) return;
  syncHistory();
  updateGroupings();
  if (lastCase) route();
  if (!$('coverage-panel').hidden) coverage();
  if (!$('whatif-panel').hidden) whatIf();
}

/** Sets the date and updates the page (the history slider and list call it). Also on
 *  `window.parcoursPage` for tests. */
function setDate(iso) {
  $('date').value = iso;
  onDateChange();
}

// --- start ---------------------------------------------------------------------------------

async function fetchText(url) {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url.pathname ?? url} : HTTP ${r.status}`);
  return r.text();
}

/** The commune reference (examples/reference/): CSV texts for the engine, the current
 *  communes with a population and a point, by code and by département. */
function readReference(communesCsv, postalCsv) {
  const [header, ...lines] = communesCsv.trim().split('\n');
  const col = Object.fromEntries(header.split(',').map((name, i) => [name, i]));
  const byCode = new Map();
  const byDepartement = new Map();
  for (const line of lines) {
    const f = line.includes('"') ? parseCsvLine(line) : line.split(',');
    if (f[col.population] === '' || f[col.lat] === '') continue;
    const c = { code: f[col.code], name: f[col.name], departement: f[col.departement], population: Number(f[col.population]), lat: Number(f[col.lat]), lon: Number(f[col.lon]) };
    byCode.set(c.code, c);
    if (!byDepartement.has(c.departement)) byDepartement.set(c.departement, []);
    byDepartement.get(c.departement).push(c);
  }
  return { communesCsv, postalCsv, byCode, byDepartement, outlined: new Set() };
}

/** One CSV record (RFC 4180 quotes). */
function parseCsvLine(line) {
  const out = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

async function selectSeed(id) {
  let text;
  try {
    text = await fetchText(new URL(`${id}.json`, NETWORKS_URL));
  } catch (e) {
    reset(`${id}.json n'a pas pu être lu.`);
    showError(`${id}.json : ${e.message}`);
    return false;
  }
  return load(text, `${id}.json`);
}

async function loadFile(file) {
  if (!file) return;
  const select = $('network');
  const value = `file:${file.name}`;
  if (![...select.options].some((o) => o.value === value)) select.append(el('option', { value }, `Fichier : ${file.name}`));
  select.value = value;
  if (load(await file.text(), file.name)) route();
}

function measurer() {
  const ctx = document.createElement('canvas').getContext('2d');
  const family = getComputedStyle(document.documentElement).fontFamily;
  const cache = new Map();
  return (text, bold) => {
    const key = `${bold ? 1 : 0}${text}`;
    if (!cache.has(key)) {
      ctx.font = `${bold ? '700 12px' : '400 11px'} ${family}`;
      cache.set(key, ctx.measureText(text).width);
    }
    return cache.get(key);
  };
}

async function main() {
  map = new TerritoryMap($('map'), {
    measure: measurer(),
    onCommune: (code) => {
      const c = reference?.byCode.get(code);
      if (!current || !c) return;
      fillOrigins(c);
      route();
    },
    onDrawn: (hidden) => {
      const note = $('hidden-labels');
      note.hidden = hidden === 0;
      note.textContent = `${hidden} nom(s) de site masqué(s) faute de place : zoomez, ou survolez un site pour son nom.`;
    },
    onSite: (id) => {
      if (!current) return;
      $('origin').value = id;
      route();
    },
  });
  const [, communesCsv, postalCsv, deps, communes52, names] = await Promise.all([
    init().then(() => {
      performance.mark('parcours:module');
      LABELS = labels({ lang: 'fr' });
      map.kindLabels = LABELS.site_kind;
    }),
    fetchText(new URL('communes.csv', REFERENCE_URL)),
    fetchText(new URL('postal_codes.csv', REFERENCE_URL)),
    fetchText(new URL('departements.geojson', REFERENCE_URL)).then(JSON.parse),
    fetchText(new URL('communes-52.geojson', REFERENCE_URL)).then(JSON.parse),
    Promise.all(
      SEEDS.map(async (id) => {
        try {
          return [id, JSON.parse(await fetchText(new URL(`${id}.json`, NETWORKS_URL))).name];
        } catch {
          return [id, id];
        }
      }),
    ),
  ]);
  performance.mark('parcours:fetched');
  reference = readReference(communesCsv, postalCsv);
  performance.mark('parcours:reference');
  map.setGeometry(deps.features, communes52.features);
  performance.mark('parcours:geometry');
  reference.outlined = map.outlined;

  const select = $('network');
  fill(select, names);
  select.addEventListener('change', async () => {
    if (!select.value.startsWith('file:') && (await selectSeed(select.value))) route();
  });
  $('filiere').addEventListener('change', fillLevels);
  $('case').addEventListener('submit', route);
  $('coverage-form').addEventListener('submit', coverage);
  $('coverage-clear').addEventListener('click', hideCoverage);
  $('whatif-form').addEventListener('submit', whatIf);
  $('date').addEventListener('change', onDateChange);
  $('date-slider').addEventListener('input', (e) => setDate(isoOf(Number(e.target.value))));
  $('file').addEventListener('change', (e) => loadFile(e.target.files[0]));
  $('zoom-in').addEventListener('click', () => map.zoomBy(1.5));
  $('zoom-out').addEventListener('click', () => map.zoomBy(1 / 1.5));
  $('zoom-reset').addEventListener('click', () => map.reset());
  $('show-groupings').addEventListener('change', (e) => {
    $('map').classList.toggle('no-hulls', !e.target.checked);
  });
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
  if (await selectSeed(select.value)) route();
  window.parcoursPage = { setDate };
  document.body.dataset.ready = '1';
}

main().catch((e) => {
  showError(`La page n'a pas pu démarrer : ${e?.message ?? e}`);
  document.body.dataset.ready = 'error';
});
