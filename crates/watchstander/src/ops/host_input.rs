//! Inputs the operations read: anything a front end can show as [`HostValue`]s.
//!
//! A binding hands an operation its host language's value (a Python object, a JS value), the
//! JSON front end a `serde_json::Value`; the operation reads it in one pass through
//! [`super::host`], and an invalid input gets its error with the path of the problem
//! (`layers[2].zone`), the message and the typed fields.
//!
//! ```
//! use watchstander::ops::{self, HostInput};
//! let op = ops::find("time.parse_duration")?;
//! let input = serde_json::json!({"duration": "PT90M"});
//! let output = op.run(op.parse_from(&input)?)?;
//! assert_eq!(serde_json::to_value(&*output).unwrap()["fixed_seconds"], 5400);
//!
//! let bad = serde_json::json!({"duration": "PT90M", "durration": 1});
//! let err = op.parse_from(&bad).err().unwrap();
//! assert_eq!(err.code(), "invalid_input");
//! assert_eq!(err.path(), "durration");
//! # let mut seen = false;
//! # input.with_host(&mut |_| seen = true);
//! # assert!(seen);
//! # Ok::<(), watchstander::Error>(())
//! ```

use serde::de::{self, DeserializeOwned};
use serde_json::Value;

use super::host::{HostError, HostMap, HostSeq, HostValue, Shape, Wants};
use crate::Error;

/// An input an operation can read: a front end's value, shown as a [`HostValue`].
pub trait HostInput {
    /// Calls `f` once with the input as a [`HostValue`].
    fn with_host(&self, f: &mut dyn FnMut(&mut dyn HostValue));
}

impl HostInput for Value {
    fn with_host(&self, f: &mut dyn FnMut(&mut dyn HostValue)) {
        f(&mut JsonValue(self));
    }
}

/// Parses `T` from `input` (see the [module docs](self)).
pub(crate) fn parse<T: DeserializeOwned>(input: &dyn HostInput) -> Result<T, Error> {
    let mut out = None;
    input.with_host(&mut |host: &mut dyn HostValue| {
        out = Some(super::host::parse::<T>(host));
    });
    out.unwrap_or_else(|| Err(Error::invalid_input("the front end gave no input value")))
}

/// A document from any serde deserializer, as a JSON value (for the operations' `parse`).
pub(crate) fn document(de: &mut dyn erased_serde::Deserializer<'_>) -> Result<Value, Error> {
    crate::error::deserialize::<Value, _>(de)
}

/// A JSON value as a host value, read as serde_json reads it: every object entry (null ones
/// too), non-negative integers as `u64`, numbers never as instants.
pub struct JsonValue<'a>(pub &'a Value);

impl HostValue for JsonValue<'_> {
    fn shape(&mut self) -> Shape<'_> {
        match self.0 {
            Value::Null => Shape::Null,
            Value::Bool(b) => Shape::Bool(*b),
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    Shape::U64(u)
                } else if let Some(i) = n.as_i64() {
                    Shape::I64(i)
                } else {
                    Shape::F64(n.as_f64().unwrap_or(f64::NAN))
                }
            }
            Value::String(s) => Shape::Str(s),
            Value::Array(_) => Shape::Seq,
            Value::Object(_) => Shape::Map,
        }
    }

    fn text(&mut self, _: Wants) -> Result<Option<String>, HostError> {
        Ok(None)
    }

    fn seq(&mut self, f: &mut dyn FnMut(&mut dyn HostSeq)) -> Result<(), HostError> {
        match self.0 {
            Value::Array(items) => {
                f(&mut JsonItems(items.iter()));
                Ok(())
            }
            _ => Err(de::Error::custom("not an array")),
        }
    }

    fn map(&mut self, f: &mut dyn FnMut(&mut dyn HostMap)) -> Result<(), HostError> {
        match self.0 {
            Value::Object(m) => {
                f(&mut JsonEntries {
                    entries: m.iter(),
                    current: None,
                });
                Ok(())
            }
            _ => Err(de::Error::custom("not an object")),
        }
    }

    fn single_entry(
        &mut self,
        f: &mut dyn FnMut(&str, &mut dyn HostValue),
    ) -> Result<(), HostError> {
        match self.0 {
            Value::Object(m) if m.len() == 1 => match m.iter().next() {
                Some((k, v)) => {
                    f(k, &mut JsonValue(v));
                    Ok(())
                }
                None => Ok(()),
            },
            _ => Ok(()),
        }
    }

    fn refusal(&mut self) -> HostError {
        de::Error::custom("a JSON value of no known kind")
    }
}

