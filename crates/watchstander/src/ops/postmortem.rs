//! `postmortem.*` operations: policy requirements, drafts from an incident's events, lint
//! (template, action items, blameless language), render, parse and the knowledge index. Each
//! calls the typed API of [`crate::postmortem`]; none holds logic.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::bounded::Bounded;
use super::runbook::{LintReport, MarkdownOutput};
use super::{Op, Operation};
use crate::document::Finding;
use crate::incident::{replay, Event, IncidentConfig};
use crate::postmortem::{
    draft, index, lint, parse_document, render, requirement, BlamelessConfig, BlamelessLint, Draft,
    DraftOptions, KnowledgeIndex, LintOptions, Postmortem, PostmortemPolicy, Requirement,
    SectionKind, MAX_INDEXED,
};
use crate::time::Zone;
use crate::Error;

pub(super) const OPERATIONS: &[Operation] = &[
    Operation::of::<RequirementOp>(),
    Operation::of::<DraftOp>(),
    Operation::of::<Lint>(),
    Operation::of::<Blameless>(),
    Operation::of::<Render>(),
    Operation::of::<Parse>(),
    Operation::of::<Index>(),
];

/// A resolved SEV-2 with impact, a role, a note and a follow-up.
macro_rules! example_events {
    () => {
        r#"[{"id": "1", "incident": "INC-7", "kind": "detected", "title": "Checkout errors", "severity": "SEV-2", "service": "checkout", "occurred_at": "2026-11-26T10:00:00Z", "recorded_at": "2026-11-26T10:00:00Z", "actor": "alertmanager"}, {"id": "2", "incident": "INC-7", "kind": "impact_started", "description": "payments fail", "occurred_at": "2026-11-26T09:55:00Z", "recorded_at": "2026-11-26T10:01:00Z", "actor": "alice"}, {"id": "3", "incident": "INC-7", "kind": "acknowledged", "occurred_at": "2026-11-26T10:07:00Z", "recorded_at": "2026-11-26T10:07:00Z", "actor": "bob"}, {"id": "4", "incident": "INC-7", "kind": "role_assigned", "role": "incident_commander", "person": "alice", "occurred_at": "2026-11-26T10:08:00Z", "recorded_at": "2026-11-26T10:08:00Z", "actor": "alice"}, {"id": "5", "incident": "INC-7", "kind": "status_changed", "to": "monitoring", "reason": "rolled back the config push", "occurred_at": "2026-11-26T10:40:00Z", "recorded_at": "2026-11-26T10:40:00Z", "actor": "bob"}, {"id": "6", "incident": "INC-7", "kind": "impact_ended", "occurred_at": "2026-11-26T10:41:00Z", "recorded_at": "2026-11-26T10:41:00Z", "actor": "bob"}, {"id": "7", "incident": "INC-7", "kind": "follow_up_created", "title": "Canary config pushes", "owner": "platform", "due": "2026-12-15", "occurred_at": "2026-11-26T10:50:00Z", "recorded_at": "2026-11-26T10:50:00Z", "actor": "alice"}, {"id": "8", "incident": "INC-7", "kind": "status_changed", "to": "resolved", "occurred_at": "2026-11-26T11:00:00Z", "recorded_at": "2026-11-26T11:00:00Z", "actor": "bob"}]"#
    };
}

/// A small post-mortem, as JSON string content, for the examples.
macro_rules! example_postmortem {
    () => {
        r#""---\nincident: INC-7\nseverity: SEV-2\nstatus: in_review\nowner: alice\nservices: [checkout]\ntags: [config]\nroot_cause_categories: [configuration-change]\ndue: 2026-12-03\n---\n# Checkout errors\n\n## Summary\n\nA config push made payments fail for 46 minutes.\n\n## Impact\n\n1 200 failed checkouts.\n\n## Timeline\n\n| Time | What |\n|---|---|\n| 10:00 | Detected |\n\n## Root cause\n\n### Technical\n\nThe config schema allowed an empty endpoint list.\n\n### Process\n\nConfig pushes skip the canary stage.\n\n## Resolution\n\nThe push was rolled back.\n\n## Action items\n\n| Action | Owner | Due | Priority | Status |\n|---|---|---|---|---|\n| Validate endpoint lists | payments | 2026-12-10 | P1 | open |\n| Canary config pushes | platform | 2026-12-15 | P2 | in progress |\n\n## Lessons learned\n\n### What went well\n\n- The rollback took two minutes.\n\n### What needs improvement\n\n- Config pushes skip the canary.\n""#
    };
}

