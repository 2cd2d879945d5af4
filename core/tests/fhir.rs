//! FHIR R4 interop: every seed network exports to a bundle that imports back to the same
//! network facts ([`parcours::fhir::fhir_facts`]), random networks too, and bad bundles give
//! located errors.
#![cfg(feature = "fhir")]

use parcours_testkit::strategies as common;

use std::path::PathBuf;

use parcours::fhir::{fhir_facts, from_fhir_bundle, to_fhir_bundle};
use parcours::{Format, Network, Precision, Status};
use proptest::prelude::*;
use serde_json::{Value, json};

const SEEDS: [&str; 6] = [
    "sud-haut-marnais",
    "hpsm",
    "alliance-ouest-parisien",
    "groupe-sos",
    "sos-medecins",
    "fixtures/escalation",
];

fn load(name: &str) -> Network {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/networks")
        .join(format!("{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap();
    Network::load(&text, Format::Json, name).unwrap()
}

fn round_trip(net: &Network) -> Network {
    let bundle = to_fhir_bundle(net);
    match from_fhir_bundle(&bundle.to_string(), "bundle") {
        Ok(n) => n,
        Err(e) => panic!("{} does not import back: {e}", net.id),
    }
}

#[test]
fn every_seed_round_trips_its_fhir_facts() {
    for name in SEEDS {
        let net = load(name);
        let back = round_trip(&net);
        assert_eq!(back, fhir_facts(&net), "{name}");
        // What survives is most of the network: every entity, membership and capability.
        assert_eq!(back.sites.len(), net.sites.len(), "{name}");
        assert_eq!(back.memberships.len(), net.memberships.len(), "{name}");
        assert_eq!(back.capabilities.len(), net.capabilities.len(), "{name}");
        // A second trip changes nothing, and the output is deterministic.
        assert_eq!(
            to_fhir_bundle(&back),
            to_fhir_bundle(&fhir_facts(&net)),
            "{name}"
        );
        assert_eq!(to_fhir_bundle(&net), to_fhir_bundle(&net), "{name}");
    }
}

#[test]
fn what_does_not_survive_is_exactly_what_fhir_facts_drops() {
    let net = load("sud-haut-marnais");
    let back = round_trip(&net);
    assert!(!net.rules.is_empty() && back.rules.is_empty());
    assert!(!net.sources.is_empty() && back.sources.is_empty());
    assert!(!net.shared_services.is_empty() && back.shared_services.is_empty());
    // The rest of the facts are those of the original network.
    assert_eq!(back.id, net.id);
    assert_eq!(back.name, net.name);
    assert_eq!(back.description, net.description);
    assert_eq!(back.locations.len(), net.locations.len());
    assert_eq!(back.filieres[0].levels, net.filieres[0].levels);
}

fn resources<'a>(bundle: &'a Value, kind: &str) -> Vec<&'a Value> {
    bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .filter(|r| r["resourceType"] == kind)
        .collect()
}

