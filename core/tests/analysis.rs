//! Coverage and what-if on the seed networks.

use parcours::analysis::{
    Change, CoverageOrigin, CoverageQuery, apply_changes, diff, read_changes,
};
use parcours::{Case, Engine, Format, Network, Origin, Outcome};

fn shm() -> Network {
    let path = format!(
        "{}/../examples/networks/sud-haut-marnais.json",
        env!("CARGO_MANIFEST_DIR")
    );
    Network::load(
        &std::fs::read_to_string(&path).unwrap(),
        Format::Json,
        &path,
    )
    .unwrap()
}

fn origin(id: &str, population: f64) -> CoverageOrigin {
    CoverageOrigin {
        id: id.into(),
        name: None,
        origin: Origin::Id(id.into()),
        population: Some(population),
    }
}

#[test]
fn surgery_coverage_before_and_after_the_gcs() {
    let engine = Engine::compile(&shm()).unwrap();
    let origins = [
        origin("ch-chaumont", 22_000.0),
        origin("ch-langres", 7_500.0),
        origin("ch-bourbonne", 2_000.0),
    ];
    let mut q = CoverageQuery::new("chirurgie", "2017-06-01".parse().unwrap());
    q.level = Some("reference".into());
    let before = engine.coverage(&origins, &q).unwrap();
    // Before the GCS Bourbonne goes to Dijon, 88 km: beyond 80 km.
    let bourbonne = &before.rows[2];
    assert_eq!(bourbonne.target, Some("chu-dijon"));
    assert!(bourbonne.beyond_threshold);
    assert!((before.beyond_threshold - 2_000.0).abs() < 1e-9);
    q.date = "2017-10-02".parse().unwrap();
    let after = engine.coverage(&origins, &q).unwrap();
    assert!(after.rows.iter().all(|r| !r.beyond_threshold), "{after:?}");
    assert!(after.beyond_threshold.abs() < 1e-9);
    let within_45 = after
        .bands
        .iter()
        .find(|b| (b.within - 45.0).abs() < 1e-9)
        .unwrap();
    assert!((within_45.share - 1.0).abs() < 1e-9);
    // Before: Langres goes to Dijon (64 km), so only Chaumont is within 45 km.
    let within_45 = before
        .bands
        .iter()
        .find(|b| (b.within - 45.0).abs() < 1e-9)
        .unwrap();
    assert!((within_45.population - 22_000.0).abs() < 1e-9);
}

#[test]
fn coverage_counts_invalid_origins_as_no_route() {
    let engine = Engine::compile(&shm()).unwrap();
    let origins = [
        origin("ch-langres", 1.0),
        CoverageOrigin {
            id: "bad".into(),
            name: None,
            origin: Origin::Point {
                lat: 200.0,
                lon: 0.0,
            },
            population: None,
        },
    ];
    let r = engine
        .coverage(
            &origins,
            &CoverageQuery::new("chirurgie", "2018-01-01".parse().unwrap()),
        )
        .unwrap();
    assert_eq!(r.rows[1].outcome, Outcome::Invalid);
    assert!((r.no_route - 1.0).abs() < 1e-9);
    assert!((r.population - 2.0).abs() < 1e-9);
}

