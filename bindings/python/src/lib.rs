//! The native half of the `watchstander` Python package (`watchstander._native`).
//!
//! It holds no logic: it finds the operation in the core's registry, converts the Python
//! input to the operation's typed input (`de`), runs the core with the GIL released, converts
//! the typed output to Python objects (`ser`) and turns errors into the exception hierarchy of
//! `watchstander.errors` (`errors`). Handles (`schedule`, `incident`) wrap the core's compiled
//! schedule and live incident.

mod de;
mod errors;
mod handle;
mod host;
mod ser;
mod zone_source;

/// Large blocks in huge pages: columnar inputs of hundreds of megabytes fault in 2 MiB at a
/// time instead of 4 KiB (see the `watchstander-alloc` crate).
#[global_allocator]
static ALLOCATOR: watchstander_alloc::HugePages = watchstander_alloc::HugePages;

/// The Python module `watchstander._native`.
#[pyo3::pymodule]
mod _native {
    use pyo3::prelude::*;
    use pyo3::types::PyDict;

    use crate::errors::raise;
    use crate::ser::{to_py, Cache};

    /// Runs the core operation `op` on `input` (a dict); returns plain Python objects.
    #[pyfunction]
    fn call<'py>(
        py: Python<'py>,
        op: &str,
        input: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let _active = crate::zone_source::current().enter();
        let operation = watchstander::ops::find(op).map_err(|e| raise(py, &e, op))?;
        if !input.is_instance_of::<PyDict>() {
            return Err(raise(
                py,
                &watchstander::Error::invalid_input(format!(
                    "{op} takes keyword arguments (an options dict); got a {}",
                    input
                        .get_type()
                        .name()
                        .map(|n| n.to_string())
                        .unwrap_or_default()
                )),
                op,
            ));
        }
        let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            operation.parse_from(&crate::de::PyInput(input))
        }))
        .map_err(|_| crate::errors::internal(py, op))?
        .map_err(|e| raise(py, &e, op))?;
        let output = py
            .detach(move || {
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| operation.run(parsed)))
            })
            .map_err(|_| crate::errors::internal(py, op))?
            .map_err(|e| raise(py, &e, op))?;
        let mut cache = Cache::new(py);
        to_py(&mut cache, &*output).map_err(|e| crate::errors::conversion(py, op, &e.0))
    }

    /// Runs the core operation `op` on JSON text; returns the JSON envelope
    /// `{"ok": ...}` or `{"error": {...}}` (for callers that hold JSON already).
    #[pyfunction]
    fn call_json(py: Python<'_>, op: &str, input_json: &str) -> String {
        let op = op.to_owned();
        let input = input_json.to_owned();
        let source = crate::zone_source::current();
        py.detach(move || watchstander::ops::call_text_in(&source, &op, &input))
    }

    #[pymodule_export]
    use crate::handle::PyHandle;

    /// The core library's version.
    #[pyfunction]
    fn core_version() -> &'static str {
        watchstander::VERSION
    }

    /// Reads zone names from the TZif directory `tzdir` in every later call (`None`: the
    /// bundled tz database); returns `(version, source)` of the new source.
    #[pyfunction]
    #[pyo3(signature = (tzdir = None, version = None))]
    fn set_zone_source(
        py: Python<'_>,
        tzdir: Option<&str>,
        version: Option<&str>,
    ) -> PyResult<(String, String)> {
        crate::zone_source::set(tzdir, version)
            .map(|i| (i.version, i.source))
            .map_err(|e| raise(py, &e, "set_zone_source"))
    }

    /// `(version, source)` of the zone source in use.
    #[pyfunction]
    fn tzdb() -> (String, String) {
        let i = crate::zone_source::current().info();
        (i.version, i.source)
    }

    /// `[(name, summary), ...]` for every core operation.
    #[pyfunction]
    fn operations() -> Vec<(&'static str, &'static str)> {
        watchstander::ops::operations()
            .map(|o| (o.name, o.summary))
            .collect()
    }
}
