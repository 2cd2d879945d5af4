//! FHIR R4 Bundle -> Network, with located errors.

// The readers go field by field through a resource, each field with its own problem and hint:
// a `match` with both arms spelt out reads better than `if let … else`, and splitting them
// would only scatter one resource's mapping over several functions.
#![allow(clippy::single_match_else, clippy::too_many_lines)]

use std::collections::{BTreeMap, HashMap};

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::url::{
    CS_ACTIVITY, CS_GROUPING_KIND, CS_IDENTIFIER_TYPE, CS_LEGAL_STATUS, CS_MENTION, CS_MODALITY,
    CS_ORGANIZATION_TYPE, CS_ROLE, CS_SITE_KIND, EXT_HOLDER, EXT_INSEE, EXT_LEGAL_PERSONALITY,
    EXT_ORGANIZATION_PERIOD, EXT_PRECISION, EXT_SAE, EXT_STATUS, EXT_VALIDITY, FINESS, SIREN,
    TRE_R66, TRE_R274,
};
use super::{ID_SYSTEM, NETWORK_SYSTEM, TRE_R274_ACTIVITIES};
use crate::date::{Date, Precision, Status, Validity};
use crate::diagnostic::Code;
use crate::error::{Error, Problem, codes};
use crate::load::MAX_INPUT_BYTES;
use crate::messages::{IArg, ImportMsg, ImportText, itext};
use crate::network::{
    Capability, Filiere, Finess, Grouping, GroupingKind, LegalEntity, Level, Location, Membership,
    Network, Site, SiteKind,
};

/// Reads a FHIR R4 `Bundle` (JSON text) written by [`super::to_fhir_bundle`], or built by
/// another tool along the same mapping (`docs/fhir.md`), into a network; `file` names the input
/// in errors.
///
/// Resources of other types are ignored. The network is then validated like a loaded file.
///
/// # Errors
/// [`Error::Load`] listing every problem found, each with a JSON pointer into the bundle
/// (`/entry/3/resource/identifier/0/value`), what is wrong and a hint: `L001` the text is not
/// JSON, `L002` a resource lacks what the mapping needs or has the wrong shape, `L004` a
/// reference names no resource of the bundle, `L005` it names a resource of the wrong kind
/// (a site where a grouping is expected), `L006` a bad value (FINESS number, date, coordinates,
/// unknown code), `L008` the input is larger than [`MAX_INPUT_BYTES`]. Problems the network
/// validation finds (duplicate ids…) point to the resource they come from.
///
/// ```
/// let err = parcours::fhir::from_fhir_bundle(r#"{"resourceType": "Patient"}"#, "b.json").unwrap_err();
/// assert_eq!(err.problems()[0].pointer, "/resourceType");
/// ```
pub fn from_fhir_bundle(text: &str, file: &str) -> Result<Network, Error> {
    let fail = |problems: Vec<Problem>| Error::load(file.to_owned(), problems);
    if text.len() > MAX_INPUT_BYTES {
        return Err(fail(vec![
            Problem::import(
                codes::LIMIT,
                "",
                itext!(FhirTooBig, text.len(), MAX_INPUT_BYTES),
            )
            .import_help(itext!(FhirTooBigHint)),
        ]));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // The network reader's JSON errors: located, and worded in the catalogue.
    let root: Value = crate::load::parse_json(text).map_err(|p| fail(vec![*p]))?;
    let mut importer = Importer::default();
    let network = importer.read(&root);
    if !importer.problems.is_empty() {
        // In document order: by entry, then as found within it.
        let entry_of = |p: &Problem| {
            p.pointer
                .strip_prefix("/entry/")
                .and_then(|rest| rest.split('/').next())
                .and_then(|i| i.parse::<usize>().ok())
        };
        importer.problems.sort_by_key(entry_of);
        return Err(fail(importer.problems));
    }
    match network.validate_named(file) {
        Ok(()) => Ok(network),
        Err(e) => Err(Error::load(
            e.file().to_owned(),
            e.problems()
                .iter()
                .map(|p| importer.relocate(p.clone()))
                .collect(),
        )),
    }
}

/// JSON pointer segment escaping (RFC 6901).
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// What an organisation of the bundle is in the network.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum OrgKind {
    LegalEntity,
    Site,
    Grouping,
}

impl OrgKind {
    fn word(self) -> ImportMsg {
        match self {
            Self::LegalEntity => ImportMsg::FhirALegalEntity,
            Self::Site => ImportMsg::FhirASite,
            Self::Grouping => ImportMsg::FhirAGrouping,
        }
    }
}

/// `kinds` as words joined by "or", in the importers' table.
fn any_of(kinds: &[OrgKind]) -> IArg {
    match kinds {
        [] => IArg::from(""),
        [a] => a.word().into(),
        [a, rest @ ..] => itext!(FhirOr, a.word(), any_of(rest)).into(),
    }
}

