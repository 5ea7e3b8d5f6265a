//! Incremental SLA clocks: one incident clock (response or resolve) kept up to date event by
//! event, and read at any instant, with the rules of [`sla`](super::sla).
//!
//! # How it stays cheap
//!
//! A clock's history is a list of closed *running segments* (between detection, pauses and
//! the stop) with the counted time up to the end of each, on both clocks a target may count on
//! (24×7 and the business calendar): prefix sums, computed once when a segment closes. The
//! deadline of a target is then a binary search for the segment in which the counted time
//! reaches the target's budget, plus one addition inside it; "the first instant at or after
//! `t` at which the clock runs" is a binary search over the pauses (adjacent pauses are
//! chained, so a chain is skipped in one step).
//!
//! Severity periods are *settled* in order: once the next period has begun before the
//! clock's horizon (the stop, or the latest event while running), the period can only ever be
//! judged as a closed one, so its breach (if any) and the re-targeting are recorded for good.
//! Later events never revisit a settled period. What remains at a query is the period in
//! force, plus any periods that began at the very instant of the latest event.
//!
//! Everything here is a function of instants, never of the order of events that share an
//! instant, so feeding a clock the history of a finished incident ([`sla`](super::sla)) and
//! feeding it events as they arrive ([`LiveIncident`](super::LiveIncident)) give the same
//! report.
//!
//! Vectors only grow and their entries never change once pushed; the scalars are small. A
//! [`ClockMark`] (scalars and vector lengths) restores the clock to an earlier point exactly.

use chrono::{DateTime, Duration, Utc};

use super::sla::{Retarget, SlaReport};
use super::sla_segments::{Segments, SegmentsMark};
use super::{IncidentError, SeverityPeriod};
use crate::severity::{ClockKind, ClockState, Pause, SeverityPolicy, SlaClock, SlaKind, SlaTarget};

/// Why a resolve clock paused: the incident was resolved and later reopened.
pub(crate) fn pause_reason() -> String {
    format!("{}; reopened later", super::Status::Resolved.as_str())
}

/// The scalar state of a clock (everything but the vectors).
#[derive(Debug, Clone, PartialEq)]
struct Scalars {
    /// Start of the running segment in progress (`None` while stopped).
    running_since: Option<DateTime<Utc>>,
    /// The stop (for the resolve clock, the start of the current resolved run).
    stop: Option<DateTime<Utc>>,
    /// Severity periods `[0, settled)` are settled.
    settled: usize,
    /// The first breach: when, and the index of the level breached.
    breach: Option<(DateTime<Utc>, usize)>,
    /// Whole seconds paused, summed pause by pause.
    paused_secs: i64,
    /// A failure while settling, reported by every later query.
    poison: Option<Box<IncidentError>>,
}

/// A point to which a clock can be restored.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ClockMark {
    s: Scalars,
    segs: SegmentsMark,
    retargets: usize,
}

/// One incident SLA clock, kept incrementally.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ClockTrack {
    kind: SlaKind,
    /// Per level (policy order): its target of this kind.
    targets: Vec<Option<SlaTarget>>,
    /// Per level: the budget of that target from this clock's start.
    budgets: Vec<Option<Result<Duration, IncidentError>>>,
    /// Running segments and pauses.
    segs: Segments,
    /// Settled re-targetings: (instant, level before, level after).
    retargets: Vec<(DateTime<Utc>, usize, usize)>,
    s: Scalars,
}

/// The index of a severity id in the policy (validated events name existing levels).
pub(crate) fn level_of(policy: &SeverityPolicy, id: &str) -> Option<usize> {
    policy.levels.iter().position(|l| l.id == id)
}

fn unknown(policy: &SeverityPolicy, id: &str) -> IncidentError {
    match policy.level(id) {
        Err(e) => e.into(),
        Ok(_) => IncidentError::InvalidConfig {
            reason: format!("severity {id:?} is not in the policy"),
        },
    }
}

/// The last judged period's clock at an instant.
struct Last {
    target: SlaTarget,
    deadline: Option<DateTime<Utc>>,
    /// The period's own breach by `now` (before the stop).
    own: Option<DateTime<Utc>>,
    elapsed: Duration,
    budget: Duration,
}

