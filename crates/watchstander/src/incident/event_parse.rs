//! Reading an [`Event`] from any serde format: the five common fields by name, then `kind`,
//! then the kind's own fields.
//!
//! The event is read as one map of entries, kept in a plain list: the five common field names
//! are recognised without copying the key, the other keys are kept with their values. Each
//! common field is then taken out of the list (the last entry moving into its place, as an
//! ordered map's `swap_remove` does), checked in a fixed order (`id`, `incident`, `actor`,
//! `occurred_at`, `recorded_at`, `kind`), and the rest is read as the [`EventKind`] that
//! `kind` names. Which error a malformed event gets is therefore fixed by that order and by
//! the order of its entries.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Unexpected, Visitor};
use serde::Deserialize;
use serde_json::Value;

use super::event::{Event, EventKind, COMMON, EVENT_KINDS};
use super::IncidentError;

/// A key of an event's map: a common field (by its index in [`COMMON`]), `kind`, or any other
/// key.
#[derive(Debug, PartialEq)]
enum Key {
    Common(usize),
    Kind,
    Other(String),
}

impl Key {
    fn of(text: &str) -> Option<Key> {
        Some(match text {
            "id" => Key::Common(0),
            "incident" => Key::Common(1),
            "occurred_at" => Key::Common(2),
            "recorded_at" => Key::Common(3),
            "actor" => Key::Common(4),
            "kind" => Key::Kind,
            _ => return None,
        })
    }

    /// The key as the map of the kind's fields has it.
    fn into_string(self) -> String {
        match self {
            Key::Common(i) => COMMON.get(i).copied().unwrap_or_default().to_string(),
            Key::Kind => "kind".to_string(),
            Key::Other(k) => k,
        }
    }
}

