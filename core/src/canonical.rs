//! The canonical form of a network: one order and one layout for the same facts.
//!
//! Two files that hold the same facts (whatever the order of their keys, their white space,
//! JSON or TOML) have one canonical form, so networks diff well in version control
//! (`parcours fmt`) and hash the same ([`crate::Fingerprint`]).
//!
//! # Order
//!
//! Every list but `rules` is sorted by the canonical JSON text of its records (the record as
//! [`Network::to_json_pretty`] writes it, in byte order). Fields come in the format's order, so
//! this sorts:
//!
//! | list | order |
//! |---|---|
//! | `sources`, `locations`, `legal_entities`, `sites`, `filieres`, `groupings`, `shared_services`, `tele_services`, `events` | by `id` (their first field; unique in a valid network) |
//! | `memberships` | by `grouping`, `member`, `role`, then the rest of the record (`validity`, `source`, `note`) |
//! | `capabilities` | those with an `id` first, by id; the others by `site`, `filiere`, `level`, then the rest |
//! | `rules` | by `strength` (mandatory, preferred, fallback), then `priority` (highest first), then **as written** |
//!
//! Records that sort equal are equal, so the canonical form never depends on the order of the
//! input, except for rules, on purpose.
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

use serde::Serialize;

use crate::network::{Network, Rule};

/// The canonical JSON text of a record, by which records sort: pretty, as in
/// [`Network::to_json_pretty`].
fn text<T: Serialize>(value: &T) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// The order of records by their sort keys, ties in written order.
///
/// Every list is sorted through text keys and this one sort of `(&str, usize)` pairs (the
/// engine sorts site ids the same way): a sort per record type put a 9 to 13 KB copy of the
/// standard library's sort per type in the WebAssembly module.
fn order_of<'a>(keys: impl Iterator<Item = &'a str>) -> Vec<usize> {
    let mut pairs: Vec<(&str, usize)> = keys.enumerate().map(|(i, k)| (k, i)).collect();
    crate::order::sort(&mut pairs);
    pairs.into_iter().map(|(_, i)| i).collect()
}

/// The order of owned keys (see [`order_of`]).
pub(crate) fn order_of_keys(keys: &[String]) -> Vec<usize> {
    order_of(keys.iter().map(String::as_str))
}

/// Puts `list` in `order`; returns where each record went: `moved[old] == new`.
fn apply_order<T>(list: &mut Vec<T>, order: &[usize]) -> Vec<usize> {
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

/// Strength first (mandatory, preferred, fallback), then priority, highest first; the caller's
/// stable sort keeps written order within one strength and priority.
fn rule_key(r: &Rule) -> String {
    let strength = r.strength as u8;
    // i32::MAX - priority, as an unsigned number, sorts the highest priority first.
    let reverse = i64::from(i32::MAX) - i64::from(r.priority);
    format!("{strength}{reverse:010}")
}

/// The canonical order of rules: by strength and priority, written order within one.
fn rule_order(rules: &[Rule]) -> Vec<usize> {
    order_of_keys(&rules.iter().map(rule_key).collect::<Vec<_>>())
}

/// The canonical order of each list of a network, as indexes into the list.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Orders {
    sources: Vec<usize>,
    locations: Vec<usize>,
    legal_entities: Vec<usize>,
    sites: Vec<usize>,
    filieres: Vec<usize>,
    groupings: Vec<usize>,
    memberships: Vec<usize>,
    capabilities: Vec<usize>,
    rules: Vec<usize>,
    shared_services: Vec<usize>,
    tele_services: Vec<usize>,
    events: Vec<usize>,
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

    /// The canonical order of every list: rules by [`rule_order`], the others by the text of
    /// their records ([`text`]).
    pub(crate) fn canonical_orders(&self) -> Orders {
        fn by_text<T: Serialize>(list: &[T]) -> Vec<usize> {
            order_of_keys(&list.iter().map(text).collect::<Vec<_>>())
        }
        Orders {
            sources: by_text(&self.sources),
            locations: by_text(&self.locations),
            legal_entities: by_text(&self.legal_entities),
            sites: by_text(&self.sites),
            filieres: by_text(&self.filieres),
            groupings: by_text(&self.groupings),
            memberships: by_text(&self.memberships),
            capabilities: by_text(&self.capabilities),
            rules: rule_order(&self.rules),
            shared_services: by_text(&self.shared_services),
            tele_services: by_text(&self.tele_services),
            events: by_text(&self.events),
        }
    }

    pub(crate) fn canonicalize_moves(&mut self) -> Moves {
        let o = self.canonical_orders();
        let lists = vec![
            ("sources", apply_order(&mut self.sources, &o.sources)),
            ("locations", apply_order(&mut self.locations, &o.locations)),
            (
                "legal_entities",
                apply_order(&mut self.legal_entities, &o.legal_entities),
            ),
            ("sites", apply_order(&mut self.sites, &o.sites)),
            ("filieres", apply_order(&mut self.filieres, &o.filieres)),
            ("groupings", apply_order(&mut self.groupings, &o.groupings)),
            (
                "memberships",
                apply_order(&mut self.memberships, &o.memberships),
            ),
            (
                "capabilities",
                apply_order(&mut self.capabilities, &o.capabilities),
            ),
            ("rules", apply_order(&mut self.rules, &o.rules)),
            (
                "shared_services",
                apply_order(&mut self.shared_services, &o.shared_services),
            ),
            (
                "tele_services",
                apply_order(&mut self.tele_services, &o.tele_services),
            ),
            ("events", apply_order(&mut self.events, &o.events)),
        ];
        Moves { lists }
    }

    /// Whether the network is in canonical order.
    pub fn is_canonical(&self) -> bool {
        *self == self.canonical()
    }

    /// The canonical JSON text of the network: canonical order, the layout of
    /// [`Network::to_json_pretty`], and a final newline. What `parcours fmt` writes for a
    /// `.json` file, and what [`Network::fingerprint`] hashes. The network is not copied: its
    /// pretty JSON text is written, then the records of each list are put in order.
    pub fn to_canonical_json(&self) -> String {
        let mut s = reorder_lists(&self.to_json_pretty(), &rule_order(&self.rules));
        s.push('\n');
        s
    }
}

