//! iCalendar fixtures: calendars rendered by `schedule::ical`, checked here with a small
//! independent reader, and — when `WATCHSTANDER_ICS_OUT` names a directory — written there as
//! `<name>.ics` with a JSON sidecar `<name>.json` and a `manifest.json`, for the real parsers
//! in `tests/ical/` (Python `icalendar`, `ical.js`). `tests/ical/run.sh` runs all three.
//!
//! Expected values come from the fixture inputs, never from the rendered text: every event is
//! written below as wall-clock time with the UTC offset that the zone's published DST rules
//! give (worked out by hand), and the sidecar carries those instants in UTC, the local reading,
//! the texts as given, and the UID's parts (the readers recompute the FNV-1a UID themselves).

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};
use proptest::prelude::*;
use serde_json::{json, Value};
use watchstander::schedule::ical::{
    stable_uid, EventStatus, IcalAlarm, IcalCalendar, IcalEvent, Method, TimeMode, Transparency,
};
use watchstander::time::{parse_instant, Zone};

// ---------------------------------------------------------------------------------------------
// Fixture inputs
// ---------------------------------------------------------------------------------------------

/// How a time is expected to be written.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Form {
    /// `DTSTART;TZID=<zone>:<local>`.
    Zoned,
    /// `DTSTART:<utc>Z` (UTC calendars, and wall-clock times that occur twice).
    Utc,
}

struct Spec {
    uid_parts: Vec<String>,
    /// Wall-clock time with its offset, e.g. `2026-03-29T09:00:00+01:00`.
    start: String,
    end: String,
    start_form: Form,
    end_form: Form,
    summary: String,
    description: Option<String>,
    location: Option<String>,
    categories: Vec<String>,
    url: Option<String>,
    status: Option<EventStatus>,
    sequence: u32,
    zone: Option<&'static str>,
    alarms: Vec<(i64, String)>,
    extra: Vec<(String, String)>,
}

fn spec(parts: &[&str], start: &str, end: &str, summary: &str) -> Spec {
    Spec {
        uid_parts: parts.iter().map(|p| p.to_string()).collect(),
        start: start.to_string(),
        end: end.to_string(),
        start_form: Form::Zoned,
        end_form: Form::Zoned,
        summary: summary.to_string(),
        description: None,
        location: None,
        categories: Vec::new(),
        url: None,
        status: None,
        sequence: 0,
        zone: None,
        alarms: Vec::new(),
        extra: Vec::new(),
    }
}

impl Spec {
    fn utc_start(mut self) -> Spec {
        self.start_form = Form::Utc;
        self
    }
    fn utc_end(mut self) -> Spec {
        self.end_form = Form::Utc;
        self
    }
    fn description(mut self, text: &str) -> Spec {
        self.description = Some(text.to_string());
        self
    }
    fn location(mut self, text: &str) -> Spec {
        self.location = Some(text.to_string());
        self
    }
    fn categories(mut self, list: &[&str]) -> Spec {
        self.categories = list.iter().map(|c| c.to_string()).collect();
        self
    }
    fn url(mut self, url: &str) -> Spec {
        self.url = Some(url.to_string());
        self
    }
    fn status(mut self, status: EventStatus) -> Spec {
        self.status = Some(status);
        self
    }
    fn sequence(mut self, n: u32) -> Spec {
        self.sequence = n;
        self
    }
    fn zone(mut self, zone: &'static str) -> Spec {
        self.zone = Some(zone);
        self
    }
    fn alarm(mut self, minutes_before: i64, text: &str) -> Spec {
        self.alarms.push((minutes_before * 60, text.to_string()));
        self
    }
    fn extra(mut self, name: &str, value: &str) -> Spec {
        self.extra.push((name.to_string(), value.to_string()));
        self
    }
}

// The 2026 transitions (UTC instant, UTC offset after in seconds) of the zones the fixtures
// use, from the published rules: EU last Sunday of March/October at 01:00 UTC; US and Canada
// second Sunday of March / first Sunday of November at 02:00 local; New South Wales and Lord
// Howe first Sunday of April/October; New Zealand (and Chatham, at +12:45/+13:45) first
// Sunday of April / last Sunday of September. Worked out by hand.
const LONDON_2026: &[(&str, i64)] = &[("2026-03-29T01:00:00Z", 3600), ("2026-10-25T01:00:00Z", 0)];
const NEW_YORK_2026: &[(&str, i64)] = &[
    ("2026-03-08T07:00:00Z", -4 * 3600),
    ("2026-11-01T06:00:00Z", -5 * 3600),
];
const ST_JOHNS_2026: &[(&str, i64)] = &[
    ("2026-03-08T05:30:00Z", -(2 * 3600 + 1800)),
    ("2026-11-01T04:30:00Z", -(3 * 3600 + 1800)),
];
const LORD_HOWE_2026: &[(&str, i64)] = &[
    ("2026-04-04T15:00:00Z", 10 * 3600 + 1800),
    ("2026-10-03T15:30:00Z", 11 * 3600),
];
const SYDNEY_2026: &[(&str, i64)] = &[
    ("2026-04-04T16:00:00Z", 10 * 3600),
    ("2026-10-03T16:00:00Z", 11 * 3600),
];
const CHATHAM_2026: &[(&str, i64)] = &[
    ("2026-04-04T14:00:00Z", 12 * 3600 + 45 * 60),
    ("2026-09-26T14:00:00Z", 13 * 3600 + 45 * 60),
];

