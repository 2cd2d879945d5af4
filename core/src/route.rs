//! Routing a case to the establishment that handles it.
//!
//! # Semantics
//!
//! A **case** names a filière, the level it needs, an origin (a site, a location of the network,
//! or coordinates) and a date. The level needed is the case's `level` or, if higher, the level
//! its clinical flags imply ([`crate::Filiere::flag_levels`]); with neither, the filière's
//! lowest level.
//!
//! A site **qualifies** for a case when, at the case date, the site exists, holds a capability
//! in the filière at the needed level or above, is not excluded by the case, and is within
//! the distance limits (the case's `max_distance_km` and the rule's). Memberships, rules,
//! capabilities, services and tele-services count only when in force at the date
//! ([`crate::Validity::in_force`]); planned ones count when the case sets `include_planned`.
//!
//! The engine decides in this order, and the first step that finds a qualifying site wins:
//! 1. **mandatory rules**, highest priority first;
//! 2. the **patient's choice** (`preferred_site`), when it qualifies;
//! 3. the **origin site itself** (step `local`), when it qualifies;
//! 4. **preferred rules**, highest priority first: they rank partners but never block;
//! 5. **fallback rules**, only when nothing else qualified.
//!
//! A rule applies when it is in force, lists the case's filière (or none), its origin selector
//! matches (membership in force at the date, role, origin, site kind) and its conditions hold.
//! Among the sites a rule targets, the nearest qualifying one wins; at equal distance the origin
//! itself comes first, then the smaller site id (byte order), so equal inputs always give equal
//! decisions. When a rule chooses the origin itself, the step is `local`.
//!
//! **Escalation**: when a `recourse` rule applies but none of its targets qualifies (their level
//! is too low), the engine escalates from those targets along the recourse rules that apply to
//! them as origins, at most [`MAX_ESCALATION`] times, never visiting a site twice on one path.
//! The hops are the rule's targets whose membership is in force (the 8 nearest, nearest first);
//! `any_capable` and tele-service targets do not escalate. At a hop, the rules' origin selectors
//! and `origin_grouping_role` targets look at the hop, while distances, ties and the `local`
//! step still refer to the patient's origin.
//!
//! **Tele-services first**: a rule whose target is a tele-service (an EHPAD resident to the
//! emergency filière of the Alliance) routes to the tele-service's provider with step
//! `tele_service` when the service is in force, serves the filière and the origin may request
//! it; the decision also gives the physical transfer that applies if the tele-expertise does
//! not settle the case (`fallback_target`), routed with tele-service rules left out. The
//! provider of a tele-service is not itself qualified (it gives advice, it does not admit):
//! its capability, the case's exclusions and distance limits do not apply to it. A tele rule
//! whose service cannot be used counts as an applied rule for the no-route reason.
//!
//! **Origins as people have them**: a case comes from a site id, a location id, a FINESS
//! number (`{"finess": …}`: an establishment's, or a legal entity's with one site; a bad check
//! key is `invalid`), coordinates, or where the person lives: a commune (`{"commune": "52269"}`;
//! a former code of a merged commune resolves to its successor, and the trace says so) or a
//! postal code (`{"postal_code": "52200"}`, entering by its most populated commune). Commune and
//! postal code origins need the engine's commune reference ([`crate::reference`]); the decision
//! gives the person's current commune (`commune`). A point is placed in the commune whose
//! representative point is nearest (when the engine has a reference), and a location in its
//! INSEE commune.
//!
//! **First-line entry**: a person's place — a commune, a postal code, coordinates, or a
//! location that no rule names in its origin selector — is not a site: the person enters the
//! network at a **first-line site**, chosen in this order, nearest first (by travel time with a
//! matrix, else distance; ties to the smaller site id), among sites that exist and work in the
//! filière at the date, at any level:
//! 1. the sites whose **catchment** for the filière lists the person's commune
//!    ([`crate::Catchment`]);
//! 2. else the member sites (membership in force) of the groupings whose **territory** covers
//!    the commune at the date and whose scope includes the filière (or is empty)
//!    ([`crate::Territory`]: the GHT's territory for a GHT's rules);
//! 3. else, if the network sets an **entry policy** ([`crate::EntryPolicy`]), the nearest site
//!    within its distance and time limits;
//! 4. else the person does not enter: only the rules without an origin selector apply, and
//!    with no route the reason is `outside_territory`.
//!
//! The rules then apply as if the case came from the entry site (its memberships, roles and
//! kind), while distances are measured from the person's place: a surgery GCS partner of the
//! entry site is chosen when it is the nearest from home. The decision names the entry site
//! (`entry`), and when the entry site handles the case itself the step is `first_line`, never
//! `local` (the person travels to it; `distance_km` says how far). When no route results from
//! an entry site, the next first-line site is tried, up to [`MAX_ENTRIES`]; with none routing,
//! the decision is the first entry's no-route. Case exclusions and distance limits apply to
//! targets, not to the entry site.
//!
//! **Tele-services by territory**: a tele-service marked `national` (the SOS Médecins 3624
//! teleconsultation), or listed in the `tele_services` of a territory covering the person's
//! commune, is offered first to a person's place in its filière when in force, without a rule:
//! step `tele_service`, target its provider, and `fallback_target` the physical routing as if it
//! did not exist (first in id order when several apply). A site origin uses rules for
//! tele-services.
//!
//! **Distance** is the great-circle (haversine) distance between coordinates, unless the engine
//! was compiled with a travel matrix ([`crate::CompileOptions`]).

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::engine::{CTarget, Engine, MemberSite, RuleData, RuleRef, SiteIx, Span};
use crate::first_line::{EntryBasis, Home};
use crate::geo::chord_km;
pub use crate::geo::{EARTH_RADIUS_KM, haversine_km};
use crate::messages::{Lang, Msg, tr};
use crate::network::{Role, Step, Strength};

/// How many recourse steps an escalation may take.
pub const MAX_ESCALATION: usize = 4;

/// How many entry sites an origin that is not a site may try, nearest first.
pub const MAX_ENTRIES: usize = 3;

/// Where a case comes from. Read from a text (an id) or an object of exactly one of the
/// shapes below; a mistake says which shapes there are.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Origin {
    /// A site or location id of the network.
    Id(String),
    /// Coordinates (WGS84 degrees) of a place outside the network.
    Point {
        /// Latitude.
        lat: f64,
        /// Longitude.
        lon: f64,
    },
    /// Where the patient lives: an INSEE commune code (`52269`); a former code resolves to the
    /// commune it was merged into. Needs the engine's commune reference.
    Commune {
        /// INSEE commune code.
        commune: String,
    },
    /// A postal code (as PMSI residence codes mostly are): enters by its most populated
    /// commune. Needs the engine's commune reference.
    PostalCode {
        /// Postal code (5 digits).
        postal_code: String,
    },
    /// A FINESS number of a site (ET) or of a legal entity (EJ) with one site.
    Finess {
        /// FINESS number (9 characters, check key verified).
        finess: String,
    },
}

/// A case's record id, as the caller gave it: text or a whole number. Never interpreted,
/// echoed in the case's decision.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum CaseId {
    /// A whole number (a row number, a stay number).
    Number(i64),
    /// Text.
    // Shared: echoing the id in a decision copies a pointer, not the text.
    Text(std::sync::Arc<str>),
}

impl fmt::Display for CaseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Number(n) => write!(f, "{n}"),
            Self::Text(t) => f.write_str(t),
        }
    }
}

impl From<&str> for CaseId {
    fn from(id: &str) -> Self {
        Self::Text(id.into())
    }
}

impl From<String> for CaseId {
    fn from(id: String) -> Self {
        Self::Text(id.into())
    }
}

impl From<i64> for CaseId {
    fn from(id: i64) -> Self {
        Self::Number(id)
    }
}

/// A case to route. Only `filiere`, the origin and `date` are required.
///
/// It reads in the shape of a batch row too: the origin as `lat` and `lon`, `commune`,
/// `postal_code` or `finess` fields instead of `origin`, flags and exclusions as one text of
/// `;`-separated values, the id as text or a whole number. It is written in the canonical
/// shape (`origin`, lists).
///
/// ```
/// let case: parcours::Case = serde_json::from_str(r#"{
///     "filiere": "chirurgie", "level": "reference", "origin": "ch-langres", "date": "2017-10-02"
/// }"#).unwrap();
/// assert_eq!(case.filiere, "chirurgie");
/// let row: parcours::Case = serde_json::from_str(r#"{
///     "id": 7, "filiere": "chirurgie", "lat": 47.86, "lon": 5.33, "date": "2017-10-02",
///     "flags": "most_acute; urgent"
/// }"#).unwrap();
/// assert_eq!(row.origin, parcours::Origin::Point { lat: 47.86, lon: 5.33 });
/// assert_eq!(row.flags, ["most_acute", "urgent"]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(try_from = "crate::case_input::CaseInput")]
pub struct Case {
    /// Caller's record id (text or a whole number), echoed in the decision; never interpreted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<CaseId>,
    /// The filière.
    pub filiere: String,
    /// Level needed; default the filière's lowest level (or what the flags imply).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<String>,
    /// Where the patient is.
    pub origin: Origin,
    /// Date of the case (`as_of`).
    pub date: Date,
    /// Patient age in years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<u16>,
    /// Whether the patient lives in an EHPAD.
    #[serde(default)]
    pub ehpad_resident: bool,
    /// Whether the case is time-critical.
    #[serde(default)]
    pub time_critical: bool,
    /// Clinical flags (e.g. `most_acute`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<String>,
    /// No target farther than this (km).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_distance_km: Option<f64>,
    /// Sites that must not be chosen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<String>,
    /// Site the patient chose; wins over preferred rules when it qualifies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_site: Option<String>,
    /// Count planned and in-progress facts as in force (what-if on announced changes).
    #[serde(default)]
    pub include_planned: bool,
}

