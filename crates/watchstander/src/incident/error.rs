//! The error type of the [`incident`](crate::incident) module.

use thiserror::Error;

use crate::time::TimeError;

/// Everything that can go wrong in the `incident` module.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum IncidentError {
    /// A time computation failed.
    #[error(transparent)]
    Time(#[from] TimeError),
}

impl IncidentError {
    /// A stable, machine-readable identifier of the error kind.
    pub fn code(&self) -> &'static str {
        match self {
            IncidentError::Time(e) => e.code(),
        }
    }

    /// The module the code belongs to (`time` for wrapped time errors).
    pub fn module(&self) -> &'static str {
        match self {
            IncidentError::Time(_) => "time",
        }
    }
}
