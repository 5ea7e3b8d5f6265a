//! `escalation.*` operations.
//!
//! Every operation takes the documents of `docs/formats/escalation.md` — `policies`,
//! `schedules`, `people` and an optional `severity_policy` — builds a
//! [`Directory`](crate::escalation::Directory) (checking every reference and compiling the
//! schedules once over the window the operation needs) and answers from it. Input and output
//! types are typed structs: their field docs are the JSON Schema descriptions.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::{Op, Operation};
use crate::escalation::{
    handoff_notices, plan, what_if, Directory, EscalationError, EscalationEvent, EscalationPolicy,
    EscalationRun, HandoffNotice, IncidentStart, Notification, PersonProfile, Plan, PlanChange,
    PlanOptions, Problem, RunOptions, RunState, Scenario, Step, DEFAULT_HORIZON_HOURS,
    DEFAULT_MAX_NOTIFICATIONS, MAX_EVENTS,
};
use crate::incident::{Event, EventKind};
use crate::schedule::{Interval, Schedule};
use crate::severity::SeverityPolicy;
use crate::time::IsoDuration;
use crate::Error;

pub(super) const OPERATIONS: &[Operation] = &[
    Operation::of::<Validate>(),
    Operation::of::<PlanOp>(),
    Operation::of::<Simulate>(),
    Operation::of::<HandoffNotices>(),
];

pub(crate) struct Validate;
impl Op for Validate {
    const NAME: &'static str = "escalation.validate";
    const SUMMARY: &'static str =
        "check policies, schedules and people together; summary of each policy";
    const DOC: &'static str = "Checks escalation policies, the schedules they target and the \
        people they notify against each other: every person target has a profile, every \
        schedule and policy target exists, policies do not hand to each other in a circle, \
        delays and limits are in range. Returns a summary of each policy (levels, loop length, \
        acknowledgement timeout) and the schedule members who have no profile (they are \
        contacted once, at once, with no contact method). See `docs/escalation.md`.";
    const EXAMPLE: &'static str = concat!(
        r#"{"at": "2026-03-09T10:00:00Z", "#,
        r#""policies": [{"id": "payments", "levels": [{"targets": [{"person": "alice"}], "delay": "PT10M"}]}], "#,
        r#""people": [{"id": "alice"}]}"#
    );
    type Input = EscalationValidateInput;
    type Output = EscalationValidateOutput;
    fn run(i: EscalationValidateInput) -> Result<EscalationValidateOutput, Error> {
        validate(i)
    }
}

pub(crate) struct PlanOp;
impl Op for PlanOp {
    const NAME: &'static str = "escalation.plan";
    const SUMMARY: &'static str = "every notification an incident will cause if nobody acts (who, when, level, loop, method, why), with what-ifs";
    const DOC: &'static str = "Plans the escalation of an incident to a horizon: every \
        notification that will be sent if nobody acts — who, when, level, loop, contact method, \
        urgency and why — the escalation log (levels reached or skipped, loops, \
        acknowledgements), problems (a page nobody can receive, a plan cut short) and how it \
        ends. Given events (acknowledged, resolved, severity_changed, reassigned, retriggered, \
        escalated) or incident-lifecycle events, plans with them; each `what_if` scenario adds \
        events and reports which notifications it cancels and adds. Delays count from arrival \
        at the level (PagerDuty) or from creation (Opsgenie); low urgency never escalates; an \
        acknowledgement timeout re-triggers. Bounded by `horizon` (at most 31 days) and \
        `max_notifications` (at most 100 000). See `docs/escalation.md`.";
    const EXAMPLE: &'static str = concat!(
        r#"{"incident": {"id": "INC-7", "created": "2026-03-09T10:00:00Z"}, "#,
        r#""what_if": [{"name": "ack at 10:03", "events": [{"kind": "acknowledged", "at": "2026-03-09T10:03:00Z", "by": "alice"}]}], "#,
        r#""policies": [{"id": "payments", "ack_timeout": "PT30M", "levels": [{"targets": [{"person": "alice"}], "delay": "PT10M"}, {"targets": [{"person": "bob"}], "delay": "PT10M"}]}], "#,
        r#""people": [{"id": "alice", "contact_methods": [{"id": "app", "kind": "push"}, {"id": "sms", "kind": "sms"}], "rules": {"high": [{"after": "PT0M", "contact": "app"}, {"after": "PT5M", "contact": "sms"}]}}, {"id": "bob"}]}"#
    );
    type Input = PlanInput;
    type Output = PlanOutput;
    fn run(i: PlanInput) -> Result<PlanOutput, Error> {
        plan_op(i)
    }
}

