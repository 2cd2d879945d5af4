//! A small reference router, written from the documented semantics of `parcours::route`
//! (module documentation, "Semantics"), and property tests comparing the engine with it on
//! random small networks (see `common/mod.rs`).
//!
//! The reference router works on the plain `parcours::Network` data with linear scans: no
//! index, no precomputation, no shared code with the engine except `Validity::in_force` and
//! `haversine_km` (the documented distance). It is slow and meant to be obviously correct.
//!
//! Where the documentation leaves a choice open, the reference follows what the engine does;
//! each such choice is marked `AMBIGUITY` below.
//!
//! `PROPTEST_CASES=100000 cargo test -p parcours --test reference_router --release` runs a
//! longer bug hunt.

use parcours_testkit::strategies as common;

use parcours::route::{MAX_ENTRIES, MAX_ESCALATION, haversine_km};
use parcours::{
    Case, Decision, Engine, Filiere, Network, Origin, Outcome, ReasonCode, Role, Rule, Site, Step,
    Strength, Target, TeleService, Validity,
};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// The reference router

/// What the reference router decides, and the engine's decision reduced to the same fields.
#[derive(Debug, Clone, PartialEq)]
struct Verdict {
    outcome: Outcome,
    target: Option<String>,
    step: Option<Step>,
    rule: Option<String>,
    tele_service: Option<String>,
    fallback_target: Option<String>,
    reason: Option<ReasonCode>,
    /// Level needed (after flags).
    level: Option<String>,
    /// Level the chosen site holds.
    target_level: Option<String>,
    distance_km: Option<f64>,
    /// Entry site of an origin that is not a site.
    entry: Option<String>,
    /// The person's commune.
    commune: Option<String>,
    /// The escalation path of the target (the explanation's `via`; empty from `Verdict::of`).
    via: Vec<String>,
}

impl Verdict {
    fn failed(outcome: Outcome, reason: ReasonCode, level: Option<String>) -> Self {
        Self {
            outcome,
            target: None,
            step: None,
            rule: None,
            tele_service: None,
            fallback_target: None,
            reason: Some(reason),
            level,
            target_level: None,
            distance_km: None,
            entry: None,
            commune: None,
            via: Vec::new(),
        }
    }

    fn of(d: &Decision<'_>) -> Self {
        Self {
            outcome: d.outcome,
            target: d.target.map(str::to_owned),
            step: d.step,
            rule: d.rule.map(str::to_owned),
            tele_service: d.tele_service.map(str::to_owned),
            fallback_target: d.fallback_target.map(str::to_owned),
            reason: d.reason,
            level: d.level.map(str::to_owned),
            target_level: d.target_level.map(str::to_owned),
            entry: d.entry.map(str::to_owned),
            commune: d.commune.map(str::to_owned),
            distance_km: d.distance_km,
            via: Vec::new(),
        }
    }
}

/// A resolved case, as seen from one origin (the patient's, or an escalation hop).
#[derive(Clone)]
struct Ctx<'a> {
    /// The person entered at a first-line site (`patient_site`): its own care is `first_line`.
    entered: bool,
    case: &'a Case,
    filiere: &'a Filiere,
    /// Rank of the level needed in the filière.
    level: usize,
    /// Site or location id whose rules apply (the hop during an escalation).
    node: Option<&'a str>,
    /// The origin site for rule selectors (the hop during an escalation).
    origin_site: Option<&'a Site>,
    /// The patient's origin site, if the case starts at a site.
    patient_site: Option<&'a Site>,
    /// The patient's coordinates, degrees: every distance is measured from here.
    at: (f64, f64),
    max_km: f64,
    /// Leave tele-service rules out (routing the physical transfer).
    no_tele: bool,
}

/// A choice of the router.
struct Chosen<'a> {
    site: &'a Site,
    km: f64,
    step: Step,
    rule: Option<&'a Rule>,
    tele: Option<&'a TeleService>,
    /// The sites escalated from to reach `site`, in order (the patient's origin left out).
    via: Vec<String>,
}

struct Reference<'a> {
    n: &'a Network,
}

impl<'a> Reference<'a> {
    fn in_force(v: &Validity, ctx: &Ctx<'_>) -> bool {
        v.in_force(ctx.case.date, ctx.case.include_planned)
    }

