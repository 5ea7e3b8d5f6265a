//! Runbook coverage: which alert rules and incidents have a runbook, which do not, and which
//! runbooks nothing leads to.
//!
//! An alert rule is covered when some runbook's matchers match the labels the rule gives its
//! alerts (its static `labels` plus `alertname`, as Prometheus sets it); labels added at run
//! time (`instance`, …) are unknown here, so a matcher that needs them does not cover the
//! rule. An incident is covered when [`RunbookIndex::for_incident`] finds a runbook.
//!
//! ```
//! use watchstander::runbook::{coverage, parse_document, AlertRule, RunbookIndex};
//! let text = "---\nalerts: ['{alertname=\"DiskFull\"}']\n---\n# Disk full\n";
//! let index = RunbookIndex::new(&[(parse_document(text)?, None)])?;
//! let rules = vec![AlertRule::named("DiskFull"), AlertRule::named("HighLatency")];
//! let c = coverage(&index, &rules, &[])?;
//! assert_eq!((c.alert_rules.covered, c.alert_rules.total), (1, 2));
//! assert_eq!(c.alert_rules.uncovered, vec!["HighLatency"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::limits::MAX_SUBJECTS;
use super::matching::{IncidentSubject, RunbookIndex};
use super::RunbookError;
use crate::alert::Labels;

/// An alerting rule (Prometheus' `alert:` and `labels:`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AlertRule {
    /// The rule's name (`alert:` in Prometheus), which becomes the `alertname` label.
    #[serde(alias = "alert")]
    pub name: String,
    /// The static labels the rule adds.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
}

impl AlertRule {
    /// A rule with a name and no labels.
    pub fn named(name: impl Into<String>) -> AlertRule {
        AlertRule {
            name: name.into(),
            labels: BTreeMap::new(),
        }
    }

    /// The labels its alerts carry for sure: `labels` plus `alertname`.
    pub fn labels(&self) -> Result<Labels, RunbookError> {
        let mut map = self.labels.clone();
        map.insert("alertname".into(), self.name.clone());
        Labels::from_map(map).map_err(|e| RunbookError::Invalid {
            reason: format!("alert rule {:?}: {e}", self.name),
        })
    }
}

/// Which runbooks cover one subject (a rule or an incident).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Covered {
    /// The rule name or incident id.
    pub subject: String,
    /// The runbooks that cover it (ids; empty when uncovered).
    pub runbooks: Vec<String>,
}

/// Coverage of one kind of subject.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CoverageSummary {
    /// How many subjects.
    pub total: usize,
    /// How many have at least one runbook.
    pub covered: usize,
    /// `covered / total`, `null` when there are none.
    pub ratio: Option<f64>,
    /// The subjects without a runbook, in input order.
    pub uncovered: Vec<String>,
    /// The subjects covered by more than one runbook (responders must choose).
    pub ambiguous: Vec<String>,
    /// Every subject and its runbooks, in input order.
    pub subjects: Vec<Covered>,
}

/// How much one runbook is used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RunbookUse {
    /// The runbook's id.
    pub runbook: String,
    /// Alert rules it covers.
    pub alert_rules: usize,
    /// Incidents it covers.
    pub incidents: usize,
}

/// The coverage report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Coverage {
    /// Alert rules.
    pub alert_rules: CoverageSummary,
    /// Incidents.
    pub incidents: CoverageSummary,
    /// Every runbook and what it covers, in index order.
    pub runbooks: Vec<RunbookUse>,
    /// Runbooks that cover no rule and no incident given.
    pub unused: Vec<String>,
}

fn summary(subjects: Vec<Covered>) -> CoverageSummary {
    let total = subjects.len();
    let covered = subjects.iter().filter(|s| !s.runbooks.is_empty()).count();
    CoverageSummary {
        total,
        covered,
        ratio: (total > 0).then(|| covered as f64 / total as f64),
        uncovered: subjects
            .iter()
            .filter(|s| s.runbooks.is_empty())
            .map(|s| s.subject.clone())
            .collect(),
        ambiguous: subjects
            .iter()
            .filter(|s| s.runbooks.len() > 1)
            .map(|s| s.subject.clone())
            .collect(),
        subjects,
    }
}

/// Coverage of alert rules and incidents by the runbooks of `index` (at most
/// [`MAX_SUBJECTS`] of each).
pub fn coverage(
    index: &RunbookIndex,
    rules: &[AlertRule],
    incidents: &[IncidentSubject],
) -> Result<Coverage, RunbookError> {
    for (what, n) in [("alert rules", rules.len()), ("incidents", incidents.len())] {
        if n > MAX_SUBJECTS {
            return Err(RunbookError::TooLarge {
                what: format!("number of {what}"),
                size: n,
                limit: MAX_SUBJECTS,
                line: 0,
            });
        }
    }
    let mut uses: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut rule_cov = Vec::with_capacity(rules.len());
    for r in rules {
        let ids: Vec<String> = index
            .for_labels(&r.labels()?)
            .into_iter()
            .map(|m| m.runbook)
            .collect();
        for id in &ids {
            uses.entry(id.clone()).or_default().0 += 1;
        }
        rule_cov.push(Covered {
            subject: r.name.clone(),
            runbooks: ids,
        });
    }
    let mut inc_cov = Vec::with_capacity(incidents.len());
    for i in incidents {
        let ids: Vec<String> = index
            .for_incident(i)
            .into_iter()
            .map(|m| m.runbook)
            .collect();
        for id in &ids {
            uses.entry(id.clone()).or_default().1 += 1;
        }
        inc_cov.push(Covered {
            subject: i.id.clone(),
            runbooks: ids,
        });
    }
    let runbooks: Vec<RunbookUse> = index
        .ids()
        .map(|id| {
            let (a, i) = uses.get(id).copied().unwrap_or_default();
            RunbookUse {
                runbook: id.to_string(),
                alert_rules: a,
                incidents: i,
            }
        })
        .collect();
    let unused = runbooks
        .iter()
        .filter(|u| u.alert_rules == 0 && u.incidents == 0)
        .map(|u| u.runbook.clone())
        .collect();
    Ok(Coverage {
        alert_rules: summary(rule_cov),
        incidents: summary(inc_cov),
        runbooks,
        unused,
    })
}
