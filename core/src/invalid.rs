//! Why a case is invalid, in words: the message names the bad value, the help suggests the
//! closest known one (with the network loader's suggester) or says what is expected.

use crate::engine::Engine;
use crate::route::{Case, Origin, ReasonCode};

/// Edit-distance cells one suggestion may cost (about 0.1 ms): a batch of distinct bad values
/// stays fast on a large network, where the help then lists the known values instead.
const BUDGET: u64 = 100_000;

/// Known values listed at most in a help.
const SHOWN: usize = 12;

/// What to do about the unknown `value`: ``did you mean `x`?`` when a known value is close
/// enough (the loader's suggester), else `what` and the known values (the first ones).
pub(crate) fn hint(value: &str, known: &[&str], what: &str) -> String {
    let mut budget = BUDGET;
    if let Some(c) = crate::validate::closest_within(value, known.iter().copied(), &mut budget) {
        return format!("did you mean `{c}`?");
    }
    let mut text = format!("{what}: ");
    for (i, k) in known.iter().take(SHOWN).enumerate() {
        if i > 0 {
            text.push_str(", ");
        }
        text.push('`');
        text.push_str(k);
        text.push('`');
    }
    if known.len() > SHOWN {
        text.push_str(" and more");
    }
    text
}

impl Engine {
    /// The filière ids in byte order, whatever the order of the network file.
    pub(crate) fn filiere_ids(&self) -> Vec<&str> {
        // Sorted as (id, 0) pairs: the sort the diff report already compiles, rather than one
        // more copy of the sort in the WebAssembly module.
        let mut ids: Vec<(&str, usize)> =
            self.filieres.iter().map(|f| (f.id.as_str(), 0)).collect();
        crate::order::sort(&mut ids);
        ids.into_iter().map(|(id, _)| id).collect()
    }

    /// What is wrong with an invalid case, naming the value, and what to do.
    pub(crate) fn invalid_case(&self, case: &Case, reason: ReasonCode) -> (String, Option<String>) {
        let filiere = case.filiere.as_str();
        let (message, help) = match reason {
            ReasonCode::UnknownFiliere => {
                let known = self.filiere_ids();
                let help = hint(filiere, &known, "the network's filières are");
                (format!("unknown filière `{filiere}`"), help)
            }
            ReasonCode::UnknownLevel => {
                let level = case.level.as_deref().unwrap_or_default();
                let known: Vec<&str> = self
                    .filieres
                    .ix
                    .get(filiere)
                    .and_then(|&f| self.filieres.get(f as usize))
                    .map_or(Vec::new(), |f| {
                        f.levels.iter().map(String::as_str).collect()
                    });
                let what = format!("the levels of `{filiere}`, lowest first, are");
                let help = hint(level, &known, &what);
                (
                    format!("unknown level `{level}` for the filière `{filiere}`"),
                    help,
                )
            }
            ReasonCode::UnknownFlag => {
                let flag = case
                    .flags
                    .iter()
                    .find(|f| self.rules.known_flags.binary_search(f).is_err())
                    .map_or("", String::as_str);
                let known: Vec<&str> = self.rules.known_flags.iter().map(String::as_str).collect();
                let help = if known.is_empty() {
                    "this network uses no clinical flags: leave `flags` empty".to_owned()
                } else {
                    hint(flag, &known, "the flags this network uses are")
                };
                let message =
                    format!("unknown flag `{flag}`: no filière or rule of the network uses it");
                (message, help)
            }
            ReasonCode::UnknownOrigin => {
                let id = match &case.origin {
                    Origin::Id(id) => id.as_str(),
                    _ => "",
                };
                let known: Vec<&str> = (self.sites.ix.keys())
                    .chain(self.sites.location_ix.keys())
                    .map(String::as_str)
                    .collect();
                let mut budget = BUDGET;
                let help = crate::validate::closest_within(id, known.into_iter(), &mut budget)
                    .map_or_else(
                        || "give a site or location id of the network".to_owned(),
                        |c| format!("did you mean `{c}`?"),
                    );
                let message =
                    format!("unknown origin `{id}`: neither a site nor a location of the network");
                (message, help)
            }
            other => return Self::invalid_value(case, other),
        };
        (message, Some(help))
    }

    /// The messages of the other reasons: a sentence around the origin's text, and a help.
    fn invalid_value(case: &Case, reason: ReasonCode) -> (String, Option<String>) {
        let value = match &case.origin {
            Origin::Id(s)
            | Origin::Commune { commune: s }
            | Origin::PostalCode { postal_code: s }
            | Origin::Finess { finess: s } => s.as_str(),
            Origin::Point { .. } => "",
        };
        let (before, after, help) = match reason {
            ReasonCode::UnknownCommune => (
                "unknown commune `",
                "`: not in the commune reference",
                "give the INSEE code of the commune (e.g. `52269`)",
            ),
            ReasonCode::UnknownPostalCode => (
                "unknown postal code `",
                "`: not in the commune reference",
                "give a postal code of 5 digits (e.g. `52200`)",
            ),
            ReasonCode::NoCommuneReference => (
                "the origin `",
                "` is a commune or a postal code, and the engine has no commune reference",
                "compile the engine with a commune reference, or give coordinates",
            ),
            ReasonCode::InvalidFiness => (
                "invalid FINESS number `",
                "`",
                "a FINESS number has 9 characters and a valid check key",
            ),
            ReasonCode::AmbiguousFiness => (
                "the FINESS number `",
                "` is a legal entity's with several sites",
                "give the FINESS number of the site (ET)",
            ),
            other => return (other.describe().to_owned(), None),
        };
        (format!("{before}{value}{after}"), Some(help.to_owned()))
    }
}
