//! Post-mortem validation: the template's sections, action items that can be followed up,
//! dates, unwritten prompts, and the [blameless-language lint](super::blameless).
//!
//! | code | level | when |
//! |---|---|---|
//! | `missing_section` | error | a required section is absent (default: all but Responders) |
//! | `empty_section` | error | a required section is present but says nothing |
//! | `missing_subsection` | warning | Root cause without Technical or Process; Lessons learned without What went well or What needs improvement |
//! | `unwritten_prompt` | error | a `> **TODO:**` prompt (from a draft, or your own) is still there |
//! | `no_action_items` | warning | the Action items section has no rows |
//! | `action_without_title` | error | a row without an action |
//! | `action_without_owner` | error | a row without an owner |
//! | `action_without_due_date` | error | a row without a due date |
//! | `action_without_priority` | info | a row without a priority |
//! | `action_overdue` | warning | an open or in-progress item whose due date has passed |
//! | `missing_owner` | warning | no `owner:` drives the review |
//! | `postmortem_overdue` | warning | `due:` has passed and the post-mortem is not published |
//! | `follow_up_review_due` | info | `review_on:` has come and action items are outstanding |
//! | `blaming_language`, `counterfactual`, `hindsight`, `punitive_action`, `person_as_cause` | warning | see [`blameless`](super::blameless) |
//!
//! "Today" is the date of `now` in the options' zone.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::blameless::{BlamelessConfig, BlamelessLint};
use super::model::{Postmortem, SectionKind};
use super::parse::{parse_document, ParsedPostmortem};
use super::{render, PostmortemError};
use crate::document::{self, finish, Finding, FindingLevel, Source};
use crate::time::Zone;

/// Options of the lint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LintOptions {
    /// The instant the dates are judged at.
    pub now: DateTime<Utc>,
    /// The zone "today" is read in (default UTC).
    #[serde(default = "utc")]
    pub zone: Zone,
    /// The sections that must be present (default: [`SectionKind::REQUIRED`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_sections: Option<Vec<SectionKind>>,
    /// Run the blameless-language lint (default true).
    #[serde(default = "yes")]
    pub check_language: bool,
    /// Its word lists (the post-mortem's `responders` and `authors` are added to `people`).
    #[serde(default)]
    pub blameless: BlamelessConfig,
}

fn utc() -> Zone {
    Zone::UTC
}
fn yes() -> bool {
    true
}

impl LintOptions {
    /// The defaults, judged at `now`.
    pub fn at(now: DateTime<Utc>) -> LintOptions {
        LintOptions {
            now,
            zone: Zone::UTC,
            required_sections: None,
            check_language: true,
            blameless: BlamelessConfig::default(),
        }
    }
}

/// Lints Markdown (parse errors are errors, not findings).
pub fn lint_text(text: &str, options: &LintOptions) -> Result<Vec<Finding>, PostmortemError> {
    lint(&parse_document(text)?, options)
}

