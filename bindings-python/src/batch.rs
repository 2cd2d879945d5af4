//! The Rust half of `Engine.route_batch`: routes columns prepared by `parcours/_batch.py`.
//!
//! Python turns the frame into Arrow columns and hands them over as plain buffers: string
//! columns dictionary-encoded (`int32` codes, `-1` for null, and the distinct values), numbers
//! as `float64` (`NaN` for null), booleans as `int8` (`-1` for null), dates as `int32` days
//! since 1970-01-01 (`i32::MIN` for null) or as a string column. Here every row fills one
//! reused [`Case`] (no allocation per row once the buffers have grown), is routed with the GIL
//! released (identical rows once, through [`parcours::Memo`]), and the results come back in Arrow layout: dictionary codes plus distinct values
//! for the text columns, `float64` for distances.

use parcours::batch::{CaseColumns, TextColumnBuilder};
use parcours::ffi::router::{BatchOutput, RowRouter, route_chunk};
use parcours::results::{ColumnKind, RESULT_COLUMNS, ResultWriter, RowWithoutResult};
use parcours::{Case, Date, Engine};
use pyo3::buffer::PyBuffer;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyString, PyTuple};

use crate::engine::{PyEngine, case_error};
use crate::{guard, internal_error, panic_error};

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
    // Every chunk has 4 bytes (`chunks_exact`): none is skipped; a shorter tail is ignored.
    b.chunks_exact(4)
        .filter_map(|c| c.try_into().ok())
        .map(i32::from_ne_bytes)
        .collect()
}

