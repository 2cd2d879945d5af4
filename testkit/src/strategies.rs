//! Proptest strategies generating small, valid [`parcours::Network`] values and cases for them.
//!
//! Networks are built in code from raw random choices (indices are reduced modulo the number of
//! entities generated), so every reference points at an existing entity of the right kind and
//! every generated network passes [`Network::validate`]. They are small on purpose: 1 to 8 sites
//! in a box of about 45 x 30 km (distance limits matter), 1 to 3 legal entities, 1 or 2
//! filières of 2 to 4 levels, up to 3 groupings with nested (and cyclic) memberships, random
//! validities drawn from a small pool of dates (so case dates often fall on a bound), rules of
//! every target kind, and up to 2 tele-services.

use crate::build;
use std::collections::BTreeMap;

use parcours::route::{Case, Origin};
use parcours::{
    Capability, Conditions, Date, Filiere, Grouping, GroupingKind, LegalStatus, Level, Network,
    OriginSelector, Precision, Role, Rule, Site, SiteKind, Status, Step, Strength, Target, TeleAct,
    TelePurpose, TeleService, Validity,
};
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::{Index, select, subsequence};

/// Dates used by validities and, most of the time, by cases: bounds are inclusive, so cases
/// on these very days test the edges.
pub const DATES: [&str; 8] = [
    "2018-06-15",
    "2019-01-01",
    "2019-12-31",
    "2020-01-01",
    "2020-06-30",
    "2020-07-01",
    "2021-01-01",
    "2022-12-31",
];

/// Site ids, shuffled per network so file order and byte order differ (the tie-break is the
/// byte order of ids).
pub const SITE_IDS: [&str; 8] = [
    "site-b", "site-a", "Site-c", "site-a2", "site_a", "s1", "s10", "s9",
];

/// Level ids of filière `f0`; `f1` swaps the first two, so the same level id has different
/// ranks in the two filières, yet any prefix of 2 or more levels has the same ids in both.
pub const LEVELS: [[&str; 4]; 2] = [["a", "b", "c", "d"], ["b", "a", "c", "d"]];

/// Clinical flags; filières map some of them to levels, rules require some of them.
pub const FLAGS: [&str; 3] = ["most_acute", "urgent", "other"];

const SITE_KINDS: [SiteKind; 4] = [
    SiteKind::Chu,
    SiteKind::Hospital,
    SiteKind::Clinic,
    SiteKind::Ehpad,
];
const GROUPING_KINDS: [GroupingKind; 3] = [
    GroupingKind::Ght,
    GroupingKind::GcsMoyens,
    GroupingKind::AllianceConvention,
];
const ROLES: [Role; 4] = [Role::Support, Role::Party, Role::Partner, Role::Member];

/// The date of the pool at `i`.
///
/// # Panics
/// Never: the pool holds valid dates (a test of this crate reads them all).
pub fn date(i: usize) -> Date {
    DATES[i % DATES.len()].parse().unwrap()
}

/// Coordinates on a grid of 1/64 degree in a box of about 45 x 30 km: exact in binary and in
/// decimal (JSON reproductions are exact), and symmetric places give equal distances (ties).
pub fn point() -> impl Strategy<Value = (f64, f64)> {
    (0u32..=26, 0u32..=38)
        .prop_map(|(a, b)| (47.0 + f64::from(a) / 64.0, 5.0 + f64::from(b) / 64.0))
}

/// A distance limit, 0 to 60 km by quarters of a km.
pub fn km() -> impl Strategy<Value = f64> {
    (0u32..=240).prop_map(|q| f64::from(q) / 4.0)
}

fn status() -> impl Strategy<Value = Status> {
    prop_oneof![
        5 => Just(Status::Active),
        2 => Just(Status::Planned),
        1 => Just(Status::InProgress),
        2 => Just(Status::Ended),
    ]
}

