//! SLA clocks of incidents: response and resolve, re-targeting on severity changes, breaches,
//! pauses across reopen. Default policy: SEV-1 respond 5 min / resolve 4 h; SEV-2 1 h / 24 h;
//! SEV-3 4 h / 3 business days; SEV-4 1 business day / 10 business days (Mon–Fri 09–17 UTC).

mod incident_common;

use incident_common::*;
use serde_json::json;
use watchstander::incident::{replay, Event, IncidentConfig, IncidentSla};
use watchstander::severity::ClockState;

fn sla(config: &IncidentConfig, events: &[Event], now: &str) -> IncidentSla {
    let inc = replay(config, events).unwrap();
    IncidentSla::at(&inc, config, at(now)).unwrap()
}

fn sev(id: &str, hhmm: &str, to: &str) -> Event {
    ev(
        id,
        hhmm,
        "severity_changed",
        "bob",
        json!({"to": to, "reason": "re-assessed"}),
    )
}

fn ack(id: &str, hhmm: &str) -> Event {
    ev(id, hhmm, "acknowledged", "bob", json!({}))
}

#[test]
fn the_sample_incident() {
    let s = sla(&sample_config(), &sample_events(), "11:40");
    // Acknowledged at 09:58, before the upgrade at 10:05: judged as SEV-3 (4 h), met.
    let r = &s.response;
    assert_eq!(r.severity, "SEV-3");
    assert_eq!(r.target.unwrap().to_string(), "PT4H");
    assert_eq!(r.state, ClockState::Stopped);
    assert_eq!(r.stopped_at, Some(at("09:58")));
    assert_eq!((r.met, r.breached, r.deadline), (Some(true), false, None));
    assert!(r.retargeted.is_empty());
    // Resolve: re-targeted to SEV-2's 24 h from detection at 09:52.
    let v = &s.resolve;
    assert_eq!(v.severity, "SEV-2");
    assert_eq!(v.deadline, Some(instant("2026-11-27T09:52:00Z")));
    assert_eq!(v.elapsed_seconds, Some(108 * 60));
    assert_eq!(v.remaining_seconds, Some(24 * 3600 - 108 * 60));
    assert_eq!(v.state, ClockState::Running);
    assert_eq!(v.retargeted.len(), 1);
    assert_eq!(
        (v.retargeted[0].from.as_str(), v.retargeted[0].to.as_str()),
        ("SEV-3", "SEV-2")
    );
    assert_eq!(v.retargeted[0].at, at("10:05"));
    assert_eq!(v.met, None);
}

#[test]
fn an_upgrade_within_the_new_budget_leaves_the_rest_of_it() {
    let e = vec![detected("1", "10:00", "SEV-3"), sev("2", "10:30", "SEV-2")];
    let s = sla(&config(), &e, "10:40");
    assert_eq!(s.response.deadline, Some(at("11:00")));
    assert_eq!(s.response.remaining_seconds, Some(20 * 60));
    assert!(!s.response.breached);
}

#[test]
fn a_late_upgrade_breaches_at_the_change_not_retroactively() {
    // SEV-1 responds within 5 minutes of detection (10:05), but it only applies from 10:30.
    let e = vec![detected("1", "10:00", "SEV-3"), sev("2", "10:30", "SEV-1")];
    let s = sla(&config(), &e, "10:40");
    let r = &s.response;
    assert!(r.breached);
    assert_eq!(r.breached_at, Some(at("10:30")));
    assert_eq!(r.breached_under.as_deref(), Some("SEV-1"));
    assert_eq!(r.deadline, Some(at("10:05")));
    assert_eq!(r.remaining_seconds, Some(5 * 60 - 40 * 60));
    // Resolve: SEV-1 4 h from 10:00.
    assert_eq!(s.resolve.deadline, Some(at("14:00")));
    assert!(!s.resolve.breached);
}

#[test]
fn a_breach_stays_after_a_downgrade() {
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        sev("2", "11:30", "SEV-3"),
        ack("3", "11:45"),
    ];
    let r = sla(&config(), &e, "12:00").response;
    assert!(r.breached);
    assert_eq!(r.breached_at, Some(at("11:00")));
    assert_eq!(r.breached_under.as_deref(), Some("SEV-2"));
    assert_eq!(r.severity, "SEV-3");
    assert_eq!(r.state, ClockState::Stopped);
    assert_eq!(r.met, Some(false));
}

