//! Escaping text for the formats watchstander renders — the one place every renderer (status
//! updates in each format, the Markdown timeline) goes through.
//!
//! Values that come from events and configuration (titles, notes, names, messages) are
//! escaped for the output format, so that no value can become markup: a title can never be a
//! link, an HTML tag, a heading, a list item, or a Slack mention. Template text written by the
//! template's author is not escaped (authors may use each format's markup).
//!
//! | format | escaped |
//! |---|---|
//! | every format | control characters (other than newline and tab) and Unicode bidirectional overrides and isolates become U+FFFD `�`, so a value cannot rewrite a terminal or reorder the text around it |
//! | [`Markup::Text`] | nothing else |
//! | [`Markup::Markdown`] (CommonMark) | a backslash before `` \ ` * _ [ ] < > # \| ~ & ``; at the start of a line also before `-`, `+`, `=` and the `.` or `)` after leading digits (lists, setext headings) |
//! | [`Markup::Teams`] (Adaptive Card text) | a backslash before `` \ ` * _ [ ] ( ) ~ `` (the Markdown subset a TextBlock renders; it renders no HTML); at the start of a line also before `-`, `+` and the `.` or `)` after leading digits |
//! | [`Markup::Slack`] (mrkdwn) | `&`, `<` and `>` become `&amp;`, `&lt;` and `&gt;`, as Slack requires, so `<!channel>`, `<@U123>` and `<https://…\|links>` stay text. (mrkdwn has no escape for `*`, `_` and `~`: they may still format a value, but cannot link, mention or hide text.) |
//!
//! A Markdown table cell ([`table_cell`]) is escaped as Markdown and has its line breaks
//! turned into spaces, so a value cannot end the row.
//!
//! ```
//! use watchstander::incident::{escape, Markup};
//! assert_eq!(escape("<script>x</script> [a](b)", Markup::Markdown), r"\<script\>x\</script\> \[a\](b)");
//! assert_eq!(escape("<!channel> & co", Markup::Slack), "&lt;!channel&gt; &amp; co");
//! assert_eq!(escape("[a](b)", Markup::Teams), r"\[a\]\(b\)");
//! assert_eq!(escape("red\u{1b}[31m", Markup::Text), "red\u{fffd}[31m");
//! ```

use serde::{Deserialize, Serialize};

/// An output format, as far as escaping goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Markup {
    /// Plain text.
    Text,
    /// CommonMark (and GitHub-flavoured Markdown).
    Markdown,
    /// Slack mrkdwn.
    Slack,
    /// Microsoft Teams Adaptive Card text (a Markdown subset).
    Teams,
}

/// Whether `c` must not pass through in any format.
fn is_hostile(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn backslashed(c: char, markup: Markup) -> bool {
    match markup {
        Markup::Markdown => matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&'
        ),
        Markup::Teams => matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '(' | ')' | '~'),
        Markup::Text | Markup::Slack => false,
    }
}

fn line_start_marker(c: char, markup: Markup) -> bool {
    match markup {
        Markup::Markdown => matches!(c, '-' | '+' | '='),
        Markup::Teams => matches!(c, '-' | '+'),
        Markup::Text | Markup::Slack => false,
    }
}

/// `text` escaped for `markup` (see the [module documentation](self)).
pub fn escape(text: &str, markup: Markup) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut line_start = true;
    // Inside the run of digits that begins a line (an ordered-list marker may follow).
    let mut leading_digits = false;
    for c in text.chars() {
        if is_hostile(c) {
            out.push('\u{FFFD}');
            line_start = false;
            leading_digits = false;
            continue;
        }
        let structural = matches!(markup, Markup::Markdown | Markup::Teams);
        let list_marker = structural && leading_digits && matches!(c, '.' | ')');
        if backslashed(c, markup) || (line_start && line_start_marker(c, markup)) || list_marker {
            out.push('\\');
        }
        match (markup, c) {
            (Markup::Slack, '&') => out.push_str("&amp;"),
            (Markup::Slack, '<') => out.push_str("&lt;"),
            (Markup::Slack, '>') => out.push_str("&gt;"),
            _ => out.push(c),
        }
        leading_digits = c.is_ascii_digit() && (line_start || leading_digits);
        line_start = c == '\n';
    }
    out
}

