//! Territory analysis: coverage and distance, and what-if comparisons between two versions of a
//! network.
//!
//! * [`Engine::coverage`] routes one case per origin (a commune, a site) and tells, per origin,
//!   where patients go and how far, and which share of the population lies within given
//!   distances (30, 45, 80 km…).
//! * [`apply_changes`] applies a list of [`Change`]s (a member leaves a grouping, an activity
//!   closes, a site or a membership is added, a shared service moves) to a network and returns
//!   the new network; [`diff`] routes the same cases on two engines and groups the cases whose
//!   decision changed by (old target → new target), with counts and distance deltas.
//!
//! ```
//! # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/networks/sud-haut-marnais.json")).unwrap();
//! use parcours::analysis::{Change, apply_changes, diff};
//! let before = parcours::Network::from_json_str(&text)?;
//! // What if the surgery GCS had never been created?
//! let after = apply_changes(&before, &[Change::RemoveGrouping { grouping: "gcs-chirurgie-shm".into() }])?;
//! let (a, b) = (parcours::Engine::compile(&before)?, parcours::Engine::compile(&after)?);
//! let case = parcours::Case::new("chirurgie", "ch-bourbonne", "2018-01-01".parse().unwrap()).level("reference");
//! let report = diff(&a, &b, std::slice::from_ref(&case));
//! assert_eq!(report.groups[0].to.as_deref(), Some("chu-dijon"));
//! # Ok::<(), parcours::Error>(())
//! ```

use crate::messages::{Msg, Text, text};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::date::{Date, Validity};
use crate::engine::Engine;
use crate::error::{Error, Problem, codes};
use crate::network::{Capability, Location, Membership, Network, Site};
use crate::route::{Case, Origin, Outcome};

/// An origin of a coverage analysis: a commune or a site, with its population.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CoverageOrigin {
    /// Identifier of the origin (INSEE code, site id…), echoed in the results.
    pub id: String,
    /// Name, for display.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Where it is: a site or location id of the network, or coordinates.
    pub origin: Origin,
    /// Population weight; 1 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub population: Option<f64>,
}

/// The current communes of the reference as coverage origins (commune code as id and origin,
/// population as weight), for the given départements (all when empty), in code order.
///
/// ```
/// let refs = parcours::reference::Communes::from_csv(
///     "code,name,departement,population,population_year,lat,lon,point,successor\n\
///      52269,Langres,52,7421,2023,47.86,5.33,centroid,\n21231,Dijon,21,156920,2023,47.32,5.04,centroid,\n",
///     "communes.csv",
/// )?;
/// let origins = parcours::analysis::commune_origins(&refs, &["52"]);
/// assert_eq!(origins.len(), 1);
/// assert_eq!(origins[0].population, Some(7421.0));
/// # Ok::<(), parcours::Error>(())
/// ```
pub fn commune_origins(
    communes: &crate::reference::Communes,
    departements: &[&str],
) -> Vec<CoverageOrigin> {
    #[allow(clippy::cast_precision_loss)] // populations are far below 2^52
    communes
        .current()
        .filter(|c| departements.is_empty() || departements.contains(&c.departement.as_str()))
        .map(|c| CoverageOrigin {
            id: c.code.clone(),
            name: Some(c.name.clone()),
            origin: Origin::Commune {
                commune: c.code.clone(),
            },
            population: c.population.map(|p| p as f64),
        })
        .collect()
}

/// What a coverage analysis asks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CoverageQuery {
    /// The filière.
    pub filiere: String,
    /// The level needed; default the filière's lowest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// The date.
    pub date: Date,
    /// Distance (km, or minutes with a travel matrix) beyond which an origin is flagged.
    #[serde(default = "default_threshold")]
    pub threshold: f64,
    /// Distances for the population shares of the totals; default 30, 45 and 80.
    #[serde(default = "default_bands")]
    pub bands: Vec<f64>,
    /// Count planned facts as in force.
    #[serde(default)]
    pub include_planned: bool,
}

fn default_threshold() -> f64 {
    80.0
}

fn default_bands() -> Vec<f64> {
    vec![30.0, 45.0, 80.0]
}

impl CoverageQuery {
    /// A query with the default threshold (80) and bands (30, 45, 80).
    pub fn new(filiere: impl Into<String>, date: Date) -> Self {
        Self {
            filiere: filiere.into(),
            level: None,
            date,
            threshold: default_threshold(),
            bands: default_bands(),
            include_planned: false,
        }
    }
}