#[test]
fn a_severity_change_after_the_clock_stopped_does_not_retarget_it() {
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        ack("2", "10:10"),
        status("3", "11:00", "resolved"),
        status("4", "11:30", "post_incident"),
        sev("5", "12:00", "SEV-1"),
    ];
    let s = sla(&config(), &e, "12:00");
    // As SEV-1 the 10-minute response would have missed 5 minutes; it was SEV-2 then.
    assert_eq!(s.response.severity, "SEV-2");
    assert_eq!(s.response.met, Some(true));
    assert_eq!(s.resolve.severity, "SEV-2");
    assert_eq!(s.resolve.met, Some(true));
    assert!(s.resolve.retargeted.is_empty());
}

#[test]
fn reopening_continues_the_resolve_clock_and_pauses_the_resolved_time() {
    let mut e = vec![
        detected("1", "10:00", "SEV-1"),
        status("2", "11:00", "resolved"),
        ev(
            "3",
            "13:00",
            "reopened",
            "bob",
            json!({"reason": "errors again"}),
        ),
    ];
    let s = sla(&config(), &e, "14:00");
    let v = &s.resolve;
    assert_eq!(v.state, ClockState::Running);
    assert_eq!(v.elapsed_seconds, Some(2 * 3600));
    assert_eq!(v.remaining_seconds, Some(2 * 3600));
    assert_eq!(v.deadline, Some(at("16:00")));
    assert_eq!(v.paused_seconds, 2 * 3600);
    assert_eq!(v.pauses.len(), 1);
    assert_eq!(
        (v.pauses[0].from, v.pauses[0].until),
        (at("11:00"), Some(at("13:00")))
    );
    // Nobody acknowledged; the response clock stopped when it was first resolved, late.
    assert_eq!(s.response.stopped_at, Some(at("11:00")));
    assert_eq!(s.response.breached_at, Some(at("10:05")));
    // Resolved again at 15:00: 1 h + 2 h counted, within 4 h.
    e.push(status("4", "15:00", "resolved"));
    let v = sla(&config(), &e, "15:30").resolve;
    assert_eq!(
        (v.state, v.met, v.elapsed_seconds),
        (ClockState::Stopped, Some(true), Some(3 * 3600))
    );
}

#[test]
fn an_upgrade_while_resolved_breaches_when_the_clock_resumes() {
    let e = vec![
        detected("1", "10:00", "SEV-3"),
        status("2", "14:30", "resolved"),
        sev("3", "15:00", "SEV-1"),
        ev("4", "16:00", "reopened", "bob", json!({"reason": "back"})),
    ];
    let v = sla(&config(), &e, "16:10").resolve;
    // SEV-1's 4 h ran out at 14:00; the clock was paused (resolved) at the change at 15:00 and
    // resumed at 16:00.
    assert_eq!(v.breached_at, Some(at("16:00")));
    assert_eq!(v.breached_under.as_deref(), Some("SEV-1"));
    assert_eq!(v.remaining_seconds, Some(4 * 3600 - (4 * 3600 + 40 * 60)));
}

#[test]
fn an_unacknowledged_incident_resolved_in_time_meets_its_response_target() {
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        status("2", "10:30", "resolved"),
    ];
    let r = sla(&config(), &e, "10:30").response;
    assert_eq!((r.stopped_at, r.met), (Some(at("10:30")), Some(true)));
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        status("2", "11:30", "resolved"),
    ];
    let r = sla(&config(), &e, "11:30").response;
    assert_eq!((r.breached_at, r.met), (Some(at("11:00")), Some(false)));
}

#[test]
fn declined_and_merged_incidents_stop_both_clocks() {
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        status("2", "10:10", "declined"),
    ];
    let s = sla(&config(), &e, "12:00");
    assert_eq!(s.response.stopped_at, Some(at("10:10")));
    assert_eq!(s.resolve.stopped_at, Some(at("10:10")));
    assert_eq!(s.resolve.met, Some(true));
}

#[test]
fn business_clock_targets_skip_the_weekend() {
    // SEV-4: respond within 1 business day. Friday 27 November 16:00 UTC → Monday 16:00.
    let e: Vec<Event> = serde_json::from_value(json!([
        {"id": "1", "incident": "I", "kind": "detected", "title": "Typo on invoice", "severity": "SEV-4",
         "occurred_at": "2026-11-27T16:00:00Z", "recorded_at": "2026-11-27T16:00:00Z", "actor": "eve"}
    ]))
    .unwrap();
    let inc = replay(&config(), &e).unwrap();
    let s = IncidentSla::at(&inc, &config(), instant("2026-11-30T17:00:00Z")).unwrap();
    assert_eq!(s.response.deadline, Some(instant("2026-11-30T16:00:00Z")));
    assert_eq!(
        s.response.breached_at,
        Some(instant("2026-11-30T16:00:00Z"))
    );
    assert_eq!(
        s.response.clock,
        Some(watchstander::severity::ClockKind::Business)
    );
    // Counted business time: Friday 16–17 and Monday 09–17 = 9 h.
    assert_eq!(s.response.elapsed_seconds, Some(9 * 3600));
}

