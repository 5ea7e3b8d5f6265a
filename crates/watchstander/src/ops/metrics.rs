//! `metrics.*` operations.
//!
//! Every operation takes the same metrics input document (`docs/formats/metrics.md`): a window,
//! incidents (records, columns or event histories), pages (records or columns), on-call time
//! (shifts or schedules), people, and settings. Each computes its part; bad rows become
//! `data_quality` findings in the output, never errors. None holds logic of its own.

use serde::{Deserialize, Serialize};

use super::bounded::Bounded;
use super::{Op, Operation};
use crate::metrics::{
    AlertVolume, BurnoutReport, Compensation, DataQuality, DurationStats, HourClass,
    IncidentFrequency, Interruptions, Metrics, MetricsInput, MetricsReport, ProcessHealth,
    ResponseMetrics, WorkingHours, MAX_PAGES,
};
use crate::time::Zone;
use crate::Error;

pub(super) const OPERATIONS: &[Operation] = &[
    Operation::of::<Response>(),
    Operation::of::<Health>(),
    Operation::of::<Process>(),
    Operation::of::<CompensationOp>(),
    Operation::of::<Report>(),
    Operation::of::<Summarize>(),
    Operation::of::<ClassifyHours>(),
];

/// A small team's week, used by the examples.
macro_rules! example_input {
    () => {
        r#"{"start": "2026-11-02T00:00:00Z", "end": "2026-11-09T00:00:00Z", "zone": "Europe/London",
  "people": [{"id": "alice", "zone": "Europe/London"}, {"id": "chen", "zone": "Asia/Singapore"}],
  "oncall": [{"person": "alice", "start": "2026-11-02T09:00:00Z", "end": "2026-11-05T09:00:00Z"},
             {"person": "chen", "start": "2026-11-05T09:00:00Z", "end": "2026-11-09T00:00:00Z"}],
  "pages": [{"person": "alice", "at": "2026-11-03T02:00:00Z", "rule": "DiskFull", "actionable": false},
            {"person": "alice", "at": "2026-11-03T02:00:40Z", "rule": "DiskFull", "actionable": false},
            {"person": "chen", "at": "2026-11-06T03:00:00Z", "rule": "Latency", "actionable": true}],
  "incidents": [{"id": "INC-1", "triggered_at": "2026-11-06T03:00:00Z", "acknowledged_at": "2026-11-06T03:04:00Z",
                 "resolved_at": "2026-11-06T04:00:00Z", "severity": "SEV-2", "service": "payments"}]"#
    };
}

fn metrics(i: MetricsInput) -> Result<Metrics, Error> {
    Ok(Metrics::new(i)?)
}

/// Response metrics and incident frequency.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct ResponseOutput {
    /// MTTA, time to mitigate, MTTR, time to detect; breakdowns; DORA time to restore.
    response: ResponseMetrics,
    /// Incidents per week and month by severity, with trends.
    frequency: IncidentFrequency,
    /// What was wrong with the input.
    data_quality: DataQuality,
}

pub(crate) struct Response;
impl Op for Response {
    const NAME: &'static str = "metrics.response";
    const SUMMARY: &'static str = "MTTA, MTTR, time to mitigate and detect with percentiles, by severity, service, team, week and month; incident frequency";
    const DOC: &'static str = "Response metrics of the incidents triggered in the window: time to \
        acknowledge (un-acknowledged incidents left out), time to mitigate, time to resolve (open \
        incidents left out) and time to detect, each as count, mean, p50, p90, p95 and max \
        (linear interpolation, as numpy), overall and by severity, service, team, ISO week and \
        month; DORA's daily median time to restore; incident frequency per week and month with \
        the change from the period before. Declined, merged and test incidents are counted \
        separately and left out of everything else. Impossible values (resolved before \
        triggered, acknowledged after resolved) are left out and listed in `data_quality`. \
        Incidents may be records, columns (epoch seconds and dictionary indices) or event \
        histories. See `docs/metrics.md`.";
    const EXAMPLE: &'static str = concat!(example_input!(), "}");
    const BULK: bool = true;
    type Input = MetricsInput;
    type Output = ResponseOutput;
    fn run(i: MetricsInput) -> Result<ResponseOutput, Error> {
        let m = metrics(i)?;
        Ok(ResponseOutput {
            response: m.response().clone(),
            frequency: m.frequency(),
            data_quality: m.data_quality(),
        })
    }
}

/// On-call health.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct HealthOutput {
    /// Pages per shift and per person, true-positive rate per rule and service, noisiest rules,
    /// flapping share.
    alerts: AlertVolume,
    /// Interruptions by business, off and sleep hours on each person's clock; the heatmap.
    interruptions: Interruptions,
    /// Load per person against the SRE limits, risk flags with reasons, rotation balance.
    burnout: BurnoutReport,
    /// What was wrong with the input.
    data_quality: DataQuality,
}

