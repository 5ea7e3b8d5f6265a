//! The human-readable timeline: every event, in fold order, as a sentence with its time in a
//! chosen IANA zone. Post-mortems start from it.
//!
//! Entries are in the same order as the fold (see [`fold`](super::fold)), so a late event shows
//! where it happened, not where it was recorded; `recorded_at` is kept on each entry, and
//! `late` marks events recorded after an event that occurred later.
//!
//! For the **external** audience the timeline keeps only what customers may see — detection,
//! status changes (in status-page wording), customer impact, merges, reopenings and external
//! status updates — and names nobody. Internal notes, roles, participants, acknowledgements,
//! severity changes and internal or executive updates are left out.
//!
//! ```
//! use watchstander::incident::{timeline, Event, IncidentConfig};
//! use watchstander::severity::Audience;
//! use watchstander::time::Zone;
//! let events: Vec<Event> = serde_json::from_value(serde_json::json!([
//!   {"id": "1", "incident": "I", "kind": "detected", "title": "Payments latency", "severity": "SEV-2",
//!    "occurred_at": "2026-07-01T09:00:00Z", "recorded_at": "2026-07-01T09:00:00Z", "actor": "alertmanager"},
//!   {"id": "2", "incident": "I", "kind": "note", "text": "looks like the DB",
//!    "occurred_at": "2026-07-01T09:03:00Z", "recorded_at": "2026-07-01T09:03:00Z", "actor": "alice"}
//! ])).unwrap();
//! let t = timeline(&IncidentConfig::default(), &events, Zone::parse("Europe/London")?, Audience::Internal)?;
//! assert_eq!(t.entries[0].display, "2026-07-01 10:00 BST");
//! assert_eq!(t.entries[1].text, "alice noted: looks like the DB");
//! let public = timeline(&IncidentConfig::default(), &events, Zone::UTC, Audience::External)?;
//! assert_eq!(public.entries.len(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use chrono::{DateTime, Timelike, Utc};
use serde::{Deserialize, Serialize};

use super::apply::FoldState;
use super::fold::{detection_of, ordered};
use super::placeholders::human_duration;
use super::{Event, EventKind, Incident, IncidentConfig, IncidentError, Status};
use crate::severity::Audience;
use crate::time::Zone;

/// One line of the timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TimelineEntry {
    /// When it happened (UTC).
    pub at: DateTime<Utc>,
    /// The same instant in the timeline's zone, RFC 3339 with offset.
    pub local: String,
    /// For people: `2026-11-26 10:05 GMT` (seconds shown when not zero).
    pub display: String,
    /// The event id.
    pub event: String,
    /// The event kind.
    pub kind: String,
    /// Who did it (empty for the external audience).
    pub actor: String,
    /// Their display name (empty for the external audience).
    pub actor_name: String,
    /// What happened, as a sentence.
    pub text: String,
    /// The status after the event (`None` before detection).
    pub status: Option<Status>,
    /// The severity after the event (`None` before detection; not shown externally).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
    /// Recorded after an event that occurred later (it arrived late).
    pub late: bool,
}

/// A timeline in a zone, for an audience.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Timeline {
    /// The incident id.
    pub incident: String,
    /// The zone times are shown in.
    pub zone: Zone,
    /// Who it is for.
    pub audience: Audience,
    /// The entries, in order.
    pub entries: Vec<TimelineEntry>,
}

fn display(t: DateTime<Utc>, zone: Zone) -> String {
    let z = zone.at(t);
    if z.second() == 0 && z.nanosecond() == 0 {
        z.format("%Y-%m-%d %H:%M %Z").to_string()
    } else {
        z.format("%Y-%m-%d %H:%M:%S %Z").to_string()
    }
}

/// What the timeline needs to know of the state before an event.
struct Before {
    status: Option<Status>,
    severity: Option<String>,
    handed_over_by: Vec<String>,
    impact_since: Option<DateTime<Utc>>,
    roles_left: Vec<String>,
    first_ack: bool,
}

fn before(state: &FoldState, config: &IncidentConfig, e: &Event) -> Before {
    let inc: Option<&Incident> = state.incident();
    let impact_since = match state {
        FoldState::Detected(i) => i.impact_ongoing_since(),
        FoldState::Undetected { impact, .. } => impact
            .last()
            .filter(|w| w.ended_at.is_none())
            .map(|w| w.started_at),
    };
    let handed_over_by = match (&e.kind, inc) {
        (EventKind::RoleAssigned { role, .. }, Some(i))
            if config.role(role).is_ok_and(|d| d.exclusive) =>
        {
            i.roles
                .holders(role)
                .into_iter()
                .map(str::to_string)
                .collect()
        }
        _ => Vec::new(),
    };
    let roles_left = match (&e.kind, inc) {
        (EventKind::ParticipantLeft { person }, Some(i)) => i
            .roles
            .roles_of(person)
            .into_iter()
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    };
    Before {
        status: inc.map(|i| i.status),
        severity: inc.map(|i| i.severity.clone()),
        handed_over_by,
        impact_since,
        roles_left,
        first_ack: inc.is_some_and(|i| i.acknowledgements.is_empty()),
    }
}

