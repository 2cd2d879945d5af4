//! Compiling a [`Network`] into an immutable, indexed [`Engine`].
//!
//! Everything that does not depend on the case is computed once here: sites with coordinates,
//! capabilities per site and filière, members of every grouping (legal entities and nested
//! groupings expanded to sites), the groupings of every site, the rules that can apply to each
//! origin and filière in evaluation order, and the sites each rule can target. Routing then only
//! checks dates, levels and distances.

use std::collections::HashMap as StdHashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::date::{Date, Status, Validity};
use crate::error::{Error, Problem, codes};
use crate::network::{
    Conditions, GroupingKind, Network, Role, ServiceKind, SiteKind, Step, Strength, Target,
};

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

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SiteData {
    pub id: String,
    pub name: String,
    pub kind: SiteKind,
    /// Latitude and longitude in radians, and cos(latitude).
    pub lat: f64,
    pub lon: f64,
    pub cos_lat: f64,
    /// Position as a unit vector (see [`crate::route::unit_vector`]).
    pub xyz: [f64; 3],
    pub span: Span,
    /// Rank of the id in sorted order: the documented tie-break.
    pub order: u32,
    pub legal_entity: usize,
}

/// [`Engine::cap_quick`]: no capability in the filière.
pub(crate) const CAP_NONE: u8 = u8::MAX;
/// [`Engine::cap_quick`]: dated or several capabilities; the entries tell.
pub(crate) const CAP_DATED: u8 = u8::MAX - 1;

/// The hot part of a site: its validity and its rank in site-id order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct SiteHot {
    pub span: Span,
    pub order: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FiliereData {
    pub id: String,
    /// The filière's name, for explanations.
    pub name: String,
    pub levels: Vec<String>,
    /// Each level's name (its id when it has none), for explanations.
    pub level_names: Vec<String>,
    pub flag_levels: Vec<(String, u8)>,
}

/// A member site of a grouping, with the role and when it holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct MemberSite {
    pub site: SiteIx,
    pub role: Role,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GroupingData {
    pub id: String,
    pub kind: GroupingKind,
    pub span: Span,
    /// Member sites, sorted by role (stable: file order within a role).
    pub members: Vec<MemberSite>,
    /// The filières of its scope (indexes); empty means all.
    pub filieres: Vec<u32>,
}

impl GroupingData {
    /// The members holding `role`.
    pub fn with_role(&self, role: Role) -> &[MemberSite] {
        let start = self.members.partition_point(|m| m.role < role);
        let len = self
            .members
            .get(start..)
            .map_or(0, |rest| rest.partition_point(|m| m.role == role));
        self.members.get(start..start + len).unwrap_or(&[])
    }
}

/// A grouping a site belongs to.
/// A site capable in a filière, with its position, for the entry-site search.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct GeoSite {
    pub xyz: [f64; 3],
    pub site: SiteIx,
    /// The site's tie-break order.
    pub order: u32,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct SiteGrouping {
    pub grouping: u32,
    pub role: Role,
    /// Membership and grouping validity together.
    pub span: Span,
}

/// A compiled rule target.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum CTarget {
    /// Fixed candidate sites (site, role and membership span). Role targets and member targets
    /// are resolved at compile time; the span is checked at the case date.
    Sites(Vec<MemberSite>),
    /// Members with `role` of the origin's groupings of `kind`.
    OriginGroupingRole(GroupingKind, Role),
    /// Any site capable in the filière.
    AnyCapable,
    /// A tele-service.
    Tele(u32),
}

/// A compiled rule. `repr(C)` keeps the fields a routed case reads (target, distance limit,
/// step, id) together at the start, in the first cache lines; the rest is read only to check
/// conditions or to explain.
#[derive(Debug, Clone, PartialEq)]
#[repr(C)]
pub(crate) struct RuleData {
    pub target: CTarget,
    pub max_km: Option<f64>,
    pub id: String,
    pub step: Step,
    pub strength: Strength,
    pub priority: i32,
    pub span: Span,
    pub member_of: Option<u32>,
    pub roles: Vec<Role>,
    /// Origin nodes (sites, then locations offset by the site count).
    pub origins: Vec<u32>,
    pub site_kinds: Vec<SiteKind>,
    pub when: Conditions,
    /// Filière indexes; empty means every filière.
    pub filieres: Vec<u32>,
    /// Level bounds resolved per filière: (filière, at least, at most).
    pub level_bounds: Vec<(u32, u8, u8)>,
    pub name: Option<String>,
    pub source_url: Option<String>,
}

