//! Escalation policies and notification plans: who is paged, when, and why — aware of
//! schedules, urgency and sleep.
//!
//! An [`EscalationPolicy`] is an ordered list of **levels**. When an incident triggers, the
//! people of level 1 are notified; if nobody acknowledges within the level's `delay`, level 2
//! is reached, and so on; after the last level the policy **repeats** `repeat` more times.
//! Each notified person is contacted by their own **notification rules** ("push at once, SMS
//! after 5 minutes, call after 10") for the incident's **urgency**. Acknowledging stops the
//! escalation; an **acknowledgement timeout** brings it back; resolving stops everything;
//! **reassigning** starts another policy at level 1.
//!
//! ```
//! use watchstander::escalation::{plan, Directory, EscalationEvent, EscalationPolicy, IncidentStart, PlanOptions};
//! use watchstander::schedule::{Interval, Schedule};
//! use watchstander::time::parse_instant;
//!
//! // Level 1: whoever is on call on the weekly primary; level 2, after 15 minutes: Dana.
//! let schedule: Schedule = serde_json::from_value(serde_json::json!({
//!   "id": "primary", "zone": "Europe/London",
//!   "layers": [{"id": "weekly", "rotation": {"members": ["alice", "bob"],
//!     "anchor": "2026-01-05T09:00", "handoff": {"every": 1, "unit": "weeks"}}}]}))?;
//! let policy: EscalationPolicy = serde_json::from_value(serde_json::json!({"id": "payments",
//!   "levels": [{"targets": [{"schedule": "primary"}], "delay": "PT15M"},
//!              {"targets": [{"person": "dana"}], "delay": "PT30M"}]}))?;
//! let people = serde_json::from_value(serde_json::json!([
//!   {"id": "alice", "contact_methods": [{"id": "app", "kind": "push"}, {"id": "sms", "kind": "sms"}],
//!    "rules": {"high": [{"after": "PT0M", "contact": "app"}, {"after": "PT5M", "contact": "sms"}]}},
//!   {"id": "bob"}, {"id": "dana"}]))?;
//! let t0 = parse_instant("2026-03-09T14:30:00Z")?;
//! let window = Interval::new(t0, parse_instant("2026-03-10T14:30:00Z")?)?;
//! let dir = Directory::new(vec![policy], vec![schedule], people, None, window)?;
//!
//! // Turn 9 of the rotation is Bob's; nobody acknowledges, so Dana is paged at 14:45.
//! let p = plan(&dir, &IncidentStart::new("INC-7", t0), &[], &PlanOptions::default())?;
//! let who: Vec<(String, &str)> = p.notifications.iter().map(|n| (n.at.format("%H:%M").to_string(), n.person.as_str())).collect();
//! assert_eq!(who, [("14:30".to_string(), "bob"), ("14:45".to_string(), "dana")]);
//! assert!(p.notifications[0].why.contains("layer weekly (every week), turn 9: member 2 of 2"));
//!
//! // What if Bob acknowledges at 14:40? Dana is never paged.
//! let ack = EscalationEvent::Acknowledged { at: parse_instant("2026-03-09T14:40:00Z")?, by: Some("bob".into()) };
//! let q = plan(&dir, &IncidentStart::new("INC-7", t0), &[ack], &PlanOptions::default())?;
//! assert_eq!(q.notifications.len(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The pieces
//!
//! * [`EscalationPolicy`] (`policy`) — levels, delays counted from the level (PagerDuty) or
//!   from creation (Opsgenie), repeat loops, acknowledgement timeout, options;
//! * [`Target`] (`target`) — people, schedules (resolved when the level is reached, with the
//!   layer and reason), round robins, other policies;
//! * [`UrgencyRule`] (`urgency`) — high/low from severity or support hours, raised when
//!   support hours start; **low urgency notifies but never escalates**;
//! * [`PersonProfile`] (`rules`) — contact methods and notification rules per urgency;
//! * [`wake_time`] (`sleep`) — sleep-aware deferral and follow-the-sun routing for low urgency;
//! * [`Directory`] — policies, compiled schedules and people checked together;
//! * [`EscalationRun`] (`run`) — the live, clock-free state machine: `apply(event)`,
//!   `due(now)`;
//! * [`plan`] (`plan`) — every notification that will happen if nobody acts, and
//!   [`what_if`] comparisons;
//! * [`handoff_notices`] (`handoff`) — "you are on call from 09:00" messages;
//! * [`Explanation`] (`why`) and [`Name`] (`name`) — a plan's sentences kept as data and
//!   written when read, and names shared with the directory rather than copied.
//!
//! # Semantics in one place
//!
//! * **Delays.** With `delay_from: "level"` (default) a level's `delay` counts from arrival at
//!   it; with `"creation"` from the start of the loop, so delays must increase. Delays are
//!   whole minutes from [`MIN_DELAY_MINUTES`] to [`MAX_DELAY_MINUTES`].
//! * **Empty levels.** A level that resolves to nobody is reported; with
//!   `skip_empty_levels` (default) it is skipped at once, except the last level of a loop
//!   (skipping it would use up a loop without time passing — GoAlert's guard). A loop in which
//!   nobody at all could be notified is a `unreachable` problem: the page would be lost.
//! * **Acknowledgements** stop escalation and cancel every contact attempt not yet due. An
//!   acknowledgement timeout re-triggers the incident at its level (`resume`, default) or from
//!   level 1 (`restart`), notifying the acknowledger too.
//! * **Escalating** past a level stops that level's remaining contact attempts
//!   (`on_escalate: "reassign"`, PagerDuty) unless `keep_notifying` (GoAlert).
//! * **Ties**: events before timers before notifications at one instant.
//!
//! # Limits
//!
//! Documents: [`MAX_LEVELS`] levels, [`MAX_TARGETS`] targets per level, [`MAX_ROUND_ROBIN`]
//! round-robin members, [`MAX_REPEATS`] repeats, [`MAX_POLICIES`] policies,
//! [`MAX_SCHEDULES`] schedules, [`MAX_PEOPLE`] people, [`MAX_CONTACT_METHODS`] contact methods
//! and [`MAX_RULES`] rules per urgency per person, [`MAX_POLICY_DEPTH`] nested policy targets.
//! Plans: a horizon of at most [`MAX_HORIZON_DAYS`] days, at most [`MAX_NOTIFICATIONS`]
//! notifications, [`MAX_EVENTS`] events and [`MAX_SCENARIOS`] what-ifs. Exceeding one is a
//! typed error naming the bound ([`EscalationError::LimitExceeded`], or
//! [`EscalationError::InvalidBound`] for plan bounds), except the notification limit, which
//! ends the plan with a `truncated` problem.

