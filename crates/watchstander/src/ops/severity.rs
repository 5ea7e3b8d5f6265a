//! `severity.*` operations.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{json, Value};

use super::{input, output, Operation};
use crate::severity::{attainment, SeverityPolicy, SlaClock, SlaKind, SlaTarget};
use crate::time::format_instant;
use crate::Error;

pub(super) const OPERATIONS: &[Operation] = &[
    Operation {
        name: "severity.policy",
        summary: "validate a severity policy (or return the default SEV-1..SEV-4)",
    },
    Operation {
        name: "severity.deadline",
        summary: "deadline of a severity's response or resolve target from a start instant",
    },
    Operation {
        name: "severity.sla_status",
        summary: "state of an SLA clock at an instant: deadline, remaining, breach",
    },
    Operation {
        name: "severity.sla_replay",
        summary: "build an SLA clock from start/pause/resume/stop changes and report its status",
    },
    Operation {
        name: "severity.attainment",
        summary: "SLA attainment over a set of clocks",
    },
    Operation {
        name: "severity.suggest_upgrade",
        summary: "the severity an incident should be raised to, given escalation criteria met",
    },
];

pub(super) fn call(name: &str, v: &Value) -> Option<Result<Value, Error>> {
    Some(match name {
        "severity.policy" => policy_op(v),
        "severity.deadline" => deadline(v),
        "severity.sla_status" => sla_status(v),
        "severity.sla_replay" => sla_replay(v),
        "severity.attainment" => attainment_op(v),
        "severity.suggest_upgrade" => suggest_upgrade(v),
        _ => return None,
    })
}

/// The policy of an input, validated; the default policy when absent.
fn policy(p: Option<SeverityPolicy>) -> Result<SeverityPolicy, Error> {
    Ok(p.unwrap_or_default().validate()?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyOnly {
    #[serde(default)]
    policy: Option<SeverityPolicy>,
}

fn policy_op(v: &Value) -> Result<Value, Error> {
    let i: PolicyOnly = input(v)?;
    output(&policy(i.policy)?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Deadline {
    #[serde(default)]
    policy: Option<SeverityPolicy>,
    severity: String,
    kind: SlaKind,
    start: DateTime<Utc>,
}

fn deadline(v: &Value) -> Result<Value, Error> {
    let i: Deadline = input(v)?;
    let p = policy(i.policy)?;
    let target = p.target(&i.severity, i.kind)?;
    let deadline = p.deadline(&i.severity, i.kind, i.start)?;
    Ok(json!({
        "severity": i.severity,
        "kind": i.kind,
        "target": target.map(|t| p.duration_of(&t).to_string()),
        "clock": target.map(|t| t.clock),
        "deadline": deadline.map(format_instant),
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SlaStatusInput {
    #[serde(default)]
    policy: Option<SeverityPolicy>,
    clock: SlaClock,
    now: DateTime<Utc>,
}

fn sla_status(v: &Value) -> Result<Value, Error> {
    let i: SlaStatusInput = input(v)?;
    let p = policy(i.policy)?;
    i.clock.validate()?;
    output(&i.clock.status(&p, i.now)?)
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum ClockAction {
    Pause,
    Resume,
    Stop,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClockChange {
    at: DateTime<Utc>,
    action: ClockAction,
    #[serde(default)]
    reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SlaReplay {
    #[serde(default)]
    policy: Option<SeverityPolicy>,
    target: SlaTarget,
    started_at: DateTime<Utc>,
    #[serde(default)]
    changes: Vec<ClockChange>,
    now: DateTime<Utc>,
}

fn sla_replay(v: &Value) -> Result<Value, Error> {
    let i: SlaReplay = input(v)?;
    let p = policy(i.policy)?;
    let mut clock = SlaClock::start(i.target, i.started_at);
    for c in &i.changes {
        match c.action {
            ClockAction::Pause => clock.pause(c.at, &c.reason)?,
            ClockAction::Resume => clock.resume(c.at)?,
            ClockAction::Stop => clock.stop(c.at)?,
        }
    }
    let status = clock.status(&p, i.now)?;
    Ok(json!({ "clock": clock, "status": status }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AttainmentInput {
    #[serde(default)]
    policy: Option<SeverityPolicy>,
    clocks: Vec<SlaClock>,
    now: DateTime<Utc>,
}

fn attainment_op(v: &Value) -> Result<Value, Error> {
    let i: AttainmentInput = input(v)?;
    let p = policy(i.policy)?;
    let mut statuses = Vec::with_capacity(i.clocks.len());
    for c in &i.clocks {
        c.validate()?;
        statuses.push(c.status(&p, i.now)?);
    }
    Ok(json!({ "attainment": attainment(&statuses), "statuses": statuses }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SuggestUpgrade {
    #[serde(default)]
    policy: Option<SeverityPolicy>,
    current: String,
    met: Vec<String>,
}

fn suggest_upgrade(v: &Value) -> Result<Value, Error> {
    let i: SuggestUpgrade = input(v)?;
    let p = policy(i.policy)?;
    let s = p.suggest_upgrade(&i.current, &i.met)?;
    Ok(json!({ "suggested": s.map(|l| l.id.clone()) }))
}