impl Case {
    /// A case with only the required fields.
    pub fn new(filiere: impl Into<String>, origin: impl Into<String>, date: Date) -> Self {
        Self {
            id: None,
            filiere: filiere.into(),
            level: None,
            origin: Origin::Id(origin.into()),
            date,
            age: None,
            ehpad_resident: false,
            time_critical: false,
            flags: Vec::new(),
            max_distance_km: None,
            exclude: Vec::new(),
            preferred_site: None,
            include_planned: false,
        }
    }

    /// Sets the level needed.
    #[must_use]
    pub fn level(mut self, level: impl Into<String>) -> Self {
        self.level = Some(level.into());
        self
    }

    /// Adds a clinical flag.
    #[must_use]
    pub fn flag(mut self, flag: impl Into<String>) -> Self {
        self.flags.push(flag.into());
        self
    }
}

/// Outcome of routing one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// A site handles the case.
    Routed,
    /// No site qualifies; see the reason.
    NoRoute,
    /// The case itself is invalid (unknown filière, level or origin).
    Invalid,
}

/// Why a case got no route, or why it is invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ReasonCode {
    /// No rule applied and the origin cannot handle the case.
    NoApplicableRule,
    /// Rules applied but none of their targets qualified.
    NoQualifyingTarget,
    /// The filière is not in the network.
    UnknownFiliere,
    /// The level is not a level of the filière.
    UnknownLevel,
    /// The origin is neither a site nor a location of the network.
    UnknownOrigin,
    /// The origin coordinates are not valid WGS84 degrees.
    InvalidCoordinates,
    /// A distance limit is negative or not a number.
    InvalidDistance,
    /// The person lives where no catchment or territory of the network reaches, and the
    /// network sets no entry distance that covers them.
    OutsideTerritory,
    /// The commune code is not in the commune reference.
    UnknownCommune,
    /// The postal code is not in the commune reference.
    UnknownPostalCode,
    /// A commune or postal code origin, but the engine has no commune reference.
    NoCommuneReference,
    /// The FINESS number is well formed but names no site or legal entity of the network.
    UnknownFiness,
    /// The FINESS number is malformed or its check key is wrong.
    InvalidFiness,
    /// The FINESS number is a legal entity's with several sites: give the site's (ET) number.
    AmbiguousFiness,
    /// A clinical flag that no filière maps to a level and no rule requires: a misspelt flag
    /// would otherwise route the case as if it were not there.
    UnknownFlag,
}

impl ReasonCode {
    /// Every reason, for the tests that go through them all (the catalogue's, the result
    /// columns'); the catalogue's test checks it against the JSON Schema, so it stays complete.
    #[cfg(test)]
    pub(crate) const ALL_FOR_TESTS: [Self; 15] = [
        Self::NoApplicableRule,
        Self::NoQualifyingTarget,
        Self::UnknownFiliere,
        Self::UnknownLevel,
        Self::UnknownOrigin,
        Self::InvalidCoordinates,
        Self::InvalidDistance,
        Self::OutsideTerritory,
        Self::UnknownCommune,
        Self::UnknownPostalCode,
        Self::NoCommuneReference,
        Self::UnknownFiness,
        Self::InvalidFiness,
        Self::AmbiguousFiness,
        Self::UnknownFlag,
    ];

    /// A one-line explanation, in English.
    pub fn describe(self) -> &'static str {
        self.describe_in(Lang::En)
    }

    /// A one-line explanation, in `lang`.
    pub fn describe_in(self, lang: Lang) -> &'static str {
        self.msg().template(lang)
    }

    /// The catalogue key of the explanation: every reason has one (the match is exhaustive).
    pub(crate) fn msg(self) -> Msg {
        match self {
            Self::NoApplicableRule => Msg::ReasonNoApplicableRule,
            Self::NoQualifyingTarget => Msg::ReasonNoQualifyingTarget,
            Self::UnknownFiliere => Msg::ReasonUnknownFiliere,
            Self::UnknownLevel => Msg::ReasonUnknownLevel,
            Self::UnknownOrigin => Msg::ReasonUnknownOrigin,
            Self::InvalidCoordinates => Msg::ReasonInvalidCoordinates,
            Self::InvalidDistance => Msg::ReasonInvalidDistance,
            Self::OutsideTerritory => Msg::ReasonOutsideTerritory,
            Self::UnknownCommune => Msg::ReasonUnknownCommune,
            Self::UnknownPostalCode => Msg::ReasonUnknownPostalCode,
            Self::NoCommuneReference => Msg::ReasonNoCommuneReference,
            Self::UnknownFiness => Msg::ReasonUnknownFiness,
            Self::InvalidFiness => Msg::ReasonInvalidFiness,
            Self::AmbiguousFiness => Msg::ReasonAmbiguousFiness,
            Self::UnknownFlag => Msg::ReasonUnknownFlag,
        }
    }
}

/// The decision for one case: borrowed from the engine, so routing allocates nothing (but the
/// case's id when it has one, and the message of an invalid case).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Decision<'e> {
    /// The case's id, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<CaseId>,
    /// Routed, no route, or invalid case.
    pub outcome: Outcome,
    /// Chosen site id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<&'e str>,
    /// Chosen site name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_name: Option<&'e str>,
    /// Level needed by the case (after flags).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<&'e str>,
    /// Level the chosen site holds in the filière at the date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_level: Option<&'e str>,
    /// The step that chose the target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<Step>,
    /// The rule that chose the target, if a rule did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<&'e str>,
    /// The tele-service to use first, when the step is `tele_service`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tele_service: Option<&'e str>,
    /// With a tele-service: the site for a physical transfer if it is still needed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fallback_target: Option<&'e str>,
    /// Straight-line (or matrix) distance from the origin to the target, km.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
    /// Travel time from the travel matrix, minutes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minutes: Option<f64>,
    /// Why there is no route or why the case is invalid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<ReasonCode>,
    /// With an invalid case: what is wrong, naming the value (``unknown flag `most-acute` ``).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// With an invalid case: what to do, often the closest known value (``did you mean
    /// `most_acute`?``).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// The commune the person comes from, as the reference knows it now (a former code gives
    /// its successor), when the origin is a commune, a postal code, a location with an INSEE code
    /// or a point placed in its commune.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub commune: Option<&'e str>,
    /// With an origin outside the network's sites (a location or coordinates): the site where
    /// the patient enters the network, whose rules were applied (see the module docs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry: Option<&'e str>,
}

impl Decision<'_> {
    /// A decision with its outcome and nothing else set.
    pub(crate) fn new(outcome: Outcome) -> Self {
        Self {
            id: None,
            outcome,
            target: None,
            target_name: None,
            level: None,
            target_level: None,
            step: None,
            rule: None,
            tele_service: None,
            fallback_target: None,
            distance_km: None,
            minutes: None,
            reason: None,
            message: None,
            help: None,
            commune: None,
            entry: None,
        }
    }

    fn failed(outcome: Outcome, reason: ReasonCode) -> Self {
        Self {
            reason: Some(reason),
            ..Self::new(outcome)
        }
    }
}

impl Decision<'_> {
    /// The decision in one line, in `lang`: the target and how it was chosen, or why there is
    /// no route, or what is wrong with the case. An invalid case's message and help are in the
    /// language the decision was routed in ([`Engine::route_in`]).
    pub fn text(&self, lang: Lang) -> String {
        use std::fmt::Write as _;
        match self.outcome {
            Outcome::Routed => {
                let mut s = format!(
                    "{} ({})",
                    self.target_name.unwrap_or("?"),
                    self.target.unwrap_or("?")
                );
                if let Some(step) = self.step {
                    s.push_str(&tr(lang, Msg::ShowBy, &[step_label_in(step, lang)]));
                }
                if let Some(r) = self.rule {
                    s.push_str(&tr(lang, Msg::ShowRule, &[r]));
                }
                if let Some(d) = self.distance_km {
                    let _ = write!(s, ", {d:.0} km");
                }
                if let Some(t) = self.fallback_target {
                    s.push_str(&tr(lang, Msg::ShowFallback, &[t]));
                }
                s
            }
            Outcome::Invalid if self.message.is_some() => {
                let mut s = tr(
                    lang,
                    Msg::CaseInvalid,
                    &[self.message.as_deref().unwrap_or("?")],
                );
                if let Some(h) = &self.help {
                    let _ = write!(s, " ({h})");
                }
                s
            }
            _ => tr(
                lang,
                Msg::NoRoute,
                &[self.reason.map_or("?", |r| r.describe_in(lang))],
            ),
        }
    }
}

