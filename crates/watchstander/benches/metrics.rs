//! Metrics at scale: response metrics (MTTA, time to mitigate, MTTR, time to detect, with
//! percentiles by severity, service, team, week, month and day, plus frequency) over 1 000 000
//! incidents, and on-call health (alert volume and accuracy, interruptions with the 60 s merge,
//! heatmap, burnout indicators) over 10 000 000 pages — both from the columnar inputs the
//! bindings pass numpy and typed arrays to. Run by hand:
//! `cargo bench -p watchstander --bench metrics` (the incidents part targets ≤ 200 ms).

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use watchstander::metrics::{
    IncidentColumns, Metrics, MetricsInput, OnCallShift, PageColumns, Responder,
};
use watchstander::time::{parse_instant, Zone};

/// The allocator of the Python and Node bindings, so the figures are what their users get.
#[global_allocator]
static ALLOCATOR: watchstander_alloc::HugePages = watchstander_alloc::HugePages;

const INCIDENTS: usize = 1_000_000;
const PAGES: usize = 10_000_000;
const PEOPLE: usize = 60;

/// The `n`-th number (from 0) of mulberry32 seeded with `seed`, in [0, 1). mulberry32's state
/// advances by a constant, so any draw can be computed on its own: numpy computes the same
/// numbers vectorised (`benches/python/metrics_pandas.py`), so both benches see the same data.
fn draw(seed: u32, n: u64) -> f64 {
    let mut t = seed.wrapping_add((n as u32).wrapping_add(1).wrapping_mul(0x6D2B_79F5));
    t = (t ^ (t >> 15)).wrapping_mul(t | 1);
    t ^= t.wrapping_add((t ^ (t >> 7)).wrapping_mul(t | 61));
    f64::from(t ^ (t >> 14)) / 4_294_967_296.0
}

const WINDOW_START: i64 = 1_735_689_600; // 2025-01-01T00:00:00Z
const SPAN: f64 = 2.0 * 365.0 * 86_400.0;
const INCIDENT_DRAWS: u64 = 14;

/// Two years of incidents: 4 severities, 200 services, 20 teams; 5 % never acknowledged, 2 %
/// open, 3 % excluded, 30 % with a known impact start. Fourteen draws per incident.
pub fn incident_columns() -> IncidentColumns {
    let mut c = IncidentColumns {
        severities: (1..=4).map(|i| format!("SEV-{i}")).collect(),
        services: (0..200).map(|i| format!("service-{i}")).collect(),
        teams: (0..20).map(|i| format!("team-{i}")).collect(),
        ..IncidentColumns::default()
    };
    for k in 0..INCIDENTS as u64 {
        let u = |i: u64| draw(1, k * INCIDENT_DRAWS + i);
        let t = WINDOW_START + (u(0) * SPAN).floor() as i64;
        let ack = (u(1) > 0.05).then(|| t + (u(2) * u(3) * 3600.0).floor() as i64);
        let res = (u(4) > 0.02).then(|| t + 300 + (u(5) * u(6) * 259_200.0).floor() as i64);
        c.triggered_at.push(t);
        c.acknowledged_at.push(ack);
        c.resolved_at.push(res);
        c.mitigated_at.push(res.map(|x| t + (x - t) / 2));
        c.impact_started_at
            .push((u(7) < 0.3).then(|| t - (u(8) * 1800.0).floor() as i64));
        c.severity.push((u(9) * 4.0).floor() as i64);
        c.service.push((u(10) * 200.0).floor() as i64);
        c.team.push((u(11) * 20.0).floor() as i64);
        c.excluded.push(if u(12) < 0.03 {
            1 + (u(13) * 3.0).floor() as i64
        } else {
            0
        });
    }
    c
}

