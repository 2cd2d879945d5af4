//! WebAssembly bindings of parcours (wasm-bindgen).
//!
//! This crate converts and delegates: every rule, check and message comes from the `parcours`
//! core. Use it through the hand-written wrapper `js/index.mjs`, which turns the error payloads
//! thrown here into `ParcoursError` instances (an `Error` subclass with `code` and `details`)
//! and loads the module in Node and browsers.

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::todo,
        clippy::unimplemented,
        clippy::allow_attributes_without_reason
    )
)]

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

mod columns;
mod fingerprint;
mod history;
mod queries;
mod single;
pub use columns::{CaseColumns, RoutedColumns};

use parcours::analysis::{CoverageOrigin, CoverageQuery};
use parcours::{Case, Date, Error, Format, Origin, Problem, ServiceKind};

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** How many entities of each kind a network holds. */
export interface Summary {
  id: string;
  name: string;
  legal_entities: number;
  sites: number;
  locations: number;
  filieres: number;
  groupings: number;
  /** Groupings by kind (`ght`, `gcs_moyens`…), sorted by kind. */
  groupings_by_kind: Record<string, number>;
  memberships: number;
  capabilities: number;
  rules: number;
  shared_services: number;
  tele_services: number;
  sources: number;
}

/** One thing wrong with a network file: the former name of `Diagnostic`, which load
 *  problems and check diagnostics share. */
export type Problem = Diagnostic;

/** Where a case comes from: a site or location id of the network, WGS84 coordinates, an INSEE
 *  commune code or a postal code (with a commune reference), or a FINESS number. */
export type Origin =
  | string
  | { lat: number; lon: number }
  | { commune: string }
  | { postal_code: string }
  | { finess: string };

/** A case to route (the core's JSON data format, snake_case). Only `filiere`, the origin and
 *  `date` are required. The origin is `origin`, or (as in a batch row) `lat` and `lon`:
 *  one of the two. */
export interface Case {
  /** Caller's record id (text or a whole number), echoed in the decision; never interpreted. */
  id?: string | number;
  /** The filière id (`chirurgie`, `urgences`…). */
  filiere: string;
  /** Level needed; default the filière's lowest level (or what the flags imply). */
  level?: string;
  /** Where the patient is. */
  origin?: Origin;
  /** Latitude of the patient's place (WGS84 degrees), with `lon`, instead of `origin`. */
  lat?: number;
  /** Longitude of the patient's place (WGS84 degrees), with `lat`, instead of `origin`. */
  lon?: number;
  /** Date of the case, `YYYY-MM-DD`. */
  date: string;
  /** Patient age in years. */
  age?: number;
  /** Whether the patient lives in an EHPAD. */
  ehpad_resident?: boolean;
  /** Whether the case is time-critical. */
  time_critical?: boolean;
  /** Clinical flags (e.g. `most_acute`): a list, or one text of `;`-separated flags. */
  flags?: string[] | string;
  /** No target farther than this (km). */
  max_distance_km?: number;
  /** Sites that must not be chosen: a list, or one text of `;`-separated site ids. */
  exclude?: string[] | string;
  /** Site the patient chose; wins over preferred rules when it qualifies. */
  preferred_site?: string;
  /** Count planned and in-progress facts as in force. */
  include_planned?: boolean;
}

/** Outcome of routing one case. */
export type Outcome = "routed" | "no_route" | "invalid";

/** The step of the decision order that chose the target. */
export type Step =
  | "local" | "partner" | "preferred_pathway" | "recourse" | "tele_service" | "patient_choice" | "fallback"
  | "first_line";

/** Why a case got no route, or why it is invalid. */
export type ReasonCode =
  | "no_applicable_rule" | "no_qualifying_target" | "unknown_filiere" | "unknown_level"
  | "unknown_origin" | "invalid_coordinates" | "invalid_distance" | "outside_territory"
  | "unknown_commune" | "unknown_postal_code" | "no_commune_reference" | "unknown_finess"
  | "invalid_finess" | "ambiguous_finess" | "unknown_flag";

