//! [`Runbook`] → Markdown, in the canonical form [`parse`](super::parse()) reads back unchanged.
//!
//! The canonical form: front matter (only the fields that are set), `# Title`, the intro, the
//! six sections in their order (absent ones left out), then the other sections in their order.
//! In a step the command comes first, then the fields, then the notes; in Escalation the
//! fields, then the notes. Steps are numbered (`### 1. …`); the numbers are not part of the
//! title.

use std::fmt::Write as _;

use super::model::{Escalation, Runbook, SectionKind, Step, StepClass, StepMode, StepSection};
use crate::document::{code_block, heading_text, single_line, write_front_matter};

/// Writes a runbook as Markdown.
pub fn render(rb: &Runbook) -> String {
    let mut out = write_front_matter(&rb.meta);
    let _ = writeln!(out, "# {}\n", heading_text(&rb.title));
    push_block(&mut out, &rb.intro);
    for kind in SectionKind::ALL {
        match kind {
            SectionKind::Symptoms => prose_section(&mut out, kind, rb.symptoms.as_deref()),
            SectionKind::Impact => prose_section(&mut out, kind, rb.impact.as_deref()),
            SectionKind::Prevention => prose_section(&mut out, kind, rb.prevention.as_deref()),
            SectionKind::Diagnosis => steps_section(&mut out, kind, rb.diagnosis.as_ref()),
            SectionKind::Resolution => steps_section(&mut out, kind, rb.resolution.as_ref()),
            SectionKind::Escalation => escalation(&mut out, rb.escalation.as_ref()),
        }
    }
    for s in &rb.other_sections {
        let _ = writeln!(out, "## {}\n", heading_text(&s.heading));
        push_block(&mut out, &s.body);
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

pub(crate) fn push_block(out: &mut String, text: &str) {
    let t = text.trim_end();
    if !t.trim().is_empty() {
        out.push_str(t);
        out.push_str("\n\n");
    }
}

fn prose_section(out: &mut String, kind: SectionKind, text: Option<&str>) {
    if let Some(t) = text {
        let _ = writeln!(out, "## {}\n", kind.heading());
        push_block(out, t);
    }
}

fn steps_section(out: &mut String, kind: SectionKind, section: Option<&StepSection>) {
    let Some(section) = section else { return };
    let _ = writeln!(out, "## {}\n", kind.heading());
    push_block(out, &section.intro);
    for (i, step) in section.steps.iter().enumerate() {
        render_step(out, i + 1, step);
    }
}

/// The `Kind:` value: class and mode as given.
fn kind_text(step: &Step) -> Option<String> {
    let class = step.class.map(|c| match c {
        StepClass::Diagnostic => "diagnostic",
        StepClass::Remediation => "remediation",
    });
    let mode = step.mode.map(|m| match m {
        StepMode::Manual => "manual",
        StepMode::Automated => "automated",
    });
    match (class, mode) {
        (Some(c), Some(m)) => Some(format!("{c}, {m}")),
        (Some(x), None) | (None, Some(x)) => Some(x.to_string()),
        (None, None) => None,
    }
}

fn render_step(out: &mut String, n: usize, step: &Step) {
    let title = heading_text(&step.title);
    if title.is_empty() {
        let _ = writeln!(out, "### {n}.\n");
    } else {
        let _ = writeln!(out, "### {n}. {title}\n");
    }
    if let Some(c) = &step.command {
        push_block(out, &code_block(&c.language, &c.code));
    }
    let fields: Vec<(&str, Option<String>)> = vec![
        ("Kind", kind_text(step)),
        ("Expected", step.expected.as_deref().map(single_line)),
        ("Guard", step.guard.as_deref().map(single_line)),
        ("Dry run", step.dry_run.as_deref().map(single_line)),
        ("Timeout", step.timeout.map(|d| d.to_string())),
        ("On failure", step.on_failure.map(|p| p.to_string())),
    ];
    push_fields(out, &fields, &step.notes);
    push_block(out, &step.notes);
}

/// Writes a field list. Its bullet differs from a list that starts the text after it, so the
/// two stay separate lists when read back.
pub(crate) fn push_fields(out: &mut String, fields: &[(&str, Option<String>)], after: &str) {
    let bullet = if after.starts_with('-') { '*' } else { '-' };
    let mut any = false;
    for (key, value) in fields {
        if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
            let _ = writeln!(out, "{bullet} {key}: {v}");
            any = true;
        }
    }
    if any {
        out.push('\n');
    }
}

fn escalation(out: &mut String, e: Option<&Escalation>) {
    let Some(e) = e else { return };
    let _ = writeln!(out, "## {}\n", SectionKind::Escalation.heading());
    push_fields(
        out,
        &[
            ("To", e.to.as_deref().map(single_line)),
            ("When", e.when.as_deref().map(single_line)),
            ("After", e.after.map(|d| d.to_string())),
        ],
        &e.notes,
    );
    push_block(out, &e.notes);
}
