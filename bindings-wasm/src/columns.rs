//! `engine.routeColumns(columns)`: routes cases given as columns, with no JSON on either side.
//!
//! The JS wrapper (`js/index.mjs`) hands over the columns one by one to a [`CaseColumns`]:
//! text columns dictionary-encoded (`Int32Array` codes, `-1` for null, and the distinct values),
//! numbers as `Float64Array` (`NaN` for null), booleans as bytes, dates as `Int32Array` days since
//! 1970-01-01 (`i32::MIN` for null) or as a text column. The core's
//! [`parcours::batch::CaseColumns`] reads them, as it does for the Python binding's
//! `route_batch`, so the two bindings read a row the same way: every row fills one reused
//! `Case` and is routed by the core's row loop ([`parcours::ffi::router`], Python's too), and a
//! row equal to an earlier one takes that row's result. The decisions come back as the core's
//! result columns ([`parcours::results::RESULT_COLUMNS`]), written by the core's
//! [`ResultWriter`]: dictionary codes into the distinct texts, and numbers.
//!
//! Nothing here decides anything: rows that cannot become a case (no filière, no origin, a bad
//! date) get an error text, everything else is the core's decision.

use parcours::Date;
use parcours::ffi::router::{BatchOutput, Direct, RowRouter};
use parcours::results::{ColumnKind, N_COLUMNS, RESULT_COLUMNS, ResultWriter};
use wasm_bindgen::prelude::*;

use crate::{Engine, InputError};

/// The cases of a `routeColumns` call, column by column: the core's
/// [`parcours::batch::CaseColumns`], which the Python binding's `route_batch` reads too. Built
/// by `js/index.mjs`; not part of the documented API.
#[wasm_bindgen]
pub struct CaseColumns {
    inner: parcours::batch::CaseColumns,
    has_filiere: bool,
}

fn column_error(name: &str, message: String) -> JsValue {
    InputError {
        code: "argument",
        message,
        pointer: format!("/{name}"),
    }
    .to_js("columns")
}

fn column_failure(e: &parcours::batch::ColumnError) -> JsValue {
    column_error(e.column(), e.to_string())
}

#[wasm_bindgen]
impl CaseColumns {
    /// Columns of `n` rows, none set yet.
    #[wasm_bindgen(constructor)]
    pub fn new(n: usize) -> CaseColumns {
        CaseColumns {
            inner: parcours::batch::CaseColumns::new(n),
            has_filiere: false,
        }
    }

    /// Sets a text column (`filiere`, `origin`, `level`, `preferred_site`, `date`, `flags`,
    /// `exclude`): `codes[i]` indexes `values`, `-1` is null. Values of `flags` and `exclude`
    /// are `;`-separated lists; values of `date` are `YYYY-MM-DD`.
    ///
    /// # Errors
    /// An `argument` error for an unknown column, a length other than `n` or a code out of range.
    pub fn text(
        &mut self,
        name: &str,
        codes: Vec<i32>,
        values: Vec<String>,
    ) -> Result<(), JsValue> {
        let col = parcours::batch::TextColumn { codes, values };
        self.inner
            .set_text(name, col)
            .map_err(|e| column_failure(&e))?;
        self.has_filiere |= name == "filiere";
        Ok(())
    }

    /// Sets the `date` column as days since 1970-01-01, `i32::MIN` for null.
    ///
    /// # Errors
    /// An `argument` error for a length other than `n`.
    pub fn days(&mut self, days: Vec<i32>) -> Result<(), JsValue> {
        self.inner.set_days(days).map_err(|e| column_failure(&e))
    }

    /// Sets the date of rows without one (`YYYY-MM-DD`).
    ///
    /// # Errors
    /// An `argument` error for a bad date.
    #[wasm_bindgen(js_name = defaultDate)]
    pub fn default_date(&mut self, date: &str) -> Result<(), JsValue> {
        let date: Date = date
            .parse()
            .map_err(|e| column_error("date", format!("{e}")))?;
        self.inner.set_default_date(Some(date));
        Ok(())
    }

    /// Sets a number column (`lat`, `lon`, `age`, `max_distance_km`), `NaN` for null.
    ///
    /// # Errors
    /// An `argument` error for an unknown column or a length other than `n`.
    pub fn numbers(&mut self, name: &str, values: Vec<f64>) -> Result<(), JsValue> {
        self.inner
            .set_numbers(name, values)
            .map_err(|e| column_failure(&e))
    }

    /// Sets a boolean column (`ehpad_resident`, `time_critical`, `include_planned`): non-zero is
    /// true.
    ///
    /// # Errors
    /// An `argument` error for an unknown column or a length other than `n`.
    pub fn flags(&mut self, name: &str, values: &[u8]) -> Result<(), JsValue> {
        let values = values.iter().map(|&b| i8::from(b != 0)).collect();
        self.inner
            .set_booleans(name, values)
            .map_err(|e| column_failure(&e))
    }
}

/// One text column of a call: its codes, and the values that got a code in this call, which
/// follow the `from` values of the calls before.
#[derive(Default)]
struct TextCodes {
    codes: Vec<i32>,
    values: Vec<String>,
    from: usize,
}

