// parcours for JavaScript: a thin wrapper around the wasm-bindgen output (./parcours_wasm.js).
//
// It only adapts: load errors become `ParcoursError` instances, objects cross as JSON (but a
// case to `route` and its decision cross as numbers and texts: see `writeCase`, and batches as
// columns), and the module is initialised once (`init()` in browsers, `initSync(bytes)` or
// `./node.mjs` in Node). Every rule and message comes from the Rust core.
//
// Traps: the module is built with panic = "abort", so a Rust panic (a bug) traps and leaves the
// instance unusable. `call` then re-instantiates the module (wasm-bindgen's
// `__wbg_reset_state`), throws a `ParcoursError` with code `trap`, and every `Network` and
// `Engine` rebuilds its WebAssembly object from its source text on next use: one failed call
// never poisons later ones.

import rawInit, * as raw from './parcours_wasm.js';
// The committed network schema (core/schema/network.schema.json), written as a module by
// scripts/build-wasm.sh: data, not code, so it stays out of the .wasm and its size budget.
import { NETWORK_SCHEMA } from './schema.mjs';

let ready = false;
/** Incremented each time the instance is re-created after a trap. */
let generation = 0;
const TOKEN = Symbol('parcours.Network');

/** A network failed to load (codes `L001`…), a case does not read (`C001`…), a question or
 *  an argument cannot be answered (`Q001`…; `argument` for an unknown language or a column of
 *  the wrong shape), or the module trapped (`trap`). `details` lists every problem, each a
 *  diagnostic (the core's keys: `code`, `severity`, `message`, `file`, `pointer`, `line`,
 *  `column`, `entities`, `help`, `counterexample`). A case or question error also has the
 *  fields of Python's `CaseError` and `QueryError`: `help` (or `null`) and `pointer`, its texts
 *  in the `lang` asked for; `hint` is the former name of `help`. */
export class ParcoursError extends Error {
  constructor(payload) {
    super(payload.message);
    this.name = 'ParcoursError';
    this.code = payload.code;
    this.file = payload.file;
    this.details = payload.details;
    // A case or question error (`C…`, `Q…`): its help and pointer, as Python's exceptions.
    const first = payload.details?.[0];
    if (first !== undefined && /^[CQ]\d{3}$/.test(payload.code)) {
      this.help = first.help ?? null;
      this.pointer = first.pointer;
    }
  }

  /** @deprecated The former name of `help`, kept so that existing code works. */
  get hint() {
    return this.help;
  }
}

/** An item of `details` for an error the wrapper raises itself: the keys of a diagnostic,
 *  as the module serialises its own (no file, position, entity or help). */
const detail = (code, message, pointer) => ({
  code,
  severity: 'error',
  message,
  file: null,
  pointer,
  line: null,
  column: null,
  entities: [],
  help: null,
  counterexample: null,
});

/** Whether a payload is a case's error (`C001`…), which `routeBatch` keeps per record. */
const isCaseCode = (code) => typeof code === 'string' && /^C\d{3}$/.test(code);

function isLoadErrorPayload(e) {
  return (
    e !== null &&
    typeof e === 'object' &&
    !(e instanceof Error) &&
    e.name === 'ParcoursError' &&
    Array.isArray(e.details)
  );
}

function call(f) {
  if (!ready) {
    throw new Error(
      'parcours is not initialised: `await init()` (browsers), `initSync(wasmBytes)`, or import `parcours/node`',
    );
  }
  try {
    return f();
  } catch (e) {
    if (isLoadErrorPayload(e)) throw new ParcoursError(e);
    if (e instanceof WebAssembly.RuntimeError) {
      raw.__wbg_reset_state();
      generation += 1;
      throw new ParcoursError({
        code: 'trap',
        file: '<wasm>',
        message: `parcours trapped (a bug, please report it): ${e.message}; the module was re-instantiated`,
        details: [detail('trap', e.message, '')],
      });
    }
    throw e;
  }
}

/** `options.communes`, a commune reference as CSV texts `{communes, postalCodes?}`, checked;
 *  undefined when absent. */
function communeTexts(options) {
  const communes = options?.communes;
  if (communes !== undefined && (typeof communes?.communes !== 'string' ||
      (communes.postalCodes !== undefined && typeof communes.postalCodes !== 'string'))) {
    throw new TypeError('options.communes expects {communes: csvText, postalCodes?: csvText}');
  }
  return communes;
}

/** Calls `f` and parses the JSON text it returns. */
function callJson(f) {
  return JSON.parse(call(f));
}

/** JSON text of a case-like argument; `undefined` and functions are invalid cases. */
function caseJson(value, what) {
  const json = value === undefined ? undefined : JSON.stringify(value);
  if (json === undefined) {
    // A question is a `Q005` (it does not fit the format of questions), anything else a case.
    const code = what === 'question' ? 'Q005' : 'C001';
    const message = `expected an object, got ${typeof value}`;
    throw new ParcoursError({
      code,
      file: what,
      message: `invalid ${what}: ${message}`,
      details: [detail(code, message, '')],
    });
  }
  return json;
}

/** A `ParcoursError` about `file` (`origins`, `query`, `columns`) at `pointer`, in the shape
 *  the module gives its own argument errors: code `Q004` (a parameter that cannot take its
 *  value) for a coverage query, `argument` for origins and columns. */
function argumentError(file, pointer, message) {
  const code = file === 'query' ? 'Q004' : 'argument';
  return new ParcoursError({
    code,
    file,
    message: `invalid ${file}: ${message}${pointer ? ` (at ${pointer})` : ''}`,
    details: [detail(code, message, pointer)],
  });
}

/** The `lang` option as the module reads it: `'en'` when absent; any other value goes to the
 *  module, which names it in an `argument` error. */
const langOf = (options) => (absent(options?.lang) ? 'en' : String(options.lang));

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const absent = (v) => v === undefined || v === null;

/** Checks that `value` has only the `fields` (`{name: test}`, `test` returning an error
 *  message or nothing) and none missing from `required`, as the core's serde formats are read
 *  (`deny_unknown_fields`). Throws an `argument` error with a pointer. */
function checkFields(value, fields, required, file, at) {
  if (!isObject(value)) throw argumentError(file, at, `expected an object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  for (const key of Object.keys(value)) {
    if (!(key in fields)) {
      const expected = Object.keys(fields).map((f) => `\`${f}\``).join(', ');
      throw argumentError(file, `${at}/${key}`, `unknown field \`${key}\`, expected one of ${expected}`);
    }
    const problem = value[key] === undefined ? undefined : fields[key](value[key]);
    if (problem) throw argumentError(file, `${at}/${key}`, problem);
  }
  for (const key of required) {
    if (absent(value[key])) throw argumentError(file, at, `missing field \`${key}\``);
  }
}

const isString = (v) => (absent(v) || typeof v === 'string' ? undefined : `expected a string, got ${typeof v}`);
const isNumber = (v) => (absent(v) || typeof v === 'number' ? undefined : `expected a number, got ${typeof v}`);
const isBoolean = (v) => (absent(v) || typeof v === 'boolean' ? undefined : `expected a boolean, got ${typeof v}`);
const isPlace = (v) =>
  typeof v === 'string' ||
  (isObject(v) && typeof v.lat === 'number' && typeof v.lon === 'number') ||
  (isObject(v) && Object.keys(v).length === 1 &&
    ['commune', 'postal_code', 'finess'].some((k) => typeof v[k] === 'string'))
    ? undefined
    : 'expected a site or location id, coordinates {lat, lon}, {commune}, {postal_code} or {finess}';
