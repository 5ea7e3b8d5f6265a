//! The human-readable timeline: order, zone, sentences, late events, audience filtering.

mod incident_common;

use incident_common::*;
use serde_json::json;
use watchstander::incident::{timeline, Status};
use watchstander::severity::Audience;
use watchstander::time::Zone;

fn london() -> Zone {
    Zone::parse("Europe/London").unwrap()
}

#[test]
fn the_sample_timeline_reads_as_sentences_in_london_time() {
    let t = timeline(
        &sample_config(),
        &sample_events(),
        london(),
        Audience::Internal,
    )
    .unwrap();
    assert_eq!(t.incident, "INC-1042");
    assert_eq!(t.entries.len(), 19);
    let text = |id: &str| {
        t.entries
            .iter()
            .find(|e| e.event == id)
            .unwrap()
            .text
            .clone()
    };
    assert_eq!(
        text("e01"),
        "Customer impact began: Card payments slow: p99 above 4 s"
    );
    assert_eq!(
        text("e02"),
        "Detected by alertmanager: Payments latency (SEV-3); alerts am-7f3a, am-7f3b"
    );
    assert_eq!(text("e03"), "Bob Okafor acknowledged (6m after detection)");
    assert_eq!(text("e04"), "Bob Okafor became Incident commander");
    assert_eq!(
        text("e05"),
        "Bob Okafor changed the status from Triage to Investigating"
    );
    assert_eq!(
        text("e06"),
        "Bob Okafor changed the severity from SEV-3 to SEV-2 (upgrade): Checkout failing for more than 5% of card payments"
    );
    assert_eq!(
        text("e07"),
        "Alice Moreau became Communications lead (assigned by Bob Okafor)"
    );
    assert_eq!(text("e08"), "Chen Wei joined");
    assert_eq!(
        text("e09"),
        "Chen Wei became Subject-matter expert (assigned by Bob Okafor)"
    );
    assert_eq!(text("e10"), "Alice Moreau posted an internal update: Investigating slow card payments. IC: Bob, comms: Alice.");
    assert_eq!(
        text("e13"),
        "Bob Okafor changed the status from Investigating to Identified: Connection pool exhausted since the payments-api 4.2 deploy"
    );
    assert_eq!(text("e16"), "Customer impact ended (lasted 1h 13m)");
    assert_eq!(
        text("e19"),
        "Bob Okafor created follow-up \"Alert on connection-pool saturation\" for Chen Wei, due 2026-12-04"
    );
    let first = &t.entries[0];
    assert_eq!(first.display, "2026-11-26 09:40 GMT");
    assert_eq!(first.local, "2026-11-26T09:40:00+00:00");
    assert_eq!(first.status, None, "before detection there is no status");
    assert!(
        first.late,
        "recorded at 10:12, after events that occurred later"
    );
    assert!(!t.entries[1].late);
    assert_eq!(t.entries.last().unwrap().status, Some(Status::Monitoring));
    // Sorted by occurrence.
    assert!(t.entries.windows(2).all(|w| w[0].at <= w[1].at));
}

#[test]
fn times_are_shown_in_the_chosen_zone_with_its_abbreviation() {
    let t = timeline(
        &sample_config(),
        &sample_events(),
        Zone::parse("America/New_York").unwrap(),
        Audience::Internal,
    )
    .unwrap();
    assert_eq!(t.entries[1].display, "2026-11-26 04:52 EST");
    assert_eq!(t.entries[1].local, "2026-11-26T04:52:00-05:00");
    let t = timeline(
        &sample_config(),
        &sample_events(),
        Zone::parse("Asia/Kolkata").unwrap(),
        Audience::Internal,
    )
    .unwrap();
    assert_eq!(t.entries[1].display, "2026-11-26 15:22 IST");
}

