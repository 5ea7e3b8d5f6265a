//! Label matchers in Alertmanager's syntax: `name="value"`, `name!="value"`, `name=~"regex"`,
//! `name!~"regex"`, and comma-separated lists of them (`{severity="page", team=~"db|web"}`).
//!
//! Regular expressions are anchored at both ends, as Alertmanager anchors them
//! (`^(?:pattern)$`), and run on the [`regex`] crate, whose matching time is linear in the
//! input: no pattern can backtrack catastrophically. A pattern whose compiled form would
//! exceed [`MAX_REGEX_BYTES`] is refused.
//!
//! ```
//! use watchstander::alert::{Labels, Matchers};
//! let m = Matchers::parse(r#"{severity="page", team=~"db|web"}"#)?;
//! let alert = Labels::from_pairs([("severity", "page"), ("team", "db")])?;
//! assert!(m.matches(&alert));
//! // Anchored: "db" does not match "dba".
//! assert!(!m.matches(&Labels::from_pairs([("severity", "page"), ("team", "dba")])?));
//! # Ok::<(), watchstander::alert::AlertError>(())
//! ```

use std::fmt;

use regex::{Regex, RegexBuilder};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::error::clip;
use super::labels::Labels;
use super::limits::{MAX_LABEL_NAME_BYTES, MAX_MATCHERS, MAX_MATCHER_BYTES, MAX_REGEX_BYTES};
use super::AlertError;

/// How a matcher compares a label's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MatchOp {
    /// `=`: equal.
    Equal,
    /// `!=`: not equal.
    NotEqual,
    /// `=~`: the whole value matches the regex.
    Regex,
    /// `!~`: the whole value does not match the regex.
    NotRegex,
}

impl MatchOp {
    /// The operator as written: `=`, `!=`, `=~`, `!~`.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchOp::Equal => "=",
            MatchOp::NotEqual => "!=",
            MatchOp::Regex => "=~",
            MatchOp::NotRegex => "!~",
        }
    }
}

/// One label matcher. A missing label has the value `""`, so `team!="db"` matches an alert
/// without a `team` label and `team=""` matches only such alerts.
#[derive(Debug, Clone)]
pub struct Matcher {
    name: String,
    op: MatchOp,
    value: String,
    regex: Option<Regex>,
    /// For a pattern of plain words joined by `|` (`critical|page`): the words, compared
    /// directly instead of running the regex (the same answer, without the regex engine).
    words: Option<Box<[Box<str>]>>,
}

impl PartialEq for Matcher {
    fn eq(&self, o: &Self) -> bool {
        self.name == o.name && self.op == o.op && self.value == o.value
    }
}
impl Eq for Matcher {}

impl Matcher {
    /// A matcher from its parts; regexes are compiled (anchored) here.
    pub fn new(name: &str, op: MatchOp, value: &str) -> Result<Matcher, AlertError> {
        // Alertmanager's parser accepts `:` in matcher names (PromQL metric-name rules).
        let valid = name.len() <= MAX_LABEL_NAME_BYTES
            && name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == ':')
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':');
        if !valid {
            return Err(AlertError::InvalidLabelName {
                name: clip(name, 200),
            });
        }
        if value.len() > MAX_MATCHER_BYTES {
            return Err(AlertError::too_large(
                format!("matcher value on {:?}", clip(name, 100)),
                value.len(),
                MAX_MATCHER_BYTES,
            ));
        }
        let regex = match op {
            MatchOp::Regex | MatchOp::NotRegex => Some(compile(name, value)?),
            _ => None,
        };
        let words = regex.as_ref().and_then(|_| plain_words(value));
        Ok(Matcher {
            name: name.to_string(),
            op,
            value: value.to_string(),
            regex,
            words,
        })
    }

    /// Parses one matcher, with Alertmanager's `ParseMatcher` rules: a label name, an operator,
    /// and a value that may be double-quoted (inside quotes `\"`, `\n` and `\\` are escapes);
    /// whitespace around each part is ignored.
    pub fn parse(input: &str) -> Result<Matcher, AlertError> {
        if input.len() > MAX_MATCHER_BYTES {
            return Err(AlertError::too_large(
                "matcher",
                input.len(),
                MAX_MATCHER_BYTES,
            ));
        }
        let bad = |reason: &str| AlertError::InvalidMatcher {
            input: clip(input, 200),
            reason: reason.to_string(),
        };
        let s = input.trim_start();
        let name_len = s
            .char_indices()
            .find(|&(i, c)| {
                !(c.is_ascii_alphabetic() || c == '_' || c == ':' || (i > 0 && c.is_ascii_digit()))
            })
            .map_or(s.len(), |(i, _)| i);
        if name_len == 0 {
            return Err(bad(
                "it must start with a label name, e.g. severity=\"page\"",
            ));
        }
        let (name, rest) = s.split_at(name_len);
        let rest = rest.trim_start();
        let (op, rest) = if let Some(r) = rest.strip_prefix("=~") {
            (MatchOp::Regex, r)
        } else if let Some(r) = rest.strip_prefix("!~") {
            (MatchOp::NotRegex, r)
        } else if let Some(r) = rest.strip_prefix("!=") {
            (MatchOp::NotEqual, r)
        } else if let Some(r) = rest.strip_prefix('=') {
            (MatchOp::Equal, r)
        } else {
            return Err(bad("the label name must be followed by =, !=, =~ or !~"));
        };
        let raw = rest.trim();
        let value = unescape(raw).map_err(bad)?;
        Matcher::new(name, op, &value)
    }

    /// The label name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The operator.
    pub fn op(&self) -> MatchOp {
        self.op
    }

    /// The value or pattern, unescaped.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// Whether the value `v` (`""` for an absent label) satisfies the matcher.
    pub fn matches_value(&self, v: &str) -> bool {
        if let Some(words) = &self.words {
            let hit = words.iter().any(|w| **w == *v);
            return hit == (self.op == MatchOp::Regex);
        }
        match (self.op, &self.regex) {
            (MatchOp::Equal, _) => v == self.value,
            (MatchOp::NotEqual, _) => v != self.value,
            (MatchOp::Regex, Some(r)) => r.is_match(v),
            (MatchOp::NotRegex, Some(r)) => !r.is_match(v),
            // Regex matchers always carry their compiled regex (built in `new`).
            (MatchOp::Regex, None) => false,
            (MatchOp::NotRegex, None) => true,
        }
    }

    /// Whether the label set satisfies the matcher.
    pub fn matches(&self, labels: &Labels) -> bool {
        self.matches_value(labels.value(&self.name))
    }
}

