//! Severity levels and the policy that holds them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::SeverityError;
use crate::time::{BusinessCalendar, IsoDuration};

/// Which clock an SLA target is measured on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum ClockKind {
    /// Every second counts (24 hours a day, 7 days a week).
    #[default]
    #[serde(rename = "24x7")]
    TwentyFourSeven,
    /// Only business time on the policy's business calendar counts.
    #[serde(rename = "business")]
    Business,
}

/// How soon something must happen: `"immediate"` or an ISO 8601 duration such as `"PT1H"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Within {
    /// Page now. Measured against the policy's `immediate_within` (default 5 minutes, the SRE
    /// book's response target for user-facing systems).
    Immediate,
    /// Within a duration (`P1D` on a business clock is one business day).
    Duration(IsoDuration),
}

#[cfg(feature = "schema")]
crate::schema::string_schema!(
    Within,
    "Within",
    "\"immediate\" or an ISO 8601 duration such as \"PT1H\" (P1D on a business clock is one business day)",
    examples = ["immediate", "PT1H", "P1D"]
);

impl Serialize for Within {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Within::Immediate => serializer.serialize_str("immediate"),
            Within::Duration(d) => d.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Within {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        if s == "immediate" {
            Ok(Within::Immediate)
        } else {
            s.parse()
                .map(Within::Duration)
                .map_err(crate::error::de_error)
        }
    }
}

/// An SLA target: how soon, on which clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SlaTarget {
    /// How soon.
    pub within: Within,
    /// Which clock counts.
    #[serde(default)]
    pub clock: ClockKind,
}

/// Checks a duration used as a target, cadence or `immediate_within`: strictly positive, in
/// weeks, days, hours, minutes or seconds (months and years have no fixed length, and a
/// zero or negative target would put the deadline at or before the start).
pub(crate) fn check_positive(id: &str, what: &str, d: IsoDuration) -> Result<(), SeverityError> {
    let reason = if d.negative {
        "is negative: a deadline cannot come before its start"
    } else if d.is_zero() && what.ends_with("target") {
        "is zero: write \"immediate\" for a target that is due at once, or a positive duration"
    } else if d.is_zero() {
        "is zero: use a positive duration"
    } else if d.has_calendar_months() {
        "is in months or years, which have no fixed length: use weeks, days, hours or minutes"
    } else {
        return Ok(());
    };
    Err(SeverityError::InvalidTarget {
        id: id.to_string(),
        what: what.to_string(),
        value: d,
        reason: format!("{reason} (e.g. PT4H or P1D)"),
    })
}

impl SlaTarget {
    /// Checks the target on its own: `"immediate"`, or a positive duration without months or
    /// years ([`InvalidTarget`](SeverityError::InvalidTarget) otherwise). `id` names whose
    /// target it is in the error (a level id, or e.g. `"the SLA clock"`).
    ///
    /// ```
    /// use watchstander::severity::{ClockKind, SlaTarget, Within};
    /// let t = |s: &str| SlaTarget { within: Within::Duration(s.parse().unwrap()), clock: ClockKind::TwentyFourSeven };
    /// assert!(t("PT1H").validate("SEV-2").is_ok());
    /// assert_eq!(t("-PT1H").validate("SEV-2").unwrap_err().code(), "invalid_target");
    /// assert_eq!(t("PT0S").validate("SEV-2").unwrap_err().code(), "invalid_target");
    /// ```
    pub fn validate(&self, id: &str) -> Result<(), SeverityError> {
        match self.within {
            Within::Immediate => Ok(()),
            Within::Duration(d) => check_positive(id, "target", d),
        }
    }
}

/// Who is told about an incident. Each severity sets how often each audience hears.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Responders and the wider engineering organisation.
    Internal,
    /// Executives and business stakeholders.
    Executive,
    /// Customers, through a status page or direct messages.
    External,
}

fn audience_name(a: Audience) -> &'static str {
    match a {
        Audience::Internal => "internal",
        Audience::Executive => "executive",
        Audience::External => "external",
    }
}

/// How often one audience must receive a status update.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateCadence {
    /// The audience.
    pub audience: Audience,
    /// The longest allowed interval between updates, measured 24×7.
    pub every: IsoDuration,
}

