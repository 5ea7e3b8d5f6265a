//! JSON Schemas of the incident formats, generated from the Rust types.
//!
//! `docs/schema/incident-*.schema.json` are written from [`schemas`] (through
//! [`crate::schema::schemas`]); the test `tests/schemas.rs` fails when they are stale
//! (`WATCHSTANDER_BLESS=1 cargo test -p watchstander --test schemas` rewrites them).

use serde_json::Value;

use crate::schema::of;

/// The incident module's documented formats: `(file stem, JSON Schema)`.
pub fn schemas() -> Vec<(&'static str, Value)> {
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
