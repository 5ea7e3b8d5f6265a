//! Business, off and sleep hours on each person's own clock, and the split of on-call time
//! into weekday, weeknight, weekend and holiday hours.
//!
//! The defaults are PagerDuty's operational reviews: **business hours** 08:00–18:00 Monday to
//! Friday; **sleep hours** 22:00–08:00 every day; **off hours** everything else (18:00–22:00 on
//! weekdays and the waking hours of weekends). Sleep wins over the rest, so 23:00 on a Saturday
//! is sleep, not weekend. A person's holidays count as days off (off hours, not business) unless
//! `holidays_are_business_days` is set. Every boundary is configurable.
//!
//! On-call *time* is split the way on-call pay usually is:
//!
//! | category | when (in the person's zone) |
//! |---|---|
//! | `holiday` | any time on one of their holidays |
//! | `weekend` | any time on a day that is not a business day (Saturday and Sunday by default) |
//! | `weekday` | business hours of a business day |
//! | `weeknight` | the rest of a business day (before and after business hours) |
//!
//! ```
//! use watchstander::metrics::{HourClass, WorkingHours};
//! use watchstander::time::parse_local;
//! let h = WorkingHours::default();
//! assert_eq!(h.classify(parse_local("2026-11-26T09:30:00")?, false), HourClass::Business);  // Thursday
//! assert_eq!(h.classify(parse_local("2026-11-26T19:00:00")?, false), HourClass::OffHours);
//! assert_eq!(h.classify(parse_local("2026-11-28T12:00:00")?, false), HourClass::OffHours);  // Saturday
//! assert_eq!(h.classify(parse_local("2026-11-28T23:00:00")?, false), HourClass::Sleep);
//! assert_eq!(h.classify(parse_local("2026-11-26T09:30:00")?, true), HourClass::OffHours);   // a holiday
//! # Ok::<(), watchstander::time::TimeError>(())
//! ```

use chrono::{Datelike, NaiveDateTime, Timelike};
use serde::{Deserialize, Serialize};

use super::people::day_number;
use super::MetricsError;
use crate::time::{ClockTime, ClockWindow, Disambiguation, Zone};

/// Which part of a person's day an instant falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", schemars(rename = "MetricsHourClass"))]
pub enum HourClass {
    /// Business hours of a business day.
    Business,
    /// Awake but off work: evenings, weekends, holidays.
    OffHours,
    /// Sleep hours.
    Sleep,
}

fn window(a: u32, b: u32) -> ClockWindow {
    ClockWindow::new(
        ClockTime::new(a, 0).unwrap_or(ClockTime::MIDNIGHT),
        ClockTime::new(b, 0).unwrap_or(ClockTime::MIDNIGHT),
    )
}

fn business() -> ClockWindow {
    window(8, 18)
}

fn sleep() -> ClockWindow {
    window(22, 8)
}

fn weekdays() -> Vec<u8> {
    vec![1, 2, 3, 4, 5]
}

/// The boundaries of business, off and sleep hours (read in each person's zone).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(rename = "MetricsWorkingHours"))]
pub struct WorkingHours {
    /// Business hours on business days, default `08:00-18:00`.
    #[serde(default = "business")]
    pub business: ClockWindow,
    /// Business days, 1 = Monday … 7 = Sunday (as PagerDuty support hours and Opsgenie
    /// reports number them); default Monday to Friday.
    #[serde(default = "weekdays")]
    pub business_days: Vec<u8>,
    /// Sleep hours, every day, default `22:00-08:00`.
    #[serde(default = "sleep")]
    pub sleep: ClockWindow,
    /// Treat a person's holidays as business days (default: a holiday is a day off).
    #[serde(default)]
    pub holidays_are_business_days: bool,
}

impl Default for WorkingHours {
    fn default() -> Self {
        WorkingHours {
            business: business(),
            business_days: weekdays(),
            sleep: sleep(),
            holidays_are_business_days: false,
        }
    }
}

/// Whether minute-of-day `m` is inside a window (which may cross midnight; start == end is all
/// day).
fn inside(w: &ClockWindow, m: u32) -> bool {
    let (s, e) = (w.start.minutes(), w.end.minutes().min(1440));
    if s < e {
        s <= m && m < e
    } else {
        m >= s || m < e
    }
}

