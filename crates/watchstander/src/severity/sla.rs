//! SLA clocks: start, pause and resume with reasons, stop; deadline, remaining, breach and
//! attainment.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::{ClockKind, SeverityError, SeverityPolicy, SlaTarget};
use crate::time::{BusinessCalendar, TimeError};

/// A pause of an SLA clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Pause {
    /// When the pause began.
    pub from: DateTime<Utc>,
    /// When the clock resumed; `None` while paused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<DateTime<Utc>>,
    /// Why, e.g. "waiting on customer".
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

/// An SLA clock: a target, a start, pauses and perhaps a stop.
///
/// Changes must come in time order; a change before the last one, pausing a paused clock,
/// resuming a running one, or changing a stopped one are typed errors that leave the clock
/// unchanged.
///
/// ```
/// use watchstander::severity::{SeverityPolicy, SlaClock, SlaKind};
/// use watchstander::time::parse_instant;
///
/// let policy = SeverityPolicy::default();
/// let target = policy.target("SEV-2", SlaKind::Response)?.unwrap(); // 1 h, 24×7
/// let mut clock = SlaClock::start(target, parse_instant("2026-11-26T10:00:00Z")?);
/// clock.pause(parse_instant("2026-11-26T10:20:00Z")?, "waiting on the vendor")?;
/// clock.resume(parse_instant("2026-11-26T10:50:00Z")?)?;
/// let status = clock.status(&policy, parse_instant("2026-11-26T11:00:00Z")?)?;
/// assert_eq!(status.deadline.unwrap().to_rfc3339(), "2026-11-26T11:30:00+00:00");
/// assert_eq!(status.remaining_seconds, 30 * 60);
/// assert!(!status.breached);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # How a clock counts
///
/// A clock has a *budget*: its target converted to counted time when it starts. On a 24×7
/// clock the budget is the target's fixed length (`P1D` = 24 h). On a business clock the
/// target is first laid out on the calendar from the start instant, with no pauses
/// ([`BusinessCalendar::add_duration`], so `P1D` is one business day as [`BusinessCalendar`]
/// defines it), and the budget is the business time that covers.
///
/// The clock then counts time while it is running and not paused — all of it on 24×7, only
/// business time on a business clock. The **deadline** is the instant at which the counted time
/// reaches the budget. While paused, the deadline reported is the one that would hold if the
/// clock resumed at `now` (`deadline_projected: true`), so a pause can only move a deadline
/// later. **Breach** happens at the deadline if the clock has not stopped by then; a breach is
/// permanent even if the clock later stops.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SlaClock {
    /// What the clock measures against.
    pub target: SlaTarget,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// Pauses, in order; only the last may be open.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pauses: Vec<Pause>,
    /// When it stopped (the response or resolution happened).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped_at: Option<DateTime<Utc>>,
}

/// Where a clock is at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ClockState {
    /// Counting.
    Running,
    /// Paused.
    Paused,
    /// Stopped.
    Stopped,
}

/// The state of an SLA clock at an instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SlaStatus {
    /// Running, paused or stopped at `now`.
    pub state: ClockState,
    /// The clock the target counts on.
    pub clock: ClockKind,
    /// The counted-time budget in seconds.
    pub budget_seconds: i64,
    /// When the clock started.
    pub started_at: DateTime<Utc>,
    /// When the budget runs out (or ran out). `None` only for a stopped clock that never
    /// breached.
    pub deadline: Option<DateTime<Utc>>,
    /// True when the clock is paused and `deadline` assumes it resumes at `now`.
    pub deadline_projected: bool,
    /// Counted time so far (until `now` or the stop).
    pub elapsed_seconds: i64,
    /// Budget minus counted time; negative once breached.
    pub remaining_seconds: i64,
    /// Wall-clock time spent paused so far.
    pub paused_seconds: i64,
    /// Whether the budget ran out before the clock stopped (by `now`).
    pub breached: bool,
    /// When the budget ran out, if it did by `now`.
    pub breached_at: Option<DateTime<Utc>>,
    /// For a stopped clock: whether the target was met.
    pub met: Option<bool>,
}

impl SlaClock {
    /// A clock that starts at `at`.
    pub fn start(target: SlaTarget, at: DateTime<Utc>) -> SlaClock {
        SlaClock {
            target,
            started_at: at,
            pauses: Vec::new(),
            stopped_at: None,
        }
    }

    /// The instant of the last change.
    pub fn last_change(&self) -> DateTime<Utc> {
        let mut last = self.started_at;
        for p in &self.pauses {
            last = last.max(p.until.unwrap_or(p.from));
        }
        self.stopped_at.map_or(last, |s| last.max(s))
    }

