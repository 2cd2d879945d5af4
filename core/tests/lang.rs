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

/// The marker words of `markers` found in `text`.
fn found(text: &str, markers: &[String]) -> Vec<String> {
    let lower = text.to_lowercase();
    let words = lower
        .split(|c: char| !(c.is_alphabetic() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty());
    let mut hits = Vec::new();
    for w in words {
        for m in markers {
            let hit = if m.ends_with('\'') {
                w.starts_with(m.as_str())
            } else {
                w == m
            };
            if hit && !hits.contains(m) {
                hits.push(m.clone());
            }
        }
    }
    hits
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

fn assert_clean(lang: Lang, other: &[String], terms: &[String]) {
    let nets = networks();
    let values: Vec<String> = nets.iter().flat_map(|n| n.2.clone()).collect();
    let mut values = values;
    let (load_errors, load_values) = load_error_texts(lang);
    values.extend(load_values);
    values.sort_by_key(|v| std::cmp::Reverse(v.len()));
    values.dedup();
    let mut texts = texts(lang);
    texts.extend(load_errors);
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
        let hits = found(&scrub(text, &values, terms), other);
        if !hits.is_empty() {
            let lines: Vec<&str> = text
                .lines()
                .filter(|l| !found(&scrub(l, &values, terms), other).is_empty())
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
    assert!(!found(&scrub(en, &[], &m.terms), &m.en).is_empty());
    let fr = "la règle `x` ne s'applique pas : pas en vigueur à la date";
    assert!(!found(&scrub(fr, &[], &m.terms), &m.fr).is_empty());
    assert!(found(&scrub(fr, &[], &m.terms), &m.en).is_empty());
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
