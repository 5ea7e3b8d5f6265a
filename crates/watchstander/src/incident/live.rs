//! A live incident: events applied as they arrive, the status at any instant, cheaply.
//!
//! [`LiveIncident`] is the handle a service or bot keeps for an incident while it runs (the
//! Python and Node bindings wrap it as classes). It holds the events, the folded
//! [`Incident`], and an index of running sums, update cadences and incremental SLA clocks,
//! so that:
//!
//! * **applying an event that sorts after every event applied so far costs O(log n)
//!   amortised** — the common case: a million events take well under a second;
//! * [`status`](LiveIncident::status) at an instant (facts, SLA clocks, next updates) costs
//!   O(log n), plus copying the lists it reports (pauses and re-targetings of the clocks);
//! * a **late event** (one that sorts before events already applied) takes back the events
//!   after the nearest checkpoint at or before its place (one every 128 events) and applies
//!   them again with the late event in place: O((k + 128) log n) for an event `k` places
//!   from the end, plus moving the 4-byte fold-order entries after it. If the history would
//!   become invalid, the incident is put back exactly as it was and the error names the
//!   event that failed.
//!
//! Ordering, duplicates and the rules per event are the [fold's](super::fold). Nothing here
//! reads a clock: `now` is always an argument.
//!
//! ```
//! use watchstander::incident::{Applied, Event, IncidentConfig, LiveIncident, Status};
//! use watchstander::time::parse_instant;
//! let ev = |v: serde_json::Value| -> Event { serde_json::from_value(v).unwrap() };
//! let mut live = LiveIncident::new(IncidentConfig::default())?;
//! live.apply(ev(serde_json::json!({"id": "1", "incident": "INC-7", "kind": "detected",
//!     "title": "Checkout errors", "severity": "SEV-2", "occurred_at": "2026-11-26T10:00:00Z",
//!     "recorded_at": "2026-11-26T10:00:00Z", "actor": "alertmanager"})))?;
//! live.apply(ev(serde_json::json!({"id": "2", "incident": "INC-7", "kind": "acknowledged",
//!     "occurred_at": "2026-11-26T10:07:00Z", "recorded_at": "2026-11-26T10:07:00Z", "actor": "bob"})))?;
//! let status = live.status(parse_instant("2026-11-26T10:30:00Z")?)?;
//! assert_eq!(status.facts.time_to_acknowledge_seconds, Some(7 * 60));
//! assert_eq!(status.sla.response.met, Some(true));
//! // SEV-2 must be resolved within 24 h of detection.
//! assert_eq!(status.sla.resolve.deadline.unwrap().to_rfc3339(), "2026-11-27T10:00:00+00:00");
//! // Internal updates are hourly at SEV-2: the first is due at 11:00.
//! assert_eq!(status.updates[0].due_at.unwrap().to_rfc3339(), "2026-11-26T11:00:00+00:00");
//!
//! // A late event is put in its place.
//! let late = live.apply(ev(serde_json::json!({"id": "3", "incident": "INC-7",
//!     "kind": "status_changed", "to": "investigating", "occurred_at": "2026-11-26T10:05:00Z",
//!     "recorded_at": "2026-11-26T10:20:00Z", "actor": "bob"})))?;
//! assert_eq!(late, Applied::Inserted { position: 1 });
//! assert_eq!(live.incident().unwrap().status, Status::Investigating);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::apply::FoldState;
use super::fold::{detection_of, prepare};
use super::index::{Index, IndexMark};
use super::stored::{IdHash, IdTable, Stored, Symbols};
use super::undo::{undo, Undo};
use super::{
    Event, Incident, IncidentConfig, IncidentError, IncidentFacts, IncidentSla, Timeline, UpdateDue,
};
use crate::severity::Audience;
use crate::time::Zone;

/// The most events one incident's history may hold (a typed
/// [`TooManyEvents`](IncidentError::TooManyEvents) error beyond). About 4 GB of memory in a
/// [`LiveIncident`]; no real incident comes near it.
pub const MAX_EVENTS: usize = 10_000_000;

mod persist;

/// Events between two checkpoints of a live incident's index.
const CHECKPOINT_EVERY: usize = 128;

