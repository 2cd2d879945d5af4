//! Routing many cases: identical cases are routed once.
//!
//! Routing is a pure function of the case, so a batch of hospital stays (a PMSI-like extract
//! of a million rows comes from a few thousand communes and sites, a few filières and levels,
//! and the days of a year or two) needs far fewer decisions than rows. A [`Memo`] remembers
//! the decision of each distinct case it routes and gives it back for the next identical case,
//! so the rules, candidates and distances are worked out once per distinct case.
//!
//! Two cases are identical for the memo when everything the decision depends on is equal:
//! filière, origin (the same site or location, or the same coordinates to the bit), level
//! asked, the period of the date (the days between two days on which a validity of the network
//! starts or ends pass the same date tests, so they route alike), age, EHPAD residence,
//! time-criticality, distance limit, planned facts, and the clinical flags: cases that differ
//! only by their day within a period are routed once. The case `id` does not change a decision: a remembered decision is given
//! back with the case's own id. Cases with exclusions or a patient's choice, cases that are
//! invalid (a flag that no filière and no rule of the network uses among them), and flags
//! beyond the first 64 the network knows are routed directly, not remembered. The memo holds at most its capacity
//! of decisions and starts afresh when full, so its memory stays bounded whatever the batch.
//! When fewer than one case in eight of a window of 4,096 was a repeat, it routes the next
//! 60,000 cases directly before trying again: a batch of distinct cases pays little for it.
//!
//! ```
//! # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/mini.json")).unwrap();
//! let engine = parcours::Engine::compile(&parcours::Network::from_json_str(&text)?)?;
//! let case = parcours::Case::new("chirurgie", "ch-b", "2020-01-01".parse().unwrap());
//! let mut memo = parcours::batch::Memo::new(&engine);
//! let first = memo.route(&case);
//! let again = memo.route(&case);
//! assert_eq!(first, engine.route(&case));
//! assert_eq!(again, first);
//! assert_eq!((memo.stats().hits, memo.stats().misses), (1, 1));
//! # Ok::<(), parcours::Error>(())
//! ```

use std::hash::{Hash, Hasher};

use crate::case_input::CaseError;
use crate::code_table::case_codes::{DATE, FORMAT, ORIGIN};
use crate::date::Date;
use crate::engine::{Engine, HashMap};
use crate::messages::text;
use crate::route::{Case, CaseId, Decision, Origin};

/// How many decisions a [`Memo`] keeps by default (about 13 MB of decisions at most).
pub const DEFAULT_MEMO_CAPACITY: usize = 1 << 16;

/// Counts of a [`Memo`]'s work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MemoStats {
    /// Cases answered from a remembered decision.
    pub hits: u64,
    /// Cases routed and remembered.
    pub misses: u64,
    /// Cases routed without the memo (exclusions, patient's choice, invalid cases).
    pub uncached: u64,
}

/// Remembers the decisions of the distinct cases it routes: see the [module docs](self).
/// One memo serves one engine on one thread; give each thread its own.
#[derive(Debug, Clone)]
pub struct Memo<'e> {
    engine: &'e Engine,
    /// The remembered decisions, each with its entry number.
    map: HashMap<Key, (Decision<'e>, u32)>,
    capacity: usize,
    /// Incremented each time the map starts afresh.
    generation: u32,
    stats: MemoStats,
    /// Whether remembering pays: cases and repeats of the current window, cases still to route
    /// without the memo after a window with few repeats.
    window: TrialWindow,
}

/// What [`Memo::answer`] gives.
#[derive(Debug, Clone, PartialEq)]
#[allow(
    clippy::large_enum_variant,
    reason = "returned, never stored: boxing the decision would allocate for every case routed"
)]
pub enum Answer<'e> {
    /// The decision, and the number of the memo entry that holds it when remembered.
    Decision(Decision<'e>, Option<u32>),
    /// The decision of the memo entry of this number, which the caller said it knows.
    Remembered(u32),
}

/// Cases (or decisions) per trial window of a [`TrialWindow`].
const TRIAL: u32 = 4096;
/// Cases (or decisions) a [`TrialWindow`] rests for after a window in which fewer than one in
/// eight was a repeat, before it tries again.
const REST: u32 = 60_000;

/// Whether a map of things met before pays for itself, tried in windows: after [`TRIAL`]
/// tries with fewer than one repeat in eight, the map is not worth keeping for the next
/// [`REST`]. The [`Memo`]'s cases and the result writer's decisions are tried this way.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TrialWindow {
    tried: u32,
    hits: u32,
    resting: u32,
}

impl TrialWindow {
    /// Whether the map rests for this one (counted down).
    #[inline]
    pub(crate) fn rests(&mut self) -> bool {
        if self.resting == 0 {
            return false;
        }
        self.resting -= 1;
        true
    }

    /// Counts a try; `true` when it closes a window with few repeats: drop the map, which
    /// rests from now on.
    #[inline]
    pub(crate) fn tried(&mut self) -> bool {
        self.tried += 1;
        if self.tried < TRIAL {
            return false;
        }
        let poor = self.hits * 8 < TRIAL;
        if poor {
            self.resting = REST;
        }
        self.tried = 0;
        self.hits = 0;
        poor
    }

    /// Counts a repeat.
    #[inline]
    pub(crate) fn hit(&mut self) {
        self.hits += 1;
    }
}

/// What a decision depends on, for cases without exclusions or a patient's choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Key {
    filiere: u32,
    /// Origin site or location node; `u32::MAX` for coordinates.
    node: u32,
    lat: u64,
    lon: u64,
    /// The period of the date ([`crate::engine::Epochs`]): its days route alike.
    period: u32,
    /// Age, or `u32::MAX` when not given.
    age: u32,
    max_km: u64,
    /// Bit `i`: the case carries the network's `i`-th known flag.
    flags: u64,
    /// Level asked, as its rank, or `u8::MAX` when not given.
    level: u8,
    /// EHPAD resident, time-critical, planned facts included, distance limit given.
    facts: u8,
}

/// Mixes words into one 64-bit hash whose low bits depend on every input bit: the engine's
/// FxHasher only carries entropy upwards, and a hash table takes its bucket from the low bits,
/// where a date or a level would otherwise not reach.
#[inline]
fn mixed(words: &[u64]) -> u64 {
    let mut x = 0u64;
    for &w in words {
        x = (x ^ w).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        x ^= x >> 29;
    }
    x ^ (x >> 32)
}

impl Hash for Key {
    #[inline]
    fn hash<H: Hasher>(&self, h: &mut H) {
        h.write_u64(mixed(&[
            u64::from(self.filiere) << 32 | u64::from(self.node),
            self.lat,
            self.lon,
            u64::from(self.period) << 32 | u64::from(self.age),
            self.max_km,
            self.flags,
            u64::from(self.level) << 8 | u64::from(self.facts),
        ]));
    }
}

impl<'e> Memo<'e> {
    /// A memo for `engine` holding up to [`DEFAULT_MEMO_CAPACITY`] decisions.
    pub fn new(engine: &'e Engine) -> Self {
        Self::with_capacity(engine, DEFAULT_MEMO_CAPACITY)
    }

    /// A memo holding up to `capacity` decisions (0 remembers nothing).
    pub fn with_capacity(engine: &'e Engine, capacity: usize) -> Self {
        Self {
            engine,
            map: HashMap::default(),
            capacity,
            generation: 0,
            stats: MemoStats::default(),
            window: TrialWindow::default(),
        }
    }