/** Why a candidate site was not chosen. */
export type Rejection =
  | "less_preferred" | "level_too_low" | "not_authorised" | "too_far"
  | "membership_not_in_force" | "site_not_in_force" | "excluded";

/** The decision for one case. Absent fields do not apply. */
export interface Decision {
  /** The case's id, when it has one, as it was given (text or a whole number). */
  id?: string | number;
  outcome: Outcome;
  /** Chosen site id. */
  target?: string;
  /** Chosen site name. */
  target_name?: string;
  /** With an origin outside the network's sites (a location or coordinates): the site where
   *  the patient enters the network, whose rules were applied. */
  entry?: string;
  /** Level needed by the case (after flags). */
  level?: string;
  /** Level the chosen site holds in the filière at the date. */
  target_level?: string;
  /** The step that chose the target. */
  step?: Step;
  /** The rule that chose the target, if a rule did. */
  rule?: string;
  /** The tele-service to use first, when the step is `tele_service`. */
  tele_service?: string;
  /** With a tele-service: the site for a physical transfer if it is still needed. */
  fallback_target?: string;
  /** Distance from the origin to the target, km. */
  distance_km?: number;
  /** Travel time from the travel matrix, minutes. */
  minutes?: number;
  /** Why there is no route or why the case is invalid. */
  reason?: ReasonCode;
  /** With an invalid case: what is wrong, naming the value. */
  message?: string;
  /** With an invalid case: what to do, often the closest known value. */
  help?: string;
  /** The commune the person comes from, as the reference knows it now. */
  commune?: string;
}

/** A candidate that was not chosen, with the reason. */
export interface Alternative {
  site: string;
  name: string;
  rejection: Rejection;
  /** Why it lost, in words, in the language of the explanation. */
  why: string;
  /** The rule (or step) that proposed it. */
  rule?: string;
  /** Level it holds at the date, if any. */
  level?: string;
  /** Distance from the origin, km. */
  distance_km: number;
}

/** One entry of the explanation trace. */
export interface TraceEntry {
  /** `case`, `rule`, `local`, `patient_choice`, `escalation`, `tele_service`. */
  kind: string;
  rule?: string;
  /** What happened, in words. */
  detail: string;
  /** Source document of the rule, when known. */
  source?: string;
}

/** A decision with its trace and ranked alternatives. */
export interface Explanation {
  decision: Decision;
  trace: TraceEntry[];
  /** Qualified candidates first (nearest first), then rejected ones. */
  alternatives: Alternative[];
  /** The escalation path of the target: the sites escalated from, in order, each reached by a
   *  recourse step from the one before; empty when no escalation chose the target. */
  via: string[];
  /** Sites escalated from that led to no qualifying target, in the order tried, none in `via`. */
  dead_ends: string[];
}

/** How serious a diagnostic is. */
export type Severity = "error" | "warning" | "info";

/** One diagnostic: a problem of a network that does not load (an item of
 *  `ParcoursError.details`), a register warning, or what the checks found in a network that
 *  loads. One shape everywhere (core/schema/diagnostic.schema.json): every key is present,
 *  `null` or `[]` when unknown. */
export interface Diagnostic {
  /** Stable code: `L…` load, `P…` check, `C…` case, `Q…` question or argument, `R…`
   *  register (`codes()` lists them); `argument` or `trap` for an error of the JS API. */
  code: string;
  /** `error` for every load problem; a check code has its own. */
  severity: Severity;
  /** What is wrong, in one lowercase line; ids in backticks. */
  message: string;
  /** Name of the file (or input) the problem is in, when known. */
  file: string | null;
  /** JSON pointer to the value at fault (`/sites/3/legal_entity`); empty for the whole input. */
  pointer: string;
  /** 1-based line in the text, when known. */
  line: number | null;
  /** 1-based column in the text, when known. */
  column: number | null;
  /** Ids of the entities involved (the entity the problem is in first), most relevant first. */
  entities: string[];
  /** What to do about it. */
  help: string | null;
  /** A concrete case, with its date, that shows the problem (route it to see). */
  counterexample: Case | null;
}

/** How many diagnostics of each severity a report holds. */
export interface Counts {
  errors: number;
  warnings: number;
  infos: number;
}

