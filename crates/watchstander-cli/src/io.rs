//! Input, output and error plumbing shared by the subcommands.
//!
//! Exit statuses (documented in `docs/cli.md`): 0 success, 1 an error from the engine or a check
//! that found problems, 2 a usage error or unreadable input, 74 (`EX_IOERR`) output that cannot
//! be written. Under `--json`, every error is one JSON object on standard error:
//! `{"error": {"module", "code", "message", "path"?, "details"}}`.

use std::fmt;
use std::io::{BufRead, Read, Write as _};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use chrono::{DateTime, Utc};
use comfy_table::{
    presets::UTF8_FULL_CONDENSED, ColumnConstraint, ContentArrangement, Table as Comfy, Width,
};
use serde_json::{json, Map, Value};
use watchstander::{Error, ErrorReport, InputError};

/// The default of `--max-input-bytes`: 64 MiB.
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// Exit status of a failed write to standard output or standard error (`EX_IOERR`).
pub const EXIT_IO: u8 = 74;

static MAX_INPUT_BYTES: AtomicU64 = AtomicU64::new(DEFAULT_MAX_INPUT_BYTES);
static JSON_ERRORS: AtomicBool = AtomicBool::new(false);

/// Sets the cap on bytes read from one file or standard input (`--max-input-bytes`).
pub fn set_max_input_bytes(limit: u64) {
    MAX_INPUT_BYTES.store(limit, Ordering::Relaxed);
}

/// The cap on bytes read from one file or standard input.
pub fn max_input_bytes() -> u64 {
    MAX_INPUT_BYTES.load(Ordering::Relaxed)
}

/// Whether errors (and warnings) are written as JSON: the command line has `--json`.
pub fn set_json_errors(on: bool) {
    JSON_ERRORS.store(on, Ordering::Relaxed);
}

pub fn json_errors() -> bool {
    JSON_ERRORS.load(Ordering::Relaxed)
}

/// Whether a command line asks for JSON output: a `--json` before any `--`.
pub fn wants_json(args: &[std::ffi::OsString]) -> bool {
    args.iter()
        .skip(1)
        .take_while(|a| a.as_os_str() != "--")
        .any(|a| a.as_os_str() == "--json")
}

/// Parses a byte count: `1048576`, `512KiB`, `64MiB`, `1GiB`, `10MB` (powers of 1000), `0`.
pub fn parse_bytes(s: &str) -> std::result::Result<u64, String> {
    let t = s.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(digits);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("{s:?} is not a byte count such as 1048576, 512KiB or 64MiB"))?;
    let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" => 1 << 10,
        "m" | "mib" => 1 << 20,
        "g" | "gib" => 1 << 30,
        "kb" => 1_000,
        "mb" => 1_000_000,
        "gb" => 1_000_000_000,
        _ => {
            return Err(format!(
                "unknown unit {unit:?} in {s:?}: use B, KiB, MiB, GiB, KB, MB or GB"
            ))
        }
    };
    n.checked_mul(mult)
        .ok_or_else(|| format!("{s:?} is more bytes than a 64-bit count holds"))
}

/// A CLI failure: a core error (with its code), unreadable input, or a check with findings.
#[derive(Debug)]
pub enum CliError {
    /// From the core: exit status 1.
    Core(Error),
    /// An input that cannot be used as given (not JSON, too large, not the expected shape):
    /// exit status 2.
    Input(Error),
    /// A file whose text is not a usable document (not JSON, duplicate keys, too deep): exit
    /// status 2.
    InFile(String, Box<Error>),
    /// A file or standard input that cannot be read or written: exit status 2.
    Unreadable {
        /// The file (`standard input` for `-`).
        file: String,
        /// What the operating system said.
        reason: String,
    },
    /// A check ran and found problems (a lint with errors): exit status 1.
    Failed(String),
    /// An output file that cannot be written: exit status 74.
    Unwritable {
        /// The file.
        file: String,
        /// What the operating system said.
        reason: String,
    },
}

impl CliError {
    /// An input-shape problem found by the CLI itself (code `invalid_input`, exit status 2).
    pub fn input(message: String) -> CliError {
        CliError::Input(Error::invalid_input(message))
    }

    /// A file that cannot be read or written.
    pub fn unreadable(path: &Path, e: &std::io::Error) -> CliError {
        CliError::Unreadable {
            file: file_name(path),
            reason: e.to_string(),
        }
    }

