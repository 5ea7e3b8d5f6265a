//! Named scenarios for the incident state machine: every transition rule and every bad-input
//! case of issue 4. Expected values are worked out by hand from the rules in the docs.

mod incident_common;

use incident_common::*;
use serde_json::json;
use watchstander::incident::{
    replay, Applied, Event, IncidentConfig, IncidentError, IncidentFacts, IncidentLog, Status,
    TenureEnd,
};

fn code(events: &[Event]) -> String {
    replay(&config(), events).unwrap_err().code().to_string()
}

fn status_after(events: &[Event]) -> Status {
    replay(&config(), events).unwrap().status
}

// ---- transitions -------------------------------------------------------------------------

#[test]
fn the_happy_path_walks_every_status_in_order() {
    let events = vec![
        detected("1", "10:00", "SEV-2"),
        status("2", "10:05", "investigating"),
        status("3", "10:20", "identified"),
        status("4", "10:40", "monitoring"),
        status("5", "11:00", "resolved"),
        status("6", "12:00", "post_incident"),
        status("7", "15:00", "closed"),
    ];
    let inc = replay(&config(), &events).unwrap();
    assert_eq!(inc.status, Status::Closed);
    let walked: Vec<Status> = inc.status_history.iter().map(|p| p.status).collect();
    assert_eq!(
        walked,
        vec![
            Status::Triage,
            Status::Investigating,
            Status::Identified,
            Status::Monitoring,
            Status::Resolved,
            Status::PostIncident,
            Status::Closed
        ]
    );
    // Periods tile the history: each ends where the next begins.
    for pair in inc.status_history.windows(2) {
        assert_eq!(pair[0].until, Some(pair[1].from));
    }
    assert_eq!(inc.status_history.last().unwrap().until, None);
}

#[test]
fn status_at_and_resolved_at_follow_the_history_and_a_reopening() {
    let mut events = vec![
        detected("1", "10:00", "SEV-2"),
        status("2", "10:30", "investigating"),
        status("3", "11:00", "resolved"),
    ];
    let inc = replay(&config(), &events).unwrap();
    assert_eq!(inc.status_at(at("09:59")), None, "before detection");
    assert_eq!(inc.status_at(at("10:00")), Some(Status::Triage));
    assert_eq!(inc.status_at(at("10:29")), Some(Status::Triage));
    assert_eq!(inc.status_at(at("10:30")), Some(Status::Investigating));
    assert_eq!(inc.status_at(at("11:00")), Some(Status::Resolved));
    assert_eq!(inc.resolved_at(), Some(at("11:00")));
    // Reopened: not resolved now, so no resolution instant; resolved again later, the last.
    events.push(ev(
        "4",
        "12:00",
        "reopened",
        "am",
        json!({"reason": "errors again"}),
    ));
    let inc = replay(&config(), &events).unwrap();
    assert_eq!(inc.status_at(at("11:30")), Some(Status::Resolved));
    assert_eq!(inc.status_at(at("12:00")), Some(Status::Investigating));
    assert_eq!(inc.resolved_at(), None);
    events.push(status("5", "13:00", "resolved"));
    let inc = replay(&config(), &events).unwrap();
    assert_eq!(inc.resolved_at(), Some(at("13:00")));
    assert_eq!(inc.first_entered(Status::Resolved), Some(at("11:00")));
    assert_eq!(inc.first_entered(Status::Investigating), Some(at("10:30")));
    assert_eq!(inc.first_entered(Status::Monitoring), None);
}

#[test]
fn open_statuses_may_jump_forward_and_step_back() {
    // triage → monitoring directly, then back to investigating when the fix did not hold.
    let events = vec![
        detected("1", "10:00", "SEV-2"),
        status("2", "10:05", "monitoring"),
        status("3", "10:10", "investigating"),
        status("4", "10:20", "resolved"),
    ];
    assert_eq!(status_after(&events), Status::Resolved);
}

