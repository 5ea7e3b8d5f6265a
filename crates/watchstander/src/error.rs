//! The crate-wide error type, which wraps each module's own error enum.
//!
//! Each module has one error enum ([`TimeError`], [`SeverityError`], …) and every variant
//! has a stable snake_case [`code`](Error::code). [`Error`] wraps them for callers that use
//! several modules, and adds [`Error::Input`] for JSON documents that do not fit a format.
//! The Python and Node bindings expose `code`, `module` and `message` unchanged.

use serde::de::DeserializeOwned;
use serde::Serialize;
use thiserror::Error as ThisError;

use crate::escalation::EscalationError;
use crate::incident::IncidentError;
use crate::schedule::ScheduleError;
use crate::severity::SeverityError;
use crate::time::TimeError;

/// Any watchstander error.
#[derive(Debug, Clone, PartialEq, ThisError)]
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
    /// From the [`escalation`](crate::escalation) module.
    #[error(transparent)]
    Escalation(#[from] EscalationError),
    /// A JSON document does not fit the documented format.
    #[error("{message}")]
    Input {
        /// The module whose error this is (`"input"` for a shape error).
        module: String,
        /// Stable code: the inner error's code, or `"invalid_input"`.
        code: String,
        /// Where in the document, e.g. `levels[2].response_target` (empty for the root).
        path: String,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// An operation name passed to [`ops::call`](crate::ops::call) does not exist.
    #[error("unknown operation {name:?}; see watchstander::ops::OPERATIONS for the list")]
    UnknownOperation {
        /// The name given.
        name: String,
    },
}

impl Error {
    /// The stable machine-readable code, e.g. `"unknown_zone"`.
    pub fn code(&self) -> &str {
        match self {
            Error::Time(e) => e.code(),
            Error::Severity(e) => e.code(),
            Error::Schedule(e) => e.code(),
            Error::Incident(e) => e.code(),
            Error::Escalation(e) => e.code(),
            Error::Input { code, .. } => code,
            Error::UnknownOperation { .. } => "unknown_operation",
        }
    }

    /// The module the error belongs to: `time`, `severity`, `schedule`, `incident`,
    /// `escalation` or `input`.
    pub fn module(&self) -> &str {
        match self {
            Error::Time(_) => "time",
            Error::Severity(e) => e.module(),
            Error::Schedule(e) => e.module(),
            Error::Incident(e) => e.module(),
            Error::Escalation(e) => e.module(),
            Error::Input { module, .. } => module,
            Error::UnknownOperation { .. } => "input",
        }
    }

    /// A JSON object `{"module", "code", "message"}` (plus `"path"` for input errors), the
    /// form in which the bindings and the CLI report errors.
    pub fn to_json(&self) -> serde_json::Value {
        let mut v = serde_json::json!({
            "module": self.module(),
            "code": self.code(),
            "message": self.to_string(),
        });
        if let Error::Input { path, .. } = self {
            if !path.is_empty() {
                v["path"] = serde_json::Value::String(path.clone());
            }
        }
        v
    }
}

/// Turns a typed error into a serde error whose message carries its module and code, so that
/// [`from_json`] can restore them: `"[time:unknown_zone] unknown time zone …"`.
pub(crate) fn de_error<E: serde::de::Error>(err: impl Into<Error>) -> E {
    let err: Error = err.into();
    E::custom(format!("[{}:{}] {}", err.module(), err.code(), err))
}

/// Deserialises `T` from a JSON value, reporting where in the document it failed and keeping
/// the typed code of errors raised by watchstander's own `Deserialize` impls.
///
/// ```
/// use watchstander::time::Zone;
/// let err = watchstander::from_json::<Vec<Zone>>(&serde_json::json!(["UTC", "Nowhere/Land"])).unwrap_err();
/// assert_eq!(err.code(), "unknown_zone");
/// assert_eq!(err.module(), "time");
/// assert!(err.to_string().contains("[1]"));
/// ```
pub fn from_json<T: DeserializeOwned>(value: &serde_json::Value) -> Result<T, Error> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner().to_string();
        let (module, code, message) = split_tagged(&inner);
        let at = if path.is_empty() || path == "." {
            String::new()
        } else {
            format!("at {path}: ")
        };
        Error::Input {
            module,
            code,
            path: if path == "." { String::new() } else { path },
            message: format!("{at}{message}"),
        }
    })
}

/// Serialises a result to JSON. Serialising watchstander's own types cannot fail; a failure is
/// reported as an input error rather than a panic.
pub fn to_json<T: Serialize>(value: &T) -> Result<serde_json::Value, Error> {
    serde_json::to_value(value).map_err(|e| Error::Input {
        module: "input".to_string(),
        code: "invalid_input".to_string(),
        path: String::new(),
        message: e.to_string(),
    })
}

fn split_tagged(message: &str) -> (String, String, String) {
    if let Some(rest) = message.strip_prefix('[') {
        if let Some((tag, text)) = rest.split_once("] ") {
            if let Some((module, code)) = tag.split_once(':') {
                let ok = |s: &str| {
                    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                };
                if ok(module) && ok(code) {
                    return (module.to_string(), code.to_string(), text.to_string());
                }
            }
        }
    }
    // chrono's own parse errors, raised for instants that are not RFC 3339 with an offset.
    const CHRONO: [&str; 6] = [
        "premature end of input",
        "input contains invalid characters",
        "input is out of range",
        "trailing input",
        "input is not enough for unique date and time",
        "no possible date and time matching input",
    ];
    if CHRONO.contains(&message) {
        return (
            "time".to_string(),
            "invalid_timestamp".to_string(),
            format!("{message}: instants are RFC 3339 with a UTC offset, e.g. \"2026-11-26T09:00:00Z\" or \"2026-11-26T09:00:00-05:00\"; local wall-clock times have none, e.g. \"2026-11-26T09:00:00\""),
        );
    }
    (
        "input".to_string(),
        "invalid_input".to_string(),
        message.to_string(),
    )
}
