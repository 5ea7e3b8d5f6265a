//! Times of day (`09:00`, `24:00`) and daily windows (`09:00-17:00`, `22:00-06:00`).

use std::fmt;
use std::str::FromStr;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::TimeError;

/// A wall-clock time of day with minute precision, from `00:00` to `24:00` inclusive.
///
/// `24:00` is the end of the day (midnight of the next date); it is allowed so that a window can
/// end at midnight. Serialises as `"HH:MM"`.
///
/// ```
/// use watchstander::time::ClockTime;
/// let t: ClockTime = "09:30".parse()?;
/// assert_eq!(t.minutes(), 570);
/// assert_eq!("24:00".parse::<ClockTime>()?.minutes(), 1440);
/// assert!("25:00".parse::<ClockTime>().is_err());
/// # Ok::<(), watchstander::time::TimeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClockTime(u16);

impl ClockTime {
    /// Midnight at the start of the day.
    pub const MIDNIGHT: ClockTime = ClockTime(0);
    /// Midnight at the end of the day (`24:00`).
    pub const END_OF_DAY: ClockTime = ClockTime(1440);

    /// A time from hours and minutes; `(24, 0)` is the end of the day.
    pub fn new(hour: u32, minute: u32) -> Result<ClockTime, TimeError> {
        if minute > 59 || hour > 24 || (hour == 24 && minute != 0) {
            return Err(TimeError::InvalidTimeOfDay {
                input: format!("{hour:02}:{minute:02}"),
                reason: "hours run 00-23 (or 24:00 alone), minutes 00-59".to_string(),
            });
        }
        // hour ≤ 24 and minute ≤ 59, so the value fits in u16.
        Ok(ClockTime((hour * 60 + minute) as u16))
    }

    /// Minutes since midnight, 0 to 1440.
    pub fn minutes(&self) -> u32 {
        u32::from(self.0)
    }

    /// The local date-time of this clock time on `date` (`24:00` is the next midnight).
    pub fn on(&self, date: NaiveDate) -> NaiveDateTime {
        date.and_time(NaiveTime::MIN) + Duration::minutes(i64::from(self.0))
    }

    /// The clock time of a local time, truncated to the minute.
    pub fn of(time: NaiveTime) -> ClockTime {
        ClockTime((time.hour() * 60 + time.minute()) as u16)
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.0 / 60, self.0 % 60)
    }
}

impl FromStr for ClockTime {
    type Err = TimeError;
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let bad = |reason: &str| TimeError::InvalidTimeOfDay {
            input: input.chars().take(32).collect(),
            reason: reason.to_string(),
        };
        let (h, m) = input
            .split_once(':')
            .ok_or_else(|| bad("missing \":\" between hours and minutes"))?;
        let m = m.strip_suffix(":00").unwrap_or(m);
        if h.is_empty() || h.len() > 2 || m.len() != 2 {
            return Err(bad("expected HH:MM"));
        }
        if !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return Err(bad("hours and minutes must be digits"));
        }
        let h: u32 = h.parse().map_err(|_| bad("bad hour"))?;
        let m: u32 = m.parse().map_err(|_| bad("bad minute"))?;
        ClockTime::new(h, m).map_err(|_| bad("hours run 00-23 (or 24:00 alone), minutes 00-59"))
    }
}

#[cfg(feature = "schema")]
crate::schema::string_schema!(
    ClockTime,
    "ClockTime",
    "A time of day HH:MM (24-hour); \"24:00\" is the end of the day",
    pattern = "^([01]?\\d|2[0-3]):[0-5]\\d$|^24:00$"
);

impl Serialize for ClockTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ClockTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(|e: TimeError| crate::error::de_error(e))
    }
}

/// A daily window of local time, written `"HH:MM-HH:MM"`; start inclusive, end exclusive.
///
/// A window whose end is not after its start crosses midnight (`22:00-06:00`), and
/// `start == end` means a full 24 hours. Whether a crossing window is allowed depends on the
/// user: business hours require `start < end`, on-call restrictions accept both.
///
/// ```
/// use watchstander::time::ClockWindow;
/// let w: ClockWindow = "22:00-06:00".parse()?;
/// assert!(w.crosses_midnight());
/// assert_eq!(w.length_minutes(), 480);
/// assert_eq!(w.to_string(), "22:00-06:00");
/// # Ok::<(), watchstander::time::TimeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClockWindow {
    /// Start of the window (inclusive).
    pub start: ClockTime,
    /// End of the window (exclusive).
    pub end: ClockTime,
}

impl ClockWindow {
    /// A window from `start` to `end`.
    pub fn new(start: ClockTime, end: ClockTime) -> ClockWindow {
        ClockWindow { start, end }
    }

    /// True if the window runs past midnight into the next day (or is a full 24 hours).
    pub fn crosses_midnight(&self) -> bool {
        self.end.minutes() <= self.start.minutes()
    }

    /// Length in minutes of local clock time (1440 when start == end).
    pub fn length_minutes(&self) -> u32 {
        let (s, e) = (self.start.minutes(), self.end.minutes());
        if e > s {
            e - s
        } else {
            1440 - s + e
        }
    }

    /// The window's local start and end when it starts on `date`.
    pub fn on(&self, date: NaiveDate) -> (NaiveDateTime, NaiveDateTime) {
        let start = self.start.on(date);
        (
            start,
            start + Duration::minutes(i64::from(self.length_minutes())),
        )
    }

    /// Checks that the window lies within one day and is not empty (`start < end`).
    pub fn validate_within_day(&self, weekday: Option<Weekday>) -> Result<(), TimeError> {
        if self.end.minutes() <= self.start.minutes() || self.start == ClockTime::END_OF_DAY {
            return Err(TimeError::InvalidWindow {
                window: match weekday {
                    Some(d) => format!("{d} {self}"),
                    None => self.to_string(),
                },
                reason: "the end must be after the start on the same day; use \"24:00\" to end at midnight".to_string(),
            });
        }
        Ok(())
    }
}

impl fmt::Display for ClockWindow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.start, self.end)
    }
}

impl FromStr for ClockWindow {
    type Err = TimeError;
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let (s, e) = input
            .split_once('-')
            .ok_or_else(|| TimeError::InvalidTimeOfDay {
                input: input.chars().take(32).collect(),
                reason: "a window is written \"HH:MM-HH:MM\"".to_string(),
            })?;
        Ok(ClockWindow {
            start: s.trim().parse()?,
            end: e.trim().parse()?,
        })
    }
}

#[cfg(feature = "schema")]
crate::schema::string_schema!(
    ClockWindow,
    "ClockWindow",
    "A daily window HH:MM-HH:MM, start inclusive, end exclusive; an end not after the start crosses midnight",
    pattern = "^\\s*([01]?\\d|2[0-4]):[0-5]\\d\\s*-\\s*([01]?\\d|2[0-4]):[0-5]\\d\\s*$",
    examples = ["09:00-17:00", "22:00-06:00"]
);

impl Serialize for ClockWindow {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ClockWindow {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(|e: TimeError| crate::error::de_error(e))
    }
}

/// Parses an ISO 8601 calendar date `YYYY-MM-DD`.
pub fn parse_date(input: &str) -> Result<NaiveDate, TimeError> {
    NaiveDate::parse_from_str(input, "%Y-%m-%d").map_err(|_| TimeError::InvalidDate {
        input: input.chars().take(32).collect(),
    })
}

/// Short lower-case weekday name as used in watchstander formats: `mon` … `sun`.
pub fn weekday_key(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}
