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

use parcours::{Case, Date, Decision, Engine, Origin};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyTuple};

use crate::engine::{PyEngine, case_error, enum_name};
use crate::{guard, panic_error};

/// Rows routed between two progress reports (and per parallel split).
const CHUNK: usize = 65_536;

/// A dictionary-encoded text column.
pub(crate) struct TextCol {
    pub(crate) codes: Vec<i32>,
    pub(crate) values: Vec<String>,
}

impl TextCol {
    pub(crate) fn get(&self, row: usize) -> Option<&str> {
        let code = *self.codes.get(row)?;
        usize::try_from(code)
            .ok()
            .and_then(|c| self.values.get(c))
            .map(String::as_str)
    }
}

/// The input columns, as `_batch.py` prepared them.
#[derive(Default)]
pub(crate) struct Columns {
    filiere: Option<TextCol>,
    origin: Option<TextCol>,
    level: Option<TextCol>,
    preferred_site: Option<TextCol>,
    date_text: Option<TextCol>,
    /// Flags and exclusions, `;`-separated, split once per distinct value.
    flags: Option<(Vec<i32>, Vec<Vec<String>>)>,
    exclude: Option<(Vec<i32>, Vec<Vec<String>>)>,
    date_days: Option<Vec<i32>>,
    lat: Option<Vec<f64>>,
    lon: Option<Vec<f64>>,
    age: Option<Vec<f64>>,
    max_distance_km: Option<Vec<f64>>,
    ehpad_resident: Option<Vec<i8>>,
    time_critical: Option<Vec<i8>>,
    include_planned: Option<Vec<i8>>,
    /// Date for rows without one (the `date=` argument).
    pub(crate) default_date: Option<Date>,
    /// Parsed dates of `date_text`'s distinct values.
    date_values: Vec<Result<Date, String>>,
}

