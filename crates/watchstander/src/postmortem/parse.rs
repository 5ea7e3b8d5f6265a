//! Markdown → [`Postmortem`], with the line of every part (teams edit post-mortems by hand,
//! so they must read back).
//!
//! The format (see `docs/formats/postmortem.md`): optional YAML front matter
//! ([`PostmortemMeta`]), a `# Title`, and `##` sections recognised by name
//! ([`SectionKind::from_heading`]). `## Root cause` has `### Technical` and `### Process`
//! subsections; `## Lessons learned` has `### What went well`, `### What needs improvement` and
//! `### Where we got lucky`; `## Action items` holds a table with the columns Action, Owner,
//! Due, Priority, Status and Ticket (any order; only Action is required).

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::limits::{MAX_ACTION_ITEMS, MAX_POSTMORTEM_SECTIONS};
use super::model::{
    ActionItem, ActionItems, ActionStatus, Lessons, OtherSection, Postmortem, PostmortemMeta,
    RootCause, SectionKind,
};
use super::PostmortemError;
use crate::document::{
    self, heading_text, join_prose, outline, read_front_matter, split_front_matter, subsections,
    Block, BlockKind, Cell, Part, Source, MAX_DOCUMENT_BYTES,
};

/// Where the parts of a parsed post-mortem are (1-based lines).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PostmortemLines {
    /// The `# Title`.
    pub title: usize,
    /// The first line of the front matter's YAML, if any.
    pub front_matter: Option<usize>,
    /// Each section's heading.
    pub sections: BTreeMap<SectionKind, usize>,
    /// Each known subsection's heading, by its renderer heading (`Technical`, `What went well`…).
    pub subsections: BTreeMap<String, usize>,
    /// Each action item's row.
    pub action_items: Vec<usize>,
    /// Top-level front-matter keys.
    pub meta_keys: BTreeMap<String, usize>,
    /// The last line.
    pub end: usize,
}

