//! The `alert.Pipeline` and `escalation.LiveEscalation` handles agree with the one-shot operations
//! (`alert.replay`, `escalation.simulate`) on the same inputs, and restore from their state
//! mid-stream to the same machine.

use serde_json::{json, Value};
use watchstander::ops;

mod handles_common;
use handles_common::{call, handle, restore, restore_state, state};

fn storm() -> (Value, Vec<Value>) {
    let config = json!({
        "route": {"receiver": "team", "group_by": ["alertname"], "group_wait": "30s", "group_interval": "2m",
                  "service": "checkout", "escalation_policy": "payments"},
        "inhibit_rules": [{"name": "down-mutes-latency", "source_matchers": ["alertname=CheckoutDown"],
                           "target_matchers": ["alertname=HighLatency"], "equal": ["cluster"]}]
    });
    let mut records = Vec::new();
    for i in 0..6 {
        records.push(json!({"at": format!("2026-11-26T10:00:{:02}Z", i * 5),
            "alert": {"labels": {"alertname": "HighLatency", "cluster": "eu", "pod": format!("p{i}")}, "status": "firing",
                      "actionable": i % 2 == 0}}));
    }
    records.push(json!({"at": "2026-11-26T10:00:20Z", "alert": {"labels": {"alertname": "CheckoutDown", "cluster": "eu"}, "status": "firing", "actionable": true}}));
    records.push(json!({"at": "2026-11-26T10:00:40Z", "source": "pagerduty", "payload": {
        "routing_key": "R", "event_action": "trigger", "dedup_key": "db-disk",
        "payload": {"summary": "Disk 95% full on db-1", "source": "db-1", "severity": "critical"}}}));
    records.push(json!({"at": "2026-11-26T10:01:00Z", "alert": {"labels": {"alertname": "HighLatency", "cluster": "eu", "pod": "p0"}, "status": "firing"}}));
    records.push(
        json!({"at": "2026-11-26T10:03:00Z", "silence": {"id": "quiet", "matchers": ["pod=p1"],
        "starts_at": "2026-11-26T10:03:00Z", "ends_at": "2026-11-26T11:00:00Z"}}),
    );
    records.push(json!({"at": "2026-11-26T10:04:00Z", "alert": {"labels": {"alertname": "CheckoutDown", "cluster": "eu"}, "status": "resolved"}}));
    records.push(json!({"at": "2026-11-26T10:09:00Z", "expire_silence": "quiet"}));
    // In time order, as a live feed delivers them (`alert.replay` sorts, stably).
    records.sort_by(|a, b| a["at"].as_str().cmp(&b["at"].as_str()));
    (config, records)
}

#[test]
fn the_pipeline_handle_gives_the_actions_of_alert_replay_record_by_record() {
    let (config, records) = storm();
    let until = "2026-11-26T10:20:00Z";
    let replay = ops::call(
        "alert.replay",
        &json!({"config": config, "records": records, "until": until}),
    )
    .unwrap();
    for split in [0, 3, records.len()] {
        let mut h = handle("alert.Pipeline", &json!({"config": config}));
        let mut actions: Vec<Value> = Vec::new();
        for (i, r) in records.iter().enumerate() {
            if i == split {
                h = restore(&*h);
            }
            let out = call(&mut *h, "apply", json!({"record": r})).unwrap();
            actions.extend(out.as_array().unwrap().iter().cloned());
        }
        let out = call(&mut *h, "tick", json!({"now": until})).unwrap();
        actions.extend(out.as_array().unwrap().iter().cloned());
        assert_eq!(Value::Array(actions), replay["actions"], "split at {split}");
        assert_eq!(
            call(&mut *h, "stats", json!({})).unwrap(),
            replay["summary"]["stats"]
        );
        assert_eq!(
            call(&mut *h, "quality", json!({})).unwrap(),
            replay["summary"]["quality"]
        );
        let counts = call(&mut *h, "counts", json!({})).unwrap();
        assert_eq!(counts["open_alerts"], replay["summary"]["open_alerts"]);
        assert_eq!(counts["open_groups"], replay["summary"]["open_groups"]);
        assert_eq!(
            counts["open_incidents"],
            replay["summary"]["open_incidents"]
        );
    }
}

