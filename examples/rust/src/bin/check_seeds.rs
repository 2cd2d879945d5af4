//! Checks every seed network (`examples/networks/*.json`) and prints the diagnostics
//! rustc-style. Exits 1 when a network fails to load or has errors.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use parcours::{Format, Network};

fn main() -> ExitCode {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../networks");
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries.filter_map(Result::ok).map(|e| e.path()).collect(),
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
    };
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    let mut failed = false;
    for path in files {
        let name = format!(
            "examples/networks/{}",
            path.file_name().unwrap_or_default().to_string_lossy()
        );
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: {name}: {e}");
                failed = true;
                continue;
            }
        };
        let report = Network::load(&text, Format::Json, &name)
            .and_then(|n| parcours::check_named(&n, &name));
        match report {
            Ok(report) => {
                println!("{report}\n");
                failed |= report.has_errors();
            }
            Err(e) => {
                eprintln!("{e}\n");
                failed = true;
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
