//! Python bindings of parcours: the `parcours._core` extension module.
//!
//! This crate converts and delegates: every rule, check and message comes from the `parcours`
//! core. The Python package around it (`python/parcours/`) holds the exception classes, so that
//! `NetworkError` can subclass both `ParcoursError` and `ValueError`, which an exception created
//! from Rust cannot do.
//!
//! Nothing panics across the boundary: the core is panic-free by its lints, every fallible
//! call here returns a `PyResult`, and the entry points that run core code go through
//! [`guard`], which turns a stray panic into `parcours.ParcoursError` (not PyO3's
//! `PanicException`, which does not derive from `Exception`).

#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::todo,
        clippy::unimplemented,
        clippy::allow_attributes_without_reason
    )
)]

mod analysis;
mod batch;
mod communes;
mod decision;
mod engine;
mod fhir;
mod history;
mod queries;
mod registers;
#[cfg(feature = "synthetic")]
mod synthetic;

use std::any::Any;
use std::fmt::Write as _;
use std::path::PathBuf;

use parcours::{Error, Format, Summary};
use pyo3::exceptions::PyOSError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyDict, PyString, PyTuple, PyType};

/// A cooperation network, loaded and validated.
///
/// Immutable: build one with `from_file`, `from_json`, `from_toml` or `from_dict`.
#[pyclass(frozen, eq, module = "parcours._core", name = "Network")]
#[derive(PartialEq)]
pub struct PyNetwork {
    inner: parcours::Network,
}

impl PyNetwork {
    /// Loads `text` with the GIL released; on failure raises `parcours.NetworkError` with
    /// its texts in `lang`.
    fn load(
        py: Python<'_>,
        text: &str,
        format: Format,
        file: &str,
        lang: parcours::Lang,
    ) -> PyResult<Self> {
        Self::load_with(py, text, format, file, lang, |e| e)
    }

    /// Like `load`, passing a load error through `adapt` before raising it.
    fn load_with(
        py: Python<'_>,
        text: &str,
        format: Format,
        file: &str,
        lang: parcours::Lang,
        adapt: impl FnOnce(Error) -> Error,
    ) -> PyResult<Self> {
        py.detach(|| parcours::Network::load(text, format, file))
            .map(|inner| Self { inner })
            .map_err(|e| network_error_in(py, &adapt(e), lang))
    }

    /// The wrapped core network, for Rust code that links this crate.
    pub fn network(&self) -> &parcours::Network {
        &self.inner
    }
}

#[pymethods]
impl PyNetwork {
    /// Reads and loads a network file; `.toml` files are TOML, anything else JSON. Errors
    /// speak `lang` (`"en"` or `"fr"`).
    #[staticmethod]
    #[pyo3(signature = (path, *, lang = "en"))]
    fn from_file(py: Python<'_>, path: PathBuf, lang: &str) -> PyResult<Self> {
        let lang = parse_lang(lang)?;
        let name = path.display().to_string();
        let bytes = py
            .detach(move || std::fs::read(path))
            .map_err(|e| os_error(py, &e, &name))?;
        py.detach(|| parcours::Network::load_bytes(&bytes, Format::from_path(&name), &name))
            .map(|inner| Self { inner })
            .map_err(|e| network_error_in(py, &e, lang))
    }

    /// Loads a network from JSON text, the canonical format. Errors speak `lang`.
    #[staticmethod]
    #[pyo3(signature = (text, *, lang = "en"))]
    fn from_json(py: Python<'_>, text: &Bound<'_, PyString>, lang: &str) -> PyResult<Self> {
        let lang = parse_lang(lang)?;
        let text = text_of_in(text, "<json>", lang)?;
        Self::load(py, &text, Format::Json, "<json>", lang)
    }

    /// Loads a network from TOML text. Errors speak `lang`.
    #[staticmethod]
    #[pyo3(signature = (text, *, lang = "en"))]
    fn from_toml(py: Python<'_>, text: &Bound<'_, PyString>, lang: &str) -> PyResult<Self> {
        let lang = parse_lang(lang)?;
        let text = text_of_in(text, "<toml>", lang)?;
        Self::load(py, &text, Format::Toml, "<toml>", lang)
    }

