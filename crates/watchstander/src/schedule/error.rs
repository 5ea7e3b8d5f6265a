//! The error type of the [`schedule`](crate::schedule) module.

use chrono::{DateTime, Utc};
use thiserror::Error;

use crate::time::TimeError;

/// Everything that can go wrong in the `schedule` module.
///
/// Every variant has a stable snake_case [`code`](ScheduleError::code) and a message that names
/// the offending value and says what to change.
#[derive(Debug, Clone, PartialEq, Eq, Error, serde::Serialize)]
#[non_exhaustive]
pub enum ScheduleError {
    /// A time computation failed (unknown zone, bad RRULE, a DST `reject` policy hit a gap…).
    #[error(transparent)]
    Time(#[from] TimeError),
    /// Two layers, overrides, swaps, temporary schedules or people share an id.
    #[error("{kind} id {id:?} is used twice; give every {kind} its own id")]
    DuplicateId {
        /// What kind of thing: `layer`, `override`, `swap`, `temporary schedule`, `person`.
        kind: String,
        /// The repeated id.
        id: String,
    },
    /// An id is empty, longer than [`MAX_ID_CHARS`](crate::schedule::MAX_ID_CHARS) or contains
    /// a control character.
    #[error(
        "{kind} id {id:?} is not usable: ids are 1 to 200 characters without control characters"
    )]
    InvalidId {
        /// What kind of thing.
        kind: String,
        /// The id, possibly truncated.
        id: String,
    },
    /// A free-text field (name, note, rule text) is longer than its documented limit.
    #[error("{field} is {chars} characters long; the limit is {max}: shorten it")]
    TextTooLong {
        /// Which field, e.g. `override "ov-1": note`.
        field: String,
        /// Its length in characters.
        chars: usize,
        /// The limit.
        max: usize,
    },
    /// An instant of the schedule document has a fraction of a second.
    #[error("{what} is {instant}, which has a fraction of a second: schedule instants are whole seconds")]
    SubsecondInstant {
        /// What the instant belongs to, e.g. `override "ov-1" start`.
        what: String,
        /// The instant.
        instant: DateTime<Utc>,
    },
    /// A layer's handoff rule is missing, ambiguous or contradicts itself.
    #[error("layer {layer:?}: invalid handoff: {reason}")]
    InvalidHandoff {
        /// The layer id.
        layer: String,
        /// What is wrong and how to fix it.
        reason: String,
    },
    /// A handoff rule would hand off more often than watchstander supports.
    #[error("layer {layer:?}: handoffs are too frequent: {reason}")]
    HandoffTooFrequent {
        /// The layer id.
        layer: String,
        /// Which rule and the limit.
        reason: String,
    },
    /// A rotation anchor does not parse or contradicts the handoff rule.
    #[error("layer {layer:?}: invalid anchor {input:?}: {reason}")]
    InvalidAnchor {
        /// The layer id.
        layer: String,
        /// The anchor as written.
        input: String,
        /// What is wrong.
        reason: String,
    },
    /// A restriction window cannot be used.
    #[error("layer {layer:?}: invalid restriction: {reason}")]
    InvalidRestriction {
        /// The layer id.
        layer: String,
        /// What is wrong.
        reason: String,
    },
    /// An interval (override, layer, window, temporary schedule…) ends at or before its start.
    #[error("{what}: the end {end} is not after the start {start}")]
    EmptyInterval {
        /// What the interval belongs to, e.g. `override "ov-1"`.
        what: String,
        /// Start, RFC 3339.
        start: DateTime<Utc>,
        /// End, RFC 3339.
        end: DateTime<Utc>,
    },
    /// An override is malformed (e.g. `replaces` on an `add`).
    #[error("override {id:?}: {reason}")]
    InvalidOverride {
        /// The override id.
        id: String,
        /// What is wrong.
        reason: String,
    },
    /// A swap or cover request is malformed (this is not the same as an orphaned swap, which is
    /// reported, not refused).
    #[error("swap {id:?}: {reason}")]
    InvalidSwap {
        /// The swap id.
        id: String,
        /// What is wrong.
        reason: String,
    },
    /// A temporary schedule is malformed, or two temporary schedules overlap.
    #[error("temporary schedule {id:?}: {reason}")]
    InvalidTemporarySchedule {
        /// The temporary schedule id.
        id: String,
        /// What is wrong.
        reason: String,
    },
    /// A person's holiday or time-off entry cannot be read.
    #[error("person {person:?}: invalid time off: {reason}")]
    InvalidTimeOff {
        /// The person id.
        person: String,
        /// What is wrong.
        reason: String,
    },
    /// The time-off policy is incomplete (e.g. `reassign` without a backup).
    #[error("time_off_policy: {reason}")]
    InvalidTimeOffPolicy {
        /// What is wrong.
        reason: String,
    },
    /// A roster change is malformed.
    #[error("layer {layer:?}: invalid roster change: {reason}")]
    InvalidRosterChange {
        /// The layer id.
        layer: String,
        /// What is wrong.
        reason: String,
    },
    /// The document's `version` is not one this build reads.
    #[error("schedule format version {version} is not supported; this build reads version 1")]
    UnsupportedVersion {
        /// The version given.
        version: u32,
    },
    /// A documented size limit was exceeded.
    #[error("too many {what}: {count} (the limit is {max}); {hint}")]
    LimitExceeded {
        /// What was counted.
        what: String,
        /// How many there were.
        count: u64,
        /// The limit.
        max: u64,
        /// How to stay within it.
        hint: String,
    },
    /// A compile window is longer than [`MAX_WINDOW_DAYS`](crate::schedule::MAX_WINDOW_DAYS).
    #[error("window of {days} days is too long: compile at most {max} days at a time (split longer ranges into several windows)")]
    WindowTooLong {
        /// The window's length in whole days.
        days: i64,
        /// The limit.
        max: i64,
    },
    /// A rotation's anchor lies so far before the window that counting its turns would walk
    /// more than [`MAX_TURNS_WALKED`](crate::schedule::MAX_TURNS_WALKED) turns.
    #[error("layer {layer:?}: counting turns from the anchor to the window walks more than {max} turns; move the anchor (or DTSTART) closer to the window")]
    AnchorTooFar {
        /// The layer id.
        layer: String,
        /// The limit.
        max: u64,
    },
    /// A query instant or window lies outside the compiled window.
    #[error("{what} is outside the compiled window {window_start} – {window_end}; compile a window that contains it")]
    OutsideWindow {
        /// What was asked, e.g. `instant 2027-01-01T00:00:00Z`.
        what: String,
        /// The compiled window's start.
        window_start: DateTime<Utc>,
        /// The compiled window's end.
        window_end: DateTime<Utc>,
    },
    /// A layer id named in a query does not exist.
    #[error("unknown layer {id:?}; this schedule has layers {}", known.join(", "))]
    UnknownLayer {
        /// The id asked for.
        id: String,
        /// The layer ids the schedule defines.
        known: Vec<String>,
    },
    /// A fairness or totals configuration is unusable (e.g. a negative weight).
    #[error("invalid fairness settings: {reason}")]
    InvalidFairness {
        /// What is wrong.
        reason: String,
    },
    /// Fairness weights or balances so large that a result is not a finite number.
    #[error("the fairness {what}{} is not a finite number (the weights or opening balances are too large): use smaller weights", if person.is_empty() { String::new() } else { format!(" of {person:?}") })]
    FairnessOverflow {
        /// Which result overflowed: `points`, `balance`, `total`, ...
        what: String,
        /// Whose row (empty for totals over everyone).
        person: String,
    },
    /// An iCalendar export has more events than [`MAX_EVENTS`](crate::schedule::ical::MAX_EVENTS).
    #[error("iCalendar export has {count} events, more than the limit of {limit}: export a shorter window or one member at a time")]
    IcalTooManyEvents {
        /// How many events were given.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// A VTIMEZONE would have to cover more than
    /// [`MAX_VTIMEZONE_SPAN_DAYS`](crate::schedule::ical::MAX_VTIMEZONE_SPAN_DAYS).
    #[error("the VTIMEZONE for {zone} would have to cover {from} to {to} (the events written in that zone, plus a margin), more than {limit_days} days: export a shorter window or use UTC times")]
    IcalSpanTooLong {
        /// The zone whose VTIMEZONE would be generated.
        zone: String,
        /// Start of the span to cover (RFC 3339).
        from: String,
        /// End of the span to cover (RFC 3339).
        to: String,
        /// The limit in days.
        limit_days: i64,
    },
    /// A text value contains a character that iCalendar cannot carry.
    #[error("iCalendar {field} contains the control character U+{code_point:04X} at character {position}: remove it (only tab and line breaks are allowed in text)")]
    IcalInvalidText {
        /// Which property or parameter, e.g. `SUMMARY of event "abc@watchstander"`.
        field: String,
        /// The offending code point.
        code_point: u32,
        /// Its position in the text, counted in characters from 0.
        position: usize,
    },
    /// A property or parameter name is not a valid iCalendar name.
    #[error("invalid iCalendar name {name:?}: {reason}")]
    IcalInvalidName {
        /// The name that was given.
        name: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A parameter value or URI cannot be written in iCalendar syntax.
    #[error("invalid iCalendar value for {field}: {value:?} {reason}")]
    IcalInvalidValue {
        /// Which property or parameter.
        field: String,
        /// The value that was given.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An event does not end after it starts (at whole-second precision).
    #[error("iCalendar event {uid:?} ends at {end}, which is not after its start {start}: an event must last at least one second")]
    IcalEventNotAfterStart {
        /// The event's UID.
        uid: String,
        /// Its start (RFC 3339).
        start: String,
        /// Its end (RFC 3339).
        end: String,
    },
    /// An event has an empty UID, or the same UID as an earlier event of the calendar.
    #[error("invalid iCalendar UID {uid:?}: {reason}")]
    IcalInvalidUid {
        /// The UID.
        uid: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A date-time falls outside the years 0001–9999 that iCalendar can write.
    #[error("{what} is {instant}, outside the years 0001-9999 that iCalendar can represent")]
    IcalDateOutOfRange {
        /// What the date-time is, e.g. `DTSTART of event "abc@watchstander"`.
        what: String,
        /// The instant (RFC 3339) or local time.
        instant: String,
    },
}

impl ScheduleError {
    /// A stable, machine-readable identifier of the error kind.
    ///
    /// ```
    /// use watchstander::schedule::ScheduleError;
    /// let e = ScheduleError::WindowTooLong { days: 4000, max: 1096 };
    /// assert_eq!(e.code(), "window_too_long");
    /// assert_eq!(e.module(), "schedule");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            ScheduleError::Time(e) => e.code(),
            ScheduleError::DuplicateId { .. } => "duplicate_id",
            ScheduleError::InvalidId { .. } => "invalid_id",
            ScheduleError::TextTooLong { .. } => "text_too_long",
            ScheduleError::SubsecondInstant { .. } => "subsecond_instant",
            ScheduleError::InvalidHandoff { .. } => "invalid_handoff",
            ScheduleError::HandoffTooFrequent { .. } => "handoff_too_frequent",
            ScheduleError::InvalidAnchor { .. } => "invalid_anchor",
            ScheduleError::InvalidRestriction { .. } => "invalid_restriction",
            ScheduleError::EmptyInterval { .. } => "empty_interval",
            ScheduleError::InvalidOverride { .. } => "invalid_override",
            ScheduleError::InvalidSwap { .. } => "invalid_swap",
            ScheduleError::InvalidTemporarySchedule { .. } => "invalid_temporary_schedule",
            ScheduleError::InvalidTimeOff { .. } => "invalid_time_off",
            ScheduleError::InvalidTimeOffPolicy { .. } => "invalid_time_off_policy",
            ScheduleError::InvalidRosterChange { .. } => "invalid_roster_change",
            ScheduleError::UnsupportedVersion { .. } => "unsupported_version",
            ScheduleError::LimitExceeded { .. } => "limit_exceeded",
            ScheduleError::WindowTooLong { .. } => "window_too_long",
            ScheduleError::AnchorTooFar { .. } => "anchor_too_far",
            ScheduleError::OutsideWindow { .. } => "outside_window",
            ScheduleError::UnknownLayer { .. } => "unknown_layer",
            ScheduleError::InvalidFairness { .. } => "invalid_fairness",
            ScheduleError::FairnessOverflow { .. } => "fairness_overflow",
            ScheduleError::IcalTooManyEvents { .. } => "ical_too_many_events",
            ScheduleError::IcalSpanTooLong { .. } => "ical_span_too_long",
            ScheduleError::IcalInvalidText { .. } => "ical_invalid_text",
            ScheduleError::IcalInvalidName { .. } => "ical_invalid_name",
            ScheduleError::IcalInvalidValue { .. } => "ical_invalid_value",
            ScheduleError::IcalEventNotAfterStart { .. } => "ical_event_not_after_start",
            ScheduleError::IcalInvalidUid { .. } => "ical_invalid_uid",
            ScheduleError::IcalDateOutOfRange { .. } => "ical_date_out_of_range",
        }
    }

    /// The module the code belongs to (`time` for wrapped time errors, else `schedule`).
    pub fn module(&self) -> &'static str {
        match self {
            ScheduleError::Time(_) => "time",
            _ => "schedule",
        }
    }

    pub(crate) fn limit(what: &str, count: usize, max: usize, hint: &str) -> ScheduleError {
        ScheduleError::LimitExceeded {
            what: what.to_string(),
            count: count as u64,
            max: max as u64,
            hint: hint.to_string(),
        }
    }
}
