//! Live-incident benchmarks (issue 8, item 6): applying a long mixed history to an
//! [`LiveIncident`] one event at a time, and asking for its status.
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
//!   1 000 000 events, runs each size in fresh child processes and prints the median of three
//!   runs: the time to apply the events one by one (generation excluded; CPU time of the thread
//!   and wall time — on a shared machine the CPU time is the engine's own), the time of one
//!   status query at the end, the peak resident set size (a separate run that generates events
//!   1 000 at a time, so the peak is the live incident's own), the growth exponent between
//!   sizes (log of the time ratio over log of the size ratio; 1.0 is linear), and the batch
//!   path of `incident.replay` (fold the whole history, then facts and SLA clocks).

#[path = "../tests/incident_common/mixed.rs"]
mod mixed;

use std::hint::black_box;
use std::process::Command;
use std::time::{Duration as StdDuration, Instant};

use chrono::Duration;
use criterion::{BatchSize, Criterion};
use mixed::Mixed;
use watchstander::incident::{Event, IncidentConfig, LiveIncident};

const CHILD: &str = "WATCHSTANDER_INCIDENT_BENCH_CHILD";

fn config() -> IncidentConfig {
    IncidentConfig::default()
}

/// CPU time this thread has used, in nanoseconds (Linux; 0 elsewhere). Wall time on a
/// shared machine counts other processes' time too; the table reports both.
fn cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

/// Applies `n` generated events, timing only the applies (events are generated in chunks of
/// `chunk` outside the timed part). Returns the live incident, the wall time and the CPU time
/// of the applies. (The CPU clock read here ticks every few milliseconds: large chunks keep
/// its error small; small chunks keep the generated events out of the peak memory.)
fn build(n: usize, chunk: usize) -> (LiveIncident, StdDuration, StdDuration) {
    let mut log = LiveIncident::new(config()).expect("default config");
    let mut events = Mixed::new(n);
    let mut wall = StdDuration::ZERO;
    let mut cpu = 0u64;
    loop {
        let chunk: Vec<Event> = events.by_ref().take(chunk).collect();
        if chunk.is_empty() {
            break;
        }
        let c = cpu_ns();
        let t = Instant::now();
        for e in chunk {
            log.apply(e).expect("a valid history");
        }
        wall += t.elapsed();
        cpu += cpu_ns().saturating_sub(c);
    }
    (log, wall, StdDuration::from_nanos(cpu))
}

fn status_len(log: &LiveIncident) -> usize {
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

/// One size in this process. `time` mode prints `n apply_wall_ns apply_cpu_ns status_ns`
/// (events generated 100 000 at a time); `rss` mode prints `n peak_kib` (1 000 at a time, so
/// the peak is the live incident's own).
fn child(spec: &str) {
    let (mode, n) = spec.split_once(':').unwrap_or(("time", spec));
    let n: usize = n.parse().expect("a size");
    if mode == "rss" {
        let (log, _, _) = build(n, 1_000);
        black_box(status_len(&log));
        println!("{n} {}", peak_rss_kib());
        return;
    }
    let (log, wall, cpu) = build(n, 100_000);
    let t = Instant::now();
    let len = status_len(&log);
    let status = t.elapsed();
    black_box(len);
    // The batch path of `incident.replay`: fold the whole history, then facts and clocks.
    let events: Vec<Event> = log.events().collect();
    drop(log);
    let t = Instant::now();
    let incident = watchstander::incident::replay(&config(), &events).expect("valid");
    let now = incident.last_event_at;
    let checked = config().validate().expect("default config");
    let facts = watchstander::incident::IncidentFacts::at(&incident, &checked, now).expect("facts");
    let sla = watchstander::incident::IncidentSla::at(&incident, &checked, now).expect("sla");
    let batch = t.elapsed();
    black_box((facts.open_seconds, sla.resolve.retargeted.len()));
    println!(
        "{n} {} {} {} {}",
        wall.as_nanos(),
        cpu.as_nanos(),
        status.as_nanos(),
        batch.as_nanos()
    );
}

fn run_child(exe: &std::path::Path, spec: String) -> Option<Vec<f64>> {
    let out = Command::new(exe)
        .env(CHILD, &spec)
        .output()
        .expect("run the child");
    let text = String::from_utf8_lossy(&out.stdout);
    let f: Vec<f64> = text
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    if f.len() < 2 {
        eprintln!(
            "child {spec} failed: {text} {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return None;
    }
    Some(f)
}

fn exponent(prev: Option<(usize, f64)>, n: usize, t: f64) -> String {
    prev.map(|(m, u)| format!("{:.2}", (t / u).ln() / ((n as f64) / (m as f64)).ln()))
        .unwrap_or_else(|| "–".to_string())
}

fn scale() {
    let exe = std::env::current_exe().expect("the bench binary");
    let sizes = [1_000usize, 10_000, 100_000, 1_000_000];
    let mut prev: Option<(usize, f64, f64)> = None;
    println!(
        "| events | apply, CPU | apply, wall | CPU per event | status at the end | peak RSS | growth exponent (CPU / wall) | batch replay + facts + SLA |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for n in sizes {
        let mut runs: Vec<Vec<f64>> = Vec::new();
        for _ in 0..3 {
            match run_child(&exe, format!("time:{n}")) {
                Some(f) if f.len() == 5 => runs.push(f),
                _ => return,
            }
        }
        let Some(rss) = run_child(&exe, format!("rss:{n}")).map(|f| f[1]) else {
            return;
        };
        // The median run by CPU time.
        runs.sort_by(|a, b| a[2].total_cmp(&b[2]));
        let (wall, cpu, status, batch) = (runs[1][1], runs[1][2], runs[1][3], runs[1][4]);
        println!(
            "| {n} | {:.1} ms | {:.1} ms | {:.0} ns | {:.1} µs | {:.1} MiB | {} / {} | {:.1} ms |",
            cpu / 1e6,
            wall / 1e6,
            cpu / n as f64,
            status / 1e3,
            rss / 1024.0,
            exponent(prev.map(|(m, c, _)| (m, c)), n, cpu),
            exponent(prev.map(|(m, _, w)| (m, w)), n, wall),
            batch / 1e6,
        );
        prev = Some((n, cpu, wall));
    }
}

fn benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("incident_apply");
    g.sample_size(10)
        .measurement_time(StdDuration::from_secs(5));
    for n in [1_000usize, 100_000] {
        g.bench_function(format!("apply_{n}"), |b| {
            b.iter_batched(
                || Mixed::new(n).collect::<Vec<Event>>(),
                |events| {
                    let mut log = LiveIncident::new(config()).expect("config");
                    for e in events {
                        log.apply(e).expect("valid");
                    }
                    // Returned, so that dropping it is not timed.
                    log
                },
                BatchSize::LargeInput,
            )
        });
    }
    let (log, _, _) = build(100_000, 10_000);
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
    // Notes 30 seconds before the latest event (a few events from the end), each with a new
    // id, applied to the same live incident: the steady cost of a slightly late event.
    let mut live = log;
    let mut n = 0u64;
    g.bench_function("late_event_100000", |b| {
        b.iter(|| {
            n += 1;
            let mut e = late.clone();
            e.id = format!("late-{n}");
            // Recorded later than the previous late notes: each sorts after them, so every one
            // is the same few events from the end.
            e.recorded_at += Duration::seconds(n as i64);
            black_box(live.apply(e).expect("a late note"))
        })
    });
    g.finish();
}

fn main() {
    if let Ok(spec) = std::env::var(CHILD) {
        child(&spec);
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