    /// Loads a network from a dict shaped like the JSON format (what `json.load` returns).
    ///
    /// The dict goes through `json.dumps`, so it must hold only JSON types (`TypeError`
    /// otherwise). Errors carry JSON pointers but no line or column: those would point into
    /// text the caller never saw.
    #[staticmethod]
    #[pyo3(signature = (data, *, lang = "en"))]
    fn from_dict(py: Python<'_>, data: &Bound<'_, PyDict>, lang: &str) -> PyResult<Self> {
        static DUMPS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        let lang = parse_lang(lang)?;
        let text: String = DUMPS
            .import(py, "json", "dumps")?
            .call1((data,))?
            .extract()?;
        Self::load_with(
            py,
            &text,
            Format::Json,
            "<dict>",
            lang,
            Error::without_positions,
        )
    }

    /// Stable identifier of the network.
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }

    /// Human-readable name of the network.
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }

    /// Counts of what the network holds, by kind.
    fn summary<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.summary())
    }

    /// Checks the network (compiling it first): a `parcours.CheckReport` of diagnostics, their
    /// messages and help in `lang` (`"en"` or `"fr"`).
    #[pyo3(signature = (*, lang = "en"))]
    fn check<'py>(&self, py: Python<'py>, lang: &str) -> PyResult<Bound<'py, PyAny>> {
        let lang = parse_lang(lang)?;
        let net = &self.inner;
        let report = guard(|| {
            py.detach(|| parcours::check(net))
                .map_err(|e| network_error_in(py, &e, lang))
        })?;
        check_report(py, &report, lang)
    }

    /// Compiles the network into an `Engine` (optionally with a travel matrix and a commune
    /// reference); a `NetworkError` (a bad travel entry) has its texts in `lang` (`"en"` or
    /// `"fr"`).
    #[pyo3(signature = (travel = None, communes = None, *, lang = "en"))]
    fn compile(
        slf: &Bound<'_, Self>,
        travel: Option<&Bound<'_, PyAny>>,
        communes: Option<Py<communes::PyCommunes>>,
        lang: &str,
    ) -> PyResult<engine::PyEngine> {
        engine::PyEngine::build(slf.py(), slf.clone().unbind(), travel, communes, lang)
    }

    /// A new network: this one with `changes` applied in order (core `apply_changes`).
    ///
    /// `changes` is a list of dicts shaped like the core's changes, e.g.
    /// `{"change": "remove_grouping", "grouping": "gcs-chirurgie-shm"}`, read by the core's
    /// reader (`read_changes`, the one of the CLI and JS). Raises `NetworkError` (file
    /// `<changes>`): `L002` with the pointer into the list (`/0/grouping`) for a malformed
    /// change, `L004` at `/changes/N` for one that names nothing, and when the changed network
    /// does not validate.
    fn apply_changes(&self, py: Python<'_>, changes: &Bound<'_, PyAny>) -> PyResult<Self> {
        self.changed(py, changes)
    }

    /// Every dated change of the network, in date order (core `parcours::history`): a list of
    /// dicts with `date`, `precision`, `change`, `entity`, `id`, `description`, `status`,
    /// `source` and `pointer`; `since` and `until` (inclusive) keep a window of dates;
    /// descriptions in `lang` (`en` or `fr`).
    #[pyo3(signature = (*, since = None, until = None, lang = "en"))]
    fn history<'py>(
        &self,
        py: Python<'py>,
        since: Option<&Bound<'py, PyAny>>,
        until: Option<&Bound<'py, PyAny>>,
        lang: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        history::history(py, &self.inner, since, until, lang)
    }

    /// Runs a test file (cases with expected decisions, questions with expected answers)
    /// against this network, compiled with the file's travel matrix; returns a `TestReport`.
    /// Raises `TestFileError` when the file does not read.
    #[allow(
        clippy::needless_pass_by_value,
        reason = "PyO3 extracts the argument by value"
    )]
    fn run_tests<'py>(&self, py: Python<'py>, path: PathBuf) -> PyResult<Bound<'py, PyAny>> {
        queries::run_tests(py, &self.inner, &path)
    }

    /// The network as pretty JSON, the canonical format.
    fn to_json(&self) -> String {
        self.inner.to_json_pretty()
    }

    /// The network's canonical JSON text (`parcours fmt`): records sorted, one layout, a final
    /// newline. Its SHA-256 is the `hash` of `fingerprint()`.
    fn to_canonical_json(&self, py: Python<'_>) -> String {
        py.detach(|| self.inner.to_canonical_json())
    }

    /// Which network this is: a dict with `network_id` and `hash` (`sha256:<hex>` of the
    /// canonical form, the same for the JSON and TOML forms of a network). See
    /// `parcours::fingerprint`.
    fn fingerprint<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let f = py.detach(|| self.inner.fingerprint());
        to_python(py, &f)
    }

    /// The network as a dict shaped like the JSON format.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner)
    }

    /// The network as a FHIR R4 Bundle (dict), following the French core profiles; rules,
    /// services, sources and notes are not carried (see `docs/fhir.md`).
    fn to_fhir<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.fhir_bundle(py)
    }

    /// Loads a network from a FHIR R4 Bundle (JSON text or dict), as `to_fhir` writes it.
    /// Raises `NetworkError` whose errors point into the bundle (`/entry/3/resource/...`),
    /// with its message and problems in `lang` (`"en"` or `"fr"`).
    #[staticmethod]
    #[pyo3(signature = (bundle, *, lang = "en"))]
    fn from_fhir(py: Python<'_>, bundle: &Bound<'_, PyAny>, lang: &str) -> PyResult<Self> {
        let lang = parse_lang(lang)?;
        Self::from_fhir_bundle(py, bundle, lang)
    }

    fn __repr__(&self) -> String {
        let s = self.inner.summary();
        format!(
            "<parcours.Network {:?} ({:?}): {} sites, {} groupings, {} rules>",
            s.id, s.name, s.sites, s.groupings, s.rules
        )
    }

    fn _repr_html_(&self) -> String {
        summary_html(&self.inner.summary())
    }

    /// Pickles as compact JSON text and rebuilds with `from_json` (for multiprocessing, Dask,
    /// Spark): a third smaller than the pretty form for the national synthetic network.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let from_json = py.get_type::<Self>().getattr("from_json")?;
        let text = serde_json::to_string(&self.inner).unwrap_or_default();
        (from_json, (text,)).into_pyobject(py)
    }
}