/// Coverage of one origin.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoverageRow<'e> {
    /// The origin's id.
    pub origin: String,
    /// Routed, no route or invalid.
    pub outcome: Outcome,
    /// The site that would handle its patients.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<&'e str>,
    /// Its name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_name: Option<&'e str>,
    /// Where the origin enters the network, when it is not a site (see [`crate::route`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry: Option<&'e str>,
    /// The step that chose the target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<crate::network::Step>,
    /// Why there is no route, or why the origin is invalid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<crate::route::ReasonCode>,
    /// Distance to it, km.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
    /// Travel time to it, minutes (with a travel matrix).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minutes: Option<f64>,
    /// Whether the distance (or time) exceeds the threshold, or there is no route at all.
    pub beyond_threshold: bool,
    /// Population weight used.
    pub population: f64,
}

/// Share of the population within a distance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Band {
    /// The distance (km, or minutes with a travel matrix).
    pub within: f64,
    /// Population within it.
    pub population: f64,
    /// Share of the total population, 0 to 1.
    pub share: f64,
}

/// The result of [`Engine::coverage`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CoverageReport<'e> {
    /// Which network (and travel matrix) the report comes from ([`Engine::fingerprint`]).
    pub fingerprint: &'e crate::Fingerprint,
    /// One row per origin, in input order.
    pub rows: Vec<CoverageRow<'e>>,
    /// Population shares within each band.
    pub bands: Vec<Band>,
    /// Total population.
    pub population: f64,
    /// Population beyond the threshold (including origins with no route).
    pub beyond_threshold: f64,
    /// Population with no route at all.
    pub no_route: f64,
}

impl Engine {
    /// Routes one case per origin and measures where patients would go and how far.
    ///
    /// Distances are kilometres, or minutes where the engine's travel matrix gives them.
    /// Invalid origins (unknown id, bad coordinates) are rows with outcome `invalid`, counted as
    /// having no route.
    ///
    /// # Errors
    /// A query that would make every row invalid: an unknown filière, a level that is not one of
    /// the filière's (the message names it and suggests the closest one), a threshold or band
    /// that is negative or not a number.
    pub fn coverage<'e>(
        &'e self,
        origins: &[CoverageOrigin],
        query: &CoverageQuery,
    ) -> Result<CoverageReport<'e>, crate::query::QueryError> {
        self.check_coverage_query(query)?;
        let mut case = Case::new(query.filiere.clone(), String::new(), query.date);
        case.level.clone_from(&query.level);
        case.include_planned = query.include_planned;
        let mut rows = Vec::with_capacity(origins.len());
        let mut within = vec![0.0; query.bands.len()];
        let (mut population, mut beyond, mut no_route) = (0.0, 0.0, 0.0);
        for o in origins {
            case.origin.clone_from(&o.origin);
            let d = self.route(&case);
            let weight = o
                .population
                .filter(|p| p.is_finite() && *p >= 0.0)
                .unwrap_or(1.0);
            let distance = d.minutes.or(d.distance_km);
            let routed = d.outcome == Outcome::Routed;
            let is_beyond = !routed || distance.is_none_or(|x| x > query.threshold);
            population += weight;
            if is_beyond {
                beyond += weight;
            }
            if !routed {
                no_route += weight;
            }
            if let Some(x) = distance.filter(|_| routed) {
                for (band, w) in query.bands.iter().zip(within.iter_mut()) {
                    if x <= *band {
                        *w += weight;
                    }
                }
            }
            rows.push(CoverageRow {
                origin: o.id.clone(),
                outcome: d.outcome,
                target: d.target,
                target_name: d.target_name,
                entry: d.entry,
                step: d.step,
                reason: d.reason,
                distance_km: d.distance_km,
                minutes: d.minutes,
                beyond_threshold: is_beyond,
                population: weight,
            });
        }
        let bands = query
            .bands
            .iter()
            .zip(within)
            .map(|(&b, w)| Band {
                within: b,
                population: w,
                share: if population > 0.0 {
                    w / population
                } else {
                    0.0
                },
            })
            .collect();
        Ok(CoverageReport {
            fingerprint: self.fingerprint(),
            rows,
            bands,
            population,
            beyond_threshold: beyond,
            no_route,
        })
    }

    /// The query's own mistakes, which would otherwise give every origin the same invalid row.
    fn check_coverage_query(&self, query: &CoverageQuery) -> Result<(), crate::query::QueryError> {
        use crate::query::{QueryError, codes as q};
        let Some(filiere) = self
            .filieres
            .ix
            .get(&query.filiere)
            .and_then(|&f| self.filieres.get(f as usize))
        else {
            let known = self.filiere_ids();
            return Err(QueryError::new(
                q::UNKNOWN,
                text!(InvUnknownFiliere, &query.filiere),
                Some(crate::invalid::hint_text(
                    &query.filiere,
                    &known,
                    Msg::KnownFilieres,
                    &[],
                )),
            ));
        };
        if let Some(level) = query
            .level
            .as_deref()
            .filter(|l| !filiere.levels.iter().any(|x| x == l))
        {
            let known: Vec<&str> = filiere.levels.iter().map(String::as_str).collect();
            return Err(QueryError::new(
                q::UNKNOWN,
                text!(InvUnknownLevel, level, &query.filiere),
                Some(crate::invalid::hint_text(
                    level,
                    &known,
                    Msg::KnownLevels,
                    &[&query.filiere],
                )),
            ));
        }
        let distance = |x: f64| x.is_finite() && x >= 0.0;
        if !distance(query.threshold) || !query.bands.iter().all(|&b| distance(b)) {
            return Err(QueryError::new(
                q::PARAMETER,
                text!(QueryBadDistance),
                Some(text!(QueryBadDistanceHint)),
            ));
        }
        Ok(())
    }
}

