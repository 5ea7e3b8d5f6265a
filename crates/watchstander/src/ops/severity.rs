//! `severity.*` operations.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Op, Operation};
use crate::severity::{
    attainment, Attainment, ClockKind, SeverityPolicy, SlaClock, SlaKind, SlaStatus, SlaTarget,
};
use crate::time::IsoDuration;
use crate::Error;

pub(super) const OPERATIONS: &[Operation] = &[
    Operation::of::<Policy>(),
    Operation::of::<Deadline>(),
    Operation::of::<SlaStatusOp>(),
    Operation::of::<SlaReplay>(),
    Operation::of::<AttainmentOp>(),
    Operation::of::<SuggestUpgrade>(),
];

/// The policy of an input, validated; the default policy when absent.
fn policy(p: Option<SeverityPolicy>) -> Result<SeverityPolicy, Error> {
    Ok(p.unwrap_or_default().validate()?)
}

/// A severity policy to check.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct PolicyInput {
    /// The policy (default: SEV-1..SEV-4).
    #[serde(default)]
    policy: Option<SeverityPolicy>,
}

pub(crate) struct Policy;
impl Op for Policy {
    const NAME: &'static str = "severity.policy";
    const SUMMARY: &'static str = "validate a severity policy (or return the default SEV-1..SEV-4)";
    const DOC: &'static str = "Validates a severity policy and returns it with every default \
        filled in; without one, returns the default SEV-1 (total outage, respond immediately) \
        to SEV-4 (minor, one business day).";
    const EXAMPLE: &'static str = "{}";
    type Input = PolicyInput;
    type Output = SeverityPolicy;
    fn run(i: PolicyInput) -> Result<SeverityPolicy, Error> {
        policy(i.policy)
    }
}

/// A severity's target from a start.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct DeadlineInput {
    /// The policy (default: SEV-1..SEV-4).
    #[serde(default)]
    policy: Option<SeverityPolicy>,
    /// Severity id, e.g. `SEV-2`.
    severity: String,
    /// `response` or `resolve`.
    kind: SlaKind,
    /// When the clock starts.
    start: DateTime<Utc>,
}

/// A target and its deadline.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct DeadlineOutput {
    /// The severity.
    severity: String,
    /// `response` or `resolve`.
    kind: SlaKind,
    /// The target length, null when the severity has no target of this kind.
    target: Option<IsoDuration>,
    /// The clock the target counts on.
    clock: Option<ClockKind>,
    /// The deadline, null without a target.
    deadline: Option<DateTime<Utc>>,
}

pub(crate) struct Deadline;
impl Op for Deadline {
    const NAME: &'static str = "severity.deadline";
    const SUMMARY: &'static str =
        "deadline of a severity's response or resolve target from a start instant";
    const DOC: &'static str = "The deadline of a severity's response or resolve target from a \
        start: 24×7 targets add real time, business targets add business time on the policy's \
        calendar.";
    const EXAMPLE: &'static str =
        r#"{"severity": "SEV-2", "kind": "response", "start": "2026-11-26T10:00:00Z"}"#;
    type Input = DeadlineInput;
    type Output = DeadlineOutput;
    fn run(i: DeadlineInput) -> Result<DeadlineOutput, Error> {
        let p = policy(i.policy)?;
        let target = p.target(&i.severity, i.kind)?;
        let deadline = p.deadline(&i.severity, i.kind, i.start)?;
        Ok(DeadlineOutput {
            target: target.map(|t| p.duration_of(&t)),
            clock: target.map(|t| t.clock),
            deadline,
            severity: i.severity,
            kind: i.kind,
        })
    }
}

/// An SLA clock to read.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct SlaStatusInput {
    /// The policy whose calendar business targets count on (default: SEV-1..SEV-4).
    #[serde(default)]
    policy: Option<SeverityPolicy>,
    /// The clock.
    clock: SlaClock,
    /// When to read it.
    now: DateTime<Utc>,
}

pub(crate) struct SlaStatusOp;
impl Op for SlaStatusOp {
    const NAME: &'static str = "severity.sla_status";
    const SUMMARY: &'static str =
        "state of an SLA clock at an instant: deadline, remaining, breach";
    const DOC: &'static str = "Reads an SLA clock at `now`: its deadline (moved by every pause), \
        the time remaining, whether it is breached, and whether it was met if stopped.";
    const EXAMPLE: &'static str = r#"{"clock": {"target": {"within": "PT1H"}, "started_at": "2026-11-26T10:00:00Z"}, "now": "2026-11-26T10:15:00Z"}"#;
    type Input = SlaStatusInput;
    type Output = SlaStatus;
    fn run(i: SlaStatusInput) -> Result<SlaStatus, Error> {
        let p = policy(i.policy)?;
        i.clock.validate()?;
        Ok(i.clock.status(&p, i.now)?)
    }
}

/// A change to an SLA clock.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub(crate) enum ClockAction {
    /// Stop counting (waiting on the customer, say).
    Pause,
    /// Count again.
    Resume,
    /// The target was reached (responded, resolved).
    Stop,
}

