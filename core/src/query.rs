//! Questions at a date: who are the members of a grouping, which groupings is a site in, what
//! can a site do, which site has this FINESS number, which tele-services can an origin use.
//!
//! A [`Question`] is plain serde data (a JSON object tagged by `question`, described in the
//! test-file JSON Schema, see [`crate::expect`]); [`Engine::answer`] answers it with an
//! [`Answer`]: plain rows, the same columns in every row, ready for a table, a CSV file or a
//! data frame.
//!
//! # Semantics
//!
//! - A fact counts at the date when it is in force ([`crate::Validity::in_force`]), as routing
//!   counts it: `planned` and `in_progress` facts only when the question sets
//!   `include_planned`. Every row says which (`state`: `in_force`, or `planned` when it holds only
//!   with planned facts). A fact that needs several facts (a membership and its grouping, a
//!   membership through a legal entity and a nested grouping) holds when all of them do; its
//!   `from` and `to` are the latest start and the earliest end.
//! - `members`: the direct members of a grouping (sites, legal entities, groupings), in role
//!   order, then member id, then start date. Ask again for a member grouping to see its own members.
//! - `groupings`: the groupings a site, a legal entity or a grouping belongs to, directly
//!   (`how` = `direct`), through the site's legal entity (`legal_entity`) or through a grouping it
//!   belongs to (`nested`); `via` names the legal entity or grouping. The role is the role of the
//!   last hop, as routing counts it (a site of the CRRC GCS is in the HPSM GCS with the CRRC's
//!   role). Nesting deeper than [`crate::engine::MAX_NESTING`] is not followed.
//! - `capabilities`: the capabilities of a site (the site open at the date too), optionally of
//!   one filière, in filière then level order.
//! - `sites_by_finess`: the sites whose FINESS ET is the number, then the sites of the legal
//!   entity whose FINESS EJ is the number (`match`: `et` or `ej`). A number that is not 9
//!   letters or digits, or whose Luhn key is wrong, is refused. With a `date`, only sites open
//!   at the date.
//! - `tele_services`: the tele-services in force that an origin may use, as routing decides it
//!   for a tele-service rule: national services for any origin; the others when the origin is a
//!   site among the requesters (a requester may be a site, its legal entity or a grouping it is
//!   in). A FINESS origin stands for its site, as routing reads it. An origin that is a
//!   location, coordinates, a commune or a postal code can use national services only. The
//!   `fallback` is where routing sends the case physically: the decision's `fallback_target` when
//!   routing offers the service first, else its target (a case of the filière at its lowest
//!   level, from the origin, at the date). With no filière asked, a service serving several
//!   filières gives one row per filière; one serving every filière gives a row without filière
//!   or fallback.
//! - `commune`: for a commune (an INSEE code; a former, merged code stands for its successor,
//!   which the rows name), the territories covering it at the date that are a grouping's
//!   (`fact` = `territory`, with the grouping), then, per filière (or the one asked), the
//!   first-line site a resident enters by, chosen as routing chooses it (`fact` = `first_line`,
//!   `basis`: `catchment`, `territory` with the territory and grouping that let the resident
//!   in, `policy`, or `none` without a site). Needs the engine's commune reference.
//!
//! Unknown ids are errors ([`QueryError`]) naming the value, with the closest known id as a
//! hint. To add a question, add a variant to [`Question`], its row type, and its arm in
//! [`Engine::answer`] and [`Answer`].
//!
//! ```
//! # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/networks/sud-haut-marnais.json")).unwrap();
//! let network = parcours::Network::from_json_str(&text)?;
//! let engine = parcours::Engine::compile(&network)?;
//! let q: parcours::query::Question = serde_json::from_str(
//!     r#"{"question": "members", "grouping": "gcs-chirurgie-shm", "date": "2018-01-01"}"#,
//! ).unwrap();
//! let answer = engine.answer(&network, &q).unwrap();
//! assert!(answer.len() >= 2);
//! # Ok::<(), parcours::Error>(())
//! ```

use std::collections::VecDeque;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::date::{Date, Precision, Status, Validity};
use crate::diagnostic::{Code, Diagnostic};
use crate::engine::{Engine, MAX_NESTING};
use crate::messages::{Lang, Msg, Text, text, tr};
use crate::network::Step;
use crate::network::{
    Activity, Finess, GroupingKind, LegalEntity, Network, Role, Site, SiteKind, TeleAct,
    TelePurpose,
};
use crate::route::{Case, Origin, Outcome};
use crate::validate::closest;

// Read from an object whose `question` names the kind (`{"question": "members", "grouping":
// "ght-21-52", "date": "2018-01-01"}`) by a reader of its own (`read_question`, below) rather
// than serde's internally tagged enums, which buffer the object in serde's `Content` and cost
// the WebAssembly module 6.4 KB gzipped (benches/README.md); its errors are serde's words.
/// A question about a network at a date.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "question", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Question {
    /// The members of a grouping at a date.
    Members {
        /// The grouping id.
        grouping: String,
        /// The date.
        date: Date,
        /// Count planned and in-progress facts too.
        #[serde(default)]
        include_planned: bool,
    },
    /// The groupings a site, legal entity or grouping belongs to at a date.
    Groupings {
        /// The site, legal entity or grouping id.
        member: String,
        /// The date.
        date: Date,
        /// Count planned and in-progress facts too.
        #[serde(default)]
        include_planned: bool,
    },
    /// What a site can handle at a date.
    Capabilities {
        /// The site id.
        site: String,
        /// The date.
        date: Date,
        /// Only this filière.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        filiere: Option<String>,
        /// Count planned and in-progress facts too.
        #[serde(default)]
        include_planned: bool,
    },
    /// The sites with a FINESS number (an establishment's ET, or a legal entity's EJ).
    SitesByFiness {
        /// The FINESS number, 9 letters or digits.
        finess: String,
        /// Only sites open at this date.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        date: Option<Date>,
        /// With `date`: count planned sites too.
        #[serde(default)]
        include_planned: bool,
    },
    /// The territories covering a commune at a date, the groupings they are the territory of,
    /// and the first-line site a resident of the commune enters by, per filière.
    Commune {
        /// The INSEE code; a former (merged) code stands for its successor.
        commune: String,
        /// The date.
        date: Date,
        /// Only the first-line site of this filière.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        filiere: Option<String>,
        /// Count planned and in-progress facts too.
        #[serde(default)]
        include_planned: bool,
    },
    /// The tele-services an origin may use at a date.
    TeleServices {
        /// A site or location id, or coordinates `{"lat", "lon"}`.
        origin: Origin,
        /// The date.
        date: Date,
        /// Only services of this filière (and the fallback in it).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        filiere: Option<String>,
        /// Count planned and in-progress facts too.
        #[serde(default)]
        include_planned: bool,
    },
}

