//! `runbook.*` operations: parse, lint, render, match, coverage and remediation plans of
//! Markdown runbooks. Each calls the typed API of [`crate::runbook`]; none holds logic.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::bounded::Bounded;
use super::{Op, Operation};
use crate::alert::Alert;
use crate::document::{Finding, FindingLevel};
use crate::runbook::{
    coverage, lint, parse_document, plan, render, AlertRule, Coverage, IncidentSubject,
    ParsedRunbook, PlanOptions, RemediationPlan, Runbook, RunbookIndex, RunbookMatch, MAX_RUNBOOKS,
    MAX_SUBJECTS,
};
use crate::Error;

pub(super) const OPERATIONS: &[Operation] = &[
    Operation::of::<Parse>(),
    Operation::of::<Lint>(),
    Operation::of::<Render>(),
    Operation::of::<Match>(),
    Operation::of::<CoverageOp>(),
    Operation::of::<Plan>(),
];

/// A small runbook, as JSON string content, for the examples.
macro_rules! example_runbook {
    () => {
        r#""---\nservices: [api]\nalerts: ['{alertname=\"HighLatency\", service=\"api\"}']\nowner: team-api\nlast_reviewed: 2026-10-01\n---\n# API high latency\n\n## Symptoms\n\np99 above 1 s.\n\n## Impact\n\nCheckout is slow.\n\n## Diagnosis\n\n### Check recent deploys\n\n```sh\nkubectl -n api rollout history deploy/api\n```\n\n- Kind: diagnostic, automated\n- Expected: the latest revision and its time\n\n## Resolution\n\n### Roll back\n\n```sh\nkubectl -n api rollout undo deploy/api\n```\n\n- Kind: remediation, automated\n- Expected: p99 under 300 ms within 5 minutes\n- Guard: the latency began within 30 minutes of a deploy\n- Dry run: `kubectl -n api rollout undo deploy/api --dry-run=server`\n\n## Escalation\n\n- To: api on-call secondary\n- After: PT30M\n\n## Prevention\n\nCanary deploys.\n""#
    };
}

/// A runbook as Markdown.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct RunbookParseInput {
    /// The Markdown document (front matter and body).
    markdown: String,
}

/// A parsed runbook.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct RunbookParseOutput {
    /// The runbook's id (`id:` in the front matter, else the title as a slug).
    id: String,
    /// The runbook as data.
    runbook: Runbook,
}

pub(crate) struct Parse;
impl Op for Parse {
    const NAME: &'static str = "runbook.parse";
    const SUMMARY: &'static str =
        "read a Markdown runbook (YAML front matter, sections, steps) into data";
    const DOC: &'static str =
        "Reads a runbook written in Markdown: YAML front matter (services, alert \
        matchers, owner, last review, review interval, links), a `# Title`, and the sections \
        Symptoms, Impact, Diagnosis, Resolution, Escalation and Prevention. Each `###` under \
        Diagnosis and Resolution is a step: its first fenced code block is the command, a \
        `- Key: value` list gives Kind, Expected, Guard, Dry run, Timeout and On failure. \
        Structural problems (a repeated heading, bad front matter, an unreadable field, binary \
        or oversized input) are typed errors naming the line; missing content is for \
        `runbook.lint`. See `docs/formats/runbook.md`.";
    const EXAMPLE: &'static str = concat!(r#"{"markdown": "#, example_runbook!(), "}");
    type Input = RunbookParseInput;
    type Output = RunbookParseOutput;
    fn run(i: RunbookParseInput) -> Result<RunbookParseOutput, Error> {
        let p = parse_document(&i.markdown)?;
        Ok(RunbookParseOutput {
            id: p.runbook.id(),
            runbook: p.runbook,
        })
    }
}

/// A runbook to lint.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct RunbookLintInput {
    /// The Markdown document.
    markdown: String,
    /// The instant reviews are judged at (a stale review is one due before this date, UTC).
    now: DateTime<Utc>,
}

/// Lint findings.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "LintReport"))]
pub(crate) struct LintReport {
    /// The document's id.
    id: String,
    /// True when there is no finding of level `error`.
    ok: bool,
    /// How many errors.
    errors: usize,
    /// How many warnings.
    warnings: usize,
    /// The findings, by line.
    findings: Vec<Finding>,
}

impl LintReport {
    pub(crate) fn new(id: String, findings: Vec<Finding>) -> LintReport {
        let count = |l| findings.iter().filter(|f| f.level == l).count();
        let errors = count(FindingLevel::Error);
        LintReport {
            id,
            ok: errors == 0,
            errors,
            warnings: count(FindingLevel::Warning),
            findings,
        }
    }
}

