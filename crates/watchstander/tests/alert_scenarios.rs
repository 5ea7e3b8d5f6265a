//! Alertmanager's tricky cases, re-expressed against the pipeline. Each test names the
//! Alertmanager test (v0.25) or documentation it follows; expected values come from that
//! source and hand computation, never from the engine.

use chrono::{DateTime, Duration, TimeZone, Utc};
use serde_json::json;
use watchstander::alert::{
    needs_update, Action, Alert, AlertConfig, AlertStatus, Fingerprint, Interval, Labels, LogEntry,
    Notification, NotifyReason, Pipeline, SuppressReason,
};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, 0).unwrap()
}
fn at(s: i64) -> DateTime<Utc> {
    t0() + Duration::seconds(s)
}
fn config(v: serde_json::Value) -> AlertConfig {
    serde_json::from_value(v).unwrap()
}
fn alert(pairs: &[(&str, &str)]) -> Alert {
    Alert::new(Labels::from_pairs(pairs.iter().copied()).unwrap())
}
fn resolved(pairs: &[(&str, &str)]) -> Alert {
    let mut a = alert(pairs);
    a.status = Some(AlertStatus::Resolved);
    a
}
fn firing(pairs: &[(&str, &str)]) -> Alert {
    let mut a = alert(pairs);
    a.status = Some(AlertStatus::Firing);
    a
}
fn notes(actions: &[Action]) -> Vec<&Notification> {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::Notify(n) => Some(n),
            _ => None,
        })
        .collect()
}
fn names(n: &Notification) -> Vec<String> {
    n.alerts
        .iter()
        .map(|a| format!("{}:{:?}", a.labels.value("instance"), a.status).to_lowercase())
        .collect()
}

/// notify_test.go TestDedupStageNeedsUpdate, case by case.
#[test]
fn dedup_stage_needs_update_cases() {
    let now = t0();
    let set = |v: &[u64]| v.iter().map(|n| Fingerprint(*n)).collect::<Vec<_>>();
    let entry = |f: &[u64], r: &[u64], ago_min: i64| LogEntry {
        firing: set(f),
        resolved: set(r),
        at: now - Duration::minutes(ago_min),
    };
    let ten = Interval::from_secs(600);
    // No entry: notify iff something fires.
    assert_eq!(
        needs_update(None, &set(&[2, 3, 4]), &[], false, ten, now),
        Some(NotifyReason::First)
    );
    assert_eq!(
        needs_update(None, &[], &set(&[2, 3, 4]), false, ten, now),
        None
    );
    // Different firing sets notify.
    assert_eq!(
        needs_update(
            Some(&entry(&[1, 2, 3], &[], 1)),
            &set(&[2, 3, 4]),
            &[],
            false,
            ten,
            now
        ),
        Some(NotifyReason::NewFiring)
    );
    // A zero (very old) timestamp always notifies.
    let ancient = LogEntry {
        at: Utc.with_ymd_and_hms(1, 1, 1, 0, 0, 0).unwrap(),
        ..entry(&[1, 2, 3], &[], 0)
    };
    assert!(needs_update(Some(&ancient), &set(&[1, 2, 3]), &[], false, ten, now).is_some());
    // 9 minutes against a 10 minute repeat: no; 11: yes.
    assert_eq!(
        needs_update(
            Some(&entry(&[1, 2, 3], &[], 9)),
            &set(&[1, 2, 3]),
            &[],
            false,
            ten,
            now
        ),
        None
    );
    assert_eq!(
        needs_update(
            Some(&entry(&[1, 2, 3], &[], 11)),
            &set(&[1, 2, 3]),
            &[],
            false,
            ten,
            now
        ),
        Some(NotifyReason::Repeat)
    );
    // Exactly 10 minutes is not "more than" 10.
    assert_eq!(
        needs_update(
            Some(&entry(&[1, 2, 3], &[], 10)),
            &set(&[1, 2, 3]),
            &[],
            false,
            ten,
            now
        ),
        None
    );
    // Only resolved alerts, none firing before: no notification even after the repeat.
    assert_eq!(
        needs_update(
            Some(&entry(&[], &[1, 2, 3], 11)),
            &[],
            &set(&[3, 4, 5]),
            true,
            ten,
            now
        ),
        None
    );
    // New resolved alerts: only with send_resolved.
    assert_eq!(
        needs_update(
            Some(&entry(&[1, 2], &[3], 9)),
            &set(&[1]),
            &set(&[2, 3]),
            false,
            ten,
            now
        ),
        None
    );
    assert_eq!(
        needs_update(
            Some(&entry(&[1, 2], &[3], 9)),
            &set(&[1]),
            &set(&[2, 3]),
            true,
            ten,
            now
        ),
        Some(NotifyReason::NewResolved)
    );
    // Everything resolved: notify whatever send_resolved says.
    for send_resolved in [false, true] {
        assert_eq!(
            needs_update(
                Some(&entry(&[1, 2], &[3], 9)),
                &[],
                &set(&[1, 2, 3]),
                send_resolved,
                ten,
                now
            ),
            Some(NotifyReason::AllResolved)
        );
    }
}