impl fmt::Display for Decision<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// `work` on `threads` scoped threads, each on one contiguous chunk of `items`; the results
/// concatenated in chunk order. A worker that panics has its panic raised again here, with its
/// payload, once every worker has finished: never a shorter or shifted result.
fn in_chunks<T: Sync, U: Send>(
    items: &[T],
    threads: usize,
    work: impl Fn(&[T]) -> Vec<U> + Sync,
) -> Vec<U> {
    let chunk = items.len().div_ceil(threads.max(1)).max(1);
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || work(part)))
            .collect();
        let mut out = Vec::with_capacity(items.len());
        let mut panicked = None;
        for h in handles {
            match h.join() {
                Ok(part) => out.extend(part),
                Err(payload) => {
                    panicked.get_or_insert(payload);
                }
            }
        }
        if let Some(payload) = panicked {
            std::panic::resume_unwind(payload);
        }
        out
    })
}

/// The step of a case handled at its own origin: `local` for a site, `first_line` for a
/// person who entered at a first-line site (they travel to it).
fn own_step(ctx: &Ctx<'_>) -> Step {
    if ctx.entry.is_some() {
        Step::FirstLine
    } else {
        Step::Local
    }
}

/// Plain words for a step, for planners, in English.
pub fn step_label(step: Step) -> &'static str {
    step_label_in(step, Lang::En)
}

/// Plain words for a step, for planners, in `lang`.
pub fn step_label_in(step: Step, lang: Lang) -> &'static str {
    step_msg(step).template(lang)
}

/// The catalogue key of a step's words: every step has one (the match is exhaustive).
pub(crate) fn step_msg(step: Step) -> Msg {
    match step {
        Step::Local => Msg::StepLocal,
        Step::Partner => Msg::StepPartner,
        Step::PreferredPathway => Msg::StepPreferredPathway,
        Step::Recourse => Msg::StepRecourse,
        Step::TeleService => Msg::StepTeleService,
        Step::PatientChoice => Msg::StepPatientChoice,
        Step::Fallback => Msg::StepFallback,
        Step::FirstLine => Msg::StepFirstLine,
    }
}

/// Why a candidate site was not chosen.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Rejection {
    /// It qualified, but another candidate ranked higher (an earlier step or rule, or nearer).
    LessPreferred,
    /// Its capability level is below the level needed.
    LevelTooLow,
    /// It has no capability in the filière at the date.
    NotAuthorised,
    /// It is farther than a distance limit.
    TooFar,
    /// Its membership in the targeted grouping is not in force at the date.
    MembershipNotInForce,
    /// The site itself does not exist at the date.
    SiteNotInForce,
    /// The case excludes it.
    Excluded,
}

impl Rejection {
    /// Plain words, in English.
    pub fn describe(self) -> &'static str {
        self.describe_in(Lang::En)
    }

    /// Plain words, in `lang`.
    pub fn describe_in(self, lang: Lang) -> &'static str {
        self.msg().template(lang)
    }

    /// The catalogue key of the words: every rejection has one (the match is exhaustive).
    pub(crate) fn msg(self) -> Msg {
        match self {
            Self::LessPreferred => Msg::RejLessPreferred,
            Self::LevelTooLow => Msg::RejLevelTooLow,
            Self::NotAuthorised => Msg::RejNotAuthorised,
            Self::TooFar => Msg::RejTooFar,
            Self::MembershipNotInForce => Msg::RejMembershipNotInForce,
            Self::SiteNotInForce => Msg::RejSiteNotInForce,
            Self::Excluded => Msg::RejExcluded,
        }
    }
}

/// A candidate that was not chosen, with the reason.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Alternative<'e> {
    /// Site id.
    pub site: &'e str,
    /// Site name.
    pub name: &'e str,
    /// Why it lost.
    pub rejection: Rejection,
    /// Why it lost, in words, in the language of the explanation
    /// ([`Engine::route_explained_in`]).
    pub why: &'static str,
    /// The rule (or step) that proposed it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<&'e str>,
    /// Level it holds at the date, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<&'e str>,
    /// Distance from the origin, km.
    pub distance_km: f64,
}

/// One entry of the explanation trace.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct TraceEntry<'e> {
    /// What was looked at: `case`, `rule`, `local`, `patient_choice`, `escalation`, `tele_service`.
    pub kind: &'static str,
    /// Rule id, when about a rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<&'e str>,
    /// What happened, in words.
    pub detail: String,
    /// Source document of the rule, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<&'e str>,
}

/// A decision with its trace and ranked alternatives.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Explanation<'e> {
    /// The decision, identical to what [`Engine::route`] returns.
    pub decision: Decision<'e>,
    /// What the engine looked at, in order.
    pub trace: Vec<TraceEntry<'e>>,
    /// Candidates not chosen: qualified ones first (nearest first), then rejected ones.
    pub alternatives: Vec<Alternative<'e>>,
    /// The escalation path of the chosen target, when the decision came from an escalation:
    /// the sites escalated from, in order, each reached by a recourse step from the one before
    /// (the first from the rule's targets), the last the one whose recourse rule chose the
    /// target. No site appears twice; empty when no escalation chose the target.
    pub via: Vec<&'e str>,
    /// Sites escalated from that led to no qualifying target (dead ends), in the order tried,
    /// each once, none of them in `via`: what the escalation tried before the path that worked,
    /// or everything it tried when nothing worked.
    pub dead_ends: Vec<&'e str>,
}

impl Explanation<'_> {
    /// The decision, the escalation path, the trace and the alternatives, one per line, in
    /// `lang`. The trace is in the language the explanation was routed in
    /// ([`Engine::route_explained_in`]).
    pub fn text(&self, lang: Lang) -> String {
        let mut s = format!("→ {}\n", self.decision.text(lang));
        if !self.via.is_empty() {
            s.push_str(&tr(lang, Msg::ShowVia, &[&self.via.join(" → ")]));
            s.push('\n');
        }
        if !self.dead_ends.is_empty() {
            s.push_str(&tr(lang, Msg::ShowDeadEnds, &[&self.dead_ends.join(", ")]));
            s.push('\n');
        }
        for t in &self.trace {
            s.push_str("  · ");
            s.push_str(&t.detail);
            if let Some(src) = t.source {
                s.push_str(&tr(lang, Msg::ShowSource, &[src]));
            }
            s.push('\n');
        }
        for a in &self.alternatives {
            let km = format!("{:.0}", a.distance_km);
            s.push_str(&tr(
                lang,
                Msg::ShowAlternative,
                &[a.name, a.site, &km, a.why],
            ));
            s.push('\n');
        }
        s
    }
}

impl fmt::Display for Explanation<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

// ---------------------------------------------------------------------------------------------
// The router

/// Records what routing looks at. `NoTrace` compiles to nothing, so routing without an
/// explanation pays nothing for it.
trait Recorder<'e> {
    const ON: bool;
    /// The language of the trace.
    fn lang(&self) -> Lang {
        Lang::En
    }
    fn note(
        &mut self,
        _kind: &'static str,
        _rule: Option<&'e RuleData>,
        _detail: impl FnOnce() -> String,
    ) {
    }
    fn candidate(
        &mut self,
        _site: SiteIx,
        _rejection: Option<Rejection>,
        _rule: Option<&'e str>,
        _level: Option<u8>,
        _km: f64,
    ) {
    }
    /// An escalation goes on from `site`: it joins the current path.
    fn hop(&mut self, _site: SiteIx) {}
    /// The last hop of the current path led nowhere: it leaves the path as a dead end.
    fn dead_end(&mut self) {}
    /// Where the path and the dead ends stand, to [`Recorder::reset`] them after routing
    /// something that is not the chosen target (a tele-service's physical fallback).
    fn mark(&self) -> [usize; 2] {
        [0, 0]
    }
    /// Forgets the hops and dead ends recorded since `mark`.
    fn reset(&mut self, _mark: [usize; 2]) {}
}

struct NoTrace;
impl Recorder<'_> for NoTrace {
    const ON: bool = false;
}

/// A candidate seen while routing: site, rejection (none when it qualified), proposing rule,
/// level held, distance.
type Seen<'e> = (SiteIx, Option<Rejection>, Option<&'e str>, Option<u8>, f64);

struct Tracer<'e> {
    lang: Lang,
    trace: Vec<TraceEntry<'e>>,
    /// (site, rejection or None when qualified, rule, level, km)
    seen: Vec<Seen<'e>>,
    /// The current escalation path (a stack: hops join it, dead ends leave it).
    via: Vec<SiteIx>,
    /// Hops that led nowhere, in the order they were left.
    dead: Vec<SiteIx>,
}

