//! The shared load-error vectors of `test-data/load-errors.json` and how to build their texts,
//! for `load_errors.rs` (the problems) and `lang.rs` (their texts in each language).

use serde_json::Value;

/// The vector file.
pub fn vectors() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../test-data/load-errors.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Sets `value` at `pointer` in `doc`; a last token `-` appends to an array.
pub fn set(doc: &mut Value, pointer: &str, value: Value) {
    let (parent, last) = pointer.rsplit_once('/').unwrap();
    let target = doc
        .pointer_mut(parent)
        .unwrap_or_else(|| panic!("no {parent}"));
    match target {
        Value::Array(items) if last == "-" => items.push(value),
        Value::Array(items) => items[last.parse::<usize>().unwrap()] = value,
        Value::Object(map) => {
            map.insert(last.to_owned(), value);
        }
        other => panic!("cannot set {pointer} in {other}"),
    }
}

/// The text of a vector: its `text`, or `base` with its `set` applied, as indented JSON.
pub fn text_of(vector: &Value, base: &Value) -> String {
    if let Some(text) = vector["text"].as_str() {
        return text.to_owned();
    }
    let mut doc = base.clone();
    for (pointer, value) in vector["set"].as_object().unwrap() {
        set(&mut doc, pointer, value.clone());
    }
    serde_json::to_string_pretty(&doc).unwrap()
}
