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
//! asked, date, age, EHPAD residence, time-criticality, distance limit, planned facts, and the
//! clinical flags that the network knows (a flag that no filière and no rule of the network
//! mentions cannot change a decision). The case `id` is not part of a decision. Cases with
//! exclusions or a patient's choice, cases that are invalid, and flags beyond the first 64
//! the network knows are routed directly, not remembered. The memo holds at most its capacity
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

use crate::engine::{Engine, HashMap};
use crate::route::{Case, Decision, Origin};

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
    map: HashMap<Key, Decision<'e>>,
    capacity: usize,
    stats: MemoStats,
    /// Cases and hits in the current trial window.
    window: u32,
    window_hits: u32,
    /// Cases still to route without the memo after a window with few repeats.
    resting: u32,
}

/// Cases per trial window of a [`Memo`].
const TRIAL: u32 = 4096;
/// Cases a [`Memo`] routes directly after a window in which fewer than one case in eight was a
/// repeat, before it tries remembering again.
const REST: u32 = 60_000;

/// What a decision depends on, for cases without exclusions or a patient's choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Key {
    filiere: u32,
    /// Origin site or location node; `u32::MAX` for coordinates.
    node: u32,
    lat: u64,
    lon: u64,
    day: i32,
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

impl Hash for Key {
    /// One well-mixed word: the engine's FxHasher only carries entropy upwards, and the hash
    /// table takes its bucket from the low bits, where the date and the level would not reach.
    #[inline]
    fn hash<H: Hasher>(&self, h: &mut H) {
        #[inline]
        fn mix(acc: u64, word: u64) -> u64 {
            let x = (acc ^ word).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            x ^ (x >> 29)
        }
        let mut x = mix(0, u64::from(self.filiere) << 32 | u64::from(self.node));
        x = mix(x, self.lat);
        x = mix(x, self.lon);
        x = mix(
            x,
            u64::from(u32::from_ne_bytes(self.day.to_ne_bytes())) << 32 | u64::from(self.age),
        );
        x = mix(x, self.max_km);
        x = mix(x, self.flags);
        x = mix(x, u64::from(self.level) << 8 | u64::from(self.facts));
        h.write_u64(x ^ (x >> 32));
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
            stats: MemoStats::default(),
            window: 0,
            window_hits: 0,
            resting: 0,
        }
    }

    /// The decision of [`Engine::route`] for `case`, remembered or routed now.
    pub fn route(&mut self, case: &Case) -> Decision<'e> {
        if self.resting > 0 {
            self.resting -= 1;
            self.stats.uncached += 1;
            return self.engine.route(case);
        }
        let Some(key) = self.key(case).filter(|_| self.capacity > 0) else {
            self.stats.uncached += 1;
            return self.engine.route(case);
        };
        self.window += 1;
        if self.window == TRIAL {
            // Few repeats in the last `TRIAL` cases: remembering costs more than it saves.
            if self.window_hits * 8 < TRIAL {
                self.resting = REST;
                self.map = HashMap::default();
            }
            self.window = 0;
            self.window_hits = 0;
        }
        if let Some(d) = self.map.get(&key) {
            self.stats.hits += 1;
            self.window_hits += 1;
            return d.clone();
        }
        self.stats.misses += 1;
        let d = self.engine.route(case);
        if self.map.len() >= self.capacity {
            self.map.clear();
        }
        self.map.insert(key, d.clone());
        d
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
        let filiere = *e.filiere_ix.get(&case.filiere)?;
        let (node, lat, lon) = match &case.origin {
            Origin::Id(id) => {
                let node = if let Some(&s) = e.site_ix.get(id) {
                    s
                } else {
                    let l = *e.location_ix.get(id)?;
                    u32::try_from(e.sites.len()).ok()?.checked_add(l)?
                };
                (node, 0, 0)
            }
            Origin::Point { lat, lon } => (u32::MAX, lat.to_bits(), lon.to_bits()),
        };
        let level = match &case.level {
            None => u8::MAX,
            Some(l) => {
                let levels = &e.filieres.get(filiere as usize)?.levels;
                u8::try_from(levels.iter().position(|x| x == l)?).ok()?
            }
        };
        let mut flags = 0u64;
        for f in &case.flags {
            if let Ok(i) = e.known_flags.binary_search(f) {
                flags |= 1u64.checked_shl(u32::try_from(i).ok()?)?;
            }
        }
        Some(Key {
            filiere,
            node,
            lat,
            lon,
            day: case.date.epoch_day(),
            age: case.age.map_or(u32::MAX, u32::from),
            max_km: case.max_distance_km.map_or(0, f64::to_bits),
            flags,
            level,
            facts: u8::from(case.ehpad_resident)
                | u8::from(case.time_critical) << 1
                | u8::from(case.include_planned) << 2
                | u8::from(case.max_distance_km.is_some()) << 3,
        })
    }
}