fn role_name<'a>(config: &'a IncidentConfig, role: &'a str) -> &'a str {
    config.role(role).map_or(role, |d| d.name.as_str())
}

fn internal_text(
    config: &IncidentConfig,
    e: &Event,
    b: &Before,
    detected_at: Option<DateTime<Utc>>,
) -> String {
    let name = |id: &str| config.display_name(id).to_string();
    let actor = name(&e.actor);
    let with_reason = |s: String, r: &Option<String>| match r {
        Some(r) if !r.trim().is_empty() => format!("{s}: {r}"),
        _ => s,
    };
    match &e.kind {
        EventKind::Detected {
            title,
            severity,
            alerts,
            ..
        } => {
            let mut s = format!("Detected by {actor}: {title} ({severity})");
            if !alerts.is_empty() {
                s.push_str(&format!("; alerts {}", alerts.join(", ")));
            }
            s
        }
        EventKind::Acknowledged {} => match (b.first_ack, detected_at) {
            (true, Some(d)) => format!(
                "{actor} acknowledged ({} after detection)",
                human_duration((e.occurred_at - d).num_seconds())
            ),
            _ => format!("{actor} acknowledged"),
        },
        EventKind::StatusChanged { to, reason, .. } => with_reason(
            format!(
                "{actor} changed the status from {} to {}",
                b.status.map_or("—", |s| s.label()),
                to.label()
            ),
            reason,
        ),
        EventKind::SeverityChanged { to, reason, .. } => {
            let policy = &config.severity_policy;
            let from = b.severity.clone().unwrap_or_default();
            let direction = match (policy.level(&from), policy.level(to)) {
                // (Ranks are unique and a change to the same level is refused, so `<` and
                // `<=` are the same here: an equivalent mutant.)
                (Ok(a), Ok(z)) if z.rank < a.rank => "upgrade",
                (Ok(_), Ok(_)) => "downgrade",
                _ => "change",
            };
            format!("{actor} changed the severity from {from} to {to} ({direction}): {reason}")
        }
        EventKind::RoleAssigned { role, person } => {
            let mut s = format!("{} became {}", name(person), role_name(config, role));
            if e.actor != *person {
                s.push_str(&format!(" (assigned by {actor})"));
            }
            if !b.handed_over_by.is_empty() {
                let from: Vec<String> = b.handed_over_by.iter().map(|p| name(p)).collect();
                s.push_str(&format!(", taking over from {}", from.join(", ")));
            }
            s
        }
        EventKind::RoleReleased { role, person } => {
            format!("{} is no longer {}", name(person), role_name(config, role))
        }
        EventKind::ParticipantJoined { person } => format!("{} joined", name(person)),
        EventKind::ParticipantLeft { person } => {
            if b.roles_left.is_empty() {
                format!("{} left", name(person))
            } else {
                let roles: Vec<&str> = b.roles_left.iter().map(|r| role_name(config, r)).collect();
                format!("{} left, giving up {}", name(person), roles.join(", "))
            }
        }
        EventKind::ImpactStarted { description } => impact_began(description),
        EventKind::ImpactEnded {} => match b.impact_since {
            Some(s) => format!(
                "Customer impact ended (lasted {})",
                human_duration((e.occurred_at - s).num_seconds())
            ),
            None => "Customer impact ended".to_string(),
        },
        EventKind::StatusUpdatePosted { audience, text } => {
            let a = match audience {
                Audience::Internal => "internal",
                Audience::Executive => "executive",
                Audience::External => "external",
            };
            format!("{actor} posted an {a} update: {text}")
        }
        EventKind::Note { text } => format!("{actor} noted: {text}"),
        EventKind::Merged { into } => format!("{actor} merged this incident into {into}"),
        EventKind::Reopened { to, reason } => format!(
            "{actor} reopened the incident ({} → {}): {reason}",
            b.status.map_or("—", |s| s.label()),
            to.label()
        ),
        EventKind::FollowUpCreated { title, owner, due } => {
            let mut s = format!("{actor} created follow-up \"{title}\"");
            if let Some(o) = owner {
                s.push_str(&format!(" for {}", name(o)));
            }
            if let Some(d) = due {
                s.push_str(&format!(", due {d}"));
            }
            s
        }
    }
}

/// "Customer impact began", with the description if there is one (for every audience).
fn impact_began(description: &Option<String>) -> String {
    match description {
        Some(d) if !d.trim().is_empty() => format!("Customer impact began: {d}"),
        _ => "Customer impact began".to_string(),
    }
}