#[test]
fn a_policy_with_only_business_clock_targets_counts_business_time() {
    // Every target of the policy is on the business clock (Mon–Fri 09–17 UTC). Friday
    // 27 November 16:00: 2 business hours end Monday 10:00, one business day Monday 16:00.
    let config: IncidentConfig = serde_json::from_value(json!({"severity_policy": {"levels": [
        {"id": "P3", "name": "Low", "rank": 1, "description": "d",
         "response": {"within": "PT2H", "clock": "business"},
         "resolve": {"within": "P1D", "clock": "business"}}
    ], "business_calendar": {"zone": "UTC", "hours": {"mon": ["09:00-17:00"], "tue": ["09:00-17:00"],
        "wed": ["09:00-17:00"], "thu": ["09:00-17:00"], "fri": ["09:00-17:00"]}}}}))
    .unwrap();
    let config = config.validate().unwrap();
    let e: Vec<Event> = serde_json::from_value(json!([
        {"id": "1", "incident": "I", "kind": "detected", "title": "Slow exports", "severity": "P3",
         "occurred_at": "2026-11-27T16:00:00Z", "recorded_at": "2026-11-27T16:00:00Z", "actor": "eve"}
    ]))
    .unwrap();
    let inc = replay(&config, &e).unwrap();
    let s = IncidentSla::at(&inc, &config, instant("2026-11-30T17:00:00Z")).unwrap();
    assert_eq!(s.response.deadline, Some(instant("2026-11-30T10:00:00Z")));
    assert_eq!(
        s.response.breached_at,
        Some(instant("2026-11-30T10:00:00Z"))
    );
    assert_eq!(s.resolve.deadline, Some(instant("2026-11-30T16:00:00Z")));
    // Friday 16–17 and Monday 09–17.
    assert_eq!(s.resolve.elapsed_seconds, Some(9 * 3600));
    // Resolved Monday 10:00 (2 business hours counted) and reopened at 12:00: the 6 hours
    // left run from 12:00, to Tuesday 10:00.
    let mut e = e;
    e.extend(
        serde_json::from_value::<Vec<Event>>(json!([
            {"id": "2", "incident": "I", "kind": "status_changed", "to": "resolved",
             "occurred_at": "2026-11-30T10:00:00Z", "recorded_at": "2026-11-30T10:00:00Z", "actor": "eve"},
            {"id": "3", "incident": "I", "kind": "reopened", "reason": "again",
             "occurred_at": "2026-11-30T12:00:00Z", "recorded_at": "2026-11-30T12:00:00Z", "actor": "eve"}
        ]))
        .unwrap(),
    );
    let inc = replay(&config, &e).unwrap();
    let s = IncidentSla::at(&inc, &config, instant("2026-11-30T13:00:00Z")).unwrap();
    assert_eq!(s.resolve.deadline, Some(instant("2026-12-01T10:00:00Z")));
    assert_eq!(s.resolve.elapsed_seconds, Some(3 * 3600));
}

#[test]
fn a_business_target_on_a_calendar_without_business_time_is_an_error_not_no_target() {
    // Open on Mondays only, and every Monday is a holiday: the budget cannot be laid out.
    let config: IncidentConfig = serde_json::from_value(json!({"severity_policy": {"levels": [
        {"id": "P3", "name": "Low", "rank": 1, "description": "d",
         "response": {"within": "PT2H", "clock": "business"}}
    ], "business_calendar": {"zone": "UTC", "hours": {"mon": ["09:00-17:00"]},
        "holidays": [{"name": "Every Monday", "rrule": "FREQ=WEEKLY;BYDAY=MO"}]}}}))
    .unwrap();
    let config = config.validate().unwrap();
    let inc = replay(&config, &[detected("1", "10:00", "P3")]).unwrap();
    let err = IncidentSla::at(&inc, &config, at("11:00")).unwrap_err();
    assert_eq!(err.code(), "no_business_time", "{err}");
}

