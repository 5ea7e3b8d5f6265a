//! The incident lifecycle: an event-sourced state machine with roles, SLA clocks, a timeline
//! and communication cadence.

mod apply;
mod comms;
mod config;
mod derived;
mod error;
mod event;
mod fold;
mod model;
mod naming;
mod render;
mod roles;
pub mod schema;
mod sla;
mod state;
mod template;
mod timeline;

pub use comms::{
    next_updates, notification_plan, ItemState, NotRequired, Notice, NotificationPlan, PlanItem,
    UpdateDue, UpdateReason, AUDIENCES,
};
pub use config::{IncidentConfig, Person, RoleDefinition, Stakeholder};
pub use derived::IncidentFacts;
pub use error::IncidentError;
pub use event::{Event, EventKind, FoldKey, EVENT_KINDS};
pub use fold::{replay, Applied, IncidentLog};
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