fn config(c: Option<IncidentConfig>) -> Result<IncidentConfig, Error> {
    Ok(c.unwrap_or_default().validate()?)
}

/// An incident's events and the policy.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct PostmortemRequirementInput {
    /// Severity policy and roles (default: the defaults).
    #[serde(default)]
    config: Option<IncidentConfig>,
    /// The incident's events, in any order.
    events: Vec<Event>,
    /// The post-mortem policy (default: SEV-1 and SEV-2, 5 business days, review after 20).
    #[serde(default)]
    policy: PostmortemPolicy,
}

pub(crate) struct RequirementOp;
impl Op for RequirementOp {
    const NAME: &'static str = "postmortem.requirement";
    const SUMMARY: &'static str =
        "does this incident need a post-mortem, by when, and when are its action items reviewed";
    const DOC: &'static str =
        "Applies the post-mortem policy to an incident: required when it held one of \
        `required_severities` at any time (default SEV-1, SEV-2); never for declined or merged \
        incidents. The deadline is `deadline_business_days` (default 5, PagerDuty's \"within 5 \
        business days\") after resolution on the policy's business calendar (default Monday–Friday \
        09:00–17:00 UTC); the follow-up review `follow_up_review_business_days` (default 20) after \
        the deadline.";
    const EXAMPLE: &'static str = concat!(r#"{"events": "#, example_events!(), "}");
    type Input = PostmortemRequirementInput;
    type Output = Requirement;
    fn run(i: PostmortemRequirementInput) -> Result<Requirement, Error> {
        let incident = replay(&config(i.config)?, &i.events)?;
        Ok(requirement(&i.policy, &incident)?)
    }
}

/// An incident's events and how to draft.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct PostmortemDraftInput {
    /// Severity policy, roles and people's names (default: the defaults).
    #[serde(default)]
    config: Option<IncidentConfig>,
    /// The incident's events, in any order.
    events: Vec<Event>,
    /// The instant the draft is made at (SLA clocks and facts are read then).
    now: DateTime<Utc>,
    /// The zone times are shown in (default UTC).
    #[serde(default)]
    zone: Option<Zone>,
    /// The post-mortem policy (deadline and review dates).
    #[serde(default)]
    policy: PostmortemPolicy,
    /// The post-mortem's owner (default: the incident commander).
    #[serde(default)]
    owner: Option<String>,
    /// Services besides the incident's.
    #[serde(default)]
    services: Vec<String>,
    /// Tags.
    #[serde(default)]
    tags: Vec<String>,
}

pub(crate) struct DraftOp;
impl Op for DraftOp {
    const NAME: &'static str = "postmortem.draft";
    const SUMMARY: &'static str =
        "draft a post-mortem from an incident's events: timeline, impact, SLA, resolution, responders, prompts";
    const DOC: &'static str =
        "Drafts a post-mortem of a resolved (or declined, merged, closed) incident \
        from its events: the timeline in `zone`, impact from its impact windows, time in each \
        severity and its SLA clocks, the resolution from its status changes, the responders from \
        its roles, its follow-ups as action items, and the policy's due and review dates. What \
        only people can write — the summary, root causes, lessons, exact impact numbers — is left \
        as `> **TODO:**` prompts, which `postmortem.lint` reports until they are replaced. Returns \
        the draft as data and as Markdown.";
    const EXAMPLE: &'static str = concat!(
        r#"{"events": "#,
        example_events!(),
        r#", "now": "2026-11-26T12:00:00Z", "zone": "Europe/Berlin"}"#
    );
    type Input = PostmortemDraftInput;
    type Output = Draft;
    fn run(i: PostmortemDraftInput) -> Result<Draft, Error> {
        let options = DraftOptions {
            zone: i.zone.unwrap_or(Zone::UTC),
            policy: i.policy,
            owner: i.owner,
            services: i.services,
            tags: i.tags,
        };
        Ok(draft(&config(i.config)?, &i.events, i.now, &options)?)
    }
}

