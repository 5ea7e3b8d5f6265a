//! The reference reading of a JSON input, which the one the operations use
//! ([`super::host`]) is tested against: serde_json's own `&Value` deserializer with the path
//! tracked by `serde_path_to_error`.
//!
//! serde_json hands strings to chrono's `DateTime` visitor unchecked, and chrono accepts the
//! year 0. A document with no string at the edge of the supported range (none starts like
//! `0000`, `0001-01-01`, `9999-12-31` or a signed year — nearly every document) is read by
//! serde_json itself; the rare one that has such a string goes through [`Guarded`], which
//! checks every string it gives a visitor, as the host reading does.

use serde::de::value::{MapAccessDeserializer, MapDeserializer, SeqDeserializer};
use serde::de::{self, Deserializer, IntoDeserializer, Visitor};
use serde_json::Value;

use crate::time::check_instant_text;

/// Reads `T` from `value` the reference way (see the [module docs](self)).
pub(super) fn reference_parse<T: serde::de::DeserializeOwned>(
    value: &Value,
) -> Result<T, crate::Error> {
    if has_edge_strings(value) {
        crate::error::deserialize(Guarded(value))
    } else {
        crate::error::deserialize(value)
    }
}

/// Whether a string could be an instant outside the years 1 to 9999.
fn is_edge_string(s: &str) -> bool {
    // A signed year: a sign and a digit (not front matter's `---` or a list's `- item`).
    let signed = |sign: char| {
        s.strip_prefix(sign)
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
    };
    s.starts_with("0000")
        || signed('-')
        || signed('+')
        || s.starts_with("0001-01-01")
        || s.starts_with("9999-12-31")
}

/// Whether any string in `v` (keys excluded) could be an instant outside the years 1 to 9999.
pub(super) fn has_edge_strings(v: &Value) -> bool {
    match v {
        Value::String(s) => is_edge_string(s),
        Value::Array(items) => items.iter().any(has_edge_strings),
        Value::Object(map) => map.values().any(has_edge_strings),
        _ => false,
    }
}

/// A `&Value` deserializer that checks strings given to instant visitors.
#[derive(Clone, Copy)]
pub(super) struct Guarded<'de>(pub(super) &'de Value);

// serde_json's error, so that a value of the wrong type is named as serde_json names it.
type Error = serde_json::Error;

impl<'de> IntoDeserializer<'de, Error> for Guarded<'de> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> Deserializer<'de> for Guarded<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    visitor.visit_u64(u)
                } else if let Some(i) = n.as_i64() {
                    visitor.visit_i64(i)
                } else {
                    visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN))
                }
            }
            Value::String(s) => {
                check_instant_text::<Error>(s, &visitor)?;
                visitor.visit_borrowed_str(s)
            }
            // Elements left unread are refused in serde_json's words.
            Value::Array(items) => {
                let mut rest = items.iter().map(Guarded);
                let out = visitor.visit_seq(SeqDeserializer::new(rest.by_ref()))?;
                match rest.len() {
                    0 => Ok(out),
                    _ => Err(de::Error::invalid_length(
                        items.len(),
                        &"fewer elements in array",
                    )),
                }
            }
            Value::Object(map) => {
                let mut rest = map.iter().map(|(k, v)| (k.as_str(), Guarded(v)));
                let out = visitor.visit_map(MapDeserializer::new(rest.by_ref()))?;
                match rest.len() {
                    0 => Ok(out),
                    _ => Err(de::Error::invalid_length(
                        map.len(),
                        &"fewer elements in map",
                    )),
                }
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Value::String(s) => visitor.visit_enum(s.as_str().into_deserializer()),
            Value::Object(map) if map.len() == 1 => {
                let access =
                    MapDeserializer::new(map.iter().map(|(k, v)| (k.as_str(), Guarded(v))));
                visitor.visit_enum(MapAccessDeserializer::new(access))
            }
            // serde_json's own words, so that both readings fail alike.
            Value::Object(_) => Err(de::Error::invalid_value(
                de::Unexpected::Map,
                &"map with a single key",
            )),
            other => Err(de::Error::invalid_type(unexpected(other), &"string or map")),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

/// What serde_json says a value is.
fn unexpected(v: &Value) -> de::Unexpected<'_> {
    match v {
        Value::Null => de::Unexpected::Unit,
        Value::Bool(b) => de::Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => de::Unexpected::Unsigned(u),
            (None, Some(i), _) => de::Unexpected::Signed(i),
            (None, None, f) => de::Unexpected::Float(f.unwrap_or(f64::NAN)),
        },
        Value::String(s) => de::Unexpected::Str(s),
        Value::Array(_) => de::Unexpected::Seq,
        Value::Object(_) => de::Unexpected::Map,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_documents_with_strings_at_the_edge_are_guarded() {
        let plain = serde_json::json!({"a": ["2026-01-01T00:00:00Z", 1, "---\nx: 1\n---", "- item", "-PT1H", "+"], "0000": {"b": "x"}});
        assert!(!has_edge_strings(&plain));
        for edge in [
            "0000-01-01T00:00:00Z",
            "-1",
            "+1",
            "0001-01-01",
            "9999-12-31T00:00:00Z",
        ] {
            let doc = serde_json::json!({"a": [{"b": edge}]});
            assert!(has_edge_strings(&doc), "{edge}");
        }
    }
}