/// The customer-facing sentence for an event, or `None` if customers do not see it.
fn external_text(e: &Event, b: &Before) -> Option<String> {
    Some(match &e.kind {
        EventKind::Detected { title, .. } => format!("Incident opened: {title}"),
        EventKind::StatusChanged { to, .. } => {
            let before = b.status.map(|s| s.public_label());
            if before == Some(to.public_label()) {
                return None;
            }
            to.public_label().to_string()
        }
        EventKind::ImpactStarted { description } => impact_began(description),
        EventKind::ImpactEnded {} => "Customer impact ended".to_string(),
        EventKind::StatusUpdatePosted {
            audience: Audience::External,
            text,
        } => format!("Update: {text}"),
        EventKind::Merged { .. } => "Now tracked as part of another incident".to_string(),
        EventKind::Reopened { to, .. } => format!("Reopened: {}", to.public_label()),
        _ => return None,
    })
}

/// The timeline of a history, in `zone`, for `audience` (see the [module documentation](self)).
pub fn timeline(
    config: &IncidentConfig,
    events: &[Event],
    zone: Zone,
    audience: Audience,
) -> Result<Timeline, IncidentError> {
    let sorted = ordered(events)?;
    let detection = detection_of(&sorted);
    let mut state = FoldState::default();
    let mut entries = Vec::with_capacity(sorted.len());
    // The latest occurred_at among events recorded before each event, for `late`.
    let mut by_recording: Vec<&Event> = sorted.clone();
    by_recording.sort_by(|a, b| (a.recorded_at, &a.id).cmp(&(b.recorded_at, &b.id)));
    let mut latest_seen: std::collections::HashMap<&str, DateTime<Utc>> =
        std::collections::HashMap::with_capacity(by_recording.len());
    let mut max_occurred: Option<DateTime<Utc>> = None;
    for e in &by_recording {
        if let Some(m) = max_occurred {
            latest_seen.insert(e.id.as_str(), m);
        }
        max_occurred = Some(max_occurred.map_or(e.occurred_at, |m| m.max(e.occurred_at)));
    }
    for e in &sorted {
        let b = before(&state, config, e);
        let detected_at = state.incident().map(|i| i.detected_at);
        state.apply(config, detection, e)?;
        let text = match audience {
            Audience::External => match external_text(e, &b) {
                Some(t) => t,
                None => continue,
            },
            _ => internal_text(config, e, &b, detected_at),
        };
        let after = state.incident();
        entries.push(TimelineEntry {
            at: e.occurred_at,
            local: zone.at(e.occurred_at).to_rfc3339(),
            display: display(e.occurred_at, zone),
            event: e.id.clone(),
            kind: e.kind.name().to_string(),
            actor: if audience == Audience::External {
                String::new()
            } else {
                e.actor.clone()
            },
            actor_name: if audience == Audience::External {
                String::new()
            } else {
                config.display_name(&e.actor).to_string()
            },
            text,
            status: after.map(|i| i.status),
            severity: if audience == Audience::External {
                None
            } else {
                after.map(|i| i.severity.clone())
            },
            recorded_at: e.recorded_at,
            late: latest_seen
                .get(e.id.as_str())
                .is_some_and(|m| *m > e.occurred_at),
        });
    }
    let incident = match state.incident() {
        Some(i) => i.id.clone(),
        None => {
            return Err(IncidentError::NotDetected {
                event: sorted.first().map(|e| e.id.clone()).unwrap_or_default(),
                kind: sorted
                    .first()
                    .map(|e| e.kind.name().to_string())
                    .unwrap_or_else(|| "none".to_string()),
            })
        }
    };
    Ok(Timeline {
        incident,
        zone,
        audience,
        entries,
    })
}

impl Timeline {
    /// The timeline as a Markdown table (for post-mortem documents): time, who and what (no
    /// "who" column for the external audience). Every cell is escaped as Markdown on one line
    /// ([`table_cell`](super::table_cell)): a title, note or update cannot become a link, an
    /// HTML tag or a new row.
    pub fn to_markdown(&self) -> String {
        let cell = super::escape::table_cell;
        let external = self.audience == Audience::External;
        let mut out = if external {
            format!("| Time ({}) | What |\n|---|---|\n", self.zone)
        } else {
            format!("| Time ({}) | Who | What |\n|---|---|---|\n", self.zone)
        };
        for e in &self.entries {
            if external {
                out.push_str(&format!("| {} | {} |\n", cell(&e.display), cell(&e.text)));
            } else {
                out.push_str(&format!(
                    "| {} | {} | {} |\n",
                    cell(&e.display),
                    cell(&e.actor_name),
                    cell(&e.text)
                ));
            }
        }
        out
    }
}
