//! Alert pipeline throughput: dedup + route + group + inhibit on a realistic label mix, and
//! memory per open group. Run by hand: `cargo bench -p watchstander --bench alert`.

use chrono::{Duration, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use watchstander::alert::{Alert, AlertConfig, AlertStatus, Labels, Pipeline};

const N: usize = 100_000;

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
    let sev = ["critical", "warning", "warning", "info"];
    let teams = ["db", "web", "payments", "infra"];
    (0..N)
        .map(|i| {
            let j = if i % 4 == 3 { i / 2 } else { i };
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

fn bench(c: &mut Criterion) {
    let t0 = Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, 0).unwrap();
    let input = alerts();
    let mut g = c.benchmark_group("alert");
    g.throughput(Throughput::Elements(N as u64));
    g.sample_size(10);
    g.bench_function("ingest 100k (dedup+route+group+inhibit index)", |b| {
        b.iter_batched(
            || (Pipeline::new(config()).unwrap(), input.clone()),
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
                || (Pipeline::new(config()).unwrap(), input.clone()),
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
    for a in input.iter().cloned() {
        let _ = p.ingest(a, t0).unwrap();
    }
    let state = serde_json::to_vec(&p.state()).unwrap();
    eprintln!(
        "open alerts {}, open groups {}, serialised state {} bytes ({} bytes per alert)",
        p.open_alerts(),
        p.open_groups(),
        state.len(),
        state.len() / p.open_alerts().max(1)
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
