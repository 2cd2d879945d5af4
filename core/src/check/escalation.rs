//! Escalation along recourse rules: `P003` (cycles) and `P004` (chains that never reach the
//! level needed).
//!
//! Routing escalates when a recourse rule applies but none of its targets holds the level: it
//! tries the recourse rules that apply to those targets as origins, up to
//! [`MAX_ESCALATION`] steps, never visiting a site twice. The recourse graph of a filière has an
//! edge from every site a recourse rule applies to, to every site the rule targets for it.
//!
//! * A cycle (`A` → `B` → `A`) in force at one date and level is `P003`; the graph is first
//!   peeled of the sites with no incoming or no outgoing edge, so that acyclic networks (the
//!   usual case: every recourse goes up to a CHU) cost one linear pass per filière.
//! * For every recourse rule, level and critical date where the rule applies to some origin and
//!   has targets in force, none of which holds the level, the chain is followed breadth-first
//!   along the recourse rules that apply to the case; reaching no site with the level within
//!   [`MAX_ESCALATION`] steps is `P004`, once per rule. Distance limits are left out, so a
//!   reported chain fails whatever the distances.

use crate::messages::text;
use std::collections::HashSet;

use crate::check::context::{Checker, conditions_hold, day_str, quoted};
use crate::check::{Diagnostic, codes};
use crate::engine::{CTarget, RuleData, SiteIx, Span};
use crate::network::Step;
use crate::route::{Case, MAX_ESCALATION};

pub(super) fn run(c: &mut Checker<'_>) {
    cycles(c);
    dead_chains(c);
}

/// An edge of the recourse graph: rule `rule` applies to `from` and targets `to` while `span`
/// (the target's membership, and for origin-grouping targets the origin's) is in force.
#[derive(Clone, Copy)]
struct Edge {
    from: SiteIx,
    to: SiteIx,
    rule: u32,
    span: Span,
}

fn is_recourse(r: &RuleData) -> bool {
    r.step == Step::Recourse
        && matches!(
            r.target,
            CTarget::Sites(_) | CTarget::OriginGroupingRole(..)
        )
}

/// Edges of a recourse rule, dates aside.
fn rule_edges(c: &Checker<'_>, ri: u32, r: &RuleData) -> Vec<Edge> {
    let mut out = Vec::new();
    for node in c.origin_nodes(r) {
        let Some(from) = c.node_site(node) else {
            continue;
        };
        match &r.target {
            CTarget::Sites(list) => {
                for m in list.iter().filter(|m| m.site != from) {
                    out.push(Edge {
                        from,
                        to: m.site,
                        rule: ri,
                        span: m.span,
                    });
                }
            }
            CTarget::OriginGroupingRole(kind, role) => {
                for sg in c.eng.groupings.of_site(from) {
                    let Some(g) = c.eng.groupings.get(sg.grouping as usize) else {
                        continue;
                    };
                    if g.kind != *kind {
                        continue;
                    }
                    // The members holding the role are a slice (members are sorted by role):
                    // scanning them all for each origin made this quadratic in a large GHT.
                    for m in g.with_role(*role).iter().filter(|m| m.site != from) {
                        out.push(Edge {
                            from,
                            to: m.site,
                            rule: ri,
                            span: m.span.and(g.span).and(sg.span),
                        });
                    }
                }
            }
            CTarget::AnyCapable | CTarget::Tele(_) => {}
        }
    }
    out
}

/// Removes, over and over, the nodes with no incoming or no outgoing edge; what remains lies on
/// or between cycles. Returns the membership mask of the remaining nodes.
fn peel(n: usize, edges: &[&Edge]) -> Vec<bool> {
    let mut alive = vec![true; n];
    let mut indeg = vec![0u32; n];
    let mut outdeg = vec![0u32; n];
    let mut out_adj: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut in_adj: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in edges {
        let (a, b) = (e.from as usize, e.to as usize);
        if let (Some(o), Some(i)) = (outdeg.get_mut(a), indeg.get_mut(b)) {
            *o += 1;
            *i += 1;
        }
        if let Some(v) = out_adj.get_mut(a) {
            v.push(b);
        }
        if let Some(v) = in_adj.get_mut(b) {
            v.push(a);
        }
    }
    let mut queue: Vec<usize> = (0..n)
        .filter(|&i| indeg.get(i) == Some(&0) || outdeg.get(i) == Some(&0))
        .collect();
    while let Some(x) = queue.pop() {
        match alive.get_mut(x) {
            Some(a) if *a => *a = false,
            _ => continue,
        }
        for &y in out_adj.get(x).map_or(&[][..], Vec::as_slice) {
            if let Some(d) = indeg.get_mut(y) {
                *d = d.saturating_sub(1);
                if *d == 0 && alive.get(y) == Some(&true) {
                    queue.push(y);
                }
            }
        }
        for &y in in_adj.get(x).map_or(&[][..], Vec::as_slice) {
            if let Some(d) = outdeg.get_mut(y) {
                *d = d.saturating_sub(1);
                if *d == 0 && alive.get(y) == Some(&true) {
                    queue.push(y);
                }
            }
        }
    }
    alive
}