/// A change to a network, for what-if questions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "change", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Change {
    /// The member leaves the grouping: its memberships end the day before `from` (or are
    /// removed when `from` is absent).
    RemoveMember {
        /// The grouping.
        grouping: String,
        /// The member (site, legal entity or grouping id).
        member: String,
        /// First day without the membership.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<Date>,
    },
    /// The grouping never existed: it, its memberships and the rules that name it are removed.
    RemoveGrouping {
        /// The grouping.
        grouping: String,
    },
    /// A site stops an activity: its capabilities in the filière end the day before `from` (or
    /// are removed when `from` is absent).
    CloseCapability {
        /// The site.
        site: String,
        /// The filière.
        filiere: String,
        /// First day without the capability.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<Date>,
    },
    /// Adds a capability.
    AddCapability(Box<Capability>),
    /// Adds a site, with its location if new (its legal entity must exist or be added with it).
    AddSite {
        /// The site.
        site: Box<Site>,
        /// Its location, when not already in the network.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        location: Option<Box<Location>>,
        /// Its legal entity, when not already in the network.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        legal_entity: Option<Box<crate::network::LegalEntity>>,
    },
    /// Adds a membership.
    AddMembership(Membership),
    /// A shared service is provided by another site from now on.
    MoveSharedService {
        /// The shared service id.
        service: String,
        /// The new provider site.
        provider: String,
    },
}

/// Reads a list of changes from JSON text: an array of objects such as
/// `{"change": "remove_grouping", "grouping": "gcs-x"}` (the format of
/// `examples/analysis/*.json`, the JSON Schema's `Change`). One reader for every surface (CLI
/// `--changes`, Python `apply_changes`, JS `applyChanges`).
///
/// Each change is split into its kind and its body, and the body is read by the network
/// loader's reader as the entity or fields the kind takes: a site, capability or membership
/// that a change adds is read by the same code as in a network file. (Serde's internally
/// tagged enums buffer the object first and would compile a second reader of every entity:
/// 33 KB gzipped of WebAssembly, benches/README.md.)
///
/// # Errors
/// [`Error::Load`] naming `file`: the text is not a JSON array of objects (with line and
/// column), a change has no known `change` kind, or its body does not read (the pointer
/// names the field: `/0/grouping`), each with a hint.
pub fn read_changes(text: &str, file: &str) -> Result<Vec<Change>, Error> {
    use serde_json::Value;
    let fail = |p: Problem| Error::load(file.to_owned(), vec![p]);
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // The loader's JSON reader: syntax errors with line, column and pointer.
    let value: Value = crate::load::parse_json(text).map_err(|p| fail(*p))?;
    let Value::Array(items) = value else {
        return Err(fail(
            Problem::tr(codes::FORMAT, "", text!(ChangesNotArray)).help(text!(ChangesHint)),
        ));
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let Value::Object(mut body) = item else {
            return Err(fail(
                Problem::tr(codes::FORMAT, format!("/{i}"), text!(ChangeNotObject))
                    .help(text!(ChangesHint)),
            ));
        };
        let kind = match body.remove("change") {
            Some(Value::String(k)) => k,
            other => {
                let (pointer, message) = if other.is_some() {
                    (format!("/{i}/change"), text!(ChangeKindNotString))
                } else {
                    (format!("/{i}"), text!(SerdeMissingField, "change"))
                };
                return Err(fail(
                    Problem::tr(codes::FORMAT, pointer, message).help(text!(ChangeKindsHint)),
                ));
            }
        };
        let keys: Vec<String> = body.keys().cloned().collect();
        let body = serde_json::to_string(&Value::Object(body)).unwrap_or_default();
        out.push(change_of(&kind, &keys, &body).map_err(|p| {
            let mut p = match p {
                Some(p) => *p,
                None => Problem::tr(codes::FORMAT, "/change", text!(ChangeUnknown, kind))
                    .help(text!(ChangeKindsHint)),
            };
            // The body was written again without the kind: its positions are not the file's.
            p.pointer = format!("/{i}{}", p.pointer);
            p.line = None;
            p.column = None;
            if p.help.is_none() {
                p = p.help(text!(ChangesHint));
            }
            fail(p)
        })?);
    }
    Ok(out)
}

