//! The row loop of a batch, shared by the bindings: routes the rows of [`CaseColumns`] into a
//! [`ResultWriter`], a row equal to an earlier one taking that row's result (its
//! [`RowCache`]), identical cases routed once (a [`Memo`]), across threads when asked.
//!
//! Python's `Engine.route_batch` and JavaScript's `engine.routeColumns` both read their columns
//! into a [`CaseColumns`] and route them here, so a row means the same, and its result is
//! written the same, whatever the binding: they only turn buffers into columns and the
//! writer's columns back into their own arrays.
//!
//! ```
//! # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/mini.json")).unwrap();
//! use parcours::batch::{CaseColumns, TextColumn};
//! use parcours::ffi::router::{BatchOutput, RowRouter};
//! use parcours::results::RESULT_COLUMNS;
//! let engine = parcours::Engine::compile(&parcours::Network::from_json_str(&text)?)?;
//! let mut cols = CaseColumns::new(3);
//! let text = |codes: Vec<i32>, values: &[&str]| TextColumn {
//!     codes,
//!     values: values.iter().map(|v| v.to_string()).collect(),
//! };
//! cols.set_text("filiere", text(vec![0, 0, 0], &["chirurgie"])).unwrap();
//! cols.set_text("origin", text(vec![0, -1, 0], &["ch-b"])).unwrap();
//! cols.set_text("date", text(vec![0, 0, 0], &["2020-01-01"])).unwrap();
//! let mut out = BatchOutput::default();
//! RowRouter::new(&engine, &cols, parcours::Lang::En).route_into(&cols, 0..3, false, &mut out);
//! let outcome = RESULT_COLUMNS.iter().position(|c| c.name == "outcome").unwrap();
//! let w = out.writer();
//! let outcomes: Vec<_> = w.rows().iter().map(|&r| w.text(r, outcome).unwrap()).collect();
//! assert_eq!(outcomes, ["routed", "invalid", "routed"]);
//! # Ok::<(), parcours::Error>(())
//! ```

use std::ops::Range;

use crate::batch::{CaseColumns, Memo, RowCache, RowSlot, blank_case};
use crate::messages::Lang;
use crate::results::ResultWriter;
use crate::{Case, Decision, Engine};

/// The results of a batch being routed: the core's [`ResultWriter`] (one distinct result per
/// decision or row error, each row the index of its result) and, when explanations were asked
/// for, one explanation per row.
#[derive(Debug, Default)]
pub struct BatchOutput<'e> {
    writer: ResultWriter<'e>,
    explain: bool,
    explanations: Vec<Option<String>>,
}

impl<'e> BatchOutput<'e> {
    /// An output writing into `writer` (fresh, or resumed with the codes of earlier batches:
    /// [`ResultWriter::resume`]), keeping an explanation per row when `explain`.
    pub fn new(writer: ResultWriter<'e>, explain: bool) -> Self {
        Self {
            writer,
            explain,
            explanations: Vec::new(),
        }
    }

    /// The result columns written so far.
    pub fn writer(&self) -> &ResultWriter<'e> {
        &self.writer
    }

    /// The result columns, taken.
    pub fn into_writer(self) -> ResultWriter<'e> {
        self.writer
    }

    /// The explanation of each row (`None` for a row that could not be read); empty without
    /// `explain`.
    pub fn explanations(&self) -> &[Option<String>] {
        &self.explanations
    }

    /// Reserves room for `rows` more rows.
    pub fn reserve(&mut self, rows: usize) {
        self.writer.reserve(rows);
        if self.explain {
            self.explanations.reserve_exact(rows);
        }
    }

    /// The index of a routed row's result, added to the distinct results if new; with
    /// `explain`, the row's explanation is appended.
    fn add(&mut self, row: &Result<Decision<'e>, String>, explanation: Option<String>) -> u32 {
        if self.explain {
            self.explanations.push(explanation);
        }
        self.writer.add(row.as_ref().map_err(String::as_str))
    }
}

