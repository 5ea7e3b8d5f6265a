//! The live escalation of one incident: a pure, clock-free state machine.
//!
//! Feed it what happens ([`apply`](EscalationRun::apply)) and ask what is due
//! ([`due`](EscalationRun::due)): it returns the notifications to send by `now`, in time order,
//! and never reads a clock, so the same calls give the same answers everywhere. Between calls
//! it keeps three timers — the next escalation, the acknowledgement timeout, the support-hours
//! urgency raise — and the contact attempts already scheduled. [`next_due`](EscalationRun::next_due)
//! says when to call `due` again.
//!
//! **Ties.** At one instant, events apply before timers (an acknowledgement at the very minute
//! the level would escalate stops the escalation), and timers fire before notifications are
//! sent (a contact attempt at the minute its level escalates is not sent, as in PagerDuty).
//! An event older than the last `due` is applied at that instant ("late"), never in the past.
//!
//! ```
//! use watchstander::escalation::{Directory, EscalationEvent, EscalationPolicy, EscalationRun, IncidentStart, RunOptions};
//! use watchstander::schedule::Interval;
//! use watchstander::time::parse_instant;
//!
//! // GoAlert's smoke test "TestEscalation": step 1 pages bob, step 2 pages joe 30 minutes later.
//! let policy: EscalationPolicy = serde_json::from_value(serde_json::json!({"id": "esc", "levels": [
//!     {"targets": [{"person": "bob"}], "delay": "PT30M"},
//!     {"targets": [{"person": "joe"}], "delay": "PT60M"}]}))?;
//! let people = vec![serde_json::from_value(serde_json::json!({"id": "bob"}))?,
//!                   serde_json::from_value(serde_json::json!({"id": "joe"}))?];
//! let t0 = parse_instant("2026-03-09T10:00:00Z")?;
//! let window = Interval::new(t0, parse_instant("2026-03-10T10:00:00Z")?)?;
//! let dir = Directory::new(vec![policy], vec![], people, None, window)?;
//!
//! let incident = IncidentStart::new("INC-1", t0);
//! let mut run = EscalationRun::start(&dir, &incident, RunOptions::default())?;
//! let now: Vec<String> = run.due(&dir, t0)?.into_iter().map(|n| n.person).collect();
//! assert_eq!(now, ["bob"]);
//! assert_eq!(run.next_due().unwrap().to_rfc3339(), "2026-03-09T10:30:00+00:00");
//! let later = run.due(&dir, parse_instant("2026-03-09T10:30:00Z")?)?;
//! assert_eq!(later[0].person, "joe");
//! assert_eq!(later[0].level, 2);
//!
//! // Joe acknowledges; nothing more is sent.
//! run.apply(&dir, &EscalationEvent::Acknowledged { at: parse_instant("2026-03-09T10:31:00Z")?, by: Some("joe".into()) })?;
//! assert!(run.due(&dir, parse_instant("2026-03-09T18:00:00Z")?)?.is_empty());
//! assert_eq!(run.next_due(), None);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::directory::Directory;
use super::log::{Problem, ProblemKind, RunState, RunStatus, Step, StepKind};
use super::notify::{asleep, attempts_for, partner, Cause, Notification, Visit};
use super::policy::{AckTimeoutMode, DelayFrom, EscalationPolicy, OnEscalate, SleepMode};
use super::target::{resolve, Recipient, Via};
use super::urgency::Urgency;
use super::{EscalationError, DEFAULT_MAX_NOTIFICATIONS, MAX_NOTIFICATIONS};

/// How an escalation starts: the incident, when it was created, its severity and policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentStart {
    /// The incident id.
    pub id: String,
    /// When it triggered; nothing is sent before.
    pub created: DateTime<Utc>,
    /// Its severity id (absent: high urgency under severity rules).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// The escalation policy id (may be left out when the directory has exactly one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    /// Its sequence number among the policy's incidents: round robins give incident `n` to
    /// member `n mod size`. Default 0.
    #[serde(default)]
    pub number: u64,
}

impl IncidentStart {
    /// An incident with no severity, the directory's only policy and number 0.
    pub fn new(id: &str, created: DateTime<Utc>) -> IncidentStart {
        IncidentStart {
            id: id.to_string(),
            created,
            severity: None,
            policy: None,
            number: 0,
        }
    }
}

