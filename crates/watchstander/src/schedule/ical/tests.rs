//! Rendering tests. Expected texts are written from RFC 5545 by hand, not copied from output.

use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;

use super::*;
use crate::schedule::ScheduleError;
use crate::time::Zone;

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

fn stamp() -> DateTime<Utc> {
    utc(2026, 11, 1, 12, 0)
}

fn event(uid: &str, start: DateTime<Utc>, end: DateTime<Utc>, summary: &str) -> IcalEvent {
    IcalEvent::new(uid, start, end, summary, stamp())
}

fn calendar(mode: TimeMode, events: Vec<IcalEvent>) -> IcalCalendar {
    IcalCalendar::new("-//watchstander//test//EN", "Test")
        .time_mode(mode)
        .events(events)
}

fn zone(name: &str) -> Zone {
    Zone::parse(name).unwrap()
}

/// Physical lines joined back into logical lines (RFC 5545 §3.1 unfolding).
fn unfold(ics: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for physical in ics.split_terminator("\r\n") {
        match physical.strip_prefix(' ') {
            Some(rest) => lines.last_mut().unwrap().push_str(rest),
            None => lines.push(physical.to_string()),
        }
    }
    lines
}

/// Reverses TEXT escaping in one left-to-right pass.
fn unescape(value: &str) -> String {
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') | Some('N') => out.push('\n'),
                Some(other) => out.push(other),
                None => panic!("dangling backslash in {value:?}"),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The value of the first logical line named `name` (no parameters).
fn value_of(ics: &str, name: &str) -> String {
    let prefix = format!("{name}:");
    unfold(ics)
        .into_iter()
        .find_map(|l| l.strip_prefix(&prefix).map(str::to_string))
        .unwrap_or_else(|| panic!("no {name} in\n{ics}"))
}

fn check_physical_lines(ics: &str) {
    assert!(ics.ends_with("\r\n"));
    assert!(
        !ics.replace("\r\n", "").contains(['\r', '\n']),
        "bare CR or LF"
    );
    for line in ics.split_terminator("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        assert!(!line.is_empty(), "empty line");
    }
}

#[test]
fn a_utc_calendar_renders_exactly() {
    let e = event(
        "a1@watchstander",
        utc(2026, 11, 26, 9, 0),
        utc(2026, 11, 26, 17, 30),
        "On call: Ana",
    )
    .description("Line one\nLine two")
    .location("Dublin, IE")
    .category("on-call")
    .category("primary; weekday")
    .url("https://oncall.example/s/1?a=1,2")
    .status(EventStatus::Confirmed)
    .transparency(Transparency::Transparent)
    .sequence(3)
    .last_modified(utc(2026, 10, 31, 8, 15))
    .x_property("x-watchstander-layer", "Primary, EU")
    .alarm(IcalAlarm::display(Duration::minutes(15), "Soon"));
    let ics = IcalCalendar::new("-//watchstander//test//EN", "Ops, EU")
        .method(Method::Publish)
        .x_property("X-PUBLISHED-TTL", "PT1H")
        .event(e)
        .render()
        .unwrap();
    let expected = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//watchstander//test//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "NAME:Ops\\, EU",
        "X-WR-CALNAME:Ops\\, EU",
        "X-PUBLISHED-TTL:PT1H",
        "BEGIN:VEVENT",
        "UID:a1@watchstander",
        "DTSTAMP:20261101T120000Z",
        "DTSTART:20261126T090000Z",
        "DTEND:20261126T173000Z",
        "SUMMARY:On call: Ana",
        "DESCRIPTION:Line one\\nLine two",
        "LOCATION:Dublin\\, IE",
        "CATEGORIES:on-call,primary\\; weekday",
        "URL:https://oncall.example/s/1?a=1,2",
        "STATUS:CONFIRMED",
        "TRANSP:TRANSPARENT",
        "SEQUENCE:3",
        "LAST-MODIFIED:20261031T081500Z",
        "X-WATCHSTANDER-LAYER:Primary\\, EU",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "TRIGGER:-PT15M",
        "DESCRIPTION:Soon",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ];
    assert_eq!(ics, format!("{}\r\n", expected.join("\r\n")));
}

