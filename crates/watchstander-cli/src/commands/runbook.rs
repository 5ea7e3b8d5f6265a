//! `watchstander runbook …`: lint Markdown runbooks, measure their coverage of alert rules and
//! incidents, render them in canonical form, and plan automated remediation (nothing is run).
//!
//! Runbooks are Markdown files with YAML front matter (see `docs/formats/runbook.md`). A
//! directory argument stands for the `*.md` files in it.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::io::{self, CliError, Result};

#[derive(clap::Subcommand)]
pub enum Command {
    /// Check runbooks: missing sections, steps without expected results, stale reviews,
    /// broken alert matchers. Exits with status 1 when any runbook has errors.
    Lint {
        /// Runbook files or directories of them.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The instant reviews are judged at (RFC 3339; default now).
        #[arg(long)]
        now: Option<String>,
        /// Print the reports as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Which alert rules and incidents have a runbook, and which runbooks nothing uses.
    Coverage {
        /// Runbook files or directories of them.
        #[arg(required = true)]
        runbooks: Vec<PathBuf>,
        /// Alert rules: Prometheus rule files (YAML, `groups: [{rules: [{alert, labels}]}]`)
        /// or JSON/YAML lists of {"name", "labels"}.
        #[arg(long)]
        rules: Vec<PathBuf>,
        /// Incidents: a JSON/YAML list of {"id", "service", "severity", "labels"}.
        #[arg(long)]
        incidents: Option<PathBuf>,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write a runbook (Markdown, or the JSON of `runbook.parse`) as canonical Markdown.
    Render {
        /// The runbook (`-` for standard input).
        file: PathBuf,
    },
    /// Plan a runbook's steps for automation: order, guards, dry run, escalation on failure.
    /// The plan is printed; nothing is run.
    Plan {
        /// The runbook.
        file: PathBuf,
        /// Plan a rehearsal: remediations run their dry-run commands or are skipped.
        #[arg(long)]
        dry_run: bool,
        /// Print the plan as JSON.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(c: Command) -> Result<()> {
    match c {
        Command::Lint { files, now, json } => lint(&files, now.as_deref(), json),
        Command::Coverage {
            runbooks,
            rules,
            incidents,
            json,
        } => coverage(&runbooks, &rules, incidents.as_deref(), json),
        Command::Render { file } => {
            let text = read_text(&file)?;
            let markdown = if text.trim_start().starts_with('{') {
                let runbook = watchstander::ops::parse_json(&text)?;
                io::call("runbook.render", &json!({ "runbook": runbook }))?
            } else {
                let parsed = io::call("runbook.parse", &json!({ "markdown": text }))?;
                io::call("runbook.render", &json!({ "runbook": parsed["runbook"] }))?
            };
            out!("{}", markdown["markdown"].as_str().unwrap_or(""));
            outln!();
            Ok(())
        }
        Command::Plan {
            file,
            dry_run,
            json,
        } => {
            let text = read_text(&file)?;
            let plan = io::call(
                "runbook.plan",
                &json!({ "markdown": text, "dry_run": dry_run }),
            )?;
            if json {
                io::print_json(&plan);
            } else {
                print_plan(&plan);
            }
            Ok(())
        }
    }
}

/// Reads a text file (or standard input for `-`), at most `--max-input-bytes`; invalid
/// UTF-8 is an input error.
pub fn read_text(path: &Path) -> Result<String> {
    io::read_text(path)
}

/// The Markdown files named: files as given, directories as their `*.md` files (sorted,
/// `README.md` left out).
pub fn markdown_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| CliError::input(format!("cannot read {}: {e}", p.display())))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|x| x == "md") && f.is_file())
                .filter(|f| {
                    !f.file_name()
                        .is_some_and(|n| n.eq_ignore_ascii_case("README.md"))
                })
                .collect();
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// Prints findings as a table.
pub fn print_findings(name: &str, report: &Value) {
    let findings = report["findings"].as_array().cloned().unwrap_or_default();
    if findings.is_empty() {
        outln!("{name}: ok");
        return;
    }
    outln!(
        "{name}: {} errors, {} warnings",
        report["errors"],
        report["warnings"]
    );
    let mut t = io::table(&["Line", "Level", "Code", "Message"]);
    for f in &findings {
        let mut msg = io::cell(&f["message"]);
        if let Some(s) = f["suggestion"].as_str() {
            msg.push_str(&format!("\n→ {s}"));
        }
        t.add_row(vec![
            io::cell(&f["line"]),
            io::cell(&f["level"]),
            io::cell(&f["code"]),
            msg,
        ]);
    }
    outln!("{t}");
}

