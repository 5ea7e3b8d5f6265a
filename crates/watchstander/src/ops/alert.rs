//! `alert.*` operations.
//!
//! Each operation has a typed input (`deny_unknown_fields`) and a typed output, and calls the
//! typed API of [`crate::alert`]; none holds logic of its own.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Op, Operation};
use crate::alert::normalize::{normalize, Normalized};
use crate::alert::{
    replay, AlertConfig, AlertQuality, Fingerprint, GroupBy, Interval, Labels, Matchers, Pipeline,
    ReplayOutput, ReplayRecord, Silence, SilenceSpec, SilenceState,
};
use crate::Error;

pub(super) const OPERATIONS: &[Operation] = &[
    Operation::of::<NormalizeOp>(),
    Operation::of::<ReplayOp>(),
    Operation::of::<QualityOp>(),
    Operation::of::<ConfigCheck>(),
    Operation::of::<RouteOp>(),
    Operation::of::<MatchOp>(),
    Operation::of::<SilenceStateOp>(),
    Operation::of::<FingerprintOp>(),
];

macro_rules! op {
    ($ty:ident, $name:literal, $summary:literal, $doc:literal, $example:expr, $input:ty, $output:ty, $f:ident) => {
        pub(crate) struct $ty;
        impl Op for $ty {
            const NAME: &'static str = $name;
            const SUMMARY: &'static str = $summary;
            const DOC: &'static str = $doc;
            const EXAMPLE: &'static str = $example;
            type Input = $input;
            type Output = $output;
            fn run(input: $input) -> Result<$output, Error> {
                $f(input)
            }
        }
    };
}

op!(NormalizeOp, "alert.normalize",
    "normalise a payload of PagerDuty, Alertmanager, Grafana, Datadog, CloudWatch/SNS, CI/CD or the native form into alerts",
    "Turns one payload of a monitoring source into watchstander alerts (see `docs/formats/alert.md` for each source's mapping). Fields with no place in an alert are kept in `extra`; a malformed payload is `invalid_payload`, naming the field.",
    r#"{"source": "pagerduty", "payload": {"routing_key": "R0UTING", "event_action": "trigger", "dedup_key": "disk-db-1", "payload": {"summary": "Disk 95% full on db-1", "source": "db-1", "severity": "critical"}}}"#,
    NormalizeInput, Normalized, normalize_op);
op!(ReplayOp, "alert.replay",
    "replay timestamped alerts through a pipeline: notifications, incidents and every suppression, with per-rule counts",
    "Feeds the records (sorted by time) to a fresh pipeline configured in Alertmanager's shape and returns every action — `notify`, `open_incident`, `attach`, `resolve_incident`, `suppress` with its reason — plus counts per alert rule, inhibition rule and silence. Timers fire at their own instants, so the result equals a live run. A refused record is listed in `summary.errors` and skipped.",
    r#"{"config": {"route": {"receiver": "team", "group_by": ["alertname"], "group_wait": "30s"}}, "records": [{"at": "2026-11-26T10:00:00Z", "alert": {"labels": {"alertname": "Down", "instance": "a"}, "status": "firing"}}, {"at": "2026-11-26T10:00:10Z", "alert": {"labels": {"alertname": "Down", "instance": "b"}, "status": "firing"}}], "until": "2026-11-26T10:01:00Z"}"#,
    ReplayInput, ReplayOutput, replay_op);
op!(QualityOp, "alert.quality",
    "alert quality of a stream: true-positive rate per rule and per service, noisiest rules, flapping share",
    "Replays the records as `alert.replay` does and reports how many alerts needed a person. Each firing (a new alert, or an alert firing again after it resolved; repeats are not counted again) is judged by the `actionable` field of the alert or of any later event for it (the resolving event, sent after the review, may carry it); unjudged firings count against the true-positive rate (actionable ÷ alerts), and `judged_rate` gives actionable ÷ judged. Per rule (alert name) and per service (the first matching route's, else the alert's own), the noisiest rules (most firings not marked actionable), and the share of firings held back as flapping.",
    r#"{"config": {"route": {"receiver": "team", "service": "checkout"}}, "records": [{"at": "2026-11-26T10:00:00Z", "alert": {"labels": {"alertname": "DiskFull", "host": "a"}, "actionable": true}}, {"at": "2026-11-26T10:00:05Z", "alert": {"labels": {"alertname": "DiskFull", "host": "b"}, "actionable": false}}]}"#,
    QualityInput, AlertQuality, quality_op);
op!(ConfigCheck, "alert.config_check",
    "check an Alertmanager-shaped configuration and say what the engine will do with it",
    "Compiles the configuration and reports every route after inheritance (receiver, group_by, timers, service, escalation policy, severity), receivers and whether they get resolved notifications, inhibition rules, silences, and what is accepted but ignored (templates, time intervals, receiver integrations).",
    r#"{"config": {"route": {"receiver": "team", "routes": [{"matchers": ["team=\"db\""], "receiver": "db"}]}, "receivers": [{"name": "team"}, {"name": "db"}]}}"#,
    ConfigCheckInput, ConfigCheckOutput, config_check);
