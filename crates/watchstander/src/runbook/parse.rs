//! Markdown → [`Runbook`], with the line of every part.
//!
//! The format (see `docs/formats/runbook.md`):
//!
//! * optional YAML front matter ([`RunbookMeta`]);
//! * a `# Title`;
//! * `##` sections, recognised by name ([`SectionKind::from_heading`]) in any order; others are
//!   kept as [`OtherSection`]s;
//! * under `## Diagnosis` and `## Resolution`, each `###` heading is a [`Step`]: its first
//!   fenced code block is the command, the first bullet list made only of known `Key: value`
//!   items is its fields, the rest is notes;
//! * under `## Escalation`, a `To:` / `When:` / `After:` list.
//!
//! Parsing is strict about structure (a repeated heading, a field that cannot be read, bad
//! front matter are [`RunbookError`]s with the line) and lenient about content: a missing
//! section or an empty step is for [`lint`](super::lint()) to report.

use std::collections::{BTreeMap, HashMap};

use super::limits::{MAX_RUNBOOK_MATCHERS, MAX_SECTIONS, MAX_STEPS};
use super::model::{
    Command, Escalation, FailureAction, FailurePolicy, OtherSection, Runbook, RunbookMeta,
    SectionKind, Step, StepClass, StepMode, StepSection,
};
use super::RunbookError;
use crate::document::{
    self, field_list, join_prose, outline, read_front_matter, split_front_matter, subsections,
    Block, BlockKind, Part, Source, MAX_DOCUMENT_BYTES,
};
use crate::time::IsoDuration;

/// Where the parts of a parsed runbook are (1-based lines).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunbookLines {
    /// The `# Title` (or the first body line when the title came from the front matter).
    pub title: usize,
    /// The first line of the front matter's YAML, if there is front matter.
    pub front_matter: Option<usize>,
    /// Each section's heading.
    pub sections: BTreeMap<SectionKind, usize>,
    /// Each step's heading, per step section, in order.
    pub steps: BTreeMap<SectionKind, Vec<usize>>,
    /// Each entry of `alerts:` in the front matter, in order.
    pub matchers: Vec<usize>,
    /// Top-level front-matter keys.
    pub meta_keys: BTreeMap<String, usize>,
    /// The last line of the document.
    pub end: usize,
}

impl RunbookLines {
    /// The line of a step.
    pub fn step(&self, section: SectionKind, index: usize) -> usize {
        self.steps
            .get(&section)
            .and_then(|v| v.get(index))
            .copied()
            .unwrap_or_else(|| self.section(section))
    }

    /// The line of a section, or of the title when it is missing.
    pub fn section(&self, section: SectionKind) -> usize {
        self.sections.get(&section).copied().unwrap_or(self.title)
    }

    /// The line of a front-matter key, or of the front matter (or title) when absent.
    pub fn meta_key(&self, key: &str) -> usize {
        self.meta_keys
            .get(key)
            .copied()
            .or(self.front_matter)
            .unwrap_or(self.title)
    }
}

/// A runbook with the lines of its parts and the parser's work count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedRunbook {
    /// The runbook.
    pub runbook: Runbook,
    /// Where its parts are.
    pub lines: RunbookLines,
    /// Markdown events read: linear in the input, at most a few per byte.
    pub work: usize,
}

/// Parses a Markdown runbook.
///
/// ```
/// let text = concat!(
///     "---\nowner: team-api\nalerts: ['{alertname=\"HighLatency\"}']\n---\n",
///     "# API latency\n\n## Symptoms\n\np99 above 1 s.\n\n",
///     "## Resolution\n\n### Roll back\n\n",
///     "```sh\nkubectl rollout undo deploy/api\n```\n\n",
///     "- Kind: remediation, automated\n- Expected: p99 under 300 ms\n",
/// );
/// let rb = watchstander::runbook::parse(text)?;
/// assert_eq!(rb.title, "API latency");
/// let step = &rb.resolution.as_ref().unwrap().steps[0];
/// assert_eq!(step.command.as_ref().unwrap().code, "kubectl rollout undo deploy/api");
/// assert_eq!(step.expected.as_deref(), Some("p99 under 300 ms"));
/// // Writing it back and reading it again gives the same runbook.
/// assert_eq!(watchstander::runbook::parse(&watchstander::runbook::render(&rb))?, rb);
/// # Ok::<(), watchstander::runbook::RunbookError>(())
/// ```
pub fn parse(text: &str) -> Result<Runbook, RunbookError> {
    parse_document(text).map(|p| p.runbook)
}