#[test]
fn a_minimal_event_has_only_the_required_properties_and_sequence() {
    let ics = calendar(
        TimeMode::Utc,
        vec![event(
            "m@x",
            utc(2026, 1, 1, 0, 0),
            utc(2026, 1, 1, 1, 0),
            "",
        )],
    )
    .render()
    .unwrap();
    let names: Vec<String> = unfold(&ics)
        .iter()
        .skip_while(|l| *l != "BEGIN:VEVENT")
        .map(|l| l.split([':', ';']).next().unwrap().to_string())
        .collect();
    assert_eq!(
        names,
        ["BEGIN", "UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "SEQUENCE", "END", "END"]
    );
    assert!(!ics.contains("METHOD"));
    assert!(!ics.contains("VTIMEZONE"));
}

#[test]
fn zoned_times_carry_the_tzid_and_a_vtimezone() {
    let london = zone("Europe/London");
    let ics = calendar(
        TimeMode::Zoned(london),
        vec![
            // 09:00 GMT and 09:00 BST.
            event(
                "w",
                utc(2026, 3, 27, 9, 0),
                utc(2026, 3, 27, 17, 0),
                "Winter",
            ),
            event(
                "s",
                utc(2026, 3, 30, 8, 0),
                utc(2026, 3, 30, 16, 0),
                "Summer",
            ),
        ],
    )
    .render()
    .unwrap();
    check_physical_lines(&ics);
    let lines = unfold(&ics);
    for expected in [
        "DTSTART;TZID=Europe/London:20260327T090000",
        "DTEND;TZID=Europe/London:20260327T170000",
        "DTSTART;TZID=Europe/London:20260330T090000",
        "DTEND;TZID=Europe/London:20260330T170000",
        "TZID:Europe/London",
        "DTSTART:20260329T010000",
    ] {
        assert!(
            lines.iter().any(|l| l == expected),
            "missing {expected}\n{ics}"
        );
    }
    assert_eq!(ics.matches("BEGIN:VTIMEZONE").count(), 1);
    // VTIMEZONE comes before the first event.
    assert!(ics.find("BEGIN:VTIMEZONE").unwrap() < ics.find("BEGIN:VEVENT").unwrap());
}

#[test]
fn repeated_wall_clock_times_are_written_in_utc() {
    // 25 October 2026, London: 01:00–02:00 BST, then 01:00–02:00 GMT again.
    let london = zone("Europe/London");
    let first = utc(2026, 10, 25, 0, 30); // 01:30 BST
    let second = utc(2026, 10, 25, 1, 30); // 01:30 GMT
    let after = utc(2026, 10, 25, 2, 30); // 02:30 GMT
    let ics = calendar(
        TimeMode::Zoned(london),
        vec![
            event("f", first, second, "First 01:30"),
            event("g", second, after, "Second 01:30"),
        ],
    )
    .render()
    .unwrap();
    let lines = unfold(&ics);
    for expected in [
        "DTSTART:20261025T003000Z",
        "DTEND:20261025T013000Z",
        "DTSTART:20261025T013000Z",
        "DTEND;TZID=Europe/London:20261025T023000",
    ] {
        assert!(
            lines.iter().any(|l| l == expected),
            "missing {expected}\n{ics}"
        );
    }
    // Just outside the repeated hour, the zone is used again.
    let ics = calendar(
        TimeMode::Zoned(london),
        vec![event(
            "h",
            utc(2026, 10, 24, 23, 59),
            utc(2026, 10, 25, 2, 0),
            "Edges",
        )],
    )
    .render()
    .unwrap();
    let lines = unfold(&ics);
    assert!(lines.contains(&"DTSTART;TZID=Europe/London:20261025T005900".to_string()));
    assert!(lines.contains(&"DTEND;TZID=Europe/London:20261025T020000".to_string()));
}

#[test]
fn each_event_may_name_its_zone_and_zones_are_written_in_name_order() {
    let ics = calendar(
        TimeMode::Zoned(zone("Europe/London")),
        vec![
            event("a", utc(2026, 6, 1, 0, 0), utc(2026, 6, 1, 8, 0), "APAC")
                .zone(zone("Australia/Sydney")),
            event("b", utc(2026, 6, 1, 8, 0), utc(2026, 6, 1, 16, 0), "EMEA"),
            event("c", utc(2026, 6, 1, 16, 0), utc(2026, 6, 2, 0, 0), "AMER")
                .zone(zone("America/New_York")),
        ],
    )
    .render()
    .unwrap();
    let tzids: Vec<String> = unfold(&ics)
        .into_iter()
        .filter_map(|l| l.strip_prefix("TZID:").map(str::to_string))
        .collect();
    assert_eq!(
        tzids,
        ["America/New_York", "Australia/Sydney", "Europe/London"]
    );
    let lines = unfold(&ics);
    assert!(lines.contains(&"DTSTART;TZID=Australia/Sydney:20260601T100000".to_string()));
    assert!(lines.contains(&"DTSTART;TZID=Europe/London:20260601T090000".to_string()));
    assert!(lines.contains(&"DTSTART;TZID=America/New_York:20260601T120000".to_string()));
}

#[test]
fn utc_mode_ignores_event_zones_and_zoned_utc_needs_no_vtimezone() {
    let e = event("a", utc(2026, 6, 1, 0, 0), utc(2026, 6, 1, 8, 0), "x")
        .zone(zone("Australia/Sydney"));
    let ics = calendar(TimeMode::Utc, vec![e.clone()]).render().unwrap();
    assert!(!ics.contains("VTIMEZONE"));
    assert_eq!(value_of(&ics, "DTSTART"), "20260601T000000Z");
    let ics = calendar(TimeMode::Zoned(Zone::UTC), vec![e.zone(Zone::UTC)])
        .render()
        .unwrap();
    assert!(!ics.contains("VTIMEZONE"));
    assert_eq!(value_of(&ics, "DTSTART"), "20260601T000000Z");
}

#[test]
fn a_zone_spans_only_its_own_events() {
    // London's events are in June; New York's a year later. London's VTIMEZONE must not be
    // stretched over New York's dates.
    let ics = calendar(
        TimeMode::Zoned(zone("Europe/London")),
        vec![
            event("l", utc(2026, 6, 1, 8, 0), utc(2026, 6, 1, 16, 0), "L"),
            event("n", utc(2027, 6, 1, 13, 0), utc(2027, 6, 1, 21, 0), "N")
                .zone(zone("America/New_York")),
        ],
    )
    .render()
    .unwrap();
    let london = &ics[ics.find("TZID:Europe/London").unwrap()..];
    let london = &london[..london.find("END:VTIMEZONE").unwrap()];
    assert_eq!(london.matches("BEGIN:").count(), 1, "{london}");
    let ny = &ics[ics.find("TZID:America/New_York").unwrap()..];
    let ny = &ny[..ny.find("END:VTIMEZONE").unwrap()];
    assert_eq!(ny.matches("BEGIN:").count(), 1, "{ny}");
    assert!(ny.contains("DTSTART:20270524T200000"), "{ny}");
}

#[test]
fn a_200_character_summary_with_emoji_folds_within_75_octets() {
    let summary: String = "Incident 🚨 bridge, ops; C:\\logs\n"
        .chars()
        .cycle()
        .take(200)
        .collect();
    assert_eq!(summary.chars().count(), 200);
    let ics = calendar(
        TimeMode::Utc,
        vec![event(
            "long",
            utc(2026, 1, 1, 0, 0),
            utc(2026, 1, 2, 0, 0),
            &summary,
        )],
    )
    .render()
    .unwrap();
    check_physical_lines(&ics);
    let summary_lines = ics
        .split_terminator("\r\n")
        .skip_while(|l| !l.starts_with("SUMMARY:"))
        .take_while(|l| l.starts_with("SUMMARY:") || l.starts_with(' '))
        .count();
    assert!(summary_lines >= 4, "{ics}");
    assert_eq!(unescape(&value_of(&ics, "SUMMARY")), summary);
}

#[test]
fn rendering_is_deterministic() {
    let build = || {
        calendar(
            TimeMode::Zoned(zone("Pacific/Chatham")),
            (0..20)
                .map(|i| {
                    let start = utc(2026, 1, 1, 0, 0) + Duration::days(i * 17);
                    event(
                        &stable_uid(&["det", &i.to_string()]),
                        start,
                        start + Duration::hours(12),
                        &format!("Shift {i}"),
                    )
                    .zone(if i % 3 == 0 {
                        zone("Asia/Kathmandu")
                    } else {
                        zone("Pacific/Chatham")
                    })
                })
                .collect(),
        )
    };
    let a = build().render().unwrap();
    let b = build().render().unwrap();
    assert_eq!(a, b);
    assert_eq!(a.as_bytes(), b.as_bytes());
}

#[test]
fn the_event_limit_is_enforced_before_any_work() {
    let e = event("x", utc(2026, 1, 1, 0, 0), utc(2026, 1, 1, 1, 0), "x");
    let many = calendar(TimeMode::Utc, vec![e; MAX_EVENTS + 1]);
    let err = many.render().unwrap_err();
    assert_eq!(err.code(), "ical_too_many_events");
    assert_eq!(
        err,
        ScheduleError::IcalTooManyEvents {
            count: MAX_EVENTS + 1,
            limit: MAX_EVENTS
        }
    );
}

#[test]
fn exactly_max_events_render() {
    let base = utc(2026, 1, 1, 0, 0);
    let events = (0..MAX_EVENTS)
        .map(|i| {
            let start = base + Duration::minutes(i as i64);
            event(&format!("e{i}"), start, start + Duration::minutes(1), "s")
        })
        .collect();
    let ics = calendar(TimeMode::Utc, events).render().unwrap();
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), MAX_EVENTS);
}