    fn site(&self, id: &str) -> Option<&'a Site> {
        self.n.sites.iter().find(|s| s.id == id)
    }

    fn coords(&self, location: &str) -> Option<(f64, f64)> {
        self.n
            .locations
            .iter()
            .find(|l| l.id == location)
            .map(|l| (l.lat, l.lon))
    }

    /// Great-circle distance from the patient to a site.
    fn km(&self, ctx: &Ctx<'_>, site: &Site) -> f64 {
        let (lat, lon) = self.coords(&site.location).unwrap();
        haversine_km(ctx.at.0, ctx.at.1, lat, lon)
    }

    fn rank(filiere: &Filiere, level: &str) -> Option<usize> {
        filiere.levels.iter().position(|l| l.id == level)
    }

    /// Best level (rank) among the site's capabilities in the case's filière in force.
    fn capability(&self, site: &Site, ctx: &Ctx<'_>) -> Option<usize> {
        self.n
            .capabilities
            .iter()
            .filter(|c| c.site == site.id && c.filiere == ctx.filiere.id)
            .filter(|c| Self::in_force(&c.validity, ctx))
            .filter_map(|c| Self::rank(ctx.filiere, &c.level))
            .max()
    }

    /// Member sites of a grouping at the case date, with their roles. A legal entity member
    /// stands for all its sites; a grouping member for its member sites, transitively, with the
    /// role of the outer membership. Every membership on the way and every grouping (the
    /// outer one included) must be in force.
    fn members(&self, grouping: &str, ctx: &Ctx<'_>) -> Vec<(&'a Site, Role)> {
        let mut out = Vec::new();
        let g = self.n.groupings.iter().find(|g| g.id == grouping);
        if g.is_some_and(|g| Self::in_force(&g.validity, ctx)) {
            self.expand(grouping, None, &mut Vec::new(), ctx, &mut out);
        }
        out
    }

    fn expand(
        &self,
        grouping: &str,
        outer_role: Option<Role>,
        path: &mut Vec<String>,
        ctx: &Ctx<'_>,
        out: &mut Vec<(&'a Site, Role)>,
    ) {
        // AMBIGUITY: with membership cycles, a grouping is not re-entered along one path
        // (memberships are followed along simple paths only).
        if path.iter().any(|p| p == grouping) {
            return;
        }
        path.push(grouping.to_owned());
        for m in self.n.memberships.iter().filter(|m| m.grouping == grouping) {
            if !Self::in_force(&m.validity, ctx) {
                continue;
            }
            let role = outer_role.unwrap_or(m.role);
            if let Some(site) = self.site(&m.member) {
                out.push((site, role));
            } else if self.n.legal_entities.iter().any(|e| e.id == m.member) {
                for site in self.n.sites.iter().filter(|s| s.legal_entity == m.member) {
                    out.push((site, role));
                }
            } else if let Some(inner) = self.n.groupings.iter().find(|g| g.id == m.member) {
                if Self::in_force(&inner.validity, ctx) {
                    self.expand(&inner.id, Some(role), path, ctx, out);
                }
            }
        }
        path.pop();
    }

    /// The sites a rule targets whose membership (if any) is in force, before qualification.
    /// Tele-service targets are handled apart.
    fn targets(&self, r: &Rule, ctx: &Ctx<'_>) -> Vec<&'a Site> {
        match &r.target {
            Target::Site(s) => self.site(s).into_iter().collect(),
            Target::GroupingRole { grouping, role } => self
                .members(grouping, ctx)
                .into_iter()
                .filter(|(_, r)| r == role)
                .map(|(s, _)| s)
                .collect(),
            Target::GroupingMembers(g) => {
                self.members(g, ctx).into_iter().map(|(s, _)| s).collect()
            }
            Target::OriginGroupingRole { kind, role } => {
                let Some(origin) = ctx.origin_site else {
                    return Vec::new();
                };
                let mut out = Vec::new();
                for g in self.n.groupings.iter().filter(|g| g.kind == *kind) {
                    let members = self.members(&g.id, ctx);
                    if members.iter().any(|(s, _)| s.id == origin.id) {
                        out.extend(members.iter().filter(|(_, r)| r == role).map(|(s, _)| *s));
                    }
                }
                out
            }
            Target::AnyCapable => self.n.sites.iter().collect(),
            _ => Vec::new(),
        }
    }

    /// The distance to a site when it qualifies: it exists, is not excluded, holds the level
    /// needed, and is within the case's and the rule's limits.
    fn qualifies(&self, site: &Site, rule_km: Option<f64>, ctx: &Ctx<'_>) -> Option<f64> {
        if !Self::in_force(&site.validity, ctx)
            || ctx.case.exclude.contains(&site.id)
            || self.capability(site, ctx).is_none_or(|l| l < ctx.level)
        {
            return None;
        }
        let km = self.km(ctx, site);
        (km <= ctx.max_km && rule_km.is_none_or(|m| km <= m)).then_some(km)
    }

    /// The nearest qualifying target of a rule; at equal distance the patient's origin site
    /// first, then the smaller site id (byte order).
    fn best(&self, r: &Rule, ctx: &Ctx<'_>) -> Option<(&'a Site, f64)> {
        let first = ctx.patient_site;
        let rank = |site: &Site, km: f64| {
            let not_origin = first.is_none_or(|o| o.id != site.id);
            (km, not_origin, site.id.as_bytes().to_vec())
        };
        let mut best: Option<(&'a Site, f64)> = None;
        for site in self.targets(r, ctx) {
            if let Some(km) = self.qualifies(site, r.max_distance_km, ctx) {
                if best.is_none_or(|(b, bkm)| rank(site, km) < rank(b, bkm)) {
                    best = Some((site, km));
                }
            }
        }
        best
    }

    /// Whether a rule applies to the case from the context's origin.
    fn applies(&self, r: &Rule, ctx: &Ctx<'_>) -> bool {
        if ctx.no_tele && matches!(r.target, Target::TeleService(_)) {
            return false;
        }
        if !Self::in_force(&r.validity, ctx)
            || !(r.filieres.is_empty() || r.filieres.contains(&ctx.filiere.id))
        {
            return false;
        }
        let sel = &r.origin;
        if let Some(g) = &sel.member_of {
            let member = ctx.origin_site.is_some_and(|o| {
                self.members(g, ctx).iter().any(|(s, role)| {
                    s.id == o.id && (sel.roles.is_empty() || sel.roles.contains(role))
                })
            });
            if !member {
                return false;
            }
        }
        if !sel.site_kinds.is_empty()
            && !ctx
                .origin_site
                .is_some_and(|o| sel.site_kinds.contains(&o.kind))
        {
            return false;
        }
        if !sel.origins.is_empty() && !ctx.node.is_some_and(|n| sel.origins.iter().any(|o| o == n))
        {
            return false;
        }
        let w = &r.when;
        let level_ok = |bound: &Option<String>, ok: fn(usize, usize) -> bool| {
            bound
                .as_ref()
                .is_none_or(|b| Self::rank(ctx.filiere, b).is_some_and(|rank| ok(ctx.level, rank)))
        };
        if !level_ok(&w.level_at_least, |need, b| need >= b)
            || !level_ok(&w.level_at_most, |need, b| need <= b)
        {
            return false;
        }
        if w.age_min.is_some() || w.age_max.is_some() {
            let Some(age) = ctx.case.age else {
                return false;
            };
            if w.age_min.is_some_and(|m| age < m) || w.age_max.is_some_and(|m| age > m) {
                return false;
            }
        }
        w.ehpad_resident
            .is_none_or(|e| e == ctx.case.ehpad_resident)
            && w.time_critical.is_none_or(|t| t == ctx.case.time_critical)
            && w.flags.iter().all(|f| ctx.case.flags.contains(f))
    }

    /// Rules in evaluation order: strength (mandatory, preferred, fallback), then priority
    /// descending, then file order.
    fn ordered(&self) -> Vec<&'a Rule> {
        let mut rules: Vec<&Rule> = self.n.rules.iter().collect();
        rules.sort_by_key(|r| (r.strength, std::cmp::Reverse(r.priority))); // stable
        rules
    }

    /// The step shown for a target a rule chose.
    fn step_for(site: &Site, rule_step: Step, ctx: &Ctx<'_>) -> Step {
        if ctx.patient_site.is_some_and(|o| o.id == site.id) {
            own_step(ctx)
        } else {
            rule_step
        }
    }

    /// The decision order; returns the choice and whether any rule applied.
    fn decide(&self, ctx: &Ctx<'a>) -> (Option<Chosen<'a>>, bool) {
        let rules = self.ordered();
        let mut any_rule = false;
        for r in rules.iter().filter(|r| r.strength == Strength::Mandatory) {
            if self.applies(r, ctx) {
                any_rule = true;
                if let Some(c) = self.apply(r, ctx) {
                    return (Some(c), any_rule);
                }
            }
        }
        if let Some(choice) = ctx
            .case
            .preferred_site
            .as_deref()
            .and_then(|p| self.site(p))
        {
            if let Some(km) = self.qualifies(choice, None, ctx) {
                let c = Chosen {
                    site: choice,
                    km,
                    step: Step::PatientChoice,
                    rule: None,
                    tele: None,
                    via: Vec::new(),
                };
                return (Some(c), any_rule);
            }
        }
        if let Some(origin) = ctx.origin_site {
            if let Some(km) = self.qualifies(origin, None, ctx) {
                let c = Chosen {
                    site: origin,
                    km,
                    step: own_step(ctx),
                    rule: None,
                    tele: None,
                    via: Vec::new(),
                };
                return (Some(c), any_rule);
            }
        }
        for r in rules.iter().filter(|r| r.strength != Strength::Mandatory) {
            if self.applies(r, ctx) {
                any_rule = true;
                if let Some(c) = self.apply(r, ctx) {
                    return (Some(c), any_rule);
                }
            }
        }
        (None, any_rule)
    }

    /// An applicable rule's choice: its tele-service, its nearest qualifying target, or what
    /// escalation from its targets finds (recourse rules).
    fn apply(&self, r: &'a Rule, ctx: &Ctx<'a>) -> Option<Chosen<'a>> {
        if let Target::TeleService(t) = &r.target {
            return self.tele(r, t, ctx);
        }
        if let Some((site, km)) = self.best(r, ctx) {
            return Some(Chosen {
                site,
                km,
                step: Self::step_for(site, r.step, ctx),
                rule: Some(r),
                tele: None,
                via: Vec::new(),
            });
        }
        // AMBIGUITY: a tele-service rule never escalates, whatever its step.
        if r.step == Step::Recourse {
            let mut path: Vec<&str> = ctx
                .patient_site
                .map(|s| s.id.as_str())
                .into_iter()
                .collect();
            return self.escalate(r, ctx, &mut path, 1);
        }
        None
    }

    fn tele(&self, r: &'a Rule, id: &str, ctx: &Ctx<'a>) -> Option<Chosen<'a>> {
        let t = self.n.tele_services.iter().find(|t| t.id == id)?;
        let serves = t.filieres.is_empty() || t.filieres.contains(&ctx.filiere.id);
        // AMBIGUITY: a requester site or legal entity counts whatever the site's validity; a
        // requester grouping counts its member sites at the date.
        let may_request = t.national
            || ctx.origin_site.is_some_and(|o| {
                t.requesters.iter().any(|req| {
                    *req == o.id
                        || *req == o.legal_entity
                        || self.members(req, ctx).iter().any(|(s, _)| s.id == o.id)
                })
            });
        if !(Self::in_force(&t.validity, ctx) && serves && may_request) {
            return None;
        }
        // AMBIGUITY: the provider is chosen as is: not checked for validity, capability,
        // exclusion or distance; the step stays `tele_service` even when it is the origin.
        let site = self.site(&t.provider)?;
        Some(Chosen {
            site,
            km: self.km(ctx, site),
            step: Step::TeleService,
            rule: Some(r),
            tele: Some(t),
            via: Vec::new(),
        })
    }

    /// Escalation from the targets of recourse rule `r` (none of which qualified).
    fn escalate(
        &self,
        r: &Rule,
        ctx: &Ctx<'a>,
        path: &mut Vec<&'a str>,
        depth: usize,
    ) -> Option<Chosen<'a>> {
        if depth > MAX_ESCALATION {
            return None;
        }
        // AMBIGUITY: hops are the targets whose membership is in force (whatever the site's own
        // validity, exclusion or level); `any_capable` and tele-service targets give no hop.
        if matches!(r.target, Target::AnyCapable) {
            return None;
        }
        // AMBIGUITY: "never visiting a site twice" holds along one escalation path (the
        // patient's origin and the hops above this one); a site tried on an abandoned branch
        // may be tried again on another. At most the 8 nearest hops (then by id) are tried.
        let mut hops: Vec<(f64, &'a Site)> = Vec::new();
        for site in self.targets(r, ctx) {
            if !path.contains(&site.id.as_str()) && !hops.iter().any(|(_, h)| h.id == site.id) {
                hops.push((self.km(ctx, site), site));
            }
        }
        hops.sort_by(|a, b| {
            a.0.total_cmp(&b.0)
                .then(a.1.id.as_bytes().cmp(b.1.id.as_bytes()))
        });
        hops.truncate(8);
        let rules = self.ordered();
        for (_, hop) in hops {
            path.push(&hop.id);
            let hop_ctx = Ctx {
                node: Some(&hop.id),
                origin_site: Some(hop),
                ..ctx.clone()
            };
            // AMBIGUITY: recourse rules of any strength, in evaluation order; a hop's rule that
            // finds no target escalates further before the hop's next rule is tried (depth
            // first). The targets of escalation rules may be sites already visited.
            for next in &rules {
                if next.step != Step::Recourse || !self.applies(next, &hop_ctx) {
                    continue;
                }
                if let Some((site, km)) = self.best(next, &hop_ctx) {
                    return Some(Chosen {
                        site,
                        km,
                        step: Self::step_for(site, Step::Recourse, ctx),
                        rule: Some(next),
                        tele: None,
                        // The path holds the patient's origin site first, when there is one.
                        via: path
                            .iter()
                            .skip(usize::from(ctx.patient_site.is_some()))
                            .map(|s| (*s).to_owned())
                            .collect(),
                    });
                }
                if let Some(c) = self.escalate(next, &hop_ctx, path, depth + 1) {
                    return Some(c);
                }
            }
            path.pop();
        }
        None
    }

    /// Entry sites: an origin that is not a site, and that no rule of the filière names (only
    /// rules without site conditions can name a location), enters at the nearest site working
    /// in the filière at the date, ties to the smaller id; rules apply from there. When that
    /// gives no route, the next nearest are tried, up to `MAX_ENTRIES` in all.
    /// Whether a rule of the case's filière names the location `loc` as an origin.
    fn named(&self, case: &Case, loc: &str) -> bool {
        self.n.rules.iter().any(|r| {
            (r.filieres.is_empty() || r.filieres.contains(&case.filiere))
                && r.origin.origins.iter().any(|o| o == loc)
                && r.origin.member_of.is_none()
                && r.origin.site_kinds.is_empty()
        })
    }

    fn entries(
        &self,
        case: &'a Case,
        filiere: &'a Filiere,
        node: Option<&'a str>,
        at: (f64, f64),
    ) -> Vec<&'a Site> {
        let named = |loc: &str| {
            self.n.rules.iter().any(|r| {
                (r.filieres.is_empty() || r.filieres.contains(&case.filiere))
                    && r.origin.origins.iter().any(|o| o == loc)
                    && r.origin.member_of.is_none()
                    && r.origin.site_kinds.is_empty()
            })
        };
        if node.is_some_and(named) {
            return Vec::new();
        }
        let probe = Ctx {
            case,
            filiere,
            level: 0,
            node,
            origin_site: None,
            patient_site: None,
            at,
            max_km: f64::INFINITY,
            no_tele: false,
            entered: false,
        };
        let mut all: Vec<(f64, &Site)> = self
            .n
            .sites
            .iter()
            .filter(|s| Self::in_force(&s.validity, &probe))
            .filter(|s| self.capability(s, &probe).is_some())
            .map(|s| (self.km(&probe, s), s))
            .collect();
        all.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.id.cmp(&b.1.id)));
        // No territory in these networks: the entry policy alone decides; without one, nobody
        // enters.
        let Some(policy) = &self.n.entry else {
            return Vec::new();
        };
        let max = policy.max_distance_km.unwrap_or(f64::INFINITY);
        all.into_iter()
            .take_while(|(km, _)| *km <= max)
            .take(MAX_ENTRIES)
            .map(|(_, s)| s)
            .collect()
    }

    fn route(&self, case: &'a Case) -> Verdict {
        let Some(filiere) = self.n.filieres.iter().find(|f| f.id == case.filiere) else {
            return Verdict::failed(Outcome::Invalid, ReasonCode::UnknownFiliere, None);
        };
        let mut level = match &case.level {
            None => 0,
            Some(l) => match Self::rank(filiere, l) {
                Some(r) => r,
                None => return Verdict::failed(Outcome::Invalid, ReasonCode::UnknownLevel, None),
            },
        };
        // A flag no filière maps to a level and no rule requires is a mistake, not a no-op.
        let known = |flag: &String| {
            self.n
                .filieres
                .iter()
                .any(|f| f.flag_levels.contains_key(flag))
                || self.n.rules.iter().any(|r| r.when.flags.contains(flag))
        };
        if !case.flags.iter().all(known) {
            return Verdict::failed(Outcome::Invalid, ReasonCode::UnknownFlag, None);
        }
        for flag in &case.flags {
            if let Some(l) = filiere.flag_levels.get(flag) {
                level = level.max(Self::rank(filiere, l).unwrap());
            }
        }
        let (node, origin_site, at) = match &case.origin {
            Origin::Id(id) => {
                if let Some(site) = self.site(id) {
                    (
                        Some(id.as_str()),
                        Some(site),
                        self.coords(&site.location).unwrap(),
                    )
                } else if let Some(at) = self.coords(id) {
                    (Some(id.as_str()), None, at)
                } else {
                    return Verdict::failed(Outcome::Invalid, ReasonCode::UnknownOrigin, None);
                }
            }
            Origin::Point { lat, lon } => {
                if !(lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0)
                {
                    return Verdict::failed(Outcome::Invalid, ReasonCode::InvalidCoordinates, None);
                }
                (None, None, (*lat, *lon))
            }
            Origin::Commune { .. } | Origin::PostalCode { .. } | Origin::Finess { .. } => {
                unreachable!("the random cases have no such origin")
            }
        };
        // AMBIGUITY: an infinite limit is invalid too ("not a number" read as "not finite").
        let max_km = match case.max_distance_km {
            None => f64::INFINITY,
            Some(km) if km.is_finite() && km >= 0.0 => km,
            Some(_) => return Verdict::failed(Outcome::Invalid, ReasonCode::InvalidDistance, None),
        };
        let level_name = Some(filiere.levels[level].id.clone());
        let needs_entry = origin_site.is_none() && !node.is_some_and(|n| self.named(case, n));
        let entries = match origin_site {
            Some(_) => Vec::new(),
            None => self.entries(case, filiere, node, at),
        };
        let outside = needs_entry && entries.is_empty();
        // A location's INSEE code is the person's commune.
        let commune = node
            .filter(|_| origin_site.is_none())
            .and_then(|n| self.n.locations.iter().find(|l| l.id == n))
            .and_then(|l| l.insee.clone());
        let verdict = self.route_from(
            case,
            filiere,
            level,
            node,
            origin_site,
            at,
            max_km,
            &entries,
            outside,
            true,
            level_name.clone(),
        );
        Verdict { commune, ..verdict }
    }

    /// The national tele-services in force serving the filière, by id.
    fn national_teles(&self, case: &Case, filiere: &Filiere) -> Vec<&'a TeleService> {
        let mut teles: Vec<&TeleService> = self
            .n
            .tele_services
            .iter()
            .filter(|t| t.national)
            .filter(|t| t.validity.in_force(case.date, case.include_planned))
            .filter(|t| t.filieres.is_empty() || t.filieres.contains(&filiere.id))
            .collect();
        teles.sort_by(|a, b| a.id.cmp(&b.id));
        teles
    }

    #[allow(clippy::too_many_arguments)]
    fn route_from(
        &self,
        case: &'a Case,
        filiere: &'a Filiere,
        level: usize,
        node: Option<&'a str>,
        origin_site: Option<&'a Site>,
        at: (f64, f64),
        max_km: f64,
        entries: &[&'a Site],
        outside: bool,
        tele: bool,
        level_name: Option<String>,
    ) -> Verdict {
        // A person (entered, or outside every territory) is offered the national tele-services
        // of the filière first, the physical transfer routed as without them.
        if tele && (!entries.is_empty() || outside) {
            if let Some(t) = self.national_teles(case, filiere).first() {
                let physical = self.route_from(
                    case,
                    filiere,
                    level,
                    node,
                    origin_site,
                    at,
                    max_km,
                    entries,
                    outside,
                    false,
                    level_name.clone(),
                );
                let provider = self.site(&t.provider).unwrap();
                let km = {
                    let (lat, lon) = self.coords(&provider.location).unwrap();
                    haversine_km(at.0, at.1, lat, lon)
                };
                let held = self
                    .n
                    .capabilities
                    .iter()
                    .filter(|c| c.site == provider.id && c.filiere == filiere.id)
                    .filter(|c| c.validity.in_force(case.date, case.include_planned))
                    .filter_map(|c| Self::rank(filiere, &c.level))
                    .max();
                return Verdict {
                    outcome: Outcome::Routed,
                    target: Some(provider.id.clone()),
                    step: Some(Step::TeleService),
                    rule: None,
                    tele_service: Some(t.id.clone()),
                    fallback_target: physical
                        .target
                        .clone()
                        .filter(|_| physical.outcome == Outcome::Routed),
                    reason: None,
                    level: level_name,
                    target_level: held.map(|l| filiere.levels[l].id.clone()),
                    distance_km: Some(km),
                    entry: physical.entry.clone(),
                    commune: None,
                    via: Vec::new(),
                };
            }
        }
        let entries = entries.to_vec();
        let starts: Vec<Option<&Site>> = if entries.is_empty() {
            vec![origin_site]
        } else {
            entries.iter().copied().map(Some).collect()
        };
        let mut first = None;
        for start in starts {
            let ctx = Ctx {
                case,
                filiere,
                level,
                node: start.map_or(node, |s| Some(s.id.as_str())),
                origin_site: start,
                patient_site: start,
                at,
                max_km,
                // The physical transfer behind a tele-service leaves tele-service rules out.
                no_tele: !tele,
                entered: !entries.is_empty(),
            };
            let entry = start.filter(|_| !entries.is_empty()).map(|s| s.id.clone());
            let (chosen, any_rule) = self.decide(&ctx);
            match chosen {
                Some(c) => return self.verdict(&ctx, &c, level_name, entry),
                None => {
                    first.get_or_insert((any_rule, entry));
                }
            }
        }
        let (any_rule, entry) = first.unwrap_or((false, None));
        let reason = if outside {
            ReasonCode::OutsideTerritory
        } else if any_rule {
            ReasonCode::NoQualifyingTarget
        } else {
            ReasonCode::NoApplicableRule
        };
        Verdict {
            entry,
            ..Verdict::failed(Outcome::NoRoute, reason, level_name)
        }
    }

    fn verdict(
        &self,
        ctx: &Ctx<'a>,
        c: &Chosen<'a>,
        level_name: Option<String>,
        entry: Option<String>,
    ) -> Verdict {
        let (filiere, level) = (ctx.filiere, ctx.level);
        let held = self.capability(c.site, ctx);
        // AMBIGUITY: a tele-service provider without the capability "holds" the level needed.
        let target_level = held
            .or(c.tele.map(|_| level))
            .map(|l| filiere.levels[l].id.clone());
        let fallback_target = c.tele.and_then(|_| {
            let physical = Ctx {
                no_tele: true,
                ..ctx.clone()
            };
            self.decide(&physical).0.map(|f| f.site.id.clone())
        });
        Verdict {
            outcome: Outcome::Routed,
            target: Some(c.site.id.clone()),
            step: Some(c.step),
            rule: c.rule.map(|r| r.id.clone()),
            tele_service: c.tele.map(|t| t.id.clone()),
            fallback_target,
            reason: None,
            level: level_name,
            target_level,
            distance_km: Some(c.km),
            entry,
            commune: None,
            via: c.via.clone(),
        }
    }
}

