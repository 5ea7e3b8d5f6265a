//! What a compiled schedule reports: shifts with their reasons, handoffs, gaps, DST notes,
//! swap outcomes and conflicts.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use super::interval::Interval;
use super::spec::{OverrideKind, SwapKind, TimeOffMode};
use crate::time::{LocalAdjustment, Zone};

/// Why someone is on call (or shadowing) — the answer to "who put me here?".
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// A layer's rotation gave them the turn.
    Layer {
        /// Layer id.
        layer: String,
        /// Turn number (0 at the anchor).
        turn: u64,
        /// Their position in the member list, from 0.
        member_index: usize,
        /// How many members the list has.
        roster_size: usize,
        /// The roster change (index into `roster_changes`) whose list applies, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        roster_change: Option<usize>,
    },
    /// A swap or cover request moved the occurrence to them.
    Swap {
        /// Swap id.
        swap: String,
        /// `swap` or `cover`.
        swap_kind: SwapKind,
        /// Layer of the occurrence.
        layer: String,
        /// Turn number of the occurrence.
        turn: u64,
        /// Whose occurrence it was.
        instead_of: String,
    },
    /// The time-off policy moved the time to them.
    TimeOff {
        /// `skip` or `reassign`.
        policy: TimeOffMode,
        /// Layer of the occurrence.
        layer: String,
        /// Turn number.
        turn: u64,
        /// Who is off.
        instead_of: String,
        /// The holiday or time-off entry's name.
        time_off: String,
    },
    /// An override.
    Override {
        /// Override id.
        id: String,
        /// `replace`, `add` (a `remove` never puts anyone on call).
        override_kind: OverrideKind,
        /// The override's note.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// A temporary schedule.
    Temporary {
        /// Temporary schedule id.
        schedule: String,
        /// Index of the shift in its `shifts`.
        shift: usize,
    },
    /// Shadowing a responder.
    Shadowing {
        /// The responder.
        shadows: String,
    },
}

/// What DST did to a shift.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ShiftDst {
    /// The zone the shift's handoffs are read in.
    pub zone: Zone,
    /// The adjustment made to the shift's start, if it fell in a gap or fold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<LocalAdjustment>,
    /// The adjustment made to the shift's end, if it fell in a gap or fold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<LocalAdjustment>,
    /// The change of the zone's UTC offset between the shift's start and its end, in whole
    /// minutes (+60 spring forward, -60 fall back, ±30 on Lord Howe), 0 if none: the shift is
    /// that much shorter (positive) or longer (negative) than its wall-clock length, the
    /// difference of the local clock readings at its ends. The offset is read at the start
    /// and at the end themselves, so a shift ending exactly when the clocks change counts the
    /// change. See `offset_change_seconds` for changes that are not whole minutes.
    pub offset_change_minutes: i32,
    /// The same change, exactly, in seconds (historical offsets were not always whole
    /// minutes: Monrovia moved its clocks by 44 minutes 30 seconds in 1972).
    pub offset_change_seconds: i32,
}

/// One shift of the final schedule: a person on call (or shadowing) for a stretch, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Shift {
    /// Stable identifier: `<schedule>/<source>/<person>` (plus `@<unix start>` for a fragment
    /// cut out of its source by an override or swap), the same in every window that contains
    /// it. iCalendar UIDs are built from it.
    pub uid: String,
    /// Who.
    pub person: String,
    /// Start (clipped to the compiled window; see `truncated_start`).
    pub start: DateTime<Utc>,
    /// End (clipped to the compiled window; see `truncated_end`).
    pub end: DateTime<Utc>,
    /// Length in hours.
    pub hours: f64,
    /// Why they are on call.
    pub reason: Reason,
    /// The reason in words.
    pub why: String,
    /// The layer whose occurrence this is, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layer: Option<String>,
    /// The zone the shift's source is read in (layer zone, else the schedule's).
    pub zone: Zone,
    /// Local start and end in `zone`.
    pub local_start: NaiveDateTime,
    /// Local end in `zone`.
    pub local_end: NaiveDateTime,
    /// A shadow shift: paged alongside, not coverage.
    pub shadow: bool,
    /// Set when DST resolution moved this shift's start or end, or when its real length
    /// differs from its wall-clock length.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dst: Option<ShiftDst>,
    /// The shift started before the compiled window.
    pub truncated_start: bool,
    /// The shift runs past the compiled window.
    pub truncated_end: bool,
    /// Names of holidays or time off of `person` that overlap the shift.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub time_off: Vec<String>,
}

