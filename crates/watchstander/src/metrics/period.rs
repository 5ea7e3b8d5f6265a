//! The reporting window and its calendar: days, weeks and months read in one zone.
//!
//! Weeks start on Monday at local midnight (ISO 8601) and months on the first at local
//! midnight, in the report's zone, so a London report puts an incident at 00:30 BST on a
//! Monday into the week that starts that Monday. The first and last periods are clipped to the
//! window and marked `partial`.
//!
//! Looking up the day of an instant costs one division and at most a step either way (a day is
//! 23 to 25 hours), so bucketing a million incidents never converts a million instants to
//! local time.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{MetricsError, MAX_WINDOW_DAYS};
use crate::time::{Disambiguation, Zone};

/// The reporting window: incidents triggered and pages sent in `[start, end)`, with weeks and
/// months read in `zone`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(rename = "MetricsReportWindow"))]
pub struct ReportWindow {
    /// First instant (inclusive).
    pub start: DateTime<Utc>,
    /// End (exclusive).
    pub end: DateTime<Utc>,
    /// The zone weeks, months and days are read in (the team's zone).
    pub zone: Zone,
}

impl ReportWindow {
    /// Checks the window: `start < end`, at most [`MAX_WINDOW_DAYS`] days.
    pub fn validate(&self) -> Result<(), MetricsError> {
        let bad = |reason: &str| MetricsError::InvalidWindow {
            start: self.start,
            end: self.end,
            reason: reason.to_string(),
        };
        if self.end <= self.start {
            return Err(bad("the end must be after the start"));
        }
        if self.end - self.start > Duration::days(MAX_WINDOW_DAYS) {
            return Err(bad(&format!(
                "a window is at most {MAX_WINDOW_DAYS} days; report on shorter windows"
            )));
        }
        Ok(())
    }

    /// Length in seconds.
    pub fn seconds(&self) -> i64 {
        (self.end - self.start).num_seconds()
    }

    /// Whether `t` is inside.
    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.start <= t && t < self.end
    }
}

/// Calendar granularity of a breakdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", schemars(rename = "MetricsGranularity"))]
pub enum Granularity {
    /// ISO weeks, Monday to Sunday.
    #[default]
    Week,
    /// Calendar months.
    Month,
}

/// One period of a breakdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "MetricsPeriod"))]
pub struct Period {
    /// Start (the window's start for the first, clipped period).
    pub start: DateTime<Utc>,
    /// End, exclusive.
    pub end: DateTime<Utc>,
    /// A label: `2026-W48` for a week, `2026-11` for a month.
    pub label: String,
    /// Clipped by the window (shorter than a whole week or month).
    pub partial: bool,
}

/// The days, weeks and months of a window.
#[derive(Debug, Clone)]
pub(crate) struct Calendar {
    /// Local midnights of every date touched by the window, as epoch seconds (the first may be
    /// before the window's start), then the window's end.
    day_bounds: Vec<i64>,
    /// The local dates.
    pub(crate) dates: Vec<NaiveDate>,
    /// Week of each date.
    pub(crate) day_week: Vec<u32>,
    /// Month of each date.
    pub(crate) day_month: Vec<u32>,
    pub(crate) weeks: Vec<Period>,
    pub(crate) months: Vec<Period>,
    start: i64,
    end: i64,
}

fn midnight(zone: Zone, d: NaiveDate) -> Result<i64, MetricsError> {
    let local = d.and_hms_opt(0, 0, 0).unwrap_or_default();
    Ok(zone
        .resolve_local(local, Disambiguation::Compatible)?
        .instant
        .timestamp())
}

