// Questions, coverage queries and cases that do not read (`test-data/input-errors.json`, the
// vectors the Rust and Python tests run too): each throws a ParcoursError with its stable code
// (`C…`, `Q…`, in the table `codes()` gives), the `help` the file expects, and texts in the
// language asked for.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { Network, ParcoursError, codes } from '../pkg/node.mjs';
import { INPUT_ERRORS, INPUT_VECTORS, ROOT, provokeInput } from './helpers.mjs';

const engine = Network.fromJson(readFileSync(new URL(INPUT_ERRORS.network, ROOT), 'utf8')).compile();
const TABLE = new Map(codes().map((c) => [c.code, c]));

for (const [section, v] of INPUT_VECTORS) {
  test(`${section}: ${v.name} gives ${v.code}`, () => {
    const en = provokeInput(engine, section, v, 'en');
    const fr = provokeInput(engine, section, v, 'fr');
    for (const e of [en, fr]) {
      assert.ok(e instanceof ParcoursError, String(e));
      assert.equal(e.code, v.code, e.message);
      assert.equal(e.details[0].code, v.code);
      assert.equal(e.details[0].help ?? null, e.help);
      assert.equal(e.hint, e.help); // the former name still answers
      assert.equal(typeof e.pointer, 'string');
    }
    assert.equal(en.help !== null, v.help, en.message);
    assert.notEqual(en.details[0].message, fr.details[0].message);
    assert.equal(TABLE.get(v.code).family, section === 'cases' ? 'case' : 'query');
  });
}

test('a suggestion and its help in French', () => {
  const [, v] = INPUT_VECTORS.find(([, x]) => x.name === 'unknown grouping');
  const e = provokeInput(engine, 'questions', v, 'fr');
  assert.equal(e.details[0].message, 'groupement inconnu `gcs-chirurgie-shmm`');
  assert.equal(e.help, 'vouliez-vous dire `gcs-chirurgie-shm` ?');
  assert.equal(e.message, 'groupement inconnu `gcs-chirurgie-shmm`\n  aide : vouliez-vous dire `gcs-chirurgie-shm` ?');
  const c = provokeInput(engine, 'cases', INPUT_ERRORS.cases.find((x) => x.name === 'date not in the calendar'), 'fr');
  assert.equal(c.pointer, '/date');
  assert.match(c.message, /^cas invalide : date invalide `2018-02-30`/);
});

test('named question methods and sharedService take `lang`', () => {
  assert.throws(
    () => engine.members('gcs-chirurgie-shmm', '2018-01-01', { lang: 'fr' }),
    (e) => e.code === 'Q001' && e.help === 'vouliez-vous dire `gcs-chirurgie-shm` ?',
  );
  assert.throws(
    () => engine.sharedService('cuisine', 'ch-langres', '2018-01-01', { lang: 'fr' }),
    (e) => e.code === 'Q004' && e.pointer === '/kind' && /^`kind` invalide : valeur inconnue `cuisine`/.test(e.message),
  );
  // routeBatch keeps a case's error per record, with its code and texts in the language asked.
  const [bad] = engine.routeBatch([{ filiere: 'chirurgie', origin: 'ch-langres', date: '2018-02-30' }], { lang: 'fr' });
  assert.equal(bad.ok, false);
  assert.equal(bad.error.code, 'C002');
  assert.match(bad.error.message, /^date invalide `2018-02-30`/);
});
