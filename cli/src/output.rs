//! Writing results: CSV, JSON and readable tables.

use std::fmt::Write as _;
use std::path::Path;

use parcours::analysis::{CoverageOrigin, CoverageQuery, CoverageReport, DiffReport};
use parcours::messages::CliMsg;
use parcours::{Engine, Lang, Outcome};
use serde::Serialize;
use serde_json::Value;

use crate::error::{io_reason, said};
use crate::input::{CaseRecord, InputError};

/// Writes `text` to the file, or to standard output.
pub fn write(path: Option<&Path>, text: &str) -> Result<(), InputError> {
    match path {
        Some(p) => write_file(p, text),
        None => stdout(text),
    }
}

/// Writes `text` to the file `path`, or an error naming it and saying why.
pub fn write_file(path: &Path, text: &str) -> Result<(), InputError> {
    std::fs::write(path, text).map_err(|e| {
        said!(
            OutCannotWrite,
            path.display().to_string(),
            io_reason(&e, true)
        )
        .into()
    })
}

/// Writes `text` to standard output.
pub fn stdout(text: &str) -> Result<(), InputError> {
    use std::io::Write;
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(|e| said!(OutCannotWriteStdout, io_reason(&e, true)).into())
}

/// Pretty JSON with a final newline.
pub fn json<T: Serialize>(value: &T) -> Result<String, InputError> {
    serde_json::to_string_pretty(value)
        .map(|s| s + "\n")
        // serde_json's own text: a value JSON cannot hold.
        .map_err(|e| said!(OutJson, e.to_string()).into())
}

/// A CSV writer into memory, for [`csv_text`].
pub fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::Writer::from_writer(Vec::new())
}

/// A CSV error while writing (the csv writer's own text).
pub fn csv_error(e: impl std::fmt::Display) -> InputError {
    said!(OutCsv, e.to_string()).into()
}

/// The text a [`csv_writer`] wrote.
pub fn csv_text(w: csv::Writer<Vec<u8>>) -> Result<String, InputError> {
    let bytes = w.into_inner().map_err(csv_error)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// One routed record: where it was, its id, its decision (or why it could not be read), and
/// with `--explain` the explanation (as JSON, and as text).
pub struct Routed<'e> {
    at: String,
    id: Option<String>,
    result: Result<parcours::Decision<'e>, String>,
    explanation: Option<(Value, String)>,
}

/// Routes one record.
pub fn route_record<'e>(
    engine: &'e Engine,
    r: &CaseRecord,
    explain: bool,
    lang: parcours::Lang,
) -> Routed<'e> {
    let (result, explanation) = match &r.case {
        Ok(case) if explain => {
            let e = engine.route_explained_in(case, lang);
            let text = e.text(lang);
            let json = serde_json::to_value(&e).unwrap_or_default();
            (Ok(e.decision), Some((json, text)))
        }
        Ok(case) => (Ok(engine.route_in(case, lang)), None),
        Err(message) => (Err(message.clone()), None),
    };
    Routed {
        at: r.at.clone(),
        id: r.id.clone(),
        result,
        explanation,
    }
}

/// A routed record as JSON: where it was, its id, the decision's fields (or `outcome`
/// `invalid` and its `error`), and with `--explain` the explanation.
pub fn route_json(r: &Routed<'_>) -> Value {
    let mut row = serde_json::Map::new();
    row.insert("at".into(), Value::String(r.at.clone()));
    if let Some(id) = &r.id {
        row.insert("id".into(), Value::String(id.clone()));
    }
    match &r.result {
        Ok(decision) => {
            if let Ok(Value::Object(d)) = serde_json::to_value(decision) {
                row.extend(d);
            }
            if let Some((Value::Object(e), text)) = &r.explanation {
                let mut e = e.clone();
                e.remove("decision");
                row.insert("explanation".into(), Value::Object(e));
                row.insert("explanation_text".into(), Value::String(text.clone()));
            }
        }
        Err(message) => {
            row.insert("outcome".into(), Value::String("invalid".into()));
            row.insert("error".into(), Value::String(message.clone()));
        }
    }
    Value::Object(row)
}