    /// The decision of [`Engine::route`] for `case`, remembered or routed now.
    pub fn route(&mut self, case: &Case) -> Decision<'e> {
        match self.answer(case, |_| false) {
            Answer::Decision(d, _) => d,
            // `known` said no entry is known: never given.
            Answer::Remembered(_) => self.engine.route(case),
        }
    }

    /// The decision of [`Engine::route`] for `case`, as [`Self::route`] gives it, or only the
    /// number of the memo entry that holds it when the caller says it `known`s that entry
    /// (a batch that has written the entry's decision already needs no copy of it). Entries
    /// are numbered from 0 in the order they were remembered, until the memo starts afresh
    /// and its [`Self::generation`] changes.
    pub fn answer(&mut self, case: &Case, known: impl Fn(u32) -> bool) -> Answer<'e> {
        let answer = self.answer_keyed(
            |m| m.key(case),
            case.id.as_ref(),
            || Ok::<_, std::convert::Infallible>(case),
            known,
        );
        match answer {
            Ok(a) => a,
            Err(never) => match never {},
        }
    }

    /// [`Self::answer`] for a row of case columns: the key worked out from the row's codes
    /// by `keys` (no case filled), the case filled in `case` only when it must be routed.
    ///
    /// # Errors
    /// The row's error when its case must be routed and cannot be read.
    pub fn answer_row(
        &mut self,
        keys: &RowKeys,
        cols: &CaseColumns,
        i: usize,
        case: &mut Case,
        known: impl Fn(u32) -> bool,
    ) -> Result<Answer<'e>, CaseError> {
        let engine = self.engine;
        // A row has no id (`CaseColumns::fill` leaves none): a remembered decision is given
        // back without filling the case.
        self.answer_keyed(
            |_| keys.key(engine, cols, i),
            None,
            || cols.fill(i, case).map(|()| &*case),
            known,
        )
    }

    /// [`Self::answer`] with the case's key from `key` (worked out only when the memo is not
    /// resting; `None`: not remembered), its `id` (echoed in a remembered decision) and the
    /// case from `case` (asked only when it must be routed).
    fn answer_keyed<'c, E>(
        &mut self,
        key: impl FnOnce(&Self) -> Option<Key>,
        id: Option<&CaseId>,
        case: impl FnOnce() -> Result<&'c Case, E>,
        known: impl Fn(u32) -> bool,
    ) -> Result<Answer<'e>, E> {
        if self.window.rests() {
            self.stats.uncached += 1;
            return Ok(Answer::Decision(self.engine.route(case()?), None));
        }
        let Some(key) = key(self).filter(|_| self.capacity > 0) else {
            self.stats.uncached += 1;
            return Ok(Answer::Decision(self.engine.route(case()?), None));
        };
        if self.window.tried() {
            // Few repeats in the last window: remembering costs more than it saves.
            self.forget(true);
        }
        if let Some((d, entry)) = self.map.get(&key) {
            self.stats.hits += 1;
            self.window.hit();
            if known(*entry) {
                return Ok(Answer::Remembered(*entry));
            }
            let id = id.cloned();
            return Ok(Answer::Decision(Decision { id, ..d.clone() }, Some(*entry)));
        }
        let case = case()?;
        self.stats.misses += 1;
        let d = self.engine.route(case);
        if self.map.len() >= self.capacity {
            self.forget(false);
        }
        let entry = u32::try_from(self.map.len()).unwrap_or(u32::MAX);
        self.map.insert(
            key,
            (
                Decision {
                    id: None,
                    ..d.clone()
                },
                entry,
            ),
        );
        Ok(Answer::Decision(d, Some(entry)))
    }

    /// Starts afresh: no decision remembered, entries numbered from 0 again; `free` gives the
    /// map's memory back (the memo rests), else keeps it for the next decisions.
    fn forget(&mut self, free: bool) {
        if free {
            self.map = HashMap::default();
        } else {
            self.map.clear();
        }
        self.generation = self.generation.wrapping_add(1);
    }

    /// Changes each time the memo starts afresh (and its entries' numbers with it).
    pub fn generation(&self) -> u32 {
        self.generation
    }

    /// What the memo has done so far.
    pub fn stats(&self) -> MemoStats {
        self.stats
    }

    /// The engine the memo routes with.
    pub fn engine(&self) -> &'e Engine {
        self.engine
    }

    fn key(&self, case: &Case) -> Option<Key> {
        if !case.exclude.is_empty() || case.preferred_site.is_some() {
            return None;
        }
        let e = self.engine;
        let filiere = *e.filieres.ix.get(&case.filiere)?;
        let (node, lat, lon) = origin_key(e, &case.origin)?;
        Some(Key {
            filiere,
            node,
            lat,
            lon,
            period: e.epochs.of(case.date.epoch_day()),
            age: case.age.map_or(u32::MAX, u32::from),
            max_km: case.max_distance_km.map_or(0, f64::to_bits),
            flags: flags_key(e, &case.flags)?,
            level: level_key(e, filiere, case.level.as_deref())?,
            facts: facts_key([
                case.ehpad_resident,
                case.time_critical,
                case.include_planned,
                case.max_distance_km.is_some(),
            ]),
        })
    }
}

/// The memo key's origin: the origin node (`u32::MAX` for coordinates, `u32::MAX - 1` for a
/// commune) and the coordinates' bits or the commune's index; `None` when the engine does not
/// know it (the case is routed, not remembered).
fn origin_key(e: &Engine, origin: &Origin) -> Option<(u32, u64, u64)> {
    Some(match origin {
        Origin::Id(id) => (u32::try_from(e.sites.origin_node(id)?.0).ok()?, 0, 0),
        Origin::Point { lat, lon } => (u32::MAX, lat.to_bits(), lon.to_bits()),
        // A commune and a postal code route as the commune they resolve to.
        Origin::Commune { commune } => {
            let r = e.communes()?.resolve(commune.trim()).ok()?;
            (u32::MAX - 1, u64::from(r.index), 0)
        }
        Origin::PostalCode { postal_code } => {
            let (r, _) = e.communes()?.postal_code(postal_code.trim()).ok()?;
            (u32::MAX - 1, u64::from(r.index), 0)
        }
        Origin::Finess { finess } => (e.finess_site(finess).ok()?, 0, 0),
    })
}

/// The memo key's level: the rank of the level asked in the filière, `u8::MAX` when none.
fn level_key(e: &Engine, filiere: u32, level: Option<&str>) -> Option<u8> {
    match level {
        None => Some(u8::MAX),
        Some(l) => u8::try_from(e.filieres.level_rank(filiere, l)?).ok(),
    }
}

/// The memo key's flags: bit `i` for the network's `i`-th known flag; `None` for an unknown
/// flag (the case is invalid: routed directly) or one beyond the 64th.
fn flags_key(e: &Engine, flags: &[String]) -> Option<u64> {
    let mut bits = 0u64;
    for f in flags {
        let i = e.rules.known_flags.binary_search(f).ok()?;
        bits |= 1u64.checked_shl(u32::try_from(i).ok()?)?;
    }
    Some(bits)
}

/// The memo key's facts: EHPAD resident, time-critical, planned facts included, distance limit
/// given.
fn facts_key(facts: [bool; 4]) -> u8 {
    facts
        .iter()
        .enumerate()
        .fold(0, |acc, (k, &on)| acc | u8::from(on) << k)
}

/// The memo keys of the rows of some case columns, worked out from the rows' codes: each
/// distinct filière, origin, flag list and level of the columns is looked up in the engine
/// once, so that a row the memo remembers is answered without filling a case
/// ([`Memo::answer_row`]). A row's key is the key of the case [`CaseColumns::fill`] gives
/// (tested on every row of varied columns); `None` where that case is not remembered or does
/// not read.
#[derive(Debug, Clone)]
pub struct RowKeys {
    filiere: Vec<Option<u32>>,
    origin: Vec<Option<(u32, u64, u64)>>,
    flags: Vec<Option<u64>>,
    /// Per filière code, then level code (and one more for no level): the level's key.
    levels: Vec<Option<u8>>,
    level_values: usize,
    /// Whether the columns are too varied for the level table (keys then come from cases).
    off: bool,
    /// The period of each value of the `date` text column (`None`: not a date).
    date_periods: Vec<Option<u32>>,
}

/// Most cells of a [`RowKeys`] level table (filière values times level values).
const MAX_LEVEL_TABLE: usize = 1 << 16;

impl RowKeys {
    /// The keys of the rows of `cols` on engine `e`.
    pub fn new(e: &Engine, cols: &CaseColumns) -> Self {
        fn values(c: Option<&TextColumn>) -> &[String] {
            c.map_or(&[][..], |c| &c.values[..])
        }
        let filiere: Vec<Option<u32>> = values(cols.filiere.as_ref())
            .iter()
            .map(|f| e.filieres.ix.get(f).copied())
            .collect();
        let origin = values(cols.origin.as_ref())
            .iter()
            .map(|o| origin_key(e, &cols.origin_kind.origin(o)))
            .collect();
        let flags = cols
            .flags
            .as_ref()
            .map_or(&[][..], |(_, v)| &v[..])
            .iter()
            .map(|list| flags_key(e, list))
            .collect();
        let levels_given = values(cols.level.as_ref());
        let level_values = levels_given.len() + 1;
        let off = filiere.len().saturating_mul(level_values) > MAX_LEVEL_TABLE;
        let mut levels = Vec::new();
        if !off {
            for f in &filiere {
                for l in levels_given.iter().map(Some).chain([None]) {
                    levels.push(f.and_then(|f| level_key(e, f, l.map(String::as_str))));
                }
            }
        }
        let date_periods = cols
            .date_values
            .iter()
            .map(|d| d.as_ref().ok().map(|d| e.epochs.of(d.epoch_day())))
            .collect();
        Self {
            filiere,
            origin,
            flags,
            levels,
            level_values,
            off,
            date_periods,
        }
    }

    /// The memo key of row `i`: the key of the case `cols.fill(i, …)` gives, or `None` when
    /// that case is not remembered (exclusions, a patient's choice, what the engine does not
    /// know) or the row does not read.
    fn key(&self, e: &Engine, cols: &CaseColumns, i: usize) -> Option<Key> {
        if self.off {
            return None;
        }
        let code = |c: &Option<TextColumn>| c.as_ref().and_then(|c| c.code(i));
        let excluded = cols.exclude.as_ref().is_some_and(|(codes, values)| {
            let c = codes.get(i).and_then(|&c| usize::try_from(c).ok());
            c.and_then(|c| values.get(c)).is_some_and(|l| !l.is_empty())
        });
        if excluded || code(&cols.preferred_site).is_some() {
            return None;
        }
        let fc = code(&cols.filiere)?;
        let filiere = (*self.filiere.get(fc)?)?;
        let (node, lat, lon) = match code(&cols.origin) {
            Some(oc) => (*self.origin.get(oc)?)?,
            None => cols
                .point(i)
                .map(|(lat, lon)| (u32::MAX, lat.to_bits(), lon.to_bits()))?,
        };
        let lc = code(&cols.level).unwrap_or(self.level_values - 1);
        let level = (*self.levels.get(fc * self.level_values + lc)?)?;
        let flags = match cols.flags.as_ref().and_then(|(codes, _)| codes.get(i)) {
            Some(&c) if c >= 0 => (*self.flags.get(usize::try_from(c).ok()?)?)?,
            _ => 0,
        };
        let age = cols.age(i).ok()?.map_or(u32::MAX, u32::from);
        let max_km = cols.max_distance_km(i);
        let [ehpad, critical, planned] = cols.facts(i);
        let period = match code(&cols.date_text) {
            Some(c) => (*self.date_periods.get(c)?)?,
            None => e.epochs.of(cols.date(i).ok()?.epoch_day()),
        };
        Some(Key {
            filiere,
            node,
            lat,
            lon,
            period,
            age,
            max_km: max_km.map_or(0, f64::to_bits),
            flags,
            level,
            facts: facts_key([ehpad, critical, planned, max_km.is_some()]),
        })
    }
}