fn known_2026(zone: &str) -> &'static [(&'static str, i64)] {
    match zone {
        "Europe/London" | "Europe/Dublin" => LONDON_2026,
        "America/New_York" => NEW_YORK_2026,
        "America/St_Johns" => ST_JOHNS_2026,
        "Australia/Lord_Howe" => LORD_HOWE_2026,
        "Australia/Sydney" => SYDNEY_2026,
        "Pacific/Chatham" => CHATHAM_2026,
        "Asia/Kathmandu" => &[],
        other => panic!("add the 2026 transitions of {other}"),
    }
}

struct Fixture {
    name: &'static str,
    calendar_name: String,
    mode: Option<&'static str>, // None = UTC, Some(zone) = zoned with that default zone
    events: Vec<Spec>,
}

fn stamp() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 8, 0, 0).unwrap()
}

fn instant(text: &str) -> DateTime<Utc> {
    parse_instant(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn utc_text(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The wall-clock part of `2026-03-29T09:00:00+01:00`, as iCalendar writes it.
fn local_part(text: &str) -> String {
    text[..19].replace(['-', ':'], "")
}

fn two_hundred_chars() -> String {
    let text: String = "Escalation 🚨 SEV-1, db; C:\\ops\\new — \"quoted\"\nnext: "
        .chars()
        .cycle()
        .take(200)
        .collect();
    assert_eq!(text.chars().count(), 200);
    text
}

fn fixtures() -> Vec<Fixture> {
    vec![
        Fixture {
            name: "utc-tricky-text",
            calendar_name: "Ops, EU; \"primary\" \\ rota 🚨".to_string(),
            mode: None,
            events: vec![
                spec(
                    &["tricky", "commas"],
                    "2026-11-26T09:00:00Z",
                    "2026-11-26T17:00:00Z",
                    "On call: Ana, Bo; Cy",
                )
                .description("Primary: Ana\nSecondary: Bo\r\nManager: Cy")
                .location("Dublin, IE; Floor 3")
                .categories(&["on-call", "primary, weekday", "semi;colon", "back\\slash"])
                .url("https://oncall.example/schedules/ops-eu?from=2026-11-26&layers=1,2;x")
                .status(EventStatus::Confirmed)
                .sequence(2)
                .alarm(15, "On call in 15 minutes")
                .alarm(24 * 60 + 30, "Tomorrow, 09:00")
                .extra("X-WATCHSTANDER-LAYER", "Primary, EU"),
                spec(
                    &["tricky", "backslashes"],
                    "2026-11-26T17:00:00Z",
                    "2026-11-27T01:00:00Z",
                    "Paths C:\\ops\\new\\table and \\n literally, trailing \\",
                )
                .description("\\\\server\\share; \\, \\; \\n are not escapes here"),
                spec(
                    &["tricky", "emoji"],
                    "2026-11-27T01:00:00Z",
                    "2026-11-27T09:00:00Z",
                    "🚨 SEV-1 bridge 👩‍💻 ☎️ — Zoë, Łukasz, 李雷, Ñandú",
                )
                .status(EventStatus::Tentative),
                spec(
                    &["tricky", "two-hundred"],
                    "2026-11-27T09:00:00Z",
                    "2026-11-28T09:00:00Z",
                    &two_hundred_chars(),
                )
                .description(&two_hundred_chars().repeat(3)),
                spec(
                    &["tricky", "spaces"],
                    "2026-11-28T09:00:00Z",
                    "2026-11-28T09:00:01Z",
                    "  padded: \"colons\" and quotes\t(tab)  ",
                )
                .status(EventStatus::Cancelled),
            ],
        },
        Fixture {
            name: "europe-london",
            calendar_name: "London on-call".to_string(),
            mode: Some("Europe/London"),
            events: vec![
                // Daily 09:00 handoffs across both 2026 changes: a 23 h and a 25 h shift.
                spec(
                    &["london", "spring"],
                    "2026-03-28T09:00:00+00:00",
                    "2026-03-29T09:00:00+01:00",
                    "Spring forward: 23 hours",
                ),
                spec(
                    &["london", "autumn"],
                    "2026-10-24T09:00:00+01:00",
                    "2026-10-25T09:00:00+00:00",
                    "Fall back: 25 hours",
                ),
                // 01:30 occurs twice on 25 October: both readings go out in UTC.
                spec(
                    &["london", "fold"],
                    "2026-10-25T01:30:00+01:00",
                    "2026-10-25T01:30:00+00:00",
                    "The repeated hour, first 01:30 to second 01:30",
                )
                .utc_start()
                .utc_end(),
                spec(
                    &["london", "around-fold"],
                    "2026-10-25T00:59:00+01:00",
                    "2026-10-25T02:00:00+00:00",
                    "Just outside the repeated hour",
                ),
                // The first minutes after each change, where a VTIMEZONE onset that is off
                // by the DST shift would show.
                spec(
                    &["london", "after-gap"],
                    "2026-03-29T00:59:00+00:00",
                    "2026-03-29T02:01:00+01:00",
                    "Two minutes across the gap",
                ),
                spec(
                    &["london", "after-fold"],
                    "2026-10-25T02:00:00+00:00",
                    "2026-10-25T02:10:00+00:00",
                    "First minutes after the repeated hour",
                ),
                spec(
                    &["london", "winter"],
                    "2026-11-26T09:00:00+00:00",
                    "2026-11-26T17:00:00+00:00",
                    "Winter day, Ana",
                )
                .alarm(30, "Shift in 30 minutes"),
            ],
        },
        Fixture {
            name: "america-new-york",
            calendar_name: "New York on-call".to_string(),
            mode: Some("America/New_York"),
            events: vec![
                spec(
                    &["ny", "weekly-spring"],
                    "2026-03-06T09:00:00-05:00",
                    "2026-03-13T09:00:00-04:00",
                    "Week across spring forward (167 h)",
                ),
                // 01:30 EST to 03:30 EDT on 8 March is one hour.
                spec(
                    &["ny", "gap"],
                    "2026-03-08T01:30:00-05:00",
                    "2026-03-08T03:30:00-04:00",
                    "Across the gap",
                ),
                spec(
                    &["ny", "fold-first"],
                    "2026-11-01T01:30:00-04:00",
                    "2026-11-01T01:45:00-04:00",
                    "01:30 EDT (first)",
                )
                .utc_start()
                .utc_end(),
                spec(
                    &["ny", "fold-second"],
                    "2026-11-01T01:30:00-05:00",
                    "2026-11-01T03:00:00-05:00",
                    "01:30 EST (second)",
                )
                .utc_start(),
                spec(
                    &["ny", "after-gap"],
                    "2026-03-08T03:00:00-04:00",
                    "2026-03-08T03:10:00-04:00",
                    "First minutes of EDT",
                ),
                spec(
                    &["ny", "after-fold"],
                    "2026-11-01T02:00:00-05:00",
                    "2026-11-01T02:10:00-05:00",
                    "First minutes after the repeated hour",
                ),
                spec(
                    &["ny", "weekly-autumn"],
                    "2026-10-30T09:00:00-04:00",
                    "2026-11-06T09:00:00-05:00",
                    "Week across fall back (169 h)",
                ),
            ],
        },
        Fixture {
            name: "australia-lord-howe",
            calendar_name: "Lord Howe (30-minute DST)".to_string(),
            mode: Some("Australia/Lord_Howe"),
            events: vec![
                // 5 April 2026: 02:00 (+11) becomes 01:30 (+10:30); 01:30–02:00 repeats.
                spec(
                    &["lhi", "fold-first"],
                    "2026-04-05T01:45:00+11:00",
                    "2026-04-05T01:45:00+10:30",
                    "01:45 twice",
                )
                .utc_start()
                .utc_end(),
                spec(
                    &["lhi", "after-fold"],
                    "2026-04-05T02:00:00+10:30",
                    "2026-04-05T02:10:00+10:30",
                    "First minutes after the repeated half hour",
                ),
                spec(
                    &["lhi", "autumn-day"],
                    "2026-04-04T09:00:00+11:00",
                    "2026-04-05T09:00:00+10:30",
                    "24.5 hours",
                ),
                // 4 October 2026: 02:00 (+10:30) becomes 02:30 (+11).
                spec(
                    &["lhi", "spring-day"],
                    "2026-10-03T09:00:00+10:30",
                    "2026-10-04T09:00:00+11:00",
                    "23.5 hours",
                ),
                spec(
                    &["lhi", "after-gap"],
                    "2026-10-04T01:59:00+10:30",
                    "2026-10-04T02:30:00+11:00",
                    "One minute across the gap",
                ),
            ],
        },
        Fixture {
            name: "asia-kathmandu",
            calendar_name: "Kathmandu (UTC+5:45)".to_string(),
            mode: Some("Asia/Kathmandu"),
            events: vec![
                spec(
                    &["ktm", "day"],
                    "2026-06-01T09:00:00+05:45",
                    "2026-06-01T17:00:00+05:45",
                    "Day shift",
                ),
                spec(
                    &["ktm", "new-year"],
                    "2026-12-31T22:00:00+05:45",
                    "2027-01-01T06:00:00+05:45",
                    "Night shift into 2027",
                )
                .location("Kathmandu, Nepal"),
            ],
        },
        Fixture {
            name: "follow-the-sun",
            calendar_name: "Follow the sun".to_string(),
            mode: Some("Europe/London"),
            events: vec![
                spec(
                    &["fts", "apac"],
                    "2026-04-05T08:00:00+10:00",
                    "2026-04-05T16:00:00+10:00",
                    "APAC: Mei",
                )
                .zone("Australia/Sydney"),
                spec(
                    &["fts", "emea"],
                    "2026-04-05T07:00:00+01:00",
                    "2026-04-05T15:00:00+01:00",
                    "EMEA: Ana",
                ),
                spec(
                    &["fts", "amer"],
                    "2026-04-05T10:00:00-04:00",
                    "2026-04-05T18:00:00-04:00",
                    "AMER: Dana",
                )
                .zone("America/New_York"),
                // Chatham: 02:45 (+12:45) becomes 03:45 (+13:45) on 27 September 2026.
                spec(
                    &["fts", "chatham"],
                    "2026-09-27T02:00:00+12:45",
                    "2026-09-27T04:00:00+13:45",
                    "Chatham night across the gap",
                )
                .zone("Pacific/Chatham"),
                spec(
                    &["fts", "st-johns"],
                    "2026-11-01T00:30:00-02:30",
                    "2026-11-01T02:30:00-03:30",
                    "St. John's across fall back",
                )
                .zone("America/St_Johns"),
            ],
        },
        Fixture {
            name: "member-utc",
            calendar_name: "Ana's shifts".to_string(),
            mode: None,
            events: vec![
                spec(
                    &["member", "ana", "1"],
                    "2026-03-29T09:00:00+01:00",
                    "2026-03-29T17:00:00+01:00",
                    "Primary (London)",
                )
                .categories(&["on-call"]),
                spec(
                    &["member", "ana", "2"],
                    "2026-04-05T09:00:00+10:30",
                    "2026-04-05T17:00:00+10:30",
                    "Cover for Lord Howe",
                )
                .categories(&["on-call", "cover"]),
            ],
        },
        Fixture {
            name: "empty",
            calendar_name: "Nobody's shifts".to_string(),
            mode: Some("Europe/London"),
            events: vec![],
        },
    ]
}

// ---------------------------------------------------------------------------------------------
// Building the calendar and the sidecar from the inputs
// ---------------------------------------------------------------------------------------------

fn build(fixture: &Fixture) -> IcalCalendar {
    let mode = match fixture.mode {
        None => TimeMode::Utc,
        Some(zone) => TimeMode::Zoned(Zone::parse(zone).unwrap()),
    };
    let events = fixture.events.iter().map(|s| {
        let parts: Vec<&str> = s.uid_parts.iter().map(String::as_str).collect();
        let mut e = IcalEvent::new(
            stable_uid(&parts),
            instant(&s.start),
            instant(&s.end),
            s.summary.clone(),
            stamp(),
        )
        .sequence(s.sequence)
        .transparency(Transparency::Transparent)
        .last_modified(stamp() - Duration::days(1));
        if let Some(d) = &s.description {
            e = e.description(d.clone());
        }
        if let Some(l) = &s.location {
            e = e.location(l.clone());
        }
        for c in &s.categories {
            e = e.category(c.clone());
        }
        if let Some(u) = &s.url {
            e = e.url(u.clone());
        }
        if let Some(st) = s.status {
            e = e.status(st);
        }
        if let Some(z) = s.zone {
            e = e.zone(Zone::parse(z).unwrap());
        }
        for (seconds, text) in &s.alarms {
            e = e.alarm(IcalAlarm::display(
                Duration::seconds(*seconds),
                text.clone(),
            ));
        }
        for (name, value) in &s.extra {
            e = e.x_property(name.clone(), value.clone());
        }
        e
    });
    IcalCalendar::new(
        "-//watchstander//ical fixtures//EN",
        fixture.calendar_name.clone(),
    )
    .method(Method::Publish)
    .time_mode(mode)
    .events(events)
}

fn event_zone(fixture: &Fixture, s: &Spec) -> Option<&'static str> {
    fixture.mode.map(|default| s.zone.unwrap_or(default))
}

fn sidecar(fixture: &Fixture) -> Value {
    let mut zones: Vec<&str> = fixture
        .events
        .iter()
        .filter_map(|s| event_zone(fixture, s))
        .collect();
    zones.sort();
    zones.dedup();
    // Per zone: the span of its events, and the zone's known 2026 transitions. Every known
    // transition inside the span must be in the VTIMEZONE, and every transition the
    // VTIMEZONE lists in 2026 must be a known one.
    let zone_facts: BTreeMap<&str, Value> = zones
        .iter()
        .map(|&zone| {
            let mine: Vec<&Spec> = fixture
                .events
                .iter()
                .filter(|s| event_zone(fixture, s) == Some(zone))
                .collect();
            let from = mine.iter().map(|s| instant(&s.start)).min().unwrap();
            let to = mine.iter().map(|s| instant(&s.end)).max().unwrap();
            let known: Vec<Value> = known_2026(zone)
                .iter()
                .map(|(at, offset)| json!({ "at": at, "offset_after_seconds": offset }))
                .collect();
            let facts = json!({
                "events_from": utc_text(from),
                "events_to": utc_text(to),
                "known_2026_transitions": known,
            });
            (zone, facts)
        })
        .collect();
    let events: Vec<Value> = fixture
        .events
        .iter()
        .map(|s| {
            let zone = event_zone(fixture, s);
            let time = |text: &str, form: Form| {
                let zoned = zone.is_some() && form == Form::Zoned;
                json!({
                    "utc": utc_text(instant(text)),
                    "given": text,
                    "tzid": if zoned { zone } else { None },
                    "local": if zoned { Some(local_part(text)) } else { None },
                })
            };
            let status = s.status.map(|st| match st {
                EventStatus::Tentative => "TENTATIVE",
                EventStatus::Confirmed => "CONFIRMED",
                EventStatus::Cancelled => "CANCELLED",
            });
            let parts: Vec<&str> = s.uid_parts.iter().map(String::as_str).collect();
            json!({
                "uid": stable_uid(&parts),
                "uid_parts": s.uid_parts,
                "start": time(&s.start, s.start_form),
                "end": time(&s.end, s.end_form),
                "summary": s.summary,
                "description": s.description.as_ref().map(|d| d.replace("\r\n", "\n")),
                "location": s.location,
                "categories": s.categories,
                "url": s.url,
                "status": status,
                "sequence": s.sequence,
                "transparency": "TRANSPARENT",
                "dtstamp": utc_text(stamp()),
                "last_modified": utc_text(stamp() - Duration::days(1)),
                "alarms": s.alarms.iter().map(|(secs, text)| json!({
                    "before_start_seconds": secs,
                    "description": text,
                })).collect::<Vec<_>>(),
                "extra": s.extra.iter().map(|(n, v)| json!([n, v])).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "file": format!("{}.ics", fixture.name),
        "calendar_name": fixture.calendar_name,
        "method": "PUBLISH",
        "time_mode": if fixture.mode.is_some() { "zoned" } else { "utc" },
        "zones": zones,
        "zone_facts": zone_facts,
        "events": events,
    })
}

// ---------------------------------------------------------------------------------------------
// A small, independent iCalendar reader
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
struct Prop {
    name: String,
    params: BTreeMap<String, String>,
    value: String,
}

#[derive(Debug, Default)]
struct Component {
    name: String,
    props: Vec<Prop>,
    children: Vec<Component>,
}

impl Component {
    fn prop(&self, name: &str) -> Option<&Prop> {
        self.props.iter().find(|p| p.name == name)
    }
    fn value(&self, name: &str) -> Option<String> {
        self.prop(name).map(|p| p.value.clone())
    }
    fn children(&self, name: &str) -> impl Iterator<Item = &Component> {
        let name = name.to_string();
        self.children.iter().filter(move |c| c.name == name)
    }
}

/// Checks the physical layer (CRLF, ≤ 75 octets, no empty lines) and unfolds.
fn unfold_checked(ics: &str) -> Vec<String> {
    assert!(ics.ends_with("\r\n"), "must end with CRLF");
    let mut lines: Vec<String> = Vec::new();
    for physical in ics.split_terminator("\r\n") {
        assert!(
            !physical.contains(['\r', '\n']),
            "bare CR or LF in {physical:?}"
        );
        assert!(
            physical.len() <= 75,
            "{} octets: {physical:?}",
            physical.len()
        );
        match physical.strip_prefix(' ') {
            Some(rest) => {
                assert!(!rest.is_empty(), "empty continuation line");
                lines.last_mut().expect("continuation first").push_str(rest)
            }
            None => {
                assert!(!physical.is_empty(), "empty line");
                lines.push(physical.to_string())
            }
        }
    }
    lines
}

fn parse_line(line: &str) -> Prop {
    let mut in_quotes = false;
    let mut head_end = None;
    for (i, c) in line.char_indices() {
        match c {
            '"' => in_quotes = !in_quotes,
            ':' if !in_quotes => {
                head_end = Some(i);
                break;
            }
            _ => {}
        }
    }
    let head_end = head_end.unwrap_or_else(|| panic!("no ':' in {line:?}"));
    let (head, value) = (&line[..head_end], &line[head_end + 1..]);
    let mut pieces = head.split(';');
    let name = pieces.next().unwrap().to_string();
    let params = pieces
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap();
            (k.to_string(), v.trim_matches('"').to_string())
        })
        .collect();
    Prop {
        name,
        params,
        value: value.to_string(),
    }
}

fn parse(ics: &str) -> Component {
    let mut stack = vec![Component::default()];
    for line in unfold_checked(ics) {
        let prop = parse_line(&line);
        match prop.name.as_str() {
            "BEGIN" => stack.push(Component {
                name: prop.value,
                ..Component::default()
            }),
            "END" => {
                let done = stack.pop().unwrap();
                assert_eq!(done.name, prop.value, "END does not match BEGIN");
                stack.last_mut().unwrap().children.push(done);
            }
            _ => stack.last_mut().unwrap().props.push(prop),
        }
    }
    assert_eq!(stack.len(), 1, "unclosed component");
    let mut root = stack.pop().unwrap();
    assert_eq!(root.children.len(), 1, "one VCALENDAR");
    root.children.pop().unwrap()
}

fn unescape(value: &str) -> String {
    let mut out = String::new();
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') | Some('N') => out.push('\n'),
                Some(c @ ('\\' | ';' | ',')) => out.push(c),
                other => panic!("bad escape \\{other:?} in {value:?}"),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Splits a multi-valued TEXT on unescaped commas, then unescapes each item.
fn split_list(value: &str) -> Vec<String> {
    let mut items = vec![String::new()];
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let next = chars.next().unwrap();
                let item = items.last_mut().unwrap();
                item.push('\\');
                item.push(next);
            }
            ',' => items.push(String::new()),
            c => items.last_mut().unwrap().push(c),
        }
    }
    items.iter().map(|i| unescape(i)).collect()
}

