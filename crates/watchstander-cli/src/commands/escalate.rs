//! `watchstander escalate …`: escalation plans and simulations.
//!
//! `plan` and `simulate` read one JSON input — the `escalation.plan` / `escalation.simulate`
//! operation's (`policies`, `schedules`, `people`, `incident`, `events`...) — from a file or
//! `-` for standard input. Without one they use the sample organisation: its escalation policy
//! and people (`examples/org/escalation.json`), its schedules, and its SEV-2 incident.
//! Output is a table in `--zone` (default UTC), or the operation's JSON with `--json`.

use std::path::PathBuf;

use serde_json::{json, Value};

use crate::io::{self, Result};
use watchstander::time::Zone;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Every notification an incident will cause if nobody acts (and what-ifs).
    Plan {
        /// JSON input (the `escalation.plan` operation's), `-` for standard input; default:
        /// the sample SEV-2 incident.
        input: Option<PathBuf>,
        /// Show times in this zone (default UTC).
        #[arg(long)]
        zone: Option<String>,
        /// Plan this far ahead (ISO 8601 duration, e.g. PT4H; overrides the input's).
        #[arg(long)]
        horizon: Option<String>,
        /// Print the operation's JSON.
        #[arg(long)]
        json: bool,
    },
    /// Replay an incident's events through the live escalation: the timeline and the state.
    Simulate {
        /// JSON input (the `escalation.simulate` operation's), `-` for standard input;
        /// default: the sample SEV-2 incident as it happened.
        input: Option<PathBuf>,
        /// Show times in this zone (default UTC).
        #[arg(long)]
        zone: Option<String>,
        /// Print the operation's JSON.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(c: Command) -> Result<()> {
    match c {
        Command::Plan {
            input,
            zone,
            horizon,
            json,
        } => {
            let mut inp = match input {
                Some(p) => io::read_json(&p)?,
                None => sample_plan_input()?,
            };
            if let Some(h) = horizon {
                inp["horizon"] = Value::String(h);
            }
            let out = io::call("escalation.plan", &inp)?;
            if json {
                io::print_json(&out);
            } else {
                print_plan(&out, zone_of(zone.as_deref())?, true);
            }
        }
        Command::Simulate { input, zone, json } => {
            let inp = match input {
                Some(p) => io::read_json(&p)?,
                None => sample_simulate_input()?,
            };
            let out = io::call("escalation.simulate", &inp)?;
            if json {
                io::print_json(&out);
            } else {
                print_simulation(&out, zone_of(zone.as_deref())?);
            }
        }
    }
    Ok(())
}

fn zone_of(z: Option<&str>) -> Result<Zone> {
    Ok(match z {
        Some(z) => Zone::parse(z)?,
        None => Zone::UTC,
    })
}

/// The sample organisation's escalation documents with its schedules.
fn sample_documents() -> Result<Value> {
    let mut doc = crate::sample::escalation()?;
    doc["schedules"] = crate::sample::schedules()?["schedules"].clone();
    Ok(doc)
}

/// The sample SEV-2 incident (`INC-1042` of `examples/org/incidents.json`): its id, creation
/// and events.
fn sample_incident() -> Result<(Value, Value)> {
    let incidents = crate::sample::incidents()?;
    let inc = incidents["incidents"]
        .as_array()
        .and_then(|a| a.first())
        .cloned()
        .unwrap_or(Value::Null);
    let events = inc["events"].clone();
    let created = events
        .as_array()
        .into_iter()
        .flatten()
        .find(|e| e["kind"] == "detected")
        .map(|e| e["occurred_at"].clone())
        .unwrap_or(Value::Null);
    Ok((
        json!({"id": inc["id"], "created": created, "severity": "SEV-2", "number": 7}),
        events,
    ))
}

/// The plan of the sample SEV-2 if nobody acts, with two what-ifs.
pub fn sample_plan_input() -> Result<Value> {
    let mut doc = sample_documents()?;
    let (incident, _) = sample_incident()?;
    let created = incident["created"]
        .as_str()
        .and_then(|s| watchstander::time::parse_instant(s).ok());
    let at = |minutes: i64| {
        created
            .map(|c| watchstander::time::format_instant(c + chrono::Duration::minutes(minutes)))
            .unwrap_or_default()
    };
    doc["incident"] = incident;
    doc["horizon"] = json!("PT2H");
    doc["what_if"] = json!([
        {"name": "primary acknowledges after 6 minutes", "events": [
            {"kind": "acknowledged", "at": at(6), "by": "alice"}]},
        {"name": "resolved after 15 minutes", "events": [{"kind": "resolved", "at": at(15)}]}
    ]);
    Ok(doc)
}

