//! Errors, exit statuses, input limits, local times, windows, completions, colour and table
//! width, as users meet them (issue 9 section 7, issue 10 section 5).

mod common;

use std::fs::OpenOptions;
use std::io::Write as _;
use std::process::Stdio;

use common::{repo_root, text, watchstander};
use serde_json::Value;

fn dev_full() -> std::fs::File {
    OpenOptions::new().write(true).open("/dev/full").unwrap()
}

/// Runs with `input` on standard input.
fn with_stdin(args: &[&str], input: &[u8]) -> std::process::Output {
    let mut child = watchstander()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // The command may stop reading early (that is the point of the limit).
    let _ = stdin.write_all(input);
    drop(stdin);
    child.wait_with_output().unwrap()
}

fn json_error(stderr: &str) -> Value {
    let v: Value = serde_json::from_str(stderr.trim())
        .unwrap_or_else(|e| panic!("stderr is not one JSON document ({e}): {stderr}"));
    v["error"].clone()
}

// ---------------------------------------------------------------- writes that fail

#[test]
fn a_failing_stderr_write_exits_74_without_a_panic() {
    let out = watchstander()
        .args([
            "time",
            "resolve",
            "--zone",
            "Mars/Olympus",
            "2026-03-08T02:30",
        ])
        .stderr(dev_full())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(74), "{:?}", out.status);
}

#[test]
fn a_failing_stderr_write_of_a_usage_error_exits_74() {
    let out = watchstander()
        .args(["time", "resolve", "--bogus"])
        .stderr(dev_full())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(74), "{:?}", out.status);
}

#[test]
fn help_and_version_to_a_full_device_do_not_exit_0() {
    for args in [
        vec!["--help"],
        vec!["schedule", "shifts", "--help"],
        vec!["--version"],
        vec!["ops"],
        vec!["completions", "bash"],
    ] {
        let out = watchstander()
            .args(&args)
            .stdout(dev_full())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        let (_, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(74), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(stderr.contains("[output_failed]"), "{args:?}: {stderr}");
    }
}

// ---------------------------------------------------------------- usage errors

#[test]
fn a_usage_error_exits_2_with_a_code() {
    let out = watchstander()
        .args(["time", "resolve", "--bogus"])
        .output()
        .unwrap();
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let first = stderr.lines().next().unwrap_or("");
    assert!(first.starts_with("error: "), "{stderr}");
    assert!(first.ends_with("[usage_error]"), "{stderr}");
    assert!(first.contains("--bogus"), "{stderr}");
    assert!(stderr.contains("Usage:"), "the usage line helps: {stderr}");
}

#[test]
fn a_missing_subcommand_is_a_usage_error_with_the_help() {
    let out = watchstander().arg("schedule").output().unwrap();
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("[usage_error]"), "{stderr}");
    assert!(stderr.contains("oncall"), "{stderr}");
}

#[test]
fn under_json_a_usage_error_is_json_on_stderr() {
    let out = watchstander()
        .args(["schedule", "shifts", "--json", "--bogus"])
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    let e = json_error(&stderr);
    assert_eq!(e["module"], "cli");
    assert_eq!(e["code"], "usage_error");
    assert_eq!(e["details"]["kind"], "unknown_argument");
    assert_eq!(e["details"]["argument"], "--bogus");
    assert!(e["message"].as_str().unwrap().contains("--bogus"), "{e}");
}

// ---------------------------------------------------------------- errors under --json

#[test]
fn under_json_an_engine_error_is_json_on_stderr() {
    let out = watchstander()
        .args([
            "time",
            "resolve",
            "--zone",
            "Mars/Olympus",
            "2026-03-08T02:30",
            "--json",
        ])
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    let e = json_error(&stderr);
    assert_eq!(e["module"], "time");
    assert_eq!(e["code"], "unknown_zone");
    assert_eq!(e["details"]["name"], "Mars/Olympus");
    assert!(e["message"].as_str().unwrap().contains("Mars/Olympus"));
}

