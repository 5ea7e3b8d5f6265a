//! Runbook validation: what a reviewer would ask for, as findings with line numbers.
//!
//! | code | level | when |
//! |---|---|---|
//! | `missing_section` | error (warning for Impact and Prevention) | a section of the structure is absent |
//! | `empty_section` | as above | a section is present but says nothing |
//! | `no_steps` | error | Diagnosis or Resolution has no `###` steps |
//! | `step_without_expected` | error | a step does not say what success looks like |
//! | `step_without_action` | warning | a step has neither a command nor instructions |
//! | `step_without_kind` | info | a step does not say diagnostic/remediation, manual/automated |
//! | `automated_without_command` | error | an automated step has no command |
//! | `automated_without_guard` | warning | an automated remediation has no guard condition |
//! | `automated_without_dry_run` | info | an automated remediation cannot be rehearsed |
//! | `escalation_without_target` | error | Escalation does not say to whom |
//! | `broken_matcher` | error | an `alerts:` entry is not a valid Alertmanager matcher list |
//! | `unmatchable` | warning | no `alerts:` and no `services:`: no alert or incident can find it |
//! | `missing_owner` | warning | nobody keeps it current |
//! | `never_reviewed` | warning | no `last_reviewed` date |
//! | `stale_review` | warning | `last_reviewed` + `review_interval` is before `now` |
//! | `review_in_future` | warning | `last_reviewed` is after `now` |
//! | `invalid_review_interval` | error | a zero, negative review interval |

use chrono::{DateTime, Days, Months, NaiveDate, Utc};

use super::model::{Runbook, RunbookMeta, SectionKind, StepClass, StepMode};
use super::parse::{parse_document, ParsedRunbook};
use super::{render, RunbookError};
use crate::alert::Matchers;
use crate::document::{finish, Finding, FindingLevel};
use crate::time::IsoDuration;

/// The review interval when a runbook does not set one: 90 days (a quarterly review).
pub const DEFAULT_REVIEW_INTERVAL: IsoDuration = IsoDuration {
    negative: false,
    years: 0,
    months: 0,
    weeks: 0,
    days: 90,
    hours: 0,
    minutes: 0,
    seconds: 0,
    nanos: 0,
};

/// The date a runbook is next due for review: `last_reviewed` plus the interval (months as
/// calendar months, clamped to month end; a time part counts as whole days, rounded up).
/// `None` without a `last_reviewed` date or when the date would be out of range.
pub fn review_due(meta: &RunbookMeta) -> Option<NaiveDate> {
    let last = meta.last_reviewed?;
    let i = meta.review_interval.unwrap_or(DEFAULT_REVIEW_INTERVAL);
    let months = i.years.checked_mul(12)?.checked_add(i.months)?;
    let secs = i.time_part().num_seconds().max(0);
    let days =
        u64::try_from(i.whole_days()).ok()? + u64::try_from((secs + 86_399) / 86_400).ok()?;
    last.checked_add_months(Months::new(months))?
        .checked_add_days(Days::new(days))
}

/// Lints a Markdown runbook at `now` (parse errors are returned as errors, not findings).
///
/// ```
/// use watchstander::time::parse_instant;
/// let text = concat!(
///     "---\nlast_reviewed: 2026-01-05\n---\n",                       // lines 1-3
///     "# Disk full\n\n## Symptoms\n\nDisk above 95%.\n\n",           // lines 4-8
///     "## Diagnosis\n\n### Find the biggest directories\n\n",        // lines 9-12
///     "```sh\ndu -xh / | sort -h | tail\n```\n",
/// );
/// let findings = watchstander::runbook::lint_text(text, parse_instant("2026-11-26T09:00:00Z")?)?;
/// let step = findings.iter().find(|f| f.code == "step_without_expected").unwrap();
/// assert_eq!(step.line, 12);
/// // Reviewed on 5 January with the default 90-day interval: due on 5 April, stale by November.
/// assert!(findings.iter().any(|f| f.code == "stale_review" && f.line == 2));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn lint_text(text: &str, now: DateTime<Utc>) -> Result<Vec<Finding>, RunbookError> {
    Ok(lint(&parse_document(text)?, now))
}

/// Lints a runbook given as data: the findings' lines are those of its [`render`]ed Markdown.
pub fn lint_runbook(rb: &Runbook, now: DateTime<Utc>) -> Result<Vec<Finding>, RunbookError> {
    lint_text(&render(rb), now)
}

/// Lints a parsed runbook at `now`.
pub fn lint(parsed: &ParsedRunbook, now: DateTime<Utc>) -> Vec<Finding> {
    let rb = &parsed.runbook;
    let lines = &parsed.lines;
    let mut out = Vec::new();
    sections(rb, parsed, &mut out);
    steps(rb, parsed, &mut out);
    if let Some(e) = &rb.escalation {
        if e.to.as_deref().is_none_or(|t| t.trim().is_empty()) {
            out.push(
                Finding::new(
                    FindingLevel::Error,
                    "escalation_without_target",
                    lines.section(SectionKind::Escalation),
                    "Escalation does not say to whom: add `- To: <team, schedule or person>`",
                )
                .explained("A responder who is stuck needs a name or a schedule, not a search."),
            );
        }
    }
    metadata(&rb.meta, parsed, now, &mut out);
    finish(out)
}

