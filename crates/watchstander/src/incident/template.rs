//! Status-update templates: text with `{placeholders}`, and nothing else.
//!
//! A template is literal text in which `{name}` is replaced by a value. There are no
//! expressions, conditionals, filters or function calls — a template cannot run code or read
//! anything but the values it is given, so it is safe to let anyone edit one. Names are
//! lowercase letters, digits and `_`, in dot-separated parts (`{role.incident_commander}`).
//! Write `{{` and `}}` for literal braces. Parsing refuses an unclosed `{`, a stray `}`, an
//! empty `{}` and malformed names ([`InvalidTemplate`](super::IncidentError::InvalidTemplate));
//! rendering refuses a name that is not available
//! ([`UnknownPlaceholder`](super::IncidentError::UnknownPlaceholder)).
//!
//! ```
//! use watchstander::incident::Template;
//! let t = Template::parse("[{severity}] {title} — {{not a placeholder}}")?;
//! assert_eq!(t.placeholders().collect::<Vec<_>>(), vec!["severity", "title"]);
//! assert_eq!(Template::parse("{title").unwrap_err().code(), "invalid_template");
//! assert_eq!(Template::parse("{Title}").unwrap_err().code(), "invalid_template");
//! # Ok::<(), watchstander::incident::IncidentError>(())
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::IncidentError;

/// The longest template accepted, in characters.
pub const MAX_TEMPLATE_CHARS: usize = 20_000;
const MAX_NAME: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Placeholder(String),
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    source: String,
    parts: Vec<Part>,
}

fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_NAME
        && name.split('.').all(|part| {
            part.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        })
}

/// Whether `name` is a well-formed placeholder name.
pub(crate) fn is_placeholder_name(name: &str) -> bool {
    valid_name(name)
}

impl Template {
    /// Parses a template.
    pub fn parse(source: &str) -> Result<Template, IncidentError> {
        let err = |position: usize, reason: &str| IncidentError::InvalidTemplate {
            template: source.chars().take(80).collect(),
            position,
            reason: reason.to_string(),
        };
        if source.chars().count() > MAX_TEMPLATE_CHARS {
            return Err(err(
                MAX_TEMPLATE_CHARS,
                &format!("templates are limited to {MAX_TEMPLATE_CHARS} characters"),
            ));
        }
        let mut parts = Vec::new();
        let mut text = String::new();
        let mut chars = source.chars().enumerate().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '{' if chars.peek().map(|p| p.1) == Some('{') => {
                    chars.next();
                    text.push('{');
                }
                '}' if chars.peek().map(|p| p.1) == Some('}') => {
                    chars.next();
                    text.push('}');
                }
                '}' => return Err(err(i, "a '}' with no '{'; write '}}' for a literal brace")),
                '{' => {
                    let mut name = String::new();
                    loop {
                        match chars.next() {
                            Some((_, '}')) => break,
                            Some((j, '{')) => {
                                return Err(err(
                                    j,
                                    "a '{' inside a placeholder; write '{{' for a literal brace",
                                ))
                            }
                            Some((_, ch)) => name.push(ch),
                            None => {
                                return Err(err(
                                    i,
                                    "a '{' that is never closed; write '{{' for a literal brace",
                                ))
                            }
                        }
                    }
                    if name.is_empty() {
                        return Err(err(i, "an empty placeholder '{}'"));
                    }
                    if !valid_name(&name) {
                        return Err(err(
                            i,
                            &format!(
                                "placeholder name {name:?} must be lowercase letters, digits and '_', in dot-separated parts, e.g. {{role.scribe}}"
                            ),
                        ));
                    }
                    if !text.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut text)));
                    }
                    parts.push(Part::Placeholder(name));
                }
                other => text.push(other),
            }
        }
        if !text.is_empty() {
            parts.push(Part::Text(text));
        }
        Ok(Template {
            source: source.to_string(),
            parts,
        })
    }

    /// A template built into watchstander. Should one ever fail to parse, it is kept as
    /// literal text rather than panicking.
    pub(crate) fn built_in(source: &'static str) -> Template {
        Template::parse(source).unwrap_or_else(|_| Template {
            source: source.to_string(),
            parts: vec![Part::Text(source.to_string())],
        })
    }

    /// The template as written.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The placeholder names used, in order of appearance (with repeats).
    pub fn placeholders(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|p| match p {
            Part::Placeholder(n) => Some(n.as_str()),
            Part::Text(_) => None,
        })
    }

    /// Fills the template: literal text as written, each placeholder with `value(name)` passed
    /// through `escape`. Fails on the first name `value` does not know.
    pub fn fill(
        &self,
        value: impl Fn(&str) -> Result<String, IncidentError>,
        escape: impl Fn(&str) -> String,
    ) -> Result<String, IncidentError> {
        let mut out = String::with_capacity(self.source.len());
        for p in &self.parts {
            match p {
                Part::Text(t) => out.push_str(t),
                Part::Placeholder(n) => out.push_str(&escape(&value(n)?)),
            }
        }
        Ok(out)
    }
}

