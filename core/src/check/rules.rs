//! Checks between rules and of rule targets: `P010` (conflicts), `P011` (shadowed rules),
//! `P012` and `P013` (targets not in force during the rule's validity).
//!
//! * **Conflicts**: the engine tries mandatory rules by priority, then file order. Two
//!   mandatory rules of equal priority that apply to one case and name different targets are
//!   decided by file order alone, which nobody reading the rules would guess. Candidate pairs are
//!   taken from the engine's per-origin rule lists (equal-priority mandatory rules are adjacent
//!   there), then a critical date, a level and case conditions satisfying both are searched.
//! * **Shadowed rules**: rule `B` is shadowed by an earlier rule `A` when `A` applies to every
//!   case `B` applies to (filières, levels, dates, origins and conditions all at least as wide)
//!   and always has a qualifying target there (at every level, critical date and origin of `B`,
//!   ignoring cases that exclude sites or limit distances). The counterexample, routed, confirms
//!   it: it is reported only when the engine does not decide it by `B`.
//! * **Targets**: a site, a grouping role, a grouping's members or a tele-service that is not in
//!   force at a critical date where the rule is.

use crate::messages::{Arg, text};
use std::collections::HashSet;

use crate::check::context::{Checker, date_of, day_str, name_of};
use crate::check::{Diagnostic, codes};
use crate::engine::{CTarget, RuleData};
use crate::network::{Strength, Target};
use crate::route::Outcome;

pub(super) fn run(c: &mut Checker<'_>) {
    conflicts(c);
    shadowed(c);
    targets(c);
}

// ---------------------------------------------------------------------------------------------
// P010

fn conflicts(c: &mut Checker<'_>) {
    let n_nodes = c.n_sites() + c.eng.sites.locations.len();
    let mut seen: HashSet<(u32, u32)> = HashSet::new();
    let mut never: HashSet<(u32, u32)> = HashSet::new();
    for f in 0..c.n_filieres() {
        let general: Vec<u32> = c
            .eng
            .rules
            .general
            .get(f as usize)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .map(|rr| rr.rule)
            .filter(|&ri| is_mandatory(c, ri))
            .collect();
        for node in 0..n_nodes {
            let mut list: Vec<u32> = c
                .eng
                .rules
                .anchored(node, f)
                .iter()
                .map(|rr| rr.rule)
                .filter(|&ri| is_mandatory(c, ri))
                .chain(general.iter().copied())
                .collect();
            if list.len() < 2 {
                continue;
            }
            crate::order::sort(&mut list);
            list.dedup();
            for (i, &a) in list.iter().enumerate() {
                for &b in list.iter().skip(i + 1) {
                    let (Some(ra), Some(rb)) =
                        (c.eng.rules.get(a as usize), c.eng.rules.get(b as usize))
                    else {
                        continue;
                    };
                    if ra.priority != rb.priority {
                        break; // sorted by priority: no later rule has a's priority
                    }
                    if seen.contains(&(a, b)) || never.contains(&(a, b)) {
                        continue;
                    }
                    if !targets_may_differ(ra, rb) {
                        never.insert((a, b));
                        continue;
                    }
                    if let Some(diag) = conflict_at(c, ra, rb, f, node) {
                        seen.insert((a, b));
                        c.emit(diag);
                    }
                }
            }
        }
    }
}

fn is_mandatory(c: &Checker<'_>, ri: u32) -> bool {
    c.eng
        .rules
        .hot
        .get(ri as usize)
        .is_some_and(|h| h.strength == Strength::Mandatory)
}

