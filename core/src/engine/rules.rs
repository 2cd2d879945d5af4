//! Rules in evaluation order, with the lists routing reads: the rules anchored to each origin
//! node per filière, and the general rules per filière.

use super::filieres::Filieres;
use super::groupings::{Groupings, MemberSite};
use super::services::Services;
use super::sites::Sites;
use super::{HashMap, Span, ix32, rank8};
use crate::network::{Conditions, GroupingKind, Network, Role, SiteKind, Step, Strength, Target};

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

/// Rules in evaluation order and the lists of the rules that may apply to a case.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Rules {
    /// Rules in evaluation order: strength, priority (highest first), file order.
    pub list: Vec<RuleData>,
    /// The hot part of each rule, same indexes as `list`.
    pub hot: Vec<RuleHot>,
    /// Number of filières: origin node `n` and filière `f` are list `n * n_filieres + f`.
    n_filieres: usize,
    /// Rules anchored to an origin node (sites, then locations), per filière, ascending:
    /// CSR layout, node `n` and filière `f` at
    /// `lists[offsets[n * F + f]..offsets[n * F + f + 1]]`.
    offsets: Vec<u32>,
    lists: Vec<RuleRef>,
    /// Rules not anchored to any origin, per filière, ascending.
    pub general: Vec<Vec<RuleRef>>,
    /// Source id -> URL, for the rules' sources.
    pub sources: HashMap<String, String>,
    /// Every clinical flag that routing can look at (filières' flag levels and rules'
    /// conditions), sorted: a case's other flags cannot change its decision.
    pub known_flags: Vec<String>,
}

impl Rules {
    /// Compiles the rules of a network (targets resolved to sites where they can be), sorts
    /// them in evaluation order, and lists them per origin node and filière.
    pub fn build(
        n: &Network,
        sites: &Sites,
        filieres: &Filieres,
        groupings: &Groupings,
        services: &Services,
    ) -> Rules {
        let sources: HashMap<String, String> = n
            .sources
            .iter()
            .map(|s| (s.id.clone(), s.url.clone()))
            .collect();
        let mut list: Vec<RuleData> = n
            .rules
            .iter()
            .map(|r| compile_rule(r, sites, filieres, groupings, services, &sources))
            .collect();
        // Rules in evaluation order: strength, then priority (highest first), then file order
        // (the sort is stable). From here on a rule's index is its evaluation position.
        crate::order::sort_by_key(&mut list, |r| (r.strength, std::cmp::Reverse(r.priority)));
        let hot: Vec<RuleHot> = list.iter().map(RuleHot::of).collect();

        let lists = OriginLists::build(&list, sites, filieres.len(), groupings);
        let mut known_flags: Vec<String> = filieres
            .iter()
            .flat_map(|f| f.flag_levels.iter().map(|(flag, _)| flag.clone()))
            .chain(list.iter().flat_map(|r| r.when.flags.iter().cloned()))
            .collect();
        crate::order::sort(&mut known_flags);
        known_flags.dedup();
        Rules {
            list,
            hot,
            n_filieres: filieres.len(),
            offsets: lists.offsets,
            lists: lists.refs,
            general: lists.general,
            sources,
            known_flags,
        }
    }

    /// Number of rules.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// The rule at an evaluation position, as a slice's `get`.
    pub fn get(&self, r: usize) -> Option<&RuleData> {
        self.list.get(r)
    }

    /// The rules in evaluation order.
    pub fn iter(&self) -> std::slice::Iter<'_, RuleData> {
        self.list.iter()
    }

    /// The anchored rules that may apply to an origin node and filière, in evaluation order.
    pub fn anchored(&self, node: usize, filiere: u32) -> &[RuleRef] {
        let k = node * self.n_filieres + filiere as usize;
        let (Some(&a), Some(&b)) = (self.offsets.get(k), self.offsets.get(k + 1)) else {
            return &[];
        };
        self.lists.get(a as usize..b as usize).unwrap_or(&[])
    }
}

impl<'a> IntoIterator for &'a Rules {
    type Item = &'a RuleData;
    type IntoIter = std::slice::Iter<'a, RuleData>;
    fn into_iter(self) -> Self::IntoIter {
        self.list.iter()
    }
}

/// The rule lists of [`Rules`], before they are stored.
struct OriginLists {
    offsets: Vec<u32>,
    refs: Vec<RuleRef>,
    general: Vec<Vec<RuleRef>>,
}

