//! Escalation policies: ordered levels with targets and delays, repeat loops, acknowledgement
//! timeout, urgency and sleep options.
//!
//! ```
//! use watchstander::escalation::EscalationPolicy;
//!
//! // PagerDuty's shape: notify the primary schedule, escalate to the secondary after 15
//! // minutes, then to the manager after another 10; go round the whole policy twice more.
//! let policy: EscalationPolicy = serde_json::from_value(serde_json::json!({
//!   "id": "payments",
//!   "levels": [
//!     {"targets": [{"schedule": "payments-primary"}], "delay": "PT15M"},
//!     {"targets": [{"schedule": "payments-secondary"}], "delay": "PT10M"},
//!     {"targets": [{"person": "dana"}], "delay": "PT30M"}
//!   ],
//!   "repeat": 2,
//!   "ack_timeout": "PT30M"
//! }))?;
//! assert_eq!(policy.levels().len(), 3);
//! // Level 2 is reached 15 minutes after level 1, level 3 ten minutes after that.
//! assert_eq!(policy.dwell(0).num_minutes(), 15);
//! assert_eq!(policy.dwell(1).num_minutes(), 10);
//!
//! // A delay of zero is refused with a typed error naming the level.
//! let err = watchstander::from_json::<EscalationPolicy>(&serde_json::json!({
//!   "id": "p", "levels": [{"targets": [{"person": "a"}], "delay": "PT0M"}]
//! })).unwrap_err();
//! assert_eq!(err.code(), "invalid_delay");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use chrono::Duration;
use serde::{Deserialize, Serialize};

use super::error::check_id;
use super::target::{Member, Target};
use super::urgency::UrgencyRule;
use super::{
    EscalationError, MAX_DELAY_MINUTES, MAX_LEVELS, MAX_REPEATS, MAX_ROUND_ROBIN, MAX_TARGETS,
    MIN_DELAY_MINUTES,
};
use crate::time::IsoDuration;

/// What a level's `delay` is counted from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DelayFrom {
    /// From arrival at the level (PagerDuty's "escalates after N minutes"): the next level is
    /// reached `delay` after this one was.
    #[default]
    Level,
    /// From the start of the current loop — the incident's creation for the first loop
    /// (Opsgenie's rule delays): the next level is reached `delay` after the loop started, so
    /// delays must increase level by level. Opsgenie's rule *n+1* delay is level *n*'s delay
    /// here. Levels keep their slots: an empty level is not skipped.
    Creation,
}

/// What happens when an acknowledgement times out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum AckTimeoutMode {
    /// The incident returns to triggered at the level where it was acknowledged; that level's
    /// people (resolved again) and the acknowledger are notified, and escalation continues
    /// from there (PagerDuty: "the escalation process resumes").
    #[default]
    Resume,
    /// The incident starts the policy again from level 1, loop 1, and the acknowledger is
    /// notified too (PagerDuty's older wording: "start the notification process from the
    /// beginning").
    Restart,
}

/// What happens to the notification rules of people on a level when the incident escalates
/// past it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum OnEscalate {
    /// Escalating reassigns the incident: the earlier level's remaining contact attempts are
    /// not sent (PagerDuty: a notification rule at or after the escalation delay never fires).
    #[default]
    Reassign,
    /// Earlier levels keep being notified by their own rules until someone acknowledges
    /// (GoAlert's notification cycles).
    KeepNotifying,
}

/// Sleep-aware delivery for low-urgency incidents (no anchor product has it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SleepMode {
    /// Notify whenever the rules say.
    #[default]
    Off,
    /// Hold low-urgency notifications that fall in the recipient's sleep hours (their own
    /// zone) until they wake.
    Defer,
    /// Route a low-urgency notification for a sleeping schedule responder to an awake person
    /// on call on another layer of the same schedule (follow the sun); defer when nobody is
    /// awake.
    Partner,
}

/// One level of a policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// A label shown in plans, e.g. `"secondary"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Who is notified, all at once, when the level is reached.
    pub targets: Vec<Target>,
    /// When the incident escalates past this level if nobody acknowledges: counted from
    /// arrival at the level (default) or from the start of the loop (`delay_from:
    /// "creation"`). Whole minutes from `PT1M` to `P1D`. After the last level it is the wait
    /// before the next loop.
    pub delay: IsoDuration,
}

