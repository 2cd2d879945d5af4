//! Territories: where the people a network serves live.
//!
//! A [`Territory`] is a set of communes (INSEE codes), of départements, or of other territories,
//! dated and sourced. It can be the territory of groupings (a GHT's territory as the regional
//! health agency set it, an association's intervention zone, a cancer network's region) and the
//! coverage of tele-services. A [`Catchment`] lists the communes a site serves first for some
//! filières (its *zone d'attractivité*, as planners derive it from past stays). The
//! [`EntryPolicy`] of a network says how far a person may be from the nearest site to enter the
//! network when no territory or catchment covers their commune.
//!
//! These facts drive how a person enters the network from where they live: see the
//! "First-line entry" section of [`crate::route`].

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::date::Validity;

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_false(b: &bool) -> bool {
    !*b
}

fn is_default_validity(v: &Validity) -> bool {
    *v == Validity::default()
}

/// A set of communes, dated and sourced.
///
/// Its communes are the union of `communes`, of every commune of the reference in
/// `departements`, and of the communes of the `territories` it includes.
///
/// ```
/// let t: parcours::Territory = serde_json::from_str(r#"{
///     "id": "ght-21-52-territoire", "name": "Territoire du GHT 21-52",
///     "departements": ["21"], "communes": ["52269"], "groupings": ["ght-21-52"]
/// }"#).unwrap();
/// assert_eq!(t.groupings, ["ght-21-52"]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Territory {
    /// Identifier.
    pub id: String,
    /// Name.
    pub name: String,
    /// INSEE commune codes (5 characters: `52269`, `2A004`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub communes: Vec<String>,
    /// Département codes (`52`, `2A`, `971`): every commune of the reference in them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub departements: Vec<String>,
    /// Other territories included whole (ids).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub territories: Vec<String>,
    /// Groupings whose territory this is (a GHT, an association's intervention zone).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groupings: Vec<String>,
    /// Tele-services offered to everyone living in it (ids).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tele_services: Vec<String>,
    /// Whether it was derived by a helper (e.g. [`crate::derive_ght_territories`]) rather than
    /// taken from an official text.
    #[serde(default, skip_serializing_if = "is_false")]
    pub derived: bool,
    /// When it holds.
    #[serde(default, skip_serializing_if = "is_default_validity")]
    pub validity: Validity,
    /// Source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Free note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The communes a site serves first for some filières (its catchment, as planners derive it
/// from past stays). A person living in one of them enters the network at that site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Catchment {
    /// The site.
    pub site: String,
    /// Filières it applies to; empty means all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filieres: Vec<String>,
    /// INSEE commune codes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub communes: Vec<String>,
    /// A territory whose communes it also covers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub territory: Option<String>,
    /// When it holds.
    #[serde(default, skip_serializing_if = "is_default_validity")]
    pub validity: Validity,
    /// Source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Free note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// How a person whose commune no catchment or territory covers may still enter the network:
/// at the nearest site working in the filière within these limits. Without a policy such a
/// person does not enter (`no_route`, reason `outside_territory`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EntryPolicy {
    /// Farthest entry site, km (straight line, or the travel matrix's km).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_distance_km: Option<f64>,
    /// Farthest entry site, minutes (travel matrix).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_minutes: Option<f64>,
    /// Why these limits, and who set them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The first cycle of territories including each other, as ids (`a → b → a`), if any.
pub(crate) fn inclusion_cycle(territories: &[Territory]) -> Option<Vec<String>> {
    use std::collections::HashMap;
    let ix: HashMap<&str, usize> = territories
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    // 0 unvisited, 1 on the path, 2 done.
    let mut state = vec![0u8; territories.len()];
    for start in 0..territories.len() {
        if state.get(start) != Some(&0) {
            continue;
        }
        // Iterative depth-first search: (territory, next child to look at).
        let mut path: Vec<(usize, usize)> = vec![(start, 0)];
        if let Some(s) = state.get_mut(start) {
            *s = 1;
        }
        while let Some(&mut (t, ref mut next)) = path.last_mut() {
            let child = territories
                .get(t)
                .and_then(|x| x.territories.get(*next))
                .and_then(|id| ix.get(id.as_str()).copied());
            let more = territories
                .get(t)
                .is_some_and(|x| *next < x.territories.len());
            if !more {
                if let Some(s) = state.get_mut(t) {
                    *s = 2;
                }
                path.pop();
                continue;
            }
            *next += 1;
            let Some(c) = child else { continue };
            match state.get(c) {
                Some(1) => {
                    let from = path.iter().position(|&(p, _)| p == c).unwrap_or(0);
                    let mut ids: Vec<String> = path
                        .get(from..)
                        .unwrap_or_default()
                        .iter()
                        .filter_map(|&(p, _)| territories.get(p).map(|x| x.id.clone()))
                        .collect();
                    if let Some(t) = territories.get(c) {
                        ids.push(t.id.clone());
                    }
                    return Some(ids);
                }
                Some(0) => {
                    if let Some(s) = state.get_mut(c) {
                        *s = 1;
                    }
                    path.push((c, 0));
                }
                _ => {}
            }
        }
    }
    None
}
