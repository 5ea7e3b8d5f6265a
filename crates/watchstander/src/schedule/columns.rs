//! Shifts as columns: how a compiled schedule stores its shifts, and the view it lends out.
//!
//! A shift is a few numbers — person handle, start and end in Unix seconds, layer handle,
//! source, flags — kept in parallel arrays (struct of arrays). A year of shifts is a few
//! contiguous allocations, whatever the length of the ids, and a binding can copy a column
//! into a numpy array or a typed array in one go. The explained form of a shift,
//! [`Shift`](super::Shift), is written from these numbers on request.

use super::names::NONE;

/// Read-only columns of a list of shifts, sorted by start (then by person). Row `i` of every
/// column describes shift `i`, the same shift as index `i` of
/// [`CompiledSchedule::all_shifts`](super::CompiledSchedule::all_shifts) (or of
/// [`shadow_shifts`](super::CompiledSchedule::shadow_shifts) for the shadow columns).
///
/// ```
/// use watchstander::schedule::{Interval, Schedule, ShiftColumns};
/// use watchstander::time::parse_instant;
///
/// let schedule: Schedule = serde_json::from_str(r#"{"id": "s", "zone": "UTC", "layers": [
///   {"id": "daily", "rotation": {"members": ["ann", "ben"], "anchor": "2026-01-01",
///    "handoff": {"every": 1, "unit": "days"}}}]}"#)?;
/// let w = Interval::new(parse_instant("2026-01-01T00:00:00Z")?, parse_instant("2026-01-04T00:00:00Z")?)?;
/// let compiled = schedule.compile(w)?;
/// let cols = compiled.shift_columns();
/// let people = compiled.people(); // index = person handle
/// assert_eq!(cols.len(), 3);
/// assert_eq!(people[cols.person[1] as usize], "ben");
/// assert_eq!(cols.start[1], 1_767_312_000); // 2026-01-02T00:00:00Z
/// assert_eq!(cols.end[1] - cols.start[1], 86_400);
/// assert_eq!(compiled.layer_ids()[cols.layer[1] as usize], "daily");
/// assert_eq!(cols.flags[1] & ShiftColumns::SHADOW, 0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShiftColumns<'a> {
    /// Person handle: an index into [`CompiledSchedule::people`](super::CompiledSchedule::people).
    pub person: &'a [u32],
    /// Start, Unix seconds (clipped to the compiled window).
    pub start: &'a [i64],
    /// End, Unix seconds, exclusive (clipped to the compiled window).
    pub end: &'a [i64],
    /// Layer handle: an index into
    /// [`CompiledSchedule::layer_ids`](super::CompiledSchedule::layer_ids), or
    /// [`ShiftColumns::NO_LAYER`] for a shift that no layer's occurrence gave (an override, a
    /// temporary schedule, a shadow).
    pub layer: &'a [u32],
    /// Bit set of [`ShiftColumns::SHADOW`], [`ShiftColumns::TRUNCATED_START`] and
    /// [`ShiftColumns::TRUNCATED_END`].
    pub flags: &'a [u8],
}

/// One row of [`ShiftColumns`], as plain values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ShiftRow {
    /// Person handle.
    pub person: u32,
    /// Start, Unix seconds.
    pub start: i64,
    /// End, Unix seconds, exclusive.
    pub end: i64,
    /// Layer handle, if a layer's occurrence.
    pub layer: Option<u32>,
    /// A shadow shift (paged alongside, not coverage).
    pub shadow: bool,
    /// The shift started before the compiled window.
    pub truncated_start: bool,
    /// The shift runs past the compiled window.
    pub truncated_end: bool,
}

impl<'a> ShiftColumns<'a> {
    /// The value of [`layer`](Self::layer) for a shift without a layer.
    pub const NO_LAYER: u32 = u32::MAX;
    /// Flag bit: a shadow shift.
    pub const SHADOW: u8 = 1;
    /// Flag bit: the shift started before the compiled window.
    pub const TRUNCATED_START: u8 = 2;
    /// Flag bit: the shift runs past the compiled window.
    pub const TRUNCATED_END: u8 = 4;

