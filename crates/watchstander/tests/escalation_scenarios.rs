//! Named scenarios from PagerDuty's and GoAlert's documented behaviour (and GoAlert's smoke
//! tests), checked against the escalation engine. Expected values are worked out by hand from
//! the cited text, never copied from the engine's output.

mod escalation_common;

use chrono::Duration;
use escalation_common::*;
use serde_json::json;
use watchstander::escalation::{
    plan, Cause, EndReason, EscalationEvent, EscalationRun, IncidentStart, PlanOptions,
    ProblemKind, RunOptions, RunStatus, StepKind, Urgency, Via,
};

/// GoAlert `test/smoke/escalation_test.go` (TestEscalation): "alerts are escalated
/// automatically, per the delay_minutes setting" — step 1 (30 min) pages the first user at
/// once, step 2 pages the second user 30 minutes later.
#[test]
fn goalert_escalates_per_step_delay() {
    let dir = directory(
        json!([{"id": "esc policy", "levels": [
            {"targets": [{"person": "bob"}], "delay": "PT30M"},
            {"targets": [{"person": "bob2"}], "delay": "PT60M"}]}]),
        json!([]),
        bare(&["bob", "bob2"]),
        "2026-03-09T00:00:00Z",
        2,
    );
    let p = plan_for(&dir, &incident("alert-1", "2026-03-09T10:00:00Z"), &[], 6);
    assert_eq!(
        lines(&p.notifications),
        ["10:00 bob L1/1", "10:30 bob2 L2/1"]
    );
    // Step 2's 60 minutes run out at 11:30 with no repeat: the policy is exhausted.
    assert_eq!(p.end.reason, EndReason::Exhausted);
    assert_eq!(p.end.at, t("2026-03-09T11:30:00Z"));
}

/// GoAlert `test/smoke/policyreassignment_test.go` (TestPolicyReassignment): "only the active
/// escalation policy is used" — moving the service to policy 2 pages its user at once, nothing
/// more comes from policy 1 (not even its 30-minute step), and moving back pages policy 1's
/// user at once again.
#[test]
fn goalert_policy_reassignment_restarts_at_step_one() {
    let dir = directory(
        json!([
            {"id": "ep1", "levels": [{"targets": [{"person": "user"}], "delay": "PT30M"},
                                      {"targets": [{"person": "user"}], "delay": "PT60M"}]},
            {"id": "ep2", "levels": [{"targets": [{"person": "user2"}], "delay": "PT60M"}]}
        ]),
        json!([]),
        bare(&["user", "user2"]),
        "2026-03-09T00:00:00Z",
        2,
    );
    let mut inc = incident("a", "2026-03-09T10:00:00Z");
    inc.policy = Some("ep1".into());
    let events = [
        EscalationEvent::Reassigned {
            at: t("2026-03-09T10:01:00Z"),
            policy: "ep2".into(),
        },
        EscalationEvent::Reassigned {
            at: t("2026-03-09T10:31:00Z"),
            policy: "ep1".into(),
        },
    ];
    let p = plan_for(&dir, &inc, &events, 1);
    assert_eq!(
        lines(&p.notifications),
        ["10:00 user L1/1", "10:01 user2 L1/1", "10:31 user L1/1"]
    );
    assert_eq!(p.notifications[1].cause, Cause::Reassigned);
    assert_eq!(p.notifications[2].policy, "ep1");
}

