//! Update cadence ("next update due"), overdue updates and the stakeholder notification plan.
//! Default cadences: SEV-1 internal 30 min, executive 1 h, external 30 min; SEV-2 internal 1 h,
//! executive 2 h, external 1 h; SEV-3 internal 4 h; SEV-4 internal 1 day.

mod incident_common;

use incident_common::*;
use serde_json::json;
use watchstander::incident::{
    next_updates, notification_plan, replay, Event, IncidentConfig, ItemState, Notice, UpdateDue,
    UpdateReason,
};
use watchstander::severity::Audience;

fn due(config: &IncidentConfig, events: &[Event], now: &str) -> Vec<UpdateDue> {
    let inc = replay(config, events).unwrap();
    next_updates(&inc, config, at(now)).unwrap()
}

fn of(due: &[UpdateDue], a: Audience) -> &UpdateDue {
    due.iter().find(|d| d.audience == a).unwrap()
}

fn update(id: &str, hhmm: &str, audience: &str) -> Event {
    ev(
        id,
        hhmm,
        "status_update_posted",
        "alice",
        json!({"audience": audience, "text": "news"}),
    )
}

#[test]
fn the_sample_incident_at_11_40_is_overdue_internally() {
    let d = due(&sample_config(), &sample_events(), "11:40");
    let internal = of(&d, Audience::Internal);
    assert_eq!(internal.every.unwrap().to_string(), "PT1H");
    assert_eq!(internal.required_since, Some(at("09:52")));
    assert_eq!(internal.last_update_at, Some(at("10:15")));
    assert_eq!(internal.due_at, Some(at("11:15")));
    assert_eq!(internal.reason, Some(UpdateReason::Cadence));
    assert!(internal.overdue);
    assert_eq!(internal.overdue_seconds, 25 * 60);
    let exec = of(&d, Audience::Executive);
    assert_eq!(
        (exec.required_since, exec.due_at, exec.overdue),
        (Some(at("10:05")), Some(at("12:55")), false)
    );
    let ext = of(&d, Audience::External);
    assert_eq!(
        (ext.due_at, ext.overdue, ext.overdue_seconds),
        (Some(at("12:00")), false, 0)
    );
}

#[test]
fn first_updates_are_due_one_interval_after_the_audience_became_required() {
    let events: Vec<Event> = sample_events()
        .into_iter()
        .filter(|e| e.occurred_at <= at("10:10"))
        .collect();
    let d = due(&sample_config(), &events, "10:10");
    // Internal since detection (SEV-3 updates it too, every 4 h: 13:52); the upgrade to
    // SEV-2 at 10:05 brings SEV-2's hour, counted from the upgrade: 11:05.
    assert_eq!(of(&d, Audience::Internal).due_at, Some(at("11:05")));
    assert_eq!(of(&d, Audience::Internal).reason, Some(UpdateReason::First));
    // Executives and customers only since the upgrade to SEV-2 at 10:05.
    assert_eq!(of(&d, Audience::Executive).due_at, Some(at("12:05")));
    assert_eq!(of(&d, Audience::External).due_at, Some(at("11:05")));
}

#[test]
fn an_upgrade_is_judged_from_the_change_on() {
    // SEV-2 (internal hourly) with an internal update at 10:10, upgraded at 10:50 to SEV-1
    // (internal and external every 30 min, executives hourly).
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        update("2", "10:10", "internal"),
        ev(
            "3",
            "10:50",
            "severity_changed",
            "bob",
            json!({"to": "SEV-1", "reason": "all regions"}),
        ),
    ];
    let d = due(&config(), &e, "10:50");
    // The 11:10 promised under SEV-2 (10:10 + 1 h) stays, being sooner than 10:50 + 30 min.
    assert_eq!(of(&d, Audience::Internal).due_at, Some(at("11:10")));
    assert_eq!(
        of(&d, Audience::Internal).every,
        Some("PT30M".parse().unwrap())
    );
    // Customers: 10:00 + 1 h under SEV-2, sooner than 10:50 + 30 min.
    assert_eq!(of(&d, Audience::External).due_at, Some(at("11:00")));
    // Executives: 10:50 + 1 h under SEV-1, sooner than 10:00 + 2 h under SEV-2.
    assert_eq!(of(&d, Audience::Executive).due_at, Some(at("11:50")));
    assert!(
        d.iter().all(|u| !u.overdue),
        "nothing is overdue at the change"
    );
}