/// A validity: often the default (always in force), else bounds from the date pool, `from`
/// never after `to`, with any status (`ended` without `to` is never in force).
pub fn validity() -> impl Strategy<Value = Validity> {
    prop_oneof![
        6 => Just(Validity::default()),
        4 => (
            option::of(0..DATES.len()),
            option::of(0..DATES.len()),
            status(),
        )
            .prop_map(|(a, b, status)| {
                let (from, to) = match (a, b) {
                    (Some(a), Some(b)) => (Some(a.min(b)), Some(a.max(b))),
                    other => other,
                };
                Validity {
                    from: from.map(date),
                    to: to.map(date),
                    precision: Precision::Day,
                    status,
                }
            }),
    ]
}

fn filiere_mask() -> impl Strategy<Value = u8> {
    prop_oneof![3 => Just(0u8), 1 => Just(1u8), 1 => Just(2u8), 1 => Just(3u8)]
}

/// The filière ids a bit mask selects among the `n` filières.
fn filieres_of(mask: u8, n: usize) -> Vec<String> {
    (0..n)
        .filter(|i| mask & (1 << i) != 0)
        .map(|i| format!("f{i}"))
        .collect()
}

#[derive(Debug, Clone)]
struct RawRule {
    filieres: u8,
    member_of: Option<(Index, Vec<Role>)>,
    origins: Vec<(bool, Index)>,
    site_kinds: Vec<SiteKind>,
    levels: (Option<Index>, Option<Index>),
    ages: (Option<u16>, Option<u16>),
    ehpad: Option<bool>,
    time_critical: Option<bool>,
    flags: Vec<&'static str>,
    target: (u8, Index, GroupingKind, Role),
    strength: Strength,
    step: Step,
    priority: i32,
    max_km: Option<f64>,
    validity: Validity,
}

fn strength() -> impl Strategy<Value = Strength> {
    prop_oneof![
        Just(Strength::Mandatory),
        Just(Strength::Preferred),
        Just(Strength::Fallback),
    ]
}

fn step(recourse_weight: u32) -> impl Strategy<Value = Step> {
    prop_oneof![
        recourse_weight => Just(Step::Recourse),
        1 => Just(Step::Partner),
        1 => Just(Step::PreferredPathway),
        1 => Just(Step::Local),
        1 => Just(Step::PatientChoice),
        1 => Just(Step::Fallback),
        1 => Just(Step::TeleService),
    ]
}

/// Raw rule choices. With `escalation`, rules are mostly recourse rules anchored to one site
/// and targeting one site, without conditions: they form escalation chains and cycles.
fn raw_rule(escalation: bool) -> impl Strategy<Value = RawRule> {
    let (recourse, target_site, tele, (no_origin, some_origins, one_site)) = if escalation {
        (12, 6, 1, (1, 1, 6))
    } else {
        (3, 2, 2, (4, 2, 1))
    };
    // How often each condition is set.
    let (p, member_of, kinds) = if escalation {
        (0.04, 0.1, 12)
    } else {
        (0.12, 0.3, 4)
    };
    let origin = (
        filiere_mask(),
        option::weighted(
            member_of,
            (any::<Index>(), subsequence(ROLES.to_vec(), 0..=2)),
        ),
        prop_oneof![
            no_origin => Just(Vec::new()),
            some_origins => vec((any::<bool>(), any::<Index>()), 1..=2),
            one_site => vec((Just(true), any::<Index>()), 1..=1),
        ],
        prop_oneof![kinds => Just(Vec::new()), 1 => subsequence(SITE_KINDS.to_vec(), 1..=2)],
    );
    let when = (
        (
            option::weighted(p, any::<Index>()),
            option::weighted(p, any::<Index>()),
        ),
        (
            option::weighted(p, 0u16..100),
            option::weighted(p, 0u16..100),
        ),
        option::weighted(p, any::<bool>()),
        option::weighted(p, any::<bool>()),
        option::weighted(p, subsequence(FLAGS.to_vec(), 1..=2)).prop_map(Option::unwrap_or_default),
    );
    let action = (
        (
            prop_oneof![
                target_site => Just(0u8),
                2 => Just(1u8),
                2 => Just(2u8),
                1 => Just(3u8),
                1 => Just(4u8),
                tele => Just(5u8),
            ],
            any::<Index>(),
            select(GROUPING_KINDS.to_vec()),
            select(ROLES.to_vec()),
        ),
        strength(),
        step(recourse),
        -1i32..=2,
        option::weighted(0.3, km()),
        validity(),
    );
    (origin, when, action).prop_map(
        |(
            (filieres, member_of, origins, site_kinds),
            (levels, ages, ehpad, time_critical, flags),
            (target, strength, step, priority, max_km, validity),
        )| RawRule {
            filieres,
            member_of,
            origins,
            site_kinds,
            levels,
            ages,
            ehpad,
            time_critical,
            flags,
            target,
            strength,
            step,
            priority,
            max_km,
            validity,
        },
    )
}

