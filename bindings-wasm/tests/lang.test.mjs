// `{ lang: 'fr' }`: explanations, why each alternative lost, invalid-case messages,
// diagnostics, histories and the words for codes (`labels`) in French, the core's texts (one catalogue for every surface). The seed networks
// are routed and checked in each language and the texts scanned for the other language's
// words, with the marker list the Rust and Python tests share (examples/lang/markers.json).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

import { Network, ParcoursError, labels } from '../pkg/node.mjs';
import { INPUT_ERRORS, INPUT_VECTORS, LOAD_ERRORS, ROOT, provokeInput, sharedText } from './helpers.mjs';

const EXAMPLES = new URL('examples/', ROOT);
const MARKERS = JSON.parse(readFileSync(new URL('lang/markers.json', EXAMPLES), 'utf8'));
const json = (url) => JSON.parse(readFileSync(url, 'utf8'));

const NETWORK_FILES = ['networks/', 'networks/broken/', 'networks/fixtures/'].flatMap((d) =>
  readdirSync(new URL(d, EXAMPLES))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => new URL(d + f, EXAMPLES)),
);
const CASE_FILES = readdirSync(new URL('cases/', EXAMPLES))
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => new URL(`cases/${f}`, EXAMPLES));

/** Every string of a JSON value with more than one character. */
function strings(v, out = []) {
  if (typeof v === 'string') {
    if (v.length > 1) out.push(v);
  } else if (Array.isArray(v)) {
    for (const x of v) strings(x, out);
  } else if (v !== null && typeof v === 'object') {
    for (const x of Object.values(v)) strings(x, out);
  }
  return out;
}

const VALUES = [...new Set([...NETWORK_FILES, ...CASE_FILES].flatMap((u) => strings(json(u))))].sort(
  (a, b) => b.length - a.length,
);

/** The text without values in backticks, network and case values, domain terms, pointers. */
function scrub(text) {
  let out = text
    .split('`')
    .filter((_, i) => i % 2 === 0)
    .join(' ');
  for (const v of [...VALUES, ...MARKERS.terms]) out = out.split(v).join(' ');
  return out
    .split(/\s+/)
    .filter((w) => !w.includes('/'))
    .join(' ');
}