/// One change to a clock.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct ClockChange {
    /// When.
    at: DateTime<Utc>,
    /// What.
    action: ClockAction,
    /// Why (shown in the clock's pause list).
    #[serde(default)]
    reason: String,
}

/// A clock built from its changes.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct SlaReplayInput {
    /// The policy (default: SEV-1..SEV-4).
    #[serde(default)]
    policy: Option<SeverityPolicy>,
    /// The target.
    target: SlaTarget,
    /// When the clock started.
    started_at: DateTime<Utc>,
    /// Pauses, resumes and the stop, in order.
    #[serde(default)]
    changes: Vec<ClockChange>,
    /// When to read it.
    now: DateTime<Utc>,
}

/// The clock and its state.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct SlaReplayOutput {
    /// The clock the changes built.
    clock: SlaClock,
    /// Its state at `now`.
    status: SlaStatus,
}

pub(crate) struct SlaReplay;
impl Op for SlaReplay {
    const NAME: &'static str = "severity.sla_replay";
    const SUMMARY: &'static str =
        "build an SLA clock from start/pause/resume/stop changes and report its status";
    const DOC: &'static str = "Builds an SLA clock from its start and a list of pauses, resumes \
        and a stop, checking each change is allowed (no resume without a pause, nothing after \
        the stop), and reads it at `now`.";
    const EXAMPLE: &'static str = r#"{"target": {"within": "PT4H"}, "started_at": "2026-11-26T10:00:00Z", "changes": [{"at": "2026-11-26T10:30:00Z", "action": "pause", "reason": "waiting on vendor"}, {"at": "2026-11-26T11:00:00Z", "action": "resume"}], "now": "2026-11-26T12:00:00Z"}"#;
    type Input = SlaReplayInput;
    type Output = SlaReplayOutput;
    fn run(i: SlaReplayInput) -> Result<SlaReplayOutput, Error> {
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
        Ok(SlaReplayOutput { clock, status })
    }
}

/// Clocks to aggregate.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct AttainmentInput {
    /// The policy (default: SEV-1..SEV-4).
    #[serde(default)]
    policy: Option<SeverityPolicy>,
    /// The clocks.
    clocks: Vec<SlaClock>,
    /// When to read them.
    now: DateTime<Utc>,
}

/// Attainment over clocks.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct AttainmentOutput {
    /// Met, breached and the ratio.
    attainment: Attainment,
    /// Each clock's state, in input order.
    statuses: Vec<SlaStatus>,
}

pub(crate) struct AttainmentOp;
impl Op for AttainmentOp {
    const NAME: &'static str = "severity.attainment";
    const SUMMARY: &'static str = "SLA attainment over a set of clocks";
    const DOC: &'static str = "Reads every clock at `now` and reports how many met their target, \
        how many breached, and attainment as met ÷ decided (clocks still running and not yet \
        breached are undecided and left out).";
    const EXAMPLE: &'static str = r#"{"clocks": [{"target": {"within": "PT1H"}, "started_at": "2026-11-26T10:00:00Z", "stopped_at": "2026-11-26T10:30:00Z"}], "now": "2026-11-26T12:00:00Z"}"#;
    const BULK: bool = true;
    type Input = AttainmentInput;
    type Output = AttainmentOutput;
    fn run(i: AttainmentInput) -> Result<AttainmentOutput, Error> {
        let p = policy(i.policy)?;
        let mut statuses = Vec::with_capacity(i.clocks.len());
        for c in &i.clocks {
            c.validate()?;
            statuses.push(c.status(&p, i.now)?);
        }
        Ok(AttainmentOutput {
            attainment: attainment(&statuses),
            statuses,
        })
    }
}

/// A severity and the escalation criteria met.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct SuggestUpgradeInput {
    /// The policy (default: SEV-1..SEV-4).
    #[serde(default)]
    policy: Option<SeverityPolicy>,
    /// The incident's severity now.
    current: String,
    /// Ids of the policy's escalation criteria that are met.
    met: Vec<String>,
}

/// A suggested severity.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct SuggestUpgradeOutput {
    /// The most severe level whose criteria are met, when more severe than `current`.
    suggested: Option<String>,
}

pub(crate) struct SuggestUpgrade;
impl Op for SuggestUpgrade {
    const NAME: &'static str = "severity.suggest_upgrade";
    const SUMMARY: &'static str =
        "the severity an incident should be raised to, given escalation criteria met";
    const DOC: &'static str = "Given the escalation criteria that are met (for example \
        `customer_data_at_risk`), the most severe level whose criteria include one of them, if it \
        is more severe than the current one. Never suggests a downgrade.";
    const EXAMPLE: &'static str = r#"{"current": "SEV-3", "met": []}"#;
    type Input = SuggestUpgradeInput;
    type Output = SuggestUpgradeOutput;
    fn run(i: SuggestUpgradeInput) -> Result<SuggestUpgradeOutput, Error> {
        let p = policy(i.policy)?;
        let s = p.suggest_upgrade(&i.current, &i.met)?;
        Ok(SuggestUpgradeOutput {
            suggested: s.map(|l| l.id.clone()),
        })
    }
}
