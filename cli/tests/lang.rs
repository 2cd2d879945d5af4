//! `--lang`: explanations, invalid-case messages, diagnostics and every readable output (history,
//! tables, totals of coverage, diff, show, test) in French or English, the same texts the library
//! gives (`parcours::Lang`); a bad language exits 2 naming it.

mod common;
// The other language's words in a text: the core language tests' rule, one file for both.
#[path = "../../core/tests/marker_words/mod.rs"]
mod marker_words;
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
    assert!(err.contains("`de`") && err.contains("`en`, `fr`"), "{err}");
}

/// The marker words of `examples/lang/markers.json` for `key` (`en`, `fr`, `terms`).
fn markers(key: &str) -> Vec<String> {
    let text = std::fs::read_to_string(repo("examples/lang/markers.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect()
}

/// Every string of a JSON document, and every cell of a CSV file: the values an output may
/// repeat, which are not words of either language.
fn values_of(files: &[String]) -> Vec<String> {
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) if s.chars().count() > 1 => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            serde_json::Value::Object(m) => m.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(f).unwrap();
        if std::path::Path::new(f)
            .extension()
            .is_some_and(|e| e == "json")
        {
            walk(&serde_json::from_str(&text).unwrap(), &mut out);
        } else {
            out.extend(
                text.split(['\n', ',', ';'])
                    .map(|c| c.trim().to_owned())
                    .filter(|c| c.chars().count() > 1),
            );
        }
    }
    // Tables cut long names at 28 characters (coverage): the cut names are values too.
    let cut: Vec<String> = out
        .iter()
        .filter(|v| v.chars().count() > 28)
        .map(|v| v.chars().take(28).collect())
        .collect();
    out.extend(cut);
    out.sort_by_key(|v| std::cmp::Reverse(v.len()));
    out.dedup();
    out
}

/// The markers of `other` found in `text` once values in backticks, `values`, the domain
/// terms and paths are taken out.
fn foreign_words(text: &str, values: &[String], other: &[String]) -> Vec<String> {
    let mut kept = String::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 0 {
            kept.push_str(part);
            kept.push(' ');
        }
    }
    for v in values.iter().chain(&markers("terms")) {
        kept = kept.replace(v.as_str(), " ");
    }
    let kept: Vec<&str> = kept
        .split_whitespace()
        .filter(|w| !w.contains('/'))
        .collect();
    marker_words::found(&kept.join(" "), other)
}

