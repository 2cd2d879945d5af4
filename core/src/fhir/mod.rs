//! FHIR R4 interop: a network as a Bundle of French core (FR Core) resources, and back.
//!
//! [`to_fhir_bundle`] writes a network as a FHIR R4 (4.0.1) `Bundle` of type `collection`;
//! [`from_fhir_bundle`] reads such a bundle back into a [`Network`], reporting every problem
//! with a JSON pointer into the bundle, what is wrong and what to do. The resources follow the
//! profiles of the FR Core implementation guide (`hl7.fhir.fr.core` 2.2.0-ballot-2, Interop'Santé,
//! CC0) where it has one: `fr-core-organization-etablissement` for legal entities and sites,
//! `fr-core-organization` for groupings, `fr-core-location` and `fr-core-healthcare-service`.
//! FR Core has no profile of `OrganizationAffiliation`; memberships use the base resource.
//!
//! The whole mapping, field by field, with what is not mapped and why, is in `docs/fhir.md`.
//! In short:
//!
//! | parcours | FHIR R4 |
//! |---|---|
//! | network id, name, description | `Bundle.identifier`; a `List` (title, note, the organisations) |
//! | legal entity | `Organization` (`LEGAL-ENTITY`), FINESS EJ identifier (type `FINEJ`), SIREN |
//! | site | `Organization` (`GEOGRAPHICAL-ENTITY`), FINESS ET identifier (type `FINEG`), `partOf` its legal entity, TRE_R66 category; its place as a `Location` it manages |
//! | location | `Location` (WGS84 `position`, INSEE code in the FR Core address extension) |
//! | grouping | `Organization`, type `GHT` or `GROUP` (FR Core v2-3307) where one fits, else a parcours code |
//! | membership | `OrganizationAffiliation` (grouping, member, role, period) |
//! | capability | `HealthcareService` (filière, level, authorised activity: TRE_R274 where an exact code exists) |
//! | filière and its levels | `CodeSystem` resources local to the network |
//! | validity | `Period` (partial dates for month and year precision) |
//!
//! Codes without a published code system (roles, grouping kinds, legal status, site kinds,
//! filières, levels, modalities, mentions) use code systems under [`BASE`], which say plainly
//! that they are parcours' own. No code is ever made up in a published system.
//!
//! Not mapped (FHIR R4 has no resource for them, or only one whose meaning would be invented):
//! routing rules, shared services, tele-services, events, territories, catchments and the
//! entry policy, sources and the facts' `source` references, figures, equipment, tags, notes, grouping scopes, the flags of filières that
//! imply a level, and the `source` and `note` of locations. An export then import gives back
//! the network without them ([`fhir_facts`] is exactly what survives).
//!
//! ```
//! use parcours::Network;
//! let net = Network::from_json_str(r#"{
//!   "id": "n", "name": "Example",
//!   "locations": [{"id": "dijon", "name": "Dijon", "insee": "21231", "lat": 47.3217, "lon": 5.0414}],
//!   "legal_entities": [{"id": "chu", "name": "CHU Dijon Bourgogne", "finess_ej": "210780581", "legal_status": "public"}],
//!   "sites": [{"id": "chu-site", "name": "CHU Dijon", "legal_entity": "chu", "kind": "chu", "location": "dijon"}]
//! }"#).unwrap();
//! let bundle = parcours::fhir::to_fhir_bundle(&net);
//! assert_eq!(bundle["resourceType"], "Bundle");
//! let back = parcours::fhir::from_fhir_bundle(&bundle.to_string(), "bundle.json").unwrap();
//! assert_eq!(back, parcours::fhir::fhir_facts(&net));
//! ```

mod export;
mod import;

pub use export::to_fhir_bundle;
pub use import::from_fhir_bundle;

use crate::network::Network;

/// Root of parcours' own FHIR code systems, extensions and identifier systems.
///
/// It names nothing that resolves: the project has no published FHIR home yet. Everything under
/// it is parcours-specific, never a published French or HL7 code.
pub const BASE: &str = "https://example.invalid/parcours/fhir";

/// FHIR version of the bundles.
pub const FHIR_VERSION: &str = "4.0.1";

/// Identifier system of parcours ids (`Identifier.value` is the id of the entity in its
/// network; the bundle's `identifier` names the network).
pub const ID_SYSTEM: &str = "https://example.invalid/parcours/fhir/id";
/// Identifier system of network ids (`Bundle.identifier`, `List.identifier`).
pub const NETWORK_SYSTEM: &str = "https://example.invalid/parcours/fhir/network";

pub(crate) mod url {
    //! Canonical URLs and systems used by the mapping.