/// A dictionary-encoded text column: row `i` holds `values[codes[i]]`, or nothing when
/// `codes[i]` is `-1`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TextColumn {
    /// One code per row: an index into `values`, `-1` for null.
    pub codes: Vec<i32>,
    /// The distinct values.
    pub values: Vec<String>,
}

impl TextColumn {
    /// The code of row `row`, when the row holds a value.
    pub fn code(&self, row: usize) -> Option<usize> {
        self.codes.get(row).and_then(|&c| usize::try_from(c).ok())
    }

    /// The value of row `row`, if any.
    pub fn get(&self, row: usize) -> Option<&str> {
        self.code(row)
            .and_then(|c| self.values.get(c))
            .map(String::as_str)
    }
}

/// Builds a [`TextColumn`] from the rows' values as bytes, as Arrow string arrays and other
/// columnar buffers hold them: each distinct value is stored once, and its text is checked to
/// be UTF-8 once, in [`Self::finish`], not on every row.
///
/// ```
/// use parcours::batch::TextColumnBuilder;
/// let mut b = TextColumnBuilder::with_capacity(4);
/// for v in [Some("ch-langres"), None, Some("ch-chaumont"), Some("ch-langres")] {
///     b.push(v.map(str::as_bytes));
/// }
/// let col = b.finish("origin")?;
/// assert_eq!(col.codes, [0, -1, 1, 0]);
/// assert_eq!(col.values, ["ch-langres", "ch-chaumont"]);
/// # Ok::<(), parcours::batch::ColumnError>(())
/// ```
#[derive(Debug, Clone)]
pub struct TextColumnBuilder {
    codes: Vec<i32>,
    /// The distinct values' bytes, one after another, and where each ends.
    bytes: Vec<u8>,
    ends: Vec<usize>,
    /// Open addressing by hash, a power of two long and at most half full: each slot holds
    /// what a value is compared by, so that a row costs one probe in the common case.
    slots: Vec<Slot>,
    /// `slots.len() - 1`.
    mask: usize,
    /// The slot of the last value pushed ([`EMPTY`] before the first; nulls leave it): a
    /// value equal to the one before it (a constant column, runs in a sorted extract) is
    /// coded without hashing or probing.
    last: Slot,
}

/// A slot of a [`TextColumnBuilder`]'s table: a distinct value's two words (the whole value
/// when it is 16 bytes or shorter), its length and its code; `code == u32::MAX` when empty.
#[derive(Debug, Clone, Copy)]
struct Slot {
    head: [u64; 2],
    len: u32,
    code: u32,
}

const EMPTY: Slot = Slot {
    head: [0, 0],
    len: 0,
    code: u32::MAX,
};

impl Default for TextColumnBuilder {
    fn default() -> Self {
        Self::with_capacity(0)
    }
}

/// Two words holding every byte of `v` when it is 16 bytes or shorter (overlapping reads of
/// its first and last bytes), and a hash of the whole value (one multiplication for short
/// values; the table takes its slot from the hash's high bits).
#[inline]
fn value_words(v: &[u8]) -> ([u64; 2], u64) {
    let head = value_head(v);
    (head, value_hash(v, head))
}

/// The two words of [`value_words`].
#[inline]
fn value_head(v: &[u8]) -> [u64; 2] {
    let n = v.len();
    // Fixed-size reads: a load each, no call to `memcpy`.
    if let (Some(a), Some(b)) = (v.first_chunk::<8>(), v.last_chunk::<8>()) {
        [u64::from_le_bytes(*a), u64::from_le_bytes(*b)]
    } else if let (Some(a), Some(b)) = (v.first_chunk::<4>(), v.last_chunk::<4>()) {
        [
            u64::from(u32::from_le_bytes(*a)),
            u64::from(u32::from_le_bytes(*b)),
        ]
    } else {
        let byte = |i: usize| v.get(i).map_or(0, |&b| u64::from(b));
        [
            byte(0) | byte(n / 2) << 8 | byte(n.wrapping_sub(1)) << 16,
            0,
        ]
    }
}

/// The hash of [`value_words`], from the value and its two words.
#[inline]
fn value_hash(v: &[u8], head: [u64; 2]) -> u64 {
    let n = v.len();
    let mut x = head[0] ^ head[1].rotate_left(23) ^ (n as u64).rotate_left(47);
    if n > 16 {
        // The last bytes are in `head[1]`.
        for chunk in v.chunks_exact(8) {
            let w = chunk
                .first_chunk::<8>()
                .map_or(0, |w| u64::from_le_bytes(*w));
            x = (x ^ w).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29);
        }
    }
    let x = x.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (x ^ x >> 29).wrapping_mul(0xBF58_476D_1CE4_E5B9)
}

impl TextColumnBuilder {
    /// An empty builder, with room for `rows` rows.
    pub fn with_capacity(rows: usize) -> Self {
        Self {
            codes: Vec::with_capacity(rows),
            bytes: Vec::new(),
            ends: Vec::new(),
            slots: vec![EMPTY; 64],
            mask: 63,
            last: EMPTY,
        }
    }

    /// Appends a row: its value's bytes, or `None` for null.
    #[inline]
    pub fn push(&mut self, value: Option<&[u8]>) {
        let code = match value {
            Some(v) => self.code_of(v),
            None => -1,
        };
        self.codes.push(code);
    }

    /// The rows so far.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Whether no row was pushed.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    fn slot_of(&self, hash: u64) -> usize {
        // The high bits first, which the multiplication mixed best.
        #[allow(clippy::cast_possible_truncation)] // the low bits pick the slot
        let slot = hash.rotate_left(24) as usize & self.mask;
        slot
    }

    /// The bytes of the value coded `code`.
    fn value(&self, code: u32) -> &[u8] {
        let c = code as usize;
        let start = c.checked_sub(1).and_then(|p| self.ends.get(p)).copied();
        let end = self.ends.get(c).copied().unwrap_or(0);
        self.bytes.get(start.unwrap_or(0)..end).unwrap_or_default()
    }

    /// The slot `slot` (always in the table: slots are masked).
    fn slot(&self, slot: usize) -> Slot {
        self.slots.get(slot).copied().unwrap_or(EMPTY)
    }

    #[allow(clippy::inline_always)] // the hot loop of every text column: 8 % fewer instructions
    #[inline(always)]
    fn code_of(&mut self, v: &[u8]) -> i32 {
        let head = value_head(v);
        let len = u32::try_from(v.len()).unwrap_or(u32::MAX);
        let matches = |s: &Slot, this: &Self| {
            s.head == head && s.len == len && (v.len() <= 16 || this.value(s.code) == v)
        };
        let last = self.last;
        if last.code != u32::MAX && matches(&last, self) {
            return i32::try_from(last.code).unwrap_or(i32::MAX);
        }
        let mut slot = self.slot_of(value_hash(v, head));
        loop {
            let s = self.slot(slot);
            if s.code == u32::MAX {
                break;
            }
            if matches(&s, self) {
                self.last = s;
                return i32::try_from(s.code).unwrap_or(i32::MAX);
            }
            slot = (slot + 1) & self.mask;
        }
        let code = self.insert(slot, v, head, len);
        self.last = match u32::try_from(code) {
            Ok(c) if code != i32::MAX => Slot { head, len, code: c },
            _ => EMPTY,
        };
        code
    }

    #[cold]
    fn insert(&mut self, slot: usize, v: &[u8], head: [u64; 2], len: u32) -> i32 {
        let code = match u32::try_from(self.ends.len()) {
            Ok(c) if c < u32::MAX && len < u32::MAX => c,
            _ => return i32::MAX, // finish() refuses the column
        };
        self.bytes.extend_from_slice(v);
        self.ends.push(self.bytes.len());
        if let Some(s) = self.slots.get_mut(slot) {
            *s = Slot { head, len, code };
        }
        if self.ends.len() * 2 > self.slots.len() {
            self.grow();
        }
        i32::try_from(code).unwrap_or(i32::MAX)
    }

    fn grow(&mut self) {
        let len = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, vec![EMPTY; len]);
        self.mask = self.slots.len() - 1;
        for s in old.into_iter().filter(|s| s.code != u32::MAX) {
            let (_, hash) = value_words(self.value(s.code));
            let mut slot = self.slot_of(hash);
            while self.slot(slot).code != u32::MAX {
                slot = (slot + 1) & self.mask;
            }
            if let Some(free) = self.slots.get_mut(slot) {
                *free = s;
            }
        }
    }

    /// The column, its values as text.
    ///
    /// # Errors
    /// [`ColumnError::NotText`] when a value is not UTF-8 (naming the first row holding it),
    /// [`ColumnError::TooMany`] beyond `i32::MAX - 1` distinct values or a value of 4 GiB.
    pub fn finish(self, name: &str) -> Result<TextColumn, ColumnError> {
        if self.codes.contains(&i32::MAX) || i32::try_from(self.ends.len()).is_err() {
            return Err(ColumnError::TooMany {
                name: name.to_owned(),
            });
        }
        let mut values = Vec::with_capacity(self.ends.len());
        for code in 0..self.ends.len() {
            let bytes = self.value(u32::try_from(code).unwrap_or(u32::MAX));
            let Ok(s) = std::str::from_utf8(bytes) else {
                let code = i32::try_from(code).unwrap_or(i32::MAX);
                let row = self.codes.iter().position(|&c| c == code).unwrap_or(0);
                return Err(ColumnError::NotText {
                    name: name.to_owned(),
                    row,
                });
            };
            values.push(s.to_owned());
        }
        Ok(TextColumn {
            codes: self.codes,
            values,
        })
    }
}