/// The decisions of a `routeColumns` call, column by column, in the core's
/// [`RESULT_COLUMNS`] (the `id` column is the caller's: `js/index.mjs` echoes its input), as the
/// core's [`ResultWriter`] wrote them. Read by `js/index.mjs` (each column can be taken once);
/// not part of the documented API.
#[wasm_bindgen]
pub struct RoutedColumns {
    /// The text columns, by their index in [`RESULT_COLUMNS`] (others stay empty).
    texts: [TextCodes; N_COLUMNS],
    /// The number columns, by their index in [`RESULT_COLUMNS`] (others stay empty).
    numbers: [Vec<f64>; N_COLUMNS],
}

impl RoutedColumns {
    /// The writer's rows as columns: each row's codes and numbers, and the texts that got a
    /// code in this call (those of codes `from[k]` on; all of them for `error`, whose texts are
    /// the call's).
    fn from_writer(w: &ResultWriter<'_>, from: &[usize; N_COLUMNS]) -> Self {
        let mut out = Self {
            texts: Default::default(),
            numbers: Default::default(),
        };
        let columns = RESULT_COLUMNS
            .iter()
            .zip(&mut out.texts)
            .zip(&mut out.numbers)
            .zip(from)
            .enumerate();
        for (k, (((col, text), numbers), &from)) in columns {
            match col.kind {
                ColumnKind::Text => {
                    let codes = w.result_codes(k);
                    text.codes = w.per_row(&codes).map(|c| c.unwrap_or(-1)).collect();
                    let from = if col.name == "error" { 0 } else { from };
                    text.values = w.values(k).get(from..).unwrap_or_default().to_vec();
                    text.from = from;
                }
                ColumnKind::Number => {
                    let values = w.result_numbers(k);
                    *numbers = w.per_row(&values).map(|x| x.unwrap_or(f64::NAN)).collect();
                }
                _ => {}
            }
        }
        out
    }

    /// The text column `name`, if it is one.
    fn text_column(&mut self, name: &str) -> Option<&mut TextCodes> {
        let k = RESULT_COLUMNS
            .iter()
            .position(|c| c.name == name && c.kind == ColumnKind::Text)?;
        self.texts.get_mut(k)
    }
}

#[wasm_bindgen]
impl RoutedColumns {
    /// Takes the codes of a text column (`-1`: none); empty for another name.
    #[wasm_bindgen(js_name = takeCodes)]
    pub fn take_codes(&mut self, name: &str) -> Vec<i32> {
        self.text_column(name)
            .map(|t| std::mem::take(&mut t.codes))
            .unwrap_or_default()
    }

    /// Takes the distinct values of a text column; empty for another name. For all but
    /// `error`, only the values that got a code in this call: they follow the `valuesFrom`
    /// values of the engine's earlier calls.
    #[wasm_bindgen(js_name = takeValues)]
    pub fn take_values(&mut self, name: &str) -> Vec<String> {
        self.text_column(name)
            .map(|t| std::mem::take(&mut t.values))
            .unwrap_or_default()
    }

    /// For a text column but `error`, the number of its values that the engine's earlier calls
    /// handed over (the code of the first value of `takeValues`); -1 for another name.
    #[wasm_bindgen(js_name = valuesFrom)]
    pub fn values_from(&mut self, name: &str) -> i32 {
        if name == "error" {
            return -1;
        }
        self.text_column(name)
            .map_or(-1, |t| i32::try_from(t.from).unwrap_or(i32::MAX))
    }

    /// Takes a number column (`distance_km`, `minutes`; `NaN`: none); empty for another name.
    #[wasm_bindgen(js_name = takeNumbers)]
    pub fn take_numbers(&mut self, name: &str) -> Vec<f64> {
        RESULT_COLUMNS
            .iter()
            .position(|c| c.name == name && c.kind == ColumnKind::Number)
            .and_then(|k| self.numbers.get_mut(k))
            .map(std::mem::take)
            .unwrap_or_default()
    }
}

#[wasm_bindgen]
impl Engine {
    /// Routes the rows of `columns` (see `CaseColumns`), in order; a row that cannot become a
    /// case gets an `error` text and routes nothing, the others are routed.
    ///
    /// # Errors
    /// An `argument` error when no `filiere` column was given.
    #[wasm_bindgen(js_name = routeColumns)]
    pub fn route_columns(&self, columns: &CaseColumns) -> Result<RoutedColumns, JsValue> {
        if !columns.has_filiere {
            return Err(column_error(
                "filiere",
                "missing column `filiere`".to_owned(),
            ));
        }
        let cols = &columns.inner;
        // The engine's texts keep their codes from call to call: a call hands over only the
        // texts new since the one before (`js/index.mjs` keeps the others).
        let texts = self.texts.take();
        let from = texts.counts();
        let mut out = BatchOutput::new(ResultWriter::resume(texts), false);
        out.reserve(cols.rows());
        let direct = Direct(&self.inner);
        RowRouter::with(direct, cols, parcours::Lang::En).route_into(
            cols,
            0..cols.rows(),
            false,
            &mut out,
        );
        let routed = RoutedColumns::from_writer(out.writer(), &from);
        self.texts.replace(out.into_writer().into_texts());
        Ok(routed)
    }
}

/// The core's result columns (`parcours::results::RESULT_COLUMNS`), in order, as JSON:
/// `[[name, kind, nullable, doc], ...]`. Read by `js/index.mjs` (`RESULT_COLUMNS`).
#[wasm_bindgen(js_name = resultColumnsJson)]
pub fn result_columns_json() -> String {
    let columns: Vec<(&str, &str, bool, &str)> = RESULT_COLUMNS
        .iter()
        .map(|c| (c.name, c.kind.as_str(), c.nullable, c.doc))
        .collect();
    crate::json(&columns)
}
