//! The error type of the [`postmortem`](crate::postmortem) module.

use thiserror::Error;

use crate::document::DocError;
use crate::incident::IncidentError;
use crate::time::TimeError;

/// Everything that can go wrong reading, drafting or indexing post-mortems.
///
/// Variants about a place in a Markdown document carry its 1-based `line`. Problems of
/// *content* (a missing section, an action item without owner, blaming language) are
/// findings of [`lint`](super::lint()), not errors.
#[derive(Debug, Clone, PartialEq, Eq, Error, serde::Serialize)]
#[non_exhaustive]
pub enum PostmortemError {
    /// A document, its front matter, a table or a list beyond a documented bound.
    #[error("line {line}: the post-mortem's {what} is too large: {size} exceeds the limit of {limit} (see docs/limits.md)")]
    TooLarge {
        /// What, e.g. `document`, `action items`.
        what: String,
        /// Its size (bytes or count).
        size: usize,
        /// The bound (a `pub const`).
        limit: usize,
        /// Where the bound was crossed (0 when not about a document).
        line: usize,
    },
    /// Not text (invalid UTF-8 or NUL bytes).
    #[error("line {line}: the post-mortem is not a text file: {reason}")]
    NotText {
        /// Where the first bad byte is.
        line: usize,
        /// What was found.
        reason: String,
    },
    /// Front matter that is unclosed, not YAML, or has unknown or malformed fields.
    #[error("line {line}: invalid post-mortem front matter{}: {reason}", if path.is_empty() { String::new() } else { format!(" at {path}") })]
    FrontMatter {
        /// The line of the problem.
        line: usize,
        /// The field (empty when not about one field).
        path: String,
        /// What is wrong and how to fix it.
        reason: String,
    },
    /// No `# Title` heading and no `title` in the front matter.
    #[error("line {line}: the post-mortem has no title: start the body with a `# Title` heading")]
    MissingTitle {
        /// Where the title was expected.
        line: usize,
    },
    /// The title, a section or a subsection heading written twice.
    #[error(
        "line {line}: the heading {heading:?} repeats the one on line {first_line}: merge the two"
    )]
    RepeatedHeading {
        /// The heading as written.
        heading: String,
        /// The repeat.
        line: usize,
        /// The first occurrence.
        first_line: usize,
    },
    /// An action-item row that cannot be read (a due date that is not a date, an unknown status,
    /// a table without an action column).
    #[error("line {line}: action item {column} {value:?} cannot be read: {reason}")]
    InvalidActionItem {
        /// The row's line.
        line: usize,
        /// The column, e.g. `Due`.
        column: String,
        /// The cell as written.
        value: String,
        /// What is accepted.
        reason: String,
    },
    /// A policy or lint configuration that cannot be used.
    #[error("invalid post-mortem configuration: {reason}")]
    InvalidConfig {
        /// What is wrong and how to fix it.
        reason: String,
    },
    /// A post-mortem given as data that cannot be written as Markdown.
    #[error("invalid post-mortem: {reason}")]
    Invalid {
        /// What is wrong and how to fix it.
        reason: String,
    },
    /// A draft was asked for an incident that is still open.
    #[error("incident {incident:?} is {status}: a post-mortem is drafted once it is resolved (or later)")]
    NotResolved {
        /// The incident.
        incident: String,
        /// Its status.
        status: String,
    },
    /// An error from the [`incident`](crate::incident) module (replaying the events).
    #[error(transparent)]
    Incident(#[from] IncidentError),
    /// An error from the [`time`](crate::time) module (business calendars, zones).
    #[error(transparent)]
    Time(#[from] TimeError),
}

impl PostmortemError {
    /// The stable machine-readable code, e.g. `"postmortem_repeated_heading"`.
    pub fn code(&self) -> &'static str {
        match self {
            PostmortemError::TooLarge { .. } => "postmortem_too_large",
            PostmortemError::NotText { .. } => "postmortem_not_text",
            PostmortemError::FrontMatter { .. } => "invalid_postmortem_front_matter",
            PostmortemError::MissingTitle { .. } => "postmortem_missing_title",
            PostmortemError::RepeatedHeading { .. } => "postmortem_repeated_heading",
            PostmortemError::InvalidActionItem { .. } => "invalid_action_item",
            PostmortemError::InvalidConfig { .. } => "invalid_postmortem_config",
            PostmortemError::Invalid { .. } => "invalid_postmortem",
            PostmortemError::NotResolved { .. } => "incident_not_resolved",
            PostmortemError::Incident(e) => e.code(),
            PostmortemError::Time(e) => e.code(),
        }
    }

    /// The module the error belongs to: `postmortem`, or the wrapped error's module.
    pub fn module(&self) -> &'static str {
        match self {
            PostmortemError::Incident(e) => e.module(),
            PostmortemError::Time(_) => "time",
            _ => "postmortem",
        }
    }

    /// The 1-based line the error is about, when it is about one.
    pub fn line(&self) -> Option<usize> {
        match self {
            PostmortemError::TooLarge { line, .. } if *line > 0 => Some(*line),
            PostmortemError::NotText { line, .. }
            | PostmortemError::FrontMatter { line, .. }
            | PostmortemError::MissingTitle { line }
            | PostmortemError::RepeatedHeading { line, .. }
            | PostmortemError::InvalidActionItem { line, .. } => Some(*line),
            _ => None,
        }
    }
}

impl From<DocError> for PostmortemError {
    fn from(e: DocError) -> Self {
        match e {
            DocError::TooLarge {
                what,
                size,
                limit,
                line,
            } => PostmortemError::TooLarge {
                what: what.to_string(),
                size,
                limit,
                line,
            },
            DocError::NotText { line, reason } => PostmortemError::NotText { line, reason },
            DocError::FrontMatter { line, path, reason } => {
                PostmortemError::FrontMatter { line, path, reason }
            }
        }
    }
}
