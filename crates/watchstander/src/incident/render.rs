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
//! use each format's markup). **Values are escaped for the target format** by
//! [`escape`](super::escape()), the one escaper every renderer uses, so an incident title can
//! never become markup — not a Markdown link or HTML tag, not a Slack `<!channel>`, not a
//! Teams link or list. The plain-text fields (`title`, `body`, `facts`) and the text format
//! get [`Markup::Text`] escaping (control characters neutralised), as
//! does the Slack header block, which is `plain_text`. Facts whose value is empty are left
//! out.
//! Slack limits are respected: header ≤ 150 characters, section text ≤ 3000, at most 10
//! fields of ≤ 2000 (longer text is cut and ends with `…`).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::escape::{escape, Markup};
use super::placeholders::{check_fields, Context};
use super::{Incident, IncidentConfig, IncidentError, Template};
use crate::severity::Audience;
use crate::time::Zone;

pub use super::placeholders::{INTERNAL_PLACEHOLDERS, PUBLIC_PLACEHOLDERS};

/// A labelled value in a status update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FactTemplate {
    /// The label (literal text).
    pub label: String,
    /// The value.
    pub value: Template,
}

/// A status-update template: title, body and facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
}

/// An output format for status updates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RenderedFact {
    /// The label.
    pub label: String,
    /// The value, as plain text.
    pub value: String,
}

/// A rendered status update.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
    let fill = |tpl: &Template, m: Markup| tpl.fill(|n| ctx.value(n), |v| escape(v, m));
    let title = fill(&template.title, Markup::Text)?;
    let body = fill(&template.body, Markup::Text)?;
    let mut facts = Vec::new();
    let mut kept = Vec::new();
    for f in &template.facts {
        let value = fill(&f.value, Markup::Text)?;
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
            let mut out = format!("## {}", fill(&template.title, Markup::Markdown)?);
            if !body.trim().is_empty() {
                out.push_str("\n\n");
                out.push_str(&fill(&template.body, Markup::Markdown)?);
            }
            if !kept.is_empty() {
                out.push('\n');
                for f in &kept {
                    out.push_str(&format!(
                        "\n- **{}:** {}",
                        f.label,
                        fill(&f.value, Markup::Markdown)?
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
                    "text": {"type": "mrkdwn", "text": limit(&fill(&template.body, Markup::Slack)?, 3000)}
                }));
            }
            if !kept.is_empty() {
                let mut fields = Vec::new();
                for f in kept.iter().take(10) {
                    fields.push(json!({
                        "type": "mrkdwn",
                        "text": limit(&format!("*{}*\n{}", f.label, fill(&f.value, Markup::Slack)?), 2000)
                    }));
                }
                blocks.push(json!({"type": "section", "fields": fields}));
            }
            json!({
                "text": limit(&fill(&template.title, Markup::Slack)?, 3000),
                "blocks": blocks,
            })
        }
        UpdateFormat::Teams => {
            let mut items = vec![json!({
                "type": "TextBlock",
                "text": fill(&template.title, Markup::Teams)?,
                "size": "Large",
                "weight": "Bolder",
                "wrap": true
            })];
            if !body.trim().is_empty() {
                items.push(json!({
                    "type": "TextBlock",
                    "text": fill(&template.body, Markup::Teams)?,
                    "wrap": true
                }));
            }
            if !kept.is_empty() {
                let mut list = Vec::new();
                for f in &kept {
                    list.push(json!({"title": f.label, "value": fill(&f.value, Markup::Teams)?}));
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
    fn every_format_escapes_through_the_one_escaper() {
        // The per-format rules are tested in `escape`; here, that each format uses its own.
        assert_eq!(
            escape("*bold* [x](y) <b> #1 a|b", Markup::Markdown),
            "\\*bold\\* \\[x\\](y) \\<b\\> \\#1 a\\|b"
        );
        assert_eq!(
            escape("<!channel> & <@U1>", Markup::Slack),
            "&lt;!channel&gt; &amp; &lt;@U1&gt;"
        );
        assert_eq!(
            escape("[a](b) *c* _d_", Markup::Teams),
            "\\[a\\]\\(b\\) \\*c\\* \\_d\\_"
        );
    }

    #[test]
    fn limits_cut_with_an_ellipsis() {
        assert_eq!(limit("abcdef", 4), "abc…");
        assert_eq!(limit("abcd", 4), "abcd");
        assert_eq!(limit("ééééé", 3).chars().count(), 3);
    }
}
