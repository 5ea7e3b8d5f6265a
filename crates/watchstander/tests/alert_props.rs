//! Properties of the alert pipeline over random streams: what holds whatever the alerts are.
//!
//! * every firing alert is notified within `group_wait + group_interval` of its arrival, or
//!   reported suppressed (inhibited, silenced, flapping) with its reason;
//! * deduplication folds repeats and never swallows a state change, and a repeat's count is
//!   the number of times the alert arrived while held (a reference count kept by the test);
//! * grouping agrees with a reference model: each notification's group labels are the
//!   route's `group_by` labels of every alert in it, so no alert is in two groups of one
//!   route; a resolved alert leaves its group after the flush that reports it; a stream
//!   that ends resolved leaves no alert and no group behind;
//! * an alert matching both sides of an inhibition rule never inhibits itself, nor another
//!   alert that also matches both sides (Alertmanager's `inhibit.go`);
//! * a silence never touches an alert outside its matchers;
//! * a replay is deterministic, and split-invariant: replaying a stream in two halves, with the
//!   state saved and restored in between, gives the same actions and counts as one replay.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;
use serde_json::json;
use watchstander::alert::{
    Action, Alert, AlertConfig, AlertStatus, Fingerprint, Labels, Matchers, Pipeline, ReplayRecord,
    SilenceSpec, SuppressReason,
};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, 0).unwrap()
}

const NAMES: [&str; 3] = ["CPU", "Disk", "Down"];
const SEVERITIES: [&str; 3] = ["critical", "warning", "info"];
const TEAMS: [&str; 2] = ["db", "web"];

/// Group wait 30 s, interval 60 s on every route.
const GROUP_WAIT: i64 = 30;
const GROUP_INTERVAL: i64 = 60;

fn config(flapping: bool) -> AlertConfig {
    let mut v = json!({
        "route": {"receiver": "default", "group_by": ["alertname"], "group_wait": "30s",
            "group_interval": "1m", "repeat_interval": "1h",
            "routes": [
                {"matchers": ["team=db"], "receiver": "db", "group_by": ["alertname", "instance"], "continue": true},
                {"matchers": ["severity=critical"], "receiver": "pager", "group_by": ["..."]}
            ]},
        "receivers": [{"name": "default"}, {"name": "db", "send_resolved": true}, {"name": "pager"}],
        "inhibit_rules": [
            {"name": "crit-mutes-warn", "source_matchers": ["severity=critical"], "target_matchers": ["severity=~warning|info"], "equal": ["instance"]},
            {"name": "both-sides", "source_matchers": ["severity=~critical|warning"], "target_matchers": ["severity=~critical|warning"], "equal": ["alertname"]}
        ]
    });
    if flapping {
        v["flapping"] = json!({"start_changes": 4, "stop_changes": 2, "window": "10m"});
    }
    serde_json::from_value(v).unwrap()
}

fn labels(name: usize, instance: usize, severity: usize, team: usize) -> Labels {
    Labels::from_pairs([
        ("alertname", NAMES[name % NAMES.len()].to_string()),
        ("instance", format!("i{instance}")),
        (
            "severity",
            SEVERITIES[severity % SEVERITIES.len()].to_string(),
        ),
        ("team", TEAMS[team % TEAMS.len()].to_string()),
    ])
    .unwrap()
}

/// One arrival: seconds after the previous one, which alert (of a small universe) and its
/// status.
#[derive(Debug, Clone)]
struct Arrival {
    gap: i64,
    labels: Labels,
    firing: bool,
}

fn arrival() -> impl Strategy<Value = Arrival> {
    (
        0i64..40,
        0usize..3,
        0usize..4,
        0usize..3,
        0usize..2,
        prop::bool::weighted(0.75),
    )
        .prop_map(|(gap, n, i, s, t, firing)| Arrival {
            gap,
            labels: labels(n, i, s, t),
            firing,
        })
}

fn alert_of(a: &Arrival) -> Alert {
    let mut x = Alert::new(a.labels.clone());
    x.status = Some(if a.firing {
        AlertStatus::Firing
    } else {
        AlertStatus::Resolved
    });
    x
}

fn records(stream: &[Arrival]) -> Vec<ReplayRecord> {
    let mut t = t0();
    stream
        .iter()
        .map(|a| {
            t += Duration::seconds(a.gap);
            ReplayRecord {
                at: t,
                alert: Some(alert_of(a)),
                source: None,
                payload: None,
                silence: None,
                expire_silence: None,
            }
        })
        .collect()
}

fn run(config: AlertConfig, records: &[ReplayRecord], until: DateTime<Utc>) -> Vec<Action> {
    let mut p = Pipeline::new(config).unwrap();
    let mut out = Vec::new();
    for r in records {
        out.extend(p.apply(r.clone()).unwrap());
    }
    out.extend(p.tick(until).unwrap());
    out
}

