//! The result columns of a batch: one schema, defined here, for every surface.
//!
//! A batch of cases comes back as columns: Python `Engine.route_batch` (pandas, polars,
//! pyarrow), JavaScript `engine.routeColumns`, and the CSV of `parcours route`. All of them
//! write exactly [`RESULT_COLUMNS`], in that order, with the kind and nullability given there;
//! each surface may keep its input columns before them (Python keeps the frame's other
//! columns; an input column named like a result column, such as `level` or `commune`, gives way
//! to the result's). The value of every column for a row comes from
//! [`ResultColumn::text`] / [`ResultColumn::number`], so no surface decides on its own what a
//! column holds; [`ResultWriter`] writes dictionary-encoded columns from decisions.
//!
//! A row whose case could not be read (no filière, no origin, a bad date) has `outcome`
//! `invalid` and its `error`, and nothing else; `outcome` is never null. The network a result
//! came from is not a column: each surface attaches the [fingerprint](crate::Fingerprint) as
//! metadata under [`FINGERPRINT_KEY`] (pandas `attrs`, Arrow schema metadata, a non-enumerable
//! `fingerprint` property in JavaScript, a `# parcours fingerprint:` comment line in CSV).
//!
//! ```
//! # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/mini.json")).unwrap();
//! use parcours::results::{RESULT_COLUMNS, ResultRow};
//! let engine = parcours::Engine::compile(&parcours::Network::from_json_str(&text)?)?;
//! let case = parcours::Case::new("chirurgie", "ch-b", "2020-01-01".parse().unwrap());
//! let decision = engine.route(&case);
//! let row = ResultRow { id: Some("stay-1"), result: Ok(&decision) };
//! let outcome = RESULT_COLUMNS.iter().find(|c| c.name == "outcome").unwrap();
//! assert_eq!(outcome.text(row), Some("routed"));
//! let unread = ResultRow { id: None, result: Err("missing `date`") };
//! assert_eq!(outcome.text(unread), Some("invalid"));
//! # Ok::<(), parcours::Error>(())
//! ```

use crate::engine::HashMap;
use crate::ffi::Interner;
use crate::route::Decision;

/// Where surfaces put the network fingerprint of a batch result: the key of pandas
/// `DataFrame.attrs` and of the Arrow schema metadata.
pub const FINGERPRINT_KEY: &str = "parcours.fingerprint";

/// What a result column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ColumnKind {
    /// The case's own value, echoed as given: in a frame, the input column unchanged (its type
    /// kept), null when the input has none; text in CSV.
    Echo,
    /// Text, dictionary-encoded where the surface can (pandas `category`, Arrow
    /// `dictionary<string>`, JavaScript `{codes, values}`).
    Text,
    /// A 64-bit float; none is null (pandas and JavaScript: `NaN`, CSV: empty).
    Number,
}

impl ColumnKind {
    /// The kind's name: `echo`, `text` or `number`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Echo => "echo",
            Self::Text => "text",
            Self::Number => "number",
        }
    }
}

/// Which field of a row a column reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Field {
    Id,
    Outcome,
    Target,
    TargetName,
    Level,
    TargetLevel,
    Step,
    Rule,
    TeleService,
    FallbackTarget,
    Entry,
    Commune,
    DistanceKm,
    Minutes,
    Reason,
    Error,
}

/// One column of a batch result: see [`RESULT_COLUMNS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ResultColumn {
    /// The column name, the same on every surface (and the decision's field name).
    pub name: &'static str,
    /// What it holds.
    pub kind: ColumnKind,
    /// Whether a row may have no value (`outcome` always has one).
    pub nullable: bool,
    /// What it means, in one sentence.
    pub doc: &'static str,
    field: Field,
}

/// One row's result, as the columns read it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ResultRow<'a> {
    /// The case's id, when it has one.
    pub id: Option<&'a str>,
    /// The decision, or why the row could not become a case.
    pub result: Result<&'a Decision<'a>, &'a str>,
}

const fn column(
    name: &'static str,
    kind: ColumnKind,
    nullable: bool,
    field: Field,
    doc: &'static str,
) -> ResultColumn {
    ResultColumn {
        name,
        kind,
        nullable,
        doc,
        field,
    }
}