/// [`parse`] for raw bytes (a file as read): invalid UTF-8 is a typed error with its line.
pub fn parse_bytes(bytes: &[u8]) -> Result<ParsedRunbook, RunbookError> {
    let text = document::decode(bytes, MAX_DOCUMENT_BYTES)?;
    parse_prepared(&text)
}

/// [`parse`], keeping the line of every part (what [`lint`](super::lint()) reports against).
pub fn parse_document(text: &str) -> Result<ParsedRunbook, RunbookError> {
    let text = document::prepare(text, MAX_DOCUMENT_BYTES)?;
    parse_prepared(&text)
}

fn parse_prepared(text: &str) -> Result<ParsedRunbook, RunbookError> {
    let source = Source::new(text);
    let (fm, body) = split_front_matter(&source)?;
    let meta: RunbookMeta = read_front_matter(&source, fm)?;
    let mut lines = RunbookLines {
        end: source.last_line(),
        ..RunbookLines::default()
    };
    if let Some(f) = fm {
        let first = source.line(f.offset);
        lines.front_matter = Some(first);
        for (i, l) in f.yaml.split('\n').enumerate() {
            if let Some((key, _)) = l.split_once(':') {
                if !key.is_empty() && !key.starts_with([' ', '\t', '-', '#']) {
                    lines
                        .meta_keys
                        .entry(key.trim().to_string())
                        .or_insert(first + i);
                }
            }
        }
        lines.matchers = matcher_lines(f.yaml, first, &meta.alerts);
    }
    if meta.alerts.len() > MAX_RUNBOOK_MATCHERS {
        return Err(RunbookError::TooLarge {
            what: "list of alert matchers".into(),
            size: meta.alerts.len(),
            limit: MAX_RUNBOOK_MATCHERS,
            line: lines.meta_key("alerts"),
        });
    }
    let (blocks, work) = document::blocks(&source, body);
    let o = outline(&blocks);
    if let (Some((_, first_line)), Some((heading, line))) = (&o.title, &o.second_title) {
        return Err(RunbookError::RepeatedHeading {
            heading: format!("# {heading}"),
            line: *line,
            first_line: *first_line,
        });
    }
    let title = match (&o.title, &meta.title) {
        (Some((t, line)), _) => {
            lines.title = *line;
            t.clone()
        }
        (None, Some(t)) if !t.trim().is_empty() => {
            lines.title = source.line(body);
            t.clone()
        }
        _ => {
            return Err(RunbookError::MissingTitle {
                line: source.line(body),
            })
        }
    };
    if o.sections.len() > MAX_SECTIONS {
        return Err(RunbookError::TooLarge {
            what: "number of sections".into(),
            size: o.sections.len(),
            limit: MAX_SECTIONS,
            line: o.sections.get(MAX_SECTIONS).map_or(1, |s| s.line),
        });
    }
    let mut rb = Runbook {
        meta,
        title,
        intro: prose(&source, &o.intro),
        symptoms: None,
        impact: None,
        diagnosis: None,
        resolution: None,
        escalation: None,
        prevention: None,
        other_sections: Vec::new(),
    };
    let mut other_seen: HashMap<String, usize> = HashMap::new();
    for part in &o.sections {
        let Some(kind) = SectionKind::from_heading(&part.heading) else {
            let key = part.heading.trim().to_lowercase();
            if let Some(first_line) = other_seen.insert(key, part.line) {
                return Err(RunbookError::RepeatedHeading {
                    heading: format!("## {}", part.heading),
                    line: part.line,
                    first_line,
                });
            }
            rb.other_sections.push(OtherSection {
                heading: part.heading.clone(),
                body: prose(&source, &part.blocks),
            });
            continue;
        };
        if let Some(&first_line) = lines.sections.get(&kind) {
            return Err(RunbookError::RepeatedHeading {
                heading: format!("## {}", part.heading),
                line: part.line,
                first_line,
            });
        }
        lines.sections.insert(kind, part.line);
        match kind {
            SectionKind::Symptoms => rb.symptoms = Some(prose(&source, &part.blocks)),
            SectionKind::Impact => rb.impact = Some(prose(&source, &part.blocks)),
            SectionKind::Prevention => rb.prevention = Some(prose(&source, &part.blocks)),
            SectionKind::Escalation => rb.escalation = Some(escalation(&source, part)?),
            SectionKind::Diagnosis | SectionKind::Resolution => {
                let (section, step_lines) = step_section(&source, part, kind)?;
                lines.steps.insert(kind, step_lines);
                if kind == SectionKind::Diagnosis {
                    rb.diagnosis = Some(section);
                } else {
                    rb.resolution = Some(section);
                }
            }
        }
    }
    Ok(ParsedRunbook {
        runbook: rb,
        lines,
        work,
    })
}