    /// The clock's state just after its last change.
    pub fn state(&self) -> ClockState {
        if self.stopped_at.is_some() {
            ClockState::Stopped
        } else if self.pauses.last().is_some_and(|p| p.until.is_none()) {
            ClockState::Paused
        } else {
            ClockState::Running
        }
    }

    fn check(&self, at: DateTime<Utc>, operation: &str) -> Result<(), SeverityError> {
        if let Some(stopped_at) = self.stopped_at {
            return Err(SeverityError::ClockStopped {
                operation: operation.to_string(),
                stopped_at,
            });
        }
        let last = self.last_change();
        if at < last {
            return Err(SeverityError::OutOfOrder { at, last });
        }
        Ok(())
    }

    /// Pauses the clock at `at`.
    pub fn pause(&mut self, at: DateTime<Utc>, reason: &str) -> Result<(), SeverityError> {
        self.check(at, "pause")?;
        if let Some(p) = self.pauses.last().filter(|p| p.until.is_none()) {
            return Err(SeverityError::AlreadyPaused { since: p.from });
        }
        self.pauses.push(Pause {
            from: at,
            until: None,
            reason: reason.to_string(),
        });
        Ok(())
    }

    /// Resumes a paused clock at `at`.
    pub fn resume(&mut self, at: DateTime<Utc>) -> Result<(), SeverityError> {
        self.check(at, "resume")?;
        match self.pauses.last_mut() {
            Some(p) if p.until.is_none() => {
                p.until = Some(at);
                Ok(())
            }
            _ => Err(SeverityError::NotPaused),
        }
    }

    /// Stops the clock at `at` (a paused clock stops too; its pause ends there).
    pub fn stop(&mut self, at: DateTime<Utc>) -> Result<(), SeverityError> {
        self.check(at, "stop")?;
        if let Some(p) = self.pauses.last_mut().filter(|p| p.until.is_none()) {
            p.until = Some(at);
        }
        self.stopped_at = Some(at);
        Ok(())
    }

    /// Checks a clock read from JSON: a usable target ([`SlaTarget::validate`]), pauses in
    /// order, within the clock's life, only the last open, and an open pause only on a
    /// running clock.
    pub fn validate(&self) -> Result<(), SeverityError> {
        self.target.validate("the SLA clock")?;
        let mut rebuilt = SlaClock::start(self.target, self.started_at);
        for p in &self.pauses {
            rebuilt.pause(p.from, &p.reason)?;
            if let Some(u) = p.until {
                rebuilt.resume(u)?;
            }
        }
        if let Some(s) = self.stopped_at {
            rebuilt.stop(s)?;
        }
        Ok(())
    }

    /// Running segments `[from, to)` up to `end`; the last is open (`None`) if the clock is
    /// running at `end`.
    fn segments(&self, end: DateTime<Utc>) -> Vec<(DateTime<Utc>, Option<DateTime<Utc>>)> {
        let stop = self.stopped_at.filter(|s| *s <= end);
        let mut out = Vec::new();
        let mut cursor = self.started_at;
        for p in &self.pauses {
            if p.from >= end || stop.is_some_and(|s| p.from >= s) {
                break;
            }
            if p.from > cursor {
                out.push((cursor, Some(p.from)));
            }
            match p.until {
                Some(u) if u <= end => cursor = cursor.max(u),
                // Paused at `end`: no open segment.
                _ => return out,
            }
        }
        // A stop at the last resume leaves an empty segment, which counts nothing.
        out.push((cursor, stop));
        out
    }

