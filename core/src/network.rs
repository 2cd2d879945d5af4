//! The network format: plain serde data, what network files hold.
//!
//! A [`Network`] lists the actors of a territory (legal entities, sites, locations), how they
//! cooperate (groupings and memberships), what each site can do (capabilities), how cases are
//! oriented (rules, filières and their levels), and what is pooled (shared services and
//! tele-services). Every dated fact has a [`Validity`]; every fact may cite a [`Source`].
//!
//! Identifiers live in one namespace per network: a site, a grouping and a rule cannot share an
//! id. That lets a membership name a site, a legal entity or a grouping alike, and lets an error
//! suggest the closest existing id.
//!
//! Load a network with [`Network::from_json_str`] or [`Network::from_toml_str`]; both check the
//! format and the references (see [`crate::Error`]).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::date::{Date, Validity};
pub use crate::territory::{Catchment, EntryPolicy, Territory};

/// Current version of the network format. Files may omit `format_version`; any other value is an
/// error.
pub const FORMAT_VERSION: u32 = 1;

fn default_format_version() -> u32 {
    FORMAT_VERSION
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
pub(crate) fn is_false(b: &bool) -> bool {
    !*b
}

/// A whole cooperation network, as stored in a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Network {
    /// Version of the format; only `1` exists.
    #[serde(default = "default_format_version")]
    pub format_version: u32,
    /// Stable identifier of the network (e.g. `sud-haut-marnais`).
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// What the network covers, in a sentence or two.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Documents the facts cite.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// Places: communes and site addresses with WGS84 coordinates.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<Location>,
    /// Legal entities (FINESS EJ).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub legal_entities: Vec<LegalEntity>,
    /// Geographic establishments (FINESS ET): where care happens.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sites: Vec<Site>,
    /// Care pathways with their ordered levels.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filieres: Vec<Filiere>,
    /// GHTs, GCSs, alliances, federations, networks and operator groups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groupings: Vec<Grouping>,
    /// Who belongs to which grouping, in which role, when.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub memberships: Vec<Membership>,
    /// What each site can handle: filière and level, with the authorisation behind it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capabilities: Vec<Capability>,
    /// How cases are oriented between partners.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Rule>,
    /// Pooled services (sterilisation, laboratory, pharmacy…) provided by one site to others.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shared_services: Vec<SharedService>,
    /// Telemedicine services (téléexpertise, téléconsultation…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tele_services: Vec<TeleService>,
    /// Dated events worth keeping (a steering committee installed, an ARS decision).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Event>,
    /// Territories: GHT territories, intervention zones, regions (sets of communes).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub territories: Vec<Territory>,
    /// Catchments: the communes a site serves first for some filières.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub catchments: Vec<Catchment>,
    /// How far a person may live from the network to enter it when no territory or catchment
    /// covers their commune; absent: such a person does not enter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<EntryPolicy>,
}

impl Default for Network {
    /// An empty network of the current format version.
    fn default() -> Self {
        Self {
            format_version: FORMAT_VERSION,
            id: String::new(),
            name: String::new(),
            description: None,
            sources: Vec::new(),
            locations: Vec::new(),
            legal_entities: Vec::new(),
            sites: Vec::new(),
            filieres: Vec::new(),
            groupings: Vec::new(),
            memberships: Vec::new(),
            capabilities: Vec::new(),
            rules: Vec::new(),
            shared_services: Vec::new(),
            tele_services: Vec::new(),
            events: Vec::new(),
            territories: Vec::new(),
            catchments: Vec::new(),
            entry: None,
        }
    }
}

/// A document that facts cite.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Identifier facts use in their `source` field.
    pub id: String,
    /// Where the document can be read.
    pub url: String,
    /// Title or short description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Publication date, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Date>,
}

