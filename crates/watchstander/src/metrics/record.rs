//! Incidents and pages as metrics read them: one record per incident or page.
//!
//! An [`IncidentRecord`] holds the instants response metrics measure (triggered,
//! acknowledged, mitigated, resolved, impact started), the keys they are broken down by
//! (severity, service, team), why it is left out if it is (declined, merged, test), and the
//! process facts (runbook, post-mortem, action items). Build one from an incident folded by the
//! [`incident`](crate::incident) module with [`IncidentRecord::from_incident`], or write it
//! directly from another tool's export. For millions of incidents, the columnar form
//! [`IncidentColumns`](super::IncidentColumns) carries the same facts as parallel arrays.
//!
//! A [`Page`] is one notification that reached a person: who, when, which alert rule, whether
//! it needed a human (actionable) and whether its alert was flapping.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::incident::{Incident, Status};

/// Why an incident is left out of response metrics. Excluded incidents are counted, by reason,
/// and nothing else: incident.io leaves declined and merged incidents out of its insights, and
/// a test incident measures the test, not the team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", schemars(rename = "MetricsExclusion"))]
pub enum Exclusion {
    /// Triage decided it was not an incident.
    Declined,
    /// Folded into another incident (which is counted instead).
    Merged,
    /// A drill, a test page, a game day.
    Test,
}

impl Exclusion {
    /// Code in the columnar form: 1 declined, 2 merged, 3 test (0 = not excluded).
    pub fn code(self) -> u8 {
        match self {
            Exclusion::Declined => 1,
            Exclusion::Merged => 2,
            Exclusion::Test => 3,
        }
    }
}

/// The post-mortem of an incident.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(rename = "MetricsPostmortemRecord"))]
pub struct PostmortemRecord {
    /// Whether the incident requires one; absent: required when its severity is one of
    /// `process.postmortem_severities` (default SEV-1 and SEV-2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// When the post-mortem was completed (published / reviewed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<DateTime<Utc>>,
}

/// An action item (follow-up) of an incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(rename = "MetricsActionItem"))]
pub struct ActionItem {
    /// Its id.
    pub id: String,
    /// Due date (in the report's zone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// When it was completed; absent while open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<DateTime<Utc>>,
}

/// One incident, as metrics read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct IncidentRecord {
    /// Incident id (used in data-quality findings).
    pub id: String,
    /// When it was triggered (detected, declared, created): the start of every clock.
    pub triggered_at: DateTime<Utc>,
    /// First acknowledgement; absent if never acknowledged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged_at: Option<DateTime<Utc>>,
    /// When it was mitigated (impact stopped, fix being watched); absent: the resolution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mitigated_at: Option<DateTime<Utc>>,
    /// When it was resolved; absent while open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_at: Option<DateTime<Utc>>,
    /// When customer impact started, if known (for time to detect).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact_started_at: Option<DateTime<Utc>>,
    /// Severity id, e.g. `SEV-2`.
    pub severity: String,
    /// The affected service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// The owning team.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// Why it is left out of response metrics, if it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excluded: Option<Exclusion>,
    /// Whether the responders had a runbook for it (absent: unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runbook: Option<bool>,
    /// Its post-mortem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postmortem: Option<PostmortemRecord>,
    /// Its action items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub action_items: Vec<ActionItem>,
}

impl IncidentRecord {
    /// The record of an incident folded from its events.
    ///
    /// * triggered: detection; acknowledged: the first acknowledgement;
    /// * mitigated: the first entry into `monitoring` or `resolved`;
    /// * resolved: the latest entry into `resolved`, while it is resolved (after a reopen,
    ///   the incident is open again and has none);
    /// * impact started: the first customer-impact window;
    /// * severity: the severity it has now (its last);
    /// * excluded: `declined` or `merged` after its status;
    /// * action items: its follow-ups, as open items (the incident log does not record their
    ///   completion: pass `action_items` from your tracker to measure completion).
    ///
    /// ```
    /// use watchstander::incident::{replay, Event, IncidentConfig};
    /// use watchstander::metrics::IncidentRecord;
    /// let events: Vec<Event> = serde_json::from_value(serde_json::json!([
    ///   {"id": "1", "incident": "INC-7", "kind": "detected", "title": "Checkout errors", "severity": "SEV-2",
    ///    "service": "checkout", "occurred_at": "2026-11-26T10:00:00Z", "recorded_at": "2026-11-26T10:00:00Z", "actor": "am"},
    ///   {"id": "2", "incident": "INC-7", "kind": "acknowledged",
    ///    "occurred_at": "2026-11-26T10:07:00Z", "recorded_at": "2026-11-26T10:07:00Z", "actor": "bob"},
    ///   {"id": "3", "incident": "INC-7", "kind": "status_changed", "to": "resolved",
    ///    "occurred_at": "2026-11-26T11:00:00Z", "recorded_at": "2026-11-26T11:00:00Z", "actor": "bob"}
    /// ])).unwrap();
    /// let incident = replay(&IncidentConfig::default(), &events)?;
    /// let r = IncidentRecord::from_incident(&incident);
    /// assert_eq!(r.acknowledged_at.unwrap().to_rfc3339(), "2026-11-26T10:07:00+00:00");
    /// assert_eq!(r.resolved_at, r.mitigated_at);
    /// assert_eq!(r.service.as_deref(), Some("checkout"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_incident(incident: &Incident) -> IncidentRecord {
        let excluded = if incident.merged_into.is_some() || incident.status == Status::Merged {
            Some(Exclusion::Merged)
        } else if incident.status == Status::Declined {
            Some(Exclusion::Declined)
        } else {
            None
        };
        IncidentRecord {
            id: incident.id.clone(),
            triggered_at: incident.detected_at,
            acknowledged_at: incident.first_acknowledgement().map(|a| a.at),
            mitigated_at: incident
                .status_history
                .iter()
                .find(|p| matches!(p.status, Status::Monitoring | Status::Resolved))
                .map(|p| p.from),
            resolved_at: incident.resolved_at(),
            impact_started_at: incident.impact.first().map(|w| w.started_at),
            severity: incident.severity.clone(),
            service: incident.service.clone(),
            team: None,
            excluded,
            runbook: None,
            postmortem: None,
            action_items: incident
                .follow_ups
                .iter()
                .map(|f| ActionItem {
                    id: f.id.clone(),
                    due: f.due,
                    completed_at: None,
                })
                .collect(),
        }
    }
}

/// One page: a notification that reached a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(rename = "MetricsPage"))]
pub struct Page {
    /// Who was paged (a person id of `people`).
    pub person: String,
    /// When.
    pub at: DateTime<Utc>,
    /// The alert rule that fired (Alertmanager's `alertname`, a PagerDuty service's
    /// integration, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The service it was about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// The alert (or incident) it belongs to: pages sharing one are one alert.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert: Option<String>,
    /// Whether it needed a human to act (absent: unknown, left out of accuracy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actionable: Option<bool>,
    /// Whether its alert was flapping when it paged.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub flapping: bool,
}
