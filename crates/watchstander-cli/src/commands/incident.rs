//! `watchstander incident …`: replay an incident's events, show its timeline, the next status
//! updates due, a rendered status update, and the stakeholder plan.
//!
//! Input is an event history: a JSON file (or `-` for standard input) holding either an array
//! of events or an object `{"events": [...], "config"?: {...}}`. Without an input file the
//! commands use the sample organisation's incident INC-1042, at its `as_of` instant. The
//! configuration is `--config`, else the input's `config`, else the sample organisation's.

use std::path::PathBuf;

use serde_json::{json, Value};

use crate::io::{self, CliError, Result};

/// Arguments every incident subcommand shares.
#[derive(clap::Args)]
pub struct Source {
    /// Event JSON file (an array of events, or {"events", "config"}), or `-` for standard
    /// input. Default: the sample incident INC-1042.
    pub input: Option<PathBuf>,
    /// Incident configuration JSON file (severity policy, roles, stakeholders, people).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// The instant to evaluate at (RFC 3339). Default: now, or the sample's as_of.
    #[arg(long)]
    pub now: Option<String>,
    /// The IANA zone to show times in (default: UTC, or the sample's Europe/London).
    #[arg(long)]
    pub zone: Option<String>,
    /// Print the operation's JSON instead of tables.
    #[arg(long)]
    pub json: bool,
}

#[derive(clap::Subcommand)]
pub enum Command {
    /// Fold the events into the incident: status, facts, SLA clocks, roles.
    Replay(Source),
    /// The human-readable timeline.
    Timeline {
        #[command(flatten)]
        source: Source,
        /// internal (default), executive or external.
        #[arg(long, default_value = "internal")]
        audience: String,
        /// Print a Markdown table (for post-mortems).
        #[arg(long)]
        markdown: bool,
    },
    /// When each audience's next status update is due, and which are overdue.
    NextUpdate(Source),
    /// Render a status update from a template.
    StatusUpdate {
        #[command(flatten)]
        source: Source,
        /// internal, executive or external.
        #[arg(long)]
        audience: String,
        /// markdown (default), text, slack or teams.
        #[arg(long, default_value = "markdown")]
        format: String,
        /// The update's message (the {message} placeholder).
        #[arg(long, default_value = "")]
        message: String,
        /// A status template JSON file ({"title", "body"?, "facts"?}).
        #[arg(long)]
        template: Option<PathBuf>,
        /// An extra placeholder for the template, `name=value` (repeatable).
        #[arg(long = "field", value_name = "NAME=VALUE")]
        fields: Vec<String>,
    },
    /// Who must be told what, by when.
    Plan(Source),
}

/// An incident history resolved from the arguments.
struct Loaded {
    events: Value,
    config: Value,
    now: String,
    zone: String,
}

/// The sample organisation's incident configuration: the incidents file's `config` with the
/// organisation's severity policy (on its business calendar) and people's names.
pub fn sample_config() -> Result<Value> {
    let org = crate::sample::org()?;
    let incidents = crate::sample::incidents()?;
    let mut config = match incidents.get("config") {
        Some(Value::Object(c)) => Value::Object(c.clone()),
        _ => json!({}),
    };
    config["severity_policy"] = crate::sample::severity_policy(&org)?;
    let people: Vec<Value> = org["people"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| json!({"id": p["id"], "name": p["name"]}))
        .collect();
    config["people"] = json!(people);
    Ok(config)
}

/// The sample incident (the first in `examples/org/incidents.json`).
pub fn sample_incident() -> Result<Value> {
    let incidents = crate::sample::incidents()?;
    incidents["incidents"]
        .get(0)
        .cloned()
        .ok_or_else(|| CliError::input("the built-in sample has no incident".into()))
}

