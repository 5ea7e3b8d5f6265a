//! The escalation log: what a run did and why, the problems it found, and its state.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::name::Name;
use super::urgency::Urgency;
use super::why::Explanation;

/// Where the incident is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    /// Escalating (or, at low urgency, waiting).
    Triggered,
    /// Acknowledged: nothing is sent unless the acknowledgement times out.
    Acknowledged,
    /// Resolved: nothing more is sent.
    Resolved,
}

/// A kind of step in the escalation log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// The incident triggered.
    Triggered,
    /// A level was reached and its people notified.
    LevelReached,
    /// A level had nobody to notify and was skipped at once.
    LevelSkipped,
    /// A level had nobody to notify; its delay is waited out.
    LevelEmpty,
    /// The last level's delay ran out and the policy starts again.
    LoopStarted,
    /// The last loop's last level ran out: nobody more will be notified.
    Exhausted,
    /// Someone acknowledged.
    Acknowledged,
    /// An acknowledgement timed out; the incident is triggered again.
    AckTimedOut,
    /// The incident was resolved.
    Resolved,
    /// The urgency changed (support hours started, or the severity changed).
    UrgencyChanged,
    /// The severity changed without changing the urgency.
    SeverityChanged,
    /// The incident moved to another policy.
    Reassigned,
    /// The incident triggered again.
    Retriggered,
    /// Someone escalated by hand.
    Escalated,
    /// An event that changes nothing in this state (e.g. resolving twice).
    Ignored,
}

/// One entry of the escalation log: what the escalation did and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Step {
    /// When.
    #[serde(serialize_with = "super::json::instant")]
    pub at: DateTime<Utc>,
    /// What.
    pub kind: StepKind,
    /// The policy.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub policy: Name,
    /// The level concerned, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<u32>,
    /// The loop, from 1.
    #[serde(default, rename = "loop", skip_serializing_if = "Option::is_none")]
    pub loop_number: Option<u32>,
    /// The people notified (for `level_reached`), in target order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "schema", schemars(with = "Vec<String>"))]
    pub people: Vec<Name>,
    // Written when it is read or serialised (an `Explanation`).
    /// In words.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub detail: Explanation,
}

/// A kind of problem the plan reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// Nobody could be notified during a whole loop (or, at low urgency, on reaching the
    /// policy): the page would be lost.
    Unreachable,
    /// The notification limit was reached; later notifications are not planned.
    Truncated,
}

/// A condition that needs a human: a page that reaches nobody, a plan cut short.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Problem {
    /// When it became true.
    pub at: DateTime<Utc>,
    /// What.
    pub kind: ProblemKind,
    /// The policy.
    pub policy: String,
    /// The loop concerned, from 1.
    #[serde(default, rename = "loop", skip_serializing_if = "Option::is_none")]
    pub loop_number: Option<u32>,
    /// In words, with what to do.
    pub detail: String,
}

/// A snapshot of the run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RunState {
    /// The incident.
    pub incident: String,
    /// Status.
    pub status: RunStatus,
    /// Current urgency.
    pub urgency: Urgency,
    /// Current policy.
    pub policy: String,
    /// Current level, from 1.
    pub level: u32,
    /// Current loop, from 1.
    #[serde(rename = "loop")]
    pub loop_number: u32,
    /// Who acknowledged last, while acknowledged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged_by: Option<String>,
    /// When the next level is reached if nobody acknowledges.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_escalation: Option<DateTime<Utc>>,
    /// When the acknowledgement times out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ack_timeout_at: Option<DateTime<Utc>>,
    /// When support hours raise the urgency to high.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raise_at: Option<DateTime<Utc>>,
    /// When `due` next has something to do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_due: Option<DateTime<Utc>>,
    /// Notifications handed out by `due` so far.
    pub sent: usize,
    /// The instant the run has been brought up to.
    pub clock: DateTime<Utc>,
}
