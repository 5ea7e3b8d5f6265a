//! The pipeline's configuration, in Alertmanager's shape (`route`, `receivers`,
//! `inhibit_rules`, `global.resolve_timeout`) plus watchstander's own sections (`silences`,
//! `flapping`, `incidents`) and route fields (`service`, `escalation_policy`, `severity`).
//!
//! An Alertmanager `alertmanager.yml`, converted to JSON, is accepted as it is; what the engine
//! does not implement (templates, time intervals, receiver integrations) is accepted, kept and
//! listed by [`AlertConfig::ignored`], never silently dropped.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::duration::Interval;
use super::flapping::FlappingConfig;
use super::incident::IncidentPolicy;
use super::matcher::Matchers;
use super::silence::SilenceSpec;

/// A whole pipeline configuration.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AlertConfig {
    /// Global settings; only `resolve_timeout` is used, the rest is kept.
    #[serde(default)]
    pub global: GlobalConfig,
    /// The root of the routing tree. It must name a receiver and have no matchers.
    pub route: RouteConfig,
    /// Receivers by name. Their integrations (webhook, Slack, …) are kept but not run: the
    /// pipeline emits `notify` actions naming the receiver.
    #[serde(default)]
    pub receivers: Vec<ReceiverConfig>,
    /// Inhibition rules.
    #[serde(default)]
    pub inhibit_rules: Vec<InhibitRuleConfig>,
    /// Alertmanager notification templates: accepted and ignored.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub templates: Vec<String>,
    /// Alertmanager time intervals: accepted and ignored (use recurring `silences`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub time_intervals: Vec<Value>,
    /// Alertmanager's older name for `time_intervals`: accepted and ignored.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mute_time_intervals: Vec<Value>,
    /// Silences and maintenance windows in force from the start (watchstander extension).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub silences: Vec<SilenceSpec>,
    /// Flap detection (watchstander extension; off when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flapping: Option<FlappingConfig>,
    /// Which alerts open or join which incidents (watchstander extension; when absent, each
    /// aggregation group is one incident).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incidents: Option<IncidentPolicy>,
}

/// Alertmanager's `global` block.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct GlobalConfig {
    /// How long an alert sent without `ends_at` (and without explicit status) stays firing
    /// unless re-sent. Default `5m`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolve_timeout: Option<Interval>,
    /// Every other global setting (SMTP, Slack URLs, …), kept but unused.
    #[serde(flatten)]
    pub other: BTreeMap<String, Value>,
}

/// A receiver: a name, plus its integrations kept as they came.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReceiverConfig {
    /// The name routes refer to.
    pub name: String,
    /// Whether resolved alerts are sent (watchstander's per-receiver setting). When absent it is
    /// read from the first integration's `send_resolved`, else that integration's Alertmanager
    /// default (true for webhook, PagerDuty, Opsgenie, VictorOps, Pushover, SNS, Telegram,
    /// Discord, Webex, MS Teams; false for email, Slack, WeChat), else true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_resolved: Option<bool>,
    /// Integrations (`webhook_configs`, `slack_configs`, …), kept but not run.
    #[serde(flatten)]
    pub integrations: BTreeMap<String, Value>,
}

impl ReceiverConfig {
    /// Whether this receiver is told about resolved alerts (see [`send_resolved`](Self::send_resolved)).
    pub fn sends_resolved(&self) -> bool {
        if let Some(b) = self.send_resolved {
            return b;
        }
        for (kind, list) in &self.integrations {
            if let Some(first) = list.as_array().and_then(|a| a.first()) {
                if let Some(b) = first.get("send_resolved").and_then(Value::as_bool) {
                    return b;
                }
                return !matches!(
                    kind.as_str(),
                    "email_configs" | "slack_configs" | "wechat_configs"
                );
            }
        }
        true
    }
}

