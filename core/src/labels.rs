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
    let map = |group: &[(&'static str, Msg)]| {
        group
            .iter()
            .map(|&(code, msg)| (code, msg.template(lang)))
            .collect()
    };
    Labels {
        step: map(STEPS),
        reason: map(REASONS),
        rejection: map(REJECTIONS),
        site_kind: map(SITE_KINDS),
        role: map(ROLES),
    }
}

/// [`labels`] as JSON text, `{"step": {"local": "…", …}, …}`, written from the tables
/// directly: the WebAssembly module serves it, and this takes less room there than
/// serialising [`Labels`].
pub fn labels_json(lang: Lang) -> String {
    let mut out = String::from("{");
    for (i, (name, group)) in GROUPS.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('"');
        out.push_str(name);
        out.push_str("\":{");
        for (j, &(code, msg)) in group.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            out.push('"');
            out.push_str(code);
            out.push_str("\":");
            // The texts hold no quote or backslash (the catalogue's test says so), but a
            // string is written as JSON writes it anyway.
            out.push_str(&serde_json::to_string(msg.template(lang)).unwrap_or_default());
        }
        out.push('}');
    }
    out.push('}');
    out
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

/// The groups of [`Labels`], by name, in order.
const GROUPS: [(&str, &[(&str, Msg)]); 5] = [
    ("step", STEPS),
    ("reason", REASONS),
    ("rejection", REJECTIONS),
    ("site_kind", SITE_KINDS),
    ("role", ROLES),
];

const STEPS: &[(&str, Msg)] = &[
    ("local", Msg::StepLocal),
    ("first_line", Msg::StepFirstLine),
    ("partner", Msg::StepPartner),
    ("preferred_pathway", Msg::StepPreferredPathway),
    ("recourse", Msg::StepRecourse),
    ("tele_service", Msg::StepTeleService),
    ("patient_choice", Msg::StepPatientChoice),
    ("fallback", Msg::StepFallback),
];

const REASONS: &[(&str, Msg)] = &[
    ("no_applicable_rule", Msg::ReasonNoApplicableRule),
    ("no_qualifying_target", Msg::ReasonNoQualifyingTarget),
    ("unknown_filiere", Msg::ReasonUnknownFiliere),
    ("unknown_level", Msg::ReasonUnknownLevel),
    ("unknown_origin", Msg::ReasonUnknownOrigin),
    ("invalid_coordinates", Msg::ReasonInvalidCoordinates),
    ("invalid_distance", Msg::ReasonInvalidDistance),
    ("outside_territory", Msg::ReasonOutsideTerritory),
    ("unknown_commune", Msg::ReasonUnknownCommune),
    ("unknown_postal_code", Msg::ReasonUnknownPostalCode),
    ("no_commune_reference", Msg::ReasonNoCommuneReference),
    ("unknown_finess", Msg::ReasonUnknownFiness),
    ("invalid_finess", Msg::ReasonInvalidFiness),
    ("ambiguous_finess", Msg::ReasonAmbiguousFiness),
    ("unknown_flag", Msg::ReasonUnknownFlag),
];

const REJECTIONS: &[(&str, Msg)] = &[
    ("less_preferred", Msg::RejLessPreferred),
    ("level_too_low", Msg::RejLevelTooLow),
    ("not_authorised", Msg::RejNotAuthorised),
    ("too_far", Msg::RejTooFar),
    ("membership_not_in_force", Msg::RejMembershipNotInForce),
    ("site_not_in_force", Msg::RejSiteNotInForce),
    ("excluded", Msg::RejExcluded),
];

const SITE_KINDS: &[(&str, Msg)] = &[
    ("chu", Msg::SiteChu),
    ("hospital", Msg::SiteHospital),
    ("clinic", Msg::SiteClinic),
    ("cancer_centre", Msg::SiteCancerCentre),
    ("smr_centre", Msg::SiteSmrCentre),
    ("psychiatric_hospital", Msg::SitePsychiatricHospital),
    ("had", Msg::SiteHad),
    ("ehpad", Msg::SiteEhpad),
    ("ssiad", Msg::SiteSsiad),
    ("gp_association", Msg::SiteGpAssociation),
    ("health_centre", Msg::SiteHealthCentre),
    ("training", Msg::SiteTraining),
    ("other", Msg::SiteOther),
];

const ROLES: &[(&str, Msg)] = &[
    ("support", Msg::RoleSupport),
    ("party", Msg::RoleParty),
    ("partner", Msg::RolePartner),
    ("associated_chu", Msg::RoleAssociatedChu),
    ("associated_army", Msg::RoleAssociatedArmy),
    ("founding_member", Msg::RoleFoundingMember),
    ("member", Msg::RoleMember),
    ("operator", Msg::RoleOperator),
    ("beneficiary", Msg::RoleBeneficiary),
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
                // EHPAD, SSIAD: the acronym is the French label; the English one explains it.
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
            "University hospital (CHU / CHRU)"
        );
    }
}
