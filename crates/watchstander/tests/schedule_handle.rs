//! The `schedule.CompiledSchedule` handle answers every question as the one-shot `schedule.*`
//! operation does over the same window: its methods read one compiled timeline instead of
//! compiling again, and must not change the answer.

use serde_json::{json, Value};
use watchstander::ops;

mod handles_common;
use handles_common::{call, handle, ok, restore_state, state};

// Both edges fall on a weekday night, when nobody is on call: no shift is cut by them, so the
// handle's answers are the operation's even where the operation exports whole shifts.
const FROM: &str = "2026-03-03T03:00:00Z";
const TO: &str = "2026-03-24T02:00:00Z";

/// Three people by day in New York, nobody on weekday nights, one person all weekend (a DST
/// change on Sunday 8 March), an override, a shadow layer on weekdays and a trainee shadowing
/// one responder.
fn schedule() -> Value {
    json!({
        "id": "web", "zone": "America/New_York",
        "layers": [
            {"id": "primary", "restrictions": [{"start": "08:00", "end": "20:00"}],
             "rotation": {"members": ["ana", "ben", "cy"], "anchor": "2026-03-02T09:00",
                          "handoff": {"every": 1, "unit": "days", "at": "09:00"}}},
            {"id": "weekend",
             "restrictions": [{"start_day": "sat", "start": "00:00", "end_day": "mon", "end": "00:00"}],
             "rotation": {"members": ["wes"], "anchor": "2026-03-02T00:00",
                          "handoff": {"every": 1, "unit": "weeks", "at": "00:00"}}},
            {"id": "listeners", "shadow": true,
             "restrictions": [{"days": ["mon", "tue", "wed", "thu", "fri"], "start": "08:00", "end": "20:00"}],
             "rotation": {"members": ["lee", "mo"], "anchor": "2026-03-02T09:00",
                          "handoff": {"every": 1, "unit": "weeks", "at": "09:00"}}}
        ],
        "overrides": [{"id": "ov-1", "kind": "replace", "person": "dee",
                       "start": "2026-03-10T13:00:00Z", "end": "2026-03-10T17:00:00Z",
                       "created_at": "2026-03-01T00:00:00Z"}],
        "shadows": [{"person": "tia", "shadows": "ben"}]
    })
}

fn compiled() -> Box<dyn ops::AnyHandle> {
    let input = json!({"schedule": schedule(), "from": FROM, "to": TO});
    handle("schedule.CompiledSchedule", &input)
}

