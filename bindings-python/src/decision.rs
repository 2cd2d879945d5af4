//! `parcours.Decision`: what routing one case returns, with native fields.
//!
//! A decision is built once, when `Engine.route` returns: its texts are Python strings taken
//! from the engine's [`Texts`] (each site id, name, rule or level becomes a Python string once
//! per engine, and the decisions with the same texts share one [`Shared`] set of them), its
//! numbers plain floats. Its text (`str()`) is the core's, worked out from the fields at the
//! first `str()` and kept; an explained decision's text is written when routing explains it.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::{Arc, Mutex, MutexGuard, TryLockError};

use parcours::{Explanation, Outcome, ReasonCode, Step};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::engine::{to_value, value_to_py};
use crate::escape_html;

/// Hashes an address and a length (the key of [`Texts`]): a multiply and a fold, no SipHash.
#[derive(Default)]
pub(crate) struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 29)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(26) ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

/// A text by address and length (`(0, 0)` for none).
type TextKey = (usize, usize);

/// The texts of a [`Shared`] set, in the order of its fields.
type SharedKey = [TextKey; 12];

/// Distinct sets of a decision's texts kept per engine; beyond, a decision gets its own set.
const MAX_SHARED: usize = 1 << 16;

#[derive(Default)]
struct Tables {
    strings: HashMap<TextKey, Py<PyString>, BuildHasherDefault<AddressHasher>>,
    shared: HashMap<SharedKey, Arc<Shared>, BuildHasherDefault<AddressHasher>>,
}

/// The Python strings of an engine's texts (site ids and names, rules, levels, entry sites,
/// communes) and of the core's enum names, keyed by address and length: a decision's texts are
/// borrowed from the engine, which never changes, so an address names one text for the
/// engine's life. Bounded by the engine's own texts; the [`Shared`] sets of them, by
/// [`MAX_SHARED`]. Never blocks: a thread that finds it in use makes fresh strings.
#[derive(Default)]
pub(crate) struct Texts(Mutex<Tables>);

/// The texts of a decision that come from the engine, as Python strings: one set shared by
/// every decision with the same ones (a decision then costs one reference count, not twelve).
struct Shared {
    outcome: Py<PyString>,
    target: Option<Py<PyString>>,
    target_name: Option<Py<PyString>>,
    level: Option<Py<PyString>>,
    target_level: Option<Py<PyString>>,
    step: Option<Py<PyString>>,
    rule: Option<Py<PyString>>,
    tele_service: Option<Py<PyString>>,
    fallback_target: Option<Py<PyString>>,
    reason: Option<Py<PyString>>,
    commune: Option<Py<PyString>>,
    entry: Option<Py<PyString>>,
}

fn text_key(text: Option<&str>) -> TextKey {
    text.map_or((0, 0), |t| (t.as_ptr() as usize, t.len()))
}

impl Texts {
    /// The table for one decision (or fresh strings if another thread holds it).
    pub(crate) fn lock(&self) -> TextsGuard<'_> {
        TextsGuard(match self.0.try_lock() {
            Ok(guard) => Some(guard),
            Err(TryLockError::Poisoned(p)) => Some(p.into_inner()),
            Err(TryLockError::WouldBlock) => None,
        })
    }
}

/// [`Texts`] held for the building of one decision.
pub(crate) struct TextsGuard<'a>(Option<MutexGuard<'a, Tables>>);

