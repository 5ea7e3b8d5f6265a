//! Helpers shared by the `escalation_*` integration tests.
#![allow(dead_code)]

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};
use watchstander::escalation::{
    plan, Directory, EscalationEvent, EscalationPolicy, IncidentStart, Notification, PersonProfile,
    Plan, PlanOptions,
};
use watchstander::schedule::{Interval, Schedule};

/// An instant from RFC 3339.
pub fn t(s: &str) -> DateTime<Utc> {
    watchstander::time::parse_instant(s).unwrap()
}

/// A directory from JSON documents, compiled over `[start, start + days)`.
pub fn directory(
    policies: Value,
    schedules: Value,
    people: Value,
    start: &str,
    days: i64,
) -> Directory {
    let policies: Vec<EscalationPolicy> = serde_json::from_value(policies).unwrap();
    let schedules: Vec<Schedule> = serde_json::from_value(schedules).unwrap();
    let people: Vec<PersonProfile> = serde_json::from_value(people).unwrap();
    let s = t(start);
    Directory::new(
        policies,
        schedules,
        people,
        None,
        Interval::new(s, s + Duration::days(days)).unwrap(),
    )
    .unwrap()
}

/// Bare people (no rules: one notification at once).
pub fn bare(ids: &[&str]) -> Value {
    Value::Array(ids.iter().map(|id| json!({"id": id})).collect())
}

/// An incident on the directory's only policy (or `policy`).
pub fn incident(id: &str, created: &str) -> IncidentStart {
    IncidentStart::new(id, t(created))
}

/// A plan with the default options and a horizon of `hours`.
pub fn plan_for(
    dir: &Directory,
    inc: &IncidentStart,
    events: &[EscalationEvent],
    hours: i64,
) -> Plan {
    plan(
        dir,
        inc,
        events,
        &PlanOptions {
            horizon: Duration::hours(hours),
            ..PlanOptions::default()
        },
    )
    .unwrap()
}

/// `"HH:MM person Lx/y"` lines, UTC.
pub fn lines(ns: &[Notification]) -> Vec<String> {
    ns.iter()
        .map(|n| {
            format!(
                "{} {} L{}/{}",
                n.at.format("%H:%M"),
                n.person,
                n.level,
                n.loop_number
            )
        })
        .collect()
}

pub fn ack(at: &str, by: &str) -> EscalationEvent {
    EscalationEvent::Acknowledged {
        at: t(at),
        by: Some(by.to_string()),
    }
}