#[derive(Debug, Clone)]
struct RawTele {
    provider: Index,
    requesters: Vec<(u8, Index)>,
    national: bool,
    filieres: u8,
    validity: Validity,
}

fn raw_tele() -> impl Strategy<Value = RawTele> {
    (
        any::<Index>(),
        vec((0u8..3, any::<Index>()), 0..=2),
        prop::bool::weighted(0.4),
        filiere_mask(),
        validity(),
    )
        .prop_map(
            |(provider, requesters, national, filieres, validity)| RawTele {
                provider,
                requesters,
                national,
                filieres,
                validity,
            },
        )
}

type RawSite = (Index, Index, SiteKind, Validity);
type RawMembership = (Index, u8, Index, Role, Validity);
type RawCapability = (Index, Index, Index, Validity);

/// A random small valid network.
pub fn network() -> impl Strategy<Value = Network> {
    network_with(false)
}

/// A random small valid network whose rules are mostly recourse rules from one site to
/// another, with low capabilities: escalation chains and cycles.
pub fn escalation_network() -> impl Strategy<Value = Network> {
    network_with(true)
}

/// An escalation network of 5 to 8 sites with an escalation chain: a mandatory recourse rule
/// for every origin sends to the first site of the chain, and each site of the chain has a
/// recourse rule to the next one. The sites before the last one often lose their capabilities
/// and the last one handles every level, so routing runs the chain to its end, deeper than
/// [`parcours::route::MAX_ESCALATION`] when the chain is long.
pub fn chain_network() -> impl Strategy<Value = Network> {
    (
        network_sized(true, 5..=8),
        Just((0..SITE_IDS.len()).collect::<Vec<_>>()).prop_shuffle(),
        2usize..=8,
        prop::bool::weighted(0.8),
        vec(strength(), 8),
    )
        .prop_map(|(mut n, order, len, strip, strengths)| {
            add_chain(&mut n, &order, len, strip, &strengths);
            n
        })
}

fn add_chain(n: &mut Network, order: &[usize], len: usize, strip: bool, strengths: &[Strength]) {
    let chain: Vec<String> = order
        .iter()
        .filter(|&&i| i < n.sites.len())
        .take(len)
        .map(|&i| n.sites[i].id.clone())
        .collect();
    let Some(last) = chain.last().cloned() else {
        return;
    };
    if strip {
        n.capabilities
            .retain(|c| c.site == last || !chain.contains(&c.site));
    }
    for f in &n.filieres {
        n.capabilities.push(build::capability(
            last.clone(),
            f.id.clone(),
            f.levels.last().unwrap().id.clone(),
        ));
    }
    let links = chain.iter().enumerate().map(|(i, target)| Rule {
        id: format!("c-{i}"),
        name: None,
        filieres: Vec::new(),
        origin: OriginSelector {
            origins: if i == 0 {
                Vec::new()
            } else {
                vec![chain[i - 1].clone()]
            },
            ..OriginSelector::default()
        },
        when: Conditions::default(),
        target: Target::Site(target.clone()),
        strength: if i == 0 {
            Strength::Mandatory
        } else {
            strengths[i % strengths.len()]
        },
        step: Step::Recourse,
        priority: 0,
        max_distance_km: None,
        validity: Validity::default(),
        source: None,
        note: None,
    });
    let mut rules: Vec<Rule> = links.collect();
    rules.append(&mut n.rules);
    n.rules = rules;
}

