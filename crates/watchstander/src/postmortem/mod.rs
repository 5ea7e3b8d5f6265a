//! Post-mortems.
mod error;
pub use error::PostmortemError;
