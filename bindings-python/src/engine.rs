//! `parcours.Engine` and `parcours.Decision`: the compiled network and what routing returns.

use std::fmt::Write as _;
use std::sync::Arc;

use parcours::query::QueryError;
use parcours::{Case, CaseError, CaseFields, CompileOptions, Date, Engine, Lang, TravelEntry};

use crate::decision::{PyDecision, Texts};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Value};

use crate::{PyNetwork, escape_html, guard};

/// A compiled network: immutable, safe to share between threads; routes cases.
#[pyclass(frozen, module = "parcours._core", name = "Engine")]
pub struct PyEngine {
    pub(crate) engine: Arc<Engine>,
    pub(crate) network: Py<PyNetwork>,
    travel: Vec<TravelEntry>,
    communes: Option<Py<crate::communes::PyCommunes>>,
    /// The Python strings of the engine's texts, shared by its decisions.
    texts: Texts,
}

impl PyEngine {
    /// Compiles `network` (with the GIL released); load errors raise `NetworkError`, their
    /// texts in `lang` (`"en"` or `"fr"`; another value raises `ValueError`).
    pub(crate) fn build(
        py: Python<'_>,
        network: Py<PyNetwork>,
        travel: Option<&Bound<'_, PyAny>>,
        communes: Option<Py<crate::communes::PyCommunes>>,
        lang: &str,
    ) -> PyResult<Self> {
        let lang = crate::parse_lang(lang)?;
        let travel: Vec<TravelEntry> = match travel {
            None => Vec::new(),
            Some(t) if t.is_none() => Vec::new(),
            Some(t) => {
                let value = to_value(t)?;
                serde_json::from_value(value).map_err(|e| travel_error(py, &e.to_string(), lang))?
            }
        };
        let mut options = CompileOptions::default().travel(travel.clone());
        if let Some(c) = &communes {
            options = options.communes(Arc::clone(&c.get().inner));
        }
        let net = network.get();
        let engine = guard(|| {
            py.detach(|| Engine::compile_with(&net.inner, &options))
                .map_err(|e| crate::network_error_in(py, &e, lang))
        })?;
        Ok(Self {
            engine: Arc::new(engine),
            network,
            travel,
            communes,
            texts: Texts::default(),
        })
    }
}

#[pymethods]
impl PyEngine {
    #[new]
    #[pyo3(signature = (network, travel = None, communes = None, *, lang = "en"))]
    fn new(
        py: Python<'_>,
        network: Py<PyNetwork>,
        travel: Option<&Bound<'_, PyAny>>,
        communes: Option<Py<crate::communes::PyCommunes>>,
        lang: &str,
    ) -> PyResult<Self> {
        Self::build(py, network, travel, communes, lang)
    }

    /// The commune reference the engine was compiled with, if any.
    #[getter]
    fn communes(&self, py: Python<'_>) -> Option<Py<crate::communes::PyCommunes>> {
        self.communes.as_ref().map(|c| c.clone_ref(py))
    }

    /// The network this engine was compiled from.
    #[getter]
    fn network(&self, py: Python<'_>) -> Py<PyNetwork> {
        self.network.clone_ref(py)
    }

