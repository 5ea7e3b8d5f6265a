//! What an organisation configures about its incidents: the severity policy, the response
//! roles, the stakeholders to keep informed, people's display names, the war-room naming rule
//! and the tolerated clock skew.
//!
//! Every field has a default, so `{}` is a valid configuration: the default SEV-1..SEV-4
//! policy, the five roles below, three stakeholder groups (one per audience), and Slack-sized
//! war-room names.
//!
//! | role id                 | name                  | held by                 |
//! |-------------------------|-----------------------|-------------------------|
//! | `incident_commander`    | Incident commander    | one person at a time    |
//! | `communications_lead`   | Communications lead   | one person at a time    |
//! | `scribe`                | Scribe                | one person at a time    |
//! | `operations_lead`       | Operations lead       | one person at a time    |
//! | `subject_matter_expert` | Subject-matter expert | any number of people    |
//!
//! ```
//! use watchstander::incident::IncidentConfig;
//! let config: IncidentConfig = serde_json::from_str(r#"{
//!   "roles": [{"id": "incident_commander", "name": "Incident commander"},
//!             {"id": "sme", "name": "Subject-matter expert", "exclusive": false}]
//! }"#).unwrap();
//! let config = config.validate()?;
//! assert_eq!(config.role("sme")?.exclusive, false);
//! assert_eq!(config.role("scribe").unwrap_err().code(), "unknown_role");
//! # Ok::<(), watchstander::incident::IncidentError>(())
//! ```

use serde::{Deserialize, Serialize};

use super::naming::WarRoomRule;
use super::IncidentError;
use crate::severity::{Audience, SeverityPolicy};
use crate::time::IsoDuration;

/// A response role, such as incident commander.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RoleDefinition {
    /// Identifier used in events, e.g. `"incident_commander"` (lowercase letters, digits, `_`).
    pub id: String,
    /// Name shown to people.
    pub name: String,
    /// Held by one person at a time (default). Assigning it to someone else hands it over.
    #[serde(default = "yes")]
    pub exclusive: bool,
}

/// A person's display name, used in timelines and status updates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// The id used in events.
    pub id: String,
    /// The name shown.
    pub name: String,
}

/// A group of people who must be kept informed: who they are, which audience's updates they
/// receive, and at which severities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Stakeholder {
    /// Identifier, e.g. `"executives"`.
    pub id: String,
    /// Name shown, e.g. `"Executive team"`.
    pub name: String,
    /// The audience whose status updates reach them.
    pub audience: Audience,
    /// The severities at which they must be told. Empty (default): every severity whose
    /// update cadence includes their audience.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub severities: Vec<String>,
    /// How soon after the incident starts to concern them the first notice is due. Default:
    /// one update interval of their audience at the severity in force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify_within: Option<IsoDuration>,
    /// Where they are told, e.g. `"#inc-exec"`, `"status page"` (informational).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<String>,
}

/// The incident configuration. See the [module documentation](self).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct IncidentConfig {
    /// Severity levels, SLA targets and update cadences.
    #[serde(default)]
    pub severity_policy: SeverityPolicy,
    /// The response roles.
    #[serde(default = "default_roles")]
    pub roles: Vec<RoleDefinition>,
    /// Who must be kept informed.
    #[serde(default = "default_stakeholders")]
    pub stakeholders: Vec<Stakeholder>,
    /// Display names of people (ids not listed are shown as they are).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<Person>,
    /// How to name war rooms.
    #[serde(default)]
    pub war_room: WarRoomRule,
    /// How far an event's `recorded_at` may be before its `occurred_at` (clocks of different
    /// systems disagree a little). Default `PT0S`: never.
    #[serde(default)]
    pub max_clock_skew: IsoDuration,
}

fn yes() -> bool {
    true
}

