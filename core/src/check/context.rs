//! Shared state of the checks: critical dates, look-ups into the compiled engine, and the
//! construction of counterexample cases.

use serde::Serialize;

use crate::check::Diagnostic;
use crate::date::Date;
use crate::engine::{CTarget, Engine, HashMap, RuleData, SiteIx, Span};
use crate::geo::chord_km;
use crate::network::{Conditions, LegalEntity, Network};
use crate::route::{Case, Outcome};

/// The date used when a network has no date at all (everything always holds).
const DEFAULT_DATE: (u16, u8, u8) = (2000, 1, 1);

/// What the checks share: the network (for ids and pointers), its engine (for indexes and
/// routing), the critical dates, and the diagnostics found so far.
pub(super) struct Checker<'a> {
    pub net: &'a Network,
    pub eng: &'a Engine,
    /// Critical days (days since 1970-01-01), ascending: one day before every bound, then every
    /// `from` and every `to` + 1 of the facts routing depends on.
    pub days: Vec<i32>,
    rule_pos: HashMap<&'a str, usize>,
    le_pos: HashMap<&'a str, usize>,
    provider_top: HashMap<(u32, i32, bool), Option<u8>>,
    out: Vec<Diagnostic>,
}

impl<'a> Checker<'a> {
    pub fn new(net: &'a Network, eng: &'a Engine) -> Self {
        Self {
            net,
            eng,
            days: critical_days(eng),
            rule_pos: net
                .rules
                .iter()
                .enumerate()
                .map(|(i, r)| (r.id.as_str(), i))
                .collect(),
            le_pos: net
                .legal_entities
                .iter()
                .enumerate()
                .map(|(i, e)| (e.id.as_str(), i))
                .collect(),
            provider_top: HashMap::default(),
            out: Vec::new(),
        }
    }

