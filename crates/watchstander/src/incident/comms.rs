//! Communication: when each audience's next status update is due, which are overdue, and the
//! stakeholder notification plan (who must be told what, by when).
//!
//! # Update cadence
//!
//! Each severity level sets an update interval per [`Audience`] (`updates` in the severity
//! policy; by default SEV-2 updates responders hourly, executives every two hours and customers
//! hourly). While the incident is **open**, for each audience the severity in force updates:
//!
//! * the audience has been *required* since the start of the current run of severities that
//!   update it (or since the last reopen, if later);
//! * the **first update** is due one interval after that;
//! * after an update, the **next** is due one interval after the last update to that audience;
//! * an audience the current severity does not update has nothing due.
//!
//! # What a severity change does to a cadence
//!
//! The rule is the SLA clocks' one: **a severity change is judged from the change onward**.
//! Nobody can have missed an interval that did not yet apply, and a change never cancels an
//! update that was already due:
//!
//! * the update is due one interval of the severity in force at the last update (or at the
//!   start of the requirement) after it — as promised before the change;
//! * **or**, if sooner, one interval of the new severity after each later change.
//!
//! So an upgrade from SEV-3 (internal updates every 4 h) at 10:00 to SEV-1 (every 30 min) at
//! 11:00 makes the next internal update due at 11:30 — not at 10:30, which would be overdue
//! before the change was made. A downgrade keeps the update already promised (the longer
//! interval counts from the next update on), and a change to a severity with the same
//! interval changes nothing. The stakeholder plan's first notices follow the same rule.
//!
//! Once the incident is **resolved** (or in post-incident, or closed), every audience that was
//! required while it was open is owed a **resolution** notice, due one interval (the severity's
//! at resolution, else the audience's last interval) after the resolution, and done by any
//! update to that audience at or after it. A **declined** or **merged** incident owes a
//! **closure** notice only to audiences that had already been told something.
//!
//! An update is **overdue** once `now` is past its due time.
//!
//! # Stakeholder plan
//!
//! [`Stakeholder`]s are groups of people reached through an audience's
//! updates (an update to an audience reaches every stakeholder of that audience). A
//! stakeholder is *in scope* at severities listed in its `severities`, or, if the list is
//! empty, at every severity that updates its audience. For each stakeholder in scope at some
//! point while the incident was open, the plan lists:
//!
//! 1. an **initial** notice, due `notify_within` (default: one update interval, re-judged at
//!    severity changes as above) after the incident first came into their scope, done by the
//!    first update to their audience since;
//! 2. while open, in scope and with an interval, the next **update** (as above);
//! 3. once resolved, the **resolution** notice; once declined or merged, the **closure** notice
//!    if the initial notice went out.
//!
//! ```
//! use watchstander::incident::{next_updates, replay, Event, IncidentConfig, UpdateReason};
//! use watchstander::severity::Audience;
//! use watchstander::time::parse_instant;
//! let events: Vec<Event> = serde_json::from_value(serde_json::json!([
//!   {"id": "1", "incident": "I", "kind": "detected", "title": "t", "severity": "SEV-2",
//!    "occurred_at": "2026-11-26T10:00:00Z", "recorded_at": "2026-11-26T10:00:00Z", "actor": "am"},
//!   {"id": "2", "incident": "I", "kind": "status_update_posted", "audience": "internal", "text": "Looking",
//!    "occurred_at": "2026-11-26T10:20:00Z", "recorded_at": "2026-11-26T10:20:00Z", "actor": "alice"}
//! ])).unwrap();
//! let config = IncidentConfig::default();
//! let incident = replay(&config, &events)?;
//! let due = next_updates(&incident, &config, parse_instant("2026-11-26T11:10:00Z")?)?;
//! let internal = due.iter().find(|d| d.audience == Audience::Internal).unwrap();
//! assert_eq!(internal.due_at.unwrap().to_rfc3339(), "2026-11-26T11:20:00+00:00");
//! assert!(!internal.overdue);
//! let external = due.iter().find(|d| d.audience == Audience::External).unwrap();
//! assert_eq!(external.reason, Some(UpdateReason::First));
//! assert_eq!(external.overdue_seconds, 10 * 60); // due 11:00
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::derived::check_now;
use super::{Incident, IncidentConfig, IncidentError, Stakeholder};
use crate::severity::{Audience, SeverityLevel, SeverityPolicy};
use crate::time::IsoDuration;

