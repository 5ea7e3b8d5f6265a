//! The sample organisation compiled into the binary (`examples/org/sample-org.json`).

use serde_json::Value;

use crate::io::{CliError, Result};

/// The sample organisation's JSON text.
pub const SAMPLE_ORG: &str = include_str!("../sample/sample-org.json");

/// The sample organisation, parsed.
pub fn org() -> Result<Value> {
    serde_json::from_str(SAMPLE_ORG).map_err(|e| {
        CliError::input(format!(
            "the built-in sample organisation is not valid JSON: {e}"
        ))
    })
}

/// The organisation's severity policy with its business calendar filled in: the sample's own
/// policy if it has one, else the default levels on the sample's calendar.
pub fn severity_policy(org: &Value) -> Result<Value> {
    let mut policy = match org.get("severity_policy") {
        Some(p) if !p.is_null() => p.clone(),
        _ => crate::io::call("severity.policy", &serde_json::json!({}))?,
    };
    if let Some(cal) = org.get("business_calendar") {
        policy["business_calendar"] = cal.clone();
    }
    Ok(policy)
}

/// The sample organisation's on-call schedules (`examples/org/schedules.json`).
pub const SAMPLE_SCHEDULES: &str = include_str!("../sample/schedules.json");

/// The sample organisation's incidents, as event histories (`examples/org/incidents.json`).
pub const SAMPLE_INCIDENTS: &str = include_str!("../sample/incidents.json");

/// The sample schedules, parsed.
pub fn schedules() -> Result<Value> {
    serde_json::from_str(SAMPLE_SCHEDULES).map_err(|e| {
        CliError::input(format!(
            "the built-in sample schedules are not valid JSON: {e}"
        ))
    })
}

/// The sample incidents, parsed.
pub fn incidents() -> Result<Value> {
    serde_json::from_str(SAMPLE_INCIDENTS).map_err(|e| {
        CliError::input(format!(
            "the built-in sample incidents are not valid JSON: {e}"
        ))
    })
}

/// The sample organisation's escalation policy and people (`examples/org/escalation.json`).
pub const SAMPLE_ESCALATION: &str = include_str!("../sample/escalation.json");

/// The sample escalation documents, parsed.
pub fn escalation() -> Result<Value> {
    serde_json::from_str(SAMPLE_ESCALATION).map_err(|e| {
        CliError::input(format!(
            "the built-in sample escalation documents are not valid JSON: {e}"
        ))
    })
}