/// Reads a key as a string is read (same accepted forms, same error), without copying the
/// common field names.
struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(Key::of(v).unwrap_or_else(|| Key::Other(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Key, E> {
        Ok(Key::of(&v).unwrap_or(Key::Other(v)))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Key, E> {
        match std::str::from_utf8(v) {
            Ok(s) => self.visit_str(s),
            Err(_) => Err(E::invalid_value(Unexpected::Bytes(v), &self)),
        }
    }
    fn visit_byte_buf<E: de::Error>(self, v: Vec<u8>) -> Result<Key, E> {
        match String::from_utf8(v) {
            Ok(s) => self.visit_string(s),
            Err(e) => Err(E::invalid_value(Unexpected::Bytes(&e.into_bytes()), &self)),
        }
    }
}

impl<'de> DeserializeSeed<'de> for KeyVisitor {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key, D::Error> {
        d.deserialize_string(self)
    }
}

/// The event's entries in map order; a repeated key replaces the earlier value in place (as a
/// JSON object read into an ordered map keeps it).
struct Entries(Vec<(Key, Value)>);

impl<'de> Visitor<'de> for Entries {
    type Value = Entries;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Entries, E> {
        Ok(self)
    }
    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Entries, A::Error> {
        self.0.reserve(map.size_hint().unwrap_or(0).min(16));
        while let Some(key) = map.next_key_seed(KeyVisitor)? {
            let value: Value = map.next_value()?;
            match self.0.iter_mut().find(|(k, _)| *k == key) {
                Some((_, v)) => *v = value,
                None => self.0.push((key, value)),
            }
        }
        Ok(self)
    }
}

impl Entries {
    /// Takes out a common field, moving the last entry into its place.
    fn take(&mut self, field: usize) -> Option<Value> {
        let at = self.0.iter().position(|(k, _)| *k == Key::Common(field))?;
        Some(self.0.swap_remove(at).1)
    }

    fn take_string<E: de::Error>(&mut self, field: usize) -> Result<String, E> {
        let name = COMMON.get(field).copied().unwrap_or("");
        match self.take(field) {
            Some(Value::String(s)) => Ok(s),
            Some(_) => Err(E::custom(format!("field {name:?} must be a string"))),
            None => Err(E::missing_field(name)),
        }
    }

    fn take_instant<E: de::Error>(&mut self, field: usize) -> Result<DateTime<Utc>, E> {
        let s = self.take_string::<E>(field)?;
        let name = COMMON.get(field).copied().unwrap_or("");
        crate::time::parse_instant(&s)
            .map_err(|e| crate::error::de_error(crate::Error::from(e).at(name)))
    }
}

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error as _;
        let mut map = deserializer.deserialize_map(Entries(Vec::new()))?;
        let id = map.take_string::<D::Error>(0)?;
        let incident = map.take_string::<D::Error>(1)?;
        let actor = map.take_string::<D::Error>(4)?;
        let occurred_at = map.take_instant::<D::Error>(2)?;
        let recorded_at = map.take_instant::<D::Error>(3)?;
        let kind = match map.0.iter().find(|(k, _)| *k == Key::Kind) {
            Some((_, Value::String(k))) => k.as_str(),
            Some(_) => return Err(D::Error::custom("field \"kind\" must be a string")),
            None => return Err(D::Error::missing_field("kind")),
        };
        if !EVENT_KINDS.contains(&kind) {
            return Err(crate::error::de_error(IncidentError::UnknownEventKind {
                kind: kind.chars().take(100).collect(),
                known: EVENT_KINDS.iter().map(|k| k.to_string()).collect(),
            }));
        }
        // `kind` and the kind's own fields are left: the common ones were taken above.
        let rest = map.0.into_iter().map(|(k, v)| (k.into_string(), v));
        let kind = EventKind::deserialize(de::value::MapDeserializer::<_, serde_json::Error>::new(
            rest,
        ))
        .map_err(|e| D::Error::custom(format!("{e}")))?;
        Ok(Event {
            id,
            incident,
            occurred_at,
            recorded_at,
            actor,
            kind,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Map;

    /// The reading of an event before this module: a JSON object first, then the fields taken
    /// out of it. Kept as the reference the direct reading must match, error for error.
    fn reference<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Event, D::Error> {
        use serde::de::Error as _;
        fn take_string<E: de::Error>(
            map: &mut Map<String, Value>,
            field: &'static str,
        ) -> Result<String, E> {
            match map.swap_remove(field) {
                Some(Value::String(s)) => Ok(s),
                Some(_) => Err(E::custom(format!("field {field:?} must be a string"))),
                None => Err(E::missing_field(field)),
            }
        }
        fn take_instant<E: de::Error>(
            map: &mut Map<String, Value>,
            field: &'static str,
        ) -> Result<DateTime<Utc>, E> {
            let s = take_string::<E>(map, field)?;
            crate::time::parse_instant(&s)
                .map_err(|e| crate::error::de_error(crate::Error::from(e).at(field)))
        }
        let mut map = Map::<String, Value>::deserialize(deserializer)?;
        let id = take_string::<D::Error>(&mut map, "id")?;
        let incident = take_string::<D::Error>(&mut map, "incident")?;
        let actor = take_string::<D::Error>(&mut map, "actor")?;
        let occurred_at = take_instant::<D::Error>(&mut map, "occurred_at")?;
        let recorded_at = take_instant::<D::Error>(&mut map, "recorded_at")?;
        let kind = match map.get("kind") {
            Some(Value::String(k)) => k.clone(),
            Some(_) => return Err(D::Error::custom("field \"kind\" must be a string")),
            None => return Err(D::Error::missing_field("kind")),
        };
        if !EVENT_KINDS.contains(&kind.as_str()) {
            return Err(crate::error::de_error(IncidentError::UnknownEventKind {
                kind: kind.chars().take(100).collect(),
                known: EVENT_KINDS.iter().map(|k| k.to_string()).collect(),
            }));
        }
        let kind = EventKind::deserialize(Value::Object(map))
            .map_err(|e| D::Error::custom(format!("{e}")))?;
        Ok(Event {
            id,
            incident,
            occurred_at,
            recorded_at,
            actor,
            kind,
        })
    }

    struct Reference(Event);
    impl<'de> Deserialize<'de> for Reference {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            reference(d).map(Reference)
        }
    }

    fn texts() -> Vec<String> {
        let base = r#""id": "e1", "incident": "INC-1", "occurred_at": "2026-11-26T10:00:00Z", "recorded_at": "2026-11-26T10:00:05Z", "actor": "alice""#;
        let mut out: Vec<String> = [
            // valid, in several key orders
            format!(r#"{{{base}, "kind": "note", "text": "hi"}}"#),
            r#"{"kind": "note", "text": "hi", "actor": "a", "recorded_at": "2026-11-26T10:00:05Z", "occurred_at": "2026-11-26T10:00:00Z", "incident": "I", "id": "e"}"#.to_string(),
            format!(r#"{{"text": "hi", {base}, "kind": "note"}}"#),
            format!(r#"{{{base}, "kind": "detected", "title": "t", "severity": "SEV-1", "alerts": ["a", "b"]}}"#),
            format!(r#"{{{base}, "kind": "status_update_posted", "audience": "external", "text": "x"}}"#),
            format!(r#"{{{base}, "kind": "follow_up_created", "title": "x", "due": "2026-12-01", "owner": null}}"#),
            // repeated keys: the last value wins, in the first one's place
            format!(r#"{{{base}, "kind": "note", "text": "a", "text": "b"}}"#),
            format!(r#"{{"id": "x", {base}, "kind": "note", "text": "hi"}}"#),
            // errors, several at once: which one is reported depends on the order
            format!(r#"{{{base}, "kind": "note", "txet": "a", "foo": 1}}"#),
            format!(r#"{{"foo": 1, {base}, "kind": "note", "bar": 2, "text": "a"}}"#),
            r#"{"zzz": 1, "id": "e", "yyy": 2, "incident": "i", "occurred_at": "2026-11-26T10:00:00Z", "recorded_at": "2026-11-26T10:00:05Z", "actor": "a", "kind": "note", "xxx": 3}"#.to_string(),
            format!(r#"{{{base}, "kind": "note"}}"#),
            format!(r#"{{{base}, "kind": "snoozed"}}"#),
            format!(r#"{{{base}, "kind": 7}}"#),
            format!(r#"{{{base}}}"#),
            format!(r#"{{{base}, "kind": "status_changed", "to": "fixed"}}"#),
            format!(r#"{{{base}, "kind": "status_changed", "to": 3, "from": "triage"}}"#),
            r#"{"id": 1, "incident": 2, "kind": "note", "text": "x"}"#.to_string(),
            r#"{"incident": "i", "kind": "note", "text": "x"}"#.to_string(),
            r#"{"id": "e", "incident": "i", "actor": "a", "occurred_at": "2026-11-26T10:00:00", "recorded_at": "x", "kind": "note", "text": "x"}"#.to_string(),
            r#"{"id": "e", "incident": "i", "actor": "a", "occurred_at": "2026-11-26T10:00:00Z", "recorded_at": 5, "kind": "note", "text": "x"}"#.to_string(),
            r#"{"id": "e", "incident": "i", "actor": "a", "occurred_at": "2026-11-26T10:00:00Z", "kind": "note", "text": "x"}"#.to_string(),
            "null".to_string(),
            "[]".to_string(),
            r#""note""#.to_string(),
            "{}".to_string(),
        ]
        .into();
        out.push(format!(
            r#"{{{base}, "kind": "impact_ended", "extra": {{"deep": [1, 2]}}}}"#
        ));
        out
    }

    fn outcome<T, E: std::fmt::Display>(r: Result<T, E>, f: impl Fn(T) -> Event) -> String {
        match r {
            Ok(v) => format!("ok {:?}", f(v)),
            Err(e) => format!("err {e}"),
        }
    }

    #[test]
    fn a_key_that_is_not_text_is_refused_as_a_string_key_would_be() {
        // A front end can hand over keys of other types (a Python dict with an integer key).
        use serde::de::value::{Error, MapDeserializer};
        let entries = || MapDeserializer::<_, Error>::new(vec![(1_i64, "x")].into_iter());
        let new = Event::deserialize(entries()).unwrap_err().to_string();
        assert_eq!(new, "invalid type: integer `1`, expected a string");
        let old = Reference::deserialize(entries())
            .err()
            .map(|e| e.to_string());
        assert_eq!(Some(new), old);
    }

    #[test]
    fn reads_every_event_and_refuses_every_error_as_before() {
        for text in texts() {
            // From JSON text (the CLI), from a JSON value (ops::call), and tracked (the errors
            // the front ends report, with their paths and typed fields).
            let new = serde_json::from_str::<Event>(&text);
            let old = serde_json::from_str::<Reference>(&text);
            assert_eq!(outcome(new, |e| e), outcome(old, |r| r.0), "{text}");
            let value: Value = serde_json::from_str(&text).unwrap();
            let new = Event::deserialize(&value);
            let old = Reference::deserialize(&value);
            assert_eq!(outcome(new, |e| e), outcome(old, |r| r.0), "{text}");
            let new = crate::error::deserialize::<Event, _>(&value);
            let old = crate::error::deserialize::<Reference, _>(&value);
            match (new, old) {
                (Ok(a), Ok(b)) => assert_eq!(a, b.0, "{text}"),
                (Err(a), Err(b)) => assert_eq!(a, b, "{text}"),
                (a, b) => panic!("{text}: {:?} vs {:?}", a.err(), b.err()),
            }
        }
    }
}