    /// An output file that cannot be written (`--out`, `--html`, `--csv`).
    pub fn unwritable(path: &Path, e: &std::io::Error) -> CliError {
        CliError::Unwritable {
            file: path.display().to_string(),
            reason: e.to_string(),
        }
    }

    /// The exit status.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Core(_) | CliError::Failed(_) => 1,
            CliError::Input(_) | CliError::InFile(..) | CliError::Unreadable { .. } => 2,
            CliError::Unwritable { .. } => EXIT_IO,
        }
    }

    /// The error as the record `--json` prints.
    pub fn report(&self) -> ErrorReport {
        match self {
            CliError::Core(e) | CliError::Input(e) => e.report(),
            CliError::InFile(file, e) => {
                let mut r = e.report();
                r.message = self.to_string();
                r.details.insert("file".into(), json!(file));
                r
            }
            CliError::Unreadable { file, reason } => {
                let mut details = Map::new();
                details.insert("file".into(), json!(file));
                details.insert("reason".into(), json!(reason));
                cli_report("unreadable_input", self.to_string(), details)
            }
            CliError::Failed(m) => cli_report("check_failed", m.clone(), Map::new()),
            CliError::Unwritable { file, reason } => {
                let mut details = Map::new();
                details.insert("file".into(), json!(file));
                details.insert("reason".into(), json!(reason));
                cli_report("output_failed", self.to_string(), details)
            }
        }
    }
}

/// A report of the CLI's own (module `cli`).
pub fn cli_report(code: &str, message: String, details: Map<String, Value>) -> ErrorReport {
    ErrorReport {
        module: "cli".to_string(),
        code: code.to_string(),
        message,
        path: None,
        details,
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Core(e) | CliError::Input(e) => write!(f, "{e}"),
            CliError::InFile(file, e) => write!(f, "{file}: {e}"),
            CliError::Unreadable { file, reason } => write!(f, "cannot read {file}: {reason}"),
            CliError::Failed(m) => f.write_str(m),
            CliError::Unwritable { file, reason } => write!(f, "cannot write {file}: {reason}"),
        }
    }
}

impl From<Error> for CliError {
    fn from(e: Error) -> Self {
        CliError::Core(e)
    }
}

impl From<watchstander::time::TimeError> for CliError {
    fn from(e: watchstander::time::TimeError) -> Self {
        CliError::Core(e.into())
    }
}

pub type Result<T> = std::result::Result<T, CliError>;

fn file_name(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "standard input".to_string()
    } else {
        path.display().to_string()
    }
}

fn too_large(size: u64, limit: u64) -> CliError {
    CliError::Input(Error::Input(InputError::TooLarge { size, limit }))
}

/// Reads a whole file, or standard input when the path is `-`, refusing more than
/// `--max-input-bytes` (error `input_too_large`) before reading it all into memory.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    let limit = max_input_bytes();
    let reader: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let f = std::fs::File::open(path).map_err(|e| CliError::unreadable(path, &e))?;
        if let Ok(m) = f.metadata() {
            if m.is_file() && m.len() > limit {
                return Err(too_large(m.len(), limit));
            }
        }
        Box::new(f)
    };
    let mut buf = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut buf)
        .map_err(|e| CliError::unreadable(path, &e))?;
    if buf.len() as u64 > limit {
        // Standard input or a pipe: the size is at least what was read.
        return Err(too_large(buf.len() as u64, limit));
    }
    Ok(buf)
}

/// [`read_bytes`] as UTF-8 text; invalid UTF-8 is an input error naming the line.
pub fn read_text(path: &Path) -> Result<String> {
    String::from_utf8(read_bytes(path)?).map_err(|e| {
        let good = e
            .as_bytes()
            .get(..e.utf8_error().valid_up_to())
            .unwrap_or(&[]);
        let line = 1 + good.iter().filter(|&&b| b == b'\n').count();
        CliError::input(format!(
            "{}: line {line}: not UTF-8 text (binary data?); save it as UTF-8",
            file_name(path)
        ))
    })
}

/// Reads JSON from a file, or from standard input when the path is `-`.
pub fn read_json(path: &Path) -> Result<Value> {
    let text = read_text(path)?;
    watchstander::ops::parse_json(&text).map_err(|e| match e.code() {
        "invalid_json" | "duplicate_key" | "input_too_deep" => {
            CliError::InFile(file_name(path), Box::new(e))
        }
        _ => CliError::Core(e),
    })
}

