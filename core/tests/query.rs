//! Questions at a date (`parcours::query`): shapes, semantics beyond the shared vectors of
//! examples/cases, and bad questions.

use std::path::Path;

use parcours::query::{Answer, Question};
use parcours::{Engine, Network};
use serde_json::json;

fn seed(name: &str) -> Network {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../examples/networks/{name}.json"));
    Network::from_json_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn ask(net: &Network, q: serde_json::Value) -> Answer {
    let engine = Engine::compile(net).unwrap();
    let q: Question = serde_json::from_value(q).unwrap();
    engine.answer(net, &q).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_row_has_the_declared_columns_in_order() {
    let shm = seed("sud-haut-marnais");
    let sos = seed("sos-medecins");
    let answers = [
        ask(
            &shm,
            json!({"question": "members", "grouping": "ght-21-52", "date": "2018-01-01"}),
        ),
        ask(
            &shm,
            json!({"question": "groupings", "member": "ch-langres", "date": "2018-01-01"}),
        ),
        ask(
            &shm,
            json!({"question": "capabilities", "site": "chu-dijon", "date": "2018-01-01"}),
        ),
        ask(
            &shm,
            json!({"question": "sites_by_finess", "finess": "210780581"}),
        ),
        ask(
            &sos,
            json!({"question": "tele_services", "origin": "sos-medecins-caen", "date": "2023-01-10", "include_planned": true}),
        ),
    ];
    for a in &answers {
        assert!(!a.is_empty());
        for row in a.rows() {
            let keys: Vec<&str> = row.keys().map(String::as_str).collect();
            let mut want: Vec<&str> = a.columns().to_vec();
            want.sort_unstable(); // serde_json maps are sorted
            assert_eq!(keys, want);
        }
    }
}

#[test]
fn questions_read_and_write_the_same_json() {
    for q in [
        json!({"question": "members", "grouping": "g", "date": "2018-01-01", "include_planned": true}),
        json!({"question": "tele_services", "origin": {"lat": 1.0, "lon": 2.0}, "date": "2018-01-01", "filiere": "f", "include_planned": false}),
        json!({"question": "sites_by_finess", "finess": "210780581", "include_planned": false}),
    ] {
        let parsed: Question = serde_json::from_value(q.clone()).unwrap();
        assert_eq!(serde_json::to_value(&parsed).unwrap(), q);
    }
    let unknown_field =
        json!({"question": "members", "grouping": "g", "date": "2018-01-01", "when": 1});
    assert!(serde_json::from_value::<Question>(unknown_field).is_err());
    let missing_date = json!({"question": "members", "grouping": "g"});
    let e = serde_json::from_value::<Question>(missing_date).unwrap_err();
    assert!(e.to_string().contains("date"), "{e}");
}

/// A network where the groupings nest in a cycle (a member of b, b member of a): the checks
/// report it; the questions must still answer, without looping.
#[test]
fn nested_groupings_in_a_cycle_still_answer() {
    let net = Network::from_json_str(
        &json!({
            "id": "cycle", "name": "cycle",
            "locations": [{"id": "l", "name": "l", "lat": 47.0, "lon": 5.0}],
            "legal_entities": [{"id": "e", "name": "e", "legal_status": "public"}],
            "sites": [{"id": "s", "name": "s", "legal_entity": "e", "kind": "hospital", "location": "l"}],
            "groupings": [
                {"id": "a", "name": "A", "kind": "gcs_moyens"},
                {"id": "b", "name": "B", "kind": "gcs_moyens", "validity": {"from": "2020-01-01"}}
            ],
            "memberships": [
                {"grouping": "a", "member": "s", "role": "member"},
                {"grouping": "b", "member": "a", "role": "founding_member"},
                {"grouping": "a", "member": "b", "role": "member"}
            ]
        })
        .to_string(),
    )
    .unwrap();
    let rows = ask(
        &net,
        json!({"question": "groupings", "member": "s", "date": "2021-01-01"}),
    )
    .rows();
    let got: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| {
            (
                r["grouping"].to_string(),
                r["how"].to_string(),
                r["via"].to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("\"a\"".into(), "\"direct\"".into(), "null".into()),
            ("\"b\"".into(), "\"nested\"".into(), "\"a\"".into()),
        ]
    );
    // b starts in 2020: through b, nothing before.
    let rows = ask(
        &net,
        json!({"question": "groupings", "member": "s", "date": "2019-01-01"}),
    )
    .rows();
    assert_eq!(rows.len(), 1);
    let rows = ask(
        &net,
        json!({"question": "members", "grouping": "a", "date": "2021-01-01"}),
    )
    .rows();
    assert_eq!(rows.len(), 2);
    // Same role: by member id, so the grouping `b` before the site `s`.
    assert_eq!(rows[0]["kind"], "grouping");
    assert_eq!(rows[1]["kind"], "site");
}

#[test]
fn bad_questions_are_errors_naming_the_value() {
    let shm = seed("sud-haut-marnais");
    let engine = Engine::compile(&shm).unwrap();
    let err = |q: serde_json::Value| {
        let q: Question = serde_json::from_value(q).unwrap();
        engine.answer(&shm, &q).unwrap_err()
    };
    let e = err(json!({"question": "capabilities", "site": "chu-dijonn", "date": "2018-01-01"}));
    assert_eq!(e.message, "unknown site `chu-dijonn`");
    assert_eq!(e.help.as_deref(), Some("did you mean `chu-dijon`?"));
    let e = err(json!({"question": "groupings", "member": "zzzzzzzzzz", "date": "2018-01-01"}));
    assert!(
        e.help
            .unwrap()
            .contains("a site, a legal entity or a grouping")
    );
    let e = err(
        json!({"question": "tele_services", "origin": {"lat": 47.0, "lon": 500.0}, "date": "2018-01-01"}),
    );
    assert!(e.message.contains("not WGS84"), "{e}");
    let e = err(
        json!({"question": "tele_services", "origin": "ch-langres", "filiere": "chirugie", "date": "2018-01-01"}),
    );
    assert_eq!(e.help.as_deref(), Some("did you mean `chirurgie`?"));
    let e = err(json!({"question": "sites_by_finess", "finess": "21078058é"}));
    assert!(e.message.contains("exactly 9 letters or digits"), "{e}");
    let e = err(json!({"question": "sites_by_finess", "finess": "210780598"}));
    assert!(e.message.contains("check digit"), "{e}");
    // Without a commune reference, a commune cannot be placed.
    let e = err(json!({"question": "commune", "commune": "52269", "date": "2018-01-01"}));
    assert_eq!(
        e.message,
        "commune `52269`: the engine has no commune reference"
    );
}

/// The `commune` question on the seed network with the committed commune reference: the
/// first-line site it gives is the entry routing gives a resident, for every Haute-Marne
/// commune, before and after the surgery GCS.
#[test]
fn the_first_line_of_a_commune_is_the_entry_of_its_residents() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/reference");
    let communes = parcours::reference::Communes::from_csv(
        &std::fs::read_to_string(root.join("communes.csv")).unwrap(),
        "communes.csv",
    )
    .unwrap();
    let shm = seed("sud-haut-marnais");
    let engine = Engine::compile_with(
        &shm,
        &parcours::CompileOptions::default().communes(std::sync::Arc::new(communes.clone())),
    )
    .unwrap();
    let mut checked = 0;
    let haute_marne = communes
        .all()
        .iter()
        .filter(|c| c.departement == "52" && c.successor.is_none());
    for c in haute_marne {
        for date in ["2017-09-15", "2018-03-01"] {
            let q: Question = serde_json::from_value(json!(
                {"question": "commune", "commune": c.code, "date": date, "filiere": "chirurgie"}
            ))
            .unwrap();
            let rows = engine.answer(&shm, &q).unwrap().rows();
            let first = rows.iter().find(|r| r["fact"] == "first_line").unwrap();
            let mut case = parcours::Case::new("chirurgie", "", date.parse().unwrap());
            case.origin = parcours::Origin::Commune {
                commune: c.code.clone(),
            };
            case.level = Some("proximite".into());
            let d = engine.route(&case);
            let entry = d.entry.map(|e| json!(e)).unwrap_or(json!(null));
            assert_eq!(first["site"], entry, "{} at {date}: {d:?}", c.code);
            checked += 1;
        }
    }
    assert!(checked > 700, "{checked}");
}

#[test]
fn a_location_origin_uses_national_services_only() {
    let net = seed("alliance-ouest-parisien");
    let loc = net.locations[0].id.clone();
    let rows = ask(
        &net,
        json!({"question": "tele_services", "origin": loc, "date": "2020-01-01"}),
    )
    .rows();
    assert!(
        rows.is_empty(),
        "the Foch service is for named requesters only: {rows:?}"
    );
}
