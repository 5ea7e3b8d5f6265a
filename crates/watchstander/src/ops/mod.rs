//! JSON operations: the one entry point shared by the CLI and the Python and Node bindings.
//!
//! Each operation takes one JSON object and returns one JSON value, in the formats documented
//! in `docs/formats.md`. The bindings do nothing but convert their language's values to and
//! from this JSON and map [`Error`]s to exceptions, so the three front ends cannot drift; the
//! language-neutral conformance cases in `tests/conformance/` are written against these
//! operations and run by all three.
//!
//! Input objects reject unknown fields, so a misspelt option is an error rather than silently
//! ignored. Instants are RFC 3339 strings with an offset; outputs use UTC with `Z`.
//!
//! ```
//! use serde_json::json;
//! let out = watchstander::ops::call("time.resolve_local", &json!({
//!     "zone": "America/New_York", "local": "2026-03-08T02:30:00"
//! })).unwrap();
//! assert_eq!(out["instant"], "2026-03-08T07:30:00Z");
//! assert_eq!(out["adjustment"]["kind"], "gap");
//!
//! let err = watchstander::ops::call("time.resolve_local", &json!({
//!     "zone": "America/Nowhere", "local": "2026-03-08T02:30:00"
//! })).unwrap_err();
//! assert_eq!(err.code(), "unknown_zone");
//! ```

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::Error;

mod escalation;
mod incident;
mod schedule;
mod severity;
mod time;

/// An operation's name and a one-line summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// The name passed to [`call`], `module.verb`.
    pub name: &'static str,
    /// What it does.
    pub summary: &'static str,
}

/// Every operation, grouped by module.
pub const OPERATIONS: &[&[Operation]] = &[
    time::OPERATIONS,
    severity::OPERATIONS,
    schedule::OPERATIONS,
    incident::OPERATIONS,
    escalation::OPERATIONS,
];

/// Runs the operation `name` on `input`.
pub fn call(name: &str, input: &Value) -> Result<Value, Error> {
    let result = match name.split_once('.').map(|(m, _)| m) {
        Some("time") => time::call(name, input),
        Some("severity") => severity::call(name, input),
        Some("schedule") => schedule::call(name, input),
        Some("incident") => incident::call(name, input),
        Some("escalation") => escalation::call(name, input),
        _ => None,
    };
    result.unwrap_or_else(|| {
        Err(Error::UnknownOperation {
            name: name.chars().take(100).collect(),
        })
    })
}

/// Runs an operation on JSON text and returns JSON text, for foreign-function boundaries.
///
/// The result is always an envelope: `{"ok": <output>}` or
/// `{"error": {"module", "code", "message", "path"?}}`. Malformed JSON gives the code
/// `invalid_json`. A panic inside the core (a bug) is caught and reported with the code
/// `internal_error` instead of unwinding into Python or Node.
///
/// ```
/// let out = watchstander::ops::call_text("time.parse_duration", r#"{"duration": "PT15M"}"#);
/// assert!(out.starts_with(r#"{"ok":"#));
/// let err = watchstander::ops::call_text("time.parse_duration", "{not json");
/// assert!(err.contains(r#""code":"invalid_json""#));
/// ```
pub fn call_text(name: &str, input: &str) -> String {
    let envelope = match serde_json::from_str::<Value>(input) {
        Err(e) => serde_json::json!({ "error": {
            "module": "input",
            "code": "invalid_json",
            "message": format!("the input is not valid JSON: {e}"),
        }}),
        Ok(value) => match std::panic::catch_unwind(|| call(name, &value)) {
            Ok(Ok(v)) => serde_json::json!({ "ok": v }),
            Ok(Err(e)) => serde_json::json!({ "error": e.to_json() }),
            Err(_) => serde_json::json!({ "error": {
                "module": "internal",
                "code": "internal_error",
                "message": format!("watchstander hit an internal error in {name:?}; please report it with the input that caused it"),
            }}),
        },
    };
    envelope.to_string()
}

/// All operation names, in order.
pub fn names() -> impl Iterator<Item = &'static str> {
    OPERATIONS.iter().flat_map(|m| m.iter().map(|o| o.name))
}

/// Parses an operation's input object.
pub(crate) fn input<T: DeserializeOwned>(value: &Value) -> Result<T, Error> {
    crate::from_json(value)
}

/// Serialises an operation's output.
pub(crate) fn output<T: serde::Serialize>(value: &T) -> Result<Value, Error> {
    crate::to_json(value)
}
