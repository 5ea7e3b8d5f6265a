//! The error type of the [`incident`](crate::incident) module.

use chrono::{DateTime, Utc};
use thiserror::Error;

use super::Status;
use crate::severity::SeverityError;
use crate::time::TimeError;

/// Everything that can go wrong in the `incident` module.
///
/// Every variant has a stable snake_case [`code`](IncidentError::code). Errors about one event
/// name it by id, so a caller can point at the offending line of an event log. A rejected
/// event never changes an incident: every operation that returns one of these errors leaves its
/// input as it was.
#[derive(Debug, Clone, PartialEq, Eq, Error, serde::Serialize)]
#[non_exhaustive]
pub enum IncidentError {
    /// An event's `kind` is not one watchstander knows.
    #[error("unknown event kind {kind:?}; known kinds are {}", known.join(", "))]
    UnknownEventKind {
        /// The kind given.
        kind: String,
        /// The kinds this version understands.
        known: Vec<String>,
    },
    /// A status name that does not exist.
    #[error("unknown incident status {status:?}; statuses are {}", Status::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "))]
    UnknownStatus {
        /// The name given.
        status: String,
    },
    /// An event that is malformed on its own (empty id, empty text, merge into itself, …).
    #[error("event {event:?} is invalid: {reason}")]
    InvalidEvent {
        /// The event id (empty if the id itself is missing).
        event: String,
        /// What is wrong and how to fix it.
        reason: String,
    },
    /// An event belongs to another incident.
    #[error("event {event:?} belongs to incident {found:?}, not {expected:?}; keep each incident's events in their own log")]
    WrongIncident {
        /// The event id.
        event: String,
        /// The incident this log or history is for.
        expected: String,
        /// The incident the event names.
        found: String,
    },
    /// Two different events share an id. (Re-applying the *same* event is a no-op.)
    #[error("event id {event:?} is already used by a different event; event ids must be unique (re-sending the identical event is fine)")]
    EventIdConflict {
        /// The id.
        event: String,
    },
    /// An event says it was recorded before it occurred.
    #[error("clock regression in event {event:?}: recorded at {recorded_at} but said to occur at {occurred_at}, more than the allowed skew of {allowed_skew_seconds} s later; fix the recording clock or the event's occurred_at")]
    ClockRegression {
        /// The event id.
        event: String,
        /// When it occurred.
        occurred_at: DateTime<Utc>,
        /// When it was recorded.
        recorded_at: DateTime<Utc>,
        /// The configured `max_clock_skew` in seconds.
        allowed_skew_seconds: i64,
    },
    /// A question asked at an instant before the last event of the history.
    #[error("cannot evaluate the incident at {now}: its history already has an event at {last_event_at}; ask at or after the last event")]
    NowBeforeHistory {
        /// The instant asked about.
        now: DateTime<Utc>,
        /// The latest occurred_at in the history.
        last_event_at: DateTime<Utc>,
    },
    /// The history has no `detected` event.
    #[error("event {event:?} ({kind}) comes before the incident was detected, and the history has no \"detected\" event; every incident starts with one")]
    NotDetected {
        /// The first event that needed a detected incident ("" for an empty history).
        event: String,
        /// Its kind.
        kind: String,
    },
    /// An event occurs before the incident's detection (only impact may start earlier).
    #[error("event {event:?} ({kind}) occurs at {occurred_at}, before the incident was detected at {detected_at}; only impact_started and impact_ended may precede detection")]
    BeforeDetection {
        /// The event id.
        event: String,
        /// Its kind.
        kind: String,
        /// When it occurred.
        occurred_at: DateTime<Utc>,
        /// When the incident was detected.
        detected_at: DateTime<Utc>,
    },
    /// A second `detected` event.
    #[error("event {event:?} detects the incident again, but event {first:?} already did; use severity_changed or a note instead")]
    DuplicateDetection {
        /// The second detection.
        event: String,
        /// The first.
        first: String,
    },
    /// A status change the transition table does not allow.
    #[error("event {event:?}: cannot go from {} to {}: {hint}", from.as_str(), to.as_str())]
    InvalidTransition {
        /// The event id.
        event: String,
        /// The status before the event.
        from: Status,
        /// The status asked for.
        to: Status,
        /// What to do instead.
        hint: String,
    },
    /// A status change whose `from` does not match the incident's status at that point.
    #[error("event {event:?} changes the status from {} but at {occurred_at} the incident is {}; the event was written against a different history", expected.as_str(), actual.as_str())]
    StatusMismatch {
        /// The event id.
        event: String,
        /// The `from` the event states.
        expected: Status,
        /// The status the fold has there.
        actual: Status,
        /// When the event occurs.
        occurred_at: DateTime<Utc>,
    },
    /// An event that needs an open (or not yet final) incident.
    #[error("event {event:?} ({kind}) cannot apply: the incident is {} at that point; {hint}", status.as_str())]
    NotAllowedInStatus {
        /// The event id.
        event: String,
        /// Its kind.
        kind: String,
        /// The incident's status.
        status: Status,
        /// What would be allowed.
        hint: String,
    },
    /// A severity the policy does not define.
    #[error("event {event:?} uses severity {severity:?}, which the severity policy does not define; it defines {}", known.join(", "))]
    UnknownSeverity {
        /// The event id ("" for configuration).
        event: String,
        /// The severity given.
        severity: String,
        /// The policy's severities.
        known: Vec<String>,
    },
    /// A severity change to the severity already in force.
    #[error("event {event:?} changes the severity to {severity}, which it already is")]
    SeverityUnchanged {
        /// The event id.
        event: String,
        /// The severity.
        severity: String,
    },
    /// An escalation criterion that no severity level lists.
    #[error("event {event:?} cites escalation criterion {criterion:?}, which no severity level lists; copy it exactly from the policy")]
    UnknownCriterion {
        /// The event id.
        event: String,
        /// The text cited.
        criterion: String,
    },
    /// A role the configuration does not define.
    #[error("event {event:?} uses role {role:?}, which is not configured; roles are {}", known.join(", "))]
    UnknownRole {
        /// The event id ("" when asked outside an event).
        event: String,
        /// The role given.
        role: String,
        /// The configured role ids.
        known: Vec<String>,
    },
    /// Assigning a role to someone who already holds it.
    #[error("event {event:?}: {person} already holds {role} (since {since})")]
    RoleAlreadyHeld {
        /// The event id.
        event: String,
        /// The role.
        role: String,
        /// The person.
        person: String,
        /// When their tenure began.
        since: DateTime<Utc>,
    },
    /// Releasing a role from someone who does not hold it.
    #[error("event {event:?}: {person} does not hold {role}, so cannot release it")]
    RoleNotHeld {
        /// The event id.
        event: String,
        /// The role.
        role: String,
        /// The person.
        person: String,
    },
    /// A person joins twice.
    #[error("event {event:?}: {person} is already taking part (since {since})")]
    AlreadyParticipating {
        /// The event id.
        event: String,
        /// The person.
        person: String,
        /// When they joined.
        since: DateTime<Utc>,
    },
    /// A person leaves without having joined.
    #[error("event {event:?}: {person} is not taking part, so cannot leave")]
    NotParticipating {
        /// The event id.
        event: String,
        /// The person.
        person: String,
    },
    /// Impact starts while an impact window is open.
    #[error("event {event:?}: customer impact is already ongoing since {since}; end it before starting another window")]
    ImpactAlreadyStarted {
        /// The event id.
        event: String,
        /// When the open window began.
        since: DateTime<Utc>,
    },
    /// Impact ends while no window is open.
    #[error("event {event:?}: customer impact is not ongoing, so it cannot end")]
    ImpactNotStarted {
        /// The event id.
        event: String,
    },
    /// The incident configuration is unusable.
    #[error("invalid incident configuration: {reason}")]
    InvalidConfig {
        /// What is wrong and how to fix it.
        reason: String,
    },
    /// A status-update template does not parse.
    #[error("invalid template {template:?} at character {position}: {reason}")]
    InvalidTemplate {
        /// The template text (truncated to 80 characters).
        template: String,
        /// The 0-based character offset of the problem.
        position: usize,
        /// What is wrong; write `{{` and `}}` for literal braces.
        reason: String,
    },
    /// A template uses a placeholder that does not exist.
    #[error("unknown placeholder {{{name}}} in a status-update template; available: {}", known.join(", "))]
    UnknownPlaceholder {
        /// The placeholder name.
        name: String,
        /// The placeholders available for this audience.
        known: Vec<String>,
    },
    /// A template for an audience uses a placeholder that would leak internal information.
    #[error("placeholder {{{name}}} shows internal information and cannot be used in an update for the {audience} audience")]
    InternalPlaceholder {
        /// The placeholder name.
        name: String,
        /// The audience, e.g. "external".
        audience: String,
    },
    /// A caller-supplied template field that shadows a built-in placeholder or has a bad name.
    #[error("template field {name:?} cannot be used: {reason}")]
    InvalidField {
        /// The field name.
        name: String,
        /// Why.
        reason: String,
    },
    /// A war-room naming rule that cannot produce a valid name.
    #[error("invalid war-room naming rule: {reason}")]
    InvalidNamingRule {
        /// What is wrong.
        reason: String,
    },
    /// A history or live incident would hold more events than
    /// [`MAX_EVENTS`](super::MAX_EVENTS).
    #[error("event {event:?} would make the incident's history longer than {limit} events; split the history or start a new incident")]
    TooManyEvents {
        /// The event refused.
        event: String,
        /// The limit.
        limit: usize,
    },
    /// A severity computation failed.
    #[error(transparent)]
    Severity(SeverityError),
    /// A time computation failed.
    #[error(transparent)]
    Time(#[from] TimeError),
}

impl From<SeverityError> for IncidentError {
    fn from(e: SeverityError) -> Self {
        match e {
            SeverityError::Time(t) => IncidentError::Time(t),
            other => IncidentError::Severity(other),
        }
    }
}

impl IncidentError {
    /// A stable, machine-readable identifier of the error kind.
    ///
    /// ```
    /// use watchstander::incident::Status;
    /// let err = "paused".parse::<Status>().unwrap_err();
    /// assert_eq!(err.code(), "unknown_status");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            IncidentError::UnknownEventKind { .. } => "unknown_event_kind",
            IncidentError::UnknownStatus { .. } => "unknown_status",
            IncidentError::InvalidEvent { .. } => "invalid_event",
            IncidentError::WrongIncident { .. } => "wrong_incident",
            IncidentError::EventIdConflict { .. } => "event_id_conflict",
            IncidentError::ClockRegression { .. } => "clock_regression",
            IncidentError::NowBeforeHistory { .. } => "now_before_history",
            IncidentError::NotDetected { .. } => "not_detected",
            IncidentError::BeforeDetection { .. } => "before_detection",
            IncidentError::DuplicateDetection { .. } => "duplicate_detection",
            IncidentError::InvalidTransition { .. } => "invalid_transition",
            IncidentError::StatusMismatch { .. } => "status_mismatch",
            IncidentError::NotAllowedInStatus { .. } => "not_allowed_in_status",
            IncidentError::UnknownSeverity { .. } => "unknown_severity",
            IncidentError::SeverityUnchanged { .. } => "severity_unchanged",
            IncidentError::UnknownCriterion { .. } => "unknown_criterion",
            IncidentError::UnknownRole { .. } => "unknown_role",
            IncidentError::RoleAlreadyHeld { .. } => "role_already_held",
            IncidentError::RoleNotHeld { .. } => "role_not_held",
            IncidentError::AlreadyParticipating { .. } => "already_participating",
            IncidentError::NotParticipating { .. } => "not_participating",
            IncidentError::ImpactAlreadyStarted { .. } => "impact_already_started",
            IncidentError::ImpactNotStarted { .. } => "impact_not_started",
            IncidentError::InvalidConfig { .. } => "invalid_config",
            IncidentError::InvalidTemplate { .. } => "invalid_template",
            IncidentError::UnknownPlaceholder { .. } => "unknown_placeholder",
            IncidentError::InternalPlaceholder { .. } => "internal_placeholder",
            IncidentError::InvalidField { .. } => "invalid_field",
            IncidentError::InvalidNamingRule { .. } => "invalid_naming_rule",
            IncidentError::TooManyEvents { .. } => "too_many_events",
            IncidentError::Severity(e) => e.code(),
            IncidentError::Time(e) => e.code(),
        }
    }

    /// The module the code belongs to (`time` or `severity` for wrapped errors).
    pub fn module(&self) -> &'static str {
        match self {
            IncidentError::Time(_) => "time",
            IncidentError::Severity(e) => e.module(),
            _ => "incident",
        }
    }

    /// The id of the event the error is about, if it is about one.
    pub fn event_id(&self) -> Option<&str> {
        match self {
            IncidentError::InvalidEvent { event, .. }
            | IncidentError::WrongIncident { event, .. }
            | IncidentError::EventIdConflict { event }
            | IncidentError::ClockRegression { event, .. }
            | IncidentError::NotDetected { event, .. }
            | IncidentError::BeforeDetection { event, .. }
            | IncidentError::DuplicateDetection { event, .. }
            | IncidentError::InvalidTransition { event, .. }
            | IncidentError::StatusMismatch { event, .. }
            | IncidentError::NotAllowedInStatus { event, .. }
            | IncidentError::UnknownSeverity { event, .. }
            | IncidentError::SeverityUnchanged { event, .. }
            | IncidentError::UnknownCriterion { event, .. }
            | IncidentError::UnknownRole { event, .. }
            | IncidentError::RoleAlreadyHeld { event, .. }
            | IncidentError::RoleNotHeld { event, .. }
            | IncidentError::AlreadyParticipating { event, .. }
            | IncidentError::NotParticipating { event, .. }
            | IncidentError::ImpactAlreadyStarted { event, .. }
            | IncidentError::ImpactNotStarted { event }
            | IncidentError::TooManyEvents { event, .. } => {
                (!event.is_empty()).then_some(event.as_str())
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrapped_error_keeps_its_own_module_and_code() {
        let e = IncidentError::Time(crate::time::TimeError::out_of_range(
            "deadline",
            "years 1 to 9999 are supported",
        ));
        assert_eq!(e.module(), "time");
        assert_eq!(e.code(), "out_of_range");
        let severity = IncidentError::from(crate::severity::SeverityError::UnknownSeverity {
            id: "SEV-9".into(),
            known: vec!["SEV-1".into()],
        });
        assert_eq!(severity.module(), "severity");
        assert_eq!(severity.code(), "unknown_severity");
        let own = IncidentError::TooManyEvents {
            event: "e1".into(),
            limit: 1,
        };
        assert_eq!(own.module(), "incident");
    }
}
