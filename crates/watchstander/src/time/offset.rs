//! [`Zone`] as a chrono [`TimeZone`], and the offset type that goes with it.
//!
//! Whichever source a zone comes from — the bundled tz database or TZif files — it is a chrono
//! time zone: `instant.with_timezone(&zone)`, `zone.from_local_datetime(&local)` and
//! [`Zone::at`] work the same, and a [`ZoneOffset`] prints its abbreviation (`%Z`).

use std::fmt;

use chrono::{FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone};
use chrono_tz::{OffsetComponents, OffsetName, TzOffset};

use super::loaded::LoadedOffset;
use super::zone::Repr;
use super::Zone;

/// The observance of a [`Zone`] at some instant: its UTC offset, whether it is daylight-saving
/// time, and its abbreviation.
///
/// ```
/// use chrono::{Offset, TimeZone, Utc};
/// use watchstander::time::Zone;
/// let london = Zone::parse("Europe/London")?;
/// let summer = london.at(Utc.with_ymd_and_hms(2026, 7, 1, 12, 0, 0).unwrap());
/// let offset = summer.offset();
/// assert_eq!(offset.fix().local_minus_utc(), 3600);
/// assert!(offset.is_dst());
/// assert_eq!(offset.abbreviation(), Some("BST"));
/// assert_eq!(summer.format("%H:%M %Z").to_string(), "13:00 BST");
/// # Ok::<(), watchstander::time::TimeError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct ZoneOffset {
    zone: Zone,
    kind: Kind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Bundled(TzOffset),
    Loaded(LoadedOffset),
}

impl ZoneOffset {
    /// The zone whose observance this is.
    pub fn zone(&self) -> Zone {
        self.zone
    }

    /// Whether daylight-saving time is in effect.
    ///
    /// For bundled zones: the DST share of the offset is positive. For zones read from TZif
    /// files: the file's `isdst` flag (which, for the few zones with "negative DST" such as
    /// Europe/Dublin, marks winter time).
    pub fn is_dst(&self) -> bool {
        match self.kind {
            Kind::Bundled(o) => o.dst_offset() > chrono::Duration::zero(),
            Kind::Loaded(o) => o.dst,
        }
    }

    /// The tz database's abbreviation (`BST`, `EST`), when it has a letter one. Bundled zones
    /// give `None` for numeric abbreviations such as `+0545`, which zones read from TZif files
    /// spell out.
    pub fn abbreviation(&self) -> Option<&str> {
        match &self.kind {
            Kind::Bundled(o) => o.abbreviation(),
            Kind::Loaded(o) => o.abbreviation,
        }
    }

    fn bundled(zone: Zone, offset: TzOffset) -> ZoneOffset {
        ZoneOffset {
            zone,
            kind: Kind::Bundled(offset),
        }
    }

    fn loaded(zone: Zone, offset: LoadedOffset) -> ZoneOffset {
        ZoneOffset {
            zone,
            kind: Kind::Loaded(offset),
        }
    }
}

impl Offset for ZoneOffset {
    fn fix(&self) -> FixedOffset {
        match self.kind {
            Kind::Bundled(o) => o.fix(),
            Kind::Loaded(o) => o.offset,
        }
    }
}

/// The abbreviation, or the numeric offset (`+0545`, `-03`) when there is none.
impl fmt::Display for ZoneOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            Kind::Bundled(o) => fmt::Display::fmt(&o, f),
            Kind::Loaded(LoadedOffset {
                abbreviation: Some(a),
                ..
            }) if !a.is_empty() => f.write_str(a),
            Kind::Loaded(o) => {
                let total = o.offset.local_minus_utc();
                let sign = if total < 0 { '-' } else { '+' };
                let abs = total.unsigned_abs();
                let (h, m, s) = (abs / 3600, abs / 60 % 60, abs % 60);
                match (m, s) {
                    (0, 0) => write!(f, "{sign}{h:02}"),
                    (_, 0) => write!(f, "{sign}{h:02}{m:02}"),
                    _ => write!(f, "{sign}{h:02}{m:02}{s:02}"),
                }
            }
        }
    }
}

impl fmt::Debug for ZoneOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self, self.fix())
    }
}

impl TimeZone for Zone {
    type Offset = ZoneOffset;

    fn from_offset(offset: &ZoneOffset) -> Zone {
        offset.zone
    }

    fn offset_from_local_date(&self, local: &NaiveDate) -> LocalResult<ZoneOffset> {
        match self.repr() {
            Repr::Bundled(tz) => tz
                .offset_from_local_date(local)
                .map(|o| ZoneOffset::bundled(*self, o)),
            Repr::Loaded(_) => self.offset_from_local_datetime(&local.and_time(NaiveTime::MIN)),
        }
    }

    fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> LocalResult<ZoneOffset> {
        match self.repr() {
            Repr::Bundled(tz) => tz
                .offset_from_local_datetime(local)
                .map(|o| ZoneOffset::bundled(*self, o)),
            Repr::Loaded(z) => z
                .local_observances(local)
                .map(|o| ZoneOffset::loaded(*self, o)),
        }
    }

    fn offset_from_utc_date(&self, utc: &NaiveDate) -> ZoneOffset {
        self.offset_from_utc_datetime(&utc.and_time(NaiveTime::MIN))
    }

    fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> ZoneOffset {
        match self.repr() {
            Repr::Bundled(tz) => ZoneOffset::bundled(*self, tz.offset_from_utc_datetime(utc)),
            Repr::Loaded(z) => ZoneOffset::loaded(*self, z.observance_at(utc)),
        }
    }
}
