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

use crate::batch::{Answer, CaseColumns, Memo, RowCache, RowKeys, RowSlot, blank_case};
use crate::case_input::CaseError;
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
    /// The decision for `case`, or the number of the remembered entry holding it when
    /// `known` says the caller knows that entry ([`Memo::answer`]); a router that remembers
    /// nothing routes.
    fn answer(&mut self, case: &Case, known: impl Fn(u32) -> bool) -> Answer<'e> {
        let _ = known;
        Answer::Decision(self.route(case), None)
    }
    /// Changes when the entries' numbers of [`Self::answer`] start again.
    fn generation(&self) -> u32 {
        0
    }
    /// What [`Self::answer_row`] needs to answer rows of `cols` from their codes, if anything.
    fn row_keys(&self, cols: &CaseColumns) -> Option<RowKeys> {
        let _ = cols;
        None
    }
    /// [`Self::answer`] for row `i` of `cols`, the case filled in `case` when it is routed.
    ///
    /// # Errors
    /// The row's error when its case cannot be read.
    fn answer_row(
        &mut self,
        keys: Option<&RowKeys>,
        cols: &CaseColumns,
        i: usize,
        case: &mut Case,
        known: impl Fn(u32) -> bool,
    ) -> Result<Answer<'e>, CaseError> {
        let _ = keys;
        cols.fill(i, case)?;
        Ok(self.answer(case, known))
    }
}

impl<'e> CaseRouter<'e> for Memo<'e> {
    fn engine(&self) -> &'e Engine {
        Memo::engine(self)
    }
    fn route(&mut self, case: &Case) -> Decision<'e> {
        Memo::route(self, case)
    }
    fn answer(&mut self, case: &Case, known: impl Fn(u32) -> bool) -> Answer<'e> {
        Memo::answer(self, case, known)
    }
    fn generation(&self) -> u32 {
        Memo::generation(self)
    }
    fn row_keys(&self, cols: &CaseColumns) -> Option<RowKeys> {
        Some(RowKeys::new(Memo::engine(self), cols))
    }
    fn answer_row(
        &mut self,
        keys: Option<&RowKeys>,
        cols: &CaseColumns,
        i: usize,
        case: &mut Case,
        known: impl Fn(u32) -> bool,
    ) -> Result<Answer<'e>, CaseError> {
        if let Some(keys) = keys {
            return Memo::answer_row(self, keys, cols, i, case, known);
        }
        cols.fill(i, case)?;
        Ok(Memo::answer(self, case, known))
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

/// One thread's routing state across the chunks of a batch: its case router (a [`Memo`] by
/// default), reused case and row
/// cache, the results it routed in the current chunk (not yet in the output), and the output
/// index of each result it routed before. A router's result ids number its results in order:
/// first those merged (`merged`), then those of the chunk (`routed`).
#[derive(Debug)]
pub struct RowRouter<'e, R = Memo<'e>> {
    /// How each case is routed: a [`Memo`] or [`Direct`].
    router: R,
    case: Case,
    seen: RowCache<u32>,
    routed: Vec<Routed<'e>>,
    merged: Vec<u32>,
    /// The chunk's rows, as result ids.
    rows: Vec<u32>,
    /// The output's result id of each entry of the router's memo, `u32::MAX` while unknown
    /// (for a batch routed with [`Self::route_into`]), and the memo generation they belong to.
    entries: Vec<u32>,
    generation: u32,
    /// The memo keys of the rows, from their codes (a [`Memo`]'s).
    keys: Option<RowKeys>,
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
            keys: router.row_keys(cols),
            router,
            case: blank_case(),
            seen: RowCache::for_columns(cols),
            routed: Vec::new(),
            merged: Vec::new(),
            rows: Vec::new(),
            entries: Vec::new(),
            generation: 0,
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
            let id = self.route_row_into(cols, i, explain, out);
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

    /// Routes row `i` into `out`: its result id. A decision the router's memo remembers as an
    /// entry whose result is in `out` already takes that result (no copy of the decision, no
    /// look-up in the writer).
    fn route_row_into(
        &mut self,
        cols: &CaseColumns,
        i: usize,
        explain: bool,
        out: &mut BatchOutput<'e>,
    ) -> u32 {
        if explain {
            let (row, text) = self.route_row(cols, i, explain);
            return out.add(&row, text);
        }
        if self.router.generation() != self.generation {
            self.generation = self.router.generation();
            self.entries.clear();
        }
        let entries = &self.entries;
        let known = |e: u32| entries.get(e as usize).is_some_and(|&r| r != u32::MAX);
        let answer = self
            .router
            .answer_row(self.keys.as_ref(), cols, i, &mut self.case, known);
        // The memo may have started afresh while answering: its entries are numbered anew.
        if self.router.generation() != self.generation {
            self.generation = self.router.generation();
            self.entries.clear();
        }
        match answer {
            Err(e) => out.add(&Err(e.message_in(self.lang)), None),
            Ok(Answer::Remembered(e)) => self.entries.get(e as usize).copied().unwrap_or(u32::MAX),
            Ok(Answer::Decision(d, entry)) => {
                let id = out.add(&Ok(d), None);
                if let Some(e) = entry.and_then(|e| usize::try_from(e).ok()) {
                    if self.entries.len() <= e {
                        self.entries.resize(e + 1, u32::MAX);
                    }
                    if let Some(slot) = self.entries.get_mut(e) {
                        *slot = id;
                    }
                }
                id
            }
        }
    }

