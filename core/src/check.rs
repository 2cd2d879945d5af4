//! Rule-set checks: what is wrong with a network that loads.
//!
//! Loading ([`Network::validate`]) rejects networks that mean nothing: unknown references,
//! duplicate ids, impossible values. A network that loads may still be wrong: a GHT with two
//! supports, a filière level nobody provides, two binding rules sending the same case to
//! different places, a rule naming a site that has closed. [`check`] finds these and returns a
//! [`Report`] of [`Diagnostic`]s, each with a stable code, a severity, a one-line message, a
//! location (file, JSON pointer, entity ids), a help text and, where it helps, a
//! **counterexample**: a concrete [`Case`] (with its date) that shows the problem and can be fed
//! to [`Engine::route_explained`] as is.
//!
//! ```
//! # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/mini.json")).unwrap();
//! let network = parcours::Network::from_json_str(&text)?;
//! let report = parcours::check(&network)?;
//! assert!(!report.has_errors());
//! println!("{report}");
//! // The same with an engine compiled beforehand (and its travel matrix, if any):
//! let engine = parcours::Engine::compile(&network)?;
//! assert_eq!(engine.check(&network), report);
//! # Ok::<(), parcours::Error>(())
//! ```
//!
//! # How the checks search
//!
//! Every domain is finite. Dates: facts change only at their validity bounds, so the checks look
//! at the **critical dates** of the network: every `from`, every `to` plus one day, and one day
//! before all of them; a problem found at a critical date holds until the next one. Levels are
//! the filière's; origins are the sites. The routing checks (gaps, shadowed rules) route
//! concrete cases through the compiled [`Engine`] rather than re-implementing its semantics, and
//! report the first date a problem appears, once per problem. Planned and in-progress facts
//! count only for planned groupings and rules, as in routing without `include_planned`.
//!
//! `check` compiles the network (and so validates it). [`Engine::check`] reuses an engine, and
//! needs the [`Network`] it was compiled from for the JSON pointers of the diagnostics: the
//! engine keeps indexes, not file positions. Given another network, its diagnostics are
//! meaningless (but it never panics).
//!
//! # Codes
//!
//! | Code | Severity | What it means | Example |
//! |---|---|---|---|
//! | `P001` | warning | no site of the network holds a filière level a grouping organises | no site holds `smr` at level `specialise`, in the scope of GCS HPSM |
//! | `P002` | warning | gap: a member of a grouping gets no route for a filière level of its scope, though providers exist | a GCS member with no rule reaching the CHU at level `recours` |
//! | `P003` | error | escalation cycle: recourse rules send A to B and B back to A | CH A escalates to CH B, which escalates to CH A |
//! | `P004` | warning | an escalation chain never reaches a site with the level needed | recourse to a support that lacks the level, and no recourse from there |
//! | `P010` | error | conflict: two mandatory rules of equal priority apply to the same case and name different targets | two GCS sending the same member's surgery to different partners |
//! | `P011` | warning | shadowed rule: an earlier rule applies whenever it does and always finds a target | a preferred pathway behind a mandatory rule covering the same cases |
//! | `P012` | error | a rule's target (site, role, members, tele-service) is not in force during part of the rule's validity | a rule still sending cases to a site closed in 2020 |
//! | `P013` | warning | a rule without start date targets something that starts later | recourse to the support of a GHT (July 2016), rule valid "since always" |
//! | `P020` | error | a GHT does not have exactly one support | two establishments with role `support` |
//! | `P021` | error | a GHT support or party is not a public establishment | a private clinic with role `party` (it can only be a partner) |
//! | `P022` | error | a GHT is not associated with a CHU | no `associated_chu` member and a support that is not a CHU |
//! | `P023` | error | a GCS has no health-establishment member | a GCS of EHPADs only |
//! | `P024` | error | a GCS établissement de santé holds no authorisation | a `gcs_es` that no capability names as `holder` |
//! | `P025` | error | legal personality contradicts the kind of grouping | a GHT with `legal_personality: true` |
//! | `P026` | warning | an authorisation holder is not a GCS établissement de santé | a capability `holder` naming a GCS de moyens |
//! | `P027` | error | groupings nest in a cycle, or deeper than [`MAX_NESTING`](crate::engine::MAX_NESTING) | GCS A member of GCS B, member of GCS A |
//! | `P030` | error | malformed identifier: FINESS not 9 letters or digits, SIREN not 9 digits | SIREN `12345` |
//! | `P031` | warning | the Luhn key of a FINESS or SIREN number does not match | FINESS `210780582` |
//! | `P032` | error | two sites, or two legal entities, share a FINESS number | two sites with FINESS ET `210780581` |
//! | `P040` | info | a figure has no date or no source | beds of CH Seclin without `as_of` |
//! | `P041` | warning | a planned or in-progress membership is used by a mandatory rule | a mandatory rule for members of a federation some of whose members are only announced |
//! | `P042` | warning | a fact has status `ended` but no `to` date, so it is never in force | a membership `ended` without end date |
//! | `P050` | error | a commune is claimed by two GHT territories at the same date | two GHTs whose territories both list département `52` |
//! | `P051` | warning | a territory lists communes or départements the commune reference does not know (with a reference) | a territory listing `52999` |
//! | `P052` | warning | a GHT member site lies outside its GHT's territory | a party in Dijon of a GHT whose territory is Haute-Marne |
//! | `P053` | info | communes of the reference, in the départements of the network's GHT territories, that no GHT territory covers (with a reference) | 120 communes of the Marne left out |
//!
//! The list is also available as data: [`CODES`].