#[test]
fn uids_must_be_present_and_unique() {
    let t = utc(2026, 1, 1, 0, 0);
    let e = |uid: &str| event(uid, t, t + Duration::hours(1), "s");
    let err = calendar(TimeMode::Utc, vec![e("")]).render().unwrap_err();
    assert_eq!(err.code(), "ical_invalid_uid");
    let err = calendar(TimeMode::Utc, vec![e("a"), e("b"), e("a")])
        .render()
        .unwrap_err();
    assert_eq!(err.code(), "ical_invalid_uid");
    assert!(err.to_string().contains("\"a\""));
}

#[test]
fn events_must_last_at_least_a_whole_second() {
    let t = utc(2026, 1, 1, 0, 0);
    let check =
        |end: DateTime<Utc>| calendar(TimeMode::Utc, vec![event("u", t, end, "s")]).render();
    assert_eq!(check(t).unwrap_err().code(), "ical_event_not_after_start");
    assert_eq!(
        check(t - Duration::hours(1)).unwrap_err().code(),
        "ical_event_not_after_start"
    );
    // 0.9 s is written as 0 s.
    assert_eq!(
        check(t + Duration::milliseconds(900)).unwrap_err().code(),
        "ical_event_not_after_start"
    );
    assert!(check(t + Duration::seconds(1)).is_ok());
}