pub(crate) struct Lint;
impl Op for Lint {
    const NAME: &'static str = "runbook.lint";
    const SUMMARY: &'static str =
        "validate a runbook: missing sections, steps without expected results, stale review, broken matchers";
    const DOC: &'static str =
        "Checks a Markdown runbook and reports findings (error, warning, info) with \
        their line: missing or empty sections, Diagnosis or Resolution without steps, steps \
        without an expected result or an action, automated steps without a command, automated \
        remediations without a guard or a dry run, Escalation without a target, alert matchers \
        that do not parse (Alertmanager syntax), no matchers and no services, no owner, and a \
        review older than `review_interval` (default P90D) at `now`. The finding codes are listed \
        in `docs/runbook.md`. `ok` is true when there are no errors.";
    const EXAMPLE: &'static str = concat!(
        r#"{"markdown": "#,
        example_runbook!(),
        r#", "now": "2026-11-26T09:00:00Z"}"#
    );
    type Input = RunbookLintInput;
    type Output = LintReport;
    fn run(i: RunbookLintInput) -> Result<LintReport, Error> {
        let p = parse_document(&i.markdown)?;
        Ok(LintReport::new(p.runbook.id(), lint(&p, i.now)))
    }
}

/// A runbook as data.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct RunbookRenderInput {
    /// The runbook (the shape `runbook.parse` returns).
    runbook: Runbook,
}

/// Markdown.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "MarkdownOutput"))]
pub(crate) struct MarkdownOutput {
    /// The document.
    pub(crate) markdown: String,
}

pub(crate) struct Render;
impl Op for Render {
    const NAME: &'static str = "runbook.render";
    const SUMMARY: &'static str = "write a runbook as Markdown (round-trips through runbook.parse)";
    const DOC: &'static str =
        "Writes a runbook as Markdown in the canonical form: front matter with the \
        fields that are set, `# Title`, the sections in their order, numbered steps with the \
        command first, then the fields, then the notes. `runbook.parse` of the result gives the \
        same runbook back.";
    const EXAMPLE: &'static str = r#"{"runbook": {"meta": {"owner": "team-db", "alerts": ["{alertname=\"DiskFull\"}"]}, "title": "Disk full", "symptoms": "Disk above 95%.", "resolution": {"steps": [{"title": "Delete old logs", "command": {"language": "sh", "code": "journalctl --vacuum-time=2d"}, "expected": "at least 10% free"}]}}}"#;
    type Input = RunbookRenderInput;
    type Output = MarkdownOutput;
    fn run(i: RunbookRenderInput) -> Result<MarkdownOutput, Error> {
        Ok(MarkdownOutput {
            markdown: render(&i.runbook),
        })
    }
}

/// A runbook and where it lives.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct RunbookSource {
    /// The Markdown document.
    markdown: String,
    /// Its path or URL (an alert whose `runbook_url` ends with it matches the runbook).
    #[serde(default)]
    location: Option<String>,
}

fn index(runbooks: Bounded<RunbookSource, MAX_RUNBOOKS>) -> Result<RunbookIndex, Error> {
    let mut parsed: Vec<(ParsedRunbook, Option<String>)> = Vec::with_capacity(runbooks.0.len());
    for (i, r) in runbooks.0.into_iter().enumerate() {
        let p = parse_document(&r.markdown)
            .map_err(|e| Error::from(e).at(format!("runbooks[{i}].markdown")))?;
        parsed.push((p, r.location));
    }
    Ok(RunbookIndex::new(&parsed)?)
}

/// Runbooks and what to match them to.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct RunbookMatchInput {
    /// The runbooks.
    runbooks: Bounded<RunbookSource, MAX_RUNBOOKS>,
    /// Alerts (the native alert form of `alert.normalize`).
    #[serde(default)]
    alerts: Option<Bounded<Alert, MAX_SUBJECTS>>,
    /// Incidents.
    #[serde(default)]
    incidents: Option<Bounded<IncidentSubject, MAX_SUBJECTS>>,
}

/// The runbooks for one alert.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct AlertRunbooks {
    /// The alert's position in the input.
    index: usize,
    /// Its name (`alertname`).
    alert: String,
    /// The runbooks that apply, with why.
    runbooks: Vec<RunbookMatch>,
}

/// The runbooks for one incident.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct IncidentRunbooks {
    /// The incident id.
    incident: String,
    /// The runbooks that apply, with why.
    runbooks: Vec<RunbookMatch>,
}

/// Matches.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct RunbookMatchOutput {
    /// One entry per alert, in input order.
    alerts: Vec<AlertRunbooks>,
    /// One entry per incident, in input order.
    incidents: Vec<IncidentRunbooks>,
}

