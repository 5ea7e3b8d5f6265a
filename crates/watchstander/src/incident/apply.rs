//! One step of the fold: what a single event does to an incident, and when it is refused.
//!
//!
//! The rules are documented in [`fold`](super::fold#rules-per-event).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::model::{
    Acknowledgement, FollowUp, ImpactWindow, Incident, NoteEntry, PostedUpdate, Reopening,
    SeverityPeriod, StatusPeriod, Stint,
};
use super::roles::TenureEnd;
use super::undo::Undo;
use super::{Event, EventKind, IncidentConfig, IncidentError, RoleBook, Status};

/// The state of a fold: before detection only impact windows exist.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FoldState {
    /// No `detected` event yet.
    Undetected {
        impact: Vec<ImpactWindow>,
        count: usize,
        last_at: Option<DateTime<Utc>>,
    },
    /// Detected.
    Detected(Box<Incident>),
}

impl Default for FoldState {
    fn default() -> Self {
        FoldState::Undetected {
            impact: Vec::new(),
            count: 0,
            last_at: None,
        }
    }
}

fn check_impact(impact: &[ImpactWindow], e: &Event, starting: bool) -> Result<(), IncidentError> {
    let open = impact.last().filter(|w| w.ended_at.is_none());
    match (starting, open) {
        (true, Some(w)) => Err(IncidentError::ImpactAlreadyStarted {
            event: e.id.clone(),
            since: w.started_at,
        }),
        (false, None) => Err(IncidentError::ImpactNotStarted {
            event: e.id.clone(),
        }),
        _ => Ok(()),
    }
}

fn apply_impact(impact: &mut Vec<ImpactWindow>, e: &Event) {
    match &e.kind {
        EventKind::ImpactStarted { description } => impact.push(ImpactWindow {
            started_at: e.occurred_at,
            ended_at: None,
            description: description.clone(),
        }),
        EventKind::ImpactEnded {} => {
            if let Some(w) = impact.last_mut() {
                w.ended_at = Some(e.occurred_at);
            }
        }
        _ => {}
    }
}

impl FoldState {
    /// The incident, once detected.
    pub(crate) fn incident(&self) -> Option<&Incident> {
        match self {
            FoldState::Detected(i) => Some(i),
            FoldState::Undetected { .. } => None,
        }
    }

    /// Applies one event; on error nothing changes. `detection` is the instant and id of the
    /// history's `detected` event when known, to tell "before detection" from "never
    /// detected". Returns what [`undo`](super::undo::undo) needs to take the event back.
    pub(crate) fn apply(
        &mut self,
        config: &IncidentConfig,
        detection: Option<(DateTime<Utc>, &str)>,
        e: &Event,
    ) -> Result<Undo, IncidentError> {
        e.validate(config.skew())?;
        match self {
            FoldState::Undetected {
                impact,
                count,
                last_at,
            } => match &e.kind {
                EventKind::Detected {
                    title,
                    severity,
                    alerts,
                    service,
                    summary,
                    criteria,
                } => {
                    config.check_severity(severity, &e.id)?;
                    for c in criteria {
                        config.check_criterion(c, &e.id)?;
                    }
                    let mut cited: Vec<String> = Vec::new();
                    for c in criteria {
                        if !cited.contains(c) {
                            cited.push(c.clone());
                        }
                    }
                    let incident = Incident {
                        id: e.incident.clone(),
                        title: title.clone(),
                        service: service.clone(),
                        summary: summary.clone(),
                        detected_at: e.occurred_at,
                        detected_by: e.actor.clone(),
                        alerts: alerts.clone(),
                        status: Status::Triage,
                        status_history: vec![StatusPeriod {
                            status: Status::Triage,
                            from: e.occurred_at,
                            until: None,
                            event: e.id.clone(),
                            actor: e.actor.clone(),
                            reason: None,
                        }],
                        severity: severity.clone(),
                        severity_history: vec![SeverityPeriod {
                            severity: severity.clone(),
                            from: e.occurred_at,
                            until: None,
                            event: e.id.clone(),
                            actor: e.actor.clone(),
                            reason: None,
                        }],
                        criteria: cited,
                        acknowledgements: Vec::new(),
                        roles: RoleBook::default(),
                        participants: BTreeMap::new(),
                        impact: std::mem::take(impact),
                        updates: Vec::new(),
                        notes: Vec::new(),
                        follow_ups: Vec::new(),
                        merged_into: None,
                        reopenings: Vec::new(),
                        event_count: *count + 1,
                        last_event_at: last_at.map_or(e.occurred_at, |l| l.max(e.occurred_at)),
                    };
                    let undo = Undo::Detected { last_at: *last_at };
                    *self = FoldState::Detected(Box::new(incident));
                    Ok(undo)
                }
                kind if kind.may_precede_detection() => {
                    check_impact(impact, e, matches!(e.kind, EventKind::ImpactStarted { .. }))?;
                    apply_impact(impact, e);
                    *count += 1;
                    *last_at = Some(last_at.map_or(e.occurred_at, |l| l.max(e.occurred_at)));
                    Ok(Undo::Plain)
                }
                // Events fold in order and a detection sorts first at its instant, so with a
                // detection in the history this event occurs before it.
                other => Err(match detection {
                    Some((detected_at, _)) => IncidentError::BeforeDetection {
                        event: e.id.clone(),
                        kind: other.name().to_string(),
                        occurred_at: e.occurred_at,
                        detected_at,
                    },
                    None => IncidentError::NotDetected {
                        event: e.id.clone(),
                        kind: other.name().to_string(),
                    },
                }),
            },
            FoldState::Detected(inc) => {
                check(inc, config, e)?;
                let undo = commit(inc, config, e);
                inc.event_count += 1;
                inc.last_event_at = inc.last_event_at.max(e.occurred_at);
                Ok(undo)
            }
        }
    }
}

