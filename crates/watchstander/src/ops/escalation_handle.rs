//! `escalation.LiveEscalation`: the live escalation of one incident, kept between calls.
//!
//! `escalation.simulate` runs a whole incident in one call; a bot that pages people as things
//! happen keeps this handle instead: it feeds events as they arrive (`apply`,
//! `apply_incident_event`) and asks at each tick what to send (`due`), sleeping until
//! `next_due` in between. The handle checks the documents and compiles the schedules once, at
//! construction, over the incident's horizon.
//!
//! Its state is the constructor's input plus the log of calls that changed it (events applied,
//! and the instants `due` was asked at — consecutive `due` calls kept as the last one, which
//! leaves the run in the same state); restoring replays that log, so a restored handle is the
//! same machine, deterministically.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::escalation::{directory, fixed, incident_and_events, ScheduleDoc};
use super::handle::{Handle, Method, MethodRecord, NoArgs};
use crate::escalation::{
    Directory, EscalationError, EscalationEvent, EscalationPolicy, EscalationRun, IncidentStart,
    Notification, PersonProfile, Problem, RunOptions, RunState, Step, DEFAULT_HORIZON_HOURS,
    DEFAULT_MAX_NOTIFICATIONS, MAX_EVENTS, MAX_HORIZON_DAYS,
};
use crate::incident::Event;
use crate::schedule::Interval;
use crate::severity::SeverityPolicy;
use crate::time::IsoDuration;
use crate::Error;

/// The documents and the incident an [`EscalationHandle`] is built from (what
/// `escalation.simulate` takes, without the ticks).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EscalationArgs {
    /// Escalation policies.
    pub policies: Vec<EscalationPolicy>,
    /// Schedules the policies target (the schedule format).
    #[serde(default)]
    pub schedules: Vec<ScheduleDoc>,
    /// People with contact methods and notification rules.
    #[serde(default)]
    pub people: Vec<PersonProfile>,
    /// The severity policy urgency rules read (default SEV-1..SEV-4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity_policy: Option<SeverityPolicy>,
    /// The incident (may be left out when `incident_events` has a `detected` event).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incident: Option<IncidentStart>,
    /// Escalation events known at construction, applied in time order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<EscalationEvent>,
    /// Incident-lifecycle events known at construction, mapped onto escalation events.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub incident_events: Vec<Event>,
    /// How long after creation the handle can run (default `PT24H`, at most `P31D`): the
    /// schedules are compiled over it, and events or `due` calls after it are refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub horizon: Option<IsoDuration>,
    /// The most notifications the run holds (default 1000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_notifications: Option<usize>,
}

/// One call that changed an [`EscalationHandle`], as kept in its state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(rename = "EscalationCall"))]
pub enum EscalationCall {
    /// An event was applied.
    Apply(EscalationEvent),
    /// `due` was asked at this instant.
    Due(DateTime<Utc>),
}

/// An [`EscalationHandle`]'s state: how it was built and the calls since.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EscalationHandleState {
    /// The constructor's input.
    pub args: EscalationArgs,
    /// The calls that changed it, in order.
    #[serde(default)]
    pub calls: Vec<EscalationCall>,
}

/// The live escalation of one incident.
pub struct EscalationHandle {
    args: EscalationArgs,
    dir: Directory,
    run: EscalationRun,
    calls: Vec<EscalationCall>,
    horizon_start: DateTime<Utc>,
    horizon_end: DateTime<Utc>,
}

impl EscalationHandle {
    /// The directory (policies, compiled schedules, people).
    pub fn directory(&self) -> &Directory {
        &self.dir
    }

    /// The live run.
    pub fn run(&self) -> &EscalationRun {
        &self.run
    }

