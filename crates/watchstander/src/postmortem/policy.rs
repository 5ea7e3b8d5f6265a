//! Post-mortem policy: which incidents need one, by when, and when its action items are
//! reviewed.
//!
//! * **Which.** An incident needs a post-mortem when it held one of the policy's severities
//!   at any time (default SEV-1 and SEV-2, as Atlassian's handbook asks for "SEV2 and above").
//!   A downgrade does not remove the need: the incident was that severe. Declined and merged
//!   incidents never need one (incident.io leaves them out of its post-incident flow).
//! * **By when.** The deadline is `deadline_business_days` business days after the incident
//!   was resolved, on the policy's business calendar (default 5, as PagerDuty schedules the
//!   post-mortem meeting "within 5 business days"; default calendar Monday–Friday 09:00–17:00
//!   UTC). Business days follow [`BusinessCalendar::add_business_days`]: a resolution after
//!   hours counts from the next morning, so the deadline is the close of the fifth working day.
//! * **Follow-up review.** `follow_up_review_business_days` after the deadline (default 20,
//!   about four weeks — Atlassian's SLO for priority actions), the action items are reviewed.
//!
//! ```
//! use watchstander::incident::{replay, Event, IncidentConfig};
//! use watchstander::postmortem::{requirement, PostmortemPolicy};
//! let events: Vec<Event> = serde_json::from_value(serde_json::json!([
//!   {"id": "1", "incident": "INC-9", "kind": "detected", "title": "Checkout down", "severity": "SEV-1",
//!    "occurred_at": "2026-11-26T10:00:00Z", "recorded_at": "2026-11-26T10:00:00Z", "actor": "am"},
//!   {"id": "2", "incident": "INC-9", "kind": "status_changed", "to": "resolved",
//!    "occurred_at": "2026-11-26T11:30:00Z", "recorded_at": "2026-11-26T11:30:00Z", "actor": "bob"}
//! ])).unwrap();
//! let incident = replay(&IncidentConfig::default(), &events)?;
//! let r = requirement(&PostmortemPolicy::default(), &incident)?;
//! assert!(r.required);
//! // Resolved Thursday 26 November 11:30 UTC; five business days later (weekend skipped):
//! // Thursday 3 December at 11:30.
//! assert_eq!(r.due_at.unwrap().to_rfc3339(), "2026-12-03T11:30:00+00:00");
//! // Twenty business days after that: Thursday 31 December.
//! assert_eq!(r.review_on.unwrap().to_string(), "2026-12-31");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::limits::MAX_POLICY_BUSINESS_DAYS;
use super::PostmortemError;
use crate::incident::{Incident, Status};
use crate::time::{BusinessCalendar, Zone};

/// Which incidents need a post-mortem and by when (see the [module documentation](self)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PostmortemPolicy {
    /// Severities that require a post-mortem (default `["SEV-1", "SEV-2"]`).
    #[serde(default = "default_severities")]
    pub required_severities: Vec<String>,
    /// Business days from resolution to the deadline (default 5).
    #[serde(default = "five")]
    pub deadline_business_days: u32,
    /// Business days from the deadline to the follow-up review of action items (default 20).
    #[serde(default = "twenty")]
    pub follow_up_review_business_days: u32,
    /// The business calendar (default Monday–Friday 09:00–17:00 UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<BusinessCalendar>,
}

fn default_severities() -> Vec<String> {
    vec!["SEV-1".into(), "SEV-2".into()]
}
fn five() -> u32 {
    5
}
fn twenty() -> u32 {
    20
}

impl Default for PostmortemPolicy {
    fn default() -> Self {
        PostmortemPolicy {
            required_severities: default_severities(),
            deadline_business_days: five(),
            follow_up_review_business_days: twenty(),
            calendar: None,
        }
    }
}

impl PostmortemPolicy {
    /// Checks the bounds ([`MAX_POLICY_BUSINESS_DAYS`]).
    pub fn validate(&self) -> Result<(), PostmortemError> {
        for (what, n) in [
            ("deadline_business_days", self.deadline_business_days),
            (
                "follow_up_review_business_days",
                self.follow_up_review_business_days,
            ),
        ] {
            if n > MAX_POLICY_BUSINESS_DAYS {
                return Err(PostmortemError::InvalidConfig {
                    reason: format!("{what} is {n}; at most {MAX_POLICY_BUSINESS_DAYS} business days (one working year)"),
                });
            }
        }
        Ok(())
    }

    /// The calendar deadlines are counted on.
    pub fn calendar(&self) -> BusinessCalendar {
        self.calendar
            .clone()
            .unwrap_or_else(|| BusinessCalendar::nine_to_five(Zone::UTC))
    }
}

/// Whether an incident needs a post-mortem, and its dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Requirement {
    /// The incident.
    pub incident: String,
    /// Whether the policy requires a post-mortem.
    pub required: bool,
    /// Why (or why not).
    pub reason: String,
    /// The required severity the incident held (the most severe of them, in policy order).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// When it was resolved (the deadline counts from here).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved_at: Option<DateTime<Utc>>,
    /// The deadline (required and resolved only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_at: Option<DateTime<Utc>>,
    /// The deadline's date in the calendar's zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// The follow-up review date in the calendar's zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub review_on: Option<NaiveDate>,
}

/// Whether `incident` needs a post-mortem under `policy`, and by when.
pub fn requirement(
    policy: &PostmortemPolicy,
    incident: &Incident,
) -> Result<Requirement, PostmortemError> {
    policy.validate()?;
    let mut r = Requirement {
        incident: incident.id.clone(),
        required: false,
        reason: String::new(),
        severity: None,
        resolved_at: incident.resolved_at(),
        due_at: None,
        due: None,
        review_on: None,
    };
    if matches!(incident.status, Status::Declined | Status::Merged) {
        r.reason = format!(
            "the incident was {}: declined and merged incidents need no post-mortem",
            incident.status.as_str()
        );
        return Ok(r);
    }
    let held = policy
        .required_severities
        .iter()
        .find(|s| incident.severity_history.iter().any(|p| &p.severity == *s));
    let Some(sev) = held else {
        let list = policy.required_severities.join(", ");
        r.reason = format!(
            "the incident never held a severity that requires one ({})",
            if list.is_empty() {
                "none configured"
            } else {
                &list
            }
        );
        return Ok(r);
    };
    r.required = true;
    r.severity = Some(sev.clone());
    let Some(resolved) = r.resolved_at else {
        r.reason = format!(
            "the incident held {sev}; the deadline counts from its resolution, which has not happened yet"
        );
        return Ok(r);
    };
    let cal = policy.calendar();
    let zone = cal.zone();
    let due_at = cal.add_business_days(resolved, policy.deadline_business_days)?;
    let review_at = cal.add_business_days(due_at, policy.follow_up_review_business_days)?;
    r.reason = format!(
        "the incident held {sev}; due {} business days after its resolution",
        policy.deadline_business_days
    );
    r.due_at = Some(due_at);
    r.due = Some(zone.to_local(due_at).date());
    r.review_on = Some(zone.to_local(review_at).date());
    Ok(r)
}