impl TextsGuard<'_> {
    /// The Python string of `text`, which must be borrowed from the engine whose table this is
    /// (or `'static`): never a text of the case or one built for the decision.
    fn get(&mut self, py: Python<'_>, text: &str) -> Py<PyString> {
        match &mut self.0 {
            Some(tables) => tables
                .strings
                .entry((text.as_ptr() as usize, text.len()))
                .or_insert_with(|| PyString::new(py, text).unbind())
                .clone_ref(py),
            None => PyString::new(py, text).unbind(),
        }
    }

    fn opt(&mut self, py: Python<'_>, text: Option<&str>) -> Option<Py<PyString>> {
        text.map(|t| self.get(py, t))
    }

    /// The shared texts of `d`, which must be borrowed from the engine whose table this is.
    fn shared(&mut self, py: Python<'_>, d: &parcours::Decision<'_>) -> Arc<Shared> {
        let (outcome, step, reason) = (
            d.outcome.as_str(),
            d.step.map(Step::as_str),
            d.reason.map(ReasonCode::as_str),
        );
        let key: SharedKey = [
            text_key(Some(outcome)),
            text_key(d.target),
            text_key(d.target_name),
            text_key(d.level),
            text_key(d.target_level),
            text_key(step),
            text_key(d.rule),
            text_key(d.tele_service),
            text_key(d.fallback_target),
            text_key(reason),
            text_key(d.commune),
            text_key(d.entry),
        ];
        if let Some(found) = self.0.as_ref().and_then(|t| t.shared.get(&key)) {
            return Arc::clone(found);
        }
        let shared = Arc::new(Shared {
            outcome: self.get(py, outcome),
            target: self.opt(py, d.target),
            target_name: self.opt(py, d.target_name),
            level: self.opt(py, d.level),
            target_level: self.opt(py, d.target_level),
            step: self.opt(py, step),
            rule: self.opt(py, d.rule),
            tele_service: self.opt(py, d.tele_service),
            fallback_target: self.opt(py, d.fallback_target),
            reason: self.opt(py, reason),
            commune: self.opt(py, d.commune),
            entry: self.opt(py, d.entry),
        });
        if let Some(tables) = &mut self.0
            && tables.shared.len() < MAX_SHARED
        {
            tables.shared.insert(key, Arc::clone(&shared));
        }
        shared
    }
}

/// What an explained decision has beyond the decision.
struct Explained {
    via: Vec<Py<PyString>>,
    dead_ends: Vec<Py<PyString>>,
    trace: Value,
    alternatives: Value,
}

/// The decision for one case: frozen; compares equal to a decision with the same fields;
/// pickles as its `to_dict()`.
#[pyclass(frozen, module = "parcours._core", name = "Decision")]
pub struct PyDecision {
    /// The case's id, when it has one, as given (a `str` or an `int`).
    #[pyo3(get)]
    id: Option<Py<PyAny>>,
    /// The texts that come from the engine, shared with other decisions.
    shared: Arc<Shared>,
    /// Distance from the origin to the target, km.
    #[pyo3(get)]
    distance_km: Option<f64>,
    /// Travel time from the travel matrix, minutes.
    #[pyo3(get)]
    minutes: Option<f64>,
    /// With an invalid case: what is wrong, naming the value.
    #[pyo3(get)]
    message: Option<Py<PyString>>,
    /// With an invalid case: what to do, often the closest known value.
    #[pyo3(get)]
    help: Option<Py<PyString>>,
    /// The enums behind `outcome`, `step` and `reason`, for the text.
    kinds: (Outcome, Option<Step>, Option<ReasonCode>),
    explained: Option<Box<Explained>>,
    /// The core's text of the decision, written at the first `str()` (at once when explained).
    text: PyOnceLock<String>,
    /// The language of the text.
    lang: parcours::Lang,
}

impl PyDecision {
    /// The decision of `d`, whose texts are borrowed from the engine of `texts`; `id` is the
    /// case's id object, echoed when the decision has an id.
    pub(crate) fn plain(
        py: Python<'_>,
        texts: &Texts,
        d: &parcours::Decision<'_>,
        id: Option<Py<PyAny>>,
        lang: parcours::Lang,
    ) -> Self {
        Self {
            id: if d.id.is_some() { id } else { None },
            shared: texts.lock().shared(py, d),
            distance_km: d.distance_km,
            minutes: d.minutes,
            // Built for this decision (not engine texts): fresh strings.
            message: d.message.as_deref().map(|m| PyString::new(py, m).unbind()),
            help: d.help.as_deref().map(|h| PyString::new(py, h).unbind()),
            kinds: (d.outcome, d.step, d.reason),
            explained: None,
            text: PyOnceLock::new(),
            lang,
        }
    }

    /// The explained decision of `e`, its text written at once.
    pub(crate) fn explained(
        py: Python<'_>,
        texts: &Texts,
        e: &Explanation<'_>,
        id: Option<Py<PyAny>>,
        lang: parcours::Lang,
    ) -> Self {
        let mut d = Self::plain(py, texts, &e.decision, id, lang);
        let mut t = texts.lock();
        d.explained = Some(Box::new(Explained {
            via: e.via.iter().map(|s| t.get(py, s)).collect(),
            dead_ends: e.dead_ends.iter().map(|s| t.get(py, s)).collect(),
            trace: serde_json::to_value(&e.trace).unwrap_or_default(),
            alternatives: serde_json::to_value(&e.alternatives).unwrap_or_default(),
        }));
        let _ = d.text.set(py, e.text(lang).trim_end().to_owned());
        d
    }