#[test]
fn the_pipeline_handle_ingests_native_alerts_and_payloads_and_marks_them() {
    let (config, _) = storm();
    let mut h = handle("alert.Pipeline", &json!({"config": config}));
    let a = call(&mut *h, "ingest", json!({"alert": {"labels": {"alertname": "HighLatency", "cluster": "eu"}}, "now": "2026-11-26T10:00:00Z"})).unwrap();
    assert_eq!(a, json!([]));
    assert_eq!(
        call(&mut *h, "next_timer", json!({})).unwrap(),
        json!("2026-11-26T10:00:30Z")
    );
    let b = call(&mut *h, "ingest_payload", json!({"source": "alertmanager", "now": "2026-11-26T10:00:10Z", "payload": {
        "version": "4", "status": "firing", "receiver": "r", "groupKey": "{}:{}", "groupLabels": {}, "commonLabels": {}, "commonAnnotations": {}, "externalURL": "http://am",
        "alerts": [{"status": "firing", "labels": {"alertname": "HighLatency", "cluster": "eu", "pod": "x"}, "annotations": {}, "startsAt": "2026-11-26T10:00:05Z", "endsAt": "0001-01-01T00:00:00Z", "fingerprint": "0"}]}})).unwrap();
    assert_eq!(b[0]["kind"], "suppress");
    assert_eq!(b[0]["reason"]["reason"], "grouped");
    let t = call(&mut *h, "tick", json!({"now": "2026-11-26T10:00:30Z"})).unwrap();
    let notify: Vec<&Value> = t
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["kind"] == "notify")
        .collect();
    assert_eq!(notify.len(), 1);
    assert_eq!(notify[0]["alerts"].as_array().unwrap().len(), 2);
    let fp = notify[0]["alerts"][0]["fingerprint"].clone();
    assert_eq!(
        call(&mut *h, "mark", json!({"alert": fp, "actionable": true})).unwrap(),
        json!(true)
    );
    assert_eq!(
        call(&mut *h, "mark", json!({"alert": fp, "actionable": true})).unwrap(),
        json!(false)
    );
    let q = call(&mut *h, "quality", json!({})).unwrap();
    assert_eq!(q["total"]["alerts"], 2);
    assert_eq!(q["total"]["true_positive_rate"], 0.5);
    assert_eq!(q["by_service"][0]["name"], "checkout");
    let e = call(
        &mut *h,
        "mark",
        json!({"alert": "ffff", "actionable": true}),
    )
    .unwrap_err();
    assert_eq!(e.code(), "unknown_alert");
    let back = call(&mut *h, "tick", json!({"now": "2026-11-26T09:00:00Z"})).unwrap_err();
    assert_eq!(back.code(), "alert_clock_regression");
}

fn escalation_input() -> Value {
    json!({
        "incident": {"id": "INC-7", "created": "2026-03-09T10:00:00Z"},
        "policies": [{"id": "payments", "ack_timeout": "PT30M", "repeat": 1, "levels": [
            {"targets": [{"person": "alice"}], "delay": "PT10M"},
            {"targets": [{"person": "bob"}], "delay": "PT10M"}]}],
        "people": [
            {"id": "alice", "contact_methods": [{"id": "app", "kind": "push"}, {"id": "sms", "kind": "sms"}],
             "rules": {"high": [{"after": "PT0M", "contact": "app"}, {"after": "PT5M", "contact": "sms"}]}},
            {"id": "bob"}]
    })
}