#[test]
fn triage_may_be_declined_and_declined_is_final() {
    let base = vec![
        detected("1", "10:00", "SEV-3"),
        status("2", "10:05", "declined"),
    ];
    assert_eq!(status_after(&base), Status::Declined);
    for next in ["investigating", "resolved", "closed", "triage"] {
        let mut e = base.clone();
        e.push(status("3", "10:10", next));
        assert_eq!(code(&e), "invalid_transition", "declined → {next}");
    }
    let mut e = base.clone();
    e.push(ev("3", "10:10", "acknowledged", "bob", json!({})));
    assert_eq!(code(&e), "not_allowed_in_status");
    let mut e = base;
    e.push(ev(
        "3",
        "10:10",
        "reopened",
        "bob",
        json!({"reason": "was real"}),
    ));
    assert_eq!(code(&e), "invalid_transition");
}

#[test]
fn only_triage_can_be_declined() {
    for from in ["investigating", "identified", "monitoring"] {
        let e = vec![
            detected("1", "10:00", "SEV-3"),
            status("2", "10:05", from),
            status("3", "10:10", "declined"),
        ];
        let err = replay(&config(), &e).unwrap_err();
        assert_eq!(err.code(), "invalid_transition");
        assert!(
            err.to_string().contains("only an incident in triage"),
            "{err}"
        );
    }
}

#[test]
fn nothing_goes_back_to_triage() {
    let e = vec![
        detected("1", "10:00", "SEV-3"),
        status("2", "10:05", "investigating"),
        status("3", "10:10", "triage"),
    ];
    assert_eq!(code(&e), "invalid_transition");
}

#[test]
fn a_status_change_to_the_same_status_is_refused() {
    let e = vec![
        detected("1", "10:00", "SEV-3"),
        status("2", "10:05", "triage"),
    ];
    let err = replay(&config(), &e).unwrap_err();
    assert!(err.to_string().contains("already triage"), "{err}");
}

#[test]
fn resolved_incidents_come_back_only_by_reopening() {
    let base = vec![
        detected("1", "10:00", "SEV-2"),
        status("2", "10:30", "resolved"),
    ];
    let mut e = base.clone();
    e.push(status("3", "11:00", "investigating"));
    let err = replay(&config(), &e).unwrap_err();
    match &err {
        IncidentError::InvalidTransition { from, to, hint, .. } => {
            assert_eq!((*from, *to), (Status::Resolved, Status::Investigating));
            assert!(hint.contains("reopened"), "{hint}");
        }
        other => panic!("{other:?}"),
    }
    let mut e = base;
    e.push(ev(
        "3",
        "11:00",
        "reopened",
        "bob",
        json!({"reason": "errors are back"}),
    ));
    let inc = replay(&config(), &e).unwrap();
    assert_eq!(inc.status, Status::Investigating);
    assert_eq!(inc.reopenings.len(), 1);
    assert_eq!(inc.reopenings[0].from, Status::Resolved);
    assert_eq!(inc.reopenings[0].reason, "errors are back");
}

#[test]
fn reopen_works_from_resolved_post_incident_and_closed_into_a_chosen_status() {
    for (path, to) in [
        (vec!["resolved"], "identified"),
        (vec!["resolved", "post_incident"], "monitoring"),
        (vec!["resolved", "post_incident", "closed"], "investigating"),
        (vec!["resolved", "closed"], "investigating"),
    ] {
        let mut e = vec![detected("1", "10:00", "SEV-2")];
        for (i, s) in path.iter().enumerate() {
            e.push(status(&format!("s{i}"), &format!("1{i}:30"), s));
        }
        e.push(ev(
            "r",
            "16:00",
            "reopened",
            "bob",
            json!({"reason": "back", "to": to}),
        ));
        assert_eq!(status_after(&e).as_str(), to, "{path:?}");
    }
}

#[test]
fn reopening_an_open_incident_or_into_triage_is_refused() {
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        ev("2", "10:05", "reopened", "bob", json!({"reason": "x"})),
    ];
    assert_eq!(code(&e), "invalid_transition");
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        status("2", "10:30", "resolved"),
        ev(
            "3",
            "10:35",
            "reopened",
            "bob",
            json!({"reason": "x", "to": "triage"}),
        ),
    ];
    assert_eq!(code(&e), "invalid_event");
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        status("2", "10:30", "resolved"),
        ev("3", "10:35", "reopened", "bob", json!({"reason": "  "})),
    ];
    assert_eq!(code(&e), "invalid_event");
}