    /// The texts and numbers of the decision by name, in the order of the core's JSON (absent
    /// ones included, as `None`).
    fn fields(&self) -> [(&'static str, Field<'_>); 17] {
        use Field::{Number, Object, Text};
        let s = &*self.shared;
        [
            ("id", Object(self.id.as_ref())),
            ("outcome", Text(Some(&s.outcome))),
            ("target", Text(s.target.as_ref())),
            ("target_name", Text(s.target_name.as_ref())),
            ("level", Text(s.level.as_ref())),
            ("target_level", Text(s.target_level.as_ref())),
            ("step", Text(s.step.as_ref())),
            ("rule", Text(s.rule.as_ref())),
            ("tele_service", Text(s.tele_service.as_ref())),
            ("fallback_target", Text(s.fallback_target.as_ref())),
            ("distance_km", Number(self.distance_km)),
            ("minutes", Number(self.minutes)),
            ("reason", Text(s.reason.as_ref())),
            ("message", Text(self.message.as_ref())),
            ("help", Text(self.help.as_ref())),
            ("commune", Text(s.commune.as_ref())),
            ("entry", Text(s.entry.as_ref())),
        ]
    }

    /// The core's text of the decision (worked out from the fields once).
    fn text(&self, py: Python<'_>) -> &str {
        self.text.get_or_init(py, || {
            let text = |t: &Option<Py<PyString>>| -> Option<String> {
                t.as_ref()
                    .map(|t| t.bind(py).to_string_lossy().into_owned())
            };
            let s = &*self.shared;
            let (target, target_name, rule, fallback, message, help) = (
                text(&s.target),
                text(&s.target_name),
                text(&s.rule),
                text(&s.fallback_target),
                text(&self.message),
                text(&self.help),
            );
            let (outcome, step, reason) = self.kinds;
            parcours::Decision {
                id: None,
                outcome,
                target: target.as_deref(),
                target_name: target_name.as_deref(),
                level: None,
                target_level: None,
                step,
                rule: rule.as_deref(),
                tele_service: None,
                fallback_target: fallback.as_deref(),
                distance_km: self.distance_km,
                minutes: self.minutes,
                reason,
                message,
                help,
                commune: None,
                entry: None,
            }
            .text(self.lang)
        })
    }

    fn list<'py>(py: Python<'py>, items: &[Py<PyString>]) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, items.iter().map(|s| s.bind(py)))
    }
}

/// One field of a decision, for `to_dict`, equality and the HTML view.
enum Field<'a> {
    Object(Option<&'a Py<PyAny>>),
    Text(Option<&'a Py<PyString>>),
    Number(Option<f64>),
}

impl Field<'_> {
    fn is_some(&self) -> bool {
        match self {
            Self::Object(o) => o.is_some(),
            Self::Text(t) => t.is_some(),
            Self::Number(n) => n.is_some(),
        }
    }

    fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(match self {
            Self::Object(Some(o)) => o.bind(py).clone(),
            Self::Text(Some(t)) => t.bind(py).clone().into_any(),
            Self::Number(Some(n)) => n.into_pyobject(py)?.into_any(),
            _ => py.None().into_bound(py),
        })
    }

    fn same(&self, other: &Self, py: Python<'_>) -> bool {
        match (self, other) {
            (Self::Object(Some(a)), Self::Object(Some(b))) => {
                PyAnyMethods::eq(a.bind(py), b.bind(py)).unwrap_or(false)
            }
            (Self::Text(Some(a)), Self::Text(Some(b))) => same_text(py, a, b),
            (Self::Number(a), Self::Number(b)) => a == b,
            _ => !self.is_some() && !other.is_some(),
        }
    }
}

fn same_text(py: Python<'_>, a: &Py<PyString>, b: &Py<PyString>) -> bool {
    a.is(b) || matches!((a.bind(py).to_str(), b.bind(py).to_str()), (Ok(x), Ok(y)) if x == y)
}