op!(RouteOp, "alert.route",
    "the routes (receiver, timers, service, escalation policy, severity) and group key for a label set",
    "Walks the routing tree as Alertmanager does (depth-first, first match unless `continue`) and returns each matching route with the group key the alert would join.",
    r#"{"config": {"route": {"receiver": "team", "group_by": ["alertname"]}}, "labels": {"alertname": "Down"}}"#,
    RouteInput, RouteOutput, route_op);
op!(MatchOp, "alert.match",
    "parse Alertmanager matchers and test them against a label set",
    "Parses matchers in Alertmanager's syntax (`name=\"v\"`, `!=`, `=~`, `!~`; lists with braces and commas) and tests them against labels. Regexes are anchored and run in linear time.",
    r#"{"matchers": ["{severity=\"page\", team=~\"db|web\"}"], "labels": {"severity": "page", "team": "db"}}"#,
    MatchInput, MatchOutput, match_op);
op!(SilenceStateOp, "alert.silence_state",
    "a silence's state at an instant (pending, active, waiting, expired) and whether it mutes a label set",
    "Evaluates a one-off or recurring silence at an instant. Recurring windows are read on the wall clock of the rule's zone, so they keep their local hours across DST.",
    r#"{"silence": {"id": "w", "matchers": ["service=db"], "starts_at": "2026-01-01T00:00:00Z", "recurrence": "DTSTART;TZID=Europe/Berlin:20260104T020000\nRRULE:FREQ=WEEKLY;BYDAY=SU", "duration": "2h"}, "at": "2026-07-05T00:30:00Z", "labels": {"service": "db"}}"#,
    SilenceStateInput, SilenceStateOutput, silence_state);
op!(FingerprintOp, "alert.fingerprint",
    "Alertmanager's fingerprint of a label set",
    "FNV-1a 64 over the sorted label names and values, each followed by 0xff: the same 16 hex digits Alertmanager shows.",
    r#"{"labels": {"alertname": "HighLatency", "service": "api"}}"#,
    FingerprintInput, FingerprintOutput, fingerprint_op);

/// Input of `alert.normalize`.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct NormalizeInput {
    /// `native`, `pagerduty`, `alertmanager`, `grafana`, `datadog`, `cloudwatch` or `cicd`.
    pub(crate) source: String,
    /// The payload exactly as the source sent it.
    pub(crate) payload: Value,
}

fn normalize_op(i: NormalizeInput) -> Result<Normalized, Error> {
    Ok(normalize(&i.source, &i.payload)?)
}

/// Input of `alert.replay`.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(rename = "AlertReplayInput"))]
pub(crate) struct ReplayInput {
    /// The pipeline configuration (Alertmanager's shape).
    pub(crate) config: AlertConfig,
    /// Timestamped records: alerts, source payloads, silences, ticks.
    pub(crate) records: Vec<ReplayRecord>,
    /// Tick to this instant after the last record.
    #[serde(default)]
    pub(crate) until: Option<DateTime<Utc>>,
    /// Leave `suppress` actions out of the output (they are still counted).
    #[serde(default)]
    pub(crate) omit_suppressions: bool,
}

fn replay_op(i: ReplayInput) -> Result<ReplayOutput, Error> {
    let mut out = replay(i.config, i.records, i.until)?;
    if i.omit_suppressions {
        out.actions.retain(|a| a.kind() != "suppress");
    }
    Ok(out)
}

/// Input of `alert.quality`.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct QualityInput {
    /// The pipeline configuration (routes give each alert its service).
    pub(crate) config: AlertConfig,
    /// Timestamped records, as for `alert.replay`; alerts carry `actionable` when judged.
    pub(crate) records: Vec<ReplayRecord>,
    /// Tick to this instant after the last record (flapping is found at flushes).
    #[serde(default)]
    pub(crate) until: Option<DateTime<Utc>>,
}

fn quality_op(i: QualityInput) -> Result<AlertQuality, Error> {
    Ok(crate::alert::replay_summary(i.config, i.records, i.until)?.quality)
}

/// Input of `alert.config_check`.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct ConfigCheckInput {
    /// The configuration to check.
    pub(crate) config: AlertConfig,
}

/// What the engine will do with a configuration.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct ConfigCheckOutput {
    /// Every route, depth-first, with its settings after inheritance.
    pub(crate) routes: Vec<RouteReport>,
    /// Receivers and whether they get resolved notifications.
    pub(crate) receivers: Vec<ReceiverReport>,
    /// Inhibition rules as compiled.
    pub(crate) inhibit_rules: Vec<InhibitReport>,
    /// Silences configured from the start.
    pub(crate) silences: Vec<String>,
    /// Whether flap detection is on.
    pub(crate) flapping: bool,
    /// Incident rule names, in order.
    pub(crate) incident_rules: Vec<String>,
    /// What is accepted but not acted on.
    pub(crate) ignored: Vec<String>,
}

