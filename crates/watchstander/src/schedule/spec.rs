//! The JSON format of a schedule (`docs/formats/schedule.md`, `docs/schema/schedule.schema.json`).
//!
//! These types are plain data: they (de)serialise losslessly and check only the shape of the
//! document (unknown fields are refused, so a misspelt option is an error). Meaning is checked
//! by [`Schedule::new`](super::Schedule::new), which turns a [`ScheduleSpec`] into a validated
//! [`Schedule`](super::Schedule).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc, Weekday};
use serde::{Deserialize, Serialize};

use crate::time::{ClockTime, Disambiguation, IsoDuration, Zone};

/// A whole on-call schedule: layers of rotations, overrides, temporary schedules, swaps,
/// shadows and the people's time off.
///
/// ```
/// use watchstander::schedule::ScheduleSpec;
/// let spec: ScheduleSpec = serde_json::from_str(r#"{
///   "id": "payments", "zone": "Europe/London",
///   "layers": [{"id": "weekly", "rotation": {
///       "members": ["alice", "bob"], "anchor": "2026-01-05T09:00",
///       "handoff": {"every": 1, "unit": "weeks"}}}]
/// }"#).unwrap();
/// assert_eq!(spec.layers[0].rotation.members, ["alice", "bob"]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ScheduleSpec {
    /// Format version; `1` (the default).
    #[serde(default = "default_version")]
    pub version: u32,
    /// Stable identifier, used in explanations and iCalendar UIDs.
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The schedule's zone: the default for layers and for people without a zone.
    pub zone: Zone,
    /// People: their zones (for totals), holidays, time off and backups. Members need not be
    /// listed; an unlisted person has the schedule's zone and no time off.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<PersonSpec>,
    /// Named holiday calendars that people can share, e.g. `{"uk": [...]}`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub holiday_calendars: BTreeMap<String, Vec<DayOffSpec>>,
    /// Layers, lowest first: a later layer is *higher* and, with `precedence`, wins where it has
    /// someone on call (as PagerDuty's Layer 2 beats Layer 1).
    pub layers: Vec<LayerSpec>,
    /// Overrides; among overlapping ones the last created wins.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<OverrideSpec>,
    /// Temporary schedules, each replacing everything (layers and overrides) in its window.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub temporary_schedules: Vec<TemporaryScheduleSpec>,
    /// Swaps and cover requests bound to shift occurrences.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub swaps: Vec<SwapSpec>,
    /// Shadow people who are paged alongside a responder but never count as coverage.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shadows: Vec<ShadowSpec>,
    /// What happens when a rotation puts someone on call during their holidays or time off.
    #[serde(default)]
    pub time_off_policy: TimeOffPolicy,
}

fn default_version() -> u32 {
    1
}

/// A person known to the schedule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PersonSpec {
    /// The id used in member lists, overrides and swaps.
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The person's own zone: their holidays and time-off dates, and their totals (nights,
    /// weekends), are read in it. Default: the schedule's zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<Zone>,
    /// Names of shared calendars in the schedule's `holiday_calendars`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holiday_calendars: Vec<String>,
    /// The person's own public holidays (dates or yearly rules).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holidays: Vec<DayOffSpec>,
    /// Leave and other time off (dates, date ranges or instant ranges).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub time_off: Vec<DayOffSpec>,
    /// Who takes over with the `reassign` policy (overrides the policy's `backup`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup: Option<String>,
}

/// One holiday or time-off entry, read in the person's zone. Give exactly one of:
///
/// * `date`: one whole local day, `"2026-12-25"`;
/// * `rrule` (+ optional `rrule_start`): recurring whole days, `"FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25"`;
/// * `from` + `to`: either two dates (whole days, both inclusive) or two RFC 3339 instants
///   (end exclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DayOffSpec {
    /// A label shown in explanations, e.g. `"Christmas Day"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// One date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// A date rule (an RRULE value without DTSTART).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rrule: Option<String>,
    /// First date of `rrule` (default 1970-01-01; matters only for INTERVAL and COUNT).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rrule_start: Option<String>,
    /// Start: a date (inclusive) or an instant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// End: a date (inclusive) or an instant (exclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