fn default_roles() -> Vec<RoleDefinition> {
    let role = |id: &str, name: &str, exclusive| RoleDefinition {
        id: id.into(),
        name: name.into(),
        exclusive,
    };
    vec![
        role("incident_commander", "Incident commander", true),
        role("communications_lead", "Communications lead", true),
        role("scribe", "Scribe", true),
        role("operations_lead", "Operations lead", true),
        role("subject_matter_expert", "Subject-matter expert", false),
    ]
}

fn default_stakeholders() -> Vec<Stakeholder> {
    let group = |id: &str, name: &str, audience, channel: &str| Stakeholder {
        id: id.into(),
        name: name.into(),
        audience,
        severities: vec![],
        notify_within: None,
        channels: vec![channel.into()],
    };
    vec![
        group(
            "responders",
            "Responders and engineering",
            Audience::Internal,
            "incident channel",
        ),
        group(
            "executives",
            "Executives",
            Audience::Executive,
            "executive briefing",
        ),
        group("customers", "Customers", Audience::External, "status page"),
    ]
}

impl Default for IncidentConfig {
    fn default() -> Self {
        IncidentConfig {
            severity_policy: SeverityPolicy::default(),
            roles: default_roles(),
            stakeholders: default_stakeholders(),
            people: vec![],
            war_room: WarRoomRule::default(),
            max_clock_skew: IsoDuration::default(),
        }
    }
}