    /// FR Core profiles (2.2.0-ballot-2).
    pub const PROFILE_ETABLISSEMENT: &str =
        "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-organization-etablissement";
    pub const PROFILE_ORGANIZATION: &str =
        "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-organization";
    pub const PROFILE_LOCATION: &str =
        "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-location";
    pub const PROFILE_HEALTHCARE_SERVICE: &str =
        "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-healthcare-service";

    /// FR Core identifier types (FINEJ, FINEG, SIREN, INTRN…).
    pub const CS_IDENTIFIER_TYPE: &str =
        "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203";
    /// FR Core organisation types (GHT, LEGAL-ENTITY, GEOGRAPHICAL-ENTITY, GROUP…).
    pub const CS_ORGANIZATION_TYPE: &str =
        "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-3307";
    /// FINESS identifier system.
    pub const FINESS: &str = "https://finess.esante.gouv.fr";
    /// SIREN identifier system.
    pub const SIREN: &str = "https://sirene.fr";
    /// NOS TRE_R66 establishment categories.
    pub const TRE_R66: &str = "https://mos.esante.gouv.fr/NOS/TRE_R66-CategorieEtablissement/FHIR/TRE-R66-CategorieEtablissement";
    /// NOS TRE_R13 communes (INSEE COG codes), the system of the FR Core INSEE extension.
    pub const TRE_R13: &str =
        "https://mos.esante.gouv.fr/NOS/TRE_R13-CommuneOM/FHIR/TRE-R13-CommuneOM";
    /// NOS TRE_R274 regulated health activities (the Annuaire Santé binding of activities).
    pub const TRE_R274: &str = "https://mos.esante.gouv.fr/NOS/TRE_R274-ActiviteSanitaireRegulee/FHIR/TRE-R274-ActiviteSanitaireRegulee";

    /// FR Core extensions.
    pub const EXT_INSEE: &str =
        "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-address-insee-code";
    pub const EXT_SAE: &str =
        "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-organization-sae-category";
    /// HL7 extension (FR Core's `usePeriod` slice of Organization).
    pub const EXT_ORGANIZATION_PERIOD: &str =
        "http://hl7.org/fhir/StructureDefinition/organization-period";

    /// parcours' own code systems and extensions.
    pub const CS_LEGAL_STATUS: &str =
        "https://example.invalid/parcours/fhir/CodeSystem/legal-status";
    pub const CS_SITE_KIND: &str = "https://example.invalid/parcours/fhir/CodeSystem/site-kind";
    pub const CS_GROUPING_KIND: &str =
        "https://example.invalid/parcours/fhir/CodeSystem/grouping-kind";
    pub const CS_ROLE: &str = "https://example.invalid/parcours/fhir/CodeSystem/role";
    pub const CS_ACTIVITY: &str = "https://example.invalid/parcours/fhir/CodeSystem/activity";
    pub const CS_MODALITY: &str = "https://example.invalid/parcours/fhir/CodeSystem/modality";
    pub const CS_MENTION: &str = "https://example.invalid/parcours/fhir/CodeSystem/mention";
    pub const CS_LIST_KIND: &str = "https://example.invalid/parcours/fhir/CodeSystem/list-kind";
    pub const EXT_VALIDITY: &str =
        "https://example.invalid/parcours/fhir/StructureDefinition/validity";
    pub const EXT_STATUS: &str =
        "https://example.invalid/parcours/fhir/StructureDefinition/validity-status";
    pub const EXT_PRECISION: &str =
        "https://example.invalid/parcours/fhir/StructureDefinition/date-precision";
    pub const EXT_LEGAL_PERSONALITY: &str =
        "https://example.invalid/parcours/fhir/StructureDefinition/legal-personality";
    pub const EXT_HOLDER: &str =
        "https://example.invalid/parcours/fhir/StructureDefinition/authorisation-holder";
    /// Property of a filière concept naming the code system of its levels.
    pub const PROP_LEVELS: &str = "levels";
}

/// TRE_R66 categories of the FR Core value set `fr-core-vs-categorie-sae-etablissement`
/// (2.2.0-ballot-2), the binding of the `fr-core-organization-sae-category` extension.
pub(crate) const SAE_CATEGORIES: &[&str] = &[
    "101", "106", "109", "114", "115", "122", "127", "128", "129", "131", "141", "146", "156",
    "161", "292", "355", "362", "365", "366", "412", "415", "422", "425", "426", "430", "433",
    "444", "695", "696", "697", "698", "699",
];

