//! Zones read from TZif bytes (RFC 8536), and the table that interns them.
//!
//! A [`Zone`](super::Zone) is `Copy`, so a zone read from a TZif file cannot own its data: it
//! refers to a [`LoadedZone`] that lives for the rest of the process. Each distinct
//! `(name, source, version, bytes)` is parsed once and kept in one process-wide table; asking
//! for the same zone again (from the same files, or from another source object over the same
//! directory) returns the same entry. The table is bounded by [`MAX_LOADED_ZONES`] entries and
//! [`MAX_LOADED_TZIF_BYTES`] bytes of TZif data; past either bound, loading a new zone gives
//! [`TimeError::TooManyLoadedZones`].
//!
//! This is not global state in the sense that matters for a pure engine: the entries are
//! immutable once made, each is a function of its input bytes alone, and no answer depends on
//! what else is in the table or in which order it was filled. It is a cache of parsed input
//! that cannot be invalidated because nothing in it can change.
//!
//! The TZif reading itself is `jiff`'s: offsets at an instant, the civil-to-instant lookup with
//! its gaps and folds, and the POSIX TZ footer that extends a file's rules past its last
//! transition.

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

use chrono::{Datelike, FixedOffset, LocalResult, NaiveDateTime, Offset, Timelike, Utc};
use jiff::tz::{AmbiguousOffset, TimeZone as JiffZone};
use jiff::Timestamp;

use super::TimeError;

/// The most zones read from TZif bytes that one process keeps (each distinct name, source,
/// version and content counts once). A real tz database has about 600 names.
pub const MAX_LOADED_ZONES: usize = 4096;

/// The most bytes of TZif data, summed over every loaded zone, that one process keeps.
pub const MAX_LOADED_TZIF_BYTES: usize = 32 * 1024 * 1024;

/// The largest TZif file accepted for one zone. Real files are under 4 KiB.
pub const MAX_TZIF_BYTES: usize = 64 * 1024;

/// The most transitions before the year 2500 that a loaded zone may have (a check made once,
/// when the zone is loaded).
pub const MAX_TZIF_TRANSITIONS: usize = 50_000;

/// The most distinct abbreviations a loaded zone may use.
pub const MAX_TZIF_ABBREVIATIONS: usize = 256;

/// 2500-01-01T00:00:00Z: the survey of a zone's transitions stops here; every later offset
/// comes from the POSIX TZ footer, whose observances are seen before then.
const SURVEY_END_SECONDS: i64 = 16_725_225_600;

/// A zone read from TZif bytes, interned for the rest of the process.
pub(crate) struct LoadedZone {
    pub(crate) name: String,
    pub(crate) source: String,
    pub(crate) version: String,
    bytes: Box<[u8]>,
    tz: JiffZone,
    abbreviations: Vec<Box<str>>,
}

/// The observance of a loaded zone at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LoadedOffset {
    /// The total UTC offset.
    pub(crate) offset: FixedOffset,
    /// The TZif `isdst` flag.
    pub(crate) dst: bool,
    /// The abbreviation, e.g. `BST` or `+0545`.
    pub(crate) abbreviation: Option<&'static str>,
}

struct Table {
    zones: BTreeMap<String, Vec<&'static LoadedZone>>,
    count: usize,
    bytes: usize,
}

static TABLE: Mutex<Table> = Mutex::new(Table {
    zones: BTreeMap::new(),
    count: 0,
    bytes: 0,
});