/// Issue 16: `coverage(filiere="chirugie")` used to report every origin "invalid", 100 %
/// without a route, and succeed. A query mistake is an error naming the value.
#[test]
fn a_bad_coverage_query_is_an_error_not_a_hundred_percent_without_route() {
    let engine = Engine::compile(&shm()).unwrap();
    let origins = vec![CoverageOrigin {
        id: "langres".into(),
        name: None,
        origin: Origin::Id("ch-langres".into()),
        population: None,
    }];
    let date = "2018-01-01".parse().unwrap();
    let error = |q: &CoverageQuery| engine.coverage(&origins, q).unwrap_err().to_string();
    assert_eq!(
        error(&CoverageQuery::new("chirugie", date)),
        "unknown filière `chirugie`\n  help: did you mean `chirurgie`?"
    );
    let mut q = CoverageQuery::new("chirurgie", date);
    q.level = Some("recour".into());
    assert_eq!(
        error(&q),
        "unknown level `recour` for the filière `chirurgie`\n  help: did you mean `recours`?"
    );
    q.level = Some("3".into());
    assert_eq!(
        error(&q),
        "unknown level `3` for the filière `chirurgie`\n  help: the levels of `chirurgie`, lowest first, are: `proximite`, `reference`, `recours`"
    );
    let mut q = CoverageQuery::new("chirurgie", date);
    q.bands = vec![30.0, f64::NAN];
    let bad = "the threshold or a band is negative or not a number";
    assert!(error(&q).starts_with(bad));
    q.bands = vec![30.0];
    q.threshold = -1.0;
    assert!(error(&q).starts_with(bad));
}

#[test]
fn without_the_surgery_gcs_bourbonne_travels_88_km_again() {
    let before = shm();
    let after = apply_changes(
        &before,
        &[Change::RemoveGrouping {
            grouping: "gcs-chirurgie-shm".into(),
        }],
    )
    .unwrap();
    let (a, b) = (
        Engine::compile(&before).unwrap(),
        Engine::compile(&after).unwrap(),
    );
    let cases: Vec<Case> = ["ch-chaumont", "ch-langres", "ch-bourbonne"]
        .iter()
        .map(|o| Case::new("chirurgie", *o, "2018-01-01".parse().unwrap()).level("reference"))
        .collect();
    let report = diff(&a, &b, &cases);
    assert_eq!(report.total, 3);
    assert_eq!(report.changed.len(), 2, "{report:?}");
    assert_eq!(report.groups.len(), 1);
    let g = &report.groups[0];
    assert_eq!(
        (g.from.as_deref(), g.to.as_deref(), g.count),
        (Some("clinique-compassion-langres"), Some("chu-dijon"), 2)
    );
    assert!(g.mean_delta_km.unwrap() > 50.0);
}

#[test]
fn a_member_leaving_and_a_closure_take_effect_on_their_date() {
    let before = shm();
    let changes = [
        Change::RemoveMember {
            grouping: "gcs-chirurgie-shm".into(),
            member: "ej-clinique-compassion".into(),
            from: Some("2019-01-01".parse().unwrap()),
        },
        Change::CloseCapability {
            site: "ch-chaumont".into(),
            filiere: "chirurgie".into(),
            from: Some("2020-01-01".parse().unwrap()),
        },
    ];
    let after = Engine::compile(&apply_changes(&before, &changes).unwrap()).unwrap();
    let route = |origin: &str, date: &str| {
        let case = Case::new("chirurgie", origin, date.parse().unwrap()).level("reference");
        after.route(&case).target.map(str::to_owned)
    };
    assert_eq!(
        route("ch-langres", "2018-12-31").as_deref(),
        Some("clinique-compassion-langres")
    );
    assert_eq!(
        route("ch-langres", "2019-01-01").as_deref(),
        Some("ch-chaumont")
    );
    assert_eq!(
        route("ch-chaumont", "2019-12-31").as_deref(),
        Some("ch-chaumont")
    );
    assert_eq!(
        route("ch-chaumont", "2020-01-01").as_deref(),
        Some("cmc-chaumont")
    );
}

#[test]
fn changes_naming_nothing_are_errors_with_a_pointer() {
    let err = apply_changes(
        &shm(),
        &[
            Change::RemoveGrouping {
                grouping: "gcs-nope".into(),
            },
            Change::MoveSharedService {
                service: "sterilisation-shm".into(),
                provider: "ch-langres".into(),
            },
            Change::CloseCapability {
                site: "ch-langres".into(),
                filiere: "chirurgie".into(),
                from: None,
            },
        ],
    )
    .unwrap_err();
    let pointers: Vec<&str> = err.problems().iter().map(|p| p.pointer.as_str()).collect();
    assert_eq!(pointers, ["/changes/0", "/changes/2"]);
    // A change that breaks a reference is caught by validation.
    let err = apply_changes(
        &shm(),
        &[Change::MoveSharedService {
            service: "sterilisation-shm".into(),
            provider: "ch-nowhere".into(),
        }],
    )
    .unwrap_err();
    assert_eq!(err.code(), "L004");
}

