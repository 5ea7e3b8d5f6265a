//! Named scenarios for the schedule engine. Every expected instant is worked out by hand from
//! the 2026 tz facts:
//!
//! * New York: clocks go 02:00 EST → 03:00 EDT on 8 March (07:00Z) and 02:00 EDT → 01:00 EST
//!   on 1 November (06:00Z);
//! * London: 01:00 GMT → 02:00 BST on 29 March (01:00Z), 02:00 BST → 01:00 GMT on 25 October;
//! * Lord Howe (+10:30 / +11:00): 02:00 → 01:30 on 5 April (4 April 15:00Z), 02:00 → 02:30 on
//!   4 October (3 October 15:30Z).

use serde_json::{json, Value};
use watchstander::schedule::{
    diff, CompiledSchedule, FairnessSettings, Interval, Notice, Reason, Schedule, Shift,
    ShiftColumns, SwapReport, SwapStatus,
};
use watchstander::time::parse_instant;

fn t(s: &str) -> chrono::DateTime<chrono::Utc> {
    parse_instant(s).unwrap()
}

fn window(a: &str, b: &str) -> Interval {
    Interval::new(t(a), t(b)).unwrap()
}

fn schedule(v: Value) -> Schedule {
    serde_json::from_value(v).unwrap()
}

fn compile(v: Value, a: &str, b: &str) -> CompiledSchedule {
    schedule(v).compile(window(a, b)).unwrap()
}

/// (person, start, end) of every final shift, instants in RFC 3339 UTC.
fn shifts(c: &CompiledSchedule) -> Vec<(String, String, String)> {
    rows(c.all_shifts())
}

/// (person, start, end) of each shift, instants in RFC 3339 UTC.
fn rows<'a>(list: impl IntoIterator<Item = &'a Shift>) -> Vec<(String, String, String)> {
    list.into_iter()
        .map(|s| (s.person.clone(), z(s.start), z(s.end)))
        .collect()
}

fn z(t: chrono::DateTime<chrono::Utc>) -> String {
    watchstander::time::format_instant(t)
}

fn row(p: &str, a: &str, b: &str) -> (String, String, String) {
    (p.to_string(), a.to_string(), b.to_string())
}

fn who(c: &CompiledSchedule, at: &str) -> Vec<String> {
    c.responders(t(at))
        .unwrap()
        .map(|s| s.person.clone())
        .collect()
}

fn one_layer(zone: &str, members: &[&str], anchor: &str, handoff: Value, dst: &str) -> Value {
    json!({"id": "s", "zone": zone, "layers": [{"id": "l", "rotation": {
        "members": members, "anchor": anchor, "handoff": handoff, "dst": dst}}]})
}

fn shift_at<'a>(c: &'a CompiledSchedule, at: &str) -> &'a Shift {
    c.responders(t(at)).unwrap().next().unwrap()
}

// ---------------------------------------------------------------- DST at the handoff

#[test]
fn daily_handoff_in_the_spring_forward_gap_new_york() {
    let spec = |dst: &str| {
        one_layer(
            "America/New_York",
            &["a", "b"],
            "2026-03-06T02:30",
            json!({"every": 1, "unit": "days"}),
            dst,
        )
    };
    // compatible: 8 March 02:30 does not exist → 03:30 EDT = 07:30Z.
    let c = compile(
        spec("compatible"),
        "2026-03-07T00:00:00Z",
        "2026-03-10T00:00:00Z",
    );
    assert_eq!(
        shifts(&c),
        vec![
            row("a", "2026-03-07T00:00:00Z", "2026-03-07T07:30:00Z"),
            row("b", "2026-03-07T07:30:00Z", "2026-03-08T07:30:00Z"),
            row("a", "2026-03-08T07:30:00Z", "2026-03-09T06:30:00Z"),
            row("b", "2026-03-09T06:30:00Z", "2026-03-10T00:00:00Z"),
        ]
    );
    let b = shift_at(&c, "2026-03-08T00:00:00Z");
    let dst = b.dst.unwrap();
    assert!(matches!(
        dst.end,
        Some(watchstander::time::LocalAdjustment::Gap {
            gap_seconds: 3600,
            ..
        })
    ));
    assert_eq!(dst.offset_change_minutes, 60);
    let a = shift_at(&c, "2026-03-08T12:00:00Z");
    assert_eq!(a.hours, 23.0);
    assert!(a.dst.unwrap().start.is_some());
    let h = c.handoffs(c.window()).unwrap();
    assert_eq!(z(h[1].at), "2026-03-08T07:30:00Z");
    assert!(h[1].dst.is_some());
    assert!(h[0].dst.is_none());

    // end_of_gap: 03:00 EDT = 07:00Z. earlier: 01:30 EST = 06:30Z.
    let c = compile(
        spec("end_of_gap"),
        "2026-03-07T00:00:00Z",
        "2026-03-10T00:00:00Z",
    );
    assert_eq!(
        shifts(&c)[1],
        row("b", "2026-03-07T07:30:00Z", "2026-03-08T07:00:00Z")
    );
    let c = compile(
        spec("earlier"),
        "2026-03-07T00:00:00Z",
        "2026-03-10T00:00:00Z",
    );
    assert_eq!(
        shifts(&c)[1],
        row("b", "2026-03-07T07:30:00Z", "2026-03-08T06:30:00Z")
    );
    // reject: a typed error naming the gap.
    let err = schedule(spec("reject"))
        .compile(window("2026-03-07T00:00:00Z", "2026-03-10T00:00:00Z"))
        .unwrap_err();
    assert_eq!(err.code(), "nonexistent_local_time");
}

