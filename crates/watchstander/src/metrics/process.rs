//! Process health: runbooks, post-mortems, action items and SLA attainment.
//!
//! * **Runbook coverage** — the share of counted incidents whose responders had a runbook,
//!   and the share of alert rules that link one (`runbook_url`, Alertmanager's convention).
//!   Incidents nobody marked are `unknown` and left out of the share.
//! * **Post-mortem completion** — of the counted incidents that require one (those marked
//!   `required`, else those of a severity in `postmortem_severities`, default SEV-1 and SEV-2 as
//!   Atlassian's handbook asks), how many have a completed post-mortem, and how many were
//!   completed within N business days of the resolution (default 5, PagerDuty's post-mortem
//!   guide; business days on `business_calendar`, default Monday to Friday 09:00–17:00 in the
//!   report's zone). Not completed and past that deadline at `as_of` is *overdue*; not yet past
//!   it (or not resolved yet) is *pending*.
//! * **Action items** — of the counted incidents' action items: completed, open, *overdue*
//!   (open after their due date, read in the report's zone at `as_of`), and completed late.
//! * **SLA attainment** by severity — response (trigger → first acknowledgement) and resolve
//!   (trigger → resolution) against the severity policy's targets: met ÷ (met + breached), a
//!   clock still running and not yet past its deadline being pending, as the
//!   [`severity`](crate::severity) module's `attainment` counts.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::counted::Counted;
use super::quality::{DataQuality, FindingLevel};
use super::response::natural_cmp;
use super::table::{get_i64, IncidentTable, MISSING};
use super::MetricsError;
use crate::severity::{Attainment, SeverityPolicy, SlaKind, SlaTarget};
use crate::time::{BusinessCalendar, Zone};

fn default_severities() -> Vec<String> {
    vec!["SEV-1".into(), "SEV-2".into()]
}

fn five() -> u32 {
    5
}

/// How process health is judged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(rename = "MetricsProcessSettings"))]
pub struct ProcessSettings {
    /// Severities whose incidents require a post-mortem (default SEV-1 and SEV-2).
    #[serde(default = "default_severities")]
    pub postmortem_severities: Vec<String>,
    /// Business days after the resolution within which a post-mortem is on time (default 5).
    #[serde(default = "five")]
    pub postmortem_within_business_days: u32,
    /// The calendar those days are counted on (default Monday–Friday 09:00–17:00 in the
    /// report's zone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_calendar: Option<BusinessCalendar>,
    /// The SLA targets (default: the four default severities).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity_policy: Option<SeverityPolicy>,
}

impl Default for ProcessSettings {
    fn default() -> Self {
        ProcessSettings {
            postmortem_severities: default_severities(),
            postmortem_within_business_days: five(),
            business_calendar: None,
            severity_policy: None,
        }
    }
}

/// An alert rule, for runbook coverage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(rename = "MetricsAlertRule"))]
pub struct AlertRule {
    /// Rule name (the `rule` of pages).
    pub name: String,
    /// Its service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// Its runbook (absent or empty: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runbook_url: Option<String>,
}

/// How many have something.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "MetricsCoverage"))]
pub struct Coverage {
    /// With.
    pub with: u64,
    /// Without.
    pub without: u64,
    /// Not known.
    pub unknown: u64,
    /// `with ÷ (with + without)` (`null` when nothing is known).
    pub share: Option<f64>,
}

impl Coverage {
    fn add(&mut self, v: Option<bool>) {
        match v {
            Some(true) => self.with += 1,
            Some(false) => self.without += 1,
            None => self.unknown += 1,
        }
    }

    fn close(mut self) -> Coverage {
        let known = self.with + self.without;
        self.share = (known > 0).then(|| self.with as f64 / known as f64);
        self
    }
}

/// Post-mortem completion.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PostmortemHealth {
    /// Counted incidents that require one.
    pub required: u64,
    /// Of those, with a completed post-mortem.
    pub completed: u64,
    /// Completed within the deadline.
    pub on_time: u64,
    /// Completed after the deadline.
    pub late: u64,
    /// Not completed, past the deadline.
    pub overdue: u64,
    /// Not completed, deadline not reached (or not resolved yet).
    pub pending: u64,
    /// `completed ÷ required`.
    pub completion_rate: Option<f64>,
    /// `on_time ÷ (required − pending)`: of the decided ones, the share done in time.
    pub on_time_rate: Option<f64>,
}