/// How layers stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Combine {
    /// Where this layer has someone on call, it hides every layer below it; where it has
    /// nobody, the layers below show through (PagerDuty, Grafana OnCall).
    #[default]
    Precedence,
    /// This layer's people are added to whoever the layers below put on call (Opsgenie,
    /// GoAlert, incident.io).
    Union,
}

/// One layer: a rotation, optional restrictions, and how it stacks on the layers below.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LayerSpec {
    /// Stable identifier (swaps and explanations refer to it).
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The layer has no shifts before this instant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<DateTime<Utc>>,
    /// The layer has no shifts from this instant on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<DateTime<Utc>>,
    /// `precedence` (default) or `union`.
    #[serde(default)]
    pub combine: Combine,
    /// A shadow layer's people are paged alongside the responders but never count as coverage.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub shadow: bool,
    /// The zone in which handoff times and restrictions are read. Default: the schedule's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<Zone>,
    /// Who rotates, and when they hand off.
    pub rotation: RotationSpec,
    /// Windows in which the layer is active; none means always. Several windows are unioned.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub restrictions: Vec<RestrictionSpec>,
}

/// A rotation: members taking turns at handoffs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RotationSpec {
    /// Person ids in rotation order. May repeat a person; may be empty (the layer is then
    /// always empty and is reported).
    pub members: Vec<String>,
    /// Turn `k` belongs to member `(k + offset) mod n`.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub offset: u32,
    /// When turn 0 starts: a local date-time (`"2026-01-05T09:00"`) or date (with the
    /// handoff's `at`) in the layer's zone, or an RFC 3339 instant. Not used with `rrule`,
    /// whose DTSTART is the anchor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
    /// When handoffs happen.
    pub handoff: HandoffSpec,
    /// How a handoff or restriction time that falls in a DST gap or fold becomes an instant.
    #[serde(default)]
    pub dst: Disambiguation,
    /// Whether turns advance through restricted (inactive) time.
    #[serde(default)]
    pub turn_counting: TurnCounting,
    /// Changes of the member list over time.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roster_changes: Vec<RosterChangeSpec>,
}

fn is_zero(v: &u32) -> bool {
    *v == 0
}

/// When a rotation hands off. Give exactly one form:
///
/// * a cadence: `{"every": 1, "unit": "weeks", "at": "09:00"}` (units `hours`, `days`,
///   `weeks`, `months`; `at` is the local handoff time, default the anchor's time);
/// * an RRULE with a zoned DTSTART: `{"rrule": "DTSTART;TZID=Europe/London:20260105T090000\nRRULE:FREQ=WEEKLY"}`;
/// * irregular handovers applied in turn: `{"handovers": ["P2D", "P2D", "P3D"]}` (a 2-2-3).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct HandoffSpec {
    /// Cadence: how many units per turn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub every: Option<u32>,
    /// Cadence: the unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<CadenceUnit>,
    /// Cadence: the local handoff time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<ClockTime>,
    /// An RFC 5545 DTSTART (with TZID or `Z`) and RRULE.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rrule: Option<String>,
    /// Turn lengths applied in turn, as ISO 8601 durations of local time (weeks, days, hours,
    /// minutes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handovers: Option<Vec<IsoDuration>>,
}

/// The unit of a cadence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CadenceUnit {
    /// Wall-clock hours: an 8-hour rotation hands off at the same local hours every day.
    Hours,
    /// Local days (23 or 25 hours across DST).
    Days,
    /// Seven local days.
    Weeks,
    /// Calendar months counted from the anchor, clamped to month end (31 Jan → 28 Feb → 31 Mar).
    Months,
}