fn instant(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

impl Calendar {
    pub(crate) fn new(w: &ReportWindow) -> Result<Calendar, MetricsError> {
        w.validate()?;
        let zone = w.zone;
        let first = zone.to_local(w.start).date();
        let last = zone.to_local(w.end - Duration::seconds(1)).date();
        let mut dates = Vec::new();
        let mut day_bounds = Vec::new();
        let mut d = first;
        while d <= last {
            dates.push(d);
            day_bounds.push(midnight(zone, d)?);
            d = match d.succ_opt() {
                Some(n) => n,
                None => break,
            };
        }
        let (start, end) = (w.start.timestamp(), w.end.timestamp());
        day_bounds.push(end);
        let mut day_week = Vec::with_capacity(dates.len());
        let mut day_month = Vec::with_capacity(dates.len());
        let mut weeks: Vec<Period> = Vec::new();
        let mut months: Vec<Period> = Vec::new();
        for (i, d) in dates.iter().enumerate() {
            let day_start = day_bounds.get(i).copied().unwrap_or(end).max(start);
            let day_end = day_bounds.get(i + 1).copied().unwrap_or(end).min(end);
            let week_label = format!("{}-W{:02}", d.iso_week().year(), d.iso_week().week());
            let month_label = format!("{}-{:02}", d.year(), d.month());
            for (list, label, index) in [
                (&mut weeks, week_label, &mut day_week),
                (&mut months, month_label, &mut day_month),
            ] {
                match list.last_mut() {
                    Some(p) if p.label == label => p.end = instant(day_end),
                    _ => list.push(Period {
                        start: instant(day_start),
                        end: instant(day_end),
                        label,
                        partial: false,
                    }),
                }
                index.push(list.len().saturating_sub(1) as u32);
            }
        }
        // A period is partial when its first or last date is not the calendar's.
        let mark = |list: &mut Vec<Period>, week: bool| {
            let n = list.len();
            for (i, p) in list.iter_mut().enumerate() {
                let first_local = zone.to_local(p.start);
                let last_local = zone.to_local(p.end - Duration::seconds(1)).date();
                let whole_start = first_local.time() == chrono::NaiveTime::MIN
                    && if week {
                        first_local.date().weekday() == chrono::Weekday::Mon
                    } else {
                        first_local.date().day() == 1
                    };
                let next = last_local.succ_opt();
                let whole_end = zone.to_local(p.end).time() == chrono::NaiveTime::MIN
                    && next.is_some_and(|n| {
                        if week {
                            n.weekday() == chrono::Weekday::Mon
                        } else {
                            n.day() == 1
                        }
                    });
                p.partial = (i == 0 && !whole_start) || (i + 1 == n && !whole_end);
            }
        };
        mark(&mut weeks, true);
        mark(&mut months, false);
        Ok(Calendar {
            day_bounds,
            dates,
            day_week,
            day_month,
            weeks,
            months,
            start,
            end,
        })
    }

    /// Whether epoch second `t` is inside the window.
    pub(crate) fn contains(&self, t: i64) -> bool {
        self.start <= t && t < self.end
    }

    /// The index of the local date of `t` (which must be inside the window).
    pub(crate) fn day_of(&self, t: i64) -> u32 {
        let n = self.dates.len();
        let base = self.day_bounds.first().copied().unwrap_or(0);
        let mut i = (((t - base).max(0)) / 86_400).min(n.saturating_sub(1) as i64) as usize;
        while i > 0 && self.day_bounds.get(i).is_some_and(|&b| b > t) {
            i -= 1;
        }
        while i + 1 < n && self.day_bounds.get(i + 1).is_some_and(|&b| b <= t) {
            i += 1;
        }
        i as u32
    }

    /// The periods of a granularity.
    pub(crate) fn periods(&self, g: Granularity) -> &[Period] {
        match g {
            Granularity::Week => &self.weeks,
            Granularity::Month => &self.months,
        }
    }

    /// The period of a granularity for a day index.
    pub(crate) fn period_of_day(&self, g: Granularity, day: u32) -> u32 {
        let list = match g {
            Granularity::Week => &self.day_week,
            Granularity::Month => &self.day_month,
        };
        list.get(day as usize).copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_instant;

    fn window(a: &str, b: &str, zone: &str) -> ReportWindow {
        ReportWindow {
            start: parse_instant(a).unwrap(),
            end: parse_instant(b).unwrap(),
            zone: Zone::parse(zone).unwrap(),
        }
    }

    #[test]
    fn weeks_start_on_local_monday_midnight() {
        // 2026-03-01 is a Sunday; London changes to BST on 2026-03-29.
        // The window ends at 1 April 00:00 BST (23:00 UTC on 31 March).
        let c = Calendar::new(&window(
            "2026-03-01T00:00:00Z",
            "2026-03-31T23:00:00Z",
            "Europe/London",
        ))
        .unwrap();
        let labels: Vec<_> = c.weeks.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(
            labels,
            ["2026-W09", "2026-W10", "2026-W11", "2026-W12", "2026-W13", "2026-W14"]
        );
        assert!(c.weeks[0].partial && !c.weeks[1].partial && c.weeks[5].partial);
        // Monday 30 March starts at 00:00 BST = 23:00 UTC on the Sunday.
        assert_eq!(
            c.weeks[5].start,
            parse_instant("2026-03-29T23:00:00Z").unwrap()
        );
        assert_eq!(c.months.len(), 1);
        assert!(!c.months[0].partial);
        // A window ending at midnight UTC ends at 01:00 BST: April is a one-hour partial month.
        let c = Calendar::new(&window(
            "2026-03-01T00:00:00Z",
            "2026-04-01T00:00:00Z",
            "Europe/London",
        ))
        .unwrap();
        assert_eq!(c.months.len(), 2);
        assert!(!c.months[0].partial && c.months[1].partial);
        assert_eq!(c.months[1].label, "2026-04");
        // 2026-03-29T23:30Z is Monday 00:30 BST: week 14.
        let d = c.day_of(parse_instant("2026-03-29T23:30:00Z").unwrap().timestamp());
        assert_eq!(c.dates[d as usize].to_string(), "2026-03-30");
        assert_eq!(c.period_of_day(Granularity::Week, d), 5);
        let d = c.day_of(parse_instant("2026-03-29T22:59:59Z").unwrap().timestamp());
        assert_eq!(c.dates[d as usize].to_string(), "2026-03-29");
    }

    #[test]
    fn bad_windows_are_refused() {
        let w = window("2026-03-01T00:00:00Z", "2026-03-01T00:00:00Z", "UTC");
        assert_eq!(w.validate().unwrap_err().code(), "invalid_metrics_window");
        let w = window("2000-01-01T00:00:00Z", "2026-03-01T00:00:00Z", "UTC");
        assert_eq!(w.validate().unwrap_err().code(), "invalid_metrics_window");
    }
}
