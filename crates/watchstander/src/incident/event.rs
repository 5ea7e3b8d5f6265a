//! Incident events: every change to an incident is one of these.
//!
//! An event is a JSON object with five common fields and a `kind` that selects the rest:
//!
//! ```json
//! {"id": "e3", "incident": "INC-1042", "kind": "status_changed",
//!  "occurred_at": "2026-11-26T10:20:00Z", "recorded_at": "2026-11-26T10:20:04Z",
//!  "actor": "alice", "to": "identified", "reason": "bad deploy of payments-api 4.2"}
//! ```
//!
//! * `id` — unique within the incident. Sending the identical event again is a no-op; a
//!   *different* event under a used id is an [`EventIdConflict`](super::IncidentError::EventIdConflict).
//! * `incident` — the incident the event belongs to.
//! * `occurred_at` — when it happened; the incident is folded in this order.
//! * `recorded_at` — when watchstander's caller wrote it down. Ties in `occurred_at` are broken
//!   by this recording sequence (`recorded_at`, then `id`), after putting a `detected` event
//!   first. An event recorded *before* it occurred (beyond the configured `max_clock_skew`) is
//!   a [`ClockRegression`](super::IncidentError::ClockRegression).
//! * `actor` — who or what did it: a person id, or a system such as `"alertmanager"`.
//!
//! Unknown kinds are an [`UnknownEventKind`](super::IncidentError::UnknownEventKind) error and
//! unknown fields are refused, so a misspelt field never silently drops information.
//!
//! ```
//! use watchstander::incident::{Event, EventKind};
//! let e: Event = serde_json::from_str(r#"{"id": "e1", "incident": "INC-7", "kind": "detected",
//!     "occurred_at": "2026-11-26T10:00:00Z", "recorded_at": "2026-11-26T10:00:00Z",
//!     "actor": "alertmanager", "title": "Payments latency", "severity": "SEV-2",
//!     "alerts": ["am-5f2c"]}"#).unwrap();
//! assert!(matches!(e.kind, EventKind::Detected { ref severity, .. } if severity == "SEV-2"));
//!
//! let err = watchstander::from_json::<Event>(&serde_json::json!({"id": "e2", "incident": "INC-7",
//!     "kind": "snoozed", "occurred_at": "2026-11-26T10:00:00Z",
//!     "recorded_at": "2026-11-26T10:00:00Z", "actor": "bob"})).unwrap_err();
//! assert_eq!(err.code(), "unknown_event_kind");
//! ```

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
#[cfg(feature = "schema")]
use serde_json::Value;

use super::{IncidentError, Status};
use crate::severity::Audience;

/// One change to an incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    /// Unique id within the incident.
    pub id: String,
    /// The incident it belongs to.
    pub incident: String,
    /// When it happened.
    pub occurred_at: DateTime<Utc>,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
    /// Who or what did it.
    pub actor: String,
    /// What happened.
    #[serde(flatten)]
    pub kind: EventKind,
}

/// What an event says happened. In JSON the variant is the `kind` field, in snake_case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum EventKind {
    /// The incident was detected (declared). Every history has exactly one.
    Detected {
        /// Short title, e.g. "Payments latency".
        title: String,
        /// Severity id from the severity policy.
        severity: String,
        /// Ids of the alerts that raised it.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        alerts: Vec<String>,
        /// The affected service.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        service: Option<String>,
        /// An internal description.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        summary: Option<String>,
        /// Escalation criteria observed (exact texts from the severity policy).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        criteria: Vec<String>,
    },
    /// The actor acknowledged the incident. The first acknowledgement stops the response SLA.
    Acknowledged {},
    /// The status changed (see the [transition table](super::state)).
    StatusChanged {
        /// The new status.
        to: Status,
        /// The status the author saw; if given, it must match the fold at that point.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        from: Option<Status>,
        /// Why.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
    },
    /// The severity changed.
    SeverityChanged {
        /// The new severity id.
        to: String,
        /// Why (required).
        reason: String,
        /// Escalation criteria cited (exact texts from the severity policy).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        criteria: Vec<String>,
    },
    /// A person took a role. For a role held by one person at a time, this hands it over.
    RoleAssigned {
        /// The role id, e.g. "incident_commander".
        role: String,
        /// The person.
        person: String,
    },
    /// A person gave up a role.
    RoleReleased {
        /// The role id.
        role: String,
        /// The person.
        person: String,
    },
    /// A person joined the response.
    ParticipantJoined {
        /// The person.
        person: String,
    },
    /// A person left the response (releasing any roles they held).
    ParticipantLeft {
        /// The person.
        person: String,
    },
    /// Customer impact began (may precede detection).
    ImpactStarted {
        /// What customers experience.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        description: Option<String>,
    },
    /// Customer impact ended (may precede detection).
    ImpactEnded {},
    /// A status update went out to an audience.
    StatusUpdatePosted {
        /// Who it went to.
        audience: Audience,
        /// What it said.
        text: String,
    },
    /// An internal note. Never shown to the external audience.
    Note {
        /// The note.
        text: String,
    },
    /// The incident was merged into another one (final).
    Merged {
        /// The surviving incident's id.
        into: String,
    },
    /// A resolved or closed incident came back.
    Reopened {
        /// The status it reopens into (default `investigating`).
        #[serde(default = "investigating", skip_serializing_if = "is_investigating")]
        to: Status,
        /// Why (required).
        reason: String,
    },
    /// A follow-up (action item) was created. Its id is the event id.
    FollowUpCreated {
        /// What must be done.
        title: String,
        /// Who owns it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        owner: Option<String>,
        /// When it is due.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        due: Option<NaiveDate>,
    },
}

