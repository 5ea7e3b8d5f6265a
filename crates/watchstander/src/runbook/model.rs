//! The runbook as data: metadata, the six sections, and the steps.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::time::IsoDuration;

/// A link from a runbook (dashboard, architecture page, past incident).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(rename = "RunbookLink"))]
pub struct Link {
    /// What it is.
    pub title: String,
    /// Where.
    pub url: String,
}

/// The runbook's front matter.
///
/// ```yaml
/// id: api-high-latency
/// services: [api]
/// alerts:
///   - '{alertname="HighLatency", service="api"}'
/// owner: team-api
/// last_reviewed: 2026-09-01
/// review_interval: P90D
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(rename = "RunbookMeta"))]
pub struct RunbookMeta {
    /// A stable identifier (default: the title as a slug, e.g. `api-high-latency`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The title, used only when the body has no `# Title` heading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The services it is for; an incident on one of them matches the runbook.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<String>,
    /// Alertmanager matcher lists (`{alertname="HighLatency", service="api"}`); an alert
    /// matches the runbook when **any** list matches all its matchers. Kept as written, so a
    /// broken matcher is a lint finding with its line rather than a parse failure.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alerts: Vec<String>,
    /// The team or person who keeps it current.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// When it was last checked against the system (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_reviewed: Option<NaiveDate>,
    /// How often it must be reviewed (ISO 8601, e.g. `P90D`, `P6M`; default
    /// [`DEFAULT_REVIEW_INTERVAL`](super::DEFAULT_REVIEW_INTERVAL)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_interval: Option<IsoDuration>,
    /// Dashboards, docs, past incidents.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// Free-form tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

/// What a step does (PagerDuty Automation Actions' `action_classification`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum StepClass {
    /// Reads state; changes nothing. Safe to run at any time.
    Diagnostic,
    /// Changes the system to restore service.
    Remediation,
}

/// Who carries a step out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum StepMode {
    /// A person does it.
    Manual,
    /// A tool may do it (the library only plans; it never runs anything).
    Automated,
}

/// What happens after a step fails (once its retries are used up).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FailureAction {
    /// Hand over to the escalation target and stop the plan.
    Escalate,
    /// Stop the plan without escalating (a person takes it from here).
    Stop,
    /// Go on with the next step.
    Continue,
}

/// A step's failure policy: retry up to `retries` times, then `then`.
///
/// Written in Markdown as `On failure: escalate`, `stop`, `continue`, `retry 2` (then
/// escalate) or `retry 2 then stop`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FailurePolicy {
    /// Retries before giving up (at most [`MAX_RETRIES`](super::MAX_RETRIES)).
    #[serde(default)]
    pub retries: u32,
    /// What to do then.
    pub then: FailureAction,
}

impl fmt::Display for FailurePolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let then = match self.then {
            FailureAction::Escalate => "escalate",
            FailureAction::Stop => "stop",
            FailureAction::Continue => "continue",
        };
        if self.retries == 0 {
            f.write_str(then)
        } else {
            write!(f, "retry {} then {then}", self.retries)
        }
    }
}

/// A command, as the fenced code block of a step holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(rename = "RunbookCommand"))]
pub struct Command {
    /// The language after the fence (`sh`, `sql`, …); empty if none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub language: String,
    /// The command text, exactly as written (may span lines).
    pub code: String,
}

/// One step of Diagnosis or Resolution: a `### Heading`, an optional command (the first fenced
/// code block), a field list and notes.
///
/// ````markdown
/// ### Roll back the last deploy
///
/// ```sh
/// kubectl -n api rollout undo deploy/api
/// ```
///
/// - Kind: remediation, automated
/// - Expected: p99 latency under 300 ms within 5 minutes
/// - Guard: `kubectl -n api rollout history deploy/api` lists a previous revision
/// - Dry run: `kubectl -n api rollout undo deploy/api --dry-run=server`
/// - Timeout: PT10M
/// - On failure: retry 1 then escalate
///
/// Only if the latency began with a deploy.
/// ````
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(rename = "RunbookStep"))]
pub struct Step {
    /// The heading text (Markdown, without the `N.` numbering the renderer adds).
    pub title: String,
    /// The command, if the step has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<Command>,
    /// Diagnostic or remediation (default: diagnostic under Diagnosis, remediation under
    /// Resolution).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<StepClass>,
    /// Manual or automated (default manual).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<StepMode>,
    /// What a person should see when the step worked (Markdown, one line).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// A condition that must hold before the step may run (Markdown, one line; a single code
    /// span is a command that checks it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guard: Option<String>,
    /// How to rehearse the step without changing anything (usually a code span).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<String>,
    /// How long the step may take before it counts as failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<IsoDuration>,
    /// What to do when it fails (default: continue for diagnostics, escalate for remediations).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_failure: Option<FailurePolicy>,
    /// The rest of the step: explanation, cautions, further code (Markdown).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

impl Step {
    /// A step with a title and nothing else.
    pub fn titled(title: impl Into<String>) -> Step {
        Step {
            title: title.into(),
            command: None,
            class: None,
            mode: None,
            expected: None,
            guard: None,
            dry_run: None,
            timeout: None,
            on_failure: None,
            notes: String::new(),
        }
    }

    /// The class, or the section's default.
    pub fn class_in(&self, section: SectionKind) -> StepClass {
        self.class.unwrap_or(match section {
            SectionKind::Resolution => StepClass::Remediation,
            _ => StepClass::Diagnostic,
        })
    }

    /// The mode, default manual.
    pub fn mode_or_default(&self) -> StepMode {
        self.mode.unwrap_or(StepMode::Manual)
    }