    pub fn emit(&mut self, d: Diagnostic) {
        self.out.push(d);
    }

    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.out
    }

    /// Critical days within a span's bounds (whatever its status).
    pub fn days_in(&self, span: Span) -> impl Iterator<Item = i32> + '_ {
        self.days
            .iter()
            .copied()
            .filter(move |&d| span.from <= d && d <= span.to)
    }

    pub fn n_sites(&self) -> usize {
        self.eng.sites.len()
    }

    pub fn site_id(&self, s: SiteIx) -> &'a str {
        self.eng.sites.site(s).map_or("?", |s| s.id.as_str())
    }

    pub fn site_in_force(&self, s: SiteIx, day: i32, planned: bool) -> bool {
        self.eng
            .sites
            .site(s)
            .is_some_and(|s| s.span.in_force(day, planned))
    }

    /// Id of an origin node: a site, or a location (indexes after the sites).
    pub fn node_id(&self, node: usize) -> Option<&'a str> {
        match node.checked_sub(self.n_sites()) {
            None => self.eng.sites.get(node).map(|s| s.id.as_str()),
            Some(l) => self.net.locations.get(l).map(|l| l.id.as_str()),
        }
    }

    pub fn node_site(&self, node: usize) -> Option<SiteIx> {
        (node < self.n_sites())
            .then(|| u32::try_from(node).ok())
            .flatten()
    }

    pub fn filiere_id(&self, f: u32) -> &'a str {
        self.eng
            .filieres
            .get(f as usize)
            .map_or("?", |f| f.id.as_str())
    }

    pub fn level_name(&self, f: u32, l: u8) -> &'a str {
        self.eng
            .filieres
            .get(f as usize)
            .and_then(|fd| fd.levels.get(l as usize))
            .map_or("?", String::as_str)
    }

    pub fn n_levels(&self, f: u32) -> u8 {
        self.eng
            .filieres
            .get(f as usize)
            .map_or(0, |fd| u8::try_from(fd.levels.len()).unwrap_or(u8::MAX))
    }

    pub fn n_filieres(&self) -> u32 {
        u32::try_from(self.eng.filieres.len()).unwrap_or(u32::MAX)
    }

    /// Position of a rule in the network file.
    pub fn rule_pointer(&self, r: &RuleData) -> String {
        self.rule_pos
            .get(r.id.as_str())
            .map_or_else(String::new, |i| format!("/rules/{i}"))
    }

    /// Position of a rule in the network file.
    pub fn rule_position(&self, r: &RuleData) -> Option<usize> {
        self.rule_pos.get(r.id.as_str()).copied()
    }

    /// Position of a legal entity in the network file.
    pub fn legal_entity_position(&self, id: &str) -> Option<usize> {
        self.le_pos.get(id).copied()
    }

    pub fn legal_entity_of(&self, s: SiteIx) -> Option<&'a LegalEntity> {
        let le = self.eng.sites.site(s)?.legal_entity;
        self.net.legal_entities.get(le)
    }

    /// The filières a rule lists, all of them when it lists none.
    pub fn rule_filieres(&self, r: &RuleData) -> Vec<u32> {
        if r.filieres.is_empty() {
            (0..self.n_filieres()).collect()
        } else {
            r.filieres.clone()
        }
    }

    /// The levels a rule can apply to in a filière: its level bounds, raised to the levels its
    /// flags imply (a case carrying `most_acute` needs at least `recours`). `None` when the rule
    /// never applies in the filière.
    pub fn level_range(&self, r: &RuleData, f: u32) -> Option<(u8, u8)> {
        if !r.filieres.is_empty() && !r.filieres.contains(&f) {
            return None;
        }
        let fd = self.eng.filieres.get(f as usize)?;
        let top = u8::try_from(fd.levels.len().checked_sub(1)?).unwrap_or(u8::MAX);
        let (mut lo, hi) = r
            .level_bounds
            .iter()
            .find(|b| b.0 == f)
            .map_or((0, top), |b| (b.1, b.2.min(top)));
        for flag in &r.when.flags {
            if let Some((_, rank)) = fd.flag_levels.iter().find(|(x, _)| x == flag) {
                lo = lo.max(*rank);
            }
        }
        (lo <= hi).then_some((lo, hi))
    }

    /// Whether the origin selector of a rule can ever hold for a node (dates aside).
    pub fn static_origin_ok(&self, r: &RuleData, node: usize) -> bool {
        let site = self.node_site(node);
        if !r.origins.is_empty()
            && r.origins
                .binary_search(&u32::try_from(node).unwrap_or(u32::MAX))
                .is_err()
        {
            return false;
        }
        if !r.site_kinds.is_empty()
            && !site
                .and_then(|s| self.eng.sites.site(s))
                .is_some_and(|s| r.site_kinds.contains(&s.kind))
        {
            return false;
        }
        if let Some(g) = r.member_of {
            return site.is_some_and(|s| {
                self.eng
                    .groupings
                    .of_site(s)
                    .iter()
                    .any(|m| m.grouping == g && (r.roles.is_empty() || r.roles.contains(&m.role)))
            });
        }
        true
    }

    /// Whether the origin selector of a rule holds for a node at a day (the origin site must be
    /// open too: a counterexample from a closed site would convince nobody).
    pub fn origin_applies(&self, r: &RuleData, node: usize, day: i32, planned: bool) -> bool {
        let site = self.node_site(node);
        if site.is_some_and(|s| !self.site_in_force(s, day, planned)) {
            return false;
        }
        if !self.static_origin_ok(r, node) {
            return false;
        }
        match (r.member_of, site) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(g), Some(s)) => self.eng.groupings.of_site(s).iter().any(|m| {
                m.grouping == g
                    && (r.roles.is_empty() || r.roles.contains(&m.role))
                    && m.span.in_force(day, planned)
            }),
        }
    }

    /// The origin nodes a rule can apply to (dates aside), in index order; for a rule anchored
    /// to no origin and no grouping, every site (locations and points match too, but sites are
    /// what counterexamples start from).
    pub fn origin_nodes(&self, r: &RuleData) -> Vec<usize> {
        let mut nodes: Vec<usize> = if !r.origins.is_empty() {
            r.origins.iter().map(|&o| o as usize).collect()
        } else if let Some(g) = r.member_of {
            self.eng
                .groupings
                .get(g as usize)
                .map_or(&[][..], |g| g.members.as_slice())
                .iter()
                .map(|m| m.site as usize)
                .collect()
        } else {
            (0..self.n_sites()).collect()
        };
        crate::order::sort(&mut nodes);
        nodes.dedup();
        nodes.retain(|&n| self.static_origin_ok(r, n));
        nodes
    }

    /// Whether a rule is anchored (to origins or a grouping) rather than general.
    pub fn anchored(r: &RuleData) -> bool {
        !r.origins.is_empty() || r.member_of.is_some()
    }

    /// Sites a rule targets for an origin at a day, open and with their membership in force,
    /// deduplicated. A tele-service target gives its provider.
    pub fn targets_at(
        &self,
        r: &RuleData,
        origin: Option<SiteIx>,
        f: u32,
        day: i32,
        planned: bool,
    ) -> Vec<SiteIx> {
        let mut out: Vec<SiteIx> = Vec::new();
        match &r.target {
            CTarget::Sites(list) => out.extend(
                list.iter()
                    .filter(|m| m.span.in_force(day, planned))
                    .map(|m| m.site),
            ),
            CTarget::OriginGroupingRole(kind, role) => {
                for sg in origin.map_or(&[][..], |s| self.eng.groupings.of_site(s)) {
                    let Some(g) = self.eng.groupings.get(sg.grouping as usize) else {
                        continue;
                    };
                    if g.kind != *kind || !sg.span.in_force(day, planned) {
                        continue;
                    }
                    out.extend(
                        g.members
                            .iter()
                            .filter(|m| {
                                m.role == *role && m.span.and(g.span).in_force(day, planned)
                            })
                            .map(|m| m.site),
                    );
                }
            }
            CTarget::AnyCapable => out.extend(
                self.eng
                    .capabilities
                    .capable
                    .get(f as usize)
                    .map_or(&[][..], Vec::as_slice)
                    .iter()
                    .copied()
                    .filter(|&s| self.eng.capabilities.level(s, f, day, planned).is_some()),
            ),
            CTarget::Tele(t) => {
                if let Some(tele) = self.eng.services.teles.get(*t as usize) {
                    if tele.span.in_force(day, planned) {
                        out.push(tele.provider);
                    }
                }
            }
        }
        out.retain(|&s| self.site_in_force(s, day, planned));
        crate::order::sort(&mut out);
        out.dedup();
        out
    }

    /// Whether a site holds level `l` or above in filière `f` at a day.
    pub fn holds(&self, s: SiteIx, f: u32, l: u8, day: i32, planned: bool) -> bool {
        self.eng
            .capabilities
            .level(s, f, day, planned)
            .is_some_and(|c| c >= l)
    }

    /// Highest level any open site holds in a filière at a day.
    pub fn provider_top(&mut self, f: u32, day: i32, planned: bool) -> Option<u8> {
        if let Some(top) = self.provider_top.get(&(f, day, planned)) {
            return *top;
        }
        let top = self
            .eng
            .capabilities
            .capable
            .get(f as usize)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter(|&&s| self.site_in_force(s, day, planned))
            .filter_map(|&s| self.eng.capabilities.level(s, f, day, planned))
            .max();
        self.provider_top.insert((f, day, planned), top);
        top
    }

    /// Distance from an origin node to a site, in km (travel matrix first, else the great-circle
    /// distance the router uses).
    pub fn km(&self, node: usize, site: SiteIx) -> f64 {
        if let Ok(n) = u32::try_from(node) {
            if let Some((Some(km), _)) = self.eng.travel.get(n, site) {
                return *km;
            }
        }
        let from = match node.checked_sub(self.n_sites()) {
            None => self.eng.sites.xyz.get(node),
            Some(l) => self.eng.sites.location_xyz.get(l),
        };
        match (from, self.eng.sites.xyz.get(site as usize)) {
            (Some(&a), Some(&b)) => chord_km(a, b),
            _ => f64::INFINITY,
        }
    }

    /// A case of filière `f` at level `l` from `node` on `day` meeting all the conditions given,
    /// or `None` when they cannot hold together (age ranges apart, opposite EHPAD residence…).
    pub fn case(
        &self,
        f: u32,
        l: u8,
        node: usize,
        day: i32,
        conditions: &[&Conditions],
        planned: bool,
    ) -> Option<Case> {
        let date = date_of(day)?;
        let origin = self.node_id(node)?;
        let mut case = Case::new(self.filiere_id(f), origin, date).level(self.level_name(f, l));
        case.include_planned = planned;
        let age_lo = conditions.iter().filter_map(|c| c.age_min).max();
        let age_hi = conditions.iter().filter_map(|c| c.age_max).min();
        if let (Some(lo), Some(hi)) = (age_lo, age_hi) {
            if lo > hi {
                return None;
            }
        }
        case.age = age_lo.or(age_hi);
        case.ehpad_resident = agree(conditions.iter().filter_map(|c| c.ehpad_resident))?;
        case.time_critical = agree(conditions.iter().filter_map(|c| c.time_critical))?;
        for c in conditions {
            for flag in &c.flags {
                if !case.flags.contains(flag) {
                    case.flags.push(flag.clone());
                }
            }
        }
        Some(case)
    }

    /// Whether routing the case finds a site.
    pub fn routes(&self, case: &Case) -> bool {
        self.eng.route(case).outcome == Outcome::Routed
    }
}