/// The columns of a batch result, in order: every field of a [`Decision`], the case's id
/// before them and the row's `error` after them.
pub const RESULT_COLUMNS: &[ResultColumn] = &[
    column(
        "id",
        ColumnKind::Echo,
        true,
        Field::Id,
        "the case's id, echoed as given (null when the case has none)",
    ),
    column(
        "outcome",
        ColumnKind::Text,
        false,
        Field::Outcome,
        "`routed`, `no_route`, or `invalid` (an unknown filière, level or origin, or a row that \
         could not be read)",
    ),
    column(
        "target",
        ColumnKind::Text,
        true,
        Field::Target,
        "the chosen site's id",
    ),
    column(
        "target_name",
        ColumnKind::Text,
        true,
        Field::TargetName,
        "the chosen site's name",
    ),
    column(
        "level",
        ColumnKind::Text,
        true,
        Field::Level,
        "the level the case needs, after its flags",
    ),
    column(
        "target_level",
        ColumnKind::Text,
        true,
        Field::TargetLevel,
        "the level the chosen site holds in the filière at the date",
    ),
    column(
        "step",
        ColumnKind::Text,
        true,
        Field::Step,
        "the step that chose the target (`local`, `first_line`, `partner`, `recourse`, \
         `tele_service`...)",
    ),
    column(
        "rule",
        ColumnKind::Text,
        true,
        Field::Rule,
        "the rule that chose the target, if a rule did",
    ),
    column(
        "tele_service",
        ColumnKind::Text,
        true,
        Field::TeleService,
        "the tele-service to use first, when the step is `tele_service`",
    ),
    column(
        "fallback_target",
        ColumnKind::Text,
        true,
        Field::FallbackTarget,
        "with a tele-service: the site for a physical transfer if one is still needed",
    ),
    column(
        "entry",
        ColumnKind::Text,
        true,
        Field::Entry,
        "for a person coming from a place (commune, postal code, point, location): the site \
         where they enter the network",
    ),
    column(
        "commune",
        ColumnKind::Text,
        true,
        Field::Commune,
        "the commune the person comes from, as the reference knows it now (a merged commune \
         gives its successor)",
    ),
    column(
        "distance_km",
        ColumnKind::Number,
        true,
        Field::DistanceKm,
        "distance from the origin to the target, km (straight line or travel matrix)",
    ),
    column(
        "minutes",
        ColumnKind::Number,
        true,
        Field::Minutes,
        "travel time from the origin to the target, from the travel matrix",
    ),
    column(
        "reason",
        ColumnKind::Text,
        true,
        Field::Reason,
        "why there is no route or why the case is invalid",
    ),
    column(
        "error",
        ColumnKind::Text,
        true,
        Field::Error,
        "why the row could not be read as a case (its outcome is then `invalid`)",
    ),
];

impl ResultColumn {
    /// The column's text for a row: `None` when the row has no value, and for a
    /// [`ColumnKind::Number`] column.
    #[inline]
    pub fn text<'a>(&self, row: ResultRow<'a>) -> Option<&'a str> {
        let d = match (self.field, row.result) {
            (Field::Id, _) => return row.id,
            (Field::Outcome, Err(_)) => return Some("invalid"),
            (Field::Error, r) => return r.err(),
            (_, Err(_)) => return None,
            (_, Ok(d)) => d,
        };
        match self.field {
            Field::Outcome => Some(d.outcome.as_str()),
            Field::Target => d.target,
            Field::TargetName => d.target_name,
            Field::Level => d.level,
            Field::TargetLevel => d.target_level,
            Field::Step => d.step.map(crate::Step::as_str),
            Field::Rule => d.rule,
            Field::TeleService => d.tele_service,
            Field::FallbackTarget => d.fallback_target,
            Field::Entry => d.entry,
            Field::Commune => d.commune,
            Field::Reason => d.reason.map(crate::ReasonCode::as_str),
            Field::Id | Field::DistanceKm | Field::Minutes | Field::Error => None,
        }
    }

    /// The column's number for a row: `None` when the row has no value, and for a column that
    /// is not a [`ColumnKind::Number`].
    #[inline]
    pub fn number(&self, row: ResultRow<'_>) -> Option<f64> {
        let d = row.result.ok()?;
        match self.field {
            Field::DistanceKm => d.distance_km,
            Field::Minutes => d.minutes,
            _ => None,
        }
    }
}

/// [`RESULT_COLUMNS`] as a Markdown table (column, kind, nullable, meaning), one row per
/// column in order: the table the README shows, generated here so that it cannot drift.
pub fn markdown_table() -> String {
    let mut out = String::from("| column | kind | null | meaning |\n|---|---|---|---|\n");
    for c in RESULT_COLUMNS {
        out.push_str("| `");
        out.push_str(c.name);
        out.push_str("` | ");
        out.push_str(c.kind.as_str());
        out.push_str(" | ");
        out.push_str(if c.nullable { "yes" } else { "never" });
        out.push_str(" | ");
        out.push_str(c.doc);
        out.push_str(" |\n");
    }
    out
}

