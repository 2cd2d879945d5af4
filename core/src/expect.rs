//! Tests beside the network: expectation files and the runner that checks them.
//!
//! A test file ([`TestFile`], JSON, schema in `core/schema/tests.schema.json`) names the network
//! it is written for, an optional travel matrix, **cases** with the decision expected for each,
//! and **questions at a date** ([`crate::query::Question`]) with the rows expected. The shared
//! vectors of the project (`examples/cases/*.json`) are such files; `parcours test`, Python's
//! `Network.run_tests` and JS's `network.runTests` run them through [`run`], so the comparison
//! below is written once.
//!
//! ```json
//! {
//!   "network": "../networks/sud-haut-marnais.json",
//!   "cases": [{
//!     "name": "Langres surgery after the GCS",
//!     "case": {"filiere": "chirurgie", "origin": "ch-langres", "date": "2017-10-02", "level": "reference"},
//!     "expect": {"outcome": "routed", "target": "clinique-compassion-langres", "step": "partner", "distance_km": 0}
//!   }],
//!   "questions": [{
//!     "name": "members of the surgery GCS",
//!     "question": {"question": "members", "grouping": "gcs-chirurgie-shm", "date": "2018-01-01"},
//!     "expect": {"rows": [{"member": "ch-langres", "role": "founding_member"}]}
//!   }]
//! }
//! ```
//!
//! # How expectations compare
//!
//! - A case passes when every field its `expect` lists equals the decision's: `outcome`,
//!   `target`, `target_name`, `level`, `target_level`, `step`, `rule`, `tele_service`,
//!   `fallback_target`, `commune`, `entry`, `reason`, `minutes`; `null` means the decision has no such
//!   value. `distance_km` matches within `tolerance_km` (default 1 km, exclusive). `via` is the
//!   exact escalation path of the target, `dead_ends` the exact list of the sites escalated
//!   from that led nowhere; `alternatives` the exact ordered list of `{site, rejection}`. Fields
//!   not listed are not compared. A failed case reports the decision's full explanation.
//! - A question passes when it gives exactly as many rows as `expect.rows` lists, in order, and
//!   every column each expected row lists has the expected value (columns not listed are not
//!   compared); or, with `expect.error`, when it fails with an error whose text contains it.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value, json};

use crate::engine::{CompileOptions, Engine, TravelEntry};
use crate::error::{Error, Problem};
use crate::messages::{CliMsg, Lang};
use crate::network::{Network, Step};
use crate::query::Question;
use crate::route::{Case, Outcome, ReasonCode, Rejection};

/// An expectation file: cases and questions with what the network must answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Tests")]
pub struct TestFile {
    /// The JSON Schema of this file, for editors.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Path of the network the tests are written for, relative to this file. `parcours test`
    /// and the bindings may run the tests against another network.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    /// What the tests are about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Travel distances and times to compile the network with.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub travel: Vec<TravelEntry>,
    /// The commune reference to compile the network with, for cases whose origin is a
    /// commune, a postal code or a point placed in its commune. The runner does no I/O: the
    /// caller (`parcours test`, Python `run_tests`) reads these files, or (JS `runTests`) is
    /// given their texts, and passes the reference to [`run_with_communes`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub communes: Option<CommuneFiles>,
    /// Cases with their expected decisions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cases: Vec<CaseTest>,
    /// Questions at a date with their expected answers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<QuestionTest>,
}

/// Where a test file's commune reference is, relative to the file (the CSV formats of
/// [`crate::reference`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommuneFiles {
    /// `communes.csv`: code, name, département, population, point, successor.
    pub communes: String,
    /// `postal_codes.csv`: postal code and commune pairs, for `postal_code` origins.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_codes: Option<String>,
}

/// A case and the decision expected for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseTest {
    /// What the case shows, shown on failure.
    pub name: String,
    /// The case to route.
    pub case: Case,
    /// The fields of the decision that must match.
    pub expect: Expect,
}

