//! Words for the codes a result or a network carries, in English or French, from the message
//! catalogue: the steps of a decision (`partner`), the reasons a case has no route
//! (`no_applicable_rule`), why an alternative lost (`too_far`), the kinds of sites (`chu`) and
//! the roles of members (`founding_member`). Pages and charts that show these codes to a
//! planner take their words from here rather than keeping their own dictionaries.
//!
//! ```
//! use parcours::{Lang, labels::labels};
//! let fr = labels(Lang::Fr);
//! assert_eq!(fr.step["recourse"], "recours");
//! assert_eq!(fr.site_kind["hospital"], "Centre hospitalier");
//! assert_eq!(labels(Lang::En).reason["unknown_filiere"], "unknown filière");
//! ```

use std::collections::BTreeMap;

use serde::Serialize;

use crate::messages::{Lang, Msg};
use crate::network::{Role, SiteKind, Step};
use crate::route::{ReasonCode, Rejection};

/// The words for each code, by kind of code; each map goes from the code (as in JSON) to its
/// words in the language asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Labels {
    /// Steps of a decision (`Decision.step`).
    pub step: BTreeMap<String, &'static str>,
    /// Why a case has no route or is invalid (`Decision.reason`).
    pub reason: BTreeMap<String, &'static str>,
    /// Why an alternative lost (`Alternative.rejection`).
    pub rejection: BTreeMap<String, &'static str>,
    /// Kinds of sites (`Site.kind`).
    pub site_kind: BTreeMap<String, &'static str>,
    /// Roles of members in groupings (`Membership.role`).
    pub role: BTreeMap<String, &'static str>,
}

/// Every code of the kinds [`Labels`] covers with its words in `lang`.
pub fn labels(lang: Lang) -> Labels {
    fn map<T: Serialize + Copy>(
        all: &[T],
        msg: impl Fn(T) -> Msg,
        lang: Lang,
    ) -> BTreeMap<String, &'static str> {
        all.iter()
            .map(|&v| (code(&v), msg(v).template(lang)))
            .collect()
    }
    Labels {
        step: map(&STEPS, crate::route::step_msg, lang),
        reason: map(&REASONS, ReasonCode::msg, lang),
        rejection: map(&REJECTIONS, Rejection::msg, lang),
        site_kind: map(&SITE_KINDS, site_kind_msg, lang),
        role: map(&ROLES, crate::history::role_msg, lang),
    }
}

/// The words for a kind of site, in `lang` (`Centre hospitalier` for `hospital` in French).
pub fn site_kind_label(kind: SiteKind, lang: Lang) -> &'static str {
    site_kind_msg(kind).template(lang)
}

/// The code serde writes for a unit variant (`founding_member`).
fn code<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value)
        .map(|s| s.trim_matches('"').to_owned())
        .unwrap_or_default()
}

const STEPS: [Step; 8] = [
    Step::Local,
    Step::FirstLine,
    Step::Partner,
    Step::PreferredPathway,
    Step::Recourse,
    Step::TeleService,
    Step::PatientChoice,
    Step::Fallback,
];

const REASONS: [ReasonCode; 15] = [
    ReasonCode::NoApplicableRule,
    ReasonCode::NoQualifyingTarget,
    ReasonCode::UnknownFiliere,
    ReasonCode::UnknownLevel,
    ReasonCode::UnknownOrigin,
    ReasonCode::InvalidCoordinates,
    ReasonCode::InvalidDistance,
    ReasonCode::OutsideTerritory,
    ReasonCode::UnknownCommune,
    ReasonCode::UnknownPostalCode,
    ReasonCode::NoCommuneReference,
    ReasonCode::UnknownFiness,
    ReasonCode::InvalidFiness,
    ReasonCode::AmbiguousFiness,
    ReasonCode::UnknownFlag,
];

const REJECTIONS: [Rejection; 7] = [
    Rejection::LessPreferred,
    Rejection::LevelTooLow,
    Rejection::NotAuthorised,
    Rejection::TooFar,
    Rejection::MembershipNotInForce,
    Rejection::SiteNotInForce,
    Rejection::Excluded,
];

