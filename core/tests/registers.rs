//! The FINESS register readers on the public example files (examples/registers/finess/) and on
//! hostile inputs.
#![cfg(feature = "registers")]

use parcours::registers::{
    ConflictKind, ImportOptions, Mapping, merge, read_finess_extract, read_finess_json,
};
use parcours::{Case, Engine, GroupingKind, Network, Outcome, Role, SiteKind};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/registers/finess/");

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{DIR}{name}")).unwrap()
}

fn json(opts: &ImportOptions) -> parcours::registers::Import {
    read_finess_json(
        &fixture("structures-excerpt-20260309.json"),
        "structures.json",
        Some(&fixture("activites-excerpt-20260401.json")),
        "activites.json",
        opts,
    )
    .unwrap()
}

#[test]
fn example_flux_gives_a_fragment_that_loads_checks_and_routes() {
    let import = json(&ImportOptions::default());
    let net = &import.network;
    // The fragment is a network like any other: it survives a JSON round trip through the loader.
    let reloaded = Network::from_json_str(&net.to_json_pretty()).unwrap();
    assert_eq!(&reloaded, net);
    let sites: Vec<&str> = net.sites.iter().map(|s| s.id.as_str()).collect();
    // Establishments with coordinates; the others are left out with a warning.
    assert_eq!(sites, ["et-010780195", "et-010780310", "et-010780328"]);
    assert_eq!(net.legal_entities.len(), 5);
    let convert = &net.sites[0];
    assert_eq!(convert.legal_entity, "ej-010000156");
    assert_eq!(convert.kind, SiteKind::Clinic); // category 365
    let loc = net
        .locations
        .iter()
        .find(|l| l.id == convert.location)
        .unwrap();
    assert_eq!(loc.insee.as_deref(), Some("01053"));
    assert!((loc.lat - 46.211_257).abs() < 1e-9 && (loc.lon - 5.254_203).abs() < 1e-9);
    // Closed establishments keep their closing date.
    let closed = &net.sites[1];
    assert_eq!(closed.validity.to, Some("2020-10-27".parse().unwrap()));
    // Legal status from the FINESS code: 73 (SA) is commercial, 21 communal public.
    let status = |f: &str| {
        net.legal_entities
            .iter()
            .find(|e| e.finess_ej.as_ref().unwrap().as_str() == f)
            .unwrap()
            .legal_status
    };
    assert_eq!(status("010000156"), parcours::LegalStatus::PrivateForProfit);
    assert_eq!(status("010000016"), parcours::LegalStatus::Public);

    // GHT 21-52 is listed (gcc 1, type 001) with its support (pmSmsseId 14967) and eight
    // members, none of which the example file holds: the grouping is kept, every membership
    // reported.
    let ght = net.groupings.iter().find(|g| g.id == "gcc-1").unwrap();
    assert_eq!(ght.name, "21-52 Côte d'Or-Haute-Marne");
    assert_eq!(ght.kind, GroupingKind::Ght);
    assert_eq!(ght.validity.from, Some("2017-01-01".parse().unwrap()));
    assert!(net.memberships.iter().all(|m| m.grouping != "gcc-1"));
    let missing: Vec<_> = import
        .warnings
        .iter()
        .filter(|w| w.code == "R013" && w.entities.first().map(String::as_str) == Some("gcc-1"))
        .collect();
    assert_eq!(missing.len(), 9);
    assert!(
        missing
            .iter()
            .any(|w| w.message.contains("`14967` as its support")
                && w.pointer == "/gcc/0/pmejDuGcc/1"),
        "{missing:#?}"
    );
    assert_eq!(net.groupings.len(), 5 + 14);

    // Capabilities from the authorisations: cancer (AMF 18, four modalities, one capability)
    // and medicine (AMF 01); AMF 11 and ASR R4 are not in the default table.
    let caps: Vec<(&str, &str)> = net
        .capabilities
        .iter()
        .map(|c| (c.filiere.as_str(), c.level.as_str()))
        .collect();
    assert_eq!(caps, [("cancer", "reference"), ("medecine", "proximite")]);
    assert!(
        import
            .warnings
            .iter()
            .any(|w| w.code == "R014" && w.message.contains("activity (AMF) `11`"))
    );
    assert_eq!(import.stats.activities_inactive, 0); // the inactive ones are ASDR
    assert_eq!(import.stats.activities_other_nature, 4); // ASDR
    let fil: Vec<&str> = net.filieres.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(fil, ["medecine", "cancer"]);

    // It checks (diagnostics, not a failure) and routes.
    let report = parcours::check(net).unwrap();
    assert!(report.diagnostics.iter().any(|d| d.code == "P020"));
    let engine = Engine::compile(net).unwrap();
    let case = Case::new("cancer", "et-010780195", "2024-01-01".parse().unwrap());
    let d = engine.route(&case);
    assert_eq!(d.outcome, Outcome::Routed);
    assert_eq!(d.target, Some("et-010780195"));
    // Before the authorisation (2009-06-10) there is nowhere to go.
    let early = Case::new("cancer", "et-010780195", "2008-01-01".parse().unwrap());
    assert_ne!(engine.route(&early).outcome, Outcome::Routed);
}