impl Question {
    /// The question's tag (`members`, `groupings`…).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Members { .. } => "members",
            Self::Groupings { .. } => "groupings",
            Self::Capabilities { .. } => "capabilities",
            Self::SitesByFiness { .. } => "sites_by_finess",
            Self::Commune { .. } => "commune",
            Self::TeleServices { .. } => "tele_services",
        }
    }
}

/// The kinds of question, as `question` names them.
const KINDS: &[&str] = &[
    "members",
    "groupings",
    "capabilities",
    "sites_by_finess",
    "commune",
    "tele_services",
];

impl<'de> Deserialize<'de> for Question {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        read_question(Value::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// A question from its JSON object: the fields of its kind, each read by its type's reader;
/// an unknown kind or field, a missing field or a value of the wrong type is an error in
/// serde's words (`missing field `date``, `unknown field `site`, expected one of …`).
fn read_question(v: Value) -> Result<Question, serde_json::Error> {
    use serde::de::Error as _;
    let mut map = match v {
        Value::Object(map) => map,
        other => {
            return Err(serde_json::Error::invalid_type(
                unexpected(&other),
                &"a question: an object with `question` and its fields",
            ));
        }
    };
    let kind = match map.remove("question") {
        Some(Value::String(kind)) => kind,
        Some(other) => return Err(serde_json::Error::invalid_type(unexpected(&other), &"text")),
        None => return Err(serde_json::Error::missing_field("question")),
    };
    let fields: &'static [&'static str] = match kind.as_str() {
        "members" => &["grouping", "date", "include_planned"],
        "groupings" => &["member", "date", "include_planned"],
        "capabilities" => &["site", "date", "filiere", "include_planned"],
        "sites_by_finess" => &["finess", "date", "include_planned"],
        "commune" => &["commune", "date", "filiere", "include_planned"],
        "tele_services" => &["origin", "date", "filiere", "include_planned"],
        other => return Err(serde_json::Error::unknown_variant(other, KINDS)),
    };
    if let Some(key) = map.keys().find(|k| !fields.contains(&k.as_str())) {
        return Err(serde_json::Error::unknown_field(key, fields));
    }
    // A field left out: `None`; an optional field left out reads as `null`.
    let mut take = |name: &'static str| map.remove(name);
    let required = |name: &'static str, v: Option<Value>| {
        v.ok_or_else(|| serde_json::Error::missing_field(name))
    };
    let text = |name, v| String::deserialize(required(name, v)?);
    let date = |v| Date::deserialize(required("date", v)?);
    let optional = |v: Option<Value>| v.unwrap_or(Value::Null);
    let include_planned = match take("include_planned") {
        Some(v) => bool::deserialize(v)?,
        None => false,
    };
    Ok(match kind.as_str() {
        "members" => Question::Members {
            grouping: text("grouping", take("grouping"))?,
            date: date(take("date"))?,
            include_planned,
        },
        "groupings" => Question::Groupings {
            member: text("member", take("member"))?,
            date: date(take("date"))?,
            include_planned,
        },
        "capabilities" => Question::Capabilities {
            site: text("site", take("site"))?,
            date: date(take("date"))?,
            filiere: Option::deserialize(optional(take("filiere")))?,
            include_planned,
        },
        "sites_by_finess" => Question::SitesByFiness {
            finess: text("finess", take("finess"))?,
            date: Option::deserialize(optional(take("date")))?,
            include_planned,
        },
        "commune" => Question::Commune {
            commune: text("commune", take("commune"))?,
            date: date(take("date"))?,
            filiere: Option::deserialize(optional(take("filiere")))?,
            include_planned,
        },
        _ => Question::TeleServices {
            origin: Origin::deserialize(required("origin", take("origin"))?)?,
            date: date(take("date"))?,
            filiere: Option::deserialize(optional(take("filiere")))?,
            include_planned,
        },
    })
}

