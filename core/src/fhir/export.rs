//! Network -> FHIR R4 Bundle.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::url::{
    CS_ACTIVITY, CS_GROUPING_KIND, CS_IDENTIFIER_TYPE, CS_LEGAL_STATUS, CS_LIST_KIND, CS_MENTION,
    CS_MODALITY, CS_ORGANIZATION_TYPE, CS_ROLE, CS_SITE_KIND, EXT_HOLDER, EXT_INSEE,
    EXT_LEGAL_PERSONALITY, EXT_ORGANIZATION_PERIOD, EXT_PRECISION, EXT_SAE, EXT_STATUS,
    EXT_VALIDITY, FINESS, PROFILE_ETABLISSEMENT, PROFILE_HEALTHCARE_SERVICE, PROFILE_LOCATION,
    PROFILE_ORGANIZATION, PROP_LEVELS, SIREN, TRE_R13, TRE_R66, TRE_R274,
};
use super::{
    BASE, ID_SYSTEM, NETWORK_SYSTEM, SAE_CATEGORIES, TRE_R274_ACTIVITIES, encode, filiere_system,
    level_system,
};
use crate::date::{Date, Precision, Status, Validity};
use crate::network::{GroupingKind, Network};

/// Writes a network as a FHIR R4 `Bundle` of type `collection` (see the [module](super) docs
/// and `docs/fhir.md` for the mapping).
///
/// The output is deterministic: the same network gives the same JSON, resources in the order of
/// the network's lists, with ids made from their position (`ej-1`, `et-2`, `loc-3`…); each
/// entity's parcours id is kept as an identifier of type `INTRN` in the [`ID_SYSTEM`] system.
///
/// ```
/// let net = parcours::Network::from_json_str(r#"{"id": "n", "name": "Empty"}"#).unwrap();
/// let bundle = parcours::fhir::to_fhir_bundle(&net);
/// assert_eq!(bundle["type"], "collection");
/// assert_eq!(bundle["identifier"]["value"], "n");
/// ```
pub fn to_fhir_bundle(network: &Network) -> Value {
    Exporter::new(network).bundle()
}

struct Exporter<'n> {
    net: &'n Network,
    /// Sites (index, site) at each location id, in the network's order.
    sites_at: HashMap<&'n str, Vec<(usize, &'n str)>>,
    /// Site names and filières by id.
    site_names: HashMap<&'n str, &'n str>,
    filieres: HashMap<&'n str, &'n crate::network::Filiere>,
    /// parcours id of a legal entity, site or grouping -> `Organization/<id>`.
    orgs: HashMap<&'n str, String>,
    /// site id -> `Location/<id>` of its place.
    site_locations: HashMap<&'n str, String>,
    entries: Vec<Value>,
    base: String,
}

fn code_of<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}

fn coding(system: &str, code: &str, display: Option<&str>) -> Value {
    let mut c = Map::new();
    c.insert("system".into(), system.into());
    c.insert("code".into(), code.into());
    if let Some(d) = display {
        c.insert("display".into(), d.into());
    }
    Value::Object(c)
}

fn concept(codings: Vec<Value>) -> Value {
    let mut c = Map::new();
    c.insert("coding".into(), Value::Array(codings));
    Value::Object(c)
}

/// Sets a member of a JSON object (nothing for other values).
fn set(object: &mut Value, key: &str, value: Value) {
    if let Value::Object(m) = object {
        m.insert(key.into(), value);
    }
}

fn reference(to: &str) -> Value {
    json!({ "reference": to })
}

fn parcours_identifier(id: &str) -> Value {
    json!({
        "use": "secondary",
        "type": concept(vec![coding(CS_IDENTIFIER_TYPE, "INTRN", Some("Identifiant interne"))]),
        "system": ID_SYSTEM,
        "value": id,
    })
}