/// Strongly connected components of two or more nodes (iterative Tarjan: no recursion, so no
/// stack overflow on long chains).
fn components(n: usize, adj: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const NONE: usize = usize::MAX;
    let mut index = vec![NONE; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut next = 0usize;
    let mut out = Vec::new();
    let visit = |v: usize,
                 index: &mut [usize],
                 low: &mut [usize],
                 on_stack: &mut [bool],
                 stack: &mut Vec<usize>,
                 next: &mut usize| {
        if let (Some(i), Some(l), Some(o)) = (index.get_mut(v), low.get_mut(v), on_stack.get_mut(v))
        {
            *i = *next;
            *l = *next;
            *o = true;
        }
        *next += 1;
        stack.push(v);
    };
    for root in 0..n {
        if index.get(root) != Some(&NONE) || adj.get(root).is_none_or(Vec::is_empty) {
            continue;
        }
        visit(
            root,
            &mut index,
            &mut low,
            &mut on_stack,
            &mut stack,
            &mut next,
        );
        let mut calls: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (u, ref mut i)) = calls.last_mut() {
            if let Some(&w) = adj.get(u).and_then(|a| a.get(*i)) {
                *i += 1;
                if index.get(w) == Some(&NONE) {
                    visit(
                        w,
                        &mut index,
                        &mut low,
                        &mut on_stack,
                        &mut stack,
                        &mut next,
                    );
                    calls.push((w, 0));
                } else if on_stack.get(w) == Some(&true) {
                    let iw = index.get(w).copied().unwrap_or(NONE);
                    if let Some(lu) = low.get_mut(u) {
                        *lu = (*lu).min(iw);
                    }
                }
                continue;
            }
            calls.pop();
            let lu = low.get(u).copied().unwrap_or(0);
            if let Some(&(p, _)) = calls.last() {
                if let Some(lp) = low.get_mut(p) {
                    *lp = (*lp).min(lu);
                }
            }
            if Some(&lu) == index.get(u) {
                let mut comp = Vec::new();
                while let Some(x) = stack.pop() {
                    if let Some(o) = on_stack.get_mut(x) {
                        *o = false;
                    }
                    comp.push(x);
                    if x == u {
                        break;
                    }
                }
                if comp.len() >= 2 {
                    out.push(comp);
                }
            }
        }
    }
    out
}

/// A cycle inside a strongly connected component: follow the first edge that stays in the
/// component until a node repeats (every node of the component has such an edge).
fn walk(component: &[usize], edges: &[&Edge]) -> Vec<(SiteIx, u32)> {
    let inside = |s: SiteIx| component.contains(&(s as usize));
    let mut path: Vec<(SiteIx, u32)> = Vec::new();
    let Some(&start) = component.iter().min() else {
        return path;
    };
    let mut at = start;
    loop {
        if let Some(pos) = path.iter().position(|(s, _)| *s as usize == at) {
            return path.split_off(pos);
        }
        let Some(e) = edges.iter().find(|e| e.from as usize == at && inside(e.to)) else {
            return Vec::new();
        };
        path.push((e.from, e.rule));
        at = e.to as usize;
    }
}