#[test]
fn errors_name_the_event_and_the_field() {
    let t = utc(2026, 1, 1, 0, 0);
    let base = || event("evt-7", t, t + Duration::hours(1), "ok");
    let render = |e: IcalEvent| calendar(TimeMode::Utc, vec![e]).render().unwrap_err();

    let err = render(base().description("tab\tok, bell\u{7} not"));
    assert_eq!(err.code(), "ical_invalid_text");
    let message = err.to_string();
    assert!(
        message.contains("DESCRIPTION of event \"evt-7\""),
        "{message}"
    );
    assert!(message.contains("U+0007"), "{message}");

    assert_eq!(
        render(base().category("a\u{1}")).code(),
        "ical_invalid_text"
    );
    assert_eq!(render(base().location("\u{0}")).code(), "ical_invalid_text");
    let err = render(base().alarm(IcalAlarm::display(Duration::minutes(5), "\u{1b}[31m")));
    assert!(err.to_string().contains("VALARM DESCRIPTION"), "{err}");
    let err = render(base().x_property("X-NOTE", "a\u{7f}"));
    assert!(
        err.to_string().contains("X-NOTE of event \"evt-7\""),
        "{err}"
    );

    assert_eq!(
        render(base().x_property("NOTE", "x")).code(),
        "ical_invalid_name"
    );
    assert_eq!(
        render(base().x_property("X-A B", "x")).code(),
        "ical_invalid_name"
    );
    assert_eq!(
        render(base().url("https://a b")).code(),
        "ical_invalid_value"
    );
    assert_eq!(render(base().url("")).code(), "ical_invalid_value");
    assert_eq!(
        render(base().url("https://x/\n")).code(),
        "ical_invalid_value"
    );

    let err = calendar(TimeMode::Utc, vec![base()])
        .x_property("WR-CALNAME", "x")
        .render()
        .unwrap_err();
    assert_eq!(err.code(), "ical_invalid_name");
    let err = IcalCalendar::new("bad\u{0}", "x").render().unwrap_err();
    assert_eq!(err.code(), "ical_invalid_text");
}

