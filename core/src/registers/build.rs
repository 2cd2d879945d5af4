//! From register records (read from the JSON flux or the semicolon extract) to a network
//! fragment: ids, filters, memberships, capabilities, warnings.

use std::collections::BTreeMap;
use std::fmt;
use std::hash::BuildHasherDefault;

use crate::engine::{FxHasher, HashMap};

type HashSet<T> = std::collections::HashSet<T, BuildHasherDefault<FxHasher>>;

use crate::date::{Date, Status, Validity};
use crate::diagnostic::Code;
use crate::error::Problem;
use crate::messages::{ImportMsg, ImportText, itext, text};
use crate::network::{
    Capability, Finess, Grouping, GroupingKind, LegalEntity, LegalStatus, Location, Membership,
    Network, Role, Site, SiteKind, Source,
};

use super::{Import, ImportOptions, ImportStats, codes, departement_of, normalise_departement};

/// Site, filière, level and dates: capabilities equal on these are one.
type CapabilityKey<'k> = (&'k str, &'k str, &'k str, Option<Date>, Option<Date>);

/// Id of the one source every imported fact cites.
pub(crate) const SOURCE_ID: &str = "src-finess";

/// Where a record is in its input (JSON pointer or line), formatted only when a warning needs
/// it: a national flux has hundreds of thousands of records and few warnings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) enum Place {
    /// Nowhere in particular.
    #[default]
    None,
    /// `/pmej/i`.
    Pmej(usize),
    /// `/pmej/i/ege/j`.
    Ege(usize, usize),
    /// `/pmej/i/activitesAutorisees/j`.
    Authorised(usize, usize),
    /// `/pmej/i/ege/j/activitesExercees/k`.
    Exercised(usize, usize, usize),
    /// `line n` of a text file.
    Line(usize),
}

impl Place {
    /// A problem at this place, its message from the importers' table; a line of a text
    /// file is named in words (`line 3`, `ligne 3`).
    pub(crate) fn problem(self, code: Code, message: ImportText) -> Problem {
        let p = Problem::import(code, self.to_string(), message);
        match self {
            Self::Line(n) => p.place(text!(PtrLine, n.to_string())),
            _ => p,
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::None => Ok(()),
            Self::Pmej(i) => write!(f, "/pmej/{i}"),
            Self::Ege(i, j) => write!(f, "/pmej/{i}/ege/{j}"),
            Self::Authorised(i, j) => write!(f, "/pmej/{i}/activitesAutorisees/{j}"),
            Self::Exercised(i, j, k) => write!(f, "/pmej/{i}/ege/{j}/activitesExercees/{k}"),
            Self::Line(n) => write!(f, "line {n}"),
        }
    }
}

/// A legal entity as read.
#[derive(Debug, Default)]
pub(crate) struct RawEntity {
    pub pointer: Place,
    /// Key members and sites use to name it (the flux's `pmSmsseId`, or the FINESS EJ).
    pub key: String,
    pub finess: String,
    pub name: String,
    pub statut: Option<String>,
    pub siren: Option<String>,
    pub commune: Option<String>,
    pub closed: Option<Date>,
    /// Set on an organic grouping's own legal entity.
    pub gco_type: Option<String>,
    /// Note to carry (e.g. legal status unknown in the extract).
    pub note: Option<String>,
}

/// An establishment as read.
#[derive(Debug, Default)]
pub(crate) struct RawSite {
    pub pointer: Place,
    /// Key activities and members use (the flux's `egeId`, or the FINESS ET).
    pub key: String,
    pub entity_key: String,
    pub finess: String,
    pub name: String,
    pub category: Option<String>,
    pub commune: Option<String>,
    pub place: Option<String>,
    /// WGS84 latitude and longitude, when known; `Err` names why they are not usable.
    pub position: Option<Result<(f64, f64), ImportText>>,
    pub opened: Option<Date>,
    pub closed: Option<Date>,
}

/// What a membership names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum MemberRef {
    Entity(String),
    Site(String),
}

/// A grouping member as read.
#[derive(Debug)]
pub(crate) struct RawMember {
    pub pointer: String,
    pub target: MemberRef,
    pub role_code: String,
}

