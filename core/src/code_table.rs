//! The table of every stable code the library gives: load problems (`L…`), check diagnostics
//! (`P…`), cases that do not read (`C…`) and questions or arguments that cannot be answered
//! (`Q…`), each with its family, severity and what it means in English and French.
//! The bindings export it (`parcours.codes()` in Python, `codes()` in JS, `parcours codes` in
//! the CLI); `test-data/codes.json` holds it for the tests of every runtime.

use serde::Serialize;

use crate::check::Severity;
use crate::messages::{Lang, Msg, code_summary};

/// Where a code comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Family {
    /// A network or commune reference that does not load (`L…`, [`crate::Error`]).
    Load,
    /// A diagnostic of [`crate::check()`] (`P…`).
    Check,
    /// A case that does not read (`C…`, [`crate::CaseError`]).
    Case,
    /// A question or an argument that cannot be answered (`Q…`, [`crate::query::QueryError`]).
    Query,
}

/// The codes of cases that do not read ([`crate::CaseError`]).
pub mod case_codes {
    /// The case does not fit the case format: an unknown or missing field, a value of the
    /// wrong type, text that is not JSON.
    pub const FORMAT: &str = "C001";
    /// The case's date is not a date.
    pub const DATE: &str = "C002";
    /// The origin is missing, given twice, or not one of its shapes.
    pub const ORIGIN: &str = "C003";
    /// Every case code, in order.
    pub const ALL: &[&str] = &[FORMAT, DATE, ORIGIN];
}

/// The codes of questions and arguments that cannot be answered
/// ([`crate::query::QueryError`]).
pub mod query_codes {
    /// The question names what the network does not have (filière, level, site, grouping,
    /// origin, FINESS number, commune); the hint suggests the closest known id.
    pub const UNKNOWN: &str = "Q001";
    /// An identifier is malformed: a FINESS number of the wrong shape or check digit, a text
    /// that is not an INSEE code.
    pub const MALFORMED: &str = "Q002";
    /// Coordinates are not WGS84 degrees.
    pub const COORDINATES: &str = "Q003";
    /// A parameter has a value it cannot take: a negative threshold, a bad date, an unknown
    /// kind or language.
    pub const PARAMETER: &str = "Q004";
    /// The question does not fit the format of questions.
    pub const FORMAT: &str = "Q005";
    /// The question needs a commune reference the engine does not have.
    pub const NO_REFERENCE: &str = "Q006";
    /// Every question code, in order.
    pub const ALL: &[&str] = &[
        UNKNOWN,
        MALFORMED,
        COORDINATES,
        PARAMETER,
        FORMAT,
        NO_REFERENCE,
    ];
}

/// An error's message with its help on the next line, in `lang` (`message\n  help: hint`):
/// what the bindings show as the text of a case or question error.
///
/// ```
/// use parcours::{Lang, code_table::with_help};
/// assert_eq!(with_help("oops", Some("retry"), Lang::Fr), "oops\n  aide : retry");
/// assert_eq!(with_help("oops", None, Lang::En), "oops");
/// ```
pub fn with_help(message: &str, hint: Option<&str>, lang: Lang) -> String {
    let mut out = message.to_owned();
    if let Some(h) = hint {
        out.push_str("\n  ");
        out.push_str(&crate::messages::fill(Msg::HelpLine.template(lang), &[h]));
    }
    out
}

/// The catalogue keys of the case and question codes' summaries, in code order.
const INPUT_SUMMARIES: &[(&str, Msg)] = &[
    (case_codes::FORMAT, Msg::CaseC001),
    (case_codes::DATE, Msg::CaseC002),
    (case_codes::ORIGIN, Msg::CaseC003),
    (query_codes::UNKNOWN, Msg::QueryQ001),
    (query_codes::MALFORMED, Msg::QueryQ002),
    (query_codes::COORDINATES, Msg::QueryQ003),
    (query_codes::PARAMETER, Msg::QueryQ004),
    (query_codes::FORMAT, Msg::QueryQ005),
    (query_codes::NO_REFERENCE, Msg::QueryQ006),
];

/// One stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct CodeEntry {
    /// The code (`L001`, `P010`…).
    pub code: &'static str,
    /// Where it comes from.
    pub family: Family,
    /// How serious it is: every load problem is an error; a check code has its own severity.
    pub severity: Severity,
    /// What it means, in English.
    pub summary_en: &'static str,
    /// What it means, in French.
    pub summary_fr: &'static str,
}

/// Every code: load codes, check codes, case codes, question codes, each family in code order.
///
/// ```
/// let codes = parcours::codes();
/// let l004 = codes.iter().find(|c| c.code == "L004").unwrap();
/// assert_eq!(l004.summary_en, "a reference names no entity");
/// assert!(codes.iter().any(|c| c.code == "P010"));
/// ```
pub fn codes() -> Vec<CodeEntry> {
    let load = crate::error::codes::ALL.iter().map(|&code| CodeEntry {
        code,
        family: Family::Load,
        severity: Severity::Error,
        summary_en: code_summary(code, Lang::En).unwrap_or_default(),
        summary_fr: code_summary(code, Lang::Fr).unwrap_or_default(),
    });
    let check = crate::check::CODES.iter().map(|c| CodeEntry {
        code: c.code,
        family: Family::Check,
        severity: c.severity,
        summary_en: c.summary(),
        summary_fr: c.summary_in(Lang::Fr),
    });
    let mut all: Vec<CodeEntry> = load.chain(check).collect();
    for &(code, msg) in INPUT_SUMMARIES {
        all.push(CodeEntry {
            code,
            family: if code.starts_with('C') {
                Family::Case
            } else {
                Family::Query
            },
            severity: Severity::Error,
            summary_en: msg.template(Lang::En),
            summary_fr: msg.template(Lang::Fr),
        });
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_once_with_both_summaries_and_the_shared_file_matches() {
        let all = codes();
        let mut seen = std::collections::HashSet::new();
        for c in &all {
            assert!(seen.insert(c.code), "{} twice", c.code);
            assert!(
                !c.summary_en.is_empty() && !c.summary_fr.is_empty(),
                "{}",
                c.code
            );
            assert_ne!(c.summary_en, c.summary_fr, "{}", c.code);
        }
        assert_eq!(
            all.len(),
            crate::error::codes::ALL.len()
                + crate::check::CODES.len()
                + case_codes::ALL.len()
                + query_codes::ALL.len()
        );
        // Every case and question code has its summary, in code order.
        let input: Vec<&str> = INPUT_SUMMARIES.iter().map(|(c, _)| *c).collect();
        let listed: Vec<&str> = case_codes::ALL
            .iter()
            .chain(query_codes::ALL)
            .copied()
            .collect();
        assert_eq!(input, listed);
        assert!(
            all.iter()
                .any(|c| c.code == "Q001" && c.family == Family::Query)
        );
        assert!(
            all.iter()
                .any(|c| c.code == "C002" && c.family == Family::Case)
        );
        // test-data/codes.json is this table: the Python, JS and CLI tests compare with it.
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../test-data/codes.json");
        let want = serde_json::to_string_pretty(&all).unwrap() + "\n";
        if std::env::var_os("PARCOURS_BLESS").is_some() {
            std::fs::write(path, &want).unwrap();
        }
        let got = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            got == want,
            "test-data/codes.json is not the code table: run `PARCOURS_BLESS=1 cargo test -p parcours --lib code_table`"
        );
    }
}