#[test]
fn seconds_show_only_when_not_zero() {
    let mut e = vec![detected("1", "10:00", "SEV-2")];
    let mut ack = ev("2", "10:01", "acknowledged", "bob", json!({}));
    ack.occurred_at += chrono::Duration::seconds(30);
    ack.recorded_at = ack.occurred_at;
    e.push(ack);
    let t = timeline(&config(), &e, Zone::UTC, Audience::Internal).unwrap();
    assert_eq!(t.entries[0].display, "2026-11-26 10:00 UTC");
    assert_eq!(t.entries[1].display, "2026-11-26 10:01:30 UTC");
    assert_eq!(
        t.entries[1].text,
        "bob acknowledged (1m 30s after detection)"
    );
}

#[test]
fn the_external_timeline_shows_only_what_customers_may_see() {
    let t = timeline(
        &sample_config(),
        &sample_events(),
        london(),
        Audience::External,
    )
    .unwrap();
    let rows: Vec<(&str, &str)> = t
        .entries
        .iter()
        .map(|e| (e.event.as_str(), e.text.as_str()))
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                "e01",
                "Customer impact began: Card payments slow: p99 above 4 s"
            ),
            ("e02", "Incident opened: Payments latency"),
            ("e11", "Update: We are investigating slow card payments."),
            ("e13", "Identified"),
            ("e15", "Monitoring"),
            ("e16", "Customer impact ended"),
            (
                "e18",
                "Update: A fix has been applied and we are monitoring the results."
            ),
        ]
    );
    assert!(t
        .entries
        .iter()
        .all(|e| e.actor.is_empty() && e.actor_name.is_empty() && e.severity.is_none()));
}

#[test]
fn handovers_leaving_and_reopening_are_explained() {
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        ev(
            "2",
            "10:01",
            "role_assigned",
            "bob",
            json!({"role": "incident_commander", "person": "bob"}),
        ),
        ev(
            "3",
            "10:30",
            "role_assigned",
            "bob",
            json!({"role": "incident_commander", "person": "alice"}),
        ),
        ev(
            "4",
            "10:31",
            "participant_left",
            "bob",
            json!({"person": "bob"}),
        ),
        ev(
            "5",
            "10:40",
            "participant_left",
            "alice",
            json!({"person": "alice"}),
        ),
        status("6", "11:00", "resolved"),
        ev(
            "7",
            "12:00",
            "reopened",
            "eve",
            json!({"reason": "errors again", "to": "identified"}),
        ),
        ev(
            "8",
            "12:05",
            "severity_changed",
            "eve",
            json!({"to": "SEV-3", "reason": "few users"}),
        ),
    ];
    let t = timeline(&config(), &e, Zone::UTC, Audience::Internal).unwrap();
    let texts: Vec<&str> = t.entries.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(
        texts[2],
        "alice became Incident commander (assigned by bob), taking over from bob"
    );
    assert_eq!(texts[3], "bob left");
    assert_eq!(texts[4], "alice left, giving up Incident commander");
    assert_eq!(
        texts[6],
        "eve reopened the incident (Resolved → Identified): errors again"
    );
    assert_eq!(
        texts[7],
        "eve changed the severity from SEV-2 to SEV-3 (downgrade): few users"
    );
}

/// The sentences of the timeline of `events` for `audience`, in UTC.
fn texts(events: &[watchstander::incident::Event], audience: Audience) -> Vec<String> {
    timeline(&config(), events, Zone::UTC, audience)
        .unwrap()
        .entries
        .into_iter()
        .map(|e| e.text)
        .collect()
}

#[test]
fn a_second_holder_of_a_shared_role_takes_nothing_over() {
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        ev(
            "2",
            "10:01",
            "role_assigned",
            "bob",
            json!({"role": "subject_matter_expert", "person": "carol"}),
        ),
        ev(
            "3",
            "10:02",
            "role_assigned",
            "bob",
            json!({"role": "subject_matter_expert", "person": "dan"}),
        ),
    ];
    assert_eq!(
        texts(&e, Audience::Internal)[2],
        "dan became Subject-matter expert (assigned by bob)"
    );
}