impl OriginLists {
    /// Lists rules (in evaluation order) per origin node and filière.
    fn build(list: &[RuleData], sites: &Sites, n_fil: usize, groupings: &Groupings) -> OriginLists {
        let n_sites = sites.len();
        // Rules per origin node and filière. A rule anchored to origins or to a grouping is
        // listed under those origin nodes only; other rules are "general" and listed per
        // filière. Routing merges the two ascending lists.
        let n_nodes = n_sites + sites.locations.len();
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
        for (ri, r) in list.iter().enumerate() {
            let mut anchor = |node: usize| {
                let site = (node < n_sites).then_some(node);
                if let Some(l) = per_node.get_mut(node) {
                    if l.last() != Some(&ix32(ri))
                        && statically_matches(r, node, site, sites, groupings)
                    {
                        l.push(ix32(ri));
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
        let mut offsets = Vec::with_capacity(n_nodes * n_fil + 1);
        let mut lists = Vec::new();
        let mut buckets: Vec<Vec<RuleRef>> = vec![Vec::new(); n_fil];
        offsets.push(0);
        for node_rules in &per_node {
            for &ri in node_rules {
                let Some(r) = list.get(ri as usize) else {
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
                lists.append(b);
                offsets.push(ix32(lists.len()));
            }
        }
        OriginLists {
            offsets,
            refs: lists,
            general,
        }
    }
}

/// Compiles one rule: filières, level bounds, origins and target resolved to indexes.
fn compile_rule(
    r: &crate::network::Rule,
    sites: &Sites,
    filieres: &Filieres,
    groupings: &Groupings,
    services: &Services,
    sources: &HashMap<String, String>,
) -> RuleData {
    let rule_filieres: Vec<u32> = r
        .filieres
        .iter()
        .filter_map(|f| filieres.ix.get(f).copied())
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
    let target = match &r.target {
        Target::Site(s) => CTarget::Sites(
            sites
                .ix
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
            CTarget::Sites(groupings.members_with(grouping, Some(*role)))
        }
        Target::GroupingMembers(g) => CTarget::Sites(groupings.members_with(g, None)),
        Target::OriginGroupingRole { kind, role } => CTarget::OriginGroupingRole(*kind, *role),
        Target::AnyCapable => CTarget::AnyCapable,
        Target::TeleService(t) => CTarget::Tele(services.tele_ix.get(t).copied().unwrap_or(0)),
    };
    let mut origins: Vec<u32> = r
        .origin
        .origins
        .iter()
        .filter_map(|o| {
            sites
                .ix
                .get(o)
                .copied()
                .or_else(|| sites.location_ix.get(o).map(|&l| ix32(sites.len()) + l))
        })
        .collect();
    crate::order::sort(&mut origins);
    RuleData {
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
            .and_then(|g| groupings.ix.get(g).copied()),
        roles: r.origin.roles.clone(),
        origins,
        site_kinds: r.origin.site_kinds.clone(),
        when: r.when.clone(),
        level_bounds,
        target,
        max_km: r.max_distance_km,
        source_url: r.source.as_ref().and_then(|s| sources.get(s).cloned()),
    }
}

/// Whether a rule can ever apply to an origin node, ignoring dates.
fn statically_matches(
    r: &RuleData,
    node: usize,
    site: Option<usize>,
    sites: &Sites,
    groupings: &Groupings,
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
        let Some(s) = site else {
            return false;
        };
        if !groupings
            .of_site(ix32(s))
            .iter()
            .any(|m| m.grouping == g && (r.roles.is_empty() || r.roles.contains(&m.role)))
        {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::super::sites::LegalEntities;
    use super::*;

    fn build() -> Rules {
        let n = super::super::tests::network();
        let sites = Sites::build(&n);
        let entities = LegalEntities::build(&n, &sites);
        let filieres = Filieres::build(&n);
        let groupings = Groupings::build(&n, &sites, &entities, &filieres);
        let services = Services::build(&n, &sites, &entities, &groupings, &filieres);
        Rules::build(&n, &sites, &filieres, &groupings, &services)
    }

    fn ids(rules: &Rules, refs: &[RuleRef]) -> Vec<String> {
        refs.iter()
            .filter_map(|rr| rules.get(rr.rule as usize).map(|r| r.id.clone()))
            .collect()
    }

    #[test]
    fn rules_are_in_evaluation_order() {
        let rules = build();
        // Mandatory (priority 5 before 1), preferred, fallback.
        let order: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(order, vec!["r-tele", "r-b", "r-any", "r-fallback"]);
        assert_eq!(
            rules.hot.iter().map(|h| h.tele).collect::<Vec<_>>(),
            vec![true, false, false, false]
        );
        assert_eq!(
            rules.hot.iter().map(|h| h.plain).collect::<Vec<_>>(),
            vec![false, false, true, true]
        );
        assert_eq!(
            rules.get(1).and_then(|r| r.source_url.as_deref()),
            Some("https://example.org/src")
        );
        assert_eq!(rules.get(0).map(|r| &r.target), Some(&CTarget::Tele(0)));
        assert_eq!(rules.known_flags, vec!["polytrauma".to_owned()]);
    }

    #[test]
    fn rules_are_listed_under_the_origins_they_can_apply_to() {
        let rules = build();
        // Site b (node 0) is a hospital party of the GHT and a listed origin of r-b.
        assert_eq!(
            ids(&rules, rules.anchored(0, 0)),
            vec!["r-tele", "r-b", "r-fallback"]
        );
        // Site a (node 1) is the GHT's support, a CHU: only the fallback rule.
        assert_eq!(ids(&rules, rules.anchored(1, 0)), vec!["r-fallback"]);
        // Location l-c (node 3 + 2) is a listed origin of r-b.
        assert_eq!(ids(&rules, rules.anchored(5, 0)), vec!["r-b"]);
        // Rules of chir only are not listed for card.
        assert!(rules.anchored(0, 1).is_empty());
        assert!(rules.anchored(99, 0).is_empty());
        // r-any names no origin: general, in every filière.
        for f in 0..2 {
            let general = rules.general.get(f).map_or(&[][..], Vec::as_slice);
            assert_eq!(ids(&rules, general), vec!["r-any"]);
        }
        // r-b asks for "ref" or more, with flags and an age.
        let rb = rules.anchored(0, 0).get(1).copied();
        assert_eq!(rb.map(|r| (r.lo, r.hi)), Some((1, u8::MAX)));
        assert_eq!(
            rb.map(|r| r.needs),
            Some(RuleRef::NEEDS_FLAGS | RuleRef::NEEDS_AGE)
        );
    }
}
