//! Properties of the metrics module, checked on random inputs against plain reference
//! implementations written from the definitions in docs/metrics.md.

use chrono::{DateTime, Duration, Utc};
use proptest::prelude::*;
use watchstander::metrics::{
    render_html, render_text, DurationStats, Exclusion, IncidentColumns, IncidentRecord, Metrics,
    MetricsInput, OnCallShift, Page, PageColumns, Responder,
};
use watchstander::time::{parse_instant, Zone};

fn t0() -> DateTime<Utc> {
    parse_instant("2026-03-02T00:00:00Z").unwrap()
}

fn input(days: i64) -> MetricsInput {
    MetricsInput::new(
        t0(),
        t0() + Duration::days(days),
        Zone::parse("Europe/London").unwrap(),
    )
}

/// An incident as generated: minutes after the window start, and offsets in minutes.
#[derive(Debug, Clone)]
struct Gen {
    at: i64,
    ack: Option<i64>,
    res: Option<i64>,
    sev: usize,
    excluded: Option<Exclusion>,
}

fn gen_incident() -> impl Strategy<Value = Gen> {
    (
        0i64..(28 * 24 * 60),
        proptest::option::of(-30i64..600),
        proptest::option::of(-30i64..6000),
        0usize..3,
        proptest::option::weighted(
            0.2,
            prop_oneof![
                Just(Exclusion::Declined),
                Just(Exclusion::Merged),
                Just(Exclusion::Test)
            ],
        ),
    )
        .prop_map(|(at, ack, res, sev, excluded)| Gen {
            at,
            ack,
            res,
            sev,
            excluded,
        })
}

fn record(i: usize, g: &Gen) -> IncidentRecord {
    let t = t0() + Duration::minutes(g.at);
    IncidentRecord {
        id: format!("I{i}"),
        triggered_at: t,
        acknowledged_at: g.ack.map(|m| t + Duration::minutes(m)),
        mitigated_at: None,
        resolved_at: g.res.map(|m| t + Duration::minutes(m)),
        impact_started_at: None,
        severity: format!("SEV-{}", g.sev + 1),
        service: Some(format!("svc{}", g.sev % 2)),
        team: None,
        excluded: g.excluded,
        runbook: None,
        postmortem: None,
        action_items: Vec::new(),
    }
}

/// Time to acknowledge by the definition: counted, acknowledged, not before the trigger, not
/// after the resolution.
fn reference_tta(gens: &[Gen]) -> Vec<i64> {
    gens.iter()
        .filter(|g| g.excluded.is_none())
        .filter_map(|g| {
            let a = g.ack?;
            let after_resolve = g.res.is_some_and(|r| r >= 0 && a > r);
            (a >= 0 && !after_resolve).then_some(a * 60)
        })
        .collect()
}

