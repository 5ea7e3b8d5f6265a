//! Incident statuses and the transition table.
//!
//! An incident moves through the lifecycle
//!
//! ```text
//!              ┌────────────── declined (from triage only; final)
//!   triage ────┼─▶ investigating ⇄ identified ⇄ monitoring ──▶ resolved ──▶ post_incident ──▶ closed
//!              │        (any open status may jump forward,         │  ▲            │            │
//!              │         or step back when a fix did not hold)     │  └── reopened ┴────────────┘
//!              └────────────── merged (from any open status; final)
//! ```
//!
//! The table below is the whole rule for a `status_changed` event: the row is the status
//! before, the columns the statuses it may change to. Anything else is an
//! [`InvalidTransition`](super::IncidentError::InvalidTransition) error that names both
//! statuses and says what to do instead.
//!
//! | from            | may change to                                                   |
//! |-----------------|-----------------------------------------------------------------|
//! | `triage`        | `investigating`, `identified`, `monitoring`, `resolved`, `declined` |
//! | `investigating` | `identified`, `monitoring`, `resolved`                          |
//! | `identified`    | `investigating`, `monitoring`, `resolved`                       |
//! | `monitoring`    | `investigating`, `identified`, `resolved`                       |
//! | `resolved`      | `post_incident`, `closed`                                       |
//! | `post_incident` | `closed`                                                        |
//! | `closed`        | —                                                               |
//! | `declined`      | — (final)                                                       |
//! | `merged`        | — (final)                                                       |
//!
//! Two statuses are reached only through their own events, which carry what the status needs:
//!
//! * **merged** — a `merged` event naming the surviving incident, from any *open* status
//!   (`triage` … `monitoring`), as PagerDuty merges open incidents.
//! * **reopen** — a `reopened` event with a reason, from `resolved`, `post_incident` or
//!   `closed`, back to `investigating` (default), `identified` or `monitoring`.
//!
//! `triage` is only ever the first status: an incident comes back through `reopened`, never to
//! triage. `declined` is a triage decision ("this is not an incident"), as in incident.io;
//! once work has started, resolve instead. Acknowledgement is not a status: it is its own fact
//! (first acknowledgement time and by whom), as in PagerDuty.
//!
//! ```
//! use watchstander::incident::Status;
//! assert!(Status::Triage.may_change_to(Status::Declined));
//! assert!(!Status::Investigating.may_change_to(Status::Declined));
//! assert_eq!(Status::Monitoring.next_statuses(), &[Status::Investigating, Status::Identified, Status::Resolved]);
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::IncidentError;

/// Where an incident is in its lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// Reported, not yet confirmed as an incident.
    Triage,
    /// Confirmed; the cause is being looked for.
    Investigating,
    /// The cause is known; a fix is being worked on.
    Identified,
    /// Mitigated: a fix is in place and being watched.
    Monitoring,
    /// Over: no more customer impact, responders stood down.
    Resolved,
    /// The review (post-mortem) is under way.
    PostIncident,
    /// Done, including the review.
    Closed,
    /// Triage decided it is not an incident (final).
    Declined,
    /// Folded into another incident (final).
    Merged,
}

impl Status {
    /// Every status, in lifecycle order.
    pub const ALL: [Status; 9] = [
        Status::Triage,
        Status::Investigating,
        Status::Identified,
        Status::Monitoring,
        Status::Resolved,
        Status::PostIncident,
        Status::Closed,
        Status::Declined,
        Status::Merged,
    ];