fn required_level(kind: SectionKind) -> FindingLevel {
    match kind {
        SectionKind::Impact | SectionKind::Prevention => FindingLevel::Warning,
        _ => FindingLevel::Error,
    }
}

fn sections(rb: &Runbook, parsed: &ParsedRunbook, out: &mut Vec<Finding>) {
    let lines = &parsed.lines;
    for kind in SectionKind::ALL {
        let level = required_level(kind);
        if !rb.has(kind) {
            out.push(
                Finding::new(
                    level,
                    "missing_section",
                    lines.title,
                    format!("the runbook has no `## {}` section", kind.heading()),
                )
                .explained(purpose(kind)),
            );
            continue;
        }
        let empty = match kind {
            SectionKind::Symptoms => rb.symptoms.as_deref().is_some_and(blank),
            SectionKind::Impact => rb.impact.as_deref().is_some_and(blank),
            SectionKind::Prevention => rb.prevention.as_deref().is_some_and(blank),
            SectionKind::Escalation => rb.escalation.as_ref().is_some_and(|e| {
                e.to.is_none() && e.when.is_none() && e.after.is_none() && blank(&e.notes)
            }),
            SectionKind::Diagnosis | SectionKind::Resolution => false,
        };
        if empty {
            out.push(
                Finding::new(
                    level,
                    "empty_section",
                    lines.section(kind),
                    format!("the `## {}` section is empty", kind.heading()),
                )
                .explained(purpose(kind)),
            );
        }
        if matches!(kind, SectionKind::Diagnosis | SectionKind::Resolution)
            && rb.steps(kind).is_empty()
        {
            out.push(
                Finding::new(
                    FindingLevel::Error,
                    "no_steps",
                    lines.section(kind),
                    format!(
                        "`## {}` has no steps: write each as a `### Step` heading with its command and expected result",
                        kind.heading()
                    ),
                )
                .explained(purpose(kind)),
            );
        }
    }
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

fn purpose(kind: SectionKind) -> &'static str {
    match kind {
        SectionKind::Symptoms => {
            "Symptoms let the responder confirm this is the right runbook for what they see."
        }
        SectionKind::Impact => "Impact tells the responder how urgent this is and who to tell.",
        SectionKind::Diagnosis => {
            "Diagnosis steps find the cause before anyone changes the system."
        }
        SectionKind::Resolution => {
            "Resolution steps restore service; without them the runbook only describes the problem."
        }
        SectionKind::Escalation => {
            "Escalation says when to stop and who to call, so nobody stays stuck alone."
        }
        SectionKind::Prevention => {
            "Prevention links the runbook to the work that makes it unnecessary."
        }
    }
}

fn steps(rb: &Runbook, parsed: &ParsedRunbook, out: &mut Vec<Finding>) {
    for section in [SectionKind::Diagnosis, SectionKind::Resolution] {
        for (i, step) in rb.steps(section).iter().enumerate() {
            let line = parsed.lines.step(section, i);
            let name = if step.title.trim().is_empty() {
                format!("step {}", i + 1)
            } else {
                format!("step {} ({:?})", i + 1, step.title)
            };
            if step.expected.is_none() {
                out.push(
                    Finding::new(
                        FindingLevel::Error,
                        "step_without_expected",
                        line,
                        format!("{name} does not say what to expect: add `- Expected: <what you see when it worked>`"),
                    )
                    .explained("Without an expected result nobody can tell whether the step worked, and an automated plan cannot check it."),
                );
            }
            if step.command.is_none() && blank(&step.notes) {
                out.push(Finding::new(
                    FindingLevel::Warning,
                    "step_without_action",
                    line,
                    format!("{name} has no command and no instructions: add a fenced code block or say what to do"),
                ));
            }
            if step.class.is_none() && step.mode.is_none() {
                out.push(Finding::new(
                    FindingLevel::Info,
                    "step_without_kind",
                    line,
                    format!(
                        "{name} does not state its kind; it counts as {}, manual. Add e.g. `- Kind: remediation, automated`",
                        match step.class_in(section) {
                            StepClass::Diagnostic => "diagnostic",
                            StepClass::Remediation => "remediation",
                        }
                    ),
                ));
            }
            if step.mode_or_default() == StepMode::Automated {
                if step.command.is_none() {
                    out.push(Finding::new(
                        FindingLevel::Error,
                        "automated_without_command",
                        line,
                        format!(
                            "{name} is automated but has no command: add it as a fenced code block"
                        ),
                    ));
                }
                if step.class_in(section) == StepClass::Remediation {
                    if step.guard.is_none() {
                        out.push(
                            Finding::new(
                                FindingLevel::Warning,
                                "automated_without_guard",
                                line,
                                format!("{name} changes the system automatically without a guard: add `- Guard: <condition that must hold first>`"),
                            )
                            .explained("A guard keeps automation from acting when the situation is not the one the step was written for; plans keep unguarded remediations manual."),
                        );
                    }
                    if step.dry_run.is_none() {
                        out.push(Finding::new(
                            FindingLevel::Info,
                            "automated_without_dry_run",
                            line,
                            format!("{name} cannot be rehearsed: add `- Dry run: <command that changes nothing>`"),
                        ));
                    }
                }
            }
        }
    }
}

