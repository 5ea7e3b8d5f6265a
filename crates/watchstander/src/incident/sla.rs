//! An incident's SLA clocks: response and resolve, per the severity policy.
//!
//! Both clocks start at detection and are [`SlaClock`](crate::severity::SlaClock)s measured on the target's clock (24×7 or
//! business hours) of the severity in force.
//!
//! * **Response** stops at the first acknowledgement — or, if nobody acknowledged, when the
//!   incident first stops being open (resolved, declined or merged). It never pauses.
//! * **Resolve** stops when the incident is resolved, declined or merged. A reopened incident's
//!   resolve clock carries on where it stopped: the time between the resolution and the reopen
//!   is a pause ("resolved; reopened later"), so reopening never resets the budget.
//!
//! # What a severity change does to a running clock
//!
//! The clock is **re-targeted from its original start**: the new severity's target is measured
//! from detection, with the same pauses, as if the incident had had that severity all along
//! (this is how Zendesk and Jira Service Management re-apply an SLA on a priority change).
//! So an upgrade from SEV-3 (respond within 4 h) to SEV-2 (1 h) after 30 minutes leaves 30
//! minutes; after 90 minutes the new deadline has already passed.
//!
//! * If the re-targeted deadline has already passed when the severity changes, the clock
//!   **breaches at the change** (not retroactively): nobody could have met a target that did
//!   not yet apply. If the clock is paused then, it breaches when it resumes.
//! * **A breach is permanent.** A clock that breached under one severity stays breached after a
//!   downgrade; `breached_under` names the severity whose target was missed.
//! * A severity change **after the clock stopped** does not re-target it: the clock is judged
//!   by the severity the responders were working to (a post-incident reclassification changes
//!   reports, not history).
//! * A severity with no target of that kind (e.g. no resolve target) has no deadline while in
//!   force; a breach from before stays.
//!
//! ```
//! use watchstander::incident::{replay, Event, IncidentConfig, IncidentSla};
//! use watchstander::time::parse_instant;
//! let events: Vec<Event> = serde_json::from_value(serde_json::json!([
//!   {"id": "1", "incident": "I", "kind": "detected", "title": "t", "severity": "SEV-3",
//!    "occurred_at": "2026-11-26T10:00:00Z", "recorded_at": "2026-11-26T10:00:00Z", "actor": "am"},
//!   {"id": "2", "incident": "I", "kind": "severity_changed", "to": "SEV-2", "reason": "spreading",
//!    "occurred_at": "2026-11-26T10:30:00Z", "recorded_at": "2026-11-26T10:30:00Z", "actor": "alice"}
//! ])).unwrap();
//! let config = IncidentConfig::default();
//! let incident = replay(&config, &events)?;
//! let sla = IncidentSla::at(&incident, &config, parse_instant("2026-11-26T10:40:00Z")?)?;
//! // SEV-2 responds within 1 h, measured from detection at 10:00.
//! assert_eq!(sla.response.deadline.unwrap().to_rfc3339(), "2026-11-26T11:00:00+00:00");
//! assert_eq!(sla.response.remaining_seconds, Some(20 * 60));
//! assert_eq!(sla.response.retargeted.len(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::derived::check_now;
use super::sla_track::ClockTrack;
use super::{Incident, IncidentConfig, IncidentError};
use crate::severity::{ClockKind, ClockState, Pause, SlaKind};
use crate::time::IsoDuration;

/// A severity change that re-targeted a running clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Retarget {
    /// When.
    pub at: DateTime<Utc>,
    /// Severity before.
    pub from: String,
    /// Severity after.
    pub to: String,
}

/// One SLA clock of an incident at an instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SlaReport {
    /// Response or resolve.
    pub kind: SlaKind,
    /// The severity whose target judges the clock (the one in force now, or when it stopped).
    pub severity: String,
    /// That severity's target (`None`: it has no target of this kind).
    pub target: Option<IsoDuration>,
    /// The clock the target counts on.
    pub clock: Option<ClockKind>,
    /// Detection.
    pub started_at: DateTime<Utc>,
    /// When the clock stopped, if it has.
    pub stopped_at: Option<DateTime<Utc>>,
    /// Running, paused or stopped.
    #[cfg_attr(feature = "schema", schemars(schema_with = "clock_state_schema"))]
    pub state: ClockState,
    /// When the current target runs (ran) out; `None` without a target or when met.
    pub deadline: Option<DateTime<Utc>>,
    /// True when paused and `deadline` assumes the clock resumes now.
    pub deadline_projected: bool,
    /// Counted time against the current target.
    pub elapsed_seconds: Option<i64>,
    /// Budget left under the current target (negative once past it).
    pub remaining_seconds: Option<i64>,
    /// Wall-clock time paused.
    pub paused_seconds: i64,
    /// Pauses (resolve clock: resolved spans of reopened incidents).
    pub pauses: Vec<Pause>,
    /// Whether the clock ever breached.
    pub breached: bool,
    /// When it first breached.
    pub breached_at: Option<DateTime<Utc>>,
    /// The severity whose target it breached.
    pub breached_under: Option<String>,
    /// For a stopped clock: whether it stopped without a breach.
    pub met: Option<bool>,
    /// Severity changes that re-targeted the clock while it ran.
    pub retargeted: Vec<Retarget>,
}

#[cfg(feature = "schema")]
fn clock_state_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({"type": "string", "enum": ["running", "paused", "stopped"]})
}

/// Both SLA clocks of an incident at an instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IncidentSla {
    /// The instant.
    pub as_of: DateTime<Utc>,
    /// Time to respond (acknowledge).
    pub response: SlaReport,
    /// Time to resolve.
    pub resolve: SlaReport,
}

impl IncidentSla {
    /// The incident's SLA clocks at `now` (not before its last event). See the
    /// [module documentation](self) for the rules.
    ///
    /// The clocks are rebuilt from the incident's history in O(n log n); a
    /// [`LiveIncident`](super::LiveIncident) keeps them up to date event by event instead.
    pub fn at(
        incident: &Incident,
        config: &IncidentConfig,
        now: DateTime<Utc>,
    ) -> Result<IncidentSla, IncidentError> {
        check_now(incident, now)?;
        let policy = &config.severity_policy;
        let start = incident.detected_at;
        let mut response = ClockTrack::start(SlaKind::Response, start, policy);
        let mut resolve = ClockTrack::start(SlaKind::Resolve, start, policy);
        // Response stops at the first acknowledgement or the first exit from the open
        // statuses, whichever is first.
        let first_exit = incident
            .status_history
            .iter()
            .find(|p| !p.status.is_open())
            .map(|p| p.from);
        let first_ack = incident.first_acknowledgement().map(|a| a.at);
        if let Some(stop) = [first_ack, first_exit].into_iter().flatten().min() {
            response.stop(stop, policy);
        }
        // Resolve stops on every exit; a reopen turns the time since into a pause.
        for pair in incident.status_history.windows(2) {
            if let [prev, next] = pair {
                match (prev.status.is_open(), next.status.is_open()) {
                    (true, false) => resolve.stop(next.from, policy),
                    (false, true) => resolve.resume(next.from),
                    _ => {}
                }
            }
        }
        Ok(IncidentSla {
            as_of: now,
            response: response.report(&incident.severity_history, now, policy)?,
            resolve: resolve.report(&incident.severity_history, now, policy)?,
        })
    }
}