/** What the checks found: diagnostics sorted by severity, then code. */
export interface Report {
  /** Id of the network. */
  network: string;
  file?: string;
  counts: Counts;
  diagnostics: Diagnostic[];
}

/** Who provides a shared service to a site at a date. */
export interface ServiceProvision {
  service: string;
  provider: string;
  provider_name: string;
  /** The grouping through which it is provided, if any. */
  vehicle?: string;
}

/** An origin of a coverage analysis: a commune or a site, with its population. */
export interface CoverageOrigin {
  /** Identifier (INSEE code, site id…), echoed in its row as `origin`. */
  id: string;
  /** Name, for display. */
  name?: string;
  /** Where it is: a site or location id of the network, coordinates, or a commune, postal code
   *  or FINESS number (those three need the engine's commune reference). */
  origin: Origin;
  /** Population weight; 1 when absent. */
  population?: number;
}

/** What a coverage analysis asks (the core's data format, snake_case like a case). */
export interface CoverageQuery {
  /** The filière. */
  filiere: string;
  /** The level needed; default the filière's lowest. */
  level?: string;
  /** The date, `YYYY-MM-DD`. */
  date: string;
  /** Distance (km, or minutes with a travel matrix) beyond which an origin is flagged;
   *  default 80. */
  threshold?: number;
  /** Distances for the population shares of the totals; default 30, 45 and 80. */
  bands?: number[];
  /** Count planned facts as in force. */
  include_planned?: boolean;
}

/** Coverage of one origin. */
export interface CoverageRow {
  /** The origin's id. */
  origin: string;
  outcome: Outcome;
  /** The site that would handle its patients. */
  target?: string;
  /** Its name. */
  target_name?: string;
  /** Where the origin enters the network, when it is not a site. */
  entry?: string;
  /** The step that chose the target. */
  step?: Step;
  /** Why there is no route, or why the origin is invalid. */
  reason?: ReasonCode;
  /** Distance to the target, km. */
  distance_km?: number;
  /** Travel time to the target, minutes (with a travel matrix). */
  minutes?: number;
  /** Whether the distance (or time) exceeds the threshold, or there is no route at all. */
  beyond_threshold: boolean;
  /** Population weight used. */
  population: number;
}

/** One case whose target differs between the two engines of `Engine.diff`. */
export interface CaseDiff {
  /** Index of the case in the input. */
  index: number;
  /** The case's own id, if any. */
  id?: string | number;
  /** Target before (`null`: no route or invalid). */
  from?: string | null;
  /** Target after. */
  to?: string | null;
  /** Distance before, km. */
  from_km?: number | null;
  /** Distance after, km. */
  to_km?: number | null;
}

/** Cases that moved from one target to another. */
export interface DiffGroup {
  /** Target before (`null`: no route). */
  from?: string | null;
  /** Target after (`null`: no route). */
  to?: string | null;
  /** Number of cases. */
  count: number;
  /** Mean change of distance, km (after minus before), over cases routed both times. */
  mean_delta_km?: number | null;
}

/** What `Engine.diff` returns. */
export interface DiffReport {
  /** The network before (`Engine.fingerprint()` of this engine). */
  fingerprint_before: Fingerprint;
  /** The network after. */
  fingerprint_after: Fingerprint;
  /** Number of cases compared. */
  total: number;
  /** Cases whose target changed, in input order. */
  changed: CaseDiff[];
  /** Changed cases grouped by (before, after), largest groups first. */
  groups: DiffGroup[];
}

/** Population within a distance. */
export interface Band {
  /** The distance (km, or minutes with a travel matrix). */
  within: number;
  /** Population within it. */
  population: number;
  /** Share of the total population, 0 to 1. */
  share: number;
}

/** What `Engine.coverage` returns. */
export interface CoverageReport {
  /** Which network (and travel matrix) the report comes from. */
  fingerprint: Fingerprint;
  /** One row per origin, in input order. */
  rows: CoverageRow[];
  /** Population within each distance of the query's bands. */
  bands: Band[];
  /** Total population. */
  population: number;
  /** Population beyond the threshold (including origins with no route). */
  beyond_threshold: number;
  /** Population with no route at all (invalid origins included). */
  no_route: number;
}

