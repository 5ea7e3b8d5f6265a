//! Operations: the one contract shared by the CLI, the Python and Node bindings and any other
//! language.
//!
//! Every operation is declared once, in the [registry], with typed input and output.
//! From that one declaration come the JSON interface here ([`call`], [`call_text`]), the
//! Python functions and `TypedDict`s, the TypeScript functions and interfaces, the JSON
//! Schemas of inputs and outputs and the operations reference (`docs/operations.md`): the
//! front ends cannot drift, and the language-neutral conformance cases in
//! `tests/conformance/` are run by all three.
//!
//! Input objects reject unknown fields, so a misspelt option is an error rather than silently
//! ignored. Instants are RFC 3339 strings with an offset; outputs use UTC with `Z`.
//!
//! ```
//! use serde_json::json;
//! let out = watchstander::ops::call("time.resolve_local", &json!({
//!     "zone": "America/New_York", "local": "2026-03-08T02:30:00"
//! })).unwrap();
//! assert_eq!(out["instant"], "2026-03-08T07:30:00Z");
//! assert_eq!(out["adjustment"]["kind"], "gap");
//!
//! let err = watchstander::ops::call("time.resolve_local", &json!({
//!     "zone": "America/Nowhere", "local": "2026-03-08T02:30:00"
//! })).unwrap_err();
//! assert_eq!(err.code(), "unknown_zone");
//! assert_eq!(err.path(), "zone");
//! ```

use serde_json::Value;

use crate::error::InputError;
use crate::Error;

mod alert;
mod alert_handle;
mod bounded;
pub use crate::column;
mod escalation;
mod escalation_handle;
#[cfg(any(test, feature = "reference-parse"))]
mod guarded;
pub mod handle;
pub mod host;
mod host_de;
mod host_input;
mod incident;
mod incident_handle;
mod metrics;
mod postmortem;
pub mod registry;
mod runbook;
mod schedule;
mod schedule_handle;
mod severity;
mod strict;
mod time;

pub use alert_handle::{AlertPipelineHandle, PipelineArgs};
pub use escalation_handle::{
    EscalationArgs, EscalationCall, EscalationHandle, EscalationHandleState,
};
pub use handle::{AnyHandle, Handle, HandleType, Method, MethodRecord};
pub use host_input::{HostInput, JsonValue};
pub use incident_handle::{LiveIncidentArgs, LiveIncidentHandle};
pub use registry::{Op, Operation};
pub use schedule_handle::{CompileArgs, CompiledScheduleHandle};

pub use schedule::{AROUND_DAYS, MAX_ONCALL_INSTANTS};

/// The deepest nesting of arrays and objects any front end accepts in an input.
pub const MAX_DEPTH: usize = 128;

/// A module of the engine as the front ends expose it: `watchstander.<name>` in Python and
/// Node.
#[derive(Debug, Clone, Copy)]
pub struct Module {
    /// `time`, `schedule`, ...
    pub name: &'static str,
    /// What it is for, one paragraph (the generated modules' docs).
    pub summary: &'static str,
    /// Its operations.
    pub operations: &'static [Operation],
    /// Its handle types (state a program keeps between calls).
    pub handles: &'static [HandleType],
}

