//! Engine behaviour beyond the case vectors: shared services, batches, threads, travel matrix
//! errors, explanations.

use std::sync::Arc;

use parcours::{CompileOptions, Engine, Format, Network, ServiceKind, TravelEntry};
use parcours_testkit::synthetic::{self, Params};

fn seed(name: &str) -> Network {
    let path = format!(
        "{}/../examples/networks/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    Network::load(
        &std::fs::read_to_string(&path).unwrap(),
        Format::Json,
        &path,
    )
    .unwrap()
}

#[test]
fn ch_chaumont_sterilises_for_the_five_from_september_2017() {
    let engine = Engine::compile(&seed("sud-haut-marnais")).unwrap();
    for site in [
        "ch-chaumont",
        "ch-langres",
        "ch-bourbonne",
        "cmc-chaumont",
        "clinique-compassion-langres",
    ] {
        let after = engine.shared_service(
            ServiceKind::Sterilisation,
            site,
            "2017-09-15".parse().unwrap(),
            false,
        );
        assert_eq!(after.len(), 1, "{site}");
        assert_eq!(after[0].provider, "ch-chaumont");
        assert_eq!(after[0].vehicle, Some("gcs-multiprogramme-shm"));
        let before = engine.shared_service(
            ServiceKind::Sterilisation,
            site,
            "2017-08-31".parse().unwrap(),
            false,
        );
        assert!(before.is_empty(), "{site} before the GCS");
    }
    let dijon = engine.shared_service(
        ServiceKind::Sterilisation,
        "chu-dijon",
        "2018-01-01".parse().unwrap(),
        false,
    );
    assert!(dijon.is_empty());
    assert!(
        engine
            .shared_service(
                ServiceKind::Laboratory,
                "ch-langres",
                "2018-01-01".parse().unwrap(),
                false
            )
            .is_empty()
    );
    assert!(
        engine
            .shared_service(
                ServiceKind::Sterilisation,
                "nowhere",
                "2018-01-01".parse().unwrap(),
                false
            )
            .is_empty()
    );
}

#[test]
fn explanation_cites_rules_and_sources() {
    let engine = Engine::compile(&seed("sud-haut-marnais")).unwrap();
    let case = parcours::Case::new("chirurgie", "ch-langres", "2017-10-02".parse().unwrap())
        .level("reference");
    let e = engine.route_explained(&case);
    assert!(
        e.trace
            .iter()
            .any(|t| t.rule == Some("shm-chirurgie-gcs") && t.source.is_some())
    );
    let text = e.to_string();
    assert!(text.contains("Clinique de la Compassion"), "{text}");
    assert!(text.contains("not authorised"), "{text}");
}

#[test]
fn batch_parallel_and_threads_agree_with_sequential() {
    let net = synthetic::national(&Params::small(), 11);
    let engine = Arc::new(Engine::compile(&net).unwrap());
    let cases = synthetic::cases(&net, 2_000, 5);
    let seq = engine.route_batch(&cases);
    assert_eq!(engine.route_batch_parallel(&cases, 3), seq);
    let seq_json = serde_json::to_string(&seq).unwrap();
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let engine = Arc::clone(&engine);
            let cases = cases.clone();
            std::thread::spawn(move || serde_json::to_string(&engine.route_batch(&cases)).unwrap())
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap(), seq_json);
    }
}

#[test]
fn travel_matrix_errors_name_the_entry() {
    let net = seed("sud-haut-marnais");
    let bad = vec![
        TravelEntry {
            from: "ch-langres".into(),
            to: "chu-dijonn".into(),
            km: Some(70.0),
            minutes: None,
        },
        TravelEntry {
            from: "nowhere".into(),
            to: "chu-dijon".into(),
            km: Some(70.0),
            minutes: None,
        },
        TravelEntry {
            from: "ch-langres".into(),
            to: "chu-dijon".into(),
            km: Some(-1.0),
            minutes: None,
        },
    ];
    let err = Engine::compile_with(&net, &CompileOptions::default().travel(bad)).unwrap_err();
    let pointers: Vec<&str> = err.problems().iter().map(|p| p.pointer.as_str()).collect();
    assert_eq!(pointers, ["/travel/0/to", "/travel/1/from", "/travel/2"]);
}

#[test]
fn compile_rejects_an_invalid_network() {
    let mut net = seed("hpsm");
    net.sites[0].location = "loc-nowhere".into();
    let err = Engine::compile(&net).unwrap_err();
    assert_eq!(err.code(), "L004");
}

#[test]
fn synthetic_national_network_has_the_documented_size() {
    let net = synthetic::national(&Params::national(), 42);
    assert!((3_900..=4_200).contains(&net.sites.len()));
    assert!((19_000..=21_000).contains(&net.rules.len()));
    assert_eq!(net.filieres.len(), 30);
    net.validate().unwrap();
}
