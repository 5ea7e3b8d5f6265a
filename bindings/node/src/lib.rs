//! The native half of the `watchstander` npm package.
//!
//! It holds no logic: it finds the operation in the core's registry, converts the JavaScript
//! input to the operation's typed input (`de`), runs the core (on the libuv thread pool for the
//! `...Async` functions), converts the typed output to JavaScript values (`ser`) and throws
//! errors as `Error` objects carrying the core error's fields (`errors`). The JavaScript half
//! (`index.js`, `lib/`) names the functions and re-throws those errors as `WatchstanderError`s.

mod de;
mod errors;
mod handle;
mod host;
mod js;
mod ser;
mod zone_source;

/// Large blocks in huge pages: columnar inputs of hundreds of megabytes fault in 2 MiB at a
/// time instead of 4 KiB (see the `watchstander-alloc` crate).
#[global_allocator]
static ALLOCATOR: watchstander_alloc::HugePages = watchstander_alloc::HugePages;

use napi::bindgen_prelude::AsyncTask;
use napi::{Env, Task};
use napi_derive::napi;

use js::{Arg, Raw};

fn parse(
    env: &Env,
    op: &str,
    input: &Arg,
) -> napi::Result<(
    &'static watchstander::ops::Operation,
    watchstander::ops::registry::Input,
)> {
    let raw = env.raw();
    let operation = watchstander::ops::find(op).map_err(|e| errors::throw(raw, &e, op))?;
    let value = match js::kind(raw, input.0)? {
        js::Kind::Undefined | js::Kind::Null => js::object(raw)?,
        js::Kind::Object if !js::is_array(raw, input.0)? => input.0,
        _ => {
            let e = watchstander::Error::invalid_input(format!(
                "{op} takes one options object, e.g. {op}({{ ... }})"
            ));
            return Err(errors::throw(raw, &e, op));
        }
    };
    let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        operation.parse_from(&de::JsInput { env: raw, value })
    }))
    .map_err(|_| errors::internal(raw, op))?
    .map_err(|e| errors::throw(raw, &e, op))?;
    Ok((operation, parsed))
}

fn run(
    operation: &'static watchstander::ops::Operation,
    input: watchstander::ops::registry::Input,
) -> Result<Result<watchstander::ops::registry::Output, watchstander::Error>, ()> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| operation.run(input))).map_err(|_| ())
}

fn output(
    env: Env,
    op: &str,
    result: Result<Result<watchstander::ops::registry::Output, watchstander::Error>, ()>,
) -> napi::Result<Raw> {
    let raw = env.raw();
    match result {
        Err(()) => Err(errors::internal(raw, op)),
        Ok(Err(e)) => Err(errors::throw(raw, &e, op)),
        Ok(Ok(out)) => {
            let mut cache = ser::Cache::new(raw);
            ser::to_js(&mut cache, &*out)
                .map(Raw)
                .map_err(|e| errors::conversion(raw, op, &e.0))
        }
    }
}

/// Runs the core operation `op` on `input` (a plain object); returns plain values.
#[napi(ts_return_type = "unknown")]
pub fn call(env: Env, op: String, input: Arg) -> napi::Result<Raw> {
    let _active = zone_source::current().enter();
    let (operation, parsed) = parse(&env, &op, &input)?;
    output(env, &op, run(operation, parsed))
}

/// Runs the core operation `op` on the libuv thread pool; resolves with plain values.
#[napi(ts_return_type = "Promise<unknown>")]
pub fn call_async(env: Env, op: String, input: Arg) -> napi::Result<AsyncTask<CallTask>> {
    let source = zone_source::current();
    let (operation, parsed) = source.scope(|| parse(&env, &op, &input))?;
    Ok(AsyncTask::new(CallTask {
        op,
        operation,
        input: Some(parsed),
        source,
    }))
}

/// The work of [`call_async`].
pub struct CallTask {
    op: String,
    operation: &'static watchstander::ops::Operation,
    input: Option<watchstander::ops::registry::Input>,
    /// The zone source of the call (entered on the worker thread too).
    source: watchstander::time::ZoneSource,
}

impl Task for CallTask {
    type Output = Result<Result<watchstander::ops::registry::Output, watchstander::Error>, ()>;
    type JsValue = Raw;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        match self.input.take() {
            Some(input) => Ok(self.source.scope(|| run(self.operation, input))),
            None => Err(napi::Error::from_reason("the task ran twice")),
        }
    }

    fn resolve(&mut self, env: Env, result: Self::Output) -> napi::Result<Raw> {
        output(env, &self.op, result)
    }
}

/// Runs the core operation `op` on JSON text; returns the JSON envelope `{"ok": ...}` or
/// `{"error": {...}}` (for callers that hold JSON already).
#[napi]
pub fn call_json(op: String, input_json: String) -> String {
    watchstander::ops::call_text_in(&zone_source::current(), &op, &input_json)
}

/// The core library's version.
#[napi]
pub fn core_version() -> String {
    watchstander::VERSION.to_string()
}

/// Reads zone names from the TZif directory `tzdir` in every later call (`null`: the bundled
/// tz database); returns `[version, source]` of the new source.
#[napi]
pub fn set_zone_source(
    env: Env,
    tzdir: Option<String>,
    version: Option<String>,
) -> napi::Result<Vec<String>> {
    zone_source::set(tzdir.as_deref(), version.as_deref())
        .map(|i| vec![i.version, i.source])
        .map_err(|e| errors::throw(env.raw(), &e, "setZoneSource"))
}

/// `[version, source]` of the zone source in use.
#[napi]
pub fn tzdb() -> Vec<String> {
    let i = zone_source::current().info();
    vec![i.version, i.source]
}

/// Every core operation as `[name, summary]`.
#[napi]
pub fn operations() -> Vec<Vec<String>> {
    watchstander::ops::operations()
        .map(|o| vec![o.name.to_string(), o.summary.to_string()])
        .collect()
}