/// What serde calls a JSON value in its type errors.
fn unexpected(v: &Value) -> serde::de::Unexpected<'_> {
    use serde::de::Unexpected;
    match v {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => n.as_i64().map_or_else(
            || Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
            Unexpected::Signed,
        ),
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

/// Why a question (or an argument of a call: a coverage filière, a date, a language) cannot be
/// answered: an unknown id, a malformed FINESS number, bad coordinates, a bad parameter, a
/// question that does not fit the format.
///
/// `message` and `help` are in English; [`QueryError::localized`] (or `message_in`,
/// `help_in`) gives them in another language, from the catalogue.
///
/// ```
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/networks/sud-haut-marnais.json")).unwrap();
/// use parcours::{Lang, query::Question};
/// let network = parcours::Network::from_json_str(&text)?;
/// let engine = parcours::Engine::compile(&network)?;
/// let q: Question = serde_json::from_str(
///     r#"{"question": "members", "grouping": "gcs-chirurgie-shmm", "date": "2018-01-01"}"#,
/// ).unwrap();
/// let e = engine.answer(&network, &q).unwrap_err();
/// assert_eq!(e.code, "Q001");
/// assert_eq!(e.message, "unknown grouping `gcs-chirurgie-shmm`");
/// assert_eq!(e.help_in(Lang::Fr).as_deref(), Some("vouliez-vous dire `gcs-chirurgie-shm` ?"));
/// assert_eq!(e.message_in(Lang::Fr), "groupement inconnu `gcs-chirurgie-shmm`");
/// # Ok::<(), parcours::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}{}", help.as_ref().map(|h| format!("\n  help: {h}")).unwrap_or_default())]
pub struct QueryError {
    /// Stable code (`Q001`…, see [`crate::code_table::query_codes`]).
    pub code: Code,
    /// What is wrong, lowercase, naming the value, in English.
    pub message: String,
    /// What to do about it (often the closest known id), in English.
    pub help: Option<String>,
    /// The message, from the catalogue.
    text: Text,
    /// The help, from the catalogue.
    help_text: Option<Text>,
}

impl QueryError {
    /// An error with its code, message and help from the catalogue.
    #[inline(never)]
    pub(crate) fn new(code: Code, text: Text, hint: Option<Text>) -> Self {
        Self {
            code,
            message: text.render(Lang::En),
            help: hint.as_ref().map(|h| h.render(Lang::En)),
            text,
            help_text: hint,
        }
    }

    /// An unknown id (`Q001`): the message is `key` with the id, the help the closest known
    /// id, if one is close.
    fn unknown<'a>(key: Msg, id: &str, known: impl Iterator<Item = &'a str>) -> Self {
        Self::unknown_near(key, id, closest(id, known))
    }

    /// [`QueryError::unknown`] once the closest id is found: one copy for every caller (the
    /// WebAssembly module's size).
    #[inline(never)]
    fn unknown_near(key: Msg, id: &str, near: Option<&str>) -> Self {
        let hint = near.map(|c| text!(DidYouMean, c));
        Self::new(codes::UNKNOWN, Text::new(key, &[&id]), hint)
    }

    /// A question that does not fit the format (`Q005`), from the reader's (serde's) English
    /// message: `invalid question: missing field `date``.
    ///
    /// ```
    /// use parcours::{Lang, query::QueryError};
    /// let e = QueryError::question_format("missing field `date`");
    /// assert_eq!(e.code, "Q005");
    /// assert_eq!(e.message, "invalid question: missing field `date`");
    /// assert_eq!(e.message_in(Lang::Fr), "question invalide : champ obligatoire manquant `date`");
    /// ```
    pub fn question_format(message: &str) -> Self {
        Self::new(
            codes::FORMAT,
            text!(QueryInvalid, crate::serde_text::text_of(message)),
            crate::serde_text::hint_of(message),
        )
    }

    /// A parameter of a call that has a value it cannot take (`Q004`): `name` is the
    /// parameter, `message` the reader's English message (a date, an enum value: translated
    /// from the catalogue where it has the shape).
    ///
    /// ```
    /// use parcours::{Lang, query::QueryError};
    /// let date = "2017-13-01".parse::<parcours::Date>().unwrap_err();
    /// let e = QueryError::parameter("date", &date.to_string());
    /// assert_eq!(e.code, "Q004");
    /// assert_eq!(e.message, "invalid `date`: invalid date `2017-13-01`: no such day in the calendar");
    /// assert!(e.message_in(Lang::Fr).starts_with("`date` invalide : date invalide `2017-13-01`"));
    /// ```
    pub fn parameter(name: &str, message: &str) -> Self {
        // The case reader's texts (an origin, a number) and serde's, from the catalogue.
        let (text, hint) = crate::CaseError::from_message(message).into_texts();
        Self::new(codes::PARAMETER, text!(QueryBadParameter, name, text), hint)
    }

    /// A parameter that should be a date and is a value of another type (`Q004`): `found`
    /// names the type given (`int`, `list`…).
    pub fn date_type(name: &str, found: &str) -> Self {
        Self::new(
            codes::PARAMETER,
            text!(QueryBadParameter, name, text!(QueryBadDateType, found)),
            Some(Text::new(Msg::HintDate, &[])),
        )
    }

    /// What is wrong, in `lang`.
    pub fn message_in(&self, lang: Lang) -> String {
        self.text.render(lang)
    }

    /// What to do about it, in `lang`.
    pub fn help_in(&self, lang: Lang) -> Option<String> {
        self.help_text.as_ref().map(|h| h.render(lang))
    }

    /// The error as a [`Diagnostic`] at `pointer` (the argument at fault, `/date`, or empty):
    /// its code, message and help, in every language through [`Diagnostic::localized`].
    ///
    /// ```
    /// use parcours::{Lang, query::QueryError};
    /// let d = QueryError::question_format("missing field `date`").diagnostic("");
    /// assert_eq!((d.code.as_str(), d.severity.as_str()), ("Q005", "error"));
    /// assert_eq!(d.localized(Lang::Fr).message, "question invalide : champ obligatoire manquant `date`");
    /// ```
    pub fn diagnostic(&self, pointer: impl Into<String>) -> Diagnostic {
        let d = Diagnostic::tr(self.code, pointer, self.text.clone());
        match &self.help_text {
            Some(h) => d.help(h.clone()),
            None => d,
        }
    }

    /// The same error with its message and help in `lang`.
    #[must_use]
    pub fn localized(&self, lang: Lang) -> Self {
        Self {
            message: self.message_in(lang),
            help: self.help_in(lang),
            ..self.clone()
        }
    }

    /// The error as one text in `lang`: `[Q001] message`, and the help on the next line.
    pub fn text(&self, lang: Lang) -> String {
        let mut out = format!("[{}] {}", self.code, self.message_in(lang));
        if let Some(h) = self.help_in(lang) {
            out.push_str("\n  ");
            out.push_str(&tr(lang, Msg::HelpLine, &[&h]));
        }
        out
    }
}

/// The codes of [`QueryError`].
pub use crate::code_table::query_codes as codes;

/// Whether a fact holds at the date by itself, or only with planned facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// In force at the date.
    InForce,
    /// In force only when planned and in-progress facts count.
    Planned,
}

/// What kind of entity a member is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MemberKind {
    /// A site (FINESS ET).
    Site,
    /// A legal entity (FINESS EJ): all its sites.
    LegalEntity,
    /// A grouping: all its members.
    Grouping,
}

/// How an entity belongs to a grouping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum How {
    /// A membership names it.
    Direct,
    /// A membership names its legal entity.
    LegalEntity,
    /// A membership names a grouping it belongs to.
    Nested,
}

/// A member of a grouping (question `members`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberRow {
    /// Member id.
    pub member: String,
    /// Site, legal entity or grouping.
    pub kind: MemberKind,
    /// Member name.
    pub name: String,
    /// Role in the grouping.
    pub role: Role,
    /// First day of the membership (and the grouping).
    pub from: Option<Date>,
    /// Last day.
    pub to: Option<Date>,
    /// Precision of the membership's dates.
    pub precision: Precision,
    /// Status of the membership as the source reports it.
    pub status: Status,
    /// In force, or planned.
    pub state: State,
}

/// A grouping an entity belongs to (question `groupings`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupingRow {
    /// Grouping id.
    pub grouping: String,
    /// Grouping name.
    pub name: String,
    /// Kind of grouping.
    pub kind: GroupingKind,
    /// Role of the entity (of the last hop, for nested groupings).
    pub role: Role,
    /// Directly, through its legal entity, or through a grouping.
    pub how: How,
    /// The legal entity or grouping it belongs through.
    pub via: Option<String>,
    /// Latest start of the facts the row needs.
    pub from: Option<Date>,
    /// Earliest end.
    pub to: Option<Date>,
    /// In force, or planned.
    pub state: State,
}

