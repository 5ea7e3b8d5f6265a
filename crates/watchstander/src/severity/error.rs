//! The error type of the [`severity`](crate::severity) module.

use chrono::{DateTime, Utc};
use thiserror::Error;

use crate::time::{IsoDuration, TimeError};

/// Everything that can go wrong with severity policies and SLA clocks.
#[derive(Debug, Clone, PartialEq, Eq, Error, serde::Serialize)]
#[non_exhaustive]
pub enum SeverityError {
    /// A severity id that the policy does not define.
    #[error("unknown severity {id:?}; this policy defines {}", known.join(", "))]
    UnknownSeverity {
        /// The id asked for.
        id: String,
        /// The ids the policy defines, most severe first.
        known: Vec<String>,
    },
    /// Two levels share an id or a rank.
    #[error("severity levels must have unique ids and ranks, but {what} appears twice")]
    DuplicateSeverity {
        /// The repeated id or rank.
        what: String,
    },
    /// The policy has no levels.
    #[error("a severity policy needs at least one level")]
    NoLevels,
    /// A level uses the business clock but the policy has no business calendar.
    #[error("severity {id} uses the business clock but the policy has no \"business_calendar\"; add one or use \"clock\": \"24x7\"")]
    MissingCalendar {
        /// The level.
        id: String,
    },
    /// An SLA target, update cadence or `immediate_within` that cannot be used: zero,
    /// negative, or in months or years.
    #[error("{what} {value} of {id} {reason}")]
    InvalidTarget {
        /// The level, e.g. `"SEV-2"` (`"the policy"` for `immediate_within`, `"the SLA
        /// clock"` for a clock's own target).
        id: String,
        /// Which duration: `"response target"`, `"resolve target"`,
        /// `"update cadence for internal"`, …
        what: String,
        /// The offending duration as given.
        value: IsoDuration,
        /// What is wrong and what to write instead.
        reason: String,
    },
    /// An SLA clock operation at an instant before the clock's last change.
    #[error("SLA clock change at {at} is before the clock's last change at {last}: apply changes in time order")]
    OutOfOrder {
        /// The instant of the rejected change.
        at: DateTime<Utc>,
        /// The instant of the last accepted change.
        last: DateTime<Utc>,
    },
    /// An operation on a clock that has stopped.
    #[error("cannot {operation} the SLA clock: it stopped at {stopped_at}")]
    ClockStopped {
        /// What was attempted: "pause", "resume" or "stop".
        operation: String,
        /// When it stopped.
        stopped_at: DateTime<Utc>,
    },
    /// Pausing a paused clock.
    #[error("the SLA clock is already paused since {since}; resume it first")]
    AlreadyPaused {
        /// When the current pause began.
        since: DateTime<Utc>,
    },
    /// Resuming a running clock.
    #[error("the SLA clock is not paused, so it cannot be resumed")]
    NotPaused,
    /// A time computation failed.
    #[error(transparent)]
    Time(#[from] TimeError),
}

impl SeverityError {
    /// A stable, machine-readable identifier of the error kind.
    ///
    /// ```
    /// use watchstander::severity::SeverityPolicy;
    /// let err = SeverityPolicy::default().level("SEV-9").unwrap_err();
    /// assert_eq!(err.code(), "unknown_severity");
    /// assert!(err.to_string().contains("SEV-1, SEV-2, SEV-3, SEV-4"));
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            SeverityError::UnknownSeverity { .. } => "unknown_severity",
            SeverityError::DuplicateSeverity { .. } => "duplicate_severity",
            SeverityError::NoLevels => "no_levels",
            SeverityError::MissingCalendar { .. } => "missing_calendar",
            SeverityError::InvalidTarget { .. } => "invalid_target",
            SeverityError::OutOfOrder { .. } => "out_of_order",
            SeverityError::ClockStopped { .. } => "clock_stopped",
            SeverityError::AlreadyPaused { .. } => "already_paused",
            SeverityError::NotPaused => "not_paused",
            SeverityError::Time(e) => e.code(),
        }
    }

    /// The module the code belongs to (`time` for wrapped time errors).
    pub fn module(&self) -> &'static str {
        match self {
            SeverityError::Time(_) => "time",
            _ => "severity",
        }
    }
}
