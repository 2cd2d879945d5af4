//! Shared test files: `examples/cases/*.json`, each naming a network and listing cases with the
//! expected decision and questions at a date with the expected answer. They are run through
//! the runner of `parcours::expect`, as `parcours test`, the Python and the JS suites run them;
//! the format is `core/schema/tests.schema.json`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use parcours::expect::{TestFile, TestKind, run, run_with_communes};
use parcours::reference::Communes;
use parcours::{CompileOptions, Engine, Format, Network};

fn case_files() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/cases");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// The commune reference a test file names (paths relative to it), read as `parcours test`
/// reads it.
fn communes(file: &Path, tf: &TestFile) -> Option<Arc<Communes>> {
    let named = tf.communes.as_ref()?;
    let dir = file.parent().unwrap();
    let read = |p: &str| std::fs::read_to_string(dir.join(p)).unwrap();
    let mut c = Communes::from_csv(&read(&named.communes), &named.communes).unwrap();
    if let Some(p) = &named.postal_codes {
        c = c.with_postal_codes(&read(p), p).unwrap();
    }
    Some(Arc::new(c))
}

fn load(file: &Path) -> (TestFile, Network) {
    let text = std::fs::read_to_string(file).unwrap();
    let tf = TestFile::from_json_str(&text, &file.display().to_string())
        .unwrap_or_else(|e| panic!("{e}"));
    let rel = tf
        .network
        .clone()
        .expect("every shared test file names its network");
    let net_text = std::fs::read_to_string(file.parent().unwrap().join(&rel)).unwrap();
    let network = Network::load(&net_text, Format::from_path(&rel), &rel).unwrap();
    (tf, network)
}

#[test]
fn shared_test_files_pass_through_the_runner() {
    let files = case_files();
    assert!(files.len() >= 5, "expected a test file per seed network");
    let (mut cases, mut questions, mut failures) = (0, 0, Vec::new());
    for file in files {
        let (tf, network) = load(&file);
        let report = run_with_communes(&network, &tf, communes(&file, &tf)).unwrap();
        assert_eq!(report.results.len(), tf.cases.len() + tf.questions.len());
        cases += report
            .results
            .iter()
            .filter(|r| r.kind == TestKind::Case)
            .count();
        questions += report
            .results
            .iter()
            .filter(|r| r.kind == TestKind::Question)
            .count();
        if !report.ok() {
            failures.push(format!("{}:\n{report}", file.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(cases >= 60, "only {cases} case vectors");
    assert!(questions >= 30, "only {questions} question vectors");
}

#[test]
fn a_file_that_names_a_commune_reference_needs_it() {
    let file = case_files()
        .into_iter()
        .find(|f| f.ends_with("sud-haut-marnais-residents.json"))
        .unwrap();
    let (tf, network) = load(&file);
    let e = run(&network, &tf).unwrap_err();
    let p = &e.problems()[0];
    assert_eq!(
        (p.code.as_str(), p.pointer.as_str()),
        ("L004", "/communes"),
        "{e}"
    );
    assert!(p.message.contains("../reference/communes.csv"), "{e}");
}

#[test]
fn explained_and_plain_routing_agree_on_every_shared_case() {
    for file in case_files() {
        let (tf, network) = load(&file);
        let mut options = CompileOptions::default().travel(tf.travel.clone());
        if let Some(c) = communes(&file, &tf) {
            options = options.communes(c);
        }
        let engine = Engine::compile_with(&network, &options).unwrap();
        for t in &tf.cases {
            assert_eq!(
                engine.route_explained(&t.case).decision,
                engine.route(&t.case),
                "{}",
                t.name
            );
        }
    }
}