    /// The travel matrix the engine was compiled with, as a list of dicts.
    #[getter]
    fn travel<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        value_to_py(py, &serde_json::to_value(&self.travel).unwrap_or_default())
    }

    /// Which network (and travel matrix) the engine was compiled from: a dict with
    /// `network_id`, `hash` (`sha256:<hex>` of the canonical network) and, with a travel
    /// matrix, `travel_hash`. `route_batch` results carry it as metadata.
    fn fingerprint<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        crate::to_python(py, self.engine.fingerprint())
    }

    /// Id of the compiled network.
    #[getter]
    fn network_id(&self) -> &str {
        self.engine.network_id()
    }

    /// Number of sites.
    #[getter]
    fn site_count(&self) -> usize {
        self.engine.site_count()
    }

    /// Number of rules.
    #[getter]
    fn rule_count(&self) -> usize {
        self.engine.rule_count()
    }

    /// Routes one case (a dict shaped like the case JSON format).
    ///
    /// With `explain`, routing runs with the GIL released; without, it takes a few hundred
    /// nanoseconds, less than releasing and taking back the GIL would cost, so it keeps it.
    ///
    /// `lang` (`"en"` or `"fr"`) is the language of the explanation and of an invalid case's
    /// message and help.
    #[pyo3(signature = (case, explain = false, *, lang = "en"))]
    fn route(
        &self,
        py: Python<'_>,
        case: &Bound<'_, PyDict>,
        explain: bool,
        lang: &str,
    ) -> PyResult<PyDecision> {
        let lang = crate::parse_lang(lang)?;
        let (case, id) = read_case(py, case, lang)?;
        let engine = &*self.engine;
        guard(|| {
            Ok(if explain {
                let e = py.detach(|| engine.route_explained_in(&case, lang));
                PyDecision::explained(py, &self.texts, &e, id, lang)
            } else {
                PyDecision::plain(py, &self.texts, &engine.route_in(&case, lang), id, lang)
            })
        })
    }

    /// Checks the network this engine was compiled from (with its travel matrix): a
    /// `parcours.CheckReport` of diagnostics, their messages and help in `lang`.
    #[pyo3(signature = (*, lang = "en"))]
    fn check<'py>(&self, py: Python<'py>, lang: &str) -> PyResult<Bound<'py, PyAny>> {
        let lang = crate::parse_lang(lang)?;
        let net = self.network.get();
        let engine = &*self.engine;
        let report = guard(|| Ok(py.detach(|| engine.check(&net.inner))))?;
        crate::check_report(py, &report, lang)
    }

    /// Who provides a shared service of `kind` to `site` at `date`: a list of dicts.
    #[pyo3(signature = (kind, site, date, include_planned = false, *, lang = "en"))]
    fn shared_service<'py>(
        &self,
        py: Python<'py>,
        kind: &str,
        site: &str,
        date: &Bound<'py, PyAny>,
        include_planned: bool,
        lang: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let lang = crate::parse_lang(lang)?;
        let kind: parcours::ServiceKind = serde_json::from_value(Value::String(kind.to_owned()))
            .map_err(|e| parameter_error(py, "kind", &e.to_string(), lang))?;
        let date = parse_date(py, date, lang)?;
        let engine = &*self.engine;
        let found = guard(|| Ok(engine.shared_service(kind, site, date, include_planned)))?;
        value_to_py(py, &serde_json::to_value(&found).unwrap_or_default())
    }

    /// Where the patients of each origin would go and how far: a `parcours.Coverage`.
    ///
    /// `origins` is a pandas or polars DataFrame, a pyarrow Table or RecordBatch, or anything
    /// with `__arrow_c_stream__`, with columns `id` (any type), `origin` (site or location id)
    /// and/or `lat` and `lon` (numbers; used by rows without an `origin`), and optionally
    /// `population` (number; 1 when null) and `name`. `Coverage.rows` is the same kind of frame
    /// with `target`, `target_name`, `entry`, `distance_km`, `minutes`, `beyond_threshold`,
    /// `population_used` and `outcome` appended; `Coverage.bands` gives the population within
    /// each distance of `bands`. `threshold` (default 80) and `bands` (default 30, 45, 80) are
    /// km, or minutes with a travel matrix; `level` defaults to the filière's lowest.
    ///
    /// A missing or mistyped column raises `CaseError` naming it; rows with an unknown origin or
    /// bad coordinates are rows with outcome `invalid`. The core runs with the GIL released.
    #[pyo3(signature = (origins, *, filiere, date, level = None, threshold = None, bands = None, include_planned = false, lang = "en"))]
    #[allow(
        clippy::too_many_arguments,
        reason = "one argument per field of the query, each a Python keyword"
    )]
    fn coverage<'py>(
        slf: &Bound<'py, Self>,
        origins: &Bound<'py, PyAny>,
        filiere: &Bound<'py, PyAny>,
        date: &Bound<'py, PyAny>,
        level: Option<&Bound<'py, PyAny>>,
        threshold: Option<&Bound<'py, PyAny>>,
        bands: Option<&Bound<'py, PyAny>>,
        include_planned: bool,
        lang: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        static COVERAGE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        let py = slf.py();
        let kwargs = PyDict::new(py);
        kwargs.set_item("filiere", filiere)?;
        kwargs.set_item("date", date)?;
        kwargs.set_item("level", level)?;
        kwargs.set_item("threshold", threshold)?;
        kwargs.set_item("bands", bands)?;
        kwargs.set_item("include_planned", include_planned)?;
        kwargs.set_item("lang", lang)?;
        COVERAGE
            .import(py, "parcours.analysis", "coverage")?
            .call((slf, origins), Some(&kwargs))
    }

    /// Answers a question at a date given as a dict (`{"question": "members", "grouping": …,
    /// "date": …}`, the format of the test files): a pandas DataFrame, or a list of row dicts
    /// with `frame=False`. Raises `QueryError` for an unknown id or a malformed question.
    #[pyo3(signature = (question, *, frame = true, lang = "en"))]
    fn ask<'py>(
        &self,
        py: Python<'py>,
        question: &Bound<'py, PyAny>,
        frame: bool,
        lang: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let lang = crate::parse_lang(lang)?;
        let q = crate::queries::question_of(py, question, lang)?;
        crate::queries::answer(py, &self.engine, &self.network.get().inner, &q, frame, lang)
    }

    /// The members of a grouping at `date` (DataFrame): member, kind, name, role, from, to,
    /// precision, status, state (`in_force` or `planned`).
    #[pyo3(signature = (grouping, *, date, include_planned = false, lang = "en"))]
    fn members<'py>(
        &self,
        py: Python<'py>,
        grouping: String,
        date: &Bound<'py, PyAny>,
        include_planned: bool,
        lang: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let lang = crate::parse_lang(lang)?;
        let date = parse_date(py, date, lang)?;
        let q = parcours::query::Question::Members {
            grouping,
            date,
            include_planned,
        };
        crate::queries::answer(py, &self.engine, &self.network.get().inner, &q, true, lang)
    }

    /// The groupings a site, legal entity or grouping belongs to at `date` (DataFrame):
    /// grouping, name, kind, role, how (`direct`, `legal_entity`, `nested`), via, from, to, state.
    #[pyo3(signature = (member, *, date, include_planned = false, lang = "en"))]
    fn groupings<'py>(
        &self,
        py: Python<'py>,
        member: String,
        date: &Bound<'py, PyAny>,
        include_planned: bool,
        lang: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let lang = crate::parse_lang(lang)?;
        let date = parse_date(py, date, lang)?;
        let q = parcours::query::Question::Groupings {
            member,
            date,
            include_planned,
        };
        crate::queries::answer(py, &self.engine, &self.network.get().inner, &q, true, lang)
    }

    /// The capabilities of a site at `date` (DataFrame): id, filiere, level, activity,
    /// modality, mentions, holder, from, to, status, state.
    #[pyo3(signature = (site, *, date, filiere = None, include_planned = false, lang = "en"))]
    fn capabilities<'py>(
        &self,
        py: Python<'py>,
        site: String,
        date: &Bound<'py, PyAny>,
        filiere: Option<String>,
        include_planned: bool,
        lang: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let lang = crate::parse_lang(lang)?;
        let date = parse_date(py, date, lang)?;
        let q = parcours::query::Question::Capabilities {
            site,
            date,
            filiere,
            include_planned,
        };
        crate::queries::answer(py, &self.engine, &self.network.get().inner, &q, true, lang)
    }

    /// The sites with a FINESS number, ET or EJ (DataFrame): site, name, kind, match,
    /// finess_et, legal_entity, finess_ej, insee. A bad check digit raises `QueryError`.
    #[pyo3(signature = (finess, *, date = None, include_planned = false, lang = "en"))]
    fn sites_by_finess<'py>(
        &self,
        py: Python<'py>,
        finess: String,
        date: Option<&Bound<'py, PyAny>>,
        include_planned: bool,
        lang: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let lang = crate::parse_lang(lang)?;
        let date = date.map(|d| parse_date(py, d, lang)).transpose()?;
        let q = parcours::query::Question::SitesByFiness {
            finess,
            date,
            include_planned,
        };
        crate::queries::answer(py, &self.engine, &self.network.get().inner, &q, true, lang)
    }

    /// The tele-services an origin (a site or location id, or `(lat, lon)`) may use at `date`
    /// (DataFrame): service, name, act, provider, channel, purpose, access, requester, filiere,
    /// fallback (the physical transfer), from, to, state.
    #[pyo3(signature = (origin, *, date, filiere = None, include_planned = false, lang = "en"))]
    fn tele_services<'py>(
        &self,
        py: Python<'py>,
        origin: &Bound<'py, PyAny>,
        date: &Bound<'py, PyAny>,
        filiere: Option<String>,
        include_planned: bool,
        lang: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let lang = crate::parse_lang(lang)?;
        let origin = if let Ok((lat, lon)) = origin.extract::<(f64, f64)>() {
            parcours::Origin::Point { lat, lon }
        } else {
            serde_json::from_value(to_value(origin)?)
                .map_err(|e| parameter_error(py, "origin", &e.to_string(), lang))?
        };
        let date = parse_date(py, date, lang)?;
        let q = parcours::query::Question::TeleServices {
            origin,
            date,
            filiere,
            include_planned,
        };
        crate::queries::answer(py, &self.engine, &self.network.get().inner, &q, true, lang)
    }

    /// The territories covering a commune at `date` and the first-line site its residents
    /// enter by, per filière (DataFrame): fact (`territory` or `first_line`), commune (a former
    /// code gives its successor), name, territory, grouping, filiere, site, basis
    /// (`catchment`, `territory`, `policy`, `none`), state. Needs a commune reference.
    #[pyo3(signature = (commune, *, date, filiere = None, include_planned = false, lang = "en"))]
    fn commune<'py>(
        &self,
        py: Python<'py>,
        commune: String,
        date: &Bound<'py, PyAny>,
        filiere: Option<String>,
        include_planned: bool,
        lang: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let lang = crate::parse_lang(lang)?;
        let date = parse_date(py, date, lang)?;
        let q = parcours::query::Question::Commune {
            commune,
            date,
            filiere,
            include_planned,
        };
        crate::queries::answer(py, &self.engine, &self.network.get().inner, &q, true, lang)
    }

    /// Runs a test file (cases with expected decisions, questions with expected answers)
    /// against this engine's network, compiled with the file's travel matrix; returns a
    /// `TestReport`. Raises `TestFileError` when the file does not read.
    #[allow(
        clippy::needless_pass_by_value,
        reason = "PyO3 extracts the argument by value"
    )]
    fn run_tests<'py>(
        &self,
        py: Python<'py>,
        path: std::path::PathBuf,
    ) -> PyResult<Bound<'py, PyAny>> {
        crate::queries::run_tests(py, &self.network.get().inner, &path)
    }

    fn __repr__(&self) -> String {
        format!(
            "<parcours.Engine {:?}: {} sites, {} rules, {} travel entries>",
            self.engine.network_id(),
            self.engine.site_count(),
            self.engine.rule_count(),
            self.travel.len()
        )
    }

    fn _repr_html_(&self) -> String {
        let mut html = format!(
            "<table class=\"parcours-engine\"><caption>compiled <b>{}</b> <code>{}</code></caption>\
             <thead><tr><th style=\"text-align:left\">kind</th><th>count</th></tr></thead><tbody>",
            escape_html(self.engine.network_name()),
            escape_html(self.engine.network_id())
        );
        for (label, n) in [
            ("sites", self.engine.site_count()),
            ("rules", self.engine.rule_count()),
            ("travel entries", self.travel.len()),
        ] {
            let _ = write!(
                html,
                "<tr><td style=\"text-align:left\">{label}</td><td>{n}</td></tr>"
            );
        }
        html.push_str("</tbody></table>");
        html
    }

    /// Pickles as the network (itself pickled as JSON) and the travel matrix.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let cls = py.get_type::<Self>();
        let travel = if self.travel.is_empty() {
            py.None().into_bound(py)
        } else {
            self.travel(py)?
        };
        let communes = self.communes.as_ref().map(|c| c.clone_ref(py));
        (cls, (self.network.clone_ref(py), travel, communes)).into_pyobject(py)
    }
}

