//! Automated remediation **as a plan**: the library never runs a command. It says, for each
//! step in order, whether a tool may run it, with which command, after which guard, with what
//! timeout, how success is recognised, and what happens when it fails — so the host (a bot,
//! Rundeck, a CI job) runs exactly that, or shows it to a person.
//!
//! # The rules
//!
//! Steps are planned in document order: Diagnosis first, then Resolution. Each gets a
//! [`StepRun`]:
//!
//! * a **manual** step is `manual`: a person carries it out and confirms;
//! * an **automated** step is `execute` only if it has a command and an expected result, and —
//!   for a remediation — a guard (unless `require_guard` is off). Otherwise it falls back to
//!   `manual`, and the reason says what is missing: automation never acts blind;
//! * in a **dry run**, automated diagnostics still `execute` (they only read), automated
//!   remediations run their `Dry run:` command instead (`dry_run`) or are skipped
//!   (`skip_no_dry_run`), and manual steps stay `manual`.
//!
//! When a step fails (its command fails, its timeout passes, or its expected result is not
//! seen) it is retried as its failure policy says, then the plan **escalates** (to the
//! Escalation section's `To:`), **stops**, or **continues**. Diagnostics continue by default,
//! remediations escalate. The Escalation section's `After:` bounds the whole plan: escalate
//! when service is not restored by then, whatever the steps say.

use serde::{Deserialize, Serialize};

use super::model::{
    Command, FailureAction, FailurePolicy, Runbook, SectionKind, Step, StepClass, StepMode,
};
use super::RunbookError;

/// How a planned step is carried out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum StepRun {
    /// A tool may run `command`, after checking the guard.
    Execute,
    /// A tool may run `command`, which is the step's dry-run command.
    DryRun,
    /// Skipped in this dry run: the remediation has no dry-run command.
    SkipNoDryRun,
    /// A person carries it out and confirms the expected result.
    Manual,
}

/// Options of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PlanOptions {
    /// Plan a rehearsal: remediations run their dry-run commands or are skipped.
    #[serde(default)]
    pub dry_run: bool,
    /// Automated remediations without a guard are planned as manual (default true).
    #[serde(default = "yes")]
    pub require_guard: bool,
    /// Plan the Diagnosis steps as well as Resolution (default true).
    #[serde(default = "yes")]
    pub include_diagnosis: bool,
}

fn yes() -> bool {
    true
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            dry_run: false,
            require_guard: true,
            include_diagnosis: true,
        }
    }
}

/// One step of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlannedStep {
    /// Position in the plan, from 1.
    pub order: usize,
    /// Diagnosis or Resolution.
    pub section: SectionKind,
    /// Position in its section, from 1 (the `### N.` of the rendered runbook).
    pub number: usize,
    /// The step's title.
    pub title: String,
    /// Diagnostic or remediation (as stated, or the section's default).
    pub class: StepClass,
    /// Manual or automated (as stated, default manual).
    pub mode: StepMode,
    /// How it is carried out.
    pub run: StepRun,
    /// Why `run` is what it is.
    pub reason: String,
    /// The command to run (the dry-run command in a dry run), for `execute` and `dry_run`;
    /// shown to the person for `manual`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<Command>,
    /// The condition to check first; the step does not run unless it holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guard: Option<String>,
    /// The guard as a command, when the guard is a single code span.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guard_command: Option<String>,
    /// What success looks like.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// Seconds before the step counts as failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_seconds: Option<i64>,
    /// Retries, then what.
    pub on_failure: FailurePolicy,
    /// Who to escalate to when `on_failure.then` is `escalate`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub escalate_to: Option<String>,
}

/// The plan's escalation bound.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlanEscalation {
    /// Who.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// When, as the runbook says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// Escalate if service is not restored this many seconds after the plan starts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_seconds: Option<i64>,
}

/// A remediation plan (see the [module documentation](self)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RemediationPlan {
    /// The runbook's id.
    pub runbook: String,
    /// Its title.
    pub title: String,
    /// Whether this is a rehearsal.
    pub dry_run: bool,
    /// The steps, in order.
    pub steps: Vec<PlannedStep>,
    /// Steps a tool may run (`execute` or `dry_run`).
    pub automated: usize,
    /// Steps a person carries out.
    pub manual: usize,
    /// Steps skipped (dry run only).
    pub skipped: usize,
    /// Escalation: who, when, and the time bound.
    pub escalation: PlanEscalation,
    /// Things the plan's user should know (e.g. a step escalates but nobody is named).
    pub warnings: Vec<String>,
}

/// The content of `s` when it is a single inline code span (`` `cmd` ``).
pub(crate) fn code_span(s: &str) -> Option<String> {
    let s = s.trim();
    let n = s.chars().take_while(|&c| c == '`').count();
    if n == 0 || s.len() < 2 * n + 1 {
        return None;
    }
    let fence = "`".repeat(n);
    let inner = s.strip_prefix(&fence)?.strip_suffix(&fence)?;
    if inner.starts_with('`') || inner.ends_with('`') {
        return None;
    }
    // No run of exactly n backticks inside (it would close the span early).
    let mut run = 0;
    for c in inner.chars().chain(std::iter::once(' ')) {
        if c == '`' {
            run += 1;
        } else {
            if run == n {
                return None;
            }
            run = 0;
        }
    }
    let stripped = if inner.len() >= 2
        && inner.starts_with(' ')
        && inner.ends_with(' ')
        && !inner.trim().is_empty()
    {
        inner.get(1..inner.len() - 1).unwrap_or(inner)
    } else {
        inner
    };
    Some(stripped.to_string())
}

