//! Dictionary codes of texts, for output columns that pandas reads as `category` and Arrow as
//! dictionary arrays: each distinct text is written once, each row is a code.
//!
//! The texts of decisions (site ids and names, levels, rules) live in the engine, so the
//! address and length of a `&str` identify one: an [`Interner`] looks a text up by address
//! first (one cheap probe per row) and by value only the first time it meets an address, so
//! equal texts at different addresses (a level name several filières share) get one code.
//! Its tables are open-addressed `u64 → code` arrays, lighter than a hash map in WebAssembly
//! (no SIMD groups) and in the module (one table type for both look-ups).

/// A code table keyed by a nonzero `u64` (a text's address, or a hash of its text): open addressing, probed linearly from the high bits of a multiplicative hash.
#[derive(Debug, Default, Clone)]
struct CodeTable {
    /// `(key, code)`, key 0 for an empty slot; the length is 0 or a power of two.
    slots: Vec<(u64, i32)>,
    len: usize,
}

impl CodeTable {
    fn start(&self, key: u64) -> usize {
        let bits = self.slots.len().trailing_zeros();
        // The top `bits` bits of the product depend on every bit of the key; they fit a usize
        // because the table has fewer than usize::MAX slots.
        usize::try_from(key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)).unwrap_or(0)
    }

    /// The code under `key` for which `same(code)` holds.
    fn find(&self, key: u64, same: impl Fn(i32) -> bool) -> Option<i32> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.start(key);
        loop {
            let &(k, c) = self.slots.get(i)?;
            if k == key && same(c) {
                return Some(c);
            }
            if k == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    #[inline(never)]
    fn insert(&mut self, key: u64, code: i32) {
        if (self.len + 1) * 2 > self.slots.len() {
            let size = (self.slots.len() * 2).max(16);
            let old = std::mem::replace(&mut self.slots, vec![(0, 0); size]);
            self.len = 0;
            for (k, c) in old {
                if k != 0 {
                    self.insert(k, c);
                }
            }
        }
        let mask = self.slots.len() - 1;
        let mut i = self.start(key);
        while self.slots.get(i).is_some_and(|s| s.0 != 0) {
            i = (i + 1) & mask;
        }
        if let Some(slot) = self.slots.get_mut(i) {
            *slot = (key, code);
            self.len += 1;
        }
    }
}

