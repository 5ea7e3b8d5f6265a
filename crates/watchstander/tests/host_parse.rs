//! The one reading of inputs (`ops::host`) gives exactly what the reference reading gives —
//! serde_json's own deserializer with the path tracked by `serde_path_to_error`
//! (`Operation::parse_reference`): the same typed input for every valid input (compared
//! through the operation's output), the same error (code, message, path, fields) for every
//! invalid one. Checked for every conformance case and every operation and handle example,
//! read as JSON (what the CLI and `call_text` do) and through a host view of JSON that reports
//! values as the Python and Node bindings do (null entries left out, integers as `i64`).

use serde::de::Error as _;
use serde_json::Value;
use watchstander::ops::host::{ColumnData, HostError, HostMap, HostSeq, HostValue, Shape, Wants};
use watchstander::ops::{self, HostInput};

mod conformance_common;

/// JSON as a host language: integers as `i64` when they fit (as the bindings report them),
/// object entries whose value is null skipped (as Python skips `None`, Node `undefined`).
struct Json<'a>(&'a Value);

thread_local! {
    /// Read as the bindings read what JSON cannot say: a number where an instant is wanted as
    /// Unix seconds (a Python `int` or `float`), the string `"NaN"` as a float NaN, and a leap
    /// second refused by the host.
    static AS_BINDINGS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

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
            Value::String(s) if s == "NaN" && AS_BINDINGS.get() => Shape::F64(f64::NAN),
            Value::String(s) => Shape::Str(s),
            Value::Array(_) => Shape::Seq,
            Value::Object(_) => Shape::Map,
        }
    }

    fn text(&mut self, _: Wants) -> Result<Option<String>, HostError> {
        // JSON numbers are never instants, unless read as the bindings read them.
        match self.0.as_f64() {
            Some(secs) if AS_BINDINGS.get() => Ok(chrono::DateTime::from_timestamp(secs as i64, 0)
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))),
            _ => Ok(None),
        }
    }

    fn leap_second(&mut self, text: &str) -> Option<HostError> {
        AS_BINDINGS
            .get()
            .then(|| HostError::custom(format!("this host has no leap seconds: {text}")))
    }

    fn seq(&mut self, f: &mut dyn FnMut(&mut dyn HostSeq)) -> Result<(), HostError> {
        let Value::Array(items) = self.0 else {
            return Err(HostError::custom("not an array"));
        };
        f(&mut Items(items.iter()));
        Ok(())
    }

    fn map(&mut self, f: &mut dyn FnMut(&mut dyn HostMap)) -> Result<(), HostError> {
        let Value::Object(entries) = self.0 else {
            return Err(HostError::custom("not an object"));
        };
        f(&mut Entries {
            entries: entries.iter(),
            key: None,
            value: None,
        });
        Ok(())
    }

    fn single_entry(
        &mut self,
        f: &mut dyn FnMut(&str, &mut dyn HostValue),
    ) -> Result<(), HostError> {
        match self.0 {
            Value::Object(m) if m.len() == 1 => {
                let (k, v) = m.iter().next().unwrap();
                f(k, &mut Json(v));
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn refusal(&mut self) -> HostError {
        HostError::custom("no JSON value is refused")
    }
}

struct Items<'a>(std::slice::Iter<'a, Value>);

impl HostSeq for Items<'_> {
    fn remaining(&self) -> usize {
        self.0.len()
    }
    fn next(&mut self, f: &mut dyn FnMut(&mut dyn HostValue)) -> Result<bool, HostError> {
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
    key: Option<&'a String>,
    value: Option<&'a Value>,
}

impl HostMap for Entries<'_> {
    fn remaining(&self) -> usize {
        self.entries.len()
    }
    fn next_key(&mut self) -> Result<Option<&str>, HostError> {
        for (k, v) in self.entries.by_ref() {
            if !v.is_null() {
                self.key = Some(k);
                self.value = Some(v);
                return Ok(Some(k));
            }
        }
        Ok(None)
    }
    fn key(&mut self) -> Option<String> {
        self.key.cloned()
    }
    fn value(&mut self, f: &mut dyn FnMut(&mut dyn HostValue)) -> Result<(), HostError> {
        let v = self
            .value
            .take()
            .ok_or_else(|| HostError::custom("no value"))?;
        f(&mut Json(v));
        Ok(())
    }
}

/// A JSON input shown through the binding-like view.
struct Hosted<'a>(&'a Value);