/// How a [`RowRouter`] routes a case: through a [`Memo`] (identical cases once, the default)
/// or straight with the engine ([`Direct`]).
pub trait CaseRouter<'e> {
    /// Whether rows routed this way can be explained: a [`RowRouter`] asked for explanations
    /// routes each row with [`Engine::route_explained_in`] only when this holds (a constant, so
    /// a binding that never explains does not carry the explanations' code).
    const EXPLAINS: bool = true;
    /// The engine cases are routed with.
    fn engine(&self) -> &'e Engine;
    /// The decision of [`Engine::route`] for `case`.
    fn route(&mut self, case: &Case) -> Decision<'e>;
}

impl<'e> CaseRouter<'e> for Memo<'e> {
    fn engine(&self) -> &'e Engine {
        Memo::engine(self)
    }
    fn route(&mut self, case: &Case) -> Decision<'e> {
        Memo::route(self, case)
    }
}

/// Routes every case with the engine, remembers nothing and explains nothing: for a binding
/// whose rows are its cases (no `id` column), so that equal cases are equal rows, which the
/// [`RowCache`] already routes once, and that never asks for explanations (JavaScript
/// `routeColumns`): the WebAssembly module saves a memo's and the explanations' code this way.
#[derive(Debug, Clone, Copy)]
pub struct Direct<'e>(pub &'e Engine);

impl<'e> CaseRouter<'e> for Direct<'e> {
    const EXPLAINS: bool = false;
    fn engine(&self) -> &'e Engine {
        self.0
    }
    fn route(&mut self, case: &Case) -> Decision<'e> {
        self.0.route(case)
    }
}

/// One row's result: its decision (or why its case could not be read) and, with `explain`,
/// its explanation.
type Routed<'e> = (Result<Decision<'e>, String>, Option<String>);

/// One thread's routing state across the chunks of a batch: its memo, reused case and row
/// cache, the results it routed in the current chunk (not yet in the output), and the output
/// index of each result it routed before. A router's result ids number its results in order:
/// first those merged (`merged`), then those of the chunk (`routed`).
#[derive(Debug)]
pub struct RowRouter<'e, R = Memo<'e>> {
    memo: R,
    case: Case,
    seen: RowCache<u32>,
    routed: Vec<Routed<'e>>,
    merged: Vec<u32>,
    /// The chunk's rows, as result ids.
    rows: Vec<u32>,
    /// The language of explanations.
    lang: Lang,
}

impl<'e> RowRouter<'e> {
    /// A router of `engine` for the rows of `cols` (its row cache fits their columns), whose
    /// explanations are in `lang`, routing through a [`Memo`].
    pub fn new(engine: &'e Engine, cols: &CaseColumns, lang: Lang) -> Self {
        Self::with(Memo::new(engine), cols, lang)
    }
}