fn same_texts(py: Python<'_>, a: &[Py<PyString>], b: &[Py<PyString>]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_text(py, x, y))
}

#[pymethods]
impl PyDecision {
    /// `routed`, `no_route` or `invalid`.
    #[getter]
    fn outcome(&self, py: Python<'_>) -> Py<PyString> {
        self.shared.outcome.clone_ref(py)
    }
    /// Chosen site id.
    #[getter]
    fn target(&self, py: Python<'_>) -> Option<Py<PyString>> {
        self.shared.target.as_ref().map(|t| t.clone_ref(py))
    }
    /// Chosen site name.
    #[getter]
    fn target_name(&self, py: Python<'_>) -> Option<Py<PyString>> {
        self.shared.target_name.as_ref().map(|t| t.clone_ref(py))
    }
    /// Level needed by the case (after flags).
    #[getter]
    fn level(&self, py: Python<'_>) -> Option<Py<PyString>> {
        self.shared.level.as_ref().map(|t| t.clone_ref(py))
    }
    /// Level the chosen site holds.
    #[getter]
    fn target_level(&self, py: Python<'_>) -> Option<Py<PyString>> {
        self.shared.target_level.as_ref().map(|t| t.clone_ref(py))
    }
    /// The step that chose the target.
    #[getter]
    fn step(&self, py: Python<'_>) -> Option<Py<PyString>> {
        self.shared.step.as_ref().map(|t| t.clone_ref(py))
    }
    /// The rule that chose the target.
    #[getter]
    fn rule(&self, py: Python<'_>) -> Option<Py<PyString>> {
        self.shared.rule.as_ref().map(|t| t.clone_ref(py))
    }
    /// The tele-service to use first.
    #[getter]
    fn tele_service(&self, py: Python<'_>) -> Option<Py<PyString>> {
        self.shared.tele_service.as_ref().map(|t| t.clone_ref(py))
    }
    /// With a tele-service: the site for a physical transfer if still needed.
    #[getter]
    fn fallback_target(&self, py: Python<'_>) -> Option<Py<PyString>> {
        self.shared
            .fallback_target
            .as_ref()
            .map(|t| t.clone_ref(py))
    }
    /// Why there is no route or why the case is invalid.
    #[getter]
    fn reason(&self, py: Python<'_>) -> Option<Py<PyString>> {
        self.shared.reason.as_ref().map(|t| t.clone_ref(py))
    }
    /// The commune the person comes from (its current code), when the origin is a
    /// commune, a postal code, a location with an INSEE code or a point placed in its
    /// commune.
    #[getter]
    fn commune(&self, py: Python<'_>) -> Option<Py<PyString>> {
        self.shared.commune.as_ref().map(|t| t.clone_ref(py))
    }
    /// Where an origin that is not a site enters the network (its entry site).
    #[getter]
    fn entry(&self, py: Python<'_>) -> Option<Py<PyString>> {
        self.shared.entry.as_ref().map(|t| t.clone_ref(py))
    }
    /// With `explain=True`: what routing looked at, in order (list of dicts).
    #[getter]
    fn trace<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.explained
            .as_ref()
            .map(|e| value_to_py(py, &e.trace))
            .transpose()
    }
    /// With `explain=True`: the candidates not chosen, best first (list of dicts).
    #[getter]
    fn alternatives<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.explained
            .as_ref()
            .map(|e| value_to_py(py, &e.alternatives))
            .transpose()
    }
    /// With `explain=True`: the escalation path of the target (the sites escalated from, in
    /// order); empty when no escalation chose it.
    #[getter]
    fn via<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyList>>> {
        self.explained
            .as_ref()
            .map(|e| Self::list(py, &e.via))
            .transpose()
    }
    /// With `explain=True`: the sites escalated from that led to no qualifying target, in the
    /// order tried, none of them in `via`.
    #[getter]
    fn dead_ends<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyList>>> {
        self.explained
            .as_ref()
            .map(|e| Self::list(py, &e.dead_ends))
            .transpose()
    }
    /// The decision as a dict, in the order of the core's JSON; absent fields are left out.
    /// An explained decision adds `via`, `dead_ends`, `trace` and `alternatives`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (name, field) in self.fields() {
            if field.is_some() {
                dict.set_item(name, field.to_py(py)?)?;
            }
        }
        if let Some(e) = &self.explained {
            dict.set_item("via", Self::list(py, &e.via)?)?;
            dict.set_item("dead_ends", Self::list(py, &e.dead_ends)?)?;
            dict.set_item("trace", value_to_py(py, &e.trace)?)?;
            dict.set_item("alternatives", value_to_py(py, &e.alternatives)?)?;
        }
        Ok(dict)
    }

    fn __eq__(&self, other: &Self, py: Python<'_>) -> bool {
        let same_explanation = match (&self.explained, &other.explained) {
            (None, None) => true,
            (Some(a), Some(b)) => {
                same_texts(py, &a.via, &b.via)
                    && same_texts(py, &a.dead_ends, &b.dead_ends)
                    && a.trace == b.trace
                    && a.alternatives == b.alternatives
            }
            _ => false,
        };
        same_explanation
            && self
                .fields()
                .iter()
                .zip(other.fields().iter())
                .all(|((_, a), (_, b))| a.same(b, py))
    }

    /// The core's text: the target and how it was chosen, or why there is none; with
    /// `explain=True`, the trace and alternatives below it.
    fn __str__(&self, py: Python<'_>) -> String {
        self.text(py).to_owned()
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let mut s = String::from("<parcours.Decision");
        let shared = &*self.shared;
        for (key, field) in [
            ("outcome", Some(&shared.outcome)),
            ("target", shared.target.as_ref()),
            ("step", shared.step.as_ref()),
            ("rule", shared.rule.as_ref()),
            ("level", shared.level.as_ref()),
            ("reason", shared.reason.as_ref()),
        ] {
            if let Some(v) = field {
                let text = v.bind(py).to_string_lossy();
                let quoted = serde_json::to_string(&*text).unwrap_or_default();
                let _ = write!(s, " {key}={quoted}");
            }
        }
        if let Some(km) = self.distance_km {
            let _ = write!(s, " distance_km={km:.1}");
        }
        s.push('>');
        s
    }

    /// The decision as an HTML table (Jupyter): its text as the caption, then its fields.
    fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
        let text = self.text(py);
        let caption = text.lines().next().unwrap_or_default();
        let mut html = format!(
            "<table class=\"parcours-decision\"><caption>{}</caption><tbody>",
            escape_html(caption)
        );
        let mut row = |name: &str, value: &str| {
            let _ = write!(
                html,
                "<tr><th style=\"text-align:left\">{name}</th><td style=\"text-align:left\">{}</td></tr>",
                escape_html(value)
            );
        };
        for (name, field) in self.fields() {
            if field.is_some() {
                let value = field.to_py(py)?.str()?.to_string_lossy().into_owned();
                row(name, &value);
            }
        }
        if let Some(e) = &self.explained {
            for (name, sites) in [("via", &e.via), ("dead_ends", &e.dead_ends)] {
                if !sites.is_empty() {
                    let names: Vec<String> = sites
                        .iter()
                        .map(|s| s.bind(py).to_string_lossy().into_owned())
                        .collect();
                    row(name, &names.join(" → "));
                }
            }
        }
        html.push_str("</tbody></table>");
        Ok(html)
    }

    /// Pickles as `to_dict()`, whether it was explained, and its text.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        static RESTORE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        let restore = RESTORE.import(py, "parcours._core", "_decision_from_state")?;
        let state = (self.to_dict(py)?, self.explained.is_some(), self.text(py));
        (restore, state).into_pyobject(py)
    }
}