    /// Refuses a call its state could not keep, before the call changes anything: a refused
    /// call hands out no notification and applies no event. A `due` right after a `due` is
    /// kept as one call (the later instant), so it always has room.
    fn room_for(&self, due: bool) -> Result<(), Error> {
        let merges = due && matches!(self.calls.last(), Some(EscalationCall::Due(_)));
        if !merges && self.calls.len() >= 2 * MAX_EVENTS {
            return Err(EscalationError::limit(
                "calls kept by the escalation handle",
                self.calls.len() + 1,
                2 * MAX_EVENTS,
                "an incident with this many events is better planned in pieces",
            )
            .into());
        }
        Ok(())
    }

    /// Keeps a call that [`Self::room_for`] allowed.
    fn record(&mut self, call: EscalationCall) {
        if let (EscalationCall::Due(now), Some(EscalationCall::Due(last))) =
            (&call, self.calls.last_mut())
        {
            *last = (*last).max(*now);
            return;
        }
        self.calls.push(call);
    }

    /// Refuses instants past the horizon the schedules were compiled over.
    fn check(&self, t: DateTime<Utc>) -> Result<(), Error> {
        if t > self.horizon_end {
            return Err(EscalationError::OutsideWindow {
                at: t,
                window_start: self.horizon_start,
                window_end: self.horizon_end,
            }
            .into());
        }
        Ok(())
    }

    fn apply_event(&mut self, event: EscalationEvent) -> Result<Applied, Error> {
        self.check(event.at())?;
        self.room_for(false)?;
        let steps_before = self.run.steps().len();
        let problems_before = self.run.problems().len();
        self.run.apply(&self.dir, &event)?;
        self.record(EscalationCall::Apply(event));
        Ok(Applied {
            steps: self
                .run
                .steps()
                .get(steps_before..)
                .unwrap_or_default()
                .to_vec(),
            problems: self
                .run
                .problems()
                .get(problems_before..)
                .unwrap_or_default()
                .to_vec(),
            state: self.run.state(),
        })
    }
}

impl Handle for EscalationHandle {
    const NAME: &'static str = "escalation.LiveEscalation";
    const SUMMARY: &'static str =
        "the live escalation of one incident: feed events, ask what is due, sleep until next_due";
    const DOC: &'static str = "The live escalation state machine of `escalation.simulate`, kept \
        between calls. Built from the policies, schedules, people and severity policy (checked \
        and compiled once, over `horizon` from the incident's creation) and the incident. \
        `apply` takes escalation events (acknowledged, resolved, severity_changed, reassigned, \
        retriggered, escalated), `apply_incident_event` incident-lifecycle events (mapped as \
        `escalation.plan` maps them); both return the steps the event caused. `due(now)` \
        returns the notifications to send by `now` (each with its `why`) and `next_due` when \
        to ask again; `plan` shows every notification still to come if nobody acts. It never reads a clock: the same calls give the same answers. Its state \
        is the input and the log of calls, replayed on restore: Python handles pickle.";
    const EXAMPLE: &'static str = concat!(
        r#"{"incident": {"id": "INC-7", "created": "2026-03-09T10:00:00Z"}, "#,
        r#""policies": [{"id": "payments", "levels": [{"targets": [{"person": "alice"}], "delay": "PT10M"}, {"targets": [{"person": "bob"}], "delay": "PT10M"}]}], "#,
        r#""people": [{"id": "alice"}, {"id": "bob"}]}"#
    );
    type New = EscalationArgs;
    type State = EscalationHandleState;

    fn new(args: EscalationArgs) -> Result<Self, Error> {
        let (incident, mut events) = incident_and_events(
            args.incident.clone(),
            args.events.clone(),
            &args.incident_events,
        )?;
        let horizon = match &args.horizon {
            Some(h) => fixed(h, "horizon")?,
            None => Duration::hours(DEFAULT_HORIZON_HOURS),
        };
        if horizon < Duration::minutes(1) || horizon > Duration::days(MAX_HORIZON_DAYS) {
            return Err(EscalationError::InvalidBound {
                reason: format!(
                    "the horizon is {} minutes; it must be 1 minute to {MAX_HORIZON_DAYS} days",
                    horizon.num_minutes()
                ),
            }
            .into());
        }
        crate::escalation::check_supported(incident.created, "the incident's creation")?;
        let window = Interval::new(incident.created, incident.created + horizon)?;
        let dir = directory(
            args.policies.clone(),
            args.schedules.clone(),
            args.people.clone(),
            args.severity_policy.clone(),
            window,
        )?;
        let run = EscalationRun::start(
            &dir,
            &incident,
            RunOptions {
                max_notifications: args.max_notifications.unwrap_or(DEFAULT_MAX_NOTIFICATIONS),
                explain: true,
            },
        )?;
        let mut h = EscalationHandle {
            args,
            dir,
            run,
            calls: Vec::new(),
            horizon_start: window.start,
            horizon_end: window.end,
        };
        events.sort_by_key(|e| e.at());
        for e in &events {
            h.run.apply(&h.dir, e)?;
        }
        Ok(h)
    }

    fn state(&self) -> EscalationHandleState {
        EscalationHandleState {
            args: self.args.clone(),
            calls: self.calls.clone(),
        }
    }

    fn restore(state: EscalationHandleState) -> Result<Self, Error> {
        if state.calls.len() > 2 * MAX_EVENTS {
            return Err(EscalationError::limit(
                "calls kept by the escalation handle",
                state.calls.len(),
                2 * MAX_EVENTS,
                "an incident with this many events is better planned in pieces",
            )
            .into());
        }
        let mut h = Self::new(state.args)?;
        for call in state.calls {
            match call {
                EscalationCall::Apply(e) => {
                    h.apply_event(e)?;
                }
                EscalationCall::Due(now) => {
                    h.room_for(true)?;
                    h.run.due_compact(&h.dir, now)?;
                    h.record(EscalationCall::Due(now));
                }
            }
        }
        Ok(h)
    }

    fn methods() -> &'static [MethodRecord] {
        METHODS
    }
}

