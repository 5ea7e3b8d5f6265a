//! On-call time: who was on call when, from compiled schedules or from a list of shifts.
//!
//! A person's on-call time is the **union** of their shifts, clipped to the window: somebody
//! on two schedules at once is on call once (as Opsgenie's on-call time report discards
//! overlapping rotations), and a day never holds more than 24 hours of it. A *shift* in the
//! per-shift numbers is one contiguous stretch of that union, so a turn that an override cut
//! in two and joined again still counts as one.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::quality::{DataQuality, FindingLevel};
use super::{MetricsError, Roster, MAX_SHIFTS};
use crate::schedule::{CompiledSchedule, Interval};

/// One stretch of on-call time of one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(rename = "MetricsOnCallShift"))]
pub struct OnCallShift {
    /// Who.
    pub person: String,
    /// From.
    pub start: DateTime<Utc>,
    /// Until (exclusive).
    pub end: DateTime<Utc>,
    /// The schedule it comes from, if any (informational).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
}

impl OnCallShift {
    /// The final (non-shadow) shifts of a compiled schedule that overlap `window`.
    ///
    /// ```
    /// use watchstander::metrics::OnCallShift;
    /// use watchstander::schedule::{Interval, Schedule};
    /// use watchstander::time::parse_instant;
    /// let s: Schedule = serde_json::from_str(r#"{"id": "s", "zone": "UTC", "layers": [
    ///   {"id": "l", "rotation": {"members": ["ann", "ben"], "anchor": "2026-01-01", "handoff": {"every": 1, "unit": "days"}}}]}"#)?;
    /// let w = Interval::new(parse_instant("2026-01-01T00:00:00Z")?, parse_instant("2026-01-03T00:00:00Z")?)?;
    /// let shifts = OnCallShift::from_schedule(&s.compile(w)?, w)?;
    /// assert_eq!(shifts.iter().map(|s| s.person.as_str()).collect::<Vec<_>>(), ["ann", "ben"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_schedule(
        compiled: &CompiledSchedule,
        window: Interval,
    ) -> Result<Vec<OnCallShift>, MetricsError> {
        Ok(compiled
            .shifts(window)?
            .into_iter()
            .map(|s| OnCallShift {
                person: s.person.clone(),
                start: s.start,
                end: s.end,
                schedule: Some(compiled.schedule_id().to_string()),
            })
            .collect())
    }
}

/// Everyone's on-call time: per roster member, sorted disjoint `[start, end)` epoch-second
/// stretches inside the window.
#[derive(Debug, Clone, Default)]
pub(crate) struct OnCall {
    pub(crate) stretches: Vec<Vec<(i64, i64)>>,
}

impl OnCall {
    pub(crate) fn new(
        shifts: &[OnCallShift],
        roster: &mut Roster,
        start: i64,
        end: i64,
        dq: &mut DataQuality,
        unknown: &mut BTreeMap<String, u64>,
    ) -> Result<OnCall, MetricsError> {
        if shifts.len() > MAX_SHIFTS {
            return Err(MetricsError::too_many(
                "on-call shifts",
                shifts.len(),
                MAX_SHIFTS,
            ));
        }
        let mut per: BTreeMap<u32, Vec<(i64, i64)>> = BTreeMap::new();
        for s in shifts {
            let (a, b) = (s.start.timestamp(), s.end.timestamp());
            if b <= a {
                dq.add(
                    "invalid_shift",
                    FindingLevel::Error,
                    || s.person.clone(),
                    || {
                        format!(
                            "an on-call shift ends ({}) at or before its start ({}); skipped",
                            crate::time::format_instant(s.end),
                            crate::time::format_instant(s.start)
                        )
                    },
                );
                continue;
            }
            let (a, b) = (a.max(start), b.min(end));
            if b <= a {
                continue;
            }
            let (i, added) = roster.find_or_add(&s.person)?;
            if added && roster.any_listed() {
                unknown.entry(s.person.clone()).or_insert(0);
            }
            per.entry(i).or_default().push((a, b));
        }
        let mut stretches = vec![Vec::new(); roster.len()];
        for (i, mut list) in per {
            list.sort_unstable();
            let mut merged: Vec<(i64, i64)> = Vec::with_capacity(list.len());
            for (a, b) in list {
                match merged.last_mut() {
                    Some(last) if a <= last.1 => last.1 = last.1.max(b),
                    _ => merged.push((a, b)),
                }
            }
            if let Some(slot) = stretches.get_mut(i as usize) {
                *slot = merged;
            }
        }
        Ok(OnCall { stretches })
    }

    /// A person's stretches.
    pub(crate) fn of(&self, person: u32) -> &[(i64, i64)] {
        self.stretches
            .get(person as usize)
            .map_or(&[], |v| v.as_slice())
    }

    /// Seconds on call of a person.
    pub(crate) fn seconds(&self, person: u32) -> i64 {
        self.of(person).iter().map(|(a, b)| b - a).sum()
    }

    /// Grows the table to the roster's size (people added after it was built).
    pub(crate) fn fit(&mut self, people: usize) {
        if self.stretches.len() < people {
            self.stretches.resize(people, Vec::new());
        }
    }
}