/// Action-item completion.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ActionItemHealth {
    /// Items.
    pub total: u64,
    /// Completed.
    pub completed: u64,
    /// Open.
    pub open: u64,
    /// Open after their due date.
    pub overdue: u64,
    /// Completed after their due date.
    pub completed_late: u64,
    /// Items without a due date.
    pub no_due_date: u64,
    /// `completed ÷ total`.
    pub completion_rate: Option<f64>,
}

/// SLA attainment of one severity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SlaAttainment {
    /// Severity id.
    pub severity: String,
    /// Time to respond (acknowledge).
    pub response: Attainment,
    /// Time to resolve (absent when the level has no resolve target).
    pub resolve: Option<Attainment>,
}

/// Process health of a window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "MetricsProcessHealth"))]
pub struct ProcessHealth {
    /// The instant overdue items are judged at.
    pub as_of: DateTime<Utc>,
    /// Incidents with a runbook.
    pub runbook_incidents: Coverage,
    /// Alert rules with a runbook.
    pub runbook_rules: Coverage,
    /// Post-mortems.
    pub postmortems: PostmortemHealth,
    /// Action items.
    pub action_items: ActionItemHealth,
    /// SLA attainment per severity.
    pub sla: Vec<SlaAttainment>,
}

#[derive(Default)]
struct Tally {
    met: usize,
    breached: usize,
    pending: usize,
}

impl Tally {
    /// A clock started at `start` with deadline `due`, stopped at `stop` (if it was).
    fn add(&mut self, due: i64, stop: i64, as_of: i64) {
        if stop != MISSING && stop <= as_of {
            if stop <= due {
                self.met += 1;
            } else {
                self.breached += 1;
            }
        } else if as_of > due {
            self.breached += 1;
        } else {
            self.pending += 1;
        }
    }

    fn close(&self) -> Attainment {
        let decided = self.met + self.breached;
        Attainment {
            total: decided + self.pending,
            met: self.met,
            breached: self.breached,
            pending: self.pending,
            ratio: (decided > 0).then(|| self.met as f64 / decided as f64),
        }
    }
}

/// A severity's response and resolve targets.
type Targets = (Option<SlaTarget>, Option<SlaTarget>);

fn rate(a: u64, b: u64) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

fn instant(s: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(s, 0).unwrap_or_default()
}