fn load(s: &Source) -> Result<Loaded> {
    let (events, inline_config, default_now, default_zone) = match &s.input {
        None => {
            let inc = sample_incident()?;
            (
                inc["events"].clone(),
                None,
                inc["as_of"].as_str().map(str::to_string),
                inc["zone"].as_str().unwrap_or("UTC").to_string(),
            )
        }
        Some(path) => {
            let doc = io::read_json(path)?;
            match doc {
                Value::Array(_) => (doc, None, None, "UTC".to_string()),
                Value::Object(ref o) if o.contains_key("events") => (
                    doc["events"].clone(),
                    o.get("config").cloned(),
                    None,
                    "UTC".to_string(),
                ),
                _ => {
                    return Err(CliError::input(format!(
                        "{} must hold an array of events or an object with \"events\"",
                        path.display()
                    )))
                }
            }
        }
    };
    let config = match (&s.config, inline_config) {
        (Some(p), _) => io::read_json(p)?,
        (None, Some(c)) => c,
        (None, None) => sample_config()?,
    };
    let now = match (&s.now, default_now) {
        (Some(n), _) => watchstander::time::format_instant(io::now_or_clock(Some(n))?),
        (None, Some(n)) => n,
        (None, None) => watchstander::time::format_instant(io::now_or_clock(None)?),
    };
    let zone = s.zone.clone().unwrap_or(default_zone);
    Ok(Loaded {
        events,
        config,
        now,
        zone,
    })
}

fn zone_of(name: &str) -> Result<watchstander::time::Zone> {
    Ok(watchstander::time::Zone::parse(name)?)
}

fn seconds(v: &Value) -> String {
    match v.as_i64() {
        Some(s) => io::human_seconds(s),
        None => "—".to_string(),
    }
}

pub fn run(c: Command) -> Result<()> {
    match c {
        Command::Replay(s) => {
            let l = load(&s)?;
            let out = replay(&l)?;
            if s.json {
                io::print_json(&out);
            } else {
                print_replay(&out, zone_of(&l.zone)?)?;
            }
        }
        Command::Timeline {
            source,
            audience,
            markdown,
        } => {
            let l = load(&source)?;
            let out = io::call(
                "incident.timeline",
                &json!({"events": l.events, "config": l.config, "zone": l.zone,
                        "audience": audience, "markdown": markdown}),
            )?;
            if source.json {
                io::print_json(&out);
            } else if markdown {
                out!("{}", io::cell(&out["markdown"]));
            } else {
                print_timeline(&out);
            }
        }
        Command::NextUpdate(s) => {
            let l = load(&s)?;
            let out = next_update(&l)?;
            if s.json {
                io::print_json(&out);
            } else {
                print_next_update(&out, zone_of(&l.zone)?);
            }
        }
        Command::StatusUpdate {
            source,
            audience,
            format,
            message,
            template,
            fields,
        } => {
            let l = load(&source)?;
            let mut input = json!({"events": l.events, "config": l.config, "now": l.now,
                "zone": l.zone, "audience": audience, "format": format, "message": message});
            if let Some(t) = template {
                input["template"] = io::read_json(&t)?;
            }
            let mut extra = serde_json::Map::new();
            for f in fields {
                let (k, v) = f
                    .split_once('=')
                    .ok_or_else(|| CliError::input(format!("--field {f:?} must be NAME=VALUE")))?;
                extra.insert(k.to_string(), json!(v));
            }
            input["fields"] = Value::Object(extra);
            let out = io::call("incident.status_update", &input)?;
            if source.json {
                io::print_json(&out);
            } else {
                match &out["rendered"] {
                    Value::String(s) => out!("{s}"),
                    other => io::print_json(other),
                }
            }
        }
        Command::Plan(s) => {
            let l = load(&s)?;
            let out = io::call(
                "incident.plan",
                &json!({"events": l.events, "config": l.config, "now": l.now}),
            )?;
            if s.json {
                io::print_json(&out);
            } else {
                print_plan(&out, zone_of(&l.zone)?);
            }
        }
    }
    Ok(())
}

fn replay(l: &Loaded) -> Result<Value> {
    io::call(
        "incident.replay",
        &json!({"events": l.events, "config": l.config, "now": l.now}),
    )
}

fn next_update(l: &Loaded) -> Result<Value> {
    io::call(
        "incident.next_update",
        &json!({"events": l.events, "config": l.config, "now": l.now}),
    )
}

