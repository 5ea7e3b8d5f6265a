//! Restrictions: the windows in which a layer is active, read on its zone's wall clock.
//!
//! A daily window (`09:00-17:00`, optionally on some weekdays) or a weekly window (Friday 18:00
//! to Monday 09:00) is laid on each local date; its local start and end become instants through
//! the layer's DST policy, exactly like handoffs. The weekday of a window is the day it
//! *starts*; the end is exclusive; `start == end` is a full day (or a full week); windows may
//! cross midnight; overlapping or touching windows merge, so "every day 08:00-08:00" is one
//! long active span.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Utc, Weekday};

use super::spec::{Day, RestrictionSpec};
use super::ScheduleError;
use crate::time::{ClockTime, Disambiguation, LocalAdjustment, Zone};

/// The most restriction windows one layer may have.
pub const MAX_RESTRICTIONS: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Window {
    Daily {
        days: [bool; 7],
        start: ClockTime,
        minutes: i64,
    },
    Weekly {
        start_day: Weekday,
        start: ClockTime,
        minutes: i64,
    },
}

/// A layer's validated restrictions (none = always active).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Restrictions {
    windows: Vec<Window>,
}

/// A span of active time, with what DST resolution did to its ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ActiveSpan {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub start_local: NaiveDateTime,
    pub start_adj: LocalAdjustment,
    pub end_adj: LocalAdjustment,
}

fn day_minutes(start: ClockTime, end: ClockTime) -> i64 {
    let (s, e) = (i64::from(start.minutes()), i64::from(end.minutes()));
    if e > s {
        e - s
    } else {
        1_440 - s + e
    }
}

impl Restrictions {
    /// Validates the windows of layer `layer`.
    pub(crate) fn from_spec(
        layer: &str,
        specs: &[RestrictionSpec],
    ) -> Result<Restrictions, ScheduleError> {
        let bad = |reason: String| ScheduleError::InvalidRestriction {
            layer: layer.to_string(),
            reason,
        };
        if specs.len() > MAX_RESTRICTIONS {
            return Err(ScheduleError::limit(
                "restriction windows in one layer",
                specs.len(),
                MAX_RESTRICTIONS,
                "merge windows or split the layer",
            ));
        }
        let mut windows = Vec::with_capacity(specs.len());
        for s in specs {
            if s.start == ClockTime::END_OF_DAY {
                return Err(bad(format!(
                    "a window cannot start at 24:00 ({}-{}); start it at 00:00 the next day",
                    s.start, s.end
                )));
            }
            match (s.start_day, s.end_day) {
                (None, None) => {
                    let mut days = [s.days.is_none(); 7];
                    if let Some(list) = &s.days {
                        if list.is_empty() {
                            return Err(bad(format!(
                                "window {}-{} has an empty \"days\" list, so it is never active; omit \"days\" for every day",
                                s.start, s.end
                            )));
                        }
                        for d in list {
                            if let Some(slot) =
                                days.get_mut(d.weekday().num_days_from_monday() as usize)
                            {
                                *slot = true;
                            }
                        }
                    }
                    windows.push(Window::Daily {
                        days,
                        start: s.start,
                        minutes: day_minutes(s.start, s.end),
                    });
                }
                (Some(sd), Some(ed)) => {
                    if s.days.is_some() {
                        return Err(bad("a weekly window (start_day/end_day) cannot also have \"days\"".to_string()));
                    }
                    windows.push(Window::Weekly {
                        start_day: sd.weekday(),
                        start: s.start,
                        minutes: weekly_minutes(sd, s.start, ed, s.end),
                    });
                }
                _ => {
                    return Err(bad(format!(
                        "window {}-{} has only one of \"start_day\" and \"end_day\"; a weekly window needs both",
                        s.start, s.end
                    )))
                }
            }
        }
        Ok(Restrictions { windows })
    }

    /// True when the layer has no restrictions (always active).
    pub(crate) fn is_unrestricted(&self) -> bool {
        self.windows.is_empty()
    }

    fn lookback_days(&self) -> i64 {
        let longest = self
            .windows
            .iter()
            .map(|w| match w {
                Window::Daily { minutes, .. } | Window::Weekly { minutes, .. } => *minutes,
            })
            .max()
            .unwrap_or(0);
        // A window starting this many local days before `from` may still reach it; one more
        // day covers any DST displacement.
        (longest + 1_439) / 1_440 + 1
    }

