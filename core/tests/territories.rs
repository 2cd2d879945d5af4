//! People routed from where they live, on the Sud Haut-Marnais seed network with the real
//! commune reference of `examples/reference/` (INSEE COG 2026, populations 2023).

use std::sync::Arc;

use parcours::analysis::{Change, CoverageQuery, apply_changes, commune_origins};
use parcours::reference::Communes;
use parcours::{
    Case, CompileOptions, Engine, Network, Origin, Outcome, ReasonCode, Step, check,
    derive_ght_territories,
};

fn root(path: &str) -> String {
    std::fs::read_to_string(format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn communes() -> Arc<Communes> {
    Arc::new(
        Communes::from_csv(&root("examples/reference/communes.csv"), "communes.csv")
            .unwrap()
            .with_postal_codes(
                &root("examples/reference/postal_codes.csv"),
                "postal_codes.csv",
            )
            .unwrap(),
    )
}

fn shm() -> Network {
    Network::from_json_str(&root("examples/networks/sud-haut-marnais.json")).unwrap()
}

fn engine(n: &Network) -> Engine {
    Engine::compile_with(n, &CompileOptions::default().communes(communes())).unwrap()
}

fn from(origin: Origin, date: &str) -> Case {
    let mut c = Case::new("chirurgie", "", date.parse().unwrap()).level("reference");
    c.origin = origin;
    c
}

fn commune(code: &str) -> Origin {
    Origin::Commune {
        commune: code.into(),
    }
}

#[test]
fn langres_residents_enter_at_chaumont_then_reach_the_gcs_partner() {
    let e = engine(&shm());
    let before = e.route(&from(commune("52269"), "2017-09-15"));
    assert_eq!(before.outcome, Outcome::Routed);
    assert_eq!(before.target, Some("ch-chaumont"));
    assert_eq!(before.entry, Some("ch-chaumont"));
    assert_eq!(before.step, Some(Step::FirstLine));
    assert_eq!(before.commune, Some("52269"));
    let km = before.distance_km.unwrap();
    assert!((25.0..40.0).contains(&km), "Langres to Chaumont, {km} km");

    let after = e.route(&from(commune("52269"), "2017-10-01"));
    assert_eq!(after.target, Some("clinique-compassion-langres"));
    assert_eq!(after.step, Some(Step::Partner));
    assert_eq!(after.rule, Some("shm-chirurgie-gcs"));
    assert_eq!(after.entry, Some("ch-chaumont"));

    // What-if by residence works: without the GCS, Langres residents go back to Chaumont.
    let without = apply_changes(
        &shm(),
        &[Change::RemoveGrouping {
            grouping: "gcs-chirurgie-shm".into(),
        }],
    )
    .unwrap();
    let e = engine(&without);
    let d = e.route(&from(commune("52269"), "2018-01-01"));
    assert_eq!(d.target, Some("ch-chaumont"));
    assert_eq!(d.step, Some(Step::FirstLine));
}

#[test]
fn no_person_is_ever_local_away_from_home() {
    let refs = communes();
    let e = engine(&shm());
    let origins = commune_origins(&refs, &["52"]);
    assert_eq!(
        origins.len(),
        426,
        "Haute-Marne has 426 communes in COG 2026"
    );
    for date in ["2017-09-15", "2018-01-01"] {
        for level in ["proximite", "reference", "recours"] {
            let mut q = CoverageQuery::new("chirurgie", date.parse().unwrap());
            q.level = Some(level.into());
            let report = e.coverage(&origins, &q).unwrap();
            for row in &report.rows {
                assert_ne!(row.step, Some(Step::Local), "{} at {date}", row.origin);
                assert_eq!(
                    row.outcome,
                    Outcome::Routed,
                    "{} at {date} {level}",
                    row.origin
                );
                assert!(row.entry.is_some(), "{}", row.origin);
            }
        }
    }
}

#[test]
fn the_fingerprint_names_the_commune_reference() {
    let with = engine(&shm());
    let hash = with.fingerprint().communes_hash.clone().unwrap();
    assert!(hash.starts_with("sha256:"), "{hash}");
    // Same content, same hash; a reference without postal codes differs; no reference, none.
    assert_eq!(
        engine(&shm()).fingerprint().communes_hash.as_deref(),
        Some(hash.as_str())
    );
    let bare = Communes::from_csv(&root("examples/reference/communes.csv"), "c").unwrap();
    let other = Engine::compile_with(&shm(), &CompileOptions::default().communes(bare)).unwrap();
    assert_ne!(
        other.fingerprint().communes_hash.as_deref(),
        Some(hash.as_str())
    );
    assert_eq!(
        Engine::compile(&shm()).unwrap().fingerprint().communes_hash,
        None
    );
}

#[test]
fn gcs_changes_where_residents_around_langres_go() {
    let refs = communes();
    let origins = commune_origins(&refs, &["52"]);
    let q = CoverageQuery::new("chirurgie", "2018-01-01".parse().unwrap());
    let with = engine(&shm());
    let without = engine(
        &apply_changes(
            &shm(),
            &[Change::RemoveGrouping {
                grouping: "gcs-chirurgie-shm".into(),
            }],
        )
        .unwrap(),
    );
    let (a, b) = (
        with.coverage(&origins, &q).unwrap(),
        without.coverage(&origins, &q).unwrap(),
    );
    let changed: Vec<&str> = a
        .rows
        .iter()
        .zip(&b.rows)
        .filter(|(x, y)| x.target != y.target)
        .map(|(x, _)| x.origin.as_str())
        .collect();
    assert!(changed.contains(&"52269"), "Langres changes");
    assert!(changed.len() > 20, "only {} communes change", changed.len());
}

#[test]
fn merged_communes_and_postal_codes_resolve() {
    let e = engine(&shm());
    // Gonaincourt (52224) merged into Bourmont-entre-Meuse-et-Mouzon (52064) on 2019-01-01.
    let d = e.route(&from(commune("52224"), "2020-01-01"));
    assert_eq!(d.outcome, Outcome::Routed);
    assert_eq!(d.commune, Some("52064"));
    let explained = e.route_explained(&from(commune("52224"), "2020-01-01"));
    assert!(
        explained.to_string().contains("`52224` was merged into"),
        "{explained}"
    );
    // 52200 covers 19 communes and enters by the most populated, Langres.
    let d = e.route(&from(
        Origin::PostalCode {
            postal_code: "52200".into(),
        },
        "2018-01-01",
    ));
    assert_eq!(d.commune, Some("52269"));
    assert_eq!(d.target, Some("clinique-compassion-langres"));
}

#[test]
fn bad_origins_are_invalid_with_their_reason() {
    let e = engine(&shm());
    let reason = |o: Origin| e.route(&from(o, "2018-01-01")).reason;
    assert_eq!(reason(commune("52999")), Some(ReasonCode::UnknownCommune));
    assert_eq!(reason(commune("Langres")), Some(ReasonCode::UnknownCommune));
    assert_eq!(
        reason(Origin::PostalCode {
            postal_code: "99999".into()
        }),
        Some(ReasonCode::UnknownPostalCode)
    );
    // A commune far from the network: outside its territory and beyond its entry distance.
    let d = e.route(&from(commune("59350"), "2018-01-01"));
    assert_eq!(d.outcome, Outcome::NoRoute);
    assert_eq!(d.reason, Some(ReasonCode::OutsideTerritory));
    // Without a reference, a commune origin says what is missing.
    let bare = Engine::compile(&shm()).unwrap();
    assert_eq!(
        bare.route(&from(commune("52269"), "2018-01-01")).reason,
        Some(ReasonCode::NoCommuneReference)
    );
}

/// FINESS numbers from the public domain notes: CHU Dijon's legal entity (EJ) 210780581.
#[test]
fn finess_origins_resolve_and_bad_keys_are_refused() {
    let mut n = shm();
    let ej = n
        .legal_entities
        .iter_mut()
        .find(|e| e.id == "ej-chu-dijon")
        .unwrap();
    ej.finess_ej = Some(parcours::Finess::new("210780581").unwrap());
    let e = engine(&n);
    let finess = |f: &str| Origin::Finess { finess: f.into() };
    let d = e.route(&from(finess("210780581"), "2018-01-01"));
    assert_eq!(d.outcome, Outcome::Routed);
    assert_eq!(d.target, Some("chu-dijon"));
    assert_eq!(d.step, Some(Step::Local));
    let bad = e.route(&from(finess("210780582"), "2018-01-01"));
    assert_eq!(bad.reason, Some(ReasonCode::InvalidFiness));
    let short = e.route(&from(finess("21078058"), "2018-01-01"));
    assert_eq!(short.reason, Some(ReasonCode::InvalidFiness));
    // CHRU Lille's EJ: well formed, not in this network.
    let unknown = e.route(&from(finess("590780193"), "2018-01-01"));
    assert_eq!(unknown.reason, Some(ReasonCode::UnknownFiness));
}

#[test]
fn derived_territory_covers_the_departements_of_the_parties() {
    let refs = communes();
    let derived = derive_ght_territories(&shm(), &refs, "2018-01-01".parse().unwrap());
    assert_eq!(derived.len(), 1);
    let t = &derived[0];
    assert!(t.derived);
    assert!(
        t.communes
            .iter()
            .all(|c| c.starts_with("21") || c.starts_with("52"))
    );
    assert!(t.communes.contains(&"52269".to_owned()));
    assert_eq!(
        t.communes.len(),
        refs.in_departement("21").count() + refs.in_departement("52").count()
    );
    // Routing with the derived territory instead of the seed's gives the same Langres answer.
    let mut n = shm();
    n.territories = derived;
    n.entry = None;
    let e = engine(&n);
    let d = e.route(&from(commune("52269"), "2018-01-01"));
    assert_eq!(d.entry, Some("ch-chaumont"));
    assert_eq!(d.target, Some("clinique-compassion-langres"));
    // It starts on the date it was derived for.
    let d = e.route(&from(commune("52269"), "2017-12-31"));
    assert_eq!(d.reason, Some(ReasonCode::OutsideTerritory));
}

#[test]
fn territory_checks() {
    let mut n = shm();
    n.territories.push(
        serde_json::from_str(
            r#"{"id": "t-other", "name": "Other", "communes": ["52269", "52999"],
                "groupings": ["gcs-chirurgie-shm"]}"#,
        )
        .unwrap(),
    );
    // A second GHT claiming Langres.
    n.groupings.push(
        serde_json::from_str(r#"{"id": "ght-other", "name": "Other GHT", "kind": "ght"}"#).unwrap(),
    );
    n.territories.push(
        serde_json::from_str(
            r#"{"id": "t-ght-other", "name": "Other GHT territory", "communes": ["52269"],
                "groupings": ["ght-other"]}"#,
        )
        .unwrap(),
    );
    let e = engine(&n);
    let report = e.check(&n);
    let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"P050"), "{report}");
    assert!(codes.contains(&"P051"), "{report}");
    let p050 = report
        .diagnostics
        .iter()
        .find(|d| d.code == "P050")
        .unwrap();
    assert!(p050.message.contains("commune `52269`"), "{}", p050.message);
    // A GHT territory of Côte-d'Or and Langres only: the rest of Haute-Marne is uncovered.
    let mut partial = shm();
    partial.territories = vec![
        serde_json::from_str(
            r#"{"id": "t-partial", "name": "Partial", "departements": ["21"],
                "communes": ["52269"], "groupings": ["ght-21-52"]}"#,
        )
        .unwrap(),
    ];
    let report = engine(&partial).check(&partial);
    let p053 = report
        .diagnostics
        .iter()
        .find(|d| d.code == "P053")
        .unwrap();
    assert!(
        p053.message.starts_with("425 commune(s)"),
        "{}",
        p053.message
    );
    assert!(
        report.diagnostics.iter().any(|d| d.code == "P052"),
        "Chaumont and Bourbonne lie outside: {report}"
    );
    // The seed network itself: no overlap, no unknown commune; without a reference, no P051.
    let seed = check(&shm()).unwrap();
    assert!(
        !seed
            .diagnostics
            .iter()
            .any(|d| d.code.as_str().starts_with("P05")),
        "{seed}"
    );
}