const SITE_KINDS: [SiteKind; 13] = [
    SiteKind::Chu,
    SiteKind::Hospital,
    SiteKind::Clinic,
    SiteKind::CancerCentre,
    SiteKind::SmrCentre,
    SiteKind::PsychiatricHospital,
    SiteKind::Had,
    SiteKind::Ehpad,
    SiteKind::Ssiad,
    SiteKind::GpAssociation,
    SiteKind::HealthCentre,
    SiteKind::Training,
    SiteKind::Other,
];

const ROLES: [Role; 9] = [
    Role::Support,
    Role::Party,
    Role::Partner,
    Role::AssociatedChu,
    Role::AssociatedArmy,
    Role::FoundingMember,
    Role::Member,
    Role::Operator,
    Role::Beneficiary,
];

/// The catalogue key of a site kind's words (the match is exhaustive).
fn site_kind_msg(kind: SiteKind) -> Msg {
    match kind {
        SiteKind::Chu => Msg::SiteChu,
        SiteKind::Hospital => Msg::SiteHospital,
        SiteKind::Clinic => Msg::SiteClinic,
        SiteKind::CancerCentre => Msg::SiteCancerCentre,
        SiteKind::SmrCentre => Msg::SiteSmrCentre,
        SiteKind::PsychiatricHospital => Msg::SitePsychiatricHospital,
        SiteKind::Had => Msg::SiteHad,
        SiteKind::Ehpad => Msg::SiteEhpad,
        SiteKind::Ssiad => Msg::SiteSsiad,
        SiteKind::GpAssociation => Msg::SiteGpAssociation,
        SiteKind::HealthCentre => Msg::SiteHealthCentre,
        SiteKind::Training => Msg::SiteTraining,
        SiteKind::Other => Msg::SiteOther,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The values a type's JSON Schema allows, sorted: the lists above name every variant.
    fn schema_names<T: schemars::JsonSchema>() -> Vec<String> {
        fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
            match v {
                serde_json::Value::Object(m) => {
                    for (k, x) in m {
                        match (k.as_str(), x) {
                            ("enum", serde_json::Value::Array(a)) => {
                                out.extend(a.iter().filter_map(|s| s.as_str().map(str::to_owned)))
                            }
                            ("const", serde_json::Value::String(s)) => out.push(s.clone()),
                            _ => walk(x, out),
                        }
                    }
                }
                serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
                _ => {}
            }
        }
        let mut out = Vec::new();
        walk(
            &serde_json::to_value(schemars::schema_for!(T)).unwrap(),
            &mut out,
        );
        out.sort();
        out
    }

    #[test]
    fn every_code_has_words_in_both_languages() {
        let (en, fr) = (labels(Lang::En), labels(Lang::Fr));
        let keys = |m: &BTreeMap<String, &str>| m.keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(&en.step), schema_names::<Step>());
        assert_eq!(keys(&en.reason), schema_names::<ReasonCode>());
        assert_eq!(keys(&en.rejection), schema_names::<Rejection>());
        assert_eq!(keys(&en.site_kind), schema_names::<SiteKind>());
        assert_eq!(keys(&en.role), schema_names::<Role>());
        for (e, f) in [
            (&en.step, &fr.step),
            (&en.reason, &fr.reason),
            (&en.rejection, &fr.rejection),
            (&en.site_kind, &fr.site_kind),
            (&en.role, &fr.role),
        ] {
            assert_eq!(keys(e), keys(f));
            for (k, v) in e {
                assert!(!v.is_empty(), "{k}");
                // EHPAD, SSIAD: the acronym is the French label; the English one explains it.
                assert_ne!(
                    Some(v),
                    f.get(k),
                    "{k}: the French words are the English ones"
                );
            }
        }
        assert_eq!(fr.rejection["too_far"], "trop loin");
        assert_eq!(fr.role["founding_member"], "membre fondateur");
        assert_eq!(
            site_kind_label(SiteKind::Chu, Lang::En),
            "University hospital (CHU / CHRU)"
        );
    }
}
