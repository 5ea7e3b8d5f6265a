//! Alert → incident rules: which notified alerts open an incident, and which join one.
//!
//! An alert is placed when it is first **notified** firing (so group_wait, inhibition, silences
//! and flap holds all apply first). The first rule whose matchers it satisfies decides:
//!
//! * `per_group` (default): one incident per Alertmanager aggregation group — an alert storm
//!   that one group collects is one incident.
//! * `per_alert`: every alert is its own incident.
//! * `time` (PagerDuty time-based grouping): alerts of the same service join the incident
//!   opened within the last `window` (fixed from the incident's opening).
//! * `content` (PagerDuty content-based grouping): alerts whose `fields` (label names) are
//!   equal — `all` of them, or `any` one — join the incident, if its last alert came at most
//!   `window` ago (rolling; at most 24 h).
//!
//! An incident resolves when every alert attached to it has resolved, whether or not those
//! alerts were later silenced or inhibited (so a muted alert never leaves an incident open).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::action::{Action, IncidentOpened};
use super::duration::Interval;
use super::labels::{Fingerprint, Labels};
use super::limits::MAX_GROUPING_WINDOW_SECONDS;
use super::matcher::Matchers;
use super::route::RouteOpts;
use super::AlertError;

/// The incident rules.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct IncidentPolicy {
    /// Rules, first match wins. An alert no rule matches opens no incident. An absent policy
    /// is one `per_group` rule for every alert.
    pub rules: Vec<IncidentRule>,
}

/// One rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct IncidentRule {
    /// A name for reports; defaults to `incidents.rules[i]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Which alerts (all when empty).
    #[serde(default, skip_serializing_if = "Matchers::is_empty")]
    pub matchers: Matchers,
    /// `false`: matching alerts are notified but open no incident.
    #[serde(default = "yes")]
    pub open: bool,
    /// How alerts are gathered into incidents.
    #[serde(default)]
    pub grouping: IncidentGrouping,
    /// Incident severity, overriding the route's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
}

fn yes() -> bool {
    true
}

/// How alerts are gathered into incidents.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum IncidentGrouping {
    /// One incident per aggregation group.
    #[default]
    PerGroup,
    /// One incident per alert.
    PerAlert,
    /// Same service, within `window` of the incident's opening.
    Time {
        /// The window.
        window: Interval,
    },
    /// Equal `fields`, within a rolling `window` of the incident's last alert.
    Content {
        /// Label names compared.
        fields: Vec<String>,
        /// `all` fields equal, or `any` one.
        #[serde(default)]
        aggregate: Aggregate,
        /// The rolling window (at most 24 h).
        window: Interval,
    },
}

/// For content-based grouping.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Aggregate {
    /// Every field equal (and present).
    #[default]
    All,
    /// At least one field equal (and present).
    Any,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct OpenIncident {
    rule: usize,
    service: Option<String>,
    opened_at: DateTime<Utc>,
    last_alert_at: DateTime<Utc>,
    open_alerts: BTreeSet<Fingerprint>,
    fields: Vec<Option<String>>,
}

/// The open incidents and the rules that make them.
#[derive(Debug, Clone)]
pub struct IncidentTracker {
    rules: Vec<IncidentRule>,
    open: BTreeMap<String, OpenIncident>,
    seq: u64,
}

impl IncidentTracker {
    /// Checks the rules.
    pub fn new(policy: Option<&IncidentPolicy>) -> Result<IncidentTracker, AlertError> {
        let rules = match policy {
            Some(p) => p.rules.clone(),
            None => vec![IncidentRule {
                name: Some("per_group".into()),
                matchers: Matchers::default(),
                open: true,
                grouping: IncidentGrouping::PerGroup,
                severity: None,
            }],
        };
        for (i, r) in rules.iter().enumerate() {
            match &r.grouping {
                IncidentGrouping::Time { window } | IncidentGrouping::Content { window, .. }
                    if window.is_zero() || window.seconds() > MAX_GROUPING_WINDOW_SECONDS =>
                {
                    return Err(AlertError::config(
                        format!("incidents.rules[{i}].grouping.window"),
                        format!("the window must be more than zero and at most 24h (got {window})"),
                    ));
                }
                IncidentGrouping::Content { fields, .. } if fields.is_empty() => {
                    return Err(AlertError::config(
                        format!("incidents.rules[{i}].grouping.fields"),
                        "content-based grouping needs at least one field",
                    ));
                }
                _ => {}
            }
        }
        Ok(IncidentTracker {
            rules,
            open: BTreeMap::new(),
            seq: 0,
        })
    }