/// Reads the value part of a matcher, as Alertmanager's `ParseMatcher` does.
fn unescape(raw: &str) -> Result<String, &'static str> {
    let (body, quoted) = match raw.strip_prefix('"') {
        Some(b) => (b, true),
        None => (raw, false),
    };
    let mut out = String::with_capacity(body.len());
    let mut chars = body.char_indices().peekable();
    let mut closed = !quoted;
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => match chars.peek() {
                Some(&(_, 'n')) => {
                    out.push('\n');
                    chars.next();
                }
                Some(&(_, e @ ('"' | '\\'))) => {
                    out.push(e);
                    chars.next();
                }
                // A lone backslash is a literal backslash.
                _ => out.push('\\'),
            },
            '"' => {
                if quoted && i + 1 == body.len() {
                    closed = true;
                } else {
                    return Err("the value contains an unescaped double quote; write \\\" inside a quoted value");
                }
            }
            c => out.push(c),
        }
    }
    if !closed {
        return Err("the quoted value has no closing double quote");
    }
    Ok(out)
}

/// The alternatives of a pattern made only of words (ASCII letters, digits, `_`, `-`, `:`)
/// joined by `|`: such a pattern, anchored, matches exactly those words.
fn plain_words(pattern: &str) -> Option<Box<[Box<str>]>> {
    let plain = pattern
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b':' | b'|'));
    plain.then(|| pattern.split('|').map(Box::from).collect())
}

fn compile(name: &str, pattern: &str) -> Result<Regex, AlertError> {
    RegexBuilder::new(&format!("^(?:{pattern})$"))
        .size_limit(MAX_REGEX_BYTES)
        .dfa_size_limit(MAX_REGEX_BYTES)
        .build()
        .map_err(|e| AlertError::InvalidRegex {
            label: clip(name, 100),
            pattern: clip(pattern, 200),
            reason: match e {
                regex::Error::CompiledTooBig(limit) => format!(
                    "the compiled pattern would exceed {limit} bytes (MAX_REGEX_BYTES); simplify it"
                ),
                other => other
                    .to_string()
                    .lines()
                    .last()
                    .unwrap_or("")
                    .trim()
                    .to_string(),
            },
        })
}

/// `name="value"` with the value escaped as OpenMetrics escapes it (Alertmanager's
/// `Matcher.String()`).
impl fmt::Display for Matcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let escaped = self
            .value
            .replace('\\', "\\\\")
            .replace('\n', "\\n")
            .replace('"', "\\\"");
        write!(f, "{}{}\"{}\"", self.name, self.op.as_str(), escaped)
    }
}