#[test]
fn dates_outside_four_digit_years_are_refused() {
    let late = Utc.with_ymd_and_hms(10_000, 1, 1, 0, 0, 0).unwrap();
    let t = utc(2026, 1, 1, 0, 0);
    let err = calendar(TimeMode::Utc, vec![event("a", t, late, "s")])
        .render()
        .unwrap_err();
    assert_eq!(err.code(), "ical_date_out_of_range");
    assert!(err.to_string().contains("DTEND of event \"a\""));
    let err = calendar(
        TimeMode::Utc,
        vec![IcalEvent::new("a", t, t + Duration::hours(1), "s", late)],
    )
    .render()
    .unwrap_err();
    assert!(err.to_string().contains("DTSTAMP"));
    // Early in year 1 the VTIMEZONE margin would reach back into year 0.
    let start = Utc.with_ymd_and_hms(1, 1, 3, 0, 0, 0).unwrap();
    let err = calendar(
        TimeMode::Zoned(zone("Europe/Paris")),
        vec![event("z", start, start + Duration::hours(2), "s")],
    )
    .render()
    .unwrap_err();
    assert_eq!(err.code(), "ical_date_out_of_range");
    assert!(
        err.to_string().contains("VTIMEZONE of Europe/Paris"),
        "{err}"
    );
}

#[test]
fn long_zoned_spans_are_refused_but_utc_has_no_span_limit() {
    let from = utc(2026, 1, 1, 0, 0);
    let late = from + Duration::days(MAX_VTIMEZONE_SPAN_DAYS);
    let events = vec![
        event("a", from, from + Duration::hours(1), "a"),
        event("b", late, late + Duration::hours(1), "b"),
    ];
    let err = calendar(TimeMode::Zoned(zone("America/New_York")), events.clone())
        .render()
        .unwrap_err();
    assert_eq!(err.code(), "ical_span_too_long");
    assert!(calendar(TimeMode::Utc, events).render().is_ok());
    // Within the limit, counting the margins on both sides.
    let inside = from + Duration::days(MAX_VTIMEZONE_SPAN_DAYS - 2 * VTIMEZONE_MARGIN_DAYS - 1);
    let events = vec![
        event("a", from, from + Duration::hours(1), "a"),
        event("b", inside - Duration::hours(1), inside, "b"),
    ];
    assert!(calendar(TimeMode::Zoned(zone("America/New_York")), events)
        .render()
        .is_ok());
}

