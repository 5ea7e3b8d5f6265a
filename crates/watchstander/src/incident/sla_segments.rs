//! The running segments and pauses of one incident SLA clock, with the counted time (24×7
//! and business) summed segment by segment: the arithmetic under
//! [`sla_track`](super::sla_track).
//!
//! A running segment runs from detection or a resume to a pause or the stop; empty segments
//! count nothing and are not kept. Vectors only grow and entries never change once pushed, so
//! a [`SegmentsMark`] (lengths and the one failure that may have been recorded) restores them
//! exactly.

use chrono::{DateTime, Duration, Utc};

use super::IncidentError;
use crate::severity::{ClockKind, SeverityError, SeverityPolicy};
use crate::time::TimeError;

/// Closed running segments and pauses of a clock.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Segments {
    pub(crate) start: DateTime<Utc>,
    /// Whether business time is summed (some level counts on the business calendar).
    business: bool,
    seg_from: Vec<DateTime<Utc>>,
    seg_to: Vec<DateTime<Utc>>,
    /// Counted 24×7 time up to the end of each segment.
    cum_wall: Vec<Duration>,
    /// Counted business time up to the end of each segment (when `business`).
    cum_business: Vec<Duration>,
    pub(crate) pause_from: Vec<DateTime<Utc>>,
    pub(crate) pause_until: Vec<DateTime<Utc>>,
    /// Pauses `i` and `i + 1` share a chain id when the second starts as the first ends.
    chain: Vec<u32>,
    /// A failure computing business time, reported when a business target needs it.
    business_error: Option<Box<IncidentError>>,
}

/// A point to which [`Segments`] can be restored.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SegmentsMark {
    segments: usize,
    pauses: usize,
    business_error: Option<Box<IncidentError>>,
}

impl Segments {
    /// No segment yet, for a clock started at `start`.
    pub(crate) fn new(start: DateTime<Utc>, business: bool) -> Segments {
        Segments {
            start,
            business,
            seg_from: Vec::new(),
            seg_to: Vec::new(),
            cum_wall: Vec::new(),
            cum_business: Vec::new(),
            pause_from: Vec::new(),
            pause_until: Vec::new(),
            chain: Vec::new(),
            business_error: None,
        }
    }

    pub(crate) fn mark(&self) -> SegmentsMark {
        SegmentsMark {
            segments: self.seg_from.len(),
            pauses: self.pause_from.len(),
            business_error: self.business_error.clone(),
        }
    }

    pub(crate) fn restore(&mut self, m: &SegmentsMark) {
        self.seg_from.truncate(m.segments);
        self.seg_to.truncate(m.segments);
        self.cum_wall.truncate(m.segments);
        self.cum_business.truncate(m.segments);
        self.pause_from.truncate(m.pauses);
        self.pause_until.truncate(m.pauses);
        self.chain.truncate(m.pauses);
        self.business_error = m.business_error.clone();
    }

    /// How many closed segments there are.
    pub(crate) fn len(&self) -> usize {
        self.seg_from.len()
    }

    /// How many closed segments end before `t`.
    pub(crate) fn ending_before(&self, t: DateTime<Utc>) -> usize {
        self.seg_to.partition_point(|to| *to < t)
    }

    /// Closes the running segment `[from, to)`.
    pub(crate) fn close(
        &mut self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        policy: &SeverityPolicy,
    ) {
        // An empty segment counts nothing and holds no deadline (the reference walk skips it).
        if to <= from {
            return;
        }
        let wall = self.cum_wall.last().copied().unwrap_or_else(Duration::zero) + (to - from);
        self.cum_wall.push(wall);
        if self.business {
            let before = self
                .cum_business
                .last()
                .copied()
                .unwrap_or_else(Duration::zero);
            let here = match &policy.business_calendar {
                Some(cal) => cal.business_time_between(from, to),
                None => Ok(Duration::zero()),
            };
            match here {
                Ok(d) => self.cum_business.push(before + d),
                Err(e) => {
                    self.cum_business.push(before);
                    if self.business_error.is_none() {
                        self.business_error = Some(Box::new(SeverityError::from(e).into()));
                    }
                }
            }
        }
        self.seg_from.push(from);
        self.seg_to.push(to);
    }

