//! # watchstander
//!
//! The engine inside incident tooling: incident lifecycle, severity and SLA maths, on-call
//! scheduling, escalation and alert hygiene, as one pure library that Rust services, Python
//! scripts and Node bots embed with identical results.
//!
//! The crate is **pure and deterministic**: it does no I/O, keeps no global state and never
//! reads the clock — every function that needs "now" takes it as an argument. Instants are UTC
//! ([`chrono::DateTime<Utc>`](chrono::DateTime)); every rule a person reads on a wall clock
//! (a 09:00 handoff, business hours) is evaluated in its own IANA zone.
//!
//! Modules, lowest first; dependencies point one way:
//!
//! * [`time`] — zones, DST policy, wall-clock arithmetic, ISO 8601 durations, RRULEs,
//!   business calendars.
//! * [`severity`] — severity levels, SLA targets and SLA clocks.
//! * [`schedule`] — on-call rotations, layers, overrides, swaps, fairness, iCalendar.
//! * [`incident`] — the event-sourced incident lifecycle, roles, timeline, communication.
//! * [`escalation`] — escalation policies, urgency, notification rules, notification plans
//!   and the live escalation state machine.
//! * [`alert`] — normalisation of monitoring sources, dedup, Alertmanager-style grouping,
//!   inhibition, silences and maintenance windows, routing, flap detection, alert → incident.
//! * [`runbook`] — runbooks as Markdown: structure, validation, matching to alerts and
//!   incidents, coverage, remediation plans.
//! * [`postmortem`] — post-mortems: policy, drafts from an incident's timeline, validation,
//!   the blameless-language lint, Markdown in and out, a knowledge-sharing index.
//! * [`document`] — the Markdown-with-front-matter layer both share.
//! * [`metrics`] — response metrics with percentiles, alert volume and accuracy, interruptions,
//!   burnout indicators, process health, on-call compensation, and the HTML report.
//! * [`column`](mod@column) — integer columns that cross a binding as one block of bytes.
//! * `ops` — the JSON operations shared by the CLI and the Python and Node bindings.
//!
//! Errors: each module has its own error enum with stable codes; [`Error`] wraps them all.
#![warn(missing_docs)]
#![cfg_attr(
    not(test),
    warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod alert;
pub mod column;
pub mod document;
pub mod error;
pub mod escalation;
pub mod incident;
pub mod metrics;
pub mod ops;
pub mod postmortem;
pub mod runbook;
pub mod schedule;
#[cfg(feature = "schema")]
pub mod schema;
pub mod severity;
pub mod time;

pub use error::{from_json, to_json, Error, ErrorReport, InputError};

/// The crate version, as in `Cargo.toml`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The Rust code blocks of the user guide (`docs/`), run as doc tests so that the book's
/// examples cannot go stale (`tests/docs/book.py` checks that every chapter with Rust blocks is
/// listed here).
#[cfg(doctest)]
pub mod guide {
    #[doc = include_str!("../../../docs/getting-started/rust.md")]
    pub struct GettingStarted;
}