    /// Active spans overlapping `[from, to)`, sorted and merged, not clipped. For an
    /// unrestricted layer, one span `[from, to)` with no adjustments.
    pub(crate) fn active(
        &self,
        zone: Zone,
        policy: Disambiguation,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<ActiveSpan>, ScheduleError> {
        if self.windows.is_empty() {
            return Ok(vec![ActiveSpan {
                start: from,
                end: to,
                start_local: zone.to_local(from),
                start_adj: LocalAdjustment::None,
                end_adj: LocalAdjustment::None,
            }]);
        }
        let mut raw = self.raw(zone, policy, from, to)?;
        raw.sort_by_key(|s| (s.start, s.end));
        Ok(merge(raw))
    }

    /// Every window occurrence overlapping `[from, to)`, unmerged, in date order.
    fn raw(
        &self,
        zone: Zone,
        policy: Disambiguation,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<ActiveSpan>, ScheduleError> {
        let first = zone.to_local(from).date() - Duration::days(self.lookback_days());
        let last = zone.to_local(to).date() + Duration::days(1);
        let mut raw: Vec<ActiveSpan> = Vec::new();
        let mut date = first;
        while date <= last {
            for w in &self.windows {
                if let Some(span) = window_on(w, date, zone, policy)? {
                    if span.end > from && span.start < to {
                        raw.push(span);
                    }
                }
            }
            date = match date.succ_opt() {
                Some(d) => d,
                None => break,
            };
        }
        Ok(raw)
    }

    /// The window occurrences of `[from, to)`, resolved once, for the many turns of one
    /// expansion (`None` for an unrestricted layer).
    pub(crate) fn cache(
        &self,
        zone: Zone,
        policy: Disambiguation,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Option<SpanCache>, ScheduleError> {
        if self.windows.is_empty() {
            return Ok(None);
        }
        let mut raw = self.raw(zone, policy, from, to)?;
        raw.sort_by_key(|s| (s.start, s.end));
        let mut max = from;
        let max_end = raw
            .iter()
            .map(|s| {
                max = max.max(s.end);
                max
            })
            .collect();
        Ok(Some(SpanCache {
            from,
            to,
            raw,
            max_end,
        }))
    }

    /// [`active`](Self::active), read from `cache` when it covers `[from, to)`.
    pub(crate) fn active_cached(
        &self,
        cache: Option<&SpanCache>,
        zone: Zone,
        policy: Disambiguation,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<ActiveSpan>, ScheduleError> {
        match cache {
            Some(c) if c.from <= from && to <= c.to => {
                // Spans with end > from and start < to, in (start, end) order: exactly the
                // ones `active` would find (its look-back covers every span reaching `from`).
                let j = c.max_end.partition_point(|e| *e <= from);
                let picked = c
                    .raw
                    .get(j..)
                    .unwrap_or(&[])
                    .iter()
                    .take_while(|s| s.start < to)
                    // A span ending exactly at `from` past `j` lies inside an earlier, longer
                    // one, so merging it too (`>=`) would change nothing.
                    .filter(|s| s.end > from)
                    .copied()
                    .collect();
                Ok(merge(picked))
            }
            _ => self.active(zone, policy, from, to),
        }
    }
}

/// Window occurrences resolved once for a whole expansion, sorted by (start, end), with the
/// running maximum of the ends.
#[derive(Debug, Clone)]
pub(crate) struct SpanCache {
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    raw: Vec<ActiveSpan>,
    max_end: Vec<DateTime<Utc>>,
}

/// Merges sorted spans that overlap or touch.
fn merge(raw: Vec<ActiveSpan>) -> Vec<ActiveSpan> {
    let mut out: Vec<ActiveSpan> = Vec::with_capacity(raw.len());
    for s in raw {
        match out.last_mut() {
            Some(last) if s.start <= last.end => {
                // Two windows ending at one instant resolved it alike: `>=` would change nothing.
                if s.end > last.end {
                    last.end = s.end;
                    last.end_adj = s.end_adj;
                }
            }
            _ => out.push(s),
        }
    }
    out
}

fn weekly_minutes(sd: Day, start: ClockTime, ed: Day, end: ClockTime) -> i64 {
    let days = (i64::from(ed.weekday().num_days_from_monday())
        - i64::from(sd.weekday().num_days_from_monday()))
    .rem_euclid(7);
    let m = days * 1_440 + i64::from(end.minutes()) - i64::from(start.minutes());
    if m <= 0 {
        m + 7 * 1_440
    } else {
        m
    }
}

fn window_on(
    w: &Window,
    date: NaiveDate,
    zone: Zone,
    policy: Disambiguation,
) -> Result<Option<ActiveSpan>, ScheduleError> {
    let (start, minutes) = match w {
        Window::Daily {
            days,
            start,
            minutes,
        } => {
            let on = days
                .get(date.weekday().num_days_from_monday() as usize)
                .copied()
                .unwrap_or(false);
            if !on {
                return Ok(None);
            }
            (*start, *minutes)
        }
        Window::Weekly {
            start_day,
            start,
            minutes,
        } => {
            if date.weekday() != *start_day {
                return Ok(None);
            }
            (*start, *minutes)
        }
    };
    let local_start = start.on(date);
    let local_end = local_start + Duration::minutes(minutes);
    let s = super::resolve(zone, local_start, policy)?;
    let e = super::resolve(zone, local_end, policy)?;
    if e.instant <= s.instant {
        // Both ends fell into the same DST gap and were moved onto the same instant.
        return Ok(None);
    }
    Ok(Some(ActiveSpan {
        start: s.instant,
        end: e.instant,
        start_local: local_start,
        start_adj: s.adjustment,
        end_adj: e.adjustment,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_instant;

    fn spec(json: &str) -> Vec<RestrictionSpec> {
        serde_json::from_str(json).unwrap()
    }

    fn spans(r: &Restrictions, zone: &str, from: &str, to: &str) -> Vec<(String, String)> {
        r.active(
            Zone::parse(zone).unwrap(),
            Disambiguation::Compatible,
            parse_instant(from).unwrap(),
            parse_instant(to).unwrap(),
        )
        .unwrap()
        .into_iter()
        .map(|s| {
            (
                s.start.format("%d %H:%M").to_string(),
                s.end.format("%d %H:%M").to_string(),
            )
        })
        .collect()
    }

    #[test]
    fn weekday_filter_applies_to_the_day_the_window_starts() {
        let r = Restrictions::from_spec(
            "l",
            &spec(r#"[{"days": ["mon"], "start": "20:00", "end": "08:00"}]"#),
        )
        .unwrap();
        // Monday 5 January 2026 20:00 to Tuesday 08:00, UTC.
        let got = spans(&r, "UTC", "2026-01-04T00:00:00Z", "2026-01-11T00:00:00Z");
        assert_eq!(got, vec![("05 20:00".to_string(), "06 08:00".to_string())]);
    }

    #[test]
    fn full_day_windows_merge_into_one_span() {
        let r = Restrictions::from_spec(
            "l",
            &spec(
                r#"[{"days": ["mon","tue","wed","thu","fri"], "start": "08:00", "end": "08:00"}]"#,
            ),
        )
        .unwrap();
        let got = spans(&r, "UTC", "2026-01-05T00:00:00Z", "2026-01-11T00:00:00Z");
        // Mon 08:00 → Sat 08:00, one span.
        assert_eq!(got, vec![("05 08:00".to_string(), "10 08:00".to_string())]);
    }

    #[test]
    fn weekly_window_spans_the_weekend() {
        let r = Restrictions::from_spec(
            "l",
            &spec(r#"[{"start_day": "fri", "start": "18:00", "end_day": "mon", "end": "09:00"}]"#),
        )
        .unwrap();
        let got = spans(&r, "UTC", "2026-01-06T00:00:00Z", "2026-01-12T00:00:00Z");
        assert_eq!(got, vec![("09 18:00".to_string(), "12 09:00".to_string())]);
        // A window that started the previous Friday still overlaps a Monday-morning query.
        let got = spans(&r, "UTC", "2026-01-05T08:00:00Z", "2026-01-05T10:00:00Z");
        assert_eq!(got, vec![("02 18:00".to_string(), "05 09:00".to_string())]);
    }

    #[test]
    fn overnight_window_on_spring_forward_night_is_an_hour_shorter() {
        // New York: Sat 7 March 22:00 EST (03:00Z) to Sun 8 March 06:00 EDT (10:00Z) = 7 h.
        let r =
            Restrictions::from_spec("l", &spec(r#"[{"start": "22:00", "end": "06:00"}]"#)).unwrap();
        let got = r
            .active(
                Zone::parse("America/New_York").unwrap(),
                Disambiguation::Compatible,
                parse_instant("2026-03-08T00:00:00Z").unwrap(),
                parse_instant("2026-03-08T05:00:00Z").unwrap(),
            )
            .unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].start.to_rfc3339(), "2026-03-08T03:00:00+00:00");
        assert_eq!((got[0].end - got[0].start).num_hours(), 7);
    }

    #[test]
    fn malformed_windows_are_refused() {
        for bad in [
            r#"[{"days": [], "start": "09:00", "end": "17:00"}]"#,
            r#"[{"start_day": "fri", "start": "09:00", "end": "17:00"}]"#,
            r#"[{"start": "24:00", "end": "17:00"}]"#,
            r#"[{"days": ["mon"], "start_day": "fri", "end_day": "mon", "start": "09:00", "end": "17:00"}]"#,
        ] {
            assert_eq!(
                Restrictions::from_spec("l", &spec(bad)).unwrap_err().code(),
                "invalid_restriction",
                "{bad}"
            );
        }
    }

    #[test]
    fn weekly_lengths() {
        assert_eq!(
            weekly_minutes(
                Day::Fri,
                "18:00".parse().unwrap(),
                Day::Mon,
                "09:00".parse().unwrap()
            ),
            63 * 60
        );
        assert_eq!(
            weekly_minutes(
                Day::Mon,
                "09:00".parse().unwrap(),
                Day::Mon,
                "09:00".parse().unwrap()
            ),
            7 * 1440
        );
        assert_eq!(
            weekly_minutes(
                Day::Mon,
                "09:00".parse().unwrap(),
                Day::Mon,
                "17:00".parse().unwrap()
            ),
            480
        );
    }
}
