//! The bounds of the metrics module. Every one is checked before work starts; past one, the
//! call fails with [`MetricsError::TooMany`](super::MetricsError::TooMany) (or
//! `invalid_metrics_window` for the window) naming the bound.

/// The most incidents one call accepts (records or columnar rows). The columnar form of
/// 20 million incidents takes about 1 GB.
pub const MAX_INCIDENTS: usize = 20_000_000;

/// The most pages one call accepts (records or columnar rows).
pub const MAX_PAGES: usize = 50_000_000;

/// The longest reporting window, in days (ten years).
pub const MAX_WINDOW_DAYS: i64 = 3_660;

/// The most responders (people) in one call.
pub const MAX_PEOPLE: usize = 100_000;

/// The most on-call shifts in one call (given, or compiled from schedules).
pub const MAX_SHIFTS: usize = 5_000_000;

/// The most distinct values of one dictionary (severities, services, teams, alert rules).
pub const MAX_DISTINCT: usize = 1_000_000;

/// The most data-quality findings listed one by one; past it they are only counted (by code).
pub const MAX_FINDINGS_LISTED: usize = 1_000;

/// The most rules (and services) listed in the noisiest-rules table of a report.
pub const NOISIEST_RULES: usize = 10;

/// The latest instant accepted in a columnar input, as epoch seconds (9999-12-31T23:59:59Z).
pub const MAX_EPOCH_SECONDS: i64 = 253_402_300_799;