impl HostInput for Hosted<'_> {
    fn with_host(&self, f: &mut dyn FnMut(&mut dyn HostValue)) {
        f(&mut Json(self.0));
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

/// The same result from two readings: the same output, or the same error at the same path.
fn same(
    what: &str,
    op: &ops::Operation,
    a: Result<ops::registry::Input, watchstander::Error>,
    b: Result<ops::registry::Input, watchstander::Error>,
) {
    match (a, b) {
        (Ok(a), Ok(b)) => {
            let a = op.run(a).map(|o| watchstander::to_json(&*o).unwrap());
            let b = op.run(b).map(|o| watchstander::to_json(&*o).unwrap());
            assert_eq!(a, b, "{}: {what}", op.name);
        }
        (Err(a), Err(b)) => {
            assert_eq!(a, b, "{}: {what}", op.name);
            assert_eq!(a.to_string(), b.to_string(), "{}: {what}", op.name);
            assert_eq!(a.path(), b.path(), "{}: {what}", op.name);
            assert_eq!(a.details(), b.details(), "{}: {what}", op.name);
        }
        (a, b) => panic!(
            "{}: host reading {:?}, reference reading {:?}: {what}",
            op.name,
            a.err(),
            b.err()
        ),
    }
}

/// Reads `input` for `op` as JSON and through the binding-like view, and compares both with
/// the reference reading; returns whether it was valid.
fn same_both_ways(op: &ops::Operation, input: &Value) -> bool {
    let valid = op.parse_reference(input).is_ok();
    same(
        &format!("JSON {input}"),
        op,
        op.parse_from(input),
        op.parse_reference(input),
    );
    let input = without_null_entries(input);
    same(
        &format!("host view {input}"),
        op,
        op.parse_from(&Hosted(&input)),
        op.parse_reference(&input),
    );
    valid
}

#[test]
fn conformance_cases_read_as_the_reference_reads_them() {
    let files = conformance_common::case_files(&conformance_common::root());
    let (mut valid, mut invalid) = (0, 0);
    for file in &files {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        for case in doc["cases"].as_array().unwrap() {
            let op = ops::find(case["op"].as_str().unwrap()).unwrap();
            if same_both_ways(op, &case["input"]) {
                valid += 1;
            } else {
                invalid += 1;
            }
        }
    }
    assert!(valid > 100, "{valid}");
    assert!(invalid > 50, "{invalid}");
}

#[test]
fn examples_read_as_the_reference_reads_them() {
    for op in ops::operations() {
        let input: Value = serde_json::from_str(op.example).unwrap();
        assert!(same_both_ways(op, &input), "{}: invalid example", op.name);
    }
    for h in ops::handle_types() {
        let input: Value = serde_json::from_str(h.example).unwrap();
        let input = without_null_entries(&input);
        let built = h.build(h.parse_new_from(&Hosted(&input)).unwrap()).unwrap();
        let state = watchstander::to_json(&*built.state()).unwrap();
        let from_json = h.build(h.parse_new_from(&input).unwrap()).unwrap();
        assert_eq!(
            state,
            watchstander::to_json(&*from_json.state()).unwrap(),
            "{}",
            h.name
        );
        let state = without_null_entries(&state);
        let restored = h
            .restore(h.parse_state_from(&Hosted(&state)).unwrap())
            .unwrap();
        assert_eq!(
            without_null_entries(&watchstander::to_json(&*restored.state()).unwrap()),
            state,
            "{}",
            h.name
        );
    }
}

#[test]
fn leap_seconds_deep_nesting_and_errors_read_as_the_reference_reads_them() {
    let op = ops::find("time.to_local").unwrap();
    let leap = serde_json::json!({"zone": "UTC", "instant": "2016-12-31T23:59:60Z"});
    same_both_ways(op, &leap);
    // A string at the edge of the supported range sends the reference reading through its
    // checking deserializer, which must read an explicit null as an absent option too.
    let edge = serde_json::json!({"schedule": {"id": "s", "zone": "UTC", "layers": []},
        "at": "9999-12-31T00:00:00Z", "window": null});
    same_both_ways(ops::find("schedule.oncall").unwrap(), &edge);
    let bad_zone = serde_json::json!({"zone": "Mars/Base", "instant": "2026-01-01T00:00:00Z"});
    assert!(!same_both_ways(op, &bad_zone));
    let unknown_field =
        serde_json::json!({"zone": "UTC", "instant": "2026-01-01T00:00:00Z", "x": 1});
    assert!(!same_both_ways(op, &unknown_field));
    let e = op.parse_from(&unknown_field).err().unwrap();
    assert_eq!(e.path(), "x");
    // Nesting deeper than any front end takes is refused where it is walked, with the path
    // of the list whose item would be too deep (serde_json would recurse).
    let mut deep = serde_json::json!(1);
    for _ in 0..200 {
        deep = serde_json::json!([deep]);
    }
    let doc = serde_json::json!({"a": deep});
    let e = ops::host::parse::<Value>(&mut ops::JsonValue(&doc)).unwrap_err();
    assert_eq!(e.code(), "input_too_deep");
    assert_eq!(e.path(), format!("a{}", "[0]".repeat(127)));
    // Where the input type refuses a list anyway, that is the error.
    let e = op
        .parse_from(&serde_json::json!({"zone": "UTC", "instant": deep}))
        .err()
        .unwrap();
    assert_eq!(e.code(), "invalid_input");
    assert_eq!(e.path(), "instant");
}

#[test]
fn numbers_where_an_instant_is_wanted_read_as_the_bindings_read_them() {
    AS_BINDINGS.set(true);
    let op = ops::find("time.add").unwrap();
    let add = |start: Value, amount: Value| {
        let input =
            serde_json::json!({"zone": "UTC", "start": start, "amount": amount, "unit": "days"});
        op.parse_from(&Hosted(&input))
            .and_then(|i| op.run(i))
            .map(|o| watchstander::to_json(&*o).unwrap())
    };
    let want = add("2026-01-01T00:00:00Z".into(), 2.into()).unwrap();
    // An integer or a float of Unix seconds is an instant where one is wanted, and stays a
    // number where a number is wanted.
    assert_eq!(add(1_767_225_600.into(), 2.into()).unwrap(), want);
    assert_eq!(add(1_767_225_600.0.into(), 2.into()).unwrap(), want);
    // NaN, which a host float can be, is refused as not finite, wherever it is.
    // A leap second where an instant is wanted is the host's to refuse.
    let e = add("2016-12-31T23:59:60Z".into(), 2.into()).unwrap_err();
    assert!(
        e.to_string().contains("this host has no leap seconds"),
        "{e}"
    );
    // A float where an integer is wanted is refused as a float, not read as an instant.
    let e = add("2026-01-01T00:00:00Z".into(), 2.5.into()).unwrap_err();
    assert_eq!(e.path(), "amount");
    assert!(e.to_string().contains("floating point `2.5`"), "{e}");
    let nan = || Value::from("NaN");
    for (start, amount) in [("2026-01-01T00:00:00Z".into(), nan()), (nan(), 2.into())] {
        let e = add(start, amount).unwrap_err();
        assert_eq!(e.code(), "unsupported_value", "{e}");
        assert!(e.to_string().contains("NaN is not a finite number"), "{e}");
    }
    // Where a list is wanted too.
    let e = ops::host::parse::<Vec<i64>>(&mut Json(&nan())).unwrap_err();
    assert!(e.to_string().contains("NaN is not a finite number"), "{e}");
    AS_BINDINGS.set(false);
}

/// A host value JSON cannot be: integers held as one block, as a numpy `int64` array or a
/// `BigInt64Array` holds them. Where a column is wanted the host hands over the bytes (if
/// `bytes`); anywhere else it converts the value to `form`, a list (if `convertible`), as the
/// bindings convert a tuple or a typed array, or a mapping, as Python converts a `Mapping`.
/// `read_as` says which happened.
struct Foreign {
    values: Vec<i64>,
    form: Value,
    bytes: bool,
    convertible: bool,
    converted: Option<Value>,
    read_as: Vec<&'static str>,
}

impl Foreign {
    fn new(bytes: bool, convertible: bool) -> Foreign {
        Foreign {
            values: vec![3, -1, 7],
            form: serde_json::json!([3, -1, 7]),
            bytes,
            convertible,
            converted: None,
            read_as: Vec::new(),
        }
    }
}

impl HostValue for Foreign {
    fn shape(&mut self) -> Shape<'_> {
        match self.converted {
            Some(Value::Object(_)) => Shape::Map,
            Some(Value::Array(_)) => Shape::Seq,
            // A host that says it converted a value but left it as it was (`form: null`).
            _ => Shape::Other,
        }
    }
    fn text(&mut self, _: Wants) -> Result<Option<String>, HostError> {
        Ok(None)
    }
    // Once converted, it is read as the value it became.
    fn seq(&mut self, f: &mut dyn FnMut(&mut dyn HostSeq)) -> Result<(), HostError> {
        Json(self.converted.as_ref().unwrap_or(&Value::Null)).seq(f)
    }
    fn map(&mut self, f: &mut dyn FnMut(&mut dyn HostMap)) -> Result<(), HostError> {
        Json(self.converted.as_ref().unwrap_or(&Value::Null)).map(f)
    }
    fn single_entry(
        &mut self,
        f: &mut dyn FnMut(&str, &mut dyn HostValue),
    ) -> Result<(), HostError> {
        Json(self.converted.as_ref().unwrap_or(&Value::Null)).single_entry(f)
    }
    fn column(&mut self, f: &mut dyn FnMut(ColumnData<'_>)) -> Result<(), HostError> {
        if self.bytes {
            self.read_as.push("bytes");
            f(ColumnData::Owned(watchstander::column::bytes_of_i64s(
                self.values.clone(),
            )));
        }
        Ok(())
    }
    fn convert(&mut self) -> Result<bool, HostError> {
        if self.convertible {
            self.read_as.push("converted");
            self.converted = Some(self.form.clone());
        }
        Ok(self.convertible)
    }
    fn refusal(&mut self) -> HostError {
        HostError::custom("this host value cannot be read")
    }
}

/// `v` read where a column is wanted.
fn column(v: &mut Foreign) -> Result<Vec<i64>, HostError> {
    watchstander::column::i64s(ops::host::HostDeserializer::new(v))
}

#[test]
fn host_arrays_are_columns_where_columns_are_wanted_and_lists_elsewhere() {
    // A column takes the array's bytes in one block.
    let mut v = Foreign::new(true, true);
    assert_eq!(column(&mut v).unwrap(), [3, -1, 7]);
    assert_eq!(v.read_as, ["bytes"]);
    // Without bytes to give, the host converts it to a list.
    let mut v = Foreign::new(false, true);
    assert_eq!(column(&mut v).unwrap(), [3, -1, 7]);
    assert_eq!(v.read_as, ["converted"]);
    // An ordinary list never asks for bytes: the host converts.
    let mut v = Foreign::new(true, true);
    assert_eq!(ops::host::parse::<Vec<i64>>(&mut v).unwrap(), [3, -1, 7]);
    assert_eq!(v.read_as, ["converted"]);
    // What the host can neither hand over nor convert is refused, in its words.
    let e = column(&mut Foreign::new(false, false)).unwrap_err();
    assert!(format!("{e:?}").contains("cannot be read"), "{e:?}");
    assert_eq!(e.message(), "this host value cannot be read");
    let e = ops::host::parse::<Vec<i64>>(&mut Foreign::new(true, false)).unwrap_err();
    assert_eq!(e.code(), "invalid_input", "{e}");
    // A value the host converts to a mapping is read as one; one it cannot convert is not.
    type Map = std::collections::BTreeMap<String, String>;
    let mut v = Foreign::new(false, true);
    v.form = serde_json::json!({"zone": "UTC"});
    assert_eq!(ops::host::parse::<Map>(&mut v).unwrap()["zone"], "UTC");
    assert_eq!(v.read_as, ["converted"]);
    let e = ops::host::parse::<Map>(&mut Foreign::new(false, false)).unwrap_err();
    assert_eq!(e.code(), "invalid_input", "{e}");
    // An enum's mapping form too.
    #[derive(serde::Deserialize, Debug, PartialEq)]
    enum Tagged {
        Zone(String),
    }
    let mut v = Foreign::new(false, true);
    v.form = serde_json::json!({"Zone": "UTC"});
    assert_eq!(
        ops::host::parse::<Tagged>(&mut v).unwrap(),
        Tagged::Zone("UTC".into())
    );
    let e = ops::host::parse::<Tagged>(&mut Foreign::new(false, false)).unwrap_err();
    assert!(e.to_string().contains("cannot be read"), "{e}");
    // A conversion that leaves the value as foreign as it was is a refusal, not a loop.
    let mut v = Foreign::new(false, true);
    v.form = Value::Null;
    let e = ops::host::parse::<Vec<i64>>(&mut v).unwrap_err();
    assert!(e.to_string().contains("cannot be read"), "{e}");
    let e = ops::host::parse::<Map>(&mut v).unwrap_err();
    assert!(e.to_string().contains("cannot be read"), "{e}");
}