/// Knobs of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunOptions {
    /// The most notifications the run holds — handed out plus scheduled and not cancelled;
    /// past it, it drops new ones and records a `truncated` problem (1 to
    /// [`MAX_NOTIFICATIONS`]).
    pub max_notifications: usize,
    /// Write the `why` of every notification (turn off for bulk planning).
    pub explain: bool,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            max_notifications: DEFAULT_MAX_NOTIFICATIONS,
            explain: true,
        }
    }
}

/// The live escalation of one incident. See the [module documentation](self).
#[derive(Debug, Clone)]
pub struct EscalationRun {
    pub(super) incident: String,
    pub(super) created: DateTime<Utc>,
    pub(super) severity: Option<String>,
    pub(super) number: u64,
    pub(super) policy: String,
    pub(super) status: RunStatus,
    pub(super) urgency: Urgency,
    pub(super) level: usize,
    pub(super) loop_index: u32,
    pub(super) reached_in_loop: bool,
    pub(super) next_escalation: Option<DateTime<Utc>>,
    pub(super) ack_timeout_at: Option<DateTime<Utc>>,
    pub(super) raise_at: Option<DateTime<Utc>>,
    pub(super) acked_by: Option<String>,
    /// Scheduled, not yet handed out; sorted by `at` (stable).
    pub(super) pending: Vec<Notification>,
    pub(super) clock: DateTime<Utc>,
    pub(super) steps: Vec<Step>,
    pub(super) problems: Vec<Problem>,
    pub(super) sent: usize,
    pub(super) truncated: bool,
    pub(super) options: RunOptions,
}

impl EscalationRun {
    /// Starts the escalation of `incident`: decides the urgency and reaches level 1 at the
    /// creation instant (its notifications are then due).
    pub fn start(
        dir: &Directory,
        incident: &IncidentStart,
        options: RunOptions,
    ) -> Result<EscalationRun, EscalationError> {
        if options.max_notifications == 0 || options.max_notifications > MAX_NOTIFICATIONS {
            return Err(EscalationError::InvalidBound {
                reason: format!(
                    "max_notifications is {}; it must be 1 to {MAX_NOTIFICATIONS}",
                    options.max_notifications
                ),
            });
        }
        super::error::check_id("incident", &incident.id)?;
        let policy_id = match &incident.policy {
            Some(p) => dir
                .policy(p, &format!("incident {:?}", incident.id))?
                .id()
                .to_string(),
            None => {
                let mut ids = dir.policy_ids();
                match (ids.next(), ids.next()) {
                    (Some(only), None) => only.to_string(),
                    _ => {
                        return Err(EscalationError::UnknownPolicy {
                            policy: String::new(),
                            referenced_by: format!(
                                "incident {:?} names no policy and the directory does not have exactly one",
                                incident.id
                            ),
                            known: dir.policy_ids().map(str::to_string).collect(),
                        })
                    }
                }
            }
        };
        let t = incident.created;
        dir.check_instant(t)?;
        let mut run = EscalationRun {
            incident: incident.id.clone(),
            created: t,
            severity: incident.severity.clone(),
            number: incident.number,
            policy: policy_id,
            status: RunStatus::Triggered,
            urgency: Urgency::High,
            level: 0,
            loop_index: 0,
            reached_in_loop: false,
            next_escalation: None,
            ack_timeout_at: None,
            raise_at: None,
            acked_by: None,
            pending: Vec::new(),
            clock: t,
            steps: Vec::new(),
            problems: Vec::new(),
            sent: 0,
            truncated: false,
            options,
        };
        run.decide_urgency(dir, t)?;
        let detail = format!(
            "{} triggered on policy {} at {} urgency{}",
            run.incident,
            run.policy,
            run.urgency,
            run.raise_at
                .map(|r| format!(
                    "; raised to high when support hours start at {}",
                    crate::time::format_instant(r)
                ))
                .unwrap_or_default()
        );
        run.step(t, StepKind::Triggered, None, Vec::new(), detail);
        run.reach(dir, 0, t, Cause::Triggered, None)?;
        Ok(run)
    }

