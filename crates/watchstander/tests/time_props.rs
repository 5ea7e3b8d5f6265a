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
        // Whole-minute local times resolve to whole-second instants under every policy.
        prop_assert_eq!(r.instant.timestamp_subsec_nanos(), 0, "{:?}", r.instant);
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A plain SECONDLY/MINUTELY/HOURLY rule decades before the window yields exactly the
    /// instants `start + k·interval·step` that fall in the window: the fast-forward that skips
    /// whole periods must neither drop nor invent occurrences, and must not walk billions of
    /// steps (a clamped i32 shift once did, for minutes).
    #[test]
    fn sub_daily_rules_fast_forward_exactly(
        freq in prop::sample::select(vec![("SECONDLY", 1i64), ("MINUTELY", 60), ("HOURLY", 3600)]),
        interval in 1i64..50,
        start_days in 0i64..3000,
        start_secs in 0i64..86_400,
        gap_days in 0i64..40_000,
        window_secs in 1i64..20_000,
    ) {
        use watchstander::time::Recurrence;
        let epoch = chrono::NaiveDate::from_ymd_opt(1901, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
        let start = epoch + Duration::days(start_days) + Duration::seconds(start_secs);
        let rule = Recurrence::parse(&format!(
            "DTSTART:{}Z\nRRULE:FREQ={};INTERVAL={interval}",
            start.format("%Y%m%dT%H%M%S"), freq.0
        )).unwrap();
        let from = start + Duration::days(gap_days) + Duration::seconds(window_secs / 3);
        let to = from + Duration::seconds(window_secs);
        let got = rule.local_occurrences(from, to, 500).unwrap();
        let period = interval * freq.1;
        let first_k = ((from - start).num_seconds() + period - 1).div_euclid(period).max(0);
        let expected: Vec<_> = (first_k..)
            .map(|k| start + Duration::seconds(k * period))
            .take_while(|o| *o < to)
            .take(500)
            .collect();
        prop_assert_eq!(got, expected);
    }
}

/// Every minute inside every DST gap of 2024–2028, in every test zone, resolves to a whole-second
/// instant under every policy, and `end_of_gap` lands exactly on the first valid local time.
/// (Bisecting a 30-minute gap by halving durations once ended 0.29 s late in Lord Howe.)
#[test]
fn gap_resolutions_land_on_whole_seconds() {
    let mut gaps_seen = 0;
    for name in ZONES {
        let z: Zone = name.parse().unwrap();
        let mut day = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        while day.year() < 2029 {
            let noon = |d: chrono::NaiveDate| {
                let t = d.and_hms_opt(12, 0, 0).unwrap();
                z.offset_at(
                    z.resolve_local(t, Disambiguation::Compatible)
                        .unwrap()
                        .instant,
                )
            };
            if noon(day) != noon(day.succ_opt().unwrap())
                || noon(day) != noon(day.pred_opt().unwrap())
            {
                for minute in 0..2 * 1440 {
                    let local = day.and_hms_opt(0, 0, 0).unwrap() + Duration::minutes(minute);
                    let probe = z.resolve_local(local, Disambiguation::Compatible).unwrap();
                    if !matches!(probe.adjustment, LocalAdjustment::Gap { .. }) {
                        continue;
                    }
                    gaps_seen += 1;
                    for p in [
                        Disambiguation::Compatible,
                        Disambiguation::Earlier,
                        Disambiguation::Later,
                        Disambiguation::EndOfGap,
                    ] {
                        let r = z.resolve_local(local, p).unwrap();
                        assert_eq!(
                            r.instant.timestamp_subsec_nanos(),
                            0,
                            "{name} {local} {p:?} → {}",
                            r.instant
                        );
                        if p == Disambiguation::EndOfGap {
                            let end = z.to_local(r.instant);
                            let just_before = z
                                .resolve_local(
                                    end - Duration::seconds(1),
                                    Disambiguation::Compatible,
                                )
                                .unwrap();
                            assert!(
                                matches!(just_before.adjustment, LocalAdjustment::Gap { .. }),
                                "{name} {local}: {end} is not the gap's end"
                            );
                            assert_eq!(
                                z.resolve_local(end, Disambiguation::Reject)
                                    .unwrap()
                                    .instant,
                                r.instant
                            );
                        }
                    }
                }
            }
            day = day.succ_opt().unwrap();
        }
    }
    assert!(
        gaps_seen > 100,
        "the scan found only {gaps_seen} gap minutes"
    );
}

