//! A post-mortem drafted from an incident's events: everything the record knows is filled
//! in, and the sections only people can write are left as clearly marked prompts
//! (`> **TODO:** …`, which [`lint`](super::lint()) reports until they are replaced).
//!
//! | section | from |
//! |---|---|
//! | front matter | incident id, the most severe severity it held, service, start (first impact or detection), resolution, the policy's deadline and follow-up review date, responders |
//! | Summary | title, severity, service, detection and resolution times; a prompt |
//! | Impact | impact windows, time in each severity, time to acknowledge, mitigate and resolve, the SLA clocks; a prompt for users, revenue and credits |
//! | Timeline | [`incident::timeline`](crate::incident::timeline()) in the chosen zone |
//! | Responders | role holders with their times, participants, who acknowledged |
//! | Root cause | prompts for the technical and the process causes |
//! | Resolution | the status changes with their reasons; a prompt |
//! | Action items | the incident's follow-ups (owner and due date as recorded) |
//! | Lessons learned | prompts |

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::model::{
    ActionItem, ActionItems, ActionStatus, Lessons, Postmortem, PostmortemMeta, ReviewStatus,
    RootCause,
};
use super::policy::{requirement, PostmortemPolicy, Requirement};
use super::{render, PostmortemError};
use crate::incident::{
    replay, timeline, Event, Incident, IncidentConfig, IncidentFacts, IncidentSla, SlaReport,
    Status,
};
use crate::severity::Audience;
use crate::time::Zone;

/// How a prompt starts: a block quote with a bold `TODO:`.
pub const PROMPT: &str = "> **TODO:**";

fn prompt(question: &str) -> String {
    format!("{PROMPT} {question}")
}

/// Options of a draft.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DraftOptions {
    /// The zone times are shown in (default UTC).
    #[serde(default = "utc")]
    pub zone: Zone,
    /// The policy (deadline and review dates).
    #[serde(default)]
    pub policy: PostmortemPolicy,
    /// The post-mortem's owner (default: the incident commander at resolution, if any).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Services in addition to the incident's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<String>,
    /// Tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

fn utc() -> Zone {
    Zone::UTC
}

impl Default for DraftOptions {
    fn default() -> Self {
        DraftOptions {
            zone: Zone::UTC,
            policy: PostmortemPolicy::default(),
            owner: None,
            services: Vec::new(),
            tags: Vec::new(),
        }
    }
}

/// A draft: the post-mortem, its Markdown, and what the policy says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Draft {
    /// The draft as data.
    pub postmortem: Postmortem,
    /// The draft as Markdown.
    pub markdown: String,
    /// Whether a post-mortem is required, and its dates.
    pub requirement: Requirement,
    /// How many prompts are left for people to write.
    pub prompts: usize,
}

fn display(t: DateTime<Utc>, zone: Zone) -> String {
    zone.at(t).format("%Y-%m-%d %H:%M %Z").to_string()
}

