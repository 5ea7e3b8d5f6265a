//! No incident input makes the engine panic: the sample history, mutated at random (fields
//! dropped or replaced, kinds swapped, instants moved to the ends of the supported range, huge
//! durations in the configuration), goes through every `incident.*` operation, and the answer
//! is always a result or a typed error.

mod incident_common;

use incident_common::sample_doc;
use proptest::prelude::*;
use serde_json::{json, Value};

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        prop::sample::select(vec![
            "",
            " ",
            "SEV-9",
            "SEV-1",
            "triage",
            "resolved",
            "merged",
            "declined",
            "post_incident",
            "internal",
            "external",
            "incident_commander",
            "subject_matter_expert",
            "bob",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59-23:59",
            "9999-12-31T23:59:59Z",
            "2026-11-26T10:00:00",
            "P99999999W",
            "PT0S",
            "{title",
            "{latest_note}",
            "}{",
            "{{}}",
            "Ünïcödé 東京 🔥 <!channel> *x* [a](b)",
        ])
        .prop_map(|s| json!(s)),
        "\\PC{0,16}".prop_map(Value::String),
    ]
}

#[derive(Debug, Clone)]
enum Mutation {
    Replace {
        event: usize,
        field: usize,
        value: Value,
    },
    Remove {
        event: usize,
        field: usize,
    },
    Kind {
        event: usize,
        kind: usize,
    },
    Duplicate {
        event: usize,
    },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (0usize..40, 0usize..12, leaf()).prop_map(|(event, field, value)| Mutation::Replace {
            event,
            field,
            value
        }),
        (0usize..40, 0usize..12).prop_map(|(event, field)| Mutation::Remove { event, field }),
        (0usize..40, 0usize..15).prop_map(|(event, kind)| Mutation::Kind { event, kind }),
        (0usize..40).prop_map(|event| Mutation::Duplicate { event }),
    ]
}

fn mutate(events: &mut Vec<Value>, m: &Mutation) {
    let n = events.len();
    if n == 0 {
        return;
    }
    match m {
        Mutation::Replace {
            event,
            field,
            value,
        } => {
            if let Some(obj) = events[event % n].as_object_mut() {
                let keys: Vec<String> = obj.keys().cloned().collect();
                let key = keys[field % keys.len()].clone();
                obj.insert(key, value.clone());
            }
        }
        Mutation::Remove { event, field } => {
            if let Some(obj) = events[event % n].as_object_mut() {
                let keys: Vec<String> = obj.keys().cloned().collect();
                obj.remove(&keys[field % keys.len()]);
            }
        }
        Mutation::Kind { event, kind } => {
            events[event % n]["kind"] = json!(watchstander::incident::EVENT_KINDS[kind % 15]);
        }
        Mutation::Duplicate { event } => {
            let e = events[event % n].clone();
            events.push(e);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn mutated_histories_never_panic(
        mutations in prop::collection::vec(mutation(), 0..6),
        now in leaf(),
        zone in prop::sample::select(vec!["UTC", "Asia/Kolkata", "Pacific/Kiritimati", "America/St_Johns", "Nowhere/Land"]),
        audience in prop::sample::select(vec!["internal", "executive", "external", "public"]),
        format in prop::sample::select(vec!["markdown", "text", "slack", "teams", "html"]),
        template in prop::option::of(leaf()),
        config in prop::option::of((leaf(), leaf())),
    ) {
        let doc = sample_doc();
        let mut events: Vec<Value> = doc["incidents"][0]["events"].as_array().unwrap().clone();
        for m in &mutations {
            mutate(&mut events, m);
        }
        let now = if now.is_string() { now } else { json!("2026-11-26T11:40:00Z") };
        let mut cfg = doc["config"].clone();
        if let Some((skew, rule)) = config {
            cfg["max_clock_skew"] = skew;
            cfg["war_room"] = json!({"prefix": rule});
        }
        let base = json!({"events": events, "config": cfg});
        let with = |extra: Value| {
            let mut v = base.clone();
            for (k, x) in extra.as_object().unwrap() {
                v[k] = x.clone();
            }
            v
        };
        let calls = [
            ("incident.replay", with(json!({"now": now}))),
            ("incident.timeline", with(json!({"zone": zone, "audience": audience, "markdown": true}))),
            ("incident.next_update", with(json!({"now": now}))),
            ("incident.plan", with(json!({"now": now}))),
            ("incident.status_update", with(json!({"now": now, "audience": audience, "format": format, "zone": zone,
                "template": template.clone().map(|t| json!({"title": t, "body": t})), "fields": {"x": "y"}}))),
            ("incident.apply", json!({"events": [], "apply": events, "config": cfg})),
            ("incident.war_room_name", json!({"title": template.clone().unwrap_or(json!("t")), "detected_at": now})),
        ];
        for (op, input) in calls {
            // A panic would fail the test; any Ok or typed Err is fine.
            let _ = watchstander::ops::call(op, &input);
        }
    }
}

#[test]
fn extreme_instants_and_durations_are_typed_errors_or_results() {
    let cases = [
        json!({"events": [{"id": "1", "incident": "I", "kind": "detected", "title": "t", "severity": "SEV-1",
            "occurred_at": "9999-12-31T23:59:59-23:59", "recorded_at": "9999-12-31T23:59:59-23:59", "actor": "a"}]}),
        json!({"events": [{"id": "1", "incident": "I", "kind": "detected", "title": "t", "severity": "SEV-4",
            "occurred_at": "9999-12-31T20:00:00Z", "recorded_at": "9999-12-31T20:00:00Z", "actor": "a"}]}),
        json!({"config": {"max_clock_skew": "P99999999W"}, "events": [{"id": "1", "incident": "I", "kind": "detected",
            "title": "t", "severity": "SEV-2", "occurred_at": "9999-12-31T23:59:59Z", "recorded_at": "0000-01-01T00:00:00Z", "actor": "a"}]}),
    ];
    for input in cases {
        for op in [
            "incident.replay",
            "incident.timeline",
            "incident.plan",
            "incident.next_update",
        ] {
            let mut i = input.clone();
            if op != "incident.timeline" {
                i["now"] = json!("9999-12-31T23:59:59-23:59");
            }
            if op == "incident.timeline" {
                i["zone"] = json!("Pacific/Kiritimati");
            }
            let _ = watchstander::ops::call(op, &i);
        }
    }
}
