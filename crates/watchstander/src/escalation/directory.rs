//! The directory: the policies, schedules, people and severity policy an escalation resolves
//! names against, checked together and compiled once.
//!
//! Building a directory checks every cross-reference — a person target must have a profile, a
//! schedule or policy target must exist, policies must not hand to each other in a circle,
//! severity ids must exist — and compiles each schedule over one window with
//! [`Schedule::compile`]. After that, resolving a schedule target is a binary search
//! ([`CompiledSchedule::responders`]), so one directory serves any number of incidents.
//!
//! Schedule members without a profile are allowed: they are contacted once, at once, with no
//! contact method, on the schedule's clock (`validate` lists them so you can add profiles).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};

use super::error::check_id;
use super::policy::EscalationPolicy;
use super::rules::PersonProfile;
use super::target::{Member, Target};
use super::{EscalationError, MAX_PEOPLE, MAX_POLICIES, MAX_POLICY_DEPTH, MAX_SCHEDULES};
use crate::schedule::{CompiledSchedule, Interval, Schedule};
use crate::severity::SeverityPolicy;
use crate::time::Zone;

/// Validated policies, compiled schedules, people and the severity policy.
#[derive(Debug, Clone)]
pub struct Directory {
    policies: BTreeMap<String, EscalationPolicy>,
    schedules: BTreeMap<String, (Schedule, CompiledSchedule)>,
    people: BTreeMap<String, PersonProfile>,
    severity: SeverityPolicy,
    window: Interval,
}

fn limit(what: &str, count: usize, max: usize) -> Result<(), EscalationError> {
    if count > max {
        return Err(EscalationError::limit(
            what,
            count,
            max,
            "split the directory by team",
        ));
    }
    Ok(())
}

impl Directory {
    /// Checks the documents against each other and compiles every schedule over `window`
    /// (which must cover every instant the escalation will reach: creation to horizon).
    ///
    /// `severity` defaults to [`SeverityPolicy::default`].
    pub fn new(
        policies: Vec<EscalationPolicy>,
        schedules: Vec<Schedule>,
        people: Vec<PersonProfile>,
        severity: Option<SeverityPolicy>,
        window: Interval,
    ) -> Result<Directory, EscalationError> {
        limit("schedules", schedules.len(), MAX_SCHEDULES)?;
        let mut compiled = Vec::with_capacity(schedules.len());
        for s in schedules {
            let c = s.compile(window)?;
            compiled.push((s, c));
        }
        Directory::with_compiled(policies, compiled, people, severity)
    }

    /// As [`new`](Directory::new), with schedules you compiled yourself. The directory's window
    /// is the part every compiled window shares.
    pub fn with_compiled(
        policies: Vec<EscalationPolicy>,
        schedules: Vec<(Schedule, CompiledSchedule)>,
        people: Vec<PersonProfile>,
        severity: Option<SeverityPolicy>,
    ) -> Result<Directory, EscalationError> {
        limit("escalation policies", policies.len(), MAX_POLICIES)?;
        limit("schedules", schedules.len(), MAX_SCHEDULES)?;
        limit("people", people.len(), MAX_PEOPLE)?;
        let severity = severity.unwrap_or_default().validate()?;
        let mut window: Option<Interval> = None;
        let mut sched_map = BTreeMap::new();
        for (s, c) in schedules {
            let w = c.window();
            window = Some(match window {
                None => w,
                Some(acc) => acc
                    .intersect(&w)
                    .ok_or_else(|| EscalationError::InvalidBound {
                        reason: format!(
                        "schedule {:?} was compiled for a window that does not overlap the others'",
                        s.id()
                    ),
                    })?,
            });
            let id = s.id().to_string();
            if sched_map.insert(id.clone(), (s, c)).is_some() {
                return Err(EscalationError::DuplicateId {
                    kind: "schedule".to_string(),
                    id,
                });
            }
        }
        let mut people_map = BTreeMap::new();
        for p in people {
            let id = p.id().to_string();
            if people_map.insert(id.clone(), p).is_some() {
                return Err(EscalationError::DuplicateId {
                    kind: "person".to_string(),
                    id,
                });
            }
        }
        let mut policy_map = BTreeMap::new();
        for p in policies {
            p.spec().urgency.validate(&severity)?;
            let id = p.id().to_string();
            if policy_map.insert(id.clone(), p).is_some() {
                return Err(EscalationError::DuplicateId {
                    kind: "escalation policy".to_string(),
                    id,
                });
            }
        }
        let dir = Directory {
            policies: policy_map,
            schedules: sched_map,
            people: people_map,
            severity,
            // With no schedules, any instant will do.
            window: window.unwrap_or(Interval {
                start: DateTime::<Utc>::MIN_UTC,
                end: DateTime::<Utc>::MAX_UTC,
            }),
        };
        dir.check_references()?;
        dir.check_cycles()?;
        Ok(dir)
    }

    fn check_references(&self) -> Result<(), EscalationError> {
        for (pid, policy) in &self.policies {
            for (level, target) in policy.references() {
                let at = format!("policy {pid:?}, level {level}");
                match target {
                    Target::Person(p) => self.known_person(p, &at)?,
                    Target::Schedule(s) => {
                        self.compiled(s, &at)?;
                    }
                    Target::Policy(p) => {
                        self.policy(p, &at)?;
                    }
                    Target::RoundRobin(members) => {
                        for m in members {
                            match m {
                                Member::Person(p) => self.known_person(p, &at)?,
                                Member::Schedule(s) => {
                                    self.compiled(s, &at)?;
                                }
                            }
                        }
                    }
                }
            }
        }
        Ok(())
    }