#[test]
fn identifiers_and_codes_follow_fr_core() {
    let net = load("sud-haut-marnais");
    let bundle = to_fhir_bundle(&net);
    assert_eq!(bundle["resourceType"], "Bundle");
    assert_eq!(bundle["type"], "collection");
    let orgs = resources(&bundle, "Organization");
    // CHU Dijon's legal entity: FINESS EJ 210780581 with type FINEJ in the FINESS system.
    let chu = orgs
        .iter()
        .find(|o| {
            o["identifier"]
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["value"] == "210780581")
        })
        .expect("CHU Dijon EJ exported");
    let finess = chu["identifier"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["value"] == "210780581")
        .unwrap();
    assert_eq!(finess["system"], "https://finess.esante.gouv.fr");
    assert_eq!(
        finess["type"]["coding"][0]["system"],
        "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203"
    );
    assert_eq!(finess["type"]["coding"][0]["code"], "FINEJ");
    assert_eq!(chu["type"][0]["coding"][0]["code"], "LEGAL-ENTITY");
    // Every site is a geographical entity, part of its legal entity.
    for s in &net.sites {
        let org = orgs
            .iter()
            .find(|o| {
                o["name"] == s.name.as_str()
                    && o["type"][0]["coding"][0]["code"] == "GEOGRAPHICAL-ENTITY"
            })
            .unwrap_or_else(|| panic!("site {} exported", s.id));
        assert!(
            org["partOf"]["reference"]
                .as_str()
                .unwrap()
                .starts_with("Organization/ej-")
        );
        if let Some(f) = &s.finess_et {
            assert!(org["identifier"].as_array().unwrap().iter().any(|i| {
                i["value"] == f.as_str() && i["type"]["coding"][0]["code"] == "FINEG"
            }));
        }
    }
    // The GHT is typed with FR Core's GHT code, the GCS with a parcours code.
    let ght = net
        .groupings
        .iter()
        .find(|g| g.kind == parcours::GroupingKind::Ght)
        .unwrap();
    let ght_org = orgs
        .iter()
        .find(|o| o["name"] == ght.name.as_str())
        .unwrap();
    assert_eq!(ght_org["type"][0]["coding"][0]["code"], "GHT");
    assert_eq!(
        ght_org["type"][0]["coding"][0]["system"],
        "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-3307"
    );
    // One affiliation per membership, one service per capability; surgery carries TRE_R274 02.
    assert_eq!(
        resources(&bundle, "OrganizationAffiliation").len(),
        net.memberships.len()
    );
    let services = resources(&bundle, "HealthcareService");
    assert_eq!(services.len(), net.capabilities.len());
    assert!(
        services
            .iter()
            .all(|s| s["type"][0]["coding"][0]["code"] == "02")
    );
    // Locations hold WGS84 positions and the INSEE code in the FR Core extension.
    let locations = resources(&bundle, "Location");
    assert!(locations.len() >= net.locations.len());
    for l in locations {
        assert!(l["position"]["latitude"].is_f64());
        let id = l["identifier"][0]["value"].as_str().unwrap();
        let place = net.locations.iter().find(|p| p.id == id).unwrap();
        if let Some(insee) = &place.insee {
            assert_eq!(
                l["address"]["extension"][0]["url"],
                "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-address-insee-code"
            );
            assert_eq!(
                l["address"]["extension"][0]["valueCoding"]["code"],
                insee.as_str()
            );
        }
    }
}

#[test]
fn validity_keeps_precision_and_status() {
    let net = load("sos-medecins");
    let bundle = to_fhir_bundle(&net);
    let affiliations = resources(&bundle, "OrganizationAffiliation");
    let k = net
        .memberships
        .iter()
        .position(|m| m.validity.status != Status::Active)
        .unwrap();
    // Planned, approximate joins: the period carries both in parcours extensions.
    let p = &affiliations[k]["period"];
    let urls: Vec<&str> = p["extension"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["url"].as_str().unwrap())
        .collect();
    assert!(urls.iter().any(|u| u.ends_with("/date-precision")));
    assert!(urls.iter().any(|u| u.ends_with("/validity-status")));
    let back = round_trip(&net);
    assert_eq!(
        back.memberships[k].validity.precision,
        Precision::Approximate
    );
    assert_eq!(
        back.memberships[k].validity.status,
        net.memberships[k].validity.status
    );
    // Month precision is a partial date: "2017-09".
    let hpsm = to_fhir_bundle(&load("hpsm"));
    let periods: Vec<&str> = resources(&hpsm, "OrganizationAffiliation")
        .iter()
        .filter_map(|a| a["period"]["start"].as_str())
        .collect();
    assert!(periods.iter().all(|s| s.len() == 7), "{periods:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn random_networks_round_trip(n in common::network()) {
        let back = round_trip(&n);
        prop_assert_eq!(back, fhir_facts(&n));
    }
}

// ---------------------------------------------------------------------------------------------
// Bad input: every problem is located in the bundle.

fn bundle_of(net: &str) -> Value {
    to_fhir_bundle(&load(net))
}

fn import_err(bundle: &Value) -> parcours::Error {
    from_fhir_bundle(&bundle.to_string(), "bad.json").expect_err("bad bundle imported")
}

