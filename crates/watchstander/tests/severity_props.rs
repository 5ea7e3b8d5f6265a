//! Property tests of SLA clocks.

use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;
use watchstander::severity::{ClockKind, ClockState, SeverityPolicy, SlaClock, SlaTarget, Within};
use watchstander::time::{BusinessCalendar, IsoDuration, Zone};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 0, 0, 0).unwrap()
}

fn policy(zone: &str) -> SeverityPolicy {
    SeverityPolicy {
        business_calendar: Some(BusinessCalendar::nine_to_five(Zone::parse(zone).unwrap())),
        ..SeverityPolicy::default()
    }
}

fn target() -> impl Strategy<Value = SlaTarget> {
    (1u32..(60 * 30), any::<bool>()).prop_map(|(minutes, business)| SlaTarget {
        within: Within::Duration(IsoDuration::minutes(minutes)),
        clock: if business {
            ClockKind::Business
        } else {
            ClockKind::TwentyFourSeven
        },
    })
}

/// A start, then pauses as (gap before, length) pairs in minutes.
fn history() -> impl Strategy<Value = (i64, Vec<(i64, i64)>)> {
    (
        0i64..(60 * 24 * 14),
        prop::collection::vec((1i64..600, 1i64..600), 0..4),
    )
}

fn build(target: SlaTarget, start: i64, pauses: &[(i64, i64)]) -> SlaClock {
    let mut at = t0() + Duration::minutes(start);
    let mut c = SlaClock::start(target, at);
    for (gap, len) in pauses {
        at += Duration::minutes(*gap);
        c.pause(at, "waiting").unwrap();
        at += Duration::minutes(*len);
        c.resume(at).unwrap();
    }
    c
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Pausing never brings a deadline earlier.
    #[test]
    fn pausing_never_brings_a_deadline_earlier(
        tg in target(), (start, pauses) in history(), extra in (1i64..600, 1i64..600),
        zone in prop::sample::select(vec!["Europe/London", "America/New_York", "Australia/Lord_Howe"]),
    ) {
        let p = policy(zone);
        let without = build(tg, start, &pauses);
        let mut more = pauses.clone();
        more.push(extra);
        let with = build(tg, start, &more);
        let now = with.last_change() + Duration::minutes(1);
        let d_without = without.status(&p, now).unwrap().deadline.unwrap();
        let d_with = with.status(&p, now).unwrap().deadline.unwrap();
        prop_assert!(d_with >= d_without, "{} < {}", d_with, d_without);
    }

    /// Elapsed plus remaining is the budget; breach happens exactly when remaining goes negative
    /// or hits zero while running.
    #[test]
    fn elapsed_and_remaining_add_up(tg in target(), (start, pauses) in history(), later in 0i64..(60 * 24 * 10)) {
        let p = policy("Europe/London");
        let c = build(tg, start, &pauses);
        let now = c.last_change() + Duration::minutes(later);
        let s = c.status(&p, now).unwrap();
        prop_assert_eq!(s.elapsed_seconds + s.remaining_seconds, s.budget_seconds);
        prop_assert_eq!(s.breached, s.remaining_seconds <= 0);
        if let Some(at) = s.breached_at {
            prop_assert!(at <= now);
            prop_assert_eq!(Some(at), s.deadline);
        }
        prop_assert_eq!(s.state, ClockState::Running);
    }

    /// The deadline does not depend on when you ask (before it passes or after).
    #[test]
    fn deadline_is_stable_over_time(tg in target(), (start, pauses) in history(), a in 0i64..5000, b in 0i64..5000) {
        let p = policy("America/New_York");
        let c = build(tg, start, &pauses);
        let base = c.last_change();
        let d1 = c.status(&p, base + Duration::minutes(a)).unwrap().deadline;
        let d2 = c.status(&p, base + Duration::minutes(b)).unwrap().deadline;
        prop_assert_eq!(d1, d2);
    }

    /// Stopping before the deadline meets the target; after, breaches it.
    #[test]
    fn stop_before_deadline_meets(tg in target(), (start, pauses) in history(), offset in -600i64..600) {
        let p = policy("Europe/London");
        let c = build(tg, start, &pauses);
        let deadline = c.status(&p, c.last_change()).unwrap().deadline.unwrap();
        let stop_at = (deadline + Duration::minutes(offset)).max(c.last_change());
        let mut stopped = c.clone();
        stopped.stop(stop_at).unwrap();
        let s = stopped.status(&p, stop_at + Duration::days(30)).unwrap();
        prop_assert_eq!(s.state, ClockState::Stopped);
        prop_assert_eq!(s.met, Some(stop_at <= deadline));
        prop_assert_eq!(s.breached, stop_at > deadline);
    }

    /// A rejected change leaves the clock exactly as it was.
    #[test]
    fn rejected_changes_change_nothing(tg in target(), (start, pauses) in history(), back in 1i64..600) {
        let c = build(tg, start, &pauses);
        let mut d = c.clone();
        prop_assert!(d.pause(c.last_change() - Duration::minutes(back), "late").is_err());
        prop_assert!(d.resume(c.last_change()).is_err());
        prop_assert_eq!(&d, &c);
    }

    /// The status at `t` depends only on what had happened by `t`: asking a clock with its whole
    /// history (pauses and a stop later than `t`) gives the same answer as asking the clock as it
    /// stood at `t`. Pauses may start at the start or at the previous resume, and last zero
    /// minutes; the stop may fall on a resume.
    #[test]
    fn status_at_t_depends_only_on_the_history_before_t(
        tg in target(),
        start in 0i64..(60 * 24 * 14),
        steps in prop::collection::vec((0i64..300, 0i64..300), 0..4),
        stop_after in prop::option::of(0i64..300),
        ask in 0i64..3000,
        zone in prop::sample::select(vec!["Europe/London", "America/New_York"]),
    ) {
        let p = policy(zone);
        let begin = t0() + Duration::minutes(start);
        let mut events = Vec::new(); // (at, 0 = pause, 1 = resume, 2 = stop)
        let mut at = begin;
        for (gap, len) in &steps {
            at += Duration::minutes(*gap);
            events.push((at, 0));
            at += Duration::minutes(*len);
            events.push((at, 1));
        }
        if let Some(after) = stop_after {
            events.push((at + Duration::minutes(after), 2));
        }
        let apply = |until: Option<DateTime<Utc>>| -> Option<SlaClock> {
            let mut c = SlaClock::start(tg, begin);
            for (when, kind) in &events {
                if until.is_some_and(|u| *when > u) {
                    break;
                }
                let r = match kind {
                    0 => c.pause(*when, "waiting"),
                    1 => c.resume(*when),
                    _ => c.stop(*when),
                };
                r.ok()?;
            }
            Some(c)
        };
        // Histories the clock itself refuses (e.g. a zero-length pause, if refused) are skipped.
        let Some(whole) = apply(None) else { return Ok(()) };
        let t = begin + Duration::minutes(ask);
        let known = apply(Some(t)).unwrap();
        prop_assert_eq!(whole.status(&p, t).unwrap(), known.status(&p, t).unwrap());
    }
}