#[test]
fn a_status_change_shows_its_reason_unless_blank() {
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        ev(
            "2",
            "10:05",
            "status_changed",
            "bob",
            json!({"to": "identified", "reason": "bad deploy"}),
        ),
        ev(
            "3",
            "10:10",
            "status_changed",
            "bob",
            json!({"to": "monitoring", "reason": "  "}),
        ),
    ];
    assert_eq!(
        texts(&e, Audience::Internal)[1..],
        [
            "bob changed the status from Triage to Identified: bad deploy",
            "bob changed the status from Identified to Monitoring",
        ]
    );
}

#[test]
fn the_external_timeline_tells_customers_of_reopening_and_merging() {
    let reopened = vec![
        ev(
            "1",
            "09:55",
            "impact_started",
            "bob",
            json!({"description": " "}),
        ),
        detected("2", "10:00", "SEV-2"),
        status("3", "10:30", "resolved"),
        ev(
            "4",
            "11:00",
            "reopened",
            "bob",
            json!({"reason": "errors again", "to": "identified"}),
        ),
    ];
    assert_eq!(
        texts(&reopened, Audience::External),
        [
            "Customer impact began",
            "Incident opened: Payments latency",
            "Resolved",
            "Reopened: Identified"
        ]
    );
    assert_eq!(
        texts(&reopened, Audience::Internal)[0],
        "Customer impact began"
    );
    let merged = vec![
        detected("1", "10:00", "SEV-2"),
        ev("2", "10:05", "merged", "bob", json!({"into": "INC-9"})),
    ];
    assert_eq!(
        texts(&merged, Audience::External),
        [
            "Incident opened: Payments latency",
            "Now tracked as part of another incident"
        ]
    );
}

#[test]
fn a_late_event_appears_where_it_happened() {
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        status("3", "10:30", "identified"),
        ev_rec(
            "2",
            "10:10",
            "10:45",
            "note",
            "chen",
            json!({"text": "found it"}),
        ),
        // Recorded later, but at the same instant as the latest event before it: not late.
        ev_rec(
            "4",
            "10:30",
            "10:50",
            "note",
            "chen",
            json!({"text": "same minute"}),
        ),
    ];
    let t = timeline(&config(), &e, Zone::UTC, Audience::Internal).unwrap();
    let order: Vec<&str> = t.entries.iter().map(|e| e.event.as_str()).collect();
    assert_eq!(order, vec!["1", "2", "3", "4"]);
    let late: Vec<bool> = t.entries.iter().map(|e| e.late).collect();
    assert_eq!(late, [false, true, false, false]);
    assert_eq!(t.entries[1].recorded_at, at("10:45"));
}

#[test]
fn markdown_tables_escape_cells() {
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        ev("2", "10:05", "note", "bob", json!({"text": "a | b\nc"})),
    ];
    let t = timeline(&config(), &e, Zone::UTC, Audience::Internal).unwrap();
    let md = t.to_markdown();
    assert_eq!(
        md,
        "| Time (UTC) | Who | What |\n|---|---|---|\n\
         | 2026-11-26 10:00 UTC | alertmanager | Detected by alertmanager: Payments latency (SEV-2) |\n\
         | 2026-11-26 10:05 UTC | bob | bob noted: a \\| b c |\n"
    );
}

#[test]
fn bad_histories_are_errors() {
    let e = vec![
        ev("0", "09:00", "note", "bob", json!({"text": "x"})),
        detected("1", "10:00", "SEV-2"),
    ];
    assert_eq!(
        timeline(&config(), &e, Zone::UTC, Audience::Internal)
            .unwrap_err()
            .code(),
        "before_detection"
    );
    assert_eq!(
        timeline(&config(), &[], Zone::UTC, Audience::Internal)
            .unwrap_err()
            .code(),
        "not_detected"
    );
}

#[test]
fn external_markdown_has_no_who_column() {
    let t = timeline(
        &sample_config(),
        &sample_events(),
        london(),
        Audience::External,
    )
    .unwrap();
    let md = t.to_markdown();
    assert!(md.starts_with("| Time (Europe/London) | What |\n|---|---|\n| 2026-11-26 09:40 GMT | Customer impact began"), "{md}");
    assert_eq!(md.lines().count(), 2 + 7);
}