/// What [`LiveIncident::apply`] did with an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Applied {
    /// It sorts after every event seen so far: applied to the current state.
    Appended,
    /// It is late: placed at `position` in fold order (the events after it were applied
    /// again).
    Inserted {
        /// Its index in fold order ([`LiveIncident::events`]).
        position: usize,
    },
    /// Identical to an event already applied: nothing changed.
    Duplicate,
}

/// What a live incident reports at an instant: the facts, both SLA clocks and the next
/// update due to each audience (what the `incident.replay` and `incident.next_update`
/// operations report, without replaying anything).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LiveStatus {
    /// The instant.
    pub as_of: DateTime<Utc>,
    /// Durations, time in each status, impact, suggested severity.
    pub facts: IncidentFacts,
    /// The response and resolve clocks.
    pub sla: IncidentSla,
    /// The next update due to each audience (internal, executive, external).
    pub updates: Vec<UpdateDue>,
}

/// An incident kept up to date event by event (see the [module documentation](self)).
///
/// `Clone` copies the whole history; `Send` and `Sync` let a service share one behind a lock
/// or move it between threads. It serialises as `{"config": …, "events": […]}` (the events in
/// fold order) and deserialises by applying those events again, so it can be stored, sent or
/// pickled.
///
/// # Examples
///
/// ```
/// use watchstander::incident::{Event, IncidentConfig, LiveIncident};
/// use watchstander::time::parse_instant;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let mut live = LiveIncident::new(IncidentConfig::default())?;
/// let detected: Event = serde_json::from_value(serde_json::json!({
///     "id": "e1", "incident": "INC-7", "kind": "detected", "title": "Checkout errors",
///     "severity": "SEV-2", "actor": "alertmanager",
///     "occurred_at": "2026-11-26T10:00:00Z", "recorded_at": "2026-11-26T10:00:00Z"
/// }))?;
/// live.apply(detected)?;
/// assert_eq!(live.incident_id(), Some("INC-7"));
/// let status = live.status(parse_instant("2026-11-26T10:10:00Z")?)?;
/// // SEV-2: respond within one hour of detection (the default policy, 24×7).
/// assert_eq!(status.sla.response.deadline, Some(parse_instant("2026-11-26T11:00:00Z")?));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct LiveIncident {
    config: Arc<IncidentConfig>,
    incident_id: Option<Box<str>>,
    symbols: Symbols,
    /// Events in arrival order (never moved, so the id table can point at them).
    events: Vec<Stored>,
    /// Fold order: positions in `events`.
    order: Vec<u32>,
    ids: IdTable,
    state: FoldState,
    /// Per fold position, what taking the event back needs.
    undo: Vec<Undo>,
    index: Index,
    /// `marks[j]`: the index before fold position `j * CHECKPOINT_EVERY`.
    marks: Vec<IndexMark>,
}

/// The former name of [`LiveIncident`].
pub type IncidentLog = LiveIncident;

impl LiveIncident {
    /// An empty live incident. The configuration is validated.
    ///
    /// ```
    /// use watchstander::incident::{IncidentConfig, LiveIncident};
    /// let live = LiveIncident::new(IncidentConfig::default())?;
    /// assert!(live.is_empty() && live.incident().is_none());
    /// # Ok::<(), watchstander::incident::IncidentError>(())
    /// ```
    pub fn new(config: IncidentConfig) -> Result<LiveIncident, IncidentError> {
        Ok(LiveIncident {
            config: Arc::new(config.validate()?),
            incident_id: None,
            symbols: Symbols::default(),
            events: Vec::new(),
            order: Vec::new(),
            ids: IdTable::default(),
            state: FoldState::default(),
            undo: Vec::new(),
            index: Index::default(),
            marks: Vec::new(),
        })
    }