pub(crate) struct Simulate;
impl Op for Simulate {
    const NAME: &'static str = "escalation.simulate";
    const SUMMARY: &'static str = "replay an incident's events and due-checks through the live escalation: the timeline and the state";
    const DOC: &'static str = "Runs the live escalation state machine as a host would: applies \
        the events in time order and asks what is due at each tick (default: whenever \
        something is due), up to `until`. Returns the timeline of steps and notifications — \
        each notification with the tick that handed it out — the problems and the final state \
        (status, urgency, level, loop, next escalation, acknowledgement timeout). At one \
        instant events apply before timers, and timers before notifications.";
    const EXAMPLE: &'static str = concat!(
        r#"{"incident": {"id": "INC-7", "created": "2026-03-09T10:00:00Z"}, "until": "2026-03-09T11:00:00Z", "#,
        r#""events": [{"kind": "acknowledged", "at": "2026-03-09T10:12:00Z", "by": "bob"}], "#,
        r#""policies": [{"id": "payments", "levels": [{"targets": [{"person": "alice"}], "delay": "PT10M"}, {"targets": [{"person": "bob"}], "delay": "PT10M"}]}], "#,
        r#""people": [{"id": "alice"}, {"id": "bob"}]}"#
    );
    type Input = SimulateInput;
    type Output = SimulateOutput;
    fn run(i: SimulateInput) -> Result<SimulateOutput, Error> {
        simulate(i)
    }
}

pub(crate) struct HandoffNotices;
impl Op for HandoffNotices {
    const NAME: &'static str = "escalation.handoff_notices";
    const SUMMARY: &'static str =
        "\"you are on call from 09:00\" messages before each handoff, per person and zone";
    const DOC: &'static str = "For each handoff of a schedule in `[start, end)`, a message to \
        every person coming on call (and, with `off_call`, going off) `lead` before it — or \
        their own `handoff_notice` — with the times read on their own clock and, for on-call \
        notices, when they go off call again. People on call on both sides get nothing.";
    const EXAMPLE: &'static str = concat!(
        r#"{"start": "2026-03-05T00:00:00Z", "end": "2026-03-20T00:00:00Z", "#,
        r#""schedule": {"id": "payments", "zone": "Europe/London", "layers": [{"id": "weekly", "#,
        r#""rotation": {"members": ["alice", "bob"], "anchor": "2026-01-05T09:00", "handoff": {"every": 1, "unit": "weeks"}}}]}}"#
    );
    type Input = HandoffInput;
    type Output = HandoffOutput;
    fn run(i: HandoffInput) -> Result<HandoffOutput, Error> {
        handoffs(i)
    }
}

/// A schedule document, validated on input (its schema is the schedule format's).
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct ScheduleDoc(pub Schedule);

impl<'de> Deserialize<'de> for ScheduleDoc {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Schedule::deserialize(d).map(ScheduleDoc)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for ScheduleDoc {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Schedule".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        crate::schedule::ScheduleSpec::json_schema(generator)
    }
}

pub(super) fn directory(
    policies: Vec<EscalationPolicy>,
    schedules: Vec<ScheduleDoc>,
    people: Vec<PersonProfile>,
    severity_policy: Option<SeverityPolicy>,
    window: Interval,
) -> Result<Directory, Error> {
    Ok(Directory::new(
        policies,
        schedules.into_iter().map(|s| s.0).collect(),
        people,
        severity_policy,
        window,
    )?)
}

pub(super) fn fixed(d: &IsoDuration, what: &str) -> Result<Duration, Error> {
    d.to_fixed().map_err(|_| {
        Error::from(EscalationError::InvalidBound {
            reason: format!("{what} {d} has months or years; give it in days, hours or minutes"),
        })
    })
}

/// Input of `escalation.validate`.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct EscalationValidateInput {
    /// Escalation policies.
    pub policies: Vec<EscalationPolicy>,
    /// Schedules the policies target (the schedule format).
    #[serde(default)]
    pub schedules: Vec<ScheduleDoc>,
    /// People with contact methods and notification rules.
    #[serde(default)]
    pub people: Vec<PersonProfile>,
    /// The severity policy urgency rules read (default SEV-1..SEV-4).
    #[serde(default)]
    pub severity_policy: Option<SeverityPolicy>,
    /// The schedules are compiled for the day from this instant to check who they can put on
    /// call.
    pub at: DateTime<Utc>,
}

