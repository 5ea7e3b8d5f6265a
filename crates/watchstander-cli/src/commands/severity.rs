//! `watchstander severity …`.

use std::path::PathBuf;

use serde_json::{json, Value};

use crate::io::{self, Result};

#[derive(clap::Subcommand)]
pub enum Command {
    /// List severity levels with their targets and each SLA's deadline from --now.
    List {
        /// Severity policy JSON file (default: the sample organisation's).
        #[arg(long)]
        policy: Option<PathBuf>,
        /// Start instant for the deadlines (default: now).
        #[arg(long)]
        now: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// State of an SLA clock: `{"policy"?, "clock": {...}, "now"}` (see docs/formats.md).
    Sla {
        /// JSON input file, or `-` for standard input.
        #[arg(default_value = "-")]
        input: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(c: Command) -> Result<()> {
    match c {
        Command::List { policy, now, json } => {
            let policy = match policy {
                Some(p) => io::read_json(&p)?,
                None => crate::sample::severity_policy(&crate::sample::org()?)?,
            };
            let now = watchstander::time::format_instant(io::now_or_clock(now.as_deref())?);
            let out = levels_with_deadlines(&policy, &now)?;
            if json {
                io::print_json(&out);
            } else {
                print_levels(&out)?;
            }
        }
        Command::Sla { input, json } => {
            let out = io::call("severity.sla_status", &io::read_json(&input)?)?;
            if json {
                io::print_json(&out);
            } else {
                let mut t = io::table(&[
                    "state",
                    "deadline",
                    "elapsed",
                    "remaining",
                    "paused",
                    "breached",
                ]);
                t.add_row(vec![
                    io::cell(&out["state"]),
                    io::cell(&out["deadline"])
                        + if out["deadline_projected"] == json!(true) {
                            " (if resumed now)"
                        } else {
                            ""
                        },
                    io::human_seconds(out["elapsed_seconds"].as_i64().unwrap_or(0)),
                    io::human_seconds(out["remaining_seconds"].as_i64().unwrap_or(0)),
                    io::human_seconds(out["paused_seconds"].as_i64().unwrap_or(0)),
                    match &out["breached_at"] {
                        Value::String(s) => format!("yes, at {s}"),
                        _ => "no".to_string(),
                    },
                ]);
                outln!("{t}");
            }
        }
    }
    Ok(())
}

/// The validated policy's levels, each with its response and resolve deadlines from `now`.
pub fn levels_with_deadlines(policy: &Value, now: &str) -> Result<Value> {
    let validated = io::call("severity.policy", &json!({ "policy": policy }))?;
    let mut levels = Vec::new();
    for level in validated["levels"].as_array().into_iter().flatten() {
        let id = &level["id"];
        let mut deadlines = json!({});
        for kind in ["response", "resolve"] {
            let d = io::call(
                "severity.deadline",
                &json!({"policy": policy, "severity": id, "kind": kind, "start": now}),
            )?;
            deadlines[kind] = d;
        }
        levels.push(json!({ "level": level, "deadlines": deadlines }));
    }
    Ok(json!({ "now": now, "zone": validated["business_calendar"]["zone"], "levels": levels }))
}

pub fn print_levels(out: &Value) -> Result<()> {
    let zone: watchstander::time::Zone = match out["zone"].as_str() {
        Some(z) => watchstander::time::Zone::parse(z)?,
        None => watchstander::time::Zone::UTC,
    };
    let mut t = io::table(&[
        "severity",
        "meaning",
        "pages",
        "respond within",
        "respond by",
        "resolve within",
        "resolve by",
        "updates",
    ]);
    for l in out["levels"].as_array().into_iter().flatten() {
        let level = &l["level"];
        let target = |kind: &str| -> String {
            let d = &l["deadlines"][kind];
            match d["target"].as_str() {
                Some(t) => {
                    let t = if kind == "response" && level["response"]["within"] == "immediate" {
                        format!("immediate ({t})")
                    } else {
                        t.to_string()
                    };
                    if d["clock"] == "business" {
                        format!("{t} business")
                    } else {
                        t
                    }
                }
                None => "—".to_string(),
            }
        };
        let updates: Vec<String> = level["updates"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|u| {
                format!(
                    "{} every {}",
                    io::cell(&u["audience"]),
                    io::cell(&u["every"])
                )
            })
            .collect();
        t.add_row(vec![
            format!("{} {}", io::cell(&level["id"]), io::cell(&level["name"])),
            io::cell(&level["description"]),
            if level["page"] == json!(true) {
                "page"
            } else {
                "no"
            }
            .to_string(),
            target("response"),
            io::local_display(&l["deadlines"]["response"]["deadline"], zone),
            target("resolve"),
            io::local_display(&l["deadlines"]["resolve"]["deadline"], zone),
            updates.join(", "),
        ]);
    }
    outln!(
        "Severities and SLA deadlines for an incident declared {} ({zone})\n{t}",
        io::local_display(&out["now"], zone)
    );
    Ok(())
}
