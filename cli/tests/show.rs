//! `parcours show` (questions at a date) and `parcours test` (test files) end to end.

mod common;
use common::{parcours, repo, shm, stderr, stdout};

const SEEDS: [&str; 5] = [
    "alliance-ouest-parisien",
    "groupe-sos",
    "hpsm",
    "sos-medecins",
    "sud-haut-marnais",
];

fn network(name: &str) -> String {
    repo(&format!("examples/networks/{name}.json"))
}

// ---- show

#[test]
fn show_members_as_a_table_csv_and_json() {
    let shm = network("sud-haut-marnais");
    let args = ["show", &shm, "members", "ght-21-52", "--date", "2018-01-01"];
    let o = parcours(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("member") && lines[0].contains("role"));
    assert!(lines[1].starts_with("ej-chu-dijon") && lines[1].contains("support"));
    assert_eq!(lines.last(), Some(&"(9 rows)"));

    let o = parcours(&[&args[..], &["--format", "csv"]].concat());
    let mut r = csv::Reader::from_reader(o.stdout.as_slice());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header[..4], ["member", "kind", "name", "role"]);
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 9);
    // The support, then the parties by id.
    assert_eq!(&rows[8][0], "ej-ch-semur");

    let o = parcours(&[&args[..], &["--format", "json"]].concat());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["role"], "support");
    assert_eq!(v[0]["from"], "2016-07-01");
    assert_eq!(v[0]["to"], serde_json::Value::Null);
}