/// Every spring-forward transition of every IANA zone from 1900 to 2037 — over twenty thousand
/// of them, local mean time adjustments and Pacific/Apia's skipped day included — is found and
/// described exactly: a local time inside the gap resolves as a gap whose bounds are the
/// transition read on the old and on the new offset, and `end_of_gap` lands on the transition.
#[test]
fn every_gap_in_every_zone_is_described_exactly() {
    let start = Utc.with_ymd_and_hms(1900, 1, 1, 0, 0, 0).unwrap();
    let end = Utc.with_ymd_and_hms(2038, 1, 1, 0, 0, 0).unwrap();
    let mut gaps = 0;
    for tz in chrono_tz::TZ_VARIANTS {
        let name = tz.name();
        let z: Zone = name.parse().unwrap();
        let off = |t: DateTime<Utc>| i64::from(z.offset_at(t).local_minus_utc());
        let (mut t, mut before) = (start, off(start));
        while t < end {
            let next = t + Duration::days(1);
            let after = off(next);
            if after != before {
                // The first second on the new offset (one transition a day at most, in the data).
                let (mut lo, mut hi) = (t, next);
                while hi - lo > Duration::seconds(1) {
                    let mid = lo + Duration::seconds((hi - lo).num_seconds() / 2);
                    if off(mid) == before {
                        lo = mid
                    } else {
                        hi = mid
                    }
                }
                if after - before >= 2 {
                    gaps += 1;
                    let gap_start = (hi + Duration::seconds(before)).naive_utc();
                    let gap_end = (hi + Duration::seconds(after)).naive_utc();
                    let inside = gap_start + Duration::seconds(1);
                    let r = z.resolve_local(inside, Disambiguation::EndOfGap).unwrap();
                    assert_eq!(
                        r.adjustment,
                        LocalAdjustment::Gap {
                            gap_start,
                            gap_end,
                            gap_seconds: after - before
                        },
                        "{name} {inside}"
                    );
                    assert_eq!(r.instant, hi, "{name} {inside}");
                }
            }
            (t, before) = (next, after);
        }
    }
    assert!(gaps > 15_000, "only {gaps} gaps found");
}

