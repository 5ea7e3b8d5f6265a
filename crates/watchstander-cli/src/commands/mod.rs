//! One module per subcommand group.

pub mod alerts;
pub mod call;
pub mod completions;
pub mod demo;
pub mod escalate;
pub mod incident;
pub mod metrics;
pub mod postmortem;
pub mod runbook;
pub mod schedule;
pub mod severity;
pub mod time;
