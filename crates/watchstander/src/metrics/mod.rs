//! Metrics and on-call health: response times with percentiles, alert volume and accuracy,
//! incident frequency, interruptions on each responder's own clock, burnout indicators with a
//! risk flag that says why, process health, on-call compensation, and a report people look at.
//!
//! Everything is computed from one [`MetricsInput`] — a window, incidents (records, columns or
//! event histories), pages, on-call time (shifts or schedules), people with their zones and
//! holidays, and settings — prepared once into [`Metrics`]:
//!
//! ```
//! use watchstander::metrics::{Metrics, MetricsInput, RiskLevel};
//! let input: MetricsInput = serde_json::from_value(serde_json::json!({
//!   "start": "2026-11-02T00:00:00Z", "end": "2026-11-09T00:00:00Z", "zone": "Europe/London",
//!   "people": [{"id": "alice", "zone": "Europe/London"}, {"id": "chen", "zone": "Asia/Singapore"}],
//!   "oncall": [{"person": "alice", "start": "2026-11-02T00:00:00Z", "end": "2026-11-09T00:00:00Z"}],
//!   "pages": [
//!     {"person": "alice", "at": "2026-11-03T02:00:00Z", "rule": "DiskFull", "actionable": false},
//!     {"person": "alice", "at": "2026-11-03T02:00:30Z", "rule": "DiskFull", "actionable": false},
//!     {"person": "alice", "at": "2026-11-04T03:00:00Z", "rule": "Latency", "actionable": true}
//!   ],
//!   "incidents": [{"id": "INC-1", "triggered_at": "2026-11-04T03:00:00Z",
//!     "acknowledged_at": "2026-11-04T03:05:00Z", "resolved_at": "2026-11-04T04:00:00Z", "severity": "SEV-2"}]
//! }))?;
//! let m = Metrics::new(input)?;
//! assert_eq!(m.response().overall.time_to_acknowledge.p50_seconds, Some(300.0));
//! let i = m.interruptions();
//! assert_eq!(i.pages, 3);
//! assert_eq!(i.total.total, 2);  // two pages 30 s apart are one interruption
//! assert_eq!(i.total.sleep, 2);  // 02:00 and 03:00 in London are sleep hours
//! let b = m.burnout()?;
//! let alice = b.people.iter().find(|p| p.person == "alice").unwrap();
//! assert_eq!(alice.risk, RiskLevel::High); // on call 100 % of the week, woken twice
//! assert!(alice.reasons.iter().any(|r| r.code == "oncall_share"));
//! let v = m.alert_volume();
//! assert_eq!(v.accuracy.true_positive_rate, Some(1.0 / 3.0));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The pieces, one concept each:
//!
//! * [`record`] and [`columns`] — the inputs: [`IncidentRecord`], [`Page`], and their columnar
//!   forms [`IncidentColumns`], [`PageColumns`] (parallel arrays: numpy, Arrow, typed arrays);
//! * [`people`] — [`Responder`]s, their zones and holidays; [`oncall`] — [`OnCallShift`]s;
//! * [`period`] — the [`ReportWindow`] and its weeks and months;
//! * [`stats`] — [`DurationStats`] (mean, p50, p90, p95, max);
//! * [`response`] — [`ResponseMetrics`] (MTTA, MTTR, time to mitigate and detect, DORA time to
//!   restore); [`frequency`] — [`IncidentFrequency`] with trends;
//! * [`alerts`] — [`AlertVolume`] (pages per shift, true-positive rate, noisiest rules, flapping);
//! * [`hours`] — [`WorkingHours`]; [`interruptions`] — [`Interruptions`] with the 60-second
//!   merge and the hour-of-week heatmap;
//! * [`burnout`] — [`BurnoutReport`], risk flags and [`gini`](gini()) balance;
//! * [`process`] — [`ProcessHealth`]; [`compensation`] — [`Compensation`] and its CSV;
//! * [`quality`] — [`DataQuality`]: bad input becomes findings, never a panic or a `NaN`;
//! * [`report`] — [`MetricsReport`], rendered by [`render_html`] and [`render_text`].
//!
//! Definitions, with their sources, are in `docs/metrics.md`.

pub mod alerts;
pub mod burnout;
pub mod columns;
pub mod compensation;
mod counted;
mod engine;
mod error;
pub mod frequency;
mod gini;
pub mod hours;
mod html;
mod input;
pub mod interruptions;
mod limits;
pub mod oncall;
pub mod people;
pub mod period;
pub mod process;
pub mod quality;
pub mod record;
pub mod report;
pub mod response;
mod settings;
mod sort;
pub mod stats;
mod svg;
mod table;
mod text;
mod walk;

pub use alerts::{AlertVolume, PersonVolume, RuleAccuracy};
pub use burnout::{
    Balance, BurnoutReport, BurnoutThresholds, PersonBurnout, RiskLevel, RiskReason,
};
pub use columns::{IncidentColumns, PageColumns};
pub use compensation::{
    csv_field, Compensation, CompensationRates, CompensationRow, CompensationSettings,
};
pub use counted::ExcludedCounts;
pub use engine::Metrics;
pub use error::MetricsError;
pub use frequency::{FrequencyPeriod, IncidentFrequency};
pub use gini::gini;
pub use hours::{HourClass, WorkingHours};
pub use html::render_html;
pub use input::{MetricsInput, MAX_SCHEDULES};
pub use interruptions::{ClassCounts, Heatmap, Interruptions, PersonInterruptions};
pub use limits::*;
pub(crate) use oncall::OnCall;
pub use oncall::OnCallShift;
pub use people::Responder;
pub(crate) use people::Roster;
pub use period::{Granularity, Period, ReportWindow};
pub use process::{
    ActionItemHealth, AlertRule, Coverage, PostmortemHealth, ProcessHealth, ProcessSettings,
    SlaAttainment,
};
pub use quality::{DataQuality, Finding, FindingLevel};
pub use record::{ActionItem, Exclusion, IncidentRecord, Page, PostmortemRecord};
pub use report::{MetricsReport, ReportOptions};
pub use response::{
    DailyRestore, KeyedMetrics, MetricSet, PeriodMetrics, ResponseCounts, ResponseMetrics,
};
pub use settings::{MetricsSettings, MAX_MERGE_WINDOW_SECONDS};
pub use stats::DurationStats;
pub use text::render_text;
