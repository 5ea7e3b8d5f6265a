//! Strict JSON text parsing for the text front ends (CLI, `call_text`): JSON itself allows
//! an object to repeat a key, and a parser silently keeps the last one — a typo that changes
//! a schedule without a word. Here a repeated key is an error naming the key and where it is.

use std::borrow::Cow;
use std::collections::HashSet;

use serde::de::{Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::error::InputError;
use crate::Error;

struct Strict(Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(Strict(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(crate::error::de_error(InputError::DuplicateKey { key }));
            }
            let Strict(v) = map.next_value()?;
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }
}

/// See [`super::parse_json`].
pub(super) fn parse(text: &str) -> Result<Value, Error> {
    // Untracked first; a failure is parsed again with the path tracked, for the error.
    let mut de = serde_json::Deserializer::from_str(text);
    if let Ok(Strict(value)) = Strict::deserialize(&mut de) {
        if de.end().is_ok() {
            return Ok(value);
        }
    }
    crate::error::take_typed("");
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed: Result<Strict, Error> = match serde_path_to_error::deserialize(&mut de) {
        Ok(v) => Ok(v),
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            let error = crate::error::take_typed(&inner.to_string())
                .unwrap_or_else(|| super::json_syntax_error(&inner));
            Err(error.at(path))
        }
    };
    let value = parsed?.0;
    de.end().map_err(|e| super::json_syntax_error(&e))?;
    Ok(value)
}

/// Whether `text` is one JSON value with no repeated key, nested at most as deep as
/// [`parse`] allows, and with no string value at the edge of the supported years (see
/// `guarded`) — checked without building anything (keys are compared where they lie in the
/// text). When it is, an operation's input can be read straight from the text; when it is
/// not, [`parse`] and the guarded reading say why.
pub(super) fn is_strict(text: &str) -> bool {
    let mut de = serde_json::Deserializer::from_str(text);
    Check.deserialize(&mut de).is_ok() && de.end().is_ok()
}

/// Walks one value, refusing a repeated key.
struct Check;

impl<'de> DeserializeSeed<'de> for Check {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(Check)
    }
}

/// A key, borrowed from the text unless it has escapes.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Cow<'de, str>, D::Error> {
        d.deserialize_str(Key)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a key")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
}

impl<'de> Visitor<'de> for Check {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<(), E> {
        if super::guarded::is_edge_string(v) {
            return Err(E::custom("a string at the edge of the supported years"));
        }
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Check)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        // Small objects (nearly all) are checked by comparison, large ones through a set.
        let mut keys: Vec<Cow<'de, str>> = Vec::new();
        let mut set: HashSet<Cow<'de, str>> = HashSet::new();
        while let Some(key) = map.next_key_seed(Key)? {
            let repeated = if set.is_empty() && keys.len() < 16 {
                keys.contains(&key)
            } else {
                set.extend(keys.drain(..));
                !set.insert(key.clone())
            };
            if repeated {
                return Err(serde::de::Error::custom("repeated key"));
            }
            if set.is_empty() {
                keys.push(key);
            }
            map.next_value_seed(Check)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The check agrees with the strict parse on what it accepts.
    #[test]
    fn the_check_accepts_what_the_strict_parse_accepts() {
        let many: String = (0..40).map(|i| format!(r#""k{i}": {i}, "#)).collect();
        for (text, ok) in [
            (r#"{"a": [1, 2.5, null, true, "x"], "b": {"c": {}}}"#, true),
            (r#"{"a": 1, "a": 2}"#, false),
            (r#"{"a": 1, "\u0061": 2}"#, false),
            (r#"[{"a": 1}, {"a": 1}]"#, true),
            (r#"{"at": "0000-12-31T23:00:00Z"}"#, false),
            (r#"{"0000": "x"}"#, true),
            ("{", false),
            ("{} x", false),
            ("", false),
            (&format!("{{{many}\"k3\": 0}}"), false),
            (&format!("{{{many}\"z\": 0}}"), true),
            (&"[".repeat(200), false),
            (&format!("{}{}", "[".repeat(100), "]".repeat(100)), true),
        ] {
            assert_eq!(is_strict(text), ok, "{text}");
            let edge = text.contains("\"0000-");
            assert_eq!(parse(text).is_ok(), ok || edge, "{text}");
        }
    }

    #[test]
    fn duplicate_keys_are_refused_with_their_path() {
        let e = parse(r#"{"layers": [{"id": "a"}, {"id": "b", "id": "c"}]}"#).unwrap_err();
        assert_eq!(e.code(), "duplicate_key");
        assert_eq!(e.path(), "layers[1]");
        assert_eq!(e.details()["key"], "id");
    }

    #[test]
    fn syntax_errors_and_trailing_text() {
        assert_eq!(parse("{").unwrap_err().code(), "invalid_json");
        assert_eq!(parse("{} x").unwrap_err().code(), "invalid_json");
        assert_eq!(
            parse(r#"{"a": [1, 2.5, null, true, "x"]}"#).unwrap()["a"][1],
            2.5
        );
    }
}
