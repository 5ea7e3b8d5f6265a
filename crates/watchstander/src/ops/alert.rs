//! `alert.*` operations.
//!
//! Each operation has a typed input (`deny_unknown_fields`) and a typed output, and calls the
//! typed API of [`crate::alert`]; none holds logic of its own.

use chrono::{DateTime, Utc};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{input, output, Operation};
use crate::alert::normalize::{normalize, Normalized};
use crate::alert::{
    replay, AlertConfig, Fingerprint, GroupBy, Interval, Labels, Matchers, Pipeline, ReplayOutput,
    ReplayRecord, Silence, SilenceSpec, SilenceState,
};
use crate::Error;

pub(super) const OPERATIONS: &[Operation] = &[
    Operation {
        name: "alert.normalize",
        summary: "normalise a payload of PagerDuty, Alertmanager, Grafana, Datadog, CloudWatch/SNS, CI/CD or the native form into alerts",
    },
    Operation {
        name: "alert.replay",
        summary: "replay timestamped alerts through a pipeline: notifications, incidents and every suppression, with per-rule counts",
    },
    Operation {
        name: "alert.config_check",
        summary: "check an Alertmanager-shaped configuration and say what the engine will do with it",
    },
    Operation {
        name: "alert.route",
        summary: "the routes (receiver, timers, service, escalation policy, severity) and group key for a label set",
    },
    Operation {
        name: "alert.match",
        summary: "parse Alertmanager matchers and test them against a label set",
    },
    Operation {
        name: "alert.silence_state",
        summary: "a silence's state at an instant (pending, active, waiting, expired) and whether it mutes a label set",
    },
    Operation {
        name: "alert.fingerprint",
        summary: "Alertmanager's fingerprint of a label set",
    },
];

pub(super) fn call(name: &str, v: &Value) -> Option<Result<Value, Error>> {
    Some(match name {
        "alert.normalize" => run(v, normalize_op),
        "alert.replay" => run(v, replay_op),
        "alert.config_check" => run(v, config_check),
        "alert.route" => run(v, route_op),
        "alert.match" => run(v, match_op),
        "alert.silence_state" => run(v, silence_state),
        "alert.fingerprint" => run(v, fingerprint_op),
        _ => return None,
    })
}

fn run<I: serde::de::DeserializeOwned, O: Serialize>(
    v: &Value,
    f: impl FnOnce(I) -> Result<O, Error>,
) -> Result<Value, Error> {
    output(&f(input(v)?)?)
}

/// Input of `alert.normalize`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NormalizeInput {
    /// `native`, `pagerduty`, `alertmanager`, `grafana`, `datadog`, `cloudwatch` or `cicd`.
    pub source: String,
    /// The payload exactly as the source sent it.
    pub payload: Value,
}

fn normalize_op(i: NormalizeInput) -> Result<Normalized, Error> {
    Ok(normalize(&i.source, &i.payload)?)
}

/// Input of `alert.replay`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplayInput {
    /// The pipeline configuration (Alertmanager's shape).
    pub config: AlertConfig,
    /// Timestamped records: alerts, source payloads, silences, ticks.
    pub records: Vec<ReplayRecord>,
    /// Tick to this instant after the last record.
    #[serde(default)]
    pub until: Option<DateTime<Utc>>,
    /// Leave `suppress` actions out of the output (they are still counted).
    #[serde(default)]
    pub omit_suppressions: bool,
}

fn replay_op(i: ReplayInput) -> Result<ReplayOutput, Error> {
    let mut out = replay(i.config, i.records, i.until)?;
    if i.omit_suppressions {
        out.actions.retain(|a| a.kind() != "suppress");
    }
    Ok(out)
}

/// Input of `alert.config_check`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfigCheckInput {
    /// The configuration to check.
    pub config: AlertConfig,
}

/// What the engine will do with a configuration.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ConfigCheckOutput {
    /// Every route, depth-first, with its settings after inheritance.
    pub routes: Vec<RouteReport>,
    /// Receivers and whether they get resolved notifications.
    pub receivers: Vec<ReceiverReport>,
    /// Inhibition rules as compiled.
    pub inhibit_rules: Vec<InhibitReport>,
    /// Silences configured from the start.
    pub silences: Vec<String>,
    /// Whether flap detection is on.
    pub flapping: bool,
    /// Incident rule names, in order.
    pub incident_rules: Vec<String>,
    /// What is accepted but not acted on.
    pub ignored: Vec<String>,
}

/// One route in a config check.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RouteReport {
    /// Configuration path.
    pub path: String,
    /// Alertmanager route key.
    pub key: String,
    /// Own matchers.
    pub matchers: Matchers,
    /// `continue`.
    #[serde(rename = "continue")]
    pub continue_matching: bool,
    /// Receiver.
    pub receiver: String,
    /// Grouping labels, or `["..."]`.
    pub group_by: Vec<String>,
    /// Timers.
    pub group_wait: Interval,
    /// Timers.
    pub group_interval: Interval,
    /// Timers.
    pub repeat_interval: Interval,
    /// Service.
    pub service: Option<String>,
    /// Escalation policy.
    pub escalation_policy: Option<String>,
    /// Severity.
    pub severity: Option<String>,
}

/// One receiver in a config check.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ReceiverReport {
    /// Name.
    pub name: String,
    /// Whether resolved alerts are sent to it.
    pub send_resolved: bool,
}

/// One inhibition rule in a config check.
#[derive(Debug, Serialize, JsonSchema)]
pub struct InhibitReport {
    /// Name.
    pub name: String,
    /// Source matchers.
    pub source: Matchers,
    /// Target matchers.
    pub target: Matchers,
    /// Equal labels.
    pub equal: Vec<String>,
}

