//! A compiled schedule: the final timeline of one window, and the queries on it.
//!
//! Compiling expands every layer over the window, applies swaps and the time-off policy to the
//! layers' pieces, stacks the layers, applies overrides and temporary schedules, and adds
//! shadows. The result is a sorted list of non-overlapping *segments* that covers the window
//! exactly; within a segment nobody's status changes. "Who is on call at t" is a binary search
//! over the segments, so it costs a few comparisons however long the window.
//!
//! # Compact storage, explanations on request
//!
//! People are stored as *handles*, indices into the [people table](CompiledSchedule::people)
//! (the schedule's sorted person ids); layers as indices into
//! [`layer_ids`](CompiledSchedule::layer_ids). Shifts are columns of numbers
//! ([`ShiftColumns`]): person, start and end in Unix seconds, layer, flags. Their
//! explanations — the [`Reason`](super::Reason), the `why` sentence, the stable uid, local
//! times, DST facts, time off — are written when asked for:
//!
//! * [`shift_columns`](CompiledSchedule::shift_columns) and
//!   [`oncall_people_unix`](CompiledSchedule::oncall_people_unix) never allocate;
//! * [`shift`](CompiledSchedule::shift) explains one shift;
//! * [`all_shifts`](CompiledSchedule::all_shifts) (and every method returning `&Shift`)
//!   explains every shift of its list once, on first use, and keeps the result.
//!
//! A `CompiledSchedule` is `Send + Sync + Clone`: share it between threads, or clone it.

use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::columns::{ShiftColumns, ShiftTable};
use super::compile::OffTable;
use super::interval::Interval;
use super::model::Schedule;
use super::names::Handle;
use super::people::Person;
use super::shift::{Handoff, MergedTurn, Notice, OnCallAt, Shift, SwapReport, TimeOffConflict};
use super::source::Sources;
use super::timeline::Timeline;
use super::ScheduleError;
use crate::time::Zone;

/// Explained lists, written on first use.
#[derive(Debug, Clone, Default)]
pub(crate) struct Views {
    pub shifts: OnceLock<Vec<Shift>>,
    pub shadows: OnceLock<Vec<Shift>>,
    pub layers: Vec<OnceLock<Vec<Shift>>>,
    pub handoffs: OnceLock<Vec<Handoff>>,
}

impl Views {
    pub(crate) fn new(layers: usize) -> Views {
        Views {
            layers: (0..layers).map(|_| OnceLock::new()).collect(),
            ..Views::default()
        }
    }
}

/// The final timeline of a schedule over one window. Build it with
/// [`Schedule::compile`](super::Schedule::compile); every query takes explicit instants.
///
/// # Examples
///
/// ```
/// use watchstander::schedule::{Interval, Schedule};
/// use watchstander::time::parse_instant;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let schedule: Schedule = serde_json::from_value(serde_json::json!({
///     "id": "payments", "zone": "Europe/London",
///     "layers": [{ "id": "primary", "rotation": {
///         "members": ["alice", "bob"], "anchor": "2026-03-02T09:00",
///         "handoff": { "every": 1, "unit": "weeks" } } }]
/// }))?;
/// let window = Interval::new(parse_instant("2026-03-01T00:00:00Z")?, parse_instant("2026-05-01T00:00:00Z")?)?;
/// let compiled = schedule.compile(window)?;
/// // Bob's week starts Monday 9 March at 09:00 London time (GMT, so 09:00 UTC).
/// let at = compiled.oncall(parse_instant("2026-03-09T09:30:00Z")?)?;
/// assert_eq!(at.on_call[0].person, "bob");
/// assert_eq!(at.on_call[0].shift.start, parse_instant("2026-03-09T09:00:00Z")?);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct CompiledSchedule {
    pub(crate) schedule: Schedule,
    pub(crate) window: Interval,
    pub(crate) ws: i64,
    pub(crate) we: i64,
    pub(crate) sources: Sources,
    pub(crate) timeline: Timeline,
    pub(crate) shifts: ShiftTable,
    pub(crate) shadow_shifts: ShiftTable,
    pub(crate) layer_tables: Vec<ShiftTable>,
    /// Segments at which the set of responders changes (the handoffs).
    pub(crate) changes: Vec<u32>,
    pub(crate) gaps: Vec<Interval>,
    pub(crate) merged_turns: Vec<MergedTurn>,
    pub(crate) swaps: Vec<SwapReport>,
    pub(crate) time_off_conflicts: Vec<TimeOffConflict>,
    pub(crate) notices: Vec<Notice>,
    pub(crate) off: OffTable,
    /// Members who had a turn in the window (non-shadow layers), sorted.
    pub(crate) members: Vec<Handle>,
    pub(crate) views: Views,
}