/// One policy in `escalation.validate`'s summary.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct PolicySummary {
    /// Policy id.
    pub id: String,
    /// Number of levels.
    pub levels: usize,
    /// Repeats after the first loop.
    pub repeat: u32,
    /// Minutes from level 1 to the end of one loop if nobody acknowledges and no level is
    /// skipped.
    pub loop_minutes: i64,
    /// Minutes from the trigger until the policy runs out if nobody acknowledges.
    pub total_minutes: i64,
    /// Acknowledgement timeout in minutes, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ack_timeout_minutes: Option<i64>,
    /// Schedules the policy targets.
    pub schedules: Vec<String>,
}

/// Output of `escalation.validate`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct EscalationValidateOutput {
    /// Always true (invalid input is an error).
    pub valid: bool,
    /// Each policy.
    pub policies: Vec<PolicySummary>,
    /// People the schedules can put on call who have no profile: they are contacted once, at
    /// once, with no contact method.
    pub people_without_profile: Vec<String>,
}

pub(crate) fn validate(i: EscalationValidateInput) -> Result<EscalationValidateOutput, Error> {
    let window = Interval::new(i.at, i.at + Duration::days(1))?;
    let summaries: Vec<PolicySummary> = i
        .policies
        .iter()
        .map(|p| {
            let loop_minutes: i64 = (0..p.levels().len())
                .map(|l| p.dwell(l).num_minutes())
                .sum();
            let mut schedules: Vec<String> = p
                .references()
                .into_iter()
                .flat_map(|(_, t)| match t {
                    crate::escalation::Target::Schedule(s) => vec![s.clone()],
                    crate::escalation::Target::RoundRobin(m) => m
                        .iter()
                        .filter_map(|m| match m {
                            crate::escalation::Member::Schedule(s) => Some(s.clone()),
                            crate::escalation::Member::Person(_) => None,
                        })
                        .collect(),
                    _ => vec![],
                })
                .collect();
            schedules.sort();
            schedules.dedup();
            PolicySummary {
                id: p.id().to_string(),
                levels: p.levels().len(),
                repeat: p.spec().repeat,
                loop_minutes,
                total_minutes: loop_minutes * i64::from(p.spec().repeat + 1),
                ack_timeout_minutes: p.ack_timeout().map(|d| d.num_minutes()),
                schedules,
            }
        })
        .collect();
    let dir = directory(i.policies, i.schedules, i.people, i.severity_policy, window)?;
    Ok(EscalationValidateOutput {
        valid: true,
        policies: summaries,
        people_without_profile: dir.people_without_profile(),
    })
}

/// Input of `escalation.plan`.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct PlanInput {
    /// Escalation policies.
    pub policies: Vec<EscalationPolicy>,
    /// Schedules the policies target (the schedule format).
    #[serde(default)]
    pub schedules: Vec<ScheduleDoc>,
    /// People with contact methods and notification rules.
    #[serde(default)]
    pub people: Vec<PersonProfile>,
    /// The severity policy urgency rules read (default SEV-1..SEV-4).
    #[serde(default)]
    pub severity_policy: Option<SeverityPolicy>,
    /// The incident: id, creation instant, severity, policy, round-robin number. May be left
    /// out when `incident_events` has a `detected` event.
    #[serde(default)]
    pub incident: Option<IncidentStart>,
    /// Escalation events (acknowledged, resolved, severity_changed, reassigned, retriggered,
    /// escalated).
    #[serde(default)]
    pub events: Vec<EscalationEvent>,
    /// Incident-lifecycle events (the incident format); those that matter to escalation are
    /// mapped onto escalation events, and `detected` gives the incident if `incident` is absent.
    #[serde(default)]
    pub incident_events: Vec<Event>,
    /// How far after creation to plan (default `PT24H`, at most `P31D`).
    #[serde(default)]
    pub horizon: Option<IsoDuration>,
    /// The most notifications to plan (default 1000, at most 100000).
    #[serde(default)]
    pub max_notifications: Option<usize>,
    /// Write each notification's `why` (default true).
    #[serde(default)]
    pub explain: Option<bool>,
    /// What-ifs: events added to `events`, each compared with the base plan.
    #[serde(default)]
    pub what_if: Vec<Scenario>,
}

/// Output of `escalation.plan`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct PlanOutput {
    /// The plan.
    #[serde(flatten)]
    pub plan: Plan,
    /// How each what-if changes it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub what_if: Vec<PlanChange>,
}