/// A place with WGS84 coordinates: a commune or a site address.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// Identifier.
    pub id: String,
    /// Name of the place (commune name, address).
    pub name: String,
    /// INSEE commune code (5 characters, e.g. `52121`, `2A004`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insee: Option<String>,
    /// Latitude in degrees (WGS84), -90 to 90.
    pub lat: f64,
    /// Longitude in degrees (WGS84), -180 to 180.
    pub lon: f64,
    /// Where the coordinates come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Free note (e.g. "approximate: town centre").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Legal status of a legal entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum LegalStatus {
    /// Public establishment (CH, CHU, public EHPAD).
    Public,
    /// Private non-profit establishment of collective interest (e.g. Hôpital Foch, CLCC).
    Espic,
    /// Private for-profit (commercial clinics, e.g. Elsan).
    PrivateForProfit,
    /// Private non-profit not labelled ESPIC.
    PrivateNonProfit,
    /// Association (loi 1901), e.g. an SOS Médecins association.
    Association,
    /// Foundation.
    Foundation,
    /// Mutual insurer's establishment (e.g. MGEN).
    Mutual,
}

impl LegalStatus {
    /// Whether the entity is public (only public establishments can be GHT parties).
    pub fn is_public(self) -> bool {
        matches!(self, Self::Public)
    }
}

/// A legal entity (FINESS EJ), which runs one or more sites.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LegalEntity {
    /// Identifier.
    pub id: String,
    /// Name.
    pub name: String,
    /// FINESS number of the legal entity (EJ), 9 letters or digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finess_ej: Option<Finess>,
    /// SIREN number, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub siren: Option<String>,
    /// Legal status.
    pub legal_status: LegalStatus,
    /// Figures about the entity, each dated and sourced.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<Figure>,
    /// Source of the facts above.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Free note (data-quality remarks, ambiguities of the source).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A FINESS identifier: exactly 9 ASCII letters or digits (`^[A-Za-z0-9]{9}$`).
///
/// The 9-character pattern is enforced when loading. All-digit numbers usually end with a Luhn
/// key, but no official text states the algorithm and Corsican numbers start with `2A`/`2B`, so
/// a key mismatch is only a warning of the checks.
///
/// ```
/// use parcours::Finess;
/// assert!(Finess::new("210780581").is_ok());
/// assert!(Finess::new("21078058").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, JsonSchema)]
#[schemars(transparent)]
pub struct Finess(#[schemars(regex(pattern = r"^[A-Za-z0-9]{9}$"))] String);

/// Why a text is not a FINESS number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid FINESS `{0}`: a FINESS number is exactly 9 letters or digits")]
pub struct FinessError(pub String);

impl Finess {
    /// Validates and wraps a FINESS number.
    ///
    /// # Errors
    /// [`FinessError`] when the text is not exactly 9 ASCII letters or digits.
    pub fn new(text: &str) -> Result<Self, FinessError> {
        if text.len() == 9 && text.bytes().all(|b| b.is_ascii_alphanumeric()) {
            Ok(Self(text.to_owned()))
        } else {
            Err(FinessError(text.to_owned()))
        }
    }

    /// The number as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether an all-digit number passes the Luhn check; `None` when it has letters (Corsica).
    pub fn luhn_ok(&self) -> Option<bool> {
        luhn(&self.0)
    }
}

/// Whether an all-digit text (FINESS, SIREN) passes the Luhn check; `None` when it is empty or
/// has other characters.
pub(crate) fn luhn(text: &str) -> Option<bool> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = text
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    Some(sum % 10 == 0)
}

impl<'de> Deserialize<'de> for Finess {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Finess::new(&text).map_err(serde::de::Error::custom)
    }
}