    /// Routes row `i` in the reused case: the decision (or the row's error) and, with
    /// `explain`, the explanation text.
    fn route_row(&mut self, cols: &CaseColumns, i: usize, explain: bool) -> Routed<'e> {
        match cols.fill(i, &mut self.case) {
            Ok(()) if explain && R::EXPLAINS => {
                let e = self
                    .router
                    .engine()
                    .route_explained_in(&self.case, self.lang);
                let text = e.text(self.lang).trim_end().to_owned();
                (Ok(e.decision), Some(text))
            }
            Ok(()) => (Ok(self.router.route(&self.case)), None),
            Err(e) => (Err(e.message_in(self.lang)), None),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::TextColumn;
    use crate::results::RESULT_COLUMNS;

    fn engine() -> Engine {
        let text = include_str!("../../tests/data/mini.json");
        let network = crate::Network::from_json_str(text).expect("mini.json loads");
        Engine::compile(&network).expect("mini.json compiles")
    }

    /// `n` rows cycling through the origins (`None`: no origin, an unreadable row).
    fn columns(n: usize, origins: &[Option<&str>]) -> CaseColumns {
        let values: Vec<String> = origins.iter().flatten().map(|s| (*s).to_owned()).collect();
        let mut next = 0;
        let codes: Vec<i32> = origins
            .iter()
            .map(|o| {
                o.map_or(-1, |_| {
                    next += 1;
                    next - 1
                })
            })
            .collect();
        let cycle = |k: usize| codes.get(k % codes.len()).copied().unwrap_or(-1);
        let mut cols = CaseColumns::new(n);
        let one = |v: &str| TextColumn {
            codes: vec![0; n],
            values: vec![v.to_owned()],
        };
        cols.set_text("filiere", one("chirurgie")).unwrap();
        cols.set_text("date", one("2020-01-01")).unwrap();
        let origin = TextColumn {
            codes: (0..n).map(cycle).collect(),
            values,
        };
        cols.set_text("origin", origin).unwrap();
        cols
    }

    fn column(w: &ResultWriter<'_>, name: &str) -> Vec<Option<String>> {
        let k = RESULT_COLUMNS.iter().position(|c| c.name == name).unwrap();
        w.rows()
            .iter()
            .map(|&r| w.text(r, k).map(str::to_owned))
            .collect()
    }

    #[test]
    fn threads_give_the_rows_of_one_thread_in_order() {
        let e = engine();
        let cols = columns(1000, &[Some("ch-b"), None, Some("chu-a"), Some("nowhere")]);
        let mut one = BatchOutput::default();
        let mut routers = [RowRouter::new(&e, &cols, Lang::En)];
        route_chunk(&mut routers, &cols, 0..1000, false, &mut one);
        for threads in [2, 3] {
            let mut many = BatchOutput::default();
            let mut routers: Vec<_> = (0..threads)
                .map(|_| RowRouter::new(&e, &cols, Lang::En))
                .collect();
            // Two chunks, as the bindings route them.
            route_chunk(&mut routers, &cols, 0..600, false, &mut many);
            route_chunk(&mut routers, &cols, 600..1000, false, &mut many);
            assert_eq!(many.writer().rows().len(), 1000);
            for name in ["outcome", "target", "error", "level"] {
                assert_eq!(
                    column(many.writer(), name),
                    column(one.writer(), name),
                    "{name}"
                );
            }
        }
        let outcomes = column(one.writer(), "outcome");
        assert_eq!(
            outcomes.get(1).cloned().flatten().as_deref(),
            Some("invalid")
        );
        assert_eq!(
            outcomes.get(3).cloned().flatten().as_deref(),
            Some("invalid")
        );
    }

    #[test]
    fn explanations_come_one_per_row_in_the_language_asked() {
        let e = engine();
        let cols = columns(4, &[Some("ch-b"), None]);
        let mut out = BatchOutput::new(ResultWriter::default(), true);
        let mut routers = [RowRouter::new(&e, &cols, Lang::Fr)];
        route_chunk(&mut routers, &cols, 0..4, true, &mut out);
        let texts = out.explanations();
        assert_eq!(texts.len(), 4);
        assert!(texts.first().cloned().flatten().is_some());
        assert!(
            texts.get(1).cloned().flatten().is_none(),
            "an unreadable row"
        );
        // `Direct` explains nothing, even when asked.
        let mut out = BatchOutput::new(ResultWriter::default(), true);
        RowRouter::with(Direct(&e), &cols, Lang::Fr).route_into(&cols, 0..4, true, &mut out);
        assert!(out.explanations().iter().all(Option::is_none));
    }

    #[test]
    fn resumed_texts_keep_their_codes_from_one_batch_to_the_next() {
        let e = engine();
        let target = RESULT_COLUMNS
            .iter()
            .position(|c| c.name == "target")
            .unwrap();
        let cols = columns(2, &[Some("ch-b"), Some("chu-a")]);
        let mut out = BatchOutput::default();
        RowRouter::with(Direct(&e), &cols, Lang::En).route_into(&cols, 0..2, false, &mut out);
        let first: Vec<i32> = (0..2).map(|r| out.writer().code(r, target)).collect();
        let texts = out.into_writer().into_texts();
        let counts = texts.counts();
        // The next batch, in the other order: the same codes, no new text.
        let cols = columns(2, &[Some("chu-a"), Some("ch-b")]);
        let mut out = BatchOutput::new(ResultWriter::resume(texts), false);
        RowRouter::with(Direct(&e), &cols, Lang::En).route_into(&cols, 0..2, false, &mut out);
        let w = out.writer();
        let again: Vec<i32> = w.rows().iter().map(|&r| w.code(r, target)).collect();
        assert_eq!(again, [first[1], first[0]]);
        assert_eq!(out.into_writer().into_texts().counts(), counts);
    }

    #[test]
    fn remembered_entries_give_the_rows_of_routing_each_row() {
        let e = engine();
        // 600 rows, no two alike (origin and day), many in one period of the network: the
        // memo answers most of them with an entry the writer knows.
        let n = 600;
        let mut cols = columns(n, &[Some("ch-b"), Some("chu-a"), None, Some("nowhere")]);
        let days: Vec<String> = (0..n)
            .map(|k| {
                let day = crate::Date::from_epoch_day(17_000 + i32::try_from(k).unwrap());
                day.unwrap().to_string()
            })
            .collect();
        let date = TextColumn {
            codes: (0..n).map(|k| i32::try_from(k).unwrap()).collect(),
            values: days,
        };
        cols.set_text("date", date).unwrap();
        let mut direct = BatchOutput::default();
        RowRouter::with(Direct(&e), &cols, Lang::En).route_into(&cols, 0..n, false, &mut direct);
        // A memo large enough, and one that starts afresh every three decisions (its entries'
        // numbers start again), each over two chunks.
        for memo in [Memo::new(&e), Memo::with_capacity(&e, 3)] {
            let mut out = BatchOutput::default();
            let mut router = RowRouter::with(memo, &cols, Lang::En);
            router.route_into(&cols, 0..250, false, &mut out);
            router.route_into(&cols, 250..n, false, &mut out);
            assert!(router.router.stats().hits > 0);
            let numbers = |w: &ResultWriter<'_>, k: usize| -> Vec<u64> {
                w.rows().iter().map(|&r| w.number(r, k).to_bits()).collect()
            };
            for (k, c) in RESULT_COLUMNS.iter().enumerate() {
                assert_eq!(
                    column(out.writer(), c.name),
                    column(direct.writer(), c.name),
                    "{}",
                    c.name
                );
                assert_eq!(numbers(out.writer(), k), numbers(direct.writer(), k));
            }
        }
    }

    /// Routes like the engine, but panics on the case from `site`: a bug in one thread.
    struct Panicky<'e>(&'e Engine, &'static str);

    impl<'e> CaseRouter<'e> for Panicky<'e> {
        fn engine(&self) -> &'e Engine {
            self.0
        }
        fn route(&mut self, case: &Case) -> Decision<'e> {
            assert!(
                !matches!(&case.origin, crate::Origin::Id(id) if id == self.1),
                "injected panic"
            );
            self.0.route(case)
        }
    }

    #[test]
    fn a_panic_in_one_thread_is_raised_again_not_a_short_result() {
        let e = engine();
        let origins = [Some("ch-b"), Some("ch-b"), Some("ch-b"), Some("chu-a")];
        let cols = columns(400, &origins);
        let mut out = BatchOutput::default();
        let mut routers: Vec<_> = (0..2)
            .map(|_| RowRouter::with(Panicky(&e, "chu-a"), &cols, Lang::En))
            .collect();
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            route_chunk(&mut routers, &cols, 0..400, false, &mut out);
        }));
        let payload = caught.expect_err("the panic reaches the caller");
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"injected panic"));
        assert!(
            out.writer().rows().is_empty(),
            "no partial rows were merged"
        );
    }
}