/// The incident and events of an input: `incident` or the `detected` incident event, plus the
/// escalation events and the mapped incident events.
pub(super) fn incident_and_events(
    incident: Option<IncidentStart>,
    events: Vec<EscalationEvent>,
    incident_events: &[Event],
) -> Result<(IncidentStart, Vec<EscalationEvent>), Error> {
    if events.len().saturating_add(incident_events.len()) > MAX_EVENTS {
        return Err(EscalationError::limit(
            "events",
            events.len().saturating_add(incident_events.len()),
            MAX_EVENTS,
            "plan a shorter stretch of the incident",
        )
        .into());
    }
    let detected = incident_events.iter().find_map(|e| match &e.kind {
        EventKind::Detected { severity, .. } => Some(IncidentStart {
            id: e.incident.clone(),
            created: e.occurred_at,
            severity: Some(severity.clone()),
            policy: None,
            number: 0,
        }),
        _ => None,
    });
    let incident = incident.or(detected).ok_or_else(|| {
        Error::from(EscalationError::InvalidBound {
            reason: "give the \"incident\" (id, created...) or a \"detected\" event in \"incident_events\"".to_string(),
        })
    })?;
    let mut all = events;
    all.extend(
        incident_events
            .iter()
            .filter_map(EscalationEvent::from_incident),
    );
    Ok((incident, all))
}

pub(crate) fn plan_op(i: PlanInput) -> Result<PlanOutput, Error> {
    let (incident, events) = incident_and_events(i.incident, i.events, &i.incident_events)?;
    let horizon = match &i.horizon {
        Some(h) => fixed(h, "horizon")?,
        None => Duration::hours(DEFAULT_HORIZON_HOURS),
    };
    let options = PlanOptions {
        horizon,
        max_notifications: i.max_notifications.unwrap_or(DEFAULT_MAX_NOTIFICATIONS),
        explain: i.explain.unwrap_or(true),
    };
    options.validate()?;
    let window = Interval::new(
        incident.created,
        incident.created + horizon + Duration::minutes(1),
    )?;
    let dir = directory(i.policies, i.schedules, i.people, i.severity_policy, window)?;
    let base = plan(&dir, &incident, &events, &options)?;
    let changes = what_if(&dir, &incident, &events, &base, &i.what_if, &options)?;
    Ok(PlanOutput {
        plan: base,
        what_if: changes,
    })
}

/// Input of `escalation.simulate`.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct SimulateInput {
    /// Escalation policies.
    pub policies: Vec<EscalationPolicy>,
    /// Schedules the policies target (the schedule format).
    #[serde(default)]
    pub schedules: Vec<ScheduleDoc>,
    /// People with contact methods and notification rules.
    #[serde(default)]
    pub people: Vec<PersonProfile>,
    /// The severity policy urgency rules read (default SEV-1..SEV-4).
    #[serde(default)]
    pub severity_policy: Option<SeverityPolicy>,
    /// The incident (may be left out when `incident_events` has a `detected` event).
    #[serde(default)]
    pub incident: Option<IncidentStart>,
    /// Escalation events.
    #[serde(default)]
    pub events: Vec<EscalationEvent>,
    /// Incident-lifecycle events, mapped onto escalation events.
    #[serde(default)]
    pub incident_events: Vec<Event>,
    /// The instants at which the host asks what is due, as a scheduler would; each
    /// notification is handed out at the first tick at or after its time. Default: every
    /// instant at which something is due, so nothing is late.
    #[serde(default)]
    pub ticks: Vec<DateTime<Utc>>,
    /// Run until this instant (at most 31 days after creation).
    pub until: DateTime<Utc>,
    /// The most notifications (default 1000).
    #[serde(default)]
    pub max_notifications: Option<usize>,
}

/// One line of a simulation.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct SimulationEntry {
    /// When it happened (for a notification: when it was due).
    pub at: DateTime<Utc>,
    /// `step` or `notification`.
    pub kind: String,
    /// For a notification: the tick at which `due` handed it out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sent_at: Option<DateTime<Utc>>,
    /// The step, for `step`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub step: Option<Step>,
    /// The notification, for `notification`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notification: Option<Notification>,
}

/// Output of `escalation.simulate`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct SimulateOutput {
    /// Steps and notifications, in time order (steps first at one instant).
    pub timeline: Vec<SimulationEntry>,
    /// Problems found.
    pub problems: Vec<Problem>,
    /// The state after the last event or tick (`until` with automatic ticking).
    pub state: RunState,
}

