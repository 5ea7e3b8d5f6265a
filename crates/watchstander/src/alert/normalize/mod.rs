//! Normalisation: raw payloads of monitoring sources → [`Alert`]s.
//!
//! | source | format |
//! |---|---|
//! | `native` | watchstander's own [`Alert`] |
//! | `pagerduty` | PagerDuty Events API v2 (`trigger` / `acknowledge` / `resolve`, `dedup_key`) |
//! | `alertmanager` | Alertmanager webhook, version 4 (one payload, many alerts) |
//! | `grafana` | Grafana alerting webhook (Alertmanager-shaped, with Grafana's extra fields) |
//! | `datadog` | a Datadog webhook using the template in `docs/formats/alert.md` |
//! | `cloudwatch` | a CloudWatch alarm state change, in its SNS envelope or bare |
//! | `cicd` | a CI/CD pipeline-failure event: GitHub Actions `workflow_run` or GitLab pipeline |
//!
//! Fields a source sends that have no place in [`Alert`] are kept in [`Alert::extra`]; a
//! malformed payload gives [`AlertError::InvalidPayload`] naming the field.
//!
//! ```
//! use watchstander::alert::normalize::normalize;
//! let n = normalize("pagerduty", &serde_json::json!({
//!     "routing_key": "R0UTINGKEY", "event_action": "trigger", "dedup_key": "disk-db-1",
//!     "payload": {"summary": "Disk 95% full on db-1", "source": "db-1", "severity": "critical"}
//! }))?;
//! assert_eq!(n.alerts[0].dedup_key.as_deref(), Some("disk-db-1"));
//! let err = normalize("pagerduty", &serde_json::json!({"routing_key": "R", "event_action": "trigger"})).unwrap_err();
//! assert_eq!(err.code(), "invalid_payload");
//! assert!(err.to_string().contains("\"payload\""));
//! # Ok::<(), watchstander::alert::AlertError>(())
//! ```

mod alertmanager;
mod cicd;
mod cloudwatch;
mod datadog;
mod pagerduty;

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::labels::{sanitize_name, Labels};
use super::limits::MAX_ALERTS_PER_PAYLOAD;
use super::model::Alert;
use super::AlertError;

/// The source formats, by name.
pub const SOURCES: &[&str] = &[
    "native",
    "pagerduty",
    "alertmanager",
    "grafana",
    "datadog",
    "cloudwatch",
    "cicd",
];

/// What a payload normalised to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Normalized {
    /// The alerts (an Alertmanager or Grafana payload carries several; most carry one).
    pub alerts: Vec<Alert>,
    /// Why the payload holds no alert, when it holds none (a successful CI run with nothing to
    /// resolve is still a resolve; a cancelled one is not an alert at all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignored: Option<String>,
}

impl Normalized {
    fn one(a: Alert) -> Normalized {
        Normalized {
            alerts: vec![a],
            ignored: None,
        }
    }

    fn none(reason: impl Into<String>) -> Normalized {
        Normalized {
            alerts: Vec::new(),
            ignored: Some(reason.into()),
        }
    }

    /// Whether the payload was recognised but holds no alert.
    pub fn alerts_ignored(&self) -> bool {
        self.alerts.is_empty()
    }
}

/// Normalises one payload of `source` (one of [`SOURCES`]).
pub fn normalize(source: &str, payload: &Value) -> Result<Normalized, AlertError> {
    let n = match source {
        "native" => {
            let a: Alert = crate::from_json(payload)
                .map_err(|e| AlertError::payload("native", input_path(&e), e.to_string()))?;
            Normalized::one(a)
        }
        "pagerduty" => pagerduty::normalize(payload)?,
        "alertmanager" => alertmanager::normalize(payload, "alertmanager")?,
        "grafana" => alertmanager::normalize(payload, "grafana")?,
        "datadog" => datadog::normalize(payload)?,
        "cloudwatch" => cloudwatch::normalize(payload)?,
        "cicd" => cicd::normalize(payload)?,
        other => {
            return Err(AlertError::UnknownSource {
                source_kind: super::error::clip(other, 100),
                known: SOURCES.iter().map(|s| s.to_string()).collect(),
            })
        }
    };
    for a in &n.alerts {
        a.validate()?;
    }
    Ok(n)
}

fn input_path(e: &crate::Error) -> String {
    match e.path() {
        "" => "(root)".into(),
        p => p.to_string(),
    }
}

/// Field access that reports which field is wrong.
pub(super) struct Fields<'a> {
    pub(super) source: &'static str,
    pub(super) prefix: String,
    pub(super) map: &'a Map<String, Value>,
}

