//! On-call scheduling: rotations, layers, restrictions, overrides, swaps, holidays, fairness
//! and iCalendar export.
//!
//! A [`Schedule`] is a stack of **layers**. Each layer has a **rotation** — members taking
//! turns at **handoffs** — read on the wall clock of the layer's zone, optional
//! **restrictions** (windows in which the layer is active) and a rule for stacking on the
//! layers below it (`precedence` or `union`). On top come **overrides**, **swaps and cover
//! requests**, **temporary schedules**, **shadows** and each person's **holidays and time
//! off**. [`Schedule::compile`] turns all of it into the final timeline of a window, a
//! [`CompiledSchedule`], which answers every question with explicit instants — nothing here
//! reads the clock.
//!
//! ```
//! use watchstander::schedule::{Interval, Schedule};
//! use watchstander::time::parse_instant;
//!
//! // Weekly primary rotation in London, handing off on Mondays at 09:00 local time, with a
//! // weekday business-hours secondary in New York stacked as a union.
//! let schedule: Schedule = serde_json::from_value(serde_json::json!({
//!   "id": "payments", "zone": "Europe/London",
//!   "layers": [
//!     {"id": "primary", "rotation": {"members": ["alice", "bob"],
//!        "anchor": "2026-01-05T09:00", "handoff": {"every": 1, "unit": "weeks"}}},
//!     {"id": "us-day", "zone": "America/New_York", "combine": "union",
//!      "restrictions": [{"days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "17:00"}],
//!      "rotation": {"members": ["eve"], "anchor": "2026-01-05T09:00",
//!        "handoff": {"every": 1, "unit": "weeks"}}}
//!   ]
//! }))?;
//! let march = Interval::new(parse_instant("2026-03-01T00:00:00Z")?, parse_instant("2026-04-01T00:00:00Z")?)?;
//! let compiled = schedule.compile(march)?;
//!
//! // Monday 9 March, 14:30 UTC: 14:30 in London (primary: turn 9 → bob) and 10:30 in New York
//! // (which moved its clocks on 8 March), so Eve is on call too.
//! let now = compiled.oncall(parse_instant("2026-03-09T14:30:00Z")?)?;
//! let who: Vec<&str> = now.on_call.iter().map(|e| e.person.as_str()).collect();
//! assert_eq!(who, ["bob", "eve"]);
//! assert_eq!(now.on_call[1].why, "layer us-day (every week), turn 9: member 1 of 1");
//!
//! // Eve's Monday shift is 09:00-17:00 New York time: 13:00-21:00 UTC since the 8th.
//! let eve: Vec<_> = compiled.all_shifts().iter().filter(|s| s.person == "eve").collect();
//! assert_eq!(eve[5].start.to_rfc3339(), "2026-03-09T13:00:00+00:00");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Rotations and handoffs
//!
//! Turn `k` belongs to member `(k + offset) mod n`; turn 0 starts at the anchor and there are
//! no turns before it. Handoffs come from a cadence (`every` N `hours`, `days`, `weeks` or
//! `months`, at a local time), an RRULE with a zoned DTSTART, or an irregular list of
//! `handovers` (`["P2D", "P2D", "P3D"]`). The arithmetic is wall-clock: a daily turn is 23 or
//! 25 hours across DST, an 8-hour rotation hands off at the same local hours every day, and a
//! monthly rotation anchored on the 31st hands off on the last day of shorter months and on
//! the 31st again when it can (it counts from the anchor, not from the previous handoff).
//!
//! # DST
//!
//! Every local handoff time (and every restriction boundary) becomes an instant through the
//! layer's [`Disambiguation`](crate::time::Disambiguation) policy (`dst` in JSON). The default,
//! `compatible`, moves a time in a gap forward by the gap's length (02:30 → 03:30 in New York
//! in March) and takes the first of two repeated times; `earlier`, `later`, `end_of_gap` and
//! `reject` are the alternatives. A handoff is never dropped. Shifts whose ends were moved, or
//! whose length changed because the UTC offset changed inside them, carry [`ShiftDst`].
//!
//! **When a gap makes two sub-daily handoffs coincide** — an hourly rotation in New York on
//! 8 March: 02:00 does not exist and moves to 03:00 EDT, where the 03:00 handoff also is —
//! the turn between them has zero length. It is not shown as a shift, nobody is on call for
//! it, and it is reported as a [`MergedTurn`]. Its number is still used, so every later turn
//! keeps its member; the member who would have had it simply loses that (non-existent) hour.
//! With `active_time` counting a zero-length turn has no active time and is not numbered, so
//! nobody loses a turn. A handoff is also never placed before the previous one: if `earlier`
//! would move it there, it is placed at the previous handoff and the same rule applies.
//!
//! # Layers
//!
//! Layers are listed lowest first. A `precedence` layer hides everything below it wherever it
//! has someone on call (an empty slot shows the layer below, as in PagerDuty); a `union`
//! layer adds its people to whoever is below (Opsgenie, GoAlert). Shadow layers page their
//! people alongside but never count as coverage.
//!
//! # Restrictions and turn counting
//!
//! Restriction windows clip turns. With `clock` counting (the default, as PagerDuty and
//! GoAlert) turns advance through restricted time, so a daily rotation restricted to weekdays
//! gives some members only weekend turns, which are empty (GoAlert #55); such members are
//! reported as [`Notice::StarvedMember`]. With `active_time`, only turns containing active
//! time are numbered and everyone gets their share.
//!
//! # Overrides, swaps, temporary schedules, time off
//!
//! Overrides beat every layer; among overlapping ones the last created wins. Swaps and cover
//! requests name *occurrences* (layer + turn number, or an instant inside the turn), so they
//! follow later edits of handoff times; those whose occurrence is gone or no longer belongs to
//! the requester are reported as orphaned ([`SwapReport`]). A temporary schedule replaces
//! everything, overrides included, in its window. Holidays and time off are read in each
//! person's own zone; the schedule's policy flags, skips to the next free member, or
//! reassigns to a backup.
//!
//! # Compact storage and explanations on request
//!
//! A [`CompiledSchedule`] stores people as handles into its [people
//! table](CompiledSchedule::people) and shifts as columns of numbers ([`ShiftColumns`]), so
//! compiling a year costs a few hundred nanoseconds per shift and its memory does not depend
//! on the length of the ids. Reasons, `why` sentences, uids and DST facts are written when a
//! shift is asked for ([`CompiledSchedule::shift`], [`CompiledSchedule::all_shifts`]).
//!
//! ```
//! # use watchstander::schedule::{Interval, Schedule};
//! # use watchstander::time::parse_instant;
//! # let schedule: Schedule = serde_json::from_str(r#"{"id": "s", "zone": "UTC", "layers": [
//! #   {"id": "l", "rotation": {"members": ["ann", "ben"], "anchor": "2026-01-01", "handoff": {"every": 1, "unit": "days"}}}]}"#)?;
//! let compiled = schedule.compile(Interval::new(parse_instant("2026-01-01T00:00:00Z")?, parse_instant("2027-01-01T00:00:00Z")?)?)?;
//! let cols = compiled.shift_columns();                 // 365 rows, no strings
//! let who = compiled.oncall_people_unix(cols.start[9])?; // handles, no allocation
//! assert_eq!(compiled.people()[who[0] as usize], "ben");
//! let shift = compiled.shift(9).unwrap();               // explain one shift
//! assert_eq!(shift.why, "layer l (every day), turn 9: member 2 of 2");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Limits
//!
//! Every expansion is bounded: a compile window is at most [`MAX_WINDOW_DAYS`] days; counting
//! turns from a distant anchor walks at most [`MAX_TURNS_WALKED`] turns; a compile expands at
//! most [`MAX_PIECES`] layer pieces, and its timeline has at most [`MAX_SEGMENTS`] segments
//! and [`MAX_TIMELINE_ENTRIES`] entries; overrides are applied in at most
//! [`MAX_OVERRIDE_STEPS`] steps; turns last at most [`MAX_TURN_DAYS`] days; the document sizes
//! are bounded by [`MAX_LAYERS`], [`MAX_MEMBERS`], [`MAX_OVERRIDES`], [`MAX_SWAPS`] and
//! friends, and every id and text by [`MAX_ID_CHARS`], [`MAX_NAME_CHARS`],
//! [`MAX_NOTE_CHARS`] and [`MAX_RULE_CHARS`]. Exceeding one is a typed error, never a hang.
//! `docs/limits.md` lists them all.