#[test]
fn show_answers_every_question() {
    let hpsm = network("hpsm");
    let o = parcours(&[
        "show",
        &hpsm,
        "groupings",
        "oscar-lambret",
        "--date",
        "2020-01-01",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[1]["grouping"], "gcs-hpsm");
    assert_eq!(v[1]["how"], "nested");
    assert_eq!(v[1]["via"], "gcs-crrc");

    let o = parcours(&[
        "show",
        &hpsm,
        "capabilities",
        "ch-seclin",
        "--date",
        "2020-01-01",
        "--filiere",
        "maternite",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["level"], "2A");

    let o = parcours(&["show", &hpsm, "finess", "590780193", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["site"], "chru-lille");
    assert_eq!(v[0]["match"], "ej");

    let sos = network("sos-medecins");
    let point = [
        "show",
        &sos,
        "tele-services",
        "43.64,-1.43",
        "--date",
        "2023-01-10",
        "--format",
        "json",
    ];
    let o = parcours(&[&point[..], &["--planned"]].concat());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["channel"], "3624");
    assert_eq!(v[0]["fallback"], "sos-medecins-capbreton");
}

#[test]
fn show_unknown_ids_and_bad_values_exit_2_with_a_hint() {
    let shm = network("sud-haut-marnais");
    let o = parcours(&["show", &shm, "members", "ght-21-5", "--date", "2018-01-01"]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("unknown grouping `ght-21-5`") && e.contains("did you mean `ght-21-52`?"),
        "{e}"
    );
    let o = parcours(&["show", &shm, "finess", "210780582"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("[Q002]") && stderr(&o).contains("check digit"),
        "{}",
        stderr(&o)
    );
    let o = parcours(&[
        "--lang",
        "fr",
        "show",
        &shm,
        "members",
        "ght-21-5",
        "--date",
        "2018-01-01",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).trim_end(),
        "erreur : [Q001] groupement inconnu `ght-21-5`\n  aide : vouliez-vous dire `ght-21-52` ?"
    );
    let o = parcours(&["show", &shm, "members", "ght-21-52", "--date", "2018-02-30"]);
    assert_eq!(o.status.code(), Some(2));
    let o = parcours(&["show", &shm, "members", "ght-21-52"]);
    assert_eq!(o.status.code(), Some(2), "--date is required");
}

// ---- test

#[test]
fn test_passes_on_every_seed_network_with_its_examples() {
    for seed in SEEDS {
        let o = parcours(&["test", &network(seed)]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{seed}: {}{}",
            stdout(&o),
            stderr(&o)
        );
        assert!(
            stdout(&o).contains(&format!("{seed}.json: ")),
            "{}",
            stdout(&o)
        );
        // Sud Haut-Marnais has a second file: its residents' cases, with the commune reference.
        let files = if seed == "sud-haut-marnais" {
            "2 files"
        } else {
            "1 file"
        };
        assert!(
            stdout(&o).contains(&format!(", 0 failed in {files}")),
            "{}",
            stdout(&o)
        );
    }
}

/// The shared test file of the Sud Haut-Marnais network, with `edit` applied, in a temp dir.
fn edited_copy(edit: impl FnOnce(&mut serde_json::Value)) -> (tempfile::TempDir, String) {
    let text = std::fs::read_to_string(repo("examples/cases/sud-haut-marnais.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    edit(&mut v);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shm.json");
    std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    (dir, path.to_string_lossy().into_owned())
}

#[test]
fn test_fails_with_the_explanation_when_one_expectation_changes() {
    let (_d, file) = edited_copy(|v| {
        v["cases"][0]["expect"]["target"] = "ch-chaumont".into();
    });
    let o = parcours(&["test", &network("sud-haut-marnais"), &file]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("FAILED case `Langres surgery before the surgery GCS: recourse to CHU Dijon`"),
        "{out}"
    );
    assert!(
        out.contains("`target` is \"chu-dijon\", expected \"ch-chaumont\""),
        "{out}"
    );
    assert!(
        out.contains("shm-chirurgie-recours-ght"),
        "the explanation names the rule: {out}"
    );
    assert!(out.contains("1 failed"), "{out}");

    let o = parcours(&[
        "test",
        &network("sud-haut-marnais"),
        &file,
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["failed"], 1);
    let failed: Vec<&serde_json::Value> = v[0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["passed"] == false)
        .collect();
    assert_eq!(failed[0]["mismatches"][0]["field"], "target");
    assert!(
        failed[0]["explanation"]
            .as_str()
            .unwrap()
            .contains("CHU Dijon")
    );
}

#[test]
fn test_fails_when_a_question_expectation_changes() {
    let (_d, file) = edited_copy(|v| {
        v["questions"][2]["expect"]["rows"][0]["role"] = "party".into();
    });
    let o = parcours(&["test", &network("sud-haut-marnais"), &file]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("FAILED question `members of GHT 21-52"),
        "{out}"
    );
    assert!(
        out.contains("`rows/0/role` is \"support\", expected \"party\""),
        "{out}"
    );
}

#[test]
fn test_bad_input_exits_2() {
    let shm = network("sud-haut-marnais");
    let (_d, file) = edited_copy(|v| {
        v["cases"][1]["expect"]["targt"] = "x".into();
    });
    let o = parcours(&["test", &shm, &file]);
    assert_eq!(o.status.code(), Some(2));
    let e = stderr(&o);
    assert!(
        e.contains("cannot read test file") && e.contains("/cases/1/expect/targt"),
        "{e}"
    );
    let o = parcours(&["test", &shm, "/nonexistent/tests.json"]);
    assert_eq!(o.status.code(), Some(2));
    let dir = tempfile::tempdir().unwrap();
    let lone = dir.path().join("lone.json");
    std::fs::copy(&shm, &lone).unwrap();
    let o = parcours(&["test", &lone.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no test file names"), "{}", stderr(&o));
}

#[test]
fn schema_tests_prints_the_committed_schema() {
    let o = parcours(&["schema", "tests"]);
    assert_eq!(o.status.code(), Some(0));
    let committed = std::fs::read_to_string(repo("core/schema/tests.schema.json")).unwrap();
    assert_eq!(stdout(&o).trim_end(), committed.trim_end());
}

#[test]
fn show_commune_answers_with_the_commune_reference_and_says_when_it_is_missing() {
    let communes = repo("examples/reference/communes.csv");
    let o = parcours(&[
        "show",
        &shm(),
        "commune",
        "52269",
        "--date",
        "2018-01-01",
        "--communes",
        &communes,
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(
        text.lines()
            .any(|l| l.starts_with("first_line,52269,Langres,")
                && l.contains(",chirurgie,ch-chaumont,")),
        "{text}"
    );
    // A merged commune answers for its successor.
    let o = parcours(&[
        "show",
        &shm(),
        "commune",
        "52020",
        "--date",
        "2018-01-01",
        "--communes",
        &communes,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("52273"), "{}", stdout(&o));
    let o = parcours(&["show", &shm(), "commune", "52269", "--date", "2018-01-01"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--communes"), "{}", stderr(&o));
}
