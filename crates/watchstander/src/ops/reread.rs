//! Inputs that can be read twice: a fast parse, and a second, tracked one only for an error.
//!
//! Knowing *where* an input is wrong (`layers[2].zone`) means tracking the path while parsing:
//! a wrapper around every visitor and a copy of every object key, paid for every value of every
//! input although only a failing parse needs it. So the front ends hand an operation an input
//! they can read again ([`Reread`]: a Python object, a JS value, a `serde_json::Value`). The
//! operation parses it once without tracking; only if that fails does it parse it a second
//! time with tracking ([`crate::error::deserialize`]), and reports that parse's error. Parsing
//! is deterministic, so the error — code, message, path, typed fields — is exactly the one a
//! tracked parse gives, and a valid input is parsed once.
//!
//! ```
//! use watchstander::ops::{self, Reread};
//! let op = ops::find("time.parse_duration")?;
//! let input = serde_json::json!({"duration": "PT90M"});
//! let output = op.run(op.parse_from(&input)?)?;
//! assert_eq!(serde_json::to_value(&*output).unwrap()["fixed_seconds"], 5400);
//!
//! let bad = serde_json::json!({"duration": "PT90M", "durration": 1});
//! let err = op.parse_from(&bad).err().unwrap();
//! assert_eq!(err.code(), "invalid_input");
//! assert_eq!(err.path(), "durration");
//! # let _ = input.deserializer();
//! # Ok::<(), watchstander::Error>(())
//! ```

use serde::de::DeserializeOwned;

use super::host::{HostDeserializer, HostValue};
use crate::Error;

/// An input that can be read more than once, each time from the start.
pub trait Reread {
    /// A fresh deserializer over the whole input: the binding's full deserializer, which
    /// takes everything the front end accepts.
    fn deserializer(&self) -> Box<dyn erased_serde::Deserializer<'_> + '_>;

    /// Calls `f` with the input as a [`HostValue`] for the fast parse and returns `true`, if
    /// the front end has one (the default: no).
    fn with_host(&self, f: &mut dyn FnMut(&mut dyn HostValue)) -> bool {
        let _ = f;
        false
    }
}

impl Reread for serde_json::Value {
    fn deserializer(&self) -> Box<dyn erased_serde::Deserializer<'_> + '_> {
        // Strings that could be instants outside the supported years are checked on the way
        // (serde_json hands them to chrono unchecked): see `guarded`.
        if super::guarded::has_edge_strings(self) {
            Box::new(<dyn erased_serde::Deserializer>::erase(
                super::guarded::Guarded(self),
            ))
        } else {
            Box::new(<dyn erased_serde::Deserializer>::erase(self))
        }
    }
}

/// Parses `T` from `input`: first without path tracking — through the host values if the
/// front end has them ([`super::host`]), else through its deserializer —, and only if that
/// fails once more with tracking, for the error (see the [module docs](self)).
///
/// `T` is compiled against three deserializers only: the host values', `dyn Deserializer`
/// (the front end's own, untracked and tracked alike: the tracking sits behind the erasure,
/// see [`crate::error::deserialize_erased`]) and JSON text's (`call_text`). JSON values take
/// the erased way too.
pub(crate) fn parse<T: DeserializeOwned>(input: &dyn Reread) -> Result<T, Error> {
    let mut fast = None;
    input.with_host(&mut |host: &mut dyn HostValue| {
        fast = Some(T::deserialize(HostDeserializer::new(host)));
    });
    if let Some(Ok(value)) = fast {
        return Ok(value);
    }
    // No host view, or it gave up (a value it does not take, such as a `Date`, or an
    // error): the front end's own deserializer, untracked, then tracked for the error.
    if let Ok(value) = T::deserialize(&mut *input.deserializer()) {
        return Ok(value);
    }
    crate::error::deserialize_erased(&mut *input.deserializer())
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
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    #[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
    #[allow(dead_code)]
    enum Tagged {
        One { n: i8 },
        Two,
    }

    /// The tracking behind the erased deserializer reports what tracking around the JSON
    /// deserializer reports: the same error (code, message, typed fields) at the same path,
    /// for errors raised by every kind of visitor and by serde_json's own deserializer.
    #[test]
    fn tracking_behind_the_erasure_is_tracking_around_the_deserializer() {
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
            json!({"items": {"0": item.clone()}}),
            json!({"items": [1.5]}),
            json!({"items": null}),
            json!({}),
            json!("items"),
        ];
        for input in cases {
            let erased = parse::<Nested>(&input).unwrap_err();
            // Tracking around serde_json's deserializer (guarded as the JSON front end is).
            let around = if super::super::guarded::has_edge_strings(&input) {
                crate::error::deserialize::<Nested, _>(super::super::guarded::Guarded(&input))
            } else {
                crate::error::deserialize::<Nested, _>(&input)
            }
            .unwrap_err();
            assert_eq!(erased, around, "{input}");
            assert_eq!(erased.to_string(), around.to_string(), "{input}");
            assert_eq!(erased.path(), around.path(), "{input}");
            assert_eq!(erased.details(), around.details(), "{input}");
        }
        let e = parse::<Nested>(&with("kind", json!({"wait": {"minutes": -3}}))).unwrap_err();
        assert_eq!(e.path(), "items[1].kind.wait.minutes");
    }

    #[test]
    fn a_valid_input_parses() {
        let doc: Doc = parse(&json!({"zones": ["UTC", "Europe/London"], "count": 2})).unwrap();
        assert_eq!(doc.zones.len(), 2);
        assert_eq!(doc.count, 2);
    }
}
