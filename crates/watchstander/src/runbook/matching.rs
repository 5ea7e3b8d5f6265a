//! Which runbooks apply to an alert or an incident.
//!
//! A runbook names what it is for in its front matter: `alerts:` (Alertmanager matcher lists)
//! and `services:`. A runbook applies to:
//!
//! * an **alert** when one of its matcher lists matches all of the alert's labels
//!   (Alertmanager's semantics: regexes anchored, a missing label reads as `""`), or when the
//!   alert's `runbook_url` points at the runbook's location;
//! * an **incident** when the incident's service is one of its `services`, or when one of its
//!   matcher lists matches the incident's labels (its own labels plus `service` and `severity`).
//!
//! Every match says why ([`MatchReason`]). A broken matcher is refused when the index is built
//! ([`RunbookError::InvalidMatcher`], with the runbook and line), never silently skipped.
//!
//! ```
//! use watchstander::alert::Labels;
//! use watchstander::runbook::{parse_document, RunbookIndex};
//! let text = "---\nalerts: ['{alertname=\"DiskFull\"}']\nservices: [db]\n---\n# Disk full\n";
//! let index = RunbookIndex::new(&[(parse_document(text)?, None)])?;
//! let labels = Labels::from_pairs([("alertname", "DiskFull"), ("instance", "db-1")])?;
//! assert_eq!(index.for_labels(&labels)[0].runbook, "disk-full");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::limits::MAX_RUNBOOKS;
use super::parse::ParsedRunbook;
use super::RunbookError;
use crate::alert::{Alert, Labels, Matchers};
use crate::incident::Incident;

/// Why a runbook applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MatchReason {
    /// One of its `alerts:` matcher lists matched.
    Matchers {
        /// Which entry of `alerts:` (0-based).
        index: usize,
        /// The matcher list as written.
        matchers: String,
        /// Its line in the runbook.
        line: usize,
    },
    /// The incident's service is one of the runbook's `services:`.
    Service {
        /// The service.
        service: String,
    },
    /// The alert's `runbook_url` points at the runbook's location.
    RunbookUrl {
        /// The URL.
        url: String,
    },
}

/// A runbook that applies, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RunbookMatch {
    /// The runbook's id.
    pub runbook: String,
    /// Its title.
    pub title: String,
    /// Why it applies (at least one reason).
    pub reasons: Vec<MatchReason>,
}

/// An incident as matching sees it: id, service, severity and labels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct IncidentSubject {
    /// The incident id.
    pub id: String,
    /// The affected service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// The severity (e.g. `SEV-2`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// Further labels (e.g. the labels of the alert that opened it).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub labels: BTreeMap<String, String>,
}

impl IncidentSubject {
    /// The subject of a folded incident: its id, service and current severity.
    pub fn of(incident: &Incident) -> IncidentSubject {
        IncidentSubject {
            id: incident.id.clone(),
            service: incident.service.clone(),
            severity: Some(incident.severity.clone()),
            labels: BTreeMap::new(),
        }
    }

    /// The labels matchers see: `labels`, plus `service` and `severity` when set. Label names
    /// that are not Prometheus names are left out (no matcher could name them).
    pub fn match_labels(&self) -> Labels {
        let mut map = self.labels.clone();
        if let Some(s) = &self.service {
            map.insert("service".into(), s.clone());
        }
        if let Some(s) = &self.severity {
            map.insert("severity".into(), s.clone());
        }
        map.retain(|k, _| Labels::from_pairs([(k.as_str(), "x")]).is_ok());
        Labels::from_map(map).unwrap_or_default()
    }
}

struct Entry {
    id: String,
    title: String,
    services: Vec<String>,
    matchers: Vec<(usize, String, usize, Matchers)>,
    location: Option<String>,
}

/// Runbooks compiled for matching: matchers parsed once.
pub struct RunbookIndex {
    entries: Vec<Entry>,
}

impl std::fmt::Debug for RunbookIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunbookIndex")
            .field("runbooks", &self.entries.len())
            .finish()
    }
}