/// A capability of a site (question `capabilities`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CapabilityRow {
    /// Capability id, when it has one.
    pub id: Option<String>,
    /// Filière.
    pub filiere: String,
    /// Highest level handled.
    pub level: String,
    /// Authorised activity.
    pub activity: Option<Activity>,
    /// Modality of the authorisation.
    pub modality: Option<String>,
    /// Mentions of the authorisation.
    pub mentions: Vec<String>,
    /// GCS holding the authorisation, when not the site's legal entity.
    pub holder: Option<String>,
    /// First day.
    pub from: Option<Date>,
    /// Last day.
    pub to: Option<Date>,
    /// Status as the source reports it.
    pub status: Status,
    /// In force, or planned.
    pub state: State,
}

/// Which FINESS number of a site matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FinessMatch {
    /// The site's own number (établissement).
    Et,
    /// Its legal entity's number (entité juridique).
    Ej,
}

/// A site found by FINESS number (question `sites_by_finess`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiteRow {
    /// Site id.
    pub site: String,
    /// Site name.
    pub name: String,
    /// Kind of site.
    pub kind: SiteKind,
    /// Which number matched.
    #[serde(rename = "match")]
    pub matched: FinessMatch,
    /// FINESS ET of the site.
    pub finess_et: Option<String>,
    /// Legal entity id.
    pub legal_entity: String,
    /// FINESS EJ of the legal entity.
    pub finess_ej: Option<String>,
    /// INSEE code of the site's location.
    pub insee: Option<String>,
}

/// What a row of the `commune` question says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommuneFact {
    /// A territory covers the commune (`territory`, and `grouping` whose territory it is).
    Territory,
    /// The first-line site of the commune's residents in `filiere` (`site`, chosen by `basis`).
    FirstLine,
}

/// How the first-line site of a commune was chosen (the order of "First-line entry" in
/// [`crate::route`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryBy {
    /// A catchment of the site lists the commune.
    Catchment,
    /// The site is a member of a grouping whose territory covers the commune.
    Territory,
    /// The network's entry policy: the nearest site within its limits.
    Policy,
    /// The resident does not enter the network in this filière (no `site`).
    None,
}

/// A row of the `commune` question: a territory covering the commune, or the first-line site
/// of a filière.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CommuneRow {
    /// `territory` or `first_line`.
    pub fact: CommuneFact,
    /// The commune, as the reference knows it now (a former code gives its successor).
    pub commune: String,
    /// Its name.
    pub name: String,
    /// The territory (covering the commune; for a first-line site chosen by territory, the
    /// territory that let the resident in).
    pub territory: Option<String>,
    /// The grouping whose territory it is.
    pub grouping: Option<String>,
    /// The filière of a first-line row.
    pub filiere: Option<String>,
    /// The first-line site.
    pub site: Option<String>,
    /// How it was chosen.
    pub basis: Option<EntryBy>,
    /// In force, or planned.
    pub state: State,
}

/// Why a tele-service is open to an origin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// Anyone in France may use it.
    National,
    /// The origin is among its requesters.
    Requester,
}

/// A tele-service an origin may use (question `tele_services`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeleServiceRow {
    /// Tele-service id.
    pub service: String,
    /// Its name.
    pub name: Option<String>,
    /// Telemedicine act.
    pub act: TeleAct,
    /// Providing site id.
    pub provider: String,
    /// Access channel (`3624`…).
    pub channel: Option<String>,
    /// Why it exists.
    pub purpose: TelePurpose,
    /// National, or the origin is a requester.
    pub access: Access,
    /// The requester entry (site, legal entity or grouping) that opens it to the origin.
    pub requester: Option<String>,
    /// The filière of the row.
    pub filiere: Option<String>,
    /// Where routing sends the case physically in that filière.
    pub fallback: Option<String>,
    /// First day of the service.
    pub from: Option<Date>,
    /// Last day.
    pub to: Option<Date>,
    /// In force, or planned.
    pub state: State,
}

/// The answer to a [`Question`]: rows of one type per question.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Answer {
    /// `members`.
    Members(Vec<MemberRow>),
    /// `groupings`.
    Groupings(Vec<GroupingRow>),
    /// `capabilities`.
    Capabilities(Vec<CapabilityRow>),
    /// `sites_by_finess`.
    Sites(Vec<SiteRow>),
    /// `tele_services`.
    TeleServices(Vec<TeleServiceRow>),
    /// `commune`.
    Commune(Vec<CommuneRow>),
}

impl Answer {
    /// The column names of the rows, in order (also when there are no rows).
    pub fn columns(&self) -> &'static [&'static str] {
        match self {
            Self::Members(_) => &[
                "member",
                "kind",
                "name",
                "role",
                "from",
                "to",
                "precision",
                "status",
                "state",
            ],
            Self::Groupings(_) => &[
                "grouping", "name", "kind", "role", "how", "via", "from", "to", "state",
            ],
            Self::Capabilities(_) => &[
                "id", "filiere", "level", "activity", "modality", "mentions", "holder", "from",
                "to", "status", "state",
            ],
            Self::Sites(_) => &[
                "site",
                "name",
                "kind",
                "match",
                "finess_et",
                "legal_entity",
                "finess_ej",
                "insee",
            ],
            Self::Commune(_) => &[
                "fact",
                "commune",
                "name",
                "territory",
                "grouping",
                "filiere",
                "site",
                "basis",
                "state",
            ],
            Self::TeleServices(_) => &[
                "service",
                "name",
                "act",
                "provider",
                "channel",
                "purpose",
                "access",
                "requester",
                "filiere",
                "fallback",
                "from",
                "to",
                "state",
            ],
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            Self::Members(r) => r.len(),
            Self::Groupings(r) => r.len(),
            Self::Capabilities(r) => r.len(),
            Self::Sites(r) => r.len(),
            Self::TeleServices(r) => r.len(),
            Self::Commune(r) => r.len(),
        }
    }

    /// Whether there is no row.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The rows as JSON objects (every column present, `null` when absent).
    pub fn rows(&self) -> Vec<Map<String, Value>> {
        match serde_json::to_value(self) {
            Ok(Value::Array(rows)) => rows
                .into_iter()
                .filter_map(|r| match r {
                    Value::Object(m) => Some(m),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// Whether all the validities hold at the date: in force, planned, or not at all.
fn state_of(validities: &[&Validity], date: Date, planned: bool) -> Option<State> {
    if validities.iter().all(|v| v.in_force(date, false)) {
        Some(State::InForce)
    } else if planned && validities.iter().all(|v| v.in_force(date, true)) {
        Some(State::Planned)
    } else {
        None
    }
}

/// Latest start and earliest end of several validities.
fn span_of(validities: &[&Validity]) -> (Option<Date>, Option<Date>) {
    let from = validities.iter().filter_map(|v| v.from).max();
    let to = validities.iter().filter_map(|v| v.to).min();
    (from, to)
}

/// Look-ups by id into a network, through the indexes of the engine compiled from it (sites
/// and groupings keep the network's order); a network that is not the engine's falls back to
/// a scan.
struct Index<'n> {
    net: &'n Network,
    engine: &'n Engine,
}

impl<'n> Index<'n> {
    fn site(&self, id: &str) -> Option<&'n Site> {
        let by_ix = self
            .engine
            .sites
            .ix
            .get(id)
            .and_then(|&i| self.net.sites.get(i as usize))
            .filter(|s| s.id == id);
        by_ix.or_else(|| self.net.sites.iter().find(|s| s.id == id))
    }

    fn entity(&self, id: &str) -> Option<&'n LegalEntity> {
        self.net.legal_entities.iter().find(|e| e.id == id)
    }

    fn grouping(&self, id: &str) -> Option<&'n crate::network::Grouping> {
        let by_ix = self
            .engine
            .groupings
            .ix
            .get(id)
            .and_then(|&i| self.net.groupings.get(i as usize))
            .filter(|g| g.id == id);
        by_ix.or_else(|| self.net.groupings.iter().find(|g| g.id == id))
    }

    fn all_ids(&self) -> impl Iterator<Item = &'n str> + '_ {
        let n = self.net;
        n.sites
            .iter()
            .map(|s| s.id.as_str())
            .chain(n.legal_entities.iter().map(|e| e.id.as_str()))
            .chain(n.groupings.iter().map(|g| g.id.as_str()))
    }
}