/// `parcours.CaseError` for the core's error, its texts in `lang`.
pub(crate) fn case_error_in(py: Python<'_>, e: &CaseError, lang: Lang) -> PyErr {
    crate::coded_error(
        py,
        "parcours.errors",
        "CaseError",
        &e.diagnostic().localized(lang),
        lang,
    )
}

/// `parcours.CaseError` for a case reader's English message (classified by the core), in
/// English.
pub(crate) fn case_error(py: Python<'_>, message: &str) -> PyErr {
    case_error_in(py, &CaseError::from_message(message), Lang::En)
}

/// `parcours.TravelMatrixError` (`L002`) for a travel matrix that does not fit its format
/// (serde's English `message`), in `lang`.
fn travel_error(py: Python<'_>, message: &str, lang: Lang) -> PyErr {
    let mut d = CaseError::from_message(message)
        .in_travel_matrix()
        .diagnostic()
        .localized(lang);
    (d.code, d.severity, d.pointer) = (
        parcours::error::codes::FORMAT,
        parcours::error::codes::FORMAT.severity(),
        String::new(),
    );
    crate::coded_error(py, "parcours.errors", "TravelMatrixError", &d, lang)
}

/// `parcours.CaseError` for a case that does not read (a case reader's English `message`):
/// `invalid case: …` in `lang`.
pub(crate) fn invalid_case(py: Python<'_>, message: &str, lang: Lang) -> PyErr {
    let e = CaseError::from_message(message);
    let mut d = e.diagnostic().localized(lang);
    d.message = e.invalid_case_in(lang);
    crate::coded_error(py, "parcours.errors", "CaseError", &d, lang)
}