const METHODS: &[MethodRecord] = &[
    MethodRecord::of::<EscalationHandle, Apply>(),
    MethodRecord::of::<EscalationHandle, ApplyIncidentEvent>(),
    MethodRecord::of::<EscalationHandle, Due>(),
    MethodRecord::of::<EscalationHandle, NextDue>(),
    MethodRecord::of::<EscalationHandle, PlanAhead>(),
    MethodRecord::of::<EscalationHandle, Pending>(),
    MethodRecord::of::<EscalationHandle, Status>(),
    MethodRecord::of::<EscalationHandle, Steps>(),
    MethodRecord::of::<EscalationHandle, Problems>(),
];

/// What applying an event did.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct Applied {
    /// The escalation-log steps it caused (timers that fired before it first), each with its
    /// reason in words.
    steps: Vec<Step>,
    /// Problems it revealed (a page nobody can receive, the notification limit).
    problems: Vec<Problem>,
    /// The state after it.
    state: RunState,
}

/// One escalation event.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(rename = "EscalationEventArgs"))]
pub(crate) struct EventArgs {
    /// The event.
    event: EscalationEvent,
}

pub(crate) struct Apply;
impl Method<EscalationHandle> for Apply {
    const NAME: &'static str = "apply";
    const SUMMARY: &'static str = "apply an escalation event; the steps it caused";
    const DOC: &'static str = "Applies an escalation event (acknowledged, resolved, \
        severity_changed, reassigned, retriggered, escalated). Timers due before it fire first; \
        an event older than the last `due` is applied at that instant. Returns the steps of the \
        escalation log it caused, any problems and the state after; a refused event raises and \
        changes nothing.";
    const MUTATES: bool = true;
    type Input = EventArgs;
    type Output = Applied;
    fn call(h: &mut EscalationHandle, i: EventArgs) -> Result<Applied, Error> {
        h.apply_event(i.event)
    }
}

/// One incident-lifecycle event.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct IncidentEventArgs {
    /// The event (the incident format).
    event: Event,
}