    fn known_person(&self, id: &str, at: &str) -> Result<(), EscalationError> {
        check_id("person", id)?;
        if self.people.contains_key(id) {
            Ok(())
        } else {
            Err(EscalationError::UnknownPerson {
                person: id.to_string(),
                referenced_by: at.to_string(),
            })
        }
    }

    /// Refuses policies that reach themselves through `policy` targets, and chains deeper
    /// than [`MAX_POLICY_DEPTH`].
    fn check_cycles(&self) -> Result<(), EscalationError> {
        let edges = |id: &str| -> Vec<&str> {
            self.policies
                .get(id)
                .map(|p| {
                    p.references()
                        .into_iter()
                        .filter_map(|(_, t)| match t {
                            Target::Policy(q) => Some(q.as_str()),
                            _ => None,
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        // Depth-first search with an explicit stack; every path is at most MAX_POLICY_DEPTH
        // long, so the walk is bounded even on adversarial graphs.
        let mut done: BTreeSet<&str> = BTreeSet::new();
        for start in self.policies.keys() {
            if done.contains(start.as_str()) {
                continue;
            }
            let mut path: Vec<&str> = vec![start.as_str()];
            let mut stack: Vec<Vec<&str>> = vec![edges(start)];
            while let Some(next) = stack.last_mut() {
                match next.pop() {
                    Some(q) => {
                        if let Some(i) = path.iter().position(|p| *p == q) {
                            let mut cycle: Vec<String> =
                                path.iter().skip(i).map(|s| s.to_string()).collect();
                            cycle.push(q.to_string());
                            return Err(EscalationError::CyclicPolicy { cycle });
                        }
                        if done.contains(q) {
                            continue;
                        }
                        if path.len() >= MAX_POLICY_DEPTH {
                            let mut chain: Vec<String> =
                                path.iter().map(|s| s.to_string()).collect();
                            chain.push(q.to_string());
                            return Err(EscalationError::limit(
                                &format!("nested policy targets ({})", chain.join(" → ")),
                                chain.len(),
                                MAX_POLICY_DEPTH,
                                "name people or schedules instead of chaining policies",
                            ));
                        }
                        path.push(q);
                        stack.push(edges(q));
                    }
                    None => {
                        stack.pop();
                        if let Some(p) = path.pop() {
                            done.insert(p);
                        }
                    }
                }
            }
        }
        Ok(())
    }

    /// A policy by id; `referenced_by` says where the name came from, for the error.
    pub fn policy(
        &self,
        id: &str,
        referenced_by: &str,
    ) -> Result<&EscalationPolicy, EscalationError> {
        self.policies
            .get(id)
            .ok_or_else(|| EscalationError::UnknownPolicy {
                policy: id.chars().take(200).collect(),
                referenced_by: referenced_by.to_string(),
                known: self.policies.keys().cloned().collect(),
            })
    }

    /// A compiled schedule by id.
    pub fn compiled(
        &self,
        id: &str,
        referenced_by: &str,
    ) -> Result<&CompiledSchedule, EscalationError> {
        self.schedules
            .get(id)
            .map(|(_, c)| c)
            .ok_or_else(|| EscalationError::UnknownSchedule {
                schedule: id.chars().take(200).collect(),
                referenced_by: referenced_by.to_string(),
                known: self.schedules.keys().cloned().collect(),
            })
    }

    /// A schedule (as written) by id.
    pub fn schedule(&self, id: &str) -> Option<&Schedule> {
        self.schedules.get(id).map(|(s, _)| s)
    }

    /// Schedule ids.
    pub fn schedule_ids(&self) -> impl Iterator<Item = &str> {
        self.schedules.keys().map(String::as_str)
    }

    /// Policy ids.
    pub fn policy_ids(&self) -> impl Iterator<Item = &str> {
        self.policies.keys().map(String::as_str)
    }

    /// A person's profile, if they have one.
    pub fn person(&self, id: &str) -> Option<&PersonProfile> {
        self.people.get(id)
    }

    /// A person's zone: their profile's, else the first schedule that lists them, else UTC.
    pub fn person_zone(&self, id: &str) -> Zone {
        if let Some(z) = self.people.get(id).and_then(|p| p.spec().zone) {
            return z;
        }
        self.schedules
            .values()
            .find(|(s, _)| s.people().iter().any(|p| p == id))
            .map_or(Zone::UTC, |(s, _)| s.person_zone(id))
    }

    /// People the schedules can put on call who have no profile, sorted.
    pub fn people_without_profile(&self) -> Vec<String> {
        let mut out: BTreeSet<String> = BTreeSet::new();
        for (s, _) in self.schedules.values() {
            out.extend(
                s.people()
                    .into_iter()
                    .filter(|p| !self.people.contains_key(p)),
            );
        }
        out.into_iter().collect()
    }

    /// The severity policy urgency rules read.
    pub fn severity_policy(&self) -> &SeverityPolicy {
        &self.severity
    }

    /// The window every schedule is compiled for.
    pub fn window(&self) -> Interval {
        self.window
    }

    /// Fails unless `t` is inside the directory's window.
    pub(crate) fn check_instant(&self, t: DateTime<Utc>) -> Result<(), EscalationError> {
        if self.window.contains(t) {
            Ok(())
        } else {
            Err(EscalationError::OutsideWindow {
                at: t,
                window_start: self.window.start,
                window_end: self.window.end,
            })
        }
    }
}
