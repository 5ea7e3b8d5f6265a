//! The native half of the `watchstander` Python package (`watchstander._native`).
//!
//! It holds no logic: one generic `call` that hands JSON text to the core's operations
//! (`watchstander::ops::call_text`) with the GIL released, plus version and operation listing.
//! The pure-Python half (`python/watchstander/`) converts `datetime`s and dicts to and from
//! JSON and raises the exception hierarchy from the error envelope.

/// The Python module `watchstander._native`.
#[pyo3::pymodule]
mod _native {
    use pyo3::prelude::*;

    /// Runs the core operation `op` on JSON text; returns the JSON envelope
    /// `{"ok": ...}` or `{"error": {...}}`. Never raises for domain errors.
    #[pyfunction]
    fn call(py: Python<'_>, op: &str, input_json: &str) -> String {
        let op = op.to_owned();
        let input = input_json.to_owned();
        py.detach(move || watchstander::ops::call_text(&op, &input))
    }

    /// The core library's version.
    #[pyfunction]
    fn core_version() -> &'static str {
        watchstander::VERSION
    }

    /// `[(name, summary), ...]` for every core operation.
    #[pyfunction]
    fn operations() -> Vec<(&'static str, &'static str)> {
        watchstander::ops::operations()
            .map(|o| (o.name, o.summary))
            .collect()
    }
}