impl ClockTrack {
    /// A clock of `kind` started at `start` (the detection), running.
    pub(crate) fn start(kind: SlaKind, start: DateTime<Utc>, policy: &SeverityPolicy) -> Self {
        let targets: Vec<Option<SlaTarget>> = policy
            .levels
            .iter()
            .map(|l| match kind {
                SlaKind::Response => Some(l.response),
                SlaKind::Resolve => l.resolve,
            })
            .collect();
        let budgets = targets
            .iter()
            .map(|t| {
                t.map(|target| {
                    let calendar = policy.calendar_for(&target)?;
                    Ok(SlaClock::start(target, start).budget(policy, calendar)?)
                })
            })
            .collect();
        // Business sums only when a target needs them. (`||` would change nothing but work:
        // a validated policy has a calendar whenever a target is on the business clock.)
        let business = policy.business_calendar.is_some()
            && targets
                .iter()
                .flatten()
                .any(|t| t.clock == ClockKind::Business);
        ClockTrack {
            kind,
            targets,
            budgets,
            segs: Segments::new(start, business),
            retargets: Vec::new(),
            s: Scalars {
                running_since: Some(start),
                stop: None,
                settled: 0,
                breach: None,
                paused_secs: 0,
                poison: None,
            },
        }
    }

    /// Where the clock is now, to come back to with [`restore`](Self::restore).
    pub(crate) fn mark(&self) -> ClockMark {
        ClockMark {
            s: self.s.clone(),
            segs: self.segs.mark(),
            retargets: self.retargets.len(),
        }
    }

    /// Back to a mark taken on this clock.
    pub(crate) fn restore(&mut self, m: &ClockMark) {
        self.s = m.s.clone();
        self.segs.restore(&m.segs);
        self.retargets.truncate(m.retargets);
    }

    /// The clock stops at `at` (first acknowledgement or first exit for the response clock;
    /// the incident leaving the open statuses for the resolve clock).
    pub(crate) fn stop(&mut self, at: DateTime<Utc>, policy: &SeverityPolicy) {
        if let Some(since) = self.s.running_since.take() {
            self.segs.close(since, at, policy);
        }
        if self.s.stop.is_none() {
            self.s.stop = Some(at);
        }
    }

    /// The resolve clock of a reopened incident runs again from `at`: the time since the stop
    /// becomes a pause.
    pub(crate) fn resume(&mut self, at: DateTime<Utc>) {
        let Some(from) = self.s.stop.take() else {
            return;
        };
        self.segs.pause(from, at);
        self.s.paused_secs += (at - from).num_seconds().max(0);
        self.s.running_since = Some(at);
    }

    /// Settles the periods that can no longer be the last judged one: those followed by a
    /// period that began before the horizon (the stop, or `latest` while running).
    pub(crate) fn settle(
        &mut self,
        periods: &[SeverityPeriod],
        latest: DateTime<Utc>,
        policy: &SeverityPolicy,
    ) {
        let horizon = self.s.stop.unwrap_or(latest);
        while let (Some(p), Some(next)) =
            (periods.get(self.s.settled), periods.get(self.s.settled + 1))
        {
            if next.from >= horizon {
                break;
            }
            match (
                level_of(policy, &p.severity),
                level_of(policy, &next.severity),
            ) {
                (Some(a), Some(b)) => {
                    self.retargets.push((next.from, a, b));
                    if self.s.breach.is_none() && self.s.poison.is_none() {
                        match self.closed_breach(a, p.from, next.from, policy) {
                            Ok(Some(at)) => self.s.breach = Some((at, a)),
                            Ok(None) => {}
                            Err(e) => self.s.poison = Some(Box::new(e)),
                        }
                    }
                }
                (a, _) => {
                    let id = if a.is_none() {
                        &p.severity
                    } else {
                        &next.severity
                    };
                    if self.s.poison.is_none() {
                        self.s.poison = Some(Box::new(unknown(policy, id)));
                    }
                }
            }
            self.s.settled += 1;
        }
    }

    fn budget(&self, level: usize) -> Result<Option<(SlaTarget, Duration)>, IncidentError> {
        let Some(Some(target)) = self.targets.get(level) else {
            return Ok(None);
        };
        match self.budgets.get(level) {
            Some(Some(Ok(b))) => Ok(Some((*target, *b))),
            Some(Some(Err(e))) => Err(e.clone()),
            _ => Ok(None),
        }
    }