/// The common value of boolean conditions (false when none), `None` when they disagree.
fn agree(mut values: impl Iterator<Item = bool>) -> Option<bool> {
    let Some(first) = values.next() else {
        return Some(false);
    };
    values.all(|v| v == first).then_some(first)
}

/// Whether the case conditions of a rule hold for a case (as routing tests them).
pub(super) fn conditions_hold(w: &Conditions, case: &Case) -> bool {
    if w.age_min.is_some() || w.age_max.is_some() {
        match case.age {
            None => return false,
            Some(a) if w.age_min.is_some_and(|m| a < m) || w.age_max.is_some_and(|m| a > m) => {
                return false;
            }
            Some(_) => {}
        }
    }
    w.ehpad_resident.is_none_or(|e| e == case.ehpad_resident)
        && w.time_critical.is_none_or(|t| t == case.time_critical)
        && w.flags.iter().all(|f| case.flags.contains(f))
}

/// The critical days of a network: the bounds of its periods (every `from` and `to` + 1 of
/// its validities, [`crate::engine::Epochs`]: the days on which routing may change), and one day
/// before all of them.
fn critical_days(eng: &Engine) -> Vec<i32> {
    let bounds = eng.epochs.bounds();
    let default =
        Date::new(DEFAULT_DATE.0, DEFAULT_DATE.1, DEFAULT_DATE.2).map_or(0, Date::epoch_day);
    let first = bounds.first().copied().unwrap_or(default.saturating_add(1));
    let mut days = vec![first.saturating_sub(1)];
    days.extend_from_slice(bounds);
    days.retain(|&d| date_of(d).is_some());
    days
}

