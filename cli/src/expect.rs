//! `parcours test`: run expectation files (cases with expected decisions, questions with
//! expected answers) against a network, through `parcours::expect`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use parcours::expect::{TestFile, TestReport, run_with_communes_in};
use parcours::messages::CliMsg;
use serde::Serialize;

use crate::error::said;
use crate::input::{self, InputError};

/// One file's report, for `--format json`.
#[derive(Serialize)]
struct FileReport<'a> {
    file: String,
    #[serde(flatten)]
    report: &'a TestReport,
}

/// Test files that name `network` (their `network` field resolves to it), in the network's
/// directory and in a sibling `cases` directory, sorted.
fn discover(network: &Path) -> Vec<PathBuf> {
    let Ok(target) = network.canonicalize() else {
        return Vec::new();
    };
    let dir = network.parent().unwrap_or(Path::new("."));
    let mut found = Vec::new();
    for d in [dir.to_path_buf(), dir.join("..").join("cases")] {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_none_or(|x| x != "json") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&p) else {
                continue;
            };
            let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) else {
                continue;
            };
            let names_it = v
                .get("network")
                .and_then(|n| n.as_str())
                .and_then(|n| d.join(n).canonicalize().ok())
                .is_some_and(|n| n == target);
            if names_it && (v.get("cases").is_some() || v.get("questions").is_some()) {
                found.push(p);
            }
        }
    }
    found.sort();
    found
}

/// `parcours test NETWORK [TESTS...]`: `Ok(true)` when every test passed; the summary lines
/// in `lang`.
pub fn run_tests(
    network: &Path,
    tests: &[PathBuf],
    json: bool,
    lang: parcours::Lang,
) -> Result<bool, InputError> {
    let net = input::network(network)?;
    let files = if tests.is_empty() {
        let found = discover(network);
        if found.is_empty() {
            return Err(said!(InNoTestFile, network.display().to_string()).into());
        }
        found
    } else {
        tests.to_vec()
    };
    let mut reports = Vec::with_capacity(files.len());
    for f in &files {
        let name = f.display().to_string();
        let text = input::read(f)?;
        let tf = TestFile::from_json_str(&text, &name)
            .map_err(|e| said!(InTestFile, e.file, e.problem.text(lang)))?;
        // The commune reference the file names, relative to the file.
        let communes = match &tf.communes {
            Some(named) => {
                let dir = f.parent().unwrap_or(Path::new("."));
                input::Reference {
                    communes: Some(dir.join(&named.communes)),
                    postal_codes: named.postal_codes.as_ref().map(|p| dir.join(p)),
                }
                .load()?
            }
            None => None,
        };
        let report = run_with_communes_in(&net, &tf, communes, lang)
            .map_err(|e| input::named(e, "<tests>", &name))?;
        reports.push((name, report));
    }
    let ok = reports.iter().all(|(_, r)| r.ok());
    let text = if json {
        let rows: Vec<FileReport<'_>> = reports
            .iter()
            .map(|(file, report)| FileReport {
                file: file.clone(),
                report,
            })
            .collect();
        crate::output::json(&rows)?
    } else {
        let mut out = String::new();
        let (mut passed, mut failed) = (0, 0);
        for (file, r) in &reports {
            passed += r.passed;
            failed += r.failed;
            if r.ok() {
                let n = r.passed.to_string();
                let _ = writeln!(out, "{}", CliMsg::TestsPassed.fill(lang, &[file, &n]));
            } else {
                let _ = writeln!(out, "{file}:\n{}", r.text(lang));
            }
        }
        let summary = if reports.len() == 1 {
            CliMsg::TestsSummaryOne
        } else {
            CliMsg::TestsSummaryMany
        };
        let verdict = if failed == 0 {
            CliMsg::TestsOk
        } else {
            CliMsg::TestsFailed
        };
        let _ = writeln!(
            out,
            "{}",
            summary.fill(
                lang,
                &[
                    verdict.template(lang),
                    &passed.to_string(),
                    &failed.to_string(),
                    &reports.len().to_string()
                ]
            )
        );
        out
    };
    crate::output::write(None, &text)?;
    Ok(ok)
}
