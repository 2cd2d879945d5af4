//! A seeded generator of national-size synthetic networks and case sets, for benchmarks and
//! scale tests. The data is invented (no real establishment), deterministic for a seed, and
//! always valid.
//!
//! ```
//! let net = parcours_testkit::synthetic::national(&parcours_testkit::synthetic::Params::small(), 7);
//! net.validate().unwrap();
//! assert_eq!(net.groupings.iter().filter(|g| g.kind == parcours::GroupingKind::Ght).count(), 4);
//! ```

use crate::build;
use parcours::route::{Case, Origin};
use parcours::{
    Capability, Conditions, Filiere, Grouping, GroupingKind, LegalStatus, Level, Network,
    OriginSelector, Role, Rule, Scope, SiteKind, Step, Strength, Target,
};
use parcours::{Date, Validity};

/// Size of a synthetic network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Params {
    /// Number of GHTs; each has a CHU support and `sites_per_ght - 1` other sites.
    pub ghts: usize,
    /// Sites per GHT.
    pub sites_per_ght: usize,
    /// Number of GCS, each of 3 to 6 sites of one GHT.
    pub gcs: usize,
    /// Number of filières, with 3 or 4 levels.
    pub filieres: usize,
    /// Site-specific rules added to reach the target rule count.
    pub site_rules: usize,
}

impl Params {
    /// The national-size network of the benchmarks: about 4,000 sites, 135 GHTs, 300 GCS,
    /// 30 filières, 20,000 rules.
    pub fn national() -> Self {
        Self {
            ghts: 135,
            sites_per_ght: 30,
            gcs: 300,
            filieres: 30,
            site_rules: 3_200,
        }
    }

    /// A small network for examples and quick tests.
    pub fn small() -> Self {
        Self {
            ghts: 4,
            sites_per_ght: 6,
            gcs: 3,
            filieres: 3,
            site_rules: 10,
        }
    }
}

