//! What changed between two versions of a network, entity by entity ([`diff_structure`]).
//!
//! The routing diff of [`crate::analysis::diff`] says which cases go elsewhere; this one says
//! which facts changed: entities added, removed or changed, and for a changed one the fields
//! that differ with their old and new values. It reads the two networks as their JSON form, so
//! a field is named as in the file (`validity.to`, `target.site`) and values are JSON values.
//!
//! Entities are matched by kind and key: their `id`; `grouping/member/role` for memberships; a
//! capability's `id`, or `site/filiere` when it has none. When several entities share a key (a
//! member that left and joined again), identical ones are matched first, then the rest in file
//! order.
//!
//! ```
//! use parcours::{Network, structure::{diff_structure, DiffKind}};
//! let before = Network::from_json_str(r#"{"id": "n", "name": "N",
//!     "legal_entities": [{"id": "ej", "name": "EJ", "legal_status": "public"}],
//!     "groupings": [{"id": "g", "name": "G", "kind": "ght"}],
//!     "memberships": [{"grouping": "g", "member": "ej", "role": "party"}]}"#).unwrap();
//! let mut after = before.clone();
//! after.memberships.clear();
//! let diff = diff_structure(&before, &after);
//! assert_eq!(diff.entries.len(), 1);
//! assert_eq!(diff.entries[0].change, DiffKind::Removed);
//! assert_eq!(diff.entries[0].id, "g/ej/party");
//! ```

use std::collections::HashMap;

use serde::Serialize;
use serde_json::{Map, Value};

use crate::history::{EntityKind, capability_id, membership_id};
use crate::network::Network;

/// How an entity differs between the two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DiffKind {
    /// Only in the second version.
    Added,
    /// Only in the first version.
    Removed,
    /// In both, with different fields.
    Changed,
}

impl DiffKind {
    /// The snake_case name used in JSON and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Added => "added",
            Self::Removed => "removed",
            Self::Changed => "changed",
        }
    }
}

/// One field that differs: its path in the entity (`validity.to`) and both values; `None` where
/// the field is absent (left out of the file, or at its default).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// Path of the field in the entity, dot-separated (`validity.from`, `origin.member_of`).
    /// Lists are compared whole.
    pub field: String,
    /// The value in the first version.
    pub before: Option<Value>,
    /// The value in the second version.
    pub after: Option<Value>,
}

/// One entity added, removed or changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityDiff {
    /// What happened to it.
    pub change: DiffKind,
    /// Its kind.
    pub entity: EntityKind,
    /// Its key (see the module documentation).
    pub id: String,
    /// For a changed entity, the fields that differ, sorted by path.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldChange>,
    /// For an added or removed entity, the entity as the file writes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    /// JSON pointer to the entity in the first version, when it is there (`/memberships/14`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer_before: Option<String>,
    /// JSON pointer to the entity in the second version, when it is there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer_after: Option<String>,
}

/// What differs between two versions of a network.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StructureDiff {
    /// Id of the first network.
    pub before: String,
    /// Id of the second network.
    pub after: String,
    /// Entities added.
    pub added: usize,
    /// Entities removed.
    pub removed: usize,
    /// Entities changed.
    pub changed: usize,
    /// The differences: the network's own fields first, then section by section in the order of
    /// the format (sources, locations, legal entities, sites, filières, groupings, memberships,
    /// capabilities, rules, shared services, tele-services, events), each in file order.
    pub entries: Vec<EntityDiff>,
}

