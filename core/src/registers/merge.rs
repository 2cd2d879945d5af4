//! Adds an imported fragment to a hand-written network.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::messages::{ImportMsg, ImportText, Lang, itext};
use crate::network::Network;

/// What kind of conflict a merge met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ConflictKind {
    /// The same FINESS number, different facts (legal status, commune, category, legal
    /// entity, SIREN): the network's value is kept.
    DifferentFact,
    /// A fragment id is already used by a different entity of the network: the fragment's
    /// entity is left out.
    IdClash,
    /// A filière of the fragment exists in the network with other levels: the network's is
    /// kept, and the fragment's capabilities at levels it lacks are left out.
    FiliereLevels,
    /// A capability of the fragment for a site that already has one in that filière: the
    /// network's is kept.
    Capability,
}

/// One conflict of a merge, as data; its `message` is in English, [`Conflict::message_in`]
/// and [`Conflict::localized`] give it in another language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// Kind.
    pub kind: ConflictKind,
    /// Id of the entity in the network (or the clashing id).
    pub entity: String,
    /// Id in the fragment.
    pub fragment_entity: String,
    /// The field that differs, when one does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The network's value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_value: Option<String>,
    /// The fragment's value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fragment_value: Option<String>,
    /// What happened, in one line (English).
    pub message: String,
    /// `message` in the importers' table, for other languages.
    #[serde(skip)]
    text: ImportText,
}

impl Conflict {
    /// What happened, in `lang`. Ids, numbers and values stay as the network and the register
    /// give them.
    ///
    /// ```
    /// use parcours::Lang;
    /// use parcours::registers::{merge, read_finess_json, ImportOptions};
    /// let base = parcours::Network::from_json_str(r#"{"id": "n", "name": "N",
    ///   "legal_entities": [{"id": "ej-a", "name": "A", "finess_ej": "010000156",
    ///                       "legal_status": "public"}]}"#).unwrap();
    /// let flux = r#"{"pmej": [{"informationsGeneralesPMEJ": {"pmSmsseId": "2",
    ///   "numFinessPm": "010000156", "denominationLonguePmSmsse": "CLINIQUE", "statutJuridique": "73"}}]}"#;
    /// let frag = read_finess_json(flux, "f", None, "", &ImportOptions::default()).unwrap().network;
    /// let c = &merge(&base, &frag).conflicts[0];
    /// assert_eq!(c.message_in(Lang::En), c.message);
    /// assert!(c.message_in(Lang::Fr).starts_with("entité juridique `ej-a` (FINESS EJ 010000156) : le réseau dit `public`"));
    /// ```
    pub fn message_in(&self, lang: Lang) -> String {
        self.text.render(lang)
    }

    /// The same conflict with its `message` in `lang` (what bindings and reports show).
    #[must_use]
    pub fn localized(&self, lang: Lang) -> Self {
        Self {
            message: self.message_in(lang),
            ..self.clone()
        }
    }
}

/// The result of [`merge`].
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// The merged network (validate it before use: [`Network::validate`]).
    pub network: Network,
    /// Conflicts, in the order met.
    pub conflicts: Vec<Conflict>,
    /// Legal entities of the network matched by FINESS EJ (network id, fragment id).
    pub matched_legal_entities: Vec<(String, String)>,
    /// Sites of the network matched by FINESS ET (network id, fragment id).
    pub matched_sites: Vec<(String, String)>,
    /// Counts of what the fragment added: legal entities, sites, groupings, memberships,
    /// capabilities.
    pub added: [usize; 5],
}

fn conflict(
    kind: ConflictKind,
    entity: &str,
    fragment_entity: &str,
    field: Option<(&str, String, String)>,
    text: ImportText,
) -> Conflict {
    let (field, network_value, fragment_value) = match field {
        Some((f, a, b)) => (Some(f.to_owned()), Some(a), Some(b)),
        None => (None, None, None),
    };
    Conflict {
        kind,
        entity: entity.to_owned(),
        fragment_entity: fragment_entity.to_owned(),
        field,
        network_value,
        fragment_value,
        message: text.render(Lang::En),
        text,
    }
}

