//! What a live incident keeps besides the folded [`Incident`](super::Incident), so that its
//! status at any instant costs O(log n) instead of a pass over the history: the two SLA
//! clocks ([`ClockTrack`]), running sums for the facts (time in each status, impact), and the
//! update cadence of each audience.
//!
//! The index observes every event right after the fold applied it. Its vectors only grow and
//! its scalars are small, so an [`IndexMark`] restores it exactly (late events roll the
//! index back to a mark and observe the events again).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::apply::FoldState;
use super::comms::{after_interval, cadence_of, ending_due, open_due, AUDIENCES};
use super::derived::FactSums;
use super::sla_track::{level_of, ClockMark, ClockTrack};
use super::{
    Event, EventKind, Incident, IncidentConfig, IncidentError, IncidentSla, Status, UpdateDue,
};
use crate::severity::{Audience, SeverityPolicy, SlaKind};
use crate::time::IsoDuration;

/// The update cadence of one audience, as the events unfold (see
/// [`comms`](super::comms#what-a-severity-change-does-to-a-cadence)).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Cadence {
    /// Start of the current run of severities that update the audience.
    run_start: Option<DateTime<Utc>>,
    /// The last update to the audience.
    last_update: Option<DateTime<Utc>>,
    /// The last update or the start of the requirement, whichever is later.
    anchor: Option<DateTime<Utc>>,
    /// The level in force at the anchor.
    anchor_level: usize,
    /// The earliest "change + new interval" since the anchor.
    due_min: Option<DateTime<Utc>>,
    /// The latest level in the history that updates the audience.
    latest_level: Option<usize>,
    /// That level as it stood when the incident stopped being open (and changes at that
    /// same instant).
    ending_level: Option<usize>,
}

/// Running sums for the facts.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Sums {
    /// Whole seconds in each status ([`Status::ALL`] order), closed periods only.
    status_secs: [i64; 9],
    /// Statuses entered so far (bit per [`Status::ALL`] index).
    visited: u16,
    mitigated_at: Option<DateTime<Utc>>,
    /// Whole seconds of closed impact windows.
    impact_secs: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Scalars {
    sums: Sums,
    cadence: [Cadence; 3],
    last_reopen: Option<DateTime<Utc>>,
}

/// A point to which the index can be restored.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct IndexMark {
    s: Scalars,
    response: Option<ClockMark>,
    resolve: Option<ClockMark>,
}

/// The incremental state of a live incident (see the [module documentation](self)).
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Index {
    response: Option<ClockTrack>,
    resolve: Option<ClockTrack>,
    s: Scalars,
}