/// The one-shot operation over the handle's window, with `extra` fields added.
fn op(name: &str, extra: Value) -> Value {
    let mut input = json!({"schedule": schedule(), "from": FROM, "to": TO});
    input
        .as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    ops::call(name, &input).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn window() -> Value {
    json!({"start": FROM, "end": TO})
}

/// Instants every 97 minutes over the window: day and night, both sides of the DST change.
fn instants() -> Vec<Value> {
    let start = chrono::DateTime::parse_from_rfc3339(FROM).unwrap();
    (0..300)
        .map(|k| json!((start + chrono::Duration::minutes(97 * k)).to_rfc3339()))
        .collect()
}

#[test]
fn who_is_on_call_is_the_operations_answer_in_every_form() {
    let mut h = compiled();
    let at = instants();
    let expected = ops::call(
        "schedule.oncall_many",
        &json!({"schedule": schedule(), "at": at, "window": window()}),
    )
    .unwrap()["on_call"]
        .clone();
    let expected = expected.as_array().unwrap();
    assert!(expected.iter().any(|w| w.as_array().unwrap().is_empty()));
    assert!(expected.iter().any(|w| w == &json!(["dee"])));
    assert_eq!(
        &ok(&mut *h, "oncall_many", json!({"at": at})),
        &json!(expected)
    );
    let cols = ok(&mut *h, "oncall_many_columns", json!({"at": at}));
    let offsets = cols["offsets"].as_array().unwrap();
    assert_eq!(offsets.len(), at.len() + 1);
    assert_eq!(offsets[0], json!(0));
    for (i, (t, want)) in at.iter().zip(expected).enumerate() {
        assert_eq!(&ok(&mut *h, "responders", json!({"at": t})), want, "{t}");
        let (a, b) = (
            offsets[i].as_u64().unwrap(),
            offsets[i + 1].as_u64().unwrap(),
        );
        let got: Vec<Value> = (a..b)
            .map(|j| cols["people"][cols["person"][j as usize].as_u64().unwrap() as usize].clone())
            .collect();
        assert_eq!(&json!(got), want, "{t}");
    }
    for t in [
        "2026-03-10T14:00:00Z",
        "2026-03-08T13:00:00Z",
        "2026-03-09T03:00:00Z",
    ] {
        let one = ops::call(
            "schedule.oncall",
            &json!({"schedule": schedule(), "at": t, "window": window()}),
        )
        .unwrap();
        assert_eq!(ok(&mut *h, "oncall", json!({"at": t})), one, "{t}");
    }
    let e = call(&mut *h, "responders", json!({"at": "2026-04-01T00:00:00Z"})).unwrap_err();
    assert_eq!(e.code(), "outside_window");
    let e = call(
        &mut *h,
        "oncall_many",
        json!({"at": [FROM, "2026-04-01T00:00:00Z"]}),
    )
    .unwrap_err();
    assert_eq!(e.code(), "outside_window");
    let e = call(
        &mut *h,
        "oncall_many_columns",
        json!({"at": ["2026-04-01T00:00:00Z"]}),
    )
    .unwrap_err();
    assert_eq!(e.code(), "outside_window");
}

#[test]
fn the_window_and_the_people_are_the_compiled_ones() {
    let mut h = compiled();
    assert_eq!(ok(&mut *h, "window", json!({})), window());
    let people = ok(&mut *h, "people", json!({}));
    assert_eq!(
        people,
        json!(["ana", "ben", "cy", "dee", "lee", "mo", "tia", "wes"])
    );
}

#[test]
fn brief_shifts_and_columns_are_the_operations_shifts() {
    let mut h = compiled();
    let full = op("schedule.shifts", json!({"include_shadows": true}));
    let brief = ok(&mut *h, "shifts", json!({}));
    let brief = brief.as_array().unwrap();
    let shifts = full["shifts"].as_array().unwrap();
    assert_eq!(brief.len(), shifts.len());
    let cols = ok(&mut *h, "shift_columns", json!({}));
    assert_eq!(cols["layers"], json!(["primary", "weekend", "listeners"]));
    for (k, (b, f)) in brief.iter().zip(shifts).enumerate() {
        assert_eq!(b["index"], json!(k));
        for field in ["person", "start", "end"] {
            assert_eq!(b[field], f[field], "{k} {field}");
        }
        assert_eq!(
            b["layer"],
            f.get("layer").cloned().unwrap_or(Value::Null),
            "{k}"
        );
        assert_eq!(
            cols["people"][cols["person"][k].as_u64().unwrap() as usize],
            b["person"]
        );
        let unix = |v: &Value| {
            chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap())
                .unwrap()
                .timestamp()
        };
        assert_eq!(cols["start"][k], json!(unix(&b["start"])));
        assert_eq!(cols["end"][k], json!(unix(&b["end"])));
        let layer = match b["layer"].as_str() {
            Some("primary") => 0,
            Some("weekend") => 1,
            Some(other) => panic!("{other}"),
            None => -1,
        };
        assert_eq!(cols["layer"][k], json!(layer), "{k}");
        assert_eq!(ok(&mut *h, "explain", json!({"index": k})), *f, "{k}");
    }
    assert!(brief
        .iter()
        .any(|b| b["person"] == "dee" && b["layer"].is_null()));

    // Shadows: the shadow layer's turns and the trainee.
    let shadows = full["shadow_shifts"].as_array().unwrap();
    let brief_shadows = ok(&mut *h, "shifts", json!({"shadows": true}));
    assert_eq!(brief_shadows.as_array().unwrap().len(), shadows.len());
    assert!(shadows.iter().any(|s| s["person"] == "tia"));
    assert!(shadows.iter().any(|s| s["person"] == "lee"));
    let shadow_cols = ok(&mut *h, "shift_columns", json!({"shadows": true}));
    assert_eq!(
        shadow_cols["start"].as_array().unwrap().len(),
        shadows.len()
    );
    for (k, s) in shadows.iter().enumerate() {
        assert_eq!(brief_shadows[k]["person"], s["person"]);
        assert_eq!(
            ok(&mut *h, "explain", json!({"index": k, "shadow": true})),
            *s
        );
    }
    let e = call(
        &mut *h,
        "explain",
        json!({"index": shadows.len(), "shadow": true}),
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "there is no shadow shift {0} (the window has {0})",
            shadows.len()
        )
    );
    let e = call(&mut *h, "explain", json!({"index": shifts.len()})).unwrap_err();
    assert_eq!(e.code(), "invalid_input");
    assert_eq!(
        e.to_string(),
        format!("there is no shift {0} (the window has {0})", shifts.len())
    );
}