fn lint(files: &[PathBuf], now: Option<&str>, json: bool) -> Result<()> {
    let now = watchstander::time::format_instant(io::now_or_clock(now)?);
    let mut reports = Vec::new();
    let mut failed = 0;
    for f in markdown_files(files)? {
        let name = f.display().to_string();
        let text = read_text(&f)?;
        let report = match io::call("runbook.lint", &json!({ "markdown": text, "now": now })) {
            Ok(r) => r,
            Err(CliError::Core(e)) => {
                json!({"ok": false, "errors": 1, "warnings": 0, "error": e.to_json(), "findings": [{
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
        return Err(CliError::Failed(format!("{failed} runbook(s) have errors")));
    }
    Ok(())
}

/// Reads JSON or YAML.
fn read_data(path: &Path) -> Result<Value> {
    let text = read_text(path)?;
    if let Ok(v) = watchstander::ops::parse_json(&text) {
        return Ok(v);
    }
    serde_norway::from_str::<Value>(&text)
        .map_err(|e| CliError::input(format!("{} is neither JSON nor YAML: {e}", path.display())))
}

/// Alert rules from a Prometheus rule file or a plain list.
fn rules_of(doc: &Value) -> Vec<Value> {
    match doc {
        Value::Array(items) => items.clone(),
        Value::Object(o) if o.contains_key("groups") => o["groups"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|g| g["rules"].as_array().cloned().unwrap_or_default())
            .filter(|r| r.get("alert").is_some())
            .map(|r| json!({"name": r["alert"], "labels": r.get("labels").cloned().unwrap_or(json!({}))}))
            .collect(),
        Value::Object(o) if o.contains_key("rules") => o["rules"].as_array().cloned().unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn coverage(
    runbooks: &[PathBuf],
    rules: &[PathBuf],
    incidents: Option<&Path>,
    json: bool,
) -> Result<()> {
    let mut sources = Vec::new();
    for f in markdown_files(runbooks)? {
        sources.push(json!({"markdown": read_text(&f)?, "location": f.display().to_string()}));
    }
    let mut all_rules = Vec::new();
    for r in rules {
        all_rules.extend(rules_of(&read_data(r)?));
    }
    let incidents = match incidents {
        Some(p) => read_data(p)?,
        None => json!([]),
    };
    let out = io::call(
        "runbook.coverage",
        &json!({"runbooks": sources, "alert_rules": all_rules, "incidents": incidents}),
    )?;
    if json {
        io::print_json(&out);
        return Ok(());
    }
    for (what, key) in [("Alert rules", "alert_rules"), ("Incidents", "incidents")] {
        let s = &out[key];
        if s["total"] == json!(0) {
            continue;
        }
        let pct = s["ratio"]
            .as_f64()
            .map_or("—".to_string(), |r| format!("{:.0}%", r * 100.0));
        outln!("{what}: {} of {} covered ({pct})", s["covered"], s["total"]);
        let mut t = io::table(&["Subject", "Runbooks"]);
        for c in s["subjects"].as_array().into_iter().flatten() {
            let rbs: Vec<String> = c["runbooks"]
                .as_array()
                .into_iter()
                .flatten()
                .map(io::cell)
                .collect();
            t.add_row(vec![
                io::cell(&c["subject"]),
                if rbs.is_empty() {
                    "— none —".to_string()
                } else {
                    rbs.join(", ")
                },
            ]);
        }
        outln!("{t}");
    }
    let unused: Vec<String> = out["unused"]
        .as_array()
        .into_iter()
        .flatten()
        .map(io::cell)
        .collect();
    if !unused.is_empty() {
        outln!("Runbooks nothing leads to: {}", unused.join(", "));
    }
    Ok(())
}

fn print_plan(plan: &Value) {
    outln!(
        "{} — {}{}: {} automated, {} manual, {} skipped",
        io::cell(&plan["runbook"]),
        io::cell(&plan["title"]),
        if plan["dry_run"] == json!(true) {
            " (dry run)"
        } else {
            ""
        },
        plan["automated"],
        plan["manual"],
        plan["skipped"]
    );
    let mut t = io::table(&["#", "Step", "Run", "Command", "On failure"]);
    for s in plan["steps"].as_array().into_iter().flatten() {
        let fail = &s["on_failure"];
        let mut on_failure = io::cell(&fail["then"]);
        if fail["retries"].as_u64().unwrap_or(0) > 0 {
            on_failure = format!("retry {} then {on_failure}", fail["retries"]);
        }
        if let Some(to) = s["escalate_to"].as_str() {
            on_failure.push_str(&format!(" → {to}"));
        }
        let mut run = io::cell(&s["run"]);
        if let Some(g) = s["guard"].as_str() {
            run.push_str(&format!("\nguard: {g}"));
        }
        t.add_row(vec![
            io::cell(&s["order"]),
            format!("{} ({})", io::cell(&s["title"]), io::cell(&s["section"])),
            run,
            s["command"]["code"].as_str().unwrap_or("—").to_string(),
            on_failure,
        ]);
    }
    outln!("{t}");
    let e = &plan["escalation"];
    if let Some(to) = e["to"].as_str() {
        let after = e["after_seconds"]
            .as_i64()
            .map(|s| format!(" if not restored after {}", io::human_seconds(s)))
            .unwrap_or_default();
        outln!("Escalate to {to}{after}.");
    }
    for w in plan["warnings"].as_array().into_iter().flatten() {
        outln!("warning: {}", io::cell(w));
    }
}
