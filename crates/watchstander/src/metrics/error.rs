//! The error type of the [`metrics`](crate::metrics) module.
//!
//! Metrics refuse only input they cannot read at all: a window that ends before it starts, a
//! column of the wrong length, an index that points past its dictionary, a setting out of its
//! range, a batch past a documented limit. Input that is readable but *wrong* — an incident
//! resolved before it was triggered, an acknowledgement after the resolution, a page to
//! somebody nobody has heard of — is never an error: it becomes a data-quality finding in the
//! result ([`DataQuality`](super::DataQuality)), and the affected value is left out.

use chrono::{DateTime, Utc};
use thiserror::Error;

use crate::incident::IncidentError;
use crate::schedule::ScheduleError;
use crate::severity::SeverityError;
use crate::time::TimeError;

/// Everything that can go wrong in the `metrics` module.
#[derive(Debug, Clone, PartialEq, Eq, Error, serde::Serialize)]
#[non_exhaustive]
pub enum MetricsError {
    /// The reporting window ends at or before its start, or is longer than
    /// [`MAX_WINDOW_DAYS`](super::MAX_WINDOW_DAYS).
    #[error("invalid reporting window {start} – {end}: {reason}")]
    InvalidWindow {
        /// Window start.
        start: DateTime<Utc>,
        /// Window end.
        end: DateTime<Utc>,
        /// What is wrong and how to fix it.
        reason: String,
    },
    /// A column of a columnar input has a different length from the `triggered_at` (or `at`)
    /// column.
    #[error("column {column:?} has {found} values but {expected} were expected (one per row, like the {reference:?} column); give every column the same length")]
    ColumnLength {
        /// The column.
        column: String,
        /// The column that sets the row count.
        reference: String,
        /// Rows expected.
        expected: usize,
        /// Values found.
        found: usize,
    },
    /// An index column points past the end of its dictionary.
    #[error("column {column:?} row {row} holds index {index}, but its dictionary {dictionary:?} has only {size} entries; indices count from 0")]
    IndexOutOfRange {
        /// The index column, e.g. `severity`.
        column: String,
        /// The dictionary column, e.g. `severities`.
        dictionary: String,
        /// The row.
        row: usize,
        /// The index found.
        index: u64,
        /// Entries in the dictionary.
        size: usize,
    },
    /// More rows than the module accepts in one call.
    #[error("{what}: {count} is more than the limit of {limit} (see docs/limits.md); split the history into shorter windows")]
    TooMany {
        /// What, e.g. `incidents` or `pages`.
        what: String,
        /// How many were given (or the first count past the limit).
        count: usize,
        /// The bound (a `pub const` in `watchstander::metrics`).
        limit: usize,
    },
    /// A setting outside its range (a negative rate, a merge window of a day, a threshold of 0).
    #[error("invalid setting {name}: {reason}")]
    InvalidSetting {
        /// The setting, e.g. `thresholds.oncall_share`.
        name: String,
        /// What is wrong and how to fix it.
        reason: String,
    },
    /// A responder listed twice.
    #[error("the person {person:?} is listed twice in people; list everyone once")]
    DuplicatePerson {
        /// The id.
        person: String,
    },
    /// A responder names a holiday calendar that is not defined.
    #[error("the person {person:?} uses the holiday calendar {calendar:?}, which holiday_calendars does not define (defined: {})", known.join(", "))]
    UnknownHolidayCalendar {
        /// The person.
        person: String,
        /// The calendar name.
        calendar: String,
        /// The calendars defined.
        known: Vec<String>,
    },
    /// From the time module (zones, holiday rules, business calendars).
    #[error(transparent)]
    Time(#[from] TimeError),
    /// From the schedule module (compiling a schedule for on-call time).
    #[error(transparent)]
    Schedule(#[from] ScheduleError),
    /// From the severity module (the SLA policy used for attainment).
    #[error(transparent)]
    Severity(#[from] SeverityError),
    /// From the incident module (the configuration incident histories are folded with).
    #[error(transparent)]
    Incident(#[from] IncidentError),
}

impl MetricsError {
    /// The stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            MetricsError::InvalidWindow { .. } => "invalid_metrics_window",
            MetricsError::ColumnLength { .. } => "column_length_mismatch",
            MetricsError::IndexOutOfRange { .. } => "column_index_out_of_range",
            MetricsError::TooMany { .. } => "metrics_input_too_large",
            MetricsError::InvalidSetting { .. } => "invalid_metrics_setting",
            MetricsError::DuplicatePerson { .. } => "duplicate_person",
            MetricsError::UnknownHolidayCalendar { .. } => "unknown_holiday_calendar",
            MetricsError::Time(e) => e.code(),
            MetricsError::Schedule(e) => e.code(),
            MetricsError::Severity(e) => e.code(),
            MetricsError::Incident(e) => e.code(),
        }
    }

    /// The module the code belongs to: `metrics`, or `time`, `schedule`, `severity` for the
    /// wrapped errors.
    pub fn module(&self) -> &'static str {
        match self {
            MetricsError::Time(_) => "time",
            MetricsError::Schedule(e) => e.module(),
            MetricsError::Severity(e) => e.module(),
            MetricsError::Incident(e) => e.module(),
            _ => "metrics",
        }
    }

    pub(crate) fn setting(name: impl Into<String>, reason: impl Into<String>) -> MetricsError {
        MetricsError::InvalidSetting {
            name: name.into(),
            reason: reason.into(),
        }
    }

    pub(crate) fn too_many(what: &str, count: usize, limit: usize) -> MetricsError {
        MetricsError::TooMany {
            what: what.to_string(),
            count,
            limit,
        }
    }
}
