//! Adversarial benchmark: runs every case of [`cases`] through `watchstander::ops::call_text`,
//! each in its own process (so an abort cannot take the others down and peak memory is per
//! case), and prints one Markdown table row per case: time, peak RSS, and the outcome.
//!
//! ```sh
//! cargo run --release -p watchstander-limits-bench            # every case
//! cargo run --release -p watchstander-limits-bench -- 3        # only case 3
//! ```
//!
//! Not a test: nothing here asserts a wall-clock bound. A case whose outcome is not the
//! expected one is marked `UNEXPECTED` and makes the exit status 1.

mod cases;

use std::process::Command;
use std::time::Instant;

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Runs case `i` in this process and prints `ms<TAB>peak KiB<TAB>outcome<TAB>ok`.
fn run_one(i: usize) -> i32 {
    let cases = cases::cases();
    let Some(case) = cases.get(i) else {
        eprintln!("no case {i}");
        return 2;
    };
    let input = serde_json::to_string(&(case.input)()).unwrap_or_default();
    let bytes = input.len();
    let start = Instant::now();
    let out = watchstander::ops::call_text(case.op, &input);
    let elapsed = start.elapsed();
    let peak = peak_rss_kib();
    let value: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
    let outcome = match value.get("error") {
        Some(e) => e["code"].as_str().unwrap_or("?").to_string(),
        None => format!("answer, {} bytes", out.len()),
    };
    let expected = match (case.error, value.get("error")) {
        (Some(code), Some(e)) => e["code"] == code,
        (None, None) => true,
        _ => false,
    };
    println!(
        "{:.1}\t{}\t{}\t{}\t{}",
        elapsed.as_secs_f64() * 1000.0,
        peak,
        bytes,
        outcome,
        expected
    );
    0
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() == 3 && args[1] == "--case" {
        std::process::exit(run_one(args[2].parse().unwrap_or(usize::MAX)));
    }
    let only: Option<usize> = args.get(1).and_then(|a| a.parse().ok());
    let exe = std::env::current_exe().expect("own path");
    println!("| # | operation | case | time | peak RSS | input | outcome |");
    println!("|---:|---|---|---:|---:|---:|---|");
    let mut failed = false;
    for (i, case) in cases::cases().iter().enumerate() {
        if only.is_some_and(|o| o != i) {
            continue;
        }
        let out = Command::new(&exe)
            .args(["--case", &i.to_string()])
            .output()
            .expect("run a case");
        let text = String::from_utf8_lossy(&out.stdout);
        let f: Vec<&str> = text.trim().split('\t').collect();
        let row = if out.status.success() && f.len() == 5 {
            let ms: f64 = f[0].parse().unwrap_or(0.0);
            let kib: f64 = f[1].parse().unwrap_or(0.0);
            let input_kib: f64 = f[2].parse::<f64>().unwrap_or(0.0) / 1024.0;
            let mark = if f[4] == "true" {
                ""
            } else {
                failed = true;
                " **UNEXPECTED**"
            };
            let time = if ms >= 1000.0 {
                format!("{:.2} s", ms / 1000.0)
            } else {
                format!("{ms:.1} ms")
            };
            format!(
                "{time} | {:.0} MB | {} | `{}`{mark}",
                kib / 1024.0,
                if input_kib >= 1024.0 {
                    format!("{:.1} MB", input_kib / 1024.0)
                } else {
                    format!("{input_kib:.1} KB")
                },
                f[3]
            )
        } else {
            failed = true;
            format!(
                "— | — | — | **process failed: {} {}**",
                out.status,
                String::from_utf8_lossy(&out.stderr)
                    .lines()
                    .last()
                    .unwrap_or("")
            )
        };
        println!("| {i} | `{}` | {} | {row} |", case.op, case.name);
    }
    if failed {
        std::process::exit(1);
    }
}
