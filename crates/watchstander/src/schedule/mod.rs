//! On-call scheduling: rotations, layers, restrictions, overrides, swaps, holidays, fairness
//! and iCalendar export.

mod error;
pub mod ical;

pub use error::ScheduleError;
