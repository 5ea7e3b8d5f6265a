//! The native half of the `watchstander` npm package.
//!
//! It holds no logic: one generic `call` that hands JSON text to the core's operations
//! (`watchstander::ops::call_text`, which never panics across the boundary), plus version and
//! operation listing. The JavaScript half (`index.js`, `lib/`) converts `Date`s and objects to
//! and from JSON and throws `WatchstanderError`s with a stable `code`.

use napi_derive::napi;

/// Runs the core operation `op` on JSON text; returns the JSON envelope
/// `{"ok": ...}` or `{"error": {...}}`.
#[napi]
pub fn call(op: String, input_json: String) -> String {
    watchstander::ops::call_text(&op, &input_json)
}

/// The core library's version.
#[napi]
pub fn core_version() -> String {
    watchstander::VERSION.to_string()
}

/// Every core operation as `[name, summary]`.
#[napi]
pub fn operations() -> Vec<Vec<String>> {
    watchstander::ops::operations()
        .map(|o| vec![o.name.to_string(), o.summary.to_string()])
        .collect()
}

/// Runs a core operation on the libuv thread pool, so long expansions do not block the event
/// loop. Resolves with the same envelope as [`call`].
#[napi]
pub fn call_async(op: String, input_json: String) -> napi::bindgen_prelude::AsyncTask<CallTask> {
    napi::bindgen_prelude::AsyncTask::new(CallTask {
        op,
        input: input_json,
    })
}

/// The work of [`call_async`].
pub struct CallTask {
    op: String,
    input: String,
}

impl napi::Task for CallTask {
    type Output = String;
    type JsValue = String;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok(watchstander::ops::call_text(&self.op, &self.input))
    }

    fn resolve(&mut self, _env: napi::Env, output: Self::Output) -> napi::Result<Self::JsValue> {
        Ok(output)
    }
}