/// A date written as precisely as `precision` says, when that loses nothing (`2017-09` for
/// the first of a month of month precision); otherwise the full day.
fn date_text(date: Date, precision: Precision) -> (String, bool) {
    match precision {
        Precision::Month if date.day() == 1 => {
            (format!("{:04}-{:02}", date.year(), date.month()), true)
        }
        Precision::Year if date.day() == 1 && date.month() == 1 => {
            (format!("{:04}", date.year()), true)
        }
        Precision::Day => (date.to_string(), true),
        _ => (date.to_string(), false),
    }
}

/// A validity as a FHIR `Period`, or `None` for the default validity (always, active).
pub(crate) fn period(v: &Validity) -> Option<Value> {
    if *v == Validity::default() {
        return None;
    }
    let mut p = Map::new();
    let mut precision_shown = true;
    let mut extensions = Vec::new();
    for (key, date) in [("start", v.from), ("end", v.to)] {
        if let Some(d) = date {
            let (text, exact) = date_text(d, v.precision);
            precision_shown &= exact;
            p.insert(key.into(), text.into());
        }
    }
    if v.from.is_none() && v.to.is_none() && v.precision != Precision::Day {
        precision_shown = false;
    }
    if !precision_shown {
        extensions.push(json!({ "url": EXT_PRECISION, "valueCode": code_of(&v.precision) }));
    }
    if v.status != Status::Active {
        extensions.push(json!({ "url": EXT_STATUS, "valueCode": code_of(&v.status) }));
    }
    if !extensions.is_empty() {
        p.insert("extension".into(), Value::Array(extensions));
    }
    Some(Value::Object(p))
}

impl<'n> Exporter<'n> {
    fn new(net: &'n Network) -> Self {
        let mut sites_at: HashMap<&str, Vec<(usize, &str)>> = HashMap::new();
        for (i, s) in net.sites.iter().enumerate() {
            sites_at
                .entry(s.location.as_str())
                .or_default()
                .push((i, s.id.as_str()));
        }
        Self {
            net,
            sites_at,
            site_names: net
                .sites
                .iter()
                .map(|s| (s.id.as_str(), s.name.as_str()))
                .collect(),
            filieres: net.filieres.iter().map(|f| (f.id.as_str(), f)).collect(),
            orgs: HashMap::new(),
            site_locations: HashMap::new(),
            entries: Vec::new(),
            base: format!("{BASE}/network/{}", encode(&net.id)),
        }
    }

    fn push(&mut self, resource: Value) {
        let text = |key: &str| {
            resource
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
        };
        let full_url = format!("{}/{}/{}", self.base, text("resourceType"), text("id"));
        let mut entry = Map::new();
        entry.insert("fullUrl".into(), full_url.into());
        entry.insert("resource".into(), resource);
        self.entries.push(Value::Object(entry));
    }

    fn bundle(mut self) -> Value {
        let net = self.net;
        for (i, e) in net.legal_entities.iter().enumerate() {
            self.orgs
                .insert(&e.id, format!("Organization/ej-{}", i + 1));
        }
        for (i, s) in net.sites.iter().enumerate() {
            self.orgs
                .insert(&s.id, format!("Organization/et-{}", i + 1));
        }
        for (i, g) in net.groupings.iter().enumerate() {
            self.orgs
                .insert(&g.id, format!("Organization/grp-{}", i + 1));
        }
        self.list();
        self.filieres();
        self.legal_entities();
        self.sites();
        self.locations();
        self.groupings();
        self.memberships();
        self.capabilities();
        json!({
            "resourceType": "Bundle",
            "meta": { "tag": [coding(CS_LIST_KIND, "parcours-network", Some("parcours network export"))] },
            "identifier": { "system": NETWORK_SYSTEM, "value": net.id },
            "type": "collection",
            "entry": self.entries,
        })
    }