impl Engine {
    /// Answers a question about `network`, which must be the network this engine was compiled
    /// from (names, kinds and dates come from the network; tele-service access and fallbacks
    /// from the engine, as routing decides them).
    ///
    /// # Errors
    /// [`QueryError`] when the question names an unknown grouping, site, filière or origin
    /// (with the closest known id as a hint), a FINESS number that is malformed or fails its
    /// key, or coordinates out of range.
    pub fn answer(&self, network: &Network, question: &Question) -> Result<Answer, QueryError> {
        let ix = Index {
            net: network,
            engine: self,
        };
        match question {
            Question::Members {
                grouping,
                date,
                include_planned,
            } => members(&ix, grouping, *date, *include_planned).map(Answer::Members),
            Question::Groupings {
                member,
                date,
                include_planned,
            } => groupings(&ix, member, *date, *include_planned).map(Answer::Groupings),
            Question::Capabilities {
                site,
                date,
                filiere,
                include_planned,
            } => capabilities(&ix, site, filiere.as_deref(), *date, *include_planned)
                .map(Answer::Capabilities),
            Question::SitesByFiness {
                finess,
                date,
                include_planned,
            } => sites_by_finess(&ix, finess, *date, *include_planned).map(Answer::Sites),
            Question::Commune {
                commune,
                date,
                filiere,
                include_planned,
            } => self
                .commune(&ix, commune, filiere.as_deref(), *date, *include_planned)
                .map(Answer::Commune),
            Question::TeleServices {
                origin,
                date,
                filiere,
                include_planned,
            } => self
                .tele_services(&ix, origin, filiere.as_deref(), *date, *include_planned)
                .map(Answer::TeleServices),
        }
    }

    fn tele_services(
        &self,
        ix: &Index<'_>,
        origin: &Origin,
        filiere: Option<&str>,
        date: Date,
        planned: bool,
    ) -> Result<Vec<TeleServiceRow>, QueryError> {
        let net = ix.net;
        let origin_site = self.origin_site(net, origin)?;
        let fil = match filiere {
            Some(f) => Some(self.filieres.ix.get(f).copied().ok_or_else(|| {
                QueryError::unknown(
                    Msg::InvUnknownFiliere,
                    f,
                    self.filieres.iter().map(|x| x.id.as_str()),
                )
            })?),
            None => None,
        };
        // The groupings the origin site is in, for naming the requester entry that opens a
        // service (whether it opens is the engine's decision).
        let mut opening: Vec<String> = Vec::new();
        if let Some((_, id)) = &origin_site {
            opening.push(id.clone());
            if let Some(s) = ix.site(id) {
                opening.push(s.legal_entity.clone());
            }
            if let Ok(rows) = groupings(ix, id, date, planned) {
                opening.extend(rows.into_iter().map(|r| r.grouping));
            }
        }
        let day = date.epoch_day();
        let mut rows = Vec::new();
        for t in &net.tele_services {
            let Some(data) = self
                .services
                .tele_ix
                .get(&t.id)
                .and_then(|&i| self.services.teles.get(i as usize))
            else {
                continue;
            };
            let site = origin_site.as_ref().map(|(s, _)| *s);
            let usable_in = |f: Option<u32>| data.usable(site, f, day, planned).is_ok();
            let filieres: Vec<Option<u32>> = match fil {
                Some(f) => vec![Some(f)],
                None if data.filieres.is_empty() => vec![None],
                None => data.filieres.iter().map(|&f| Some(f)).collect(),
            };
            for f in filieres {
                if !usable_in(f) {
                    continue;
                }
                let Some(state) = state_of(&[&t.validity], date, planned) else {
                    continue;
                };
                let filiere_id = f
                    .and_then(|f| self.filieres.get(f as usize))
                    .map(|x| x.id.clone());
                let fallback = filiere_id
                    .as_deref()
                    .and_then(|f| self.physical_fallback(f, origin, date, planned));
                rows.push(TeleServiceRow {
                    service: t.id.clone(),
                    name: t.name.clone(),
                    act: t.act,
                    provider: t.provider.clone(),
                    channel: t.channel.clone(),
                    purpose: t.purpose,
                    access: if data.national {
                        Access::National
                    } else {
                        Access::Requester
                    },
                    requester: if data.national {
                        None
                    } else {
                        t.requesters.iter().find(|r| opening.contains(r)).cloned()
                    },
                    filiere: filiere_id,
                    fallback,
                    from: t.validity.from,
                    to: t.validity.to,
                    state,
                });
            }
        }
        Ok(rows)
    }