mod context;
mod coverage;
mod escalation;
mod identifiers;
mod legal;
mod quality;
mod rules;
mod territories;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::engine::Engine;
use crate::error::Error;
use crate::messages::{Lang, Msg, Text, tr};
use crate::network::Network;
use crate::route::{Case, Origin};

/// Stable codes of the diagnostics, see the [module documentation](self).
pub mod codes {
    /// No site holds a filière level that a grouping organises.
    pub const NO_PROVIDER: &str = "P001";
    /// A member of a grouping gets no route for a filière level of the grouping's scope.
    pub const GAP: &str = "P002";
    /// Recourse rules form a cycle.
    pub const ESCALATION_CYCLE: &str = "P003";
    /// An escalation chain never reaches a site with the level needed.
    pub const DEAD_ESCALATION: &str = "P004";
    /// Two mandatory rules of equal priority apply to a case and name different targets.
    pub const CONFLICT: &str = "P010";
    /// A rule can never fire: an earlier rule always wins.
    pub const SHADOWED: &str = "P011";
    /// A rule's target is not in force during part of the rule's validity.
    pub const DANGLING_TARGET: &str = "P012";
    /// A rule without start date targets something that starts later.
    pub const TARGET_STARTS_LATER: &str = "P013";
    /// A GHT does not have exactly one support.
    pub const GHT_SUPPORT: &str = "P020";
    /// A GHT support or party is not public.
    pub const GHT_PRIVATE_PARTY: &str = "P021";
    /// A GHT is not associated with a CHU.
    pub const GHT_NO_CHU: &str = "P022";
    /// A GCS has no health-establishment member.
    pub const GCS_NO_HEALTH_ESTABLISHMENT: &str = "P023";
    /// A GCS établissement de santé holds no authorisation.
    pub const GCS_ES_NO_AUTHORISATION: &str = "P024";
    /// Legal personality contradicts the kind of grouping.
    pub const LEGAL_PERSONALITY: &str = "P025";
    /// An authorisation holder is not a GCS établissement de santé.
    pub const HOLDER_NOT_GCS_ES: &str = "P026";
    /// Groupings nest in a cycle or too deep.
    pub const NESTING: &str = "P027";
    /// Malformed FINESS or SIREN number.
    pub const MALFORMED_ID: &str = "P030";
    /// Luhn key mismatch.
    pub const LUHN: &str = "P031";
    /// Duplicate FINESS number.
    pub const DUPLICATE_FINESS: &str = "P032";
    /// A figure has no date or no source.
    pub const FIGURE_UNSOURCED: &str = "P040";
    /// A planned membership is used by a mandatory rule.
    pub const PLANNED_MEMBERSHIP: &str = "P041";
    /// Status `ended` without an end date.
    pub const ENDED_WITHOUT_END: &str = "P042";
    /// A commune is claimed by two GHT territories at the same date.
    pub const TERRITORY_OVERLAP: &str = "P050";
    /// A territory lists communes (or départements) the commune reference does not know.
    pub const TERRITORY_UNKNOWN_COMMUNE: &str = "P051";
    /// A GHT member site lies outside its GHT's territory.
    pub const MEMBER_OUTSIDE_TERRITORY: &str = "P052";
    /// Communes of the reference, in the départements of the network's GHT territories, that
    /// no GHT territory covers.
    pub const UNCOVERED_COMMUNES: &str = "P053";
}