/// The audiences, in order.
pub const AUDIENCES: [Audience; 3] = [Audience::Internal, Audience::Executive, Audience::External];

/// Why an update is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum UpdateReason {
    /// The audience has not been told anything since it became required.
    First,
    /// The interval since the last update runs out.
    Cadence,
    /// The incident is resolved; the audience must hear so.
    Resolution,
    /// The incident was declined or merged; the audience, told before, must hear so.
    Closure,
}

/// The next update due to one audience.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct UpdateDue {
    /// The audience.
    pub audience: Audience,
    /// The interval in force for the audience (`None`: not on a cadence now).
    pub every: Option<IsoDuration>,
    /// Since when the audience must be kept updated (open incidents).
    pub required_since: Option<DateTime<Utc>>,
    /// The last update to this audience.
    pub last_update_at: Option<DateTime<Utc>>,
    /// When the next update is due (`None`: nothing due).
    pub due_at: Option<DateTime<Utc>>,
    /// Why it is due.
    pub reason: Option<UpdateReason>,
    /// Whether `now` is past `due_at`.
    pub overdue: bool,
    /// How long past (0 if not overdue).
    pub overdue_seconds: i64,
}

fn cadence(policy: &SeverityPolicy, severity: &str, audience: Audience) -> Option<IsoDuration> {
    policy
        .level(severity)
        .ok()
        .and_then(|l| cadence_of(l, audience))
}

/// The update interval a level sets for an audience, if it updates it.
pub(crate) fn cadence_of(level: &SeverityLevel, audience: Audience) -> Option<IsoDuration> {
    level
        .updates
        .iter()
        .find(|u| u.audience == audience)
        .map(|u| u.every)
}

/// `t` plus one interval, or `None` past the year 9999 (a candidate that never comes).
pub(crate) fn after_interval(t: DateTime<Utc>, every: IsoDuration) -> Option<DateTime<Utc>> {
    crate::time::checked_add(t, every.to_fixed().ok()?)
}

/// When the update after `anchor` (the last update, or the start of the requirement) is due:
/// one interval of the severity in force at `anchor` after it, or, if sooner, one interval of
/// a later severity after the change to it (see the [module documentation](self)).
/// Changes after `before` (an update that did it) are not counted.
fn due_after(
    incident: &Incident,
    policy: &SeverityPolicy,
    audience: Audience,
    anchor: DateTime<Utc>,
    first: Option<IsoDuration>,
    before: Option<DateTime<Utc>>,
    end: Option<DateTime<Utc>>,
) -> Result<DateTime<Utc>, IncidentError> {
    let mut due = plus(anchor, fixed(first)?)?;
    let later = incident
        .severity_history
        .partition_point(|p| p.from <= anchor);
    for p in incident.severity_history.get(later..).unwrap_or_default() {
        if before.is_some_and(|b| p.from >= b) || end.is_some_and(|e| p.from > e) {
            break;
        }
        if let Some(t) =
            cadence(policy, &p.severity, audience).and_then(|i| after_interval(p.from, i))
        {
            due = due.min(t);
        }
    }
    Ok(due)
}

fn fixed(d: Option<IsoDuration>) -> Result<Duration, IncidentError> {
    Ok(match d {
        Some(d) => d.to_fixed()?,
        None => Duration::zero(),
    })
}