#[test]
fn after_resolution_the_only_way_is_post_incident_then_closed() {
    let base = vec![
        detected("1", "10:00", "SEV-2"),
        status("2", "10:30", "resolved"),
    ];
    let mut e = base.clone();
    e.push(status("3", "11:00", "closed"));
    e.push(status("4", "11:10", "post_incident"));
    assert_eq!(code(&e), "invalid_transition");
    let mut e = base;
    e.push(status("3", "11:00", "post_incident"));
    e.push(status("4", "11:10", "resolved"));
    assert_eq!(code(&e), "invalid_transition");
}

#[test]
fn open_incidents_merge_into_another_and_stay_merged() {
    let mut e = vec![
        detected("1", "10:00", "SEV-2"),
        status("2", "10:05", "investigating"),
        ev("3", "10:10", "merged", "bob", json!({"into": "INC-9"})),
    ];
    let inc = replay(&config(), &e).unwrap();
    assert_eq!(inc.status, Status::Merged);
    assert_eq!(inc.merged_into.as_deref(), Some("INC-9"));
    e.push(ev("4", "10:20", "reopened", "bob", json!({"reason": "x"})));
    assert_eq!(code(&e), "invalid_transition");
}

#[test]
fn merging_needs_the_merged_event_an_open_incident_and_another_target() {
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        status("2", "10:05", "merged"),
    ];
    let err = replay(&config(), &e).unwrap_err();
    assert!(err.to_string().contains("\"merged\" event"), "{err}");
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        status("2", "10:05", "resolved"),
        ev("3", "10:10", "merged", "bob", json!({"into": "INC-9"})),
    ];
    assert_eq!(code(&e), "invalid_transition");
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        ev("2", "10:05", "merged", "bob", json!({"into": "I"})),
    ];
    assert_eq!(code(&e), "invalid_event");
}

#[test]
fn a_stated_from_must_match_the_fold() {
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        status("2", "10:05", "investigating"),
        ev(
            "3",
            "10:10",
            "status_changed",
            "bob",
            json!({"to": "monitoring", "from": "identified"}),
        ),
    ];
    let err = replay(&config(), &e).unwrap_err();
    assert_eq!(err.code(), "status_mismatch");
    assert!(
        err.to_string().contains("incident is investigating"),
        "{err}"
    );
    let ok = vec![
        detected("1", "10:00", "SEV-2"),
        ev(
            "2",
            "10:10",
            "status_changed",
            "bob",
            json!({"to": "identified", "from": "triage"}),
        ),
    ];
    assert_eq!(status_after(&ok), Status::Identified);
}

// ---- acknowledgement ---------------------------------------------------------------------

#[test]
fn acknowledgement_is_a_fact_not_a_status() {
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        ev("2", "10:04", "acknowledged", "bob", json!({})),
        ev("3", "10:09", "acknowledged", "alice", json!({})),
    ];
    let inc = replay(&config(), &e).unwrap();
    assert_eq!(inc.status, Status::Triage);
    let first = inc.first_acknowledgement().unwrap();
    assert_eq!((first.by.as_str(), first.at), ("bob", at("10:04")));
    assert_eq!(inc.acknowledgements.len(), 2);
    let facts = IncidentFacts::at(&inc, &config(), at("10:30")).unwrap();
    assert_eq!(facts.time_to_acknowledge_seconds, Some(240));
}

#[test]
fn a_resolved_incident_cannot_be_acknowledged() {
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        status("2", "10:30", "resolved"),
        ev("3", "10:35", "acknowledged", "bob", json!({})),
    ];
    assert_eq!(code(&e), "not_allowed_in_status");
}

// ---- severity ----------------------------------------------------------------------------

#[test]
fn severity_changes_need_a_known_different_severity_and_a_reason() {
    let sev = |to: &str, reason: &str| {
        vec![
            detected("1", "10:00", "SEV-3"),
            ev(
                "2",
                "10:05",
                "severity_changed",
                "bob",
                json!({"to": to, "reason": reason}),
            ),
        ]
    };
    assert_eq!(
        replay(&config(), &sev("SEV-1", "outage")).unwrap().severity,
        "SEV-1"
    );
    let err = replay(&config(), &sev("SEV-0", "outage")).unwrap_err();
    assert_eq!(err.code(), "unknown_severity");
    assert!(
        err.to_string().contains("SEV-1, SEV-2, SEV-3, SEV-4"),
        "{err}"
    );
    assert_eq!(code(&sev("SEV-3", "same")), "severity_unchanged");
    assert_eq!(code(&sev("SEV-1", " ")), "invalid_event");
}