#[test]
fn alarms_trigger_relative_to_the_start() {
    let t = utc(2026, 1, 1, 9, 0);
    let ics = calendar(
        TimeMode::Utc,
        vec![event("a", t, t + Duration::hours(8), "s")
            .alarm(IcalAlarm::display(Duration::minutes(15), "15 min"))
            .alarm(IcalAlarm::display(
                Duration::days(1) + Duration::hours(2),
                "day",
            ))
            .alarm(IcalAlarm::display(Duration::zero(), "now"))
            .alarm(IcalAlarm::display(Duration::minutes(-10), "after"))],
    )
    .render()
    .unwrap();
    let triggers: Vec<String> = unfold(&ics)
        .into_iter()
        .filter_map(|l| l.strip_prefix("TRIGGER:").map(str::to_string))
        .collect();
    assert_eq!(triggers, ["-PT15M", "-P1DT2H", "PT0S", "PT10M"]);
    assert_eq!(ics.matches("ACTION:DISPLAY").count(), 4);
}

#[test]
fn an_empty_calendar_is_still_a_calendar() {
    let ics = IcalCalendar::new("-//x//y//EN", "Nobody's shifts")
        .time_mode(TimeMode::Zoned(zone("Europe/London")))
        .render()
        .unwrap();
    assert_eq!(
        ics,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nCALSCALE:GREGORIAN\r\n\
         NAME:Nobody's shifts\r\nX-WR-CALNAME:Nobody's shifts\r\nEND:VCALENDAR\r\n"
    );
}

/// Text without ASCII control characters other than tab and LF, biased towards the
/// characters that need escaping and multi-octet characters.
fn text_strategy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\\".to_string()),
        Just(";".to_string()),
        Just(",".to_string()),
        Just("\n".to_string()),
        Just(":".to_string()),
        Just("\"".to_string()),
        Just("\t".to_string()),
        Just(" ".to_string()),
        Just("\\n".to_string()),
        Just("é".to_string()),
        Just("€".to_string()),
        Just("🚨".to_string()),
        Just("👩‍💻".to_string()),
        "[a-zA-Z0-9 ]{1,12}",
        any::<char>()
            .prop_filter("no ASCII control", |c| !c.is_ascii_control())
            .prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..80).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn unfolding_then_unescaping_returns_any_summary(summary in text_strategy()) {
        let t = utc(2026, 5, 1, 9, 0);
        let ics = calendar(TimeMode::Utc, vec![event("p", t, t + Duration::hours(1), &summary)])
            .render()
            .unwrap();
        check_physical_lines(&ics);
        prop_assert_eq!(unescape(&value_of(&ics, "SUMMARY")), summary);
    }

    #[test]
    fn every_line_break_form_reads_back_as_lf(
        parts in proptest::collection::vec(text_strategy(), 1..4),
        breaks in proptest::collection::vec(prop_oneof![Just("\r\n"), Just("\r"), Just("\n")], 3),
    ) {
        let mut text = String::new();
        for (i, part) in parts.iter().enumerate() {
            text.push_str(part);
            if i + 1 < parts.len() {
                text.push_str(breaks[i]);
            }
        }
        // RFC 5545 has one line break; CRLF, lone CR and LF all become it.
        let expected = text.replace("\r\n", "\n").replace('\r', "\n");
        let escaped = writer::escape_text(&text, "DESCRIPTION").unwrap();
        prop_assert!(!escaped.contains(['\r', '\n']));
        prop_assert_eq!(unescape(&escaped), expected);
    }

    #[test]
    fn folding_keeps_every_line_within_75_octets_and_loses_nothing(text in "\\PC{0,400}") {
        let line = format!("DESCRIPTION:{text}");
        let mut out = String::new();
        writer::fold_line(&line, &mut out);
        prop_assert!(out.ends_with("\r\n"));
        let physical: Vec<&str> = out.split_terminator("\r\n").collect();
        for (i, p) in physical.iter().enumerate() {
            prop_assert!(p.len() <= 75, "{} octets", p.len());
            if i > 0 {
                prop_assert!(p.starts_with(' '));
                prop_assert!(p.len() > 1, "empty continuation");
            }
        }
        // A line is only cut when what is left does not fit.
        for (i, p) in physical.iter().enumerate().take(physical.len().saturating_sub(1)) {
            let next_char = physical[i + 1][1..].chars().next().unwrap();
            prop_assert!(p.len() + next_char.len_utf8() > 75);
        }
        prop_assert_eq!(unfold(&out), vec![line]);
    }
}
