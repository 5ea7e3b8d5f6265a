//! Every reproducer of the hardening issue (sections 1–5 and 8), run through the JSON
//! operations exactly as a user of the CLI, Python or Node would send it (`ops::call_text`).
//!
//! Each test asserts a typed error code or the right answer computed independently (by hand
//! or with `chrono` directly), and — instead of a wall-clock bound — a work bound: the error
//! comes before the work (an error code that is only reachable by a check at the start), the
//! number of occurrences is exact, or the input is large enough that a quadratic algorithm
//! would not finish in a test run (100 000 names, 10 000 rules over 10 years). Bigger inputs
//! with their timings are in `benches/limits`.

use std::collections::HashSet;

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use serde_json::{json, Value};
use watchstander::ops;

/// Calls `op` on `input` (as JSON text) and gives the output or the error code.
fn call(op: &str, input: &Value) -> Result<Value, String> {
    let text = ops::call_text(op, &input.to_string());
    let out: Value = serde_json::from_str(&text).unwrap();
    match out.get("ok") {
        Some(v) => Ok(v.clone()),
        None => Err(out["error"]["code"].as_str().unwrap().to_string()),
    }
}

fn err(op: &str, input: &Value) -> String {
    call(op, input).expect_err("an error")
}

fn rotation(members: &[&str], unit: &str) -> Value {
    json!({"id": "s", "zone": "UTC", "layers": [{"id": "l", "rotation": {
        "members": members, "anchor": "2026-01-01T00:00", "handoff": {"every": 1, "unit": unit}}}]})
}

fn weekdays_utc(holidays: Vec<Value>) -> Value {
    json!({"zone": "UTC", "hours": {
        "mon": ["09:00-17:00"], "tue": ["09:00-17:00"], "wed": ["09:00-17:00"],
        "thu": ["09:00-17:00"], "fri": ["09:00-17:00"]}, "holidays": holidays})
}

// ---- 1. Abort through memory ------------------------------------------------------------

#[test]
fn s1_a_member_id_of_100_000_characters_hourly_for_three_years_is_invalid_id() {
    let long = "m".repeat(100_000);
    let mut s = rotation(&["b"], "hours");
    s["layers"][0]["rotation"]["members"] = json!([long, "b"]);
    for op in ["schedule.shifts", "schedule.gaps", "schedule.dst"] {
        let input =
            json!({"schedule": s, "from": "2026-01-01T00:00:00Z", "to": "2029-01-01T00:00:00Z"});
        assert_eq!(err(op, &input), "invalid_id", "{op}");
    }
    assert_eq!(
        err("schedule.validate", &json!({"schedule": s})),
        "invalid_id"
    );
}