/// The JSON Schema (draft 2020-12) of the network format, as pretty JSON text.
#[pyfunction]
fn network_schema() -> String {
    parcours::schema::network_schema_pretty()
}

/// Every stable code (`L…` load problems, `P…` check diagnostics): a list of dicts with
/// `code`, `family`, `severity`, `summary_en` and `summary_fr`, the core's table.
#[pyfunction]
fn codes(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    to_python(py, &parcours::codes())
}

/// Runs `f`, turning a panic into `parcours.ParcoursError`.
pub(crate) fn guard<T>(f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|p| Python::attach(|py| Err(panic_error(py, p.as_ref()))))
}

/// `parcours.ParcoursError("internal error: ...")` for a caught panic payload.
pub(crate) fn panic_error(py: Python<'_>, payload: &(dyn Any + Send)) -> PyErr {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned());
    internal_error(py, &what)
}

/// `parcours.ParcoursError("internal error in parcours (please report it): {what}")`: a broken
/// invariant of these bindings (a bug, not a bad input), raised where a panic would have been.
pub(crate) fn internal_error(py: Python<'_>, what: &str) -> PyErr {
    static CLASS: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    let message = format!("internal error in parcours (please report it): {what}");
    match CLASS.import(py, "parcours.errors", "ParcoursError") {
        Ok(class) => match class.call1((message,)) {
            Ok(exc) => PyErr::from_value(exc),
            Err(e) => e,
        },
        Err(e) => e,
    }
}

