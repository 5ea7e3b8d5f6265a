//! Runbooks: what to do when an alert fires, kept as Markdown the way teams keep them in Git
//! wikis — parsed, validated, matched to alerts and incidents, measured for coverage, and
//! turned into remediation plans.
//!
//! A runbook has a title, metadata in YAML front matter ([`RunbookMeta`]: services, alert
//! matchers, owner, last review, review interval, links) and six sections: **Symptoms**,
//! **Impact**, **Diagnosis**, **Resolution**, **Escalation** and **Prevention**. Diagnosis and
//! Resolution are ordered [`Step`]s, each with a command or instructions, the expected result,
//! and a class — diagnostic or remediation, manual or automated.
//!
//! ```
//! use watchstander::runbook::{lint_text, parse, plan, render, PlanOptions};
//! use watchstander::time::parse_instant;
//!
//! let text = [
//!     "---",
//!     "services: [api]",
//!     r#"alerts: ['{alertname="HighLatency", service="api"}']"#,
//!     "owner: team-api",
//!     "last_reviewed: 2026-10-01",
//!     "---",
//!     "# API high latency",
//!     "",
//!     "## Symptoms",
//!     "",
//!     "p99 latency above 1 s on the API dashboard.",
//!     "",
//!     "## Impact",
//!     "",
//!     "Checkout is slow; some requests time out.",
//!     "",
//!     "## Diagnosis",
//!     "",
//!     "### Check for a recent deploy",
//!     "",
//!     "```sh",
//!     "kubectl -n api rollout history deploy/api",
//!     "```",
//!     "",
//!     "- Kind: diagnostic, automated",
//!     "- Expected: the latest revision and its time",
//!     "",
//!     "## Resolution",
//!     "",
//!     "### Roll back",
//!     "",
//!     "```sh",
//!     "kubectl -n api rollout undo deploy/api",
//!     "```",
//!     "",
//!     "- Kind: remediation, automated",
//!     "- Expected: p99 under 300 ms within 5 minutes",
//!     "- Guard: the latency began within 30 minutes of a deploy",
//!     "",
//!     "## Escalation",
//!     "",
//!     "- To: api on-call secondary",
//!     "- After: PT30M",
//!     "",
//!     "## Prevention",
//!     "",
//!     "Canary deploys with automatic rollback.",
//! ]
//! .join("\n");
//! let rb = parse(&text)?;
//! assert_eq!(parse(&render(&rb))?, rb);
//! // Only an info finding: the automated rollback has no dry run.
//! let findings = lint_text(&text, parse_instant("2026-11-26T00:00:00Z")?)?;
//! let codes: Vec<&str> = findings.iter().map(|f| f.code.as_str()).collect();
//! assert_eq!(codes, ["automated_without_dry_run"]);
//! let p = plan(&rb, &PlanOptions::default())?;
//! assert_eq!(p.steps.len(), 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The pieces, one job each:
//!
//! * [`parse`] / [`parse_document`] and [`render`] — Markdown in and out, round-trip stable;
//!   every structural problem is a [`RunbookError`] with its line;
//! * [`lint()`] — missing sections, steps without expected results, stale reviews, broken
//!   matchers, as [`Finding`](crate::document::Finding)s with line numbers;
//! * [`RunbookIndex`] — which runbooks apply to an alert or an incident, and why;
//! * [`coverage()`] — alert rules and incidents with and without runbooks;
//! * [`plan`] — automated remediation as a plan: guards, dry runs, order, escalation on
//!   failure. The library never runs a command.

pub mod coverage;
mod error;
mod limits;
pub mod lint;
pub mod matching;
mod model;
mod parse;
pub mod remediation;
mod render;

pub use coverage::{coverage, AlertRule, Coverage, CoverageSummary, Covered, RunbookUse};
pub use error::RunbookError;
pub use limits::*;
pub use lint::{lint, lint_runbook, lint_text, review_due, DEFAULT_REVIEW_INTERVAL};
pub use matching::{IncidentSubject, MatchReason, RunbookIndex, RunbookMatch};
pub use model::{
    Command, Escalation, FailureAction, FailurePolicy, Link, OtherSection, Runbook, RunbookMeta,
    SectionKind, Step, StepClass, StepMode, StepSection,
};
pub use parse::{parse, parse_bytes, parse_document, ParsedRunbook, RunbookLines};
pub use remediation::{plan, PlanEscalation, PlanOptions, PlannedStep, RemediationPlan, StepRun};
pub use render::render;