#[test]
fn changes_read_from_json() {
    let changes: Vec<Change> = serde_json::from_str(
        r#"[{"change": "remove_member", "grouping": "gcs-chirurgie-shm", "member": "ej-ch-langres", "from": "2020-01-01"},
            {"change": "move_shared_service", "service": "sterilisation-shm", "provider": "ch-langres"}]"#,
    )
    .unwrap();
    assert_eq!(changes.len(), 2);
    assert!(serde_json::from_str::<Vec<Change>>(r#"[{"change": "explode"}]"#).is_err());
}

/// Every kind of change, as a changes file writes it.
const EVERY_KIND: &str = r#"[
  {"change": "remove_member", "grouping": "gcs-chirurgie-shm", "member": "ej-ch-langres", "from": "2020-01-01"},
  {"change": "remove_grouping", "grouping": "gcs-chirurgie-shm"},
  {"change": "close_capability", "site": "ch-langres", "filiere": "chirurgie", "from": "2019-01-01"},
  {"change": "add_capability", "site": "ch-langres", "filiere": "chirurgie", "level": "reference", "validity": {"from": "2020-01-01"}},
  {"change": "add_site", "site": {"id": "cs-x", "name": "Centre X", "legal_entity": "ej-ch-langres", "kind": "health_centre", "location": "loc-x"},
   "location": {"id": "loc-x", "name": "X", "lat": 47.8, "lon": 5.3}},
  {"change": "add_membership", "grouping": "gcs-chirurgie-shm", "member": "ej-ch-langres", "role": "member"},
  {"change": "move_shared_service", "service": "sterilisation-shm", "provider": "ch-langres"}
]"#;

#[test]
fn read_changes_reads_every_kind_as_the_derived_reader_does() {
    let derived: Vec<Change> = serde_json::from_str(EVERY_KIND).unwrap();
    let read = read_changes(EVERY_KIND, "every.json").unwrap();
    assert_eq!(read, derived);
    assert_eq!(read.len(), 7);
    // The example changes file, with a byte order mark too.
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/analysis/sud-haut-marnais-without-surgery-gcs.json"
    ))
    .unwrap();
    let want = vec![Change::RemoveGrouping {
        grouping: "gcs-chirurgie-shm".into(),
    }];
    assert_eq!(read_changes(&text, "x").unwrap(), want);
    assert_eq!(read_changes(&format!("\u{feff}{text}"), "x").unwrap(), want);
    assert_eq!(read_changes("[]", "x").unwrap(), vec![]);
}

