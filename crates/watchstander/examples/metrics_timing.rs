use watchstander::metrics::{IncidentColumns, Metrics, MetricsInput, PageColumns};
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
fn incident_columns() -> IncidentColumns {
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
fn page_columns() -> PageColumns {
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


fn cpu() -> f64 {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap();
    s.split_whitespace().next().unwrap().parse::<f64>().unwrap() / 1e6
}

fn main() {
    let c = incident_columns();
    let mut best = [f64::MAX; 3];
    for _ in 0..9 {
        let mut i = MetricsInput::new(parse_instant("2025-01-01T00:00:00Z").unwrap(), parse_instant("2027-01-01T00:00:00Z").unwrap(), Zone::parse("Europe/London").unwrap());
        i.incident_columns = Some(c.clone());
        let t0 = cpu();
        let m = Metrics::new(i).unwrap();
        let t1 = cpu() - t0;
        let r = m.response().counts.counted;
        let t2 = cpu() - t0;
        let f = m.frequency().weekly.len();
        let t3 = cpu() - t0;
        drop(m);
        let _ = (r, f);
        for (b, x) in best.iter_mut().zip([t1, t2 - t1, t3 - t2]) { *b = b.min(x); }
    }
    eprintln!("min CPU ms: new {:.1} response {:.1} frequency {:.1}", best[0], best[1], best[2]);
    let _ = page_columns;
}