#[test]
fn detection_with_an_unknown_severity_is_refused() {
    assert_eq!(code(&[detected("1", "10:00", "P1")]), "unknown_severity");
}

#[test]
fn cited_criteria_must_come_from_the_policy_and_suggest_upgrades() {
    let e = vec![ev(
        "1",
        "10:00",
        "detected",
        "am",
        json!({"title": "t", "severity": "SEV-3", "criteria": ["Customer data is lost, corrupted or exposed"]}),
    )];
    let inc = replay(&config(), &e).unwrap();
    let facts = IncidentFacts::at(&inc, &config(), at("10:00")).unwrap();
    assert_eq!(facts.suggested_severity.as_deref(), Some("SEV-1"));
    let e = vec![ev(
        "1",
        "10:00",
        "detected",
        "am",
        json!({"title": "t", "severity": "SEV-3", "criteria": ["customers are sad"]}),
    )];
    assert_eq!(code(&e), "unknown_criterion");
}

#[test]
fn severity_history_is_kept_with_reasons() {
    let e = vec![
        detected("1", "10:00", "SEV-3"),
        ev(
            "2",
            "10:05",
            "severity_changed",
            "bob",
            json!({"to": "SEV-1", "reason": "all regions"}),
        ),
        ev(
            "3",
            "11:00",
            "severity_changed",
            "bob",
            json!({"to": "SEV-2", "reason": "EU only now"}),
        ),
    ];
    let inc = replay(&config(), &e).unwrap();
    let h: Vec<(&str, Option<&str>)> = inc
        .severity_history
        .iter()
        .map(|p| (p.severity.as_str(), p.reason.as_deref()))
        .collect();
    assert_eq!(
        h,
        vec![
            ("SEV-3", None),
            ("SEV-1", Some("all regions")),
            ("SEV-2", Some("EU only now"))
        ]
    );
    assert_eq!(inc.severity_at(at("10:30")), Some("SEV-1"));
    assert_eq!(inc.severity_at(at("09:59")), None);
}

#[test]
fn declined_incidents_keep_their_severity() {
    let e = vec![
        detected("1", "10:00", "SEV-3"),
        status("2", "10:05", "declined"),
        ev(
            "3",
            "10:10",
            "severity_changed",
            "bob",
            json!({"to": "SEV-1", "reason": "x"}),
        ),
    ];
    assert_eq!(code(&e), "not_allowed_in_status");
}

// ---- roles and participants --------------------------------------------------------------

fn assign(id: &str, hhmm: &str, role: &str, person: &str) -> Event {
    ev(
        id,
        hhmm,
        "role_assigned",
        "bob",
        json!({"role": role, "person": person}),
    )
}

#[test]
fn the_commander_role_hands_over_and_history_says_who_held_it_when() {
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        assign("2", "10:05", "incident_commander", "bob"),
        assign("3", "12:00", "incident_commander", "alice"),
    ];
    let inc = replay(&config(), &e).unwrap();
    assert_eq!(inc.roles.holders("incident_commander"), vec!["alice"]);
    assert_eq!(
        inc.roles.holders_at("incident_commander", at("11:59")),
        vec!["bob"]
    );
    assert_eq!(
        inc.roles.holders_at("incident_commander", at("12:00")),
        vec!["alice"]
    );
    assert!(inc
        .roles
        .holders_at("incident_commander", at("10:04"))
        .is_empty());
    let t = inc.roles.record("incident_commander").unwrap().tenures();
    assert_eq!(t[0].ended_by, Some(TenureEnd::HandedOver));
    assert_eq!(t[0].until, Some(at("12:00")));
    // Both are participants: an assignment brings the person in.
    assert_eq!(inc.current_participants(), vec!["alice", "bob"]);
}