impl<'a> Fields<'a> {
    pub(super) fn root(source: &'static str, v: &'a Value) -> Result<Fields<'a>, AlertError> {
        match v {
            Value::Object(map) => Ok(Fields {
                source,
                prefix: String::new(),
                map,
            }),
            _ => Err(AlertError::payload(
                source,
                "(root)",
                "must be a JSON object",
            )),
        }
    }

    pub(super) fn path(&self, field: &str) -> String {
        if self.prefix.is_empty() {
            field.to_string()
        } else {
            format!("{}.{field}", self.prefix)
        }
    }

    pub(super) fn err(&self, field: &str, reason: impl Into<String>) -> AlertError {
        AlertError::payload(self.source, self.path(field), reason)
    }

    pub(super) fn get(&self, field: &str) -> Option<&'a Value> {
        self.map.get(field).filter(|v| !v.is_null())
    }

    pub(super) fn str(&self, field: &str) -> Result<&'a str, AlertError> {
        match self.get(field) {
            None => Err(self.err(field, "is missing")),
            Some(Value::String(s)) => Ok(s),
            Some(_) => Err(self.err(field, "must be a string")),
        }
    }

    pub(super) fn opt_str(&self, field: &str) -> Result<Option<&'a str>, AlertError> {
        match self.get(field) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(self.err(field, "must be a string")),
        }
    }

    /// A string or a number, as text.
    pub(super) fn opt_text(&self, field: &str) -> Result<Option<String>, AlertError> {
        match self.get(field) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(Value::Number(n)) => Ok(Some(n.to_string())),
            Some(_) => Err(self.err(field, "must be a string or a number")),
        }
    }

    pub(super) fn object(&self, field: &str) -> Result<Fields<'a>, AlertError> {
        match self.get(field) {
            None => Err(self.err(field, "is missing")),
            Some(Value::Object(map)) => Ok(Fields {
                source: self.source,
                prefix: self.path(field),
                map,
            }),
            Some(_) => Err(self.err(field, "must be an object")),
        }
    }

    pub(super) fn opt_object(&self, field: &str) -> Result<Option<Fields<'a>>, AlertError> {
        match self.get(field) {
            None => Ok(None),
            Some(_) => self.object(field).map(Some),
        }
    }

    pub(super) fn opt_time(&self, field: &str) -> Result<Option<DateTime<Utc>>, AlertError> {
        match self.opt_str(field)? {
            None => Ok(None),
            Some(s) => parse_time(s).map_err(|r| self.err(field, r)),
        }
    }

    /// A map of strings, as labels (names sanitised when `sanitize`).
    pub(super) fn string_map(&self, field: &str) -> Result<BTreeMap<String, String>, AlertError> {
        let Some(v) = self.get(field) else {
            return Ok(BTreeMap::new());
        };
        let Value::Object(m) = v else {
            return Err(self.err(field, "must be an object of strings"));
        };
        let mut out = BTreeMap::new();
        for (k, v) in m {
            match v {
                Value::String(s) => {
                    out.insert(k.clone(), s.clone());
                }
                _ => return Err(self.err(&format!("{field}.{k}"), "must be a string")),
            }
        }
        Ok(out)
    }

    pub(super) fn labels(&self, field: &str) -> Result<Labels, AlertError> {
        let map = self.string_map(field)?;
        Labels::from_map(map).map_err(|e| self.err(field, e.to_string()))
    }

    /// The fields not in `known`, kept as they came, under their own names.
    pub(super) fn unknown_plain(&self, known: &[&str]) -> BTreeMap<String, Value> {
        self.map
            .iter()
            .filter(|(k, _)| !known.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }

    /// The fields not in `known`, kept as they came (under `prefix.` when nested).
    pub(super) fn unknown(&self, known: &[&str]) -> BTreeMap<String, Value> {
        self.map
            .iter()
            .filter(|(k, _)| !known.contains(&k.as_str()))
            .map(|(k, v)| (self.path(k), v.clone()))
            .collect()
    }
}

/// RFC 3339, or the `+0000`-offset form PagerDuty and CloudWatch send; Go's zero time
/// (`0001-01-01T00:00:00Z`) means "none".
pub(super) fn parse_time(s: &str) -> Result<Option<DateTime<Utc>>, String> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        let t = t.with_timezone(&Utc);
        return Ok((t.timestamp() > -62_135_596_700).then_some(t));
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z"] {
        if let Ok(t) = DateTime::parse_from_str(s, fmt) {
            return Ok(Some(t.with_timezone(&Utc)));
        }
    }
    if let Ok(t) = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.fZ") {
        return Ok(Some(t.and_utc()));
    }
    Err(format!(
        "is not a timestamp: {:?} (expected RFC 3339, e.g. 2026-11-26T09:00:00Z)",
        super::error::clip(s, 60)
    ))
}

/// Epoch seconds or milliseconds (a number, or digits in a string).
pub(super) fn parse_epoch(s: &str) -> Option<DateTime<Utc>> {
    let n: i64 = s.trim().parse().ok()?;
    if n > 100_000_000_000 {
        DateTime::from_timestamp_millis(n)
    } else {
        DateTime::from_timestamp(n, 0)
    }
}

/// Sets a label with a sanitised name; values are clipped to the label value limit.
pub(super) fn put(map: &mut BTreeMap<String, String>, name: &str, value: &str) {
    if value.is_empty() {
        return;
    }
    let mut v = value.to_string();
    if v.len() > super::limits::MAX_LABEL_VALUE_BYTES {
        let mut cut = super::limits::MAX_LABEL_VALUE_BYTES;
        while !v.is_char_boundary(cut) {
            cut -= 1;
        }
        v.truncate(cut);
    }
    map.insert(sanitize_name(name), v);
}

pub(super) fn check_count(source: &'static str, field: &str, n: usize) -> Result<(), AlertError> {
    if n > MAX_ALERTS_PER_PAYLOAD {
        return Err(AlertError::payload(
            source,
            field,
            format!("holds {n} alerts, more than the limit of {MAX_ALERTS_PER_PAYLOAD} (MAX_ALERTS_PER_PAYLOAD)"),
        ));
    }
    Ok(())
}

/// A fresh alert from a source.
pub(super) fn base(source: &str, labels: Labels) -> Alert {
    let mut a = Alert::new(labels);
    a.source = source.to_string();
    a
}