/// The lines of a stream (JSON Lines), each at most `--max-input-bytes` long: a longer line
/// is an `input_too_large` error instead of an unbounded allocation.
pub fn bounded_lines<R: BufRead>(
    mut reader: R,
    path: &Path,
) -> impl Iterator<Item = Result<String>> {
    let limit = max_input_bytes();
    let path = path.to_path_buf();
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let mut buf = Vec::new();
        match (&mut reader)
            .take(limit.saturating_add(1))
            .read_until(b'\n', &mut buf)
        {
            Ok(0) => None,
            Err(e) => {
                done = true;
                Some(Err(CliError::unreadable(&path, &e)))
            }
            Ok(_) => {
                if buf.last() == Some(&b'\n') {
                    buf.pop();
                    if buf.last() == Some(&b'\r') {
                        buf.pop();
                    }
                } else if buf.len() as u64 > limit {
                    done = true;
                    return Some(Err(too_large(buf.len() as u64, limit)));
                }
                Some(String::from_utf8(buf).map_err(|_| {
                    CliError::input(format!("{}: a line is not UTF-8 text", file_name(&path)))
                }))
            }
        }
    })
}

/// `--now` if given, else the real clock. The CLI is the only part of watchstander that reads it.
pub fn now_or_clock(now: Option<&str>) -> Result<DateTime<Utc>> {
    match now {
        Some(s) => parse_instant(s),
        None => Ok(Utc::now()),
    }
}

/// An instant from the command line: RFC 3339, with or without seconds
/// (`2026-03-08T07:30Z` is `2026-03-08T07:30:00Z`).
pub fn parse_instant(s: &str) -> Result<DateTime<Utc>> {
    match watchstander::time::parse_instant(s) {
        Ok(t) => Ok(t),
        Err(e) => match with_seconds(s) {
            Some(full) => watchstander::time::parse_instant(&full).map_err(|_| e.into()),
            None => Err(e.into()),
        },
    }
}

/// [`parse_instant`] in the form the operations take (`...Z`).
pub fn instant_arg(s: &str) -> Result<String> {
    Ok(watchstander::time::format_instant(parse_instant(s)?))
}

/// A local wall-clock time from the command line, with or without seconds
/// (`2026-03-08T02:30`), in the form the operations take (`2026-03-08T02:30:00`).
pub fn local_arg(s: &str) -> Result<String> {
    let t = watchstander::time::parse_local(s)?;
    Ok(t.format("%Y-%m-%dT%H:%M:%S%.f").to_string())
}

/// `2026-03-08T07:30Z` → `2026-03-08T07:30:00Z` (also with an offset); `None` when the time
/// of day is not `HH:MM`.
fn with_seconds(s: &str) -> Option<String> {
    let t = s.find(['T', 't', ' '])?;
    let rest = s.get(t + 1..)?;
    let end = rest.find(['Z', 'z', '+', '-']).unwrap_or(rest.len());
    let hm = rest.get(..end)?;
    let b = hm.as_bytes();
    if b.len() == 5
        && b[2] == b':'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 2 || c.is_ascii_digit())
    {
        Some(format!("{}:00{}", s.get(..t + 1 + end)?, rest.get(end..)?))
    } else {
        None
    }
}

/// Runs a core operation.
pub fn call(op: &str, input: &Value) -> Result<Value> {
    Ok(watchstander::ops::call(op, input)?)
}

/// Prints JSON, pretty.
pub fn print_json(v: &Value) {
    outln!(
        "{}",
        serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string())
    );
}

/// A table with a header row that fits the terminal: [`Table`]'s `Display` sets the width
/// (`COLUMNS`, else the terminal's) and keeps every word whole.
pub fn table(header: &[&str]) -> Table {
    let mut t = Comfy::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(
            header
                .iter()
                .map(|h| comfy_table::Cell::new(h).add_attribute(comfy_table::Attribute::Bold)),
        );
    Table(t)
}

/// A comfy-table that, when shown, wraps cells at word boundaries only and fits the width of
/// the terminal (or `COLUMNS`).
pub struct Table(Comfy);

impl std::ops::Deref for Table {
    type Target = Comfy;
    fn deref(&self) -> &Comfy {
        &self.0
    }
}

impl std::ops::DerefMut for Table {
    fn deref_mut(&mut self) -> &mut Comfy {
        &mut self.0
    }
}