/// A field given as `null` is `Some(None)`; a field left out is `None`.
#[allow(clippy::option_option)] // `null` (expect no value) and absent (do not compare) differ
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// What a decision must say. Only the fields given are compared; `null` means absent.
#[allow(clippy::option_option)] // `null` (expect no value) and absent (do not compare) differ
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// `routed`, `no_route` or `invalid`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// Target site id.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<String>")]
    pub target: Option<Option<String>>,
    /// Target site name.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<String>")]
    pub target_name: Option<Option<String>>,
    /// Level needed (after flags).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<String>")]
    pub level: Option<Option<String>>,
    /// Level the target holds.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<String>")]
    pub target_level: Option<Option<String>>,
    /// Step of the pathway.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<Step>")]
    pub step: Option<Option<Step>>,
    /// Rule that decided.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<String>")]
    pub rule: Option<Option<String>>,
    /// Tele-service offered first.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<String>")]
    pub tele_service: Option<Option<String>>,
    /// Physical transfer behind the tele-service.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<String>")]
    pub fallback_target: Option<Option<String>>,
    /// The commune an origin resolved to (a merged commune's successor, a postal code's
    /// commune).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<String>")]
    pub commune: Option<Option<String>>,
    /// Entry site of an origin outside the network's sites.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<String>")]
    pub entry: Option<Option<String>>,
    /// Why there is no route, or why the case is invalid.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<ReasonCode>")]
    pub reason: Option<Option<ReasonCode>>,
    /// Distance to the target, km, within `tolerance_km`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
    /// Tolerance of `distance_km`, km (default 1: the distance must be less than 1 km off).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tolerance_km: Option<f64>,
    /// Travel time to the target, minutes (exact).
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[schemars(with = "Option<f64>")]
    pub minutes: Option<Option<f64>>,
    /// The escalation path of the target, exactly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub via: Option<Vec<String>>,
    /// The sites escalated from that led nowhere, exactly, in the order tried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dead_ends: Option<Vec<String>>,
    /// The ranked alternatives, exactly, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternatives: Option<Vec<ExpectedAlternative>>,
}

/// An alternative the decision must list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExpectedAlternative {
    /// Site id.
    pub site: String,
    /// Why it lost.
    pub rejection: Rejection,
}

/// A question and the answer expected for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionTest {
    /// What the question shows, shown on failure.
    pub name: String,
    /// The question.
    pub question: Question,
    /// The expected rows, or the expected error.
    pub expect: QuestionExpect,
}

/// What a question must answer: `rows` (exactly that many, in order, each listed column equal)
/// or `error` (text the error must contain). Give one of the two.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionExpect {
    /// The rows, in order; each lists the columns to compare.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<Vec<Map<String, Value>>>,
    /// Text the error must contain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A test file that cannot be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("cannot read test file `{file}`: {problem}")]
pub struct TestFileError {
    /// Name of the file.
    pub file: String,
    /// What is wrong, where, and a help text.
    pub problem: Box<Problem>,
}

impl TestFile {
    /// Reads a test file from JSON text; `file` names it in errors.
    ///
    /// # Errors
    /// [`TestFileError`] with the JSON pointer, line and column of the first problem (a
    /// syntax error, an unknown field, a case or question that does not read).
    pub fn from_json_str(text: &str, file: &str) -> Result<Self, TestFileError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        crate::load::parse_json(text).map_err(|p| TestFileError {
            file: file.to_owned(),
            problem: p,
        })
    }
}

/// Whether a test is about a case or a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TestKind {
    /// A case to route.
    Case,
    /// A question at a date.
    Question,
}

/// One field that differs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mismatch {
    /// The field (`target`) or, for a question, `rows`, `rows/2/role`, `error`.
    pub field: String,
    /// What the file expects.
    pub expected: Value,
    /// What the network gives.
    pub actual: Value,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is {}, expected {}",
            self.field, self.actual, self.expected
        )
    }
}

/// The result of one test.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TestResult {
    /// Case or question.
    pub kind: TestKind,
    /// Its name in the file.
    pub name: String,
    /// Whether every expectation held.
    pub passed: bool,
    /// What differs, when it failed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub mismatches: Vec<Mismatch>,
    /// On failure: the decision's explanation (trace and alternatives), or the question's
    /// actual answer or error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
}

/// What running a test file gives.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TestReport {
    /// Tests that passed.
    pub passed: usize,
    /// Tests that failed.
    pub failed: usize,
    /// Every test, in file order: cases, then questions.
    pub results: Vec<TestResult>,
}