/// A problem with a column given to [`CaseColumns`]: the whole batch is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ColumnError {
    /// The column is not one of the case columns of this kind.
    #[error("unknown {kind} column `{name}`")]
    Unknown {
        /// `text`, `number` or `boolean`.
        kind: &'static str,
        /// The column name given.
        name: String,
    },
    /// The column does not have one value per row.
    #[error("column `{name}` has {len} rows, not {rows}")]
    Length {
        /// The column.
        name: String,
        /// Its length.
        len: usize,
        /// The rows of the batch.
        rows: usize,
    },
    /// A code of a text column is neither `-1` nor an index into its values.
    #[error("code {code} of column `{name}` is out of range (-1 to {last})")]
    Code {
        /// The column.
        name: String,
        /// The code.
        code: i32,
        /// The largest valid code.
        last: i64,
    },
    /// A value of a text column is not UTF-8 text.
    #[error("row {row} of column `{name}` is not UTF-8 text")]
    NotText {
        /// The column.
        name: String,
        /// The first row holding the value (from 0).
        row: usize,
    },
    /// Two columns give the origin (`origin`, `commune`, `postal_code`, `finess`).
    #[error(
        "columns `{first}` and `{name}` both give the origin: keep one (`origin` for site and \
         location ids, `commune`, `postal_code` or `finess`)"
    )]
    TwoOrigins {
        /// The origin column set first.
        first: String,
        /// The column set second.
        name: String,
    },
    /// A text column has more distinct values than codes can number (or a value of 4 GiB).
    #[error("column `{name}` has more than 2,147,483,646 distinct values or a value of 4 GiB")]
    TooMany {
        /// The column.
        name: String,
    },
}

impl ColumnError {
    /// The column the problem is about.
    pub fn column(&self) -> &str {
        match self {
            Self::Unknown { name, .. }
            | Self::Length { name, .. }
            | Self::Code { name, .. }
            | Self::NotText { name, .. }
            | Self::TwoOrigins { name, .. }
            | Self::TooMany { name } => name,
        }
    }
}

/// Cases given as columns, as data frames and typed arrays hold them: the Python binding's
/// `route_batch` and the WebAssembly binding's `routeColumns` both read rows through it, so that
/// a row means the same everywhere.
///
/// Columns (all optional but `filiere`; a row needs an origin, or `lat` and `lon`, and a date):
/// text `filiere`, one origin column — `origin` (site or location ids), `commune` (INSEE codes),
/// `postal_code` or `finess` — `level`, `preferred_site`, `date` (`YYYY-MM-DD`), `flags` and
/// `exclude` (`;`-separated lists); the date also as days since 1970-01-01 ([`Self::set_days`],
/// `i32::MIN` for null); numbers `lat`, `lon`, `age`, `max_distance_km` (`NaN` for null);
/// booleans `ehpad_resident`, `time_critical`, `include_planned` (positive is true).
///
/// ```
/// use parcours::batch::{CaseColumns, TextColumn};
/// let mut cols = CaseColumns::new(2);
/// let text = |codes: Vec<i32>, values: &[&str]| TextColumn {
///     codes,
///     values: values.iter().map(|v| v.to_string()).collect(),
/// };
/// cols.set_text("filiere", text(vec![0, 0], &["chirurgie"]))?;
/// cols.set_text("origin", text(vec![0, -1], &["ch-langres"]))?;
/// cols.set_text("date", text(vec![0, 0], &["2017-10-02"]))?;
/// let mut case = parcours::batch::blank_case();
/// cols.fill(0, &mut case).unwrap();
/// assert_eq!(case.filiere, "chirurgie");
/// let e = cols.fill(1, &mut case).unwrap_err();
/// assert_eq!(e.message, "missing `origin` (or `lat` and `lon`)");
/// assert_eq!(e.code, "C003");
/// assert_eq!(e.message_in(parcours::Lang::Fr), "`origin` manquant (ou `lat` et `lon`)");
/// # Ok::<(), parcours::batch::ColumnError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CaseColumns {
    rows: usize,
    filiere: Option<TextColumn>,
    origin: Option<TextColumn>,
    /// What the `origin` slot holds: which of the origin columns was given.
    origin_kind: OriginColumn,
    level: Option<TextColumn>,
    preferred_site: Option<TextColumn>,
    date_text: Option<TextColumn>,
    /// Parsed dates of `date_text`'s values.
    date_values: Vec<Result<Date, CaseError>>,
    date_days: Option<Vec<i32>>,
    /// The first and last of `date_days`' known days (none when every row is null).
    day_range: Option<(i32, i32)>,
    /// The dates of the days from the first on, when they span fewer than [`DAY_TABLE`].
    day_dates: Vec<Option<Date>>,
    default_date: Option<Date>,
    flags: Option<(Vec<i32>, Vec<Vec<String>>)>,
    exclude: Option<(Vec<i32>, Vec<Vec<String>>)>,
    lat: Option<Vec<f64>>,
    lon: Option<Vec<f64>>,
    age: Option<Vec<f64>>,
    max_distance_km: Option<Vec<f64>>,
    ehpad_resident: Option<Vec<i8>>,
    time_critical: Option<Vec<i8>>,
    include_planned: Option<Vec<i8>>,
}

/// Which origin column a batch gives: each names its values a different way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum OriginColumn {
    /// `origin`: site or location ids of the network.
    #[default]
    Id,
    /// `commune`: INSEE commune codes.
    Commune,
    /// `postal_code`: postal codes.
    PostalCode,
    /// `finess`: FINESS numbers (ET or EJ).
    Finess,
}

impl OriginColumn {
    /// The column name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Id => "origin",
            Self::Commune => "commune",
            Self::PostalCode => "postal_code",
            Self::Finess => "finess",
        }
    }

    /// The origin of a row holding `value` in this column.
    pub fn origin(self, value: &str) -> Origin {
        match self {
            Self::Id => Origin::Id(value.to_owned()),
            Self::Commune => Origin::Commune {
                commune: value.to_owned(),
            },
            Self::PostalCode => Origin::PostalCode {
                postal_code: value.to_owned(),
            },
            Self::Finess => Origin::Finess {
                finess: value.to_owned(),
            },
        }
    }
}

/// The names of the origin columns, in the order [`CaseColumns`] documents them.
pub const ORIGIN_COLUMNS: [&str; 4] = ["origin", "commune", "postal_code", "finess"];

/// Longest range of days whose dates [`CaseColumns`] works out in advance.
const DAY_TABLE: i64 = 1 << 16;

/// A blank case for [`CaseColumns::fill`] to overwrite row after row.
pub fn blank_case() -> Case {
    Case::new(String::new(), String::new(), Date::EPOCH)
}

impl CaseColumns {
    /// No columns yet, for a batch of `rows` rows.
    pub fn new(rows: usize) -> Self {
        Self {
            rows,
            ..Self::default()
        }
    }

    /// The rows of the batch.
    pub fn rows(&self) -> usize {
        self.rows
    }

    fn check_len(&self, name: &str, len: usize) -> Result<(), ColumnError> {
        if len == self.rows {
            Ok(())
        } else {
            Err(ColumnError::Length {
                name: name.to_owned(),
                len,
                rows: self.rows,
            })
        }
    }

    /// Sets a text column: `filiere`, an origin column (`origin`, `commune`, `postal_code` or
    /// `finess`: one of them), `level`, `preferred_site`, `date`, `flags` or `exclude`.
    ///
    /// # Errors
    /// An unknown column, a length other than the batch's, a code out of range.
    pub fn set_text(&mut self, name: &str, col: TextColumn) -> Result<(), ColumnError> {
        self.check_len(name, col.codes.len())?;
        let last = i64::try_from(col.values.len()).unwrap_or(i64::MAX) - 1;
        if let Some(&code) = col.codes.iter().find(|&&c| c < -1 || i64::from(c) > last) {
            return Err(ColumnError::Code {
                name: name.to_owned(),
                code,
                last,
            });
        }
        match name {
            "flags" | "exclude" => {
                let values = col.values.iter().map(|v| split_list(v)).collect();
                let list = Some((col.codes, values));
                if name == "flags" {
                    self.flags = list;
                } else {
                    self.exclude = list;
                }
            }
            "date" => {
                self.date_values = col
                    .values
                    .iter()
                    .map(|v| {
                        v.trim()
                            .parse::<Date>()
                            .map_err(|e| CaseError::from_date(&e))
                    })
                    .collect();
                self.date_text = Some(col);
                self.date_days = None;
            }
            "filiere" => self.filiere = Some(col),
            "origin" | "commune" | "postal_code" | "finess" => {
                let kind = match name {
                    "commune" => OriginColumn::Commune,
                    "postal_code" => OriginColumn::PostalCode,
                    "finess" => OriginColumn::Finess,
                    _ => OriginColumn::Id,
                };
                if self.origin.is_some() && self.origin_kind != kind {
                    return Err(ColumnError::TwoOrigins {
                        first: self.origin_kind.name().to_owned(),
                        name: name.to_owned(),
                    });
                }
                self.origin = Some(col);
                self.origin_kind = kind;
            }
            "level" => self.level = Some(col),
            "preferred_site" => self.preferred_site = Some(col),
            _ => {
                return Err(ColumnError::Unknown {
                    kind: "text",
                    name: name.to_owned(),
                });
            }
        }
        Ok(())
    }

