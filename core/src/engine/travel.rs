//! The travel matrix: caller-supplied distances and times that override the great-circle
//! distance between an origin node and a site.

use super::sites::Sites;
use super::{HashMap, SiteIx, TravelEntry, ix32};
use crate::error::{Error, Problem, codes};
use crate::messages::{Text, text};

/// Travel overrides by (origin node, site).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Travel {
    /// (origin node, site) -> (km, minutes).
    pairs: HashMap<(u32, SiteIx), (Option<f64>, Option<f64>)>,
}

impl Travel {
    /// Indexes a travel matrix by origin node and site.
    ///
    /// # Errors
    /// [`Error::Load`] when an entry names an unknown origin or site, or has a negative or
    /// non-finite value; every bad entry is reported.
    pub fn build(entries: &[TravelEntry], sites: &Sites) -> Result<Travel, Error> {
        let mut pairs = HashMap::default();
        let mut problems = Vec::new();
        for (i, t) in entries.iter().enumerate() {
            let from = sites.ix.get(&t.from).copied().or_else(|| {
                sites
                    .location_ix
                    .get(&t.from)
                    .map(|&l| ix32(sites.len()) + l)
            });
            let to = sites.ix.get(&t.to).copied();
            let bad = |v: Option<f64>| v.is_some_and(|v| !v.is_finite() || v < 0.0);
            match (from, to) {
                (None, _) => problems.push(compile_problem(
                    format!("/travel/{i}/from"),
                    text!(TravelUnknownFrom, t.from),
                    text!(TravelFromHint),
                )),
                (_, None) => problems.push(compile_problem(
                    format!("/travel/{i}/to"),
                    text!(TravelUnknownTo, t.to),
                    text!(TravelToHint),
                )),
                _ if bad(t.km) || bad(t.minutes) => problems.push(compile_problem(
                    format!("/travel/{i}"),
                    text!(TravelBad, t.from, t.to),
                    text!(TravelBadHint),
                )),
                (Some(f), Some(s)) => {
                    pairs.insert((f, s), (t.km, t.minutes));
                }
            }
        }
        if !problems.is_empty() {
            return Err(Error::load("<travel matrix>", problems));
        }
        Ok(Travel { pairs })
    }

    /// Whether the matrix is empty (every distance is the great-circle one).
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// The (km, minutes) given from an origin node to a site, if any.
    #[inline]
    pub fn get(&self, node: u32, site: SiteIx) -> Option<&(Option<f64>, Option<f64>)> {
        self.pairs.get(&(node, site))
    }
}

fn compile_problem(pointer: String, message: Text, hint: Text) -> Problem {
    Problem::tr(codes::INVALID_VALUE, pointer, message).help(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(from: &str, to: &str, km: Option<f64>) -> TravelEntry {
        TravelEntry {
            from: from.into(),
            to: to.into(),
            km,
            minutes: Some(10.0),
        }
    }

    #[test]
    fn travel_is_indexed_by_origin_node_and_site() {
        let sites = Sites::build(&super::super::tests::network());
        let t = Travel::build(
            &[entry("l-a", "b", Some(12.0)), entry("c", "a", None)],
            &sites,
        );
        let Ok(t) = t else {
            panic!("a good matrix: {t:?}");
        };
        // Location l-a is node 3 (after the three sites); site b is 0.
        assert_eq!(t.get(3, 0), Some(&(Some(12.0), Some(10.0))));
        assert_eq!(t.get(2, 1), Some(&(None, Some(10.0))));
        assert_eq!(t.get(0, 3), None);
        assert!(!t.is_empty());
        assert!(Travel::default().is_empty());
    }

    #[test]
    fn every_bad_travel_entry_is_reported() {
        let sites = Sites::build(&super::super::tests::network());
        let bad = [
            entry("nowhere", "b", None),
            entry("a", "l-a", None),
            entry("a", "b", Some(-1.0)),
            entry("a", "b", Some(f64::NAN)),
        ];
        let Err(Error::Load { problems, .. }) = Travel::build(&bad, &sites) else {
            panic!("the matrix is refused");
        };
        let pointers: Vec<&str> = problems.iter().map(|p| p.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            vec!["/travel/0/from", "/travel/1/to", "/travel/2", "/travel/3"]
        );
    }
}