#[test]
fn subject_matter_experts_are_many() {
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        assign("2", "10:05", "subject_matter_expert", "chen"),
        assign("3", "10:06", "subject_matter_expert", "dana"),
        ev(
            "4",
            "10:30",
            "role_released",
            "chen",
            json!({"role": "subject_matter_expert", "person": "chen"}),
        ),
    ];
    let inc = replay(&config(), &e).unwrap();
    assert_eq!(inc.roles.holders("subject_matter_expert"), vec!["dana"]);
    assert_eq!(
        inc.roles.holders_at("subject_matter_expert", at("10:10")),
        vec!["chen", "dana"]
    );
}

#[test]
fn role_errors() {
    let base = vec![
        detected("1", "10:00", "SEV-2"),
        assign("2", "10:05", "scribe", "eve"),
    ];
    let mut e = base.clone();
    e.push(assign("3", "10:06", "scribe", "eve"));
    assert_eq!(code(&e), "role_already_held");
    let mut e = base.clone();
    e.push(ev(
        "3",
        "10:06",
        "role_released",
        "bob",
        json!({"role": "scribe", "person": "farid"}),
    ));
    assert_eq!(code(&e), "role_not_held");
    let mut e = base.clone();
    e.push(assign("3", "10:06", "janitor", "farid"));
    let err = replay(&config(), &e).unwrap_err();
    assert_eq!(err.code(), "unknown_role");
    assert_eq!(err.event_id(), Some("3"));
    let mut e = base;
    e.push(status("3", "10:30", "resolved"));
    e.push(status("4", "10:40", "closed"));
    e.push(assign("5", "10:50", "incident_commander", "farid"));
    assert_eq!(code(&e), "not_allowed_in_status");
}

#[test]
fn roles_are_configurable() {
    let mut c: IncidentConfig = serde_json::from_value(json!({
        "roles": [{"id": "ic", "name": "Incident lead"}, {"id": "liaison", "name": "Customer liaison"}]
    }))
    .unwrap();
    c = c.validate().unwrap();
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        assign("2", "10:05", "liaison", "eve"),
    ];
    assert_eq!(
        replay(&c, &e).unwrap().roles.holders("liaison"),
        vec!["eve"]
    );
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        assign("2", "10:05", "scribe", "eve"),
    ];
    assert_eq!(replay(&c, &e).unwrap_err().code(), "unknown_role");
}

#[test]
fn leaving_gives_up_roles_and_participants_come_and_go() {
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        ev(
            "2",
            "10:01",
            "participant_joined",
            "dana",
            json!({"person": "dana"}),
        ),
        assign("3", "10:02", "scribe", "dana"),
        ev(
            "4",
            "11:00",
            "participant_left",
            "dana",
            json!({"person": "dana"}),
        ),
        ev(
            "5",
            "12:00",
            "participant_joined",
            "dana",
            json!({"person": "dana"}),
        ),
    ];
    let inc = replay(&config(), &e).unwrap();
    assert!(inc.roles.holders("scribe").is_empty());
    assert_eq!(
        inc.roles.record("scribe").unwrap().tenures()[0].ended_by,
        Some(TenureEnd::Left)
    );
    assert_eq!(inc.participants["dana"].stints.len(), 2);
    assert_eq!(inc.participants["dana"].present_since(), Some(at("12:00")));
}

#[test]
fn participant_errors() {
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        ev(
            "2",
            "10:01",
            "participant_joined",
            "dana",
            json!({"person": "dana"}),
        ),
        ev(
            "3",
            "10:02",
            "participant_joined",
            "dana",
            json!({"person": "dana"}),
        ),
    ];
    assert_eq!(code(&e), "already_participating");
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        ev(
            "2",
            "10:01",
            "participant_left",
            "dana",
            json!({"person": "dana"}),
        ),
    ];
    assert_eq!(code(&e), "not_participating");
}

// ---- impact ------------------------------------------------------------------------------

#[test]
fn impact_may_begin_and_end_before_detection() {
    let e = vec![
        ev_rec(
            "0",
            "09:00",
            "10:10",
            "impact_started",
            "chen",
            json!({"description": "EU checkout down"}),
        ),
        ev_rec("0b", "09:30", "10:10", "impact_ended", "chen", json!({})),
        detected("1", "10:00", "SEV-2"),
    ];
    let inc = replay(&config(), &e).unwrap();
    assert_eq!(inc.impact.len(), 1);
    assert_eq!(inc.impact[0].ended_at, Some(at("09:30")));
    let facts = IncidentFacts::at(&inc, &config(), at("10:10")).unwrap();
    assert_eq!(facts.time_to_detect_seconds, Some(3600));
    assert_eq!(facts.impact_seconds, 1800);
    assert!(!facts.impact_ongoing);
}

