//! Structured inputs of the parcours fuzz targets.
//!
//! [`FuzzNetwork`] and [`FuzzCase`] derive (or implement) [`Arbitrary`]: libFuzzer's bytes become
//! a network of a few dozen entities at most, whose references mostly point at an entity of the
//! right kind (so that most inputs pass validation and reach the engine and the checks), and
//! sometimes at an entity of the wrong kind or at an arbitrary string (so that validation is
//! fuzzed too). Ids are mostly generated (`site3`), sometimes arbitrary text (duplicates, empty
//! ids, unicode). Coordinates, distances and dates are mostly in range, sometimes extreme or not
//! numbers at all. `arbitrary` is a dependency of this crate only, never of the core.

use crate::build;
use std::collections::BTreeMap;

use arbitrary::{Arbitrary, Unstructured};
use parcours::route::{Case, Origin};
use parcours::{
    Activity, Capability, Conditions, Date, Filiere, Grouping, GroupingKind, LegalStatus, Level,
    Network, OriginSelector, Precision, Role, Rule, ServiceKind, SharedService, Site, SiteKind,
    Status, Step, Strength, Target, TeleAct, TelePurpose, TeleService, Validity,
};

/// An id: generated from the entity's kind and index, or arbitrary text one time in 64.
#[derive(Debug)]
pub enum FuzzId {
    /// `<kind><index>`.
    Auto,
    /// Any text: duplicates, empty, blank, over-long, unicode.
    Raw(String),
}

impl<'a> Arbitrary<'a> for FuzzId {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(if u.ratio(1u8, 64u8)? {
            Self::Raw(u.arbitrary()?)
        } else {
            Self::Auto
        })
    }
}

/// A reference: to an entity of the right kind 252 times in 256, else to any entity (wrong
/// kind) or to arbitrary text (unknown reference).
#[derive(Debug)]
pub enum FuzzRef {
    /// The n-th entity of the expected kind (modulo their number).
    Pick(u8),
    /// The n-th id of the whole network, whatever its kind.
    Any(u8),
    /// Any text.
    Raw(String),
}

impl<'a> Arbitrary<'a> for FuzzRef {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u.arbitrary::<u8>()? {
            0..=251 => Self::Pick(u.arbitrary()?),
            252..=253 => Self::Any(u.arbitrary()?),
            _ => Self::Raw(u.arbitrary()?),
        })
    }
}

/// A float: a plausible value most of the time, any `f64` (NaN, infinities, huge) sometimes.
#[derive(Debug)]
pub enum FuzzFloat {
    /// `n / 100` with `n` an `i16`: -327.68 to 327.67.
    Plain(i16),
    /// Any bit pattern.
    Raw(f64),
}

impl<'a> Arbitrary<'a> for FuzzFloat {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(if u.ratio(1u8, 16u8)? {
            Self::Raw(u.arbitrary()?)
        } else {
            Self::Plain(u.arbitrary()?)
        })
    }
}

impl FuzzFloat {
    fn value(&self) -> f64 {
        match *self {
            Self::Plain(n) => f64::from(n) / 100.0,
            Self::Raw(x) => x,
        }
    }

    /// A latitude or longitude near 47° N 5° E (a box of about 650 x 490 km), or any float.
    fn degrees(&self, centre: f64) -> f64 {
        match *self {
            Self::Plain(n) => centre + f64::from(n) / 10_000.0 * 3.0,
            Self::Raw(x) => x,
        }
    }
}

/// A date: days after 2014-01-01 (within about 11 years), or one of the extreme dates.
#[derive(Debug, Arbitrary)]
pub struct FuzzDate(u16);

impl FuzzDate {
    fn date(&self) -> Date {
        let first = Date::new(2014, 1, 1).map_or(16_071, Date::epoch_day);
        match self.0 {
            u16::MAX => Date::new(9999, 12, 31),
            0xFFFE => Date::new(1000, 1, 1),
            n => Date::from_epoch_day(first + i32::from(n % 4096)),
        }
        .or_else(|| Date::new(2020, 1, 1))
        .expect("2020-01-01 is a date")
    }
}