/// How turns are counted when the layer has restrictions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TurnCounting {
    /// Turns advance at every handoff, restricted or not (PagerDuty, GoAlert). A member whose
    /// turns always fall in restricted time never goes on call.
    #[default]
    Clock,
    /// Only turns that contain active time are numbered, so a turn that falls entirely outside
    /// the restrictions (or outside the layer's start/end) consumes no member and restricted
    /// rotations stay fair.
    ActiveTime,
}

/// A window in which a layer is active, read in the layer's zone. Two forms:
///
/// * daily: `{"start": "09:00", "end": "17:00"}`, optionally only on some `days`
///   (`["mon", "tue"]`); the day is the day the window *starts*, so `{"days": ["fri"],
///   "start": "22:00", "end": "06:00"}` runs into Saturday morning;
/// * weekly: `{"start_day": "fri", "start": "18:00", "end_day": "mon", "end": "09:00"}`.
///
/// `end` is exclusive; `start == end` means 24 hours (or 7 days for a weekly window on the same
/// day); windows may cross midnight. Adjacent windows merge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RestrictionSpec {
    /// Daily form: the weekdays on which the window starts (default: every day).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<Vec<Day>>,
    /// Weekly form: the weekday the window starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_day: Option<Day>,
    /// Local start time (inclusive).
    pub start: ClockTime,
    /// Weekly form: the weekday the window ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_day: Option<Day>,
    /// Local end time (exclusive).
    pub end: ClockTime,
}

/// A weekday, written `mon` … `sun`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Day {
    /// Monday.
    Mon,
    /// Tuesday.
    Tue,
    /// Wednesday.
    Wed,
    /// Thursday.
    Thu,
    /// Friday.
    Fri,
    /// Saturday.
    Sat,
    /// Sunday.
    Sun,
}

impl Day {
    /// The chrono weekday.
    pub fn weekday(self) -> Weekday {
        match self {
            Day::Mon => Weekday::Mon,
            Day::Tue => Weekday::Tue,
            Day::Wed => Weekday::Wed,
            Day::Thu => Weekday::Thu,
            Day::Fri => Weekday::Fri,
            Day::Sat => Weekday::Sat,
            Day::Sun => Weekday::Sun,
        }
    }
}

/// When a roster change takes effect relative to its `effective` instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Rollout {
    /// At `effective` exactly; a turn in progress is split there.
    #[default]
    Immediately,
    /// At the first handoff at or after `effective`.
    AfterCurrentShift,
    /// At the first handoff at or after `effective` that starts a new cycle of the old roster
    /// (the turn the old roster would give to its first member).
    AfterFullRotation,
}

/// A change of a rotation's member list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RosterChangeSpec {
    /// When the change was made / should apply.
    pub effective: DateTime<Utc>,
    /// The new member list, in rotation order.
    pub members: Vec<String>,
    /// When it takes effect (default `immediately`).
    #[serde(default)]
    pub rollout: Rollout,
    /// Keep the order continuous from whoever is on call at `effective` (GoAlert's behaviour):
    /// they stay on call if still a member, and the new order continues after them. Without it,
    /// turns are stateless (PagerDuty): turn `k` goes to new member `(k + offset) mod n`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub keep_current_on_call: bool,
}

/// What an override does.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum OverrideKind {
    /// `person` takes over: from everyone on call (PagerDuty's override), or only from
    /// `replaces` if given — which then does nothing unless `replaces` is on call (GoAlert).
    #[default]
    Replace,
    /// `person` is added to whoever is on call.
    Add,
    /// `person` is taken off call.
    Remove,
}

