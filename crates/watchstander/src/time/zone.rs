//! IANA time zones and the conversion of local wall-clock times to instants.

use std::fmt;
use std::str::FromStr;

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, LocalResult, NaiveDateTime, Offset, TimeZone,
    Timelike, Utc,
};
use chrono_tz::Tz;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::loaded::LoadedZone;
use super::TimeError;

/// An IANA time zone such as `Europe/London`.
///
/// A zone comes from a [zone source](super::ZoneSource): the tz database compiled into the crate
/// (the default), or TZif files the host reads (the system's `/usr/share/zoneinfo`, Python's
/// `tzdata`). Either way a `Zone` is a small `Copy` handle: a zone read from TZif files refers
/// to its parsed data, interned once per process.
///
/// Zones (de)serialise as their IANA name. Parsing is exact and case-sensitive, as in the tz
/// database, and uses the [active](super::ZoneSource::active) source; an unknown name is a
/// [`TimeError::UnknownZone`] that names the source.
///
/// ```
/// use watchstander::time::Zone;
/// let london = Zone::parse("Europe/London")?;
/// assert_eq!(london.name(), "Europe/London");
/// assert!(Zone::parse("Europe/Londn").is_err());
/// # Ok::<(), watchstander::time::TimeError>(())
/// ```
#[derive(Clone, Copy)]
pub struct Zone(Repr);

/// What a [`Zone`] is made of.
#[derive(Clone, Copy)]
pub(crate) enum Repr {
    /// A zone of the bundled tz database.
    Bundled(Tz),
    /// A zone read from TZif bytes.
    Loaded(&'static LoadedZone),
}

impl PartialEq for Zone {
    fn eq(&self, other: &Zone) -> bool {
        match (self.0, other.0) {
            (Repr::Bundled(a), Repr::Bundled(b)) => a == b,
            (Repr::Loaded(a), Repr::Loaded(b)) => std::ptr::eq(a, b),
            _ => false,
        }
    }
}

impl Eq for Zone {}

impl std::hash::Hash for Zone {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        match self.0 {
            Repr::Bundled(tz) => tz.hash(state),
            Repr::Loaded(z) => std::ptr::hash(z, state),
        }
    }
}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Repr::Bundled(tz) => write!(f, "Zone({tz:?})"),
            Repr::Loaded(z) => write!(f, "Zone({:?} from {} {})", z.name, z.source, z.version),
        }
    }
}

impl Zone {
    /// The UTC zone.
    pub const UTC: Zone = Zone(Repr::Bundled(Tz::UTC));

    /// Parses an IANA zone name, in the [active](super::ZoneSource::active) zone source (the
    /// bundled tz database unless the caller entered another).
    pub fn parse(name: &str) -> Result<Zone, TimeError> {
        super::ZoneSource::resolve_active(name)
    }

    /// The zone of the bundled tz database called `name`.
    pub(crate) fn bundled(name: &str) -> Option<Zone> {
        Tz::from_str(name).ok().map(|tz| Zone(Repr::Bundled(tz)))
    }

    /// A zone read from TZif bytes.
    pub(crate) fn loaded(zone: &'static LoadedZone) -> Zone {
        Zone(Repr::Loaded(zone))
    }

    pub(crate) fn repr(&self) -> Repr {
        self.0
    }