    /// The network itself: a `List` of its organisations, with its name and description.
    fn list(&mut self) {
        let net = self.net;
        let mut entries = Vec::new();
        for id in net
            .legal_entities
            .iter()
            .map(|e| &e.id)
            .chain(net.sites.iter().map(|s| &s.id))
            .chain(net.groupings.iter().map(|g| &g.id))
        {
            if let Some(r) = self.orgs.get(id.as_str()) {
                entries.push(json!({ "item": reference(r) }));
            }
        }
        let mut list = json!({
            "resourceType": "List",
            "id": "network",
            "identifier": [{ "system": NETWORK_SYSTEM, "value": net.id }],
            "status": "current",
            "mode": "snapshot",
            "title": net.name,
            "code": concept(vec![coding(CS_LIST_KIND, "network", Some("cooperation network"))]),
        });
        if let Some(d) = &net.description {
            set(&mut list, "note", json!([{ "text": d }]));
        }
        if !entries.is_empty() {
            set(&mut list, "entry", Value::Array(entries));
        }
        self.push(list);
    }

    /// The filières: one code system listing them, one per filière listing its levels in order.
    fn filieres(&mut self) {
        let net = self.net;
        if net.filieres.is_empty() {
            return;
        }
        let mut concepts = Vec::new();
        for (i, f) in net.filieres.iter().enumerate() {
            let levels_url = level_system(&net.id, &f.id);
            concepts.push(json!({
                "code": f.id,
                "display": f.name,
                "property": [{ "code": PROP_LEVELS, "valueString": levels_url }],
            }));
            let levels: Vec<Value> = f
                .levels
                .iter()
                .map(|l| {
                    let mut c = json!({ "code": l.id });
                    if let Some(n) = &l.name {
                        set(&mut c, "display", n.as_str().into());
                    }
                    c
                })
                .collect();
            self.push(json!({
                "resourceType": "CodeSystem",
                "id": format!("levels-{}", i + 1),
                "url": levels_url,
                "name": format!("ParcoursLevels{}", i + 1),
                "title": format!("Levels of the filière {} in network {}, lowest first (parcours local codes)", f.name, net.id),
                "status": "active",
                "caseSensitive": true,
                "hierarchyMeaning": "is-a",
                "content": "complete",
                "concept": levels,
            }));
        }
        self.push(json!({
            "resourceType": "CodeSystem",
            "id": "filieres",
            "url": filiere_system(&net.id),
            "name": "ParcoursFilieres",
            "title": format!("Filières of network {} (parcours local codes)", net.id),
            "status": "active",
            "caseSensitive": true,
            "content": "complete",
            "property": [{
                "code": PROP_LEVELS,
                "description": "URL of the code system of the filière's levels, lowest first",
                "type": "string",
            }],
            "concept": concepts,
        }));
    }

    fn legal_entities(&mut self) {
        for (i, e) in self.net.legal_entities.iter().enumerate() {
            let mut identifiers = Vec::new();
            if let Some(f) = &e.finess_ej {
                identifiers.push(json!({
                    "use": "official",
                    "type": concept(vec![coding(CS_IDENTIFIER_TYPE, "FINEJ", Some("FINESS d'entité juridique"))]),
                    "system": FINESS,
                    "value": f.as_str(),
                }));
            }
            if let Some(s) = &e.siren {
                identifiers.push(json!({
                    "use": "official",
                    "type": concept(vec![coding(CS_IDENTIFIER_TYPE, "SIREN", Some("Identification de l'organisation au SIREN"))]),
                    "system": SIREN,
                    "value": s,
                }));
            }
            identifiers.push(parcours_identifier(&e.id));
            self.push(json!({
                "resourceType": "Organization",
                "id": format!("ej-{}", i + 1),
                "meta": { "profile": [PROFILE_ETABLISSEMENT] },
                "identifier": identifiers,
                "type": [
                    concept(vec![coding(CS_ORGANIZATION_TYPE, "LEGAL-ENTITY", Some("Entité légale"))]),
                    concept(vec![coding(CS_LEGAL_STATUS, &code_of(&e.legal_status), None)]),
                ],
                "name": e.name,
            }));
        }
    }

