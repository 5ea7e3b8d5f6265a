//! On-call scheduling: rotations, layers, restrictions, overrides, swaps, holidays, fairness
//! and iCalendar export.

mod error;

pub use error::ScheduleError;
