//! Helpers shared by the `incident_*` integration tests.
#![allow(dead_code)]

use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use watchstander::incident::{Event, IncidentConfig};

/// An instant on 26 November 2026 (a Thursday; London is on GMT = UTC), from "HH:MM".
pub fn at(hhmm: &str) -> DateTime<Utc> {
    watchstander::time::parse_instant(&format!("2026-11-26T{hhmm}:00Z")).unwrap()
}

/// An instant from RFC 3339.
pub fn instant(s: &str) -> DateTime<Utc> {
    watchstander::time::parse_instant(s).unwrap()
}

/// An event of incident "I" occurring and recorded at "HH:MM" on 26 November 2026.
pub fn ev(id: &str, hhmm: &str, kind: &str, actor: &str, fields: Value) -> Event {
    ev_rec(id, hhmm, hhmm, kind, actor, fields)
}

/// As [`ev`], recorded at another time.
pub fn ev_rec(
    id: &str,
    hhmm: &str,
    recorded: &str,
    kind: &str,
    actor: &str,
    fields: Value,
) -> Event {
    let mut v = json!({
        "id": id, "incident": "I", "kind": kind, "actor": actor,
        "occurred_at": format!("2026-11-26T{hhmm}:00Z"),
        "recorded_at": format!("2026-11-26T{recorded}:00Z"),
    });
    for (k, f) in fields.as_object().cloned().unwrap_or_default() {
        v[k] = f;
    }
    serde_json::from_value(v).unwrap_or_else(|e| panic!("bad test event {id}: {e}"))
}

/// `detected` at "HH:MM" with a severity.
pub fn detected(id: &str, hhmm: &str, severity: &str) -> Event {
    ev(
        id,
        hhmm,
        "detected",
        "alertmanager",
        json!({"title": "Payments latency", "severity": severity}),
    )
}

/// `status_changed` to a status.
pub fn status(id: &str, hhmm: &str, to: &str) -> Event {
    ev(id, hhmm, "status_changed", "bob", json!({"to": to}))
}

/// The sample organisation's incident file.
pub fn sample_doc() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/org/incidents.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The sample SEV-2 incident's events (INC-1042).
pub fn sample_events() -> Vec<Event> {
    serde_json::from_value(sample_doc()["incidents"][0]["events"].clone()).unwrap()
}

/// The sample organisation's incident configuration: the file's stakeholders, the default
/// severity levels on the sample London calendar, and the sample people.
pub fn sample_config() -> IncidentConfig {
    let org: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/org/sample-org.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let mut config = sample_doc()["config"].clone();
    let mut policy =
        serde_json::to_value(watchstander::severity::SeverityPolicy::default()).unwrap();
    policy["business_calendar"] = org["business_calendar"].clone();
    config["severity_policy"] = policy;
    config["people"] = json!(org["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| json!({"id": p["id"], "name": p["name"]}))
        .collect::<Vec<_>>());
    serde_json::from_value::<IncidentConfig>(config)
        .unwrap()
        .validate()
        .unwrap()
}

/// The default configuration, validated.
pub fn config() -> IncidentConfig {
    IncidentConfig::default().validate().unwrap()
}
pub mod mixed;
pub mod random;
pub mod sla_oracle;
