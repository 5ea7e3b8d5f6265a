//! Columnar inputs: the same incidents and pages as parallel arrays, for histories of millions.
//!
//! Each column holds one value per row; text values (severities, services, teams, alert rules,
//! people) are small integers indexing a dictionary column, as pandas categoricals and Arrow
//! dictionary arrays store them. Instants are **epoch seconds** (UTC). A missing value is `null`
//! or any negative number — `-1`, or numpy's `NaT` read as `int64` — so an `int64` numpy array or
//! a `Float64Array`/`BigInt64Array` in Node carries a column as it is. Optional columns may be
//! left out (or empty); a column that is given has exactly one value per row.
//!
//! ```
//! use watchstander::metrics::IncidentColumns;
//! let c: IncidentColumns = serde_json::from_value(serde_json::json!({
//!     "triggered_at":    [1764151200, 1764154800],
//!     "acknowledged_at": [1764151500, -1],
//!     "resolved_at":     [1764154800, null],
//!     "severity": [0, 1], "severities": ["SEV-1", "SEV-2"]
//! })).unwrap();
//! assert_eq!(c.len(), 2);
//! ```

use serde::{Deserialize, Serialize};

use crate::column;

/// Incidents as parallel arrays (see the [module docs](self)).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct IncidentColumns {
    /// Incident ids (optional; findings name rows by number without them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub id: Vec<String>,
    /// Triggered, epoch seconds (required; one per row).
    #[serde(deserialize_with = "column::i64s")]
    pub triggered_at: Vec<i64>,
    /// First acknowledgement, epoch seconds (missing: never acknowledged).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "column::opt_i64s"
    )]
    pub acknowledged_at: Vec<Option<i64>>,
    /// Mitigated, epoch seconds (missing: the resolution counts as mitigation).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "column::opt_i64s"
    )]
    pub mitigated_at: Vec<Option<i64>>,
    /// Resolved, epoch seconds (missing: open).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "column::opt_i64s"
    )]
    pub resolved_at: Vec<Option<i64>>,
    /// Customer impact started, epoch seconds (missing: unknown).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "column::opt_i64s"
    )]
    pub impact_started_at: Vec<Option<i64>>,
    /// Index into `severities` (negative: none).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "column::i64s"
    )]
    pub severity: Vec<i64>,
    /// Severity ids, e.g. `["SEV-1", "SEV-2"]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub severities: Vec<String>,
    /// Index into `services` (negative: none).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "column::i64s"
    )]
    pub service: Vec<i64>,
    /// Service names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<String>,
    /// Index into `teams` (negative: none).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "column::i64s"
    )]
    pub team: Vec<i64>,
    /// Team names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub teams: Vec<String>,
    /// Exclusion code: 0 counted, 1 declined, 2 merged, 3 test.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "column::i64s"
    )]
    pub excluded: Vec<i64>,
    /// Runbook: 1 yes, 0 no, negative unknown.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "column::i64s"
    )]
    pub runbook: Vec<i64>,
}

impl IncidentColumns {
    /// Number of rows (the length of `triggered_at`).
    pub fn len(&self) -> usize {
        self.triggered_at.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.triggered_at.is_empty()
    }
}

/// Pages as parallel arrays (see the [module docs](self)).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PageColumns {
    /// Index into `people` (required; one per row).
    #[serde(deserialize_with = "column::i64s")]
    pub person: Vec<i64>,
    /// Person ids.
    pub people: Vec<String>,
    /// When, epoch seconds (required).
    #[serde(deserialize_with = "column::i64s")]
    pub at: Vec<i64>,
    /// Index into `rules` (negative: none).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "column::i64s"
    )]
    pub rule: Vec<i64>,
    /// Alert rule names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<String>,
    /// Index into `services` (negative: none).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "column::i64s"
    )]
    pub service: Vec<i64>,
    /// Service names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<String>,
    /// Alert key (any integer; pages sharing one are one alert; negative: none).
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "column::i64s"
    )]
    pub alert: Vec<i64>,
    /// Actionable: 1 yes, 0 no, negative unknown.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "column::i64s"
    )]
    pub actionable: Vec<i64>,
    /// Flapping: 1 yes, 0 no.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "column::i64s"
    )]
    pub flapping: Vec<i64>,
}

impl PageColumns {
    /// Number of rows (the length of `at`).
    pub fn len(&self) -> usize {
        self.at.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.at.is_empty()
    }
}
