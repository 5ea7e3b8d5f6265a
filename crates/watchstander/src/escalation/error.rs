//! The error type of the [`escalation`](crate::escalation) module.

use chrono::{DateTime, Utc};
use thiserror::Error;

use crate::schedule::ScheduleError;
use crate::severity::SeverityError;
use crate::time::TimeError;

/// Everything that can go wrong in the `escalation` module.
///
/// Every variant has a stable snake_case [`code`](EscalationError::code) and a message that
/// names the offending value and says what to change. Conditions that are not mistakes in the
/// configuration — a level with nobody on call, a page nobody can receive — are not errors:
/// the plan reports them ([`Problem`](super::Problem)).
#[derive(Debug, Clone, PartialEq, Error, serde::Serialize)]
#[non_exhaustive]
pub enum EscalationError {
    /// A policy without levels.
    #[error(
        "escalation policy {policy:?} has no levels; give it at least one level with a target"
    )]
    EmptyPolicy {
        /// The policy id.
        policy: String,
    },
    /// A level without targets, or a round robin without members.
    #[error("escalation policy {policy:?}, level {level}: {reason}")]
    InvalidTarget {
        /// The policy id.
        policy: String,
        /// The level, from 1.
        level: usize,
        /// What is wrong.
        reason: String,
    },
    /// A level delay of zero, negative, longer than a day, or in calendar units.
    #[error("escalation policy {policy:?}, level {level}: delay {delay} cannot be used: {reason}")]
    InvalidDelay {
        /// The policy id.
        policy: String,
        /// The level, from 1.
        level: usize,
        /// The delay as written.
        delay: String,
        /// What is wrong and the accepted range.
        reason: String,
    },
    /// An acknowledgement timeout out of range.
    #[error("escalation policy {policy:?}: ack_timeout {timeout} cannot be used: {reason}")]
    InvalidAckTimeout {
        /// The policy id.
        policy: String,
        /// The timeout as written.
        timeout: String,
        /// What is wrong and the accepted range.
        reason: String,
    },
    /// A document is larger than a documented limit.
    #[error("too many {what}: {count}, at most {max} are supported; {hint}")]
    LimitExceeded {
        /// What was counted.
        what: String,
        /// How many were given.
        count: u64,
        /// The limit (a `pub const` of the module).
        max: u64,
        /// What to do instead.
        hint: String,
    },
    /// Two policies, people or contact methods share an id.
    #[error("{kind} id {id:?} is used twice; give every {kind} its own id")]
    DuplicateId {
        /// What kind of thing.
        kind: String,
        /// The repeated id.
        id: String,
    },
    /// An id that is empty, too long or has control characters.
    #[error(
        "{kind} id {id:?} is not usable: ids are 1 to 200 characters without control characters"
    )]
    InvalidId {
        /// What kind of thing.
        kind: String,
        /// The id, possibly truncated.
        id: String,
    },
    /// A policy names a person who is not in `people`, or a schedule can put on call someone
    /// who is not.
    #[error("unknown person {person:?} ({referenced_by}); add them to \"people\" with their contact methods")]
    UnknownPerson {
        /// The person id.
        person: String,
        /// Where the name appears, e.g. `policy "payments", level 2`.
        referenced_by: String,
    },
    /// A policy names a schedule that was not given.
    #[error("unknown schedule {schedule:?} ({referenced_by}); known schedules: {known:?}")]
    UnknownSchedule {
        /// The schedule id.
        schedule: String,
        /// Where the name appears.
        referenced_by: String,
        /// The schedules given.
        known: Vec<String>,
    },
    /// An incident, event or policy target names a policy that was not given.
    #[error("unknown escalation policy {policy:?} ({referenced_by}); known policies: {known:?}")]
    UnknownPolicy {
        /// The policy id.
        policy: String,
        /// Where the name appears.
        referenced_by: String,
        /// The policies given.
        known: Vec<String>,
    },
    /// Policies that hand to each other in a circle (`policy` targets), or nest too deeply.
    #[error("escalation policies refer to each other in a cycle: {}; break the cycle by naming people or schedules on one of them", cycle.join(" → "))]
    CyclicPolicy {
        /// The policies in the cycle, first one repeated at the end.
        cycle: Vec<String>,
    },
    /// A notification rule names a contact method the person does not have.
    #[error("person {person:?}: notification rule uses unknown contact method {contact:?}; known: {known:?}")]
    UnknownContact {
        /// The person id.
        person: String,
        /// The contact method id.
        contact: String,
        /// The person's contact methods.
        known: Vec<String>,
    },
    /// A person profile that cannot be used (sleep hours without a zone, 24-hour sleep...).
    #[error("person {person:?}: {reason}")]
    InvalidPerson {
        /// The person id.
        person: String,
        /// What is wrong.
        reason: String,
    },
    /// A notification rule delay out of range.
    #[error("person {person:?}: notification rule delay {after} cannot be used: {reason}")]
    InvalidRule {
        /// The person id.
        person: String,
        /// The delay as written.
        after: String,
        /// What is wrong and the accepted range.
        reason: String,
    },
    /// A plan horizon or notification limit out of range.
    #[error("invalid plan bound: {reason}")]
    InvalidBound {
        /// What is wrong and the accepted range.
        reason: String,
    },
    /// An event that cannot be applied (before the incident exists, after the plan horizon,
    /// for another incident...).
    #[error("event {kind} at {at}: {reason}")]
    InvalidEvent {
        /// The event kind.
        kind: String,
        /// When it happened.
        at: DateTime<Utc>,
        /// What is wrong.
        reason: String,
    },
    /// An instant outside the window the directory's schedules were compiled for.
    #[error("{at} is outside the window {window_start} – {window_end} the schedules were compiled for; build the directory with a window that covers the whole escalation")]
    OutsideWindow {
        /// The instant.
        at: DateTime<Utc>,
        /// Window start.
        window_start: DateTime<Utc>,
        /// Window end (exclusive).
        window_end: DateTime<Utc>,
    },
    /// A schedule failed to validate or compile.
    #[error(transparent)]
    Schedule(ScheduleError),
    /// A severity lookup failed (unknown severity, invalid severity policy).
    #[error(transparent)]
    Severity(SeverityError),
    /// A time computation failed (unknown zone, bad calendar...).
    #[error(transparent)]
    Time(#[from] TimeError),
}

