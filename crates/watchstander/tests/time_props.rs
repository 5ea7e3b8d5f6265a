//! Property tests of the time module over zones with unusual DST rules.

use chrono::{DateTime, Datelike, Duration, TimeZone, Timelike, Utc};
use proptest::prelude::*;
use watchstander::time::{
    add_wall_clock, days_in_month, BusinessCalendar, BusinessCalendarSpec, CalendarUnit,
    Disambiguation, Fold, LocalAdjustment, Zone,
};

const ZONES: &[&str] = &[
    "Australia/Lord_Howe",
    "America/St_Johns",
    "Asia/Kathmandu",
    "Europe/London",
    "America/New_York",
    "Pacific/Chatham",
    "UTC",
];

fn zone() -> impl Strategy<Value = Zone> {
    prop::sample::select(ZONES).prop_map(|z| Zone::parse(z).unwrap())
}

/// Instants between 2020 and 2032, biased towards DST-change nights: a random day plus a random
/// minute, which hits transitions often enough with 256+ cases per property.
fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    (0i64..(12 * 366), 0i64..(24 * 60)).prop_map(|(d, m)| {
        Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap()
            + Duration::days(d)
            + Duration::minutes(m)
    })
}

fn policy() -> impl Strategy<Value = Disambiguation> {
    prop::sample::select(vec![
        Disambiguation::Compatible,
        Disambiguation::Earlier,
        Disambiguation::Later,
        Disambiguation::EndOfGap,
    ])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Every instant's own local time resolves back to it under `earlier` or `later`.
    #[test]
    fn local_time_of_an_instant_resolves_back_to_it(z in zone(), t in instant()) {
        let local = z.to_local(t);
        let earlier = z.resolve_local(local, Disambiguation::Earlier).unwrap();
        let later = z.resolve_local(local, Disambiguation::Later).unwrap();
        prop_assert!(earlier.instant == t || later.instant == t);
        prop_assert!(earlier.instant <= later.instant);
        // Existing local times are never moved.
        prop_assert_eq!(earlier.local, local);
        let moved = matches!(earlier.adjustment, LocalAdjustment::Gap { .. });
        prop_assert!(!moved, "an existing local time was treated as a gap");
    }

    /// What each policy does is what it says: gaps move by their length, folds pick a side.
    #[test]
    fn adjustments_are_explained(z in zone(), t in instant(), minutes in 0i64..1440, p in policy()) {
        let local = z.to_local(t).date().and_hms_opt(0, 0, 0).unwrap() + Duration::minutes(minutes);
        let r = z.resolve_local(local, p).unwrap();
        match r.adjustment {
            LocalAdjustment::None => {
                prop_assert_eq!(r.local, local);
                prop_assert_eq!(z.to_local(r.instant), local);
            }
            LocalAdjustment::Gap { gap_start, gap_end, gap_seconds } => {
                prop_assert!(gap_start <= local && local < gap_end);
                prop_assert_eq!((gap_end - gap_start).num_seconds(), gap_seconds);
                let expected_local = match p {
                    Disambiguation::Compatible | Disambiguation::Later => local + Duration::seconds(gap_seconds),
                    Disambiguation::Earlier => local - Duration::seconds(gap_seconds),
                    Disambiguation::EndOfGap => gap_end,
                    Disambiguation::Reject => unreachable!(),
                };
                prop_assert_eq!(z.to_local(r.instant), expected_local);
                prop_assert!(z.resolve_local(local, Disambiguation::Reject).is_err());
            }
            LocalAdjustment::Fold { chose, other } => {
                prop_assert_eq!(z.to_local(r.instant), local);
                prop_assert_eq!(z.to_local(other), local);
                match chose {
                    Fold::Earlier => prop_assert!(r.instant < other),
                    Fold::Later => prop_assert!(r.instant > other),
                }
                prop_assert_eq!(chose == Fold::Later, p == Disambiguation::Later);
            }
        }
    }

    /// Adding days keeps the local time of day unless the result fell in a gap.
    #[test]
    fn days_keep_local_time(z in zone(), t in instant(), n in -400i64..400) {
        let r = add_wall_clock(t, z, n, CalendarUnit::Days, Disambiguation::Compatible).unwrap();
        let before = z.to_local(t);
        let after = z.to_local(r.instant);
        prop_assert_eq!(r.local, before + Duration::days(n));
        if !matches!(r.adjustment, LocalAdjustment::Gap { .. }) {
            prop_assert_eq!(after.time(), before.time());
            prop_assert_eq!(after.date(), before.date() + Duration::days(n));
        }
        // A local day is never more than 26 hours or less than 22 (no zone moves more than 2 h).
        if n == 1 {
            let h = (r.instant - t).num_minutes();
            prop_assert!((22 * 60..=26 * 60).contains(&h), "{} minutes", h);
        }
    }

    /// Months clamp to month end and say so exactly when they do.
    #[test]
    fn months_clamp_to_month_end(z in zone(), t in instant(), n in -30i64..30) {
        let r = add_wall_clock(t, z, n, CalendarUnit::Months, Disambiguation::Compatible).unwrap();
        let start_day = z.to_local(t).day();
        let target = r.local.date();
        let last = days_in_month(target);
        prop_assert_eq!(target.day(), start_day.min(last));
        prop_assert_eq!(r.clamped.is_some(), start_day > last);
        let months = (target.year() - z.to_local(t).year()) as i64 * 12
            + target.month() as i64 - z.to_local(t).month() as i64;
        prop_assert_eq!(months, n);
    }
}

