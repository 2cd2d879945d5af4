//! Every example shown in `--help` runs: the command line exactly as printed, through `sh`, in
//! a scratch directory where `examples/` is the repository's and `out/` receives what the
//! examples write. An example that names a file nobody has, or an option that no longer exists,
//! fails here instead of in a user's terminal.

mod common;

use std::path::Path;
use std::process::Command;

use common::{parcours, repo, stderr, stdout};

/// The help texts, in an order where an example that reads another's output comes after it
/// (`import fhir` reads what `export fhir` wrote).
const COMMANDS: &[&[&str]] = &[
    &[],
    &["check"],
    &["route"],
    &["coverage"],
    &["diff"],
    &["export", "fhir"],
    &["import", "fhir"],
    &["import", "finess"],
    &["history"],
    &["show"],
    &["test"],
    &["fmt"],
    &["schema"],
];

/// The example command lines of a help text: the lines after `Examples:` that start with
/// `parcours`, with their `\` continuation lines joined.
fn examples(help: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut in_examples = false;
    let mut continued = false;
    for line in help.lines() {
        if line.trim_end() == "Examples:" {
            in_examples = true;
            continue;
        }
        if !in_examples {
            continue;
        }
        let text = line.trim();
        if continued {
            if let Some(last) = out.last_mut() {
                last.push(' ');
                last.push_str(text.trim_end_matches('\\').trim_end());
            }
        } else if text.starts_with("parcours ") {
            out.push(text.trim_end_matches('\\').trim_end().to_owned());
        } else if !text.is_empty() {
            in_examples = false;
        }
        continued = text.ends_with('\\');
    }
    out
}

#[test]
fn every_help_example_runs() {
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path();
    std::os::unix::fs::symlink(repo("examples"), dir.join("examples")).unwrap();
    std::fs::create_dir(dir.join("out")).unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_parcours")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut ran = 0;
    for command in COMMANDS {
        let mut args = command.to_vec();
        args.push("--help");
        let help = parcours(&args);
        assert!(help.status.success(), "{args:?}: {}", stderr(&help));
        let found = examples(&stdout(&help));
        assert!(
            !found.is_empty(),
            "`parcours {}` shows no example",
            command.join(" ")
        );
        for example in found {
            let o = Command::new("sh")
                .arg("-c")
                .arg(&example)
                .current_dir(dir)
                .env("PATH", &path)
                .output()
                .unwrap();
            // 0, or 1 when the command ran and reports what it found (errors of a broken
            // network); 2 is an input error: a file or an option that does not exist.
            assert!(
                matches!(o.status.code(), Some(0 | 1)),
                "`{example}` (from `parcours {} --help`) exits {:?}:\n{}{}",
                command.join(" "),
                o.status.code(),
                stdout(&o),
                stderr(&o)
            );
            ran += 1;
        }
    }
    assert!(ran >= 25, "only {ran} examples");
}

#[test]
fn examples_are_read_with_their_continuation_lines() {
    let help =
        "Usage: x\n\nExamples:\n  parcours a b \\\n      --c d\n  parcours e\n\nMore text.\n";
    assert_eq!(examples(help), ["parcours a b --c d", "parcours e"]);
}
