//! Escalation benchmark (issue 11, "Performance"): planning 10 000 incidents against a
//! 5-level policy with schedule targets, against compiled schedules.
//!
//! The schedules are the 5-layer, 20-person, 500-override fixture of the schedule benchmark
//! (`benches/fixtures/five-layers.json`) under three ids (`primary`, `secondary`, `managers`),
//! compiled once for March 2026 into one directory. Each incident triggers at a pseudo-random
//! instant of March 2026 and is planned to exhaustion. Two policies:
//!
//! * **basic** — five levels, each one schedule (`primary`, `secondary`, `managers`,
//!   `primary`, `secondary`), delays 5/10/10/15/15 minutes, no repeat; everyone has one
//!   high-urgency rule (push at once): about 5 notifications per incident.
//! * **heavy** — level 1 `primary` (5 min), 2 `secondary` (10), 3 `primary` + `managers`
//!   (10), 4 a round robin of `secondary` and two people (15), 5 `managers` + a person (15),
//!   `repeat: 1`; everyone has three rules (push at once, SMS after 2 minutes, call after 4):
//!   about 53 notifications per incident.
//!
//! Per policy: `compact` is [`plan_compact`] with `explain: false` (the bulk-planning path:
//! names as directory numbers, no `why`, no log); `full` is [`plan`] with explanations (every
//! notification materialised with names, contact method and `why`, as the JSON operation
//! returns it before serialisation); `full_json` is `full` serialised to JSON (what the
//! operation pays before handing the text over); the heavy policy also has
//! `compact_explained` and `live` (the live handle, `due_compact` once at the end).
//!
//! Run by hand: `cargo bench -p watchstander --bench escalation`.

use std::hint::black_box;
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use serde_json::{json, Value};
use watchstander::escalation::{
    plan, plan_compact, Directory, EscalationPolicy, EscalationRun, IncidentStart, PersonProfile,
    PlanOptions, RunOptions,
};
use watchstander::schedule::{Interval, Schedule};

const FIXTURE: &str = include_str!("../../../benches/fixtures/five-layers.json");
const INCIDENTS: usize = 10_000;
/// 2026-03-01T00:00:00Z.
const MARCH: i64 = 1_772_323_200;

/// mulberry32, as the other benches.
struct Mulberry32(u32);

impl Mulberry32 {
    fn next_u32(&mut self) -> u32 {
        self.0 = self.0.wrapping_add(0x6D2B_79F5);
        let mut t = self.0;
        t = (t ^ (t >> 15)).wrapping_mul(t | 1);
        t ^= t.wrapping_add((t ^ (t >> 7)).wrapping_mul(t | 61));
        t ^ (t >> 14)
    }
}

fn at(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(secs, 0).single().expect("instant")
}

fn directory(heavy: bool) -> Directory {
    let base: Value = serde_json::from_str(FIXTURE).expect("fixture");
    let window = Interval::new(at(MARCH), at(MARCH) + Duration::days(32)).expect("window");
    let mut schedules = Vec::new();
    let mut people: Vec<String> = Vec::new();
    for id in ["primary", "secondary", "managers"] {
        let mut doc = base.clone();
        doc["id"] = json!(id);
        let s: Schedule = serde_json::from_value(doc).expect("schedule");
        people.extend(s.people());
        let compiled = s.compile(window).expect("compile");
        schedules.push((s, compiled));
    }
    people.sort();
    people.dedup();
    let rules = if heavy {
        json!({"high": [{"after": "PT0M", "contact": "app"}, {"after": "PT2M", "contact": "sms"}, {"after": "PT4M", "contact": "call"}]})
    } else {
        json!({"high": [{"after": "PT0M", "contact": "app"}]})
    };
    let profiles: Vec<PersonProfile> = people
        .iter()
        .map(|p| {
            serde_json::from_value(json!({"id": p, "zone": "Europe/London",
                "contact_methods": [{"id": "app", "kind": "push"}, {"id": "sms", "kind": "sms"}, {"id": "call", "kind": "phone"}],
                "rules": rules}))
            .expect("person")
        })
        .collect();
    let policy = if heavy {
        json!({"id": "five-levels", "repeat": 1, "levels": [
            {"targets": [{"schedule": "primary"}], "delay": "PT5M"},
            {"targets": [{"schedule": "secondary"}], "delay": "PT10M"},
            {"targets": [{"schedule": "primary"}, {"schedule": "managers"}], "delay": "PT10M"},
            {"targets": [{"round_robin": [{"schedule": "secondary"}, {"person": "alice"}, {"person": "bob"}]}], "delay": "PT15M"},
            {"targets": [{"schedule": "managers"}, {"person": "tom"}], "delay": "PT15M"}]})
    } else {
        json!({"id": "five-levels", "levels": [
            {"targets": [{"schedule": "primary"}], "delay": "PT5M"},
            {"targets": [{"schedule": "secondary"}], "delay": "PT10M"},
            {"targets": [{"schedule": "managers"}], "delay": "PT10M"},
            {"targets": [{"schedule": "primary"}], "delay": "PT15M"},
            {"targets": [{"schedule": "secondary"}], "delay": "PT15M"}]})
    };
    let policy: EscalationPolicy = serde_json::from_value(policy).expect("policy");
    Directory::with_compiled(vec![policy], schedules, profiles, None).expect("directory")
}

