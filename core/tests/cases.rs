//! Shared case vectors: `examples/cases/*.json`, each naming a network and listing cases with
//! the expected decision. The Python and JS tests run the same files.
//!
//! A case file is `{"network": "<path relative to the case file>", "travel": [...]?,
//! "cases": [{"name", "case": <Case>, "expect": {...}}]}`. Every field of `expect` that is
//! present must match: `outcome`, `target`, `step`, `rule`, `tele_service`,
//! `fallback_target`, `reason`, `level`, `via` (escalation path), `distance_km` (to 1 km), and
//! `alternatives` (the exact ordered list of `{site, rejection}`).

use std::path::{Path, PathBuf};

use parcours::{Case, CompileOptions, Engine, Format, Network, TravelEntry};
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    network: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    travel: Vec<TravelEntry>,
    cases: Vec<Vector>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Vector {
    name: String,
    case: Case,
    expect: serde_json::Map<String, Value>,
}

fn case_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/cases");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// What the engine says for a vector, in the shape of `expect`.
fn actual(engine: &Engine, case: &Case) -> Value {
    let e = engine.route_explained(case);
    let plain = engine.route(case);
    assert_eq!(e.decision, plain, "explained and plain routing disagree");
    let mut v = serde_json::to_value(&e.decision).unwrap();
    v["via"] = json!(e.via);
    v["alternatives"] = json!(
        e.alternatives
            .iter()
            .map(|a| json!({"site": a.site, "rejection": a.rejection}))
            .collect::<Vec<_>>()
    );
    v
}

#[test]
fn shared_case_vectors() {
    let files = case_files();
    assert!(files.len() >= 5, "expected a case file per seed network");
    let mut total = 0;
    let mut failures = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let cf: CaseFile =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let _ = cf.description;
        let net_path = file.parent().unwrap().join(&cf.network);
        let net_text = std::fs::read_to_string(&net_path).unwrap();
        let network =
            Network::load(&net_text, Format::from_path(&cf.network), &cf.network).unwrap();
        let engine =
            Engine::compile_with(&network, &CompileOptions::default().travel(cf.travel)).unwrap();
        for v in &cf.cases {
            total += 1;
            let got = actual(&engine, &v.case);
            for (key, want) in &v.expect {
                let have = got.get(key).cloned().unwrap_or(Value::Null);
                let ok = if key == "distance_km" {
                    (have.as_f64().unwrap_or(f64::NAN) - want.as_f64().unwrap()).abs() < 1.0
                } else {
                    &have == want
                };
                if !ok {
                    failures.push(format!(
                        "{} / {}: `{key}` is {have}, expected {want}\n{}",
                        file.file_name().unwrap().to_string_lossy(),
                        v.name,
                        engine.route_explained(&v.case)
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} vectors failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(total >= 60, "only {total} case vectors");
}
