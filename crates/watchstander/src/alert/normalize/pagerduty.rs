//! PagerDuty Events API v2.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{base, put, Fields, Normalized};
use crate::alert::labels::Labels;
use crate::alert::model::{AlertSeverity, AlertStatus};
use crate::alert::AlertError;

const TOP: &[&str] = &[
    "routing_key",
    "event_action",
    "dedup_key",
    "payload",
    "client",
    "client_url",
];
const PAYLOAD: &[&str] = &[
    "summary",
    "source",
    "severity",
    "timestamp",
    "component",
    "group",
    "class",
    "custom_details",
];

pub(super) fn normalize(v: &Value) -> Result<Normalized, AlertError> {
    let f = Fields::root("pagerduty", v)?;
    let routing_key = f.str("routing_key")?;
    if routing_key.is_empty() {
        return Err(f.err("routing_key", "must not be empty"));
    }
    let action = f.str("event_action")?;
    let status = match action {
        "trigger" => AlertStatus::Firing,
        "acknowledge" => AlertStatus::Acknowledged,
        "resolve" => AlertStatus::Resolved,
        other => {
            return Err(f.err(
                "event_action",
                format!("must be trigger, acknowledge or resolve (got {other:?})"),
            ))
        }
    };
    let dedup_key = f.opt_str("dedup_key")?;
    if let Some(k) = dedup_key {
        if k.chars().count() > 255 {
            return Err(f.err("dedup_key", "is longer than PagerDuty's 255 characters"));
        }
    }
    let mut extra = f.unknown(TOP);
    let mut labels = BTreeMap::new();
    let mut annotations = BTreeMap::new();
    let mut summary = None;
    let mut severity = None;
    let mut starts_at = None;
    if status == AlertStatus::Firing {
        let p = f.object("payload")?;
        let s = p.str("summary")?;
        if s.is_empty() || s.chars().count() > 1024 {
            return Err(p.err("summary", "must have 1 to 1024 characters"));
        }
        let src = p.str("source")?;
        let sev = p.str("severity")?;
        severity = Some(match sev {
            "critical" => AlertSeverity::Critical,
            "error" => AlertSeverity::Error,
            "warning" => AlertSeverity::Warning,
            "info" => AlertSeverity::Info,
            other => {
                return Err(p.err(
                    "severity",
                    format!("must be critical, error, warning or info (got {other:?})"),
                ))
            }
        });
        starts_at = p.opt_time("timestamp")?;
        let class = p.opt_str("class")?;
        put(&mut labels, "alertname", class.unwrap_or(s));
        put(&mut labels, "source", src);
        put(&mut labels, "severity", sev);
        for k in ["component", "group", "class"] {
            if let Some(val) = p.opt_str(k)? {
                put(&mut labels, k, val);
            }
        }
        summary = Some(s.to_string());
        annotations.insert("summary".to_string(), s.to_string());
        if let Some(Value::Object(details)) = p.get("custom_details") {
            for (k, val) in details {
                let text = match val {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                annotations.insert(k.clone(), text);
            }
        } else if let Some(other) = p.get("custom_details") {
            annotations.insert("custom_details".to_string(), other.to_string());
        }
        extra.extend(p.unknown(PAYLOAD));
    } else if dedup_key.is_none() {
        return Err(f.err(
            "dedup_key",
            format!("is required for event_action {action:?}: it names the alert to {action}"),
        ));
    }
    let labels = Labels::from_map(labels).map_err(|e| f.err("payload", e.to_string()))?;
    let mut a = base("pagerduty", labels);
    a.status = Some(status);
    a.severity = severity;
    a.starts_at = starts_at;
    a.service = Some(routing_key.to_string());
    a.dedup_key = dedup_key.map(str::to_string);
    a.summary = summary;
    a.annotations = annotations;
    a.generator_url = f.opt_str("client_url")?.map(str::to_string);
    if let Some(Value::Array(links)) = f.get("links") {
        a.runbook_url = links
            .iter()
            .filter_map(|l| l.get("href").and_then(Value::as_str))
            .next()
            .map(str::to_string);
    }
    a.extra = extra;
    Ok(Normalized::one(a))
}