/// A resource of the bundle: where it is, its parcours id and kind.
struct Org {
    id: String,
    kind: OrgKind,
}

#[derive(Default)]
struct Importer {
    problems: Vec<Problem>,
    /// `Type/id` and `fullUrl` of each entry -> entry index.
    refs: HashMap<String, usize>,
    /// Organisation entries by entry index.
    orgs: HashMap<usize, Org>,
    /// Network pointer prefix (`/sites/3`) -> bundle pointer (`/entry/7/resource`).
    origins: Vec<(String, String)>,
}

fn str_at<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key).and_then(Value::as_str)
}

fn array_at<'v>(v: &'v Value, key: &str) -> &'v [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// The codings of a CodeableConcept (or of a list of them), with their pointers.
fn codings<'v>(concepts: &'v Value, ptr: &str) -> Vec<(&'v Value, String)> {
    let mut out = Vec::new();
    let list: Vec<(&Value, String)> = match concepts {
        Value::Array(a) => a
            .iter()
            .enumerate()
            .map(|(i, c)| (c, format!("{ptr}/{i}")))
            .collect(),
        other => vec![(other, ptr.to_owned())],
    };
    for (c, p) in list {
        for (j, coding) in array_at(c, "coding").iter().enumerate() {
            out.push((coding, format!("{p}/coding/{j}")));
        }
    }
    out
}

fn find_coding<'v>(concepts: &'v Value, ptr: &str, system: &str) -> Option<(&'v str, String)> {
    codings(concepts, ptr).into_iter().find_map(|(c, p)| {
        (str_at(c, "system") == Some(system))
            .then(|| str_at(c, "code").map(|code| (code, format!("{p}/code"))))
            .flatten()
    })
}

/// The pointer of a member when the resource has it, else of the resource.
fn member(r: &Value, ptr: &str, key: &str) -> String {
    if r.get(key).is_some() {
        format!("{ptr}/{}", escape(key))
    } else {
        ptr.to_owned()
    }
}

fn extensions<'v>(v: &'v Value, ptr: &str, url: &str) -> Vec<(&'v Value, String)> {
    array_at(v, "extension")
        .iter()
        .enumerate()
        .filter(|(_, e)| str_at(e, "url") == Some(url))
        .map(|(i, e)| (e, format!("{ptr}/extension/{i}")))
        .collect()
}

fn extension<'v>(v: &'v Value, ptr: &str, url: &str) -> Option<(&'v Value, String)> {
    extensions(v, ptr, url).into_iter().next()
}

impl Importer {
    fn problem(&mut self, code: Code, ptr: &str, message: ImportText, hint: ImportText) {
        self.problems
            .push(Problem::import(code, ptr, message).import_help(hint));
    }

    /// A value the network reader refuses too (a date, a FINESS number): its error in the
    /// reader's words (the catalogue), with the importer's hint.
    fn bad_value(&mut self, ptr: &str, error: &dyn std::fmt::Display, hint: ImportText) {
        let message = crate::serde_text::text_of(&error.to_string());
        self.problems
            .push(Problem::tr(codes::INVALID_VALUE, ptr, message).import_help(hint));
    }

    /// Maps a problem of the network validation to the resource it comes from.
    fn relocate(&self, mut p: Problem) -> Problem {
        let best = self
            .origins
            .iter()
            .filter(|(net, _)| {
                p.pointer == *net
                    || p.pointer
                        .strip_prefix(net.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            })
            .max_by_key(|(net, _)| net.len());
        if let Some((_, bundle)) = best {
            let field = std::mem::replace(&mut p.pointer, bundle.clone());
            p.reword(|message| itext!(FhirNetworkField, message, field));
        }
        p
    }

    /// Decodes a parcours enum from a code.
    fn decode<T: DeserializeOwned>(&mut self, code: &str, ptr: &str, what: ImportMsg) -> Option<T> {
        if let Ok(v) = serde_json::from_value::<T>(Value::String(code.to_owned())) {
            Some(v)
        } else {
            self.problem(
                codes::INVALID_VALUE,
                ptr,
                itext!(FhirUnknownCode, what, code),
                itext!(FhirUnknownCodeHint),
            );
            None
        }
    }

    /// A required string member.
    fn required_str(
        &mut self,
        v: &Value,
        ptr: &str,
        key: &str,
        what: &ImportText,
    ) -> Option<String> {
        match v.get(key) {
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                self.problem(
                    codes::FORMAT,
                    &format!("{ptr}/{key}"),
                    itext!(FhirNotString, what.clone(), key),
                    itext!(FhirNotStringHint),
                );
                None
            }
            None => {
                self.problem(
                    codes::FORMAT,
                    ptr,
                    itext!(FhirMissingMember, what.clone(), key),
                    itext!(FhirMissingMemberHint, key),
                );
                None
            }
        }
    }