/// A validity period: `from` is before `to` unless `precision` is 255 (then the dates are kept
/// as drawn, and may be in the wrong order, which validation refuses).
#[derive(Debug, Arbitrary)]
pub struct FuzzValidity {
    from: Option<FuzzDate>,
    to: Option<FuzzDate>,
    precision: u8,
    status: u8,
}

impl FuzzValidity {
    fn validity(&self) -> Validity {
        let mut from = self.from.as_ref().map(FuzzDate::date);
        let mut to = self.to.as_ref().map(FuzzDate::date);
        if let (Some(f), Some(t)) = (from, to)
            && f > t
            && self.precision != u8::MAX
        {
            (from, to) = (Some(t), Some(f));
        }
        Validity {
            from,
            to,
            precision: pick(
                &[
                    Precision::Day,
                    Precision::Month,
                    Precision::Year,
                    Precision::Approximate,
                ],
                self.precision,
            ),
            status: pick(
                &[
                    Status::Active,
                    Status::Active,
                    Status::Active,
                    Status::Ended,
                    Status::Planned,
                    Status::InProgress,
                ],
                self.status,
            ),
        }
    }
}

#[allow(missing_docs)]
#[derive(Debug, Arbitrary)]
pub struct FuzzLocation {
    pub id: FuzzId,
    pub lat: FuzzFloat,
    pub lon: FuzzFloat,
}

#[allow(missing_docs)]
#[derive(Debug, Arbitrary)]
pub struct FuzzLegalEntity {
    pub id: FuzzId,
    pub status: u8,
}

#[allow(missing_docs)]
#[derive(Debug, Arbitrary)]
pub struct FuzzSite {
    pub id: FuzzId,
    pub legal_entity: FuzzRef,
    pub location: FuzzRef,
    pub kind: u8,
    pub validity: FuzzValidity,
}

#[allow(missing_docs)]
#[derive(Debug, Arbitrary)]
pub struct FuzzFiliere {
    pub id: FuzzId,
    /// Number of levels: 1 to 7, or none when 255.
    pub levels: u8,
    /// Flags mapped to a level (flag index, level index).
    pub flag_levels: Vec<(u8, u8)>,
}

#[allow(missing_docs)]
#[derive(Debug, Arbitrary)]
pub struct FuzzGrouping {
    pub id: FuzzId,
    pub kind: u8,
    pub validity: FuzzValidity,
}

#[allow(missing_docs)]
#[derive(Debug, Arbitrary)]
pub struct FuzzMembership {
    pub grouping: FuzzRef,
    /// The member: a site, a legal entity or a grouping, chosen by `member_kind`.
    pub member: FuzzRef,
    pub member_kind: u8,
    pub role: u8,
    pub validity: FuzzValidity,
}

#[allow(missing_docs)]
#[derive(Debug, Arbitrary)]
pub struct FuzzCapability {
    pub site: FuzzRef,
    pub filiere: FuzzRef,
    pub level: u8,
    pub holder: Option<FuzzRef>,
    pub validity: FuzzValidity,
}

#[allow(missing_docs)]
#[derive(Debug, Arbitrary)]
pub struct FuzzRule {
    pub id: FuzzId,
    pub filieres: Vec<FuzzRef>,
    pub member_of: Option<FuzzRef>,
    pub roles: Vec<u8>,
    pub origins: Vec<FuzzRef>,
    pub site_kinds: Vec<u8>,
    pub level_at_least: Option<u8>,
    pub level_at_most: Option<u8>,
    pub age_min: Option<u16>,
    pub age_max: Option<u16>,
    pub ehpad_resident: Option<bool>,
    pub time_critical: Option<bool>,
    pub flags: Vec<u8>,
    pub target_kind: u8,
    pub target: FuzzRef,
    pub target_role: u8,
    pub strength: u8,
    pub step: u8,
    pub priority: i32,
    pub max_distance_km: Option<FuzzFloat>,
    pub validity: FuzzValidity,
}