fn status_bit(s: Status) -> usize {
    Status::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

/// The bit of `s` in [`Sums::visited`].
fn status_flag(s: Status) -> u16 {
    1 << status_bit(s)
}

fn secs(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    (to - from).num_seconds()
}

fn level_cadence(policy: &SeverityPolicy, level: usize, a: Audience) -> Option<IsoDuration> {
    policy.levels.get(level).and_then(|l| cadence_of(l, a))
}

impl Index {
    /// Where the index is now.
    pub(crate) fn mark(&self) -> IndexMark {
        IndexMark {
            s: self.s,
            response: self.response.as_ref().map(ClockTrack::mark),
            resolve: self.resolve.as_ref().map(ClockTrack::mark),
        }
    }

    /// Back to a mark taken on this index (or on its past).
    pub(crate) fn restore(&mut self, m: &IndexMark) {
        self.s = m.s;
        match (&m.response, &mut self.response) {
            (Some(mark), Some(clock)) => clock.restore(mark),
            _ => self.response = None,
        }
        match (&m.resolve, &mut self.resolve) {
            (Some(mark), Some(clock)) => clock.restore(mark),
            _ => self.resolve = None,
        }
    }

    /// Takes in `e`, which the fold has just applied, leaving `state`.
    pub(crate) fn observe(&mut self, state: &FoldState, e: &Event, config: &IncidentConfig) {
        let policy = &config.severity_policy;
        let t = e.occurred_at;
        let inc = match state {
            FoldState::Undetected { impact, .. } => {
                self.impact_ended(impact, e);
                return;
            }
            FoldState::Detected(inc) => inc,
        };
        match &e.kind {
            EventKind::Detected { .. } => {
                self.response = Some(ClockTrack::start(SlaKind::Response, t, policy));
                self.resolve = Some(ClockTrack::start(SlaKind::Resolve, t, policy));
                self.s.sums.visited |= status_flag(Status::Triage);
            }
            // The first acknowledgement stops the response clock. Later ones find it stopped,
            // and a stopped response clock never runs again (only the resolve clock resumes),
            // so stopping it again changes nothing.
            EventKind::Acknowledged {} => {
                if let Some(c) = &mut self.response {
                    c.stop(t, policy);
                }
            }
            EventKind::StatusChanged { .. }
            | EventKind::Merged { .. }
            | EventKind::Reopened { .. } => {
                self.transition(inc, t, policy);
            }
            EventKind::ImpactEnded {} => self.impact_ended(&inc.impact, e),
            _ => {}
        }
        self.cadences(inc, e, policy);
        for clock in [&mut self.response, &mut self.resolve]
            .into_iter()
            .flatten()
        {
            clock.settle(&inc.severity_history, t, policy);
        }
    }

    fn impact_ended(&mut self, impact: &[super::ImpactWindow], e: &Event) {
        if let (EventKind::ImpactEnded {}, Some(w)) = (&e.kind, impact.last()) {
            self.s.sums.impact_secs += secs(w.started_at, e.occurred_at).max(0);
        }
    }

    /// A status change (including merges and reopenings): the sums, both clocks.
    fn transition(&mut self, inc: &Incident, t: DateTime<Utc>, policy: &SeverityPolicy) {
        let n = inc.status_history.len();
        let (Some(prev), Some(next)) = (
            n.checked_sub(2).and_then(|i| inc.status_history.get(i)),
            inc.status_history.last(),
        ) else {
            return;
        };
        let sums = &mut self.s.sums;
        if let Some(s) = sums.status_secs.get_mut(status_bit(prev.status)) {
            *s += secs(prev.from, t).max(0);
        }
        sums.visited |= status_flag(next.status);
        if sums.mitigated_at.is_none()
            && matches!(next.status, Status::Monitoring | Status::Resolved)
        {
            sums.mitigated_at = Some(t);
        }
        match (prev.status.is_open(), next.status.is_open()) {
            (true, false) => {
                for clock in [&mut self.response, &mut self.resolve]
                    .into_iter()
                    .flatten()
                {
                    clock.stop(t, policy);
                }
                for c in &mut self.s.cadence {
                    c.ending_level = c.latest_level;
                }
            }
            (false, true) => {
                if let Some(c) = &mut self.resolve {
                    c.resume(t);
                }
                self.s.last_reopen = Some(t);
            }
            _ => {}
        }
    }

    /// The update cadences after `e` (see [`Cadence`]).
    fn cadences(&mut self, inc: &Incident, e: &Event, policy: &SeverityPolicy) {
        // Only severities, updates and reopenings move a cadence (leaving the open statuses
        // is handled in `transition`).
        if !matches!(
            e.kind,
            EventKind::Detected { .. }
                | EventKind::SeverityChanged { .. }
                | EventKind::StatusUpdatePosted { .. }
                | EventKind::Reopened { .. }
        ) {
            return;
        }
        let t = e.occurred_at;
        let Some(level) = level_of(policy, &inc.severity) else {
            return;
        };
        let severity_event = matches!(
            e.kind,
            EventKind::Detected { .. } | EventKind::SeverityChanged { .. }
        );
        let ended_now = !inc.status.is_open() && inc.ended_at() == Some(t);
        for (i, a) in AUDIENCES.into_iter().enumerate() {
            let Some(c) = self.s.cadence.get_mut(i) else {
                continue;
            };
            let every = level_cadence(policy, level, a);
            if severity_event {
                if every.is_some() {
                    c.run_start = c.run_start.or(Some(t));
                    c.latest_level = Some(level);
                    if ended_now {
                        c.ending_level = Some(level);
                    }
                } else {
                    c.run_start = None;
                }
            }
            if let EventKind::StatusUpdatePosted { audience, .. } = &e.kind {
                if *audience == a {
                    c.last_update = Some(t);
                }
            }
            let since = c
                .run_start
                .map(|r| self.s.last_reopen.map_or(r, |x| r.max(x)));
            let anchor = since.map(|s| c.last_update.filter(|u| *u >= s).unwrap_or(s));
            if anchor != c.anchor {
                c.anchor = anchor;
                c.anchor_level = level;
                c.due_min = None;
            } else if severity_event && every.is_some() {
                // Only a severity change can bring the due time forward. (Without
                // `severity_event` the answers are the same: an update to another audience or a
                // reopening that leaves the anchor in place finds the level in force counted
                // already, since the anchor or since its change, both no later than `t`.)
                if c.anchor == Some(t) {
                    c.anchor_level = level;
                } else if let Some(due) = every.and_then(|i| after_interval(t, i)) {
                    c.due_min = Some(c.due_min.map_or(due, |d| d.min(due)));
                }
            }
        }
    }

    /// The sums for [`IncidentFacts`](super::IncidentFacts) at `as_of`.
    pub(crate) fn fact_sums(&self, inc: &Incident, as_of: DateTime<Utc>) -> FactSums {
        let sums = &self.s.sums;
        let mut time_in_status = BTreeMap::new();
        for (i, s) in Status::ALL.into_iter().enumerate() {
            if sums.visited & (1 << i) != 0 {
                let closed = sums.status_secs.get(i).copied().unwrap_or(0);
                time_in_status.insert(s, closed);
            }
        }
        if let Some(p) = inc.status_history.last() {
            *time_in_status.entry(p.status).or_insert(0) += secs(p.from, as_of).max(0);
        }
        let open_impact = inc
            .impact_ongoing_since()
            .map_or(0, |s| secs(s, as_of).max(0));
        FactSums {
            mitigated_at: sums.mitigated_at,
            time_in_status,
            impact_seconds: sums.impact_secs + open_impact,
        }
    }

    /// Both SLA clocks at `now`.
    pub(crate) fn sla(
        &self,
        inc: &Incident,
        config: &IncidentConfig,
        now: DateTime<Utc>,
    ) -> Result<IncidentSla, IncidentError> {
        let policy = &config.severity_policy;
        let (Some(response), Some(resolve)) = (&self.response, &self.resolve) else {
            return Err(IncidentError::InvalidConfig {
                reason: "the incident's clocks were not started".into(),
            });
        };
        Ok(IncidentSla {
            as_of: now,
            response: response.report(&inc.severity_history, now, policy)?,
            resolve: resolve.report(&inc.severity_history, now, policy)?,
        })
    }

    /// The next update due to each audience at `now`.
    pub(crate) fn next_updates(
        &self,
        inc: &Incident,
        config: &IncidentConfig,
        now: DateTime<Utc>,
    ) -> Result<Vec<UpdateDue>, IncidentError> {
        let policy = &config.severity_policy;
        let level = level_of(policy, &inc.severity);
        let mut out = Vec::with_capacity(AUDIENCES.len());
        for (a, c) in AUDIENCES.into_iter().zip(&self.s.cadence) {
            let last = c.last_update;
            if !inc.status.is_open() {
                let every = c.ending_level.and_then(|l| level_cadence(policy, l, a));
                out.push(ending_due(inc, a, every, last, now)?);
                continue;
            }
            let every = level.and_then(|l| level_cadence(policy, l, a));
            let since = c
                .run_start
                .map(|r| self.s.last_reopen.map_or(r, |x| r.max(x)));
            let at = match (every, c.anchor) {
                (Some(_), Some(anchor)) => {
                    let first = level_cadence(policy, c.anchor_level, a).or(every);
                    let due = match first {
                        Some(i) => crate::time::checked_add(anchor, i.to_fixed()?),
                        None => Some(anchor),
                    }
                    .ok_or_else(|| {
                        IncidentError::Time(crate::time::TimeError::out_of_range(
                            "update due time",
                            "past the year 9999",
                        ))
                    })?;
                    Some(c.due_min.map_or(due, |d| d.min(due)))
                }
                _ => None,
            };
            out.push(open_due(a, every, since, last, at, now));
        }
        Ok(out)
    }
}
