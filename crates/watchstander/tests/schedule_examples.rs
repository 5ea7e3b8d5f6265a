//! Every example schedule in `examples/schedules/` and the sample team's schedules in
//! `examples/org/schedules.json` load, compile and do what their names promise.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, Utc};
use serde_json::Value;
use watchstander::schedule::{
    CompiledSchedule, FairnessSettings, Interval, Reason, Schedule, SwapStatus,
};
use watchstander::time::parse_instant;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(rel: &str) -> Value {
    let p = root().join(rel);
    serde_json::from_str(
        &std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())),
    )
    .unwrap_or_else(|e| panic!("{} is not JSON: {e}", p.display()))
}

fn schedule(v: &Value) -> Schedule {
    watchstander::from_json(v).unwrap_or_else(|e| panic!("{e}"))
}

fn t(s: &str) -> DateTime<Utc> {
    parse_instant(s).unwrap()
}

fn window(a: &str, b: &str) -> Interval {
    Interval::new(t(a), t(b)).unwrap()
}

fn who(c: &CompiledSchedule, at: &str) -> Vec<String> {
    c.responders(t(at))
        .unwrap()
        .map(|s| s.person.clone())
        .collect()
}

fn why(c: &CompiledSchedule, at: &str) -> Reason {
    c.responders(t(at)).unwrap().next().unwrap().reason.clone()
}

#[test]
fn every_example_file_is_a_valid_schedule_or_list_of_schedules() {
    let dir = root().join("examples/schedules");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        let list = match v.get("schedules") {
            Some(Value::Array(a)) => a.clone(),
            _ => vec![v],
        };
        for s in list {
            let s = schedule(&s);
            let c = s
                .compile(window("2026-01-01T00:00:00Z", "2026-12-31T00:00:00Z"))
                .unwrap();
            assert!(!c.all_shifts().is_empty(), "{} has no shifts", p.display());
            n += 1;
        }
    }
    assert!(
        n >= 8,
        "expected at least eight example schedules, found {n}"
    );
}

#[test]
fn weekly_rotation_hands_off_mondays_at_nine_london_time() {
    let c = schedule(&read("examples/schedules/weekly.json"))
        .compile(window("2026-03-16T00:00:00Z", "2026-04-13T00:00:00Z"))
        .unwrap();
    let at: Vec<String> = c
        .handoffs(c.window())
        .unwrap()
        .iter()
        .map(|h| h.at.to_rfc3339())
        .collect();
    // 09:00 GMT until 29 March, 09:00 BST (08:00Z) after.
    assert_eq!(
        at,
        [
            "2026-03-16T09:00:00+00:00",
            "2026-03-23T09:00:00+00:00",
            "2026-03-30T08:00:00+00:00",
            "2026-04-06T08:00:00+00:00"
        ]
    );
    // Turn 12 (30 March): 12 mod 3 = 0 → alice.
    assert_eq!(who(&c, "2026-03-30T10:00:00Z"), ["alice"]);
}

#[test]
fn follow_the_sun_passes_the_pager_round_the_world_and_the_backstop_covers_dst_seams() {
    let s = schedule(&read("examples/schedules/follow-the-sun.json"));
    // January: Singapore 08-16 = 00-08Z, London 08-16 = 08-16Z, New York 11-19 EST = 16-24Z.
    let c = s
        .compile(window("2026-01-05T00:00:00Z", "2026-01-12T00:00:00Z"))
        .unwrap();
    assert_eq!(who(&c, "2026-01-07T03:00:00Z"), ["chen"]);
    assert_eq!(who(&c, "2026-01-07T12:00:00Z"), ["alice"]);
    assert_eq!(who(&c, "2026-01-07T20:00:00Z"), ["eve"]);
    let regional = |c: &CompiledSchedule| {
        c.all_shifts()
            .iter()
            .filter(|s| s.layer.as_deref() == Some("backstop"))
            .map(|s| s.hours)
            .sum::<f64>()
    };
    assert_eq!(regional(&c), 0.0, "in winter the regions tile the day");
    assert!(c.gaps(c.window()).unwrap().is_empty());
    // July: London works 07-15Z and New York 15-23Z; 23:00-00:00Z is nobody's day. Turn 27 of
    // the backstop (from 13 July 09:00Z) is alice's (27 mod 3 = 0).
    let c = s
        .compile(window("2026-07-13T09:00:00Z", "2026-07-20T09:00:00Z"))
        .unwrap();
    assert_eq!(who(&c, "2026-07-15T23:30:00Z"), ["alice"]);
    assert!(
        matches!(why(&c, "2026-07-15T23:30:00Z"), Reason::Layer { ref layer, .. } if layer == "backstop")
    );
    assert_eq!(regional(&c), 7.0, "one seam hour a day");
    assert!(c.gaps(c.window()).unwrap().is_empty());
}