fn json_name<T: Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Adds `fragment` (an imported register) to `network` (hand-written): legal entities and
/// sites are matched by FINESS number (the network's id and facts are kept, differing facts
/// reported), unmatched ones are added with their locations, groupings and memberships are
/// added with members renamed to the network's ids, capabilities are added for sites and
/// filières the network does not already describe. Rules, shared services and tele-services
/// are never touched: they stay hand-written.
///
/// Merging the same fragment twice adds nothing the second time.
///
/// ```
/// use parcours::registers::{merge, read_finess_json, ImportOptions};
/// let base = parcours::Network::from_json_str(r#"{"id": "n", "name": "N",
///   "legal_entities": [{"id": "ej-a", "name": "A", "finess_ej": "010000156",
///                       "legal_status": "public"}]}"#).unwrap();
/// let flux = r#"{"pmej": [{"informationsGeneralesPMEJ": {"pmSmsseId": "2",
///   "numFinessPm": "010000156", "denominationLonguePmSmsse": "CLINIQUE", "statutJuridique": "73"}}]}"#;
/// let frag = read_finess_json(flux, "f", None, "", &ImportOptions::default()).unwrap().network;
/// let m = merge(&base, &frag);
/// assert_eq!(m.matched_legal_entities, vec![("ej-a".to_string(), "ej-010000156".to_string())]);
/// assert_eq!(m.conflicts[0].field.as_deref(), Some("legal_status"));
/// m.network.validate().unwrap();
/// ```
#[allow(clippy::too_many_lines)] // one block per kind of entity, in dependency order
pub fn merge(network: &Network, fragment: &Network) -> Merged {
    let mut out = network.clone();
    let mut conflicts = Vec::new();
    let mut rename: HashMap<String, String> = HashMap::new(); // fragment id -> network id
    let mut ids: HashSet<String> = all_ids(network);
    let mut matched_legal_entities = Vec::new();
    let mut matched_sites = Vec::new();
    let mut added = [0usize; 5];

    for src in &fragment.sources {
        if !out.sources.iter().any(|s| s.id == src.id) {
            out.sources.push(src.clone());
            ids.insert(src.id.clone());
        }
    }

    let by_ej: HashMap<&str, usize> = network
        .legal_entities
        .iter()
        .enumerate()
        .filter_map(|(i, e)| Some((e.finess_ej.as_ref()?.as_str(), i)))
        .collect();
    for e in &fragment.legal_entities {
        let found = e
            .finess_ej
            .as_ref()
            .and_then(|f| by_ej.get(f.as_str()))
            .and_then(|&i| network.legal_entities.get(i));
        if let Some(base) = found {
            matched_legal_entities.push((base.id.clone(), e.id.clone()));
            rename.insert(e.id.clone(), base.id.clone());
            if base.legal_status != e.legal_status {
                conflicts.push(conflict(
                    ConflictKind::DifferentFact,
                    &base.id,
                    &e.id,
                    Some((
                        "legal_status",
                        json_name(&base.legal_status),
                        json_name(&e.legal_status),
                    )),
                    itext!(
                        MergeLegalStatus,
                        &base.id,
                        e.finess_ej.as_ref().map_or("", |f| f.as_str()),
                        json_name(&base.legal_status),
                        json_name(&e.legal_status)
                    ),
                ));
            }
            if let (Some(a), Some(b)) = (&base.siren, &e.siren) {
                if a != b {
                    conflicts.push(conflict(
                        ConflictKind::DifferentFact,
                        &base.id,
                        &e.id,
                        Some(("siren", a.clone(), b.clone())),
                        itext!(MergeSiren, &base.id, a, b),
                    ));
                }
            }
        } else if ids.contains(&e.id) {
            conflicts.push(conflict(
                ConflictKind::IdClash,
                &e.id,
                &e.id,
                None,
                itext!(MergeIdClashEntity, &e.id),
            ));
        } else {
            ids.insert(e.id.clone());
            out.legal_entities.push(e.clone());
            added[0] += 1;
        }
    }

    let by_et: HashMap<&str, usize> = network
        .sites
        .iter()
        .enumerate()
        .filter_map(|(i, s)| Some((s.finess_et.as_ref()?.as_str(), i)))
        .collect();
    let frag_locations: HashMap<&str, &crate::network::Location> = fragment
        .locations
        .iter()
        .map(|l| (l.id.as_str(), l))
        .collect();
    let base_locations: HashMap<&str, &crate::network::Location> = network
        .locations
        .iter()
        .map(|l| (l.id.as_str(), l))
        .collect();
    let mut added_sites: HashSet<String> = HashSet::new();
    for s in &fragment.sites {
        let found = s
            .finess_et
            .as_ref()
            .and_then(|f| by_et.get(f.as_str()))
            .and_then(|&i| network.sites.get(i));
        if let Some(base) = found {
            matched_sites.push((base.id.clone(), s.id.clone()));
            rename.insert(s.id.clone(), base.id.clone());
            let mut differ =
                |field: &str, words: ImportMsg, a: Option<String>, b: Option<String>| {
                    if let (Some(a), Some(b)) = (a, b) {
                        if a != b {
                            conflicts.push(conflict(
                                ConflictKind::DifferentFact,
                                &base.id,
                                &s.id,
                                Some((field, a.clone(), b.clone())),
                                itext!(
                                    MergeSiteFact,
                                    &base.id,
                                    s.finess_et.as_ref().map_or("", |f| f.as_str()),
                                    words,
                                    &a,
                                    &b
                                ),
                            ));
                        }
                    }
                };
            differ(
                "category",
                ImportMsg::MergeFieldCategory,
                base.category.clone(),
                s.category.clone(),
            );
            let commune = |locs: &HashMap<&str, &crate::network::Location>, id: &str| {
                locs.get(id).and_then(|l| l.insee.clone())
            };
            differ(
                "commune",
                ImportMsg::MergeFieldCommune,
                commune(&base_locations, &base.location),
                commune(&frag_locations, &s.location),
            );
            let frag_ej = rename
                .get(&s.legal_entity)
                .cloned()
                .unwrap_or_else(|| s.legal_entity.clone());
            differ(
                "legal_entity",
                ImportMsg::MergeFieldLegalEntity,
                Some(base.legal_entity.clone()),
                Some(frag_ej),
            );
        } else if ids.contains(&s.id) {
            conflicts.push(conflict(
                ConflictKind::IdClash,
                &s.id,
                &s.id,
                None,
                itext!(MergeIdClashSite, &s.id),
            ));
        } else {
            let Some(loc) = frag_locations.get(s.location.as_str()) else {
                continue;
            };
            if !ids.contains(&loc.id) {
                ids.insert(loc.id.clone());
                out.locations.push((*loc).clone());
            }
            let mut site = s.clone();
            if let Some(ej) = rename.get(&site.legal_entity) {
                site.legal_entity.clone_from(ej);
            }
            if !ids.contains(&site.legal_entity)
                && !out.legal_entities.iter().any(|e| e.id == site.legal_entity)
            {
                continue;
            }
            ids.insert(site.id.clone());
            added_sites.insert(site.id.clone());
            out.sites.push(site);
            added[1] += 1;
        }
    }

    // A grouping already in the network under the same derived id is the same register
    // grouping merged again, unless its kind differs: then it is a clash and the fragment's
    // memberships of it are left out.
    let mut clashing: HashSet<&str> = HashSet::new();
    for g in &fragment.groupings {
        if let Some(base) = network.groupings.iter().find(|b| b.id == g.id) {
            if base.kind != g.kind {
                clashing.insert(g.id.as_str());
                conflicts.push(conflict(
                    ConflictKind::IdClash,
                    &g.id,
                    &g.id,
                    Some(("kind", json_name(&base.kind), json_name(&g.kind))),
                    itext!(MergeGroupingKind, &g.id),
                ));
            }
        } else if ids.contains(&g.id) {
            clashing.insert(g.id.as_str());
            conflicts.push(conflict(
                ConflictKind::IdClash,
                &g.id,
                &g.id,
                None,
                itext!(MergeIdClashGrouping, &g.id),
            ));
        } else {
            ids.insert(g.id.clone());
            out.groupings.push(g.clone());
            added[2] += 1;
        }
    }
    let grouping_ids: HashSet<&str> = out.groupings.iter().map(|g| g.id.as_str()).collect();
    let mut new_memberships = Vec::new();
    for m in &fragment.memberships {
        let mut m = m.clone();
        if let Some(x) = rename.get(&m.member) {
            m.member.clone_from(x);
        }
        let member_known = out.sites.iter().any(|s| s.id == m.member)
            || out.legal_entities.iter().any(|e| e.id == m.member)
            || grouping_ids.contains(m.member.as_str());
        if !grouping_ids.contains(m.grouping.as_str())
            || clashing.contains(m.grouping.as_str())
            || !member_known
        {
            continue;
        }
        let dup = out.memberships.iter().chain(new_memberships.iter()).any(
            |b: &crate::network::Membership| {
                b.grouping == m.grouping && b.member == m.member && b.role == m.role
            },
        );
        if !dup {
            new_memberships.push(m);
            added[3] += 1;
        }
    }
    out.memberships.extend(new_memberships);

    for f in &fragment.filieres {
        match out.filieres.iter().find(|b| b.id == f.id) {
            None => {
                if ids.contains(&f.id) {
                    conflicts.push(conflict(
                        ConflictKind::IdClash,
                        &f.id,
                        &f.id,
                        None,
                        itext!(MergeIdClashFiliere, &f.id),
                    ));
                } else {
                    ids.insert(f.id.clone());
                    out.filieres.push(f.clone());
                }
            }
            Some(b) if b.levels != f.levels => {
                let levels = |x: &crate::network::Filiere| {
                    x.levels
                        .iter()
                        .map(|l| l.id.as_str())
                        .collect::<Vec<_>>()
                        .join("|")
                };
                conflicts.push(conflict(
                    ConflictKind::FiliereLevels,
                    &b.id,
                    &f.id,
                    Some(("levels", levels(b), levels(f))),
                    itext!(MergeLevels, &b.id, levels(b), levels(f)),
                ));
            }
            Some(_) => {}
        }
    }
    let mut new_caps = Vec::new();
    for c in &fragment.capabilities {
        let mut c = c.clone();
        if let Some(x) = rename.get(&c.site) {
            c.site.clone_from(x);
        }
        if !out.sites.iter().any(|s| s.id == c.site) {
            continue;
        }
        let Some(fil) = out.filieres.iter().find(|f| f.id == c.filiere) else {
            continue;
        };
        if !fil.levels.iter().any(|l| l.id == c.level) {
            continue;
        }
        if !added_sites.contains(&c.site) {
            if let Some(b) = out
                .capabilities
                .iter()
                .find(|b| b.site == c.site && b.filiere == c.filiere)
            {
                if b.level != c.level {
                    conflicts.push(conflict(
                        ConflictKind::Capability,
                        &c.site,
                        c.id.as_deref().unwrap_or(""),
                        Some(("level", b.level.clone(), c.level.clone())),
                        itext!(MergeCapability, &c.site, &c.filiere, &b.level, &c.level),
                    ));
                }
                continue;
            }
        }
        if let Some(id) = &c.id {
            if ids.contains(id) {
                continue;
            }
            ids.insert(id.clone());
        }
        new_caps.push(c);
        added[4] += 1;
    }
    out.capabilities.extend(new_caps);

    Merged {
        network: out,
        conflicts,
        matched_legal_entities,
        matched_sites,
        added,
    }
}

/// Every id of the network's one namespace.
fn all_ids(n: &Network) -> HashSet<String> {
    let mut ids = HashSet::new();
    ids.extend(n.sources.iter().map(|x| x.id.clone()));
    ids.extend(n.locations.iter().map(|x| x.id.clone()));
    ids.extend(n.legal_entities.iter().map(|x| x.id.clone()));
    ids.extend(n.sites.iter().map(|x| x.id.clone()));
    ids.extend(n.filieres.iter().map(|x| x.id.clone()));
    ids.extend(n.groupings.iter().map(|x| x.id.clone()));
    ids.extend(n.capabilities.iter().filter_map(|x| x.id.clone()));
    ids.extend(n.rules.iter().map(|x| x.id.clone()));
    ids.extend(n.shared_services.iter().map(|x| x.id.clone()));
    ids.extend(n.tele_services.iter().map(|x| x.id.clone()));
    ids.extend(n.events.iter().map(|x| x.id.clone()));
    ids
}
