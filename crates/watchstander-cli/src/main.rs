//! `watchstander`: the command-line front end of the watchstander engine.
//!
//! Every subcommand reads JSON (a file argument, or standard input with `-`), runs one of the
//! core's operations and prints a human table, or the operation's JSON with `--json`. With no
//! input file, commands use the sample organisation compiled into the binary, so
//! `watchstander demo` works with no set-up. The CLI holds no domain logic: it reads the clock
//! (the only place in watchstander that does), builds operation inputs and formats outputs.

/// `println!` for the CLI's output: writes to standard output and ends the process quietly
/// when the reader has gone away (`watchstander ... | head`), instead of panicking as
/// `println!` does on a closed pipe.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(anstream::stdout().lock(), $($arg)*) {
            crate::io::stdout_failed(e);
        }
    }};
}

/// `print!` counterpart of [`outln!`].
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = write!(anstream::stdout().lock(), $($arg)*) {
            crate::io::stdout_failed(e);
        }
    }};
}

mod commands;
mod examples;
mod help;
mod io;
mod sample;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

/// Incident management engine: SLAs, on-call schedules and incidents from JSON.
#[derive(Parser)]
#[command(
    name = "watchstander",
    version,
    about,
    long_about = None,
    after_help = "Exit status: 0 success, 1 an error from the engine or a check with findings, \
                  2 a usage error or unreadable input, 74 output that cannot be written."
)]
struct Cli {
    /// Read zones from this TZif directory (e.g. /usr/share/zoneinfo, or Python's
    /// tzdata/zoneinfo) instead of the tz database built into watchstander.
    #[arg(long, global = true, value_name = "DIR")]
    tzdir: Option<std::path::PathBuf>,
    /// Refuse to read more than this many bytes from one file or standard input
    /// (e.g. 1048576, 512KiB, 64MiB, 1GiB).
    #[arg(
        long,
        global = true,
        value_name = "BYTES",
        default_value = "64MiB",
        value_parser = io::parse_bytes
    )]
    max_input_bytes: u64,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Show what watchstander does, on the built-in sample organisation.
    Demo(commands::demo::Args),
    /// Time zones, DST resolution, wall-clock arithmetic and business calendars.
    #[command(subcommand)]
    Time(commands::time::Command),
    /// Severity levels and SLA clocks.
    #[command(subcommand)]
    Severity(commands::severity::Command),
    /// On-call schedules: who is on call, shifts, handoffs, gaps, DST, fairness, diffs.
    #[command(subcommand)]
    Schedule(commands::schedule::Command),
    /// Incidents from their events: replay, timeline, next update, status update, plan.
    #[command(subcommand)]
    Incident(commands::incident::Command),
    /// Alerts: replay streams through the pipeline, check Alertmanager configurations, normalise payloads.
    #[command(subcommand)]
    Alerts(commands::alerts::Command),
    /// Escalation: who is paged, when and why — plans, what-ifs and simulations.
    #[command(subcommand)]
    Escalate(commands::escalate::Command),
    /// Runbooks (Markdown): lint, coverage of alert rules and incidents, render, remediation plans.
    #[command(subcommand)]
    Runbook(commands::runbook::Command),
    /// Post-mortems (Markdown): draft from an incident, lint (with blameless language), render, index.
    #[command(subcommand)]
    Postmortem(commands::postmortem::Command),
    /// Metrics and on-call health: response times, pages, interruptions, burnout, process
    /// health, compensation, and the HTML report.
    #[command(subcommand)]
    Metrics(commands::metrics::Command),
    /// Run any core operation on a JSON input (the same operations the bindings expose).
    Call(commands::call::Args),
    /// List the core operations.
    Ops(commands::call::OpsArgs),
    /// Print a shell completion script (bash, zsh or fish) to standard output.
    Completions(commands::completions::Args),
}

/// The command-line interface as clap sees it, with every command's EXAMPLES section and
/// `--json` help filled in.
pub fn cli_command() -> clap::Command {
    help::decorate(Cli::command())
}

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    io::set_json_errors(io::wants_json(&args));
    let matches = match cli_command().try_get_matches_from(&args) {
        Ok(m) => m,
        Err(e) => return help::clap_failed(&e),
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => return help::clap_failed(&e),
    };
    io::set_max_input_bytes(cli.max_input_bytes);
    let source = match cli
        .tzdir
        .as_deref()
        .map(|dir| watchstander::time::ZoneSource::directory(dir, None))
        .transpose()
    {
        Ok(source) => source.unwrap_or_default(),
        Err(e) => {
            let e = io::CliError::from(e);
            return io::report_error(&e.report(), e.exit_code());
        }
    };
    let _active = source.enter();
    let result = match cli.command {
        Command::Demo(a) => commands::demo::run(a),
        Command::Time(c) => commands::time::run(c),
        Command::Severity(c) => commands::severity::run(c),
        Command::Schedule(c) => commands::schedule::run(c),
        Command::Incident(c) => commands::incident::run(c),
        Command::Alerts(c) => commands::alerts::run(c),
        Command::Escalate(c) => commands::escalate::run(c),
        Command::Runbook(c) => commands::runbook::run(c),
        Command::Postmortem(c) => commands::postmortem::run(c),
        Command::Metrics(c) => commands::metrics::run(c),
        Command::Call(a) => commands::call::run(a),
        Command::Ops(a) => commands::call::list(a),
        Command::Completions(a) => commands::completions::run(a, cli_command()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => io::report_error(&e.report(), e.exit_code()),
    }
}