    fn sites(&mut self) {
        let net = self.net;
        for (i, s) in net.sites.iter().enumerate() {
            let mut identifiers = Vec::new();
            if let Some(f) = &s.finess_et {
                identifiers.push(json!({
                    "use": "official",
                    "type": concept(vec![coding(CS_IDENTIFIER_TYPE, "FINEG", Some("FINESS d'entité géographique"))]),
                    "system": FINESS,
                    "value": f.as_str(),
                }));
            }
            identifiers.push(parcours_identifier(&s.id));
            let mut types = vec![
                concept(vec![coding(
                    CS_ORGANIZATION_TYPE,
                    "GEOGRAPHICAL-ENTITY",
                    Some("Entité géographique"),
                )]),
                concept(vec![coding(CS_SITE_KIND, &code_of(&s.kind), None)]),
            ];
            let mut extensions = Vec::new();
            if let Some(c) = &s.category {
                let category = concept(vec![coding(TRE_R66, c, None)]);
                if SAE_CATEGORIES.contains(&c.as_str()) {
                    extensions.push(json!({ "url": EXT_SAE, "valueCodeableConcept": category }));
                }
                types.push(category);
            }
            if let Some(p) = period(&s.validity) {
                extensions.push(json!({ "url": EXT_ORGANIZATION_PERIOD, "valuePeriod": p }));
            }
            let mut org = json!({
                "resourceType": "Organization",
                "id": format!("et-{}", i + 1),
                "meta": { "profile": [PROFILE_ETABLISSEMENT] },
                "identifier": identifiers,
                "type": types,
                "name": s.name,
            });
            if !extensions.is_empty() {
                set(&mut org, "extension", Value::Array(extensions));
            }
            if let Some(r) = self.orgs.get(s.legal_entity.as_str()) {
                set(&mut org, "partOf", reference(r));
            }
            self.push(org);
        }
    }

    /// One `Location` per site (the site's place, managed by it) and one per location no site
    /// uses, in the order of the network's locations: two sites in one parcours location give
    /// two `Location`s with the same parcours identifier.
    fn locations(&mut self) {
        let net = self.net;
        let mut n = 0;
        for l in &net.locations {
            let managers = self
                .sites_at
                .get(l.id.as_str())
                .cloned()
                .unwrap_or_default();
            let mut emit = |manager: Option<(usize, &'n str)>, this: &mut Self| {
                n += 1;
                let id = format!("loc-{n}");
                let mut loc = json!({
                    "resourceType": "Location",
                    "id": id,
                    "meta": { "profile": [PROFILE_LOCATION] },
                    "identifier": [parcours_identifier(&l.id)],
                    "name": l.name,
                    "mode": "instance",
                    "position": { "longitude": l.lon, "latitude": l.lat },
                });
                if let Some(insee) = &l.insee {
                    set(
                        &mut loc,
                        "address",
                        json!({
                            "extension": [{ "url": EXT_INSEE, "valueCoding": coding(TRE_R13, insee, None) }],
                        }),
                    );
                }
                if let Some((i, site)) = manager {
                    set(
                        &mut loc,
                        "managingOrganization",
                        reference(&format!("Organization/et-{}", i + 1)),
                    );
                    this.site_locations.insert(site, format!("Location/{id}"));
                }
                this.push(loc);
            };
            if managers.is_empty() {
                emit(None, self);
            }
            for m in managers {
                emit(Some(m), self);
            }
        }
    }

    fn groupings(&mut self) {
        for (i, g) in self.net.groupings.iter().enumerate() {
            let kind = code_of(&g.kind);
            let mut codings = Vec::new();
            match g.kind {
                GroupingKind::Ght => codings.push(coding(
                    CS_ORGANIZATION_TYPE,
                    "GHT",
                    Some("Groupement hospitalier de territoire"),
                )),
                GroupingKind::OperatorGroup => codings.push(coding(
                    CS_ORGANIZATION_TYPE,
                    "GROUP",
                    Some("Groupe privé/hospitalier"),
                )),
                _ => {}
            }
            codings.push(coding(CS_GROUPING_KIND, &kind, None));
            let mut extensions =
                vec![json!({ "url": EXT_LEGAL_PERSONALITY, "valueBoolean": g.legal_personality })];
            if let Some(p) = period(&g.validity) {
                extensions.push(json!({ "url": EXT_ORGANIZATION_PERIOD, "valuePeriod": p }));
            }
            self.push(json!({
                "resourceType": "Organization",
                "id": format!("grp-{}", i + 1),
                "meta": { "profile": [PROFILE_ORGANIZATION] },
                "extension": extensions,
                "identifier": [parcours_identifier(&g.id)],
                "type": [concept(codings)],
                "name": g.name,
            }));
        }
    }