    /// The parcours id of a resource: its `INTRN` identifier in [`ID_SYSTEM`], else its `id`.
    fn parcours_id(&mut self, r: &Value, ptr: &str) -> Option<String> {
        let from_identifier = array_at(r, "identifier")
            .iter()
            .find(|i| str_at(i, "system") == Some(ID_SYSTEM))
            .and_then(|i| str_at(i, "value"));
        if let Some(id) = from_identifier.or_else(|| str_at(r, "id")) {
            return Some(id.to_owned());
        }
        self.problem(
            codes::FORMAT,
            ptr,
            itext!(FhirNoId),
            itext!(FhirNoIdHint, ID_SYSTEM),
        );
        None
    }

    /// Resolves a `Reference` member to an entry index.
    fn resolve(&mut self, r: &Value, ptr: &str, key: &str, what: &ImportText) -> Option<usize> {
        let Some(reference) = r.get(key) else {
            self.problem(
                codes::FORMAT,
                ptr,
                itext!(FhirNoReference, what.clone(), key),
                itext!(FhirNoReferenceHint, key),
            );
            return None;
        };
        self.resolve_value(reference, &format!("{ptr}/{}", escape(key)))
    }

    fn resolve_value(&mut self, reference: &Value, ptr: &str) -> Option<usize> {
        let Some(text) = str_at(reference, "reference") else {
            self.problem(
                codes::FORMAT,
                ptr,
                itext!(FhirReferenceNoText),
                itext!(FhirReferenceNoTextHint),
            );
            return None;
        };
        let found = self.refs.get(text).copied().or_else(|| {
            // A relative reference resolved against the base of an absolute fullUrl.
            self.refs
                .iter()
                .filter(|(k, _)| k.ends_with(&format!("/{text}")))
                .map(|(_, i)| *i)
                .next()
        });
        if found.is_none() {
            self.problem(
                codes::UNKNOWN_REFERENCE,
                &format!("{ptr}/reference"),
                itext!(FhirDangling, text),
                itext!(FhirDanglingHint),
            );
        }
        found
    }

    /// Resolves a reference to an organisation of one of `kinds`, giving its parcours id.
    fn org_ref(
        &mut self,
        r: &Value,
        ptr: &str,
        key: &str,
        kinds: &[OrgKind],
        what: &ImportText,
    ) -> Option<String> {
        let i = self.resolve(r, ptr, key, what)?;
        let Some(org) = self.orgs.get(&i) else {
            self.problem(
                codes::WRONG_KIND,
                &format!("{ptr}/{}/reference", escape(key)),
                itext!(FhirNotOrganization, what.clone(), key),
                itext!(FhirNotOrganizationHint),
            );
            return None;
        };
        if kinds.contains(&org.kind) {
            return Some(org.id.clone());
        }
        let message = itext!(FhirWrongKind, what.clone(), key, &org.id, org.kind.word());
        self.problem(
            codes::WRONG_KIND,
            &format!("{ptr}/{}/reference", escape(key)),
            message,
            itext!(FhirWrongKindHint, any_of(kinds)),
        );
        None
    }

    /// A FHIR date or dateTime as a parcours date, with the precision its length shows.
    fn date(&mut self, text: &str, ptr: &str) -> Option<(Date, Precision)> {
        let day = text
            .get(..10)
            .filter(|_| text.len() > 10 && text.as_bytes().get(10) == Some(&b'T'));
        let (body, precision) = match (day, text.len()) {
            (Some(d), _) => (d, Precision::Day),
            (None, 4) => (text, Precision::Year),
            (None, 7) => (text, Precision::Month),
            (None, _) => (text, Precision::Day),
        };
        match body.parse::<Date>() {
            Ok(d) => Some((d, precision)),
            Err(e) => {
                self.bad_value(ptr, &e, itext!(FhirDateHint));
                None
            }
        }
    }