fn group_by_names(g: &GroupBy) -> Vec<String> {
    match g {
        GroupBy::All => vec!["...".into()],
        GroupBy::Labels(l) => l.clone(),
    }
}

fn config_check(i: ConfigCheckInput) -> Result<ConfigCheckOutput, Error> {
    let ignored = i.config.ignored();
    let p = Pipeline::new(i.config)?;
    let routes = p
        .routes()
        .nodes()
        .iter()
        .map(|n| RouteReport {
            path: n.path.clone(),
            key: n.key.clone(),
            matchers: n.matchers.clone(),
            continue_matching: n.continue_matching,
            receiver: n.opts.receiver.clone(),
            group_by: group_by_names(&n.opts.group_by),
            group_wait: n.opts.group_wait,
            group_interval: n.opts.group_interval,
            repeat_interval: n.opts.repeat_interval,
            service: n.opts.service.clone(),
            escalation_policy: n.opts.escalation_policy.clone(),
            severity: n.opts.severity.clone(),
        })
        .collect();
    let receivers = p
        .config()
        .receivers
        .iter()
        .map(|r| ReceiverReport {
            name: r.name.clone(),
            send_resolved: p.routes().sends_resolved(&r.name),
        })
        .collect();
    let inhibit_rules = p
        .inhibitor()
        .rules()
        .iter()
        .map(|r| InhibitReport {
            name: r.name.clone(),
            source: r.source.clone(),
            target: r.target.clone(),
            equal: r.equal.clone(),
        })
        .collect();
    let incident_rules = match &p.config().incidents {
        None => vec!["per_group (default)".to_string()],
        Some(pol) => pol
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| {
                r.name
                    .clone()
                    .unwrap_or_else(|| format!("incidents.rules[{i}]"))
            })
            .collect(),
    };
    Ok(ConfigCheckOutput {
        routes,
        receivers,
        inhibit_rules,
        silences: p.silences().map(|s| s.id().to_string()).collect(),
        flapping: p.config().flapping.is_some(),
        incident_rules,
        ignored,
    })
}

/// Input of `alert.route`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RouteInput {
    /// The configuration.
    pub config: AlertConfig,
    /// The alert's labels.
    pub labels: Labels,
}

/// Output of `alert.route`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RouteOutput {
    /// The matching routes, in order.
    pub routes: Vec<RouteMatch>,
}

/// One matching route.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RouteMatch {
    /// Configuration path.
    pub path: String,
    /// Receiver.
    pub receiver: String,
    /// The group key the alert would join.
    pub group_key: String,
    /// The group's labels.
    pub group_labels: Labels,
    /// Service.
    pub service: Option<String>,
    /// Escalation policy.
    pub escalation_policy: Option<String>,
    /// Severity.
    pub severity: Option<String>,
    /// Timers.
    pub group_wait: Interval,
}

fn route_op(i: RouteInput) -> Result<RouteOutput, Error> {
    let p = Pipeline::new(i.config)?;
    let routes = p
        .routes()
        .matches(&i.labels)
        .into_iter()
        .filter_map(|id| p.routes().node(id))
        .map(|n| {
            let group_labels = match &n.opts.group_by {
                GroupBy::All => i.labels.clone(),
                GroupBy::Labels(names) => i.labels.subset(names.iter().map(String::as_str)),
            };
            RouteMatch {
                path: n.path.clone(),
                receiver: n.opts.receiver.clone(),
                group_key: format!("{}:{}", n.key, group_labels),
                group_labels,
                service: n.opts.service.clone(),
                escalation_policy: n.opts.escalation_policy.clone(),
                severity: n.opts.severity.clone(),
                group_wait: n.opts.group_wait,
            }
        })
        .collect();
    Ok(RouteOutput { routes })
}

/// Input of `alert.match`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MatchInput {
    /// Matchers: a list of strings in Alertmanager's syntax (each may hold several).
    pub matchers: Matchers,
    /// The labels to test (none: only parse).
    #[serde(default)]
    pub labels: Option<Labels>,
}

/// Output of `alert.match`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct MatchOutput {
    /// The matchers, one per entry, in canonical form.
    pub matchers: Matchers,
    /// Whether all of them hold for `labels` (absent when no labels were given).
    pub matches: Option<bool>,
}

fn match_op(i: MatchInput) -> Result<MatchOutput, Error> {
    let matches = i.labels.as_ref().map(|l| i.matchers.matches(l));
    Ok(MatchOutput {
        matchers: i.matchers,
        matches,
    })
}

/// Input of `alert.silence_state`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SilenceStateInput {
    /// The silence.
    pub silence: SilenceSpec,
    /// The instant.
    pub at: DateTime<Utc>,
    /// Labels to test (optional).
    #[serde(default)]
    pub labels: Option<Labels>,
}

/// Output of `alert.silence_state`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SilenceStateOutput {
    /// The state at `at`.
    pub state: SilenceState,
    /// Whether it mutes `labels` at `at` (absent when no labels were given).
    pub mutes: Option<bool>,
}

fn silence_state(i: SilenceStateInput) -> Result<SilenceStateOutput, Error> {
    let mut s = Silence::compile(i.silence)?;
    let state = s.state_at(i.at);
    let mutes = i.labels.as_ref().map(|l| s.mutes(l, i.at));
    Ok(SilenceStateOutput { state, mutes })
}

/// Input of `alert.fingerprint`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FingerprintInput {
    /// The labels.
    pub labels: Labels,
}

/// Output of `alert.fingerprint`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FingerprintOutput {
    /// 16 hex digits, as Alertmanager shows it.
    pub fingerprint: Fingerprint,
}

fn fingerprint_op(i: FingerprintInput) -> Result<FingerprintOutput, Error> {
    Ok(FingerprintOutput {
        fingerprint: i.labels.fingerprint(),
    })
}