    /// The `commune` question: see the module docs.
    fn commune(
        &self,
        ix: &Index<'_>,
        code: &str,
        filiere: Option<&str>,
        date: Date,
        planned: bool,
    ) -> Result<Vec<CommuneRow>, QueryError> {
        let current = self.current_commune(code)?;
        let filieres: Vec<u32> = match filiere {
            Some(f) => vec![self.filieres.ix.get(f).copied().ok_or_else(|| {
                QueryError::unknown(
                    Msg::InvUnknownFiliere,
                    f,
                    self.filieres.iter().map(|x| x.id.as_str()),
                )
            })?],
            None => (0..u32::try_from(self.filieres.len()).unwrap_or(0)).collect(),
        };
        let row = |fact| CommuneRow {
            fact,
            commune: current.code.clone(),
            name: current.name.clone(),
            territory: None,
            grouping: None,
            filiere: None,
            site: None,
            basis: None,
            state: State::InForce,
        };
        let day = date.epoch_day();
        let state = |span: &crate::engine::Span| {
            if span.in_force(day, false) {
                Some(State::InForce)
            } else if planned && span.in_force(day, true) {
                Some(State::Planned)
            } else {
                None
            }
        };
        let territory_id = |t: u32| self.entry.territory_ids.get(t as usize).cloned();
        let grouping_id = |g: u32| ix.net.groupings.get(g as usize).map(|x| x.id.clone());
        // The territories covering the commune that are a grouping's, in force at the date.
        let mut rows: Vec<CommuneRow> = Vec::new();
        for cover in self.entry.covers(&current.code) {
            let crate::entry::Covered::Grouping(g) = cover.what else {
                continue;
            };
            let Some(st) = state(&cover.span) else {
                continue;
            };
            let (territory, grouping) = (territory_id(cover.territory), grouping_id(g));
            if rows
                .iter()
                .any(|r| r.territory == territory && r.grouping == grouping)
            {
                continue;
            }
            rows.push(CommuneRow {
                territory,
                grouping,
                state: st,
                ..row(CommuneFact::Territory)
            });
        }
        // The first-line site per filière, as routing enters a resident of the commune.
        let mut case = Case::new("", "", date);
        case.origin = Origin::Commune {
            commune: current.code.clone(),
        };
        let (node, _, at, home) = self.place(&case).map_err(|r| {
            let code_of = match r {
                crate::route::ReasonCode::NoCommuneReference => codes::NO_REFERENCE,
                _ => codes::UNKNOWN,
            };
            QueryError::new(code_of, text!(QueryCommuneWhy, code, r.msg()), None)
        })?;
        for f in filieres {
            // As routing enters (planned facts when asked); `planned` when the in-force facts
            // alone would not give that site.
            let entered = |planned| self.first_line(f, day, planned, at, node, home, &[]);
            let found = entered(planned);
            let st = if planned && found.map(|e| e.0) != entered(false).map(|e| e.0) {
                State::Planned
            } else {
                State::InForce
            };
            let filiere_id = self.filieres.get(f as usize).map(|x| x.id.clone());
            let mut r = CommuneRow {
                filiere: filiere_id,
                state: st,
                basis: Some(EntryBy::None),
                ..row(CommuneFact::FirstLine)
            };
            if let Some((site, basis)) = found {
                r.site = self.sites.site(site).map(|d| d.id.clone());
                r.basis = Some(match basis {
                    crate::first_line::EntryBasis::Catchment => EntryBy::Catchment,
                    crate::first_line::EntryBasis::Policy => EntryBy::Policy,
                    crate::first_line::EntryBasis::Territory(t) => {
                        r.territory = territory_id(t);
                        r.grouping = self
                            .territory_grouping(&current.code, t, site)
                            .and_then(grouping_id);
                        EntryBy::Territory
                    }
                });
            }
            rows.push(r);
        }
        Ok(rows)
    }

    /// The current commune of an INSEE code (a former code gives its successor).
    fn current_commune(&self, code: &str) -> Result<&crate::reference::Commune, QueryError> {
        let Some(reference) = self.communes() else {
            return Err(QueryError::new(
                codes::NO_REFERENCE,
                text!(QueryNoCommuneReference, code),
                Some(text!(QueryNoCommuneReferenceHint)),
            ));
        };
        let resolved = reference.resolve(code.trim()).map_err(|e| {
            let (code_of, why) = match e {
                crate::reference::LookupError::Malformed => (codes::MALFORMED, Msg::QueryNotInsee),
                crate::reference::LookupError::Unknown => {
                    (codes::UNKNOWN, Msg::QueryCommuneUnknown)
                }
            };
            QueryError::new(
                code_of,
                Text::new(why, &[&code]),
                Some(text!(InvUnknownCommuneHelp)),
            )
        })?;
        Ok(resolved.commune)
    }

    /// The grouping whose territory `t` covers the commune `code` and has `site` as a member:
    /// the one that let a resident in by territory.
    fn territory_grouping(&self, code: &str, t: u32, site: crate::engine::SiteIx) -> Option<u32> {
        self.entry
            .covers(code)
            .filter(|c| c.territory == t)
            .find_map(|c| match c.what {
                crate::entry::Covered::Grouping(g)
                    if self
                        .groupings
                        .get(g as usize)
                        .is_some_and(|gd| gd.members.iter().any(|m| m.site == site)) =>
                {
                    Some(g)
                }
                _ => None,
            })
    }

    /// The origin's site (a site id, or a FINESS number as routing reads it), `None` for a
    /// location, coordinates, a commune or a postal code; unknown ids, bad FINESS numbers and
    /// bad coordinates are errors.
    fn origin_site(
        &self,
        net: &Network,
        origin: &Origin,
    ) -> Result<Option<(crate::engine::SiteIx, String)>, QueryError> {
        Ok(match origin {
            Origin::Commune { .. } | Origin::PostalCode { .. } => None,
            Origin::Finess { finess } => {
                let s = self.finess_site(finess).map_err(|r| {
                    let code_of = match r {
                        crate::route::ReasonCode::InvalidFiness => codes::MALFORMED,
                        _ => codes::UNKNOWN,
                    };
                    QueryError::new(
                        code_of,
                        text!(QueryOriginFiness, finess, r.msg()),
                        Some(text!(InvAmbiguousFinessHelp)),
                    )
                })?;
                self.sites.site(s).map(|d| (s, d.id.clone()))
            }
            Origin::Id(id) => {
                if let Some(&s) = self.sites.ix.get(id.as_str()) {
                    Some((s, id.clone()))
                } else if self.sites.location_ix.contains_key(id.as_str()) {
                    None
                } else {
                    let known = net
                        .sites
                        .iter()
                        .map(|s| s.id.as_str())
                        .chain(net.locations.iter().map(|l| l.id.as_str()));
                    return Err(QueryError::unknown(Msg::InvUnknownOrigin, id, known)
                        .with_default_help(text!(InvGiveOrigin)));
                }
            }
            Origin::Point { lat, lon } => {
                if !(lat.is_finite()
                    && lon.is_finite()
                    && (-90.0..=90.0).contains(lat)
                    && (-180.0..=180.0).contains(lon))
                {
                    return Err(QueryError::new(
                        codes::COORDINATES,
                        text!(QueryCoordinates, lat.to_string(), lon.to_string()),
                        Some(text!(QueryCoordinatesHint)),
                    ));
                }
                None
            }
        })
    }