/// The fields of the changes that are not entities of the network format (unknown fields are
/// found before, with the fields of the change's own kind).
#[derive(Deserialize)]
struct ChangeFields {
    #[serde(default)]
    grouping: Option<String>,
    #[serde(default)]
    member: Option<String>,
    #[serde(default)]
    site: Option<String>,
    #[serde(default)]
    filiere: Option<String>,
    #[serde(default)]
    from: Option<Date>,
    #[serde(default)]
    service: Option<String>,
    #[serde(default)]
    provider: Option<String>,
}

/// The body of an `add_site` change.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AddSiteBody {
    site: Box<Site>,
    #[serde(default)]
    location: Option<Box<Location>>,
    #[serde(default)]
    legal_entity: Option<Box<crate::network::LegalEntity>>,
}

/// The change of kind `kind` with body `body` (JSON text without the kind, whose keys are
/// `keys`); `Err(None)` for an unknown kind.
fn change_of(kind: &str, keys: &[String], body: &str) -> Result<Change, Option<Box<Problem>>> {
    use crate::load::parse_json;
    let problem = |pointer: String, message: Text, hint: Text| {
        Some(Box::new(
            Problem::tr(codes::FORMAT, pointer, message).help(hint),
        ))
    };
    // The fields of a kind that is not an entity: only `takes` allowed.
    let fields = |takes: &[&str]| -> Result<ChangeFields, Option<Box<Problem>>> {
        if let Some(name) = keys.iter().find(|k| !takes.contains(&k.as_str())) {
            let list: Vec<String> = takes.iter().map(|t| format!("`{t}`")).collect();
            return Err(problem(
                format!("/{name}"),
                text!(ChangeUnknownField, name),
                text!(ChangeTakes, kind, list.join(", ")),
            ));
        }
        Ok(parse_json(body)?)
    };
    let need = |v: Option<String>, name: &str| -> Result<String, Option<Box<Problem>>> {
        v.ok_or_else(|| {
            problem(
                String::new(),
                text!(SerdeMissingField, name),
                text!(ChangeNeeds, kind, name),
            )
        })
    };
    Ok(match kind {
        "remove_member" => {
            let f = fields(&["grouping", "member", "from"])?;
            Change::RemoveMember {
                grouping: need(f.grouping, "grouping")?,
                member: need(f.member, "member")?,
                from: f.from,
            }
        }
        "remove_grouping" => {
            let f = fields(&["grouping"])?;
            Change::RemoveGrouping {
                grouping: need(f.grouping, "grouping")?,
            }
        }
        "close_capability" => {
            let f = fields(&["site", "filiere", "from"])?;
            Change::CloseCapability {
                site: need(f.site, "site")?,
                filiere: need(f.filiere, "filiere")?,
                from: f.from,
            }
        }
        "move_shared_service" => {
            let f = fields(&["service", "provider"])?;
            Change::MoveSharedService {
                service: need(f.service, "service")?,
                provider: need(f.provider, "provider")?,
            }
        }
        "add_capability" => Change::AddCapability(parse_json(body)?),
        "add_membership" => Change::AddMembership(parse_json(body)?),
        "add_site" => {
            let b: AddSiteBody = parse_json(body)?;
            Change::AddSite {
                site: b.site,
                location: b.location,
                legal_entity: b.legal_entity,
            }
        }
        _ => return Err(None),
    })
}