/// How serious a diagnostic is. Ordered from the most serious.
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
pub enum Severity {
    /// The network contradicts the law or its own rules: routing results cannot be trusted.
    Error,
    /// Probably a mistake, or a hole the source data leaves.
    Warning,
    /// Worth knowing (data quality).
    Info,
}

impl Severity {
    /// The word rustc would print: `error`, `warning`, `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Info => "info",
        }
    }
}

impl Severity {
    /// The word in `lang`: `error` / `erreur`, `warning` / `avertissement`, `info`.
    pub fn word(self, lang: Lang) -> &'static str {
        match self {
            Self::Error => Msg::SevError,
            Self::Warning => Msg::SevWarning,
            Self::Info => Msg::SevInfo,
        }
        .template(lang)
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A diagnostic code with its fixed severity and a one-line summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct CodeInfo {
    /// The code (`P001`…).
    pub code: &'static str,
    /// Its severity, the same for every diagnostic of the code.
    pub severity: Severity,
    /// What it means, in the message catalogue ([`CodeInfo::summary`]).
    #[serde(skip)]
    text: Msg,
}

impl CodeInfo {
    /// What the code means, in English.
    pub fn summary(&self) -> &'static str {
        self.text.template(Lang::En)
    }

    /// What the code means, in `lang`.
    pub fn summary_in(&self, lang: Lang) -> &'static str {
        self.text.template(lang)
    }
}

const fn info(code: &'static str, severity: Severity, text: Msg) -> CodeInfo {
    CodeInfo {
        code,
        severity,
        text,
    }
}

/// Every diagnostic code, in code order.
pub const CODES: &[CodeInfo] = &[
    info(codes::NO_PROVIDER, Severity::Warning, Msg::P001),
    info(codes::GAP, Severity::Warning, Msg::P002),
    info(codes::ESCALATION_CYCLE, Severity::Error, Msg::P003),
    info(codes::DEAD_ESCALATION, Severity::Warning, Msg::P004),
    info(codes::CONFLICT, Severity::Error, Msg::P010),
    info(codes::SHADOWED, Severity::Warning, Msg::P011),
    info(codes::DANGLING_TARGET, Severity::Error, Msg::P012),
    info(codes::TARGET_STARTS_LATER, Severity::Warning, Msg::P013),
    info(codes::GHT_SUPPORT, Severity::Error, Msg::P020),
    info(codes::GHT_PRIVATE_PARTY, Severity::Error, Msg::P021),
    info(codes::GHT_NO_CHU, Severity::Error, Msg::P022),
    info(
        codes::GCS_NO_HEALTH_ESTABLISHMENT,
        Severity::Error,
        Msg::P023,
    ),
    info(codes::GCS_ES_NO_AUTHORISATION, Severity::Error, Msg::P024),
    info(codes::LEGAL_PERSONALITY, Severity::Error, Msg::P025),
    info(codes::HOLDER_NOT_GCS_ES, Severity::Warning, Msg::P026),
    info(codes::NESTING, Severity::Error, Msg::P027),
    info(codes::MALFORMED_ID, Severity::Error, Msg::P030),
    info(codes::LUHN, Severity::Warning, Msg::P031),
    info(codes::DUPLICATE_FINESS, Severity::Error, Msg::P032),
    info(codes::FIGURE_UNSOURCED, Severity::Info, Msg::P040),
    info(codes::PLANNED_MEMBERSHIP, Severity::Warning, Msg::P041),
    info(codes::ENDED_WITHOUT_END, Severity::Warning, Msg::P042),
    info(codes::TERRITORY_OVERLAP, Severity::Error, Msg::P050),
    info(
        codes::TERRITORY_UNKNOWN_COMMUNE,
        Severity::Warning,
        Msg::P051,
    ),
    info(
        codes::MEMBER_OUTSIDE_TERRITORY,
        Severity::Warning,
        Msg::P052,
    ),
    info(codes::UNCOVERED_COMMUNES, Severity::Info, Msg::P053),
];