fn network_with(escalation: bool) -> impl Strategy<Value = Network> {
    (network_sized(escalation, 1..=8), entry_policy()).prop_map(|(mut n, entry)| {
        n.entry = entry;
        n
    })
}

/// The network's entry policy: mostly "nearest site anywhere", sometimes a distance limit,
/// sometimes none (people outside every territory do not enter).
pub fn entry_policy() -> impl Strategy<Value = Option<parcours::EntryPolicy>> {
    prop_oneof![
        6 => Just(Some(parcours::EntryPolicy::default())),
        2 => km().prop_map(|k| Some(parcours::EntryPolicy {
            max_distance_km: Some(k),
            ..parcours::EntryPolicy::default()
        })),
        2 => Just(None),
    ]
}

fn network_sized(
    escalation: bool,
    sites: std::ops::RangeInclusive<usize>,
) -> impl Strategy<Value = Network> {
    let places = (
        vec(point(), 1..=6),
        Just(SITE_IDS.to_vec()).prop_shuffle(),
        vec(
            (
                any::<Index>(),
                any::<Index>(),
                select(SITE_KINDS.to_vec()),
                validity(),
            ),
            sites,
        ),
        1usize..=3,
    );
    let filieres = vec(
        (
            2usize..=4,
            option::weighted(0.4, any::<Index>()),
            option::weighted(0.3, any::<Index>()),
        ),
        1..=2,
    );
    let groupings = (
        vec((select(GROUPING_KINDS.to_vec()), validity()), 0..=3),
        vec(
            (
                any::<Index>(),
                prop_oneof![3 => Just(0u8), 2 => Just(1u8), 2 => Just(2u8)],
                any::<Index>(),
                select(ROLES.to_vec()),
                validity(),
            ),
            0..=10,
        ),
    );
    let caps = vec(
        (any::<Index>(), any::<Index>(), any::<Index>(), validity()),
        0..=14,
    );
    let rules = vec(
        raw_rule(escalation),
        if escalation { 2..=10 } else { 0..=10 },
    );
    let teles = vec(raw_tele(), 0..=2);
    (places, filieres, groupings, caps, rules, teles).prop_map(
        |((locs, ids, sites, n_le), filieres, (groupings, memberships), caps, rules, teles)| {
            build(
                &locs,
                &ids,
                &sites,
                n_le,
                &filieres,
                &groupings,
                &memberships,
                &caps,
                &rules,
                &teles,
            )
        },
    )
}