    /// A FHIR `Period` (with parcours' status and precision extensions) as a validity.
    fn validity(&mut self, p: &Value, ptr: &str) -> Validity {
        let mut v = Validity::default();
        if !p.is_object() {
            self.problem(
                codes::FORMAT,
                ptr,
                itext!(FhirPeriodNotObject),
                itext!(FhirPeriodNotObjectHint),
            );
            return v;
        }
        let mut shown = None;
        for (key, is_start) in [("start", true), ("end", false)] {
            match p.get(key) {
                Some(Value::String(s)) => {
                    if let Some((d, precision)) = self.date(s, &format!("{ptr}/{key}")) {
                        shown.get_or_insert(precision);
                        if is_start {
                            v.from = Some(d);
                        } else {
                            v.to = Some(d);
                        }
                    }
                }
                Some(_) => self.problem(
                    codes::FORMAT,
                    &format!("{ptr}/{key}"),
                    itext!(FhirPeriodNotString, key),
                    itext!(FhirDateHint),
                ),
                None => {}
            }
        }
        v.precision = shown.unwrap_or_default();
        if let Some((e, eptr)) = extension(p, ptr, EXT_PRECISION) {
            if let Some(code) = str_at(e, "valueCode") {
                if let Some(precision) = self.decode(
                    code,
                    &format!("{eptr}/valueCode"),
                    ImportMsg::FhirCodePrecision,
                ) {
                    v.precision = precision;
                }
            }
        }
        if let Some((e, eptr)) = extension(p, ptr, EXT_STATUS) {
            if let Some(code) = str_at(e, "valueCode") {
                if let Some(status) = self.decode::<Status>(
                    code,
                    &format!("{eptr}/valueCode"),
                    ImportMsg::FhirCodeStatus,
                ) {
                    v.status = status;
                }
            }
        }
        v
    }

    /// The validity in a `valuePeriod` extension of a resource, default when absent.
    fn validity_ext(&mut self, r: &Value, ptr: &str, url: &str) -> Validity {
        match extension(r, ptr, url) {
            Some((e, eptr)) => match e.get("valuePeriod") {
                Some(p) => self.validity(p, &format!("{eptr}/valuePeriod")),
                None => {
                    self.problem(
                        codes::FORMAT,
                        &eptr,
                        itext!(FhirNoValuePeriod),
                        itext!(FhirNoValuePeriodHint),
                    );
                    Validity::default()
                }
            },
            None => Validity::default(),
        }
    }

    fn read(&mut self, root: &Value) -> Network {
        let mut net = Network::default();
        if str_at(root, "resourceType") != Some("Bundle") {
            self.problem(
                codes::FORMAT,
                "/resourceType",
                itext!(
                    FhirNotBundle,
                    str_at(root, "resourceType").map_or_else(
                        || IArg::from(ImportMsg::FhirNoResourceType),
                        |t| itext!(FhirAResource, t).into()
                    )
                ),
                itext!(FhirNotBundleHint),
            );
            return net;
        }
        if str_at(root, "type") != Some("collection") {
            let message = match str_at(root, "type") {
                Some(t) => itext!(FhirNotCollection, t),
                None => itext!(FhirNoBundleType),
            };
            self.problem(
                codes::FORMAT,
                "/type",
                message,
                itext!(FhirNotCollectionHint),
            );
        }
        let entries = array_at(root, "entry");
        // The network: Bundle.identifier, else the List, else the Bundle id.
        let list = entries.iter().enumerate().find_map(|(i, e)| {
            let r = e.get("resource")?;
            (str_at(r, "resourceType") == Some("List")
                && array_at(r, "identifier")
                    .iter()
                    .any(|id| str_at(id, "system") == Some(NETWORK_SYSTEM)))
            .then_some((i, r))
        });
        let network_id = root
            .get("identifier")
            .filter(|i| str_at(i, "system") == Some(NETWORK_SYSTEM))
            .and_then(|i| str_at(i, "value"))
            .or_else(|| {
                list.and_then(|(_, r)| {
                    array_at(r, "identifier")
                        .iter()
                        .find(|i| str_at(i, "system") == Some(NETWORK_SYSTEM))
                        .and_then(|i| str_at(i, "value"))
                })
            })
            .or_else(|| str_at(root, "id"));
        match network_id {
            Some(id) => id.clone_into(&mut net.id),
            None => self.problem(
                codes::FORMAT,
                "",
                itext!(FhirNoNetwork),
                itext!(FhirNoNetworkHint, NETWORK_SYSTEM),
            ),
        }
        match list {
            Some((i, r)) => {
                net.name = str_at(r, "title").map_or_else(|| net.id.clone(), str::to_owned);
                net.description = array_at(r, "note")
                    .first()
                    .and_then(|n| str_at(n, "text"))
                    .map(str::to_owned);
                self.origins
                    .push(("/name".into(), format!("/entry/{i}/resource/title")));
            }
            None => net.name.clone_from(&net.id),
        }

        // Index the entries and classify the organisations first: references go both ways.
        let mut resources = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            let ptr = format!("/entry/{i}/resource");
            let Some(r) = e.get("resource").filter(|r| r.is_object()) else {
                self.problem(
                    codes::FORMAT,
                    &format!("/entry/{i}"),
                    itext!(FhirNoResource),
                    itext!(FhirNoResourceHint),
                );
                continue;
            };
            let kind = str_at(r, "resourceType").unwrap_or_default();
            if let Some(id) = str_at(r, "id") {
                self.refs.insert(format!("{kind}/{id}"), i);
            }
            if let Some(u) = str_at(e, "fullUrl") {
                self.refs.insert(u.to_owned(), i);
            }
            if kind == "Organization" {
                if let (Some(k), Some(id)) = (self.org_kind(r, &ptr), self.parcours_id(r, &ptr)) {
                    self.orgs.insert(i, Org { id, kind: k });
                }
            }
            resources.push((i, ptr, r, kind));
        }

