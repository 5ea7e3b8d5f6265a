//! The one alert type every source is normalised into.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::error::clip;
use super::labels::{Fingerprint, Labels};
use super::limits::{
    MAX_ANNOTATIONS, MAX_ANNOTATION_VALUE_BYTES, MAX_DEDUP_KEY_BYTES, MAX_EXTRA_BYTES,
};
use super::AlertError;

/// Whether an alert is firing, acknowledged at its source, or resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AlertStatus {
    /// The condition holds.
    Firing,
    /// Someone acknowledged it at the source (PagerDuty's `acknowledge`); it still fires.
    Acknowledged,
    /// The condition no longer holds.
    Resolved,
}

/// Normalised alert severity (PagerDuty's four levels, which every source maps onto).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AlertSeverity {
    /// Needs a person now.
    Critical,
    /// Something is broken.
    Error,
    /// Something may break.
    Warning,
    /// For information.
    Info,
}

impl AlertSeverity {
    /// Reads the usual spellings: `critical`/`crit`/`page`/`p1`/`sev1`, `error`/`high`/`major`/`p2`,
    /// `warning`/`warn`/`medium`/`minor`/`p3`, `info`/`low`/`informational`/`p4`/`p5`
    /// (case-insensitive). Unknown words give `None`.
    pub fn parse_loose(s: &str) -> Option<AlertSeverity> {
        let s = s.trim().to_ascii_lowercase();
        Some(match s.as_str() {
            "critical" | "crit" | "page" | "p1" | "sev1" | "sev-1" | "fatal" | "emergency"
            | "disaster" => AlertSeverity::Critical,
            "error" | "err" | "high" | "major" | "p2" | "sev2" | "sev-2" => AlertSeverity::Error,
            "warning" | "warn" | "medium" | "average" | "minor" | "p3" | "sev3" | "sev-3" => {
                AlertSeverity::Warning
            }
            "info" | "information" | "informational" | "low" | "p4" | "p5" | "sev4" | "sev-4"
            | "ok" | "notice" | "debug" => AlertSeverity::Info,
            _ => return None,
        })
    }

    /// The lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            AlertSeverity::Critical => "critical",
            AlertSeverity::Error => "error",
            AlertSeverity::Warning => "warning",
            AlertSeverity::Info => "info",
        }
    }
}

/// An alert, whatever source it came from: the native form, and what every
/// [`normalize`](super::normalize) function returns.
///
/// Identity: an alert with a `dedup_key` is the same alert as any other open alert with that
/// key **in the same service**; otherwise alerts are the same when their labels are
/// (Alertmanager's [`Fingerprint`]).
///
/// Firing and resolution follow Alertmanager when `status` is absent: the alert is resolved
/// once `ends_at` has passed, and an alert without `ends_at` gets `now + resolve_timeout`
/// (5 minutes by default). With an explicit `status` (what the push-style sources send), a
/// firing alert stays open until a resolving one arrives.
///
/// ```
/// use watchstander::alert::Alert;
/// let a: Alert = serde_json::from_value(serde_json::json!({
///     "labels": {"alertname": "DiskFull", "instance": "db-1"},
///     "annotations": {"summary": "disk 95% full"},
///     "starts_at": "2026-11-26T10:00:00Z"
/// }))?;
/// assert_eq!(a.fingerprint().to_string().len(), 16);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Alert {
    /// Identifying labels (routing, grouping, inhibition and silences read these).
    pub labels: Labels,
    /// Descriptive text: summary, description, runbook, … Not part of the identity.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
    /// Explicit status; absent means "as `starts_at`/`ends_at` say" (Alertmanager's API).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<AlertStatus>,
    /// When the condition started (defaults to arrival).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starts_at: Option<DateTime<Utc>>,
    /// When it ended or will be considered ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<DateTime<Utc>>,
    /// Normalised severity, if the source gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<AlertSeverity>,
    /// The source format it came from: `native`, `pagerduty`, `alertmanager`, `grafana`,
    /// `datadog`, `cloudwatch`, `cicd`.
    #[serde(default = "native")]
    pub source: String,
    /// The service (or integration) the source addressed; scopes dedup keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// A source-given identity (PagerDuty `dedup_key`, Datadog aggregation key, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dedup_key: Option<String>,
    /// One line saying what is wrong.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// Where the runbook is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runbook_url: Option<String>,
    /// A link back to the thing that raised it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generator_url: Option<String>,
    /// Feedback for alert quality: did this alert need a person? (`null`: not yet judged.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actionable: Option<bool>,
    /// Fields of the source payload that have no place above, kept as they came.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, Value>,
}