/// `text` as one cell of a Markdown table row: escaped as Markdown, line breaks as spaces.
///
/// ```
/// use watchstander::incident::table_cell;
/// assert_eq!(table_cell("a | b\n# c"), r"a \| b \# c");
/// ```
pub fn table_cell(text: &str) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if matches!(c, '\n' | '\r') { ' ' } else { c })
        .collect();
    escape(&one_line, Markup::Markdown)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text an attacker would put in a title or a note.
    const HOSTILE: &str = "<script>alert(1)</script> [x](https://evil.example) ![i](y) *b* _i_ `c` ~s~ # h | t & &amp; <!channel> <@U1> \u{1b}[2J \u{202E}txet\n- item\n1. one\n2) two\n===\n> quote";

    #[test]
    fn markdown_neutralises_every_construct() {
        let e = escape(HOSTILE, Markup::Markdown);
        assert!(!e.contains("<script>") && e.contains(r"\<script\>"), "{e}");
        assert!(e.contains(r"\[x\](https://evil.example)"), "{e}");
        assert!(e.contains(r"!\[i\](y)"), "{e}");
        assert!(
            e.contains(r"\*b\* \_i\_ \`c\` \~s\~ \# h \| t \& \&amp;"),
            "{e}"
        );
        assert!(
            e.contains("\n\\- item\n1\\. one\n2\\) two\n\\===\n\\> quote"),
            "{e}"
        );
        assert!(e.contains("\u{FFFD}\\[2J \u{FFFD}txet"), "{e}");
        assert!(!e.contains('\u{1b}') && !e.contains('\u{202E}'), "{e}");
    }

    #[test]
    fn markdown_leaves_plain_text_alone() {
        assert_eq!(
            escape(
                "Payments latency, p99 2.5 s (EU) - 10% of cards",
                Markup::Markdown
            ),
            "Payments latency, p99 2.5 s (EU) - 10% of cards"
        );
        // Digits not at a line start are not list markers.
        assert_eq!(escape("v1.2 and 3) x", Markup::Markdown), "v1.2 and 3) x");
        assert_eq!(escape("12. x", Markup::Markdown), r"12\. x");
        assert_eq!(escape("é - ü", Markup::Markdown), "é - ü");
    }

    #[test]
    fn slack_escapes_only_what_slack_parses() {
        let e = escape(HOSTILE, Markup::Slack);
        assert!(e.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{e}");
        assert!(e.contains("&lt;!channel&gt; &lt;@U1&gt;"), "{e}");
        assert!(e.contains("&amp; &amp;amp;"), "{e}");
        assert!(!e.contains('<') && !e.contains('>'), "{e}");
        assert!(!e.contains('\u{1b}') && !e.contains('\u{202E}'), "{e}");
        assert_eq!(escape("*bold*", Markup::Slack), "*bold*");
    }

    #[test]
    fn teams_neutralises_links_and_lists() {
        let e = escape(HOSTILE, Markup::Teams);
        assert!(e.contains(r"\[x\]\(https://evil.example\)"), "{e}");
        assert!(e.contains(r"<script>alert\(1\)</script>"), "{e}");
        assert!(
            e.contains("\n\\- item\n1\\. one\n2\\) two\n===\n> quote"),
            "{e}"
        );
        assert!(!e.contains('\u{1b}'), "{e}");
    }

    #[test]
    fn text_only_neutralises_control_characters() {
        let e = escape(HOSTILE, Markup::Text);
        assert_eq!(e, HOSTILE.replace(['\u{1b}', '\u{202E}'], "\u{FFFD}"),);
        assert_eq!(escape("tab\tand\nline", Markup::Text), "tab\tand\nline");
        assert_eq!(
            escape("bell\u{7}del\u{7f}c1\u{85}", Markup::Text),
            "bell\u{FFFD}del\u{FFFD}c1\u{FFFD}"
        );
    }

    #[test]
    fn table_cells_stay_on_one_line() {
        let c = table_cell("a\r\n| b |\n- c");
        assert!(!c.contains('\n') && !c.contains('\r'), "{c}");
        assert_eq!(c, r"a  \| b \| - c");
    }
}
