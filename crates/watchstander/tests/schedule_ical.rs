//! iCalendar export of schedules: UIDs stable across exports, per-member calendars in the
//! member's own zone, the facts in each event's description.

use serde_json::json;
use watchstander::schedule::ical::stable_uid;
use watchstander::schedule::{ExportTimes, IcalOptions, Interval, Schedule};
use watchstander::time::{parse_instant, Zone};

fn t(s: &str) -> chrono::DateTime<chrono::Utc> {
    parse_instant(s).unwrap()
}

fn window(a: &str, b: &str) -> Interval {
    Interval::new(t(a), t(b)).unwrap()
}

fn weekly() -> Schedule {
    serde_json::from_value(json!({"id": "payments", "name": "Payments", "zone": "Europe/London",
        "people": [{"id": "dana", "zone": "Asia/Kolkata"}],
        "layers": [{"id": "weekly", "rotation": {"members": ["alice", "dana"], "anchor": "2026-01-05T09:00",
            "handoff": {"every": 1, "unit": "weeks"}}}]}))
    .unwrap()
}

fn unfold(ics: &str) -> String {
    ics.replace("\r\n ", "")
}

#[test]
fn uids_are_the_same_in_every_export_that_contains_the_shift() {
    let s = weekly();
    let a = s
        .compile(window("2026-03-01T00:00:00Z", "2026-05-01T00:00:00Z"))
        .unwrap();
    let b = s
        .compile(window("2026-03-20T00:00:00Z", "2026-04-20T00:00:00Z"))
        .unwrap();
    let o = |w| IcalOptions::new(w, t("2026-02-01T00:00:00Z"));
    let ia = a
        .ical(&o(window("2026-03-28T00:00:00Z", "2026-04-02T00:00:00Z")))
        .unwrap();
    let ib = b
        .ical(&o(window("2026-03-28T00:00:00Z", "2026-04-02T00:00:00Z")))
        .unwrap();
    assert_eq!(ia, ib, "same shifts, same export time: byte-identical");
    // Turn 11 (dana, 23 March) and turn 12 (alice, 30 March).
    for uid in ["payments/weekly/11/dana", "payments/weekly/12/alice"] {
        assert!(
            ia.contains(&format!("\r\nUID:{}\r\n", stable_uid(&[uid]))),
            "{uid}"
        );
    }
    assert_eq!(ia.matches("BEGIN:VEVENT").count(), 2);
    // A later export time changes DTSTAMP only.
    let later = a
        .ical(&IcalOptions::new(
            window("2026-03-28T00:00:00Z", "2026-04-02T00:00:00Z"),
            t("2026-03-01T00:00:00Z"),
        ))
        .unwrap();
    let strip = |s: &str| {
        s.lines()
            .filter(|l| !l.starts_with("DTSTAMP"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_ne!(ia, later);
    assert_eq!(strip(&ia), strip(&later));
}

#[test]
fn per_member_export_is_written_in_the_members_zone() {
    let s = weekly();
    let c = s
        .compile(window("2026-03-01T00:00:00Z", "2026-05-01T00:00:00Z"))
        .unwrap();
    let mut o = IcalOptions::new(
        window("2026-03-20T00:00:00Z", "2026-04-10T00:00:00Z"),
        t("2026-02-01T00:00:00Z"),
    );
    o.person = Some("dana".into());
    o.times = ExportTimes::Zoned(None);
    let ics = unfold(&c.ical(&o).unwrap());
    // dana's turns: 23 March 09:00 GMT (14:30 IST) and 6 April 08:00Z (13:30 IST).
    assert!(
        ics.contains("\r\nDTSTART;TZID=Asia/Kolkata:20260323T143000\r\n"),
        "{ics}"
    );
    assert!(ics.contains("\r\nDTSTART;TZID=Asia/Kolkata:20260406T133000\r\n"));
    assert!(ics.contains("BEGIN:VTIMEZONE\r\nTZID:Asia/Kolkata\r\n"));
    assert!(!ics.contains("alice\r\n"));
    assert!(ics.contains("\r\nX-WR-CALNAME:dana on call — Payments\r\n"));
    // An explicit zone wins.
    o.times = ExportTimes::Zoned(Some(Zone::parse("America/New_York").unwrap()));
    let ics = unfold(&c.ical(&o).unwrap());
    assert!(ics.contains("\r\nDTSTART;TZID=America/New_York:20260323T050000\r\n"));
}

#[test]
fn events_explain_the_shift_and_can_carry_an_alarm() {
    let s = weekly();
    let c = s
        .compile(window("2026-03-01T00:00:00Z", "2026-05-01T00:00:00Z"))
        .unwrap();
    let mut o = IcalOptions::new(
        window("2026-03-24T00:00:00Z", "2026-03-25T00:00:00Z"),
        t("2026-02-01T00:00:00Z"),
    );
    o.alarm_minutes = Some(15);
    let ics = unfold(&c.ical(&o).unwrap());
    assert!(ics.contains("\r\nSUMMARY:On call: dana — Payments\r\n"));
    assert!(
        ics.contains("layer weekly (every week)\\, turn 11: member 2 of 2"),
        "{ics}"
    );
    assert!(ics.contains("Takes over from alice."));
    assert!(ics.contains("Hands over to alice."));
    // 23 March 09:00 GMT to 30 March 09:00 BST: the clocks change inside the shift.
    assert!(ics.contains(
        "The clocks change during this shift (+60 min): it is shorter than its wall-clock length."
    ));
    assert!(ics.contains("\r\nTRIGGER:-PT15M\r\n"));
    assert!(ics.contains("\r\nTRANSP:TRANSPARENT\r\n"));
    assert!(ics.contains("\r\nCATEGORIES:on-call,weekly\r\n"));
    for line in c.ical(&o).unwrap().split("\r\n") {
        assert!(line.len() <= 75, "unfolded line: {line}");
    }
}

#[test]
fn a_window_outside_the_compiled_one_is_refused() {
    let c = weekly()
        .compile(window("2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z"))
        .unwrap();
    let o = IcalOptions::new(
        window("2026-03-15T00:00:00Z", "2026-04-15T00:00:00Z"),
        t("2026-02-01T00:00:00Z"),
    );
    assert_eq!(c.ical(&o).unwrap_err().code(), "outside_window");
}

#[test]
fn every_sample_team_member_gets_a_calendar() {
    let doc: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/org/schedules.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let s: Schedule = serde_json::from_value(doc["schedules"][0].clone()).unwrap();
    let c = s
        .compile(window("2026-11-01T00:00:00Z", "2027-01-01T00:00:00Z"))
        .unwrap();
    for person in ["alice", "bob", "chen", "dana", "eve", "farid"] {
        let mut o = IcalOptions::new(
            window("2026-12-01T00:00:00Z", "2026-12-15T00:00:00Z"),
            t("2026-11-30T00:00:00Z"),
        );
        o.person = Some(person.into());
        o.times = ExportTimes::Zoned(None);
        let ics = c.ical(&o).unwrap();
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
        assert!(
            ics.matches("BEGIN:VEVENT").count() > 0,
            "{person} has no shifts"
        );
        assert!(ics.contains(&format!("X-WATCHSTANDER-PERSON:{person}\r\n")));
    }
}

#[test]
fn the_ical_operation_needs_the_export_time() {
    let err = watchstander::ops::call(
        "schedule.ical",
        &json!({"schedule": {"id": "s", "zone": "UTC", "layers": []},
                "from": "2026-01-01T00:00:00Z", "to": "2026-01-02T00:00:00Z"}),
    )
    .unwrap_err();
    assert_eq!(err.code(), "invalid_input");
    assert!(err.to_string().contains("now"), "{err}");
}

#[test]
fn fnv1a_64_matches_the_published_test_vectors() {
    // From the FNV reference test suite (Landon Curt Noll's `test_fnv.c`, FNV-1a 64).
    use watchstander::schedule::ical::fnv1a_64;
    assert_eq!(fnv1a_64(b""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(fnv1a_64(b"a"), 0xaf63_dc4c_8601_ec8c);
    assert_eq!(fnv1a_64(b"foobar"), 0x8594_4171_f739_67e8);
}

#[test]
fn event_descriptions_give_local_times_time_off_and_truncation_only_where_they_apply() {
    let mut v = serde_json::to_value(weekly()).unwrap();
    v["people"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "alice", "time_off": [{"name": "Leave", "date": "2026-04-02"}]}));
    let s: Schedule = serde_json::from_value(v).unwrap();
    // The window starts inside alice's week (30 March to 6 April) and ends at dana's handoff.
    let w = window("2026-04-01T00:00:00Z", "2026-04-13T08:00:00Z");
    let c = s.compile(w).unwrap();
    let cal = c
        .ical_calendar(&IcalOptions::new(w, t("2026-03-01T00:00:00Z")))
        .unwrap();
    let texts: Vec<(String, String)> = cal
        .events
        .iter()
        .map(|e| (e.summary.clone(), e.description.clone().unwrap_or_default()))
        .collect();
    assert_eq!(texts.len(), 2, "{texts:?}");
    let (alice, dana) = (&texts[0].1, &texts[1].1);
    assert!(texts[0].0.contains("alice") && texts[1].0.contains("dana"));
    assert!(
        alice.contains("\nWed 2026-04-01 01:00 BST to Mon 2026-04-06 09:00 BST (128.0 h)\n"),
        "{alice}"
    );
    assert!(
        alice.contains("\nTime off during this shift: Leave.\n"),
        "{alice}"
    );
    assert!(
        alice.ends_with("\nThe shift runs past the exported window."),
        "{alice}"
    );
    assert!(
        dana.contains("\nMon 2026-04-06 09:00 BST to Mon 2026-04-13 09:00 BST (168.0 h)\n"),
        "{dana}"
    );
    assert!(
        !dana.contains("Time off") && !dana.contains("runs past"),
        "{dana}"
    );
}

#[test]
fn gap_events_come_only_when_asked_for_and_only_in_a_schedule_calendar() {
    let s: Schedule = serde_json::from_value(json!({"id": "s", "zone": "UTC", "layers": [{"id": "day",
        "restrictions": [{"start": "09:00", "end": "17:00"}],
        "rotation": {"members": ["a"], "anchor": "2026-01-05", "handoff": {"every": 1, "unit": "days"}}}]}))
    .unwrap();
    let w = window("2026-01-05T00:00:00Z", "2026-01-06T00:00:00Z");
    let c = s.compile(w).unwrap();
    let summaries = |gaps: bool, person: Option<&str>| -> Vec<String> {
        let mut o = IcalOptions::new(w, t("2026-01-01T00:00:00Z"));
        o.include_gaps = gaps;
        o.person = person.map(str::to_string);
        let cal = c.ical_calendar(&o).unwrap();
        cal.events.iter().map(|e| e.summary.clone()).collect()
    };
    assert_eq!(
        summaries(true, None),
        ["NOBODY on call — s", "On call: a — s", "NOBODY on call — s"]
    );
    assert_eq!(summaries(false, None), ["On call: a — s"]);
    assert_eq!(summaries(true, Some("a")), ["On call: s"]);
}

/// The DTSTART line of the first event of a `schedule.ical` output (after any VTIMEZONE).
fn first_event_start(out: &serde_json::Value) -> String {
    unfold(out["ics"].as_str().unwrap())
        .lines()
        .skip_while(|l| *l != "BEGIN:VEVENT")
        .find(|l| l.starts_with("DTSTART"))
        .unwrap()
        .to_string()
}

#[test]
fn the_ical_operation_keeps_its_margin_inside_the_compile_limit() {
    // Shifts overlapping the window are exported whole: the schedule is compiled with a margin
    // either side (up to 45 days), as far as the 1 096-day limit allows. A 1 050-day window
    // leaves 22 days either side, enough for the week that started on 29 December; the
    // longest window leaves none, and the edge shifts are cut at the window.
    let first_start = |hours: i64| -> String {
        let from = t("2026-01-01T00:00:00Z");
        let out = watchstander::ops::call(
            "schedule.ical",
            &json!({"schedule": {"id": "s", "zone": "UTC", "layers": [{"id": "l", "rotation": {
                "members": ["a", "b"], "anchor": "2025-01-06T09:00", "handoff": {"every": 1, "unit": "weeks"}}}]},
                "from": from, "to": from + chrono::Duration::hours(hours), "now": "2026-01-01T00:00:00Z"}),
        )
        .unwrap();
        first_event_start(&out)
    };
    assert_eq!(first_start(7 * 24), "DTSTART:20251229T090000Z");
    assert_eq!(first_start(1_050 * 24), "DTSTART:20251229T090000Z");
    // Half a day over 1 094 days: a day either side would pass the limit.
    assert_eq!(first_start(1_094 * 24 + 12), "DTSTART:20260101T000000Z");
    // One day short of the limit leaves less than a day either side: no margin at all.
    assert_eq!(first_start(1_095 * 24), "DTSTART:20260101T000000Z");
    assert_eq!(first_start(1_096 * 24), "DTSTART:20260101T000000Z");
}

#[test]
fn the_ical_operation_writes_utc_unless_asked_for_a_zone() {
    let dtstart = |extra: serde_json::Value| -> String {
        let mut input = json!({"schedule": serde_json::to_value(weekly()).unwrap(),
            "from": "2026-03-24T00:00:00Z", "to": "2026-03-25T00:00:00Z", "now": "2026-03-01T12:00:00Z"});
        for (k, v) in extra.as_object().unwrap() {
            input[k] = v.clone();
        }
        first_event_start(&watchstander::ops::call("schedule.ical", &input).unwrap())
    };
    // Bob's week from Monday 23 March 09:00 GMT.
    assert_eq!(dtstart(json!({})), "DTSTART:20260323T090000Z");
    assert_eq!(dtstart(json!({"times": "utc"})), "DTSTART:20260323T090000Z");
    // Zoned: the schedule's zone, or the zone given (which implies zoned times).
    assert_eq!(
        dtstart(json!({"times": "zoned"})),
        "DTSTART;TZID=Europe/London:20260323T090000"
    );
    assert_eq!(
        dtstart(json!({"zone": "America/New_York"})),
        "DTSTART;TZID=America/New_York:20260323T050000"
    );
}