    /// Number of shifts.
    pub fn len(&self) -> usize {
        self.person.len()
    }

    /// Whether there are no shifts.
    pub fn is_empty(&self) -> bool {
        self.person.is_empty()
    }

    /// Row `i`, if it exists.
    pub fn row(&self, i: usize) -> Option<ShiftRow> {
        let flags = *self.flags.get(i)?;
        let layer = *self.layer.get(i)?;
        Some(ShiftRow {
            person: *self.person.get(i)?,
            start: *self.start.get(i)?,
            end: *self.end.get(i)?,
            layer: (layer != Self::NO_LAYER).then_some(layer),
            shadow: flags & Self::SHADOW != 0,
            truncated_start: flags & Self::TRUNCATED_START != 0,
            truncated_end: flags & Self::TRUNCATED_END != 0,
        })
    }

    /// Every row, in order.
    pub fn iter(&self) -> impl Iterator<Item = ShiftRow> + 'a {
        let c = *self;
        (0..c.len()).filter_map(move |i| c.row(i))
    }
}

/// The owned columns, plus each shift's source.
#[derive(Debug, Clone, Default)]
pub(crate) struct ShiftTable {
    pub person: Vec<u32>,
    pub start: Vec<i64>,
    pub end: Vec<i64>,
    pub layer: Vec<u32>,
    pub flags: Vec<u8>,
    pub source: Vec<u32>,
    /// The longest shift, in seconds (to find the shifts overlapping a window).
    pub longest: i64,
}

/// One shift being added to a table.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Row {
    pub person: u32,
    pub start: i64,
    pub end: i64,
    pub layer: u32,
    pub flags: u8,
    pub source: u32,
}

impl ShiftTable {
    pub(crate) fn with_capacity(n: usize) -> ShiftTable {
        ShiftTable {
            person: Vec::with_capacity(n),
            start: Vec::with_capacity(n),
            end: Vec::with_capacity(n),
            layer: Vec::with_capacity(n),
            flags: Vec::with_capacity(n),
            source: Vec::with_capacity(n),
            longest: 0,
        }
    }

    pub(crate) fn push(&mut self, r: Row) {
        self.person.push(r.person);
        self.start.push(r.start);
        self.end.push(r.end);
        self.layer.push(r.layer);
        self.flags.push(r.flags);
        self.source.push(r.source);
        self.longest = self.longest.max(r.end - r.start);
    }

    pub(crate) fn len(&self) -> usize {
        self.person.len()
    }

    pub(crate) fn columns(&self) -> ShiftColumns<'_> {
        ShiftColumns {
            person: &self.person,
            start: &self.start,
            end: &self.end,
            layer: &self.layer,
            flags: &self.flags,
        }
    }

    /// Row `i` with its source.
    pub(crate) fn get(&self, i: usize) -> Option<Row> {
        Some(Row {
            person: *self.person.get(i)?,
            start: *self.start.get(i)?,
            end: *self.end.get(i)?,
            layer: self.layer.get(i).copied().unwrap_or(NONE),
            flags: self.flags.get(i).copied().unwrap_or(0),
            source: self.source.get(i).copied().unwrap_or(NONE),
        })
    }

    /// Indices of the shifts overlapping `[a, b)` (the table is sorted by start and no shift
    /// is longer than `longest`).
    pub(crate) fn overlapping(&self, a: i64, b: i64) -> impl Iterator<Item = usize> + '_ {
        let lo = self
            .start
            .partition_point(|s| s.saturating_add(self.longest) <= a);
        let hi = self.start.partition_point(|s| *s < b);
        (lo..hi.max(lo)).filter(move |&i| self.end.get(i).is_some_and(|e| *e > a))
    }
}
