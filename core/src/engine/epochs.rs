//! The network's periods: the days on which something routing reads starts or stops holding.
//!
//! Every date test of routing is a [`Span`](super::Span) of a validity of the network (a site, a
//! membership, a capability, a rule, a tele-service, a territory…): `from <= day <= to`. So two
//! days between the same two bounds (every `from`, and every `to` plus one) pass and fail the
//! same tests, and a case routes alike on both: the [`crate::batch::Memo`] keys a case by its
//! period, not its day, and a batch of cases that differ only by their admission days inside a
//! period routes each of them once.

use crate::date::Validity;
use crate::network::Network;

/// The bounds of the network's periods, ascending, each once: period `k` holds the days from
/// `bounds[k - 1]` (or forever before) up to the day before `bounds[k]` (or forever after).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Epochs {
    bounds: Vec<i32>,
}

impl Epochs {
    /// The bounds of every validity in the network, whether routing reads it today or not
    /// (a bound too many splits a period in two, which costs a memo entry; a bound missing
    /// would route a day like another it differs from).
    pub fn build(n: &Network) -> Self {
        let mut bounds = Vec::new();
        let mut add = |v: &Validity| {
            if let Some(from) = v.from {
                bounds.push(from.epoch_day());
            }
            if let Some(to) = v.to {
                bounds.push(to.epoch_day().saturating_add(1));
            }
        };
        for s in &n.sites {
            add(&s.validity);
            s.equipment.iter().for_each(|e| add(&e.validity));
        }
        n.groupings.iter().for_each(|g| add(&g.validity));
        n.memberships.iter().for_each(|m| add(&m.validity));
        n.capabilities.iter().for_each(|c| add(&c.validity));
        n.rules.iter().for_each(|r| add(&r.validity));
        n.shared_services.iter().for_each(|s| add(&s.validity));
        n.tele_services.iter().for_each(|t| add(&t.validity));
        n.territories.iter().for_each(|t| add(&t.validity));
        n.catchments.iter().for_each(|c| add(&c.validity));
        crate::order::sort_by(&mut bounds, i32::cmp);
        bounds.dedup();
        Self { bounds }
    }

    /// The period of `day`: the number of bounds on or before it.
    #[inline]
    pub fn of(&self, day: i32) -> u32 {
        u32::try_from(self.bounds.partition_point(|&b| b <= day)).unwrap_or(u32::MAX)
    }

    /// The bounds, ascending: the days on which a period starts.
    pub fn bounds(&self) -> &[i32] {
        &self.bounds
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `validity` object anywhere in the network's JSON form, whatever holds it.
    fn validities(v: &serde_json::Value, out: &mut Vec<Validity>) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, x) in map {
                    if k == "validity" {
                        out.push(serde_json::from_value(x.clone()).unwrap());
                    }
                    validities(x, out);
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|x| validities(x, out)),
            _ => {}
        }
    }

    #[test]
    fn every_validity_of_every_seed_bounds_a_period() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/networks");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let network = Network::from_json_str(&text).unwrap();
            let epochs = Epochs::build(&network);
            // Walked through the JSON form, so that a validity a new field holds is not
            // missed by this test as it would be by a list of fields.
            let mut all = Vec::new();
            validities(&serde_json::to_value(&network).unwrap(), &mut all);
            assert!(!all.is_empty(), "{}", path.display());
            for v in &all {
                for day in [
                    v.from.map(crate::date::Date::epoch_day),
                    v.to.map(|d| d.epoch_day() + 1),
                ]
                .into_iter()
                .flatten()
                {
                    assert!(
                        epochs.bounds().binary_search(&day).is_ok(),
                        "{}: {v:?} bounds no period",
                        path.display()
                    );
                }
            }
            seen += 1;
        }
        assert!(seen >= 5);
    }

    #[test]
    fn a_day_is_in_the_period_of_the_bounds_before_it() {
        let e = Epochs {
            bounds: vec![10, 20, 21],
        };
        let periods: Vec<u32> = [i32::MIN, 9, 10, 19, 20, 21, 22, i32::MAX]
            .iter()
            .map(|&d| e.of(d))
            .collect();
        assert_eq!(periods, [0, 0, 1, 1, 2, 3, 3, 3]);
        assert_eq!(Epochs::default().of(0), 0);
    }
}
