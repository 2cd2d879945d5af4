//! Compiling a [`Network`] into an immutable, indexed [`Engine`].
//!
//! Everything that does not depend on the case is computed once here. The engine is made of
//! parts, each built by its own function from the network and the parts before it:
//! sites and locations (`sites`: data, id look-ups, positions), filières and their levels
//! (`filieres`), capabilities per site and filière (`capabilities`), groupings expanded to
//! their member sites and the groupings of every site (`groupings`), tele-services and shared
//! services (`services`), the rules that can apply to each origin and filière in evaluation
//! order (`rules`), and the travel matrix (`travel`). Routing then only checks dates, levels
//! and distances.

use std::collections::HashMap as StdHashMap;
use std::hash::{BuildHasherDefault, Hasher};

mod capabilities;
mod epochs;
mod filieres;
mod groupings;
mod rules;
mod services;
mod sites;
mod travel;

use capabilities::Capabilities;
pub(crate) use epochs::Epochs;
use filieres::Filieres;
use groupings::Groupings;
pub(crate) use groupings::MemberSite;
use rules::Rules;
pub(crate) use rules::{CTarget, RuleData, RuleRef};
use services::Services;
use sites::{LegalEntities, Sites};
use travel::Travel;

use crate::date::{Date, Status, Validity};
use crate::error::Error;
use crate::network::Network;

/// FxHash (the rustc hasher): ids are not attacker-chosen keys of a server, and SipHash
/// costs more than the rest of an id look-up on the routing path.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Hash map with [`FxHasher`].
pub(crate) type HashMap<K, V> = StdHashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Index of a site in the engine.
pub(crate) type SiteIx = u32;

/// How deep nested groupings are expanded (a GCS member of a GCS member of…).
pub const MAX_NESTING: usize = 8;

/// A validity compiled to day numbers, for fast date tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub from: i32,
    pub to: i32,
    pub planned: bool,
}

impl Span {
    pub const ALWAYS: Span = Span {
        from: i32::MIN,
        to: i32::MAX,
        planned: false,
    };

    pub fn of(v: &Validity) -> Span {
        let from = v.from.map_or(i32::MIN, Date::epoch_day);
        let to = v.to.map_or(i32::MAX, Date::epoch_day);
        match v.status {
            // Ended without an end date: never in force.
            Status::Ended if v.to.is_none() => Span {
                from: i32::MAX,
                to: i32::MIN,
                planned: false,
            },
            Status::Planned | Status::InProgress => Span {
                from,
                to,
                planned: true,
            },
            _ => Span {
                from,
                to,
                planned: false,
            },
        }
    }

    #[inline]
    pub fn in_force(self, day: i32, include_planned: bool) -> bool {
        (include_planned || !self.planned) && self.from <= day && day <= self.to
    }

    /// Both spans hold (a nested membership holds while both memberships do).
    pub fn and(self, other: Span) -> Span {
        Span {
            from: self.from.max(other.from),
            to: self.to.min(other.to),
            planned: self.planned || other.planned,
        }
    }
}

/// A caller-supplied travel distance or time between an origin (site or location id) and a
/// destination site, overriding the straight-line (haversine) distance.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TravelEntry {
    /// Origin: a site or location id.
    pub from: String,
    /// Destination site id.
    pub to: String,
    /// Road distance in km.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub km: Option<f64>,
    /// Travel time in minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<f64>,
}

/// Options of [`Engine::compile_with`].
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct CompileOptions {
    /// Travel distances and times supplied by the caller. When a pair has `minutes`, candidates
    /// are ranked by minutes; when it has `km`, that distance replaces the haversine one for
    /// ranking and for `max_distance_km` limits.
    pub travel: Vec<TravelEntry>,
    /// The commune reference: lets cases come from a commune or a postal code, and places
    /// points and locations in their commune for territories (see [`crate::reference`]).
    pub communes: Option<std::sync::Arc<crate::reference::Communes>>,
}

impl CompileOptions {
    /// Sets the commune reference.
    #[must_use]
    pub fn communes(
        mut self,
        communes: impl Into<std::sync::Arc<crate::reference::Communes>>,
    ) -> Self {
        self.communes = Some(communes.into());
        self
    }

    /// Sets the travel matrix.
    #[must_use]
    pub fn travel(mut self, travel: Vec<TravelEntry>) -> Self {
        self.travel = travel;
        self
    }
}

