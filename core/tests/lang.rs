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

/// Texts, each named, and the values (from the inputs) to take out of them before scanning.
type Texts = (Vec<(String, String)>, Vec<String>);

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
                format!("{}\n{}", d.message, d.help.clone().unwrap_or_default()),
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
fn load_error_texts(lang: Lang) -> Texts {
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
            let hint = p.help.clone().unwrap_or_default();
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
            let hint = e.help_in(lang).unwrap_or_default();
            (
                format!("{name} [{}]", e.code()),
                format!("{}\n{hint}", e.message_in(lang)),
            )
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

/// `values` without one-letter values and repeats, longest first: the order to take them out
/// of a text (a value that holds another goes first).
#[cfg(any(feature = "registers", feature = "fhir"))]
fn longest_first(mut values: Vec<String>) -> Vec<String> {
    values.retain(|v| v.chars().count() > 1);
    values.sort_unstable();
    values.dedup();
    values.sort_by_key(|v| std::cmp::Reverse(v.len()));
    values
}

/// The FINESS register readers' problems (warnings of bad records, errors of files that do not
/// read, of a bad mapping table) in `lang`, each as its text and as message and hint, with
/// the values of the inputs (names, numbers, fields) to take out before scanning.
#[cfg(feature = "registers")]
#[allow(clippy::too_many_lines)] // one input of each kind, in order
fn register_texts(lang: Lang) -> Texts {
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
    let codes: std::collections::BTreeSet<&str> =
        problems.iter().map(|(_, p)| p.code.as_str()).collect();
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
                    format!("{}\n{}", l.message, l.help.unwrap_or_default()),
                ),
            ]
        })
        .collect();
    (out, longest_first(values))
}

/// Every text of `texts` holds no word of the `other` language once `values` and `terms` are
/// taken out.
#[cfg(any(feature = "registers", feature = "fhir"))]
fn assert_texts_clean(
    what: &str,
    lang: Lang,
    (texts, values): &Texts,
    other: &[String],
    terms: &[String],
) {
    let bad: Vec<String> = texts
        .iter()
        .filter_map(|(name, text)| {
            let hits = marker_words::found(&scrub(text, values, terms), other);
            (!hits.is_empty()).then(|| format!("{name}: {hits:?} in\n{text}"))
        })
        .collect();
    assert!(
        bad.is_empty(),
        "{} {what} texts in {lang} hold words of the other language:\n{}",
        bad.len(),
        bad.iter().take(8).cloned().collect::<Vec<_>>().join("\n")
    );
}

/// The texts `texts_in` gives in French hold no English word, and in English no French word;
/// the French texts, to look at more closely.
#[cfg(any(feature = "registers", feature = "fhir"))]
fn clean_in_both_languages(what: &str, texts_in: fn(Lang) -> Texts) -> Texts {
    let m = markers();
    assert_texts_clean(what, Lang::En, &texts_in(Lang::En), &m.fr, &m.terms);
    let fr = texts_in(Lang::Fr);
    assert_texts_clean(what, Lang::Fr, &fr, &m.en, &m.terms);
    fr
}