    /// The failure policy, or the default for its class: diagnostics continue, remediations
    /// escalate.
    pub fn failure_policy_in(&self, section: SectionKind) -> FailurePolicy {
        self.on_failure.unwrap_or(FailurePolicy {
            retries: 0,
            then: match self.class_in(section) {
                StepClass::Diagnostic => FailureAction::Continue,
                StepClass::Remediation => FailureAction::Escalate,
            },
        })
    }
}

/// A section made of ordered steps (Diagnosis, Resolution).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct StepSection {
    /// Text before the first step (Markdown).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub intro: String,
    /// The steps, in the order they are carried out.
    #[serde(default)]
    pub steps: Vec<Step>,
}

/// When and to whom to escalate.
///
/// ```markdown
/// ## Escalation
///
/// - To: database on-call (PagerDuty schedule `db-primary`)
/// - When: a remediation step fails, or customers still see errors
/// - After: PT30M
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(rename = "RunbookEscalation"))]
pub struct Escalation {
    /// Who to escalate to (Markdown, one line).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// When (Markdown, one line).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    /// Escalate anyway if the runbook has not restored service after this long.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<IsoDuration>,
    /// The rest of the section (Markdown).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
}

/// A `##` section the runbook format does not define, kept as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(rename = "RunbookOtherSection"))]
pub struct OtherSection {
    /// The heading text.
    pub heading: String,
    /// The content (Markdown).
    #[serde(default)]
    pub body: String,
}

/// The sections of a runbook, in their canonical order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", schemars(rename = "RunbookSection"))]
pub enum SectionKind {
    /// What the responder sees.
    Symptoms,
    /// Who and what is affected.
    Impact,
    /// How to find the cause (steps).
    Diagnosis,
    /// How to restore service (steps).
    Resolution,
    /// When and to whom to escalate.
    Escalation,
    /// How to keep it from happening again.
    Prevention,
}

impl SectionKind {
    /// Every section, in order.
    pub const ALL: [SectionKind; 6] = [
        SectionKind::Symptoms,
        SectionKind::Impact,
        SectionKind::Diagnosis,
        SectionKind::Resolution,
        SectionKind::Escalation,
        SectionKind::Prevention,
    ];

    /// The heading the renderer writes.
    pub fn heading(self) -> &'static str {
        match self {
            SectionKind::Symptoms => "Symptoms",
            SectionKind::Impact => "Impact",
            SectionKind::Diagnosis => "Diagnosis",
            SectionKind::Resolution => "Resolution",
            SectionKind::Escalation => "Escalation",
            SectionKind::Prevention => "Prevention",
        }
    }

    /// The section a heading names (case-insensitive; a few common synonyms are accepted).
    pub fn from_heading(heading: &str) -> Option<SectionKind> {
        let h = heading.trim().trim_end_matches(':').to_lowercase();
        Some(match h.as_str() {
            "symptoms" | "symptom" | "signs" => SectionKind::Symptoms,
            "impact" | "customer impact" | "user impact" => SectionKind::Impact,
            "diagnosis" | "diagnostics" | "investigation" | "triage" => SectionKind::Diagnosis,
            "resolution" | "remediation" | "mitigation" => SectionKind::Resolution,
            "escalation" | "escalation path" => SectionKind::Escalation,
            "prevention" | "preventing recurrence" => SectionKind::Prevention,
            _ => return None,
        })
    }
}

/// A runbook: what to do when an alert fires, written the way teams keep them in Git wikis.
///
/// Parse one from Markdown with [`parse`](super::parse()), write it back with
/// [`render`](super::render()): `parse(render(r)) == r` for every runbook `parse` returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Runbook {
    /// The front matter.
    #[serde(default)]
    pub meta: RunbookMeta,
    /// The `# Title`.
    pub title: String,
    /// Text between the title and the first section (Markdown).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub intro: String,
    /// What the responder sees: alerts, dashboards, customer reports (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symptoms: Option<String>,
    /// Who and what is affected, and how badly (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<String>,
    /// Steps that find the cause.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diagnosis: Option<StepSection>,
    /// Steps that restore service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<StepSection>,
    /// When and to whom to escalate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub escalation: Option<Escalation>,
    /// How to keep it from happening again (Markdown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prevention: Option<String>,
    /// Other `##` sections, in order, kept as written.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_sections: Vec<OtherSection>,
}

impl Runbook {
    /// The runbook's id: `meta.id`, else the title as a slug.
    pub fn id(&self) -> String {
        match &self.meta.id {
            Some(id) if !id.trim().is_empty() => id.clone(),
            _ => crate::incident::slugify(&self.title),
        }
    }

    /// The steps of a step section (empty for the others or when absent).
    pub fn steps(&self, section: SectionKind) -> &[Step] {
        let s = match section {
            SectionKind::Diagnosis => &self.diagnosis,
            SectionKind::Resolution => &self.resolution,
            _ => return &[],
        };
        s.as_ref().map_or(&[], |s| s.steps.as_slice())
    }

    /// Whether a section is present.
    pub fn has(&self, section: SectionKind) -> bool {
        match section {
            SectionKind::Symptoms => self.symptoms.is_some(),
            SectionKind::Impact => self.impact.is_some(),
            SectionKind::Diagnosis => self.diagnosis.is_some(),
            SectionKind::Resolution => self.resolution.is_some(),
            SectionKind::Escalation => self.escalation.is_some(),
            SectionKind::Prevention => self.prevention.is_some(),
        }
    }
}
