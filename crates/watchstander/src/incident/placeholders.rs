//! The values of status-update placeholders (see [`render`](super::render) for the table),
//! and the rule that keeps internal information out of external updates.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::render::UpdateRequest;
use super::template::is_placeholder_name;
use super::{war_room_name, Incident, IncidentConfig, IncidentError};
use crate::severity::Audience;
use crate::time::Zone;

/// Placeholders every audience may use.
pub const PUBLIC_PLACEHOLDERS: [&str; 15] = [
    "incident_id",
    "title",
    "service",
    "status",
    "status_label",
    "public_status",
    "severity",
    "severity_name",
    "detected_at",
    "now",
    "duration",
    "impact",
    "next_update_at",
    "message",
    "audience",
];

/// Placeholders that show internal information (not for the external audience), besides
/// `role.<id>`.
pub const INTERNAL_PLACEHOLDERS: [&str; 7] = [
    "summary",
    "alerts",
    "latest_note",
    "war_room",
    "acknowledged_by",
    "participants",
    "follow_ups",
];

/// A time as people read it in `zone`: `2026-11-26 10:05 GMT`.
pub(crate) fn local_display(t: DateTime<Utc>, zone: Zone) -> String {
    zone.at(t).format("%Y-%m-%d %H:%M %Z").to_string()
}

/// Seconds as `2d 4h`, `1h 25m`, `45s`.
pub(crate) fn human_duration(secs: i64) -> String {
    let s = secs.max(0);
    let (d, h, m, r) = (s / 86_400, (s % 86_400) / 3600, (s % 3600) / 60, s % 60);
    let mut parts = Vec::new();
    if d > 0 {
        parts.push(format!("{d}d"));
    }
    if h > 0 {
        parts.push(format!("{h}h"));
    }
    if m > 0 {
        parts.push(format!("{m}m"));
    }
    if r > 0 && d == 0 && h == 0 {
        parts.push(format!("{r}s"));
    }
    if parts.is_empty() {
        "0s".to_string()
    } else {
        parts.join(" ")
    }
}

fn audience_name(a: Audience) -> &'static str {
    match a {
        Audience::Internal => "internal",
        Audience::Executive => "executive",
        Audience::External => "external",
    }
}

pub(crate) struct Context<'a> {
    pub(crate) incident: &'a Incident,
    pub(crate) config: &'a IncidentConfig,
    pub(crate) request: &'a UpdateRequest,
}

