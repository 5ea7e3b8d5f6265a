//! The bindings' fast parse (`ops::host`) gives exactly what the full, path-tracking parse
//! gives: the same typed input for every valid input (compared through the operation's
//! output), the same error (code, message, path, fields) for every invalid one — for every
//! conformance case and every operation and handle example, read through a host view of JSON
//! that reports values as the Python and Node bindings do.

use std::cell::Cell;

use serde_json::Value;
use watchstander::ops::host::{GaveUp, HostMap, HostSeq, HostValue, Shape, Wants};
use watchstander::ops::{self, Reread};

mod conformance_common;

/// JSON as a host language: integers as `i64` when they fit (as the bindings report them),
/// object entries whose value is null skipped (as Python skips `None`, Node `undefined`).
struct Json<'a>(&'a Value);

impl HostValue for Json<'_> {
    fn shape(&mut self) -> Shape<'_> {
        match self.0 {
            Value::Null => Shape::Null,
            Value::Bool(b) => Shape::Bool(*b),
            Value::Number(n) => {
                if let Some(i) = n.as_i64() {
                    Shape::I64(i)
                } else if let Some(u) = n.as_u64() {
                    Shape::U64(u)
                } else {
                    Shape::F64(n.as_f64().unwrap())
                }
            }
            Value::String(s) => Shape::Str(s),
            Value::Array(_) => Shape::Seq,
            Value::Object(_) => Shape::Map,
        }
    }

    fn text(&mut self, _: Wants) -> Result<String, GaveUp> {
        // JSON numbers are never instants.
        Err(GaveUp)
    }

    fn seq(&mut self, f: &mut dyn FnMut(&mut dyn HostSeq)) -> Result<(), GaveUp> {
        let Value::Array(items) = self.0 else {
            return Err(GaveUp);
        };
        f(&mut Items(items.iter()));
        Ok(())
    }

    fn map(&mut self, f: &mut dyn FnMut(&mut dyn HostMap)) -> Result<(), GaveUp> {
        let Value::Object(entries) = self.0 else {
            return Err(GaveUp);
        };
        f(&mut Entries {
            entries: entries.iter(),
            value: None,
        });
        Ok(())
    }

    fn single_entry(
        &mut self,
        f: &mut dyn FnMut(&str, &mut dyn HostValue),
    ) -> Result<bool, GaveUp> {
        match self.0 {
            Value::Object(m) if m.len() == 1 => {
                let (k, v) = m.iter().next().unwrap();
                f(k, &mut Json(v));
                Ok(true)
            }
            _ => Ok(false),
        }
    }
}

struct Items<'a>(std::slice::Iter<'a, Value>);

impl HostSeq for Items<'_> {
    fn remaining(&self) -> usize {
        self.0.len()
    }
    fn next(&mut self, f: &mut dyn FnMut(&mut dyn HostValue)) -> Result<bool, GaveUp> {
        match self.0.next() {
            Some(v) => {
                f(&mut Json(v));
                Ok(true)
            }
            None => Ok(false),
        }
    }
}

struct Entries<'a> {
    entries: serde_json::map::Iter<'a>,
    value: Option<&'a Value>,
}

impl HostMap for Entries<'_> {
    fn remaining(&self) -> usize {
        self.entries.len()
    }
    fn next_key(&mut self) -> Result<Option<&str>, GaveUp> {
        for (k, v) in self.entries.by_ref() {
            if !v.is_null() {
                self.value = Some(v);
                return Ok(Some(k));
            }
        }
        Ok(None)
    }
    fn value(&mut self, f: &mut dyn FnMut(&mut dyn HostValue)) -> Result<(), GaveUp> {
        f(&mut Json(self.value.take().ok_or(GaveUp)?));
        Ok(())
    }
}

/// A JSON input read through the host view first; counts the reads through the full
/// deserializer (none when the fast parse succeeds).
struct Hosted<'a> {
    value: &'a Value,
    full_reads: Cell<usize>,
}

impl Reread for Hosted<'_> {
    fn deserializer(&self) -> Box<dyn erased_serde::Deserializer<'_> + '_> {
        self.full_reads.set(self.full_reads.get() + 1);
        Box::new(<dyn erased_serde::Deserializer>::erase(self.value))
    }
    fn with_host(&self, f: &mut dyn FnMut(&mut dyn HostValue)) -> bool {
        f(&mut Json(self.value));
        true
    }
}