impl<'a> Reference<'a> {
    /// Whether a recourse rule (rule `only`, when given) applies to the case from the node
    /// `from` (a site, a location named by rules, or none for a place outside the network) and
    /// targets the site `to`: one step of an escalation path, checked on the network data alone.
    fn recourse_step(
        &self,
        case: &'a Case,
        from: Option<&'a str>,
        to: &str,
        only: Option<&str>,
    ) -> bool {
        let filiere = self
            .n
            .filieres
            .iter()
            .find(|f| f.id == case.filiere)
            .unwrap();
        let mut level = case
            .level
            .as_deref()
            .map_or(0, |l| Self::rank(filiere, l).unwrap());
        for flag in &case.flags {
            if let Some(l) = filiere.flag_levels.get(flag) {
                level = level.max(Self::rank(filiere, l).unwrap());
            }
        }
        let ctx = Ctx {
            entered: false,
            case,
            filiere,
            level,
            node: from,
            origin_site: from.and_then(|f| self.site(f)),
            patient_site: None,
            at: (0.0, 0.0),
            max_km: f64::INFINITY,
            no_tele: false,
        };
        self.n.rules.iter().any(|r| {
            r.step == Step::Recourse
                && only.is_none_or(|o| o == r.id)
                && self.applies(r, &ctx)
                && self.targets(r, &ctx).iter().any(|s| s.id == to)
        })
    }
}