fn parse_offset(text: &str) -> i64 {
    let sign = match &text[..1] {
        "+" => 1,
        "-" => -1,
        _ => panic!("offset {text}"),
    };
    let digits = &text[1..];
    let h: i64 = digits[0..2].parse().unwrap();
    let m: i64 = digits[2..4].parse().unwrap();
    let s: i64 = if digits.len() == 6 {
        digits[4..6].parse().unwrap()
    } else {
        0
    };
    sign * (h * 3600 + m * 60 + s)
}

fn parse_local(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y%m%dT%H%M%S").unwrap()
}

/// A VTIMEZONE read as a list of observances: (onset in UTC, offset after).
struct Observances(Vec<(NaiveDateTime, i64)>);

impl Observances {
    fn read(vtimezone: &Component) -> Observances {
        let mut list: Vec<(NaiveDateTime, i64)> = vtimezone
            .children
            .iter()
            .map(|obs| {
                assert!(obs.name == "STANDARD" || obs.name == "DAYLIGHT");
                assert!(obs.prop("RRULE").is_none() && obs.prop("RDATE").is_none());
                let onset_local = parse_local(&obs.value("DTSTART").unwrap());
                let from = parse_offset(&obs.value("TZOFFSETFROM").unwrap());
                let to = parse_offset(&obs.value("TZOFFSETTO").unwrap());
                assert!(obs.prop("TZNAME").is_some());
                // RFC 5545: DTSTART is the onset in the offset in force before it.
                (onset_local - Duration::seconds(from), to)
            })
            .collect();
        let sorted = list.windows(2).all(|w| w[0].0 < w[1].0);
        assert!(sorted, "observances out of order");
        list.sort();
        Observances(list)
    }

