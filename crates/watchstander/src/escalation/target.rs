//! Level targets — people, schedules, round robins, other policies — and how they resolve to
//! the people notified when a level is reached.
//!
//! A **schedule** target is resolved when the level is reached, through the compiled
//! schedule's [`responders`](crate::schedule::CompiledSchedule::responders): whoever is on
//! call at that instant, with the layer and the reason that put them there. A **round robin**
//! is a ring of people and schedules; incident number `n` goes to member `n mod size`, so each
//! new incident starts at the next member (PagerDuty's "assign via round robin"). A **policy**
//! target hands the level to another team's front line: the targets of that policy's first
//! level (policies that hand to each other in a circle are refused when the directory is
//! built).
//!
//! ```json
//! {"targets": [{"schedule": "payments-primary"}, {"person": "dana"}]}
//! {"targets": [{"round_robin": [{"person": "ann"}, {"person": "ben"}, {"schedule": "sre"}]}]}
//! {"targets": [{"policy": "database-team"}]}
//! ```

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::directory::Directory;
use super::EscalationError;

/// What a level notifies. JSON: an object with one key naming the kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Target {
    /// One person, by id (from `people`).
    Person(String),
    /// Whoever is on call on a schedule when the level is reached.
    Schedule(String),
    /// A ring of people and schedules; each new incident starts at the next member.
    RoundRobin(Vec<Member>),
    /// The first level of another escalation policy.
    Policy(String),
}

/// A member of a round robin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Member {
    /// A person.
    Person(String),
    /// Whoever is on call on a schedule when it is this member's turn.
    Schedule(String),
}

/// How a person came to be notified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    /// Named on the level.
    Person,
    /// On call on a schedule named on the level.
    Schedule,
    /// Their turn in a round robin.
    RoundRobin,
    /// On the first level of another policy named on the level.
    Policy,
    /// They acknowledged before an acknowledgement timeout re-triggered the incident.
    Acknowledger,
    /// Routed to them because the person on call was asleep (follow-the-sun partner).
    Partner,
}

/// One person a level resolves to, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Recipient {
    pub person: String,
    pub via: Via,
    pub schedule: Option<String>,
    pub layer: Option<String>,
    pub policy: Option<String>,
    /// For a follow-the-sun partner: the sleeping person they stand in for.
    pub instead_of: Option<String>,
    /// The reason in words, e.g. `schedule primary: layer weekly (every week), turn 9: ...`.
    pub why: String,
}

/// Resolves `targets` at `t` into recipients, in target order, each person once.
///
/// `number` is the incident's round-robin number; `depth` guards nested `policy` targets
/// (cycles are refused when the directory is built, so this only bounds the work).
pub(crate) fn resolve(
    dir: &Directory,
    targets: &[Target],
    t: DateTime<Utc>,
    number: u64,
    depth: usize,
    out: &mut Vec<Recipient>,
) -> Result<(), EscalationError> {
    for target in targets {
        match target {
            Target::Person(p) => push(out, person(p, Via::Person)),
            Target::Schedule(s) => on_call(dir, s, t, Via::Schedule, "", out)?,
            Target::RoundRobin(members) => {
                let n = members.len() as u64;
                if n == 0 {
                    continue;
                }
                let i = (number % n) as usize;
                let turn = format!(
                    "round robin turn {} of {n} (incident number {number})",
                    i + 1
                );
                match members.get(i) {
                    Some(Member::Person(p)) => {
                        let mut r = person(p, Via::RoundRobin);
                        r.why = format!("{turn}: {}", r.person);
                        push(out, r);
                    }
                    Some(Member::Schedule(s)) => {
                        on_call(dir, s, t, Via::RoundRobin, &format!("{turn}: "), out)?
                    }
                    None => {}
                }
            }
            Target::Policy(id) => {
                if depth >= super::MAX_POLICY_DEPTH {
                    return Err(EscalationError::CyclicPolicy {
                        cycle: vec![id.clone()],
                    });
                }
                let policy = dir.policy(id, "policy target")?;
                let first = policy.levels().first().map(|l| l.targets.as_slice());
                let mut inner = Vec::new();
                resolve(dir, first.unwrap_or(&[]), t, number, depth + 1, &mut inner)?;
                for mut r in inner {
                    r.why = format!("policy {id} level 1: {}", r.why);
                    if r.policy.is_none() {
                        r.policy = Some(id.clone());
                    }
                    if r.via == Via::Person {
                        r.via = Via::Policy;
                    }
                    push(out, r);
                }
            }
        }
    }
    Ok(())
}

fn person(id: &str, via: Via) -> Recipient {
    Recipient {
        person: id.to_string(),
        via,
        schedule: None,
        layer: None,
        policy: None,
        instead_of: None,
        why: id.to_string(),
    }
}

fn push(out: &mut Vec<Recipient>, r: Recipient) {
    if let Some(existing) = out.iter_mut().find(|e| e.person == r.person) {
        // The same person through two targets: notified once, with both reasons.
        existing.why = format!("{}; also {}", existing.why, r.why);
    } else {
        out.push(r);
    }
}

fn on_call(
    dir: &Directory,
    schedule: &str,
    t: DateTime<Utc>,
    via: Via,
    prefix: &str,
    out: &mut Vec<Recipient>,
) -> Result<(), EscalationError> {
    let compiled = dir.compiled(schedule, "schedule target")?;
    for shift in compiled.responders(t)? {
        push(
            out,
            Recipient {
                person: shift.person.clone(),
                via,
                schedule: Some(schedule.to_string()),
                layer: shift.layer.clone(),
                policy: None,
                instead_of: None,
                why: format!("{prefix}schedule {schedule}: {}", shift.why),
            },
        );
    }
    Ok(())
}
