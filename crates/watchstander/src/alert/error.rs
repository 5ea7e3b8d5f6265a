//! The error type of the [`alert`](crate::alert) module.

use chrono::{DateTime, Utc};
use thiserror::Error;

use crate::time::TimeError;

/// Everything that can go wrong in the `alert` module.
///
/// Every variant has a stable snake_case [`code`](AlertError::code); messages name the
/// offending value and say what to do about it. A refused alert or configuration never changes
/// a [`Pipeline`](super::Pipeline): every method that returns one of these leaves the pipeline as
/// it was.
#[derive(Debug, Clone, PartialEq, Eq, Error, serde::Serialize)]
#[non_exhaustive]
pub enum AlertError {
    /// A label name that is not a Prometheus label name.
    #[error("invalid label name {name:?}: label names match [a-zA-Z_][a-zA-Z0-9_]* (Prometheus rules); rename the label")]
    InvalidLabelName {
        /// The name given (at most 200 characters of it).
        name: String,
    },
    /// A label set, annotation set or value beyond a documented bound.
    #[error("{what} is too large: {size} exceeds the limit of {limit} (see docs/limits.md)")]
    TooLarge {
        /// What was too large, e.g. `labels` or `value of label "instance"`.
        what: String,
        /// Its size (count or bytes).
        size: usize,
        /// The bound (a `pub const` in `watchstander::alert`).
        limit: usize,
    },
    /// A matcher expression that is not Alertmanager's `name op "value"` syntax.
    #[error("invalid matcher {input:?}: {reason}")]
    InvalidMatcher {
        /// The expression (at most 200 characters of it).
        input: String,
        /// What is wrong and how to fix it.
        reason: String,
    },
    /// A regex matcher whose pattern does not compile (or compiles too large).
    #[error("invalid regular expression {pattern:?} in matcher on {label:?}: {reason}")]
    InvalidRegex {
        /// The label the matcher is on.
        label: String,
        /// The pattern (at most 200 characters of it).
        pattern: String,
        /// Why it was refused.
        reason: String,
    },
    /// A duration that is neither Alertmanager's (`30s`, `1h30m`) nor ISO 8601 (`PT30S`).
    #[error("invalid duration {input:?}: {reason}; write it as Alertmanager does (\"30s\", \"5m\", \"1h30m\", \"2d\") or in ISO 8601 (\"PT30S\")")]
    InvalidDuration {
        /// The text given.
        input: String,
        /// What is wrong.
        reason: String,
    },
    /// A configuration that is well-formed JSON/YAML but not a usable routing configuration.
    #[error("invalid alert configuration at {path}: {reason}")]
    InvalidConfig {
        /// Where, e.g. `route.routes[2].group_by`.
        path: String,
        /// What is wrong and how to fix it.
        reason: String,
    },
    /// A payload from a monitoring source that is missing a field or has one of the wrong shape.
    #[error("malformed {source_kind} payload: field {field:?} {reason}")]
    InvalidPayload {
        /// The source format, e.g. `pagerduty`, `alertmanager`, `cloudwatch`.
        source_kind: String,
        /// The offending field as a path, e.g. `payload.severity` or `alerts[3].labels`.
        field: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A source format name that watchstander does not know.
    #[error("unknown alert source {source_kind:?}; sources are {}", known.join(", "))]
    UnknownSource {
        /// The name given.
        source_kind: String,
        /// The known sources.
        known: Vec<String>,
    },
    /// A silence that cannot be used (no matchers, ends before it starts, bad recurrence…).
    #[error("invalid silence {id:?}: {reason}")]
    InvalidSilence {
        /// The silence id.
        id: String,
        /// What is wrong and how to fix it.
        reason: String,
    },
    /// A silence id that is not in the pipeline.
    #[error("no silence with id {id:?}; list the pipeline's silences to see their ids")]
    UnknownSilence {
        /// The id given.
        id: String,
    },
    /// An alert fingerprint the pipeline does not hold (it never arrived, or it resolved and
    /// left after the flush that reported it).
    #[error("the pipeline holds no alert {fingerprint}; alerts can be marked while they are open or resolved and not yet flushed — for a later judgement, send the resolving alert with `actionable` set")]
    UnknownAlert {
        /// The fingerprint given.
        fingerprint: String,
    },
    /// The pipeline was asked to act at an instant before one it has already processed.
    #[error("the pipeline has already processed {last}, so it cannot act at the earlier instant {now}; feed alerts and ticks in time order")]
    ClockRegression {
        /// The instant given.
        now: DateTime<Utc>,
        /// The latest instant already processed.
        last: DateTime<Utc>,
    },
    /// A bound on the pipeline's state (open alerts, groups, silences) was reached.
    #[error("{what} limit of {limit} reached; {hint}")]
    LimitExceeded {
        /// What is bounded, e.g. `open alerts`.
        what: String,
        /// The bound (a `pub const` in `watchstander::alert`).
        limit: usize,
        /// What to do about it.
        hint: String,
    },
    /// A serialised pipeline state that does not fit its configuration.
    #[error("the pipeline state does not fit the configuration: {reason}")]
    InvalidState {
        /// What does not fit.
        reason: String,
    },
    /// An error from the [`time`](crate::time) module (zones, recurrences).
    #[error(transparent)]
    Time(#[from] TimeError),
}

impl AlertError {
    /// The stable machine-readable code, e.g. `"invalid_matcher"`.
    pub fn code(&self) -> &'static str {
        match self {
            AlertError::InvalidLabelName { .. } => "invalid_label_name",
            AlertError::TooLarge { .. } => "alert_too_large",
            AlertError::InvalidMatcher { .. } => "invalid_matcher",
            AlertError::InvalidRegex { .. } => "invalid_regex",
            AlertError::InvalidDuration { .. } => "invalid_alert_duration",
            AlertError::InvalidConfig { .. } => "invalid_alert_config",
            AlertError::InvalidPayload { .. } => "invalid_payload",
            AlertError::UnknownSource { .. } => "unknown_alert_source",
            AlertError::InvalidSilence { .. } => "invalid_silence",
            AlertError::UnknownSilence { .. } => "unknown_silence",
            AlertError::UnknownAlert { .. } => "unknown_alert",
            AlertError::ClockRegression { .. } => "alert_clock_regression",
            AlertError::LimitExceeded { .. } => "alert_limit_exceeded",
            AlertError::InvalidState { .. } => "invalid_pipeline_state",
            AlertError::Time(e) => e.code(),
        }
    }

    /// The module the error belongs to: `alert`, or `time` for wrapped time errors.
    pub fn module(&self) -> &'static str {
        match self {
            AlertError::Time(_) => "time",
            _ => "alert",
        }
    }

    pub(crate) fn too_large(what: impl Into<String>, size: usize, limit: usize) -> AlertError {
        AlertError::TooLarge {
            what: what.into(),
            size,
            limit,
        }
    }

    pub(crate) fn config(path: impl Into<String>, reason: impl Into<String>) -> AlertError {
        AlertError::InvalidConfig {
            path: path.into(),
            reason: reason.into(),
        }
    }

    pub(crate) fn payload(
        source: &str,
        field: impl Into<String>,
        reason: impl Into<String>,
    ) -> AlertError {
        AlertError::InvalidPayload {
            source_kind: source.to_string(),
            field: field.into(),
            reason: reason.into(),
        }
    }
}

/// At most `n` characters of `s`, for echoing user input in messages.
pub(crate) fn clip(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}