/// Seconds as people read them in a timeline: `2d 4h`, `1h 25m`, `45s` (seconds only under
/// an hour), as the incident timeline writes durations.
fn duration(secs: i64) -> String {
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

/// Drafts a post-mortem from an incident's events at `now` (see the
/// [module documentation](self)). The incident must no longer be open.
///
/// ```
/// use watchstander::incident::{Event, IncidentConfig};
/// use watchstander::postmortem::{draft, lint, parse_document, DraftOptions, LintOptions};
/// use watchstander::time::{parse_instant, Zone};
/// let events: Vec<Event> = serde_json::from_value(serde_json::json!([
///   {"id": "1", "incident": "INC-7", "kind": "detected", "title": "Checkout errors", "severity": "SEV-2",
///    "service": "checkout", "occurred_at": "2026-11-26T10:00:00Z", "recorded_at": "2026-11-26T10:00:00Z", "actor": "alertmanager"},
///   {"id": "2", "incident": "INC-7", "kind": "acknowledged",
///    "occurred_at": "2026-11-26T10:07:00Z", "recorded_at": "2026-11-26T10:07:00Z", "actor": "bob"},
///   {"id": "3", "incident": "INC-7", "kind": "status_changed", "to": "resolved", "reason": "rolled back",
///    "occurred_at": "2026-11-26T10:40:00Z", "recorded_at": "2026-11-26T10:40:00Z", "actor": "bob"}
/// ])).unwrap();
/// let now = parse_instant("2026-11-26T12:00:00Z")?;
/// let options = DraftOptions { zone: Zone::parse("Europe/Berlin")?, ..DraftOptions::default() };
/// let d = draft(&IncidentConfig::default(), &events, now, &options)?;
/// assert!(d.requirement.required);
/// assert!(d.markdown.contains("| 2026-11-26 11:07 CET | bob | bob acknowledged (7m after detection) |"));
/// // The prompts are findings until people write those sections.
/// let findings = lint(&parse_document(&d.markdown)?, &LintOptions::at(now))?;
/// assert_eq!(findings.iter().filter(|f| f.code == "unwritten_prompt").count(), d.prompts);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn draft(
    config: &IncidentConfig,
    events: &[Event],
    now: DateTime<Utc>,
    options: &DraftOptions,
) -> Result<Draft, PostmortemError> {
    let config = config.clone().validate()?;
    let incident = replay(&config, events)?;
    if incident.status.is_open() {
        return Err(PostmortemError::NotResolved {
            incident: incident.id.clone(),
            status: incident.status.as_str().to_string(),
        });
    }
    let facts = IncidentFacts::at(&incident, &config, now)?;
    let sla = IncidentSla::at(&incident, &config, now)?;
    let tl = timeline(&config, events, options.zone, Audience::Internal)?;
    let req = requirement(&options.policy, &incident)?;
    let zone = options.zone;
    let name = |id: &str| config.display_name(id).to_string();
    let worst = incident
        .severity_history
        .iter()
        .map(|p| p.severity.as_str())
        .min_by_key(|s| config.severity_policy.level(s).map_or(u8::MAX, |l| l.rank))
        .unwrap_or(&incident.severity)
        .to_string();
    let end = incident.ended_at().unwrap_or(now);

    let mut responders: BTreeSet<String> = BTreeSet::new();
    responders.extend(incident.participants.keys().map(|p| name(p)));
    responders.extend(incident.acknowledgements.iter().map(|a| name(&a.by)));
    for (_, record) in incident.roles.iter() {
        responders.extend(record.tenures().iter().map(|t| name(&t.person)));
    }
    let commander = incident
        .roles
        .holders_at("incident_commander", end)
        .first()
        .map(|p| name(p))
        .or_else(|| {
            incident
                .roles
                .record("incident_commander")
                .and_then(|r| r.tenures().last())
                .map(|t| name(&t.person))
        });
    let mut services: Vec<String> = incident.service.iter().cloned().collect();
    for s in &options.services {
        if !services.contains(s) {
            services.push(s.clone());
        }
    }
    let started_at = incident.impact.first().map_or(incident.detected_at, |w| {
        w.started_at.min(incident.detected_at)
    });
    let meta = PostmortemMeta {
        incident: Some(incident.id.clone()),
        title: None,
        severity: Some(worst.clone()),
        status: Some(ReviewStatus::Draft),
        owner: options.owner.clone().or(commander),
        authors: Vec::new(),
        services,
        tags: options.tags.clone(),
        root_cause_categories: Vec::new(),
        started_at: Some(started_at),
        resolved_at: incident.resolved_at(),
        due: req.due,
        review_on: req.review_on,
        responders: responders.into_iter().collect(),
    };

    let summary = format!(
        "{} ({worst}{}): detected {}, {} {} after {}.\n\n{}",
        incident.title,
        incident
            .service
            .as_deref()
            .map(|s| format!(", {s}"))
            .unwrap_or_default(),
        display(incident.detected_at, zone),
        match incident.status {
            Status::Declined => "declined",
            Status::Merged => "merged",
            _ => "resolved",
        },
        display(end, zone),
        duration((end - incident.detected_at).num_seconds()),
        prompt("In two or three sentences: what happened, who was affected, and how service was restored.")
    );

    let postmortem = Postmortem {
        meta,
        title: incident.title.clone(),
        intro: String::new(),
        summary: Some(summary),
        impact: Some(impact(&incident, &facts, &sla, zone, end)),
        timeline: Some(tl.to_markdown().trim_end().to_string()),
        responders: Some(responders_section(&incident, &config, zone)),
        root_cause: Some(RootCause {
            intro: String::new(),
            technical: Some(prompt("What in the system failed, and why? Describe the conditions — a latent bug, a limit, a default, a dependency — that made the failure possible.")),
            process: Some(prompt("What in how we work let it happen, spread or last? Think of reviews, tests, alerts, runbooks and deploys.")),
        }),
        resolution: Some(resolution(&incident, &config, zone)),
        action_items: Some(ActionItems {
            items: incident
                .follow_ups
                .iter()
                .map(|f| ActionItem {
                    title: crate::document::single_line(&f.title),
                    owner: f.owner.as_deref().map(name),
                    due: f.due,
                    priority: None,
                    status: ActionStatus::Open,
                    ticket: None,
                })
                .collect(),
            notes: prompt("Add an action item for each cause: a change to the system (a guard, a check, an alert), with an owner and a due date."),
        }),
        lessons: Some(Lessons {
            intro: String::new(),
            went_well: Some(prompt("What helped: tools, signals, people, practices worth keeping?")),
            needs_improvement: Some(prompt("Where was time lost, or what was confusing or missing?")),
            lucky: None,
        }),
        other_sections: Vec::new(),
    };
    let markdown = render(&postmortem);
    let prompts = markdown.matches(PROMPT).count();
    Ok(Draft {
        postmortem,
        markdown,
        requirement: req,
        prompts,
    })
}

