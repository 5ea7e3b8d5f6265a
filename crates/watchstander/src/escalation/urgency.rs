//! Urgency: high (page, escalate) or low (notify, never escalate), from the severity or from
//! support hours on a business calendar.
//!
//! PagerDuty's rule, which watchstander follows: **low-urgency incidents notify the first
//! level but never escalate**; only high-urgency incidents move through the policy. The
//! urgency is decided when the incident triggers (or is re-triggered, reassigned, or changes
//! severity) and can be **raised** from low to high when support hours start.
//!
//! ```
//! use watchstander::escalation::{Urgency, UrgencyRule};
//! use watchstander::severity::SeverityPolicy;
//! use watchstander::time::parse_instant;
//!
//! // The default rule follows the severity policy: levels that page are high urgency.
//! let rule = UrgencyRule::default();
//! let policy = SeverityPolicy::default();
//! let t = parse_instant("2026-03-06T22:00:00Z")?;
//! assert_eq!(rule.urgency_at(&policy, Some("SEV-2"), t)?, Urgency::High);
//! assert_eq!(rule.urgency_at(&policy, Some("SEV-4"), t)?, Urgency::Low);
//! // No severity at all: high, as PagerDuty treats events without one.
//! assert_eq!(rule.urgency_at(&policy, None, t)?, Urgency::High);
//!
//! // High during New York business hours, low outside, raised when they start.
//! let rule: UrgencyRule = serde_json::from_value(serde_json::json!({
//!     "kind": "support_hours", "during": "high", "outside": "low", "raise_at_start": true,
//!     "calendar": {"zone": "America/New_York", "hours": {"mon": ["09:00-17:00"], "fri": ["09:00-17:00"]}}
//! }))?;
//! // Friday 6 March 2026, 17:00 in New York: outside support hours.
//! assert_eq!(rule.urgency_at(&policy, Some("SEV-2"), t)?, Urgency::Low);
//! // Support hours start on Monday 9 March at 09:00 EDT (the clocks moved on the 8th): 13:00Z.
//! let raise = rule.raise_at(&policy, Some("SEV-2"), t)?.unwrap();
//! assert_eq!(raise.to_rfc3339(), "2026-03-09T13:00:00+00:00");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::EscalationError;
use crate::severity::SeverityPolicy;
use crate::time::BusinessCalendar;

/// How urgently an incident reaches people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Notify with high-urgency rules and escalate until someone acknowledges.
    High,
    /// Notify with low-urgency rules; never escalate.
    Low,
}

impl fmt::Display for Urgency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Urgency::High => "high",
            Urgency::Low => "low",
        })
    }
}

/// The urgency on one side of support hours: fixed, or from the severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum UrgencyChoice {
    /// Always high.
    High,
    /// Always low.
    Low,
    /// From the severity, as the policy's severity rule says.
    Severity,
}

/// How an incident's urgency is decided.
///
/// JSON, tagged by `kind`:
///
/// * `{"kind": "constant", "urgency": "low"}`;
/// * `{"kind": "severity"}` (the default): severities whose level in the severity policy
///   `page`s are high, the others low; or `{"kind": "severity", "high": ["SEV-1"]}` to list
///   the high ones yourself. An incident without a severity is high.
/// * `{"kind": "support_hours", "calendar": {...}, "during": "high", "outside": "low",
///   "raise_at_start": true}`: the urgency depends on whether the incident triggers inside the
///   calendar's working windows (read in the calendar's zone, holidays excluded). With
///   `raise_at_start`, a low-urgency incident still open when support hours next start is
///   raised to high then, as PagerDuty's "raise urgency when support hours start".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum UrgencyRule {
    /// The same urgency for every incident.
    Constant {
        /// The urgency.
        urgency: Urgency,
    },
    /// From the incident's severity.
    Severity {
        /// Severity ids that are high urgency; the others are low. Absent: the levels of the
        /// severity policy with `page: true`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        high: Option<Vec<String>>,
    },
    /// From support hours.
    SupportHours {
        /// The support hours: a business calendar (zone, weekly windows, holidays).
        calendar: Box<BusinessCalendar>,
        /// The urgency inside support hours.
        during: UrgencyChoice,
        /// The urgency outside support hours.
        outside: UrgencyChoice,
        /// Raise low-urgency incidents that are still open to high when support hours start.
        #[serde(default)]
        raise_at_start: bool,
        /// Severity ids that are high urgency when a side is `severity` (as in the `severity`
        /// rule; absent: the severity policy's paging levels).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        high: Option<Vec<String>>,
    },
}

