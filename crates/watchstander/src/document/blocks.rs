//! The top-level blocks of a Markdown body, with their source ranges and lines.
//!
//! The body is parsed once with `pulldown-cmark` (CommonMark plus tables, strikethrough and
//! task lists). Only the top level is cut up: a list, a block quote or a table is one block,
//! and what is inside stays as written. Text is kept as its Markdown *source* (the "raw"
//! inline text of a heading, list item or table cell), so writing it back changes nothing.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use super::source::Source;

/// One list item: its raw inline text (first paragraph, joined into one line, marker removed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Item {
    /// Raw Markdown of the item's first paragraph, on one line.
    pub text: String,
    /// 1-based line.
    pub line: usize,
    /// Whether the item holds more than its first paragraph (nested lists, more paragraphs).
    pub nested: bool,
}

/// One table cell: its raw inline text with `\|` read as `|`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cell {
    /// The text.
    pub text: String,
    /// 1-based line.
    pub line: usize,
}

/// What a block is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BlockKind {
    /// `#`..`######` or a setext heading, with its raw inline text on one line.
    Heading { level: u8, text: String },
    /// A bullet or ordered list.
    List { ordered: bool, items: Vec<Item> },
    /// A fenced or indented code block.
    Code {
        fenced: bool,
        info: String,
        literal: String,
    },
    /// A table: header cells and body rows.
    Table {
        header: Vec<Cell>,
        rows: Vec<Vec<Cell>>,
    },
    /// Anything else: paragraphs, block quotes, HTML, rules, link reference definitions.
    Other,
}

/// A top-level block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Block {
    /// What it is.
    pub kind: BlockKind,
    /// Byte offset of the start of its first line in the whole document.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
    /// 1-based line of its first line.
    pub line: usize,
}

impl Block {
    /// The block's Markdown source, without trailing blank space.
    pub(crate) fn source<'a>(&self, source: &Source<'a>) -> &'a str {
        source.slice(self.start, self.end).trim_end()
    }

    /// `Some((level, text))` for a heading.
    pub(crate) fn heading(&self) -> Option<(u8, &str)> {
        match &self.kind {
            BlockKind::Heading { level, text } => Some((*level, text)),
            _ => None,
        }
    }
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// The top-level blocks of the body starting at byte `body` of the document, in order. Also
/// returns how many parser events were read (the work done, linear in the input).
pub(crate) fn blocks(source: &Source<'_>, body: usize) -> (Vec<Block>, usize) {
    let text = source.slice(body, source.text.len());
    let parser = Parser::new_ext(text, options());
    let refdefs: Vec<Range<usize>> = parser
        .reference_definitions()
        .iter()
        .map(|(_, d)| d.span.clone())
        .collect();
    let events: Vec<(Event<'_>, Range<usize>)> = parser
        .into_offset_iter()
        .map(|(e, r)| (e, (r.start + body)..(r.end + body)))
        .collect();
    let work = events.len();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some((event, range)) = events.get(i) {
        let end = match event {
            Event::Start(_) => matching_end(&events, i),
            _ => i,
        };
        let inner = events.get(i + 1..end).unwrap_or(&[]);
        let kind = match event {
            Event::Start(Tag::Heading { level, .. }) => BlockKind::Heading {
                level: *level as u8,
                text: inline_text(source, inline_span(inner)),
            },
            Event::Start(Tag::List(first)) => BlockKind::List {
                ordered: first.is_some(),
                items: items(source, inner),
            },
            Event::Start(Tag::CodeBlock(kind)) => BlockKind::Code {
                fenced: matches!(kind, CodeBlockKind::Fenced(_)),
                info: match kind {
                    CodeBlockKind::Fenced(info) => info.trim().to_string(),
                    CodeBlockKind::Indented => String::new(),
                },
                literal: literal(inner),
            },
            Event::Start(Tag::Table(_)) => table(source, inner),
            _ => BlockKind::Other,
        };
        let start = source.line_start(range.start);
        out.push(Block {
            kind,
            start,
            end: range.end,
            line: source.line(range.start),
        });
        i = end + 1;
    }
    for span in refdefs {
        let (s, e) = (span.start + body, span.end + body);
        if !out.iter().any(|b| b.start <= s && s < b.end) {
            out.push(Block {
                kind: BlockKind::Other,
                start: source.line_start(s),
                end: e,
                line: source.line(s),
            });
        }
    }
    out.sort_by_key(|b| b.start);
    (out, work)
}

/// The index of the `End` matching the `Start` at `i` (the last index if unbalanced).
fn matching_end(events: &[(Event<'_>, Range<usize>)], i: usize) -> usize {
    let mut depth = 0usize;
    for (j, (e, _)) in events.iter().enumerate().skip(i) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return j;
                }
            }
            _ => {}
        }
    }
    events.len().saturating_sub(1)
}