impl WorkingHours {
    /// Checks the settings.
    pub fn validate(&self) -> Result<(), MetricsError> {
        if let Some(d) = self.business_days.iter().find(|d| !(1..=7).contains(*d)) {
            return Err(MetricsError::setting(
                "hours.business_days",
                format!("{d} is not a weekday number: use 1 (Monday) to 7 (Sunday)"),
            ));
        }
        Ok(())
    }

    /// Whether weekday `w` (0 = Monday) is a business day.
    pub(crate) fn is_business_day(&self, weekday0: u32) -> bool {
        self.business_days
            .iter()
            .any(|&d| u32::from(d) == weekday0 + 1)
    }

    /// The class of local minute-of-day `minute` on weekday `weekday0` (0 = Monday).
    pub(crate) fn classify_parts(&self, weekday0: u32, minute: u32, holiday: bool) -> HourClass {
        if inside(&self.sleep, minute) {
            HourClass::Sleep
        } else if self.is_business_day(weekday0)
            && (!holiday || self.holidays_are_business_days)
            && inside(&self.business, minute)
        {
            HourClass::Business
        } else {
            HourClass::OffHours
        }
    }

    /// The class of a local time.
    pub fn classify(&self, local: NaiveDateTime, holiday: bool) -> HourClass {
        self.classify_parts(
            local.weekday().num_days_from_monday(),
            local.hour() * 60 + local.minute(),
            holiday,
        )
    }
}

/// Local time of UTC instants in one zone, caching the offset for the stretch of hours in which
/// it does not change: converting millions of sorted instants costs a few offset lookups a day.
#[derive(Debug, Clone)]
pub(crate) struct LocalClock {
    zone: Zone,
    from: i64,
    to: i64,
    offset: i64,
}

impl LocalClock {
    pub(crate) fn new(zone: Zone) -> LocalClock {
        LocalClock {
            zone,
            from: 0,
            to: 0,
            offset: 0,
        }
    }

    fn offset_at(&self, t: i64) -> i64 {
        let dt = chrono::DateTime::from_timestamp(t, 0).unwrap_or_default();
        i64::from(self.zone.offset_at(dt).local_minus_utc())
    }

    /// Local seconds since 1970-01-01T00:00 (local) of epoch second `t`.
    #[inline]
    pub(crate) fn local(&mut self, t: i64) -> i64 {
        if !(self.from <= t && t < self.to) {
            let day = t.div_euclid(86_400) * 86_400;
            let (a, b) = (self.offset_at(day), self.offset_at(day + 86_399));
            if a == b {
                (self.from, self.to, self.offset) = (day, day + 86_400, a);
            } else {
                // A transition today: cache the hour, or just this second.
                let hour = t.div_euclid(3_600) * 3_600;
                let (a, b) = (self.offset_at(hour), self.offset_at(hour + 3_599));
                if a == b {
                    (self.from, self.to, self.offset) = (hour, hour + 3_600, a);
                } else {
                    (self.from, self.to, self.offset) = (t, t + 1, self.offset_at(t));
                }
            }
        }
        t + self.offset
    }
}

/// `(day number, weekday 0 = Monday, minute of day)` of local seconds.
#[inline]
pub(crate) fn local_parts(local: i64) -> (i64, u32, u32) {
    let day = local.div_euclid(86_400);
    let weekday0 = (day + 3).rem_euclid(7) as u32; // 1970-01-01 was a Thursday
    let minute = (local.rem_euclid(86_400) / 60) as u32;
    (day, weekday0, minute)
}

/// Seconds of on-call time per category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Split {
    pub(crate) weekday: i64,
    pub(crate) weeknight: i64,
    pub(crate) weekend: i64,
    pub(crate) holiday: i64,
}

impl Split {
    pub(crate) fn add(&mut self, o: &Split) {
        self.weekday += o.weekday;
        self.weeknight += o.weeknight;
        self.weekend += o.weekend;
        self.holiday += o.holiday;
    }

    pub(crate) fn total(&self) -> i64 {
        self.weekday + self.weeknight + self.weekend + self.holiday
    }
}