/// `parcours.QueryError` for a parameter `name` whose value cannot be taken (`Q004`).
pub(crate) fn parameter_error(py: Python<'_>, name: &str, message: &str, lang: Lang) -> PyErr {
    crate::queries::query_error(py, &QueryError::parameter(name, message), lang)
}

/// A case dict to a core `Case`, field by field through the core's [`CaseFields`] (its rules
/// and messages; no JSON map built), and the dict's `id` object, echoed in the decision.
/// A value that does not fit raises `CaseError` with the core's message; a key that is not a
/// `str`, or a value with no JSON form, raises `TypeError`.
pub(crate) fn read_case<'py>(
    py: Python<'py>,
    case: &Bound<'py, PyDict>,
    lang: Lang,
) -> PyResult<(Case, Option<Py<PyAny>>)> {
    let invalid = |e: String| invalid_case(py, &e, lang);
    let mut fields = CaseFields::default();
    let mut id = None;
    for (key, value) in case.iter() {
        let name = key.cast::<PyString>().map_err(|_| {
            PyTypeError::new_err(format!("dict keys must be str, not {}", type_name(&key)))
        })?;
        let name = name.to_str()?;
        let read = match value.cast::<PyString>() {
            Ok(text) => fields.set_text(name, text.to_str()?),
            Err(_) => fields.set(name, to_value(&value)?),
        };
        read.map_err(invalid)?;
        if name == "id" {
            id = Some(value.unbind());
        }
    }
    let case = fields.finish().map_err(invalid)?;
    Ok((case, id))
}