/** The marker words found in `text`. */
function found(text, markers) {
  const words = text.toLowerCase().split(/[^\p{L}'’]+/u).filter(Boolean);
  const hits = new Set();
  for (const w of words) {
    for (const m of markers) if (m.endsWith("'") ? w.startsWith(m) : w === m) hits.add(m);
  }
  return [...hits];
}

/** The cases of the shared case files, by network file. */
function casesByNetwork() {
  const out = new Map();
  for (const f of CASE_FILES) {
    const tf = json(f);
    if (!tf.network) continue;
    const net = new URL(tf.network, f).href;
    out.set(net, [...(out.get(net) ?? []), ...(tf.cases ?? []).map((c) => c.case)]);
  }
  return out;
}

/** Cases invalid in the ways the engine names, from a valid one. */
const invalid = (c) => [
  { ...c, filiere: 'chirugie' },
  { ...c, level: 'nope' },
  { ...c, flags: ['most-acute'] },
  { ...c, origin: 'nowhere' },
  { ...c, max_distance_km: -1 },
  { ...c, origin: { commune: '52269' } },
  { ...c, origin: { lat: 91, lon: 0 } },
];

/** Every text of the seeds in `lang`: diagnostics, explanations, why alternatives lost. */
function texts(lang) {
  const cases = casesByNetwork();
  const out = [];
  for (const url of NETWORK_FILES) {
    const network = Network.fromJson(readFileSync(url, 'utf8'));
    const name = url.pathname.split('/').slice(-2).join('/');
    for (const d of network.check({ lang }).diagnostics) out.push([`${name} ${d.code}`, `${d.message}\n${d.help}`]);
    for (const e of network.history({ lang })) out.push([`${name} history ${e.change} ${e.id}`, e.description]);
    const engine = network.compile();
    const seed = cases.get(url.href) ?? [];
    const all = seed.length ? [...seed, ...invalid(seed[0])] : [];
    for (const c of all) {
      const e = engine.route(c, { explain: true, lang });
      const parts = [
        ...e.trace.map((t) => t.detail),
        ...e.alternatives.map((a) => a.why),
        e.decision.message ?? '',
        e.decision.help ?? '',
      ];
      out.push([`${name} ${JSON.stringify(c)}`, parts.join('\n')]);
    }
    const batch = engine.routeBatch(all, { lang });
    for (const r of batch) if (r.ok) out.push([`${name} batch`, `${r.decision.message ?? ''}\n${r.decision.help ?? ''}`]);
  }
  for (const [group, words] of Object.entries(labels({ lang }))) {
    for (const [code, text] of Object.entries(words)) out.push([`labels ${group}.${code}`, text]);
  }
  return out;
}

/** The error of every vector of test-data/load-errors.json loaded in `lang`: the message and
 *  each problem's message and help. */
function loadErrorTexts(lang) {
  const out = [];
  for (const v of LOAD_ERRORS.vectors) {
    const e = catchError(() => Network.fromJson(sharedText(v), { lang }));
    assert.ok(e instanceof ParcoursError, `${v.name}: ${e}`);
    out.push([`load error ${v.name}`, e.message]);
    for (const d of e.details) out.push([`load error ${v.name} ${d.code}`, `${d.message}\n${d.help ?? ''}`]);
  }
  return out;
}

/** A travel matrix with each entry compiling refuses: unknown origin, unknown site, negative
 *  distance. */
const badTravel = (site) => [
  { from: 'nowhere', to: site, km: 1 },
  { from: site, to: 'nowhere', km: 1 },
  { from: site, to: site, km: -1 },
];

/** The error of compiling each seed network with `badTravel` in `lang`: the message and each
 *  problem's message and help. */
function compileErrorTexts(lang) {
  const out = [];
  for (const url of NETWORK_FILES) {
    const network = Network.fromJson(readFileSync(url, 'utf8'));
    const site = network.toObject().sites?.[0]?.id;
    if (site === undefined) continue;
    const name = url.pathname.split('/').slice(-2).join('/');
    const e = catchError(() => network.compile({ travel: badTravel(site), lang }));
    assert.ok(e instanceof ParcoursError, `${name}: ${e}`);
    assert.equal(e.details.length, 3, name);
    out.push([`${name} compile`, e.message]);
    for (const d of e.details) out.push([`${name} compile ${d.pointer}`, `${d.message}\n${d.help ?? ''}`]);
  }
  return out;
}

/** The error `f` throws. */
function catchError(f) {
  try {
    f();
  } catch (e) {
    return e;
  }
  assert.fail('no error thrown');
}

for (const [lang, other] of [
  ['fr', 'en'],
  ['en', 'fr'],
]) {
  test(`with lang ${lang}, no word of the other language remains`, () => {
    const all = [...texts(lang), ...loadErrorTexts(lang), ...compileErrorTexts(lang)];
    assert.ok(all.length > 100, `${all.length} texts`);
    assert.ok(all.filter(([what]) => what.includes(' compile ')).length >= 3);
    assert.ok(all.filter(([what]) => what.includes(' history ')).length > 50);
    const bad = all
      .map(([what, text]) => [what, found(scrub(text), MARKERS[other]), text])
      .filter(([, hits]) => hits.length > 0);
    assert.deepEqual(bad.slice(0, 5), []);
  });
}

test('the scan finds the other language', () => {
  assert.ok(found(scrub('no route: rules apply, but none of their targets qualifies'), MARKERS.en).length > 0);
  assert.ok(found(scrub('la règle `x` ne s’applique pas : pas en vigueur'), MARKERS.fr).length > 0);
});

test('French in the words of planners, English by default', () => {
  const network = Network.fromJson(readFileSync(new URL('networks/sud-haut-marnais.json', EXAMPLES), 'utf8'));
  const engine = network.compile();
  const c = { filiere: 'chirurgie', level: 'reference', origin: 'ch-langres', date: '2017-09-15' };
  const e = engine.route(c, { explain: true, lang: 'fr' });
  assert.equal(e.trace[0].detail, 'cas : filière Chirurgie, niveau référence, au 2017-09-15');
  assert.deepEqual(
    e.alternatives.map((a) => [a.rejection, a.why]),
    [['not_authorised', "pas d'autorisation dans cette filière à la date"]],
  );
  assert.equal(engine.route(c, { explain: true }).alternatives[0].why, 'not authorised in this filière at the date');
  const bad = engine.route({ ...c, flags: ['most-acute'] }, { lang: 'fr' });
  assert.equal(bad.help, 'vouliez-vous dire `most_acute` ?');
  assert.equal(engine.route({ ...c, flags: ['most-acute'] }).help, 'did you mean `most_acute`?');
  const broken = Network.fromJson(readFileSync(new URL('networks/broken/hpsm.json', EXAMPLES), 'utf8'));
  const p022 = (lang) => broken.check({ lang }).diagnostics.find((d) => d.code === 'P022');
  assert.match(p022('fr').message, /^le GHT `/);
  assert.match(p022('fr').help, /^tout GHT est associé à un CHU/);
  assert.match(p022().message, /^GHT `/);
});

test('history and labels in French, English by default', () => {
  const network = Network.fromJson(readFileSync(new URL('networks/sud-haut-marnais.json', EXAMPLES), 'utf8'));
  const fr = network.history({ to: '2017-12-31', lang: 'fr' });
  const en = network.history({ to: '2017-12-31' });
  assert.deepEqual(
    fr.map((e) => [e.date, e.id, e.change]),
    en.map((e) => [e.date, e.id, e.change]),
  );
  assert.ok(fr.some((e) => / rejoint /.test(e.description)));
  assert.ok(en.some((e) => / joins /.test(e.description)));
  const l = labels({ lang: 'fr' });
  assert.equal(l.step.recourse, 'recours');
  assert.equal(l.site_kind.hospital, 'Centre hospitalier');
  assert.equal(l.reason.unknown_filiere, 'filière inconnue');
  assert.equal(labels().rejection.too_far, 'too far');
  assert.ok(Object.isFrozen(l) && Object.isFrozen(l.step));
  assert.equal(labels({ lang: 'fr' }), l, 'read once per language');
});

test('an unknown language is an argument error naming it and the accepted ones', () => {
  const network = Network.fromJson(readFileSync(new URL('networks/sud-haut-marnais.json', EXAMPLES), 'utf8'));
  const engine = network.compile();
  const c = { filiere: 'chirurgie', origin: 'ch-langres', date: '2017-09-15' };
  for (const call of [
    () => engine.route(c, { lang: 'de' }),
    () => engine.route(c, { explain: true, lang: 'de' }),
    () => engine.routeBatch([c], { lang: 'de' }),
    () => engine.check({ lang: 'de' }),
    () => network.check({ lang: 'de' }),
    () => network.history({ lang: 'de' }),
    () => labels({ lang: 'de' }),
  ]) {
    assert.throws(call, (e) => {
      assert.ok(e instanceof ParcoursError, String(e));
      assert.equal(e.code, 'argument');
      assert.match(e.message, /unknown language `de`: expected `en` or `fr`/);
      return true;
    });
  }
});

test('load errors in French for the page, English by default', () => {
  const text = '{"id": "n",\n "name": }';
  const fr = catchError(() => Network.fromJson(text, { lang: 'fr' }));
  assert.ok(fr instanceof ParcoursError);
  assert.match(fr.message, /^impossible de charger le réseau `<json>` : \[L001\] valeur attendue \(en \/name, ligne 2, colonne 10\)/);
  assert.deepEqual([fr.details[0].line, fr.details[0].column, fr.details[0].pointer], [2, 10, '/name']);
  assert.match(fr.details[0].help, /^le fichier n'est pas du JSON bien formé/);
  const en = catchError(() => Network.fromJson(text));
  assert.equal(en.details[0].message, 'expected value');
  const obj = catchError(() => Network.fromObject({ id: 'n', name: 'x', sitez: [] }, { lang: 'fr' }));
  assert.match(obj.details[0].message, /^champ inconnu `sitez`/);
  const bad = catchError(() => Network.fromJson(text, { lang: 'de' }));
  assert.match(bad.message, /unknown language `de`: expected `en` or `fr`/);
});

test('compile errors in French, English by default', () => {
  const network = Network.fromJson(readFileSync(new URL('networks/sud-haut-marnais.json', EXAMPLES), 'utf8'));
  const travel = [{ from: 'nowhere', to: 'ch-langres', km: 1 }];
  const fr = catchError(() => network.compile({ travel, lang: 'fr' }));
  assert.ok(fr instanceof ParcoursError);
  assert.equal(fr.details[0].message, 'origine inconnue `nowhere` dans la matrice de trajets');
  assert.match(fr.message, /matrice de trajets/);
  const en = catchError(() => network.compile({ travel }));
  assert.equal(en.details[0].message, 'unknown origin `nowhere` in the travel matrix');
  const bad = catchError(() => network.compile({ lang: 'de' }));
  assert.match(bad.message, /unknown language `de`: expected `en` or `fr`/);
});

test('question, coverage and case errors hold no word of the other language', () => {
  const engine = Network.fromJson(readFileSync(new URL(INPUT_ERRORS.network, ROOT), 'utf8')).compile();
  // The values of the vectors (ids, dates) are not words of a language.
  const values = INPUT_VECTORS.flatMap(([, v]) => strings([v.question, v.query, v.case])).sort(
    (a, b) => b.length - a.length,
  );
  for (const [lang, other] of [['fr', 'en'], ['en', 'fr']]) {
    const bad = [];
    for (const [section, v] of INPUT_VECTORS) {
      const e = provokeInput(engine, section, v, lang);
      assert.ok(e instanceof ParcoursError, `${section} ${v.name}`);
      let text = e.message;
      for (const x of values) text = text.split(x).join(' ');
      const hits = found(scrub(text), MARKERS[other]);
      if (hits.length > 0) bad.push(`${section} ${v.name}: ${hits} in ${e.message}`);
    }
    assert.deepEqual(bad, [], lang);
  }
});
