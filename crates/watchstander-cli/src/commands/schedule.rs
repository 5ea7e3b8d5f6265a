//! `watchstander schedule …`: on-call schedules.
//!
//! Every subcommand reads a schedule document (`--schedule FILE`, a schedule or
//! `{"schedules": [...]}`, `-` for standard input; default: the sample team's), compiles it
//! through the core's `schedule.*` operations and prints a table, or the operation's JSON with
//! `--json`. Times default to now.

use std::path::PathBuf;

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

use crate::io::{self, CliError, Result};
use watchstander::time::{format_instant, Zone};

/// Which schedule to use.
#[derive(clap::Args, Clone)]
pub struct Source {
    /// Schedule JSON file: one schedule, or {"schedules": [...]}; `-` reads standard input.
    /// Default: the sample team's schedules.
    #[arg(long, short = 's')]
    pub schedule: Option<PathBuf>,
    /// Which schedule of a list, by id (default: the first).
    #[arg(long)]
    pub id: Option<String>,
}

/// A window: `--from` (default now) and `--to` or `--days`.
#[derive(clap::Args, Clone)]
pub struct Span {
    /// Start (RFC 3339, seconds optional: 2026-12-01T09:00Z; default: now).
    #[arg(long)]
    pub from: Option<String>,
    /// End (RFC 3339, seconds optional; default: --from plus --days).
    #[arg(long)]
    pub to: Option<String>,
    /// Length in days when --to is not given (default 7; 90 for `ical`; at most 1096, longer
    /// is an error: split the range).
    #[arg(long, value_parser = clap::value_parser!(i64).range(1..))]
    pub days: Option<i64>,
}

