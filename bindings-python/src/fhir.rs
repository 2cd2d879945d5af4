//! `Network.to_fhir()` and `Network.from_fhir(...)`: FHIR R4 Bundles (FR Core profiles),
//! converted by the core (`parcours::fhir`).

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyString};

use crate::{PyNetwork, guard, network_error_in, to_python};

impl PyNetwork {
    /// The network as a FHIR R4 Bundle (a dict).
    pub(crate) fn fhir_bundle<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let net = &self.inner;
        let bundle = guard(|| Ok(py.detach(|| parcours::fhir::to_fhir_bundle(net))))?;
        to_python(py, &bundle)
    }

    /// A network from a FHIR R4 Bundle given as JSON text or as a dict; its load error in
    /// `lang`.
    pub(crate) fn from_fhir_bundle(
        py: Python<'_>,
        bundle: &Bound<'_, PyAny>,
        lang: parcours::Lang,
    ) -> PyResult<Self> {
        static DUMPS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
        let (text, file, from_dict) = if let Ok(s) = bundle.cast::<PyString>() {
            (s.to_str()?.to_owned(), "<fhir>", false)
        } else if bundle.cast::<PyDict>().is_ok() {
            let text: String = DUMPS
                .import(py, "json", "dumps")?
                .call1((bundle,))?
                .extract()?;
            (text, "<fhir dict>", true)
        } else {
            return Err(pyo3::exceptions::PyTypeError::new_err(
                "from_fhir takes a FHIR Bundle as JSON text (str) or as a dict",
            ));
        };
        guard(|| {
            py.detach(|| parcours::fhir::from_fhir_bundle(&text, file))
                .map(|inner| Self { inner })
                .map_err(|e| {
                    let e = if from_dict { e.without_positions() } else { e };
                    network_error_in(py, &e, lang)
                })
        })
    }
}