impl crate::route::Outcome {
    /// The outcome's name, as decisions serialise it (`routed`, `no_route`, `invalid`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Routed => "routed",
            Self::NoRoute => "no_route",
            Self::Invalid => "invalid",
        }
    }
}

impl crate::network::Step {
    /// The step's name, as decisions and networks serialise it (`local`, `first_line`...).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Local => "local",
            Self::Partner => "partner",
            Self::PreferredPathway => "preferred_pathway",
            Self::Recourse => "recourse",
            Self::TeleService => "tele_service",
            Self::PatientChoice => "patient_choice",
            Self::Fallback => "fallback",
            Self::FirstLine => "first_line",
        }
    }
}

impl crate::route::ReasonCode {
    /// The reason's name, as decisions serialise it (`no_applicable_rule`...).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NoApplicableRule => "no_applicable_rule",
            Self::NoQualifyingTarget => "no_qualifying_target",
            Self::UnknownFiliere => "unknown_filiere",
            Self::UnknownLevel => "unknown_level",
            Self::UnknownOrigin => "unknown_origin",
            Self::InvalidCoordinates => "invalid_coordinates",
            Self::InvalidDistance => "invalid_distance",
            Self::OutsideTerritory => "outside_territory",
            Self::UnknownCommune => "unknown_commune",
            Self::UnknownPostalCode => "unknown_postal_code",
            Self::NoCommuneReference => "no_commune_reference",
            Self::UnknownFiness => "unknown_finess",
            Self::InvalidFiness => "invalid_finess",
            Self::AmbiguousFiness => "ambiguous_finess",
            Self::UnknownFlag => "unknown_flag",
        }
    }
}

/// How many columns [`RESULT_COLUMNS`] has.
pub const N_COLUMNS: usize = 16;

const _: () = assert!(RESULT_COLUMNS.len() == N_COLUMNS);

/// The codes a [`ResultWriter`] gave the texts of an engine's decisions, one [`Interner`] per
/// text column (`error` texts belong to one batch and are left out), kept from one batch to
/// the next with [`ResultWriter::into_texts`] and [`ResultWriter::resume`]: a text keeps its
/// code, so a binding hands each text over once per engine (JavaScript `routeColumns`).
///
/// The codes are found by the texts' addresses: resume them only with decisions of the engine
/// whose decisions they coded, while it lives.
#[derive(Debug, Clone)]
pub struct ResultTexts {
    columns: [Interner; N_COLUMNS],
}

impl Default for ResultTexts {
    fn default() -> Self {
        // A loop, not sixteen unrolled constructions (WebAssembly module bytes).
        Self {
            columns: std::array::from_fn(|_| Interner::default()),
        }
    }
}

impl ResultTexts {
    /// How many distinct texts each column has (0 for a column that is not text): the code the
    /// next new text of the column will get.
    pub fn counts(&self) -> [usize; N_COLUMNS] {
        self.columns.each_ref().map(|i| i.values().len())
    }

    /// The codes of one decision's texts, by column of [`RESULT_COLUMNS`] (`-1` for no text,
    /// and for the columns that are not text or are `error`), in the codes of the batches: a
    /// binding that routes one case at a time (JavaScript `route`) hands each text over once
    /// per engine too. As with [`ResultWriter::resume`], only decisions of the engine whose
    /// decisions these codes coded, while it lives.
    ///
    /// ```
    /// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/mini.json")).unwrap();
    /// use parcours::results::{RESULT_COLUMNS, ResultTexts, ResultWriter};
    /// let engine = parcours::Engine::compile(&parcours::Network::from_json_str(&text)?)?;
    /// let case = parcours::Case::new("chirurgie", "ch-b", "2020-01-01".parse().unwrap());
    /// let d = engine.route(&case);
    /// let mut texts = ResultTexts::default();
    /// let codes = texts.code_decision(&d);
    /// let target = RESULT_COLUMNS.iter().position(|c| c.name == "target").unwrap();
    /// assert_eq!(texts.values(target)[codes[target] as usize], d.target.unwrap());
    /// // A batch resumed from these texts gives the decision's texts the same codes.
    /// let mut w = ResultWriter::resume(texts);
    /// let r = w.add(Ok(&d));
    /// assert_eq!(w.code(r, target), codes[target]);
    /// # Ok::<(), parcours::Error>(())
    /// ```
    pub fn code_decision(&mut self, d: &Decision<'_>) -> [i32; N_COLUMNS] {
        let row = ResultRow {
            id: None,
            result: Ok(d),
        };
        let mut codes = [-1; N_COLUMNS];
        let columns = codes.iter_mut().zip(RESULT_COLUMNS).zip(&mut self.columns);
        for ((code, col), dict) in columns {
            if col.kind == ColumnKind::Text && col.field != Field::Error {
                *code = dict.code(col.text(row));
            }
        }
        codes
    }

