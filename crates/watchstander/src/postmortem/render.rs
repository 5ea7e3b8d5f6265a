//! [`Postmortem`] → Markdown, in the canonical form [`parse`](super::parse()) reads back
//! unchanged: front matter, `# Title`, intro, the sections in [`SectionKind::ALL`] order, other
//! sections. In `## Action items` the table comes first, then the notes; in Root cause and
//! Lessons learned the intro, then the known subsections.

use std::fmt::Write as _;

use super::model::{ActionItems, Lessons, Postmortem, RootCause, SectionKind};
use crate::document::{escape_cell, heading_text, write_front_matter};

/// Writes a post-mortem as Markdown.
pub fn render(pm: &Postmortem) -> String {
    let mut out = write_front_matter(&pm.meta);
    let _ = writeln!(out, "# {}\n", heading_text(&pm.title));
    push_block(&mut out, &pm.intro);
    for kind in SectionKind::ALL {
        match kind {
            SectionKind::Summary => prose(&mut out, kind, pm.summary.as_deref()),
            SectionKind::Impact => prose(&mut out, kind, pm.impact.as_deref()),
            SectionKind::Timeline => prose(&mut out, kind, pm.timeline.as_deref()),
            SectionKind::Responders => prose(&mut out, kind, pm.responders.as_deref()),
            SectionKind::Resolution => prose(&mut out, kind, pm.resolution.as_deref()),
            SectionKind::RootCause => root_cause(&mut out, pm.root_cause.as_ref()),
            SectionKind::ActionItems => action_items(&mut out, pm.action_items.as_ref()),
            SectionKind::Lessons => lessons(&mut out, pm.lessons.as_ref()),
        }
    }
    for s in &pm.other_sections {
        let _ = writeln!(out, "## {}\n", heading_text(&s.heading));
        push_block(&mut out, &s.body);
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn push_block(out: &mut String, text: &str) {
    let t = text.trim_end();
    if !t.trim().is_empty() {
        out.push_str(t);
        out.push_str("\n\n");
    }
}

fn prose(out: &mut String, kind: SectionKind, text: Option<&str>) {
    if let Some(t) = text {
        let _ = writeln!(out, "## {}\n", kind.heading());
        push_block(out, t);
    }
}

fn sub(out: &mut String, heading: &str, text: Option<&str>) {
    if let Some(t) = text {
        let _ = writeln!(out, "### {heading}\n");
        push_block(out, t);
    }
}

fn root_cause(out: &mut String, rc: Option<&RootCause>) {
    let Some(rc) = rc else { return };
    let _ = writeln!(out, "## {}\n", SectionKind::RootCause.heading());
    push_block(out, &rc.intro);
    sub(out, "Technical", rc.technical.as_deref());
    sub(out, "Process", rc.process.as_deref());
}

fn lessons(out: &mut String, l: Option<&Lessons>) {
    let Some(l) = l else { return };
    let _ = writeln!(out, "## {}\n", SectionKind::Lessons.heading());
    push_block(out, &l.intro);
    sub(out, "What went well", l.went_well.as_deref());
    sub(
        out,
        "What needs improvement",
        l.needs_improvement.as_deref(),
    );
    sub(out, "Where we got lucky", l.lucky.as_deref());
}

/// The action-item table (empty when there are no items).
pub(crate) fn action_table(a: &ActionItems) -> String {
    if a.items.is_empty() {
        return String::new();
    }
    let tickets = a.items.iter().any(|i| i.ticket.is_some());
    let mut t = String::from("| Action | Owner | Due | Priority | Status |");
    if tickets {
        t.push_str(" Ticket |");
    }
    t.push_str("\n|---|---|---|---|---|");
    if tickets {
        t.push_str("---|");
    }
    t.push('\n');
    for i in &a.items {
        let _ = write!(
            t,
            "| {} | {} | {} | {} | {} |",
            escape_cell(&i.title),
            escape_cell(i.owner.as_deref().unwrap_or("")),
            i.due.map(|d| d.to_string()).unwrap_or_default(),
            escape_cell(i.priority.as_deref().unwrap_or("")),
            i.status.as_str()
        );
        if tickets {
            let _ = write!(t, " {} |", escape_cell(i.ticket.as_deref().unwrap_or("")));
        }
        t.push('\n');
    }
    t
}

fn action_items(out: &mut String, a: Option<&ActionItems>) {
    let Some(a) = a else { return };
    let _ = writeln!(out, "## {}\n", SectionKind::ActionItems.heading());
    push_block(out, &action_table(a));
    push_block(out, &a.notes);
}
