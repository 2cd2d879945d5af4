//! The Rust half of `Engine.coverage`, `parcours.diff` and `Network.apply_changes`.
//!
//! As for `route_batch` (`batch.rs`), `parcours/analysis.py` turns frames into plain buffers
//! (text dictionary-encoded, numbers as `float64` with `NaN` for null). Here they become the
//! core's inputs (`CoverageOrigin`s, `Case`s), the core's `Engine::coverage` and
//! `analysis::diff` run with the GIL released, and their reports come back field by field:
//! dictionary codes and buffers for the per-origin rows, lists for the rest. Every target,
//! distance, flag, band and group is the core's; nothing is computed here.

use parcours::analysis::{
    Change, CoverageOrigin, CoverageQuery, CoverageReport, CoverageRow, DiffReport, apply_changes,
    diff,
};
use parcours::ffi::DictColumn;
use parcours::{Case, Engine, Error, Origin};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyTuple};

use crate::batch::{Columns, TextCol, blank_case, bytes_of, codes_bytes, f64s, i32s};
use crate::engine::{PyEngine, case_error, parse_date, to_value};
use crate::{PyNetwork, guard};

/// The origin columns `analysis.py` prepared: `origin` (site or location id, dictionary
/// encoded) or `commune` (INSEE codes, needs the engine's commune reference), `lat`, `lon` and
/// `population` (`float64`, `NaN` for null).
fn origins_of(py: Python<'_>, cols: &Bound<'_, PyDict>, n: usize) -> PyResult<Vec<CoverageOrigin>> {
    let mut ids: Option<TextCol> = None;
    let mut communes: Option<TextCol> = None;
    let (mut lat, mut lon, mut population) = (None, None, None);
    for (name, spec) in cols.iter() {
        let name: String = name.extract()?;
        let spec = spec.cast::<PyTuple>()?;
        let len = match name.as_str() {
            "origin" | "commune" => {
                let t = TextCol {
                    codes: bytes_of(spec, 0, i32s)?,
                    values: spec.get_item(1)?.extract()?,
                };
                let len = t.codes.len();
                if name == "origin" {
                    ids = Some(t);
                } else {
                    communes = Some(t);
                }
                len
            }
            "lat" | "lon" | "population" => {
                let v = bytes_of(spec, 0, f64s)?;
                let len = v.len();
                match name.as_str() {
                    "lat" => lat = Some(v),
                    "lon" => lon = Some(v),
                    _ => population = Some(v),
                }
                len
            }
            other => {
                return Err(case_error(
                    py,
                    &format!("unknown prepared column `{other}`"),
                ));
            }
        };
        if len != n {
            return Err(case_error(
                py,
                &format!("column `{name}` has {len} rows, not {n}"),
            ));
        }
    }
    let number = |v: &Option<Vec<f64>>, i: usize| v.as_ref().and_then(|v| v.get(i)).copied();
    Ok((0..n)
        .map(|i| CoverageOrigin {
            // The rows come back in input order and the frame keeps its own `id` column.
            id: String::new(),
            name: None,
            // A row with an `origin` uses it, others their coordinates; a row with neither
            // gets NaN coordinates, which the core reports as an invalid origin.
            origin: match (
                ids.as_ref().and_then(|c| c.get(i)),
                communes.as_ref().and_then(|c| c.get(i)),
            ) {
                (Some(id), _) => Origin::Id(id.to_owned()),
                (None, Some(code)) => Origin::Commune {
                    commune: code.to_owned(),
                },
                (None, None) => Origin::Point {
                    lat: number(&lat, i).unwrap_or(f64::NAN),
                    lon: number(&lon, i).unwrap_or(f64::NAN),
                },
            },
            population: number(&population, i).filter(|p| !p.is_nan()),
        })
        .collect())
}

/// The rows of a coverage report as columns: one per `CoverageRow` field (`origin`, the id,
/// is the frame's own `id` column).
#[derive(Default)]
struct CoverageColumns {
    target: DictColumn,
    target_name: DictColumn,
    entry: DictColumn,
    outcome: DictColumn,
    step: DictColumn,
    reason: DictColumn,
    distance_km: Vec<f64>,
    minutes: Vec<f64>,
    beyond_threshold: Vec<u8>,
    population: Vec<f64>,
}

impl CoverageColumns {
    fn of(rows: &[CoverageRow<'_>]) -> Self {
        let mut out = Self::default();
        for row in rows {
            out.target.push(row.target);
            out.target_name.push(row.target_name);
            out.entry.push(row.entry);
            out.outcome.push(Some(row.outcome.as_str()));
            out.step.push(row.step.map(parcours::Step::as_str));
            out.reason
                .push(row.reason.map(parcours::ReasonCode::as_str));
            out.distance_km.push(row.distance_km.unwrap_or(f64::NAN));
            out.minutes.push(row.minutes.unwrap_or(f64::NAN));
            out.beyond_threshold.push(u8::from(row.beyond_threshold));
            out.population.push(row.population);
        }
        out
    }
}

/// `(codes, values)`, the layout `analysis.py` turns into categorical / dictionary columns.
fn dict_col<'py>(
    py: Python<'py>,
    codes: &[i32],
    values: &[String],
) -> PyResult<Bound<'py, PyTuple>> {
    (
        PyBytes::new(py, &codes_bytes(codes)),
        PyList::new(py, values)?,
    )
        .into_pyobject(py)
}