/// The step of care at the origin itself.
fn own_step(ctx: &Ctx<'_>) -> Step {
    if ctx.entered {
        Step::FirstLine
    } else {
        Step::Local
    }
}

// ---------------------------------------------------------------------------------------------
// Properties

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap()
}

/// `cases` test cases in optimised builds, an eighth of them in debug builds (the default
/// `cargo test` of the test command, where they would take a minute), or `PROPTEST_CASES` when
/// set (for long bug hunts).
fn config(cases: u32) -> ProptestConfig {
    let default = if cfg!(debug_assertions) {
        (cases / 8).max(64)
    } else {
        cases
    };
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        cases,
        max_shrink_iters: 20_000,
        ..ProptestConfig::default()
    }
}

fn compile(n: &Network) -> Engine {
    n.validate().unwrap();
    Engine::compile(n).unwrap()
}

/// Fails on the first case where the engine and the reference disagree, with a reproduction.
fn disagreements(n: &Network, engine: &Engine, cases: &[Case]) -> Result<(), TestCaseError> {
    let reference = Reference { n };
    for case in cases {
        let expected = Verdict {
            via: Vec::new(),
            ..reference.route(case)
        };
        let got = Verdict::of(&engine.route(case));
        prop_assert_eq!(
            &got,
            &expected,
            "engine (left) and reference (right) disagree\nnetwork: {}\ncase: {}",
            json(n),
            json(case)
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(4096))]

    /// The engine decides exactly as the reference router on random networks.
    #[test]
    fn engine_agrees_with_reference((n, cases) in common::network_and_cases(common::network(), 12)) {
        let engine = compile(&n);
        disagreements(&n, &engine, &cases)?;
    }

    /// Same on networks made of recourse rules from site to site: escalation chains and cycles.
    #[test]
    fn engine_agrees_with_reference_on_escalations(
        (n, cases) in common::network_and_cases(common::escalation_network(), 12)
    ) {
        let engine = compile(&n);
        disagreements(&n, &engine, &cases)?;
    }

    /// Same on long escalation chains (deeper than `MAX_ESCALATION`), with cycles and branches.
    #[test]
    fn engine_agrees_with_reference_on_chains(
        (n, cases) in common::network_and_cases(common::chain_network(), 12)
    ) {
        let engine = compile(&n);
        disagreements(&n, &engine, &cases)?;
    }
}

