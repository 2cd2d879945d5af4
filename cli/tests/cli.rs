//! The `parcours` binary end to end: every subcommand, bad input and exit codes.

mod common;
use common::{parcours, refused_saying, repo, shm, stderr, stdout};

fn temp(name: &str, text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write temp file");
    (dir, path.to_string_lossy().into_owned())
}

// ---- check

#[test]
fn check_a_seed_network_exits_0_with_rustc_style_output() {
    let o = parcours(&["check", &shm()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("sud-haut-marnais.json"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn check_a_broken_network_exits_1_and_json_lists_the_codes() {
    let broken = repo("examples/networks/broken/sud-haut-marnais.json");
    let o = parcours(&["check", &broken]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(stdout(&o).contains("error[P0"), "{}", stdout(&o));
    let o = parcours(&["check", &broken, "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON report");
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics array");
    assert!(
        diagnostics
            .iter()
            .any(|d| d["severity"] == "error"
                && d["code"].as_str().is_some_and(|c| c.starts_with('P'))),
        "{report}"
    );
}

#[test]
fn check_a_missing_file_exits_2_naming_it() {
    let o = parcours(&["check", "no/such/network.json"]);
    refused_saying(&o, "cannot read `no/such/network.json`");
}

#[test]
fn malformed_json_names_the_file_line_and_column() {
    let (_d, path) = temp("bad.json", "{\n  \"id\": \"n\",\n  \"name\": \n}\n");
    let o = parcours(&["check", &path]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("bad.json") && err.contains("L001"), "{err}");
    assert!(err.contains(":4:1") || err.contains("line 4"), "{err}");
}

#[test]
fn an_unknown_field_is_an_input_error_with_its_pointer() {
    let (_d, path) = temp("unknown.json", r#"{"id": "n", "name": "N", "sitez": []}"#);
    let o = parcours(&["check", &path]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("sitez"), "{}", stderr(&o));
}

// ---- route

const CASES_CSV: &str = "\
id,filiere,level,origin,lat,lon,date,flags
before,chirurgie,reference,ch-langres,,,2017-09-15,
after,chirurgie,reference,ch-langres,,,2017-10-02,
bad-date,chirurgie,reference,ch-langres,,,2017-13-45,
point,chirurgie,recours,,47.8625,5.3331,2018-01-01,
acute,chirurgie,,ch-langres,,,2017-10-02,most_acute
";

/// A CSV reader that skips the fingerprint comment line outputs start with.
fn reader(csv_text: &str) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(csv_text.as_bytes())
}

fn rows(csv_text: &str) -> Vec<csv::StringRecord> {
    reader(csv_text)
        .records()
        .map(|r| r.expect("CSV record"))
        .collect()
}

#[test]
fn route_csv_gives_the_gcs_answer_by_date_and_keeps_bad_rows() {
    let (_d, cases) = temp("cases.csv", CASES_CSV);
    let o = parcours(&["route", &shm(), &cases]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let mut reader = reader(&out);
    let header = reader.headers().expect("header").clone();
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let rows = rows(&out);
    assert_eq!(rows.len(), 5);
    let (id, outcome, target, entry, error) = (
        col("id"),
        col("outcome"),
        col("target"),
        col("entry"),
        col("error"),
    );
    assert_eq!(&rows[0][target], "chu-dijon");
    assert_eq!(&rows[1][target], "clinique-compassion-langres");
    assert_eq!(&rows[2][id], "bad-date");
    assert_eq!(&rows[2][outcome], "invalid");
    assert!(rows[2][error].contains("line 4"), "{}", &rows[2][error]);
    assert!(rows[2][error].contains("date"), "{}", &rows[2][error]);
    assert_eq!(&rows[3][target], "chu-dijon");
    assert_eq!(&rows[3][entry], "ch-chaumont");
    assert_eq!(&rows[4][target], "chu-dijon");
}

#[test]
fn route_csv_columns_are_the_core_result_columns() {
    let (_d, cases) = temp("cases.csv", CASES_CSV);
    for extra in [&[][..], &["--explain"][..]] {
        let o = parcours(&[&["route", &shm(), &cases][..], extra].concat());
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let out = stdout(&o);
        let header = reader(&out).headers().expect("header").clone();
        let mut want: Vec<&str> = parcours::results::RESULT_COLUMNS
            .iter()
            .map(|c| c.name)
            .collect();
        if !extra.is_empty() {
            want.push("explanation");
        }
        assert_eq!(header.iter().collect::<Vec<_>>(), want);
        // A column that may not be null has a value on every row, bad rows included.
        for (k, c) in parcours::results::RESULT_COLUMNS.iter().enumerate() {
            if !c.nullable {
                assert!(rows(&out).iter().all(|r| !r[k].is_empty()), "{}", c.name);
            }
        }
    }
    // A tele-service-first decision (the Alliance's EHPAD pathway) shows both sites.
    let alliance = repo("examples/networks/alliance-ouest-parisien.json");
    let (_e, ehpad) = temp(
        "ehpad.csv",
        "id,filiere,origin,date,ehpad_resident\n1,urgences,ehpad-solemnes,2019-06-01,true\n",
    );
    let o = parcours(&["route", &alliance, &ehpad]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let header = reader(&out).headers().expect("header").clone();
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let row = &rows(&out)[0];
    assert_eq!(&row[col("step")], "tele_service");
    assert_eq!(&row[col("tele_service")], "tele-foch-urgences-ehpad");
    assert_eq!(&row[col("fallback_target")], "hopital-foch");
}

#[test]
fn route_json_with_explain_gives_trace_and_alternatives() {
    let (_d, cases) = temp("cases.csv", CASES_CSV);
    let o = parcours(&["route", &shm(), &cases, "--format", "json", "--explain"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let output: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON output");
    let rows = &output["results"];
    let first = &rows[0];
    assert_eq!(first["target"], "chu-dijon");
    assert!(
        first["explanation"]["trace"]
            .as_array()
            .is_some_and(|t| !t.is_empty())
    );
    assert!(first["explanation"]["alternatives"].is_array());
    assert_eq!(rows[2]["outcome"], "invalid");
}

#[test]
fn route_reads_the_shared_case_files_and_agrees_with_them() {
    let file = repo("examples/cases/sud-haut-marnais.json");
    let o = parcours(&["route", &shm(), &file, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let output: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON output");
    let rows = &output["results"];
    let text = std::fs::read_to_string(&file).expect("case file");
    let vectors: serde_json::Value = serde_json::from_str(&text).expect("case file JSON");
    let vectors = vectors["cases"].as_array().expect("cases");
    let rows = rows.as_array().expect("results");
    assert_eq!(rows.len(), vectors.len());
    for (row, v) in rows.iter().zip(vectors) {
        for key in ["outcome", "target", "step"] {
            if let Some(want) = v["expect"].get(key) {
                assert_eq!(&row[key], want, "{}: {key}", v["name"]);
            }
        }
    }
}

#[test]
fn route_writes_to_a_file_with_output() {
    let (dir, cases) = temp("cases.csv", CASES_CSV);
    let out = dir.path().join("out.csv");
    let o = parcours(&["route", &shm(), &cases, "-o", &out.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    let text = std::fs::read_to_string(out).expect("output file");
    assert_eq!(rows(&text).len(), 5);
}

#[test]
fn route_ignores_an_unknown_column_saying_so_and_refuses_a_missing_one() {
    let (_d, cases) = temp(
        "cases.csv",
        "filiere,date,orign\nchirurgie,2018-01-01,ch-langres\n",
    );
    let o = parcours(&["route", &shm(), &cases]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("ignoring 1 column parcours does not read: `orign`"),
        "{}",
        stderr(&o)
    );
    // The misspelt origin is not read: the case has none.
    let out = stdout(&o);
    let header = reader(&out).headers().expect("header").clone();
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let row = &rows(&out)[0];
    assert_eq!(&row[col("outcome")], "invalid");
    assert!(
        row[col("error")].contains("no origin"),
        "{}",
        &row[col("error")]
    );
    let (_d, cases) = temp("cases.csv", "origin,date\nch-langres,2018-01-01\n");
    let o = parcours(&["route", &shm(), &cases]);
    refused_saying(&o, "missing column `filiere`");
}

#[test]
fn route_json_errors_point_into_the_record() {
    let (_d, cases) = temp(
        "cases.json",
        r#"[{"filiere": "chirurgie", "origin": "ch-langres", "date": "2018-01-01"},
            {"filiere": "chirurgie", "origin": "ch-langres", "date": "2018-01-01", "agee": 3}]"#,
    );
    let o = parcours(&["route", &shm(), &cases, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let output: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON output");
    let rows = &output["results"];
    assert_eq!(rows[0]["outcome"], "routed");
    assert_eq!(rows[1]["outcome"], "invalid");
    let error = rows[1]["error"].as_str().expect("error");
    assert!(error.contains("/1") && error.contains("agee"), "{error}");
}

// ---- coverage

#[test]
fn coverage_table_shows_the_communes_beyond_80_km_and_the_totals() {
    let origins = repo("examples/origins/sud-haut-marnais.csv");
    let args = [
        "coverage",
        &shm(),
        &origins,
        "--filiere",
        "chirurgie",
        "--level",
        "recours",
        "--date",
        "2018-01-01",
    ];
    let o = parcours(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let chaumont = out
        .lines()
        .find(|l| l.starts_with("52121"))
        .expect("a Chaumont row");
    assert!(
        chaumont.contains("chu-dijon") && chaumont.contains("88.") && chaumont.ends_with("yes"),
        "{chaumont}"
    );
    assert!(out.contains("within    80 km"), "{out}");
    assert!(out.contains("60 origins"), "{out}");
}

/// Issue 16: a misspelt filière reported 100 % of the population without a route, exit 0.
#[test]
fn a_bad_coverage_filiere_or_level_exits_2_naming_it() {
    let origins = repo("examples/origins/sud-haut-marnais.csv");
    for (filiere, level, message) in [
        (
            "chirugie",
            "recours",
            "unknown filière `chirugie`\n  help: did you mean `chirurgie`?",
        ),
        (
            "chirurgie",
            "recour",
            "unknown level `recour` for the filière `chirurgie`\n  help: did you mean `recours`?",
        ),
    ] {
        let args = [
            "coverage",
            &shm(),
            &origins,
            "--filiere",
            filiere,
            "--level",
            level,
            "--date",
            "2018-01-01",
        ];
        let o = parcours(&args);
        assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
        assert!(stderr(&o).contains(message), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("\nerror: [Q001] unknown"),
            "{}",
            stderr(&o)
        );
        assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    }
    // In French, with its code; a negative threshold is a bad parameter (Q004).
    for (filiere, extra, want) in [
        (
            "chirugie",
            "--threshold=80",
            "\nerreur : [Q001] filière inconnue `chirugie`\n  aide : vouliez-vous dire `chirurgie` ?",
        ),
        (
            "chirurgie",
            "--threshold=-5",
            "\nerreur : [Q004] le seuil ou une tranche est négatif",
        ),
    ] {
        let o = parcours(&[
            "--lang",
            "fr",
            "coverage",
            &shm(),
            &origins,
            "--filiere",
            filiere,
            "--date",
            "2018-01-01",
            extra,
        ]);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains(want), "{}", stderr(&o));
    }
}

#[test]
fn coverage_csv_and_json_agree() {
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
    let csv_out = parcours(&[&base[..], &["--format", "csv"]].concat());
    let json_out = parcours(&[&base[..], &["--format", "json"]].concat());
    assert_eq!(csv_out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&json_out.stdout).expect("JSON");
    let csv_rows = rows(&stdout(&csv_out));
    let json_rows = report["rows"].as_array().expect("rows");
    assert_eq!(csv_rows.len(), 60);
    assert_eq!(json_rows.len(), 60);
    for (c, j) in csv_rows.iter().zip(json_rows) {
        assert_eq!(&c[0], j["origin"].as_str().expect("origin"));
        assert_eq!(&c[5], j["target"].as_str().unwrap_or(""));
    }
    let bands = report["bands"].as_array().expect("bands");
    assert_eq!(bands.len(), 3);
}

#[test]
fn coverage_rows_without_coordinates_are_invalid_not_fatal() {
    let (_d, origins) = temp(
        "origins.csv",
        "id,name,lat,lon,population\nok,Langres,47.8625,5.3331,7000\nhalf,Nowhere,,5.0,10\nsite,CH,,,\n",
    );
    let o = parcours(&[
        "coverage",
        &shm(),
        &origins,
        "--filiere",
        "chirurgie",
        "--date",
        "2018-01-01",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = rows(&stdout(&o));
    assert_eq!(&r[0][3], "routed");
    assert_eq!(&r[1][3], "invalid");
    assert_eq!(&r[2][3], "invalid");
}

#[test]
fn coverage_without_coordinates_or_origin_columns_is_refused() {
    let (_d, origins) = temp("origins.csv", "id,name\na,A\n");
    let o = parcours(&[
        "coverage",
        &shm(),
        &origins,
        "--filiere",
        "chirurgie",
        "--date",
        "2018-01-01",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("`lat` and `lon`"), "{}", stderr(&o));
}

// ---- diff

fn stays() -> String {
    repo("examples/analysis/sud-haut-marnais-surgery-stays.csv")
}

fn no_gcs() -> String {
    repo("examples/analysis/sud-haut-marnais-without-surgery-gcs.json")
}

#[test]
fn diff_without_the_surgery_gcs_sends_langres_and_bourbonne_to_dijon() {
    let o = parcours(&[
        "diff",
        &shm(),
        "--changes",
        &no_gcs(),
        &stays(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(report["total"], 36);
    let groups = report["groups"].as_array().expect("groups");
    assert!(
        groups
            .iter()
            .any(|g| g["from"] == "clinique-compassion-langres" && g["to"] == "chu-dijon"),
        "{report}"
    );
    let table = stdout(&parcours(&[
        "diff",
        &shm(),
        "--changes",
        &no_gcs(),
        &stays(),
    ]));
    assert!(table.contains("of 36 cases change target"), "{table}");
}

#[test]
fn diff_of_a_network_with_itself_is_empty_and_fail_on_change_exits_1_only_on_change() {
    let o = parcours(&["diff", &shm(), &shm(), &stays(), "--fail-on-change"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // After the two fingerprint lines (before, after).
    assert!(
        stdout(&o)
            .lines()
            .nth(2)
            .is_some_and(|l| l.starts_with("0 of 36")),
        "{}",
        stdout(&o)
    );
    let o = parcours(&[
        "diff",
        &shm(),
        "--changes",
        &no_gcs(),
        &stays(),
        "--fail-on-change",
    ]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn diff_with_bad_changes_or_the_wrong_number_of_files_exits_2() {
    let (_d, changes) = temp(
        "changes.json",
        r#"[{"change": "remove_grouping", "grupping": "x"}]"#,
    );
    let o = parcours(&["diff", &shm(), "--changes", &changes, &stays()]);
    refused_saying(&o, "changes.json");
    refused_saying(&o, "grupping");
    let (_d2, changes) = temp(
        "changes.json",
        r#"[{"change": "remove_grouping", "grouping": "nope"}]"#,
    );
    let o = parcours(&["diff", &shm(), "--changes", &changes, &stays()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nope"), "{}", stderr(&o));
    let o = parcours(&["diff", &shm(), &stays()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("BEFORE AFTER CASES"), "{}", stderr(&o));
}

// ---- schema, help, usage

#[test]
fn schema_prints_the_committed_schemas() {
    let o = parcours(&["schema"]);
    assert_eq!(o.status.code(), Some(0));
    let printed: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON schema");
    let committed: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo("core/schema/network.schema.json")).expect("schema file"),
    )
    .expect("committed schema");
    assert_eq!(printed, committed);
    let o = parcours(&["schema", "case"]);
    let case: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON schema");
    assert_eq!(case["title"], "Case");
}

#[test]
fn every_subcommand_has_help_with_examples() {
    for sub in ["check", "route", "coverage", "diff", "schema"] {
        let o = parcours(&[sub, "--help"]);
        assert_eq!(o.status.code(), Some(0));
        let help = stdout(&o);
        assert!(
            help.contains("Examples:") && help.contains(&format!("parcours {sub}")),
            "{sub}: {help}"
        );
    }
    let o = parcours(&["--help"]);
    assert!(stdout(&o).contains("Exit codes"));
}

#[test]
fn bad_usage_exits_2() {
    assert_eq!(parcours(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(parcours(&["route", &shm()]).status.code(), Some(2));
    let o = parcours(&[
        "coverage",
        &shm(),
        "x.csv",
        "--filiere",
        "chirurgie",
        "--date",
        "2018-02-30",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("2018-02-30"), "{}", stderr(&o));
}

#[test]
fn a_network_file_that_is_not_utf8_is_a_located_load_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("latin1.json");
    std::fs::write(&path, b"{\"id\": \"n\",\n \"name\": \"H\xf4pital\"}").expect("write");
    let o = parcours(&["check", &path.to_string_lossy()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("[L001] byte 0xF4 is not UTF-8 text (at line 2 column 12)")
            && err.contains("iconv"),
        "{err}"
    );
}