/// Drives the handle as `escalation.simulate` drives its run: events in time order, `due` at
/// every instant something is due, then at `until`.
fn drive(
    h: &mut dyn ops::AnyHandle,
    events: &[Value],
    until: &str,
    restore_after: Option<usize>,
) -> (Vec<Value>, Box<dyn ops::AnyHandle>) {
    let until_t = chrono::DateTime::parse_from_rfc3339(until).unwrap();
    let mut sent = Vec::new();
    let mut ev = events.iter().peekable();
    let mut calls = 0;
    let mut owned: Option<Box<dyn ops::AnyHandle>> = None;
    loop {
        let h: &mut dyn ops::AnyHandle = match owned.as_mut() {
            Some(b) => &mut **b,
            None => &mut *h,
        };
        if restore_after == Some(calls) {
            owned = Some(restore(h));
            calls += 1;
            continue;
        }
        calls += 1;
        let next = call(h, "next_due", json!({})).unwrap();
        let next_t = next
            .as_str()
            .map(|s| chrono::DateTime::parse_from_rfc3339(s).unwrap())
            .filter(|t| *t <= until_t);
        let event_t = ev
            .peek()
            .map(|e| chrono::DateTime::parse_from_rfc3339(e["at"].as_str().unwrap()).unwrap());
        match (event_t, next_t) {
            (Some(e), n) if n.is_none_or(|n| e <= n) => {
                let e = ev.next().unwrap();
                call(h, "apply", json!({"event": e})).unwrap();
            }
            (_, Some(n)) => {
                for x in call(h, "due", json!({"now": n.to_rfc3339()}))
                    .unwrap()
                    .as_array()
                    .unwrap()
                {
                    sent.push(x.clone());
                }
            }
            _ => {
                for x in call(h, "due", json!({"now": until}))
                    .unwrap()
                    .as_array()
                    .unwrap()
                {
                    sent.push(x.clone());
                }
                break;
            }
        }
    }
    let last = owned.unwrap_or_else(|| restore(h));
    (sent, last)
}

