//! The incident lifecycle: an event-sourced state machine with roles, SLA clocks, a timeline
//! and communication cadence.

mod error;

pub use error::IncidentError;