impl Shift {
    /// The shift as an interval.
    pub fn interval(&self) -> Interval {
        Interval {
            start: self.start,
            end: self.end,
        }
    }
}

/// One person on call at an instant, with the reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OnCallEntry {
    /// Who.
    pub person: String,
    /// Why.
    pub reason: Reason,
    /// The reason in words.
    pub why: String,
    /// The shift they are in.
    pub shift: Interval,
    /// The shift's uid.
    pub shift_uid: String,
    /// For an override or swap: whom it took the time from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replaced: Vec<String>,
}

/// The answer to "who is on call at t?".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OnCallAt {
    /// The instant asked about.
    pub at: DateTime<Utc>,
    /// Responders (empty in a gap).
    pub on_call: Vec<OnCallEntry>,
    /// Shadows paged alongside.
    pub shadows: Vec<OnCallEntry>,
    /// True when nobody is on call.
    pub gap: bool,
    /// The stretch around `at` during which the answer stays the same.
    pub unchanged: Interval,
    /// The next instant at which the set of responders changes, within the window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_handoff: Option<DateTime<Utc>>,
}

/// A change of who is on call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Handoff {
    /// When.
    pub at: DateTime<Utc>,
    /// Who was on call just before (empty after a gap).
    pub from: Vec<String>,
    /// Who is on call from `at` (empty at the start of a gap).
    pub to: Vec<String>,
    /// Layers whose turn changes here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub layers: Vec<String>,
    /// Set when the handoff time was moved by DST resolution.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dst: Option<LocalAdjustment>,
}

/// A turn that DST made zero-length: nobody is on call for it. It keeps its number, so the
/// following turns keep their members.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MergedTurn {
    /// Layer.
    pub layer: String,
    /// Raw turn number.
    pub turn: u64,
    /// The instant both handoffs resolved to.
    pub at: DateTime<Utc>,
    /// The local handoff time the rule asked for.
    pub local: NaiveDateTime,
    /// What DST resolution did.
    pub adjustment: LocalAdjustment,
    /// Who would have had the turn (clock counting only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
}

/// What became of a swap or cover request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SwapStatus {
    /// Applied.
    Applied,
    /// Its occurrence no longer exists or no longer belongs to `from`.
    Orphaned,
    /// An earlier request already changed the occurrence.
    Conflict,
    /// Its occurrence lies outside the compiled window (neither applied nor checked).
    OutsideWindow,
}

/// A swap's outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SwapReport {
    /// Swap id.
    pub id: String,
    /// Outcome.
    pub status: SwapStatus,
    /// Explanation.
    pub detail: String,
}

/// Someone on call during their holiday or time off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TimeOffConflict {
    /// Who.
    pub person: String,
    /// The overlap.
    pub start: DateTime<Utc>,
    /// End of the overlap.
    pub end: DateTime<Utc>,
    /// The holiday or time-off entry.
    pub time_off: String,
    /// The shift's uid.
    pub shift_uid: String,
    /// Why they are on call then.
    pub why: String,
}

/// A finding worth a human's attention (lint).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "schema", schemars(rename = "ScheduleNotice"))]
pub enum Notice {
    /// A layer has no members for some turns in the window.
    EmptyRotation {
        /// Layer.
        layer: String,
    },
    /// A member had turns in the window but no on-call time (their turns all fall in
    /// restricted time — GoAlert #55). `turn_counting: active_time` fixes it.
    StarvedMember {
        /// Layer.
        layer: String,
        /// Person.
        person: String,
        /// Turns they had.
        turns: u64,
    },
    /// An override never changed anyone in the window (a `replace` whose person was never on
    /// call, or a `remove` of someone not on call).
    OverrideHadNoEffect {
        /// Override id.
        id: String,
    },
}