pub(crate) struct Health;
impl Op for Health {
    const NAME: &'static str = "metrics.health";
    const SUMMARY: &'static str = "on-call health: alert volume and accuracy, interruptions per person, burnout indicators and risk flags";
    const DOC: &'static str = "On-call health of the window: pages per shift and per person, the \
        true-positive rate (actionable ÷ total) per alert rule and service, the noisiest rules, \
        the flapping share; interruptions (pages to one person within 60 s count once) by \
        business, off and sleep hours read in each person's own zone, with the hour-of-week \
        heatmap; and per person the pages per 12 h on call against the SRE ceiling of 2, the \
        share of time on call against 25 %, consecutive days on call, weekend and holiday load, \
        after-hours and sleep interruptions, a risk flag listing its reasons, and the Gini \
        coefficient of on-call hours and of interruptions. See `docs/metrics.md`.";
    const EXAMPLE: &'static str = concat!(example_input!(), "}");
    const BULK: bool = true;
    type Input = MetricsInput;
    type Output = HealthOutput;
    fn run(i: MetricsInput) -> Result<HealthOutput, Error> {
        let m = metrics(i)?;
        Ok(HealthOutput {
            alerts: m.alert_volume(),
            interruptions: m.interruptions(),
            burnout: m.burnout()?,
            data_quality: m.data_quality(),
        })
    }
}

/// Process health.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct ProcessOutput {
    /// Runbook coverage, post-mortem and action-item completion, SLA attainment.
    process: ProcessHealth,
    /// What was wrong with the input.
    data_quality: DataQuality,
}

pub(crate) struct Process;
impl Op for Process {
    const NAME: &'static str = "metrics.process";
    const SUMMARY: &'static str =
        "runbook coverage, post-mortem and action-item completion, SLA attainment by severity";
    const DOC: &'static str = "Process health of the counted incidents: the share with a runbook \
        (and of `alert_rules` with a `runbook_url`); post-mortems required (SEV-1 and SEV-2 by \
        default), completed, on time (within 5 business days of the resolution by default), \
        overdue at `as_of`; action items completed, open, overdue; response and resolve SLA \
        attainment per severity against the severity policy (met ÷ decided).";
    const EXAMPLE: &'static str = r#"{"start": "2026-11-01T00:00:00Z", "end": "2026-12-01T00:00:00Z", "zone": "UTC",
  "incidents": [{"id": "INC-1", "triggered_at": "2026-11-02T10:00:00Z", "acknowledged_at": "2026-11-02T10:03:00Z",
                 "resolved_at": "2026-11-02T12:00:00Z", "severity": "SEV-1", "runbook": true,
                 "postmortem": {"completed_at": "2026-11-05T16:00:00Z"},
                 "action_items": [{"id": "A-1", "due": "2026-11-20", "completed_at": "2026-11-18T10:00:00Z"}]}],
  "alert_rules": [{"name": "HighLatency", "runbook_url": "https://runbooks.example/latency"}, {"name": "DiskFull"}]}"#;
    const BULK: bool = true;
    type Input = MetricsInput;
    type Output = ProcessOutput;
    fn run(i: MetricsInput) -> Result<ProcessOutput, Error> {
        let m = metrics(i)?;
        let process = m.process()?.clone();
        Ok(ProcessOutput {
            process,
            data_quality: m.data_quality(),
        })
    }
}

/// On-call compensation.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct CompensationOutput {
    /// Hours per person and period split into weekday, weeknight, weekend and holiday, pages
    /// outside business hours, and amounts.
    compensation: Compensation,
    /// The same rows as CSV (RFC 4180, CRLF line ends).
    csv: String,
    /// What was wrong with the input.
    data_quality: DataQuality,
}

pub(crate) struct CompensationOp;
impl Op for CompensationOp {
    const NAME: &'static str = "metrics.compensation";
    const SUMMARY: &'static str = "on-call hours per person and pay period split into weekday, weeknight, weekend and holiday, priced, with CSV";
    const DOC: &'static str = "On-call hours per person and pay period (month by default), split \
        on each person's own clock into weekday (business hours of business days), weeknight, \
        weekend and holiday hours (holidays from the person's holiday calendars), plus \
        interruptions outside business hours, priced by `settings.compensation.rates`, with \
        totals and a CSV export.";
    const EXAMPLE: &'static str = concat!(
        example_input!(),
        r#", "settings": {"compensation": {"currency": "EUR", "period": "week", "rates": {"weeknight": 2.5, "weekend": 5, "holiday": 10, "page_outside_business_hours": 20}}}}"#
    );
    const BULK: bool = true;
    type Input = MetricsInput;
    type Output = CompensationOutput;
    fn run(i: MetricsInput) -> Result<CompensationOutput, Error> {
        let m = metrics(i)?;
        let compensation = m.compensation()?;
        Ok(CompensationOutput {
            csv: compensation.to_csv(),
            compensation,
            data_quality: m.data_quality(),
        })
    }
}