/// Everything a compiled schedule knows, as one serialisable document (what the
/// `schedule.compile` operation returns).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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

/// Whole seconds of the start of a query window (floor) and of its end (ceiling).
pub(crate) fn secs(w: Interval) -> (i64, i64) {
    let end = w.end.timestamp() + i64::from(w.end.timestamp_subsec_nanos() > 0);
    (w.start.timestamp(), end)
}

impl CompiledSchedule {
    /// The schedule this timeline was compiled from (cheap to clone; compile it again over
    /// another window to move or extend the timeline).
    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }

    /// The schedule's id.
    pub fn schedule_id(&self) -> &str {
        self.schedule.id()
    }

    /// The schedule's display name.
    pub fn schedule_name(&self) -> Option<&str> {
        self.schedule.spec().name.as_deref()
    }

    /// The schedule's zone.
    pub fn zone(&self) -> Zone {
        self.schedule.zone()
    }

    /// The compiled window (widened to whole seconds).
    pub fn window(&self) -> Interval {
        self.window
    }

    pub(crate) fn outside(&self, what: String) -> ScheduleError {
        ScheduleError::OutsideWindow {
            what,
            window_start: self.window.start,
            window_end: self.window.end,
        }
    }

    fn check_unix(&self, t: i64) -> Result<usize, ScheduleError> {
        if self.ws <= t && t < self.we {
            Ok(self.timeline.segment_at(t))
        } else {
            let shown = DateTime::from_timestamp(t, 0)
                .map_or_else(|| t.to_string(), crate::time::format_instant);
            Err(self.outside(format!("instant {shown}")))
        }
    }

    /// The segment containing `t`, or an error if `t` lies outside the window.
    pub(crate) fn segment_of(&self, t: DateTime<Utc>) -> Result<usize, ScheduleError> {
        if self.window.contains(t) {
            Ok(self.timeline.segment_at(t.timestamp()))
        } else {
            Err(self.outside(format!("instant {}", crate::time::format_instant(t))))
        }
    }

    pub(crate) fn check_window(&self, w: Interval) -> Result<(i64, i64), ScheduleError> {
        if w.start < self.window.start || w.end > self.window.end {
            return Err(self.outside(format!(
                "window {} – {}",
                crate::time::format_instant(w.start),
                crate::time::format_instant(w.end)
            )));
        }
        Ok(secs(w))
    }

    /// The people table: every person the schedule can put on call, sorted. A person
    /// *handle* (in [`ShiftColumns::person`] and
    /// [`oncall_people_unix`](Self::oncall_people_unix)) is an index into it.
    pub fn people(&self) -> &[String] {
        self.schedule.data().names.list()
    }

    /// The handle of a person id, if the schedule mentions the person.
    pub fn person_handle(&self, id: &str) -> Option<u32> {
        self.schedule.data().names.get(id)
    }

    /// The layer ids, lowest first. A layer *handle* (in [`ShiftColumns::layer`]) is an index
    /// into it.
    pub fn layer_ids(&self) -> &[String] {
        &self.schedule.data().layer_ids
    }

    /// The final shifts (responders) as columns, sorted by start then person. No allocation,
    /// no explanation: see [`shift`](Self::shift) for one shift's reasons.
    pub fn shift_columns(&self) -> ShiftColumns<'_> {
        self.shifts.columns()
    }

    /// The shadow shifts as columns.
    pub fn shadow_shift_columns(&self) -> ShiftColumns<'_> {
        self.shadow_shifts.columns()
    }

    /// One layer's own shifts as columns: its rotation after swaps and the time-off policy,
    /// before other layers and overrides.
    pub fn layer_shift_columns(&self, layer: &str) -> Result<ShiftColumns<'_>, ScheduleError> {
        Ok(self.layer_table(layer)?.1.columns())
    }

    pub(crate) fn layer_table(&self, layer: &str) -> Result<(usize, &ShiftTable), ScheduleError> {
        let ids = self.layer_ids();
        ids.iter()
            .position(|l| l == layer)
            .and_then(|i| self.layer_tables.get(i).map(|t| (i, t)))
            .ok_or_else(|| ScheduleError::UnknownLayer {
                id: layer.to_string(),
                known: ids.to_vec(),
            })
    }

    /// The handles of the people on call at `t` (Unix seconds), in stacking order: one binary
    /// search, no allocation. The bulk path for "who is on call" at many instants.
    ///
    /// ```
    /// # use watchstander::schedule::{Interval, Schedule};
    /// # use watchstander::time::parse_instant;
    /// # let schedule: Schedule = serde_json::from_str(r#"{"id": "s", "zone": "UTC", "layers": [
    /// #   {"id": "l", "rotation": {"members": ["ann", "ben"], "anchor": "2026-01-01", "handoff": {"every": 1, "unit": "days"}}}]}"#)?;
    /// let compiled = schedule.compile(Interval::new(parse_instant("2026-01-01T00:00:00Z")?, parse_instant("2026-02-01T00:00:00Z")?)?)?;
    /// // 2026-01-02T12:00:00Z: Ben's day.
    /// let who = compiled.oncall_people_unix(1_767_355_200)?;
    /// assert_eq!(who.len(), 1);
    /// assert_eq!(compiled.people()[who[0] as usize], "ben");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn oncall_people_unix(&self, t: i64) -> Result<&[u32], ScheduleError> {
        let i = self.check_unix(t)?;
        Ok(self.timeline.people(i))
    }

    /// [`oncall_people_unix`](Self::oncall_people_unix) for an instant.
    pub fn oncall_people(&self, t: DateTime<Utc>) -> Result<&[u32], ScheduleError> {
        let i = self.segment_of(t)?;
        Ok(self.timeline.people(i))
    }

    /// The indices (into [`shift_columns`](Self::shift_columns) and
    /// [`all_shifts`](Self::all_shifts)) of the shifts of the people on call at `t` (Unix
    /// seconds), parallel to [`oncall_people_unix`](Self::oncall_people_unix).
    pub fn oncall_shift_indices_unix(&self, t: i64) -> Result<&[u32], ScheduleError> {
        let i = self.check_unix(t)?;
        Ok(self.shift_indices_in(i))
    }

    /// The indices of the shifts on call in timeline segment `i`.
    fn shift_indices_in(&self, i: usize) -> &[u32] {
        self.timeline
            .shift
            .get(self.timeline.on_range(i))
            .unwrap_or(&[])
    }

    /// [`oncall_shift_indices_unix`](Self::oncall_shift_indices_unix) for an instant.
    pub(crate) fn oncall_shift_indices(&self, t: DateTime<Utc>) -> Result<&[u32], ScheduleError> {
        let i = self.segment_of(t)?;
        Ok(self.shift_indices_in(i))
    }

    /// The shifts of the people on call at `t` (a binary search over the timeline).
    ///
    /// The first call explains every shift of the window once (see
    /// [`all_shifts`](Self::all_shifts)); [`oncall_people`](Self::oncall_people) answers
    /// without that.
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
        let i = self.segment_of(t)?;
        let all = self.all_shifts();
        let ids = self
            .timeline
            .shift
            .get(self.timeline.on_range(i))
            .unwrap_or(&[]);
        Ok(ids.iter().filter_map(move |k| all.get(*k as usize)))
    }

    /// Who is on call at `t`, who shadows them, why, and when that next changes.
    ///
    /// The entries are copied from the explained shifts when [`all_shifts`](Self::all_shifts)
    /// (or any method returning `&Shift`) has run, and written for these entries alone
    /// otherwise: either way nothing else is explained.
    pub fn oncall(&self, t: DateTime<Utc>) -> Result<OnCallAt, ScheduleError> {
        let i = self.segment_of(t)?;
        let on_call: Vec<_> = self
            .timeline
            .on_range(i)
            .filter_map(|e| self.on_call_entry(e))
            .collect();
        let shadows = self
            .timeline
            .sh_range(i)
            .filter_map(|e| self.shadow_entry(e))
            .collect();
        // The handoffs around segment `i` bound the stretch with the same people.
        let c = self.changes.partition_point(|c| *c as usize <= i);
        let from = c
            .checked_sub(1)
            .and_then(|c| self.changes.get(c))
            .map_or(self.ws, |s| self.timeline.bounds(*s as usize).0);
        let next = self
            .changes
            .get(c)
            .map(|s| self.timeline.bounds(*s as usize).0);
        Ok(OnCallAt {
            at: t,
            gap: on_call.is_empty(),
            on_call,
            shadows,
            unchanged: Interval {
                start: super::text::instant(from),
                end: super::text::instant(next.unwrap_or(self.we)),
            },
            next_handoff: next.map(super::text::instant),
        })
    }

    /// Final shifts (responders) overlapping `window`, sorted by start. Shifts are not clipped
    /// to `window`, only to the compiled window.
    pub fn shifts(&self, window: Interval) -> Result<Vec<&Shift>, ScheduleError> {
        let (a, b) = self.check_window(window)?;
        let all = self.all_shifts();
        Ok(self
            .shifts
            .overlapping(a, b)
            .filter_map(|i| all.get(i))
            .collect())
    }

    /// All final shifts of the compiled window, explained (written on first use and kept;
    /// [`shift_columns`](Self::shift_columns) is the same list without explanations).
    pub fn all_shifts(&self) -> &[Shift] {
        self.views
            .shifts
            .get_or_init(|| self.explain_table(&self.shifts))
    }

    /// Shift `i` of [`shift_columns`](Self::shift_columns), explained (without explaining
    /// any other).
    pub fn shift(&self, i: usize) -> Option<Shift> {
        self.make_shift(&self.shifts, i, &mut None)
    }

    /// Shadow shift `i` of [`shadow_shift_columns`](Self::shadow_shift_columns), explained.
    pub fn shadow_shift(&self, i: usize) -> Option<Shift> {
        self.make_shift(&self.shadow_shifts, i, &mut None)
    }

    /// Shadow shifts overlapping `window`.
    pub fn shadow_shifts(&self, window: Interval) -> Result<Vec<&Shift>, ScheduleError> {
        let (a, b) = self.check_window(window)?;
        let all = self
            .views
            .shadows
            .get_or_init(|| self.explain_table(&self.shadow_shifts));
        Ok(self
            .shadow_shifts
            .overlapping(a, b)
            .filter_map(|i| all.get(i))
            .collect())
    }

    /// One layer's own shifts overlapping `window`: its rotation after swaps and the time-off
    /// policy, before other layers and overrides.
    pub fn layer_shifts(
        &self,
        layer: &str,
        window: Interval,
    ) -> Result<Vec<&Shift>, ScheduleError> {
        let (a, b) = self.check_window(window)?;
        let (li, table) = self.layer_table(layer)?;
        let Some(view) = self.views.layers.get(li) else {
            return Ok(Vec::new());
        };
        let all = view.get_or_init(|| self.explain_table(table));
        Ok(table
            .start
            .iter()
            .zip(&table.end)
            .zip(all)
            .filter(|((s, e), _)| **s < b && **e > a)
            .map(|(_, shift)| shift)
            .collect())
    }

    /// Handoffs (changes of who is on call) inside `window`.
    pub fn handoffs(&self, window: Interval) -> Result<&[Handoff], ScheduleError> {
        self.check_window(window)?;
        let all = self.handoff_list();
        let lo = all.partition_point(|h| h.at < window.start);
        let hi = all.partition_point(|h| h.at < window.end);
        Ok(all.get(lo..hi.max(lo)).unwrap_or(&[]))
    }

    /// The next `count` handoffs strictly after `t` (fewer if the window ends first).
    pub fn next_handoffs(
        &self,
        t: DateTime<Utc>,
        count: usize,
    ) -> Result<&[Handoff], ScheduleError> {
        self.segment_of(t)?;
        let all = self.handoff_list();
        let lo = all.partition_point(|h| h.at <= t);
        let hi = lo.saturating_add(count).min(all.len());
        Ok(all.get(lo..hi).unwrap_or(&[]))
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

    /// A person's zone (the schedule's if the schedule does not list them).
    pub fn person_zone(&self, person: &str) -> Zone {
        self.schedule.data().person_zone(person)
    }

    pub(crate) fn person(&self, id: &str) -> Person {
        self.schedule.data().person(id)
    }

    /// Everything, as one serialisable document (explains every shift and handoff).
    pub fn summary(&self) -> CompiledSummary<'_> {
        CompiledSummary {
            schedule: self.schedule_id(),
            window: self.window,
            shifts: self.all_shifts(),
            shadow_shifts: self
                .views
                .shadows
                .get_or_init(|| self.explain_table(&self.shadow_shifts)),
            handoffs: self.handoff_list(),
            gaps: &self.gaps,
            merged_turns: &self.merged_turns,
            swaps: &self.swaps,
            time_off_conflicts: &self.time_off_conflicts,
            notices: &self.notices,
        }
    }

    /// The number of segments of the timeline (for benchmarks and tests).
    pub fn segment_count(&self) -> usize {
        self.timeline.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_window_covers_every_second_it_touches() {
        let at = |s: &str| crate::time::parse_instant(s).unwrap();
        let w = |a: &str, b: &str| Interval {
            start: at(a),
            end: at(b),
        };
        // A fractional end reaches into the next second: a shift starting at 10:00:00 overlaps
        // a window ending at 10:00:00.5.
        assert_eq!(
            secs(w("2026-01-01T09:00:00.25Z", "2026-01-01T10:00:00.5Z")),
            (
                at("2026-01-01T09:00:00Z").timestamp(),
                at("2026-01-01T10:00:01Z").timestamp()
            )
        );
        assert_eq!(
            secs(w("2026-01-01T09:00:00Z", "2026-01-01T10:00:00Z")),
            (
                at("2026-01-01T09:00:00Z").timestamp(),
                at("2026-01-01T10:00:00Z").timestamp()
            )
        );
    }

    #[test]
    fn compiled_schedules_can_be_shared_between_threads() {
        fn shared<T: Send + Sync + Clone>() {}
        shared::<CompiledSchedule>();
        shared::<Schedule>();
    }
}
