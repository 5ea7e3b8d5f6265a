//! Strict JSON text parsing for the text front ends (CLI, `call_text`): JSON itself allows
//! an object to repeat a key, and a parser silently keeps the last one — a typo that changes
//! a schedule without a word. Here a repeated key is an error naming the key and where it is.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
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
    // JSON text read with `deserialize_any` gives strings by reference (never `visit_string`)
    // and `null` as the unit value (never an option).
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// What the strict parse accepts: any JSON value without a repeated key, nested at most
    /// `MAX_DEPTH` deep.
    #[test]
    fn the_strict_parse_refuses_repeated_keys_and_deep_nesting() {
        let many: String = (0..40).map(|i| format!(r#""k{i}": {i}, "#)).collect();
        for (text, ok) in [
            (r#"{"a": [1, 2.5, null, true, "x"], "b": {"c": {}}}"#, true),
            (r#"{"a": 1, "a": 2}"#, false),
            (r#"{"a": 1, "\u0061": 2}"#, false),
            (r#"[{"a": 1}, {"a": 1}]"#, true),
            (r#"{"at": "0000-12-31T23:00:00Z"}"#, true),
            (r#"{"0000": "x"}"#, true),
            (
                r#"{"s": "a\"b\u00e9\n", "n": -3, "u": 18446744073709551615}"#,
                true,
            ),
            ("{", false),
            ("{} x", false),
            ("", false),
            (&format!("{{{many}\"k3\": 0}}"), false),
            (&format!("{{{many}\"z\": 0}}"), true),
            (&"[".repeat(200), false),
            (&format!("{}{}", "[".repeat(100), "]".repeat(100)), true),
        ] {
            assert_eq!(parse(text).is_ok(), ok, "{text}");
            if ok {
                let plain: Value = serde_json::from_str(text).unwrap();
                assert_eq!(parse(text).unwrap(), plain, "{text}");
            }
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