/// Windows are half-open `[from, to)`: an occurrence exactly at `to` is left out, one exactly at
/// `from` is kept; an empty window or a zero limit gives nothing (not an error); the rule keeps
/// its source text.
#[test]
fn recurrence_windows_are_half_open() {
    use watchstander::time::Recurrence;
    let text = "DTSTART;TZID=Europe/London:20260301T090000\nRRULE:FREQ=DAILY";
    let r = Recurrence::parse(text).unwrap();
    assert_eq!(r.source(), text);
    let day = |d: u32| {
        chrono::NaiveDate::from_ymd_opt(2026, 3, d)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap()
    };
    assert_eq!(
        r.local_occurrences(day(2), day(5), 100).unwrap(),
        [day(2), day(3), day(4)]
    );
    assert_eq!(r.local_occurrences(day(2), day(2), 100).unwrap(), []);
    assert_eq!(r.local_occurrences(day(5), day(2), 100).unwrap(), []);
    assert_eq!(r.local_occurrences(day(2), day(5), 0).unwrap(), []);
    assert_eq!(
        r.local_occurrences(day(2), day(5), 2).unwrap(),
        [day(2), day(3)]
    );
    // Windows reaching outside 1900..=9999 are refused, not expanded.
    let year = |y: i32| {
        chrono::NaiveDate::from_ymd_opt(y, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
    };
    for (from, to) in [
        (year(1850), day(5)),
        (day(2), year(10_001)),
        (year(1899), year(10_500)),
    ] {
        let e = r.local_occurrences(from, to, 10).unwrap_err();
        assert!(
            e.to_string().contains("between the years 1900 and 9999"),
            "{e}"
        );
    }
    assert!(r.local_occurrences(year(1900), day(2), 10).is_ok());
    let last_second = year(10_000) - Duration::seconds(1);
    assert_eq!(
        r.local_occurrences(day(2), last_second, 1).unwrap(),
        [day(2)]
    );
}

/// A rule with COUNT must be walked from DTSTART, so a window more than `MAX_WALK` steps away is
/// refused; exactly `MAX_WALK` steps is still expanded (cheaply: COUNT ends the walk).
#[test]
fn count_rules_walk_at_most_max_walk_steps() {
    use watchstander::time::{Recurrence, MAX_WALK};
    let r = Recurrence::parse("DTSTART:20260101T000000Z\nRRULE:FREQ=SECONDLY;COUNT=3").unwrap();
    let start = r.start_local();
    let at = |steps: i64| start + Duration::seconds(steps);
    assert_eq!(
        r.local_occurrences(at(MAX_WALK), at(MAX_WALK + 60), 10)
            .unwrap(),
        []
    );
    assert!(r
        .local_occurrences(at(MAX_WALK + 1), at(MAX_WALK + 60), 10)
        .is_err());
    assert_eq!(
        r.local_occurrences(at(0), at(60), 10).unwrap(),
        [at(0), at(1), at(2)]
    );
}

/// Parsing edges of recurrences, each a rule a user can write.
#[test]
fn recurrence_parsing_edges() {
    use watchstander::time::{DateRecurrence, Recurrence};
    let local = |s: &str| s.parse::<chrono::NaiveDateTime>().unwrap();
    let june = "DTSTART;TZID=Europe/London:20260601T090000\nRRULE:FREQ=DAILY";
    // Equality is by source text.
    assert_eq!(
        Recurrence::parse(june).unwrap(),
        Recurrence::parse(june).unwrap()
    );
    assert_ne!(
        Recurrence::parse(june).unwrap(),
        Recurrence::parse(&june.replace("DAILY", "WEEKLY")).unwrap()
    );
    // VALUE=DATE-TIME is the default and accepted; other parameters are refused.
    let explicit = "DTSTART;VALUE=DATE-TIME;TZID=Europe/London:20260601T090000\nRRULE:FREQ=DAILY";
    assert_eq!(
        Recurrence::parse(explicit).unwrap().start_local(),
        local("2026-06-01T09:00:00")
    );
    assert!(Recurrence::parse(&explicit.replace("DATE-TIME", "DATE")).is_err());
    // An EXDATE in UTC removes the occurrence it names in the DTSTART zone (08:00Z = 09:00 BST);
    // one in the DTSTART zone is taken as it is.
    for exdate in [
        "EXDATE:20260603T080000Z",
        "EXDATE;TZID=Europe/London:20260603T090000",
    ] {
        let r = Recurrence::parse(&format!("{june}\n{exdate}")).unwrap();
        let got = r
            .local_occurrences(
                local("2026-06-01T00:00:00"),
                local("2026-06-05T00:00:00"),
                10,
            )
            .unwrap();
        assert_eq!(
            got,
            [
                local("2026-06-01T09:00:00"),
                local("2026-06-02T09:00:00"),
                local("2026-06-04T09:00:00")
            ],
            "{exdate}"
        );
    }
    // UNTIL equal to DTSTART gives exactly DTSTART; before it is an error.
    let until = |u: &str| {
        Recurrence::parse(&format!(
            "DTSTART;TZID=Europe/London:20260601T090000\nRRULE:FREQ=DAILY;UNTIL={u}"
        ))
    };
    let once = until("20260601T080000Z").unwrap();
    assert_eq!(
        once.local_occurrences(
            local("2026-05-01T00:00:00"),
            local("2026-07-01T00:00:00"),
            10
        )
        .unwrap(),
        [local("2026-06-01T09:00:00")]
    );
    assert!(until("20260601T075959Z").is_err());
    // A date rule is one RRULE value: no spaces, no DTSTART inside.
    assert!(DateRecurrence::parse("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25", None).is_ok());
    for bad in ["FREQ=YEARLY; BYMONTH=12", "DTSTART=20260101;FREQ=YEARLY"] {
        let e = DateRecurrence::parse(bad, None).unwrap_err().to_string();
        assert!(e.contains("give the start date separately"), "{bad}: {e}");
    }
}

/// Times of day and daily windows as users write them.
#[test]
fn clock_times_and_windows() {
    use watchstander::time::{ClockTime, ClockWindow};
    let t = |s: &str| s.parse::<ClockTime>();
    assert_eq!(t("9:05").unwrap().to_string(), "09:05");
    assert_eq!(t("09:05:00").unwrap().to_string(), "09:05");
    assert_eq!(t("24:00").unwrap().minutes(), 1440);
    for (bad, why) in [
        ("123:00", "expected HH:MM"),
        (":05", "expected HH:MM"),
        ("09:5", "expected HH:MM"),
        ("0905", "missing \":\" between hours and minutes"),
        ("9a:05", "hours and minutes must be digits"),
    ] {
        match t(bad) {
            Err(watchstander::time::TimeError::InvalidTimeOfDay { reason, .. }) => {
                assert_eq!(reason, why, "{bad}")
            }
            other => panic!("{bad}: {other:?}"),
        }
    }
    assert!(t("24:01").is_err());
    let w = |s: &str| s.parse::<ClockWindow>().unwrap();
    assert!(w("22:00-06:00").crosses_midnight());
    assert!(w("08:00-08:00").crosses_midnight());
    assert!(!w("09:00-17:00").crosses_midnight());
    assert_eq!(w("22:00-06:00").length_minutes(), 8 * 60);
    assert_eq!(w("08:00-08:00").length_minutes(), 24 * 60);
    assert_eq!(w("22:00-06:00").to_string(), "22:00-06:00");
    let of = ClockTime::of(chrono::NaiveTime::from_hms_opt(9, 5, 59).unwrap());
    assert_eq!(of.to_string(), "09:05");
    let keys: Vec<&str> = [
        chrono::Weekday::Mon,
        chrono::Weekday::Tue,
        chrono::Weekday::Wed,
        chrono::Weekday::Thu,
        chrono::Weekday::Fri,
        chrono::Weekday::Sat,
        chrono::Weekday::Sun,
    ]
    .into_iter()
    .map(watchstander::time::weekday_key)
    .collect();
    assert_eq!(keys, ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
}