    /// Every instant whose wall-clock reading is `local`.
    fn instants(&self, local: NaiveDateTime) -> Vec<NaiveDateTime> {
        let list = &self.0;
        (0..list.len())
            .filter_map(|k| {
                let (onset, offset) = list[k];
                let t = local - Duration::seconds(offset);
                let before_next = list.get(k + 1).is_none_or(|next| t < next.0);
                (onset <= t && before_next).then_some(t)
            })
            .collect()
    }
}

/// The instant a DTSTART/DTEND names, and whether it was zoned.
fn read_time(prop: &Prop, zones: &BTreeMap<String, Observances>) -> (DateTime<Utc>, Form) {
    match prop.params.get("TZID") {
        None => {
            let text = prop.value.strip_suffix('Z').expect("UTC time ends in Z");
            (Utc.from_utc_datetime(&parse_local(text)), Form::Utc)
        }
        Some(tzid) => {
            let observances = zones
                .get(tzid)
                .unwrap_or_else(|| panic!("no VTIMEZONE {tzid}"));
            let local = parse_local(&prop.value);
            let all = observances.instants(local);
            assert_eq!(all.len(), 1, "{tzid} {local}: {all:?}");
            (Utc.from_utc_datetime(&all[0]), Form::Zoned)
        }
    }
}

