//! Bad input: typed errors naming the bound or the offending value, or bounded, documented
//! results — never a panic, a hang or an unbounded plan.

mod escalation_common;

use escalation_common::*;
use proptest::prelude::*;
use serde_json::{json, Value};
use watchstander::escalation::{
    EscalationPolicy, PersonProfile, MAX_EVENTS, MAX_LEVELS, MAX_NOTIFICATIONS, MAX_REPEATS,
};
use watchstander::ops::call;

fn policy_err(doc: Value) -> String {
    let e = watchstander::from_json::<EscalationPolicy>(&doc).unwrap_err();
    assert_eq!(e.module(), "escalation", "{e}");
    e.code().to_string()
}

fn level(delay: &str) -> Value {
    json!({"targets": [{"person": "a"}], "delay": delay})
}

#[test]
fn empty_policies_and_levels() {
    assert_eq!(policy_err(json!({"id": "p", "levels": []})), "empty_policy");
    assert_eq!(
        policy_err(json!({"id": "p", "levels": [{"targets": [], "delay": "PT5M"}]})),
        "invalid_target"
    );
    assert_eq!(
        policy_err(
            json!({"id": "p", "levels": [{"targets": [{"round_robin": []}], "delay": "PT5M"}]})
        ),
        "invalid_target"
    );
    assert_eq!(
        policy_err(json!({"id": "", "levels": [level("PT5M")]})),
        "invalid_id"
    );
}

#[test]
fn delays_of_zero_or_beyond_a_day() {
    for bad in [
        "PT0M", "PT0S", "PT30S", "P2D", "PT1441M", "P1M", "-PT5M", "PT90S",
    ] {
        assert_eq!(
            policy_err(json!({"id": "p", "levels": [level(bad)]})),
            "invalid_delay",
            "{bad}"
        );
    }
    for good in ["PT1M", "P1D", "PT24H", "PT1440M"] {
        watchstander::from_json::<EscalationPolicy>(&json!({"id": "p", "levels": [level(good)]}))
            .unwrap();
    }
    // Counted from creation, delays must increase.
    assert_eq!(
        policy_err(
            json!({"id": "p", "delay_from": "creation", "levels": [level("PT10M"), level("PT10M")]})
        ),
        "invalid_delay"
    );
    let e =
        watchstander::from_json::<EscalationPolicy>(&json!({"id": "p", "levels": [level("PT0M")]}))
            .unwrap_err();
    assert!(
        e.to_string().contains("level 1") && e.to_string().contains("at least 1 minute"),
        "{e}"
    );
    assert_eq!(
        policy_err(json!({"id": "p", "ack_timeout": "PT0M", "levels": [level("PT5M")]})),
        "invalid_ack_timeout"
    );
}

#[test]
fn a_thousand_levels_and_ten_thousand_repeats() {
    let levels: Vec<Value> = (0..1000).map(|_| level("PT5M")).collect();
    let e = watchstander::from_json::<EscalationPolicy>(&json!({"id": "p", "levels": levels}))
        .unwrap_err();
    assert_eq!(e.code(), "limit_exceeded");
    assert!(
        e.to_string().contains(&format!("at most {MAX_LEVELS}")),
        "{e}"
    );
    let e = watchstander::from_json::<EscalationPolicy>(
        &json!({"id": "p", "repeat": 10_000, "levels": [level("PT5M")]}),
    )
    .unwrap_err();
    assert_eq!(e.code(), "limit_exceeded");
    assert!(
        e.to_string().contains(&format!("at most {MAX_REPEATS}")),
        "{e}"
    );
    let targets: Vec<Value> = (0..51)
        .map(|i| json!({"person": format!("p{i}")}))
        .collect();
    assert_eq!(
        policy_err(json!({"id": "p", "levels": [{"targets": targets, "delay": "PT5M"}]})),
        "limit_exceeded"
    );
}

fn plan_input(policies: Value, schedules: Value, people: Value) -> Value {
    json!({"policies": policies, "schedules": schedules, "people": people,
           "incident": {"id": "i", "created": "2026-03-09T10:00:00Z"}})
}

fn op_err(op: &str, input: Value) -> (String, String) {
    let e = call(op, &input).unwrap_err();
    (e.code().to_string(), e.to_string())
}

