//! The difference between two versions of a schedule: "this edit moves Alice's 25 December
//! shift to Bob".
//!
//! Both versions are compiled over the same window; the diff walks their timelines together
//! and reports every stretch where the set of people on call differs, with who lost and who
//! gained the time, why each was on call, and each person's change in hours. Changes of
//! *reason* alone (the same person, now via an override instead of the rotation) are not
//! coverage changes and are not reported.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::compiled::CompiledSchedule;
use super::interval::{seconds_to_hours, Interval};
use super::ScheduleError;

/// One stretch where the versions differ.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Change {
    /// Start.
    pub start: DateTime<Utc>,
    /// End.
    pub end: DateTime<Utc>,
    /// Hours.
    pub hours: f64,
    /// On call before the edit.
    pub before: Vec<String>,
    /// On call after the edit.
    pub after: Vec<String>,
    /// People who lose this time.
    pub removed: Vec<String>,
    /// People who gain it.
    pub added: Vec<String>,
    /// Why the people were on call before (one line each, in `before` order).
    pub before_why: Vec<String>,
    /// Why they are on call after.
    pub after_why: Vec<String>,
    /// The change in words, with local times in the schedule's zone.
    pub summary: String,
}

/// The difference between two compiled versions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScheduleDiff {
    /// The window compared (the overlap of the two compiled windows).
    pub window: Interval,
    /// True when coverage is identical.
    pub unchanged: bool,
    /// Stretches that differ, in time order.
    pub changes: Vec<Change>,
    /// Hours gained (positive) or lost (negative) per person; people without change omitted.
    pub hours_delta: BTreeMap<String, f64>,
}

/// The people on call in segment `seg` and why, sorted by person (each source's `why` is
/// written once per diff).
fn view(
    c: &CompiledSchedule,
    seg: usize,
    whys: &mut BTreeMap<u32, String>,
) -> (Vec<String>, Vec<String>) {
    let tl = &c.timeline;
    let mut v: Vec<(String, String)> = tl
        .on_range(seg)
        .filter_map(|e| {
            let shift = *tl.shift.get(e)? as usize;
            let person = c
                .people()
                .get(*c.shifts.person.get(shift)? as usize)?
                .clone();
            let why = match whys.get(&(shift as u32)) {
                Some(w) => w.clone(),
                None => {
                    let (_, w) = c.shift_reason(shift)?;
                    whys.insert(shift as u32, w.clone());
                    w
                }
            };
            Some((person, why))
        })
        .collect();
    v.sort();
    v.into_iter().unzip()
}

/// Compares two compiled versions of a schedule over the overlap of their windows.
///
/// ```
/// use watchstander::schedule::{diff, Interval, Schedule};
/// use watchstander::time::parse_instant;
/// let before: Schedule = serde_json::from_str(r#"{"id": "s", "zone": "Europe/London", "layers": [
///   {"id": "l", "rotation": {"members": ["alice", "bob"], "anchor": "2026-12-21T09:00",
///    "handoff": {"every": 1, "unit": "days"}}}]}"#)?;
/// // The edit: Bob covers Christmas Day with an override.
/// let mut spec = before.spec().clone();
/// spec.overrides.push(serde_json::from_str(r#"{"id": "xmas", "person": "bob",
///   "start": "2026-12-25T09:00:00Z", "end": "2026-12-26T09:00:00Z"}"#)?);
/// let after = Schedule::new(spec)?;
/// let w = Interval::new(parse_instant("2026-12-21T09:00:00Z")?, parse_instant("2026-12-28T09:00:00Z")?)?;
/// let d = diff(&before.compile(w)?, &after.compile(w)?)?;
/// assert_eq!(d.changes.len(), 1);
/// assert_eq!(d.changes[0].removed, ["alice"]); // turn 4: 4 mod 2 = 0
/// assert_eq!(d.changes[0].added, ["bob"]);
/// assert_eq!(d.changes[0].summary, "Fri 2026-12-25 09:00 – Sat 2026-12-26 09:00 (Europe/London, 24 h): alice → bob");
/// assert_eq!(d.hours_delta["alice"], -24.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn diff(
    before: &CompiledSchedule,
    after: &CompiledSchedule,
) -> Result<ScheduleDiff, ScheduleError> {
    let window =
        before
            .window
            .intersect(&after.window)
            .ok_or_else(|| ScheduleError::OutsideWindow {
                what: format!(
                    "the other version's window {} – {}",
                    after.window.start, after.window.end
                ),
                window_start: before.window.start,
                window_end: before.window.end,
            })?;
    let mut bounds: Vec<DateTime<Utc>> = before
        .timeline
        .starts
        .iter()
        .chain(&after.timeline.starts)
        .map(|s| super::text::instant(*s))
        .filter(|t| *t >= window.start && *t <= window.end)
        .collect();
    bounds.push(window.start);
    bounds.push(window.end);
    bounds.sort_unstable();
    bounds.dedup();
    let zone = after.zone();
    let mut changes: Vec<Change> = Vec::new();
    let mut delta: BTreeMap<String, i64> = BTreeMap::new();
    let (mut whys_a, mut whys_b) = (BTreeMap::new(), BTreeMap::new());
    for pair in bounds.windows(2) {
        let [s, e] = pair else { continue };
        let (Ok(a), Ok(b)) = (before.segment_of(*s), after.segment_of(*s)) else {
            continue;
        };
        let (who_a, why_a) = view(before, a, &mut whys_a);
        let (who_b, why_b) = view(after, b, &mut whys_b);
        let set_a: BTreeSet<&String> = who_a.iter().collect();
        let set_b: BTreeSet<&String> = who_b.iter().collect();
        if set_a == set_b {
            continue;
        }
        let secs = (*e - *s).num_seconds();
        let removed: Vec<String> = set_a.difference(&set_b).map(|p| (*p).clone()).collect();
        let added: Vec<String> = set_b.difference(&set_a).map(|p| (*p).clone()).collect();
        for p in &removed {
            *delta.entry(p.clone()).or_default() -= secs;
        }
        for p in &added {
            *delta.entry(p.clone()).or_default() += secs;
        }
        match changes.last_mut() {
            Some(last)
                if last.end == *s
                    && last.before == who_a
                    && last.after == who_b
                    && last.before_why == why_a
                    && last.after_why == why_b =>
            {
                last.end = *e;
            }
            _ => changes.push(Change {
                start: *s,
                end: *e,
                hours: 0.0,
                before: who_a,
                after: who_b,
                removed,
                added,
                before_why: why_a,
                after_why: why_b,
                summary: String::new(),
            }),
        }
    }
    for c in &mut changes {
        c.hours = seconds_to_hours((c.end - c.start).num_seconds());
        let fmt = |t: DateTime<Utc>| zone.at(t).format("%a %Y-%m-%d %H:%M").to_string();
        let names = |v: &[String]| {
            if v.is_empty() {
                "nobody".to_string()
            } else {
                v.join(", ")
            }
        };
        let hours = if c.hours.fract() == 0.0 {
            format!("{} h", c.hours)
        } else {
            format!("{:.2} h", c.hours)
        };
        c.summary = format!(
            "{} – {} ({zone}, {hours}): {} → {}",
            fmt(c.start),
            fmt(c.end),
            names(&c.removed),
            names(&c.added)
        );
    }
    let hours_delta = delta
        .into_iter()
        .filter(|(_, v)| *v != 0)
        .map(|(k, v)| (k, seconds_to_hours(v)))
        .collect();
    Ok(ScheduleDiff {
        window,
        unchanged: changes.is_empty(),
        changes,
        hours_delta,
    })
}
