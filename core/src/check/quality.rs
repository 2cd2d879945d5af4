//! Data quality: `P040` (figures without date or source), `P041` (planned memberships that
//! mandatory rules rest on), `P042` (status `ended` without end date).

use crate::check::context::{Checker, quoted};
use crate::check::{Diagnostic, codes};
use crate::date::{Status, Validity};
use crate::messages::{Msg, Text, text};
use std::collections::HashMap;

use crate::network::{Figure, GroupingKind, Membership, Network, Strength, Target};

pub(super) fn run(c: &mut Checker<'_>) {
    figures(c);
    planned_memberships(c);
    ended(c);
}

fn figures(c: &mut Checker<'_>) {
    let net = c.net;
    let lists: Vec<(String, &str, &[Figure])> = net
        .legal_entities
        .iter()
        .enumerate()
        .map(|(i, e)| {
            (
                format!("/legal_entities/{i}"),
                e.id.as_str(),
                e.figures.as_slice(),
            )
        })
        .chain(
            net.sites
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("/sites/{i}"), s.id.as_str(), s.figures.as_slice())),
        )
        .chain(net.groupings.iter().enumerate().map(|(i, g)| {
            (
                format!("/groupings/{i}"),
                g.id.as_str(),
                g.figures.as_slice(),
            )
        }))
        .collect();
    for (pointer, id, list) in lists {
        for (j, f) in list.iter().enumerate() {
            let lacks = match (f.as_of.is_none(), f.source.is_none()) {
                (true, true) => Msg::LacksBoth,
                (true, false) => Msg::LacksDate,
                (false, true) => Msg::LacksSource,
                (false, false) => continue,
            };
            c.emit(
                Diagnostic::tr(
                    codes::FIGURE_UNSOURCED,
                    format!("{pointer}/figures/{j}"),
                    text!(Figure, &f.name, id, lacks),
                )
                .entities([id])
                .help(text!(FigureHelp)),
            );
        }
    }
}

/// The groupings of a network, indexed once for [`planned_memberships`], so that its work is
/// linear in the number of memberships and not quadratic.
struct GroupingIndex<'n> {
    /// Kind of each grouping.
    kinds: HashMap<&'n str, GroupingKind>,
    /// The groupings each id (a grouping) is directly a member of.
    parents: HashMap<&'n str, Vec<&'n str>>,
}

impl<'n> GroupingIndex<'n> {
    fn new(net: &'n Network) -> Self {
        let kinds: HashMap<&str, GroupingKind> = net
            .groupings
            .iter()
            .map(|g| (g.id.as_str(), g.kind))
            .collect();
        let mut parents: HashMap<&str, Vec<&str>> = HashMap::new();
        for m in &net.memberships {
            if kinds.contains_key(m.member.as_str()) && kinds.contains_key(m.grouping.as_str()) {
                parents
                    .entry(m.member.as_str())
                    .or_default()
                    .push(m.grouping.as_str());
            }
        }
        Self { kinds, parents }
    }