/// The fixed severity of a code; `error` for an unknown code.
pub fn severity_of(code: &str) -> Severity {
    CODES
        .iter()
        .find(|c| c.code == code)
        .map_or(Severity::Error, |c| c.severity)
}

/// One problem found by the checks.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Diagnostic {
    /// Stable code, see [`codes`].
    pub code: &'static str,
    /// Severity, fixed per code.
    pub severity: Severity,
    /// What is wrong, in one lowercase line; ids in backticks.
    pub message: String,
    /// Name of the file the network came from, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// JSON pointer to the value at fault (`/rules/3/target`); empty for the whole network.
    pub pointer: String,
    /// Ids of the entities involved (groupings, sites, rules…), most relevant first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<String>,
    /// What to do about it.
    pub help: String,
    /// A concrete case, with its date, that shows the problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counterexample: Option<Case>,
    /// `message` in the catalogue, for other languages.
    #[serde(skip)]
    text: Text,
    /// `help` in the catalogue, for other languages.
    #[serde(skip)]
    help_text: Option<Text>,
}

impl Diagnostic {
    pub(crate) fn new(code: &'static str, pointer: String, text: Text) -> Self {
        Self {
            code,
            severity: severity_of(code),
            message: text.render(Lang::En),
            file: None,
            pointer,
            entities: Vec::new(),
            help: String::new(),
            counterexample: None,
            text,
            help_text: None,
        }
    }

    /// What is wrong, in `lang`.
    pub fn message_in(&self, lang: Lang) -> String {
        self.text.render(lang)
    }

    /// What to do about it, in `lang`.
    pub fn help_in(&self, lang: Lang) -> String {
        self.help_text
            .as_ref()
            .map_or_else(|| self.help.clone(), |t| t.render(lang))
    }

    /// The same diagnostic with its message and help in `lang`.
    #[must_use]
    pub fn localized(&self, lang: Lang) -> Self {
        Self {
            message: self.message_in(lang),
            help: self.help_in(lang),
            ..self.clone()
        }
    }

    #[must_use]
    pub(crate) fn entities<I, S>(mut self, ids: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        for id in ids {
            let id = id.into();
            if !self.entities.contains(&id) {
                self.entities.push(id);
            }
        }
        self
    }

    #[must_use]
    pub(crate) fn help(mut self, help: Text) -> Self {
        self.help = help.render(Lang::En);
        self.help_text = Some(help);
        self
    }

    #[must_use]
    pub(crate) fn counterexample(mut self, case: Option<Case>) -> Self {
        self.counterexample = case;
        self
    }
}

/// A case in one line, as the diagnostics print it, in `lang`.
fn describe_case(case: &Case, lang: Lang) -> String {
    let mut s = tr(lang, Msg::CaseFiliere, &[&case.filiere]);
    if let Some(l) = &case.level {
        s.push_str(&tr(lang, Msg::CaseAtLevel, &[l]));
    }
    let (msg, value) = match &case.origin {
        Origin::Id(id) => (Msg::CaseFrom, id.clone()),
        Origin::Point { lat, lon } => (Msg::CaseFromPoint, format!("{lat}, {lon}")),
        Origin::Commune { commune } => (Msg::CaseFromCommune, commune.clone()),
        Origin::PostalCode { postal_code } => (Msg::CaseFromPostalCode, postal_code.clone()),
        Origin::Finess { finess } => (Msg::CaseFromFiness, finess.clone()),
    };
    s.push_str(&tr(lang, msg, &[&value]));
    s.push_str(&tr(lang, Msg::CaseOn, &[&case.date.to_string()]));
    let mut extras = Vec::new();
    if !case.flags.is_empty() {
        let flags: Vec<String> = case.flags.iter().map(|f| format!("`{f}`")).collect();
        extras.push(tr(lang, Msg::CaseFlags, &[&flags.join(", ")]));
    }
    if let Some(a) = case.age {
        extras.push(tr(lang, Msg::CaseAge, &[&a.to_string()]));
    }
    for (on, msg) in [
        (case.ehpad_resident, Msg::CaseEhpad),
        (case.time_critical, Msg::CaseTimeCritical),
        (case.include_planned, Msg::CasePlanned),
    ] {
        if on {
            extras.push(msg.template(lang).to_owned());
        }
    }
    if !extras.is_empty() {
        s.push_str(" (");
        s.push_str(&extras.join("; "));
        s.push(')');
    }
    s
}

