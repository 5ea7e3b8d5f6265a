//! `watchstander time …`.

use std::path::PathBuf;

use serde_json::json;

use crate::io::{self, Result};

#[derive(clap::Subcommand)]
pub enum Command {
    /// Turn a local wall-clock time in a zone into an instant, showing any DST adjustment.
    Resolve {
        /// IANA zone, e.g. America/New_York.
        #[arg(long)]
        zone: String,
        /// Local time, with or without seconds: 2026-03-08T02:30 or 2026-03-08T02:30:00.
        local: String,
        /// compatible (default), earlier, later, end_of_gap or reject.
        #[arg(long, default_value = "compatible")]
        disambiguation: String,
        #[arg(long)]
        json: bool,
    },
    /// Add wall-clock time in a zone: `time add --zone Europe/London 2026-03-28T09:00:00Z 1 days`.
    Add {
        #[arg(long)]
        zone: String,
        /// Start instant (RFC 3339, seconds optional: 2026-03-28T09:00Z).
        start: String,
        /// How many units (may be negative).
        #[arg(allow_hyphen_values = true)]
        amount: i64,
        /// minutes, hours, days, weeks, months or years.
        unit: String,
        #[arg(long, default_value = "compatible")]
        disambiguation: String,
        #[arg(long)]
        json: bool,
    },
    /// Business-time answers on a calendar (the sample organisation's unless --calendar).
    Business {
        /// Business calendar JSON file.
        #[arg(long)]
        calendar: Option<PathBuf>,
        /// The instant to answer for (default: now).
        #[arg(long)]
        now: Option<String>,
        /// Add this ISO duration of business time (P1D = one business day).
        #[arg(long, default_value = "P1D")]
        add: String,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(c: Command) -> Result<()> {
    match c {
        Command::Resolve {
            zone,
            local,
            disambiguation,
            json,
        } => {
            let out = io::call(
                "time.resolve_local",
                &json!({"zone": zone, "local": io::local_arg(&local)?, "disambiguation": disambiguation}),
            )?;
            if json {
                io::print_json(&out);
            } else {
                let mut t = io::table(&[
                    "local asked",
                    "instant (UTC)",
                    "local result",
                    "offset",
                    "adjustment",
                ]);
                t.add_row(vec![
                    io::cell(&out["requested"]),
                    io::cell(&out["instant"]),
                    io::cell(&out["local"]),
                    io::cell(&out["offset"]),
                    adjustment_text(&out["adjustment"]),
                ]);
                outln!("{t}");
            }
        }
        Command::Add {
            zone,
            start,
            amount,
            unit,
            disambiguation,
            json,
        } => {
            let out = io::call(
                "time.add",
                &json!({"zone": zone, "start": io::instant_arg(&start)?, "amount": amount, "unit": unit, "disambiguation": disambiguation}),
            )?;
            if json {
                io::print_json(&out);
            } else {
                let mut t = io::table(&[
                    "instant (UTC)",
                    "local",
                    "offset",
                    "real time elapsed",
                    "notes",
                ]);
                let mut notes = vec![adjustment_text(&out["adjustment"])];
                if !out["clamped"].is_null() {
                    notes.push(format!(
                        "day {} clamped to {}",
                        out["clamped"]["requested_day"], out["clamped"]["clamped_to_day"]
                    ));
                }
                t.add_row(vec![
                    io::cell(&out["instant"]),
                    io::cell(&out["local"]),
                    io::cell(&out["offset"]),
                    io::human_seconds(out["elapsed_seconds"].as_i64().unwrap_or(0)),
                    notes.join("; "),
                ]);
                outln!("{t}");
            }
        }
        Command::Business {
            calendar,
            now,
            add,
            json,
        } => {
            let cal = match calendar {
                Some(p) => io::read_json(&p)?,
                None => crate::sample::org()?["business_calendar"].clone(),
            };
            let now = watchstander::time::format_instant(io::now_or_clock(now.as_deref())?);
            let out = business_answers(&cal, &now, &add)?;
            if json {
                io::print_json(&out);
            } else {
                print_business(&out, &cal)?;
            }
        }
    }
    Ok(())
}

/// Answers the usual business-time questions about `now` on a calendar.
pub fn business_answers(
    cal: &serde_json::Value,
    now: &str,
    add: &str,
) -> Result<serde_json::Value> {
    let is = io::call(
        "time.is_business_time",
        &json!({"calendar": cal, "at": now}),
    )?;
    let next = io::call(
        "time.next_business_instant",
        &json!({"calendar": cal, "at": now}),
    )?;
    let plus = io::call(
        "time.business_add",
        &json!({"calendar": cal, "start": now, "duration": add}),
    )?;
    Ok(json!({
        "now": now,
        "zone": cal["zone"],
        "is_business_time": is["business"],
        "holiday": is["holiday"],
        "next_business_instant": next["instant"],
        "add": add,
        "now_plus": plus["instant"],
    }))
}

pub fn print_business(out: &serde_json::Value, cal: &serde_json::Value) -> Result<()> {
    let zone: watchstander::time::Zone = watchstander::from_json(&cal["zone"])?;
    let mut t = io::table(&["question", "answer"]);
    t.add_row(vec![
        "now".to_string(),
        io::local_display(&out["now"], zone),
    ]);
    t.add_row(vec![
        "inside business hours?".to_string(),
        match (&out["is_business_time"], &out["holiday"]) {
            (_, serde_json::Value::String(h)) => format!("no — holiday ({h})"),
            (serde_json::Value::Bool(true), _) => "yes".to_string(),
            _ => "no".to_string(),
        },
    ]);
    t.add_row(vec![
        "next business instant".to_string(),
        io::local_display(&out["next_business_instant"], zone),
    ]);
    t.add_row(vec![
        format!("now + {} business", io::cell(&out["add"])),
        io::local_display(&out["now_plus"], zone),
    ]);
    outln!("Business calendar ({zone})\n{t}");
    Ok(())
}

fn adjustment_text(adj: &serde_json::Value) -> String {
    match adj["kind"].as_str() {
        Some("gap") => format!(
            "DST gap {} → {} ({} min skipped)",
            io::cell(&adj["gap_start"]),
            io::cell(&adj["gap_end"]),
            adj["gap_seconds"].as_i64().unwrap_or(0) / 60
        ),
        Some("fold") => format!("DST fold: chose the {} occurrence", io::cell(&adj["chose"])),
        _ => "—".to_string(),
    }
}