/// A compiled network: immutable, indexed, `Send + Sync`, cheap to share behind an `Arc`.
///
/// Build one with [`Engine::compile`], then route any number of cases with
/// [`Engine::route`] or [`Engine::route_explained`].
///
/// ```
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/mini.json")).unwrap();
/// let network = parcours::Network::from_json_str(&text)?;
/// let engine = parcours::Engine::compile(&network)?;
/// assert_eq!(engine.network_id(), "mini");
/// # Ok::<(), parcours::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Engine {
    pub(crate) network_id: String,
    pub(crate) network_name: String,
    /// The network's id and content hash, and the travel matrix's hash.
    pub(crate) fingerprint: crate::fingerprint::Fingerprint,
    /// Sites and locations: data, id look-ups, positions.
    pub(crate) sites: Sites,
    /// Filières and their levels.
    pub(crate) filieres: Filieres,
    /// Capability levels per (filière, site), and the capable sites of each filière.
    pub(crate) capabilities: Capabilities,
    /// Groupings expanded to sites, and each site's groupings.
    pub(crate) groupings: Groupings,
    /// Tele-services and shared services.
    pub(crate) services: Services,
    /// Rules in evaluation order, listed per origin node and filière.
    pub(crate) rules: Rules,
    /// Travel overrides of the great-circle distance.
    pub(crate) travel: Travel,
    /// Territories, catchments, entry policy, commune reference and FINESS numbers.
    pub(crate) entry: crate::entry::EntryIndex,
    /// The periods between the days on which a validity starts or ends: days of one period
    /// route alike.
    pub(crate) epochs: Epochs,
}

impl Engine {
    /// Validates and compiles a network with default options.
    ///
    /// # Errors
    /// [`Error::Load`] when the network does not validate (see [`Network::validate`]).
    pub fn compile(network: &Network) -> Result<Engine, Error> {
        Self::compile_with(network, &CompileOptions::default())
    }

    /// Validates and compiles a network: each part of the engine is built in turn from the
    /// network and the parts before it.
    ///
    /// # Errors
    /// [`Error::Load`] when the network does not validate, or when a travel entry names an
    /// unknown origin or site or has a negative or non-finite value.
    pub fn compile_with(network: &Network, options: &CompileOptions) -> Result<Engine, Error> {
        network.validate()?;
        let n = network;
        let sites = Sites::build(n);
        let entities = LegalEntities::build(n, &sites);
        let filieres = Filieres::build(n);
        let capabilities = Capabilities::build(n, &sites, &filieres);
        let groupings = Groupings::build(n, &sites, &entities, &filieres);
        let services = Services::build(n, &sites, &entities, &groupings, &filieres);
        let rules = Rules::build(n, &sites, &filieres, &groupings, &services);
        let travel = Travel::build(&options.travel, &sites)?;
        let entry = crate::entry::EntryIndex::build(
            n,
            &crate::entry::Indexes {
                site_ix: &sites.ix,
                grouping_ix: &groupings.ix,
                tele_ix: &services.tele_ix,
                filiere_ix: &filieres.ix,
            },
            options.communes.clone(),
        );
        let epochs = Epochs::build(n);
        let mut fingerprint = crate::fingerprint::Fingerprint::of(n);
        fingerprint.travel_hash = crate::fingerprint::travel_hash(&options.travel);
        if let Some(c) = &options.communes {
            fingerprint =
                fingerprint.with_communes_hash(crate::fingerprint::sha256(&c.canonical_bytes()));
        }
        Ok(Engine {
            network_id: n.id.clone(),
            network_name: n.name.clone(),
            fingerprint,
            sites,
            filieres,
            capabilities,
            groupings,
            services,
            rules,
            travel,
            entry,
            epochs,
        })
    }

    /// Which network (and travel matrix) the engine was compiled from: its id, the SHA-256 of
    /// its canonical form and of the travel matrix (see [`crate::fingerprint`]). Worked out once,
    /// when compiling.
    pub fn fingerprint(&self) -> &crate::fingerprint::Fingerprint {
        &self.fingerprint
    }

    /// Id of the compiled network.
    pub fn network_id(&self) -> &str {
        &self.network_id
    }

    /// Name of the compiled network.
    pub fn network_name(&self) -> &str {
        &self.network_name
    }

    /// The commune reference the engine was compiled with, if any.
    pub fn communes(&self) -> Option<&crate::reference::Communes> {
        self.entry.communes.as_deref()
    }

    /// Number of sites.
    pub fn site_count(&self) -> usize {
        self.sites.len()
    }

    /// Number of rules.
    pub fn rule_count(&self) -> usize {
        self.rules.len()
    }
}

