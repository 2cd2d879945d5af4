//! The table of every stable code the library gives: load problems (`L…`), check diagnostics
//! (`P…`), cases that do not read (`C…`), questions or arguments that cannot be answered (`Q…`)
//! and register records (`R…`), each with its family, severity and what it means in English and
//! French ([`Code`] holds them; this module lists them as data).
//! The bindings export it (`parcours.codes()` in Python, `codes()` in JS, `parcours codes` in
//! the CLI); `test-data/codes.json` holds it for the tests of every runtime.

use serde::Serialize;

use crate::diagnostic::Code;
pub use crate::diagnostic::Family;
use crate::diagnostic::Severity;
use crate::messages::{Lang, Msg};

/// The codes of cases that do not read ([`crate::CaseError`]).
pub mod case_codes {
    use crate::diagnostic::Code;

    /// The case does not fit the case format: an unknown or missing field, a value of the
    /// wrong type, text that is not JSON.
    pub const FORMAT: Code = Code::C001;
    /// The case's date is not a date.
    pub const DATE: Code = Code::C002;
    /// The origin is missing, given twice, or not one of its shapes.
    pub const ORIGIN: Code = Code::C003;
    /// Every case code, in order.
    pub const ALL: &[Code] = &[FORMAT, DATE, ORIGIN];
}

/// The codes of questions and arguments that cannot be answered
/// ([`crate::query::QueryError`]).
pub mod query_codes {
    use crate::diagnostic::Code;

    /// The question names what the network does not have (filière, level, site, grouping,
    /// origin, FINESS number, commune); the help suggests the closest known id.
    pub const UNKNOWN: Code = Code::Q001;
    /// An identifier is malformed: a FINESS number of the wrong shape or check digit, a text
    /// that is not an INSEE code.
    pub const MALFORMED: Code = Code::Q002;
    /// Coordinates are not WGS84 degrees.
    pub const COORDINATES: Code = Code::Q003;
    /// A parameter has a value it cannot take: a negative threshold, a bad date, an unknown
    /// kind or language.
    pub const PARAMETER: Code = Code::Q004;
    /// The question does not fit the format of questions.
    pub const FORMAT: Code = Code::Q005;
    /// The question needs a commune reference the engine does not have.
    pub const NO_REFERENCE: Code = Code::Q006;
    /// Every question code, in order.
    pub const ALL: &[Code] = &[
        UNKNOWN,
        MALFORMED,
        COORDINATES,
        PARAMETER,
        FORMAT,
        NO_REFERENCE,
    ];
}

/// An error's message with its help on the next line, in `lang` (`message\n  help: …`):
/// what the bindings show as the text of a case or question error.
///
/// ```
/// use parcours::{Lang, code_table::with_help};
/// assert_eq!(with_help("oops", Some("retry"), Lang::Fr), "oops\n  aide : retry");
/// assert_eq!(with_help("oops", None, Lang::En), "oops");
/// ```
pub fn with_help(message: &str, help: Option<&str>, lang: Lang) -> String {
    let mut out = message.to_owned();
    if let Some(h) = help {
        out.push_str("\n  ");
        out.push_str(&crate::messages::fill(Msg::HelpLine.template(lang), &[h]));
    }
    out
}

/// One stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct CodeEntry {
    /// The code (`L001`, `P010`…).
    pub code: Code,
    /// Where it comes from.
    pub family: Family,
    /// How serious it is: every load, case and question code is an error; a check or
    /// register code has its own severity.
    pub severity: Severity,
    /// What it means, in English.
    pub summary_en: &'static str,
    /// What it means, in French.
    pub summary_fr: &'static str,
}

/// Every code: load codes, check codes, case codes, question codes, register codes, each
/// family in code order ([`Code::ALL`] with what each means).
///
/// ```
/// let codes = parcours::codes();
/// let l004 = codes.iter().find(|c| c.code == "L004").unwrap();
/// assert_eq!(l004.summary_en, "a reference names no entity");
/// assert!(codes.iter().any(|c| c.code == "P010"));
/// ```
pub fn codes() -> Vec<CodeEntry> {
    Code::ALL
        .iter()
        .map(|&code| CodeEntry {
            code,
            family: code.family(),
            severity: code.severity(),
            summary_en: code.summary(Lang::En),
            summary_fr: code.summary(Lang::Fr),
        })
        .collect()
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
        // The named constants are the codes of their family, in order.
        let family = |f: Family| -> Vec<Code> {
            all.iter()
                .filter(|c| c.family == f)
                .map(|c| c.code)
                .collect()
        };
        assert_eq!(family(Family::Load), crate::error::codes::ALL);
        assert_eq!(family(Family::Case), case_codes::ALL);
        assert_eq!(family(Family::Query), query_codes::ALL);
        assert!(
            all.iter()
                .any(|c| c.code == "Q001" && c.family == Family::Query)
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