/// False when the two targets are the same whatever the origin.
fn targets_may_differ(a: &RuleData, b: &RuleData) -> bool {
    match (&a.target, &b.target) {
        (CTarget::Sites(x), CTarget::Sites(y)) => {
            let mut x: Vec<u32> = x.iter().map(|m| m.site).collect();
            let mut y: Vec<u32> = y.iter().map(|m| m.site).collect();
            crate::order::sort(&mut x);
            x.dedup();
            crate::order::sort(&mut y);
            y.dedup();
            x != y
        }
        (CTarget::AnyCapable, CTarget::AnyCapable) => false,
        (CTarget::Tele(x), CTarget::Tele(y)) => x != y,
        (CTarget::OriginGroupingRole(k1, r1), CTarget::OriginGroupingRole(k2, r2)) => {
            k1 != k2 || r1 != r2
        }
        _ => true,
    }
}

/// The conflict of `a` and `b` at an origin node and filière, with a case, if there is one.
fn conflict_at(
    c: &Checker<'_>,
    a: &RuleData,
    b: &RuleData,
    f: u32,
    node: usize,
) -> Option<Diagnostic> {
    let (alo, ahi) = c.level_range(a, f)?;
    let (blo, bhi) = c.level_range(b, f)?;
    let (lo, hi) = (alo.max(blo), ahi.min(bhi));
    if lo > hi {
        return None;
    }
    let planned = a.span.planned || b.span.planned;
    let site = c.node_site(node);
    let day = c.days.iter().copied().find(|&d| {
        a.span.in_force(d, planned)
            && b.span.in_force(d, planned)
            && c.origin_applies(a, node, d, planned)
            && c.origin_applies(b, node, d, planned)
            && {
                let (ta, tb) = (
                    c.targets_at(a, site, f, d, planned),
                    c.targets_at(b, site, f, d, planned),
                );
                !ta.is_empty() && !tb.is_empty() && ta != tb
            }
    })?;
    let case = c.case(f, lo, node, day, &[&a.when, &b.when], planned)?;
    let winner = c.eng.route(&case);
    let decided = match (winner.outcome, winner.rule) {
        (Outcome::Routed, Some(r)) => Arg::Text(text!(ConflictPicks, r)),
        _ => Arg::Plain(String::new()),
    };
    Some(
        Diagnostic::tr(
            codes::CONFLICT,
            c.rule_pointer(b),
            text!(Conflict, &a.id, &b.id),
        )
        .entities([a.id.as_str(), b.id.as_str()])
        .help(text!(ConflictHelp, a.priority.to_string(), decided))
        .counterexample(Some(case)),
    )
}

// ---------------------------------------------------------------------------------------------
// P011

fn shadowed(c: &mut Checker<'_>) {
    for bi in 0..c.eng.rules.len() {
        let Some(b) = c.eng.rules.get(bi) else {
            continue;
        };
        let filieres = c.rule_filieres(b);
        let Some(&f0) = filieres.first() else {
            continue;
        };
        // Origins of b: an anchored rule's own, else every site (kinds permitting).
        let origins = c.origin_nodes(b);
        let candidates: Vec<u32> = if Checker::anchored(b) {
            let Some(&n0) = origins.first() else {
                continue;
            };
            c.eng
                .rules
                .anchored(n0, f0)
                .iter()
                .chain(
                    c.eng
                        .rules
                        .general
                        .get(f0 as usize)
                        .map_or(&[][..], Vec::as_slice),
                )
                .map(|rr| rr.rule)
                .filter(|&a| (a as usize) < bi)
                .collect()
        } else {
            c.eng
                .rules
                .general
                .get(f0 as usize)
                .map_or(&[][..], Vec::as_slice)
                .iter()
                .map(|rr| rr.rule)
                .filter(|&a| (a as usize) < bi)
                .collect()
        };
        for ai in candidates {
            let Some(a) = c.eng.rules.get(ai as usize) else {
                continue;
            };
            if !covers(c, a, b, &filieres) {
                continue;
            }
            if let Some(diag) = always_wins(c, a, b, &filieres, &origins) {
                c.emit(diag);
                break;
            }
        }
    }
}

