//! YAML front matter: the block between a first line `---` and the next `---` (or `...`).

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::source::{DocError, Source};
use super::MAX_FRONT_MATTER_BYTES;

/// Where the front matter is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct FrontMatter<'a> {
    /// The YAML text between the fences.
    pub yaml: &'a str,
    /// Byte offset of the YAML in the document.
    pub offset: usize,
}

/// The front matter (if the document starts with a `---` line) and the offset where the
/// Markdown body starts.
pub(crate) fn split_front_matter<'a>(
    source: &Source<'a>,
) -> Result<(Option<FrontMatter<'a>>, usize), DocError> {
    let text = source.text;
    let first = text.split('\n').next().unwrap_or("");
    if first.trim_end() != "---" {
        return Ok((None, 0));
    }
    let yaml_start = (first.len() + 1).min(text.len());
    let mut pos = yaml_start;
    for line in text.get(yaml_start..).unwrap_or("").split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            let yaml = source.slice(yaml_start, pos);
            if yaml.len() > MAX_FRONT_MATTER_BYTES {
                return Err(DocError::TooLarge {
                    what: "front matter",
                    size: yaml.len(),
                    limit: MAX_FRONT_MATTER_BYTES,
                    line: source.line(yaml_start + MAX_FRONT_MATTER_BYTES),
                });
            }
            return Ok((
                Some(FrontMatter {
                    yaml,
                    offset: yaml_start,
                }),
                pos + line.len(),
            ));
        }
        pos += line.len();
        if pos - yaml_start > MAX_FRONT_MATTER_BYTES {
            return Err(DocError::TooLarge {
                what: "front matter",
                size: pos - yaml_start,
                limit: MAX_FRONT_MATTER_BYTES,
                line: source.line(pos.saturating_sub(1)),
            });
        }
    }
    Err(DocError::FrontMatter {
        line: 1,
        path: String::new(),
        reason: "the front matter that starts on line 1 is never closed: end it with a line `---`"
            .to_string(),
    })
}

/// Reads front matter as YAML into `T` (through JSON, so watchstander's typed errors and paths
/// apply). An absent or empty block reads as `{}`.
pub(crate) fn read_front_matter<T: DeserializeOwned>(
    source: &Source<'_>,
    fm: Option<FrontMatter<'_>>,
) -> Result<T, DocError> {
    let (yaml, offset) = match fm {
        Some(f) => (f.yaml, f.offset),
        None => ("", 0),
    };
    let first_line = source.line(offset);
    let value = if yaml.trim().is_empty() {
        Value::Object(Default::default())
    } else {
        // Through YAML's own value type first: its mappings refuse repeated keys, which a
        // JSON object would silently collapse to the last one.
        let last_line = first_line + yaml.trim_end_matches('\n').split('\n').count().max(1) - 1;
        let y = serde_norway::from_str::<serde_norway::Value>(yaml).map_err(|e| {
            // An error at the very end (an unclosed bracket) is reported on the last YAML line.
            let line = e
                .location()
                .map_or(first_line, |l| first_line + l.line().saturating_sub(1))
                .min(last_line);
            DocError::FrontMatter {
                line,
                path: String::new(),
                reason: format!("not valid YAML: {}", strip_location(&e.to_string())),
            }
        })?;
        serde_json::to_value(y).map_err(|e| DocError::FrontMatter {
            line: first_line,
            path: String::new(),
            reason: format!("the front matter must use text keys and plain values: {e}"),
        })?
    };
    if !value.is_object() {
        return Err(DocError::FrontMatter {
            line: first_line,
            path: String::new(),
            reason: "the front matter must be a YAML mapping of `key: value` lines".to_string(),
        });
    }
    crate::from_json::<T>(&value).map_err(|e| {
        let path = e.path().to_string();
        let key = path
            .split(['.', '['])
            .next()
            .unwrap_or("")
            .trim_matches('"');
        DocError::FrontMatter {
            line: key_line(yaml, key).map_or(first_line, |l| first_line + l),
            reason: e.innermost().to_string(),
            path,
        }
    })
}

