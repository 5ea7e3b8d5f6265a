//! Random valid incident histories for property tests of the SLA clocks and the live
//! incident: severity changes among levels on 24×7 and business clocks, acknowledgements,
//! resolutions and reopenings (often at the same instant), declines and merges, updates to
//! every audience, roles, participants and impact — with steps from zero (same instant) to
//! days, so clocks cross business hours, weekends and each other's boundaries.
//!
//! Ids and recording times follow generation order and occurrence times never go back, so
//! generation order is fold order.
#![allow(dead_code)]

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};
use watchstander::incident::{Event, Status};

const PEOPLE: [&str; 4] = ["alice", "bob", "chen", "dana"];
const ROLES: [&str; 3] = ["incident_commander", "scribe", "subject_matter_expert"];
const SEVERITIES: [&str; 4] = ["SEV-1", "SEV-2", "SEV-3", "SEV-4"];
const AUDIENCES: [&str; 3] = ["internal", "executive", "external"];

/// Friday 2026-11-27 15:30 UTC: an hour and a half before the default calendar closes for
/// the weekend.
pub fn start() -> DateTime<Utc> {
    watchstander::time::parse_instant("2026-11-27T15:30:00Z").unwrap()
}

fn event(
    n: usize,
    occurred: DateTime<Utc>,
    delay: i64,
    kind: &str,
    actor: &str,
    fields: Value,
) -> Event {
    let mut v = json!({
        "id": format!("e{n:04}"), "incident": "I", "kind": kind, "actor": actor,
        "occurred_at": occurred.to_rfc3339(),
        "recorded_at": (occurred + Duration::seconds(delay)).to_rfc3339(),
    });
    for (k, f) in fields.as_object().cloned().unwrap_or_default() {
        v[k] = f;
    }
    serde_json::from_value(v).unwrap()
}

fn step(r: u32) -> Duration {
    let x = (r >> 4) as i64;
    match r % 10 {
        0 | 1 => Duration::zero(),
        2 | 3 => Duration::seconds(1 + x % 59),
        4..=6 => Duration::minutes(1 + x % 120),
        7 | 8 => Duration::hours(2 + x % 29),
        _ => Duration::days(1 + x % 4) + Duration::minutes(x % 600),
    }
}

/// A valid history from random numbers.
pub fn history(first_severity: usize, choices: &[u32]) -> Vec<Event> {
    let mut now = start();
    let mut delay = 0i64;
    let mut status = Status::Triage;
    let mut severity = first_severity % 4;
    let mut present: Vec<&str> = Vec::new();
    let mut holders: Vec<(&str, &str)> = Vec::new();
    let mut impact = false;
    let mut out = vec![event(
        0,
        now,
        0,
        "detected",
        "alertmanager",
        json!({"title": "Payments latency", "severity": SEVERITIES[severity]}),
    )];
    for (i, r) in choices.iter().enumerate() {
        let r = *r;
        let n = i + 1;
        now += step(r);
        delay += ((r >> 20) % 30) as i64;
        let pick = (r >> 8) as usize;
        let person = PEOPLE[pick % PEOPLE.len()];
        let e = |kind: &str, actor: &str, fields: Value| event(n, now, delay, kind, actor, fields);
        let note = || e("note", person, json!({"text": "n"}));
        let open = status.is_open();
        let final_ = status.is_final();
        let winding = status == Status::Closed || final_;
        let ev = match (r >> 12) % 64 {
            0..=4 if open => e("acknowledged", person, json!({})),
            5..=9 if open => {
                let to = [
                    Status::Investigating,
                    Status::Identified,
                    Status::Monitoring,
                ]
                .into_iter()
                .filter(|s| *s != status)
                .nth(pick % 2)
                .unwrap();
                status = to;
                e("status_changed", "bob", json!({"to": to}))
            }
            10..=16 if open => {
                status = Status::Resolved;
                e("status_changed", "bob", json!({"to": "resolved"}))
            }
            17..=19 if status == Status::Resolved || status == Status::PostIncident => {
                let to = if status == Status::Resolved && pick.is_multiple_of(2) {
                    Status::PostIncident
                } else {
                    Status::Closed
                };
                status = to;
                e("status_changed", "bob", json!({"to": to}))
            }
            20..=27 if status.is_resolved() => {
                let to = Status::REOPEN_TARGETS[pick % 3];
                status = to;
                e("reopened", "bob", json!({"to": to, "reason": "back"}))
            }
            28..=38 if !final_ => {
                let to = (severity + 1 + pick % 3) % 4;
                severity = to;
                e(
                    "severity_changed",
                    "bob",
                    json!({"to": SEVERITIES[to], "reason": "re-assessed"}),
                )
            }
            39..=46 => e(
                "status_update_posted",
                "alice",
                json!({"audience": AUDIENCES[pick % 3], "text": "news"}),
            ),
            47..=49 if !winding => {
                let role = ROLES[pick % 3];
                if holders.contains(&(role, person)) {
                    note()
                } else {
                    if role != "subject_matter_expert" {
                        holders.retain(|(r, _)| *r != role);
                    }
                    holders.push((role, person));
                    if !present.contains(&person) {
                        present.push(person);
                    }
                    e(
                        "role_assigned",
                        "bob",
                        json!({"role": role, "person": person}),
                    )
                }
            }
            50 if !holders.is_empty() => {
                let (role, p) = holders.remove(pick % holders.len());
                e("role_released", p, json!({"role": role, "person": p}))
            }
            51 | 52 => {
                if present.contains(&person) {
                    present.retain(|p| *p != person);
                    holders.retain(|(_, p)| *p != person);
                    e("participant_left", person, json!({"person": person}))
                } else if !winding {
                    present.push(person);
                    e("participant_joined", person, json!({"person": person}))
                } else {
                    note()
                }
            }
            53 | 54 if !final_ || impact => {
                impact = !impact;
                if impact {
                    e("impact_started", person, json!({"description": "slow"}))
                } else {
                    e("impact_ended", person, json!({}))
                }
            }
            55 if open && pick.is_multiple_of(4) => {
                status = Status::Merged;
                e("merged", "bob", json!({"into": "INC-2"}))
            }
            56 if status == Status::Triage => {
                status = Status::Declined;
                e("status_changed", "bob", json!({"to": "declined"}))
            }
            _ => note(),
        };
        out.push(ev);
    }
    out
}
