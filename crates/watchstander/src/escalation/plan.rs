//! The notification plan: every notification that will go out if nobody acts — who, when,
//! level, loop, contact method, urgency and why — and how it changes under what-ifs (an
//! acknowledgement at t₁, a resolve, a severity change, a reassignment...).
//!
//! A plan is the [live state machine](super::EscalationRun) run forward from the incident's
//! creation to a **horizon**, with the events you give, collecting what it sends. It is
//! bounded twice: by the horizon (at most [`MAX_HORIZON_DAYS`](super::MAX_HORIZON_DAYS)) and
//! by a maximum number of notifications (at most [`MAX_NOTIFICATIONS`]); hitting the second is
//! reported as a `truncated` problem, never silently.
//!
//! ```
//! use watchstander::escalation::{plan, Directory, EscalationPolicy, IncidentStart, PlanOptions, EndReason};
//! use watchstander::schedule::Interval;
//! use watchstander::time::parse_instant;
//!
//! // PagerDuty's example policy: level 1 pages ann, escalates after 10 minutes to ben;
//! // `num_loops: 2` goes round twice more.
//! let policy: EscalationPolicy = serde_json::from_value(serde_json::json!({"id": "eng", "repeat": 2,
//!     "levels": [{"targets": [{"person": "ann"}], "delay": "PT10M"},
//!                {"targets": [{"person": "ben"}], "delay": "PT10M"}]}))?;
//! let people = vec![serde_json::from_value(serde_json::json!({"id": "ann"}))?,
//!                   serde_json::from_value(serde_json::json!({"id": "ben"}))?];
//! let t0 = parse_instant("2026-03-09T10:00:00Z")?;
//! let dir = Directory::new(vec![policy], vec![], people, None,
//!     Interval::new(t0, parse_instant("2026-03-10T10:00:00Z")?)?)?;
//! let p = plan(&dir, &IncidentStart::new("INC-1", t0), &[], &PlanOptions::default())?;
//! let when: Vec<String> = p.notifications.iter()
//!     .map(|n| format!("{} {} L{} loop {}", n.at.format("%H:%M"), n.person, n.level, n.loop_number)).collect();
//! assert_eq!(when, ["10:00 ann L1 loop 1", "10:10 ben L2 loop 1", "10:20 ann L1 loop 2",
//!                   "10:30 ben L2 loop 2", "10:40 ann L1 loop 3", "10:50 ben L2 loop 3"]);
//! assert_eq!(p.end.reason, EndReason::Exhausted);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::cmp::Ordering;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::directory::Directory;
use super::event::EscalationEvent;
use super::log::{Problem, RunState, RunStatus, Step};
use super::name::Name;
use super::notify::{CompactNotification, Notification};
use super::run::{EscalationRun, IncidentStart, RunOptions};
use super::urgency::Urgency;
use super::{
    EscalationError, DEFAULT_HORIZON_HOURS, DEFAULT_MAX_NOTIFICATIONS, MAX_EVENTS,
    MAX_HORIZON_DAYS, MAX_NOTIFICATIONS, MAX_SCENARIOS,
};

/// Bounds and knobs of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlanOptions {
    /// How far after the incident's creation to plan (1 minute to [`MAX_HORIZON_DAYS`]).
    pub horizon: Duration,
    /// The most notifications to plan (1 to [`MAX_NOTIFICATIONS`]).
    pub max_notifications: usize,
    /// Write the `why` of each notification.
    pub explain: bool,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            horizon: Duration::hours(DEFAULT_HORIZON_HOURS),
            max_notifications: DEFAULT_MAX_NOTIFICATIONS,
            explain: true,
        }
    }
}

impl PlanOptions {
    /// Checks the bounds.
    pub fn validate(&self) -> Result<(), EscalationError> {
        if self.horizon < Duration::minutes(1) || self.horizon > Duration::days(MAX_HORIZON_DAYS) {
            return Err(EscalationError::InvalidBound {
                reason: format!(
                    "the horizon is {} minutes; it must be 1 minute to {MAX_HORIZON_DAYS} days",
                    self.horizon.num_minutes()
                ),
            });
        }
        if self.max_notifications == 0 || self.max_notifications > MAX_NOTIFICATIONS {
            return Err(EscalationError::InvalidBound {
                reason: format!(
                    "max_notifications is {}; it must be 1 to {MAX_NOTIFICATIONS}",
                    self.max_notifications
                ),
            });
        }
        Ok(())
    }
}