    /// The texts of column `column` (an index into [`RESULT_COLUMNS`]), in code order; empty
    /// for a column that is not text.
    pub fn values(&self, column: usize) -> &[String] {
        self.columns.get(column).map_or(&[], Interner::values)
    }
}

/// Writes batch results as the columns of [`RESULT_COLUMNS`]: text columns dictionary-encoded
/// (a code per distinct result, `-1` for null), numbers as `f64` (`NaN` for null). Rows that
/// share a result share its codes: [`Self::add`] gives the index of a row's distinct result,
/// and the rows are the indices pushed with [`Self::push_rows`]. The `id` column
/// ([`ColumnKind::Echo`]) is the caller's: the writer leaves it out.
///
/// The writer codes a decision's texts by their address, so it borrows the engine (`'e`).
///
/// ```
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/mini.json")).unwrap();
/// use parcours::results::{RESULT_COLUMNS, ResultWriter};
/// let engine = parcours::Engine::compile(&parcours::Network::from_json_str(&text)?)?;
/// let case = parcours::Case::new("chirurgie", "ch-b", "2020-01-01".parse().unwrap());
/// let decision = engine.route(&case);
/// let mut w = ResultWriter::default();
/// let (a, b) = (w.add(Ok(&decision)), w.add(Err("missing `date`")));
/// w.push_rows(&[a, b, a]);
/// let outcome = RESULT_COLUMNS.iter().position(|c| c.name == "outcome").unwrap();
/// let texts: Vec<&str> = w.rows().iter().map(|&r| w.text(r, outcome).unwrap()).collect();
/// assert_eq!(texts, ["routed", "invalid", "routed"]);
/// # Ok::<(), parcours::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct ResultWriter<'e> {
    dictionaries: [Interner; N_COLUMNS],
    /// The distinct results, in order of first appearance: a text column's code, or a number
    /// column's bits, per column.
    results: Vec<[u64; N_COLUMNS]>,
    index: HashMap<[u64; N_COLUMNS], u32>,
    /// The result of each decision already added, by its texts' addresses and its numbers'
    /// bits: a decision met again (most rows of a batch, even when no two cases are alike)
    /// costs one look-up instead of one per column.
    seen: HashMap<DecisionKey, u32>,
    /// Whether `seen` pays, tried in windows as the memo's map is: when the decisions added
    /// are nearly all new (every case from its own point, each distance its own), looking them
    /// up and keeping them (tens of MB for a million results) costs more than it saves, and
    /// `seen` rests for a while. Results are the same either way: the coded results are
    /// de-duplicated by `index` whatever `seen` does.
    window: crate::batch::TrialWindow,
    rows: Vec<u32>,
    engine: std::marker::PhantomData<&'e str>,
}

/// What identifies a decision's result row: its texts by address and length (the texts of
/// decisions live in the engine for `'e`, or are static, so they cannot move or be replaced
/// while the writer lives), its enums and its numbers' bits. Read from the decision's fields
/// directly (a loop over the columns costs more than the look-up it saves); the test
/// `a_decision_key_tells_every_column_apart` keeps it in step with [`RESULT_COLUMNS`].
#[derive(Debug, Clone, Copy, Eq)]
struct DecisionKey {
    /// The texts' addresses, the enums, the numbers' bits.
    words: [u64; 13],
    /// The texts' lengths plus one, `0` for none.
    lens: [u64; 10],
}

impl DecisionKey {
    #[inline]
    fn of(d: &Decision<'_>) -> Self {
        let texts = [
            d.target,
            d.target_name,
            d.level,
            d.target_level,
            d.rule,
            d.tele_service,
            d.fallback_target,
            d.entry,
            d.commune,
            // The outcome, step and reason names are static texts, but an enum is cheaper.
            None,
        ];
        let mut key = Self {
            words: [0; 13],
            lens: [0; 10],
        };
        for ((word, len), text) in key.words.iter_mut().zip(&mut key.lens).zip(texts) {
            if let Some(s) = text {
                *word = s.as_ptr() as u64;
                *len = s.len() as u64 + 1;
            }
        }
        let enums = [
            Some(d.outcome as u8),
            d.step.map(|s| s as u8),
            d.reason.map(|r| r as u8),
        ];
        key.words[9] = enums
            .iter()
            .fold(0, |acc, e| acc << 16 | e.map_or(0, |e| u64::from(e) + 1));
        key.words[10] = d.distance_km.map_or(NO_NUMBER, f64::to_bits);
        key.words[11] = d.minutes.map_or(NO_NUMBER, f64::to_bits);
        key
    }
}

