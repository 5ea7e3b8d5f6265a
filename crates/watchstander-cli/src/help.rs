//! Help text and command-line errors: the EXAMPLES section of every command, the `--json`
//! help, colours, and what happens when clap stops (help, version, usage errors).

use std::io::Write as _;
use std::process::ExitCode;

use anstyle::{AnsiColor, Style};
use clap::builder::Styles;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use serde_json::{json, Map};

use crate::io;

/// Help for every `--json` flag that does not say more itself.
const JSON_HELP: &str =
    "Print the result as JSON on standard output (errors as JSON on standard error)";

/// The style of section headings (`Usage:`, `Options:`, `Examples:`).
const HEADER: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)))
    .bold();

fn styles() -> Styles {
    Styles::styled()
        .header(HEADER)
        .usage(HEADER)
        .literal(AnsiColor::Cyan.on_default().bold())
        .placeholder(AnsiColor::Cyan.on_default())
        .error(AnsiColor::Red.on_default().bold())
        .valid(AnsiColor::Cyan.on_default().bold())
        .invalid(AnsiColor::Yellow.on_default().bold())
}

/// Adds colours, each command's EXAMPLES and the `--json` help to the whole command tree.
pub fn decorate(cmd: clap::Command) -> clap::Command {
    decorate_at(cmd.styles(styles()), "")
}

fn decorate_at(mut cmd: clap::Command, path: &str) -> clap::Command {
    let examples = crate::examples::for_command(path);
    if !examples.is_empty() {
        let mut text = String::new();
        if let Some(before) = cmd.get_after_help() {
            text.push_str(&before.ansi().to_string());
            text.push_str("\n\n");
        }
        text.push_str(&format!("{HEADER}Examples:{HEADER:#}\n"));
        for line in examples.lines() {
            if line.is_empty() {
                text.push('\n');
            } else {
                text.push_str(&format!("  {line}\n"));
            }
        }
        cmd = cmd.after_help(text.trim_end().to_string());
    }
    if cmd
        .get_arguments()
        .any(|a| a.get_id() == "json" && a.get_help().is_none())
    {
        cmd = cmd.mut_arg("json", |a| a.help(JSON_HELP));
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(&name, |s| decorate_at(s, &sub_path));
    }
    cmd
}

/// Ends a run that clap stopped: help and version on standard output (status 0, or 74 when
/// it cannot be written), usage errors on standard error with a code (status 2).
pub fn clap_failed(e: &clap::Error) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let text = e.render().ansi().to_string();
            let mut out = anstream::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(err) => {
                    let r = io::cli_report(
                        "output_failed",
                        format!("cannot write to standard output: {err}"),
                        Map::new(),
                    );
                    io::report_error(&r, io::EXIT_IO);
                    ExitCode::from(io::EXIT_IO)
                }
            }
        }
        kind => {
            let rendered = e.render().to_string();
            let mut lines = rendered.lines();
            let first = lines.next().unwrap_or("");
            let message = first.strip_prefix("error: ").unwrap_or(first).to_string();
            let rest: String = lines.collect::<Vec<_>>().join("\n");
            let mut details = Map::new();
            details.insert("kind".into(), json!(kind_name(kind)));
            if let Some(ContextValue::String(arg)) = e.get(ContextKind::InvalidArg) {
                details.insert("argument".into(), json!(arg));
            }
            if let Some(ContextValue::String(v)) = e.get(ContextKind::InvalidValue) {
                details.insert("value".into(), json!(v));
            }
            let (message, rest) = if kind == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                ("a subcommand is required".to_string(), rendered.clone())
            } else {
                (message, rest)
            };
            let report = io::cli_report("usage_error", message, details);
            let status = io::report_error(&report, 2);
            if !io::json_errors() && !rest.trim().is_empty() {
                io::write_stderr(&format!("{}\n", rest.trim_end()));
            }
            status
        }
    }
}

/// A clap error kind in snake_case (`unknown_argument`, `missing_required_argument`, ...).
fn kind_name(kind: ErrorKind) -> String {
    let debug = format!("{kind:?}");
    let mut out = String::new();
    for (i, c) in debug.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}
