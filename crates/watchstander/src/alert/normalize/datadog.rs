//! A Datadog webhook, with the payload template documented in `docs/formats/alert.md`.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{base, parse_epoch, put, Fields, Normalized};
use crate::alert::labels::Labels;
use crate::alert::model::{AlertSeverity, AlertStatus};
use crate::alert::AlertError;

const KNOWN: &[&str] = &[
    "id",
    "alert_id",
    "title",
    "body",
    "alert_transition",
    "alert_type",
    "priority",
    "aggreg_key",
    "tags",
    "hostname",
    "link",
    "date",
    "last_updated",
    "event_type",
];

pub(super) fn normalize(v: &Value) -> Result<Normalized, AlertError> {
    let f = Fields::root("datadog", v)?;
    let title = f.str("title")?;
    let transition = f.opt_str("alert_transition")?;
    let alert_type = f.opt_str("alert_type")?;
    let status = match (transition, alert_type) {
        (Some(t), _) => match t {
            "Triggered" | "Re-Triggered" | "Warn" | "Re-Warn" | "No Data" | "Re-No Data" => {
                AlertStatus::Firing
            }
            "Recovered" => AlertStatus::Resolved,
            other => {
                return Err(f.err(
                    "alert_transition",
                    format!("must be Triggered, Re-Triggered, Warn, Re-Warn, No Data, Re-No Data or Recovered (got {other:?})"),
                ))
            }
        },
        (None, Some("error" | "warning")) => AlertStatus::Firing,
        (None, Some("success")) => AlertStatus::Resolved,
        (None, Some(other)) => {
            return Err(f.err(
                "alert_type",
                format!("must be error, warning or success (got {other:?})"),
            ))
        }
        (None, None) => {
            return Err(f.err(
                "alert_transition",
                "is missing (and so is alert_type): put $ALERT_TRANSITION in the webhook payload",
            ))
        }
    };
    let mut labels = BTreeMap::new();
    // "[Triggered] CPU high on web-1" → "CPU high on web-1".
    let name = title
        .strip_prefix('[')
        .and_then(|t| t.split_once("] "))
        .map_or(title, |(_, rest)| rest);
    put(&mut labels, "alertname", name);
    let mut service = None;
    if let Some(tags) = f.opt_str("tags")? {
        for tag in tags
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .take(500)
        {
            let (k, val) = tag.split_once(':').unwrap_or((tag, "true"));
            if k == "service" {
                service = Some(val.to_string());
            }
            put(&mut labels, k, val);
        }
    }
    if let Some(h) = f.opt_str("hostname")? {
        put(&mut labels, "host", h);
    }
    let monitor = f.opt_text("alert_id")?;
    if let Some(m) = &monitor {
        put(&mut labels, "monitor_id", m);
    }
    let priority = f.opt_str("priority")?;
    if let Some(p) = priority {
        put(&mut labels, "priority", p);
    }
    let labels = Labels::from_map(labels).map_err(|e| f.err("tags", e.to_string()))?;
    let mut a = base("datadog", labels);
    a.status = Some(status);
    a.severity = match (alert_type, priority) {
        (_, Some(p)) if AlertSeverity::parse_loose(p).is_some() => AlertSeverity::parse_loose(p),
        (Some("error"), _) => Some(AlertSeverity::Error),
        (Some("warning"), _) => Some(AlertSeverity::Warning),
        _ => None,
    };
    a.summary = Some(name.to_string());
    a.annotations.insert("summary".into(), name.to_string());
    if let Some(b) = f.opt_str("body")? {
        a.annotations.insert("description".into(), b.to_string());
    }
    a.dedup_key = f.opt_str("aggreg_key")?.map(str::to_string).or(monitor);
    a.service = service;
    a.generator_url = f.opt_str("link")?.map(str::to_string);
    a.starts_at = match f.opt_text("date")? {
        None => None,
        Some(d) => Some(
            parse_epoch(&d)
                .ok_or_else(|| f.err("date", "must be epoch seconds or milliseconds ($DATE)"))?,
        ),
    };
    let mut extra = f.unknown(KNOWN);
    if let Some(id) = f.opt_text("id")? {
        extra.insert("event_id".into(), Value::String(id));
    }
    a.extra = extra;
    Ok(Normalized::one(a))
}
