//! iCalendar (RFC 5545) export: a generic, strict writer for calendars of events.
//!
//! People want their on-call shifts in the calendar they already use. The export has to be
//! read correctly by every client, and a subscribed feed is re-read every few hours, so the
//! writer promises four things:
//!
//! * **Correct instants.** Times are written in UTC (`DTSTART:20261126T090000Z`, the
//!   default, [`TimeMode::Utc`]) or as wall-clock times in a zone
//!   (`DTSTART;TZID=Europe/London:20261126T090000`, [`TimeMode::Zoned`]) together with a
//!   VTIMEZONE generated from the tz database for every zone used ([`render_vtimezone`]).
//!   Zoned output shows the team's zone in clients; UTC output is the most robust. A wall-clock
//!   time that occurs twice (when clocks go back) is written in UTC in either mode.
//! * **Stable identity and bytes.** Each event's UID should come from [`stable_uid`], a
//!   documented FNV-1a hash of what identifies the event, so a re-export updates events
//!   instead of replacing them. The same calendar renders to the same bytes on every run and
//!   platform: nothing reads a clock (`DTSTAMP` is passed in), zones are written in name
//!   order, events in the order given.
//! * **Valid syntax for strict parsers.** CRLF line endings, lines folded at 75 octets without
//!   splitting a UTF-8 character, TEXT escaped, parameters quoted ([`writer`]).
//! * **Bounded work.** At most [`MAX_EVENTS`] events and a VTIMEZONE span of at most
//!   [`MAX_VTIMEZONE_SPAN_DAYS`]; beyond them, a typed error.
//!
//! The writer knows nothing of schedules: callers map their shifts onto [`IcalEvent`]s.
//! Everything is checked in [`IcalCalendar::render`], which returns a
//! [`ScheduleError`](crate::schedule::ScheduleError) naming the offending event and field.
//!
//! ```
//! use chrono::{Duration, TimeZone, Utc};
//! use watchstander::schedule::ical::{
//!     stable_uid, IcalAlarm, IcalCalendar, IcalEvent, Method, TimeMode, Transparency,
//! };
//! use watchstander::time::Zone;
//!
//! let ny = Zone::parse("America/New_York")?;
//! let now = Utc.with_ymd_and_hms(2026, 10, 1, 12, 0, 0).unwrap(); // the export time
//! // A week of primary on-call, handing off at 09:00 New York time, across the November
//! // change from EDT to EST (the shift lasts 169 hours).
//! let start = Utc.with_ymd_and_hms(2026, 10, 30, 13, 0, 0).unwrap(); // 09:00 EDT
//! let end = Utc.with_ymd_and_hms(2026, 11, 6, 14, 0, 0).unwrap(); // 09:00 EST
//! let shift = IcalEvent::new(
//!     stable_uid(&["payments", "primary", "dana", "2026-10-30T13:00:00Z"]),
//!     start,
//!     end,
//!     "On call: Dana (payments, primary)",
//!     now,
//! )
//! .description("Escalates to: Eli, then the payments lead.")
//! .transparency(Transparency::Transparent)
//! .alarm(IcalAlarm::display(Duration::minutes(30), "On call in 30 minutes"));
//!
//! let ics = IcalCalendar::new("-//watchstander//schedule//EN", "Payments on-call")
//!     .method(Method::Publish)
//!     .time_mode(TimeMode::Zoned(ny))
//!     .event(shift)
//!     .render()?;
//!
//! assert!(ics.contains("\r\nDTSTART;TZID=America/New_York:20261030T090000\r\n"));
//! assert!(ics.contains("\r\nDTEND;TZID=America/New_York:20261106T090000\r\n"));
//! assert!(ics.contains("\r\nBEGIN:STANDARD\r\nDTSTART:20261101T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\n"));
//! assert!(ics.contains("\r\nTRIGGER:-PT30M\r\n"));
//! assert!(ics.lines().all(|line| line.len() <= 75));
//! # Ok::<(), watchstander::Error>(())
//! ```

mod format;
mod model;
mod render;
mod uid;
mod vtimezone;
pub mod writer;

#[cfg(test)]
mod tests;

pub use model::{EventStatus, IcalAlarm, IcalCalendar, IcalEvent, Method, TimeMode, Transparency};
pub use uid::{fnv1a_64, stable_uid, UID_DOMAIN};
pub use vtimezone::{
    render_vtimezone, zone_transitions, ZoneTransition, MAX_VTIMEZONE_SPAN_DAYS,
    VTIMEZONE_MARGIN_DAYS,
};

/// The most events one calendar may hold: a year of hourly shifts for five layers.
/// [`IcalCalendar::render`] refuses more with
/// [`ScheduleError::IcalTooManyEvents`](crate::schedule::ScheduleError::IcalTooManyEvents).
pub const MAX_EVENTS: usize = 50_000;
