//! The Rust half of `Engine.route_batch`: routes columns prepared by `parcours/_batch.py`.
//!
//! Python turns the frame into Arrow columns and hands them over as plain buffers: string
//! columns dictionary-encoded (`int32` codes, `-1` for null, and the distinct values), numbers
//! as `float64` (`NaN` for null), booleans as `int8` (`-1` for null), dates as `int32` days
//! since 1970-01-01 (`i32::MIN` for null) or as a string column. Here every row fills one
//! reused [`Case`] (no allocation per row once the buffers have grown), is routed with the GIL
//! released (identical rows once, through [`parcours::Memo`]), and the results come back in Arrow layout: dictionary codes plus distinct values
//! for the text columns, `float64` for distances.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use parcours::batch::{CaseColumns, RowCache};
use parcours::{Case, Date, Decision, Engine};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyTuple};

use crate::engine::{PyEngine, case_error, enum_name};
use crate::{guard, panic_error};

/// Rows routed between two progress reports (and per parallel split).
const CHUNK: usize = 65_536;

/// A dictionary-encoded text column (the core's), as the analysis functions read it too.
pub(crate) use parcours::batch::TextColumn as TextCol;

/// The input columns, as `_batch.py` prepared them, read into the core's
/// [`CaseColumns`]: a row means the same in every binding.
pub(crate) struct Columns(pub(crate) CaseColumns);

/// Item `i` of a prepared column's tuple, a `bytes` object, read by `read` without a copy.
pub(crate) fn bytes_of<T>(
    spec: &Bound<'_, PyTuple>,
    i: usize,
    read: impl FnOnce(&[u8]) -> T,
) -> PyResult<T> {
    Ok(read(spec.get_item(i)?.cast::<PyBytes>()?.as_bytes()))
}

