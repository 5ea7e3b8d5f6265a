//! Status updates rendered from [templates](super::template) into Markdown, plain text, Slack
//! Block Kit JSON and Microsoft Teams Adaptive Card JSON.
//!
//! A [`StatusTemplate`] has a title, a body and a list of facts (label + value template). Each
//! audience has a default ([`StatusTemplate::default_for`]); callers may pass their own.
//!
//! # Placeholders
//!
//! | placeholder          | value                                                           | audiences |
//! |----------------------|-----------------------------------------------------------------|-----------|
//! | `{incident_id}`      | the incident id                                                 | all |
//! | `{title}`            | the title from detection                                        | all |
//! | `{service}`          | the affected service (empty if none)                            | all |
//! | `{status}`           | status id, e.g. `post_incident`                                 | all |
//! | `{status_label}`     | status for people, e.g. `Post-incident`                         | all |
//! | `{public_status}`    | status-page wording: Investigating, Identified, Monitoring, Resolved | all |
//! | `{severity}`         | severity id, e.g. `SEV-2`                                       | all |
//! | `{severity_name}`    | severity name, e.g. `High`                                      | all |
//! | `{detected_at}`      | detection time in the chosen zone                               | all |
//! | `{now}`              | the update's time in the chosen zone                            | all |
//! | `{duration}`         | detection → now (or → resolution), e.g. `1h 25m`                | all |
//! | `{impact}`           | customer impact: `ongoing since …`, `ended …, lasted …`, `none recorded` | all |
//! | `{next_update_at}`   | when this audience hears next (now + its interval; empty once the incident is not open) | all |
//! | `{message}`          | the text passed with the request                                | all |
//! | `{audience}`         | `internal`, `executive` or `external`                           | all |
//! | `{summary}`          | the internal description from detection                         | internal, executive |
//! | `{alerts}`           | source alert ids                                                | internal, executive |
//! | `{latest_note}`      | the latest internal note                                        | internal, executive |
//! | `{war_room}`         | the war-room name                                               | internal, executive |
//! | `{acknowledged_by}`  | who acknowledged first                                          | internal, executive |
//! | `{participants}`     | who takes part now                                              | internal, executive |
//! | `{follow_ups}`       | follow-up titles                                                | internal, executive |
//! | `{role.<id>}`        | who holds a configured role, or `unassigned`                    | internal, executive |
//!
//! Caller-supplied `fields` add placeholders of their own (they may not reuse these names).
//! **External audiences never see internal information**: a template for the external audience
//! that uses an internal placeholder is refused with
//! [`InternalPlaceholder`](super::IncidentError::InternalPlaceholder), before anything is
//! rendered — notes, people and alert ids cannot reach a status page by accident.
//!
//! # Escaping
//!
//! Literal template text is the template author's and goes through unchanged (so authors may
//! use each format's markup). **Values are escaped for the target format**, so an incident
//! title can never become markup: Markdown backslash-escapes `` \ ` * _ [ ] < > # | ~ & `` and a
//! leading `-`/`+`; Slack escapes `&`, `<`, `>` (so `<!channel>` in a title cannot ping
//! anyone); Teams backslash-escapes `` \ ` * _ [ ] ( ) ~ ``. The Slack header block is
//! `plain_text`, so its values are not escaped. Facts whose value is empty are left out.
//! Slack limits are respected: header ≤ 150 characters, section text ≤ 3000, at most 10
//! fields of ≤ 2000 (longer text is cut and ends with `…`).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::template::is_placeholder_name;
use super::{war_room_name, Incident, IncidentConfig, IncidentError, Template};
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

/// A labelled value in a status update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FactTemplate {
    /// The label (literal text).
    pub label: String,
    /// The value.
    pub value: Template,
}

/// A status-update template: title, body and facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusTemplate {
    /// The headline.
    pub title: Template,
    /// The main text (default `{message}`).
    #[serde(default = "message_body")]
    pub body: Template,
    /// Labelled values shown under the body.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<FactTemplate>,
}

