//! The Markdown layer shared by [runbooks](crate::runbook) and [post-mortems](crate::postmortem):
//! documents with YAML front matter, read with a CommonMark parser that keeps source offsets.
//!
//! Teams keep runbooks and post-mortems as Markdown files in Git wikis, with metadata in a
//! front-matter block between `---` lines at the top (the Jekyll, Hugo and GitHub convention).
//! This module splits such a file into its front matter and body, reads the front matter as
//! YAML, cuts the body into top-level blocks with their line numbers (headings, lists, code
//! blocks, tables, everything else), and writes Markdown back in a canonical form. It never
//! interprets the text itself: that is each document module's job.
//!
//! What is public here is the result type both linters share, [`Finding`]. Limits that apply to
//! every document are in [`limits`](crate::document#constants).

mod blocks;
mod finding;
mod front_matter;
mod outline;
mod source;
mod write;

pub(crate) use blocks::{blocks, Block, BlockKind, Cell};
pub(crate) use finding::finish;
pub use finding::{Finding, FindingLevel};
pub(crate) use front_matter::{read_front_matter, split_front_matter, write_front_matter};
pub(crate) use outline::{field_list, heading_text, outline, subsections, Part};
pub(crate) use source::{decode, prepare, DocError, Source};
pub(crate) use write::{code_block, escape_cell, join_prose, single_line};

/// The largest Markdown document (runbook or post-mortem) accepted, in bytes: 1 MiB, far more
/// than any document a person writes, small enough to parse in milliseconds.
pub const MAX_DOCUMENT_BYTES: usize = 1024 * 1024;

/// The largest front-matter block, in bytes.
pub const MAX_FRONT_MATTER_BYTES: usize = 64 * 1024;

/// The most findings one lint reports; past it the report ends with one finding saying so.
pub const MAX_FINDINGS: usize = 1_000;