/** What the compiled module throws when a network does not load; js/index.mjs turns it into a
 *  `ParcoursError`. */
export interface LoadErrorPayload {
  name: "ParcoursError";
  message: string;
  code: string;
  file: string;
  details: Diagnostic[];
}
"#;

/// The error payload thrown to JS (see `LoadErrorPayload` above).
#[derive(Serialize)]
struct LoadErrorPayload<'a> {
    name: &'static str,
    message: String,
    code: parcours::Code,
    file: &'a str,
    details: &'a [Problem],
}

/// Converts serialisable data to plain JS objects, through JSON text: the module holds
/// `serde_json`'s serialiser anyway, a JS-value serialiser (serde-wasm-bindgen) would be a second
/// one for every type (benches/README.md, WebAssembly).
fn to_js<T: Serialize + ?Sized>(data: &T) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(&json(data))
}

fn load_error(err: &Error) -> JsValue {
    load_error_in(err, parcours::Lang::En)
}

/// [`load_error`] with the message and every problem's texts in `lang`.
fn load_error_in(err: &Error, lang: parcours::Lang) -> JsValue {
    let err = err.localized(lang);
    let payload = LoadErrorPayload {
        name: "ParcoursError",
        message: err.text(lang),
        code: err.code(),
        file: err.file(),
        details: err.problems(),
    };
    to_js(&payload).unwrap_or_else(|e| e)
}

/// The commune reference from its CSV texts (`communes.csv`, `postal_codes.csv`), if given.
///
/// # Errors
/// A `LoadErrorPayload` (texts in `lang`) when a text does not read.
pub(crate) fn commune_reference(
    communes: Option<String>,
    postal_codes: Option<String>,
    lang: parcours::Lang,
) -> Result<Option<parcours::reference::Communes>, JsValue> {
    let Some(text) = communes else {
        return Ok(None);
    };
    let mut reference = parcours::reference::Communes::from_csv(&text, "communes.csv")
        .map_err(|e| load_error_in(&e, lang))?;
    if let Some(p) = postal_codes {
        reference = reference
            .with_postal_codes(&p, "postal_codes.csv")
            .map_err(|e| load_error_in(&e, lang))?;
    }
    Ok(Some(reference))
}

/// A cooperation network, loaded and validated. Immutable.
#[wasm_bindgen]
pub struct Network {
    inner: parcours::Network,
}

impl Network {
    /// Loads `text`; a load error is thrown with its texts in `lang` (`en`, `fr`).
    fn load(text: &str, format: Format, file: &str, lang: &str) -> Result<Network, JsValue> {
        Self::load_with(text, format, file, lang, |e| e)
    }

    /// Like `load`, passing a load error through `adapt` before throwing it.
    fn load_with(
        text: &str,
        format: Format,
        file: &str,
        lang: &str,
        adapt: impl FnOnce(Error) -> Error,
    ) -> Result<Network, JsValue> {
        let lang = read_lang(lang)?;
        parcours::Network::load(text, format, file)
            .map(|inner| Network { inner })
            .map_err(|e| load_error_in(&adapt(e), lang))
    }

    /// The wrapped core network.
    pub fn network(&self) -> &parcours::Network {
        &self.inner
    }
}

