//! The post-mortem as data: metadata, the template's sections, action items.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Where a post-mortem is in its review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    /// Being written.
    Draft,
    /// Written; being reviewed.
    InReview,
    /// Reviewed and shared.
    Published,
}

/// The post-mortem's front matter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(rename = "PostmortemMeta"))]
pub struct PostmortemMeta {
    /// The incident it is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incident: Option<String>,
    /// The title, used only when the body has no `# Title`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The incident's severity (the most severe it had).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
    /// Draft, in review or published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ReviewStatus>,
    /// Who drives the review to completion (one person).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// Who wrote it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
    /// Affected services (the knowledge index groups by these).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<String>,
    /// Free-form tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Root-cause categories, e.g. `configuration-change`, `capacity`, `dependency`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub root_cause_categories: Vec<String>,
    /// When impact (or the incident) began.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<DateTime<Utc>>,
    /// When the incident was resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_at: Option<DateTime<Utc>>,
    /// The date the post-mortem is due (the policy's business-day deadline).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// The date of the follow-up review of its action items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_on: Option<NaiveDate>,
    /// People who took part (names the blameless lint watches for as causes).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub responders: Vec<String>,
}

/// The state of an action item (incident.io's follow-up states).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    /// Not started (`open`, `todo`, `outstanding`).
    #[default]
    Open,
    /// Being worked on (`in progress`, `doing`).
    InProgress,
    /// Finished (`done`, `completed`, `closed`, `fixed`).
    Done,
    /// Decided against (`won't do`, `not doing`, `cancelled`).
    WontDo,
}

impl ActionStatus {
    /// The word the renderer writes.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::InProgress => "in progress",
            ActionStatus::Done => "done",
            ActionStatus::WontDo => "won't do",
        }
    }

    /// Reads the usual spellings (case-insensitive); `None` for anything else.
    pub fn parse(s: &str) -> Option<ActionStatus> {
        let s = s
            .trim()
            .to_lowercase()
            .replace(['_', '-', '’'], " ")
            .replace('\'', "");
        Some(match s.as_str() {
            "" | "open" | "todo" | "to do" | "outstanding" | "new" => ActionStatus::Open,
            "in progress" | "doing" | "started" | "wip" => ActionStatus::InProgress,
            "done" | "completed" | "complete" | "closed" | "fixed" | "resolved" => {
                ActionStatus::Done
            }
            "wont do" | "not doing" | "cancelled" | "canceled" | "dropped" => ActionStatus::WontDo,
            _ => return None,
        })
    }

    /// Whether work remains (open or in progress).
    pub fn is_outstanding(self) -> bool {
        matches!(self, ActionStatus::Open | ActionStatus::InProgress)
    }
}

/// An action item: a row of the `## Action items` table.
///
/// ```markdown
/// | Action | Owner | Due | Priority | Status |
/// |---|---|---|---|---|
/// | Add a lock timeout to schema migrations | db-team | 2026-12-15 | P1 | open |
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ActionItem {
    /// What will be done (Markdown, one line).
    pub title: String,
    /// Who owns it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// When it is due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// Its priority as the team writes it (`P1`, `high`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
    /// Open, in progress, done or won't do.
    #[serde(default)]
    pub status: ActionStatus,
    /// A ticket or link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
}

/// Root cause: technical and process, as separate subsections.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RootCause {
    /// Text before the subsections, and any other `###` subsections (Markdown).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub intro: String,
    /// `### Technical`: what in the system failed and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub technical: Option<String>,
    /// `### Process`: what in how we work let it happen or last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub process: Option<String>,
}

/// Action items: the table and any notes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ActionItems {
    /// The rows, in order.
    #[serde(default)]
    pub items: Vec<ActionItem>,
    /// Text other than the table (Markdown).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

/// Lessons learned.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Lessons {
    /// Text before the subsections, and any other `###` subsections (Markdown).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub intro: String,
    /// `### What went well`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub went_well: Option<String>,
    /// `### What needs improvement`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub needs_improvement: Option<String>,
    /// `### Where we got lucky`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lucky: Option<String>,
}

/// A `##` section the template does not define, kept as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(rename = "PostmortemOtherSection"))]
pub struct OtherSection {
    /// The heading text.
    pub heading: String,
    /// The content (Markdown).
    #[serde(default)]
    pub body: String,
}