/// Every register problem in `lang` holds no word of the `other` language.
#[cfg(feature = "registers")]
fn assert_registers_clean(lang: Lang, other: &[String], terms: &[String]) {
    let texts = register_texts(lang);
    assert!(texts.0.len() > 40, "too few texts: {}", texts.0.len());
    assert_texts_clean("register", lang, &texts, other, terms);
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

/// Each problem of `e` in `lang`, as its text and as message and hint, named `name`.
#[cfg(feature = "fhir")]
fn problem_texts(name: &str, e: &parcours::Error, lang: Lang) -> Vec<(String, String)> {
    let mut out = vec![(format!("{name}: whole error"), e.text(lang))];
    for p in e.localized(lang).problems() {
        out.push((
            format!("{name}: {} at {}", p.code, p.pointer),
            format!("{}\n{}", p.message, p.help.clone().unwrap_or_default()),
        ));
    }
    out
}

/// The FHIR importer's problems in `lang`: the hostile bundle (tests/data/fhir-hostile.json,
/// the `mini` network's export broken in about forty ways, one problem each), inputs that are
/// not a bundle, and a bundle the network validation refuses (its problems worded again with
/// the network field they come from); with the strings of the inputs to take out.
#[cfg(feature = "fhir")]
fn fhir_texts(lang: Lang) -> Texts {
    use parcours::fhir::{from_fhir_bundle, to_fhir_bundle};
    let hostile = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/fhir-hostile.json"
    ))
    .unwrap();
    let mut values = Vec::new();
    strings(&serde_json::from_str(&hostile).unwrap(), &mut values);
    let mut out = Vec::new();
    let e = from_fhir_bundle(&hostile, "hostile.json").unwrap_err();
    assert!(e.problems().len() >= 40, "{e}");
    out.extend(problem_texts("hostile bundle", &e, lang));
    // Two sites with one parcours id: the network validation's L003, at the second resource.
    let mini =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/mini.json"))
            .unwrap();
    let mut net = Network::from_json_str(&mini).unwrap();
    let first = net.sites[0].id.clone();
    net.sites[1].id = first;
    let bundle = to_fhir_bundle(&net);
    strings(&bundle, &mut values);
    let e = from_fhir_bundle(&bundle.to_string(), "dup.json").unwrap_err();
    assert!(e.problems().iter().any(|p| p.code == "L003"), "{e}");
    out.extend(problem_texts("validation", &e, lang));
    let too_big = " ".repeat(parcours::MAX_INPUT_BYTES + 1);
    for (name, text) in [
        ("not json", "{\n  \"resourceType\": \"Bundle\",\n  oops\n}"),
        ("patient", r#"{"resourceType": "Patient"}"#),
        ("no resource type", "{}"),
        ("bare bundle", r#"{"resourceType": "Bundle"}"#),
        ("too big", too_big.as_str()),
    ] {
        let e = from_fhir_bundle(text, "in.json").unwrap_err();
        out.extend(problem_texts(name, &e, lang));
    }
    (out, longest_first(values))
}

/// Every FHIR message and hint of the importers' table is met by the inputs above: the scan
/// covers the whole FHIR part of the table, not a sample.
#[cfg(feature = "fhir")]
#[test]
fn the_fhir_inputs_meet_every_fhir_text() {
    use parcours::messages::ImportMsg;
    let (texts, _) = fhir_texts(Lang::En);
    let all: String = texts.into_iter().map(|(_, t)| t + "\n").collect();
    let missing: Vec<String> = ImportMsg::ALL
        .iter()
        .filter(|m| format!("{m:?}").starts_with("Fhir"))
        .filter(|m| {
            // Each fixed part of the template (between its holes) is in some text.
            let t = m.template(Lang::En);
            !t.split(['{', '}'])
                .enumerate()
                .filter(|(i, _)| i % 2 == 0)
                .all(|(_, part)| all.contains(part))
        })
        .map(|m| format!("{m:?}"))
        .collect();
    assert!(missing.is_empty(), "texts no input produces: {missing:?}");
}

#[cfg(feature = "fhir")]
#[test]
fn fhir_import_problems_hold_no_word_of_the_other_language() {
    let fr = clean_in_both_languages("FHIR import", fhir_texts);
    // And they are French: the hostile bundle's first problem, word for word.
    assert_eq!(
        fr.0[1].1,
        "le bundle est de type `batch`, pas `collection`\nparcours lit les bundles de type \
         `collection` (un ensemble de ressources qui décrivent un réseau)"
    );
}

/// The conflicts of merging the example FINESS fragment into a seed network edited to
/// contradict it in every way a merge reports (a fact of a legal entity and of a site matched
/// by FINESS number, ids taken by other entities, a grouping of another kind, a filière with
/// other levels, a capability at another level), in `lang`, with the values to take out.
#[cfg(feature = "registers")]
fn merge_texts(lang: Lang) -> Texts {
    use parcours::registers::{ImportOptions, merge, read_finess_json};
    let dir = examples().join("registers/finess");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    let fragment = read_finess_json(
        &read("structures-excerpt-20260309.json"),
        "structures.json",
        Some(&read("activites-excerpt-20260401.json")),
        "activites.json",
        &ImportOptions::default(),
    )
    .unwrap()
    .network;
    let seed = std::fs::read_to_string(examples().join("networks/sud-haut-marnais.json")).unwrap();
    // The seed with the fragment merged in, then edited by hand.
    let mut base = merge(&Network::from_json_str(&seed).unwrap(), &fragment).network;
    let entity = |n: &Network, id: &str| n.legal_entities.iter().position(|e| e.id == id).unwrap();
    let site = |n: &Network, id: &str| n.sites.iter().position(|s| s.id == id).unwrap();
    let (a, b) = (entity(&base, "ej-010000156"), entity(&base, "ej-010000164"));
    base.legal_entities[a].legal_status = parcours::LegalStatus::Public;
    base.legal_entities[a].siren = Some("123456789".into());
    base.legal_entities[b].finess_ej = None; // same id, no FINESS: an id clash
    let (s, t) = (site(&base, "et-010780195"), site(&base, "et-010780310"));
    base.sites[s].category = Some("355".into());
    base.sites[s].legal_entity = "ej-010000016".into();
    let place = base.sites[s].location.clone();
    let l = base.locations.iter().position(|x| x.id == place).unwrap();
    base.locations[l].insee = Some("52269".into());
    base.sites[t].finess_et = None;
    let g = base.groupings.iter().position(|x| x.id == "gcc-2").unwrap();
    base.groupings[g].kind = parcours::GroupingKind::GcsMoyens;
    // Ids of the fragment's grouping and filière taken by places.
    base.groupings.retain(|x| x.id != "gcc-3");
    base.filieres.retain(|f| f.id != "medecine");
    for id in ["gcc-3", "medecine"] {
        let mut other = base.locations[l].clone();
        other.id = id.into();
        base.locations.push(other);
    }
    let f = base.filieres.iter().position(|x| x.id == "cancer").unwrap();
    base.filieres[f].levels.truncate(2);
    let c = base
        .capabilities
        .iter()
        .position(|x| x.site == "et-010780195" && x.filiere == "cancer")
        .unwrap();
    base.capabilities[c].level = "proximite".into();
    let m = merge(&base, &fragment);
    let mut kinds: Vec<String> = m
        .conflicts
        .iter()
        .map(|c| format!("{:?} {}", c.kind, c.field.as_deref().unwrap_or("-")))
        .collect();
    kinds.sort();
    kinds.dedup();
    assert_eq!(
        kinds,
        [
            "Capability level",
            "DifferentFact category",
            "DifferentFact commune",
            "DifferentFact legal_entity",
            "DifferentFact legal_status",
            "DifferentFact siren",
            "FiliereLevels levels",
            "IdClash -",
            "IdClash kind",
        ]
    );
    // The id clashes of a legal entity, a site, a grouping and a filière.
    assert_eq!(m.conflicts.len(), 12, "{:#?}", m.conflicts);
    let mut values = Vec::new();
    strings(&serde_json::to_value(&base).unwrap(), &mut values);
    strings(&serde_json::to_value(&fragment).unwrap(), &mut values);
    let out = m
        .conflicts
        .iter()
        .map(|c| {
            assert_eq!(c.localized(lang).message, c.message_in(lang));
            (format!("{:?} {:?}", c.kind, c.field), c.message_in(lang))
        })
        .collect();
    (out, longest_first(values))
}

#[cfg(feature = "registers")]
#[test]
fn merge_conflicts_hold_no_word_of_the_other_language() {
    let fr = clean_in_both_languages("merge conflict", merge_texts);
    assert!(
        fr.0.iter().any(|(_, t)| t.starts_with(
            "entité juridique `ej-010000156` (FINESS EJ 010000156) : le réseau dit `public`, le registre `private_for_profit`"
        )),
        "{:#?}",
        fr.0
    );
}

/// Every text of the importers' table has both languages, with the same holes, numbered from
/// 0; French differs from English but for words the two share.
#[cfg(any(feature = "registers", feature = "fhir"))]
#[test]
fn every_importer_text_has_both_languages_with_the_same_holes() {
    use parcours::messages::ImportMsg;
    fn holes(t: &str) -> Vec<u8> {
        let mut h: Vec<u8> = t
            .as_bytes()
            .windows(3)
            .filter(|w| w[0] == b'{' && w[1].is_ascii_digit() && w[2] == b'}')
            .map(|w| w[1] - b'0')
            .collect();
        h.sort_unstable();
        h.dedup();
        h
    }
    let same = ["KindGht", "MergeFieldCommune"];
    assert!(ImportMsg::ALL.len() > 100);
    for m in ImportMsg::ALL {
        let (en, fr) = (m.template(Lang::En), m.template(Lang::Fr));
        let name = format!("{m:?}");
        assert!(!en.trim().is_empty() && !fr.trim().is_empty(), "{name}");
        if !same.contains(&name.as_str()) {
            assert_ne!(en, fr, "{name}: the French text is the English one");
        }
        let h = holes(en);
        assert_eq!(
            h,
            holes(fr),
            "{name}: English and French fill different holes"
        );
        assert!(
            h.iter().enumerate().all(|(i, &d)| usize::from(d) == i),
            "{name}"
        );
    }
}