    /// Records a pause `[from, until)`.
    pub(crate) fn pause(&mut self, from: DateTime<Utc>, until: DateTime<Utc>) {
        let m = self.pause_from.len();
        let chain = match m.checked_sub(1) {
            Some(prev) if self.pause_until.get(prev) == Some(&from) => {
                self.chain.get(prev).copied().unwrap_or(prev as u32)
            }
            _ => m as u32,
        };
        self.pause_from.push(from);
        self.pause_until.push(until);
        self.chain.push(chain);
    }

    /// The counted time up to the end of each segment, on `clock`.
    pub(crate) fn sums(&self, clock: ClockKind) -> Result<&[Duration], IncidentError> {
        match clock {
            ClockKind::TwentyFourSeven => Ok(&self.cum_wall),
            ClockKind::Business => match &self.business_error {
                Some(e) => Err((**e).clone()),
                None => Ok(&self.cum_business),
            },
        }
    }

    /// Counted time up to the end of segment `k - 1` (zero for `k == 0`).
    pub(crate) fn cum_before(&self, clock: ClockKind, k: usize) -> Result<Duration, IncidentError> {
        Ok(k.checked_sub(1)
            .and_then(|i| self.sums(clock).ok()?.get(i).copied())
            .unwrap_or_else(Duration::zero))
    }

    /// The first of segments `[0, upto)` by whose end the counted time reaches `budget`.
    pub(crate) fn first_reaching(
        &self,
        clock: ClockKind,
        budget: Duration,
        upto: usize,
    ) -> Result<Option<usize>, IncidentError> {
        let sums = self.sums(clock)?;
        let sums = sums.get(..upto).unwrap_or(sums);
        let k = sums.partition_point(|c| *c < budget);
        Ok((k < sums.len()).then_some(k))
    }

    pub(crate) fn add(
        &self,
        clock: ClockKind,
        from: DateTime<Utc>,
        left: Duration,
        policy: &SeverityPolicy,
    ) -> Result<DateTime<Utc>, IncidentError> {
        match (clock, &policy.business_calendar) {
            (ClockKind::Business, Some(cal)) => Ok(cal
                .add_business_time(from, left)
                .map_err(SeverityError::from)?),
            _ => crate::time::checked_add(from, left).ok_or_else(|| {
                SeverityError::Time(TimeError::OutOfRange {
                    what: "SLA deadline".into(),
                    reason: "past the year 9999".into(),
                })
                .into()
            }),
        }
    }

    pub(crate) fn counted(
        &self,
        clock: ClockKind,
        a: DateTime<Utc>,
        b: DateTime<Utc>,
        policy: &SeverityPolicy,
    ) -> Result<Duration, IncidentError> {
        if b <= a {
            return Ok(Duration::zero());
        }
        match (clock, &policy.business_calendar) {
            (ClockKind::Business, Some(cal)) => Ok(cal
                .business_time_between(a, b)
                .map_err(SeverityError::from)?),
            _ => Ok(b - a),
        }
    }

    /// The deadline of the segment `k` (the one in which the budget runs out).
    pub(crate) fn deadline_in(
        &self,
        clock: ClockKind,
        budget: Duration,
        k: usize,
        policy: &SeverityPolicy,
    ) -> Result<DateTime<Utc>, IncidentError> {
        let from = self.seg_from.get(k).copied().unwrap_or(self.start);
        self.add(clock, from, budget - self.cum_before(clock, k)?, policy)
    }

    /// The first instant at or after `t` at which the clock is not paused, if by `end`.
    pub(crate) fn running_from(
        &self,
        t: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let j = self.pause_from.partition_point(|f| *f <= t);
        let mut at = t;
        if let Some(last) = j.checked_sub(1) {
            // With `>=`, a pause ending at `t` would lead to the same answer: a pause starting
            // at `t` would have been `last`, so this one ends its chain, at `t`.
            if self.pause_until.get(last).is_some_and(|u| *u > t) {
                let c = self.chain.get(last).copied().unwrap_or(last as u32);
                let k = self.chain.partition_point(|x| *x <= c).saturating_sub(1);
                at = self.pause_until.get(k).copied().unwrap_or(at);
            }
        }
        (at <= end).then_some(at)
    }
}
