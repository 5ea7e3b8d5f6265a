//! Applying events to a live escalation: acknowledgements, resolves, severity changes,
//! reassignment, re-triggers and manual escalation.

use chrono::{DateTime, Utc};

use super::directory::Directory;
use super::event::EscalationEvent;
use super::log::{RunStatus, StepKind};
use super::notify::Cause;
use super::policy::OnEscalate;
use super::run::EscalationRun;
use super::urgency::Urgency;
use super::EscalationError;

impl EscalationRun {
    /// Applies an event. Timers due before the event fire first; notifications scheduled
    /// before it stay due (they were sent before it happened). An event before the incident
    /// was created is an error; one older than the last `due` is applied at that instant.
    pub fn apply(
        &mut self,
        dir: &Directory,
        event: &EscalationEvent,
    ) -> Result<(), EscalationError> {
        let bad = |reason: String| EscalationError::InvalidEvent {
            kind: event.kind().to_string(),
            at: event.at(),
            reason,
        };
        if event.at() < self.created {
            return Err(bad(format!(
                "the incident was created at {}; events cannot come before it",
                crate::time::format_instant(self.created)
            )));
        }
        super::check_supported(event.at(), "the event's instant")?;
        let t = event.at().max(self.clock);
        dir.check_instant(t)?;
        // Check what can fail before changing anything.
        match event {
            EscalationEvent::Reassigned { policy, .. } => {
                dir.policy(policy, "reassigned event")?;
            }
            EscalationEvent::Escalated { level: Some(n), .. } => {
                let levels = self.policy(dir)?.levels().len();
                if *n == 0 || *n as usize > levels {
                    return Err(bad(format!(
                        "level {n} does not exist; the policy has levels 1 to {levels}"
                    )));
                }
            }
            _ => {}
        }
        self.advance(dir, t, false)?;
        self.clock = t;
        let late = if event.at() < t {
            " (applied late)"
        } else {
            ""
        };
        match event {
            EscalationEvent::Acknowledged { by, .. } => self.on_ack(dir, t, by.clone(), late),
            EscalationEvent::Resolved { by, .. } => {
                if self.status == RunStatus::Resolved {
                    step!(
                        self,
                        t,
                        StepKind::Ignored,
                        None,
                        Vec::new(),
                        format!("already resolved{late}"),
                    );
                    return Ok(());
                }
                self.status = RunStatus::Resolved;
                self.cancel_from(t);
                self.next_escalation = None;
                self.ack_timeout_at = None;
                self.raise_at = None;
                let by = by
                    .as_deref()
                    .map(|b| format!(" by {b}"))
                    .unwrap_or_default();
                step!(
                    self,
                    t,
                    StepKind::Resolved,
                    Some(self.level),
                    Vec::new(),
                    format!("resolved{by}{late}: nothing more is sent"),
                );
                Ok(())
            }
            EscalationEvent::SeverityChanged { severity, .. } => {
                self.on_severity(dir, t, severity, late)
            }
            EscalationEvent::Reassigned { policy, .. } => {
                self.policy_id = dir.policy_id(policy).unwrap_or(0);
                let from = std::mem::replace(&mut self.policy, dir.policy_shared(self.policy_id));
                self.restart(
                    dir,
                    t,
                    Cause::Reassigned,
                    StepKind::Reassigned,
                    format!("reassigned from policy {from} to {policy}{late}: starting at level 1"),
                )
            }
            EscalationEvent::Retriggered { .. } => {
                if self.status == RunStatus::Triggered {
                    step!(
                        self,
                        t,
                        StepKind::Ignored,
                        None,
                        Vec::new(),
                        format!("re-trigger of an incident that is already triggered{late}"),
                    );
                    return Ok(());
                }
                self.restart(
                    dir,
                    t,
                    Cause::Retriggered,
                    StepKind::Retriggered,
                    format!("triggered again{late}: starting at level 1"),
                )
            }
            EscalationEvent::Escalated { level, .. } => self.on_escalated(dir, t, *level, late),
        }
    }

