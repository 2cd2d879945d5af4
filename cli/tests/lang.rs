//! `--lang`: explanations, invalid-case messages and diagnostics in French or English, the
//! same texts the library gives (`parcours::Lang`); a bad language exits 2 naming it.

mod common;
use common::{parcours, repo, shm, stderr, stdout};

#[test]
fn check_in_french_prints_french_diagnostics_text_and_json() {
    let broken = repo("examples/networks/broken/hpsm.json");
    let o = parcours(&["--lang", "fr", "check", &broken]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("erreur[P022]: le GHT"), "{text}");
    assert!(text.contains("= aide : "), "{text}");
    assert!(!text.contains("help:"), "{text}");
    // The option is global: after the subcommand too, and in JSON the texts are French.
    let o = parcours(&["check", &broken, "--format", "json", "--lang", "fr"]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON report");
    let d = report["diagnostics"]
        .as_array()
        .and_then(|a| a.iter().find(|d| d["code"] == "P022"))
        .expect("a P022 diagnostic");
    assert!(d["message"].as_str().unwrap().starts_with("le GHT"), "{d}");
    assert!(d["help"].as_str().unwrap().starts_with("tout GHT"), "{d}");
    // The default stays English.
    let o = parcours(&["check", &broken]);
    assert!(stdout(&o).contains("error[P022]: GHT"), "{}", stdout(&o));
}

#[test]
fn route_explains_in_french_with_network_names() {
    let dir = tempfile::tempdir().unwrap();
    let cases = dir.path().join("cases.json");
    std::fs::write(
        &cases,
        r#"[{"id": "a", "filiere": "chirurgie", "level": "reference", "origin": "ch-langres", "date": "2017-09-15"},
            {"id": "b", "filiere": "chirurgie", "origin": "ch-langres", "date": "2017-09-15", "flags": ["most-acute"]}]"#,
    )
    .unwrap();
    let cases = cases.to_string_lossy().into_owned();
    let o = parcours(&[
        "route",
        &shm(),
        &cases,
        "--explain",
        "--format",
        "json",
        "--lang",
        "fr",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let rows = out["results"].as_array().expect("results");
    let text = rows[0]["explanation_text"].as_str().unwrap();
    assert!(text.contains("par recours"), "{text}");
    assert!(
        text.contains("cas : filière Chirurgie, niveau référence"),
        "{text}"
    );
    assert!(
        text.contains("niveau insuffisant") || text.contains("pas d'autorisation"),
        "{text}"
    );
    assert_eq!(
        rows[1]["help"].as_str(),
        Some("vouliez-vous dire `most_acute` ?"),
        "{}",
        rows[1]
    );
}

#[test]
fn an_unknown_language_exits_2_naming_it_and_the_accepted_ones() {
    let o = parcours(&["--lang", "de", "check", &shm()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("'de'") && err.contains("en") && err.contains("fr"),
        "{err}"
    );
}

#[test]
fn load_errors_follow_lang_in_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.json");
    std::fs::write(&bad, "{\"id\": \"n\",\n \"name\": }").unwrap();
    let bad = bad.to_string_lossy().into_owned();
    let cases = dir.path().join("cases.json");
    std::fs::write(&cases, "[]").unwrap();
    let cases = cases.to_string_lossy().into_owned();
    for args in [
        vec!["check", &bad],
        vec!["route", &bad, &cases],
        vec!["show", &bad, "finess", "210780581"],
    ] {
        let mut fr = vec!["--lang", "fr"];
        fr.extend(args.iter().copied());
        let o = parcours(&fr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains("impossible de charger le réseau")
                && err.contains("[L001] valeur attendue (en /name, ligne 2, colonne 10)")
                && err.contains("aide : le fichier n'est pas du JSON bien formé"),
            "{args:?}: {err}"
        );
        // The default stays English.
        let o = parcours(&args);
        assert!(
            stderr(&o).contains("[L001] expected value (at /name, line 2 column 10)"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
}

#[test]
fn codes_prints_the_core_table() {
    let o = parcours(&["codes", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let got: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let shared: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo("test-data/codes.json")).unwrap())
            .unwrap();
    assert_eq!(got, shared);
    let fr = stdout(&parcours(&["--lang", "fr", "codes"]));
    assert!(
        fr.lines()
            .any(|l| l.starts_with("L004") && l.ends_with("une référence ne désigne aucune entité")),
        "{fr}"
    );
}
