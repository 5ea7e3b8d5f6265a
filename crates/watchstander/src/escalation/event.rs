//! What happens to an incident that matters to its escalation: acknowledgements, resolves,
//! severity changes, reassignment, re-triggers and manual escalation.
//!
//! Events are JSON objects tagged by `kind`, each with the instant `at`:
//!
//! ```json
//! {"kind": "acknowledged", "at": "2026-03-09T10:07:00Z", "by": "alice"}
//! {"kind": "resolved", "at": "2026-03-09T10:40:00Z"}
//! {"kind": "severity_changed", "at": "2026-03-09T10:20:00Z", "severity": "SEV-1"}
//! {"kind": "reassigned", "at": "2026-03-09T10:20:00Z", "policy": "database-team"}
//! {"kind": "retriggered", "at": "2026-03-09T12:00:00Z"}
//! {"kind": "escalated", "at": "2026-03-09T10:05:00Z", "level": 3}
//! ```
//!
//! Incident-lifecycle events ([`incident::Event`](crate::incident::Event)) map onto these with
//! [`EscalationEvent::from_incident`]: `acknowledged` → acknowledged, a status change to
//! `resolved`, `closed` or `declined` and `merged` → resolved, `severity_changed` → severity
//! changed, `reopened` → re-triggered. The others do not affect escalation.
//!
//! ```
//! use watchstander::escalation::EscalationEvent;
//! use watchstander::incident::Event;
//!
//! let e: Event = serde_json::from_value(serde_json::json!({"id": "2", "incident": "INC-7",
//!     "kind": "acknowledged", "occurred_at": "2026-11-26T10:07:00Z",
//!     "recorded_at": "2026-11-26T10:07:00Z", "actor": "bob"}))?;
//! let esc = EscalationEvent::from_incident(&e).unwrap();
//! assert_eq!(esc, EscalationEvent::Acknowledged { at: e.occurred_at, by: Some("bob".into()) });
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::incident::{Event, EventKind, Status};

/// One event in an incident's escalation. JSON: tagged by `kind` (snake_case).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum EscalationEvent {
    /// Someone acknowledged: escalation stops (until an acknowledgement timeout, if any).
    /// Acknowledging again restarts the timeout.
    Acknowledged {
        /// When.
        at: DateTime<Utc>,
        /// Who (a person id); they are re-notified if the acknowledgement times out.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<String>,
    },
    /// The incident was resolved: nothing more is sent.
    Resolved {
        /// When.
        at: DateTime<Utc>,
        /// Who.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        by: Option<String>,
    },
    /// The severity changed; the urgency is decided again if the policy's urgency rule reads
    /// the severity (low → high starts escalating from the current level; high → low stops).
    SeverityChanged {
        /// When.
        at: DateTime<Utc>,
        /// The new severity id.
        severity: String,
    },
    /// The incident moved to another escalation policy: it is triggered again and starts at
    /// that policy's level 1, loop 1.
    Reassigned {
        /// When.
        at: DateTime<Utc>,
        /// The new policy id.
        policy: String,
    },
    /// A resolved or acknowledged incident triggered again (a reopen, or a new alert on an
    /// acknowledged incident): it starts over at level 1, loop 1.
    Retriggered {
        /// When.
        at: DateTime<Utc>,
    },
    /// Someone escalated by hand to a level (from 1; default the next one). Low-urgency
    /// incidents cannot be escalated (as in PagerDuty); reassign them instead.
    Escalated {
        /// When.
        at: DateTime<Utc>,
        /// The level to escalate to, from 1.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        level: Option<u32>,
    },
}

impl EscalationEvent {
    /// When the event happened.
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            EscalationEvent::Acknowledged { at, .. }
            | EscalationEvent::Resolved { at, .. }
            | EscalationEvent::SeverityChanged { at, .. }
            | EscalationEvent::Reassigned { at, .. }
            | EscalationEvent::Retriggered { at }
            | EscalationEvent::Escalated { at, .. } => *at,
        }
    }

    /// The event's kind as written in JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            EscalationEvent::Acknowledged { .. } => "acknowledged",
            EscalationEvent::Resolved { .. } => "resolved",
            EscalationEvent::SeverityChanged { .. } => "severity_changed",
            EscalationEvent::Reassigned { .. } => "reassigned",
            EscalationEvent::Retriggered { .. } => "retriggered",
            EscalationEvent::Escalated { .. } => "escalated",
        }
    }

    /// The escalation event an incident-lifecycle event amounts to, if any (see the module
    /// documentation for the mapping). `detected` starts an escalation rather than changing
    /// one, so it maps to nothing here.
    pub fn from_incident(e: &Event) -> Option<EscalationEvent> {
        let at = e.occurred_at;
        match &e.kind {
            EventKind::Acknowledged {} => Some(EscalationEvent::Acknowledged {
                at,
                by: Some(e.actor.clone()),
            }),
            EventKind::StatusChanged {
                to: Status::Resolved | Status::Closed | Status::Declined,
                ..
            } => Some(EscalationEvent::Resolved {
                at,
                by: Some(e.actor.clone()),
            }),
            EventKind::Merged { .. } => Some(EscalationEvent::Resolved {
                at,
                by: Some(e.actor.clone()),
            }),
            EventKind::SeverityChanged { to, .. } => Some(EscalationEvent::SeverityChanged {
                at,
                severity: to.clone(),
            }),
            EventKind::Reopened { .. } => Some(EscalationEvent::Retriggered { at }),
            _ => None,
        }
    }
}