impl Serialize for Matcher {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Matcher {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Matcher, D::Error> {
        let s = String::deserialize(d)?;
        Matcher::parse(&s).map_err(crate::error::de_error)
    }
}

#[cfg(feature = "schema")]
crate::schema::string_schema!(
    Matcher,
    "Matcher",
    "An Alertmanager label matcher: name, one of = != =~ !~, and a value (quoted or not); regexes are anchored",
    examples = ["severity=\"page\"", "team=~\"db|web\"", "env!=staging"]
);

/// A list of matchers, all of which must hold (an empty list matches everything).
///
/// In JSON it is a list of strings, each of which may itself hold several comma-separated
/// matchers, as Alertmanager's `matchers:` accepts; `Matchers::parse` reads one such string.
///
/// # Examples
///
/// ```
/// use watchstander::alert::{Labels, Matchers};
///
/// let m = Matchers::parse(r#"{severity=~"critical|page", team!="db"}"#)?;
/// let page = Labels::from_pairs([("severity", "page"), ("team", "payments")])?;
/// let db = Labels::from_pairs([("severity", "critical"), ("team", "db")])?;
/// assert!(m.matches(&page));
/// assert!(!m.matches(&db));
/// # Ok::<(), watchstander::alert::AlertError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matchers(Vec<Matcher>);

impl Matchers {
    /// Parses Alertmanager's `ParseMatchers` syntax: an optional `{…}`, matchers separated by
    /// commas outside double quotes, and an optional trailing comma.
    pub fn parse(input: &str) -> Result<Matchers, AlertError> {
        let mut out = Vec::new();
        for token in split_matchers(input) {
            out.push(Matcher::parse(&token)?);
            if out.len() > MAX_MATCHERS {
                return Err(AlertError::too_large(
                    "matcher list",
                    out.len(),
                    MAX_MATCHERS,
                ));
            }
        }
        Ok(Matchers(out))
    }

    /// A list from matchers.
    pub fn new(matchers: Vec<Matcher>) -> Result<Matchers, AlertError> {
        if matchers.len() > MAX_MATCHERS {
            return Err(AlertError::too_large(
                "matcher list",
                matchers.len(),
                MAX_MATCHERS,
            ));
        }
        Ok(Matchers(matchers))
    }

    /// Whether every matcher holds for `labels`.
    pub fn matches(&self, labels: &Labels) -> bool {
        self.0.iter().all(|m| m.matches(labels))
    }

    /// The matchers.
    pub fn iter(&self) -> impl Iterator<Item = &Matcher> {
        self.0.iter()
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none (which matches every alert).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Appends the matchers of `other`.
    pub fn extend(&mut self, other: Matchers) -> Result<(), AlertError> {
        self.0.extend(other.0);
        if self.0.len() > MAX_MATCHERS {
            return Err(AlertError::too_large(
                "matcher list",
                self.0.len(),
                MAX_MATCHERS,
            ));
        }
        Ok(())
    }

    /// The matchers sorted by name, value, then operator, as Alertmanager sorts a route's.
    pub(crate) fn sorted(&self) -> Matchers {
        let mut v = self.0.clone();
        v.sort_by(|a, b| (&a.name, &a.value, a.op).cmp(&(&b.name, &b.value, b.op)));
        Matchers(v)
    }
}

/// `{a="1",b=~"x"}`: Alertmanager's `Matchers.String()`.
impl fmt::Display for Matchers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("{")?;
        for (i, m) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            write!(f, "{m}")?;
        }
        f.write_str("}")
    }
}

fn split_matchers(input: &str) -> Vec<String> {
    let s = input.strip_prefix('{').unwrap_or(input);
    let s = s.strip_suffix('}').unwrap_or(s);
    let mut tokens = Vec::new();
    let mut token = String::new();
    let (mut inside, mut escaped) = (false, false);
    for c in s.chars() {
        match c {
            ',' if !inside => {
                tokens.push(std::mem::take(&mut token));
                continue;
            }
            '"' => {
                if escaped {
                    escaped = false;
                } else {
                    inside = !inside;
                }
            }
            '\\' => escaped = !escaped,
            _ => escaped = false,
        }
        token.push(c);
    }
    let last = token.trim();
    if !last.is_empty() {
        tokens.push(last.to_string());
    }
    tokens
}

impl Serialize for Matchers {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|m| m.to_string()))
    }
}

impl<'de> Deserialize<'de> for Matchers {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Matchers, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Form {
            One(String),
            Many(Vec<String>),
        }
        let strings = match Form::deserialize(d)? {
            Form::One(s) => vec![s],
            Form::Many(v) => v,
        };
        let mut out = Matchers::default();
        for s in strings {
            out.extend(Matchers::parse(&s).map_err(crate::error::de_error)?)
                .map_err(crate::error::de_error)?;
        }
        Ok(out)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Matchers {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Matchers".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Alertmanager matchers, all of which must hold: a list of strings such as [\"severity=\\\"page\\\"\", \"team=~\\\"db|web\\\"\"] (each string may hold several, comma-separated)",
            "type": "array",
            "items": { "type": "string" }
        })
    }
}