    fn memberships(&mut self) {
        for (i, m) in self.net.memberships.iter().enumerate() {
            let mut aff = json!({
                "resourceType": "OrganizationAffiliation",
                "id": format!("aff-{}", i + 1),
                "code": [concept(vec![coding(CS_ROLE, &code_of(&m.role), None)])],
            });
            if let Some(r) = self.orgs.get(m.grouping.as_str()) {
                set(&mut aff, "organization", reference(r));
            }
            if let Some(r) = self.orgs.get(m.member.as_str()) {
                set(&mut aff, "participatingOrganization", reference(r));
            }
            if let Some(p) = period(&m.validity) {
                set(&mut aff, "period", p);
            }
            self.push(aff);
        }
    }

    fn capabilities(&mut self) {
        let net = self.net;
        for (i, c) in net.capabilities.iter().enumerate() {
            let filiere = self.filieres.get(c.filiere.as_str()).copied();
            let level = filiere.and_then(|f| f.levels.iter().find(|l| l.id == c.level));
            let mut hs = json!({
                "resourceType": "HealthcareService",
                "id": format!("hs-{}", i + 1),
                "meta": { "profile": [PROFILE_HEALTHCARE_SERVICE] },
                "category": [concept(vec![coding(
                    &filiere_system(&net.id),
                    &c.filiere,
                    filiere.map(|f| f.name.as_str()),
                )])],
            });
            if let Some(id) = &c.id {
                set(&mut hs, "identifier", json!([parcours_identifier(id)]));
            }
            if let Some(r) = self.orgs.get(c.site.as_str()) {
                set(&mut hs, "providedBy", reference(r));
            }
            if let Some(r) = self.site_locations.get(c.site.as_str()) {
                set(&mut hs, "location", json!([reference(r)]));
            }
            if let Some(a) = c.activity {
                let code = code_of(&a);
                let mut codings = Vec::new();
                if let Some((_, tre, display)) =
                    TRE_R274_ACTIVITIES.iter().find(|(p, _, _)| *p == code)
                {
                    codings.push(coding(TRE_R274, tre, Some(display)));
                }
                codings.push(coding(CS_ACTIVITY, &code, None));
                set(&mut hs, "type", json!([concept(codings)]));
            }
            let mut characteristics = vec![concept(vec![coding(
                &level_system(&net.id, &c.filiere),
                &c.level,
                level.and_then(|l| l.name.as_deref()),
            )])];
            if let Some(m) = &c.modality {
                characteristics.push(concept(vec![coding(CS_MODALITY, m, None)]));
            }
            for m in &c.mentions {
                characteristics.push(concept(vec![coding(CS_MENTION, m, None)]));
            }
            set(&mut hs, "characteristic", Value::Array(characteristics));
            let mut extensions = Vec::new();
            if let Some(p) = period(&c.validity) {
                extensions.push(json!({ "url": EXT_VALIDITY, "valuePeriod": p }));
            }
            if let Some(r) = c.holder.as_deref().and_then(|h| self.orgs.get(h)) {
                extensions.push(json!({ "url": EXT_HOLDER, "valueReference": reference(r) }));
            }
            if !extensions.is_empty() {
                set(&mut hs, "extension", Value::Array(extensions));
            }
            let site_name = self
                .site_names
                .get(c.site.as_str())
                .copied()
                .unwrap_or(c.site.as_str());
            set(
                &mut hs,
                "name",
                format!(
                    "{site_name}: {} ({})",
                    filiere.map_or(c.filiere.as_str(), |f| f.name.as_str()),
                    c.level
                )
                .into(),
            );
            self.push(hs);
        }
    }
}
