//! Event sourcing: the incident is the fold of its events.
//!
//! # Order
//!
//! Events are folded in [`FoldKey`] order: by `occurred_at`; at the same
//! instant a `detected` event first; then by recording sequence (`recorded_at`, then `id`).
//! The order depends only on the events themselves, so **any permutation of a set of events
//! folds to the same incident**, and so does any arrival order in a
//! [`LiveIncident`](super::LiveIncident).
//!
//! # Duplicates
//!
//! An event whose id was already seen is a no-op if it is identical (at-least-once delivery
//! is safe: replaying twice equals replaying once). A *different* event under a used id is an
//! [`EventIdConflict`](super::IncidentError::EventIdConflict): silently dropping it would lose
//! information.
//!
//! # Late events
//!
//! A [`LiveIncident`](super::LiveIncident) takes events as they arrive. One that sorts after
//! everything seen so far is checked against the current state and applied in O(log n)
//! (amortised) — the common case. A *late* event (one that sorts before events already
//! applied) is put in its place and the events after it applied again (from the nearest
//! checkpoint); if the history would become invalid (say, a late `resolved` before an
//! already-recorded `identified`), the incident is left exactly as it was and the typed error
//! says which event failed and why.
//!
//! # Rules per event
//!
//! Every check happens before anything changes, so a refused event leaves the state exactly
//! as it was. The rules, per kind (beyond the [transition table](super::state)):
//!
//! | kind                   | allowed when the incident is                                   |
//! |------------------------|----------------------------------------------------------------|
//! | `detected`             | not yet detected (exactly one per incident)                    |
//! | `acknowledged`         | open                                                           |
//! | `status_changed`       | per the transition table; a given `from` must match            |
//! | `severity_changed`     | not declined or merged; to a different severity of the policy  |
//! | `role_assigned`        | not closed, declined or merged                                 |
//! | `role_released`        | any status, if the person holds the role                       |
//! | `participant_joined`   | not closed, declined or merged, and the person is not present  |
//! | `participant_left`     | any status, if the person is present (their roles end too)     |
//! | `impact_started`       | not declined or merged, no window open (may precede detection) |
//! | `impact_ended`         | a window is open (may precede detection)                       |
//! | `status_update_posted`, `note`, `follow_up_created` | any status                        |
//! | `merged`               | open                                                           |
//! | `reopened`             | resolved, post_incident or closed                              |
//!
//! Assigning a role to someone who is not taking part also makes them a participant.
//!
//! ```
//! use watchstander::incident::{Applied, Event, IncidentConfig, LiveIncident, Status};
//! let ev = |v: serde_json::Value| -> Event { serde_json::from_value(v).unwrap() };
//! let mut log = LiveIncident::new(IncidentConfig::default())?;
//! log.apply(ev(serde_json::json!({"id": "1", "incident": "I", "kind": "detected", "title": "t",
//!     "severity": "SEV-2", "occurred_at": "2026-11-26T10:00:00Z",
//!     "recorded_at": "2026-11-26T10:00:00Z", "actor": "pd"})))?;
//! log.apply(ev(serde_json::json!({"id": "3", "incident": "I", "kind": "status_changed",
//!     "to": "monitoring", "occurred_at": "2026-11-26T10:30:00Z",
//!     "recorded_at": "2026-11-26T10:30:00Z", "actor": "alice"})))?;
//! // Recorded later, happened earlier: placed in order and the fold recomputed.
//! let late = log.apply(ev(serde_json::json!({"id": "2", "incident": "I", "kind": "status_changed",
//!     "to": "identified", "occurred_at": "2026-11-26T10:20:00Z",
//!     "recorded_at": "2026-11-26T10:40:00Z", "actor": "alice"})))?;
//! assert_eq!(late, Applied::Inserted { position: 1 });
//! let incident = log.incident().unwrap();
//! assert_eq!(incident.status, Status::Monitoring);
//! assert_eq!(incident.status_history[1].status, Status::Identified);
//! // A late event that would make the history invalid changes nothing.
//! let bad = ev(serde_json::json!({"id": "4", "incident": "I", "kind": "status_changed",
//!     "to": "declined", "occurred_at": "2026-11-26T10:10:00Z",
//!     "recorded_at": "2026-11-26T10:45:00Z", "actor": "bob"}));
//! let before = log.clone();
//! assert!(log.apply(bad).is_err());
//! assert_eq!(log, before);
//! # Ok::<(), watchstander::incident::IncidentError>(())
//! ```

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::apply::FoldState;
use super::{Event, EventKind, FoldKey, Incident, IncidentConfig, IncidentError, MAX_EVENTS};