fn plus(t: DateTime<Utc>, d: Duration) -> Result<DateTime<Utc>, IncidentError> {
    crate::time::checked_add(t, d).ok_or_else(|| {
        IncidentError::Time(crate::time::TimeError::out_of_range(
            "update due time",
            "past the year 9999",
        ))
    })
}

/// The first update to `audience` at or after `t`.
fn first_update_since(
    incident: &Incident,
    audience: Audience,
    t: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    incident
        .updates
        .iter()
        .find(|u| u.audience == audience && u.at >= t)
        .map(|u| u.at)
}

/// The start of the current run of severity periods for which `in_scope` holds, if the current
/// severity is in scope; never before the last reopen.
fn current_run_start(
    incident: &Incident,
    in_scope: impl Fn(&str) -> bool,
) -> Option<DateTime<Utc>> {
    let mut start = None;
    for p in incident.severity_history.iter().rev() {
        if in_scope(&p.severity) {
            start = Some(p.from);
        } else {
            break;
        }
    }
    let reopened = incident.reopenings.last().map(|r| r.at);
    match (start, reopened) {
        (Some(s), Some(r)) => Some(s.max(r)),
        (s, _) => s,
    }
}

/// The interval an ending notice is due within: that of the last severity in force at or
/// before `end` that updates the audience (the severity at `end` if it does).
fn ending_interval(
    incident: &Incident,
    policy: &SeverityPolicy,
    audience: Audience,
    end: DateTime<Utc>,
) -> Option<IsoDuration> {
    let upto = incident.severity_history.partition_point(|p| p.from <= end);
    incident
        .severity_history
        .get(..upto)
        .unwrap_or_default()
        .iter()
        .rev()
        .find_map(|p| cadence(policy, &p.severity, audience))
}

pub(crate) fn due(
    audience: Audience,
    every: Option<IsoDuration>,
    required_since: Option<DateTime<Utc>>,
    last: Option<DateTime<Utc>>,
    due_at: Option<DateTime<Utc>>,
    reason: Option<UpdateReason>,
    now: DateTime<Utc>,
) -> UpdateDue {
    let overdue_seconds = due_at.map_or(0, |d| (now - d).num_seconds().max(0));
    UpdateDue {
        audience,
        every,
        required_since,
        last_update_at: last,
        due_at,
        reason,
        overdue: due_at.is_some_and(|d| now > d),
        overdue_seconds,
    }
}

/// The next update due to each audience at `now` (see the [module documentation](self)).
pub fn next_updates(
    incident: &Incident,
    config: &IncidentConfig,
    now: DateTime<Utc>,
) -> Result<Vec<UpdateDue>, IncidentError> {
    check_now(incident, now)?;
    let policy = &config.severity_policy;
    let mut out = Vec::with_capacity(AUDIENCES.len());
    for audience in AUDIENCES {
        let last = incident.last_update_to(audience).map(|u| u.at);
        if incident.status.is_open() {
            let every = cadence(policy, &incident.severity, audience);
            let since = current_run_start(incident, |s| cadence(policy, s, audience).is_some());
            let at = match (every, since) {
                (Some(_), Some(since)) => {
                    let anchor = last.filter(|l| *l >= since).unwrap_or(since);
                    let first = incident
                        .severity_at(anchor)
                        .and_then(|s| cadence(policy, s, audience))
                        .or(every);
                    Some(due_after(
                        incident, policy, audience, anchor, first, None, None,
                    )?)
                }
                _ => None,
            };
            out.push(open_due(audience, every, since, last, at, now));
            continue;
        }
        let every = incident
            .ended_at()
            .and_then(|end| ending_interval(incident, policy, audience, end));
        out.push(ending_due(incident, audience, every, last, now)?);
    }
    Ok(out)
}