#[test]
fn unknown_schedules_people_policies_and_contacts() {
    let (code, msg) = op_err(
        "escalation.plan",
        plan_input(
            json!([{"id": "p", "levels": [{"targets": [{"schedule": "nope"}], "delay": "PT5M"}]}]),
            json!([]),
            json!([]),
        ),
    );
    assert_eq!(code, "unknown_schedule");
    assert!(msg.contains("\"nope\"") && msg.contains("level 1"), "{msg}");
    let (code, msg) = op_err(
        "escalation.plan",
        plan_input(
            json!([{"id": "p", "levels": [level("PT5M")]}]),
            json!([]),
            json!([]),
        ),
    );
    assert_eq!(code, "unknown_person");
    assert!(msg.contains("\"a\""), "{msg}");
    let (code, _) = op_err(
        "escalation.plan",
        plan_input(
            json!([{"id": "p", "levels": [{"targets": [{"policy": "ghost"}], "delay": "PT5M"}]}]),
            json!([]),
            json!([]),
        ),
    );
    assert_eq!(code, "unknown_policy");
    let mut input = plan_input(
        json!([{"id": "p", "levels": [level("PT5M")]}]),
        json!([]),
        bare(&["a"]),
    );
    input["events"] =
        json!([{"kind": "reassigned", "at": "2026-03-09T10:01:00Z", "policy": "ghost"}]);
    assert_eq!(op_err("escalation.plan", input).0, "unknown_policy");
    let e = watchstander::from_json::<PersonProfile>(
        &json!({"id": "a", "rules": {"high": [{"after": "PT0M", "contact": "pager"}]}}),
    )
    .unwrap_err();
    assert_eq!(e.code(), "unknown_contact");
    let e = watchstander::from_json::<PersonProfile>(&json!({"id": "a", "sleep": "23:00-07:00"}))
        .unwrap_err();
    assert_eq!(e.code(), "invalid_person");
    let e = watchstander::from_json::<PersonProfile>(
        &json!({"id": "a", "zone": "UTC", "sleep": "07:00-07:00"}),
    )
    .unwrap_err();
    assert_eq!(e.code(), "invalid_person");
    let e = watchstander::from_json::<PersonProfile>(
        &json!({"id": "a", "contact_methods": [{"id": "c", "kind": "sms"}],
        "rules": {"high": [{"after": "P2D", "contact": "c"}]}}),
    )
    .unwrap_err();
    assert_eq!(e.code(), "invalid_rule");
    // An unknown severity under severity-based urgency.
    let mut input = plan_input(
        json!([{"id": "p", "levels": [level("PT5M")]}]),
        json!([]),
        bare(&["a"]),
    );
    input["incident"]["severity"] = json!("SEV-9");
    assert_eq!(op_err("escalation.plan", input).0, "unknown_severity");
}

#[test]
fn cyclic_and_deeply_nested_policies() {
    let p = |id: &str, next: &str| json!({"id": id, "levels": [{"targets": [{"policy": next}], "delay": "PT5M"}]});
    let (code, msg) = op_err(
        "escalation.plan",
        plan_input(
            json!([p("a", "b"), p("b", "c"), p("c", "a")]),
            json!([]),
            json!([]),
        ),
    );
    assert_eq!(code, "cyclic_policy");
    assert!(msg.contains("a → b → c → a"), "{msg}");
    assert_eq!(
        op_err(
            "escalation.plan",
            plan_input(json!([p("self", "self")]), json!([]), json!([]))
        )
        .0,
        "cyclic_policy"
    );
    // A chain of 12 policies is deeper than MAX_POLICY_DEPTH.
    let mut chain: Vec<Value> = (0..11)
        .map(|i| p(&format!("p{i}"), &format!("p{}", i + 1)))
        .collect();
    chain.push(json!({"id": "p11", "levels": [level("PT5M")]}));
    let mut input = plan_input(Value::Array(chain), json!([]), bare(&["a"]));
    input["incident"]["policy"] = json!("p0");
    assert_eq!(op_err("escalation.plan", input).0, "limit_exceeded");
}