/// The readable outputs of the commands other than check and route, for every seed network,
/// in `lang`: history, diff --structure, test, show; coverage and the routing diff where the
/// examples have origins and changes; input notes, more `show` tables and the FINESS
/// importer's warnings. Each with the files whose values it repeats; the directory of the
/// files written for the test, to keep while they are read.
#[allow(clippy::too_many_lines)] // one run per output, in order
fn outputs(lang: &str) -> (Vec<(String, String, Vec<String>)>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let mut out = Vec::new();
    let mut run = |what: String, args: &[&str], files: Vec<String>| {
        let mut all = vec!["--lang", lang];
        all.extend_from_slice(args);
        let o = parcours(&all);
        assert!(
            o.status.code().is_some_and(|c| c <= 1),
            "{what}: {}",
            stderr(&o)
        );
        // Standard error too (fmt, test, the import's warnings and the input notes report
        // there).
        out.push((what, stdout(&o) + &stderr(&o), files));
    };
    for seed in [
        "sud-haut-marnais",
        "alliance-ouest-parisien",
        "groupe-sos",
        "hpsm",
        "sos-medecins",
    ] {
        let net = repo(&format!("examples/networks/{seed}.json"));
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&net).unwrap()).unwrap();
        let cases = repo(&format!("examples/cases/{seed}.json"));
        let files = vec![net.clone(), cases.clone()];
        run(
            format!("{seed}: history"),
            &["history", &net],
            files.clone(),
        );
        let toml = repo(&format!("examples/networks/toml/{seed}.toml"));
        let after = if std::path::Path::new(&toml).exists() {
            toml
        } else {
            net.clone()
        };
        run(
            format!("{seed}: diff --structure"),
            &["diff", "--structure", &net, &after],
            files.clone(),
        );
        run(format!("{seed}: test"), &["test", &net], files.clone());
        let grouping = v["groupings"][0]["id"].as_str().unwrap();
        run(
            format!("{seed}: show members"),
            &["show", &net, "members", grouping, "--date", "2020-01-01"],
            files.clone(),
        );
    }
    let shm = shm();
    let origins = repo("examples/origins/sud-haut-marnais.csv");
    run(
        "sud-haut-marnais: coverage".into(),
        &[
            "coverage",
            &shm,
            &origins,
            "--filiere",
            "chirurgie",
            "--level",
            "recours",
            "--date",
            "2018-01-01",
        ],
        vec![shm.clone(), origins.clone()],
    );
    let hpsm = repo("examples/networks/hpsm.json");
    let lille = repo("examples/origins/lille-sud.csv");
    run(
        "hpsm: coverage".into(),
        &[
            "coverage",
            &hpsm,
            &lille,
            "--filiere",
            "maternite",
            "--level",
            "3",
            "--date",
            "2020-01-01",
        ],
        vec![hpsm.clone(), lille.clone()],
    );
    let stays = repo("examples/analysis/sud-haut-marnais-surgery-stays.csv");
    let changes = repo("examples/analysis/sud-haut-marnais-without-surgery-gcs.json");
    run(
        "sud-haut-marnais: diff".into(),
        &["diff", &shm, "--changes", &changes, &stays],
        vec![shm.clone(), stays.clone(), changes.clone()],
    );
    // The note on columns parcours does not read: the stays with two more columns, one of
    // them unnamed.
    let wide = dir.path().join("stays-wide.csv");
    let text = std::fs::read_to_string(&stays).unwrap();
    let widened: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("{l},service,")
            } else {
                format!("{l},x,")
            }
        })
        .collect();
    std::fs::write(&wide, widened.join("\n")).unwrap();
    let wide = wide.to_str().unwrap().to_owned();
    run(
        "sud-haut-marnais: diff with extra columns".into(),
        &["diff", &shm, "--changes", &changes, &wide],
        vec![shm.clone(), wide.clone(), changes.clone()],
    );
    // The other `show` tables, whose cells hold codes (roles, kinds, states).
    for args in [
        &["groupings", "ch-langres"][..],
        &["capabilities", "ch-langres"][..],
        &["tele-services", "ch-langres"][..],
    ] {
        let mut all = vec!["show", shm.as_str()];
        all.extend_from_slice(args);
        all.extend(["--date", "2020-01-01"]);
        run(
            format!("sud-haut-marnais: show {}", args[0]),
            &all,
            vec![shm.clone()],
        );
    }
    // The FINESS importer's warnings: an extract with a bad line of each kind.
    let extract = dir.path().join("extract.csv");
    let mut lines: Vec<String> = std::fs::read_to_string(repo(
        "examples/registers/finess/extract-2026-geolocalisation.csv",
    ))
    .unwrap()
    .lines()
    .map(str::to_owned)
    .collect();
    lines[2].truncate(60);
    lines.push("structureet;\"010780054;x".into());
    lines.push("geolocalisation;010000024;1;2;unknown system;2026-05-04".into());
    lines.push("bogus;line".into());
    std::fs::write(&extract, lines.join("\n")).unwrap();
    let extract = extract.to_str().unwrap().to_owned();
    let fragment = dir.path().join("fragment.json");
    run(
        "import finess: warnings".into(),
        &[
            "import",
            "finess",
            &extract,
            "-o",
            fragment.to_str().unwrap(),
        ],
        vec![extract.clone()],
    );
    let structures = repo("examples/registers/finess/structures-excerpt-20260309.json");
    let activities = repo("examples/registers/finess/activites-excerpt-20260401.json");
    run(
        "import finess: example flux".into(),
        &[
            "import",
            "finess",
            &structures,
            &activities,
            "-o",
            fragment.to_str().unwrap(),
        ],
        vec![structures.clone(), activities.clone()],
    );
    (out, dir)
}