/// Whether `a` applies to every case `b` applies to (targets aside).
fn covers(c: &Checker<'_>, a: &RuleData, b: &RuleData, filieres: &[u32]) -> bool {
    if matches!(a.target, CTarget::Tele(_)) {
        return false;
    }
    if !(a.filieres.is_empty()
        || (!b.filieres.is_empty() && b.filieres.iter().all(|f| a.filieres.contains(f))))
    {
        return false;
    }
    if (a.span.planned && !b.span.planned) || a.span.from > b.span.from || a.span.to < b.span.to {
        return false;
    }
    // Origin selector of a at least as wide as b's.
    let member_ok = match (a.member_of, b.member_of) {
        (None, _) => true,
        (Some(x), Some(y)) => {
            x == y
                && (a.roles.is_empty()
                    || (!b.roles.is_empty() && b.roles.iter().all(|r| a.roles.contains(r))))
        }
        (Some(_), None) => false,
    };
    let origins_ok = a.origins.is_empty()
        || (!b.origins.is_empty() && b.origins.iter().all(|o| a.origins.contains(o)));
    let kinds_ok = a.site_kinds.is_empty()
        || (!b.site_kinds.is_empty() && b.site_kinds.iter().all(|k| a.site_kinds.contains(k)));
    if !(member_ok && origins_ok && kinds_ok) {
        return false;
    }
    // Conditions of a implied by b's.
    let (wa, wb) = (&a.when, &b.when);
    let conditions_ok = wa
        .age_min
        .is_none_or(|m| wb.age_min.is_some_and(|n| n >= m))
        && wa
            .age_max
            .is_none_or(|m| wb.age_max.is_some_and(|n| n <= m))
        && wa
            .ehpad_resident
            .is_none_or(|e| wb.ehpad_resident == Some(e))
        && wa.time_critical.is_none_or(|t| wb.time_critical == Some(t))
        && wa.flags.iter().all(|f| wb.flags.contains(f));
    if !conditions_ok {
        return false;
    }
    // Levels: wherever b applies, a does.
    filieres.iter().all(|&f| match c.level_range(b, f) {
        None => true,
        Some((blo, bhi)) => c
            .level_range(a, f)
            .is_some_and(|(alo, ahi)| alo <= blo && bhi <= ahi),
    })
}

/// Whether `a` has a qualifying target at every (filière, level, date, origin) where `b`
/// applies; the diagnostic when so, with a case of `b` that the engine decides otherwise.
fn always_wins(
    c: &Checker<'_>,
    a: &RuleData,
    b: &RuleData,
    filieres: &[u32],
    origins: &[usize],
) -> Option<Diagnostic> {
    let planned = b.span.planned;
    let anchored = Checker::anchored(b);
    if !anchored && (a.max_km.is_some() || matches!(a.target, CTarget::OriginGroupingRole(..))) {
        return None; // b applies to any point: a's target would depend on it
    }
    let mut example = None;
    for &f in filieres {
        let Some((lo, hi)) = c.level_range(b, f) else {
            continue;
        };
        for d in c.days_in(b.span) {
            for &node in origins {
                if !c.origin_applies(b, node, d, planned) {
                    continue;
                }
                let site = c.node_site(node);
                let targets = c.targets_at(a, site, f, d, planned);
                for l in lo..=hi {
                    let ok = targets.iter().any(|&t| {
                        c.holds(t, f, l, d, planned) && a.max_km.is_none_or(|m| c.km(node, t) <= m)
                    });
                    if !ok {
                        return None;
                    }
                }
                if example.is_none() {
                    example = Some((f, lo, node, d));
                }
                if !anchored {
                    break; // the target does not depend on the origin
                }
            }
        }
    }
    let (f, l, node, d) = example?;
    let case = c.case(f, l, node, d, &[&b.when], planned)?;
    let decision = c.eng.route(&case);
    if decision.outcome != Outcome::Routed || decision.rule == Some(b.id.as_str()) {
        return None;
    }
    let date = day_str(d);
    Some(
        Diagnostic::tr(
            codes::SHADOWED,
            c.rule_pointer(b),
            text!(Shadowed, &b.id, &a.id),
        )
        .entities([b.id.as_str(), a.id.as_str()])
        .help(text!(ShadowedHelp, &b.id, &a.id, &date))
        .counterexample(Some(case)),
    )
}