#[wasm_bindgen]
impl Network {
    /// Loads a network from JSON text, the canonical format; errors in `lang` (`en`, `fr`).
    ///
    /// # Errors
    /// Throws a `LoadErrorPayload` when the network does not load, an `argument` error for an
    /// unknown language.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &str, lang: &str) -> Result<Network, JsValue> {
        Self::load(text, Format::Json, "<json>", lang)
    }

    /// Loads a network from TOML text; errors in `lang` (`en`, `fr`).
    ///
    /// # Errors
    /// Throws a `LoadErrorPayload` when the network does not load, an `argument` error for an
    /// unknown language.
    #[wasm_bindgen(js_name = fromToml)]
    pub fn from_toml(text: &str, lang: &str) -> Result<Network, JsValue> {
        Self::load(text, Format::Toml, "<toml>", lang)
    }

    /// Loads a network from a plain object shaped like the JSON format (what `JSON.parse`
    /// returns). Problems carry JSON pointers but no line or column: those would point into text
    /// the caller never saw.
    ///
    /// # Errors
    /// Throws a `LoadErrorPayload` when the network does not load, a `TypeError` when the value
    /// cannot be written as JSON (cycles, `BigInt`, `undefined`).
    #[wasm_bindgen(js_name = fromObject)]
    pub fn from_object(
        #[wasm_bindgen(unchecked_param_type = "object")] data: &JsValue,
        lang: &str,
    ) -> Result<Network, JsValue> {
        let text = js_sys::JSON::stringify(data)?
            .as_string()
            .ok_or_else(|| js_sys::TypeError::new("expected a plain object"))?;
        Self::load_with(
            &text,
            Format::Json,
            "<object>",
            lang,
            Error::without_positions,
        )
    }

    /// Stable identifier of the network.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.inner.id.clone()
    }

    /// Human-readable name of the network.
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.inner.name.clone()
    }

    /// Counts of what the network holds, by kind, as a plain object.
    ///
    /// # Errors
    /// None in practice: plain data always converts.
    #[wasm_bindgen(unchecked_return_type = "Summary")]
    pub fn summary(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.summary())
    }

    /// The network as pretty JSON, the canonical format.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.inner.to_json_pretty()
    }

    /// Compiles the network into an engine that routes cases; `travel` is the JSON text of a
    /// `TravelEntry[]` travel matrix (`[{from, to, km?, minutes?}]`), or none; `communes` and
    /// `postal_codes` the CSV texts of a commune reference (see `parcours::reference`); `lang`
    /// (`en`, `fr`) the language of the errors.
    ///
    /// # Errors
    /// Throws an error payload with code `argument` for an unreadable travel matrix or an
    /// unknown language, a `LoadErrorPayload` when the network does not compile.
    pub fn compile(
        &self,
        travel: Option<String>,
        communes: Option<String>,
        postal_codes: Option<String>,
        lang: &str,
    ) -> Result<Engine, JsValue> {
        let lang = read_lang(lang)?;
        let mut options = parcours::CompileOptions::default();
        if let Some(text) = travel {
            let entries = read_json::<Vec<parcours::TravelEntry>>(&text, "argument")
                .map_err(|e| e.to_js("travel matrix"))?;
            options = options.travel(entries);
        }
        if let Some(reference) = commune_reference(communes, postal_codes, lang)? {
            options = options.communes(reference);
        }
        parcours::Engine::compile_with(&self.inner, &options)
            .map(|inner| Engine {
                inner,
                texts: std::cell::RefCell::default(),
            })
            .map_err(|e| load_error_in(&e, lang))
    }
}

/// A problem with one argument of the JS API, thrown as a `ParcoursError` with code
/// `argument` (`tests`); its detail has the keys of a diagnostic ([`Detail`]).
struct InputError {
    code: &'static str,
    message: String,
    pointer: String,
}

/// An [`InputError`] as an item of `details`: the keys of a `parcours::Diagnostic` (a code
/// outside the code table cannot be one), with no file, position, entity or help.
#[derive(Serialize)]
struct Detail<'a> {
    code: &'a str,
    severity: parcours::Severity,
    message: &'a str,
    file: Option<&'a str>,
    pointer: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    entities: [&'a str; 0],
    help: Option<&'a str>,
    counterexample: Option<Case>,
}

impl Serialize for InputError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Detail {
            code: self.code,
            severity: parcours::Severity::Error,
            message: &self.message,
            file: None,
            pointer: &self.pointer,
            line: None,
            column: None,
            entities: [],
            help: None,
            counterexample: None,
        }
        .serialize(s)
    }
}

/// What the compiled module throws for a bad case or argument (same shape as a load error).
#[derive(Serialize)]
struct InputErrorPayload<'a> {
    name: &'static str,
    message: String,
    code: &'static str,
    file: &'static str,
    details: &'a [InputError],
}

