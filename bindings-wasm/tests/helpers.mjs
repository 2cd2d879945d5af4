// Shared by the tests: the seed networks and the counts they should summarise to.
import { readdirSync, readFileSync } from 'node:fs';

export const ROOT = new URL('../../', import.meta.url);
const NETWORKS = new URL('examples/networks/', ROOT);

/** `examples/networks/*.json`, sorted: the fixtures the Rust and Python tests use too. */
export const SEED_FILES = readdirSync(NETWORKS)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => ({ name: f, url: new URL(f, NETWORKS) }));

/** Counts computed straight from the file, independently of parcours. */
export function expectedSummary(data) {
  const count = (key) => (data[key] ?? []).length;
  const byKind = {};
  for (const g of data.groupings ?? []) byKind[g.kind] = (byKind[g.kind] ?? 0) + 1;
  return {
    id: data.id,
    name: data.name,
    legal_entities: count('legal_entities'),
    sites: count('sites'),
    locations: count('locations'),
    filieres: count('filieres'),
    groupings: count('groupings'),
    groupings_by_kind: Object.fromEntries(Object.entries(byKind).sort(([a], [b]) => (a < b ? -1 : 1))),
    memberships: count('memberships'),
    capabilities: count('capabilities'),
    rules: count('rules'),
    shared_services: count('shared_services'),
    tele_services: count('tele_services'),
    sources: count('sources'),
  };
}

/** What `summarise --json` (the Rust example) printed, when ./test.sh made it. */
export function rustSummaries() {
  const path = process.env.PARCOURS_RUST_SUMMARIES;
  return path ? JSON.parse(readFileSync(path, 'utf8')) : null;
}

/** The commune reference a shared test file names (`cf.communes`, paths relative to the file
 *  at `url`), as the CSV texts `compile` and `runTests` take; undefined when it names none. */
export function caseFileCommunes(cf, url) {
  return cf.communes && {
    communes: readFileSync(new URL(cf.communes.communes, url), 'utf8'),
    postalCodes: cf.communes.postal_codes && readFileSync(new URL(cf.communes.postal_codes, url), 'utf8'),
  };
}

// test-data/load-errors.json: the load errors every runtime must give (core/tests/load_errors.rs
// and bindings-python/tests/test_load_errors.py read it too).
export const LOAD_ERRORS = JSON.parse(readFileSync(new URL('test-data/load-errors.json', ROOT), 'utf8'));

/** A load-error vector's JSON text, or the shared base with its `set` applied, as indented
 *  JSON. */
export function sharedText(vector) {
  if ('text' in vector) return vector.text;
  const doc = structuredClone(LOAD_ERRORS.base);
  for (const [pointer, value] of Object.entries(vector.set)) {
    const tokens = pointer.split('/').slice(1);
    const last = tokens.pop();
    let target = doc;
    for (const t of tokens) target = target[t];
    if (Array.isArray(target) && last === '-') target.push(structuredClone(value));
    else target[last] = value;
  }
  return JSON.stringify(doc, null, 2);
}

/** The questions, coverage queries and cases of `test-data/input-errors.json` (the vectors
 *  the Rust and Python tests run too), each with the code it must give. */
export const INPUT_ERRORS = JSON.parse(readFileSync(new URL('test-data/input-errors.json', ROOT), 'utf8'));

/** Every input-error vector as `[section, vector]`. */
export const INPUT_VECTORS = ['questions', 'coverage', 'cases'].flatMap((s) => INPUT_ERRORS[s].map((v) => [s, v]));

/** The error `engine` throws for the vector `v` of `section` in `lang` (or undefined when
 *  nothing is thrown). */
export function provokeInput(engine, section, v, lang) {
  const origins = [{ id: 'a', origin: 'ch-langres' }];
  try {
    if (section === 'questions') engine.ask(v.question, { lang });
    else if (section === 'coverage') engine.coverage(origins, v.query, { lang });
    else engine.route(v.case, { lang });
  } catch (e) {
    return e;
  }
  return undefined;
}