impl ProcessHealth {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn compute(
        t: &IncidentTable,
        counted: &Counted,
        rules: &[AlertRule],
        settings: &ProcessSettings,
        zone: Zone,
        as_of: DateTime<Utc>,
        dq: &mut DataQuality,
    ) -> Result<ProcessHealth, MetricsError> {
        let calendar = settings
            .business_calendar
            .clone()
            .unwrap_or_else(|| BusinessCalendar::nine_to_five(zone));
        let default_policy;
        let policy = match &settings.severity_policy {
            Some(p) => p,
            None => {
                default_policy = SeverityPolicy::default();
                &default_policy
            }
        };
        let pm_severities: HashSet<&str> = settings
            .postmortem_severities
            .iter()
            .map(String::as_str)
            .collect();
        let now = as_of.timestamp();
        let today = zone.to_local(as_of).date();
        let mut runbooks = Coverage::default();
        let mut pm = PostmortemHealth::default();
        let mut items = ActionItemHealth::default();
        // Per severity: targets (looked up once) and tallies.
        let mut targets: BTreeMap<u32, Option<Targets>> = BTreeMap::new();
        let mut tallies: BTreeMap<u32, (Tally, Tally)> = BTreeMap::new();
        for &row in &counted.rows {
            let i = row as usize;
            runbooks.add(match t.runbook.get(i).copied().unwrap_or(-1) {
                1 => Some(true),
                0 => Some(false),
                _ => None,
            });
            let sev_key = t.severity.get(i).copied().unwrap_or(u32::MAX);
            let sev = t.severities.names.get(sev_key as usize).map(String::as_str);
            let trig = get_i64(&t.trig, i);
            let resolved = get_i64(&t.resolved, i);
            let resolved = if resolved != MISSING && resolved < trig {
                MISSING
            } else {
                resolved
            };
            let postmortem = t.postmortem.get(i).cloned().flatten();
            let required = postmortem
                .as_ref()
                .and_then(|p| p.required)
                .unwrap_or_else(|| sev.is_some_and(|s| pm_severities.contains(s)));
            if required {
                pm.required += 1;
                let done = postmortem.as_ref().and_then(|p| p.completed_at);
                let deadline = if resolved != MISSING {
                    Some(calendar.add_business_days(
                        instant(resolved),
                        settings.postmortem_within_business_days,
                    )?)
                } else {
                    None
                };
                match (done, deadline) {
                    (Some(d), Some(due)) => {
                        pm.completed += 1;
                        if d <= due {
                            pm.on_time += 1;
                        } else {
                            pm.late += 1;
                        }
                    }
                    (Some(_), None) => {
                        pm.completed += 1;
                        pm.on_time += 1;
                    }
                    (None, Some(due)) if as_of > due => pm.overdue += 1,
                    (None, _) => pm.pending += 1,
                }
            }
            for item in t.action_items.get(i).map(Vec::as_slice).unwrap_or(&[]) {
                items.total += 1;
                if item.due.is_none() {
                    items.no_due_date += 1;
                }
                match item.completed_at {
                    Some(c) if c <= as_of => {
                        items.completed += 1;
                        if item.due.is_some_and(|d| zone.to_local(c).date() > d) {
                            items.completed_late += 1;
                        }
                    }
                    _ => {
                        items.open += 1;
                        if item.due.is_some_and(|d| today > d) {
                            items.overdue += 1;
                        }
                    }
                }
            }
            let Some(sev) = sev else { continue };
            let entry = targets.entry(sev_key).or_insert_with(|| {
                match (
                    policy.target(sev, SlaKind::Response),
                    policy.target(sev, SlaKind::Resolve),
                ) {
                    (Ok(r), Ok(s)) => Some((r, s)),
                    _ => None,
                }
            });
            let Some((response, resolve)) = entry else {
                continue;
            };
            let tally = tallies.entry(sev_key).or_default();
            let start = instant(trig);
            if let Some(target) = response {
                let due = policy.add_target(target, start)?.timestamp();
                let ack = get_i64(&t.ack, i);
                let ack = if ack != MISSING && ack < trig {
                    MISSING
                } else {
                    ack
                };
                tally.0.add(due, ack, now);
            }
            if let Some(target) = resolve {
                let due = policy.add_target(target, start)?.timestamp();
                tally.1.add(due, resolved, now);
            }
        }
        for (k, v) in &targets {
            if v.is_none() {
                let name = t
                    .severities
                    .names
                    .get(*k as usize)
                    .cloned()
                    .unwrap_or_default();
                let known: Vec<String> = policy.levels.iter().map(|l| l.id.clone()).collect();
                dq.add("unknown_severity", FindingLevel::Warning, || name.clone(), || {
                    format!(
                        "the severity {name:?} is not in the SLA policy ({}); its incidents are left out of SLA attainment",
                        known.join(", ")
                    )
                });
            }
        }
        let mut sla: Vec<SlaAttainment> = tallies
            .iter()
            .map(|(k, (r, s))| {
                let has_resolve = matches!(targets.get(k), Some(Some((_, Some(_)))));
                SlaAttainment {
                    severity: t
                        .severities
                        .names
                        .get(*k as usize)
                        .cloned()
                        .unwrap_or_default(),
                    response: r.close(),
                    resolve: has_resolve.then(|| s.close()),
                }
            })
            .collect();
        sla.sort_by(|a, b| natural_cmp(&a.severity, &b.severity));
        let mut rule_cov = Coverage::default();
        for r in rules {
            rule_cov.add(Some(
                r.runbook_url
                    .as_deref()
                    .is_some_and(|u| !u.trim().is_empty()),
            ));
        }
        pm.completion_rate = rate(pm.completed, pm.required);
        pm.on_time_rate = rate(pm.on_time, pm.required - pm.pending);
        items.completion_rate = rate(items.completed, items.total);
        Ok(ProcessHealth {
            as_of,
            runbook_incidents: runbooks.close(),
            runbook_rules: rule_cov.close(),
            postmortems: pm,
            action_items: items,
            sla,
        })
    }
}
