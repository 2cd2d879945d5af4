//! Entities with every optional field empty, so that each generator states only what it
//! chooses (`Site { validity, ..build::site(…) }`) and a field added to the format is
//! defaulted in one place, not in every generator.

use parcours::{
    Capability, Grouping, GroupingKind, LegalEntity, LegalStatus, Location, Membership, Role,
    Scope, Site, SiteKind, Validity,
};

/// A location without INSEE code, source or note.
pub fn location(id: impl Into<String>, name: impl Into<String>, lat: f64, lon: f64) -> Location {
    Location {
        id: id.into(),
        name: name.into(),
        insee: None,
        lat,
        lon,
        source: None,
        note: None,
    }
}

/// A legal entity without FINESS, SIREN, figures, source or note.
pub fn legal_entity(
    id: impl Into<String>,
    name: impl Into<String>,
    legal_status: LegalStatus,
) -> LegalEntity {
    LegalEntity {
        id: id.into(),
        name: name.into(),
        finess_ej: None,
        siren: None,
        legal_status,
        figures: Vec::new(),
        source: None,
        note: None,
    }
}

/// A site valid forever, without FINESS, category, tags, equipment, figures, source or note.
pub fn site(
    id: impl Into<String>,
    name: impl Into<String>,
    legal_entity: impl Into<String>,
    kind: SiteKind,
    location: impl Into<String>,
) -> Site {
    Site {
        id: id.into(),
        name: name.into(),
        legal_entity: legal_entity.into(),
        kind,
        finess_et: None,
        category: None,
        location: location.into(),
        tags: Vec::new(),
        equipment: Vec::new(),
        figures: Vec::new(),
        validity: Validity::default(),
        source: None,
        note: None,
    }
}

/// A grouping without legal personality, of the default scope, valid forever.
pub fn grouping(id: impl Into<String>, name: impl Into<String>, kind: GroupingKind) -> Grouping {
    Grouping {
        id: id.into(),
        name: name.into(),
        kind,
        legal_personality: false,
        scope: Scope::default(),
        validity: Validity::default(),
        figures: Vec::new(),
        source: None,
        note: None,
    }
}

/// A membership without source or note.
pub fn membership(
    grouping: impl Into<String>,
    member: impl Into<String>,
    role: Role,
    validity: Validity,
) -> Membership {
    Membership {
        grouping: grouping.into(),
        member: member.into(),
        role,
        validity,
        source: None,
        note: None,
    }
}

/// A capability valid forever, without id, activity, modality, mentions, holder, source or note.
pub fn capability(
    site: impl Into<String>,
    filiere: impl Into<String>,
    level: impl Into<String>,
) -> Capability {
    Capability {
        id: None,
        site: site.into(),
        filiere: filiere.into(),
        level: level.into(),
        activity: None,
        modality: None,
        mentions: Vec::new(),
        holder: None,
        validity: Validity::default(),
        source: None,
        note: None,
    }
}