const isBands = (v) =>
  absent(v) || (Array.isArray(v) && v.every((b) => typeof b === 'number')) ? undefined : 'expected an array of numbers';

/** The fields of the core's `CoverageOrigin` and `CoverageQuery` (tests/types.test.mjs checks
 *  them against the Rust structs). */
const ORIGIN_FIELDS = { id: isString, name: isString, origin: isPlace, population: isNumber };
const QUERY_FIELDS = {
  filiere: isString,
  level: isString,
  date: isString,
  threshold: isNumber,
  bands: isBands,
  include_planned: isBoolean,
};

function text(value, what) {
  if (typeof value !== 'string') {
    throw new TypeError(`${what} expects a string, got ${value === null ? 'null' : typeof value}`);
  }
  return value;
}

/** The input columns of `routeColumns`, by kind: the names and meanings of the Python
 *  binding's `route_batch` (bindings-python/src/batch.rs), so both bindings read rows alike. */
/** The origin columns (one per call): site or location ids, INSEE commune codes, postal
 *  codes, FINESS numbers, as the core's `CaseColumns` reads them. */
const ORIGIN_COLUMNS = ['origin', 'commune', 'postal_code', 'finess'];
const TEXT_COLUMNS = ['filiere', ...ORIGIN_COLUMNS, 'level', 'preferred_site'];
const LIST_COLUMNS = ['flags', 'exclude'];
const NUMBER_COLUMNS = ['lat', 'lon', 'age', 'max_distance_km'];
const BOOLEAN_COLUMNS = ['ehpad_resident', 'time_critical', 'include_planned'];
const COLUMNS = ['id', ...TEXT_COLUMNS, 'date', ...NUMBER_COLUMNS, ...BOOLEAN_COLUMNS, ...LIST_COLUMNS];
/** The result columns of the core (`parcours::results::RESULT_COLUMNS`), parsed once. */
let resultColumnList = null;

/** The columns of a batch result, in order, as the core defines them (the same names, order
 *  and nullability as Python `route_batch` and the CSV of `parcours route`): frozen
 *  `{name, kind, nullable, doc}` objects, `kind` one of `echo` (the case's id as given),
 *  `text`, `number`. */
export function resultColumns() {
  resultColumnList ??= Object.freeze(
    callJson(() => raw.resultColumnsJson()).map(([name, kind, nullable, doc]) => Object.freeze({ name, kind, nullable, doc })),
  );
  return resultColumnList;
}

/** The names of the text result columns, as a set (computed once: `RoutedColumns.text` asks
 *  for every cell, and a filter per cell made `routeBatch` cost 17 µs a row). */
let resultTextNames = null;
const resultText = () =>
  (resultTextNames ??= new Set(resultColumns().filter((c) => c.kind === 'text').map((c) => c.name)));
/** Null date in a column of days. */
const NO_DAY = -(2 ** 31);

const columnError = (name, message) => argumentError('columns', `/${name}`, message);

/** `{codes, values}` of a text column: given as such (checked in the module), or a
 *  `string[]` (null / undefined for null) encoded here with a `Map`. `item` turns one
 *  non-null element into its text, or returns undefined when it has the wrong type. */
function dictionary(name, column, item = (v) => (typeof v === 'string' ? v : undefined)) {
  if (Array.isArray(column)) {
    const n = column.length;
    const codes = new Int32Array(n);
    const values = [];
    const index = new Map();
    for (let i = 0; i < n; i++) {
      const v = column[i];
      if (v === null || v === undefined) {
        codes[i] = -1;
        continue;
      }
      let code = index.get(v);
      if (code === undefined) {
        const t = item(v);
        if (t === undefined) {
          throw argumentError('columns', `/${name}/${i}`, `expected a string or null, got ${Array.isArray(v) ? 'an array' : typeof v}`);
        }
        code = values.length;
        index.set(v, code);
        values.push(t);
      }
      codes[i] = code;
    }
    return { codes, values };
  }
  if (
    isObject(column) &&
    column.codes instanceof Int32Array &&
    Array.isArray(column.values) &&
    column.values.every((v) => typeof v === 'string')
  ) {
    return column;
  }
  throw columnError(name, 'expected an array of strings (null for none), or {codes: Int32Array, values: string[]}');
}

/** A list column: `string[][]` (or `;`-separated strings), or its dictionary of `;`-separated
 *  values. */
function listDictionary(name, column) {
  if (!Array.isArray(column)) return dictionary(name, column);
  const joined = (v) =>
    typeof v === 'string' ? v : Array.isArray(v) && v.every((s) => typeof s === 'string') ? v.join(';') : undefined;
  // Lists are encoded by their joined text: equal lists share one code.
  return dictionary(
    name,
    column.map((v) => (Array.isArray(v) ? joined(v) ?? v : v)),
    (v) => (typeof v === 'string' ? v : undefined),
  );
}

function numberColumn(name, column) {
  if (column instanceof Float64Array) return column;
  if (ArrayBuffer.isView(column) && !(column instanceof DataView) && !(column instanceof BigInt64Array) && !(column instanceof BigUint64Array)) {
    return Float64Array.from(column);
  }
  if (!Array.isArray(column)) throw columnError(name, 'expected a Float64Array or an array of numbers (null for none)');
  const out = new Float64Array(column.length);
  for (let i = 0; i < column.length; i++) {
    const v = column[i];
    if (v === null || v === undefined) out[i] = NaN;
    else if (typeof v === 'number') out[i] = v;
    else throw argumentError('columns', `/${name}/${i}`, `expected a number or null, got ${typeof v}`);
  }
  return out;
}

function booleanColumn(name, column) {
  if (column instanceof Uint8Array) return column;
  if (column instanceof Int8Array) return new Uint8Array(column.buffer, column.byteOffset, column.length);
  if (!Array.isArray(column)) throw columnError(name, 'expected a Uint8Array or an array of booleans (null for false)');
  const out = new Uint8Array(column.length);
  for (let i = 0; i < column.length; i++) {
    const v = column[i];
    if (v === true || v === 1) out[i] = 1;
    else if (!(v === false || v === 0 || v === null || v === undefined)) {
      throw argumentError('columns', `/${name}/${i}`, `expected a boolean or null, got ${typeof v}`);
    }
  }
  return out;
}

/** Checks and encodes the columns of `routeColumns`: a list of `[setter, ...arguments]` for a
 *  raw `CaseColumns`, and the row count. */
