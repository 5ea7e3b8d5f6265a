//! Core errors → thrown JavaScript `Error`s carrying the error's fields (`code`, `module`,
//! `path`, `details`, `op`), built from the fields, never from the message text. `index.js`
//! re-throws them as `WatchstanderError`s.

use crate::js::{self, Env, Value};
use crate::ser::{to_js, Cache};

fn build(
    env: Env,
    report: &watchstander::ErrorReport,
    op: impl std::fmt::Display,
) -> napi::Result<Value> {
    let obj = js::error(env, &report.message)?;
    let mut cache = Cache::new(env);
    let details = to_js(&mut cache, &report.details).map_err(|e| napi::Error::from_reason(e.0))?;
    let mut props = vec![
        (js::string(env, "code")?, js::string(env, &report.code)?),
        (js::string(env, "module")?, js::string(env, &report.module)?),
        (
            js::string(env, "path")?,
            js::string(env, report.path.as_deref().unwrap_or(""))?,
        ),
        (js::string(env, "details")?, details),
        (js::string(env, "op")?, js::string(env, &op.to_string())?),
    ];
    props.push((js::string(env, "watchstander")?, js::boolean(env, true)?));
    js::define(env, obj, &props)?;
    Ok(obj)
}

fn throw_report(
    env: Env,
    report: &watchstander::ErrorReport,
    op: impl std::fmt::Display,
) -> napi::Error {
    match build(env, report, op) {
        Ok(obj) => js::throw_value(env, obj),
        Err(e) => e,
    }
}

/// The error to throw for a core error raised by operation `op`.
pub fn throw(env: Env, e: &watchstander::Error, op: impl std::fmt::Display) -> napi::Error {
    throw_report(env, &e.report(), op)
}

fn plain(module: &str, code: &str, message: String) -> watchstander::ErrorReport {
    watchstander::ErrorReport {
        module: module.to_string(),
        code: code.to_string(),
        message,
        path: None,
        details: Default::default(),
    }
}

/// A caught panic inside the core (a bug): code `internal_error`.
pub fn internal(env: Env, op: impl std::fmt::Display) -> napi::Error {
    let message = format!("watchstander hit an internal error in \"{op}\"; please report it with the input that caused it");
    throw_report(env, &plain("internal", "internal_error", message), op)
}

/// An output that could not become JavaScript values (a bug).
pub fn conversion(env: Env, op: impl std::fmt::Display, why: &str) -> napi::Error {
    let message = format!("the result of {op} could not be converted to JavaScript values: {why}");
    throw_report(env, &plain("internal", "internal_error", message), op)
}