impl PostmortemLines {
    /// The line of a section, or of the title when it is missing.
    pub fn section(&self, s: SectionKind) -> usize {
        self.sections.get(&s).copied().unwrap_or(self.title)
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

/// A post-mortem with the lines of its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedPostmortem {
    /// The post-mortem.
    pub postmortem: Postmortem,
    /// Where its parts are.
    pub lines: PostmortemLines,
    /// Markdown events read (linear in the input).
    pub work: usize,
    /// The document as read (line ends normalised to `\n`), which the lines refer to.
    pub text: String,
}

/// Parses a Markdown post-mortem.
///
/// ```
/// let text = concat!(
///     "# Checkout outage\n\n## Action items\n\n",
///     "| Action | Owner | Due | Status |\n|---|---|---|---|\n",
///     "| Add a lock timeout to migrations | db-team | 2026-12-15 | open |\n",
/// );
/// let pm = watchstander::postmortem::parse(text)?;
/// let item = &pm.action_items.as_ref().unwrap().items[0];
/// assert_eq!(item.owner.as_deref(), Some("db-team"));
/// assert_eq!(item.due.unwrap().to_string(), "2026-12-15");
/// assert_eq!(watchstander::postmortem::parse(&watchstander::postmortem::render(&pm))?, pm);
/// # Ok::<(), watchstander::postmortem::PostmortemError>(())
/// ```
pub fn parse(text: &str) -> Result<Postmortem, PostmortemError> {
    parse_document(text).map(|p| p.postmortem)
}

/// [`parse`] for raw bytes: invalid UTF-8 is a typed error with its line.
pub fn parse_bytes(bytes: &[u8]) -> Result<ParsedPostmortem, PostmortemError> {
    let text = document::decode(bytes, MAX_DOCUMENT_BYTES)?;
    parse_prepared(&text)
}

/// [`parse`], keeping the line of every part.
pub fn parse_document(text: &str) -> Result<ParsedPostmortem, PostmortemError> {
    let text = document::prepare(text, MAX_DOCUMENT_BYTES)?;
    parse_prepared(&text)
}

fn prose(source: &Source<'_>, blocks: &[&Block]) -> String {
    join_prose(blocks.iter().map(|b| b.source(source)))
}

fn parse_prepared(text: &str) -> Result<ParsedPostmortem, PostmortemError> {
    let source = Source::new(text);
    let (fm, body) = split_front_matter(&source)?;
    let meta: PostmortemMeta = read_front_matter(&source, fm)?;
    let mut lines = PostmortemLines {
        end: source.last_line(),
        ..PostmortemLines::default()
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
    }
    let (blocks, work) = document::blocks(&source, body);
    let o = outline(&blocks);
    if let (Some((_, first_line)), Some((heading, line))) = (&o.title, &o.second_title) {
        return Err(PostmortemError::RepeatedHeading {
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
            return Err(PostmortemError::MissingTitle {
                line: source.line(body),
            })
        }
    };
    if o.sections.len() > MAX_POSTMORTEM_SECTIONS {
        return Err(PostmortemError::TooLarge {
            what: "number of sections".into(),
            size: o.sections.len(),
            limit: MAX_POSTMORTEM_SECTIONS,
            line: o
                .sections
                .get(MAX_POSTMORTEM_SECTIONS)
                .map_or(1, |s| s.line),
        });
    }
    let mut pm = Postmortem {
        meta,
        title,
        intro: prose(&source, &o.intro),
        summary: None,
        impact: None,
        timeline: None,
        responders: None,
        root_cause: None,
        resolution: None,
        action_items: None,
        lessons: None,
        other_sections: Vec::new(),
    };
    let mut other_seen: HashMap<String, usize> = HashMap::new();
    for part in &o.sections {
        let Some(kind) = SectionKind::from_heading(&part.heading) else {
            if let Some(first_line) =
                other_seen.insert(part.heading.trim().to_lowercase(), part.line)
            {
                return Err(PostmortemError::RepeatedHeading {
                    heading: format!("## {}", part.heading),
                    line: part.line,
                    first_line,
                });
            }
            pm.other_sections.push(OtherSection {
                heading: part.heading.clone(),
                body: prose(&source, &part.blocks),
            });
            continue;
        };
        if let Some(&first_line) = lines.sections.get(&kind) {
            return Err(PostmortemError::RepeatedHeading {
                heading: format!("## {}", part.heading),
                line: part.line,
                first_line,
            });
        }
        lines.sections.insert(kind, part.line);
        let text = || prose(&source, &part.blocks);
        match kind {
            SectionKind::Summary => pm.summary = Some(text()),
            SectionKind::Impact => pm.impact = Some(text()),
            SectionKind::Timeline => pm.timeline = Some(text()),
            SectionKind::Responders => pm.responders = Some(text()),
            SectionKind::Resolution => pm.resolution = Some(text()),
            SectionKind::RootCause => {
                let (intro, subs) = split_subsections(&source, part, &mut lines, |h| match h {
                    "technical"
                    | "technical root cause"
                    | "technical cause"
                    | "technical causes" => Some("Technical"),
                    "process" | "process root cause" | "process cause" | "organisational"
                    | "organizational" => Some("Process"),
                    _ => None,
                })?;
                pm.root_cause = Some(RootCause {
                    intro,
                    technical: subs.get("Technical").cloned(),
                    process: subs.get("Process").cloned(),
                });
            }
            SectionKind::Lessons => {
                let (intro, subs) = split_subsections(&source, part, &mut lines, |h| match h {
                    "what went well" | "went well" => Some("What went well"),
                    "what needs improvement"
                    | "needs improvement"
                    | "what went wrong"
                    | "what didn't go well"
                    | "what did not go well"
                    | "what could be improved" => Some("What needs improvement"),
                    "where we got lucky" | "lucky" | "what was lucky" => Some("Where we got lucky"),
                    _ => None,
                })?;
                pm.lessons = Some(Lessons {
                    intro,
                    went_well: subs.get("What went well").cloned(),
                    needs_improvement: subs.get("What needs improvement").cloned(),
                    lucky: subs.get("Where we got lucky").cloned(),
                });
            }
            SectionKind::ActionItems => {
                pm.action_items = Some(action_items(&source, part, &mut lines)?);
            }
        }
    }
    Ok(ParsedPostmortem {
        postmortem: pm,
        lines,
        work,
        text: text.to_string(),
    })
}

/// Splits a section at `###` headings: known subsections by their canonical name, everything
/// else (text before them, unknown subsections with their headings) as the intro.
fn split_subsections(
    source: &Source<'_>,
    part: &Part<'_>,
    lines: &mut PostmortemLines,
    known: impl Fn(&str) -> Option<&'static str>,
) -> Result<(String, BTreeMap<&'static str, String>), PostmortemError> {
    let (before, parts) = subsections(&part.blocks);
    let mut intro: Vec<String> = before
        .iter()
        .map(|b| b.source(source).to_string())
        .collect();
    let mut subs = BTreeMap::new();
    for p in &parts {
        let key = p.heading.trim().trim_end_matches(':').to_lowercase();
        match known(&key) {
            Some(name) => {
                if let Some(first_line) = lines.subsections.get(name) {
                    return Err(PostmortemError::RepeatedHeading {
                        heading: format!("### {}", p.heading),
                        line: p.line,
                        first_line: *first_line,
                    });
                }
                lines.subsections.insert(name.to_string(), p.line);
                subs.insert(name, prose(source, &p.blocks));
            }
            None => {
                intro.push(format!("### {}", heading_text(&p.heading)));
                intro.extend(p.blocks.iter().map(|b| b.source(source).to_string()));
            }
        }
    }
    Ok((join_prose(intro.iter().map(String::as_str)), subs))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Action,
    Owner,
    Due,
    Priority,
    Status,
    Ticket,
}

fn column(name: &str) -> Option<Column> {
    Some(
        match name.trim().trim_end_matches(':').to_lowercase().as_str() {
            "action" | "action item" | "item" | "title" | "task" | "follow-up" | "follow up"
            | "what" => Column::Action,
            "owner" | "assignee" | "who" => Column::Owner,
            "due" | "due date" | "deadline" | "by" => Column::Due,
            "priority" | "prio" => Column::Priority,
            "status" | "state" => Column::Status,
            "ticket" | "link" | "issue" | "bug" | "tracking" => Column::Ticket,
            _ => return None,
        },
    )
}

/// Cells that mean "nobody yet" / "no date yet".
fn unset(s: &str) -> bool {
    matches!(
        s.trim().to_lowercase().as_str(),
        "" | "-" | "—" | "–" | "n/a" | "tbd" | "?" | "none"
    )
}

fn action_items(
    source: &Source<'_>,
    part: &Part<'_>,
    lines: &mut PostmortemLines,
) -> Result<ActionItems, PostmortemError> {
    let mut out = ActionItems::default();
    let mut rest: Vec<&Block> = Vec::new();
    let mut done = false;
    for b in &part.blocks {
        if let (false, BlockKind::Table { header, rows }) = (done, &b.kind) {
            if header
                .iter()
                .any(|c| column(&c.text) == Some(Column::Action))
            {
                done = true;
                let mut cols = Vec::with_capacity(header.len());
                for c in header {
                    cols.push(column(&c.text).ok_or_else(|| PostmortemError::InvalidActionItem {
                        line: c.line,
                        column: c.text.clone(),
                        value: c.text.clone(),
                        reason: "the column is not one of Action, Owner, Due, Priority, Status, Ticket; rename it or move its content into the action's text".into(),
                    })?);
                }
                if rows.len() > MAX_ACTION_ITEMS {
                    return Err(PostmortemError::TooLarge {
                        what: "number of action items".into(),
                        size: rows.len(),
                        limit: MAX_ACTION_ITEMS,
                        line: rows
                            .get(MAX_ACTION_ITEMS)
                            .and_then(|r| r.first())
                            .map_or(b.line, |c| c.line),
                    });
                }
                for row in rows {
                    let line = row.first().map_or(b.line, |c| c.line);
                    out.items.push(action_item(&cols, row, line)?);
                    lines.action_items.push(line);
                }
                continue;
            }
        }
        rest.push(b);
    }
    out.notes = prose(source, &rest);
    Ok(out)
}

fn action_item(cols: &[Column], row: &[Cell], line: usize) -> Result<ActionItem, PostmortemError> {
    let mut item = ActionItem {
        title: String::new(),
        owner: None,
        due: None,
        priority: None,
        status: ActionStatus::Open,
        ticket: None,
    };
    for (col, cell) in cols.iter().zip(row) {
        let v = cell.text.trim();
        let bad = |name: &str, reason: &str| PostmortemError::InvalidActionItem {
            line,
            column: name.to_string(),
            value: v.to_string(),
            reason: reason.to_string(),
        };
        match col {
            Column::Action => item.title = v.to_string(),
            Column::Owner => item.owner = (!unset(v)).then(|| v.to_string()),
            Column::Due => {
                if !unset(v) {
                    item.due = Some(NaiveDate::parse_from_str(v, "%Y-%m-%d").map_err(|_| {
                        bad("Due", "a due date is written YYYY-MM-DD, e.g. 2026-12-15 (leave it empty or TBD if not set)")
                    })?);
                }
            }
            Column::Priority => item.priority = (!v.is_empty()).then(|| v.to_string()),
            Column::Status => {
                item.status = ActionStatus::parse(v).ok_or_else(|| {
                    bad("Status", "a status is open, in progress, done or won't do")
                })?;
            }
            Column::Ticket => item.ticket = (!v.is_empty()).then(|| v.to_string()),
        }
    }
    Ok(item)
}