impl Diagnostic {
    /// rustc style, in `lang`: `error[P020]: message`, then the location, entities,
    /// counterexample and help.
    pub fn text(&self, lang: Lang) -> String {
        use std::fmt::Write as _;
        let mut s = format!(
            "{}[{}]: {}\n",
            self.severity.word(lang),
            self.code,
            self.message_in(lang)
        );
        match (&self.file, self.pointer.is_empty()) {
            (Some(file), false) => {
                let _ = writeln!(s, "  --> {file}#{}", self.pointer);
            }
            (Some(file), true) => {
                let _ = writeln!(s, "  --> {file}");
            }
            (None, false) => {
                let _ = writeln!(s, "  --> #{}", self.pointer);
            }
            (None, true) => {}
        }
        if !self.entities.is_empty() {
            let ids: Vec<String> = self.entities.iter().map(|e| format!("`{e}`")).collect();
            s.push_str(&tr(lang, Msg::ShowEntities, &[&ids.join(", ")]));
            s.push('\n');
        }
        if let Some(case) = &self.counterexample {
            s.push_str(&tr(
                lang,
                Msg::ShowCounterexample,
                &[&describe_case(case, lang)],
            ));
            s.push('\n');
        }
        s.push_str(&tr(lang, Msg::ShowHelp, &[&self.help_in(lang)]));
        s
    }
}

impl fmt::Display for Diagnostic {
    /// [`Diagnostic::text`] in English.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// How many diagnostics of each severity a report holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, schemars::JsonSchema)]
pub struct Counts {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
}

impl Counts {
    /// `1 error, 2 warnings, 0 infos`, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        let n = |n: usize, one: Msg, many: Msg| {
            tr(lang, if n == 1 { one } else { many }, &[&n.to_string()])
        };
        format!(
            "{}, {}, {}",
            n(self.errors, Msg::CountError, Msg::CountErrors),
            n(self.warnings, Msg::CountWarning, Msg::CountWarnings),
            n(self.infos, Msg::CountInfo, Msg::CountInfos)
        )
    }
}

impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// The diagnostics of a network, sorted by severity (errors first), then code, then pointer.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Report {
    /// Id of the network checked.
    pub network: String,
    /// Name of the file the network came from, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Counts per severity.
    pub counts: Counts,
    /// The diagnostics.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    fn new(network: String, mut diagnostics: Vec<Diagnostic>) -> Self {
        crate::order::sort_by(&mut diagnostics, |a, b| {
            (a.severity, a.code, &a.pointer, &a.message)
                .cmp(&(b.severity, b.code, &b.pointer, &b.message))
        });
        let mut counts = Counts::default();
        for d in &diagnostics {
            match d.severity {
                Severity::Error => counts.errors += 1,
                Severity::Warning => counts.warnings += 1,
                Severity::Info => counts.infos += 1,
            }
        }
        Self {
            network,
            file: None,
            counts,
            diagnostics,
        }
    }

    /// Names the file the network came from, in the report and each diagnostic.
    #[must_use]
    pub fn with_file(mut self, file: impl Into<String>) -> Self {
        let file = file.into();
        for d in &mut self.diagnostics {
            d.file = Some(file.clone());
        }
        self.file = Some(file);
        self
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.counts.errors > 0
    }

    /// Counts per severity.
    pub fn counts(&self) -> Counts {
        self.counts
    }

    /// Whether there is no diagnostic at all.
    pub fn is_empty(&self) -> bool {
        self.diagnostics.is_empty()
    }

    /// Number of diagnostics.
    pub fn len(&self) -> usize {
        self.diagnostics.len()
    }

    /// The distinct codes present, sorted.
    pub fn codes(&self) -> Vec<&'static str> {
        let mut codes: Vec<&'static str> = self.diagnostics.iter().map(|d| d.code).collect();
        crate::order::sort(&mut codes);
        codes.dedup();
        codes
    }

    /// The diagnostics of one code.
    pub fn with_code<'r>(&'r self, code: &'r str) -> impl Iterator<Item = &'r Diagnostic> + 'r {
        self.diagnostics.iter().filter(move |d| d.code == code)
    }
}

