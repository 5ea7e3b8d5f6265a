//! Content lines, the lexical layer of RFC 5545 (§3.1): names, parameters, TEXT escaping,
//! folding and CRLF line endings.
//!
//! An iCalendar file is a sequence of *content lines* `NAME;PARAM=value:VALUE`. Three rules make
//! a line safe for every parser:
//!
//! * **TEXT escaping** (§3.3.11). In TEXT values a backslash, semicolon, comma and line break
//!   are written `\\`, `\;`, `\,` and `\n`; everything else stands for itself (colons and double
//!   quotes included). [`escape_text`] does it; ASCII control characters other than tab and
//!   line breaks cannot be carried at all and are refused with
//!   [`ScheduleError::IcalInvalidText`].
//! * **Parameter quoting** (§3.2). A parameter value containing `:`, `;` or `,` is wrapped in
//!   double quotes; a double quote or control character cannot appear in a parameter value.
//! * **Folding** (§3.1). A physical line holds at most [`MAX_LINE_OCTETS`] octets (75),
//!   excluding the CRLF. A longer logical line continues on lines that start with one space.
//!   [`fold_line`] never cuts a multi-octet UTF-8 character in two, so every physical line is
//!   valid UTF-8 on its own.
//!
//! ```
//! use watchstander::schedule::ical::writer::{escape_text, ContentLine};
//!
//! assert_eq!(escape_text("a;b,c\\d\ne", "SUMMARY")?, "a\\;b\\,c\\\\d\\ne");
//!
//! let line = ContentLine::text("SUMMARY", "On call: Ana, Bo; Cy")?.param("LANGUAGE", "en")?;
//! let mut out = String::new();
//! line.write_to(&mut out);
//! assert_eq!(out, "SUMMARY;LANGUAGE=en:On call: Ana\\, Bo\\; Cy\r\n");
//! # Ok::<(), watchstander::schedule::ScheduleError>(())
//! ```

use crate::schedule::ScheduleError;

/// The longest physical line, in octets, excluding the CRLF line break (RFC 5545 §3.1).
pub const MAX_LINE_OCTETS: usize = 75;

/// The line break of every content line.
pub const CRLF: &str = "\r\n";

/// One content line: a name, parameters and an already-encoded value.
///
/// Build it with [`ContentLine::text`] for TEXT values (escaped for you) or
/// [`ContentLine::raw`] for values of other types (dates, durations, URIs, numbers), then
/// [`write_to`](ContentLine::write_to) a buffer, which folds it and appends CRLF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentLine {
    name: String,
    params: Vec<(String, String)>,
    value: String,
}

impl ContentLine {
    /// A line whose value is TEXT: the value is escaped with [`escape_text`].
    pub fn text(name: &str, text: &str) -> Result<ContentLine, ScheduleError> {
        let value = escape_text(text, name)?;
        Ok(ContentLine {
            name: checked_name(name)?,
            params: Vec::new(),
            value,
        })
    }

    /// A line whose value is already in its iCalendar form (a DATE-TIME, a DURATION, a URI,
    /// an INTEGER, several escaped TEXT values joined by commas, …).
    ///
    /// The value must not contain control characters other than tab: they would end the line.
    pub fn raw(name: &str, value: impl Into<String>) -> Result<ContentLine, ScheduleError> {
        let value = value.into();
        if let Some((position, c)) = value
            .chars()
            .enumerate()
            .find(|&(_, c)| c.is_ascii_control() && c != '\t')
        {
            return Err(ScheduleError::IcalInvalidText {
                field: name.to_string(),
                code_point: u32::from(c),
                position,
            });
        }
        Ok(ContentLine {
            name: checked_name(name)?,
            params: Vec::new(),
            value,
        })
    }

    /// Adds a parameter `NAME=value`, quoting the value when it contains `:`, `;` or `,`.
    ///
    /// ```
    /// use watchstander::schedule::ical::writer::ContentLine;
    /// let line = ContentLine::raw("DTSTART", "20261126T090000")?
    ///     .param("TZID", "Europe/London")?
    ///     .param("X-NOTE", "a:b")?;
    /// let mut out = String::new();
    /// line.write_to(&mut out);
    /// assert_eq!(out, "DTSTART;TZID=Europe/London;X-NOTE=\"a:b\":20261126T090000\r\n");
    /// assert!(ContentLine::raw("X-A", "1")?.param("X-B", "say \"hi\"").is_err());
    /// # Ok::<(), watchstander::schedule::ScheduleError>(())
    /// ```
    pub fn param(mut self, name: &str, value: &str) -> Result<ContentLine, ScheduleError> {
        let name = checked_name(name)?;
        let value = quote_param_value(&name, value)?;
        self.params.push((name, value));
        Ok(self)
    }