#[test]
fn s1_ids_at_the_200_character_limit_hourly_for_three_years_compile() {
    let (a, b) = ("a".repeat(200), "b".repeat(200));
    let mut s = rotation(&["x"], "hours");
    s["layers"][0]["rotation"]["members"] = json!([a, b]);
    let out = call(
        "schedule.totals",
        &json!({"schedule": s, "from": "2026-01-01T00:00:00Z", "to": "2029-01-01T00:00:00Z"}),
    )
    .unwrap();
    // 1 096 days × 24 hours, alternating: 13 152 hours each.
    let rows = out["totals"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    for r in rows {
        assert_eq!(r["hours"].as_f64().unwrap(), 13_152.0, "{r}");
    }
}

// ---- 2. Unbounded RRULE work ------------------------------------------------------------

fn by(n: u32) -> String {
    (0..n).map(|i| i.to_string()).collect::<Vec<_>>().join(",")
}

#[test]
fn s2_a_count_rule_of_86_400_instants_a_day_from_1900_is_refused_before_work() {
    let rrule = format!(
        "DTSTART:19000101T000000Z\nRRULE:FREQ=DAILY;COUNT=4294967295;BYHOUR={};BYMINUTE={};BYSECOND={}",
        by(24),
        by(60),
        by(60)
    );
    let input = json!({"rrule": rrule, "start": "2026-05-01T00:00:00Z", "end": "2026-05-02T00:00:00Z", "limit": 1});
    assert_eq!(err("time.recurrence", &input), "out_of_range");
}

#[test]
fn s2_an_hourly_holiday_rule_with_a_huge_count_is_invalid_rrule() {
    let cal = weekdays_utc(vec![
        json!({"rrule": "FREQ=HOURLY;COUNT=4000000000", "start": "1900-01-01"}),
    ]);
    let input =
        json!({"calendar": cal, "start": "2026-05-01T00:00:00Z", "end": "2026-05-20T00:00:00Z"});
    assert_eq!(err("time.business_between", &input), "invalid_rrule");
}

#[test]
fn s2_a_daily_holiday_rule_with_a_huge_count_from_1900_is_answered() {
    // Every 7th day from Monday 1 January 1900 is a Monday: every Monday is a holiday, so a
    // week of business time is four days (Tuesday to Friday, 8 hours each).
    let cal = weekdays_utc(vec![
        json!({"rrule": "FREQ=DAILY;INTERVAL=7;COUNT=4000000000", "start": "1900-01-01"}),
    ]);
    // 2026-05-04 is a Monday.
    assert_eq!(
        NaiveDate::from_ymd_opt(2026, 5, 4).unwrap().weekday(),
        Weekday::Mon
    );
    let input =
        json!({"calendar": cal, "start": "2026-05-04T00:00:00Z", "end": "2026-05-11T00:00:00Z"});
    let out = call("time.business_between", &input).unwrap();
    assert_eq!(out["seconds"].as_i64(), Some(4 * 8 * 3600), "{out}");
}

#[test]
fn s2_a_handoff_rrule_counted_from_1900_is_anchor_too_far_without_walking_it() {
    let s = json!({"id": "s", "zone": "UTC", "layers": [{"id": "l", "rotation": {
        "members": ["a", "b"],
        "handoff": {"rrule": "DTSTART:19000101T000000Z\nRRULE:FREQ=HOURLY;COUNT=4000000000"}}}]});
    let input =
        json!({"schedule": s, "from": "2026-01-01T00:00:00Z", "to": "2026-01-02T00:00:00Z"});
    assert_eq!(err("schedule.shifts", &input), "anchor_too_far");
    // Within MAX_TURNS_WALKED it works: hourly from 1 December 2025 is 744 turns to 2026.
    let s = json!({"id": "s", "zone": "UTC", "layers": [{"id": "l", "rotation": {
        "members": ["a", "b"],
        "handoff": {"rrule": "DTSTART:20251201T000000Z\nRRULE:FREQ=HOURLY;COUNT=4000000000"}}}]});
    let input =
        json!({"schedule": s, "from": "2026-01-01T00:00:00Z", "to": "2026-01-01T03:00:00Z"});
    let out = call("schedule.shifts", &input).unwrap();
    let people: Vec<&str> = out["shifts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["person"].as_str().unwrap())
        .collect();
    // Turn 744 (even) is a's.
    assert_eq!(people, ["a", "b", "a"]);
}

// ---- 3. Quadratic algorithms inside documented limits ----------------------------------

#[test]
fn s3_war_room_name_with_100_000_taken_names_is_one_pass() {
    let stem = "inc-2026-11-26-payments-latency";
    let mut taken: Vec<String> = (2..100_001).map(|i| format!("{stem}-{i}")).collect();
    taken.push(stem.to_string());
    let input =
        json!({"title": "Payments latency", "detected_at": "2026-11-26T10:00:00Z", "taken": taken});
    let out = call("incident.war_room_name", &input).unwrap();
    assert_eq!(out["name"], format!("{stem}-100001"));
}

#[test]
fn s3_ten_thousand_yearly_holiday_rules_are_refused_and_a_thousand_run_over_ten_years() {
    // Issue 9: 10 000 yearly holiday rules over ten years took 34 s. A calendar holds at most
    // MAX_HOLIDAYS (1 000) entries; each rule is expanded once per eight-year block and yearly
    // rules jump to the block instead of walking from their DTSTART.
    let rules = |n: u32| -> Vec<Value> {
        (0..n)
            .map(|i| {
                json!({"rrule": format!("FREQ=YEARLY;BYMONTH={};BYMONTHDAY={}", i % 12 + 1, i % 28 + 1),
                    "start": format!("{}-01-01", 1970 + i % 50)})
            })
            .collect()
    };
    let input = json!({"calendar": weekdays_utc(rules(10_000)), "start": "2026-01-01T00:00:00Z", "end": "2036-01-01T00:00:00Z"});
    assert_eq!(err("time.business_between", &input), "out_of_range");
    assert_eq!(watchstander::time::MAX_HOLIDAYS, 1_000);
    // 1 000 rules naming 84 distinct (month, day) pairs, starting in various years.
    let days: HashSet<(u32, u32)> = (0..1_000).map(|i| (i % 12 + 1, i % 28 + 1)).collect();
    assert_eq!(days.len(), 84);
    // Independent count: weekdays of 2026–2035 that are not one of those dates, 8 hours each.
    let mut d = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let end = NaiveDate::from_ymd_opt(2036, 1, 1).unwrap();
    let mut working = 0i64;
    while d < end {
        let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
        if !weekend && !days.contains(&(d.month(), d.day())) {
            working += 1;
        }
        d = d.succ_opt().unwrap();
    }
    let input = json!({"calendar": weekdays_utc(rules(1_000)), "start": "2026-01-01T00:00:00Z", "end": "2036-01-01T00:00:00Z"});
    let out = call("time.business_between", &input).unwrap();
    assert_eq!(out["seconds"].as_i64(), Some(working * 8 * 3600));
}

#[test]
fn yearly_rules_jumping_to_the_window_give_what_walking_from_dtstart_gives() {
    // A rule with COUNT is always walked from DTSTART; the same rule without COUNT jumps to a
    // year before the window. Both must give the same occurrences.
    use watchstander::time::Recurrence;
    let at = |y: i32| {
        NaiveDate::from_ymd_opt(y, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap()
    };
    for (start, rule) in [
        ("19700315T090000", "FREQ=YEARLY"),
        ("19701231T235959", "FREQ=YEARLY;INTERVAL=3"),
        ("19720229T000000", "FREQ=YEARLY"),
        ("19700101T000000", "FREQ=YEARLY;BYMONTH=11;BYDAY=4TH"),
        ("19700101T000000", "FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO"),
        (
            "19700601T120000",
            "FREQ=YEARLY;INTERVAL=2;BYMONTH=1,7;BYMONTHDAY=1,-1",
        ),
        ("19700105T000000", "FREQ=YEARLY;BYWEEKNO=1,53"),
        ("19700101T000000", "FREQ=YEARLY;BYYEARDAY=1,-1;BYSETPOS=-1"),
        ("19710704T000000", "FREQ=YEARLY;WKST=SU;BYDAY=MO;BYMONTH=7"),
    ] {
        let free = Recurrence::parse(&format!("DTSTART:{start}Z\nRRULE:{rule}")).unwrap();
        let counted =
            Recurrence::parse(&format!("DTSTART:{start}Z\nRRULE:{rule};COUNT=100000")).unwrap();
        for (from, to) in [(2026, 2036), (1970, 1975), (2100, 2101), (1999, 2000)] {
            let a = free.local_occurrences(at(from), at(to), 10_000).unwrap();
            let b = counted.local_occurrences(at(from), at(to), 10_000).unwrap();
            assert_eq!(a, b, "{rule} from {start}, {from}–{to}");
        }
    }
}

#[test]
fn s3_a_hundred_union_layers_of_a_thousand_members_are_refused_at_the_piece_bound() {
    let layers: Vec<Value> = (0..100)
        .map(|l| {
            let members: Vec<String> = (0..1000).map(|m| format!("m{l}-{m}")).collect();
            json!({"id": format!("l{l}"), "combine": "union", "rotation": {
                "members": members, "anchor": "2026-01-01T00:00", "handoff": {"every": 1, "unit": "hours"}}})
        })
        .collect();
    let input = json!({"schedule": {"id": "s", "zone": "UTC", "layers": layers},
        "from": "2026-01-01T00:00:00Z", "to": "2029-01-01T00:00:00Z"});
    assert_eq!(err("schedule.gaps", &input), "limit_exceeded");
}

#[test]
fn s3_ten_thousand_covers_through_the_operation() {
    let mut s = rotation(&["a", "b", "c"], "hours");
    s["swaps"] = (0..10_000u64)
        .map(|i| {
            json!({"id": format!("c{i}"), "kind": "cover", "layer": "l", "turn": 2 * i,
            "from": (["a", "b", "c"][(2 * i % 3) as usize]), "to": "z"})
        })
        .collect();
    let input = json!({"schedule": s, "from": "2026-01-01T00:00:00Z", "to": "2029-01-01T00:00:00Z", "people": ["z"]});
    let out = call("schedule.totals", &input).unwrap();
    assert_eq!(out["totals"][0]["person"], "z");
    assert_eq!(out["totals"][0]["hours"].as_f64(), Some(10_000.0));
}

#[test]
fn s3_a_hundred_thousand_replace_overrides_through_the_operation() {
    let mid = Utc.with_ymd_and_hms(2026, 2, 15, 0, 0, 0).unwrap();
    let mut s = rotation(&["a", "b"], "days");
    s["overrides"] = (0..100_000i64)
        .map(|i| {
            let r = Duration::seconds(30 * (i + 1));
            json!({"id": format!("o{i}"), "kind": "replace", "person": format!("p{}", i % 7),
                "start": mid - r, "end": mid + r,
                "created_at": Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + Duration::seconds(i)})
        })
        .collect();
    let input = json!({"schedule": s, "at": mid,
        "window": {"start": "2026-01-01T00:00:00Z", "end": "2026-04-01T00:00:00Z"}});
    let out = call("schedule.oncall", &input).unwrap();
    // The last created override (o99999, 99 999 mod 7 = 4) wins at the centre.
    assert_eq!(out["on_call"][0]["person"], "p4");
}

// ---- 4. Range checks before work ---------------------------------------------------------

#[test]
fn s4_business_and_wall_clock_arithmetic_out_of_range_before_work() {
    let cal = weekdays_utc(vec![]);
    for d in ["P4294967295D", "P1000000W", "PT4294967295H"] {
        let input = json!({"calendar": cal, "start": "2026-05-01T00:00:00Z", "duration": d});
        assert_eq!(err("time.business_add", &input), "out_of_range", "{d}");
    }
    for unit in ["hours", "days", "weeks", "months", "years"] {
        let input = json!({"zone": "America/New_York", "start": "2026-05-01T00:00:00Z",
            "amount": 2_147_483_647i64, "unit": unit});
        assert_eq!(err("time.add", &input), "out_of_range", "{unit}");
    }
}

// ---- 5. Wrong results --------------------------------------------------------------------

#[test]
fn s5_secondly_rules_from_before_the_window_and_the_occurrence_limit() {
    // SECONDLY from 19 hours before the window: the window's own first seconds.
    let input = json!({"rrule": "DTSTART:20260101T050000Z\nRRULE:FREQ=SECONDLY",
        "start": "2026-01-02T00:00:00Z", "end": "2026-01-02T01:00:00Z", "limit": 2});
    let out = call("time.recurrence", &input).unwrap();
    let starts: Vec<&str> = out["occurrences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["instant"].as_str().unwrap())
        .collect();
    assert_eq!(starts, ["2026-01-02T00:00:00Z", "2026-01-02T00:00:01Z"]);
    // MINUTELY with limit 65 535: exactly 65 535, none lost.
    let input = json!({"rrule": "DTSTART:20260101T000000Z\nRRULE:FREQ=MINUTELY",
        "start": "2026-01-02T00:00:00Z", "end": "2026-03-02T00:00:00Z", "limit": 65_535});
    let out = call("time.recurrence", &input).unwrap();
    let occ = out["occurrences"].as_array().unwrap();
    assert_eq!(occ.len(), 65_535);
    // 65 534 minutes after 2 January 00:00 is 2 January + 45 days 12:14.
    assert_eq!(occ[65_534]["instant"], "2026-02-16T12:14:00Z");
    // limit 0: none.
    let input = json!({"rrule": "DTSTART:20260101T000000Z\nRRULE:FREQ=MINUTELY",
        "start": "2026-01-02T00:00:00Z", "end": "2026-01-03T00:00:00Z", "limit": 0});
    let out = call("time.recurrence", &input).unwrap();
    assert!(out["occurrences"].as_array().unwrap().is_empty());
}

#[test]
fn s5_a_shift_ending_exactly_at_the_spring_forward_is_marked() {
    // New York, daily handoff 03:00 local. 8 March 2026 02:00 EST → 03:00 EDT (07:00Z).
    let s = json!({"id": "s", "zone": "America/New_York", "layers": [{"id": "l", "rotation": {
        "members": ["a", "b"], "anchor": "2026-03-01T03:00", "handoff": {"every": 1, "unit": "days"}}}]});
    let input =
        json!({"schedule": s, "from": "2026-03-01T08:00:00Z", "to": "2026-03-15T07:00:00Z"});
    let out = call("schedule.dst", &input).unwrap();
    let shifts = out["shifts"].as_array().unwrap();
    assert_eq!(shifts.len(), 1, "{out}");
    assert_eq!(shifts[0]["start"], "2026-03-07T08:00:00Z");
    assert_eq!(shifts[0]["end"], "2026-03-08T07:00:00Z");
    assert_eq!(shifts[0]["dst"]["offset_change_minutes"], 60);
    // And `shifts` marks the same shift.
    let out = call("schedule.shifts", &input).unwrap();
    let marked: Vec<&Value> = out["shifts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| !s["dst"].is_null())
        .collect();
    assert_eq!(marked.len(), 1);
    assert_eq!(marked[0]["end"], "2026-03-08T07:00:00Z");
}

#[test]
fn s5_a_severity_upgrade_counts_in_plan_and_next_update_alike() {
    // SEV-3 at 10:00, SEV-1 at 10:10: SEV-1's 30-minute internal cadence from the change.
    let events = json!([
        {"id": "1", "incident": "INC-1", "kind": "detected", "title": "Checkout errors", "severity": "SEV-3",
         "occurred_at": "2026-11-26T10:00:00Z", "recorded_at": "2026-11-26T10:00:00Z", "actor": "am"},
        {"id": "2", "incident": "INC-1", "kind": "severity_changed", "to": "SEV-1", "reason": "all regions",
         "occurred_at": "2026-11-26T10:10:00Z", "recorded_at": "2026-11-26T10:10:00Z", "actor": "bob"}
    ]);
    let next = call(
        "incident.next_update",
        &json!({"events": events, "now": "2026-11-26T11:00:00Z"}),
    )
    .unwrap();
    let plan = call(
        "incident.plan",
        &json!({"events": events, "now": "2026-11-26T11:00:00Z"}),
    )
    .unwrap();
    let text = format!("{next}{plan}");
    assert!(text.contains("2026-11-26T10:40:00Z"), "{text}");
    assert!(!text.contains("2026-11-26T14:00:00Z"), "{text}");
}

#[test]
fn s5_sla_targets_are_validated() {
    for within in ["-PT1H", "PT0S"] {
        let input = json!({"policy": {"levels": [{"id": "P1", "name": "Urgent", "rank": 1,
            "description": "Customers cannot work", "response": {"within": within}}]}});
        let out = call("severity.policy", &input);
        assert_eq!(out.unwrap_err(), "invalid_target", "{within}");
    }
}

#[test]
fn s5_a_fairness_weight_of_1e308_is_a_typed_error() {
    let input = json!({"schedule": rotation(&["alice", "bob"], "days"),
        "from": "2026-01-01T00:00:00Z", "to": "2026-01-05T00:00:00Z", "weights": {"hour": 1e308}});
    assert_eq!(err("schedule.fairness", &input), "fairness_overflow");
}

#[test]
fn s5_duplicate_keys_are_refused_with_their_path() {
    let text = ops::call_text(
        "time.add",
        r#"{"zone": "UTC", "start": "2026-01-01T00:00:00Z", "amount": 1, "amount": 2, "unit": "hours"}"#,
    );
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["error"]["code"], "duplicate_key");
    assert!(v["error"]["message"].as_str().unwrap().contains("amount"));
}

// ---- 8. Escaping ---------------------------------------------------------------------------

#[test]
fn s8_the_external_markdown_timeline_escapes_html_and_links() {
    let events = json!([
        {"id": "1", "incident": "INC-1", "kind": "detected", "title": "<script>alert(1)</script> [x](https://evil.example)",
         "severity": "SEV-2", "occurred_at": "2026-11-26T10:00:00Z", "recorded_at": "2026-11-26T10:00:00Z", "actor": "am"},
        {"id": "2", "incident": "INC-1", "kind": "status_update_posted", "audience": "external",
         "text": "<img src=x onerror=alert(1)> see [here](javascript:alert(1))",
         "occurred_at": "2026-11-26T10:05:00Z", "recorded_at": "2026-11-26T10:05:00Z", "actor": "bob"}
    ]);
    let out = call(
        "incident.timeline",
        &json!({"events": events, "audience": "external", "markdown": true}),
    )
    .unwrap();
    let md = out["markdown"].as_str().unwrap();
    // Every `<` and every `[`/`]` of the text is escaped with a backslash.
    let unescaped = |pat: &str| {
        md.match_indices(pat)
            .any(|(i, _)| i == 0 || md.as_bytes()[i - 1] != b'\\')
    };
    for pat in [
        "<script",
        "<img",
        "[x]",
        "[here]",
        "](https",
        "](javascript",
    ] {
        assert!(!unescaped(pat), "{pat} in {md}");
    }
    assert!(md.contains("\\<script\\>"), "{md}");
}

// ---- Found by fuzzing ------------------------------------------------------------------------

#[test]
fn fuzz_an_offset_cannot_move_a_parsed_instant_out_of_the_years_1_to_9999() {
    // fuzz_instants_and_local_times: "0000-07-05T07:29:01.5-12:00" parsed to an instant in
    // the year 0 (and "0001-01-01T00:30:00+01:00" is 0000-12-31T23:30:00Z).
    use watchstander::time::parse_instant;
    for text in [
        "0000-07-05T07:29:01.5-12:00",
        "0001-01-01T00:30:00+01:00",
        "9999-12-31T23:30:00-01:00",
    ] {
        assert_eq!(
            parse_instant(text).unwrap_err().code(),
            "invalid_timestamp",
            "{text}"
        );
    }
    assert_eq!(
        parse_instant("0001-01-01T01:00:00+01:00")
            .unwrap()
            .to_rfc3339(),
        "0001-01-01T00:00:00+00:00"
    );
    assert!(parse_instant("9999-12-31T23:59:59Z").is_ok());
    // The second run: "-0001-07-16T1:55:59" parsed as a local time in the year -1.
    use watchstander::time::parse_local;
    for text in [
        "-0001-07-16T1:55:59",
        "0000-01-01T00:00",
        "+10000-01-01T00:00:00",
    ] {
        assert_eq!(
            parse_local(text).unwrap_err().code(),
            "invalid_timestamp",
            "{text}"
        );
    }
    assert_eq!(
        parse_local("0001-01-01T00:00").unwrap().to_string(),
        "0001-01-01 00:00:00"
    );
}

// The three slowest inputs of the first fuzz run (a debug build under heavy load), rebuilt by
// hand from the operations' examples. `benches/limits -- --op <name> <file>` times such an
// input in a release build.

#[test]
fn fuzz_a_status_update_with_one_event_repeated_folds_it_once() {
    // `incident.status_update`, 28.5 s: the example's events with a grafted value and a 50 KB
    // string, an element repeated about 2 000 times — about 100 MB of JSON. Nothing in it is
    // super-linear: in a release build 12, 24, 48 and 96 MB take 20, 40, 90 and 170 ms of CPU,
    // all of it reading the JSON. Repeated events (same id, same content) are dropped before
    // the fold, so the incident's work is one event however many copies come.
    use watchstander::incident::{Event, IncidentConfig, LiveIncident};
    let event = json!({"id": "1", "incident": "INC-7", "kind": "detected", "title": "x".repeat(50_000),
        "severity": "SEV-2", "occurred_at": "2026-11-26T10:00:00Z",
        "recorded_at": "2026-11-26T10:00:00Z", "actor": "alertmanager"});
    let copies = vec![event.clone(); 200];
    let events: Vec<Event> = serde_json::from_value(Value::Array(copies.clone())).unwrap();
    let live = LiveIncident::from_events(IncidentConfig::default(), &events).unwrap();
    assert_eq!(live.len(), 1);
    let update = |events: Vec<Value>| {
        call(
            "incident.status_update",
            &json!({"events": events, "now": "2026-11-26T11:00:00Z", "audience": "external",
                "message": "A fix is rolling out."}),
        )
        .unwrap()
    };
    assert_eq!(update(copies), update(vec![event]));
}

#[test]
fn fuzz_a_schedule_of_repeated_layers_with_long_strings_is_refused_before_compiling() {
    // `schedule.oncall`, 11.8 s: the example's layer repeated about 1 500 times with a 20 KB
    // string in it — a 28 MB input (96 MB with 50 KB strings), refused with `limit_exceeded`
    // once read. Linear as above (release: 96 MB in 150 ms of CPU, all of it reading the
    // JSON); the count of layers is checked before anything else, so no piece is expanded.
    let layer = json!({"id": "primary", "name": "x".repeat(50_000), "rotation": {
        "members": ["alice", "bob"], "anchor": "2026-01-05T09:00",
        "handoff": {"every": 1, "unit": "weeks"}}});
    let max = watchstander::schedule::MAX_LAYERS;
    let input = |n: usize| {
        json!({"schedule": {"id": "payments", "zone": "Europe/London",
            "layers": vec![layer.clone(); n]}, "at": "2026-03-30T08:30:00Z"})
    };
    let text = ops::call_text("schedule.oncall", &input(max + 1).to_string());
    let out: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        out["error"]["code"],
        "limit_exceeded",
        "{}",
        &text[..300.min(text.len())]
    );
    assert_eq!(out["error"]["details"]["what"], "layers");
    assert_eq!(out["error"]["details"]["max"], max);
    // One fewer layer is read to its first real problem: the 50 000-character name.
    assert_eq!(err("schedule.oncall", &input(max)), "text_too_long");
}

#[test]
fn fuzz_blameless_lists_repeated_are_searched_once() {
    // `postmortem.blameless`, 14.4 s: the example with its `people` list repeated about 1 000
    // times (80 ms in a release build). Worse, 940 copies of one `*` phrase took 31 s and
    // 9.4 GB: the search read each phrase from a capture group of its own, and the regex
    // engine's fallback keeps a slot per group for every automaton state. Now repeats are
    // dropped before compiling and the search has no capture group (the unit tests of
    // `postmortem::blameless_match` count both); the answers are the example's.
    let example = json!({"text": "The outage was human error: @dana should have checked the config.",
        "config": {"people": ["Dana"]}});
    let mut repeated = example.clone();
    repeated["config"]["people"] = json!(vec!["Dana"; 1_000]);
    repeated["config"]["phrases"] =
        json!(vec![json!({"phrase": "rogue*", "category": "blame"}); 940]);
    let codes = |v: Value| -> Vec<String> {
        call("postmortem.blameless", &v).unwrap()["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(codes(repeated), codes(example));
}
