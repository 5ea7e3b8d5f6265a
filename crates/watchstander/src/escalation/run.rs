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
//! let now: Vec<String> = run.due(&dir, t0)?.into_iter().map(|n| n.person.to_string()).collect();
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
use super::name::Name;
use super::notify::{
    asleep, attempts_for, partner, Cause, CompactNotification, Notification, Visit,
};
use super::policy::{DelayFrom, EscalationPolicy, SleepMode};
use super::target::{resolve, Recipient, Via};
use super::urgency::Urgency;
use super::why::Explanation;
use super::{EscalationError, DEFAULT_MAX_NOTIFICATIONS, MAX_NOTIFICATIONS};

/// How an escalation starts: the incident, when it was created, its severity and policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    /// Write the `why` of every notification and keep the escalation log (`steps`); turn off
    /// for bulk planning.
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

/// The live escalation of one incident. See the [`escalation`](crate::escalation) module documentation.
#[derive(Debug, Clone)]
pub struct EscalationRun {
    pub(super) incident: Name,
    pub(super) created: DateTime<Utc>,
    pub(super) severity: Option<String>,
    pub(super) number: u64,
    /// The current policy's id and its directory number.
    pub(super) policy: Name,
    pub(super) policy_id: u16,
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
    pub(super) pending: Vec<CompactNotification>,
    /// The instant of the last step (kept even when steps are not recorded).
    pub(super) last_step_at: DateTime<Utc>,
    pub(super) clock: DateTime<Utc>,
    pub(super) steps: Vec<Step>,
    pub(super) problems: Vec<Problem>,
    pub(super) sent: usize,
    pub(super) truncated: bool,
    pub(super) options: RunOptions,
    /// Buffers reused from one level to the next.
    pub(super) scratch_recipients: Vec<Recipient>,
    pub(super) scratch_batch: Vec<CompactNotification>,
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
        super::check_supported(t, "the incident's creation")?;
        dir.check_instant(t)?;
        let mut run = EscalationRun {
            incident: Name::from(incident.id.as_str()),
            created: t,
            severity: incident.severity.clone(),
            number: incident.number,
            policy_id: dir.policy_id(&policy_id).unwrap_or(0),
            policy: dir.policy_shared(dir.policy_id(&policy_id).unwrap_or(0)),
            status: RunStatus::Triggered,
            urgency: Urgency::High,
            level: 0,
            loop_index: 0,
            reached_in_loop: false,
            next_escalation: None,
            ack_timeout_at: None,
            raise_at: None,
            acked_by: None,
            pending: Vec::with_capacity(16),
            clock: t,
            last_step_at: t,
            steps: Vec::new(),
            problems: Vec::new(),
            sent: 0,
            truncated: false,
            options,
            scratch_recipients: Vec::new(),
            scratch_batch: Vec::new(),
        };
        run.decide_urgency(dir, t)?;
        let detail = if !run.options.explain {
            String::new()
        } else {
            format!(
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
            )
        };
        step!(run, t, StepKind::Triggered, None, Vec::new(), detail);
        run.reach(dir, 0, t, Cause::Triggered, None)?;
        Ok(run)
    }

    pub(super) fn policy<'d>(
        &self,
        dir: &'d Directory,
    ) -> Result<&'d EscalationPolicy, EscalationError> {
        dir.policy_by_id(self.policy_id)
    }

    pub(super) fn decide_urgency(
        &mut self,
        dir: &Directory,
        t: DateTime<Utc>,
    ) -> Result<(), EscalationError> {
        let policy = dir.policy_by_id(self.policy_id)?;
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
        people: Vec<Name>,
        detail: impl Into<Explanation>,
    ) {
        self.last_step_at = self.last_step_at.max(at);
        self.steps.push(Step {
            at,
            kind,
            policy: self.policy.clone(),
            level: level.map(|l| (l + 1) as u32),
            loop_number: level.map(|_| self.loop_index + 1),
            people,
            detail: detail.into(),
        });
    }

    pub(super) fn problem(&mut self, at: DateTime<Utc>, kind: ProblemKind, detail: String) {
        self.problems.push(Problem {
            at,
            kind,
            policy: self.policy.to_string(),
            loop_number: Some(self.loop_index + 1),
            detail,
        });
    }

    /// Drops scheduled notifications at or after `t`.
    pub(super) fn cancel_from(&mut self, t: DateTime<Utc>) {
        // Sorted by `at`: everything from the first at or after `t` goes.
        let keep = self.pending.partition_point(|n| n.at < t);
        self.pending.truncate(keep);
    }

    /// Adds `batch` to the pending notifications (keeping them sorted by time, earlier ones
    /// first at one instant), up to the notification limit.
    pub(super) fn schedule(&mut self, batch: &mut Vec<CompactNotification>) {
        if !batch.is_sorted_by_key(|n| n.at) {
            batch.sort_by_key(|n| n.at);
        }
        let room = self
            .options
            .max_notifications
            .saturating_sub(self.sent + self.pending.len());
        if batch.len() > room {
            if let Some(first_dropped) = batch.get(room).map(|n| n.at) {
                if !self.truncated {
                    self.truncated = true;
                    let detail = format!(
                        "the plan reached its limit of {} notifications; later ones are not planned (raise max_notifications, up to {MAX_NOTIFICATIONS}, or shorten the horizon)",
                        self.options.max_notifications
                    );
                    self.problem(first_dropped, ProblemKind::Truncated, detail);
                }
            }
            batch.truncate(room);
        }
        let in_order = match (self.pending.last(), batch.first()) {
            (Some(last), Some(first)) => last.at <= first.at,
            _ => true,
        };
        self.pending.append(batch);
        if !in_order {
            // Two sorted runs; the stable sort merges them in linear time and keeps earlier
            // notifications first at one instant.
            self.pending.sort_by_key(|n| n.at);
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
        let policy = dir.policy_by_id(self.policy_id)?;
        let spec = policy.spec();
        let last = policy.levels().len().saturating_sub(1);
        let mut recipients = std::mem::take(&mut self.scratch_recipients);
        recipients.clear();
        loop {
            self.level = index;
            let targets = dir.level_targets(self.policy_id, index);
            recipients.clear();
            resolve(
                dir,
                targets,
                t,
                self.number,
                0,
                self.options.explain,
                &mut recipients,
            )?;
            if !recipients.is_empty() {
                break;
            }
            let skip =
                spec.skip_empty_levels && spec.delay_from == DelayFrom::Level && index < last;
            let kind = if skip {
                StepKind::LevelSkipped
            } else {
                StepKind::LevelEmpty
            };
            step!(
                self,
                t,
                kind,
                Some(index),
                Vec::new(),
                Explanation::empty_level(index as u32 + 1, skip),
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
                if r.via == Via::Partner || !asleep(dir, r.person, t)? {
                    continue;
                }
                if let Some(p) = partner(dir, r, t, &recipients, self.options.explain)? {
                    if let Some(slot) = recipients.get_mut(i) {
                        *slot = p;
                    }
                }
            }
        }
        let visit = Visit {
            policy: self.policy_id,
            level: self.level,
            loop_index: self.loop_index,
            urgency: self.urgency,
            cause,
            at: t,
            sleep: spec.sleep,
        };
        let mut batch = std::mem::take(&mut self.scratch_batch);
        batch.clear();
        for r in &recipients {
            attempts_for(dir, &visit, r, &mut batch)?;
        }
        if !recipients.is_empty() {
            self.reached_in_loop = true;
        }
        if !recipients.is_empty() && self.options.explain {
            let people: Vec<Name> = recipients
                .iter()
                .map(|r| dir.person_shared(r.person))
                .collect();
            let detail = Explanation::reached(
                dir,
                self.level as u32 + 1,
                cause,
                recipients.iter().map(|r| r.person).collect(),
            );
            step!(
                self,
                t,
                StepKind::LevelReached,
                Some(self.level),
                people,
                detail
            );
        }
        self.schedule(&mut batch);
        self.scratch_batch = batch;
        self.scratch_recipients = recipients;
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

    /// The notifications due by `now` (inclusive), in time order; they count as sent. Timers
    /// due by `now` fire first. Calling with an earlier `now` than before returns nothing.
    pub fn due(
        &mut self,
        dir: &Directory,
        now: DateTime<Utc>,
    ) -> Result<Vec<Notification>, EscalationError> {
        Ok(self
            .due_compact(dir, now)?
            .into_iter()
            .map(|n| n.named(dir, &self.incident))
            .collect())
    }

    /// As [`due`](EscalationRun::due), in compact form (names as directory numbers): the
    /// fast path for bulk planning and for hosts that keep their own name tables.
    pub fn due_compact(
        &mut self,
        dir: &Directory,
        now: DateTime<Utc>,
    ) -> Result<Vec<CompactNotification>, EscalationError> {
        if now > self.clock {
            self.advance(dir, now, true)?;
            self.clock = now;
        }
        let n = self.pending.partition_point(|p| p.at <= now);
        let out: Vec<CompactNotification> = if n == self.pending.len() {
            std::mem::take(&mut self.pending)
        } else {
            self.pending.drain(..n).collect()
        };
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
    pub fn pending(&self) -> &[CompactNotification] {
        &self.pending
    }

    /// The incident id.
    pub fn incident(&self) -> &str {
        &self.incident
    }

    /// The instant of the last step of the escalation log (recorded even when the log is not
    /// kept, with explanations off).
    pub fn last_step_at(&self) -> DateTime<Utc> {
        self.last_step_at
    }

    /// Moves the escalation log and the problems out (the run keeps empty ones).
    pub fn take_log(&mut self) -> (Vec<Step>, Vec<Problem>) {
        (
            std::mem::take(&mut self.steps),
            std::mem::take(&mut self.problems),
        )
    }

    /// The escalation log so far (empty when explanations are off).
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

    /// The current urgency.
    pub fn urgency(&self) -> Urgency {
        self.urgency
    }

    /// The current policy id.
    pub fn policy_id(&self) -> &str {
        &self.policy
    }

    /// The current status.
    pub fn status(&self) -> RunStatus {
        self.status
    }

    /// A snapshot of the run.
    pub fn state(&self) -> RunState {
        RunState {
            incident: self.incident.to_string(),
            status: self.status,
            urgency: self.urgency,
            policy: self.policy.to_string(),
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