/// One severity level, e.g. SEV-2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SeverityLevel {
    /// Identifier used everywhere else, e.g. `"SEV-2"`.
    pub id: String,
    /// Short name, e.g. `"High"`.
    pub name: String,
    /// 1 is the most severe; ranks are unique within a policy.
    pub rank: u8,
    /// What the level means.
    pub description: String,
    /// Conditions under which an incident should be raised *to* this level; shown as upgrade
    /// suggestions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub escalation_criteria: Vec<String>,
    /// Time to respond (acknowledge).
    pub response: SlaTarget,
    /// Time to resolve, if the level has such a target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolve: Option<SlaTarget>,
    /// Status update cadence per audience; an audience not listed is not updated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub updates: Vec<UpdateCadence>,
    /// Whether this level pages the on-call responder (high urgency) or waits for business
    /// hours (low urgency).
    #[serde(default = "yes")]
    pub page: bool,
}

fn yes() -> bool {
    true
}

fn five_minutes() -> IsoDuration {
    IsoDuration::minutes(5)
}

/// Which of a level's two SLA targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SlaKind {
    /// Time to respond.
    Response,
    /// Time to resolve.
    Resolve,
}

/// Severity levels plus what they need to compute deadlines.
///
/// The [`Default`] policy is the classic four levels:
///
/// | id    | name     | meaning                                           | response          | resolve            |
/// |-------|----------|---------------------------------------------------|-------------------|--------------------|
/// | SEV-1 | Critical | total outage, data loss or security breach        | immediate (5 min) | 4 h                |
/// | SEV-2 | High     | major functionality degraded                      | 1 h               | 24 h               |
/// | SEV-3 | Medium   | limited impact, workaround available              | 4 h               | 3 business days    |
/// | SEV-4 | Low      | minor issue, cosmetic or single user              | 1 business day    | 10 business days   |
///
/// with a Monday–Friday 09:00–17:00 UTC business calendar; set your own zone and holidays.
///
/// ```
/// use watchstander::severity::{SeverityPolicy, SlaKind};
/// use watchstander::time::parse_instant;
///
/// let policy = SeverityPolicy::default();
/// let t = parse_instant("2026-11-26T10:00:00Z")?; // a Thursday
/// assert_eq!(policy.deadline("SEV-2", SlaKind::Response, t)?.unwrap().to_rfc3339(), "2026-11-26T11:00:00+00:00");
/// // SEV-4: one business day from Thursday 10:00 is Friday 10:00.
/// assert_eq!(policy.deadline("SEV-4", SlaKind::Response, t)?.unwrap().to_rfc3339(), "2026-11-27T10:00:00+00:00");
/// # Ok::<(), watchstander::severity::SeverityError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SeverityPolicy {
    /// The levels, in any order; they are kept sorted by rank.
    pub levels: Vec<SeverityLevel>,
    /// What "immediate" means as a deadline (default `PT5M`).
    #[serde(default = "five_minutes")]
    pub immediate_within: IsoDuration,
    /// The calendar for targets on the business clock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business_calendar: Option<BusinessCalendar>,
}

