//! Why a case is invalid, in words: the message names the bad value, the help suggests the
//! closest known one (with the network loader's suggester) or says what is expected.

use std::fmt::Write as _;

use crate::engine::Engine;
use crate::route::{Case, Origin, ReasonCode};

/// A number as JSON writes it (`47.86`, `-1`), `NaN` or `inf` when not finite: with the JSON
/// writer's shortest-digits formatting, which the WebAssembly module already holds, rather
/// than `Display` for floats (about 15 KB more in the module).
pub(crate) fn number(x: f64) -> String {
    if x.is_nan() {
        "NaN".into()
    } else if x.is_infinite() {
        if x > 0.0 { "inf" } else { "-inf" }.into()
    } else if x.fract() == 0.0 && x.abs() < 1e15 {
        #[allow(clippy::cast_possible_truncation)] // a whole number below 1e15
        let whole = x as i64;
        whole.to_string()
    } else {
        serde_json::to_string(&x).unwrap_or_default()
    }
}

impl Engine {
    /// What is wrong with an invalid case, naming the value, and what to do (the closest
    /// known value when one is close enough: the network loader's suggester, within a budget
    /// so that a batch of distinct bad values stays fast on a large network).
    #[allow(clippy::too_many_lines)] // one arm per reason code, each a message and a help
    pub(crate) fn invalid_case(&self, case: &Case, reason: ReasonCode) -> (String, Option<String>) {
        /// Edit-distance cells one suggestion may cost (about 0.1 ms).
        const BUDGET: u64 = 100_000;
        let did_you_mean = |value: &str, known: &mut dyn Iterator<Item = &str>| {
            let mut budget = BUDGET;
            crate::validate::closest_within(value, known, &mut budget)
                .map(|c| format!("did you mean `{c}`?"))
        };
        let listed = |what: &str, known: &[&str]| {
            const SHOWN: usize = 12;
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
                let _ = write!(text, " and {} more", known.len() - SHOWN);
            }
            text
        };
        let fd = self
            .filiere_ix
            .get(&case.filiere)
            .and_then(|&f| self.filieres.get(f as usize));
        let origin_text = match &case.origin {
            Origin::Id(id) => format!("`{id}`"),
            Origin::Point { lat, lon } => format!("({}, {})", number(*lat), number(*lon)),
            Origin::Commune { commune } => format!("`{commune}`"),
            Origin::PostalCode { postal_code } => format!("`{postal_code}`"),
            Origin::Finess { finess } => format!("`{finess}`"),
        };
        match reason {
            ReasonCode::UnknownFiliere => {
                let mut known: Vec<&str> = self.filieres.iter().map(|f| f.id.as_str()).collect();
                known.sort_unstable();
                let help = did_you_mean(&case.filiere, &mut known.iter().copied())
                    .unwrap_or_else(|| listed("the network's filières are", &known));
                (format!("unknown filière `{}`", case.filiere), Some(help))
            }
            ReasonCode::UnknownLevel => {
                let level = case.level.as_deref().unwrap_or_default();
                let known: Vec<&str> = fd.map_or(Vec::new(), |f| {
                    f.levels.iter().map(String::as_str).collect()
                });
                let help = did_you_mean(level, &mut known.iter().copied()).unwrap_or_else(|| {
                    listed(
                        &format!("the levels of `{}`, lowest first, are", case.filiere),
                        &known,
                    )
                });
                (
                    format!("unknown level `{level}` for the filière `{}`", case.filiere),
                    Some(help),
                )
            }
            ReasonCode::UnknownFlag => {
                let flag = case
                    .flags
                    .iter()
                    .find(|f| self.known_flags.binary_search(f).is_err())
                    .map_or("", String::as_str);
                let known: Vec<&str> = self.known_flags.iter().map(String::as_str).collect();
                let help = if known.is_empty() {
                    "this network uses no clinical flags: leave `flags` empty".to_owned()
                } else {
                    did_you_mean(flag, &mut known.iter().copied())
                        .unwrap_or_else(|| listed("the flags this network uses are", &known))
                };
                (
                    format!("unknown flag `{flag}`: no filière or rule of the network uses it"),
                    Some(help),
                )
            }
            ReasonCode::UnknownOrigin => {
                let id = match &case.origin {
                    Origin::Id(id) => id.as_str(),
                    _ => "",
                };
                let help = did_you_mean(
                    id,
                    &mut self
                        .site_ix
                        .keys()
                        .chain(self.location_ix.keys())
                        .map(String::as_str),
                )
                .unwrap_or_else(|| {
                    "give a site or location id of the network, coordinates {lat, lon}, a                      commune or a postal code"
                        .to_owned()
                });
                (
                    format!(
                        "unknown origin {origin_text}: neither a site nor a location of the network"
                    ),
                    Some(help),
                )
            }
            ReasonCode::InvalidCoordinates => (
                format!("origin coordinates {origin_text} are not WGS84 degrees"),
                Some("give the latitude from -90 to 90 and the longitude from -180 to 180".into()),
            ),
            ReasonCode::InvalidDistance => (
                format!(
                    "`max_distance_km` {} is negative or not a number",
                    number(case.max_distance_km.unwrap_or(f64::NAN))
                ),
                Some("give a distance in km, 0 or more, or leave it out".into()),
            ),
            ReasonCode::UnknownCommune => (
                format!("unknown commune {origin_text}: not in the commune reference"),
                Some("give the INSEE code of the commune (5 characters, e.g. `52269`), not its postal code".into()),
            ),
            ReasonCode::UnknownPostalCode => (
                format!("unknown postal code {origin_text}: not in the commune reference"),
                Some("give a postal code of 5 digits (e.g. `52200`)".into()),
            ),
            ReasonCode::NoCommuneReference => (
                format!(
                    "the origin {origin_text} is a commune or a postal code, and the engine has                      no commune reference"
                ),
                Some("compile the engine with a commune reference, or give coordinates".into()),
            ),
            ReasonCode::UnknownFiness => (
                format!(
                    "unknown FINESS number {origin_text}: no site or legal entity of the network"
                ),
                None,
            ),
            ReasonCode::InvalidFiness => (
                format!("invalid FINESS number {origin_text}"),
                Some("a FINESS number has 9 characters and a valid check key".into()),
            ),
            ReasonCode::AmbiguousFiness => (
                format!(
                    "the FINESS number {origin_text} is a legal entity's with several sites"
                ),
                Some("give the FINESS number of the site (ET)".into()),
            ),
            ReasonCode::NoApplicableRule
            | ReasonCode::NoQualifyingTarget
            | ReasonCode::OutsideTerritory => (reason.describe().to_owned(), None),
        }
    }
}
