//! Loads every seed network (`examples/networks/*.json`, sorted) and prints its summary.
//!
//! A network that fails to load is reported with its problems and the others still run; the
//! exit code is 1 when any failed.
//!
//! ```text
//! cargo run -q --release -p parcours-examples --bin summarise [-- [--json] [DIR]]
//! ```
//!
//! `--json` prints one JSON object instead, mapping each file name to its summary (or to its
//! problems): the Python and JavaScript tests compare their own summaries with it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use parcours::{Format, Network};

fn main() -> ExitCode {
    let mut json = false;
    let mut dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../networks");
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--json" => json = true,
            "-h" | "--help" => {
                println!("usage: summarise [--json] [DIR]   (DIR defaults to examples/networks)");
                return ExitCode::SUCCESS;
            }
            _ => dir = PathBuf::from(arg),
        }
    }
    let files = match network_files(&dir) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("cannot list `{}`: {e}", dir.display());
            return ExitCode::FAILURE;
        }
    };
    if files.is_empty() {
        eprintln!("no *.json network in `{}`", dir.display());
        return ExitCode::FAILURE;
    }
    let mut failed = 0;
    let mut report = serde_json::Map::new();
    for path in &files {
        let loaded = load(path);
        if loaded.is_err() {
            failed += 1;
        }
        if json {
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            let entry = match loaded {
                Ok(net) => serde_json::json!({ "summary": net.summary() }),
                Err(Failure::Load(e)) => serde_json::json!({ "problems": e.problems() }),
                Err(Failure::Read(e)) => serde_json::json!({ "read_error": e }),
            };
            report.insert(name, entry);
        } else {
            match loaded {
                Ok(net) => println!("{}\n", net.summary()),
                Err(Failure::Load(e)) => eprintln!("{e}\n"),
                Err(Failure::Read(e)) => eprintln!("{e}\n"),
            }
        }
    }
    if json {
        println!("{}", serde_json::Value::Object(report));
    } else {
        println!("{} networks loaded, {failed} failed", files.len() - failed);
    }
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

enum Failure {
    Read(String),
    Load(parcours::Error),
}

/// Reads and loads one network file: the core does no I/O, so the example does.
fn load(path: &Path) -> Result<Network, Failure> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Read(format!("cannot read `{file}`: {e}")))?;
    Network::load(&text, Format::from_path(&file), &file).map_err(Failure::Load)
}

/// The `*.json` files of `dir`, sorted by name.
fn network_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "json") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}