#[test]
fn impact_windows_do_not_overlap() {
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        ev("2", "10:01", "impact_started", "chen", json!({})),
        ev("3", "10:02", "impact_started", "chen", json!({})),
    ];
    assert_eq!(code(&e), "impact_already_started");
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        ev("2", "10:01", "impact_ended", "chen", json!({})),
    ];
    assert_eq!(code(&e), "impact_not_started");
}

// ---- bad input ---------------------------------------------------------------------------

#[test]
fn unknown_event_kinds_are_typed_errors() {
    let v = json!({"events": [{"id": "1", "incident": "I", "kind": "snoozed", "actor": "bob",
        "occurred_at": "2026-11-26T10:00:00Z", "recorded_at": "2026-11-26T10:00:00Z"}]});
    let err = watchstander::ops::call("incident.replay", &v).unwrap_err();
    assert_eq!(err.code(), "unknown_event_kind");
    assert_eq!(err.module(), "incident");
    assert!(err.to_string().contains("events[0]"), "{err}");
}

#[test]
fn events_for_another_incident_are_refused() {
    let mut other = status("2", "10:05", "investigating");
    other.incident = "J".into();
    let err = replay(&config(), &[detected("1", "10:00", "SEV-2"), other.clone()]).unwrap_err();
    assert_eq!(err.code(), "wrong_incident");
    assert!(
        err.to_string().contains("\"J\"") && err.to_string().contains("\"I\""),
        "{err}"
    );
    let mut log = IncidentLog::new(config()).unwrap();
    log.apply(detected("1", "10:00", "SEV-2")).unwrap();
    assert_eq!(log.apply(other).unwrap_err().code(), "wrong_incident");
}

#[test]
fn events_before_detection_are_refused() {
    let e = vec![
        ev("0", "09:55", "acknowledged", "bob", json!({})),
        detected("1", "10:00", "SEV-2"),
    ];
    let err = replay(&config(), &e).unwrap_err();
    assert_eq!(err.code(), "before_detection");
    assert_eq!(err.event_id(), Some("0"));
    // In a log, the late early event is refused and nothing changes.
    let mut log = IncidentLog::new(config()).unwrap();
    log.apply(detected("1", "10:00", "SEV-2")).unwrap();
    let before = log.clone();
    let err = log
        .apply(ev_rec(
            "0",
            "09:55",
            "10:20",
            "acknowledged",
            "bob",
            json!({}),
        ))
        .unwrap_err();
    assert_eq!(err.code(), "before_detection");
    assert_eq!(log, before);
}

#[test]
fn histories_without_detection_are_refused() {
    assert_eq!(
        code(&[ev("1", "10:00", "acknowledged", "bob", json!({}))]),
        "not_detected"
    );
    assert_eq!(code(&[]), "not_detected");
    // Impact alone is fine in a log (it may precede detection), but not as a whole incident.
    let impact = ev("1", "10:00", "impact_started", "chen", json!({}));
    assert_eq!(code(std::slice::from_ref(&impact)), "not_detected");
    let log = IncidentLog::from_events(config(), &[impact]).unwrap();
    assert!(log.incident().is_none());
}

#[test]
fn a_second_detection_is_refused() {
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        detected("2", "10:05", "SEV-1"),
    ];
    let err = replay(&config(), &e).unwrap_err();
    assert_eq!(err.code(), "duplicate_detection");
    assert!(err.to_string().contains("\"1\""), "{err}");
}

#[test]
fn clock_regressions_are_refused_unless_within_the_allowed_skew() {
    // Recorded at 10:04 but said to occur at 10:05.
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        ev_rec("2", "10:05", "10:04", "acknowledged", "bob", json!({})),
    ];
    let err = replay(&config(), &e).unwrap_err();
    assert_eq!(err.code(), "clock_regression");
    let tolerant = IncidentConfig {
        max_clock_skew: "PT2M".parse().unwrap(),
        ..IncidentConfig::default()
    }
    .validate()
    .unwrap();
    assert!(replay(&tolerant, &e).is_ok());
}