/// Lints a post-mortem given as data; lines are those of its [`render`]ed Markdown.
pub fn lint_postmortem(
    pm: &Postmortem,
    options: &LintOptions,
) -> Result<Vec<Finding>, PostmortemError> {
    lint_text(&render(pm), options)
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// Lints a parsed post-mortem.
pub fn lint(
    parsed: &ParsedPostmortem,
    options: &LintOptions,
) -> Result<Vec<Finding>, PostmortemError> {
    let pm = &parsed.postmortem;
    let lines = &parsed.lines;
    let mut out = Vec::new();
    let required = options
        .required_sections
        .clone()
        .unwrap_or_else(|| SectionKind::REQUIRED.to_vec());
    for kind in SectionKind::ALL {
        if !required.contains(&kind) {
            continue;
        }
        if !pm.has(kind) {
            out.push(
                Finding::new(
                    FindingLevel::Error,
                    "missing_section",
                    lines.title,
                    format!("the post-mortem has no `## {}` section", kind.heading()),
                )
                .explained(purpose(kind)),
            );
            continue;
        }
        let empty = match kind {
            SectionKind::Summary => pm.summary.as_deref().is_some_and(blank),
            SectionKind::Impact => pm.impact.as_deref().is_some_and(blank),
            SectionKind::Timeline => pm.timeline.as_deref().is_some_and(blank),
            SectionKind::Responders => pm.responders.as_deref().is_some_and(blank),
            SectionKind::Resolution => pm.resolution.as_deref().is_some_and(blank),
            SectionKind::RootCause => pm.root_cause.as_ref().is_some_and(|r| {
                blank(&r.intro)
                    && r.technical.as_deref().is_none_or(blank)
                    && r.process.as_deref().is_none_or(blank)
            }),
            SectionKind::Lessons => pm.lessons.as_ref().is_some_and(|l| {
                blank(&l.intro)
                    && l.went_well.as_deref().is_none_or(blank)
                    && l.needs_improvement.as_deref().is_none_or(blank)
                    && l.lucky.as_deref().is_none_or(blank)
            }),
            SectionKind::ActionItems => false,
        };
        if empty {
            out.push(
                Finding::new(
                    FindingLevel::Error,
                    "empty_section",
                    lines.section(kind),
                    format!("the `## {}` section is empty", kind.heading()),
                )
                .explained(purpose(kind)),
            );
        }
    }
    if let Some(rc) = &pm.root_cause {
        for (name, present) in [
            ("Technical", rc.technical.is_some()),
            ("Process", rc.process.is_some()),
        ] {
            if !present {
                out.push(Finding::new(
                    FindingLevel::Warning,
                    "missing_subsection",
                    lines.section(SectionKind::RootCause),
                    format!("Root cause has no `### {name}` subsection: incidents have technical and process causes, and both need fixing"),
                ));
            }
        }
    }
    if let Some(l) = &pm.lessons {
        for (name, present) in [
            ("What went well", l.went_well.is_some()),
            ("What needs improvement", l.needs_improvement.is_some()),
        ] {
            if !present {
                out.push(Finding::new(
                    FindingLevel::Warning,
                    "missing_subsection",
                    lines.section(SectionKind::Lessons),
                    format!("Lessons learned has no `### {name}` subsection"),
                ));
            }
        }
    }
    prompts(parsed, &mut out)?;
    actions(parsed, options, &mut out);
    let today = options.zone.to_local(options.now).date();
    if pm.meta.owner.as_deref().is_none_or(blank) {
        out.push(Finding::new(
            FindingLevel::Warning,
            "missing_owner",
            lines.meta_key("owner"),
            "the post-mortem has no `owner:`: name the one person who drives the review to completion",
        ));
    }
    if let Some(due) = pm.meta.due {
        if due < today && pm.meta.status != Some(super::model::ReviewStatus::Published) {
            out.push(Finding::new(
                FindingLevel::Warning,
                "postmortem_overdue",
                lines.meta_key("due"),
                format!(
                    "the post-mortem was due on {due} and is not published ({} days late)",
                    (today - due).num_days()
                ),
            ));
        }
    }
    if let Some(review) = pm.meta.review_on {
        let open = pm
            .items()
            .iter()
            .filter(|i| i.status.is_outstanding())
            .count();
        if review <= today && open > 0 {
            out.push(Finding::new(
                FindingLevel::Info,
                "follow_up_review_due",
                lines.meta_key("review_on"),
                format!("the follow-up review was set for {review}; {open} action items are still outstanding"),
            ));
        }
    }
    if options.check_language {
        let mut config = options.blameless.clone();
        config.people.extend(pm.meta.responders.iter().cloned());
        config.people.extend(pm.meta.authors.iter().cloned());
        if let Some(o) = &pm.meta.owner {
            config.people.push(o.clone());
        }
        config.people.sort();
        config.people.dedup();
        let lint = BlamelessLint::new(&config)?;
        let (source, body) = parsed_source(parsed);
        out.extend(lint.check_source(&source, body));
    }
    Ok(finish(out))
}

/// The source the lines of `parsed` refer to.
fn parsed_source(parsed: &ParsedPostmortem) -> (Source<'_>, usize) {
    let src = Source::new(&parsed.text);
    let body = document::split_front_matter(&src).map_or(0, |(_, b)| b);
    (src, body)
}

fn purpose(kind: SectionKind) -> &'static str {
    match kind {
        SectionKind::Summary => "The summary is what most readers read: what happened, to whom, for how long.",
        SectionKind::Impact => "Impact with exact numbers (users, revenue, SLA breaches) decides how much the fixes are worth.",
        SectionKind::Timeline => "The timeline shows what was known when, which is where detection and response improve.",
        SectionKind::Responders => "Responders say who to ask about each part of the response.",
        SectionKind::RootCause => "Without causes (technical and process) the action items have nothing to fix.",
        SectionKind::Resolution => "Resolution records what restored service, for the next responder.",
        SectionKind::ActionItems => "Action items are how a post-mortem changes anything.",
        SectionKind::Lessons => "Lessons learned are what the rest of the organisation reads and reuses.",
    }
}

