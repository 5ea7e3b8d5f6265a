//! Writing Markdown back: the canonical forms both document types use.

/// One line: line breaks become spaces, surrounding space is trimmed.
pub(crate) fn single_line(s: &str) -> String {
    if !s.contains(['\n', '\r']) {
        return s.trim().to_string();
    }
    s.split(['\n', '\r'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text for a table cell: one line, `|` escaped.
pub(crate) fn escape_cell(s: &str) -> String {
    single_line(s).replace('|', "\\|")
}

/// `s` as an inline code span that reads back as exactly `s` (one line, not all spaces).
pub(crate) fn fence_inline(s: &str) -> String {
    let longest = longest_run(s, '`');
    let ticks = "`".repeat(longest + 1);
    let pad = s.starts_with('`') || s.ends_with('`') || (s.starts_with(' ') && s.ends_with(' '));
    if pad {
        format!("{ticks} {s} {ticks}")
    } else {
        format!("{ticks}{s}{ticks}")
    }
}

/// A fenced code block holding exactly `literal`, with `info` (e.g. `sh`) after the fence.
pub(crate) fn code_block(info: &str, literal: &str) -> String {
    let info = single_line(info);
    let (mark, taken) = if info.contains('`') {
        ('~', longest_run(literal, '~'))
    } else {
        ('`', longest_run(literal, '`'))
    };
    let fence: String = std::iter::repeat_n(mark, taken.max(2) + 1).collect();
    if literal.is_empty() {
        format!("{fence}{info}\n{fence}")
    } else {
        format!("{fence}{info}\n{literal}\n{fence}")
    }
}

fn longest_run(s: &str, c: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for ch in s.chars() {
        if ch == c {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

/// Blocks of Markdown joined by blank lines, empty ones left out.
pub(crate) fn join_prose<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    parts
        .into_iter()
        .map(str::trim_end)
        .filter(|p| !p.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::super::{blocks, BlockKind, Source};
    use super::*;

    fn code_span_reads_back(s: &str) -> String {
        let text = format!("- Command: {}\n", fence_inline(s));
        let src = Source::new(&text);
        let (b, _) = blocks(&src, 0);
        let BlockKind::List { items, .. } = &b[0].kind else {
            panic!("{b:?}")
        };
        // Read the span back the way CommonMark does.
        let raw = items[0].text.strip_prefix("Command: ").unwrap().to_string();
        let n = raw.chars().take_while(|&c| c == '`').count();
        let inner = &raw[n..raw.len() - n];
        let stripped = if inner.starts_with(' ') && inner.ends_with(' ') && !inner.trim().is_empty() {
            &inner[1..inner.len() - 1]
        } else {
            inner
        };
        stripped.to_string()
    }

    #[test]
    fn inline_code_reads_back_exactly() {
        for s in ["kubectl get pods", "`a", "a`", " a ", " a", "a``b", "``"] {
            assert_eq!(code_span_reads_back(s), s, "{s:?}");
        }
    }

    #[test]
    fn code_blocks_hold_any_literal() {
        for lit in ["echo hi", "```\nnested\n```", "", "a\n\nb", "~~~"] {
            let text = code_block("sh", lit);
            let src = Source::new(&text);
            let (b, _) = blocks(&src, 0);
            assert_eq!(
                b[0].kind,
                BlockKind::Code {
                    fenced: true,
                    info: "sh".into(),
                    literal: lit.into()
                },
                "{text}"
            );
        }
    }

    #[test]
    fn cells_and_lines() {
        assert_eq!(escape_cell(" a|b\nc "), "a\\|b c");
        assert_eq!(join_prose(["a\n", "", "  ", "b"]), "a\n\nb");
    }
}