#[test]
fn the_escalation_handle_gives_the_timeline_of_escalation_simulate() {
    let events = vec![
        json!({"kind": "acknowledged", "at": "2026-03-09T10:12:00Z", "by": "bob"}),
        json!({"kind": "severity_changed", "at": "2026-03-09T10:50:00Z", "severity": "SEV-1"}),
    ];
    let until = "2026-03-09T12:00:00Z";
    let mut input = escalation_input();
    input["events"] = json!(events);
    input["until"] = json!(until);
    let sim = ops::call("escalation.simulate", &input).unwrap();
    let expected: Vec<Value> = sim["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "notification")
        .map(|e| e["notification"].clone())
        .collect();
    assert!(expected.len() >= 4, "{expected:?}");
    for restore_after in [None, Some(0), Some(3), Some(7)] {
        let mut h = handle("escalation.LiveEscalation", &escalation_input());
        let (sent, mut last) = drive(&mut *h, &events, until, restore_after);
        assert_eq!(sent, expected, "restore after {restore_after:?}");
        assert_eq!(call(&mut *last, "status", json!({})).unwrap(), sim["state"]);
        assert_eq!(
            call(&mut *last, "problems", json!({})).unwrap(),
            sim["problems"]
        );
        let steps: Vec<Value> = sim["timeline"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["kind"] == "step")
            .map(|e| e["step"].clone())
            .collect();
        assert_eq!(
            call(&mut *last, "steps", json!({})).unwrap(),
            Value::Array(steps)
        );
    }
}

#[test]
fn the_escalation_handle_maps_incident_events_and_reports_steps() {
    let mut h = handle("escalation.LiveEscalation", &escalation_input());
    let first = call(&mut *h, "due", json!({"now": "2026-03-09T10:00:00Z"})).unwrap();
    assert_eq!(first.as_array().unwrap().len(), 1);
    assert_eq!(first[0]["person"], "alice");
    assert!(first[0]["why"]
        .as_str()
        .unwrap()
        .contains("payments level 1"));
    assert_eq!(
        call(&mut *h, "next_due", json!({})).unwrap(),
        json!("2026-03-09T10:05:00Z")
    );
    let pending = call(&mut *h, "pending", json!({})).unwrap();
    assert_eq!(pending[0]["contact"], "sms");
    // The plan looks ahead without handing anything out: alice's SMS at 10:05 (her rule),
    // then level 2 (bob) at 10:10, the level's 10-minute delay.
    let plan = call(&mut *h, "plan", json!({"until": "2026-03-09T10:10:00Z"})).unwrap();
    let planned = plan["notifications"].as_array().unwrap();
    assert_eq!(planned[0]["contact"], "sms");
    assert_eq!(planned[0]["at"], "2026-03-09T10:05:00Z");
    assert!(
        planned
            .iter()
            .any(|n| n["person"] == "bob" && n["at"] == "2026-03-09T10:10:00Z"),
        "{planned:?}"
    );
    assert_eq!(call(&mut *h, "pending", json!({})).unwrap(), pending);
    let note = call(&mut *h, "apply_incident_event", json!({"event": {"id": "2", "incident": "INC-7", "kind": "note",
        "text": "looking", "occurred_at": "2026-03-09T10:02:00Z", "recorded_at": "2026-03-09T10:02:00Z", "actor": "alice"}})).unwrap();
    assert!(note.get("mapped").is_none());
    let ack = call(&mut *h, "apply_incident_event", json!({"event": {"id": "3", "incident": "INC-7", "kind": "acknowledged",
        "occurred_at": "2026-03-09T10:03:00Z", "recorded_at": "2026-03-09T10:03:00Z", "actor": "alice"}})).unwrap();
    assert_eq!(ack["mapped"]["kind"], "acknowledged");
    assert_eq!(ack["steps"][0]["kind"], "acknowledged");
    assert_eq!(ack["state"]["status"], "acknowledged");
    assert_eq!(ack["state"]["ack_timeout_at"], "2026-03-09T10:33:00Z");
    // The acknowledgement cancelled the SMS; the timeout re-triggers at the level.
    assert!(call(&mut *h, "due", json!({"now": "2026-03-09T10:32:00Z"}))
        .unwrap()
        .as_array()
        .unwrap()
        .is_empty());
    let again = call(&mut *h, "due", json!({"now": "2026-03-09T10:33:00Z"})).unwrap();
    assert_eq!(again[0]["cause"], "ack_timeout");
    let outside = call(&mut *h, "due", json!({"now": "2026-03-12T10:00:00Z"})).unwrap_err();
    assert_eq!(outside.code(), "outside_window");
}

/// The handle keeps its calls (for its state) up to twice the event limit; the call after that
/// is refused before it changes anything, and a `due` right after a `due` is not a new call.
#[test]
fn the_escalation_handle_refuses_calls_past_its_bound_and_changes_nothing() {
    let limit = 2 * watchstander::escalation::MAX_EVENTS;
    let mut h = handle("escalation.LiveEscalation", &escalation_input());
    let ack = json!({"event": {"kind": "acknowledged", "at": "2026-03-09T10:12:00Z", "by": "bob"}});
    for k in 0..limit - 1 {
        call(&mut *h, "apply", ack.clone()).unwrap_or_else(|e| panic!("call {k}: {e}"));
    }
    let calls = |h: &dyn ops::AnyHandle| state(h)["calls"].as_array().unwrap().len();
    assert_eq!(calls(&*h), limit - 1);
    // The last call there is room for: the acknowledgement times out at 10:42.
    let sent = call(&mut *h, "due", json!({"now": "2026-03-09T10:41:00Z"})).unwrap();
    assert!(
        sent.as_array()
            .unwrap()
            .iter()
            .all(|n| n["cause"] != "ack_timeout"),
        "{sent}"
    );
    assert_eq!(calls(&*h), limit);
    let status = call(&mut *h, "status", json!({})).unwrap();
    let steps = call(&mut *h, "steps", json!({})).unwrap();
    let e = call(&mut *h, "apply", ack.clone()).unwrap_err();
    assert_eq!(e.code(), "limit_exceeded", "{e}");
    assert_eq!(e.details()["max"], json!(limit));
    assert_eq!(e.details()["count"], json!(limit + 1));
    assert_eq!(call(&mut *h, "status", json!({})).unwrap(), status);
    assert_eq!(call(&mut *h, "steps", json!({})).unwrap(), steps);
    // A due after a due merges, so the timeout still fires and its notification is handed out.
    let sent = call(&mut *h, "due", json!({"now": "2026-03-09T10:42:00Z"})).unwrap();
    assert_eq!(sent[0]["cause"], "ack_timeout", "{sent}");
    assert_eq!(calls(&*h), limit);
    let e = call(&mut *h, "apply", ack).unwrap_err();
    assert_eq!(e.code(), "limit_exceeded");
    // A state at the bound restores; one past it is refused.
    let name = "escalation.LiveEscalation";
    let mut saved = state(&*h);
    let back = restore_state(name, &saved).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(calls(&*back), limit);
    saved["calls"]
        .as_array_mut()
        .unwrap()
        .insert(0, json!({"due": "2026-03-09T10:00:00Z"}));
    let e = restore_state(name, &saved).err().unwrap();
    assert_eq!(e.code(), "limit_exceeded");
    assert_eq!(e.details()["count"], json!(limit + 1));
    assert_eq!(e.details()["max"], json!(limit));
}

/// A batch is ingested as its alerts one by one would be; a refused alert is listed by its
/// position and the rest go on.
#[test]
fn the_pipeline_handle_ingests_a_batch_as_alerts_one_by_one() {
    let (config, records) = storm();
    let alerts: Vec<Value> = records
        .iter()
        .filter(|r| r.get("alert").is_some())
        .map(|r| json!({"alert": r["alert"], "now": r["at"]}))
        .collect();
    // An alert older than the one before it is refused.
    let mut batch = alerts.clone();
    let late = json!({"alert": {"labels": {"alertname": "Late"}}, "now": "2026-11-26T09:00:00Z"});
    batch.insert(4, late.clone());
    let mut one = handle("alert.Pipeline", &json!({"config": config}));
    let mut expected = Vec::new();
    for (k, a) in batch.iter().enumerate() {
        match call(&mut *one, "ingest", a.clone()) {
            Ok(out) => expected.extend(out.as_array().unwrap().iter().cloned()),
            Err(e) => {
                assert_eq!(k, 4);
                assert_eq!(e.code(), "alert_clock_regression");
            }
        }
    }
    assert!(expected.iter().any(|a| a["kind"] == "suppress"));
    let mut many = handle("alert.Pipeline", &json!({"config": config}));
    let out = call(&mut *many, "ingest_many", json!({"alerts": batch})).unwrap();
    assert_eq!(out["actions"], Value::Array(expected));
    assert_eq!(
        out["errors"].as_array().unwrap().len(),
        1,
        "{}",
        out["errors"]
    );
    assert_eq!(out["errors"][0]["index"], 4);
    assert_eq!(out["errors"][0]["code"], "alert_clock_regression");
    assert!(
        out["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("09:00"),
        "{}",
        out["errors"]
    );
    let t = "2026-11-26T10:30:00Z";
    assert_eq!(
        call(&mut *many, "tick", json!({"now": t})).unwrap(),
        call(&mut *one, "tick", json!({"now": t})).unwrap()
    );
    assert_eq!(
        call(&mut *many, "stats", json!({})).unwrap(),
        call(&mut *one, "stats", json!({})).unwrap()
    );
}

#[test]
fn the_pipeline_handle_holds_the_silences_it_is_given() {
    let (config, _) = storm();
    let mut h = handle("alert.Pipeline", &json!({"config": config}));
    assert_eq!(call(&mut *h, "silences", json!({})).unwrap(), json!([]));
    let quiet = json!({"id": "quiet", "matchers": ["pod=p1"],
        "starts_at": "2026-11-26T10:05:00Z", "ends_at": "2026-11-26T11:00:00Z"});
    let out = call(
        &mut *h,
        "add_silence",
        json!({"silence": quiet, "now": "2026-11-26T10:00:00Z"}),
    )
    .unwrap();
    assert_eq!(out, json!([]));
    let s = call(&mut *h, "silences", json!({})).unwrap();
    assert_eq!(s[0]["id"], "quiet");
    assert_eq!(s[0]["state"], "pending", "{s}");
    assert_eq!(call(&mut *h, "counts", json!({})).unwrap()["silences"], 1);
    call(&mut *h, "tick", json!({"now": "2026-11-26T10:06:00Z"})).unwrap();
    assert_eq!(
        call(&mut *h, "silences", json!({})).unwrap()[0]["state"],
        "active"
    );
    // A silenced alert is muted at its flush.
    call(&mut *h, "ingest", json!({"alert": {"labels": {"alertname": "HighLatency", "pod": "p1"}}, "now": "2026-11-26T10:07:00Z"})).unwrap();
    let flush = call(&mut *h, "tick", json!({"now": "2026-11-26T10:08:00Z"})).unwrap();
    assert!(
        flush
            .as_array()
            .unwrap()
            .iter()
            .all(|a| a["kind"] != "notify"),
        "{flush}"
    );
    assert_eq!(
        call(&mut *h, "stats", json!({})).unwrap()["by_silence"]["quiet"],
        1
    );
    call(
        &mut *h,
        "expire_silence",
        json!({"id": "quiet", "now": "2026-11-26T10:09:00Z"}),
    )
    .unwrap();
    assert_eq!(
        call(&mut *h, "silences", json!({})).unwrap()[0]["state"],
        "expired"
    );
    // A CI run still in progress carries no alert, but time still moves: the timers due fire.
    call(
        &mut *h,
        "ingest",
        json!({"alert": {"labels": {"alertname": "CheckoutDown"}}, "now": "2026-11-26T10:10:00Z"}),
    )
    .unwrap();
    let running = json!({"workflow_run": {"id": 2, "name": "CI", "head_branch": "main",
        "status": "in_progress"}, "repository": {"full_name": "acme/shop"}});
    let out = call(
        &mut *h,
        "ingest_payload",
        json!({"source": "cicd", "payload": running, "now": "2026-11-26T10:11:00Z"}),
    )
    .unwrap();
    assert!(
        out.as_array()
            .unwrap()
            .iter()
            .any(|a| a["kind"] == "notify"),
        "{out}"
    );
}

/// The handle works over `horizon` from the incident's creation (1 minute to 31 days): its
/// last instant is still inside, the next second is not.
#[test]
fn the_escalation_handle_answers_up_to_the_end_of_its_horizon() {
    let with = |horizon: &str| {
        let mut input = escalation_input();
        input["horizon"] = json!(horizon);
        ops::handle_type("escalation.LiveEscalation")
            .unwrap()
            .create(&mut <dyn erased_serde::Deserializer>::erase(&input))
    };
    let mut h = with("PT2H").unwrap_or_else(|e| panic!("{e}"));
    let ack = json!({"event": {"kind": "acknowledged", "at": "2026-03-09T12:00:00Z", "by": "bob"}});
    call(&mut *h, "apply", ack).unwrap();
    call(&mut *h, "due", json!({"now": "2026-03-09T12:00:00Z"})).unwrap();
    let e = call(&mut *h, "due", json!({"now": "2026-03-09T12:00:01Z"})).unwrap_err();
    assert_eq!(e.code(), "outside_window");
    for ok in ["PT1M", "P31D"] {
        assert!(with(ok).is_ok(), "{ok}");
    }
    for bad in ["PT59S", "P31DT1S"] {
        let e = with(bad).err().unwrap_or_else(|| panic!("{bad} was taken"));
        assert_eq!(e.code(), "invalid_bound", "{bad}: {e}");
        assert!(
            e.to_string().contains("it must be 1 minute to 31 days"),
            "{e}"
        );
    }
}

/// What the run found wrong on the way (here: the notification limit cut it short) is kept
/// and listed.
#[test]
fn the_escalation_handle_lists_the_problems_it_met() {
    let mut input = escalation_input();
    input["max_notifications"] = json!(1);
    let mut h = handle("escalation.LiveEscalation", &input);
    call(&mut *h, "due", json!({"now": "2026-03-09T10:10:00Z"})).unwrap();
    let problems = call(&mut *h, "problems", json!({})).unwrap();
    input["until"] = json!("2026-03-09T10:10:00Z");
    let sim = ops::call("escalation.simulate", &input).unwrap();
    assert_eq!(problems, sim["problems"]);
    assert_eq!(problems[0]["kind"], "truncated", "{problems}");
}
