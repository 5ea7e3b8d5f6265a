//! One module per subcommand group.

pub mod call;
pub mod demo;
pub mod schedule;
pub mod incident;
pub mod severity;
pub mod time;