#[test]
fn read_changes_errors_name_the_file_and_the_pointer_with_a_hint() {
    for (text, code, pointer, message) in [
        (
            r#"{"change": "remove_grouping"}"#,
            "L002",
            "",
            "not a JSON array",
        ),
        (
            r#"[{"change": "remove_grouping", "grouping": "g"}, 3]"#,
            "L002",
            "/1",
            "a change is a JSON object",
        ),
        (
            r#"[{"grouping": "g"}]"#,
            "L002",
            "/0",
            "missing field `change`",
        ),
        (
            r#"[{"change": 7}]"#,
            "L002",
            "/0/change",
            "`change` is not a string",
        ),
        (
            r#"[{"change": "explode"}]"#,
            "L002",
            "/0/change",
            "unknown change `explode`",
        ),
        (
            r#"[{"change": "remove_grouping"}]"#,
            "L002",
            "/0",
            "missing field `grouping`",
        ),
        (
            r#"[{"change": "remove_grouping", "grouping": "g", "from": "2018-01-01"}]"#,
            "L002",
            "/0/from",
            "unknown field `from`",
        ),
        (
            r#"[{"change": "remove_member", "grouping": 3, "member": "m"}]"#,
            "L002",
            "/0/grouping",
            "invalid type",
        ),
        (
            r#"[{"change": "close_capability", "site": "s", "filiere": "f", "from": "2018-02-30"}]"#,
            "L002",
            "/0/from",
            "invalid date `2018-02-30`",
        ),
        (
            r#"[{"change": "add_capability", "site": "s", "filiere": "f"}]"#,
            "L002",
            "/0",
            "missing field `level`",
        ),
        (
            r#"[{"change": "add_site", "site": {"id": "x", "name": "X", "legal_entity": "e", "kind": "nowhere", "location": "l"}}]"#,
            "L002",
            "/0/site/kind",
            "unknown variant `nowhere`",
        ),
        (
            "[{\"change\": \"remove_grouping\",\n \"grouping\": }]",
            "L001",
            "/0/grouping",
            "expected value",
        ),
    ] {
        let err = read_changes(text, "what-if.json").unwrap_err();
        let parcours::Error::Load { file, problems } = &err else {
            panic!("{text}: {err}");
        };
        assert_eq!(file, "what-if.json", "{text}");
        assert_eq!(problems.len(), 1, "{text}");
        let p = &problems[0];
        assert_eq!(
            (p.code.as_str(), p.pointer.as_str()),
            (code, pointer),
            "{text}: {p}"
        );
        assert!(p.message.contains(message), "{text}: {p}");
        assert!(p.help.is_some(), "{text}: {p}");
    }
    // Syntax errors keep their position in the file.
    let err =
        read_changes("[{\"change\": \"remove_grouping\",\n \"grouping\": }]", "x").unwrap_err();
    assert_eq!(
        (err.problems()[0].line, err.problems()[0].column),
        (Some(2), Some(14))
    );
}

/// On a national-size synthetic network with GHTs and GCSs removed, the diff's groups are
/// exactly the changed cases counted by (before, after), largest first, ties by targets with
/// "no route" first.
#[test]
fn diff_groups_count_the_changed_cases_largest_first() {
    use std::collections::BTreeMap;
    let before =
        parcours_testkit::synthetic::national(&parcours_testkit::synthetic::Params::small(), 11);
    let removed: Vec<Change> = before
        .groupings
        .iter()
        .step_by(2)
        .map(|g| Change::RemoveGrouping {
            grouping: g.id.clone(),
        })
        .collect();
    let after = apply_changes(&before, &removed).unwrap();
    let (a, b) = (
        Engine::compile(&before).unwrap(),
        Engine::compile(&after).unwrap(),
    );
    let cases = parcours_testkit::synthetic::cases(&before, 3000, 5);
    let report = diff(&a, &b, &cases);
    assert_eq!(report.total, cases.len());
    let mut want: BTreeMap<(Option<String>, Option<String>), usize> = BTreeMap::new();
    for (i, c) in cases.iter().enumerate() {
        let (x, y) = (a.route(c), b.route(c));
        if x.target != y.target || x.outcome != y.outcome {
            *want
                .entry((x.target.map(str::to_owned), y.target.map(str::to_owned)))
                .or_default() += 1;
            assert!(report.changed.iter().any(|d| d.index == i));
        }
    }
    assert!(
        want.len() > 3,
        "the changes should move cases in several ways"
    );
    let got: BTreeMap<(Option<String>, Option<String>), usize> = report
        .groups
        .iter()
        .map(|g| ((g.from.clone(), g.to.clone()), g.count))
        .collect();
    assert_eq!(got, want);
    assert_eq!(report.changed.len(), want.values().sum::<usize>());
    for w in report.groups.windows(2) {
        let key = |g: &parcours::analysis::DiffGroup| {
            (std::cmp::Reverse(g.count), g.from.clone(), g.to.clone())
        };
        assert!(key(&w[0]) < key(&w[1]), "{:?} before {:?}", w[0], w[1]);
    }
}