impl Default for UrgencyRule {
    fn default() -> Self {
        UrgencyRule::Severity { high: None }
    }
}

fn from_severity(
    policy: &SeverityPolicy,
    high: Option<&[String]>,
    severity: Option<&str>,
) -> Result<Urgency, EscalationError> {
    let Some(severity) = severity else {
        return Ok(Urgency::High);
    };
    let paging = match high {
        Some(list) => list.iter().any(|s| s == severity),
        None => policy.level(severity)?.page,
    };
    Ok(if paging { Urgency::High } else { Urgency::Low })
}

impl UrgencyRule {
    /// Whether the urgency depends on the severity at instant `t` (so that a severity change
    /// re-decides it).
    pub fn depends_on_severity(&self, t: DateTime<Utc>) -> Result<bool, EscalationError> {
        Ok(match self {
            UrgencyRule::Constant { .. } => false,
            UrgencyRule::Severity { .. } => true,
            UrgencyRule::SupportHours {
                calendar,
                during,
                outside,
                ..
            } => {
                let side = if calendar.is_business_time(t)? {
                    during
                } else {
                    outside
                };
                *side == UrgencyChoice::Severity
            }
        })
    }

    /// The urgency of an incident with `severity` that triggers at `t`.
    pub fn urgency_at(
        &self,
        policy: &SeverityPolicy,
        severity: Option<&str>,
        t: DateTime<Utc>,
    ) -> Result<Urgency, EscalationError> {
        match self {
            UrgencyRule::Constant { urgency } => Ok(*urgency),
            UrgencyRule::Severity { high } => from_severity(policy, high.as_deref(), severity),
            UrgencyRule::SupportHours {
                calendar,
                during,
                outside,
                high,
                ..
            } => {
                let side = if calendar.is_business_time(t)? {
                    during
                } else {
                    outside
                };
                match side {
                    UrgencyChoice::High => Ok(Urgency::High),
                    UrgencyChoice::Low => Ok(Urgency::Low),
                    UrgencyChoice::Severity => from_severity(policy, high.as_deref(), severity),
                }
            }
        }
    }

    /// When a low-urgency incident triggered at `t` would be raised to high: the next start of
    /// support hours, if the rule raises and the incident would be high urgency inside them.
    /// `None` when nothing would raise it.
    pub fn raise_at(
        &self,
        policy: &SeverityPolicy,
        severity: Option<&str>,
        t: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>, EscalationError> {
        let UrgencyRule::SupportHours {
            calendar,
            during,
            raise_at_start: true,
            high,
            ..
        } = self
        else {
            return Ok(None);
        };
        if calendar.is_business_time(t)? {
            return Ok(None);
        }
        let inside = match during {
            UrgencyChoice::High => Urgency::High,
            UrgencyChoice::Low => Urgency::Low,
            UrgencyChoice::Severity => from_severity(policy, high.as_deref(), severity)?,
        };
        if inside != Urgency::High {
            return Ok(None);
        }
        Ok(Some(calendar.next_business_instant(t)?))
    }

    /// Checks the severity ids the rule names against the severity policy.
    pub(crate) fn validate(&self, policy: &SeverityPolicy) -> Result<(), EscalationError> {
        let high = match self {
            UrgencyRule::Severity { high } | UrgencyRule::SupportHours { high, .. } => high,
            UrgencyRule::Constant { .. } => return Ok(()),
        };
        for id in high.iter().flatten() {
            policy.level(id)?;
        }
        Ok(())
    }
}