#[test]
fn a_severity_without_a_resolve_target_has_no_resolve_deadline() {
    let config: IncidentConfig = serde_json::from_value(json!({"severity_policy": {"levels": [
        {"id": "P1", "name": "Urgent", "rank": 1, "description": "d", "response": {"within": "PT15M"}, "resolve": {"within": "PT4H"}},
        {"id": "P2", "name": "Normal", "rank": 2, "description": "d", "response": {"within": "PT1H"}}
    ]}}))
    .unwrap();
    let config = config.validate().unwrap();
    let e = vec![detected("1", "10:00", "P2")];
    let v = sla(&config, &e, "20:00").resolve;
    assert_eq!(
        (v.target, v.deadline, v.breached, v.remaining_seconds),
        (None, None, false, None)
    );
    // Upgraded late to P1: its 4 h from 10:00 ran out at 14:00, so it breaches at the change.
    let e = vec![detected("1", "10:00", "P2"), sev("2", "15:00", "P1")];
    let v = sla(&config, &e, "15:00").resolve;
    assert_eq!(v.breached_at, Some(at("15:00")));
}

#[test]
fn a_severity_change_at_the_instant_the_clock_stops_does_not_retarget_it() {
    // Acknowledged and upgraded at 10:30; the acknowledgement is folded first ("2a" < "2b").
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        ack("2a", "10:30"),
        sev("2b", "10:30", "SEV-1"),
    ];
    let r = sla(&config(), &e, "10:40").response;
    assert_eq!(r.severity, "SEV-2");
    assert_eq!((r.met, r.breached), (Some(true), false));
    assert!(r.retargeted.is_empty());
}

#[test]
fn an_upgrade_between_two_resolved_spans_breaches_at_the_change() {
    // 08:00–11:00 and 12:00–14:00 count: 5 h by 14:00, past SEV-1's 4 h (ran out at 13:00).
    let e = vec![
        detected("1", "08:00", "SEV-3"),
        status("2", "11:00", "resolved"),
        ev("3", "12:00", "reopened", "bob", json!({"reason": "back"})),
        sev("4", "14:00", "SEV-1"),
        status("5", "14:30", "resolved"),
        ev("6", "16:00", "reopened", "bob", json!({"reason": "again"})),
    ];
    let v = sla(&config(), &e, "16:10").resolve;
    assert_eq!(v.breached_at, Some(at("14:00")));
    assert_eq!(v.deadline, Some(at("13:00")));
    assert_eq!(v.paused_seconds, 3600 + 90 * 60);
}

#[test]
fn an_upgrade_at_the_instant_of_resolution_breaches_when_reopened() {
    // 5 h counted by 11:00; SEV-1 (4 h) applies from 11:00, when the clock also pauses.
    let e = vec![
        detected("1", "06:00", "SEV-3"),
        sev("2a", "11:00", "SEV-1"),
        status("2b", "11:00", "resolved"),
        ev("3", "12:00", "reopened", "bob", json!({"reason": "back"})),
    ];
    assert_eq!(
        sla(&config(), &e, "12:10").resolve.breached_at,
        Some(at("12:00"))
    );
}

#[test]
fn a_severity_in_force_only_while_resolved_is_never_breached() {
    // SEV-1 from 15:00 to 15:30 while the clock is paused; SEV-2 (24 h) when it resumes.
    let e = vec![
        detected("1", "08:00", "SEV-3"),
        status("2", "14:30", "resolved"),
        sev("3", "15:00", "SEV-1"),
        sev("4", "15:30", "SEV-2"),
        ev("5", "16:00", "reopened", "bob", json!({"reason": "back"})),
    ];
    let v = sla(&config(), &e, "16:10").resolve;
    assert!(!v.breached, "{v:?}");
    assert_eq!(v.deadline, Some(instant("2026-11-27T09:30:00Z")));
}

#[test]
fn a_clock_that_resumes_and_stops_at_the_same_instant_is_not_breached_then() {
    let e = vec![
        detected("1", "08:00", "SEV-3"),
        status("2", "14:30", "resolved"),
        sev("3", "15:00", "SEV-1"),
        ev("4a", "16:00", "reopened", "bob", json!({"reason": "back"})),
        status("4b", "16:00", "resolved"),
    ];
    let v = sla(&config(), &e, "16:10").resolve;
    assert_eq!((v.breached, v.met), (false, Some(true)));
    // Resolved an hour after resuming instead: breached when it resumed.
    let mut e = e;
    e[4] = status("4b", "17:00", "resolved");
    let v = sla(&config(), &e, "17:10").resolve;
    assert_eq!((v.breached_at, v.met), (Some(at("16:00")), Some(false)));
}