#[allow(missing_docs)]
#[derive(Debug, Arbitrary)]
pub struct FuzzTeleService {
    pub id: FuzzId,
    pub act: u8,
    pub provider: FuzzRef,
    pub requesters: Vec<(u8, FuzzRef)>,
    pub national: bool,
    pub filieres: Vec<FuzzRef>,
    pub purpose: u8,
    pub validity: FuzzValidity,
}

#[allow(missing_docs)]
#[derive(Debug, Arbitrary)]
pub struct FuzzSharedService {
    pub id: FuzzId,
    pub kind: u8,
    pub provider: FuzzRef,
    pub beneficiaries: Vec<(u8, FuzzRef)>,
    pub vehicle: Option<FuzzRef>,
    pub validity: FuzzValidity,
}

/// A whole network, see the module docs.
#[allow(missing_docs)]
#[derive(Debug, Arbitrary)]
pub struct FuzzNetwork {
    pub locations: Vec<FuzzLocation>,
    pub legal_entities: Vec<FuzzLegalEntity>,
    pub sites: Vec<FuzzSite>,
    pub filieres: Vec<FuzzFiliere>,
    pub groupings: Vec<FuzzGrouping>,
    pub memberships: Vec<FuzzMembership>,
    pub capabilities: Vec<FuzzCapability>,
    pub rules: Vec<FuzzRule>,
    pub tele_services: Vec<FuzzTeleService>,
    pub shared_services: Vec<FuzzSharedService>,
}

/// Where a fuzzed case comes from.
#[derive(Debug, Arbitrary)]
pub enum FuzzOrigin {
    /// A site of the network.
    Site(u8),
    /// A location of the network.
    Location(u8),
    /// Coordinates.
    Point(FuzzFloat, FuzzFloat),
    /// Any text.
    Raw(String),
}

/// A case to route on a [`FuzzNetwork`].
#[allow(missing_docs)]
#[derive(Debug, Arbitrary)]
pub struct FuzzCase {
    pub filiere: FuzzRef,
    pub level: Option<u8>,
    pub origin: FuzzOrigin,
    pub date: FuzzDate,
    pub age: Option<u16>,
    pub ehpad_resident: bool,
    pub time_critical: bool,
    pub flags: Vec<u8>,
    pub max_distance_km: Option<FuzzFloat>,
    pub exclude: Vec<FuzzRef>,
    pub preferred_site: Option<FuzzRef>,
    pub include_planned: bool,
}

const FLAGS: [&str; 3] = ["most_acute", "urgent", "other"];
const LEVELS: [&str; 7] = ["a", "b", "c", "d", "e", "f", "g"];

fn pick<T: Copy>(items: &[T], n: u8) -> T {
    items[usize::from(n) % items.len()]
}

/// The `n`-th level (modulo their number) of filière `id`, or of the default scale when there
/// is no such filière.
fn level_of(filieres: &[Filiere], id: &str, n: u8) -> String {
    let levels: Vec<&str> = filieres
        .iter()
        .find(|f| f.id == id)
        .map(|f| f.levels.iter().map(|l| l.id.as_str()).collect())
        .filter(|l: &Vec<&str>| !l.is_empty())
        .unwrap_or_else(|| LEVELS.to_vec());
    pick(&levels, n).to_owned()
}

/// A level that every filière of `ids` has (they all start with `a`, `b`, ...): the `n`-th of
/// the shortest scale.
fn common_level(filieres: &[Filiere], ids: &[String], n: u8) -> String {
    let shortest = ids
        .iter()
        .filter_map(|id| filieres.iter().find(|f| &f.id == id))
        .map(|f| f.levels.len())
        .min()
        .unwrap_or(LEVELS.len())
        .max(1);
    pick(&LEVELS[..shortest.min(LEVELS.len())], n).to_owned()
}

