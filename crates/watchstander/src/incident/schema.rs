//! JSON Schemas of the incident formats, generated from the Rust types.
//!
//! `docs/schema/incident-*.schema.json` are written from [`schemas`]; the test
//! `tests/incident_schemas.rs` fails when they are stale
//! (`WATCHSTANDER_BLESS=1 cargo test -p watchstander --test incident_schemas` rewrites them).

use serde_json::Value;

/// The incident module's documented formats: `(file stem, JSON Schema)`.
pub fn schemas() -> Vec<(&'static str, Value)> {
    fn of<T: schemars::JsonSchema>() -> Value {
        serde_json::to_value(schemars::schema_for!(T)).unwrap_or(Value::Null)
    }
    vec![
        ("incident-config", of::<super::IncidentConfig>()),
        ("incident-event", of::<super::Event>()),
        ("incident-events", of::<Vec<super::Event>>()),
        ("incident-status-template", of::<super::StatusTemplate>()),
        ("incident", of::<super::Incident>()),
        ("incident-facts", of::<super::IncidentFacts>()),
        ("incident-sla", of::<super::IncidentSla>()),
    ]
}
