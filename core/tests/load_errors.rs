//! The shared load-error vectors of `test-data/load-errors.json`: every runtime (this test,
//! pytest and `node --test`) loads the same bad networks and must report the same problems
//! (code, pointer, position, entities, message, help).

use parcours::{Format, Network, Problem};
use serde_json::Value;

mod vectors;
use vectors::{text_of, vectors};

/// Compares one problem with the keys its expectation gives.
fn compare(name: &str, got: &Problem, want: &Value) {
    let want = want.as_object().unwrap();
    let text = |key: &str| want.get(key).and_then(Value::as_str);
    let number = |key: &str| {
        want.get(key)
            .and_then(Value::as_u64)
            .map(|n| usize::try_from(n).unwrap())
    };
    assert_eq!(Some(got.code.as_str()), text("code"), "{name}: {got}");
    if let Some(pointer) = text("pointer") {
        assert_eq!(got.pointer, pointer, "{name}: {got}");
    }
    if want.contains_key("line") {
        assert_eq!(
            (got.line, got.column),
            (number("line"), number("column")),
            "{name}: {got}"
        );
    }
    if want.get("located") == Some(&Value::Bool(true)) {
        assert!(got.line.is_some() && got.column.is_some(), "{name}: {got}");
    }
    if let Some(entities) = want.get("entities") {
        let entities: Vec<&str> = entities
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(got.entities, entities, "{name}: {got}");
    }
    if let Some(message) = text("message") {
        assert_eq!(got.message, message, "{name}: {got}");
    }
    if let Some(start) = text("message_starts") {
        assert!(got.message.starts_with(start), "{name}: {got}");
    }
    if let Some(help) = text("help") {
        assert_eq!(got.help.as_deref(), Some(help), "{name}: {got}");
    }
    if let Some(part) = text("help_contains") {
        assert!(
            got.help.as_deref().unwrap_or("").contains(part),
            "{name}: {got}"
        );
    }
}

#[test]
fn every_runtime_reports_the_shared_load_errors() {
    let doc = vectors();
    let base = &doc["base"];
    // The base itself loads: each vector's error comes from its own change.
    Network::load(&base.to_string(), Format::Json, "<base>").unwrap();
    let list = doc["vectors"].as_array().unwrap();
    assert!(list.len() >= 10);
    for vector in list {
        let name = vector["name"].as_str().unwrap();
        let Err(err) = Network::load(&text_of(vector, base), Format::Json, "<json>") else {
            panic!("{name}: the network loaded");
        };
        let want = vector["problems"].as_array().unwrap();
        assert_eq!(err.problems().len(), want.len(), "{name}: {err}");
        for (got, want) in err.problems().iter().zip(want) {
            compare(name, got, want);
        }
    }
}