/// The next update to an audience of an open incident, given the interval in force (`None`:
/// not on a cadence), the start of the requirement, the last update and the due time.
pub(crate) fn open_due(
    audience: Audience,
    every: Option<IsoDuration>,
    since: Option<DateTime<Utc>>,
    last: Option<DateTime<Utc>>,
    at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> UpdateDue {
    match (every, since, at) {
        (Some(every), Some(since), Some(at)) => {
            let reason = if last.is_some_and(|l| l >= since) {
                UpdateReason::Cadence
            } else {
                UpdateReason::First
            };
            due(
                audience,
                Some(every),
                Some(since),
                last,
                Some(at),
                Some(reason),
                now,
            )
        }
        _ => due(audience, None, None, last, None, None, now),
    }
}

/// The resolution or closure notice owed to an audience of an incident that is no longer
/// open; `every` is the interval of the last severity up to the end that updated it.
pub(crate) fn ending_due(
    incident: &Incident,
    audience: Audience,
    every: Option<IsoDuration>,
    last: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<UpdateDue, IncidentError> {
    let Some(end) = incident.ended_at() else {
        return Ok(due(audience, None, None, last, None, None, now));
    };
    // Updates are in order, so the last one tells whether anything went out at or after
    // the end (done) and whether the audience had been told anything before it.
    let done = last.is_some_and(|l| l >= end);
    let owed = if incident.status.is_final() {
        last.is_some()
    } else {
        last.is_some() || every.is_some()
    };
    if !owed || done {
        return Ok(due(audience, None, None, last, None, None, now));
    }
    let at = plus(end, fixed(every)?)?;
    let reason = if incident.status.is_final() {
        UpdateReason::Closure
    } else {
        UpdateReason::Resolution
    };
    Ok(due(
        audience,
        every,
        None,
        last,
        Some(at),
        Some(reason),
        now,
    ))
}

/// What a plan item asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", schemars(rename = "NoticeKind"))]
pub enum Notice {
    /// The first notice once the incident concerns the stakeholder.
    Initial,
    /// The next regular update.
    Update,
    /// The incident is resolved.
    Resolution,
    /// The incident was declined or merged.
    Closure,
}

/// Where a plan item stands at the plan's instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum ItemState {
    /// An update to the audience went out.
    Done,
    /// Not yet due.
    Pending,
    /// Past due and not done.
    Overdue,
}

/// One thing a stakeholder must be told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlanItem {
    /// Stakeholder id.
    pub stakeholder: String,
    /// Stakeholder name.
    pub name: String,
    /// Their audience.
    pub audience: Audience,
    /// Where they are told.
    pub channels: Vec<String>,
    /// What to tell them.
    pub notice: Notice,
    /// A subject line for it.
    pub subject: String,
    /// By when.
    pub due_at: DateTime<Utc>,
    /// When an update to their audience did it.
    pub done_at: Option<DateTime<Utc>>,
    /// Where it stands.
    pub state: ItemState,
}

/// A stakeholder with nothing to be told, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "NothingOwed"))]
pub struct NotRequired {
    /// Stakeholder id.
    pub stakeholder: String,
    /// Why nothing is owed.
    pub reason: String,
}

/// Who must be told what, by when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct NotificationPlan {
    /// The instant.
    pub as_of: DateTime<Utc>,
    /// Items, by due time (then stakeholder order).
    pub items: Vec<PlanItem>,
    /// Stakeholders with nothing owed.
    pub not_required: Vec<NotRequired>,
}

fn subject(
    incident: &Incident,
    policy: &SeverityPolicy,
    audience: Audience,
    notice: Notice,
) -> String {
    let what = match notice {
        Notice::Initial => "New incident",
        Notice::Update => "Update",
        Notice::Resolution => "Resolved",
        Notice::Closure => "Closed",
    };
    let status = match audience {
        Audience::External => incident.status.public_label(),
        _ => incident.status.label(),
    };
    match audience {
        Audience::External => format!("{what}: {} ({status})", incident.title),
        _ => {
            let name = policy
                .level(&incident.severity)
                .map(|l| format!(" {}", l.name))
                .unwrap_or_default();
            format!(
                "{what}: [{}{name}] {} ({status})",
                incident.severity, incident.title
            )
        }
    }
}