/// SplitMix64: tiny, seedable, good enough for synthetic data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for a seed.
    pub fn new(seed: u64) -> Self {
        Self(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        usize::try_from(self.next_u64() % (n as u64)).unwrap_or(0)
    }

    /// Uniform in `[0, 1)`.
    #[allow(clippy::cast_precision_loss)] // 53 bits of a u64 make a uniform f64
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

fn day(y: u16, m: u8, d: u8) -> Option<Date> {
    Date::new(y, m, d)
}

fn from_year(y: u16) -> Validity {
    Validity {
        from: day(y, 1, 1),
        ..Validity::default()
    }
}

/// Generates a synthetic network.
#[allow(clippy::too_many_lines)] // one section per entity list
pub fn national(p: &Params, seed: u64) -> Network {
    let mut rng = Rng::new(seed);
    let mut n = Network {
        id: format!("synthetic-{seed}"),
        name: format!("Synthetic national network (seed {seed})"),
        description: Some("Invented data for benchmarks; no real establishment.".into()),
        // No territories: people enter at the nearest site working in the filière, anywhere.
        entry: Some(parcours::EntryPolicy::default()),
        ..Network::default()
    };
    let level_names = ["proximite", "reference", "recours", "expertise"];
    for f in 0..p.filieres {
        let count = 3 + usize::from(f % 3 == 0);
        n.filieres.push(Filiere {
            id: format!("f{f:02}"),
            name: format!("Filière {f:02}"),
            levels: level_names
                .iter()
                .take(count)
                .map(|l| Level {
                    id: (*l).to_owned(),
                    name: None,
                })
                .collect(),
            flag_levels: [("most_acute".to_owned(), "recours".to_owned())]
                .into_iter()
                .collect(),
            source: None,
        });
    }
    let top = |f: usize| -> usize { 2 + usize::from(f % 3 == 0) };
    let mut sites_of_ght: Vec<Vec<usize>> = Vec::with_capacity(p.ghts);
    for g in 0..p.ghts {
        // Territory centres over mainland France.
        let (clat, clon) = (42.5 + rng.unit() * 8.5, -4.5 + rng.unit() * 12.5);
        let gid = format!("ght-{g:03}");
        n.groupings.push(Grouping {
            id: gid.clone(),
            name: format!("GHT {g:03}"),
            kind: GroupingKind::Ght,
            legal_personality: false,
            scope: Scope::default(),
            validity: Validity {
                from: day(2016, 7, 1),
                ..Validity::default()
            },
            figures: Vec::new(),
            source: None,
            note: None,
        });
        let mut members = Vec::new();
        for k in 0..p.sites_per_ght {
            let i = n.sites.len();
            let (kind, status) = match k {
                0 => (SiteKind::Chu, LegalStatus::Public),
                _ if k % 5 == 0 => (SiteKind::Clinic, LegalStatus::PrivateForProfit),
                _ if k % 7 == 0 => (SiteKind::Ehpad, LegalStatus::Public),
                _ => (SiteKind::Hospital, LegalStatus::Public),
            };
            let (lat, lon) = if k == 0 {
                (clat, clon)
            } else {
                (
                    clat + (rng.unit() - 0.5) * 1.6,
                    clon + (rng.unit() - 0.5) * 2.2,
                )
            };
            n.locations.push(build::location(
                format!("loc-{i}"),
                format!("Commune {i}"),
                lat,
                lon,
            ));
            n.legal_entities.push(build::legal_entity(
                format!("ej-{i}"),
                format!("Entité {i}"),
                status,
            ));
            n.sites.push(build::site(
                format!("s{i:04}"),
                format!("Site {i}"),
                format!("ej-{i}"),
                kind,
                format!("loc-{i}"),
            ));
            let role = match (k, status) {
                (0, _) => Role::Support,
                (_, LegalStatus::Public) => Role::Party,
                _ => Role::Partner,
            };
            n.memberships.push(build::membership(
                gid.clone(),
                format!("ej-{i}"),
                role,
                if rng.chance(0.1) {
                    from_year(2017 + u16::try_from(rng.below(6)).unwrap_or(0))
                } else {
                    Validity::default()
                },
            ));
            // Capabilities: the CHU holds every filière at its top level.
            for f in 0..p.filieres {
                let level = match kind {
                    SiteKind::Chu => Some(top(f)),
                    SiteKind::Hospital if rng.chance(0.45) => Some(rng.below(2)),
                    SiteKind::Clinic if rng.chance(0.3) => Some(rng.below(3)),
                    _ => None,
                };
                if let Some(level) = level {
                    n.capabilities.push(Capability {
                        validity: if rng.chance(0.15) {
                            from_year(2015 + u16::try_from(rng.below(8)).unwrap_or(0))
                        } else {
                            Validity::default()
                        },
                        ..build::capability(
                            format!("s{i:04}"),
                            format!("f{f:02}"),
                            level_names
                                .get(level)
                                .copied()
                                .unwrap_or("proximite")
                                .to_owned(),
                        )
                    });
                }
            }
            members.push(i);
        }
        sites_of_ght.push(members);
    }
    let rule = |id: String,
                filiere: usize,
                origin: OriginSelector,
                when: Conditions,
                target: Target,
                strength: Strength,
                step: Step,
                priority: i32| Rule {
        id,
        name: None,
        filieres: vec![format!("f{filiere:02}")],
        origin,
        when,
        target,
        strength,
        step,
        priority,
        max_distance_km: None,
        validity: Validity::default(),
        source: None,
        note: None,
    };
    let member_of = |g: &str| OriginSelector {
        member_of: Some(g.to_owned()),
        ..OriginSelector::default()
    };
    // GCS between sites of one GHT, with a mandatory partner rule per scope filière.
    for c in 0..p.gcs {
        let g = rng.below(p.ghts);
        let gid = format!("gcs-{c:03}");
        let size = 3 + rng.below(4);
        let pool = sites_of_ght.get(g).cloned().unwrap_or_default();
        let mut chosen: Vec<usize> = Vec::new();
        while chosen.len() < size.min(pool.len().saturating_sub(1)) {
            let s = pool
                .get(1 + rng.below(pool.len().saturating_sub(1)))
                .copied()
                .unwrap_or(0);
            if !chosen.contains(&s) {
                chosen.push(s);
            }
        }
        let scope: Vec<usize> = (0..=rng.below(3)).map(|_| rng.below(p.filieres)).collect();
        let start = 2016 + u16::try_from(rng.below(6)).unwrap_or(0);
        n.groupings.push(Grouping {
            legal_personality: true,
            scope: Scope {
                filieres: scope.iter().map(|f| format!("f{f:02}")).collect(),
                programmes: Vec::new(),
            },
            validity: from_year(start),
            ..build::grouping(gid.clone(), format!("GCS {c:03}"), GroupingKind::GcsMoyens)
        });
        for s in &chosen {
            n.memberships.push(build::membership(
                gid.clone(),
                format!("s{s:04}"),
                Role::Member,
                Validity::default(),
            ));
        }
        for (k, f) in scope.iter().enumerate() {
            let mut r = rule(
                format!("{gid}-partner-{k}"),
                *f,
                member_of(&gid),
                Conditions::default(),
                Target::GroupingMembers(gid.clone()),
                Strength::Mandatory,
                Step::Partner,
                10,
            );
            r.max_distance_km = Some(80.0);
            n.rules.push(r);
        }
    }
    // Per GHT and filière: most-acute recourse, high-level recourse, a preferred pathway and the
    // fallback recourse to the support.
    for g in 0..p.ghts {
        let gid = format!("ght-{g:03}");
        let pool = sites_of_ght.get(g).cloned().unwrap_or_default();
        for f in 0..p.filieres {
            let support = Target::GroupingRole {
                grouping: gid.clone(),
                role: Role::Support,
            };
            n.rules.push(rule(
                format!("{gid}-f{f:02}-acute"),
                f,
                member_of(&gid),
                Conditions {
                    flags: vec!["most_acute".into()],
                    ..Conditions::default()
                },
                support.clone(),
                Strength::Mandatory,
                Step::Recourse,
                20,
            ));
            n.rules.push(rule(
                format!("{gid}-f{f:02}-recours"),
                f,
                member_of(&gid),
                Conditions {
                    level_at_least: Some("recours".into()),
                    ..Conditions::default()
                },
                support,
                Strength::Mandatory,
                Step::Recourse,
                15,
            ));
            let partner = pool
                .get(1 + rng.below(pool.len().saturating_sub(1)))
                .copied()
                .unwrap_or(0);
            n.rules.push(rule(
                format!("{gid}-f{f:02}-pathway"),
                f,
                member_of(&gid),
                Conditions::default(),
                Target::Site(format!("s{partner:04}")),
                Strength::Preferred,
                Step::PreferredPathway,
                0,
            ));
            n.rules.push(rule(
                format!("{gid}-f{f:02}-fallback"),
                f,
                member_of(&gid),
                Conditions::default(),
                Target::OriginGroupingRole {
                    kind: GroupingKind::Ght,
                    role: Role::Support,
                },
                Strength::Fallback,
                Step::Recourse,
                0,
            ));
        }
    }
    // Site-specific paediatric pathways.
    for k in 0..p.site_rules {
        let origin = rng.below(n.sites.len());
        let f = rng.below(p.filieres);
        let g = origin / p.sites_per_ght.max(1);
        n.rules.push(rule(
            format!("site-rule-{k}"),
            f,
            OriginSelector {
                origins: vec![format!("s{origin:04}")],
                ..OriginSelector::default()
            },
            Conditions {
                age_max: Some(15),
                ..Conditions::default()
            },
            Target::GroupingRole {
                grouping: format!("ght-{g:03}"),
                role: Role::Support,
            },
            Strength::Preferred,
            Step::PreferredPathway,
            5,
        ));
    }
    n
}

/// Random cases over a network: random filière, level, origin site, date between 2016 and
/// 2024, age, and occasionally the `most_acute` flag.
pub fn cases(network: &Network, count: usize, seed: u64) -> Vec<Case> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::with_capacity(count);
    if network.filieres.is_empty() || network.sites.is_empty() {
        return out;
    }
    for i in 0..count {
        let Some(f) = network.filieres.get(rng.below(network.filieres.len())) else {
            continue;
        };
        let Some(site) = network.sites.get(rng.below(network.sites.len())) else {
            continue;
        };
        let level = f
            .levels
            .get(rng.below(f.levels.len()))
            .map(|l| l.id.clone());
        // Days 1 to 28 exist in every month, so the date always exists.
        let Some(date) = Date::new(
            2016 + u16::try_from(rng.below(9)).unwrap_or(0),
            1 + u8::try_from(rng.below(12)).unwrap_or(0),
            1 + u8::try_from(rng.below(28)).unwrap_or(0),
        ) else {
            continue;
        };
        let mut case = Case::new(f.id.clone(), site.id.clone(), date);
        case.id = Some(format!("case-{i}").into());
        case.level = level;
        case.age = Some(u16::try_from(rng.below(100)).unwrap_or(0));
        if rng.chance(0.05) {
            case.flags.push("most_acute".into());
        }
        if rng.chance(0.02) {
            case.origin = Origin::Point {
                lat: 42.5 + rng.unit() * 8.5,
                lon: -4.5 + rng.unit() * 12.5,
            };
        }
        out.push(case);
    }
    out
}

/// `count` synthetic communes for coverage analyses: ids `c00001`…, coordinates uniform over the
/// same box as [`national`]'s sites (metropolitan France, roughly), populations from a
/// heavy-tailed distribution (most communes small, a few large), as French communes are.
///
/// ```
/// let communes = parcours_testkit::synthetic::communes(35_000, 3);
/// assert_eq!(communes.len(), 35_000);
/// assert!(communes.iter().all(|c| c.population.is_some_and(|p| p >= 50.0)));
/// ```
pub fn communes(count: usize, seed: u64) -> Vec<parcours::analysis::CoverageOrigin> {
    let mut rng = Rng::new(seed);
    (0..count)
        .map(|i| {
            let (lat, lon) = (42.5 + rng.unit() * 8.5, -4.5 + rng.unit() * 12.5);
            // Pareto-like: 50 / u^1.2 inhabitants, capped at 500,000.
            let u = rng.unit().max(1e-4);
            let population = (50.0 / u.powf(1.2)).min(500_000.0).round();
            parcours::analysis::CoverageOrigin {
                id: format!("c{:05}", i + 1),
                name: None,
                origin: Origin::Point { lat, lon },
                population: Some(population),
            }
        })
        .collect()
}