#[test]
fn under_json_an_error_inside_a_document_has_its_path() {
    let out = with_stdin(
        &["call", "time.resolve_local", "-", "--json"],
        br#"{"zone": "Mars/Olympus", "local": "2026-03-08T02:30:00"}"#,
    );
    let (_, stderr) = text(&out);
    let e = json_error(&stderr);
    assert_eq!(e["code"], "unknown_zone", "{e}");
    assert_eq!(e["path"], "zone", "{e}");
}

#[test]
fn without_json_an_engine_error_names_its_code() {
    let out = watchstander()
        .args([
            "time",
            "resolve",
            "--zone",
            "Mars/Olympus",
            "2026-03-08T02:30",
        ])
        .output()
        .unwrap();
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.trim_end().ends_with("[unknown_zone]"), "{stderr}");
}

#[test]
fn a_missing_file_is_unreadable_input_with_status_2() {
    let out = watchstander()
        .args(["call", "time.resolve_local", "no/such/file.json", "--json"])
        .output()
        .unwrap();
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let e = json_error(&stderr);
    assert_eq!(e["code"], "unreadable_input");
    assert_eq!(e["details"]["file"], "no/such/file.json");
}

#[test]
fn the_cli_error_codes_are_in_the_error_reference() {
    let docs = std::fs::read_to_string(repo_root().join("docs/errors.md")).unwrap();
    for code in [
        "usage_error",
        "unreadable_input",
        "check_failed",
        "output_failed",
        "input_too_large",
    ] {
        assert!(docs.contains(&format!("`{code}`")), "{code}");
    }
}

// ---------------------------------------------------------------- --max-input-bytes

#[test]
fn standard_input_over_the_limit_is_input_too_large() {
    let body = format!(
        r#"{{"zone": "UTC", "local": "2026-03-08T02:30:00", "pad": "{}"}}"#,
        "x".repeat(5000)
    );
    let out = with_stdin(
        &[
            "call",
            "time.resolve_local",
            "-",
            "--max-input-bytes",
            "1KiB",
            "--json",
        ],
        body.as_bytes(),
    );
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let e = json_error(&stderr);
    assert_eq!(e["code"], "input_too_large", "{e}");
    assert_eq!(e["details"]["limit"], 1024, "{e}");
    assert!(e["details"]["size"].as_u64().unwrap() > 1024, "{e}");
}

#[test]
fn a_file_over_the_limit_is_refused_with_its_size() {
    let file = repo_root().join("examples/time/resolve-local.json");
    let size = std::fs::metadata(&file).unwrap().len();
    let out = watchstander()
        .args([
            "call",
            "time.resolve_local",
            "examples/time/resolve-local.json",
            "--max-input-bytes",
            "10",
        ])
        .output()
        .unwrap();
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("[input_too_large]"), "{stderr}");
    assert!(
        stderr.contains(&size.to_string()),
        "names the size {size}: {stderr}"
    );
    assert!(stderr.contains("10"), "{stderr}");
}

#[test]
fn an_input_at_the_limit_is_read() {
    let file = repo_root().join("examples/time/resolve-local.json");
    let size = std::fs::metadata(&file).unwrap().len().to_string();
    let out = watchstander()
        .args([
            "call",
            "time.resolve_local",
            "examples/time/resolve-local.json",
            "--max-input-bytes",
            &size,
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out).1);
}

#[test]
fn a_stream_line_over_the_limit_is_input_too_large() {
    let mut body = String::new();
    body.push_str(r#"{"at": "2026-11-26T10:00:00Z"}"#);
    body.push('\n');
    body.push_str(&format!(
        r#"{{"at": "2026-11-26T10:01:00Z", "pad": "{}"}}"#,
        "y".repeat(4000)
    ));
    body.push('\n');
    let out = with_stdin(
        &[
            "alerts",
            "replay",
            "-",
            "--config",
            "examples/alerts/alertmanager.yml",
            "--max-input-bytes",
            "1000",
            "--json",
        ],
        body.as_bytes(),
    );
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(json_error(&stderr)["code"], "input_too_large");
}

#[test]
fn a_malformed_byte_count_is_a_usage_error() {
    let out = watchstander()
        .args(["ops", "--max-input-bytes", "lots"])
        .output()
        .unwrap();
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("[usage_error]"), "{stderr}");
}

