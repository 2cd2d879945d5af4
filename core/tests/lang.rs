//! Texts in the language asked for: the seed networks' cases (and a few invalid ones) routed
//! with explanations, the seed and broken networks checked, their histories, and the words for
//! codes (`labels`), in French then in English;
//! no word of the other language may remain once the values that come from the network or the
//! case are taken out. The marker words are shared with the Python and JS tests
//! (`examples/lang/markers.json`).

use std::path::{Path, PathBuf};

use parcours::expect::TestFile;
use parcours::{Case, Engine, Format, Lang, Network, Origin};
use serde_json::Value;

mod input_vectors;
mod marker_words;
mod vectors;

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples")
}

struct Markers {
    en: Vec<String>,
    fr: Vec<String>,
    terms: Vec<String>,
}

fn markers() -> Markers {
    let text = std::fs::read_to_string(examples().join("lang/markers.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    let list = |k: &str| -> Vec<String> {
        v[k].as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect()
    };
    Markers {
        en: list("en"),
        fr: list("fr"),
        terms: list("terms"),
    }
}

/// Every string of a JSON document (ids, names, values), longest first.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) if s.chars().count() > 1 => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(m) => m.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

/// The text without values in backticks, the given values and the domain terms.
fn scrub(text: &str, values: &[String], terms: &[String]) -> String {
    let mut out = String::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 0 {
            out.push_str(part);
            out.push(' ');
        }
    }
    for v in values.iter().chain(terms) {
        out = out.replace(v.as_str(), " ");
    }
    // JSON pointers and paths (`--> file#/rules/3/target`) are not words.
    out.split_whitespace()
        .filter(|w| !w.contains('/'))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A seed network, its JSON strings, and its shared cases (none for the broken copies).
fn networks() -> Vec<(PathBuf, Network, Vec<String>, Vec<Case>)> {
    let mut out = Vec::new();
    let mut files: Vec<PathBuf> = ["networks", "networks/broken", "networks/fixtures"]
        .iter()
        .flat_map(|d| std::fs::read_dir(examples().join(d)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let case_files: Vec<(PathBuf, TestFile)> = std::fs::read_dir(examples().join("cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let tf = TestFile::from_json_str(&text, "cases").unwrap();
            (p, tf)
        })
        .collect();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let network = Network::load(&text, Format::Json, "seed").unwrap();
        let mut values = Vec::new();
        strings(&serde_json::from_str(&text).unwrap(), &mut values);
        let mut cases = Vec::new();
        for (p, tf) in &case_files {
            let named = tf.network.as_deref().map(|n| p.parent().unwrap().join(n));
            if named.is_some_and(|n| n.canonicalize().ok() == file.canonicalize().ok()) {
                let raw: Value =
                    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
                strings(&raw, &mut values);
                cases.extend(tf.cases.iter().map(|c| c.case.clone()));
            }
        }
        values.sort_by_key(|v| std::cmp::Reverse(v.len()));
        out.push((file, network, values, cases));
    }
    out
}

/// Cases that are invalid in every way the engine names, built from a valid one.
fn invalid_cases(base: &Case) -> Vec<Case> {
    let mut out = Vec::new();
    let with = |f: &dyn Fn(&mut Case)| {
        let mut c = base.clone();
        f(&mut c);
        c
    };
    out.push(with(&|c| c.filiere = "chirugie".into()));
    out.push(with(&|c| c.level = Some("nope".into())));
    out.push(with(&|c| c.flags = vec!["most-acute".into()]));
    out.push(with(&|c| c.origin = Origin::Id("nowhere".into())));
    out.push(with(&|c| c.max_distance_km = Some(-1.0)));
    out.push(with(&|c| {
        c.origin = Origin::Commune {
            commune: "52269".into(),
        };
    }));
    out.push(with(&|c| {
        c.origin = Origin::Finess {
            finess: "12345".into(),
        };
    }));
    out.push(with(&|c| {
        c.origin = Origin::Point {
            lat: 91.0,
            lon: 0.0,
        };
    }));
    out
}

/// Every text the seeds produce in `lang`, each with the values to take out.
fn texts(lang: Lang) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (file, network, _values, cases) in networks() {
        let name = file.display().to_string();
        let engine = Engine::compile(&network).unwrap();
        let report = engine.check(&network).localized(lang);
        out.push((format!("{name}: check"), report.text(lang)));
        for d in &report.diagnostics {
            out.push((
                format!("{name}: {}", d.code),
                format!("{}\n{}", d.message, d.help),
            ));
        }
        // The history: every dated change in words.
        for e in network.history_in(lang) {
            out.push((
                format!("{name}: history {} {}", e.change.as_str(), e.id),
                e.description,
            ));
        }
        let extra = cases.first().map(invalid_cases).unwrap_or_default();
        for case in cases.iter().chain(&extra) {
            let e = engine.route_explained_in(case, lang);
            out.push((format!("{name}: {case:?}"), e.text(lang)));
            let d = engine.route_in(case, lang);
            let plain = format!(
                "{}\n{}\n{}",
                d.text(lang),
                d.message.unwrap_or_default(),
                d.help.unwrap_or_default()
            );
            out.push((format!("{name}: {case:?}"), plain));
        }
    }
    out
}

/// The words for codes (`parcours::labels`) in `lang`, each as a text.
fn label_texts(lang: Lang) -> Vec<(String, String)> {
    let labels = serde_json::to_value(parcours::labels::labels(lang)).unwrap();
    let mut out = Vec::new();
    for (group, words) in labels.as_object().unwrap() {
        for (code, text) in words.as_object().unwrap() {
            out.push((
                format!("labels {group}.{code}"),
                text.as_str().unwrap().to_owned(),
            ));
        }
    }
    out
}

/// The errors of every vector of `test-data/load-errors.json` in `lang` (the whole text and
/// each problem's message and hint), with the strings of its document (values to take out).
fn load_error_texts(lang: Lang) -> (Vec<(String, String)>, Vec<String>) {
    let all = vectors::vectors();
    let mut out = Vec::new();
    let mut values = Vec::new();
    for v in all["vectors"].as_array().unwrap() {
        let name = v["name"].as_str().unwrap();
        let text = vectors::text_of(v, &all["base"]);
        if let Ok(doc) = serde_json::from_str::<Value>(&text) {
            strings(&doc, &mut values);
        }
        let e = Network::load(&text, Format::Json, "broken.json").unwrap_err();
        out.push((format!("load error {name}"), e.text(lang)));
        for p in e.localized(lang).problems() {
            let hint = p.hint.clone().unwrap_or_default();
            out.push((
                format!("load error {name}: {}", p.code),
                format!("{}\n{hint}", p.message),
            ));
        }
    }
    (out, values)
}

/// The errors of every question, coverage query and case of `test-data/input-errors.json` in
/// `lang` (message and hint), with the strings of the vectors (values to take out).
fn input_error_texts(lang: Lang) -> (Vec<(String, String)>, Vec<String>) {
    let mut values = Vec::new();
    let all = input_vectors::provoked();
    for (_, v, _) in &all {
        for input in ["question", "query", "case"] {
            strings(&v[input], &mut values);
        }
    }
    let texts = all
        .into_iter()
        .map(|(name, _, e)| {
            let hint = e.hint_in(lang).unwrap_or_default();
            (name, format!("{}\n{hint}", e.message_in(lang)))
        })
        .collect();
    (texts, values)
}

fn assert_clean(lang: Lang, other: &[String], terms: &[String]) {
    let nets = networks();
    let values: Vec<String> = nets.iter().flat_map(|n| n.2.clone()).collect();
    let mut values = values;
    let (load_errors, load_values) = load_error_texts(lang);
    values.extend(load_values);
    let (input_errors, input_values) = input_error_texts(lang);
    values.extend(input_values);
    values.sort_by_key(|v| std::cmp::Reverse(v.len()));
    values.dedup();
    let mut texts = texts(lang);
    texts.extend(load_errors);
    texts.extend(input_errors);
    assert!(texts.len() > 100, "too few texts: {}", texts.len());
    assert!(
        texts
            .iter()
            .filter(|(w, _)| w.contains(": history "))
            .count()
            > 50,
        "too few history lines"
    );
    texts.extend(label_texts(lang));
    let mut bad = Vec::new();
    for (what, text) in &texts {
        let hits = marker_words::found(&scrub(text, &values, terms), other);
        if !hits.is_empty() {
            let lines: Vec<&str> = text
                .lines()
                .filter(|l| !marker_words::found(&scrub(l, &values, terms), other).is_empty())
                .collect();
            bad.push(format!("{what}\n  {hits:?} in:\n{}", lines.join("\n")));
        }
    }
    assert!(
        bad.is_empty(),
        "{} texts in {lang} hold words of the other language:\n{}",
        bad.len(),
        bad.iter().take(8).cloned().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn french_texts_hold_no_english() {
    let m = markers();
    assert_clean(Lang::Fr, &m.en, &m.terms);
}

#[test]
fn english_texts_hold_no_french() {
    let m = markers();
    assert_clean(Lang::En, &m.fr, &m.terms);
}

#[test]
fn the_scan_finds_the_other_language() {
    // The test above cannot pass by scanning nothing: an English text fails the French scan.
    let m = markers();
    let en = "→ no route: rules apply, but none of their targets qualifies";
    assert!(!marker_words::found(&scrub(en, &[], &m.terms), &m.en).is_empty());
    let fr = "la règle `x` ne s'applique pas : pas en vigueur à la date";
    assert!(!marker_words::found(&scrub(fr, &[], &m.terms), &m.fr).is_empty());
    assert!(marker_words::found(&scrub(fr, &[], &m.terms), &m.en).is_empty());
}

#[test]
fn explanations_name_filieres_and_levels_by_their_names() {
    let text = std::fs::read_to_string(examples().join("networks/sud-haut-marnais.json")).unwrap();
    let network = Network::from_json_str(&text).unwrap();
    let engine = Engine::compile(&network).unwrap();
    let case =
        Case::new("chirurgie", "ch-langres", "2017-09-15".parse().unwrap()).level("reference");
    let filiere = network
        .filieres
        .iter()
        .find(|f| f.id == "chirurgie")
        .unwrap();
    let level = filiere.levels.iter().find(|l| l.id == "reference").unwrap();
    let fr = engine.route_explained_in(&case, Lang::Fr).text(Lang::Fr);
    let header = format!(
        "cas : filière {}, niveau {}, au 2017-09-15",
        filiere.name,
        level.name.as_deref().unwrap()
    );
    assert!(fr.contains(&header), "{fr}");
    let en = engine.route_explained(&case).to_string();
    assert!(
        en.contains(&format!("case: filière {}, level", filiere.name)),
        "{en}"
    );
}

#[test]
fn a_test_report_in_english_is_its_display() {
    let text = std::fs::read_to_string(examples().join("networks/sud-haut-marnais.json")).unwrap();
    let network = Network::from_json_str(&text).unwrap();
    let tests = TestFile::from_json_str(
        r#"{"cases": [{"name": "Langres", "expect": {"target": "chu-dijon", "step": "local"},
            "case": {"filiere": "chirurgie", "level": "reference", "origin": "ch-langres",
                     "date": "2017-09-15"}}]}"#,
        "inline",
    )
    .unwrap();
    let en = parcours::expect::run_with_communes_in(&network, &tests, None, Lang::En).unwrap();
    assert_eq!(en.failed, 1);
    assert_eq!(en.text(Lang::En), en.to_string());
    let fr = parcours::expect::run_with_communes_in(&network, &tests, None, Lang::Fr).unwrap();
    let fr = fr.text(Lang::Fr);
    assert!(
        fr.starts_with("ÉCHEC du cas `Langres`\n  `step` vaut \"recourse\", attendu \"local\"\n"),
        "{fr}"
    );
    assert!(
        fr.contains("  | → ") && fr.ends_with("0 réussi(s), 1 en échec"),
        "{fr}"
    );
}