// ---------------------------------------------------------------------------------------------
// P012, P013

fn targets(c: &mut Checker<'_>) {
    for r in &c.eng.rules {
        let Some(i) = c.rule_position(r) else {
            continue;
        };
        let Some(rule) = c.net.rules.get(i) else {
            continue;
        };
        let planned = r.span.planned;
        let what = match &rule.target {
            Target::Site(s) => text!(TargetSite, s),
            Target::GroupingRole { grouping, role } => {
                text!(TargetRole, name_of(role), grouping)
            }
            Target::GroupingMembers(g) => text!(TargetMembers, g),
            Target::TeleService(t) => text!(TargetTele, t),
            _ => continue,
        };
        let days: Vec<i32> = c.days_in(r.span).collect();
        let available = |d: i32| target_in_force(c, r, d, planned);
        let Some(&missing) = days.iter().find(|&&d| !available(d)) else {
            continue;
        };
        let first_ok = days.iter().copied().find(|&d| available(d));
        let open_start = rule.validity.from.is_none();
        let later_all_ok = first_ok.is_some_and(|ok| days.iter().all(|&d| d < ok || available(d)));
        let pointer = format!("/rules/{i}/target");
        let missing_date = day_str(missing);
        let diag = if open_start && later_all_ok {
            let from = first_ok
                .and_then(date_of)
                .map(|d| d.to_string())
                .unwrap_or_default();
            Diagnostic::tr(
                codes::TARGET_STARTS_LATER,
                pointer,
                text!(StartsLater, &rule.id, what, &from),
            )
            .entities([rule.id.as_str()])
            .help(text!(StartsLaterHelp, &from))
        } else {
            let message = if first_ok.is_none() {
                text!(DanglingNever, &rule.id, what)
            } else {
                text!(DanglingAt, &rule.id, what, &missing_date)
            };
            Diagnostic::tr(codes::DANGLING_TARGET, pointer, message)
                .entities([rule.id.as_str()])
                .help(text!(DanglingHelp))
        };
        // A case on a day the target is missing: the first such day for an error, the last one
        // before the target starts for a late start (the closest to the fix).
        let mut missing_days = days.iter().copied().filter(|&d| !available(d));
        let case = if open_start && later_all_ok {
            missing_days.rev().find_map(|d| example(c, r, d, planned))
        } else {
            missing_days.find_map(|d| example(c, r, d, planned))
        };
        c.emit(diag.counterexample(case));
    }
}

fn target_in_force(c: &Checker<'_>, r: &RuleData, d: i32, planned: bool) -> bool {
    let open = |s: u32| c.site_in_force(s, d, planned);
    match &r.target {
        CTarget::Sites(list) => list
            .iter()
            .any(|m| m.span.in_force(d, planned) && open(m.site)),
        CTarget::Tele(t) => c
            .eng
            .services
            .teles
            .get(*t as usize)
            .is_some_and(|t| t.span.in_force(d, planned) && open(t.provider)),
        CTarget::OriginGroupingRole(..) | CTarget::AnyCapable => true,
    }
}

/// A case the rule applies to at day `d`: its first origin open then, its lowest level.
fn example(c: &Checker<'_>, r: &RuleData, d: i32, planned: bool) -> Option<crate::route::Case> {
    let f = c
        .rule_filieres(r)
        .into_iter()
        .find(|&f| c.level_range(r, f).is_some())?;
    let (lo, _) = c.level_range(r, f)?;
    let node = c
        .origin_nodes(r)
        .into_iter()
        .find(|&n| c.origin_applies(r, n, d, planned))?;
    c.case(f, lo, node, d, &[&r.when], planned)
}