#[test]
fn the_default_limit_is_documented_in_the_help() {
    let out = watchstander().arg("--help").output().unwrap();
    let (stdout, _) = text(&out);
    assert!(stdout.contains("--max-input-bytes"), "{stdout}");
    assert!(stdout.contains("64MiB"), "{stdout}");
}

// ---------------------------------------------------------------- local times

fn resolve(local: &str) -> Value {
    let out = watchstander()
        .args([
            "time",
            "resolve",
            "--zone",
            "America/New_York",
            local,
            "--json",
        ])
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{local}: {stderr}");
    serde_json::from_str(&stdout).unwrap()
}

#[test]
fn local_times_are_accepted_with_or_without_seconds() {
    // 02:30 on 8 March 2026 is in New York's spring-forward gap (02:00 EST -> 03:00 EDT); the
    // compatible policy moves it forward by the gap: 03:30 EDT = 07:30 UTC.
    let short = resolve("2026-03-08T02:30");
    let long = resolve("2026-03-08T02:30:00");
    assert_eq!(short["instant"], "2026-03-08T07:30:00Z");
    assert_eq!(short, long);
}

#[test]
fn instants_are_accepted_without_seconds() {
    // London, 28 March 2026 09:00 GMT + 1 calendar day = 29 March 09:00 BST = 08:00 UTC.
    let out = watchstander()
        .args([
            "time",
            "add",
            "--zone",
            "Europe/London",
            "2026-03-28T09:00Z",
            "1",
            "days",
            "--json",
        ])
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["instant"], "2026-03-29T08:00:00Z");
    let at = watchstander()
        .args([
            "schedule",
            "oncall",
            "--at",
            "2026-12-25T09:00+01:00",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(at.status.success(), "{}", text(&at).1);
}

// ---------------------------------------------------------------- no silent truncation

#[test]
fn a_window_past_the_limit_is_an_error_naming_the_limit() {
    let out = watchstander()
        .args(["schedule", "shifts", "--days", "36500", "--json"])
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert!(!out.status.success());
    assert!(stdout.is_empty(), "no partial answer: {stdout}");
    let e = json_error(&stderr);
    assert_eq!(e["code"], "window_too_long", "{e}");
    assert_eq!(e["details"]["max"], 1096, "{e}");
    assert_eq!(e["details"]["days"], 36500, "{e}");
}

#[test]
fn a_window_of_the_limit_is_answered() {
    let out = watchstander()
        .args([
            "schedule",
            "gaps",
            "--from",
            "2026-01-01T00:00Z",
            "--days",
            "1096",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out).1);
}

#[test]
fn zero_or_negative_days_are_usage_errors() {
    for days in ["0", "-5"] {
        let out = watchstander()
            .args(["schedule", "shifts", "--days", days])
            .output()
            .unwrap();
        let (_, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(2), "{days}: {stderr}");
        assert!(stderr.contains("[usage_error]"), "{stderr}");
    }
}

#[test]
fn huge_day_counts_do_not_panic() {
    let out = watchstander()
        .args(["schedule", "shifts", "--days", "9223372036854775807"])
        .output()
        .unwrap();
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("[window_too_long]"), "{stderr}");
}

// ---------------------------------------------------------------- completions