/// Conventional (`gcc`) or organic (`gco`) grouping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GroupingOrigin {
    Conventional,
    Organic,
}

/// A grouping as read.
#[derive(Debug)]
pub(crate) struct RawGrouping {
    pub pointer: String,
    pub origin: GroupingOrigin,
    /// `gccId` of a conventional grouping; `pmSmsseId` of an organic one.
    pub key: String,
    pub name: Option<String>,
    pub type_code: String,
    pub external_id: Option<String>,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub inactive: bool,
    pub members: Vec<RawMember>,
}

/// Who holds an authorisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Holder<'r> {
    Site(&'r str),
    Entity(&'r str),
}

/// An authorisation as read.
#[derive(Debug)]
pub(crate) struct RawActivity<'r> {
    pub pointer: Place,
    pub id: &'r str,
    pub holder: Holder<'r>,
    pub nature: &'r str,
    pub activite: &'r str,
    pub modalite: &'r str,
    pub forme: &'r str,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub inactive: bool,
}

/// Everything read from one input.
#[derive(Debug, Default)]
pub(crate) struct Raw<'r> {
    pub entities: Vec<RawEntity>,
    pub sites: Vec<RawSite>,
    pub groupings: Vec<RawGrouping>,
    pub activities: Vec<RawActivity<'r>>,
    pub warnings: Vec<Problem>,
    pub source_title: String,
    pub published: Option<Date>,
    pub stats: ImportStats,
}

/// Reads a date written `YYYY-MM-DD` (possibly followed by a time) or `DD/MM/YYYY` (extracts
/// that went through a spreadsheet).
pub(crate) fn date(text: Option<&str>) -> Option<Date> {
    let t = text?.trim();
    let d = t.get(..10)?;
    if d.as_bytes().get(2) == Some(&b'/') {
        let (day, month, year) = (d.get(..2)?, d.get(3..5)?, d.get(6..10)?);
        Date::new(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
    } else {
        d.parse().ok()
    }
}

/// Validates a FINESS number: `None` (with an `R010` warning) when malformed; an `R011` warning
/// when its check key does not match.
fn finess(text: &str, pointer: Place, what: &str, warnings: &mut Vec<Problem>) -> Option<Finess> {
    if let Ok(f) = Finess::new(text.trim()) {
        if f.luhn_ok() == Some(false) {
            warnings.push(
                pointer
                    .problem(codes::FINESS_KEY, itext!(FinessKey, what, f.as_str()))
                    .import_help(itext!(FinessKeyHint)),
            );
        }
        Some(f)
    } else {
        warnings.push(
            pointer
                .problem(codes::BAD_FINESS, itext!(BadFiness, what, text))
                .import_help(itext!(BadFinessHint, "^[A-Za-z0-9]{9}$")),
        );
        None
    }
}

struct Unknown {
    pointer: String,
    count: usize,
}

/// Collects unknown codes so that each is reported once, with a count and its first place.
#[derive(Default)]
struct UnknownCodes(BTreeMap<(What, String), Unknown>);

/// The kind of an unknown code, with the nature of an activity (`AMF`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum What {
    LegalStatus,
    GroupingType,
    OrganicType,
    Role,
    Activity(String),
}

impl UnknownCodes {
    fn add(&mut self, what: What, code: &str, pointer: &str) {
        self.0
            .entry((what, code.to_owned()))
            .and_modify(|u| u.count += 1)
            .or_insert_with(|| Unknown {
                pointer: pointer.to_owned(),
                count: 1,
            });
    }