/// A `str` or `datetime.date` to a core `Date`; anything else, or a text that is not a date,
/// raises `QueryError` (`Q004`) naming the parameter `date`, in `lang`.
pub(crate) fn parse_date(py: Python<'_>, date: &Bound<'_, PyAny>, lang: Lang) -> PyResult<Date> {
    parse_date_named(py, date, "date", lang)
}

/// [`parse_date`] for the parameter `name`.
pub(crate) fn parse_date_named(
    py: Python<'_>,
    date: &Bound<'_, PyAny>,
    name: &str,
    lang: Lang,
) -> PyResult<Date> {
    let text: String = if let Ok(s) = date.cast::<PyString>() {
        s.to_str()?.to_owned()
    } else if date.hasattr("isoformat")? {
        let d = if date.hasattr("date")? {
            date.call_method0("date")?
        } else {
            date.clone()
        };
        d.call_method0("isoformat")?.extract()?
    } else {
        let found = date.get_type().name()?.to_string();
        let e = QueryError::date_type(name, &found);
        return Err(crate::queries::query_error(py, &e, lang));
    };
    text.parse::<Date>()
        .map_err(|e| parameter_error(py, name, &e.to_string(), lang))
}

/// Python data to JSON: dicts with string keys, lists, tuples, str, int, float, bool, None;
/// `datetime.date` becomes its ISO text.
pub(crate) fn to_value(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    if obj.is_none() {
        Ok(Value::Null)
    } else if let Ok(s) = obj.cast::<PyString>() {
        Ok(Value::String(s.to_str()?.to_owned()))
    } else if let Ok(b) = obj.cast::<PyBool>() {
        Ok(Value::Bool(b.is_true()))
    } else if let Ok(i) = obj.cast::<PyInt>() {
        if let Ok(v) = i.extract::<i64>() {
            Ok(Value::from(v))
        } else if let Ok(v) = i.extract::<u64>() {
            Ok(Value::from(v))
        } else {
            Ok(Value::from(i.extract::<f64>()?))
        }
    } else if let Ok(f) = obj.cast::<PyFloat>() {
        let v = f.value();
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    } else if let Ok(d) = obj.cast::<PyDict>() {
        let mut m = Map::new();
        for (k, v) in d.iter() {
            let key = k.cast::<PyString>().map_err(|_| {
                PyTypeError::new_err(format!("dict keys must be str, not {}", type_name(&k)))
            })?;
            m.insert(key.to_str()?.to_owned(), to_value(&v)?);
        }
        Ok(Value::Object(m))
    } else if let Ok(l) = obj.cast::<PyList>() {
        l.iter()
            .map(|x| to_value(&x))
            .collect::<PyResult<_>>()
            .map(Value::Array)
    } else if let Ok(t) = obj.cast::<PyTuple>() {
        t.iter()
            .map(|x| to_value(&x))
            .collect::<PyResult<_>>()
            .map(Value::Array)
    } else if obj.hasattr("isoformat")? && obj.hasattr("year")? {
        let d = if obj.hasattr("date")? {
            obj.call_method0("date")?
        } else {
            obj.clone()
        };
        Ok(Value::String(d.call_method0("isoformat")?.extract()?))
    } else {
        Err(PyTypeError::new_err(format!(
            "cannot convert a value of type {} (expected str, int, float, bool, None, list, dict \
             or datetime.date)",
            type_name(obj)
        )))
    }
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map_or_else(|_| "?".to_owned(), |n| n.to_string())
}

