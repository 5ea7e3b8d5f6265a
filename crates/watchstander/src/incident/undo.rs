//! Taking an event back out of a fold.
//!
//! Applying an event to a fold ([`FoldState::apply`](super::apply::FoldState)) returns an
//! [`Undo`]: what cannot be read off the event and the state afterwards (the tenure a role
//! assignment handed over, the criteria a severity change added, …). [`undo`] with the event,
//! its `Undo` and the instant of the event before it restores the state exactly as it was —
//! so a live incident can take back the latest events when a late one must go before them,
//! in time proportional to the number taken back rather than to the whole history.

use chrono::{DateTime, Utc};

use super::apply::FoldState;
use super::{Event, EventKind, Incident};

/// What [`undo`] needs besides the event (see the [module documentation](self)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Undo {
    /// Everything follows from the event and the state.
    Plain,
    /// A detection; `last_at` is the latest instant before it (impact may precede it).
    Detected { last_at: Option<DateTime<Utc>> },
    /// A severity change; `criteria` is how many criteria the incident had before.
    Severity { criteria: usize },
    /// A role assignment: whether it made the person a participant, and the tenure it handed
    /// over.
    RoleAssigned {
        joined: bool,
        handed_over: Option<usize>,
    },
    /// A role release: the tenure it ended.
    Released(Option<usize>),
    /// A participant leaving: the tenures it ended, by role.
    Left(Box<[(Box<str>, usize)]>),
}

fn leave_status(inc: &mut Incident) {
    inc.status_history.pop();
    if let Some(p) = inc.status_history.last_mut() {
        p.until = None;
        inc.status = p.status;
    }
}

fn unjoin(inc: &mut Incident, person: &str) {
    if let Some(p) = inc.participants.get_mut(person) {
        p.stints.pop();
        if p.stints.is_empty() {
            inc.participants.remove(person);
        }
    }
}

/// Takes `e`, the latest event applied to `state`, back out. `previous` is the instant of
/// the event applied before it (`None` if it was the first).
pub(crate) fn undo(state: &mut FoldState, e: &Event, u: Undo, previous: Option<DateTime<Utc>>) {
    let inc = match state {
        FoldState::Undetected {
            impact,
            count,
            last_at,
        } => {
            match e.kind {
                EventKind::ImpactStarted { .. } => {
                    impact.pop();
                }
                // Before detection only impact windows can be recorded, strictly alternating
                // start and end, so a window's start sits at an even fold position and a
                // take-back (from a checkpoint, a multiple of the even `CHECKPOINT_EVERY`)
                // always undoes its start too. This arm keeps `undo` an exact inverse anyway;
                // mutation testing's deleted arm survives for that reason.
                EventKind::ImpactEnded {} => {
                    if let Some(w) = impact.last_mut() {
                        w.ended_at = None;
                    }
                }
                _ => {}
            }
            *count = count.saturating_sub(1);
            *last_at = previous;
            return;
        }
        FoldState::Detected(inc) => inc,
    };
    if let Undo::Detected { last_at } = u {
        let impact = std::mem::take(&mut inc.impact);
        let count = inc.event_count.saturating_sub(1);
        *state = FoldState::Undetected {
            impact,
            count,
            last_at,
        };
        return;
    }
    inc.event_count = inc.event_count.saturating_sub(1);
    inc.last_event_at = previous.unwrap_or(inc.detected_at);
    match (&e.kind, u) {
        (EventKind::Acknowledged {}, _) => {
            inc.acknowledgements.pop();
        }
        (EventKind::StatusChanged { .. }, _) => leave_status(inc),
        (EventKind::SeverityChanged { .. }, u) => {
            inc.severity_history.pop();
            if let Some(p) = inc.severity_history.last_mut() {
                p.until = None;
                inc.severity = p.severity.clone();
            }
            if let Undo::Severity { criteria } = u {
                inc.criteria.truncate(criteria);
            }
        }
        (
            EventKind::RoleAssigned { role, person },
            Undo::RoleAssigned {
                joined,
                handed_over,
            },
        ) => {
            inc.roles.unassign(role, person, handed_over);
            if joined {
                unjoin(inc, person);
            }
        }
        (EventKind::RoleReleased { role, .. }, Undo::Released(Some(i))) => {
            inc.roles.reopen(role, i);
        }
        (EventKind::ParticipantJoined { person }, _) => unjoin(inc, person),
        (EventKind::ParticipantLeft { person }, u) => {
            if let Some(stint) = inc
                .participants
                .get_mut(person)
                .and_then(|p| p.stints.last_mut())
            {
                stint.left_at = None;
            }
            if let Undo::Left(ended) = u {
                for (role, i) in ended.iter() {
                    inc.roles.reopen(role, *i);
                }
            }
        }
        (EventKind::ImpactStarted { .. }, _) => {
            inc.impact.pop();
        }
        (EventKind::ImpactEnded {}, _) => {
            if let Some(w) = inc.impact.last_mut() {
                w.ended_at = None;
            }
        }
        (EventKind::StatusUpdatePosted { .. }, _) => {
            inc.updates.pop();
        }
        (EventKind::Note { .. }, _) => {
            inc.notes.pop();
        }
        (EventKind::Merged { .. }, _) => {
            inc.merged_into = None;
            leave_status(inc);
        }
        (EventKind::Reopened { .. }, _) => {
            inc.reopenings.pop();
            leave_status(inc);
        }
        (EventKind::FollowUpCreated { .. }, _) => {
            inc.follow_ups.pop();
        }
        _ => {}
    }
}