/// Attainment is met ÷ (met + breached); pending clocks count in the total only, and with
/// nothing decided there is no ratio (not 0, not NaN).
#[test]
fn attainment_is_met_over_decided() {
    use watchstander::severity::attainment;
    let p = SeverityPolicy::default();
    let hour = SlaTarget {
        within: Within::Duration(IsoDuration::minutes(60)),
        clock: ClockKind::TwentyFourSeven,
    };
    let now = t0() + Duration::hours(5);
    let stopped_after = |minutes: i64| {
        let mut c = SlaClock::start(hour, t0());
        c.stop(t0() + Duration::minutes(minutes)).unwrap();
        c.status(&p, now).unwrap()
    };
    let pending = SlaClock::start(hour, now - Duration::minutes(5))
        .status(&p, now)
        .unwrap();
    let a = attainment(&[
        stopped_after(30),
        stopped_after(90),
        pending.clone(),
        stopped_after(59),
    ]);
    assert_eq!((a.total, a.met, a.breached, a.pending), (4, 2, 1, 1));
    assert_eq!(a.ratio, Some(2.0 / 3.0));
    let none = attainment(&[pending]);
    assert_eq!((none.total, none.pending), (1, 1));
    assert_eq!(none.ratio, None);
    assert_eq!(attainment(&[]).ratio, None);
}