/// A post-mortem to lint.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct PostmortemLintInput {
    /// The Markdown document.
    markdown: String,
    /// The instant due dates are judged at.
    now: DateTime<Utc>,
    /// The zone "today" is read in (default UTC).
    #[serde(default)]
    zone: Option<Zone>,
    /// The sections that must be present (default: all but `responders`).
    #[serde(default)]
    required_sections: Option<Vec<SectionKind>>,
    /// Run the blameless-language lint (default true).
    #[serde(default = "yes")]
    check_language: bool,
    /// The blameless lint's word lists.
    #[serde(default)]
    blameless: BlamelessConfig,
}

fn yes() -> bool {
    true
}

pub(crate) struct Lint;
impl Op for Lint {
    const NAME: &'static str = "postmortem.lint";
    const SUMMARY: &'static str =
        "validate a post-mortem: sections, action items (owner, due date, overdue), prompts, blameless language";
    const DOC: &'static str =
        "Checks a Markdown post-mortem and reports findings with their line: missing \
        or empty sections, Root cause without Technical/Process and Lessons learned without What \
        went well/What needs improvement, unwritten `TODO:` prompts, action items without title, \
        owner or due date, overdue items (today in `zone`), an overdue unpublished post-mortem, a \
        due follow-up review, and — unless `check_language` is false — the blameless-language \
        findings of `postmortem.blameless` (the front matter's responders, authors and owner are \
        the people it watches for). Codes are listed in `docs/postmortem.md`.";
    const EXAMPLE: &'static str = concat!(
        r#"{"markdown": "#,
        example_postmortem!(),
        r#", "now": "2026-12-01T09:00:00Z"}"#
    );
    type Input = PostmortemLintInput;
    type Output = LintReport;
    fn run(i: PostmortemLintInput) -> Result<LintReport, Error> {
        let p = parse_document(&i.markdown)?;
        let options = LintOptions {
            now: i.now,
            zone: i.zone.unwrap_or(Zone::UTC),
            required_sections: i.required_sections,
            check_language: i.check_language,
            blameless: i.blameless,
        };
        let findings = lint(&p, &options)?;
        Ok(LintReport::new(p.postmortem.id(), findings))
    }
}

/// Text to check for blaming language.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct PostmortemBlamelessInput {
    /// Markdown (or plain) text: a post-mortem, a draft, a chat message.
    text: String,
    /// Word lists: extra phrases, allowed phrases, people's names.
    #[serde(default)]
    config: BlamelessConfig,
}

/// Blameless-language findings.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct BlamelessOutput {
    /// The findings, by line; each explains itself and suggests wording in systems terms.
    findings: Vec<Finding>,
}

pub(crate) struct Blameless;
impl Op for Blameless {
    const NAME: &'static str = "postmortem.blameless";
    const SUMMARY: &'static str =
        "find blaming language (human error, should have, careless, a person as the cause) with suggestions";
    const DOC: &'static str =
        "The blameless-language lint on any Markdown text. Flags blame (\"human \
        error\", \"careless\"), counterfactuals (\"should have\", \"failed to\"), hindsight \
        (\"obviously\"), punitive actions (\"be more careful\", \"retrain\") and a person as the \
        cause (\"caused by @dana\", \"Dana's mistake\"), each with its line, an explanation and a \
        suggestion in systems terms. It never rewrites the text. The word lists are configurable: \
        `phrases` to add, `allow` to remove, `people` to watch for (`@handles` always count unless \
        `mentions_are_people` is false).";
    const EXAMPLE: &'static str = r#"{"text": "The outage was human error: @dana should have checked the config.", "config": {"people": ["Dana"]}}"#;
    type Input = PostmortemBlamelessInput;
    type Output = BlamelessOutput;
    fn run(i: PostmortemBlamelessInput) -> Result<BlamelessOutput, Error> {
        Ok(BlamelessOutput {
            findings: BlamelessLint::new(&i.config)?.check(&i.text)?,
        })
    }
}