fn end_of(records: &[ReplayRecord]) -> DateTime<Utc> {
    records.last().map_or(t0(), |r| r.at) + Duration::seconds(GROUP_WAIT + GROUP_INTERVAL + 1)
}

/// The first instant each alert appears firing in a notification.
fn first_notified(actions: &[Action]) -> BTreeMap<Fingerprint, DateTime<Utc>> {
    let mut out = BTreeMap::new();
    for a in actions {
        if let Action::Notify(n) = a {
            for x in &n.alerts {
                if x.status == watchstander::alert::NotifiedStatus::Firing {
                    out.entry(x.fingerprint).or_insert(n.at);
                }
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// A firing alert is in a notification by `group_wait + group_interval` after it
    /// arrived, unless it was reported muted (inhibited, silenced, flapping) — every
    /// suppression has a reason. Checked for firings that start a new alert never notified
    /// before and stay firing: a returning alert that the group's notification log still
    /// lists as firing is, as in Alertmanager, not news.
    #[test]
    fn every_firing_alert_is_notified_in_time_or_suppressed_with_a_reason(
        stream in prop::collection::vec(arrival(), 1..40),
        flapping in any::<bool>(),
    ) {
        let recs = records(&stream);
        let end = end_of(&recs);
        let mut p = Pipeline::new(config(flapping)).unwrap();
        let mut actions: Vec<Action> = Vec::new();
        let mut start: BTreeMap<Fingerprint, Option<DateTime<Utc>>> = BTreeMap::new();
        for r in &recs {
            let a = r.alert.as_ref().unwrap();
            let fp = a.fingerprint();
            let firing = a.status == Some(AlertStatus::Firing);
            let held = p.alert(fp).is_some();
            let notified_before = first_notified(&actions).contains_key(&fp);
            actions.extend(p.apply(r.clone()).unwrap());
            if !firing {
                start.insert(fp, None);
            } else if !held && !notified_before {
                start.insert(fp, Some(r.at));
            }
        }
        actions.extend(p.tick(end).unwrap());
        let mut muted: BTreeSet<Fingerprint> = BTreeSet::new();
        for a in &actions {
            if let Action::Suppress { alert, reason, .. } = a {
                match reason {
                    SuppressReason::Inhibited { .. } | SuppressReason::Silenced { .. } | SuppressReason::Flapping { .. } => {
                        muted.insert(*alert);
                    }
                    SuppressReason::Dedup { count } => prop_assert!(*count >= 2),
                    SuppressReason::Grouped { group, .. } => prop_assert!(!group.is_empty()),
                }
            }
        }
        for (fp, s) in &start {
            let Some(s) = s else { continue };
            if muted.contains(fp) {
                continue;
            }
            let deadline = *s + Duration::seconds(GROUP_WAIT + GROUP_INTERVAL);
            let ok = actions.iter().any(|a| matches!(a, Action::Notify(n)
                if n.at >= *s && n.at <= deadline
                && n.alerts.iter().any(|x| x.fingerprint == *fp)));
            prop_assert!(ok, "alert {} firing since {} not notified by {} (first notified {:?})",
                fp, s, deadline, first_notified(&actions).get(fp));
        }
    }

    /// Every firing → resolved change is reported (`alert_resolved`) at the instant it
    /// arrives, and only firing → firing repeats are folded as duplicates, each with a count
    /// one higher than the last.
    #[test]
    fn dedup_never_drops_a_state_change(stream in prop::collection::vec(arrival(), 1..60)) {
        let recs = records(&stream);
        let mut p = Pipeline::new(config(false)).unwrap();
        let mut state: BTreeMap<Fingerprint, bool> = BTreeMap::new();
        let mut counts: BTreeMap<Fingerprint, u64> = BTreeMap::new();
        for r in &recs {
            let a = r.alert.clone().unwrap();
            let fp = a.fingerprint();
            let now_firing = a.status == Some(AlertStatus::Firing);
            // Flushes due by now run first (an alert may leave with them).
            let flushed = p.tick(r.at).unwrap();
            let held = p.alert(fp).is_some();
            let before = if held { state.get(&fp).copied() } else { None };
            let resolved_in_flush = flushed.iter().filter(|x| matches!(x, Action::AlertResolved { alert, .. } if *alert == fp)).count();
            prop_assert_eq!(resolved_in_flush, 0, "a flush reported a resolve nobody sent");
            let expected_count = if held { counts.get(&fp).copied().unwrap_or(0) + 1 } else { 1 };
            counts.insert(fp, expected_count);
            let actions = p.ingest(a, r.at).unwrap();
            for x in &actions {
                if let Action::Suppress { alert, reason: SuppressReason::Dedup { count }, .. } = x {
                    prop_assert_eq!(*alert, fp);
                    prop_assert_eq!(*count, expected_count, "dedup count is not the number of arrivals");
                }
            }
            let resolved_now = actions.iter().filter(|x| matches!(x, Action::AlertResolved { alert, at, .. } if *alert == fp && *at == r.at)).count();
            let dedups = actions.iter().filter(|x| matches!(x, Action::Suppress { alert, reason: SuppressReason::Dedup { .. }, .. } if *alert == fp)).count();
            match (before, now_firing) {
                (Some(true), false) => prop_assert_eq!(resolved_now, 1, "a resolve was swallowed"),
                (Some(true), true) => prop_assert_eq!(dedups, 1, "a repeat was not folded"),
                _ => {
                    prop_assert_eq!(dedups, 0, "a state change was folded as a duplicate");
                    prop_assert_eq!(resolved_now, 0);
                }
            }
            state.insert(fp, now_firing);
        }
    }

    /// Grouping against a reference model. The model: on each route an alert's group is
    /// the route's `group_by` labels of it (`...`: all of them). Every notification's group
    /// labels are exactly that for each alert in it, so an alert is never in two groups of a
    /// route. A resolved alert reported in a notification is not in a later notification of
    /// that group unless it was sent again after that flush. A stream that ends with every
    /// alert resolved leaves nothing behind after the last flush.
    #[test]
    fn grouping_matches_a_reference_model(stream in prop::collection::vec(arrival(), 1..40)) {
        let recs = records(&stream);
        let end = end_of(&recs) + Duration::seconds(GROUP_INTERVAL);
        let mut p = Pipeline::new(config(false)).unwrap();
        let mut actions = Vec::new();
        for r in &recs {
            actions.extend(p.apply(r.clone()).unwrap());
        }
        // Resolve everything, then let every group flush once more.
        let last = end_of(&recs);
        let mut open: BTreeSet<Labels> = BTreeSet::new();
        for r in &recs {
            open.insert(r.alert.as_ref().unwrap().labels.clone());
        }
        let mut arrivals: Vec<(DateTime<Utc>, Fingerprint)> = recs.iter()
            .map(|r| (r.at, r.alert.as_ref().unwrap().fingerprint()))
            .collect();
        for l in open {
            arrivals.push((last, l.fingerprint()));
            let mut a = Alert::new(l);
            a.status = Some(AlertStatus::Resolved);
            actions.extend(p.ingest(a, last).unwrap());
        }
        actions.extend(p.tick(end).unwrap());
        actions.extend(p.tick(end + Duration::seconds(GROUP_INTERVAL)).unwrap());
        prop_assert_eq!(p.open_alerts(), 0, "resolved alerts stayed after their flush");
        prop_assert_eq!(p.open_groups(), 0, "groups of resolved alerts stayed open");
        let group_by = |receiver: &str| -> Option<Vec<&'static str>> {
            match receiver {
                "default" => Some(vec!["alertname"]),
                "db" => Some(vec!["alertname", "instance"]),
                _ => None, // `...`: every label
            }
        };
        let mut reported_resolved: BTreeMap<(String, Fingerprint), DateTime<Utc>> = BTreeMap::new();
        let mut group_of: BTreeMap<(String, Fingerprint), String> = BTreeMap::new();
        for a in &actions {
            let Action::Notify(n) = a else { continue };
            for x in &n.alerts {
                let expected = match group_by(&n.receiver) {
                    Some(names) => x.labels.subset(names),
                    None => x.labels.clone(),
                };
                prop_assert_eq!(&n.group_labels, &expected, "alert {} in the wrong group", x.labels);
                let key = (n.receiver.clone(), x.fingerprint);
                if let Some(g) = group_of.insert(key.clone(), n.group_key.clone()) {
                    prop_assert_eq!(&g, &n.group_key, "alert {} in two groups of one route", x.labels);
                }
                if let Some(t) = reported_resolved.get(&key) {
                    let sent_again = arrivals.iter().any(|(at, fp)| *fp == x.fingerprint && at >= t && *at <= n.at);
                    prop_assert!(sent_again, "alert {} still in its group after the flush that reported it resolved", x.labels);
                }
                if x.status == watchstander::alert::NotifiedStatus::Resolved {
                    reported_resolved.insert(key, n.at);
                } else {
                    reported_resolved.remove(&key);
                }
            }
        }
    }

    /// Under the `both-sides` rule (critical or warning on both sides, equal alertname), two
    /// alerts that both match both sides never inhibit one another, and nothing inhibits
    /// itself.
    #[test]
    fn an_alert_matching_both_sides_never_inhibits_itself(stream in prop::collection::vec(arrival(), 1..40)) {
        let recs = records(&stream);
        let actions = run(config(false), &recs, end_of(&recs));
        let both: Matchers = serde_json::from_value(json!(["severity=~critical|warning"])).unwrap();
        let labels_of: BTreeMap<Fingerprint, Labels> = recs.iter()
            .map(|r| { let a = r.alert.as_ref().unwrap(); (a.fingerprint(), a.labels.clone()) })
            .collect();
        for a in &actions {
            if let Action::Suppress { alert, reason: SuppressReason::Inhibited { by, rule, .. }, .. } = a {
                prop_assert_ne!(alert, by, "an alert inhibited itself");
                if rule == "both-sides" {
                    let (t, s) = (&labels_of[alert], &labels_of[by]);
                    prop_assert!(!(both.matches(t) && both.matches(s)),
                        "{} and {} both match both sides", t, s);
                }
            }
        }
    }

    /// A silence changes nothing for alerts outside its matchers: they are never reported
    /// silenced, and they are first notified exactly when they are without the silence.
    #[test]
    fn silences_never_touch_alerts_outside_their_matchers(
        stream in prop::collection::vec(arrival(), 1..40),
        which in 0usize..4,
    ) {
        let matchers = [
            json!(["team=db"]),
            json!(["alertname=~CPU|Disk", "severity!=info"]),
            json!(["instance=i1"]),
            json!(["{severity=\"warning\", team=~\"web\"}"]),
        ];
        let m: Matchers = serde_json::from_value(matchers[which].clone()).unwrap();
        let silence = SilenceSpec {
            id: "maintenance".into(),
            matchers: m.clone(),
            starts_at: t0(),
            ends_at: Some(t0() + Duration::days(1)),
            recurrence: None,
            duration: None,
            expire_on_resolve: false,
            remind_before: None,
            created_by: String::new(),
            comment: String::new(),
        };
        let recs = records(&stream);
        let end = end_of(&recs);
        let plain = run(config(false), &recs, end);
        let mut with = vec![ReplayRecord { at: t0(), alert: None, source: None, payload: None, silence: Some(silence), expire_silence: None }];
        with.extend(recs.iter().cloned());
        let silenced = run(config(false), &with, end);
        let outside: BTreeSet<Fingerprint> = recs.iter()
            .map(|r| r.alert.as_ref().unwrap())
            .filter(|a| !m.matches(&a.labels))
            .map(|a| a.fingerprint())
            .collect();
        for a in &silenced {
            if let Action::Suppress { alert, reason: SuppressReason::Silenced { .. }, .. } = a {
                prop_assert!(!outside.contains(alert), "{} silenced outside the matchers", alert);
            }
        }
        let (p, s) = (first_notified(&plain), first_notified(&silenced));
        for fp in &outside {
            prop_assert_eq!(p.get(fp), s.get(fp), "first notification of {} moved", fp);
        }
    }

    /// Two replays of one stream are equal; and a replay in two halves, the pipeline saved to
    /// JSON and restored in between, equals one replay: same actions, same counts, same state.
    #[test]
    fn replay_is_deterministic_and_split_invariant(
        stream in prop::collection::vec(arrival(), 1..50),
        split in any::<prop::sample::Index>(),
        flapping in any::<bool>(),
    ) {
        let recs = records(&stream);
        let end = end_of(&recs);
        let cfg = config(flapping);
        let whole = watchstander::alert::replay(cfg.clone(), recs.clone(), Some(end)).unwrap();
        let again = watchstander::alert::replay(cfg.clone(), recs.clone(), Some(end)).unwrap();
        prop_assert_eq!(&whole, &again);

        let k = split.index(recs.len() + 1);
        let mut first = Pipeline::new(cfg.clone()).unwrap();
        let mut actions = Vec::new();
        for r in &recs[..k] {
            actions.extend(first.apply(r.clone()).unwrap());
        }
        let saved = serde_json::to_string(&first.state()).unwrap();
        let mut second = Pipeline::from_state(cfg.clone(), serde_json::from_str(&saved).unwrap()).unwrap();
        for r in &recs[k..] {
            actions.extend(second.apply(r.clone()).unwrap());
        }
        actions.extend(second.tick(end).unwrap());
        prop_assert_eq!(&actions, &whole.actions);
        prop_assert_eq!(second.stats(), whole.summary.stats.clone());
        prop_assert_eq!(second.quality(), whole.summary.quality.clone());
        prop_assert_eq!(second.open_alerts(), whole.summary.open_alerts);
        prop_assert_eq!(second.open_groups(), whole.summary.open_groups);
        prop_assert_eq!(second.open_incidents(), whole.summary.open_incidents);
    }
}
