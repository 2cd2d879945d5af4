//! Coverage of the filières groupings organise: `P001` (no provider at a level) and `P002`
//! (a member gets no route).
//!
//! For every grouping with scope filières, every filière of the scope, every member site, every
//! level and every critical date within the grouping's and the membership's validity, the engine
//! routes a plain case (filière, level, origin, date). When no site of the network holds the
//! level at that date, that is one `P001` for the grouping and filière (lowest level, first
//! date). Otherwise a case with no route is a gap, `P002`, once per (grouping, member, filière,
//! level) with the first date. A level counts as reachable when the plain case routes, or the
//! same case carrying the clinical flags that imply this level (a `most_acute` surgery case
//! reaching the CHU through a recourse rule).

use crate::check::context::{Checker, day_str};
use crate::check::{Diagnostic, codes};
use crate::engine::{SiteIx, Span};
use crate::messages::{Arg, text};
use crate::network::Role;

pub(super) fn run(c: &mut Checker<'_>) {
    for gi in 0..c.net.groupings.len() {
        grouping(c, gi);
    }
}

fn grouping(c: &mut Checker<'_>, gi: usize) {
    let (net, eng) = (c.net, c.eng);
    let (Some(g), Some(gd)) = (net.groupings.get(gi), eng.groupings.get(gi)) else {
        return;
    };
    if g.scope.filieres.is_empty() {
        return;
    }
    let planned = gd.span.planned;
    // Member sites with the spans of their memberships, in membership order.
    let mut members: Vec<(SiteIx, Vec<Span>)> = Vec::new();
    for m in gd.members.iter().filter(|m| m.role != Role::Beneficiary) {
        match members.iter_mut().find(|(s, _)| *s == m.site) {
            Some((_, spans)) => spans.push(m.span),
            None => members.push((m.site, vec![m.span])),
        }
    }
    let days: Vec<i32> = c
        .days_in(gd.span)
        .filter(|&d| gd.span.in_force(d, planned))
        .collect();
    let mut done: Vec<u32> = Vec::new();
    for (j, fid) in g.scope.filieres.iter().enumerate() {
        let Some(&f) = eng.filieres.ix.get(fid) else {
            continue;
        };
        if done.contains(&f) {
            continue;
        }
        done.push(f);
        let pointer = format!("/groupings/{gi}/scope/filieres/{j}");
        let tops: Vec<Option<u8>> = days
            .iter()
            .map(|&d| c.provider_top(f, d, planned))
            .collect();
        let scope = Scope {
            grouping: g.id.as_str(),
            filiere: fid.as_str(),
            f,
            pointer: &pointer,
            days: &days,
            tops: &tops,
            members: &members,
            planned,
        };
        no_provider(c, &scope);
        gaps(c, &scope);
    }
}

/// One filière of one grouping's scope, with what both checks need.
struct Scope<'s> {
    grouping: &'s str,
    filiere: &'s str,
    f: u32,
    pointer: &'s str,
    /// Critical days within the grouping's validity, and the highest level held on each.
    days: &'s [i32],
    tops: &'s [Option<u8>],
    members: &'s [(SiteIx, Vec<Span>)],
    planned: bool,
}

impl Scope<'_> {
    fn member_in_force(&self, c: &Checker<'_>, s: SiteIx, spans: &[Span], d: i32) -> bool {
        c.site_in_force(s, d, self.planned) && spans.iter().any(|sp| sp.in_force(d, self.planned))
    }
}

/// `P001`: the lowest level nobody holds, at its first date.
fn no_provider(c: &mut Checker<'_>, sc: &Scope<'_>) {
    let (f, fid, n_levels) = (sc.f, sc.filiere, c.n_levels(sc.f));
    let mut missing: Option<(u8, i32)> = None;
    for (&d, top) in sc.days.iter().zip(sc.tops) {
        let lowest = top.map_or(0, |t| t.saturating_add(1));
        if lowest < n_levels && missing.is_none_or(|(l, _)| lowest < l) {
            missing = Some((lowest, d));
        }
    }
    let Some((l, d)) = missing else {
        return;
    };
    let origin = sc
        .members
        .iter()
        .find(|(s, spans)| sc.member_in_force(c, *s, spans, d))
        .map(|(s, _)| *s as usize);
    let case = origin.and_then(|o| c.case(f, l, o, d, &[], sc.planned));
    let higher = if l + 1 < n_levels {
        Arg::Text(text!(OrAbove))
    } else {
        Arg::Plain(String::new())
    };
    let date = day_str(d);
    let level = c.level_name(f, l);
    let diag = Diagnostic::tr(
        codes::NO_PROVIDER,
        sc.pointer.to_owned(),
        text!(NoProvider, fid, level, higher, &date, sc.grouping),
    )
    .entities([sc.grouping, fid])
    .help(text!(NoProviderHelp, fid, level, &date))
    .counterexample(case);
    c.emit(diag);
}

/// `P002`: members with no route although some site holds the level.
fn gaps(c: &mut Checker<'_>, sc: &Scope<'_>) {
    let (f, fid) = (sc.f, sc.filiere);
    for (s, spans) in sc.members {
        for l in 0..c.n_levels(f) {
            // The flags that imply this level or a lower one: they keep the case at level `l`.
            let flags: Vec<String> = c
                .eng
                .filieres
                .get(f as usize)
                .map_or(&[][..], |fd| fd.flag_levels.as_slice())
                .iter()
                .filter(|(_, r)| *r <= l)
                .map(|(flag, _)| flag.clone())
                .collect();
            for (&d, top) in sc.days.iter().zip(sc.tops) {
                if top.is_none_or(|t| t < l) || !sc.member_in_force(c, *s, spans, d) {
                    continue;
                }
                let Some(case) = c.case(f, l, *s as usize, d, &[], sc.planned) else {
                    continue;
                };
                if c.routes(&case) {
                    continue;
                }
                if !flags.is_empty() {
                    let mut flagged = case.clone();
                    flagged.flags.clone_from(&flags);
                    if c.routes(&flagged) {
                        continue;
                    }
                }
                let site = c.site_id(*s);
                let level = c.level_name(f, l);
                let date = day_str(d);
                let diag = Diagnostic::tr(
                    codes::GAP,
                    sc.pointer.to_owned(),
                    text!(Gap, site, sc.grouping, fid, level, &date),
                )
                .entities([sc.grouping, site, fid])
                .help(text!(GapHelp, fid, level, &date, site))
                .counterexample(Some(case));
                c.emit(diag);
                break;
            }
        }
    }
}