/// Panics inside [`guard`]: lets the tests check that a panic becomes `ParcoursError`.
#[pyfunction]
#[allow(
    clippy::panic,
    reason = "the one deliberate panic: the tests check that guard turns it into ParcoursError"
)]
fn _panic_for_tests() -> PyResult<()> {
    guard(|| -> PyResult<()> { panic!("deliberate panic for the tests") })
}

/// The text of a Python string. One that cannot be UTF-8 (a lone surrogate, left by a UTF-16
/// string cut in the middle of a character) raises `NetworkError` `L001` at its line and
/// column (core `parcours::text::utf8`), not `UnicodeEncodeError`, in `lang`; `file` names the
/// input.
pub(crate) fn text_of_in<'s>(
    s: &'s Bound<'_, PyString>,
    file: &str,
    lang: parcours::Lang,
) -> PyResult<std::borrow::Cow<'s, str>> {
    if let Ok(text) = s.to_str() {
        return Ok(text.into());
    }
    let py = s.py();
    let encoded = s.call_method1("encode", ("utf-8", "surrogatepass"))?;
    let bytes = encoded.cast::<PyBytes>()?.as_bytes();
    match parcours::text::utf8(bytes) {
        Ok(text) => Ok(text.to_owned().into()),
        Err(p) => Err(network_error_in(
            py,
            &Error::load(file.to_owned(), vec![*p]),
            lang,
        )),
    }
}

pub(crate) fn network_error(py: Python<'_>, err: &Error) -> PyErr {
    network_error_in(py, err, parcours::Lang::En)
}

/// [`network_error`] with the message and every problem's text in `lang`.
pub(crate) fn network_error_in(py: Python<'_>, err: &Error, lang: parcours::Lang) -> PyErr {
    static CLASS: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    let build = || -> PyResult<PyErr> {
        // The core's serialisation of each diagnostic: the keys of every surface.
        let errors = to_python(py, &err.localized(lang).problems().to_vec())?;
        let class = CLASS.import(py, "parcours.errors", "NetworkError")?;
        let exc = class.call1((err.text(lang), errors, err.file()))?;
        Ok(PyErr::from_value(exc))
    };
    build().unwrap_or_else(|e| e)
}

/// A `parcours.CodedError` subclass (`CaseError`, `QueryError`, `TravelMatrixError`): the
/// class `name` of `module`, with the code, message, help and pointer of `d` (already in
/// `lang`); `str()` is the message with the help on the next line.
pub(crate) fn coded_error(
    py: Python<'_>,
    module: &str,
    name: &str,
    d: &parcours::Diagnostic,
    lang: parcours::Lang,
) -> PyErr {
    let text = parcours::code_table::with_help(&d.message, d.help.as_deref(), lang);
    let build = || -> PyResult<PyErr> {
        let class = py.import(module)?.getattr(name)?;
        let exc = class.call1((text, d.code.as_str(), &d.message, &d.help, &d.pointer))?;
        Ok(PyErr::from_value(exc))
    };
    build().unwrap_or_else(|e| e)
}

/// `OSError(errno, strerror, filename)`: Python picks the subclass (`FileNotFoundError`…)
/// from the errno, as `open()` does.
pub(crate) fn os_error(py: Python<'_>, e: &std::io::Error, file: &str) -> PyErr {
    match e.raw_os_error() {
        Some(errno) => {
            let strerror = py
                .import("os")
                .and_then(|os| os.call_method1("strerror", (errno,)))
                .and_then(|s| s.extract::<String>())
                .unwrap_or_else(|_| e.to_string());
            PyOSError::new_err((errno, strerror, file.to_owned()))
        }
        None => PyOSError::new_err(format!("cannot read `{file}`: {e}")),
    }
}

/// Turns serialisable data into Python objects through `json.loads`, which keeps the field
/// order of the Rust types (a `serde_json::Value` would sort keys).
pub(crate) fn to_python<'py, T: serde::Serialize>(
    py: Python<'py>,
    data: &T,
) -> PyResult<Bound<'py, PyAny>> {
    static LOADS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    // Serialising plain data with string keys cannot fail.
    let text = serde_json::to_string(data).unwrap_or_default();
    LOADS.import(py, "json", "loads")?.call1((text,))
}