impl TestReport {
    /// The failures with their mismatches and explanations, then a summary line, in `lang`
    /// (the explanations are in the language the report was run in: [`run_with_communes_in`]).
    /// `Display` is this in English.
    pub fn text(&self, lang: Lang) -> String {
        let mut out = String::new();
        for r in self.failures() {
            let kind = match r.kind {
                TestKind::Case => CliMsg::FailedCase,
                TestKind::Question => CliMsg::FailedQuestion,
            };
            out.push_str(&kind.fill(lang, &[&r.name]));
            out.push('\n');
            for m in &r.mismatches {
                let (actual, expected) = (m.actual.to_string(), m.expected.to_string());
                out.push_str("  ");
                out.push_str(&CliMsg::Mismatch.fill(lang, &[&m.field, &actual, &expected]));
                out.push('\n');
            }
            if let Some(e) = &r.explanation {
                for line in e.lines() {
                    out.push_str("  | ");
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
        let (passed, failed) = (self.passed.to_string(), self.failed.to_string());
        out.push_str(&CliMsg::PassedFailed.fill(lang, &[&passed, &failed]));
        out
    }

    /// Whether every test passed.
    pub fn ok(&self) -> bool {
        self.failed == 0
    }

    /// The failed tests.
    pub fn failures(&self) -> impl Iterator<Item = &TestResult> {
        self.results.iter().filter(|r| !r.passed)
    }
}

impl fmt::Display for TestReport {
    /// The failures with their mismatches and explanations, then a summary line: what
    /// [`TestReport::text`] gives in English (a test says so). Written out here rather than
    /// through `text`, whose table of texts ([`CliMsg`]) the WebAssembly module, which shows
    /// this, would otherwise carry.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for r in self.failures() {
            let kind = match r.kind {
                TestKind::Case => "case",
                TestKind::Question => "question",
            };
            writeln!(f, "FAILED {kind} `{}`", r.name)?;
            for m in &r.mismatches {
                writeln!(f, "  {m}")?;
            }
            if let Some(e) = &r.explanation {
                for line in e.lines() {
                    writeln!(f, "  | {line}")?;
                }
            }
        }
        write!(f, "{} passed, {} failed", self.passed, self.failed)
    }
}

/// Runs a test file against a network: compiles it with the file's travel matrix, routes every
/// case and answers every question.
///
/// ```
/// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/networks/sud-haut-marnais.json")).unwrap();
/// let network = parcours::Network::from_json_str(&text)?;
/// let tests = parcours::expect::TestFile::from_json_str(r#"{"cases": [{"name": "Langres",
///     "case": {"filiere": "chirurgie", "origin": "ch-langres", "date": "2018-01-01"},
///     "expect": {"outcome": "routed"}}]}"#, "inline").unwrap();
/// let report = parcours::expect::run(&network, &tests)?;
/// assert!(report.ok(), "{report}");
/// # Ok::<(), parcours::Error>(())
/// ```
///
/// # Errors
/// [`Error::Load`] when the network does not compile with the file's travel matrix, or when
/// the file names a commune reference (`communes`): read it and call [`run_with_communes`].
pub fn run(network: &Network, file: &TestFile) -> Result<TestReport, Error> {
    run_with_communes(network, file, None)
}

/// Runs a test file against `network`, compiled with the file's travel matrix and the commune
/// reference `communes` (which the caller read from the files the test file names).
///
/// # Errors
/// [`Error::Load`] when the network does not compile, or when the file names a commune
/// reference and `communes` is `None` (code `L004`, pointer `/communes`).
pub fn run_with_communes(
    network: &Network,
    file: &TestFile,
    communes: Option<std::sync::Arc<crate::reference::Communes>>,
) -> Result<TestReport, Error> {
    run_with_communes_in(network, file, communes, Lang::En)
}

/// [`run_with_communes`], the failures' explanations in `lang` (the expectations are compared
/// with the English decision, so a file's expected texts hold in any language).
///
/// # Errors
/// As [`run_with_communes`].
pub fn run_with_communes_in(
    network: &Network,
    file: &TestFile,
    communes: Option<std::sync::Arc<crate::reference::Communes>>,
    lang: Lang,
) -> Result<TestReport, Error> {
    let mut options = CompileOptions::default().travel(file.travel.clone());
    match (communes, &file.communes) {
        (Some(c), _) => options = options.communes(c),
        (None, Some(named)) => {
            return Err(Error::load(
                "<tests>".to_owned(),
                vec![
                    Problem::tr(
                        crate::error::codes::UNKNOWN_REFERENCE,
                        "/communes",
                        crate::messages::text!(TestsNeedCommunes, named.communes),
                    )
                    .help(crate::messages::text!(TestsNeedCommunesHint)),
                ],
            ));
        }
        (None, None) => {}
    }
    let engine = Engine::compile_with(network, &options)?;
    Ok(run_with_in(&engine, network, file, lang))
}

/// Runs a test file with an engine already compiled from `network` (the file's travel matrix
/// is not used).
pub fn run_with(engine: &Engine, network: &Network, file: &TestFile) -> TestReport {
    run_with_in(engine, network, file, Lang::En)
}

/// [`run_with`], the failures' explanations in `lang`.
pub fn run_with_in(engine: &Engine, network: &Network, file: &TestFile, lang: Lang) -> TestReport {
    let mut results = Vec::with_capacity(file.cases.len() + file.questions.len());
    for t in &file.cases {
        results.push(check_case(engine, t, lang));
    }
    for t in &file.questions {
        results.push(check_question(engine, network, t));
    }
    let passed = results.iter().filter(|r| r.passed).count();
    TestReport {
        passed,
        failed: results.len() - passed,
        results,
    }
}

/// The fields of [`Expect`] compared to the decision, in the order failures list them.
const EXPECT_FIELDS: &[&str] = &[
    "outcome",
    "target",
    "target_name",
    "level",
    "target_level",
    "step",
    "rule",
    "tele_service",
    "fallback_target",
    "entry",
    "reason",
    "commune",
    "distance_km",
    "minutes",
    "via",
    "dead_ends",
    "alternatives",
];

fn check_case(engine: &Engine, t: &CaseTest, lang: Lang) -> TestResult {
    let explained = engine.route_explained(&t.case);
    let mut actual = match serde_json::to_value(&explained.decision) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    };
    actual.insert("via".into(), json!(explained.via));
    actual.insert("dead_ends".into(), json!(explained.dead_ends));
    actual.insert(
        "alternatives".into(),
        Value::Array(
            explained
                .alternatives
                .iter()
                .map(|a| json!({"site": a.site, "rejection": a.rejection}))
                .collect(),
        ),
    );
    let expected = match serde_json::to_value(&t.expect) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    };
    let tolerance = t.expect.tolerance_km.unwrap_or(1.0);
    let mut mismatches = Vec::new();
    for key in EXPECT_FIELDS {
        let Some(want) = expected.get(*key) else {
            continue;
        };
        let have = actual.get(*key).cloned().unwrap_or(Value::Null);
        let ok = if *key == "distance_km" {
            match (have.as_f64(), want.as_f64()) {
                (Some(h), Some(w)) => (h - w).abs() < tolerance,
                _ => false,
            }
        } else {
            &have == want
        };
        if !ok {
            mismatches.push(Mismatch {
                field: (*key).to_owned(),
                expected: want.clone(),
                actual: have,
            });
        }
    }
    let passed = mismatches.is_empty();
    TestResult {
        kind: TestKind::Case,
        name: t.name.clone(),
        passed,
        explanation: (!passed).then(|| {
            if lang == Lang::En {
                explained.to_string()
            } else {
                engine.route_explained_in(&t.case, lang).text(lang)
            }
        }),
        mismatches,
    }
}