/// The sections of a post-mortem, in canonical order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", schemars(rename = "PostmortemSection"))]
pub enum SectionKind {
    /// What happened, in a few sentences.
    Summary,
    /// Users, revenue, SLA breaches.
    Impact,
    /// What happened when.
    Timeline,
    /// Who responded, in which role.
    Responders,
    /// Why it happened: technical and process.
    RootCause,
    /// What restored service.
    Resolution,
    /// What will change, by whom, by when.
    ActionItems,
    /// What went well, what needs improvement.
    Lessons,
}

impl SectionKind {
    /// Every section, in order.
    pub const ALL: [SectionKind; 8] = [
        SectionKind::Summary,
        SectionKind::Impact,
        SectionKind::Timeline,
        SectionKind::Responders,
        SectionKind::RootCause,
        SectionKind::Resolution,
        SectionKind::ActionItems,
        SectionKind::Lessons,
    ];

    /// The sections the template requires (all but Responders).
    pub const REQUIRED: [SectionKind; 7] = [
        SectionKind::Summary,
        SectionKind::Impact,
        SectionKind::Timeline,
        SectionKind::RootCause,
        SectionKind::Resolution,
        SectionKind::ActionItems,
        SectionKind::Lessons,
    ];

    /// The heading the renderer writes.
    pub fn heading(self) -> &'static str {
        match self {
            SectionKind::Summary => "Summary",
            SectionKind::Impact => "Impact",
            SectionKind::Timeline => "Timeline",
            SectionKind::Responders => "Responders",
            SectionKind::RootCause => "Root cause",
            SectionKind::Resolution => "Resolution",
            SectionKind::ActionItems => "Action items",
            SectionKind::Lessons => "Lessons learned",
        }
    }

    /// The section a heading names (case-insensitive; common synonyms from the Google SRE,
    /// PagerDuty and incident.io templates are accepted).
    pub fn from_heading(heading: &str) -> Option<SectionKind> {
        let h = heading.trim().trim_end_matches(':').to_lowercase();
        Some(match h.as_str() {
            "summary" | "overview" | "executive summary" => SectionKind::Summary,
            "impact" | "customer impact" => SectionKind::Impact,
            "timeline" => SectionKind::Timeline,
            "responders" | "roles" | "people" => SectionKind::Responders,
            "root cause"
            | "root causes"
            | "contributing factors"
            | "causes"
            | "root cause analysis" => SectionKind::RootCause,
            "resolution" | "resolution and recovery" | "recovery" => SectionKind::Resolution,
            "action items" | "actions" | "follow-ups" | "follow ups" | "followups" => {
                SectionKind::ActionItems
            }
            "lessons learned" | "lessons" | "learnings" | "key learnings" => SectionKind::Lessons,
            _ => return None,
        })
    }
}

/// A post-mortem (post-incident review), written the way teams keep them as Markdown.
///
/// [`parse`](super::parse()) reads one, [`render`](super::render()) writes one:
/// `parse(render(p)) == p` for every post-mortem `parse` returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Postmortem {
    /// The front matter.
    #[serde(default)]
    pub meta: PostmortemMeta,
    /// The `# Title`.
    pub title: String,
    /// Text between the title and the first section (Markdown).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub intro: String,
    /// `## Summary` (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// `## Impact` (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<String>,
    /// `## Timeline` (Markdown, usually a table).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline: Option<String>,
    /// `## Responders` (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responders: Option<String>,
    /// `## Root cause`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub root_cause: Option<RootCause>,
    /// `## Resolution` (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<String>,
    /// `## Action items`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action_items: Option<ActionItems>,
    /// `## Lessons learned`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lessons: Option<Lessons>,
    /// Other `##` sections, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_sections: Vec<OtherSection>,
}

impl Postmortem {
    /// Whether a section is present.
    pub fn has(&self, section: SectionKind) -> bool {
        match section {
            SectionKind::Summary => self.summary.is_some(),
            SectionKind::Impact => self.impact.is_some(),
            SectionKind::Timeline => self.timeline.is_some(),
            SectionKind::Responders => self.responders.is_some(),
            SectionKind::RootCause => self.root_cause.is_some(),
            SectionKind::Resolution => self.resolution.is_some(),
            SectionKind::ActionItems => self.action_items.is_some(),
            SectionKind::Lessons => self.lessons.is_some(),
        }
    }

    /// The action items (empty when the section is absent).
    pub fn items(&self) -> &[ActionItem] {
        self.action_items
            .as_ref()
            .map_or(&[], |a| a.items.as_slice())
    }

    /// An identifier: the incident id, else the title as a slug.
    pub fn id(&self) -> String {
        match &self.meta.incident {
            Some(i) if !i.trim().is_empty() => i.clone(),
            _ => crate::incident::slugify(&self.title),
        }
    }
}