    /// Sets the `date` column as days since 1970-01-01, `i32::MIN` for null.
    ///
    /// # Errors
    /// A length other than the batch's.
    pub fn set_days(&mut self, days: Vec<i32>) -> Result<(), ColumnError> {
        self.check_len("date", days.len())?;
        // The dates of the days' range, worked out once each when the range is short (a few
        // years of admissions), rather than once a row.
        let known = days.iter().copied().filter(|&d| d != i32::MIN);
        let (lo, hi) = known.fold((i32::MAX, i32::MIN), |(lo, hi), d| (lo.min(d), hi.max(d)));
        self.day_range = (lo <= hi).then_some((lo, hi));
        self.day_dates = match self.day_range {
            Some((lo, hi)) if i64::from(hi) - i64::from(lo) < DAY_TABLE => {
                (lo..=hi).map(Date::from_epoch_day).collect()
            }
            _ => Vec::new(),
        };
        self.date_days = Some(days);
        self.date_text = None;
        self.date_values.clear();
        Ok(())
    }

    /// The date of the rows without one.
    pub fn set_default_date(&mut self, date: Option<Date>) {
        self.default_date = date;
    }

    /// Sets a number column (`lat`, `lon`, `age`, `max_distance_km`), `NaN` for null.
    ///
    /// # Errors
    /// An unknown column, a length other than the batch's.
    pub fn set_numbers(&mut self, name: &str, values: Vec<f64>) -> Result<(), ColumnError> {
        self.check_len(name, values.len())?;
        let slot = match name {
            "lat" => &mut self.lat,
            "lon" => &mut self.lon,
            "age" => &mut self.age,
            "max_distance_km" => &mut self.max_distance_km,
            _ => {
                return Err(ColumnError::Unknown {
                    kind: "number",
                    name: name.to_owned(),
                });
            }
        };
        *slot = Some(values);
        Ok(())
    }

    /// Sets a boolean column (`ehpad_resident`, `time_critical`, `include_planned`): a positive
    /// value is true, zero or a negative one (null) false.
    ///
    /// # Errors
    /// An unknown column, a length other than the batch's.
    pub fn set_booleans(&mut self, name: &str, values: Vec<i8>) -> Result<(), ColumnError> {
        self.check_len(name, values.len())?;
        let slot = match name {
            "ehpad_resident" => &mut self.ehpad_resident,
            "time_critical" => &mut self.time_critical,
            "include_planned" => &mut self.include_planned,
            _ => {
                return Err(ColumnError::Unknown {
                    kind: "boolean",
                    name: name.to_owned(),
                });
            }
        };
        *slot = Some(values);
        Ok(())
    }

    /// Fills `case` with row `i` (reusing its strings); the row's problem otherwise (no
    /// filière, no origin, a bad date or age), which the caller reports for that row only.
    ///
    /// # Errors
    /// The text of the row's problem.
    pub fn fill(&self, i: usize, case: &mut Case) -> Result<(), CaseError> {
        let Some(filiere) = self.filiere.as_ref().and_then(|c| c.get(i)) else {
            return Err(CaseError::of_row(FORMAT, text!(CaseRowNoFiliere)));
        };
        case.filiere.clear();
        case.filiere.push_str(filiere);

        let origin = self.origin.as_ref().and_then(|c| c.get(i));
        match (origin, self.point(i)) {
            (Some(o), _) => match (&mut case.origin, self.origin_kind) {
                (Origin::Id(s), OriginColumn::Id)
                | (Origin::Commune { commune: s }, OriginColumn::Commune)
                | (Origin::PostalCode { postal_code: s }, OriginColumn::PostalCode)
                | (Origin::Finess { finess: s }, OriginColumn::Finess) => {
                    s.clear();
                    s.push_str(o);
                }
                (_, kind) => case.origin = kind.origin(o),
            },
            (None, Some((lat, lon))) => case.origin = Origin::Point { lat, lon },
            _ => {
                let column = self.origin_kind.name();
                return Err(CaseError::of_row(ORIGIN, text!(CaseRowNoOrigin, column)));
            }
        }

        case.date = self.date(i)?;
        set_opt(&mut case.level, self.level.as_ref().and_then(|c| c.get(i)));
        set_opt(
            &mut case.preferred_site,
            self.preferred_site.as_ref().and_then(|c| c.get(i)),
        );
        case.age = self.age(i)?;
        case.max_distance_km = self.max_distance_km(i);
        [
            case.ehpad_resident,
            case.time_critical,
            case.include_planned,
        ] = self.facts(i);
        set_list(&mut case.flags, self.flags.as_ref(), i);
        set_list(&mut case.exclude, self.exclude.as_ref(), i);
        case.id = None;
        Ok(())
    }

    /// Row `i`'s coordinates, when it has both and neither is `NaN`.
    fn point(&self, i: usize) -> Option<(f64, f64)> {
        let number = |c: &Option<Vec<f64>>| c.as_ref().and_then(|v| v.get(i)).copied();
        Some((number(&self.lat)?, number(&self.lon)?))
            .filter(|(lat, lon)| !lat.is_nan() && !lon.is_nan())
    }

    /// Row `i`'s age: `None` when not given (`NaN`), a whole number of years up to 65,535, or
    /// the row's error.
    fn age(&self, i: usize) -> Result<Option<u16>, CaseError> {
        match self.age.as_ref().and_then(|v| v.get(i)).copied() {
            None => Ok(None),
            Some(a) if a.is_nan() => Ok(None),
            Some(a) if (0.0..=f64::from(u16::MAX)).contains(&a) && a.fract() == 0.0 =>
            {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                Ok(Some(a as u16))
            }
            // No number in the text: formatting floats would add 15 KB to the WebAssembly module.
            Some(_) => Err(CaseError::of_row(FORMAT, text!(CaseRowAge))),
        }
    }

    /// Row `i`'s distance limit, when given (not `NaN`).
    fn max_distance_km(&self, i: usize) -> Option<f64> {
        let km = self
            .max_distance_km
            .as_ref()
            .and_then(|v| v.get(i))
            .copied();
        km.filter(|d| !d.is_nan())
    }

    /// Row `i`'s EHPAD residence, time-criticality and planned facts (positive is true).
    fn facts(&self, i: usize) -> [bool; 3] {
        let flag = |v: &Option<Vec<i8>>| v.as_ref().and_then(|v| v.get(i)).is_some_and(|&b| b > 0);
        [
            flag(&self.ehpad_resident),
            flag(&self.time_critical),
            flag(&self.include_planned),
        ]
    }

    fn date(&self, i: usize) -> Result<Date, CaseError> {
        if let Some(code) = self.date_text.as_ref().and_then(|t| t.code(i)) {
            return self
                .date_values
                .get(code)
                .cloned()
                .unwrap_or_else(|| Err(CaseError::of_row(DATE, text!(CaseRowNoDate))));
        }
        if let Some(&days) = self.date_days.as_ref().and_then(|d| d.get(i)) {
            if days != i32::MIN {
                let lo = self.day_range.map_or(0, |(lo, _)| lo);
                let known = usize::try_from(i64::from(days) - i64::from(lo)).ok();
                let date = match known.and_then(|k| self.day_dates.get(k)) {
                    Some(&date) => date,
                    None => Date::from_epoch_day(days),
                };
                return date
                    .ok_or_else(|| CaseError::of_row(DATE, text!(CaseRowDays, days.to_string())));
            }
        }
        self.default_date
            .ok_or_else(|| CaseError::of_row(DATE, text!(CaseRowNoDate)))
    }

    /// Everything row `i` holds, as codes and bits: two rows with equal keys are the same case
    /// and get the same results, so a caller may copy the results of the first to the second.
    pub fn row_key(&self, i: usize) -> RowKey {
        let code =
            |c: &Option<TextColumn>| c.as_ref().and_then(|c| c.codes.get(i)).map_or(-2, |&x| x);
        let list = |c: &Option<(Vec<i32>, Vec<Vec<String>>)>| {
            c.as_ref()
                .and_then(|(codes, _)| codes.get(i))
                .map_or(-2, |&x| x)
        };
        let bits =
            |c: &Option<Vec<f64>>| c.as_ref().and_then(|v| v.get(i)).map_or(0, |x| x.to_bits());
        let boolean = |c: &Option<Vec<i8>>| {
            c.as_ref()
                .and_then(|v| v.get(i))
                .map_or(0, |&x| u64::from(x > 0))
        };
        let day = self
            .date_days
            .as_ref()
            .and_then(|d| d.get(i))
            .map_or(-2, |&x| x);
        let word = |a: i32, b: i32| {
            u64::from(u32::from_ne_bytes(a.to_ne_bytes())) << 32
                | u64::from(u32::from_ne_bytes(b.to_ne_bytes()))
        };
        RowKey([
            word(code(&self.filiere), code(&self.origin)),
            word(code(&self.level), code(&self.preferred_site)),
            word(code(&self.date_text), day),
            word(list(&self.flags), list(&self.exclude)),
            bits(&self.lat),
            bits(&self.lon),
            bits(&self.age),
            bits(&self.max_distance_km),
            boolean(&self.ehpad_resident)
                | boolean(&self.time_critical) << 1
                | boolean(&self.include_planned) << 2,
        ])
    }