/// What kind of structure a site is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SiteKind {
    /// University hospital (CHU / CHRU).
    Chu,
    /// General public hospital (CH), including hôpitaux de proximité.
    Hospital,
    /// Private clinic (medical, surgical or obstetric).
    Clinic,
    /// Cancer centre (CLCC).
    CancerCentre,
    /// Rehabilitation centre (SMR, ex-SSR).
    SmrCentre,
    /// Psychiatric hospital.
    PsychiatricHospital,
    /// Hospital at home (HAD).
    Had,
    /// Nursing home for dependent elderly people (EHPAD). Medico-social.
    Ehpad,
    /// Home-nursing service (SSIAD). Medico-social.
    Ssiad,
    /// Association of liberal doctors (e.g. an SOS Médecins association).
    GpAssociation,
    /// Health centre or multi-professional practice (maison médicale).
    HealthCentre,
    /// Training institute.
    Training,
    /// Anything else (describe it in `tags`).
    Other,
}

impl SiteKind {
    /// Whether sites of this kind are health establishments (établissements de santé) in law.
    /// EHPAD and SSIAD are medico-social; GP associations and health centres are ambulatory care.
    pub fn is_health_establishment(self) -> bool {
        matches!(
            self,
            Self::Chu
                | Self::Hospital
                | Self::Clinic
                | Self::CancerCentre
                | Self::SmrCentre
                | Self::PsychiatricHospital
                | Self::Had
        )
    }
}

/// A geographic establishment (FINESS ET): where patients are handled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Site {
    /// Identifier.
    pub id: String,
    /// Name.
    pub name: String,
    /// The legal entity that runs the site.
    pub legal_entity: String,
    /// What kind of structure it is.
    pub kind: SiteKind,
    /// FINESS number of the establishment (ET), 9 letters or digits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finess_et: Option<Finess>,
    /// Category code of the NOS table TRE_R66 (e.g. `101` CHR, `128` surgical clinic).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Where the site is.
    pub location: String,
    /// Labels (`hopital_de_proximite`, `espic`, `sleep_centre`…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Notable equipment (surgical robot, MRI-ultrasound fusion), dated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub equipment: Vec<Equipment>,
    /// Figures (beds, catchment population…), each dated and sourced. Unknown figures are absent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<Figure>,
    /// When the site exists (opening, closure).
    #[serde(default, skip_serializing_if = "is_default_validity")]
    pub validity: Validity,
    /// Source of the facts above.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Free note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

pub(crate) fn is_default_validity(v: &Validity) -> bool {
    *v == Validity::default()
}

/// A piece of equipment at a site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Equipment {
    /// What it is (`surgical_robot`, `mri`, `mri_ultrasound_fusion`…).
    pub kind: String,
    /// Description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// When it is in service.
    #[serde(default, skip_serializing_if = "is_default_validity")]
    pub validity: Validity,
    /// Source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A number reported by a source (beds, staff, admissions…). A figure the source does not give
/// is left out, never written as zero.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    /// What is counted (`beds`, `surgery_beds`, `staff`, `births_per_year`…).
    pub name: String,
    /// The value.
    pub value: f64,
    /// Unit, when not a plain count (`km`, `eur`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Date the figure describes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<Date>,
    /// Source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A care pathway (filière) with its levels, lowest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Filiere {
    /// Identifier (`chirurgie`, `maternite`, `urgences`…).
    pub id: String,
    /// Name.
    pub name: String,
    /// Levels in increasing order of specialisation, e.g. `proximite`, `reference`, `recours`
    /// or a filière's own scale such as maternity `1`, `2A`, `2B`, `3`. A site able to handle a
    /// level handles every lower level too.
    pub levels: Vec<Level>,
    /// Clinical flags that imply a level: a case carrying the flag needs at least that level
    /// (e.g. `most_acute` -> `recours`).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub flag_levels: std::collections::BTreeMap<String, String>,
    /// Source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// One level of a filière.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// Identifier, unique within the filière (`proximite`, `2B`…).
    pub id: String,
    /// Name, when the id is not enough.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// Kind of grouping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum GroupingKind {
    /// Groupement hospitalier de territoire (no legal personality; one support; parties public).
    Ght,
    /// GCS de moyens: pools means (logistics, medico-technical services, staff).
    GcsMoyens,
    /// GCS érigé en établissement de santé: holds care-activity authorisations.
    GcsEs,
    /// Convention or alliance without legal personality.
    AllianceConvention,
    /// Federation of associations.
    Federation,
    /// Cancer coordination network (3C, regional network).
    CancerNetwork,
    /// Network of a filière (perinatal network, stroke network…).
    FiliereNetwork,
    /// Owner or operator group (Elsan, Groupe SOS, MGEN): ownership, not cooperation.
    OperatorGroup,
}