/// Builds the Python `parcours.CheckReport` of a core report: the diagnostics as JSON (the
/// shape the core serialises) and the rustc-style text the core renders.
pub(crate) fn check_report<'py>(
    py: Python<'py>,
    report: &parcours::Report,
    lang: parcours::Lang,
) -> PyResult<Bound<'py, PyAny>> {
    let report = report.localized(lang);
    let json = serde_json::to_string(&report)
        .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(e.to_string()))?;
    py.import("parcours.check")?
        .getattr("CheckReport")?
        .call_method1("_from_core", (json, report.text(lang)))
}

/// `"en"` or `"fr"` as a [`parcours::Lang`]; a `ValueError` naming any other value and the
/// accepted ones.
pub(crate) fn parse_lang(lang: &str) -> PyResult<parcours::Lang> {
    lang.parse()
        .map_err(|e: parcours::UnknownLang| pyo3::exceptions::PyValueError::new_err(e.to_string()))
}

pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The summary as an HTML table, for Jupyter.
fn summary_html(s: &Summary) -> String {
    let mut rows = vec![
        ("legal entities".to_owned(), s.legal_entities),
        ("sites".to_owned(), s.sites),
        ("locations".to_owned(), s.locations),
        ("filières".to_owned(), s.filieres),
        ("groupings".to_owned(), s.groupings),
    ];
    rows.extend(
        s.groupings_by_kind
            .iter()
            .map(|(kind, n)| (format!("&nbsp;&nbsp;{}", escape_html(kind)), *n)),
    );
    rows.extend([
        ("memberships".to_owned(), s.memberships),
        ("capabilities".to_owned(), s.capabilities),
        ("rules".to_owned(), s.rules),
        ("shared services".to_owned(), s.shared_services),
        ("tele-services".to_owned(), s.tele_services),
        ("sources".to_owned(), s.sources),
    ]);
    let mut html = format!(
        "<table class=\"parcours-network\"><caption><b>{}</b> <code>{}</code></caption>\
         <thead><tr><th style=\"text-align:left\">kind</th><th>count</th></tr></thead><tbody>",
        escape_html(&s.name),
        escape_html(&s.id)
    );
    for (label, n) in rows {
        let _ = write!(
            html,
            "<tr><td style=\"text-align:left\">{label}</td><td>{n}</td></tr>"
        );
    }
    html.push_str("</tbody></table>");
    html
}

/// The compiled part of the `parcours` Python package.
#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyNetwork>()?;
    m.add_class::<engine::PyEngine>()?;
    m.add_class::<decision::PyDecision>()?;
    m.add_function(wrap_pyfunction!(decision::_decision_from_state, m)?)?;
    m.add_function(wrap_pyfunction!(decision::_decision_json, m)?)?;
    m.add_class::<communes::PyCommunes>()?;
    m.add_function(wrap_pyfunction!(batch::route_columns, m)?)?;
    m.add_function(wrap_pyfunction!(engine::frame_error, m)?)?;
    m.add_function(wrap_pyfunction!(batch::result_columns, m)?)?;
    m.add_function(wrap_pyfunction!(analysis::coverage_columns, m)?)?;
    m.add_function(wrap_pyfunction!(analysis::diff_columns, m)?)?;
    m.add_function(wrap_pyfunction!(analysis::diff_cases, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    #[cfg(feature = "synthetic")]
    synthetic::register(m)?;
    m.add_function(wrap_pyfunction!(network_schema, m)?)?;
    m.add_function(wrap_pyfunction!(codes, m)?)?;
    m.add_function(wrap_pyfunction!(registers::_read_finess, m)?)?;
    m.add_function(wrap_pyfunction!(registers::_merge_networks, m)?)?;
    m.add_function(wrap_pyfunction!(history::diff_structure, m)?)?;
    m.add_function(wrap_pyfunction!(history::labels, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_user_text() {
        let net = parcours::Network::from_json_str(r#"{"id": "a<b", "name": "R&D"}"#).unwrap();
        let html = summary_html(&net.summary());
        assert!(
            html.contains("R&amp;D") && html.contains("a&lt;b"),
            "{html}"
        );
    }
}