/// One route in a config check.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct RouteReport {
    /// Configuration path.
    pub(crate) path: String,
    /// Alertmanager route key.
    pub(crate) key: String,
    /// Own matchers.
    pub(crate) matchers: Matchers,
    /// `continue`.
    #[serde(rename = "continue")]
    pub(crate) continue_matching: bool,
    /// Receiver.
    pub(crate) receiver: String,
    /// Grouping labels, or `["..."]`.
    pub(crate) group_by: Vec<String>,
    /// Timers.
    pub(crate) group_wait: Interval,
    /// Timers.
    pub(crate) group_interval: Interval,
    /// Timers.
    pub(crate) repeat_interval: Interval,
    /// Service.
    pub(crate) service: Option<String>,
    /// Escalation policy.
    pub(crate) escalation_policy: Option<String>,
    /// Severity.
    pub(crate) severity: Option<String>,
}

/// One receiver in a config check.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct ReceiverReport {
    /// Name.
    pub(crate) name: String,
    /// Whether resolved alerts are sent to it.
    pub(crate) send_resolved: bool,
}

/// One inhibition rule in a config check.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct InhibitReport {
    /// Name.
    pub(crate) name: String,
    /// Source matchers.
    pub(crate) source: Matchers,
    /// Target matchers.
    pub(crate) target: Matchers,
    /// Equal labels.
    pub(crate) equal: Vec<String>,
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
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct RouteInput {
    /// The configuration.
    pub(crate) config: AlertConfig,
    /// The alert's labels.
    pub(crate) labels: Labels,
}

/// Output of `alert.route`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct RouteOutput {
    /// The matching routes, in order.
    pub(crate) routes: Vec<RouteMatch>,
}

/// One matching route.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct RouteMatch {
    /// Configuration path.
    pub(crate) path: String,
    /// Receiver.
    pub(crate) receiver: String,
    /// The group key the alert would join.
    pub(crate) group_key: String,
    /// The group's labels.
    pub(crate) group_labels: Labels,
    /// Service.
    pub(crate) service: Option<String>,
    /// Escalation policy.
    pub(crate) escalation_policy: Option<String>,
    /// Severity.
    pub(crate) severity: Option<String>,
    /// Timers.
    pub(crate) group_wait: Interval,
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
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct MatchInput {
    /// Matchers: a list of strings in Alertmanager's syntax (each may hold several).
    pub(crate) matchers: Matchers,
    /// The labels to test (none: only parse).
    #[serde(default)]
    pub(crate) labels: Option<Labels>,
}

/// Output of `alert.match`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct MatchOutput {
    /// The matchers, one per entry, in canonical form.
    pub(crate) matchers: Matchers,
    /// Whether all of them hold for `labels` (absent when no labels were given).
    pub(crate) matches: Option<bool>,
}

fn match_op(i: MatchInput) -> Result<MatchOutput, Error> {
    let matches = i.labels.as_ref().map(|l| i.matchers.matches(l));
    Ok(MatchOutput {
        matchers: i.matchers,
        matches,
    })
}

/// Input of `alert.silence_state`.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct SilenceStateInput {
    /// The silence.
    pub(crate) silence: SilenceSpec,
    /// The instant.
    pub(crate) at: DateTime<Utc>,
    /// Labels to test (optional).
    #[serde(default)]
    pub(crate) labels: Option<Labels>,
}

/// Output of `alert.silence_state`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct SilenceStateOutput {
    /// The state at `at`.
    pub(crate) state: SilenceState,
    /// Whether it mutes `labels` at `at` (absent when no labels were given).
    pub(crate) mutes: Option<bool>,
}

fn silence_state(i: SilenceStateInput) -> Result<SilenceStateOutput, Error> {
    let mut s = Silence::compile(i.silence)?;
    let state = s.state_at(i.at);
    let mutes = i.labels.as_ref().map(|l| s.mutes(l, i.at));
    Ok(SilenceStateOutput { state, mutes })
}

/// Input of `alert.fingerprint`.
#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct FingerprintInput {
    /// The labels.
    pub(crate) labels: Labels,
}

/// Output of `alert.fingerprint`.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct FingerprintOutput {
    /// 16 hex digits, as Alertmanager shows it.
    pub(crate) fingerprint: Fingerprint,
}

fn fingerprint_op(i: FingerprintInput) -> Result<FingerprintOutput, Error> {
    Ok(FingerprintOutput {
        fingerprint: i.labels.fingerprint(),
    })
}
