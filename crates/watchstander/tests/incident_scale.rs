//! 100 000-event histories: correct results (or typed errors), never a panic, in linear work
//! for the common in-order case. No wall-clock assertions: a quadratic fold would make this
//! test take hours, which CI notices.

mod incident_common;

use chrono::Duration;
use incident_common::*;
use serde_json::json;
use watchstander::incident::{
    next_updates, notification_plan, replay, timeline, Applied, Event, IncidentFacts, IncidentLog,
    IncidentSla, Status,
};
use watchstander::severity::Audience;
use watchstander::time::Zone;

const N: usize = 100_000;

/// Detection, then N events cycling through notes, status toggles, new participants, new
/// subject-matter experts and updates, one second apart.
fn big_history() -> Vec<Event> {
    let mut out = vec![detected("det", "00:00", "SEV-2")];
    let start = at("00:00");
    for i in 1..=N {
        let t = start + Duration::seconds(i as i64);
        let (kind, actor, fields) = match i % 5 {
            0 => ("note", "bob", json!({"text": format!("note {i}")})),
            1 => (
                "status_changed",
                "bob",
                json!({"to": if (i / 5) % 2 == 0 { "investigating" } else { "identified" }}),
            ),
            2 => (
                "participant_joined",
                "bot",
                json!({"person": format!("p{i}")}),
            ),
            3 => (
                "role_assigned",
                "bob",
                json!({"role": "subject_matter_expert", "person": format!("p{}", i - 1)}),
            ),
            _ => (
                "status_update_posted",
                "alice",
                json!({"audience": "internal", "text": "still on it"}),
            ),
        };
        let mut v = json!({"id": format!("e{i}"), "incident": "I", "kind": kind, "actor": actor,
            "occurred_at": t.to_rfc3339(), "recorded_at": t.to_rfc3339()});
        for (k, f) in fields.as_object().unwrap() {
            v[k] = f.clone();
        }
        out.push(serde_json::from_value(v).unwrap());
    }
    out
}

#[test]
fn a_hundred_thousand_events_fold_replay_and_report() {
    let events = big_history();
    let config = config();
    let inc = replay(&config, &events).unwrap();
    assert_eq!(inc.event_count, N + 1);
    assert_eq!(inc.status, Status::Identified);
    assert_eq!(inc.participants.len(), N / 5);
    assert_eq!(inc.roles.holders("subject_matter_expert").len(), N / 5);
    assert_eq!(inc.status_history.len(), 1 + N / 5);

    // The incremental log appends each one in order and ends in the same place.
    let mut log = IncidentLog::new(config.clone()).unwrap();
    for e in &events {
        assert_eq!(log.apply(e.clone()).unwrap(), Applied::Appended);
    }
    assert_eq!(log.incident(), Some(&inc));

    // Reversed input: the batch fold sorts once.
    let mut reversed = events.clone();
    reversed.reverse();
    assert_eq!(replay(&config, &reversed).unwrap(), inc);

    // A few late events are placed and refolded.
    let late = ev_rec(
        "late-note",
        "00:00",
        "23:00",
        "note",
        "chen",
        json!({"text": "late"}),
    );
    assert!(matches!(
        log.apply(late).unwrap(),
        Applied::Inserted { position: 1 }
    ));
    assert_eq!(log.incident().unwrap().notes.first().unwrap().text, "late");

    // A late event that breaks the history is refused and changes nothing.
    let bad = ev_rec(
        "late-bad",
        "00:00",
        "23:00",
        "status_changed",
        "chen",
        json!({"to": "declined"}),
    );
    let before = log.clone();
    assert_eq!(log.apply(bad).unwrap_err().code(), "invalid_transition");
    assert_eq!(log, before);

    // Every derived view works on it.
    let now = inc.last_event_at + Duration::minutes(5);
    let facts = IncidentFacts::at(&inc, &config, now).unwrap();
    assert_eq!(
        facts.time_in_status.values().sum::<i64>(),
        (now - inc.detected_at).num_seconds()
    );
    IncidentSla::at(&inc, &config, now).unwrap();
    let due = next_updates(&inc, &config, now).unwrap();
    assert_eq!(
        due[0].last_update_at,
        Some(at("00:00") + Duration::seconds(N as i64 - 1))
    );
    notification_plan(&inc, &config, now).unwrap();
    let t = timeline(&config, &events, Zone::UTC, Audience::Internal).unwrap();
    assert_eq!(t.entries.len(), N + 1);
}

#[test]
fn a_bad_event_deep_in_a_long_history_is_a_typed_error() {
    let mut events = big_history();
    let e = events.get_mut(N / 2).unwrap();
    e.kind = ev(
        "x",
        "00:00",
        "role_released",
        "bob",
        json!({"role": "scribe", "person": "nobody"}),
    )
    .kind;
    let err = replay(&config(), &events).unwrap_err();
    assert_eq!(err.code(), "role_not_held");
    assert_eq!(err.event_id(), Some(format!("e{}", N / 2).as_str()));
}

#[test]
fn the_json_operation_handles_it_too() {
    let events = big_history();
    let out = watchstander::ops::call("incident.replay", &json!({"events": events})).unwrap();
    assert_eq!(out["incident"]["event_count"], json!(N + 1));
    assert_eq!(out["facts"]["status"], "identified");
}