fn calendar(z: Zone, holidays: bool) -> BusinessCalendar {
    let mut spec: BusinessCalendarSpec = serde_json::from_value(serde_json::json!({
        "zone": z,
        "hours": {
            "mon": ["09:00-12:00", "13:00-17:30"], "tue": ["09:00-17:30"], "wed": ["09:00-17:30"],
            "thu": ["09:00-17:30"], "fri": ["09:00-16:00"], "sun": ["00:00-24:00"]
        }
    }))
    .unwrap();
    if holidays {
        spec.holidays = serde_json::from_value(serde_json::json!([
            {"name": "New Year", "rrule": "FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1"},
            {"name": "Christmas Eve", "rrule": "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24", "hours": ["09:00-12:00"]},
            {"name": "Christmas", "rrule": "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25"},
            {"name": "May Day", "rrule": "FREQ=YEARLY;BYMONTH=5;BYDAY=1MO"}
        ]))
        .unwrap();
    }
    BusinessCalendar::new(spec).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Adding the business time between a and b to a lands on b, when b is business time
    /// (and not exactly at a window's opening, where the earliest instant is the previous close).
    #[test]
    fn business_time_between_then_added_lands_on_b(
        z in zone(), a in instant(), hours in 0i64..400, minutes in 0i64..60, holidays: bool
    ) {
        let cal = calendar(z, holidays);
        let b = a + Duration::hours(hours) + Duration::minutes(minutes);
        let between = cal.business_time_between(a, b).unwrap();
        let landed = cal.add_business_time(a, between).unwrap();
        prop_assert!(landed <= b);
        prop_assert_eq!(cal.business_time_between(a, landed).unwrap(), between);
        let opening = cal.intervals_on(z.to_local(b).date()).unwrap().iter().any(|i| i.start == b);
        if cal.is_business_time(b).unwrap() && !opening && between > Duration::zero() {
            prop_assert_eq!(landed, b);
        }
    }

    /// Business time added is exactly the business time between the start and the result.
    #[test]
    fn added_business_time_is_measured_back(z in zone(), a in instant(), minutes in 1i64..(60 * 80), holidays: bool) {
        let cal = calendar(z, holidays);
        let d = Duration::minutes(minutes);
        let end = cal.add_business_time(a, d).unwrap();
        prop_assert_eq!(cal.business_time_between(a, end).unwrap(), d);
        // Earliest: one second less would not be enough.
        prop_assert!(cal.business_time_between(a, end - Duration::seconds(1)).unwrap() < d);
    }

    /// The next business instant is business time, and nothing before it (after t) is.
    #[test]
    fn next_business_instant_is_the_first(z in zone(), t in instant(), holidays: bool) {
        let cal = calendar(z, holidays);
        let n = cal.next_business_instant(t).unwrap();
        prop_assert!(n >= t);
        prop_assert!(cal.is_business_time(n).unwrap());
        prop_assert_eq!(cal.business_time_between(t, n).unwrap(), Duration::zero());
    }

    /// More business days never land earlier, and each business day is worked time.
    #[test]
    fn business_days_are_monotonic(z in zone(), t in instant(), n in 0u32..15, holidays: bool) {
        let cal = calendar(z, holidays);
        let a = cal.add_business_days(t, n).unwrap();
        let b = cal.add_business_days(t, n + 1).unwrap();
        prop_assert!(b > a || (n == 0 && b >= a));
        prop_assert!(cal.business_time_between(a, b).unwrap() > Duration::zero());
        // The result keeps the minute of the local working day or sits at a close.
        let local = z.to_local(b);
        prop_assert!(local.second() == z.to_local(t).second() || local.second() == 0);
    }
}
