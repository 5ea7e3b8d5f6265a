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
use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::error::check_id;
use super::name::Name;
use super::policy::EscalationPolicy;
use super::rules::PersonProfile;
use super::target::{Member, Target};
use super::urgency::Urgency;
use super::{EscalationError, MAX_PEOPLE, MAX_POLICIES, MAX_POLICY_DEPTH, MAX_SCHEDULES};
use crate::schedule::{CompiledSchedule, Interval, Schedule};
use crate::severity::SeverityPolicy;
use crate::time::Zone;

/// Validated policies, compiled schedules, people and the severity policy.
///
/// Names are interned: every person (with a profile or on a schedule), schedule, layer and
/// policy gets a small number, which is what [`CompactNotification`](super::CompactNotification)s
/// carry; [`person_name`](Directory::person_name) and friends turn them back into names.
/// Level targets are resolved to those numbers once, when the directory is built.
///
/// A directory is shared, not copied: cloning it is cheap (one reference count), and the
/// notifications of a [`Plan`](super::Plan) keep a reference to it so that their `why` is
/// written only when it is read or serialised.
#[derive(Debug, Clone)]
pub struct Directory {
    d: Arc<Data>,
}

/// What a directory holds.
#[derive(Debug, Clone)]
struct Data {
    /// Sorted by id; the index is the policy number.
    policies: Vec<EscalationPolicy>,
    policy_index: BTreeMap<String, u16>,
    /// Sorted by id; the index is the schedule number.
    schedules: Vec<(Schedule, CompiledSchedule)>,
    schedule_index: BTreeMap<String, u16>,
    people: BTreeMap<String, PersonProfile>,
    severity: SeverityPolicy,
    window: Interval,
    names: Names,
    /// Level targets by policy number and level, as numbers.
    targets: Vec<Vec<Vec<Ref>>>,
}

/// A level target with its names replaced by directory numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Ref {
    Person(u32),
    Schedule(u16),
    RoundRobin(Vec<Ref>),
    Policy(u16),
}

/// A contact method's shared id and address.
type Contact = (Name, Option<Name>);

/// Interned names.
#[derive(Debug, Clone, Default)]
struct Names {
    people: Vec<Name>,
    person_ids: BTreeMap<String, u32>,
    /// Profiles by person number.
    profiles: Vec<Option<PersonProfile>>,
    /// Layer ids per schedule number.
    layers: Vec<Vec<Name>>,
    /// Policy ids by policy number, schedule ids by schedule number.
    policies: Vec<Name>,
    schedules: Vec<Name>,
    /// Per person number, per urgency (high, low), per contact attempt: the contact method's
    /// id and address.
    contacts: Vec<[Vec<Option<Contact>>; 2]>,
    /// Per schedule number, per final shift (in `all_shifts` order): its person number and
    /// layer number, so that resolving a schedule target compares no strings.
    shift_refs: Vec<Vec<(u32, Option<u16>)>>,
}

