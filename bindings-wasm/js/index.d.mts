// Types of the parcours JavaScript API (js/index.mjs). The data shapes come from the Rust crate
// (its `typescript_custom_section`), so they are declared once.
import type { Problem, Summary } from './parcours_wasm.js';

export type { Problem, Summary };

/** A network failed to load. `details` lists every problem, each with a JSON pointer. */
export class ParcoursError extends Error {
  readonly name: 'ParcoursError';
  /** Stable code of the first problem: `L001` syntax, `L002` format, `L004` unknown reference… */
  readonly code: string;
  /** Name of the input (`<json>`, `<toml>`, `<object>`). */
  readonly file: string;
  /** Every problem found, never empty. */
  readonly details: Problem[];
  private constructor();
}

/** A cooperation network, loaded and validated. Immutable. */
export class Network {
  private constructor();
  /** Loads a network from JSON text. Throws `ParcoursError`. */
  static fromJson(json: string): Network;
  /** Loads a network from TOML text. Throws `ParcoursError`. */
  static fromToml(toml: string): Network;
  /** Loads a network from a plain object shaped like the JSON format. Throws `ParcoursError`
   *  (pointers, no line or column) or `TypeError`. */
  static fromObject(data: object): Network;
  /** Stable identifier of the network. */
  readonly id: string;
  /** Human-readable name of the network. */
  readonly name: string;
  /** Counts of what the network holds, by kind. */
  summary(): Summary;
  /** The network as pretty JSON, the canonical format. */
  toJson(): string;
  /** The network as a plain object shaped like the JSON format. */
  toObject(): Record<string, unknown>;
  /** Frees the WebAssembly memory now rather than at garbage collection. */
  free(): void;
  [Symbol.dispose](): void;
}

/** The JSON Schema (draft 2020-12) of the network format. */
export function networkSchema(): Record<string, unknown>;

/** Version of the parcours library. */
export function version(): string;

/** Initialises from a URL, `Response`, bytes or compiled module; by default fetches the `.wasm`
 *  file next to this module. Safe to call more than once. */
export function init(
  input?: RequestInfo | URL | Response | BufferSource | WebAssembly.Module,
): Promise<void>;

/** Initialises synchronously from the `.wasm` bytes or a compiled module (Node, workers). */
export function initSync(module: BufferSource | WebAssembly.Module): void;