impl RunbookIndex {
    /// Compiles runbooks, each with its location (path or URL, for matching `runbook_url`).
    /// At most [`MAX_RUNBOOKS`].
    pub fn new(runbooks: &[(ParsedRunbook, Option<String>)]) -> Result<RunbookIndex, RunbookError> {
        if runbooks.len() > MAX_RUNBOOKS {
            return Err(RunbookError::TooLarge {
                what: "number of runbooks".into(),
                size: runbooks.len(),
                limit: MAX_RUNBOOKS,
                line: 0,
            });
        }
        let mut entries = Vec::with_capacity(runbooks.len());
        for (p, location) in runbooks {
            let rb = &p.runbook;
            let id = rb.id();
            let mut matchers = Vec::with_capacity(rb.meta.alerts.len());
            for (i, text) in rb.meta.alerts.iter().enumerate() {
                let line = p.lines.matchers.get(i).copied().unwrap_or(0);
                let m = Matchers::parse(text).map_err(|e| RunbookError::InvalidMatcher {
                    runbook: id.clone(),
                    line,
                    matcher: text.chars().take(200).collect(),
                    reason: e.to_string(),
                })?;
                matchers.push((i, text.clone(), line, m));
            }
            entries.push(Entry {
                id,
                title: rb.title.clone(),
                services: rb.meta.services.clone(),
                matchers,
                location: location.clone().filter(|l| !l.trim().is_empty()),
            });
        }
        Ok(RunbookIndex { entries })
    }

    /// How many runbooks.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The ids of the runbooks, in order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.id.as_str())
    }

    fn matcher_reasons(e: &Entry, labels: &Labels) -> Vec<MatchReason> {
        e.matchers
            .iter()
            .filter(|(_, _, _, m)| m.matches(labels))
            .map(|(index, text, line, _)| MatchReason::Matchers {
                index: *index,
                matchers: text.clone(),
                line: *line,
            })
            .collect()
    }

    fn collect(&self, reasons: impl Fn(&Entry) -> Vec<MatchReason>) -> Vec<RunbookMatch> {
        self.entries
            .iter()
            .filter_map(|e| {
                let r = reasons(e);
                (!r.is_empty()).then(|| RunbookMatch {
                    runbook: e.id.clone(),
                    title: e.title.clone(),
                    reasons: r,
                })
            })
            .collect()
    }

    /// The runbooks whose matchers match a label set, in index order.
    pub fn for_labels(&self, labels: &Labels) -> Vec<RunbookMatch> {
        self.collect(|e| Self::matcher_reasons(e, labels))
    }

    /// The runbooks for an alert: by matchers, or by its `runbook_url` (the `runbook_url`
    /// field or a `runbook_url` / `runbook` annotation) ending with a runbook's location.
    pub fn for_alert(&self, alert: &Alert) -> Vec<RunbookMatch> {
        let url = alert
            .runbook_url
            .as_deref()
            .or_else(|| alert.annotations.get("runbook_url").map(String::as_str))
            .or_else(|| alert.annotations.get("runbook").map(String::as_str));
        self.collect(|e| {
            let mut r = Self::matcher_reasons(e, &alert.labels);
            if let (Some(u), Some(loc)) = (url, &e.location) {
                if u.trim_end_matches('/').ends_with(loc.trim_end_matches('/')) {
                    r.push(MatchReason::RunbookUrl { url: u.to_string() });
                }
            }
            r
        })
    }

    /// The runbooks for an incident: by service, or by matchers on its labels.
    pub fn for_incident(&self, incident: &IncidentSubject) -> Vec<RunbookMatch> {
        let labels = incident.match_labels();
        self.collect(|e| {
            let mut r = Vec::new();
            if let Some(s) = &incident.service {
                if e.services.iter().any(|x| x == s) {
                    r.push(MatchReason::Service { service: s.clone() });
                }
            }
            r.extend(Self::matcher_reasons(e, &labels));
            r
        })
    }
}