impl Default for SeverityPolicy {
    fn default() -> Self {
        let h = |n| Within::Duration(IsoDuration::hours(n));
        let d = |n| Within::Duration(IsoDuration::days(n));
        let m = |n| IsoDuration::minutes(n);
        let cadence = |audience, every| UpdateCadence { audience, every };
        let t24 = |within| SlaTarget {
            within,
            clock: ClockKind::TwentyFourSeven,
        };
        let biz = |within| SlaTarget {
            within,
            clock: ClockKind::Business,
        };
        SeverityPolicy {
            levels: vec![
                SeverityLevel {
                    id: "SEV-1".into(),
                    name: "Critical".into(),
                    rank: 1,
                    description: "Total outage, data loss or security breach".into(),
                    escalation_criteria: vec![
                        "A core service is unavailable to all or most customers".into(),
                        "Customer data is lost, corrupted or exposed".into(),
                        "A security breach is confirmed or suspected".into(),
                    ],
                    response: t24(Within::Immediate),
                    resolve: Some(t24(h(4))),
                    updates: vec![
                        cadence(Audience::Internal, m(30)),
                        cadence(Audience::Executive, IsoDuration::hours(1)),
                        cadence(Audience::External, m(30)),
                    ],
                    page: true,
                },
                SeverityLevel {
                    id: "SEV-2".into(),
                    name: "High".into(),
                    rank: 2,
                    description: "Major functionality degraded for many customers".into(),
                    escalation_criteria: vec![
                        "A core feature is degraded or failing for a significant share of customers".into(),
                        "An SLO is burning error budget fast".into(),
                    ],
                    response: t24(h(1)),
                    resolve: Some(t24(h(24))),
                    updates: vec![
                        cadence(Audience::Internal, IsoDuration::hours(1)),
                        cadence(Audience::Executive, IsoDuration::hours(2)),
                        cadence(Audience::External, IsoDuration::hours(1)),
                    ],
                    page: true,
                },
                SeverityLevel {
                    id: "SEV-3".into(),
                    name: "Medium".into(),
                    rank: 3,
                    description: "Limited impact with a workaround available".into(),
                    escalation_criteria: vec![
                        "A non-core feature is impaired, or a core one for a few customers, and a workaround exists".into(),
                    ],
                    response: t24(h(4)),
                    resolve: Some(biz(d(3))),
                    updates: vec![cadence(Audience::Internal, IsoDuration::hours(4))],
                    page: false,
                },
                SeverityLevel {
                    id: "SEV-4".into(),
                    name: "Low".into(),
                    rank: 4,
                    description: "Minor issue: cosmetic, or affecting a single user".into(),
                    escalation_criteria: vec![],
                    response: biz(d(1)),
                    resolve: Some(biz(d(10))),
                    updates: vec![cadence(Audience::Internal, IsoDuration::days(1))],
                    page: false,
                },
            ],
            immediate_within: five_minutes(),
            business_calendar: Some(BusinessCalendar::nine_to_five(crate::time::Zone::UTC)),
        }
    }
}

impl SeverityPolicy {
    /// Checks the policy: at least one level, unique ids and ranks, a calendar for business
    /// targets, targets without months or years. Returns the policy with levels sorted by rank.
    ///
    /// ```
    /// use watchstander::severity::SeverityPolicy;
    /// let mut p = SeverityPolicy::default();
    /// p.business_calendar = None;
    /// assert_eq!(p.validate().unwrap_err().code(), "missing_calendar");
    /// ```
    pub fn validate(mut self) -> Result<SeverityPolicy, SeverityError> {
        if self.levels.is_empty() {
            return Err(SeverityError::NoLevels);
        }
        self.levels.sort_by_key(|l| l.rank);
        for pair in self.levels.windows(2) {
            if pair[0].rank == pair[1].rank {
                return Err(SeverityError::DuplicateSeverity {
                    what: format!("rank {}", pair[0].rank),
                });
            }
        }
        let mut ids: Vec<&str> = self.levels.iter().map(|l| l.id.as_str()).collect();
        ids.sort_unstable();
        for pair in ids.windows(2) {
            if pair[0] == pair[1] {
                return Err(SeverityError::DuplicateSeverity {
                    what: format!("id {:?}", pair[0]),
                });
            }
        }
        check_positive("the policy", "immediate_within", self.immediate_within)?;
        for level in &self.levels {
            let targets = [
                ("response target", Some(&level.response)),
                ("resolve target", level.resolve.as_ref()),
            ];
            for (what, target) in targets {
                let Some(target) = target else { continue };
                if target.clock == ClockKind::Business && self.business_calendar.is_none() {
                    return Err(SeverityError::MissingCalendar {
                        id: level.id.clone(),
                    });
                }
                if let Within::Duration(d) = target.within {
                    check_positive(&level.id, what, d)?;
                }
            }
            for u in &level.updates {
                let what = format!("update cadence for {}", audience_name(u.audience));
                check_positive(&level.id, &what, u.every)?;
            }
        }
        Ok(self)
    }

    /// The level with this id.
    pub fn level(&self, id: &str) -> Result<&SeverityLevel, SeverityError> {
        self.levels
            .iter()
            .find(|l| l.id == id)
            .ok_or_else(|| SeverityError::UnknownSeverity {
                id: id.to_string(),
                known: self.levels.iter().map(|l| l.id.clone()).collect(),
            })
    }

