//! Regression tests for bounded work and range checks in the time module: every expansion is
//! bounded in occurrences and in candidates examined, arithmetic results stay within the years
//! 1 to 9999, and limits are exact.

use std::ops::ControlFlow;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use watchstander::time::{
    add_local, parse_instant, BusinessCalendar, CalendarUnit, DateRecurrence, IsoDuration,
    Recurrence, Zone, MAX_CANDIDATES, MAX_OCCURRENCES,
};

fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, 0, 0)
        .unwrap()
}

#[test]
fn a_count_rule_with_many_occurrences_a_period_is_refused_before_any_work() {
    let by = |n: u32| (0..n).map(|i| i.to_string()).collect::<Vec<_>>().join(",");
    let r = Recurrence::parse(&format!(
        "DTSTART:19000101T000000Z\nRRULE:FREQ=DAILY;COUNT=4294967295;BYHOUR={};BYMINUTE={};BYSECOND={}",
        by(24),
        by(60),
        by(60)
    ))
    .unwrap();
    let e = r
        .local_occurrences(at(2026, 5, 1, 0), at(2026, 5, 2, 0), 1)
        .unwrap_err();
    assert_eq!(e.code(), "out_of_range");
    assert!(e.to_string().contains(&MAX_CANDIDATES.to_string()), "{e}");
}

#[test]
fn candidates_examined_are_bounded_even_without_count() {
    // Every second of 40 days: far more than MAX_CANDIDATES if nothing stops it.
    let r = Recurrence::parse("DTSTART:20260101T000000Z\nRRULE:FREQ=SECONDLY").unwrap();
    let mut seen = 0u64;
    let e = r
        .for_each_local(at(2026, 1, 1, 0), at(2026, 2, 10, 0), |_| {
            seen += 1;
            ControlFlow::Continue(())
        })
        .unwrap_err();
    assert_eq!(e.code(), "out_of_range");
    assert_eq!(seen, MAX_CANDIDATES);
    // A caller that stops early is never refused.
    let first = r
        .local_occurrences(at(2026, 1, 1, 0), at(2026, 2, 10, 0), 10)
        .unwrap();
    assert_eq!(first.len(), 10);
}

#[test]
fn the_window_gets_its_own_occurrences_up_to_the_limit() {
    // MINUTELY from the day before: the limit counts occurrences in the window only.
    let r = Recurrence::parse("DTSTART:20260101T000000Z\nRRULE:FREQ=MINUTELY").unwrap();
    let got = r
        .local_occurrences(at(2026, 1, 2, 0), at(2026, 3, 2, 0), MAX_OCCURRENCES)
        .unwrap();
    assert_eq!(got.len(), MAX_OCCURRENCES);
    assert_eq!(got[0], at(2026, 1, 2, 0));
    assert_eq!(got[1] - got[0], Duration::minutes(1));
    // SECONDLY from 19 hours and more before the window.
    let r = Recurrence::parse("DTSTART:20260101T050000Z\nRRULE:FREQ=SECONDLY").unwrap();
    let got = r
        .local_occurrences(at(2026, 1, 2, 0), at(2026, 1, 2, 1), 3)
        .unwrap();
    assert_eq!(
        got,
        [
            at(2026, 1, 2, 0),
            at(2026, 1, 2, 0) + Duration::seconds(1),
            at(2026, 1, 2, 0) + Duration::seconds(2)
        ]
    );
    assert!(r
        .local_occurrences(at(2026, 1, 2, 0), at(2026, 1, 2, 1), 0)
        .unwrap()
        .is_empty());
}

#[test]
fn date_rules_recur_by_days_or_longer() {
    for rule in [
        "FREQ=HOURLY;COUNT=4000000000",
        "FREQ=MINUTELY",
        "FREQ=SECONDLY",
    ] {
        let e = DateRecurrence::parse(rule, Some("1900-01-01")).unwrap_err();
        assert_eq!(e.code(), "invalid_rrule", "{rule}");
    }
    assert!(DateRecurrence::parse("FREQ=DAILY;COUNT=4000000000", Some("1900-01-01")).is_ok());
}

#[test]
fn wall_clock_results_stay_within_the_years_1_to_9999() {
    let t = at(2026, 5, 1, 0);
    for unit in [
        CalendarUnit::Hours,
        CalendarUnit::Days,
        CalendarUnit::Weeks,
        CalendarUnit::Months,
        CalendarUnit::Years,
    ] {
        let e = add_local(t, i64::from(i32::MAX), unit).unwrap_err();
        assert_eq!(e.code(), "out_of_range", "{unit:?}");
    }
    assert_eq!(
        add_local(t, i64::from(i32::MAX), CalendarUnit::Minutes)
            .unwrap()
            .0
            .to_string(),
        "6109-05-24 02:07:00"
    );
    assert!(add_local(at(1, 1, 1, 12), -1, CalendarUnit::Days).is_err());
    assert!(add_local(at(9999, 12, 31, 12), 1, CalendarUnit::Days).is_err());
    assert!(add_local(at(9999, 12, 30, 12), 1, CalendarUnit::Days).is_ok());
}

#[test]
fn business_arithmetic_is_refused_before_work_when_it_cannot_end_in_bounds() {
    let cal = BusinessCalendar::nine_to_five(Zone::parse("UTC").unwrap());
    let t = parse_instant("2026-05-01T00:00:00Z").unwrap();
    for d in ["P4294967295D", "P1000000W", "PT4294967295H", "P73051D"] {
        let d: IsoDuration = d.parse().unwrap();
        assert_eq!(
            cal.add_duration(t, &d).unwrap_err().code(),
            "out_of_range",
            "{d}"
        );
    }
    // Within the bound it still works. From Friday 00:00 (before opening), the first business
    // day ends at Friday's close; 19 more are 4-8, 11-15, 18-22 and 25-28 May.
    let d: IsoDuration = "P20D".parse().unwrap();
    assert_eq!(
        cal.add_duration(t, &d).unwrap(),
        parse_instant("2026-05-28T17:00:00Z").unwrap()
    );
}