#[test]
fn secondary_is_next_weeks_primary() {
    let v = read("examples/schedules/primary-secondary.json");
    let list = v["schedules"].as_array().unwrap();
    let w = window("2026-02-02T00:00:00Z", "2026-04-06T00:00:00Z");
    let primary = schedule(&list[0]).compile(w).unwrap();
    let secondary = schedule(&list[1]).compile(w).unwrap();
    let mut at = t("2026-02-02T12:00:00Z");
    while at + Duration::weeks(1) < w.end {
        let p: Vec<_> = primary
            .responders(at)
            .unwrap()
            .map(|s| s.person.clone())
            .collect();
        let s: Vec<_> = secondary
            .responders(at)
            .unwrap()
            .map(|s| s.person.clone())
            .collect();
        let next: Vec<_> = primary
            .responders(at + Duration::weeks(1))
            .unwrap()
            .map(|s| s.person.clone())
            .collect();
        assert_ne!(p, s, "at {at}");
        assert_eq!(s, next, "at {at}");
        at += Duration::hours(13);
    }
}

#[test]
fn weekday_and_weekend_rotations_never_give_one_person_both() {
    let c = schedule(&read("examples/schedules/weekday-weekend.json"))
        .compile(window("2026-01-05T09:00:00Z", "2026-03-02T09:00:00Z"))
        .unwrap();
    assert!(c.gaps(c.window()).unwrap().is_empty());
    for week in 0..8 {
        let wed = t("2026-01-07T12:00:00Z") + Duration::weeks(week);
        let sat = t("2026-01-10T12:00:00Z") + Duration::weeks(week);
        let next_mon = t("2026-01-12T12:00:00Z") + Duration::weeks(week);
        let a: Vec<_> = c
            .responders(wed)
            .unwrap()
            .map(|s| s.person.clone())
            .collect();
        let b: Vec<_> = c
            .responders(sat)
            .unwrap()
            .map(|s| s.person.clone())
            .collect();
        assert_eq!(a.len(), 1);
        assert_ne!(a, b, "week {week}");
        if next_mon < c.window().end {
            let n: Vec<_> = c
                .responders(next_mon)
                .unwrap()
                .map(|s| s.person.clone())
                .collect();
            assert_ne!(
                b, n,
                "weekend then straight into the next week, week {week}"
            );
        }
    }
    // Week 0: weekdays alice (turn 0); weekend turn 0 with offset 2 → chen.
    assert_eq!(who(&c, "2026-01-09T16:59:00Z"), ["alice"]);
    assert_eq!(who(&c, "2026-01-09T17:00:00Z"), ["chen"]);
}

#[test]
fn two_two_three_hands_over_monday_wednesday_friday_and_shares_evenly() {
    // 07:00 EST = 12:00Z.
    let c = schedule(&read("examples/schedules/two-two-three.json"))
        .compile(window("2026-01-05T12:00:00Z", "2026-01-19T12:00:00Z"))
        .unwrap();
    let days: Vec<String> = c
        .handoffs(c.window())
        .unwrap()
        .iter()
        .map(|h| h.at.format("%a %d").to_string())
        .collect();
    assert_eq!(days, ["Wed 07", "Fri 09", "Mon 12", "Wed 14", "Fri 16"]);
    let totals = c.totals(c.window(), &FairnessSettings::default()).unwrap();
    assert_eq!(
        totals.iter().map(|t| t.hours).collect::<Vec<_>>(),
        [168.0, 168.0]
    );
}

#[test]
fn business_hours_only_rotation_is_fair_and_skips_bank_holidays() {
    let s = schedule(&read("examples/schedules/business-hours.json"));
    let c = s
        .compile(window("2026-03-30T00:00:00Z", "2026-04-13T00:00:00Z"))
        .unwrap();
    // Nobody after 17:30 or at the weekend.
    assert!(who(&c, "2026-03-31T17:00:00Z").is_empty()); // 18:00 BST
    assert!(who(&c, "2026-04-04T11:00:00Z").is_empty()); // Saturday
                                                         // Good Friday, 3 April: active turn 64 (64 mod 3 = 1) is bob's, who has the bank holiday;
                                                         // the skip policy gives it to the next member, chen, whose calendar has no such holiday.
    assert_eq!(who(&c, "2026-04-03T11:00:00Z"), ["chen"]);
    assert!(
        matches!(why(&c, "2026-04-03T11:00:00Z"), Reason::TimeOff { ref instead_of, .. } if instead_of == "bob")
    );
    // Easter Monday: turn 65 is chen's own.
    assert_eq!(who(&c, "2026-04-06T11:00:00Z"), ["chen"]);
    assert!(c.time_off_conflicts().is_empty());
    // Over 4 whole weeks (20 active turns) nobody has more than one turn more than anyone.
    let c = s
        .compile(window("2026-01-05T00:00:00Z", "2026-02-02T00:00:00Z"))
        .unwrap();
    let days: Vec<f64> = c
        .totals(c.window(), &FairnessSettings::default())
        .unwrap()
        .iter()
        .map(|t| t.hours / 8.5)
        .collect();
    assert_eq!(days.iter().sum::<f64>(), 20.0);
    assert!(days.iter().all(|d| *d == 6.0 || *d == 7.0), "{days:?}");
}