impl PartialEq for DecisionKey {
    /// Word by word without branches (the derived comparison calls `memcmp`).
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        let words = self.words.iter().zip(&other.words);
        let lens = self.lens.iter().zip(&other.lens);
        words.chain(lens).fold(0, |acc, (a, b)| acc | (a ^ b)) == 0
    }
}

impl std::hash::Hash for DecisionKey {
    #[inline]
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        // The addresses and numbers tell decisions apart; the lengths only confirm.
        let mut x = 0u64;
        for &w in &self.words {
            x = (x ^ w).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            x ^= x >> 29;
        }
        h.write_u64(x ^ (x >> 32));
    }
}

/// The bits of an absent number: a `NaN`.
const NO_NUMBER: u64 = 0x7ff8_0000_0000_0000;

impl<'e> ResultWriter<'e> {
    /// A writer whose text columns start with the codes of earlier batches of the same engine
    /// ([`Self::into_texts`]); every other part of it starts empty.
    pub fn resume(texts: ResultTexts) -> Self {
        Self {
            dictionaries: texts.columns,
            results: Vec::new(),
            index: HashMap::default(),
            seen: HashMap::default(),
            window: crate::batch::TrialWindow::default(),
            rows: Vec::new(),
            engine: std::marker::PhantomData,
        }
    }

    /// The codes of the engine's texts, to [`resume`](Self::resume) the next batch with; the
    /// `error` column's texts are dropped (they belong to this batch).
    pub fn into_texts(self) -> ResultTexts {
        let mut columns = self.dictionaries;
        for (dict, col) in columns.iter_mut().zip(RESULT_COLUMNS) {
            if col.field == Field::Error {
                *dict = Interner::default();
            }
        }
        ResultTexts { columns }
    }

    /// The index of a row's distinct result (a decision, or the text of why its case could not
    /// be read), added to the distinct results if new.
    pub fn add(&mut self, result: Result<&Decision<'e>, &str>) -> u32 {
        let Ok(d) = result else {
            return self.add_coded(result);
        };
        if self.window.rests() {
            return self.add_coded(result);
        }
        if self.window.tried() {
            self.seen = HashMap::default();
        }
        let key = DecisionKey::of(d);
        if let Some(&r) = self.seen.get(&key) {
            self.window.hit();
            return r;
        }
        let r = self.add_coded(result);
        self.seen.insert(key, r);
        r
    }

    /// [`Self::add`] through each column's dictionary: the first time a decision is met, and
    /// for every row that could not be read.
    fn add_coded(&mut self, result: Result<&Decision<'e>, &str>) -> u32 {
        let mut r = [0u64; N_COLUMNS];
        for ((slot, col), dict) in r.iter_mut().zip(RESULT_COLUMNS).zip(&mut self.dictionaries) {
            let row = ResultRow { id: None, result };
            *slot = match col.kind {
                ColumnKind::Echo => 0,
                ColumnKind::Number => col.number(row).map_or(NO_NUMBER, f64::to_bits),
                ColumnKind::Text => {
                    let code = match col.text(row) {
                        None => -1,
                        Some(s) if col.field == Field::Error => dict.code_of_value(s),
                        s => dict.code(s),
                    };
                    u64::from(u32::from_ne_bytes(code.to_ne_bytes()))
                }
            };
        }
        let results = &mut self.results;
        *self.index.entry(r).or_insert_with(|| {
            results.push(r);
            u32::try_from(results.len() - 1).unwrap_or(u32::MAX)
        })
    }

    /// Appends rows, each the index of its result from [`Self::add`].
    pub fn push_rows(&mut self, rows: &[u32]) {
        self.rows.extend_from_slice(rows);
    }

    /// Reserves room for `rows` more rows.
    pub fn reserve(&mut self, rows: usize) {
        self.rows.reserve_exact(rows);
    }

    /// The rows: each the index of its distinct result.
    pub fn rows(&self) -> &[u32] {
        &self.rows
    }

    /// How many distinct results there are.
    pub fn results(&self) -> usize {
        self.results.len()
    }