/// A case's or a question's error as a load error's payload (the same serialiser: module
/// size): `message` the whole text, `details[0]` the diagnostic `d` (code `C…`, `Q…`, message,
/// help and pointer already in the language asked for); `js/index.mjs` copies `help` and
/// `pointer` onto the error, as Python's exceptions have them.
fn coded_error(file: &'static str, text: String, d: &Problem) -> JsValue {
    let payload = LoadErrorPayload {
        name: "ParcoursError",
        message: text,
        code: d.code,
        file,
        details: std::slice::from_ref(d),
    };
    to_js(&payload).unwrap_or_else(|e| e)
}

/// A question's or an argument's error (`Q…`: an unknown id, a bad coverage parameter), its
/// texts in `lang`.
pub(crate) fn query_error(e: &parcours::query::QueryError, lang: parcours::Lang) -> JsValue {
    query_error_at(e, lang, String::new())
}

/// [`query_error`] about the argument at `pointer` (`/date`).
fn query_error_at(
    e: &parcours::query::QueryError,
    lang: parcours::Lang,
    pointer: String,
) -> JsValue {
    let d = e.diagnostic(pointer).localized(lang);
    let text = parcours::code_table::with_help(&d.message, d.help.as_deref(), lang);
    coded_error("query", text, &d)
}

/// A case's error (`C…`): `invalid case: …` in `lang`, the pointer of the value at fault.
pub(crate) fn case_error(e: &parcours::CaseError, lang: parcours::Lang) -> JsValue {
    let text = e.invalid_case_in(lang);
    let text = if e.pointer.is_empty() {
        text
    } else {
        format!("{text} ({})", e.pointer)
    };
    coded_error("case", text, &e.diagnostic().localized(lang))
}

/// A parameter `name` whose value cannot be taken (`Q004`), from the reader's English
/// `message`, in `lang`.
fn parameter_error(name: &str, message: &str, lang: parcours::Lang) -> JsValue {
    let e = parcours::query::QueryError::parameter(name, message);
    query_error_at(&e, lang, format!("/{name}"))
}

/// Reads one case, or an array of them, from JSON text; an error is a case error in `lang`.
fn read_cases<T: serde::de::DeserializeOwned>(
    text: &str,
    lang: parcours::Lang,
) -> Result<T, JsValue> {
    parcours::ffi::json::read(text)
        .map_err(|e| case_error(&parcours::CaseError::from_read(&e), lang))
}

impl InputError {
    fn to_js(&self, file: &'static str) -> JsValue {
        let message = if self.pointer.is_empty() {
            format!("invalid {file}: {}", self.message)
        } else {
            format!("invalid {file}: {} (at {})", self.message, self.pointer)
        };
        let payload = InputErrorPayload {
            name: "ParcoursError",
            message,
            code: self.code,
            file,
            details: std::slice::from_ref(self),
        };
        to_js(&payload).unwrap_or_else(|e| e)
    }
}

/// Reads one case (or other input) from JSON text, errors with `code` and the JSON pointer of
/// the value at fault (core `parcours::ffi::json::read`, the network loader's reader: the
/// visitors of the shared field types, strings, dates, lists, are compiled once), its structs
/// from JSON objects only, as the loader reads them (`parcours::load::Objects`).
fn read_json<T: serde::de::DeserializeOwned>(
    text: &str,
    code: &'static str,
) -> Result<T, InputError> {
    parcours::ffi::json::read::<T>(text).map_err(|e| InputError {
        code,
        message: e.message,
        pointer: e.pointer,
    })
}

/// `en` or `fr`; an `argument` error naming any other value and the accepted ones.
pub(crate) fn read_lang(lang: &str) -> Result<parcours::Lang, JsValue> {
    lang.parse().map_err(|e: parcours::UnknownLang| {
        InputError {
            code: "argument",
            message: e.to_string(),
            pointer: "/lang".into(),
        }
        .to_js("argument")
    })
}

fn json<T: Serialize + ?Sized>(data: &T) -> String {
    // Plain data with string keys always serialises.
    serde_json::to_string(data).unwrap_or_default()
}

