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

use super::directory::{Directory, Ref};
use super::why::{recipient_text, text, Because};
use super::EscalationError;

/// What a level notifies. JSON: an object with one key naming the kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Member {
    /// A person.
    Person(String),
    /// Whoever is on call on a schedule when it is this member's turn.
    Schedule(String),
}

/// The JSON shape of a target, read as an object with one of four keys. Reading it as a
/// plain object (rather than as a serde enum) lets every front end — JSON, Python dicts, JS
/// objects — hand it over the same way.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetRepr {
    #[serde(default)]
    person: Option<String>,
    #[serde(default)]
    schedule: Option<String>,
    #[serde(default)]
    round_robin: Option<Vec<Member>>,
    #[serde(default)]
    policy: Option<String>,
}

fn one_key<E: serde::de::Error>(count: usize, keys: &str) -> Result<(), E> {
    if count == 1 {
        Ok(())
    } else {
        Err(E::custom(format!(
            "a target is an object with exactly one of the keys {keys}, e.g. {{\"schedule\": \"primary\"}}"
        )))
    }
}

impl<'de> Deserialize<'de> for Target {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let r = TargetRepr::deserialize(deserializer)?;
        let count = usize::from(r.person.is_some())
            + usize::from(r.schedule.is_some())
            + usize::from(r.round_robin.is_some())
            + usize::from(r.policy.is_some());
        one_key::<D::Error>(count, "person, schedule, round_robin, policy")?;
        Ok(match (r.person, r.schedule, r.round_robin, r.policy) {
            (Some(p), _, _, _) => Target::Person(p),
            (_, Some(s), _, _) => Target::Schedule(s),
            (_, _, Some(m), _) => Target::RoundRobin(m),
            (_, _, _, Some(p)) => Target::Policy(p),
            _ => return Err(serde::de::Error::custom("empty target")),
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MemberRepr {
    #[serde(default)]
    person: Option<String>,
    #[serde(default)]
    schedule: Option<String>,
}

impl<'de> Deserialize<'de> for Member {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let r = MemberRepr::deserialize(deserializer)?;
        match (r.person, r.schedule) {
            (Some(p), None) => Ok(Member::Person(p)),
            (None, Some(s)) => Ok(Member::Schedule(s)),
            _ => Err(serde::de::Error::custom(
                "a round-robin member is an object with exactly one of the keys person, schedule, e.g. {\"person\": \"ann\"}",
            )),
        }
    }
}

/// How a person came to be notified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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

/// One person a level resolves to, and why (names interned in the directory).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Recipient {
    pub person: u32,
    pub via: Via,
    pub schedule: Option<u16>,
    pub layer: Option<u16>,
    pub policy: Option<u16>,
    /// For a follow-the-sun partner: the sleeping person they stand in for.
    pub instead_of: Option<u32>,
    /// Why they are on the level, as data (written as e.g. `schedule primary: layer weekly
    /// (every week), turn 9: ...`); nothing unless explanations are on.
    pub because: Because,
}

/// Resolves `targets` at `t` into recipients, in target order, each person once.
///
/// `number` is the incident's round-robin number; `depth` guards nested `policy` targets
/// (cycles are refused when the directory is built, so this only bounds the work). Reasons in
/// words are written only when `explain` is set.
pub(crate) fn resolve(
    dir: &Directory,
    targets: &[Ref],
    t: DateTime<Utc>,
    number: u64,
    depth: usize,
    explain: bool,
    out: &mut Vec<Recipient>,
) -> Result<(), EscalationError> {
    for target in targets {
        match target {
            Ref::Person(p) => push(dir, out, person(*p, Via::Person, explain)),
            Ref::Schedule(s) => on_call(dir, *s, t, Via::Schedule, None, explain, out)?,
            Ref::RoundRobin(members) => {
                let n = members.len() as u64;
                if n == 0 {
                    continue;
                }
                let i = (number % n) as usize;
                let turn = (i as u32 + 1, n as u32, number);
                match members.get(i) {
                    Some(Ref::Person(p)) => {
                        let mut r = person(*p, Via::RoundRobin, explain);
                        if explain {
                            r.because = Because::RoundRobin {
                                turn: turn.0,
                                of: turn.1,
                                number,
                                shift: None,
                            };
                        }
                        push(dir, out, r);
                    }
                    Some(Ref::Schedule(s)) => {
                        on_call(dir, *s, t, Via::RoundRobin, Some(turn), explain, out)?
                    }
                    _ => {}
                }
            }
            Ref::Policy(id) => {
                if depth >= super::MAX_POLICY_DEPTH {
                    return Err(EscalationError::CyclicPolicy {
                        cycle: vec![dir.policy_name(*id).to_string()],
                    });
                }
                let mut inner = Vec::new();
                resolve(
                    dir,
                    dir.level_targets(*id, 0),
                    t,
                    number,
                    depth + 1,
                    explain,
                    &mut inner,
                )?;
                for mut r in inner {
                    if explain {
                        r.because = text(format!(
                            "policy {} level 1: {}",
                            dir.policy_name(*id),
                            recipient_text(dir, r.person, r.schedule, &r.because)
                        ));
                    }
                    if r.policy.is_none() {
                        r.policy = Some(*id);
                    }
                    if r.via == Via::Person {
                        r.via = Via::Policy;
                    }
                    push(dir, out, r);
                }
            }
        }
    }
    Ok(())
}

fn person(id: u32, via: Via, explain: bool) -> Recipient {
    Recipient {
        person: id,
        via,
        schedule: None,
        layer: None,
        policy: None,
        instead_of: None,
        because: if explain {
            Because::Named
        } else {
            Because::Unexplained
        },
    }
}

fn push(dir: &Directory, out: &mut Vec<Recipient>, r: Recipient) {
    if let Some(existing) = out.iter_mut().find(|e| e.person == r.person) {
        // The same person through two targets: notified once, with both reasons.
        if existing.because != Because::Unexplained {
            existing.because = text(format!(
                "{}; also {}",
                recipient_text(dir, existing.person, existing.schedule, &existing.because),
                recipient_text(dir, r.person, r.schedule, &r.because)
            ));
        }
    } else {
        out.push(r);
    }
}

/// The people on call on schedule `sid` at `t`, through `turn` (turn, ring size, incident
/// number) of a round robin if given.
fn on_call(
    dir: &Directory,
    sid: u16,
    t: DateTime<Utc>,
    via: Via,
    turn: Option<(u32, u32, u64)>,
    explain: bool,
    out: &mut Vec<Recipient>,
) -> Result<(), EscalationError> {
    let Some((_, compiled)) = dir.schedule_by_id(sid) else {
        return Ok(());
    };
    for &shift in compiled.oncall_shift_indices(t)? {
        let Some((person, layer)) = dir.shift_refs(sid, shift) else {
            continue;
        };
        let because = match (explain, turn) {
            (false, _) => Because::Unexplained,
            (true, None) => Because::Shift(shift),
            (true, Some((turn, of, number))) => Because::RoundRobin {
                turn,
                of,
                number,
                shift: Some(shift),
            },
        };
        push(
            dir,
            out,
            Recipient {
                person,
                via,
                schedule: Some(sid),
                layer,
                policy: None,
                instead_of: None,
                because,
            },
        );
    }
    Ok(())
}