        let mut filieres = Filieres::default();
        for (_, ptr, r, kind) in &resources {
            if *kind == "CodeSystem" {
                filieres.add(r, ptr);
            }
        }
        net.filieres = filieres.build(self, &net.id);

        // Locations first: sites name theirs.
        let mut site_location: HashMap<String, String> = HashMap::new();
        let mut location_at: BTreeMap<String, (usize, String)> = BTreeMap::new();
        for (_, ptr, r, kind) in &resources {
            if *kind == "Location" {
                self.location(r, ptr, &mut net, &mut site_location, &mut location_at);
            }
        }
        for (i, ptr, r, kind) in &resources {
            match *kind {
                "Organization" => self.organization(r, ptr, *i, &mut net, &site_location),
                "OrganizationAffiliation" => self.affiliation(r, ptr, &mut net),
                "HealthcareService" => self.service(r, ptr, &mut net),
                _ => {}
            }
        }
        net
    }

    fn org_kind(&mut self, r: &Value, ptr: &str) -> Option<OrgKind> {
        let types = r.get("type").cloned().unwrap_or(Value::Null);
        let type_ptr = format!("{ptr}/type");
        let v3307 = find_coding(&types, &type_ptr, CS_ORGANIZATION_TYPE).map(|(c, _)| c);
        let id_types: Vec<String> = array_at(r, "identifier")
            .iter()
            .filter_map(|i| i.get("type"))
            .filter_map(|t| find_coding(t, "", CS_IDENTIFIER_TYPE).map(|(c, _)| c.to_owned()))
            .collect();
        let has_id = |code: &str| id_types.iter().any(|c| c == code);
        if find_coding(&types, &type_ptr, CS_GROUPING_KIND).is_some()
            || matches!(v3307, Some("GHT" | "GROUP"))
        {
            Some(OrgKind::Grouping)
        } else if v3307 == Some("GEOGRAPHICAL-ENTITY")
            || find_coding(&types, &type_ptr, CS_SITE_KIND).is_some()
            || has_id("FINEG")
        {
            Some(OrgKind::Site)
        } else if v3307 == Some("LEGAL-ENTITY")
            || find_coding(&types, &type_ptr, CS_LEGAL_STATUS).is_some()
            || has_id("FINEJ")
        {
            Some(OrgKind::LegalEntity)
        } else {
            self.problem(
                codes::FORMAT,
                ptr,
                itext!(FhirUnclassified),
                itext!(FhirUnclassifiedHint, CS_ORGANIZATION_TYPE, CS_GROUPING_KIND),
            );
            None
        }
    }

    /// The FINESS number of an organisation, checked.
    fn finess(&mut self, r: &Value, ptr: &str, type_code: &str) -> Option<Finess> {
        let (j, ident) = array_at(r, "identifier")
            .iter()
            .enumerate()
            .find(|(_, i)| {
                str_at(i, "system") == Some(FINESS)
                    && i.get("type").is_none_or(|t| {
                        find_coding(t, "", CS_IDENTIFIER_TYPE).is_none_or(|(c, _)| c == type_code)
                    })
            })?;
        let vptr = format!("{ptr}/identifier/{j}/value");
        let value = str_at(ident, "value").unwrap_or_default();
        match Finess::new(value) {
            Ok(f) => Some(f),
            Err(e) => {
                self.bad_value(&vptr, &e, itext!(FhirFinessHint));
                None
            }
        }
    }

    fn organization(
        &mut self,
        r: &Value,
        ptr: &str,
        i: usize,
        net: &mut Network,
        site_location: &HashMap<String, String>,
    ) {
        let Some(org) = self.orgs.get(&i) else {
            return;
        };
        let (id, kind) = (org.id.clone(), org.kind);
        let what = itext!(FhirWhatOrganization, &id);
        let name = self.required_str(r, ptr, "name", &what);
        let types = r.get("type").cloned().unwrap_or(Value::Null);
        let tptr = format!("{ptr}/type");
        match kind {
            OrgKind::LegalEntity => {
                let finess_ej = self.finess(r, ptr, "FINEJ");
                let siren = array_at(r, "identifier")
                    .iter()
                    .find(|i| str_at(i, "system") == Some(SIREN))
                    .and_then(|i| str_at(i, "value"))
                    .map(str::to_owned);
                let status = match find_coding(&types, &tptr, CS_LEGAL_STATUS) {
                    Some((code, cptr)) => self.decode(code, &cptr, ImportMsg::WhatLegalStatus),
                    None => {
                        self.problem(
                            codes::FORMAT,
                            &member(r, ptr, "type"),
                            itext!(FhirNoLegalStatus, &id),
                            itext!(
                                FhirAddCodingFor,
                                "type",
                                CS_LEGAL_STATUS,
                                "`public`, `espic`, `private_for_profit`…"
                            ),
                        );
                        None
                    }
                };
                if let (Some(name), Some(legal_status)) = (name, status) {
                    self.origins.push((
                        format!("/legal_entities/{}", net.legal_entities.len()),
                        ptr.to_owned(),
                    ));
                    net.legal_entities.push(LegalEntity {
                        id,
                        name,
                        finess_ej,
                        siren,
                        legal_status,
                        figures: Vec::new(),
                        source: None,
                        note: None,
                    });
                }
            }
            OrgKind::Site => {
                let finess_et = self.finess(r, ptr, "FINEG");
                let kind = match find_coding(&types, &tptr, CS_SITE_KIND) {
                    Some((code, cptr)) => {
                        self.decode::<SiteKind>(code, &cptr, ImportMsg::FhirCodeSiteKind)
                    }
                    None => {
                        self.problem(
                            codes::FORMAT,
                            &member(r, ptr, "type"),
                            itext!(FhirNoSiteKind, &id),
                            itext!(
                                FhirAddCodingFor,
                                "type",
                                CS_SITE_KIND,
                                "`chu`, `hospital`, `clinic`…"
                            ),
                        );
                        None
                    }
                };
                let category = find_coding(&types, &tptr, TRE_R66)
                    .or_else(|| {
                        extension(r, ptr, EXT_SAE).and_then(|(e, eptr)| {
                            e.get("valueCodeableConcept").and_then(|c| {
                                find_coding(c, &format!("{eptr}/valueCodeableConcept"), TRE_R66)
                            })
                        })
                    })
                    .map(|(c, _)| c.to_owned());
                let legal_entity = self.org_ref(r, ptr, "partOf", &[OrgKind::LegalEntity], &what);
                let location = site_location.get(&id).cloned();
                if location.is_none() {
                    self.problem(
                        codes::FORMAT,
                        ptr,
                        itext!(FhirNoLocation, &id),
                        itext!(FhirNoLocationHint),
                    );
                }
                let validity = self.validity_ext(r, ptr, EXT_ORGANIZATION_PERIOD);
                if let (Some(name), Some(kind), Some(legal_entity), Some(location)) =
                    (name, kind, legal_entity, location)
                {
                    self.origins
                        .push((format!("/sites/{}", net.sites.len()), ptr.to_owned()));
                    net.sites.push(Site {
                        id,
                        name,
                        legal_entity,
                        kind,
                        finess_et,
                        category,
                        location,
                        tags: Vec::new(),
                        equipment: Vec::new(),
                        figures: Vec::new(),
                        validity,
                        source: None,
                        note: None,
                    });
                }
            }
            OrgKind::Grouping => {
                let kind = match find_coding(&types, &tptr, CS_GROUPING_KIND) {
                    Some((code, cptr)) => {
                        self.decode::<GroupingKind>(code, &cptr, ImportMsg::FhirCodeGroupingKind)
                    }
                    None => match find_coding(&types, &tptr, CS_ORGANIZATION_TYPE) {
                        Some(("GHT", _)) => Some(GroupingKind::Ght),
                        _ => Some(GroupingKind::OperatorGroup),
                    },
                };
                let legal_personality = extension(r, ptr, EXT_LEGAL_PERSONALITY)
                    .and_then(|(e, _)| e.get("valueBoolean").and_then(Value::as_bool))
                    .unwrap_or(false);
                let validity = self.validity_ext(r, ptr, EXT_ORGANIZATION_PERIOD);
                if let (Some(name), Some(kind)) = (name, kind) {
                    self.origins.push((
                        format!("/groupings/{}", net.groupings.len()),
                        ptr.to_owned(),
                    ));
                    net.groupings.push(Grouping {
                        id,
                        name,
                        kind,
                        legal_personality,
                        scope: crate::network::Scope::default(),
                        validity,
                        figures: Vec::new(),
                        source: None,
                        note: None,
                    });
                }
            }
        }
    }

    fn location(
        &mut self,
        r: &Value,
        ptr: &str,
        net: &mut Network,
        site_location: &mut HashMap<String, String>,
        location_at: &mut BTreeMap<String, (usize, String)>,
    ) {
        let Some(id) = self.parcours_id(r, ptr) else {
            return;
        };
        let what = itext!(FhirWhatLocation, &id);
        let name = self.required_str(r, ptr, "name", &what);
        let position = r.get("position");
        let coordinate = |key: &str| position.and_then(|p| p.get(key)).and_then(Value::as_f64);
        let (lat, lon) = (coordinate("latitude"), coordinate("longitude"));
        if lat.is_none() || lon.is_none() {
            self.problem(
                codes::FORMAT,
                &if position.is_some() {
                    format!("{ptr}/position")
                } else {
                    ptr.to_owned()
                },
                itext!(FhirNoPosition, what.clone()),
                itext!(FhirNoPositionHint),
            );
        }
        let insee = r.get("address").and_then(|a| {
            extension(a, &format!("{ptr}/address"), EXT_INSEE).and_then(|(e, _)| {
                e.get("valueCoding")
                    .and_then(|c| str_at(c, "code"))
                    .map(str::to_owned)
            })
        });
        if let Some(m) = r.get("managingOrganization") {
            let mptr = format!("{ptr}/managingOrganization");
            if let Some(j) = self.resolve_value(m, &mptr) {
                match self.orgs.get(&j) {
                    Some(o) if o.kind == OrgKind::Site => {
                        site_location.insert(o.id.clone(), id.clone());
                    }
                    // A location managed by a legal entity or grouping is not a site's place.
                    Some(_) => {}
                    None => self.problem(
                        codes::WRONG_KIND,
                        &format!("{mptr}/reference"),
                        itext!(FhirNotOrganization, what.clone(), "managingOrganization"),
                        itext!(FhirSiteOrganizationHint),
                    ),
                }
            }
        }
        let (Some(name), Some(lat), Some(lon)) = (name, lat, lon) else {
            return;
        };
        let location = Location {
            id: id.clone(),
            name,
            insee,
            lat,
            lon,
            source: None,
            note: None,
        };
        match location_at.get(&id) {
            Some((k, first)) => {
                // The same parcours location, once per site at it: all must agree.
                if net.locations.get(*k) != Some(&location) {
                    let first = first.clone();
                    self.problem(
                        codes::INVALID_VALUE,
                        ptr,
                        itext!(FhirLocationDiffers, what.clone(), first),
                        itext!(FhirLocationDiffersHint),
                    );
                }
            }
            None => {
                location_at.insert(id, (net.locations.len(), ptr.to_owned()));
                self.origins.push((
                    format!("/locations/{}", net.locations.len()),
                    ptr.to_owned(),
                ));
                net.locations.push(location);
            }
        }
    }

    fn affiliation(&mut self, r: &Value, ptr: &str, net: &mut Network) {
        let what = &itext!(FhirWhatAffiliation);
        let grouping = self.org_ref(r, ptr, "organization", &[OrgKind::Grouping], what);
        let member = self.org_ref(
            r,
            ptr,
            "participatingOrganization",
            &[OrgKind::LegalEntity, OrgKind::Site, OrgKind::Grouping],
            what,
        );
        let code = r.get("code").cloned().unwrap_or(Value::Null);
        let role = match find_coding(&code, &format!("{ptr}/code"), CS_ROLE) {
            Some((c, cptr)) => self.decode(c, &cptr, ImportMsg::FhirCodeRole),
            None => {
                self.problem(
                    codes::FORMAT,
                    ptr,
                    itext!(FhirNoRole),
                    itext!(
                        FhirAddCodingFor,
                        "code",
                        CS_ROLE,
                        "`support`, `party`, `partner`, `member`…"
                    ),
                );
                None
            }
        };
        let validity = match r.get("period") {
            Some(p) => self.validity(p, &format!("{ptr}/period")),
            None => Validity::default(),
        };
        if let (Some(grouping), Some(member), Some(role)) = (grouping, member, role) {
            self.origins.push((
                format!("/memberships/{}", net.memberships.len()),
                ptr.to_owned(),
            ));
            net.memberships.push(Membership {
                grouping,
                member,
                role,
                validity,
                source: None,
                note: None,
            });
        }
    }

    fn service(&mut self, r: &Value, ptr: &str, net: &mut Network) {
        let what = &itext!(FhirWhatService);
        let id = array_at(r, "identifier")
            .iter()
            .find(|i| str_at(i, "system") == Some(ID_SYSTEM))
            .and_then(|i| str_at(i, "value"))
            .map(str::to_owned);
        let site = self.org_ref(r, ptr, "providedBy", &[OrgKind::Site], what);
        let filiere_url = super::filiere_system(&net.id);
        let category = r.get("category").cloned().unwrap_or(Value::Null);
        let filiere = find_coding(&category, &format!("{ptr}/category"), &filiere_url);
        if filiere.is_none() {
            self.problem(
                codes::FORMAT,
                ptr,
                itext!(FhirNoFiliere),
                itext!(FhirAddCoding, "category", &filiere_url),
            );
        }
        let characteristic = r.get("characteristic").cloned().unwrap_or(Value::Null);
        let cptr = format!("{ptr}/characteristic");
        let level = filiere.as_ref().and_then(|(f, _)| {
            let url = super::level_system(&net.id, f);
            let found = find_coding(&characteristic, &cptr, &url).map(|(c, _)| c.to_owned());
            if found.is_none() {
                self.problem(
                    codes::FORMAT,
                    ptr,
                    itext!(FhirNoLevel, *f),
                    itext!(FhirAddCoding, "characteristic", &url),
                );
            }
            found
        });
        let types = r.get("type").cloned().unwrap_or(Value::Null);
        let tptr = format!("{ptr}/type");
        let activity = match find_coding(&types, &tptr, CS_ACTIVITY) {
            Some((code, p)) => self.decode(code, &p, ImportMsg::FhirCodeActivity),
            None => find_coding(&types, &tptr, TRE_R274).and_then(|(code, _)| {
                TRE_R274_ACTIVITIES
                    .iter()
                    .find(|(_, tre, _)| *tre == code)
                    .and_then(|(p, _, _)| {
                        serde_json::from_value(Value::String((*p).to_owned())).ok()
                    })
            }),
        };
        let modality = find_coding(&characteristic, &cptr, CS_MODALITY).map(|(c, _)| c.to_owned());
        let mentions = codings(&characteristic, &cptr)
            .into_iter()
            .filter(|(c, _)| str_at(c, "system") == Some(CS_MENTION))
            .filter_map(|(c, _)| str_at(c, "code").map(str::to_owned))
            .collect();
        let holder = match extension(r, ptr, EXT_HOLDER) {
            Some((e, eptr)) => self.org_ref(
                e,
                &eptr,
                "valueReference",
                &[OrgKind::Grouping, OrgKind::LegalEntity],
                &itext!(FhirWhatHolder),
            ),
            None => None,
        };
        let validity = self.validity_ext(r, ptr, EXT_VALIDITY);
        if let (Some(site), Some((filiere, _)), Some(level)) = (site, filiere, level) {
            self.origins.push((
                format!("/capabilities/{}", net.capabilities.len()),
                ptr.to_owned(),
            ));
            net.capabilities.push(Capability {
                id,
                site,
                filiere: filiere.to_owned(),
                level,
                activity,
                modality,
                mentions,
                holder,
                validity,
                source: None,
                note: None,
            });
        }
    }
}

