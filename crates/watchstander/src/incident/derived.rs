//! Facts derived from an incident at an instant: time to acknowledge, mitigate and resolve,
//! time in each status, impact duration, the upgrade the escalation criteria suggest.
//!
//! Definitions (all measured from detection, in whole seconds):
//!
//! | fact                   | from → to                                                            |
//! |------------------------|----------------------------------------------------------------------|
//! | time to detect         | start of the first impact window → detection (only if impact began at or before detection) |
//! | time to acknowledge    | detection → first acknowledgement (none if never acknowledged)        |
//! | time to mitigate       | detection → first entry into `monitoring` or `resolved`, whichever is first |
//! | time to resolve        | detection → the latest entry into `resolved`, while the incident is resolved, in post-incident or closed; none while open (after a reopen too) or when declined or merged |
//! | open time              | detection → the end of the current resolved/declined/merged run, or `as_of` while open |
//! | time in each status    | the sum of the status's periods, up to `as_of`                        |
//! | impact                 | the sum of impact windows, an open window counting up to `as_of`     |
//!
//! Declined and merged incidents get no time to resolve, as incident.io and PagerDuty leave
//! them out of resolution metrics.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Incident, IncidentConfig, IncidentError, Status};

/// Facts about an incident at `as_of`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IncidentFacts {
    /// The instant the facts are for.
    pub as_of: DateTime<Utc>,
    /// Status at `as_of`.
    pub status: Status,
    /// Severity at `as_of`.
    pub severity: String,
    /// First acknowledgement.
    pub acknowledged_at: Option<DateTime<Utc>>,
    /// Who acknowledged first.
    pub acknowledged_by: Option<String>,
    /// First entry into `monitoring` or `resolved`.
    pub mitigated_at: Option<DateTime<Utc>>,
    /// Latest entry into `resolved`, while resolved (or after).
    pub resolved_at: Option<DateTime<Utc>>,
    /// Seconds from the first impact to detection.
    pub time_to_detect_seconds: Option<i64>,
    /// Seconds from detection to first acknowledgement.
    pub time_to_acknowledge_seconds: Option<i64>,
    /// Seconds from detection to mitigation.
    pub time_to_mitigate_seconds: Option<i64>,
    /// Seconds from detection to resolution.
    pub time_to_resolve_seconds: Option<i64>,
    /// Seconds the incident has been (or was) open.
    pub open_seconds: i64,
    /// Seconds spent in each status it has been in.
    pub time_in_status: BTreeMap<Status, i64>,
    /// Seconds of customer impact.
    pub impact_seconds: i64,
    /// Whether customer impact is ongoing.
    pub impact_ongoing: bool,
    /// A more severe severity that the cited escalation criteria call for, if any.
    pub suggested_severity: Option<String>,
    /// The statuses a `status_changed` event may move to now.
    pub next_statuses: Vec<Status>,
}

/// The parts of the facts that sum over the whole history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FactSums {
    /// First entry into `monitoring` or `resolved`.
    pub(crate) mitigated_at: Option<DateTime<Utc>>,
    /// Seconds in each status up to `as_of`.
    pub(crate) time_in_status: BTreeMap<Status, i64>,
    /// Seconds of customer impact up to `as_of`.
    pub(crate) impact_seconds: i64,
}

/// Refuses to evaluate an incident before its last event.
pub(crate) fn check_now(incident: &Incident, now: DateTime<Utc>) -> Result<(), IncidentError> {
    if now < incident.last_event_at {
        return Err(IncidentError::NowBeforeHistory {
            now,
            last_event_at: incident.last_event_at,
        });
    }
    Ok(())
}

fn secs(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    (to - from).num_seconds()
}

