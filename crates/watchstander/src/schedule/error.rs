//! The error type of the [`schedule`](crate::schedule) module.

use thiserror::Error;

use crate::time::TimeError;

/// Everything that can go wrong in the `schedule` module.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ScheduleError {
    /// A time computation failed.
    #[error(transparent)]
    Time(#[from] TimeError),
}

impl ScheduleError {
    /// A stable, machine-readable identifier of the error kind.
    pub fn code(&self) -> &'static str {
        match self {
            ScheduleError::Time(e) => e.code(),
        }
    }

    /// The module the code belongs to (`time` for wrapped time errors).
    pub fn module(&self) -> &'static str {
        match self {
            ScheduleError::Time(_) => "time",
        }
    }
}
