//! The crate-wide error type, which wraps each module's own error enum.
//!
//! Each module has one error enum ([`TimeError`], [`SeverityError`], …) and every variant
//! has a stable snake_case [`code`](Error::code) and typed fields. [`Error`] wraps them for
//! callers that use several modules, adds [`InputError`] for documents that do not fit a
//! format, and [`Error::At`] for a typed error found at a place inside a document.
//!
//! Errors cross the language boundary as values, not as text: [`Error::to_json`] gives
//! `{"module", "code", "message", "path", "details"}`, where `details` holds the variant's
//! typed fields (`{"name": "Mars/Base"}` for an unknown zone). The Python and Node bindings
//! build their exceptions from exactly that.
//!
//! ```
//! use watchstander::time::Zone;
//! let err = watchstander::from_json::<Vec<Zone>>(&serde_json::json!(["UTC", "Nowhere/Land"])).unwrap_err();
//! assert_eq!(err.code(), "unknown_zone");
//! assert_eq!(err.module(), "time");
//! assert_eq!(err.path(), "[1]");
//! assert_eq!(err.details()["name"], "Nowhere/Land");
//! ```

use std::cell::RefCell;

use serde::de::{DeserializeOwned, Deserializer};
use serde::Serialize;
use serde_json::{Map, Value};
use thiserror::Error as ThisError;

use crate::alert::AlertError;
use crate::escalation::EscalationError;
use crate::incident::IncidentError;
use crate::metrics::MetricsError;
use crate::postmortem::PostmortemError;
use crate::runbook::RunbookError;
use crate::schedule::ScheduleError;
use crate::severity::SeverityError;
use crate::time::TimeError;