    /// The IANA name of the zone.
    pub fn name(&self) -> &'static str {
        match self.0 {
            Repr::Bundled(tz) => tz.name(),
            Repr::Loaded(z) => &z.name,
        }
    }

    /// The underlying `chrono_tz` zone, for interoperation with chrono; `None` for a zone read
    /// from TZif files (use the `Zone` itself, which is a chrono [`TimeZone`]).
    pub fn tz(&self) -> Option<Tz> {
        match self.0 {
            Repr::Bundled(tz) => Some(tz),
            Repr::Loaded(_) => None,
        }
    }

    /// The tz database release this zone's rules come from, e.g. `2025b` (`unknown` for TZif
    /// files that do not say).
    pub fn tzdb_version(&self) -> &'static str {
        match self.0 {
            Repr::Bundled(_) => super::BUNDLED_TZDB_VERSION,
            Repr::Loaded(z) => &z.version,
        }
    }

    /// Where this zone's rules come from: `bundled`, or the TZif directory the host gave.
    pub fn tzdb_source(&self) -> &'static str {
        match self.0 {
            Repr::Bundled(_) => "bundled",
            Repr::Loaded(z) => &z.source,
        }
    }

    /// The tz database release and source of this zone's rules.
    pub fn tzdb(&self) -> super::TzdbInfo {
        super::TzdbInfo {
            version: self.tzdb_version().to_string(),
            source: self.tzdb_source().to_string(),
        }
    }

    /// The UTC offset in force at `instant`.
    pub fn offset_at(&self, instant: DateTime<Utc>) -> FixedOffset {
        match self.0 {
            Repr::Bundled(tz) => tz.offset_from_utc_datetime(&instant.naive_utc()).fix(),
            Repr::Loaded(z) => z.offset_at(&instant.naive_utc()),
        }
    }

    /// The local wall-clock time at `instant`.
    ///
    /// ```
    /// use watchstander::time::{Zone, parse_instant};
    /// let ny = Zone::parse("America/New_York")?;
    /// let t = parse_instant("2026-07-01T13:00:00Z")?;
    /// assert_eq!(ny.to_local(t).to_string(), "2026-07-01 09:00:00");
    /// # Ok::<(), watchstander::time::TimeError>(())
    /// ```
    pub fn to_local(&self, instant: DateTime<Utc>) -> NaiveDateTime {
        instant.with_timezone(self).naive_local()
    }

    /// The instant as a zoned date-time, for display with its offset and abbreviation (`%Z`).
    pub fn at(&self, instant: DateTime<Utc>) -> DateTime<Zone> {
        instant.with_timezone(self)
    }

    /// Converts a local wall-clock time to an instant, resolving DST gaps and folds with `policy`.
    ///
    /// The result says whether and how the local time was adjusted, so callers can mark
    /// DST-affected results.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use watchstander::time::{Disambiguation, LocalAdjustment, Zone};
    ///
    /// let ny = Zone::parse("America/New_York")?;
    /// // 02:30 on 8 March 2026 does not exist in New York: clocks jump from 02:00 to 03:00.
    /// let local = NaiveDate::from_ymd_opt(2026, 3, 8).unwrap().and_hms_opt(2, 30, 0).unwrap();
    /// let r = ny.resolve_local(local, Disambiguation::Compatible)?;
    /// assert_eq!(r.instant.to_rfc3339(), "2026-03-08T07:30:00+00:00"); // 03:30 EDT
    /// assert!(matches!(r.adjustment, LocalAdjustment::Gap { .. }));
    /// assert!(ny.resolve_local(local, Disambiguation::Reject).is_err());
    /// # Ok::<(), watchstander::time::TimeError>(())
    /// ```
    pub fn resolve_local(
        &self,
        local: NaiveDateTime,
        policy: Disambiguation,
    ) -> Result<ResolvedLocal, TimeError> {
        match self.from_local_datetime(&local) {
            LocalResult::Single(dt) => Ok(ResolvedLocal {
                instant: dt.with_timezone(&Utc),
                requested: local,
                local,
                adjustment: LocalAdjustment::None,
            }),
            LocalResult::Ambiguous(a, b) => {
                let (first, second) = if a <= b { (a, b) } else { (b, a) };
                let earlier_offset = first.offset().fix();
                let later_offset = second.offset().fix();
                let chosen = match policy {
                    Disambiguation::Compatible
                    | Disambiguation::Earlier
                    | Disambiguation::EndOfGap => Fold::Earlier,
                    Disambiguation::Later => Fold::Later,
                    Disambiguation::Reject => {
                        return Err(TimeError::AmbiguousLocalTime {
                            local,
                            zone: self.name().to_string(),
                            earlier_offset: earlier_offset.to_string(),
                            later_offset: later_offset.to_string(),
                        })
                    }
                };
                let (instant, other) = match chosen {
                    Fold::Earlier => (first, second),
                    Fold::Later => (second, first),
                };
                Ok(ResolvedLocal {
                    instant: instant.with_timezone(&Utc),
                    requested: local,
                    local,
                    adjustment: LocalAdjustment::Fold {
                        chose: chosen,
                        other: other.with_timezone(&Utc),
                    },
                })
            }
            LocalResult::None => self.resolve_gap(local, policy),
        }
    }

    fn resolve_gap(
        &self,
        local: NaiveDateTime,
        policy: Disambiguation,
    ) -> Result<ResolvedLocal, TimeError> {
        let gap = self.gap_around(local).ok_or_else(|| {
            TimeError::out_of_range(
                format!("local time {local} in {}", self.name()),
                "it does not exist and no DST transition was found near it",
            )
        })?;
        let length = gap.end_local - gap.start_local;
        let instant = match policy {
            // The offset before the gap: 02:30 EST = 07:30Z = 03:30 EDT.
            Disambiguation::Compatible | Disambiguation::Later => {
                local - gap.offset_before_seconds()
            }
            // The offset after the gap: 02:30 EDT = 06:30Z = 01:30 EST.
            Disambiguation::Earlier => local - gap.offset_after_seconds(),
            Disambiguation::EndOfGap => gap.transition.naive_utc(),
            Disambiguation::Reject => {
                return Err(TimeError::NonexistentLocalTime {
                    local,
                    zone: self.name().to_string(),
                    gap_start: gap.start_local,
                    gap_end: gap.end_local,
                })
            }
        };
        let instant = Utc.from_utc_datetime(&instant);
        Ok(ResolvedLocal {
            instant,
            requested: local,
            local: self.to_local(instant),
            adjustment: LocalAdjustment::Gap {
                gap_start: gap.start_local,
                gap_end: gap.end_local,
                gap_seconds: length.num_seconds(),
            },
        })
    }

    /// Finds the transition that makes `local` nonexistent.
    fn gap_around(&self, local: NaiveDateTime) -> Option<Gap> {
        // Offsets well before and after: transitions are months apart in every current zone,
        // and a gap is at most a day long (Pacific/Apia, 2011).
        let probe = |hours: i64| {
            let t = local.checked_add_signed(Duration::hours(hours))?;
            Some(self.offset_at(Utc.from_utc_datetime(&t)))
        };
        let before = probe(-36)?;
        let after = probe(36)?;
        if after.local_minus_utc() <= before.local_minus_utc() {
            return None;
        }
        // The transition lies between the two readings of `local`: read on the new offset it
        // is before the transition, on the old one after it. (That no other transition falls
        // between them is checked for every spring-forward of every zone, 1900-2037, by the
        // test `every_gap_in_every_zone_is_described_exactly`.)
        let mut lo =
            local.checked_sub_signed(Duration::seconds(i64::from(after.local_minus_utc())))?;
        let mut hi =
            local.checked_sub_signed(Duration::seconds(i64::from(before.local_minus_utc())))?;
        // Transitions fall on whole seconds, so both bounds are floored to the second (which
        // keeps the invariant) and the bisection moves by whole seconds only; halving a
        // 30-minute gap (Lord Howe) by `Duration / 2` would otherwise end on a fraction.
        lo = lo.with_nanosecond(0)?;
        hi = hi.with_nanosecond(0)?;
        // Invariant: offset(lo) == before, offset(hi) == after; find the first `after` second.
        while hi - lo > Duration::seconds(1) {
            let mid = lo + Duration::seconds((hi - lo).num_seconds() / 2);
            if self.offset_at(Utc.from_utc_datetime(&mid)) == before {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        let transition = Utc.from_utc_datetime(&hi);
        Some(Gap {
            transition,
            start_local: hi + Duration::seconds(i64::from(before.local_minus_utc())),
            end_local: hi + Duration::seconds(i64::from(after.local_minus_utc())),
            before,
            after,
        })
    }
}

struct Gap {
    transition: DateTime<Utc>,
    start_local: NaiveDateTime,
    end_local: NaiveDateTime,
    before: FixedOffset,
    after: FixedOffset,
}

impl Gap {
    fn offset_before_seconds(&self) -> Duration {
        Duration::seconds(i64::from(self.before.local_minus_utc()))
    }
    fn offset_after_seconds(&self) -> Duration {
        Duration::seconds(i64::from(self.after.local_minus_utc()))
    }
}

#[cfg(feature = "schema")]
crate::schema::string_schema!(
    Zone,
    "Zone",
    "An IANA time-zone name from the tz database, e.g. \"Europe/London\"",
    examples = [
        "Europe/London",
        "America/New_York",
        "Australia/Lord_Howe",
        "UTC"
    ]
);

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Zone {
    type Err = TimeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Zone::parse(s)
    }
}