impl<'e> Recorder<'e> for Tracer<'e> {
    const ON: bool = true;
    fn lang(&self) -> Lang {
        self.lang
    }
    fn note(
        &mut self,
        kind: &'static str,
        rule: Option<&'e RuleData>,
        detail: impl FnOnce() -> String,
    ) {
        self.trace.push(TraceEntry {
            kind,
            rule: rule.map(|r| r.id.as_str()),
            detail: detail(),
            source: rule.and_then(|r| r.source_url.as_deref()),
        });
    }
    fn candidate(
        &mut self,
        site: SiteIx,
        rejection: Option<Rejection>,
        rule: Option<&'e str>,
        level: Option<u8>,
        km: f64,
    ) {
        self.seen.push((site, rejection, rule, level, km));
    }
    fn hop(&mut self, site: SiteIx) {
        self.via.push(site);
    }
    fn dead_end(&mut self) {
        if let Some(site) = self.via.pop() {
            self.dead.push(site);
        }
    }
    fn mark(&self) -> [usize; 2] {
        [self.via.len(), self.dead.len()]
    }
    fn reset(&mut self, [via, dead]: [usize; 2]) {
        self.via.truncate(via);
        self.dead.truncate(dead);
    }
}

/// A resolved case.
#[derive(Clone, Copy)]
struct Ctx<'c> {
    case: &'c Case,
    filiere: u32,
    level: u8,
    day: i32,
    /// Origin node (site or location) whose rules apply; an escalation hop during escalation.
    node: Option<usize>,
    /// The patient's origin node, for travel-matrix look-ups.
    patient_node: Option<usize>,
    origin_site: Option<SiteIx>,
    /// The patient's origin site: the one that makes a step `local` and wins distance ties.
    patient_site: Option<SiteIx>,
    /// The entry site of an origin outside the network's sites, if one was found.
    entry: Option<SiteIx>,
    /// How the entry site was chosen.
    entry_basis: Option<EntryBasis>,
    /// The origin is a person's place that found no entry site.
    outside: bool,
    /// The commune the person comes from, when known.
    home: Option<Home>,
    /// lat, lon (radians), cos lat.
    at: [f64; 3],
    max_km: f64,
    planned: bool,
    /// Leave tele-service rules out (routing the physical fallback).
    no_tele: bool,
    /// Which facts the case has, as [`RuleRef`] need bits.
    has: u8,
}

/// A chosen candidate.
#[derive(Clone, Copy)]
struct Pick {
    site: SiteIx,
    km: f64,
    minutes: Option<f64>,
    level: u8,
    /// Ranking key: minutes if known, else km.
    key: f64,
    order: u32,
}

struct Chosen<'e> {
    pick: Pick,
    step: Step,
    rule: Option<&'e RuleData>,
    tele: Option<u32>,
}

