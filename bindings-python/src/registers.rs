//! `parcours.registers`: the FINESS register read into a network fragment, and merged into a
//! hand-written network. Converts and delegates to `parcours::registers`.

use parcours::Problem;
use parcours::registers::{
    ImportOptions, Mapping, decode_text, merge, read_finess_extract, read_finess_json,
};
use pyo3::prelude::*;

use crate::{PyNetwork, guard, network_error_in, to_python};

/// The diagnostics (register warnings) as the core serialises them, in `lang`.
fn problems<'py>(
    py: Python<'py>,
    list: &[Problem],
    lang: parcours::Lang,
) -> PyResult<Bound<'py, PyAny>> {
    let list: Vec<Problem> = list.iter().map(|p| p.localized(lang)).collect();
    to_python(py, &list)
}

/// Reads the FINESS register (`format` `json`: the official flux, with the activities flux when
/// given; `extract`: the semicolon extract; `auto`: by content). Bytes that are not UTF-8 are
/// read as Latin-1. Returns the fragment, the warnings (dicts like `NetworkError.errors()`)
/// and counts; errors and warnings in `lang` (`"en"` or `"fr"`).
#[pyfunction]
#[pyo3(signature = (structures, structures_name, activities, activities_name, format, departements, categories, include_closed, mapping, mapping_name, lang = "en"))]
#[allow(
    clippy::too_many_arguments,
    clippy::needless_pass_by_value,
    reason = "one argument per Python keyword; PyO3 extracts them by value"
)]
pub fn _read_finess<'py>(
    py: Python<'py>,
    structures: Vec<u8>,
    structures_name: &str,
    activities: Option<Vec<u8>>,
    activities_name: &str,
    format: &str,
    departements: Vec<String>,
    categories: Vec<String>,
    include_closed: bool,
    mapping: Option<String>,
    mapping_name: &str,
    lang: &str,
) -> PyResult<(PyNetwork, Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    let lang = crate::parse_lang(lang)?;
    guard(|| {
        let mut opts = ImportOptions::default()
            .departements(departements)
            .categories(categories)
            .include_closed(include_closed)
            .source_name(structures_name);
        if let Some(table) = &mapping {
            let m = Mapping::parse(table, mapping_name).map_err(|problems| {
                network_error_in(
                    py,
                    &parcours::Error::load(mapping_name.to_owned(), problems),
                    lang,
                )
            })?;
            opts = opts.mapping(m);
        }
        let result = py.detach(|| {
            let text = decode_text(&structures);
            let is_json = match format {
                "json" => true,
                "extract" => false,
                _ => text
                    .trim_start_matches('\u{feff}')
                    .trim_start()
                    .starts_with('{'),
            };
            if is_json {
                let acts = activities.as_deref().map(decode_text);
                read_finess_json(
                    &text,
                    structures_name,
                    acts.as_deref(),
                    activities_name,
                    &opts,
                )
            } else {
                read_finess_extract(&text, structures_name, &opts)
            }
        });
        let import = result.map_err(|e| network_error_in(py, &e, lang))?;
        let warnings = problems(py, &import.warnings, lang)?;
        let stats = to_python(py, &import.stats)?;
        Ok((
            PyNetwork {
                inner: import.network,
            },
            warnings,
            stats,
        ))
    })
}

/// Merges a fragment into a network: the merged network (validated), the conflicts as dicts,
/// and what was matched and added; the conflicts' messages, and the error of a merged network
/// that does not validate, in `lang` (`"en"` or `"fr"`).
#[pyfunction]
#[pyo3(signature = (network, fragment, lang = "en"))]
pub fn _merge_networks<'py>(
    py: Python<'py>,
    network: &PyNetwork,
    fragment: &PyNetwork,
    lang: &str,
) -> PyResult<(PyNetwork, Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    let lang = crate::parse_lang(lang)?;
    guard(|| {
        let m = py.detach(|| merge(&network.inner, &fragment.inner));
        m.network
            .validate()
            .map_err(|e| network_error_in(py, &e, lang))?;
        let conflicts: Vec<_> = m.conflicts.iter().map(|c| c.localized(lang)).collect();
        let conflicts = to_python(py, &conflicts)?;
        let info = to_python(
            py,
            &serde_json::json!({
                "matched_legal_entities": m.matched_legal_entities,
                "matched_sites": m.matched_sites,
                "added": {
                    "legal_entities": m.added[0],
                    "sites": m.added[1],
                    "groupings": m.added[2],
                    "memberships": m.added[3],
                    "capabilities": m.added[4],
                },
            }),
        )?;
        Ok((PyNetwork { inner: m.network }, conflicts, info))
    })
}