fn check_question(engine: &Engine, network: &Network, t: &QuestionTest) -> TestResult {
    let answer = engine.answer(network, &t.question);
    let mut mismatches = Vec::new();
    let explanation = match (&t.expect.rows, &t.expect.error, &answer) {
        (Some(_), Some(_), _) | (None, None, _) => {
            mismatches.push(Mismatch {
                field: "expect".into(),
                expected: json!("one of `rows` or `error`"),
                actual: serde_json::to_value(&t.expect).unwrap_or(Value::Null),
            });
            None
        }
        (Some(want), None, Ok(a)) => {
            let rows = a.rows();
            if rows.len() != want.len() {
                mismatches.push(Mismatch {
                    field: "rows".into(),
                    expected: json!(format!("{} rows", want.len())),
                    actual: json!(format!("{} rows", rows.len())),
                });
            }
            for (i, (w, h)) in want.iter().zip(&rows).enumerate() {
                for (col, value) in w {
                    let have = h.get(col);
                    if have != Some(value) {
                        let actual = have.cloned().unwrap_or_else(|| {
                            json!(format!(
                                "no column `{col}` (columns: {})",
                                a.columns().join(", ")
                            ))
                        });
                        mismatches.push(Mismatch {
                            field: format!("rows/{i}/{col}"),
                            expected: value.clone(),
                            actual,
                        });
                    }
                }
            }
            Some(
                serde_json::to_string_pretty(&rows)
                    .map(|s| format!("the answer:\n{s}"))
                    .unwrap_or_default(),
            )
        }
        (Some(_), None, Err(e)) => {
            mismatches.push(Mismatch {
                field: "error".into(),
                expected: Value::Null,
                actual: json!(e.to_string()),
            });
            None
        }
        (None, Some(want), Err(e)) => {
            let text = e.to_string();
            if !text.contains(want.as_str()) {
                mismatches.push(Mismatch {
                    field: "error".into(),
                    expected: json!(want),
                    actual: json!(text),
                });
            }
            None
        }
        (None, Some(want), Ok(a)) => {
            mismatches.push(Mismatch {
                field: "error".into(),
                expected: json!(want),
                actual: json!(format!("no error: {} rows", a.len())),
            });
            None
        }
    };
    let passed = mismatches.is_empty();
    TestResult {
        kind: TestKind::Question,
        name: t.name.clone(),
        passed,
        explanation: if passed { None } else { explanation },
        mismatches,
    }
}
