//! A document's outline: the `# Title`, the text before the first section, and the `##`
//! sections with their blocks; `###` subsections inside a section.

use super::blocks::Block;

/// A `##` section (or a `###` subsection): its heading and the blocks under it.
#[derive(Debug)]
pub(crate) struct Part<'b> {
    /// The heading's raw text.
    pub heading: String,
    /// The heading's line.
    pub line: usize,
    /// The blocks under it, up to the next heading of its level or above.
    pub blocks: Vec<&'b Block>,
}

/// The outline of a document body.
#[derive(Debug)]
pub(crate) struct Outline<'b> {
    /// The first `#` heading: text and line.
    pub title: Option<(String, usize)>,
    /// A second `#` heading, which documents do not allow: its text, line.
    pub second_title: Option<(String, usize)>,
    /// Blocks before the first `##` (other than the title).
    pub intro: Vec<&'b Block>,
    /// The `##` sections, in order.
    pub sections: Vec<Part<'b>>,
}

/// Cuts top-level blocks into the title, intro and `##` sections.
pub(crate) fn outline(blocks: &[Block]) -> Outline<'_> {
    let mut out = Outline {
        title: None,
        second_title: None,
        intro: Vec::new(),
        sections: Vec::new(),
    };
    for b in blocks {
        match b.heading() {
            Some((1, text)) => {
                if out.title.is_none() {
                    out.title = Some((text.to_string(), b.line));
                } else if out.second_title.is_none() {
                    out.second_title = Some((text.to_string(), b.line));
                }
            }
            Some((2, text)) => out.sections.push(Part {
                heading: text.to_string(),
                line: b.line,
                blocks: Vec::new(),
            }),
            _ => match out.sections.last_mut() {
                Some(s) => s.blocks.push(b),
                None => out.intro.push(b),
            },
        }
    }
    out
}

/// Cuts a section's blocks at `###` headings: the blocks before the first, then the
/// subsections.
pub(crate) fn subsections<'b>(blocks: &[&'b Block]) -> (Vec<&'b Block>, Vec<Part<'b>>) {
    let mut before = Vec::new();
    let mut parts: Vec<Part<'b>> = Vec::new();
    for &b in blocks {
        match b.heading() {
            Some((3, text)) => parts.push(Part {
                heading: text.to_string(),
                line: b.line,
                blocks: Vec::new(),
            }),
            _ => match parts.last_mut() {
                Some(p) => p.blocks.push(b),
                None => before.push(b),
            },
        }
    }
    (before, parts)
}

/// Reads a bullet list of `Key: value` items as fields, when **every** item is a non-nested
/// `Key: value` whose key `key` recognises; otherwise `None` (the list is ordinary text).
/// Returns `(key, value, line)` with the value's raw Markdown on one line.
pub(crate) fn field_list<K>(
    block: &Block,
    key: impl Fn(&str) -> Option<K>,
) -> Option<Vec<(K, String, usize)>> {
    let super::BlockKind::List {
        ordered: false,
        items,
    } = &block.kind
    else {
        return None;
    };
    if items.is_empty() {
        return None;
    }
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        if item.nested {
            return None;
        }
        let (k, v) = item.text.split_once(':')?;
        out.push((key(k.trim())?, v.trim().to_string(), item.line));
    }
    Some(out)
}

/// A heading's text as the renderer writes it: a trailing `#` is protected by a closing
/// sequence so that it reads back.
pub(crate) fn heading_text(text: &str) -> String {
    let t = super::single_line(text);
    if t.ends_with('#') {
        format!("{t} #")
    } else {
        t
    }
}
