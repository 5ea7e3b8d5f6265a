//! Post-mortems: the template, the policy that says which incidents need one and by when,
//! drafts from an incident's timeline, validation, the blameless-language lint, Markdown in
//! and out, and an index that shares the lessons.
//!
//! A post-mortem (post-incident review) is written after an incident to understand it and
//! change something, never to find someone to blame. The template here follows the Google SRE
//! book's and PagerDuty's: **Summary**, **Impact** (users, revenue, SLA breaches),
//! **Timeline**, **Responders**, **Root cause** (technical and process), **Resolution**,
//! **Action items** (owner, due date, priority, status) and **Lessons learned** (what went
//! well, what needs improvement, where we got lucky), with metadata in YAML front matter
//! ([`PostmortemMeta`]).
//!
//! The life of one:
//!
//! 1. [`requirement`] — the [`PostmortemPolicy`] says whether the incident needs one (SEV-1
//!    and SEV-2 by default), its deadline in business days, and the follow-up review date.
//! 2. [`draft()`] — a draft from the incident's events: timeline in a chosen zone, impact from
//!    impact windows and SLA clocks, resolution from status changes, responders from roles;
//!    what only people know is left as `> **TODO:**` prompts.
//! 3. People edit the Markdown; [`parse`] reads it back and [`lint()`] reports what is missing:
//!    sections, action items without owner or due date, overdue items, unwritten prompts, and
//!    blaming language ([`BlamelessLint`]), each with its line. Lints never rewrite text.
//! 4. [`index()`] — published post-mortems by service, tag and root-cause category, with their
//!    lessons.
//!
//! [`render`] writes Markdown back: `parse(render(p)) == p` for every post-mortem `parse`
//! returns.

pub mod blameless;
mod blameless_match;
pub mod draft;
mod error;
pub mod index;
mod limits;
pub mod lint;
mod model;
mod parse;
pub mod policy;
mod render;

pub use blameless::{default_phrases, BlameCategory, BlamePhrase, BlamelessConfig, BlamelessLint};
pub use draft::{draft, Draft, DraftOptions, PROMPT};
pub use error::PostmortemError;
pub use index::{index, CategoryCount, IndexEntry, KnowledgeIndex, Lesson, LessonKind};
pub use limits::*;
pub use lint::{lint, lint_postmortem, lint_text, LintOptions};
pub use model::{
    ActionItem, ActionItems, ActionStatus, Lessons, OtherSection, Postmortem, PostmortemMeta,
    ReviewStatus, RootCause, SectionKind,
};
pub use parse::{parse, parse_bytes, parse_document, ParsedPostmortem, PostmortemLines};
pub use policy::{requirement, PostmortemPolicy, Requirement};
pub use render::render;
