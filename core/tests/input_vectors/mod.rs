//! The shared vectors of `test-data/input-errors.json` (questions, coverage queries and cases
//! that do not read) and the errors they give, for `input_errors.rs` (the codes) and `lang.rs`
//! (their texts in each language).

use parcours::analysis::CoverageQuery;
use parcours::query::{QueryError, Question};
use parcours::{Case, CaseError, CaseFields, Engine, Lang, Network};
use serde_json::Value;

/// An error a vector gives.
pub enum Provoked {
    /// A question or a coverage query.
    Query(QueryError),
    /// A case.
    Case(CaseError),
}

impl Provoked {
    pub fn code(&self) -> &'static str {
        match self {
            Self::Query(e) => e.code.as_str(),
            Self::Case(e) => e.code.as_str(),
        }
    }

    pub fn message_in(&self, lang: Lang) -> String {
        match self {
            Self::Query(e) => e.message_in(lang),
            Self::Case(e) => e.invalid_case_in(lang),
        }
    }

    pub fn help_in(&self, lang: Lang) -> Option<String> {
        match self {
            Self::Query(e) => e.help_in(lang),
            Self::Case(e) => e.help_in(lang),
        }
    }
}

/// The vector file.
pub fn file() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../test-data/input-errors.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Every vector: its section and name, the code and whether a hint is expected, and the error
/// it gives (a case also read field by field, which must give the same error).
pub fn provoked() -> Vec<(String, Value, Provoked)> {
    let all = file();
    let path = format!(
        "{}/../{}",
        env!("CARGO_MANIFEST_DIR"),
        all["network"].as_str().unwrap()
    );
    let network = Network::from_json_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let engine = Engine::compile(&network).unwrap();
    let mut out = Vec::new();
    for v in all["questions"].as_array().unwrap() {
        let e = match serde_json::from_value::<Question>(v["question"].clone()) {
            Err(e) => QueryError::question_format(&e.to_string()),
            Ok(q) => engine.answer(&network, &q).unwrap_err(),
        };
        out.push((
            format!("question {}", v["name"]),
            v.clone(),
            Provoked::Query(e),
        ));
    }
    for v in all["coverage"].as_array().unwrap() {
        let q = &v["query"];
        let mut query = CoverageQuery::new(
            q["filiere"].as_str().unwrap(),
            q["date"].as_str().unwrap().parse().unwrap(),
        );
        query.level = q["level"].as_str().map(str::to_owned);
        if let Some(t) = q["threshold"].as_f64() {
            query.threshold = t;
        }
        let e = engine.coverage(&[], &query).unwrap_err();
        out.push((
            format!("coverage {}", v["name"]),
            v.clone(),
            Provoked::Query(e),
        ));
    }
    for v in all["cases"].as_array().unwrap() {
        let whole = serde_json::from_value::<Case>(v["case"].clone()).unwrap_err();
        let e = CaseError::from_message(&whole.to_string());
        // Field by field (Python dicts, JS objects): the same error.
        let mut fields = CaseFields::default();
        let mut by_fields = None;
        for (k, x) in v["case"].as_object().unwrap() {
            if let Err(m) = fields.set(k, x.clone()) {
                by_fields = Some(m);
                break;
            }
        }
        let by_fields = by_fields.unwrap_or_else(|| fields.finish().unwrap_err());
        assert_eq!(CaseError::from_message(&by_fields), e, "{}", v["name"]);
        out.push((format!("case {}", v["name"]), v.clone(), Provoked::Case(e)));
    }
    out
}
