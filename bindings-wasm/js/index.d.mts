// Types of the parcours JavaScript API (js/index.mjs). The data shapes come from the Rust crate
// (its `typescript_custom_section`), so they are declared once.
import type {
  Alternative,
  Band,
  Case,
  CaseDiff,
  CoverageOrigin,
  CoverageQuery,
  CoverageReport,
  CoverageRow,
  Severity,
  Report,
  Diagnostic,
  DiffGroup,
  DiffReport,
  Counts,
  Decision,
  Explanation,
  Origin,
  Outcome,
  Problem,
  ReasonCode,
  Rejection,
  ServiceProvision,
  Step,
  Summary,
  TraceEntry,
} from './parcours_wasm.js';

export type {
  Alternative,
  Band,
  Case,
  CaseDiff,
  CoverageOrigin,
  CoverageQuery,
  CoverageReport,
  CoverageRow,
  Severity,
  Report,
  Diagnostic,
  DiffGroup,
  DiffReport,
  Counts,
  Decision,
  Explanation,
  Origin,
  Outcome,
  Problem,
  ReasonCode,
  Rejection,
  ServiceProvision,
  Step,
  Summary,
  TraceEntry,
};

/** Why one case of a batch could not be read. */
export interface CaseError {
  /** `case`. */
  code: string;
  /** What is wrong, in one lowercase line. */
  message: string;
  /** JSON pointer into the case (`/date`); empty for the whole case. */
  pointer: string;
}

/** One result of `Engine.routeBatch`, in input order. */
export type BatchResult = { ok: true; decision: Decision } | { ok: false; error: CaseError };

/** A travel distance or time from an origin (site or location id) to a site. */
export interface TravelEntry {
  from: string;
  to: string;
  /** Road distance, km. */
  km?: number;
  /** Travel time, minutes. */
  minutes?: number;
}

/** Options of `Engine.route`. */
export interface RouteOptions {
  /** Return an `Explanation` (trace and alternatives) rather than a bare `Decision`. */
  explain?: boolean;
}

/** A network failed to load (codes `L001`…), a case or argument is invalid (`case`,
 *  `argument`), or the module trapped (`trap`, after which it was re-instantiated). */
export class ParcoursError extends Error {
  readonly name: 'ParcoursError';
  /** Stable code of the first problem: `L001` syntax, `L002` format, `L004` unknown reference…;
   *  `case` for an unreadable case, `argument` for a bad argument, `trap` for a crash. */
  readonly code: string;
  /** Name of the input (`<json>`, `<toml>`, `<object>`, `case`, `argument`, `<wasm>`). */
  readonly file: string;
  /** Every problem found, never empty (`line`, `column`, `entity`, `hint` only for loads). */
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
  /** Compiles the network into an engine that routes cases; `travel` overrides straight-line
   *  distances. Throws `ParcoursError` (`argument`) for an unreadable travel matrix. */
  compile(options?: { travel?: TravelEntry[] }): Engine;
  /** The rule-set checks (core `parcours::check`): diagnostics P001…, each with severity,
   *  pointer, help and, where it helps, a counterexample case. */
  check(): Report;
  /** Frees the WebAssembly memory now rather than at garbage collection. */
  free(): void;
  [Symbol.dispose](): void;
}

/** A compiled network that routes cases (plain objects, snake_case field names). */
export class Engine {
  private constructor();
  /** Id of the network the engine was compiled from. */
  readonly networkId: string;
  /** Number of sites. */
  readonly siteCount: number;
  /** Routes one case. Unknown filière, level or origin give outcome `invalid`; an unreadable
   *  case throws `ParcoursError` with code `case`. */
  route(c: Case, options?: { explain?: false }): Decision;
  route(c: Case, options: { explain: true }): Explanation;
  route(c: Case, options?: RouteOptions): Decision | Explanation;
  /** Routes many cases; one result per case, in input order. */
  routeBatch(cases: readonly Case[]): BatchResult[];
  /** Where the patients of each origin would go and how far (core `Engine::coverage`), with
   *  the population within each distance of `query.bands`. Unknown origins and bad
   *  coordinates are rows with outcome `invalid`; objects of the wrong shape throw
   *  `ParcoursError` with code `argument`. */
  coverage(origins: readonly CoverageOrigin[], query: CoverageQuery): CoverageReport;
  /** What-if (core `parcours::analysis::diff`): routes `cases` on this engine (before) and on
   *  `after`, and reports the cases whose target changed, grouped by (before, after). A case
   *  that cannot be read throws `ParcoursError` with code `case` and its pointer. */
  diff(after: Engine, cases: readonly Case[]): DiffReport;
  /** The rule-set checks of the engine's network (see `Network.check`). */
  check(): Report;
  /** Who provides the shared service `kind` to `site` at `date` (`YYYY-MM-DD`). */
  sharedService(
    kind: string,
    site: string,
    date: string,
    options?: { includePlanned?: boolean },
  ): ServiceProvision[];
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
