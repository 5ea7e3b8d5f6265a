//! The adversarial inputs: the reproducers of the hardening issue and their kin, each at or
//! just past a documented limit of `docs/limits.md`.

use serde_json::{json, Value};

/// One benchmark case: an operation, its JSON input and what it must give.
pub struct Case {
    /// What the case is.
    pub name: &'static str,
    /// The operation.
    pub op: &'static str,
    /// Builds the input (not timed).
    pub input: fn() -> Value,
    /// The error code it must give, or `None` for an answer.
    pub error: Option<&'static str>,
}

const T0: &str = "2026-01-01T00:00:00Z";
const THREE_YEARS: &str = "2029-01-01T00:00:00Z"; // 1 096 days after T0

fn rotation(id: &str, members: Vec<String>, unit: &str, combine: &str) -> Value {
    json!({"id": id, "combine": combine, "rotation": {
        "members": members, "anchor": "2026-01-01T00:00", "handoff": {"every": 1, "unit": unit}}})
}

fn schedule(layers: Vec<Value>) -> Value {
    json!({"id": "s", "zone": "UTC", "layers": layers})
}

fn abc() -> Vec<String> {
    ["a", "b", "c"].iter().map(|s| s.to_string()).collect()
}

fn instant(secs: i64) -> String {
    // Seconds after 2026-01-01T00:00:00Z, RFC 3339, without a time library.
    let base = 1_767_225_600i64; // 2026-01-01T00:00:00Z
    let t = base + secs;
    let days = t.div_euclid(86_400);
    let rem = t.rem_euclid(86_400);
    // Civil from days (H. Hinnant).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

fn by(n: u32) -> String {
    (0..n).map(|i| i.to_string()).collect::<Vec<_>>().join(",")
}

fn calendar(holidays: Vec<Value>) -> Value {
    json!({"zone": "Europe/London", "hours": {
        "mon": ["09:00-17:00"], "tue": ["09:00-17:00"], "wed": ["09:00-17:00"],
        "thu": ["09:00-17:00"], "fri": ["09:00-17:00"]}, "holidays": holidays})
}

fn events(n: usize) -> Vec<Value> {
    let mut out = vec![json!({"id": "0", "incident": "INC-1", "kind": "detected",
        "title": "Checkout errors", "severity": "SEV-2", "occurred_at": T0,
        "recorded_at": T0, "actor": "alertmanager"})];
    for i in 1..n {
        let at = instant(i as i64);
        out.push(
            json!({"id": i.to_string(), "incident": "INC-1", "kind": "note",
            "text": format!("note {i}"), "occurred_at": at, "recorded_at": at, "actor": "bob"}),
        );
    }
    out
}

/// Every case, in the order of the issue.
pub fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "member id of 100 000 characters, hourly, 3 years (issue: > 11 GB, abort)",
            op: "schedule.shifts",
            input: || {
                let long = "m".repeat(100_000);
                json!({"schedule": schedule(vec![rotation("l", vec![long, "b".into()], "hours", "precedence")]),
                    "from": T0, "to": THREE_YEARS})
            },
            error: Some("invalid_id"),
        },
        Case {
            name: "member ids of 200 characters (the limit), hourly, 3 years: 26 304 shifts",
            op: "schedule.shifts",
            input: || {
                let members = vec!["m".repeat(200), "n".repeat(200)];
                json!({"schedule": schedule(vec![rotation("l", members, "hours", "precedence")]),
                    "from": T0, "to": THREE_YEARS})
            },
            error: None,
        },
        Case {
            name: "DAILY;COUNT=4294967295 × 86 400 BY* instants from 1900, one day of 2026, limit 1 (issue: > 60 s)",
            op: "time.recurrence",
            input: || {
                json!({"rrule": format!("DTSTART:19000101T000000Z\nRRULE:FREQ=DAILY;COUNT=4294967295;BYHOUR={};BYMINUTE={};BYSECOND={}", by(24), by(60), by(60)),
                    "start": "2026-05-01T00:00:00Z", "end": "2026-05-02T00:00:00Z", "limit": 1})
            },
            error: Some("out_of_range"),
        },
        Case {
            name: "SECONDLY from 1900, one day of 2026, 65 535 occurrences (MAX_OCCURRENCES)",
            op: "time.recurrence",
            input: || {
                json!({"rrule": "DTSTART:19000101T000000Z\nRRULE:FREQ=SECONDLY",
                    "start": "2026-05-01T00:00:00Z", "end": "2026-05-02T00:00:00Z", "limit": 65_535})
            },
            error: None,
        },
        Case {
            name: "SECONDLY;BYHOUR=3 over 40 days, limit 65 535: 1.5 M candidates (MAX_CANDIDATES is 2 M)",
            op: "time.recurrence",
            input: || {
                json!({"rrule": "DTSTART:20260101T000000Z\nRRULE:FREQ=SECONDLY;BYHOUR=3",
                    "start": "2026-01-01T00:00:00Z", "end": "2026-02-10T00:00:00Z", "limit": 65_535})
            },
            error: None,
        },
        Case {
            name: "holiday FREQ=HOURLY;COUNT=4000000000 from 1900, business_between (issue: 88 s)",
            op: "time.business_between",
            input: || {
                json!({"calendar": calendar(vec![json!({"rrule": "FREQ=HOURLY;COUNT=4000000000", "start": "1900-01-01"})]),
                    "start": "2026-05-01T00:00:00Z", "end": "2026-05-20T00:00:00Z"})
            },
            error: Some("invalid_rrule"),
        },
        Case {
            name: "holiday FREQ=DAILY;INTERVAL=7;COUNT=4000000000 from 1900, business_between over 100 years",
            op: "time.business_between",
            input: || {
                json!({"calendar": calendar(vec![json!({"rrule": "FREQ=DAILY;INTERVAL=7;COUNT=4000000000", "start": "1900-01-01"})]),
                    "start": "1950-01-01T00:00:00Z", "end": "2049-12-31T00:00:00Z"})
            },
            error: None,
        },
        Case {
            name: "1 000 yearly holiday rules (MAX_HOLIDAYS), business_between over 10 years (issue: 10 000 took 34 s)",
            op: "time.business_between",
            input: || {
                let holidays: Vec<Value> = (0..1_000)
                    .map(|i| json!({"rrule": format!("FREQ=YEARLY;BYMONTH={};BYMONTHDAY={}", i % 12 + 1, i % 28 + 1), "start": format!("{}-01-01", 1970 + i % 50)}))
                    .collect();
                json!({"calendar": calendar(holidays), "start": T0, "end": "2036-01-01T00:00:00Z"})
            },
            error: None,
        },
        Case {
            name: "1 000 yearly holiday rules (MAX_HOLIDAYS), business_add P2000D",
            op: "time.business_add",
            input: || {
                let holidays: Vec<Value> = (0..1_000)
                    .map(|i| json!({"rrule": format!("FREQ=YEARLY;BYMONTH={};BYMONTHDAY={}", i % 12 + 1, i % 28 + 1)}))
                    .collect();
                json!({"calendar": calendar(holidays), "start": T0, "duration": "P2000D"})
            },
            error: None,
        },
        Case {
            name: "handoff RRULE HOURLY;COUNT=4000000000 from 1900 (issue: 23 s before anchor_too_far)",
            op: "schedule.shifts",
            input: || {
                json!({"schedule": {"id": "s", "zone": "UTC", "layers": [{"id": "l", "rotation": {
                    "members": ["a", "b"], "handoff": {"rrule": "DTSTART:19000101T000000Z\nRRULE:FREQ=HOURLY;COUNT=4000000000"}}}]},
                    "from": T0, "to": "2026-01-02T00:00:00Z"})
            },
            error: Some("anchor_too_far"),
        },
        Case {
            name: "100 000 nested replace overrides, oncall at the centre (issue: 85-133 s)",
            op: "schedule.oncall",
            input: || {
                let mid = 45 * 86_400i64;
                let overrides: Vec<Value> = (0..100_000i64)
                    .map(|i| {
                        let r = 30 * (i + 1);
                        json!({"id": format!("o{i}"), "kind": "replace", "person": format!("p{}", i % 7),
                            "start": instant(mid - r), "end": instant(mid + r), "created_at": instant(i)})
                    })
                    .collect();
                let mut s = schedule(vec![rotation("l", vec!["a".into(), "b".into()], "days", "precedence")]);
                s["overrides"] = Value::Array(overrides);
                json!({"schedule": s, "at": instant(mid), "window": {"start": T0, "end": instant(90 * 86_400)}})
            },
            error: None,
        },
        Case {
            name: "100 000 add overrides over 3 years, shifts (issue: > 600 s)",
            op: "schedule.shifts",
            input: || {
                let span = 1096 * 86_400i64;
                let overrides: Vec<Value> = (0..100_000i64)
                    .map(|i| {
                        let s = (i * 947) % (span - 3600);
                        json!({"id": format!("o{i}"), "kind": "add", "person": format!("q{i}"),
                            "start": instant(s), "end": instant(s + 3600), "created_at": instant(i)})
                    })
                    .collect();
                let mut s = schedule(vec![rotation("l", vec!["a".into(), "b".into()], "days", "precedence")]);
                s["overrides"] = Value::Array(overrides);
                json!({"schedule": s, "from": T0, "to": THREE_YEARS})
            },
            error: None,
        },
        Case {
            name: "100 000 add overrides of one person over the whole window: MAX_OVERRIDE_STEPS",
            op: "schedule.gaps",
            input: || {
                let overrides: Vec<Value> = (0..100_000i64)
                    .map(|i| json!({"id": format!("o{i}"), "kind": "add", "person": "x", "start": T0, "end": THREE_YEARS}))
                    .collect();
                let mut s = schedule(vec![rotation("l", vec!["a".into(), "b".into()], "hours", "precedence")]);
                s["overrides"] = Value::Array(overrides);
                json!({"schedule": s, "from": T0, "to": THREE_YEARS})
            },
            error: Some("limit_exceeded"),
        },
        Case {
            name: "10 000 covers (MAX_SWAPS) of an hourly rotation, 3 years, totals (issue: 11.5 s)",
            op: "schedule.totals",
            input: || {
                let swaps: Vec<Value> = (0..10_000u64)
                    .map(|i| json!({"id": format!("c{i}"), "kind": "cover", "layer": "l", "turn": 2 * i,
                        "from": (["a", "b", "c"][(2 * i % 3) as usize]), "to": "z"}))
                    .collect();
                let mut s = schedule(vec![rotation("l", abc(), "hours", "precedence")]);
                s["swaps"] = Value::Array(swaps);
                json!({"schedule": s, "from": T0, "to": THREE_YEARS})
            },
            error: None,
        },
        Case {
            name: "100 union layers × 1 000 members, hourly, 1 096 days (issue: 18 s, 2.9 GB)",
            op: "schedule.gaps",
            input: || {
                let layers = (0..100)
                    .map(|l| rotation(&format!("l{l}"), (0..1000).map(|m| format!("m{l}-{m}")).collect(), "hours", "union"))
                    .collect();
                json!({"schedule": schedule(layers), "from": T0, "to": THREE_YEARS})
            },
            error: Some("limit_exceeded"),
        },
        Case {
            name: "38 union layers × 1 000 members, hourly, 1 096 days: 999 552 pieces (just inside MAX_PIECES)",
            op: "schedule.gaps",
            input: || {
                let layers = (0..38)
                    .map(|l| rotation(&format!("l{l}"), (0..1000).map(|m| format!("m{l}-{m}")).collect(), "hours", "union"))
                    .collect();
                json!({"schedule": schedule(layers), "from": T0, "to": THREE_YEARS})
            },
            error: None,
        },
        Case {
            name: "oncall_many: 1 000 000 instants (MAX_ONCALL_INSTANTS), hourly rotation",
            op: "schedule.oncall_many",
            input: || {
                let at: Vec<String> = (0..1_000_000i64).map(|i| instant(i * 60)).collect();
                json!({"schedule": schedule(vec![rotation("l", abc(), "hours", "precedence")]), "at": at})
            },
            error: None,
        },
        Case {
            name: "war_room_name with 100 000 taken names, all of the same stem (issue: 48 s)",
            op: "incident.war_room_name",
            input: || {
                let mut taken: Vec<String> = (2..100_001).map(|i| format!("inc-2026-11-26-payments-latency-{i}")).collect();
                taken.push("inc-2026-11-26-payments-latency".into());
                json!({"title": "Payments latency", "detected_at": "2026-11-26T10:00:00Z", "taken": taken})
            },
            error: None,
        },
        Case {
            name: "business_add P4294967295D (issue: 9-14 s before out_of_range)",
            op: "time.business_add",
            input: || json!({"calendar": calendar(vec![]), "start": T0, "duration": "P4294967295D"}),
            error: Some("out_of_range"),
        },
        Case {
            name: "business_add P1000000W (issue: year +28857)",
            op: "time.business_add",
            input: || json!({"calendar": calendar(vec![]), "start": T0, "duration": "P1000000W"}),
            error: Some("out_of_range"),
        },
        Case {
            name: "business_add P50000D (192 years of business days, inside MAX_SPAN_DAYS)",
            op: "time.business_add",
            input: || json!({"calendar": calendar(vec![]), "start": T0, "duration": "P50000D"}),
            error: None,
        },
        Case {
            name: "time.add 2 147 483 647 hours (issue: year +247009)",
            op: "time.add",
            input: || json!({"zone": "America/New_York", "start": T0, "amount": 2_147_483_647i64, "unit": "hours"}),
            error: Some("out_of_range"),
        },
        Case {
            name: "incident.replay: 100 000 events (notes)",
            op: "incident.replay",
            input: || json!({"events": events(100_000), "now": "2026-01-03T00:00:00Z"}),
            error: None,
        },
        Case {
            name: "incident.timeline, external Markdown: 100 000 events",
            op: "incident.timeline",
            input: || json!({"events": events(100_000), "audience": "external", "markdown": true}),
            error: None,
        },
        Case {
            name: "runbook.lint: 1 MiB document of 500-step sections (MAX_DOCUMENT_BYTES)",
            op: "runbook.lint",
            input: || {
                let mut md = String::from("---\nservices: [api]\nowner: team-api\nlast_reviewed: 2026-10-01\n---\n# Big\n\n## Symptoms\n\nSlow.\n\n## Impact\n\nSlow.\n\n");
                let mut s = 0;
                while md.len() < 1_000_000 {
                    md.push_str(&format!("\n## Section {s}\n\n"));
                    for i in 0..400 {
                        md.push_str(&format!("{}. Check <b>[x](javascript:y)</b> `kubectl get pods` step {i}\n", i + 1));
                        if md.len() > 1_040_000 { break; }
                    }
                    s += 1;
                }
                json!({"markdown": md, "now": T0})
            },
            error: None,
        },
        Case {
            name: "postmortem.lint: 1 MiB document with the blameless check",
            op: "postmortem.lint",
            input: || {
                let mut md = String::from("# Post-mortem: checkout errors\n\n## Summary\n\n");
                while md.len() < 1_040_000 {
                    md.push_str("Bob should have known better; the operator failed to notice the alert. ");
                }
                json!({"markdown": md, "now": T0})
            },
            error: None,
        },
        Case {
            name: "escalation.plan: 50 levels × 50 targets, 20 repeats, 31 days, 100 000 notifications",
            op: "escalation.plan",
            input: || {
                let levels: Vec<Value> = (0..50)
                    .map(|l| json!({"delay": "PT1M", "targets": (0..50).map(|t| json!({"person": format!("p{l}-{t}")})).collect::<Vec<_>>()}))
                    .collect();
                let people: Vec<Value> = (0..50).flat_map(|l| (0..50).map(move |t| json!({"id": format!("p{l}-{t}")}))).collect();
                json!({"policies": [{"id": "p", "repeat": 20, "levels": levels}], "people": people,
                    "incident": {"id": "INC-1", "created": T0}, "horizon": "P31D", "max_notifications": 100_000})
            },
            error: None,
        },
        Case {
            name: "alert.replay: 100 000 records of 5 000 alerts flapping over a day (0.86 M group flushes)",
            op: "alert.replay",
            input: || flapping_replay(5_000),
            error: None,
        },
        Case {
            name: "alert.replay: 100 000 records of 10 000 alerts flapping over a day (1.7 M group flushes)",
            op: "alert.replay",
            input: || flapping_replay(10_000),
            error: Some("alert_too_large"),
        },
    ]
}

/// 100 000 records a second apart of `alerts` alerts, each in its own group, firing and
/// resolving in turn every 10 000 s: every open group flushes every 5 minutes.
fn flapping_replay(alerts: i64) -> Value {
    let records: Vec<Value> = (0..100_000i64)
        .map(|i| json!({"at": instant(i), "alert": {"labels": {"alertname": "Down", "instance": format!("i{}", i % alerts)},
            "status": if (i / 10_000) % 2 == 0 { "firing" } else { "resolved" }}}))
        .collect();
    json!({"config": {"route": {"receiver": "team", "group_by": ["alertname", "instance"], "group_wait": "30s"}},
        "records": records, "until": instant(100_000)})
}