#[test]
fn issue_9_an_upgrade_is_not_overdue_a_minute_after_the_change() {
    // Detected SEV-3 at 09:00 (internal every 4 h), upgraded to SEV-1 at 11:00. The old rule
    // measured SEV-1's 30 minutes from 09:00 and reported the update 91 minutes overdue at
    // 11:01; judged from the change, it is due at 11:30.
    let e = vec![
        detected("1", "09:00", "SEV-3"),
        ev(
            "2",
            "11:00",
            "severity_changed",
            "bob",
            json!({"to": "SEV-1", "reason": "all regions"}),
        ),
    ];
    let d = due(&config(), &e, "11:01");
    let internal = of(&d, Audience::Internal);
    assert_eq!(internal.due_at, Some(at("11:30")));
    assert!(!internal.overdue);
    assert_eq!(internal.overdue_seconds, 0);
    // Customers and executives are required only from the upgrade on.
    assert_eq!(of(&d, Audience::External).due_at, Some(at("11:30")));
    assert_eq!(of(&d, Audience::Executive).due_at, Some(at("12:00")));
}

#[test]
fn an_upgrade_does_not_cancel_an_update_already_overdue() {
    // SEV-3 at 09:00: the internal update is due at 13:00. Upgraded at 13:30, it stays due at
    // 13:00 (sooner than 13:30 + 30 min): overdue before the change, overdue after it.
    let e = vec![
        detected("1", "09:00", "SEV-3"),
        ev(
            "2",
            "13:30",
            "severity_changed",
            "bob",
            json!({"to": "SEV-1", "reason": "all regions"}),
        ),
    ];
    let d = due(&config(), &e, "13:31");
    assert_eq!(of(&d, Audience::Internal).due_at, Some(at("13:00")));
    assert_eq!(of(&d, Audience::Internal).overdue_seconds, 31 * 60);
}

#[test]
fn a_downgrade_keeps_the_update_promised_and_drops_audiences_it_does_not_update() {
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        ev(
            "2",
            "10:30",
            "severity_changed",
            "bob",
            json!({"to": "SEV-3", "reason": "one customer"}),
        ),
    ];
    let d = due(&config(), &e, "10:40");
    assert_eq!(of(&d, Audience::Executive).due_at, None);
    assert_eq!(of(&d, Audience::External).due_at, None);
    // Promised for 11:00 under SEV-2; SEV-3's 4 h count from the next update on.
    assert_eq!(of(&d, Audience::Internal).due_at, Some(at("11:00")));
    let mut e = e;
    e.push(update("3", "10:50", "internal"));
    let d = due(&config(), &e, "10:55");
    assert_eq!(of(&d, Audience::Internal).due_at, Some(at("14:50")));
}

#[test]
fn issue_9_the_plan_and_next_update_agree_after_an_upgrade() {
    // Detected SEV-3 at 10:00, upgraded to SEV-1 at 10:10, asked at 11:00. The plan used to
    // say the responders' first notice was due at 14:00 (SEV-3's 4 h) while next_update said
    // 10:30; both now say 10:40 (SEV-1's 30 minutes from the upgrade).
    let e = vec![
        detected("1", "10:00", "SEV-3"),
        ev(
            "2",
            "10:10",
            "severity_changed",
            "bob",
            json!({"to": "SEV-1", "reason": "all regions"}),
        ),
    ];
    let config = config();
    let inc = replay(&config, &e).unwrap();
    let d = next_updates(&inc, &config, at("11:00")).unwrap();
    assert_eq!(of(&d, Audience::Internal).due_at, Some(at("10:40")));
    assert_eq!(of(&d, Audience::Internal).overdue_seconds, 20 * 60);
    let plan = notification_plan(&inc, &config, at("11:00")).unwrap();
    let first = plan
        .items
        .iter()
        .find(|i| i.stakeholder == "responders" && i.notice == Notice::Initial)
        .unwrap();
    assert_eq!(first.due_at, at("10:40"));
    assert_eq!(first.state, ItemState::Overdue);
    // Executives and customers come into scope at the upgrade: one SEV-1 interval later.
    let due_of = |who: &str| {
        plan.items
            .iter()
            .find(|i| i.stakeholder == who && i.notice == Notice::Initial)
            .map(|i| i.due_at)
    };
    assert_eq!(due_of("executives"), Some(at("11:10")));
    assert_eq!(due_of("customers"), Some(at("10:40")));
}

