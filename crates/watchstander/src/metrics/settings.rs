//! Every knob of the metrics, with the defaults of the anchors they come from.

use serde::{Deserialize, Serialize};

use super::{BurnoutThresholds, CompensationSettings, MetricsError, ProcessSettings, WorkingHours};

fn sixty() -> u32 {
    60
}

/// The longest merge window accepted (an hour).
pub const MAX_MERGE_WINDOW_SECONDS: u32 = 3_600;

/// How the metrics are computed. Every field has a default; `{}` is a valid settings object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MetricsSettings {
    /// Business, off and sleep hours (PagerDuty's by default).
    #[serde(default)]
    pub hours: WorkingHours,
    /// Pages to one person less than this many seconds after the first page of an interruption
    /// join it (default 60, as PagerDuty counts interruptions; at most 3600).
    #[serde(default = "sixty")]
    pub merge_window_seconds: u32,
    /// Burnout limits.
    #[serde(default)]
    pub thresholds: BurnoutThresholds,
    /// Post-mortem, action-item and SLA rules.
    #[serde(default)]
    pub process: ProcessSettings,
    /// Compensation rates and periods.
    #[serde(default)]
    pub compensation: CompensationSettings,
}

impl Default for MetricsSettings {
    fn default() -> Self {
        MetricsSettings {
            hours: WorkingHours::default(),
            merge_window_seconds: sixty(),
            thresholds: BurnoutThresholds::default(),
            process: ProcessSettings::default(),
            compensation: CompensationSettings::default(),
        }
    }
}

impl MetricsSettings {
    /// Checks every setting.
    pub fn validate(&self) -> Result<(), MetricsError> {
        if self.merge_window_seconds > MAX_MERGE_WINDOW_SECONDS {
            return Err(MetricsError::setting(
                "merge_window_seconds",
                format!(
                    "{} seconds is longer than the limit of {MAX_MERGE_WINDOW_SECONDS}: pages that far apart are separate interruptions",
                    self.merge_window_seconds
                ),
            ));
        }
        self.hours.validate()?;
        self.thresholds.validate()?;
        self.compensation.validate()?;
        Ok(())
    }
}
