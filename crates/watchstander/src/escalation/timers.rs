//! The run's timers: escalating past a level (and starting the next loop), the
//! acknowledgement timeout, and the support-hours urgency raise — fired in time order.

use chrono::{DateTime, Utc};

use super::directory::Directory;
use super::log::{ProblemKind, RunStatus, StepKind};
use super::notify::Cause;
use super::policy::{AckTimeoutMode, OnEscalate};
use super::run::EscalationRun;
use super::target::{Recipient, Via};
use super::urgency::Urgency;
use super::why::{Because, Explanation};
use super::EscalationError;

impl EscalationRun {
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
            step!(
                self,
                t,
                StepKind::LoopStarted,
                None,
                Vec::new(),
                Explanation::loop_started(self.loop_index + 1, repeat + 1)
            );
            return self.reach(dir, 0, t, Cause::Repeated, None);
        }
        step!(
            self,
            t,
            StepKind::Exhausted,
            None,
            Vec::new(),
            Explanation::exhausted(repeat + 1)
        );
        Ok(())
    }

    fn acknowledger(&self, dir: &Directory) -> Option<Recipient> {
        let by = self.acked_by.as_deref()?;
        dir.person(by)?;
        Some(Recipient {
            person: dir.person_id(by)?,
            via: Via::Acknowledger,
            schedule: None,
            layer: None,
            policy: None,
            instead_of: None,
            because: if self.options.explain {
                Because::Acknowledger
            } else {
                Because::Unexplained
            },
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
        step!(
            self,
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
        step!(
            self,
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
}