impl IncidentFacts {
    /// The facts of `incident` at `as_of` (which must not be before its last event).
    ///
    /// ```
    /// use watchstander::incident::{replay, Event, IncidentConfig, IncidentFacts, Status};
    /// use watchstander::time::parse_instant;
    /// let events: Vec<Event> = serde_json::from_value(serde_json::json!([
    ///   {"id": "1", "incident": "I", "kind": "impact_started", "occurred_at": "2026-11-26T09:50:00Z",
    ///    "recorded_at": "2026-11-26T10:10:00Z", "actor": "alice"},
    ///   {"id": "2", "incident": "I", "kind": "detected", "title": "t", "severity": "SEV-2",
    ///    "occurred_at": "2026-11-26T10:00:00Z", "recorded_at": "2026-11-26T10:00:00Z", "actor": "am"},
    ///   {"id": "3", "incident": "I", "kind": "acknowledged", "occurred_at": "2026-11-26T10:04:00Z",
    ///    "recorded_at": "2026-11-26T10:04:00Z", "actor": "bob"},
    ///   {"id": "4", "incident": "I", "kind": "status_changed", "to": "resolved",
    ///    "occurred_at": "2026-11-26T11:00:00Z", "recorded_at": "2026-11-26T11:00:00Z", "actor": "bob"}
    /// ])).unwrap();
    /// let config = IncidentConfig::default();
    /// let incident = replay(&config, &events)?;
    /// let facts = IncidentFacts::at(&incident, &config, parse_instant("2026-11-26T12:00:00Z")?)?;
    /// assert_eq!(facts.time_to_detect_seconds, Some(600));
    /// assert_eq!(facts.time_to_acknowledge_seconds, Some(240));
    /// assert_eq!(facts.time_to_resolve_seconds, Some(3600));
    /// assert_eq!(facts.time_in_status[&Status::Triage], 3600);
    /// assert_eq!(facts.impact_seconds, 2 * 3600 + 600); // still ongoing at 12:00
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn at(
        incident: &Incident,
        config: &IncidentConfig,
        as_of: DateTime<Utc>,
    ) -> Result<IncidentFacts, IncidentError> {
        check_now(incident, as_of)?;
        let mitigated_at = incident
            .status_history
            .iter()
            .find(|p| matches!(p.status, Status::Monitoring | Status::Resolved))
            .map(|p| p.from);
        let mut time_in_status = BTreeMap::new();
        for p in &incident.status_history {
            let end = p.until.unwrap_or(as_of).min(as_of);
            *time_in_status.entry(p.status).or_insert(0) += secs(p.from, end).max(0);
        }
        let impact_seconds = incident
            .impact
            .iter()
            .map(|w| secs(w.started_at, w.ended_at.unwrap_or(as_of).min(as_of)).max(0))
            .sum();
        let sums = FactSums {
            mitigated_at,
            time_in_status,
            impact_seconds,
        };
        IncidentFacts::from_sums(incident, config, as_of, sums)
    }

    /// The facts from the sums over the history (computed by [`at`](Self::at), or kept
    /// incrementally by a [`LiveIncident`](super::LiveIncident)).
    pub(crate) fn from_sums(
        incident: &Incident,
        config: &IncidentConfig,
        as_of: DateTime<Utc>,
        sums: FactSums,
    ) -> Result<IncidentFacts, IncidentError> {
        check_now(incident, as_of)?;
        let FactSums {
            mitigated_at,
            time_in_status,
            impact_seconds,
        } = sums;
        let detected = incident.detected_at;
        let ack = incident.first_acknowledgement();
        let resolved_at = incident.resolved_at();
        let time_to_detect_seconds = incident
            .impact
            .first()
            .filter(|w| w.started_at <= detected)
            .map(|w| secs(w.started_at, detected));
        let suggested_severity = config
            .severity_policy
            .suggest_upgrade(&incident.severity, &incident.criteria)?
            .map(|l| l.id.clone());
        Ok(IncidentFacts {
            as_of,
            status: incident.status,
            severity: incident.severity.clone(),
            acknowledged_at: ack.map(|a| a.at),
            acknowledged_by: ack.map(|a| a.by.clone()),
            mitigated_at,
            resolved_at,
            time_to_detect_seconds,
            time_to_acknowledge_seconds: ack.map(|a| secs(detected, a.at)),
            time_to_mitigate_seconds: mitigated_at.map(|t| secs(detected, t)),
            time_to_resolve_seconds: resolved_at.map(|t| secs(detected, t)),
            open_seconds: secs(detected, incident.ended_at().unwrap_or(as_of)),
            time_in_status,
            impact_seconds,
            impact_ongoing: incident.impact_ongoing_since().is_some(),
            suggested_severity,
            next_statuses: incident.status.next_statuses().to_vec(),
        })
    }
}