pub(crate) fn bytes_of(spec: &Bound<'_, PyTuple>, i: usize) -> PyResult<Vec<u8>> {
    Ok(spec.get_item(i)?.cast::<PyBytes>()?.as_bytes().to_vec())
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
        let mut c = Columns::default();
        for (name, spec) in cols.iter() {
            let name: String = name.extract()?;
            let spec = spec.cast::<PyTuple>()?;
            let text = || -> PyResult<TextCol> {
                Ok(TextCol {
                    codes: i32s(&bytes_of(spec, 0)?),
                    values: spec.get_item(1)?.extract()?,
                })
            };
            let check = |len: usize| {
                if len == n {
                    Ok(())
                } else {
                    Err(case_error(
                        py,
                        &format!("column `{name}` has {len} rows, not {n}"),
                    ))
                }
            };
            match name.as_str() {
                "filiere" | "origin" | "level" | "preferred_site" | "date_text" => {
                    let t = text()?;
                    check(t.codes.len())?;
                    match name.as_str() {
                        "filiere" => c.filiere = Some(t),
                        "origin" => c.origin = Some(t),
                        "level" => c.level = Some(t),
                        "preferred_site" => c.preferred_site = Some(t),
                        _ => c.date_text = Some(t),
                    }
                }
                "flags" | "exclude" => {
                    let t = text()?;
                    check(t.codes.len())?;
                    let split = t
                        .values
                        .iter()
                        .map(|v| {
                            v.split(';')
                                .map(str::trim)
                                .filter(|s| !s.is_empty())
                                .map(str::to_owned)
                                .collect()
                        })
                        .collect();
                    if name == "flags" {
                        c.flags = Some((t.codes, split));
                    } else {
                        c.exclude = Some((t.codes, split));
                    }
                }
                "date_days" => {
                    let v = i32s(&bytes_of(spec, 0)?);
                    check(v.len())?;
                    c.date_days = Some(v);
                }
                "lat" | "lon" | "age" | "max_distance_km" => {
                    let v = f64s(&bytes_of(spec, 0)?);
                    check(v.len())?;
                    match name.as_str() {
                        "lat" => c.lat = Some(v),
                        "lon" => c.lon = Some(v),
                        "age" => c.age = Some(v),
                        _ => c.max_distance_km = Some(v),
                    }
                }
                "ehpad_resident" | "time_critical" | "include_planned" => {
                    let v = i8s(&bytes_of(spec, 0)?);
                    check(v.len())?;
                    match name.as_str() {
                        "ehpad_resident" => c.ehpad_resident = Some(v),
                        "time_critical" => c.time_critical = Some(v),
                        _ => c.include_planned = Some(v),
                    }
                }
                other => {
                    return Err(case_error(
                        py,
                        &format!("unknown prepared column `{other}`"),
                    ));
                }
            }
        }
        if c.filiere.is_none() {
            return Err(case_error(py, "missing column `filiere`"));
        }
        if let Some(t) = &c.date_text {
            c.date_values = t
                .values
                .iter()
                .map(|v| v.trim().parse::<Date>().map_err(|e| e.to_string()))
                .collect();
        }
        Ok(c)
    }

    /// Fills `case` with row `i`; the text of a row error otherwise.
    pub(crate) fn fill(&self, i: usize, case: &mut Case) -> Result<(), String> {
        let Some(filiere) = self.filiere.as_ref().and_then(|c| c.get(i)) else {
            return Err("missing `filiere`".to_owned());
        };
        case.filiere.clear();
        case.filiere.push_str(filiere);

        let origin = self.origin.as_ref().and_then(|c| c.get(i));
        let lat = self.lat.as_ref().and_then(|v| v.get(i)).copied();
        let lon = self.lon.as_ref().and_then(|v| v.get(i)).copied();
        match (origin, lat, lon) {
            (Some(o), _, _) => {
                if let Origin::Id(s) = &mut case.origin {
                    s.clear();
                    s.push_str(o);
                } else {
                    case.origin = Origin::Id(o.to_owned());
                }
            }
            (None, Some(lat), Some(lon)) if !lat.is_nan() && !lon.is_nan() => {
                case.origin = Origin::Point { lat, lon };
            }
            _ => return Err("missing `origin` (or `lat` and `lon`)".to_owned()),
        }

        case.date = self.date(i)?;
        set_opt(&mut case.level, self.level.as_ref().and_then(|c| c.get(i)));
        set_opt(
            &mut case.preferred_site,
            self.preferred_site.as_ref().and_then(|c| c.get(i)),
        );
        case.age = match self.age.as_ref().and_then(|v| v.get(i)).copied() {
            None => None,
            Some(a) if a.is_nan() => None,
            Some(a) if (0.0..=f64::from(u16::MAX)).contains(&a) && a.fract() == 0.0 =>
            {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                Some(a as u16)
            }
            Some(a) => {
                return Err(format!(
                    "invalid `age` {a}: expected a whole number of years"
                ));
            }
        };
        case.max_distance_km = self
            .max_distance_km
            .as_ref()
            .and_then(|v| v.get(i))
            .copied()
            .filter(|d| !d.is_nan());
        let flag = |v: &Option<Vec<i8>>| v.as_ref().and_then(|v| v.get(i)).is_some_and(|&b| b > 0);
        case.ehpad_resident = flag(&self.ehpad_resident);
        case.time_critical = flag(&self.time_critical);
        case.include_planned = flag(&self.include_planned);
        set_list(&mut case.flags, self.flags.as_ref(), i);
        set_list(&mut case.exclude, self.exclude.as_ref(), i);
        Ok(())
    }

    /// Everything row `i` holds, as codes and bits: rows with equal signatures are the same
    /// case, so they get the same result row.
    fn signature(&self, i: usize) -> RowKey {
        let code = |c: &Option<TextCol>| c.as_ref().and_then(|c| c.codes.get(i)).map_or(-2, |&x| x);
        let list = |c: &Option<(Vec<i32>, Vec<Vec<String>>)>| {
            c.as_ref()
                .and_then(|(codes, _)| codes.get(i))
                .map_or(-2, |&x| x)
        };
        let bits =
            |c: &Option<Vec<f64>>| c.as_ref().and_then(|v| v.get(i)).map_or(0, |x| x.to_bits());
        let flag = |c: &Option<Vec<i8>>| c.as_ref().and_then(|v| v.get(i)).map_or(-2, |&x| x);
        let day = self
            .date_days
            .as_ref()
            .and_then(|d| d.get(i))
            .map_or(-2, |&x| x);
        let word = |a: i32, b: i32| {
            u64::from(u32::from_ne_bytes(a.to_ne_bytes())) << 32
                | u64::from(u32::from_ne_bytes(b.to_ne_bytes()))
        };
        let [e, t, p] = [
            flag(&self.ehpad_resident),
            flag(&self.time_critical),
            flag(&self.include_planned),
        ]
        .map(|x| u64::from(u8::from_ne_bytes(x.to_ne_bytes())));
        RowKey([
            word(code(&self.filiere), code(&self.origin)),
            word(code(&self.level), code(&self.preferred_site)),
            word(code(&self.date_text), day),
            word(list(&self.flags), list(&self.exclude)),
            bits(&self.lat),
            bits(&self.lon),
            bits(&self.age),
            bits(&self.max_distance_km) ^ (e << 8 | t << 16 | p << 24).rotate_left(40),
        ])
    }

    fn date(&self, i: usize) -> Result<Date, String> {
        if let Some(t) = &self.date_text {
            if let Some(code) = t.codes.get(i).and_then(|&c| usize::try_from(c).ok()) {
                return self
                    .date_values
                    .get(code)
                    .cloned()
                    .unwrap_or_else(|| Err("bad date code".to_owned()));
            }
        }
        if let Some(days) = self.date_days.as_ref().and_then(|d| d.get(i)) {
            if *days != i32::MIN {
                return Date::from_epoch_day(*days).ok_or_else(|| {
                    format!("invalid date: {days} days since 1970-01-01 is out of range")
                });
            }
        }
        self.default_date
            .ok_or_else(|| "missing `date` (give a date column or `date=`)".to_owned())
    }
}

