//! The `watchstander` binary as users run it: exit codes, JSON output, closed pipes.

use std::process::{Command, Stdio};

fn watchstander() -> Command {
    Command::new(env!("CARGO_BIN_EXE_watchstander"))
}

#[test]
fn demo_json_is_one_document_with_every_section() {
    let out = watchstander()
        .args(["demo", "--now", "2026-11-26T15:00:00Z", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for section in ["severities", "schedules", "incident"] {
        assert!(
            doc.get(section).is_some(),
            "demo --json lacks {section}: {doc}"
        );
    }
}

#[test]
fn a_closed_pipe_ends_quietly_instead_of_panicking() {
    let mut child = watchstander()
        .args(["demo", "--now", "2026-11-26T15:00:00Z", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close the read end at once, as `| head -0` would.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.status.success(), "status {:?}: {stderr}", out.status);
}

#[test]
fn bad_input_is_a_typed_error_with_a_non_zero_status() {
    let out = watchstander()
        .args(["call", "time.resolve_local", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write as _;
            c.stdin
                .take()
                .unwrap()
                .write_all(br#"{"zone": "Mars/Olympus", "local": "2026-03-08T02:30:00"}"#)?;
            c.wait_with_output()
        })
        .unwrap();
    assert!(!out.status.success());
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("Mars/Olympus"), "{text}");
    assert!(!text.contains("panicked"), "{text}");
}

/// The demo's storm, counted by hand: 40 HighLatency and 20 ErrorRate pods re-sent every
/// minute for 10 minutes (600) plus CheckoutDown from minute 2 (8) = 608 raw alerts; three
/// groups (alertname × cluster); one page per group (the symptoms' second flush finds them
/// inhibited by CheckoutDown, and nothing new); one incident (time-based, one service).
#[test]
fn demo_storm_collapses_into_three_pages_and_one_incident() {
    let out = watchstander()
        .args(["demo", "--now", "2026-11-26T15:00:00Z", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let s = &doc["alert_storm"];
    assert_eq!(s["raw_alerts"], 608, "{s}");
    assert_eq!(s["deduplicated"], 547);
    assert_eq!(s["grouped"], 58);
    assert_eq!(s["inhibited"], 60);
    assert_eq!(s["groups"], 3);
    assert_eq!(s["pages"], 3);
    assert_eq!(s["incidents"], 1);
    assert_eq!(s["noise_reduction"], 202.7);
}