#[allow(clippy::too_many_arguments, clippy::too_many_lines)] // one builder, in file order
fn build(
    locs: &[(f64, f64)],
    ids: &[&str],
    raw_sites: &[RawSite],
    n_le: usize,
    raw_filieres: &[(usize, Option<Index>, Option<Index>)],
    raw_groupings: &[(GroupingKind, Validity)],
    raw_memberships: &[RawMembership],
    raw_caps: &[RawCapability],
    raw_rules: &[RawRule],
    raw_teles: &[RawTele],
) -> Network {
    let mut n = Network {
        id: "random".into(),
        name: "Random network".into(),
        ..Network::default()
    };
    n.locations = locs
        .iter()
        .enumerate()
        .map(|(i, &(lat, lon))| build::location(format!("loc-{i}"), format!("Place {i}"), lat, lon))
        .collect();
    n.legal_entities = (0..n_le)
        .map(|i| {
            build::legal_entity(
                format!("le-{i}"),
                format!("Entity {i}"),
                LegalStatus::Public,
            )
        })
        .collect();
    n.sites = raw_sites
        .iter()
        .enumerate()
        .map(|(i, (loc, le, kind, validity))| Site {
            validity: validity.clone(),
            ..build::site(
                ids[i].to_owned(),
                format!("Site {i}"),
                format!("le-{}", le.index(n_le)),
                *kind,
                format!("loc-{}", loc.index(locs.len())),
            )
        })
        .collect();
    let n_sites = n.sites.len();
    let site_id = |ix: &Index| n.sites[ix.index(n_sites)].id.clone();

    let n_fil = raw_filieres.len();
    n.filieres = raw_filieres
        .iter()
        .enumerate()
        .map(|(f, (count, acute, urgent))| {
            let levels: Vec<Level> = LEVELS[f][..*count]
                .iter()
                .map(|l| Level {
                    id: (*l).to_owned(),
                    name: None,
                })
                .collect();
            let mut flag_levels = BTreeMap::new();
            for (flag, ix) in [("most_acute", acute), ("urgent", urgent)] {
                if let Some(ix) = ix {
                    flag_levels.insert(flag.to_owned(), levels[ix.index(*count)].id.clone());
                }
            }
            Filiere {
                id: format!("f{f}"),
                name: format!("Filière {f}"),
                levels,
                flag_levels,
                source: None,
            }
        })
        .collect();

    let n_g = raw_groupings.len();
    n.groupings = raw_groupings
        .iter()
        .enumerate()
        .map(|(i, (kind, validity))| Grouping {
            validity: validity.clone(),
            ..build::grouping(format!("g-{i}"), format!("Grouping {i}"), *kind)
        })
        .collect();
    if n_g > 0 {
        n.memberships = raw_memberships
            .iter()
            .map(|(g, kind, member, role, validity)| {
                let g = g.index(n_g);
                let member = match kind {
                    1 => format!("le-{}", member.index(n_le)),
                    // another grouping: memberships may form cycles, never a self-loop
                    2 if n_g > 1 => format!("g-{}", (g + 1 + member.index(n_g - 1)) % n_g),
                    _ => site_id(member),
                };
                build::membership(format!("g-{g}"), member, *role, validity.clone())
            })
            .collect();
    }

    n.capabilities = raw_caps
        .iter()
        .map(|(site, f, level, validity)| {
            let f = f.index(n_fil);
            let levels = &n.filieres[f].levels;
            Capability {
                validity: validity.clone(),
                ..build::capability(
                    site_id(site),
                    format!("f{f}"),
                    levels[level.index(levels.len())].id.clone(),
                )
            }
        })
        .collect();

    n.tele_services = raw_teles
        .iter()
        .enumerate()
        .map(|(i, t)| TeleService {
            id: format!("t-{i}"),
            name: None,
            act: TeleAct::Teleexpertise,
            provider: site_id(&t.provider),
            requesters: t
                .requesters
                .iter()
                .map(|(kind, ix)| match kind {
                    1 => format!("le-{}", ix.index(n_le)),
                    2 if n_g > 0 => format!("g-{}", ix.index(n_g)),
                    _ => site_id(ix),
                })
                .collect(),
            national: t.national,
            filieres: filieres_of(t.filieres, n_fil),
            channel: None,
            purpose: TelePurpose::AvoidTransfer,
            hours: None,
            validity: t.validity.clone(),
            source: None,
            note: None,
        })
        .collect();
    let n_tele = n.tele_services.len();

    n.rules = raw_rules
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let filieres = filieres_of(r.filieres, n_fil);
            // Level conditions need listed filières; levels shared by all of them.
            let common = filieres
                .iter()
                .map(|f| n.filieres.iter().find(|x| &x.id == f).unwrap().levels.len())
                .min()
                .unwrap_or(0);
            let level = |ix: &Option<Index>| {
                ix.as_ref()
                    .filter(|_| common > 0)
                    .map(|ix| LEVELS[0][ix.index(common)].to_owned())
            };
            let (member_of, roles) = match &r.member_of {
                Some((g, roles)) if n_g > 0 => (Some(format!("g-{}", g.index(n_g))), roles.clone()),
                _ => (None, Vec::new()),
            };
            let origins = r
                .origins
                .iter()
                .map(|(is_site, ix)| {
                    if *is_site {
                        site_id(ix)
                    } else {
                        format!("loc-{}", ix.index(locs.len()))
                    }
                })
                .collect();
            let (age_min, age_max) = match r.ages {
                (Some(a), Some(b)) => (Some(a.min(b)), Some(a.max(b))),
                other => other,
            };
            let (kind, ix, gkind, role) = &r.target;
            let target = match kind {
                0 => Target::Site(site_id(ix)),
                1 if n_g > 0 => Target::GroupingRole {
                    grouping: format!("g-{}", ix.index(n_g)),
                    role: *role,
                },
                2 => Target::OriginGroupingRole {
                    kind: *gkind,
                    role: *role,
                },
                3 if n_g > 0 => Target::GroupingMembers(format!("g-{}", ix.index(n_g))),
                5 if n_tele > 0 => Target::TeleService(format!("t-{}", ix.index(n_tele))),
                _ => Target::AnyCapable,
            };
            Rule {
                id: format!("r-{i}"),
                name: None,
                filieres,
                origin: OriginSelector {
                    member_of,
                    roles,
                    origins,
                    site_kinds: r.site_kinds.clone(),
                },
                when: Conditions {
                    level_at_least: level(&r.levels.0),
                    level_at_most: level(&r.levels.1),
                    age_min,
                    age_max,
                    ehpad_resident: r.ehpad,
                    time_critical: r.time_critical,
                    flags: r.flags.iter().map(|f| (*f).to_owned()).collect(),
                },
                target,
                strength: r.strength,
                step: r.step,
                priority: r.priority,
                max_distance_km: r.max_km,
                validity: r.validity.clone(),
                source: None,
                note: None,
            }
        })
        .collect();
    n
}