impl Names {
    fn build(
        policies: &[EscalationPolicy],
        schedules: &[(Schedule, CompiledSchedule)],
        people: &BTreeMap<String, PersonProfile>,
    ) -> Names {
        let mut n = Names {
            policies: policies.iter().map(|p| Name::from(p.id())).collect(),
            schedules: schedules.iter().map(|(s, _)| Name::from(s.id())).collect(),
            ..Names::default()
        };
        let add = |n: &mut Names, id: &str| {
            if !n.person_ids.contains_key(id) {
                n.person_ids.insert(id.to_string(), n.people.len() as u32);
                n.people.push(Name::from(id));
                let profile = people.get(id).cloned();
                let contacts = |u: Urgency| {
                    profile.as_ref().map_or_else(Vec::new, |p| {
                        p.attempts(u)
                            .iter()
                            .map(|a| {
                                a.contact.as_ref().map(|c| {
                                    (
                                        Name::from(c.id.as_str()),
                                        c.address.as_deref().map(Name::from),
                                    )
                                })
                            })
                            .collect()
                    })
                };
                n.contacts
                    .push([contacts(Urgency::High), contacts(Urgency::Low)]);
                n.profiles.push(profile);
            }
        };
        for id in people.keys() {
            add(&mut n, id);
        }
        for (s, c) in schedules {
            for p in s.people() {
                add(&mut n, &p);
            }
            for shift in c.all_shifts() {
                add(&mut n, &shift.person);
            }
            n.layers.push(
                s.layer_ids()
                    .iter()
                    .map(|l| Name::from(l.as_str()))
                    .collect(),
            );
        }
        for (i, (_, c)) in schedules.iter().enumerate() {
            let layers = n.layers.get(i).cloned().unwrap_or_default();
            let refs = c
                .all_shifts()
                .iter()
                .map(|shift| {
                    let person = n.person_ids.get(&shift.person).copied().unwrap_or(u32::MAX);
                    let layer = shift
                        .layer
                        .as_deref()
                        .and_then(|l| layers.iter().position(|x| x.as_str() == l))
                        .map(|i| i as u16);
                    (person, layer)
                })
                .collect();
            n.shift_refs.push(refs);
        }
        n
    }
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
        let schedules: Vec<(Schedule, CompiledSchedule)> = sched_map.into_values().collect();
        let schedule_index = schedules
            .iter()
            .enumerate()
            .map(|(i, (s, _))| (s.id().to_string(), i as u16))
            .collect();
        let policies: Vec<EscalationPolicy> = policy_map.into_values().collect();
        let policy_index = policies
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id().to_string(), i as u16))
            .collect();
        let names = Names::build(&policies, &schedules, &people_map);
        let mut dir = Directory {
            d: Arc::new(Data {
                names,
                policies,
                policy_index,
                schedules,
                schedule_index,
                people: people_map,
                severity,
                // With no schedules, any instant will do.
                window: window.unwrap_or(Interval {
                    start: DateTime::<Utc>::MIN_UTC,
                    end: DateTime::<Utc>::MAX_UTC,
                }),
                targets: Vec::new(),
            }),
        };
        dir.check_references()?;
        dir.check_cycles()?;
        let targets = dir
            .d
            .policies
            .iter()
            .map(|p| {
                p.levels()
                    .iter()
                    .map(|l| l.targets.iter().map(|t| dir.to_ref(t)).collect())
                    .collect()
            })
            .collect();
        // The only reference: this sets the field without copying.
        Arc::make_mut(&mut dir.d).targets = targets;
        Ok(dir)
    }

    fn check_references(&self) -> Result<(), EscalationError> {
        for policy in &self.d.policies {
            let pid = policy.id();
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
        if self.d.people.contains_key(id) {
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
            self.d
                .policy_index
                .get(id)
                .and_then(|i| self.d.policies.get(usize::from(*i)))
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
        for start in self.d.policy_index.keys() {
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

    fn to_ref(&self, t: &Target) -> Ref {
        let person = |p: &str| self.person_id(p).unwrap_or(u32::MAX);
        let schedule = |s: &str| self.schedule_id(s).unwrap_or(u16::MAX);
        match t {
            Target::Person(p) => Ref::Person(person(p)),
            Target::Schedule(s) => Ref::Schedule(schedule(s)),
            Target::Policy(p) => Ref::Policy(self.policy_id(p).unwrap_or(u16::MAX)),
            Target::RoundRobin(members) => Ref::RoundRobin(
                members
                    .iter()
                    .map(|m| match m {
                        Member::Person(p) => Ref::Person(person(p)),
                        Member::Schedule(s) => Ref::Schedule(schedule(s)),
                    })
                    .collect(),
            ),
        }
    }

    /// A policy by id; `referenced_by` says where the name came from, for the error.
    pub fn policy(
        &self,
        id: &str,
        referenced_by: &str,
    ) -> Result<&EscalationPolicy, EscalationError> {
        self.d
            .policy_index
            .get(id)
            .and_then(|i| self.d.policies.get(usize::from(*i)))
            .ok_or_else(|| EscalationError::UnknownPolicy {
                policy: id.chars().take(200).collect(),
                referenced_by: referenced_by.to_string(),
                known: self.d.policy_index.keys().cloned().collect(),
            })
    }

    /// A policy by number.
    pub(crate) fn policy_by_id(&self, id: u16) -> Result<&EscalationPolicy, EscalationError> {
        self.d
            .policies
            .get(usize::from(id))
            .ok_or_else(|| EscalationError::UnknownPolicy {
                policy: format!("#{id}"),
                referenced_by: "policy number".to_string(),
                known: self.d.policy_index.keys().cloned().collect(),
            })
    }

    /// The targets of a level (from 0) of a policy number, as numbers.
    pub(crate) fn level_targets(&self, policy: u16, level: usize) -> &[Ref] {
        self.d
            .targets
            .get(usize::from(policy))
            .and_then(|l| l.get(level))
            .map_or(&[], Vec::as_slice)
    }

    /// A compiled schedule by id.
    pub fn compiled(
        &self,
        id: &str,
        referenced_by: &str,
    ) -> Result<&CompiledSchedule, EscalationError> {
        self.d
            .schedule_index
            .get(id)
            .and_then(|i| self.d.schedules.get(usize::from(*i)))
            .map(|(_, c)| c)
            .ok_or_else(|| EscalationError::UnknownSchedule {
                schedule: id.chars().take(200).collect(),
                referenced_by: referenced_by.to_string(),
                known: self.d.schedule_index.keys().cloned().collect(),
            })
    }

    /// A schedule (as written) and its compiled timeline by number.
    pub(crate) fn schedule_by_id(&self, id: u16) -> Option<&(Schedule, CompiledSchedule)> {
        self.d.schedules.get(usize::from(id))
    }

    /// A schedule (as written) by id.
    pub fn schedule(&self, id: &str) -> Option<&Schedule> {
        let i = self.d.schedule_index.get(id)?;
        self.d.schedules.get(usize::from(*i)).map(|(s, _)| s)
    }

    /// Schedule ids.
    pub fn schedule_ids(&self) -> impl Iterator<Item = &str> {
        self.d.schedule_index.keys().map(String::as_str)
    }

    /// Policy ids.
    pub fn policy_ids(&self) -> impl Iterator<Item = &str> {
        self.d.policy_index.keys().map(String::as_str)
    }

    /// A person's profile, if they have one.
    pub fn person(&self, id: &str) -> Option<&PersonProfile> {
        self.d.people.get(id)
    }

    /// A person's zone: their profile's, else the first schedule that lists them, else UTC.
    pub fn person_zone(&self, id: &str) -> Zone {
        if let Some(z) = self.d.people.get(id).and_then(|p| p.spec().zone) {
            return z;
        }
        self.d
            .schedules
            .iter()
            .find(|(s, _)| s.people().iter().any(|p| p == id))
            .map_or(Zone::UTC, |(s, _)| s.person_zone(id))
    }

    /// People the schedules can put on call who have no profile, sorted.
    pub fn people_without_profile(&self) -> Vec<String> {
        let mut out: BTreeSet<String> = BTreeSet::new();
        for (s, _) in &self.d.schedules {
            out.extend(
                s.people()
                    .into_iter()
                    .filter(|p| !self.d.people.contains_key(p)),
            );
        }
        out.into_iter().collect()
    }

    /// The severity policy urgency rules read.
    pub fn severity_policy(&self) -> &SeverityPolicy {
        &self.d.severity
    }

    /// The window every schedule is compiled for.
    pub fn window(&self) -> Interval {
        self.d.window
    }

    /// The number of a person (with a profile or on a schedule).
    pub fn person_id(&self, name: &str) -> Option<u32> {
        self.d.names.person_ids.get(name).copied()
    }

    /// The name of a person number.
    pub fn person_name(&self, id: u32) -> &str {
        self.d
            .names
            .people
            .get(id as usize)
            .map_or("", Name::as_str)
    }

    /// The shared name of a person number.
    pub(crate) fn person_shared(&self, id: u32) -> Name {
        self.d
            .names
            .people
            .get(id as usize)
            .cloned()
            .unwrap_or_default()
    }

    /// The shared name of a policy number.
    pub(crate) fn policy_shared(&self, id: u16) -> Name {
        self.d
            .names
            .policies
            .get(usize::from(id))
            .cloned()
            .unwrap_or_default()
    }

    /// The shared name of a schedule number.
    pub(crate) fn schedule_shared(&self, id: u16) -> Name {
        self.d
            .names
            .schedules
            .get(usize::from(id))
            .cloned()
            .unwrap_or_default()
    }

    /// The shared name of a layer number of a schedule.
    pub(crate) fn layer_shared(&self, schedule: u16, layer: u16) -> Name {
        self.d
            .names
            .layers
            .get(usize::from(schedule))
            .and_then(|ls| ls.get(usize::from(layer)))
            .cloned()
            .unwrap_or_default()
    }

    /// The contact method (shared id and address) of contact attempt `attempt` (from 1) of a
    /// person number at an urgency; `None` for a person without contact methods.
    pub(crate) fn contact_shared(
        &self,
        person: u32,
        urgency: Urgency,
        attempt: u16,
    ) -> Option<&Contact> {
        let u = match urgency {
            Urgency::High => 0,
            Urgency::Low => 1,
        };
        self.d
            .names
            .contacts
            .get(person as usize)?
            .get(u)?
            .get(usize::from(attempt).checked_sub(1)?)?
            .as_ref()
    }

    /// The profile of a person number, if they have one.
    pub(crate) fn profile(&self, id: u32) -> Option<&PersonProfile> {
        self.d
            .names
            .profiles
            .get(id as usize)
            .and_then(Option::as_ref)
    }

    /// The number of a policy.
    pub fn policy_id(&self, name: &str) -> Option<u16> {
        self.d.policy_index.get(name).copied()
    }

    /// The name of a policy number.
    pub fn policy_name(&self, id: u16) -> &str {
        self.d.policies.get(usize::from(id)).map_or("", |p| p.id())
    }

    /// The number of a schedule.
    pub fn schedule_id(&self, name: &str) -> Option<u16> {
        self.d.schedule_index.get(name).copied()
    }

    /// The name of a schedule number.
    pub fn schedule_name(&self, id: u16) -> &str {
        self.d
            .schedules
            .get(usize::from(id))
            .map_or("", |(s, _)| s.id())
    }

    /// The person and layer numbers of final shift `shift` of schedule `sid` (an index into
    /// the compiled schedule's `all_shifts`), so that resolving a schedule target compares
    /// no strings.
    pub(crate) fn shift_refs(&self, sid: u16, shift: u32) -> Option<(u32, Option<u16>)> {
        let refs = self.d.names.shift_refs.get(usize::from(sid))?;
        refs.get(shift as usize)
            .copied()
            .filter(|(person, _)| *person != u32::MAX)
    }

    /// The number of a layer of a schedule.
    pub fn layer_id(&self, schedule: u16, layer: &str) -> Option<u16> {
        self.d
            .names
            .layers
            .get(schedule as usize)?
            .iter()
            .position(|l| l.as_str() == layer)
            .map(|i| i as u16)
    }

    /// The name of a layer number of a schedule.
    pub fn layer_name(&self, schedule: u16, layer: u16) -> &str {
        self.d
            .names
            .layers
            .get(schedule as usize)
            .and_then(|ls| ls.get(layer as usize))
            .map_or("", Name::as_str)
    }

    /// Fails unless `t` is inside the directory's window.
    pub(crate) fn check_instant(&self, t: DateTime<Utc>) -> Result<(), EscalationError> {
        if self.d.window.contains(t) {
            Ok(())
        } else {
            Err(EscalationError::OutsideWindow {
                at: t,
                window_start: self.d.window.start,
                window_end: self.d.window.end,
            })
        }
    }
}
