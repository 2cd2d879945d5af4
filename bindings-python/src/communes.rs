//! `parcours.Communes`: the commune reference an engine takes beside the network.

use std::path::PathBuf;
use std::sync::Arc;

use parcours::reference::Communes;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};

use crate::{guard, network_error_in, os_error};

/// The commune reference: INSEE communes (population, representative point, successor of
/// merged communes) and postal codes. Give it to `Network.compile(communes=...)` so that cases
/// can come from a `commune` or a `postal_code`.
#[pyclass(frozen, module = "parcours._core", name = "Communes")]
pub struct PyCommunes {
    pub(crate) inner: Arc<Communes>,
    /// The texts it was read from, for pickling.
    communes_csv: String,
    postal_csv: Option<String>,
}

impl PyCommunes {
    fn read(py: Python<'_>, path: &PathBuf, lang: parcours::Lang) -> PyResult<String> {
        let name = path.display().to_string();
        let bytes = py
            .detach(|| std::fs::read(path))
            .map_err(|e| os_error(py, &e, &name))?;
        parcours::text::utf8_owned(bytes).map_err(|p| {
            network_error_in(
                py,
                &parcours::Error::reference(name.clone(), vec![*p]),
                lang,
            )
        })
    }

    fn build(
        py: Python<'_>,
        communes_csv: String,
        postal_csv: Option<String>,
        names: (&str, &str),
        lang: parcours::Lang,
    ) -> PyResult<Self> {
        let inner = guard(|| {
            py.detach(|| {
                let c = Communes::from_csv(&communes_csv, names.0)?;
                match &postal_csv {
                    Some(p) => c.with_postal_codes(p, names.1),
                    None => Ok(c),
                }
            })
            .map_err(|e| network_error_in(py, &e, lang))
        })?;
        Ok(Self {
            inner: Arc::new(inner),
            communes_csv,
            postal_csv,
        })
    }
}

#[pymethods]
impl PyCommunes {
    /// Reads `communes.csv` and, optionally, `postal_codes.csv` (see `examples/reference/`).
    /// Problems raise `NetworkError` naming the file, line and column, in `lang` (`"en"` or
    /// `"fr"`).
    #[staticmethod]
    #[pyo3(signature = (communes, postal_codes = None, *, lang = "en"))]
    #[allow(
        clippy::needless_pass_by_value,
        reason = "PyO3 extracts arguments by value"
    )]
    pub(crate) fn from_files(
        py: Python<'_>,
        communes: PathBuf,
        postal_codes: Option<PathBuf>,
        lang: &str,
    ) -> PyResult<Self> {
        let lang = crate::parse_lang(lang)?;
        let text = Self::read(py, &communes, lang)?;
        let postal = postal_codes
            .as_ref()
            .map(|p| Self::read(py, p, lang))
            .transpose()?;
        let (a, b) = (
            communes.display().to_string(),
            postal_codes
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
        );
        Self::build(py, text, postal, (&a, &b), lang)
    }

    /// Reads the reference from CSV texts; problems raise `NetworkError` in `lang`.
    #[staticmethod]
    #[pyo3(signature = (communes, postal_codes = None, *, lang = "en"))]
    fn from_csv(
        py: Python<'_>,
        communes: String,
        postal_codes: Option<String>,
        lang: &str,
    ) -> PyResult<Self> {
        let lang = crate::parse_lang(lang)?;
        Self::build(
            py,
            communes,
            postal_codes,
            ("<communes>", "<postal_codes>"),
            lang,
        )
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "Communes({} current, {} former codes, {} postal codes)",
            self.inner.current().count(),
            self.inner.len() - self.inner.current().count(),
            self.inner.postal_code_count()
        )
    }

    /// The current commune a code resolves to (a former code gives its successor), as a dict,
    /// or `None` when the code is unknown.
    fn resolve<'py>(&self, py: Python<'py>, code: &str) -> PyResult<Option<Bound<'py, PyDict>>> {
        let Ok(r) = self.inner.resolve(code.trim()) else {
            return Ok(None);
        };
        let d = commune_dict(py, r.commune)?;
        d.set_item("merged_from", r.merged_from)?;
        Ok(Some(d))
    }

    /// The current communes, optionally of some départements, as a list of dicts (code, name,
    /// departement, population, population_year, lat, lon, point).
    #[pyo3(signature = (departements = None))]
    #[allow(
        clippy::needless_pass_by_value,
        reason = "PyO3 extracts arguments by value"
    )]
    fn communes<'py>(
        &self,
        py: Python<'py>,
        departements: Option<Vec<String>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let out = PyList::empty(py);
        for c in self.inner.current() {
            if departements
                .as_ref()
                .is_some_and(|d| !d.contains(&c.departement))
            {
                continue;
            }
            out.append(commune_dict(py, c)?)?;
        }
        Ok(out)
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let from_csv = py.get_type::<Self>().getattr("from_csv")?;
        (
            from_csv,
            (self.communes_csv.clone(), self.postal_csv.clone()),
        )
            .into_pyobject(py)
    }
}

fn commune_dict<'py>(
    py: Python<'py>,
    c: &parcours::reference::Commune,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("code", &c.code)?;
    d.set_item("name", &c.name)?;
    d.set_item("departement", &c.departement)?;
    d.set_item("population", c.population)?;
    d.set_item("population_year", c.population_year)?;
    d.set_item("lat", c.lat)?;
    d.set_item("lon", c.lon)?;
    d.set_item("point", c.point.as_deref())?;
    Ok(d)
}