/// Why a plan ends where it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// The incident is resolved.
    Resolved,
    /// The incident is acknowledged and no acknowledgement timeout will fire.
    Acknowledged,
    /// Every level of every loop was used up without an acknowledgement.
    Exhausted,
    /// A low-urgency incident: it never escalates, and nothing will raise it.
    NotEscalating,
    /// More would happen after the horizon.
    Horizon,
    /// The notification limit was reached.
    Limit,
}

/// How a plan ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlanEnd {
    /// Why.
    pub reason: EndReason,
    /// The instant of the last thing that happened (the horizon for `horizon`).
    pub at: DateTime<Utc>,
    /// When the next thing after the horizon would happen, for `horizon`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<DateTime<Utc>>,
}

/// A notification plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Plan {
    /// The incident.
    pub incident: String,
    /// The policy it started on.
    pub policy: String,
    /// When it was created.
    pub created: DateTime<Utc>,
    /// The urgency it triggered at.
    pub urgency: Urgency,
    /// Where planning stopped: creation + horizon.
    pub horizon_end: DateTime<Utc>,
    /// Every notification, in time order.
    pub notifications: Vec<Notification>,
    /// The escalation log: levels reached or skipped, loops, acknowledgements...
    pub steps: Vec<Step>,
    /// Pages that would be lost, plans cut short.
    pub problems: Vec<Problem>,
    /// How the plan ends.
    pub end: PlanEnd,
    /// The state at the horizon.
    pub state: RunState,
}

/// A plan in compact form: notifications with names as directory numbers
/// ([`CompactNotification`]); what bulk planning uses. [`plan`] is this, with names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompactPlan {
    /// The policy it started on.
    pub policy: String,
    /// The urgency it triggered at.
    pub urgency: Urgency,
    /// Where planning stopped.
    pub horizon_end: DateTime<Utc>,
    /// Every notification, in time order.
    pub notifications: Vec<CompactNotification>,
    /// The escalation log (empty with explanations off).
    pub steps: Vec<Step>,
    /// Problems.
    pub problems: Vec<Problem>,
    /// How the plan ends.
    pub end: PlanEnd,
    /// The state at the horizon.
    pub state: RunState,
}

/// Plans the escalation of `incident` with `events` (in any order; sorted by `at`, stably).
///
/// Events must lie between the creation and the horizon (at most [`MAX_EVENTS`]).
pub fn plan(
    dir: &Directory,
    incident: &IncidentStart,
    events: &[EscalationEvent],
    options: &PlanOptions,
) -> Result<Plan, EscalationError> {
    let c = plan_compact(dir, incident, events, options)?;
    let id = Name::from(incident.id.as_str());
    Ok(Plan {
        incident: incident.id.clone(),
        policy: c.policy,
        created: incident.created,
        urgency: c.urgency,
        horizon_end: c.horizon_end,
        notifications: c
            .notifications
            .into_iter()
            .map(|n| n.named(dir, &id))
            .collect(),
        steps: c.steps,
        problems: c.problems,
        end: c.end,
        state: c.state,
    })
}

/// As [`plan`], in compact form: no names are copied into the notifications, which makes
/// planning many incidents cheap (turn `explain` off too for bulk work).
pub fn plan_compact(
    dir: &Directory,
    incident: &IncidentStart,
    events: &[EscalationEvent],
    options: &PlanOptions,
) -> Result<CompactPlan, EscalationError> {
    options.validate()?;
    if events.len() > MAX_EVENTS {
        return Err(EscalationError::limit(
            "events",
            events.len(),
            MAX_EVENTS,
            "plan a shorter stretch of the incident",
        ));
    }
    super::check_supported(incident.created, "the incident's creation")?;
    let horizon_end = incident.created + options.horizon;
    let mut sorted: Vec<&EscalationEvent> = events.iter().collect();
    sorted.sort_by_key(|e| e.at());
    for e in &sorted {
        if e.at() > horizon_end {
            return Err(EscalationError::InvalidEvent {
                kind: e.kind().to_string(),
                at: e.at(),
                reason: format!(
                    "it is after the plan's horizon {}; lengthen the horizon",
                    crate::time::format_instant(horizon_end)
                ),
            });
        }
    }
    let mut run = EscalationRun::start(
        dir,
        incident,
        RunOptions {
            max_notifications: options.max_notifications,
            explain: options.explain,
        },
    )?;
    let (first_policy, first_urgency) = (run.policy_id().to_string(), run.urgency());
    for e in sorted {
        run.apply(dir, e)?;
    }
    let notifications = run.due_compact(dir, horizon_end)?;
    let state = run.state();
    let last = notifications
        .last()
        .map(|n| n.at)
        .unwrap_or(incident.created)
        .max(run.last_step_at());
    let (reason, at, next) = if run.truncated() {
        (EndReason::Limit, last, None)
    } else if state.status == RunStatus::Resolved {
        (EndReason::Resolved, last, None)
    } else if let Some(next) = run.next_due() {
        (EndReason::Horizon, horizon_end, Some(next))
    } else if state.status == RunStatus::Acknowledged {
        (EndReason::Acknowledged, last, None)
    } else if state.urgency == Urgency::Low {
        (EndReason::NotEscalating, last, None)
    } else {
        (EndReason::Exhausted, last, None)
    };
    let (steps, problems) = run.take_log();
    Ok(CompactPlan {
        policy: first_policy,
        urgency: first_urgency,
        horizon_end,
        notifications,
        steps,
        problems,
        end: PlanEnd { reason, at, next },
        state,
    })
}