fn native() -> String {
    "native".to_string()
}

impl Alert {
    /// A firing alert with these labels and nothing else.
    pub fn new(labels: Labels) -> Alert {
        Alert {
            labels,
            annotations: BTreeMap::new(),
            status: None,
            starts_at: None,
            ends_at: None,
            severity: None,
            source: native(),
            service: None,
            dedup_key: None,
            summary: None,
            runbook_url: None,
            generator_url: None,
            actionable: None,
            extra: BTreeMap::new(),
        }
    }

    /// The label fingerprint (Alertmanager's identity). Alerts with a dedup key are identified
    /// by [`Fingerprint::of_dedup_key`] inside a pipeline instead.
    pub fn fingerprint(&self) -> Fingerprint {
        self.labels.fingerprint()
    }

    /// The alert's name: the `alertname` label, else its summary, else `""`.
    pub fn name(&self) -> &str {
        self.labels
            .get("alertname")
            .or(self.summary.as_deref())
            .unwrap_or("")
    }

    /// Whether the alert is resolved at `now`: an explicit `resolved` status, or an `ends_at`
    /// at or before `now` (Alertmanager's `ResolvedAt`).
    pub fn is_resolved_at(&self, now: DateTime<Utc>) -> bool {
        match self.status {
            Some(AlertStatus::Resolved) => true,
            _ => self.ends_at.is_some_and(|e| e <= now),
        }
    }

    /// Checks the sizes of annotations, dedup key and extra fields against the limits.
    pub fn validate(&self) -> Result<(), AlertError> {
        if self.annotations.len() > MAX_ANNOTATIONS {
            return Err(AlertError::too_large(
                "annotations",
                self.annotations.len(),
                MAX_ANNOTATIONS,
            ));
        }
        for (k, v) in &self.annotations {
            if v.len() + k.len() > MAX_ANNOTATION_VALUE_BYTES {
                return Err(AlertError::too_large(
                    format!("annotation {:?}", clip(k, 100)),
                    v.len() + k.len(),
                    MAX_ANNOTATION_VALUE_BYTES,
                ));
            }
        }
        for (what, text) in [
            ("summary", &self.summary),
            ("runbook_url", &self.runbook_url),
            ("generator_url", &self.generator_url),
            ("service", &self.service),
        ] {
            if let Some(t) = text {
                if t.len() > MAX_ANNOTATION_VALUE_BYTES {
                    return Err(AlertError::too_large(
                        what,
                        t.len(),
                        MAX_ANNOTATION_VALUE_BYTES,
                    ));
                }
            }
        }
        if let Some(k) = &self.dedup_key {
            if k.len() > MAX_DEDUP_KEY_BYTES {
                return Err(AlertError::too_large(
                    "dedup_key",
                    k.len(),
                    MAX_DEDUP_KEY_BYTES,
                ));
            }
        }
        if !self.extra.is_empty() {
            let size = serde_json::to_string(&self.extra).map_or(usize::MAX, |s| s.len());
            if size > MAX_EXTRA_BYTES {
                return Err(AlertError::too_large("extra fields", size, MAX_EXTRA_BYTES));
            }
        }
        Ok(())
    }
}