/// An escalation policy as written in JSON (see `docs/formats/escalation.md`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EscalationPolicySpec {
    /// Stable identifier; incidents and `reassigned` events name it.
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The levels, first notified first.
    pub levels: Vec<Level>,
    /// How many more times to go through all levels after the first pass if nobody
    /// acknowledges (PagerDuty's `num_loops`); 0 to 20.
    #[serde(default)]
    pub repeat: u32,
    /// What level delays count from.
    #[serde(default)]
    pub delay_from: DelayFrom,
    /// Skip a level with nobody on call at once instead of waiting out its delay (only with
    /// `delay_from: "level"`; never past the last level, so no loop is used up without time
    /// passing). Default true.
    #[serde(default = "yes")]
    pub skip_empty_levels: bool,
    /// Return an acknowledged incident to triggered after this long if it is not resolved
    /// (PagerDuty's incident ack timeout); whole minutes, `PT1M` to `P1D`. Absent: never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ack_timeout: Option<IsoDuration>,
    /// What an acknowledgement timeout does.
    #[serde(default)]
    pub ack_timeout_mode: AckTimeoutMode,
    /// What escalating does to earlier levels' contact attempts.
    #[serde(default)]
    pub on_escalate: OnEscalate,
    /// How the urgency is decided.
    #[serde(default)]
    pub urgency: UrgencyRule,
    /// Sleep-aware delivery of low-urgency notifications.
    #[serde(default)]
    pub sleep: SleepMode,
}

fn yes() -> bool {
    true
}

/// A validated escalation policy. It (de)serialises as its [`EscalationPolicySpec`];
/// deserialising validates everything that does not need other documents (names of people,
/// schedules and policies are checked by the [`Directory`](super::Directory)).
///
/// # Examples
///
/// ```
/// use watchstander::escalation::EscalationPolicy;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let policy: EscalationPolicy = serde_json::from_value(serde_json::json!({
///     "id": "payments",
///     "levels": [
///         { "name": "primary", "targets": [{ "schedule": "payments-primary" }], "delay": "PT10M" },
///         { "name": "lead", "targets": [{ "person": "eve" }], "delay": "PT15M" }
///     ],
///     "repeat": 1
/// }))?;
/// assert_eq!(policy.id(), "payments");
/// assert_eq!(policy.levels().len(), 2);
///
/// // A delay that is not an ISO 8601 duration is refused when the policy is read.
/// let bad = serde_json::json!({ "id": "p", "levels": [
///     { "name": "primary", "targets": [{ "person": "eve" }], "delay": "ten minutes" }] });
/// assert!(serde_json::from_value::<EscalationPolicy>(bad).is_err());
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct EscalationPolicy {
    spec: EscalationPolicySpec,
    /// Time spent at each level before the next (loop-relative delays turned into dwell times).
    dwell: Vec<Duration>,
    ack_timeout: Option<Duration>,
}

impl Serialize for EscalationPolicy {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.spec.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for EscalationPolicy {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spec = EscalationPolicySpec::deserialize(deserializer)?;
        EscalationPolicy::new(spec).map_err(crate::error::de_error)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for EscalationPolicy {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "EscalationPolicy".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        EscalationPolicySpec::json_schema(generator)
    }
}

/// A delay in whole minutes within `[MIN_DELAY_MINUTES, max]`.
pub(crate) fn minutes(d: &IsoDuration, max: i64) -> Result<Duration, String> {
    if d.negative {
        return Err("it is negative".to_string());
    }
    let fixed = d.to_fixed().map_err(|_| {
        "months and years have no fixed length; use minutes, hours or P1D".to_string()
    })?;
    if fixed.num_seconds() % 60 != 0 {
        return Err("delays are whole minutes".to_string());
    }
    let m = fixed.num_minutes();
    if m < MIN_DELAY_MINUTES {
        return Err(format!(
            "it must be at least {MIN_DELAY_MINUTES} minute (a zero delay would page the next level at once; put those targets on the same level instead)"
        ));
    }
    if m > max {
        return Err(format!("it must be at most {max} minutes"));
    }
    Ok(fixed)
}

impl EscalationPolicy {
    /// Validates a policy: at least one level, every level with targets, delays within
    /// [`MIN_DELAY_MINUTES`]..=[`MAX_DELAY_MINUTES`] (increasing with `delay_from:
    /// "creation"`), and the limits [`MAX_LEVELS`], [`MAX_TARGETS`], [`MAX_ROUND_ROBIN`] and
    /// [`MAX_REPEATS`].
    pub fn new(spec: EscalationPolicySpec) -> Result<EscalationPolicy, EscalationError> {
        check_id("escalation policy", &spec.id)?;
        let id = spec.id.clone();
        if spec.levels.is_empty() {
            return Err(EscalationError::EmptyPolicy { policy: id });
        }
        if spec.levels.len() > MAX_LEVELS {
            return Err(EscalationError::limit(
                &format!("levels in escalation policy {id:?}"),
                spec.levels.len(),
                MAX_LEVELS,
                "merge levels that notify at the same time, or hand over to another policy with a `policy` target",
            ));
        }
        if spec.repeat > MAX_REPEATS {
            return Err(EscalationError::limit(
                &format!("repeats in escalation policy {id:?}"),
                spec.repeat as usize,
                MAX_REPEATS as usize,
                "set an acknowledgement timeout instead of repeating for hours",
            ));
        }
        let mut dwell = Vec::with_capacity(spec.levels.len());
        let mut previous = Duration::zero();
        for (i, level) in spec.levels.iter().enumerate() {
            let n = i + 1;
            check_targets(&id, n, &level.targets)?;
            let d = minutes(&level.delay, MAX_DELAY_MINUTES).map_err(|reason| {
                EscalationError::InvalidDelay {
                    policy: id.clone(),
                    level: n,
                    delay: level.delay.to_string(),
                    reason,
                }
            })?;
            match spec.delay_from {
                DelayFrom::Level => dwell.push(d),
                DelayFrom::Creation => {
                    if d <= previous {
                        return Err(EscalationError::InvalidDelay {
                            policy: id.clone(),
                            level: n,
                            delay: level.delay.to_string(),
                            reason: format!(
                                "with delay_from \"creation\" delays count from the start of the loop and must increase level by level (the previous level's is {} minutes)",
                                previous.num_minutes()
                            ),
                        });
                    }
                    dwell.push(d - previous);
                    previous = d;
                }
            }
        }
        let ack_timeout = match &spec.ack_timeout {
            None => None,
            Some(t) => Some(minutes(t, MAX_DELAY_MINUTES).map_err(|reason| {
                EscalationError::InvalidAckTimeout {
                    policy: id.clone(),
                    timeout: t.to_string(),
                    reason,
                }
            })?),
        };
        Ok(EscalationPolicy {
            spec,
            dwell,
            ack_timeout,
        })
    }