#[test]
fn asking_before_the_last_event_is_refused() {
    let inc = replay(
        &config(),
        &[
            detected("1", "10:00", "SEV-2"),
            status("2", "10:30", "investigating"),
        ],
    )
    .unwrap();
    let err = IncidentFacts::at(&inc, &config(), at("10:29")).unwrap_err();
    assert_eq!(err.code(), "now_before_history");
}

#[test]
fn empty_ids_actors_and_texts_are_invalid() {
    let mut e = detected("1", "10:00", "SEV-2");
    e.id = " ".into();
    assert_eq!(code(&[e]), "invalid_event");
    let mut e = detected("1", "10:00", "SEV-2");
    e.actor = String::new();
    assert_eq!(code(&[e]), "invalid_event");
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        ev("2", "10:01", "note", "bob", json!({"text": ""})),
    ];
    assert_eq!(code(&e), "invalid_event");
}

// ---- duplicates and late events ----------------------------------------------------------

#[test]
fn identical_duplicates_are_no_ops_and_conflicting_ones_are_errors() {
    let d = detected("1", "10:00", "SEV-2");
    let s = status("2", "10:05", "investigating");
    let once = replay(&config(), &[d.clone(), s.clone()]).unwrap();
    let twice = replay(&config(), &[d.clone(), s.clone(), s.clone(), d.clone()]).unwrap();
    assert_eq!(once, twice);
    assert_eq!(twice.event_count, 2);
    let mut log = IncidentLog::new(config()).unwrap();
    log.apply(d.clone()).unwrap();
    log.apply(s.clone()).unwrap();
    assert_eq!(log.apply(s.clone()).unwrap(), Applied::Duplicate);
    let mut conflicting = s.clone();
    conflicting.kind = status("2", "10:05", "identified").kind;
    let before = log.clone();
    assert_eq!(
        log.apply(conflicting.clone()).unwrap_err().code(),
        "event_id_conflict"
    );
    assert_eq!(log, before);
    assert_eq!(
        replay(&config(), &[d, s, conflicting]).unwrap_err().code(),
        "event_id_conflict"
    );
}

#[test]
fn a_late_event_is_placed_in_order_and_the_fold_recomputed() {
    let mut log = IncidentLog::new(config()).unwrap();
    for e in [
        detected("1", "10:00", "SEV-2"),
        status("2", "10:10", "investigating"),
        status("4", "10:40", "resolved"),
    ] {
        assert_eq!(log.apply(e).unwrap(), Applied::Appended);
    }
    // Identified at 10:20, recorded only at 10:45.
    let late = ev_rec(
        "3",
        "10:20",
        "10:45",
        "status_changed",
        "bob",
        json!({"to": "identified"}),
    );
    assert_eq!(
        log.apply(late.clone()).unwrap(),
        Applied::Inserted { position: 2 }
    );
    let inc = log.incident().unwrap();
    let walked: Vec<Status> = inc.status_history.iter().map(|p| p.status).collect();
    assert_eq!(
        walked,
        vec![
            Status::Triage,
            Status::Investigating,
            Status::Identified,
            Status::Resolved
        ]
    );
    let all = [
        detected("1", "10:00", "SEV-2"),
        status("2", "10:10", "investigating"),
        status("4", "10:40", "resolved"),
        late,
    ];
    assert_eq!(inc, &replay(&config(), &all).unwrap());
}

#[test]
fn a_late_event_that_would_invalidate_history_changes_nothing() {
    let mut log = IncidentLog::new(config()).unwrap();
    for e in [
        detected("1", "10:00", "SEV-2"),
        status("2", "10:10", "investigating"),
        status("4", "10:40", "resolved"),
    ] {
        log.apply(e).unwrap();
    }
    let before = log.clone();
    // A late "resolved" at 10:20 would make the recorded 10:40 "resolved" invalid.
    let late = ev_rec(
        "3",
        "10:20",
        "10:45",
        "status_changed",
        "bob",
        json!({"to": "resolved"}),
    );
    let err = log.apply(late).unwrap_err();
    assert_eq!(err.code(), "invalid_transition");
    assert_eq!(
        err.event_id(),
        Some("4"),
        "the error names the event that became invalid"
    );
    assert_eq!(log, before);
}