fn change_problem(i: usize, message: Text, hint: Text) -> Problem {
    Problem::tr(codes::UNKNOWN_REFERENCE, format!("/changes/{i}"), message).help(hint)
}

/// Ends a validity the day before `from`, or reports that it should be removed (`false`).
fn end_before(v: &mut Validity, from: Option<Date>) -> bool {
    let Some(from) = from else { return false };
    let Some(last) = Date::from_epoch_day(from.epoch_day() - 1) else {
        return false;
    };
    if v.from.is_some_and(|f| f > last) {
        return false; // starts after the change: gone
    }
    if v.to.is_none_or(|t| t > last) {
        v.to = Some(last);
    }
    true
}

/// Applies changes in order and validates the result.
#[allow(clippy::too_many_lines)] // one arm per kind of change
///
/// # Errors
/// [`Error::Load`] naming `<changes>` when a change names nothing (code `L004`, pointer
/// `/changes/N`) or the changed network does not validate.
pub fn apply_changes(network: &Network, changes: &[Change]) -> Result<Network, Error> {
    let mut n = network.clone();
    let mut problems = Vec::new();
    for (i, change) in changes.iter().enumerate() {
        match change {
            Change::RemoveMember {
                grouping,
                member,
                from,
            } => {
                let before = n.memberships.len();
                let mut touched = false;
                n.memberships.retain_mut(|m| {
                    if m.grouping == *grouping && m.member == *member {
                        touched = true;
                        end_before(&mut m.validity, *from)
                    } else {
                        true
                    }
                });
                if !touched && n.memberships.len() == before {
                    problems.push(change_problem(
                        i,
                        text!(ChangeNotMember, member, grouping),
                        text!(ChangeNameMembership),
                    ));
                }
            }
            Change::RemoveGrouping { grouping } => {
                if !n.groupings.iter().any(|g| g.id == *grouping) {
                    problems.push(change_problem(
                        i,
                        text!(ChangeUnknownGrouping, grouping),
                        text!(ChangeNameGrouping),
                    ));
                    continue;
                }
                n.groupings.retain(|g| g.id != *grouping);
                n.memberships
                    .retain(|m| m.grouping != *grouping && m.member != *grouping);
                n.rules.retain(|r| {
                    let names = |g: &str| g == grouping;
                    !(r.origin.member_of.as_deref().is_some_and(names)
                        || matches!(&r.target, crate::network::Target::GroupingRole { grouping: g, .. } if names(g))
                        || matches!(&r.target, crate::network::Target::GroupingMembers(g) if names(g)))
                });
                for c in &mut n.capabilities {
                    if c.holder.as_deref() == Some(grouping.as_str()) {
                        c.holder = None;
                    }
                }
                for s in &mut n.shared_services {
                    if s.vehicle.as_deref() == Some(grouping.as_str()) {
                        s.vehicle = None;
                    }
                    s.beneficiaries.retain(|b| b != grouping);
                }
                for t in &mut n.tele_services {
                    t.requesters.retain(|r| r != grouping);
                }
                for e in &mut n.events {
                    e.concerns.retain(|c| c != grouping);
                }
            }
            Change::CloseCapability {
                site,
                filiere,
                from,
            } => {
                let mut touched = false;
                n.capabilities.retain_mut(|c| {
                    if c.site == *site && c.filiere == *filiere {
                        touched = true;
                        end_before(&mut c.validity, *from)
                    } else {
                        true
                    }
                });
                if !touched {
                    problems.push(change_problem(
                        i,
                        text!(ChangeNoCapability, site, filiere),
                        text!(ChangeNameCapability),
                    ));
                }
            }
            Change::AddCapability(c) => n.capabilities.push((**c).clone()),
            Change::AddSite {
                site,
                location,
                legal_entity,
            } => {
                n.locations.extend(location.iter().map(|l| (**l).clone()));
                n.legal_entities
                    .extend(legal_entity.iter().map(|e| (**e).clone()));
                n.sites.push((**site).clone());
            }
            Change::AddMembership(m) => n.memberships.push(m.clone()),
            Change::MoveSharedService { service, provider } => {
                match n.shared_services.iter_mut().find(|s| s.id == *service) {
                    Some(s) => s.provider.clone_from(provider),
                    None => problems.push(change_problem(
                        i,
                        text!(ChangeUnknownService, service),
                        text!(ChangeNameService),
                    )),
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(Error::load("<changes>", problems));
    }
    n.validate_named("<changed network>")?;
    Ok(n)
}

/// One case whose decision differs between two engines.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseDiff<'a> {
    /// Index of the case in the input.
    pub index: usize,
    /// The case's own id, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<&'a crate::route::CaseId>,
    /// Target before (`None`: no route or invalid).
    pub from: Option<&'a str>,
    /// Target after.
    pub to: Option<&'a str>,
    /// Distance before, km.
    pub from_km: Option<f64>,
    /// Distance after, km.
    pub to_km: Option<f64>,
}

/// Cases that moved from one target to another.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiffGroup {
    /// Target before (`None`: no route).
    pub from: Option<String>,
    /// Target after (`None`: no route).
    pub to: Option<String>,
    /// Number of cases.
    pub count: usize,
    /// Mean change of distance, km (after minus before), over cases routed both times.
    pub mean_delta_km: Option<f64>,
}

/// The result of [`diff`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiffReport<'a> {
    /// The network before ([`Engine::fingerprint`] of `before`).
    pub fingerprint_before: &'a crate::Fingerprint,
    /// The network after.
    pub fingerprint_after: &'a crate::Fingerprint,
    /// Number of cases compared.
    pub total: usize,
    /// Cases whose target changed, in input order.
    pub changed: Vec<CaseDiff<'a>>,
    /// Changed cases grouped by (before → after), largest groups first.
    pub groups: Vec<DiffGroup>,
}