fn fnv1a_uid(parts: &[String]) -> String {
    // An independent FNV-1a 64 over the documented encoding.
    let mut h: u64 = 0xcbf29ce484222325;
    let mut eat = |bytes: &[u8]| {
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x100000001b3);
        }
    };
    for p in parts {
        eat(&(p.len() as u64).to_le_bytes());
        eat(p.as_bytes());
    }
    format!("{h:016x}@watchstander")
}

/// The VTIMEZONE's onsets after its first observance against the hand-written transitions.
fn check_transitions(tzid: &str, observances: &Observances, facts: &Value) {
    let listed: Vec<(String, i64)> = observances.0[1..]
        .iter()
        .map(|(onset, offset)| (utc_text(Utc.from_utc_datetime(onset)), *offset))
        .collect();
    let known: Vec<(String, i64)> = facts["known_2026_transitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["at"].as_str().unwrap().to_string(),
                t["offset_after_seconds"].as_i64().unwrap(),
            )
        })
        .collect();
    let (from, to) = (
        facts["events_from"].as_str().unwrap(),
        facts["events_to"].as_str().unwrap(),
    );
    for t in &known {
        if from <= t.0.as_str() && t.0.as_str() <= to {
            assert!(listed.contains(t), "{tzid}: {t:?} missing from {listed:?}");
        }
    }
    for t in &listed {
        if t.0.starts_with("2026-") {
            assert!(known.contains(t), "{tzid}: unexpected transition {t:?}");
        }
    }
}

