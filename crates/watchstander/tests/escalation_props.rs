//! Property tests of escalation plans over random policies, schedules (around the March 2026
//! DST changes), notification rules and acknowledgements.

mod escalation_common;

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};
use escalation_common::t;
use proptest::prelude::*;
use serde_json::{json, Value};
use watchstander::escalation::{
    plan, Cause, Directory, EscalationEvent, EscalationPolicy, EscalationRun, IncidentStart,
    PersonProfile, PlanOptions, ProblemKind, RunOptions, StepKind,
};
use watchstander::schedule::{Interval, Schedule};

const PEOPLE: [&str; 6] = ["p0", "p1", "p2", "p3", "p4", "p5"];
const ZONES: [&str; 3] = ["UTC", "America/New_York", "Europe/London"];

fn schedule_strategy(id: &'static str) -> impl Strategy<Value = Value> {
    (
        prop::sample::subsequence(PEOPLE.to_vec(), 1..=4),
        1u32..=48,
        0u32..24,
        prop::sample::select(ZONES.to_vec()),
        prop::option::of((0u32..24, 1u32..23)),
    )
        .prop_map(move |(members, every, hour, zone, restriction)| {
            let mut layer = json!({"id": "l", "rotation": {"members": members,
                "anchor": format!("2026-03-01T{hour:02}:00"),
                "handoff": {"every": every, "unit": "hours"}}});
            if let Some((start, len)) = restriction {
                let end = (start + len) % 24;
                layer["restrictions"] =
                    json!([{"start": format!("{start:02}:00"), "end": format!("{end:02}:00")}]);
            }
            json!({"id": id, "zone": zone, "layers": [layer]})
        })
}

fn target_strategy() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!({"schedule": "s1"})),
        Just(json!({"schedule": "s2"})),
        prop::sample::select(PEOPLE.to_vec()).prop_map(|p| json!({"person": p})),
    ]
}

fn policy_strategy() -> impl Strategy<Value = Value> {
    (
        prop::collection::vec(
            (prop::collection::vec(target_strategy(), 1..=3), 1u32..=90),
            1..=5,
        ),
        0u32..=3,
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop::option::of(1u32..=120),
    )
        .prop_map(|(levels, repeat, creation, skip, keep, ack_timeout)| {
            let mut offset = 0;
            let levels: Vec<Value> = levels
                .into_iter()
                .map(|(targets, delay)| {
                    // With delays counted from creation they must increase.
                    offset += delay;
                    let d = if creation { offset } else { delay };
                    json!({"targets": targets, "delay": format!("PT{d}M")})
                })
                .collect();
            let mut p = json!({"id": "p", "levels": levels, "repeat": repeat,
                "delay_from": if creation { "creation" } else { "level" },
                "skip_empty_levels": skip,
                "on_escalate": if keep { "keep_notifying" } else { "reassign" }});
            if let Some(m) = ack_timeout {
                p["ack_timeout"] = json!(format!("PT{m}M"));
            }
            p
        })
}

fn people_strategy() -> impl Strategy<Value = Value> {
    prop::collection::vec(prop::collection::vec(0u32..=20, 0..=3), 6).prop_map(|rules| {
        Value::Array(
            PEOPLE
                .iter()
                .zip(rules)
                .map(|(id, afters)| {
                    let high: Vec<Value> = afters
                        .iter()
                        .map(|a| json!({"after": format!("PT{a}M"), "contact": "c"}))
                        .collect();
                    json!({"id": id, "contact_methods": [{"id": "c", "kind": "sms"}], "rules": {"high": high}})
                })
                .collect(),
        )
    })
}

struct Case {
    dir: Directory,
    schedules: Vec<(String, Schedule)>,
    policy: EscalationPolicy,
    created: DateTime<Utc>,
    horizon: Duration,
}

fn case_strategy() -> impl Strategy<Value = (Value, Value, Value, Value, u32)> {
    (
        policy_strategy(),
        schedule_strategy("s1"),
        schedule_strategy("s2"),
        people_strategy(),
        0u32..(3 * 24 * 60),
    )
}

fn build(policy: Value, s1: Value, s2: Value, people: Value, minutes: u32) -> Case {
    // 7 to 10 March 2026: New York changes its clocks on the 8th.
    let created = t("2026-03-07T00:00:00Z") + Duration::minutes(i64::from(minutes));
    let horizon = Duration::hours(12);
    let window = Interval::new(created, created + horizon + Duration::minutes(1)).unwrap();
    let policy: EscalationPolicy = serde_json::from_value(policy).unwrap();
    let schedules: Vec<Schedule> = vec![
        serde_json::from_value(s1).unwrap(),
        serde_json::from_value(s2).unwrap(),
    ];
    let people: Vec<PersonProfile> = serde_json::from_value(people).unwrap();
    let dir = Directory::new(
        vec![policy.clone()],
        schedules.clone(),
        people,
        None,
        window,
    )
    .unwrap();
    Case {
        dir,
        schedules: schedules
            .into_iter()
            .map(|s| (s.id().to_string(), s))
            .collect(),
        policy,
        created,
        horizon,
    }
}

