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
//! The list is also available as data: [`check_codes`] (and [`crate::codes()`] for every code
//! the library gives).

mod context;
mod coverage;
mod escalation;
mod identifiers;
mod legal;
mod quality;
mod rules;
mod territories;

use std::fmt;

use serde::Serialize;

use crate::diagnostic::Code;
use crate::engine::Engine;
use crate::error::Error;
use crate::messages::{Lang, Msg, tr};
use crate::network::Network;

/// Stable codes of the diagnostics, see the [module documentation](self).
pub mod codes {
    use crate::diagnostic::Code;

    /// No site holds a filière level that a grouping organises.
    pub const NO_PROVIDER: Code = Code::P001;
    /// A member of a grouping gets no route for a filière level of the grouping's scope.
    pub const GAP: Code = Code::P002;
    /// Recourse rules form a cycle.
    pub const ESCALATION_CYCLE: Code = Code::P003;
    /// An escalation chain never reaches a site with the level needed.
    pub const DEAD_ESCALATION: Code = Code::P004;
    /// Two mandatory rules of equal priority apply to a case and name different targets.
    pub const CONFLICT: Code = Code::P010;
    /// A rule can never fire: an earlier rule always wins.
    pub const SHADOWED: Code = Code::P011;
    /// A rule's target is not in force during part of the rule's validity.
    pub const DANGLING_TARGET: Code = Code::P012;
    /// A rule without start date targets something that starts later.
    pub const TARGET_STARTS_LATER: Code = Code::P013;
    /// A GHT does not have exactly one support.
    pub const GHT_SUPPORT: Code = Code::P020;
    /// A GHT support or party is not public.
    pub const GHT_PRIVATE_PARTY: Code = Code::P021;
    /// A GHT is not associated with a CHU.
    pub const GHT_NO_CHU: Code = Code::P022;
    /// A GCS has no health-establishment member.
    pub const GCS_NO_HEALTH_ESTABLISHMENT: Code = Code::P023;
    /// A GCS établissement de santé holds no authorisation.
    pub const GCS_ES_NO_AUTHORISATION: Code = Code::P024;
    /// Legal personality contradicts the kind of grouping.
    pub const LEGAL_PERSONALITY: Code = Code::P025;
    /// An authorisation holder is not a GCS établissement de santé.
    pub const HOLDER_NOT_GCS_ES: Code = Code::P026;
    /// Groupings nest in a cycle or too deep.
    pub const NESTING: Code = Code::P027;
    /// Malformed FINESS or SIREN number.
    pub const MALFORMED_ID: Code = Code::P030;
    /// Luhn key mismatch.
    pub const LUHN: Code = Code::P031;
    /// Duplicate FINESS number.
    pub const DUPLICATE_FINESS: Code = Code::P032;
    /// A figure has no date or no source.
    pub const FIGURE_UNSOURCED: Code = Code::P040;
    /// A planned membership is used by a mandatory rule.
    pub const PLANNED_MEMBERSHIP: Code = Code::P041;
    /// Status `ended` without an end date.
    pub const ENDED_WITHOUT_END: Code = Code::P042;
    /// A commune is claimed by two GHT territories at the same date.
    pub const TERRITORY_OVERLAP: Code = Code::P050;
    /// A territory lists communes (or départements) the commune reference does not know.
    pub const TERRITORY_UNKNOWN_COMMUNE: Code = Code::P051;
    /// A GHT member site lies outside its GHT's territory.
    pub const MEMBER_OUTSIDE_TERRITORY: Code = Code::P052;
    /// Communes of the reference, in the départements of the network's GHT territories, that
    /// no GHT territory covers.
    pub const UNCOVERED_COMMUNES: Code = Code::P053;
}

/// Every diagnostic code of the checks, in code order (the `P…` codes of [`Code::ALL`]).
pub fn check_codes() -> impl Iterator<Item = Code> {
    Code::ALL
        .iter()
        .copied()
        .filter(|c| c.family() == crate::diagnostic::Family::Check)
}

pub use crate::diagnostic::{Diagnostic, Severity};

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
    pub fn codes(&self) -> Vec<Code> {
        let mut codes: Vec<Code> = self.diagnostics.iter().map(|d| d.code).collect();
        crate::order::sort(&mut codes);
        codes.dedup();
        codes
    }

    /// The diagnostics of one code.
    ///
    /// `code` is a [`Code`] or its text (`"P010"`).
    pub fn with_code<'r, C>(&'r self, code: C) -> impl Iterator<Item = &'r Diagnostic> + 'r
    where
        Code: PartialEq<C>,
        C: 'r,
    {
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
        e @ Error::Load { .. } => e.in_file(file),
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
    fn codes_are_documented_with_their_severity() {
        let docs = include_str!("check.rs");
        for c in check_codes() {
            let row = format!("| `{c}` | {} |", c.severity());
            assert!(docs.contains(&row), "module docs lack the row of {c}");
        }
    }
}
