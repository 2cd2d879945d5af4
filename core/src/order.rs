//! Sorting with one compiled sort for the whole crate.
//!
//! Every `slice::sort_by` call with its own closure is a separate copy of the standard library's
//! sort (driftsort or ipnsort, with their small-sort and pivot helpers: 3–4 KB of WebAssembly
//! each). Compiling, checking, answering questions and writing history sort about twenty different
//! things, and those copies were a tenth of the WebAssembly module. Here the caller's order is
//! applied to a list of indices by one non-generic stable sort, then the slice is permuted in
//! place; short slices (the common case) are insertion-sorted directly, with no allocation.
//!
//! The results are exactly those of `slice::sort_by`: the sort is stable. Routing's per-case
//! sorts (`route.rs`) keep the standard sort: they run per decision and are measured by the
//! route benchmarks.

use std::cmp::Ordering;

/// Up to this length, slices are insertion-sorted in place (no allocation). Above it, the
/// indices are sorted with the standard stable sort and the slice permuted.
const INSERTION_MAX: usize = 20;

/// Sorts `v` by `cmp`, stably (as `slice::sort_by`).
pub(crate) fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() <= INSERTION_MAX {
        insertion_sort(v, &mut cmp);
        return;
    }
    let Ok(len) = u32::try_from(v.len()) else {
        // More than four billion items: no network or reference is near this; the standard
        // sort keeps the contract all the same.
        v.sort_by(cmp);
        return;
    };
    let mut order: Vec<u32> = (0..len).collect();
    {
        let items = &*v;
        sort_indices(&mut order, &mut |a, b| match (items.get(a), items.get(b)) {
            (Some(x), Some(y)) => cmp(x, y),
            _ => Ordering::Equal,
        });
    }
    permute(v, &order);
}

/// Sorts `v` by the key `key` gives, stably (as `slice::sort_by_key`).
pub(crate) fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` in ascending order, stably (as `slice::sort`; a stable sort also meets the
/// contract of `slice::sort_unstable`).
pub(crate) fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, Ord::cmp);
}

/// The one compiled sort: indices into the caller's slice, compared by `cmp`.
fn sort_indices(order: &mut [u32], cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| cmp(a as usize, b as usize));
}

/// Stable insertion sort, for short slices.
fn insertion_sort<T>(v: &mut [T], cmp: &mut impl FnMut(&T, &T) -> Ordering) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 {
            match (v.get(j - 1), v.get(j)) {
                (Some(a), Some(b)) if cmp(a, b) == Ordering::Greater => v.swap(j - 1, j),
                _ => break,
            }
            j -= 1;
        }
    }
}

/// Rearranges `v` so that position `i` holds what was at `order[i]`, following each cycle of
/// the permutation once (`order` is a permutation of `0..v.len()`).
fn permute<T>(v: &mut [T], order: &[u32]) {
    let mut done = vec![false; v.len()];
    for start in 0..v.len() {
        if done.get(start).copied().unwrap_or(true) {
            continue;
        }
        // The item that was at `start` travels along the cycle; each swap puts the right item
        // at `j`.
        let mut j = start;
        loop {
            if let Some(d) = done.get_mut(j) {
                *d = true;
            }
            let Some(&k) = order.get(j) else { break };
            let k = k as usize;
            if k == start || k >= v.len() {
                break;
            }
            v.swap(j, k);
            j = k;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Same result as the standard stable sort, ties included (the payload tells equal keys
        /// apart), on both sides of the insertion threshold.
        #[test]
        fn sort_by_matches_std(keys in proptest::collection::vec(0u8..8, 0..200)) {
            let items: Vec<(u8, usize)> = keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect();
            let mut ours = items.clone();
            sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut theirs = items;
            theirs.sort_by_key(|a| a.0);
            prop_assert_eq!(ours, theirs);
        }

        #[test]
        fn sort_matches_std(mut items in proptest::collection::vec(".{0,3}", 0..100)) {
            let mut theirs = items.clone();
            theirs.sort();
            sort(&mut items);
            prop_assert_eq!(items, theirs);
        }
    }

    #[test]
    fn sort_by_key_descending() {
        let mut v: Vec<u32> = (0..50).collect();
        sort_by_key(&mut v, |&x| std::cmp::Reverse(x));
        assert_eq!(v, (0..50).rev().collect::<Vec<_>>());
    }
}