#[cfg(feature = "schema")]
crate::schema::string_schema!(
    Template,
    "Template",
    "Text with {placeholders} (lowercase names, dot-separated parts); {{ and }} for literal braces",
    examples = ["[{severity} {severity_name}] {title}: {status_label}"]
);

impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

impl FromStr for Template {
    type Err = IncidentError;
    fn from_str(s: &str) -> Result<Template, IncidentError> {
        Template::parse(s)
    }
}

impl Serialize for Template {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.source)
    }
}

impl<'de> Deserialize<'de> for Template {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Template::parse(&s).map_err(crate::error::de_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fill(t: &str) -> Result<String, IncidentError> {
        Template::parse(t)?.fill(
            |n| match n {
                "a" => Ok("A".into()),
                "role.x" => Ok("X".into()),
                other => Err(IncidentError::UnknownPlaceholder {
                    name: other.into(),
                    known: vec!["a".into()],
                }),
            },
            |v| format!("<{v}>"),
        )
    }

    #[test]
    fn fills_and_escapes_values_only() {
        assert_eq!(fill("x {a} y {role.x}").unwrap(), "x <A> y <X>");
        assert_eq!(fill("{{a}} {a}").unwrap(), "{a} <A>");
        assert_eq!(fill("}}{{").unwrap(), "}{");
        assert_eq!(fill("").unwrap(), "");
        assert_eq!(fill("é {a}é").unwrap(), "é <A>é");
    }

    #[test]
    fn unknown_names_fail_at_fill() {
        assert_eq!(fill("{b}").unwrap_err().code(), "unknown_placeholder");
    }

    #[test]
    fn malformed_templates_fail_at_parse_with_a_position() {
        for (t, pos) in [
            ("ab{", 2),
            ("a}b", 1),
            ("{}", 0),
            ("x{A}", 1),
            ("{a b}", 0),
            ("{a{b}}", 2),
            ("{.a}", 0),
            ("{a.}", 0),
            ("{1a}", 0),
        ] {
            match Template::parse(t) {
                Err(IncidentError::InvalidTemplate { position, .. }) => {
                    assert_eq!(position, pos, "{t}")
                }
                other => panic!("{t}: {other:?}"),
            }
        }
    }

    #[test]
    fn code_like_text_is_just_text() {
        // Nothing that looks like an expression is evaluated: it is refused or kept literally.
        assert_eq!(
            Template::parse("{a + 1}").unwrap_err().code(),
            "invalid_template"
        );
        assert_eq!(
            Template::parse("{exec('rm -rf /')}").unwrap_err().code(),
            "invalid_template"
        );
        assert_eq!(fill("${a} #{a} {{a}}").unwrap(), "$<A> #<A> {a}");
    }

    #[test]
    fn source_placeholders_and_display() {
        let t = Template::parse("a {b} {{c}} {d.e} {b}").unwrap();
        assert_eq!(t.source(), "a {b} {{c}} {d.e} {b}");
        assert_eq!(t.to_string(), t.source());
        assert_eq!(t.placeholders().collect::<Vec<_>>(), vec!["b", "d.e", "b"]);
    }

    #[test]
    fn long_templates_are_refused() {
        assert!(Template::parse(&"é".repeat(MAX_TEMPLATE_CHARS)).is_ok());
        let t = "x".repeat(MAX_TEMPLATE_CHARS + 1);
        assert_eq!(Template::parse(&t).unwrap_err().code(), "invalid_template");
    }

    #[test]
    fn serde_keeps_the_source() {
        let t: Template = serde_json::from_str("\"{title}\"").unwrap();
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"{title}\"");
        let e = crate::from_json::<Template>(&serde_json::json!("{"));
        assert_eq!(e.unwrap_err().code(), "invalid_template");
    }
}
