//! The Rust half of `Network.history()` and `parcours.diff_structure()`: both run in the core
//! (`parcours::history`, `parcours::structure`) with the GIL released and come back as plain
//! Python data (lists and dicts shaped like the core's JSON).

use pyo3::prelude::*;

use crate::engine::parse_date_named;
use crate::{PyNetwork, guard, to_python};

/// `Network.history(since=None, until=None, lang="en")`: the core's timeline as a list of
/// dicts, descriptions in `lang`.
pub(crate) fn history<'py>(
    py: Python<'py>,
    network: &parcours::Network,
    since: Option<&Bound<'py, PyAny>>,
    until: Option<&Bound<'py, PyAny>>,
    lang: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let lang = crate::parse_lang(lang)?;
    let since = since
        .map(|d| parse_date_named(py, d, "since", lang))
        .transpose()?;
    let until = until
        .map(|d| parse_date_named(py, d, "until", lang))
        .transpose()?;
    guard(|| {
        let entries =
            py.detach(|| parcours::history::history_between_in(network, since, until, lang));
        to_python(py, &entries)
    })
}

/// The words for steps, reasons, rejections, site kinds and roles in `lang` (core
/// `parcours::labels`): a dict of dicts, each from a code to its words.
#[pyfunction]
#[pyo3(signature = (lang = "en"))]
pub(crate) fn labels<'py>(py: Python<'py>, lang: &str) -> PyResult<Bound<'py, PyAny>> {
    let lang = crate::parse_lang(lang)?;
    guard(|| to_python(py, &parcours::labels::labels(lang)))
}

/// What differs from `before` to `after`, entity by entity (core `diff_structure`): a dict
/// with `before`, `after` (network ids), the counts `added`, `removed`, `changed`, and
/// `entries`, each with `change`, `entity`, `id`, the changed `fields` (`field`, `before`,
/// `after`), the added or removed `value`, and JSON pointers.
#[pyfunction]
pub(crate) fn diff_structure<'py>(
    py: Python<'py>,
    before: &PyNetwork,
    after: &PyNetwork,
) -> PyResult<Bound<'py, PyAny>> {
    let (a, b) = (before.network(), after.network());
    guard(|| {
        let diff = py.detach(|| parcours::structure::diff_structure(a, b));
        to_python(py, &diff)
    })
}