/// The explanation's `via` is the reference's escalation path of the target, and a path on
/// the network's own data: from the case's origin (or entry site) each hop is a target of a
/// recourse rule that applies at the step before, the last hop's recourse rule (the decision's)
/// targets the chosen site, no site twice, none of them listed among the dead ends.
fn paths_lead_to_the_target(
    n: &Network,
    engine: &Engine,
    cases: &[Case],
) -> Result<(), TestCaseError> {
    let reference = Reference { n };
    for case in cases {
        let e = engine.route_explained(case);
        let expected = reference.route(case);
        let msg = || {
            format!(
                "network: {}\ncase: {}\nexplanation:\n{e}",
                json(n),
                json(case)
            )
        };
        prop_assert_eq!(
            &e.via,
            &expected.via,
            "via (left) against the reference (right)\n{}",
            msg()
        );
        for (i, hop) in e.via.iter().enumerate() {
            prop_assert!(!e.via[..i].contains(hop), "`{hop}` twice in via\n{}", msg());
            prop_assert!(
                !e.dead_ends.contains(hop),
                "`{hop}` in via and dead ends\n{}",
                msg()
            );
        }
        for (i, hop) in e.dead_ends.iter().enumerate() {
            prop_assert!(
                !e.dead_ends[..i].contains(hop),
                "`{hop}` twice in dead ends\n{}",
                msg()
            );
        }
        let (Some(last), Some(target)) = (e.via.last(), e.decision.target) else {
            prop_assert!(e.via.is_empty(), "a path without a target\n{}", msg());
            continue;
        };
        let origin = match &case.origin {
            Origin::Id(id) => Some(id.as_str()),
            _ => None,
        };
        let start = e.decision.entry.or(origin);
        let mut from = start;
        for hop in &e.via {
            prop_assert!(
                reference.recourse_step(case, from, hop, None),
                "no recourse rule from `{from:?}` targets `{hop}`\n{}",
                msg()
            );
            from = Some(hop);
        }
        prop_assert!(
            reference.recourse_step(case, Some(last), target, e.decision.rule),
            "the decision's rule does not lead from `{last}` to `{target}`\n{}",
            msg()
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(1024))]

    /// Escalation paths, on random networks, escalation networks and long chains.
    #[test]
    fn escalation_paths_lead_to_the_target(
        (n, cases) in common::network_and_cases(common::network(), 12)
    ) {
        paths_lead_to_the_target(&n, &compile(&n), &cases)?;
    }

    #[test]
    fn escalation_paths_lead_to_the_target_on_escalations(
        (n, cases) in common::network_and_cases(common::escalation_network(), 12)
    ) {
        paths_lead_to_the_target(&n, &compile(&n), &cases)?;
    }

    #[test]
    fn escalation_paths_lead_to_the_target_on_chains(
        (n, cases) in common::network_and_cases(common::chain_network(), 12)
    ) {
        paths_lead_to_the_target(&n, &compile(&n), &cases)?;
    }
}