mod columns;
mod compile;
mod compiled;
mod diff;
mod error;
mod explain;
mod export;
mod fairness;
mod handoff;
pub mod ical;
mod interval;
mod layer;
mod model;
mod names;
mod people;
mod report;
mod restriction;
mod roster;
mod shift;
mod source;
mod spec;
mod text;
mod timeline;

pub use columns::{ShiftColumns, ShiftRow};
pub use compiled::{CompiledSchedule, CompiledSummary};
pub use diff::{diff, Change, ScheduleDiff};
pub use error::ScheduleError;
pub use export::{ExportTimes, IcalOptions};
pub use fairness::{FairnessLedger, FairnessSettings, LedgerRow, PersonTotals, Weights};
pub use handoff::{MAX_HANDOVERS, MAX_TURN_DAYS, MIN_HANDOVER_MINUTES};
pub use interval::Interval;
pub use model::{Schedule, MAX_LAYERS, MAX_OVERRIDES, MAX_PEOPLE, MAX_SWAPS, MAX_TEMPORARY};
pub use people::MAX_DAYS_OFF;
pub use report::{HandoffReport, HandoffSide, Incident};
pub use restriction::MAX_RESTRICTIONS;
pub use roster::{MAX_MEMBERS, MAX_ROSTER_CHANGES};
pub use shift::{
    Handoff, MergedTurn, Notice, OnCallAt, OnCallEntry, Reason, Shift, ShiftDst, SwapReport,
    SwapStatus, TimeOffConflict,
};
pub use spec::{
    CadenceUnit, Combine, Day, DayOffSpec, HandoffSpec, IntervalSpec, LayerSpec, OverrideKind,
    OverrideSpec, PersonSpec, RestrictionSpec, Rollout, RosterChangeSpec, RotationSpec,
    ScheduleSpec, ShadowSpec, SwapKind, SwapSpec, TemporaryScheduleSpec, TemporaryShiftSpec,
    TimeOffMode, TimeOffPolicy, TurnCounting,
};
pub use text::{MAX_ID_CHARS, MAX_NAME_CHARS, MAX_NOTE_CHARS, MAX_RULE_CHARS};