/// Records a step of the escalation log, building its detail only when explanations are on.
macro_rules! step {
    ($run:expr, $at:expr, $kind:expr, $level:expr, $people:expr, $detail:expr $(,)?) => {{
        let at = $at;
        if $run.options.explain {
            let detail = $detail;
            $run.step(at, $kind, $level, $people, detail);
        } else {
            $run.last_step_at = $run.last_step_at.max(at);
        }
    }};
}

mod apply;
mod directory;
mod error;
mod event;
mod handoff;
mod json;
mod log;
mod name;
mod notify;
mod plan;
mod policy;
mod rules;
mod run;
mod sleep;
mod target;
mod timers;
mod urgency;
mod why;

pub use directory::Directory;
pub use error::EscalationError;
pub use event::EscalationEvent;
pub use handoff::{handoff_notices, HandoffKind, HandoffNotice};
pub use log::{Problem, ProblemKind, RunState, RunStatus, Step, StepKind};
pub use name::Name;
pub use notify::{Cause, CompactNotification, Notification};
pub use plan::{
    compare, plan, plan_compact, what_if, CompactPlan, EndReason, Plan, PlanChange, PlanEnd,
    PlanOptions, Scenario,
};
pub use policy::{
    AckTimeoutMode, DelayFrom, EscalationPolicy, EscalationPolicySpec, Level, OnEscalate, SleepMode,
};
pub use rules::{
    Attempt, ContactKind, ContactMethod, PersonProfile, PersonSpec, RuleSet, RuleSpec,
    MAX_HANDOFF_NOTICE_MINUTES,
};
pub use run::{EscalationRun, IncidentStart, RunOptions};
pub use sleep::wake_time;
pub use target::{Member, Target, Via};
pub use urgency::{Urgency, UrgencyChoice, UrgencyRule};
pub use why::Explanation;

/// The most levels one policy may have.
pub const MAX_LEVELS: usize = 50;
/// The most targets one level may have.
pub const MAX_TARGETS: usize = 50;
/// The most members one round robin may have.
pub const MAX_ROUND_ROBIN: usize = 100;
/// The most repeats (loops after the first) a policy may have (Opsgenie's cap is 20).
pub const MAX_REPEATS: u32 = 20;
/// The shortest level delay, acknowledgement timeout or non-zero rule delay, in minutes.
pub const MIN_DELAY_MINUTES: i64 = 1;
/// The longest level delay, acknowledgement timeout or rule delay, in minutes (one day).
pub const MAX_DELAY_MINUTES: i64 = 1_440;
/// The most escalation policies one directory may hold.
pub const MAX_POLICIES: usize = 1_000;
/// The most schedules one directory may hold.
pub const MAX_SCHEDULES: usize = 1_000;
/// The most people one directory may hold.
pub const MAX_PEOPLE: usize = 10_000;
/// The most contact methods one person may have.
pub const MAX_CONTACT_METHODS: usize = 20;
/// The most notification rules one person may have per urgency.
pub const MAX_RULES: usize = 20;
/// How deep `policy` targets may nest (policy A's level names policy B, whose level 1 names C...).
pub const MAX_POLICY_DEPTH: usize = 8;
/// The longest plan horizon, in days.
pub const MAX_HORIZON_DAYS: i64 = 31;
/// The default plan horizon, in hours.
pub const DEFAULT_HORIZON_HOURS: i64 = 24;
/// The most notifications one plan or run may schedule.
pub const MAX_NOTIFICATIONS: usize = 100_000;
/// The default notification limit of a plan or run.
pub const DEFAULT_MAX_NOTIFICATIONS: usize = 1_000;
/// The most events one plan takes.
pub const MAX_EVENTS: usize = 10_000;
/// The most what-if scenarios one plan compares.
pub const MAX_SCENARIOS: usize = 20;

/// Refuses instants outside the years 1 to 9999 (what RFC 3339 can write), so that adding a
/// plan's horizon or a day of delay can never leave chrono's range.
pub(crate) fn check_supported(
    t: chrono::DateTime<chrono::Utc>,
    what: &str,
) -> Result<(), EscalationError> {
    use chrono::Datelike;
    if (1..=9999).contains(&t.year()) {
        Ok(())
    } else {
        Err(EscalationError::InvalidBound {
            reason: format!("{what} {t} is outside the years 1 to 9999"),
        })
    }
}
