//! `parcours history` and `parcours diff --structure` end to end.

use std::process::Output;

mod common;
use common::{parcours, refused_saying, repo, stderr, stdout};

fn alliance() -> String {
    repo("examples/networks/alliance-ouest-parisien.json")
}

fn json_of(o: &Output) -> serde_json::Value {
    assert_eq!(o.status.code(), Some(0), "{}", stderr(o));
    serde_json::from_slice(&o.stdout).expect("JSON output")
}

/// The alliance network with its membership `index` removed, in a temporary file; returns the
/// removed membership too.
fn without_membership(index: usize) -> (tempfile::TempDir, String, serde_json::Value) {
    let text = std::fs::read_to_string(alliance()).unwrap();
    let mut net: serde_json::Value = serde_json::from_str(&text).unwrap();
    let gone = net["memberships"].as_array_mut().unwrap().remove(index);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("after.json");
    std::fs::write(&path, serde_json::to_string_pretty(&net).unwrap()).unwrap();
    (dir, path.to_string_lossy().into_owned(), gone)
}

// ---- history

#[test]
fn history_of_the_alliance_lists_the_joins_of_its_members_in_date_order() {
    let text = std::fs::read_to_string(alliance()).unwrap();
    let net: serde_json::Value = serde_json::from_str(&text).unwrap();
    let memberships = net["memberships"].as_array().unwrap();

    let out = json_of(&parcours(&["history", &alliance(), "--format", "json"]));
    let joins: Vec<&serde_json::Value> = out
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| {
            e["entity"] == "membership"
                && (e["change"] == "starts" || e["change"] == "planned_start")
        })
        .collect();
    assert_eq!(joins.len(), memberships.len());
    let dates: Vec<&str> = joins.iter().map(|e| e["date"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort_unstable();
    assert_eq!(dates, sorted, "joins in date order");
    for m in memberships {
        let id = format!(
            "{}/{}/{}",
            m["grouping"].as_str().unwrap(),
            m["member"].as_str().unwrap(),
            m["role"].as_str().unwrap()
        );
        assert!(joins.iter().any(|e| e["id"] == id.as_str()), "{id} missing");
    }

    // The table says the same in words, founders first.
    let o = parcours(&["history", &alliance()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let table = stdout(&o);
    let founder = table.find("Hôpital Foch joins Alliance").expect(&table);
    let late = table
        .find("SSIAD de Suresnes joins Alliance")
        .expect(&table);
    assert!(founder < late, "{table}");
}

#[test]
fn history_csv_has_its_columns_and_from_to_bound_the_dates() {
    let o = parcours(&[
        "history",
        &alliance(),
        "--from",
        "2019-01-01",
        "--to",
        "2019-12-31",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut reader = csv::Reader::from_reader(o.stdout.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "date",
            "precision",
            "change",
            "entity",
            "id",
            "status",
            "description",
            "source",
            "pointer"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r[0].starts_with("2019-")), "{rows:?}");
    let all = json_of(&parcours(&["history", &alliance(), "--format", "json"]));
    let in_2019 = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["date"].as_str().is_some_and(|d| d.starts_with("2019-")))
        .count();
    assert_eq!(rows.len(), in_2019);
}

#[test]
fn history_rejects_reversed_bounds_and_bad_dates() {
    let o = parcours(&[
        "history",
        &alliance(),
        "--from",
        "2020-01-01",
        "--to",
        "2019-01-01",
    ]);
    refused_saying(&o, "`--to 2019-01-01` is before `--from 2020-01-01`");
    let o = parcours(&["history", &alliance(), "--from", "2019-02-30"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("2019-02-30"), "{}", stderr(&o));
    let o = parcours(&["history", "no/such/network.json"]);
    refused_saying(&o, "cannot read `no/such/network.json`");
}

// ---- diff --structure

#[test]
fn diff_structure_names_exactly_the_removed_membership() {
    let (_dir, after, gone) = without_membership(14);
    let out = json_of(&parcours(&[
        "diff",
        "--structure",
        &alliance(),
        &after,
        "--format",
        "json",
    ]));
    let entries = out["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "{out:#}");
    let e = &entries[0];
    assert_eq!(e["change"], "removed");
    assert_eq!(e["entity"], "membership");
    let id = format!(
        "{}/{}/{}",
        gone["grouping"].as_str().unwrap(),
        gone["member"].as_str().unwrap(),
        gone["role"].as_str().unwrap()
    );
    assert_eq!(e["id"], id.as_str());
    // The removed entity as the core writes it (dates in full: `2022-06` is `2022-06-01`).
    for field in ["grouping", "member", "role", "source", "note"] {
        assert_eq!(e["value"][field], gone[field], "{field}");
    }
    assert_eq!(e["pointer_before"], "/memberships/14");
    assert_eq!(
        (
            out["added"].as_u64(),
            out["removed"].as_u64(),
            out["changed"].as_u64()
        ),
        (Some(0), Some(1), Some(0))
    );

    // Table and CSV name it too; --fail-on-change exits 1.
    let o = parcours(&[
        "diff",
        "--structure",
        &alliance(),
        &after,
        "--fail-on-change",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stdout(&o).contains(&format!("- membership      {id}")),
        "{}",
        stdout(&o)
    );
    let o = parcours(&[
        "diff",
        "--structure",
        &alliance(),
        &after,
        "--format",
        "csv",
    ]);
    let csv = stdout(&o);
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.contains(&format!("removed,membership,{id},")), "{csv}");
}

#[test]
fn diff_structure_of_a_network_with_itself_is_empty_and_exit_0() {
    let o = parcours(&[
        "diff",
        "--structure",
        &alliance(),
        &alliance(),
        "--fail-on-change",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("0 added, 0 removed, 0 changed"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn diff_structure_with_changes_shows_the_changed_fields() {
    let shm = repo("examples/networks/sud-haut-marnais.json");
    let net: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&shm).unwrap()).unwrap();
    let grouping = net["groupings"][0]["id"].as_str().unwrap().to_owned();
    let dir = tempfile::tempdir().unwrap();
    let changes = dir.path().join("changes.json");
    std::fs::write(
        &changes,
        format!(r#"[{{"change": "remove_grouping", "grouping": "{grouping}"}}]"#),
    )
    .unwrap();
    let changes = changes.to_string_lossy().into_owned();
    let out = json_of(&parcours(&[
        "diff",
        "--structure",
        &shm,
        "--changes",
        &changes,
        "--format",
        "json",
    ]));
    let entries = out["entries"].as_array().unwrap();
    assert!(
        entries.iter().any(|e| e["entity"] == "grouping"
            && e["id"] == grouping.as_str()
            && e["change"] == "removed"),
        "{out:#}"
    );
    // Everything reported is removed or changed: removing a grouping adds nothing.
    assert!(entries.iter().all(|e| e["change"] != "added"), "{out:#}");
}

#[test]
fn diff_structure_wants_two_networks_and_the_routing_diff_still_works() {
    let o = parcours(&["diff", "--structure", &alliance()]);
    refused_saying(&o, "give `BEFORE AFTER` (two network files)");
    let o = parcours(&["diff", "--structure", &alliance(), &alliance(), &alliance()]);
    assert_eq!(o.status.code(), Some(2));
    // Without --structure, two files are still the routing diff's usage error.
    let o = parcours(&["diff", &alliance(), &alliance()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("BEFORE AFTER CASES"), "{}", stderr(&o));
}

#[test]
fn help_shows_examples_that_run() {
    let o = parcours(&["history", "--help"]);
    assert_eq!(o.status.code(), Some(0));
    let help = stdout(&o);
    assert!(
        help.contains("Examples:") && help.contains("parcours history examples/networks/"),
        "{help}"
    );
    let o = parcours(&["diff", "--help"]);
    assert!(
        stdout(&o).contains("parcours diff --structure"),
        "{}",
        stdout(&o)
    );
    // The history examples of the help run as written (from the repository root).
    for line in help
        .lines()
        .filter(|l| l.trim_start().starts_with("parcours history "))
    {
        let args: Vec<String> = line
            .split_whitespace()
            .skip(1)
            .map(|a| {
                if a.starts_with("examples/") {
                    repo(a)
                } else {
                    a.to_owned()
                }
            })
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = parcours(&args);
        assert_eq!(o.status.code(), Some(0), "{line}: {}", stderr(&o));
        assert!(!o.stdout.is_empty(), "{line}");
    }
}
