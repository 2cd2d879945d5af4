//! `parcours fmt` and the fingerprint every output carries.

use std::path::Path;

mod common;
use common::{parcours, repo, shm, stderr, stdout};

/// The committed networks `fmt --check` must pass on: the seeds, the fixtures and the TOML
/// examples (the broken ones may not load).
fn committed() -> Vec<String> {
    let mut out = Vec::new();
    for dir in [
        "examples/networks",
        "examples/networks/fixtures",
        "examples/networks/toml",
    ] {
        let Ok(entries) = std::fs::read_dir(repo(dir)) else {
            continue;
        };
        let mut files: Vec<String> = entries
            .map(|e| e.expect("dir entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "toml"))
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        files.sort();
        out.extend(files);
    }
    out
}

#[test]
fn the_committed_networks_are_canonical() {
    let files = committed();
    assert!(files.len() >= 7, "{files:?}");
    let args: Vec<&str> = ["fmt", "--check"]
        .into_iter()
        .chain(files.iter().map(String::as_str))
        .collect();
    let o = parcours(&args);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(o.stdout.is_empty(), "{}", stdout(&o));
}

fn temp_copy(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write temp file");
    path.to_string_lossy().into_owned()
}

#[test]
fn check_lists_what_write_fixes_and_formatting_twice_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = std::fs::read_to_string(shm()).expect("seed");
    // Same facts, another layout: compact, keys and lists in other orders.
    let mut value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    value["sites"].as_array_mut().expect("sites").reverse();
    value["memberships"]
        .as_array_mut()
        .expect("memberships")
        .reverse();
    let messy = temp_copy(dir.path(), "messy.json", &value.to_string());
    let clean = temp_copy(dir.path(), "clean.json", &text);

    let o = parcours(&["fmt", "--check", &clean, &messy]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(stdout(&o), format!("{messy}\n"));
    assert!(
        stderr(&o).contains("1 file is not in canonical form"),
        "{}",
        stderr(&o)
    );

    let printed = parcours(&["fmt", &messy]);
    assert_eq!(printed.status.code(), Some(0));
    assert!(
        stdout(&printed) == text,
        "print does not give the canonical seed"
    );

    let o = parcours(&["fmt", "--write", &messy, &clean]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("formatted"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("clean.json"), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&messy).expect("rewritten") == text);
    let o = parcours(&["fmt", "-w", &messy]);
    assert!(o.stderr.is_empty(), "a second pass rewrites nothing");
    let o = parcours(&["fmt", "--check", &messy, &clean]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn toml_keeps_its_comments_and_converts_both_ways() {
    let dir = tempfile::tempdir().expect("temp dir");
    let o = parcours(&["fmt", &shm(), "--to", "toml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let toml = stdout(&o);
    assert!(toml.contains("[[sites]]"), "{toml}");
    let commented = format!("# The Sud Haut-Marnais network\n\n{toml}").replacen(
        "[[sites]]",
        "# a site\n[[sites]]",
        1,
    );
    // Move the first site to the end: --write must put it back, with its comment.
    let path = temp_copy(dir.path(), "shm.toml", &commented);
    let o = parcours(&["fmt", "--check", &path]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "comments alone keep a file canonical"
    );
    let start = toml.find("[[sites]]").expect("sites");
    let end = start + toml[start + 1..].find("\n[[").expect("next table") + 1;
    let first_site = &toml[start..end];
    let moved = toml.replacen(first_site, "", 1) + "\n# moved site\n" + first_site;
    let path2 = temp_copy(dir.path(), "moved.toml", &moved);
    let o = parcours(&["fmt", "--check", &path2]);
    assert_eq!(o.status.code(), Some(1));
    let o = parcours(&["fmt", "-w", &path2]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let fixed = std::fs::read_to_string(&path2).expect("rewritten");
    assert!(
        fixed.contains(&format!("\n# moved site\n{}", first_site.trim_end())),
        "{fixed}"
    );
    assert!(fixed.replace("# moved site\n", "") == toml, "{fixed}");
    // Back to JSON: the seed itself.
    let o = parcours(&["fmt", &path, "--to", "json"]);
    assert!(stdout(&o) == std::fs::read_to_string(shm()).expect("seed"));
}

#[test]
fn fmt_refuses_bad_input_and_conflicting_flags() {
    let broken = repo("examples/networks/broken/sud-haut-marnais.json");
    let o = parcours(&["fmt", "--check", &broken]);
    if o.status.code() == Some(2) {
        assert!(stderr(&o).contains("broken"), "{}", stderr(&o));
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = temp_copy(dir.path(), "bad.json", "{\"id\": \"n\",\n \"name\": }");
    let o = parcours(&["fmt", &bad]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad.json"), "{}", stderr(&o));
    assert!(stderr(&o).contains("L001"), "{}", stderr(&o));
    assert_eq!(
        parcours(&["fmt", "--check", "--write", &shm()])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        parcours(&["fmt", "--write", "--to", "toml", &shm()])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(parcours(&["fmt"]).status.code(), Some(2));
}

/// The first line of an output: the fingerprint comment of a CSV.
fn hash_line(csv: &str) -> String {
    csv.lines().next().expect("a first line").to_owned()
}

#[test]
fn route_outputs_name_the_network() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cases = temp_copy(
        dir.path(),
        "cases.csv",
        "id,filiere,level,origin,date\na,chirurgie,reference,ch-langres,2017-10-02\n",
    );
    let json = parcours(&["route", &shm(), &cases, "--format", "json"]);
    assert_eq!(json.status.code(), Some(0), "{}", stderr(&json));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let f = &v["fingerprint"];
    assert_eq!(f["network_id"], "sud-haut-marnais");
    let hash = f["hash"].as_str().expect("hash");
    assert!(hash.starts_with("sha256:") && hash.len() == 71, "{hash}");
    assert_eq!(v["results"].as_array().map(Vec::len), Some(1));
    assert!(f.get("travel_hash").is_none());

    let csv = parcours(&["route", &shm(), &cases]);
    let first = hash_line(&stdout(&csv));
    assert_eq!(
        first,
        format!("# parcours fingerprint: network_id=sud-haut-marnais hash={hash}")
    );

    // The same network in TOML: the same fingerprint.
    let toml = stdout(&parcours(&["fmt", &shm(), "--to", "toml"]));
    let toml_path = temp_copy(dir.path(), "shm.toml", &toml);
    let from_toml = parcours(&["route", &toml_path, &cases]);
    assert_eq!(hash_line(&stdout(&from_toml)), first);

    // One fact changed: another hash.
    let text = std::fs::read_to_string(shm()).expect("seed");
    let edited = text.replacen("\"2017-10-01\"", "\"2017-10-02\"", 1);
    assert_ne!(edited, text);
    let edited_path = temp_copy(dir.path(), "edited.json", &edited);
    let other = parcours(&["route", &edited_path, &cases]);
    assert_eq!(other.status.code(), Some(0), "{}", stderr(&other));
    assert_ne!(hash_line(&stdout(&other)), first);

    // A travel matrix has its own hash.
    let travel = temp_copy(
        dir.path(),
        "travel.csv",
        "from,to,km,minutes\nch-langres,clinique-compassion-langres,1.0,3\n",
    );
    let o = parcours(&[
        "route",
        &shm(),
        &cases,
        "--travel",
        &travel,
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["fingerprint"]["hash"], hash);
    assert!(
        v["fingerprint"]["travel_hash"]
            .as_str()
            .is_some_and(|t| t.starts_with("sha256:"))
    );
}

#[test]
fn coverage_diff_and_check_outputs_name_the_networks() {
    let origins = repo("examples/origins/sud-haut-marnais.csv");
    let base = [
        "coverage",
        &shm(),
        &origins,
        "--filiere",
        "chirurgie",
        "--date",
        "2018-01-01",
    ];
    let json = parcours(&[&base[..], &["--format", "json"]].concat());
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let hash = v["fingerprint"]["hash"].as_str().expect("hash").to_owned();
    let csv = stdout(&parcours(&[&base[..], &["--format", "csv"]].concat()));
    assert!(hash_line(&csv).ends_with(&hash), "{csv}");
    let table = stdout(&parcours(&base));
    assert!(table.starts_with("network: sud-haut-marnais@"), "{table}");
    assert!(table.lines().next().is_some_and(|l| l.contains(&hash)));

    let changes = repo("examples/analysis/sud-haut-marnais-without-surgery-gcs.json");
    let stays = repo("examples/analysis/sud-haut-marnais-surgery-stays.csv");
    let o = parcours(&[
        "diff",
        &shm(),
        "--changes",
        &changes,
        &stays,
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["fingerprint_before"]["hash"], hash.as_str());
    let after = v["fingerprint_after"]["hash"].as_str().expect("after");
    assert_ne!(after, hash);
    let csv = stdout(&parcours(&[
        "diff",
        &shm(),
        "--changes",
        &changes,
        &stays,
        "--format",
        "csv",
    ]));
    let mut lines = csv.lines();
    assert!(lines.next().is_some_and(|l| l.starts_with("# parcours fingerprint (before)") && l.ends_with(&hash)));
    assert!(
        lines
            .next()
            .is_some_and(|l| l.starts_with("# parcours fingerprint (after)") && l.ends_with(after))
    );

    let o = parcours(&["check", &shm(), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["fingerprint"]["hash"], hash.as_str());
    assert!(v["diagnostics"].is_array());
}
