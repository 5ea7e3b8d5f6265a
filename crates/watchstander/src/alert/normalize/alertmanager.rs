//! The Alertmanager webhook (version 4) and Grafana's alerting webhook, which has the same
//! shape plus fields of its own.

use serde_json::Value;

use super::{base, check_count, Fields, Normalized};
use crate::alert::model::{AlertSeverity, AlertStatus};
use crate::alert::AlertError;

const TOP: &[&str] = &[
    "version",
    "groupKey",
    "truncatedAlerts",
    "status",
    "receiver",
    "groupLabels",
    "commonLabels",
    "commonAnnotations",
    "externalURL",
    "alerts",
];
const ALERT: &[&str] = &[
    "status",
    "labels",
    "annotations",
    "startsAt",
    "endsAt",
    "generatorURL",
    "fingerprint",
];

pub(super) fn normalize(v: &Value, source: &'static str) -> Result<Normalized, AlertError> {
    let f = Fields::root(source, v)?;
    if source == "alertmanager" {
        match f.opt_text("version")?.as_deref() {
            Some("4") => {}
            Some(other) => {
                return Err(f.err(
                    "version",
                    format!(
                    "must be \"4\" (the webhook version Alertmanager 0.16+ sends), got {other:?}"
                ),
                ))
            }
            None => return Err(f.err("version", "is missing (Alertmanager sends \"4\")")),
        }
    }
    let top_extra = f.unknown(TOP);
    let Some(Value::Array(items)) = f.get("alerts") else {
        return Err(f.err("alerts", "must be a list of alerts"));
    };
    check_count(source, "alerts", items.len())?;
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let Value::Object(map) = item else {
            return Err(f.err(&format!("alerts[{i}]"), "must be an object"));
        };
        let af = Fields {
            source,
            prefix: format!("alerts[{i}]"),
            map,
        };
        let status = match af.str("status")? {
            "firing" => AlertStatus::Firing,
            "resolved" => AlertStatus::Resolved,
            other => {
                return Err(af.err(
                    "status",
                    format!("must be firing or resolved (got {other:?})"),
                ))
            }
        };
        let labels = af.labels("labels")?;
        if af.get("labels").is_none() {
            return Err(af.err("labels", "is missing"));
        }
        let mut a = base(source, labels);
        a.annotations = af.string_map("annotations")?;
        a.status = Some(status);
        a.starts_at = af.opt_time("startsAt")?;
        a.ends_at = if status == AlertStatus::Resolved {
            af.opt_time("endsAt")?
        } else {
            None
        };
        a.generator_url = af.opt_str("generatorURL")?.map(str::to_string);
        a.summary = a.annotations.get("summary").cloned();
        a.runbook_url = a
            .annotations
            .get("runbook_url")
            .or_else(|| a.annotations.get("runbook"))
            .cloned();
        a.severity = a
            .labels
            .get("severity")
            .and_then(AlertSeverity::parse_loose);
        let mut extra = af.unknown_plain(ALERT);
        if let Some(fp) = af.opt_str("fingerprint")? {
            extra.insert("source_fingerprint".into(), Value::String(fp.to_string()));
        }
        extra.extend(top_extra.clone());
        a.extra = extra;
        out.push(a);
    }
    Ok(Normalized {
        alerts: out,
        ignored: items
            .is_empty()
            .then(|| "the payload has no alerts".to_string()),
    })
}
