//! Legal invariants of groupings (domain notes, section 1): `P020`–`P027`.
//!
//! * A GHT has exactly one support (article L6132-3), at every critical date of its validity;
//!   its support and parties are public establishments, private ones can only be partners
//!   (L6132-7); it is associated with a CHU (L6132-1): a member with role `associated_chu`, or
//!   a support that is itself a CHU (CHU Dijon, support of GHT 21-52); it has no legal
//!   personality.
//! * A GCS is a legal person with at least one health-establishment member (L6133-2); a GCS
//!   établissement de santé holds at least one care-activity authorisation (a capability with
//!   an `activity` naming it as `holder`), and only a GCS-ES holds authorisations for others.
//! * Groupings nest (a GCS member of a GCS) without cycles and at most
//!   [`MAX_NESTING`](crate::engine::MAX_NESTING) deep, beyond which routing ignores members.

use crate::messages::{Msg, text};
use std::collections::HashSet;

use crate::check::context::{Checker, day_str, name_of, quoted};
use crate::check::{Diagnostic, codes};
use crate::engine::{MAX_NESTING, SiteIx, Span};
use crate::network::{GroupingKind, LegalStatus, Membership, Role, SiteKind};

/// What a membership's `member` names.
enum Member {
    Site(SiteIx),
    LegalEntity(usize),
    Grouping(usize),
    Unknown,
}

struct Index {
    /// Memberships of each grouping (positions in the file).
    direct: Vec<Vec<usize>>,
    /// Sites of each legal entity.
    sites_of_le: Vec<Vec<SiteIx>>,
}

pub(super) fn run(c: &mut Checker<'_>) {
    let mut direct = vec![Vec::new(); c.net.groupings.len()];
    for (k, m) in c.net.memberships.iter().enumerate() {
        if let Some(&g) = c.eng.groupings.ix.get(&m.grouping) {
            if let Some(list) = direct.get_mut(g as usize) {
                list.push(k);
            }
        }
    }
    let mut sites_of_le = vec![Vec::new(); c.net.legal_entities.len()];
    for (s, sd) in c.eng.sites.iter().enumerate() {
        if let Some(list) = sites_of_le.get_mut(sd.legal_entity) {
            list.push(u32::try_from(s).unwrap_or(u32::MAX));
        }
    }
    let ix = Index {
        direct,
        sites_of_le,
    };
    for gi in 0..c.net.groupings.len() {
        let Some(g) = c.net.groupings.get(gi) else {
            continue;
        };
        match g.kind {
            GroupingKind::Ght => {
                ght_support(c, &ix, gi);
                ght_chu(c, &ix, gi);
            }
            GroupingKind::GcsMoyens | GroupingKind::GcsEs => {
                gcs_members(c, gi);
                if g.kind == GroupingKind::GcsEs {
                    gcs_es_authorisation(c, gi);
                }
            }
            _ => {}
        }
        legal_personality(c, gi);
    }
    ght_parties(c);
    holders(c);
    nesting(c, &ix);
}

fn member(c: &Checker<'_>, m: &Membership) -> Member {
    if let Some(&s) = c.eng.sites.ix.get(&m.member) {
        Member::Site(s)
    } else if let Some(le) = c.legal_entity_position(&m.member) {
        Member::LegalEntity(le)
    } else if let Some(&g) = c.eng.groupings.ix.get(&m.member) {
        Member::Grouping(g as usize)
    } else {
        Member::Unknown
    }
}

/// Whether a membership (and its member, when a site) is in force at a day.
fn open(c: &Checker<'_>, m: &Membership, d: i32, planned: bool) -> bool {
    Span::of(&m.validity).in_force(d, planned)
        && match member(c, m) {
            Member::Site(s) => c.site_in_force(s, d, planned),
            _ => true,
        }
}

fn is_chu(c: &Checker<'_>, ix: &Index, m: &Membership) -> bool {
    let kind_chu = |s: &SiteIx| {
        c.eng
            .sites
            .site(*s)
            .is_some_and(|s| s.kind == SiteKind::Chu)
    };
    match member(c, m) {
        Member::Site(s) => kind_chu(&s),
        Member::LegalEntity(le) => ix
            .sites_of_le
            .get(le)
            .is_some_and(|sites| sites.iter().any(kind_chu)),
        Member::Grouping(_) | Member::Unknown => false,
    }
}