fn message_body() -> Template {
    Template::built_in("{message}")
}

fn t(source: &'static str) -> Template {
    Template::built_in(source)
}

fn fact(label: &str, value: &'static str) -> FactTemplate {
    FactTemplate {
        label: label.to_string(),
        value: t(value),
    }
}

impl StatusTemplate {
    /// The default template for an audience. The internal and executive ones name the incident
    /// commander when the configuration has an `incident_commander` role.
    pub fn default_for(audience: Audience, config: &IncidentConfig) -> StatusTemplate {
        let commander = config.roles.iter().any(|r| r.id == "incident_commander");
        let mut facts = Vec::new();
        match audience {
            Audience::Internal | Audience::Executive => {
                facts.push(fact("Status", "{status_label}"));
                facts.push(fact("Severity", "{severity} ({severity_name})"));
                if commander {
                    facts.push(fact("Commander", "{role.incident_commander}"));
                }
                facts.push(fact("Customer impact", "{impact}"));
                if audience == Audience::Executive {
                    facts.push(fact("Started", "{detected_at}"));
                }
                facts.push(fact("Duration", "{duration}"));
                facts.push(fact("Next update", "{next_update_at}"));
                StatusTemplate {
                    title: t("[{severity} {severity_name}] {title}: {status_label}"),
                    body: message_body(),
                    facts,
                }
            }
            Audience::External => StatusTemplate {
                title: t("{title}: {public_status}"),
                body: message_body(),
                facts: vec![
                    fact("Status", "{public_status}"),
                    fact("Started", "{detected_at}"),
                    fact("Next update", "{next_update_at}"),
                ],
            },
        }
    }

    fn templates(&self) -> impl Iterator<Item = &Template> {
        std::iter::once(&self.title)
            .chain(std::iter::once(&self.body))
            .chain(self.facts.iter().map(|f| &f.value))
    }
}

/// An output format for status updates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum UpdateFormat {
    /// CommonMark.
    Markdown,
    /// Plain text.
    Text,
    /// Slack Block Kit (`{"text", "blocks"}` for `chat.postMessage`).
    Slack,
    /// A Microsoft Teams Adaptive Card (version 1.4).
    Teams,
}

/// What to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateRequest {
    /// Who it is for.
    pub audience: Audience,
    /// When it goes out (not before the incident's last event).
    pub now: DateTime<Utc>,
    /// The zone times are shown in.
    pub zone: Zone,
    /// The `{message}` text.
    pub message: String,
    /// Extra placeholders.
    pub fields: BTreeMap<String, String>,
    /// The template (default: the audience's).
    pub template: Option<StatusTemplate>,
}

/// A filled-in fact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RenderedFact {
    /// The label.
    pub label: String,
    /// The value, unescaped.
    pub value: String,
}

/// A rendered status update.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RenderedUpdate {
    /// Who it is for.
    pub audience: Audience,
    /// The format of `rendered`.
    pub format: UpdateFormat,
    /// The title, as plain text.
    pub title: String,
    /// The body, as plain text.
    pub body: String,
    /// The facts with a value, as plain text.
    pub facts: Vec<RenderedFact>,
    /// The update in `format`: a string for Markdown and text, a JSON object for Slack and
    /// Teams.
    pub rendered: Value,
}

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

