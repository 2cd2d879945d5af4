//! The JSON pointer of a read error, found from its position in the text (core `pointer.rs`),
//! equals the one a path-tracking reader (`serde_path_to_error`) gives, on thousands of broken
//! copies of the seed networks: an unknown field, a value of the wrong type, a missing field or
//! a value cut short, at every place of every seed, with the keys in sorted and in reverse
//! order.

use parcours::{Format, Network};
use serde_json::Value;

/// The pointer `serde_path_to_error` gives for an error reading `text` as a network.
fn reference_pointer(text: &str) -> Option<String> {
    use serde_path_to_error::Segment;
    let mut de = serde_json::Deserializer::from_str(text);
    let e = serde_path_to_error::deserialize::<_, Network>(&mut de).err()?;
    let mut out = String::new();
    for seg in e.path() {
        out.push('/');
        match seg {
            Segment::Seq { index } => out.push_str(&index.to_string()),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                out.push_str(&key.replace('~', "~0").replace('/', "~1"));
            }
            Segment::Unknown => out.push('?'),
        }
    }
    Some(out)
}

/// Every JSON pointer of `v`, with the value there.
fn places(v: &Value, at: &str, out: &mut Vec<(String, Value)>) {
    out.push((at.to_owned(), v.clone()));
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                places(
                    x,
                    &format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                places(x, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// `v` as compact JSON with the keys of every object in reverse order (serde_json writes them
/// sorted): a value refused last in its object is then followed by a closing bracket.
fn reversed(v: &Value) -> String {
    match v {
        Value::Object(map) => {
            let members: Vec<String> = map
                .iter()
                .rev()
                .map(|(k, x)| format!("{}:{}", Value::from(k.as_str()), reversed(x)))
                .collect();
            format!("{{{}}}", members.join(","))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(reversed).collect();
            format!("[{}]", items.join(","))
        }
        other => other.to_string(),
    }
}

/// The broken copies of `doc`: at each place, the mutations that make sense there.
fn mutants(doc: &Value) -> Vec<(String, String)> {
    let mut all = Vec::new();
    places(doc, "", &mut all);
    let mut out = Vec::new();
    for (at, value) in all {
        let mut variants: Vec<Value> = Vec::new();
        match &value {
            Value::Object(map) => {
                let mut extra = map.clone();
                extra.insert("zz_unknown".into(), Value::from(1));
                variants.push(Value::Object(extra));
                // Each field removed in turn (a required one gives `missing field`).
                for k in map.keys() {
                    let mut less = map.clone();
                    less.remove(k);
                    variants.push(Value::Object(less));
                }
                variants.push(Value::Array(vec![]));
            }
            Value::Array(_) => variants.push(Value::from("not a list")),
            Value::String(_) => variants.extend([Value::from(5), Value::from("")]),
            Value::Number(_) => variants.extend([Value::from("x"), Value::from(-1e300)]),
            Value::Bool(_) => variants.push(Value::from("yes")),
            Value::Null => variants.push(Value::from(0)),
        }
        for v in variants {
            let mut copy = doc.clone();
            if at.is_empty() {
                copy = v;
            } else if let Some(slot) = copy.pointer_mut(&at) {
                *slot = v;
            }
            out.push((format!("{at} reversed"), reversed(&copy)));
            out.push((at.clone(), serde_json::to_string_pretty(&copy).unwrap()));
        }
    }
    out
}

#[test]
fn pointers_from_positions_equal_the_path_tracking_readers() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/networks");
    let mut compared = 0;
    let mut cut = 0;
    let mut mismatches = Vec::new();
    for name in [
        "sud-haut-marnais",
        "hpsm",
        "alliance-ouest-parisien",
        "groupe-sos",
        "sos-medecins",
    ] {
        let text = std::fs::read_to_string(format!("{dir}/{name}.json")).unwrap();
        let doc: Value = serde_json::from_str(&text).unwrap();
        let mut texts = mutants(&doc);
        // Syntax errors: the text cut short at every 97th byte.
        for end in (1..text.len()).step_by(97) {
            if text.is_char_boundary(end) {
                texts.push((format!("cut at {end}"), text[..end].to_owned()));
                cut += 1;
            }
        }
        for (what, broken) in texts {
            let Some(want) = reference_pointer(&broken) else {
                continue; // reads (validation may still refuse it: not a read error)
            };
            let Err(e) = Network::load(&broken, Format::Json, "x.json") else {
                panic!("{name} {what}: the reference refuses it, the loader reads it");
            };
            let p = &e.problems()[0];
            assert!(p.code == "L001" || p.code == "L002", "{name} {what}: {p}");
            // A text cut short: the path-tracking reader ends its path with an unknown segment
            // (`/sites/2/?`), where the position names the field (`/sites/2/name`).
            let eof = p.message.starts_with("EOF while parsing");
            let prefix = want.trim_end_matches("/?").trim_end_matches('?');
            // An unknown key where an enum's variant is due: the path-tracking reader names the
            // enum, the position the key itself (`/rules/0/target/zz_unknown`), more precisely.
            let variant_key = p.message.starts_with("unknown variant")
                && p.pointer
                    .strip_prefix(want.as_str())
                    .is_some_and(|k| k == "/zz_unknown");
            let agrees = if eof {
                p.pointer.starts_with(prefix)
            } else {
                p.pointer == want || variant_key
            };
            if !agrees {
                let around: String = broken
                    .lines()
                    .skip(p.line.unwrap_or(1).saturating_sub(3))
                    .take(4)
                    .collect::<Vec<_>>()
                    .join(" | ")
                    .chars()
                    .take(300)
                    .collect();
                mismatches.push(format!("{name} {what}: {p} WANT {want}\n    {around}"));
            }
            compared += 1;
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {compared}:\n{}",
        mismatches.len(),
        mismatches[..mismatches.len().min(40)].join("\n")
    );
    assert!(
        compared > 10_000 && cut > 100,
        "{compared} compared, {cut} cut"
    );
}
