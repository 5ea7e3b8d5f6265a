//! A compiled schedule: the final timeline of one window, and the queries on it.
//!
//! Compiling expands every layer over the window, applies swaps and the time-off policy to the
//! layers' pieces, stacks the layers, applies overrides and temporary schedules, and adds
//! shadows. The result is a sorted list of non-overlapping *segments* that covers the window
//! exactly; within a segment nobody's status changes. "Who is on call at t" is a binary search
//! over the segments, so it costs a few comparisons however long the window; every other
//! query reads precomputed lists.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::interval::Interval;
use super::people::Person;
use super::shift::{
    Handoff, MergedTurn, Notice, OnCallAt, OnCallEntry, Shift, SwapReport, TimeOffConflict,
};
use super::ScheduleError;
use crate::time::Zone;

/// One stretch of constant on-call status.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Segment {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub on_call: Vec<Entry>,
    pub shadows: Vec<Entry>,
}

/// A person in a segment: the index of their shift, and whom they replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub shift: u32,
    pub replaced: Vec<String>,
}

/// The final timeline of a schedule over one window. Build it with
/// [`Schedule::compile`](super::Schedule::compile); every query takes explicit instants.
#[derive(Debug, Clone)]
pub struct CompiledSchedule {
    pub(crate) id: String,
    pub(crate) name: Option<String>,
    pub(crate) zone: Zone,
    pub(crate) window: Interval,
    pub(crate) segments: Vec<Segment>,
    pub(crate) shifts: Vec<Shift>,
    pub(crate) shadow_shifts: Vec<Shift>,
    pub(crate) layer_shifts: Vec<(String, Vec<Shift>)>,
    pub(crate) handoffs: Vec<Handoff>,
    pub(crate) gaps: Vec<Interval>,
    pub(crate) merged_turns: Vec<MergedTurn>,
    pub(crate) swaps: Vec<SwapReport>,
    pub(crate) time_off_conflicts: Vec<TimeOffConflict>,
    pub(crate) notices: Vec<Notice>,
    pub(crate) people: BTreeMap<String, Person>,
    pub(crate) all_people: Vec<String>,
    /// Members who had a turn in the window (non-shadow layers).
    pub(crate) members: Vec<String>,
    pub(crate) longest_shift: chrono::Duration,
}

/// Everything a compiled schedule knows, as one serialisable document (what the
/// `schedule.compile` operation returns).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct CompiledSummary<'a> {
    /// Schedule id.
    pub schedule: &'a str,
    /// The compiled window.
    pub window: Interval,
    /// Final shifts.
    pub shifts: &'a [Shift],
    /// Shadow shifts.
    pub shadow_shifts: &'a [Shift],
    /// Handoffs.
    pub handoffs: &'a [Handoff],
    /// Gaps.
    pub gaps: &'a [Interval],
    /// Turns squeezed to zero length by DST.
    pub merged_turns: &'a [MergedTurn],
    /// Swap outcomes.
    pub swaps: &'a [SwapReport],
    /// On call during holidays or time off.
    pub time_off_conflicts: &'a [TimeOffConflict],
    /// Lint findings.
    pub notices: &'a [Notice],
}

fn overlapping<'a>(
    list: &'a [Shift],
    window: Interval,
    longest: chrono::Duration,
) -> impl Iterator<Item = &'a Shift> + 'a {
    // Shifts are sorted by start and none is longer than `longest`.
    let lo = list.partition_point(|s| s.start + longest <= window.start);
    let hi = list.partition_point(|s| s.start < window.end);
    list.get(lo..hi.max(lo))
        .unwrap_or(&[])
        .iter()
        .filter(move |s| s.end > window.start)
}

impl CompiledSchedule {
    /// The schedule's id.
    pub fn schedule_id(&self) -> &str {
        &self.id
    }

    /// The schedule's display name.
    pub fn schedule_name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The schedule's zone.
    pub fn zone(&self) -> Zone {
        self.zone
    }

    /// The compiled window.
    pub fn window(&self) -> Interval {
        self.window
    }

    fn check_instant(&self, t: DateTime<Utc>) -> Result<(), ScheduleError> {
        if self.window.contains(t) {
            Ok(())
        } else {
            Err(self.outside(format!("instant {}", crate::time::format_instant(t))))
        }
    }

    fn outside(&self, what: String) -> ScheduleError {
        ScheduleError::OutsideWindow {
            what,
            window_start: self.window.start,
            window_end: self.window.end,
        }
    }