/// What applying an incident-lifecycle event did.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct AppliedIncidentEvent {
    /// The escalation event it amounts to (absent: it does not concern escalation, and
    /// nothing changed).
    #[serde(skip_serializing_if = "Option::is_none")]
    mapped: Option<EscalationEvent>,
    /// The escalation-log steps it caused.
    steps: Vec<Step>,
    /// Problems it revealed.
    problems: Vec<Problem>,
    /// The state after it.
    state: RunState,
}

pub(crate) struct ApplyIncidentEvent;
impl Method<EscalationHandle> for ApplyIncidentEvent {
    const NAME: &'static str = "apply_incident_event";
    const SUMMARY: &'static str =
        "apply an incident-lifecycle event, mapped onto an escalation event";
    const DOC: &'static str = "Maps an incident-lifecycle event onto the escalation event it \
        amounts to (acknowledged → acknowledged; resolved, closed, declined or merged → \
        resolved; severity changed; reopened → retriggered) and applies it. Events that do not \
        concern escalation (notes, status updates, roles...) change nothing and return \
        `mapped` absent.";
    const MUTATES: bool = true;
    type Input = IncidentEventArgs;
    type Output = AppliedIncidentEvent;
    fn call(h: &mut EscalationHandle, i: IncidentEventArgs) -> Result<AppliedIncidentEvent, Error> {
        match EscalationEvent::from_incident(&i.event) {
            Some(e) => {
                let a = h.apply_event(e.clone())?;
                Ok(AppliedIncidentEvent {
                    mapped: Some(e),
                    steps: a.steps,
                    problems: a.problems,
                    state: a.state,
                })
            }
            None => Ok(AppliedIncidentEvent {
                mapped: None,
                steps: Vec::new(),
                problems: Vec::new(),
                state: h.run.state(),
            }),
        }
    }
}

/// An instant.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(rename = "EscalationNowArgs"))]
pub(crate) struct NowArgs {
    /// Now.
    now: DateTime<Utc>,
}

pub(crate) struct Due;
impl Method<EscalationHandle> for Due {
    const NAME: &'static str = "due";
    const SUMMARY: &'static str = "the notifications to send now, each with who, how and why";
    const DOC: &'static str = "Fires the timers due by `now` (escalations, acknowledgement \
        timeout, urgency raise) and returns the notifications due by `now` that were not handed \
        out before, in time order, each with its level, loop, contact method and `why`. They \
        count as sent. Asking with an earlier `now` than before returns nothing.";
    const MUTATES: bool = true;
    type Input = NowArgs;
    type Output = Vec<Notification>;
    fn call(h: &mut EscalationHandle, i: NowArgs) -> Result<Vec<Notification>, Error> {
        h.check(i.now)?;
        h.room_for(true)?;
        let out = h.run.due(&h.dir, i.now)?;
        h.record(EscalationCall::Due(i.now));
        Ok(out)
    }
}

pub(crate) struct NextDue;
impl Method<EscalationHandle> for NextDue {
    const NAME: &'static str = "next_due";
    const SUMMARY: &'static str = "when to call `due` next (null: nothing more will happen)";
    const DOC: &'static str = "The instant of the next notification or timer; null when the \
        escalation is over (resolved, acknowledged without a timeout, or exhausted).";
    type Input = NoArgs;
    type Output = Option<DateTime<Utc>>;
    fn call(h: &mut EscalationHandle, _: NoArgs) -> Result<Option<DateTime<Utc>>, Error> {
        Ok(h.run.next_due())
    }
}

pub(crate) struct Pending;
impl Method<EscalationHandle> for Pending {
    const NAME: &'static str = "pending";
    const SUMMARY: &'static str = "notifications scheduled and not yet due";
    const DOC: &'static str = "The contact attempts already scheduled for the levels reached and \
        not yet handed out, in time order; an acknowledgement, a resolve or an escalation may \
        still cancel them.";
    type Input = NoArgs;
    type Output = Vec<Notification>;
    fn call(h: &mut EscalationHandle, _: NoArgs) -> Result<Vec<Notification>, Error> {
        let incident = h.run.incident().to_string();
        Ok(h.run
            .pending()
            .iter()
            .map(|n| n.to_notification(&h.dir, &incident))
            .collect())
    }
}