#[test]
fn plan_bounds_and_events() {
    let base = plan_input(
        json!([{"id": "p", "levels": [level("PT5M")]}]),
        json!([]),
        bare(&["a"]),
    );
    for (field, value) in [
        ("horizon", json!("P60D")),
        ("horizon", json!("PT0M")),
        ("horizon", json!("P1M")),
        ("max_notifications", json!(0)),
        ("max_notifications", json!(MAX_NOTIFICATIONS + 1)),
    ] {
        let mut i = base.clone();
        i[field] = value.clone();
        assert_eq!(
            op_err("escalation.plan", i).0,
            "invalid_bound",
            "{field} = {value}"
        );
    }
    let mut i = base.clone();
    i["events"] = json!([{"kind": "resolved", "at": "2026-03-09T09:00:00Z"}]);
    assert_eq!(op_err("escalation.plan", i).0, "invalid_event");
    let mut i = base.clone();
    i["events"] = json!([{"kind": "resolved", "at": "2026-03-12T09:00:00Z"}]);
    assert_eq!(op_err("escalation.plan", i).0, "invalid_event");
    let mut i = base.clone();
    i["events"] = json!([{"kind": "escalated", "at": "2026-03-09T10:01:00Z", "level": 7}]);
    assert_eq!(op_err("escalation.plan", i).0, "invalid_event");
    let mut i = base.clone();
    i["events"] = json!([{"kind": "snoozed", "at": "2026-03-09T10:01:00Z"}]);
    assert_eq!(op_err("escalation.plan", i).0, "invalid_input");
    let mut i = base;
    i["surprise"] = json!(1);
    assert_eq!(op_err("escalation.plan", i).0, "invalid_input");
}

/// A plan takes at most `MAX_EVENTS` events, and a simulation as many ticks: the bound itself
/// is planned, one more is refused before any work, naming what to shorten.
#[test]
fn events_and_ticks_stop_at_the_documented_bound() {
    let created = chrono::DateTime::parse_from_rfc3339("2026-03-09T10:00:00Z").unwrap();
    let at = |i: usize| (created + chrono::Duration::seconds(i as i64 + 1)).to_rfc3339();
    let base = plan_input(
        json!([{"id": "p", "levels": [level("PT5M")]}]),
        json!([]),
        bare(&["a"]),
    );
    let events = |n: usize| -> Value {
        (0..n)
            .map(|i| json!({"kind": "severity_changed", "at": at(i), "severity": "SEV-2"}))
            .collect()
    };
    let mut i = base.clone();
    i["events"] = events(MAX_EVENTS);
    assert!(call("escalation.plan", &i).is_ok());
    i["events"] = events(MAX_EVENTS + 1);
    let (code, msg) = op_err("escalation.plan", i);
    assert_eq!(code, "limit_exceeded");
    assert!(
        msg.contains("events") && msg.contains("plan a shorter stretch"),
        "{msg}"
    );

    let mut i = base;
    i["until"] = json!("2026-03-09T14:00:00Z");
    i["ticks"] = (0..MAX_EVENTS).map(|n| json!(at(n))).collect();
    assert!(call("escalation.simulate", &i).is_ok());
    i["ticks"] = (0..=MAX_EVENTS).map(|n| json!(at(n))).collect();
    let (code, msg) = op_err("escalation.simulate", i);
    assert_eq!(code, "limit_exceeded");
    assert!(
        msg.contains("ticks") && msg.contains("tick less often"),
        "{msg}"
    );
}

