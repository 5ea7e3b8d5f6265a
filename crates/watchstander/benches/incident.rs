//! Live-incident benchmarks (issue 8, item 6): applying a long mixed history to an
//! [`IncidentLog`] one event at a time, and asking for its status.
//!
//! The history comes from `tests/incident_common/mixed.rs`: notes, status updates, severity
//! changes, status changes, resolutions and reopenings (the resolve clock's pauses and
//! resumes), role changes, participants, acknowledgements, impact windows, 1–9 s apart.
//!
//! Two modes:
//!
//! * `cargo bench -p watchstander --bench incident` — criterion: apply 1 000 and 100 000
//!   events, the status of a 100 000-event incident, and one late event into it.
//! * `cargo bench -p watchstander --bench incident -- scale` — for 1 000, 10 000, 100 000 and
//!   1 000 000 events, runs each size in a fresh child process (so peak memory is that size's
//!   own), three times, and prints the median time to apply the events (generation excluded),
//!   the time of one status query at the end, the peak resident set size, and the growth
//!   exponent between sizes (log of the time ratio over log of the size ratio; 1.0 is linear).

#[path = "../tests/incident_common/mixed.rs"]
mod mixed;

use std::hint::black_box;
use std::process::Command;
use std::time::{Duration as StdDuration, Instant};

use chrono::Duration;
use criterion::{BatchSize, Criterion};
use mixed::Mixed;
use watchstander::incident::{Event, IncidentConfig, IncidentLog};

const CHILD: &str = "WATCHSTANDER_INCIDENT_BENCH_CHILD";

fn config() -> IncidentConfig {
    IncidentConfig::default()
}

/// Applies `n` generated events, timing only the applies (events are generated in chunks of
/// 10 000 outside the timed part). Returns the log and the apply time.
fn build(n: usize) -> (IncidentLog, StdDuration) {
    let mut log = IncidentLog::new(config()).expect("default config");
    let mut events = Mixed::new(n);
    let mut spent = StdDuration::ZERO;
    loop {
        let chunk: Vec<Event> = events.by_ref().take(10_000).collect();
        if chunk.is_empty() {
            break;
        }
        let t = Instant::now();
        for e in chunk {
            log.apply(e).expect("a valid history");
        }
        spent += t.elapsed();
    }
    (log, spent)
}

fn status_len(log: &IncidentLog) -> usize {
    let now = log.incident().expect("detected").last_event_at + Duration::minutes(1);
    let status = log.status(now).expect("status");
    status.updates.len() + status.facts.time_in_status.len()
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// One size in this process: prints `n apply_ns status_ns peak_kib`.
fn child(n: usize) {
    let (log, spent) = build(n);
    let t = Instant::now();
    let len = status_len(&log);
    let status = t.elapsed();
    black_box(len);
    println!(
        "{n} {} {} {}",
        spent.as_nanos(),
        status.as_nanos(),
        peak_rss_kib()
    );
}

fn scale() {
    let exe = std::env::current_exe().expect("the bench binary");
    let sizes = [1_000usize, 10_000, 100_000, 1_000_000];
    let mut rows: Vec<(usize, f64, f64, f64)> = Vec::new();
    println!("| events | apply (median of 3) | per event | status at the end | peak RSS | growth exponent |");
    println!("|---:|---:|---:|---:|---:|---:|");
    for n in sizes {
        let mut runs: Vec<(f64, f64, f64)> = Vec::new();
        for _ in 0..3 {
            let out = Command::new(&exe)
                .env(CHILD, n.to_string())
                .output()
                .expect("run the child");
            let text = String::from_utf8_lossy(&out.stdout);
            let f: Vec<f64> = text
                .split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect();
            if f.len() != 4 {
                eprintln!(
                    "child {n} failed: {text} {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                return;
            }
            runs.push((f[1], f[2], f[3]));
        }
        runs.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (apply, status, rss) = runs[1];
        let exponent = rows
            .last()
            .map(|(m, t, _, _)| {
                format!(
                    "{:.2}",
                    (apply / t).ln() / ((n as f64) / (*m as f64)).ln()
                )
            })
            .unwrap_or_else(|| "–".to_string());
        println!(
            "| {n} | {:.2} ms | {:.0} ns | {:.1} µs | {:.1} MiB | {exponent} |",
            apply / 1e6,
            apply / n as f64,
            status / 1e3,
            rss / 1024.0
        );
        rows.push((n, apply, status, rss));
    }
}

fn benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("incident_apply");
    g.sample_size(10).measurement_time(StdDuration::from_secs(5));
    for n in [1_000usize, 100_000] {
        g.bench_function(format!("apply_{n}"), |b| {
            b.iter_batched(
                || Mixed::new(n).collect::<Vec<Event>>(),
                |events| {
                    let mut log = IncidentLog::new(config()).expect("config");
                    for e in events {
                        log.apply(e).expect("valid");
                    }
                    black_box(log.events().len())
                },
                BatchSize::LargeInput,
            )
        });
    }
    let (log, _) = build(100_000);
    g.bench_function("status_100000", |b| b.iter(|| black_box(status_len(&log))));
    let last = log.events().last().expect("events");
    let late = Event {
        id: "late".to_string(),
        occurred_at: last.occurred_at - Duration::seconds(30),
        kind: watchstander::incident::EventKind::Note {
            text: "late".to_string(),
        },
        ..last
    };
    g.bench_function("late_event_100000", |b| {
        b.iter_batched(
            || log.clone(),
            |mut log| {
                log.apply(late.clone()).expect("a late note");
                black_box(log.events().len())
            },
            BatchSize::LargeInput,
        )
    });
    g.finish();
}

fn main() {
    if let Ok(n) = std::env::var(CHILD) {
        child(n.parse().expect("a size"));
        return;
    }
    if std::env::args().any(|a| a == "scale") {
        scale();
        return;
    }
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c);
    c.final_summary();
}