    /// Groupings that contain `g`, directly or through nested groupings, `g` first.
    fn with_ancestors(&self, g: &'n str) -> Vec<&'n str> {
        let mut out = vec![g];
        let mut i = 0;
        while let Some(&x) = out.get(i) {
            for &p in self.parents.get(x).map_or(&[][..], Vec::as_slice) {
                if !out.contains(&p) {
                    out.push(p);
                }
            }
            i += 1;
        }
        out
    }
}

/// Whether a rule relies on membership `m`, given the groupings that contain its grouping.
fn relies_on(
    index: &GroupingIndex<'_>,
    r: &crate::network::Rule,
    m: &Membership,
    groupings: &[&str],
) -> bool {
    let direct = |g: &str| g == m.grouping;
    let inside = |g: &str| groupings.contains(&g);
    if let Some(g) = &r.origin.member_of {
        if inside(g)
            && (!direct(g) || r.origin.roles.is_empty() || r.origin.roles.contains(&m.role))
        {
            return true;
        }
    }
    match &r.target {
        Target::GroupingRole { grouping, role } => {
            inside(grouping) && (!direct(grouping) || *role == m.role)
        }
        Target::GroupingMembers(g) => inside(g),
        Target::OriginGroupingRole { kind, role } => groupings
            .iter()
            .any(|g| index.kinds.get(g) == Some(kind) && (!direct(g) || *role == m.role)),
        _ => false,
    }
}

fn planned_memberships(c: &mut Checker<'_>) {
    let net = c.net;
    let mandatory: Vec<&crate::network::Rule> = net
        .rules
        .iter()
        .filter(|r| r.strength == Strength::Mandatory && !r.validity.is_planned())
        .collect();
    if mandatory.is_empty() {
        return;
    }
    let index = GroupingIndex::new(net);
    let mut ancestors: HashMap<&str, Vec<&str>> = HashMap::new();
    for (k, m) in net.memberships.iter().enumerate() {
        if !m.validity.is_planned() {
            continue;
        }
        let groupings = ancestors
            .entry(m.grouping.as_str())
            .or_insert_with(|| index.with_ancestors(&m.grouping));
        let rules: Vec<&str> = mandatory
            .iter()
            .filter(|r| relies_on(&index, r, m, groupings))
            .map(|r| r.id.as_str())
            .collect();
        if rules.is_empty() {
            continue;
        }
        let status = if m.validity.status == Status::Planned {
            Msg::StatusPlanned
        } else {
            Msg::StatusInProgress
        };
        c.emit(
            Diagnostic::tr(
                codes::PLANNED_MEMBERSHIP,
                format!("/memberships/{k}/validity/status"),
                if rules.len() == 1 {
                    text!(PlannedOne, &m.member, &m.grouping, status, quoted(&rules))
                } else {
                    text!(PlannedMany, &m.member, &m.grouping, status, quoted(&rules))
                },
            )
            .entities(
                [m.grouping.as_str(), m.member.as_str()]
                    .into_iter()
                    .chain(rules.iter().copied()),
            )
            .help(text!(PlannedHelp)),
        );
    }
}

fn ended(c: &mut Checker<'_>) {
    let net = c.net;
    // (pointer, what, entity ids)
    let mut found: Vec<(String, Text, Vec<String>)> = Vec::new();
    let mut visit = |pointer: String, v: &Validity, what: &dyn Fn() -> Text, ids: &[&str]| {
        if v.status == Status::Ended && v.to.is_none() {
            found.push((
                format!("{pointer}/validity"),
                what(),
                ids.iter().map(|s| (*s).to_owned()).collect(),
            ));
        }
    };
    for (i, s) in net.sites.iter().enumerate() {
        visit(
            format!("/sites/{i}"),
            &s.validity,
            &|| text!(EndedSite, &s.id),
            &[&s.id],
        );
        for (j, e) in s.equipment.iter().enumerate() {
            visit(
                format!("/sites/{i}/equipment/{j}"),
                &e.validity,
                &|| text!(EndedEquipment, &e.kind, &s.id),
                &[&s.id],
            );
        }
    }
    for (i, g) in net.groupings.iter().enumerate() {
        visit(
            format!("/groupings/{i}"),
            &g.validity,
            &|| text!(EndedGrouping, &g.id),
            &[&g.id],
        );
    }
    for (i, m) in net.memberships.iter().enumerate() {
        visit(
            format!("/memberships/{i}"),
            &m.validity,
            &|| text!(EndedMembership, &m.member, &m.grouping),
            &[&m.member, &m.grouping],
        );
    }
    for (i, cap) in net.capabilities.iter().enumerate() {
        let ids: Vec<&str> = cap
            .id
            .iter()
            .map(String::as_str)
            .chain([cap.site.as_str()])
            .collect();
        visit(
            format!("/capabilities/{i}"),
            &cap.validity,
            &|| text!(EndedCapability, &cap.site, &cap.filiere),
            &ids,
        );
    }
    for (i, r) in net.rules.iter().enumerate() {
        visit(
            format!("/rules/{i}"),
            &r.validity,
            &|| text!(EndedRule, &r.id),
            &[&r.id],
        );
    }
    for (i, s) in net.shared_services.iter().enumerate() {
        visit(
            format!("/shared_services/{i}"),
            &s.validity,
            &|| text!(EndedSharedService, &s.id),
            &[&s.id],
        );
    }
    for (i, t) in net.tele_services.iter().enumerate() {
        visit(
            format!("/tele_services/{i}"),
            &t.validity,
            &|| text!(TargetTele, &t.id),
            &[&t.id],
        );
    }
    for (pointer, what, ids) in found {
        c.emit(
            Diagnostic::tr(codes::ENDED_WITHOUT_END, pointer, text!(Ended, what))
                .entities(ids)
                .help(text!(EndedHelp)),
        );
    }
}