struct Context<'a> {
    incident: &'a Incident,
    config: &'a IncidentConfig,
    request: &'a UpdateRequest,
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

    fn value(&self, name: &str) -> Result<String, IncidentError> {
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
                    Some(every) if inc.status.is_open() => req
                        .now
                        .checked_add_signed(every.to_fixed()?)
                        .map(|t| local_display(t, zone))
                        .unwrap_or_default(),
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

fn check_fields(fields: &BTreeMap<String, String>) -> Result<(), IncidentError> {
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

fn escape_markdown(v: &str) -> String {
    let mut out = String::with_capacity(v.len() + 8);
    let mut line_start = true;
    for c in v.chars() {
        let special = matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&'
        ) || (line_start && matches!(c, '-' | '+'));
        if special {
            out.push('\\');
        }
        out.push(c);
        line_start = c == '\n';
    }
    out
}

fn escape_slack(v: &str) -> String {
    v.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn escape_teams(v: &str) -> String {
    let mut out = String::with_capacity(v.len() + 8);
    for c in v.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '~') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn plain(v: &str) -> String {
    v.to_string()
}

/// Cuts `s` to at most `max` characters, ending with `…` when cut.
fn limit(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Renders a status update for `request.audience` in `format` (see the
/// [module documentation](self)).
///
/// ```
/// use watchstander::incident::{render_status_update, replay, Event, IncidentConfig, UpdateFormat, UpdateRequest};
/// use watchstander::severity::Audience;
/// use watchstander::time::{parse_instant, Zone};
/// let events: Vec<Event> = serde_json::from_value(serde_json::json!([
///   {"id": "1", "incident": "INC-7", "kind": "detected", "title": "Checkout <errors>", "severity": "SEV-2",
///    "occurred_at": "2026-11-26T10:00:00Z", "recorded_at": "2026-11-26T10:00:00Z", "actor": "am"},
///   {"id": "2", "incident": "INC-7", "kind": "note", "text": "suspect the 4.2 deploy",
///    "occurred_at": "2026-11-26T10:05:00Z", "recorded_at": "2026-11-26T10:05:00Z", "actor": "alice"}
/// ])).unwrap();
/// let config = IncidentConfig::default();
/// let incident = replay(&config, &events)?;
/// let request = UpdateRequest {
///     audience: Audience::External, now: parse_instant("2026-11-26T10:30:00Z")?, zone: Zone::UTC,
///     message: "We are investigating failed payments.".into(), fields: Default::default(), template: None,
/// };
/// let slack = render_status_update(&incident, &config, &request, UpdateFormat::Slack)?;
/// assert_eq!(slack.rendered["blocks"][0]["text"]["text"], "Checkout <errors>: Investigating");
/// assert_eq!(slack.rendered["text"], "Checkout &lt;errors&gt;: Investigating");
/// assert!(!slack.rendered.to_string().contains("4.2 deploy"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render_status_update(
    incident: &Incident,
    config: &IncidentConfig,
    request: &UpdateRequest,
    format: UpdateFormat,
) -> Result<RenderedUpdate, IncidentError> {
    super::derived::check_now(incident, request.now)?;
    check_fields(&request.fields)?;
    let template = request
        .template
        .clone()
        .unwrap_or_else(|| StatusTemplate::default_for(request.audience, config));
    let ctx = Context {
        incident,
        config,
        request,
    };
    // Check every placeholder before rendering anything.
    for tpl in template.templates() {
        for name in tpl.placeholders() {
            ctx.value(name)?;
        }
    }
    let fill = |tpl: &Template, esc: fn(&str) -> String| tpl.fill(|n| ctx.value(n), esc);
    let title = fill(&template.title, plain)?;
    let body = fill(&template.body, plain)?;
    let mut facts = Vec::new();
    let mut kept = Vec::new();
    for f in &template.facts {
        let value = fill(&f.value, plain)?;
        if !value.trim().is_empty() {
            facts.push(RenderedFact {
                label: f.label.clone(),
                value,
            });
            kept.push(f);
        }
    }
    let rendered = match format {
        UpdateFormat::Text => {
            let mut out = title.clone();
            if !body.trim().is_empty() {
                out.push_str("\n\n");
                out.push_str(&body);
            }
            if !facts.is_empty() {
                out.push('\n');
                for f in &facts {
                    out.push_str(&format!("\n{}: {}", f.label, f.value));
                }
            }
            out.push('\n');
            Value::String(out)
        }
        UpdateFormat::Markdown => {
            let mut out = format!("## {}", fill(&template.title, escape_markdown)?);
            if !body.trim().is_empty() {
                out.push_str("\n\n");
                out.push_str(&fill(&template.body, escape_markdown)?);
            }
            if !kept.is_empty() {
                out.push('\n');
                for f in &kept {
                    out.push_str(&format!(
                        "\n- **{}:** {}",
                        f.label,
                        fill(&f.value, escape_markdown)?
                    ));
                }
            }
            out.push('\n');
            Value::String(out)
        }
        UpdateFormat::Slack => {
            let mut blocks = vec![json!({
                "type": "header",
                "text": {"type": "plain_text", "text": limit(&title, 150), "emoji": true}
            })];
            if !body.trim().is_empty() {
                blocks.push(json!({
                    "type": "section",
                    "text": {"type": "mrkdwn", "text": limit(&fill(&template.body, escape_slack)?, 3000)}
                }));
            }
            if !kept.is_empty() {
                let mut fields = Vec::new();
                for f in kept.iter().take(10) {
                    fields.push(json!({
                        "type": "mrkdwn",
                        "text": limit(&format!("*{}*\n{}", f.label, fill(&f.value, escape_slack)?), 2000)
                    }));
                }
                blocks.push(json!({"type": "section", "fields": fields}));
            }
            json!({
                "text": limit(&fill(&template.title, escape_slack)?, 3000),
                "blocks": blocks,
            })
        }
        UpdateFormat::Teams => {
            let mut items = vec![json!({
                "type": "TextBlock",
                "text": fill(&template.title, escape_teams)?,
                "size": "Large",
                "weight": "Bolder",
                "wrap": true
            })];
            if !body.trim().is_empty() {
                items.push(json!({
                    "type": "TextBlock",
                    "text": fill(&template.body, escape_teams)?,
                    "wrap": true
                }));
            }
            if !kept.is_empty() {
                let mut list = Vec::new();
                for f in &kept {
                    list.push(json!({"title": f.label, "value": fill(&f.value, escape_teams)?}));
                }
                items.push(json!({"type": "FactSet", "facts": list}));
            }
            json!({
                "type": "AdaptiveCard",
                "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                "version": "1.4",
                "body": items,
            })
        }
    };
    Ok(RenderedUpdate {
        audience: request.audience,
        format,
        title,
        body,
        facts,
        rendered,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escaping_neutralises_markup() {
        assert_eq!(
            escape_markdown("*bold* [x](y) <b> #1 a|b"),
            "\\*bold\\* \\[x\\](y) \\<b\\> \\#1 a\\|b"
        );
        assert_eq!(
            escape_markdown("- item\n+ more - mid"),
            "\\- item\n\\+ more - mid"
        );
    }

    #[test]
    fn slack_escaping_follows_slack_rules() {
        assert_eq!(
            escape_slack("<!channel> & <@U1>"),
            "&lt;!channel&gt; &amp; &lt;@U1&gt;"
        );
        assert_eq!(escape_slack("*bold*"), "*bold*");
    }

    #[test]
    fn teams_escaping() {
        assert_eq!(
            escape_teams("[a](b) *c* _d_"),
            "\\[a\\]\\(b\\) \\*c\\* \\_d\\_"
        );
    }

    #[test]
    fn human_durations() {
        assert_eq!(human_duration(0), "0s");
        assert_eq!(human_duration(45), "45s");
        assert_eq!(human_duration(3600 + 25 * 60 + 7), "1h 25m");
        assert_eq!(human_duration(2 * 86_400 + 4 * 3600), "2d 4h");
        assert_eq!(human_duration(-5), "0s");
    }

    #[test]
    fn limits_cut_with_an_ellipsis() {
        assert_eq!(limit("abcdef", 4), "abc…");
        assert_eq!(limit("abcd", 4), "abcd");
        assert_eq!(limit("ééééé", 3).chars().count(), 3);
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