/// Sorts and de-duplicates a set of events into fold order; refuses conflicting ids and events
/// of different incidents (the incident is the one named by the earliest `detected` event, or
/// else by the earliest event).
pub(crate) fn prepare(events: &[Event]) -> Result<Vec<&Event>, IncidentError> {
    if let Some(e) = events.get(MAX_EVENTS) {
        return Err(IncidentError::TooManyEvents {
            event: e.id.clone(),
            limit: MAX_EVENTS,
        });
    }
    let mut sorted: Vec<(FoldKey, &Event)> = events.iter().map(|e| (e.fold_key(), e)).collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let expected = sorted
        .iter()
        .find(|(_, e)| matches!(e.kind, EventKind::Detected { .. }))
        .or_else(|| sorted.first())
        .map(|(_, e)| e.incident.clone());
    let mut seen: HashMap<&str, &Event> = HashMap::with_capacity(sorted.len());
    let mut out = Vec::with_capacity(sorted.len());
    for (_, e) in sorted {
        if let Some(expected) = &expected {
            if &e.incident != expected {
                return Err(IncidentError::WrongIncident {
                    event: e.id.clone(),
                    expected: expected.clone(),
                    found: e.incident.clone(),
                });
            }
        }
        match seen.get(e.id.as_str()) {
            Some(prev) if *prev == e => continue,
            Some(_) => {
                return Err(IncidentError::EventIdConflict {
                    event: e.id.clone(),
                })
            }
            None => {
                seen.insert(e.id.as_str(), e);
                out.push(e);
            }
        }
    }
    Ok(out)
}

pub(crate) fn detection_of<'a>(events: &[&'a Event]) -> Option<(DateTime<Utc>, &'a str)> {
    events
        .iter()
        .find(|e| matches!(e.kind, EventKind::Detected { .. }))
        .map(|e| (e.occurred_at, e.id.as_str()))
}

fn fold_sorted(config: &IncidentConfig, events: &[&Event]) -> Result<FoldState, IncidentError> {
    let detection = detection_of(events);
    let mut state = FoldState::default();
    for e in events {
        state.apply(config, detection, e)?;
    }
    Ok(state)
}

/// Folds a set of events, in any order, into the incident.
///
/// Identical duplicates are ignored; the first refused event (in fold order) is the error. The
/// configuration should be [validated](IncidentConfig::validate).
///
/// ```
/// use watchstander::incident::{replay, Event, IncidentConfig};
/// let events: Vec<Event> = serde_json::from_value(serde_json::json!([
///   {"id": "2", "incident": "I", "kind": "acknowledged",
///    "occurred_at": "2026-11-26T10:04:00Z", "recorded_at": "2026-11-26T10:04:00Z", "actor": "bob"},
///   {"id": "1", "incident": "I", "kind": "detected", "title": "Checkout errors", "severity": "SEV-1",
///    "occurred_at": "2026-11-26T10:00:00Z", "recorded_at": "2026-11-26T10:00:00Z", "actor": "alertmanager"}
/// ])).unwrap();
/// let incident = replay(&IncidentConfig::default(), &events)?;
/// assert_eq!(incident.first_acknowledgement().unwrap().by, "bob");
/// # Ok::<(), watchstander::incident::IncidentError>(())
/// ```
pub fn replay(config: &IncidentConfig, events: &[Event]) -> Result<Incident, IncidentError> {
    let sorted = prepare(events)?;
    match fold_sorted(config, &sorted)? {
        FoldState::Detected(inc) => Ok(*inc),
        FoldState::Undetected { .. } => Err(IncidentError::NotDetected {
            event: sorted.first().map(|e| e.id.clone()).unwrap_or_default(),
            kind: sorted
                .first()
                .map(|e| e.kind.name().to_string())
                .unwrap_or_else(|| "none".to_string()),
        }),
    }
}

/// Events in fold order with duplicates removed, checked like [`replay`] checks them but
/// without folding (for callers that walk the history themselves, such as the timeline).
pub(crate) fn ordered(events: &[Event]) -> Result<Vec<&Event>, IncidentError> {
    prepare(events)
}