#[derive(clap::Subcommand)]
pub enum Command {
    /// Who is on call at an instant, why, and until when.
    Oncall {
        #[command(flatten)]
        source: Source,
        /// The instant (default: now).
        #[arg(long)]
        at: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Final shifts in a window (or one layer's, or one person's).
    Shifts {
        #[command(flatten)]
        source: Source,
        #[command(flatten)]
        span: Span,
        /// Only this layer's own shifts (before other layers and overrides).
        #[arg(long)]
        layer: Option<String>,
        /// Only this person's shifts.
        #[arg(long)]
        person: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Handoffs in a window, or the next N with --next.
    Handoffs {
        #[command(flatten)]
        source: Source,
        #[command(flatten)]
        span: Span,
        /// The next N handoffs after --from instead of all in the window.
        #[arg(long)]
        next: Option<usize>,
        #[arg(long)]
        json: bool,
    },
    /// Stretches with nobody on call.
    Gaps {
        #[command(flatten)]
        source: Source,
        #[command(flatten)]
        span: Span,
        #[arg(long)]
        json: bool,
    },
    /// Shifts DST moved or resized, and turns it squeezed to nothing.
    Dst {
        #[command(flatten)]
        source: Source,
        #[command(flatten)]
        span: Span,
        #[arg(long)]
        json: bool,
    },
    /// Per-person hours, nights, weekends and holidays in each person's own zone, weighted.
    Fairness {
        #[command(flatten)]
        source: Source,
        #[command(flatten)]
        span: Span,
        /// Settings JSON file: {"weights": {...}, "night": "22:00-08:00", "opening_balance": {...}}.
        #[arg(long)]
        settings: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Who gains and loses on-call time between two versions of a schedule.
    Diff {
        /// The schedule before the edit.
        before: PathBuf,
        /// The schedule after the edit.
        after: PathBuf,
        /// Which schedule of a list, by id (default: the first).
        #[arg(long)]
        id: Option<String>,
        #[command(flatten)]
        span: Span,
        #[arg(long)]
        json: bool,
    },
    /// The handoff at (or next after) an instant: who hands to whom, and both shifts' facts.
    Report {
        #[command(flatten)]
        source: Source,
        /// The instant (default: now).
        #[arg(long)]
        at: Option<String>,
        /// Incidents JSON file ([{"id", "at", "title"?}]) to count pages.
        #[arg(long)]
        incidents: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// iCalendar (RFC 5545) of the schedule's shifts, or one member's, for calendar apps.
    Ical {
        #[command(flatten)]
        source: Source,
        #[command(flatten)]
        span: Span,
        /// Only this person's shifts (a per-member calendar).
        #[arg(long)]
        person: Option<String>,
        /// Write wall-clock times with a VTIMEZONE (the member's zone, or the schedule's)
        /// instead of UTC.
        #[arg(long)]
        zoned: bool,
        /// Write times in this zone (implies --zoned).
        #[arg(long)]
        zone: Option<String>,
        /// Include shadow shifts.
        #[arg(long)]
        shadows: bool,
        /// Include gaps as "nobody on call" events.
        #[arg(long)]
        gaps: bool,
        /// Add a reminder this many minutes before each shift.
        #[arg(long)]
        alarm: Option<u32>,
        /// Write the calendar to this file instead of standard output.
        #[arg(long, short = 'o')]
        out: Option<PathBuf>,
        /// Print the operation's JSON (events and text) instead of the calendar.
        #[arg(long)]
        json: bool,
    },
    /// Check a schedule document and summarise it.
    Validate {
        #[command(flatten)]
        source: Source,
        #[arg(long)]
        json: bool,
    },
}

/// The schedules of a document: one schedule, or `{"schedules": [...]}`.
pub fn list_of(doc: Value) -> Vec<Value> {
    match doc.get("schedules") {
        Some(Value::Array(a)) => a.clone(),
        _ => vec![doc],
    }
}

fn pick(doc: Value, id: Option<&str>) -> Result<Value> {
    let list = list_of(doc);
    match id {
        None => list
            .into_iter()
            .next()
            .ok_or_else(|| CliError::input("the document has no schedules".to_string())),
        Some(id) => {
            let ids: Vec<String> = list
                .iter()
                .filter_map(|s| s["id"].as_str().map(str::to_string))
                .collect();
            list.into_iter().find(|s| s["id"] == id).ok_or_else(|| {
                CliError::input(format!(
                    "no schedule with id {id:?}; the document has {}",
                    ids.join(", ")
                ))
            })
        }
    }
}

fn load(source: &Source) -> Result<Value> {
    let doc = match &source.schedule {
        Some(p) => io::read_json(p)?,
        None => crate::sample::schedules()?,
    };
    pick(doc, source.id.as_deref())
}

fn window(span: &Span) -> Result<(String, String)> {
    window_or(span, 7)
}

fn window_or(span: &Span, default_days: i64) -> Result<(String, String)> {
    let from = io::now_or_clock(span.from.as_deref())?;
    let days = span.days.unwrap_or(default_days);
    let max = watchstander::schedule::MAX_WINDOW_DAYS;
    if days > max {
        // Refused, never shortened: a silently truncated window looks like a complete answer.
        return Err(CliError::Core(
            watchstander::schedule::ScheduleError::WindowTooLong { days, max }.into(),
        ));
    }
    let to = match &span.to {
        Some(t) => io::parse_instant(t)?,
        None => from
            .checked_add_signed(Duration::days(days.max(1)))
            .ok_or_else(|| {
                CliError::input(format!("--from plus {days} days is past the year 9999"))
            })?,
    };

    Ok((format_instant(from), format_instant(to)))
}

fn zone_of(schedule: &Value) -> Zone {
    schedule["zone"]
        .as_str()
        .and_then(|z| Zone::parse(z).ok())
        .unwrap_or(Zone::UTC)
}

/// A person's zone as the schedule lists it (the schedule's zone otherwise).
fn person_zone(schedule: &Value, person: &str) -> Zone {
    schedule["people"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["id"] == person)
        .and_then(|p| p["zone"].as_str())
        .and_then(|z| Zone::parse(z).ok())
        .unwrap_or_else(|| zone_of(schedule))
}

fn instant(v: &Value) -> Option<DateTime<Utc>> {
    v.as_str()
        .and_then(|s| watchstander::time::parse_instant(s).ok())
}

fn names(v: &Value) -> String {
    let list: Vec<String> = v.as_array().into_iter().flatten().map(io::cell).collect();
    if list.is_empty() {
        "nobody".to_string()
    } else {
        list.join(", ")
    }
}

fn hours(v: &Value) -> String {
    let h = v.as_f64().unwrap_or(0.0);
    io::human_seconds((h * 3600.0).round() as i64)
}

pub fn run(c: Command) -> Result<()> {
    match c {
        Command::Oncall { source, at, json } => {
            let schedule = load(&source)?;
            let at = format_instant(io::now_or_clock(at.as_deref())?);
            let out = io::call("schedule.oncall", &json!({"schedule": schedule, "at": at}))?;
            if json {
                io::print_json(&out);
            } else {
                print_oncall(&schedule, &out);
            }
        }
        Command::Shifts {
            source,
            span,
            layer,
            person,
            json,
        } => {
            let schedule = load(&source)?;
            let (from, to) = window(&span)?;
            let mut input =
                json!({"schedule": schedule, "from": from, "to": to, "include_shadows": true});
            if let Some(l) = layer {
                input["layer"] = json!(l);
            }
            if let Some(p) = person {
                input["person"] = json!(p);
            }
            let out = io::call("schedule.shifts", &input)?;
            if json {
                io::print_json(&out);
            } else {
                print_shifts(&schedule, &out["shifts"], "Shifts");
                if out["shadow_shifts"]
                    .as_array()
                    .is_some_and(|a| !a.is_empty())
                {
                    outln!();
                    print_shifts(&schedule, &out["shadow_shifts"], "Shadow shifts");
                }
            }
        }
        Command::Handoffs {
            source,
            span,
            next,
            json,
        } => {
            let schedule = load(&source)?;
            let (from, to) = window(&span)?;
            let within_days = span.days.unwrap_or(45).max(45);
            let input = match next {
                Some(n) => {
                    json!({"schedule": schedule, "after": from, "count": n, "within_days": within_days})
                }
                None => json!({"schedule": schedule, "from": from, "to": to}),
            };
            let out = io::call("schedule.handoffs", &input)?;
            let found = out["handoffs"].as_array().map_or(0, Vec::len);
            if let Some(n) = next.filter(|&n| found < n) {
                io::warn(
                    "fewer_than_asked",
                    &format!(
                        "only {found} of the {n} handoffs asked for fall within {within_days} days \
                         of --from; look further with --days (at most {})",
                        watchstander::schedule::MAX_WINDOW_DAYS
                    ),
                );
            }
            if json {
                io::print_json(&out);
            } else {
                print_handoffs(&schedule, &out["handoffs"]);
            }
        }
        Command::Gaps { source, span, json } => {
            let schedule = load(&source)?;
            let (from, to) = window(&span)?;
            let out = io::call(
                "schedule.gaps",
                &json!({"schedule": schedule, "from": from, "to": to}),
            )?;
            if json {
                io::print_json(&out);
            } else {
                let zone = zone_of(&schedule);
                let mut t = io::table(&[&format!("gap starts ({zone})"), "ends", "length"]);
                for g in out["gaps"].as_array().into_iter().flatten() {
                    let len = match (instant(&g["start"]), instant(&g["end"])) {
                        (Some(a), Some(b)) => io::human_seconds((b - a).num_seconds()),
                        _ => "—".to_string(),
                    };
                    t.add_row(vec![
                        io::local_display(&g["start"], zone),
                        io::local_display(&g["end"], zone),
                        len,
                    ]);
                }
                outln!("Gaps (nobody on call)\n{t}");
                outln!(
                    "coverage {:.1} %",
                    out["coverage"].as_f64().unwrap_or(0.0) * 100.0
                );
            }
        }
        Command::Dst { source, span, json } => {
            let schedule = load(&source)?;
            let (from, to) = window(&span)?;
            let out = io::call(
                "schedule.dst",
                &json!({"schedule": schedule, "from": from, "to": to}),
            )?;
            if json {
                io::print_json(&out);
            } else {
                print_shifts(&schedule, &out["shifts"], "Shifts DST moved or resized");
                let mut t = io::table(&[
                    "layer",
                    "turn",
                    "local handoff asked",
                    "at (UTC)",
                    "would have been",
                ]);
                for m in out["merged_turns"].as_array().into_iter().flatten() {
                    t.add_row(vec![
                        io::cell(&m["layer"]),
                        io::cell(&m["turn"]),
                        io::cell(&m["local"]),
                        io::cell(&m["at"]),
                        io::cell(&m["member"]),
                    ]);
                }
                if out["merged_turns"]
                    .as_array()
                    .is_some_and(|a| !a.is_empty())
                {
                    outln!(
                        "\nTurns squeezed to zero length by a DST gap (nobody on call for them)\n{t}"
                    );
                }
            }
        }
        Command::Fairness {
            source,
            span,
            settings,
            json,
        } => {
            let schedule = load(&source)?;
            let (from, to) = window(&span)?;
            let mut input = match settings {
                Some(p) => io::read_json(&p)?,
                None => json!({}),
            };
            input["schedule"] = schedule;
            input["from"] = json!(from);
            input["to"] = json!(to);
            let out = io::call("schedule.fairness", &input)?;
            if json {
                io::print_json(&out);
            } else {
                print_fairness(&out);
            }
        }
        Command::Diff {
            before,
            after,
            id,
            span,
            json,
        } => {
            let before = pick(io::read_json(&before)?, id.as_deref())?;
            let after = pick(io::read_json(&after)?, id.as_deref())?;
            let (from, to) = window(&span)?;
            let out = io::call(
                "schedule.diff",
                &json!({"before": before, "after": after, "from": from, "to": to}),
            )?;
            if json {
                io::print_json(&out);
            } else if out["unchanged"] == true {
                outln!("No change in who is on call between {from} and {to}.");
            } else {
                let mut t = io::table(&["change", "before", "after"]);
                for c in out["changes"].as_array().into_iter().flatten() {
                    t.add_row(vec![
                        io::cell(&c["summary"]),
                        names(&c["before"]),
                        names(&c["after"]),
                    ]);
                }
                outln!("Changes\n{t}");
                let mut d = io::table(&["person", "hours gained (+) or lost (−)"]);
                for (p, h) in out["hours_delta"].as_object().into_iter().flatten() {
                    d.add_row(vec![p.clone(), format!("{:+}", h.as_f64().unwrap_or(0.0))]);
                }
                outln!("\n{d}");
            }
        }
        Command::Report {
            source,
            at,
            incidents,
            json,
        } => {
            let schedule = load(&source)?;
            let at = format_instant(io::now_or_clock(at.as_deref())?);
            let incidents = match incidents {
                Some(p) => io::read_json(&p)?,
                None => json!([]),
            };
            let out = io::call(
                "schedule.handoff_report",
                &json!({"schedule": schedule, "at": at, "incidents": incidents}),
            )?;
            if json {
                io::print_json(&out);
            } else {
                for line in out["text"].as_array().into_iter().flatten() {
                    outln!("{}", io::cell(line));
                }
            }
        }
        Command::Ical {
            source,
            span,
            person,
            zoned,
            zone,
            shadows,
            gaps,
            alarm,
            out,
            json,
        } => {
            let schedule = load(&source)?;
            let (from, to) = window_or(&span, 90)?;
            let now = format_instant(io::now_or_clock(None)?);
            let mut input = json!({"schedule": schedule, "from": from, "to": to, "now": now,
                "include_shadows": shadows, "include_gaps": gaps});
            if let Some(p) = person {
                input["person"] = json!(p);
            }
            if zoned || zone.is_some() {
                input["times"] = json!("zoned");
            }
            if let Some(z) = zone {
                input["zone"] = json!(z);
            }
            if let Some(m) = alarm {
                input["alarm_minutes"] = json!(m);
            }
            let result = io::call("schedule.ical", &input)?;
            let ics = result["ics"].as_str().unwrap_or_default();
            match (json, out) {
                (true, _) => io::print_json(&result),
                (false, Some(path)) => {
                    std::fs::write(&path, ics).map_err(|e| CliError::unwritable(&path, &e))?;
                    io::note(&format!(
                        "wrote {} events to {}",
                        result["events"].as_array().map_or(0, Vec::len),
                        path.display()
                    ));
                }
                (false, None) => out!("{ics}"),
            }
        }
        Command::Validate { source, json } => {
            let schedule = load(&source)?;
            let out = io::call("schedule.validate", &json!({"schedule": schedule}))?;
            if json {
                io::print_json(&out);
            } else {
                let mut t = io::table(&["layer", "zone", "members", "combine", "counting", "dst"]);
                for l in out["layers"].as_array().into_iter().flatten() {
                    t.add_row(vec![
                        io::cell(&l["id"]),
                        io::cell(&l["zone"]),
                        names(&l["members"]),
                        io::cell(&l["combine"]),
                        io::cell(&l["turn_counting"]),
                        io::cell(&l["dst"]),
                    ]);
                }
                outln!(
                    "Schedule {} is valid ({})\n{t}",
                    io::cell(&out["id"]),
                    io::cell(&out["zone"])
                );
            }
        }
    }
    Ok(())
}

/// Prints who is on call (with reasons and shadows) and the next handoff.
pub fn print_oncall(schedule: &Value, out: &Value) {
    let title = schedule["name"]
        .as_str()
        .or(schedule["id"].as_str())
        .unwrap_or("schedule");
    let mut t = io::table(&["on call", "why", "until (their time)"]);
    for e in out["on_call"].as_array().into_iter().flatten() {
        let person = e["person"].as_str().unwrap_or_default();
        t.add_row(vec![
            person.to_string(),
            io::cell(&e["why"]),
            io::local_display(&e["shift"]["end"], person_zone(schedule, person)),
        ]);
    }
    for e in out["shadows"].as_array().into_iter().flatten() {
        let person = e["person"].as_str().unwrap_or_default();
        t.add_row(vec![
            format!("{person} (shadow)"),
            io::cell(&e["why"]),
            io::local_display(&e["shift"]["end"], person_zone(schedule, person)),
        ]);
    }
    if out["gap"] == true {
        t.add_row(vec![
            "NOBODY".to_string(),
            "gap: no layer or override covers this time".to_string(),
            io::local_display(&out["unchanged"]["end"], zone_of(schedule)),
        ]);
    }
    outln!(
        "{title} — at {}\n{t}",
        io::local_display(&out["at"], zone_of(schedule))
    );
    if !out["next_handoff"].is_null() {
        outln!(
            "next handoff {}",
            io::local_display(&out["next_handoff"], zone_of(schedule))
        );
    }
}

fn notes(s: &Value) -> String {
    let mut n = Vec::new();
    if !s["dst"].is_null() {
        let change = s["dst"]["offset_change_minutes"].as_i64().unwrap_or(0);
        if change != 0 {
            n.push(format!("DST: {change:+} min"));
        }
        for (end, label) in [("start", "start"), ("end", "end")] {
            match s["dst"][end]["kind"].as_str() {
                Some("gap") => n.push(format!("{label} moved out of a DST gap")),
                Some("fold") => n.push(format!("{label} in a DST fold")),
                _ => {}
            }
        }
    }
    if s["truncated_start"] == true {
        n.push("began earlier".to_string());
    }
    if s["truncated_end"] == true {
        n.push("runs on".to_string());
    }
    for off in s["time_off"].as_array().into_iter().flatten() {
        n.push(format!("time off: {}", io::cell(off)));
    }
    n.join("; ")
}

/// Prints a list of shifts.
pub fn print_shifts(schedule: &Value, shifts: &Value, title: &str) {
    let zone = zone_of(schedule);
    let mut t = io::table(&[
        "person",
        &format!("start ({zone})"),
        "end",
        "length",
        "why",
        "notes",
    ]);
    for s in shifts.as_array().into_iter().flatten() {
        t.add_row(vec![
            io::cell(&s["person"]),
            io::local_display(&s["start"], zone),
            io::local_display(&s["end"], zone),
            hours(&s["hours"]),
            io::cell(&s["why"]),
            notes(s),
        ]);
    }
    outln!("{title}\n{t}");
}

/// Prints handoffs.
pub fn print_handoffs(schedule: &Value, handoffs: &Value) {
    let zone = zone_of(schedule);
    let mut t = io::table(&[&format!("handoff ({zone})"), "from", "to", "layers", "DST"]);
    for h in handoffs.as_array().into_iter().flatten() {
        t.add_row(vec![
            io::local_display(&h["at"], zone),
            names(&h["from"]),
            names(&h["to"]),
            h["layers"]
                .as_array()
                .map(|a| a.iter().map(io::cell).collect::<Vec<_>>().join(", "))
                .unwrap_or_default(),
            match h["dst"]["kind"].as_str() {
                Some("gap") => "moved out of a gap".to_string(),
                Some("fold") => "in a fold".to_string(),
                _ => String::new(),
            },
        ]);
    }
    outln!("Handoffs\n{t}");
}

fn print_fairness(out: &Value) {
    let mut t = io::table(&[
        "person",
        "zone",
        "hours",
        "night h",
        "weekend h",
        "holiday h",
        "points",
        "balance",
        "vs fair share",
    ]);
    let num = |v: &Value| format!("{:.1}", v.as_f64().unwrap_or(0.0));
    for r in out["rows"].as_array().into_iter().flatten() {
        t.add_row(vec![
            io::cell(&r["person"]),
            io::cell(&r["zone"]),
            num(&r["hours"]),
            num(&r["night_hours"]),
            num(&r["weekend_hours"]),
            num(&r["holiday_hours"]),
            num(&r["points"]),
            num(&r["balance"]),
            format!("{:+.1}", r["over_fair_share"].as_f64().unwrap_or(0.0)),
        ]);
    }
    outln!(
        "Fairness ledger (fair share {:.1} points; weights: hour {}, night +{}, weekend +{}, holiday +{})\n{t}",
        out["fair_share"].as_f64().unwrap_or(0.0),
        out["weights"]["hour"],
        out["weights"]["night"],
        out["weights"]["weekend"],
        out["weights"]["holiday"]
    );
}

/// For the demo: who is on call at `now` and the next handoffs, per sample schedule.
pub fn demo_answers(now: &str, next: usize) -> Result<Value> {
    let mut out = Vec::new();
    for schedule in list_of(crate::sample::schedules()?) {
        let oncall = io::call("schedule.oncall", &json!({"schedule": schedule, "at": now}))?;
        let handoffs = io::call(
            "schedule.handoffs",
            &json!({"schedule": schedule, "after": now, "count": next}),
        )?;
        out.push(json!({
            "id": schedule["id"],
            "name": schedule["name"],
            "oncall": oncall,
            "next_handoffs": handoffs["handoffs"],
        }));
    }
    Ok(Value::Array(out))
}

/// For the demo: prints [`demo_answers`].
pub fn print_demo(answers: &Value) -> Result<()> {
    let schedules = list_of(crate::sample::schedules()?);
    for (a, schedule) in answers.as_array().into_iter().flatten().zip(&schedules) {
        print_oncall(schedule, &a["oncall"]);
        print_handoffs(schedule, &a["next_handoffs"]);
        outln!();
    }
    Ok(())
}