fn run_of(
    step: &Step,
    section: SectionKind,
    options: &PlanOptions,
) -> (StepRun, String, Option<Command>) {
    let class = step.class_in(section);
    let command = step.command.clone();
    if step.mode_or_default() == StepMode::Manual {
        return (
            StepRun::Manual,
            "a manual step: a person carries it out and confirms the expected result".into(),
            command,
        );
    }
    let missing = if command.is_none() {
        Some("it has no command")
    } else if step.expected.is_none() {
        Some("it has no expected result to check")
    } else if class == StepClass::Remediation && options.require_guard && step.guard.is_none() {
        Some("it is a remediation without a guard")
    } else {
        None
    };
    if let Some(why) = missing {
        return (
            StepRun::Manual,
            format!("automated in the runbook, planned as manual because {why}"),
            command,
        );
    }
    if !options.dry_run || class == StepClass::Diagnostic {
        let reason = if options.dry_run {
            "a diagnostic only reads, so it runs in a dry run too"
        } else {
            "automated, with a command and an expected result"
        };
        return (StepRun::Execute, reason.into(), command);
    }
    match step.dry_run.as_deref() {
        Some(d) => {
            let code = code_span(d).unwrap_or_else(|| d.to_string());
            (
                StepRun::DryRun,
                "a dry run: the step's dry-run command rehearses it without changing anything"
                    .into(),
                Some(Command {
                    language: command.map(|c| c.language).unwrap_or_default(),
                    code,
                }),
            )
        }
        None => (
            StepRun::SkipNoDryRun,
            "a dry run, and the remediation has no `Dry run:` command".into(),
            None,
        ),
    }
}

/// Plans a runbook's steps (see the [module documentation](self)).
///
/// ```
/// use watchstander::runbook::{parse, plan, PlanOptions, StepRun};
/// let rb = parse(concat!(
///     "# Queue backlog\n\n## Resolution\n\n### Scale workers\n\n",
///     "```sh\nkubectl scale deploy/worker --replicas=10\n```\n\n",
///     "- Kind: remediation, automated\n",
///     "- Expected: backlog shrinking within 5 minutes\n",
///     "- Guard: `kubectl get deploy/worker` shows fewer than 10 replicas\n",
///     "- Dry run: `kubectl scale deploy/worker --replicas=10 --dry-run=server`\n\n",
///     "## Escalation\n\n- To: platform on-call\n- After: PT30M\n",
/// ))?;
/// let p = plan(&rb, &PlanOptions::default())?;
/// assert_eq!(p.steps[0].run, StepRun::Execute);
/// assert_eq!(p.steps[0].escalate_to.as_deref(), Some("platform on-call"));
/// let rehearsal = plan(&rb, &PlanOptions { dry_run: true, ..PlanOptions::default() })?;
/// assert_eq!(rehearsal.steps[0].run, StepRun::DryRun);
/// assert!(rehearsal.steps[0].command.as_ref().unwrap().code.ends_with("--dry-run=server"));
/// # Ok::<(), watchstander::runbook::RunbookError>(())
/// ```
pub fn plan(rb: &Runbook, options: &PlanOptions) -> Result<RemediationPlan, RunbookError> {
    let escalation = rb.escalation.clone().unwrap_or_default();
    let to = escalation.to.clone().filter(|t| !t.trim().is_empty());
    let mut sections = Vec::new();
    if options.include_diagnosis {
        sections.push(SectionKind::Diagnosis);
    }
    sections.push(SectionKind::Resolution);
    let mut steps = Vec::new();
    let mut warnings = Vec::new();
    for section in sections {
        for (i, step) in rb.steps(section).iter().enumerate() {
            let (run, reason, command) = run_of(step, section, options);
            let on_failure = step.failure_policy_in(section);
            let escalates = on_failure.then == FailureAction::Escalate;
            if escalates && to.is_none() && run != StepRun::SkipNoDryRun {
                warnings.push(format!(
                    "{} step {} escalates on failure, but the runbook's Escalation section names nobody (`- To:`)",
                    section.heading(),
                    i + 1
                ));
            }
            let timeout_seconds = match step.timeout {
                Some(t) => Some(t.to_fixed()?.num_seconds()),
                None => None,
            };
            steps.push(PlannedStep {
                order: steps.len() + 1,
                section,
                number: i + 1,
                title: step.title.clone(),
                class: step.class_in(section),
                mode: step.mode_or_default(),
                run,
                reason,
                command,
                guard: step.guard.clone(),
                guard_command: step.guard.as_deref().and_then(code_span),
                expected: step.expected.clone(),
                timeout_seconds,
                on_failure,
                escalate_to: if escalates { to.clone() } else { None },
            });
        }
    }
    if steps.is_empty() {
        return Err(RunbookError::NothingToPlan { runbook: rb.id() });
    }
    let count = |f: fn(StepRun) -> bool| steps.iter().filter(|s| f(s.run)).count();
    let after_seconds = match escalation.after {
        Some(a) => Some(a.to_fixed()?.num_seconds()),
        None => None,
    };
    Ok(RemediationPlan {
        runbook: rb.id(),
        title: rb.title.clone(),
        dry_run: options.dry_run,
        automated: count(|r| matches!(r, StepRun::Execute | StepRun::DryRun)),
        manual: count(|r| r == StepRun::Manual),
        skipped: count(|r| r == StepRun::SkipNoDryRun),
        steps,
        escalation: PlanEscalation {
            to,
            when: escalation.when,
            after_seconds,
        },
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_are_unwrapped_only_when_whole() {
        assert_eq!(code_span("`ls -l`").as_deref(), Some("ls -l"));
        assert_eq!(code_span("`` a`b ``").as_deref(), Some("a`b"));
        assert_eq!(code_span("`a` and `b`"), None);
        assert_eq!(code_span("plain"), None);
        assert_eq!(code_span("``"), None);
    }
}
