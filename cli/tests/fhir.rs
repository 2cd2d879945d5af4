//! `parcours export fhir` and `parcours import fhir` end to end.

mod common;
use common::{parcours, repo, stderr};

#[test]
fn export_then_import_gives_back_the_network_facts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bundle = dir.path().join("bundle.json");
    let back = dir.path().join("back.json");
    let seed = repo("examples/networks/sud-haut-marnais.json");
    let o = parcours(&["export", "fhir", &seed, "-o", bundle.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let b: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&bundle).unwrap()).unwrap();
    assert_eq!(b["resourceType"], "Bundle");
    assert_eq!(b["type"], "collection");

    let o = parcours(&[
        "import",
        "fhir",
        bundle.to_str().unwrap(),
        "-o",
        back.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(&back).unwrap();
    let imported = parcours::Network::from_json_str(&text).expect("the import is a valid network");
    let original =
        parcours::Network::from_json_str(&std::fs::read_to_string(&seed).unwrap()).unwrap();
    assert_eq!(imported, parcours::fhir::fhir_facts(&original));
    // The imported network routes: check runs on it.
    let o = parcours(&["check", back.to_str().unwrap()]);
    assert_ne!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn export_to_standard_output() {
    let o = parcours(&["export", "fhir", &repo("examples/networks/hpsm.json")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let b: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON bundle");
    assert_eq!(b["identifier"]["value"], "hpsm");
}

#[test]
fn a_bad_bundle_exits_2_naming_file_and_pointer() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bad.json");
    std::fs::write(
        &path,
        r#"{"resourceType": "Bundle", "type": "collection",
            "identifier": {"system": "https://example.invalid/parcours/fhir/network", "value": "n"},
            "entry": [{"resource": {"resourceType": "OrganizationAffiliation", "id": "a",
                "organization": {"reference": "Organization/missing"}}}]}"#,
    )
    .unwrap();
    let o = parcours(&["import", "fhir", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("bad.json"), "{err}");
    assert!(
        err.contains("/entry/0/resource/organization/reference"),
        "{err}"
    );
    assert!(err.contains("help:"), "{err}");
}

#[test]
fn a_missing_file_exits_2() {
    let o = parcours(&["import", "fhir", "/nonexistent/bundle.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot read"), "{}", stderr(&o));
}