/// A compiled network that routes cases. Immutable.
#[wasm_bindgen]
pub struct Engine {
    inner: parcours::Engine,
    /// The codes of the decisions' texts in `routeColumns` results, kept across calls.
    texts: std::cell::RefCell<parcours::results::ResultTexts>,
}

#[wasm_bindgen]
impl Engine {
    /// Routes one case, given as JSON text of the core's `Case`; returns the JSON text of the
    /// `Decision`, or of the `Explanation` when `explain` is set. `lang`
    /// (`en`, `fr`) is the language of the explanation and of an invalid case's message.
    /// `js/index.mjs` routes a plain case without JSON (`routeFields`, `single.rs`) and comes
    /// here for explanations, other values, and the error of a case that does not read.
    ///
    /// # Errors
    /// Throws an error payload with a case code (`C001`…, texts in `lang`) when the text is not
    /// a valid case, `argument` for an unknown language.
    #[wasm_bindgen(js_name = routeJson)]
    pub fn route_json(&self, case: &str, explain: bool, lang: &str) -> Result<String, JsValue> {
        let lang = read_lang(lang)?;
        let case: Case = read_cases(case, lang)?;
        Ok(if explain {
            json(&self.inner.route_explained_in(&case, lang))
        } else {
            json(&self.inner.route_in(&case, lang))
        })
    }

    /// What-if (core `parcours::analysis::diff`): routes a JSON array of cases on this engine
    /// (before) and on `after`, and returns the JSON text of the report (`total`, `changed`,
    /// `groups`).
    ///
    /// # Errors
    /// Throws an error payload with a case code (`C001`…) when the text is not an array of
    /// cases; its pointer names the first case that cannot be read.
    #[wasm_bindgen(js_name = diffJson)]
    pub fn diff_json(&self, after: &Engine, cases: &str) -> Result<String, JsValue> {
        // The pointer names the case (`/3/date`): the path starts at the array.
        let cases: Vec<Case> = read_cases(cases, parcours::Lang::En)?;
        Ok(json(&parcours::analysis::diff(
            &self.inner,
            &after.inner,
            &cases,
        )))
    }

    /// Who provides the shared service `kind` to `site` at `date` (`YYYY-MM-DD`), as JSON text
    /// of a `ServiceProvision[]`; empty when the site is unknown or nothing is in force.
    ///
    /// # Errors
    /// Throws an error payload with code `Q004` for an unknown kind or a bad date (texts in
    /// `lang`), `argument` for an unknown language.
    #[wasm_bindgen(js_name = sharedServiceJson)]
    pub fn shared_service_json(
        &self,
        kind: &str,
        site: &str,
        date: &str,
        include_planned: bool,
        lang: &str,
    ) -> Result<String, JsValue> {
        let lang = read_lang(lang)?;
        let kind = ServiceKind::deserialize(serde::de::value::StrDeserializer::<
            serde::de::value::Error,
        >::new(kind))
        .map_err(|e| parameter_error("kind", &e.to_string(), lang))?;
        let date: Date = date
            .parse()
            .map_err(|e: parcours::DateError| parameter_error("date", &e.to_string(), lang))?;
        Ok(json(&self.inner.shared_service(
            kind,
            site,
            date,
            include_planned,
        )))
    }

