//! Structured fuzz target for every operation's JSON input, through `ops::call_text` (the
//! boundary every front end uses).
//!
//! Each input is an operation's documented EXAMPLE (which succeeds) with a few mutations at
//! random places: a value replaced by a hostile one (boundary numbers, instants at the ends
//! of the supported range, huge durations and COUNTs, long and odd strings, wrong types), a
//! key removed, an unknown key added, an array element repeated many times, or a value taken
//! from another operation's example. The answer must always be an envelope, `{"ok": ...}` or
//! a typed `{"error": ...}`, never a panic (`internal_error`), an abort or a hang.
//!
//! ```sh
//! PROPTEST_CASES=64 cargo test -p watchstander --test fuzz_ops                  # CI
//! FUZZ_SECONDS=600 cargo test -p watchstander --test fuzz_ops -- --nocapture      # by hand
//! ```

mod fuzz_common;

use fuzz_common::fuzz;
use proptest::prelude::*;
use serde_json::{json, Value};
use watchstander::ops;

fn hostile() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => prop::sample::select(vec![
            json!(null), json!(true), json!(0), json!(-1), json!(1), json!(65_535), json!(65_536),
            json!(2_147_483_647i64), json!(4_294_967_295u64), json!(i64::MIN), json!(u64::MAX),
            json!(1e308), json!(-1e308), json!(0.5), json!(""), json!([]), json!({}),
            json!("0001-01-01T00:00:00Z"), json!("9999-12-31T23:59:59Z"), json!("1900-01-01T00:00:00Z"),
            json!("2026-03-08T07:00:00Z"), json!("2026-03-08T02:30:00"), json!("2026-11-01T01:30:00"),
            json!("2026-02-29"), json!("9999-12-31T23:59:60Z"), json!("P4294967295D"),
            json!("PT4294967295H"), json!("P1000000W"), json!("-PT1H"), json!("PT0S"), json!("P0D"),
            json!("PT0.000000001S"), json!("Australia/Lord_Howe"), json!("Pacific/Kiritimati"),
            json!("America/St_Johns"), json!("Bogus/Zone"), json!("SEV-1"), json!("SEV-99"),
            json!("FREQ=HOURLY;COUNT=4000000000"), json!("FREQ=SECONDLY"),
            json!("DTSTART:19000101T000000Z\nRRULE:FREQ=SECONDLY;COUNT=4294967295"),
            json!("DTSTART;TZID=America/New_York:20260308T023000\nRRULE:FREQ=DAILY"),
            json!("{alertname=~\"(a+)+$\"}"), json!("<script>alert(1)</script>"), json!("[x](javascript:y)"),
            json!("__proto__"), json!("a\u{0}b"), json!("😀"), json!("00:00-24:00"), json!("23:00-01:00"),
        ]),
        1 => (1usize..6).prop_map(|k| json!("x".repeat(k * 10_000))),
        1 => any::<i64>().prop_map(|n| json!(n)),
        1 => any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| json!(f)),
        1 => "\\PC{0,16}".prop_map(Value::String),
    ]
}

/// Every path to a value in `v` (object keys and array indices).
fn paths(v: &Value, prefix: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(prefix.clone());
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                prefix.push(Step::Key(k.clone()));
                paths(x, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                prefix.push(Step::Index(i));
                paths(x, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

fn at_mut<'a>(v: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    let mut cur = v;
    for s in path {
        cur = match (s, cur) {
            (Step::Key(k), Value::Object(m)) => m.get_mut(k)?,
            (Step::Index(i), Value::Array(a)) => a.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(cur)
}

#[derive(Debug, Clone)]
enum Mutation {
    Replace(Value),
    Remove,
    AddKey(String, Value),
    Repeat(usize),
    Graft(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        6 => hostile().prop_map(Mutation::Replace),
        2 => Just(Mutation::Remove),
        1 => ("[a-z_]{1,6}", hostile()).prop_map(|(k, v)| Mutation::AddKey(k, v)),
        2 => prop_oneof![2usize..10, 100usize..2000].prop_map(Mutation::Repeat),
        1 => any::<usize>().prop_map(Mutation::Graft),
    ]
}

fn examples() -> Vec<(&'static str, Value)> {
    ops::operations()
        .map(|o| (o.name, serde_json::from_str(o.example).unwrap()))
        .collect()
}

/// A value found somewhere in any example, for grafting.
fn some_value(all: &[(&str, Value)], pick: usize) -> Value {
    let (_, v) = &all[pick % all.len()];
    let mut ps = Vec::new();
    paths(v, &mut Vec::new(), &mut ps);
    let p = &ps[(pick / all.len()) % ps.len()];
    let mut v = v.clone();
    at_mut(&mut v, p).cloned().unwrap_or(Value::Null)
}

fn apply(input: &mut Value, pick: usize, m: &Mutation, all: &[(&str, Value)]) {
    let mut ps = Vec::new();
    paths(input, &mut Vec::new(), &mut ps);
    let path = ps[pick % ps.len()].clone();
    match m {
        Mutation::Replace(x) => {
            if let Some(slot) = at_mut(input, &path) {
                *slot = x.clone();
            }
        }
        Mutation::Remove => {
            if let Some((last, parent)) = path.split_last() {
                match (last, at_mut(input, parent)) {
                    (Step::Key(k), Some(Value::Object(m))) => {
                        m.remove(k);
                    }
                    (Step::Index(i), Some(Value::Array(a))) if *i < a.len() => {
                        a.remove(*i);
                    }
                    _ => {}
                }
            }
        }
        Mutation::AddKey(k, x) => {
            if let Some(Value::Object(m)) = at_mut(input, &path) {
                m.insert(k.clone(), x.clone());
            }
        }
        Mutation::Repeat(n) => {
            // Repeat an array's first element n times (many layers, members, events, ...).
            if let Some(Value::Array(a)) = at_mut(input, &path) {
                if let Some(first) = a.first().cloned() {
                    a.extend(std::iter::repeat_n(first, *n));
                }
            }
        }
        Mutation::Graft(g) => {
            let x = some_value(all, *g);
            if let Some(slot) = at_mut(input, &path) {
                *slot = x;
            }
        }
    }
}

#[test]
fn every_example_is_fuzzable() {
    let all = examples();
    assert!(all.len() >= 60, "{} operations", all.len());
    for (name, _) in &all {
        let out = ops::call_text(name, ops::find(name).unwrap().example);
        assert!(out.starts_with("{\"ok\":"), "{name}: {out}");
    }
}

#[test]
fn fuzz_every_operation_input() {
    let all = examples();
    let n = all.len();
    let strategy = (
        0..n,
        prop::collection::vec((any::<usize>(), mutation()), 1..4),
    );
    fuzz("ops", strategy, |(which, mutations)| {
        let (name, example) = &all[*which];
        let mut input = example.clone();
        for (pick, m) in mutations {
            apply(&mut input, *pick, m, &all);
        }
        let text = input.to_string();
        let out = ops::call_text(name, &text);
        let v: Value = serde_json::from_str(&out).map_err(|e| format!("{name}: not JSON: {e}"))?;
        if v.get("ok").is_none() && v.get("error").is_none() {
            return Err(format!("{name}: not an envelope"));
        }
        if v["error"]["code"] == "internal_error" {
            return Err(format!(
                "{name} panicked on {}",
                &text[..text.len().min(3000)]
            ));
        }
        if let Some(e) = v.get("error") {
            for key in ["module", "code", "message"] {
                if !e[key].is_string() {
                    return Err(format!("{name}: error without {key}: {e}"));
                }
            }
        }
        Ok(())
    });
}