/// Authorised activities (R6122-25) with an exact code in NOS TRE_R274 (value set JDV_J133,
/// the Annuaire Santé binding of `HealthcareService.type`), as `(parcours code, TRE_R274
/// code, display)`. The others have no exact equivalent there and are written with the
/// parcours code only: `soins_medicaux_readaptation` (TRE_R274 splits SSR by specialty, 50-59,
/// differently from the 2022 SMR mentions), `medecine_nucleaire`, `greffes` (one code per
/// organ, 80-88), `soins_critiques` (15 is réanimation alone), `had` and
/// `radiologie_interventionnelle`.
pub(crate) const TRE_R274_ACTIVITIES: &[(&str, &str, &str)] = &[
    ("medecine", "01", "Médecine"),
    ("chirurgie", "02", "Chirurgie"),
    (
        "gynecologie_obstetrique",
        "03",
        "Gynécologie, obstétrique, néonatologie, réanimation néonatale",
    ),
    ("psychiatrie", "04", "Psychiatrie"),
    ("soins_longue_duree", "07", "Soins de longue durée"),
    ("grands_brules", "09", "Traitement des grands brûlés"),
    ("chirurgie_cardiaque", "10", "Chirurgie cardiaque"),
    (
        "cardiologie_interventionnelle",
        "11",
        "Activités interventionnelles sous imagerie méd, voie endovasculaire, cardio",
    ),
    ("neurochirurgie", "12", "Neurochirurgie"),
    (
        "neuroradiologie_interventionnelle",
        "13",
        "Activités interventionnelles sous imagerie méd, voie endovasculaire, neurorad",
    ),
    ("medecine_urgence", "14", "Médecine d'urgence"),
    (
        "insuffisance_renale_chronique",
        "16",
        "Traitement de l'insuffisance rénale chronique par épuration extrarénale",
    ),
    ("amp_diagnostic_prenatal", "17", "AMP DPN"),
    ("traitement_cancer", "18", "Traitement du cancer"),
    (
        "genetique",
        "19",
        "Exam carac géné d'une pers ou ident d'une pers par empreintes géné fins méd",
    ),
];

/// The part of a network that a FHIR bundle carries: what [`from_fhir_bundle`] gives back after
/// [`to_fhir_bundle`].
///
/// Kept: the network's id, name and description; locations (id, name, INSEE code,
/// coordinates); legal entities (id, name, FINESS EJ, SIREN, legal status); sites (id, name,
/// legal entity, kind, FINESS ET, category, location, validity); filières (id, name, levels with
/// their names); groupings (id, name, kind, legal personality, validity); memberships
/// (grouping, member, role, validity); capabilities (id, site, filière, level, activity,
/// modality, mentions, holder, validity). Validity keeps its dates, precision and status.
///
/// Dropped: sources, rules, shared services, tele-services, events, territories, catchments,
/// the entry policy, every `source` and `note`, figures, equipment, tags, grouping scopes and
/// the flag levels of filières.
pub fn fhir_facts(network: &Network) -> Network {
    let mut n = network.clone();
    n.sources.clear();
    n.rules.clear();
    n.shared_services.clear();
    n.tele_services.clear();
    n.events.clear();
    n.territories.clear();
    n.catchments.clear();
    n.entry = None;
    for l in &mut n.locations {
        l.source = None;
        l.note = None;
    }
    for e in &mut n.legal_entities {
        e.figures.clear();
        e.source = None;
        e.note = None;
    }
    for s in &mut n.sites {
        s.tags.clear();
        s.equipment.clear();
        s.figures.clear();
        s.source = None;
        s.note = None;
    }
    for f in &mut n.filieres {
        f.flag_levels.clear();
        f.source = None;
    }
    for g in &mut n.groupings {
        g.scope = crate::network::Scope::default();
        g.figures.clear();
        g.source = None;
        g.note = None;
    }
    for m in &mut n.memberships {
        m.source = None;
        m.note = None;
    }
    for c in &mut n.capabilities {
        c.source = None;
        c.note = None;
    }
    n
}

/// Percent-encodes everything but unreserved URL characters, for ids put in URLs.
pub(crate) fn encode(text: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// URL of the code system of a network's filières.
pub(crate) fn filiere_system(network_id: &str) -> String {
    format!("{BASE}/network/{}/CodeSystem/filiere", encode(network_id))
}

/// URL of the code system of the levels of one filière of a network.
pub(crate) fn level_system(network_id: &str, filiere_id: &str) -> String {
    format!(
        "{BASE}/network/{}/CodeSystem/level/{}",
        encode(network_id),
        encode(filiere_id)
    )
}

#[cfg(test)]
mod tests;