    /// A live incident holding a whole history at once (in any order, as
    /// [`replay`](super::replay) takes it), ready to take more events. A history without a
    /// `detected` event is allowed as long as it holds only impact events.
    ///
    /// ```
    /// use watchstander::incident::{Event, IncidentConfig, LiveIncident};
    /// let events: Vec<Event> = serde_json::from_value(serde_json::json!([
    ///   {"id": "2", "incident": "I", "kind": "note", "text": "looking",
    ///    "occurred_at": "2026-11-26T10:04:00Z", "recorded_at": "2026-11-26T10:04:00Z", "actor": "bob"},
    ///   {"id": "1", "incident": "I", "kind": "detected", "title": "t", "severity": "SEV-2",
    ///    "occurred_at": "2026-11-26T10:00:00Z", "recorded_at": "2026-11-26T10:00:00Z", "actor": "am"}
    /// ])).unwrap();
    /// let live = LiveIncident::from_events(IncidentConfig::default(), &events)?;
    /// assert_eq!(live.len(), 2);
    /// assert_eq!(live.events().next().unwrap().id, "1");
    /// # Ok::<(), watchstander::incident::IncidentError>(())
    /// ```
    pub fn from_events(
        config: IncidentConfig,
        events: &[Event],
    ) -> Result<LiveIncident, IncidentError> {
        let mut live = LiveIncident::new(config)?;
        let sorted = prepare(events)?;
        let detection = detection_of(&sorted);
        for e in sorted {
            live.step(e, live.order.len(), detection)?;
            let h = live.ids.hash(&e.id);
            live.store(e.clone(), h, None);
        }
        Ok(live)
    }

    /// The configuration (validated).
    pub fn config(&self) -> &IncidentConfig {
        &self.config
    }