fn metadata(
    meta: &RunbookMeta,
    parsed: &ParsedRunbook,
    now: DateTime<Utc>,
    out: &mut Vec<Finding>,
) {
    let lines = &parsed.lines;
    for (i, m) in meta.alerts.iter().enumerate() {
        if let Err(e) = Matchers::parse(m) {
            let line = lines
                .matchers
                .get(i)
                .copied()
                .unwrap_or(lines.meta_key("alerts"));
            let mut f = Finding::new(
                FindingLevel::Error,
                "broken_matcher",
                line,
                format!("alert matcher {m:?} does not parse: {e}"),
            )
            .explained(
                "A broken matcher matches no alert, so responders are never sent to this runbook.",
            );
            f.excerpt = Some(m.clone());
            f.suggestion = Some("write Alertmanager matchers, e.g. {alertname=\"HighLatency\", service=~\"api|web\"}".into());
            out.push(f);
        }
    }
    if meta.alerts.is_empty() && meta.services.is_empty() {
        out.push(
            Finding::new(
                FindingLevel::Warning,
                "unmatchable",
                lines.front_matter.unwrap_or(lines.title),
                "the runbook lists no `alerts:` matchers and no `services:`, so no alert or incident leads to it",
            )
            .explained("Coverage and matching read these fields; a runbook nobody is sent to is not used."),
        );
    }
    if meta.owner.as_deref().is_none_or(|o| o.trim().is_empty()) {
        out.push(Finding::new(
            FindingLevel::Warning,
            "missing_owner",
            lines.meta_key("owner"),
            "the runbook has no `owner:`: name the team that keeps it current",
        ));
    }
    if let Some(i) = meta.review_interval {
        if i.negative || i.is_zero() {
            out.push(Finding::new(
                FindingLevel::Error,
                "invalid_review_interval",
                lines.meta_key("review_interval"),
                format!("review_interval {i} must be a positive duration such as P90D or P6M"),
            ));
            return;
        }
    }
    let today = now.date_naive();
    match meta.last_reviewed {
        None => out.push(Finding::new(
            FindingLevel::Warning,
            "never_reviewed",
            lines.meta_key("last_reviewed"),
            "the runbook has no `last_reviewed:` date: review it against the system and record the date",
        )),
        Some(last) if last > today => out.push(Finding::new(
            FindingLevel::Warning,
            "review_in_future",
            lines.meta_key("last_reviewed"),
            format!("last_reviewed {last} is after today ({today}, UTC)"),
        )),
        Some(last) => {
            if let Some(due) = review_due(meta) {
                if due < today {
                    out.push(
                        Finding::new(
                            FindingLevel::Warning,
                            "stale_review",
                            lines.meta_key("last_reviewed"),
                            format!(
                                "last reviewed {last}; with a review interval of {} it was due on {due}, {} days before {today}",
                                meta.review_interval.unwrap_or(DEFAULT_REVIEW_INTERVAL),
                                (today - due).num_days()
                            ),
                        )
                        .explained("Systems change under runbooks: commands, dashboards and names go stale, and a wrong runbook at 3 a.m. is worse than none."),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn review_due_uses_calendar_months() {
        let meta = RunbookMeta {
            last_reviewed: NaiveDate::from_ymd_opt(2026, 1, 31),
            review_interval: Some("P1M".parse().unwrap()),
            ..RunbookMeta::default()
        };
        // 31 January + 1 month clamps to 28 February (2026 is not a leap year).
        assert_eq!(review_due(&meta), NaiveDate::from_ymd_opt(2026, 2, 28));
        let meta = RunbookMeta {
            last_reviewed: NaiveDate::from_ymd_opt(2026, 1, 1),
            review_interval: Some("P1DT1H".parse().unwrap()),
            ..RunbookMeta::default()
        };
        assert_eq!(review_due(&meta), NaiveDate::from_ymd_opt(2026, 1, 3));
        let meta = RunbookMeta {
            last_reviewed: NaiveDate::from_ymd_opt(2026, 1, 1),
            ..RunbookMeta::default()
        };
        assert_eq!(review_due(&meta), NaiveDate::from_ymd_opt(2026, 4, 1));
    }
}
