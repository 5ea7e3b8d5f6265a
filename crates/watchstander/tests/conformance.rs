//! Runs the language-neutral conformance cases in `tests/conformance/` through `ops::call`.
//! The Python and Node suites run the same files through their packages.

use serde_json::Value;

mod conformance_common;
use conformance_common::{case_files, root};

/// Subset match as documented in tests/conformance/README.md.
fn matches(expected: &Value, actual: &Value, path: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                let av = a
                    .get(k)
                    .ok_or_else(|| format!("{path}.{k}: missing in output"))?;
                matches(ev, av, &format!("{path}.{k}"))?;
            }
            Ok(())
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                return Err(format!(
                    "{path}: expected {} items, got {}",
                    e.len(),
                    a.len()
                ));
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                matches(ev, av, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        (Value::Number(e), Value::Number(a)) if e.as_f64() == a.as_f64() => Ok(()),
        (e, a) if e == a => Ok(()),
        (e, a) => Err(format!("{path}: expected {e}, got {a}")),
    }
}

#[test]
fn conformance_cases() {
    let root = root();
    let mut files = case_files(&root);
    // `CONFORMANCE_ONLY=time/` runs the files under one folder, and a comma-separated list
    // (`schedule/layers.json,schedule/overrides.json`) the files under any of them (for
    // mutation runs, which rebuild and run the tests once per mutant).
    if let Some(only) = std::env::var("CONFORMANCE_ONLY")
        .ok()
        .filter(|o| !o.is_empty())
    {
        let only: Vec<&str> = only.split(',').filter(|p| !p.is_empty()).collect();
        files.retain(|f| {
            f.strip_prefix(&root)
                .is_ok_and(|p| only.iter().any(|o| p.starts_with(o)))
        });
    }
    assert!(
        !files.is_empty(),
        "no conformance files under {}",
        root.display()
    );
    let mut failures = Vec::new();
    let mut count = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        let doc: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}", file.display()));
        let cases = doc["cases"]
            .as_array()
            .unwrap_or_else(|| panic!("{} has no \"cases\" array", file.display()));
        for case in cases {
            count += 1;
            let name = case["name"].as_str().unwrap_or("<unnamed>");
            let op = case["op"].as_str().expect("case without op");
            let at = format!("{} :: {name}", file.strip_prefix(&root).unwrap().display());
            let result = watchstander::ops::call(op, &case["input"]);
            match (case.get("error"), result) {
                (Some(code), Err(e)) => {
                    if code.as_str() != Some(e.code()) {
                        failures.push(format!(
                            "{at}: expected error {code}, got {} ({e})",
                            e.code()
                        ));
                    }
                }
                (Some(code), Ok(v)) => {
                    failures.push(format!("{at}: expected error {code}, got {v}"))
                }
                (None, Err(e)) => {
                    failures.push(format!("{at}: unexpected error {}: {e}", e.code()))
                }
                (None, Ok(v)) => {
                    let expected = case.get("expect").expect("case without expect or error");
                    if let Err(m) = matches(expected, &v, "$") {
                        failures.push(format!("{at}: {m}\n  output: {v}"));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} conformance cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("{count} conformance cases passed");
}

#[test]
fn every_operation_has_a_conformance_case() {
    let files = case_files(&root());
    let mut ops_used = std::collections::BTreeSet::new();
    for f in &files {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
        for case in doc["cases"].as_array().into_iter().flatten() {
            if let Some(op) = case["op"].as_str() {
                ops_used.insert(op.to_string());
            }
        }
    }
    let missing: Vec<_> = watchstander::ops::names()
        .filter(|n| !ops_used.contains(*n))
        .collect();
    assert!(
        missing.is_empty(),
        "operations without conformance cases: {missing:?}"
    );
    // And the other way: every case names an operation of the list.
    let names: std::collections::BTreeSet<&str> = watchstander::ops::names().collect();
    let unknown: Vec<_> = ops_used
        .iter()
        .filter(|n| !names.contains(n.as_str()))
        .collect();
    assert!(
        unknown.is_empty(),
        "cases of unknown operations: {unknown:?}"
    );
}

#[test]
fn subset_matching_is_strict_where_it_must_be() {
    use serde_json::json;
    assert!(matches(&json!({"a": 1}), &json!({"a": 1.0, "b": 2}), "$").is_ok());
    assert!(matches(&json!({"a": 1}), &json!({"a": 2}), "$").is_err());
    assert!(matches(&json!({"a": 1}), &json!({}), "$").is_err());
    assert!(matches(&json!([1, 2]), &json!([1, 2, 3]), "$").is_err());
    assert!(matches(&json!("x"), &json!(null), "$").is_err());
}

#[test]
fn operation_names_split_into_module_and_verb() {
    for op in watchstander::ops::operations() {
        assert_eq!(format!("{}.{}", op.module(), op.verb()), op.name);
        assert!(
            !op.verb().is_empty() && !op.verb().contains('.'),
            "{}",
            op.name
        );
        let debug = format!("{op:?}");
        assert!(
            debug.contains(op.name) && debug.contains(&format!("{:?}", op.summary)),
            "{debug}"
        );
    }
    let op = watchstander::ops::find("schedule.oncall").unwrap();
    assert_eq!((op.module(), op.verb()), ("schedule", "oncall"));
}

/// What a binding reports for a panic caught inside the core: a typed error like any other,
/// naming the operation.
#[test]
fn an_internal_error_is_a_typed_error_naming_the_operation() {
    let e = watchstander::ops::internal_error("schedule.oncall");
    assert_eq!(e["module"], "internal");
    assert_eq!(e["code"], "internal_error");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("\"schedule.oncall\""),
        "{e}"
    );
    assert!(e["details"].is_object());
}

/// JSON text is read through the strict tree (repeated keys refused): its negative integers
/// stay integers.
#[test]
fn json_text_keeps_negative_integers() {
    let out = watchstander::ops::call_text(
        "time.add",
        r#"{"zone": "UTC", "start": "2026-01-03T00:00:00Z", "amount": -2, "unit": "days"}"#,
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["ok"]["instant"], "2026-01-01T00:00:00Z", "{out}");
}
