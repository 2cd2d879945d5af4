//! What the CLI tests share: the repository's files and running the `parcours` binary.
// Each test crate uses a part of these.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Command, Output};

/// A path of the repository, from its root.
pub fn repo(path: &str) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    root.join(path).to_string_lossy().into_owned()
}

/// Runs the built `parcours` binary.
pub fn parcours(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parcours"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// Standard output, as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error, as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The Sud Haut-Marnais seed network.
pub fn shm() -> String {
    repo("examples/networks/sud-haut-marnais.json")
}

/// Asserts that the command exited 2 (bad input) and that its standard error says `needle`.
#[track_caller]
pub fn refused_saying(o: &Output, needle: &str) {
    assert_eq!(o.status.code(), Some(2), "{}", stderr(o));
    assert!(stderr(o).contains(needle), "{}", stderr(o));
}