fn set_opt(slot: &mut Option<String>, value: Option<&str>) {
    match value {
        Some(v) => {
            let s = slot.get_or_insert_with(String::new);
            s.clear();
            s.push_str(v);
        }
        None => *slot = None,
    }
}

fn set_list(slot: &mut Vec<String>, col: Option<&(Vec<i32>, Vec<Vec<String>>)>, i: usize) {
    let values = col.and_then(|(codes, values)| {
        let c = usize::try_from(*codes.get(i)?).ok()?;
        values.get(c)
    });
    match values {
        // `clone_from` reuses the strings already there.
        Some(v) => slot.clone_from(v),
        None => slot.clear(),
    }
}

/// The signature of an input row ([`Columns::signature`]).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct RowKey([u64; 8]);

impl std::hash::Hash for RowKey {
    fn hash<H: Hasher>(&self, h: &mut H) {
        let mut x = 0u64;
        for w in self.0 {
            x = (x ^ w).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            x ^= x >> 29;
        }
        h.write_u64(x ^ (x >> 32));
    }
}

/// Hashes a [`RowKey`]'s already mixed word as it is.
#[derive(Default)]
struct WordHasher(u64);
impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// Rows already routed, by signature: the output row that holds their result. An input row
/// equal to an earlier one (same codes, same numbers) is the same case, so its result row is
/// copied instead of routed again. It gives up on a batch whose first rows hardly repeat.
struct RowCache {
    rows: HashMap<RowKey, ResultRow, BuildHasherDefault<WordHasher>>,
    seen: usize,
    hits: usize,
    on: bool,
}

impl RowCache {
    /// Most rows remembered (about 25 MB).
    const CAPACITY: usize = 1 << 18;
    /// Rows after which a batch with fewer than one repeat in eight stops using the cache.
    const TRIAL: usize = 4096;

    fn new() -> Self {
        Self {
            rows: HashMap::default(),
            seen: 0,
            hits: 0,
            on: true,
        }
    }

    /// The result row of an earlier row with the signature `key`, if any.
    fn earlier(&mut self, key: &RowKey) -> Option<ResultRow> {
        self.seen += 1;
        if let Some(r) = self.rows.get(key) {
            self.hits += 1;
            return Some(*r);
        }
        if self.seen >= Self::TRIAL && self.hits * 8 < self.seen {
            self.on = false;
            self.rows = HashMap::default();
        }
        None
    }

    /// Remembers the result row of a row with the signature `key`.
    fn remember(&mut self, key: RowKey, row: ResultRow) {
        if self.on && self.rows.len() < Self::CAPACITY {
            self.rows.insert(key, row);
        }
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

/// A blank case that `Columns::fill` overwrites row after row.
pub(crate) fn blank_case() -> Case {
    Case::new(
        String::new(),
        String::new(),
        Date::new(2000, 1, 1).unwrap_or_else(|| unreachable!()),
    )
}

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
    let mut seen: HashMap<RowKey, usize, BuildHasherDefault<WordHasher>> = HashMap::default();
    for i in range {
        let key = (!explain && seen.len() < RowCache::CAPACITY).then(|| cols.signature(i));
        let earlier = key
            .as_ref()
            .and_then(|k| seen.get(k))
            .and_then(|&j| part.get(j).cloned());
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
        cols.default_date = Some(crate::engine::parse_date(py, d)?);
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
    let mut cache = RowCache::new();
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
                        let key = (!explain && cache.on).then(|| cols_ref.signature(i));
                        if let Some(row) = key.as_ref().and_then(|k| cache.earlier(k)) {
                            out.push_row(&row);
                            continue;
                        }
                        let (r, e) = route_row(&mut memo, cols_ref, i, explain, &mut case);
                        out.push(&r, e);
                        if let (Some(k), Some(row)) = (key, out.last_row()) {
                            cache.remember(k, row);
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