/// Every operation, grouped by module.
pub const MODULES: &[Module] = &[
    Module {
        name: "time",
        summary: "Zones, DST resolution, wall-clock arithmetic, ISO 8601 durations, RRULEs and business calendars.",
        operations: time::OPERATIONS,
        handles: &[],
    },
    Module {
        name: "severity",
        summary: "Severity policies (SEV-1..SEV-4 or your own), SLA deadlines, SLA clocks with pauses, and attainment.",
        operations: severity::OPERATIONS,
        handles: &[],
    },
    Module {
        name: "schedule",
        summary: "On-call schedules: who is on call and why, shifts, handoffs, gaps, DST, totals, fairness, diffs, handoff reports and iCalendar.",
        operations: schedule::OPERATIONS,
        handles: &[HandleType::of::<CompiledScheduleHandle>()],
    },
    Module {
        name: "incident",
        summary: "Incidents from their events: replay, live application, SLA clocks, timelines, update cadence, status updates, stakeholder plans and war-room names.",
        operations: incident::OPERATIONS,
        handles: &[HandleType::of::<LiveIncidentHandle>()],
    },
    Module {
        name: "alert",
        summary: "Alerts from PagerDuty, Alertmanager, Grafana, Datadog, CloudWatch and CI/CD, normalised; Alertmanager-style routing, grouping, inhibition and silences; replays of alert streams.",
        operations: alert::OPERATIONS,
        handles: &[HandleType::of::<AlertPipelineHandle>()],
    },
    Module {
        name: "escalation",
        summary: "Escalation policies and notification plans: who is paged, when and why — levels, delays, repeats, acknowledgement timeouts, urgency and support hours, notification rules, sleep-aware delivery, the live escalation and handoff notices.",
        operations: escalation::OPERATIONS,
        handles: &[HandleType::of::<EscalationHandle>()],
    },
    Module {
        name: "runbook",
        summary: "Runbooks as Markdown with front matter: parse, lint (missing sections, steps without expected results, stale reviews, broken matchers), render, match to alerts and incidents, coverage, and remediation plans.",
        operations: runbook::OPERATIONS,
        handles: &[],
    },
    Module {
        name: "postmortem",
        summary: "Post-mortems: policy (who needs one, by when), drafts from an incident's events, lint with the blameless-language check, Markdown in and out, and a knowledge index of lessons.",
        operations: postmortem::OPERATIONS,
        handles: &[],
    },
    Module {
        name: "metrics",
        summary: "Response metrics with percentiles, alert volume and accuracy, interruptions on each responder's clock, burnout indicators, process health, on-call compensation and the HTML report.",
        operations: metrics::OPERATIONS,
        handles: &[],
    },
];

/// Every operation, in module order.
pub fn operations() -> impl Iterator<Item = &'static Operation> {
    MODULES.iter().flat_map(|m| m.operations.iter())
}

/// Every handle type, in module order.
pub fn handle_types() -> impl Iterator<Item = &'static HandleType> {
    MODULES.iter().flat_map(|m| m.handles.iter())
}

/// The handle type called `name` (`module.ClassName`).
pub fn handle_type(name: &str) -> Result<&'static HandleType, Error> {
    handle_types().find(|h| h.name == name).ok_or_else(|| {
        Error::invalid_input(format!(
            "unknown handle type {:?}; the handle types are {}",
            name.chars().take(100).collect::<String>(),
            handle_types()
                .map(|h| h.name)
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })
}

/// All operation names, in order.
pub fn names() -> impl Iterator<Item = &'static str> {
    operations().map(|o| o.name)
}

/// The operation called `name`.
pub fn find(name: &str) -> Result<&'static Operation, Error> {
    operations()
        .find(|o| o.name == name)
        .ok_or_else(|| Error::UnknownOperation {
            name: name.chars().take(100).collect(),
        })
}

/// Runs the operation `name` on a JSON input.
pub fn call(name: &str, input: &Value) -> Result<Value, Error> {
    let op = find(name)?;
    let parsed = op.parse_from(input)?;
    crate::to_json(&*op.run(parsed)?)
}

/// Runs an operation on JSON text and returns JSON text, for foreign-function boundaries and
/// any language without a native binding.
///
/// The result is always an envelope: `{"ok": <output>}` or
/// `{"error": {"module", "code", "message", "path"?, "details"}}`. Malformed JSON gives the
/// code `invalid_json`, an object with a repeated key `duplicate_key`, nesting deeper than
/// [`MAX_DEPTH`] `input_too_deep`. A panic inside the core (a bug) is caught and reported with
/// the code `internal_error` instead of unwinding into the host.
///
/// ```
/// let out = watchstander::ops::call_text("time.parse_duration", r#"{"duration": "PT15M"}"#);
/// assert!(out.starts_with(r#"{"ok":"#));
/// let err = watchstander::ops::call_text("time.parse_duration", "{not json");
/// assert!(err.contains(r#""code":"invalid_json""#));
/// let dup = watchstander::ops::call_text("time.parse_duration", r#"{"duration": "PT1M", "duration": "PT2M"}"#);
/// assert!(dup.contains(r#""code":"duplicate_key""#));
/// ```
pub fn call_text(name: &str, input: &str) -> String {
    let result = std::panic::catch_unwind(|| -> Result<String, Error> {
        let (op, parsed) = parse_text(name, input)?;
        let output = op.run(parsed)?;
        // Written once, envelope included (an output can be tens of MB: no second copy).
        let mut text = Vec::with_capacity(4096);
        text.extend_from_slice(b"{\"ok\":");
        serde_json::to_writer(&mut text, &*output)
            .map_err(|e| Error::invalid_input(e.to_string()))?;
        text.push(b'}');
        String::from_utf8(text).map_err(|e| Error::invalid_input(e.to_string()))
    });
    match result {
        Ok(Ok(text)) => text,
        Ok(Err(e)) => serde_json::json!({ "error": e.to_json() }).to_string(),
        Err(_) => serde_json::json!({ "error": internal_error(name) }).to_string(),
    }
}