fn investigating() -> Status {
    Status::Investigating
}

fn is_investigating(s: &Status) -> bool {
    *s == Status::Investigating
}

/// Every event kind, as written in JSON.
pub const EVENT_KINDS: [&str; 15] = [
    "detected",
    "acknowledged",
    "status_changed",
    "severity_changed",
    "role_assigned",
    "role_released",
    "participant_joined",
    "participant_left",
    "impact_started",
    "impact_ended",
    "status_update_posted",
    "note",
    "merged",
    "reopened",
    "follow_up_created",
];

impl EventKind {
    /// The kind as written in JSON, e.g. `"status_changed"`.
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::Detected { .. } => "detected",
            EventKind::Acknowledged {} => "acknowledged",
            EventKind::StatusChanged { .. } => "status_changed",
            EventKind::SeverityChanged { .. } => "severity_changed",
            EventKind::RoleAssigned { .. } => "role_assigned",
            EventKind::RoleReleased { .. } => "role_released",
            EventKind::ParticipantJoined { .. } => "participant_joined",
            EventKind::ParticipantLeft { .. } => "participant_left",
            EventKind::ImpactStarted { .. } => "impact_started",
            EventKind::ImpactEnded {} => "impact_ended",
            EventKind::StatusUpdatePosted { .. } => "status_update_posted",
            EventKind::Note { .. } => "note",
            EventKind::Merged { .. } => "merged",
            EventKind::Reopened { .. } => "reopened",
            EventKind::FollowUpCreated { .. } => "follow_up_created",
        }
    }

    /// Whether the event may occur before detection (only customer impact may).
    pub fn may_precede_detection(&self) -> bool {
        matches!(
            self,
            EventKind::ImpactStarted { .. } | EventKind::ImpactEnded {}
        )
    }
}

/// The order in which events are folded: `occurred_at`, then a `detected` event before
/// anything else at the same instant, then the recording sequence (`recorded_at`, then `id`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FoldKey {
    occurred_at: DateTime<Utc>,
    not_detection: bool,
    recorded_at: DateTime<Utc>,
    id: String,
}

impl Event {
    /// The event's position in the fold order.
    pub fn fold_key(&self) -> FoldKey {
        FoldKey {
            occurred_at: self.occurred_at,
            not_detection: !matches!(self.kind, EventKind::Detected { .. }),
            recorded_at: self.recorded_at,
            id: self.id.clone(),
        }
    }

    /// Fold order between two events: `self.fold_key().cmp(&other.fold_key())`, without
    /// copying the ids.
    pub(crate) fn fold_cmp(&self, other: &Event) -> std::cmp::Ordering {
        let key = |e: &Event| {
            (
                e.occurred_at,
                !matches!(e.kind, EventKind::Detected { .. }),
                e.recorded_at,
            )
        };
        key(self)
            .cmp(&key(other))
            .then_with(|| self.id.cmp(&other.id))
    }

