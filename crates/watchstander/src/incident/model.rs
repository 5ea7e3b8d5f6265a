//! The folded incident: what its events add up to.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{RoleBook, Status};
use crate::severity::Audience;

/// A span of time in one status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StatusPeriod {
    /// The status.
    pub status: Status,
    /// Entered at.
    pub from: DateTime<Utc>,
    /// Left at; `None` for the current status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<DateTime<Utc>>,
    /// The event that entered it.
    pub event: String,
    /// Who changed it.
    pub actor: String,
    /// Why, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A span of time at one severity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SeverityPeriod {
    /// The severity id.
    pub severity: String,
    /// From.
    pub from: DateTime<Utc>,
    /// Until; `None` for the current severity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<DateTime<Utc>>,
    /// The event that set it.
    pub event: String,
    /// Who set it.
    pub actor: String,
    /// Why (absent for the severity at detection).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// An acknowledgement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Acknowledgement {
    /// When.
    pub at: DateTime<Utc>,
    /// By whom.
    pub by: String,
    /// The event.
    pub event: String,
}

/// One stint of a person in the response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Stint {
    /// Joined at.
    pub joined_at: DateTime<Utc>,
    /// Left at; `None` while taking part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left_at: Option<DateTime<Utc>>,
}

/// A person's participation: every stint, in order.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Participation {
    /// The stints.
    pub stints: Vec<Stint>,
}

impl Participation {
    /// Since when the person takes part, if they do now.
    pub fn present_since(&self) -> Option<DateTime<Utc>> {
        self.stints
            .last()
            .filter(|s| s.left_at.is_none())
            .map(|s| s.joined_at)
    }
}

/// A window of customer impact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ImpactWindow {
    /// Impact began.
    pub started_at: DateTime<Utc>,
    /// Impact ended; `None` while ongoing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<DateTime<Utc>>,
    /// What customers experienced.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A status update that went out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PostedUpdate {
    /// The audience.
    pub audience: Audience,
    /// When.
    pub at: DateTime<Utc>,
    /// By whom.
    pub by: String,
    /// What it said.
    pub text: String,
    /// The event.
    pub event: String,
}

/// An internal note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct NoteEntry {
    /// When.
    pub at: DateTime<Utc>,
    /// By whom.
    pub by: String,
    /// The note.
    pub text: String,
    /// The event.
    pub event: String,
}

/// A follow-up (action item). Its id is the id of the event that created it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FollowUp {
    /// The creating event's id.
    pub id: String,
    /// What must be done.
    pub title: String,
    /// Owner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Due date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// Created at.
    pub created_at: DateTime<Utc>,
    /// Created by.
    pub created_by: String,
}

/// A reopening.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Reopening {
    /// When.
    pub at: DateTime<Utc>,
    /// By whom.
    pub by: String,
    /// The status it left.
    pub from: Status,
    /// The status it went to.
    pub to: Status,
    /// Why.
    pub reason: String,
    /// The event.
    pub event: String,
}

/// An incident: the fold of its events (see [`replay`](super::replay) and
/// [`LiveIncident`](super::LiveIncident)). It is plain data; the derived facts (durations, SLA
/// clocks, due updates) are computed from it at an instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Incident {
    /// The incident id.
    pub id: String,
    /// Title from the detection.
    pub title: String,
    /// Affected service, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// Internal description, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// When it was detected.
    pub detected_at: DateTime<Utc>,
    /// Who or what detected it.
    pub detected_by: String,
    /// Source alert ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alerts: Vec<String>,
    /// The status now.
    pub status: Status,
    /// Every status it has been in, in order.
    pub status_history: Vec<StatusPeriod>,
    /// The severity now.
    pub severity: String,
    /// Every severity it has had, in order.
    pub severity_history: Vec<SeverityPeriod>,
    /// Escalation criteria observed or cited so far (distinct, in order of first mention).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub criteria: Vec<String>,
    /// Every acknowledgement; the first is *the* acknowledgement.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub acknowledgements: Vec<Acknowledgement>,
    /// Role history.
    #[serde(default, skip_serializing_if = "RoleBook::is_empty")]
    pub roles: RoleBook,
    /// Participation per person.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub participants: BTreeMap<String, Participation>,
    /// Customer impact windows, in order (may begin before detection).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub impact: Vec<ImpactWindow>,
    /// Status updates that went out, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub updates: Vec<PostedUpdate>,
    /// Internal notes, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<NoteEntry>,
    /// Follow-ups, in order of creation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub follow_ups: Vec<FollowUp>,
    /// The surviving incident, if this one was merged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<String>,
    /// Reopenings, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reopenings: Vec<Reopening>,
    /// Events folded (duplicates not counted).
    pub event_count: usize,
    /// The latest `occurred_at` of any event.
    pub last_event_at: DateTime<Utc>,
}

impl RoleBook {
    /// Whether no role was ever assigned.
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }
}

impl Incident {
    /// The first acknowledgement, if any (the PagerDuty-style "acknowledged" fact).
    pub fn first_acknowledgement(&self) -> Option<&Acknowledgement> {
        self.acknowledgements.first()
    }

    /// The people taking part now.
    pub fn current_participants(&self) -> Vec<&str> {
        self.participants
            .iter()
            .filter(|(_, p)| p.present_since().is_some())
            .map(|(k, _)| k.as_str())
            .collect()
    }

    /// The open customer-impact window's start, if impact is ongoing.
    pub fn impact_ongoing_since(&self) -> Option<DateTime<Utc>> {
        self.impact
            .last()
            .filter(|w| w.ended_at.is_none())
            .map(|w| w.started_at)
    }

    /// The status at instant `t` (`None` before detection).
    pub fn status_at(&self, t: DateTime<Utc>) -> Option<Status> {
        let i = self.status_history.partition_point(|p| p.from <= t);
        i.checked_sub(1)
            .and_then(|i| self.status_history.get(i))
            .map(|p| p.status)
    }

    /// The severity at instant `t` (`None` before detection).
    pub fn severity_at(&self, t: DateTime<Utc>) -> Option<&str> {
        let i = self.severity_history.partition_point(|p| p.from <= t);
        i.checked_sub(1)
            .and_then(|i| self.severity_history.get(i))
            .map(|p| p.severity.as_str())
    }

    /// The last status update to `audience`, if any.
    pub fn last_update_to(&self, audience: Audience) -> Option<&PostedUpdate> {
        self.updates.iter().rev().find(|u| u.audience == audience)
    }

    /// When the incident last entered `resolved`, if it is resolved (or after) now.
    pub fn resolved_at(&self) -> Option<DateTime<Utc>> {
        if !self.status.is_resolved() {
            return None;
        }
        self.status_history
            .iter()
            .rev()
            .find(|p| p.status == Status::Resolved)
            .map(|p| p.from)
    }

    /// When it first entered `status`, if ever.
    pub fn first_entered(&self, status: Status) -> Option<DateTime<Utc>> {
        self.status_history
            .iter()
            .find(|p| p.status == status)
            .map(|p| p.from)
    }

    /// When it stopped being open for good: resolved, declined or merged (`None` while open).
    pub fn ended_at(&self) -> Option<DateTime<Utc>> {
        if self.status.is_open() {
            return None;
        }
        self.status_history
            .iter()
            .rev()
            .take_while(|p| !p.status.is_open())
            .last()
            .map(|p| p.from)
    }
}
