//! Durations as Alertmanager writes them (`30s`, `5m`, `1h30m`, `2d`, `1w`) or in ISO 8601.

use std::fmt;
use std::str::FromStr;

use chrono::Duration;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::error::clip;
use super::limits::MAX_TIMER_SECONDS;
use super::AlertError;
use crate::time::IsoDuration;

/// A fixed-length duration for timers and windows, written as Prometheus/Alertmanager do —
/// units `y` (365 days), `w`, `d`, `h`, `m`, `s`, `ms`, largest first, each at most once, e.g.
/// `"1h30m"`, or `"0"` — or in ISO 8601 (`"PT90M"`, without months or years). Printed in
/// Alertmanager's form. At most [`MAX_TIMER_SECONDS`].
///
/// ```
/// use watchstander::alert::Interval;
/// let d: Interval = "1h30m".parse()?;
/// assert_eq!(d.seconds(), 5400);
/// assert_eq!("PT90M".parse::<Interval>()?.to_string(), "1h30m");
/// assert!("90".parse::<Interval>().is_err());
/// # Ok::<(), watchstander::alert::AlertError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Interval {
    millis: i64,
}

impl Interval {
    /// A whole number of seconds (clamped to [`MAX_TIMER_SECONDS`]).
    pub const fn from_secs(seconds: i64) -> Interval {
        let s = if seconds < 0 {
            0
        } else if seconds > MAX_TIMER_SECONDS {
            MAX_TIMER_SECONDS
        } else {
            seconds
        };
        Interval { millis: s * 1000 }
    }

    /// The length in whole seconds (rounded down).
    pub fn seconds(self) -> i64 {
        self.millis / 1000
    }

    /// The length in milliseconds.
    pub fn millis(self) -> i64 {
        self.millis
    }

    /// As a chrono duration.
    pub fn to_duration(self) -> Duration {
        Duration::milliseconds(self.millis)
    }

    /// Whether it is zero.
    pub fn is_zero(self) -> bool {
        self.millis == 0
    }
}

impl FromStr for Interval {
    type Err = AlertError;

    fn from_str(s: &str) -> Result<Interval, AlertError> {
        let bad = |reason: &str| AlertError::InvalidDuration {
            input: clip(s, 100),
            reason: reason.to_string(),
        };
        let millis = if s.starts_with('P') || s.starts_with("-P") {
            let iso: IsoDuration = s.parse().map_err(|_| bad("not an ISO 8601 duration"))?;
            if iso.has_calendar_months() {
                return Err(bad("months and years have no fixed length"));
            }
            let d = iso.to_fixed().map_err(|_| bad("not a fixed length"))?;
            if d < Duration::zero() {
                return Err(bad("it is negative"));
            }
            d.num_milliseconds()
        } else {
            parse_prometheus(s).ok_or_else(|| {
                bad("expected digits followed by units y, w, d, h, m, s or ms, largest first")
            })?
        };
        if millis > MAX_TIMER_SECONDS * 1000 {
            return Err(bad(&format!(
                "it is longer than the limit of {MAX_TIMER_SECONDS} s (MAX_TIMER_SECONDS)"
            )));
        }
        Ok(Interval { millis })
    }
}

/// Prometheus' `model.ParseDuration`.
fn parse_prometheus(s: &str) -> Option<i64> {
    if s == "0" {
        return Some(0);
    }
    const UNITS: [(&str, i64); 7] = [
        ("y", 365 * 86_400_000),
        ("w", 7 * 86_400_000),
        ("d", 86_400_000),
        ("h", 3_600_000),
        ("m", 60_000),
        ("s", 1_000),
        ("ms", 1),
    ];
    let mut rest = s;
    let mut next_unit = 0;
    let mut total: i64 = 0;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || digits > 12 {
            return None;
        }
        let n: i64 = rest.get(..digits)?.parse().ok()?;
        rest = rest.get(digits..)?;
        // "ms" must be tried before "m".
        let (idx, unit) = UNITS
            .iter()
            .enumerate()
            .skip(next_unit)
            .filter(|(_, (u, _))| rest.starts_with(u))
            .max_by_key(|(_, (u, _))| u.len())?;
        rest = rest.get(unit.0.len()..)?;
        next_unit = idx + 1;
        total = total.checked_add(n.checked_mul(unit.1)?)?;
    }
    Some(total)
}

/// Alertmanager's form: `1h30m`, `0s`.
impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut ms = self.millis;
        if ms == 0 {
            return f.write_str("0s");
        }
        for (unit, len) in [
            ("y", 365 * 86_400_000),
            ("w", 7 * 86_400_000),
            ("d", 86_400_000),
            ("h", 3_600_000),
            ("m", 60_000),
            ("s", 1_000),
            ("ms", 1),
        ] {
            if ms >= len {
                write!(f, "{}{unit}", ms / len)?;
                ms %= len;
            }
        }
        Ok(())
    }
}

impl Serialize for Interval {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Interval {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Interval, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(crate::error::de_error)
    }
}

#[cfg(feature = "schema")]
crate::schema::string_schema!(
    Interval,
    "Interval",
    "A duration as Alertmanager writes it (\"30s\", \"5m\", \"1h30m\", \"2d\") or in ISO 8601 (\"PT30S\")",
    examples = ["30s", "5m", "4h", "PT10M"]
);
