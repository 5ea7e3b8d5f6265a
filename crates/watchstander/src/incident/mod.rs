//! The incident lifecycle: an event-sourced state machine with roles, SLA clocks, a timeline
//! and communication cadence.
//!
//! An incident is **the fold of its events**. Nothing else is stored: status, severity, roles,
//! participants, customer impact, updates, notes and follow-ups are what the [`Event`]s add up
//! to ([`replay`], or a [`LiveIncident`] that takes events as they arrive), and everything
//! derived — [`IncidentFacts`], [`IncidentSla`], [`next_updates`], [`notification_plan`],
//! [`render_status_update`], [`timeline()`] — is computed from the [`Incident`] at an instant you
//! pass in. The module never reads a clock.
//!
//! The pieces, one job each:
//!
//! * [`state`] — statuses and the transition table (invalid moves are
//!   [`IncidentError::InvalidTransition`], naming both statuses);
//! * [`event`] — the event kinds and their JSON (tagged by `kind`; unknown kinds are typed
//!   errors);
//! * [`fold`] — ordering (occurred-at, then recording sequence), duplicates, late events,
//!   all-or-nothing application;
//! * [`LiveIncident`] — an incident kept up to date as events arrive: O(log n) per event, its
//!   status (facts, SLA clocks, next updates) at any instant in O(log n);
//! * [`RoleBook`] — who holds each role now and who held it when;
//! * [`IncidentFacts`] — time to acknowledge, mitigate, resolve; time in each status; impact;
//! * [`IncidentSla`] — response and resolve clocks per severity, re-targeted on severity changes;
//! * [`next_updates`] / [`notification_plan`] — update cadence per audience and who must be told
//!   what, by when;
//! * [`Template`] / [`render_status_update`] — placeholder-only templates rendered to Markdown,
//!   text, Slack Block Kit and Teams Adaptive Cards, never leaking internal notes externally;
//! * [`escape()`] — the one escaper every renderer uses, per output format;
//! * [`war_room_name`] — safe chat-channel names;
//! * [`timeline()`] — the human-readable timeline in a zone.
//!
//! ```
//! use watchstander::incident::{replay, Event, IncidentConfig, IncidentFacts, IncidentSla, Status};
//! use watchstander::time::parse_instant;
//!
//! let events: Vec<Event> = serde_json::from_value(serde_json::json!([
//!   {"id": "1", "incident": "INC-7", "kind": "detected", "title": "Checkout errors", "severity": "SEV-2",
//!    "occurred_at": "2026-11-26T10:00:00Z", "recorded_at": "2026-11-26T10:00:00Z", "actor": "alertmanager"},
//!   {"id": "2", "incident": "INC-7", "kind": "acknowledged",
//!    "occurred_at": "2026-11-26T10:07:00Z", "recorded_at": "2026-11-26T10:07:00Z", "actor": "bob"},
//!   {"id": "3", "incident": "INC-7", "kind": "status_changed", "to": "monitoring", "reason": "rolled back",
//!    "occurred_at": "2026-11-26T10:40:00Z", "recorded_at": "2026-11-26T10:40:00Z", "actor": "bob"}
//! ])).unwrap();
//! let config = IncidentConfig::default().validate()?;
//! let incident = replay(&config, &events)?;
//! assert_eq!(incident.status, Status::Monitoring);
//!
//! let now = parse_instant("2026-11-26T11:00:00Z")?;
//! let facts = IncidentFacts::at(&incident, &config, now)?;
//! assert_eq!(facts.time_to_acknowledge_seconds, Some(7 * 60));
//! assert_eq!(facts.time_to_mitigate_seconds, Some(40 * 60));
//! // SEV-2 must be resolved within 24 h of detection.
//! let sla = IncidentSla::at(&incident, &config, now)?;
//! assert_eq!(sla.resolve.deadline.unwrap().to_rfc3339(), "2026-11-27T10:00:00+00:00");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod apply;
pub mod comms;
pub mod config;
pub mod derived;
mod error;
pub mod escape;
pub mod event;
mod event_parse;
pub mod fold;
mod index;
pub mod live;
pub mod model;
pub mod naming;
mod placeholders;
pub mod render;
pub mod roles;
#[cfg(feature = "schema")]
pub mod schema;
pub mod sla;
mod sla_segments;
mod sla_track;
pub mod state;
mod stored;
pub mod template;
pub mod timeline;
mod undo;

pub use comms::{
    next_updates, notification_plan, ItemState, NotRequired, Notice, NotificationPlan, PlanItem,
    UpdateDue, UpdateReason, AUDIENCES,
};
pub use config::{IncidentConfig, Person, RoleDefinition, Stakeholder};
pub use derived::IncidentFacts;
pub use error::IncidentError;
pub use escape::{escape, table_cell, Markup};
pub use event::{Event, EventKind, FoldKey, EVENT_KINDS};
pub use fold::replay;
pub use live::{Applied, IncidentLog, LiveIncident, LiveStatus, MAX_EVENTS};
pub use model::{
    Acknowledgement, FollowUp, ImpactWindow, Incident, NoteEntry, Participation, PostedUpdate,
    Reopening, SeverityPeriod, StatusPeriod, Stint,
};
pub use naming::{slugify, war_room_name, WarRoomRule};
pub use render::{
    render_status_update, FactTemplate, RenderedFact, RenderedUpdate, StatusTemplate, UpdateFormat,
    UpdateRequest, INTERNAL_PLACEHOLDERS, PUBLIC_PLACEHOLDERS,
};
pub use roles::{RoleBook, RoleRecord, Tenure, TenureEnd};
pub use sla::{IncidentSla, Retarget, SlaReport};
pub use state::Status;
pub use template::{Template, MAX_TEMPLATE_CHARS};
pub use timeline::{timeline, Timeline, TimelineEntry};