    /// Checks what can be checked of an event on its own: non-empty id, actor and texts, and a
    /// recording time not before its occurrence by more than `max_skew`.
    pub fn validate(&self, max_skew: chrono::Duration) -> Result<(), IncidentError> {
        let invalid = |reason: &str| IncidentError::InvalidEvent {
            event: self.id.clone(),
            reason: reason.to_string(),
        };
        if self.id.trim().is_empty() {
            return Err(invalid("the id is empty; give every event a unique id"));
        }
        if self.incident.trim().is_empty() {
            return Err(invalid("the incident id is empty"));
        }
        if self.actor.trim().is_empty() {
            return Err(invalid(
                "the actor is empty; name the person or system that did it",
            ));
        }
        // `max_skew` is never negative (the configuration refuses it), so an event recorded at
        // or after it occurred always passes; past the last representable instant nothing can
        // have occurred later.
        let regressed = self
            .recorded_at
            .checked_add_signed(max_skew)
            .is_some_and(|latest| latest < self.occurred_at);
        if regressed {
            return Err(IncidentError::ClockRegression {
                event: self.id.clone(),
                occurred_at: self.occurred_at,
                recorded_at: self.recorded_at,
                allowed_skew_seconds: max_skew.num_seconds(),
            });
        }
        let blank = |s: &str| s.trim().is_empty();
        match &self.kind {
            EventKind::Detected {
                title, severity, ..
            } => {
                if blank(title) {
                    return Err(invalid("a detected event needs a title"));
                }
                if blank(severity) {
                    return Err(invalid("a detected event needs a severity"));
                }
            }
            EventKind::SeverityChanged { to, reason, .. } => {
                if blank(to) {
                    return Err(invalid("severity_changed needs the new severity in \"to\""));
                }
                if blank(reason) {
                    return Err(invalid("severity_changed needs a reason"));
                }
            }
            EventKind::RoleAssigned { role, person } | EventKind::RoleReleased { role, person } => {
                if blank(role) || blank(person) {
                    return Err(invalid("role events need a role and a person"));
                }
            }
            EventKind::ParticipantJoined { person } | EventKind::ParticipantLeft { person } => {
                if blank(person) {
                    return Err(invalid("participant events need a person"));
                }
            }
            EventKind::StatusUpdatePosted { text, .. } | EventKind::Note { text } => {
                if blank(text) {
                    return Err(invalid("the text is empty"));
                }
            }
            EventKind::Merged { into } => {
                if blank(into) {
                    return Err(invalid(
                        "a merged event needs the surviving incident in \"into\"",
                    ));
                }
                if *into == self.incident {
                    return Err(invalid("an incident cannot be merged into itself"));
                }
            }
            EventKind::Reopened { reason, .. } => {
                if blank(reason) {
                    return Err(invalid("a reopened event needs a reason"));
                }
            }
            EventKind::FollowUpCreated { title, .. } => {
                if blank(title) {
                    return Err(invalid("a follow-up needs a title"));
                }
            }
            EventKind::Acknowledged {}
            | EventKind::StatusChanged { .. }
            | EventKind::ImpactStarted { .. }
            | EventKind::ImpactEnded {} => {}
        }
        Ok(())
    }
}