#[test]
fn a_resolved_incident_owes_each_required_audience_a_resolution_notice() {
    let mut e = vec![
        detected("1", "10:00", "SEV-2"),
        update("2", "10:20", "internal"),
        status("3", "11:00", "resolved"),
    ];
    let d = due(&config(), &e, "11:10");
    for (a, when) in [
        (Audience::Internal, "12:00"),
        (Audience::Executive, "13:00"),
        (Audience::External, "12:00"),
    ] {
        assert_eq!(of(&d, a).due_at, Some(at(when)), "{a:?}");
        assert_eq!(of(&d, a).reason, Some(UpdateReason::Resolution), "{a:?}");
    }
    e.push(update("4", "11:30", "internal"));
    let d = due(&config(), &e, "11:40");
    assert_eq!(of(&d, Audience::Internal).due_at, None);
    assert_eq!(of(&d, Audience::Internal).last_update_at, Some(at("11:30")));
    assert_eq!(of(&d, Audience::External).due_at, Some(at("12:00")));
}

#[test]
fn declined_and_merged_incidents_owe_a_closure_only_to_those_already_told() {
    let e = vec![
        detected("1", "10:00", "SEV-3"),
        update("2", "10:05", "internal"),
        status("3", "10:10", "declined"),
    ];
    let d = due(&config(), &e, "10:20");
    assert_eq!(of(&d, Audience::Internal).due_at, Some(at("14:10")));
    assert_eq!(
        of(&d, Audience::Internal).reason,
        Some(UpdateReason::Closure)
    );
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        status("2", "10:10", "declined"),
    ];
    assert!(due(&config(), &e, "10:20")
        .iter()
        .all(|d| d.due_at.is_none()));
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        update("2", "10:10", "external"),
        ev("3", "10:20", "merged", "bob", json!({"into": "INC-9"})),
    ];
    let d = due(&config(), &e, "10:30");
    assert_eq!(of(&d, Audience::External).due_at, Some(at("11:20")));
    assert_eq!(of(&d, Audience::Internal).due_at, None);
}

#[test]
fn a_reopen_restarts_the_cadence_from_the_reopen() {
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        update("2", "10:30", "internal"),
        status("3", "11:00", "resolved"),
        update("4", "11:05", "internal"),
        ev("5", "13:00", "reopened", "bob", json!({"reason": "back"})),
    ];
    let d = due(&config(), &e, "13:10");
    assert_eq!(of(&d, Audience::Internal).required_since, Some(at("13:00")));
    assert_eq!(of(&d, Audience::Internal).due_at, Some(at("14:00")));
    assert_eq!(of(&d, Audience::Internal).reason, Some(UpdateReason::First));
}

#[test]
fn the_sample_plan_says_who_must_be_told_what_by_when() {
    let config = sample_config();
    let inc = replay(&config, &sample_events()).unwrap();
    let plan = notification_plan(&inc, &config, at("11:40")).unwrap();
    let rows: Vec<(&str, Notice, String, ItemState, Option<String>)> = plan
        .items
        .iter()
        .map(|i| {
            (
                i.stakeholder.as_str(),
                i.notice,
                i.due_at.format("%H:%M").to_string(),
                i.state,
                i.done_at.map(|d| d.format("%H:%M").to_string()),
            )
        })
        .collect();
    let s = |x: &str| Some(x.to_string());
    assert_eq!(
        rows,
        vec![
            (
                "support",
                Notice::Initial,
                "10:20".into(),
                ItemState::Done,
                s("10:15")
            ),
            // 4 h after detection as SEV-3 (13:52), re-judged at the 10:05 upgrade to SEV-2:
            // one hour after the upgrade.
            (
                "responders",
                Notice::Initial,
                "11:05".into(),
                ItemState::Done,
                s("10:15")
            ),
            (
                "customers",
                Notice::Initial,
                "11:05".into(),
                ItemState::Done,
                s("10:20")
            ),
            (
                "responders",
                Notice::Update,
                "11:15".into(),
                ItemState::Overdue,
                None
            ),
            (
                "support",
                Notice::Update,
                "11:15".into(),
                ItemState::Overdue,
                None
            ),
            (
                "customers",
                Notice::Update,
                "12:00".into(),
                ItemState::Pending,
                None
            ),
            (
                "executives",
                Notice::Initial,
                "12:05".into(),
                ItemState::Done,
                s("10:55")
            ),
            (
                "executives",
                Notice::Update,
                "12:55".into(),
                ItemState::Pending,
                None
            ),
        ]
    );
    let update = &plan.items[3];
    assert_eq!(
        update.subject,
        "Update: [SEV-2 High] Payments latency (Monitoring)"
    );
    assert_eq!(update.channels, vec!["#inc-payments"]);
    assert_eq!(
        plan.items[5].subject,
        "Update: Payments latency (Monitoring)"
    );
    assert!(plan.not_required.is_empty());
}