fn in_scope(s: &Stakeholder, policy: &SeverityPolicy, severity: &str) -> bool {
    if s.severities.is_empty() {
        cadence(policy, severity, s.audience).is_some()
    } else {
        s.severities.iter().any(|x| x == severity)
    }
}

fn item_state(
    due_at: DateTime<Utc>,
    done_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> ItemState {
    match done_at {
        Some(_) => ItemState::Done,
        None if now > due_at => ItemState::Overdue,
        None => ItemState::Pending,
    }
}

/// The stakeholder notification plan at `now` (see the [module documentation](self)).
pub fn notification_plan(
    incident: &Incident,
    config: &IncidentConfig,
    now: DateTime<Utc>,
) -> Result<NotificationPlan, IncidentError> {
    let updates = next_updates(incident, config, now)?;
    let policy = &config.severity_policy;
    let end = incident.ended_at();
    let mut items = Vec::new();
    let mut not_required = Vec::new();
    for s in &config.stakeholders {
        // The severities in force while the incident was open (up to and including one set at
        // the instant it ended); a later reclassification brings nobody into scope.
        let upto = match end {
            Some(e) => incident.severity_history.partition_point(|p| p.from <= e),
            None => incident.severity_history.len(),
        };
        let scope_since = incident
            .severity_history
            .get(..upto)
            .unwrap_or_default()
            .iter()
            .find(|p| in_scope(s, policy, &p.severity))
            .map(|p| p.from);
        let Some(since) = scope_since else {
            let severities: Vec<&str> = incident
                .severity_history
                .iter()
                .map(|p| p.severity.as_str())
                .collect();
            not_required.push(NotRequired {
                stakeholder: s.id.clone(),
                reason: format!("not told about incidents at {}", severities.join(" or ")),
            });
            continue;
        };
        let item = |notice, due_at, done_at: Option<DateTime<Utc>>| PlanItem {
            stakeholder: s.id.clone(),
            name: s.name.clone(),
            audience: s.audience,
            channels: s.channels.clone(),
            notice,
            subject: subject(incident, policy, s.audience, notice),
            due_at,
            done_at,
            state: item_state(due_at, done_at, now),
        };
        let initial_done = first_update_since(incident, s.audience, since);
        let initial_due = match s.notify_within {
            Some(d) => plus(since, d.to_fixed()?)?,
            // One interval of the audience's cadence, re-judged at later severity changes
            // while the notice was pending (as next_updates does).
            None => {
                let within = incident
                    .severity_at(since)
                    .and_then(|sev| cadence(policy, sev, s.audience));
                due_after(
                    incident,
                    policy,
                    s.audience,
                    since,
                    within,
                    initial_done,
                    end,
                )?
            }
        };
        items.push(item(Notice::Initial, initial_due, initial_done));
        if incident.status.is_open() {
            if initial_done.is_some() && in_scope(s, policy, &incident.severity) {
                if let Some(u) = updates
                    .iter()
                    .find(|u| u.audience == s.audience && u.reason == Some(UpdateReason::Cadence))
                {
                    if let Some(due_at) = u.due_at {
                        items.push(item(Notice::Update, due_at, None));
                    }
                }
            }
            continue;
        }
        let Some(end) = end else { continue };
        let final_state = incident.status.is_final();
        if final_state && initial_done.is_none_or(|d| d >= end) {
            continue;
        }
        let notice = if final_state {
            Notice::Closure
        } else {
            Notice::Resolution
        };
        let every = s
            .notify_within
            .or_else(|| ending_interval(incident, policy, s.audience, end));
        let due_at = plus(end, fixed(every)?)?;
        items.push(item(
            notice,
            due_at,
            first_update_since(incident, s.audience, end),
        ));
    }
    items.sort_by_key(|i| i.due_at);
    Ok(NotificationPlan {
        as_of: now,
        items,
        not_required,
    })
}