    fn report(self, warnings: &mut Vec<Problem>) {
        for ((what, code), u) in self.0 {
            let (what, effect, hint) = match what {
                What::LegalStatus => (
                    itext!(WhatLegalStatus),
                    ImportMsg::EffectLegalStatus,
                    itext!(HintLegalStatus),
                ),
                What::GroupingType => (
                    itext!(WhatGroupingType),
                    ImportMsg::EffectGroupingType,
                    itext!(HintGroupingType),
                ),
                What::OrganicType => (
                    itext!(WhatOrganicType),
                    ImportMsg::EffectOrganicType,
                    itext!(HintOrganicType),
                ),
                What::Role => (itext!(WhatRole), ImportMsg::EffectRole, itext!(HintRole)),
                What::Activity(nature) => (
                    itext!(WhatActivity, nature),
                    ImportMsg::EffectActivity,
                    itext!(HintActivity),
                ),
            };
            let message = if u.count == 1 {
                itext!(UnknownCodeOne, what, code, u.count, effect)
            } else {
                itext!(UnknownCodeMany, what, code, u.count, effect)
            };
            warnings
                .push(Problem::import(codes::UNKNOWN_CODE, u.pointer, message).import_help(hint));
        }
    }
}

fn kind_label(kind: GroupingKind) -> ImportMsg {
    match kind {
        GroupingKind::Ght => ImportMsg::KindGht,
        GroupingKind::GcsMoyens | GroupingKind::GcsEs => ImportMsg::KindGcs,
        _ => ImportMsg::KindGrouping,
    }
}