fn ght_support(c: &mut Checker<'_>, ix: &Index, gi: usize) {
    let Some(g) = c.net.groupings.get(gi) else {
        return;
    };
    let span = Span::of(&g.validity);
    let planned = span.planned;
    let list = ix.direct.get(gi).map_or(&[][..], Vec::as_slice);
    for d in c.days_in(span).collect::<Vec<_>>() {
        let mut supports: Vec<(usize, &str)> = Vec::new();
        for &k in list {
            let Some(m) = c.net.memberships.get(k) else {
                continue;
            };
            if m.role == Role::Support
                && open(c, m, d, planned)
                && !supports.iter().any(|(_, id)| *id == m.member)
            {
                supports.push((k, m.member.as_str()));
            }
        }
        if supports.len() == 1 {
            continue;
        }
        let ids: Vec<&str> = supports.iter().map(|(_, id)| *id).collect();
        let (pointer, message) = match supports.get(1) {
            None => (
                format!("/groupings/{gi}"),
                text!(GhtNoSupport, &g.id, day_str(d)),
            ),
            Some((k, _)) => (
                format!("/memberships/{k}/role"),
                text!(
                    GhtSupports,
                    &g.id,
                    ids.len().to_string(),
                    day_str(d),
                    quoted(&ids)
                ),
            ),
        };
        let diag = Diagnostic::tr(codes::GHT_SUPPORT, pointer, message)
            .entities(std::iter::once(g.id.as_str()).chain(ids.iter().copied()))
            .help(text!(GhtSupportHelp));
        c.emit(diag);
        return;
    }
}

fn ght_chu(c: &mut Checker<'_>, ix: &Index, gi: usize) {
    let Some(g) = c.net.groupings.get(gi) else {
        return;
    };
    let span = Span::of(&g.validity);
    let planned = span.planned;
    let list = ix.direct.get(gi).map_or(&[][..], Vec::as_slice);
    for d in c.days_in(span).collect::<Vec<_>>() {
        let ok = list
            .iter()
            .filter_map(|&k| c.net.memberships.get(k))
            .any(|m| {
                open(c, m, d, planned)
                    && (m.role == Role::AssociatedChu
                        || (m.role == Role::Support && is_chu(c, ix, m)))
            });
        if ok {
            continue;
        }
        let diag = Diagnostic::tr(
            codes::GHT_NO_CHU,
            format!("/groupings/{gi}"),
            text!(GhtNoChu, &g.id, day_str(d)),
        )
        .entities([g.id.as_str()])
        .help(text!(GhtNoChuHelp));
        c.emit(diag);
        return;
    }
}

fn ght_parties(c: &mut Checker<'_>) {
    for (k, m) in c.net.memberships.iter().enumerate() {
        let Some(&g) = c.eng.groupings.ix.get(&m.grouping) else {
            continue;
        };
        if c.eng.groupings.get(g as usize).map(|g| g.kind) != Some(GroupingKind::Ght)
            || m.role == Role::Partner
        {
            continue;
        }
        let entity = match member(c, m) {
            Member::Site(s) => c.legal_entity_of(s),
            Member::LegalEntity(le) => c.net.legal_entities.get(le),
            Member::Grouping(_) | Member::Unknown => None,
        };
        let Some(le) = entity else {
            continue;
        };
        if le.legal_status == LegalStatus::Public {
            continue;
        }
        let role = name_of(&m.role);
        let status = match le.legal_status {
            LegalStatus::Public => Msg::StatusPublic,
            LegalStatus::Espic => Msg::StatusEspic,
            LegalStatus::PrivateForProfit => Msg::StatusPrivateForProfit,
            LegalStatus::PrivateNonProfit => Msg::StatusPrivateNonProfit,
            LegalStatus::Association => Msg::StatusAssociation,
            LegalStatus::Foundation => Msg::StatusFoundation,
            LegalStatus::Mutual => Msg::StatusMutual,
        };
        let whose = if le.id == m.member {
            text!(WhoseIt)
        } else {
            text!(WhoseEntity, &le.id)
        };
        let diag = Diagnostic::tr(
            codes::GHT_PRIVATE_PARTY,
            format!("/memberships/{k}/role"),
            text!(PrivateParty, &m.member, role, &m.grouping, whose, status),
        )
        .entities([m.grouping.as_str(), m.member.as_str(), le.id.as_str()])
        .help(text!(PrivatePartyHelp));
        c.emit(diag);
    }
}