impl Serialize for Zone {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Zone {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Zone::parse(&name).map_err(crate::error::de_error)
    }
}

/// How to turn a local time that is skipped (DST gap) or repeated (DST fold) into an instant.
///
/// The names follow the `jiff` crate. The default, `compatible`, is RFC 5545's reading of a
/// DATE-TIME with TZID: a time in a gap moves forward by the length of the gap (02:30 → 03:30 in
/// New York in March), a time in a fold takes its first occurrence.
///
/// | policy        | gap (02:30 skipped)        | fold (01:30 twice)  |
/// |---------------|----------------------------|---------------------|
/// | `compatible`  | 03:30 (forward by the gap) | first (01:30 EDT)   |
/// | `earlier`     | 01:30 (back by the gap)    | first (01:30 EDT)   |
/// | `later`       | 03:30 (forward by the gap) | second (01:30 EST)  |
/// | `end_of_gap`  | 03:00 (the gap's end)      | first (01:30 EDT)   |
/// | `reject`      | error                      | error               |
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Disambiguation {
    /// Gap: forward by the gap length; fold: first occurrence (RFC 5545, the default).
    #[default]
    Compatible,
    /// Gap: back by the gap length; fold: first occurrence.
    Earlier,
    /// Gap: forward by the gap length; fold: second occurrence.
    Later,
    /// Gap: the first instant after the gap (GoAlert); fold: first occurrence.
    EndOfGap,
    /// Gap or fold: a typed error.
    Reject,
}