/// Any watchstander error.
///
/// Each module's error is wrapped in its variant; every error has a stable [`code`](Error::code)
/// (listed in `docs/errors.md`), the [`module`](Error::module) it comes from, and a message that
/// names the offending value.
///
/// # Examples
///
/// ```
/// use watchstander::time::Zone;
///
/// let err: watchstander::Error = Zone::parse("Mars/Base").unwrap_err().into();
/// assert_eq!(err.code(), "unknown_zone");
/// assert_eq!(err.module(), "time");
/// assert!(err.to_string().contains("Mars/Base"));
/// ```
#[derive(Debug, Clone, PartialEq, ThisError, Serialize)]
#[non_exhaustive]
pub enum Error {
    /// From the [`time`](crate::time) module.
    #[error(transparent)]
    Time(#[from] TimeError),
    /// From the [`severity`](crate::severity) module.
    #[error(transparent)]
    Severity(#[from] SeverityError),
    /// From the [`schedule`](crate::schedule) module.
    #[error(transparent)]
    Schedule(#[from] ScheduleError),
    /// From the [`incident`](crate::incident) module.
    #[error(transparent)]
    Incident(#[from] IncidentError),
    /// From the [`alert`](crate::alert) module.
    #[error(transparent)]
    Alert(#[from] AlertError),
    /// From the [`escalation`](crate::escalation) module.
    #[error(transparent)]
    Escalation(#[from] EscalationError),
    /// From the [`runbook`](crate::runbook) module.
    #[error(transparent)]
    Runbook(#[from] RunbookError),
    /// From the [`postmortem`](crate::postmortem) module.
    #[error(transparent)]
    Postmortem(#[from] PostmortemError),
    /// From the [`metrics`](crate::metrics) module.
    #[error(transparent)]
    Metrics(#[from] MetricsError),
    /// A document that does not fit its format.
    #[error(transparent)]
    Input(#[from] InputError),
    /// A typed error found at a place inside an input document.
    #[error("at {path}: {error}")]
    At {
        /// Where, e.g. `layers[2].zone`.
        path: String,
        /// What is wrong there.
        error: Box<Error>,
    },
    /// An operation name passed to `ops::call` does not exist.
    #[error("unknown operation {name:?}; `watchstander ops` (or watchstander::ops::OPERATIONS) lists them")]
    UnknownOperation {
        /// The name given.
        name: String,
    },
}

/// A document that does not fit its documented format.
#[derive(Debug, Clone, PartialEq, Eq, ThisError, Serialize)]
#[non_exhaustive]
pub enum InputError {
    /// The text is not JSON.
    #[error("the input is not valid JSON: {reason}")]
    InvalidJson {
        /// What the parser said, with the line and column.
        reason: String,
    },
    /// The value has the wrong shape: a missing or unknown field, a wrong type.
    #[error("{reason}")]
    InvalidInput {
        /// What is wrong and how to fix it.
        reason: String,
    },
    /// An object names the same key twice (JSON allows it, but the second would silently win).
    #[error("the key {key:?} appears twice in one object: keep one")]
    DuplicateKey {
        /// The repeated key.
        key: String,
    },
    /// The input nests deeper than `ops::MAX_DEPTH` levels.
    #[error("the input nests deeper than {limit} levels: no watchstander document is that deep")]
    TooDeep {
        /// The limit.
        limit: usize,
    },
    /// The input is larger than the front end accepts.
    #[error(
        "the input is {size} bytes, more than the limit of {limit}: split it or raise the limit"
    )]
    TooLarge {
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// A list is longer than the operation accepts.
    #[error("the list has more than {limit} items: split it into batches of at most {limit}")]
    TooManyItems {
        /// The most items accepted.
        limit: usize,
    },
    /// A host-language value that cannot stand for any JSON value (a set, a function, ...).
    #[error("unsupported value: {reason}")]
    UnsupportedValue {
        /// What was given.
        reason: String,
    },
}

impl InputError {
    /// The stable code, e.g. `"invalid_input"`.
    pub fn code(&self) -> &'static str {
        match self {
            InputError::InvalidJson { .. } => "invalid_json",
            InputError::InvalidInput { .. } => "invalid_input",
            InputError::DuplicateKey { .. } => "duplicate_key",
            InputError::TooDeep { .. } => "input_too_deep",
            InputError::TooLarge { .. } => "input_too_large",
            InputError::TooManyItems { .. } => "too_many_items",
            InputError::UnsupportedValue { .. } => "unsupported_value",
        }
    }
}

impl Error {
    /// The stable machine-readable code, e.g. `"unknown_zone"`.
    pub fn code(&self) -> &str {
        match self {
            Error::Time(e) => e.code(),
            Error::Severity(e) => e.code(),
            Error::Schedule(e) => e.code(),
            Error::Incident(e) => e.code(),
            Error::Alert(e) => e.code(),
            Error::Escalation(e) => e.code(),
            Error::Runbook(e) => e.code(),
            Error::Postmortem(e) => e.code(),
            Error::Metrics(e) => e.code(),
            Error::Input(e) => e.code(),
            Error::At { error, .. } => error.code(),
            Error::UnknownOperation { .. } => "unknown_operation",
        }
    }

    /// The module the code belongs to: `time`, `severity`, `schedule`, `incident`,
    /// `escalation` or `input`.
    pub fn module(&self) -> &str {
        match self {
            Error::Time(_) => "time",
            Error::Severity(e) => e.module(),
            Error::Schedule(e) => e.module(),
            Error::Incident(e) => e.module(),
            Error::Alert(e) => e.module(),
            Error::Escalation(e) => e.module(),
            Error::Runbook(e) => e.module(),
            Error::Postmortem(e) => e.module(),
            Error::Metrics(e) => e.module(),
            Error::Input(_) | Error::UnknownOperation { .. } => "input",
            Error::At { error, .. } => error.module(),
        }
    }

    /// Where in the input document the error is (`layers[2].zone`), empty when it is not
    /// about one place.
    pub fn path(&self) -> &str {
        match self {
            Error::At { path, .. } => path,
            _ => "",
        }
    }

    /// The error without its place in the document.
    pub fn innermost(&self) -> &Error {
        match self {
            Error::At { error, .. } => error.innermost(),
            e => e,
        }
    }

    /// The typed fields of the error as a JSON object, e.g. `{"name": "Mars/Base"}` for an
    /// unknown zone (empty for errors without fields).
    pub fn details(&self) -> Map<String, Value> {
        let mut v = serde_json::to_value(self.innermost()).unwrap_or(Value::Null);
        // Externally tagged: {"Schedule": {"Time": {"UnknownZone": {"name": ...}}}}. Variant
        // names are CamelCase and field names snake_case, so unwrap while the only key is a
        // variant name.
        loop {
            match v {
                Value::Object(mut m) if m.len() == 1 => {
                    let key = m.keys().next().cloned().unwrap_or_default();
                    if key.starts_with(|c: char| c.is_ascii_uppercase()) {
                        v = m.remove(&key).unwrap_or(Value::Null);
                    } else {
                        return m;
                    }
                }
                Value::Object(m) => return m,
                Value::String(_) | Value::Null => return Map::new(),
                other => {
                    let mut m = Map::new();
                    m.insert("value".to_string(), other);
                    return m;
                }
            }
        }
    }

    /// The error as a plain record, the form in which the bindings and the CLI report errors.
    pub fn report(&self) -> ErrorReport {
        ErrorReport {
            module: self.module().to_string(),
            code: self.code().to_string(),
            message: self.to_string(),
            path: Some(self.path().to_string()).filter(|p| !p.is_empty()),
            details: self.details(),
        }
    }

    /// [`report`](Self::report) as JSON: `{"module", "code", "message", "path"?, "details"}`.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self.report()).unwrap_or(Value::Null)
    }

    /// An input-shape error (code `invalid_input`).
    pub fn invalid_input(reason: impl Into<String>) -> Error {
        Error::Input(InputError::InvalidInput {
            reason: reason.into(),
        })
    }

    /// The same error, found at `path` inside a document (no-op for an empty path). An error
    /// that already has a place inside a value gets the value's place in front:
    /// `events[0]` + `occurred_at` → `events[0].occurred_at`.
    pub fn at(self, path: impl Into<String>) -> Error {
        let path = path.into();
        if path.is_empty() || path == "." {
            return self;
        }
        match self {
            Error::At { path: inner, error } => {
                let sep = if inner.starts_with('[') { "" } else { "." };
                Error::At {
                    path: format!("{path}{sep}{inner}"),
                    error,
                }
            }
            e => Error::At {
                path,
                error: Box::new(e),
            },
        }
    }
}

/// An error as a plain record: what the JSON envelope, the CLI's `--json` errors and results
/// that list per-item failures carry.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ErrorReport {
    /// The module the code belongs to (`time`, `schedule`, ..., `input`).
    pub module: String,
    /// Stable snake_case code, e.g. `unknown_zone` (listed in `docs/errors.md`).
    pub code: String,
    /// What is wrong and how to fix it.
    pub message: String,
    /// Where in the input, e.g. `layers[2].zone`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The error's typed fields, e.g. `{"name": "Mars/Base"}`.
    #[serde(default)]
    pub details: Map<String, Value>,
}

thread_local! {
    /// The typed error behind the last [`de_error`] of this thread, so that a parse that fails
    /// inside one of our own `Deserialize` impls reports that error with its fields instead of
    /// serde's text. Scratch space of one parse; cleared before and taken after each.
    static TYPED: RefCell<Option<(String, Error)>> = const { RefCell::new(None) };
}

/// Turns a typed error into a serde error, keeping the typed error for [`deserialize`] to
/// restore. Use it in every `Deserialize` impl that validates.
pub fn de_error<E: serde::de::Error>(err: impl Into<Error>) -> E {
    let err: Error = err.into();
    let message = err.to_string();
    TYPED.with(|t| *t.borrow_mut() = Some((message.clone(), err)));
    E::custom(message)
}

/// Deserialises `T` from any serde deserializer, reporting where in the document it failed
/// and keeping the typed error raised by watchstander's own `Deserialize` impls. The
/// operations report input errors the same way (see [`crate::ops::host`]).
pub fn deserialize<'de, T, D>(de: D) -> Result<T, Error>
where
    T: serde::Deserialize<'de>,
    D: Deserializer<'de>,
    D::Error: std::fmt::Display,
{
    TYPED.with(|t| t.borrow_mut().take());
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        input_error(e.into_inner().to_string(), path)
    })
}

/// Forgets the typed error of an earlier parse on this thread (see [`de_error`]).
pub(crate) fn clear_typed() {
    TYPED.with(|t| t.borrow_mut().take());
}

/// The error of a failed tracked parse: the typed error our `Deserialize` impls raised, or
/// serde's `message` classified, at `path`.
pub(crate) fn input_error(message: String, path: String) -> Error {
    take_typed(&message)
        .unwrap_or_else(|| classify(message))
        .at(path)
}

/// The typed error behind a serde error `message`, if one of our `Deserialize` impls raised it
/// through [`de_error`].
pub(crate) fn take_typed(message: &str) -> Option<Error> {
    match TYPED.with(|t| t.borrow_mut().take()) {
        Some((text, err)) if message.starts_with(&text) => Some(err),
        _ => None,
    }
}

/// Deserialises `T` from a JSON value, in one pass, with the path, message and typed fields of
/// the first problem — the reading the operations use ([`crate::ops::host`]), so a type is
/// compiled once for both.
///
/// ```
/// use watchstander::time::Zone;
/// let err = watchstander::from_json::<Vec<Zone>>(&serde_json::json!(["UTC", "Nowhere/Land"])).unwrap_err();
/// assert_eq!(err.code(), "unknown_zone");
/// assert!(err.to_string().starts_with("at [1]: "));
/// ```
pub fn from_json<T: DeserializeOwned>(value: &Value) -> Result<T, Error> {
    crate::ops::host::parse(&mut crate::ops::JsonValue(value))
}

/// Serialises a result to JSON. Serialising watchstander's own types cannot fail; a failure is
/// reported as an input error rather than a panic.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<Value, Error> {
    serde_json::to_value(value).map_err(|e| Error::invalid_input(e.to_string()))
}

/// A serde message that did not come from one of our typed errors.
fn classify(message: String) -> Error {
    // chrono's own parse errors, raised for instants that are not RFC 3339 with an offset.
    const CHRONO: [&str; 6] = [
        "premature end of input",
        "input contains invalid characters",
        "input is out of range",
        "trailing input",
        "input is not enough for unique date and time",
        "no possible date and time matching input",
    ];
    if let Some(reason) = CHRONO.iter().find(|m| message.starts_with(**m)) {
        return TimeError::InvalidTimestamp {
            input: String::new(),
            reason: format!("{reason}: instants are RFC 3339 with a UTC offset, e.g. \"2026-11-26T09:00:00Z\" or \"2026-11-26T09:00:00-05:00\"; local wall-clock times have none, e.g. \"2026-11-26T09:00:00\""),
        }
        .into();
    }
    Error::invalid_input(message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn details_unwrap_wrapper_variants() {
        let e: Error = ScheduleError::Time(TimeError::UnknownZone {
            name: "Mars/Base".into(),
            zone_source: "the bundled tz database (2025b)".into(),
        })
        .into();
        assert_eq!(e.details()["name"], "Mars/Base");
        assert_eq!(e.code(), "unknown_zone");
        let unit: Error = TimeError::EmptyCalendar.into();
        assert!(unit.details().is_empty());
    }

    #[test]
    fn typed_errors_survive_parsing_with_their_path() {
        let v = serde_json::json!({"zones": ["UTC", "Nowhere"]});
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Doc {
            zones: Vec<crate::time::Zone>,
        }
        let e = from_json::<Doc>(&v).unwrap_err();
        assert_eq!(e.path(), "zones[1]");
        assert_eq!(e.code(), "unknown_zone");
        assert_eq!(e.details()["name"], "Nowhere");
        // A later shape error is not mistaken for the earlier typed one.
        let e = from_json::<Doc>(&serde_json::json!({"zones": [1]})).unwrap_err();
        assert_eq!(e.code(), "invalid_input");
    }

    #[test]
    fn naive_instants_are_invalid_timestamps() {
        let e =
            from_json::<chrono::DateTime<chrono::Utc>>(&serde_json::json!("2026-01-01T00:00:00"))
                .unwrap_err();
        assert_eq!(e.code(), "invalid_timestamp");
    }
}