pub(crate) fn simulate(i: SimulateInput) -> Result<SimulateOutput, Error> {
    let (incident, mut events) = incident_and_events(i.incident, i.events, &i.incident_events)?;
    let horizon = i.until - incident.created;
    PlanOptions {
        horizon,
        max_notifications: i.max_notifications.unwrap_or(DEFAULT_MAX_NOTIFICATIONS),
        explain: true,
    }
    .validate()?;
    if i.ticks.len() > MAX_EVENTS {
        return Err(
            EscalationError::limit("ticks", i.ticks.len(), MAX_EVENTS, "tick less often").into(),
        );
    }
    let window = Interval::new(incident.created, i.until + Duration::minutes(1))?;
    let dir = directory(i.policies, i.schedules, i.people, i.severity_policy, window)?;
    let mut run = EscalationRun::start(
        &dir,
        &incident,
        RunOptions {
            max_notifications: i.max_notifications.unwrap_or(DEFAULT_MAX_NOTIFICATIONS),
            explain: true,
        },
    )?;
    events.sort_by_key(|e| e.at());
    let mut ticks = i.ticks.clone();
    ticks.retain(|t| *t <= i.until);
    ticks.sort();
    let mut sent: Vec<(DateTime<Utc>, Notification)> = Vec::new();
    let mut ev = events.into_iter().peekable();
    let mut tk = ticks.into_iter().peekable();
    let auto = i.ticks.is_empty();
    loop {
        // The next thing: an event, a tick, or (automatic ticking) the next due instant.
        let next_event = ev.peek().map(|e| e.at());
        let next_tick = if auto {
            run.next_due().filter(|t| *t <= i.until)
        } else {
            tk.peek().copied()
        };
        match (next_event, next_tick) {
            (Some(e), t) if t.is_none_or(|t| e <= t) => {
                if let Some(event) = ev.next() {
                    if event.at() > i.until {
                        break;
                    }
                    run.apply(&dir, &event)?;
                }
            }
            (_, Some(t)) => {
                if !auto {
                    tk.next();
                }
                for n in run.due(&dir, t)? {
                    sent.push((t, n));
                }
            }
            // Nothing left (an event always matches the first arm when no tick is left).
            _ => break,
        }
    }
    if auto {
        for n in run.due(&dir, i.until)? {
            sent.push((i.until, n));
        }
    }
    let mut timeline: Vec<SimulationEntry> = run
        .steps()
        .iter()
        .map(|s| SimulationEntry {
            at: s.at,
            kind: "step".to_string(),
            sent_at: None,
            step: Some(s.clone()),
            notification: None,
        })
        .collect();
    timeline.extend(sent.into_iter().map(|(t, n)| SimulationEntry {
        at: n.at,
        kind: "notification".to_string(),
        sent_at: Some(t),
        step: None,
        notification: Some(n),
    }));
    // Stable: steps (listed first) before notifications at one instant.
    timeline.sort_by_key(|e| e.at);
    Ok(SimulateOutput {
        timeline,
        problems: run.problems().to_vec(),
        state: run.state(),
    })
}

/// Input of `escalation.handoff_notices`.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct HandoffInput {
    /// The schedule (the schedule format).
    pub schedule: ScheduleDoc,
    /// People: zones and per-person `handoff_notice` leads.
    #[serde(default)]
    pub people: Vec<PersonProfile>,
    /// Handoffs from this instant...
    pub start: DateTime<Utc>,
    /// ...to this one (exclusive).
    pub end: DateTime<Utc>,
    /// How long before a handoff to tell people (default `PT1H`, at most `P2D`).
    #[serde(default)]
    pub lead: Option<IsoDuration>,
    /// Also tell people going off call (default false).
    #[serde(default)]
    pub off_call: bool,
}

/// Output of `escalation.handoff_notices`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct HandoffOutput {
    /// The notices, by send time.
    pub notices: Vec<HandoffNotice>,
}

pub(crate) fn handoffs(i: HandoffInput) -> Result<HandoffOutput, Error> {
    let lead = match &i.lead {
        Some(l) => fixed(l, "lead")?,
        None => Duration::hours(1),
    };
    let window = Interval::new(i.start, i.end)?;
    // Compile a little further so that "until" can be found for the last handoffs.
    let compiled_window = Interval::new(i.start, i.end + Duration::days(7))?;
    let compiled = i.schedule.0.compile(compiled_window)?;
    Ok(HandoffOutput {
        notices: handoff_notices(&compiled, &i.people, window, lead, i.off_call)?,
    })
}
