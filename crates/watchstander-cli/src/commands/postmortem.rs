//! `watchstander postmortem …`: draft a post-mortem from an incident's events, lint post-mortems
//! (template, action items, blameless language), render them in canonical form, index them.

use std::path::PathBuf;

use serde_json::{json, Value};

use super::runbook::{markdown_files, print_findings, read_text};
use crate::io::{self, CliError, Result};

#[derive(clap::Subcommand)]
pub enum Command {
    /// Draft a post-mortem (Markdown) from an incident's events: timeline, impact, SLA,
    /// resolution and responders filled in; what people must write left as TODO prompts.
    Draft {
        /// Event JSON file (an array of events, or {"events", "config"}); `-` for standard input.
        events: PathBuf,
        /// Incident configuration JSON file (severity policy, roles, people).
        #[arg(long)]
        config: Option<PathBuf>,
        /// Post-mortem policy JSON file (required severities, deadline, calendar).
        #[arg(long)]
        policy: Option<PathBuf>,
        /// The IANA zone to show times in (default UTC).
        #[arg(long)]
        zone: Option<String>,
        /// The instant of the draft (RFC 3339; default now).
        #[arg(long)]
        now: Option<String>,
        /// The post-mortem's owner (default: the incident commander).
        #[arg(long)]
        owner: Option<String>,
        /// Print the draft, requirement and prompt count as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Check post-mortems: sections, action items (owner, due date, overdue), unwritten
    /// prompts, blaming language. Exits with status 1 when any has errors.
    Lint {
        /// Post-mortem files or directories of them.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The instant due dates are judged at (RFC 3339; default now).
        #[arg(long)]
        now: Option<String>,
        /// The zone "today" is read in (default UTC).
        #[arg(long)]
        zone: Option<String>,
        /// Skip the blameless-language check.
        #[arg(long)]
        no_language: bool,
        /// Blameless word lists: a JSON file {"phrases", "allow", "people"}.
        #[arg(long)]
        words: Option<PathBuf>,
        /// Print the reports as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write a post-mortem (Markdown, or the JSON of `postmortem.parse`) as canonical Markdown.
    Render {
        /// The post-mortem (`-` for standard input).
        file: PathBuf,
    },
    /// Index post-mortems by service, tag and root-cause category, with their lessons.
    Index {
        /// Post-mortem files or directories of them.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print the index as JSON.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(c: Command) -> Result<()> {
    match c {
        Command::Draft {
            events,
            config,
            policy,
            zone,
            now,
            owner,
            json,
        } => {
            let doc = io::read_json(&events)?;
            let (events, inline_config) =
                match doc {
                    Value::Array(_) => (doc, None),
                    Value::Object(ref o) if o.contains_key("events") => {
                        (doc["events"].clone(), o.get("config").cloned())
                    }
                    _ => return Err(CliError::input(
                        "the events file must hold an array of events or an object with \"events\""
                            .into(),
                    )),
                };
            let mut input = json!({
                "events": events,
                "now": watchstander::time::format_instant(io::now_or_clock(now.as_deref())?),
            });
            if let Some(c) = config
                .map(|p| io::read_json(&p))
                .transpose()?
                .or(inline_config)
            {
                input["config"] = c;
            }
            if let Some(p) = policy {
                input["policy"] = io::read_json(&p)?;
            }
            if let Some(z) = zone {
                input["zone"] = json!(z);
            }
            if let Some(o) = owner {
                input["owner"] = json!(o);
            }
            let out = io::call("postmortem.draft", &input)?;
            if json {
                io::print_json(&out);
            } else {
                out!("{}", out["markdown"].as_str().unwrap_or(""));
                outln!();
                let r = &out["requirement"];
                io::note(&format!(
                    "{}; {} prompts to write",
                    io::cell(&r["reason"]),
                    out["prompts"]
                ));
            }
            Ok(())
        }
        Command::Lint {
            files,
            now,
            zone,
            no_language,
            words,
            json,
        } => {
            let now = watchstander::time::format_instant(io::now_or_clock(now.as_deref())?);
            let blameless = match words {
                Some(p) => io::read_json(&p)?,
                None => json!({}),
            };
            let mut reports = Vec::new();
            let mut failed = 0;
            for f in markdown_files(&files)? {
                let name = f.display().to_string();
                let mut input = json!({"markdown": read_text(&f)?, "now": now,
                    "check_language": !no_language, "blameless": blameless});
                if let Some(z) = &zone {
                    input["zone"] = json!(z);
                }
                let report = match io::call("postmortem.lint", &input) {
                    Ok(r) => r,
                    Err(CliError::Core(e)) => {
                        json!({"ok": false, "errors": 1, "warnings": 0, "findings": [{
                        "level": "error", "code": e.code(), "line": e.details().get("line").cloned().unwrap_or(json!(1)),
                        "message": e.to_string()}]})
                    }
                    Err(e) => return Err(e),
                };
                if report["ok"] != json!(true) {
                    failed += 1;
                }
                if !json {
                    print_findings(&name, &report);
                }
                reports.push(json!({"file": name, "report": report}));
            }
            if json {
                io::print_json(&Value::Array(reports));
            }
            if failed > 0 {
                return Err(CliError::Failed(format!(
                    "{failed} post-mortem(s) have errors"
                )));
            }
            Ok(())
        }
        Command::Render { file } => {
            let text = read_text(&file)?;
            let pm = if text.trim_start().starts_with('{') {
                watchstander::ops::parse_json(&text)?
            } else {
                io::call("postmortem.parse", &json!({ "markdown": text }))?["postmortem"].clone()
            };
            let out = io::call("postmortem.render", &json!({ "postmortem": pm }))?;
            out!("{}", out["markdown"].as_str().unwrap_or(""));
            outln!();
            Ok(())
        }
        Command::Index { files, json } => {
            let mut texts = Vec::new();
            for f in markdown_files(&files)? {
                texts.push(json!(read_text(&f)?));
            }
            let out = io::call("postmortem.index", &json!({ "postmortems": texts }))?;
            if json {
                io::print_json(&out);
                return Ok(());
            }
            let mut t = io::table(&[
                "Post-mortem",
                "Severity",
                "Services",
                "Categories",
                "Open items",
                "Lessons",
            ]);
            for e in out["postmortems"].as_array().into_iter().flatten() {
                let list = |v: &Value| -> String {
                    v.as_array()
                        .into_iter()
                        .flatten()
                        .map(io::cell)
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let lessons: Vec<String> = e["lessons"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|l| format!("{}: {}", io::cell(&l["kind"]), io::cell(&l["text"])))
                    .collect();
                t.add_row(vec![
                    format!("{}\n{}", io::cell(&e["id"]), io::cell(&e["title"])),
                    io::cell(&e["severity"]),
                    list(&e["services"]),
                    list(&e["root_cause_categories"]),
                    io::cell(&e["open_action_items"]),
                    lessons.join("\n"),
                ]);
            }
            outln!("{t}");
            let cats: Vec<String> = out["categories"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|c| format!("{} ({})", io::cell(&c["category"]), c["count"]))
                .collect();
            if !cats.is_empty() {
                outln!("Root-cause categories: {}", cats.join(", "));
            }
            Ok(())
        }
    }
}
