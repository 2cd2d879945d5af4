//! The JSON Schema of the network format, generated from the Rust types.
//!
//! The committed copies live in `core/schema/` (`network.schema.json`, `case.schema.json`,
//! `decision.schema.json`, `check-report.schema.json`, `diagnostic.schema.json`,
//! `tests.schema.json`); a test fails when one is stale (regenerate with `PARCOURS_BLESS=1 cargo test -p parcours --test schema`).

use crate::network::Network;

/// The JSON Schema (draft 2020-12) of a network file, as a JSON value.
///
/// ```
/// let schema = parcours::schema::network_schema();
/// assert_eq!(schema["title"], "Network");
/// ```
pub fn network_schema() -> serde_json::Value {
    let schema = schemars::schema_for!(Network);
    schema.to_value()
}

/// The JSON Schema of a network file, pretty-printed with a final newline.
pub fn network_schema_pretty() -> String {
    let mut s = serde_json::to_string_pretty(&network_schema()).unwrap_or_default();
    s.push('\n');
    s
}

/// The JSON Schema of a case to route ([`crate::Case`]).
pub fn case_schema() -> serde_json::Value {
    schemars::schema_for!(crate::route::Case).to_value()
}

/// The JSON Schema of a case, pretty-printed with a final newline.
pub fn case_schema_pretty() -> String {
    let mut s = serde_json::to_string_pretty(&case_schema()).unwrap_or_default();
    s.push('\n');
    s
}

/// The JSON Schema of a test file ([`crate::expect::TestFile`]): cases with expected decisions
/// and questions at a date with expected answers.
pub fn tests_schema() -> serde_json::Value {
    schemars::schema_for!(crate::expect::TestFile).to_value()
}

/// The JSON Schema of a test file, pretty-printed with a final newline.
pub fn tests_schema_pretty() -> String {
    let mut s = serde_json::to_string_pretty(&tests_schema()).unwrap_or_default();
    s.push('\n');
    s
}

/// The JSON Schema of an explained decision ([`crate::Explanation`]: the decision, its trace,
/// alternatives, escalation path and dead ends), as the engine serialises it. The TypeScript
/// declarations and the Python `TypedDict`s of decisions are checked against it.
pub fn decision_schema() -> serde_json::Value {
    output_schema::<crate::route::Explanation<'static>>()
}

/// The JSON Schema of an explained decision, pretty-printed with a final newline.
pub fn decision_schema_pretty() -> String {
    let mut s = serde_json::to_string_pretty(&decision_schema()).unwrap_or_default();
    s.push('\n');
    s
}

/// The JSON Schema of a check report ([`crate::Report`] and its diagnostics). The TypeScript
/// declarations and the Python `TypedDict`s of reports are checked against it.
pub fn check_report_schema() -> serde_json::Value {
    output_schema::<crate::check::Report>()
}

/// The JSON Schema of a check report, pretty-printed with a final newline.
pub fn check_report_schema_pretty() -> String {
    let mut s = serde_json::to_string_pretty(&check_report_schema()).unwrap_or_default();
    s.push('\n');
    s
}

/// The JSON Schema of one diagnostic ([`crate::Diagnostic`]): a load problem (an item of
/// Python's `NetworkError.errors()` and of JS `ParcoursError.details`) or a diagnostic of a
/// check report, which share one shape. The TypeScript declaration and the Python `TypedDict`
/// are checked against it.
pub fn diagnostic_schema() -> serde_json::Value {
    output_schema::<crate::Diagnostic>()
}

/// The JSON Schema of one diagnostic, pretty-printed with a final newline.
pub fn diagnostic_schema_pretty() -> String {
    let mut s = serde_json::to_string_pretty(&diagnostic_schema()).unwrap_or_default();
    s.push('\n');
    s
}

/// The schema of what the engine writes (serialisation contract: a field skipped when empty is
/// optional), where the input schemas above describe what it reads.
fn output_schema<T: schemars::JsonSchema>() -> serde_json::Value {
    schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value()
}