function prepareColumns(columns) {
  if (!isObject(columns)) {
    throw argumentError('columns', '', `expected an object of columns, got ${columns === null ? 'null' : Array.isArray(columns) ? 'an array' : typeof columns}`);
  }
  const calls = [];
  for (const name of Object.keys(columns)) {
    const column = columns[name];
    if (!COLUMNS.includes(name)) {
      throw columnError(name, `unknown column \`${name}\`, expected one of ${COLUMNS.map((c) => `\`${c}\``).join(', ')}`);
    }
    if (column === undefined) continue;
    if (name === 'id') {
      if (typeof column?.length !== 'number') throw columnError('id', 'expected an array (or typed array) of ids, one per row');
      continue;
    }
    if (TEXT_COLUMNS.includes(name)) {
      const { codes, values } = dictionary(name, column);
      calls.push(['text', name, codes, values]);
    } else if (LIST_COLUMNS.includes(name)) {
      const { codes, values } = listDictionary(name, column);
      calls.push(['text', name, codes, values]);
    } else if (NUMBER_COLUMNS.includes(name)) {
      calls.push(['numbers', name, numberColumn(name, column)]);
    } else if (BOOLEAN_COLUMNS.includes(name)) {
      calls.push(['flags', name, booleanColumn(name, column)]);
    } else if (column instanceof Int32Array) {
      calls.push(['days', column]);
    } else {
      const { codes, values } = dictionary('date', column);
      calls.push(['text', 'date', codes, values]);
    }
  }
  const filiere = columns.filiere;
  if (absent(filiere)) throw columnError('filiere', 'missing column `filiere`');
  const n = Array.isArray(filiere) ? filiere.length : filiere.codes.length;
  const ids = columns.id ?? null;
  if (ids !== null && ids.length !== n) throw columnError('id', `column \`id\` has ${ids.length} rows, not ${n}`);
  return { n, calls, ids };
}

/** Whether `s` holds no lone surrogate (JSON text would carry it escaped, and the module's
 *  JSON reader rejects it; as a column it would become U+FFFD). */
const wellFormed = String.prototype.isWellFormed
  ? (s) => s.isWellFormed()
  : (s) => !/[\ud800-\udfff]/.test(s);
const isText = (v) => typeof v === 'string' && wellFormed(v);
/** An item of `flags` or `exclude` that the `;`-separated list of a column carries unchanged:
 *  not empty, no `;`, no white space at either end (JS or Rust's). */
const isItem = (v) => isText(v) && v !== '' && !v.includes(';') && !/^[\s\u0085]|[\s\u0085]$/.test(v);
const isPlainObject = (v) => {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};
/** `age` and `max_distance_km` as a column: JSON writes NaN and infinities as null (none). */
const finiteOrNaN = (v) => (Number.isFinite(v) ? v : NaN);

/** A dictionary-encoded column being filled, row by row. */
class Dictionary {
  constructor(n) {
    this.codes = new Int32Array(n).fill(-1);
    this.values = [];
    this.index = new Map();
    this.used = false;
  }

  set(row, v) {
    let code = this.index.get(v);
    if (code === undefined) {
      code = this.values.length;
      this.index.set(v, code);
      this.values.push(v);
    }
    this.codes[row] = code;
    this.used = true;
  }
}

/** Whether `routeBatch` may route case `c` as a row of columns: only when the module's case
 *  reader would read exactly that case from its JSON text (`undefined` written as null),
 *  without error. Anything else (unknown fields, wrong types, nulls where the reader wants a
 *  value, odd strings) goes through the reader, for its error or its own reading. */
function isPlainCase(c) {
  if (!isPlainObject(c)) return false;
  let filiere = false;
  let origin = false;
  let lat = false;
  let lon = false;
  let date = false;
  for (const key of Object.keys(c)) {
    const v = c[key];
    switch (key) {
      case 'filiere':
        if (!isText(v)) return false;
        filiere = true;
        break;
      case 'origin':
        if (typeof v === 'string') {
          if (!wellFormed(v)) return false;
        } else if (
          !isPlainObject(v) ||
          Object.keys(v).length !== 2 ||
          !Number.isFinite(v.lat) ||
          !Number.isFinite(v.lon)
        ) {
          return false;
        }
        origin = true;
        break;
      case 'lat':
      case 'lon':
        // The batch shape of a point (`lat` and `lon` beside the other fields).
        if (!Number.isFinite(v)) return false;
        if (key === 'lat') lat = true;
        else lon = true;
        break;
      case 'date':
        // Digits and dashes only: the column and the reader parse it alike (no trimming).
        if (typeof v !== 'string' || !/^[0-9-]*$/.test(v)) return false;
        date = true;
        break;
      case 'id':
      case 'level':
      case 'preferred_site':
        if (!absent(v) && !isText(v)) return false;
        break;
      case 'age':
      case 'max_distance_km':
        if (!absent(v) && typeof v !== 'number') return false;
        break;
      case 'ehpad_resident':
      case 'time_critical':
      case 'include_planned':
        if (typeof v !== 'boolean') return false;
        break;
      case 'flags':
      case 'exclude':
        if (!Array.isArray(v)) return false;
        for (let j = 0; j < v.length; j++) if (!isItem(v[j])) return false;
        break;
      default:
        return false;
    }
  }
  // One origin: `origin`, or `lat` and `lon` (both forms, or half a point, are the reader's
  // to refuse).
  return filiere && date && (origin ? !lat && !lon : lat && lon);
}

/** The plain cases of a `routeBatch` call as the setter calls of a raw `CaseColumns`: `rows`
 *  maps each row to its index in `cases`. */
function batchColumns(cases) {
  const n = cases.length;
  const rows = [];
  const text = { filiere: new Dictionary(n), origin: new Dictionary(n), date: new Dictionary(n) };
  const optional = {};
  const numbers = {};
  const flags = {};
  const lists = {};
  const opt = (name) => (optional[name] ??= new Dictionary(n));
  const num = (name) => (numbers[name] ??= new Float64Array(n).fill(NaN));
  for (let i = 0; i < n; i++) {
    const c = cases[i];
    if (!isPlainCase(c)) continue;
    const k = rows.length;
    rows.push(i);
    text.filiere.set(k, c.filiere);
    text.date.set(k, c.date);
    if (typeof c.origin === 'string') {
      text.origin.set(k, c.origin);
    } else if (c.origin === undefined) {
      num('lat')[k] = c.lat;
      num('lon')[k] = c.lon;
    } else {
      num('lat')[k] = c.origin.lat;
      num('lon')[k] = c.origin.lon;
    }
    if (!absent(c.level)) opt('level').set(k, c.level);
    if (!absent(c.preferred_site)) opt('preferred_site').set(k, c.preferred_site);
    if (!absent(c.age)) num('age')[k] = finiteOrNaN(c.age);
    if (!absent(c.max_distance_km)) num('max_distance_km')[k] = finiteOrNaN(c.max_distance_km);
    for (const name of BOOLEAN_COLUMNS) {
      if (c[name] === true) (flags[name] ??= new Uint8Array(n))[k] = 1;
    }
    for (const name of LIST_COLUMNS) {
      const v = c[name];
      if (v !== undefined && v.length > 0) (lists[name] ??= new Dictionary(n)).set(k, v.join(';'));
    }
  }
  const m = rows.length;
  const calls = [];
  for (const [name, d] of [...Object.entries(text), ...Object.entries(optional), ...Object.entries(lists)]) {
    if (d.used || name === 'filiere') calls.push(['text', name, d.codes.subarray(0, m), d.values]);
  }
  for (const [name, v] of Object.entries(numbers)) calls.push(['numbers', name, v.subarray(0, m)]);
  for (const [name, v] of Object.entries(flags)) calls.push(['flags', name, v.subarray(0, m)]);
  return { rows, calls };
}

