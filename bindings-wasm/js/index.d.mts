// Types of the parcours JavaScript API (js/index.mjs). The data shapes come from the Rust crate
// (its `typescript_custom_section`), so they are declared once.
import type {
  Alternative,
  EntityDiff,
  FieldChange,
  HistoryEntry,
  Labels,
  StructureDiff,
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
  Fingerprint,
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
import type { Change } from './parcours_wasm.js';

export type {
  Alternative,
  EntityDiff,
  FieldChange,
  HistoryEntry,
  Labels,
  StructureDiff,
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
  Fingerprint,
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

/** A question at a date, in the test-file format (core `parcours::query::Question`). */
export type Question =
  | { question: 'members'; grouping: string; date: string; include_planned?: boolean }
  | { question: 'groupings'; member: string; date: string; include_planned?: boolean }
  | { question: 'capabilities'; site: string; date: string; filiere?: string; include_planned?: boolean }
  | { question: 'sites_by_finess'; finess: string; date?: string; include_planned?: boolean }
  | { question: 'tele_services'; origin: Origin; date: string; filiere?: string; include_planned?: boolean }
  | { question: 'commune'; commune: string; date: string; filiere?: string; include_planned?: boolean };

/** Whether a row holds at the date by itself (`in_force`) or only with planned facts. */
export type QueryState = 'in_force' | 'planned';

/** A member of a grouping (`members`). */
export interface MemberRow {
  member: string;
  kind: 'site' | 'legal_entity' | 'grouping';
  name: string;
  role: string;
  from: string | null;
  to: string | null;
  precision: string;
  status: string;
  state: QueryState;
}

/** A grouping an entity belongs to (`groupings`). */
export interface GroupingRow {
  grouping: string;
  name: string;
  kind: string;
  role: string;
  how: 'direct' | 'legal_entity' | 'nested';
  via: string | null;
  from: string | null;
  to: string | null;
  state: QueryState;
}

/** A capability of a site (`capabilities`). */
export interface CapabilityRow {
  id: string | null;
  filiere: string;
  level: string;
  activity: string | null;
  modality: string | null;
  mentions: string[];
  holder: string | null;
  from: string | null;
  to: string | null;
  status: string;
  state: QueryState;
}

/** A site found by FINESS number (`sites_by_finess`). */
export interface SiteRow {
  site: string;
  name: string;
  kind: string;
  match: 'et' | 'ej';
  finess_et: string | null;
  legal_entity: string;
  finess_ej: string | null;
  insee: string | null;
}

/** A tele-service an origin may use (`tele_services`), with the physical fallback. */
export interface TeleServiceRow {
  service: string;
  name: string | null;
  act: string;
  provider: string;
  channel: string | null;
  purpose: string;
  access: 'national' | 'requester';
  requester: string | null;
  filiere: string | null;
  fallback: string | null;
  from: string | null;
  to: string | null;
  state: QueryState;
}

/** A row of the `commune` question: a territory covering the commune, or the first-line site
 *  of a filière. */
export interface CommuneRow {
  fact: 'territory' | 'first_line';
  /** The commune as the reference knows it now (a former code gives its successor). */
  commune: string;
  name: string;
  territory: string | null;
  grouping: string | null;
  filiere: string | null;
  site: string | null;
  basis: 'catchment' | 'territory' | 'policy' | 'none' | null;
  state: QueryState;
}

/** The answer to a question: its columns (also with no row) and its rows. */
export interface Answer {
  columns: string[];
  rows: Record<string, unknown>[];
}

/** One field that differs between a test file and the network. */
export interface Mismatch {
  /** `target`, `rows`, `rows/2/role`, `error`… */
  field: string;
  expected: unknown;
  actual: unknown;
}

/** The result of one test of a test file. */
export interface TestResult {
  kind: 'case' | 'question';
  name: string;
  passed: boolean;
  mismatches?: Mismatch[];
  /** On failure: the decision's explanation, or the question's answer. */
  explanation?: string;
}

/** What running a test file gives (`Network.runTests`). */
export interface TestReport {
  passed: number;
  failed: number;
  ok: boolean;
  results: TestResult[];
  /** The failures with their explanations, then a summary line (as `parcours test`). */
  text: string;
}

/** Why one case of a batch could not be read: a `Diagnostic` with a case code, `C001` (the
 *  case does not fit the format), `C002` (its date) or `C003` (its origin); its message in
 *  the language asked for, its `pointer` into the case (`/date`), empty for the whole case. */
export type CaseError = Diagnostic;

/** What `Engine.routeBatch` returns: one result per case, in input order, and the network
 *  they came from (a non-enumerable property). */
export type BatchResults = BatchResult[] & { readonly fingerprint: Fingerprint };

/** One result of `Engine.routeBatch`, in input order. */
export type BatchResult = { ok: true; decision: Decision } | { ok: false; error: CaseError };

/** A dictionary-encoded text column: `codes[i]` indexes `values`; -1 is null (none). */
export interface DictionaryColumn {
  codes: Int32Array;
  values: readonly string[];
}

/** A text input column of `Engine.routeColumns`: strings (null or undefined for none), or
 *  already dictionary-encoded. */
export type TextColumn = readonly (string | null | undefined)[] | DictionaryColumn;

/** Cases as columns, one entry per row (the column names and meanings of the Python binding's
 *  `route_batch`). Only `filiere` is required as a column; each row needs an origin (`origin`,
 *  or `lat` and `lon`) and a date (`date`, or the `date` option). */
export interface CaseColumns {
  /** Not read: echoed as the result's `id` column (one entry per row). */
  id?: ArrayLike<unknown>;
  filiere: TextColumn;
  /** Site or location id; for null rows, `lat` and `lon` give coordinates. */
  origin?: TextColumn;
  /** Instead of `origin` (one origin column per call): INSEE commune codes (the engine needs
   *  a commune reference), postal codes, or FINESS numbers. */
  commune?: TextColumn;
  postal_code?: TextColumn;
  finess?: TextColumn;
  /** Level needed; null: the filière's lowest (or what the flags imply). */
  level?: TextColumn;
  /** The patient's choice. */
  preferred_site?: TextColumn;
  /** `YYYY-MM-DD` text, or days since 1970-01-01 (`-2 ** 31` for null). */
  date?: TextColumn | Int32Array;
  /** WGS84 coordinates of rows without `origin` (NaN or null for none). */
  lat?: Float64Array | ArrayLike<number | null>;
  lon?: Float64Array | ArrayLike<number | null>;
  /** Whole years. */
  age?: Float64Array | ArrayLike<number | null>;
  /** No target farther than this, km. */
  max_distance_km?: Float64Array | ArrayLike<number | null>;
  /** Non-zero / true is true; null is false. */
  ehpad_resident?: Uint8Array | Int8Array | readonly (boolean | 0 | 1 | null | undefined)[];
  time_critical?: Uint8Array | Int8Array | readonly (boolean | 0 | 1 | null | undefined)[];
  include_planned?: Uint8Array | Int8Array | readonly (boolean | 0 | 1 | null | undefined)[];
  /** Clinical flags: lists, `;`-separated text, or a dictionary of `;`-separated values. */
  flags?: readonly (readonly string[] | string | null | undefined)[] | DictionaryColumn;
  /** Sites not to choose, as `flags`. */
  exclude?: readonly (readonly string[] | string | null | undefined)[] | DictionaryColumn;
}

/** Options of `Engine.routeColumns`. */
export interface RouteColumnsOptions {
  /** Date (`YYYY-MM-DD`) of the rows without one. */
  date?: string;
}

/** The text result columns of `Engine.routeColumns`. */
export type ResultTextColumn =
  | 'outcome' | 'target' | 'target_name' | 'level' | 'target_level' | 'step' | 'rule'
  | 'tele_service' | 'fallback_target' | 'entry' | 'commune' | 'reason' | 'error';

/** A column of a batch result (core `parcours::results::RESULT_COLUMNS`). */
export interface ResultColumn {
  /** The name, the same in Python `route_batch`, `routeColumns` and the CSV of `parcours route`. */
  readonly name: string;
  /** `echo`: the case's id as given; `text`: dictionary-encoded text; `number`: NaN for none. */
  readonly kind: 'echo' | 'text' | 'number';
  /** Whether a row may have no value (`outcome` always has one). */
  readonly nullable: boolean;
  /** What the column means. */
  readonly doc: string;
}

/** The columns of a batch result, in order, as the core defines them: what `routeColumns`
 *  returns (and Python `route_batch`, and the CSV of `parcours route`). */
export function resultColumns(): readonly ResultColumn[];

/** What `Engine.routeColumns` returns: the columns of `resultColumns()`, in that order, one
 *  entry per row. Text columns are dictionary-encoded (-1: none); numbers are NaN for none. A
 *  row whose case could not be read has `outcome` `invalid`, an `error` text and nothing else.
 *  The `values` of the text columns but `error` are the texts the engine has given in all its
 *  results so far, each once, in a frozen array (codes are kept from one call to the next, so
 *  the texts are handed over once per engine); those of `error` are the distinct texts of this
 *  result. */
export class RoutedColumns {
  private constructor();
  /** Number of rows. */
  readonly length: number;
  /** The input's `id` column as given; nulls when there was none. */
  readonly id: ArrayLike<unknown>;
  /** `routed`, `no_route` or `invalid` (never -1). */
  readonly outcome: DictionaryColumn;
  readonly target: DictionaryColumn;
  readonly target_name: DictionaryColumn;
  /** Level needed by the case (after flags). */
  readonly level: DictionaryColumn;
  readonly target_level: DictionaryColumn;
  readonly step: DictionaryColumn;
  readonly rule: DictionaryColumn;
  /** The tele-service to use first, when the step is `tele_service`. */
  readonly tele_service: DictionaryColumn;
  /** With a tele-service: the site for a physical transfer if one is still needed. */
  readonly fallback_target: DictionaryColumn;
  readonly entry: DictionaryColumn;
  /** The commune the person comes from (commune, postal code, located point or location). */
  readonly commune: DictionaryColumn;
  readonly distance_km: Float64Array;
  readonly minutes: Float64Array;
  readonly reason: DictionaryColumn;
  /** Why the row's case could not be read (missing `filiere`, origin or date, a bad date or
   *  age); -1 for rows that were routed. */
  readonly error: DictionaryColumn;
  /** The text of a result column at row `i`, or null. */
  text(name: ResultTextColumn, i: number): string | null;
  /** Row `i` as a `routeBatch` result (the `Decision` that `route` gives, or the error). */
  row(i: number): BatchResult;
  /** Every row as a `routeBatch` result. */
  rows(): BatchResult[];
  /** The network the results came from (`Engine.fingerprint()`; not enumerable). */
  readonly fingerprint: Fingerprint;
}

/** A travel distance or time from an origin (site or location id) to a site. */
export interface TravelEntry {
  from: string;
  to: string;
  /** Road distance, km. */
  km?: number;
  /** Travel time, minutes. */
  minutes?: number;
}

/** The language of explanations, invalid-case messages, diagnostics and their help. */
export type Lang = 'en' | 'fr';

/** Options of `Engine.route`. */
export interface RouteOptions {
  /** Return an `Explanation` (trace and alternatives) rather than a bare `Decision`. */
  explain?: boolean;
  /** Language of the explanation and of an invalid case's `message` and `help`; default `'en'`.
   *  Another value throws `ParcoursError` (`argument`) naming it. */
  lang?: Lang;
}

/** Options of the checks. */
export interface CheckOptions {
  /** Language of the messages, help and `text`; default `'en'`. */
  lang?: Lang;
}

/** A network failed to load (codes `L001`…), a case does not read (`C001`…), a question or
 *  argument cannot be answered (`Q001`…, or `argument` for an unknown language or a column of
 *  the wrong shape), or the module trapped (`trap`, after which it was re-instantiated). */
export class ParcoursError extends Error {
  readonly name: 'ParcoursError';
  /** Stable code of the first problem (see `codes()`): `L001` syntax, `L002` format, `L004`
   *  unknown reference…; `C001` a case that does not fit the format, `C002` its date, `C003`
   *  its origin; `Q001` an unknown id in a question or coverage query, `Q002` a malformed
   *  FINESS number or INSEE code, `Q003` bad coordinates, `Q004` a bad parameter, `Q005` a
   *  question that does not fit the format, `Q006` no commune reference; `argument` for a bad
   *  language or column, `trap` for a crash. */
  readonly code: string;
  /** For a case or question error (`C…`, `Q…`): what to do about it (often the closest known
   *  id), in the language asked for, or `null`; as Python's `CodedError.help` and the
   *  `help` of `details[0]`. */
  readonly help?: string | null;
  /** @deprecated The former name of `help`, kept so that existing code works. */
  readonly hint?: string | null;
  /** For a case or question error: the JSON pointer of the value at fault (`/3/date`), or
   *  `''`; as Python's `CaseError.pointer`. */
  readonly pointer?: string;
  /** Name of the input (`<json>`, `<toml>`, `<object>`, `case`, `argument`, `<wasm>`). */
  readonly file: string;
  /** Every problem found, never empty, each a `Diagnostic` (the keys of Python's
   *  `NetworkError.errors()` and of a check diagnostic; `line`, `column`, `entities` only
   *  for loads). */
  readonly details: Diagnostic[];
  private constructor();
}

/** A cooperation network, loaded and validated. Immutable. */
export class Network {
  private constructor();
  /** Loads a network from JSON text. Throws `ParcoursError`, its message and details in
   *  `options.lang` (`'en'`, the default, or `'fr'`). */
  static fromJson(json: string, options?: { lang?: Lang }): Network;
  /** Loads a network from TOML text. Throws `ParcoursError` in `options.lang`. */
  static fromToml(toml: string, options?: { lang?: Lang }): Network;
  /** Loads a network from a plain object shaped like the JSON format. Throws `ParcoursError`
   *  in `options.lang` (pointers, no line or column) or `TypeError`. */
  static fromObject(data: object, options?: { lang?: Lang }): Network;
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
  /** Which network this is: `hash` is `sha256:<hex>` of `toCanonicalJson()`, the same for
   *  the JSON and TOML forms of a network. */
  fingerprint(): Fingerprint;
  /** The canonical JSON text of the network (what `parcours fmt` writes). */
  toCanonicalJson(): string;
  /** Compiles the network into an engine that routes cases; `travel` overrides straight-line
   *  distances. Throws `ParcoursError` (`argument`) for an unreadable travel matrix, and the
   *  load errors of the matrix or the reference in `lang` (default `'en'`). */
  compile(options?: { travel?: TravelEntry[]; communes?: { communes: string; postalCodes?: string }; lang?: Lang }): Engine;
  /** The rule-set checks (core `parcours::check`): diagnostics P001…, each with severity,
   *  pointer, help and, where it helps, a counterexample case, in `options.lang`. */
  check(options?: CheckOptions): Report;
  /** Every dated change of the network in date order (core `parcours::history`). `from` and
   *  `to` (`YYYY-MM-DD`, inclusive) keep a window; descriptions in `lang` (default `'en'`);
   *  a bad date or language throws `ParcoursError` (`argument`). */
  history(options?: { from?: string; to?: string; lang?: Lang }): HistoryEntry[];
  /** A new network: this one with `changes` (change objects or their JSON text, the format
   *  of `parcours diff --changes` and Python `apply_changes`) applied in order. `file` names
   *  the changes in errors (default `<changes>`). Throws `ParcoursError`: `L002` for a change
   *  that does not read (pointer `/0/grouping`), `L004` for one that names nothing. */
  applyChanges(changes: readonly Change[] | string, options?: { file?: string }): Network;
  /** Runs a test file (JSON text or object, the format of `examples/cases/*.json`) against
   *  this network. Throws `ParcoursError` with code `tests` when the file does not read.
   *  `options.communes`: the commune reference the file names (`"communes"`), as CSV texts;
   *  without it such a file throws `ParcoursError` (`L004`). */
  runTests(tests: string | object, file?: string, options?: { communes?: { communes: string; postalCodes?: string } }): TestReport;
  /** Frees the WebAssembly memory now rather than at garbage collection. */
  free(): void;
  [Symbol.dispose](): void;
}

/** A compiled network that routes cases (plain objects, snake_case field names). */
export class Engine {
  private constructor();
  /** Which network (and travel matrix) the engine was compiled from. */
  fingerprint(): Fingerprint;
  /** Id of the network the engine was compiled from. */
  readonly networkId: string;
  /** Number of sites. */
  readonly siteCount: number;
  /** Routes one case. Unknown filière, level or origin give outcome `invalid`; an unreadable
   *  case throws `ParcoursError` with a case code (`C001`…), its texts in `options.lang`. */
  route(c: Case, options?: { explain?: false; lang?: Lang }): Decision;
  route(c: Case, options: { explain: true; lang?: Lang }): Explanation;
  route(c: Case, options?: RouteOptions): Decision | Explanation;
  /** Routes many cases; one result per case, in input order; invalid cases' `message` and
   *  `help` in `options.lang`. */
  routeBatch(cases: readonly Case[], options?: { lang?: Lang }): BatchResults;
  /** Routes cases given as columns, without JSON (typed arrays and dictionaries in and out);
   *  faster than `routeBatch` for many cases. Bad rows get an `error` and the others route; a
   *  column of the wrong type or length throws `ParcoursError` with code `argument` and the
   *  pointer `/<column>`. */
  routeColumns(columns: CaseColumns, options?: RouteColumnsOptions): RoutedColumns;
  /** Where the patients of each origin would go and how far (core `Engine::coverage`), with
   *  the population within each distance of `query.bands`. Unknown origins and bad
   *  coordinates are rows with outcome `invalid`; an unknown filière or level throws
   *  `ParcoursError` `Q001` (its `help` names the closest one), a negative threshold, a bad date
   *  or a query of the wrong shape `Q004`, texts in `options.lang`; origins of the wrong shape
   *  throw `argument`. */
  coverage(
    origins: readonly CoverageOrigin[],
    query: CoverageQuery,
    options?: { lang?: Lang },
  ): CoverageReport;
  /** What-if (core `parcours::analysis::diff`): routes `cases` on this engine (before) and on
   *  `after`, and reports the cases whose target changed, grouped by (before, after). A case
   *  that cannot be read throws `ParcoursError` with a case code (`C001`…) and its pointer. */
  diff(after: Engine, cases: readonly Case[]): DiffReport;
  /** The rule-set checks of the engine's network (see `Network.check`). */
  check(options?: CheckOptions): Report;
  /** Who provides the shared service `kind` to `site` at `date` (`YYYY-MM-DD`); an unknown
   *  kind or a bad date throws `ParcoursError` `Q004` in `options.lang`. */
  sharedService(
    kind: string,
    site: string,
    date: string,
    options?: { includePlanned?: boolean; lang?: Lang },
  ): ServiceProvision[];
  /** Answers a question at a date. An unknown id throws `ParcoursError` `Q001` (its `help`
   *  suggests the closest id); a malformed FINESS number `Q002`, bad coordinates `Q003`, a
   *  malformed question `Q005`, no commune reference `Q006`; texts in `options.lang`, as for
   *  every question method below. */
  ask(question: Question, options?: { lang?: Lang }): Answer;
  /** Members of a grouping at `date`. */
  members(grouping: string, date: string, options?: { includePlanned?: boolean; lang?: Lang }): MemberRow[];
  /** Groupings of a site, legal entity or grouping at `date`. */
  groupings(member: string, date: string, options?: { includePlanned?: boolean; lang?: Lang }): GroupingRow[];
  /** Capabilities of a site at `date`. */
  capabilities(
    site: string,
    date: string,
    options?: { filiere?: string; includePlanned?: boolean; lang?: Lang },
  ): CapabilityRow[];
  /** Sites with a FINESS number (ET, or EJ of their legal entity); the key is checked. */
  sitesByFiness(finess: string, options?: { date?: string; includePlanned?: boolean; lang?: Lang }): SiteRow[];
  /** Tele-services an origin may use at `date`, with the physical fallback. */
  teleServices(
    origin: Origin,
    date: string,
    options?: { filiere?: string; includePlanned?: boolean; lang?: Lang },
  ): TeleServiceRow[];
  /** Territories covering a commune at `date` and the first-line site its residents enter
   *  by, per filière. Needs the engine's commune reference. */
  commune(commune: string, date: string, options?: { filiere?: string; includePlanned?: boolean; lang?: Lang }): CommuneRow[];
  /** Runs a test file against the network of this engine (see `Network.runTests`). */
  runTests(tests: string | object, file?: string, options?: { communes?: { communes: string; postalCodes?: string } }): TestReport;
  /** Frees the WebAssembly memory now rather than at garbage collection. */
  free(): void;
  [Symbol.dispose](): void;
}

/** What differs from `before` to `after`, entity by entity: entities added, removed or
 *  changed, with the changed fields' old and new values. */
export function diffStructure(before: Network, after: Network): StructureDiff;

/** The words for steps, reasons, rejections, site kinds and roles in `options.lang` (default
 *  `'en'`), from the core's catalogue; frozen. An unknown language throws `ParcoursError`
 *  (`argument`). */
export function labels(options?: { lang?: Lang }): Readonly<Labels>;

/** The JSON Schema (draft 2020-12) of the network format. */
export function networkSchema(): Record<string, unknown>;

/** One stable code, as `codes()` lists it. */
export interface CodeEntry {
  /** The code: `L001`… (load), `P001`… (check), `C001`… (case), `Q001`… (question or
   *  argument) or `R001`… (register). */
  code: string;
  /** Where it comes from: a network that does not load, a diagnostic of the checks, a case
   *  that does not read, a question or argument that cannot be answered, or a national
   *  register's record. */
  family: 'load' | 'check' | 'case' | 'query' | 'register';
  /** How serious it is; every load, case and question code is an error. */
  severity: 'error' | 'warning' | 'info';
  /** What it means, in English. */
  summary_en: string;
  /** What it means, in French. */
  summary_fr: string;
}

/** Every stable code: `L…` load problems, `P…` check diagnostics, `C…` cases, `Q…`
 *  questions and arguments (the core's table). */
export function codes(): CodeEntry[];

/** Version of the parcours library. */
export function version(): string;

/** Initialises from a URL, `Response`, bytes or compiled module; by default fetches the `.wasm`
 *  file next to this module. Safe to call more than once. */
export function init(
  input?: RequestInfo | URL | Response | BufferSource | WebAssembly.Module,
): Promise<void>;

/** Initialises synchronously from the `.wasm` bytes or a compiled module (Node, workers). */
export function initSync(module: BufferSource | WebAssembly.Module): void;

export type { Change };