/// The 0-based line of a top-level `key:` in the YAML, if written plainly.
fn key_line(yaml: &str, key: &str) -> Option<usize> {
    if key.is_empty() {
        return None;
    }
    yaml.split('\n').position(|l| {
        l.strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
    })
}

/// serde_norway ends messages with "at line N column M", which is the front matter's own line;
/// the document's line is reported separately.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message.get(..i).unwrap_or(message).to_string(),
        None => message.to_string(),
    }
}

/// The front-matter block for `meta` (`---\n…---\n\n`), or nothing when it has no fields.
pub(crate) fn write_front_matter<T: Serialize>(meta: &T) -> String {
    let value = serde_json::to_value(meta).unwrap_or(Value::Null);
    match &value {
        Value::Object(m) if !m.is_empty() => match serde_norway::to_string(&value) {
            Ok(yaml) => format!("---\n{yaml}---\n\n"),
            Err(_) => String::new(),
        },
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(serde::Deserialize, serde::Serialize, Debug, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Meta {
        #[serde(default)]
        owner: Option<String>,
        #[serde(default)]
        review_interval: Option<crate::time::IsoDuration>,
        #[serde(default)]
        tags: Vec<String>,
    }

    fn read(text: &str) -> Result<(Meta, usize), DocError> {
        let s = Source::new(text);
        let (fm, body) = split_front_matter(&s)?;
        Ok((read_front_matter(&s, fm)?, body))
    }

    #[test]
    fn front_matter_is_yaml_between_fences() {
        let (m, body) = read("---\nowner: team-db\ntags: [a, b]\n---\n# T\n").unwrap();
        assert_eq!(m.owner.as_deref(), Some("team-db"));
        assert_eq!(m.tags, vec!["a", "b"]);
        assert_eq!(body, 36);
        let (m, body) = read("# No front matter\n").unwrap();
        assert_eq!((m.owner, body), (None, 0));
    }

    #[test]
    fn errors_name_the_document_line() {
        // Line 4 of the document holds the bad duration.
        let e = read("---\nowner: x\n\nreview_interval: 90 days\n---\n").unwrap_err();
        match e {
            DocError::FrontMatter { line, path, reason } => {
                assert_eq!(line, 4);
                assert_eq!(path, "review_interval");
                assert!(reason.contains("90 days"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
        match read("---\nowner: x\ncolour: red\n---\n").unwrap_err() {
            DocError::FrontMatter { reason, .. } => assert!(reason.contains("colour")),
            other => panic!("{other:?}"),
        }
        match read("---\nowner: [unclosed\n---\n").unwrap_err() {
            DocError::FrontMatter { line, reason, .. } => {
                assert!(line >= 2, "{line}");
                assert!(reason.starts_with("not valid YAML"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
        match read("---\nowner: x\n").unwrap_err() {
            DocError::FrontMatter { line, .. } => assert_eq!(line, 1),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            read("---\n- a\n- b\n---\n"),
            Err(DocError::FrontMatter { .. })
        ));
    }

    #[test]
    fn repeated_keys_are_refused() {
        assert!(matches!(
            read("---\nowner: a\nowner: b\n---\n"),
            Err(DocError::FrontMatter { .. })
        ));
    }

    #[test]
    fn oversized_front_matter_is_refused() {
        let big = format!("---\nowner: {}\n---\n", "x".repeat(MAX_FRONT_MATTER_BYTES));
        assert!(matches!(read(&big), Err(DocError::TooLarge { .. })));
        let unclosed = format!("---\nowner: {}\n", "x".repeat(MAX_FRONT_MATTER_BYTES));
        assert!(matches!(read(&unclosed), Err(DocError::TooLarge { .. })));
    }

    #[test]
    fn writing_round_trips() {
        let m = Meta {
            owner: Some("yes".into()),
            review_interval: Some("P90D".parse().unwrap()),
            tags: vec!["null".into(), "1.5".into()],
        };
        let text = write_front_matter(&m);
        assert!(text.starts_with("---\n") && text.ends_with("---\n\n"));
        let (back, _) = read(&text).unwrap();
        assert_eq!(back, m);
        assert_eq!(write_front_matter(&BTreeMap::<String, String>::new()), "");
    }
}