/// A rule in a per-origin list, with its level bounds for the list's filière, so that the
/// commonest reason a rule does not apply is found without touching the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RuleRef {
    pub rule: u32,
    pub lo: u8,
    pub hi: u8,
    /// What the case must have for the rule to apply ([`RuleRef::NEEDS_FLAGS`]…), so that
    /// routine cases skip condition-bearing rules without reading them.
    pub needs: u8,
}

impl RuleRef {
    /// The rule lists flags: a case without flags cannot match it.
    pub const NEEDS_FLAGS: u8 = 1;
    /// The rule has an age condition: a case without age cannot match it.
    pub const NEEDS_AGE: u8 = 2;
    /// The rule requires an EHPAD resident.
    pub const NEEDS_EHPAD: u8 = 4;
    /// The rule requires a time-critical case.
    pub const NEEDS_TIME_CRITICAL: u8 = 8;

    pub(crate) fn needs_of(w: &Conditions) -> u8 {
        let mut needs = 0;
        if !w.flags.is_empty() {
            needs |= Self::NEEDS_FLAGS;
        }
        if w.age_min.is_some() || w.age_max.is_some() {
            needs |= Self::NEEDS_AGE;
        }
        if w.ehpad_resident == Some(true) {
            needs |= Self::NEEDS_EHPAD;
        }
        if w.time_critical == Some(true) {
            needs |= Self::NEEDS_TIME_CRITICAL;
        }
        needs
    }
}

/// The part of a rule every case looks at, packed for the cache.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct RuleHot {
    pub span: Span,
    /// Grouping the origin must belong to; `u32::MAX` for none.
    pub member_of: u32,
    /// No roles, origins, site kinds or case conditions beyond levels to check.
    pub plain: bool,
    pub strength: Strength,
    pub step: Step,
    /// The target is a tele-service.
    pub tele: bool,
}