/// The horizon's last instant is planned too: a level reached exactly then pages whoever the
/// schedule has on call at that instant (b, whose hour starts there), not nobody.
#[test]
fn a_schedule_is_read_up_to_the_last_instant_of_the_horizon() {
    let schedules = json!([{"id": "s", "zone": "UTC", "layers": [{"id": "l", "rotation": {
        "members": ["a", "b"], "anchor": "2026-03-09T10:00", "handoff": {"every": 1, "unit": "hours"}}}]}]);
    let mut i = plan_input(
        json!([{"id": "p", "levels": [
            {"targets": [{"person": "c"}], "delay": "PT60M"},
            {"targets": [{"schedule": "s"}], "delay": "PT5M"}]}]),
        schedules,
        bare(&["a", "b", "c"]),
    );
    i["horizon"] = json!("PT1H");
    let out = call("escalation.plan", &i).unwrap();
    let sent: Vec<(&str, &str)> = out["notifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["at"].as_str().unwrap(), n["person"].as_str().unwrap()))
        .collect();
    assert_eq!(
        sent,
        [("2026-03-09T10:00:00Z", "c"), ("2026-03-09T11:00:00Z", "b")]
    );
    assert_eq!(out["end"]["reason"], "horizon");
}

/// The largest policy the limits allow, with everyone on every level, is planned within the
/// notification limit and says it was cut short.
#[test]
fn the_largest_policy_is_bounded() {
    let people: Vec<Value> = (0..50)
        .map(|i| json!({"id": format!("p{i}"), "contact_methods": [{"id": "c", "kind": "sms"}],
            "rules": {"high": (0..20).map(|m| json!({"after": format!("PT{m}M"), "contact": "c"})).collect::<Vec<_>>()}}))
        .collect();
    let targets: Vec<Value> = (0..50)
        .map(|i| json!({"person": format!("p{i}")}))
        .collect();
    let levels: Vec<Value> = (0..MAX_LEVELS)
        .map(|_| json!({"targets": targets, "delay": "PT1M"}))
        .collect();
    let mut input = plan_input(
        json!([{"id": "p", "repeat": MAX_REPEATS, "on_escalate": "keep_notifying", "levels": levels}]),
        json!([]),
        Value::Array(people),
    );
    input["max_notifications"] = json!(5000);
    input["explain"] = json!(false);
    let out = call("escalation.plan", &input).unwrap();
    assert_eq!(out["notifications"].as_array().unwrap().len(), 5000);
    assert_eq!(out["end"]["reason"], "limit");
    assert_eq!(out["problems"][0]["kind"], "truncated");
}

/// Instants at the edge of chrono's range are refused, not overflowed.
#[test]
fn extreme_instants_are_refused() {
    use chrono::{DateTime, Utc};
    use watchstander::escalation::{
        plan, Directory, EscalationEvent, EscalationRun, IncidentStart, PlanOptions, RunOptions,
    };
    use watchstander::schedule::Interval;
    let policy: EscalationPolicy = watchstander::from_json(
        &json!({"id": "p", "ack_timeout": "P1D", "levels": [level("P1D")]}),
    )
    .unwrap();
    let person: PersonProfile = watchstander::from_json(&json!({"id": "a"})).unwrap();
    let all = Interval::new(DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC).unwrap();
    let dir = Directory::new(vec![policy], vec![], vec![person], None, all).unwrap();
    let e = plan(
        &dir,
        &IncidentStart::new("i", DateTime::<Utc>::MAX_UTC),
        &[],
        &PlanOptions::default(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "invalid_bound");
    let mut run = EscalationRun::start(
        &dir,
        &IncidentStart::new("i", t("2026-03-09T10:00:00Z")),
        RunOptions::default(),
    )
    .unwrap();
    let late = EscalationEvent::Acknowledged {
        at: DateTime::<Utc>::MAX_UTC,
        by: None,
    };
    assert_eq!(run.apply(&dir, &late).unwrap_err().code(), "invalid_bound");
    // Asking what is due at the end of time is fine: nothing overflows.
    assert!(run.due(&dir, DateTime::<Utc>::MAX_UTC).is_ok());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Arbitrary JSON never panics an escalation operation.
    #[test]
    fn arbitrary_json_never_panics(v in arb_json(), op in prop::sample::select(vec![
        "escalation.plan", "escalation.simulate", "escalation.validate", "escalation.handoff_notices"])) {
        let _ = call(op, &v);
    }

    /// Random mutations of a valid plan input give a result or a typed error.
    #[test]
    fn mutated_inputs_give_typed_errors(path in 0usize..12, value in arb_json()) {
        let mut input = plan_input(
            json!([{"id": "p", "repeat": 2, "ack_timeout": "PT10M", "levels": [
                {"targets": [{"schedule": "s"}], "delay": "PT5M"}, level("PT5M")]}]),
            json!([{"id": "s", "zone": "Europe/London", "layers": [{"id": "l", "rotation": {
                "members": ["a"], "anchor": "2026-01-05T09:00", "handoff": {"every": 1, "unit": "days"}}}]}]),
            bare(&["a"]));
        let pointer = [
            "/policies/0/levels/0/delay", "/policies/0/repeat", "/policies/0/ack_timeout",
            "/policies/0/levels/0/targets/0", "/schedules/0/layers/0/rotation/members",
            "/people/0", "/incident/created", "/incident/number", "/policies/0/urgency",
            "/policies/0/delay_from", "/incident/severity", "/policies/0/levels/1",
        ][path];
        if let Some(slot) = input.pointer_mut(pointer) {
            *slot = value;
        }
        match call("escalation.plan", &input) {
            Ok(out) => prop_assert!(out["notifications"].as_array().is_some_and(|a| a.len() <= 1000)),
            Err(e) => prop_assert!(!e.code().is_empty()),
        }
    }
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1e9f64..1e9).prop_map(Value::from),
        prop::sample::select(vec![
            "PT5M",
            "P1D",
            "2026-03-09T10:00:00Z",
            "p",
            "s",
            "a",
            "high",
            "x",
            ""
        ])
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "policies",
                    "schedules",
                    "people",
                    "incident",
                    "id",
                    "levels",
                    "targets",
                    "delay",
                    "person",
                    "schedule",
                    "created",
                    "events",
                    "kind",
                    "at",
                    "until",
                    "start",
                    "end"
                ]),
                inner,
                0..5
            )
            .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
        ]
    })
}