pub(crate) fn i32s(b: &[u8]) -> Vec<i32> {
    b.chunks_exact(4)
        .map(|c| i32::from_ne_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

pub(crate) fn f64s(b: &[u8]) -> Vec<f64> {
    b.chunks_exact(8)
        .map(|c| f64::from_ne_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
        .collect()
}

fn i8s(b: &[u8]) -> Vec<i8> {
    b.iter().map(|&x| i8::from_ne_bytes([x])).collect()
}

impl Columns {
    pub(crate) fn from_dict(py: Python<'_>, cols: &Bound<'_, PyDict>, n: usize) -> PyResult<Self> {
        let mut c = CaseColumns::new(n);
        let mut has_filiere = false;
        for (name, spec) in cols.iter() {
            let name: String = name.extract()?;
            let spec = spec.cast::<PyTuple>()?;
            let set = match name.as_str() {
                "filiere" | "origin" | "level" | "preferred_site" | "date_text" | "flags"
                | "exclude" => {
                    has_filiere |= name == "filiere";
                    let col = TextCol {
                        codes: bytes_of(spec, 0, i32s)?,
                        values: spec.get_item(1)?.extract()?,
                    };
                    c.set_text(if name == "date_text" { "date" } else { &name }, col)
                }
                "date_days" => c.set_days(bytes_of(spec, 0, i32s)?),
                "lat" | "lon" | "age" | "max_distance_km" => {
                    c.set_numbers(&name, bytes_of(spec, 0, f64s)?)
                }
                "ehpad_resident" | "time_critical" | "include_planned" => {
                    c.set_booleans(&name, bytes_of(spec, 0, i8s)?)
                }
                other => {
                    return Err(case_error(
                        py,
                        &format!("unknown prepared column `{other}`"),
                    ));
                }
            };
            set.map_err(|e| case_error(py, &e.to_string()))?;
        }
        if !has_filiere {
            return Err(case_error(py, "missing column `filiere`"));
        }
        Ok(Columns(c))
    }

    /// The date of rows without one (the `date=` argument).
    pub(crate) fn set_default_date(&mut self, date: Date) {
        self.0.set_default_date(Some(date));
    }

    /// Fills `case` with row `i`; the text of a row error otherwise.
    pub(crate) fn fill(&self, i: usize, case: &mut Case) -> Result<(), String> {
        self.0.fill(i, case)
    }
}

/// One row of the output columns: the codes of the text columns, then the distance.
#[derive(Clone, Copy)]
struct ResultRow {
    codes: [i32; 9],
    km: f64,
}

/// A tiny hasher for pointer keys: the strings a decision borrows live in the engine, so the
/// address of a `&str` identifies it.
#[derive(Default)]
struct PtrHasher(u64);
impl Hasher for PtrHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0 ^ n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}
type PtrMap = HashMap<usize, i32, BuildHasherDefault<PtrHasher>>;

/// Dictionary codes for engine-owned strings, interned by address first (one cheap hash per
/// row), then by value (equal texts at different addresses, such as a level name that several
/// filières share, get one code).
#[derive(Default)]
pub(crate) struct Interner {
    index: PtrMap,
    by_value: HashMap<String, i32>,
    pub(crate) values: Vec<String>,
    pub(crate) codes: Vec<i32>,
}

impl Interner {
    fn code_of(&mut self, s: &str) -> i32 {
        let key = s.as_ptr() as usize ^ (s.len() << 48);
        if let Some(&c) = self.index.get(&key) {
            return c;
        }
        let c = if let Some(&c) = self.by_value.get(s) {
            c
        } else {
            let c = i32::try_from(self.values.len()).unwrap_or(i32::MAX);
            self.values.push(s.to_owned());
            self.by_value.insert(s.to_owned(), c);
            c
        };
        self.index.insert(key, c);
        c
    }
    pub(crate) fn push(&mut self, s: Option<&str>) {
        let c = s.map_or(-1, |s| self.code_of(s));
        self.codes.push(c);
    }
}

/// Codes for owned strings (error texts, enum names).
#[derive(Default)]
pub(crate) struct TextInterner {
    index: HashMap<String, i32>,
    pub(crate) values: Vec<String>,
    pub(crate) codes: Vec<i32>,
}

impl TextInterner {
    pub(crate) fn push(&mut self, s: Option<&str>) {
        let c = match s {
            None => -1,
            Some(s) => {
                if let Some(&c) = self.index.get(s) {
                    c
                } else {
                    let c = i32::try_from(self.values.len()).unwrap_or(i32::MAX);
                    self.values.push(s.to_owned());
                    self.index.insert(s.to_owned(), c);
                    c
                }
            }
        };
        self.codes.push(c);
    }
}

/// Codes of a unit enum through its serde name, cached by variant.
pub(crate) struct EnumCol<T> {
    seen: Vec<T>,
    pub(crate) values: Vec<String>,
    pub(crate) codes: Vec<i32>,
}

impl<T> Default for EnumCol<T> {
    fn default() -> Self {
        Self {
            seen: Vec::new(),
            values: Vec::new(),
            codes: Vec::new(),
        }
    }
}

impl<T: PartialEq + Copy + serde::Serialize> EnumCol<T> {
    pub(crate) fn push(&mut self, v: Option<T>) {
        let c = match v {
            None => -1,
            Some(v) => {
                if let Some(p) = self.seen.iter().position(|s| *s == v) {
                    i32::try_from(p).unwrap_or(-1)
                } else {
                    self.seen.push(v);
                    self.values.push(enum_name(&v));
                    i32::try_from(self.values.len() - 1).unwrap_or(-1)
                }
            }
        };
        self.codes.push(c);
    }
}

/// The output columns.
#[derive(Default)]
struct Output {
    target: Interner,
    target_name: Interner,
    level: Interner,
    rule: Interner,
    entry: Interner,
    step: EnumCol<parcours::Step>,
    outcome: EnumCol<parcours::Outcome>,
    reason: EnumCol<parcours::ReasonCode>,
    error: TextInterner,
    distance_km: Vec<f64>,
    explain: bool,
    explanation: Vec<Option<String>>,
}

impl Output {
    fn push(&mut self, row: &Result<Decision<'_>, String>, explanation: Option<String>) {
        match row {
            Ok(d) => {
                self.target.push(d.target);
                self.target_name.push(d.target_name);
                self.level.push(d.level);
                self.rule.push(d.rule);
                self.entry.push(d.entry);
                self.step.push(d.step);
                self.outcome.push(Some(d.outcome));
                self.reason.push(d.reason);
                self.error.push(None);
                self.distance_km.push(d.distance_km.unwrap_or(f64::NAN));
            }
            Err(e) => {
                self.target.push(None);
                self.target_name.push(None);
                self.level.push(None);
                self.rule.push(None);
                self.entry.push(None);
                self.step.push(None);
                self.outcome.push(None);
                self.reason.push(None);
                self.error.push(Some(e));
                self.distance_km.push(f64::NAN);
            }
        }
        if self.explain {
            self.explanation.push(explanation);
        }
    }
}

impl Output {
    /// The columns of the output, in [`ResultRow`] order.
    fn code_columns(&mut self) -> [&mut Vec<i32>; 9] {
        [
            &mut self.target.codes,
            &mut self.target_name.codes,
            &mut self.level.codes,
            &mut self.rule.codes,
            &mut self.entry.codes,
            &mut self.step.codes,
            &mut self.outcome.codes,
            &mut self.reason.codes,
            &mut self.error.codes,
        ]
    }

    /// Appends `row`.
    fn push_row(&mut self, row: &ResultRow) {
        for (col, &c) in self.code_columns().into_iter().zip(&row.codes) {
            col.push(c);
        }
        self.distance_km.push(row.km);
    }

    /// The last row appended, if any.
    fn last_row(&mut self) -> Option<ResultRow> {
        let km = *self.distance_km.last()?;
        let mut codes = [-1; 9];
        for (c, col) in codes.iter_mut().zip(self.code_columns()) {
            *c = *col.last()?;
        }
        Some(ResultRow { codes, km })
    }

    /// Room for `n` rows in every column.
    fn reserve(&mut self, n: usize) {
        for col in self.code_columns() {
            col.reserve_exact(n);
        }
        self.distance_km.reserve_exact(n);
    }
}

pub(crate) fn codes_bytes(codes: &[i32]) -> Vec<u8> {
    codes.iter().flat_map(|c| c.to_ne_bytes()).collect()
}

pub(crate) use parcours::batch::blank_case;

/// One thread's share of a batch: rows `range`, a row equal to an earlier one of the share
/// taking its result.
fn route_part<'e>(
    engine: &'e Engine,
    cols: &Columns,
    range: std::ops::Range<usize>,
    explain: bool,
) -> Vec<(Result<Decision<'e>, String>, Option<String>)> {
    let mut part: Vec<(Result<Decision<'e>, String>, Option<String>)> =
        Vec::with_capacity(range.len());
    let mut memo = parcours::Memo::new(engine);
    let mut case = blank_case();
    let mut seen: RowCache<usize> = RowCache::new();
    for i in range {
        let key = (!explain && seen.is_on()).then(|| cols.0.row_key(i));
        let earlier = key
            .as_ref()
            .and_then(|k| seen.get(k))
            .and_then(|j| part.get(j).cloned());
        if let Some(row) = earlier {
            part.push(row);
            continue;
        }
        if let Some(k) = key {
            seen.insert(k, part.len());
        }
        part.push(route_row(&mut memo, cols, i, explain, &mut case));
    }
    part
}

/// Routes row `i` in the reused `case`: the decision (or the row's error) and, with `explain`,
/// the explanation text.
fn route_row<'e>(
    memo: &mut parcours::Memo<'e>,
    cols: &Columns,
    i: usize,
    explain: bool,
    case: &mut Case,
) -> (Result<Decision<'e>, String>, Option<String>) {
    match cols.fill(i, case) {
        Ok(()) if explain => {
            let e = memo.engine().route_explained(case);
            let text = e.to_string().trim_end().to_owned();
            (Ok(e.decision), Some(text))
        }
        Ok(()) => (Ok(memo.route(case)), None),
        Err(e) => (Err(e), None),
    }
}

/// Routes prepared columns: see the module docs. `progress(rows)` is called after each chunk.
#[pyfunction]
#[pyo3(name = "_route_columns", signature = (engine, n, columns, date = None, explain = false, threads = 1, progress = None))]
#[allow(clippy::needless_pass_by_value, clippy::too_many_arguments)] // mirrors the Python call
pub(crate) fn route_columns<'py>(
    py: Python<'py>,
    engine: &Bound<'py, PyEngine>,
    n: usize,
    columns: &Bound<'py, PyDict>,
    date: Option<&Bound<'py, PyAny>>,
    explain: bool,
    threads: usize,
    progress: Option<Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let mut cols = Columns::from_dict(py, columns, n)?;
    if let Some(d) = date.filter(|d| !d.is_none()) {
        cols.set_default_date(crate::engine::parse_date(py, d)?);
    }
    let engine: &Engine = &engine.get().engine;
    let threads = threads.max(1);
    let mut out = Output {
        explain,
        ..Output::default()
    };
    out.reserve(n);
    let mut rows: Vec<(Result<Decision<'_>, String>, Option<String>)> =
        Vec::with_capacity(CHUNK.min(n));
    // Identical rows are routed once (the core's memo), across chunks on one thread;
    // explanations are routed row by row.
    let mut memo = parcours::Memo::new(engine);
    let mut cache: RowCache<ResultRow> = RowCache::new();
    let mut case = blank_case();
    let mut start = 0;
    while start < n {
        let end = (start + CHUNK).min(n);
        rows.clear();
        let cols_ref = &cols;
        let routed = py.detach(|| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                if threads <= 1 || end - start < 2 * threads {
                    // Straight into the output columns: no intermediate decisions. A row equal
                    // to an earlier one copies its result row.
                    for i in start..end {
                        let key = (!explain && cache.is_on()).then(|| cols_ref.0.row_key(i));
                        if let Some(row) = key.as_ref().and_then(|k| cache.get(k)) {
                            out.push_row(&row);
                            continue;
                        }
                        let (r, e) = route_row(&mut memo, cols_ref, i, explain, &mut case);
                        out.push(&r, e);
                        if let (Some(k), Some(row)) = (key, out.last_row()) {
                            cache.insert(k, row);
                        }
                    }
                } else {
                    let per = (end - start).div_ceil(threads);
                    let parts: Vec<_> = std::thread::scope(|s| {
                        let handles: Vec<_> = (start..end)
                            .step_by(per)
                            .map(|a| {
                                let b = (a + per).min(end);
                                s.spawn(move || route_part(engine, cols_ref, a..b, explain))
                            })
                            .collect();
                        handles
                            .into_iter()
                            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                            .collect()
                    });
                    for p in parts {
                        rows.extend(p);
                    }
                    for (r, e) in rows.drain(..) {
                        out.push(&r, e);
                    }
                }
            }))
        });
        routed.map_err(|p| panic_error(py, p.as_ref()))?;
        if let Some(cb) = &progress {
            cb.call1((end - start,))?;
        }
        start = end;
    }
    guard(|| build_result(py, &out, explain))
}