/// The operation called `name` and its input read from JSON text: the strict tree (a repeated
/// key or a nesting too deep is an error, with its path), then the input from the tree.
fn parse_text(name: &str, input: &str) -> Result<(&'static Operation, registry::Input), Error> {
    let value = parse_json(input)?;
    let op = find(name)?;
    let parsed = op.parse_from(&value)?;
    Ok((op, parsed))
}

/// [`call_text`] with zone names read from `source` (the bundled tz database, or TZif files the
/// host reads) instead of the thread's active source.
///
/// ```
/// use std::collections::BTreeMap;
/// use watchstander::time::ZoneSource;
/// let files: BTreeMap<String, Vec<u8>> =
///     [("+VERSION".to_string(), b"2099z".to_vec())].into_iter().collect();
/// let source = ZoneSource::tzif("/opt/zoneinfo", files);
/// let out = watchstander::ops::call_text_in(&source, "time.tzdb", "{}");
/// assert_eq!(out, r#"{"ok":{"version":"2099z","source":"/opt/zoneinfo"}}"#);
/// let err = watchstander::ops::call_text_in(&source, "time.to_local",
///     r#"{"zone": "Europe/London", "instant": "2026-07-01T12:00:00Z"}"#);
/// assert!(err.contains(r#""code":"unknown_zone""#));
/// ```
pub fn call_text_in(source: &crate::time::ZoneSource, name: &str, input: &str) -> String {
    source.scope(|| call_text(name, input))
}

/// The error object of a caught panic (a bug): code `internal_error`, module `internal`.
pub fn internal_error(op: &str) -> Value {
    serde_json::json!({
        "module": "internal",
        "code": "internal_error",
        "message": format!("watchstander hit an internal error in {op:?}; please report it with the input that caused it"),
        "details": {},
    })
}

/// Parses JSON text strictly: a repeated key in an object is an error (`duplicate_key`, with
/// its path), and so is nesting deeper than [`MAX_DEPTH`].
///
/// ```
/// let e = watchstander::ops::parse_json(r#"{"a": {"b": 1, "b": 2}}"#).unwrap_err();
/// assert_eq!(e.code(), "duplicate_key");
/// assert_eq!(e.path(), "a");
/// ```
pub fn parse_json(text: &str) -> Result<Value, Error> {
    strict::parse(text)
}

