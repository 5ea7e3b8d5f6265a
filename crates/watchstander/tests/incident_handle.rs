//! The `incident.LiveIncident` handle, fed events one at a time, answers as the one-shot
//! `incident.*` operations do over the whole history, and restores from its state.

use serde_json::{json, Value};
use watchstander::ops;

mod handles_common;
use handles_common::{call, handle, ok, restore_state, state};

fn example(name: &str) -> Value {
    let path = format!(
        "{}/../../examples/incidents/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn events() -> Vec<Value> {
    example("inc-1042-events.json").as_array().unwrap().clone()
}

fn live(args: Value) -> Box<dyn ops::AnyHandle> {
    handle("incident.LiveIncident", &args)
}

/// The one-shot operation over the configuration and every event, with `extra` fields.
fn op(name: &str, extra: Value) -> Value {
    let mut input = json!({"config": example("config.json"), "events": events()});
    input
        .as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    ops::call(name, &input).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A handle with the example configuration, fed every event one by one.
fn fed() -> Box<dyn ops::AnyHandle> {
    let mut h = live(json!({"config": example("config.json")}));
    for (k, e) in events().into_iter().enumerate() {
        let r = ok(&mut *h, "apply", json!({"event": e}));
        assert_eq!(r["outcome"], "appended", "{k}");
        assert_eq!(r["event"], e["id"]);
        assert_eq!(ok(&mut *h, "len", json!({})), json!(k + 1));
    }
    h
}

#[test]
fn events_applied_one_by_one_make_the_replayed_incident() {
    let mut h = fed();
    let now = "2026-11-26T11:40:00Z";
    let replay = op("incident.replay", json!({"now": now}));
    assert_eq!(ok(&mut *h, "incident", json!({})), replay["incident"]);
    let status = ok(&mut *h, "status", json!({"now": now}));
    assert_eq!(status["as_of"], now);
    assert_eq!(status["facts"], replay["facts"]);
    assert_eq!(status["sla"], replay["sla"]);
    let next = op("incident.next_update", json!({"now": now}));
    assert_eq!(status["updates"], next["updates"]);
    assert!(!status["updates"].as_array().unwrap().is_empty());
    // The events come back in fold order (the example is already in it).
    assert_eq!(ok(&mut *h, "events", json!({})), json!(events()));
}

#[test]
fn renderings_are_the_operations_renderings() {
    let mut h = fed();
    for args in [
        json!({}),
        json!({"zone": "Europe/London", "audience": "external", "markdown": true}),
    ] {
        let got = ok(&mut *h, "timeline", args.clone());
        assert_eq!(got, op("incident.timeline", args.clone()), "{args}");
    }
    let md = ok(&mut *h, "timeline", json!({"markdown": true}));
    assert!(
        md["markdown"]
            .as_str()
            .unwrap()
            .contains("Customer impact began"),
        "{md}"
    );
    assert!(ok(&mut *h, "timeline", json!({}))["markdown"].is_null());

    for now in ["2026-11-26T11:12:00Z", "2026-11-26T13:40:00Z"] {
        assert_eq!(
            ok(&mut *h, "plan", json!({"now": now})),
            op("incident.plan", json!({"now": now}))
        );
    }
    for args in [
        json!({"now": "2026-11-26T11:20:00Z", "audience": "internal"}),
        json!({"now": "2026-11-26T11:20:00Z", "audience": "external", "format": "slack",
               "zone": "America/New_York", "message": "Payments are <b>back</b>"}),
        json!({"now": "2026-11-26T11:20:00Z", "audience": "executive", "format": "text",
               "template": example("executive-template.json"), "fields": {"affected_customers": "about 4% of card payments"}}),
    ] {
        let got = ok(&mut *h, "status_update", args.clone());
        assert_eq!(got, op("incident.status_update", args.clone()), "{args}");
    }

    let incident = ok(&mut *h, "incident", json!({}));
    let config = example("config.json");
    let name = |taken: Value| {
        ops::call(
            "incident.war_room_name",
            &json!({"title": incident["title"], "detected_at": incident["detected_at"],
                    "incident_id": incident["id"], "rule": config["war_room"], "taken": taken}),
        )
        .unwrap()["name"]
            .clone()
    };
    let first = ok(&mut *h, "war_room_name", json!({}));
    assert_eq!(first, name(json!([])));
    let taken = json!([first]);
    let second = ok(&mut *h, "war_room_name", json!({"taken": taken}));
    assert_eq!(second, name(taken));
    assert_ne!(second, first);
}

#[test]
fn late_duplicate_and_refused_events_are_reported_and_a_refusal_changes_nothing() {
    let all = events();
    // Everything but the third event, then the third arrives late.
    let mut early: Vec<Value> = all.clone();
    let late = early.remove(2);
    let mut h = live(json!({"config": example("config.json"), "events": early}));
    assert_eq!(ok(&mut *h, "len", json!({})), json!(all.len() - 1));
    let r = ok(&mut *h, "apply", json!({"event": late}));
    assert_eq!(r["outcome"], "inserted");
    assert_eq!(r["position"], json!(2));
    assert_eq!(ok(&mut *h, "events", json!({})), json!(all));
    let r = ok(&mut *h, "apply", json!({"event": all[0]}));
    assert_eq!(r["outcome"], "duplicate");
    assert_eq!(ok(&mut *h, "len", json!({})), json!(all.len()));

    let before = ok(&mut *h, "incident", json!({}));
    let bad = json!({"id": "bad", "incident": "INC-1042", "kind": "status_changed", "to": "declined",
                     "occurred_at": "2026-11-26T11:59:00Z", "recorded_at": "2026-11-26T11:59:00Z",
                     "actor": "sam"});
    let e = call(&mut *h, "apply", json!({"event": bad})).unwrap_err();
    assert_eq!(e.module(), "incident");
    assert_eq!(ok(&mut *h, "incident", json!({})), before);
    assert_eq!(ok(&mut *h, "len", json!({})), json!(all.len()));

    let note = json!({"id": "n-9", "incident": "INC-1042", "kind": "note", "text": "checked",
                      "occurred_at": "2026-11-26T10:45:00Z", "recorded_at": "2026-11-26T11:30:00Z",
                      "actor": "sam"});
    let results = ok(&mut *h, "apply_all", json!({"events": [bad, all[1], note]}));
    let outcomes: Vec<&Value> = results
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["outcome"])
        .collect();
    assert_eq!(
        outcomes,
        [&json!("rejected"), &json!("duplicate"), &json!("inserted")]
    );
    assert_eq!(results[0]["event"], "bad");
    assert_eq!(results[0]["error"]["module"], "incident");
    assert_eq!(results[2]["event"], "n-9");
    assert_eq!(ok(&mut *h, "len", json!({})), json!(all.len() + 1));
}

#[test]
fn before_detection_there_is_no_incident_to_plan_or_name() {
    let mut h = live(json!({}));
    assert_eq!(ok(&mut *h, "len", json!({})), json!(0));
    assert!(ok(&mut *h, "incident", json!({})).is_null());
    for (method, args) in [
        ("plan", json!({"now": "2026-11-26T10:00:00Z"})),
        ("war_room_name", json!({})),
        (
            "status_update",
            json!({"now": "2026-11-26T10:00:00Z", "audience": "internal"}),
        ),
    ] {
        let e = call(&mut *h, method, args).unwrap_err();
        assert_eq!(e.code(), "invalid_input", "{method}");
        assert!(
            e.to_string().contains("apply its `detected` event first"),
            "{method}: {e}"
        );
    }
}

#[test]
fn a_handle_restores_from_its_state_and_goes_on_alone() {
    let all = events();
    let mut h = live(json!({"config": example("config.json"), "events": all[..5]}));
    let saved = state(&*h);
    assert_eq!(saved["events"], json!(all[..5]));
    assert_eq!(saved["config"]["war_room"]["zone"], "Europe/London");
    let mut back = restore_state(h.type_name(), &saved).unwrap();
    assert_eq!(
        ok(&mut *back, "incident", json!({})),
        ok(&mut *h, "incident", json!({}))
    );
    ok(&mut *back, "apply", json!({"event": all[5]}));
    assert_eq!(ok(&mut *back, "len", json!({})), json!(6));
    assert_eq!(ok(&mut *h, "len", json!({})), json!(5));
}