fn ix32(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

fn rank8(i: usize) -> u8 {
    u8::try_from(i).unwrap_or(u8::MAX)
}

// The engine is shared across threads by design.
const _: () = {
    const fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Engine>();
};

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A network small enough to work out each part's indexes by hand: sites b, a, c (in that
    /// file order) at locations l-b, l-a, l-c; a GHT with a nested GCS; two filières.
    pub(crate) fn network() -> Network {
        let text = r#"{
          "id": "parts", "name": "Parts of an engine",
          "sources": [{"id": "src", "url": "https://example.org/src", "title": "Source"}],
          "locations": [
            {"id": "l-a", "name": "A", "lat": 47.32, "lon": 5.04},
            {"id": "l-b", "name": "B", "lat": 47.86, "lon": 5.33},
            {"id": "l-c", "name": "C", "lat": 48.11, "lon": 5.14}
          ],
          "legal_entities": [
            {"id": "le-chu", "name": "CHU", "legal_status": "public"},
            {"id": "le-ch", "name": "CH", "legal_status": "public"}
          ],
          "sites": [
            {"id": "b", "name": "B", "legal_entity": "le-chu", "kind": "hospital", "location": "l-b"},
            {"id": "a", "name": "A", "legal_entity": "le-ch", "kind": "chu", "location": "l-a"},
            {"id": "c", "name": "C", "legal_entity": "le-chu", "kind": "hospital", "location": "l-c"}
          ],
          "filieres": [
            {"id": "chir", "name": "Chirurgie", "levels": [{"id": "prox"}, {"id": "ref"}, {"id": "rec"}],
             "flag_levels": {"polytrauma": "rec"}},
            {"id": "card", "name": "Cardiologie", "levels": [{"id": "low"}, {"id": "high"}]}
          ],
          "groupings": [
            {"id": "ght", "name": "GHT", "kind": "ght", "scope": {"filieres": ["chir"]}},
            {"id": "gcs", "name": "GCS", "kind": "gcs_moyens", "validity": {"from": "2020-01-01"}}
          ],
          "memberships": [
            {"grouping": "ght", "member": "le-chu", "role": "party"},
            {"grouping": "ght", "member": "a", "role": "support"},
            {"grouping": "gcs", "member": "ght", "role": "member"}
          ],
          "capabilities": [
            {"site": "a", "filiere": "chir", "level": "rec"},
            {"site": "b", "filiere": "chir", "level": "prox"},
            {"site": "b", "filiere": "chir", "level": "ref", "validity": {"from": "2020-01-01"}},
            {"site": "c", "filiere": "card", "level": "high"}
          ],
          "tele_services": [
            {"id": "tele", "act": "teleexpertise", "provider": "a", "requesters": ["ght"],
             "filieres": ["chir"], "purpose": "advice"}
          ],
          "shared_services": [
            {"id": "lab", "kind": "laboratory", "provider": "a", "beneficiaries": ["le-chu"], "vehicle": "gcs"}
          ],
          "rules": [
            {"id": "r-fallback", "filieres": ["chir"], "origin": {"member_of": "ght"},
             "target": {"origin_grouping_role": {"kind": "ght", "role": "support"}},
             "strength": "fallback", "step": "recourse"},
            {"id": "r-b", "filieres": ["chir"], "origin": {"origins": ["b", "l-c"]},
             "when": {"level_at_least": "ref", "flags": ["polytrauma"], "age_min": 18},
             "target": {"site": "a"}, "strength": "mandatory", "step": "recourse", "priority": 1,
             "source": "src"},
            {"id": "r-any", "target": "any_capable", "strength": "preferred", "step": "local"},
            {"id": "r-tele", "filieres": ["chir"],
             "origin": {"member_of": "ght", "roles": ["party"], "site_kinds": ["hospital"]},
             "target": {"tele_service": "tele"}, "strength": "mandatory", "step": "tele_service",
             "priority": 5}
          ]
        }"#;
        match Network::from_json_str(text) {
            Ok(n) => n,
            Err(e) => panic!("the test network loads: {e}"),
        }
    }

    #[test]
    fn the_test_network_compiles_into_its_parts() {
        let n = network();
        let e = match Engine::compile(&n) {
            Ok(e) => e,
            Err(err) => panic!("compiles: {err}"),
        };
        assert_eq!((e.site_count(), e.rule_count()), (3, 4));
        assert_eq!(e.filieres.len(), 2);
        assert_eq!(e.groupings.list.len(), 2);
        assert_eq!(e.services.teles.len(), 1);
        assert!(e.travel.is_empty());
    }
}
