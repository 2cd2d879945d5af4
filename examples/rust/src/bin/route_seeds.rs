//! Routes a handful of cases on each seed network and prints the decisions with their
//! explanation, as a hospital planner would read them.
//!
//! The cases are the first ones of each shared case file in `examples/cases/` (the same vectors
//! the Rust, Python and JS tests run). Usage: `route_seeds [CASES_PER_NETWORK]` (default 4).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use parcours::{Case, Engine, Format, Network};
use serde_json::Value;

fn main() -> ExitCode {
    let per_network: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(4);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files: Vec<PathBuf> = match std::fs::read_dir(root.join("cases")) {
        Ok(dir) => dir.filter_map(Result::ok).map(|e| e.path()).collect(),
        Err(e) => {
            eprintln!("error: cannot read examples/cases: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Seed networks only: the `fixtures-*` files pin semantics on invented data.
    files.retain(|p| {
        p.extension().is_some_and(|e| e == "json")
            && !p
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("fixtures-"))
    });
    files.sort();
    let mut failed = false;
    for file in files {
        if let Err(e) = show(&file, per_network) {
            eprintln!("error: {}: {e}", file.display());
            failed = true;
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn show(file: &Path, per_network: usize) -> Result<(), String> {
    let text = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
    let doc: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let net_rel = doc["network"].as_str().ok_or("no `network` field")?;
    let net_path = file.parent().unwrap_or(Path::new(".")).join(net_rel);
    let net_text =
        std::fs::read_to_string(&net_path).map_err(|e| format!("{}: {e}", net_path.display()))?;
    let network =
        Network::load(&net_text, Format::from_path(net_rel), net_rel).map_err(|e| e.to_string())?;
    let engine = Engine::compile(&network).map_err(|e| e.to_string())?;
    println!("\n══ {} ══", network.name);
    let cases = doc["cases"].as_array().ok_or("no `cases` list")?;
    for v in cases.iter().take(per_network) {
        let case: Case = serde_json::from_value(v["case"].clone()).map_err(|e| e.to_string())?;
        println!("\n▸ {}", v["name"].as_str().unwrap_or("case"));
        print!("{}", engine.route_explained(&case));
    }
    Ok(())
}
