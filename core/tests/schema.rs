//! The committed JSON Schema must equal the one generated from the Rust types.

use std::path::Path;

#[test]
fn committed_schema_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/network.schema.json");
    let generated = parcours::schema::network_schema_pretty();
    if std::env::var_os("PARCOURS_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "core/schema/network.schema.json is stale: run `PARCOURS_BLESS=1 cargo test -p parcours --test schema` and commit it"
    );
}