impl Report {
    /// Every diagnostic, then the counts, in `lang`.
    pub fn text(&self, lang: Lang) -> String {
        use std::fmt::Write as _;
        let mut s = String::new();
        for d in &self.diagnostics {
            s.push_str(&d.text(lang));
            s.push_str("\n\n");
        }
        let name = format!("`{}`", self.file.as_deref().unwrap_or(&self.network));
        if self.diagnostics.is_empty() {
            s.push_str(&tr(lang, Msg::ReportClean, &[&name]));
        } else {
            let _ = write!(s, "{name}: {}", self.counts.text(lang));
        }
        s
    }

    /// The same report with every message and help in `lang`.
    #[must_use]
    pub fn localized(&self, lang: Lang) -> Self {
        Self {
            diagnostics: self.diagnostics.iter().map(|d| d.localized(lang)).collect(),
            ..self.clone()
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// Compiles and checks a network.
///
/// # Errors
/// [`Error::Load`] when the network does not validate (see [`Network::validate`]); the checks
/// need a network that loads.
pub fn check(network: &Network) -> Result<Report, Error> {
    let engine = Engine::compile(network)?;
    Ok(engine.check(network))
}

/// Like [`check`], naming the file the network came from in errors and diagnostics.
///
/// # Errors
/// [`Error::Load`] naming `file` when the network does not validate.
pub fn check_named(network: &Network, file: &str) -> Result<Report, Error> {
    let engine = Engine::compile(network).map_err(|e| match e {
        Error::Load { problems, .. } => Error::Load {
            file: file.to_owned(),
            problems,
        },
        other @ Error::Reference { .. } => other,
    })?;
    Ok(engine.check(network).with_file(file))
}

impl Engine {
    /// Checks the network this engine was compiled from; see [the checks](mod@crate::check).
    ///
    /// `network` must be the network the engine was compiled from: the engine holds indexes,
    /// the network gives the JSON pointers. The engine's travel matrix, if any, is used for
    /// distances.
    pub fn check(&self, network: &Network) -> Report {
        let mut c = context::Checker::new(network, self);
        legal::run(&mut c);
        identifiers::run(&mut c);
        quality::run(&mut c);
        rules::run(&mut c);
        escalation::run(&mut c);
        coverage::run(&mut c);
        territories::run(&mut c);
        Report::new(network.id.clone(), c.into_diagnostics())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_sorted_unique_and_documented() {
        let mut prev = "";
        for c in CODES {
            assert!(c.code > prev, "{} out of order", c.code);
            prev = c.code;
            assert!(c.summary().chars().next().is_some_and(char::is_lowercase));
        }
        let docs = include_str!("check.rs");
        for c in CODES {
            let row = format!("| `{}` | {} |", c.code, c.severity);
            assert!(
                docs.contains(&row),
                "module docs lack the row of {}",
                c.code
            );
        }
    }

    #[test]
    fn severities_order_errors_first() {
        assert!(Severity::Error < Severity::Warning);
        assert!(Severity::Warning < Severity::Info);
        assert_eq!(severity_of("P999"), Severity::Error);
        assert_eq!(severity_of(codes::FIGURE_UNSOURCED), Severity::Info);
    }
}