    /// The name of rule `i`.
    pub fn rule_name(&self, i: usize) -> String {
        self.rules
            .get(i)
            .and_then(|r| r.name.clone())
            .unwrap_or_else(|| format!("incidents.rules[{i}]"))
    }

    pub(crate) fn export(&self) -> (BTreeMap<String, OpenIncident>, u64) {
        (self.open.clone(), self.seq)
    }

    pub(crate) fn import(&mut self, open: BTreeMap<String, OpenIncident>, seq: u64) {
        self.open = open;
        self.seq = seq;
    }

    /// How many incidents are open.
    pub fn open_count(&self) -> usize {
        self.open.len()
    }

    /// Places a newly notified firing alert; returns its incident key (if any) and the action.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn place(
        &mut self,
        fp: Fingerprint,
        labels: &Labels,
        title: &str,
        group_key: &str,
        opts: &RouteOpts,
        now: DateTime<Utc>,
    ) -> Option<(String, Action)> {
        let (ri, rule) = self
            .rules
            .iter()
            .enumerate()
            .find(|(_, r)| r.matchers.matches(labels))?;
        if !rule.open {
            return None;
        }
        let service = opts.service.clone();
        let fields: Vec<Option<String>> = match &rule.grouping {
            IncidentGrouping::Content { fields, .. } => fields
                .iter()
                .map(|f| labels.get(f).map(str::to_string))
                .collect(),
            _ => Vec::new(),
        };
        let existing: Option<String> = match &rule.grouping {
            IncidentGrouping::PerGroup => {
                let key = format!("group:{group_key}");
                self.open.contains_key(&key).then_some(key)
            }
            IncidentGrouping::PerAlert => None,
            IncidentGrouping::Time { window } => self
                .open
                .iter()
                .filter(|(_, o)| {
                    o.rule == ri && o.service == service && now < o.opened_at + window.to_duration()
                })
                .max_by_key(|(_, o)| o.opened_at)
                .map(|(k, _)| k.clone()),
            IncidentGrouping::Content {
                aggregate, window, ..
            } => self
                .open
                .iter()
                .filter(|(_, o)| {
                    o.rule == ri && now - o.last_alert_at <= window.to_duration() && {
                        let mut pairs = o.fields.iter().zip(&fields);
                        match aggregate {
                            Aggregate::All => pairs.all(|(a, b)| a.is_some() && a == b),
                            Aggregate::Any => pairs.any(|(a, b)| a.is_some() && a == b),
                        }
                    }
                })
                .max_by_key(|(_, o)| o.last_alert_at)
                .map(|(k, _)| k.clone()),
        };
        if let Some(key) = existing {
            if let Some(o) = self.open.get_mut(&key) {
                o.open_alerts.insert(fp);
                o.last_alert_at = now;
            }
            return Some((
                key.clone(),
                Action::Attach {
                    at: now,
                    incident: key,
                    alert: fp,
                },
            ));
        }
        self.seq += 1;
        let key = match &rule.grouping {
            IncidentGrouping::PerGroup => format!("group:{group_key}"),
            IncidentGrouping::PerAlert => format!("alert:{fp}"),
            _ => format!("{}:{}", self.rule_name(ri), self.seq),
        };
        let severity = rule.severity.clone().or_else(|| opts.severity.clone());
        self.open.insert(
            key.clone(),
            OpenIncident {
                rule: ri,
                service: service.clone(),
                opened_at: now,
                last_alert_at: now,
                open_alerts: BTreeSet::from([fp]),
                fields,
            },
        );
        let action = Action::OpenIncident(IncidentOpened {
            at: now,
            incident: key.clone(),
            title: title.to_string(),
            alerts: vec![fp],
            service,
            escalation_policy: opts.escalation_policy.clone(),
            severity,
            rule: self.rule_name(ri),
        });
        Some((key, action))
    }

    /// An attached alert resolved; resolves the incident when it was the last open one.
    pub(crate) fn alert_resolved(
        &mut self,
        incident: &str,
        fp: Fingerprint,
        now: DateTime<Utc>,
    ) -> Option<Action> {
        let o = self.open.get_mut(incident)?;
        o.open_alerts.remove(&fp);
        if o.open_alerts.is_empty() {
            self.open.remove(incident);
            return Some(Action::ResolveIncident {
                at: now,
                incident: incident.to_string(),
            });
        }
        None
    }

    /// An attached alert fires again after resolving (it rejoins its incident if still open).
    pub(crate) fn alert_refired(&mut self, incident: &str, fp: Fingerprint) -> bool {
        match self.open.get_mut(incident) {
            Some(o) => {
                o.open_alerts.insert(fp);
                true
            }
            None => false,
        }
    }
}