pub(crate) struct Status;
impl Method<EscalationHandle> for Status {
    const NAME: &'static str = "status";
    const SUMMARY: &'static str =
        "status, urgency, policy, level, loop, next escalation, acknowledgement timeout";
    const DOC: &'static str = "A snapshot of the run: status (triggered, acknowledged, \
        resolved), urgency, policy, level, loop, who acknowledged, the next escalation, the \
        acknowledgement timeout, the urgency raise, the next due instant, notifications sent \
        and the instant the run has been brought up to.";
    type Input = NoArgs;
    type Output = RunState;
    fn call(h: &mut EscalationHandle, _: NoArgs) -> Result<RunState, Error> {
        Ok(h.run.state())
    }
}

pub(crate) struct Steps;
impl Method<EscalationHandle> for Steps {
    const NAME: &'static str = "steps";
    const SUMMARY: &'static str = "the escalation log so far";
    const DOC: &'static str = "Every step so far — triggered, levels reached or skipped, loops, \
        acknowledgements, timeouts, urgency changes, reassignments — each with its reason.";
    type Input = NoArgs;
    type Output = Vec<Step>;
    fn call(h: &mut EscalationHandle, _: NoArgs) -> Result<Vec<Step>, Error> {
        Ok(h.run.steps().to_vec())
    }
}

pub(crate) struct Problems;
impl Method<EscalationHandle> for Problems {
    const NAME: &'static str = "problems";
    const SUMMARY: &'static str = "pages nobody can receive, runs cut short";
    const DOC: &'static str = "Problems found so far: a loop in which nobody could be notified \
        (the page would be lost), the notification limit reached.";
    type Input = NoArgs;
    type Output = Vec<Problem>;
    fn call(h: &mut EscalationHandle, _: NoArgs) -> Result<Vec<Problem>, Error> {
        Ok(h.run.problems().to_vec())
    }
}

/// How far ahead to plan.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct PlanAheadArgs {
    /// Plan up to this instant (default: the handle's horizon; later instants are cut to it).
    #[serde(default)]
    until: Option<DateTime<Utc>>,
}

/// What will happen if nobody acts.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "LiveEscalationPlan"))]
pub(crate) struct PlanAhead {
    /// The instant planned up to.
    until: DateTime<Utc>,
    /// Every notification not handed out yet that will be due by `until` if nobody
    /// acknowledges or resolves, in time order, each with its `why`.
    notifications: Vec<Notification>,
    /// Problems the plan runs into (a level nobody can receive, the notification limit).
    problems: Vec<Problem>,
    /// The state the run would be in at `until`.
    state: RunState,
}

impl Method<EscalationHandle> for PlanAhead {
    const NAME: &'static str = "plan";
    const SUMMARY: &'static str = "every notification still to come if nobody acts, with why";
    const DOC: &'static str = "The rest of the notification plan from the handle's current \
        state: every notification not handed out yet that falls due by `until` (default and \
        at most the horizon) if nobody acknowledges or resolves, in time order, with level, \
        loop, contact method and `why`; the problems it runs into; and the state at `until`. \
        The handle itself does not change (nothing counts as sent).";
    type Input = PlanAheadArgs;
    type Output = PlanAhead;
    fn call(h: &mut EscalationHandle, i: PlanAheadArgs) -> Result<PlanAhead, Error> {
        let until = i.until.map_or(h.horizon_end, |u| u.min(h.horizon_end));
        let mut run = h.run.clone();
        let before = run.problems().len();
        let notifications = run.due(&h.dir, until)?;
        Ok(PlanAhead {
            until,
            notifications,
            problems: run.problems().get(before..).unwrap_or_default().to_vec(),
            state: run.state(),
        })
    }
}