/// Numbers in native byte order, written straight into a new `bytes` object.
fn ne_bytes<'py, T: Copy + NeBytes<W>, const W: usize>(
    py: Python<'py>,
    values: &[T],
) -> PyResult<Bound<'py, PyBytes>> {
    PyBytes::new_with(py, values.len() * W, |buf| {
        for (chunk, v) in buf.chunks_exact_mut(W).zip(values) {
            chunk.copy_from_slice(&v.ne_bytes());
        }
        Ok(())
    })
}

/// `to_ne_bytes` of the numbers the result columns hold.
trait NeBytes<const W: usize> {
    fn ne_bytes(self) -> [u8; W];
}
impl NeBytes<4> for i32 {
    fn ne_bytes(self) -> [u8; 4] {
        self.to_ne_bytes()
    }
}
impl NeBytes<8> for f64 {
    fn ne_bytes(self) -> [u8; 8] {
        self.to_ne_bytes()
    }
}

fn build_result<'py>(py: Python<'py>, out: &Output, explain: bool) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    let dict_col = |codes: &[i32], values: &[String]| -> PyResult<Bound<'py, PyTuple>> {
        (ne_bytes(py, codes)?, PyList::new(py, values)?).into_pyobject(py)
    };
    d.set_item("target", dict_col(&out.target.codes, &out.target.values)?)?;
    d.set_item(
        "target_name",
        dict_col(&out.target_name.codes, &out.target_name.values)?,
    )?;
    d.set_item("level", dict_col(&out.level.codes, &out.level.values)?)?;
    d.set_item("step", dict_col(&out.step.codes, &out.step.values)?)?;
    d.set_item("rule", dict_col(&out.rule.codes, &out.rule.values)?)?;
    d.set_item("entry", dict_col(&out.entry.codes, &out.entry.values)?)?;
    d.set_item("distance_km", ne_bytes(py, &out.distance_km)?)?;
    d.set_item(
        "outcome",
        dict_col(&out.outcome.codes, &out.outcome.values)?,
    )?;
    d.set_item("reason", dict_col(&out.reason.codes, &out.reason.values)?)?;
    d.set_item("error", dict_col(&out.error.codes, &out.error.values)?)?;
    if explain {
        d.set_item("explanation", PyList::new(py, &out.explanation)?)?;
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip() {
        for (y, m, dd) in [
            (1970, 1, 1),
            (2017, 10, 2),
            (2000, 2, 29),
            (1969, 12, 31),
            (9999, 12, 31),
        ] {
            let date = Date::new(y, m, dd).unwrap();
            assert_eq!(Date::from_epoch_day(date.epoch_day()), Some(date));
        }
        assert_eq!(Date::from_epoch_day(i32::MAX), None);
    }
}