/// The routed records as CSV: the core's result columns
/// ([`parcours::results::RESULT_COLUMNS`], the same as Python's `route_batch` and JS
/// `routeColumns`), each cell read by the core from the decision; numbers with one decimal.
/// With `explain`, a last column holds the readable explanation.
pub fn route_csv(rows: &[Routed<'_>], explain: bool) -> Result<String, InputError> {
    use parcours::results::{ColumnKind, RESULT_COLUMNS, ResultRow};
    let mut w = csv_writer();
    let mut header: Vec<&str> = RESULT_COLUMNS.iter().map(|c| c.name).collect();
    if explain {
        header.push("explanation");
    }
    w.write_record(&header).map_err(csv_error)?;
    for r in rows {
        let row = ResultRow {
            id: r.id.as_deref(),
            result: r.result.as_ref().map_err(String::as_str),
        };
        let mut record: Vec<String> = RESULT_COLUMNS
            .iter()
            .map(|c| match c.kind {
                ColumnKind::Number => c.number(row).map(|x| format!("{x:.1}")).unwrap_or_default(),
                _ => c.text(row).unwrap_or_default().to_owned(),
            })
            .collect();
        if explain {
            record.push(
                r.explanation
                    .as_ref()
                    .map(|(_, t)| t.clone())
                    .unwrap_or_default(),
            );
        }
        w.write_record(&record).map_err(csv_error)?;
    }
    csv_text(w)
}

fn km(x: Option<f64>) -> String {
    x.map_or_else(|| "-".into(), |x| format!("{x:.1}"))
}

/// A readable coverage table: one line per origin, then the totals; words in `lang` (steps
/// and reasons as their codes in English, in words in French).
pub fn coverage_table(
    origins: &[CoverageOrigin],
    report: &CoverageReport<'_>,
    query: &CoverageQuery,
    lang: Lang,
) -> String {
    let unit = if report.rows.iter().any(|r| r.minutes.is_some()) {
        "min"
    } else {
        "km"
    };
    let word = |m: CliMsg| m.template(lang);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        CliMsg::CoverageTitle.fill(
            lang,
            &[
                &query.filiere,
                query.level.as_deref().unwrap_or(word(CliMsg::Lowest)),
                &query.date.to_string(),
                &query.threshold.to_string(),
                unit
            ]
        )
    );
    let _ = writeln!(
        out,
        "{:<8} {:<28} {:>10} {:<28} {:<28} {:<17} {:>7}  {}",
        word(CliMsg::ColId),
        word(CliMsg::ColName),
        word(CliMsg::ColPopulation),
        word(CliMsg::ColEntry),
        word(CliMsg::ColTarget),
        word(CliMsg::ColStep),
        unit,
        word(CliMsg::ColBeyond)
    );
    for (o, r) in origins.iter().zip(&report.rows) {
        let name: String = o.name.as_deref().unwrap_or("").chars().take(28).collect();
        let target = match r.outcome {
            Outcome::Routed => r.target.unwrap_or("?").to_owned(),
            Outcome::NoRoute => word(CliMsg::OutcomeNoRoute).to_owned(),
            Outcome::Invalid => word(CliMsg::OutcomeInvalid).to_owned(),
        };
        let step = match (r.step, r.reason, lang) {
            (Some(step), _, Lang::En) => step_word(step),
            (Some(step), _, _) => parcours::route::step_label_in(step, lang).to_owned(),
            (None, Some(reason), Lang::En) => reason_word(reason),
            (None, Some(reason), _) => reason.describe_in(lang).to_owned(),
            (None, None, _) => String::new(),
        };
        let _ = writeln!(
            out,
            "{:<8} {:<28} {:>10.0} {:<28} {:<28} {:<17} {:>7}  {}",
            r.origin,
            name,
            r.population,
            r.entry.unwrap_or("-"),
            target,
            step,
            km(r.minutes.or(r.distance_km)),
            if r.beyond_threshold {
                word(CliMsg::Yes)
            } else {
                ""
            }
        );
    }
    out + &coverage_totals(report, query, unit, lang)
}

