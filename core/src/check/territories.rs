//! Territories: `P050` (a commune in two GHT territories at once), `P051` (communes the
//! reference does not know), `P052` (a GHT member site outside its GHT's territory), `P053`
//! (communes of the GHT territories' départements that no GHT territory covers).
//!
//! `P051` and `P053` need the commune reference the engine was compiled with; without one
//! they are skipped. `P052` places a site in its location's INSEE commune, or (with a
//! reference) in the commune whose representative point is nearest.

use crate::messages::{Arg, Text, text};
use std::collections::BTreeSet;

use crate::check::context::Checker;
use crate::check::{Diagnostic, codes};
use crate::engine::Span;
use crate::network::{GroupingKind, Role};
use crate::reference::departement_of;
use crate::territory::Territory;

/// A territory flattened: its communes (resolved to current codes when the reference knows
/// them) and départements.
struct Flat<'n> {
    index: usize,
    territory: &'n Territory,
    communes: BTreeSet<String>,
    departements: BTreeSet<String>,
}

impl Flat<'_> {
    fn covers(&self, code: &str) -> bool {
        self.communes.contains(code) || self.departements.contains(departement_of(code))
    }
}

pub(super) fn run(c: &mut Checker<'_>) {
    let (net, eng) = (c.net, c.eng);
    let refs = eng.communes();
    let flat: Vec<Flat<'_>> = (0..net.territories.len())
        .filter_map(|i| flatten(c, i))
        .collect();
    unknown_communes(c, &flat);
    // GHT territories: (flat index, grouping index, combined span).
    let mut ght: Vec<(usize, usize, Span)> = Vec::new();
    for (fi, f) in flat.iter().enumerate() {
        for g in &f.territory.groupings {
            let Some(gi) = net.groupings.iter().position(|x| x.id == *g) else {
                continue;
            };
            let (Some(grouping), Some(gd)) = (net.groupings.get(gi), eng.groupings.get(gi)) else {
                continue;
            };
            if grouping.kind == GroupingKind::Ght {
                ght.push((fi, gi, Span::of(&f.territory.validity).and(gd.span)));
            }
        }
    }
    overlaps(c, &flat, &ght);
    members_outside(c, &flat, &ght);
    if let Some(refs) = refs {
        let deps: BTreeSet<&str> = ght
            .iter()
            .filter_map(|&(fi, _, _)| flat.get(fi))
            .flat_map(|f| {
                f.departements
                    .iter()
                    .map(String::as_str)
                    .chain(f.communes.iter().map(|x| departement_of(x)))
            })
            .collect();
        let uncovered: Vec<&str> = refs
            .current()
            .filter(|x| deps.contains(x.departement.as_str()))
            .filter(|x| {
                !ght.iter()
                    .filter_map(|&(fi, _, _)| flat.get(fi))
                    .any(|f| f.covers(&x.code))
            })
            .map(|x| x.code.as_str())
            .collect();
        if !uncovered.is_empty() {
            c.emit(
                Diagnostic::tr(
                    codes::UNCOVERED_COMMUNES,
                    "/territories",
                    text!(
                        Uncovered,
                        uncovered.len().to_string(),
                        deps.iter().copied().collect::<Vec<_>>().join(", "),
                        sample(&uncovered)
                    ),
                )
                .help(text!(UncoveredHelp)),
            );
        }
    }
}

fn flatten<'n>(c: &Checker<'n>, i: usize) -> Option<Flat<'n>> {
    let net = c.net;
    let refs = c.eng.communes();
    let territory = net.territories.get(i)?;
    let mut communes = BTreeSet::new();
    let mut departements = BTreeSet::new();
    let mut stack = vec![(i, 0usize)];
    let mut seen = vec![false; net.territories.len()];
    while let Some((t, depth)) = stack.pop() {
        if depth > 32 || seen.get(t).copied().unwrap_or(true) {
            continue;
        }
        if let Some(s) = seen.get_mut(t) {
            *s = true;
        }
        let Some(ter) = net.territories.get(t) else {
            continue;
        };
        for code in &ter.communes {
            let current = refs
                .and_then(|r| r.resolve(code).ok())
                .map_or_else(|| code.clone(), |r| r.commune.code.clone());
            communes.insert(current);
        }
        departements.extend(ter.departements.iter().cloned());
        for o in &ter.territories {
            if let Some(j) = net.territories.iter().position(|x| x.id == *o) {
                stack.push((j, depth + 1));
            }
        }
    }
    Some(Flat {
        index: i,
        territory,
        communes,
        departements,
    })
}