struct JsonItems<'a>(std::slice::Iter<'a, Value>);

impl HostSeq for JsonItems<'_> {
    fn remaining(&self) -> usize {
        self.0.len()
    }

    fn next(&mut self, f: &mut dyn FnMut(&mut dyn HostValue)) -> Result<bool, HostError> {
        match self.0.next() {
            Some(v) => {
                f(&mut JsonValue(v));
                Ok(true)
            }
            None => Ok(false),
        }
    }
}

struct JsonEntries<'a> {
    entries: serde_json::map::Iter<'a>,
    current: Option<(&'a String, &'a Value)>,
}

impl HostMap for JsonEntries<'_> {
    fn remaining(&self) -> usize {
        self.entries.len()
    }

    fn next_key(&mut self) -> Result<Option<&str>, HostError> {
        self.current = self.entries.next();
        Ok(self.current.map(|(k, _)| k.as_str()))
    }

    fn key(&mut self) -> Option<String> {
        self.current.map(|(k, _)| k.clone())
    }

    fn value(&mut self, f: &mut dyn FnMut(&mut dyn HostValue)) -> Result<(), HostError> {
        match self.current {
            Some((_, v)) => {
                f(&mut JsonValue(v));
                Ok(())
            }
            None => Err(de::Error::custom("a value was asked for before its key")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[derive(Debug, PartialEq, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        zones: Vec<crate::time::Zone>,
        #[serde(default)]
        count: u32,
    }

    /// Every error is the tracked parse's, with its path and typed fields.
    #[test]
    fn errors_are_those_of_the_tracked_parse() {
        let cases = [
            json!({"zones": ["UTC", "Nowhere/Land"]}),
            json!({"zones": ["UTC"], "count": -1}),
            json!({"zones": ["UTC"], "cuont": 1}),
            json!({"zones": [["UTC"]]}),
            json!({"count": 1}),
            json!([1, 2]),
        ];
        for input in cases {
            let fast = parse::<Doc>(&input).unwrap_err();
            let tracked = crate::from_json::<Doc>(&input).unwrap_err();
            assert_eq!(fast, tracked, "{input}");
            assert_eq!(fast.path(), tracked.path(), "{input}");
        }
        assert_eq!(
            parse::<Doc>(&json!({"zones": ["UTC"], "count": -1}))
                .unwrap_err()
                .path(),
            "count"
        );
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Nested {
        items: Vec<Item>,
        #[serde(default)]
        labels: std::collections::BTreeMap<String, u8>,
        at: Option<chrono::DateTime<chrono::Utc>>,
        #[serde(default)]
        span: Option<(u32, u32)>,
        #[serde(default)]
        local: Option<chrono::NaiveDateTime>,
        #[serde(default)]
        ratio: Option<f64>,
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Item {
        kind: Kind,
        every: crate::time::IsoDuration,
        tagged: Option<Tagged>,
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    #[serde(rename_all = "snake_case")]
    #[allow(dead_code)]
    enum Kind {
        Page,
        Wait { minutes: u32 },
        Pair(u8, u8),
        Named(String),
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    #[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
    #[allow(dead_code)]
    enum Tagged {
        One { n: i8 },
        Two,
    }

    /// The host reading of a JSON value reports what tracking around serde_json's own
    /// deserializer reports: the same error (code, message, typed fields) at the same path,
    /// for errors raised by every kind of visitor, by serde_json's deserializer and inside
    /// enums of every form — and the same value when there is no error.
    #[test]
    fn the_host_reading_is_the_tracked_serde_json_reading() {
        let item = json!({"kind": "page", "every": "PT5M"});
        let with = |key: &str, value: Value| {
            let mut i = item.clone();
            i[key] = value;
            json!({"items": [item.clone(), i]})
        };
        let cases = [
            with("kind", json!({"wait": {"minutes": -3}})),
            with("kind", json!({"wait": {"minute": 3}})),
            with("kind", json!({"wait": {"minutes": 3}, "page": null})),
            with("kind", json!("sleep")),
            with("kind", json!(null)),
            with("kind", json!(["page"])),
            with("kind", json!({"page": 5})),
            with("kind", json!({"page": null})),
            with("kind", json!("wait")),
            with("kind", json!("pair")),
            with("kind", json!("named")),
            with("kind", json!({"pair": [1, 2]})),
            with("kind", json!({"pair": [1, 2, 3]})),
            with("kind", json!({"pair": [1]})),
            with("kind", json!({"pair": [1, 256]})),
            with("kind", json!({"named": 5})),
            with("kind", json!({"named": "x"})),
            with("kind", json!({})),
            with("kind", json!(7)),
            with("kind", json!(true)),
            with("kind", json!(-2.5)),
            json!({"items": [], "span": [1, 2]}),
            json!({"items": [], "span": [1, 2, 3]}),
            json!({"items": [], "span": [1]}),
            json!({"items": [], "span": {"a": 1}}),
            json!({"items": [], "ratio": 18446744073709551615u64}),
            json!({"items": [], "ratio": -3}),
            json!({"items": [], "at": "2016-12-31T23:59:60Z"}),
            json!({"items": [], "at": "9999-12-31T23:59:59-01:00"}),
            json!({"items": [], "local": "2026-03-08T02:30:00"}),
            json!({"items": [], "local": "2026-03-08T02:30:00Z"}),
            json!({"items": [], "labels": {"a": 1, "b": -1}}),
            json!({"items": [{"kind": {"wait": {"minutes": 1}}, "every": "PT1M", "extra": [1]}]}),
            with("every", json!("5 minutes")),
            with("every", json!(300)),
            with("tagged", json!({"type": "one", "n": 300})),
            with("tagged", json!({"type": "three"})),
            with("tagged", json!({"n": 1})),
            with("tagged", json!({"type": "one"})),
            with("extra", json!(1)),
            json!({"items": [item.clone()], "labels": {"a": 1, "b": 256}}),
            json!({"items": [item.clone()], "labels": {"a": null}}),
            json!({"items": [item.clone()], "at": "2026-13-01T00:00:00Z"}),
            json!({"items": [item.clone()], "at": "0000-12-31T23:00:00Z"}),
            json!({"items": [item.clone()], "at": 5}),
            // Negative and fractional numbers are the ones a host may read as instants.
            json!({"items": [item.clone()], "at": -5}),
            json!({"items": [item.clone()], "at": 1.5}),
            json!({"items": {"0": item.clone()}}),
            json!({"items": [1.5]}),
            json!({"items": null}),
            json!({}),
            json!("items"),
        ];
        for input in cases {
            let host = parse::<Nested>(&input);
            // Tracking around serde_json's deserializer (guarded as the JSON front end is).
            let around = super::super::guarded::reference_parse::<Nested>(&input);
            // The guarded reading, which only documents with edge strings take, reads every
            // document as serde_json does.
            let guarded: Result<Nested, _> =
                crate::error::deserialize(super::super::guarded::Guarded(&input));
            match (&around, guarded) {
                (Ok(a), Ok(b)) => assert_eq!(a, &b, "{input}"),
                (Err(a), Err(b)) => {
                    assert_eq!(a.to_string(), b.to_string(), "{input}");
                    assert_eq!(a.path(), b.path(), "{input}");
                }
                (a, b) => panic!("{input}: reference {a:?}, guarded {b:?}"),
            }
            match (host, around) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{input}"),
                (Err(a), Err(b)) => {
                    assert_eq!(a, b, "{input}");
                    assert_eq!(a.to_string(), b.to_string(), "{input}");
                    assert_eq!(a.path(), b.path(), "{input}");
                    assert_eq!(a.details(), b.details(), "{input}");
                }
                (a, b) => panic!("{input}: host {a:?}, reference {b:?}"),
            }
        }
        let e = parse::<Nested>(&with("kind", json!({"wait": {"minutes": -3}}))).unwrap_err();
        assert_eq!(e.path(), "items[1].kind.wait.minutes");
    }

    /// A struct is read from a mapping only: serde_json (the reference) also takes a list of
    /// its fields in order, which no input here means; the one reading refuses it.
    #[test]
    fn a_struct_is_not_read_from_a_list() {
        let input = json!({"items": [["page", "PT5M", null]]});
        assert!(super::super::guarded::reference_parse::<Nested>(&input).is_ok());
        let e = parse::<Nested>(&input).unwrap_err();
        assert_eq!(e.code(), "invalid_input");
        assert_eq!(e.path(), "items[0]");
        assert!(
            e.to_string()
                .contains("invalid type: sequence, expected struct Item"),
            "{e}"
        );
    }

    #[test]
    fn a_valid_input_parses() {
        let doc: Doc = parse(&json!({"zones": ["UTC", "Europe/London"], "count": 2})).unwrap();
        assert_eq!(doc.zones.len(), 2);
        assert_eq!(doc.count, 2);
    }
}
