//! The SLA clocks of an incident computed the direct way, period by period from detection
//! (the implementation watchstander had before its clocks became incremental). Quadratic, but
//! an independent statement of the rules in `docs/incident.md`: the property tests check the
//! incremental clocks against it.
#![allow(dead_code)]

use chrono::{DateTime, Utc};
use watchstander::incident::{Incident, IncidentConfig, IncidentSla, Retarget, SlaReport, Status};
use watchstander::severity::{ClockState, Pause, SlaClock, SlaKind, SlaStatus};

/// Both clocks at `now` (not before the last event).
pub fn reference_sla(
    incident: &Incident,
    config: &IncidentConfig,
    now: DateTime<Utc>,
) -> IncidentSla {
    let first_exit = incident
        .status_history
        .iter()
        .find(|p| !p.status.is_open())
        .map(|p| p.from);
    let response_stop = match (incident.first_acknowledgement().map(|a| a.at), first_exit) {
        (Some(a), Some(x)) => Some(a.min(x)),
        (a, x) => a.or(x),
    };
    let (resolve_pauses, resolve_stop) = resolve_shape(incident);
    IncidentSla {
        as_of: now,
        response: report(
            incident,
            config,
            SlaKind::Response,
            Vec::new(),
            response_stop,
            now,
        ),
        resolve: report(
            incident,
            config,
            SlaKind::Resolve,
            resolve_pauses,
            resolve_stop,
            now,
        ),
    }
}

/// The resolve clock's pauses (resolved spans that a reopen ended) and its stop.
fn resolve_shape(incident: &Incident) -> (Vec<Pause>, Option<DateTime<Utc>>) {
    let mut pauses = Vec::new();
    let mut run_start: Option<DateTime<Utc>> = None;
    for p in &incident.status_history {
        if p.status.is_open() {
            if let Some(from) = run_start.take() {
                pauses.push(Pause {
                    from,
                    until: Some(p.from),
                    reason: format!("{}; reopened later", Status::Resolved.as_str()),
                });
            }
        } else if run_start.is_none() {
            run_start = Some(p.from);
        }
    }
    (pauses, run_start)
}

/// The first instant at or after `t` at which the clock runs (not inside a pause), if by
/// `end`; `None` while still paused.
fn running_from(pauses: &[Pause], t: DateTime<Utc>, end: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let mut at = t;
    for p in pauses {
        if p.from <= at {
            at = at.max(p.until?);
        }
    }
    (at <= end).then_some(at)
}

fn report(
    incident: &Incident,
    config: &IncidentConfig,
    kind: SlaKind,
    pauses: Vec<Pause>,
    stop: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> SlaReport {
    let policy = &config.severity_policy;
    let start = incident.detected_at;
    // Severity periods that judge the clock: those that began before it stopped (the first
    // always does).
    let judged: Vec<_> = incident
        .severity_history
        .iter()
        .enumerate()
        .filter(|(i, p)| *i == 0 || stop.is_none_or(|s| p.from < s))
        .map(|(_, p)| p)
        .collect();
    let mut breach: Option<(DateTime<Utc>, String)> = None;
    let mut last: Option<(SlaStatus, SlaClock)> = None;
    let mut retargeted = Vec::new();
    let mut previous: Option<&str> = None;
    for (i, period) in judged.iter().enumerate() {
        if let Some(prev) = previous {
            retargeted.push(Retarget {
                at: period.from,
                from: prev.to_string(),
                to: period.severity.clone(),
            });
        }
        previous = Some(&period.severity);
        let is_last = i + 1 == judged.len();
        let Some(target) = policy.target(&period.severity, kind).unwrap() else {
            if is_last {
                last = None;
            }
            continue;
        };
        let clock = SlaClock {
            target,
            started_at: start,
            pauses: pauses.clone(),
            stopped_at: stop,
        };
        let until = if is_last {
            now
        } else {
            period.until.unwrap_or(now).min(now)
        };
        let status: SlaStatus = clock.status(policy, until).unwrap();
        if breach.is_none() {
            if let Some(b) = status.breached_at {
                let effective = if b < period.from {
                    running_from(&pauses, period.from, until)
                        .filter(|t| stop.is_none_or(|s| *t < s))
                } else {
                    Some(b)
                };
                if let Some(at) = effective {
                    breach = Some((at, period.severity.clone()));
                }
            }
        }
        if is_last {
            last = Some((status, clock));
        }
    }
    let severity = judged
        .last()
        .map_or_else(|| incident.severity.clone(), |p| p.severity.clone());
    let paused_seconds = pauses
        .iter()
        .map(|p| {
            (p.until.unwrap_or(now).min(now) - p.from)
                .num_seconds()
                .max(0)
        })
        .sum();
    // An incident clock's pauses are resolved spans that a reopen ended, and its stop is an
    // event; `now` is not before any event, so at `now` the clock is stopped or running.
    let state = if stop.is_some() {
        ClockState::Stopped
    } else {
        ClockState::Running
    };
    let stopped = state == ClockState::Stopped;
    let (target, clock, deadline, projected, elapsed, remaining) = match &last {
        Some((s, c)) => (
            Some(policy.duration_of(&c.target)),
            Some(c.target.clock),
            s.deadline,
            s.deadline_projected,
            Some(s.elapsed_seconds),
            Some(s.remaining_seconds),
        ),
        None => (None, None, None, false, None, None),
    };
    // A met clock has no deadline any more; a breached one keeps it.
    let deadline = if stopped && breach.is_none() {
        None
    } else {
        deadline
    };
    let breached = breach.is_some();
    SlaReport {
        kind,
        severity,
        target,
        clock,
        started_at: start,
        stopped_at: stop,
        state,
        deadline,
        deadline_projected: projected,
        elapsed_seconds: elapsed,
        remaining_seconds: remaining,
        paused_seconds,
        pauses,
        breached,
        breached_at: breach.as_ref().map(|b| b.0),
        breached_under: breach.map(|b| b.1),
        met: stopped.then_some(!breached),
        retargeted,
    }
}