    fn check_window(&self, w: Interval) -> Result<(), ScheduleError> {
        if w.start < self.window.start || w.end > self.window.end {
            return Err(self.outside(format!(
                "window {} – {}",
                crate::time::format_instant(w.start),
                crate::time::format_instant(w.end)
            )));
        }
        Ok(())
    }

    fn segment_index(&self, t: DateTime<Utc>) -> usize {
        self.segments
            .partition_point(|s| s.start <= t)
            .saturating_sub(1)
    }

    /// The shifts of the people on call at `t`, without allocating: the fast path for "who is
    /// on call?" (a binary search over the timeline).
    ///
    /// ```
    /// # use watchstander::schedule::{Interval, Schedule};
    /// # use watchstander::time::parse_instant;
    /// # let schedule: Schedule = serde_json::from_str(r#"{"id": "s", "zone": "UTC", "layers": [
    /// #   {"id": "l", "rotation": {"members": ["ann", "ben"], "anchor": "2026-01-01", "handoff": {"every": 1, "unit": "days"}}}]}"#)?;
    /// let compiled = schedule.compile(Interval::new(parse_instant("2026-01-01T00:00:00Z")?, parse_instant("2026-02-01T00:00:00Z")?)?)?;
    /// let who: Vec<&str> = compiled.responders(parse_instant("2026-01-02T12:00:00Z")?)?.map(|s| s.person.as_str()).collect();
    /// assert_eq!(who, ["ben"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn responders(
        &self,
        t: DateTime<Utc>,
    ) -> Result<impl Iterator<Item = &Shift> + '_, ScheduleError> {
        self.check_instant(t)?;
        let seg = self.segments.get(self.segment_index(t));
        Ok(seg
            .into_iter()
            .flat_map(|s| s.on_call.iter())
            .filter_map(|e| self.shifts.get(e.shift as usize)))
    }

    /// Who is on call at `t`, who shadows them, why, and when that next changes.
    pub fn oncall(&self, t: DateTime<Utc>) -> Result<OnCallAt, ScheduleError> {
        self.check_instant(t)?;
        let i = self.segment_index(t);
        let seg = self
            .segments
            .get(i)
            .ok_or_else(|| self.outside(format!("instant {t}")))?;
        let entry = |e: &Entry, list: &[Shift]| -> Option<OnCallEntry> {
            let s = list.get(e.shift as usize)?;
            Some(OnCallEntry {
                person: s.person.clone(),
                reason: s.reason.clone(),
                why: s.why.clone(),
                shift: s.interval(),
                shift_uid: s.uid.clone(),
                replaced: e.replaced.clone(),
            })
        };
        let on_call: Vec<OnCallEntry> = seg
            .on_call
            .iter()
            .filter_map(|e| entry(e, &self.shifts))
            .collect();
        let shadows = seg
            .shadows
            .iter()
            .filter_map(|e| entry(e, &self.shadow_shifts))
            .collect();
        let next = self.handoffs.partition_point(|h| h.at <= t);
        Ok(OnCallAt {
            at: t,
            gap: on_call.is_empty(),
            on_call,
            shadows,
            unchanged: self.unchanged_around(i),
            next_handoff: self.handoffs.get(next).map(|h| h.at),
        })
    }

    fn people_of(&self, seg: &Segment) -> Vec<&str> {
        let mut v: Vec<&str> = seg
            .on_call
            .iter()
            .filter_map(|e| self.shifts.get(e.shift as usize))
            .map(|s| s.person.as_str())
            .collect();
        v.sort_unstable();
        v
    }

    fn unchanged_around(&self, i: usize) -> Interval {
        let Some(seg) = self.segments.get(i) else {
            return self.window;
        };
        let who = self.people_of(seg);
        let mut a = i;
        while a > 0
            && self
                .segments
                .get(a - 1)
                .is_some_and(|s| self.people_of(s) == who)
        {
            a -= 1;
        }
        let mut b = i;
        while self
            .segments
            .get(b + 1)
            .is_some_and(|s| self.people_of(s) == who)
        {
            b += 1;
        }
        Interval {
            start: self.segments.get(a).map_or(seg.start, |s| s.start),
            end: self.segments.get(b).map_or(seg.end, |s| s.end),
        }
    }

    /// Final shifts (responders) overlapping `window`, sorted by start. Shifts are not clipped
    /// to `window`, only to the compiled window.
    pub fn shifts(&self, window: Interval) -> Result<Vec<&Shift>, ScheduleError> {
        self.check_window(window)?;
        Ok(overlapping(&self.shifts, window, self.longest_shift).collect())
    }

    /// All final shifts of the compiled window.
    pub fn all_shifts(&self) -> &[Shift] {
        &self.shifts
    }

    /// Shadow shifts overlapping `window`.
    pub fn shadow_shifts(&self, window: Interval) -> Result<Vec<&Shift>, ScheduleError> {
        self.check_window(window)?;
        Ok(overlapping(&self.shadow_shifts, window, self.longest_shift).collect())
    }

    /// One layer's own shifts overlapping `window`: its rotation after swaps and the time-off
    /// policy, before other layers and overrides.
    pub fn layer_shifts(
        &self,
        layer: &str,
        window: Interval,
    ) -> Result<Vec<&Shift>, ScheduleError> {
        self.check_window(window)?;
        let (_, list) = self
            .layer_shifts
            .iter()
            .find(|(id, _)| id == layer)
            .ok_or_else(|| ScheduleError::UnknownLayer {
                id: layer.to_string(),
                known: self.layer_shifts.iter().map(|(id, _)| id.clone()).collect(),
            })?;
        Ok(list
            .iter()
            .filter(|s| s.interval().overlaps(&window))
            .collect())
    }

    /// Handoffs (changes of who is on call) inside `window`.
    pub fn handoffs(&self, window: Interval) -> Result<&[Handoff], ScheduleError> {
        self.check_window(window)?;
        let lo = self.handoffs.partition_point(|h| h.at < window.start);
        let hi = self.handoffs.partition_point(|h| h.at < window.end);
        Ok(self.handoffs.get(lo..hi.max(lo)).unwrap_or(&[]))
    }

    /// The next `count` handoffs strictly after `t` (fewer if the window ends first).
    pub fn next_handoffs(
        &self,
        t: DateTime<Utc>,
        count: usize,
    ) -> Result<&[Handoff], ScheduleError> {
        self.check_instant(t)?;
        let lo = self.handoffs.partition_point(|h| h.at <= t);
        let hi = lo.saturating_add(count).min(self.handoffs.len());
        Ok(self.handoffs.get(lo..hi).unwrap_or(&[]))
    }

    /// Gaps (nobody on call) overlapping `window`, clipped to it.
    pub fn gaps(&self, window: Interval) -> Result<Vec<Interval>, ScheduleError> {
        self.check_window(window)?;
        Ok(self
            .gaps
            .iter()
            .filter_map(|g| g.intersect(&window))
            .collect())
    }

    /// Shifts whose handoffs DST moved or whose length DST changed, overlapping `window`.
    pub fn dst_affected(&self, window: Interval) -> Result<Vec<&Shift>, ScheduleError> {
        Ok(self
            .shifts(window)?
            .into_iter()
            .filter(|s| s.dst.is_some())
            .collect())
    }

    /// Turns that DST squeezed to zero length inside `window`.
    pub fn merged_turns(&self, window: Interval) -> Result<Vec<&MergedTurn>, ScheduleError> {
        self.check_window(window)?;
        Ok(self
            .merged_turns
            .iter()
            .filter(|m| window.contains(m.at))
            .collect())
    }

    /// What became of every swap and cover request.
    pub fn swap_reports(&self) -> &[SwapReport] {
        &self.swaps
    }

    /// Times someone is on call during their holidays or time off.
    pub fn time_off_conflicts(&self) -> &[TimeOffConflict] {
        &self.time_off_conflicts
    }

    /// Lint findings: empty rotations, starved members, overrides with no effect.
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    /// Everyone the schedule can put on call, sorted.
    pub fn people(&self) -> &[String] {
        &self.all_people
    }

    /// A person's zone (the schedule's if the schedule does not list them).
    pub fn person_zone(&self, person: &str) -> Zone {
        self.people.get(person).map_or(self.zone, |p| p.zone)
    }

    pub(crate) fn person(&self, id: &str) -> Person {
        self.people
            .get(id)
            .cloned()
            .unwrap_or_else(|| Person::unlisted(id, self.zone))
    }

    /// Everything, as one serialisable document.
    pub fn summary(&self) -> CompiledSummary<'_> {
        CompiledSummary {
            schedule: &self.id,
            window: self.window,
            shifts: &self.shifts,
            shadow_shifts: &self.shadow_shifts,
            handoffs: &self.handoffs,
            gaps: &self.gaps,
            merged_turns: &self.merged_turns,
            swaps: &self.swaps,
            time_off_conflicts: &self.time_off_conflicts,
            notices: &self.notices,
        }
    }

    /// The number of segments of the timeline (for benchmarks and tests).
    pub fn segment_count(&self) -> usize {
        self.segments.len()
    }
}