pub(crate) fn f64s(b: &[u8]) -> Vec<f64> {
    // Every chunk has 8 bytes (`chunks_exact`): none is skipped; a shorter tail is ignored.
    b.chunks_exact(8)
        .filter_map(|c| c.try_into().ok())
        .map(f64::from_ne_bytes)
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
                "filiere" | "origin" | "commune" | "postal_code" | "finess" | "level"
                | "preferred_site" | "date_text" | "flags" | "exclude" => {
                    has_filiere |= name == "filiere";
                    let column = if name == "date_text" { "date" } else { &name };
                    let col = if spec.get_item(0)?.is_instance_of::<PyString>() {
                        arrow_text(py, spec, n, column)?
                    } else {
                        TextCol {
                            codes: bytes_of(spec, 0, i32s)?,
                            values: spec.get_item(1)?.extract()?,
                        }
                    };
                    c.set_text(column, col)
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

    /// Fills `case` with row `i`; the row's coded case error otherwise.
    pub(crate) fn fill(&self, i: usize, case: &mut Case) -> Result<(), parcours::CaseError> {
        self.0.fill(i, case)
    }
}

/// A text column in Arrow's layout, `("arrow", offsets, data, validity, offset)`: the buffers
/// of a pyarrow `string` or `large_string` array as memoryviews (offsets of format `i` or `q`,
/// data and validity bitmap of format `B`, `validity` `None` when no row is null) and the
/// array's offset. Interned by the core's [`TextColumnBuilder`] a chunk of rows at a time: the
/// chunk's offsets, bytes and validity bits are copied into buffers reused from chunk to chunk
/// with the GIL held (the memory belongs to Python), then interned with it released.
fn arrow_text(
    py: Python<'_>,
    spec: &Bound<'_, PyTuple>,
    rows: usize,
    name: &str,
) -> PyResult<TextCol> {
    let view = |i| spec.get_item(i);
    let first: usize = spec.get_item(4)?.extract()?;
    let validity = Some(view(3)?).filter(|v| !v.is_none());
    let (offsets, data) = (view(1)?, view(2)?);
    let col = if PyBuffer::<i64>::get(&offsets).is_ok() {
        arrow_chunks::<i64>(py, &offsets, &data, validity.as_ref(), first, rows, name)
    } else {
        arrow_chunks::<i32>(py, &offsets, &data, validity.as_ref(), first, rows, name)
    };
    col.map_err(|e| match e {
        Chunked::Python(e) => e,
        Chunked::Column(e) => case_error(py, &format!("column `{name}`: {e}")),
        Chunked::Refused(e) => case_error(py, &e.to_string()),
    })
}

/// Why [`arrow_chunks`] failed: Python refused a buffer, the column is not a string array, or
/// the core refused its values (the error names the column).
enum Chunked {
    Python(PyErr),
    Column(String),
    Refused(parcours::batch::ColumnError),
}

impl From<PyErr> for Chunked {
    fn from(e: PyErr) -> Self {
        Self::Python(e)
    }
}

/// Items `range` of the memoryview `view`, copied into `out` (resized to fit).
fn copy_range<T: pyo3::buffer::Element + Copy + Default>(
    py: Python<'_>,
    view: &Bound<'_, PyAny>,
    range: std::ops::Range<usize>,
    out: &mut Vec<T>,
) -> Result<(), Chunked> {
    let part = view.get_item(pyo3::types::PySlice::new(
        py,
        isize::try_from(range.start).unwrap_or(isize::MAX),
        isize::try_from(range.end).unwrap_or(isize::MAX),
        1,
    ))?;
    let buf = PyBuffer::<T>::get(&part)?;
    if buf.item_count() != range.len() {
        return Err(Chunked::Column(
            "its Arrow buffers are shorter than the column".to_owned(),
        ));
    }
    out.resize(range.len(), T::default());
    buf.copy_to_slice(py, out)?;
    Ok(())
}

/// Rows `first..first + rows` of an Arrow string array (offsets of type `O`), interned.
fn arrow_chunks<O: pyo3::buffer::Element + Copy + Default + TryInto<usize> + Send + Sync>(
    py: Python<'_>,
    offsets: &Bound<'_, PyAny>,
    data: &Bound<'_, PyAny>,
    validity: Option<&Bound<'_, PyAny>>,
    first: usize,
    rows: usize,
    name: &str,
) -> Result<TextCol, Chunked> {
    let disorder = || Chunked::Column("its Arrow offsets are out of order".to_owned());
    let short_bitmap =
        || Chunked::Column("its Arrow validity bitmap is shorter than the column".to_owned());
    let mut builder = TextColumnBuilder::with_capacity(rows);
    let (mut ends, mut bytes, mut bits) = (Vec::<O>::new(), Vec::<u8>::new(), Vec::<u8>::new());
    let mut start = 0;
    while start < rows {
        let end = (start + CHUNK).min(rows);
        copy_range(py, offsets, first + start..first + end + 1, &mut ends)?;
        let at = |o: O| o.try_into().ok();
        let (Some(&lo), Some(&hi)) = (ends.first(), ends.last()) else {
            return Err(disorder());
        };
        let lo = at(lo).ok_or_else(disorder)?;
        let hi = at(hi).ok_or_else(disorder)?;
        copy_range(py, data, lo..hi.max(lo), &mut bytes)?;
        let bit0 = (first + start) / 8 * 8;
        if let Some(v) = validity {
            copy_range(py, v, bit0 / 8..(first + end - 1) / 8 + 1, &mut bits)?;
        }
        let nullable = validity.is_some();
        let interned = py.detach(|| {
            let mut from = lo;
            for (k, &o) in ends.iter().skip(1).enumerate() {
                let to = at(o).ok_or_else(disorder)?;
                let value = bytes
                    .get(from.wrapping_sub(lo)..to.wrapping_sub(lo))
                    .filter(|_| from <= to)
                    .ok_or_else(disorder)?;
                let bit = first + start + k - bit0;
                let valid =
                    !nullable || bits.get(bit / 8).ok_or_else(short_bitmap)? >> (bit % 8) & 1 == 1;
                builder.push(valid.then_some(value));
                from = to;
            }
            Ok::<(), Chunked>(())
        });
        interned?;
        start = end;
    }
    builder.finish(name).map_err(Chunked::Refused)
}

pub(crate) fn codes_bytes(codes: &[i32]) -> Vec<u8> {
    codes.iter().flat_map(|c| c.to_ne_bytes()).collect()
}

pub(crate) use parcours::batch::blank_case;

/// Routes prepared columns: see the module docs. `progress(rows)` is called after each chunk.
#[pyfunction]
#[pyo3(name = "_route_columns", signature = (engine, n, columns, date = None, explain = false, threads = 1, progress = None, validity = false, lang = "en"))]
#[allow(
    clippy::needless_pass_by_value,
    clippy::too_many_arguments,
    reason = "one argument per keyword of the Python call; PyO3 extracts them by value"
)]
pub(crate) fn route_columns<'py>(
    py: Python<'py>,
    engine: &Bound<'py, PyEngine>,
    n: usize,
    columns: &Bound<'py, PyDict>,
    date: Option<&Bound<'py, PyAny>>,
    explain: bool,
    threads: usize,
    progress: Option<Bound<'py, PyAny>>,
    validity: bool,
    lang: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let lang = crate::parse_lang(lang)?;
    let mut cols = Columns::from_dict(py, columns, n)?;
    if let Some(d) = date.filter(|d| !d.is_none()) {
        cols.set_default_date(crate::engine::parse_date(py, d, lang)?);
    }
    let engine: &Engine = &engine.get().engine;
    let threads = threads.max(1);
    let mut out = BatchOutput::new(ResultWriter::default(), explain);
    if u32::try_from(n).is_err() {
        return Err(case_error(py, "a batch holds at most 4,294,967,295 rows"));
    }
    out.reserve(n);
    // Each router routes identical rows once (its row cache, then the core's memo), across
    // chunks; explanations are routed row by row.
    let mut routers: Vec<RowRouter<'_>> = (0..threads)
        .map(|_| RowRouter::new(engine, &cols.0, lang))
        .collect();
    let mut start = 0;
    while start < n {
        let end = (start + CHUNK).min(n);
        let cols_ref = &cols.0;
        let routed = py.detach(|| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                route_chunk(&mut routers, cols_ref, start..end, explain, &mut out);
            }))
        });
        routed.map_err(|p| panic_error(py, p.as_ref()))?;
        if let Some(cb) = &progress {
            cb.call1((end - start,))?;
        }
        start = end;
    }
    guard(|| build_result(py, &out, explain, validity))
}