    /// The clock's status at `now`, using `policy` for "immediate" and the business calendar.
    pub fn status(
        &self,
        policy: &SeverityPolicy,
        now: DateTime<Utc>,
    ) -> Result<SlaStatus, SeverityError> {
        // A zero or negative target would put the deadline at or before the start.
        self.target.validate("the SLA clock")?;
        let calendar = policy.calendar_for(&self.target)?;
        let budget = self.budget(policy, calendar)?;
        let counted = |a: DateTime<Utc>, b: DateTime<Utc>| -> Result<Duration, SeverityError> {
            if b <= a {
                return Ok(Duration::zero());
            }
            Ok(match calendar {
                None => b - a,
                Some(cal) => cal.business_time_between(a, b)?,
            })
        };
        let add = |a: DateTime<Utc>, d: Duration| -> Result<DateTime<Utc>, SeverityError> {
            match calendar {
                None => crate::time::checked_add(a, d).ok_or_else(|| {
                    SeverityError::Time(TimeError::OutOfRange {
                        what: "SLA deadline".into(),
                        reason: "past the year 9999".into(),
                    })
                }),
                Some(cal) => Ok(cal.add_business_time(a, d)?),
            }
        };
        let mut left = budget;
        let mut deadline = None;
        let mut elapsed = Duration::zero();
        let segments = self.segments(now);
        for (from, to) in &segments {
            let seg_end = to.unwrap_or(now).max(*from);
            let here = counted(*from, seg_end)?;
            if deadline.is_none() {
                if to.is_none() || here >= left {
                    // The budget runs out in this segment (or, when open, once it has run on).
                    deadline = Some(add(*from, left)?);
                } else {
                    left -= here;
                }
            }
            elapsed += here;
        }
        let state = if self.stopped_at.is_some_and(|s| s <= now) {
            ClockState::Stopped
        } else if self
            .pauses
            .iter()
            .any(|p| p.from <= now && p.until.is_none_or(|u| u > now))
        {
            ClockState::Paused
        } else {
            ClockState::Running
        };
        let mut projected = false;
        if deadline.is_none() && state == ClockState::Paused {
            deadline = Some(add(now, left)?);
            projected = true;
        }
        // Breached at the deadline unless stopped by then (stopping exactly at it meets it).
        let breached_at =
            deadline.filter(|d| !projected && *d <= now && self.stopped_at.is_none_or(|s| *d < s));
        let met = (state == ClockState::Stopped).then_some(breached_at.is_none());
        let deadline = if state == ClockState::Stopped && breached_at.is_none() {
            None
        } else {
            deadline
        };
        let paused = self
            .pauses
            .iter()
            // Each pause clipped to `now` (a pause starting later counts zero).
            .map(|p| p.until.unwrap_or(now).min(now) - p.from.min(now))
            .fold(Duration::zero(), |a, b| a + b);
        Ok(SlaStatus {
            state,
            clock: self.target.clock,
            budget_seconds: budget.num_seconds(),
            started_at: self.started_at,
            deadline,
            deadline_projected: projected,
            elapsed_seconds: elapsed.num_seconds(),
            remaining_seconds: (budget - elapsed).num_seconds(),
            paused_seconds: paused.num_seconds(),
            breached: breached_at.is_some(),
            breached_at,
            met,
        })
    }

    /// The budget in counted time (see the module documentation).
    pub fn budget(
        &self,
        policy: &SeverityPolicy,
        calendar: Option<&BusinessCalendar>,
    ) -> Result<Duration, SeverityError> {
        match calendar {
            None => Ok(policy.duration_of(&self.target).to_fixed()?),
            Some(cal) => {
                let end = cal.add_duration(self.started_at, &policy.duration_of(&self.target))?;
                Ok(cal.business_time_between(self.started_at, end)?)
            }
        }
    }
}

/// SLA attainment over a set of clocks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Attainment {
    /// Clocks considered.
    pub total: usize,
    /// Stopped within target.
    pub met: usize,
    /// Breached (stopped late, or running past the deadline).
    pub breached: usize,
    /// Still running or paused, not yet breached: not counted either way.
    pub pending: usize,
    /// `met / (met + breached)`; `None` when nothing is decided yet.
    pub ratio: Option<f64>,
}

/// Attainment of a set of clock statuses: met ÷ (met + breached); pending clocks are left out.
///
/// ```
/// use watchstander::severity::{attainment, SeverityPolicy, SlaClock, SlaKind};
/// use watchstander::time::parse_instant;
/// let policy = SeverityPolicy::default();
/// let target = policy.target("SEV-2", SlaKind::Response)?.unwrap();
/// let t0 = parse_instant("2026-11-26T10:00:00Z")?;
/// let mut on_time = SlaClock::start(target, t0);
/// on_time.stop(parse_instant("2026-11-26T10:30:00Z")?)?;
/// let mut late = SlaClock::start(target, t0);
/// late.stop(parse_instant("2026-11-26T12:00:00Z")?)?;
/// let now = parse_instant("2026-11-26T13:00:00Z")?;
/// let a = attainment(&[on_time.status(&policy, now)?, late.status(&policy, now)?]);
/// assert_eq!((a.met, a.breached, a.ratio), (1, 1, Some(0.5)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn attainment(statuses: &[SlaStatus]) -> Attainment {
    let met = statuses.iter().filter(|s| s.met == Some(true)).count();
    let breached = statuses.iter().filter(|s| s.breached).count();
    let pending = statuses.len() - met - breached;
    let decided = met + breached;
    Attainment {
        total: statuses.len(),
        met,
        breached,
        pending,
        ratio: (decided > 0).then(|| met as f64 / decided as f64),
    }
}