/// The FINESS register readers' problems (warnings of bad records, errors of files that do not
/// read, of a bad mapping table) in `lang`, each as its text and as message and hint, with
/// the values of the inputs (names, numbers, fields) to take out before scanning.
#[cfg(feature = "registers")]
#[allow(clippy::too_many_lines)] // one input of each kind, in order
fn register_texts(lang: Lang) -> (Vec<(String, String)>, Vec<String>) {
    use parcours::registers::{ImportOptions, Mapping, read_finess_extract, read_finess_json};
    let dir = examples().join("registers/finess");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let mut values = Vec::new();
    let mut problems: Vec<(String, parcours::Problem)> = Vec::new();
    let opts = ImportOptions::default();
    // A flux with a bad record of each kind (tests/data/finess-hostile.json, which
    // tests/registers.rs reads too), and the examples.
    let hostile = &std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/finess-hostile.json"
    ))
    .unwrap();
    let structures = read("structures-excerpt-20260309.json");
    let activities = read("activites-excerpt-20260401.json");
    for text in [hostile, &structures, &activities] {
        strings(&serde_json::from_str(text).unwrap(), &mut values);
    }
    let flux = read_finess_json(hostile, "hostile.json", None, "", &opts).unwrap();
    problems.extend(
        flux.warnings
            .into_iter()
            .map(|p| ("hostile flux".into(), p)),
    );
    let example = read_finess_json(
        &structures,
        "structures.json",
        Some(&activities),
        "activites.json",
        &opts,
    )
    .unwrap();
    problems.extend(
        example
            .warnings
            .into_iter()
            .map(|p| ("example flux".into(), p)),
    );
    // Files that do not read: cut, mistyped, not an extract.
    let cut = &structures[..structures.len() / 2];
    let typed = r#"{"pmej": [{"informationsGeneralesPMEJ": {"numFinessPm": 10000156}}]}"#;
    for (name, e) in [
        (
            "cut flux",
            read_finess_json(cut, "cut.json", None, "", &opts),
        ),
        (
            "typed flux",
            read_finess_json(typed, "t.json", None, "", &opts),
        ),
        ("no extract", read_finess_extract("a;b;c\n", "x.csv", &opts)),
    ] {
        let e = e.unwrap_err();
        problems.extend(e.problems().iter().map(|p| (name.to_owned(), p.clone())));
    }
    // An extract with a bad line of each kind (as in tests/registers.rs), and the examples.
    let mut lines: Vec<String> = read("extract-2026-geolocalisation.csv")
        .lines()
        .map(str::to_owned)
        .collect();
    lines[2].truncate(60);
    lines.push("structureet;\"010780054;x".into());
    lines.push("geolocalisation;010000024;1;2;unknown system;2026-05-04".into());
    lines.push("geolocalisation;999999999;x;2;EPSG:2154;2026-05-04".into());
    lines.push("bogus;line".into());
    let extracts = [
        ("hostile extract".to_owned(), lines.join("\n")),
        ("extract 2016".to_owned(), read("extract-2016-ain.csv")),
        (
            "extract 2026".to_owned(),
            read("extract-2026-structureet.csv"),
        ),
    ];
    for (name, text) in &extracts {
        values.extend(
            text.split([';', '\n'])
                .map(|f| f.trim_matches('"').to_owned()),
        );
        let import = read_finess_extract(text, "extract.csv", &opts).unwrap();
        problems.extend(import.warnings.into_iter().map(|p| (name.clone(), p)));
    }
    // A mapping table with a bad row of each kind.
    let table = "bogus;x\nfiliere;f;F\nfiliere;;F;\ncategorie;1;spaceship;x\n\
                 statut;a;b;public;x\nstatut;1;2;royal;x\ngcc;1;club;x\n\
                 activite;AMF;01;*;*;f;l;surgery;x\nactivite;AMF;02;*;*;nowhere;l;;x\n\
                 filiere;g;G;l\nactivite;AMF;03;*;*;g;other;;x\n";
    let bad = Mapping::parse(table, "mapping.csv").unwrap_err();
    problems.extend(bad.into_iter().map(|p| ("mapping".to_owned(), p)));
    let codes: std::collections::BTreeSet<&str> = problems.iter().map(|(_, p)| p.code).collect();
    for c in [
        "R001", "R002", "R003", "R010", "R011", "R012", "R013", "R014", "R015", "R016",
    ] {
        assert!(codes.contains(c), "{c} missing from {codes:?}");
    }
    let out = problems
        .iter()
        .flat_map(|(name, p)| {
            let l = p.localized(lang);
            [
                (format!("{name}: {}", p.code), p.text(lang)),
                (
                    format!("{name}: {} message and hint", p.code),
                    format!("{}\n{}", l.message, l.hint.unwrap_or_default()),
                ),
            ]
        })
        .collect();
    values.retain(|v| v.chars().count() > 1);
    values.sort_by_key(|v| std::cmp::Reverse(v.len()));
    values.dedup();
    (out, values)
}

/// Every register problem in `lang` holds no word of the `other` language.
#[cfg(feature = "registers")]
fn assert_registers_clean(lang: Lang, other: &[String], terms: &[String]) {
    let (texts, values) = register_texts(lang);
    assert!(texts.len() > 40, "too few texts: {}", texts.len());
    let bad: Vec<String> = texts
        .iter()
        .filter_map(|(what, text)| {
            let hits = marker_words::found(&scrub(text, &values, terms), other);
            (!hits.is_empty()).then(|| format!("{what}: {hits:?} in\n{text}"))
        })
        .collect();
    assert!(
        bad.is_empty(),
        "{} register texts in {lang} hold words of the other language:\n{}",
        bad.len(),
        bad.iter().take(8).cloned().collect::<Vec<_>>().join("\n")
    );
}

#[cfg(feature = "registers")]
#[test]
fn register_problems_in_french_hold_no_english() {
    let m = markers();
    assert_registers_clean(Lang::Fr, &m.en, &m.terms);
}

#[cfg(feature = "registers")]
#[test]
fn register_problems_in_english_hold_no_french() {
    let m = markers();
    assert_registers_clean(Lang::En, &m.fr, &m.terms);
}