/// The fields every event has, whatever its kind.
pub(super) const COMMON: [&str; 5] = ["id", "incident", "occurred_at", "recorded_at", "actor"];

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Event {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "IncidentEvent".into()
    }

    /// One object per kind: the five common fields, `kind`, and the kind's own fields; no
    /// others.
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let instant = generator.subschema_for::<DateTime<Utc>>();
        let text = |description: &str| serde_json::json!({"type": "string", "minLength": 1, "description": description});
        let common = serde_json::json!({
            "id": text("Unique within the incident; re-sending the identical event is a no-op"),
            "incident": text("The incident the event belongs to"),
            "occurred_at": instant.clone(),
            "recorded_at": instant,
            "actor": text("Who or what did it: a person id or a system"),
        });
        let mut kinds = EventKind::json_schema(generator);
        let variants = kinds
            .as_object_mut()
            .and_then(|o| o.get_mut("oneOf"))
            .and_then(|v| v.as_array_mut());
        for variant in variants.into_iter().flatten() {
            let Some(obj) = variant.as_object_mut() else {
                continue;
            };
            if let Some(Value::Object(props)) = obj.get_mut("properties") {
                if let Value::Object(c) = &common {
                    for (k, v) in c {
                        props.insert(k.clone(), v.clone());
                    }
                }
            }
            if let Some(Value::Array(required)) = obj.get_mut("required") {
                for k in COMMON {
                    required.push(Value::String(k.to_string()));
                }
            }
        }
        kinds.insert(
            "description".into(),
            Value::String("One change to an incident; `kind` selects the fields".into()),
        );
        kinds
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn base(kind: &str) -> Value {
        json!({"id": "e1", "incident": "INC-1", "kind": kind, "occurred_at": "2026-11-26T10:00:00Z",
               "recorded_at": "2026-11-26T10:00:05Z", "actor": "alice"})
    }

    #[test]
    fn every_listed_kind_parses_and_names_itself() {
        let extra: &[(&str, Value)] = &[
            ("detected", json!({"title": "t", "severity": "SEV-2"})),
            ("acknowledged", json!({})),
            ("status_changed", json!({"to": "identified"})),
            ("severity_changed", json!({"to": "SEV-1", "reason": "r"})),
            ("role_assigned", json!({"role": "scribe", "person": "bob"})),
            ("role_released", json!({"role": "scribe", "person": "bob"})),
            ("participant_joined", json!({"person": "bob"})),
            ("participant_left", json!({"person": "bob"})),
            ("impact_started", json!({})),
            ("impact_ended", json!({})),
            (
                "status_update_posted",
                json!({"audience": "external", "text": "x"}),
            ),
            ("note", json!({"text": "x"})),
            ("merged", json!({"into": "INC-2"})),
            ("reopened", json!({"reason": "again"})),
            (
                "follow_up_created",
                json!({"title": "fix it", "due": "2026-12-01"}),
            ),
        ];
        assert_eq!(extra.len(), EVENT_KINDS.len());
        for (kind, fields) in extra {
            let mut v = base(kind);
            for (k, f) in fields.as_object().unwrap() {
                v[k] = f.clone();
            }
            let e: Event =
                serde_json::from_value(v.clone()).unwrap_or_else(|e| panic!("{kind}: {e}"));
            assert_eq!(e.kind.name(), *kind);
            assert_eq!(serde_json::to_value(&e).unwrap(), v, "{kind} round trip");
        }
    }

    #[test]
    fn unknown_kind_is_typed() {
        let err = crate::from_json::<Event>(&base("snoozed")).unwrap_err();
        assert_eq!(err.code(), "unknown_event_kind");
        assert!(err.to_string().contains("\"snoozed\""), "{err}");
    }

    #[test]
    fn unknown_fields_are_refused() {
        let mut v = base("note");
        v["text"] = json!("hi");
        v["txet"] = json!("typo");
        let err = crate::from_json::<Event>(&v).unwrap_err();
        assert_eq!(err.code(), "invalid_input");
        assert!(err.to_string().contains("txet"), "{err}");
    }

    #[test]
    fn naive_timestamps_are_refused_with_the_time_code() {
        let mut v = base("acknowledged");
        v["occurred_at"] = json!("2026-11-26T10:00:00");
        assert_eq!(
            crate::from_json::<Event>(&v).unwrap_err().code(),
            "naive_timestamp"
        );
    }

    #[test]
    fn unknown_status_in_an_event_keeps_its_code() {
        let mut v = base("status_changed");
        v["to"] = json!("fixed");
        assert_eq!(
            crate::from_json::<Event>(&v).unwrap_err().code(),
            "unknown_status"
        );
    }

    #[test]
    fn missing_common_field_is_reported() {
        let mut v = base("acknowledged");
        v.as_object_mut().unwrap().remove("recorded_at");
        let err = crate::from_json::<Event>(&v).unwrap_err();
        assert!(err.to_string().contains("recorded_at"), "{err}");
    }

    #[test]
    fn recorded_before_occurred_is_a_clock_regression() {
        let mut e: Event = serde_json::from_value({
            let mut v = base("note");
            v["text"] = json!("x");
            v
        })
        .unwrap();
        e.recorded_at = e.occurred_at - chrono::Duration::seconds(1);
        assert_eq!(
            e.validate(chrono::Duration::zero()).unwrap_err().code(),
            "clock_regression"
        );
        assert!(e.validate(chrono::Duration::seconds(1)).is_ok());
    }

    #[test]
    fn the_skew_check_cannot_overflow_at_the_end_of_time() {
        let mut e: Event = serde_json::from_value(base("acknowledged")).unwrap();
        e.occurred_at = DateTime::<Utc>::MAX_UTC;
        e.recorded_at = DateTime::<Utc>::MAX_UTC;
        assert!(e.validate(chrono::Duration::hours(1)).is_ok());
    }

    #[test]
    fn detection_sorts_first_at_the_same_instant() {
        let mut ack: Event = serde_json::from_value(base("acknowledged")).unwrap();
        ack.id = "a".into();
        let mut det: Event = serde_json::from_value({
            let mut v = base("detected");
            v["title"] = json!("t");
            v["severity"] = json!("SEV-1");
            v
        })
        .unwrap();
        det.id = "z".into();
        det.recorded_at = ack.recorded_at + chrono::Duration::seconds(10);
        assert!(det.fold_key() < ack.fold_key());
        // Otherwise, the recording sequence decides.
        let mut later = ack.clone();
        later.id = "0".into();
        later.recorded_at = ack.recorded_at + chrono::Duration::seconds(1);
        assert!(ack.fold_key() < later.fold_key());
        // `fold_cmp` orders as the keys do, for every pair.
        let mut same = ack.clone();
        same.id = "a".into();
        let mut early = ack.clone();
        early.occurred_at = ack.occurred_at - chrono::Duration::seconds(1);
        let all = [&ack, &det, &later, &same, &early];
        for a in all {
            for b in all {
                assert_eq!(a.fold_cmp(b), a.fold_key().cmp(&b.fold_key()));
            }
        }
    }
}