impl Engine {
    /// Routes a case without trace. Invalid cases and cases with no route give a decision with
    /// `outcome` set accordingly, never an error.
    ///
    /// ```
    /// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/mini.json")).unwrap();
    /// let engine = parcours::Engine::compile(&parcours::Network::from_json_str(&text)?)?;
    /// let case = parcours::Case::new("chirurgie", "ch-b", "2020-01-01".parse().unwrap());
    /// let decision = engine.route(&case);
    /// assert_eq!(decision.target, Some("chu-a"));
    /// # Ok::<(), parcours::Error>(())
    /// ```
    pub fn route<'e>(&'e self, case: &Case) -> Decision<'e> {
        self.route_in(case, Lang::En)
    }

    /// [`Engine::route`] with an invalid case's `message` and `help` in `lang` (the only texts
    /// of a decision; routing is otherwise the same).
    pub fn route_in<'e>(&'e self, case: &Case, lang: Lang) -> Decision<'e> {
        let mut d = self.route_with(case, &mut NoTrace, lang);
        d.id.clone_from(&case.id);
        d
    }

    /// Routes a case and explains the decision: the trace of rules looked at, with their
    /// sources, and the ranked alternatives with the reason each lost.
    pub fn route_explained<'e>(&'e self, case: &Case) -> Explanation<'e> {
        self.route_explained_in(case, Lang::En)
    }

    /// [`Engine::route_explained`] with the trace (and an invalid case's message) in `lang`.
    /// Filières, levels and sites are named by their names in the network.
    pub fn route_explained_in<'e>(&'e self, case: &Case, lang: Lang) -> Explanation<'e> {
        let mut t = Tracer {
            lang,
            trace: Vec::new(),
            seen: Vec::new(),
            via: Vec::new(),
            dead: Vec::new(),
        };
        let mut decision = self.route_with(case, &mut t, lang);
        decision.id.clone_from(&case.id);
        let chosen = decision.target;
        let mut alternatives: Vec<Alternative<'e>> = Vec::new();
        // Best verdict per site: qualified beats any rejection; otherwise the first seen.
        let mut best: Vec<Seen<'e>> = Vec::new();
        for entry in t.seen {
            let site_id = self.sites.site(entry.0).map(|s| s.id.as_str());
            if site_id == chosen && chosen.is_some() {
                continue;
            }
            match best.iter_mut().find(|b| b.0 == entry.0) {
                Some(b) if b.1.is_some() && entry.1.is_none() => *b = entry,
                Some(_) => {}
                None => best.push(entry),
            }
        }
        for (site, rejection, rule, level, km) in best {
            let Some(s) = self.sites.site(site) else {
                continue;
            };
            let rejection = rejection.unwrap_or(Rejection::LessPreferred);
            alternatives.push(Alternative {
                site: &s.id,
                name: &s.name,
                rejection,
                why: rejection.describe_in(lang),
                rule,
                level: level.and_then(|l| self.level_name(case_filiere(self, case), l)),
                distance_km: km,
            });
        }
        crate::order::sort_by(&mut alternatives, |a, b| {
            (a.rejection != Rejection::LessPreferred)
                .cmp(&(b.rejection != Rejection::LessPreferred))
                .then(a.distance_km.total_cmp(&b.distance_km))
                .then(a.site.cmp(b.site))
        });
        // Every hop that led nowhere has left the path: what remains led to the target.
        let via: Vec<&str> = t
            .via
            .iter()
            .filter_map(|&s| self.sites.site(s).map(|s| s.id.as_str()))
            .collect();
        let mut dead_ends: Vec<&str> = Vec::new();
        for id in t
            .dead
            .iter()
            .filter_map(|&s| self.sites.site(s).map(|s| s.id.as_str()))
        {
            if !via.contains(&id) && !dead_ends.contains(&id) {
                dead_ends.push(id);
            }
        }
        Explanation {
            decision,
            trace: t.trace,
            alternatives,
            via,
            dead_ends,
        }
    }

    /// Routes many cases, results in input order. Identical cases are routed once (a
    /// [`crate::Memo`]): the decisions are those of [`Engine::route`].
    pub fn route_batch<'e>(&'e self, cases: &[Case]) -> Vec<Decision<'e>> {
        let mut memo = crate::Memo::new(self);
        cases.iter().map(|c| memo.route(c)).collect()
    }

    /// Routes many cases on `threads` OS threads (scoped, no runtime), results in input order:
    /// one decision per case, the `i`-th for the `i`-th case. `threads` of 0 or 1 routes on the
    /// calling thread.
    ///
    /// # Panics
    /// Routing does not panic; if a bug made it panic on one thread, that panic is raised
    /// again here with its payload, as it would be on one thread, rather than returning fewer
    /// decisions than cases (a binding's panic guard turns it into an error).
    pub fn route_batch_parallel<'e>(&'e self, cases: &[Case], threads: usize) -> Vec<Decision<'e>> {
        if threads <= 1 || cases.len() < 2 {
            return self.route_batch(cases);
        }
        in_chunks(cases, threads, |part| self.route_batch(part))
    }

    fn level_name(&self, f: Option<u32>, rank: u8) -> Option<&str> {
        self.filieres
            .get(f? as usize)?
            .levels
            .get(rank as usize)
            .map(String::as_str)
    }

    fn route_with<'e, R: Recorder<'e>>(
        &'e self,
        case: &Case,
        rec: &mut R,
        lang: Lang,
    ) -> Decision<'e> {
        let ctx = match self.resolve(case) {
            Ok(ctx) => ctx,
            Err(reason) => {
                let (message, help) = self.invalid_case(case, reason, lang);
                rec.note("case", None, || tr(lang, Msg::CaseInvalid, &[&message]));
                return Decision {
                    message: Some(message),
                    help,
                    ..Decision::failed(Outcome::Invalid, reason)
                };
            }
        };
        let level = self.level_name(Some(ctx.filiere), ctx.level);
        if R::ON {
            let f = self.filieres.get(ctx.filiere as usize);
            let filiere = f.map_or(case.filiere.as_str(), |f| f.name.as_str());
            let level_name = f
                .and_then(|f| f.level_names.get(usize::from(ctx.level)))
                .map_or("?", String::as_str);
            rec.note("case", None, || {
                tr(
                    lang,
                    Msg::CaseHeader,
                    &[filiere, level_name, &case.date.to_string()],
                )
            });
        }
        let outside = ctx.outside;
        let home = ctx.home;
        let commune = self.home_code(home);
        if let Some(code) = commune {
            self.note_home(case, code, rec);
        }
        if let Some(d) = self.tele_first(&ctx, level, commune, rec) {
            return d;
        }
        let (c, ctx) = match self.decide_entries(ctx, rec) {
            Ok(found) => found,
            Err((any_rule, entry)) => {
                let reason = if outside && entry.is_none() {
                    ReasonCode::OutsideTerritory
                } else if any_rule {
                    ReasonCode::NoQualifyingTarget
                } else {
                    ReasonCode::NoApplicableRule
                };
                rec.note("result", None, || {
                    tr(lang, Msg::NoRoute, &[reason.describe_in(lang)])
                });
                return Decision {
                    level,
                    commune,
                    entry: entry
                        .and_then(|s| self.sites.site(s))
                        .map(|s| s.id.as_str()),
                    ..Decision::failed(Outcome::NoRoute, reason)
                };
            }
        };
        let site = self.sites.site(c.pick.site);
        let mut d = Decision {
            id: None,
            outcome: Outcome::Routed,
            target: site.map(|s| s.id.as_str()),
            target_name: site.map(|s| s.name.as_str()),
            level,
            target_level: self.level_name(Some(ctx.filiere), c.pick.level),
            step: Some(c.step),
            rule: c.rule.map(|r| r.id.as_str()),
            tele_service: c
                .tele
                .and_then(|t| self.services.teles.get(t as usize))
                .map(|t| t.id.as_str()),
            fallback_target: None,
            distance_km: Some(c.pick.km),
            minutes: c.pick.minutes,
            reason: None,
            message: None,
            help: None,
            commune,
            entry: self.entry_id(&ctx),
        };
        if c.tele.is_some() {
            let physical = Ctx {
                no_tele: true,
                ..ctx
            };
            rec.note("tele_service", None, || {
                tr(lang, Msg::TeleFallbackRule, &[])
            });
            let mark = rec.mark();
            let (fallback, _) = self.decide(&physical, rec);
            rec.reset(mark);
            d.fallback_target = fallback
                .and_then(|f| self.sites.site(f.pick.site))
                .map(|s| s.id.as_str());
        }
        d
    }

    /// Decides from the case's origin, or from its entry sites in turn (nearest first, at most
    /// [`MAX_ENTRIES`]). `Ok`: the choice and the context it was made in; `Err`: whether a rule
    /// applied from the nearest entry, and that entry.
    fn decide_entries<'e, 'c, R: Recorder<'e>>(
        &'e self,
        mut ctx: Ctx<'c>,
        rec: &mut R,
    ) -> Result<(Chosen<'e>, Ctx<'c>), (bool, Option<SiteIx>)> {
        let lang = rec.lang();
        let mut tried = [SiteIx::MAX; MAX_ENTRIES];
        let mut first: Option<(bool, Option<SiteIx>)> = None;
        loop {
            if let Some(site) = ctx.entry.and_then(|e| self.sites.site(e)) {
                rec.note("entry", None, || {
                    let why = match ctx.entry_basis {
                        Some(EntryBasis::Catchment) => tr(lang, Msg::EntryCatchment, &[]),
                        Some(EntryBasis::Territory(t)) => tr(
                            lang,
                            Msg::EntryTerritory,
                            &[self
                                .entry
                                .territory_ids
                                .get(t as usize)
                                .map_or("?", String::as_str)],
                        ),
                        Some(EntryBasis::Policy) | None => tr(lang, Msg::EntryPolicy, &[]),
                    };
                    tr(lang, Msg::EntryAt, &[&site.name, &site.id, &why])
                });
            } else if ctx.outside {
                rec.note("entry", None, || tr(lang, Msg::EntryOutside, &[]));
            }
            let (chosen, any_rule) = self.decide(&ctx, rec);
            if let Some(c) = chosen {
                return Ok((c, ctx));
            }
            first.get_or_insert((any_rule, ctx.entry));
            let next = ctx.entry.and_then(|e| {
                let n = tried.iter().position(|&t| t == SiteIx::MAX)?;
                *tried.get_mut(n)? = e;
                let skip = tried.get(..=n)?;
                (n + 1 < MAX_ENTRIES)
                    .then(|| {
                        self.first_line(
                            ctx.filiere,
                            ctx.day,
                            ctx.planned,
                            ctx.at,
                            ctx.patient_node,
                            ctx.home,
                            skip,
                        )
                    })
                    .flatten()
            });
            let Some((e, basis)) = next else {
                return Err(first.unwrap_or((any_rule, ctx.entry)));
            };
            rec.note("entry", None, || tr(lang, Msg::EntryNext, &[]));
            ctx = Ctx {
                node: Some(e as usize),
                origin_site: Some(e),
                patient_site: Some(e),
                entry: Some(e),
                entry_basis: Some(basis),
                ..ctx
            };
        }
    }

    fn resolve<'c>(&self, case: &'c Case) -> Result<Ctx<'c>, ReasonCode> {
        let filiere = *self
            .filieres
            .ix
            .get(&case.filiere)
            .ok_or(ReasonCode::UnknownFiliere)?;
        let fd = self
            .filieres
            .get(filiere as usize)
            .ok_or(ReasonCode::UnknownFiliere)?;
        let mut level = match &case.level {
            Some(l) => self
                .filieres
                .level_rank(filiere, l)
                .ok_or(ReasonCode::UnknownLevel)?,
            None => 0,
        };
        for flag in &case.flags {
            if let Some((_, r)) = fd.flag_levels.iter().find(|(f, _)| f == flag) {
                level = level.max(*r as usize);
            } else if self.rules.known_flags.binary_search(flag).is_err() {
                return Err(ReasonCode::UnknownFlag);
            }
        }
        let (node, origin_site, at, home) = self.place(case)?;
        let max_km = match case.max_distance_km {
            Some(km) if km.is_finite() && km >= 0.0 => km,
            Some(_) => return Err(ReasonCode::InvalidDistance),
            None => f64::INFINITY,
        };
        let day = case.date.epoch_day();
        // A person's place (not a site), that no rule names, enters the network at a
        // first-line site: its rules apply from there.
        let needs_entry = origin_site.is_none()
            && node.is_none_or(|n| self.rules.anchored(n, filiere).is_empty());
        let entry = if needs_entry {
            self.first_line(filiere, day, case.include_planned, at, node, home, &[])
        } else {
            None
        };
        let entry_basis = entry.map(|(_, b)| b);
        let entry = entry.map(|(s, _)| s);
        let ruling = entry.or(origin_site);
        Ok(Ctx {
            case,
            filiere,
            level: u8::try_from(level).unwrap_or(u8::MAX),
            day,
            node: entry.map_or(node, |s| Some(s as usize)),
            patient_node: node,
            origin_site: ruling,
            patient_site: ruling,
            entry,
            entry_basis,
            outside: needs_entry && entry.is_none(),
            home,
            at,
            max_km,
            planned: case.include_planned,
            no_tele: false,
            has: (if case.flags.is_empty() {
                0
            } else {
                RuleRef::NEEDS_FLAGS
            }) | (if case.age.is_some() {
                RuleRef::NEEDS_AGE
            } else {
                0
            }) | (if case.ehpad_resident {
                RuleRef::NEEDS_EHPAD
            } else {
                0
            }) | (if case.time_critical {
                RuleRef::NEEDS_TIME_CRITICAL
            } else {
                0
            }),
        })
    }

    /// Runs the decision order. Returns the choice and whether any rule applied.
    fn decide<'e, R: Recorder<'e>>(
        &'e self,
        ctx: &Ctx<'_>,
        rec: &mut R,
    ) -> (Option<Chosen<'e>>, bool) {
        let mut any_rule = false;
        let anchored = ctx
            .node
            .map_or(&[][..], |n| self.rules.anchored(n, ctx.filiere));
        let general = self
            .rules
            .general
            .get(ctx.filiere as usize)
            .map_or(&[][..], Vec::as_slice);
        let merged = Merge {
            a: anchored,
            b: general,
        };
        let mut local_done = false;
        for rr in merged {
            let mandatory = self
                .rules
                .hot
                .get(rr.rule as usize)
                .is_some_and(|h| h.strength == Strength::Mandatory);
            if !mandatory && !local_done {
                local_done = true;
                if let Some(c) = self.choice_and_local(ctx, rec) {
                    return (Some(c), any_rule);
                }
            }
            let Some(r) = self.rule_applies(rr, ctx, rec) else {
                continue;
            };
            any_rule = true;
            if let Some(c) = self.apply_rule(r, ctx, rec) {
                return (Some(c), any_rule);
            }
        }
        if !local_done {
            if let Some(c) = self.choice_and_local(ctx, rec) {
                return (Some(c), any_rule);
            }
        }
        (None, any_rule)
    }

    fn choice_and_local<'e, R: Recorder<'e>>(
        &'e self,
        ctx: &Ctx<'_>,
        rec: &mut R,
    ) -> Option<Chosen<'e>> {
        let lang = rec.lang();
        if let Some(choice) = &ctx.case.preferred_site {
            match self.sites.ix.get(choice) {
                Some(&s) => {
                    if let Some(pick) =
                        self.qualify(s, Span::ALWAYS, None, ctx, rec, Some("patient choice"))
                    {
                        rec.note("patient_choice", None, || {
                            tr(lang, Msg::ChoiceQualifies, &[choice])
                        });
                        return Some(Chosen {
                            pick,
                            step: Step::PatientChoice,
                            rule: None,
                            tele: None,
                        });
                    }
                    rec.note("patient_choice", None, || {
                        tr(lang, Msg::ChoiceFails, &[choice])
                    });
                }
                None => rec.note("patient_choice", None, || {
                    tr(lang, Msg::ChoiceUnknown, &[choice])
                }),
            }
        }
        if let Some(s) = ctx.origin_site {
            if let Some(pick) = self.qualify(s, Span::ALWAYS, None, ctx, rec, Some("local")) {
                rec.note("local", None, || {
                    if ctx.entry.is_some() {
                        tr(lang, Msg::LocalEntry, &[])
                    } else {
                        tr(lang, Msg::LocalOrigin, &[])
                    }
                });
                return Some(Chosen {
                    pick,
                    step: own_step(ctx),
                    rule: None,
                    tele: None,
                });
            }
            rec.note("local", None, || tr(lang, Msg::LocalCannot, &[]));
        }
        None
    }

    /// The rule, when it applies to the case (dates, levels, origin, conditions).
    fn rule_applies<'e, R: Recorder<'e>>(
        &'e self,
        rr: RuleRef,
        ctx: &Ctx<'_>,
        rec: &mut R,
    ) -> Option<&'e RuleData> {
        let why_not = self.why_not(rr, ctx);
        let r = self.rules.get(rr.rule as usize)?;
        if let Some(why) = why_not {
            if R::ON {
                let lang = rec.lang();
                rec.note("rule", Some(r), || {
                    tr(lang, Msg::RuleNotApply, &[&r.id, why.template(lang)])
                });
            }
            return None;
        }
        Some(r)
    }

    fn why_not(&self, rr: RuleRef, ctx: &Ctx<'_>) -> Option<Msg> {
        let hot = self.rules.hot.get(rr.rule as usize)?;
        if ctx.no_tele && hot.tele {
            return Some(Msg::WhyTeleLeftOut);
        }
        if !hot.span.in_force(ctx.day, ctx.planned) {
            return Some(Msg::WhyNotInForce);
        }
        if ctx.level < rr.lo || ctx.level > rr.hi {
            return Some(Msg::WhyLevel);
        }
        let missing = rr.needs & !ctx.has;
        if missing != 0 {
            // The same words as the full condition checks below.
            return Some(if missing & RuleRef::NEEDS_FLAGS != 0 {
                Msg::WhyFlag
            } else if missing & RuleRef::NEEDS_AGE != 0 {
                Msg::WhyAgeNeeded
            } else if missing & RuleRef::NEEDS_EHPAD != 0 {
                Msg::WhyEhpad
            } else {
                Msg::WhyTimeCritical
            });
        }
        let cold = if hot.plain {
            None
        } else {
            self.rules.get(rr.rule as usize)
        };
        if hot.member_of != u32::MAX {
            let roles = cold.map_or(&[][..], |r| r.roles.as_slice());
            let member = ctx.origin_site.is_some_and(|s| {
                self.groupings.of_site(s).iter().any(|m| {
                    m.grouping == hot.member_of
                        && (roles.is_empty() || roles.contains(&m.role))
                        && m.span.in_force(ctx.day, ctx.planned)
                })
            });
            if !member {
                return Some(Msg::WhyNotMember);
            }
        }
        let r = cold?;
        if !r.site_kinds.is_empty() {
            let kind_ok = ctx
                .origin_site
                .and_then(|s| self.sites.site(s))
                .is_some_and(|s| r.site_kinds.contains(&s.kind));
            if !kind_ok {
                return Some(Msg::WhyKind);
            }
        }
        if !r.origins.is_empty()
            && !ctx.node.is_some_and(|n| {
                r.origins
                    .binary_search(&u32::try_from(n).unwrap_or(u32::MAX))
                    .is_ok()
            })
        {
            return Some(Msg::WhyOrigin);
        }
        let w = &r.when;
        let case = ctx.case;
        if w.age_min.is_some() || w.age_max.is_some() {
            match case.age {
                None => return Some(Msg::WhyAgeNeeded),
                Some(a) if w.age_min.is_some_and(|m| a < m) || w.age_max.is_some_and(|m| a > m) => {
                    return Some(Msg::WhyAgeRange);
                }
                Some(_) => {}
            }
        }
        if w.ehpad_resident.is_some_and(|e| e != case.ehpad_resident) {
            return Some(Msg::WhyEhpad);
        }
        if w.time_critical.is_some_and(|t| t != case.time_critical) {
            return Some(Msg::WhyTimeCritical);
        }
        if !w.flags.iter().all(|f| case.flags.contains(f)) {
            return Some(Msg::WhyFlag);
        }
        None
    }

    fn apply_rule<'e, R: Recorder<'e>>(
        &'e self,
        r: &'e RuleData,
        ctx: &Ctx<'_>,
        rec: &mut R,
    ) -> Option<Chosen<'e>> {
        if let CTarget::Tele(t) = r.target {
            return self.apply_tele(r, t, ctx, rec);
        }
        let best = self.best_target(r, ctx, rec);
        if let Some(pick) = best {
            let step = if Some(pick.site) == ctx.patient_site {
                own_step(ctx)
            } else {
                r.step
            };
            if R::ON {
                let lang = rec.lang();
                let name = self.sites.site(pick.site).map_or("?", |s| s.name.as_str());
                rec.note("rule", Some(r), || {
                    let label = r.name.as_deref().unwrap_or(step_label_in(r.step, lang));
                    tr(lang, Msg::RuleChooses, &[&r.id, label, name])
                });
            }
            return Some(Chosen {
                pick,
                step,
                rule: Some(r),
                tele: None,
            });
        }
        if R::ON {
            let lang = rec.lang();
            rec.note("rule", Some(r), || tr(lang, Msg::RuleNoTarget, &[&r.id]));
        }
        if r.step == Step::Recourse {
            return self.escalate(r, ctx, rec);
        }
        None
    }

    fn apply_tele<'e, R: Recorder<'e>>(
        &'e self,
        r: &'e RuleData,
        t: u32,
        ctx: &Ctx<'_>,
        rec: &mut R,
    ) -> Option<Chosen<'e>> {
        let tele = self.services.teles.get(t as usize)?;
        let lang = rec.lang();
        if let Err(why) = tele.usable(ctx.origin_site, Some(ctx.filiere), ctx.day, ctx.planned) {
            rec.note("tele_service", Some(r), || {
                tr(lang, Msg::TeleUnusable, &[&tele.id, why.template(lang)])
            });
            return None;
        }
        let site = self.sites.site(tele.provider)?;
        let (km, minutes) = self.distance(ctx, tele.provider);
        rec.note("tele_service", Some(r), || {
            tr(lang, Msg::TeleWith, &[&tele.id, &site.name])
        });
        let level = self
            .capabilities
            .level(tele.provider, ctx.filiere, ctx.day, ctx.planned)
            .unwrap_or(ctx.level);
        Some(Chosen {
            pick: Pick {
                site: tele.provider,
                km,
                minutes,
                level,
                key: minutes.unwrap_or(km),
                order: site.order,
            },
            step: Step::TeleService,
            rule: Some(r),
            tele: Some(t),
        })
    }

    /// The nearest qualifying target of a rule.
    fn best_target<'e, R: Recorder<'e>>(
        &'e self,
        r: &'e RuleData,
        ctx: &Ctx<'_>,
        rec: &mut R,
    ) -> Option<Pick> {
        let mut best: Option<Pick> = None;
        let mut consider = |m: &MemberSite, rec: &mut R| {
            if let Some(p) = self.qualify(m.site, m.span, r.max_km, ctx, rec, Some(r.id.as_str())) {
                let rank = |x: &Pick| (x.key, Some(x.site) != ctx.patient_site, x.order);
                if best.is_none_or(|b| rank(&p) < rank(&b)) {
                    best = Some(p);
                }
            }
        };
        match &r.target {
            CTarget::Sites(list) => {
                for m in list {
                    consider(m, rec);
                }
            }
            CTarget::OriginGroupingRole(kind, role) => {
                let groupings = ctx
                    .origin_site
                    .map_or(&[][..], |s| self.groupings.of_site(s));
                for sg in groupings {
                    let Some(g) = self.groupings.get(sg.grouping as usize) else {
                        continue;
                    };
                    if g.kind != *kind || !sg.span.in_force(ctx.day, ctx.planned) {
                        continue;
                    }
                    for m in g.with_role(*role) {
                        consider(
                            &MemberSite {
                                span: m.span.and(g.span),
                                ..*m
                            },
                            rec,
                        );
                    }
                }
            }
            CTarget::AnyCapable => {
                for &s in self
                    .capabilities
                    .capable
                    .get(ctx.filiere as usize)
                    .map_or(&[][..], Vec::as_slice)
                {
                    consider(
                        &MemberSite {
                            site: s,
                            role: Role::Member,
                            span: Span::ALWAYS,
                        },
                        rec,
                    );
                }
            }
            CTarget::Tele(_) => {}
        }
        // Keep the borrow checker happy about `consider` capturing `best`.
        best
    }

    /// Escalates from the targets of a recourse rule that did not qualify.
    fn escalate<'e, R: Recorder<'e>>(
        &'e self,
        r: &'e RuleData,
        ctx: &Ctx<'_>,
        rec: &mut R,
    ) -> Option<Chosen<'e>> {
        let mut visited = [u32::MAX; MAX_ESCALATION + 1];
        if let Some(o) = ctx.origin_site {
            visited[0] = o;
        }
        self.escalate_from(r, ctx, rec, &mut visited, 1)
    }

    #[allow(clippy::too_many_lines)] // one escalation step: collect hops, then try their rules
    fn escalate_from<'e, R: Recorder<'e>>(
        &'e self,
        r: &'e RuleData,
        ctx: &Ctx<'_>,
        rec: &mut R,
        visited: &mut [u32; MAX_ESCALATION + 1],
        depth: usize,
    ) -> Option<Chosen<'e>> {
        let lang = rec.lang();
        if depth > MAX_ESCALATION {
            rec.note("escalation", Some(r), || {
                tr(lang, Msg::EscalationStops, &[&MAX_ESCALATION.to_string()])
            });
            return None;
        }
        // Targets of `r` that are in force (they failed on level or distance), nearest first.
        let mut from: [(f64, u32, SiteIx); 8] = [(f64::INFINITY, u32::MAX, u32::MAX); 8];
        let mut count = 0;
        let mut push = |site: SiteIx, span: Span| {
            if !span.in_force(ctx.day, ctx.planned) || visited.contains(&site) {
                return;
            }
            let Some(sd) = self.sites.hot.get(site as usize) else {
                return;
            };
            let (km, _) = self.distance(ctx, site);
            // Keep the 8 nearest distinct sites.
            if from.iter().any(|f| f.2 == site) {
                return;
            }
            if count < from.len() {
                if let Some(slot) = from.get_mut(count) {
                    *slot = (km, sd.order, site);
                }
                count += 1;
            } else if let Some(worst) = from.iter_mut().max_by(|a, b| {
                (a.0, a.1)
                    .partial_cmp(&(b.0, b.1))
                    .unwrap_or(std::cmp::Ordering::Equal)
            }) {
                if (km, sd.order) < (worst.0, worst.1) {
                    *worst = (km, sd.order, site);
                }
            }
        };
        match &r.target {
            CTarget::Sites(list) => list.iter().for_each(|m| push(m.site, m.span)),
            CTarget::OriginGroupingRole(kind, role) => {
                let groupings = ctx
                    .origin_site
                    .map_or(&[][..], |s| self.groupings.of_site(s));
                for sg in groupings {
                    let Some(g) = self.groupings.get(sg.grouping as usize) else {
                        continue;
                    };
                    if g.kind == *kind && sg.span.in_force(ctx.day, ctx.planned) {
                        g.with_role(*role)
                            .iter()
                            .for_each(|m| push(m.site, m.span.and(g.span)));
                    }
                }
            }
            CTarget::AnyCapable | CTarget::Tele(_) => {}
        }
        let slots = from.get_mut(..count).unwrap_or(&mut []);
        crate::order::sort_by(slots, |a, b| {
            (a.0, a.1)
                .partial_cmp(&(b.0, b.1))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        for &(_, _, hop) in slots.iter() {
            if let Some(v) = visited.get_mut(depth) {
                *v = hop;
            }
            rec.hop(hop);
            let hop_name = self.sites.site(hop).map_or("?", |s| s.name.as_str());
            rec.note("escalation", Some(r), || {
                tr(lang, Msg::EscalatingFrom, &[hop_name])
            });
            // Recourse rules that apply with `hop` as origin, in evaluation order.
            let hop_ctx = Ctx {
                node: Some(hop as usize),
                origin_site: Some(hop),
                ..*ctx
            };
            let anchored = self.rules.anchored(hop as usize, ctx.filiere);
            let general = self
                .rules
                .general
                .get(ctx.filiere as usize)
                .map_or(&[][..], Vec::as_slice);
            let merged = Merge {
                a: anchored,
                b: general,
            };
            for rr in merged {
                let recourse = self
                    .rules
                    .hot
                    .get(rr.rule as usize)
                    .is_some_and(|h| h.step == Step::Recourse);
                if !recourse {
                    continue;
                }
                let Some(next) = self.rule_applies(rr, &hop_ctx, rec) else {
                    continue;
                };
                // Distances are measured from the patient's origin, not from the hop.
                if let Some(pick) = self.best_target(next, &hop_ctx, rec) {
                    rec.note("escalation", Some(next), || {
                        let to = self.sites.site(pick.site).map_or("?", |s| s.name.as_str());
                        tr(lang, Msg::EscalatesTo, &[&next.id, to])
                    });
                    // An escalation may come back to the patient's own site: that is local care.
                    let step = if Some(pick.site) == ctx.patient_site {
                        own_step(ctx)
                    } else {
                        Step::Recourse
                    };
                    return Some(Chosen {
                        pick,
                        step,
                        rule: Some(next),
                        tele: None,
                    });
                }
                if let Some(c) = self.escalate_from(next, &hop_ctx, rec, visited, depth + 1) {
                    return Some(c);
                }
            }
            // `hop` is off the current path again: the next hop may pass through it.
            if let Some(v) = visited.get_mut(depth) {
                *v = u32::MAX;
            }
            rec.dead_end();
        }
        None
    }

    /// Whether `site` qualifies for the case; records the verdict.
    fn qualify<'e, R: Recorder<'e>>(
        &'e self,
        site: SiteIx,
        membership: Span,
        rule_km: Option<f64>,
        ctx: &Ctx<'_>,
        rec: &mut R,
        by: Option<&'e str>,
    ) -> Option<Pick> {
        let sd = *self.sites.hot.get(site as usize)?;
        let cap = self
            .capabilities
            .level(site, ctx.filiere, ctx.day, ctx.planned);
        let early = if !sd.span.in_force(ctx.day, ctx.planned) {
            Some(Rejection::SiteNotInForce)
        } else if !membership.in_force(ctx.day, ctx.planned) {
            Some(Rejection::MembershipNotInForce)
        } else if !ctx.case.exclude.is_empty()
            && self
                .sites
                .site(site)
                .is_some_and(|d| ctx.case.exclude.contains(&d.id))
        {
            Some(Rejection::Excluded)
        } else if cap.is_none() {
            Some(Rejection::NotAuthorised)
        } else if cap.is_some_and(|c| c < ctx.level) {
            Some(Rejection::LevelTooLow)
        } else {
            None
        };
        if early.is_some() && !R::ON {
            return None; // the distance is only needed to explain the rejection
        }
        let (km, minutes) = self.distance(ctx, site);
        let rejection = early.or_else(|| {
            (km > ctx.max_km || rule_km.is_some_and(|m| km > m)).then_some(Rejection::TooFar)
        });
        rec.candidate(site, rejection, by, cap, km);
        if rejection.is_some() {
            return None;
        }
        Some(Pick {
            site,
            km,
            minutes,
            level: cap.unwrap_or(0),
            key: minutes.unwrap_or(km),
            order: sd.order,
        })
    }

    /// The entry site of an origin outside the network's sites: the nearest site (by travel
    /// time with a matrix, else distance) that exists and works in the filière at the date, at
    /// any level; ties go to the smaller site id. `None` when no site works in the filière.
    pub(crate) fn entry_site(
        &self,
        filiere: u32,
        day: i32,
        planned: bool,
        at: [f64; 3],
        patient_node: Option<usize>,
        skip: &[SiteIx],
    ) -> Option<SiteIx> {
        let in_force = |s: SiteIx| {
            !skip.contains(&s)
                && self
                    .sites
                    .hot
                    .get(s as usize)
                    .is_some_and(|d| d.span.in_force(day, planned))
                && self.capabilities.level(s, filiere, day, planned).is_some()
        };
        if self.travel.is_empty() || patient_node.is_none() {
            return self.nearest_capable(filiere, at, in_force);
        }
        // With a travel matrix: a full scan, by minutes where the matrix gives them. `capable`
        // is in site-id order, so a strict `<` keeps the smaller id of equals.
        let mut best: Option<(f64, SiteIx)> = None;
        for &s in self
            .capabilities
            .capable
            .get(filiere as usize)
            .map_or(&[][..], Vec::as_slice)
        {
            let (km, minutes) = self.distance_from(at, patient_node, s);
            let key = minutes.unwrap_or(km);
            if best.is_none_or(|(k, _)| key < k) && in_force(s) {
                best = Some((key, s));
            }
        }
        best.map(|(_, s)| s)
    }

    /// The nearest site capable in the filière for which `ok` holds, ties to the smaller order.
    /// Sweeps the sites sorted by `z` outwards from the origin's: the squared chord is at least
    /// the squared difference of `z`, so the sweep stops once that exceeds the best found.
    fn nearest_capable(
        &self,
        filiere: u32,
        at: [f64; 3],
        ok: impl Fn(SiteIx) -> bool,
    ) -> Option<SiteIx> {
        let list = self
            .capabilities
            .capable_geo
            .get(filiere as usize)
            .map_or(&[][..], Vec::as_slice);
        let z = at[2];
        let split = list.partition_point(|g| g.xyz[2] < z);
        let (mut down, mut up) = (split, split);
        // (squared chord, order, site)
        let mut best: Option<(f64, u32, SiteIx)> = None;
        loop {
            let below = down.checked_sub(1).and_then(|i| list.get(i));
            let above = list.get(up);
            let g = match (below, above) {
                (None, None) => break,
                (Some(b), Some(a)) if z - b.xyz[2] <= a.xyz[2] - z => {
                    down -= 1;
                    b
                }
                (Some(b), None) => {
                    down -= 1;
                    b
                }
                (_, Some(a)) => {
                    up += 1;
                    a
                }
            };
            let dz = g.xyz[2] - z;
            if best.is_some_and(|(k, _, _)| dz * dz > k) {
                break;
            }
            let (dx, dy) = (at[0] - g.xyz[0], at[1] - g.xyz[1]);
            let key = dx * dx + dy * dy + dz * dz;
            if best.is_none_or(|(k, o, _)| key < k || (key <= k && g.order < o)) && ok(g.site) {
                best = Some((key, g.order, g.site));
            }
        }
        best.map(|(_, _, s)| s)
    }

    /// Notes in the trace where the person comes from, and a merged commune's successor.
    fn note_home<'e, R: Recorder<'e>>(&'e self, case: &Case, code: &str, rec: &mut R) {
        if !R::ON {
            return;
        }
        let name = self
            .entry
            .communes
            .as_deref()
            .and_then(|c| c.get(code))
            .map_or("", |c| c.name.as_str());
        let lang = rec.lang();
        rec.note("origin", None, || match &case.origin {
            Origin::Commune { commune } if commune.trim() != code => {
                tr(lang, Msg::HomeMerged, &[commune, name, code])
            }
            Origin::PostalCode { postal_code } => {
                let n = self
                    .entry
                    .communes
                    .as_deref()
                    .map_or(0, |c| c.communes_of_postal_code(postal_code.trim()).len());
                tr(
                    lang,
                    Msg::HomePostal,
                    &[postal_code, &n.to_string(), name, code],
                )
            }
            Origin::Point { .. } => tr(lang, Msg::HomePoint, &[name, code]),
            _ => tr(lang, Msg::HomePlain, &[name, code]),
        });
    }

    /// A tele-service offered without a rule (national, or covering the person's territory) in
    /// the filière: the decision is the tele-service first, with the physical transfer routed
    /// as if it did not exist. Only for a person's place (not a site, which uses rules).
    fn tele_first<'e, R: Recorder<'e>>(
        &'e self,
        ctx: &Ctx<'_>,
        level: Option<&'e str>,
        commune: Option<&'e str>,
        rec: &mut R,
    ) -> Option<Decision<'e>> {
        if ctx.no_tele || !(ctx.entry.is_some() || ctx.outside) {
            return None;
        }
        let teles = self.covering_teles(ctx.filiere, ctx.day, ctx.planned, ctx.home);
        let &t = teles.first()?;
        let tele = self.services.teles.get(t as usize)?;
        let site = self.sites.site(tele.provider)?;
        let lang = rec.lang();
        rec.note("tele_service", None, || {
            let msg = if tele.national {
                Msg::TeleNational
            } else {
                Msg::TeleTerritory
            };
            tr(lang, msg, &[&tele.id, &site.name])
        });
        rec.note("tele_service", None, || {
            tr(lang, Msg::TeleFallbackTerritory, &[])
        });
        let physical = Ctx {
            no_tele: true,
            ..*ctx
        };
        let mark = rec.mark();
        let fallback = self.decide_entries(physical, rec).ok();
        rec.reset(mark);
        let (km, minutes) = self.distance(ctx, tele.provider);
        Some(Decision {
            id: None,
            outcome: Outcome::Routed,
            target: Some(site.id.as_str()),
            target_name: Some(site.name.as_str()),
            level,
            target_level: self
                .capabilities
                .level(tele.provider, ctx.filiere, ctx.day, ctx.planned)
                .and_then(|l| self.level_name(Some(ctx.filiere), l)),
            step: Some(Step::TeleService),
            rule: None,
            tele_service: Some(tele.id.as_str()),
            fallback_target: fallback
                .as_ref()
                .and_then(|(c, _)| self.sites.site(c.pick.site))
                .map(|s| s.id.as_str()),
            distance_km: Some(km),
            minutes,
            reason: None,
            message: None,
            help: None,
            commune,
            entry: fallback
                .as_ref()
                .and_then(|(_, c)| self.entry_id(c))
                .or(self.entry_id(ctx)),
        })
    }

    fn entry_id(&self, ctx: &Ctx<'_>) -> Option<&str> {
        ctx.entry
            .and_then(|s| self.sites.site(s))
            .map(|s| s.id.as_str())
    }

    /// Distance (km) and travel time (minutes, from the matrix) from the case origin to a site.
    #[inline]
    fn distance(&self, ctx: &Ctx<'_>, site: SiteIx) -> (f64, Option<f64>) {
        self.distance_from(ctx.at, ctx.patient_node, site)
    }

    #[inline]
    pub(crate) fn distance_from(
        &self,
        at: [f64; 3],
        patient_node: Option<usize>,
        site: SiteIx,
    ) -> (f64, Option<f64>) {
        if !self.travel.is_empty() {
            if let Some(n) = patient_node {
                if let Some(&(km, minutes)) =
                    self.travel.get(u32::try_from(n).unwrap_or(u32::MAX), site)
                {
                    let km = km.unwrap_or_else(|| self.haversine(at, site));
                    return (km, minutes);
                }
            }
        }
        (self.haversine(at, site), None)
    }

    #[inline]
    fn haversine(&self, at: [f64; 3], site: SiteIx) -> f64 {
        let Some(&xyz) = self.sites.xyz.get(site as usize) else {
            return f64::INFINITY;
        };
        chord_km(at, xyz)
    }
}

