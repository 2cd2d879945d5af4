//! The canonical form of a network: one order and one layout for the same facts.
//!
//! Two files that hold the same facts (whatever the order of their keys, their white space,
//! JSON or TOML) have one canonical form, so networks diff well in version control
//! (`parcours fmt`) and hash the same ([`crate::Fingerprint`]).
//!
//! # Order
//!
//! The lists of a network are sorted as follows; the sort is stable, and a full tie falls back
//! on the record's whole canonical JSON text, so the order never depends on the input's order
//! except where that order carries meaning:
//!
//! | list | order |
//! |---|---|
//! | `sources`, `locations`, `legal_entities`, `sites`, `filieres`, `groupings`, `shared_services`, `tele_services`, `events` | by `id` (byte order) |
//! | `memberships` | by `grouping`, `member`, `role`, then `validity.from` (no date first) |
//! | `capabilities` | by `site`, `filiere`, then `id` (none first) |
//! | `rules` | by `strength` (mandatory, preferred, fallback), then `priority` (highest first), then **as written** |
//!
//! Rules are not sorted by id: among rules of the same strength and priority, the first that
//! applies wins (see [`crate::route`]), so their written order is part of the network's
//! meaning and is kept. Sorting by strength and priority first changes nothing, because that is
//! the engine's evaluation order. The lists inside a record (a filière's `levels`, which are
//! ordered; a site's `tags`; a rule's `filieres`…) are kept as written, and
//! [`crate::Filiere::flag_levels`] is a map already written in key order. A network and its
//! canonical form route every case the same way; the one visible difference is the order of
//! lists that follow the network's order, such as [`Engine::shared_service`](crate::Engine::shared_service)
//! when a site has several services of one kind, or the diagnostics of [`crate::check()`].
//!
//! # Layout
//!
//! JSON: the layout of [`Network::to_json_pretty`] (fields in the format's order, defaults left
//! out, two-space indent) and a final newline. TOML (with the `toml` cargo feature): the
//! `toml` crate's pretty layout, one `[[sites]]`-style table per record; see
//! [`format_toml`] for the comments it keeps.

use std::cmp::Ordering;

use serde::Serialize;

use crate::network::{Membership, Network};

/// Canonical JSON text of a record, the last tie-break of the sort.
fn text<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Sorts `list` stably by `cmp`, then by canonical JSON text on full ties. Returns where each
/// record went: `moved[old] == new`.
fn sort_list<T: Serialize>(list: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..list.len()).collect();
    let texts: Vec<String> = list.iter().map(text).collect();
    order.sort_by(|&a, &b| match (list.get(a), list.get(b)) {
        (Some(x), Some(y)) => cmp(x, y).then_with(|| texts.get(a).cmp(&texts.get(b))),
        _ => Ordering::Equal,
    });
    let mut moved = vec![0; list.len()];
    for (new, &old) in order.iter().enumerate() {
        if let Some(m) = moved.get_mut(old) {
            *m = new;
        }
    }
    let mut slots: Vec<Option<T>> = std::mem::take(list).into_iter().map(Some).collect();
    list.extend(
        order
            .iter()
            .filter_map(|&old| slots.get_mut(old).and_then(Option::take)),
    );
    moved
}

/// Sorts a list of records that have an `id`.
fn by_id<T: Serialize>(list: &mut Vec<T>, id: impl Fn(&T) -> &str) -> Vec<usize> {
    sort_list(list, |a, b| id(a).cmp(id(b)))
}

fn role_text(m: &Membership) -> String {
    text(&m.role)
}

/// Where each record of each list of a network went when it was put in canonical order:
/// `moves[list][old index] == new index`, lists named as in the format.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Moves {
    pub lists: Vec<(&'static str, Vec<usize>)>,
}

impl Moves {
    /// The new index of record `old` of `list`.
    #[cfg_attr(not(feature = "toml"), allow(dead_code))]
    pub fn get(&self, list: &str, old: usize) -> Option<usize> {
        self.lists
            .iter()
            .find(|(name, _)| *name == list)
            .and_then(|(_, m)| m.get(old).copied())
    }
}

impl Network {
    /// The network in canonical order (see [`crate::canonical`]): same facts, same routing.
    ///
    /// ```
    /// let a = parcours::Network::from_json_str(r#"{"id": "n", "name": "N",
    ///     "sources": [{"id": "b", "url": "https://b.example"}, {"id": "a", "url": "https://a.example"}]}"#)?;
    /// assert_eq!(a.canonical().sources[0].id, "a");
    /// assert_eq!(a.canonical(), a.canonical().canonical());
    /// # Ok::<(), parcours::Error>(())
    /// ```
    #[must_use]
    pub fn canonical(&self) -> Network {
        let mut n = self.clone();
        n.canonicalize();
        n
    }

    /// Puts the network in canonical order in place (see [`crate::canonical`]).
    pub fn canonicalize(&mut self) {
        self.canonicalize_moves();
    }