/** `route`'s case, written for the module's `routeFields` (bindings-wasm/src/single.rs) with
 *  no JSON text: each value's kind on a tape of numbers, then its payload (a number; a text's
 *  length in UTF-16 code units, the text going at the end of `tapeTexts`; an array's length
 *  and items; an object's number of entries, and each key and value). The module reads the
 *  fields with the core's case reader; `writeCase` declines any value that JSON text would not
 *  write as it is, and `route` sends that case through JSON instead. */
const TAPE = { NULL: 0, FALSE: 1, TRUE: 2, NUMBER: 3, TEXT: 4, ARRAY: 5, OBJECT: 6 };
/** Arrays and objects nest no deeper on the tape (single.rs `MAX_DEPTH`). */
const TAPE_DEPTH = 8;
/** The tape: a `Float64Array` over the module's memory (single.rs `TAPE`), where the module
 *  reads the case and writes the result, so that nothing is copied either way. Viewed again
 *  when the memory grows (which detaches the view) or the module is instantiated again
 *  (`tapeOf`). */
let tape = null;
/** Where the tape is: the module's memory, the address in it, the length (a detached view
 *  has none), the instance. */
let tapeMemory = null;
let tapeAddress = 0;
let tapeSize = 0;
let tapeGeneration = -1;
/** How much of the tape the case takes, and its texts. */
let tapeLength = 0;
let tapeTexts = '';
/** Whether a case is being written (a getter of the case that routes another case sends that
 *  one through JSON: the tape is taken), and whether numbers written meanwhile were lost (a
 *  getter made the module's memory grow, which detached the view they went to). */
let tapeBusy = false;
let tapeLost = false;

/** The tape, at least `n` numbers long (made longer by the module, its numbers kept). */
function tapeOf(n) {
  // A detached view has no length (and a view of a memory that grew is detached).
  if (tapeBusy && tape.length === 0) tapeLost = true;
  if (tapeGeneration !== generation || n > tapeSize) {
    tapeSize = Math.max(n, 32);
    tapeAddress = raw.tapeAddress(tapeSize);
    tapeMemory = raw.tapeMemory();
    tapeGeneration = generation;
    tape = new Float64Array(tapeMemory.buffer, tapeAddress, tapeSize);
  } else if (tape.length === 0) {
    tape = new Float64Array(tapeMemory.buffer, tapeAddress, tapeSize);
  }
  return tape;
}

function put(x) {
  if (tapeLength === tapeSize) tapeOf(tapeSize * 2);
  tape[tapeLength++] = x;
}

/** Whether `JSON.stringify` leaves out a property of this value. */
const unwritten = (v) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

function putText(s) {
  if (!wellFormed(s)) return false;
  put(s.length);
  tapeTexts += s;
  return true;
}

/** Writes `v` (a value `JSON.stringify` writes) on the tape; false when it cannot. */
function putValue(v, depth) {
  switch (typeof v) {
    case 'string':
      put(TAPE.TEXT);
      return putText(v);
    case 'number':
      // JSON writes NaN and the infinities as null.
      if (Number.isFinite(v)) {
        put(TAPE.NUMBER);
        put(v);
      } else {
        put(TAPE.NULL);
      }
      return true;
    case 'boolean':
      put(v ? TAPE.TRUE : TAPE.FALSE);
      return true;
    case 'object':
      if (v === null) {
        put(TAPE.NULL);
        return true;
      }
      if (depth >= TAPE_DEPTH || v.toJSON !== undefined) return false;
      if (Array.isArray(v)) {
        put(TAPE.ARRAY);
        put(v.length);
        for (let i = 0; i < v.length; i++) {
          const item = v[i];
          if (unwritten(item)) put(TAPE.NULL);
          else if (!putValue(item, depth + 1)) return false;
        }
        return true;
      }
      return isPlainObject(v) && putObject(v, depth);
    default:
      // A BigInt: JSON.stringify throws, and so does route through JSON.
      return false;
  }
}

function putObject(o, depth) {
  put(TAPE.OBJECT);
  const at = tapeLength;
  put(0);
  let n = 0;
  for (const key of Object.keys(o)) {
    const v = o[key];
    if (unwritten(v)) continue;
    if (!putText(key) || !putValue(v, depth + 1)) return false;
    n += 1;
  }
  tape[at] = n;
  return true;
}

/** The index of each field name of a case in the module's list (`caseFields()`, the core's
 *  `CaseFields::FIELDS`), read once. */
let caseFieldIndex = null;

/** Writes case `c` on the tape: the number of its fields, then each field's index in the
 *  module's list, and value. False when it is not a plain object of values JSON writes as they
 *  are, or has a field of another name (the JSON reader names it in its error). */
function writeCase(c) {
  if (tapeBusy || !isPlainObject(c) || c.toJSON !== undefined) return false;
  caseFieldIndex ??= new Map(raw.caseFields().map((name, i) => [name, i]));
  tapeOf(32);
  const instance = generation;
  tapeBusy = true;
  tapeLost = false;
  try {
    tapeLength = 0;
    tapeTexts = '';
    put(0);
    let n = 0;
    for (const key of Object.keys(c)) {
      const v = c[key];
      if (unwritten(v)) continue;
      const field = caseFieldIndex.get(key);
      if (field === undefined) return false;
      put(field);
      if (!putValue(v, 1)) return false;
      n += 1;
    }
    tape[0] = n;
    // Had a getter of the case called the module, its memory could have grown meanwhile (the
    // numbers written since then would be lost), or it could have trapped: then JSON.
    return !tapeLost && tape.length !== 0 && instance === generation;
  } finally {
    tapeBusy = false;
  }
}

/** The index of each result column in `resultColumns()` by name (its slot on the tape is one
 *  more: single.rs `OUT_COLUMNS`), the slot of the message's length, and where `#decide`
 *  copies the result off the tape: read once. */
let decisionPlan = null;
function decisionFields() {
  if (decisionPlan === null) {
    const columns = resultColumns();
    const slots = {};
    columns.forEach((c, k) => {
      slots[c.name] = k;
    });
    decisionPlan = { slots, messageSlot: 1 + columns.length, result: new Float64Array(2 + columns.length) };
  }
  return decisionPlan;
}

/** The values of the result columns of engine-owned texts, for one raw engine: the module
 *  gives each text its code once per engine and hands over only the texts new since its last
 *  call, appended here. `values[name]` is a frozen array, replaced when texts are added, so
 *  earlier results keep theirs. */
class ResultTexts {
  constructor(handle) {
    this.handle = handle;
    this.values = {};
  }

  /** The values of column `name` after the call whose result is `raw` (for `error`, which the
   *  module codes per call, the values of this call only). */
  take(raw, name) {
    const from = raw.valuesFrom(name);
    const fresh = raw.takeValues(name);
    if (from < 0) return fresh;
    const known = this.values[name] ?? Object.freeze([]);
    if (from !== known.length) {
      throw new Error(`internal: the \`${name}\` values of the module and of the wrapper are out of step`);
    }
    if (fresh.length > 0) this.values[name] = Object.freeze(known.concat(fresh));
    return this.values[name] ?? known;
  }