/// The interned zone for these bytes, parsing them the first time.
pub(crate) fn intern(
    name: &str,
    source: &str,
    version: &str,
    bytes: &[u8],
) -> Result<&'static LoadedZone, TimeError> {
    let invalid = |reason: String| TimeError::InvalidTzif {
        zone: name.to_string(),
        zone_source: source.to_string(),
        reason,
    };
    if bytes.len() > MAX_TZIF_BYTES {
        return Err(invalid(format!(
            "the file is larger than {MAX_TZIF_BYTES} bytes (real TZif files are under 4 KiB)"
        )));
    }
    let mut table = TABLE.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(found) = table.zones.get(name).and_then(|entries| {
        entries
            .iter()
            .find(|z| z.source == source && z.version == version && *z.bytes == *bytes)
    }) {
        return Ok(found);
    }
    if table.count >= MAX_LOADED_ZONES
        || table.bytes.saturating_add(bytes.len()) > MAX_LOADED_TZIF_BYTES
    {
        return Err(TimeError::TooManyLoadedZones {
            zone: name.to_string(),
            max_zones: MAX_LOADED_ZONES,
            max_bytes: MAX_LOADED_TZIF_BYTES,
        });
    }
    let tz = JiffZone::tzif(name, bytes).map_err(|e| invalid(e.to_string()))?;
    let abbreviations = survey(&tz).map_err(invalid)?;
    let zone: &'static LoadedZone = Box::leak(Box::new(LoadedZone {
        name: name.to_string(),
        source: source.to_string(),
        version: version.to_string(),
        bytes: bytes.into(),
        tz,
        abbreviations,
    }));
    table.count += 1;
    table.bytes += bytes.len();
    table.zones.entry(name.to_string()).or_default().push(zone);
    Ok(zone)
}

/// Checks every observance a zone can report (each UTC offset under a day, so that it is a
/// valid [`FixedOffset`]) and collects its abbreviations.
fn survey(tz: &JiffZone) -> Result<Vec<Box<str>>, String> {
    let mut abbreviations: Vec<Box<str>> = Vec::new();
    let mut check = |offset: jiff::tz::Offset, abbreviation: &str| -> Result<(), String> {
        if offset.seconds().unsigned_abs() >= 86_400 {
            return Err(format!(
                "it uses a UTC offset of {} seconds, a day or more",
                offset.seconds()
            ));
        }
        if !abbreviations.iter().any(|a| **a == *abbreviation) {
            if abbreviations.len() >= MAX_TZIF_ABBREVIATIONS {
                return Err(format!(
                    "it uses more than {MAX_TZIF_ABBREVIATIONS} distinct abbreviations"
                ));
            }
            abbreviations.push(abbreviation.into());
        }
        Ok(())
    };
    let end = Timestamp::from_second(SURVEY_END_SECONDS).unwrap_or(Timestamp::MAX);
    for t in [Timestamp::MIN, end, Timestamp::MAX] {
        let info = tz.to_offset_info(t);
        check(info.offset(), info.abbreviation())?;
    }
    for (i, transition) in tz.following(Timestamp::MIN).enumerate() {
        if transition.timestamp() > end {
            break;
        }
        if i >= MAX_TZIF_TRANSITIONS {
            return Err(format!(
                "it has more than {MAX_TZIF_TRANSITIONS} transitions before the year 2500"
            ));
        }
        check(transition.offset(), transition.abbreviation())?;
    }
    Ok(abbreviations)
}

/// A chrono offset from a surveyed jiff offset (always under a day; clamped otherwise).
fn fixed(offset: jiff::tz::Offset) -> FixedOffset {
    let seconds = offset.seconds().clamp(-86_399, 86_399);
    FixedOffset::east_opt(seconds).unwrap_or_else(|| Utc.fix())
}

