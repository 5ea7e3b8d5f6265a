//! Time: IANA zones, local ⇄ instant conversion with an explicit DST policy, wall-clock
//! arithmetic, ISO 8601 durations, RFC 5545 recurrences and business calendars.
//!
//! Every other module stands on this one, and so does every promise watchstander makes about
//! DST. The rules are few:
//!
//! * **Instants are UTC** ([`chrono::DateTime<Utc>`]), exchanged as RFC 3339 ([`parse_instant`],
//!   [`format_instant`]). A timestamp without an offset is refused, because it names no instant.
//! * **Meaning is local.** A handoff "at 09:00", business hours, a holiday, are read on the wall
//!   clock of an IANA [`Zone`].
//! * **A local time becomes an instant only through a [`Disambiguation`] policy**, and the
//!   result says what was done ([`LocalAdjustment`]): a time in a DST gap is moved, never
//!   dropped; a time in a fold takes a chosen occurrence.
//! * **Wall-clock arithmetic keeps local time** ([`add_wall_clock`]): a day is 23 or 25 hours
//!   across DST; months clamp to month end and say so.
//!
//! Zones come from the tz database compiled into the crate ([`BUNDLED_TZDB_VERSION`]) unless
//! the caller chooses a [`ZoneSource`] of TZif files — the system's `/usr/share/zoneinfo` or
//! Python's `tzdata` — so that the engine and its host agree on the rules (see [`ZoneSource`]).
//!
//! ```
//! use watchstander::time::{add_wall_clock, parse_instant, CalendarUnit, Disambiguation, Zone};
//!
//! // Lord Howe Island moves its clocks by 30 minutes. A daily 02:15 handoff on the night the
//! // clocks go forward (02:00 → 02:30, 4 October 2026) is moved forward by the gap, to 02:45.
//! let lhi = Zone::parse("Australia/Lord_Howe")?;
//! let sat = lhi.resolve_local("2026-10-03T02:15:00".parse().unwrap(), Disambiguation::Compatible)?;
//! let sun = add_wall_clock(sat.instant, lhi, 1, CalendarUnit::Days, Disambiguation::Compatible)?;
//! assert_eq!(lhi.to_local(sun.instant).to_string(), "2026-10-04 02:45:00");
//! assert!(sun.adjustment.is_dst_affected());
//! # Ok::<(), watchstander::time::TimeError>(())
//! ```

mod calendar;
mod clock;
mod directory;
mod duration;
mod edge;
mod error;
mod loaded;
mod offset;
mod recurrence;
mod source;
mod wallclock;
mod zone;

pub use calendar::{
    BusinessCalendar, BusinessCalendarSpec, BusinessInterval, HolidaySpec, WeeklyHours,
    MAX_HOLIDAYS, MAX_SEARCH_DAYS, MAX_SPAN_DAYS,
};
pub use clock::{parse_date, weekday_key, ClockTime, ClockWindow};
pub use directory::TzifDirectory;
pub use duration::IsoDuration;
pub use edge::{check_instant_text, INSTANT_EXPECTING};
pub use error::TimeError;
pub use loaded::{
    MAX_LOADED_TZIF_BYTES, MAX_LOADED_ZONES, MAX_TZIF_ABBREVIATIONS, MAX_TZIF_BYTES,
    MAX_TZIF_TRANSITIONS,
};
pub use offset::ZoneOffset;
pub use recurrence::{DateRecurrence, Recurrence, MAX_CANDIDATES, MAX_OCCURRENCES, MAX_WALK};
pub use source::{
    ActiveZoneSource, TzdbInfo, TzifFiles, ZoneSource, BUNDLED_TZDB_VERSION, MAX_TZDATA_ZI_BYTES,
    MAX_ZONE_NAME_BYTES, SYSTEM_TZIF_DIRS,
};
pub use wallclock::{
    add_local, add_wall_clock, days_in_month, CalendarUnit, MonthEndClamp, WallClockSum,
};
pub use zone::{
    format_instant, is_leap_second_text, parse_instant, parse_local, Disambiguation, Fold,
    LocalAdjustment, ResolvedLocal, Zone,
};

/// The first year of the supported range of instants and local times (as Python's `datetime`).
pub const MIN_YEAR: i32 = 1;

/// The last year of the supported range of instants and local times (as RFC 3339's four-digit
/// years). Arithmetic whose result falls outside gives [`TimeError::OutOfRange`].
pub const MAX_YEAR: i32 = 9999;

/// Whether `t` lies in the supported years ([`MIN_YEAR`] to [`MAX_YEAR`], in UTC).
pub(crate) fn in_supported_range(t: chrono::DateTime<chrono::Utc>) -> bool {
    use chrono::Datelike;
    (MIN_YEAR..=MAX_YEAR).contains(&t.year())
}

/// `t + d`, or `None` when the sum leaves the supported years: every instant the engine
/// computes (a deadline, a due time) goes through here, so none is written as year 10000.
pub(crate) fn checked_add(
    t: chrono::DateTime<chrono::Utc>,
    d: chrono::Duration,
) -> Option<chrono::DateTime<chrono::Utc>> {
    t.checked_add_signed(d).filter(|s| in_supported_range(*s))
}