impl GroupingKind {
    /// Whether the grouping is a GCS (groupement de coopération sanitaire) of any kind.
    pub fn is_gcs(self) -> bool {
        matches!(self, Self::GcsMoyens | Self::GcsEs)
    }
}

/// A grouping of actors: GHT, GCS, alliance, federation, network or operator group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Grouping {
    /// Identifier.
    pub id: String,
    /// Name.
    pub name: String,
    /// Kind.
    pub kind: GroupingKind,
    /// Whether the grouping is a legal person (a GCS is; a GHT or a convention is not).
    #[serde(default)]
    pub legal_personality: bool,
    /// What the grouping covers.
    #[serde(default, skip_serializing_if = "Scope::is_empty")]
    pub scope: Scope,
    /// When it exists.
    #[serde(default, skip_serializing_if = "is_default_validity")]
    pub validity: Validity,
    /// Figures about the grouping, each dated and sourced.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<Figure>,
    /// Source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Free note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What a grouping covers: filières it organises, activities and programmes it pools.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// Filières the grouping organises (ids of [`Filiere`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filieres: Vec<String>,
    /// Programmes or pooled functions, in words (`logistics`, `sterilisation`, `dim`…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub programmes: Vec<String>,
}

impl Scope {
    /// Whether nothing is listed.
    pub fn is_empty(&self) -> bool {
        self.filieres.is_empty() && self.programmes.is_empty()
    }
}

/// Role of a member in a grouping.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Role {
    /// GHT établissement support (also a party).
    Support,
    /// GHT établissement partie.
    Party,
    /// Partner (private clinics in a GHT, partners of a convention).
    Partner,
    /// CHU associated with a GHT by convention.
    AssociatedChu,
    /// Army hospital associated with a GHT.
    AssociatedArmy,
    /// Founding member of a GCS, alliance or federation.
    FoundingMember,
    /// Member.
    Member,
    /// Operator or administrator of the grouping.
    Operator,
    /// Beneficiary of the grouping's services without being a member.
    Beneficiary,
}

/// `member` belongs to `grouping` in `role` during `validity`.
///
/// The member is a site, a legal entity (meaning all its sites) or a grouping (meaning all its
/// members, transitively: the CRRC GCS is itself a member of the HPSM GCS).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Membership {
    /// The grouping.
    pub grouping: String,
    /// The member: a site, legal entity or grouping id.
    pub member: String,
    /// The member's role.
    pub role: Role,
    /// When the membership holds.
    #[serde(default, skip_serializing_if = "is_default_validity")]
    pub validity: Validity,
    /// Source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Free note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Care activities subject to authorisation (article R6122-25 of the public health code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
#[allow(missing_docs)] // The names are the legal list, one to one.
pub enum Activity {
    Medecine,
    Chirurgie,
    GynecologieObstetrique,
    Psychiatrie,
    SoinsMedicauxReadaptation,
    MedecineNucleaire,
    SoinsLongueDuree,
    Greffes,
    GrandsBrules,
    ChirurgieCardiaque,
    CardiologieInterventionnelle,
    Neurochirurgie,
    NeuroradiologieInterventionnelle,
    MedecineUrgence,
    SoinsCritiques,
    InsuffisanceRenaleChronique,
    AmpDiagnosticPrenatal,
    TraitementCancer,
    Genetique,
    Had,
    RadiologieInterventionnelle,
}