fn f64_bytes<'py>(py: Python<'py>, values: &[f64]) -> Bound<'py, PyBytes> {
    let bytes: Vec<u8> = values.iter().flat_map(|x| x.to_ne_bytes()).collect();
    PyBytes::new(py, &bytes)
}

fn coverage_result<'py>(
    py: Python<'py>,
    report: &CoverageReport<'_>,
    query: &CoverageQuery,
) -> PyResult<Bound<'py, PyDict>> {
    let cols = CoverageColumns::of(&report.rows);
    let d = PyDict::new(py);
    for (name, col) in [
        ("target", &cols.target),
        ("target_name", &cols.target_name),
        ("entry", &cols.entry),
    ] {
        d.set_item(name, dict_col(py, col.codes(), col.values())?)?;
    }
    d.set_item("distance_km", f64_bytes(py, &cols.distance_km))?;
    d.set_item("minutes", f64_bytes(py, &cols.minutes))?;
    d.set_item("beyond_threshold", PyBytes::new(py, &cols.beyond_threshold))?;
    d.set_item("population_used", f64_bytes(py, &cols.population))?;
    d.set_item(
        "outcome",
        dict_col(py, cols.outcome.codes(), cols.outcome.values())?,
    )?;
    d.set_item("step", dict_col(py, cols.step.codes(), cols.step.values())?)?;
    d.set_item(
        "reason",
        dict_col(py, cols.reason.codes(), cols.reason.values())?,
    )?;
    let bands = PyList::empty(py);
    for b in &report.bands {
        bands.append((b.within, b.population, b.share))?;
    }
    d.set_item("bands", bands)?;
    d.set_item("population", report.population)?;
    d.set_item("beyond_threshold_population", report.beyond_threshold)?;
    d.set_item("no_route", report.no_route)?;
    d.set_item("query", crate::to_python(py, query)?)?;
    Ok(d)
}

/// Coverage of prepared origin columns; see the module docs.
#[pyfunction]
#[pyo3(
    name = "_coverage_columns",
    signature = (engine, n, columns, *, filiere, date, level = None, threshold = None, bands = None, include_planned = false, lang = "en")
)]
#[allow(
    clippy::too_many_arguments,
    reason = "one argument per keyword of the Python call"
)]
pub(crate) fn coverage_columns<'py>(
    py: Python<'py>,
    engine: &Bound<'py, PyEngine>,
    n: usize,
    columns: &Bound<'py, PyDict>,
    filiere: String,
    date: &Bound<'py, PyAny>,
    level: Option<String>,
    threshold: Option<f64>,
    bands: Option<Vec<f64>>,
    include_planned: bool,
    lang: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let lang = crate::parse_lang(lang)?;
    let origins = origins_of(py, columns, n)?;
    // The core's defaults (threshold, bands) stand unless the caller gave values.
    let mut query = CoverageQuery::new(filiere, parse_date(py, date, lang)?);
    query.level = level;
    if let Some(t) = threshold {
        query.threshold = t;
    }
    if let Some(b) = bands {
        query.bands = b;
    }
    query.include_planned = include_planned;
    let core: &Engine = &engine.get().engine;
    guard(|| {
        let report = py
            .detach(|| core.coverage(&origins, &query))
            .map_err(|e| crate::queries::query_error(py, &e, lang))?;
        coverage_result(py, &report, &query)
    })
}