/// An enum of the core from its name (`routed`, `partner`...).
fn parse_name<T: DeserializeOwned>(text: &Bound<'_, PyString>) -> PyResult<T> {
    let name = text.to_str()?;
    serde_json::from_value(Value::String(name.to_owned()))
        .map_err(|e| PyValueError::new_err(format!("invalid decision: {e}")))
}

/// Rebuilds a pickled `Decision` from its `to_dict()`, whether it was explained, and its text.
#[pyfunction]
pub(crate) fn _decision_from_state(
    state: &Bound<'_, PyDict>,
    explained: bool,
    text: String,
) -> PyResult<PyDecision> {
    let py = state.py();
    let item = |key: &str| -> PyResult<Option<Bound<'_, PyAny>>> {
        Ok(state.get_item(key)?.filter(|v| !v.is_none()))
    };
    let text_of = |key: &str| -> PyResult<Option<Py<PyString>>> {
        item(key)?
            .map(|v| Ok(v.cast_into::<PyString>()?.unbind()))
            .transpose()
    };
    let number =
        |key: &str| -> PyResult<Option<f64>> { item(key)?.map(|v| v.extract::<f64>()).transpose() };
    let outcome = text_of("outcome")?
        .ok_or_else(|| PyValueError::new_err("invalid decision: no `outcome`"))?;
    let step = text_of("step")?;
    let reason = text_of("reason")?;
    let kinds = (
        parse_name(outcome.bind(py))?,
        step.as_ref().map(|s| parse_name(s.bind(py))).transpose()?,
        reason
            .as_ref()
            .map(|r| parse_name(r.bind(py)))
            .transpose()?,
    );
    let texts = |key: &str| -> PyResult<Vec<Py<PyString>>> {
        item(key)?.map_or(Ok(Vec::new()), |v| {
            v.try_iter()?
                .map(|s| Ok(s?.cast_into::<PyString>()?.unbind()))
                .collect()
        })
    };
    let value =
        |key: &str| -> PyResult<Value> { item(key)?.map_or(Ok(Value::Null), |v| to_value(&v)) };
    let explanation = if explained {
        Some(Box::new(Explained {
            via: texts("via")?,
            dead_ends: texts("dead_ends")?,
            trace: value("trace")?,
            alternatives: value("alternatives")?,
        }))
    } else {
        None
    };
    let shared = Arc::new(Shared {
        outcome,
        target: text_of("target")?,
        target_name: text_of("target_name")?,
        level: text_of("level")?,
        target_level: text_of("target_level")?,
        step,
        rule: text_of("rule")?,
        tele_service: text_of("tele_service")?,
        fallback_target: text_of("fallback_target")?,
        reason,
        commune: text_of("commune")?,
        entry: text_of("entry")?,
    });
    let decision = PyDecision {
        id: item("id")?.map(Bound::unbind),
        shared,
        distance_km: number("distance_km")?,
        minutes: number("minutes")?,
        message: text_of("message")?,
        help: text_of("help")?,
        kinds,
        explained: explanation,
        text: PyOnceLock::new(),
        // The text is restored as it was written, in its language.
        lang: parcours::Lang::En,
    };
    let _ = decision.text.set(py, text);
    Ok(decision)
}