/// JSON to Python objects (dicts keep the key order).
pub(crate) fn value_to_py<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(a) => {
            let list = PyList::empty(py);
            for x in a {
                list.append(value_to_py(py, x)?)?;
            }
            list.into_any()
        }
        Value::Object(m) => {
            let d = PyDict::new(py);
            for (k, x) in m {
                d.set_item(k, value_to_py(py, x)?)?;
            }
            d.into_any()
        }
    })
}

/// `parcours.CaseError` (`C001`) about the columns of a frame, in `lang`: what
/// `parcours/_batch.py` and `parcours/analysis.py` raise when a frame's columns do not fit.
/// `key` names the text (`missing`, `missing_date`, `missing_origin`, `missing_place`,
/// `two_origins`, `unreadable`, `not_dates`, and `type_text`, `type_numbers`,
/// `type_booleans`, `type_text_lists`, `type_dates` for a column of the wrong type: its name,
/// then the type it has); `args` fill its holes.
#[pyfunction]
#[pyo3(name = "_frame_error")]
#[allow(
    clippy::needless_pass_by_value,
    reason = "PyO3 extracts the list of values by value"
)]
pub(crate) fn frame_error<'py>(
    py: Python<'py>,
    key: &str,
    lang: &str,
    args: Vec<String>,
) -> PyResult<Bound<'py, PyAny>> {
    use parcours::code_table::case_codes::{DATE, FORMAT, ORIGIN};
    use parcours::messages::CliMsg;
    let lang = crate::parse_lang(lang)?;
    let (msg, kind, code) = match key {
        "missing" => (CliMsg::FrameMissing, None, FORMAT),
        "missing_date" => (CliMsg::FrameMissingDate, None, DATE),
        "missing_origin" => (CliMsg::FrameMissingOrigin, None, ORIGIN),
        "missing_place" => (CliMsg::FrameMissingPlace, None, ORIGIN),
        "two_origins" => (CliMsg::FrameTwoOrigins, None, ORIGIN),
        "unreadable" => (CliMsg::FrameUnreadable, None, FORMAT),
        "not_dates" => (CliMsg::FrameNotDates, None, DATE),
        "type_text" => (CliMsg::FrameType, Some(CliMsg::FrameText), FORMAT),
        "type_numbers" => (CliMsg::FrameType, Some(CliMsg::FrameNumbers), FORMAT),
        "type_booleans" => (CliMsg::FrameType, Some(CliMsg::FrameBooleans), FORMAT),
        "type_text_lists" => (CliMsg::FrameType, Some(CliMsg::FrameTextLists), FORMAT),
        "type_dates" => (CliMsg::FrameType, Some(CliMsg::FrameDates), DATE),
        other => {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "unknown frame error `{other}` (a bug of parcours, please report it)"
            )));
        }
    };
    let mut values: Vec<&str> = args.iter().map(String::as_str).collect();
    if let Some(kind) = kind {
        // The column's name, the kind it must hold, then the type it has.
        values.insert(1.min(values.len()), kind.template(lang));
    }
    let message = msg.fill(lang, &values);
    let d = parcours::Diagnostic::new(code, "", message);
    let err = crate::coded_error(py, "parcours.errors", "CaseError", &d, lang);
    Ok(err.into_value(py).into_bound(py).into_any())
}