#[test]
fn daily_handoff_in_the_fall_back_fold_new_york() {
    let spec = |dst: &str| {
        one_layer(
            "America/New_York",
            &["a", "b"],
            "2026-10-30T01:30",
            json!({"every": 1, "unit": "days"}),
            dst,
        )
    };
    // 1 November 01:30 happens at 05:30Z (EDT) and 06:30Z (EST).
    let c = compile(
        spec("compatible"),
        "2026-10-31T05:30:00Z",
        "2026-11-02T06:30:00Z",
    );
    assert_eq!(
        shifts(&c),
        vec![
            row("b", "2026-10-31T05:30:00Z", "2026-11-01T05:30:00Z"),
            row("a", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"),
        ]
    );
    assert_eq!(c.all_shifts()[1].hours, 25.0);
    assert_eq!(c.all_shifts()[1].dst.unwrap().offset_change_minutes, -60);
    let c = compile(
        spec("later"),
        "2026-10-31T05:30:00Z",
        "2026-11-02T06:30:00Z",
    );
    assert_eq!(
        shifts(&c),
        vec![
            row("b", "2026-10-31T05:30:00Z", "2026-11-01T06:30:00Z"),
            row("a", "2026-11-01T06:30:00Z", "2026-11-02T06:30:00Z"),
        ]
    );
    assert_eq!(
        schedule(spec("reject"))
            .compile(window("2026-10-31T00:00:00Z", "2026-11-03T00:00:00Z"))
            .unwrap_err()
            .code(),
        "ambiguous_local_time"
    );
}

#[test]
fn weekly_handoff_across_dst_new_york_and_london() {
    // Sundays 02:30 in New York: 1 March EST (07:30Z), 8 March in the gap (03:30 EDT = 07:30Z),
    // 15 March EDT (06:30Z).
    let c = compile(
        one_layer(
            "America/New_York",
            &["a", "b"],
            "2026-03-01T02:30",
            json!({"every": 1, "unit": "weeks"}),
            "compatible",
        ),
        "2026-03-01T07:30:00Z",
        "2026-03-15T06:30:00Z",
    );
    assert_eq!(
        shifts(&c),
        vec![
            row("a", "2026-03-01T07:30:00Z", "2026-03-08T07:30:00Z"),
            row("b", "2026-03-08T07:30:00Z", "2026-03-15T06:30:00Z"),
        ]
    );
    assert_eq!(c.all_shifts()[1].hours, 167.0);
    // Mondays 09:00 in London: 23 March GMT (09:00Z), 30 March BST (08:00Z): a 167-hour week.
    let c = compile(
        one_layer(
            "Europe/London",
            &["a", "b"],
            "2026-03-23T09:00",
            json!({"every": 1, "unit": "weeks"}),
            "compatible",
        ),
        "2026-03-23T09:00:00Z",
        "2026-04-06T08:00:00Z",
    );
    assert_eq!(
        shifts(&c),
        vec![
            row("a", "2026-03-23T09:00:00Z", "2026-03-30T08:00:00Z"),
            row("b", "2026-03-30T08:00:00Z", "2026-04-06T08:00:00Z"),
        ]
    );
    // Autumn: Monday 19 October BST (08:00Z) to Monday 26 October GMT (09:00Z): 169 hours.
    let c = compile(
        one_layer(
            "Europe/London",
            &["a", "b"],
            "2026-10-19T09:00",
            json!({"every": 1, "unit": "weeks"}),
            "compatible",
        ),
        "2026-10-19T08:00:00Z",
        "2026-10-26T09:00:00Z",
    );
    assert_eq!(c.all_shifts()[0].hours, 169.0);
}

#[test]
fn hourly_rotation_keeps_wall_clock_hours_and_merges_the_vanished_hour() {
    // New York, 8 March: handoffs at local 00:00, 01:00, 02:00 (→ 03:00 EDT), 03:00, 04:00.
    let c = compile(
        one_layer(
            "America/New_York",
            &["a", "b", "c"],
            "2026-03-08T00:00",
            json!({"every": 1, "unit": "hours"}),
            "compatible",
        ),
        "2026-03-08T05:00:00Z",
        "2026-03-08T09:00:00Z",
    );
    assert_eq!(
        shifts(&c),
        vec![
            row("a", "2026-03-08T05:00:00Z", "2026-03-08T06:00:00Z"),
            row("b", "2026-03-08T06:00:00Z", "2026-03-08T07:00:00Z"),
            // turn 2 (c) has zero length; turn 3 is a's, turn 4 b's.
            row("a", "2026-03-08T07:00:00Z", "2026-03-08T08:00:00Z"),
            row("b", "2026-03-08T08:00:00Z", "2026-03-08T09:00:00Z"),
        ]
    );
    let merged = c.merged_turns(c.window()).unwrap();
    assert_eq!(merged.len(), 1);
    assert_eq!(merged[0].turn, 2);
    assert_eq!(merged[0].member.as_deref(), Some("c"));
    assert_eq!(z(merged[0].at), "2026-03-08T07:00:00Z");
    assert_eq!(merged[0].local.to_string(), "2026-03-08 02:00:00");

    // 1 November: 01:00 EDT (05:00Z) to 02:00 EST (07:00Z) is one two-hour turn.
    let c = compile(
        one_layer(
            "America/New_York",
            &["a", "b", "c"],
            "2026-11-01T00:00",
            json!({"every": 1, "unit": "hours"}),
            "compatible",
        ),
        "2026-11-01T04:00:00Z",
        "2026-11-01T09:00:00Z",
    );
    assert_eq!(
        shifts(&c),
        vec![
            row("a", "2026-11-01T04:00:00Z", "2026-11-01T05:00:00Z"),
            row("b", "2026-11-01T05:00:00Z", "2026-11-01T07:00:00Z"),
            row("c", "2026-11-01T07:00:00Z", "2026-11-01T08:00:00Z"),
            row("a", "2026-11-01T08:00:00Z", "2026-11-01T09:00:00Z"),
        ]
    );
    assert!(c.merged_turns(c.window()).unwrap().is_empty());
    // With active_time counting the squeezed turn is never numbered, so nobody loses a turn.
    let mut v = one_layer(
        "America/New_York",
        &["a", "b", "c"],
        "2026-03-08T00:00",
        json!({"every": 1, "unit": "hours"}),
        "compatible",
    );
    v["layers"][0]["rotation"]["turn_counting"] = json!("active_time");
    let c = compile(v, "2026-03-08T05:00:00Z", "2026-03-08T09:00:00Z");
    let people: Vec<String> = c.all_shifts().iter().map(|s| s.person.clone()).collect();
    assert_eq!(people, ["a", "b", "c", "a"]);
}

#[test]
fn eight_hour_rotation_hands_off_at_the_same_local_hours_across_dst() {
    let c = compile(
        one_layer(
            "Europe/London",
            &["a", "b", "c"],
            "2026-03-27T06:00",
            json!({"every": 8, "unit": "hours"}),
            "compatible",
        ),
        "2026-03-27T06:00:00Z",
        "2026-04-01T00:00:00Z",
    );
    let zone = watchstander::time::Zone::parse("Europe/London").unwrap();
    for s in c.all_shifts().iter().filter(|s| !s.truncated_end) {
        let h = zone.to_local(s.start).format("%H:%M").to_string();
        assert!(["06:00", "14:00", "22:00"].contains(&h.as_str()), "{h}");
    }
    // The night of 28/29 March (22:00 GMT → 06:00 BST) is 7 hours long.
    assert_eq!(shift_at(&c, "2026-03-29T00:00:00Z").hours, 7.0);
}

#[test]
fn lord_howe_thirty_minute_gap_and_fold() {
    // Daily at 02:15: 4 October 02:15 is skipped (02:00 → 02:30) and moves to 02:45 (+11:00).
    let c = compile(
        one_layer(
            "Australia/Lord_Howe",
            &["a", "b"],
            "2026-10-02T02:15",
            json!({"every": 1, "unit": "days"}),
            "compatible",
        ),
        "2026-10-02T15:45:00Z",
        "2026-10-04T15:15:00Z",
    );
    assert_eq!(
        shifts(&c),
        vec![
            row("b", "2026-10-02T15:45:00Z", "2026-10-03T15:45:00Z"),
            row("a", "2026-10-03T15:45:00Z", "2026-10-04T15:15:00Z"),
        ]
    );
    assert_eq!(c.all_shifts()[1].hours, 23.5);
    // b's turn contains the change (3 October 15:30Z); a's starts at the moved handoff.
    assert_eq!(c.all_shifts()[0].dst.unwrap().offset_change_minutes, 30);
    assert_eq!(c.all_shifts()[0].hours, 24.0);
    assert!(c.all_shifts()[1].dst.unwrap().start.is_some());
    // A handoff exactly at the change (02:00) and one in the skipped half hour (02:20) with
    // end_of_gap both land on 02:30 (+11:00) = 3 October 15:30Z.
    for at in ["02:00", "02:20"] {
        let c = compile(
            one_layer(
                "Australia/Lord_Howe",
                &["a", "b"],
                &format!("2026-10-02T{at}"),
                json!({"every": 1, "unit": "days"}),
                "end_of_gap",
            ),
            "2026-10-03T00:00:00Z",
            "2026-10-04T00:00:00Z",
        );
        let h = c.handoffs(c.window()).unwrap();
        assert_eq!(z(h[0].at), "2026-10-03T15:30:00Z", "{at}");
    }
    // 5 April: 01:45 happens twice (+11:00 at 14:45Z, +10:30 at 15:15Z); compatible takes the
    // first, so that day is 24 hours and the next 24.5.
    let c = compile(
        one_layer(
            "Australia/Lord_Howe",
            &["a", "b"],
            "2026-04-03T01:45",
            json!({"every": 1, "unit": "days"}),
            "compatible",
        ),
        "2026-04-03T14:45:00Z",
        "2026-04-05T15:15:00Z",
    );
    assert_eq!(
        shifts(&c),
        vec![
            row("b", "2026-04-03T14:45:00Z", "2026-04-04T14:45:00Z"),
            row("a", "2026-04-04T14:45:00Z", "2026-04-05T15:15:00Z"),
        ]
    );
    assert_eq!(c.all_shifts()[1].hours, 24.5);
}

#[test]
fn rrule_handoffs_survive_the_rrule_crates_dst_bugs() {
    // FREQ=HOURLY through New York's spring-forward: rrule 0.14 returns 03:00 twice; here the
    // 02:00 occurrence is resolved by our policy and the turn is merged, never duplicated.
    let v = json!({"id": "s", "zone": "America/New_York", "layers": [{"id": "l", "rotation": {
        "members": ["a", "b", "c"],
        "handoff": {"rrule": "DTSTART;TZID=America/New_York:20260308T000000\nRRULE:FREQ=HOURLY"}}}]});
    let c = compile(v, "2026-03-08T05:00:00Z", "2026-03-08T09:00:00Z");
    let people: Vec<String> = c.all_shifts().iter().map(|s| s.person.clone()).collect();
    assert_eq!(people, ["a", "b", "a", "b"]);
    assert_eq!(c.merged_turns(c.window()).unwrap().len(), 1);
    // Fall back: rrule 0.14 skips 01:00 EST; we keep one handoff per local hour.
    let v = json!({"id": "s", "zone": "America/New_York", "layers": [{"id": "l", "rotation": {
        "members": ["a", "b", "c"],
        "handoff": {"rrule": "DTSTART;TZID=America/New_York:20261101T000000\nRRULE:FREQ=HOURLY"}}}]});
    let c = compile(v, "2026-11-01T04:00:00Z", "2026-11-01T09:00:00Z");
    assert_eq!(
        shifts(&c),
        vec![
            row("a", "2026-11-01T04:00:00Z", "2026-11-01T05:00:00Z"),
            row("b", "2026-11-01T05:00:00Z", "2026-11-01T07:00:00Z"),
            row("c", "2026-11-01T07:00:00Z", "2026-11-01T08:00:00Z"),
            row("a", "2026-11-01T08:00:00Z", "2026-11-01T09:00:00Z"),
        ]
    );
    // A DTSTART inside the gap (which rrule 0.14 refuses) works and is resolved by the policy.
    let v = json!({"id": "s", "zone": "America/New_York", "layers": [{"id": "l", "rotation": {
        "members": ["a", "b"],
        "handoff": {"rrule": "DTSTART;TZID=America/New_York:20260308T023000\nRRULE:FREQ=DAILY"}}}]});
    let c = compile(v, "2026-03-08T00:00:00Z", "2026-03-10T00:00:00Z");
    assert_eq!(z(c.all_shifts()[0].start), "2026-03-08T07:30:00Z");
}

// ---------------------------------------------------------------- restrictions

#[test]
fn restriction_crossing_midnight_on_dst_nights() {
    let spec = |zone: &str, anchor: &str| {
        json!({"id": "s", "zone": zone, "layers": [{"id": "nights",
            "restrictions": [{"start": "22:00", "end": "06:00"}],
            "rotation": {"members": ["n"], "anchor": anchor, "handoff": {"every": 1, "unit": "weeks"}}}]})
    };
    // New York, Saturday 7 March 22:00 EST (03:00Z) to Sunday 06:00 EDT (10:00Z): 7 hours.
    let c = compile(
        spec("America/New_York", "2026-03-02T00:00"),
        "2026-03-07T12:00:00Z",
        "2026-03-09T00:00:00Z",
    );
    assert_eq!(
        shifts(&c)[0],
        row("n", "2026-03-08T03:00:00Z", "2026-03-08T10:00:00Z")
    );
    assert_eq!(c.all_shifts()[0].dst.unwrap().offset_change_minutes, 60);
    // Saturday 31 October 22:00 EDT (02:00Z) to Sunday 06:00 EST (11:00Z): 9 hours.
    let c = compile(
        spec("America/New_York", "2026-10-26T00:00"),
        "2026-10-31T12:00:00Z",
        "2026-11-02T00:00:00Z",
    );
    assert_eq!(
        shifts(&c)[0],
        row("n", "2026-11-01T02:00:00Z", "2026-11-01T11:00:00Z")
    );
    // London, 28 March 22:00 GMT to 29 March 06:00 BST (05:00Z): 7 hours.
    let c = compile(
        spec("Europe/London", "2026-03-23T00:00"),
        "2026-03-28T12:00:00Z",
        "2026-03-30T00:00:00Z",
    );
    assert_eq!(
        shifts(&c)[0],
        row("n", "2026-03-28T22:00:00Z", "2026-03-29T05:00:00Z")
    );
}

#[test]
fn restriction_edges_start_inclusive_end_exclusive_weekday_of_start() {
    let c = compile(
        json!({"id": "s", "zone": "UTC", "layers": [{"id": "l",
            "restrictions": [{"days": ["fri"], "start": "20:00", "end": "08:00"}],
            "rotation": {"members": ["x"], "anchor": "2026-01-05", "handoff": {"every": 1, "unit": "weeks"}}}]}),
        "2026-01-05T00:00:00Z",
        "2026-01-12T00:00:00Z",
    );
    // Friday 9 January 20:00 runs into Saturday 08:00.
    assert_eq!(
        shifts(&c),
        vec![row("x", "2026-01-09T20:00:00Z", "2026-01-10T08:00:00Z")]
    );
    assert_eq!(who(&c, "2026-01-09T20:00:00Z"), ["x"]);
    assert!(who(&c, "2026-01-10T08:00:00Z").is_empty());
    assert!(who(&c, "2026-01-09T19:59:59Z").is_empty());
}

#[test]
fn clock_counting_starves_members_and_active_time_does_not() {
    // Seven people, daily turns, weekdays only (GoAlert #55): with clock counting two people
    // only ever get weekend turns.
    let v = |counting: &str| {
        json!({"id": "s", "zone": "UTC", "layers": [{"id": "l",
            "restrictions": [{"days": ["mon", "tue", "wed", "thu", "fri"], "start": "00:00", "end": "00:00"}],
            "rotation": {"members": ["p0", "p1", "p2", "p3", "p4", "p5", "p6"], "anchor": "2026-01-05",
                "handoff": {"every": 1, "unit": "days"}, "turn_counting": counting}}]})
    };
    let w = ("2026-01-05T00:00:00Z", "2026-03-02T00:00:00Z"); // 8 whole weeks
    let c = compile(v("clock"), w.0, w.1);
    let starved: Vec<String> = c
        .notices()
        .iter()
        .filter_map(|n| match n {
            Notice::StarvedMember { person, .. } => Some(person.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(starved, ["p5", "p6"]);
    // A shadow layer pages nobody alone: its members are not reported as starved.
    let mut shadow = v("clock");
    shadow["layers"][0]["shadow"] = json!(true);
    let c = compile(shadow, w.0, w.1);
    assert!(c.notices().is_empty(), "{:?}", c.notices());
    // A roster that starts empty and is filled a day later is judged the same way.
    let mut late = v("clock");
    late["layers"][0]["rotation"]["roster_changes"] = json!([{"effective": "2026-01-06T00:00:00Z",
        "members": ["p0", "p1", "p2", "p3", "p4", "p5", "p6"], "rollout": "immediately"}]);
    late["layers"][0]["rotation"]["members"] = json!([]);
    let c = compile(late, w.0, w.1);
    let starved = c
        .notices()
        .iter()
        .filter(|n| matches!(n, Notice::StarvedMember { .. }))
        .count();
    assert_eq!(starved, 2, "{:?}", c.notices());
    let c = compile(v("active_time"), w.0, w.1);
    assert!(c.notices().is_empty(), "{:?}", c.notices());
    let totals = c.totals(c.window(), &FairnessSettings::default()).unwrap();
    let days: Vec<f64> = totals.iter().map(|t| t.hours / 24.0).collect();
    // 40 weekdays over 7 people: 5 or 6 days each.
    assert!(days.iter().all(|d| *d == 5.0 || *d == 6.0), "{days:?}");
    assert_eq!(days.iter().sum::<f64>(), 40.0);
}

// ---------------------------------------------------------------- layers

#[test]
fn precedence_shows_the_layer_below_through_empty_slots_and_union_adds() {
    let base = json!({"id": "base", "rotation": {"members": ["night"], "anchor": "2026-01-05",
        "handoff": {"every": 1, "unit": "weeks"}}});
    let day = |combine: &str| {
        json!({"id": "day", "combine": combine,
            "restrictions": [{"start": "09:00", "end": "17:00"}],
            "rotation": {"members": ["day"], "anchor": "2026-01-05", "handoff": {"every": 1, "unit": "weeks"}}})
    };
    let c = compile(
        json!({"id": "s", "zone": "UTC", "layers": [base.clone(), day("precedence")]}),
        "2026-01-05T00:00:00Z",
        "2026-01-06T00:00:00Z",
    );
    assert_eq!(
        shifts(&c),
        vec![
            row("night", "2026-01-05T00:00:00Z", "2026-01-05T09:00:00Z"),
            row("day", "2026-01-05T09:00:00Z", "2026-01-05T17:00:00Z"),
            row("night", "2026-01-05T17:00:00Z", "2026-01-06T00:00:00Z"),
        ]
    );
    let c = compile(
        json!({"id": "s", "zone": "UTC", "layers": [base, day("union")]}),
        "2026-01-05T00:00:00Z",
        "2026-01-06T00:00:00Z",
    );
    assert_eq!(who(&c, "2026-01-05T10:00:00Z"), ["night", "day"]);
    assert_eq!(who(&c, "2026-01-05T08:00:00Z"), ["night"]);
}

#[test]
fn a_layer_keeps_its_own_shifts_and_time_off_where_a_higher_layer_covers_it() {
    let c = compile(
        json!({"id": "s", "zone": "UTC", "time_off_policy": {"mode": "flag"},
            "people": [{"id": "a", "zone": "UTC", "time_off": [{"name": "Leave", "from": "2026-01-01", "to": "2026-01-01"}]}],
            "layers": [
                {"id": "lower", "rotation": {"members": ["a", "c"], "anchor": "2026-01-01", "handoff": {"every": 1, "unit": "days"}}},
                {"id": "upper", "rotation": {"members": ["b"], "anchor": "2026-01-01", "handoff": {"every": 1, "unit": "days"}}}]}),
        "2026-01-01T06:00:00Z",
        "2026-01-03T00:00:00Z",
    );
    assert_eq!(who(&c, "2026-01-01T12:00:00Z"), ["b"]);
    assert_eq!(who(&c, "2026-01-02T12:00:00Z"), ["b"]);
    let lower: Vec<_> = c
        .layer_shifts("lower", c.window())
        .unwrap()
        .iter()
        .map(|s| (row(&s.person, &z(s.start), &z(s.end)), s.time_off.clone()))
        .collect();
    assert_eq!(
        lower,
        vec![
            (
                row("a", "2026-01-01T06:00:00Z", "2026-01-02T00:00:00Z"),
                vec!["Leave".to_string()]
            ),
            (
                row("c", "2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z"),
                vec![]
            ),
        ]
    );
}

#[test]
fn zero_member_layer_is_empty_shows_through_and_is_reported() {
    let c = compile(
        json!({"id": "s", "zone": "UTC", "layers": [
            {"id": "base", "rotation": {"members": ["a"], "anchor": "2026-01-01", "handoff": {"every": 1, "unit": "days"}}},
            {"id": "empty", "rotation": {"members": [], "anchor": "2026-01-01", "handoff": {"every": 1, "unit": "days"}}}]}),
        "2026-01-01T00:00:00Z",
        "2026-01-03T00:00:00Z",
    );
    assert_eq!(who(&c, "2026-01-02T00:00:00Z"), ["a"]);
    assert!(c.notices().contains(&Notice::EmptyRotation {
        layer: "empty".into()
    }));
    // Alone, it leaves the whole window as one reported gap.
    let c = compile(
        json!({"id": "s", "zone": "UTC", "layers": [
            {"id": "empty", "rotation": {"members": [], "anchor": "2026-01-01", "handoff": {"every": 1, "unit": "days"}}}]}),
        "2026-01-01T00:00:00Z",
        "2026-01-03T00:00:00Z",
    );
    assert!(c.all_shifts().is_empty());
    assert_eq!(c.gaps(c.window()).unwrap(), vec![c.window()]);
    assert!(c.oncall(t("2026-01-02T00:00:00Z")).unwrap().gap);
}

#[test]
fn layer_start_and_end_clip_turns_but_numbering_stays_anchored() {
    let c = compile(
        json!({"id": "s", "zone": "UTC", "layers": [{"id": "l",
            "start": "2026-01-03T12:00:00Z", "end": "2026-01-05T00:00:00Z",
            "rotation": {"members": ["a", "b"], "anchor": "2026-01-01", "handoff": {"every": 1, "unit": "days"}}}]}),
        "2026-01-01T00:00:00Z",
        "2026-01-06T00:00:00Z",
    );
    assert_eq!(
        shifts(&c),
        vec![
            row("a", "2026-01-03T12:00:00Z", "2026-01-04T00:00:00Z"), // turn 2
            row("b", "2026-01-04T00:00:00Z", "2026-01-05T00:00:00Z"),
        ]
    );
    assert_eq!(c.gaps(c.window()).unwrap().len(), 2);
}

#[test]
fn a_window_with_fractions_of_a_second_is_widened_to_whole_seconds() {
    let c = compile(
        json!({"id": "s", "zone": "UTC", "layers": [{"id": "l", "rotation": {
            "members": ["a", "b"], "anchor": "2026-01-01", "handoff": {"every": 1, "unit": "days"}}}]}),
        "2026-01-01T00:00:00.250Z",
        "2026-01-02T12:00:00.500Z",
    );
    assert_eq!(
        c.window(),
        window("2026-01-01T00:00:00Z", "2026-01-02T12:00:01Z")
    );
    assert_eq!(
        shifts(&c),
        vec![
            row("a", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"),
            row("b", "2026-01-02T00:00:00Z", "2026-01-02T12:00:01Z"),
        ]
    );
}

#[test]
fn a_shift_is_marked_truncated_only_where_the_window_cuts_its_turn() {
    let spec = json!({"id": "s", "zone": "UTC", "layers": [{"id": "l", "rotation": {
        "members": ["a", "b"], "anchor": "2026-01-01", "handoff": {"every": 1, "unit": "days"}}}]});
    let cut = |c: &CompiledSchedule| -> Vec<(bool, bool)> {
        c.all_shifts()
            .iter()
            .map(|s| (s.truncated_start, s.truncated_end))
            .collect()
    };
    // The window's edges fall on handoffs: nothing is cut.
    let c = compile(spec.clone(), "2026-01-01T00:00:00Z", "2026-01-03T00:00:00Z");
    assert_eq!(cut(&c), vec![(false, false), (false, false)]);
    // The window's edges fall inside turns: the first shift is cut at its start, the last at
    // its end.
    let c = compile(spec, "2026-01-01T06:00:00Z", "2026-01-02T18:00:00Z");
    assert_eq!(cut(&c), vec![(true, false), (false, true)]);
}

// ---------------------------------------------------------------- overrides

fn daily_ab(extra: Value) -> Value {
    let mut v = json!({"id": "s", "zone": "UTC", "layers": [{"id": "l", "rotation": {
        "members": ["a", "b"], "anchor": "2026-01-01T09:00", "handoff": {"every": 1, "unit": "days"}}}]});
    if let Value::Object(m) = extra {
        for (k, x) in m {
            v[k] = x;
        }
    }
    v
}

#[test]
fn override_spanning_a_handoff_is_one_shift() {
    let c = compile(
        daily_ab(json!({"overrides": [{"id": "ov", "person": "c",
            "start": "2026-01-02T06:00:00Z", "end": "2026-01-02T12:00:00Z"}]})),
        "2026-01-01T09:00:00Z",
        "2026-01-03T09:00:00Z",
    );
    assert_eq!(
        shifts(&c),
        vec![
            row("a", "2026-01-01T09:00:00Z", "2026-01-02T06:00:00Z"),
            row("c", "2026-01-02T06:00:00Z", "2026-01-02T12:00:00Z"),
            row("b", "2026-01-02T12:00:00Z", "2026-01-03T09:00:00Z"),
        ]
    );
    assert_eq!(c.all_shifts()[1].uid, "s/override/ov/c");
    assert_eq!(c.all_shifts()[1].why, "override ov (replace)");
    // b's fragment was cut by the override: its uid carries its start.
    assert_eq!(
        c.all_shifts()[2].uid,
        format!("s/l/1/b@{}", t("2026-01-02T12:00:00Z").timestamp())
    );
    let before = c.oncall(t("2026-01-02T07:00:00Z")).unwrap();
    assert_eq!(before.on_call[0].replaced, ["a"]);
    let after = c.oncall(t("2026-01-02T10:00:00Z")).unwrap();
    assert_eq!(after.on_call[0].replaced, ["b"]);
    let h: Vec<String> = c
        .handoffs(c.window())
        .unwrap()
        .iter()
        .map(|h| z(h.at))
        .collect();
    assert_eq!(h, ["2026-01-02T06:00:00Z", "2026-01-02T12:00:00Z"]);
}

#[test]
fn last_created_override_wins_and_kinds_behave() {
    let c = compile(
        daily_ab(json!({"overrides": [
            {"id": "late", "person": "y", "start": "2026-01-01T12:00:00Z", "end": "2026-01-01T18:00:00Z", "created_at": "2026-01-01T00:00:02Z"},
            {"id": "early", "person": "x", "start": "2026-01-01T10:00:00Z", "end": "2026-01-01T16:00:00Z", "created_at": "2026-01-01T00:00:01Z"},
            {"id": "add", "kind": "add", "person": "z", "start": "2026-01-01T20:00:00Z", "end": "2026-01-01T21:00:00Z"},
            {"id": "rm", "kind": "remove", "person": "a", "start": "2026-01-01T22:00:00Z", "end": "2026-01-01T23:00:00Z"},
            {"id": "noop", "person": "q", "replaces": "b", "start": "2026-01-01T23:00:00Z", "end": "2026-01-02T00:00:00Z"}]})),
        "2026-01-01T09:00:00Z",
        "2026-01-02T09:00:00Z",
    );
    assert_eq!(who(&c, "2026-01-01T11:00:00Z"), ["x"]);
    assert_eq!(who(&c, "2026-01-01T13:00:00Z"), ["y"]); // created later
    assert_eq!(who(&c, "2026-01-01T17:00:00Z"), ["y"]);
    assert_eq!(who(&c, "2026-01-01T20:30:00Z"), ["a", "z"]);
    assert!(who(&c, "2026-01-01T22:30:00Z").is_empty());
    assert_eq!(
        c.gaps(c.window()).unwrap(),
        vec![window("2026-01-01T22:00:00Z", "2026-01-01T23:00:00Z")]
    );
    assert_eq!(who(&c, "2026-01-01T23:30:00Z"), ["a"]); // q replaces b only if b is on call
    assert!(c
        .notices()
        .contains(&Notice::OverrideHadNoEffect { id: "noop".into() }));
}

#[test]
fn temporary_schedule_replaces_layers_and_overrides() {
    let c = compile(
        daily_ab(json!({
            "overrides": [{"id": "ov", "person": "x", "start": "2026-01-01T09:00:00Z", "end": "2026-01-03T09:00:00Z"}],
            "temporary_schedules": [{"id": "freeze", "start": "2026-01-02T00:00:00Z", "end": "2026-01-02T12:00:00Z",
                "shifts": [{"person": "t", "start": "2026-01-01T00:00:00Z", "end": "2026-01-02T06:00:00Z"}]}]})),
        "2026-01-01T09:00:00Z",
        "2026-01-03T09:00:00Z",
    );
    assert_eq!(who(&c, "2026-01-01T23:00:00Z"), ["x"]);
    assert_eq!(who(&c, "2026-01-02T01:00:00Z"), ["t"]);
    assert!(
        who(&c, "2026-01-02T07:00:00Z").is_empty(),
        "uncovered time in a temporary schedule is a gap"
    );
    assert_eq!(who(&c, "2026-01-02T12:00:00Z"), ["x"]);
    let s = shift_at(&c, "2026-01-02T01:00:00Z");
    assert_eq!(s.why, "temporary schedule freeze, shift 1");
    assert_eq!(
        s.start,
        t("2026-01-02T00:00:00Z"),
        "clipped to the temporary window"
    );
}

#[test]
fn a_temporary_schedule_starting_with_a_gap_ends_the_layers_at_its_start() {
    // The temporary schedule's first shift starts three hours into its window: from the
    // window's start until then nobody is on call, not the layer's person.
    let c = compile(
        daily_ab(json!({
            "temporary_schedules": [{"id": "freeze", "start": "2026-01-02T00:00:00Z", "end": "2026-01-02T12:00:00Z",
                "shifts": [{"person": "t", "start": "2026-01-02T03:00:00Z", "end": "2026-01-02T06:00:00Z"}]}]})),
        "2026-01-01T09:00:00Z",
        "2026-01-03T09:00:00Z",
    );
    assert_eq!(who(&c, "2026-01-01T23:00:00Z"), ["a"]);
    assert!(who(&c, "2026-01-02T01:00:00Z").is_empty());
    assert_eq!(who(&c, "2026-01-02T04:00:00Z"), ["t"]);
    assert_eq!(
        c.gaps(c.window()).unwrap(),
        vec![
            window("2026-01-02T00:00:00Z", "2026-01-02T03:00:00Z"),
            window("2026-01-02T06:00:00Z", "2026-01-02T12:00:00Z")
        ]
    );
}

#[test]
fn overrides_outside_the_window_do_not_shift_the_no_effect_notices() {
    // `past` lies wholly before the window, `after` starts and `before` ends at its edges;
    // `used` changes the window and `noop` does not.
    let c = compile(
        daily_ab(json!({"overrides": [
            {"id": "past", "person": "x", "start": "2025-12-01T00:00:00Z", "end": "2025-12-02T00:00:00Z"},
            {"id": "after", "person": "x", "start": "2026-01-02T09:00:00Z", "end": "2026-01-02T10:00:00Z"},
            {"id": "before", "person": "x", "start": "2026-01-01T08:00:00Z", "end": "2026-01-01T09:00:00Z"},
            {"id": "used", "person": "y", "start": "2026-01-01T10:00:00Z", "end": "2026-01-01T11:00:00Z"},
            {"id": "noop", "person": "q", "replaces": "b", "start": "2026-01-01T12:00:00Z", "end": "2026-01-01T13:00:00Z"}]})),
        "2026-01-01T09:00:00Z",
        "2026-01-02T09:00:00Z",
    );
    assert_eq!(who(&c, "2026-01-01T10:30:00Z"), ["y"]);
    let no_effect: Vec<&Notice> = c
        .notices()
        .iter()
        .filter(|n| matches!(n, Notice::OverrideHadNoEffect { .. }))
        .collect();
    assert_eq!(
        no_effect,
        [&Notice::OverrideHadNoEffect { id: "noop".into() }]
    );
}

// ---------------------------------------------------------------- swaps

#[test]
fn cover_by_turn_follows_an_edit_of_the_handoff_time() {
    let swaps = json!({"swaps": [{"id": "cv", "layer": "l", "turn": 3, "from": "b", "to": "c"}]});
    let c = compile(
        daily_ab(swaps.clone()),
        "2026-01-01T09:00:00Z",
        "2026-01-06T09:00:00Z",
    );
    assert_eq!(who(&c, "2026-01-04T12:00:00Z"), ["c"]);
    assert_eq!(c.swap_reports()[0].status, SwapStatus::Applied);
    let s = shift_at(&c, "2026-01-04T12:00:00Z");
    assert_eq!(s.why, "cover cv: takes b's turn 3 of layer l (every day)");
    assert!(matches!(s.reason, Reason::Swap { turn: 3, .. }));
    // Edit: the handoff moves to 10:00. Turn 3 is now 4 January 10:00 – 5 January 10:00,
    // and the cover follows it.
    let mut v = daily_ab(swaps);
    v["layers"][0]["rotation"]["anchor"] = json!("2026-01-01T10:00");
    let c = compile(v, "2026-01-01T09:00:00Z", "2026-01-06T09:00:00Z");
    assert_eq!(
        shift_at(&c, "2026-01-04T12:00:00Z").start,
        t("2026-01-04T10:00:00Z")
    );
    assert_eq!(shift_at(&c, "2026-01-04T12:00:00Z").person, "c");
    assert_eq!(who(&c, "2026-01-04T09:30:00Z"), ["a"]);
}

/// The report of swap `id`.
fn swap_report<'a>(c: &'a CompiledSchedule, id: &str) -> &'a SwapReport {
    c.swap_reports().iter().find(|r| r.id == id).unwrap()
}

#[test]
fn orphaned_conflicting_partial_and_two_way_swaps() {
    let c = compile(
        daily_ab(json!({"swaps": [
            {"id": "wrong", "layer": "l", "turn": 2, "from": "b", "to": "c"},
            {"id": "gone", "layer": "nope", "turn": 2, "from": "a", "to": "c"},
            {"id": "partial", "layer": "l", "turn_start": "2026-01-03T09:00:00Z", "from": "a", "to": "c",
                "within": {"start": "2026-01-03T12:00:00Z", "end": "2026-01-03T15:00:00Z"}, "created_at": "2026-01-01T00:00:00Z"},
            {"id": "late", "layer": "l", "turn": 2, "from": "a", "to": "d", "created_at": "2026-01-01T00:00:01Z"},
            {"id": "trade", "kind": "swap", "layer": "l", "turn": 0, "from": "a", "with_turn": 1, "to": "b"},
            {"id": "future", "layer": "l", "turn": 400, "from": "a", "to": "c"}]})),
        "2026-01-01T09:00:00Z",
        "2026-01-04T09:00:00Z",
    );
    let status = |id: &str| swap_report(&c, id).status;
    assert_eq!(status("wrong"), SwapStatus::Orphaned);
    assert!(swap_report(&c, "wrong").detail.contains("belongs to a"));
    assert_eq!(status("gone"), SwapStatus::Orphaned);
    assert_eq!(status("partial"), SwapStatus::Applied);
    assert_eq!(status("late"), SwapStatus::Conflict);
    assert_eq!(status("trade"), SwapStatus::Applied);
    assert_eq!(status("future"), SwapStatus::OutsideWindow);
    assert_eq!(who(&c, "2026-01-03T13:00:00Z"), ["c"]);
    assert_eq!(who(&c, "2026-01-03T16:00:00Z"), ["a"]);
    assert_eq!(who(&c, "2026-01-01T12:00:00Z"), ["b"]); // traded
    assert_eq!(who(&c, "2026-01-02T12:00:00Z"), ["a"]);
}

#[test]
fn a_swap_naming_a_turn_that_is_not_there_says_why() {
    // Turn n of daily_ab starts on 1 + n January at 09:00. The window holds turns 2 to 4.
    let swaps = json!({"swaps": [
        {"id": "before", "layer": "l", "turn": 0, "from": "a", "to": "c"},
        {"id": "after", "layer": "l", "turn": 7, "from": "b", "to": "c"}]});
    let report = |v: Value| {
        let c = compile(v, "2026-01-03T09:00:00Z", "2026-01-06T09:00:00Z");
        c.swap_reports()
            .iter()
            .map(|r| (r.id.clone(), r.status, r.detail.clone()))
            .collect::<Vec<_>>()
    };
    let outside = |id: &str, detail: &str| {
        (
            id.to_string(),
            SwapStatus::OutsideWindow,
            detail.to_string(),
        )
    };
    assert_eq!(
        report(daily_ab(swaps.clone())),
        [
            outside("before", "turn 0 lies outside the window (turns 2–4)"),
            outside("after", "turn 7 lies outside the window (turns 2–4)"),
        ]
    );
    // The layer ends on 5 January at 09:00, inside the window: turn 7 will never exist.
    let mut v = daily_ab(swaps.clone());
    v["layers"][0]["end"] = json!("2026-01-05T09:00:00Z");
    assert_eq!(
        report(v),
        [
            outside("before", "turn 0 lies outside the window (turns 2–3)"),
            (
                "after".to_string(),
                SwapStatus::Orphaned,
                "turn 7 does not exist: layer l ends after turn 3".to_string()
            ),
        ]
    );
    // Named by an instant: before the window, at its end (outside: windows are half-open),
    // and at the layer's end inside the window, where no turn is left.
    let mut v = daily_ab(json!({"swaps": [
        {"id": "early", "layer": "l", "turn_start": "2026-01-01T09:00:00Z", "from": "a", "to": "c"},
        {"id": "at_end", "layer": "l", "turn_start": "2026-01-06T09:00:00Z", "from": "a", "to": "c"},
        {"id": "ended", "layer": "l", "turn_start": "2026-01-05T09:00:00Z", "from": "a", "to": "c"}]}));
    assert_eq!(
        report(v.clone()),
        [
            outside("early", "2026-01-01T09:00:00Z lies outside the window"),
            outside("at_end", "2026-01-06T09:00:00Z lies outside the window"),
            (
                "ended".to_string(),
                SwapStatus::Applied,
                "c takes a's turn 4".to_string()
            ),
        ]
    );
    v["layers"][0]["end"] = json!("2026-01-05T09:00:00Z");
    assert_eq!(
        report(v)[2],
        (
            "ended".to_string(),
            SwapStatus::Orphaned,
            "no turn of layer l contains 2026-01-05T09:00:00Z any more (the rotation changed, or it falls in restricted time)".to_string()
        )
    );
    // The layer ended before the window: it has no turns to search.
    let mut v = daily_ab(swaps);
    v["layers"][0]["end"] = json!("2026-01-02T09:00:00Z");
    let r = report(v);
    assert_eq!(r.len(), 2);
    for (_, status, detail) in r {
        assert_eq!(status, SwapStatus::OutsideWindow);
        assert_eq!(detail, "layer l has no turns in the window");
    }
}

#[test]
fn partial_swaps_of_one_turn_conflict_only_where_they_overlap() {
    // Turn 2 (3 January 09:00 to 4 January 09:00) is a's. Parts that only touch are separate.
    let part = |id: &str, to: &str, from: &str, until: &str, created: &str| {
        json!({"id": id, "layer": "l", "turn": 2, "from": "a", "to": to,
            "within": {"start": format!("2026-01-03T{from}:00Z"), "end": format!("2026-01-03T{until}:00Z")},
            "created_at": format!("2026-01-01T00:00:{created}Z")})
    };
    let c = compile(
        daily_ab(json!({"swaps": [
            part("mid", "c", "12:00", "15:00", "00"),
            part("later", "d", "15:00", "18:00", "01"),
            part("earlier", "e", "09:00", "12:00", "02"),
            part("overlap", "f", "14:00", "16:00", "03")]})),
        "2026-01-01T09:00:00Z",
        "2026-01-05T09:00:00Z",
    );
    let reports: Vec<(&str, SwapStatus, &str)> = c
        .swap_reports()
        .iter()
        .map(|r| (r.id.as_str(), r.status, r.detail.as_str()))
        .collect();
    assert_eq!(
        reports,
        [
            ("mid", SwapStatus::Applied, "c takes a's turn 2"),
            ("later", SwapStatus::Applied, "d takes a's turn 2"),
            ("earlier", SwapStatus::Applied, "e takes a's turn 2"),
            (
                "overlap",
                SwapStatus::Conflict,
                "turn 2 was already changed by swap mid"
            ),
        ]
    );
    for (at, person) in [("10", "e"), ("13", "c"), ("16", "d"), ("19", "a")] {
        assert_eq!(
            who(&c, &format!("2026-01-03T{at}:00:00Z")),
            [person],
            "{at}:00"
        );
    }
}

/// Whether `person`'s first shift carries a DST adjustment at its (start, end), if any.
fn dst_ends(c: &CompiledSchedule, person: &str) -> Option<(bool, bool)> {
    let s = c.all_shifts().iter().find(|s| s.person == person).unwrap();
    s.dst.map(|d| (d.start.is_some(), d.end.is_some()))
}

#[test]
fn a_swapped_turn_keeps_the_dst_adjustments_of_its_ends() {
    // Daily 02:30 New York: 8 March 02:30 does not exist, so the handoff moves forward by the
    // gap to 03:30 EDT (07:30Z). Turn 6 (a's) ends there, turn 7 (b's) starts there; both are
    // swapped whole, and a third swap takes only the middle of turn 8.
    let c = compile(
        json!({"id": "s", "zone": "America/New_York", "layers": [{"id": "l", "rotation": {
            "members": ["a", "b"], "anchor": "2026-03-01T02:30", "handoff": {"every": 1, "unit": "days"}}}],
            "swaps": [
                {"id": "s6", "layer": "l", "turn": 6, "from": "a", "to": "c"},
                {"id": "s7", "layer": "l", "turn": 7, "from": "b", "to": "d"},
                {"id": "s8", "layer": "l", "turn": 8, "from": "a", "to": "e",
                 "within": {"start": "2026-03-09T12:00:00Z", "end": "2026-03-09T18:00:00Z"}}]}),
        "2026-03-07T07:30:00Z",
        "2026-03-10T06:30:00Z",
    );
    let dst = |person: &str| dst_ends(&c, person);
    assert_eq!(dst("c"), Some((false, true)));
    assert_eq!(dst("d"), Some((true, false)));
    assert_eq!(dst("e"), None);
}

#[test]
fn a_trade_with_one_turn_outside_the_window_applies_the_half_inside() {
    // a trades turn 0 (1 January) for b's turn 3 (4 January); the window holds turns 2 and 3,
    // so inside it a takes turn 3. A cover of turn 0 is simply outside the window.
    let c = compile(
        daily_ab(json!({"swaps": [
            {"id": "trade", "kind": "swap", "layer": "l", "turn": 0, "from": "a", "with_turn": 3, "to": "b"},
            {"id": "cover", "layer": "l", "turn": 0, "from": "a", "to": "c"}]})),
        "2026-01-03T09:00:00Z",
        "2026-01-05T09:00:00Z",
    );
    let status = |id: &str| swap_report(&c, id).status;
    assert_eq!(status("trade"), SwapStatus::Applied);
    assert_eq!(
        swap_report(&c, "trade").detail,
        "a takes b's turn 3; the other occurrence lies outside the window"
    );
    assert_eq!(status("cover"), SwapStatus::OutsideWindow);
    assert_eq!(who(&c, "2026-01-04T12:00:00Z"), ["a"]);
    assert_eq!(who(&c, "2026-01-03T12:00:00Z"), ["a"]);
}

#[test]
fn roster_edit_orphans_a_swap_bound_to_the_old_owner() {
    let mut v =
        daily_ab(json!({"swaps": [{"id": "cv", "layer": "l", "turn": 5, "from": "b", "to": "c"}]}));
    v["layers"][0]["rotation"]["members"] = json!(["b", "a"]);
    let c = compile(v, "2026-01-01T09:00:00Z", "2026-01-08T09:00:00Z");
    assert_eq!(c.swap_reports()[0].status, SwapStatus::Orphaned);
    assert_eq!(who(&c, "2026-01-06T12:00:00Z"), ["a"]);
}

// ---------------------------------------------------------------- roster changes

fn roster(rollout: &str, keep: bool) -> Value {
    json!({"id": "s", "zone": "UTC", "layers": [{"id": "l", "rotation": {
        "members": ["a", "b", "c"], "anchor": "2026-01-01", "handoff": {"every": 1, "unit": "days"},
        "roster_changes": [{"effective": "2026-01-10T12:00:00Z", "members": ["a", "c"],
            "rollout": rollout, "keep_current_on_call": keep}]}}]})
}

fn days(c: &CompiledSchedule) -> Vec<String> {
    c.all_shifts()
        .iter()
        .map(|s| format!("{}:{}", s.start.format("%d %H"), s.person))
        .collect()
}

#[test]
fn a_swap_of_a_turn_split_by_a_roster_change_moves_only_its_owners_part() {
    // Turn 9 (10 January) is a's until b is removed at noon, then c's (9 mod 2 = 1).
    let mut v = roster("immediately", false);
    v["swaps"] = json!([{"id": "sw", "layer": "l", "turn": 9, "from": "a", "to": "d"}]);
    let c = compile(v, "2026-01-10T00:00:00Z", "2026-01-11T00:00:00Z");
    assert_eq!(c.swap_reports()[0].status, SwapStatus::Applied);
    assert_eq!(days(&c), ["10 00:d", "10 12:c"]);
}

#[test]
fn a_cover_for_a_turn_split_by_a_roster_change_comes_from_the_roster_of_its_part() {
    // Turn 9 (10 January) is a's until b is removed at noon, then c's. a is off that day:
    // under `skip`, the next member after a in the morning's roster is b, still a member.
    let mut v = roster("immediately", false);
    v["time_off_policy"] = json!({"mode": "skip"});
    v["people"] = json!([{"id": "a", "time_off": [{"name": "Leave", "from": "2026-01-10", "to": "2026-01-10"}]}]);
    let c = compile(v, "2026-01-10T00:00:00Z", "2026-01-11T00:00:00Z");
    assert_eq!(days(&c), ["10 00:b", "10 12:c"]);
}

#[test]
fn roster_changes_under_active_time_counting_are_placed_among_the_numbered_turns() {
    // Weekdays only, turns counted by active time: Monday 5 January is turn 0 (a), Tuesday
    // 1 (b), ... Friday 9 January 4 (b); the weekend is unnumbered; Monday 12 January is 5.
    // Turn k of a list goes to member k mod n. All four changes are placed in one walk.
    let v = json!({"id": "s", "zone": "UTC", "layers": [{"id": "l",
        "restrictions": [{"days": ["mon", "tue", "wed", "thu", "fri"], "start": "00:00", "end": "00:00"}],
        "rotation": {"members": ["a", "b", "c"], "anchor": "2026-01-05",
            "handoff": {"every": 1, "unit": "days"}, "turn_counting": "active_time",
            "roster_changes": [
                // Inside turn 1: the new list takes turn 2 on (2 mod 2 = 0: d).
                {"effective": "2026-01-06T12:00:00Z", "members": ["d", "e"], "rollout": "after_current_shift"},
                // On Saturday, inside no numbered turn: from turn 5 (5 mod 3 = 2: h).
                {"effective": "2026-01-10T12:00:00Z", "members": ["f", "g", "h"], "rollout": "immediately"},
                // Exactly when turn 8 starts: turn 8 is already the new list's (x).
                {"effective": "2026-01-15T00:00:00Z", "members": ["x", "y"], "rollout": "after_current_shift"},
                // Exactly when turn 10 starts, immediately: the whole turn is p's.
                {"effective": "2026-01-19T00:00:00Z", "members": ["p", "q"], "rollout": "immediately"}]}}]});
    let c = compile(v, "2026-01-05T00:00:00Z", "2026-01-20T00:00:00Z");
    assert_eq!(
        days(&c),
        [
            "05 00:a", "06 00:b", "07 00:d", "08 00:e", "09 00:d", "12 00:h", "13 00:f", "14 00:g",
            "15 00:x", "16 00:y", "19 00:p"
        ]
    );
}

#[test]
fn an_immediate_change_cuts_only_the_restricted_part_it_falls_in() {
    // A weekly turn (a's, turn 0) active 09:00-17:00 each day; from Wednesday the list is
    // c, d (turn 0 → c, turn 1 → d). At 12:00 Wednesday's part is cut in two and no other
    // part is; at 09:00, exactly when a part starts, nothing is cut at all.
    let v = |at: &str| {
        json!({"id": "s", "zone": "UTC", "layers": [{"id": "l",
            "restrictions": [{"start": "09:00", "end": "17:00"}],
            "rotation": {"members": ["a", "b"], "anchor": "2026-01-05",
                "handoff": {"every": 1, "unit": "weeks"},
                "roster_changes": [{"effective": at, "members": ["c", "d"], "rollout": "immediately"}]}}]})
    };
    let ends = |c: &CompiledSchedule| -> Vec<String> {
        c.all_shifts()
            .iter()
            .map(|s| {
                format!(
                    "{}-{}:{}",
                    s.start.format("%d %H"),
                    s.end.format("%d %H"),
                    s.person
                )
            })
            .collect()
    };
    let w = ("2026-01-05T00:00:00Z", "2026-01-13T00:00:00Z");
    assert_eq!(
        ends(&compile(v("2026-01-07T12:00:00Z"), w.0, w.1)),
        [
            "05 09-05 17:a",
            "06 09-06 17:a",
            "07 09-07 12:a",
            "07 12-07 17:c",
            "08 09-08 17:c",
            "09 09-09 17:c",
            "10 09-10 17:c",
            "11 09-11 17:c",
            "12 09-12 17:d"
        ]
    );
    assert_eq!(
        ends(&compile(v("2026-01-07T09:00:00Z"), w.0, w.1)),
        [
            "05 09-05 17:a",
            "06 09-06 17:a",
            "07 09-07 17:c",
            "08 09-08 17:c",
            "09 09-09 17:c",
            "10 09-10 17:c",
            "11 09-11 17:c",
            "12 09-12 17:d"
        ]
    );
}

#[test]
fn overlapping_restriction_windows_are_one_active_stretch() {
    // 09:00-13:00, 10:00-11:00 (inside it) and 12:00-17:00 (overlapping it): active 09:00-17:00.
    let v = json!({"id": "s", "zone": "UTC", "layers": [{"id": "l",
        "restrictions": [{"start": "12:00", "end": "17:00"}, {"start": "09:00", "end": "13:00"},
                         {"start": "10:00", "end": "11:00"}],
        "rotation": {"members": ["a", "b"], "anchor": "2026-01-05", "handoff": {"every": 1, "unit": "days"}}}]});
    let c = compile(v, "2026-01-05T00:00:00Z", "2026-01-07T00:00:00Z");
    let expected = [
        row("a", "2026-01-05T09:00:00Z", "2026-01-05T17:00:00Z"),
        row("b", "2026-01-06T09:00:00Z", "2026-01-06T17:00:00Z"),
    ];
    assert_eq!(shifts(&c), expected);
    let own = c.layer_shifts("l", c.window()).unwrap();
    assert_eq!(rows(own), expected);
}

#[test]
fn the_per_shift_accessors_agree_with_the_explained_shifts() {
    let v = one_layer(
        "America/New_York",
        &["a", "b"],
        "2026-03-01T02:30",
        json!({"every": 1, "unit": "days"}),
        "compatible",
    );
    let c = compile(v, "2026-03-07T00:00:00Z", "2026-03-10T00:00:00Z");
    let all = c.all_shifts();
    assert!(all.iter().any(|s| s.dst.is_some()) && all.iter().any(|s| s.dst.is_none()));
    for (i, s) in all.iter().enumerate() {
        assert_eq!(c.shift_uid(i).as_deref(), Some(s.uid.as_str()));
        assert_eq!(c.shift_dst(i), s.dst);
        assert_eq!(c.shift_reason(i), Some((s.reason.clone(), s.why.clone())));
    }
    assert_eq!(c.shift_uid(all.len()), None);
    assert_eq!(c.shift_dst(all.len()), None);
}

#[test]
fn a_handoff_names_only_the_layers_that_changed_hands() {
    // A daily layer hands off at 09:00; a weekly one, on at the same time, does not.
    let v = json!({"id": "s", "zone": "UTC", "layers": [
        {"id": "day", "combine": "union", "rotation": {"members": ["a", "b"], "anchor": "2026-01-04T09:00",
            "handoff": {"every": 1, "unit": "days"}}},
        {"id": "week", "combine": "union", "rotation": {"members": ["c"], "anchor": "2026-01-05T00:00",
            "handoff": {"every": 1, "unit": "weeks"}}}]});
    let c = compile(v, "2026-01-05T00:00:00Z", "2026-01-08T00:00:00Z");
    let h: Vec<String> = c
        .handoffs(c.window())
        .unwrap()
        .iter()
        .map(|h| format!("{} {:?}->{:?} {:?}", z(h.at), h.from, h.to, h.layers))
        .collect();
    assert_eq!(
        h,
        [
            r#"2026-01-05T09:00:00Z ["a", "c"]->["b", "c"] ["day"]"#,
            r#"2026-01-06T09:00:00Z ["b", "c"]->["a", "c"] ["day"]"#,
            r#"2026-01-07T09:00:00Z ["a", "c"]->["b", "c"] ["day"]"#,
        ]
    );
}

#[test]
fn member_removed_mid_rotation_with_each_rollout() {
    let w = ("2026-01-10T00:00:00Z", "2026-01-14T00:00:00Z");
    // Turn 9 (10 January) is a's (9 mod 3 = 0); b is removed at noon.
    assert_eq!(
        days(&compile(roster("immediately", false), w.0, w.1)),
        ["10 00:a", "10 12:c", "11 00:a", "12 00:c", "13 00:a"]
    );
    assert_eq!(
        days(&compile(roster("after_current_shift", false), w.0, w.1)),
        ["10 00:a", "11 00:a", "12 00:c", "13 00:a"]
    );
    assert_eq!(
        days(&compile(roster("after_full_rotation", false), w.0, w.1)),
        ["10 00:a", "11 00:b", "12 00:c", "13 00:a"]
    );
    assert_eq!(
        days(&compile(roster("immediately", true), w.0, w.1)),
        ["10 00:a", "11 00:c", "12 00:a", "13 00:c"]
    );
    let c = compile(roster("immediately", false), w.0, w.1);
    assert!(shift_at(&c, "2026-01-10T13:00:00Z")
        .why
        .contains("roster change 0"));
}

// ---------------------------------------------------------------- monthly

#[test]
fn monthly_rotation_from_the_31st_clamps_to_month_end() {
    let c = compile(
        one_layer(
            "Europe/London",
            &["a", "b", "c"],
            "2026-01-31T09:00",
            json!({"every": 1, "unit": "months"}),
            "compatible",
        ),
        "2026-01-31T09:00:00Z",
        "2026-05-31T08:00:00Z",
    );
    assert_eq!(
        shifts(&c),
        vec![
            row("a", "2026-01-31T09:00:00Z", "2026-02-28T09:00:00Z"),
            row("b", "2026-02-28T09:00:00Z", "2026-03-31T08:00:00Z"), // 31 March is BST
            row("c", "2026-03-31T08:00:00Z", "2026-04-30T08:00:00Z"),
            row("a", "2026-04-30T08:00:00Z", "2026-05-31T08:00:00Z"),
        ]
    );
    // 2028 is a leap year: February's handoff is on the 29th.
    let c = compile(
        one_layer(
            "UTC",
            &["a", "b"],
            "2028-01-31T09:00",
            json!({"every": 1, "unit": "months"}),
            "compatible",
        ),
        "2028-02-01T00:00:00Z",
        "2028-03-01T00:00:00Z",
    );
    assert_eq!(
        z(c.handoffs(c.window()).unwrap()[0].at),
        "2028-02-29T09:00:00Z"
    );
}

#[test]
fn two_two_three_pattern() {
    let c = compile(
        json!({"id": "s", "zone": "UTC", "layers": [{"id": "l", "rotation": {
            "members": ["a", "b"], "anchor": "2026-01-05T07:00",
            "handoff": {"handovers": ["P2D", "P2D", "P3D"]}}}]}),
        "2026-01-05T07:00:00Z",
        "2026-01-19T07:00:00Z",
    );
    assert_eq!(
        days(&c),
        ["05 07:a", "07 07:b", "09 07:a", "12 07:b", "14 07:a", "16 07:b"]
    );
}

// ---------------------------------------------------------------- shadows and time off

#[test]
fn shadows_are_paged_alongside_but_never_coverage() {
    let c = compile(
        json!({"id": "s", "zone": "UTC",
            "shadows": [{"person": "trainee", "shadows": "a"}],
            "layers": [
                {"id": "l", "rotation": {"members": ["a", "b"], "anchor": "2026-01-01", "handoff": {"every": 1, "unit": "days"}}},
                {"id": "sh", "shadow": true, "start": "2026-01-02T06:00:00Z",
                 "rotation": {"members": ["new"], "anchor": "2026-01-01", "handoff": {"every": 1, "unit": "days"}}}],
            "overrides": [{"id": "rm", "kind": "remove", "person": "b", "start": "2026-01-02T00:00:00Z", "end": "2026-01-02T12:00:00Z"}]}),
        "2026-01-01T00:00:00Z",
        "2026-01-03T00:00:00Z",
    );
    let now = c.oncall(t("2026-01-01T12:00:00Z")).unwrap();
    assert_eq!(now.on_call.len(), 1);
    assert_eq!(now.shadows[0].person, "trainee");
    assert_eq!(now.shadows[0].why, "shadowing a");
    // A gap with a shadow layer on duty is still a gap.
    let gap = c.oncall(t("2026-01-02T08:00:00Z")).unwrap();
    assert!(gap.gap);
    assert_eq!(gap.shadows[0].person, "new");
    assert_eq!(
        c.gaps(c.window()).unwrap(),
        vec![window("2026-01-02T00:00:00Z", "2026-01-02T12:00:00Z")]
    );
    assert!(c.all_shifts().iter().all(|s| !s.shadow));
    let shadows = c.shadow_shifts(c.window()).unwrap();
    assert!(shadows.iter().any(|s| s.person == "trainee"));
    assert!(shadows.iter().all(|s| s.shadow));
    // One shadow shift at a time, explained the same way.
    for (i, s) in shadows.iter().enumerate() {
        assert_eq!(c.shadow_shift(i).as_ref(), Some(*s));
    }
    assert_eq!(c.shadow_shift(shadows.len()), None);
    // Fairness counts the members of layers that page: not the shadow layer's "new".
    let totals = c.totals(c.window(), &FairnessSettings::default()).unwrap();
    let people: Vec<&str> = totals.iter().map(|t| t.person.as_str()).collect();
    assert_eq!(people, ["a", "b"]);
}

#[test]
fn a_shadow_with_its_own_window_starts_and_ends_inside_a_shift() {
    // a is on call all of 1 January; the trainee shadows a from 06:00 to 10:00 only.
    let c = compile(
        json!({"id": "s", "zone": "UTC",
            "shadows": [{"person": "trainee", "shadows": "a",
                         "start": "2026-01-01T06:00:00Z", "end": "2026-01-01T10:00:00Z"}],
            "layers": [{"id": "l", "rotation": {"members": ["a", "b"], "anchor": "2026-01-01",
                "handoff": {"every": 1, "unit": "days"}}}]}),
        "2026-01-01T00:00:00Z",
        "2026-01-03T00:00:00Z",
    );
    assert_eq!(
        rows(c.shadow_shifts(c.window()).unwrap()),
        [row(
            "trainee",
            "2026-01-01T06:00:00Z",
            "2026-01-01T10:00:00Z"
        )]
    );
    assert!(c
        .oncall(t("2026-01-01T05:00:00Z"))
        .unwrap()
        .shadows
        .is_empty());
    assert_eq!(
        shifts(&c),
        [
            row("a", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"),
            row("b", "2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z")
        ]
    );
}

#[test]
fn a_person_in_several_layers_at_once_is_on_call_once_and_keeps_the_others() {
    // a is in the base layer and in a union layer; c in another union layer between them.
    // Two shadow layers are on duty together; t1 shadows a and t2 shadows b.
    let daily = |m: &[&str]| json!({"members": m, "anchor": "2026-01-01", "handoff": {"every": 1, "unit": "days"}});
    let c = compile(
        json!({"id": "s", "zone": "UTC",
            "shadows": [{"person": "t1", "shadows": "a"}, {"person": "t2", "shadows": "c"}],
            "layers": [
                {"id": "base", "rotation": daily(&["a"])},
                {"id": "u1", "combine": "union", "rotation": daily(&["c"])},
                {"id": "u2", "combine": "union", "rotation": daily(&["a"])},
                {"id": "s1", "shadow": true, "rotation": daily(&["n1"])},
                {"id": "s2", "shadow": true, "rotation": daily(&["n2"])}]}),
        "2026-01-01T00:00:00Z",
        "2026-01-02T00:00:00Z",
    );
    let now = c.oncall(t("2026-01-01T12:00:00Z")).unwrap();
    let mut on: Vec<&str> = now.on_call.iter().map(|e| e.person.as_str()).collect();
    on.sort_unstable();
    assert_eq!(on, ["a", "c"]);
    let mut shadows: Vec<&str> = now.shadows.iter().map(|e| e.person.as_str()).collect();
    shadows.sort_unstable();
    assert_eq!(shadows, ["n1", "n2", "t1", "t2"]);
}

#[test]
fn overlapping_shifts_of_a_temporary_schedule_put_each_person_on_call_once() {
    let c = compile(
        daily_ab(json!({
            "temporary_schedules": [{"id": "freeze", "start": "2026-01-02T00:00:00Z", "end": "2026-01-02T12:00:00Z",
                "shifts": [{"person": "x", "start": "2026-01-02T00:00:00Z", "end": "2026-01-02T12:00:00Z"},
                           {"person": "y", "start": "2026-01-02T02:00:00Z", "end": "2026-01-02T06:00:00Z"},
                           {"person": "x", "start": "2026-01-02T04:00:00Z", "end": "2026-01-02T08:00:00Z"}]}]})),
        "2026-01-01T09:00:00Z",
        "2026-01-03T09:00:00Z",
    );
    let mut on = who(&c, "2026-01-02T05:00:00Z");
    on.sort_unstable();
    assert_eq!(on, ["x", "y"]);
    assert_eq!(who(&c, "2026-01-02T07:00:00Z"), ["x"]);
}

fn with_time_off(mode: &str) -> Value {
    json!({"id": "s", "zone": "Europe/London",
        "time_off_policy": {"mode": mode, "backup": "farid"},
        "people": [
            {"id": "a", "zone": "Europe/London", "holidays": [{"name": "Christmas Day", "rrule": "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25"}]},
            {"id": "b", "zone": "Asia/Kolkata", "time_off": [{"name": "Leave", "from": "2026-12-24", "to": "2026-12-26"}]},
            {"id": "farid", "zone": "America/Los_Angeles"}],
        "layers": [{"id": "l", "rotation": {"members": ["a", "b", "c"], "anchor": "2026-12-21T00:00",
            "handoff": {"every": 1, "unit": "days"}}}]})
}

#[test]
fn a_shift_lists_only_the_time_off_that_overlaps_it() {
    // Five days of leave with a doctor's day inside them: the doctor's day ends exactly where
    // a's next turn starts, so that turn lists the leave alone.
    let c = compile(
        json!({"id": "s", "zone": "UTC", "time_off_policy": {"mode": "flag"},
            "people": [{"id": "a", "zone": "UTC", "time_off": [
                {"name": "Leave", "from": "2026-01-01", "to": "2026-01-05"},
                {"name": "Doctor", "from": "2026-01-02", "to": "2026-01-02"}]}],
            "layers": [{"id": "l", "rotation": {"members": ["a", "c"], "anchor": "2026-01-01",
                "handoff": {"every": 1, "unit": "days"}}}]}),
        "2026-01-01T00:00:00Z",
        "2026-01-04T00:00:00Z",
    );
    assert_eq!(shift_at(&c, "2026-01-01T12:00:00Z").time_off, ["Leave"]);
    assert_eq!(shift_at(&c, "2026-01-03T12:00:00Z").time_off, ["Leave"]);
}

#[test]
fn time_off_flag_skip_and_reassign() {
    let w = ("2026-12-24T00:00:00Z", "2026-12-27T00:00:00Z");
    // 24th: turn 3 → a; 25th: turn 4 → b; 26th: turn 5 → c (London = UTC in December).
    let c = compile(with_time_off("flag"), w.0, w.1);
    assert_eq!(days(&c), ["24 00:a", "25 00:b", "26 00:c"]);
    let conflicts: Vec<(String, String)> = c
        .time_off_conflicts()
        .iter()
        .map(|x| (x.person.clone(), x.time_off.clone()))
        .collect();
    // b's leave runs 24-26 December in Kolkata (23 Dec 18:30Z to 26 Dec 18:30Z): all of
    // b's turn on the 25th conflicts. a works Christmas Eve, not Christmas Day.
    assert_eq!(conflicts, [("b".to_string(), "Leave".to_string())]);
    assert_eq!(shift_at(&c, "2026-12-25T12:00:00Z").time_off, ["Leave"]);

    // skip: the next free member after b is c.
    let c = compile(with_time_off("skip"), w.0, w.1);
    assert_eq!(who(&c, "2026-12-25T12:00:00Z"), ["c"]);
    assert!(c.time_off_conflicts().is_empty());
    let s = shift_at(&c, "2026-12-25T12:00:00Z");
    assert_eq!(s.why, "b is off (Leave); the skip policy gives the next free member turn 4 of layer l (every day)");
    // reassign: the backup.
    let c = compile(with_time_off("reassign"), w.0, w.1);
    assert_eq!(who(&c, "2026-12-25T12:00:00Z"), ["farid"]);
}

#[test]
fn a_cover_who_is_off_too_covers_only_where_free_and_the_next_member_takes_the_rest() {
    // b is off all of 2 January (UTC). Under `skip`, c comes next, but c's day off is
    // 2 January in Kolkata, 1 Jan 18:30Z to 2 Jan 18:30Z: c covers from 18:30Z, and a, the
    // member after c, the part before.
    let c = compile(
        json!({"id": "s", "zone": "UTC", "time_off_policy": {"mode": "skip"},
            "people": [
                {"id": "b", "zone": "UTC", "time_off": [{"name": "Leave", "from": "2026-01-02", "to": "2026-01-02"}]},
                {"id": "c", "zone": "Asia/Kolkata", "time_off": [{"name": "Festival", "from": "2026-01-02", "to": "2026-01-02"}]}],
            "layers": [{"id": "l", "rotation": {"members": ["a", "b", "c"], "anchor": "2026-01-01",
                "handoff": {"every": 1, "unit": "days"}}}]}),
        "2026-01-02T00:00:00Z",
        "2026-01-03T00:00:00Z",
    );
    assert_eq!(who(&c, "2026-01-02T00:00:00Z"), ["a"]);
    assert_eq!(who(&c, "2026-01-02T18:29:59Z"), ["a"]);
    assert_eq!(who(&c, "2026-01-02T18:30:00Z"), ["c"]);
    assert_eq!(who(&c, "2026-01-02T23:59:59Z"), ["c"]);
    assert!(c.time_off_conflicts().is_empty());
}

#[test]
fn a_backup_covers_only_the_part_of_a_turn_its_owner_is_off() {
    // Daily turns in UTC. b's day off is 2 January in Kolkata (1 Jan 18:30Z to 2 Jan 18:30Z):
    // x covers the start of b's turn and b keeps the rest. a's is 4 January in Los Angeles
    // (from 4 Jan 08:00Z): a keeps the start of the turn and y covers the rest.
    let c = compile(
        json!({"id": "s", "zone": "UTC", "time_off_policy": {"mode": "reassign", "backup": "z"},
            "people": [
                {"id": "a", "zone": "America/Los_Angeles", "backup": "y", "time_off": [{"name": "Trip", "from": "2026-01-04", "to": "2026-01-04"}]},
                {"id": "b", "zone": "Asia/Kolkata", "backup": "x", "time_off": [{"name": "Festival", "from": "2026-01-02", "to": "2026-01-02"}]}],
            "layers": [{"id": "l", "rotation": {"members": ["a", "b", "c"], "anchor": "2026-01-01",
                "handoff": {"every": 1, "unit": "days"}}}]}),
        "2026-01-02T00:00:00Z",
        "2026-01-05T00:00:00Z",
    );
    assert_eq!(who(&c, "2026-01-02T00:00:00Z"), ["x"]);
    assert_eq!(who(&c, "2026-01-02T18:29:59Z"), ["x"]);
    assert_eq!(who(&c, "2026-01-02T18:30:00Z"), ["b"]);
    assert_eq!(who(&c, "2026-01-04T07:59:59Z"), ["a"]);
    assert_eq!(who(&c, "2026-01-04T08:00:00Z"), ["y"]);
    assert_eq!(who(&c, "2026-01-04T23:59:59Z"), ["y"]);
    // The layer's own pieces are split the same way.
    let mut layer = rows(c.layer_shifts("l", c.window()).unwrap());
    layer.sort_unstable();
    assert_eq!(
        layer,
        [
            row("a", "2026-01-04T00:00:00Z", "2026-01-04T08:00:00Z"),
            row("b", "2026-01-02T18:30:00Z", "2026-01-03T00:00:00Z"),
            row("c", "2026-01-03T00:00:00Z", "2026-01-04T00:00:00Z"),
            row("x", "2026-01-02T00:00:00Z", "2026-01-02T18:30:00Z"),
            row("y", "2026-01-04T08:00:00Z", "2026-01-05T00:00:00Z"),
        ]
    );
}

#[test]
fn a_backup_taking_a_whole_turn_keeps_the_dst_adjustments_of_its_ends() {
    // Daily 02:30 New York: 8 March 02:30 does not exist, so the handoff moves to 03:30 EDT
    // (07:30Z). a's turn 6 ends there and b's turn 7 starts there; both are off for the whole
    // of their turns, and their backups take the turns with the adjusted ends.
    let c = compile(
        json!({"id": "s", "zone": "America/New_York", "time_off_policy": {"mode": "reassign", "backup": "z"},
            "people": [
                {"id": "a", "zone": "America/New_York", "backup": "c", "time_off": [{"name": "Leave", "from": "2026-03-07", "to": "2026-03-08"}]},
                {"id": "b", "zone": "America/New_York", "backup": "d", "time_off": [{"name": "Leave", "from": "2026-03-08", "to": "2026-03-09"}]}],
            "layers": [{"id": "l", "rotation": {
            "members": ["a", "b"], "anchor": "2026-03-01T02:30", "handoff": {"every": 1, "unit": "days"}}}]}),
        "2026-03-07T07:30:00Z",
        "2026-03-09T06:30:00Z",
    );
    let dst = |person: &str| dst_ends(&c, person);
    assert_eq!(dst("c"), Some((false, true)));
    assert_eq!(dst("d"), Some((true, false)));
}

#[test]
fn each_covered_part_of_a_turn_names_the_time_off_that_caused_it() {
    // Weekly turns; b's week (12-19 January) holds a dentist's day and, apart from it, two
    // days of leave. Each part a covers says which one it is for.
    let c = compile(
        json!({"id": "s", "zone": "UTC", "time_off_policy": {"mode": "skip"},
            "people": [{"id": "b", "time_off": [
                {"name": "Dentist", "from": "2026-01-13", "to": "2026-01-13"},
                {"name": "Leave", "from": "2026-01-15", "to": "2026-01-16"}]}],
            "layers": [{"id": "l", "rotation": {"members": ["a", "b"], "anchor": "2026-01-05",
                "handoff": {"every": 1, "unit": "weeks"}}}]}),
        "2026-01-12T00:00:00Z",
        "2026-01-19T00:00:00Z",
    );
    assert!(shift_at(&c, "2026-01-13T12:00:00Z")
        .why
        .starts_with("b is off (Dentist)"));
    assert!(shift_at(&c, "2026-01-15T12:00:00Z")
        .why
        .starts_with("b is off (Leave)"));
    assert_eq!(who(&c, "2026-01-14T12:00:00Z"), ["b"]);
}

#[test]
fn totals_are_read_in_each_persons_own_zone() {
    let c = compile(
        with_time_off("flag"),
        "2026-12-21T00:00:00Z",
        "2026-12-28T00:00:00Z",
    );
    let totals = c.totals(c.window(), &FairnessSettings::default()).unwrap();
    let b = totals.iter().find(|x| x.person == "b").unwrap();
    // b (Kolkata, +05:30) has 22 and 25 December 00:00-24:00 UTC = 05:30-05:30 IST.
    // Nights 22:00-08:00 IST: 05:30-08:00 (2.5 h) + 22:00-05:30 (7.5 h) per day = 20 h.
    assert_eq!(b.hours, 48.0);
    assert_eq!(b.night_hours, 20.0);
    assert_eq!(b.zone.name(), "Asia/Kolkata");
    let a = totals.iter().find(|x| x.person == "a").unwrap();
    // a: 21, 24 and 27 December (Mon, Thu, Sun) in London; Sunday is the only weekend day
    // and Christmas Day is not a's.
    assert_eq!(a.hours, 72.0);
    assert_eq!(a.weekend_hours, 24.0);
    assert_eq!(a.weekend_days, 1);
    assert_eq!(a.holiday_hours, 0.0);
    let cc = totals.iter().find(|x| x.person == "c").unwrap();
    // c: 23 (Wed) and 26 (Sat) December; Saturday is a weekend day.
    assert_eq!(cc.weekend_hours, 24.0);
    assert_eq!(cc.weekend_days, 1);
    // Make a work Christmas Day: holiday hours count on a's own calendar.
    let mut v = with_time_off("flag");
    v["layers"][0]["rotation"]["anchor"] = json!("2026-12-22T00:00");
    let c = compile(v, "2026-12-21T00:00:00Z", "2026-12-28T00:00:00Z");
    let ledger = c
        .fairness(c.window(), &FairnessSettings::default())
        .unwrap();
    let a = ledger.rows.iter().find(|r| r.totals.person == "a").unwrap();
    assert_eq!(a.totals.holiday_hours, 24.0);
    assert_eq!(a.totals.holidays, 1);
    // a: 22 and 25 December: 48 h + 20 night h × 0.5 + 24 holiday h × 2 = 106.
    // b: 23 and 26 December (Saturday in Kolkata from 05:30, Sunday until 05:30):
    // 48 + 10 + 24 weekend = 82; c: 24 and 27 (Sunday) December: 48 + 10 + 24 = 82.
    let points: Vec<(String, f64)> = ledger
        .rows
        .iter()
        .map(|r| (r.totals.person.clone(), r.points))
        .collect();
    assert_eq!(
        points,
        [
            ("a".to_string(), 106.0),
            ("b".to_string(), 82.0),
            ("c".to_string(), 82.0)
        ]
    );
    assert_eq!(ledger.fair_share, 90.0);
    assert_eq!(ledger.rows[0].over_fair_share, 16.0);
    assert_eq!(ledger.spread, 24.0);
}

// ---------------------------------------------------------------- reports

#[test]
fn diff_names_who_loses_and_gains_time() {
    let before = schedule(daily_ab(json!({})));
    let after = schedule(daily_ab(json!({"overrides": [{"id": "x", "person": "b",
        "start": "2026-01-03T09:00:00Z", "end": "2026-01-04T09:00:00Z"}]})));
    let w = window("2026-01-01T09:00:00Z", "2026-01-06T09:00:00Z");
    let d = diff(&before.compile(w).unwrap(), &after.compile(w).unwrap()).unwrap();
    assert!(!d.unchanged);
    assert_eq!(d.changes.len(), 1);
    assert_eq!(d.changes[0].removed, ["a"]);
    assert_eq!(d.changes[0].added, ["b"]);
    assert_eq!(d.hours_delta["a"], -24.0);
    assert_eq!(d.hours_delta["b"], 24.0);
    let same = diff(&before.compile(w).unwrap(), &before.compile(w).unwrap()).unwrap();
    assert!(same.unchanged);
}

/// The changes of a diff: (start, end, before, after).
fn changes(before: Value, after: Value, a: &str, b: &str) -> Vec<(String, String, String, String)> {
    let w = window(a, b);
    let d = diff(
        &schedule(before).compile(w).unwrap(),
        &schedule(after).compile(w).unwrap(),
    )
    .unwrap();
    d.changes
        .iter()
        .map(|c| (z(c.start), z(c.end), c.before.join("+"), c.after.join("+")))
        .collect()
}

#[test]
fn a_diff_joins_a_change_only_to_the_same_change_just_before_it() {
    let w = ("2026-01-01T09:00:00Z", "2026-01-05T09:00:00Z");
    let ov =
        |id: &str, p: &str, a: &str, b: &str| json!({"id": id, "person": p, "start": a, "end": b});
    // c takes a's and b's turns: two changes back to back, one for each person replaced.
    let c_two_days = daily_ab(
        json!({"overrides": [ov("x", "c", "2026-01-01T09:00:00Z", "2026-01-03T09:00:00Z")]}),
    );
    assert_eq!(
        changes(daily_ab(json!({})), c_two_days, w.0, w.1),
        [
            row4("2026-01-01T09:00:00Z", "2026-01-02T09:00:00Z", "a", "c"),
            row4("2026-01-02T09:00:00Z", "2026-01-03T09:00:00Z", "b", "c"),
        ]
    );
    // A shadow joining at noon splits both versions' timelines inside the one change (b → c);
    // the change stays whole.
    let shadow = json!({"id": "sh", "shadow": true, "start": "2026-01-02T12:00:00Z",
        "rotation": {"members": ["x"], "anchor": "2026-01-01T09:00", "handoff": {"every": 1, "unit": "days"}}});
    let mut before = daily_ab(json!({}));
    before["layers"]
        .as_array_mut()
        .unwrap()
        .push(shadow.clone());
    let mut after = daily_ab(
        json!({"overrides": [ov("y", "c", "2026-01-02T09:00:00Z", "2026-01-03T09:00:00Z")]}),
    );
    after["layers"].as_array_mut().unwrap().push(shadow);
    assert_eq!(
        changes(before, after, w.0, w.1),
        [row4(
            "2026-01-02T09:00:00Z",
            "2026-01-03T09:00:00Z",
            "b",
            "c"
        )]
    );
    // The same change twice with an unchanged hour between (d's override in both versions):
    // two changes, not one across the hour.
    let d_hour = ov("d", "d", "2026-01-02T12:00:00Z", "2026-01-02T13:00:00Z");
    let before = daily_ab(json!({"overrides": [d_hour.clone()]}));
    let after = daily_ab(json!({"overrides": [
        ov("y", "c", "2026-01-02T09:00:00Z", "2026-01-03T09:00:00Z"), d_hour]}));
    assert_eq!(
        changes(before, after, w.0, w.1),
        [
            row4("2026-01-02T09:00:00Z", "2026-01-02T12:00:00Z", "b", "c"),
            row4("2026-01-02T13:00:00Z", "2026-01-03T09:00:00Z", "b", "c"),
        ]
    );
}

fn row4(a: &str, b: &str, p: &str, q: &str) -> (String, String, String, String) {
    (a.into(), b.into(), p.into(), q.into())
}

#[test]
fn handoff_report_counts_pages_and_warns_of_gaps() {
    let c = compile(
        daily_ab(
            json!({"overrides": [{"id": "rm", "kind": "remove", "person": "b",
            "start": "2026-01-02T20:00:00Z", "end": "2026-01-02T22:00:00Z"}]}),
        ),
        "2026-01-01T09:00:00Z",
        "2026-01-04T09:00:00Z",
    );
    let incidents = serde_json::from_value::<Vec<watchstander::schedule::Incident>>(json!([
        {"id": "I1", "at": "2026-01-01T10:00:00Z"}, {"id": "I2", "at": "2026-01-02T08:59:59Z"},
        {"id": "I3", "at": "2026-01-02T09:00:00Z"}]))
    .unwrap();
    let r = c
        .handoff_report(t("2026-01-02T09:00:00Z"), &incidents)
        .unwrap();
    assert_eq!(r.outgoing[0].person, "a");
    assert_eq!(r.outgoing[0].pages.len(), 2);
    assert_eq!(r.incoming[0].person, "b");
    assert_eq!(
        r.gaps_ahead,
        vec![window("2026-01-02T20:00:00Z", "2026-01-02T22:00:00Z")]
    );
    assert!(
        r.text[0].starts_with("Handoff Fri 2026-01-02 09:00 (UTC): a → b"),
        "{}",
        r.text[0]
    );
    assert!(r
        .text
        .iter()
        .any(|l| l.starts_with("Gap: nobody is on call")));
    // Asked between handoffs: the next one.
    let r = c.handoff_report(t("2026-01-02T10:00:00Z"), &[]).unwrap();
    assert_eq!(r.at, t("2026-01-02T20:00:00Z"));
    assert!(r.incoming.is_empty());
}

#[test]
fn handoff_report_refuses_instants_outside_the_window_and_bounds_its_gaps() {
    // a's turn ends with a gap 07:00-09:00, b's turn has a gap 20:00-22:00, and a's next turn
    // starts with one at 09:00 on 3 January. The handoff at 09:00 on 2 January looks ahead to
    // the later of the end of b's turn and 24 hours on (both 09:00 on 3 January), so only the
    // gap inside counts: neither the one ending at the handoff nor the one starting at the end.
    let rm = |id: &str, p: &str, a: &str, b: &str| json!({"id": id, "kind": "remove", "person": p, "start": a, "end": b});
    let c = compile(
        daily_ab(json!({"overrides": [
            rm("before", "a", "2026-01-02T07:00:00Z", "2026-01-02T09:00:00Z"),
            rm("inside", "b", "2026-01-02T20:00:00Z", "2026-01-02T22:00:00Z"),
            rm("after", "a", "2026-01-03T09:00:00Z", "2026-01-03T10:00:00Z")]})),
        "2026-01-01T09:00:00Z",
        "2026-01-05T09:00:00Z",
    );
    let r = c.handoff_report(t("2026-01-02T09:00:00Z"), &[]).unwrap();
    assert!(r.outgoing.is_empty(), "{:?}", r.outgoing);
    assert_eq!(r.incoming[0].person, "b");
    assert_eq!(
        r.gaps_ahead,
        vec![window("2026-01-02T20:00:00Z", "2026-01-02T22:00:00Z")]
    );
    for outside in ["2026-01-01T08:59:59Z", "2026-01-05T09:00:01Z"] {
        let e = c.handoff_report(t(outside), &[]).unwrap_err();
        assert_eq!(e.code(), "outside_window", "{outside}");
        assert!(e.to_string().contains(&format!("instant {outside}")), "{e}");
    }
}

#[test]
fn time_off_conflicts_in_a_window_are_those_overlapping_it() {
    let c = compile(
        daily_ab(json!({"people": [{"id": "b", "time_off": [
            {"name": "Dentist", "date": "2026-01-02"}, {"name": "Move", "date": "2026-01-04"}]}]})),
        "2026-01-01T09:00:00Z",
        "2026-01-06T09:00:00Z",
    );
    let spans = |a: &str, b: &str| -> Vec<(String, String, String)> {
        c.time_off_conflicts_in(window(a, b))
            .into_iter()
            .map(|x| (x.time_off.clone(), z(x.start), z(x.end)))
            .collect()
    };
    assert_eq!(
        spans("2026-01-01T09:00:00Z", "2026-01-06T09:00:00Z"),
        [
            row("Dentist", "2026-01-02T09:00:00Z", "2026-01-03T00:00:00Z"),
            row("Move", "2026-01-04T09:00:00Z", "2026-01-05T00:00:00Z")
        ]
    );
    assert_eq!(
        spans("2026-01-02T23:59:59Z", "2026-01-04T09:00:01Z"),
        [
            row("Dentist", "2026-01-02T09:00:00Z", "2026-01-03T00:00:00Z"),
            row("Move", "2026-01-04T09:00:00Z", "2026-01-05T00:00:00Z")
        ]
    );
    // Touching is not overlapping: the window between the two conflicts holds neither.
    assert!(spans("2026-01-03T00:00:00Z", "2026-01-04T09:00:00Z").is_empty());
}

#[test]
fn schedules_are_equal_when_their_documents_are() {
    let a = schedule(daily_ab(json!({})));
    assert_eq!(a, a.clone());
    assert_eq!(a, schedule(daily_ab(json!({}))));
    let moved = schedule(daily_ab(json!({"overrides": [{"id": "x", "person": "c",
        "start": "2026-01-02T09:00:00Z", "end": "2026-01-02T10:00:00Z"}]})));
    assert_ne!(a, moved);
    assert_eq!(a.layer_ids(), ["l"]);
    let two = schedule(json!({"id": "s", "zone": "UTC", "layers": [
        {"id": "weekdays", "rotation": {"members": ["a"], "anchor": "2026-01-01", "handoff": {"every": 1, "unit": "days"}}},
        {"id": "nights", "rotation": {"members": ["b"], "anchor": "2026-01-01", "handoff": {"every": 1, "unit": "days"}}}]}));
    assert_eq!(two.layer_ids(), ["weekdays", "nights"]);
}

#[test]
fn a_cover_naming_a_second_occurrence_either_way_is_refused() {
    for (key, second) in [
        ("with_turn", json!(1)),
        ("with_turn_start", json!("2026-01-02T09:00:00Z")),
    ] {
        let mut cover =
            json!({"id": "c", "kind": "cover", "layer": "l", "turn": 0, "from": "a", "to": "b"});
        cover[key] = second;
        let e =
            watchstander::from_json::<Schedule>(&daily_ab(json!({"swaps": [cover]}))).unwrap_err();
        assert_eq!(e.code(), "invalid_swap", "{key}: {e}");
        assert!(
            e.to_string().contains("a cover has no second occurrence"),
            "{e}"
        );
    }
}

// ---------------------------------------------------------------- bad input

#[test]
fn bad_input_gives_typed_errors_never_panics() {
    let bad = |v: Value| {
        watchstander::from_json::<Schedule>(&v)
            .unwrap_err()
            .code()
            .to_string()
    };
    assert_eq!(
        bad(one_layer(
            "Mars/Base",
            &["a"],
            "2026-01-01",
            json!({"every": 1, "unit": "days"}),
            "compatible"
        )),
        "unknown_zone"
    );
    assert_eq!(
        bad(
            json!({"id": "s", "zone": "UTC", "layers": [{"id": "l", "rotation": {"members": ["a"],
            "handoff": {"rrule": "DTSTART:20260101T090000\nRRULE:FREQ=DAILY"}}}]})
        ),
        "rrule_without_zone"
    );
    assert_eq!(
        bad(
            json!({"id": "s", "zone": "UTC", "layers": [{"id": "l", "rotation": {"members": ["a"],
            "handoff": {"rrule": "DTSTART:19900101T000000Z\nRRULE:FREQ=SECONDLY"}}}]})
        ),
        "handoff_too_frequent"
    );
    let dup = json!({"id": "l", "rotation": {"members": ["a"], "anchor": "2026-01-01", "handoff": {"every": 1, "unit": "days"}}});
    assert_eq!(
        bad(json!({"id": "s", "zone": "UTC", "layers": [dup.clone(), dup]})),
        "duplicate_id"
    );
    assert_eq!(
        bad(daily_ab(json!({"temporary_schedules": [
            {"id": "t1", "start": "2026-01-01T00:00:00Z", "end": "2026-01-03T00:00:00Z"},
            {"id": "t2", "start": "2026-01-02T00:00:00Z", "end": "2026-01-04T00:00:00Z"}]}))),
        "invalid_temporary_schedule"
    );
    assert_eq!(
        bad(daily_ab(
            json!({"overrides": [{"person": "x", "start": "2026-01-02T00:00:00Z", "end": "2026-01-01T00:00:00Z"}]})
        )),
        "empty_interval"
    );
    assert_eq!(
        bad(daily_ab(json!({"time_off_policy": {"mode": "reassign"}}))),
        "invalid_time_off_policy"
    );
    assert_eq!(bad(daily_ab(json!({"version": 2}))), "unsupported_version");
    assert_eq!(bad(daily_ab(json!({"surprise": true}))), "invalid_input");
    // Windows of years: a typed error, not a long computation.
    let s = schedule(daily_ab(json!({})));
    assert_eq!(
        s.compile(window("2026-01-01T00:00:00Z", "2036-01-01T00:00:00Z"))
            .unwrap_err()
            .code(),
        "window_too_long"
    );
    // Counting hourly active-time turns from 1900 would walk over a million turns.
    let mut v = one_layer(
        "UTC",
        &["a", "b"],
        "1900-01-01T00:00",
        json!({"every": 1, "unit": "hours"}),
        "compatible",
    );
    v["layers"][0]["rotation"]["turn_counting"] = json!("active_time");
    assert_eq!(
        schedule(v)
            .compile(window("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"))
            .unwrap_err()
            .code(),
        "anchor_too_far"
    );
    // …but clock counting seeks straight to the window.
    let v = one_layer(
        "UTC",
        &["a", "b"],
        "1900-01-01T00:00",
        json!({"every": 1, "unit": "hours"}),
        "compatible",
    );
    assert_eq!(
        schedule(v)
            .compile(window("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"))
            .unwrap()
            .all_shifts()
            .len(),
        24
    );
    // Queries outside the compiled window are typed errors too.
    let c = s
        .compile(window("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"))
        .unwrap();
    assert_eq!(
        c.oncall(t("2026-02-01T00:00:00Z")).unwrap_err().code(),
        "outside_window"
    );
    assert_eq!(
        c.layer_shifts("zz", c.window()).unwrap_err().code(),
        "unknown_layer"
    );
}

#[test]
fn the_timeline_has_one_segment_per_stretch_of_one_on_call_set() {
    // Days of a, b, a; an override puts q on call for two hours of b's day: a | b | q | b | a.
    let mut v = one_layer(
        "UTC",
        &["a", "b"],
        "2026-01-05",
        json!({"every": 1, "unit": "days"}),
        "compatible",
    );
    let w = ("2026-01-05T00:00:00Z", "2026-01-08T00:00:00Z");
    assert_eq!(compile(v.clone(), w.0, w.1).segment_count(), 3);
    v["overrides"] = json!([{"id": "o", "person": "q",
        "start": "2026-01-06T10:00:00Z", "end": "2026-01-06T12:00:00Z"}]);
    assert_eq!(compile(v, w.0, w.1).segment_count(), 5);
}

#[test]
fn a_day_off_on_the_last_day_of_the_window_is_found() {
    // a is on call throughout; the window ends at noon on a's day off, 10 January.
    let mut v = one_layer(
        "UTC",
        &["a"],
        "2026-01-01",
        json!({"every": 1, "unit": "days"}),
        "compatible",
    );
    v["people"] = json!([{"id": "a", "time_off": [{"name": "Leave", "date": "2026-01-10"}]}]);
    let c = compile(v, "2026-01-09T00:00:00Z", "2026-01-10T12:00:00Z");
    let conflicts: Vec<(String, String, String)> = c
        .time_off_conflicts()
        .iter()
        .map(|x| (x.time_off.clone(), z(x.start), z(x.end)))
        .collect();
    assert_eq!(
        conflicts,
        [(
            "Leave".to_string(),
            "2026-01-10T00:00:00Z".to_string(),
            "2026-01-10T12:00:00Z".to_string()
        )]
    );
}

#[test]
fn a_handoff_error_says_which_form_to_give() {
    let message = |handoff: Value| {
        let v = one_layer("UTC", &["a"], "2026-01-05", handoff, "compatible");
        serde_json::from_value::<Schedule>(v)
            .unwrap_err()
            .to_string()
    };
    let none = message(json!({}));
    assert!(none.contains("give a cadence"), "{none}");
    let two = message(json!({"every": 1, "unit": "days", "handovers": ["P1D"]}));
    assert!(two.contains("give only one of"), "{two}");
    // A handover in months or a negative one is told why, not only that it is out of range.
    for bad in ["P1M", "-P1D"] {
        let m = message(json!({"handovers": ["P1D", bad]}));
        assert!(
            m.contains("must be a positive length in weeks, days, hours or minutes"),
            "{m}"
        );
    }
}

#[test]
fn a_rotation_lists_at_most_a_thousand_handovers() {
    let handovers = |n: usize| {
        let v = one_layer(
            "UTC",
            &["a", "b"],
            "2026-01-05",
            json!({"handovers": vec!["PT15M"; n]}),
            "compatible",
        );
        watchstander::from_json::<Schedule>(&v)
    };
    assert!(handovers(watchstander::schedule::MAX_HANDOVERS).is_ok());
    let err = handovers(watchstander::schedule::MAX_HANDOVERS + 1).unwrap_err();
    assert_eq!(err.code(), "limit_exceeded", "{err}");
}

#[test]
fn a_rotation_offset_survives_a_round_trip_and_zero_is_left_out() {
    let rotation = |offset: u32| {
        json!({"members": ["a", "b", "c"], "anchor": "2026-01-01",
            "handoff": {"every": 1, "unit": "days"}, "offset": offset})
    };
    let spec: watchstander::schedule::RotationSpec = serde_json::from_value(rotation(2)).unwrap();
    let back = serde_json::to_value(&spec).unwrap();
    assert_eq!(back["offset"], json!(2));
    let spec: watchstander::schedule::RotationSpec = serde_json::from_value(rotation(0)).unwrap();
    let back = serde_json::to_value(&spec).unwrap();
    assert!(back.get("offset").is_none(), "{back}");
}

#[test]
fn a_shift_uid_names_each_change_that_made_the_shift() {
    // Turn 3 (4 January 09:00 to 5 January 09:00) is b's; cover cv gives it to c. c is off on
    // 4 January, so under `reassign` the backup z takes c's cover: z's shift is the time off
    // of the cover of turn 3, and its uid says so, link by link.
    let mut v = daily_ab(json!({
        "swaps": [{"id": "cv", "layer": "l", "turn": 3, "from": "b", "to": "c"}],
        "time_off_policy": {"mode": "reassign", "backup": "z"},
        "people": [{"id": "c", "zone": "UTC", "time_off": [{"name": "Leave", "from": "2026-01-04", "to": "2026-01-04"}]}]}));
    let c = compile(v.clone(), "2026-01-03T09:00:00Z", "2026-01-06T09:00:00Z");
    let uid = |c: &CompiledSchedule, at: &str| shift_at(c, at).uid.clone();
    assert_eq!(uid(&c, "2026-01-03T12:00:00Z"), "s/l/2/a");
    assert_eq!(uid(&c, "2026-01-04T12:00:00Z"), "s/l/3/cv/off/z");
    assert_eq!(uid(&c, "2026-01-05T09:00:00Z"), "s/l/4/a");
    // Without the time off, the cover's own shift.
    v.as_object_mut().unwrap().remove("people");
    let c = compile(v, "2026-01-03T09:00:00Z", "2026-01-06T09:00:00Z");
    assert_eq!(uid(&c, "2026-01-04T12:00:00Z"), "s/l/3/cv/c");
}

#[test]
fn shift_columns_hold_the_explained_shifts_row_by_row() {
    // The window starts and ends inside a's and b's turns; an override (no layer) sits
    // inside b's turn, and a shadow layer pages x alongside.
    let mut v = daily_ab(json!({"overrides": [{"id": "ov", "person": "c",
        "start": "2026-01-02T12:00:00Z", "end": "2026-01-02T13:00:00Z"}]}));
    v["layers"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "sh", "shadow": true, "rotation": {
        "members": ["x"], "anchor": "2026-01-01T09:00", "handoff": {"every": 1, "unit": "days"}}}));
    let c = compile(v, "2026-01-01T12:00:00Z", "2026-01-03T12:00:00Z");
    let (people, layers) = (c.people(), c.layer_ids());
    let check = |cols: ShiftColumns, list: &[&Shift]| {
        assert_eq!(cols.len(), list.len());
        assert_eq!(cols.is_empty(), list.is_empty());
        for (i, s) in list.iter().enumerate() {
            let r = cols.row(i).unwrap();
            assert_eq!(people[r.person as usize], s.person, "row {i}");
            assert_eq!((r.start, r.end), (s.start.timestamp(), s.end.timestamp()));
            assert_eq!(r.layer.map(|l| layers[l as usize].clone()), s.layer);
            assert_eq!(
                (r.shadow, r.truncated_start, r.truncated_end),
                (s.shadow, s.truncated_start, s.truncated_end),
                "row {i}"
            );
        }
        assert_eq!(cols.row(list.len()), None);
        assert_eq!(
            cols.iter().collect::<Vec<_>>(),
            (0..list.len())
                .map(|i| cols.row(i).unwrap())
                .collect::<Vec<_>>()
        );
    };
    let all: Vec<&Shift> = c.all_shifts().iter().collect();
    check(c.shift_columns(), &all);
    // What the rows say: a truncated first shift, the override without a layer, a truncated
    // last shift.
    let flags: Vec<(&str, Option<&str>, bool, bool)> = all
        .iter()
        .map(|s| {
            (
                s.person.as_str(),
                s.layer.as_deref(),
                s.truncated_start,
                s.truncated_end,
            )
        })
        .collect();
    assert_eq!(
        flags,
        [
            ("a", Some("l"), true, false),
            ("b", Some("l"), false, false),
            ("c", None, false, false),
            ("b", Some("l"), false, false),
            ("a", Some("l"), false, true),
        ]
    );
    let shadows = c.shadow_shifts(c.window()).unwrap();
    assert!(!shadows.is_empty() && shadows.iter().all(|s| s.shadow));
    check(c.shadow_shift_columns(), &shadows);
    // No shadow layer: no shadow rows.
    let c = compile(
        daily_ab(json!({})),
        "2026-01-01T12:00:00Z",
        "2026-01-03T12:00:00Z",
    );
    check(c.shadow_shift_columns(), &[]);
    assert!(c.shadow_shift_columns().is_empty());
}
