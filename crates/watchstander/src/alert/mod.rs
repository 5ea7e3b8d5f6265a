//! Alerts: normalisation, deduplication, grouping, inhibition, silences, routing, flap
//! detection and alert → incident placement, with Prometheus Alertmanager's semantics.
//!
//! Raw alerts from any monitoring source are [normalised](normalize) into one [`Alert`] type
//! and fed to a [`Pipeline`], a pure state machine configured in Alertmanager's own shape
//! ([`AlertConfig`]: a `route` tree, `receivers`, `inhibit_rules`) plus watchstander's
//! additions (silences and recurring maintenance windows, flap detection, incident rules).
//! [`Pipeline::ingest`] and [`Pipeline::tick`] return [`Action`]s: notifications, incidents to
//! open, attach or resolve, and every suppression with its reason.
//!
//! What happens to an alert, in order:
//!
//! 1. **Identity and dedup.** An alert is identified by its dedup key within its service, else
//!    by its labels' fingerprint. A repeat of an open alert raises its count
//!    ([`SuppressReason::Dedup`]).
//! 2. **Routing.** The [`RouteTree`] is walked depth-first; the first matching child wins unless
//!    it has `continue`. The route gives receiver, timers, service, escalation policy, severity.
//! 3. **Grouping.** Alerts with equal `group_by` labels on a route form an aggregation group. A
//!    new group flushes after `group_wait`, then every `group_interval` while it has alerts.
//! 4. **Muting at each flush.** Inhibited (by which alert and rule), then silenced (by which
//!    silences), then flapping alerts are left out of the notification and reported once.
//! 5. **Notify decision.** Alertmanager's rule ([`needs_update`]): notify when new alerts fire,
//!    when everything resolved, when (with `send_resolved`) new alerts resolved, or when
//!    `repeat_interval` has passed.
//! 6. **Incidents.** Newly notified firing alerts open or join incidents ([`IncidentPolicy`]);
//!    an incident resolves when all its alerts have.
//!
//! Differences from Alertmanager are deliberate and listed in `docs/alert.md`.

mod action;
mod config;
mod dormant;
mod duration;
mod error;
mod flapping;
mod flush;
mod incident;
mod ingest;
mod inhibit;
mod labels;
mod limits;
mod matcher;
mod model;
pub mod normalize;
mod notify;
mod pipeline;
mod quality;
mod replay;
mod route;
mod silence;
mod state;
mod stats;

pub use action::{
    Action, IncidentOpened, Notification, NotifiedAlert, NotifiedStatus, SuppressReason,
};
pub use config::{AlertConfig, GlobalConfig, InhibitRuleConfig, ReceiverConfig, RouteConfig};
pub use duration::Interval;
pub use error::AlertError;
pub use flapping::{FlapDetector, FlappingConfig};
pub use incident::{Aggregate, IncidentGrouping, IncidentPolicy, IncidentRule, IncidentTracker};
pub use inhibit::{InhibitRule, Inhibition, Inhibitor};
pub use labels::{Fingerprint, Labels};
pub use limits::*;
pub use matcher::{MatchOp, Matcher, Matchers};
pub use model::{Alert, AlertSeverity, AlertStatus};
pub use notify::{needs_update, LogEntry, NotifyReason};
pub use pipeline::{Pipeline, DEFAULT_RESOLVE_TIMEOUT, NOTIFICATION_LOG_RETENTION};
pub use quality::{AlertQuality, QualityCounts, QualityRow, NOISIEST_RULES, NO_SERVICE};
pub(crate) use replay::replay_summary;
pub use replay::{replay, RecordError, ReplayOutput, ReplayRecord, ReplaySummary};
pub use route::{
    GroupBy, RouteNode, RouteOpts, RouteTree, DEFAULT_GROUP_INTERVAL, DEFAULT_GROUP_WAIT,
    DEFAULT_REPEAT_INTERVAL,
};
pub use silence::{Silence, SilenceSpec, SilenceState, MAX_SILENCE_WINDOW_DAYS};
pub use state::PipelineState;
pub use stats::{Counts, Stats, MAX_STAT_RULES, OTHER};
