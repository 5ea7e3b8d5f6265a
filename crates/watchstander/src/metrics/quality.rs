//! Data-quality findings: what was wrong with the input, and what was done about it.
//!
//! Histories exported from real tools are messy: an incident resolved before it was triggered
//! (clock skew between two systems), an acknowledgement recorded after the resolution (someone
//! acked from a stale phone notification), pages to a person who left the team, a week without
//! a single incident. None of these stops a report. Each is counted under a stable code, the
//! first [`MAX_FINDINGS_LISTED`] are listed with the row they concern, and the affected value is
//! left out of the metric it would have spoiled — a negative time to resolve never drags a mean
//! down, and no mean of nothing ever becomes `NaN`.
//!
//! | code | level | what was found | what is done |
//! |---|---|---|---|
//! | `resolve_before_trigger` | error | resolved before triggered | left out of MTTR (and MTTM) |
//! | `ack_before_trigger` | error | acknowledged before triggered | left out of MTTA |
//! | `ack_after_resolve` | warning | first acknowledgement after the resolution | left out of MTTA (the ack was no response) |
//! | `mitigate_before_trigger` | error | mitigated before triggered | left out of time to mitigate |
//! | `mitigate_after_resolve` | warning | mitigated after resolved | left out of time to mitigate |
//! | `timestamp_out_of_range` | error | an instant before 1970 or after 9999 in a columnar input | the row is skipped |
//! | `duplicate_incident` | warning | the same incident id twice | the later row is skipped |
//! | `invalid_history` | error | incident events that do not fold into an incident | the incident is skipped |
//! | `unknown_person` | warning | a page or shift for someone not in `people` | counted, read in the report's zone |
//! | `unknown_severity` | warning | a severity the SLA policy does not define | left out of SLA attainment |
//! | `invalid_shift` | error | an on-call shift that ends at or before its start | skipped |
//! | `paged_off_call` | info | pages to someone with no on-call time in the window | counted as off-shift pages |
//! | `empty_window` | warning | no incidents (or no pages) in the window at all | metrics are empty (`null`), not zero |
//! | `empty_period` | info | a week or month with no incidents | its statistics are `null` |

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::MAX_FINDINGS_LISTED;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", schemars(rename = "MetricsFindingLevel"))]
pub enum FindingLevel {
    /// Worth knowing; nothing was left out.
    Info,
    /// Suspicious; a value may have been left out.
    Warning,
    /// Impossible; the value was left out.
    Error,
}

/// One data-quality finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "MetricsFinding"))]
pub struct Finding {
    /// Stable code, e.g. `resolve_before_trigger`.
    pub code: String,
    /// How bad.
    pub level: FindingLevel,
    /// What it is about: an incident id (or `row 12` of a columnar input), a person, a period.
    pub subject: String,
    /// What was found and what was done, in words.
    pub message: String,
}

/// Everything found wrong with the input.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "MetricsDataQuality"))]
pub struct DataQuality {
    /// Findings in all.
    pub total: u64,
    /// Findings per code.
    pub by_code: BTreeMap<String, u64>,
    /// The first findings, one by one (at most `MAX_FINDINGS_LISTED`).
    pub findings: Vec<Finding>,
    /// Whether more findings were counted than listed.
    pub truncated: bool,
}

impl DataQuality {
    /// Records a finding.
    pub(crate) fn add(
        &mut self,
        code: &str,
        level: FindingLevel,
        subject: impl FnOnce() -> String,
        message: impl FnOnce() -> String,
    ) {
        self.total += 1;
        *self.by_code.entry(code.to_string()).or_insert(0) += 1;
        if self.findings.len() < MAX_FINDINGS_LISTED {
            self.findings.push(Finding {
                code: code.to_string(),
                level,
                subject: subject(),
                message: message(),
            });
        } else {
            self.truncated = true;
        }
    }

    /// How many findings have `code`.
    pub fn count(&self, code: &str) -> u64 {
        self.by_code.get(code).copied().unwrap_or(0)
    }

    /// Adds another set of findings (listing as many as fit).
    pub(crate) fn merge(&mut self, other: DataQuality) {
        self.total += other.total;
        for (k, v) in other.by_code {
            *self.by_code.entry(k).or_insert(0) += v;
        }
        for f in other.findings {
            if self.findings.len() < MAX_FINDINGS_LISTED {
                self.findings.push(f);
            } else {
                self.truncated = true;
            }
        }
        self.truncated |= other.truncated;
    }
}
