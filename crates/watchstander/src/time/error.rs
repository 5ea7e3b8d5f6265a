//! The error type of the [`time`](crate::time) module.

use chrono::{NaiveDate, NaiveDateTime};
use thiserror::Error;

/// Everything that can go wrong in the `time` module.
///
/// Every variant has a stable machine-readable [`code`](TimeError::code) that the
/// Python and Node bindings expose unchanged, and a message that says what to fix.
#[derive(Debug, Clone, PartialEq, Eq, Error, serde::Serialize)]
#[non_exhaustive]
pub enum TimeError {
    /// The name is not an IANA time-zone identifier known to the zone source in use (the
    /// bundled tz database, or a TZif directory).
    #[error("unknown time zone {name:?} in {zone_source}: use an IANA zone name such as \"Europe/London\" or \"America/New_York\" that the source holds")]
    UnknownZone {
        /// The name that was given.
        name: String,
        /// The zone source that was searched, e.g. `the bundled tz database (2025b)` or
        /// `the TZif files at /usr/share/zoneinfo (tz database 2026a)`.
        zone_source: String,
    },
    /// A zone's TZif file (RFC 8536) in a TZif directory could not be read as one.
    #[error("the TZif file for {zone:?} in {zone_source} is not valid: {reason}; point the zone source at a tz database directory such as /usr/share/zoneinfo")]
    InvalidTzif {
        /// The zone name.
        zone: String,
        /// The TZif directory.
        zone_source: String,
        /// What is wrong with the file.
        reason: String,
    },
    /// A zone's file exists in the TZif directory but the host could not read it.
    #[error("the TZif file for {zone:?} in {zone_source} cannot be read: {reason}")]
    UnreadableZone {
        /// The zone name.
        zone: String,
        /// The TZif directory.
        zone_source: String,
        /// What the host reported (permissions, an I/O error).
        reason: String,
    },
    /// The process already holds the most zones read from TZif files it keeps.
    #[error("cannot load zone {zone:?}: this process already holds {max_zones} zones (or {max_bytes} bytes) read from TZif files; use fewer distinct TZif directories")]
    TooManyLoadedZones {
        /// The zone that was asked for.
        zone: String,
        /// The most zones kept.
        max_zones: usize,
        /// The most TZif bytes kept.
        max_bytes: usize,
    },
    /// A zone source was described wrongly (a bad version text, a directory that is not one).
    #[error("invalid zone source {zone_source}: {reason}")]
    InvalidZoneSource {
        /// The source as given.
        zone_source: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A local time falls in a DST gap and the policy is `reject`.
    #[error("local time {local} does not exist in {zone} (it falls in the DST gap from {gap_start} to {gap_end}); pick another time or a disambiguation policy other than \"reject\"")]
    NonexistentLocalTime {
        /// The requested local time.
        local: NaiveDateTime,
        /// The zone.
        zone: String,
        /// First local time skipped by the transition.
        gap_start: NaiveDateTime,
        /// First local time after the transition.
        gap_end: NaiveDateTime,
    },
    /// A local time occurs twice (DST fold) and the policy is `reject`.
    #[error("local time {local} is ambiguous in {zone}: it occurs at UTC offsets {earlier_offset} and {later_offset}; pick a disambiguation policy other than \"reject\"")]
    AmbiguousLocalTime {
        /// The requested local time.
        local: NaiveDateTime,
        /// The zone.
        zone: String,
        /// Offset of the first occurrence, e.g. `-04:00`.
        earlier_offset: String,
        /// Offset of the second occurrence, e.g. `-05:00`.
        later_offset: String,
    },
    /// A string is not an ISO 8601 duration we accept.
    #[error("invalid ISO 8601 duration {input:?}: {reason}; write it like \"PT15M\", \"PT4H\", \"P1D\" or \"P1W\"")]
    InvalidDuration {
        /// The text that was given.
        input: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A duration has calendar units where only fixed-length units are allowed.
    #[error("duration {duration} cannot be used here: {reason}")]
    UnsupportedDuration {
        /// The duration, printed in ISO 8601.
        duration: String,
        /// Why it is not allowed.
        reason: String,
    },
    /// An RFC 5545 RRULE did not parse or validate.
    #[error("invalid RRULE {input:?}: {reason}")]
    InvalidRrule {
        /// The rule text.
        input: String,
        /// What the parser or validator said.
        reason: String,
    },
    /// An RRULE's DTSTART has neither a TZID nor a trailing `Z`.
    #[error("RRULE {input:?} has a floating DTSTART (no TZID and no trailing Z): give it a zone, e.g. \"DTSTART;TZID=Europe/London:20260105T090000\"")]
    RruleWithoutZone {
        /// The rule text.
        input: String,
    },
    /// A clock time such as `"09:00"` or a window such as `"09:00-17:00"` did not parse.
    #[error("invalid time of day {input:?}: {reason}; write it as HH:MM (24-hour), e.g. \"09:00\", or \"24:00\" for the end of the day")]
    InvalidTimeOfDay {
        /// The text that was given.
        input: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A working-hours window is empty, reversed or overlaps another.
    #[error("invalid window {window}: {reason}")]
    InvalidWindow {
        /// The window, printed as `HH:MM-HH:MM`, with its weekday when it has one.
        window: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A timestamp string is not RFC 3339.
    #[error("invalid timestamp {input:?}: {reason}; use RFC 3339 with an offset, e.g. \"2026-11-26T09:00:00Z\" or \"2026-11-26T09:00:00-05:00\"")]
    InvalidTimestamp {
        /// The text that was given.
        input: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A timestamp has no UTC offset, so it does not name an instant.
    #[error("timestamp {input:?} has no UTC offset, so it does not name an instant: add \"Z\" or an offset such as \"+01:00\"")]
    NaiveTimestamp {
        /// The text that was given.
        input: String,
    },
    /// A host-language date-time without a zone (a naive Python `datetime`) was given where an
    /// instant is needed.
    #[error("{value} has no time zone, so it does not name an instant: attach one (Python: dt.replace(tzinfo=zoneinfo.ZoneInfo(\"Europe/London\")) or datetime.now(timezone.utc))")]
    NaiveDatetime {
        /// The value as the host language prints it.
        value: String,
    },
    /// A host-language date-time with a zone was given where a local wall-clock time is needed
    /// (the zone is given separately).
    #[error("{value} has a time zone, but a local wall-clock time is needed here (the zone is given separately): pass a naive datetime or text such as \"2026-03-08T02:30:00\"")]
    AwareLocalTime {
        /// The value as the host language prints it.
        value: String,
    },
    /// A date string is not ISO 8601 `YYYY-MM-DD`.
    #[error("invalid date {input:?}: write it as YYYY-MM-DD, e.g. \"2026-12-25\"")]
    InvalidDate {
        /// The text that was given.
        input: String,
    },
    /// A business calendar has no working time at all.
    #[error("the business calendar has no working hours: give at least one weekday a window such as \"09:00-17:00\"")]
    EmptyCalendar,
    /// No business time was found within the search bound.
    #[error("no business time in the {days} days after {from}: every day is a holiday or has no working hours")]
    NoBusinessTime {
        /// Where the search started (calendar date in the calendar's zone).
        from: NaiveDate,
        /// How many days were searched.
        days: u32,
    },
    /// A result falls outside the supported range of instants (years 1..=9999), or a computation
    /// would span more than the documented bound.
    #[error("{what} is out of range: {reason}")]
    OutOfRange {
        /// What was being computed.
        what: String,
        /// Why it is out of range.
        reason: String,
    },
    /// An interval ends before it starts.
    #[error("interval end {end} is before its start {start}: swap them or fix the end")]
    ReversedInterval {
        /// Start, RFC 3339.
        start: String,
        /// End, RFC 3339.
        end: String,
    },
}

impl TimeError {
    /// A stable, machine-readable identifier of the error kind, e.g. `"unknown_zone"`.
    ///
    /// ```
    /// use watchstander::time::Zone;
    /// let err = Zone::parse("Mars/Olympus_Mons").unwrap_err();
    /// assert_eq!(err.code(), "unknown_zone");
    /// ```
    pub fn code(&self) -> &'static str {
        match self {
            TimeError::UnknownZone { .. } => "unknown_zone",
            TimeError::InvalidTzif { .. } => "invalid_tzif",
            TimeError::UnreadableZone { .. } => "unreadable_zone",
            TimeError::TooManyLoadedZones { .. } => "too_many_loaded_zones",
            TimeError::InvalidZoneSource { .. } => "invalid_zone_source",
            TimeError::NonexistentLocalTime { .. } => "nonexistent_local_time",
            TimeError::AmbiguousLocalTime { .. } => "ambiguous_local_time",
            TimeError::InvalidDuration { .. } => "invalid_duration",
            TimeError::UnsupportedDuration { .. } => "unsupported_duration",
            TimeError::InvalidRrule { .. } => "invalid_rrule",
            TimeError::RruleWithoutZone { .. } => "rrule_without_zone",
            TimeError::InvalidTimeOfDay { .. } => "invalid_time_of_day",
            TimeError::InvalidWindow { .. } => "invalid_window",
            TimeError::InvalidTimestamp { .. } => "invalid_timestamp",
            TimeError::NaiveTimestamp { .. } => "naive_timestamp",
            TimeError::NaiveDatetime { .. } => "naive_datetime",
            TimeError::AwareLocalTime { .. } => "aware_local_time",
            TimeError::InvalidDate { .. } => "invalid_date",
            TimeError::EmptyCalendar => "empty_calendar",
            TimeError::NoBusinessTime { .. } => "no_business_time",
            TimeError::OutOfRange { .. } => "out_of_range",
            TimeError::ReversedInterval { .. } => "reversed_interval",
        }
    }

    pub(crate) fn out_of_range(what: impl Into<String>, reason: impl Into<String>) -> Self {
        TimeError::OutOfRange {
            what: what.into(),
            reason: reason.into(),
        }
    }
}