/// One node of the routing tree, in Alertmanager's shape. Unset settings are inherited from
/// the parent (the root inherits Alertmanager's defaults: `group_wait` 30s, `group_interval`
/// 5m, `repeat_interval` 4h, no `group_by`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RouteConfig {
    /// The receiver notified for alerts of this route.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receiver: Option<String>,
    /// Labels to group by; `["..."]` groups by all labels. Absent (or empty): inherited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_by: Option<Vec<String>>,
    /// Matchers an alert must satisfy (Alertmanager syntax).
    #[serde(default, skip_serializing_if = "Matchers::is_empty")]
    pub matchers: Matchers,
    /// Deprecated Alertmanager equality matchers.
    #[serde(default, rename = "match", skip_serializing_if = "BTreeMap::is_empty")]
    pub match_labels: BTreeMap<String, String>,
    /// Deprecated Alertmanager regex matchers.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub match_re: BTreeMap<String, String>,
    /// Keep looking at later siblings after this route matched.
    #[serde(
        default,
        rename = "continue",
        skip_serializing_if = "std::ops::Not::not"
    )]
    pub continue_matching: bool,
    /// Child routes, tried in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub routes: Vec<RouteConfig>,
    /// How long to wait before the first notification of a new group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_wait: Option<Interval>,
    /// How long to wait before notifying about changes in a group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_interval: Option<Interval>,
    /// How long to wait before repeating an unchanged notification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeat_interval: Option<Interval>,
    /// Alertmanager mute time intervals: accepted and ignored (see `docs/alert.md`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mute_time_intervals: Vec<String>,
    /// Alertmanager active time intervals: accepted and ignored.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub active_time_intervals: Vec<String>,
    /// The service that owns alerts of this route (watchstander; inherited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// The escalation policy id that pages for them (watchstander; inherited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalation_policy: Option<String>,
    /// The incident severity they open, e.g. `SEV-2` (watchstander; inherited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
}

/// An inhibition rule: while a firing alert matches `source_matchers`, alerts that match
/// `target_matchers` and have the same values of the `equal` labels are muted.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct InhibitRuleConfig {
    /// A name for reports (watchstander); defaults to `inhibit_rules[i]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Matchers for the inhibiting alerts.
    #[serde(default, skip_serializing_if = "Matchers::is_empty")]
    pub source_matchers: Matchers,
    /// Deprecated equality form of `source_matchers`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub source_match: BTreeMap<String, String>,
    /// Deprecated regex form of `source_matchers`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub source_match_re: BTreeMap<String, String>,
    /// Matchers for the inhibited alerts.
    #[serde(default, skip_serializing_if = "Matchers::is_empty")]
    pub target_matchers: Matchers,
    /// Deprecated equality form of `target_matchers`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub target_match: BTreeMap<String, String>,
    /// Deprecated regex form of `target_matchers`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub target_match_re: BTreeMap<String, String>,
    /// Labels whose values must be equal in source and target (a missing label equals `""`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub equal: Vec<String>,
}

impl AlertConfig {
    /// What the configuration says that the engine accepts but does not act on, one line each
    /// (`templates`, time intervals, receiver integrations, …).
    pub fn ignored(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.templates.is_empty() {
            out.push(format!(
                "templates ({}): notification text is the caller's; actions carry the data",
                self.templates.len()
            ));
        }
        if !self.time_intervals.is_empty() || !self.mute_time_intervals.is_empty() {
            out.push(
                "time_intervals / mute_time_intervals: not evaluated; express them as recurring silences"
                    .to_string(),
            );
        }
        for k in self.global.other.keys() {
            out.push(format!("global.{k}: kept, not used"));
        }
        for r in &self.receivers {
            for k in r.integrations.keys() {
                out.push(format!(
                    "receivers[{}].{k}: not sent; the pipeline emits notify actions for receiver {:?}",
                    r.name, r.name
                ));
            }
        }
        walk_ignored(&self.route, "route", &mut out);
        out
    }
}

fn walk_ignored(r: &RouteConfig, path: &str, out: &mut Vec<String>) {
    if !r.mute_time_intervals.is_empty() || !r.active_time_intervals.is_empty() {
        out.push(format!(
            "{path}: mute_time_intervals/active_time_intervals not evaluated"
        ));
    }
    for (i, c) in r.routes.iter().enumerate() {
        walk_ignored(c, &format!("{path}.routes[{i}]"), out);
    }
}
