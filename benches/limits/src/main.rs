//! Adversarial benchmark: runs every case of [`cases`] through `watchstander::ops::call_text`,
//! each in its own process (so an abort cannot take the others down and peak memory is per
//! case), and prints one Markdown table row per case: wall-clock time, CPU time (user and
//! system, which says what a case costs on a shared machine), peak RSS, and the outcome.
//!
//! ```sh
//! cargo run --release -p watchstander-limits-bench            # every case
//! cargo run --release -p watchstander-limits-bench -- 3        # only case 3
//! cargo run --release -p watchstander-limits-bench -- --op incident.status_update input.json
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

/// CPU time (user + system) this process has used, in milliseconds (10 ms resolution): on a
/// shared machine it says what a case costs whatever else runs.
fn cpu_ms() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            // The fields after the command name (which is in parentheses).
            let rest = s.rsplit_once(')')?.1;
            let f: Vec<&str> = rest.split_whitespace().collect();
            let utime: f64 = f.get(11)?.parse().ok()?;
            let stime: f64 = f.get(12)?.parse().ok()?;
            Some((utime + stime) * 10.0)
        })
        .unwrap_or(0.0)
}

/// Runs `op` on `input` through `call_text` and returns the tab-separated measurement:
/// `ms<TAB>cpu ms<TAB>peak KiB<TAB>input bytes<TAB>outcome`, and the error code if any.
fn measure(op: &str, input: &str) -> (String, Option<String>) {
    // The peak from here on: building the input (a `serde_json::Value` of up to hundreds of
    // MB for the largest cases) is not the operation's. Linux resets the peak to the current
    // RSS, which still holds the input text.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let cpu_start = cpu_ms();
    let start = Instant::now();
    let out = watchstander::ops::call_text(op, input);
    let elapsed = start.elapsed();
    let cpu = cpu_ms() - cpu_start;
    let peak = peak_rss_kib();
    let value: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
    let code = value
        .get("error")
        .map(|e| e["code"].as_str().unwrap_or("?").to_string());
    let outcome = match &code {
        Some(c) => c.clone(),
        None => format!("answer, {} bytes", out.len()),
    };
    let line = format!(
        "{:.1}\t{cpu:.0}\t{peak}\t{}\t{outcome}",
        elapsed.as_secs_f64() * 1000.0,
        input.len(),
    );
    (line, code)
}

/// Runs case `i` in this process and prints its measurement and whether the outcome is the
/// expected one.
fn run_one(i: usize) -> i32 {
    let cases = cases::cases();
    let Some(case) = cases.get(i) else {
        eprintln!("no case {i}");
        return 2;
    };
    let input = serde_json::to_string(&(case.input)()).unwrap_or_default();
    let (line, code) = measure(case.op, &input);
    let expected = code.as_deref() == case.error;
    println!("{line}\t{expected}");
    0
}

/// Runs `op` on the JSON input in `file` (say, a slow input a fuzz run printed) and prints
/// one row.
fn run_file(op: &str, file: &str) -> i32 {
    let input = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{file}: {e}");
            return 2;
        }
    };
    let (line, _) = measure(op, &input);
    let f: Vec<&str> = line.split('\t').collect();
    println!("| # | operation | case | time | CPU | peak RSS | input | outcome |");
    println!("|---:|---|---|---:|---:|---:|---:|---|");
    println!("| — | `{op}` | {file} | {} |", row(&f, ""));
    0
}

fn human_ms(ms: f64) -> String {
    if ms >= 1000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else {
        format!("{ms:.1} ms")
    }
}

/// The table cells of a measurement line.
fn row(f: &[&str], mark: &str) -> String {
    let num = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    let (ms, cpu, kib, input_kib) = (num(0), num(1), num(2), num(3) / 1024.0);
    format!(
        "{} | {} | {:.0} MB | {} | `{}`{mark}",
        human_ms(ms),
        if cpu < 10.0 {
            "< 10 ms".to_string()
        } else {
            human_ms(cpu)
        },
        kib / 1024.0,
        if input_kib >= 1024.0 {
            format!("{:.1} MB", input_kib / 1024.0)
        } else {
            format!("{input_kib:.1} KB")
        },
        f.get(4).copied().unwrap_or("?")
    )
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() == 3 && args[1] == "--case" {
        std::process::exit(run_one(args[2].parse().unwrap_or(usize::MAX)));
    }
    if args.len() == 4 && args[1] == "--op" {
        std::process::exit(run_file(&args[2], &args[3]));
    }
    let only: Option<usize> = args.get(1).and_then(|a| a.parse().ok());
    let exe = std::env::current_exe().expect("own path");
    println!("| # | operation | case | time | CPU | peak RSS | input | outcome |");
    println!("|---:|---|---|---:|---:|---:|---:|---|");
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
        let cells = if out.status.success() && f.len() == 6 {
            let mark = if f[5] == "true" {
                ""
            } else {
                failed = true;
                " **UNEXPECTED**"
            };
            row(&f, mark)
        } else {
            failed = true;
            format!(
                "— | — | — | — | **process failed: {} {}**",
                out.status,
                String::from_utf8_lossy(&out.stderr)
                    .lines()
                    .last()
                    .unwrap_or("")
            )
        };
        println!("| {i} | `{}` | {} | {cells} |", case.op, case.name);
    }
    if failed {
        std::process::exit(1);
    }
}