    /// The target of one kind for a level (`None` when the level has no resolve target).
    pub fn target(&self, id: &str, kind: SlaKind) -> Result<Option<SlaTarget>, SeverityError> {
        let level = self.level(id)?;
        Ok(match kind {
            SlaKind::Response => Some(level.response),
            SlaKind::Resolve => level.resolve,
        })
    }

    /// The calendar a target is measured on (`None` for 24×7).
    pub fn calendar_for(
        &self,
        target: &SlaTarget,
    ) -> Result<Option<&BusinessCalendar>, SeverityError> {
        match target.clock {
            ClockKind::TwentyFourSeven => Ok(None),
            ClockKind::Business => self.business_calendar.as_ref().map(Some).ok_or_else(|| {
                SeverityError::MissingCalendar {
                    id: "target".into(),
                }
            }),
        }
    }

    /// The target duration as an ISO duration (`immediate` becomes `immediate_within`).
    pub fn duration_of(&self, target: &SlaTarget) -> IsoDuration {
        match target.within {
            Within::Immediate => self.immediate_within,
            Within::Duration(d) => d,
        }
    }

    /// The deadline of an SLA that starts at `start` and never pauses; `None` if the level has
    /// no such target.
    pub fn deadline(
        &self,
        id: &str,
        kind: SlaKind,
        start: DateTime<Utc>,
    ) -> Result<Option<DateTime<Utc>>, SeverityError> {
        let Some(target) = self.target(id, kind)? else {
            return Ok(None);
        };
        Ok(Some(self.add_target(&target, start)?))
    }

    /// `start` plus the target, on the target's clock.
    pub fn add_target(
        &self,
        target: &SlaTarget,
        start: DateTime<Utc>,
    ) -> Result<DateTime<Utc>, SeverityError> {
        let d = self.duration_of(target);
        match self.calendar_for(target)? {
            None => {
                let fixed = d.to_fixed()?;
                crate::time::checked_add(start, fixed).ok_or_else(|| {
                    SeverityError::Time(crate::time::TimeError::OutOfRange {
                        what: "SLA deadline".into(),
                        reason: "past the year 9999".into(),
                    })
                })
            }
            Some(cal) => Ok(cal.add_duration(start, &d)?),
        }
    }

    /// Which severity an incident should be raised to, judging by escalation criteria that the
    /// caller reports as met: the most severe level (lowest rank) whose criteria include one of
    /// `met`, if it is more severe than `current`.
    pub fn suggest_upgrade(
        &self,
        current: &str,
        met: &[String],
    ) -> Result<Option<&SeverityLevel>, SeverityError> {
        let current = self.level(current)?;
        Ok(self
            .levels
            .iter()
            .filter(|l| l.rank < current.rank)
            .find(|l| l.escalation_criteria.iter().any(|c| met.contains(c))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A level that does not say whether it pages does page (high urgency is the safe default).
    #[test]
    fn a_level_pages_unless_it_says_otherwise() {
        let p: SeverityPolicy = serde_json::from_value(serde_json::json!({"levels": [
            {"id": "P1", "name": "Urgent", "rank": 1, "description": "x", "response": {"within": "PT5M"}},
            {"id": "P2", "name": "Later", "rank": 2, "description": "y", "response": {"within": "PT1H"}, "page": false}
        ]}))
        .unwrap();
        let pages: Vec<bool> = p.levels.iter().map(|l| l.page).collect();
        assert_eq!(pages, [true, false]);
    }

    /// Only a strictly more severe level is suggested: criteria of the current level, or of a
    /// less severe one, suggest nothing.
    #[test]
    fn an_upgrade_is_only_to_a_more_severe_level() {
        let p = SeverityPolicy::default();
        let sev2 = "An SLO is burning error budget fast".to_string();
        let sev1 = "A security breach is confirmed or suspected".to_string();
        let suggested = |current: &str, met: &[String]| {
            p.suggest_upgrade(current, met)
                .unwrap()
                .map(|l| l.id.clone())
        };
        assert_eq!(suggested("SEV-2", std::slice::from_ref(&sev2)), None);
        assert_eq!(suggested("SEV-1", std::slice::from_ref(&sev2)), None);
        assert_eq!(
            suggested("SEV-3", std::slice::from_ref(&sev2)),
            Some("SEV-2".into())
        );
        assert_eq!(suggested("SEV-3", &[sev2, sev1]), Some("SEV-1".into()));
    }
}