    /// How many events it holds (duplicates not counted).
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// Whether it holds no event.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The events in fold order, without duplicates (rebuilt from compact storage as they are
    /// iterated).
    pub fn events(&self) -> impl ExactSizeIterator<Item = Event> + '_ {
        self.order.iter().map(|&i| self.event_at(i))
    }

    /// The incident, once a `detected` event has been applied.
    ///
    /// ```
    /// use watchstander::incident::{Event, IncidentConfig, LiveIncident, Status};
    /// let mut live = LiveIncident::new(IncidentConfig::default())?;
    /// live.apply(serde_json::from_value::<Event>(serde_json::json!({"id": "1", "incident": "I",
    ///     "kind": "detected", "title": "Checkout errors", "severity": "SEV-2",
    ///     "occurred_at": "2026-11-26T10:00:00Z", "recorded_at": "2026-11-26T10:00:00Z",
    ///     "actor": "am"})).unwrap())?;
    /// let incident = live.incident().unwrap();
    /// assert_eq!((incident.status, incident.severity.as_str()), (Status::Triage, "SEV-2"));
    /// # Ok::<(), watchstander::incident::IncidentError>(())
    /// ```
    pub fn incident(&self) -> Option<&Incident> {
        self.state.incident()
    }

    /// The incident this live incident is for (set by its first event).
    pub fn incident_id(&self) -> Option<&str> {
        self.incident_id.as_deref()
    }

    fn event_at(&self, arrival: u32) -> Event {
        self.events.get(arrival as usize).map_or_else(
            || Event {
                id: String::new(),
                incident: String::new(),
                occurred_at: DateTime::<Utc>::MIN_UTC,
                recorded_at: DateTime::<Utc>::MIN_UTC,
                actor: String::new(),
                kind: super::EventKind::Acknowledged {},
            },
            |s| s.event(self.incident_id.as_deref().unwrap_or(""), &self.symbols),
        )
    }

    fn stored_at(&self, position: usize) -> Option<&Stored> {
        self.order
            .get(position)
            .and_then(|&i| self.events.get(i as usize))
    }

    /// Applies one event (see the [module documentation](self) for what it costs). On error
    /// nothing changes.
    ///
    /// ```
    /// use watchstander::incident::{Applied, Event, IncidentConfig, LiveIncident};
    /// let ev = |v: serde_json::Value| -> Event { serde_json::from_value(v).unwrap() };
    /// let detected = ev(serde_json::json!({"id": "1", "incident": "I", "kind": "detected",
    ///     "title": "t", "severity": "SEV-2", "occurred_at": "2026-11-26T10:00:00Z",
    ///     "recorded_at": "2026-11-26T10:00:00Z", "actor": "am"}));
    /// let mut live = LiveIncident::new(IncidentConfig::default())?;
    /// assert_eq!(live.apply(detected.clone())?, Applied::Appended);
    /// assert_eq!(live.apply(detected)?, Applied::Duplicate);
    /// let bad = ev(serde_json::json!({"id": "2", "incident": "I", "kind": "status_changed",
    ///     "to": "closed", "occurred_at": "2026-11-26T10:05:00Z",
    ///     "recorded_at": "2026-11-26T10:05:00Z", "actor": "bob"}));
    /// assert_eq!(live.apply(bad).unwrap_err().code(), "invalid_transition");
    /// assert_eq!(live.len(), 1);
    /// # Ok::<(), watchstander::incident::IncidentError>(())
    /// ```
    pub fn apply(&mut self, event: Event) -> Result<Applied, IncidentError> {
        let h = self.ids.hash(&event.id);
        if let Some(i) = self.ids.get(&event.id, h, &self.events) {
            let same = self.event_at(i as u32) == event;
            return if same {
                Ok(Applied::Duplicate)
            } else {
                Err(IncidentError::EventIdConflict { event: event.id })
            };
        }
        if let Some(expected) = self.incident_id() {
            if event.incident != expected {
                return Err(IncidentError::WrongIncident {
                    event: event.id.clone(),
                    expected: expected.to_string(),
                    found: event.incident.clone(),
                });
            }
        }
        if self.order.len() >= MAX_EVENTS {
            return Err(IncidentError::TooManyEvents {
                event: event.id,
                limit: MAX_EVENTS,
            });
        }
        let n = self.order.len();
        let in_order = self
            .stored_at(n.wrapping_sub(1))
            .is_none_or(|last| last.fold_cmp(&event).is_lt());
        if in_order {
            self.step(&event, n, None)?;
            self.store(event, h, None);
            return Ok(Applied::Appended);
        }
        let position = self.order.partition_point(|&i| {
            self.events
                .get(i as usize)
                .is_some_and(|s| s.fold_cmp(&event).is_lt())
        });
        self.insert_late(event, h, position)
    }

    /// Applies a batch of events, sorted into fold order first (so events that are late only
    /// relative to each other cost nothing extra). Returns what happened to each, in the
    /// batch's order; a refused event does not stop the others.
    ///
    /// ```
    /// use watchstander::incident::{Applied, Event, IncidentConfig, LiveIncident};
    /// let events: Vec<Event> = serde_json::from_value(serde_json::json!([
    ///   {"id": "2", "incident": "I", "kind": "participant_left", "person": "bob",
    ///    "occurred_at": "2026-11-26T10:30:00Z", "recorded_at": "2026-11-26T10:30:00Z", "actor": "bob"},
    ///   {"id": "1", "incident": "I", "kind": "detected", "title": "t", "severity": "SEV-2",
    ///    "occurred_at": "2026-11-26T10:00:00Z", "recorded_at": "2026-11-26T10:00:00Z", "actor": "am"},
    ///   {"id": "3", "incident": "I", "kind": "participant_joined", "person": "bob",
    ///    "occurred_at": "2026-11-26T10:10:00Z", "recorded_at": "2026-11-26T10:10:00Z", "actor": "bob"}
    /// ])).unwrap();
    /// let mut live = LiveIncident::new(IncidentConfig::default())?;
    /// let results = live.apply_all(events);
    /// assert!(results.iter().all(|r| *r == Ok(Applied::Appended)));
    /// assert_eq!(live.len(), 3);
    /// # Ok::<(), watchstander::incident::IncidentError>(())
    /// ```
    pub fn apply_all(
        &mut self,
        events: impl IntoIterator<Item = Event>,
    ) -> Vec<Result<Applied, IncidentError>> {
        let events: Vec<Event> = events.into_iter().collect();
        // A batch already in fold order (the usual case) is applied as it is.
        if events.is_sorted_by(|a, b| a.fold_cmp(b).is_le()) {
            return events.into_iter().map(|e| self.apply(e)).collect();
        }
        let mut batch: Vec<(usize, Event)> = events.into_iter().enumerate().collect();
        batch.sort_by(|a, b| a.1.fold_cmp(&b.1));
        let mut out: Vec<(usize, Result<Applied, IncidentError>)> =
            batch.into_iter().map(|(i, e)| (i, self.apply(e))).collect();
        out.sort_by_key(|(i, _)| *i);
        out.into_iter().map(|(_, r)| r).collect()
    }

    /// Applies `e` at fold position `position` (the end of what is applied): checkpoint,
    /// fold, index. On error nothing changes.
    fn step(
        &mut self,
        e: &Event,
        position: usize,
        detection: Option<(DateTime<Utc>, &str)>,
    ) -> Result<(), IncidentError> {
        let u = self.state.apply(&self.config, detection, e)?;
        if position.is_multiple_of(CHECKPOINT_EVERY) {
            // `take_back` already cut the marks to this position, so this truncation only
            // states the invariant (`/` → `*` here is an equivalent mutant).
            self.marks.truncate(position / CHECKPOINT_EVERY);
            self.marks.push(self.index.mark());
        }
        self.undo.push(u);
        self.index.observe(&self.state, e, &self.config);
        Ok(())
    }

    /// Keeps an applied event whose id hashes to `h`, at fold position `at` (`None`: at the
    /// end).
    fn store(&mut self, e: Event, h: IdHash, at: Option<usize>) {
        if self.incident_id.is_none() {
            self.incident_id = Some(e.incident.clone().into_boxed_str());
        }
        let arrival = self.events.len();
        self.events.push(Stored::new(e, &mut self.symbols));
        match at {
            // A position is never past the end, and inserting at the end is pushing: the guard
            // only keeps `insert` from panicking (replacing it with `true` or `<=` is an
            // equivalent mutant).
            Some(p) if p < self.order.len() => self.order.insert(p, arrival as u32),
            _ => self.order.push(arrival as u32),
        }
        self.ids.insert(arrival, h);
    }

    /// Takes back `applied`, the events at fold positions `first..` (the latest ones), and
    /// puts the index back to the checkpoint at `first` (a multiple of `CHECKPOINT_EVERY`).
    fn take_back(&mut self, applied: &[&Event], first: usize) {
        for (i, e) in applied.iter().enumerate().rev() {
            let previous = match i.checked_sub(1) {
                Some(j) => applied.get(j).map(|p| p.occurred_at),
                None => first
                    .checked_sub(1)
                    .and_then(|p| self.stored_at(p))
                    .map(Stored::occurred_at),
            };
            if let Some(u) = self.undo.pop() {
                undo(&mut self.state, e, u, previous);
            }
        }
        let k = first / CHECKPOINT_EVERY;
        if let Some(m) = self.marks.get(k) {
            self.index.restore(m);
        }
        self.marks.truncate(k);
    }

    fn insert_late(
        &mut self,
        event: Event,
        h: IdHash,
        position: usize,
    ) -> Result<Applied, IncidentError> {
        let from = position / CHECKPOINT_EVERY * CHECKPOINT_EVERY;
        let old: Vec<Event> = self
            .order
            .get(from..)
            .unwrap_or_default()
            .iter()
            .map(|&i| self.event_at(i))
            .collect();
        let old_refs: Vec<&Event> = old.iter().collect();
        self.take_back(&old_refs, from);
        let split = position - from;
        let mut chain: Vec<&Event> = Vec::with_capacity(old.len() + 1);
        chain.extend(old.iter().take(split));
        chain.push(&event);
        chain.extend(old.iter().skip(split));
        let detected = self.state.incident().and_then(|i| {
            i.status_history
                .first()
                .map(|p| (i.detected_at, p.event.clone()))
        });
        let detection = match &detected {
            Some((t, id)) => Some((*t, id.as_str())),
            None => detection_of(&chain),
        };
        for (i, e) in chain.iter().enumerate() {
            if let Err(err) = self.step(e, from + i, detection) {
                self.take_back(chain.get(..i).unwrap_or_default(), from);
                let detection = match &detected {
                    Some((t, id)) => Some((*t, id.as_str())),
                    None => detection_of(&old_refs),
                };
                for (j, e) in old.iter().enumerate() {
                    // These were applied in this order before, so they apply again.
                    self.step(e, from + j, detection)?;
                }
                return Err(err);
            }
        }
        drop(chain);
        drop(old_refs);
        self.store(event, h, Some(position));
        Ok(Applied::Inserted { position })
    }

    fn detected(&self) -> Result<&Incident, IncidentError> {
        self.incident().ok_or_else(|| IncidentError::NotDetected {
            event: self
                .stored_at(0)
                .map(|s| s.id().to_string())
                .unwrap_or_default(),
            kind: self
                .events()
                .next()
                .map_or_else(|| "none".to_string(), |e| e.kind.name().to_string()),
        })
    }

    /// The facts at `now` (not before the latest event), as
    /// [`IncidentFacts::at`](super::IncidentFacts::at) computes them.
    ///
    /// ```
    /// use watchstander::incident::{Event, IncidentConfig, LiveIncident, Status};
    /// use watchstander::time::parse_instant;
    /// let events: Vec<Event> = serde_json::from_value(serde_json::json!([
    ///   {"id": "1", "incident": "I", "kind": "detected", "title": "t", "severity": "SEV-2",
    ///    "occurred_at": "2026-11-26T10:00:00Z", "recorded_at": "2026-11-26T10:00:00Z", "actor": "am"},
    ///   {"id": "2", "incident": "I", "kind": "status_changed", "to": "monitoring",
    ///    "occurred_at": "2026-11-26T10:30:00Z", "recorded_at": "2026-11-26T10:30:00Z", "actor": "bob"}
    /// ])).unwrap();
    /// let live = LiveIncident::from_events(IncidentConfig::default(), &events)?;
    /// let facts = live.facts(parse_instant("2026-11-26T11:00:00Z")?)?;
    /// assert_eq!(facts.time_to_mitigate_seconds, Some(30 * 60));
    /// assert_eq!(facts.time_in_status[&Status::Monitoring], 30 * 60);
    /// assert!(live.facts(parse_instant("2026-11-26T10:10:00Z")?).is_err()); // before the last event
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn facts(&self, now: DateTime<Utc>) -> Result<IncidentFacts, IncidentError> {
        let inc = self.detected()?;
        super::derived::check_now(inc, now)?;
        IncidentFacts::from_sums(inc, &self.config, now, self.index.fact_sums(inc, now))
    }

    /// Both SLA clocks at `now` (not before the latest event), as
    /// [`IncidentSla::at`](super::IncidentSla::at) computes them.
    ///
    /// ```
    /// use watchstander::incident::{Event, IncidentConfig, LiveIncident};
    /// use watchstander::time::parse_instant;
    /// let events: Vec<Event> = serde_json::from_value(serde_json::json!([
    ///   {"id": "1", "incident": "I", "kind": "detected", "title": "t", "severity": "SEV-3",
    ///    "occurred_at": "2026-11-26T10:00:00Z", "recorded_at": "2026-11-26T10:00:00Z", "actor": "am"},
    ///   {"id": "2", "incident": "I", "kind": "severity_changed", "to": "SEV-2", "reason": "spreading",
    ///    "occurred_at": "2026-11-26T10:30:00Z", "recorded_at": "2026-11-26T10:30:00Z", "actor": "bob"}
    /// ])).unwrap();
    /// let live = LiveIncident::from_events(IncidentConfig::default(), &events)?;
    /// let sla = live.sla(parse_instant("2026-11-26T10:40:00Z")?)?;
    /// // SEV-2 responds within 1 h, re-targeted from detection at 10:00.
    /// assert_eq!(sla.response.deadline.unwrap().to_rfc3339(), "2026-11-26T11:00:00+00:00");
    /// assert_eq!(sla.response.retargeted.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn sla(&self, now: DateTime<Utc>) -> Result<IncidentSla, IncidentError> {
        let inc = self.detected()?;
        super::derived::check_now(inc, now)?;
        self.index.sla(inc, &self.config, now)
    }

    /// The next update due to each audience at `now` (not before the latest event), as
    /// [`next_updates`](super::next_updates) computes them.
    ///
    /// ```
    /// use watchstander::incident::{Event, IncidentConfig, LiveIncident, UpdateReason};
    /// use watchstander::time::parse_instant;
    /// let events: Vec<Event> = serde_json::from_value(serde_json::json!([
    ///   {"id": "1", "incident": "I", "kind": "detected", "title": "t", "severity": "SEV-2",
    ///    "occurred_at": "2026-11-26T10:00:00Z", "recorded_at": "2026-11-26T10:00:00Z", "actor": "am"},
    ///   {"id": "2", "incident": "I", "kind": "status_update_posted", "audience": "internal",
    ///    "text": "Looking", "occurred_at": "2026-11-26T10:20:00Z",
    ///    "recorded_at": "2026-11-26T10:20:00Z", "actor": "alice"}
    /// ])).unwrap();
    /// let live = LiveIncident::from_events(IncidentConfig::default(), &events)?;
    /// let due = live.next_updates(parse_instant("2026-11-26T11:10:00Z")?)?;
    /// assert_eq!(due[0].due_at.unwrap().to_rfc3339(), "2026-11-26T11:20:00+00:00");
    /// assert_eq!(due[0].reason, Some(UpdateReason::Cadence));
    /// assert_eq!(due[2].overdue_seconds, 10 * 60); // customers: first update due 11:00
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn next_updates(&self, now: DateTime<Utc>) -> Result<Vec<UpdateDue>, IncidentError> {
        let inc = self.detected()?;
        super::derived::check_now(inc, now)?;
        self.index.next_updates(inc, &self.config, now)
    }

    /// Facts, SLA clocks and next updates at `now` (not before the latest event).
    ///
    /// ```
    /// use watchstander::incident::{Event, IncidentConfig, LiveIncident};
    /// use watchstander::time::parse_instant;
    /// let events: Vec<Event> = serde_json::from_value(serde_json::json!([
    ///   {"id": "1", "incident": "I", "kind": "detected", "title": "t", "severity": "SEV-3",
    ///    "occurred_at": "2026-11-26T09:00:00Z", "recorded_at": "2026-11-26T09:00:00Z", "actor": "am"},
    ///   {"id": "2", "incident": "I", "kind": "severity_changed", "to": "SEV-1", "reason": "outage",
    ///    "occurred_at": "2026-11-26T11:00:00Z", "recorded_at": "2026-11-26T11:00:00Z", "actor": "bob"}
    /// ])).unwrap();
    /// let live = LiveIncident::from_events(IncidentConfig::default(), &events)?;
    /// let status = live.status(parse_instant("2026-11-26T11:01:00Z")?)?;
    /// // SEV-1 updates responders every 30 minutes, judged from the upgrade on.
    /// assert_eq!(status.updates[0].due_at.unwrap().to_rfc3339(), "2026-11-26T11:30:00+00:00");
    /// assert!(!status.updates[0].overdue);
    /// // SEV-1 responds immediately (5 minutes): re-targeted from detection, long past, so
    /// // the response clock breached at the upgrade.
    /// assert_eq!(status.sla.response.breached_at.unwrap().to_rfc3339(), "2026-11-26T11:00:00+00:00");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn status(&self, now: DateTime<Utc>) -> Result<LiveStatus, IncidentError> {
        Ok(LiveStatus {
            as_of: now,
            facts: self.facts(now)?,
            sla: self.sla(now)?,
            updates: self.next_updates(now)?,
        })
    }

    /// The human-readable timeline in `zone` for `audience` (see
    /// [`timeline`](super::timeline())). O(n): it is written out event by event.
    ///
    /// ```
    /// use watchstander::incident::{Event, IncidentConfig, LiveIncident};
    /// use watchstander::severity::Audience;
    /// use watchstander::time::Zone;
    /// let events: Vec<Event> = serde_json::from_value(serde_json::json!([
    ///   {"id": "1", "incident": "I", "kind": "detected", "title": "Payments latency", "severity": "SEV-2",
    ///    "occurred_at": "2026-07-01T09:00:00Z", "recorded_at": "2026-07-01T09:00:00Z", "actor": "am"}
    /// ])).unwrap();
    /// let live = LiveIncident::from_events(IncidentConfig::default(), &events)?;
    /// let t = live.timeline(Zone::parse("Europe/London")?, Audience::External)?;
    /// assert_eq!(t.entries[0].display, "2026-07-01 10:00 BST");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn timeline(&self, zone: Zone, audience: Audience) -> Result<Timeline, IncidentError> {
        let events: Vec<Event> = self.events().collect();
        super::timeline(&self.config, &events, zone, audience)
    }
}
