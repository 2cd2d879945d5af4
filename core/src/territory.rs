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
use crate::network::{is_default_validity, is_false};

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

/// Derives a territory for each GHT of the network at `date`, where none is given: the current
/// communes of the reference whose nearest GHT party or support site (in force at the date,
/// among every GHT of the network) belongs to that GHT, within the départements where that GHT
/// has such a site. Each territory is labelled `derived`, names its GHT, and starts at `date`;
/// a GHT without sites in force gets none. Sites are placed at their location; the distance is
/// the great-circle distance between representative points.
///
/// This lets a network imported from the FINESS register route people before anyone draws a
/// territory by hand; an official perimeter, when known, should replace it.
///
/// ```
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/networks/sud-haut-marnais.json")).unwrap();
/// # let network = parcours::Network::from_json_str(&text)?;
/// let refs = parcours::reference::Communes::from_csv(
///     "code,name,departement,population,population_year,lat,lon,point,successor\n\
///      52269,Langres,52,7421,2023,47.86,5.33,centroid,\n59350,Lille,59,236710,2023,50.63,3.05,centroid,\n",
///     "communes.csv",
/// )?;
/// let derived = parcours::derive_ght_territories(&network, &refs, "2018-01-01".parse().unwrap());
/// assert_eq!(derived[0].groupings, ["ght-21-52"]);
/// assert_eq!(derived[0].communes, ["52269"]); // Lille: no party of GHT 21-52 in the Nord
/// # Ok::<(), parcours::Error>(())
/// ```
pub fn derive_ght_territories(
    network: &crate::network::Network,
    communes: &crate::reference::Communes,
    date: crate::date::Date,
) -> Vec<Territory> {
    use crate::geo::haversine_km;
    use crate::network::{GroupingKind, Role};
    // (GHT index, lat, lon, département) of every party or support site in force.
    let mut sites: Vec<(usize, f64, f64, String)> = Vec::new();
    let ghts: Vec<usize> = network
        .groupings
        .iter()
        .enumerate()
        .filter(|(_, g)| g.kind == GroupingKind::Ght && g.validity.in_force(date, false))
        .map(|(i, _)| i)
        .collect();
    for &gi in &ghts {
        let Some(g) = network.groupings.get(gi) else {
            continue;
        };
        for m in network.memberships.iter().filter(|m| {
            m.grouping == g.id
                && matches!(m.role, Role::Party | Role::Support)
                && m.validity.in_force(date, false)
        }) {
            for s in network.sites.iter().filter(|s| {
                (s.id == m.member || s.legal_entity == m.member) && s.validity.in_force(date, false)
            }) {
                let Some(l) = network.locations.iter().find(|l| l.id == s.location) else {
                    continue;
                };
                let dep = l.insee.as_deref().map_or_else(
                    || {
                        communes
                            .current()
                            .filter_map(|c| Some((haversine_km(l.lat, l.lon, c.lat?, c.lon?), c)))
                            .min_by(|a, b| a.0.total_cmp(&b.0))
                            .map(|(_, c)| c.departement.clone())
                            .unwrap_or_default()
                    },
                    |code| crate::reference::departement_of(code).to_owned(),
                );
                sites.push((gi, l.lat, l.lon, dep));
            }
        }
    }
    let mut out: Vec<Territory> = Vec::new();
    for &gi in &ghts {
        let Some(g) = network.groupings.get(gi) else {
            continue;
        };
        let deps: std::collections::BTreeSet<&str> = sites
            .iter()
            .filter(|s| s.0 == gi)
            .map(|s| s.3.as_str())
            .collect();
        if deps.is_empty() {
            continue;
        }
        let codes: Vec<String> = communes
            .current()
            .filter(|c| deps.contains(c.departement.as_str()))
            .filter(|c| {
                let (Some(lat), Some(lon)) = (c.lat, c.lon) else {
                    return false;
                };
                sites
                    .iter()
                    .map(|s| (haversine_km(lat, lon, s.1, s.2), s.0))
                    .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
                    .is_some_and(|(_, nearest)| nearest == gi)
            })
            .map(|c| c.code.clone())
            .collect();
        out.push(Territory {
            id: format!("{}-territoire-derive", g.id),
            name: format!("Territoire dérivé de {}", g.name),
            communes: codes,
            departements: Vec::new(),
            territories: Vec::new(),
            groupings: vec![g.id.clone()],
            tele_services: Vec::new(),
            derived: true,
            validity: Validity {
                from: Some(date),
                ..Validity::default()
            },
            source: None,
            note: Some(format!(
                "derived on {date}: the communes whose nearest GHT party or support is a member \
                 of {}, within the départements of its parties ({}); not the official perimeter",
                g.id,
                deps.iter().copied().collect::<Vec<_>>().join(", ")
            )),
        });
    }
    out
}