  /** The text of code `code` in column `name` (index `k` in `resultColumns()`) of a decision
   *  of `route`: the texts the engine coded since the wrapper last had them are asked for,
   *  once. */
  text(name, k, code) {
    let known = this.values[name] ?? Object.freeze([]);
    if (code >= known.length) {
      known = Object.freeze(known.concat(this.handle.resultTexts(k, known.length)));
      this.values[name] = known;
    }
    return known[code];
  }
}

/** What `Engine.routeColumns` returns: one entry per row in every column of `resultColumns()`,
 *  in its order. Text columns are dictionary-encoded (`codes[i]` indexes `values`, -1 for
 *  none), numbers are `NaN` for none, `id` is the input's `id` column as given (nulls when
 *  there was none). */
export class RoutedColumns {
  constructor(token, n, raw, texts, ids) {
    if (token !== TOKEN) throw new TypeError('use engine.routeColumns()');
    this.length = n;
    for (const { name, kind } of resultColumns()) {
      if (kind === 'echo') this[name] = ids ?? new Array(n).fill(null);
      else if (kind === 'number') this[name] = raw.takeNumbers(name);
      else this[name] = { codes: raw.takeCodes(name), values: texts.take(raw, name) };
    }
  }

  /** The text of column `name` at row `i`, or null. */
  text(name, i) {
    if (!resultText().has(name)) throw new TypeError(`no text result column \`${name}\``);
    const column = this[name];
    const code = column.codes[i];
    return code === undefined || code < 0 ? null : column.values[code];
  }

  /** Row `i` as a `routeBatch` result: `{ok: true, decision}` (the same `Decision` object
   *  `route` returns) or `{ok: false, error}`, `error` a diagnostic with code `C001`
   *  for a row the columns cannot make a case of (`routeBatch` gives such a row the module's
   *  own case error, with its code and texts in the language asked for). */
  row(i) {
    const message = this.text('error', i);
    if (message !== null) return { ok: false, error: detail('C001', message, '') };
    const decision = {};
    for (const { name, kind } of resultColumns()) {
      if (kind === 'text' && name !== 'error') {
        const v = this.text(name, i);
        if (v !== null) decision[name] = v;
      } else if (kind === 'number' && !Number.isNaN(this[name][i])) {
        decision[name] = this[name][i];
      }
    }
    return { ok: true, decision };
  }

  /** Every row as a `routeBatch` result. */
  rows() {
    return Array.from({ length: this.length }, (_, i) => this.row(i));
  }
}

/** Names the network a batch result came from: a read-only `fingerprint` property, not
 *  enumerable, so the result iterates, compares and serialises as before. */
function withFingerprint(result, fingerprint) {
  Object.defineProperty(result, 'fingerprint', { value: Object.freeze(fingerprint), enumerable: false });
  return result;
}

/** A cooperation network, loaded and validated. Immutable. */
export class Network {
  #raw;
  #generation;
  /** How to load it again after a trap: a function of no argument returning a raw network. */
  #reload;

  constructor(token, load) {
    if (token !== TOKEN) {
      throw new TypeError('use Network.fromJson, Network.fromToml or Network.fromObject');
    }
    this.#reload = load;
    this.#generation = generation;
    this.#raw = call(load);
  }

  /** Loads a network from JSON text; a `ParcoursError` speaks `options.lang` (`'en'`, the
   *  default, or `'fr'`). */
  static fromJson(json, options) {
    text(json, 'Network.fromJson');
    const lang = langOf(options);
    return new Network(TOKEN, () => raw.Network.fromJson(json, lang));
  }

  /** Loads a network from TOML text; errors in `options.lang`. */
  static fromToml(toml, options) {
    text(toml, 'Network.fromToml');
    const lang = langOf(options);
    return new Network(TOKEN, () => raw.Network.fromToml(toml, lang));
  }

