//! Why a case is invalid, in words: the message names the bad value, the help suggests the
//! closest known one (with the network loader's suggester) or says what is expected.

use crate::engine::Engine;
use crate::messages::{Arg, Lang, Msg, Text, ToArg, text, tr};
use crate::route::{Case, Origin, ReasonCode};

/// Edit-distance cells one suggestion may cost (about 0.1 ms): a batch of distinct bad values
/// stays fast on a large network, where the help then lists the known values instead.
const BUDGET: u64 = 100_000;

/// Known values listed at most in a help.
const SHOWN: usize = 12;

/// What to do about the unknown `value`: ``did you mean `x`?`` when a known value is close
/// enough (the loader's suggester), else `what` (a template whose last hole takes the list,
/// the others `args`) with the known values (the first ones).
pub(crate) fn hint(value: &str, known: &[&str], lang: Lang, what: Msg, args: &[&str]) -> String {
    hint_text(value, known, what, args).render(lang)
}

/// [`hint`] as a text of the catalogue, rendered in the language asked for later.
pub(crate) fn hint_text(value: &str, known: &[&str], what: Msg, args: &[&str]) -> Text {
    let mut budget = BUDGET;
    if let Some(c) = crate::validate::closest_within(value, known.iter().copied(), &mut budget) {
        return text!(DidYouMean, c);
    }
    let mut list = String::new();
    for (i, k) in known.iter().take(SHOWN).enumerate() {
        if i > 0 {
            list.push_str(", ");
        }
        list.push('`');
        list.push_str(k);
        list.push('`');
    }
    let list: Arg = if known.len() > SHOWN {
        text!(QueryKnownMore, list).to_arg()
    } else {
        list.to_arg()
    };
    // `args` holds at most one value (the filière of a level).
    match args.first() {
        Some(a) => Text::new(what, &[a, &list]),
        None => Text::new(what, &[&list]),
    }
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
    pub(crate) fn invalid_case(
        &self,
        case: &Case,
        reason: ReasonCode,
        lang: Lang,
    ) -> (String, Option<String>) {
        let filiere = case.filiere.as_str();
        let (message, help) = match reason {
            ReasonCode::UnknownFiliere => {
                let known = self.filiere_ids();
                let help = hint(filiere, &known, lang, Msg::KnownFilieres, &[]);
                (tr(lang, Msg::InvUnknownFiliere, &[filiere]), help)
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
                let help = hint(level, &known, lang, Msg::KnownLevels, &[filiere]);
                (tr(lang, Msg::InvUnknownLevel, &[level, filiere]), help)
            }
            ReasonCode::UnknownFlag => {
                let flag = case
                    .flags
                    .iter()
                    .find(|f| self.rules.known_flags.binary_search(f).is_err())
                    .map_or("", String::as_str);
                let known: Vec<&str> = self.rules.known_flags.iter().map(String::as_str).collect();
                let help = if known.is_empty() {
                    tr(lang, Msg::InvNoFlags, &[])
                } else {
                    hint(flag, &known, lang, Msg::KnownFlags, &[])
                };
                let message = tr(lang, Msg::InvUnknownFlag, &[flag]);
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
                        || tr(lang, Msg::InvGiveOrigin, &[]),
                        |c| tr(lang, Msg::DidYouMean, &[c]),
                    );
                let message = tr(lang, Msg::InvUnknownOrigin, &[id]);
                (message, help)
            }
            other => return Self::invalid_value(case, other, lang),
        };
        (message, Some(help))
    }

    /// The messages of the other reasons: a sentence around the origin's text, and a help.
    fn invalid_value(case: &Case, reason: ReasonCode, lang: Lang) -> (String, Option<String>) {
        let value = match &case.origin {
            Origin::Id(s)
            | Origin::Commune { commune: s }
            | Origin::PostalCode { postal_code: s }
            | Origin::Finess { finess: s } => s.as_str(),
            Origin::Point { .. } => "",
        };
        let (message, help) = match reason {
            ReasonCode::UnknownCommune => (Msg::InvUnknownCommune, Msg::InvUnknownCommuneHelp),
            ReasonCode::UnknownPostalCode => {
                (Msg::InvUnknownPostalCode, Msg::InvUnknownPostalCodeHelp)
            }
            ReasonCode::NoCommuneReference => {
                (Msg::InvNoCommuneReference, Msg::InvNoCommuneReferenceHelp)
            }
            ReasonCode::InvalidFiness => (Msg::InvInvalidFiness, Msg::InvInvalidFinessHelp),
            ReasonCode::AmbiguousFiness => (Msg::InvAmbiguousFiness, Msg::InvAmbiguousFinessHelp),
            other => return (other.describe_in(lang).to_owned(), None),
        };
        (tr(lang, message, &[value]), Some(tr(lang, help, &[])))
    }
}
