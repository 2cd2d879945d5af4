// parcours for JavaScript: a thin wrapper around the wasm-bindgen output (./parcours_wasm.js).
//
// It only adapts: load errors become `ParcoursError` instances, objects cross as JSON, and the
// module is initialised once (`init()` in browsers, `initSync(bytes)` or `./node.mjs` in Node).
// Every rule and message comes from the Rust core.

import rawInit, * as raw from './parcours_wasm.js';

let ready = false;
const TOKEN = Symbol('parcours.Network');

/** A network failed to load. `details` lists every problem, each with a JSON pointer. */
export class ParcoursError extends Error {
  constructor(payload) {
    super(payload.message);
    this.name = 'ParcoursError';
    this.code = payload.code;
    this.file = payload.file;
    this.details = payload.details;
  }
}

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
    throw isLoadErrorPayload(e) ? new ParcoursError(e) : e;
  }
}

function text(value, what) {
  if (typeof value !== 'string') {
    throw new TypeError(`${what} expects a string, got ${value === null ? 'null' : typeof value}`);
  }
  return value;
}

/** A cooperation network, loaded and validated. Immutable. */
export class Network {
  #raw;

  constructor(token, inner) {
    if (token !== TOKEN) {
      throw new TypeError('use Network.fromJson, Network.fromToml or Network.fromObject');
    }
    this.#raw = inner;
  }

  static fromJson(json) {
    text(json, 'Network.fromJson');
    return new Network(TOKEN, call(() => raw.Network.fromJson(json)));
  }

  static fromToml(toml) {
    text(toml, 'Network.fromToml');
    return new Network(TOKEN, call(() => raw.Network.fromToml(toml)));
  }

  static fromObject(data) {
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      throw new TypeError('Network.fromObject expects a plain object');
    }
    return new Network(TOKEN, call(() => raw.Network.fromObject(data)));
  }

  get id() {
    return this.#raw.id;
  }

  get name() {
    return this.#raw.name;
  }

  summary() {
    return this.#raw.summary();
  }

  toJson() {
    return this.#raw.toJson();
  }

  toObject() {
    return JSON.parse(this.#raw.toJson());
  }

  /** Frees the WebAssembly memory now rather than at garbage collection. */
  free() {
    this.#raw.free();
  }

  [Symbol.dispose]() {
    this.free();
  }
}

/** The JSON Schema (draft 2020-12) of the network format. */
export function networkSchema() {
  return JSON.parse(call(() => raw.networkSchema()));
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