/// Which occurrence of a repeated local time was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Fold {
    /// The first occurrence (the offset before the transition).
    Earlier,
    /// The second occurrence (the offset after the transition).
    Later,
}

/// Whether and how a local time was adjusted when it was turned into an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LocalAdjustment {
    /// The local time exists exactly once.
    None,
    /// The local time fell in a DST gap and was moved.
    Gap {
        /// First skipped local time.
        gap_start: NaiveDateTime,
        /// First local time after the gap.
        gap_end: NaiveDateTime,
        /// Length of the gap in seconds (3600 for most zones, 1800 for Lord Howe).
        gap_seconds: i64,
    },
    /// The local time occurs twice; one occurrence was chosen.
    Fold {
        /// Which occurrence was chosen.
        chose: Fold,
        /// The occurrence that was not chosen.
        other: DateTime<Utc>,
    },
}

impl LocalAdjustment {
    /// True when the local time fell in a gap or a fold.
    pub fn is_dst_affected(&self) -> bool {
        !matches!(self, LocalAdjustment::None)
    }
}

/// A local time resolved to an instant, with the reason for any adjustment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ResolvedLocal {
    /// The instant.
    pub instant: DateTime<Utc>,
    /// The local time that was asked for.
    pub requested: NaiveDateTime,
    /// The local time of `instant` (differs from `requested` only in a gap).
    pub local: NaiveDateTime,
    /// What was done to make the local time an instant.
    pub adjustment: LocalAdjustment,
}

/// Whether `text` is an RFC 3339 date-time whose seconds field is 60 (a leap second). chrono
/// reads such text, but no arithmetic on it is meaningful and neither Python's `datetime` nor
/// JavaScript's `Date` can hold it, so the bindings refuse it where an instant is wanted.
///
/// ```
/// use watchstander::time::is_leap_second_text;
/// assert!(is_leap_second_text("2016-12-31T23:59:60Z"));
/// assert!(!is_leap_second_text("2016-12-31T23:59:59Z"));
/// ```
pub fn is_leap_second_text(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 19
        && b.get(10)
            .is_some_and(|c| *c == b'T' || *c == b't' || *c == b' ')
        && b.get(16) == Some(&b':')
        && b.get(17..19) == Some(b"60")
}

/// Parses an RFC 3339 timestamp that must carry an offset (`Z` or `±HH:MM`).
///
/// A timestamp without offset does not name an instant and gives
/// [`TimeError::NaiveTimestamp`].
///
/// ```
/// use watchstander::time::parse_instant;
/// let t = parse_instant("2026-11-26T09:00:00+01:00")?;
/// assert_eq!(t.to_rfc3339(), "2026-11-26T08:00:00+00:00");
/// assert_eq!(parse_instant("2026-11-26T09:00:00").unwrap_err().code(), "naive_timestamp");
/// # Ok::<(), watchstander::time::TimeError>(())
/// ```
pub fn parse_instant(input: &str) -> Result<DateTime<Utc>, TimeError> {
    match DateTime::parse_from_rfc3339(input) {
        Ok(t) => {
            // The offset can move a year-1 or year-9999 local time out of the range.
            let t = t.with_timezone(&Utc);
            if (super::MIN_YEAR..=super::MAX_YEAR).contains(&t.year()) {
                Ok(t)
            } else {
                Err(TimeError::InvalidTimestamp {
                    input: input.to_string(),
                    reason: "the instant is outside the years 1 to 9999 in UTC".to_string(),
                })
            }
        }
        Err(e) => {
            if NaiveDateTime::parse_from_str(input, "%Y-%m-%dT%H:%M:%S%.f").is_ok()
                || NaiveDateTime::parse_from_str(input, "%Y-%m-%d %H:%M:%S%.f").is_ok()
            {
                Err(TimeError::NaiveTimestamp {
                    input: input.to_string(),
                })
            } else {
                Err(TimeError::InvalidTimestamp {
                    input: input.to_string(),
                    reason: e.to_string(),
                })
            }
        }
    }
}

/// Parses a local date-time such as `2026-03-08T02:30` or `2026-03-08T02:30:00`.
pub fn parse_local(input: &str) -> Result<NaiveDateTime, TimeError> {
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(input, fmt) {
            if !(super::MIN_YEAR..=super::MAX_YEAR).contains(&t.year()) {
                return Err(TimeError::InvalidTimestamp {
                    input: input.to_string(),
                    reason: "the local date-time is outside the years 1 to 9999".to_string(),
                });
            }
            return Ok(t);
        }
    }
    Err(TimeError::InvalidTimestamp {
        input: input.to_string(),
        reason: "expected a local date-time YYYY-MM-DDTHH:MM[:SS] without offset".to_string(),
    })
}

/// Formats an instant as RFC 3339 in UTC with a `Z` suffix and whole seconds when possible,
/// the form every watchstander output uses.
pub fn format_instant(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}