/// The longest window [`Schedule::compile`] accepts, in days (three years).
pub const MAX_WINDOW_DAYS: i64 = 1_096;

/// The most turns a layer walks from its anchor to reach a window (RRULE handoffs and
/// `active_time` counting must count every turn since the anchor).
pub const MAX_TURNS_WALKED: u64 = 1_000_000;

/// The most layer pieces one compile may expand (a piece is one member's on-call stretch in
/// one turn of one layer, before overrides): about a second of work and 250 MB. Three years
/// of an hourly rotation is 26 304 pieces per layer, so 38 such layers fit.
pub const MAX_PIECES: usize = 1_000_000;

/// The most segments a compiled timeline may have.
pub const MAX_SEGMENTS: usize = 2_000_000;

/// The most entries (people on call or shadowing, summed over the segments) a compiled
/// timeline may hold: about 120 MB of timeline. A hundred union layers with one person each
/// over three years of hourly handoffs hold 2.6 million.
pub const MAX_TIMELINE_ENTRIES: usize = 10_000_000;

/// The most override applications one compile may make: each segment of the timeline applies
/// the overrides in force there (from the second-to-last whole `replace` on). Nested
/// whole-`replace` overrides cost one step per segment however many there are; a hundred
/// thousand `add` overrides all in force at once would cost a hundred thousand per segment.
pub const MAX_OVERRIDE_STEPS: u64 = 20_000_000;

/// Resolves a local time with `policy`, as every handoff and restriction boundary is.
///
/// One seam for the whole module, so that a change of resolution rules (or a workaround for a
/// zone-data quirk) lands in one place. `time::Zone::resolve_local` returns whole-second
/// instants for whole-second local times under every policy (see the time tests).
pub(crate) fn resolve(
    zone: crate::time::Zone,
    local: chrono::NaiveDateTime,
    policy: crate::time::Disambiguation,
) -> Result<crate::time::ResolvedLocal, crate::time::TimeError> {
    zone.resolve_local(local, policy)
}
