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