fn cycles(c: &mut Checker<'_>) {
    let n = c.n_sites();
    let mut per_rule: Vec<(u32, Vec<Edge>)> = Vec::new();
    for (ri, r) in c.eng.rules.iter().enumerate() {
        if is_recourse(r) {
            let ri = u32::try_from(ri).unwrap_or(u32::MAX);
            per_rule.push((ri, rule_edges(c, ri, r)));
        }
    }
    if per_rule.is_empty() {
        return;
    }
    let mut reported: HashSet<Vec<SiteIx>> = HashSet::new();
    for f in 0..c.n_filieres() {
        let edges: Vec<&Edge> = per_rule
            .iter()
            .filter(|(ri, _)| {
                c.eng
                    .rules
                    .get(*ri as usize)
                    .is_some_and(|r| c.level_range(r, f).is_some())
            })
            .flat_map(|(_, e)| e.iter())
            .collect();
        // Dates aside first: most networks have no cycle at all, and this is one linear pass.
        let alive = peel(n, &edges);
        if !alive.contains(&true) {
            continue;
        }
        let edges: Vec<&Edge> = edges
            .into_iter()
            .filter(|e| {
                alive.get(e.from as usize) == Some(&true) && alive.get(e.to as usize) == Some(&true)
            })
            .collect();
        for l in 0..c.n_levels(f) {
            for d in c.days.clone() {
                let active: Vec<&Edge> = edges
                    .iter()
                    .copied()
                    .filter(|e| edge_active(c, e, f, l, d))
                    .collect();
                let mut adj: Vec<Vec<usize>> = vec![Vec::new(); n];
                for e in &active {
                    if let Some(a) = adj.get_mut(e.from as usize) {
                        a.push(e.to as usize);
                    }
                }
                for comp in components(n, &adj) {
                    let cycle = walk(&comp, &active);
                    if cycle.is_empty() {
                        continue;
                    }
                    let mut key: Vec<SiteIx> = cycle.iter().map(|(s, _)| *s).collect();
                    crate::order::sort(&mut key);
                    if reported.insert(key) {
                        report_cycle(c, &cycle, f, l, d);
                    }
                }
            }
        }
    }
}

fn edge_active(c: &Checker<'_>, e: &Edge, f: u32, l: u8, d: i32) -> bool {
    let Some(r) = c.eng.rules.get(e.rule as usize) else {
        return false;
    };
    let planned = r.span.planned;
    r.span.in_force(d, planned)
        && c.level_range(r, f)
            .is_some_and(|(lo, hi)| lo <= l && l <= hi)
        && e.span.in_force(d, planned)
        && c.site_in_force(e.to, d, planned)
        && c.origin_applies(r, e.from as usize, d, planned)
}

fn report_cycle(c: &mut Checker<'_>, cycle: &[(SiteIx, u32)], f: u32, l: u8, d: i32) {
    let rules: Vec<&RuleData> = cycle
        .iter()
        .filter_map(|(_, ri)| c.eng.rules.get(*ri as usize))
        .collect();
    let Some(((first_site, _), first_rule)) = cycle.first().zip(rules.first()) else {
        return;
    };
    let mut path: Vec<&str> = cycle.iter().map(|(s, _)| c.site_id(*s)).collect();
    path.push(c.site_id(*first_site));
    let mut rule_ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
    rule_ids.dedup();
    let conditions: Vec<_> = rules.iter().map(|r| &r.when).collect();
    let planned = rules.iter().any(|r| r.span.planned);
    let case = c.case(f, l, *first_site as usize, d, &conditions, planned);
    let date = day_str(d);
    let diag = Diagnostic::tr(
        codes::ESCALATION_CYCLE,
        c.rule_pointer(first_rule),
        text!(
            Cycle,
            c.filiere_id(f),
            &date,
            path.iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(" → ")
        ),
    )
    .entities(rule_ids.iter().copied().chain(path.iter().copied()))
    .help(text!(CycleHelp, quoted(&rule_ids)))
    .counterexample(case);
    c.emit(diag);
}

fn dead_chains(c: &mut Checker<'_>) {
    for r in &c.eng.rules {
        if is_recourse(r) {
            dead_chain(c, r);
        }
    }
}

/// Origins of a rule grouped by target set: one group for a fixed target list, one group per
/// set of origin groupings for an origin-grouping target.
fn origin_groups(c: &Checker<'_>, r: &RuleData) -> Vec<Vec<usize>> {
    let nodes = c.origin_nodes(r);
    let CTarget::OriginGroupingRole(kind, _) = r.target else {
        return vec![nodes];
    };
    let mut groups: Vec<(Vec<u32>, Vec<usize>)> = Vec::new();
    for node in nodes {
        let mut key: Vec<u32> = c
            .node_site(node)
            .map_or(&[][..], |s| c.eng.groupings.of_site(s))
            .iter()
            .filter(|sg| {
                c.eng
                    .groupings
                    .get(sg.grouping as usize)
                    .is_some_and(|g| g.kind == kind)
            })
            .map(|sg| sg.grouping)
            .collect();
        crate::order::sort(&mut key);
        key.dedup();
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => v.push(node),
            None => groups.push((key, vec![node])),
        }
    }
    groups.into_iter().map(|(_, v)| v).collect()
}