/// A nonzero hash of a text, 8 bytes at a time.
fn text_key(s: &str) -> u64 {
    let mut h = s.len() as u64;
    let mut chunks = s.as_bytes().chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h.rotate_left(23) ^ u64::from_le_bytes(w)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    for &b in chunks.remainder() {
        h = (h.rotate_left(23) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    h | 1
}

/// Dictionary codes of texts: `0, 1, 2…` in order of first appearance, `-1` for no text.
///
/// ```
/// use parcours::ffi::Interner;
/// let mut i = Interner::default();
/// let level = String::from("recours");
/// assert_eq!(i.code(Some("proximite")), 0);
/// assert_eq!(i.code(Some(&level)), 1);
/// assert_eq!(i.code(Some("recours")), 1); // another address, the same text
/// assert_eq!(i.code(None), -1);
/// assert_eq!(i.values(), ["proximite", "recours"]);
/// ```
#[derive(Debug, Default, Clone)]
pub struct Interner {
    by_address: CodeTable,
    by_value: CodeTable,
    values: Vec<String>,
}

impl Interner {
    /// The code of a text that lives as long as the interner's use (an engine-owned or static
    /// text: looked up by address first, so no other text may take its place in memory
    /// meanwhile), `-1` for none.
    pub fn code(&mut self, s: Option<&str>) -> i32 {
        s.map_or(-1, |s| {
            // The address alone is the key, and a code found under it counts only if its text
            // has this length: a text and its prefix share an address. (Address and length in
            // one `u64`, as before, could make two texts one key on 64-bit machines.)
            let key = s.as_ptr() as u64;
            let values = &self.values;
            let same = |c: i32| {
                usize::try_from(c)
                    .ok()
                    .and_then(|c| values.get(c))
                    .is_some_and(|v| v.len() == s.len())
            };
            match self.by_address.find(key, same) {
                Some(c) => c,
                None => self.first_seen(key, s),
            }
        })
    }

    /// The code of a text at an address not seen yet (out of line: once per distinct string).
    #[inline(never)]
    fn first_seen(&mut self, key: u64, s: &str) -> i32 {
        let c = self.code_of_value(s);
        self.by_address.insert(key, c);
        c
    }

    /// The code of a text by its value alone: for texts owned by one call (an error message),
    /// whose addresses say nothing.
    #[inline(never)]
    pub fn code_of_value(&mut self, s: &str) -> i32 {
        let key = text_key(s);
        let values = &self.values;
        let same = |c: i32| {
            usize::try_from(c)
                .ok()
                .and_then(|c| values.get(c))
                .is_some_and(|v| v == s)
        };
        if let Some(c) = self.by_value.find(key, same) {
            return c;
        }
        let c = i32::try_from(self.values.len()).unwrap_or(i32::MAX);
        self.values.push(s.to_owned());
        self.by_value.insert(key, c);
        c
    }

    /// The distinct texts, the one of code `c` at index `c`.
    pub fn values(&self) -> &[String] {
        &self.values
    }

    /// The distinct texts, taken.
    pub fn into_values(self) -> Vec<String> {
        self.values
    }
}

/// A dictionary-encoded output column being written: a code per row into its distinct texts.
///
/// ```
/// use parcours::ffi::DictColumn;
/// let mut col = DictColumn::default();
/// for outcome in [Some("routed"), None, Some("routed"), Some("no_route")] {
///     col.push(outcome);
/// }
/// assert_eq!(col.codes(), [0, -1, 0, 1]);
/// assert_eq!(col.values(), ["routed", "no_route"]);
/// ```
#[derive(Debug, Default, Clone)]
pub struct DictColumn {
    interner: Interner,
    codes: Vec<i32>,
}

impl DictColumn {
    /// Appends a row (see [`Interner::code`] for which texts may be pushed).
    pub fn push(&mut self, s: Option<&str>) {
        let c = self.interner.code(s);
        self.codes.push(c);
    }

    /// The code of each row, `-1` for none.
    pub fn codes(&self) -> &[i32] {
        &self.codes
    }

    /// The distinct texts, the one of code `c` at index `c`.
    pub fn values(&self) -> &[String] {
        self.interner.values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_and_its_prefix_at_one_address_get_their_own_codes() {
        let level = String::from("recours-regional");
        let (whole, prefix, empty) = (&level[..], &level[..7], &level[..0]);
        let mut i = Interner::default();
        assert_eq!(i.code(Some(whole)), 0);
        assert_eq!(i.code(Some(prefix)), 1);
        assert_eq!(i.code(Some(empty)), 2);
        // Again, in another order: each by its address and length.
        assert_eq!(i.code(Some(prefix)), 1);
        assert_eq!(i.code(Some(whole)), 0);
        assert_eq!(i.code(Some(empty)), 2);
        assert_eq!(i.values(), ["recours-regional", "recours", ""]);
    }

    #[test]
    fn thousands_of_texts_keep_their_codes_through_growth() {
        let texts: Vec<String> = (0..5000).map(|i| format!("site-{i}")).collect();
        let mut i = Interner::default();
        for (k, t) in texts.iter().enumerate() {
            assert_eq!(i.code(Some(t)), i32::try_from(k).unwrap());
        }
        // Again by address, then by value from copies that live as long (an address must not
        // be reused for another text while the interner is in use).
        let copies = texts.clone();
        for (k, (t, copy)) in texts.iter().zip(&copies).enumerate() {
            assert_eq!(i.code(Some(t)), i32::try_from(k).unwrap());
            assert_eq!(i.code(Some(copy)), i32::try_from(k).unwrap());
            assert_eq!(i.code_of_value(t), i32::try_from(k).unwrap());
        }
        assert_eq!(i.values(), texts.as_slice());
    }

    #[test]
    fn texts_of_one_hash_bucket_stay_apart() {
        // Prefixes of one another and the empty text: different values, different codes.
        let mut i = Interner::default();
        let codes: Vec<i32> = ["", "a", "aa", "aaaaaaaa", "aaaaaaaaa"]
            .iter()
            .map(|s| i.code_of_value(s))
            .collect();
        assert_eq!(codes, [0, 1, 2, 3, 4]);
        assert_eq!(i.code(Some("")), 0);
    }
}