impl<'e, R: CaseRouter<'e>> RowRouter<'e, R> {
    /// A router of the rows of `cols` that routes each case with `router` (a [`Memo`] or
    /// [`Direct`]), explanations in `lang`.
    pub fn with(router: R, cols: &CaseColumns, lang: Lang) -> Self {
        Self {
            memo: router,
            case: blank_case(),
            seen: RowCache::for_columns(cols),
            routed: Vec::new(),
            merged: Vec::new(),
            rows: Vec::new(),
            lang,
        }
    }

    /// Routes rows `range` and keeps their results aside until [`Self::merge_into`] (a row
    /// equal to an earlier one of this router takes its result; with `explain`, every row is
    /// routed).
    pub fn route(&mut self, cols: &CaseColumns, range: Range<usize>, explain: bool) {
        self.rows.clear();
        for i in range {
            let Some(slot) = self.cached(cols, i, explain) else {
                continue;
            };
            // Fewer results than rows, and a batch has fewer than u32::MAX rows.
            let id = u32::try_from(self.merged.len() + self.routed.len()).unwrap_or(u32::MAX);
            self.seen.insert_row(slot, id);
            let row = self.route_row(cols, i, explain);
            self.routed.push(row);
            self.rows.push(id);
        }
    }

    /// Routes rows `range` as [`Self::route`] does, straight into `out`: for a batch routed on
    /// one thread, whose router's result ids are then the output's (no decision is kept aside
    /// and moved again, no ids are mapped). A router routes either this way or through
    /// [`Self::route`] for a whole batch, never both.
    pub fn route_into(
        &mut self,
        cols: &CaseColumns,
        range: Range<usize>,
        explain: bool,
        out: &mut BatchOutput<'e>,
    ) {
        self.rows.clear();
        for i in range {
            let Some(slot) = self.cached(cols, i, explain) else {
                continue;
            };
            let (row, text) = self.route_row(cols, i, explain);
            let id = out.add(&row, text);
            self.seen.insert_row(slot, id);
            self.rows.push(id);
        }
        out.writer.push_rows(&self.rows);
    }

    /// Appends the chunk's rows to `out`, adding the results routed in it.
    pub fn merge_into(&mut self, out: &mut BatchOutput<'e>) {
        for (r, e) in self.routed.drain(..) {
            self.merged.push(out.add(&r, e));
        }
        let merged = &self.merged;
        for id in &mut self.rows {
            *id = merged.get(*id as usize).copied().unwrap_or(0);
        }
        out.writer.push_rows(&self.rows);
    }

    /// The row cache's slot for row `i`, or `None` when the row took an earlier row's result
    /// (pushed to the chunk's rows). Explanations are routed row by row: no slot is kept.
    fn cached(&mut self, cols: &CaseColumns, i: usize, explain: bool) -> Option<RowSlot> {
        if explain {
            return Some(RowSlot::Off);
        }
        match self.seen.lookup(cols, i) {
            Ok(id) => {
                self.rows.push(id);
                None
            }
            Err(slot) => Some(slot),
        }
    }

    /// Routes row `i` in the reused case: the decision (or the row's error) and, with
    /// `explain`, the explanation text.
    fn route_row(&mut self, cols: &CaseColumns, i: usize, explain: bool) -> Routed<'e> {
        match cols.fill(i, &mut self.case) {
            Ok(()) if explain && R::EXPLAINS => {
                let e = self.memo.engine().route_explained_in(&self.case, self.lang);
                let text = e.text(self.lang).trim_end().to_owned();
                (Ok(e.decision), Some(text))
            }
            Ok(()) => (Ok(self.memo.route(&self.case)), None),
            Err(e) => (Err(e), None),
        }
    }
}

/// Routes rows `range` of `cols` with `routers` (one per thread; the first only when the
/// range is too short to split), appending them in order to `out`. A panic in a thread is
/// raised again here, after the others have finished: no row is ever lost or moved.
pub fn route_chunk<'e, R: CaseRouter<'e> + Send>(
    routers: &mut [RowRouter<'e, R>],
    cols: &CaseColumns,
    range: Range<usize>,
    explain: bool,
    out: &mut BatchOutput<'e>,
) {
    let threads = routers.len().max(1);
    let (start, end) = (range.start, range.end);
    if threads == 1 {
        if let Some(only) = routers.first_mut() {
            only.route_into(cols, range, explain, out);
        }
        return;
    }
    let busy = if end - start < 2 * threads {
        1
    } else {
        threads
    };
    let per = (end - start).div_ceil(busy);
    let active = routers.get_mut(..busy).unwrap_or_default();
    if let [only] = active {
        only.route(cols, range, explain);
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = active
                .iter_mut()
                .zip((start..end).step_by(per.max(1)))
                .map(|(w, a)| {
                    let b = (a + per).min(end);
                    s.spawn(move || w.route(cols, a..b, explain))
                })
                .collect();
            for h in handles {
                h.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
            }
        });
    }
    // In row order: router k routed the k-th part of the chunk.
    for w in active {
        w.merge_into(out);
    }
}