#[test]
fn brief_shifts_filter_by_window_and_person_as_the_operation_does() {
    let mut h = compiled();
    let (from, to) = ("2026-03-09T12:00:00Z", "2026-03-11T00:00:00Z");
    let part = ops::call(
        "schedule.shifts",
        &json!({"schedule": schedule(), "from": FROM, "to": TO}),
    )
    .unwrap();
    let overlapping: Vec<Value> = part["shifts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["end"].as_str().unwrap() > from && s["start"].as_str().unwrap() < to)
        .map(|s| json!([s["person"], s["start"], s["end"]]))
        .collect();
    let brief = ok(&mut *h, "shifts", json!({"from": from, "to": to}));
    let got: Vec<Value> = brief
        .as_array()
        .unwrap()
        .iter()
        .map(|s| json!([s["person"], s["start"], s["end"]]))
        .collect();
    assert_eq!(got, overlapping);
    assert!(got.len() >= 3);

    let ben = ok(&mut *h, "shifts", json!({"person": "ben"}));
    let expected = op("schedule.shifts", json!({"person": "ben"}));
    assert_eq!(
        ben.as_array().unwrap().len(),
        expected["shifts"].as_array().unwrap().len()
    );
    assert!(ben.as_array().unwrap().iter().all(|s| s["person"] == "ben"));
    assert!(!ben.as_array().unwrap().is_empty());
    assert_eq!(
        ok(&mut *h, "shifts", json!({"person": "nobody"})),
        json!([])
    );
    let e = call(&mut *h, "shifts", json!({"from": to, "to": from})).unwrap_err();
    assert_eq!(e.code(), "empty_interval");
}

#[test]
fn explained_shifts_are_the_operations_shifts() {
    let mut h = compiled();
    for extra in [
        json!({}),
        json!({"include_shadows": true}),
        json!({"person": "ben"}),
        json!({"layer": "primary"}),
    ] {
        let mut input = json!({"schedule": schedule(), "from": FROM, "to": TO});
        input
            .as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        let expected = ops::call("schedule.shifts", &input).unwrap();
        assert_eq!(
            ok(&mut *h, "explained_shifts", extra.clone()),
            expected,
            "{extra}"
        );
    }
    // Over part of the window: the compiled shifts that overlap it, not cut at its edges.
    let (from, to) = ("2026-03-05T00:00:00Z", "2026-03-12T00:00:00Z");
    let all = op("schedule.shifts", json!({"layer": "primary"}));
    let overlapping: Vec<&Value> = all["shifts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["end"].as_str().unwrap() > from && s["start"].as_str().unwrap() < to)
        .collect();
    let part = ok(
        &mut *h,
        "explained_shifts",
        json!({"layer": "primary", "from": from, "to": to}),
    );
    assert_eq!(part["shifts"], json!(overlapping));
    assert_eq!(part["shifts"][0]["start"], "2026-03-04T14:00:00Z");
    let e = call(&mut *h, "explained_shifts", json!({"layer": "nope"})).unwrap_err();
    let expected = ops::call(
        "schedule.shifts",
        &json!({"schedule": schedule(), "from": FROM, "to": TO, "layer": "nope"}),
    )
    .unwrap_err();
    assert_eq!(e.code(), expected.code());
}

#[test]
fn handoffs_gaps_and_dst_are_the_operations_answers() {
    let mut h = compiled();
    let all = op("schedule.handoffs", json!({}));
    assert_eq!(ok(&mut *h, "handoffs", json!({})), all["handoffs"]);
    let (from, to) = ("2026-03-07T00:00:00Z", "2026-03-10T00:00:00Z");
    let part = ops::call(
        "schedule.handoffs",
        &json!({"schedule": schedule(), "from": from, "to": to}),
    )
    .unwrap();
    assert_eq!(
        ok(&mut *h, "handoffs", json!({"from": from, "to": to})),
        part["handoffs"]
    );
    let list = all["handoffs"].as_array().unwrap();
    let after = "2026-03-09T12:00:00Z";
    let later: Vec<&Value> = list
        .iter()
        .filter(|x| x["at"].as_str().unwrap() > after)
        .collect();
    assert_eq!(
        ok(&mut *h, "next_handoffs", json!({"after": after})),
        json!(later[..1])
    );
    assert_eq!(
        ok(
            &mut *h,
            "next_handoffs",
            json!({"after": after, "count": 4})
        ),
        json!(later[..4])
    );
    assert_eq!(
        ok(&mut *h, "gaps", json!({})),
        op("schedule.gaps", json!({}))
    );
    let gaps = ok(&mut *h, "gaps", json!({"from": from, "to": to}));
    let expected = ops::call(
        "schedule.gaps",
        &json!({"schedule": schedule(), "from": from, "to": to}),
    )
    .unwrap();
    assert_eq!(gaps, expected);
    assert!(gaps["coverage"].as_f64().unwrap() < 1.0);
    let dst = ok(&mut *h, "dst", json!({}));
    assert_eq!(dst, op("schedule.dst", json!({})));
    assert!(!dst["shifts"].as_array().unwrap().is_empty(), "{dst}");
    let quiet = ok(&mut *h, "dst", json!({"from": "2026-03-15T00:00:00Z"}));
    assert!(quiet["shifts"].as_array().unwrap().is_empty(), "{quiet}");
}

#[test]
fn totals_fairness_reports_and_calendars_are_the_operations_answers() {
    let mut h = compiled();
    let settings = json!({"weights": {"night": 2.0, "weekend": 1.5, "holiday": 3.0},
                          "night": "21:00-06:00", "opening_balance": {"ana": 12.5},
                          "people": ["ana", "ben", "dee"]});
    for extra in [json!({}), settings.clone()] {
        let totals = ok(&mut *h, "totals", extra.clone());
        assert_eq!(
            totals,
            op("schedule.totals", extra.clone())["totals"],
            "{extra}"
        );
        let fair = ok(&mut *h, "fairness", extra.clone());
        assert_eq!(fair, op("schedule.fairness", extra.clone()), "{extra}");
    }
    let part = json!({"from": "2026-03-09T00:00:00Z", "to": "2026-03-12T00:00:00Z"});
    let mut input = json!({"schedule": schedule()});
    input
        .as_object_mut()
        .unwrap()
        .extend(part.as_object().unwrap().clone());
    let totals = ops::call("schedule.totals", &input).unwrap();
    assert_eq!(ok(&mut *h, "totals", part), totals["totals"]);

    let at = "2026-03-10T12:00:00Z";
    let incidents = json!([{"id": "INC-1", "at": "2026-03-10T11:00:00Z", "title": "5xx"}]);
    let report = ops::call(
        "schedule.handoff_report",
        &json!({"schedule": schedule(), "at": at, "incidents": incidents, "window": window()}),
    )
    .unwrap();
    assert_eq!(
        ok(
            &mut *h,
            "handoff_report",
            json!({"at": at, "incidents": incidents})
        ),
        report
    );

    let now = "2026-02-27T00:00:00Z";
    for extra in [
        json!({}),
        json!({"person": "ben", "times": "zoned", "alarm_minutes": 15}),
        json!({"times": "zoned", "zone": "Europe/London", "include_shadows": true,
               "include_gaps": true, "from": "2026-03-07T00:00:00Z", "to": "2026-03-10T00:00:00Z"}),
    ] {
        let mut args = json!({"now": now});
        args.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        let got = ok(&mut *h, "ical", args.clone());
        assert_eq!(got, op("schedule.ical", args), "{extra}");
        assert!(!got["events"].as_array().unwrap().is_empty(), "{extra}");
    }
    assert_eq!(
        ok(&mut *h, "summary", json!({})),
        op("schedule.compile", json!({}))
    );
}

#[test]
fn rewindow_moves_the_timeline_and_a_refused_window_keeps_the_old_one() {
    let mut h = compiled();
    let later = "2026-04-02T15:00:00Z";
    assert_eq!(
        call(&mut *h, "responders", json!({"at": later}))
            .unwrap_err()
            .code(),
        "outside_window"
    );
    let bad = call(&mut *h, "rewindow", json!({"from": TO, "to": FROM})).unwrap_err();
    assert_eq!(bad.code(), "empty_interval");
    assert_eq!(ok(&mut *h, "window", json!({})), window());
    let next = json!({"start": TO, "end": "2026-04-22T00:00:00Z"});
    assert_eq!(
        ok(
            &mut *h,
            "rewindow",
            json!({"from": next["start"], "to": next["end"]})
        ),
        next
    );
    assert_eq!(ok(&mut *h, "window", json!({})), next);
    let expected = ops::call(
        "schedule.oncall_many",
        &json!({"schedule": schedule(), "at": [later], "window": next}),
    )
    .unwrap();
    assert_eq!(
        ok(&mut *h, "responders", json!({"at": later})),
        expected["on_call"][0]
    );
    assert_eq!(expected["on_call"][0].as_array().unwrap().len(), 1);

    // Its state is the schedule and the new window.
    let saved = state(&*h);
    assert_eq!(saved["from"], next["start"]);
    assert_eq!(saved["to"], next["end"]);
    let mut back = restore_state(h.type_name(), &saved).unwrap();
    assert_eq!(ok(&mut *back, "window", json!({})), next);
    assert_eq!(
        ok(&mut *back, "responders", json!({"at": later})),
        expected["on_call"][0]
    );
}