/// Writes row after row the `W` first bytes of its result's value: the little-endian bytes of
/// an `i32` code, whose first one or two bytes are the code as `i8` or `i16` when it fits (or
/// the 8 bytes of an `f64`). When every result has the same value, the rows are a plain fill.
///
/// # Errors
/// Names the first row whose result index is not in `values` (a bug of the writer).
fn write_rows<const W: usize, const N: usize>(
    buf: &mut [u8],
    out: &ResultWriter<'_>,
    values: &[[u8; N]],
) -> Result<(), RowWithoutResult> {
    if let Some(first) = values.first().filter(|f| values.iter().all(|v| v == *f)) {
        if W == 1 {
            buf.fill(first[0]);
        } else {
            for chunk in buf.chunks_exact_mut(W) {
                chunk.copy_from_slice(&first[..W]);
            }
        }
        return Ok(());
    }
    for (chunk, value) in buf.chunks_exact_mut(W).zip(out.per_row(values)) {
        chunk.copy_from_slice(&value?[..W]);
    }
    Ok(())
}

/// A code column as `(bytearray, values, width, validity)`: the codes as little-endian
/// integers of `width` bytes (1, 2 or 4: the narrowest holding every code), writable, as
/// `pandas.Categorical` keeps them; without `validity`, `-1` for null and `validity` `None`;
/// with it, Arrow's layout: `0` at null rows and a validity bitmap (`None` when no row is null).
fn code_column<'py>(
    py: Python<'py>,
    out: &ResultWriter<'_>,
    column: usize,
    validity: bool,
) -> PyResult<Bound<'py, PyTuple>> {
    let null = if validity { 0 } else { -1 };
    let results = out.result_codes(column);
    let codes: Vec<[u8; 4]> = results
        .iter()
        .map(|&c| Some(c).filter(|&c| c >= 0).unwrap_or(null).to_le_bytes())
        .collect();
    let values = out.values(column);
    let width = match values.len() {
        0..=127 => 1,
        128..=32_767 => 2,
        _ => 4,
    };
    let rows = out.rows().len();
    let bytes = PyByteArray::new_with(py, rows * width, |buf| {
        match width {
            1 => write_rows::<1, 4>(buf, out, &codes),
            2 => write_rows::<2, 4>(buf, out, &codes),
            _ => write_rows::<4, 4>(buf, out, &codes),
        }
        .map_err(|what| internal_error(py, &what.to_string()))
    })?;
    let bitmap = if validity {
        let valid: Vec<bool> = results.iter().map(|&c| c >= 0).collect();
        validity_bitmap(py, out, &valid)?
    } else {
        None
    };
    (bytes, PyList::new(py, values)?, width, bitmap).into_pyobject(py)
}