/// A site can handle cases of `filiere` up to `level`, during `validity`.
///
/// When the capability rests on an authorisation, `activity`, `modality` and `mentions` record
/// it; `holder` names a GCS établissement de santé when the GCS, not the site's legal entity,
/// holds the authorisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Capability {
    /// Identifier, optional; useful to cite it in traces and what-if changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The site.
    pub site: String,
    /// The filière.
    pub filiere: String,
    /// Highest level handled (lower levels are handled too).
    pub level: String,
    /// Authorised activity behind the capability.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity: Option<Activity>,
    /// Modality of the authorisation (`adulte`, `pediatrique`, `chirurgie_oncologique`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modality: Option<String>,
    /// Mentions of the authorisation (`A1`, `B2`, `geriatrie`…).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mentions: Vec<String>,
    /// GCS établissement de santé holding the authorisation, when not the site's legal entity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<String>,
    /// When the capability holds.
    #[serde(default, skip_serializing_if = "is_default_validity")]
    pub validity: Validity,
    /// Source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Free note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// How binding a rule is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Strength {
    /// Decides: the first applicable mandatory rule with a qualifying target wins.
    Mandatory,
    /// Ranks candidates but never blocks another qualifying one ("fluid, not imposed").
    Preferred,
    /// Applies only when nothing else qualified.
    Fallback,
}

/// What kind of step of a pathway a rule (or the engine) takes.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Step {
    /// The origin site handles the case itself.
    Local,
    /// A partner in a cooperation (a GCS member, a convention partner).
    Partner,
    /// A preferred pathway of an alliance.
    PreferredPathway,
    /// Recourse (escalation) to a more specialised level, typically the GHT support or the CHU.
    Recourse,
    /// A tele-service first, avoiding a transfer.
    TeleService,
    /// The patient's choice of site.
    PatientChoice,
    /// Any qualifying site, when no rule qualified.
    Fallback,
    /// First-line care at the entry site of a person who comes from where they live (a
    /// commune, a postal code, a point): never `local`, since the person travels to it.
    FirstLine,
}

/// A routing rule: for cases matching `filieres`, `origin` and `when`, send them to `target`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Identifier, cited in traces and diagnostics.
    pub id: String,
    /// Short description, readable by a planner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Filières the rule applies to; empty means all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filieres: Vec<String>,
    /// Which origins the rule applies to; empty means any.
    #[serde(default, skip_serializing_if = "OriginSelector::is_empty")]
    pub origin: OriginSelector,
    /// Conditions on the case.
    #[serde(default, skip_serializing_if = "Conditions::is_empty")]
    pub when: Conditions,
    /// Where the rule sends the case.
    pub target: Target,
    /// How binding the rule is.
    pub strength: Strength,
    /// What kind of step the rule is (shown in decisions).
    pub step: Step,
    /// Higher priority is tried first among rules of the same strength; default 0.
    #[serde(default)]
    pub priority: i32,
    /// Targets farther than this from the origin do not qualify (e.g. the 80 km of the Sud
    /// Haut-Marnais surgery GCS).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_distance_km: Option<f64>,
    /// When the rule holds.
    #[serde(default, skip_serializing_if = "is_default_validity")]
    pub validity: Validity,
    /// Source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Free note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Which origins a rule applies to. Every listed criterion must hold; an empty selector matches
/// every origin.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OriginSelector {
    /// The origin site must be a member of this grouping at the case date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_of: Option<String>,
    /// With `member_of`: the origin's role must be one of these; empty means any role.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<Role>,
    /// The origin must be one of these sites or locations.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub origins: Vec<String>,
    /// The origin site must be of one of these kinds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub site_kinds: Vec<SiteKind>,
}

impl OriginSelector {
    /// Whether nothing is listed.
    pub fn is_empty(&self) -> bool {
        self.member_of.is_none()
            && self.roles.is_empty()
            && self.origins.is_empty()
            && self.site_kinds.is_empty()
    }
}