/// Converts a serde error message of a JSON parse into the typed input error.
pub(crate) fn json_syntax_error(e: &serde_json::Error) -> Error {
    if e.to_string().starts_with("recursion limit exceeded") {
        InputError::TooDeep { limit: MAX_DEPTH }.into()
    } else {
        InputError::InvalidJson {
            reason: e.to_string(),
        }
        .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_runs() {
        for op in operations() {
            let input = parse_json(op.example)
                .unwrap_or_else(|e| panic!("{}: example is not JSON: {e}", op.name));
            if let Err(e) = call(op.name, &input) {
                panic!("{}: example fails: {e}", op.name);
            }
        }
    }

    /// The slow way only: the strict tree, then the input from the tree.
    fn call_text_through_the_tree(name: &str, input: &str) -> String {
        let result = (|| -> Result<String, Error> {
            let value = parse_json(input)?;
            let op = find(name)?;
            let parsed = op.parse_from(&value)?;
            Ok(serde_json::to_string(&*op.run(parsed)?).unwrap())
        })();
        match result {
            Ok(text) => format!("{{\"ok\":{text}}}"),
            Err(e) => serde_json::json!({ "error": e.to_json() }).to_string(),
        }
    }

    /// Reading an input straight from the text gives what reading it through the strict tree
    /// gives: every example, and every example with each value in turn replaced by a value of
    /// another type or shape, a repeated key or trailing text.
    #[test]
    fn the_direct_and_the_tree_reading_agree() {
        fn leaves(v: &Value, path: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
            out.push(path.clone());
            match v {
                Value::Object(m) => m.iter().for_each(|(k, x)| {
                    path.push(Value::from(k.as_str()));
                    leaves(x, path, out);
                    path.pop();
                }),
                Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| {
                    path.push(Value::from(i));
                    leaves(x, path, out);
                    path.pop();
                }),
                _ => {}
            }
        }
        let hostile = [
            serde_json::json!("0000-12-31T23:00:00Z"),
            serde_json::json!("0001-01-01T00:30:00+01:00"),
            serde_json::json!(null),
            serde_json::json!(0),
            serde_json::json!(-1.5),
            serde_json::json!(""),
            serde_json::json!("2026-03-08T02:30:00"),
            serde_json::json!([]),
            serde_json::json!({"x": 1}),
        ];
        let mut checked = 0;
        for op in operations() {
            let example: Value = serde_json::from_str(op.example).unwrap();
            let mut texts = vec![
                op.example.to_string(),
                format!("{} x", op.example),
                op.example.replacen('{', r#"{"z": 1, "z": 2, "#, 1),
            ];
            let mut paths = Vec::new();
            leaves(&example, &mut Vec::new(), &mut paths);
            for path in paths.iter().filter(|p| !p.is_empty()) {
                for h in &hostile {
                    let mut v = example.clone();
                    let mut slot = &mut v;
                    for step in path {
                        slot = match step {
                            Value::String(k) => &mut slot[k.as_str()],
                            _ => &mut slot[step.as_u64().unwrap() as usize],
                        };
                    }
                    *slot = h.clone();
                    texts.push(v.to_string());
                }
            }
            for text in texts {
                assert_eq!(
                    call_text(op.name, &text),
                    call_text_through_the_tree(op.name, &text),
                    "{}: {text}",
                    op.name
                );
                checked += 1;
            }
        }
        assert!(checked > 1_000, "{checked}");
    }

    #[test]
    fn names_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for m in MODULES {
            for op in m.operations {
                assert!(seen.insert(op.name), "{} twice", op.name);
                assert_eq!(op.module(), m.name, "{}", op.name);
                assert!(
                    op.verb()
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b == b'_'),
                    "{}",
                    op.name
                );
                assert!(!op.summary.is_empty() && !op.doc.is_empty(), "{}", op.name);
            }
        }
    }

    #[test]
    fn every_handle_builds_from_its_example_and_restores_from_its_state() {
        for h in handle_types() {
            let input = parse_json(h.example).unwrap();
            let built = h
                .create(&mut <dyn erased_serde::Deserializer>::erase(&input))
                .unwrap_or_else(|e| panic!("{}: example fails: {e}", h.name));
            assert_eq!(built.type_name(), h.name);
            let state = crate::to_json(&*built.state()).unwrap();
            let parsed = h
                .parse_state(&mut <dyn erased_serde::Deserializer>::erase(&state))
                .unwrap();
            let again = h.restore(parsed).unwrap();
            assert_eq!(
                crate::to_json(&*again.state()).unwrap(),
                state,
                "{}",
                h.name
            );
            assert_eq!(h.module(), h.name.split('.').next().unwrap());
            let mut names = std::collections::HashSet::new();
            for m in h.methods() {
                assert!(names.insert(m.name), "{}.{} twice", h.name, m.name);
            }
        }
    }

    #[test]
    fn deep_input_is_a_typed_error() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(parse_json(&deep).unwrap_err().code(), "input_too_deep");
    }
}