// ---- the sample incident -----------------------------------------------------------------

#[test]
fn the_sample_incident_folds_to_the_hand_worked_facts() {
    let config = sample_config();
    let inc = replay(&config, &sample_events()).unwrap();
    assert_eq!(inc.id, "INC-1042");
    assert_eq!(inc.status, Status::Monitoring);
    assert_eq!(inc.severity, "SEV-2");
    assert_eq!(inc.event_count, 19);
    let facts = IncidentFacts::at(&inc, &config, at("11:40")).unwrap();
    // Impact 09:40, detected 09:52, acked 09:58, monitoring 10:52, impact ended 10:53.
    assert_eq!(facts.time_to_detect_seconds, Some(12 * 60));
    assert_eq!(facts.time_to_acknowledge_seconds, Some(6 * 60));
    assert_eq!(facts.time_to_mitigate_seconds, Some(60 * 60));
    assert_eq!(facts.time_to_resolve_seconds, None);
    assert_eq!(facts.impact_seconds, 73 * 60);
    assert_eq!(facts.open_seconds, 108 * 60);
    let tis: Vec<(Status, i64)> = facts.time_in_status.iter().map(|(s, t)| (*s, *t)).collect();
    assert_eq!(
        tis,
        vec![
            (Status::Triage, 11 * 60),
            (Status::Investigating, 31 * 60),
            (Status::Identified, 18 * 60),
            (Status::Monitoring, 48 * 60)
        ]
    );
    assert_eq!(
        facts.suggested_severity, None,
        "the cited criterion is SEV-2's own"
    );
    assert_eq!(
        facts.next_statuses,
        vec![Status::Investigating, Status::Identified, Status::Resolved]
    );
    assert_eq!(inc.roles.holders("incident_commander"), vec!["bob"]);
    assert_eq!(inc.roles.holders("communications_lead"), vec!["alice"]);
    assert_eq!(inc.current_participants(), vec!["alice", "bob", "chen"]);
    assert_eq!(inc.follow_ups[0].owner.as_deref(), Some("chen"));
}

#[test]
fn criteria_cited_by_severity_changes_accumulate_once_each() {
    let c = "An SLO is burning error budget fast";
    let e = vec![
        detected("1", "10:00", "SEV-4"),
        ev(
            "2",
            "10:05",
            "severity_changed",
            "bob",
            json!({"to": "SEV-3", "reason": "x", "criteria": [c]}),
        ),
        ev(
            "3",
            "10:10",
            "severity_changed",
            "bob",
            json!({"to": "SEV-4", "reason": "y", "criteria": [c, c]}),
        ),
    ];
    let inc = replay(&config(), &e).unwrap();
    assert_eq!(inc.criteria, vec![c.to_string()]);
    let facts = IncidentFacts::at(&inc, &config(), at("10:10")).unwrap();
    assert_eq!(facts.suggested_severity.as_deref(), Some("SEV-2"));
}

#[test]
fn role_events_need_both_a_role_and_a_person() {
    for (role, person) in [("scribe", " "), ("", "eve")] {
        let e = vec![
            detected("1", "10:00", "SEV-2"),
            ev(
                "2",
                "10:05",
                "role_assigned",
                "bob",
                json!({"role": role, "person": person}),
            ),
        ];
        assert_eq!(code(&e), "invalid_event", "{role:?} {person:?}");
    }
}

#[test]
fn a_log_keeps_its_validated_configuration() {
    let c: IncidentConfig =
        serde_json::from_value(json!({"roles": [{"id": "lead", "name": "Lead"}]})).unwrap();
    let log = IncidentLog::new(c).unwrap();
    assert_eq!(log.config().roles.len(), 1);
    assert_eq!(log.config().roles[0].id, "lead");
    assert!(log.incident_id().is_none());
    let bad: IncidentConfig =
        serde_json::from_value(json!({"roles": [{"id": "Lead", "name": "Lead"}]})).unwrap();
    assert_eq!(IncidentLog::new(bad).unwrap_err().code(), "invalid_config");
}