#[test]
fn filters_keep_only_chosen_departements_and_categories() {
    let none = json(&ImportOptions::default().departements(["52"]));
    assert!(none.network.sites.is_empty() && none.network.groupings.is_empty());
    let ain = json(
        &ImportOptions::default()
            .departements(["1"])
            .categories(["365"]),
    );
    let sites: Vec<&str> = ain.network.sites.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(sites, ["et-010780195"]);
    assert_eq!(ain.network.legal_entities.len(), 1);
    let open = json(&ImportOptions::default().include_closed(false));
    assert_eq!(open.network.sites.len(), 1);
    // Memberships outside the filter are not reported as missing.
    assert!(ain.warnings.iter().all(|w| w.code != "R013"));
}

#[test]
fn user_mapping_table_changes_capabilities() {
    let table = "filiere;soins_palliatifs;Soins palliatifs;proximite\n\
                 activite;ASR;R4;*;*;soins_palliatifs;proximite;;Soins palliatifs\n";
    let mapping = Mapping::parse(table, "mine.csv").unwrap();
    let import = json(&ImportOptions::default().mapping(mapping));
    let caps: Vec<&str> = import
        .network
        .capabilities
        .iter()
        .map(|c| c.filiere.as_str())
        .collect();
    assert_eq!(caps, ["soins_palliatifs"]);
    assert!(import.network.validate().is_ok());
}

#[test]
fn truncated_and_mistyped_json_give_located_errors() {
    let text = fixture("structures-excerpt-20260309.json");
    let cut = &text[..text.len() / 2];
    let err = read_finess_json(cut, "cut.json", None, "", &ImportOptions::default()).unwrap_err();
    let p = &err.problems()[0];
    assert_eq!(p.code, "R001");
    assert!(p.line.unwrap() > 100, "{p}");
    assert!(p.help.as_deref().unwrap().contains("cut"));
    assert!(err.to_string().contains("cut.json"));

    let err = read_finess_json(
        r#"{"pmej": [{"informationsGeneralesPMEJ": {"numFinessPm": 10000156}}]}"#,
        "typed.json",
        None,
        "",
        &ImportOptions::default(),
    )
    .unwrap_err();
    let p = &err.problems()[0];
    assert_eq!(p.code, "R002");
    assert_eq!(p.pointer, "/pmej/0/informationsGeneralesPMEJ/numFinessPm");

    let err = read_finess_json(
        &fixture("structures-excerpt-20260309.json"),
        "s.json",
        Some("{\"pmej\": ["),
        "a.json",
        &ImportOptions::default(),
    )
    .unwrap_err();
    assert_eq!(err.file(), "a.json");
}

