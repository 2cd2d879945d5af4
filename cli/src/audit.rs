//! Naming the network a result came from in every output (`parcours::Fingerprint`).
//!
//! JSON outputs carry the fingerprint as a top-level field (`fingerprint`, or
//! `fingerprint_before` and `fingerprint_after` for `diff`). CSV outputs start with one comment
//! line per network, `# parcours fingerprint: network_id=… hash=sha256:… [travel_hash=…]`, so
//! the columns stay the same on every surface; read them with `comment="#"` (pandas, R) or skip
//! the lines starting with `#`. Readable tables start with the short form.

use parcours::Fingerprint;

/// The `key=value` pairs of a fingerprint, space-separated.
fn pairs(f: &Fingerprint) -> String {
    let mut s = format!("network_id={} hash={}", f.network_id, f.hash);
    if let Some(t) = &f.travel_hash {
        s.push_str(" travel_hash=");
        s.push_str(t);
    }
    if let Some(c) = &f.communes_hash {
        s.push_str(" communes_hash=");
        s.push_str(c);
    }
    s
}

/// The comment line a CSV output starts with; `label` names the network's part (`before`).
pub fn csv_comment(label: Option<&str>, f: &Fingerprint) -> String {
    match label {
        Some(l) => format!("# parcours fingerprint ({l}): {}\n", pairs(f)),
        None => format!("# parcours fingerprint: {}\n", pairs(f)),
    }
}

/// The first line of a readable table: `label` (`network`, `before`, `after`) with the
/// fingerprint, in `lang`.
pub fn table_line(
    label: parcours::messages::CliMsg,
    f: &Fingerprint,
    lang: parcours::Lang,
) -> String {
    label.fill(lang, &[&format!("{} ({})", f.short(), f.hash)]) + "\n"
}

/// A JSON object with `fingerprint` first, then the fields of `value` (an object), or `value`
/// under `results` (an array).
pub fn json_with(f: &Fingerprint, value: serde_json::Value) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    out.insert(
        "fingerprint".into(),
        serde_json::to_value(f).unwrap_or_default(),
    );
    match value {
        serde_json::Value::Object(map) => out.extend(map),
        other => {
            out.insert("results".into(), other);
        }
    }
    serde_json::Value::Object(out)
}