    /// The snake_case name used in JSON, e.g. `"post_incident"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Triage => "triage",
            Status::Investigating => "investigating",
            Status::Identified => "identified",
            Status::Monitoring => "monitoring",
            Status::Resolved => "resolved",
            Status::PostIncident => "post_incident",
            Status::Closed => "closed",
            Status::Declined => "declined",
            Status::Merged => "merged",
        }
    }

    /// A label for people, e.g. `"Post-incident"`.
    pub fn label(self) -> &'static str {
        match self {
            Status::Triage => "Triage",
            Status::Investigating => "Investigating",
            Status::Identified => "Identified",
            Status::Monitoring => "Monitoring",
            Status::Resolved => "Resolved",
            Status::PostIncident => "Post-incident",
            Status::Closed => "Closed",
            Status::Declined => "Declined",
            Status::Merged => "Merged",
        }
    }

    /// The status as a public status page words it (Atlassian Statuspage's vocabulary):
    /// Investigating, Identified, Monitoring or Resolved.
    pub fn public_label(self) -> &'static str {
        match self {
            Status::Triage | Status::Investigating => "Investigating",
            Status::Identified => "Identified",
            Status::Monitoring => "Monitoring",
            Status::Resolved
            | Status::PostIncident
            | Status::Closed
            | Status::Declined
            | Status::Merged => "Resolved",
        }
    }

    /// Open: `triage`, `investigating`, `identified` or `monitoring` — someone is working on
    /// it, SLA clocks run and updates are due.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Status::Triage | Status::Investigating | Status::Identified | Status::Monitoring
        )
    }

    /// After resolution: `resolved`, `post_incident` or `closed` (the statuses a `reopened`
    /// event leaves).
    pub fn is_resolved(self) -> bool {
        matches!(
            self,
            Status::Resolved | Status::PostIncident | Status::Closed
        )
    }

    /// Final: `declined` or `merged`; nothing changes it any more.
    pub fn is_final(self) -> bool {
        matches!(self, Status::Declined | Status::Merged)
    }

    /// The statuses a `status_changed` event may move to from this one (the transition table).
    pub fn next_statuses(self) -> &'static [Status] {
        use Status::*;
        match self {
            Triage => &[Investigating, Identified, Monitoring, Resolved, Declined],
            Investigating => &[Identified, Monitoring, Resolved],
            Identified => &[Investigating, Monitoring, Resolved],
            Monitoring => &[Investigating, Identified, Resolved],
            Resolved => &[PostIncident, Closed],
            PostIncident => &[Closed],
            Closed | Declined | Merged => &[],
        }
    }

    /// Whether the transition table allows `self → to` for a `status_changed` event.
    pub fn may_change_to(self, to: Status) -> bool {
        self.next_statuses().contains(&to)
    }

    /// The statuses a `reopened` event may go to.
    pub const REOPEN_TARGETS: [Status; 3] = [
        Status::Investigating,
        Status::Identified,
        Status::Monitoring,
    ];

    /// Checks a `status_changed` transition, explaining a refusal.
    pub(crate) fn check_change(self, to: Status, event: &str) -> Result<(), IncidentError> {
        if self.may_change_to(to) {
            return Ok(());
        }
        let hint = if to == self {
            format!("the incident is already {}", self.as_str())
        } else if self.is_final() {
            format!("{} is final; nothing changes it", self.as_str())
        } else if to == Status::Merged {
            "use a \"merged\" event, which names the incident it was merged into".to_string()
        } else if self.is_resolved() && to.is_open() {
            "use a \"reopened\" event, which records why the incident came back".to_string()
        } else if to == Status::Triage {
            "triage is only the first status; an incident comes back through \"reopened\""
                .to_string()
        } else if to == Status::Declined {
            "only an incident in triage can be declined; resolve it instead".to_string()
        } else {
            let allowed: Vec<&str> = self.next_statuses().iter().map(|s| s.as_str()).collect();
            if allowed.is_empty() {
                format!("{} allows no status change; reopen it first", self.as_str())
            } else {
                format!(
                    "from {} the allowed statuses are {}",
                    self.as_str(),
                    allowed.join(", ")
                )
            }
        };
        Err(IncidentError::InvalidTransition {
            event: event.to_string(),
            from: self,
            to,
            hint,
        })
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Status {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "IncidentStatus".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let names: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
        schemars::json_schema!({
            "type": "string",
            "description": "An incident status (see the transition table in docs/incident.md)",
            "enum": names,
        })
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = IncidentError;

    fn from_str(s: &str) -> Result<Status, IncidentError> {
        Status::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| IncidentError::UnknownStatus {
                status: s.chars().take(100).collect(),
            })
    }
}

impl Serialize for Status {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(crate::error::de_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        assert_eq!(Status::PostIncident.to_string(), "post_incident");
        for s in Status::ALL {
            assert_eq!(s.to_string(), s.as_str());
            assert_eq!(s.as_str().parse::<Status>().unwrap(), s);
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(serde_json::from_str::<Status>(&json).unwrap(), s);
        }
    }

    #[test]
    fn final_and_closed_statuses_allow_no_change() {
        for s in [Status::Closed, Status::Declined, Status::Merged] {
            assert!(s.next_statuses().is_empty(), "{s}");
        }
    }

    #[test]
    fn nothing_changes_back_to_triage_or_to_merged() {
        for s in Status::ALL {
            assert!(!s.may_change_to(Status::Triage), "{s}");
            assert!(!s.may_change_to(Status::Merged), "{s}");
            assert!(!s.may_change_to(s), "{s}");
        }
    }

    #[test]
    fn classification_is_a_partition() {
        for s in Status::ALL {
            let n = [s.is_open(), s.is_resolved(), s.is_final()]
                .iter()
                .filter(|b| **b)
                .count();
            assert_eq!(n, 1, "{s}");
        }
    }

    #[test]
    fn refusals_explain_what_to_do() {
        let e = Status::Resolved
            .check_change(Status::Investigating, "e9")
            .unwrap_err();
        assert_eq!(e.code(), "invalid_transition");
        let m = e.to_string();
        assert!(
            m.contains("resolved") && m.contains("investigating") && m.contains("reopened"),
            "{m}"
        );
        let m = Status::Investigating
            .check_change(Status::Merged, "e")
            .unwrap_err()
            .to_string();
        assert!(m.contains("\"merged\" event"), "{m}");
        let m = Status::Identified
            .check_change(Status::Declined, "e")
            .unwrap_err()
            .to_string();
        assert!(m.contains("only an incident in triage"), "{m}");
        let m = Status::Declined
            .check_change(Status::Investigating, "e")
            .unwrap_err()
            .to_string();
        assert!(m.contains("final"), "{m}");
        let m = Status::Resolved
            .check_change(Status::Resolved, "e")
            .unwrap_err()
            .to_string();
        assert!(m.contains("already resolved"), "{m}");
        let m = Status::Monitoring
            .check_change(Status::Triage, "e")
            .unwrap_err()
            .to_string();
        assert!(m.contains("only the first status"), "{m}");
        let m = Status::PostIncident
            .check_change(Status::Resolved, "e")
            .unwrap_err()
            .to_string();
        assert!(m.contains("allowed statuses are closed"), "{m}");
    }

    #[test]
    fn unknown_status_is_typed() {
        let e = crate::from_json::<Status>(&serde_json::json!("paused")).unwrap_err();
        assert_eq!(e.code(), "unknown_status");
        assert_eq!(e.module(), "incident");
    }
}