/// Ids of the network, per kind, resolved as the entities are generated.
#[derive(Default)]
struct Ids {
    locations: Vec<String>,
    legal_entities: Vec<String>,
    sites: Vec<String>,
    filieres: Vec<String>,
    groupings: Vec<String>,
    tele_services: Vec<String>,
    all: Vec<String>,
}

fn make_id(id: &FuzzId, prefix: &str, i: usize) -> String {
    match id {
        FuzzId::Auto => format!("{prefix}{i}"),
        FuzzId::Raw(s) => s.clone(),
    }
}

fn resolve(r: &FuzzRef, of_kind: &[String], all: &[String]) -> String {
    let nth = |list: &[String], n: u8| {
        list.get(usize::from(n) % list.len().max(1))
            .cloned()
            .unwrap_or_else(|| "missing".to_owned())
    };
    match r {
        FuzzRef::Pick(n) => nth(of_kind, *n),
        FuzzRef::Any(n) => nth(all, *n),
        FuzzRef::Raw(s) => s.clone(),
    }
}

impl FuzzNetwork {
    /// The parcours network these choices describe.
    #[allow(clippy::too_many_lines)] // one block per entity list, in file order
    pub fn network(&self) -> Network {
        let mut ids = Ids::default();
        let mut n = Network {
            id: "fuzz".into(),
            name: "Fuzzed network".into(),
            ..Network::default()
        };
        // One location, legal entity, site (with a capability), filière and GHT (the site its
        // support) always exist, so that most references resolve and most networks compile
        // and route something.
        n.locations
            .push(build::location("loc-d", "Default location", 47.0, 5.0));
        n.legal_entities.push(build::legal_entity(
            "ej-d",
            "Default entity",
            LegalStatus::Public,
        ));
        n.filieres.push(Filiere {
            id: "fil-d".into(),
            name: "Default filière".into(),
            levels: LEVELS
                .iter()
                .take(4)
                .map(|l| Level {
                    id: (*l).to_owned(),
                    name: None,
                })
                .collect(),
            flag_levels: BTreeMap::from([("most_acute".to_owned(), "d".to_owned())]),
            source: None,
        });
        for (list, id) in [
            (&mut ids.locations, "loc-d"),
            (&mut ids.legal_entities, "ej-d"),
            (&mut ids.filieres, "fil-d"),
            (&mut ids.sites, "site-d"),
            (&mut ids.groupings, "grp-d"),
        ] {
            list.push(id.to_owned());
            ids.all.push(id.to_owned());
        }
        n.sites.push(build::site(
            "site-d",
            "Default site",
            "ej-d",
            SiteKind::Hospital,
            "loc-d",
        ));
        n.groupings
            .push(build::grouping("grp-d", "Default GHT", GroupingKind::Ght));
        n.memberships.push(build::membership(
            "grp-d",
            "site-d",
            Role::Support,
            Validity::default(),
        ));
        n.capabilities
            .push(build::capability("site-d", "fil-d", "b"));
        for (i, l) in self.locations.iter().enumerate() {
            let id = make_id(&l.id, "loc", i);
            ids.locations.push(id.clone());
            ids.all.push(id.clone());
            n.locations.push(build::location(
                id,
                format!("Location {i}"),
                l.lat.degrees(47.0),
                l.lon.degrees(5.0),
            ));
        }
        for (i, e) in self.legal_entities.iter().enumerate() {
            let id = make_id(&e.id, "ej", i);
            ids.legal_entities.push(id.clone());
            ids.all.push(id.clone());
            n.legal_entities.push(build::legal_entity(
                id,
                format!("Entity {i}"),
                pick(
                    &[
                        LegalStatus::Public,
                        LegalStatus::Espic,
                        LegalStatus::PrivateForProfit,
                        LegalStatus::PrivateNonProfit,
                        LegalStatus::Association,
                        LegalStatus::Foundation,
                        LegalStatus::Mutual,
                    ],
                    e.status,
                ),
            ));
        }
        for (i, s) in self.sites.iter().enumerate() {
            let id = make_id(&s.id, "site", i);
            ids.sites.push(id.clone());
            ids.all.push(id.clone());
            n.sites.push(Site {
                validity: s.validity.validity(),
                ..build::site(
                    id,
                    format!("Site {i}"),
                    resolve(&s.legal_entity, &ids.legal_entities, &ids.all),
                    pick(
                        &[
                            SiteKind::Chu,
                            SiteKind::Hospital,
                            SiteKind::Clinic,
                            SiteKind::Ehpad,
                            SiteKind::CancerCentre,
                            SiteKind::GpAssociation,
                            SiteKind::Had,
                        ],
                        s.kind,
                    ),
                    resolve(&s.location, &ids.locations, &ids.all),
                )
            });
        }
        for (i, f) in self.filieres.iter().enumerate() {
            let id = make_id(&f.id, "fil", i);
            ids.filieres.push(id.clone());
            ids.all.push(id.clone());
            // 1 to 7 levels; none (which validation refuses) when `levels` is 255.
            let count = if f.levels == u8::MAX {
                0
            } else {
                usize::from(f.levels % 7) + 1
            };
            let levels: Vec<Level> = LEVELS
                .iter()
                .take(count)
                .map(|l| Level {
                    id: (*l).to_owned(),
                    name: None,
                })
                .collect();
            // A flag maps to one of the filière's levels, or (level >= 248) to any level.
            let flag_levels: BTreeMap<String, String> = f
                .flag_levels
                .iter()
                .map(|&(flag, level)| {
                    let among = if level >= 248 || count == 0 {
                        &LEVELS[..]
                    } else {
                        &LEVELS[..count]
                    };
                    (pick(&FLAGS, flag).to_owned(), pick(among, level).to_owned())
                })
                .collect();
            n.filieres.push(Filiere {
                id,
                name: format!("Filière {i}"),
                levels,
                flag_levels,
                source: None,
            });
        }
        for (i, g) in self.groupings.iter().enumerate() {
            let id = make_id(&g.id, "grp", i);
            ids.groupings.push(id.clone());
            ids.all.push(id.clone());
            n.groupings.push(Grouping {
                legal_personality: g.kind & 0x80 != 0,
                validity: g.validity.validity(),
                ..build::grouping(
                    id,
                    format!("Grouping {i}"),
                    pick(
                        &[
                            GroupingKind::Ght,
                            GroupingKind::GcsMoyens,
                            GroupingKind::GcsEs,
                            GroupingKind::AllianceConvention,
                            GroupingKind::Federation,
                            GroupingKind::OperatorGroup,
                        ],
                        g.kind,
                    ),
                )
            });
        }
        let roles = [
            Role::Support,
            Role::Party,
            Role::Partner,
            Role::AssociatedChu,
            Role::FoundingMember,
            Role::Member,
            Role::Beneficiary,
        ];
        let member = |kind: u8, r: &FuzzRef, ids: &Ids| -> String {
            let list = match kind % 3 {
                0 => &ids.sites,
                1 => &ids.legal_entities,
                _ => &ids.groupings,
            };
            resolve(r, list, &ids.all)
        };
        for m in &self.memberships {
            n.memberships.push(build::membership(
                resolve(&m.grouping, &ids.groupings, &ids.all),
                {
                    // A grouping that is its own member is refused: keep it rare.
                    let grouping = resolve(&m.grouping, &ids.groupings, &ids.all);
                    let member = member(m.member_kind, &m.member, &ids);
                    if member == grouping && m.role != u8::MAX {
                        "site-d".to_owned()
                    } else {
                        member
                    }
                },
                pick(&roles, m.role),
                m.validity.validity(),
            ));
        }
        for c in &self.capabilities {
            let filiere = resolve(&c.filiere, &ids.filieres, &ids.all);
            n.capabilities.push(Capability {
                activity: (c.level & 0x80 != 0).then_some(Activity::Chirurgie),
                holder: c
                    .holder
                    .as_ref()
                    .map(|h| resolve(h, &ids.groupings, &ids.all)),
                validity: c.validity.validity(),
                ..build::capability(
                    resolve(&c.site, &ids.sites, &ids.all),
                    filiere.clone(),
                    level_of(&n.filieres, &filiere, c.level),
                )
            });
        }
        // Tele-service ids first: rules may target them.
        for (i, t) in self.tele_services.iter().enumerate() {
            let id = make_id(&t.id, "tele", i);
            ids.tele_services.push(id.clone());
            ids.all.push(id);
        }
        for (i, r) in self.rules.iter().enumerate() {
            let id = make_id(&r.id, "rule", i);
            let target = match r.target_kind % 6 {
                0 => Target::Site(resolve(&r.target, &ids.sites, &ids.all)),
                1 => Target::GroupingRole {
                    grouping: resolve(&r.target, &ids.groupings, &ids.all),
                    role: pick(&roles, r.target_role),
                },
                2 => Target::OriginGroupingRole {
                    kind: pick(
                        &[GroupingKind::Ght, GroupingKind::GcsMoyens],
                        r.target_role >> 4,
                    ),
                    role: pick(&roles, r.target_role),
                },
                3 => Target::GroupingMembers(resolve(&r.target, &ids.groupings, &ids.all)),
                4 => Target::AnyCapable,
                _ if ids.tele_services.is_empty() => Target::AnyCapable,
                _ => Target::TeleService(resolve(&r.target, &ids.tele_services, &ids.all)),
            };
            let rule_filieres: Vec<String> = r
                .filieres
                .iter()
                .map(|f| resolve(f, &ids.filieres, &ids.all))
                .collect();
            let origins = r
                .origins
                .iter()
                .map(|o| {
                    let mut both = ids.sites.clone();
                    both.extend(ids.locations.iter().cloned());
                    resolve(o, &both, &ids.all)
                })
                .collect();
            n.rules.push(Rule {
                id: id.clone(),
                name: None,
                filieres: rule_filieres.clone(),
                origin: OriginSelector {
                    member_of: r
                        .member_of
                        .as_ref()
                        .map(|g| resolve(g, &ids.groupings, &ids.all)),
                    // Roles without `member_of` are refused: only when there is one.
                    roles: if r.member_of.is_some() {
                        r.roles.iter().map(|&x| pick(&roles, x)).collect()
                    } else {
                        Vec::new()
                    },
                    origins,
                    site_kinds: r
                        .site_kinds
                        .iter()
                        .map(|&k| pick(&[SiteKind::Chu, SiteKind::Hospital, SiteKind::Ehpad], k))
                        .collect(),
                },
                when: Conditions {
                    // Level conditions need filières, and a level all of them have.
                    level_at_least: r
                        .level_at_least
                        .filter(|_| !rule_filieres.is_empty())
                        .map(|l| common_level(&n.filieres, &rule_filieres, l)),
                    level_at_most: r
                        .level_at_most
                        .filter(|_| !rule_filieres.is_empty())
                        .map(|l| common_level(&n.filieres, &rule_filieres, l)),
                    age_min: r.age_min,
                    age_max: r.age_max,
                    ehpad_resident: r.ehpad_resident,
                    time_critical: r.time_critical,
                    flags: r
                        .flags
                        .iter()
                        .map(|&f| pick(&FLAGS, f).to_owned())
                        .collect(),
                },
                target,
                strength: pick(
                    &[Strength::Mandatory, Strength::Preferred, Strength::Fallback],
                    r.strength,
                ),
                step: pick(
                    &[
                        Step::Local,
                        Step::Partner,
                        Step::PreferredPathway,
                        Step::Recourse,
                        Step::TeleService,
                        Step::PatientChoice,
                        Step::Fallback,
                    ],
                    r.step,
                ),
                priority: r.priority,
                max_distance_km: r.max_distance_km.as_ref().map(|d| d.value().abs() * 3.0),
                validity: r.validity.validity(),
                source: None,
                note: None,
            });
            ids.all.push(id);
        }
        for (i, t) in self.tele_services.iter().enumerate() {
            n.tele_services.push(TeleService {
                id: ids
                    .tele_services
                    .get(i)
                    .cloned()
                    .unwrap_or_else(|| format!("tele{i}")),
                name: None,
                act: pick(
                    &[
                        TeleAct::Teleconsultation,
                        TeleAct::Teleexpertise,
                        TeleAct::Telesurveillance,
                        TeleAct::Teleassistance,
                        TeleAct::MedicalRegulation,
                    ],
                    t.act,
                ),
                provider: resolve(&t.provider, &ids.sites, &ids.all),
                requesters: t
                    .requesters
                    .iter()
                    .map(|(k, r)| member(*k, r, &ids))
                    .collect(),
                national: t.national,
                filieres: t
                    .filieres
                    .iter()
                    .map(|f| resolve(f, &ids.filieres, &ids.all))
                    .collect(),
                channel: None,
                purpose: pick(
                    &[
                        TelePurpose::AvoidTransfer,
                        TelePurpose::Advice,
                        TelePurpose::Access,
                    ],
                    t.purpose,
                ),
                hours: None,
                validity: t.validity.validity(),
                source: None,
                note: None,
            });
        }
        for (i, s) in self.shared_services.iter().enumerate() {
            n.shared_services.push(SharedService {
                id: make_id(&s.id, "svc", i),
                kind: pick(
                    &[
                        ServiceKind::Sterilisation,
                        ServiceKind::Laboratory,
                        ServiceKind::Pui,
                        ServiceKind::Imaging,
                    ],
                    s.kind,
                ),
                provider: resolve(&s.provider, &ids.sites, &ids.all),
                beneficiaries: s
                    .beneficiaries
                    .iter()
                    .map(|(k, r)| member(*k, r, &ids))
                    .collect(),
                vehicle: s
                    .vehicle
                    .as_ref()
                    .map(|v| resolve(v, &ids.groupings, &ids.all)),
                validity: s.validity.validity(),
                source: None,
                note: None,
            });
        }
        n
    }
}