    /// When every column a row key reads is a code (text and lists by their dictionary, dates
    /// as days by their range, booleans) and no number column is set, and the product of their
    /// counts of values is at most [`DensePlan::MAX`]: the plan of [`Self::dense_index`], each
    /// row's place in that product. Rows with equal places have equal [`Self::row_key`]s.
    pub fn dense_plan(&self) -> Option<DensePlan> {
        let numbers = [&self.lat, &self.lon, &self.age, &self.max_distance_km];
        if numbers.iter().any(|c| c.is_some()) {
            return None;
        }
        let text = |c: &Option<TextColumn>| c.as_ref().map_or(1, |c| c.values.len() + 1);
        let list = |c: &Option<(Vec<i32>, Vec<Vec<String>>)>| {
            c.as_ref().map_or(1, |(_, values)| values.len() + 1)
        };
        let boolean = |c: &Option<Vec<i8>>| if c.is_some() { 2 } else { 1 };
        let (day_min, day_count) = match self.day_range.filter(|_| self.date_days.is_some()) {
            None => (0, 1),
            Some((lo, hi)) => (lo, usize::try_from(i64::from(hi) - i64::from(lo) + 2).ok()?),
        };
        let counts = [
            text(&self.filiere),
            text(&self.origin),
            text(&self.level),
            text(&self.preferred_site),
            text(&self.date_text),
            day_count,
            list(&self.flags),
            list(&self.exclude),
            boolean(&self.ehpad_resident),
            boolean(&self.time_critical),
            boolean(&self.include_planned),
        ];
        let mut strides = [0u32; 11];
        let mut size = 1usize;
        for (stride, &count) in strides.iter_mut().zip(&counts) {
            *stride = u32::try_from(size).ok()?;
            size = size.checked_mul(count).filter(|&n| n <= DensePlan::MAX)?;
        }
        Some(DensePlan {
            strides,
            counts: counts.map(|c| u32::try_from(c).unwrap_or(u32::MAX)),
            day_min,
            size,
        })
    }

    /// Row `i`'s place in `plan` (from [`Self::dense_plan`] of these columns); `None` when the
    /// row does not fit the plan (columns set after the plan was made).
    pub fn dense_index(&self, plan: &DensePlan, i: usize) -> Option<usize> {
        let mut place = Vec::new();
        self.dense_places(plan, i..i + 1, &mut place);
        place
            .first()
            .filter(|&&p| p != u32::MAX)
            .map(|&p| p as usize)
    }

    /// The places in `plan` of rows `rows`, into `out` (replacing its contents): `u32::MAX`
    /// for a row that does not fit the plan. Column by column, a tight loop each.
    pub fn dense_places(&self, plan: &DensePlan, rows: std::ops::Range<usize>, out: &mut Vec<u32>) {
        out.clear();
        out.resize(rows.len(), 0);
        let as_u32 = |x: i32| u32::from_ne_bytes(x.to_ne_bytes());
        // Adds `part * stride` to each place, or marks it `u32::MAX` when `part` is out of range.
        let mut add = |parts: &mut dyn Iterator<Item = u32>, k: usize| {
            let stride = plan.strides.get(k).copied().unwrap_or(0);
            let count = plan.counts.get(k).copied().unwrap_or(0);
            let mut n = 0;
            for (p, part) in out.iter_mut().zip(parts) {
                *p = if part < count && *p != u32::MAX {
                    *p + part * stride
                } else {
                    u32::MAX
                };
                n += 1;
            }
            // A column shorter than the rows: the rest does not fit.
            for p in out.iter_mut().skip(n) {
                *p = u32::MAX;
            }
        };
        let texts = [
            &self.filiere,
            &self.origin,
            &self.level,
            &self.preferred_site,
            &self.date_text,
        ];
        for (k, col) in texts.into_iter().enumerate() {
            if let Some(c) = col {
                add(&mut codes(&c.codes, rows.clone()), k);
            }
        }
        if let Some(days) = &self.date_days {
            let min = plan.day_min;
            let mut parts = days.get(rows.clone()).unwrap_or_default().iter().map(|&d| {
                if d == i32::MIN {
                    0
                } else {
                    as_u32(d.wrapping_sub(min).wrapping_add(1))
                }
            });
            add(&mut parts, 5);
        }
        for (k, col) in [(6, &self.flags), (7, &self.exclude)] {
            if let Some((c, _)) = col {
                add(&mut codes(c, rows.clone()), k);
            }
        }
        let booleans = [
            &self.ehpad_resident,
            &self.time_critical,
            &self.include_planned,
        ];
        for (k, col) in (8..).zip(booleans) {
            if let Some(v) = col {
                let mut parts = v
                    .get(rows.clone())
                    .unwrap_or_default()
                    .iter()
                    .map(|&x| u32::from(x > 0));
                add(&mut parts, k);
            }
        }
    }
}

/// Codes of rows `rows` plus one (`0` for null), as [`CaseColumns::dense_places`] adds them.
fn codes(c: &[i32], rows: std::ops::Range<usize>) -> impl Iterator<Item = u32> + '_ {
    c.get(rows)
        .unwrap_or_default()
        .iter()
        .map(|&x| u32::from_ne_bytes(x.wrapping_add(1).to_ne_bytes()))
}

/// How [`CaseColumns::dense_index`] places rows: one stride per column, and the count of
/// places.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DensePlan {
    strides: [u32; 11],
    counts: [u32; 11],
    day_min: i32,
    size: usize,
}

impl DensePlan {
    /// Most places a plan has (a [`RowCache`] keeps one slot per place).
    pub const MAX: usize = 1 << 18;

    /// The count of places.
    pub fn size(&self) -> usize {
        self.size
    }
}

/// Where a row's results go in a [`RowCache`], from [`RowCache::lookup`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowSlot {
    /// A place of the cache's dense table.
    Dense(usize),
    /// A key of its map.
    Keyed(RowKey),
    /// Nowhere: the cache stepped aside.
    Off,
}

/// The key of a row of [`CaseColumns`] ([`CaseColumns::row_key`]).
#[derive(Debug, Clone, Copy, Eq)]
pub struct RowKey([u64; 9]);

impl PartialEq for RowKey {
    /// Word by word without branches (the derived comparison calls `memcmp`, which costs
    /// more than the comparison itself at this size).
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        self.0
            .iter()
            .zip(&other.0)
            .fold(0, |acc, (a, b)| acc | (a ^ b))
            == 0
    }
}

impl Hash for RowKey {
    #[inline]
    fn hash<H: Hasher>(&self, h: &mut H) {
        h.write_u64(mixed(&self.0));
    }
}

/// Results of rows already seen, by [`RowKey`]: a batch reader keeps its own result row type
/// `T` (codes of its output columns) and copies it to a row equal to an earlier one. Bounded,
/// and it steps aside for a batch whose first 4,096 rows hardly repeat. Made
/// [`for_columns`](Self::for_columns) whose rows are all codes ([`CaseColumns::dense_plan`]),
/// it keeps results in a plain table by each row's place instead, a few instructions a row.
#[derive(Debug, Clone)]
pub struct RowCache<T> {
    rows: HashMap<RowKey, T>,
    dense: Option<Dense<T>>,
    seen: usize,
    hits: usize,
    on: bool,
}

/// The dense table of a [`RowCache`], and the places of a block of rows worked out together.
#[derive(Debug, Clone)]
struct Dense<T> {
    plan: DensePlan,
    table: Vec<Option<T>>,
    places: Vec<u32>,
    /// The first row of `places`.
    from: usize,
}

/// Rows whose places a [`RowCache`] works out at a time.
const PLACE_BLOCK: usize = 4096;

impl<T: Clone> Default for RowCache<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Clone> RowCache<T> {
    /// Most rows remembered.
    pub const CAPACITY: usize = 1 << 18;
    const TRIAL: usize = 4096;

    /// An empty cache.
    pub fn new() -> Self {
        Self {
            rows: HashMap::default(),
            dense: None,
            seen: 0,
            hits: 0,
            on: true,
        }
    }

    /// An empty cache for the rows of `cols`: a dense table when their plan allows it.
    pub fn for_columns(cols: &CaseColumns) -> Self {
        let mut cache = Self::new();
        cache.dense = cols.dense_plan().map(|plan| Dense {
            plan,
            table: vec![None; plan.size()],
            places: Vec::new(),
            from: 0,
        });
        cache
    }

    /// The results of an earlier row equal to row `i` of `cols` (the columns the cache was
    /// made for), or where to [`insert_row`](Self::insert_row) this row's.
    ///
    /// # Errors
    /// The row's [`RowSlot`] when no earlier row was equal.
    pub fn lookup(&mut self, cols: &CaseColumns, i: usize) -> Result<T, RowSlot> {
        if let Some(d) = &mut self.dense {
            if i < d.from || i - d.from >= d.places.len() {
                d.from = i;
                let end = cols.rows().min(i.saturating_add(PLACE_BLOCK)).max(i);
                cols.dense_places(&d.plan, i..end, &mut d.places);
            }
            let place = d.places.get(i - d.from).copied().unwrap_or(u32::MAX);
            if place != u32::MAX {
                let place = place as usize;
                return match d.table.get(place) {
                    Some(Some(results)) => Ok(results.clone()),
                    _ => Err(RowSlot::Dense(place)),
                };
            }
        }
        if !self.on {
            return Err(RowSlot::Off);
        }
        let key = cols.row_key(i);
        match self.get(&key) {
            Some(results) => Ok(results),
            None if self.on => Err(RowSlot::Keyed(key)),
            None => Err(RowSlot::Off),
        }
    }