fn assert_outputs_clean(lang: &str, other: &str) {
    let other = markers(other);
    let (outputs, _dir) = outputs(lang);
    let mut bad = Vec::new();
    for (what, text, files) in &outputs {
        let values = values_of(files);
        let hits = foreign_words(text, &values, &other);
        if !hits.is_empty() {
            let lines: Vec<&str> = text
                .lines()
                .filter(|l| !foreign_words(l, &values, &other).is_empty())
                .take(5)
                .collect();
            bad.push(format!("{what}: {hits:?} in\n{}", lines.join("\n")));
        }
    }
    assert!(
        bad.is_empty(),
        "{} outputs in {lang} hold words of the other language:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn every_readable_output_in_french_holds_no_english() {
    assert_outputs_clean("fr", "en");
    // The scan finds English: an English table fails it.
    let o = parcours(&["history", &shm()]);
    assert!(!foreign_words(&stdout(&o), &[], &markers("en")).is_empty());
}

#[test]
fn every_readable_output_in_english_holds_no_french() {
    assert_outputs_clean("en", "fr");
    let o = parcours(&["--lang", "fr", "history", &shm()]);
    assert!(!foreign_words(&stdout(&o), &[], &markers("fr")).is_empty());
}

#[test]
fn history_and_tables_in_french() {
    let o = parcours(&["--lang", "fr", "history", &shm(), "--to", "2017-12-31"]);
    let text = stdout(&o);
    assert!(text.starts_with("historique de "), "{text}");
    assert!(text.contains("changement"), "{text}");
    assert!(text.contains(" rejoint "), "{text}");
    assert!(text.contains("adhésion"), "{text}");
    let o = parcours(&[
        "--lang",
        "fr",
        "history",
        &shm(),
        "--format",
        "csv",
        "--to",
        "2017-12-31",
    ]);
    // CSV keeps its codes as columns, the descriptions in French.
    let csv = stdout(&o);
    assert!(
        csv.starts_with("date,precision,change,entity,id,status"),
        "{csv}"
    );
    assert!(
        csv.contains(",membership,") && csv.contains(" rejoint "),
        "{csv}"
    );
    let o = parcours(&["--lang", "fr", "diff", "--structure", &shm(), &shm()]);
    assert!(
        stdout(&o).contains("0 ajouté(s), 0 retiré(s), 0 modifié(s)"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn show_cells_and_input_notes_in_french() {
    let o = parcours(&[
        "--lang",
        "fr",
        "show",
        &shm(),
        "members",
        "ght-21-52",
        "--date",
        "2020-01-01",
    ]);
    let fr = stdout(&o);
    assert!(fr.contains("en vigueur"), "{fr}");
    assert!(!fr.contains("in_force") && !fr.contains("active"), "{fr}");
    let o = parcours(&[
        "show",
        &shm(),
        "members",
        "ght-21-52",
        "--date",
        "2020-01-01",
    ]);
    // English keeps the codes, as in CSV and JSON.
    assert!(stdout(&o).contains("in_force"), "{}", stdout(&o));
    let o = parcours(&[
        "--lang",
        "fr",
        "show",
        &shm(),
        "members",
        "ght-21-52",
        "--date",
        "2020-01-01",
        "--format",
        "csv",
    ]);
    assert!(stdout(&o).contains("in_force"), "CSV keeps the codes");
}

#[test]
fn import_summaries_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("merged.json");
    let structures = repo("examples/registers/finess/structures-excerpt-20260309.json");
    let args = |lang| {
        vec![
            "--lang",
            lang,
            "import",
            "finess",
            structures.as_str(),
            "--merge-into",
            "REPLACE",
            "-o",
            out.to_str().unwrap(),
        ]
    };
    let shm = shm();
    let run = |lang| {
        let mut a = args(lang);
        a[6] = shm.as_str();
        let o = parcours(&a);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stderr(&o)
    };
    let fr = run("fr");
    assert!(
        fr.contains("\nimporté : ") || fr.starts_with("importé : "),
        "{fr}"
    );
    assert!(fr.contains(" entités juridiques, "), "{fr}");
    assert!(fr.contains("fusionné dans `"), "{fr}");
    let en = run("en");
    assert!(
        en.contains("imported ") && en.contains("merged into `"),
        "{en}"
    );
}

/// `import fhir` and `import finess --merge-into` in French and in English: the load error of
/// the hostile bundle (core/tests/data/fhir-hostile.json), and the conflicts of a merge on
/// standard error and in `--report`, hold no word of the other language.
#[test]
fn fhir_import_errors_and_merge_conflicts_follow_lang() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = repo("core/tests/data/fhir-hostile.json");
    // The seed with a site and its legal entity given FINESS numbers of the register, with
    // other facts, and a site under the id the register gives another establishment.
    let text = std::fs::read_to_string(shm())
        .unwrap()
        .replace("\"ch-langres\"", "\"et-010780310\"");
    let mut seed: serde_json::Value = serde_json::from_str(&text).unwrap();
    let sites = seed["sites"].as_array_mut().unwrap();
    let site = sites.iter_mut().find(|s| s["id"] == "ch-chaumont").unwrap();
    site["finess_et"] = "010780195".into();
    let entity = site["legal_entity"].clone();
    let entities = seed["legal_entities"].as_array_mut().unwrap();
    let entity = entities.iter_mut().find(|e| e["id"] == entity).unwrap();
    entity["finess_ej"] = "010000156".into();
    entity["siren"] = "123456789".into();
    let base = dir.path().join("base.json");
    std::fs::write(&base, seed.to_string()).unwrap();
    let base = base.to_str().unwrap().to_owned();
    let structures = repo("examples/registers/finess/structures-excerpt-20260309.json");
    let activities = repo("examples/registers/finess/activites-excerpt-20260401.json");
    let out = dir.path().join("out.json");
    let report = dir.path().join("report.json");
    let (out, report) = (out.to_str().unwrap(), report.to_str().unwrap());
    for (lang, other, conflict) in [
        ("fr", "en", "conflit[different_fact] : "),
        ("en", "fr", "conflict[different_fact]: "),
    ] {
        let other = markers(other);
        let o = parcours(&["--lang", lang, "import", "fhir", &hostile, "-o", out]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains("42"), "{err}");
        let hits = foreign_words(&err, &values_of(std::slice::from_ref(&hostile)), &other);
        assert!(
            hits.is_empty(),
            "import fhir --lang {lang}: {hits:?} in\n{err}"
        );
        let o = parcours(&[
            "--lang",
            lang,
            "import",
            "finess",
            &structures,
            &activities,
            "--merge-into",
            &base,
            "-o",
            out,
            "--report",
            report,
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains(conflict), "{err}");
        let written: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(report).unwrap()).unwrap();
        let conflicts = written["conflicts"].as_array().unwrap();
        assert!(conflicts.len() >= 4, "{written}");
        let mut texts = err;
        for c in conflicts {
            texts.push('\n');
            texts.push_str(c["message"].as_str().unwrap());
        }
        for w in written["warnings"].as_array().unwrap() {
            texts.push('\n');
            texts.push_str(w["message"].as_str().unwrap());
        }
        let values = values_of(&[base.clone(), structures.clone(), activities.clone()]);
        let hits = foreign_words(&texts, &values, &other);
        assert!(
            hits.is_empty(),
            "import finess --merge-into --lang {lang}: {hits:?} in\n{texts}"
        );
    }
}

#[test]
fn test_failures_in_french_with_the_explanation() {
    let dir = tempfile::tempdir().unwrap();
    let tests = dir.path().join("tests.json");
    std::fs::write(
        &tests,
        r#"{"cases": [{"name": "Langres", "expect": {"target": "ch-chaumont"},
            "case": {"filiere": "chirurgie", "level": "reference", "origin": "ch-langres",
                     "date": "2017-09-15"}}]}"#,
    )
    .unwrap();
    let tests = tests.to_string_lossy().into_owned();
    let o = parcours(&["--lang", "fr", "test", &shm(), &tests]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let fr = stdout(&o);
    assert!(fr.contains("ÉCHEC du cas `Langres`"), "{fr}");
    assert!(fr.contains("`target` vaut "), "{fr}");
    assert!(
        fr.contains("  | → ") && fr.contains("cas : filière"),
        "{fr}"
    );
    assert!(fr.contains("0 réussi(s), 1 en échec"), "{fr}");
    let values = values_of(&[shm()]);
    assert_eq!(
        foreign_words(&fr, &values, &markers("en")),
        Vec::<String>::new(),
        "{fr}"
    );
    let en = stdout(&parcours(&["test", &shm(), &tests]));
    assert!(
        en.contains("FAILED case `Langres`") && en.contains("`target` is "),
        "{en}"
    );
    assert_eq!(
        foreign_words(&en, &values, &markers("fr")),
        Vec::<String>::new(),
        "{en}"
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

/// The command line's own errors (files that cannot be read or written, tables whose header,
/// delimiter, lines or numbers do not read, option values, arguments that do not go together),
/// provoked one by one: each exits 2, in the language asked for with none of the other's
/// words, and differs between the two languages.
#[test]
#[allow(clippy::too_many_lines)] // one provocation per error, in order
fn input_errors_in_either_language_hold_none_of_the_other() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.to_string_lossy().into_owned()
    };
    let shm = shm();
    let stays = repo("examples/analysis/sud-haut-marnais-surgery-stays.csv");
    let origins = repo("examples/origins/sud-haut-marnais.csv");
    let communes = repo("examples/reference/communes.csv");
    let missing = dir
        .path()
        .join("missing.json")
        .to_string_lossy()
        .into_owned();
    let folder = dir.path().to_string_lossy().into_owned();
    let no_filiere = write(
        "no-filiere.csv",
        b"id,origin,date\na,ch-langres,2018-01-01\n",
    );
    let semicolons = write(
        "semicolons.csv",
        b"id;filiere;origin;date\na;chirurgie;ch-langres;2018-01-01\n",
    );
    let no_date = write(
        "no-date.csv",
        b"id,filiere,origin\na,chirurgie,ch-langres\n",
    );
    let twice = write(
        "twice.csv",
        b"id,filiere,filiere,origin,date\na,x,x,ch-langres,2018-01-01\n",
    );
    let mixed = write("mixed.csv", b"id;filiere,origin\tdate\n");
    let latin1 = write(
        "latin1.csv",
        b"id,filiere,origin,date\na,chirurgie,H\xf4pital,2018-01-01\n",
    );
    let broken_json = write("broken.json", b"[{\"filiere\": \"chirurgie\",\n ]");
    let number = write("number.json", b"3");
    let not_list = write("not-list.json", b"{\"cases\": 3}");
    let empty = write("empty.csv", b"  \n");
    let travel_short = write(
        "travel-short.csv",
        b"from,to,km,minutes\nch-langres,ch-chaumont,35\n",
    );
    let travel_comma = write(
        "travel-comma.csv",
        b"from,to,km,minutes\nch-langres,ch-chaumont,\"35,5\",40\n",
    );
    let travel_columns = write("travel-columns.csv", b"origin,target,km\n");
    let origins_site = write("origins-site.csv", b"id,site,population\na,ch-langres,10\n");
    let origins_both = write(
        "origins-both.csv",
        b"id,origin,commune,population\na,ch-langres,52269,10\n",
    );
    let origins_none = write("origins-none.csv", b"id,population\na,10\n");
    let origins_no_id = write("origins-no-id.csv", b"name;origin\nx;ch-langres\n");
    let origins_bad_number = write(
        "origins-number.csv",
        b"id;origin;population\na;ch-langres;dix\n",
    );
    let bad_test = write("bad-test.json", b"{\"cases\": [{\"nom\": 1}]}");
    let lonely = write("lonely.json", &std::fs::read(&shm).unwrap());
    let unreadable_case = write(
        "unreadable.csv",
        b"id,filiere,origin,date\na,chirurgie,ch-langres,\n",
    );
    let out_missing_dir = dir
        .path()
        .join("no/such/dir/out.csv")
        .to_string_lossy()
        .into_owned();
    let cover = |file: &str| -> Vec<String> {
        [
            "coverage",
            &shm,
            file,
            "--filiere",
            "chirurgie",
            "--date",
            "2018-01-01",
        ]
        .map(str::to_owned)
        .to_vec()
    };
    let route = |cases: &str| -> Vec<String> { ["route", &shm, cases].map(str::to_owned).to_vec() };
    let with = |mut base: Vec<String>, more: &[&str]| {
        base.extend(more.iter().map(|s| (*s).to_owned()));
        base
    };
    let provocations: Vec<(&str, Vec<String>)> = vec![
        (
            "missing network",
            ["check", &missing].map(str::to_owned).to_vec(),
        ),
        (
            "network is a folder",
            ["check", &folder].map(str::to_owned).to_vec(),
        ),
        ("missing cases", route(&missing)),
        ("missing column filiere", route(&no_filiere)),
        (
            "wrong delimiter given",
            with(route(&semicolons), &["--delimiter", ","]),
        ),
        ("missing column date", route(&no_date)),
        ("column twice", route(&twice)),
        ("ambiguous delimiter", route(&mixed)),
        ("not UTF-8", route(&latin1)),
        ("JSON syntax", route(&broken_json)),
        ("JSON shape", route(&number)),
        ("cases not a list", route(&not_list)),
        ("empty cases", route(&empty)),
        ("empty standard input", route("-")),
        (
            "bad delimiter option",
            with(route(&stays), &["--delimiter", "|"]),
        ),
        (
            "bad date option",
            with(route(&stays), &["--date", "2018-02-30"]),
        ),
        (
            "bad format option",
            with(route(&stays), &["--format", "jsn"]),
        ),
        (
            "unwritable output",
            with(route(&stays), &["-o", &out_missing_dir]),
        ),
        ("output is a folder", with(route(&stays), &["-o", &folder])),
        (
            "travel matrix line",
            with(route(&stays), &["--travel", &travel_short]),
        ),
        (
            "travel matrix decimal comma",
            with(route(&stays), &["--travel", &travel_comma]),
        ),
        (
            "travel matrix columns",
            with(route(&stays), &["--travel", &travel_columns]),
        ),
        ("origins empty", cover(&empty)),
        ("origins site column", cover(&origins_site)),
        ("origins origin and commune", cover(&origins_both)),
        ("origins without origin", cover(&origins_none)),
        ("origins without id", cover(&origins_no_id)),
        ("origins bad number", cover(&origins_bad_number)),
        (
            "bad threshold",
            with(cover(&origins), &["--threshold", "loin"]),
        ),
        (
            "no commune in the département",
            with(
                [
                    "coverage",
                    &shm,
                    "--filiere",
                    "chirurgie",
                    "--date",
                    "2018-01-01",
                ]
                .map(str::to_owned)
                .to_vec(),
                &["--communes", &communes, "--departement", "99"],
            ),
        ),
        (
            "history dates",
            [
                "history",
                &shm,
                "--from",
                "2020-01-01",
                "--to",
                "2019-01-01",
            ]
            .map(str::to_owned)
            .to_vec(),
        ),
        (
            "diff files",
            ["diff", &shm, &stays].map(str::to_owned).to_vec(),
        ),
        (
            "diff with changes",
            ["diff", &shm, &shm, &stays, "--changes", &missing]
                .map(str::to_owned)
                .to_vec(),
        ),
        (
            "diff unreadable case",
            ["diff", &shm, &shm, &unreadable_case]
                .map(str::to_owned)
                .to_vec(),
        ),
        (
            "structure files",
            ["diff", "--structure", &shm].map(str::to_owned).to_vec(),
        ),
        (
            "show commune without reference",
            ["show", &shm, "commune", "52269", "--date", "2018-01-01"]
                .map(str::to_owned)
                .to_vec(),
        ),
        (
            "no test file",
            ["test", &lonely].map(str::to_owned).to_vec(),
        ),
        (
            "bad test file",
            ["test", &shm, &bad_test].map(str::to_owned).to_vec(),
        ),
        (
            "extract with activities",
            [
                "import",
                "finess",
                &repo("examples/registers/finess/extract-2016-ain.csv"),
                &stays,
            ]
            .map(str::to_owned)
            .to_vec(),
        ),
    ];
    let (en_markers, fr_markers) = (markers("en"), markers("fr"));
    let mut bad = Vec::new();
    for (what, args) in &provocations {
        let mut said = Vec::new();
        for (lang, other, prefix) in [
            ("fr", &en_markers, "erreur : "),
            ("en", &fr_markers, "error: "),
        ] {
            let mut all = vec!["--lang", lang];
            all.extend(args.iter().map(String::as_str));
            let o = parcours(&all);
            let err = stderr(&o);
            if o.status.code() != Some(2) {
                bad.push(format!(
                    "{what} ({lang}): exit {:?}\n{err}",
                    o.status.code()
                ));
                continue;
            }
            // The core's load errors (`cannot load network …`) have no prefix.
            let first = err.lines().next().unwrap_or_default();
            if !first.starts_with(prefix) && !first.contains('[') {
                bad.push(format!(
                    "{what} ({lang}): does not start with `{prefix}`\n{err}"
                ));
            }
            let hits = foreign_words(&err, &[], other);
            if !hits.is_empty() {
                bad.push(format!("{what} ({lang}): {hits:?} in\n{err}"));
            }
            said.push(err);
        }
        if said.len() == 2 && said[0] == said[1] {
            bad.push(format!(
                "{what}: the same text in both languages\n{}",
                said[0]
            ));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n\n"));
}

/// A record of a case table that does not read becomes an `invalid` row whose error says why
/// in the language asked for.
#[test]
fn unreadable_case_records_say_why_in_either_language() {
    let dir = tempfile::tempdir().unwrap();
    let cases = dir.path().join("cases.csv");
    std::fs::write(
        &cases,
        "id,filiere,origin,commune,lat,lon,date,age,time_critical\n\
         age,chirurgie,ch-langres,,,,2018-01-01,vieux,\n\
         flag,chirurgie,ch-langres,,,,2018-01-01,,peut-être\n\
         nowhere,chirurgie,,,,,2018-01-01,,\n\
         both,chirurgie,ch-langres,52269,,,2018-01-01,,\n\
         lat,chirurgie,,,quarante,5.1,2018-01-01,,\n\
         undated,chirurgie,ch-langres,,,,,,\n\
         baddate,chirurgie,ch-langres,,,,2018-13-01,,\n\
         short,chirurgie\n",
    )
    .unwrap();
    let cases = cases.to_string_lossy().into_owned();
    let errors = |lang: &str| -> Vec<String> {
        let o = parcours(&["--lang", lang, "route", &shm(), &cases, "--format", "json"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let out: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        out["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                assert_eq!(r["outcome"], "invalid", "{r}");
                r["error"].as_str().unwrap().to_owned()
            })
            .collect()
    };
    let (fr, en) = (errors("fr"), errors("en"));
    assert_eq!(fr.len(), 8);
    // The case reader's own words (a date that does not exist) in the language asked for.
    assert!(
        fr.iter().any(|f| f.contains("ce jour n'existe pas")),
        "{fr:?}"
    );
    for (f, e) in fr.iter().zip(&en) {
        assert_ne!(f, e);
        assert!(f.contains(" : ligne ") && e.contains(": line "), "{f}\n{e}");
        assert_eq!(
            foreign_words(f, &[], &markers("en")),
            Vec::<String>::new(),
            "{f}"
        );
        assert_eq!(
            foreign_words(e, &[], &markers("fr")),
            Vec::<String>::new(),
            "{e}"
        );
    }
    assert!(
        fr[0].contains("`vieux` n'est pas un âge en années"),
        "{}",
        fr[0]
    );
    assert!(
        en[7].contains("the line has 2 fields, the header 9"),
        "{}",
        en[7]
    );
}
