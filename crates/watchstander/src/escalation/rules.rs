//! People's contact methods and notification rules: how each person wants to be reached, per
//! urgency ("push at 0 min, SMS at 5 min, call at 10 min if still unacknowledged").
//!
//! When a level reaches a person, every rule for the incident's urgency becomes one **contact
//! attempt** at `arrival + after`. Attempts stop when the incident is acknowledged or
//! resolved, and — with the default `on_escalate: "reassign"` — when it escalates past the
//! person's level, so a rule whose delay is not shorter than the level's delay never fires
//! (as PagerDuty warns). A person without rules for an urgency is contacted once, at once, on
//! their first contact method.
//!
//! ```
//! use watchstander::escalation::{PersonProfile, Urgency};
//!
//! let alice: PersonProfile = serde_json::from_value(serde_json::json!({
//!   "id": "alice", "zone": "Europe/London", "sleep": "23:00-07:00",
//!   "contact_methods": [
//!     {"id": "app", "kind": "push"}, {"id": "mobile-sms", "kind": "sms", "address": "+44 7700 900123"},
//!     {"id": "mobile-call", "kind": "phone", "address": "+44 7700 900123"}
//!   ],
//!   "rules": {
//!     "high": [{"after": "PT0M", "contact": "app"}, {"after": "PT5M", "contact": "mobile-sms"},
//!              {"after": "PT10M", "contact": "mobile-call"}],
//!     "low": [{"after": "PT0M", "contact": "app"}]
//!   }
//! }))?;
//! let steps = alice.attempts(Urgency::High);
//! assert_eq!(steps.len(), 3);
//! assert_eq!(steps[2].after.num_minutes(), 10);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;

use chrono::Duration;
use serde::{Deserialize, Serialize};

use super::error::check_id;
use super::policy::minutes;
use super::urgency::Urgency;
use super::{EscalationError, MAX_CONTACT_METHODS, MAX_DELAY_MINUTES, MAX_RULES};
use crate::time::{ClockWindow, IsoDuration, Zone};

/// A kind of contact method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContactKind {
    /// A mobile-app push notification.
    Push,
    /// A text message.
    Sms,
    /// A voice call.
    Phone,
    /// An email.
    Email,
    /// A chat message (Slack, Teams...).
    Chat,
}

impl fmt::Display for ContactKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ContactKind::Push => "push",
            ContactKind::Sms => "SMS",
            ContactKind::Phone => "phone call",
            ContactKind::Email => "email",
            ContactKind::Chat => "chat",
        })
    }
}

/// One way to reach a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ContactMethod {
    /// Identifier used by the rules, unique for the person.
    pub id: String,
    /// The kind.
    pub kind: ContactKind,
    /// The address (number, email, channel), passed through for the sender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

/// One notification rule: contact method `contact`, `after` the person is reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// Delay after the person is reached: whole minutes, `PT0M` to `P1D`.
    pub after: IsoDuration,
    /// The contact method id.
    pub contact: String,
}

/// Notification rules per urgency.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    /// Rules for high-urgency incidents.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub high: Vec<RuleSpec>,
    /// Rules for low-urgency incidents.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub low: Vec<RuleSpec>,
}

/// A person as the escalation engine knows them (see `docs/formats/escalation.md`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PersonSpec {
    /// The id used in policies and schedules.
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The person's own zone: sleep hours and handoff messages are read in it. Required with
    /// `sleep`; default UTC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<Zone>,
    /// Sleep hours on their own clock, e.g. `"23:00-07:00"` (sleep-aware delivery).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sleep: Option<ClockWindow>,
    /// Ways to reach them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contact_methods: Vec<ContactMethod>,
    /// Notification rules per urgency.
    #[serde(default)]
    pub rules: RuleSet,
    /// How long before they go on or off call to tell them (handoff notifications); whole
    /// minutes up to `P2D`. Absent: the caller's default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handoff_notice: Option<IsoDuration>,
}

/// One contact attempt of a rule set, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    /// Delay after the person is reached.
    pub after: Duration,
    /// The contact method, if the person has any.
    pub contact: Option<ContactMethod>,
}

/// A validated person. It (de)serialises as its [`PersonSpec`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonProfile {
    spec: PersonSpec,
    high: Vec<Attempt>,
    low: Vec<Attempt>,
    handoff_notice: Option<Duration>,
}