    /// Coverage (core `Engine::coverage`) of origins given as columns, for the query given as
    /// arguments; returns the JSON text of the `CoverageReport`. Origin `i` is the point
    /// (`lat[i]`, `lon[i]`) where `point[i]` is 1; where it is 2, 3 or 4, the commune, postal
    /// code or FINESS number `places[i]`; else the site or location `places[i]`.
    /// `population[i]` is NaN when absent. Unknown origins and bad coordinates (NaN included)
    /// are rows with outcome `invalid`. `js/index.mjs` checks the shape of the objects.
    ///
    /// Columns rather than JSON: reading `CoverageOrigin`s and the query with serde would add
    /// their own deserialisers to the module, about 5 KB gzipped that the 300 KB budget of the
    /// module (test.sh) has no room for.
    ///
    /// # Errors
    /// Throws an error payload with code `argument` for a bad date or columns of unequal length.
    #[wasm_bindgen(js_name = coverageColumns)]
    #[allow(
        clippy::too_many_arguments,
        clippy::needless_pass_by_value,
        reason = "one argument per field of the query; wasm-bindgen passes them by value"
    )]
    pub fn coverage_columns(
        &self,
        ids: Vec<String>,
        places: Vec<String>,
        point: &[u8],
        lat: &[f64],
        lon: &[f64],
        population: &[f64],
        filiere: String,
        level: Option<String>,
        date: &str,
        threshold: Option<f64>,
        bands: Option<Vec<f64>>,
        include_planned: bool,
        lang: &str,
    ) -> Result<String, JsValue> {
        let lang = read_lang(lang)?;
        let bad = |pointer: &str, message: String| {
            InputError {
                code: "argument",
                message,
                pointer: pointer.to_owned(),
            }
            .to_js("query")
        };
        let n = ids.len();
        if [
            places.len(),
            point.len(),
            lat.len(),
            lon.len(),
            population.len(),
        ]
        .iter()
        .any(|&len| len != n)
        {
            return Err(bad("", "origin columns of unequal length".to_owned()));
        }
        let date: Date = date
            .parse()
            .map_err(|e: parcours::DateError| parameter_error("date", &e.to_string(), lang))?;
        let origins: Vec<CoverageOrigin> = ids
            .into_iter()
            .zip(places)
            .enumerate()
            .map(|(i, (id, place))| CoverageOrigin {
                id,
                name: None,
                origin: match point.get(i) {
                    Some(1) => Origin::Point {
                        lat: lat.get(i).copied().unwrap_or(f64::NAN),
                        lon: lon.get(i).copied().unwrap_or(f64::NAN),
                    },
                    Some(2) => Origin::Commune { commune: place },
                    Some(3) => Origin::PostalCode { postal_code: place },
                    Some(4) => Origin::Finess { finess: place },
                    _ => Origin::Id(place),
                },
                population: population.get(i).copied().filter(|p| !p.is_nan()),
            })
            .collect();
        // The core's defaults (threshold, bands) stand unless the caller gave values.
        let mut query = CoverageQuery::new(filiere, date);
        query.level = level;
        if let Some(t) = threshold {
            query.threshold = t;
        }
        if let Some(b) = bands {
            query.bands = b;
        }
        query.include_planned = include_planned;
        let report = self
            .inner
            .coverage(&origins, &query)
            .map_err(|e| query_error(&e, lang))?;
        Ok(json(&report))
    }

    /// The rule-set checks (`parcours::check`) of `network`, which must be the network the engine
    /// was compiled from, as JSON text of a `Report`, messages and help in `lang` (`en`, `fr`).
    ///
    /// # Errors
    /// Throws an error payload with code `argument` for an unknown language.
    #[wasm_bindgen(js_name = checkJson)]
    pub fn check_json(&self, network: &Network, lang: &str) -> Result<String, JsValue> {
        let lang = read_lang(lang)?;
        Ok(json(&self.inner.check(&network.inner).localized(lang)))
    }

    /// Id of the network the engine was compiled from.
    #[wasm_bindgen(getter, js_name = networkId)]
    pub fn network_id(&self) -> String {
        self.inner.network_id().to_owned()
    }

    /// Number of sites.
    #[wasm_bindgen(getter, js_name = siteCount)]
    pub fn site_count(&self) -> usize {
        self.inner.site_count()
    }
}

/// Aborts the instance with a Rust panic (a WebAssembly trap under `panic = "abort"`): lets the
/// tests prove that the JS wrapper recovers. Not part of the API.
///
/// # Panics
/// When `really` is set: that is its purpose.
#[wasm_bindgen(js_name = __parcoursTrap)]
pub fn trap(really: bool) -> u32 {
    assert!(!really, "deliberate trap for the tests");
    0
}

/// Every stable code (`L…` load problems, `P…` check diagnostics) as the JSON text of a
/// `CodeEntry[]`: the core's table.
#[wasm_bindgen(js_name = codesJson)]
pub fn codes_json() -> String {
    json(&parcours::codes())
}

/// Version of the parcours library.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
