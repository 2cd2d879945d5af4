//! The synthetic national network and its cases (`parcours_testkit::synthetic`, invented data),
//! for the benchmarks, the scale examples and their tests. Only in a module built with the
//! `synthetic` feature (scripts/build-python.sh), never in a plain `pip install`.

use pyo3::prelude::*;

use crate::PyNetwork;

/// A synthetic national-size network (`parcours_testkit::synthetic`, invented data), for benchmarks.
#[pyfunction]
#[pyo3(signature = (seed = 42, small = false))]
fn _synthetic_network(py: Python<'_>, seed: u64, small: bool) -> PyNetwork {
    let params = if small {
        parcours_testkit::synthetic::Params::small()
    } else {
        parcours_testkit::synthetic::Params::national()
    };
    PyNetwork {
        inner: py.detach(|| parcours_testkit::synthetic::national(&params, seed)),
    }
}

/// `count` synthetic cases for a network, as a JSON array of case objects, for benchmarks.
#[pyfunction]
#[pyo3(signature = (network, count, seed = 7))]
fn _synthetic_cases(
    py: Python<'_>,
    network: &PyNetwork,
    count: usize,
    seed: u64,
) -> PyResult<String> {
    py.detach(|| {
        serde_json::to_string(&parcours_testkit::synthetic::cases(
            &network.inner,
            count,
            seed,
        ))
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))
    })
}

/// Adds the generator's functions to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(_synthetic_network, m)?)?;
    m.add_function(wrap_pyfunction!(_synthetic_cases, m)?)?;
    Ok(())
}