    /// The code of result `result` in text column `column` (an index into
    /// [`RESULT_COLUMNS`]): an index into [`Self::values`], `-1` for null (and for a column
    /// that is not text, or a result or column out of range).
    pub fn code(&self, result: u32, column: usize) -> i32 {
        match (RESULT_COLUMNS.get(column), self.bits(result, column)) {
            (Some(c), Some(bits)) if c.kind == ColumnKind::Text => {
                i32::from_ne_bytes(u32::try_from(bits).unwrap_or(u32::MAX).to_ne_bytes())
            }
            _ => -1,
        }
    }

    /// The number of result `result` in number column `column`: `NaN` for null (and for a
    /// column that is not a number, or a result or column out of range).
    pub fn number(&self, result: u32, column: usize) -> f64 {
        match (RESULT_COLUMNS.get(column), self.bits(result, column)) {
            (Some(c), Some(bits)) if c.kind == ColumnKind::Number => f64::from_bits(bits),
            _ => f64::NAN,
        }
    }

    /// The text of result `result` in text column `column`, if any.
    pub fn text(&self, result: u32, column: usize) -> Option<&str> {
        let code = usize::try_from(self.code(result, column)).ok()?;
        self.values(column).get(code).map(String::as_str)
    }

    /// The distinct texts of column `column`, in code order (empty for a column that is not
    /// text).
    pub fn values(&self, column: usize) -> &[String] {
        self.dictionaries.get(column).map_or(&[], Interner::values)
    }

    /// The codes of text column `column`, one per distinct result in result order (`-1` for
    /// null): what a binding expands to rows with [`Self::per_row`].
    pub fn result_codes(&self, column: usize) -> Vec<i32> {
        (0..self.results.len())
            .map(|r| self.code(u32::try_from(r).unwrap_or(u32::MAX), column))
            .collect()
    }

    /// The numbers of number column `column`, one per distinct result in result order (`NaN`
    /// for null).
    pub fn result_numbers(&self, column: usize) -> Vec<f64> {
        (0..self.results.len())
            .map(|r| self.number(u32::try_from(r).unwrap_or(u32::MAX), column))
            .collect()
    }

    /// Row by row, the value of its result among `per_result` (one value per distinct
    /// result, as [`Self::result_codes`] or [`Self::result_numbers`] give, or any value
    /// derived from them).
    ///
    /// # Errors
    /// Names the first row whose result is not in `per_result` (a `per_result` shorter than
    /// [`Self::results`]).
    pub fn per_row<'a, T: Copy>(
        &'a self,
        per_result: &'a [T],
    ) -> impl Iterator<Item = Result<T, RowWithoutResult>> + 'a {
        self.rows.iter().enumerate().map(|(row, &result)| {
            per_result
                .get(result as usize)
                .copied()
                .ok_or(RowWithoutResult {
                    row,
                    result,
                    results: per_result.len(),
                })
        })
    }

    fn bits(&self, result: u32, column: usize) -> Option<u64> {
        self.results
            .get(result as usize)
            .and_then(|r| r.get(column))
            .copied()
    }
}

/// A row whose result index is not among the values given for the results (a bug of the
/// caller of [`ResultWriter::per_row`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("row {row} refers to result {result} of {results} in a result column")]
pub struct RowWithoutResult {
    /// The row, counted from 0.
    pub row: usize,
    /// Its result index.
    pub result: u32,
    /// How many values there were.
    pub results: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::route::{Outcome, ReasonCode};

