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
use crate::network::SiteKind;

/// The words for each code, by kind of code; each map goes from the code (as in JSON) to its
/// words in the language asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Labels {
    /// Steps of a decision (`Decision.step`).
    pub step: BTreeMap<&'static str, &'static str>,
    /// Why a case has no route or is invalid (`Decision.reason`).
    pub reason: BTreeMap<&'static str, &'static str>,
    /// Why an alternative lost (`Alternative.rejection`).
    pub rejection: BTreeMap<&'static str, &'static str>,
    /// Kinds of sites (`Site.kind`).
    pub site_kind: BTreeMap<&'static str, &'static str>,
    /// Roles of members in groupings (`Membership.role`).
    pub role: BTreeMap<&'static str, &'static str>,
}

/// Every code of the kinds [`Labels`] covers with its words in `lang`.
pub fn labels(lang: Lang) -> Labels {
    let [step, reason, rejection, site_kind, role] =
        GROUPS.map(|(_, first, codes)| entries(first, codes, lang).collect());
    Labels {
        step,
        reason,
        rejection,
        site_kind,
        role,
    }
}

/// [`labels`] as JSON text, `{"step": {"local": "…", …}, …}`, written from the tables
/// directly: the WebAssembly module serves it, and this takes less room there than
/// serialising [`Labels`].
pub fn labels_json(lang: Lang) -> String {
    let mut out = String::from("{");
    for (name, first, codes) in GROUPS {
        out.push('"');
        out.push_str(name);
        out.push_str("\":{");
        for (code, text) in entries(first, codes, lang) {
            out.push('"');
            out.push_str(code);
            out.push_str("\":\"");
            // No label holds a quote or a backslash: the test reads this back as JSON.
            out.push_str(text);
            out.push_str("\",");
        }
        out.pop();
        out.push_str("},");
    }
    out.pop();
    out.push('}');
    out
}

/// The codes of one group with their words: the `n`-th code's words are the `n`-th text of
/// the catalogue from `first`.
fn entries(
    first: Msg,
    codes: &'static str,
    lang: Lang,
) -> impl Iterator<Item = (&'static str, &'static str)> {
    codes
        .split(' ')
        .enumerate()
        .map(move |(i, code)| (code, Msg::template_at(first as usize + i, lang)))
}

/// The words for a kind of site, in `lang` (`Centre hospitalier` for `hospital` in French).
pub fn site_kind_label(kind: SiteKind, lang: Lang) -> &'static str {
    let msg = match kind {
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
    };
    msg.template(lang)
}

/// The groups of [`Labels`], in order: name, the catalogue key of the first code's words,
/// and the codes (as in JSON), whose words follow one another in the catalogue from that key.
const GROUPS: [(&str, Msg, &str); 5] = [
    (
        "step",
        Msg::StepLocal,
        "local partner preferred_pathway recourse tele_service patient_choice fallback first_line",
    ),
    (
        "reason",
        Msg::ReasonNoApplicableRule,
        "no_applicable_rule no_qualifying_target unknown_filiere unknown_level unknown_origin \
         invalid_coordinates invalid_distance outside_territory unknown_commune \
         unknown_postal_code no_commune_reference unknown_finess invalid_finess ambiguous_finess \
         unknown_flag",
    ),
    (
        "rejection",
        Msg::RejLessPreferred,
        "less_preferred level_too_low not_authorised too_far membership_not_in_force \
         site_not_in_force excluded",
    ),
    (
        "site_kind",
        Msg::SiteChu,
        "chu hospital clinic cancer_centre smr_centre psychiatric_hospital had ehpad ssiad \
         gp_association health_centre training other",
    ),
    (
        "role",
        Msg::RoleSupport,
        "support party partner associated_chu associated_army founding_member member operator \
         beneficiary",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::network::{Role, Step};
    use crate::route::{ReasonCode as R, Rejection as J};

    const STEP_VARIANTS: [Step; 8] = [
        Step::Local,
        Step::FirstLine,
        Step::Partner,
        Step::PreferredPathway,
        Step::Recourse,
        Step::TeleService,
        Step::PatientChoice,
        Step::Fallback,
    ];
    const REASON_VARIANTS: [R; 15] = R::ALL_FOR_TESTS;
    const REJECTION_VARIANTS: [J; 7] = [
        J::LessPreferred,
        J::LevelTooLow,
        J::NotAuthorised,
        J::TooFar,
        J::MembershipNotInForce,
        J::SiteNotInForce,
        J::Excluded,
    ];
    const ROLE_VARIANTS: [Role; 9] = [
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
    const SITE_KIND_VARIANTS: [SiteKind; 13] = [
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

    /// The code serde writes for a unit variant (`founding_member`).
    fn name<T: serde::Serialize>(v: &T) -> String {
        serde_json::to_string(v)
            .unwrap()
            .trim_matches('"')
            .to_owned()
    }

    /// The values a type's JSON Schema allows, sorted: the lists above name every variant.
    fn schema_names<T: schemars::JsonSchema>() -> Vec<String> {
        let mut out = Vec::new();
        crate::messages::tests::collect_names(
            &serde_json::to_value(schemars::schema_for!(T)).unwrap(),
            &mut out,
        );
        out.sort();
        out
    }

    #[test]
    fn every_code_has_words_in_both_languages() {
        let (en, fr) = (labels(Lang::En), labels(Lang::Fr));
        let keys = |m: &BTreeMap<&str, &str>| m.keys().map(|k| (*k).to_owned()).collect::<Vec<_>>();
        assert_eq!(keys(&en.step), schema_names::<Step>());
        assert_eq!(keys(&en.reason), schema_names::<R>());
        assert_eq!(keys(&en.rejection), schema_names::<J>());
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
                assert_ne!(
                    Some(v),
                    f.get(k),
                    "{k}: the French words are the English ones"
                );
            }
        }
        // Each code has the words the rest of the library uses for it.
        for lang in Lang::ALL {
            let l = labels(lang);
            for s in STEP_VARIANTS {
                assert_eq!(
                    l.step[name(&s).as_str()],
                    crate::route::step_label_in(s, lang)
                );
            }
            for r in REASON_VARIANTS {
                assert_eq!(l.reason[name(&r).as_str()], r.describe_in(lang));
            }
            for r in REJECTION_VARIANTS {
                assert_eq!(l.rejection[name(&r).as_str()], r.describe_in(lang));
            }
            for r in ROLE_VARIANTS {
                assert_eq!(
                    l.role[name(&r).as_str()],
                    crate::history::role_msg(r).template(lang)
                );
            }
            for k in SITE_KIND_VARIANTS {
                assert_eq!(l.site_kind[name(&k).as_str()], site_kind_label(k, lang));
            }
            // The JSON the module serves is these labels.
            let json: serde_json::Value = serde_json::from_str(&labels_json(lang)).unwrap();
            assert_eq!(json, serde_json::to_value(&l).unwrap());
        }
        assert_eq!(fr.rejection["too_far"], "trop loin");
        assert_eq!(fr.role["founding_member"], "membre fondateur");
        assert_eq!(
            site_kind_label(SiteKind::Chu, Lang::En),
            "University hospital"
        );
    }
}