    /// Remembers the results of the row that [`lookup`](Self::lookup) gave `slot`.
    pub fn insert_row(&mut self, slot: RowSlot, results: T) {
        match slot {
            RowSlot::Dense(place) => {
                if let Some(s) = self.dense.as_mut().and_then(|d| d.table.get_mut(place)) {
                    *s = Some(results);
                }
            }
            RowSlot::Keyed(key) => self.insert(key, results),
            RowSlot::Off => {}
        }
    }

    /// Whether the cache still looks rows up (false once a batch showed hardly a repeat).
    pub fn is_on(&self) -> bool {
        self.on
    }

    /// The results of an earlier row with the key `key`, if any.
    pub fn get(&mut self, key: &RowKey) -> Option<T> {
        self.seen += 1;
        if let Some(r) = self.rows.get(key) {
            self.hits += 1;
            return Some(r.clone());
        }
        if self.seen >= Self::TRIAL && self.hits * 8 < self.seen {
            self.on = false;
            self.rows = HashMap::default();
        }
        None
    }

    /// Remembers the results of a row with the key `key`.
    pub fn insert(&mut self, key: RowKey, results: T) {
        if self.on && self.rows.len() < Self::CAPACITY {
            self.rows.insert(key, results);
        }
    }
}

/// The items of a `;`-separated list, trimmed, empty ones left out.
pub(crate) fn split_list(text: &str) -> Vec<String> {
    text.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn text(codes: Vec<i32>, values: &[&str]) -> TextColumn {
        TextColumn {
            codes,
            values: values.iter().map(|v| (*v).to_owned()).collect(),
        }
    }

    fn three_rows() -> CaseColumns {
        let mut c = CaseColumns::new(3);
        c.set_text("filiere", text(vec![0, 0, 0], &["chirurgie"]))
            .unwrap();
        c.set_text(
            "origin",
            text(vec![0, 0, 1], &["ch-langres", "ch-chaumont"]),
        )
        .unwrap();
        c.set_days(vec![17_441, 17_441, i32::MIN]).unwrap();
        c.set_text("flags", text(vec![0, 0, -1], &[" most_acute ;; x"]))
            .unwrap();
        c.set_numbers("age", vec![40.0, 40.0, 2.5]).unwrap();
        c.set_booleans("ehpad_resident", vec![1, 1, -1]).unwrap();
        c
    }

    #[test]
    fn rows_fill_a_case() {
        let c = three_rows();
        let mut case = blank_case();
        c.fill(0, &mut case).unwrap();
        assert_eq!(case.filiere, "chirurgie");
        assert_eq!(case.origin, Origin::Id("ch-langres".into()));
        assert_eq!(case.date.to_string(), "2017-10-02");
        assert_eq!(case.flags, ["most_acute", "x"]);
        assert_eq!(case.age, Some(40));
        assert!(case.ehpad_resident);
        let e = c.fill(2, &mut case).unwrap_err();
        assert_eq!(
            (e.code, e.message.as_str()),
            (
                crate::Code::C002,
                "missing `date` (give a date column or a date for all rows)"
            )
        );
        assert_eq!(
            e.message_in(crate::messages::Lang::Fr),
            "`date` manquante (donnez une colonne de dates, ou une date pour toutes les lignes)"
        );
        let mut dated = c.clone();
        dated.set_default_date("2017-09-15".parse().ok());
        assert_eq!(
            dated.fill(2, &mut case).unwrap_err().message,
            "invalid `age`: expected a whole number of years"
        );
    }

    #[test]
    fn a_date_text_that_is_no_date_is_c002_in_both_languages_with_its_hint() {
        let mut c = CaseColumns::new(2);
        c.set_text("filiere", text(vec![0, 0], &["chirurgie"]))
            .unwrap();
        c.set_text("origin", text(vec![0, 0], &["ch-langres"]))
            .unwrap();
        c.set_text("date", text(vec![0, 1], &["2018-02-30", " 2018-02-28 "]))
            .unwrap();
        let mut case = blank_case();
        let e = c.fill(0, &mut case).unwrap_err();
        // The same error as the case reader's for the same text (`route()` of a JSON case).
        let read = crate::case_input::CaseError::from_message(
            &"2018-02-30".parse::<Date>().unwrap_err().to_string(),
        );
        assert_eq!(e, read);
        assert_eq!(e.code, "C002");
        assert_eq!(
            e.message,
            "invalid date `2018-02-30`: no such day in the calendar"
        );
        assert_eq!(
            e.message_in(crate::messages::Lang::Fr),
            "date invalide `2018-02-30` : ce jour n'existe pas dans le calendrier"
        );
        assert!(e.help_in(crate::messages::Lang::Fr).is_some());
        c.fill(1, &mut case).unwrap();
        assert_eq!(case.date.to_string(), "2018-02-28");
    }

    #[test]
    fn days_give_the_dates_of_from_epoch_day() {
        // A short range (dates worked out in advance, the last day valid, the next not) and a
        // long one (worked out row by row).
        for days in [
            vec![2_932_890, 2_932_896, 2_932_897, i32::MIN],
            vec![-400_000, 17_441, 2_932_897],
        ] {
            let mut c = CaseColumns::new(days.len());
            c.set_text("filiere", text(vec![0; days.len()], &["chirurgie"]))
                .unwrap();
            c.set_text("origin", text(vec![0; days.len()], &["ch-langres"]))
                .unwrap();
            c.set_days(days.clone()).unwrap();
            let mut case = blank_case();
            for (i, &d) in days.iter().enumerate() {
                let got = c.fill(i, &mut case).map(|()| case.date);
                match Date::from_epoch_day(d) {
                    Some(date) => assert_eq!(got, Ok(date)),
                    None if d == i32::MIN => {
                        assert!(got.unwrap_err().message.starts_with("missing `date`"));
                    }
                    None => assert_eq!(
                        got.unwrap_err().message,
                        format!("invalid date: {d} days since 1970-01-01 is out of range")
                    ),
                }
            }
        }
    }

    #[test]
    fn equal_rows_have_equal_keys() {
        let c = three_rows();
        assert_eq!(c.row_key(0), c.row_key(1));
        assert_ne!(c.row_key(0), c.row_key(2));
        let mut other = c.clone();
        other.set_booleans("ehpad_resident", vec![1, 0, 0]).unwrap();
        assert_ne!(other.row_key(0), other.row_key(1));
    }

    #[test]
    fn bad_columns_are_refused_with_their_name() {
        let mut c = CaseColumns::new(2);
        let e = c.set_text("filiere", text(vec![0], &["x"])).unwrap_err();
        assert_eq!(e.to_string(), "column `filiere` has 1 rows, not 2");
        let e = c.set_text("origin", text(vec![0, 1], &["x"])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "code 1 of column `origin` is out of range (-1 to 0)"
        );
        let e = c.set_numbers("height", vec![1.0, 2.0]).unwrap_err();
        assert_eq!(e.to_string(), "unknown number column `height`");
        assert_eq!(e.column(), "height");
        let e = c.set_booleans("lat", vec![1, 0]).unwrap_err();
        assert_eq!(e.to_string(), "unknown boolean column `lat`");
    }

    #[test]
    fn built_text_columns_are_refused_when_not_utf8() {
        let mut b = TextColumnBuilder::default();
        for v in [&b"ok"[..], b"ok", b"\xff\xfe", b"ok"] {
            b.push(Some(v));
        }
        let e = b.finish("origin").unwrap_err();
        assert_eq!(e.to_string(), "row 2 of column `origin` is not UTF-8 text");
        assert_eq!(e.column(), "origin");
    }

    #[test]
    fn long_values_differing_in_the_middle_get_their_own_codes() {
        let mut b = TextColumnBuilder::default();
        let (x, y) = ("aaaaaaaaXaaaaaaaaaaa", "aaaaaaaaYaaaaaaaaaaa");
        for v in [x, y, x, "aaaaaaaa", "aaaaaaaaa"] {
            b.push(Some(v.as_bytes()));
        }
        let col = b.finish("origin").unwrap();
        assert_eq!(col.codes, [0, 1, 0, 2, 3]);
        assert_eq!(col.values, [x, y, "aaaaaaaa", "aaaaaaaaa"]);
        // Runs (a value equal to the one before it is coded without probing), across nulls,
        // and a value right after one that has the same first and last eight bytes.
        let mut b = TextColumnBuilder::default();
        for v in [
            Some(x),
            Some(x),
            Some(y),
            Some(y),
            None,
            Some(y),
            Some(x),
            Some(""),
        ] {
            b.push(v.map(str::as_bytes));
        }
        b.push(Some(b""));
        let col = b.finish("origin").unwrap();
        assert_eq!(col.codes, [0, 0, 1, 1, -1, 1, 0, 2, 2]);
    }

    /// Rows of `row_keys_are_the_keys_of_the_filled_cases` whose case is remembered: the
    /// test compares keys, not only their absence.
    static KEYED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

    #[test]
    fn row_keys_are_compared_on_rows_that_have_one() {
        row_keys_are_the_keys_of_the_filled_cases();
        assert!(KEYED.load(std::sync::atomic::Ordering::Relaxed) > 500);
    }

    proptest::proptest! {
        /// A row's memo key worked out from its codes ([`RowKeys`]) is the key of the case the
        /// row fills, row by row over varied columns of a seed network (known and unknown
        /// filières, origins, levels and flags, coordinates, bad dates and ages, distance
        /// limits, facts, exclusions, a patient's choice, nulls everywhere); `None` for every
        /// row that does not fill.
        #[test]
        fn row_keys_are_the_keys_of_the_filled_cases(
            rows in proptest::collection::vec(proptest::collection::vec(-1i32..16, 16), 1..120),
            default_date in proptest::bool::ANY,
            as_days in proptest::bool::ANY,
        ) {
            let text = include_str!("../../examples/networks/sud-haut-marnais.json");
            let network = crate::Network::from_json_str(text).unwrap();
            let e = Engine::compile(&network).unwrap();
            let mut origins: Vec<String> = network.sites.iter().map(|s| s.id.clone()).collect();
            origins.extend(network.locations.iter().map(|l| l.id.clone()));
            origins.extend(["nowhere".to_owned(), String::new()]);
            let n = rows.len();
            // Column `k` of row `r`: null for -1, the first value most often (a row reads more
            // often than not), the others in turn; or a value of `pick`.
            let codes = |k: usize, len: usize| -> Vec<i32> {
                let last = i32::try_from(len).unwrap() - 1;
                rows.iter().map(|r| match r[k] { -1 => -1, x if x < 10 => 0, x => (x - 9).min(last) }).collect()
            };
            let pick = |k: usize, values: &[f64]| -> Vec<f64> {
                rows.iter().map(|r| values[usize::try_from(r[k] + 1).unwrap() % values.len()]).collect()
            };
            let col = |k: usize, values: &[&str]| TextColumn {
                codes: codes(k, values.len()),
                values: values.iter().map(|v| (*v).to_owned()).collect(),
            };
            let mut cols = CaseColumns::new(n);
            cols.set_text("filiere", col(0, &["chirurgie", "nope", " chirurgie"])).unwrap();
            let origin = TextColumn {
                codes: rows.iter().map(|r| if r[1] < 0 { -1 } else { (r[1] * 3 + r[2]).rem_euclid(i32::try_from(origins.len()).unwrap()) }).collect(),
                values: origins.clone(),
            };
            cols.set_text("origin", origin).unwrap();
            cols.set_numbers("lat", pick(3, &[f64::NAN, 47.8, 48.1])).unwrap();
            cols.set_numbers("lon", pick(4, &[f64::NAN, 5.1, 5.3])).unwrap();
            cols.set_text("level", col(5, &["proximite", "reference", "recours", "bogus"])).unwrap();
            cols.set_text("flags", col(6, &["", "most_acute", "most_acute;unknown", "unknown"])).unwrap();
            // 2017-09-30: the day before the surgery GCS starts (a period ends).
            let dates = ["2017-10-02", "2017-09-30", "2016-01-01", "2018-02-30", "2024-12-31"];
            if as_days {
                // Days since 1970: the dates above, a day beyond year 9999, and null.
                let days = codes(7, dates.len()).iter().map(|&c| match dates.get(usize::try_from(c).unwrap_or(usize::MAX)) {
                    Some(d) => d.parse::<Date>().map_or(4_000_000, Date::epoch_day),
                    None => i32::MIN,
                }).collect();
                cols.set_days(days).unwrap();
            } else {
                cols.set_text("date", col(7, &dates)).unwrap();
            }
            if default_date {
                cols.set_default_date("2018-05-01".parse().ok());
            }
            cols.set_numbers("age", pick(8, &[f64::NAN, 40.0, 2.5, -1.0, 70_000.0, 0.0])).unwrap();
            cols.set_numbers("max_distance_km", pick(9, &[f64::NAN, 30.0, 0.0])).unwrap();
            let bools = |k: usize| rows.iter().map(|r| i8::try_from(r[k].clamp(-1, 1)).unwrap()).collect();
            cols.set_booleans("ehpad_resident", bools(10)).unwrap();
            cols.set_booleans("time_critical", bools(11)).unwrap();
            cols.set_booleans("include_planned", bools(12)).unwrap();
            cols.set_text("exclude", col(13, &["", "ch-langres"])).unwrap();
            let preferred = TextColumn {
                codes: rows.iter().map(|r| if r[14] == 5 { 0 } else { -1 }).collect(),
                values: vec!["ch-langres".to_owned()],
            };
            cols.set_text("preferred_site", preferred).unwrap();
            let keys = RowKeys::new(&e, &cols);
            let memo = Memo::new(&e);
            let mut case = blank_case();
            for i in 0..n {
                let from_case = cols.fill(i, &mut case).ok().and_then(|()| memo.key(&case));
                proptest::prop_assert_eq!(keys.key(&e, &cols, i), from_case, "row {}", i);
                KEYED.fetch_add(usize::from(from_case.is_some()), std::sync::atomic::Ordering::Relaxed);
            }
        }
    }

    proptest::proptest! {
        /// The builder gives each distinct value one code, in order of first appearance, and
        /// the codes give back every row's value: values of every length class (short ones
        /// compared by their words, long ones by their bytes), many of them equal, over enough
        /// distinct values to grow the table.
        #[test]
        fn built_text_columns_hold_every_row(
            rows in proptest::collection::vec(
                proptest::option::weighted(0.9, proptest::collection::vec(
                    proptest::sample::select(vec![b'a', b'b', 0xc3, 0xa9, b'-']), 0..40)),
                0..600),
        ) {
            // Each value once, then twice in a row (runs are coded by the last slot).
            let rows: Vec<Option<String>> = rows
                .into_iter()
                .map(|r| r.map(|v| String::from_utf8_lossy(&v).into_owned()))
                .enumerate()
                .flat_map(|(i, r)| std::iter::repeat_n(r, 1 + i % 2))
                .collect();
            let mut b = TextColumnBuilder::with_capacity(rows.len());
            for r in &rows {
                b.push(r.as_deref().map(str::as_bytes));
            }
            proptest::prop_assert_eq!(b.len(), rows.len());
            let col = b.finish("x").unwrap();
            let mut expected: Vec<&str> = Vec::new();
            for (r, &c) in rows.iter().zip(&col.codes) {
                match r {
                    None => proptest::prop_assert_eq!(c, -1),
                    Some(v) => {
                        if !expected.contains(&v.as_str()) {
                            expected.push(v);
                        }
                        proptest::prop_assert_eq!(col.values[usize::try_from(c).unwrap()].as_str(), v.as_str());
                    }
                }
            }
            proptest::prop_assert_eq!(col.values, expected);
        }
    }

    proptest::proptest! {
        /// Rows of code columns have equal dense places exactly when they have equal keys, and
        /// a cache made for the columns gives a row the results of an earlier equal row.
        #[test]
        fn dense_places_are_row_keys(
            rows in proptest::collection::vec(
                (-1i32..3, -1i32..4, -1i32..2, proptest::sample::select(vec![i32::MIN, 17_000, 17_001, 17_090]), -1i8..2),
                1..40),
        ) {
            let n = rows.len();
            let mut c = CaseColumns::new(n);
            c.set_text("filiere", text(rows.iter().map(|r| r.0).collect(), &["a", "b", "c"])).unwrap();
            c.set_text("origin", text(rows.iter().map(|r| r.1).collect(), &["o", "p", "q", "r"])).unwrap();
            c.set_text("flags", text(rows.iter().map(|r| r.2).collect(), &["x", "y;z"])).unwrap();
            c.set_days(rows.iter().map(|r| r.3).collect()).unwrap();
            c.set_booleans("time_critical", rows.iter().map(|r| r.4).collect()).unwrap();
            let plan = c.dense_plan().unwrap();
            let mut cache: RowCache<usize> = RowCache::for_columns(&c);
            for i in 0..n {
                for j in 0..n {
                    proptest::prop_assert_eq!(
                        c.dense_index(&plan, i) == c.dense_index(&plan, j),
                        c.row_key(i) == c.row_key(j)
                    );
                }
                let first = (0..=i).find(|&j| c.row_key(j) == c.row_key(i)).unwrap();
                match cache.lookup(&c, i) {
                    Ok(earlier) => proptest::prop_assert_eq!(earlier, first),
                    Err(slot) => {
                        proptest::prop_assert_eq!(first, i);
                        proptest::prop_assert!(matches!(slot, RowSlot::Dense(_)));
                        cache.insert_row(slot, i);
                    }
                }
            }
        }
    }

    #[test]
    fn rows_with_numbers_or_many_places_are_keyed() {
        let c = three_rows();
        assert_eq!(c.dense_plan(), None);
        let mut cache: RowCache<u8> = RowCache::for_columns(&c);
        let Err(slot @ RowSlot::Keyed(_)) = cache.lookup(&c, 0) else {
            panic!("a keyed slot");
        };
        cache.insert_row(slot, 7);
        assert_eq!(cache.lookup(&c, 1), Ok(7));
        let mut wide = CaseColumns::new(2);
        let many: Vec<String> = (0..1000).map(|i| i.to_string()).collect();
        let col = TextColumn {
            codes: vec![0, 999],
            values: many,
        };
        wide.set_text("origin", col.clone()).unwrap();
        assert!(wide.dense_plan().is_some());
        wide.set_text("level", col).unwrap();
        assert_eq!(wide.dense_plan(), None, "1001 x 1001 places");
    }

    #[test]
    fn the_row_cache_steps_aside_when_rows_do_not_repeat() {
        let mut cache: RowCache<u32> = RowCache::new();
        for i in 0..RowCache::<u32>::TRIAL {
            let key = RowKey([i as u64, 0, 0, 0, 0, 0, 0, 0, 0]);
            assert_eq!(cache.get(&key), None);
            cache.insert(key, 1);
        }
        assert!(!cache.is_on());
        let mut cache: RowCache<u32> = RowCache::new();
        let key = RowKey([7; 9]);
        cache.insert(key, 3);
        for _ in 0..RowCache::<u32>::TRIAL {
            assert_eq!(cache.get(&key), Some(3));
        }
        assert!(cache.is_on());
    }
}
