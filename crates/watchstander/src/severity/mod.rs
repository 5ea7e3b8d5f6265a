//! Severity levels and SLA maths.
//!
//! A [`SeverityPolicy`] lists the levels an organisation uses (by default SEV-1 to SEV-4),
//! each with a description, the escalation criteria that justify raising an incident to it, a
//! response target, an optional resolve target, a status-update cadence per
//! [`Audience`], and whether it pages. Targets are `"immediate"` or an ISO 8601 duration,
//! measured on a 24×7 clock or on the policy's business calendar.
//!
//! An [`SlaClock`] measures one target for one incident: it starts, may pause and resume (with
//! reasons), and stops. [`SlaClock::status`] reports the deadline, elapsed and remaining time,
//! and whether and when it breached; [`attainment`] summarises many clocks.
//!
//! ```
//! use watchstander::severity::{SeverityPolicy, SlaClock, SlaKind};
//! use watchstander::time::parse_instant;
//!
//! let policy: SeverityPolicy = serde_json::from_str(r#"{
//!   "levels": [
//!     {"id": "P1", "name": "Urgent", "rank": 1, "description": "Customers cannot work",
//!      "response": {"within": "PT15M"}, "resolve": {"within": "PT4H"}},
//!     {"id": "P2", "name": "Normal", "rank": 2, "description": "Everything else",
//!      "response": {"within": "P1D", "clock": "business"}}
//!   ],
//!   "business_calendar": {"zone": "Europe/Berlin",
//!     "hours": {"mon": ["09:00-17:00"], "tue": ["09:00-17:00"], "wed": ["09:00-17:00"],
//!               "thu": ["09:00-17:00"], "fri": ["09:00-17:00"]}}
//! }"#).unwrap();
//! let policy = policy.validate()?;
//! let target = policy.target("P1", SlaKind::Response)?.unwrap();
//! let clock = SlaClock::start(target, parse_instant("2026-11-26T09:00:00Z")?);
//! let status = clock.status(&policy, parse_instant("2026-11-26T09:20:00Z")?)?;
//! assert!(status.breached);
//! assert_eq!(status.breached_at.unwrap().to_rfc3339(), "2026-11-26T09:15:00+00:00");
//! # Ok::<(), watchstander::severity::SeverityError>(())
//! ```

mod error;
mod level;
mod sla;

pub use error::SeverityError;
pub use level::{
    Audience, ClockKind, SeverityLevel, SeverityPolicy, SlaKind, SlaTarget, UpdateCadence, Within,
};
pub use sla::{attainment, Attainment, ClockState, Pause, SlaClock, SlaStatus};