#[test]
fn a_resolved_incident_plans_resolution_notices() {
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        update("2", "10:20", "internal"),
        status("3", "11:00", "resolved"),
    ];
    let inc = replay(&config(), &e).unwrap();
    let plan = notification_plan(&inc, &config(), at("11:10")).unwrap();
    let rows: Vec<(&str, Notice, String, ItemState)> = plan
        .items
        .iter()
        .map(|i| {
            (
                i.stakeholder.as_str(),
                i.notice,
                i.due_at.format("%H:%M").to_string(),
                i.state,
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            (
                "responders",
                Notice::Initial,
                "11:00".into(),
                ItemState::Done
            ),
            (
                "customers",
                Notice::Initial,
                "11:00".into(),
                ItemState::Overdue
            ),
            (
                "responders",
                Notice::Resolution,
                "12:00".into(),
                ItemState::Pending
            ),
            (
                "executives",
                Notice::Initial,
                "12:00".into(),
                ItemState::Pending
            ),
            (
                "customers",
                Notice::Resolution,
                "12:00".into(),
                ItemState::Pending
            ),
            (
                "executives",
                Notice::Resolution,
                "13:00".into(),
                ItemState::Pending
            ),
        ]
    );
    assert_eq!(
        plan.items[2].subject,
        "Resolved: [SEV-2 High] Payments latency (Resolved)"
    );
}

