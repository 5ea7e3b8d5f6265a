//! Alert pipeline throughput: dedup + route + group + inhibit on a realistic label mix, and
//! memory per open alert and per open group. Run by hand: `cargo bench -p watchstander --bench alert`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};

use chrono::{Duration, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use watchstander::alert::{Alert, AlertConfig, AlertStatus, Labels, Pipeline};

const N: usize = 100_000;

/// The system allocator, counting the bytes freed while `COUNTING` is on (off during the
/// timed runs, where it costs one relaxed load per free).
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static FREED: AtomicUsize = AtomicUsize::new(0);

// The one unsafe block of the bench: a global allocator must implement an unsafe trait. It
// only forwards to the system allocator.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if COUNTING.load(Relaxed) {
            FREED.fetch_add(layout.size(), Relaxed);
        }
        System.dealloc(ptr, layout)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The heap bytes a pipeline owns (what dropping it frees) plus its own size.
fn footprint(p: Pipeline) -> usize {
    FREED.store(0, Relaxed);
    COUNTING.store(true, Relaxed);
    drop(p);
    COUNTING.store(false, Relaxed);
    FREED.load(Relaxed) + std::mem::size_of::<Pipeline>()
}

fn config() -> AlertConfig {
    serde_json::from_value(serde_json::json!({
        "route": {"receiver": "default", "group_by": ["alertname", "cluster"], "group_wait": "30s", "group_interval": "5m",
            "routes": [
                {"matchers": ["team=\"db\""], "receiver": "db", "continue": true},
                {"matchers": ["severity=~\"critical|page\""], "receiver": "pager", "group_by": ["alertname"]},
                {"matchers": ["env!=\"prod\""], "receiver": "dev"}
            ]},
        "inhibit_rules": [
            {"source_matchers": ["alertname=ClusterDown"], "target_matchers": ["severity=~\"warning|info\""], "equal": ["cluster"]},
            {"source_matchers": ["severity=critical"], "target_matchers": ["severity=warning"], "equal": ["alertname", "cluster"]}
        ]
    }))
    .unwrap()
}

/// A mix like a Prometheus fleet: 40 alert names, 20 clusters, 500 instances, 4 teams,
/// severities, about 8 labels each; a quarter of the stream re-sends open alerts.
fn alerts() -> Vec<Alert> {
    alerts_from((0..N).map(|i| if i % 4 == 3 { i / 2 } else { i }))
}

/// The alerts of the mix numbered `js` (equal numbers give equal alerts).
fn alerts_from(js: impl Iterator<Item = usize>) -> Vec<Alert> {
    let sev = ["critical", "warning", "warning", "info"];
    let teams = ["db", "web", "payments", "infra"];
    js.map(|j| {
        let l = Labels::from_pairs([
            ("alertname", format!("Alert{}", j % 40)),
            ("cluster", format!("c{}", j % 20)),
            (
                "instance",
                format!("10.0.{}.{}:9100", (j / 250) % 250, j % 250),
            ),
            ("job", format!("job{}", j % 13)),
            ("severity", sev[j % 4].to_string()),
            ("team", teams[j % 4].to_string()),
            (
                "env",
                if j % 10 == 0 { "staging" } else { "prod" }.to_string(),
            ),
            ("namespace", format!("ns{}", j % 50)),
        ])
        .unwrap();
        let mut a = Alert::new(l);
        a.status = Some(AlertStatus::Firing);
        a
    })
    .collect()
}

/// Deep copies of the alerts: label sets are shared when cloned, and alerts that arrive
/// (deserialised from a request) share nothing, so each run gets its own.
fn fresh(alerts: &[Alert]) -> Vec<Alert> {
    alerts
        .iter()
        .map(|a| {
            let mut a = a.clone();
            a.labels = Labels::from_map(a.labels.to_map()).unwrap();
            a
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let t0 = Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, 0).unwrap();
    let input = alerts();
    let mut g = c.benchmark_group("alert");
    g.throughput(Throughput::Elements(N as u64));
    g.sample_size(10);
    g.bench_function("ingest 100k (dedup+route+group+inhibit index)", |b| {
        b.iter_batched(
            || (Pipeline::new(config()).unwrap(), fresh(&input)),
            |(mut p, alerts)| {
                for (i, a) in alerts.into_iter().enumerate() {
                    let now = t0 + Duration::milliseconds(i as i64 / 10);
                    let _ = p.ingest(a, now).unwrap();
                }
                p
            },
            BatchSize::LargeInput,
        )
    });
    g.bench_function(
        "ingest 100k + flush every group once (inhibit + notify)",
        |b| {
            b.iter_batched(
                || (Pipeline::new(config()).unwrap(), fresh(&input)),
                |(mut p, alerts)| {
                    for a in alerts {
                        let _ = p.ingest(a, t0).unwrap();
                    }
                    let _ = p.tick(t0 + Duration::seconds(31)).unwrap();
                    p
                },
                BatchSize::LargeInput,
            )
        },
    );
    g.finish();
    let mut p = Pipeline::new(config()).unwrap();
    for a in fresh(&input) {
        let _ = p.ingest(a, t0).unwrap();
    }
    let state = serde_json::to_vec(&p.state()).unwrap();
    let (alerts, groups) = (p.open_alerts(), p.open_groups());
    let heap = footprint(p);
    eprintln!(
        "open alerts {alerts}, open groups {groups}, serialised state {} bytes ({} bytes per alert); \
         in memory {heap} bytes ({} bytes per open alert, {} per open group with its alerts)",
        state.len(),
        state.len() / alerts.max(1),
        heap / alerts.max(1),
        heap / groups.max(1),
    );
    // The cost of a group itself: the same distinct alerts in one group, and each in a group
    // of its own (`group_by: ['...']`); the difference is what the extra groups take.
    let distinct: Vec<Alert> = alerts_from(0..10_000);
    let one_group = |group_by: serde_json::Value| {
        let config = serde_json::from_value(serde_json::json!({
            "route": {"receiver": "r", "group_by": group_by}
        }))
        .unwrap();
        let mut p = Pipeline::new(config).unwrap();
        for a in fresh(&distinct) {
            let _ = p.ingest(a, t0).unwrap();
        }
        let groups = p.open_groups();
        (footprint(p), groups)
    };
    let (shared, g1) = one_group(serde_json::json!([]));
    let (own, g2) = one_group(serde_json::json!(["..."]));
    eprintln!(
        "10k distinct alerts: in {g1} group {shared} bytes, in {g2} groups {own} bytes: \
         {} bytes per extra open group",
        (own - shared) / (g2 - g1).max(1)
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