    /// Where routing sends a case of `filiere` from `origin` physically: the fallback of the
    /// tele-service routing offers first, else the target.
    fn physical_fallback(
        &self,
        filiere: &str,
        origin: &Origin,
        date: Date,
        planned: bool,
    ) -> Option<String> {
        let mut case = Case::new(filiere, "", date);
        case.origin = origin.clone();
        case.include_planned = planned;
        let d = self.route(&case);
        if d.outcome != Outcome::Routed {
            return None;
        }
        // Routing offers a tele-service first (this one or another): the physical transfer is
        // its fallback; otherwise the target is already physical.
        if d.step == Some(Step::TeleService) {
            return d.fallback_target.map(str::to_owned);
        }
        d.target.map(str::to_owned)
    }
}

impl QueryError {
    fn with_default_help(self, hint: Text) -> Self {
        if self.help_text.is_some() {
            return self;
        }
        Self::new(self.code, self.text, Some(hint))
    }
}

fn members(
    ix: &Index<'_>,
    grouping: &str,
    date: Date,
    planned: bool,
) -> Result<Vec<MemberRow>, QueryError> {
    let g = ix.grouping(grouping).ok_or_else(|| {
        QueryError::unknown(
            Msg::QueryUnknownGrouping,
            grouping,
            ix.net.groupings.iter().map(|g| g.id.as_str()),
        )
    })?;
    let mut rows: Vec<MemberRow> = Vec::new();
    for m in ix.net.memberships.iter().filter(|m| m.grouping == grouping) {
        let Some(state) = state_of(&[&m.validity, &g.validity], date, planned) else {
            continue;
        };
        let (kind, name) = if let Some(s) = ix.site(&m.member) {
            (MemberKind::Site, s.name.clone())
        } else if let Some(e) = ix.entity(&m.member) {
            (MemberKind::LegalEntity, e.name.clone())
        } else if let Some(h) = ix.grouping(&m.member) {
            (MemberKind::Grouping, h.name.clone())
        } else {
            continue; // the loader refuses unknown members; nothing to say about one here
        };
        let (from, to) = span_of(&[&m.validity, &g.validity]);
        rows.push(MemberRow {
            member: m.member.clone(),
            kind,
            name,
            role: m.role,
            from,
            to,
            precision: m.validity.precision,
            status: m.validity.status,
            state,
        });
    }
    // Role order, then member id, then start: the answer does not depend on how the file is
    // laid out (`parcours fmt` reorders memberships).
    crate::order::sort_by(&mut rows, |a, b| {
        a.role
            .cmp(&b.role)
            .then_with(|| a.member.cmp(&b.member))
            .then_with(|| a.from.cmp(&b.from))
    });
    Ok(rows)
}

/// A step of the walk up the groupings: the entity, how it is reached, through what, the
/// validities on the path, and the depth.
type Hop<'n> = (&'n str, How, Option<String>, Vec<&'n Validity>, usize);

fn groupings(
    ix: &Index<'_>,
    member: &str,
    date: Date,
    planned: bool,
) -> Result<Vec<GroupingRow>, QueryError> {
    let net = ix.net;
    if ix.site(member).is_none() && ix.entity(member).is_none() && ix.grouping(member).is_none() {
        return Err(
            QueryError::unknown(Msg::QueryUnknownMember, member, ix.all_ids())
                .with_default_help(text!(QueryMemberHint)),
        );
    }
    // Starting points: the entity itself, and a site's legal entity.
    let mut start: Vec<(&str, How, Option<String>)> = vec![(member, How::Direct, None)];
    if let Some(s) = ix.site(member) {
        start.push((
            s.legal_entity.as_str(),
            How::LegalEntity,
            Some(s.legal_entity.clone()),
        ));
    }
    let mut rows: Vec<GroupingRow> = Vec::new();
    // (entity, how, via, validities on the path, depth)
    // Breadth first: direct memberships before those through the legal entity, before nested.
    let mut todo: VecDeque<Hop<'_>> = start
        .into_iter()
        .map(|(e, h, v)| (e, h, v, Vec::new(), 0))
        .collect();
    while let Some((entity, how, via, path, depth)) = todo.pop_front() {
        if depth >= MAX_NESTING {
            continue;
        }
        for m in net.memberships.iter().filter(|m| m.member == entity) {
            let Some(g) = ix.grouping(&m.grouping) else {
                continue;
            };
            if g.id == member {
                continue; // a membership cycle back to the question
            }
            let mut vs = path.clone();
            vs.push(&m.validity);
            vs.push(&g.validity);
            let Some(state) = state_of(&vs, date, planned) else {
                continue;
            };
            let (from, to) = span_of(&vs);
            if rows.iter().any(|r| r.grouping == g.id && r.how <= how) {
                continue;
            }
            rows.retain(|r| r.grouping != g.id);
            rows.push(GroupingRow {
                grouping: g.id.clone(),
                name: g.name.clone(),
                kind: g.kind,
                role: m.role,
                how,
                via: via.clone(),
                from,
                to,
                state,
            });
            todo.push_back((
                g.id.as_str(),
                How::Nested,
                Some(g.id.clone()),
                vs,
                depth + 1,
            ));
        }
    }
    crate::order::sort_by(&mut rows, |a, b| {
        (a.how, &a.grouping).cmp(&(b.how, &b.grouping))
    });
    Ok(rows)
}