/// The core's JSON text of the decision for `case`, the case read by serde's reader of a whole
/// case (the dict as one JSON value): what `Decision.to_dict()` gave before decisions had
/// native fields, with `via`, `dead_ends`, `trace` and `alternatives` when explained. For the
/// tests, which compare `Engine.route` with it; a case that does not read raises `CaseError`
/// with serde's message.
#[pyfunction]
pub(crate) fn _decision_json(
    engine: &Bound<'_, crate::engine::PyEngine>,
    case: &Bound<'_, PyDict>,
    explain: bool,
) -> PyResult<String> {
    let py = case.py();
    let case: parcours::Case = serde_json::from_value(to_value(case.as_any())?)
        .map_err(|e| crate::engine::invalid_case(py, &e.to_string(), parcours::Lang::En))?;
    let engine = &*engine.get().engine;
    crate::guard(|| {
        // Written as text, so the keys keep the order of the core's JSON.
        let json = |v: &dyn erased::Json| v.text();
        Ok(if explain {
            let e = engine.route_explained(&case);
            let mut text = json(&e.decision);
            text.pop(); // the closing brace: the explanation's fields follow
            let extra: [(&str, &dyn erased::Json); 4] = [
                ("via", &e.via),
                ("dead_ends", &e.dead_ends),
                ("trace", &e.trace),
                ("alternatives", &e.alternatives),
            ];
            for (key, value) in extra {
                let _ = write!(text, ",\"{key}\":{}", json(value));
            }
            text.push('}');
            text
        } else {
            json(&engine.route(&case))
        })
    })
}

/// JSON text of values of different types, behind one reference type.
mod erased {
    /// A value serde writes as JSON.
    pub(super) trait Json {
        /// Its JSON text (empty if it cannot be written).
        fn text(&self) -> String;
    }

    impl<T: serde::Serialize> Json for T {
        fn text(&self) -> String {
            serde_json::to_string(self).unwrap_or_default()
        }
    }
}