pub(crate) struct Match;
impl Op for Match {
    const NAME: &'static str = "runbook.match";
    const SUMMARY: &'static str = "which runbooks apply to each alert and incident, and why";
    const DOC: &'static str =
        "Matches runbooks to alerts and incidents. An alert matches a runbook when \
        one of the runbook's `alerts:` matcher lists matches all its labels (Alertmanager \
        semantics: anchored regexes, a missing label reads as empty), or when its `runbook_url` \
        ends with the runbook's `location`. An incident matches by its service (the runbook's \
        `services:`) or by matchers on its labels plus `service` and `severity`. A broken \
        matcher is an error (`runbook_invalid_matcher`, naming the runbook and line).";
    const EXAMPLE: &'static str = concat!(
        r#"{"runbooks": [{"markdown": "#,
        example_runbook!(),
        r#", "location": "runbooks/api-latency.md"}], "alerts": [{"labels": {"alertname": "HighLatency", "service": "api"}}, {"labels": {"alertname": "DiskFull"}, "runbook_url": "https://wiki.example.com/runbooks/api-latency.md"}], "incidents": [{"id": "INC-7", "service": "api", "severity": "SEV-2"}]}"#
    );
    type Input = RunbookMatchInput;
    type Output = RunbookMatchOutput;
    fn run(i: RunbookMatchInput) -> Result<RunbookMatchOutput, Error> {
        let idx = index(i.runbooks)?;
        Ok(RunbookMatchOutput {
            alerts: i
                .alerts
                .map(|b| b.0)
                .unwrap_or_default()
                .iter()
                .enumerate()
                .map(|(n, a)| AlertRunbooks {
                    index: n,
                    alert: a.name().to_string(),
                    runbooks: idx.for_alert(a),
                })
                .collect(),
            incidents: i
                .incidents
                .map(|b| b.0)
                .unwrap_or_default()
                .iter()
                .map(|s| IncidentRunbooks {
                    incident: s.id.clone(),
                    runbooks: idx.for_incident(s),
                })
                .collect(),
        })
    }
}

/// Runbooks, alert rules and incidents.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct RunbookCoverageInput {
    /// The runbooks.
    runbooks: Bounded<RunbookSource, MAX_RUNBOOKS>,
    /// Alerting rules: `name` (Prometheus `alert:`) and static `labels`.
    #[serde(default)]
    alert_rules: Option<Bounded<AlertRule, MAX_SUBJECTS>>,
    /// Incidents.
    #[serde(default)]
    incidents: Option<Bounded<IncidentSubject, MAX_SUBJECTS>>,
}

pub(crate) struct CoverageOp;
impl Op for CoverageOp {
    const NAME: &'static str = "runbook.coverage";
    const SUMMARY: &'static str =
        "which alert rules and incidents have a runbook, which do not, and which runbooks nothing uses";
    const DOC: &'static str =
        "Measures runbook coverage. An alert rule is covered when a runbook's \
        matchers match the labels every alert of the rule carries (its static labels plus \
        `alertname`); an incident when a runbook matches it as in `runbook.match`. Reports \
        covered/total and the ratio for each, the uncovered and the ambiguous (more than one \
        runbook) subjects, how much each runbook is used, and the runbooks nothing leads to.";
    const EXAMPLE: &'static str = concat!(
        r#"{"runbooks": [{"markdown": "#,
        example_runbook!(),
        r#"}], "alert_rules": [{"name": "HighLatency", "labels": {"service": "api", "severity": "page"}}, {"name": "DiskFull"}], "incidents": [{"id": "INC-7", "service": "api"}]}"#
    );
    type Input = RunbookCoverageInput;
    type Output = Coverage;
    fn run(i: RunbookCoverageInput) -> Result<Coverage, Error> {
        let idx = index(i.runbooks)?;
        let rules = i.alert_rules.map(|b| b.0).unwrap_or_default();
        let incidents = i.incidents.map(|b| b.0).unwrap_or_default();
        Ok(coverage(&idx, &rules, &incidents)?)
    }
}

/// A runbook and plan options.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct RunbookPlanInput {
    /// The Markdown document.
    markdown: String,
    /// Plan a rehearsal: remediations run their dry-run commands or are skipped.
    #[serde(default)]
    dry_run: bool,
    /// Automated remediations without a guard are planned as manual (default true).
    #[serde(default = "yes")]
    require_guard: bool,
    /// Plan the Diagnosis steps as well (default true).
    #[serde(default = "yes")]
    include_diagnosis: bool,
}

fn yes() -> bool {
    true
}

pub(crate) struct Plan;
impl Op for Plan {
    const NAME: &'static str = "runbook.plan";
    const SUMMARY: &'static str =
        "automated remediation as a plan: order, guards, dry run, escalation on failure (nothing is run)";
    const DOC: &'static str =
        "Turns a runbook's steps into a remediation plan; the library never runs a \
        command. Steps come in order (Diagnosis, then Resolution). An automated step is `execute` \
        only with a command, an expected result and — for a remediation — a guard; otherwise it is \
        planned `manual`, with the reason. In a dry run, diagnostics still execute, remediations \
        run their `Dry run:` command (`dry_run`) or are skipped (`skip_no_dry_run`). Each step \
        carries its timeout, retries and what follows a failure (escalate, stop, continue) with \
        the escalation target; the plan carries the Escalation section's time bound.";
    const EXAMPLE: &'static str = concat!(
        r#"{"markdown": "#,
        example_runbook!(),
        r#", "dry_run": true}"#
    );
    type Input = RunbookPlanInput;
    type Output = RemediationPlan;
    fn run(i: RunbookPlanInput) -> Result<RemediationPlan, Error> {
        let p = parse_document(&i.markdown)?;
        Ok(plan(
            &p.runbook,
            &PlanOptions {
                dry_run: i.dry_run,
                require_guard: i.require_guard,
                include_diagnosis: i.include_diagnosis,
            },
        )?)
    }
}