impl Serialize for PersonProfile {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.spec.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for PersonProfile {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spec = PersonSpec::deserialize(deserializer)?;
        PersonProfile::new(spec).map_err(crate::error::de_error)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for PersonProfile {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "PersonProfile".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        PersonSpec::json_schema(generator)
    }
}

/// The longest handoff notice, in minutes (48 hours, as PagerDuty's on-call reminders).
pub const MAX_HANDOFF_NOTICE_MINUTES: i64 = 48 * 60;

impl PersonProfile {
    /// Validates a person: unique contact ids, rules that name them, delays from `PT0M` to
    /// `P1D`, sleep hours with a zone and shorter than a day, and the limits
    /// [`MAX_CONTACT_METHODS`] and [`MAX_RULES`].
    pub fn new(spec: PersonSpec) -> Result<PersonProfile, EscalationError> {
        check_id("person", &spec.id)?;
        let who = spec.id.clone();
        if spec.contact_methods.len() > MAX_CONTACT_METHODS {
            return Err(EscalationError::limit(
                &format!("contact methods of person {who:?}"),
                spec.contact_methods.len(),
                MAX_CONTACT_METHODS,
                "keep the ones the rules use",
            ));
        }
        for (i, c) in spec.contact_methods.iter().enumerate() {
            check_id("contact method", &c.id)?;
            if spec.contact_methods.iter().take(i).any(|o| o.id == c.id) {
                return Err(EscalationError::DuplicateId {
                    kind: format!("contact method of person {who:?}"),
                    id: c.id.clone(),
                });
            }
        }
        if let Some(w) = spec.sleep {
            if spec.zone.is_none() {
                return Err(EscalationError::InvalidPerson {
                    person: who,
                    reason:
                        "sleep hours are read on the person's own clock: give their \"zone\" too"
                            .to_string(),
                });
            }
            if w.start == w.end {
                return Err(EscalationError::InvalidPerson {
                    person: who,
                    reason: format!(
                        "sleep hours {w} would last all day; give a window such as \"23:00-07:00\""
                    ),
                });
            }
        }
        let handoff_notice = match &spec.handoff_notice {
            None => None,
            Some(d) => Some(minutes(d, MAX_HANDOFF_NOTICE_MINUTES).map_err(|reason| {
                EscalationError::InvalidRule {
                    person: who.clone(),
                    after: d.to_string(),
                    reason: format!("handoff notice: {reason}"),
                }
            })?),
        };
        let high = attempts(&spec, &spec.rules.high)?;
        let low = attempts(&spec, &spec.rules.low)?;
        Ok(PersonProfile {
            spec,
            high,
            low,
            handoff_notice,
        })
    }

    /// A person with no contact methods, rules or sleep hours (contacted once, at once).
    pub fn bare(id: &str) -> PersonProfile {
        PersonProfile {
            spec: PersonSpec {
                id: id.to_string(),
                name: None,
                zone: None,
                sleep: None,
                contact_methods: Vec::new(),
                rules: RuleSet::default(),
                handoff_notice: None,
            },
            high: vec![Attempt {
                after: Duration::zero(),
                contact: None,
            }],
            low: vec![Attempt {
                after: Duration::zero(),
                contact: None,
            }],
            handoff_notice: None,
        }
    }

    /// The specification.
    pub fn spec(&self) -> &PersonSpec {
        &self.spec
    }

    /// The person id.
    pub fn id(&self) -> &str {
        &self.spec.id
    }

    /// Their zone (UTC if not given).
    pub fn zone(&self) -> Zone {
        self.spec.zone.unwrap_or(Zone::UTC)
    }

    /// Their sleep hours, if given.
    pub fn sleep(&self) -> Option<ClockWindow> {
        self.spec.sleep
    }

    /// How long before a handoff they want to be told, if they said.
    pub fn handoff_notice(&self) -> Option<Duration> {
        self.handoff_notice
    }

    /// The contact attempts for an urgency, in order of delay (never empty).
    pub fn attempts(&self, urgency: Urgency) -> &[Attempt] {
        match urgency {
            Urgency::High => &self.high,
            Urgency::Low => &self.low,
        }
    }
}

fn attempts(spec: &PersonSpec, rules: &[RuleSpec]) -> Result<Vec<Attempt>, EscalationError> {
    if rules.len() > MAX_RULES {
        return Err(EscalationError::limit(
            &format!("notification rules of person {:?}", spec.id),
            rules.len(),
            MAX_RULES,
            "a handful of rules per urgency is plenty",
        ));
    }
    if rules.is_empty() {
        return Ok(vec![Attempt {
            after: Duration::zero(),
            contact: spec.contact_methods.first().cloned(),
        }]);
    }
    let mut out = Vec::with_capacity(rules.len());
    for r in rules {
        let bad = |reason: String| EscalationError::InvalidRule {
            person: spec.id.clone(),
            after: r.after.to_string(),
            reason,
        };
        let after = if r.after.is_zero() && !r.after.negative {
            Duration::zero()
        } else {
            minutes(&r.after, MAX_DELAY_MINUTES).map_err(bad)?
        };
        let contact = spec
            .contact_methods
            .iter()
            .find(|c| c.id == r.contact)
            .cloned()
            .ok_or_else(|| EscalationError::UnknownContact {
                person: spec.id.clone(),
                contact: r.contact.clone(),
                known: spec.contact_methods.iter().map(|c| c.id.clone()).collect(),
            })?;
        out.push(Attempt {
            after,
            contact: Some(contact),
        });
    }
    // Stable: rules with the same delay keep their written order.
    out.sort_by_key(|a| a.after);
    Ok(out)
}
