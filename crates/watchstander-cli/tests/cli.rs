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

#[test]
fn demo_reports_the_tz_database_and_tzdir_chooses_another() {
    let out = watchstander()
        .args(["demo", "--now", "2026-11-26T15:00:00Z", "--json"])
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["tzdb"]["source"], "bundled", "{doc}");
    assert_eq!(
        doc["tzdb"]["version"],
        watchstander::time::BUNDLED_TZDB_VERSION
    );
    let text = watchstander()
        .args(["demo", "--now", "2026-11-26T15:00:00Z"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout).to_string();
    assert!(text.contains("tz database 2025b"), "{text}");

    // A directory whose "Europe/London" holds New York's rules (EDT, UTC-4, in July).
    let Ok(ny) = std::fs::read("/usr/share/zoneinfo/America/New_York") else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("watchstander-cli-tzdir-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("Europe")).unwrap();
    std::fs::write(dir.join("Europe/London"), ny).unwrap();
    std::fs::write(dir.join("+VERSION"), "2099z\n").unwrap();
    let input = dir.join("input.json");
    std::fs::write(
        &input,
        r#"{"zone": "Europe/London", "instant": "2026-07-01T12:00:00Z"}"#,
    )
    .unwrap();
    let out = watchstander()
        .arg("--tzdir")
        .arg(&dir)
        .args(["call", "time.to_local"])
        .arg(&input)
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["offset"], "-04:00", "{doc}");
    assert_eq!(doc["tzdb"]["version"], "2099z");
    std::fs::write(
        &input,
        r#"{"zone": "America/Chicago", "instant": "2026-07-01T12:00:00Z"}"#,
    )
    .unwrap();
    let out = watchstander()
        .args(["call", "time.to_local"])
        .arg(&input)
        .arg("--tzdir")
        .arg(&dir)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("[unknown_zone]") && err.contains(&dir.display().to_string()),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
    let out = watchstander()
        .args(["--tzdir", "/nonexistent/zoneinfo", "demo"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("[invalid_zone_source]"));
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
