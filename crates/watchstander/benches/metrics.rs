//! Metrics at scale: response metrics (MTTA, time to mitigate, MTTR, time to detect, with
//! percentiles by severity, service, team, week, month and day, plus frequency) over 1 000 000
//! incidents, and on-call health (alert volume and accuracy, interruptions with the 60 s merge,
//! heatmap, burnout indicators) over 10 000 000 pages — both from the columnar inputs the
//! bindings pass numpy and typed arrays to. Run by hand:
//! `cargo bench -p watchstander --bench metrics` (the incidents part targets ≤ 200 ms).

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use watchstander::metrics::{IncidentColumns, Metrics, MetricsInput, OnCallShift, PageColumns, Responder};
use watchstander::time::{parse_instant, Zone};

const INCIDENTS: usize = 1_000_000;
const PAGES: usize = 10_000_000;
const PEOPLE: usize = 60;

/// mulberry32, the fixture generator of every bench.
struct Rng(u32);
impl Rng {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x6D2B_79F5);
        let mut t = self.0;
        t = (t ^ (t >> 15)).wrapping_mul(t | 1);
        t ^= t.wrapping_add((t ^ (t >> 7)).wrapping_mul(t | 61));
        f64::from(t ^ (t >> 14)) / 4_294_967_296.0
    }
    fn below(&mut self, n: usize) -> usize {
        ((self.next() * n as f64) as usize).min(n - 1)
    }
}

fn base() -> MetricsInput {
    MetricsInput::new(
        parse_instant("2025-01-01T00:00:00Z").unwrap(),
        parse_instant("2027-01-01T00:00:00Z").unwrap(),
        Zone::parse("Europe/London").unwrap(),
    )
}

/// Two years of incidents: 4 severities, 200 services, 20 teams; 5 % never acknowledged, 2 %
/// open, 3 % excluded, a few impossible rows.
pub fn incident_columns() -> IncidentColumns {
    let mut r = Rng(1);
    let start = parse_instant("2025-01-01T00:00:00Z").unwrap().timestamp();
    let span = 2 * 365 * 86_400;
    let mut c = IncidentColumns {
        severities: (1..=4).map(|i| format!("SEV-{i}")).collect(),
        services: (0..200).map(|i| format!("service-{i}")).collect(),
        teams: (0..20).map(|i| format!("team-{i}")).collect(),
        ..IncidentColumns::default()
    };
    for _ in 0..INCIDENTS {
        let t = start + (r.next() * span as f64) as i64;
        let ack = (r.next() > 0.05).then(|| t + (r.next() * r.next() * 3600.0) as i64);
        let res = (r.next() > 0.02).then(|| t + 300 + (r.next() * r.next() * 86_400.0 * 3.0) as i64);
        c.triggered_at.push(t);
        c.acknowledged_at.push(ack);
        c.resolved_at.push(res);
        c.mitigated_at.push(res.map(|x| t + (x - t) / 2));
        c.impact_started_at.push((r.next() < 0.3).then(|| t - (r.next() * 1800.0) as i64));
        c.severity.push(r.below(4) as i64);
        c.service.push(r.below(200) as i64);
        c.team.push(r.below(20) as i64);
        c.excluded.push(if r.next() < 0.03 { 1 + r.below(3) as i64 } else { 0 });
    }
    c
}

/// Ten million pages to 60 people in six zones over two years, bursts of two or three.
pub fn page_columns() -> PageColumns {
    let mut r = Rng(2);
    let start = parse_instant("2025-01-01T00:00:00Z").unwrap().timestamp();
    let span = 2 * 365 * 86_400;
    let mut c = PageColumns {
        people: (0..PEOPLE).map(|i| format!("p{i}")).collect(),
        rules: (0..500).map(|i| format!("Rule{i}")).collect(),
        services: (0..200).map(|i| format!("service-{i}")).collect(),
        ..PageColumns::default()
    };
    while c.at.len() < PAGES {
        let t = start + (r.next() * span as f64) as i64;
        let who = r.below(PEOPLE) as i64;
        let rule = r.below(500) as i64;
        let burst = 1 + r.below(3);
        for k in 0..burst {
            c.at.push(t + 20 * k as i64);
            c.person.push(who);
            c.rule.push(rule);
            c.service.push(rule % 200);
            c.actionable.push(if r.next() < 0.1 { -1 } else { i64::from(r.next() < 0.4) });
            c.flapping.push(i64::from(k > 0));
        }
    }
    c.at.truncate(PAGES);
    c.person.truncate(PAGES);
    c.rule.truncate(PAGES);
    c.service.truncate(PAGES);
    c.actionable.truncate(PAGES);
    c.flapping.truncate(PAGES);
    c
}

/// Weekly rotations of ten people per zone.
fn people_and_shifts() -> (Vec<Responder>, Vec<OnCallShift>) {
    let zones = ["Europe/London", "America/New_York", "Asia/Singapore", "Asia/Kolkata", "America/Los_Angeles", "Australia/Sydney"];
    let people = (0..PEOPLE)
        .map(|i| Responder {
            id: format!("p{i}"),
            name: None,
            zone: Some(Zone::parse(zones[i % 6]).unwrap()),
            holiday_calendars: Vec::new(),
            holidays: serde_json::from_value(serde_json::json!([{"rrule": "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25"}])).unwrap(),
        })
        .collect();
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
    g.bench_function("health (volume, interruptions, burnout), 10M pages (columnar)", |b| {
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
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
