//! Input checks and line numbers.

/// A problem with a document as a whole, before any section is read. Each document module turns
/// it into its own typed error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DocError {
    /// Larger than a limit.
    TooLarge {
        what: &'static str,
        size: usize,
        limit: usize,
        line: usize,
    },
    /// Not text: invalid UTF-8 or a NUL byte.
    NotText { line: usize, reason: String },
    /// Front matter that is not closed, not YAML, or not the documented fields.
    FrontMatter {
        line: usize,
        path: String,
        reason: String,
    },
}

/// Checks a document and normalises it: a byte-order mark is dropped, `\r\n` and lone `\r`
/// become `\n`. Refuses documents over `max` bytes and text with NUL bytes (binary junk).
pub(crate) fn prepare(input: &str, max: usize) -> Result<String, DocError> {
    if input.len() > max {
        return Err(DocError::TooLarge {
            what: "document",
            size: input.len(),
            limit: max,
            line: line_at(input, max),
        });
    }
    if let Some(i) = input.find('\0') {
        return Err(DocError::NotText {
            line: line_at(input, i),
            reason: "it contains a NUL byte, so it is binary data, not Markdown".to_string(),
        });
    }
    let body = input.strip_prefix('\u{feff}').unwrap_or(input);
    Ok(if body.contains('\r') {
        body.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        body.to_string()
    })
}

/// [`prepare`] for raw bytes: invalid UTF-8 is refused with the line of the first bad byte.
pub(crate) fn decode(bytes: &[u8], max: usize) -> Result<String, DocError> {
    if bytes.len() > max {
        let prefix = String::from_utf8_lossy(bytes.get(..max).unwrap_or(bytes));
        return Err(DocError::TooLarge {
            what: "document",
            size: bytes.len(),
            limit: max,
            line: line_at(&prefix, prefix.len()),
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => prepare(s, max),
        Err(e) => {
            let good = bytes.get(..e.valid_up_to()).unwrap_or_default();
            let line = 1 + good.iter().filter(|&&b| b == b'\n').count();
            Err(DocError::NotText {
                line,
                reason: format!(
                    "byte {} is not UTF-8, so this is not a text file; save it as UTF-8",
                    e.valid_up_to()
                ),
            })
        }
    }
}

/// The 1-based line of byte `offset` in `text` (offsets past the end count to the last line).
fn line_at(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    1 + text
        .as_bytes()
        .iter()
        .take(end)
        .filter(|&&b| b == b'\n')
        .count()
}

/// A prepared document with a line index.
#[derive(Debug)]
pub(crate) struct Source<'a> {
    /// The whole text (front matter included).
    pub text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Source<'a> {
    pub(crate) fn new(text: &'a str) -> Source<'a> {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Source { text, starts }
    }

    /// The 1-based line of a byte offset.
    pub(crate) fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset).max(1)
    }

    /// The offset of the start of the line holding `offset`.
    pub(crate) fn line_start(&self, offset: usize) -> usize {
        let i = self.line(offset);
        self.starts.get(i - 1).copied().unwrap_or(0)
    }

    /// How many lines.
    pub(crate) fn last_line(&self) -> usize {
        self.starts.len()
    }

    /// The text of a byte range (empty if out of range).
    pub(crate) fn slice(&self, start: usize, end: usize) -> &'a str {
        self.text.get(start..end).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_one_based() {
        let s = Source::new("a\nbc\n\nd");
        assert_eq!(s.line(0), 1);
        assert_eq!(s.line(1), 1);
        assert_eq!(s.line(2), 2);
        assert_eq!(s.line(5), 3);
        assert_eq!(s.line(6), 4);
        assert_eq!(s.line_start(3), 2);
        assert_eq!(s.last_line(), 4);
    }

    #[test]
    fn binary_and_oversized_input_is_refused_with_a_line() {
        assert_eq!(
            prepare("a\nb\0c", 100),
            Err(DocError::NotText {
                line: 2,
                reason: "it contains a NUL byte, so it is binary data, not Markdown".into()
            })
        );
        match prepare("x\ny\nzzzz", 5) {
            Err(DocError::TooLarge { line, size, .. }) => {
                assert_eq!((line, size), (3, 8));
            }
            other => panic!("{other:?}"),
        }
        match decode(b"ok\n\xff\xfe", 100) {
            Err(DocError::NotText { line, .. }) => assert_eq!(line, 2),
            other => panic!("{other:?}"),
        }
        assert_eq!(prepare("\u{feff}a\r\nb\rc", 100).unwrap(), "a\nb\nc");
    }
}