fn reference_ttr(gens: &[Gen]) -> Vec<i64> {
    gens.iter()
        .filter(|g| g.excluded.is_none())
        .filter_map(|g| g.res.filter(|&r| r >= 0).map(|r| r * 60))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn response_metrics_match_the_definitions(gens in proptest::collection::vec(gen_incident(), 0..80)) {
        let mut i = input(28);
        i.incidents = gens.iter().enumerate().map(|(k, g)| record(k, g)).collect();
        let m = Metrics::new(i).unwrap();
        let r = m.response();
        prop_assert_eq!(r.overall.time_to_acknowledge, DurationStats::of(&reference_tta(&gens)));
        prop_assert_eq!(r.overall.time_to_resolve, DurationStats::of(&reference_ttr(&gens)));
        for k in &r.by_severity {
            let sev: usize = k.key.trim_start_matches("SEV-").parse::<usize>().unwrap() - 1;
            let own: Vec<Gen> = gens.iter().filter(|g| g.sev == sev).cloned().collect();
            prop_assert_eq!(k.metrics.time_to_acknowledge, DurationStats::of(&reference_tta(&own)));
            prop_assert_eq!(k.metrics.time_to_resolve, DurationStats::of(&reference_ttr(&own)));
        }
        // Every week's incidents add up to the counted ones.
        prop_assert_eq!(r.weekly.iter().map(|w| w.incidents).sum::<u64>(), r.counts.counted);
        prop_assert_eq!(r.counts.counted + r.counts.excluded.total(), gens.len() as u64);
    }

    #[test]
    fn percentiles_are_monotone_everywhere(gens in proptest::collection::vec(gen_incident(), 1..80)) {
        let mut i = input(28);
        i.incidents = gens.iter().enumerate().map(|(k, g)| record(k, g)).collect();
        let m = Metrics::new(i).unwrap();
        let r = m.response();
        let sets = std::iter::once(&r.overall)
            .chain(r.by_severity.iter().map(|k| &k.metrics))
            .chain(r.by_service.iter().map(|k| &k.metrics))
            .chain(r.weekly.iter().map(|p| &p.metrics))
            .chain(r.monthly.iter().map(|p| &p.metrics));
        for s in sets {
            for d in [&s.time_to_acknowledge, &s.time_to_mitigate, &s.time_to_resolve, &s.time_to_detect] {
                if d.count == 0 {
                    prop_assert!(d.mean_seconds.is_none() && d.p50_seconds.is_none() && d.max_seconds.is_none());
                    continue;
                }
                let (p50, p90, p95, max) = (d.p50_seconds.unwrap(), d.p90_seconds.unwrap(), d.p95_seconds.unwrap(), d.max_seconds.unwrap() as f64);
                prop_assert!(p50 <= p90 && p90 <= p95 && p95 <= max, "{:?}", d);
                prop_assert!(d.mean_seconds.unwrap() <= max && d.mean_seconds.unwrap().is_finite());
            }
        }
    }

    #[test]
    fn excluded_incidents_never_change_mtta(
        gens in proptest::collection::vec(gen_incident(), 0..40),
        extra in proptest::collection::vec(gen_incident(), 1..20),
    ) {
        let counted: Vec<Gen> = gens.into_iter().map(|mut g| { g.excluded = None; g }).collect();
        let mut a = input(28);
        a.incidents = counted.iter().enumerate().map(|(k, g)| record(k, g)).collect();
        let mut b = a.clone();
        for (k, g) in extra.iter().enumerate() {
            let mut g = g.clone();
            g.excluded = Some(g.excluded.unwrap_or(Exclusion::Test));
            b.incidents.push(record(1000 + k, &g));
        }
        let (ma, mb) = (Metrics::new(a).unwrap(), Metrics::new(b).unwrap());
        prop_assert_eq!(ma.response().overall, mb.response().overall);
        prop_assert_eq!(&ma.response().by_severity, &mb.response().by_severity);
        prop_assert_eq!(mb.response().counts.excluded.total(), extra.len() as u64);
    }

    #[test]
    fn columns_and_records_give_the_same_metrics(gens in proptest::collection::vec(gen_incident(), 0..60)) {
        let mut a = input(28);
        a.incidents = gens.iter().enumerate().map(|(k, g)| record(k, g)).collect();
        let mut c = IncidentColumns {
            severities: vec!["SEV-1".into(), "SEV-2".into(), "SEV-3".into()],
            services: vec!["svc0".into(), "svc1".into()],
            ..IncidentColumns::default()
        };
        for r in &a.incidents {
            c.triggered_at.push(r.triggered_at.timestamp());
            c.acknowledged_at.push(r.acknowledged_at.map(|t| t.timestamp()));
            c.resolved_at.push(r.resolved_at.map_or(-1, |t| t.timestamp()).into());
            c.severity.push(r.severity.trim_start_matches("SEV-").parse::<i64>().unwrap() - 1);
            c.service.push(if r.service.as_deref() == Some("svc0") { 0 } else { 1 });
            c.excluded.push(r.excluded.map_or(0, |e| i64::from(e.code())));
        }
        let mut b = input(28);
        b.incident_columns = Some(c);
        let (ma, mb) = (Metrics::new(a).unwrap(), Metrics::new(b).unwrap());
        prop_assert_eq!(ma.response().overall, mb.response().overall);
        prop_assert_eq!(&ma.response().weekly, &mb.response().weekly);
        prop_assert_eq!(&ma.response().by_service, &mb.response().by_service);
    }

    #[test]
    fn pages_within_the_merge_window_count_once(gaps in proptest::collection::vec(0i64..200, 1..60), window in 1u32..120) {
        let mut i = input(7);
        i.settings.merge_window_seconds = window;
        let mut t = t0() + Duration::hours(30);
        let mut times = Vec::new();
        for g in &gaps {
            t += Duration::seconds(*g);
            times.push(t);
        }
        i.pages = times.iter().map(|&at| Page { person: "p".into(), at, rule: None, service: None, alert: None, actionable: None, flapping: false }).collect();
        // Reference: a page starts an interruption unless it is less than `window` seconds
        // after the start of the current one.
        let mut expected = 0;
        let mut start: Option<DateTime<Utc>> = None;
        for &at in &times {
            if start.is_none_or(|s| (at - s).num_seconds() >= i64::from(window)) {
                expected += 1;
                start = Some(at);
            }
        }
        let m = Metrics::new(i).unwrap();
        let it = m.interruptions();
        prop_assert_eq!(it.total.total, expected);
        prop_assert_eq!(it.pages, times.len() as u64);
        if times.last().unwrap().signed_duration_since(times[0]).num_seconds() < i64::from(window) {
            prop_assert_eq!(it.total.total, 1);
        }
        prop_assert_eq!(it.heatmap.cells.iter().flatten().sum::<u64>(), times.len() as u64);
    }

    /// Pages of several people, in any order, some outside the window: each person's pages and
    /// interruptions are those of their own in-window pages in time order.
    #[test]
    fn each_persons_pages_are_merged_on_their_own(
        pages in proptest::collection::vec((0i64..3, -7_200i64..(2 * 86_400 + 7_200)), 0..300),
        window in 1u32..400,
    ) {
        let mut i = input(2);
        i.settings.merge_window_seconds = window;
        i.people = (0..3)
            .map(|k| Responder {
                id: format!("p{k}"),
                name: None,
                zone: Some(Zone::parse("UTC").unwrap()),
                holiday_calendars: Vec::new(),
                holidays: Vec::new(),
            })
            .collect();
        let start = t0().timestamp();
        i.page_columns = Some(PageColumns {
            person: pages.iter().map(|&(p, _)| p).collect(),
            people: (0..3).map(|k| format!("p{k}")).collect(),
            at: pages.iter().map(|&(_, s)| start + s).collect(),
            ..PageColumns::default()
        });
        let m = Metrics::new(i).unwrap();
        let it = m.interruptions();
        for k in 0..3 {
            let mut times: Vec<i64> = pages
                .iter()
                .filter(|&&(p, s)| p == k && (0..2 * 86_400).contains(&s))
                .map(|&(_, s)| s)
                .collect();
            times.sort_unstable();
            let mut expected = 0u64;
            let mut current: Option<i64> = None;
            for &t in &times {
                if current.is_none_or(|c| t - c >= i64::from(window)) {
                    expected += 1;
                    current = Some(t);
                }
            }
            let got = it.per_person.iter().find(|p| p.person == format!("p{k}"));
            let (pages_got, interruptions_got) = got.map_or((0, 0), |p| (p.pages, p.interruptions.total));
            prop_assert_eq!(pages_got, times.len() as u64, "pages of p{}", k);
            prop_assert_eq!(interruptions_got, expected, "interruptions of p{}", k);
        }
    }

    #[test]
    fn per_person_hours_add_up(shifts in proptest::collection::vec((0usize..4, 0i64..(14 * 24), 1i64..72), 0..30)) {
        let zones = ["Europe/London", "Asia/Singapore", "America/New_York", "Australia/Lord_Howe"];
        let mut i = input(14);
        i.people = (0..4).map(|p| Responder { id: format!("p{p}"), name: None, zone: Some(Zone::parse(zones[p]).unwrap()), holiday_calendars: vec![], holidays: vec![] }).collect();
        i.oncall = shifts.iter().map(|&(p, at, len)| OnCallShift {
            person: format!("p{p}"),
            start: t0() + Duration::hours(at),
            end: t0() + Duration::hours(at + len),
            schedule: None,
        }).collect();
        // Reference: the union of each person's shifts inside the window, hour by hour.
        let end = 14 * 24;
        let mut expected = [0i64; 4];
        for (p, slot) in expected.iter_mut().enumerate() {
            *slot = (0..end).filter(|h| shifts.iter().any(|&(q, at, len)| q == p && at <= *h && *h < at + len)).count() as i64;
        }
        let m = Metrics::new(i).unwrap();
        let b = m.burnout().unwrap();
        let c = m.compensation().unwrap();
        for p in &b.people {
            let k: usize = p.person[1..].parse().unwrap();
            prop_assert!((p.oncall_hours - expected[k] as f64).abs() < 1e-9, "{} {}", p.oncall_hours, expected[k]);
            let split = p.weekday_hours + p.weeknight_hours + p.weekend_hours + p.holiday_hours;
            prop_assert!((split - p.oncall_hours).abs() < 1e-9);
            let paid: f64 = c.rows.iter().filter(|r| r.person == p.person).map(|r| r.total_hours).sum();
            prop_assert!((paid - p.oncall_hours).abs() < 1e-9);
        }
        let total: f64 = b.people.iter().map(|p| p.oncall_hours).sum();
        prop_assert!((total - expected.iter().sum::<i64>() as f64).abs() < 1e-9);
        prop_assert!((0.0..=1.0).contains(&b.balance.oncall_hours_gini));
        prop_assert!((0.0..=1.0).contains(&b.balance.interruptions_gini));
    }

    #[test]
    fn bad_input_never_panics_and_never_shows_nan(
        gens in proptest::collection::vec(gen_incident(), 0..30),
        pages in proptest::collection::vec((0usize..5, -2000i64..20000, any::<bool>()), 0..40),
        days in 1i64..40,
    ) {
        let mut i = input(days);
        i.people = vec![Responder { id: "p0".into(), name: Some("<b>P0</b>".into()), zone: None, holiday_calendars: vec![], holidays: vec![] }];
        i.incidents = gens.iter().enumerate().map(|(k, g)| record(k, g)).collect();
        if let Some(first) = i.incidents.first().cloned() {
            i.incidents.push(first); // a duplicate id
        }
        i.pages = pages.iter().map(|&(p, m, a)| Page { person: format!("p{p}"), at: t0() + Duration::minutes(m), rule: Some("R".into()), service: None, alert: None, actionable: Some(a), flapping: false }).collect();
        i.oncall = vec![OnCallShift { person: "p0".into(), start: t0() + Duration::hours(5), end: t0() + Duration::hours(1), schedule: None }];
        let m = Metrics::new(i).unwrap();
        let report = m.report(None).unwrap();
        let html = render_html(&report);
        let text = render_text(&report);
        for s in [&html, &text] {
            let bad = s
                .split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| w == "NaN" || w == "inf" || w == "Infinity");
            prop_assert!(!bad);
        }
        prop_assert!(!html.contains("<b>"));
        prop_assert!(report.data_quality.count("invalid_shift") == 1);
        let json = serde_json::to_string(&report).unwrap();
        prop_assert!(!json.contains("NaN"));
    }
}