fn case_filiere(engine: &Engine, case: &Case) -> Option<u32> {
    engine.filieres.ix.get(&case.filiere).copied()
}

/// Merges two lists of rules, each ascending by rule index (evaluation order).
struct Merge<'a> {
    a: &'a [RuleRef],
    b: &'a [RuleRef],
}

impl Iterator for Merge<'_> {
    type Item = RuleRef;
    fn next(&mut self) -> Option<RuleRef> {
        match (self.a.split_first(), self.b.split_first()) {
            (Some((&x, ra)), Some((&y, rb))) => {
                if x.rule <= y.rule {
                    self.a = ra;
                    if x.rule == y.rule {
                        self.b = rb;
                    }
                    Some(x)
                } else {
                    self.b = rb;
                    Some(y)
                }
            }
            (Some((&x, ra)), None) => {
                self.a = ra;
                Some(x)
            }
            (None, Some((&y, rb))) => {
                self.b = rb;
                Some(y)
            }
            (None, None) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_keep_input_order() {
        let items: Vec<u32> = (0..1001).collect();
        for threads in [1, 2, 3, 7, 64, 2000] {
            let out = in_chunks(&items, threads, |part| part.iter().map(|x| x * 2).collect());
            assert_eq!(out, items.iter().map(|x| x * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_panicking_chunk_is_raised_not_dropped() {
        // Injected panic: the chunk holding item 500 panics. The old join
        // (`unwrap_or_default`) returned the other chunks' results, 250 rows short.
        let items: Vec<u32> = (0..1000).collect();
        let caught = std::panic::catch_unwind(|| {
            in_chunks(&items, 4, |part| {
                assert!(
                    !part.contains(&500),
                    "injected panic in the chunk of row 500"
                );
                part.to_vec()
            })
        });
        let payload = caught.expect_err("a worker panicked: the batch must not return");
        let text = payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_default();
        assert_eq!(text, "injected panic in the chunk of row 500");
    }

    #[test]
    fn merge_is_ordered_and_deduplicated() {
        let r = |rule| RuleRef {
            rule,
            lo: 0,
            hi: u8::MAX,
            needs: 0,
        };
        let m = Merge {
            a: &[r(1), r(3), r(5)],
            b: &[r(2), r(3), r(6)],
        };
        assert_eq!(m.map(|x| x.rule).collect::<Vec<_>>(), vec![1, 2, 3, 5, 6]);
    }
}