    /// The specification.
    pub fn spec(&self) -> &EscalationPolicySpec {
        &self.spec
    }

    /// The policy id.
    pub fn id(&self) -> &str {
        &self.spec.id
    }

    /// The levels.
    pub fn levels(&self) -> &[Level] {
        &self.spec.levels
    }

    /// How long the escalation stays at level `index` (from 0) before the next one when
    /// nobody acknowledges; zero for an index past the last level.
    pub fn dwell(&self, index: usize) -> Duration {
        self.dwell
            .get(index)
            .copied()
            .unwrap_or_else(Duration::zero)
    }

    /// The acknowledgement timeout, if any.
    pub fn ack_timeout(&self) -> Option<Duration> {
        self.ack_timeout
    }

    /// Every person, schedule and policy id the levels name, with the level (from 1).
    pub(crate) fn references(&self) -> Vec<(usize, &Target)> {
        self.spec
            .levels
            .iter()
            .enumerate()
            .flat_map(|(i, l)| l.targets.iter().map(move |t| (i + 1, t)))
            .collect()
    }
}

fn check_targets(policy: &str, level: usize, targets: &[Target]) -> Result<(), EscalationError> {
    let bad = |reason: &str| EscalationError::InvalidTarget {
        policy: policy.to_string(),
        level,
        reason: reason.to_string(),
    };
    if targets.is_empty() {
        return Err(bad(
            "the level has no targets; name a person, schedule, round robin or policy, or delete the level",
        ));
    }
    if targets.len() > MAX_TARGETS {
        return Err(EscalationError::limit(
            &format!("targets on level {level} of escalation policy {policy:?}"),
            targets.len(),
            MAX_TARGETS,
            "put the people on a schedule and target the schedule",
        ));
    }
    for t in targets {
        let ids: Vec<&str> = match t {
            Target::Person(p) | Target::Schedule(p) | Target::Policy(p) => vec![p.as_str()],
            Target::RoundRobin(members) => {
                if members.is_empty() {
                    return Err(bad("a round robin needs at least one member"));
                }
                if members.len() > MAX_ROUND_ROBIN {
                    return Err(EscalationError::limit(
                        &format!(
                            "round-robin members on level {level} of escalation policy {policy:?}"
                        ),
                        members.len(),
                        MAX_ROUND_ROBIN,
                        "use a schedule with a rotation instead",
                    ));
                }
                members
                    .iter()
                    .map(|m| match m {
                        Member::Person(p) | Member::Schedule(p) => p.as_str(),
                    })
                    .collect()
            }
        };
        for id in ids {
            check_id("target", id)?;
        }
    }
    Ok(())
}