proptest! {
    #![proptest_config(config(1024))]

    /// A routed target (other than a tele-service provider) exists at the date, holds the level
    /// needed in the filière at the date, is not excluded and is within the case's limit.
    #[test]
    fn routed_targets_qualify((n, cases) in common::network_and_cases(common::network(), 12)) {
        let engine = compile(&n);
        for case in &cases {
            let d = engine.route(case);
            if d.outcome != Outcome::Routed || d.step == Some(Step::TeleService) {
                continue;
            }
            let ctx_msg = || format!("network: {}\ncase: {}\ndecision: {d:?}", json(&n), json(case));
            let target = d.target.unwrap();
            let site = n.sites.iter().find(|s| s.id == target).unwrap();
            prop_assert!(site.validity.in_force(case.date, case.include_planned), "site not in force\n{}", ctx_msg());
            prop_assert!(!case.exclude.contains(&site.id), "excluded target\n{}", ctx_msg());
            let filiere = n.filieres.iter().find(|f| f.id == case.filiere).unwrap();
            let rank = |l: &str| filiere.levels.iter().position(|x| x.id == l).unwrap();
            let mut needed = case.level.as_deref().map_or(0, rank);
            for flag in &case.flags {
                if let Some(l) = filiere.flag_levels.get(flag) {
                    needed = needed.max(rank(l));
                }
            }
            let held = n.capabilities.iter()
                .filter(|c| c.site == site.id && c.filiere == filiere.id)
                .filter(|c| c.validity.in_force(case.date, case.include_planned))
                .map(|c| rank(&c.level))
                .max();
            prop_assert!(held.is_some_and(|h| h >= needed), "level too low\n{}", ctx_msg());
            let at = match &case.origin {
                Origin::Point { lat, lon } => (*lat, *lon),
                Origin::Commune { .. } | Origin::PostalCode { .. } | Origin::Finess { .. } => unreachable!(),
                Origin::Id(id) => {
                    let loc = n.sites.iter().find(|s| &s.id == id).map_or(id.as_str(), |s| s.location.as_str());
                    let l = n.locations.iter().find(|l| l.id == loc).unwrap();
                    (l.lat, l.lon)
                }
            };
            let l = n.locations.iter().find(|l| l.id == site.location).unwrap();
            let km = haversine_km(at.0, at.1, l.lat, l.lon);
            prop_assert!(case.max_distance_km.is_none_or(|m| km <= m), "too far\n{}", ctx_msg());
            prop_assert_eq!(d.distance_km, Some(km), "distance\n{}", ctx_msg());
        }
    }

    /// Routing is deterministic: twice the same case gives the same decision, and routing a batch
    /// on 3 threads gives the decisions of routing each case in turn.
    #[test]
    fn routing_is_deterministic((n, cases) in common::network_and_cases(common::network(), 12)) {
        let engine = compile(&n);
        let first: Vec<Decision<'_>> = cases.iter().map(|c| engine.route(c)).collect();
        let second: Vec<Decision<'_>> = cases.iter().map(|c| engine.route(c)).collect();
        prop_assert_eq!(&first, &second);
        prop_assert_eq!(&engine.route_batch_parallel(&cases, 3), &first);
        prop_assert_eq!(&engine.route_batch(&cases), &first);
    }

    /// A memo gives the decisions of `route`: for repeated cases, for variants that must share
    /// a decision (flags in another order, another case id: the decision echoes each its own),
    /// and when its capacity forces it to start afresh.
    #[test]
    fn memo_gives_the_decisions_of_route(
        (n, cases) in common::network_and_cases(common::network(), 12)
    ) {
        let engine = compile(&n);
        let variants: Vec<Case> = cases.iter().map(|c| {
            let mut v = c.clone();
            v.flags.reverse();
            v.id = Some("another id".into());
            v
        }).collect();
        // Near neighbours: a case with one field of the next case, so that a memo missing a
        // field in its key would answer with the other's decision.
        let mut neighbours: Vec<Case> = Vec::new();
        for (i, c) in cases.iter().enumerate() {
            let o = &cases[(i + 1) % cases.len()];
            let with = |f: &dyn Fn(&mut Case)| { let mut v = c.clone(); f(&mut v); v };
            neighbours.extend([
                with(&|v| v.date = o.date),
                with(&|v| v.level.clone_from(&o.level)),
                with(&|v| v.origin = o.origin.clone()),
                with(&|v| v.age = o.age),
                with(&|v| v.ehpad_resident = !v.ehpad_resident),
                with(&|v| v.time_critical = !v.time_critical),
                with(&|v| v.include_planned = !v.include_planned),
                with(&|v| v.flags.clone_from(&o.flags)),
                with(&|v| v.max_distance_km = o.max_distance_km),
                with(&|v| v.filiere.clone_from(&o.filiere)),
            ]);
        }
        let all: Vec<&Case> = cases.iter().chain(&variants).chain(&neighbours)
            .chain(cases.iter().rev()).collect();
        for capacity in [0, 3, parcours::batch::DEFAULT_MEMO_CAPACITY] {
            let mut memo = parcours::Memo::with_capacity(&engine, capacity);
            for &case in &all {
                prop_assert_eq!(memo.route(case), engine.route(case), "case: {}", json(case));
            }
            let s = memo.stats();
            prop_assert_eq!(s.hits + s.misses + s.uncached, all.len() as u64);
        }
        prop_assert_eq!(engine.route_batch(&[cases.clone(), cases.clone()].concat()),
            cases.iter().chain(&cases).map(|c| engine.route(c)).collect::<Vec<_>>());
    }

    /// Days of one period (between two days on which a validity of the network starts or
    /// ends, every validity found by walking the network's JSON) route alike: what lets the
    /// memo key a case by its period rather than its day. The first and last day of the case's
    /// period, and the day in the middle, give the case's decision; a memo given all of them
    /// and the days just outside the period gives `route`'s decision for each.
    #[test]
    fn days_of_a_period_route_alike(
        (n, cases) in common::network_and_cases(common::network(), 12)
    ) {
        fn bounds(v: &serde_json::Value, out: &mut Vec<i32>) {
            match v {
                serde_json::Value::Object(map) => {
                    for (k, x) in map {
                        if k == "validity" {
                            let v: Validity = serde_json::from_value(x.clone()).unwrap();
                            out.extend(v.from.map(parcours::Date::epoch_day));
                            out.extend(v.to.map(|d| d.epoch_day() + 1));
                        }
                        bounds(x, out);
                    }
                }
                serde_json::Value::Array(items) => items.iter().for_each(|x| bounds(x, out)),
                _ => {}
            }
        }
        let engine = compile(&n);
        let mut all = Vec::new();
        bounds(&serde_json::to_value(&n).unwrap(), &mut all);
        all.sort_unstable();
        all.dedup();
        let mut memo = parcours::Memo::new(&engine);
        for case in &cases {
            let day = case.date.epoch_day();
            let k = all.partition_point(|&b| b <= day);
            let lo = if k == 0 { day - 800 } else { all[k - 1] };
            let hi = if k == all.len() { day + 800 } else { all[k] - 1 };
            let on = |d: i32| {
                parcours::Date::from_epoch_day(d).map(|date| Case { date, ..case.clone() })
            };
            let decision = engine.route(case);
            for same in [lo, (lo + hi) / 2, hi].into_iter().filter_map(on) {
                prop_assert_eq!(engine.route(&same), decision.clone(),
                    "case: {}\nsame period: {}", json(case), same.date);
                prop_assert_eq!(memo.route(&same), decision.clone(), "memo, {}", same.date);
            }
            for outside in [lo - 1, hi + 1].into_iter().filter_map(on) {
                prop_assert_eq!(memo.route(&outside), engine.route(&outside),
                    "case: {}\nother period: {}", json(case), outside.date);
            }
        }
    }

    /// Explaining a decision does not change it.
    #[test]
    fn explained_decision_is_the_decision(
        (n, cases) in common::network_and_cases(common::network(), 12)
    ) {
        let engine = compile(&n);
        for case in &cases {
            let explained = engine.route_explained(case);
            prop_assert_eq!(&explained.decision, &engine.route(case), "case: {}", json(case));
        }
    }

    /// Nothing panics, escalation cycles included: routing, explaining and displaying.
    #[test]
    fn nothing_panics((n, cases) in common::network_and_cases(common::escalation_network(), 12)) {
        let engine = compile(&n);
        for case in &cases {
            let d = engine.route(case);
            let e = engine.route_explained(case);
            let _ = (d.to_string(), e.to_string(), json(&d), json(&e));
        }
        let _ = engine.route_batch_parallel(&cases, 3);
    }
}