    pub(super) fn policy<'d>(
        &self,
        dir: &'d Directory,
    ) -> Result<&'d EscalationPolicy, EscalationError> {
        dir.policy(&self.policy, "escalation run")
    }

    pub(super) fn decide_urgency(
        &mut self,
        dir: &Directory,
        t: DateTime<Utc>,
    ) -> Result<(), EscalationError> {
        let policy = dir.policy(&self.policy, "escalation run")?;
        let rule = &policy.spec().urgency;
        let sev = dir.severity_policy();
        self.urgency = rule.urgency_at(sev, self.severity.as_deref(), t)?;
        self.raise_at = match self.urgency {
            Urgency::Low => rule.raise_at(sev, self.severity.as_deref(), t)?,
            Urgency::High => None,
        };
        Ok(())
    }

    pub(super) fn step(
        &mut self,
        at: DateTime<Utc>,
        kind: StepKind,
        level: Option<usize>,
        people: Vec<String>,
        detail: String,
    ) {
        self.steps.push(Step {
            at,
            kind,
            policy: self.policy.clone(),
            level: level.map(|l| (l + 1) as u32),
            loop_number: level.map(|_| self.loop_index + 1),
            people,
            detail,
        });
    }

    fn problem(&mut self, at: DateTime<Utc>, kind: ProblemKind, detail: String) {
        self.problems.push(Problem {
            at,
            kind,
            policy: self.policy.clone(),
            loop_number: Some(self.loop_index + 1),
            detail,
        });
    }

    /// Drops scheduled notifications at or after `t`.
    pub(super) fn cancel_from(&mut self, t: DateTime<Utc>) {
        self.pending.retain(|n| n.at < t);
    }

    fn schedule(&mut self, mut batch: Vec<Notification>) {
        batch.sort_by_key(|n| n.at);
        for n in batch {
            if self.sent + self.pending.len() >= self.options.max_notifications {
                if !self.truncated {
                    self.truncated = true;
                    let detail = format!(
                        "the plan reached its limit of {} notifications; later ones are not planned (raise max_notifications, up to {MAX_NOTIFICATIONS}, or shorten the horizon)",
                        self.options.max_notifications
                    );
                    self.problem(n.at, ProblemKind::Truncated, detail);
                }
                return;
            }
            let i = self.pending.partition_point(|p| p.at <= n.at);
            self.pending.insert(i, n);
        }
    }

    /// Reaches level `index` at `t`: resolves its targets, schedules their contact attempts,
    /// skips empty levels if the policy says so, and sets the escalation timer.
    pub(super) fn reach(
        &mut self,
        dir: &Directory,
        mut index: usize,
        t: DateTime<Utc>,
        cause: Cause,
        extra: Option<Recipient>,
    ) -> Result<(), EscalationError> {
        let policy = dir.policy(&self.policy, "escalation run")?;
        let spec = policy.spec();
        let last = policy.levels().len().saturating_sub(1);
        let mut recipients = Vec::new();
        loop {
            self.level = index;
            let targets = policy
                .levels()
                .get(index)
                .map(|l| l.targets.as_slice())
                .unwrap_or(&[]);
            recipients.clear();
            resolve(dir, targets, t, self.number, 0, &mut recipients)?;
            if !recipients.is_empty() {
                break;
            }
            let skip =
                spec.skip_empty_levels && spec.delay_from == DelayFrom::Level && index < last;
            let (kind, what) = if skip {
                (StepKind::LevelSkipped, "skipped at once")
            } else {
                (StepKind::LevelEmpty, "its delay is waited out")
            };
            self.step(
                t,
                kind,
                Some(index),
                Vec::new(),
                format!(
                    "level {}: nobody to notify (no one on call); {what}",
                    index + 1
                ),
            );
            if !skip {
                break;
            }
            index += 1;
        }
        if let Some(x) = extra {
            if !recipients.iter().any(|r| r.person == x.person) {
                recipients.push(x);
            }
        }
        // Sleep-aware routing: a sleeping schedule responder hands a low-urgency page to an
        // awake partner on another layer.
        if self.urgency == Urgency::Low && spec.sleep == SleepMode::Partner {
            for i in 0..recipients.len() {
                let Some(r) = recipients.get(i) else { continue };
                if r.via == Via::Partner || !asleep(dir, &r.person, t)? {
                    continue;
                }
                if let Some(p) = partner(dir, r, t, &recipients)? {
                    if let Some(slot) = recipients.get_mut(i) {
                        *slot = p;
                    }
                }
            }
        }
        let visit = Visit {
            incident: &self.incident,
            policy: &self.policy,
            level: self.level,
            level_name: policy
                .levels()
                .get(self.level)
                .and_then(|l| l.name.as_deref()),
            loop_index: self.loop_index,
            loops: spec.repeat + 1,
            urgency: self.urgency,
            cause,
            at: t,
            sleep: spec.sleep,
            explain: self.options.explain,
        };
        let mut batch = Vec::new();
        for r in &recipients {
            attempts_for(dir, &visit, r, &mut batch)?;
        }
        let people: Vec<String> = recipients.iter().map(|r| r.person.clone()).collect();
        if !people.is_empty() {
            self.reached_in_loop = true;
            let detail = format!(
                "level {} reached ({}): notifying {}",
                self.level + 1,
                cause_words(cause),
                people.join(", ")
            );
            self.step(t, StepKind::LevelReached, Some(self.level), people, detail);
        }
        self.schedule(batch);
        self.next_escalation = match self.urgency {
            Urgency::High => Some(t + policy.dwell(self.level)),
            Urgency::Low => {
                if !self.reached_in_loop {
                    let detail = "low urgency: nobody on the policy could be notified and low-urgency incidents do not escalate, so the page would be lost".to_string();
                    self.problem(t, ProblemKind::Unreachable, detail);
                }
                None
            }
        };
        Ok(())
    }

    fn end_of_loop_check(&mut self, t: DateTime<Utc>) {
        if !self.reached_in_loop {
            let detail = format!(
                "loop {}: nobody on any level could be notified (every level empty); the page would be lost — fill the schedule gaps or add a person as a last level",
                self.loop_index + 1
            );
            self.problem(t, ProblemKind::Unreachable, detail);
        }
    }

    fn fire_escalation(
        &mut self,
        dir: &Directory,
        t: DateTime<Utc>,
    ) -> Result<(), EscalationError> {
        self.next_escalation = None;
        if self.status != RunStatus::Triggered || self.urgency != Urgency::High {
            return Ok(());
        }
        let policy = self.policy(dir)?;
        let (levels, repeat, on_escalate) = (
            policy.levels().len(),
            policy.spec().repeat,
            policy.spec().on_escalate,
        );
        if on_escalate == OnEscalate::Reassign {
            self.cancel_from(t);
        }
        if self.level + 1 < levels {
            return self.reach(dir, self.level + 1, t, Cause::Escalated, None);
        }
        self.end_of_loop_check(t);
        if self.loop_index < repeat {
            self.loop_index += 1;
            self.reached_in_loop = false;
            let detail = format!("loop {} of {} starts", self.loop_index + 1, repeat + 1);
            self.step(t, StepKind::LoopStarted, None, Vec::new(), detail);
            return self.reach(dir, 0, t, Cause::Repeated, None);
        }
        let detail = format!("the policy ran out after {} loop(s) without an acknowledgement; nobody more is notified", repeat + 1);
        self.step(t, StepKind::Exhausted, None, Vec::new(), detail);
        Ok(())
    }

    fn acknowledger(&self, dir: &Directory) -> Option<Recipient> {
        let by = self.acked_by.as_deref()?;
        dir.person(by)?;
        Some(Recipient {
            person: by.to_string(),
            via: Via::Acknowledger,
            schedule: None,
            layer: None,
            policy: None,
            instead_of: None,
            why: format!("{by} acknowledged before the timeout"),
        })
    }

    fn fire_ack_timeout(
        &mut self,
        dir: &Directory,
        t: DateTime<Utc>,
    ) -> Result<(), EscalationError> {
        self.ack_timeout_at = None;
        if self.status != RunStatus::Acknowledged {
            return Ok(());
        }
        self.status = RunStatus::Triggered;
        let mode = self.policy(dir)?.spec().ack_timeout_mode;
        let extra = self.acknowledger(dir);
        let detail = match mode {
            AckTimeoutMode::Resume => format!(
                "acknowledgement timed out: triggered again at level {}",
                self.level + 1
            ),
            AckTimeoutMode::Restart => {
                "acknowledgement timed out: the policy starts again from level 1".to_string()
            }
        };
        self.step(
            t,
            StepKind::AckTimedOut,
            Some(self.level),
            Vec::new(),
            detail,
        );
        self.acked_by = None;
        let index = match mode {
            AckTimeoutMode::Resume => self.level,
            AckTimeoutMode::Restart => {
                self.loop_index = 0;
                0
            }
        };
        self.reached_in_loop = false;
        self.reach(dir, index, t, Cause::AckTimeout, extra)
    }

    pub(super) fn raise(
        &mut self,
        dir: &Directory,
        t: DateTime<Utc>,
        detail: String,
    ) -> Result<(), EscalationError> {
        self.urgency = Urgency::High;
        self.raise_at = None;
        self.step(
            t,
            StepKind::UrgencyChanged,
            Some(self.level),
            Vec::new(),
            detail,
        );
        if self.status == RunStatus::Triggered {
            self.cancel_from(t);
            self.reached_in_loop = false;
            self.reach(dir, self.level, t, Cause::UrgencyRaised, None)?;
        }
        Ok(())
    }

    fn fire_raise(&mut self, dir: &Directory, t: DateTime<Utc>) -> Result<(), EscalationError> {
        self.raise_at = None;
        if self.status == RunStatus::Resolved || self.urgency == Urgency::High {
            return Ok(());
        }
        self.raise(
            dir,
            t,
            "support hours started: urgency raised from low to high".to_string(),
        )
    }

    /// Fires the timers due before `until` (or at it, if `inclusive`), earliest first; at one
    /// instant the acknowledgement timeout, then the raise, then the escalation.
    pub(super) fn advance(
        &mut self,
        dir: &Directory,
        until: DateTime<Utc>,
        inclusive: bool,
    ) -> Result<(), EscalationError> {
        loop {
            let due =
                |t: Option<DateTime<Utc>>| t.filter(|t| *t < until || (inclusive && *t == until));
            let candidates = [
                (due(self.ack_timeout_at), 0u8),
                (due(self.raise_at), 1),
                (due(self.next_escalation), 2),
            ];
            let Some((Some(t), which)) = candidates
                .into_iter()
                .filter(|(t, _)| t.is_some())
                .min_by_key(|(t, w)| (*t, *w))
            else {
                return Ok(());
            };
            dir.check_instant(t)?;
            match which {
                0 => self.fire_ack_timeout(dir, t)?,
                1 => self.fire_raise(dir, t)?,
                _ => self.fire_escalation(dir, t)?,
            }
        }
    }

    /// The notifications due by `now` (inclusive), in time order; they count as sent. Timers
    /// due by `now` fire first. Calling with an earlier `now` than before returns nothing.
    pub fn due(
        &mut self,
        dir: &Directory,
        now: DateTime<Utc>,
    ) -> Result<Vec<Notification>, EscalationError> {
        if now > self.clock {
            self.advance(dir, now, true)?;
            self.clock = now;
        }
        let n = self.pending.partition_point(|p| p.at <= now);
        let out: Vec<Notification> = self.pending.drain(..n).collect();
        self.sent += out.len();
        Ok(out)
    }

    /// When `due` next has something to return or a timer to fire; `None` when the
    /// escalation is over (resolved, acknowledged without timeout, or exhausted).
    pub fn next_due(&self) -> Option<DateTime<Utc>> {
        [
            self.pending.first().map(|n| n.at),
            self.next_escalation,
            self.ack_timeout_at,
            self.raise_at,
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// Notifications scheduled and not yet handed out, in time order (they may still be
    /// cancelled by an acknowledgement, a resolve or an escalation).
    pub fn pending(&self) -> &[Notification] {
        &self.pending
    }

    /// The escalation log so far.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// Problems found so far.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Whether the notification limit cut the run short.
    pub fn truncated(&self) -> bool {
        self.truncated
    }

    /// The current status.
    pub fn status(&self) -> RunStatus {
        self.status
    }

    /// A snapshot of the run.
    pub fn state(&self) -> RunState {
        RunState {
            incident: self.incident.clone(),
            status: self.status,
            urgency: self.urgency,
            policy: self.policy.clone(),
            level: (self.level + 1) as u32,
            loop_number: self.loop_index + 1,
            acknowledged_by: self.acked_by.clone(),
            next_escalation: self.next_escalation,
            ack_timeout_at: self.ack_timeout_at,
            raise_at: self.raise_at,
            next_due: self.next_due(),
            sent: self.sent,
            clock: self.clock,
        }
    }
}

fn cause_words(c: Cause) -> &'static str {
    match c {
        Cause::Triggered => "incident triggered",
        Cause::Escalated => "not acknowledged in time",
        Cause::Repeated => "policy repeats",
        Cause::AckTimeout => "acknowledgement timed out",
        Cause::UrgencyRaised => "urgency raised",
        Cause::Reassigned => "reassigned",
        Cause::Retriggered => "re-triggered",
        Cause::Manual => "escalated by hand",
    }
}