fn entry_index(bundle: &Value, kind: &str, nth: usize) -> usize {
    bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .filter(|(_, e)| e["resource"]["resourceType"] == kind)
        .nth(nth)
        .unwrap()
        .0
}

#[test]
fn not_json_gives_line_and_column() {
    let e =
        from_fhir_bundle("{\n  \"resourceType\": \"Bundle\",\n  oops\n}", "x.json").unwrap_err();
    let p = &e.problems()[0];
    assert_eq!(p.code, "L001");
    assert_eq!(p.line, Some(3));
}

#[test]
fn not_a_bundle_or_not_a_collection() {
    let e = import_err(&json!({"resourceType": "Patient"}));
    assert_eq!(e.problems()[0].pointer, "/resourceType");
    assert!(e.problems()[0].message.contains("`Patient`"));
    let mut b = bundle_of("hpsm");
    b["type"] = "transaction".into();
    let e = import_err(&b);
    assert_eq!(e.problems()[0].pointer, "/type");
}

#[test]
fn bad_finess_is_located_at_its_value() {
    let mut b = bundle_of("sud-haut-marnais");
    let i = b["entry"]
        .as_array()
        .unwrap()
        .iter()
        .position(|e| e["resource"]["identifier"][0]["system"] == "https://finess.esante.gouv.fr")
        .unwrap();
    let ids = b["entry"][i]["resource"]["identifier"]
        .as_array_mut()
        .unwrap();
    let j = ids
        .iter()
        .position(|id| id["system"] == "https://finess.esante.gouv.fr")
        .unwrap();
    ids[j]["value"] = "21078058".into();
    let e = import_err(&b);
    let p = &e.problems()[0];
    assert_eq!(p.code, "L006");
    assert_eq!(
        p.pointer,
        format!("/entry/{i}/resource/identifier/{j}/value")
    );
    assert!(p.message.contains("`21078058`"));
    assert!(p.help.is_some());
}

#[test]
fn dangling_and_wrong_kind_references() {
    let mut b = bundle_of("hpsm");
    let i = entry_index(&b, "OrganizationAffiliation", 0);
    b["entry"][i]["resource"]["organization"]["reference"] = "Organization/nowhere".into();
    let e = import_err(&b);
    let p = &e.problems()[0];
    assert_eq!(p.code, "L004");
    assert_eq!(
        p.pointer,
        format!("/entry/{i}/resource/organization/reference")
    );
    assert!(p.message.contains("Organization/nowhere"));

    // A membership whose grouping is a site.
    let mut b = bundle_of("hpsm");
    b["entry"][i]["resource"]["organization"]["reference"] = "Organization/et-1".into();
    let e = import_err(&b);
    let p = &e.problems()[0];
    assert_eq!(p.code, "L005");
    assert_eq!(
        p.pointer,
        format!("/entry/{i}/resource/organization/reference")
    );
    assert!(p.message.contains("a site"), "{}", p.message);
}

#[test]
fn missing_position_role_and_bad_dates_are_all_reported() {
    let mut b = bundle_of("hpsm");
    let loc = entry_index(&b, "Location", 0);
    b["entry"][loc]["resource"]
        .as_object_mut()
        .unwrap()
        .remove("position");
    let aff = entry_index(&b, "OrganizationAffiliation", 1);
    b["entry"][aff]["resource"]["code"][0]["coding"][0]["code"] = "boss".into();
    let aff2 = entry_index(&b, "OrganizationAffiliation", 2);
    b["entry"][aff2]["resource"]["period"]["start"] = "2009-13".into();
    let e = import_err(&b);
    let pointers: Vec<&str> = e.problems().iter().map(|p| p.pointer.as_str()).collect();
    assert!(
        pointers.contains(&format!("/entry/{loc}/resource").as_str()),
        "{pointers:?}"
    );
    assert!(
        pointers.contains(&format!("/entry/{aff}/resource/code/0/coding/0/code").as_str()),
        "{pointers:?}"
    );
    assert!(
        pointers.contains(&format!("/entry/{aff2}/resource/period/start").as_str()),
        "{pointers:?}"
    );
    assert!(
        e.problems()
            .iter()
            .any(|p| p.message.contains("unknown role `boss`"))
    );
}