#[test]
fn completions_for_bash_zsh_and_fish() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef watchstander"),
        ("fish", "complete -c watchstander"),
    ] {
        let out = watchstander()
            .args(["completions", shell])
            .output()
            .unwrap();
        let (stdout, stderr) = text(&out);
        assert!(out.status.success(), "{shell}: {stderr}");
        assert!(stdout.contains(marker), "{shell}: {marker} missing");
        assert!(stdout.contains("resolve"), "{shell}: subcommands missing");
    }
    let out = watchstander()
        .args(["completions", "tcsh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

// ---------------------------------------------------------------- colour

#[test]
fn colour_only_when_asked_and_never_under_no_color() {
    let piped = watchstander().arg("--help").output().unwrap();
    assert!(
        !text(&piped).0.contains('\u{1b}'),
        "piped output has no colour"
    );
    let forced = watchstander()
        .arg("--help")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(
        text(&forced).0.contains("\u{1b}["),
        "CLICOLOR_FORCE colours"
    );
    let no_color = watchstander()
        .arg("--help")
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!text(&no_color).0.contains('\u{1b}'), "NO_COLOR wins");
    let err = watchstander()
        .args([
            "time",
            "resolve",
            "--zone",
            "Nowhere/Land",
            "2026-03-08T02:30",
        ])
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(text(&err).1.contains("\u{1b}["), "errors are coloured too");
}

// ---------------------------------------------------------------- table width

/// The words of a table (cell text without the borders).
fn words(table: &str) -> Vec<String> {
    table
        .split(|c: char| c.is_whitespace() || "│┆╞╡═╪─┼├┤┌┐└┘┬┴╭╮╰╯|".contains(c))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

#[test]
fn tables_fit_columns_without_breaking_words() {
    let wide = watchstander().arg("ops").output().unwrap();
    let (wide, _) = text(&wide);
    let whole: std::collections::HashSet<String> = words(&wide).into_iter().collect();
    // At 80 and 100 columns the longest word of each column fits side by side.
    for width in [80usize, 100] {
        let out = watchstander()
            .arg("ops")
            .env("COLUMNS", width.to_string())
            .output()
            .unwrap();
        let (narrow, _) = text(&out);
        assert!(
            narrow.lines().count() > wide.lines().count(),
            "{width}: wrapped"
        );
        for line in narrow.lines() {
            assert!(line.chars().count() <= width, "{width}: too wide: {line}");
        }
        for w in words(&narrow) {
            assert!(whole.contains(&w), "{width}: the word {w:?} was broken");
        }
    }
}

#[test]
fn a_terminal_too_narrow_for_whole_words_still_gets_a_table_that_fits() {
    // "minutes/hours/days/weeks/months/years" (37 characters) beside the operation names cannot
    // fit 50 columns whole: only then are the longest words broken.
    let out = watchstander()
        .arg("ops")
        .env("COLUMNS", "50")
        .output()
        .unwrap();
    let (narrow, _) = text(&out);
    for line in narrow.lines() {
        assert!(line.chars().count() <= 50, "too wide: {line}");
    }
    assert!(narrow.contains("time.resolve_local"), "{narrow}");
}

#[test]
fn piped_tables_are_not_wrapped() {
    let out = watchstander().arg("ops").output().unwrap();
    let (stdout, _) = text(&out);
    let longest = stdout.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest > 80, "{longest}");
}

#[test]
fn an_output_file_that_cannot_be_written_exits_74() {
    let out = watchstander()
        .args([
            "schedule",
            "ical",
            "--from",
            "2026-12-01T00:00Z",
            "--out",
            "/dev/full",
            "--json",
        ])
        .output()
        .unwrap();
    // --json prints the JSON instead of writing the calendar: ask for the calendar itself.
    assert!(out.status.success(), "{}", text(&out).1);
    let out = watchstander()
        .args([
            "schedule",
            "ical",
            "--from",
            "2026-12-01T00:00Z",
            "--out",
            "/nonexistent-dir/oncall.ics",
        ])
        .output()
        .unwrap();
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(74), "{stderr}");
    assert!(stderr.contains("[output_failed]"), "{stderr}");
}

#[test]
fn fewer_results_than_asked_for_is_a_warning_on_stderr() {
    // 45 days of a daily rotation cannot hold 500 handoffs.
    let args = [
        "schedule",
        "handoffs",
        "--from",
        "2026-12-01T00:00Z",
        "--next",
        "500",
    ];
    let out = watchstander().args(args).output().unwrap();
    let (_, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.starts_with("warning: only "), "{stderr}");
    assert!(stderr.contains("1096"), "names the limit: {stderr}");
    assert!(
        stderr.trim_end().ends_with("[fewer_than_asked]"),
        "{stderr}"
    );
    let out = watchstander().args(args).arg("--json").output().unwrap();
    let (stdout, stderr) = text(&out);
    let w: Value = serde_json::from_str(stderr.trim()).unwrap();
    assert_eq!(w["warning"]["code"], "fewer_than_asked");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert!(v["handoffs"].as_array().unwrap().len() < 500);
}