#[test]
fn stakeholders_out_of_scope_are_listed_with_a_reason() {
    let e = vec![
        detected("1", "10:00", "SEV-3"),
        update("2", "10:05", "internal"),
        status("3", "10:10", "declined"),
    ];
    let inc = replay(&config(), &e).unwrap();
    let plan = notification_plan(&inc, &config(), at("10:20")).unwrap();
    let rows: Vec<(&str, Notice, String)> = plan
        .items
        .iter()
        .map(|i| {
            (
                i.stakeholder.as_str(),
                i.notice,
                i.due_at.format("%H:%M").to_string(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("responders", Notice::Initial, "14:00".into()),
            ("responders", Notice::Closure, "14:10".into())
        ]
    );
    let out: Vec<&str> = plan
        .not_required
        .iter()
        .map(|n| n.stakeholder.as_str())
        .collect();
    assert_eq!(out, vec!["executives", "customers"]);
    assert_eq!(
        plan.not_required[0].reason,
        "not told about incidents at SEV-3"
    );
}

#[test]
fn an_update_is_overdue_only_after_its_due_time() {
    let e = vec![detected("1", "10:00", "SEV-2")];
    let at_due = due(&config(), &e, "11:00");
    assert_eq!(of(&at_due, Audience::Internal).due_at, Some(at("11:00")));
    assert!(!of(&at_due, Audience::Internal).overdue);
    assert_eq!(of(&at_due, Audience::Internal).overdue_seconds, 0);
    let after = due(&config(), &e, "11:01");
    assert!(of(&after, Audience::Internal).overdue);
    assert_eq!(of(&after, Audience::Internal).overdue_seconds, 60);
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

#[test]
fn audiences_added_by_an_upgrade_are_owed_a_resolution_notice() {
    let e = vec![
        detected("1", "10:00", "SEV-3"),
        sev("2", "10:05", "SEV-2"),
        status("3", "10:30", "resolved"),
    ];
    let d = due(&config(), &e, "10:40");
    assert_eq!(of(&d, Audience::Executive).due_at, Some(at("12:30")));
    assert_eq!(of(&d, Audience::External).due_at, Some(at("11:30")));
    assert_eq!(
        of(&d, Audience::Internal).due_at,
        Some(at("11:30")),
        "SEV-2's hourly interval, in force at the end"
    );
}

#[test]
fn audiences_dropped_by_a_downgrade_still_hear_of_the_resolution_at_their_last_interval() {
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        sev("2", "10:30", "SEV-3"),
        status("3", "11:00", "resolved"),
    ];
    let d = due(&config(), &e, "11:10");
    assert_eq!(of(&d, Audience::Executive).due_at, Some(at("13:00")));
    assert_eq!(of(&d, Audience::External).due_at, Some(at("12:00")));
    assert_eq!(of(&d, Audience::Internal).due_at, Some(at("15:00")));
}

#[test]
fn a_severity_set_at_the_instant_of_resolution_counts() {
    let e = vec![
        detected("1", "10:00", "SEV-3"),
        sev("2a", "10:30", "SEV-2"),
        status("2b", "10:30", "resolved"),
    ];
    let d = due(&config(), &e, "10:40");
    assert_eq!(of(&d, Audience::Executive).due_at, Some(at("12:30")));
}

#[test]
fn a_reclassification_after_resolution_adds_no_audience() {
    let e = vec![
        detected("1", "10:00", "SEV-3"),
        status("2", "10:30", "resolved"),
        sev("3", "11:00", "SEV-1"),
    ];
    let d = due(&config(), &e, "11:10");
    assert_eq!(of(&d, Audience::Executive).due_at, None);
    assert_eq!(of(&d, Audience::External).due_at, None);
    assert_eq!(of(&d, Audience::Internal).due_at, Some(at("14:30")));
}

#[test]
fn an_update_at_the_instant_of_closing_is_the_closure_notice() {
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        update("1b", "10:05", "external"),
        status("2", "10:10", "declined"),
        update("3", "10:10", "external"),
    ];
    let d = due(&config(), &e, "10:20");
    assert_eq!(of(&d, Audience::External).due_at, None);
    assert_eq!(of(&d, Audience::External).last_update_at, Some(at("10:10")));
    // Without it, the closure notice is owed one interval after the decline.
    let d = due(&config(), &e[..3], "10:20");
    assert_eq!(of(&d, Audience::External).due_at, Some(at("11:10")));
}

fn plan_rows(events: &[Event], now: &str) -> Vec<(String, Notice, String, ItemState)> {
    let inc = replay(&config(), events).unwrap();
    notification_plan(&inc, &config(), at(now))
        .unwrap()
        .items
        .iter()
        .map(|i| {
            (
                i.stakeholder.clone(),
                i.notice,
                i.due_at.format("%H:%M").to_string(),
                i.state,
            )
        })
        .collect()
}

#[test]
fn the_first_notice_is_rejudged_only_by_changes_while_it_is_pending_and_the_incident_open() {
    // The responders' first notice is one interval of the cadence after detection (SEV-3:
    // 4 h, 14:00), brought forward by an upgrade while it is pending — but not by one after
    // it was given, nor by one after the incident ended; one at the very instant of the end
    // still counts.
    let responders_first = |e: &[Event], now: &str| {
        plan_rows(e, now)
            .into_iter()
            .find(|r| r.0 == "responders" && r.1 == Notice::Initial)
            .map(|r| r.2)
            .unwrap()
    };
    let told_then_upgraded = vec![
        detected("1", "10:00", "SEV-3"),
        update("2", "10:30", "internal"),
        sev("3", "11:00", "SEV-1"),
    ];
    assert_eq!(responders_first(&told_then_upgraded, "11:10"), "14:00");
    let upgraded_after_resolution = vec![
        detected("1", "10:00", "SEV-3"),
        status("2", "10:20", "resolved"),
        sev("3", "10:40", "SEV-1"),
    ];
    assert_eq!(
        responders_first(&upgraded_after_resolution, "11:00"),
        "14:00"
    );
    let upgraded_as_resolved = vec![
        detected("1", "10:00", "SEV-3"),
        sev("2a", "10:20", "SEV-1"),
        status("2b", "10:20", "resolved"),
    ];
    assert_eq!(responders_first(&upgraded_as_resolved, "10:30"), "10:50");
    let upgraded_while_pending = vec![detected("1", "10:00", "SEV-3"), sev("2", "11:00", "SEV-1")];
    assert_eq!(responders_first(&upgraded_while_pending, "11:10"), "11:30");
}

#[test]
fn a_plan_item_is_overdue_only_after_its_due_time() {
    let e = vec![detected("1", "10:00", "SEV-2")];
    let rows = plan_rows(&e, "11:00");
    assert_eq!(
        rows[0],
        (
            "responders".into(),
            Notice::Initial,
            "11:00".into(),
            ItemState::Pending
        )
    );
    let rows = plan_rows(&e, "11:01");
    assert_eq!(rows[0].3, ItemState::Overdue);
}

#[test]
fn customers_are_told_the_status_in_status_page_words() {
    let inc = replay(&config(), &[detected("1", "10:00", "SEV-2")]).unwrap();
    let plan = notification_plan(&inc, &config(), at("10:10")).unwrap();
    let customers = plan
        .items
        .iter()
        .find(|i| i.stakeholder == "customers")
        .unwrap();
    assert_eq!(
        customers.subject,
        "New incident: Payments latency (Investigating)"
    );
    let responders = plan
        .items
        .iter()
        .find(|i| i.stakeholder == "responders")
        .unwrap();
    assert_eq!(
        responders.subject,
        "New incident: [SEV-2 High] Payments latency (Triage)"
    );
}

#[test]
fn a_reclassification_after_resolution_brings_nobody_into_scope() {
    let e = vec![
        detected("1", "10:00", "SEV-3"),
        status("2", "10:30", "resolved"),
        sev("3", "11:00", "SEV-1"),
    ];
    let inc = replay(&config(), &e).unwrap();
    let plan = notification_plan(&inc, &config(), at("11:10")).unwrap();
    let out: Vec<&str> = plan
        .not_required
        .iter()
        .map(|n| n.stakeholder.as_str())
        .collect();
    assert_eq!(out, vec!["executives", "customers"]);
    // A severity set at the very instant of resolution does count.
    let e = vec![
        detected("1", "10:00", "SEV-3"),
        sev("2a", "10:30", "SEV-2"),
        status("2b", "10:30", "resolved"),
    ];
    let rows = plan_rows(&e, "10:40");
    assert!(
        rows.contains(&(
            "executives".into(),
            Notice::Initial,
            "12:30".into(),
            ItemState::Pending
        )),
        "{rows:?}"
    );
    assert!(
        rows.contains(&(
            "executives".into(),
            Notice::Resolution,
            "12:30".into(),
            ItemState::Pending
        )),
        "{rows:?}"
    );
}

#[test]
fn stakeholders_out_of_scope_after_a_downgrade_get_no_more_updates() {
    let config: IncidentConfig = serde_json::from_value(json!({"stakeholders": [
        {"id": "support", "name": "Support", "audience": "internal", "severities": ["SEV-1", "SEV-2"]}
    ]}))
    .unwrap();
    let config = config.validate().unwrap();
    let e = vec![
        detected("1", "10:00", "SEV-2"),
        update("2", "10:10", "internal"),
        sev("3", "10:30", "SEV-3"),
    ];
    let inc = replay(&config, &e).unwrap();
    let plan = notification_plan(&inc, &config, at("10:40")).unwrap();
    let rows: Vec<Notice> = plan.items.iter().map(|i| i.notice).collect();
    assert_eq!(rows, vec![Notice::Initial]);
    // Still SEV-2: the next regular update is planned.
    let inc = replay(&config, &e[..2]).unwrap();
    let plan = notification_plan(&inc, &config, at("10:40")).unwrap();
    let rows: Vec<(Notice, String)> = plan
        .items
        .iter()
        .map(|i| (i.notice, i.due_at.format("%H:%M").to_string()))
        .collect();
    assert_eq!(
        rows,
        vec![
            (Notice::Initial, "11:00".into()),
            (Notice::Update, "11:10".into())
        ]
    );
}

#[test]
fn a_stakeholder_not_yet_told_gets_no_regular_update_item() {
    let config: IncidentConfig = serde_json::from_value(json!({"stakeholders": [
        {"id": "support", "name": "Support", "audience": "internal", "severities": ["SEV-2"], "notify_within": "PT15M"}
    ]}))
    .unwrap();
    let config = config.validate().unwrap();
    // Internal was updated at 10:10 while SEV-3 (out of support's scope); SEV-2 from 10:20.
    let e = vec![
        detected("1", "10:00", "SEV-3"),
        update("2", "10:10", "internal"),
        sev("3", "10:20", "SEV-2"),
    ];
    let inc = replay(&config, &e).unwrap();
    let plan = notification_plan(&inc, &config, at("10:40")).unwrap();
    let rows: Vec<(Notice, ItemState)> = plan.items.iter().map(|i| (i.notice, i.state)).collect();
    assert_eq!(rows, vec![(Notice::Initial, ItemState::Overdue)]);
}