#[test]
fn bad_records_are_warnings_and_the_others_are_kept() {
    // Derived from the example's Clinique Convert: a second copy under a malformed number, a
    // duplicate establishment number, a corrupted check key, a member of a GCS that is absent
    // (tests/data/finess-hostile.json, which tests/lang.rs scans in both languages).
    let flux = &std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/finess-hostile.json"
    ))
    .unwrap();
    let import =
        read_finess_json(flux, "hostile.json", None, "", &ImportOptions::default()).unwrap();
    let codes: Vec<&str> = import.warnings.iter().map(|w| w.code.as_str()).collect();
    for c in ["R010", "R011", "R012", "R013", "R014", "R015"] {
        assert!(
            codes.contains(&c),
            "{c} missing from {:#?}",
            import.warnings
        );
    }
    let net = &import.network;
    assert_eq!(net.sites.len(), 1);
    assert_eq!(net.sites[0].kind, SiteKind::Other); // unknown category 999 is kept as `other`
    assert_eq!(net.legal_entities.len(), 1);
    let gcs = net
        .groupings
        .iter()
        .find(|g| g.id == "gcs-010000156")
        .unwrap();
    assert_eq!(gcs.kind, GroupingKind::GcsMoyens);
    assert_eq!(net.memberships.len(), 1);
    assert_eq!(net.memberships[0].role, Role::Member);
    net.validate().unwrap();
    // Only the corrupted number fails its key.
    let keys: Vec<&str> = import
        .warnings
        .iter()
        .filter(|w| w.code == "R011")
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(keys.len(), 1, "{keys:?}");
    assert!(keys[0].contains("`010780196`"));
    // Located: the duplicate names its place in the flux.
    let dup = import.warnings.iter().find(|w| w.code == "R012").unwrap();
    assert_eq!(dup.pointer, "/pmej/0/ege/1");
}

#[test]
fn extract_2016_reprojects_lambert_93() {
    let import = read_finess_extract(
        &fixture("extract-2016-ain.csv"),
        "extract-2016-ain.csv",
        &ImportOptions::default(),
    )
    .unwrap();
    let net = &import.network;
    assert_eq!(net.sites.len(), 3, "{:#?}", import.warnings);
    assert_eq!(import.stats.sites_without_coordinates, 2);
    // The three pharmacies of Ambérieu-en-Bugey (INSEE 01004); the JSON flux puts the town's
    // EHPAD at 45.968606, 5.350865: the reprojected points are within 3 km of it.
    for l in &net.locations {
        assert_eq!(l.insee.as_deref(), Some("01004"));
        assert!((l.lat - 45.968_606).abs() < 0.03, "{l:?}");
        assert!((l.lon - 5.350_865).abs() < 0.04, "{l:?}");
    }
    assert_eq!(
        net.sites[0].validity.from,
        Some("1989-06-12".parse().unwrap())
    );
    net.validate().unwrap();
}

#[test]
fn extract_2026_reads_overseas_lines_and_quotes() {
    let import = read_finess_extract(
        &fixture("extract-2026-structureet.csv"),
        "extract-2026-structureet.csv",
        &ImportOptions::default(),
    )
    .unwrap();
    // No geolocalisation line in this excerpt: every establishment is reported, none kept.
    assert_eq!(import.stats.sites_read, 14);
    assert_eq!(import.stats.sites_without_coordinates, 14);
    assert!(
        import.warnings.iter().all(|w| w.code != "R016"),
        "{:#?}",
        import.warnings
    );

    let geo = read_finess_extract(
        &fixture("extract-2026-geolocalisation.csv"),
        "extract-2026-geolocalisation.csv",
        &ImportOptions::default(),
    )
    .unwrap();
    let net = &geo.network;
    assert_eq!(net.sites.len(), 2);
    let gp = net
        .locations
        .iter()
        .find(|l| l.id == "loc-970100012")
        .unwrap();
    // Les Abymes, Guadeloupe (UTM zone 20N, EPSG:5490).
    assert_eq!(gp.insee.as_deref(), Some("97101"));
    assert!(
        (gp.lat - 16.27).abs() < 0.1 && (gp.lon + 61.5).abs() < 0.1,
        "{gp:?}"
    );
    let ain = net
        .locations
        .iter()
        .find(|l| l.id == "loc-010000024")
        .unwrap();
    assert!(
        (ain.lat - 46.2).abs() < 0.2 && (ain.lon - 5.25).abs() < 0.2,
        "{ain:?}"
    );
    // CH Fleyriat's legal entity is public (établissement public de santé).
    assert_eq!(
        net.legal_entities[0].legal_status,
        parcours::LegalStatus::Public
    );
}