    fn decision(outcome: Outcome) -> Decision<'static> {
        Decision::new(outcome)
    }

    #[test]
    fn the_columns_cover_every_field_of_a_decision_in_its_names() {
        let names: Vec<&str> = RESULT_COLUMNS.iter().map(|c| c.name).collect();
        // Every field a decision serialises is a column of the same name.
        let mut d = decision(Outcome::Routed);
        d.reason = Some(ReasonCode::NoApplicableRule);
        d.target = Some("t");
        d.target_name = Some("T");
        d.level = Some("l");
        d.target_level = Some("l");
        d.step = Some(crate::Step::TeleService);
        d.rule = Some("r");
        d.tele_service = Some("s");
        d.fallback_target = Some("f");
        d.distance_km = Some(1.0);
        d.minutes = Some(2.0);
        d.commune = Some("52269");
        d.entry = Some("e");
        let json = serde_json::to_value(&d).unwrap();
        for key in json.as_object().unwrap().keys() {
            assert!(names.contains(&key.as_str()), "no column for `{key}`");
        }
        assert_eq!(json.as_object().unwrap().len() + 2, RESULT_COLUMNS.len());
        // Names are unique, and each column reads the field of its name.
        for (i, c) in RESULT_COLUMNS.iter().enumerate() {
            assert!(!names[..i].contains(&c.name), "`{}` twice", c.name);
            let row = ResultRow {
                id: Some("x"),
                result: Ok(&d),
            };
            let value = match c.kind {
                ColumnKind::Number => c.number(row).map(serde_json::Value::from),
                _ => c.text(row).map(serde_json::Value::from),
            };
            match c.name {
                "id" => assert_eq!(value, Some("x".into())),
                "error" => assert_eq!(value, None),
                name => assert_eq!(value.as_ref(), json.get(name), "column `{name}`"),
            }
        }
    }

    #[test]
    fn enum_names_are_their_serde_names() {
        use crate::network::Step;
        use ReasonCode as R;
        let serde = |v: serde_json::Value| v.as_str().unwrap().to_owned();
        for o in [Outcome::Routed, Outcome::NoRoute, Outcome::Invalid] {
            assert_eq!(o.as_str(), serde(serde_json::to_value(o).unwrap()));
        }
        for s in [
            Step::Local,
            Step::Partner,
            Step::PreferredPathway,
            Step::Recourse,
            Step::TeleService,
            Step::PatientChoice,
            Step::Fallback,
            Step::FirstLine,
        ] {
            assert_eq!(s.as_str(), serde(serde_json::to_value(s).unwrap()));
        }
        for r in R::ALL_FOR_TESTS {
            assert_eq!(r.as_str(), serde(serde_json::to_value(r).unwrap()));
        }
    }

    #[test]
    fn an_unread_row_is_invalid_with_its_error_and_nothing_else() {
        let row = ResultRow {
            id: Some("7"),
            result: Err("missing `date`"),
        };
        for c in RESULT_COLUMNS {
            let got = (c.text(row), c.number(row));
            match c.name {
                "id" => assert_eq!(got, (Some("7"), None)),
                "outcome" => assert_eq!(got, (Some("invalid"), None)),
                "error" => assert_eq!(got, (Some("missing `date`"), None)),
                _ => assert_eq!(got, (None, None), "{}", c.name),
            }
            assert_eq!(c.nullable, c.name != "outcome");
        }
    }

    #[test]
    fn a_decision_key_tells_every_column_apart() {
        use crate::route::ReasonCode;
        let (x, y) = (String::from("x"), String::from("xy"));
        let mut base = decision(Outcome::Routed);
        let texts: [for<'a> fn(&'a mut Decision<'static>) -> &'a mut Option<&'static str>; 9] = [
            |d| &mut d.target,
            |d| &mut d.target_name,
            |d| &mut d.level,
            |d| &mut d.target_level,
            |d| &mut d.rule,
            |d| &mut d.tele_service,
            |d| &mut d.fallback_target,
            |d| &mut d.entry,
            |d| &mut d.commune,
        ];
        let x: &'static str = Box::leak(x.into_boxed_str());
        let y: &'static str = Box::leak(y.into_boxed_str());
        for f in texts {
            *f(&mut base) = Some(x);
        }
        base.step = Some(crate::Step::Local);
        base.reason = Some(ReasonCode::NoApplicableRule);
        base.distance_km = Some(1.0);
        base.minutes = Some(2.0);
        // Every result column but `id` and `error` (not a decision's) changed alone: the
        // column's value differs, and so does the key.
        let mut changed: Vec<Decision<'static>> = Vec::new();
        for f in texts {
            let mut d = base.clone();
            *f(&mut d) = None;
            changed.push(d.clone());
            *f(&mut d) = Some(&y[..1]); // the same address, another length
            changed.push(d);
        }
        for edit in [
            |d: &mut Decision<'static>| d.outcome = Outcome::NoRoute,
            |d: &mut Decision<'static>| d.step = Some(crate::Step::Recourse),
            |d: &mut Decision<'static>| d.step = None,
            |d: &mut Decision<'static>| d.reason = None,
            |d: &mut Decision<'static>| d.distance_km = Some(1.5),
            |d: &mut Decision<'static>| d.minutes = None,
        ] {
            let mut d = base.clone();
            edit(&mut d);
            changed.push(d);
        }
        let row = |d: &Decision<'static>| -> Vec<(Option<String>, Option<u64>)> {
            RESULT_COLUMNS
                .iter()
                .map(|c| {
                    let r = ResultRow {
                        id: None,
                        result: Ok(d),
                    };
                    (c.text(r).map(str::to_owned), c.number(r).map(f64::to_bits))
                })
                .collect()
        };
        let mut columns_seen = std::collections::BTreeSet::new();
        for d in &changed {
            let diff: Vec<&str> = RESULT_COLUMNS
                .iter()
                .zip(row(d).iter().zip(row(&base)))
                .filter(|(_, (a, b))| *a != b)
                .map(|(c, _)| c.name)
                .collect();
            if diff.is_empty() {
                // Same text, another address: a key may differ, the codes will not.
                continue;
            }
            columns_seen.extend(diff);
            assert_ne!(DecisionKey::of(d), DecisionKey::of(&base), "{d:?}");
        }
        let all: std::collections::BTreeSet<&str> = RESULT_COLUMNS
            .iter()
            .map(|c| c.name)
            .filter(|n| !["id", "error"].contains(n))
            .collect();
        assert_eq!(columns_seen, all, "a column no change above reaches");
        assert_eq!(DecisionKey::of(&base.clone()), DecisionKey::of(&base));
    }

    #[test]
    fn a_writer_whose_decisions_are_all_new_still_codes_equal_ones_once() {
        // 10,000 decisions, each its own distance: `seen` finds none again in its first
        // window and rests; the same decisions added again (equal, not the same values) take
        // the results of the first ones all the same, and so does a decision met every other
        // row once `seen` is tried again.
        let target = String::from("ch-a");
        let decisions: Vec<Decision<'_>> = (0..10_000u32)
            .map(|k| {
                let mut d = decision(Outcome::Routed);
                d.target = Some(&target);
                d.distance_km = Some(f64::from(k) / 7.0);
                d
            })
            .collect();
        let mut w = ResultWriter::default();
        let first: Vec<u32> = decisions.iter().map(|d| w.add(Ok(d))).collect();
        assert_eq!(first, (0..10_000).collect::<Vec<u32>>());
        let again: Vec<u32> = decisions.iter().map(|d| w.add(Ok(&d.clone()))).collect();
        assert_eq!(again, first);
        assert_eq!(w.results(), 10_000);
        let mut repeated = decision(Outcome::Routed);
        repeated.target = Some(&target);
        let ids: Vec<u32> = (0..130_000)
            .map(|k| {
                if k % 2 == 0 {
                    w.add(Ok(&repeated))
                } else {
                    w.add(Ok(&decisions[k % 10_000]))
                }
            })
            .collect();
        assert!(ids.iter().step_by(2).all(|&r| r == 10_000));
        assert!(
            ids.iter()
                .skip(1)
                .step_by(2)
                .enumerate()
                .all(|(k, &r)| r == first[(2 * k + 1) % 10_000])
        );
        assert_eq!(w.results(), 10_001);
    }

    #[test]
    fn the_writer_codes_distinct_results_once() {
        let mut a = decision(Outcome::Routed);
        a.target = Some("ch-a");
        a.distance_km = Some(12.5);
        let target = String::from("ch-a");
        let mut b = a.clone();
        b.target = Some(&target); // equal text, another address
        let mut w = ResultWriter::default();
        let ids = [
            w.add(Ok(&a)),
            w.add(Ok(&b)),
            w.add(Err("bad")),
            w.add(Err(&String::from("bad"))),
        ];
        assert_eq!(ids, [0, 0, 1, 1]);
        w.push_rows(&ids);
        let col = |n: &str| RESULT_COLUMNS.iter().position(|c| c.name == n).unwrap();
        assert_eq!(w.results(), 2);
        assert_eq!(w.values(col("target")), ["ch-a"]);
        assert_eq!(w.code(1, col("target")), -1);
        assert_eq!(w.text(0, col("outcome")), Some("routed"));
        assert_eq!(w.text(1, col("outcome")), Some("invalid"));
        assert_eq!(w.text(1, col("error")), Some("bad"));
        assert!((w.number(0, col("distance_km")) - 12.5).abs() < 1e-12);
        assert!(w.number(1, col("distance_km")).is_nan());
        assert!(w.number(0, col("target")).is_nan());
        assert_eq!(w.code(0, col("distance_km")), -1);
        assert_eq!(w.rows(), ids);
        // Per result, then per row.
        assert_eq!(w.result_codes(col("target")), [0, -1]);
        let km = w.result_numbers(col("distance_km"));
        assert!((km[0] - 12.5).abs() < 1e-12 && km[1].is_nan());
        let rows: Result<Vec<i32>, _> = w.per_row(&w.result_codes(col("target"))).collect();
        assert_eq!(rows, Ok(vec![0, 0, -1, -1]));
        // Values for fewer results than there are: the first row without one is named.
        let short: Vec<_> = w.per_row(&[7]).collect();
        assert_eq!(short[..2], [Ok(7), Ok(7)]);
        let e = short[2].unwrap_err();
        assert_eq!(
            e.to_string(),
            "row 2 refers to result 1 of 1 in a result column"
        );
    }
}