#[test]
fn unknown_filiere_level_and_unclassified_organization() {
    let mut b = bundle_of("hpsm");
    let hs = entry_index(&b, "HealthcareService", 0);
    b["entry"][hs]["resource"]
        .as_object_mut()
        .unwrap()
        .remove("characteristic");
    let org = entry_index(&b, "Organization", 0);
    b["entry"][org]["resource"]
        .as_object_mut()
        .unwrap()
        .remove("type");
    b["entry"][org]["resource"]["identifier"] = json!([]);
    let e = import_err(&b);
    let messages: Vec<String> = e.problems().iter().map(ToString::to_string).collect();
    assert!(
        e.problems()
            .iter()
            .any(|p| p.pointer == format!("/entry/{hs}/resource") && p.message.contains("no level")),
        "{messages:#?}"
    );
    assert!(
        e.problems()
            .iter()
            .any(|p| p.pointer == format!("/entry/{org}/resource")
                && p.message.contains("legal entity, a site or a grouping")),
        "{messages:#?}"
    );
}

#[test]
fn network_validation_problems_point_to_the_resource() {
    // Two sites with the same parcours id: the network validation finds it (L003) and the
    // problem points to the second Organization.
    let mut b = bundle_of("hpsm");
    let first = entry_index(&b, "Organization", 3);
    let second = entry_index(&b, "Organization", 4);
    let id0 = b["entry"][first]["resource"]["identifier"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["system"] == parcours::fhir::ID_SYSTEM)
        .unwrap()["value"]
        .clone();
    for ident in b["entry"][second]["resource"]["identifier"]
        .as_array_mut()
        .unwrap()
    {
        if ident["system"] == parcours::fhir::ID_SYSTEM {
            ident["value"] = id0.clone();
        }
    }
    let e = import_err(&b);
    assert!(
        e.problems()
            .iter()
            .any(|p| p.code == "L003" && p.pointer == format!("/entry/{second}/resource")),
        "{e}"
    );
}

/// Every member of every resource removed, or replaced by a value of another type, one at a
/// time: the import never panics, and every problem it reports points to a value that exists
/// in the bundle it read.
#[test]
fn mutated_bundles_never_panic_and_problems_point_into_the_bundle() {
    let original = bundle_of("hpsm");
    let entries = original["entry"].as_array().unwrap().len();
    let mut checked = 0;
    for i in 0..entries {
        let keys: Vec<String> = original["entry"][i]["resource"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        for key in keys {
            for replacement in [
                None,
                Some(json!(null)),
                Some(json!(7)),
                Some(json!("x")),
                Some(json!([{}])),
            ] {
                let mut b = original.clone();
                let resource = b["entry"][i]["resource"].as_object_mut().unwrap();
                match &replacement {
                    None => {
                        resource.remove(&key);
                    }
                    Some(v) => {
                        resource.insert(key.clone(), v.clone());
                    }
                }
                if let Err(e) = from_fhir_bundle(&b.to_string(), "m.json") {
                    for p in e.problems() {
                        assert!(
                            b.pointer(&p.pointer).is_some(),
                            "entry {i}, `{key}` -> {replacement:?}: pointer {} not in the bundle ({})",
                            p.pointer,
                            p.message
                        );
                    }
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 300, "{checked}");
}

/// Coordinates with 17 significant digits (what a computed position has) come back exactly:
/// the `fhir` feature turns on serde_json's correctly rounded float parsing.
#[test]
fn full_precision_coordinates_round_trip_exactly() {
    let mut net = load("hpsm");
    net.locations[0].lat = 44.449_035_511_396_396;
    net.locations[0].lon = -0.586_809_654_493_327_2;
    let back = round_trip(&net);
    assert_eq!(
        back.locations[0].lat.to_bits(),
        net.locations[0].lat.to_bits()
    );
    assert_eq!(
        back.locations[0].lon.to_bits(),
        net.locations[0].lon.to_bits()
    );
}