/// A what-if: events added to the base events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// A label, e.g. `"ack at 10:07"`.
    pub name: String,
    /// The events to add.
    pub events: Vec<EscalationEvent>,
}

/// How a what-if changes the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlanChange {
    /// The scenario's name.
    pub name: String,
    /// Notifications of the base plan that no longer happen.
    pub cancelled: Vec<Notification>,
    /// Notifications that happen only in the what-if.
    pub added: Vec<Notification>,
    /// How the what-if plan ends.
    pub end: PlanEnd,
    /// Its problems.
    pub problems: Vec<Problem>,
}

fn key(n: &Notification) -> impl Ord + '_ {
    (
        n.at,
        n.person.as_str(),
        n.policy.as_str(),
        n.level,
        n.loop_number,
        n.attempt,
        n.contact.as_deref(),
        n.cause,
        n.urgency,
    )
}

/// What is in `base` and not in `other` (cancelled) and the reverse (added), each in time
/// order. Notifications are matched on time, person, policy, level, loop, attempt, contact,
/// cause and urgency.
pub fn compare(
    base: &[Notification],
    other: &[Notification],
) -> (Vec<Notification>, Vec<Notification>) {
    let mut a: Vec<&Notification> = base.iter().collect();
    let mut b: Vec<&Notification> = other.iter().collect();
    a.sort_by(|x, y| key(x).cmp(&key(y)));
    b.sort_by(|x, y| key(x).cmp(&key(y)));
    let (mut i, mut j) = (0, 0);
    let (mut cancelled, mut added) = (Vec::new(), Vec::new());
    while i < a.len() || j < b.len() {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) => match key(x).cmp(&key(y)) {
                Ordering::Equal => {
                    i += 1;
                    j += 1;
                }
                Ordering::Less => {
                    cancelled.push((*x).clone());
                    i += 1;
                }
                Ordering::Greater => {
                    added.push((*y).clone());
                    j += 1;
                }
            },
            (Some(x), None) => {
                cancelled.push((*x).clone());
                i += 1;
            }
            (None, Some(y)) => {
                added.push((*y).clone());
                j += 1;
            }
            (None, None) => break,
        }
    }
    (cancelled, added)
}

/// Plans each what-if (base events plus its own) and compares it with `base`.
pub fn what_if(
    dir: &Directory,
    incident: &IncidentStart,
    base_events: &[EscalationEvent],
    base: &Plan,
    scenarios: &[Scenario],
    options: &PlanOptions,
) -> Result<Vec<PlanChange>, EscalationError> {
    if scenarios.len() > MAX_SCENARIOS {
        return Err(EscalationError::limit(
            "what-if scenarios",
            scenarios.len(),
            MAX_SCENARIOS,
            "split them over several calls",
        ));
    }
    let mut out = Vec::with_capacity(scenarios.len());
    for s in scenarios {
        let mut events = base_events.to_vec();
        events.extend(s.events.iter().cloned());
        let p = plan(dir, incident, &events, options)?;
        let (cancelled, added) = compare(&base.notifications, &p.notifications);
        out.push(PlanChange {
            name: s.name.clone(),
            cancelled,
            added,
            end: p.end,
            problems: p.problems,
        });
    }
    Ok(out)
}