  /** Loads a network from a plain object; errors in `options.lang`. */
  static fromObject(data, options) {
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      throw new TypeError('Network.fromObject expects a plain object');
    }
    const json = JSON.stringify(data);
    const lang = langOf(options);
    return new Network(TOKEN, () => raw.Network.fromObject(JSON.parse(json), lang));
  }

  /** The WebAssembly object, loaded again if the instance was re-created since. */
  #handle() {
    if (this.#raw === null) throw new Error('this Network was freed');
    if (this.#generation !== generation) {
      this.#raw = call(this.#reload);
      this.#generation = generation;
    }
    return this.#raw;
  }

  get id() {
    return call(() => this.#handle().id);
  }

  get name() {
    return call(() => this.#handle().name);
  }

  summary() {
    return call(() => this.#handle().summary());
  }

  toJson() {
    return call(() => this.#handle().toJson());
  }

  toObject() {
    return JSON.parse(this.toJson());
  }

  /** Which network this is: `{network_id, hash}`, `hash` being `sha256:<hex>` of the
   *  canonical JSON (`toCanonicalJson()`), the same for the JSON and TOML forms. */
  fingerprint() {
    return callJson(() => this.#handle().fingerprintJson());
  }

  /** The canonical JSON text of the network (what `parcours fmt` writes). */
  toCanonicalJson() {
    return call(() => this.#handle().toCanonicalJson());
  }

  /** Compiles the network into an `Engine` that routes cases. `options.travel` is a travel
   *  matrix, `[{from, to, km?, minutes?}]`, overriding straight-line distances;
   *  `options.communes` a commune reference as CSV texts, `{communes, postalCodes?}`
   *  (examples/reference/), so that cases can come from `{commune}` or `{postal_code}`;
   *  `options.lang` (`'en'`, the default, or `'fr'`) the language of the `ParcoursError`
   *  thrown when the network, the travel matrix or the reference does not compile. */
  compile(options = {}) {
    const travel = options?.travel === undefined ? undefined : caseJson(options.travel, 'travel matrix');
    const communes = communeTexts(options);
    const lang = langOf(options);
    return new Engine(TOKEN, this, { travel, communes: communes?.communes, postalCodes: communes?.postalCodes, lang });
  }

  /** The rule-set checks (core `parcours::check`): a `Report` of diagnostics P001…, each
   *  with severity, pointer, help and, where it helps, a counterexample case; messages and
   *  help in `options.lang` (`'en'`, the default, or `'fr'`). */
  check(options = {}) {
    return this.compile().check(options);
  }

  /** Every dated change of the network in date order (core `parcours::history`):
   *  `HistoryEntry[]`, descriptions in `options.lang` (`'en'`, the default, or `'fr'`).
   *  `options.from` and `options.to` (`YYYY-MM-DD`, inclusive) keep a window; a bad date or
   *  language throws a `ParcoursError` with code `argument`. */
  history(options = {}) {
    const from = options?.from === undefined ? undefined : text(options.from, 'history (from)');
    const to = options?.to === undefined ? undefined : text(options.to, 'history (to)');
    const lang = langOf(options);
    const handle = this.#handle();
    return callJson(() => handle.historyJson(from, to, lang));
  }

  /** A new `Network`: this one with `changes` applied in order (core
   *  `parcours::analysis::read_changes` and `apply_changes`, the reader of `parcours diff
   *  --changes` and Python `apply_changes`). `changes` is an array of change objects
   *  (`{change: 'remove_grouping', grouping: 'gcs-x'}`…) or its JSON text; `options.file`
   *  names it in errors (default `<changes>`). Throws `ParcoursError`: a change that does not
   *  read (code `L002`, pointer `/0/grouping`), one that names nothing (`L004`,
   *  `/changes/0`), or a changed network that does not validate. */
  applyChanges(changes, options = {}) {
    const file = options?.file === undefined ? '<changes>' : text(options.file, 'applyChanges (file)');
    const json = typeof changes === 'string' ? changes : JSON.stringify(changes);
    if (json === undefined) throw new TypeError(`applyChanges expects an array of changes or its JSON text, got ${typeof changes}`);
    return new Network(TOKEN, () => Network._raw(this).applyChangesJson(json, file));
  }

  /** Runs a test file (cases with expected decisions, questions at a date with expected
   *  answers: the format of `examples/cases/*.json`, given as JSON text or an object) against
   *  this network, compiled with the file's travel matrix. Returns a `TestReport`
   *  (`passed`, `failed`, `ok`, `results`, and `text`: the failures with the decision's
   *  explanation). A file that does not read throws `ParcoursError` with code `tests`.
   *  `options.communes` is the commune reference a file names (`"communes"`), as CSV texts
   *  `{communes, postalCodes?}` (the runner reads no files); without it such a file throws
   *  a `ParcoursError` with code `L004`. */
  runTests(tests, file = '<tests>', options = {}) {
    const json = typeof tests === 'string' ? tests : caseJson(tests, 'test file');
    text(file, 'runTests (file)');
    const communes = communeTexts(options);
    const report = callJson(() => this.#handle().runTestsJson(json, file, communes?.communes, communes?.postalCodes));
    report.ok = report.failed === 0;
    return report;
  }

  /** Internal: the raw network of the current instance. */
  static _raw(net) {
    return net.#handle();
  }

  /** Internal: a fresh raw engine of the current instance. */
  static _compile(net, inputs) {
    return call(() => net.#handle().compile(inputs.travel, inputs.communes, inputs.postalCodes, inputs.lang ?? 'en'));
  }

  /** Frees the WebAssembly memory now rather than at garbage collection. */
  free() {
    if (this.#raw !== null && this.#generation === generation) this.#raw.free();
    this.#raw = null;
  }

  [Symbol.dispose]() {
    this.free();
  }
}

/** A compiled network that routes cases. Cases and decisions are plain objects in the core's
 *  JSON data format (snake_case field names: `filiere`, `max_distance_km`…). Immutable. */
export class Engine {
  #raw;
  #generation;
  #network;
  #travel;
  /** The `ResultTexts` of `#raw`. */
  #texts = null;
  /** The fingerprint, once asked for (the same for every raw engine of this network). */
  #fingerprint = null;

  constructor(token, network, travel) {
    if (token !== TOKEN) throw new TypeError('use network.compile()');
    this.#network = network;
    this.#travel = travel;
    this.#generation = generation;
    this.#raw = Network._compile(network, travel);
  }

  #handle() {
    if (this.#raw === null) throw new Error('this Engine was freed');
    if (this.#generation !== generation) {
      this.#raw = Network._compile(this.#network, this.#travel);
      this.#generation = generation;
    }
    return this.#raw;
  }

  /** The values of the result columns of engine-owned texts, for the current raw engine. */
  #resultTexts() {
    const handle = this.#handle();
    if (this.#texts?.handle !== handle) this.#texts = new ResultTexts(handle);
    return this.#texts;
  }

  /** Which network (and travel matrix) the engine was compiled from: `{network_id, hash,
   *  travel_hash?}`. Batch results carry it too (`fingerprint` property). */
  fingerprint() {
    this.#fingerprint ??= callJson(() => this.#handle().fingerprintJson());
    return { ...this.#fingerprint };
  }

  /** Id of the network the engine was compiled from. */
  get networkId() {
    return call(() => this.#handle().networkId);
  }

  /** Number of sites. */
  get siteCount() {
    return call(() => this.#handle().siteCount);
  }

  /** Routes one case: a `Decision`, or an `Explanation` (each alternative with `why` it
   *  lost, in words) with `{explain: true}`. Unknown filière, level or origin give a decision with outcome
   *  `invalid`; a case that cannot be read (missing field, bad date, unknown field) throws a
   *  `ParcoursError` with code `case`. `options.lang` (`'en'`, the default, or `'fr'`) is the
   *  language of the explanation and of an invalid case's `message` and `help`. */
  route(c, options = {}) {
    const explain = options?.explain === true;
    const lang = langOf(options);
    // A decision of a case written on the tape comes back as numbers (`#decide`); an
    // explanation, a case that does not fit the tape or that the module's case reader refuses
    // there, and an unknown language go through JSON: the same decision, or the JSON reader's
    // own error.
    if (!explain && (lang === 'en' || lang === 'fr')) {
      const d = call(() => (writeCase(c) ? this.#decide(c, lang === 'fr') : undefined));
      if (d !== undefined) return d;
    }
    return this.#routeJson(c, explain, lang);
  }

  #routeJson(c, explain, lang) {
    const json = caseJson(c, 'case');
    return callJson(() => this.#handle().routeJson(json, explain, lang));
  }

  /** The decision of the case on the tape (see `writeCase`), or undefined when the module
   *  does not read it. */
  #decide(c, fr) {
    const handle = this.#handle();
    const texts = this.#resultTexts();
    const message = handle.routeFields(tapeTexts, fr);
    tapeTexts = '';
    const out = tapeOf(0);
    const status = out[0];
    if (status < 0) return undefined;
    // The result is read off the tape before `texts.text`, which may get new texts from the
    // module, whose memory may then grow (that detaches the view).
    const { slots, messageSlot, result } = decisionFields();
    for (let i = 0; i < result.length; i++) result[i] = out[i];
    // The module's reader took the id: text, or a whole number (JSON writes -0 as 0).
    const d = absent(c.id) ? {} : { id: typeof c.id === 'number' ? c.id + 0 : c.id };
    // Each field stored by its name, in the order of the module's JSON (the core's `Decision`;
    // route_fields.test.mjs compares keys and order): V8 builds the decisions of one shape
    // alike, where a store by a computed name is a look-up each time.
    const K = slots;
    let v;
    d.outcome = texts.text('outcome', K.outcome, result[1 + K.outcome]);
    if ((v = result[1 + K.target]) >= 0) d.target = texts.text('target', K.target, v);
    if ((v = result[1 + K.target_name]) >= 0) d.target_name = texts.text('target_name', K.target_name, v);
    if ((v = result[1 + K.level]) >= 0) d.level = texts.text('level', K.level, v);
    if ((v = result[1 + K.target_level]) >= 0) d.target_level = texts.text('target_level', K.target_level, v);
    if ((v = result[1 + K.step]) >= 0) d.step = texts.text('step', K.step, v);
    if ((v = result[1 + K.rule]) >= 0) d.rule = texts.text('rule', K.rule, v);
    if ((v = result[1 + K.tele_service]) >= 0) d.tele_service = texts.text('tele_service', K.tele_service, v);
    if ((v = result[1 + K.fallback_target]) >= 0) d.fallback_target = texts.text('fallback_target', K.fallback_target, v);
    if (!Number.isNaN((v = result[1 + K.distance_km]))) d.distance_km = v;
    if (!Number.isNaN((v = result[1 + K.minutes]))) d.minutes = v;
    if ((v = result[1 + K.reason]) >= 0) d.reason = texts.text('reason', K.reason, v);
    if (message !== undefined) {
      d.message = message.slice(0, result[messageSlot]);
      if (status === 1) d.help = message.slice(result[messageSlot]);
    }
    if ((v = result[1 + K.commune]) >= 0) d.commune = texts.text('commune', K.commune, v);
    if ((v = result[1 + K.entry]) >= 0) d.entry = texts.text('entry', K.entry, v);
    return d;
  }

  /** Internal (tests): `route` through the module's JSON reader and writer only. */
  static _routeJson(engine, c, options = {}) {
    return engine.#routeJson(c, options?.explain === true, langOf(options));
  }

  /** Routes many cases, in input order, each result tagged: `{ok: true, decision}` or
   *  `{ok: false, error: {code, message, pointer}}`. */
  routeBatch(cases, options = {}) {
    if (!Array.isArray(cases)) throw new TypeError('routeBatch expects an array of cases');
    const lang = langOf(options);
    // Plain cases (see `batchColumns`) cross as columns, with no JSON either way; the others,
    // and the rows the columns cannot read, go one by one through the module's case reader
    // (its serde error and pointer, or the same decision). One reader of `Case` in the module.
    const { rows, calls } = batchColumns(cases);
    return call(() => {
      if (lang !== 'en') {
        // The module reads `lang` (and names a bad one) before the case: a case it refuses
        // tells that the language is fine.
        try {
          this.#handle().routeJson('null', false, lang);
        } catch (e) {
          if (!isLoadErrorPayload(e) || !isCaseCode(e.code)) throw e;
        }
      }
      const results = new Array(cases.length);
      let out = null;
      if (rows.length > 0) {
        const cols = new raw.CaseColumns(rows.length);
        try {
          for (const [setter, ...args] of calls) cols[setter](...args);
          const routed = this.#handle().routeColumns(cols);
          try {
            out = new RoutedColumns(TOKEN, rows.length, routed, this.#resultTexts());
          } finally {
            routed.free();
          }
        } finally {
          cols.free();
        }
        for (let k = 0; k < rows.length; k++) {
          if (out.error.codes[k] >= 0) continue;
          const row = out.row(k);
          // An invalid case goes through the reader, for its message and help (the result
          // columns do not carry them), so that routeBatch gives route()'s decision.
          if (row.decision.outcome === 'invalid') continue;
          // Columns carry no id: the decision echoes the case's, as the module's reader does.
          const id = cases[rows[k]].id;
          results[rows[k]] = absent(id) ? row : { ...row, decision: { id, ...row.decision } };
        }
      }
      const handle = this.#handle();
      for (let i = 0; i < cases.length; i++) {
        if (results[i] !== undefined) continue;
        const json = JSON.stringify(cases[i], (_, v) => (v === undefined ? null : v)) ?? 'null';
        try {
          results[i] = { ok: true, decision: JSON.parse(handle.routeJson(json, false, lang)) };
        } catch (e) {
          if (!isLoadErrorPayload(e) || !isCaseCode(e.code)) throw e;
          results[i] = { ok: false, error: e.details[0] };
        }
      }
      return withFingerprint(results, this.fingerprint());
    });
  }

  /** Routes cases given as columns (see `RoutedColumns`), without JSON: `columns` maps the
   *  names of the Python binding's `route_batch` columns to arrays of one entry per row.
   *  `options.date` (`YYYY-MM-DD`) is the date of rows without one. A row that cannot become a
   *  case (no filière, no origin, no date, a bad age) gets an `error` text and the others still
   *  route; a column of the wrong type or length throws `ParcoursError` with code `argument`
   *  and the pointer `/<column>`. */
  routeColumns(columns, options = {}) {
    const { n, calls, ids } = prepareColumns(columns);
    const date = options?.date;
    if (!absent(date) && typeof date !== 'string') {
      throw argumentError('columns', '/date', `expected the \`date\` option as a string, got ${typeof date}`);
    }
    return call(() => {
      const cols = new raw.CaseColumns(n);
      try {
        for (const [setter, ...args] of calls) cols[setter](...args);
        if (!absent(date)) cols.defaultDate(date);
        const out = this.#handle().routeColumns(cols);
        try {
          return withFingerprint(new RoutedColumns(TOKEN, n, out, this.#resultTexts(), ids), this.fingerprint());
        } finally {
          out.free();
        }
      } finally {
        cols.free();
      }
    });
  }

  /** What-if (core `parcours::analysis::diff`): routes `cases` on this engine (before) and on
   *  `after`, and reports `{total, changed, groups}`: the cases whose target changed, and
   *  their groups by (before, after) target, largest first, with the mean change of distance.
   *  A case that cannot be read throws a `ParcoursError` with code `case` and its pointer. */
  diff(after, cases) {
    if (!(after instanceof Engine)) throw new TypeError('diff expects an Engine (after)');
    if (!Array.isArray(cases)) throw new TypeError('diff expects an array of cases');
    const json = JSON.stringify(cases, (_, v) => (v === undefined ? null : v));
    return callJson(() => this.#handle().diffJson(after.#handle(), json));
  }

  /** Where the patients of each origin would go and how far (core `Engine::coverage`):
   *  `origins` are `{id, name?, origin, population?}` (`origin` a site or location id,
   *  `{lat, lon}`, or `{commune}`, `{postal_code}`, `{finess}` with the engine's commune
   *  reference), `query` is `{filiere, level?, date, threshold?, bands?, include_planned?}`;
   *  returns `{rows, bands, population, beyond_threshold, no_route}`. Unknown origins and bad
   *  coordinates are rows with outcome `invalid`; objects of the wrong shape throw a
   *  `ParcoursError` with code `argument` and a pointer. */
  coverage(origins, query, options = {}) {
    if (!Array.isArray(origins)) throw new TypeError('coverage expects an array of origins');
    const lang = langOf(options);
    checkFields(query, QUERY_FIELDS, ['filiere', 'date'], 'query', '');
    const n = origins.length;
    const ids = new Array(n);
    const places = new Array(n);
    const point = new Uint8Array(n);
    const lat = new Float64Array(n);
    const lon = new Float64Array(n);
    const population = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const o = origins[i];
      checkFields(o, ORIGIN_FIELDS, ['id', 'origin'], 'origins', `/${i}`);
      ids[i] = o.id;
      if (typeof o.origin === 'string') {
        places[i] = o.origin;
      } else if (typeof o.origin.commune === 'string') {
        places[i] = o.origin.commune;
        point[i] = 2;
      } else if (typeof o.origin.postal_code === 'string') {
        places[i] = o.origin.postal_code;
        point[i] = 3;
      } else if (typeof o.origin.finess === 'string') {
        places[i] = o.origin.finess;
        point[i] = 4;
      } else {
        places[i] = '';
        point[i] = 1;
        lat[i] = o.origin.lat;
        lon[i] = o.origin.lon;
      }
      population[i] = absent(o.population) ? NaN : o.population;
    }
    const { filiere, level, date, threshold, bands } = query;
    const planned = query.include_planned === true;
    const within = absent(bands) ? undefined : Float64Array.from(bands);
    return callJson(() =>
      this.#handle().coverageColumns(
        ids,
        places,
        point,
        lat,
        lon,
        population,
        filiere,
        level ?? undefined,
        date,
        threshold ?? undefined,
        within,
        planned,
        lang,
      ),
    );
  }

  /** The rule-set checks of the engine's network: a `Report` (see `Network.check`). */
  check(options = {}) {
    const lang = langOf(options);
    return callJson(() => this.#handle().checkJson(Network._raw(this.#network), lang));
  }

  /** Who provides the shared service `kind` (`sterilisation`, `laboratory`…) to `site` at
   *  `date` (`YYYY-MM-DD`): `ServiceProvision[]`, empty when nothing is in force. Bad kind or
   *  date throw a `ParcoursError` with code `argument`. */
  sharedService(kind, site, date, options = {}) {
    text(kind, 'sharedService (kind)');
    text(site, 'sharedService (site)');
    text(date, 'sharedService (date)');
    const planned = options?.includePlanned === true;
    const lang = langOf(options);
    return callJson(() => this.#handle().sharedServiceJson(kind, site, date, planned, lang));
  }

  /** Answers a question at a date, an object in the test-file format
   *  (`{question: 'members', grouping, date, include_planned?}`…): `{columns, rows}`, rows as
   *  objects with snake_case keys. An unknown id throws `ParcoursError` with code `query`
   *  (the message suggests the closest id); a malformed question, code `question`. */
  ask(question, options = {}) {
    const json = caseJson(question, 'question');
    const lang = langOf(options);
    return callJson(() => this.#handle().answerJson(Network._raw(this.#network), json, lang));
  }

  /** Members of a grouping at `date`: `ask({question: 'members', …}).rows`. */
  members(grouping, date, options = {}) {
    return this.ask({ question: 'members', grouping, date, include_planned: options?.includePlanned === true }, options).rows;
  }

  /** Groupings of a site, legal entity or grouping at `date` (direct, through its legal
   *  entity, or nested). */
  groupings(member, date, options = {}) {
    return this.ask({ question: 'groupings', member, date, include_planned: options?.includePlanned === true }, options).rows;
  }

  /** Capabilities of a site at `date`, optionally of `options.filiere`. */
  capabilities(site, date, options = {}) {
    const q = { question: 'capabilities', site, date, include_planned: options?.includePlanned === true };
    if (options?.filiere !== undefined) q.filiere = options.filiere;
    return this.ask(q, options).rows;
  }

  /** Sites with a FINESS number (ET, or EJ of their legal entity); the key is checked. */
  sitesByFiness(finess, options = {}) {
    const q = { question: 'sites_by_finess', finess, include_planned: options?.includePlanned === true };
    if (options?.date !== undefined) q.date = options.date;
    return this.ask(q, options).rows;
  }

  /** Tele-services an origin (site or location id, or `{lat, lon}`) may use at `date`, with
   *  the physical fallback. */
  teleServices(origin, date, options = {}) {
    const q = { question: 'tele_services', origin, date, include_planned: options?.includePlanned === true };
    if (options?.filiere !== undefined) q.filiere = options.filiere;
    return this.ask(q, options).rows;
  }

  /** The territories covering a commune (INSEE code; a former code stands for its successor)
   *  at `date`, and the first-line site its residents enter by, per filière (or
   *  `options.filiere`). Needs the engine's commune reference. */
  commune(commune, date, options = {}) {
    const q = { question: 'commune', commune, date, include_planned: options?.includePlanned === true };
    if (options?.filiere !== undefined) q.filiere = options.filiere;
    return this.ask(q, options).rows;
  }

  /** Runs a test file against the network of this engine (see `Network.runTests`). */
  runTests(tests, file, options) {
    return this.#network.runTests(tests, file, options);
  }

  /** Frees the WebAssembly memory now rather than at garbage collection. */
  free() {
    if (this.#raw !== null && this.#generation === generation) this.#raw.free();
    this.#raw = null;
  }

  [Symbol.dispose]() {
    this.free();
  }
}

/** Not part of the API: `engine.route(c, options)` through JSON text either way, as before
 *  `routeFields`, for the tests that compare the two. */
export function __routeJsonForTests(engine, c, options) {
  return Engine._routeJson(engine, c, options);
}

/** Not part of the API: makes the module trap (a Rust panic), for the tests of recovery. */
export function __trapForTests() {
  return call(() => raw.__parcoursTrap(true));
}

/** What differs from `before` to `after`, two `Network`s, entity by entity (core
 *  `parcours::structure::diff_structure`): a `StructureDiff`. */
export function diffStructure(before, after) {
  if (!(before instanceof Network) || !(after instanceof Network)) {
    throw new TypeError('diffStructure expects two Network objects');
  }
  return callJson(() => raw.diffStructureJson(Network._raw(before), Network._raw(after)));
}

/** The labels of each language, read once from the module. */
const labelsByLang = new Map();

/** The words for the codes of results and networks in `options.lang` (`'en'`, the default, or
 *  `'fr'`), from the core's catalogue (`parcours::labels`): a frozen `Labels`, `{step, reason,
 *  rejection, site_kind, role}`, each mapping a code (`recourse`, `too_far`, `chu`…) to its
 *  words. An unknown language throws a `ParcoursError` with code `argument`. */
export function labels(options = {}) {
  const lang = langOf(options);
  let found = labelsByLang.get(lang);
  if (found === undefined) {
    const all = callJson(() => raw.labelsJson(lang));
    for (const group of Object.values(all)) Object.freeze(group);
    found = Object.freeze(all);
    labelsByLang.set(lang, found);
  }
  return found;
}

/** The JSON Schema (draft 2020-12) of the network format. */
export function networkSchema() {
  return structuredClone(NETWORK_SCHEMA);
}

/** Every stable code: `L…` load problems, `P…` check diagnostics, `C…` cases that do not
 *  read and `Q…` questions or arguments that cannot be answered, each with its family,
 *  severity and what it means in English and French (the core's table). */
export function codes() {
  return callJson(() => raw.codesJson());
}

/** Version of the parcours library. */
export function version() {
  return call(() => raw.version());
}

/** Initialises from a URL, `Response`, bytes or compiled module; by default fetches the
 *  `.wasm` file next to this module. Safe to call more than once. */
export async function init(input) {
  if (!ready) {
    await rawInit(input === undefined ? undefined : { module_or_path: input });
    ready = true;
  }
}

/** Initialises synchronously from the `.wasm` bytes or a compiled module (Node, workers). */
export function initSync(module) {
  if (!ready) {
    raw.initSync({ module });
    ready = true;
  }
}