fn options(c: &Case) -> PlanOptions {
    PlanOptions {
        horizon: c.horizon,
        ..PlanOptions::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// The plan never notifies before the incident exists, and notifications are in time order.
    #[test]
    fn never_before_creation_and_in_order((p, s1, s2, people, m) in case_strategy()) {
        let c = build(p, s1, s2, people, m);
        let plan = plan(&c.dir, &IncidentStart::new("i", c.created), &[], &options(&c)).unwrap();
        for n in &plan.notifications {
            prop_assert!(n.at >= c.created, "{} before creation {}", n.at, c.created);
            prop_assert!(n.at <= plan.horizon_end);
        }
        for w in plan.notifications.windows(2) {
            prop_assert!(w[0].at <= w[1].at);
        }
    }

    /// An acknowledgement at t means no notification at or after t, unless an acknowledgement
    /// timeout re-triggers the incident — and then nothing before the timeout.
    #[test]
    fn ack_stops_notifications((p, s1, s2, people, m) in case_strategy(), ack_after in 0i64..300) {
        let c = build(p, s1, s2, people, m);
        let t_ack = c.created + Duration::minutes(ack_after);
        let ack = EscalationEvent::Acknowledged { at: t_ack, by: Some("p0".into()) };
        let plan = plan(&c.dir, &IncidentStart::new("i", c.created), &[ack], &options(&c)).unwrap();
        let timeout = c.policy.ack_timeout();
        for n in plan.notifications.iter().filter(|n| n.at >= t_ack) {
            match timeout {
                None => prop_assert!(false, "notification at {} after the ack at {}: {:?}", n.at, t_ack, n),
                Some(d) => {
                    prop_assert!(n.at >= t_ack + d, "{} inside the ack window", n.at);
                    prop_assert!(n.cause != Cause::Triggered);
                }
            }
        }
    }

    /// The union of the people notified when a level is reached equals the level's people
    /// targets plus whoever its schedules say is on call at that instant (asked of the
    /// schedule directly, compiled independently).
    #[test]
    fn level_people_are_who_is_on_call((p, s1, s2, people, m) in case_strategy()) {
        let c = build(p, s1, s2, people, m);
        let plan = plan(&c.dir, &IncidentStart::new("i", c.created), &[], &options(&c)).unwrap();
        let window = Interval::new(c.created, c.created + c.horizon + Duration::minutes(1)).unwrap();
        let compiled: Vec<(String, watchstander::schedule::CompiledSchedule)> =
            c.schedules.iter().map(|(id, s)| (id.clone(), s.compile(window).unwrap())).collect();
        for step in &plan.steps {
            let Some(level) = step.level else { continue };
            if !matches!(step.kind, StepKind::LevelReached | StepKind::LevelSkipped | StepKind::LevelEmpty) {
                continue;
            }
            let targets = &c.policy.levels()[level as usize - 1].targets;
            let mut expected = BTreeSet::new();
            for target in targets {
                match serde_json::to_value(target).unwrap() {
                    Value::Object(o) => {
                        if let Some(Value::String(p)) = o.get("person") {
                            expected.insert(p.clone());
                        }
                        if let Some(Value::String(s)) = o.get("schedule") {
                            let (_, cs) = compiled.iter().find(|(id, _)| id == s).unwrap();
                            for e in cs.oncall(step.at).unwrap().on_call {
                                expected.insert(e.person);
                            }
                        }
                    }
                    other => panic!("unexpected target {other}"),
                }
            }
            let got: BTreeSet<String> = step.people.iter().map(|p| p.to_string()).collect();
            prop_assert_eq!(got, expected, "level {} at {}", level, step.at);
        }
    }

    /// Same input, same plan; and the live handle ticked at arbitrary instants hands out the
    /// plan's notifications, in the plan's order.
    #[test]
    fn deterministic_and_live_equals_plan((p, s1, s2, people, m) in case_strategy(), tick in 1i64..45) {
        let c = build(p, s1, s2, people, m);
        let inc = IncidentStart::new("i", c.created);
        let a = plan(&c.dir, &inc, &[], &options(&c)).unwrap();
        let b = plan(&c.dir, &inc, &[], &options(&c)).unwrap();
        prop_assert_eq!(&a, &b);
        let mut run = EscalationRun::start(&c.dir, &inc, RunOptions::default()).unwrap();
        let mut got = Vec::new();
        let mut now = c.created;
        while now < a.horizon_end {
            got.extend(run.due(&c.dir, now).unwrap());
            now += Duration::minutes(tick);
        }
        got.extend(run.due(&c.dir, a.horizon_end).unwrap());
        prop_assert_eq!(got, a.notifications);
    }

    /// The plan never holds more than its notification limit; when it had to drop one it says
    /// so, and when it did not, it is the unlimited plan.
    #[test]
    fn bounded_by_the_limit((p, s1, s2, people, m) in case_strategy(), limit in 1usize..20) {
        let c = build(p, s1, s2, people, m);
        let o = PlanOptions { max_notifications: limit, ..options(&c) };
        let limited = plan(&c.dir, &IncidentStart::new("i", c.created), &[], &o).unwrap();
        prop_assert!(limited.notifications.len() <= limit);
        let truncated = limited.problems.iter().any(|p| p.kind == ProblemKind::Truncated);
        let unlimited = plan(&c.dir, &IncidentStart::new("i", c.created), &[], &options(&c)).unwrap();
        if unlimited.notifications.len() > limit {
            prop_assert!(truncated);
        }
        if !truncated {
            prop_assert_eq!(&limited.notifications, &unlimited.notifications);
        }
    }
}