/// Conditions on the case. Every listed condition must hold.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Conditions {
    /// The level needed must be at least this level of the filière.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level_at_least: Option<String>,
    /// The level needed must be at most this level of the filière.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level_at_most: Option<String>,
    /// Minimum patient age in years (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_min: Option<u16>,
    /// Maximum patient age in years (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_max: Option<u16>,
    /// The patient lives (or does not live) in an EHPAD.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ehpad_resident: Option<bool>,
    /// The case is (or is not) time-critical.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_critical: Option<bool>,
    /// Clinical flags the case must carry (e.g. `most_acute`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub flags: Vec<String>,
}

impl Conditions {
    /// Whether no condition is listed.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// Where a rule sends a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum Target {
    /// A named site.
    Site(String),
    /// The sites of the members holding a role in a named grouping ("support of GHT 21-52").
    GroupingRole {
        /// The grouping.
        grouping: String,
        /// The role.
        role: Role,
    },
    /// The sites of the members holding a role in the grouping of a kind that the origin belongs
    /// to ("the support of the origin's GHT").
    OriginGroupingRole {
        /// Kind of the origin's grouping.
        kind: GroupingKind,
        /// The role.
        role: Role,
    },
    /// Any member site of a grouping, whatever its role.
    GroupingMembers(String),
    /// Any site of the network with the capability.
    AnyCapable,
    /// A tele-service, tried before any physical transfer.
    TeleService(String),
}

/// Kind of pooled service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
#[allow(missing_docs)] // The names say it.
pub enum ServiceKind {
    Sterilisation,
    Laboratory,
    /// Pharmacie à usage intérieur.
    Pui,
    HygieneTeam,
    /// Data protection officer.
    Dpo,
    /// Information system.
    InformationSystem,
    /// Département d'information médicale.
    Dim,
    Purchasing,
    Training,
    SharedMedicalTime,
    Imaging,
    Logistics,
}

/// A service one site provides to beneficiaries, usually through a grouping (the legal vehicle).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SharedService {
    /// Identifier.
    pub id: String,
    /// Kind of service.
    pub kind: ServiceKind,
    /// Site that provides it.
    pub provider: String,
    /// Who benefits: sites, legal entities or groupings (meaning their members).
    pub beneficiaries: Vec<String>,
    /// Grouping through which the service is provided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vehicle: Option<String>,
    /// When it holds.
    #[serde(default, skip_serializing_if = "is_default_validity")]
    pub validity: Validity,
    /// Source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Free note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The five telemedicine acts (article R6316-1 of the public health code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
#[allow(missing_docs)]
pub enum TeleAct {
    Teleconsultation,
    Teleexpertise,
    Telesurveillance,
    Teleassistance,
    MedicalRegulation,
}

/// Why a tele-service exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TelePurpose {
    /// Avoid a physical transfer (EHPAD residents to the emergency department).
    AvoidTransfer,
    /// Specialist advice.
    Advice,
    /// Access to a doctor from anywhere.
    Access,
}

/// A telemedicine service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TeleService {
    /// Identifier.
    pub id: String,
    /// Name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Telemedicine act.
    pub act: TeleAct,
    /// Site that provides it (e.g. Hôpital Foch emergency department).
    pub provider: String,
    /// Who may request it: sites, legal entities or groupings; empty with `national` means anyone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requesters: Vec<String>,
    /// Whether anyone in France may use it (e.g. SOS Médecins 3624 teleconsultation).
    #[serde(default, skip_serializing_if = "is_false")]
    pub national: bool,
    /// Filières it serves; empty means all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub filieres: Vec<String>,
    /// Access channel (a phone number such as `3624`, a platform name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// Why it exists.
    pub purpose: TelePurpose,
    /// Opening hours, in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<String>,
    /// When it holds.
    #[serde(default, skip_serializing_if = "is_default_validity")]
    pub validity: Validity,
    /// Source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Free note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A dated event (governance, decision) kept for the record; it does not affect routing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Identifier.
    pub id: String,
    /// When it happened.
    pub date: Date,
    /// What happened.
    pub description: String,
    /// Ids of the entities concerned.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub concerns: Vec<String>,
    /// Source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}