    fn on_ack(
        &mut self,
        dir: &Directory,
        t: DateTime<Utc>,
        by: Option<String>,
        late: &str,
    ) -> Result<(), EscalationError> {
        let timeout = self.policy(dir)?.ack_timeout();
        let who = by
            .as_deref()
            .map(|b| format!(" by {b}"))
            .unwrap_or_default();
        match self.status {
            RunStatus::Resolved => {
                step!(
                    self,
                    t,
                    StepKind::Ignored,
                    None,
                    Vec::new(),
                    format!("acknowledgement{who} of a resolved incident{late}"),
                );
            }
            RunStatus::Triggered | RunStatus::Acknowledged => {
                let again = self.status == RunStatus::Acknowledged;
                self.status = RunStatus::Acknowledged;
                self.cancel_from(t);
                self.next_escalation = None;
                self.ack_timeout_at = timeout.map(|d| t + d);
                self.acked_by = by;
                let tail = match self.ack_timeout_at {
                    Some(at) => format!(
                        "; the acknowledgement times out at {}",
                        crate::time::format_instant(at)
                    ),
                    None => String::new(),
                };
                let what = if again {
                    "the timeout restarts"
                } else {
                    "escalation stops"
                };
                step!(
                    self,
                    t,
                    StepKind::Acknowledged,
                    Some(self.level),
                    Vec::new(),
                    format!("acknowledged{who}{late}: {what}{tail}"),
                );
            }
        }
        Ok(())
    }

    fn on_severity(
        &mut self,
        dir: &Directory,
        t: DateTime<Utc>,
        severity: &str,
        late: &str,
    ) -> Result<(), EscalationError> {
        let policy = self.policy(dir)?;
        let rule = &policy.spec().urgency;
        let sev = dir.severity_policy();
        let new = if rule.depends_on_severity(t)? {
            rule.urgency_at(sev, Some(severity), t)?
        } else {
            self.urgency
        };
        let raise = if new == Urgency::Low {
            rule.raise_at(sev, Some(severity), t)?
        } else {
            None
        };
        let old = self.severity.replace(severity.to_string());
        let from = old.as_deref().unwrap_or("none");
        if self.status == RunStatus::Resolved || new == self.urgency {
            step!(
                self,
                t,
                StepKind::SeverityChanged,
                None,
                Vec::new(),
                format!(
                    "severity {from} → {severity}{late}; urgency stays {}",
                    self.urgency
                ),
            );
            return Ok(());
        }
        let detail = format!(
            "severity {from} → {severity}{late}: urgency {} → {new}",
            self.urgency
        );
        match new {
            Urgency::High => self.raise(dir, t, detail),
            Urgency::Low => {
                self.urgency = Urgency::Low;
                self.raise_at = raise;
                if self.status == RunStatus::Triggered {
                    self.cancel_from(t);
                    self.next_escalation = None;
                }
                step!(
                    self,
                    t,
                    StepKind::UrgencyChanged,
                    Some(self.level),
                    Vec::new(),
                    format!("{detail}: escalation stops (low urgency does not escalate)"),
                );
                Ok(())
            }
        }
    }

    fn restart(
        &mut self,
        dir: &Directory,
        t: DateTime<Utc>,
        cause: Cause,
        kind: StepKind,
        detail: String,
    ) -> Result<(), EscalationError> {
        self.status = RunStatus::Triggered;
        self.cancel_from(t);
        self.next_escalation = None;
        self.ack_timeout_at = None;
        self.acked_by = None;
        self.loop_index = 0;
        self.reached_in_loop = false;
        self.decide_urgency(dir, t)?;
        step!(
            self,
            t,
            kind,
            None,
            Vec::new(),
            format!("{detail} at {} urgency", self.urgency),
        );
        self.reach(dir, 0, t, cause, None)
    }

    fn on_escalated(
        &mut self,
        dir: &Directory,
        t: DateTime<Utc>,
        level: Option<u32>,
        late: &str,
    ) -> Result<(), EscalationError> {
        if self.status == RunStatus::Resolved {
            step!(
                self,
                t,
                StepKind::Ignored,
                None,
                Vec::new(),
                format!("escalation of a resolved incident{late}"),
            );
            return Ok(());
        }
        if self.urgency == Urgency::Low {
            step!(
                self,
                t,
                StepKind::Ignored,
                None,
                Vec::new(),
                format!("low-urgency incidents cannot be escalated (reassign it instead){late}"),
            );
            return Ok(());
        }
        let policy = self.policy(dir)?;
        let last = policy.levels().len().saturating_sub(1);
        let reassign = policy.spec().on_escalate == OnEscalate::Reassign;
        let index = match level {
            Some(n) => (n as usize).saturating_sub(1).min(last),
            None => (self.level + 1).min(last),
        };
        self.status = RunStatus::Triggered;
        self.ack_timeout_at = None;
        self.acked_by = None;
        if reassign {
            self.cancel_from(t);
        }
        step!(
            self,
            t,
            StepKind::Escalated,
            Some(index),
            Vec::new(),
            format!("escalated by hand to level {}{late}", index + 1),
        );
        self.reach(dir, index, t, Cause::Manual, None)
    }
}
