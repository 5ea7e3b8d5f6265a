//! An incident's SLA clocks: response and resolve, per the severity policy.
//!
//! Both clocks start at detection and are [`SlaClock`]s measured on the target's clock (24×7 or
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
use super::{Incident, IncidentConfig, IncidentError, Status};
use crate::severity::{ClockKind, ClockState, Pause, SlaClock, SlaKind, SlaStatus};
use crate::time::IsoDuration;

/// A severity change that re-targeted a running clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Retarget {
    /// When.
    pub at: DateTime<Utc>,
    /// Severity before.
    pub from: String,
    /// Severity after.
    pub to: String,
}

/// One SLA clock of an incident at an instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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
    #[schemars(schema_with = "clock_state_schema")]
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

fn clock_state_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({"type": "string", "enum": ["running", "paused", "stopped"]})
}

/// Both SLA clocks of an incident at an instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
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
    pub fn at(
        incident: &Incident,
        config: &IncidentConfig,
        now: DateTime<Utc>,
    ) -> Result<IncidentSla, IncidentError> {
        check_now(incident, now)?;
        let first_exit = incident
            .status_history
            .iter()
            .find(|p| !p.status.is_open())
            .map(|p| p.from);
        let response_stop = match (incident.first_acknowledgement().map(|a| a.at), first_exit) {
            (Some(a), Some(x)) => Some(a.min(x)),
            (a, x) => a.or(x),
        };
        let (resolve_pauses, resolve_stop) = resolve_shape(incident);
        Ok(IncidentSla {
            as_of: now,
            response: report(
                incident,
                config,
                SlaKind::Response,
                Vec::new(),
                response_stop,
                now,
            )?,
            resolve: report(
                incident,
                config,
                SlaKind::Resolve,
                resolve_pauses,
                resolve_stop,
                now,
            )?,
        })
    }
}

/// The resolve clock's pauses (resolved spans that a reopen ended) and its stop.
fn resolve_shape(incident: &Incident) -> (Vec<Pause>, Option<DateTime<Utc>>) {
    let mut pauses = Vec::new();
    let mut run_start: Option<DateTime<Utc>> = None;
    for p in &incident.status_history {
        if p.status.is_open() {
            if let Some(from) = run_start.take() {
                pauses.push(Pause {
                    from,
                    until: Some(p.from),
                    reason: format!("{}; reopened later", Status::Resolved.as_str()),
                });
            }
        } else if run_start.is_none() {
            run_start = Some(p.from);
        }
    }
    (pauses, run_start)
}

/// The first instant at or after `t` at which the clock runs (not inside a pause), if by
/// `end`; `None` while still paused.
fn running_from(pauses: &[Pause], t: DateTime<Utc>, end: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let mut at = t;
    for p in pauses {
        if p.from <= at {
            at = at.max(p.until?);
        }
    }
    (at <= end).then_some(at)
}

fn report(
    incident: &Incident,
    config: &IncidentConfig,
    kind: SlaKind,
    pauses: Vec<Pause>,
    stop: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<SlaReport, IncidentError> {
    let policy = &config.severity_policy;
    let start = incident.detected_at;
    // Severity periods that judge the clock: those that began before it stopped (the first
    // always does).
    let judged: Vec<_> = incident
        .severity_history
        .iter()
        .enumerate()
        .filter(|(i, p)| *i == 0 || stop.is_none_or(|s| p.from < s))
        .map(|(_, p)| p)
        .collect();
    let mut breach: Option<(DateTime<Utc>, String)> = None;
    let mut last: Option<(SlaStatus, SlaClock)> = None;
    let mut retargeted = Vec::new();
    let mut previous: Option<&str> = None;
    for (i, period) in judged.iter().enumerate() {
        if let Some(prev) = previous {
            retargeted.push(Retarget {
                at: period.from,
                from: prev.to_string(),
                to: period.severity.clone(),
            });
        }
        previous = Some(&period.severity);
        let is_last = i + 1 == judged.len();
        let Some(target) = policy.target(&period.severity, kind)? else {
            if is_last {
                last = None;
            }
            continue;
        };
        let clock = SlaClock {
            target,
            started_at: start,
            pauses: pauses.clone(),
            stopped_at: stop,
        };
        let until = if is_last {
            now
        } else {
            period.until.unwrap_or(now).min(now)
        };
        let status = clock.status(policy, until)?;
        if breach.is_none() {
            if let Some(b) = status.breached_at {
                let effective = if b < period.from {
                    running_from(&pauses, period.from, until)
                        .filter(|t| stop.is_none_or(|s| *t < s))
                } else {
                    Some(b)
                };
                if let Some(at) = effective {
                    breach = Some((at, period.severity.clone()));
                }
            }
        }
        if is_last {
            last = Some((status, clock));
        }
    }
    let severity = judged
        .last()
        .map_or_else(|| incident.severity.clone(), |p| p.severity.clone());
    let paused_seconds = pauses
        .iter()
        .map(|p| {
            (p.until.unwrap_or(now).min(now) - p.from)
                .num_seconds()
                .max(0)
        })
        .sum();
    // An incident clock's pauses are resolved spans that a reopen ended, and its stop is an
    // event; `now` is not before any event, so at `now` the clock is stopped or running.
    let state = if stop.is_some() {
        ClockState::Stopped
    } else {
        ClockState::Running
    };
    let stopped = state == ClockState::Stopped;
    let (target, clock, deadline, projected, elapsed, remaining) = match &last {
        Some((s, c)) => (
            Some(policy.duration_of(&c.target)),
            Some(c.target.clock),
            s.deadline,
            s.deadline_projected,
            Some(s.elapsed_seconds),
            Some(s.remaining_seconds),
        ),
        None => (None, None, None, false, None, None),
    };
    // A met clock has no deadline any more; a breached one keeps it.
    let deadline = if stopped && breach.is_none() {
        None
    } else {
        deadline
    };
    let breached = breach.is_some();
    Ok(SlaReport {
        kind,
        severity,
        target,
        clock,
        started_at: start,
        stopped_at: stop,
        state,
        deadline,
        deadline_projected: projected,
        elapsed_seconds: elapsed,
        remaining_seconds: remaining,
        paused_seconds,
        pauses,
        breached,
        breached_at: breach.as_ref().map(|b| b.0),
        breached_under: breach.map(|b| b.1),
        met: stopped.then_some(!breached),
        retargeted,
    })
}