fn prompts(parsed: &ParsedPostmortem, out: &mut Vec<Finding>) -> Result<(), PostmortemError> {
    for (i, line) in parsed.text.split('\n').enumerate() {
        let t = line.trim_start().trim_start_matches('>').trim_start();
        if t.starts_with("**TODO:**") || t.starts_with("TODO:") {
            let mut f = Finding::new(
                FindingLevel::Error,
                "unwritten_prompt",
                i + 1,
                "a prompt is still waiting to be written: replace it with the answer",
            );
            f.excerpt = Some(document::single_line(t).chars().take(200).collect());
            out.push(f);
        }
    }
    Ok(())
}

fn actions(parsed: &ParsedPostmortem, options: &LintOptions, out: &mut Vec<Finding>) {
    let pm = &parsed.postmortem;
    let lines = &parsed.lines;
    let Some(section) = &pm.action_items else {
        return;
    };
    if section.items.is_empty() {
        out.push(Finding::new(
            FindingLevel::Warning,
            "no_action_items",
            lines.section(SectionKind::ActionItems),
            "there are no action items: add a table with Action, Owner, Due, Priority and Status",
        ).explained("A post-mortem without follow-up work documents the incident but changes nothing."));
        return;
    }
    let today = options.zone.to_local(options.now).date();
    for (i, item) in section.items.iter().enumerate() {
        let line = lines
            .action_items
            .get(i)
            .copied()
            .unwrap_or(lines.section(SectionKind::ActionItems));
        let name = if blank(&item.title) {
            format!("action item {}", i + 1)
        } else {
            format!("action item {} ({:?})", i + 1, item.title)
        };
        let open = item.status.is_outstanding();
        if blank(&item.title) {
            out.push(Finding::new(
                FindingLevel::Error,
                "action_without_title",
                line,
                format!("{name} does not say what will be done"),
            ));
        }
        if open && item.owner.as_deref().is_none_or(blank) {
            out.push(Finding::new(FindingLevel::Error, "action_without_owner", line, format!("{name} has no owner: an item nobody owns is not done"))
                .explained("Items without an owner are the ones that are never completed; name one team or person."));
        }
        if open && item.due.is_none() {
            out.push(Finding::new(
                FindingLevel::Error,
                "action_without_due_date",
                line,
                format!("{name} has no due date (YYYY-MM-DD)"),
            ));
        }
        if open && item.priority.as_deref().is_none_or(blank) {
            out.push(Finding::new(
                FindingLevel::Info,
                "action_without_priority",
                line,
                format!("{name} has no priority"),
            ));
        }
        if let Some(due) = item.due {
            if open && due < today {
                out.push(Finding::new(
                    FindingLevel::Warning,
                    "action_overdue",
                    line,
                    format!(
                        "{name} was due on {due} and is still {} ({} days overdue)",
                        item.status.as_str(),
                        (today - due).num_days()
                    ),
                ));
            }
        }
    }
}