/// dispatch_test.go TestAggrGroup: the first notification comes group_wait after the group
/// opened, later ones on group_interval ticks; resolved alerts leave after the flush that
/// reports them, and an emptied group closes.
#[test]
fn aggregation_group_timers_and_resolved_removal() {
    let mut p = Pipeline::new(config(json!({"route": {
        "receiver": "r", "group_by": ["alertname"],
        "group_wait": "30s", "group_interval": "5m", "repeat_interval": "4h"
    }})))
    .unwrap();
    let a1 = [("alertname", "Down"), ("instance", "a")];
    let a2 = [("alertname", "Down"), ("instance", "b")];
    assert!(notes(&p.ingest(firing(&a1), at(0)).unwrap()).is_empty());
    let joined = p.ingest(firing(&a2), at(10)).unwrap();
    assert!(matches!(
        &joined[..],
        [Action::Suppress {
            reason: SuppressReason::Grouped { .. },
            ..
        }]
    ));
    assert!(notes(&p.tick(at(29)).unwrap()).is_empty());
    let first = p.tick(at(30)).unwrap();
    let n = notes(&first);
    assert_eq!(n.len(), 1);
    assert_eq!(n[0].at, at(30));
    assert_eq!(names(n[0]), ["a:firing", "b:firing"]);
    assert_eq!(n[0].group_key, "{}:{alertname=\"Down\"}");
    // a resolves at 100 s; the next flush (330 s) reports it, then it leaves.
    p.ingest(resolved(&a1), at(100)).unwrap();
    let second = p.tick(at(330)).unwrap();
    let n = notes(&second);
    assert_eq!(n.len(), 1);
    assert_eq!(names(n[0]), ["a:resolved", "b:firing"]);
    assert_eq!(p.open_alerts(), 1);
    // b resolves; at 630 s the all-resolved notification goes out and the group closes.
    p.ingest(resolved(&a2), at(400)).unwrap();
    let third = p.tick(at(630)).unwrap();
    assert_eq!(names(notes(&third)[0]), ["b:resolved"]);
    assert_eq!((p.open_alerts(), p.open_groups()), (0, 0));
}

/// A sparse tick runs every flush due before it at its own instant (replay equals live).
#[test]
fn sparse_ticks_equal_dense_ticks() {
    let cfg = json!({"route": {"receiver": "r", "group_by": ["alertname"], "group_wait": "10s", "group_interval": "1m", "repeat_interval": "3m"}});
    let run = |step: i64| {
        let mut p = Pipeline::new(config(cfg.clone())).unwrap();
        let mut out = p.ingest(firing(&[("alertname", "X")]), at(0)).unwrap();
        let mut t = 0;
        while t < 1000 {
            t = (t + step).min(1000);
            out.extend(p.tick(at(t)).unwrap());
        }
        notes(&out).iter().map(|n| n.at).collect::<Vec<_>>()
    };
    // First at 10 s; repeats when last + 3 min < flush: flushes at 70, 130, 190 (= 10 + 180,
    // not more), 250 → 250, then 430, 610, 790, 970.
    let expect: Vec<_> = [10, 250, 490, 730, 970].iter().map(|s| at(*s)).collect();
    assert_eq!(run(1), expect);
    assert_eq!(run(997), expect);
}

/// Repeat at 9 vs 11 minutes against a 10-minute repeat_interval, through the pipeline.
#[test]
fn repeat_interval_is_strict() {
    let mut p = Pipeline::new(config(json!({"route": {"receiver": "r", "group_wait": "0s", "group_interval": "1m", "repeat_interval": "10m"}}))).unwrap();
    let first = p.ingest(firing(&[("alertname", "X")]), at(0)).unwrap();
    assert_eq!(notes(&first).len(), 1);
    assert!(notes(&p.tick(at(9 * 60)).unwrap()).is_empty());
    assert!(notes(&p.tick(at(10 * 60)).unwrap()).is_empty());
    let eleven = p.tick(at(11 * 60)).unwrap();
    assert_eq!(notes(&eleven).len(), 1);
    assert_eq!(notes(&eleven)[0].reason, NotifyReason::Repeat);
}