/// Splits `[a, b)` (epoch seconds) into categories in `zone`, calling `day` with every local
/// date it touches (as a day number) and the seconds on it.
pub(crate) fn split_interval(
    hours: &WorkingHours,
    zone: Zone,
    holidays: &std::collections::HashSet<i64>,
    a: i64,
    b: i64,
    mut day: impl FnMut(i64, i64),
) -> Result<Split, MetricsError> {
    let mut out = Split::default();
    if b <= a {
        return Ok(out);
    }
    let to_instant = |local: NaiveDateTime| -> Result<i64, MetricsError> {
        Ok(zone
            .resolve_local(local, Disambiguation::Compatible)?
            .instant
            .timestamp())
    };
    let start_local = zone.to_local(chrono::DateTime::from_timestamp(a, 0).unwrap_or_default());
    let mut date = start_local.date();
    loop {
        let midnight = to_instant(date.and_time(chrono::NaiveTime::MIN))?;
        if midnight >= b {
            break;
        }
        let next = match date.succ_opt() {
            Some(d) => d,
            None => break,
        };
        let next_midnight = to_instant(next.and_time(chrono::NaiveTime::MIN))?;
        let (lo, hi) = (a.max(midnight), b.min(next_midnight));
        if hi > lo {
            let n = day_number(date);
            day(n, hi - lo);
            let weekday0 = date.weekday().num_days_from_monday();
            if holidays.contains(&n) {
                out.holiday += hi - lo;
            } else if !hours.is_business_day(weekday0) {
                out.weekend += hi - lo;
            } else {
                // Business hours of this date (a window crossing midnight is cut at midnight).
                let (ws, we) = hours.business.on(date);
                let ws = to_instant(ws)?.max(midnight);
                let we = to_instant(we)?.min(next_midnight);
                let inside = (hi.min(we) - lo.max(ws)).max(0);
                out.weekday += inside;
                out.weeknight += hi - lo - inside;
            }
        }
        date = next;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_instant;
    use std::collections::HashSet;

    fn t(s: &str) -> i64 {
        parse_instant(s).unwrap().timestamp()
    }

    #[test]
    fn a_week_of_on_call_splits_by_hand() {
        // Monday 2026-11-23 09:00 to Monday 2026-11-30 09:00 in UTC, Thursday a holiday.
        let h = WorkingHours::default();
        let holidays: HashSet<i64> = [day_number(
            chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
        )]
        .into();
        let mut days = Vec::new();
        let s = split_interval(
            &h,
            Zone::UTC,
            &holidays,
            t("2026-11-23T09:00:00Z"),
            t("2026-11-30T09:00:00Z"),
            |d, secs| days.push((d, secs)),
        )
        .unwrap();
        // Weekdays Mon (9-18 = 9h), Tue, Wed, Fri (10h each), next Mon (8-9 = 1h): 40 h.
        assert_eq!(s.weekday, 40 * 3600);
        // Weeknights: Mon 18-24 (6h) + Tue, Wed, Fri (14h each) + next Mon 0-8 (8h) = 56 h.
        assert_eq!(s.weeknight, 56 * 3600);
        assert_eq!(s.weekend, 48 * 3600);
        assert_eq!(s.holiday, 24 * 3600);
        assert_eq!(s.total(), 168 * 3600);
        assert_eq!(days.len(), 8);
    }

    #[test]
    fn local_clock_follows_dst() {
        let mut c = LocalClock::new(Zone::parse("Europe/London").unwrap());
        // 2026-03-29 01:00 UTC clocks go forward to 02:00 BST.
        assert_eq!(
            c.local(t("2026-03-29T00:59:59Z")) - t("2026-03-29T00:59:59Z"),
            0
        );
        assert_eq!(
            c.local(t("2026-03-29T01:00:00Z")) - t("2026-03-29T01:00:00Z"),
            3600
        );
        assert_eq!(
            c.local(t("2026-03-28T12:00:00Z")) - t("2026-03-28T12:00:00Z"),
            0
        );
        let (_, weekday0, minute) = local_parts(c.local(t("2026-03-30T07:30:00Z")));
        assert_eq!((weekday0, minute), (0, 8 * 60 + 30)); // Monday 08:30 BST
    }
}
