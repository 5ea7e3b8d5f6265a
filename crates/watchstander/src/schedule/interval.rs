//! Half-open intervals of instants.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::ScheduleError;

/// A half-open interval of instants `[start, end)`.
///
/// ```
/// use watchstander::schedule::Interval;
/// use watchstander::time::parse_instant;
/// let w = Interval::new(parse_instant("2026-01-01T00:00:00Z")?, parse_instant("2026-01-02T00:00:00Z")?)?;
/// assert!(w.contains(parse_instant("2026-01-01T00:00:00Z")?));
/// assert!(!w.contains(parse_instant("2026-01-02T00:00:00Z")?)); // end exclusive
/// assert_eq!(w.duration().num_hours(), 24);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Interval {
    /// Start (inclusive).
    pub start: DateTime<Utc>,
    /// End (exclusive).
    pub end: DateTime<Utc>,
}

impl Interval {
    /// An interval; the end must be after the start.
    pub fn new(start: DateTime<Utc>, end: DateTime<Utc>) -> Result<Interval, ScheduleError> {
        Interval::checked(start, end, "interval")
    }

    pub(crate) fn checked(
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        what: &str,
    ) -> Result<Interval, ScheduleError> {
        if end <= start {
            return Err(ScheduleError::EmptyInterval {
                what: what.to_string(),
                start,
                end,
            });
        }
        Ok(Interval { start, end })
    }

    /// Whether `t` lies inside (`start <= t < end`).
    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.start <= t && t < self.end
    }

    /// Whether the two intervals share any instant.
    pub fn overlaps(&self, other: &Interval) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The common part, if any.
    pub fn intersect(&self, other: &Interval) -> Option<Interval> {
        let start = self.start.max(other.start);
        let end = self.end.min(other.end);
        (start < end).then_some(Interval { start, end })
    }

    /// Length.
    pub fn duration(&self) -> Duration {
        self.end - self.start
    }

    /// Length in hours, as a float.
    pub fn hours(&self) -> f64 {
        seconds_to_hours(self.duration().num_seconds())
    }
}

pub(crate) fn seconds_to_hours(seconds: i64) -> f64 {
    // Round to the second; on-call hours are reported to 1/3600 h.
    seconds as f64 / 3600.0
}

/// Sorts and merges overlapping or touching intervals.
pub(crate) fn merge(mut list: Vec<Interval>) -> Vec<Interval> {
    list.sort();
    let mut out: Vec<Interval> = Vec::with_capacity(list.len());
    for iv in list {
        match out.last_mut() {
            Some(last) if iv.start <= last.end => last.end = last.end.max(iv.end),
            _ => out.push(iv),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_instant;

    fn iv(a: &str, b: &str) -> Interval {
        Interval::new(
            parse_instant(&format!("2026-01-01T{a}:00Z")).unwrap(),
            parse_instant(&format!("2026-01-01T{b}:00Z")).unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn empty_and_reversed_intervals_are_refused() {
        let t = parse_instant("2026-01-01T00:00:00Z").unwrap();
        assert_eq!(Interval::new(t, t).unwrap_err().code(), "empty_interval");
    }

    #[test]
    fn merge_joins_touching_and_overlapping() {
        let out = merge(vec![
            iv("05:00", "06:00"),
            iv("01:00", "02:00"),
            iv("02:00", "03:00"),
            iv("05:30", "07:00"),
        ]);
        assert_eq!(out, vec![iv("01:00", "03:00"), iv("05:00", "07:00")]);
    }

    #[test]
    fn intersection_and_overlap_are_half_open() {
        assert!(!iv("01:00", "02:00").overlaps(&iv("02:00", "03:00")));
        assert!(!iv("02:00", "03:00").overlaps(&iv("01:00", "02:00")));
        assert!(iv("01:00", "02:01").overlaps(&iv("02:00", "03:00")));
        assert!(iv("02:00", "03:00").overlaps(&iv("01:00", "02:01")));
        assert_eq!(
            iv("01:00", "03:00").intersect(&iv("02:00", "04:00")),
            Some(iv("02:00", "03:00"))
        );
        assert_eq!(iv("01:00", "02:00").intersect(&iv("02:00", "04:00")), None);
    }
}