/// Per (before, after) pair: cases, sum of distance deltas, cases routed both times.
type Tally = (usize, f64, usize);

/// Routes `cases` on both engines and reports the cases whose target changed.
pub fn diff<'a>(before: &'a Engine, after: &'a Engine, cases: &'a [Case]) -> DiffReport<'a> {
    let mut changed = Vec::new();
    // Groups by (before, after) target, found through a text key. The keys are text, and the
    // final order is a sort of text keys, so that this reuses the engine's own hash map and
    // sort instead of adding new ones to the WebAssembly module, which has a size budget.
    let mut index: crate::engine::HashMap<String, u32> = crate::engine::HashMap::default();
    let mut groups: Vec<(Option<&'a str>, Option<&'a str>, Tally)> = Vec::new();
    for (index_in_input, case) in cases.iter().enumerate() {
        let (a, b) = (before.route(case), after.route(case));
        if a.target == b.target && a.outcome == b.outcome {
            continue;
        }
        let key = group_key(a.target, b.target);
        let gi = if let Some(&gi) = index.get(&key) {
            gi as usize
        } else {
            groups.push((a.target, b.target, (0, 0.0, 0)));
            index.insert(key, u32::try_from(groups.len() - 1).unwrap_or(u32::MAX));
            groups.len() - 1
        };
        if let Some((_, _, g)) = groups.get_mut(gi) {
            g.0 += 1;
            if let (Some(x), Some(y)) = (a.distance_km, b.distance_km) {
                g.1 += y - x;
                g.2 += 1;
            }
        }
        changed.push(CaseDiff {
            index: index_in_input,
            id: case.id.as_ref(),
            from: a.target,
            to: b.target,
            from_km: a.distance_km,
            to_km: b.distance_km,
        });
    }
    // Largest groups first, then by (before, after): the count, inverted and zero-padded,
    // sorts as text in the same order as the number.
    let keys: Vec<String> = groups
        .iter()
        .map(|(from, to, (count, _, _))| {
            format!("{:020}\0{}", usize::MAX - count, group_key(*from, *to))
        })
        .collect();
    let mut order: Vec<(&str, usize)> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    crate::order::sort(&mut order);
    let groups = order
        .iter()
        .filter_map(|&(_, i)| groups.get(i))
        .map(|&(from, to, (count, sum, n))| DiffGroup {
            from: from.map(str::to_owned),
            to: to.map(str::to_owned),
            count,
            #[allow(clippy::cast_precision_loss)] // counts far below 2^52
            mean_delta_km: (n > 0).then(|| sum / n as f64),
        })
        .collect();
    DiffReport {
        fingerprint_before: before.fingerprint(),
        fingerprint_after: after.fingerprint(),
        total: cases.len(),
        changed,
        groups,
    }
}

/// The text key of a (before, after) pair of targets: no route sorts first, and ids (which
/// hold no control character) cannot collide with the separator.
fn group_key(from: Option<&str>, to: Option<&str>) -> String {
    let side = |t: Option<&str>| t.map_or_else(String::new, |t| format!("+{t}"));
    format!("{}\0{}", side(from), side(to))
}
