//! Core errors → exceptions of `watchstander.errors`, built from the error's fields (code,
//! module, message, path, details), never from its text.

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::ser::{to_py, Cache};

/// The exception for a core error raised by operation `op`.
pub fn raise(py: Python<'_>, e: &watchstander::Error, op: &str) -> PyErr {
    let report = e.report();
    let mut cache = Cache::new(py);
    match to_py(&mut cache, &report) {
        Ok(dict) => build(py, dict, op),
        Err(s) => conversion(py, op, &s.0),
    }
}

fn build(py: Python<'_>, report: Bound<'_, PyAny>, op: &str) -> PyErr {
    let made = py
        .import("watchstander.errors")
        .and_then(|m| m.getattr("_from_report"))
        .and_then(|f| f.call1((report, op)));
    match made {
        Ok(exc) => PyErr::from_value(exc),
        Err(e) => e,
    }
}

fn report<'py>(py: Python<'py>, module: &str, code: &str, message: String) -> Bound<'py, PyAny> {
    let d = PyDict::new(py);
    let _ = d.set_item("module", module);
    let _ = d.set_item("code", code);
    let _ = d.set_item("message", message);
    let _ = d.set_item("details", PyDict::new(py));
    d.into_any()
}

/// A caught panic inside the core (a bug): `InternalError`.
pub fn internal(py: Python<'_>, op: &str) -> PyErr {
    let message = format!("watchstander hit an internal error in {op:?}; please report it with the input that caused it");
    build(py, report(py, "internal", "internal_error", message), op)
}

/// An output that could not become Python objects: an instant outside `datetime`'s range
/// (a `TimeError`), else a bug.
pub fn conversion(py: Python<'_>, op: &str, why: &str) -> PyErr {
    if why.contains("cannot be a Python datetime") {
        let e: watchstander::Error = watchstander::time::TimeError::OutOfRange {
            what: format!("a result of {op}"),
            reason: why.to_string(),
        }
        .into();
        return raise(py, &e, op);
    }
    let message = format!("the result of {op} could not be converted to Python objects: {why}");
    build(py, report(py, "internal", "internal_error", message), op)
}