/// The largest cap such that every column's lower bound, capped, fits in `room`: columns
/// whose longest word fits keep it whole; only when the words cannot all fit side by side are
/// the widest capped (and only words longer than the cap are broken).
fn fair_cap(bounds: &[usize], room: usize) -> usize {
    if bounds.iter().sum::<usize>() <= room {
        return usize::MAX;
    }
    let mut sorted = bounds.to_vec();
    sorted.sort_unstable();
    let mut used = 0;
    for (i, &b) in sorted.iter().enumerate() {
        let left = sorted.len() - i;
        // Can every remaining column have at least `b`?
        if used + b * left > room {
            return ((room - used) / left).max(3);
        }
        used += b;
    }
    usize::MAX
}

/// The width tables should fit: `COLUMNS` if set to a number, else the terminal's (when
/// standard output is one), else none (no wrapping).
pub fn terminal_width() -> Option<u16> {
    if let Some(n) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|&n| n > 0)
    {
        return Some(n);
    }
    use std::io::IsTerminal as _;
    if std::io::stdout().is_terminal() {
        comfy_table::Table::new().width()
    } else {
        None
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut t = self.0.clone();
        match terminal_width() {
            Some(w) => {
                t.set_width(w);
                // No column narrower than its longest word: words wrap whole or not at all.
                let mut longest: Vec<usize> = Vec::new();
                let rows = t.header().into_iter().chain(t.row_iter());
                for row in rows {
                    for (i, cell) in row.cell_iter().enumerate() {
                        let word = cell
                            .content()
                            .split_whitespace()
                            .map(|w| w.chars().count())
                            .max()
                            .unwrap_or(0);
                        if longest.len() <= i {
                            longest.resize(i + 1, 0);
                        }
                        longest[i] = longest[i].max(word);
                    }
                }
                // Column widths include one space of padding each side; borders take one
                // character per column plus one.
                let bounds: Vec<usize> = longest.iter().map(|n| n + 2).collect();
                let room = usize::from(w).saturating_sub(bounds.len() + 1);
                let cap = fair_cap(&bounds, room);
                let constraints: Vec<ColumnConstraint> = bounds
                    .iter()
                    .map(|&n| {
                        ColumnConstraint::LowerBoundary(Width::Fixed(
                            u16::try_from(n.min(cap)).unwrap_or(u16::MAX),
                        ))
                    })
                    .collect();
                t.set_constraints(constraints);
            }
            None => {
                t.set_content_arrangement(ContentArrangement::Disabled);
            }
        }
        write!(f, "{t}")
    }
}
/// A JSON value as table text: strings bare, null as "—".
pub fn cell(v: &Value) -> String {
    match v {
        Value::Null => "—".to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Seconds as a short human duration: `1h 30m`, `2d 4h`, `-15m`.
pub fn human_seconds(secs: i64) -> String {
    let sign = if secs < 0 { "-" } else { "" };
    let s = secs.unsigned_abs();
    let (d, h, m, r) = (s / 86_400, (s % 86_400) / 3600, (s % 3600) / 60, s % 60);
    let mut parts = Vec::new();
    if d > 0 {
        parts.push(format!("{d}d"));
    }
    if h > 0 {
        parts.push(format!("{h}h"));
    }
    if m > 0 {
        parts.push(format!("{m}m"));
    }
    if r > 0 && d == 0 {
        parts.push(format!("{r}s"));
    }
    if parts.is_empty() {
        return "0s".to_string();
    }
    format!("{sign}{}", parts.join(" "))
}

/// An RFC 3339 instant shown in a zone as `YYYY-MM-DD HH:MM (offset)`.
pub fn local_display(instant: &Value, zone: watchstander::time::Zone) -> String {
    match instant
        .as_str()
        .and_then(|s| watchstander::time::parse_instant(s).ok())
    {
        Some(t) => zone.at(t).format("%a %Y-%m-%d %H:%M %:z").to_string(),
        None => cell(instant),
    }
}

/// Ends the process after a failed write to standard output: quietly with status 0 when the
/// reader closed the pipe (the output was simply not wanted any more), with status 74
/// (`EX_IOERR`) and a message otherwise.
pub fn stdout_failed(e: std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    let report = cli_report(
        "output_failed",
        format!("cannot write to standard output: {e}"),
        Map::new(),
    );
    let _ = write_report(&report);
    std::process::exit(i32::from(EXIT_IO));
}

/// Writes text to standard error (colour stripped unless it is a terminal and `NO_COLOR` is
/// unset); a failed write ends the process with status 74 instead of panicking.
pub fn write_stderr(text: &str) {
    let mut err = anstream::stderr().lock();
    if err
        .write_all(text.as_bytes())
        .and_then(|()| err.flush())
        .is_err()
    {
        std::process::exit(i32::from(EXIT_IO));
    }
}

/// Writes an error: `error: <message> [<code>]`, or `{"error": {...}}` under `--json`.
/// Returns whether the write worked.
fn write_report(r: &ErrorReport) -> std::io::Result<()> {
    let mut err = anstream::stderr().lock();
    if json_errors() {
        let line = serde_json::to_string(&json!({ "error": r })).unwrap_or_default();
        writeln!(err, "{line}")?;
    } else {
        let red = anstyle::Style::new()
            .fg_color(Some(anstyle::AnsiColor::Red.into()))
            .bold();
        writeln!(err, "{red}error:{red:#} {} [{}]", r.message, r.code)?;
    }
    err.flush()
}

/// Reports an error on standard error and gives the exit status (74 if even that fails).
pub fn report_error(r: &ErrorReport, status: u8) -> std::process::ExitCode {
    match write_report(r) {
        Ok(()) => std::process::ExitCode::from(status),
        Err(_) => std::process::ExitCode::from(EXIT_IO),
    }
}

/// A warning on standard error: `warning: <message> [<code>]`, or
/// `{"warning": {"code", "message"}}` under `--json`.
pub fn warn(code: &str, message: &str) {
    if json_errors() {
        let line = serde_json::to_string(&json!({"warning": {"code": code, "message": message}}))
            .unwrap_or_default();
        write_stderr(&format!("{line}\n"));
    } else {
        let yellow = anstyle::Style::new()
            .fg_color(Some(anstyle::AnsiColor::Yellow.into()))
            .bold();
        write_stderr(&format!("{yellow}warning:{yellow:#} {message} [{code}]\n"));
    }
}

/// A note for people on standard error (`wrote 12 events to oncall.ics`).
pub fn note(message: &str) {
    write_stderr(&format!("{message}\n"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_counts_with_units() {
        assert_eq!(parse_bytes("1048576"), Ok(1_048_576));
        assert_eq!(parse_bytes("64MiB"), Ok(64 * 1024 * 1024));
        assert_eq!(parse_bytes("512KiB"), Ok(512 * 1024));
        assert_eq!(parse_bytes("1GiB"), Ok(1 << 30));
        assert_eq!(parse_bytes("10MB"), Ok(10_000_000));
        assert_eq!(parse_bytes("0"), Ok(0));
        assert!(parse_bytes("lots").is_err());
        assert!(parse_bytes("5 parsecs").is_err());
        assert!(parse_bytes("-1").is_err());
        assert!(parse_bytes("99999999999GiB").is_err());
    }

    #[test]
    fn instants_without_seconds_get_them() {
        assert_eq!(
            with_seconds("2026-03-08T07:30Z").as_deref(),
            Some("2026-03-08T07:30:00Z")
        );
        assert_eq!(
            with_seconds("2026-03-08T07:30+01:00").as_deref(),
            Some("2026-03-08T07:30:00+01:00")
        );
        assert_eq!(
            with_seconds("2026-03-08T07:30-05:00").as_deref(),
            Some("2026-03-08T07:30:00-05:00")
        );
        assert_eq!(with_seconds("2026-03-08T07:30:00Z"), None);
        assert_eq!(with_seconds("2026-03-08"), None);
        assert_eq!(with_seconds("T7:3Z"), None);
        assert_eq!(
            parse_instant("2026-03-08T07:30+01:00")
                .unwrap()
                .to_rfc3339(),
            "2026-03-08T06:30:00+00:00"
        );
        assert!(
            parse_instant("2026-03-08T07:30").is_err(),
            "no offset: not an instant"
        );
    }

    #[test]
    fn local_times_with_or_without_seconds() {
        assert_eq!(
            local_arg("2026-03-08T02:30").unwrap(),
            "2026-03-08T02:30:00"
        );
        assert_eq!(
            local_arg("2026-03-08T02:30:15").unwrap(),
            "2026-03-08T02:30:15"
        );
        assert!(local_arg("08/03/2026 02:30").is_err());
    }

    #[test]
    fn word_bounds_are_capped_only_when_they_cannot_all_fit() {
        assert_eq!(fair_cap(&[10, 20], 40), usize::MAX);
        // 10 + 20 + 30 = 60 > 45: the short column keeps 10, the others share 35 (17 each).
        assert_eq!(fair_cap(&[10, 20, 30], 45), 17);
        assert_eq!(fair_cap(&[50, 50], 4), 3);
    }
}