/// Prints the incident summary, its SLA clocks and roles.
pub fn print_replay(out: &Value, zone: watchstander::time::Zone) -> Result<()> {
    let inc = &out["incident"];
    let facts = &out["facts"];
    let at = |v: &Value| io::local_display(v, zone);
    let mut t = io::table(&["", ""]);
    let rows: Vec<(&str, String)> = vec![
        (
            "incident",
            format!("{} — {}", io::cell(&inc["id"]), io::cell(&inc["title"])),
        ),
        ("status", io::cell(&inc["status"])),
        ("severity", io::cell(&inc["severity"])),
        ("detected", at(&inc["detected_at"])),
        (
            "acknowledged",
            match &facts["acknowledged_by"] {
                Value::String(by) => format!(
                    "{} by {by} (after {})",
                    at(&facts["acknowledged_at"]),
                    seconds(&facts["time_to_acknowledge_seconds"])
                ),
                _ => "not yet".to_string(),
            },
        ),
        (
            "mitigated",
            match &facts["mitigated_at"] {
                Value::Null => "not yet".to_string(),
                v => format!(
                    "{} (after {})",
                    at(v),
                    seconds(&facts["time_to_mitigate_seconds"])
                ),
            },
        ),
        (
            "resolved",
            match &facts["resolved_at"] {
                Value::Null => "not yet".to_string(),
                v => format!(
                    "{} (after {})",
                    at(v),
                    seconds(&facts["time_to_resolve_seconds"])
                ),
            },
        ),
        (
            "customer impact",
            format!(
                "{}{}",
                seconds(&facts["impact_seconds"]),
                if facts["impact_ongoing"] == json!(true) {
                    " (ongoing)"
                } else {
                    ""
                }
            ),
        ),
        ("war room", io::cell(&out["war_room"])),
        (
            "next statuses",
            facts["next_statuses"]
                .as_array()
                .into_iter()
                .flatten()
                .map(io::cell)
                .collect::<Vec<_>>()
                .join(", "),
        ),
    ];
    for (k, v) in rows {
        t.add_row(vec![k.to_string(), v]);
    }
    outln!("Incident as of {} ({zone})\n{t}\n", at(&facts["as_of"]));
    print_sla(&out["sla"], zone);
    let mut roles = io::table(&["role", "held by now", "history"]);
    if let Some(map) = inc["roles"].as_object() {
        for (role, rec) in map {
            let holders: Vec<String> = rec["holders"]
                .as_array()
                .into_iter()
                .flatten()
                .map(io::cell)
                .collect();
            let history: Vec<String> = rec["tenures"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|t| format!("{} from {}", io::cell(&t["person"]), at(&t["from"])))
                .collect();
            roles.add_row(vec![role.clone(), holders.join(", "), history.join("; ")]);
        }
    }
    outln!("\nRoles\n{roles}");
    Ok(())
}

/// Prints the response and resolve clocks.
pub fn print_sla(sla: &Value, zone: watchstander::time::Zone) {
    let mut t = io::table(&[
        "clock",
        "judged as",
        "target",
        "state",
        "deadline",
        "remaining",
        "breached",
    ]);
    for kind in ["response", "resolve"] {
        let c = &sla[kind];
        t.add_row(vec![
            kind.to_string(),
            io::cell(&c["severity"]),
            format!(
                "{}{}",
                io::cell(&c["target"]),
                if c["clock"] == "business" {
                    " business"
                } else {
                    ""
                }
            ),
            match &c["met"] {
                Value::Bool(true) => "stopped, met".to_string(),
                Value::Bool(false) => "stopped, missed".to_string(),
                _ => io::cell(&c["state"]),
            },
            io::local_display(&c["deadline"], zone),
            seconds(&c["remaining_seconds"]),
            match &c["breached_at"] {
                Value::String(_) => format!(
                    "yes, at {} ({})",
                    io::local_display(&c["breached_at"], zone),
                    io::cell(&c["breached_under"])
                ),
                _ => "no".to_string(),
            },
        ]);
    }
    outln!("SLA clocks\n{t}");
}

/// Prints timeline entries.
pub fn print_timeline(out: &Value) {
    let mut t = io::table(&["time", "who", "what"]);
    for e in out["entries"].as_array().into_iter().flatten() {
        let mut when = io::cell(&e["display"]);
        if e["late"] == json!(true) {
            when.push_str(" (recorded late)");
        }
        t.add_row(vec![when, io::cell(&e["actor_name"]), io::cell(&e["text"])]);
    }
    outln!(
        "Timeline of {} ({}, {})\n{t}",
        io::cell(&out["incident"]),
        io::cell(&out["zone"]),
        io::cell(&out["audience"])
    );
}

