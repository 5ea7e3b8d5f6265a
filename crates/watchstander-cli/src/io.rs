//! Input, output and error plumbing shared by the subcommands.

use std::fmt;
use std::io::Read;
use std::path::Path;

use chrono::{DateTime, Utc};
use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
use serde_json::Value;

/// A CLI failure: a core error (with its code), or a problem reading input.
#[derive(Debug)]
pub enum CliError {
    /// From the core.
    Core(watchstander::Error),
    /// Reading a file or standard input, or JSON syntax.
    Input(String),
    /// A check ran and found problems (a lint with errors): exit status 1.
    Failed(String),
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Core(_) | CliError::Failed(_) => 1,
            CliError::Input(_) => 2,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Core(e) => write!(f, "{e} [{}]", e.code()),
            CliError::Input(m) | CliError::Failed(m) => f.write_str(m),
        }
    }
}

impl From<watchstander::Error> for CliError {
    fn from(e: watchstander::Error) -> Self {
        CliError::Core(e)
    }
}

impl From<watchstander::time::TimeError> for CliError {
    fn from(e: watchstander::time::TimeError) -> Self {
        CliError::Core(e.into())
    }
}

pub type Result<T> = std::result::Result<T, CliError>;

/// The most bytes the CLI reads from one file or from standard input (256 MiB). Larger
/// inputs are refused before they are parsed, so a mistaken or hostile input cannot exhaust
/// memory; stream long alert logs through `alerts replay`, which reads line by line.
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// Reads a whole file, or standard input when the path is `-`, as UTF-8, at most
/// [`MAX_INPUT_BYTES`].
pub fn read_text(path: &Path) -> Result<String> {
    let what = if path.as_os_str() == "-" {
        "standard input".to_string()
    } else {
        path.display().to_string()
    };
    String::from_utf8(read_bytes(path)?)
        .map_err(|e| CliError::Input(format!("{what} is not UTF-8 text: {e}")))
}

/// Reads a whole file, or standard input when the path is `-`, at most [`MAX_INPUT_BYTES`]
/// (`input_too_large` otherwise).
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    let (what, mut reader): (String, Box<dyn Read>) = if path.as_os_str() == "-" {
        ("standard input".to_string(), Box::new(std::io::stdin()))
    } else {
        let file = std::fs::File::open(path)
            .map_err(|e| CliError::Input(format!("cannot read {}: {e}", path.display())))?;
        (path.display().to_string(), Box::new(file))
    };
    let mut bytes = Vec::new();
    (&mut reader)
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| CliError::Input(format!("cannot read {what}: {e}")))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        // Count the rest without keeping it, so the error names the real size.
        let rest = std::io::copy(&mut reader, &mut std::io::sink()).unwrap_or(0);
        return Err(CliError::Core(
            watchstander::InputError::TooLarge {
                size: bytes.len() as u64 + rest,
                limit: MAX_INPUT_BYTES,
            }
            .into(),
        ));
    }
    Ok(bytes)
}

/// Reads JSON from a file, or from standard input when the path is `-`.
pub fn read_json(path: &Path) -> Result<Value> {
    let text = read_text(path)?;
    watchstander::ops::parse_json(&text).map_err(|e| match e.code() {
        "invalid_json" => CliError::Input(format!("{} is not valid JSON: {e}", path.display())),
        _ => CliError::Core(e),
    })
}

/// `--now` if given, else the real clock. The CLI is the only part of watchstander that reads it.
pub fn now_or_clock(now: Option<&str>) -> Result<DateTime<Utc>> {
    match now {
        Some(s) => Ok(watchstander::time::parse_instant(s)?),
        None => Ok(Utc::now()),
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

/// A table with a header row.
pub fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.iter().copied());
    t
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
    eprintln!("error: cannot write to standard output: {e}");
    std::process::exit(74);
}