/// An override: a person put on or taken off call for a window, beating every layer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct OverrideSpec {
    /// Stable identifier. Default: `override-<position>` (give one, so UIDs survive edits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `replace` (default), `add` or `remove`.
    #[serde(default)]
    pub kind: OverrideKind,
    /// Who is put on call (replace, add) or taken off (remove).
    pub person: String,
    /// With `replace`: only replace this person, and only while they are on call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces: Option<String>,
    /// Start (inclusive).
    pub start: DateTime<Utc>,
    /// End (exclusive).
    pub end: DateTime<Utc>,
    /// Creation time; among overlapping overrides the last created wins. Overrides without it
    /// count as created before all that have it, in list order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<DateTime<Utc>>,
    /// Free text shown in explanations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A temporary schedule: explicit shifts that replace everything in its window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TemporaryScheduleSpec {
    /// Stable identifier.
    pub id: String,
    /// Start of the window it replaces.
    pub start: DateTime<Utc>,
    /// End of the window it replaces.
    pub end: DateTime<Utc>,
    /// Who is on call in the window; uncovered time is a gap.
    #[serde(default)]
    pub shifts: Vec<TemporaryShiftSpec>,
}

/// One shift of a temporary schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TemporaryShiftSpec {
    /// Who.
    pub person: String,
    /// Start (clipped to the temporary schedule's window).
    pub start: DateTime<Utc>,
    /// End (clipped to the temporary schedule's window).
    pub end: DateTime<Utc>,
}

/// Swap (exchange two occurrences) or cover (someone takes over one occurrence).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SwapKind {
    /// `to` takes `from`'s occurrence (or the part of it in `within`).
    #[default]
    Cover,
    /// `from`'s occurrence goes to `to` and `to`'s occurrence (`with_turn` or
    /// `with_turn_start`) goes to `from`.
    Swap,
}

/// A swap or cover request bound to shift *occurrences* of a layer, so it follows later edits
/// of handoff times or restrictions. An occurrence is named by its turn number (`turn`) or by
/// an instant inside it (`turn_start`, normally the turn's original start). A request whose
/// occurrence no longer exists or no longer belongs to `from` is reported as orphaned, never
/// silently applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SwapSpec {
    /// Stable identifier.
    pub id: String,
    /// `cover` (default) or `swap`.
    #[serde(default)]
    pub kind: SwapKind,
    /// The layer the occurrence belongs to.
    pub layer: String,
    /// The occurrence's turn number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub turn: Option<u64>,
    /// An instant inside the occurrence (its original start).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub turn_start: Option<DateTime<Utc>>,
    /// Whose occurrence it is.
    pub from: String,
    /// Who takes it.
    pub to: String,
    /// Cover only: the part of the occurrence to cover (partial cover).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within: Option<IntervalSpec>,
    /// Swap only: the turn number of `to`'s occurrence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_turn: Option<u64>,
    /// Swap only: an instant inside `to`'s occurrence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub with_turn_start: Option<DateTime<Utc>>,
    /// Creation time; requests apply in creation order, and a later request that touches an
    /// occurrence an earlier one already changed is reported as a conflict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<DateTime<Utc>>,
}

/// A `{start, end}` pair of instants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct IntervalSpec {
    /// Start (inclusive).
    pub start: DateTime<Utc>,
    /// End (exclusive).
    pub end: DateTime<Utc>,
}

/// A shadow: `person` is paged alongside `shadows` whenever `shadows` is on call in the final
/// schedule (optionally only between `start` and `end`). Shadows never count as coverage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ShadowSpec {
    /// The trainee.
    pub person: String,
    /// The responder they shadow.
    pub shadows: String,
    /// From (default: always).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<DateTime<Utc>>,
    /// Until (default: always).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<DateTime<Utc>>,
}

/// What to do when a rotation puts someone on call during their holidays or time off.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TimeOffMode {
    /// Keep the shift and report the conflict (the safe default: coverage never changes
    /// silently).
    #[default]
    Flag,
    /// The next member of the rotation who is free covers the conflicting time.
    Skip,
    /// The person's `backup` (or the policy's) covers the conflicting time.
    Reassign,
}

/// The schedule's time-off policy.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TimeOffPolicy {
    /// `flag` (default), `skip` or `reassign`.
    #[serde(default)]
    pub mode: TimeOffMode,
    /// Default backup for `reassign` (a person's own `backup` takes priority).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup: Option<String>,
}