/// An all-resolved group: the receiver is told (send_resolved) or nothing is sent but the log
/// is cleared, so the same alert firing again is news at once.
#[test]
fn all_resolved_groups() {
    for send_resolved in [true, false] {
        let mut p = Pipeline::new(config(json!({
            "route": {"receiver": "r", "group_wait": "0s", "group_interval": "1m", "repeat_interval": "4h"},
            "receivers": [{"name": "r", "send_resolved": send_resolved}]
        })))
        .unwrap();
        let a = [("alertname", "X")];
        p.ingest(firing(&a), at(0)).unwrap();
        p.ingest(resolved(&a), at(30)).unwrap();
        let out = p.tick(at(60)).unwrap();
        assert_eq!(
            notes(&out).len(),
            usize::from(send_resolved),
            "send_resolved={send_resolved}"
        );
        let again = p.ingest(firing(&a), at(90)).unwrap();
        assert_eq!(
            notes(&again).len(),
            1,
            "re-fire is new: send_resolved={send_resolved}"
        );
    }
}

/// inhibit_test.go: an alert matching both sides is not inhibited by alerts that also match
/// both sides (nor by itself); a resolved source stops inhibiting; `equal` must agree.
#[test]
fn inhibition_rules() {
    let cfg = config(json!({
        "route": {"receiver": "r", "group_by": ["..."], "group_wait": "0s", "group_interval": "1m"},
        "inhibit_rules": [{
            "name": "critical-mutes-lower",
            "source_matchers": ["severity=\"critical\""],
            "target_matchers": ["severity=~\"critical|warning\""],
            "equal": ["cluster"]
        }]
    }));
    let mut p = Pipeline::new(cfg).unwrap();
    let crit1 = [
        ("alertname", "A"),
        ("severity", "critical"),
        ("cluster", "c1"),
    ];
    let crit2 = [
        ("alertname", "B"),
        ("severity", "critical"),
        ("cluster", "c1"),
    ];
    let warn1 = [
        ("alertname", "C"),
        ("severity", "warning"),
        ("cluster", "c1"),
    ];
    let warn2 = [
        ("alertname", "D"),
        ("severity", "warning"),
        ("cluster", "c2"),
    ];
    let warn3 = [("alertname", "E"), ("severity", "warning")];
    let mut out = Vec::new();
    for a in [&crit1[..], &crit2, &warn1, &warn2, &warn3] {
        out.extend(p.ingest(firing(a), at(0)).unwrap());
    }
    let notified: Vec<_> = notes(&out)
        .iter()
        .map(|n| n.alerts[0].labels.value("alertname").to_string())
        .collect();
    // Both criticals notify (no self- or mutual inhibition); C is inhibited; D (other
    // cluster) and E (no cluster, while the sources have one) are not.
    assert_eq!(notified, ["A", "B", "D", "E"]);
    let inhibited: Vec<_> = out
        .iter()
        .filter_map(|a| match a {
            Action::Suppress {
                name,
                reason: SuppressReason::Inhibited { by_name, rule, .. },
                ..
            } => Some((name.to_string(), by_name.clone(), rule.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        inhibited,
        [(
            "C".to_string(),
            "A".to_string(),
            "critical-mutes-lower".to_string()
        )]
    );
    // Both sources resolve: C is notified at the next flush.
    p.ingest(resolved(&crit1), at(10)).unwrap();
    p.ingest(resolved(&crit2), at(10)).unwrap();
    let later = p.tick(at(60)).unwrap();
    let c: Vec<_> = notes(&later)
        .iter()
        .filter(|n| n.alerts.iter().any(|a| a.labels.value("alertname") == "C"))
        .count()
        .to_string()
        .chars()
        .collect();
    assert_eq!(c, ['1']);
    assert_eq!(
        p.stats().by_inhibit_rule.get("critical-mutes-lower"),
        Some(&1)
    );
}

/// A missing label equals an empty one on both sides of `equal`.
#[test]
fn inhibition_missing_equal_label_counts_as_equal() {
    let mut p = Pipeline::new(config(json!({
        "route": {"receiver": "r", "group_by": ["..."], "group_wait": "0s"},
        "inhibit_rules": [{"source_matchers": ["alertname=Outage"], "target_matchers": ["alertname=Latency"], "equal": ["zone"]}]
    })))
    .unwrap();
    p.ingest(firing(&[("alertname", "Outage")]), at(0)).unwrap();
    let out = p
        .ingest(firing(&[("alertname", "Latency")]), at(1))
        .unwrap();
    assert!(notes(&out).is_empty());
    assert!(out.iter().any(|a| matches!(
        a,
        Action::Suppress {
            reason: SuppressReason::Inhibited { .. },
            ..
        }
    )));
}

/// Routing (dispatch/route.go): depth-first, first match unless continue; children inherit.
#[test]
fn routing_tree() {
    let p = Pipeline::new(config(json!({
        "route": {
            "receiver": "default", "group_by": ["alertname"], "group_wait": "10s",
            "service": "platform", "escalation_policy": "P-PLATFORM",
            "routes": [
                {"matchers": ["team=\"db\""], "receiver": "db", "continue": true, "severity": "SEV-2",
                 "routes": [{"matchers": ["severity=\"critical\""], "receiver": "db-pager", "group_wait": "0s"}]},
                {"matchers": ["team=~\"db|web\""], "receiver": "web", "group_by": ["..."]},
                {"matchers": ["team=\"db\""], "receiver": "never"}
            ]
        },
        "receivers": [{"name": "default"}, {"name": "db"}, {"name": "db-pager"}, {"name": "web"}, {"name": "never"}]
    })))
    .unwrap();
    let routes = |pairs: &[(&str, &str)]| {
        let l = Labels::from_pairs(pairs.iter().copied()).unwrap();
        p.routes()
            .matches(&l)
            .iter()
            .map(|i| p.routes().node(*i).unwrap().opts.receiver.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        routes(&[("team", "db"), ("severity", "critical")]),
        ["db-pager", "web"]
    );
    assert_eq!(routes(&[("team", "db")]), ["db", "web"]);
    assert_eq!(routes(&[("team", "web")]), ["web"]);
    assert_eq!(routes(&[("team", "ops")]), ["default"]);
    let pager = p
        .routes()
        .nodes()
        .iter()
        .find(|n| n.opts.receiver == "db-pager")
        .unwrap();
    assert_eq!(pager.opts.group_wait, Interval::from_secs(0));
    assert_eq!(pager.opts.group_interval, Interval::from_secs(300));
    assert_eq!(pager.opts.severity.as_deref(), Some("SEV-2"));
    assert_eq!(pager.opts.escalation_policy.as_deref(), Some("P-PLATFORM"));
    assert_eq!(pager.key, "{}/{team=\"db\"}/{severity=\"critical\"}");
}

/// PagerDuty dedup keys: scoped per service, open alerts only, duplicates count, resolve by key.
#[test]
fn dedup_keys_per_service() {
    let mut p = Pipeline::new(config(
        json!({"route": {"receiver": "r", "group_by": ["..."], "group_wait": "0s"}}),
    ))
    .unwrap();
    let pd = |service: &str, key: &str, status: AlertStatus| {
        let mut a = alert(&[("alertname", "Disk")]);
        a.service = Some(service.into());
        a.dedup_key = Some(key.into());
        a.status = Some(status);
        a
    };
    assert_eq!(
        notes(
            &p.ingest(pd("svc-a", "k1", AlertStatus::Firing), at(0))
                .unwrap()
        )
        .len(),
        1
    );
    let dup = p
        .ingest(pd("svc-a", "k1", AlertStatus::Firing), at(5))
        .unwrap();
    assert!(matches!(
        &dup[..],
        [Action::Suppress {
            reason: SuppressReason::Dedup { count: 2 },
            ..
        }]
    ));
    // The same key in another service is another alert.
    let other = p
        .ingest(pd("svc-b", "k1", AlertStatus::Firing), at(6))
        .unwrap();
    assert!(!other.iter().any(|a| matches!(
        a,
        Action::Suppress {
            reason: SuppressReason::Dedup { .. },
            ..
        }
    )));
    assert_eq!(p.open_alerts(), 2);
    // Resolve by key, with no labels at all.
    let mut r = Alert::new(Labels::default());
    r.service = Some("svc-a".into());
    r.dedup_key = Some("k1".into());
    r.status = Some(AlertStatus::Resolved);
    let out = p.ingest(r.clone(), at(10)).unwrap();
    assert!(out
        .iter()
        .any(|a| matches!(a, Action::AlertResolved { .. })));
    // A resolve for a key with no open alert does nothing.
    p.tick(at(400)).unwrap();
    assert!(p.ingest(r, at(401)).unwrap().is_empty());
}

/// A recurring silence follows the zone's wall clock across DST; every suppression names it.
#[test]
fn recurring_silence_across_dst() {
    let mut p = Pipeline::new(config(json!({
        "route": {"receiver": "r", "group_by": ["..."], "group_wait": "0s", "group_interval": "1m"},
        "silences": [{
            "id": "sunday-maintenance", "matchers": ["service=db"],
            "starts_at": "2026-01-01T00:00:00Z",
            "recurrence": "DTSTART;TZID=Europe/Berlin:20260104T020000\nRRULE:FREQ=WEEKLY;BYDAY=SU",
            "duration": "2h"
        }]
    })))
    .unwrap();
    // 29 March 2026: Berlin springs forward at 02:00 → 03:00, so the 02:00 window starts at
    // 03:00 CEST = 01:00Z and ends at 04:00 CEST = 02:00Z (one hour, by the wall clock).
    let sun = Utc.with_ymd_and_hms(2026, 3, 29, 0, 30, 0).unwrap();
    let out = p
        .ingest(firing(&[("alertname", "Lag"), ("service", "db")]), sun)
        .unwrap();
    assert_eq!(
        notes(&out).len(),
        1,
        "00:30Z is 01:30 CET, before the window"
    );
    let mut p2 = p.clone();
    let in_window = Utc.with_ymd_and_hms(2026, 3, 29, 1, 30, 0).unwrap();
    let out = p2
        .ingest(
            firing(&[("alertname", "Other"), ("service", "db")]),
            in_window,
        )
        .unwrap();
    assert!(notes(&out).is_empty());
    assert!(out.iter().any(|a| matches!(a, Action::Suppress { reason: SuppressReason::Silenced { silences }, .. } if silences == &["sunday-maintenance"])));
    let after = Utc.with_ymd_and_hms(2026, 3, 29, 2, 0, 0).unwrap();
    assert_eq!(
        notes(&p2.tick(after + Duration::minutes(1)).unwrap()).len(),
        1
    );
}

/// expire_on_resolve ends the silence once what it muted has resolved; reminders fire.
#[test]
fn silence_expiry_on_resolve_and_reminder() {
    let mut p = Pipeline::new(config(
        json!({"route": {"receiver": "r", "group_wait": "0s", "group_interval": "1m"}}),
    ))
    .unwrap();
    let spec = serde_json::from_value(json!({
        "id": "s1", "matchers": ["alertname=X"], "starts_at": "2026-11-26T10:00:00Z",
        "ends_at": "2026-11-26T12:00:00Z", "expire_on_resolve": true, "remind_before": "30m"
    }))
    .unwrap();
    p.add_silence(spec, at(0)).unwrap();
    p.ingest(firing(&[("alertname", "X")]), at(1)).unwrap();
    let out = p.ingest(resolved(&[("alertname", "X")]), at(120)).unwrap();
    assert!(out
        .iter()
        .any(|a| matches!(a, Action::SilenceExpired { silence, .. } if silence == "s1")));
    let mut q = Pipeline::new(config(json!({"route": {"receiver": "r"}}))).unwrap();
    let spec = serde_json::from_value(json!({
        "id": "s2", "matchers": ["alertname=X"], "starts_at": "2026-11-26T10:00:00Z",
        "ends_at": "2026-11-26T12:00:00Z", "remind_before": "30m"
    }))
    .unwrap();
    q.add_silence(spec, at(0)).unwrap();
    let out = q.tick(at(2 * 3600)).unwrap();
    assert!(matches!(&out[..], [Action::SilenceExpiring { at: when, .. }] if *when == at(5400)));
}

/// Expiry reminders of several silences: each is sent once, at its own time, in order; a
/// silence ended before its reminder sends none; and a pipeline restored from its state sends
/// the reminders still to come.
#[test]
fn expiry_reminders_of_several_silences() {
    let cfg = || config(json!({"route": {"receiver": "r"}}));
    let mut p = Pipeline::new(cfg()).unwrap();
    for (id, ends, before) in [
        ("late", 12, "30m"),
        ("early", 11, "10m"),
        ("ended", 11, "5m"),
    ] {
        let spec = serde_json::from_value(json!({
            "id": id, "matchers": ["alertname=X"], "starts_at": "2026-11-26T10:00:00Z",
            "ends_at": format!("2026-11-26T{ends}:00:00Z"), "remind_before": before
        }))
        .unwrap();
        p.add_silence(spec, at(0)).unwrap();
    }
    p.expire_silence("ended", at(60)).unwrap();
    let reminders = |out: &[Action]| -> Vec<(String, i64)> {
        out.iter()
            .filter_map(|a| match a {
                Action::SilenceExpiring {
                    silence, at: when, ..
                } => Some((silence.clone(), (*when - at(0)).num_seconds())),
                _ => None,
            })
            .collect()
    };
    // Nothing is due before 10:50, whatever arrives.
    assert!(reminders(&p.ingest(firing(&[("alertname", "Y")]), at(2999)).unwrap()).is_empty());
    let restored = Pipeline::from_state(cfg(), p.state()).unwrap();
    assert_eq!(
        reminders(&p.tick(at(3000)).unwrap()),
        [("early".to_string(), 3000)]
    );
    assert!(reminders(&p.tick(at(5399)).unwrap()).is_empty());
    assert_eq!(
        reminders(&p.ingest(firing(&[("alertname", "Z")]), at(7000)).unwrap()),
        [("late".to_string(), 5400)]
    );
    assert!(reminders(&p.tick(at(7100)).unwrap()).is_empty());
    // The restored pipeline, at once past both: both, in time order.
    let mut restored = restored;
    assert_eq!(
        reminders(&restored.tick(at(7200)).unwrap()),
        [("early".to_string(), 3000), ("late".to_string(), 5400)]
    );
}

/// Flapping with hysteresis: held at 4 changes, released only at ≤ 1 change in the window.
#[test]
fn flapping_holds_pages_with_hysteresis() {
    let mut p = Pipeline::new(config(json!({
        "route": {"receiver": "r", "group_by": ["..."], "group_wait": "0s", "group_interval": "1m", "repeat_interval": "1h"},
        "flapping": {"window": "30m", "start_changes": 4, "stop_changes": 1}
    })))
    .unwrap();
    let a = [("alertname", "Flappy")];
    let mut out = Vec::new();
    // fire, resolve, fire, resolve, fire: 4 changes by 8 min.
    for (i, s) in [0, 120, 240, 360, 480].iter().enumerate() {
        let x = if i % 2 == 0 { firing(&a) } else { resolved(&a) };
        out.extend(p.ingest(x, at(*s)).unwrap());
        out.extend(p.tick(at(*s + 60)).unwrap());
    }
    assert!(out.iter().any(|a| matches!(
        a,
        Action::Suppress {
            reason: SuppressReason::Flapping { changes: 4, .. },
            ..
        }
    )));
    // 30 min after the 2nd change only 2 remain (> stop 1): still held, no page.
    let held = p.tick(at(240 + 1800 + 30)).unwrap();
    assert!(notes(&held).is_empty());
    // After the 3rd change ages out (360 + 1800), only 1 remains: released and notified.
    let released = p.tick(at(360 + 1800 + 60)).unwrap();
    assert_eq!(notes(&released).len(), 1);
}

/// An alert storm in one group is one incident; when all resolve, it resolves.
#[test]
fn storm_collapses_into_one_incident() {
    let mut p = Pipeline::new(config(json!({"route": {
        "receiver": "r", "group_by": ["alertname"], "group_wait": "30s", "group_interval": "1m",
        "service": "checkout", "escalation_policy": "P-CHECKOUT", "severity": "SEV-2"
    }})))
    .unwrap();
    let mut out = Vec::new();
    for i in 0..50 {
        let host = format!("web-{i}");
        out.extend(
            p.ingest(
                firing(&[("alertname", "HighErrorRate"), ("instance", &host)]),
                at(i),
            )
            .unwrap(),
        );
    }
    out.extend(p.tick(at(120)).unwrap());
    let opened: Vec<_> = out
        .iter()
        .filter(|a| matches!(a, Action::OpenIncident(_)))
        .collect();
    assert_eq!(opened.len(), 1);
    if let Action::OpenIncident(o) = opened[0] {
        assert_eq!(o.service.as_deref(), Some("checkout"));
        assert_eq!(o.severity.as_deref(), Some("SEV-2"));
    }
    assert_eq!(
        out.iter()
            .filter(|a| matches!(a, Action::Attach { .. }))
            .count(),
        49
    );
    for i in 0..50 {
        let host = format!("web-{i}");
        out.extend(
            p.ingest(
                resolved(&[("alertname", "HighErrorRate"), ("instance", &host)]),
                at(200 + i),
            )
            .unwrap(),
        );
    }
    assert_eq!(
        out.iter()
            .filter(|a| matches!(a, Action::ResolveIncident { .. }))
            .count(),
        1
    );
}

/// PagerDuty content-based grouping: equal fields within a rolling window share an incident.
#[test]
fn content_based_incident_grouping() {
    let mut p = Pipeline::new(config(json!({
        "route": {"receiver": "r", "group_by": ["..."], "group_wait": "0s"},
        "incidents": {"rules": [{"grouping": {"kind": "content", "fields": ["cluster"], "aggregate": "all", "window": "10m"}}]}
    })))
    .unwrap();
    let mut out = Vec::new();
    out.extend(
        p.ingest(firing(&[("alertname", "A"), ("cluster", "eu")]), at(0))
            .unwrap(),
    );
    out.extend(
        p.ingest(firing(&[("alertname", "B"), ("cluster", "eu")]), at(500))
            .unwrap(),
    );
    // Rolling: 500 s after B, still within 10 min of the last grouped alert.
    out.extend(
        p.ingest(firing(&[("alertname", "C"), ("cluster", "eu")]), at(1000))
            .unwrap(),
    );
    out.extend(
        p.ingest(firing(&[("alertname", "D"), ("cluster", "us")]), at(1001))
            .unwrap(),
    );
    // 11 minutes after C: a new incident.
    out.extend(
        p.ingest(
            firing(&[("alertname", "E"), ("cluster", "eu")]),
            at(1000 + 660),
        )
        .unwrap(),
    );
    let opened = out
        .iter()
        .filter(|a| matches!(a, Action::OpenIncident(_)))
        .count();
    let attached = out
        .iter()
        .filter(|a| matches!(a, Action::Attach { .. }))
        .count();
    assert_eq!((opened, attached), (3, 2));
}

/// Memory stays proportional to open alerts: 200 000 alerts that fire and resolve leave
/// nothing behind.
#[test]
fn resolved_alerts_leave_the_pipeline() {
    let mut p = Pipeline::new(config(json!({"route": {"receiver": "r", "group_by": ["alertname"], "group_wait": "1s", "group_interval": "1s"}}))).unwrap();
    for i in 0..200_000i64 {
        let name = format!("A{}", i % 100);
        let inst = i.to_string();
        let mut a = alert(&[("alertname", &name), ("instance", &inst)]);
        a.starts_at = Some(at(i / 100));
        a.ends_at = Some(at(i / 100 + 3));
        p.ingest(a, at(i / 100)).unwrap();
        assert!(
            p.open_alerts() <= 600,
            "open alerts {} at {i}",
            p.open_alerts()
        );
    }
    p.tick(at(10_000)).unwrap();
    assert_eq!((p.open_alerts(), p.open_groups()), (0, 0));
}

/// Instants never go backwards.
#[test]
fn clock_regression_is_refused() {
    let mut p = Pipeline::new(config(json!({"route": {"receiver": "r"}}))).unwrap();
    p.tick(at(10)).unwrap();
    assert_eq!(p.tick(at(9)).unwrap_err().code(), "alert_clock_regression");
}

/// A replay's output is bounded: a notification lists every alert of its group, so alerts
/// joining one group a second apart, flushed every second, list 1 + 2 + … + n alerts in all
/// (n(n+1)/2, by hand) — the square of the stream. 1 000 alerts list 500 500 (plus 1 000
/// notifications and 1 000 incident actions, under `MAX_REPLAY_OUTPUT`); 1 500 would list
/// 1 125 750 and are refused with `alert_too_large` as soon as the output passes the limit.
#[test]
fn replay_output_is_bounded_although_notifications_grow_with_their_group() {
    use watchstander::alert::{replay, ReplayRecord, MAX_REPLAY_OUTPUT};
    let cfg = config(
        json!({"route": {"receiver": "team", "group_by": ["alertname"],
        "group_wait": "0s", "group_interval": "1s"}}),
    );
    let records = |n: usize| -> Vec<ReplayRecord> {
        (0..n)
            .map(|i| ReplayRecord {
                at: at(i as i64),
                alert: Some(firing(&[
                    ("alertname", "Down"),
                    ("instance", &format!("i{i}")),
                ])),
                source: None,
                payload: None,
                silence: None,
                expire_silence: None,
            })
            .collect()
    };
    // Alert i joins at second i; the flush at second i (before it joins) lists alerts 0..i-1,
    // the one at second 1 has nothing new, and the last is at `until`.
    let out = replay(cfg.clone(), records(1_000), Some(at(1_000))).unwrap();
    let listed: Vec<usize> = notes(&out.actions).iter().map(|n| n.alerts.len()).collect();
    assert_eq!(listed.len(), 1_000);
    assert_eq!(listed.iter().sum::<usize>(), 500_500);
    assert!(500_500 + out.actions.len() <= MAX_REPLAY_OUTPUT);
    let e = replay(cfg, records(1_500), Some(at(1_500))).unwrap_err();
    assert_eq!(e.code(), "alert_too_large");
    assert!(e.to_string().contains("1000000"), "{e}");
}

/// More than `MAX_REPLAY_RECORDS` records are refused before any is replayed.
#[test]
fn replay_records_are_bounded() {
    use watchstander::alert::{replay, ReplayRecord, MAX_REPLAY_RECORDS};
    let tick = ReplayRecord {
        at: t0(),
        alert: None,
        source: None,
        payload: None,
        silence: None,
        expire_silence: None,
    };
    let cfg = config(json!({"route": {"receiver": "team"}}));
    let e = replay(
        cfg.clone(),
        vec![tick.clone(); MAX_REPLAY_RECORDS + 1],
        None,
    )
    .unwrap_err();
    assert_eq!(e.code(), "alert_too_large");
    assert_eq!(
        replay(cfg, vec![tick; MAX_REPLAY_RECORDS], None)
            .unwrap()
            .summary
            .records,
        MAX_REPLAY_RECORDS
    );
}

/// `n` explicitly firing alerts (no end: they never resolve by themselves), each in its own
/// group on a route flushed every second.
fn many_open_groups(n: usize) -> (Pipeline, Vec<Alert>) {
    let p = Pipeline::new(config(
        json!({"route": {"receiver": "r", "group_by": ["instance"],
        "group_wait": "1s", "group_interval": "1s", "repeat_interval": "1h"}}),
    ))
    .unwrap();
    let alerts = (0..n)
        .map(|i| firing(&[("alertname", "Down"), ("instance", &format!("i{i}"))]))
        .collect();
    (p, alerts)
}

/// Catching up is bounded per call: a tick that would run more than MAX_FLUSHES_PER_CALL group
/// flushes is refused before any work, with the instant the pipeline is at; ticking in steps
/// gets there.
#[test]
fn catching_up_is_bounded_per_call() {
    use watchstander::alert::{AlertError, MAX_FLUSHES_PER_CALL};
    let (mut p, alerts) = many_open_groups(1000);
    for a in alerts {
        p.ingest(a, at(0)).unwrap();
    }
    p.tick(at(1)).unwrap();
    // 1000 groups, 1500 s behind at one flush a second: 1.5 million flushes.
    let err = p.tick(at(1501)).unwrap_err();
    assert_eq!(err.code(), "alert_limit_exceeded");
    match &err {
        AlertError::LimitExceeded { limit, hint, .. } => {
            assert_eq!(*limit as u64, MAX_FLUSHES_PER_CALL);
            assert!(hint.contains("2026-11-26 10:00:01"), "{hint}");
        }
        other => panic!("{other:?}"),
    }
    // Nothing was done: the same pipeline still ticks from where it was, and an ingest far
    // ahead is refused the same way.
    assert_eq!(p.next_timer(), Some(at(2)));
    assert!(p
        .ingest(firing(&[("alertname", "Late")]), at(1501))
        .is_err());
    assert_eq!(
        p.tick(at(101)).unwrap().len(),
        0,
        "repeat_interval not reached"
    );
    assert_eq!(p.next_timer(), Some(at(102)));
}

/// The first bound (every group at the shortest interval) is only a gate: groups on a route
/// with a long interval are counted at their own, so a few fast groups do not make a tick of
/// many slow ones refused.
#[test]
fn slow_groups_are_counted_at_their_own_interval() {
    let mut p = Pipeline::new(config(
        json!({"route": {"receiver": "r", "group_by": ["instance"],
        "group_wait": "1s", "group_interval": "1h",
        "routes": [{"matchers": ["fast=\"yes\""], "group_interval": "1s"}]}}),
    ))
    .unwrap();
    for i in 0..2000 {
        p.ingest(
            firing(&[("alertname", "Slow"), ("instance", &format!("i{i}"))]),
            at(0),
        )
        .unwrap();
    }
    p.ingest(firing(&[("alertname", "Fast"), ("fast", "yes")]), at(0))
        .unwrap();
    // 2001 groups × (1 + 3 h at 1 s) would be 21.6 million; really 2000 × 4 + 1 × 10 801.
    assert!(p.tick(at(3 * 3600)).is_ok());
}

/// A replay is one call: all its flushes together are bounded, whether the bound is passed
/// at once (a long `until`) or little by little (records spread over a long time).
#[test]
fn a_replay_that_would_flush_too_often_is_too_large() {
    use watchstander::alert::{replay, ReplayRecord};
    let cfg = || {
        config(json!({"route": {"receiver": "r", "group_by": ["instance"],
            "group_wait": "1s", "group_interval": "1s", "repeat_interval": "1h"}}))
    };
    let record = |s: i64, i: usize| -> ReplayRecord {
        serde_json::from_value(json!({"at": at(s), "alert": {"status": "firing",
            "labels": {"alertname": "Down", "instance": format!("i{i}")}}}))
        .unwrap()
    };
    let opening: Vec<ReplayRecord> = (0..1000).map(|i| record(0, i)).collect();
    let err = replay(cfg(), opening.clone(), Some(at(2000))).unwrap_err();
    assert_eq!(err.code(), "alert_too_large", "{err}");
    assert!(err.to_string().contains("group flushes"), "{err}");
    // Within the bound: 1000 groups for 900 s.
    let ok = replay(cfg(), opening.clone(), Some(at(900))).unwrap();
    assert_eq!(ok.summary.open_groups, 1000);
    // Little by little: a record every 100 s keeps 1000 groups flushing every second.
    let mut spread = opening;
    spread.extend((1..=11).map(|k| record(100 * k, 0)));
    let err = replay(cfg(), spread, None).unwrap_err();
    assert_eq!(err.code(), "alert_too_large", "{err}");
}