/// The totals under a coverage table: origins and population, the shares within each band,
/// the population beyond the threshold and without a route; in `lang`.
fn coverage_totals(
    report: &CoverageReport<'_>,
    query: &CoverageQuery,
    unit: &str,
    lang: Lang,
) -> String {
    let mut out = String::new();
    let share = |x: f64| {
        if report.population > 0.0 {
            100.0 * x / report.population
        } else {
            0.0
        }
    };
    let _ = writeln!(
        out,
        "\n{}",
        CliMsg::CoverageOrigins.fill(
            lang,
            &[
                &report.rows.len().to_string(),
                &format!("{:.0}", report.population)
            ]
        )
    );
    for b in &report.bands {
        let _ = writeln!(
            out,
            "{}",
            CliMsg::CoverageWithin.fill(
                lang,
                &[
                    &format!("{:>5}", b.within),
                    unit,
                    &format!("{:>10.0}", b.population),
                    &format!("{:5.1}", 100.0 * b.share)
                ]
            )
        );
    }
    let _ = writeln!(
        out,
        "{}",
        CliMsg::CoverageBeyond.fill(
            lang,
            &[
                &query.threshold.to_string(),
                unit,
                &format!("{:.0}", report.beyond_threshold),
                &format!("{:.1}", share(report.beyond_threshold)),
                &format!("{:.0}", report.no_route),
                &format!("{:.1}", share(report.no_route))
            ]
        )
    );
    out
}

/// The snake_case name of a step, as JSON has it.
fn step_word(step: parcours::Step) -> String {
    serde_json::to_value(step)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The snake_case name of a reason code, as JSON has it.
fn reason_word(reason: parcours::ReasonCode) -> String {
    serde_json::to_value(reason)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Coverage rows as CSV.
pub fn coverage_csv(
    origins: &[CoverageOrigin],
    report: &CoverageReport<'_>,
) -> Result<String, InputError> {
    let mut w = csv_writer();
    w.write_record([
        "id",
        "name",
        "population",
        "outcome",
        "entry",
        "target",
        "target_name",
        "step",
        "reason",
        "distance_km",
        "minutes",
        "beyond_threshold",
    ])
    .map_err(csv_error)?;
    let opt = |x: Option<f64>| x.map_or_else(String::new, |x| format!("{x:.1}"));
    for (o, r) in origins.iter().zip(&report.rows) {
        w.write_record([
            r.origin.as_str(),
            o.name.as_deref().unwrap_or(""),
            &format!("{}", r.population),
            match r.outcome {
                Outcome::Routed => "routed",
                Outcome::NoRoute => "no_route",
                Outcome::Invalid => "invalid",
            },
            r.entry.unwrap_or(""),
            r.target.unwrap_or(""),
            r.target_name.unwrap_or(""),
            &r.step.map(step_word).unwrap_or_default(),
            &r.reason.map(reason_word).unwrap_or_default(),
            &opt(r.distance_km),
            &opt(r.minutes),
            if r.beyond_threshold { "true" } else { "false" },
        ])
        .map_err(csv_error)?;
    }
    csv_text(w)
}

/// A readable what-if table: the groups of changed cases, words in `lang`.
pub fn diff_table(report: &DiffReport<'_>, lang: Lang) -> String {
    let word = |m: CliMsg| m.template(lang);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        CliMsg::DiffTitle.fill(
            lang,
            &[&report.changed.len().to_string(), &report.total.to_string()]
        )
    );
    if report.groups.is_empty() {
        return out;
    }
    let _ = writeln!(
        out,
        "{:<32} {:<32} {:>6} {:>12}",
        word(CliMsg::ColBefore),
        word(CliMsg::ColAfter),
        word(CliMsg::ColCases),
        word(CliMsg::ColMeanDelta)
    );
    let none = word(CliMsg::OutcomeNoRoute);
    for g in &report.groups {
        let _ = writeln!(
            out,
            "{:<32} {:<32} {:>6} {:>12}",
            g.from.as_deref().unwrap_or(none),
            g.to.as_deref().unwrap_or(none),
            g.count,
            g.mean_delta_km
                .map_or_else(|| "-".into(), |d| format!("{d:+.1}"))
        );
    }
    out
}

/// The what-if groups as CSV.
pub fn diff_csv(report: &DiffReport<'_>) -> Result<String, InputError> {
    let mut w = csv_writer();
    w.write_record(["from", "to", "count", "mean_delta_km"])
        .map_err(csv_error)?;
    for g in &report.groups {
        w.write_record([
            g.from.as_deref().unwrap_or(""),
            g.to.as_deref().unwrap_or(""),
            &g.count.to_string(),
            &g.mean_delta_km
                .map_or_else(String::new, |d| format!("{d:.1}")),
        ])
        .map_err(csv_error)?;
    }
    csv_text(w)
}
