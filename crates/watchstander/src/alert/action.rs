//! What the pipeline tells its host to do, and why it did not do something.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::duration::Interval;
use super::labels::{Fingerprint, Labels};
use super::notify::NotifyReason;

/// One thing the pipeline decided, at an instant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Action {
    /// Send a notification to a receiver (a group flush that passed the notify decision).
    Notify(Notification),
    /// Open an incident for these alerts.
    OpenIncident(IncidentOpened),
    /// Attach an alert to an open incident.
    Attach {
        /// When.
        at: DateTime<Utc>,
        /// The incident key.
        incident: String,
        /// The alert.
        alert: Fingerprint,
    },
    /// Every alert of an incident has resolved: resolve it.
    ResolveIncident {
        /// When.
        at: DateTime<Utc>,
        /// The incident key.
        incident: String,
    },
    /// An alert resolved (explicitly, or because its `ends_at` passed).
    AlertResolved {
        /// When it was observed.
        at: DateTime<Utc>,
        /// The alert.
        alert: Fingerprint,
        /// Its `alertname` (or summary), shared with the pipeline's counters.
        #[serde(with = "arc_str")]
        #[cfg_attr(feature = "schema", schemars(with = "String"))]
        name: Arc<str>,
    },
    /// The source acknowledged an alert (PagerDuty `acknowledge`).
    Acknowledge {
        /// When.
        at: DateTime<Utc>,
        /// The alert.
        alert: Fingerprint,
        /// Its incident, if it has one.
        incident: Option<String>,
    },
    /// An alert was held back, and why.
    Suppress {
        /// When.
        at: DateTime<Utc>,
        /// The alert.
        alert: Fingerprint,
        /// Its `alertname` (or summary), shared with the pipeline's counters.
        #[serde(with = "arc_str")]
        #[cfg_attr(feature = "schema", schemars(with = "String"))]
        name: Arc<str>,
        /// Why.
        reason: SuppressReason,
    },
    /// A silence ended early (`expire_on_resolve`).
    SilenceExpired {
        /// When.
        at: DateTime<Utc>,
        /// The silence id.
        silence: String,
        /// Why.
        reason: String,
    },
    /// A silence will end soon (`remind_before`).
    SilenceExpiring {
        /// When the reminder fired.
        at: DateTime<Utc>,
        /// The silence id.
        silence: String,
        /// When it ends.
        ends_at: DateTime<Utc>,
    },
}

impl Action {
    /// The instant of the action.
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            Action::Notify(n) => n.at,
            Action::OpenIncident(o) => o.at,
            Action::Attach { at, .. }
            | Action::ResolveIncident { at, .. }
            | Action::AlertResolved { at, .. }
            | Action::Acknowledge { at, .. }
            | Action::Suppress { at, .. }
            | Action::SilenceExpired { at, .. }
            | Action::SilenceExpiring { at, .. } => *at,
        }
    }

    /// The snake_case kind, as in JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            Action::Notify(_) => "notify",
            Action::OpenIncident(_) => "open_incident",
            Action::Attach { .. } => "attach",
            Action::ResolveIncident { .. } => "resolve_incident",
            Action::AlertResolved { .. } => "alert_resolved",
            Action::Acknowledge { .. } => "acknowledge",
            Action::Suppress { .. } => "suppress",
            Action::SilenceExpired { .. } => "silence_expired",
            Action::SilenceExpiring { .. } => "silence_expiring",
        }
    }
}

/// Why an alert was not (or not yet) notified on its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum SuppressReason {
    /// A repeat of an alert that is already open: its count went up.
    Dedup {
        /// How many times it has been received.
        count: u64,
    },
    /// It joined a group that already exists; it will be in that group's next notification.
    Grouped {
        /// The group key (shared with the group).
        #[serde(with = "arc_str")]
        #[cfg_attr(feature = "schema", schemars(with = "String"))]
        group: Arc<str>,
        /// When the group next flushes.
        next_flush: DateTime<Utc>,
    },
    /// A firing alert matched an inhibition rule's source side.
    Inhibited {
        /// The inhibiting alert.
        by: Fingerprint,
        /// Its `alertname`.
        by_name: String,
        /// The rule's name.
        rule: String,
    },
    /// Active silences match it.
    Silenced {
        /// Their ids.
        silences: Vec<String>,
    },
    /// It changes state too often; its notifications are held until it settles.
    Flapping {
        /// State changes within the window.
        changes: usize,
        /// The window.
        window: Interval,
    },
}

impl SuppressReason {
    /// The snake_case name of the reason.
    pub fn name(&self) -> &'static str {
        match self {
            SuppressReason::Dedup { .. } => "dedup",
            SuppressReason::Grouped { .. } => "grouped",
            SuppressReason::Inhibited { .. } => "inhibited",
            SuppressReason::Silenced { .. } => "silenced",
            SuppressReason::Flapping { .. } => "flapping",
        }
    }
}

/// A notification: what Alertmanager would POST to a webhook receiver.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Notification {
    /// When the group flushed.
    pub at: DateTime<Utc>,
    /// The receiver.
    pub receiver: String,
    /// Alertmanager's group key, `route key:group labels`.
    pub group_key: String,
    /// The route, as a configuration path (`route.routes[0]`).
    pub route: String,
    /// The group's labels.
    pub group_labels: Labels,
    /// Labels every alert in the notification shares.
    pub common_labels: Labels,
    /// `firing` if any alert fires, else `resolved`.
    pub status: NotifiedStatus,
    /// Why it was sent.
    pub reason: NotifyReason,
    /// The alerts, in Alertmanager's order (by `job`, then `instance`, then labels).
    pub alerts: Vec<NotifiedAlert>,
    /// The owning service (from the route).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// The escalation policy (from the route).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalation_policy: Option<String>,
}

/// Firing or resolved, in a notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum NotifiedStatus {
    /// Firing.
    Firing,
    /// Resolved.
    Resolved,
}

/// One alert in a notification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NotifiedAlert {
    /// Its identity.
    pub fingerprint: Fingerprint,
    /// Firing or resolved at the flush.
    pub status: NotifiedStatus,
    /// Labels.
    pub labels: Labels,
    /// Annotations.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
    /// When it started.
    pub starts_at: DateTime<Utc>,
    /// When it ended (resolved alerts only, as Alertmanager shows it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<DateTime<Utc>>,
    /// How many times it was received.
    pub count: u64,
}

/// An incident opened for alerts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IncidentOpened {
    /// When.
    pub at: DateTime<Utc>,
    /// The incident key (stable: the group key, or the grouping rule's key).
    pub incident: String,
    /// A title: the first alert's summary or name.
    pub title: String,
    /// The alerts it starts with.
    pub alerts: Vec<Fingerprint>,
    /// The owning service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// The escalation policy to page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalation_policy: Option<String>,
    /// The incident severity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// The incident rule that opened it.
    pub rule: String,
}

/// Serde for a shared string (`Arc<str>`): written and read as a plain string, without
/// serde's `rc` feature.
pub(crate) mod arc_str {
    use std::sync::Arc;

    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(s: &Arc<str>, ser: S) -> Result<S::Ok, S::Error> {
        ser.serialize_str(s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Arc<str>, D::Error> {
        String::deserialize(d).map(Arc::from)
    }
}