/// The sample SEV-2 as it happened (detected as SEV-3, raised to SEV-2): its incident events
/// replayed.
pub fn sample_simulate_input() -> Result<Value> {
    let mut doc = sample_documents()?;
    let (_, events) = sample_incident()?;
    let until = crate::sample::incidents()?["incidents"][0]["as_of"].clone();
    // The incident (id, creation, severity SEV-3) comes from its `detected` event.
    doc["incident_events"] = events;
    doc["until"] = until;
    Ok(doc)
}

fn hm(v: &Value, zone: Zone) -> String {
    match v
        .as_str()
        .and_then(|s| watchstander::time::parse_instant(s).ok())
    {
        Some(t) => zone.at(t).format("%a %H:%M").to_string(),
        None => io::cell(v),
    }
}

fn method(n: &Value) -> String {
    match (&n["method"], &n["contact"]) {
        (Value::String(m), _) => m.clone(),
        _ => "default".to_string(),
    }
}

fn via(n: &Value) -> String {
    let mut s = io::cell(&n["via"]);
    if let Value::String(sched) = &n["schedule"] {
        s = sched.clone();
        if let Value::String(l) = &n["layer"] {
            s.push_str(&format!(" / {l}"));
        }
    }
    if let Value::String(i) = &n["instead_of"] {
        s.push_str(&format!(" (for {i})"));
    }
    s
}

fn notification_row(n: &Value, zone: Zone) -> Vec<String> {
    let mut when = hm(&n["at"], zone);
    if !n["deferred_from"].is_null() {
        when = format!("{when} (held from {})", hm(&n["deferred_from"], zone));
    }
    vec![
        when,
        io::cell(&n["person"]),
        format!("{}/{}", io::cell(&n["level"]), io::cell(&n["loop"])),
        method(n),
        io::cell(&n["urgency"]),
        io::cell(&n["cause"]),
        via(n),
    ]
}

const HEADER: [&str; 7] = [
    "when",
    "who",
    "level/loop",
    "method",
    "urgency",
    "cause",
    "via",
];

/// Prints a plan: notifications, problems, the end, and what-ifs (with the notifications
/// each adds when `what_if_details`).
pub fn print_plan(out: &Value, zone: Zone, what_if_details: bool) {
    outln!(
        "Escalation plan of {} on policy {} ({} urgency), from {} to {} ({zone})",
        io::cell(&out["incident"]),
        io::cell(&out["policy"]),
        io::cell(&out["urgency"]),
        hm(&out["created"], zone),
        hm(&out["horizon_end"], zone)
    );
    let mut t = io::table(&HEADER);
    for n in out["notifications"].as_array().into_iter().flatten() {
        t.add_row(notification_row(n, zone));
    }
    outln!("{t}");
    print_problems(&out["problems"]);
    outln!(
        "Ends: {} at {}",
        io::cell(&out["end"]["reason"]),
        hm(&out["end"]["at"], zone)
    );
    for w in out["what_if"].as_array().into_iter().flatten() {
        let count = |k: &str| w[k].as_array().map_or(0, Vec::len);
        outln!(
            "What if {}: {} notification(s) cancelled, {} added; ends {} at {}",
            io::cell(&w["name"]),
            count("cancelled"),
            count("added"),
            io::cell(&w["end"]["reason"]),
            hm(&w["end"]["at"], zone)
        );
        let added = if what_if_details {
            w["added"].as_array()
        } else {
            None
        };
        for n in added.into_iter().flatten() {
            outln!(
                "  + {} {} via {} (level {}, {})",
                hm(&n["at"], zone),
                io::cell(&n["person"]),
                method(n),
                io::cell(&n["level"]),
                io::cell(&n["cause"])
            );
        }
    }
}

fn print_problems(problems: &Value) {
    for p in problems.as_array().into_iter().flatten() {
        outln!(
            "Problem ({}): {}",
            io::cell(&p["kind"]),
            io::cell(&p["detail"])
        );
    }
}

/// Prints a simulation timeline and the final state.
pub fn print_simulation(out: &Value, zone: Zone) {
    let mut t = io::table(&["when", "what"]);
    for e in out["timeline"].as_array().into_iter().flatten() {
        let what = if e["kind"] == "step" {
            io::cell(&e["step"]["detail"])
        } else {
            let n = &e["notification"];
            format!(
                "notify {} by {} (level {}, loop {}, {} urgency)",
                io::cell(&n["person"]),
                method(n),
                io::cell(&n["level"]),
                io::cell(&n["loop"]),
                io::cell(&n["urgency"])
            )
        };
        t.add_row(vec![hm(&e["at"], zone), what]);
    }
    outln!("{t}");
    print_problems(&out["problems"]);
    let s = &out["state"];
    outln!(
        "State at {}: {} at {} urgency, policy {} level {} loop {}",
        hm(&s["clock"], zone),
        io::cell(&s["status"]),
        io::cell(&s["urgency"]),
        io::cell(&s["policy"]),
        io::cell(&s["level"]),
        io::cell(&s["loop"])
    );
}