impl Context<'_> {
    fn known(&self) -> Vec<String> {
        let mut out: Vec<String> = PUBLIC_PLACEHOLDERS.iter().map(|s| s.to_string()).collect();
        if self.request.audience != Audience::External {
            out.extend(INTERNAL_PLACEHOLDERS.iter().map(|s| s.to_string()));
            out.extend(self.config.roles.iter().map(|r| format!("role.{}", r.id)));
        }
        out.extend(self.request.fields.keys().cloned());
        out
    }

    fn names(&self, ids: impl Iterator<Item = impl AsRef<str>>) -> String {
        ids.map(|p| self.config.display_name(p.as_ref()).to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub(crate) fn value(&self, name: &str) -> Result<String, IncidentError> {
        let inc = self.incident;
        let req = self.request;
        let zone = req.zone;
        let internal = INTERNAL_PLACEHOLDERS.contains(&name) || name.starts_with("role.");
        if internal && req.audience == Audience::External {
            let known_role = name
                .strip_prefix("role.")
                .is_none_or(|r| self.config.roles.iter().any(|d| d.id == r));
            if known_role {
                return Err(IncidentError::InternalPlaceholder {
                    name: name.to_string(),
                    audience: audience_name(req.audience).to_string(),
                });
            }
        }
        let policy = &self.config.severity_policy;
        Ok(match name {
            "incident_id" => inc.id.clone(),
            "title" => inc.title.clone(),
            "service" => inc.service.clone().unwrap_or_default(),
            "status" => inc.status.as_str().to_string(),
            "status_label" => inc.status.label().to_string(),
            "public_status" => inc.status.public_label().to_string(),
            "severity" => inc.severity.clone(),
            "severity_name" => policy
                .level(&inc.severity)
                .map(|l| l.name.clone())
                .unwrap_or_default(),
            "detected_at" => local_display(inc.detected_at, zone),
            "now" => local_display(req.now, zone),
            "duration" => {
                let end = inc.ended_at().unwrap_or(req.now);
                human_duration((end - inc.detected_at).num_seconds())
            }
            "impact" => match (inc.impact.first(), inc.impact.last()) {
                (None, _) | (_, None) => "none recorded".to_string(),
                (Some(_), Some(last)) => match last.ended_at {
                    None => format!("ongoing since {}", local_display(last.started_at, zone)),
                    Some(end) => {
                        let total: i64 = inc
                            .impact
                            .iter()
                            .map(|w| (w.ended_at.unwrap_or(end) - w.started_at).num_seconds())
                            .sum();
                        format!(
                            "ended {}, lasted {}",
                            local_display(end, zone),
                            human_duration(total)
                        )
                    }
                },
            },
            "next_update_at" => {
                let every = policy.level(&inc.severity).ok().and_then(|l| {
                    l.updates
                        .iter()
                        .find(|u| u.audience == req.audience)
                        .map(|u| u.every)
                });
                match every {
                    Some(every) if inc.status.is_open() => {
                        crate::time::checked_add(req.now, every.to_fixed()?)
                            .map(|t| local_display(t, zone))
                            .unwrap_or_default()
                    }
                    _ => String::new(),
                }
            }
            "message" => req.message.clone(),
            "audience" => audience_name(req.audience).to_string(),
            "summary" => inc.summary.clone().unwrap_or_default(),
            "alerts" => inc.alerts.join(", "),
            "latest_note" => inc.notes.last().map(|n| n.text.clone()).unwrap_or_default(),
            "war_room" => war_room_name(
                &self.config.war_room,
                inc.detected_at,
                &inc.title,
                &inc.id,
                &[],
            )?,
            "acknowledged_by" => inc
                .first_acknowledgement()
                .map(|a| self.config.display_name(&a.by).to_string())
                .unwrap_or_default(),
            "participants" => self.names(inc.current_participants().into_iter()),
            "follow_ups" => inc
                .follow_ups
                .iter()
                .map(|f| f.title.as_str())
                .collect::<Vec<_>>()
                .join("; "),
            other => {
                if let Some(v) = req.fields.get(other) {
                    v.clone()
                } else if let Some(role) = other
                    .strip_prefix("role.")
                    .filter(|r| self.config.roles.iter().any(|d| d.id == *r))
                {
                    let holders = inc.roles.holders(role);
                    if holders.is_empty() {
                        "unassigned".to_string()
                    } else {
                        self.names(holders.into_iter())
                    }
                } else {
                    return Err(IncidentError::UnknownPlaceholder {
                        name: other.to_string(),
                        known: self.known(),
                    });
                }
            }
        })
    }
}

pub(crate) fn check_fields(fields: &BTreeMap<String, String>) -> Result<(), IncidentError> {
    for name in fields.keys() {
        let reason = if !is_placeholder_name(name) {
            "use lowercase letters, digits and '_', e.g. \"affected_customers\""
        } else if PUBLIC_PLACEHOLDERS.contains(&name.as_str())
            || INTERNAL_PLACEHOLDERS.contains(&name.as_str())
            || name.starts_with("role.")
        {
            "it is a built-in placeholder; pick another name"
        } else {
            continue;
        };
        return Err(IncidentError::InvalidField {
            name: name.chars().take(80).collect(),
            reason: reason.to_string(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_durations() {
        assert_eq!(human_duration(0), "0s");
        assert_eq!(human_duration(45), "45s");
        assert_eq!(human_duration(3600 + 25 * 60 + 7), "1h 25m");
        assert_eq!(human_duration(2 * 86_400 + 4 * 3600), "2d 4h");
        assert_eq!(human_duration(-5), "0s");
    }

    #[test]
    fn field_names_are_checked() {
        let mut f = BTreeMap::new();
        f.insert("title".to_string(), "x".to_string());
        assert_eq!(check_fields(&f).unwrap_err().code(), "invalid_field");
        let mut f = BTreeMap::new();
        f.insert("Bad Name".to_string(), "x".to_string());
        assert_eq!(check_fields(&f).unwrap_err().code(), "invalid_field");
        let mut f = BTreeMap::new();
        f.insert("role.scribe".to_string(), "x".to_string());
        assert_eq!(check_fields(&f).unwrap_err().code(), "invalid_field");
        let mut f = BTreeMap::new();
        f.insert("affected_customers".to_string(), "1 200".to_string());
        assert!(check_fields(&f).is_ok());
    }
}
