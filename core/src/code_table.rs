//! The table of every stable code the library gives: load problems (`L…`) and check
//! diagnostics (`P…`), each with its family, severity and what it means in English and French.
//! The bindings export it (`parcours.codes()` in Python, `codes()` in JS, `parcours codes` in
//! the CLI); `test-data/codes.json` holds it for the tests of every runtime.

use serde::Serialize;

use crate::check::Severity;
use crate::messages::{Lang, code_summary};

/// Where a code comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Family {
    /// A network or commune reference that does not load (`L…`, [`crate::Error`]).
    Load,
    /// A diagnostic of [`crate::check()`] (`P…`).
    Check,
}

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

/// Every code, load codes first, each family in code order.
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
    load.chain(check).collect()
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
            crate::error::codes::ALL.len() + crate::check::CODES.len()
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