    /// The breach of a period of `level` from `from` that ended at `until` while the clock
    /// was not stopped, judged as the reference does for a period that is not the last: the
    /// deadline, if reached by `until`; a deadline before the period moves to the first
    /// running instant of the period.
    fn closed_breach(
        &self,
        level: usize,
        from: DateTime<Utc>,
        until: DateTime<Utc>,
        policy: &SeverityPolicy,
    ) -> Result<Option<DateTime<Utc>>, IncidentError> {
        let Some((target, budget)) = self.budget(level)? else {
            return Ok(None);
        };
        let clock = target.clock;
        let closed = self.segs.ending_before(until);
        let deadline = match self.segs.first_reaching(clock, budget, closed)? {
            Some(k) => self.segs.deadline_in(clock, budget, k, policy)?,
            None => {
                let j = self.segs.pause_from.partition_point(|f| *f < until);
                let paused = j
                    .checked_sub(1)
                    .and_then(|i| self.segs.pause_until.get(i))
                    .is_some_and(|u| *u > until);
                if paused {
                    // The deadline is only projected: no breach in this period. (A shortcut:
                    // laid out from the pause's end, at or after `until`, with budget left, the
                    // deadline would fall after `until` and be dropped below all the same, so
                    // `>` → `==` or `>=` above is equivalent.)
                    return Ok(None);
                }
                let cursor = j
                    .checked_sub(1)
                    .and_then(|i| self.segs.pause_until.get(i))
                    .copied()
                    .unwrap_or(self.segs.start);
                self.segs.add(
                    clock,
                    cursor,
                    budget - self.segs.cum_before(clock, closed)?,
                    policy,
                )?
            }
        };
        if deadline > until {
            return Ok(None);
        }
        Ok(if deadline < from {
            self.segs.running_from(from, until)
        } else {
            Some(deadline)
        })
    }

    /// The last judged period's clock at `now`.
    fn last_at(
        &self,
        level: usize,
        now: DateTime<Utc>,
        policy: &SeverityPolicy,
    ) -> Result<Option<Last>, IncidentError> {
        let Some((target, budget)) = self.budget(level)? else {
            return Ok(None);
        };
        let clock = target.clock;
        let n = self.segs.len();
        let total = self.segs.cum_before(clock, n)?;
        let deadline = match self.segs.first_reaching(clock, budget, n)? {
            Some(k) => Some(self.segs.deadline_in(clock, budget, k, policy)?),
            None => match self.s.running_since {
                Some(c) => Some(self.segs.add(clock, c, budget - total, policy)?),
                None => None,
            },
        };
        let open = match self.s.running_since {
            Some(c) => self.segs.counted(clock, c, now, policy)?,
            None => Duration::zero(),
        };
        let stop = self.s.stop;
        let own = deadline.filter(|d| *d <= now && stop.is_none_or(|s| *d < s));
        Ok(Some(Last {
            target,
            deadline,
            own,
            elapsed: total + open,
            budget,
        }))
    }