/// Prints the next update per audience.
pub fn print_next_update(out: &Value, zone: watchstander::time::Zone) {
    let mut t = io::table(&[
        "audience",
        "every",
        "last update",
        "next due",
        "why",
        "state",
    ]);
    for u in out["updates"].as_array().into_iter().flatten() {
        let state = if u["overdue"] == json!(true) {
            format!(
                "OVERDUE by {}",
                io::human_seconds(u["overdue_seconds"].as_i64().unwrap_or(0))
            )
        } else if u["due_at"].is_null() {
            "nothing due".to_string()
        } else {
            "on time".to_string()
        };
        t.add_row(vec![
            io::cell(&u["audience"]),
            io::cell(&u["every"]),
            io::local_display(&u["last_update_at"], zone),
            io::local_display(&u["due_at"], zone),
            io::cell(&u["reason"]),
            state,
        ]);
    }
    outln!(
        "Status updates as of {} ({zone})\n{t}",
        io::local_display(&out["now"], zone)
    );
}

/// Prints the stakeholder plan.
pub fn print_plan(out: &Value, zone: watchstander::time::Zone) {
    let mut t = io::table(&["due", "who", "what", "where", "state", "subject"]);
    for i in out["items"].as_array().into_iter().flatten() {
        let state = match i["state"].as_str() {
            Some("done") => format!("done {}", io::local_display(&i["done_at"], zone)),
            Some("overdue") => "OVERDUE".to_string(),
            _ => "pending".to_string(),
        };
        t.add_row(vec![
            io::local_display(&i["due_at"], zone),
            io::cell(&i["name"]),
            io::cell(&i["notice"]),
            i["channels"]
                .as_array()
                .into_iter()
                .flatten()
                .map(io::cell)
                .collect::<Vec<_>>()
                .join(", "),
            state,
            io::cell(&i["subject"]),
        ]);
    }
    outln!(
        "Stakeholder plan as of {} ({zone})\n{t}",
        io::local_display(&out["as_of"], zone)
    );
    for n in out["not_required"].as_array().into_iter().flatten() {
        outln!(
            "  {}: {}",
            io::cell(&n["stakeholder"]),
            io::cell(&n["reason"])
        );
    }
}

/// The demo's incident section: the sample SEV-2 incident's timeline, SLA state and next
/// updates at its `as_of`.
pub fn demo_section() -> Result<Value> {
    let inc = sample_incident()?;
    let config = sample_config()?;
    let now = inc["as_of"].clone();
    let zone = inc["zone"].clone();
    let replayed = io::call(
        "incident.replay",
        &json!({"events": inc["events"], "config": config, "now": now}),
    )?;
    let timeline = io::call(
        "incident.timeline",
        &json!({"events": inc["events"], "config": config, "zone": zone}),
    )?;
    let next = io::call(
        "incident.next_update",
        &json!({"events": inc["events"], "config": config, "now": now}),
    )?;
    Ok(json!({
        "id": inc["id"],
        "as_of": now,
        "zone": zone,
        "status": replayed["incident"]["status"],
        "severity": replayed["incident"]["severity"],
        "war_room": replayed["war_room"],
        "timeline": timeline["entries"],
        "sla": replayed["sla"],
        "next_update": next,
    }))
}

/// Prints the demo's incident section.
pub fn print_demo_section(section: &Value) -> Result<()> {
    let zone = zone_of(section["zone"].as_str().unwrap_or("UTC"))?;
    outln!(
        "Incident {} ({}, {}) as of {} — war room #{}\n",
        io::cell(&section["id"]),
        io::cell(&section["severity"]),
        io::cell(&section["status"]),
        io::local_display(&section["as_of"], zone),
        io::cell(&section["war_room"])
    );
    print_timeline(&json!({"incident": section["id"], "zone": section["zone"],
        "audience": "internal", "entries": section["timeline"]}));
    outln!();
    print_sla(&section["sla"], zone);
    outln!();
    print_next_update(&section["next_update"], zone);
    Ok(())
}