/// Puts the records of the top-level lists of `pretty` (the text of
/// [`Network::to_json_pretty`]) in canonical `order`, moving their text.
///
/// serde_json's pretty layout writes a top-level list as `  "name": [`, each record from a
/// line `    {` to a line `    }` (followed by a comma but for the last), and `  ]`; strings
/// never span lines (line breaks are escaped). Moving the records' text gives the text of the
/// canonical network without copying the network or serialising it a second way (which cost
/// the WebAssembly module about 5 KB gzipped). Tests compare it with
/// `canonical().to_json_pretty()` on the seeds and on random networks.
fn reorder_lists(pretty: &str, rules: &[usize]) -> String {
    let mut out = String::with_capacity(pretty.len() + 1);
    let mut lines = pretty.split('\n').peekable();
    while let Some(line) = lines.next() {
        out.push_str(line);
        out.push('\n');
        let Some(name) = line
            .strip_prefix("  \"")
            .and_then(|l| l.strip_suffix("\": ["))
        else {
            continue;
        };
        // The records' text, each without its trailing comma.
        let mut records: Vec<String> = Vec::new();
        let mut current = String::new();
        while let Some(&next) = lines.peek() {
            if next.starts_with("  ]") {
                break;
            }
            lines.next();
            if next == "    }," || next == "    }" {
                current.push_str("    }");
                records.push(std::mem::take(&mut current));
            } else {
                current.push_str(next);
                current.push('\n');
            }
        }
        // Records sort by their text, which has the order of the records' own text
        // ([`text`]): it only adds the same indentation after every line break.
        let order = if name == "rules" {
            rules.to_vec()
        } else {
            order_of_keys(&records)
        };
        for (k, &i) in order.iter().enumerate() {
            if let Some(r) = records.get(i) {
                out.push_str(r);
                out.push_str(if k + 1 < order.len() { ",\n" } else { "\n" });
            }
        }
    }
    out.pop(); // the line break added after the last line
    out
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
    fn keys_order_with_ties_in_written_order() {
        let keys: Vec<String> = ["b", "a", "b", "a\0z"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        assert_eq!(order_of_keys(&keys), [1, 3, 0, 2]);
        let mut v = vec!['x', 'y', 'z'];
        assert_eq!(apply_order(&mut v, &[2, 0, 1]), [1, 2, 0]);
        assert_eq!(v, ['z', 'x', 'y']);
    }

    #[test]
    fn reordered_text_is_the_canonical_network_text() {
        let mut n = Network {
            id: "n".into(),
            name: "N".into(),
            rules: vec![
                rule("z", Strength::Preferred, 0),
                rule("b", Strength::Mandatory, i32::MIN),
                rule("a", Strength::Mandatory, i32::MAX),
            ],
            ..Network::default()
        };
        let mut c = n.canonical().to_json_pretty();
        c.push('\n');
        assert_eq!(n.to_canonical_json(), c);
        n.description = Some("d".into());
        let mut c = n.canonical().to_json_pretty();
        c.push('\n');
        assert_eq!(n.to_canonical_json(), c);
        let ids: Vec<String> = n.canonical().rules.into_iter().map(|r| r.id).collect();
        assert_eq!(ids, ["a", "b", "z"]);
    }
}