fn sla_text(r: &SlaReport, zone: Zone) -> String {
    let target = match &r.target {
        Some(t) => format!("{} target {t}", r.severity),
        None => return format!("no target at {}", r.severity),
    };
    if r.breached {
        match r.breached_at {
            Some(at) => format!("breached at {} ({target})", display(at, zone)),
            None => format!("breached ({target})"),
        }
    } else if r.met == Some(true) {
        format!("met ({target})")
    } else {
        format!("running ({target})")
    }
}

fn impact(
    incident: &Incident,
    facts: &IncidentFacts,
    sla: &IncidentSla,
    zone: Zone,
    end: DateTime<Utc>,
) -> String {
    let mut rows: Vec<(String, String)> = Vec::new();
    let customer = if incident.impact.is_empty() {
        "none recorded".to_string()
    } else {
        duration(facts.impact_seconds)
    };
    rows.push(("Customer impact".into(), customer));
    let mut order: Vec<String> = Vec::new();
    let mut seconds: std::collections::HashMap<String, i64> = Default::default();
    for p in &incident.severity_history {
        let until = p.until.unwrap_or(end).min(end);
        if !order.contains(&p.severity) {
            order.push(p.severity.clone());
        }
        *seconds.entry(p.severity.clone()).or_default() += (until - p.from).num_seconds().max(0);
    }
    for s in order {
        rows.push((
            format!("Time in {s}"),
            duration(seconds.get(&s).copied().unwrap_or(0)),
        ));
    }
    let opt = |v: Option<i64>| v.map_or_else(|| "—".to_string(), duration);
    rows.push((
        "Time to acknowledge".into(),
        opt(facts.time_to_acknowledge_seconds),
    ));
    rows.push((
        "Time to mitigate".into(),
        opt(facts.time_to_mitigate_seconds),
    ));
    rows.push(("Time to resolve".into(), opt(facts.time_to_resolve_seconds)));
    rows.push(("Response SLA".into(), sla_text(&sla.response, zone)));
    rows.push(("Resolve SLA".into(), sla_text(&sla.resolve, zone)));
    let mut out = String::from("| Measure | Value |\n|---|---|\n");
    for (k, v) in rows {
        out.push_str(&format!(
            "| {} | {} |\n",
            k,
            crate::document::escape_cell(&v)
        ));
    }
    if !incident.impact.is_empty() {
        out.push_str("\nImpact windows:\n\n");
        for w in &incident.impact {
            let until = w
                .ended_at
                .map_or_else(|| "ongoing".to_string(), |e| display(e, zone));
            out.push_str(&format!("- {} to {}", display(w.started_at, zone), until));
            if let Some(d) = w.description.as_deref().filter(|d| !d.trim().is_empty()) {
                out.push_str(&format!(": {}", crate::document::single_line(d)));
            }
            out.push('\n');
        }
    }
    out.push('\n');
    out.push_str(&prompt("How many users were affected, what did it cost, and are SLA credits owed? Give exact numbers."));
    out
}

fn responders_section(incident: &Incident, config: &IncidentConfig, zone: Zone) -> String {
    let name = |id: &str| config.display_name(id).to_string();
    let mut lines = Vec::new();
    for (role, record) in incident.roles.iter() {
        let role_name = config.role(role).map_or(role, |d| d.name.as_str());
        let holders: Vec<String> = record
            .tenures()
            .iter()
            .map(|t| format!("{} (from {})", name(&t.person), display(t.from, zone)))
            .collect();
        lines.push(format!("- {role_name}: {}", holders.join(", ")));
    }
    if !incident.participants.is_empty() {
        let people: Vec<String> = incident.participants.keys().map(|p| name(p)).collect();
        lines.push(format!("- Participants: {}", people.join(", ")));
    }
    if let Some(a) = incident.first_acknowledgement() {
        lines.push(format!(
            "- Acknowledged by: {} at {}",
            name(&a.by),
            display(a.at, zone)
        ));
    }
    if lines.is_empty() {
        lines.push(format!("- Detected by: {}", name(&incident.detected_by)));
    }
    lines.join("\n")
}

fn resolution(incident: &Incident, config: &IncidentConfig, zone: Zone) -> String {
    let mut lines = Vec::new();
    for p in incident.status_history.iter().skip(1) {
        let mut l = format!(
            "- {}: {} changed the status to {}",
            display(p.from, zone),
            config.display_name(&p.actor),
            p.status.label()
        );
        if let Some(r) = p.reason.as_deref().filter(|r| !r.trim().is_empty()) {
            l.push_str(&format!(": {}", crate::document::single_line(r)));
        }
        lines.push(l);
    }
    lines.push(String::new());
    lines.push(prompt(
        "What restored service? If a temporary fix is in place, what is the long-term fix?",
    ));
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::duration;

    #[test]
    fn durations_read_like_the_timeline() {
        assert_eq!(duration(0), "0s");
        assert_eq!(duration(45), "45s");
        assert_eq!(duration(25 * 60 + 5), "25m 5s");
        assert_eq!(duration(3600 + 25 * 60 + 5), "1h 25m");
        assert_eq!(duration(2 * 86_400 + 4 * 3600 + 59), "2d 4h");
        assert_eq!(duration(-5), "0s");
    }
}