/// The filière code systems of a bundle, gathered before the resources that use them.
#[derive(Default)]
struct Filieres<'v> {
    /// (resource, pointer) of each CodeSystem, by URL.
    systems: HashMap<&'v str, (&'v Value, String)>,
}

impl<'v> Filieres<'v> {
    fn add(&mut self, r: &'v Value, ptr: &str) {
        if let Some(url) = str_at(r, "url") {
            self.systems.insert(url, (r, ptr.to_owned()));
        }
    }

    fn build(&self, importer: &mut Importer, network_id: &str) -> Vec<Filiere> {
        let url = super::filiere_system(network_id);
        let Some((cs, ptr)) = self.systems.get(url.as_str()) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, c) in array_at(cs, "concept").iter().enumerate() {
            let cptr = format!("{ptr}/concept/{i}");
            let Some(id) = str_at(c, "code") else {
                importer.problem(
                    codes::FORMAT,
                    &cptr,
                    itext!(FhirConceptNoCode),
                    itext!(FhirConceptNoCodeHint),
                );
                continue;
            };
            let name = str_at(c, "display").unwrap_or(id).to_owned();
            let levels_url = super::level_system(network_id, id);
            let Some((levels_cs, _)) = self.systems.get(levels_url.as_str()) else {
                importer.problem(
                    codes::FORMAT,
                    &cptr,
                    itext!(FhirNoLevels, id),
                    itext!(FhirNoLevelsHint, &levels_url),
                );
                continue;
            };
            let levels = array_at(levels_cs, "concept")
                .iter()
                .filter_map(|l| {
                    str_at(l, "code").map(|code| Level {
                        id: code.to_owned(),
                        name: str_at(l, "display").map(str::to_owned),
                    })
                })
                .collect();
            importer
                .origins
                .push((format!("/filieres/{}", out.len()), cptr));
            out.push(Filiere {
                id: id.to_owned(),
                name,
                levels,
                flag_levels: BTreeMap::new(),
                source: None,
            });
        }
        out
    }
}
