//! The committed JSON Schemas must equal the ones generated from the Rust types.

use std::path::Path;

fn check(file: &str, generated: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schema")
        .join(file);
    if std::env::var_os("PARCOURS_BLESS").is_some() {
        std::fs::write(&path, generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "core/schema/{file} is stale: run `PARCOURS_BLESS=1 cargo test -p parcours --test schema` and commit it"
    );
}

#[test]
fn committed_network_schema_is_current() {
    check(
        "network.schema.json",
        &parcours::schema::network_schema_pretty(),
    );
}

#[test]
fn committed_case_schema_is_current() {
    check("case.schema.json", &parcours::schema::case_schema_pretty());
}

#[test]
fn every_seed_network_and_case_file_matches_the_schema_shape() {
    // The schema is generated from the same types the loader uses; here we make sure the
    // schema at least declares every top-level field the seed files use.
    let schema = parcours::schema::network_schema();
    let props = schema["properties"].as_object().unwrap();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/networks");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let v: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            for key in v.as_object().unwrap().keys() {
                assert!(
                    props.contains_key(key),
                    "{}: `{key}` not in the schema",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn committed_tests_schema_is_current() {
    check(
        "tests.schema.json",
        &parcours::schema::tests_schema_pretty(),
    );
}