impl StructureDiff {
    /// Whether the two versions hold the same facts.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The sections of the format whose items are entities, with their kind and key.
const SECTIONS: &[(&str, EntityKind)] = &[
    ("sources", EntityKind::Source),
    ("locations", EntityKind::Location),
    ("legal_entities", EntityKind::LegalEntity),
    ("sites", EntityKind::Site),
    ("filieres", EntityKind::Filiere),
    ("groupings", EntityKind::Grouping),
    ("memberships", EntityKind::Membership),
    ("capabilities", EntityKind::Capability),
    ("rules", EntityKind::Rule),
    ("shared_services", EntityKind::SharedService),
    ("tele_services", EntityKind::TeleService),
    ("events", EntityKind::Event),
];

/// Compares two versions of a network entity by entity (see the module documentation).
pub fn diff_structure(before: &Network, after: &Network) -> StructureDiff {
    let (mut a, mut b) = (as_object(before), as_object(after));
    let mut entries = Vec::new();
    for &(section, kind) in SECTIONS {
        let keys_a = keys(before, kind);
        let keys_b = keys(after, kind);
        let items_a = take_items(&mut a, section, keys_a);
        let items_b = take_items(&mut b, section, keys_b);
        diff_section(section, kind, items_a, items_b, &mut entries);
    }
    // What is left are the network's own fields (id, name, description, format version).
    let fields = diff_fields(&Value::Object(a), &Value::Object(b));
    if !fields.is_empty() {
        entries.insert(
            0,
            EntityDiff {
                change: DiffKind::Changed,
                entity: EntityKind::Network,
                id: before.id.clone(),
                fields,
                value: None,
                pointer_before: Some(String::new()),
                pointer_after: Some(String::new()),
            },
        );
    }
    let count = |k| entries.iter().filter(|e| e.change == k).count();
    StructureDiff {
        before: before.id.clone(),
        after: after.id.clone(),
        added: count(DiffKind::Added),
        removed: count(DiffKind::Removed),
        changed: count(DiffKind::Changed),
        entries,
    }
}

impl Network {
    /// What differs from this version to `other`: see [`diff_structure`].
    pub fn diff_structure(&self, other: &Network) -> StructureDiff {
        diff_structure(self, other)
    }
}

/// The network as a JSON object (empty when it cannot be written, which plain data cannot).
///
/// Through the JSON text of [`Network::to_json_pretty`] rather than `serde_json::to_value`: the
/// WebAssembly module has that serialiser of every network type already, and a second one (into
/// `Value`) would cost its size budget several kilobytes.
fn as_object(network: &Network) -> Map<String, Value> {
    match serde_json::from_str(&network.to_json_pretty()) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// The keys of the entities of one kind, in file order.
fn keys(network: &Network, kind: EntityKind) -> Vec<String> {
    fn ids<T>(items: &[T], id: impl Fn(&T) -> String) -> Vec<String> {
        items.iter().map(id).collect()
    }
    match kind {
        EntityKind::Source => ids(&network.sources, |x| x.id.clone()),
        EntityKind::Location => ids(&network.locations, |x| x.id.clone()),
        EntityKind::LegalEntity => ids(&network.legal_entities, |x| x.id.clone()),
        EntityKind::Site => ids(&network.sites, |x| x.id.clone()),
        EntityKind::Filiere => ids(&network.filieres, |x| x.id.clone()),
        EntityKind::Grouping => ids(&network.groupings, |x| x.id.clone()),
        EntityKind::Membership => ids(&network.memberships, membership_id),
        EntityKind::Capability => ids(&network.capabilities, capability_id),
        EntityKind::Rule => ids(&network.rules, |x| x.id.clone()),
        EntityKind::SharedService => ids(&network.shared_services, |x| x.id.clone()),
        EntityKind::TeleService => ids(&network.tele_services, |x| x.id.clone()),
        EntityKind::Event => ids(&network.events, |x| x.id.clone()),
        EntityKind::Network | EntityKind::Equipment => Vec::new(),
    }
}

/// One entity of a section: key, position in the file and JSON value.
struct Item {
    key: String,
    index: usize,
    value: Value,
}

/// Removes a section from the network object and pairs its items with their keys.
fn take_items(object: &mut Map<String, Value>, section: &str, keys: Vec<String>) -> Vec<Item> {
    let values = match object.remove(section) {
        Some(Value::Array(values)) => values,
        _ => Vec::new(),
    };
    keys.into_iter()
        .zip(values)
        .enumerate()
        .map(|(index, (key, value))| Item { key, index, value })
        .collect()
}

fn diff_section(
    section: &str,
    kind: EntityKind,
    a: Vec<Item>,
    b: Vec<Item>,
    out: &mut Vec<EntityDiff>,
) {
    let pointer = |i: usize| format!("/{section}/{i}");
    // Keys in order of first appearance: the first version's, then the new ones.
    let mut order: Vec<String> = Vec::new();
    let mut groups: HashMap<String, (Vec<Item>, Vec<Item>)> = HashMap::new();
    for (item, first) in a
        .into_iter()
        .map(|i| (i, true))
        .chain(b.into_iter().map(|i| (i, false)))
    {
        let group = groups.entry(item.key.clone()).or_insert_with(|| {
            order.push(item.key.clone());
            (Vec::new(), Vec::new())
        });
        if first {
            group.0.push(item);
        } else {
            group.1.push(item);
        }
    }
    for key in order {
        let Some((olds, mut news)) = groups.remove(&key) else {
            continue;
        };
        // Identical items first, then the rest in file order.
        let mut unmatched_old = Vec::new();
        for old in olds {
            if let Some(pos) = news.iter().position(|n| n.value == old.value) {
                news.remove(pos);
            } else {
                unmatched_old.push(old);
            }
        }
        let mut news = news.into_iter();
        for old in unmatched_old {
            match news.next() {
                Some(new) => out.push(EntityDiff {
                    change: DiffKind::Changed,
                    entity: kind,
                    id: key.clone(),
                    fields: diff_fields(&old.value, &new.value),
                    value: None,
                    pointer_before: Some(pointer(old.index)),
                    pointer_after: Some(pointer(new.index)),
                }),
                None => out.push(EntityDiff {
                    change: DiffKind::Removed,
                    entity: kind,
                    id: key.clone(),
                    fields: Vec::new(),
                    value: Some(old.value),
                    pointer_before: Some(pointer(old.index)),
                    pointer_after: None,
                }),
            }
        }
        for new in news {
            out.push(EntityDiff {
                change: DiffKind::Added,
                entity: kind,
                id: key.clone(),
                fields: Vec::new(),
                value: Some(new.value),
                pointer_before: None,
                pointer_after: Some(pointer(new.index)),
            });
        }
    }
}

/// The fields that differ between two JSON values, recursing into objects.
fn diff_fields(a: &Value, b: &Value) -> Vec<FieldChange> {
    let mut out = Vec::new();
    walk("", Some(a), Some(b), &mut out);
    out
}

fn walk(path: &str, a: Option<&Value>, b: Option<&Value>, out: &mut Vec<FieldChange>) {
    match (a, b) {
        (Some(Value::Object(x)), Some(Value::Object(y))) => {
            let join = |k: &str| {
                if path.is_empty() {
                    k.to_owned()
                } else {
                    format!("{path}.{k}")
                }
            };
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            for k in keys {
                walk(&join(k), x.get(k), y.get(k), out);
            }
        }
        _ if a == b => {}
        _ => out.push(FieldChange {
            field: path.to_owned(),
            before: a.cloned(),
            after: b.cloned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alliance() -> Network {
        let text = include_str!("../../examples/networks/alliance-ouest-parisien.json");
        Network::from_json_str(text).unwrap()
    }

    #[test]
    fn a_network_against_itself_has_no_difference() {
        let n = alliance();
        let d = diff_structure(&n, &n);
        assert!(d.is_empty(), "{d:#?}");
        assert_eq!((d.added, d.removed, d.changed), (0, 0, 0));
    }

    #[test]
    fn one_membership_removed_is_named_exactly() {
        let before = alliance();
        let mut after = before.clone();
        let gone = after.memberships.remove(7);
        let d = diff_structure(&before, &after);
        assert_eq!(d.entries.len(), 1, "{d:#?}");
        let e = &d.entries[0];
        assert_eq!(e.change, DiffKind::Removed);
        assert_eq!(e.entity, EntityKind::Membership);
        assert_eq!(e.id, membership_id(&gone));
        assert_eq!(e.pointer_before.as_deref(), Some("/memberships/7"));
        assert_eq!(e.value, Some(serde_json::to_value(&gone).unwrap()));
        assert_eq!((d.added, d.removed, d.changed), (0, 1, 0));
        // And back: added.
        let back = diff_structure(&after, &before);
        assert_eq!(back.entries.len(), 1);
        assert_eq!(back.entries[0].change, DiffKind::Added);
        assert_eq!(
            back.entries[0].pointer_after.as_deref(),
            Some("/memberships/7")
        );
    }

    #[test]
    fn changed_fields_name_old_and_new_values_with_nested_paths() {
        let before = alliance();
        let mut after = before.clone();
        let m = &mut after.memberships[0];
        m.validity.to = "2024-12-31".parse().ok();
        m.validity.status = crate::Status::Ended;
        after.name = "Renamed".into();
        after.sites[0].name = "New name".into();
        let d = diff_structure(&before, &after);
        let kinds: Vec<_> = d.entries.iter().map(|e| (e.entity, e.change)).collect();
        assert_eq!(
            kinds,
            [
                (EntityKind::Network, DiffKind::Changed),
                (EntityKind::Site, DiffKind::Changed),
                (EntityKind::Membership, DiffKind::Changed),
            ]
        );
        assert_eq!(d.entries[0].fields[0].field, "name");
        assert_eq!(d.entries[0].fields[0].after, Some(Value::from("Renamed")));
        let fields: Vec<(&str, Option<&Value>, Option<&Value>)> = d.entries[2]
            .fields
            .iter()
            .map(|f| (f.field.as_str(), f.before.as_ref(), f.after.as_ref()))
            .collect();
        assert_eq!(
            fields,
            [
                ("validity.status", None, Some(&Value::from("ended"))),
                ("validity.to", None, Some(&Value::from("2024-12-31"))),
            ]
        );
    }

    #[test]
    fn repeated_keys_match_identical_items_first() {
        let text = r#"{"id": "n", "name": "N",
            "legal_entities": [{"id": "ej", "name": "EJ", "legal_status": "public"}],
            "groupings": [{"id": "g", "name": "G", "kind": "ght"}],
            "memberships": [
                {"grouping": "g", "member": "ej", "role": "party",
                 "validity": {"from": "2016-07-01", "to": "2018-12-31", "status": "ended"}},
                {"grouping": "g", "member": "ej", "role": "party",
                 "validity": {"from": "2020-01-01"}}]}"#;
        let before = Network::from_json_str(text).unwrap();
        let mut after = before.clone();
        after.memberships.remove(0);
        let d = diff_structure(&before, &after);
        assert_eq!(d.entries.len(), 1, "{d:#?}");
        assert_eq!(d.entries[0].change, DiffKind::Removed);
        assert_eq!(
            d.entries[0].pointer_before.as_deref(),
            Some("/memberships/0")
        );
    }

    #[test]
    fn a_capability_without_id_is_keyed_by_site_and_filiere() {
        let text = r#"{"id": "n", "name": "N",
            "locations": [{"id": "loc", "name": "Town", "lat": 48.0, "lon": 5.0}],
            "legal_entities": [{"id": "ej", "name": "EJ", "legal_status": "public"}],
            "sites": [{"id": "s", "name": "S", "legal_entity": "ej", "kind": "hospital",
                       "location": "loc"}],
            "filieres": [{"id": "f", "name": "F", "levels": [{"id": "1"}, {"id": "2"}]}],
            "capabilities": [{"site": "s", "filiere": "f", "level": "1"}]}"#;
        let before = Network::from_json_str(text).unwrap();
        let mut after = before.clone();
        after.capabilities[0].level = "2".into();
        let d = diff_structure(&before, &after);
        assert_eq!(d.entries.len(), 1, "{d:#?}");
        assert_eq!(d.entries[0].id, "s/f");
        assert_eq!(d.entries[0].change, DiffKind::Changed);
        let f = &d.entries[0].fields;
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].field, "level");
        assert_eq!(f[0].before, Some(Value::from("1")));
        assert_eq!(f[0].after, Some(Value::from("2")));
    }
}