/// Null object entries dropped, as the host view drops them (the reference parse must see
/// the same document).
fn without_null_entries(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_null_entries(v)))
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(without_null_entries).collect()),
        v => v.clone(),
    }
}

/// Parses `input` for `op` both ways and compares; returns whether the fast parse took it.
fn same_both_ways(op: &ops::Operation, input: &Value) -> bool {
    let input = without_null_entries(input);
    let hosted = Hosted {
        value: &input,
        full_reads: Cell::new(0),
    };
    let fast = op.parse_from(&hosted);
    let reference = op.parse(&mut <dyn erased_serde::Deserializer>::erase(&input));
    match (fast, reference) {
        (Ok(a), Ok(b)) => {
            let a = op.run(a).map(|o| watchstander::to_json(&*o).unwrap());
            let b = op.run(b).map(|o| watchstander::to_json(&*o).unwrap());
            assert_eq!(a, b, "{}: {input}", op.name);
        }
        (Err(a), Err(b)) => {
            assert_eq!(a, b, "{}: {input}", op.name);
            assert_eq!(a.path(), b.path(), "{}: {input}", op.name);
        }
        (a, b) => panic!(
            "{}: fast parse {:?}, full parse {:?}: {input}",
            op.name,
            a.err(),
            b.err()
        ),
    }
    hosted.full_reads.get() == 0
}

#[test]
fn conformance_cases_parse_the_same_through_the_host_view() {
    let files = conformance_common::case_files(&conformance_common::root());
    let (mut valid, mut fast, mut slow) = (0, 0, Vec::new());
    for file in &files {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        for case in doc["cases"].as_array().unwrap() {
            let op = ops::find(case["op"].as_str().unwrap()).unwrap();
            let took = same_both_ways(op, &case["input"]);
            if case.get("error").is_none() {
                valid += 1;
                if took {
                    fast += 1;
                } else {
                    slow.push(case["name"].as_str().unwrap_or("").to_string());
                }
            }
        }
    }
    assert!(valid > 100, "{valid}");
    // Every valid case is taken by the fast parse, but those that need the full
    // deserializer's type-directed conversions (none in JSON) or its leap-second refusal.
    assert_eq!(fast, valid, "parsed twice: {slow:?}");
}

#[test]
fn examples_parse_the_same_through_the_host_view() {
    for op in ops::operations() {
        let input: Value = serde_json::from_str(op.example).unwrap();
        assert!(same_both_ways(op, &input), "{}: not fast", op.name);
    }
    for h in ops::handle_types() {
        let input: Value = serde_json::from_str(h.example).unwrap();
        let input = without_null_entries(&input);
        let hosted = Hosted {
            value: &input,
            full_reads: Cell::new(0),
        };
        let fast = h.build(h.parse_new_from(&hosted).unwrap()).unwrap();
        assert_eq!(hosted.full_reads.get(), 0, "{}", h.name);
        let state = watchstander::to_json(&*fast.state()).unwrap();
        let reference = h
            .create(&mut <dyn erased_serde::Deserializer>::erase(&input))
            .unwrap();
        assert_eq!(
            state,
            watchstander::to_json(&*reference.state()).unwrap(),
            "{}",
            h.name
        );
        let state = without_null_entries(&state);
        let hosted = Hosted {
            value: &state,
            full_reads: Cell::new(0),
        };
        let restored = h.restore(h.parse_state_from(&hosted).unwrap()).unwrap();
        assert_eq!(hosted.full_reads.get(), 0, "{} state", h.name);
        assert_eq!(
            without_null_entries(&watchstander::to_json(&*restored.state()).unwrap()),
            state,
            "{}",
            h.name
        );
    }
}

#[test]
fn leap_seconds_deep_nesting_and_errors_take_the_full_parse() {
    let op = ops::find("time.to_local").unwrap();
    let leap = serde_json::json!({"zone": "UTC", "instant": "2016-12-31T23:59:60Z"});
    assert!(!same_both_ways(op, &leap));
    let bad_zone = serde_json::json!({"zone": "Mars/Base", "instant": "2026-01-01T00:00:00Z"});
    assert!(!same_both_ways(op, &bad_zone));
    let unknown_field =
        serde_json::json!({"zone": "UTC", "instant": "2026-01-01T00:00:00Z", "x": 1});
    assert!(!same_both_ways(op, &unknown_field));
    let mut deep = serde_json::json!(1);
    for _ in 0..200 {
        deep = serde_json::json!([deep]);
    }
    let deep = serde_json::json!({"zone": "UTC", "instant": deep});
    assert!(!same_both_ways(op, &deep));
}