fn incidents() -> Vec<IncidentStart> {
    let mut rng = Mulberry32(11);
    (0..INCIDENTS)
        .map(|i| {
            let secs = MARCH + i64::from(rng.next_u32() % (30 * 86_400));
            let mut inc = IncidentStart::new(&format!("INC-{i}"), at(secs));
            inc.number = i as u64;
            inc
        })
        .collect()
}

fn group(c: &mut Criterion, name: &str, heavy: bool) {
    let dir = directory(heavy);
    let incs = incidents();
    let explained = PlanOptions::default();
    let unexplained = PlanOptions {
        explain: false,
        ..PlanOptions::default()
    };
    // Sanity: the compact and full plans agree and are non-trivial.
    let mut total = 0;
    for i in incs.iter().take(500) {
        let full = plan(&dir, i, &[], &explained).expect("plan");
        let compact = plan_compact(&dir, i, &[], &unexplained).expect("plan");
        let names: Vec<_> = compact
            .notifications
            .iter()
            .map(|n| n.to_notification(&dir, &i.id))
            .collect();
        assert_eq!(full.notifications.len(), names.len());
        assert!(full
            .notifications
            .iter()
            .zip(&names)
            .all(|(a, b)| (a.at, &a.person, a.level) == (b.at, &b.person, b.level)));
        total += full.notifications.len();
    }
    assert!(total >= 5 * 500, "only {total} notifications");
    println!(
        "{name}: {:.1} notifications per incident",
        total as f64 / 500.0
    );

    let mut g = c.benchmark_group(name);
    g.throughput(Throughput::Elements(INCIDENTS as u64));
    g.sample_size(20);
    g.measurement_time(StdDuration::from_secs(8));
    g.bench_function("compact", |b| {
        b.iter(|| {
            for i in &incs {
                black_box(plan_compact(&dir, i, &[], &unexplained).expect("plan"));
            }
        })
    });
    if heavy {
        g.bench_function("compact_explained", |b| {
            b.iter(|| {
                for i in &incs {
                    black_box(plan_compact(&dir, i, &[], &explained).expect("plan"));
                }
            })
        });
        g.bench_function("live", |b| {
            b.iter(|| {
                for i in &incs {
                    let options = RunOptions {
                        explain: false,
                        ..RunOptions::default()
                    };
                    let mut run = EscalationRun::start(&dir, i, options).expect("start");
                    black_box(
                        run.due_compact(&dir, i.created + Duration::hours(3))
                            .expect("due"),
                    );
                }
            })
        });
    }
    g.bench_function("full", |b| {
        b.iter(|| {
            for i in &incs {
                black_box(plan(&dir, i, &[], &explained).expect("plan"));
            }
        })
    });
    // What the `escalation.plan` operation pays before handing the text over: the full plan,
    // serialised to JSON (one buffer reused across incidents).
    g.bench_function("full_json", |b| {
        let mut buf = Vec::with_capacity(1 << 16);
        b.iter(|| {
            for i in &incs {
                buf.clear();
                let p = plan(&dir, i, &[], &explained).expect("plan");
                serde_json::to_writer(&mut buf, &p).expect("json");
                black_box(&buf);
            }
        })
    });
    g.finish();
}

fn bench(c: &mut Criterion) {
    group(c, "plan_10k_basic", false);
    group(c, "plan_10k_heavy", true);
}

criterion_group!(benches, bench);
criterion_main!(benches);