fn sample(codes: &[&str]) -> Text {
    let s = codes
        .iter()
        .take(5)
        .map(|c| format!("`{c}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let more = if codes.len() > 5 {
        Arg::Text(text!(AndMoreN, (codes.len() - 5).to_string()))
    } else {
        Arg::Plain(String::new())
    };
    text!(Sample, s, more)
}

fn unknown_communes(c: &mut Checker<'_>, flat: &[Flat<'_>]) {
    let Some(refs) = c.eng.communes() else {
        return;
    };
    for f in flat {
        let t = f.territory;
        let unknown: Vec<&str> = t
            .communes
            .iter()
            .filter(|code| refs.resolve(code).is_err())
            .map(String::as_str)
            .chain(
                t.departements
                    .iter()
                    .filter(|d| refs.in_departement(d).next().is_none())
                    .map(String::as_str),
            )
            .collect();
        if !unknown.is_empty() {
            c.emit(
                Diagnostic::tr(
                    codes::TERRITORY_UNKNOWN_COMMUNE,
                    format!("/territories/{}", f.index),
                    text!(
                        TerritoryUnknown,
                        &t.id,
                        unknown.len().to_string(),
                        sample(&unknown)
                    ),
                )
                .entities([t.id.as_str()])
                .help(text!(TerritoryUnknownHelp)),
            );
        }
    }
}

fn overlaps(c: &mut Checker<'_>, flat: &[Flat<'_>], ght: &[(usize, usize, Span)]) {
    for (a, &(fa, ga, sa)) in ght.iter().enumerate() {
        for &(fb, gb, sb) in ght.iter().skip(a + 1) {
            if ga == gb || sa.from.max(sb.from) > sa.to.min(sb.to) {
                continue;
            }
            let (Some(x), Some(y)) = (flat.get(fa), flat.get(fb)) else {
                continue;
            };
            let shared = x
                .departements
                .intersection(&y.departements)
                .map(|d| text!(SharedDepartement, d))
                .chain(
                    x.communes
                        .iter()
                        .filter(|code| y.covers(code))
                        .chain(y.communes.iter().filter(|code| x.covers(code)))
                        .map(|code| text!(SharedCommune, code)),
                )
                .next();
            let Some(shared) = shared else { continue };
            let (Some(g1), Some(g2)) = (c.net.groupings.get(ga), c.net.groupings.get(gb)) else {
                continue;
            };
            c.emit(
                Diagnostic::tr(
                    codes::TERRITORY_OVERLAP,
                    format!("/territories/{}", y.index),
                    text!(
                        Overlap,
                        shared,
                        &g1.id,
                        &x.territory.id,
                        &g2.id,
                        &y.territory.id
                    ),
                )
                .entities([g1.id.as_str(), g2.id.as_str()])
                .help(text!(OverlapHelp)),
            );
        }
    }
}

fn members_outside(c: &mut Checker<'_>, flat: &[Flat<'_>], ght: &[(usize, usize, Span)]) {
    let (net, eng) = (c.net, c.eng);
    for &(_, gi, _) in ght {
        let Some(gd) = eng.groupings.get(gi) else {
            continue;
        };
        let mine: Vec<&Flat<'_>> = ght
            .iter()
            .filter(|&&(_, g, _)| g == gi)
            .filter_map(|&(fi, _, _)| flat.get(fi))
            .collect();
        let mut done = Vec::new();
        for m in gd
            .members
            .iter()
            .filter(|m| matches!(m.role, Role::Support | Role::Party))
        {
            if done.contains(&m.site) {
                continue;
            }
            done.push(m.site);
            let Some(site) = net.sites.get(m.site as usize) else {
                continue;
            };
            let code = net
                .locations
                .iter()
                .find(|l| l.id == site.location)
                .and_then(|l| {
                    l.insee.clone().or_else(|| {
                        let refs = eng.communes()?;
                        let at = crate::geo::unit_vector(l.lat.to_radians(), l.lon.to_radians());
                        let i = eng.entry.nearest_commune(at)?;
                        refs.get_index(i).map(|x| x.code.clone())
                    })
                });
            let Some(code) = code else { continue };
            let current = eng
                .communes()
                .and_then(|r| r.resolve(&code).ok())
                .map_or(code.clone(), |r| r.commune.code.clone());
            if !mine.iter().any(|f| f.covers(&current)) {
                let g = net.groupings.get(gi).map_or("?", |g| g.id.as_str());
                c.emit(
                    Diagnostic::tr(
                        codes::MEMBER_OUTSIDE_TERRITORY,
                        format!("/sites/{}", m.site),
                        text!(MemberOutside, &site.id, g, current),
                    )
                    .entities([site.id.as_str(), g])
                    .help(text!(MemberOutsideHelp)),
                );
            }
        }
    }
}