/// The whole report.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct ReportOutput {
    /// Every metric.
    report: MetricsReport,
    /// The self-contained HTML page (with `report.html`).
    #[serde(skip_serializing_if = "Option::is_none")]
    html: Option<String>,
    /// Terminal tables (with `report.text`).
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
}

pub(crate) struct Report;
impl Op for Report {
    const NAME: &'static str = "metrics.report";
    const SUMMARY: &'static str = "every metric in one report, optionally rendered as a self-contained HTML page and terminal tables";
    const DOC: &'static str = "Response, frequency, alert volume, interruptions, burnout, process \
        health, compensation and data quality in one document. With `report.html`, also one \
        self-contained HTML page (no network, inline SVG: MTTA/MTTR trend, heatmap of pages by \
        hour of week, per-person load bars, burnout flags and the tables); with `report.text`, \
        plain-text tables.";
    const EXAMPLE: &'static str = concat!(
        example_input!(),
        r#", "report": {"title": "Payments on-call, week 45", "html": true, "text": true}}"#
    );
    const BULK: bool = true;
    type Input = MetricsInput;
    type Output = ReportOutput;
    fn run(i: MetricsInput) -> Result<ReportOutput, Error> {
        let options = i.report.clone();
        let m = metrics(i)?;
        let report = m.report(options.title.as_deref())?;
        Ok(ReportOutput {
            html: options.html.then(|| crate::metrics::render_html(&report)),
            text: options.text.then(|| crate::metrics::render_text(&report)),
            report,
        })
    }
}

/// Durations to summarise.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct SummarizeInput {
    /// Durations in seconds (any order; at most 50,000,000).
    seconds: Bounded<i64, MAX_PAGES>,
}

pub(crate) struct Summarize;
impl Op for Summarize {
    const NAME: &'static str = "metrics.summarize";
    const SUMMARY: &'static str =
        "count, mean, p50, p90, p95 and max of durations, as every metric reports them";
    const DOC: &'static str = "The summary statistics every response metric uses: count, mean, \
        and the 50th, 90th and 95th percentiles by linear interpolation between the nearest \
        ranks (numpy's and pandas' default), and the maximum. An empty list gives `null`s.";
    const EXAMPLE: &'static str = r#"{"seconds": [60, 120, 180, 240, 3600]}"#;
    const BULK: bool = true;
    type Input = SummarizeInput;
    type Output = DurationStats;
    fn run(i: SummarizeInput) -> Result<DurationStats, Error> {
        Ok(DurationStats::of(&i.seconds.0))
    }
}

/// Instants to classify.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct ClassifyInput {
    /// The person's zone.
    zone: Zone,
    /// The instants (at most 50,000,000).
    at: Bounded<chrono::DateTime<chrono::Utc>, MAX_PAGES>,
    /// Boundaries (default: PagerDuty's).
    #[serde(default)]
    hours: WorkingHours,
    /// Local dates that are the person's holidays.
    #[serde(default)]
    holidays: Vec<chrono::NaiveDate>,
}

/// The class of each instant.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct ClassifyOutput {
    /// `classes[i]` is the class of `at[i]`.
    classes: Vec<HourClass>,
}

pub(crate) struct ClassifyHours;
impl Op for ClassifyHours {
    const NAME: &'static str = "metrics.classify_hours";
    const SUMMARY: &'static str =
        "business, off or sleep hours of instants on a person's own clock";
    const DOC: &'static str = "Classifies instants as interruptions are classified: read in \
        `zone`, sleep hours (22:00–08:00 by default) first, then business hours (08:00–18:00 on \
        business days, Monday to Friday by default; holidays are days off), else off hours.";
    const EXAMPLE: &'static str = r#"{"zone": "Asia/Singapore", "at": ["2026-11-26T02:00:00Z", "2026-11-26T12:00:00Z", "2026-11-26T15:00:00Z"]}"#;
    type Input = ClassifyInput;
    type Output = ClassifyOutput;
    fn run(i: ClassifyInput) -> Result<ClassifyOutput, Error> {
        i.hours.validate()?;
        let classes =
            i.at.0
                .iter()
                .map(|&t| {
                    let local = i.zone.to_local(t);
                    i.hours.classify(local, i.holidays.contains(&local.date()))
                })
                .collect();
        Ok(ClassifyOutput { classes })
    }
}
