//! The test-file runner (`parcours::expect`) fails where it should, with the explanation.

use std::path::Path;

use parcours::Network;
use parcours::expect::{TestFile, TestKind, run};

fn shm() -> Network {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/networks/sud-haut-marnais.json");
    Network::from_json_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn tests(text: &str) -> TestFile {
    TestFile::from_json_str(text, "inline.json").unwrap_or_else(|e| panic!("{e}"))
}

const CASE: &str = r#"{"filiere": "chirurgie", "origin": "ch-langres", "date": "2017-10-02", "level": "reference"}"#;

#[test]
fn a_changed_case_expectation_fails_with_the_explanation() {
    let ok = tests(&format!(
        r#"{{"cases": [{{"name": "after", "case": {CASE}, "expect": {{"target": "clinique-compassion-langres", "distance_km": 0}}}}]}}"#
    ));
    let report = run(&shm(), &ok).unwrap();
    assert!(report.ok(), "{report}");
    assert_eq!((report.passed, report.failed), (1, 0));

    let bad = tests(&format!(
        r#"{{"cases": [{{"name": "after", "case": {CASE}, "expect": {{"target": "chu-dijon", "step": "partner", "rule": null}}}}]}}"#
    ));
    let report = run(&shm(), &bad).unwrap();
    assert!(!report.ok());
    let r = &report.results[0];
    assert_eq!(r.kind, TestKind::Case);
    let fields: Vec<&str> = r.mismatches.iter().map(|m| m.field.as_str()).collect();
    assert_eq!(
        fields,
        ["target", "rule"],
        "step matched, the others did not"
    );
    assert_eq!(r.mismatches[0].actual, "clinique-compassion-langres");
    let text = report.to_string();
    assert!(text.contains("FAILED case `after`"), "{text}");
    assert!(
        text.contains("shm-chirurgie-gcs"),
        "the explanation cites the rule: {text}"
    );
    assert!(text.ends_with("0 passed, 1 failed"), "{text}");
}

#[test]
fn distance_tolerance_is_one_km_unless_given() {
    let file = |expect: &str| {
        tests(&format!(
            r#"{{"cases": [{{"name": "d", "case": {{"filiere": "chirurgie", "origin": "ch-langres", "date": "2017-09-15", "level": "reference"}}, "expect": {expect}}}]}}"#
        ))
    };
    // Langres - Dijon is 64 km in the shared vectors (to 1 km).
    assert!(run(&shm(), &file(r#"{"distance_km": 64}"#)).unwrap().ok());
    assert!(!run(&shm(), &file(r#"{"distance_km": 66}"#)).unwrap().ok());
    assert!(
        run(&shm(), &file(r#"{"distance_km": 66, "tolerance_km": 5}"#))
            .unwrap()
            .ok()
    );
}

#[test]
fn question_rows_compare_listed_columns_count_and_order() {
    let q = r#"{"question": "members", "grouping": "gcs-chirurgie-shm", "date": "2018-01-01"}"#;
    let run_rows = |rows: &str| {
        run(
            &shm(),
            &tests(&format!(
                r#"{{"questions": [{{"name": "m", "question": {q}, "expect": {{"rows": {rows}}}}}]}}"#
            )),
        )
        .unwrap()
    };
    // Members by role, then id: Bourbonne, Chaumont, Langres, the Compassion clinic, the CMC.
    let five = r#"[{}, {"member": "ej-ch-chaumont"}, {"member": "ej-ch-langres"}, {"member": "ej-clinique-compassion"}, {}]"#;
    assert!(run_rows(five).ok());
    // One row too few.
    let r = run_rows(r#"[{"member": "ej-ch-chaumont"}]"#);
    assert_eq!(r.results[0].mismatches[0].field, "rows");
    // Wrong order.
    let r = run_rows(r#"[{"member": "ej-ch-langres"}, {}, {}, {}, {}]"#);
    assert_eq!(r.results[0].mismatches[0].field, "rows/0/member");
    assert!(r.to_string().contains("the answer:"), "{r}");
    // A column that does not exist is named, with the columns that do.
    let r = run_rows(r#"[{"membre": "x"}, {}, {}, {}, {}]"#);
    let m = &r.results[0].mismatches[0];
    assert!(
        m.actual.as_str().unwrap().contains("no column `membre`"),
        "{m}"
    );
}

#[test]
fn question_errors_are_expected_or_reported() {
    let file = |question: &str, expect: &str| {
        tests(&format!(
            r#"{{"questions": [{{"name": "e", "question": {question}, "expect": {expect}}}]}}"#
        ))
    };
    let unknown = r#"{"question": "members", "grouping": "ght-21", "date": "2018-01-01"}"#;
    assert!(
        run(
            &shm(),
            &file(unknown, r#"{"error": "unknown grouping `ght-21`"}"#)
        )
        .unwrap()
        .ok()
    );
    let r = run(&shm(), &file(unknown, r#"{"rows": []}"#)).unwrap();
    assert_eq!(r.results[0].mismatches[0].field, "error");
    let known = r#"{"question": "members", "grouping": "ght-21-52", "date": "2018-01-01"}"#;
    let r = run(&shm(), &file(known, r#"{"error": "unknown"}"#)).unwrap();
    assert!(
        r.results[0].mismatches[0]
            .actual
            .as_str()
            .unwrap()
            .contains("no error: 9 rows")
    );
    // Neither rows nor error, or both.
    assert!(!run(&shm(), &file(known, "{}")).unwrap().ok());
    assert!(
        !run(&shm(), &file(known, r#"{"rows": [], "error": "x"}"#))
            .unwrap()
            .ok()
    );
}

#[test]
fn bad_test_files_are_located_errors() {
    let e = TestFile::from_json_str(
        r#"{"cases": [{"name": "x", "case": {}, "expect": {}}]}"#,
        "t.json",
    )
    .unwrap_err();
    let text = e.to_string();
    assert!(text.starts_with("cannot read test file `t.json`"), "{text}");
    assert_eq!(e.problem.pointer, "/cases/0/case");
    let e = TestFile::from_json_str(
        r#"{"cases": [{"name": "x", "case": {"filiere": "a", "origin": "b", "date": "2020-01-01"}, "expect": {"targett": "y"}}]}"#,
        "t.json",
    )
    .unwrap_err();
    assert_eq!(e.problem.pointer, "/cases/0/expect/targett");
    assert!(e.problem.message.contains("targett"), "{e}");
    let e = TestFile::from_json_str(
        r#"{"questions": [{"name": "x", "question": {"question": "who", "date": "2020-01-01"}, "expect": {"rows": []}}]}"#,
        "t.json",
    )
    .unwrap_err();
    assert!(e.to_string().contains("who"), "{e}");
    let e = TestFile::from_json_str(r#"{"cases": [}"#, "t.json").unwrap_err();
    assert_eq!((e.problem.line, e.problem.column), (Some(1), Some(12)));
    assert!(TestFile::from_json_str(r#"{"cases": [], "extra": 1}"#, "t.json").is_err());
}

#[test]
fn the_travel_matrix_of_the_file_is_used() {
    let file = tests(&format!(
        r#"{{"travel": [{{"from": "ch-langres", "to": "clinique-compassion-langres", "km": 3, "minutes": 7}}],
            "cases": [{{"name": "t", "case": {CASE}, "expect": {{"minutes": 7, "distance_km": 3}}}}]}}"#
    ));
    let report = run(&shm(), &file).unwrap();
    assert!(report.ok(), "{report}");
    let bad = tests(r#"{"travel": [{"from": "nowhere", "to": "ch-langres", "km": 3}]}"#);
    assert!(run(&shm(), &bad).is_err());
}
