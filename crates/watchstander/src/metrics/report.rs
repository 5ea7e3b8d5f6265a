//! The report: every metric of a window in one document, rendered as JSON, as terminal tables
//! ([`render_text`](super::render_text)) or as one self-contained HTML page
//! ([`render_html`](super::render_html)).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{
    AlertVolume, BurnoutReport, Compensation, DataQuality, IncidentFrequency, Interruptions,
    Metrics, MetricsError, ProcessHealth, ReportWindow, ResponseMetrics,
};

/// What a report is rendered as, besides JSON.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReportOptions {
    /// The title (default "On-call health").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Also render the self-contained HTML page.
    #[serde(default)]
    pub html: bool,
    /// Also render terminal tables (plain text).
    #[serde(default)]
    pub text: bool,
}

/// Every metric of a window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MetricsReport {
    /// A title (default: "On-call health").
    pub title: String,
    /// The window.
    pub window: ReportWindow,
    /// The instant open items are judged at.
    pub as_of: DateTime<Utc>,
    /// Response metrics.
    pub response: ResponseMetrics,
    /// Incident frequency.
    pub frequency: IncidentFrequency,
    /// Alert volume and accuracy.
    pub alerts: AlertVolume,
    /// Interruptions.
    pub interruptions: Interruptions,
    /// Burnout indicators.
    pub burnout: BurnoutReport,
    /// Process health.
    pub process: ProcessHealth,
    /// On-call compensation.
    pub compensation: Compensation,
    /// What was wrong with the input.
    pub data_quality: DataQuality,
}

impl Metrics {
    /// Every metric, in one report.
    pub fn report(&self, title: Option<&str>) -> Result<MetricsReport, MetricsError> {
        let response = self.response().clone();
        let process = self.process()?.clone();
        Ok(MetricsReport {
            title: title.unwrap_or("On-call health").to_string(),
            window: self.window(),
            as_of: self.as_of(),
            frequency: self.frequency(),
            alerts: self.alert_volume(),
            interruptions: self.interruptions(),
            burnout: self.burnout()?,
            compensation: self.compensation()?,
            data_quality: self.data_quality(),
            response,
            process,
        })
    }
}