/// Ten million pages to 60 people over two years, in bursts of three pages 20 s apart starting
/// on whole two minutes (three draws per burst, two per page).
pub fn page_columns() -> PageColumns {
    let mut c = PageColumns {
        people: (0..PEOPLE).map(|i| format!("p{i}")).collect(),
        rules: (0..500).map(|i| format!("Rule{i}")).collect(),
        services: (0..200).map(|i| format!("service-{i}")).collect(),
        ..PageColumns::default()
    };
    for k in 0..PAGES as u64 {
        let (b, p) = (k / 3, k % 3);
        let burst = |i: u64| draw(2, b * 3 + i);
        let page = |i: u64| draw(3, k * 2 + i);
        let rule = (burst(2) * 500.0).floor() as i64;
        // Bursts start on whole two minutes, so two bursts of one person never run into
        // each other and the 60 s merge counts the same whichever way it is computed.
        let slot = (burst(0) * SPAN / 120.0).floor() as i64 * 120;
        c.at.push(WINDOW_START + slot + 20 * p as i64);
        c.person.push((burst(1) * PEOPLE as f64).floor() as i64);
        c.rule.push(rule);
        c.service.push(rule % 200);
        c.actionable.push(if page(0) < 0.1 {
            -1
        } else {
            i64::from(page(1) < 0.4)
        });
        c.flapping.push(i64::from(p > 0));
    }
    c
}

fn base() -> MetricsInput {
    MetricsInput::new(
        parse_instant("2025-01-01T00:00:00Z").unwrap(),
        parse_instant("2027-01-01T00:00:00Z").unwrap(),
        Zone::parse("Europe/London").unwrap(),
    )
}

/// Weekly rotations of ten people per zone.
fn people_and_shifts() -> (Vec<Responder>, Vec<OnCallShift>) {
    let zones = [
        "Europe/London",
        "America/New_York",
        "Asia/Singapore",
        "Asia/Kolkata",
        "America/Los_Angeles",
        "Australia/Sydney",
    ];
    let people = (0..PEOPLE)
        .map(|i| Responder {
            id: format!("p{i}"),
            name: None,
            zone: Some(Zone::parse(zones[i % 6]).unwrap()),
            holiday_calendars: Vec::new(),
            holidays: serde_json::from_value(
                serde_json::json!([{"rrule": "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25"}]),
            )
            .unwrap(),
        })
        .collect();
    // Monday 6 January 2025, 09:00 UTC.
    let start = parse_instant("2025-01-06T09:00:00Z").unwrap();
    let mut shifts = Vec::new();
    for w in 0..104 {
        for zone in 0..6 {
            let who = zone + 6 * (w % 10);
            shifts.push(OnCallShift {
                person: format!("p{who}"),
                start: start + chrono::Duration::weeks(w as i64),
                end: start + chrono::Duration::weeks(w as i64 + 1),
                schedule: None,
            });
        }
    }
    (people, shifts)
}

fn bench(c: &mut Criterion) {
    let incidents = incident_columns();
    let mut g = c.benchmark_group("metrics");
    g.sample_size(10);
    g.bench_function("response + frequency, 1M incidents (columnar)", |b| {
        b.iter_batched(
            || {
                let mut i = base();
                i.incident_columns = Some(incidents.clone());
                i
            },
            |i| {
                let m = Metrics::new(i).unwrap();
                let r = m.response().clone();
                let f = m.frequency();
                (r.counts.counted, f.weekly.len())
            },
            BatchSize::PerIteration,
        )
    });
    drop(incidents);
    let pages = page_columns();
    let (people, shifts) = people_and_shifts();
    g.bench_function(
        "health (volume, interruptions, burnout), 10M pages (columnar)",
        |b| {
            b.iter_batched(
                || {
                    let mut i = base();
                    i.page_columns = Some(pages.clone());
                    i.people = people.clone();
                    i.oncall = shifts.clone();
                    i
                },
                |i| {
                    let m = Metrics::new(i).unwrap();
                    let v = m.alert_volume();
                    let it = m.interruptions();
                    let b = m.burnout().unwrap();
                    (v.pages, it.total.total, b.at_risk)
                },
                BatchSize::PerIteration,
            )
        },
    );
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