/// Builds the fragment.
#[allow(clippy::too_many_lines)] // one pass per kind of record, in order; splitting hides it
pub(crate) fn build(raw: Raw<'_>, opts: &ImportOptions) -> Import {
    let Raw {
        entities,
        sites,
        groupings,
        activities,
        mut warnings,
        source_title,
        published,
        mut stats,
    } = raw;
    let map = &opts.mapping;
    let departements: HashSet<String> = opts
        .departements
        .iter()
        .map(|d| normalise_departement(d))
        .collect();
    let categories: HashSet<&str> = opts.categories.iter().map(|c| c.trim()).collect();
    let filtered = !departements.is_empty() || !categories.is_empty();
    let mut unknown = UnknownCodes::default();
    let mut net = Network {
        id: opts.network_id.clone(),
        name: opts.network_name.clone(),
        description: Some(format!(
            "Fragment imported from {} by parcours::registers; rules are not part of the register",
            opts.source_name
        )),
        sources: vec![Source {
            id: SOURCE_ID.into(),
            url: "https://finess.esante.gouv.fr".into(),
            title: Some(source_title),
            published,
        }],
        ..Network::default()
    };
    stats.legal_entities_read = entities.len();
    stats.sites_read = sites.len();

    // Sites first: they decide which legal entities are kept when filtering.
    let mut site_ids: HashMap<String, String> = HashMap::default(); // raw key -> site id
    let mut sites_of_entity: HashMap<String, Vec<String>> = HashMap::default(); // entity key -> ids
    let mut seen_et: HashSet<String> = HashSet::default();
    let mut no_coordinates: Vec<String> = Vec::new();
    let mut kept_sites: Vec<(RawSite, Finess)> = Vec::new();
    for s in sites {
        let Some(f) = finess(&s.finess, s.pointer, "ET", &mut warnings) else {
            continue;
        };
        if !seen_et.insert(f.as_str().to_owned()) {
            warnings.push(
                s.pointer
                    .problem(codes::DUPLICATE, itext!(DuplicateEt, f.as_str()))
                    .with_entity(format!("et-{}", f.as_str())),
            );
            continue;
        }
        let dep_ok = departements.is_empty()
            || s.commune
                .as_deref()
                .is_some_and(|c| departements.contains(departement_of(c)));
        let cat_ok = categories.is_empty()
            || s.category
                .as_deref()
                .is_some_and(|c| categories.contains(c));
        let open_ok = opts.include_closed || s.closed.is_none();
        if !(dep_ok && cat_ok && open_ok) {
            stats.sites_filtered += 1;
            continue;
        }
        match &s.position {
            Some(Ok(_)) => {}
            Some(Err(why)) => {
                stats.sites_without_coordinates += 1;
                warnings.push(
                    s.pointer
                        .problem(
                            codes::NO_COORDINATES,
                            itext!(SiteBadPosition, f.as_str(), &s.name, why.clone()),
                        )
                        .import_help(itext!(SitePositionHint)),
                );
                continue;
            }
            None => {
                stats.sites_without_coordinates += 1;
                no_coordinates.push(f.as_str().to_owned());
                continue;
            }
        }
        let id = format!("et-{}", f.as_str());
        site_ids.insert(s.key.clone(), id.clone());
        sites_of_entity
            .entry(s.entity_key.clone())
            .or_default()
            .push(id);
        kept_sites.push((s, f));
    }
    if let Some(first) = no_coordinates.first() {
        let shown: Vec<&str> = no_coordinates.iter().take(5).map(String::as_str).collect();
        let more = if no_coordinates.len() > 5 {
            ", …"
        } else {
            ""
        };
        let message = if no_coordinates.len() == 1 {
            itext!(NoCoordinatesOne, 1, shown.join(", "), more)
        } else {
            itext!(
                NoCoordinatesMany,
                no_coordinates.len(),
                shown.join(", "),
                more
            )
        };
        warnings.push(
            Problem::import(codes::NO_COORDINATES, "", message)
                .with_entity(format!("et-{first}"))
                .import_help(itext!(NoCoordinatesHint)),
        );
    }

    // Legal entities: every one when not filtering, else those that run a kept site.
    let mut entity_ids: HashMap<String, String> = HashMap::default(); // raw key -> entity id
    let mut entity_finess: HashMap<String, String> = HashMap::default(); // raw key -> FINESS EJ
    let mut seen_ej: HashMap<String, String> = HashMap::default(); // FINESS -> id
    let mut entity_names: HashMap<String, String> = HashMap::default();
    let mut gco_entities: HashMap<String, String> = HashMap::default(); // raw key -> gco type
    for e in entities {
        let Some(f) = finess(&e.finess, e.pointer, "EJ", &mut warnings) else {
            continue;
        };
        if let Some(id) = seen_ej.get(f.as_str()) {
            warnings.push(
                e.pointer
                    .problem(codes::DUPLICATE, itext!(DuplicateEj, f.as_str()))
                    .with_entity(id.clone()),
            );
            entity_ids.insert(e.key.clone(), id.clone());
            continue;
        }
        let has_site = sites_of_entity.contains_key(&e.key);
        let own_dep_ok = departements.is_empty()
            || e.commune
                .as_deref()
                .is_some_and(|c| departements.contains(departement_of(c)));
        let is_gco = e.gco_type.is_some();
        if filtered && !has_site && !(is_gco && own_dep_ok && categories.is_empty()) {
            continue;
        }
        let id = format!("ej-{}", f.as_str());
        let mut note = e.note.clone();
        let legal_status = match e.statut.as_deref() {
            Some(code) => map.legal_status(code).unwrap_or_else(|| {
                unknown.add(What::LegalStatus, code, &e.pointer.to_string());
                note = Some(format!("FINESS legal status code `{code}`"));
                LegalStatus::PrivateNonProfit
            }),
            None => LegalStatus::PrivateNonProfit,
        };
        if let Some(closed) = e.closed {
            let n = format!("closed on {closed} (FINESS)");
            note = Some(note.map_or(n.clone(), |x| format!("{x}; {n}")));
        }
        seen_ej.insert(f.as_str().to_owned(), id.clone());
        entity_ids.insert(e.key.clone(), id.clone());
        entity_finess.insert(e.key.clone(), f.as_str().to_owned());
        entity_names.insert(e.key.clone(), e.name.clone());
        if let Some(t) = &e.gco_type {
            gco_entities.insert(e.key.clone(), t.clone());
        }
        net.legal_entities.push(LegalEntity {
            id,
            name: e.name,
            finess_ej: Some(f),
            siren: e.siren.filter(|s| !s.is_empty()),
            legal_status,
            figures: Vec::new(),
            source: Some(SOURCE_ID.into()),
            note,
        });
    }

    // Sites and their locations (a site whose legal entity is missing is left out).
    let mut kept_site_ids: HashSet<String> = HashSet::default();
    for (s, f) in kept_sites {
        let Some(ej) = entity_ids.get(&s.entity_key) else {
            warnings.push(
                s.pointer
                    .problem(
                        codes::MISSING_MEMBER,
                        itext!(SiteNoEntity, f.as_str(), &s.entity_key),
                    )
                    .import_help(itext!(SiteNoEntityHint)),
            );
            site_ids.remove(&s.key);
            continue;
        };
        let Some(Ok((lat, lon))) = s.position else {
            continue;
        };
        let id = format!("et-{}", f.as_str());
        let loc = format!("loc-{}", f.as_str());
        net.locations.push(Location {
            id: loc.clone(),
            name: s.place.clone().unwrap_or_else(|| s.name.clone()),
            insee: s.commune.clone(),
            lat,
            lon,
            source: Some(SOURCE_ID.into()),
            note: None,
        });
        let kind = match s.category.as_deref() {
            Some(c) => map.site_kind(c).unwrap_or(SiteKind::Other),
            None => SiteKind::Other,
        };
        let validity = Validity {
            from: s.opened,
            to: s.closed,
            status: if s.closed.is_some() {
                Status::Ended
            } else {
                Status::Active
            },
            ..Validity::default()
        };
        kept_site_ids.insert(id.clone());
        net.sites.push(Site {
            id,
            name: s.name,
            legal_entity: ej.clone(),
            kind,
            finess_et: Some(f),
            category: s.category,
            location: loc,
            tags: Vec::new(),
            equipment: Vec::new(),
            figures: Vec::new(),
            validity,
            source: Some(SOURCE_ID.into()),
            note: None,
        });
    }
    let kept_entities: HashSet<String> = net.legal_entities.iter().map(|e| e.id.clone()).collect();

    // Groupings and memberships.
    for g in groupings {
        let (id, kind, name, note) = match g.origin {
            GroupingOrigin::Conventional => {
                let kind = map.gcc_kind(&g.type_code).unwrap_or_else(|| {
                    unknown.add(What::GroupingType, &g.type_code, &g.pointer);
                    GroupingKind::AllianceConvention
                });
                let name = g.name.clone().unwrap_or_else(|| format!("GCC {}", g.key));
                let note = g
                    .external_id
                    .as_ref()
                    .map(|x| format!("FINESS gccId {}, external id {x}", g.key));
                (format!("gcc-{}", g.key), kind, name, note)
            }
            GroupingOrigin::Organic => {
                let kind = map.gco_kind(&g.type_code).unwrap_or_else(|| {
                    unknown.add(What::OrganicType, &g.type_code, &g.pointer);
                    GroupingKind::GcsMoyens
                });
                let id = entity_finess
                    .get(&g.key)
                    .map_or_else(|| format!("gco-{}", g.key), |f| format!("gcs-{f}"));
                let name = entity_names
                    .get(&g.key)
                    .cloned()
                    .or_else(|| g.name.clone())
                    .unwrap_or_else(|| format!("GCO {}", g.key));
                let note = Some(format!(
                    "FINESS organic grouping (pmSmsseId {}, typeGco {})",
                    g.key, g.type_code
                ));
                (id, kind, name, note)
            }
        };
        let mut memberships = Vec::new();
        for m in &g.members {
            let (target, missing, key) = match &m.target {
                MemberRef::Entity(k) => (entity_ids.get(k), ImportMsg::MissingEntityMember, k),
                MemberRef::Site(k) => (site_ids.get(k), ImportMsg::MissingSiteMember, k),
            };
            let role = match (m.role_code.as_str(), kind) {
                ("S", _) => Role::Support,
                ("M", GroupingKind::Ght) => Role::Party,
                ("M", _) => Role::Member,
                (other, _) => {
                    unknown.add(What::Role, other, &m.pointer);
                    Role::Member
                }
            };
            match target {
                Some(t) if kept_entities.contains(t) || kept_site_ids.contains(t) => {
                    memberships.push(Membership {
                        grouping: id.clone(),
                        member: t.clone(),
                        role,
                        validity: Validity::default(),
                        source: Some(SOURCE_ID.into()),
                        note: None,
                    });
                }
                Some(_) => {}
                None if filtered => {}
                None => {
                    let as_role = match role {
                        Role::Support => ImportMsg::AsSupport,
                        Role::Party => ImportMsg::AsParty,
                        _ => ImportMsg::AsMember,
                    };
                    let message = ImportText::new(
                        missing,
                        vec![
                            kind_label(kind).into(),
                            name.as_str().into(),
                            key.as_str().into(),
                            as_role.into(),
                        ],
                    );
                    warnings.push(
                        Problem::import(codes::MISSING_MEMBER, &m.pointer, message)
                            .with_entity(id.clone())
                            .import_help(itext!(MissingMemberHint)),
                    );
                }
            }
        }
        if filtered && memberships.is_empty() {
            continue;
        }
        let status = match (g.inactive, g.to) {
            (true, Some(_)) => Status::Ended,
            _ => Status::Active,
        };
        net.groupings.push(Grouping {
            id,
            name,
            kind,
            legal_personality: matches!(g.origin, GroupingOrigin::Organic),
            scope: crate::network::Scope::default(),
            validity: Validity {
                from: g.from,
                to: g.to,
                status,
                ..Validity::default()
            },
            figures: Vec::new(),
            source: Some(SOURCE_ID.into()),
            note,
        });
        net.memberships.extend(memberships);
    }

    // Capabilities.
    let mut used_filieres: HashSet<&str> = HashSet::default();
    let mut seen_caps: HashSet<CapabilityKey<'_>> = HashSet::default();
    let mut unattached = 0usize;
    let mut unattached_first: Option<String> = None;
    stats.activities_read = activities.len();
    for a in activities {
        if !matches!(a.nature, "AMF" | "ASR" | "AMM" | "AASA") {
            stats.activities_other_nature += 1;
            continue;
        }
        if a.inactive {
            stats.activities_inactive += 1;
            continue;
        }
        let Some(row) = map.activity(a.nature, a.activite, a.modalite, a.forme) else {
            stats.activities_unmapped += 1;
            unknown.add(
                What::Activity(a.nature.to_owned()),
                a.activite,
                &a.pointer.to_string(),
            );
            continue;
        };
        let site = match &a.holder {
            Holder::Site(k) => site_ids.get(*k).map(String::as_str),
            Holder::Entity(k) => match sites_of_entity.get(*k).map(Vec::as_slice) {
                Some([only]) => Some(only.as_str()),
                Some(_) => {
                    unattached += 1;
                    unattached_first.get_or_insert_with(|| a.pointer.to_string());
                    None
                }
                None => None,
            },
        };
        let Some(site) = site.filter(|s| kept_site_ids.contains(*s)) else {
            continue;
        };
        if !seen_caps.insert((site, &row.filiere, &row.level, a.from, a.to)) {
            continue;
        }
        stats.activities_mapped += 1;
        used_filieres.insert(row.filiere.as_str());
        net.capabilities.push(Capability {
            id: Some(format!(
                "cap-{}-{}",
                site.strip_prefix("et-").unwrap_or(site),
                a.id
            )),
            site: site.to_owned(),
            filiere: row.filiere.clone(),
            level: row.level.clone(),
            activity: row.activity,
            modality: (!a.modalite.is_empty()).then(|| a.modalite.to_owned()),
            mentions: Vec::new(),
            holder: None,
            validity: Validity {
                from: a.from,
                to: a.to,
                ..Validity::default()
            },
            source: Some(SOURCE_ID.into()),
            note: Some(format!(
                "FINESS {} {}/{}/{}: {}",
                a.nature, a.activite, a.modalite, a.forme, row.label
            )),
        });
    }
    if unattached > 0 {
        let message = if unattached == 1 {
            itext!(UnattachedOne, unattached)
        } else {
            itext!(UnattachedMany, unattached)
        };
        warnings.push(
            Problem::import(
                codes::UNATTACHED,
                unattached_first.unwrap_or_default(),
                message,
            )
            .import_help(itext!(UnattachedHint)),
        );
    }
    unknown.report(&mut warnings);
    net.filieres = map
        .filieres
        .iter()
        .filter(|f| used_filieres.contains(f.id.as_str()))
        .cloned()
        .collect();
    Import {
        network: net,
        warnings,
        stats,
    }
}