/// Raw case choices; [`case_for`] turns them into a case of a given network.
#[derive(Debug, Clone)]
pub struct RawCase {
    filiere: (u8, Index),
    level: Option<Result<Index, &'static str>>,
    origin: (u8, Index, (f64, f64)),
    date: Result<usize, (u16, u8, u8)>,
    age: Option<u16>,
    ehpad_resident: bool,
    time_critical: bool,
    flags: Vec<&'static str>,
    max_km: Option<f64>,
    exclude: Vec<Index>,
    preferred: (u8, Index),
    include_planned: bool,
}

/// Raw choices for a case: usually valid, sometimes with an unknown filière, level or origin,
/// invalid coordinates or an invalid distance limit.
pub fn raw_case() -> impl Strategy<Value = RawCase> {
    let what = (
        (prop_oneof![25 => Just(0u8), 1 => Just(1u8)], any::<Index>()),
        prop_oneof![
            8 => Just(None),
            8 => any::<Index>().prop_map(|ix| Some(Ok(ix))),
            1 => Just(Some(Err("d"))),
            1 => Just(Some(Err("zz"))),
        ],
        (
            prop_oneof![
                20 => Just(0u8),
                8 => Just(1u8),
                8 => Just(2u8),
                1 => Just(3u8),
                1 => Just(4u8),
            ],
            any::<Index>(),
            point(),
        ),
        prop_oneof![
            3 => (0..DATES.len()).prop_map(Ok),
            2 => (2018u16..=2023, 1u8..=12, 1u8..=28).prop_map(Err),
        ],
    );
    let patient = (
        option::weighted(0.5, 0u16..100),
        any::<bool>(),
        any::<bool>(),
        subsequence(FLAGS.to_vec(), 0..=2),
    );
    let limits = (
        prop_oneof![
            24 => Just(None),
            12 => km().prop_map(Some),
            2 => Just(Some(0.0)),
            1 => select(vec![-1.0, f64::NAN, f64::INFINITY]).prop_map(Some),
        ],
        prop_oneof![3 => Just(Vec::new()), 1 => vec(any::<Index>(), 1..=2)],
        (
            prop_oneof![4 => Just(0u8), 2 => Just(1u8), 1 => Just(2u8)],
            any::<Index>(),
        ),
        prop::bool::weighted(0.3),
    );
    (what, patient, limits).prop_map(
        |(
            (filiere, level, origin, date),
            (age, ehpad_resident, time_critical, flags),
            (max_km, exclude, preferred, include_planned),
        )| RawCase {
            filiere,
            level,
            origin,
            date,
            age,
            ehpad_resident,
            time_critical,
            flags,
            max_km,
            exclude,
            preferred,
            include_planned,
        },
    )
}