/// The jiff timestamp of a UTC date-time, clamped to jiff's range (years -9999 to 9999).
fn timestamp(utc: &NaiveDateTime) -> Timestamp {
    let seconds = utc
        .and_utc()
        .timestamp()
        .clamp(Timestamp::MIN.as_second(), Timestamp::MAX.as_second());
    Timestamp::from_second(seconds).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// The jiff civil date-time of a local date-time, clamped to jiff's range.
fn civil(local: &NaiveDateTime) -> jiff::civil::DateTime {
    let parts = (|| {
        Some(jiff::civil::DateTime::new(
            i16::try_from(local.year()).ok()?,
            i8::try_from(local.month()).ok()?,
            i8::try_from(local.day()).ok()?,
            i8::try_from(local.hour()).ok()?,
            i8::try_from(local.minute()).ok()?,
            i8::try_from(local.second()).ok()?,
            i32::try_from(local.nanosecond().min(999_999_999)).ok()?,
        ))
    })();
    match parts {
        Some(Ok(dt)) => dt,
        _ if local.year() < 0 => jiff::civil::DateTime::MIN,
        _ => jiff::civil::DateTime::MAX,
    }
}

impl LoadedZone {
    /// The total UTC offset at a UTC date-time.
    pub(crate) fn offset_at(&self, utc: &NaiveDateTime) -> FixedOffset {
        fixed(self.tz.to_offset(timestamp(utc)))
    }

    /// The observance (offset, DST flag, abbreviation) at a UTC date-time.
    pub(crate) fn observance_at(&'static self, utc: &NaiveDateTime) -> LoadedOffset {
        let info = self.tz.to_offset_info(timestamp(utc));
        let abbreviation = info.abbreviation();
        LoadedOffset {
            offset: fixed(info.offset()),
            dst: info.dst().is_dst(),
            abbreviation: self
                .abbreviations
                .iter()
                .find(|a| ***a == *abbreviation)
                .map(|a| &**a),
        }
    }

    /// The observance of `offset` in force at the instant the local time `local` names with it.
    fn observance_for(&'static self, local: &NaiveDateTime, offset: FixedOffset) -> LoadedOffset {
        let at = local
            .checked_sub_offset(offset)
            .map(|utc| self.observance_at(&utc));
        match at {
            Some(o) if o.offset == offset => o,
            // Only for data whose footer disagrees with its transitions: keep the offset.
            Some(o) => LoadedOffset { offset, ..o },
            None => LoadedOffset {
                offset,
                dst: false,
                abbreviation: None,
            },
        }
    }

    /// The observances a local date-time can be read with: one, two (a fold, earlier first) or
    /// none (a gap).
    pub(crate) fn local_observances(
        &'static self,
        local: &NaiveDateTime,
    ) -> LocalResult<LoadedOffset> {
        match self.tz.to_ambiguous_timestamp(civil(local)).offset() {
            AmbiguousOffset::Unambiguous { offset } => {
                LocalResult::Single(self.observance_for(local, fixed(offset)))
            }
            AmbiguousOffset::Gap { .. } => LocalResult::None,
            AmbiguousOffset::Fold { before, after } => LocalResult::Ambiguous(
                self.observance_for(local, fixed(before)),
                self.observance_for(local, fixed(after)),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_is_a_typed_error() {
        for bytes in [&b""[..], b"TZif", b"not a tzif file", b"TZif2\0\0\0"] {
            let e = intern("Test/Garbage", "test", "unknown", bytes)
                .err()
                .map(|e| e.code());
            assert_eq!(e, Some("invalid_tzif"), "{bytes:?}");
        }
        let big = vec![0u8; MAX_TZIF_BYTES + 1];
        let e = intern("Test/Big", "test", "unknown", &big).err();
        assert!(matches!(e, Some(TimeError::InvalidTzif { .. })), "{e:?}");
    }

    #[test]
    fn out_of_range_civil_and_instants_are_clamped() {
        let local = chrono::NaiveDate::from_ymd_opt(100_000, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .unwrap();
        assert_eq!(civil(&local), jiff::civil::DateTime::MAX);
        assert_eq!(
            timestamp(&local),
            Timestamp::from_second(Timestamp::MAX.as_second()).unwrap()
        );
        let early = chrono::NaiveDate::from_ymd_opt(-100_000, 1, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .unwrap();
        assert_eq!(civil(&early), jiff::civil::DateTime::MIN);
    }
}