#[test]
fn overrides_swaps_and_holidays_example() {
    let c = schedule(&read("examples/schedules/overrides-swaps-holidays.json"))
        .compile(window("2026-12-01T09:00:00Z", "2027-01-02T09:00:00Z"))
        .unwrap();
    let status = |id: &str| c.swap_reports().iter().find(|r| r.id == id).unwrap().status;
    assert_eq!(status("bob-takes-alice-22nd"), SwapStatus::Applied);
    assert_eq!(status("chen-covers-bob-afternoon"), SwapStatus::Applied);
    assert_eq!(status("stale-request"), SwapStatus::Orphaned); // turn 2 is chen's
                                                               // Turn k is 1 December + k days: alice, bob, chen, …
    assert_eq!(who(&c, "2026-12-22T12:00:00Z"), ["bob"]); // turn 21 swapped
    assert_eq!(who(&c, "2026-12-23T12:00:00Z"), ["alice"]); // turn 22 swapped
    assert_eq!(who(&c, "2026-12-20T14:00:00Z"), ["chen"]); // partial cover of bob's turn 19
    assert_eq!(who(&c, "2026-12-20T19:00:00Z"), ["bob"]);
    // Christmas (turn 24, alice's): alice's own backup; Boxing Day (turn 25, bob's) until
    // midnight: the policy's backup; bob takes the rest of his turn.
    assert_eq!(who(&c, "2026-12-25T12:00:00Z"), ["farid"]);
    assert_eq!(who(&c, "2026-12-26T05:00:00Z"), ["farid"]);
    assert_eq!(who(&c, "2026-12-26T12:00:00Z"), ["dana"]);
    assert_eq!(who(&c, "2026-12-27T05:00:00Z"), ["bob"]);
    // chen's leave starts 28 December in Singapore = 27 December 16:00Z, mid-turn 26.
    assert_eq!(who(&c, "2026-12-27T15:00:00Z"), ["chen"]);
    assert_eq!(who(&c, "2026-12-27T17:00:00Z"), ["dana"]);
    // The New Year's Eve override and the release-night addition.
    assert_eq!(who(&c, "2026-12-31T22:00:00Z"), ["eve"]);
    assert_eq!(
        c.oncall(t("2026-12-31T22:00:00Z")).unwrap().on_call[0].why,
        "override eve-covers-new-years-eve-night (replace): party cover"
    );
    assert_eq!(who(&c, "2026-12-16T20:00:00Z"), ["alice", "dana"]);
    // gina shadows bob.
    assert_eq!(
        c.oncall(t("2026-12-20T10:00:00Z")).unwrap().shadows[0].person,
        "gina"
    );
    assert!(c
        .oncall(t("2026-12-21T10:00:00Z"))
        .unwrap()
        .shadows
        .is_empty());
    assert!(
        c.time_off_conflicts().is_empty(),
        "{:?}",
        c.time_off_conflicts()
    );
}

#[test]
fn sample_team_schedules() {
    let v = read("examples/org/schedules.json");
    let list = v["schedules"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    let people: Vec<String> = read("examples/org/sample-org.json")["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    let w = window("2026-11-01T00:00:00Z", "2026-12-31T00:00:00Z");
    for s in list {
        let s = schedule(s);
        let c = s.compile(w).unwrap();
        assert!(c.gaps(w).unwrap().is_empty(), "{} has gaps", s.id());
        for p in c.people() {
            assert!(people.contains(p), "{p} is not in the sample organisation");
        }
    }
    // 26 November 2026, 15:00Z: 15:00 in London, EMEA turn 98 (98 mod 2 = 0) → alice.
    let primary = schedule(&list[0]).compile(w).unwrap();
    assert_eq!(who(&primary, "2026-11-26T15:00:00Z"), ["alice"]);
    // Thanksgiving: the Americas layer's person works a US holiday, which is flagged.
    assert!(primary
        .time_off_conflicts()
        .iter()
        .any(|c| c.time_off == "Thanksgiving"));
}