/// The date of a day number (days since 1970-01-01), if it is a [`Date`] (years 1000 to 9999).
pub(super) fn date_of(day: i32) -> Option<Date> {
    Date::from_epoch_day(day)
}

/// A day number written `YYYY-MM-DD` for messages; empty when it is not a [`Date`].
pub(super) fn day_str(day: i32) -> String {
    date_of(day).map(|d| d.to_string()).unwrap_or_default()
}

/// The snake_case name serde gives a value (a role, a status, a kind), for messages.
pub(super) fn name_of<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Ids in backticks, comma-separated.
pub(super) fn quoted<S: AsRef<str>>(ids: &[S]) -> String {
    ids.iter()
        .map(|i| format!("`{}`", i.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_to_dates() {
        for s in [
            "1970-01-01",
            "2016-07-01",
            "2000-02-29",
            "1000-01-01",
            "9999-12-31",
            "1969-12-31",
        ] {
            let d: Date = s.parse().unwrap();
            assert_eq!(date_of(d.epoch_day()), Some(d), "{s}");
        }
        let last: Date = "9999-12-31".parse().unwrap();
        assert_eq!(date_of(last.epoch_day() + 1), None);
    }

    #[test]
    fn boolean_conditions_must_agree() {
        assert_eq!(agree([].into_iter()), Some(false));
        assert_eq!(agree([true, true].into_iter()), Some(true));
        assert_eq!(agree([true, false].into_iter()), None);
    }
}