impl RuleHot {
    fn of(r: &RuleData) -> Self {
        let w = &r.when;
        Self {
            span: r.span,
            member_of: r.member_of.unwrap_or(u32::MAX),
            plain: r.roles.is_empty()
                && r.origins.is_empty()
                && r.site_kinds.is_empty()
                && w.age_min.is_none()
                && w.age_max.is_none()
                && w.ehpad_resident.is_none()
                && w.time_critical.is_none()
                && w.flags.is_empty(),
            strength: r.strength,
            step: r.step,
            tele: matches!(r.target, CTarget::Tele(_)),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TeleData {
    pub id: String,
    pub provider: SiteIx,
    pub national: bool,
    pub requesters: Vec<MemberSite>,
    pub filieres: Vec<u32>,
    pub span: Span,
}

impl TeleData {
    /// Whether an origin may use the service in a filière at a date, as routing decides it for
    /// a tele-service rule (and the `tele_services` question reports it): `Err` says why not.
    /// `filiere` `None` asks about the service whatever the filière.
    pub(crate) fn usable(
        &self,
        origin_site: Option<SiteIx>,
        filiere: Option<u32>,
        day: i32,
        planned: bool,
    ) -> Result<(), crate::messages::Msg> {
        use crate::messages::Msg;
        if !self.span.in_force(day, planned) {
            return Err(Msg::WhyNotInForce);
        }
        if let Some(f) = filiere
            && !(self.filieres.is_empty() || self.filieres.contains(&f))
        {
            return Err(Msg::TeleNoFiliere);
        }
        let requester = self.national
            || origin_site.is_some_and(|s| {
                self.requesters
                    .iter()
                    .any(|m| m.site == s && m.span.in_force(day, planned))
            });
        if !requester {
            return Err(Msg::TeleNoRequest);
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ServiceData {
    pub id: String,
    pub kind: ServiceKind,
    pub provider: SiteIx,
    pub vehicle: Option<u32>,
    pub span: Span,
    pub beneficiaries: Vec<MemberSite>,
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
    pub(crate) sites: Vec<SiteData>,
    pub(crate) site_ix: HashMap<String, SiteIx>,
    /// Locations: id -> (lat rad, lon rad, cos lat).
    pub(crate) location_ix: HashMap<String, u32>,
    pub(crate) locations: Vec<(f64, f64, f64)>,
    pub(crate) filieres: Vec<FiliereData>,
    pub(crate) filiere_ix: HashMap<String, u32>,
    /// Capabilities in CSR layout: entries of site `s` in filière `f` are
    /// `cap_entries[cap_offsets[f * S + s]..cap_offsets[f * S + s + 1]]`, as (level rank, span).
    pub(crate) cap_offsets: Vec<u32>,
    pub(crate) cap_entries: Vec<(u8, Span)>,
    /// One byte per (filière, site), same index as `cap_offsets`: the level of a single
    /// capability in force at every date, [`CAP_NONE`], or [`CAP_DATED`] (look at the entries).
    /// 120 KB for the national network, so a candidate's capability is usually one cache hit.
    pub(crate) cap_quick: Vec<u8>,
    /// Site positions as unit vectors, hot on the routing path.
    pub(crate) geo: Vec<[f64; 3]>,
    /// What qualifying a candidate reads of a site (same indexes as `sites`): 16 bytes a site
    /// instead of a `SiteData`'s cache lines.
    pub(crate) site_hot: Vec<SiteHot>,
    /// Location positions as unit vectors, same indexes as `locations`.
    pub(crate) location_xyz: Vec<[f64; 3]>,
    /// Sites with any capability per filière, sorted by site order.
    pub(crate) capable: Vec<Vec<SiteIx>>,
    /// The same sites with their positions, sorted by the position's `z` (the sine of the
    /// latitude): the entry-site search sweeps outwards from the origin's `z`.
    pub(crate) capable_geo: Vec<Vec<GeoSite>>,
    pub(crate) groupings: Vec<GroupingData>,
    pub(crate) grouping_ix: HashMap<String, u32>,
    /// Groupings of each site (CSR): site `s` at `sg_entries[sg_offsets[s]..sg_offsets[s + 1]]`.
    pub(crate) sg_offsets: Vec<u32>,
    pub(crate) sg_entries: Vec<SiteGrouping>,
    /// Rules in evaluation order: strength, priority (highest first), file order.
    pub(crate) rules: Vec<RuleData>,
    /// The hot part of each rule, same indexes as `rules`.
    pub(crate) rule_hot: Vec<RuleHot>,
    /// Rules anchored to an origin node (sites, then locations), per filière, ascending:
    /// CSR layout, node `n` and filière `f` at
    /// `rule_lists[rule_offsets[n * F + f]..rule_offsets[n * F + f + 1]]`.
    pub(crate) rule_offsets: Vec<u32>,
    pub(crate) rule_lists: Vec<RuleRef>,
    /// Rules not anchored to any origin, per filière, ascending.
    pub(crate) general: Vec<Vec<RuleRef>>,
    pub(crate) teles: Vec<TeleData>,
    pub(crate) tele_ix: HashMap<String, u32>,
    pub(crate) services: Vec<ServiceData>,
    /// Travel overrides: (origin node, site) -> (km, minutes).
    pub(crate) travel: HashMap<(u32, SiteIx), (Option<f64>, Option<f64>)>,
    pub(crate) sources: HashMap<String, String>,
    /// Every clinical flag that routing can look at (filières' flag levels and rules'
    /// conditions), sorted: a case's other flags cannot change its decision.
    pub(crate) known_flags: Vec<String>,
    /// Territories, catchments, entry policy, commune reference and FINESS numbers.
    pub(crate) entry: crate::entry::EntryIndex,
}

fn compile_problem(pointer: String, message: String, hint: &str) -> Problem {
    Problem::new(codes::INVALID_VALUE, pointer, message).with_hint(hint)
}

impl Engine {
    /// Validates and compiles a network with default options.
    ///
    /// # Errors
    /// [`Error::Load`] when the network does not validate (see [`Network::validate`]).
    pub fn compile(network: &Network) -> Result<Engine, Error> {
        Self::compile_with(network, &CompileOptions::default())
    }

    /// Validates and compiles a network.
    ///
    /// # Errors
    /// [`Error::Load`] when the network does not validate, or when a travel entry names an
    /// unknown origin or site or has a negative or non-finite value.
    #[allow(clippy::too_many_lines)] // one linear pass per index, easier to follow in one place
    pub fn compile_with(network: &Network, options: &CompileOptions) -> Result<Engine, Error> {
        network.validate()?;
        let n = network;

        // Locations.
        let mut location_ix = HashMap::default();
        let mut locations = Vec::with_capacity(n.locations.len());
        for l in &n.locations {
            location_ix.insert(l.id.clone(), ix32(locations.len()));
            let (lat, lon) = (l.lat.to_radians(), l.lon.to_radians());
            locations.push((lat, lon, lat.cos()));
        }
        let le_ix: HashMap<&str, usize> = n
            .legal_entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), i))
            .collect();

        // Sites, with the tie-break order of their ids.
        let mut sorted: Vec<(&str, usize)> = n
            .sites
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        crate::order::sort(&mut sorted);
        let mut order = vec![0u32; n.sites.len()];
        for (rank, (_, i)) in sorted.iter().enumerate() {
            if let Some(o) = order.get_mut(*i) {
                *o = ix32(rank);
            }
        }
        let mut site_ix =
            HashMap::with_capacity_and_hasher(n.sites.len(), BuildHasherDefault::default());
        let mut sites = Vec::with_capacity(n.sites.len());
        for (i, s) in n.sites.iter().enumerate() {
            let (lat, lon, cos_lat) = location_ix
                .get(&s.location)
                .and_then(|&l| locations.get(l as usize))
                .copied()
                .unwrap_or((0.0, 0.0, 1.0));
            site_ix.insert(s.id.clone(), ix32(i));
            sites.push(SiteData {
                id: s.id.clone(),
                name: s.name.clone(),
                kind: s.kind,
                lat,
                lon,
                cos_lat,
                xyz: crate::route::unit_vector(lat, lon),
                span: Span::of(&s.validity),
                order: order.get(i).copied().unwrap_or(0),
                legal_entity: le_ix.get(s.legal_entity.as_str()).copied().unwrap_or(0),
            });
        }
        // The sites of each legal entity, indexed once: memberships, requesters and
        // beneficiaries that name a legal entity stand for its sites.
        let mut le_sites: Vec<Vec<SiteIx>> = Vec::new();
        for (i, s) in sites.iter().enumerate() {
            if le_sites.len() <= s.legal_entity {
                le_sites.resize_with(s.legal_entity + 1, Vec::new);
            }
            if let Some(list) = le_sites.get_mut(s.legal_entity) {
                list.push(ix32(i));
            }
        }
        let sites_of_le =
            |le: usize| -> Vec<SiteIx> { le_sites.get(le).cloned().unwrap_or_default() };

        // Filières and capabilities.
        let mut filiere_ix = HashMap::default();
        let mut filieres = Vec::with_capacity(n.filieres.len());
        for f in &n.filieres {
            filiere_ix.insert(f.id.clone(), ix32(filieres.len()));
            let levels: Vec<String> = f.levels.iter().map(|l| l.id.clone()).collect();
            let flag_levels = f
                .flag_levels
                .iter()
                .filter_map(|(flag, level)| {
                    levels
                        .iter()
                        .position(|l| l == level)
                        .map(|r| (flag.clone(), rank8(r)))
                })
                .collect();
            filieres.push(FiliereData {
                id: f.id.clone(),
                name: f.name.clone(),
                levels,
                level_names: f
                    .levels
                    .iter()
                    .map(|l| l.name.clone().unwrap_or_else(|| l.id.clone()))
                    .collect(),
                flag_levels,
            });
        }
        let n_sites = sites.len();
        let mut caps: Vec<Vec<(u8, Span)>> = vec![Vec::new(); filieres.len() * n_sites];
        let mut capable: Vec<Vec<SiteIx>> = vec![Vec::new(); filieres.len()];
        for c in &n.capabilities {
            let (Some(&f), Some(&s)) = (filiere_ix.get(&c.filiere), site_ix.get(&c.site)) else {
                continue;
            };
            let rank = filieres
                .get(f as usize)
                .and_then(|fd| fd.levels.iter().position(|l| *l == c.level))
                .map_or(0, rank8);
            if let Some(list) = caps.get_mut(f as usize * n_sites + s as usize) {
                if list.is_empty() {
                    if let Some(cl) = capable.get_mut(f as usize) {
                        cl.push(s);
                    }
                }
                list.push((rank, Span::of(&c.validity)));
            }
        }
        let mut cap_offsets = Vec::with_capacity(caps.len() + 1);
        let mut cap_entries = Vec::new();
        cap_offsets.push(0);
        for list in &caps {
            cap_entries.extend_from_slice(list);
            cap_offsets.push(ix32(cap_entries.len()));
        }
        let cap_quick = caps
            .iter()
            .map(|list| match list.as_slice() {
                [] => CAP_NONE,
                [(level, span)] if *span == Span::ALWAYS && *level < CAP_DATED => *level,
                _ => CAP_DATED,
            })
            .collect();
        drop(caps);
        let geo = sites.iter().map(|s| s.xyz).collect();
        let site_hot = sites
            .iter()
            .map(|s| SiteHot {
                span: s.span,
                order: s.order,
            })
            .collect();
        let location_xyz = locations
            .iter()
            .map(|&(lat, lon, _)| crate::route::unit_vector(lat, lon))
            .collect();
        for list in &mut capable {
            crate::order::sort_by_key(list, |&s| sites.get(s as usize).map_or(0, |d| d.order));
        }
        let capable_geo = capable
            .iter()
            .map(|list| {
                let mut g: Vec<GeoSite> = list
                    .iter()
                    .filter_map(|&site| {
                        let d = sites.get(site as usize)?;
                        Some(GeoSite {
                            xyz: d.xyz,
                            site,
                            order: d.order,
                        })
                    })
                    .collect();
                crate::order::sort_by(&mut g, |a, b| a.xyz[2].total_cmp(&b.xyz[2]));
                g
            })
            .collect();

        // Groupings, expanded to member sites.
        let mut grouping_ix = HashMap::default();
        for (i, g) in n.groupings.iter().enumerate() {
            grouping_ix.insert(g.id.clone(), ix32(i));
        }
        let mut direct: Vec<Vec<&crate::network::Membership>> = vec![Vec::new(); n.groupings.len()];
        for m in &n.memberships {
            if let Some(&g) = grouping_ix.get(&m.grouping) {
                if let Some(d) = direct.get_mut(g as usize) {
                    d.push(m);
                }
            }
        }
        let expand_ctx = Expand {
            direct: &direct,
            grouping_ix: &grouping_ix,
            site_ix: &site_ix,
            le_ix: &le_ix,
            spans: n.groupings.iter().map(|g| Span::of(&g.validity)).collect(),
            sites_of_le: &sites_of_le,
        };
        let mut groupings = Vec::with_capacity(n.groupings.len());
        for (i, g) in n.groupings.iter().enumerate() {
            let mut members = Vec::new();
            let mut stack = Vec::new();
            expand_ctx.expand(ix32(i), None, Span::ALWAYS, &mut stack, &mut members);
            // By role, so that "the support of this GHT" is a short slice, not a scan.
            crate::order::sort_by_key(&mut members, |m| m.role);
            groupings.push(GroupingData {
                id: g.id.clone(),
                kind: g.kind,
                span: Span::of(&g.validity),
                members,
                filieres: g
                    .scope
                    .filieres
                    .iter()
                    .filter_map(|f| filiere_ix.get(f).copied())
                    .collect(),
            });
        }
        let mut site_groupings: Vec<Vec<SiteGrouping>> = vec![Vec::new(); n_sites];
        for (gi, g) in groupings.iter().enumerate() {
            for m in &g.members {
                if let Some(list) = site_groupings.get_mut(m.site as usize) {
                    list.push(SiteGrouping {
                        grouping: ix32(gi),
                        role: m.role,
                        span: m.span.and(g.span),
                    });
                }
            }
        }

        let mut sg_offsets = Vec::with_capacity(n_sites + 1);
        let mut sg_entries = Vec::new();
        sg_offsets.push(0);
        for list in &site_groupings {
            sg_entries.extend_from_slice(list);
            sg_offsets.push(ix32(sg_entries.len()));
        }

        // Tele-services and shared services.
        let resolve_members = |ids: &[String]| -> Vec<MemberSite> {
            let mut out = Vec::new();
            for id in ids {
                if let Some(&s) = site_ix.get(id) {
                    out.push(MemberSite {
                        site: s,
                        role: Role::Beneficiary,
                        span: Span::ALWAYS,
                    });
                } else if let Some(&le) = le_ix.get(id.as_str()) {
                    out.extend(sites_of_le(le).into_iter().map(|s| MemberSite {
                        site: s,
                        role: Role::Beneficiary,
                        span: Span::ALWAYS,
                    }));
                } else if let Some(&g) = grouping_ix.get(id) {
                    if let Some(gd) = groupings.get(g as usize) {
                        out.extend(gd.members.iter().map(|m| MemberSite {
                            span: m.span.and(gd.span),
                            ..*m
                        }));
                    }
                }
            }
            out
        };
        let mut tele_ix = HashMap::default();
        let mut teles = Vec::with_capacity(n.tele_services.len());
        for t in &n.tele_services {
            tele_ix.insert(t.id.clone(), ix32(teles.len()));
            teles.push(TeleData {
                id: t.id.clone(),
                provider: site_ix.get(&t.provider).copied().unwrap_or(0),
                national: t.national,
                requesters: resolve_members(&t.requesters),
                filieres: t
                    .filieres
                    .iter()
                    .filter_map(|f| filiere_ix.get(f).copied())
                    .collect(),
                span: Span::of(&t.validity),
            });
        }
        let services = n
            .shared_services
            .iter()
            .map(|s| ServiceData {
                id: s.id.clone(),
                kind: s.kind,
                provider: site_ix.get(&s.provider).copied().unwrap_or(0),
                vehicle: s.vehicle.as_ref().and_then(|v| grouping_ix.get(v).copied()),
                span: Span::of(&s.validity),
                beneficiaries: resolve_members(&s.beneficiaries),
            })
            .collect();

        // Rules.
        let sources: HashMap<String, String> = n
            .sources
            .iter()
            .map(|s| (s.id.clone(), s.url.clone()))
            .collect();
        let mut rules: Vec<RuleData> = Vec::with_capacity(n.rules.len());
        for r in &n.rules {
            let rule_filieres: Vec<u32> = r
                .filieres
                .iter()
                .filter_map(|f| filiere_ix.get(f).copied())
                .collect();
            let mut level_bounds = Vec::new();
            if r.when.level_at_least.is_some() || r.when.level_at_most.is_some() {
                for &f in &rule_filieres {
                    let levels = filieres
                        .get(f as usize)
                        .map_or(&[][..], |fd| fd.levels.as_slice());
                    let pos = |l: &Option<String>, default: u8| {
                        l.as_ref()
                            .and_then(|l| levels.iter().position(|x| x == l))
                            .map_or(default, rank8)
                    };
                    level_bounds.push((
                        f,
                        pos(&r.when.level_at_least, 0),
                        pos(&r.when.level_at_most, u8::MAX),
                    ));
                }
            }
            let members_with = |g: &str, role: Option<Role>| -> Vec<MemberSite> {
                grouping_ix
                    .get(g)
                    .and_then(|&g| groupings.get(g as usize))
                    .map(|gd| {
                        gd.members
                            .iter()
                            .filter(|m| role.is_none_or(|r| m.role == r))
                            .map(|m| MemberSite {
                                span: m.span.and(gd.span),
                                ..*m
                            })
                            .collect()
                    })
                    .unwrap_or_default()
            };
            let target = match &r.target {
                Target::Site(s) => CTarget::Sites(
                    site_ix
                        .get(s)
                        .map(|&s| MemberSite {
                            site: s,
                            role: Role::Member,
                            span: Span::ALWAYS,
                        })
                        .into_iter()
                        .collect(),
                ),
                Target::GroupingRole { grouping, role } => {
                    CTarget::Sites(members_with(grouping, Some(*role)))
                }
                Target::GroupingMembers(g) => CTarget::Sites(members_with(g, None)),
                Target::OriginGroupingRole { kind, role } => {
                    CTarget::OriginGroupingRole(*kind, *role)
                }
                Target::AnyCapable => CTarget::AnyCapable,
                Target::TeleService(t) => CTarget::Tele(tele_ix.get(t).copied().unwrap_or(0)),
            };
            let mut origins: Vec<u32> = r
                .origin
                .origins
                .iter()
                .filter_map(|o| {
                    site_ix
                        .get(o)
                        .copied()
                        .or_else(|| location_ix.get(o).map(|&l| ix32(n_sites) + l))
                })
                .collect();
            crate::order::sort(&mut origins);
            rules.push(RuleData {
                id: r.id.clone(),
                name: r.name.clone(),
                strength: r.strength,
                step: r.step,
                priority: r.priority,
                span: Span::of(&r.validity),
                filieres: rule_filieres,
                member_of: r
                    .origin
                    .member_of
                    .as_ref()
                    .and_then(|g| grouping_ix.get(g).copied()),
                roles: r.origin.roles.clone(),
                origins,
                site_kinds: r.origin.site_kinds.clone(),
                when: r.when.clone(),
                level_bounds,
                target,
                max_km: r.max_distance_km,
                source_url: r.source.as_ref().and_then(|s| sources.get(s).cloned()),
            });
        }

        // Rules in evaluation order: strength, then priority (highest first), then file order
        // (the sort is stable). From here on a rule's index is its evaluation position.
        crate::order::sort_by_key(&mut rules, |r| (r.strength, std::cmp::Reverse(r.priority)));
        let rule_hot: Vec<RuleHot> = rules.iter().map(RuleHot::of).collect();

        // Rules per origin node and filière. A rule anchored to origins or to a grouping is
        // listed under those origin nodes only; other rules are "general" and listed per
        // filière. Routing merges the two ascending lists.
        let n_nodes = n_sites + locations.len();
        let n_fil = filieres.len();
        let all_filieres: Vec<u32> = (0..ix32(n_fil)).collect();
        let rule_ref = |ri: usize, f: u32, r: &RuleData| {
            let (lo, hi) = r
                .level_bounds
                .iter()
                .find(|(bf, _, _)| *bf == f)
                .map_or((0, u8::MAX), |&(_, lo, hi)| (lo, hi));
            RuleRef {
                rule: ix32(ri),
                lo,
                hi,
                needs: RuleRef::needs_of(&r.when),
            }
        };
        let mut per_node: Vec<Vec<u32>> = vec![Vec::new(); n_nodes];
        let mut general: Vec<Vec<RuleRef>> = vec![Vec::new(); n_fil];
        for (ri, r) in rules.iter().enumerate() {
            let mut anchor = |node: usize| {
                let site = (node < n_sites).then_some(node);
                if let Some(list) = per_node.get_mut(node) {
                    if list.last() != Some(&ix32(ri))
                        && statically_matches(r, node, site, &sites, &site_groupings)
                    {
                        list.push(ix32(ri));
                    }
                }
            };
            if !r.origins.is_empty() {
                for &o in &r.origins {
                    anchor(o as usize);
                }
            } else if let Some(g) = r.member_of {
                for m in groupings
                    .get(g as usize)
                    .map_or(&[][..], |g| g.members.as_slice())
                {
                    anchor(m.site as usize);
                }
            } else {
                let fs = if r.filieres.is_empty() {
                    &all_filieres
                } else {
                    &r.filieres
                };
                for &f in fs {
                    if let Some(g) = general.get_mut(f as usize) {
                        g.push(rule_ref(ri, f, r));
                    }
                }
            }
        }
        let mut rule_offsets = Vec::with_capacity(n_nodes * n_fil + 1);
        let mut rule_lists = Vec::new();
        let mut buckets: Vec<Vec<RuleRef>> = vec![Vec::new(); n_fil];
        rule_offsets.push(0);
        for list in &per_node {
            for &ri in list {
                let Some(r) = rules.get(ri as usize) else {
                    continue;
                };
                let fs = if r.filieres.is_empty() {
                    &all_filieres
                } else {
                    &r.filieres
                };
                for &f in fs {
                    if let Some(b) = buckets.get_mut(f as usize) {
                        b.push(rule_ref(ri as usize, f, r));
                    }
                }
            }
            for b in &mut buckets {
                rule_lists.append(b);
                rule_offsets.push(ix32(rule_lists.len()));
            }
        }

        // Travel matrix.
        let mut travel = HashMap::default();
        let mut problems = Vec::new();
        for (i, t) in options.travel.iter().enumerate() {
            let from = site_ix
                .get(&t.from)
                .copied()
                .or_else(|| location_ix.get(&t.from).map(|&l| ix32(n_sites) + l));
            let to = site_ix.get(&t.to).copied();
            let bad = |v: Option<f64>| v.is_some_and(|v| !v.is_finite() || v < 0.0);
            match (from, to) {
                (None, _) => problems.push(compile_problem(
                    format!("/travel/{i}/from"),
                    format!("unknown origin `{}` in the travel matrix", t.from),
                    "travel origins are site or location ids of the network",
                )),
                (_, None) => problems.push(compile_problem(
                    format!("/travel/{i}/to"),
                    format!("unknown site `{}` in the travel matrix", t.to),
                    "travel destinations are site ids of the network",
                )),
                _ if bad(t.km) || bad(t.minutes) => problems.push(compile_problem(
                    format!("/travel/{i}"),
                    format!(
                        "travel from `{}` to `{}` is negative or not a number",
                        t.from, t.to
                    ),
                    "give non-negative km and minutes",
                )),
                (Some(f), Some(s)) => {
                    travel.insert((f, s), (t.km, t.minutes));
                }
            }
        }
        if !problems.is_empty() {
            return Err(Error::Load {
                file: "<travel matrix>".into(),
                problems,
            });
        }

        let mut known_flags: Vec<String> = filieres
            .iter()
            .flat_map(|f| f.flag_levels.iter().map(|(flag, _)| flag.clone()))
            .chain(rules.iter().flat_map(|r| r.when.flags.iter().cloned()))
            .collect();
        crate::order::sort(&mut known_flags);
        known_flags.dedup();
        let entry = crate::entry::EntryIndex::build(
            n,
            &crate::entry::Indexes {
                site_ix: &site_ix,
                grouping_ix: &grouping_ix,
                tele_ix: &tele_ix,
                filiere_ix: &filiere_ix,
            },
            options.communes.clone(),
        );
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
            site_ix,
            location_ix,
            locations,
            filieres,
            filiere_ix,
            cap_offsets,
            cap_entries,
            cap_quick,
            geo,
            site_hot,
            location_xyz,
            capable_geo,
            capable,
            groupings,
            grouping_ix,
            sg_offsets,
            sg_entries,
            rules,
            rule_hot,
            rule_offsets,
            rule_lists,
            general,
            teles,
            tele_ix,
            services,
            entry,
            travel,
            sources,
            known_flags,
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

    pub(crate) fn site(&self, s: SiteIx) -> Option<&SiteData> {
        self.sites.get(s as usize)
    }

    /// The groupings a site belongs to, with role and validity.
    #[inline]
    pub(crate) fn groupings_of(&self, s: SiteIx) -> &[SiteGrouping] {
        let (Some(&a), Some(&b)) = (
            self.sg_offsets.get(s as usize),
            self.sg_offsets.get(s as usize + 1),
        ) else {
            return &[];
        };
        self.sg_entries.get(a as usize..b as usize).unwrap_or(&[])
    }

    /// The anchored rules that may apply to an origin node and filière, in evaluation order.
    pub(crate) fn anchored_rules(&self, node: usize, filiere: u32) -> &[RuleRef] {
        let k = node * self.filieres.len() + filiere as usize;
        let (Some(&a), Some(&b)) = (self.rule_offsets.get(k), self.rule_offsets.get(k + 1)) else {
            return &[];
        };
        self.rule_lists.get(a as usize..b as usize).unwrap_or(&[])
    }

    /// The origin node an id names: a site (its index, and the site), or a location (the
    /// sites' count plus its index, and no site).
    #[inline]
    pub(crate) fn origin_node(&self, id: &str) -> Option<(usize, Option<SiteIx>)> {
        if let Some(&s) = self.site_ix.get(id) {
            return Some((s as usize, Some(s)));
        }
        let l = *self.location_ix.get(id)?;
        Some((self.sites.len() + l as usize, None))
    }

    /// The rank of a level of filière `f`, if it is one of its levels.
    #[inline]
    pub(crate) fn level_rank(&self, f: u32, level: &str) -> Option<usize> {
        self.filieres
            .get(f as usize)?
            .levels
            .iter()
            .position(|x| x == level)
    }

    /// Best capability level of a site in a filière at a date, if any.
    #[inline]
    pub(crate) fn capability(&self, s: SiteIx, f: u32, day: i32, planned: bool) -> Option<u8> {
        let k = f as usize * self.sites.len() + s as usize;
        match self.cap_quick.get(k) {
            None | Some(&CAP_NONE) => return None,
            Some(&level) if level < CAP_DATED => return Some(level),
            Some(_) => {}
        }
        let (Some(&a), Some(&b)) = (self.cap_offsets.get(k), self.cap_offsets.get(k + 1)) else {
            return None;
        };
        self.cap_entries
            .get(a as usize..b as usize)?
            .iter()
            .filter(|(_, span)| span.in_force(day, planned))
            .map(|(r, _)| *r)
            .max()
    }
}

/// Whether a rule can ever apply to an origin node, ignoring dates.
fn statically_matches(
    r: &RuleData,
    node: usize,
    site: Option<usize>,
    sites: &[SiteData],
    site_groupings: &[Vec<SiteGrouping>],
) -> bool {
    if !r.origins.is_empty() && r.origins.binary_search(&ix32(node)).is_err() {
        return false;
    }
    if !r.site_kinds.is_empty() {
        let Some(s) = site.and_then(|s| sites.get(s)) else {
            return false;
        };
        if !r.site_kinds.contains(&s.kind) {
            return false;
        }
    }
    if let Some(g) = r.member_of {
        let Some(list) = site.and_then(|s| site_groupings.get(s)) else {
            return false;
        };
        if !list
            .iter()
            .any(|m| m.grouping == g && (r.roles.is_empty() || r.roles.contains(&m.role)))
        {
            return false;
        }
    }
    true
}

struct Expand<'a, F: Fn(usize) -> Vec<SiteIx>> {
    direct: &'a [Vec<&'a crate::network::Membership>],
    grouping_ix: &'a HashMap<String, u32>,
    site_ix: &'a HashMap<String, SiteIx>,
    le_ix: &'a HashMap<&'a str, usize>,
    spans: Vec<Span>,
    sites_of_le: &'a F,
}

impl<F: Fn(usize) -> Vec<SiteIx>> Expand<'_, F> {
    /// Collects the member sites of grouping `g`. `outer_role` is the role the outermost
    /// membership gives (a nested grouping's members take its role in the outer grouping).
    fn expand(
        &self,
        g: u32,
        outer_role: Option<Role>,
        span: Span,
        stack: &mut Vec<u32>,
        out: &mut Vec<MemberSite>,
    ) {
        if stack.contains(&g) || stack.len() >= MAX_NESTING {
            return; // membership cycle or too deep: the checks report it
        }
        stack.push(g);
        for m in self.direct.get(g as usize).map_or(&[][..], Vec::as_slice) {
            let role = outer_role.unwrap_or(m.role);
            let mspan = span.and(Span::of(&m.validity));
            if let Some(&s) = self.site_ix.get(&m.member) {
                out.push(MemberSite {
                    site: s,
                    role,
                    span: mspan,
                });
            } else if let Some(&le) = self.le_ix.get(m.member.as_str()) {
                for s in (self.sites_of_le)(le) {
                    out.push(MemberSite {
                        site: s,
                        role,
                        span: mspan,
                    });
                }
            } else if let Some(&h) = self.grouping_ix.get(&m.member) {
                let inner = mspan.and(self.spans.get(h as usize).copied().unwrap_or(Span::ALWAYS));
                self.expand(h, Some(role), inner, stack, out);
            }
        }
        stack.pop();
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