fn gcs_members(c: &mut Checker<'_>, gi: usize) {
    let (Some(g), Some(gd)) = (c.net.groupings.get(gi), c.eng.groupings.get(gi)) else {
        return;
    };
    let planned = gd.span.planned;
    for d in c.days_in(gd.span).collect::<Vec<_>>() {
        let ok = gd.members.iter().any(|m| {
            m.role != Role::Beneficiary
                && m.span.in_force(d, planned)
                && c.eng.sites.site(m.site).is_some_and(|s| {
                    s.kind.is_health_establishment() && s.span.in_force(d, planned)
                })
        });
        if ok {
            continue;
        }
        let diag = Diagnostic::tr(
            codes::GCS_NO_HEALTH_ESTABLISHMENT,
            format!("/groupings/{gi}"),
            text!(GcsNoHealth, &g.id, day_str(d)),
        )
        .entities([g.id.as_str()])
        .help(text!(GcsNoHealthHelp));
        c.emit(diag);
        return;
    }
}

fn gcs_es_authorisation(c: &mut Checker<'_>, gi: usize) {
    let Some(g) = c.net.groupings.get(gi) else {
        return;
    };
    let span = Span::of(&g.validity);
    let planned = span.planned;
    let held: Vec<(Span, Option<SiteIx>)> = c
        .net
        .capabilities
        .iter()
        .filter(|cap| cap.holder.as_deref() == Some(g.id.as_str()) && cap.activity.is_some())
        .map(|cap| {
            (
                Span::of(&cap.validity),
                c.eng.sites.ix.get(&cap.site).copied(),
            )
        })
        .collect();
    for d in c.days_in(span).collect::<Vec<_>>() {
        if held.iter().any(|(sp, s)| {
            sp.in_force(d, planned) && s.is_some_and(|s| c.site_in_force(s, d, planned))
        }) {
            continue;
        }
        let message = if held.is_empty() {
            text!(GcsEsNoAuth, &g.id)
        } else {
            text!(GcsEsNoAuthAt, &g.id, day_str(d))
        };
        let diag = Diagnostic::tr(
            codes::GCS_ES_NO_AUTHORISATION,
            format!("/groupings/{gi}/kind"),
            message,
        )
        .entities([g.id.as_str()])
        .help(text!(GcsEsHelp));
        c.emit(diag);
        return;
    }
}

fn legal_personality(c: &mut Checker<'_>, gi: usize) {
    let Some(g) = c.net.groupings.get(gi) else {
        return;
    };
    let message = match (g.kind, g.legal_personality) {
        (GroupingKind::Ght, true) => text!(GhtPersonality, &g.id),
        (GroupingKind::GcsMoyens | GroupingKind::GcsEs, false) => text!(GcsPersonality, &g.id),
        _ => return,
    };
    let diag = Diagnostic::tr(
        codes::LEGAL_PERSONALITY,
        format!("/groupings/{gi}/legal_personality"),
        message,
    )
    .entities([g.id.as_str()])
    .help(text!(PersonalityHelp));
    c.emit(diag);
}

fn holders(c: &mut Checker<'_>) {
    for (i, cap) in c.net.capabilities.iter().enumerate() {
        let Some(h) = &cap.holder else {
            continue;
        };
        let Some(&g) = c.eng.groupings.ix.get(h) else {
            continue;
        };
        let Some(kind) = c.eng.groupings.get(g as usize).map(|g| g.kind) else {
            continue;
        };
        if kind == GroupingKind::GcsEs {
            continue;
        }
        let diag = Diagnostic::tr(
            codes::HOLDER_NOT_GCS_ES,
            format!("/capabilities/{i}/holder"),
            text!(HolderNotEs, &cap.site, &cap.filiere, h, kind_label(kind)),
        )
        .entities(
            cap.id
                .iter()
                .map(String::as_str)
                .chain([cap.site.as_str(), h.as_str()]),
        )
        .help(text!(HolderHelp));
        c.emit(diag);
    }
}

