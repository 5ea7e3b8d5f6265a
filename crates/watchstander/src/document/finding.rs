//! What a lint reports: one finding per problem, with its line.

use serde::{Deserialize, Serialize};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FindingLevel {
    /// The document does not do its job until this is fixed (a missing section, a step with no
    /// expected result). A CI check should fail.
    Error,
    /// Worth fixing; the document still works (a stale review, blaming language).
    Warning,
    /// For information.
    Info,
}

/// One problem found in a document, at a line.
///
/// Lints never change the document: a finding says what is wrong, where, why it matters and
/// what to write instead, and the author decides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Finding {
    /// Error, warning or info.
    pub level: FindingLevel,
    /// Stable snake_case identifier of the kind of finding, e.g. `missing_section` (listed in
    /// `docs/runbook.md` and `docs/postmortem.md`).
    pub code: String,
    /// 1-based line in the Markdown document.
    pub line: usize,
    /// What is wrong and how to fix it.
    pub message: String,
    /// The text the finding is about, as written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
    /// What to write instead (a suggestion, never applied automatically).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
    /// Why it matters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
}

impl Finding {
    /// A finding without excerpt, suggestion or explanation.
    pub fn new(
        level: FindingLevel,
        code: &str,
        line: usize,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            level,
            code: code.to_string(),
            line,
            message: message.into(),
            excerpt: None,
            suggestion: None,
            explanation: None,
        }
    }

    /// The same finding with an explanation.
    pub fn explained(mut self, why: impl Into<String>) -> Finding {
        self.explanation = Some(why.into());
        self
    }
}

/// Sorts findings by line, then level, then code, and caps them at
/// [`MAX_FINDINGS`](super::MAX_FINDINGS) (the last one then says how many were left out).
pub(crate) fn finish(mut findings: Vec<Finding>) -> Vec<Finding> {
    findings.sort_by(|a, b| (a.line, a.level, &a.code).cmp(&(b.line, b.level, &b.code)));
    let max = super::MAX_FINDINGS;
    if findings.len() > max {
        let dropped = findings.len() - (max - 1);
        let line = findings.get(max - 1).map_or(1, |f| f.line);
        findings.truncate(max - 1);
        findings.push(Finding::new(
            FindingLevel::Info,
            "too_many_findings",
            line,
            format!("{dropped} more findings from here on were left out (at most {max} are reported); fix these first"),
        ));
    }
    findings
}