fn not_allowed(inc: &Incident, e: &Event, hint: &str) -> IncidentError {
    IncidentError::NotAllowedInStatus {
        event: e.id.clone(),
        kind: e.kind.name().to_string(),
        status: inc.status,
        hint: hint.to_string(),
    }
}

/// Every check for `e` against `inc`; changes nothing.
fn check(inc: &Incident, config: &IncidentConfig, e: &Event) -> Result<(), IncidentError> {
    // Nothing here occurs before the detection: events fold in order, so anything earlier was
    // met in the undetected state (only impact may be there).
    let status = inc.status;
    let winding_down = status == Status::Closed || status.is_final();
    match &e.kind {
        EventKind::Detected { .. } => {
            let first = inc
                .status_history
                .first()
                .map(|p| p.event.clone())
                .unwrap_or_default();
            Err(IncidentError::DuplicateDetection {
                event: e.id.clone(),
                first,
            })
        }
        EventKind::Acknowledged {} => {
            if status.is_open() {
                Ok(())
            } else {
                Err(not_allowed(
                    inc,
                    e,
                    "only an open incident can be acknowledged",
                ))
            }
        }
        EventKind::StatusChanged { to, from, .. } => {
            if let Some(from) = from {
                if *from != status {
                    return Err(IncidentError::StatusMismatch {
                        event: e.id.clone(),
                        expected: *from,
                        actual: status,
                        occurred_at: e.occurred_at,
                    });
                }
            }
            status.check_change(*to, &e.id)
        }
        EventKind::SeverityChanged { to, criteria, .. } => {
            if status.is_final() {
                return Err(not_allowed(
                    inc,
                    e,
                    "a declined or merged incident keeps its severity",
                ));
            }
            config.check_severity(to, &e.id)?;
            if *to == inc.severity {
                return Err(IncidentError::SeverityUnchanged {
                    event: e.id.clone(),
                    severity: to.clone(),
                });
            }
            for c in criteria {
                config.check_criterion(c, &e.id)?;
            }
            Ok(())
        }
        EventKind::RoleAssigned { role, person } => {
            if winding_down {
                return Err(not_allowed(
                    inc,
                    e,
                    "roles are assigned while the incident is not yet closed",
                ));
            }
            let def = config.role(role).map_err(|err| with_event(err, e))?;
            inc.roles.check_assign(def, person, &e.id).map(|_| ())
        }
        EventKind::RoleReleased { role, person } => {
            config.role(role).map_err(|err| with_event(err, e))?;
            inc.roles.check_release(role, person, &e.id)
        }
        EventKind::ParticipantJoined { person } => {
            if winding_down {
                return Err(not_allowed(
                    inc,
                    e,
                    "people join while the incident is not yet closed",
                ));
            }
            match inc.participants.get(person).and_then(|p| p.present_since()) {
                Some(since) => Err(IncidentError::AlreadyParticipating {
                    event: e.id.clone(),
                    person: person.clone(),
                    since,
                }),
                None => Ok(()),
            }
        }
        EventKind::ParticipantLeft { person } => {
            if inc
                .participants
                .get(person)
                .and_then(|p| p.present_since())
                .is_none()
            {
                return Err(IncidentError::NotParticipating {
                    event: e.id.clone(),
                    person: person.clone(),
                });
            }
            Ok(())
        }
        EventKind::ImpactStarted { .. } => {
            if status.is_final() {
                return Err(not_allowed(
                    inc,
                    e,
                    "a declined or merged incident records no new impact",
                ));
            }
            check_impact(&inc.impact, e, true)
        }
        EventKind::ImpactEnded {} => check_impact(&inc.impact, e, false),
        EventKind::StatusUpdatePosted { .. }
        | EventKind::Note { .. }
        | EventKind::FollowUpCreated { .. } => Ok(()),
        EventKind::Merged { .. } => {
            if status.is_open() {
                Ok(())
            } else {
                Err(IncidentError::InvalidTransition {
                    event: e.id.clone(),
                    from: status,
                    to: Status::Merged,
                    hint: "only an open incident can be merged into another".to_string(),
                })
            }
        }
        EventKind::Reopened { to, .. } => {
            if !status.is_resolved() {
                return Err(IncidentError::InvalidTransition {
                    event: e.id.clone(),
                    from: status,
                    to: *to,
                    hint: "only a resolved, post_incident or closed incident can be reopened"
                        .to_string(),
                });
            }
            if !Status::REOPEN_TARGETS.contains(to) {
                return Err(IncidentError::InvalidEvent {
                    event: e.id.clone(),
                    reason: format!(
                        "a reopened incident goes to investigating, identified or monitoring, not {to}"
                    ),
                });
            }
            Ok(())
        }
    }
}

