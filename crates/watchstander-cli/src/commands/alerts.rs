//! `watchstander alerts …`: replay alert streams, check Alertmanager configurations,
//! normalise source payloads.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use watchstander::alert::{Action, AlertConfig, Pipeline, ReplayRecord, Stats};

use crate::io::{self, CliError, Result};

#[derive(clap::Subcommand)]
pub enum Command {
    /// Replay a stream of timestamped alerts through the pipeline: notifications, incidents,
    /// and per-rule counts of what was deduplicated, grouped, inhibited and silenced.
    ///
    /// FILE holds JSON Lines (one record per line: {"at", "alert"} or {"at", "source",
    /// "payload"} or {"at", "silence"} or {"at"}), a JSON array of records, or an object
    /// {"config", "records", "until"}. Records are streamed, so memory stays proportional to
    /// the open alerts and groups, however long the stream.
    Replay {
        /// The stream (`-` for standard input).
        file: PathBuf,
        /// Pipeline configuration: Alertmanager YAML or JSON (required unless FILE holds it).
        #[arg(long)]
        config: Option<PathBuf>,
        /// Tick to this instant after the last record.
        #[arg(long)]
        until: Option<String>,
        /// Print every action as a JSON line instead of the summary.
        #[arg(long)]
        actions: bool,
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Alertmanager configurations.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Normalise one payload of a monitoring source into alerts (JSON out).
    Normalize {
        /// native, pagerduty, alertmanager, grafana, datadog, cloudwatch or cicd.
        source: String,
        /// The payload (`-` for standard input).
        #[arg(default_value = "-")]
        file: PathBuf,
    },
}

#[derive(clap::Subcommand)]
pub enum ConfigCommand {
    /// Read an Alertmanager configuration (YAML or JSON) and say what the engine will do with
    /// it: routes after inheritance, receivers, inhibition rules, silences, ignored parts.
    Check {
        /// The configuration file (`-` for standard input).
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(c: Command) -> Result<()> {
    match c {
        Command::Replay {
            file,
            config,
            until,
            actions,
            json,
        } => replay(&file, config.as_deref(), until.as_deref(), actions, json),
        Command::Config(ConfigCommand::Check { file, json }) => {
            let config = read_config(&file)?;
            let out = io::call("alert.config_check", &json!({ "config": config }))?;
            if json {
                io::print_json(&out);
            } else {
                print_check(&out);
            }
            Ok(())
        }
        Command::Normalize { source, file } => {
            let payload = io::read_json(&file)?;
            let out = io::call(
                "alert.normalize",
                &json!({ "source": source, "payload": payload }),
            )?;
            io::print_json(&out);
            Ok(())
        }
    }
}

fn read_text(path: &Path) -> Result<String> {
    io::read_text(path)
}

/// Reads a configuration written in YAML (Alertmanager's usual form) or JSON.
pub fn read_config(path: &Path) -> Result<Value> {
    let text = read_text(path)?;
    if let Ok(v) = serde_json::from_str::<Value>(&text) {
        return Ok(v);
    }
    serde_norway::from_str::<Value>(&text)
        .map_err(|e| CliError::input(format!("{} is neither JSON nor YAML: {e}", path.display())))
}

fn replay(
    file: &Path,
    config: Option<&Path>,
    until: Option<&str>,
    print_actions: bool,
    json: bool,
) -> Result<()> {
    let mut config_value = config.map(read_config).transpose()?;
    let mut until = until.map(io::parse_instant).transpose()?;
    let text_first = if file.as_os_str() == "-" {
        None
    } else {
        Some(
            std::fs::File::open(file)
                .map_err(|e| CliError::input(format!("cannot open {}: {e}", file.display())))?,
        )
    };
    let reader: Box<dyn BufRead> = match text_first {
        Some(f) => Box::new(std::io::BufReader::new(f)),
        None => Box::new(std::io::BufReader::new(std::io::stdin())),
    };
    let limit_path = file.to_path_buf();
    let mut lines = io::bounded_lines(reader, &limit_path).peekable();
    // A whole-file JSON document (array or object) is read at once; JSON Lines are streamed.
    let first_char = loop {
        match lines.peek() {
            Some(Ok(l)) if l.trim().is_empty() => {
                lines.next();
            }
            Some(Ok(l)) => break l.trim_start().chars().next(),
            Some(Err(_)) | None => break None,
        }
    };
    let mut buffered: Option<Vec<Value>> = None;
    if first_char == Some('[') || (first_char == Some('{') && is_whole_document(file)) {
        let mut text = String::new();
        for l in lines.by_ref() {
            text.push_str(&l?);
            text.push('\n');
            if text.len() as u64 > io::max_input_bytes() {
                return Err(CliError::Input(watchstander::Error::Input(
                    watchstander::InputError::TooLarge {
                        size: text.len() as u64,
                        limit: io::max_input_bytes(),
                    },
                )));
            }
        }
        let doc: Value = serde_json::from_str(&text)
            .map_err(|e| CliError::input(format!("{} is not valid JSON: {e}", file.display())))?;
        match doc {
            Value::Array(records) => buffered = Some(records),
            Value::Object(mut m) => {
                if let Some(c) = m.remove("config") {
                    config_value.get_or_insert(c);
                }
                if let Some(Value::String(u)) = m.remove("until") {
                    until = until.or(Some(io::parse_instant(&u)?));
                }
                buffered = Some(match m.remove("records") {
                    Some(Value::Array(r)) => r,
                    _ => Vec::new(),
                });
            }
            _ => return Err(CliError::input("expected records".into())),
        }
    }
    let config_value = config_value.ok_or_else(|| {
        CliError::input("no configuration: pass --config FILE (Alertmanager YAML or JSON)".into())
    })?;
    let config: AlertConfig = watchstander::from_json(&config_value)?;
    let mut pipeline = Pipeline::new(config).map_err(watchstander::Error::from)?;
    let mut notifications = Vec::new();
    let mut errors = Vec::new();
    let mut records = 0usize;
    let mut handle = |value: Result<Value>, index: usize, p: &mut Pipeline| {
        let result = value.and_then(|v| {
            let r: ReplayRecord = watchstander::from_json(&v)?;
            p.apply(r)
                .map_err(|e| CliError::Core(watchstander::Error::from(e)))
        });
        match result {
            Ok(actions) => emit(&actions, print_actions, &mut notifications),
            Err(e) => errors.push(json!({"index": index, "error": e.to_string()})),
        }
    };
    match buffered {
        Some(values) => {
            for v in values {
                handle(Ok(v), records, &mut pipeline);
                records += 1;
            }
        }
        None => {
            for line in lines {
                let line = line?;
                if line.trim().is_empty() {
                    continue;
                }
                let v = serde_json::from_str::<Value>(&line)
                    .map_err(|e| CliError::input(format!("line {}: {e}", records + 1)));
                handle(v, records, &mut pipeline);
                records += 1;
            }
        }
    }
    if let Some(u) = until {
        let actions = pipeline.tick(u).map_err(|e| CliError::Core(e.into()))?;
        emit(&actions, print_actions, &mut notifications);
    }
    let summary = json!({
        "records": records,
        "stats": pipeline.stats(),
        "open_alerts": pipeline.open_alerts(),
        "open_groups": pipeline.open_groups(),
        "open_incidents": pipeline.open_incidents(),
        "errors": errors,
    });
    if print_actions {
        return Ok(());
    }
    if json {
        io::print_json(&summary);
        return Ok(());
    }
    print_summary(pipeline.stats(), &summary, &notifications);
    Ok(())
}

fn is_whole_document(file: &Path) -> bool {
    // An object on the first line that is not a whole record means a multi-line document.
    let Ok(f) = std::fs::File::open(file) else {
        return false;
    };
    let first = io::bounded_lines(std::io::BufReader::new(f), file)
        .map_while(|l| l.ok())
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    let first = first.as_str();
    serde_json::from_str::<Value>(first).is_err()
        || serde_json::from_str::<Value>(first)
            .ok()
            .is_some_and(|v| v.get("records").is_some() || v.get("config").is_some())
}

fn emit(actions: &[Action], print: bool, notifications: &mut Vec<String>) {
    for a in actions {
        if print {
            outln!("{}", serde_json::to_string(a).unwrap_or_default());
        } else if let Action::Notify(n) = a {
            if notifications.len() < 50 {
                notifications.push(format!(
                    "{}  {:<14} {:<9} {:>3} alert(s)  {}",
                    watchstander::time::format_instant(n.at),
                    n.receiver,
                    format!("{:?}", n.reason).to_lowercase(),
                    n.alerts.len(),
                    n.group_labels
                ));
            }
        }
    }
}

fn print_summary(stats: &Stats, summary: &Value, notifications: &[String]) {
    outln!(
        "{} records; {} notifications; open at the end: {} alerts, {} groups, {} incidents",
        summary["records"],
        stats.notifications,
        summary["open_alerts"],
        summary["open_groups"],
        summary["open_incidents"]
    );
    let mut t = io::table(&[
        "alert rule",
        "received",
        "deduped",
        "grouped",
        "inhibited",
        "silenced",
        "flapping",
        "notified",
        "resolved",
        "incidents",
    ]);
    let row = |name: &str, c: &watchstander::alert::Counts| {
        vec![
            name.to_string(),
            c.received.to_string(),
            c.deduped.to_string(),
            c.grouped.to_string(),
            c.inhibited.to_string(),
            c.silenced.to_string(),
            c.flapping.to_string(),
            c.notified.to_string(),
            c.resolved.to_string(),
            c.incidents_opened.to_string(),
        ]
    };
    const SHOWN: usize = 100;
    for (name, c) in stats.by_alert.iter().take(SHOWN) {
        t.add_row(row(name, c));
    }
    if stats.by_alert.len() > SHOWN {
        io::warn(
            "output_shortened",
            &format!(
                "the table shows {SHOWN} of {} alert names; --json lists them all",
                stats.by_alert.len()
            ),
        );
    }
    t.add_row(row("(total)", &stats.total));
    outln!("{t}");
    if !stats.by_inhibit_rule.is_empty() || !stats.by_silence.is_empty() {
        let mut t = io::table(&["muted by", "alerts"]);
        for (k, v) in &stats.by_inhibit_rule {
            t.add_row(vec![format!("inhibit rule {k}"), v.to_string()]);
        }
        for (k, v) in &stats.by_silence {
            t.add_row(vec![format!("silence {k}"), v.to_string()]);
        }
        outln!("{t}");
    }
    if !notifications.is_empty() {
        outln!("notifications (first {}):", notifications.len());
        for n in notifications {
            outln!("  {n}");
        }
    }
    if let Some(errors) = summary["errors"].as_array().filter(|e| !e.is_empty()) {
        outln!("{} records refused, e.g. {}", errors.len(), errors[0]);
    }
}

fn print_check(out: &Value) {
    let mut t = io::table(&[
        "route",
        "matchers",
        "continue",
        "receiver",
        "group_by",
        "wait/interval/repeat",
        "service",
        "policy",
        "severity",
    ]);
    for r in out["routes"].as_array().into_iter().flatten() {
        let list = |v: &Value| {
            v.as_array()
                .map(|a| a.iter().map(io::cell).collect::<Vec<_>>().join(", "))
                .unwrap_or_default()
        };
        t.add_row(vec![
            io::cell(&r["path"]),
            list(&r["matchers"]),
            if r["continue"] == json!(true) {
                "yes".into()
            } else {
                String::new()
            },
            io::cell(&r["receiver"]),
            list(&r["group_by"]),
            format!(
                "{} / {} / {}",
                io::cell(&r["group_wait"]),
                io::cell(&r["group_interval"]),
                io::cell(&r["repeat_interval"])
            ),
            io::cell(&r["service"]),
            io::cell(&r["escalation_policy"]),
            io::cell(&r["severity"]),
        ]);
    }
    outln!("{t}");
    for r in out["receivers"].as_array().into_iter().flatten() {
        outln!(
            "receiver {}: resolved alerts {}",
            io::cell(&r["name"]),
            if r["send_resolved"] == json!(true) {
                "sent"
            } else {
                "not sent"
            }
        );
    }
    for r in out["inhibit_rules"].as_array().into_iter().flatten() {
        outln!(
            "inhibit {}: while {} fires, mute {} when equal on [{}]",
            io::cell(&r["name"]),
            r["source"],
            r["target"],
            r["equal"]
                .as_array()
                .map(|a| a.iter().map(io::cell).collect::<Vec<_>>().join(", "))
                .unwrap_or_default()
        );
    }
    for s in out["silences"].as_array().into_iter().flatten() {
        outln!("silence {}", io::cell(s));
    }
    outln!(
        "flap detection: {}; incident rules: {}",
        if out["flapping"] == json!(true) {
            "on"
        } else {
            "off"
        },
        out["incident_rules"]
    );
    for i in out["ignored"].as_array().into_iter().flatten() {
        outln!("ignored: {}", io::cell(i));
    }
}