impl FuzzCase {
    /// The parcours case these choices describe, on `network`.
    pub fn case(&self, network: &Network) -> Case {
        let sites: Vec<String> = network.sites.iter().map(|s| s.id.clone()).collect();
        let locations: Vec<String> = network.locations.iter().map(|l| l.id.clone()).collect();
        let filieres: Vec<String> = network.filieres.iter().map(|f| f.id.clone()).collect();
        let all: Vec<String> = sites
            .iter()
            .chain(&locations)
            .chain(&filieres)
            .cloned()
            .collect();
        let nth = |list: &[String], n: u8| {
            list.get(usize::from(n) % list.len().max(1))
                .cloned()
                .unwrap_or_else(|| "missing".to_owned())
        };
        let origin = match &self.origin {
            FuzzOrigin::Site(n) => Origin::Id(nth(&sites, *n)),
            FuzzOrigin::Location(n) => Origin::Id(nth(&locations, *n)),
            FuzzOrigin::Point(lat, lon) => Origin::Point {
                lat: lat.degrees(47.0),
                lon: lon.degrees(5.0),
            },
            FuzzOrigin::Raw(s) => Origin::Id(s.clone()),
        };
        let mut case = Case::new(
            resolve(&self.filiere, &filieres, &all),
            String::new(),
            self.date.date(),
        );
        case.origin = origin;
        case.level = self.level.map(|l| pick(&LEVELS, l % 5).to_owned());
        case.age = self.age;
        case.ehpad_resident = self.ehpad_resident;
        case.time_critical = self.time_critical;
        case.flags = self
            .flags
            .iter()
            .map(|&f| pick(&FLAGS, f).to_owned())
            .collect();
        case.max_distance_km = self.max_distance_km.as_ref().map(|d| d.value() * 3.0);
        case.exclude = self
            .exclude
            .iter()
            .map(|r| resolve(r, &sites, &all))
            .collect();
        case.preferred_site = self
            .preferred_site
            .as_ref()
            .map(|r| resolve(r, &sites, &all));
        case.include_planned = self.include_planned;
        case
    }
}