#[test]
fn hostile_extract_lines_are_left_out_with_their_line() {
    let text = fixture("extract-2026-geolocalisation.csv");
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    // Cut the Guadeloupe line short, open a quote that never closes, add an unknown system.
    lines[2] = lines[2][..60].to_owned();
    lines.push("structureet;\"010780054;x".into());
    lines.push("geolocalisation;010000024;1;2;unknown system;2026-05-04".into());
    lines.push("bogus;line".into());
    let import =
        read_finess_extract(&lines.join("\n"), "hostile.csv", &ImportOptions::default()).unwrap();
    let at: Vec<(Option<usize>, &str)> = import
        .warnings
        .iter()
        .map(|w| (w.line, w.code.as_str()))
        .collect();
    assert!(at.contains(&(Some(3), "R016")), "{at:?}");
    assert!(at.contains(&(Some(6), "R016")), "{at:?}");
    assert!(at.contains(&(Some(8), "R016")), "{at:?}");
    // The later geolocalisation line of 010000024 names no system: that site is reported.
    assert!(import.warnings.iter().any(|w| w.code == "R015"));
    assert!(read_finess_extract("a;b;c\n", "x.csv", &ImportOptions::default()).is_err());
}

#[test]
fn merge_matches_by_finess_and_reports_conflicts() {
    let base_text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/networks/sud-haut-marnais.json"
    ))
    .unwrap();
    let base = Network::from_json_str(&base_text).unwrap();
    let frag = json(&ImportOptions::default()).network;
    let m = merge(&base, &frag);
    m.network.validate().unwrap();
    assert_eq!(m.added[1], 3);
    assert_eq!(m.network.rules, base.rules);
    // Merging again adds nothing.
    let again = merge(&m.network, &frag);
    assert_eq!(again.added, [0; 5]);
    assert_eq!(again.network, m.network);

    // A hand-written site holding a FINESS number of the register, with another commune, and
    // an id the register would use for another establishment.
    let mut hand = base.clone();
    // (By id: the seed's order is its canonical order, `parcours fmt`.)
    let site = |n: &Network, id: &str| n.sites.iter().position(|s| s.id == id).unwrap();
    let (chaumont, langres) = (site(&hand, "ch-chaumont"), site(&hand, "ch-langres"));
    hand.sites[chaumont].finess_et = Some(parcours::Finess::new("010780195").unwrap());
    hand.sites[langres].id = "et-010780310".into();
    let fixed = hand
        .to_json_pretty()
        .replace("\"ch-langres\"", "\"et-010780310\"");
    let hand = Network::from_json_str(&fixed).unwrap();
    let m = merge(&hand, &frag);
    assert!(
        m.conflicts
            .iter()
            .any(|c| c.kind == ConflictKind::DifferentFact && c.field.as_deref() == Some("commune"))
    );
    assert!(
        m.conflicts
            .iter()
            .any(|c| c.kind == ConflictKind::IdClash && c.entity == "et-010780310")
    );
    assert_eq!(m.matched_sites[0].0, "ch-chaumont");
    m.network.validate().unwrap();
}
