//! Questions at a date and test files: one entry each, JSON in and out. The core answers
//! (`parcours::query`) and compares (`parcours::expect`); `js/index.mjs` adds the named
//! methods (`members`, `teleServices`…) on top of `ask`.

use parcours::expect::{TestFile, run_with_communes};
use parcours::query::Question;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::{
    Engine, InputError, Network, commune_reference, json, load_error, query_error, read_lang,
};

/// The answer as JSON: the columns (also when there is no row) and the rows.
#[derive(Serialize)]
struct AnswerOut<'a> {
    columns: &'static [&'static str],
    rows: &'a parcours::query::Answer,
}

/// A test report as JSON, with the text `parcours test` prints.
#[derive(Serialize)]
struct ReportOut<'a> {
    #[serde(flatten)]
    report: &'a parcours::expect::TestReport,
    text: String,
}

#[wasm_bindgen]
impl Engine {
    /// Answers a question (JSON text of the core's `Question`, as in test files) about
    /// `network`, the network this engine was compiled from; returns the JSON text of
    /// `{columns, rows}`.
    ///
    /// # Errors
    /// Throws an error payload with a question code, texts in `lang` (`en`, `fr`): `Q005`
    /// when the text is not a question, `Q001` when it names an unknown id (its help suggests
    /// the closest one), `Q002` a malformed FINESS number or INSEE code, `Q003` bad
    /// coordinates; `argument` for an unknown language.
    #[wasm_bindgen(js_name = answerJson)]
    pub fn answer_json(
        &self,
        network: &Network,
        question: &str,
        lang: &str,
    ) -> Result<String, JsValue> {
        let lang = read_lang(lang)?;
        let q: Question = parcours::ffi::json::read(question).map_err(|e| {
            query_error(
                &parcours::query::QueryError::question_format(&e.message),
                lang,
            )
        })?;
        let answer = self
            .inner
            .answer(network.network(), &q)
            .map_err(|e| query_error(&e, lang))?;
        Ok(json(&AnswerOut {
            columns: answer.columns(),
            rows: &answer,
        }))
    }
}

#[wasm_bindgen]
impl Network {
    /// Runs a test file (JSON text; `file` names it in errors) against this network, compiled
    /// with the file's travel matrix and the commune reference given as CSV texts (`communes`,
    /// `postal_codes`: a file that names one needs it); returns the JSON text of the report
    /// with its `text`.
    ///
    /// # Errors
    /// Throws an error payload with code `tests` (pointer, line and column in the message)
    /// when the file does not read, or a load error when the travel matrix or the reference
    /// does not compile, or the file names a reference that was not given (`L004`).
    #[wasm_bindgen(js_name = runTestsJson)]
    pub fn run_tests_json(
        &self,
        tests: &str,
        file: &str,
        communes: Option<String>,
        postal_codes: Option<String>,
    ) -> Result<String, JsValue> {
        let tf = TestFile::from_json_str(tests, file).map_err(|e| {
            InputError {
                code: "tests",
                message: e.to_string(),
                pointer: e.problem.pointer.clone(),
            }
            .to_js("tests")
        })?;
        let reference =
            commune_reference(communes, postal_codes, parcours::Lang::En)?.map(std::sync::Arc::new);
        let report =
            run_with_communes(self.network(), &tf, reference).map_err(|e| load_error(&e))?;
        Ok(json(&ReportOut {
            text: report.to_string(),
            report: &report,
        }))
    }
}
