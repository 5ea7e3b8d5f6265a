//! The error type of the [`runbook`](crate::runbook) module.

use thiserror::Error;

use crate::document::DocError;
use crate::time::TimeError;

/// Everything that can go wrong reading, planning or matching runbooks.
///
/// Every variant that is about a place in a Markdown document carries its 1-based `line`.
/// Problems of *content* (a missing section, a step without an expected result, a stale
/// review) are not errors: [`lint`](super::lint()) reports them as findings.
#[derive(Debug, Clone, PartialEq, Eq, Error, serde::Serialize)]
#[non_exhaustive]
pub enum RunbookError {
    /// A document, its front matter, or a list in it beyond a documented bound.
    #[error("line {line}: the runbook's {what} is too large: {size} exceeds the limit of {limit} (see docs/limits.md); split it")]
    TooLarge {
        /// What, e.g. `document`, `front matter`, `steps in Resolution`.
        what: String,
        /// Its size (bytes or count).
        size: usize,
        /// The bound (a `pub const`).
        limit: usize,
        /// Where the bound was crossed.
        line: usize,
    },
    /// Not text (invalid UTF-8 or NUL bytes).
    #[error("line {line}: the runbook is not a text file: {reason}")]
    NotText {
        /// Where the first bad byte is.
        line: usize,
        /// What was found.
        reason: String,
    },
    /// Front matter that is unclosed, not YAML, or has unknown or malformed fields.
    #[error("line {line}: invalid runbook front matter{}: {reason}", if path.is_empty() { String::new() } else { format!(" at {path}") })]
    FrontMatter {
        /// The line of the problem.
        line: usize,
        /// The field, e.g. `review_interval` (empty when not about one field).
        path: String,
        /// What is wrong and how to fix it.
        reason: String,
    },
    /// No `# Title` heading and no `title` in the front matter.
    #[error("line {line}: the runbook has no title: start the body with a `# Title` heading")]
    MissingTitle {
        /// Where the title was expected.
        line: usize,
    },
    /// The title, or a section heading, written twice.
    #[error("line {line}: the heading {heading:?} repeats the one on line {first_line}: merge the two sections")]
    RepeatedHeading {
        /// The heading as written.
        heading: String,
        /// The repeat.
        line: usize,
        /// The first occurrence.
        first_line: usize,
    },
    /// A step field whose value cannot be read (`Kind`, `Timeout`, `On failure`).
    #[error(
        "line {line}: step field {field:?} has the value {value:?}, which cannot be read: {reason}"
    )]
    InvalidStep {
        /// The step's line.
        line: usize,
        /// The field, e.g. `Timeout`.
        field: String,
        /// The value as written.
        value: String,
        /// What is accepted.
        reason: String,
    },
    /// An alert matcher in a runbook that does not parse (matching and coverage refuse to guess).
    #[error("runbook {runbook:?}, line {line}: the alert matcher {matcher:?} is broken: {reason}")]
    InvalidMatcher {
        /// The runbook's id.
        runbook: String,
        /// The line of the matcher in the front matter.
        line: usize,
        /// The matcher as written.
        matcher: String,
        /// Why it does not parse.
        reason: String,
    },
    /// A runbook given as data (not Markdown) that cannot be written as one.
    #[error("invalid runbook: {reason}")]
    Invalid {
        /// What is wrong and how to fix it.
        reason: String,
    },
    /// A remediation plan was asked of a runbook with no steps to plan.
    #[error("runbook {runbook:?} has no diagnosis or resolution steps to plan; write them as `### Step` headings under `## Diagnosis` and `## Resolution`")]
    NothingToPlan {
        /// The runbook's id.
        runbook: String,
    },
    /// An error from the [`time`](crate::time) module.
    #[error(transparent)]
    Time(#[from] TimeError),
}

impl RunbookError {
    /// The stable machine-readable code, e.g. `"runbook_repeated_heading"`.
    pub fn code(&self) -> &'static str {
        match self {
            RunbookError::TooLarge { .. } => "runbook_too_large",
            RunbookError::NotText { .. } => "runbook_not_text",
            RunbookError::FrontMatter { .. } => "invalid_runbook_front_matter",
            RunbookError::MissingTitle { .. } => "runbook_missing_title",
            RunbookError::RepeatedHeading { .. } => "runbook_repeated_heading",
            RunbookError::InvalidStep { .. } => "invalid_runbook_step",
            RunbookError::InvalidMatcher { .. } => "runbook_invalid_matcher",
            RunbookError::Invalid { .. } => "invalid_runbook",
            RunbookError::NothingToPlan { .. } => "runbook_nothing_to_plan",
            RunbookError::Time(e) => e.code(),
        }
    }

    /// The module the error belongs to: `runbook`, or `time` for wrapped time errors.
    pub fn module(&self) -> &'static str {
        match self {
            RunbookError::Time(_) => "time",
            _ => "runbook",
        }
    }

    /// The 1-based line the error is about, when it is about one.
    pub fn line(&self) -> Option<usize> {
        match self {
            RunbookError::TooLarge { line, .. }
            | RunbookError::NotText { line, .. }
            | RunbookError::FrontMatter { line, .. }
            | RunbookError::MissingTitle { line }
            | RunbookError::RepeatedHeading { line, .. }
            | RunbookError::InvalidStep { line, .. }
            | RunbookError::InvalidMatcher { line, .. } => Some(*line),
            _ => None,
        }
    }
}

impl From<DocError> for RunbookError {
    fn from(e: DocError) -> Self {
        match e {
            DocError::TooLarge {
                what,
                size,
                limit,
                line,
            } => RunbookError::TooLarge {
                what: what.to_string(),
                size,
                limit,
                line,
            },
            DocError::NotText { line, reason } => RunbookError::NotText { line, reason },
            DocError::FrontMatter { line, path, reason } => {
                RunbookError::FrontMatter { line, path, reason }
            }
        }
    }
}