/// The generators produce networks that validate and round-trip through JSON.
#[test]
fn generated_networks_are_valid() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    for strategy in [
        common::network().boxed(),
        common::escalation_network().boxed(),
        common::chain_network().boxed(),
    ] {
        for _ in 0..200 {
            let n = strategy.new_tree(&mut runner).unwrap().current();
            if let Err(e) = n.validate() {
                panic!(
                    "invalid generated network: {e}\n{:#?}\n{}",
                    e.problems(),
                    json(&n)
                );
            }
            let back = Network::from_json_str(&json(&n)).unwrap();
            assert_eq!(back, n);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Regressions: escalations that come back to the patient's origin (found by the properties)

/// The engine's decision (with its explanation's `via`) and the documented one.
fn route_one(network: &str, case: &str) -> (Verdict, Verdict) {
    let n = Network::from_json_str(network).unwrap();
    let case: Case = serde_json::from_str(case).unwrap();
    let engine = compile(&n);
    let e = engine.route_explained(&case);
    let got = Verdict {
        via: e.via.iter().map(|s| (*s).to_owned()).collect(),
        ..Verdict::of(&e.decision)
    };
    let documented = Reference { n: &n }.route(&case);
    (got, documented)
}

const TWO_SITES: &str = r#"{"id": "repro", "name": "Repro",
  "locations": [{"id": "loc-0", "name": "Place 0", "lat": 47.0, "lon": 5.0}],
  "legal_entities": [{"id": "le-0", "name": "Entity 0", "legal_status": "public"}],
  "sites": [
    {"id": "site-b", "name": "Site B", "legal_entity": "le-0", "kind": "chu", "location": "loc-0"},
    {"id": "site-a", "name": "Site A", "legal_entity": "le-0", "kind": "chu", "location": "loc-0"},
    {"id": "Site-c", "name": "Site C", "legal_entity": "le-0", "kind": "chu", "location": "loc-0"}
  ],
  "filieres": [{"id": "f0", "name": "F0", "levels": [{"id": "a"}, {"id": "b"}]}],
  "capabilities": [CAPS],
  "rules": [RULES]
}"#;

/// The origin `site-b` handles `f0`; mandatory recourse `r-0` sends it to `site-a`, which cannot;
/// escalating from `site-a`, recourse rule `r-1` comes back to `site-b`. The rule chose the
/// origin itself, so the step should be `local`; the engine says `recourse`.
#[test]
fn escalation_back_to_the_origin_is_local() {
    let network = TWO_SITES
        .replace("CAPS", r#"{"site": "site-b", "filiere": "f0", "level": "b"}"#)
        .replace(
            "RULES",
            r#"{"id": "r-0", "target": {"site": "site-a"}, "strength": "mandatory", "step": "recourse"},
               {"id": "r-1", "target": {"site": "site-b"}, "strength": "mandatory", "step": "recourse"}"#,
        );
    let (got, documented) = route_one(
        &network,
        r#"{"filiere": "f0", "origin": "site-b", "date": "2020-01-01"}"#,
    );
    assert_eq!(documented.target.as_deref(), Some("site-b"));
    assert_eq!(documented.rule.as_deref(), Some("r-1"));
    assert_eq!(documented.step, Some(Step::Local));
    assert_eq!(got, documented);
}

/// All three sites share a place. The origin `site-a` and `Site-c` handle `f0`; mandatory
/// recourse `r-0` sends to `site-b`, which cannot; escalating from `site-b`, `r-1` (any capable
/// site) finds `site-a` and `Site-c` at 0 km. At equal distance the origin itself comes first:
/// `site-a`, step `local`. The engine prefers the hop `site-b` as "origin" (not a candidate),
/// then byte order, and chooses `Site-c`.
#[test]
fn escalation_ties_prefer_the_patients_origin() {
    let network = TWO_SITES
        .replace(
            "CAPS",
            r#"{"site": "Site-c", "filiere": "f0", "level": "a"},
               {"site": "site-a", "filiere": "f0", "level": "a"}"#,
        )
        .replace(
            "RULES",
            r#"{"id": "r-0", "target": {"site": "site-b"}, "strength": "mandatory", "step": "recourse"},
               {"id": "r-1", "target": "any_capable", "strength": "preferred", "step": "recourse"}"#,
        );
    let (got, documented) = route_one(
        &network,
        r#"{"filiere": "f0", "origin": "site-a", "date": "2020-01-01"}"#,
    );
    assert_eq!(documented.target.as_deref(), Some("site-a"));
    assert_eq!(documented.rule.as_deref(), Some("r-1"));
    assert_eq!(documented.step, Some(Step::Local));
    assert_eq!(got, documented);
}