/// Checks a rendered calendar against its sidecar.
fn check(ics: &str, expected: &Value) {
    let cal = parse(ics);
    assert_eq!(cal.name, "VCALENDAR");
    assert_eq!(cal.value("VERSION").unwrap(), "2.0");
    assert_eq!(cal.value("METHOD").unwrap(), "PUBLISH");
    assert_eq!(
        unescape(&cal.value("X-WR-CALNAME").unwrap()),
        expected["calendar_name"].as_str().unwrap()
    );
    let zones: BTreeMap<String, Observances> = cal
        .children("VTIMEZONE")
        .map(|vtz| (vtz.value("TZID").unwrap(), Observances::read(vtz)))
        .collect();
    let want_zones: Vec<String> = serde_json::from_value(expected["zones"].clone()).unwrap();
    assert_eq!(zones.keys().cloned().collect::<Vec<_>>(), want_zones);
    for (tzid, observances) in &zones {
        check_transitions(tzid, observances, &expected["zone_facts"][tzid]);
    }

    let events: Vec<&Component> = cal.children("VEVENT").collect();
    let want = expected["events"].as_array().unwrap();
    assert_eq!(events.len(), want.len());
    for (event, want) in events.iter().zip(want) {
        let uid = event.value("UID").unwrap();
        assert_eq!(uid, want["uid"].as_str().unwrap());
        let parts: Vec<String> = serde_json::from_value(want["uid_parts"].clone()).unwrap();
        assert_eq!(uid, fnv1a_uid(&parts));
        for (name, key) in [("DTSTART", "start"), ("DTEND", "end")] {
            let prop = event.prop(name).unwrap();
            let (t, form) = read_time(prop, &zones);
            assert_eq!(
                utc_text(t),
                want[key]["utc"].as_str().unwrap(),
                "{uid} {name}"
            );
            match want[key]["tzid"].as_str() {
                Some(tzid) => {
                    assert_eq!(form, Form::Zoned, "{uid} {name}");
                    assert_eq!(prop.params["TZID"], tzid);
                    assert_eq!(prop.value, want[key]["local"].as_str().unwrap());
                }
                None => assert_eq!(form, Form::Utc, "{uid} {name}"),
            }
        }
        assert_eq!(
            unescape(&event.value("SUMMARY").unwrap()),
            want["summary"].as_str().unwrap()
        );
        for (name, key) in [("DESCRIPTION", "description"), ("LOCATION", "location")] {
            assert_eq!(
                event.value(name).map(|v| unescape(&v)),
                want[key].as_str().map(str::to_string),
                "{uid} {name}"
            );
        }
        let categories = event
            .value("CATEGORIES")
            .map(|v| split_list(&v))
            .unwrap_or_default();
        assert_eq!(
            categories,
            serde_json::from_value::<Vec<String>>(want["categories"].clone()).unwrap()
        );
        assert_eq!(event.value("URL").as_deref(), want["url"].as_str());
        assert_eq!(event.value("STATUS").as_deref(), want["status"].as_str());
        assert_eq!(
            event.value("SEQUENCE").unwrap(),
            want["sequence"].to_string()
        );
        let alarms: Vec<(String, String)> = event
            .children("VALARM")
            .map(|a| {
                assert_eq!(a.value("ACTION").unwrap(), "DISPLAY");
                (
                    a.value("TRIGGER").unwrap(),
                    unescape(&a.value("DESCRIPTION").unwrap()),
                )
            })
            .collect();
        let want_alarms: Vec<(String, String)> = want["alarms"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                let secs = a["before_start_seconds"].as_i64().unwrap();
                // Written by hand for the values the fixtures use.
                let trigger = match secs {
                    900 => "-PT15M",
                    1800 => "-PT30M",
                    88_200 => "-P1DT30M",
                    other => panic!("add the expected TRIGGER for {other} s"),
                };
                (
                    trigger.to_string(),
                    a["description"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(alarms, want_alarms);
    }
}

#[test]
fn fixtures_render_and_read_back() {
    let out_dir = std::env::var_os("WATCHSTANDER_ICS_OUT").map(PathBuf::from);
    if let Some(dir) = &out_dir {
        std::fs::create_dir_all(dir).unwrap();
    }
    let mut rendered = Vec::new();
    for fixture in fixtures() {
        let calendar = build(&fixture);
        let ics = calendar.render().unwrap();
        assert_eq!(ics, calendar.render().unwrap(), "deterministic");
        let expected = sidecar(&fixture);
        // Written before checking, so the external parsers see the same files even when a
        // check here fails.
        if let Some(dir) = &out_dir {
            std::fs::write(dir.join(format!("{}.ics", fixture.name)), &ics).unwrap();
            let json = serde_json::to_string_pretty(&expected).unwrap();
            std::fs::write(dir.join(format!("{}.json", fixture.name)), json).unwrap();
        }
        rendered.push((fixture.name, ics, expected));
    }
    if let Some(dir) = &out_dir {
        let names: Vec<&str> = rendered.iter().map(|(name, _, _)| *name).collect();
        let json = serde_json::to_string_pretty(&json!({ "fixtures": names })).unwrap();
        std::fs::write(dir.join("manifest.json"), json).unwrap();
    }
    for (name, ics, expected) in &rendered {
        eprintln!("checking {name}");
        check(ics, expected);
    }
}

#[test]
fn the_reader_rejects_what_it_should() {
    // The checks above are only as good as the reader: make sure it fails on bad input.
    let long = format!(
        "BEGIN:VCALENDAR\r\nX-A:{}\r\nEND:VCALENDAR\r\n",
        "a".repeat(72)
    );
    assert!(std::panic::catch_unwind(|| parse(&long)).is_err());
    assert!(std::panic::catch_unwind(|| parse("BEGIN:VCALENDAR\nEND:VCALENDAR\n")).is_err());
    assert!(std::panic::catch_unwind(|| unescape("a\\x")).is_err());
    assert_eq!(split_list("a\\,b,c\\;d,e\\\\"), ["a,b", "c;d", "e\\"]);
    // A New York VTIMEZONE read by hand: 01:30 on 1 November 2026 has two instants.
    let ny = Observances(vec![
        (parse_local("20260308T070000"), -4 * 3600),
        (parse_local("20261101T060000"), -5 * 3600),
    ]);
    assert_eq!(ny.instants(parse_local("20261101T013000")).len(), 2);
    assert_eq!(ny.instants(parse_local("20260308T023000")).len(), 0);
    assert_eq!(
        ny.instants(parse_local("20260601T090000")),
        [parse_local("20260601T130000")]
    );
}

// ---------------------------------------------------------------------------------------------
// Property: any instant, in any of these zones, reads back through the generated VTIMEZONE
// ---------------------------------------------------------------------------------------------

/// Zones for the property, with their 2026 transitions.
const ZONES: &[(&str, &[(&str, i64)])] = &[
    ("Europe/London", LONDON_2026),
    ("Europe/Dublin", LONDON_2026),
    ("America/New_York", NEW_YORK_2026),
    ("America/St_Johns", ST_JOHNS_2026),
    ("Australia/Lord_Howe", LORD_HOWE_2026),
    ("Australia/Sydney", SYDNEY_2026),
    ("Pacific/Chatham", CHATHAM_2026),
    ("Asia/Kathmandu", &[]),
    ("America/Sao_Paulo", &[]),
    ("Africa/Casablanca", &[]),
    ("UTC", &[]),
];

/// An event start: anywhere in 2015–2034, or within four hours of one of the zone's 2026
/// transitions (where a wrong VTIMEZONE shows), at minute precision.
fn start_strategy(transitions: &'static [(&'static str, i64)]) -> impl Strategy<Value = i64> {
    let anywhere = (1_420_070_400i64 / 60..2_051_222_400i64 / 60).prop_map(|m| m * 60);
    if transitions.is_empty() {
        return anywhere.boxed();
    }
    let near = (proptest::sample::select(transitions), -240i64..240)
        .prop_map(|((t, _), minutes)| instant(t).timestamp() + minutes * 60);
    prop_oneof![1 => anywhere, 3 => near].boxed()
}

fn zone_and_starts() -> impl Strategy<Value = (&'static str, Vec<i64>)> {
    proptest::sample::select(ZONES).prop_flat_map(|(zone, transitions)| {
        (
            Just(zone),
            proptest::collection::vec(start_strategy(transitions), 1..6),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn any_instant_reads_back_through_the_vtimezone(
        (zone, starts) in zone_and_starts(),
        lengths in proptest::collection::vec(
            prop_oneof![60i64..6 * 3600, 60i64..14 * 86_400],
            6,
        ),
    ) {
        let zone = Zone::parse(zone).unwrap();
        let events: Vec<IcalEvent> = starts
            .iter()
            .enumerate()
            .map(|(i, &s)| {
                let start = Utc.timestamp_opt(s, 0).unwrap();
                IcalEvent::new(format!("p{i}"), start, start + Duration::seconds(lengths[i]), "p", stamp())
            })
            .collect();
        let span = events.iter().map(|e| e.end).max().unwrap()
            - events.iter().map(|e| e.start).min().unwrap();
        prop_assume!(span < Duration::days(3600));
        let ics = IcalCalendar::new("-//p//EN", "p")
            .time_mode(TimeMode::Zoned(zone))
            .events(events.clone())
            .render()
            .unwrap();
        let cal = parse(&ics);
        let zones: BTreeMap<String, Observances> = cal
            .children("VTIMEZONE")
            .map(|vtz| (vtz.value("TZID").unwrap(), Observances::read(vtz)))
            .collect();
        for (event, input) in cal.children("VEVENT").zip(&events) {
            for (name, t) in [("DTSTART", input.start), ("DTEND", input.end)] {
                let prop = event.prop(name).unwrap();
                if prop.params.contains_key("TZID") {
                    let (read, _) = read_time(prop, &zones);
                    prop_assert_eq!(read, t);
                } else {
                    prop_assert_eq!(prop.value.clone(), t.format("%Y%m%dT%H%M%SZ").to_string());
                    // UTC is used for UTC itself, and for wall-clock readings that occur twice.
                    if zone != Zone::UTC {
                        let observances = &zones[zone.name()];
                        let local = t.naive_utc() + Duration::seconds(
                            observances.0.iter().rev()
                                .find(|(onset, _)| *onset <= t.naive_utc())
                                .map(|(_, off)| *off)
                                .unwrap(),
                        );
                        prop_assert_eq!(observances.instants(local).len(), 2);
                    }
                }
            }
        }
    }
}