    /// The logical (unfolded) line without its line break.
    pub fn logical(&self) -> String {
        let mut line = self.name.clone();
        for (name, value) in &self.params {
            line.push(';');
            line.push_str(name);
            line.push('=');
            line.push_str(value);
        }
        line.push(':');
        line.push_str(&self.value);
        line
    }

    /// Appends the line to `out`, folded at [`MAX_LINE_OCTETS`] and ended with CRLF.
    pub fn write_to(&self, out: &mut String) {
        fold_line(&self.logical(), out);
    }
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
///
/// `\` → `\\`, `;` → `\;`, `,` → `\,`, and a line break (LF, CRLF or a lone CR) → `\n`.
/// Tab and all non-ASCII characters are kept as they are. Any other ASCII control character
/// (U+0000–U+001F, U+007F) gives [`ScheduleError::IcalInvalidText`] naming `field`.
///
/// ```
/// use watchstander::schedule::ical::writer::escape_text;
/// assert_eq!(escape_text("C:\\ops, \"db\"; 🚨\r\nnext", "SUMMARY")?, "C:\\\\ops\\, \"db\"\\; 🚨\\nnext");
/// assert_eq!(escape_text("bell\u{7}", "SUMMARY").unwrap_err().code(), "ical_invalid_text");
/// # Ok::<(), watchstander::schedule::ScheduleError>(())
/// ```
pub fn escape_text(text: &str, field: &str) -> Result<String, ScheduleError> {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut chars = text.chars().enumerate().peekable();
    while let Some((position, c)) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                // CRLF and a lone CR are both one line break.
                if chars.peek().is_some_and(|&(_, next)| next == '\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\t' => out.push('\t'),
            c if c.is_ascii_control() => {
                return Err(ScheduleError::IcalInvalidText {
                    field: field.to_string(),
                    code_point: u32::from(c),
                    position,
                })
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

/// Folds a logical line into physical lines of at most [`MAX_LINE_OCTETS`] octets and appends
/// them, each ended with CRLF, to `out`.
///
/// Continuation lines start with a single space, which counts towards their 75 octets. A cut
/// never falls inside a multi-octet UTF-8 character: the line is cut before it instead.
///
/// ```
/// use watchstander::schedule::ical::writer::fold_line;
/// let mut out = String::new();
/// fold_line(&"é".repeat(40), &mut out); // 80 octets
/// let lines: Vec<&str> = out.split_terminator("\r\n").collect();
/// assert_eq!(lines.len(), 2);
/// assert_eq!(lines[0].len(), 74); // 37 × 2 octets; a 38th "é" would need octets 75–76
/// assert_eq!(lines[1], format!(" {}", "é".repeat(3)));
/// ```
pub fn fold_line(line: &str, out: &mut String) {
    let mut rest = line;
    let mut budget = MAX_LINE_OCTETS;
    while rest.len() > budget {
        let mut cut = budget;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        let (head, tail) = rest.split_at(cut);
        out.push_str(head);
        out.push_str(CRLF);
        out.push(' ');
        rest = tail;
        // The leading space of a continuation line is one of its octets.
        budget = MAX_LINE_OCTETS - 1;
    }
    out.push_str(rest);
    out.push_str(CRLF);
}

/// Checks a property or parameter name: `1*(ALPHA / DIGIT / "-")` (RFC 5545 §3.1), returned
/// in upper case (names are case-insensitive).
pub(crate) fn checked_name(name: &str) -> Result<String, ScheduleError> {
    if name.is_empty() {
        return Err(ScheduleError::IcalInvalidName {
            name: name.to_string(),
            reason: "a name cannot be empty".to_string(),
        });
    }
    if let Some(c) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
    {
        return Err(ScheduleError::IcalInvalidName {
            name: name.to_string(),
            reason: format!("{c:?} is not allowed; use only ASCII letters, digits and '-'"),
        });
    }
    Ok(name.to_ascii_uppercase())
}

/// Checks the name of an extension property: `X-` followed by letters, digits and dashes.
pub(crate) fn checked_x_name(name: &str) -> Result<String, ScheduleError> {
    let upper = checked_name(name)?;
    match upper.strip_prefix("X-") {
        Some(rest) if !rest.is_empty() => Ok(upper),
        _ => Err(ScheduleError::IcalInvalidName {
            name: name.to_string(),
            reason: "an extension property name starts with \"X-\" and has at least one more \
                     character, e.g. \"X-WATCHSTANDER-LAYER\""
                .to_string(),
        }),
    }
}

/// A parameter value as written: quoted when it holds `:`, `;` or `,` (RFC 5545 §3.2).
fn quote_param_value(name: &str, value: &str) -> Result<String, ScheduleError> {
    if let Some((position, c)) = value
        .chars()
        .enumerate()
        .find(|&(_, c)| c.is_ascii_control() && c != '\t')
    {
        return Err(ScheduleError::IcalInvalidText {
            field: format!("parameter {name}"),
            code_point: u32::from(c),
            position,
        });
    }
    if value.contains('"') {
        return Err(ScheduleError::IcalInvalidValue {
            field: format!("parameter {name}"),
            value: value.to_string(),
            reason: "contains a double quote, which a parameter value cannot carry".to_string(),
        });
    }
    if value.contains([':', ';', ',']) {
        Ok(format!("\"{value}\""))
    } else {
        Ok(value.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(line: &str) -> String {
        let mut out = String::new();
        fold_line(line, &mut out);
        out
    }

    fn physical_lines(text: &str) -> Vec<&str> {
        assert!(text.ends_with(CRLF), "output must end with CRLF: {text:?}");
        text.split_terminator(CRLF).collect()
    }

    #[test]
    fn a_line_of_exactly_75_octets_is_not_folded() {
        let line = "X".repeat(75);
        assert_eq!(folded(&line), format!("{line}\r\n"));
    }

    #[test]
    fn a_line_of_76_octets_folds_after_octet_75() {
        let line = format!("{}Y", "X".repeat(75));
        assert_eq!(folded(&line), format!("{}\r\n Y\r\n", "X".repeat(75)));
    }

    #[test]
    fn continuation_lines_hold_74_octets_after_their_space() {
        let line = "A".repeat(75 + 74 + 74 + 1);
        let out = folded(&line);
        let lines = physical_lines(&out);
        assert_eq!(
            lines.iter().map(|l| l.len()).collect::<Vec<_>>(),
            vec![75, 75, 75, 2]
        );
        for l in &lines[1..] {
            assert!(l.starts_with(' ') && !l.starts_with("  "));
        }
    }

    #[test]
    fn folding_never_splits_a_multi_octet_character() {
        // 74 ASCII octets, then a 4-octet emoji that would straddle octet 75.
        let line = format!("{}🚨tail", "a".repeat(74));
        let out = folded(&line);
        let lines = physical_lines(&out);
        assert_eq!(lines[0], "a".repeat(74));
        assert_eq!(lines[1], " 🚨tail");
        // 73 octets then a 3-octet character: octets 74–76 do not fit either.
        let line = format!("{}€€", "a".repeat(73));
        let out = folded(&line);
        assert_eq!(
            physical_lines(&out),
            vec!["a".repeat(73), " €€".to_string()]
        );
        // 72 octets then a 3-octet character fits exactly into 75.
        let line = format!("{}€€", "a".repeat(72));
        let out = folded(&line);
        assert_eq!(
            physical_lines(&out),
            vec![format!("{}€", "a".repeat(72)), " €".to_string()]
        );
    }

    #[test]
    fn an_empty_line_is_just_a_line_break() {
        assert_eq!(folded(""), "\r\n");
    }

    #[test]
    fn escaping_covers_exactly_the_four_rfc_characters() {
        assert_eq!(escape_text("\\", "S").unwrap(), "\\\\");
        assert_eq!(escape_text(";", "S").unwrap(), "\\;");
        assert_eq!(escape_text(",", "S").unwrap(), "\\,");
        assert_eq!(escape_text("\n", "S").unwrap(), "\\n");
        // Colons, double quotes, tabs and non-ASCII text are not escaped.
        assert_eq!(
            escape_text("a:b \"c\"\td ü 🚨", "S").unwrap(),
            "a:b \"c\"\td ü 🚨"
        );
    }

    #[test]
    fn every_line_break_form_becomes_one_escaped_newline() {
        assert_eq!(escape_text("a\r\nb\rc\nd", "S").unwrap(), "a\\nb\\nc\\nd");
        assert_eq!(escape_text("a\r\r\nb", "S").unwrap(), "a\\n\\nb");
        assert_eq!(escape_text("a\r", "S").unwrap(), "a\\n");
    }

    #[test]
    fn a_backslash_before_n_stays_a_backslash() {
        assert_eq!(escape_text("C:\\new", "S").unwrap(), "C:\\\\new");
    }

    #[test]
    fn control_characters_are_refused_with_their_position() {
        let err = escape_text("ab\u{0}c", "SUMMARY of event \"x\"").unwrap_err();
        assert_eq!(err.code(), "ical_invalid_text");
        assert_eq!(
            err,
            ScheduleError::IcalInvalidText {
                field: "SUMMARY of event \"x\"".to_string(),
                code_point: 0,
                position: 2,
            }
        );
        assert!(err.to_string().contains("U+0000"));
        for bad in [
            '\u{1}', '\u{8}', '\u{b}', '\u{c}', '\u{1b}', '\u{1f}', '\u{7f}',
        ] {
            assert!(escape_text(&format!("x{bad}"), "S").is_err(), "{bad:?}");
        }
        // C1 controls are NON-US-ASCII in RFC 5545's grammar and pass through.
        assert_eq!(escape_text("\u{85}", "S").unwrap(), "\u{85}");
    }

    #[test]
    fn names_are_checked_and_upper_cased() {
        assert_eq!(checked_name("x-wr-calname").unwrap(), "X-WR-CALNAME");
        assert_eq!(checked_name("").unwrap_err().code(), "ical_invalid_name");
        assert_eq!(checked_name("A B").unwrap_err().code(), "ical_invalid_name");
        assert_eq!(checked_name("A:B").unwrap_err().code(), "ical_invalid_name");
        assert_eq!(checked_name("A_B").unwrap_err().code(), "ical_invalid_name");
        assert_eq!(checked_x_name("x-foo").unwrap(), "X-FOO");
        assert!(checked_x_name("X-").is_err());
        assert!(checked_x_name("FOO").is_err());
        assert!(checked_x_name("SUMMARY").is_err());
    }

    #[test]
    fn parameter_values_are_quoted_only_when_needed() {
        let write = |value: &str| {
            let mut out = String::new();
            ContentLine::raw("X-A", "v")
                .unwrap()
                .param("X-P", value)
                .unwrap()
                .write_to(&mut out);
            out
        };
        assert_eq!(write("Europe/London"), "X-A;X-P=Europe/London:v\r\n");
        assert_eq!(write("a:b"), "X-A;X-P=\"a:b\":v\r\n");
        assert_eq!(write("a;b"), "X-A;X-P=\"a;b\":v\r\n");
        assert_eq!(write("a,b"), "X-A;X-P=\"a,b\":v\r\n");
        assert_eq!(write(""), "X-A;X-P=:v\r\n");
        let line = ContentLine::raw("X-A", "v").unwrap();
        assert_eq!(
            line.clone().param("X-P", "a\"b").unwrap_err().code(),
            "ical_invalid_value"
        );
        assert_eq!(
            line.clone().param("X-P", "a\nb").unwrap_err().code(),
            "ical_invalid_text"
        );
        assert_eq!(
            line.param("X P", "a").unwrap_err().code(),
            "ical_invalid_name"
        );
    }

    #[test]
    fn raw_values_cannot_break_the_line() {
        assert_eq!(
            ContentLine::raw("URL", "https://x/\r\nBEGIN:VEVENT")
                .unwrap_err()
                .code(),
            "ical_invalid_text"
        );
        assert!(ContentLine::raw("X-A", "a\tb").is_ok());
    }

    #[test]
    fn a_text_line_is_escaped_then_folded() {
        let summary = "x,".repeat(50);
        let mut out = String::new();
        ContentLine::text("SUMMARY", &summary)
            .unwrap()
            .write_to(&mut out);
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}\r\n", "x\\,".repeat(50)));
        assert!(physical_lines(&out).iter().all(|l| l.len() <= 75));
    }
}