fn dead_chain(c: &mut Checker<'_>, r: &RuleData) {
    let planned = r.span.planned;
    let groups = origin_groups(c, r);
    for f in c.rule_filieres(r) {
        let Some((lo, hi)) = c.level_range(r, f) else {
            continue;
        };
        for l in lo..=hi {
            for d in c.days_in(r.span).collect::<Vec<_>>() {
                for group in &groups {
                    let Some(&node) = group.iter().find(|&&n| c.origin_applies(r, n, d, planned))
                    else {
                        continue;
                    };
                    let origin = c.node_site(node);
                    let targets = c.targets_at(r, origin, f, d, planned);
                    if targets.is_empty() || targets.iter().any(|&t| c.holds(t, f, l, d, planned)) {
                        continue;
                    }
                    let Some(case) = c.case(f, l, node, d, &[&r.when], planned) else {
                        continue;
                    };
                    if reaches(c, &case, f, l, d, origin, &targets) {
                        continue;
                    }
                    report_dead(c, r, f, l, d, &targets, case);
                    return;
                }
            }
        }
    }
}

/// Breadth-first escalation from `targets`: whether some recourse rule applying to a hop has a
/// target holding level `l`.
fn reaches(
    c: &Checker<'_>,
    case: &Case,
    f: u32,
    l: u8,
    d: i32,
    origin: Option<SiteIx>,
    targets: &[SiteIx],
) -> bool {
    let planned = case.include_planned;
    let mut visited: Vec<SiteIx> = origin.into_iter().collect();
    let mut frontier: Vec<SiteIx> = targets
        .iter()
        .copied()
        .filter(|t| Some(*t) != origin)
        .collect();
    visited.extend(&frontier);
    let general = c
        .eng
        .rules
        .general
        .get(f as usize)
        .map_or(&[][..], Vec::as_slice);
    for _ in 0..MAX_ESCALATION {
        let mut next = Vec::new();
        for &hop in &frontier {
            for rr in c.eng.rules.anchored(hop as usize, f).iter().chain(general) {
                let Some(nr) = c.eng.rules.get(rr.rule as usize) else {
                    continue;
                };
                if nr.step != Step::Recourse
                    || matches!(nr.target, CTarget::Tele(_))
                    || !nr.span.in_force(d, planned)
                    || l < rr.lo
                    || l > rr.hi
                    || !conditions_hold(&nr.when, case)
                    || !c.origin_applies(nr, hop as usize, d, planned)
                {
                    continue;
                }
                let ts = c.targets_at(nr, Some(hop), f, d, planned);
                if ts.iter().any(|&t| c.holds(t, f, l, d, planned)) {
                    return true;
                }
                if matches!(nr.target, CTarget::AnyCapable) {
                    continue;
                }
                for t in ts {
                    if !visited.contains(&t) {
                        visited.push(t);
                        next.push(t);
                    }
                }
            }
        }
        if next.is_empty() {
            return false;
        }
        frontier = next;
    }
    false
}

fn report_dead(
    c: &mut Checker<'_>,
    r: &RuleData,
    f: u32,
    l: u8,
    d: i32,
    targets: &[SiteIx],
    case: Case,
) {
    let level = c.level_name(f, l);
    let fid = c.filiere_id(f);
    let date = day_str(d);
    let target_ids: Vec<&str> = targets.iter().map(|&t| c.site_id(t)).collect();
    let diag = Diagnostic::tr(
        codes::DEAD_ESCALATION,
        format!("{}/target", c.rule_pointer(r)),
        text!(DeadEscalation, &r.id, fid, level, &date),
    )
    .entities(std::iter::once(r.id.as_str()).chain(target_ids.iter().copied()))
    .help(text!(
        DeadEscalationHelp,
        quoted(&target_ids),
        MAX_ESCALATION.to_string()
    ))
    .counterexample(Some(case));
    c.emit(diag);
}