/// A post-mortem as data.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct PostmortemRenderInput {
    /// The post-mortem (the shape `postmortem.parse` returns).
    postmortem: Postmortem,
}

pub(crate) struct Render;
impl Op for Render {
    const NAME: &'static str = "postmortem.render";
    const SUMMARY: &'static str =
        "write a post-mortem as Markdown (round-trips through postmortem.parse)";
    const DOC: &'static str =
        "Writes a post-mortem as Markdown in the canonical form: front matter, \
        `# Title`, the sections in template order, the action-item table before any notes. \
        `postmortem.parse` of the result gives the same post-mortem back.";
    const EXAMPLE: &'static str = r#"{"postmortem": {"meta": {"incident": "INC-7", "owner": "alice"}, "title": "Checkout errors", "summary": "A config push made payments fail.", "action_items": {"items": [{"title": "Validate endpoint lists", "owner": "payments", "due": "2026-12-10", "priority": "P1"}]}}}"#;
    type Input = PostmortemRenderInput;
    type Output = MarkdownOutput;
    fn run(i: PostmortemRenderInput) -> Result<MarkdownOutput, Error> {
        Ok(MarkdownOutput {
            markdown: render(&i.postmortem),
        })
    }
}

/// A post-mortem as Markdown.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct PostmortemParseInput {
    /// The Markdown document.
    markdown: String,
}

/// A parsed post-mortem.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct PostmortemParseOutput {
    /// Its id (the incident, else the title as a slug).
    id: String,
    /// The post-mortem as data.
    postmortem: Postmortem,
}

pub(crate) struct Parse;
impl Op for Parse {
    const NAME: &'static str = "postmortem.parse";
    const SUMMARY: &'static str = "read a Markdown post-mortem (edited by hand) back into data";
    const DOC: &'static str =
        "Reads a post-mortem written in Markdown: YAML front matter, `# Title`, and \
        the sections Summary, Impact, Timeline, Responders, Root cause (### Technical, ### \
        Process), Resolution, Action items (a table with Action, Owner, Due, Priority, Status, \
        Ticket) and Lessons learned (### What went well, ### What needs improvement, ### Where we \
        got lucky); other sections are kept. Repeated headings, bad front matter, unreadable \
        action-item cells, binary or oversized input are typed errors naming the line. See \
        `docs/formats/postmortem.md`.";
    const EXAMPLE: &'static str = concat!(r#"{"markdown": "#, example_postmortem!(), "}");
    type Input = PostmortemParseInput;
    type Output = PostmortemParseOutput;
    fn run(i: PostmortemParseInput) -> Result<PostmortemParseOutput, Error> {
        let p = parse_document(&i.markdown)?;
        Ok(PostmortemParseOutput {
            id: p.postmortem.id(),
            postmortem: p.postmortem,
        })
    }
}

/// Post-mortems to index.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct PostmortemIndexInput {
    /// The post-mortems, as Markdown documents.
    postmortems: Bounded<String, MAX_INDEXED>,
}

pub(crate) struct Index;
impl Op for Index {
    const NAME: &'static str = "postmortem.index";
    const SUMMARY: &'static str =
        "a knowledge index of post-mortems by service, tag and root-cause category, with the lessons";
    const DOC: &'static str =
        "Indexes post-mortems for knowledge sharing: each with its severity, \
        services, tags, root-cause categories, lessons (the items of What went well, What needs \
        improvement, Where we got lucky) and action-item counts, newest first; maps from service, \
        tag and category to post-mortems; and the categories by how often they occur.";
    const EXAMPLE: &'static str = concat!(r#"{"postmortems": ["#, example_postmortem!(), "]}");
    type Input = PostmortemIndexInput;
    type Output = KnowledgeIndex;
    fn run(i: PostmortemIndexInput) -> Result<KnowledgeIndex, Error> {
        let mut pms = Vec::with_capacity(i.postmortems.0.len());
        for (n, text) in i.postmortems.0.iter().enumerate() {
            let p =
                parse_document(text).map_err(|e| Error::from(e).at(format!("postmortems[{n}]")))?;
            pms.push(p.postmortem);
        }
        Ok(index(&pms)?)
    }
}