fn is_identifier(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

impl IncidentConfig {
    /// Checks the configuration and returns it with the severity policy validated (levels
    /// sorted by rank): unique role and stakeholder ids, stakeholder severities that exist,
    /// positive durations, a usable war-room rule.
    pub fn validate(mut self) -> Result<IncidentConfig, IncidentError> {
        self.severity_policy = self.severity_policy.validate()?;
        let invalid = |reason: String| IncidentError::InvalidConfig { reason };
        let mut seen = std::collections::BTreeSet::new();
        for r in &self.roles {
            if !is_identifier(&r.id) {
                return Err(invalid(format!(
                    "role id {:?} must be 1-64 lowercase letters, digits, '_' or '-'",
                    r.id
                )));
            }
            if !seen.insert(r.id.as_str()) {
                return Err(invalid(format!("role {:?} is defined twice", r.id)));
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for s in &self.stakeholders {
            if s.id.trim().is_empty() {
                return Err(invalid("a stakeholder has an empty id".into()));
            }
            if !seen.insert(s.id.as_str()) {
                return Err(invalid(format!("stakeholder {:?} is defined twice", s.id)));
            }
            for sev in &s.severities {
                self.check_severity(sev, "")?;
            }
            if let Some(d) = s.notify_within {
                if d.negative || d.has_calendar_months() {
                    return Err(invalid(format!(
                        "stakeholder {:?}: notify_within {d} must be a positive duration in days, hours or minutes",
                        s.id
                    )));
                }
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for p in &self.people {
            if !seen.insert(p.id.as_str()) {
                return Err(invalid(format!("person {:?} is listed twice", p.id)));
            }
        }
        if self.max_clock_skew.negative || self.max_clock_skew.has_calendar_months() {
            return Err(invalid(format!(
                "max_clock_skew {} must be a positive duration, e.g. PT30S",
                self.max_clock_skew
            )));
        }
        self.max_clock_skew.to_fixed()?;
        self.war_room.validate()?;
        Ok(self)
    }

    /// The role with this id.
    pub fn role(&self, id: &str) -> Result<&RoleDefinition, IncidentError> {
        self.roles
            .iter()
            .find(|r| r.id == id)
            .ok_or_else(|| IncidentError::UnknownRole {
                event: String::new(),
                role: id.to_string(),
                known: self.roles.iter().map(|r| r.id.clone()).collect(),
            })
    }

    /// A person's display name (the id when not listed).
    pub fn display_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.people
            .iter()
            .find(|p| p.id == id)
            .map_or(id, |p| p.name.as_str())
    }

    /// The tolerated clock skew as a fixed duration.
    pub fn skew(&self) -> chrono::Duration {
        self.max_clock_skew
            .to_fixed()
            .unwrap_or_else(|_| chrono::Duration::zero())
    }

    /// Checks that the policy defines `severity` (`event` names the event asking).
    pub fn check_severity(&self, severity: &str, event: &str) -> Result<(), IncidentError> {
        if self.severity_policy.levels.iter().any(|l| l.id == severity) {
            Ok(())
        } else {
            Err(IncidentError::UnknownSeverity {
                event: event.to_string(),
                severity: severity.chars().take(100).collect(),
                known: self
                    .severity_policy
                    .levels
                    .iter()
                    .map(|l| l.id.clone())
                    .collect(),
            })
        }
    }

    /// Checks that some severity level lists `criterion` among its escalation criteria.
    pub fn check_criterion(&self, criterion: &str, event: &str) -> Result<(), IncidentError> {
        if self
            .severity_policy
            .levels
            .iter()
            .any(|l| l.escalation_criteria.iter().any(|c| c == criterion))
        {
            Ok(())
        } else {
            Err(IncidentError::UnknownCriterion {
                event: event.to_string(),
                criterion: criterion.chars().take(200).collect(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_object_is_the_default() {
        let c: IncidentConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(c, IncidentConfig::default());
        assert!(c.validate().is_ok());
    }

    #[test]
    fn duplicate_roles_and_stakeholders_are_refused() {
        let mut c = IncidentConfig::default();
        c.roles.push(c.roles[0].clone());
        assert_eq!(c.validate().unwrap_err().code(), "invalid_config");
        let mut c = IncidentConfig::default();
        c.stakeholders.push(c.stakeholders[1].clone());
        assert_eq!(c.validate().unwrap_err().code(), "invalid_config");
    }

    #[test]
    fn stakeholder_severities_must_exist() {
        let mut c = IncidentConfig::default();
        c.stakeholders[0].severities = vec!["SEV-0".into()];
        let e = c.validate().unwrap_err();
        assert_eq!(e.code(), "unknown_severity");
        assert!(e.to_string().contains("SEV-0"));
    }

    #[test]
    fn role_ids_must_be_identifiers() {
        let mut c = IncidentConfig::default();
        c.roles[0].id = "Incident Commander".into();
        assert_eq!(c.validate().unwrap_err().code(), "invalid_config");
    }

    /// Each of the two conditions refuses on its own.
    #[test]
    fn notify_within_must_be_a_positive_span_without_months() {
        for bad in ["-PT1H", "P1M"] {
            let mut c = IncidentConfig::default();
            c.stakeholders[0].notify_within = Some(bad.parse().unwrap());
            let e = c.validate().unwrap_err();
            assert_eq!(e.code(), "invalid_config", "{bad}");
            assert!(e.to_string().contains("notify_within"), "{bad}: {e}");
        }
        let mut c = IncidentConfig::default();
        c.stakeholders[0].notify_within = Some("PT30M".parse().unwrap());
        assert!(c.validate().is_ok());
    }

    #[test]
    fn skew_in_months_is_refused() {
        let c = IncidentConfig {
            max_clock_skew: "P1M".parse().unwrap(),
            ..IncidentConfig::default()
        };
        assert_eq!(c.validate().unwrap_err().code(), "invalid_config");
    }

    #[test]
    fn negative_skew_is_refused() {
        let c = IncidentConfig {
            max_clock_skew: "-PT1M".parse().unwrap(),
            ..IncidentConfig::default()
        };
        assert_eq!(c.validate().unwrap_err().code(), "invalid_config");
    }

    #[test]
    fn display_names_fall_back_to_ids() {
        let mut c = IncidentConfig::default();
        c.people.push(Person {
            id: "alice".into(),
            name: "Alice Moreau".into(),
        });
        assert_eq!(c.display_name("alice"), "Alice Moreau");
        assert_eq!(c.display_name("bob"), "bob");
    }
}
