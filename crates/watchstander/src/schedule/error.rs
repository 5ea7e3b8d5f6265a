//! The error type of the [`schedule`](crate::schedule) module.

use thiserror::Error;

use crate::time::TimeError;

/// Everything that can go wrong in the `schedule` module.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ScheduleError {
    /// A time computation failed.
    #[error(transparent)]
    Time(#[from] TimeError),
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
    pub fn code(&self) -> &'static str {
        match self {
            ScheduleError::Time(e) => e.code(),
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

    /// The module the code belongs to (`time` for wrapped time errors).
    pub fn module(&self) -> &'static str {
        match self {
            ScheduleError::Time(_) => "time",
            ScheduleError::IcalTooManyEvents { .. }
            | ScheduleError::IcalSpanTooLong { .. }
            | ScheduleError::IcalInvalidText { .. }
            | ScheduleError::IcalInvalidName { .. }
            | ScheduleError::IcalInvalidValue { .. }
            | ScheduleError::IcalEventNotAfterStart { .. }
            | ScheduleError::IcalInvalidUid { .. }
            | ScheduleError::IcalDateOutOfRange { .. } => "schedule",
        }
    }
}