fn nesting(c: &mut Checker<'_>, ix: &Index) {
    let n = c.net.groupings.len();
    // children[g]: (nested grouping, membership position)
    let mut children: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
    let mut has_parent = vec![false; n];
    for (g, list) in ix.direct.iter().enumerate() {
        for &k in list {
            let Some(m) = c.net.memberships.get(k) else {
                continue;
            };
            if let Member::Grouping(h) = member(c, m) {
                if let Some(ch) = children.get_mut(g) {
                    ch.push((h, k));
                }
                if let Some(p) = has_parent.get_mut(h) {
                    *p = true;
                }
            }
        }
    }
    if children.iter().all(Vec::is_empty) {
        return;
    }
    // Cycles: iterative depth-first search with colours; a back edge closes a cycle.
    let mut colour = vec![0u8; n]; // 0 new, 1 on the stack, 2 done
    let mut reported: HashSet<Vec<usize>> = HashSet::new();
    for root in 0..n {
        if colour.get(root) != Some(&0) {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        if let Some(col) = colour.get_mut(root) {
            *col = 1;
        }
        while let Some(&mut (g, ref mut next)) = stack.last_mut() {
            let Some(&(h, k)) = children.get(g).and_then(|ch| ch.get(*next)) else {
                if let Some(col) = colour.get_mut(g) {
                    *col = 2;
                }
                stack.pop();
                continue;
            };
            *next += 1;
            match colour.get(h) {
                Some(0) => {
                    if let Some(col) = colour.get_mut(h) {
                        *col = 1;
                    }
                    stack.push((h, 0));
                }
                Some(1) => {
                    let from = stack.iter().position(|(x, _)| *x == h).unwrap_or(0);
                    let cycle: Vec<usize> = stack.iter().skip(from).map(|(x, _)| *x).collect();
                    let mut key = cycle.clone();
                    crate::order::sort(&mut key);
                    if reported.insert(key) {
                        report_cycle(c, &cycle, k);
                    }
                }
                _ => {}
            }
        }
    }
    nesting_depth(c, &children, &has_parent);
}

/// Depth: the longest chain of nested groupings from each top-level grouping, capped one past
/// the limit (cycles reach the cap), by relaxation: no recursion on hostile inputs.
fn nesting_depth(c: &mut Checker<'_>, children: &[Vec<(usize, usize)>], has_parent: &[bool]) {
    let n = children.len();
    let cap = MAX_NESTING + 1;
    let mut depth = vec![1usize; n];
    for _ in 0..cap {
        let mut changed = false;
        for (g, ch) in children.iter().enumerate() {
            let best = ch
                .iter()
                .filter_map(|&(h, _)| depth.get(h))
                .map(|d| (d + 1).min(cap))
                .max()
                .unwrap_or(1);
            if let Some(d) = depth.get_mut(g) {
                if best > *d {
                    *d = best;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    for (g, &d) in depth.iter().enumerate() {
        if d <= MAX_NESTING || has_parent.get(g) == Some(&true) {
            continue;
        }
        let Some(gr) = c.net.groupings.get(g) else {
            continue;
        };
        let diag = Diagnostic::tr(
            codes::NESTING,
            format!("/groupings/{g}"),
            text!(NestDeep, &gr.id, MAX_NESTING.to_string()),
        )
        .entities([gr.id.as_str()])
        .help(text!(NestDeepHelp, MAX_NESTING.to_string()));
        c.emit(diag);
    }
}

fn report_cycle(c: &mut Checker<'_>, cycle: &[usize], closing: usize) {
    let ids: Vec<&str> = cycle
        .iter()
        .filter_map(|&g| c.net.groupings.get(g).map(|g| g.id.as_str()))
        .collect();
    let mut path = ids.clone();
    if let Some(first) = ids.first() {
        path.push(first);
    }
    let diag = Diagnostic::tr(
        codes::NESTING,
        format!("/memberships/{closing}/member"),
        text!(
            NestCycle,
            path.iter()
                .map(|g| format!("`{g}`"))
                .collect::<Vec<_>>()
                .join(" ∋ ")
        ),
    )
    .entities(ids.iter().copied())
    .help(text!(NestCycleHelp));
    c.emit(diag);
}

/// How the diagnostics name a kind of grouping.
fn kind_label(kind: GroupingKind) -> Msg {
    match kind {
        GroupingKind::Ght => Msg::KindGht,
        GroupingKind::GcsMoyens => Msg::KindGcsMoyens,
        GroupingKind::GcsEs => Msg::KindGcsEs,
        GroupingKind::AllianceConvention => Msg::KindConvention,
        GroupingKind::Federation => Msg::KindFederation,
        GroupingKind::CancerNetwork => Msg::KindCancerNetwork,
        GroupingKind::FiliereNetwork => Msg::KindFiliereNetwork,
        GroupingKind::OperatorGroup => Msg::KindOperatorGroup,
    }
}