/// The case the raw choices describe in network `n`.
///
/// # Panics
/// If `n` has no site, location or filière, which the strategies of this module never
/// generate, or if `raw` was not made by [`raw_case`].
pub fn case_for(raw: &RawCase, n: &Network) -> Case {
    let site_id = |ix: &Index| n.sites[ix.index(n.sites.len())].id.clone();
    let filiere = match raw.filiere {
        (0, ix) => Some(&n.filieres[ix.index(n.filieres.len())]),
        _ => None,
    };
    // A level of the filière, or one that may not be (`d`), or an unknown one.
    let level = raw.level.as_ref().map(|l| match (l, filiere) {
        (Ok(ix), Some(f)) => f.levels[ix.index(f.levels.len())].id.clone(),
        (Ok(_), None) => "a".to_owned(),
        (Err(other), _) => (*other).to_owned(),
    });
    let filiere = filiere.map_or_else(|| "unknown-filiere".to_owned(), |f| f.id.clone());
    let (kind, ix, (lat, lon)) = &raw.origin;
    let origin = match kind {
        0 => Origin::Id(site_id(ix)),
        1 => Origin::Id(n.locations[ix.index(n.locations.len())].id.clone()),
        2 => Origin::Point {
            lat: *lat,
            lon: *lon,
        },
        3 => Origin::Id("nowhere".into()),
        _ => Origin::Point {
            lat: 91.0,
            lon: *lon,
        },
    };
    let date = match raw.date {
        Ok(i) => date(i),
        Err((y, m, d)) => Date::new(y, m, d).unwrap(),
    };
    let preferred_site = match raw.preferred {
        (1, ix) => Some(site_id(&ix)),
        (2, _) => Some("nowhere".into()),
        _ => None,
    };
    Case {
        id: None,
        filiere,
        level,
        origin,
        date,
        age: raw.age,
        ehpad_resident: raw.ehpad_resident,
        time_critical: raw.time_critical,
        flags: raw.flags.iter().map(|f| (*f).to_owned()).collect(),
        max_distance_km: raw.max_km,
        exclude: raw.exclude.iter().map(site_id).collect(),
        preferred_site,
        include_planned: raw.include_planned,
    }
}

/// A network with 1 to `max_cases` cases for it.
pub fn network_and_cases(
    network: impl Strategy<Value = Network>,
    max_cases: usize,
) -> impl Strategy<Value = (Network, Vec<Case>)> {
    (network, vec(raw_case(), 1..=max_cases)).prop_map(|(n, raws)| {
        let cases = raws.iter().map(|r| case_for(r, &n)).collect();
        (n, cases)
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_pool_date_is_a_date() {
        for (i, text) in super::DATES.iter().enumerate() {
            assert_eq!(super::date(i).to_string(), *text);
        }
    }
}