/// A schedule whose only layer works weekdays 09:00-17:00: nobody is on call at weekends.
fn weekday_schedule() -> serde_json::Value {
    json!([{"id": "weekday only", "zone": "UTC", "layers": [{"id": "day",
        "restrictions": [{"days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "17:00"}],
        "rotation": {"members": ["nobody-at-weekends"], "anchor": "2026-01-05T09:00",
                     "handoff": {"every": 1, "unit": "weeks"}}}]}])
}

/// GoAlert `test/smoke/escalationskipifempty_test.go` (TestEscalationSkipIfEmpty and its
/// `_Disabled` control): a step whose schedule has nobody on call "escalates immediately when
/// it resolves to no one, rather than burning its delay"; without the option the alert "waits
/// out the empty step's delay".
#[test]
fn goalert_skip_if_empty_and_its_control() {
    for (skip, expected) in [(true, "12:00 bob L2/1"), (false, "13:00 bob L2/1")] {
        let dir = directory(
            json!([{"id": "esc policy", "skip_empty_levels": skip, "levels": [
                {"targets": [{"schedule": "weekday only"}], "delay": "PT60M"},
                {"targets": [{"person": "bob"}], "delay": "PT60M"}]}]),
            weekday_schedule(),
            json!([{"id": "bob"}, {"id": "nobody-at-weekends"}]),
            "2026-03-07T00:00:00Z",
            2,
        );
        // Saturday 7 March 2026, noon.
        let p = plan_for(&dir, &incident("a", "2026-03-07T12:00:00Z"), &[], 3);
        assert_eq!(
            lines(&p.notifications),
            [expected],
            "skip_empty_levels = {skip}"
        );
        let kind = if skip {
            StepKind::LevelSkipped
        } else {
            StepKind::LevelEmpty
        };
        assert!(p.steps.iter().any(|s| s.kind == kind && s.level == Some(1)));
        assert!(p.problems.is_empty(), "bob was reached: no page is lost");
    }
}

/// GoAlert's `TestEscalationSkipIfEmpty_SingleStep`: a single-step policy "wraps straight back
/// to itself, so skipping there would consume a repeat with no elapsed time"; the repeat must
/// still be available and the full delay waited out. The lost page is reported.
#[test]
fn goalert_single_empty_step_keeps_its_repeat() {
    let dir = directory(
        json!([{"id": "esc policy", "repeat": 1, "levels": [
            {"targets": [{"schedule": "weekday only"}], "delay": "PT60M"}]}]),
        weekday_schedule(),
        bare(&["nobody-at-weekends"]),
        "2026-03-07T00:00:00Z",
        2,
    );
    let t0 = t("2026-03-07T12:00:00Z");
    let mut run =
        EscalationRun::start(&dir, &IncidentStart::new("a", t0), RunOptions::default()).unwrap();
    assert!(run
        .due(&dir, t0 + Duration::minutes(59))
        .unwrap()
        .is_empty());
    let s = run.state();
    assert_eq!(s.loop_number, 1, "repeat consumed with no elapsed time");
    assert_eq!(s.next_escalation, Some(t0 + Duration::minutes(60)));
    // After the delay the second loop starts, finds nobody again, and the page is lost.
    let p = plan_for(&dir, &IncidentStart::new("a", t0), &[], 4);
    assert!(p.notifications.is_empty());
    let lost: Vec<_> = p
        .problems
        .iter()
        .filter(|x| x.kind == ProblemKind::Unreachable)
        .collect();
    assert_eq!(lost.len(), 2, "one per loop: {:?}", p.problems);
    assert_eq!(lost[0].at, t0 + Duration::minutes(60));
}

/// PagerDuty community guide "Notifications: Setting Up Notification Rules": "If you are on an
/// escalation policy that escalates after 5 minutes and you have a notification rule set to 5
/// minutes or more, you will not receive that 5<= minute notification." With GoAlert-style
/// `keep_notifying` the earlier level's rules keep running.
#[test]
fn pagerduty_rule_at_the_escalation_delay_never_fires() {
    let people = json!([
        {"id": "alice", "contact_methods": [{"id": "app", "kind": "push"}, {"id": "sms", "kind": "sms"}, {"id": "call", "kind": "phone"}],
         "rules": {"high": [{"after": "PT0M", "contact": "app"}, {"after": "PT4M", "contact": "sms"}, {"after": "PT5M", "contact": "call"}]}},
        {"id": "bob"}
    ]);
    let levels = json!([{"targets": [{"person": "alice"}], "delay": "PT5M"},
                        {"targets": [{"person": "bob"}], "delay": "PT30M"}]);
    let dir = directory(
        json!([{"id": "p", "levels": levels}]),
        json!([]),
        people.clone(),
        "2026-03-09T00:00:00Z",
        2,
    );
    let p = plan_for(&dir, &incident("i", "2026-03-09T10:00:00Z"), &[], 2);
    assert_eq!(
        lines(&p.notifications),
        ["10:00 alice L1/1", "10:04 alice L1/1", "10:05 bob L2/1"]
    );
    assert_eq!(p.notifications[1].contact.as_deref(), Some("sms"));

    let dir = directory(
        json!([{"id": "p", "on_escalate": "keep_notifying", "levels": levels}]),
        json!([]),
        people,
        "2026-03-09T00:00:00Z",
        2,
    );
    let p = plan_for(&dir, &incident("i", "2026-03-09T10:00:00Z"), &[], 2);
    assert_eq!(
        lines(&p.notifications),
        [
            "10:00 alice L1/1",
            "10:04 alice L1/1",
            "10:05 alice L1/1",
            "10:05 bob L2/1"
        ]
    );
}

/// PagerDuty's escalation policy example (terraform-provider-pagerduty,
/// `website/docs/r/escalation_policy.html.markdown`): one rule with two users,
/// `escalation_delay_in_minutes = 10`, `num_loops = 2`. All targets of a rule are notified at
/// once, and `num_loops` is the number of repeats after the first pass: three passes at 0, 10
/// and 20 minutes.
#[test]
fn pagerduty_num_loops_and_all_targets_at_once() {
    let dir = directory(
        json!([{"id": "Engineering Escalation Policy", "repeat": 2, "levels": [
            {"targets": [{"person": "earline"}, {"person": "example2"}], "delay": "PT10M"}]}]),
        json!([]),
        bare(&["earline", "example2"]),
        "2026-03-09T00:00:00Z",
        2,
    );
    let p = plan_for(&dir, &incident("i", "2026-03-09T10:00:00Z"), &[], 2);
    assert_eq!(
        lines(&p.notifications),
        [
            "10:00 earline L1/1",
            "10:00 example2 L1/1",
            "10:10 earline L1/2",
            "10:10 example2 L1/2",
            "10:20 earline L1/3",
            "10:20 example2 L1/3"
        ]
    );
    assert_eq!(p.notifications[2].cause, Cause::Repeated);
    assert_eq!(
        (p.end.reason, p.end.at),
        (EndReason::Exhausted, t("2026-03-09T10:30:00Z"))
    );
}

/// PagerDuty support article "Acknowledgement Timeouts" (202829220): "An incident re-triggered
/// by the acknowledgement timeout will re-notify the user who ack'd and the current user
/// on-call if on-call responsibilities have changed since the ack." Here the daily handoff at
/// 10:30 moves the schedule from alice to bob between the acknowledgement and its timeout.
#[test]
fn pagerduty_ack_timeout_renotifies_acker_and_current_on_call() {
    let dir = directory(
        json!([{"id": "p", "ack_timeout": "PT30M", "levels": [
            {"targets": [{"schedule": "primary"}], "delay": "PT15M"},
            {"targets": [{"person": "manager"}], "delay": "PT15M"}]}]),
        json!([{"id": "primary", "zone": "UTC", "layers": [{"id": "daily", "rotation": {
            "members": ["alice", "bob"], "anchor": "2026-03-02T10:30",
            "handoff": {"every": 1, "unit": "days"}}}]}]),
        bare(&["alice", "bob", "manager"]),
        "2026-03-09T00:00:00Z",
        2,
    );
    // 10:00 on 9 March is in turn 6 (8 March 10:30 → 9 March 10:30): alice; 10:30 starts bob's.
    let p = plan_for(
        &dir,
        &incident("i", "2026-03-09T10:00:00Z"),
        &[ack("2026-03-09T10:05:00Z", "alice")],
        3,
    );
    assert_eq!(
        lines(&p.notifications),
        [
            "10:00 alice L1/1",
            "10:35 bob L1/1",
            "10:35 alice L1/1",
            "10:50 manager L2/1"
        ]
    );
    assert_eq!(p.notifications[1].cause, Cause::AckTimeout);
    assert_eq!(p.notifications[2].via, Via::Acknowledger);
    // Nothing between the acknowledgement and its timeout.
    assert!(!p
        .notifications
        .iter()
        .any(|n| n.at > t("2026-03-09T10:05:00Z") && n.at < t("2026-03-09T10:35:00Z")));
}

/// PagerDuty "Configurable Service Settings": "Low-urgency incidents will not escalate. Only
/// high-urgency incidents will escalate according to the rules defined in an escalation
/// policy." Low-urgency incidents use the low-urgency notification rules.
#[test]
fn pagerduty_low_urgency_does_not_escalate() {
    let dir = directory(
        json!([{"id": "p", "urgency": {"kind": "constant", "urgency": "low"}, "levels": [
            {"targets": [{"person": "ann"}], "delay": "PT5M"},
            {"targets": [{"person": "ben"}], "delay": "PT5M"}]}]),
        json!([]),
        json!([{"id": "ann", "contact_methods": [{"id": "mail", "kind": "email"}, {"id": "app", "kind": "push"}],
                "rules": {"high": [{"after": "PT0M", "contact": "app"}], "low": [{"after": "PT0M", "contact": "mail"}]}},
               {"id": "ben"}]),
        "2026-03-09T00:00:00Z",
        2,
    );
    let p = plan_for(&dir, &incident("i", "2026-03-09T10:00:00Z"), &[], 24);
    assert_eq!(lines(&p.notifications), ["10:00 ann L1/1"]);
    assert_eq!(p.notifications[0].urgency, Urgency::Low);
    assert_eq!(p.notifications[0].contact.as_deref(), Some("mail"));
    assert_eq!(p.end.reason, EndReason::NotEscalating);
    // Nor can it be escalated by hand ("Low-urgency incidents also cannot be manually
    // escalated, only re-assigned").
    let esc = EscalationEvent::Escalated {
        at: t("2026-03-09T10:10:00Z"),
        level: None,
    };
    let p = plan_for(&dir, &incident("i", "2026-03-09T10:00:00Z"), &[esc], 24);
    assert_eq!(p.notifications.len(), 1);
    assert_eq!(p.steps.last().map(|s| s.kind), Some(StepKind::Ignored));
}

/// PagerDuty "Enable Urgencies": "High during service support hours, Low otherwise", and "raise
/// the urgency of all open incidents once on-call hours begin". New York support hours are
/// weekdays 09:00-17:00; the incident triggers on Friday 6 March 2026 at 17:00 EST (22:00Z),
/// just after they end. They start again on Monday 9 March at 09:00 EDT — the US changed its
/// clocks on the 8th — which is 13:00Z, not 14:00Z.
#[test]
fn pagerduty_support_hours_and_raise_at_start() {
    let dir = directory(
        json!([{"id": "p", "levels": [
            {"targets": [{"person": "ann"}], "delay": "PT10M"},
            {"targets": [{"person": "ben"}], "delay": "PT10M"}],
            "urgency": {"kind": "support_hours", "during": "high", "outside": "low", "raise_at_start": true,
                "calendar": {"zone": "America/New_York", "hours": {
                    "mon": ["09:00-17:00"], "tue": ["09:00-17:00"], "wed": ["09:00-17:00"],
                    "thu": ["09:00-17:00"], "fri": ["09:00-17:00"]}}}}]),
        json!([]),
        bare(&["ann", "ben"]),
        "2026-03-06T00:00:00Z",
        6,
    );
    let p = plan_for(&dir, &incident("i", "2026-03-06T22:00:00Z"), &[], 96);
    assert_eq!(p.urgency, Urgency::Low);
    let got: Vec<(String, &str, Urgency)> = p
        .notifications
        .iter()
        .map(|n| {
            (
                n.at.format("%a %H:%M").to_string(),
                n.person.as_str(),
                n.urgency,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("Fri 22:00".to_string(), "ann", Urgency::Low),
            ("Mon 13:00".to_string(), "ann", Urgency::High),
            ("Mon 13:10".to_string(), "ben", Urgency::High)
        ]
    );
    assert_eq!(p.notifications[1].cause, Cause::UrgencyRaised);
    // Inside support hours the same incident is high urgency from the start.
    let p = plan_for(&dir, &incident("i", "2026-03-06T21:59:00Z"), &[], 2);
    assert_eq!(p.urgency, Urgency::High);
}

/// PagerDuty "Round Robin Scheduling": "incidents will be assigned in sequential order to the
/// users and/or schedules participating in the round robin rotation", and "when it's a
/// schedule's turn for incident assignment, whoever is currently on call for the schedule will
/// be assigned".
#[test]
fn pagerduty_round_robin_assigns_in_sequence() {
    let dir = directory(
        json!([{"id": "p", "levels": [{"targets": [{"round_robin": [
            {"person": "user1"}, {"person": "user2"}, {"schedule": "ops"}]}], "delay": "PT10M"}]}]),
        json!([{"id": "ops", "zone": "UTC", "layers": [{"id": "l", "rotation": {
            "members": ["olga"], "anchor": "2026-01-05T00:00", "handoff": {"every": 1, "unit": "weeks"}}}]}]),
        bare(&["user1", "user2", "olga"]),
        "2026-03-09T00:00:00Z",
        2,
    );
    let who: Vec<String> = (0..5)
        .map(|n| {
            let mut inc = incident(&format!("i{n}"), "2026-03-09T10:00:00Z");
            inc.number = n;
            plan_for(&dir, &inc, &[], 1).notifications[0]
                .person
                .to_string()
        })
        .collect();
    assert_eq!(who, ["user1", "user2", "olga", "user1", "user2"]);
}

/// PagerDuty "Incidents": "Once an incident is resolved, no additional notifications are
/// sent" — resolving mid-level cancels the remaining contact attempts and the escalation.
#[test]
fn pagerduty_resolve_stops_everything() {
    let dir = directory(
        json!([{"id": "p", "repeat": 3, "ack_timeout": "PT10M", "levels": [
            {"targets": [{"person": "ann"}], "delay": "PT10M"},
            {"targets": [{"person": "ben"}], "delay": "PT10M"}]}]),
        json!([]),
        json!([{"id": "ann", "contact_methods": [{"id": "app", "kind": "push"}, {"id": "sms", "kind": "sms"}],
                "rules": {"high": [{"after": "PT0M", "contact": "app"}, {"after": "PT5M", "contact": "sms"}]}},
               {"id": "ben"}]),
        "2026-03-09T00:00:00Z",
        2,
    );
    let resolve = EscalationEvent::Resolved {
        at: t("2026-03-09T10:03:00Z"),
        by: Some("ann".into()),
    };
    let p = plan_for(&dir, &incident("i", "2026-03-09T10:00:00Z"), &[resolve], 24);
    assert_eq!(lines(&p.notifications), ["10:00 ann L1/1"]);
    assert_eq!(p.end.reason, EndReason::Resolved);
    assert_eq!(p.state.status, RunStatus::Resolved);
}

/// The live handle and the plan agree: replaying with `due` at arbitrary ticks hands out the
/// same notifications as the plan (GoAlert's engine ticks; here the host ticks).
#[test]
fn live_handle_matches_the_plan() {
    let dir = directory(
        json!([{"id": "p", "repeat": 1, "levels": [
            {"targets": [{"person": "ann"}], "delay": "PT7M"},
            {"targets": [{"person": "ben"}], "delay": "PT11M"}]}]),
        json!([]),
        bare(&["ann", "ben"]),
        "2026-03-09T00:00:00Z",
        2,
    );
    let inc = incident("i", "2026-03-09T10:00:00Z");
    let p = plan(&dir, &inc, &[], &PlanOptions::default()).unwrap();
    let mut run = EscalationRun::start(&dir, &inc, RunOptions::default()).unwrap();
    let mut got = Vec::new();
    let mut now = t("2026-03-09T10:00:00Z");
    while now < t("2026-03-09T12:00:00Z") {
        got.extend(run.due(&dir, now).unwrap());
        now += Duration::minutes(4);
    }
    assert_eq!(lines(&got), lines(&p.notifications));
}

/// Sleep-aware delivery (no anchor product has it): a low-urgency page for a schedule
/// responder asleep in Singapore goes to the awake follow-the-sun partner in London, or waits
/// until 07:00 in Singapore with `defer`. High urgency pages at once regardless.
#[test]
fn sleep_deferral_and_follow_the_sun_partner() {
    let schedule = json!([{"id": "global", "zone": "UTC", "layers": [
        {"id": "emea", "zone": "Europe/London", "rotation": {"members": ["alice"], "anchor": "2026-01-05T09:00", "handoff": {"every": 1, "unit": "weeks"}}},
        {"id": "apac", "zone": "Asia/Singapore", "rotation": {"members": ["chen"], "anchor": "2026-01-05T09:00", "handoff": {"every": 1, "unit": "weeks"}}}]}]);
    let people = json!([
        {"id": "alice", "zone": "Europe/London", "sleep": "23:00-07:00"},
        {"id": "chen", "zone": "Asia/Singapore", "sleep": "23:00-07:00"}]);
    let policy = |sleep: &str, urgency: &str| {
        json!([{"id": "p", "sleep": sleep,
        "urgency": {"kind": "constant", "urgency": urgency},
        "levels": [{"targets": [{"schedule": "global"}], "delay": "PT30M"}]}])
    };
    // 18:00Z on Tuesday 10 March is 02:00 in Singapore (UTC+8) and 18:00 in London (GMT).
    let at = "2026-03-10T18:00:00Z";

    let dir = directory(
        policy("partner", "low"),
        schedule.clone(),
        people.clone(),
        "2026-03-10T00:00:00Z",
        3,
    );
    let p = plan_for(&dir, &incident("i", at), &[], 12);
    assert_eq!(lines(&p.notifications), ["18:00 alice L1/1"]);
    assert_eq!(p.notifications[0].instead_of.as_deref(), Some("chen"));
    assert_eq!(p.notifications[0].via, Via::Partner);

    let dir = directory(
        policy("defer", "low"),
        schedule.clone(),
        people.clone(),
        "2026-03-10T00:00:00Z",
        3,
    );
    let p = plan_for(&dir, &incident("i", at), &[], 12);
    assert_eq!(lines(&p.notifications), ["23:00 chen L1/1"]);
    assert_eq!(p.notifications[0].deferred_from, Some(t(at)));

    let dir = directory(
        policy("defer", "high"),
        schedule,
        people,
        "2026-03-10T00:00:00Z",
        3,
    );
    let p = plan_for(&dir, &incident("i", at), &[], 1);
    assert_eq!(p.notifications[0].at, t(at));
    assert_eq!(p.notifications[0].deferred_from, None);
}

/// Incident-lifecycle events drive the escalation: detected as SEV-3 (low urgency under the
/// default severity policy, whose SEV-3 does not page), raised to SEV-2 (pages) while
/// triggered, so escalation starts from the current level at once.
#[test]
fn incident_events_map_onto_escalation() {
    let dir = directory(
        json!([{"id": "p", "levels": [
            {"targets": [{"person": "ann"}], "delay": "PT10M"},
            {"targets": [{"person": "ben"}], "delay": "PT10M"}]}]),
        json!([]),
        bare(&["ann", "ben"]),
        "2026-11-26T00:00:00Z",
        2,
    );
    let events: Vec<watchstander::incident::Event> = serde_json::from_value(json!([
        {"id": "1", "incident": "INC-9", "kind": "detected", "title": "t", "severity": "SEV-3",
         "occurred_at": "2026-11-26T10:00:00Z", "recorded_at": "2026-11-26T10:00:00Z", "actor": "am"},
        {"id": "2", "incident": "INC-9", "kind": "severity_changed", "to": "SEV-2", "reason": "worse",
         "occurred_at": "2026-11-26T10:04:00Z", "recorded_at": "2026-11-26T10:04:00Z", "actor": "ann"},
        {"id": "3", "incident": "INC-9", "kind": "status_changed", "to": "resolved",
         "occurred_at": "2026-11-26T10:30:00Z", "recorded_at": "2026-11-26T10:30:00Z", "actor": "ben"}
    ])).unwrap();
    let mapped: Vec<EscalationEvent> = events
        .iter()
        .filter_map(EscalationEvent::from_incident)
        .collect();
    assert_eq!(mapped.len(), 2);
    let mut inc = IncidentStart::new("INC-9", t("2026-11-26T10:00:00Z"));
    inc.severity = Some("SEV-3".into());
    let p = plan_for(&dir, &inc, &mapped, 4);
    let got: Vec<(String, Urgency)> = p
        .notifications
        .iter()
        .map(|n| (lines(std::slice::from_ref(n))[0].clone(), n.urgency))
        .collect();
    assert_eq!(
        got,
        [
            ("10:00 ann L1/1".to_string(), Urgency::Low),
            ("10:04 ann L1/1".to_string(), Urgency::High),
            ("10:14 ben L2/1".to_string(), Urgency::High)
        ]
    );
    assert_eq!(p.end.reason, EndReason::Resolved);
}