fn diff_result<'py>(
    py: Python<'py>,
    before: &Bound<'py, PyEngine>,
    after: &Bound<'py, PyEngine>,
    cases: &[Case],
) -> PyResult<Bound<'py, PyDict>> {
    let (a, b): (&Engine, &Engine) = (&before.get().engine, &after.get().engine);
    guard(|| {
        let report: DiffReport<'_> = py.detach(|| diff(a, b, cases));
        let d = PyDict::new(py);
        d.set_item("total", report.total)?;
        let changed = PyDict::new(py);
        let c = &report.changed;
        changed.set_item("index", c.iter().map(|x| x.index).collect::<Vec<_>>())?;
        // Each case's id as it was given: a str or an int.
        let ids = PyList::empty(py);
        for x in c {
            match x.id {
                None => ids.append(py.None())?,
                Some(parcours::CaseId::Number(n)) => ids.append(n)?,
                Some(parcours::CaseId::Text(t)) => ids.append(&**t)?,
            }
        }
        changed.set_item("id", ids)?;
        changed.set_item("from", c.iter().map(|x| x.from).collect::<Vec<_>>())?;
        changed.set_item("to", c.iter().map(|x| x.to).collect::<Vec<_>>())?;
        changed.set_item("from_km", c.iter().map(|x| x.from_km).collect::<Vec<_>>())?;
        changed.set_item("to_km", c.iter().map(|x| x.to_km).collect::<Vec<_>>())?;
        d.set_item("changed", changed)?;
        let groups = PyDict::new(py);
        let g = &report.groups;
        groups.set_item(
            "from",
            g.iter().map(|x| x.from.as_deref()).collect::<Vec<_>>(),
        )?;
        groups.set_item("to", g.iter().map(|x| x.to.as_deref()).collect::<Vec<_>>())?;
        groups.set_item("count", g.iter().map(|x| x.count).collect::<Vec<_>>())?;
        groups.set_item(
            "mean_delta_km",
            g.iter().map(|x| x.mean_delta_km).collect::<Vec<_>>(),
        )?;
        d.set_item("groups", groups)?;
        Ok(d)
    })
}

/// `diff` over the rows of a frame prepared as for `route_batch`. A row that cannot be read
/// as a case (missing filière, bad date...) cannot be compared: `CaseError` naming it.
#[pyfunction]
#[pyo3(name = "_diff_columns", signature = (before, after, n, columns, date = None))]
pub(crate) fn diff_columns<'py>(
    py: Python<'py>,
    before: &Bound<'py, PyEngine>,
    after: &Bound<'py, PyEngine>,
    n: usize,
    columns: &Bound<'py, PyDict>,
    date: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let mut cols = Columns::from_dict(py, columns, n)?;
    if let Some(d) = date.filter(|d| !d.is_none()) {
        cols.set_default_date(parse_date(py, d, parcours::Lang::En)?);
    }
    let mut cases = Vec::with_capacity(n);
    let mut first_bad: Option<(usize, parcours::CaseError)> = None;
    let mut bad = 0usize;
    for i in 0..n {
        let mut case = blank_case();
        match cols.fill(i, &mut case) {
            Ok(()) => cases.push(case),
            Err(e) => {
                bad += 1;
                first_bad.get_or_insert((i, e));
            }
        }
    }
    if let Some((i, e)) = first_bad {
        let e = e.in_first_row_of(i, bad);
        return Err(crate::engine::case_error_in(py, &e, parcours::Lang::En));
    }
    diff_result(py, before, after, &cases)
}

/// `diff` over a sequence of case dicts.
#[pyfunction]
#[pyo3(name = "_diff_cases")]
pub(crate) fn diff_cases<'py>(
    py: Python<'py>,
    before: &Bound<'py, PyEngine>,
    after: &Bound<'py, PyEngine>,
    cases: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyDict>> {
    let mut parsed = Vec::new();
    for (i, item) in cases.try_iter()?.enumerate() {
        let item = item?;
        let dict = item.cast::<PyDict>().map_err(|_| {
            case_error(
                py,
                &format!(
                    "invalid case {i}: expected a dict, not {}",
                    item.get_type()
                        .name()
                        .map_or_else(|_| "?".to_owned(), |n| n.to_string())
                ),
            )
        })?;
        let value = to_value(dict.as_any())?;
        let case = serde_json::from_value::<Case>(value).map_err(|e| {
            crate::engine::case_error_in(
                py,
                &parcours::CaseError::from_message(&e.to_string()).in_row(i),
                parcours::Lang::En,
            )
        })?;
        parsed.push(case);
    }
    diff_result(py, before, after, &parsed)
}

/// A list of change dicts as core `Change`s, read by the core's reader
/// (`parcours::analysis::read_changes`, the one of the CLI and JS); a malformed change as a load
/// error of `<changes>` (code `L002`, pointer into the list: `/0/grouping`).
pub(crate) fn changes_of(changes: &Bound<'_, PyAny>) -> PyResult<Result<Vec<Change>, Error>> {
    let value = to_value(changes)?;
    if !value.is_array() {
        return Err(PyTypeError::new_err(
            "apply_changes expects a list of change dicts",
        ));
    }
    let text = serde_json::to_string(&value).map_err(|e| PyTypeError::new_err(e.to_string()))?;
    Ok(parcours::analysis::read_changes(&text, "<changes>"))
}

impl PyNetwork {
    /// `apply_changes` of the core, with the GIL released.
    pub(crate) fn changed(&self, py: Python<'_>, changes: &Bound<'_, PyAny>) -> PyResult<Self> {
        let changes = changes_of(changes)?.map_err(|e| crate::network_error(py, &e))?;
        let net = &self.inner;
        guard(|| {
            py.detach(|| apply_changes(net, &changes))
                .map(|inner| Self { inner })
                .map_err(|e| crate::network_error(py, &e))
        })
    }
}