    pub(crate) fn canonicalize_moves(&mut self) -> Moves {
        let mut lists = Vec::with_capacity(13);
        lists.push(("sources", by_id(&mut self.sources, |x| &x.id)));
        lists.push(("locations", by_id(&mut self.locations, |x| &x.id)));
        lists.push(("legal_entities", by_id(&mut self.legal_entities, |x| &x.id)));
        lists.push(("sites", by_id(&mut self.sites, |x| &x.id)));
        lists.push(("filieres", by_id(&mut self.filieres, |x| &x.id)));
        lists.push(("groupings", by_id(&mut self.groupings, |x| &x.id)));
        lists.push((
            "memberships",
            sort_list(&mut self.memberships, |a, b| {
                (a.grouping.as_str(), a.member.as_str())
                    .cmp(&(b.grouping.as_str(), b.member.as_str()))
                    .then_with(|| role_text(a).cmp(&role_text(b)))
                    .then_with(|| a.validity.from.cmp(&b.validity.from))
            }),
        ));
        lists.push((
            "capabilities",
            sort_list(&mut self.capabilities, |a, b| {
                (a.site.as_str(), a.filiere.as_str(), a.id.as_deref()).cmp(&(
                    b.site.as_str(),
                    b.filiere.as_str(),
                    b.id.as_deref(),
                ))
            }),
        ));
        // Written order breaks ties between rules of one strength and priority: keep it (the
        // stable sort), with no text tie-break.
        let mut order: Vec<usize> = (0..self.rules.len()).collect();
        order.sort_by_key(|&i| {
            self.rules
                .get(i)
                .map(|r| (r.strength, std::cmp::Reverse(r.priority)))
        });
        let mut moved = vec![0; order.len()];
        for (new, &old) in order.iter().enumerate() {
            if let Some(m) = moved.get_mut(old) {
                *m = new;
            }
        }
        let mut slots: Vec<Option<_>> = std::mem::take(&mut self.rules)
            .into_iter()
            .map(Some)
            .collect();
        self.rules.extend(
            order
                .iter()
                .filter_map(|&old| slots.get_mut(old).and_then(Option::take)),
        );
        lists.push(("rules", moved));
        lists.push((
            "shared_services",
            by_id(&mut self.shared_services, |x| &x.id),
        ));
        lists.push(("tele_services", by_id(&mut self.tele_services, |x| &x.id)));
        lists.push(("events", by_id(&mut self.events, |x| &x.id)));
        Moves { lists }
    }

    /// Whether the network is in canonical order.
    pub fn is_canonical(&self) -> bool {
        *self == self.canonical()
    }

    /// The canonical JSON text of the network: canonical order, the layout of
    /// [`Network::to_json_pretty`], and a final newline. What `parcours fmt` writes for a
    /// `.json` file, and what [`Network::fingerprint`] hashes.
    pub fn to_canonical_json(&self) -> String {
        let mut s = self.canonical().to_json_pretty();
        s.push('\n');
        s
    }
}

/// The canonical TOML text of `network`, keeping the comments of `original`, the TOML text it
/// was loaded from (pass `""` when there is none).
///
/// The layout is the `toml` crate's pretty layout of the canonical network, whatever the
/// original's layout. The comments kept are those TOML parsers attach to an item: the lines of
/// comments above a top-level key, above a table header (`[[sites]]`, `[sites.validity]`) and
/// above a key inside a table, and the comment at the end of a key's line; each follows its
/// record to its canonical place. Comments inside arrays and inline tables (`tags = [ # …`),
/// and comments on a key whose value is a default the canonical form leaves out, are dropped:
/// the parser does not tie them to anything that survives. A comment at the end of a table is
/// attached by the parser to the next table header, and moves with it.
///
/// # Errors
/// [`crate::Error::Load`] with code `L001` when `original` is not TOML (it must be the text the
/// network was loaded from).
#[cfg(feature = "toml")]
pub fn format_toml(original: &str, network: &Network) -> Result<String, crate::Error> {
    crate::canonical_toml::format(original, network)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::{Rule, Step, Strength, Target};

    fn rule(id: &str, strength: Strength, priority: i32) -> Rule {
        Rule {
            id: id.into(),
            name: None,
            filieres: Vec::new(),
            origin: crate::OriginSelector::default(),
            when: crate::Conditions::default(),
            target: Target::AnyCapable,
            strength,
            step: Step::Fallback,
            priority,
            max_distance_km: None,
            validity: crate::Validity::default(),
            source: None,
            note: None,
        }
    }

    #[test]
    fn rules_keep_written_order_within_strength_and_priority() {
        let mut n = Network {
            rules: vec![
                rule("z", Strength::Preferred, 0),
                rule("b", Strength::Mandatory, 0),
                rule("y", Strength::Preferred, 0),
                rule("a", Strength::Mandatory, 5),
                rule("c", Strength::Mandatory, 0),
            ],
            ..Network::default()
        };
        let moves = n.canonicalize_moves();
        let ids: Vec<&str> = n.rules.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c", "z", "y"]);
        assert_eq!(moves.get("rules", 0), Some(3));
        assert_eq!(moves.get("rules", 3), Some(0));
    }

    #[test]
    fn sort_list_reports_moves_and_breaks_ties_on_text() {
        let mut v = vec![("b", 2), ("a", 9), ("b", 1)];
        let moved = sort_list(&mut v, |x, y| x.0.cmp(y.0));
        assert_eq!(v, [("a", 9), ("b", 1), ("b", 2)]);
        assert_eq!(moved, [2, 0, 1]);
    }
}