/// The Markdown of some blocks, joined by blank lines.
pub(crate) fn prose(source: &Source<'_>, blocks: &[&Block]) -> String {
    join_prose(blocks.iter().map(|b| b.source(source)))
}

/// The line of each matcher list in the front matter: the first line at or after the
/// `alerts:` key that holds the matcher's text.
fn matcher_lines(yaml: &str, first: usize, alerts: &[String]) -> Vec<usize> {
    let all: Vec<&str> = yaml.split('\n').collect();
    let key = all
        .iter()
        .position(|l| l.starts_with("alerts") && l.contains(':'))
        .unwrap_or(0);
    let mut from = key;
    alerts
        .iter()
        .map(|m| {
            let probe: String = m.chars().take(40).collect();
            let probe = probe.trim();
            let found = all
                .iter()
                .enumerate()
                .skip(from)
                .find(|(_, l)| !probe.is_empty() && l.contains(probe))
                .map(|(i, _)| i);
            match found {
                Some(i) => {
                    from = i + 1;
                    first + i
                }
                None => first + key,
            }
        })
        .collect()
}

/// Removes the `N.` / `N)` numbering the renderer puts in front of a step title.
fn strip_numbering(title: &str) -> &str {
    let digits = title.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 9 {
        return title;
    }
    let rest = title.get(digits..).unwrap_or("");
    match rest.strip_prefix(['.', ')']) {
        Some("") => "",
        Some(r) if r.starts_with([' ', '\t']) => r.trim_start(),
        _ => title,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum StepField {
    Kind,
    Expected,
    Guard,
    DryRun,
    Timeout,
    OnFailure,
}

impl StepField {
    fn parse(key: &str) -> Option<StepField> {
        Some(match key.to_lowercase().as_str() {
            "kind" | "class" | "type" => StepField::Kind,
            "expected" | "expected result" | "expect" => StepField::Expected,
            "guard" | "only if" | "precondition" => StepField::Guard,
            "dry run" | "dry-run" | "dryrun" => StepField::DryRun,
            "timeout" => StepField::Timeout,
            "on failure" | "on-failure" | "if it fails" => StepField::OnFailure,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            StepField::Kind => "Kind",
            StepField::Expected => "Expected",
            StepField::Guard => "Guard",
            StepField::DryRun => "Dry run",
            StepField::Timeout => "Timeout",
            StepField::OnFailure => "On failure",
        }
    }
}

fn step_section(
    source: &Source<'_>,
    part: &Part<'_>,
    kind: SectionKind,
) -> Result<(StepSection, Vec<usize>), RunbookError> {
    let (before, parts) = subsections(&part.blocks);
    if parts.len() > MAX_STEPS {
        return Err(RunbookError::TooLarge {
            what: format!("number of steps in {}", kind.heading()),
            size: parts.len(),
            limit: MAX_STEPS,
            line: parts.get(MAX_STEPS).map_or(part.line, |p| p.line),
        });
    }
    let mut steps = Vec::with_capacity(parts.len());
    let mut lines = Vec::with_capacity(parts.len());
    for p in &parts {
        steps.push(step(source, p)?);
        lines.push(p.line);
    }
    Ok((
        StepSection {
            intro: prose(source, &before),
            steps,
        },
        lines,
    ))
}

fn step(source: &Source<'_>, part: &Part<'_>) -> Result<Step, RunbookError> {
    let mut s = Step::titled(strip_numbering(&part.heading));
    let mut rest: Vec<&Block> = Vec::new();
    let mut fields_done = false;
    for b in &part.blocks {
        if s.command.is_none() {
            if let BlockKind::Code {
                fenced: true,
                info,
                literal,
            } = &b.kind
            {
                s.command = Some(Command {
                    language: info.split_whitespace().next().unwrap_or("").to_string(),
                    code: literal.clone(),
                });
                continue;
            }
        }
        if !fields_done {
            if let Some(fields) = field_list(b, StepField::parse) {
                fields_done = true;
                apply_fields(&mut s, fields)?;
                continue;
            }
        }
        rest.push(b);
    }
    s.notes = prose(source, &rest);
    Ok(s)
}

fn apply_fields(s: &mut Step, fields: Vec<(StepField, String, usize)>) -> Result<(), RunbookError> {
    let mut seen = BTreeMap::new();
    for (field, value, line) in fields {
        let bad = |reason: &str| RunbookError::InvalidStep {
            line,
            field: field.name().to_string(),
            value: value.clone(),
            reason: reason.to_string(),
        };
        if seen.insert(field, line).is_some() {
            return Err(bad("the field is given twice in this step; keep one"));
        }
        if value.is_empty() {
            continue;
        }
        match field {
            StepField::Kind => {
                let (class, mode) = parse_kind(&value).map_err(|r| bad(&r))?;
                s.class = class;
                s.mode = mode;
            }
            StepField::Expected => s.expected = Some(value),
            StepField::Guard => s.guard = Some(value),
            StepField::DryRun => s.dry_run = Some(value),
            StepField::Timeout => {
                let d: IsoDuration = value.trim_matches('`').parse().map_err(|_| {
                    bad("a timeout is an ISO 8601 duration such as PT5M or PT1H30M")
                })?;
                if d.has_calendar_months() || d.negative || d.is_zero() {
                    return Err(bad(
                        "a timeout is a positive duration in days, hours, minutes or seconds",
                    ));
                }
                s.timeout = Some(d);
            }
            StepField::OnFailure => {
                s.on_failure = Some(parse_failure(&value).map_err(|r| bad(&r))?);
            }
        }
    }
    Ok(())
}

/// `diagnostic, manual`, `remediation automated`, `automated` …
fn parse_kind(value: &str) -> Result<(Option<StepClass>, Option<StepMode>), String> {
    let (mut class, mut mode) = (None, None);
    for word in value
        .split(|c: char| c == ',' || c == '/' || c.is_whitespace())
        .filter(|w| !w.is_empty())
    {
        match word.to_lowercase().as_str() {
            "diagnostic" | "diagnosis" | "read-only" | "readonly" => {
                class = Some(StepClass::Diagnostic)
            }
            "remediation" | "remediate" | "fix" | "mitigation" => {
                class = Some(StepClass::Remediation)
            }
            "manual" => mode = Some(StepMode::Manual),
            "automated" | "automatic" | "auto" => mode = Some(StepMode::Automated),
            other => {
                return Err(format!(
                    "{other:?} is not a kind; write diagnostic or remediation, and manual or automated (e.g. `remediation, automated`)"
                ))
            }
        }
    }
    Ok((class, mode))
}

/// `escalate`, `stop`, `continue`, `retry 2`, `retry 2 then stop`.
fn parse_failure(value: &str) -> Result<FailurePolicy, String> {
    const HELP: &str =
        "write escalate, stop, continue, `retry N` (then escalate) or `retry N then stop`";
    let lower = value.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let action = |w: &str| match w {
        "escalate" => Some(FailureAction::Escalate),
        "stop" | "abort" => Some(FailureAction::Stop),
        "continue" | "ignore" => Some(FailureAction::Continue),
        _ => None,
    };
    match words.as_slice() {
        [w] => action(w)
            .map(|then| FailurePolicy { retries: 0, then })
            .ok_or_else(|| HELP.to_string()),
        ["retry", n, rest @ ..] => {
            let retries: u32 = n.parse().map_err(|_| HELP.to_string())?;
            if retries > super::MAX_RETRIES {
                return Err(format!(
                    "at most {} retries (MAX_RETRIES); a step that fails that often needs a person",
                    super::MAX_RETRIES
                ));
            }
            let then = match rest {
                [] => FailureAction::Escalate,
                ["then", w] => action(w).ok_or_else(|| HELP.to_string())?,
                _ => return Err(HELP.to_string()),
            };
            Ok(FailurePolicy { retries, then })
        }
        _ => Err(HELP.to_string()),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum EscalationField {
    To,
    When,
    After,
}

fn escalation(source: &Source<'_>, part: &Part<'_>) -> Result<Escalation, RunbookError> {
    let mut e = Escalation::default();
    let mut rest: Vec<&Block> = Vec::new();
    let mut done = false;
    for b in &part.blocks {
        if !done {
            let fields = field_list(b, |k| match k.to_lowercase().as_str() {
                "to" | "who" | "contact" => Some(EscalationField::To),
                "when" | "if" => Some(EscalationField::When),
                "after" | "escalate after" | "time limit" => Some(EscalationField::After),
                _ => None,
            });
            if let Some(fields) = fields {
                done = true;
                let mut seen = BTreeMap::new();
                for (f, value, line) in fields {
                    let name = match f {
                        EscalationField::To => "To",
                        EscalationField::When => "When",
                        EscalationField::After => "After",
                    };
                    let bad = |reason: &str| RunbookError::InvalidStep {
                        line,
                        field: name.to_string(),
                        value: value.clone(),
                        reason: reason.to_string(),
                    };
                    if seen.insert(f, line).is_some() {
                        return Err(bad("the field is given twice; keep one"));
                    }
                    if value.is_empty() {
                        continue;
                    }
                    match f {
                        EscalationField::To => e.to = Some(value),
                        EscalationField::When => e.when = Some(value),
                        EscalationField::After => {
                            let d: IsoDuration = value
                                .trim_matches('`')
                                .parse()
                                .map_err(|_| bad("write an ISO 8601 duration such as PT30M"))?;
                            if d.has_calendar_months() || d.negative || d.is_zero() {
                                return Err(bad("write a positive duration such as PT30M"));
                            }
                            e.after = Some(d);
                        }
                    }
                }
                continue;
            }
        }
        rest.push(b);
    }
    e.notes = prose(source, &rest);
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_is_stripped_once() {
        assert_eq!(strip_numbering("1. Restart"), "Restart");
        assert_eq!(strip_numbering("12) Restart"), "Restart");
        assert_eq!(strip_numbering("1. 2. x"), "2. x");
        assert_eq!(strip_numbering("1.5 GB free"), "1.5 GB free");
        assert_eq!(strip_numbering("1."), "");
        assert_eq!(strip_numbering("Restart"), "Restart");
    }

    #[test]
    fn kinds_and_failure_policies() {
        assert_eq!(
            parse_kind("Remediation, Automated").unwrap(),
            (Some(StepClass::Remediation), Some(StepMode::Automated))
        );
        assert_eq!(
            parse_kind("manual").unwrap(),
            (None, Some(StepMode::Manual))
        );
        assert!(parse_kind("dangerous").is_err());
        assert_eq!(
            parse_failure("retry 2 then stop").unwrap(),
            FailurePolicy {
                retries: 2,
                then: FailureAction::Stop
            }
        );
        assert_eq!(
            parse_failure("Retry 1").unwrap().then,
            FailureAction::Escalate
        );
        assert!(parse_failure("retry 99").is_err());
        assert!(parse_failure("panic").is_err());
        assert!(parse_failure("retry x").is_err());
    }

    #[test]
    fn matcher_lines_follow_the_entries() {
        let yaml = "owner: x\nalerts:\n  - '{a=\"1\"}'\n  - 'b=\"2\"'\n";
        assert_eq!(
            matcher_lines(yaml, 2, &["{a=\"1\"}".into(), "b=\"2\"".into()]),
            vec![4, 5]
        );
    }
}