impl From<ScheduleError> for EscalationError {
    fn from(e: ScheduleError) -> Self {
        match e {
            ScheduleError::Time(t) => EscalationError::Time(t),
            other => EscalationError::Schedule(other),
        }
    }
}

impl From<SeverityError> for EscalationError {
    fn from(e: SeverityError) -> Self {
        match e {
            SeverityError::Time(t) => EscalationError::Time(t),
            other => EscalationError::Severity(other),
        }
    }
}

impl EscalationError {
    /// A stable, machine-readable identifier of the error kind.
    ///
    /// ```
    /// use watchstander::escalation::EscalationPolicy;
    /// let err = watchstander::from_json::<EscalationPolicy>(&serde_json::json!({
    ///     "id": "p", "levels": []
    /// })).unwrap_err();
    /// assert_eq!(err.code(), "empty_policy");
    /// assert_eq!(err.module(), "escalation");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            EscalationError::EmptyPolicy { .. } => "empty_policy",
            EscalationError::InvalidTarget { .. } => "invalid_target",
            EscalationError::InvalidDelay { .. } => "invalid_delay",
            EscalationError::InvalidAckTimeout { .. } => "invalid_ack_timeout",
            EscalationError::LimitExceeded { .. } => "limit_exceeded",
            EscalationError::DuplicateId { .. } => "duplicate_id",
            EscalationError::InvalidId { .. } => "invalid_id",
            EscalationError::UnknownPerson { .. } => "unknown_person",
            EscalationError::UnknownSchedule { .. } => "unknown_schedule",
            EscalationError::UnknownPolicy { .. } => "unknown_policy",
            EscalationError::CyclicPolicy { .. } => "cyclic_policy",
            EscalationError::UnknownContact { .. } => "unknown_contact",
            EscalationError::InvalidPerson { .. } => "invalid_person",
            EscalationError::InvalidRule { .. } => "invalid_rule",
            EscalationError::InvalidBound { .. } => "invalid_bound",
            EscalationError::InvalidEvent { .. } => "invalid_event",
            EscalationError::OutsideWindow { .. } => "outside_window",
            EscalationError::Schedule(e) => e.code(),
            EscalationError::Severity(e) => e.code(),
            EscalationError::Time(e) => e.code(),
        }
    }

    /// The module the code belongs to (`schedule`, `severity` or `time` for wrapped errors).
    pub fn module(&self) -> &'static str {
        match self {
            EscalationError::Schedule(e) => e.module(),
            EscalationError::Severity(e) => e.module(),
            EscalationError::Time(_) => "time",
            _ => "escalation",
        }
    }

    pub(crate) fn limit(what: &str, count: usize, max: usize, hint: &str) -> EscalationError {
        EscalationError::LimitExceeded {
            what: what.to_string(),
            count: count as u64,
            max: max as u64,
            hint: hint.to_string(),
        }
    }
}

/// Checks an id: 1 to 200 characters, no control characters.
pub(crate) fn check_id(kind: &str, id: &str) -> Result<(), EscalationError> {
    if id.is_empty() || id.chars().count() > 200 || id.chars().any(char::is_control) {
        return Err(EscalationError::InvalidId {
            kind: kind.to_string(),
            id: id.chars().take(200).collect(),
        });
    }
    Ok(())
}