fn is_inline_start(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

/// The source span of the first run of inline content in `events` (a heading's content, a list
/// item's first paragraph): from the first inline event to the end of that paragraph, stopping
/// at any nested block.
fn inline_span(events: &[(Event<'_>, Range<usize>)]) -> Option<Range<usize>> {
    let mut span: Option<Range<usize>> = None;
    let mut depth = 0usize;
    let mut in_para = false;
    for (e, r) in events {
        match e {
            Event::Start(Tag::Paragraph) if depth == 0 => {
                if span.is_some() {
                    break;
                }
                in_para = true;
            }
            Event::End(TagEnd::Paragraph) if depth == 0 && in_para => break,
            Event::Start(t) if is_inline_start(t) => {
                depth += 1;
                extend(&mut span, r);
            }
            Event::End(_) if depth > 0 => depth -= 1,
            Event::Start(_) if depth == 0 => break,
            Event::Start(_) => {}
            Event::Text(_)
            | Event::Code(_)
            | Event::InlineHtml(_)
            | Event::InlineMath(_)
            | Event::FootnoteReference(_)
            | Event::SoftBreak
            | Event::HardBreak => extend(&mut span, r),
            _ => {}
        }
    }
    span
}

fn extend(span: &mut Option<Range<usize>>, r: &Range<usize>) {
    *span = Some(match span.take() {
        Some(s) => s.start.min(r.start)..s.end.max(r.end),
        None => r.clone(),
    });
}

/// Raw source of a span on one line: line breaks and the indentation after them become one
/// space; trimmed.
fn inline_text(source: &Source<'_>, span: Option<Range<usize>>) -> String {
    let Some(r) = span else {
        return String::new();
    };
    let raw = source.slice(r.start, r.end);
    if !raw.contains('\n') {
        return raw.trim().to_string();
    }
    raw.split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn items(source: &Source<'_>, events: &[(Event<'_>, Range<usize>)]) -> Vec<Item> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some((e, r)) = events.get(i) {
        let end = match e {
            Event::Start(_) => matching_end(events, i),
            _ => i,
        };
        if let Event::Start(Tag::Item) = e {
            let inner = events.get(i + 1..end).unwrap_or(&[]);
            let span = inline_span(inner);
            let nested = inner.iter().any(|(e, _)| {
                matches!(
                    e,
                    Event::Start(
                        Tag::List(_)
                            | Tag::CodeBlock(_)
                            | Tag::BlockQuote(_)
                            | Tag::Table(_)
                            | Tag::HtmlBlock
                            | Tag::Heading { .. }
                    )
                )
            }) || inner
                .iter()
                .filter(|(e, _)| matches!(e, Event::Start(Tag::Paragraph)))
                .count()
                > 1;
            out.push(Item {
                text: inline_text(source, span),
                line: source.line(r.start),
                nested,
            });
        }
        i = end + 1;
    }
    out
}

fn literal(events: &[(Event<'_>, Range<usize>)]) -> String {
    let mut s = String::new();
    for (e, _) in events {
        if let Event::Text(t) = e {
            s.push_str(t);
        }
    }
    match s.strip_suffix('\n') {
        Some(t) => t.to_string(),
        None => s,
    }
}

fn table(source: &Source<'_>, events: &[(Event<'_>, Range<usize>)]) -> BlockKind {
    let mut header = Vec::new();
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    let mut in_head = false;
    let mut i = 0;
    while let Some((e, r)) = events.get(i) {
        match e {
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => rows.push(Vec::new()),
            Event::Start(Tag::TableCell) => {
                let end = matching_end(events, i);
                let inner = events.get(i + 1..end).unwrap_or(&[]);
                let cell = Cell {
                    text: inline_text(source, inline_span(inner)).replace("\\|", "|"),
                    line: source.line(r.start),
                };
                if in_head {
                    header.push(cell);
                } else if let Some(row) = rows.last_mut() {
                    row.push(cell);
                }
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
    BlockKind::Table { header, rows }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Vec<Block> {
        let s = Source::new(text);
        blocks(&s, 0).0
    }

    #[test]
    fn headings_lists_code_and_tables_with_lines() {
        let text = "# Title `x`\n\nSome *prose*\nover two lines.\n\n## Steps\n\n- Kind: diagnostic\n- Expected: a\n  b\n\n```sh\necho `hi`\n```\n\n| A | B |\n|---|---|\n| x \\| y | z |\n";
        let b = parse(text);
        assert_eq!(b.len(), 6);
        assert_eq!(
            b[0].kind,
            BlockKind::Heading {
                level: 1,
                text: "Title `x`".into()
            }
        );
        assert_eq!(b[1].line, 3);
        assert_eq!(
            b[1].source(&Source::new(text)),
            "Some *prose*\nover two lines."
        );
        assert_eq!(b[2].heading(), Some((2, "Steps")));
        match &b[3].kind {
            BlockKind::List { ordered, items } => {
                assert!(!ordered);
                assert_eq!(items[0].text, "Kind: diagnostic");
                assert_eq!(items[1].text, "Expected: a b");
                assert_eq!((items[0].line, items[1].line), (8, 9));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            b[4].kind,
            BlockKind::Code {
                fenced: true,
                info: "sh".into(),
                literal: "echo `hi`".into()
            }
        );
        match &b[5].kind {
            BlockKind::Table { header, rows } => {
                assert_eq!(header[0].text, "A");
                assert_eq!(rows[0][0].text, "x | y");
                assert_eq!(rows[0][0].line, 18);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn setext_headings_and_reference_definitions() {
        let text = "Title\n=====\n\nSee [docs].\n\n[docs]: https://example.com\n";
        let b = parse(text);
        assert_eq!(b[0].heading(), Some((1, "Title")));
        assert_eq!(b.len(), 3);
        assert_eq!(
            b[2].source(&Source::new(text)),
            "[docs]: https://example.com"
        );
    }

    #[test]
    fn nested_structure_stays_inside_its_block() {
        let b = parse("> ## quoted heading\n\n- a\n  ## in item\n");
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].kind, BlockKind::Other);
        match &b[1].kind {
            BlockKind::List { items, .. } => assert!(items[0].nested),
            other => panic!("{other:?}"),
        }
    }
}
