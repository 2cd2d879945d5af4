//! Questions at a date (`Engine.members`, `Engine.ask`…) and test files (`Network.run_tests`):
//! the core answers and compares; this module converts. Frames are built by
//! `parcours.queries` (pandas).

use std::path::Path;

use parcours::Lang;
use parcours::Network;
use parcours::expect::{TestFile, run_with_communes};
use parcours::query::{Answer, QueryError, Question};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;

use crate::communes::PyCommunes;
use crate::{guard, network_error};

/// `parcours.QueryError` (defined in `parcours.queries`) for the core's error, its texts in
/// `lang`.
pub(crate) fn query_error(py: Python<'_>, e: &QueryError, lang: Lang) -> PyErr {
    crate::coded_error(
        py,
        "parcours.queries",
        "QueryError",
        &e.diagnostic("").localized(lang),
        lang,
    )
}

/// Answers a question with an engine compiled from `network`; returns the pandas frame (or the
/// rows, with `frame=False`) built by `parcours.queries._answer`.
pub(crate) fn answer<'py>(
    py: Python<'py>,
    engine: &parcours::Engine,
    network: &Network,
    question: &Question,
    frame: bool,
    lang: Lang,
) -> PyResult<Bound<'py, PyAny>> {
    static BUILD: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let answer: Answer = guard(|| {
        py.detach(|| engine.answer(network, question))
            .map_err(|e| query_error(py, &e, lang))
    })?;
    let rows = serde_json::to_string(&answer).unwrap_or_else(|_| "[]".into());
    BUILD
        .import(py, "parcours.queries", "_answer")?
        .call1((answer.columns().to_vec(), rows, frame))
}

/// A question given as a dict (`{"question": "members", "grouping": …}`); one that does not
/// fit the format raises `QueryError` (`Q005`) in `lang`.
pub(crate) fn question_of(
    py: Python<'_>,
    question: &Bound<'_, PyAny>,
    lang: Lang,
) -> PyResult<Question> {
    let value = crate::engine::to_value(question)?;
    serde_json::from_value(value)
        .map_err(|e| query_error(py, &QueryError::question_format(&e.to_string()), lang))
}

/// Runs the test file at `path` against `network`; returns `parcours.TestReport`.
pub(crate) fn run_tests<'py>(
    py: Python<'py>,
    network: &Network,
    path: &Path,
) -> PyResult<Bound<'py, PyAny>> {
    static FROM_CORE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let name = path.display().to_string();
    let bytes = py
        .detach(|| std::fs::read(path))
        .map_err(|e| crate::os_error(py, &e, &name))?;
    let raise = |e: parcours::expect::TestFileError| match py
        .import("parcours.queries")
        .and_then(|m| m.getattr("TestFileError"))
        .and_then(|t| t.call1((e.to_string(), e.problem.pointer.clone())))
    {
        Ok(err) => PyErr::from_value(err),
        Err(err) => err,
    };
    let text = parcours::text::utf8(&bytes).map_err(|problem| {
        raise(parcours::expect::TestFileError {
            file: name.clone(),
            problem,
        })
    })?;
    let file = TestFile::from_json_str(text, &name).map_err(raise)?;
    // The reference the file names, relative to the file, read as `Communes.from_files` reads
    // it (and as `parcours test` does).
    let communes = match &file.communes {
        Some(named) => {
            let dir = path.parent().unwrap_or(Path::new("."));
            let postal = named.postal_codes.as_ref().map(|p| dir.join(p));
            Some(PyCommunes::from_files(py, dir.join(&named.communes), postal, "en")?.inner)
        }
        None => None,
    };
    let report = guard(|| {
        py.detach(|| run_with_communes(network, &file, communes))
            .map_err(|e| network_error(py, &e))
    })?;
    let json = serde_json::to_string(&report).unwrap_or_default();
    FROM_CORE
        .import(py, "parcours.queries", "TestReport")?
        .call_method1("_from_core", (name, json, report.to_string()))
}