    /// The clock's report at `now` (not before the latest event), for an incident detected
    /// at the clock's start with these severity `periods`.
    pub(crate) fn report(
        &self,
        periods: &[SeverityPeriod],
        now: DateTime<Utc>,
        policy: &SeverityPolicy,
    ) -> Result<SlaReport, IncidentError> {
        if let Some(e) = &self.s.poison {
            return Err((**e).clone());
        }
        let stop = self.s.stop;
        // Periods that judge the clock: those that began before the stop (the first always).
        let judged = match stop {
            Some(s) => periods.partition_point(|p| p.from < s).max(1),
            None => periods.len(),
        }
        .min(periods.len());
        let level = |i: usize| -> Result<usize, IncidentError> {
            let p = periods.get(i).ok_or_else(|| IncidentError::InvalidConfig {
                reason: "an incident has at least one severity period".into(),
            })?;
            level_of(policy, &p.severity).ok_or_else(|| unknown(policy, &p.severity))
        };
        let name = |l: usize| {
            policy
                .levels
                .get(l)
                .map(|x| x.id.clone())
                .unwrap_or_default()
        };
        let mut retargeted: Vec<Retarget> = self
            .retargets
            .iter()
            .map(|(at, a, b)| Retarget {
                at: *at,
                from: name(*a),
                to: name(*b),
            })
            .collect();
        let mut breach = self.s.breach;
        let last_index = judged.saturating_sub(1);
        for i in self.s.settled..last_index {
            let (a, b) = (level(i)?, level(i + 1)?);
            let (p, next) = match (periods.get(i), periods.get(i + 1)) {
                (Some(p), Some(n)) => (p, n),
                _ => break,
            };
            retargeted.push(Retarget {
                at: next.from,
                from: name(a),
                to: name(b),
            });
            if breach.is_none() {
                if let Some(at) = self.closed_breach(a, p.from, next.from, policy)? {
                    breach = Some((at, a));
                }
            }
        }
        let last_level = level(last_index)?;
        let last_from = periods.get(last_index).map_or(self.segs.start, |p| p.from);
        let last = self.last_at(last_level, now, policy)?;
        if breach.is_none() {
            if let Some(b) = last.as_ref().and_then(|l| l.own) {
                let effective = if b < last_from {
                    self.segs
                        .running_from(last_from, now)
                        .filter(|t| stop.is_none_or(|s| *t < s))
                } else {
                    Some(b)
                };
                breach = effective.map(|at| (at, last_level));
            }
        }
        let stopped = stop.is_some();
        let (target, clock, deadline, elapsed, remaining) = match &last {
            Some(l) => {
                // A stopped clock keeps its deadline only if this period breached it.
                let own_deadline = if stopped && l.own.is_none() {
                    None
                } else {
                    l.deadline
                };
                (
                    Some(policy.duration_of(&l.target)),
                    Some(l.target.clock),
                    own_deadline,
                    Some(l.elapsed.num_seconds()),
                    Some((l.budget - l.elapsed).num_seconds()),
                )
            }
            None => (None, None, None, None, None),
        };
        let deadline = if stopped && breach.is_none() {
            None
        } else {
            deadline
        };
        let pauses = self
            .segs
            .pause_from
            .iter()
            .zip(&self.segs.pause_until)
            .map(|(f, u)| Pause {
                from: *f,
                until: Some(*u),
                reason: pause_reason(),
            })
            .collect();
        let breached = breach.is_some();
        Ok(SlaReport {
            kind: self.kind,
            severity: name(last_level),
            target,
            clock,
            started_at: self.segs.start,
            stopped_at: stop,
            state: if stopped {
                ClockState::Stopped
            } else {
                ClockState::Running
            },
            deadline,
            deadline_projected: false,
            elapsed_seconds: elapsed,
            remaining_seconds: remaining,
            paused_seconds: self.s.paused_secs,
            pauses,
            breached,
            breached_at: breach.map(|b| b.0),
            breached_under: breach.map(|b| name(b.1)),
            met: stopped.then_some(!breached),
            retargeted,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_instant;

    fn at(hhmm: &str) -> DateTime<Utc> {
        parse_instant(&format!("2026-11-26T{hhmm}:00Z")).unwrap()
    }

    fn period(severity: &str, from: &str) -> SeverityPeriod {
        SeverityPeriod {
            severity: severity.into(),
            from: at(from),
            until: None,
            event: from.into(),
            actor: "bob".into(),
            reason: None,
        }
    }

    #[test]
    fn settled_periods_are_recorded_once_and_agree_with_judging_them_at_the_query() {
        // SEV-2 from 10:00, SEV-1 from 10:30 (its 4 h resolve budget ran out at 14:00), then
        // SEV-3 from 15:00: the SEV-1 period is closed by 15:30 and breached at 14:00.
        let policy = SeverityPolicy::default();
        let periods = [
            period("SEV-2", "10:00"),
            period("SEV-1", "10:30"),
            period("SEV-3", "15:00"),
        ];
        let mut settled = ClockTrack::start(SlaKind::Resolve, at("10:00"), &policy);
        settled.settle(&periods, at("15:30"), &policy);
        assert_eq!(settled.s.settled, 2);
        assert_eq!(settled.retargets.len(), 2);
        assert_eq!(settled.s.breach, Some((at("14:00"), 0)));
        // A clock that settled nothing judges the same periods when asked.
        let fresh = ClockTrack::start(SlaKind::Resolve, at("10:00"), &policy);
        let report = settled.report(&periods, at("16:00"), &policy).unwrap();
        assert_eq!(
            report,
            fresh.report(&periods, at("16:00"), &policy).unwrap()
        );
        assert_eq!(report.breached_at, Some(at("14:00")));
        assert_eq!(report.retargeted.len(), 2);
    }
}