fn with_event(err: IncidentError, e: &Event) -> IncidentError {
    match err {
        IncidentError::UnknownRole { role, known, .. } => IncidentError::UnknownRole {
            event: e.id.clone(),
            role,
            known,
        },
        other => other,
    }
}

fn enter_status(inc: &mut Incident, to: Status, e: &Event, reason: Option<String>) {
    if let Some(p) = inc.status_history.last_mut() {
        p.until = Some(e.occurred_at);
    }
    inc.status_history.push(StatusPeriod {
        status: to,
        from: e.occurred_at,
        until: None,
        event: e.id.clone(),
        actor: e.actor.clone(),
        reason,
    });
    inc.status = to;
}

fn join(inc: &mut Incident, person: &str, at: DateTime<Utc>) {
    inc.participants
        .entry(person.to_string())
        .or_default()
        .stints
        .push(Stint {
            joined_at: at,
            left_at: None,
        });
}

/// Applies `e`, already checked by [`check`]; returns what undoing it needs.
fn commit(inc: &mut Incident, config: &IncidentConfig, e: &Event) -> Undo {
    let at = e.occurred_at;
    match &e.kind {
        EventKind::Detected { .. } => {}
        EventKind::Acknowledged {} => inc.acknowledgements.push(Acknowledgement {
            at,
            by: e.actor.clone(),
            event: e.id.clone(),
        }),
        EventKind::StatusChanged { to, reason, .. } => enter_status(inc, *to, e, reason.clone()),
        EventKind::SeverityChanged {
            to,
            reason,
            criteria,
        } => {
            let before = inc.criteria.len();
            if let Some(p) = inc.severity_history.last_mut() {
                p.until = Some(at);
            }
            inc.severity_history.push(SeverityPeriod {
                severity: to.clone(),
                from: at,
                until: None,
                event: e.id.clone(),
                actor: e.actor.clone(),
                reason: Some(reason.clone()),
            });
            inc.severity = to.clone();
            for c in criteria {
                if !inc.criteria.contains(c) {
                    inc.criteria.push(c.clone());
                }
            }
            return Undo::Severity { criteria: before };
        }
        EventKind::RoleAssigned { role, person } => {
            if let Ok(def) = config.role(role) {
                let joined = inc
                    .participants
                    .get(person)
                    .and_then(|p| p.present_since())
                    .is_none();
                if joined {
                    join(inc, person, at);
                }
                let handed_over = inc.roles.assign(def, person, at, &e.actor);
                return Undo::RoleAssigned {
                    joined,
                    handed_over,
                };
            }
        }
        EventKind::RoleReleased { role, person } => {
            return Undo::Released(inc.roles.release(role, person, at, TenureEnd::Released));
        }
        EventKind::ParticipantJoined { person } => join(inc, person, at),
        EventKind::ParticipantLeft { person } => {
            if let Some(stint) = inc
                .participants
                .get_mut(person)
                .and_then(|p| p.stints.last_mut())
            {
                stint.left_at = Some(at);
            }
            let ended = inc.roles.release_all(person, at, TenureEnd::Left);
            return Undo::Left(ended.into_boxed_slice());
        }
        EventKind::ImpactStarted { .. } | EventKind::ImpactEnded {} => {
            apply_impact(&mut inc.impact, e)
        }
        EventKind::StatusUpdatePosted { audience, text } => inc.updates.push(PostedUpdate {
            audience: *audience,
            at,
            by: e.actor.clone(),
            text: text.clone(),
            event: e.id.clone(),
        }),
        EventKind::Note { text } => inc.notes.push(NoteEntry {
            at,
            by: e.actor.clone(),
            text: text.clone(),
            event: e.id.clone(),
        }),
        EventKind::Merged { into } => {
            inc.merged_into = Some(into.clone());
            enter_status(inc, Status::Merged, e, None);
        }
        EventKind::Reopened { to, reason } => {
            inc.reopenings.push(Reopening {
                at,
                by: e.actor.clone(),
                from: inc.status,
                to: *to,
                reason: reason.clone(),
                event: e.id.clone(),
            });
            enter_status(inc, *to, e, Some(reason.clone()));
        }
        EventKind::FollowUpCreated { title, owner, due } => inc.follow_ups.push(FollowUp {
            id: e.id.clone(),
            title: title.clone(),
            owner: owner.clone(),
            due: *due,
            created_at: at,
            created_by: e.actor.clone(),
        }),
    }
    Undo::Plain
}