fn capabilities(
    ix: &Index<'_>,
    site: &str,
    filiere: Option<&str>,
    date: Date,
    planned: bool,
) -> Result<Vec<CapabilityRow>, QueryError> {
    let net = ix.net;
    let s = ix.site(site).ok_or_else(|| {
        QueryError::unknown(
            Msg::QueryUnknownSite,
            site,
            net.sites.iter().map(|s| s.id.as_str()),
        )
    })?;
    if let Some(f) = filiere
        && !net.filieres.iter().any(|x| x.id == f)
    {
        return Err(QueryError::unknown(
            Msg::InvUnknownFiliere,
            f,
            net.filieres.iter().map(|x| x.id.as_str()),
        ));
    }
    let rank = |filiere: &str, level: &str| {
        let fi = net.filieres.iter().position(|x| x.id == filiere);
        let li = fi
            .and_then(|i| net.filieres.get(i))
            .and_then(|x| x.levels.iter().position(|l| l.id == level));
        (fi, li)
    };
    let mut rows: Vec<(Option<usize>, Option<usize>, CapabilityRow)> = Vec::new();
    for c in net
        .capabilities
        .iter()
        .filter(|c| c.site == site && filiere.is_none_or(|f| c.filiere == f))
    {
        let Some(state) = state_of(&[&c.validity, &s.validity], date, planned) else {
            continue;
        };
        let (fi, li) = rank(&c.filiere, &c.level);
        rows.push((
            fi,
            li,
            CapabilityRow {
                id: c.id.clone(),
                filiere: c.filiere.clone(),
                level: c.level.clone(),
                activity: c.activity,
                modality: c.modality.clone(),
                mentions: c.mentions.clone(),
                holder: c.holder.clone(),
                from: c.validity.from,
                to: c.validity.to,
                status: c.validity.status,
                state,
            },
        ));
    }
    crate::order::sort_by_key(&mut rows, |(f, l, _)| (*f, *l));
    Ok(rows.into_iter().map(|(_, _, r)| r).collect())
}

fn sites_by_finess(
    ix: &Index<'_>,
    finess: &str,
    date: Option<Date>,
    planned: bool,
) -> Result<Vec<SiteRow>, QueryError> {
    let net = ix.net;
    let number = Finess::new(finess).map_err(|_| {
        QueryError::new(
            codes::MALFORMED,
            text!(FinessInvalid, finess),
            Some(text!(InvInvalidFinessHelp)),
        )
    })?;
    if number.luhn_ok() == Some(false) {
        return Err(QueryError::new(
            codes::MALFORMED,
            text!(QueryFinessKey, finess),
            Some(text!(InvInvalidFinessHelp)),
        ));
    }
    let open = |s: &Site| date.is_none_or(|d| s.validity.in_force(d, planned));
    let row = |s: &Site, matched: FinessMatch| SiteRow {
        site: s.id.clone(),
        name: s.name.clone(),
        kind: s.kind,
        matched,
        finess_et: s.finess_et.as_ref().map(|f| f.as_str().to_owned()),
        legal_entity: s.legal_entity.clone(),
        finess_ej: ix
            .entity(&s.legal_entity)
            .and_then(|e| e.finess_ej.as_ref())
            .map(|f| f.as_str().to_owned()),
        insee: net
            .locations
            .iter()
            .find(|l| l.id == s.location)
            .and_then(|l| l.insee.clone()),
    };
    let mut rows: Vec<SiteRow> = net
        .sites
        .iter()
        .filter(|s| s.finess_et.as_ref() == Some(&number) && open(s))
        .map(|s| row(s, FinessMatch::Et))
        .collect();
    let entities: Vec<&str> = net
        .legal_entities
        .iter()
        .filter(|e| e.finess_ej.as_ref() == Some(&number))
        .map(|e| e.id.as_str())
        .collect();
    rows.extend(
        net.sites
            .iter()
            .filter(|s| entities.contains(&s.legal_entity.as_str()) && open(s))
            .map(|s| row(s, FinessMatch::Ej)),
    );
    let known_any = net
        .sites
        .iter()
        .any(|s| s.finess_et.as_ref() == Some(&number))
        || !entities.is_empty();
    if !known_any {
        let known = net
            .sites
            .iter()
            .filter_map(|s| s.finess_et.as_ref().map(Finess::as_str))
            .chain(
                net.legal_entities
                    .iter()
                    .filter_map(|e| e.finess_ej.as_ref().map(Finess::as_str)),
            );
        let hint = closest(finess, known).map(|c| text!(DidYouMean, c));
        return Err(QueryError::new(
            codes::UNKNOWN,
            text!(QueryUnknownFiness, finess),
            hint,
        ));
    }
    Ok(rows)
}

#[cfg(test)]
mod question_reader_tests {
    use serde_json::json;

    use super::Question;

    fn read(v: serde_json::Value) -> Result<Question, String> {
        serde_json::from_value(v).map_err(|e| e.to_string())
    }

    #[test]
    fn every_kind_reads_back_what_it_writes() {
        let date = "2018-01-01".parse().unwrap();
        for q in [
            Question::Members {
                grouping: "g".into(),
                date,
                include_planned: true,
            },
            Question::Groupings {
                member: "m".into(),
                date,
                include_planned: false,
            },
            Question::Capabilities {
                site: "s".into(),
                date,
                filiere: Some("f".into()),
                include_planned: false,
            },
            Question::SitesByFiness {
                finess: "210780581".into(),
                date: None,
                include_planned: false,
            },
            Question::Commune {
                commune: "52269".into(),
                date,
                filiere: None,
                include_planned: true,
            },
            Question::TeleServices {
                origin: crate::route::Origin::Point {
                    lat: 47.5,
                    lon: 5.25,
                },
                date,
                filiere: None,
                include_planned: false,
            },
        ] {
            let text = serde_json::to_string(&q).unwrap();
            assert_eq!(
                serde_json::from_str::<Question>(&text).unwrap(),
                q,
                "{text}"
            );
        }
    }

    #[test]
    fn mistakes_are_named_in_serde_words() {
        let e = read(json!({"question": "member", "grouping": "g"})).unwrap_err();
        assert!(
            e.starts_with("unknown variant `member`, expected one of `members`"),
            "{e}"
        );
        let e =
            read(json!({"question": "members", "site": "s", "date": "2018-01-01"})).unwrap_err();
        assert_eq!(
            e,
            "unknown field `site`, expected one of `grouping`, `date`, `include_planned`"
        );
        assert_eq!(
            read(json!({"question": "members", "grouping": "g"})).unwrap_err(),
            "missing field `date`"
        );
        assert_eq!(
            read(json!({"grouping": "g"})).unwrap_err(),
            "missing field `question`"
        );
        let e =
            read(json!({"question": "members", "grouping": 3, "date": "2018-01-01"})).unwrap_err();
        assert_eq!(e, "invalid type: integer `3`, expected a string");
        let e = read(json!({"question": "members", "grouping": null, "date": "2018-01-01"}))
            .unwrap_err();
        assert_eq!(e, "invalid type: null, expected a string");
        let e = read(json!(["members"])).unwrap_err();
        assert!(
            e.starts_with("invalid type: sequence, expected a question"),
            "{e}"
        );
        let e = read(json!({"question": "members", "grouping": "g", "date": "2018-01-01", "include_planned": "yes"}))
            .unwrap_err();
        assert_eq!(e, "invalid type: string \"yes\", expected a boolean");
    }
}