/// A number column as `(bytearray, validity)`: little-endian `f64`s, `NaN` for null; with
/// `validity`, Arrow's validity bitmap (`None` when no row is null), else `None`.
fn number_column<'py>(
    py: Python<'py>,
    out: &ResultWriter<'_>,
    column: usize,
    validity: bool,
) -> PyResult<Bound<'py, PyTuple>> {
    let results = out.result_numbers(column);
    let numbers: Vec<[u8; 8]> = results.iter().map(|x| x.to_le_bytes()).collect();
    let bytes = PyByteArray::new_with(py, out.rows().len() * 8, |buf| {
        write_rows::<8, 8>(buf, out, &numbers).map_err(|what| internal_error(py, &what.to_string()))
    })?;
    let bitmap = if validity {
        let valid: Vec<bool> = results.iter().map(|x| !x.is_nan()).collect();
        validity_bitmap(py, out, &valid)?
    } else {
        None
    };
    (bytes, bitmap).into_pyobject(py)
}

/// Arrow's validity bitmap of the rows (bit `i` of byte `i / 8` set when row `i`'s result is
/// valid: `valid` holds one flag per distinct result), or `None` when every row is.
fn validity_bitmap<'py>(
    py: Python<'py>,
    out: &ResultWriter<'_>,
    valid: &[bool],
) -> PyResult<Option<Bound<'py, PyByteArray>>> {
    if valid.iter().all(|&v| v) {
        return Ok(None);
    }
    let none = !valid.iter().any(|&v| v);
    let rows = out.rows().len();
    let bitmap = PyByteArray::new_with(py, rows.div_ceil(8), |buf| {
        buf.fill(0);
        if none {
            return Ok(());
        }
        for (i, v) in out.per_row(valid).enumerate() {
            let v = v.map_err(|what| internal_error(py, &what.to_string()))?;
            if let Some(byte) = buf.get_mut(i / 8) {
                *byte |= u8::from(v) << (i % 8);
            }
        }
        Ok(())
    })?;
    Ok(Some(bitmap))
}

/// The result columns of the core's [`RESULT_COLUMNS`] but `id` (echoed by `_batch.py`), by
/// name: text columns as [`code_column`]s, numbers as [`number_column`]s; and with `explain`,
/// `explanation`, a list of texts.
fn build_result<'py>(
    py: Python<'py>,
    out: &BatchOutput<'_>,
    explain: bool,
    validity: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for (c, col) in RESULT_COLUMNS.iter().enumerate() {
        match col.kind {
            ColumnKind::Text => {
                d.set_item(col.name, code_column(py, out.writer(), c, validity)?)?;
            }
            ColumnKind::Number => {
                d.set_item(col.name, number_column(py, out.writer(), c, validity)?)?;
            }
            _ => {}
        }
    }
    if explain {
        d.set_item("explanation", PyList::new(py, out.explanations())?)?;
    }
    Ok(d)
}

/// The core's [`RESULT_COLUMNS`]: `(name, kind, nullable, doc)` each, in order.
#[pyfunction]
#[pyo3(name = "_result_columns")]
pub(crate) fn result_columns() -> Vec<(&'static str, &'static str, bool, &'static str)> {
    RESULT_COLUMNS
        .iter()
        .map(|c| (c.name, c.kind.as_str(), c.nullable, c.doc))
        .collect()
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
