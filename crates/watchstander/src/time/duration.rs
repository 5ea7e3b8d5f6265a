//! ISO 8601 durations (`PT15M`, `PT4H`, `P1D`, `P1W`, `P1Y2M3DT4H5M6.5S`).

use std::fmt;
use std::str::FromStr;

use chrono::Duration;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::TimeError;

/// An ISO 8601 duration with its calendar components kept apart.
///
/// `P1D` is one *day*, not 24 hours: on a 24×7 clock it is 24 hours, on a
/// [business calendar](super::BusinessCalendar) it is one business day, and in wall-clock
/// arithmetic it is the same local time on the next date. Use
/// [`to_fixed`](IsoDuration::to_fixed) where a fixed length is needed.
///
/// Accepted: an optional leading `-`, then `P`, then any of `nY nM nW nD` in that order, then
/// optionally `T` and any of `nH nM nS`; only seconds may have a fraction (`.` or `,`, up to 9
/// digits). Letters must be upper case. Printing gives the canonical form (zero components
/// omitted, `PT0S` for zero).
///
/// ```
/// use watchstander::time::IsoDuration;
/// let d: IsoDuration = "PT90M".parse()?;
/// assert_eq!(d.to_fixed()?.num_minutes(), 90);
/// assert_eq!(d.to_string(), "PT90M");
/// assert_eq!("P1W".parse::<IsoDuration>()?.to_fixed()?.num_hours(), 168);
/// assert_eq!("P1M".parse::<IsoDuration>()?.to_fixed().unwrap_err().code(), "unsupported_duration");
/// assert_eq!("15m".parse::<IsoDuration>().unwrap_err().code(), "invalid_duration");
/// # Ok::<(), watchstander::time::TimeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct IsoDuration {
    /// True for a leading `-`.
    pub negative: bool,
    /// Years.
    pub years: u32,
    /// Months.
    pub months: u32,
    /// Weeks.
    pub weeks: u32,
    /// Days.
    pub days: u32,
    /// Hours.
    pub hours: u32,
    /// Minutes.
    pub minutes: u32,
    /// Whole seconds.
    pub seconds: u32,
    /// Fraction of a second, in nanoseconds.
    pub nanos: u32,
}

impl IsoDuration {
    /// A duration of whole hours.
    pub fn hours(hours: u32) -> IsoDuration {
        IsoDuration {
            hours,
            ..IsoDuration::default()
        }
    }

    /// A duration of whole minutes.
    pub fn minutes(minutes: u32) -> IsoDuration {
        IsoDuration {
            minutes,
            ..IsoDuration::default()
        }
    }

    /// A duration of whole days.
    pub fn days(days: u32) -> IsoDuration {
        IsoDuration {
            days,
            ..IsoDuration::default()
        }
    }

    /// Converts a fixed-length [`chrono::Duration`] to the canonical ISO form, using days,
    /// hours, minutes and seconds (`P1DT2H`). Weeks, months and years are never produced.
    pub fn from_fixed(d: Duration) -> Result<IsoDuration, TimeError> {
        let negative = d < Duration::zero();
        let abs = d.abs();
        let secs = abs.num_seconds();
        let nanos = (abs - Duration::seconds(secs))
            .num_nanoseconds()
            .unwrap_or(0);
        let too_long = || {
            TimeError::out_of_range(
                "duration",
                "more than 4 294 967 295 days cannot be written as ISO 8601 here",
            )
        };
        Ok(IsoDuration {
            negative,
            days: u32::try_from(secs / 86_400).map_err(|_| too_long())?,
            hours: u32::try_from((secs % 86_400) / 3600).map_err(|_| too_long())?,
            minutes: u32::try_from((secs % 3600) / 60).map_err(|_| too_long())?,
            seconds: u32::try_from(secs % 60).map_err(|_| too_long())?,
            nanos: u32::try_from(nanos).map_err(|_| too_long())?,
            ..IsoDuration::default()
        })
    }

    /// True if all components are zero.
    pub fn is_zero(&self) -> bool {
        self.years == 0
            && self.months == 0
            && self.weeks == 0
            && self.days == 0
            && self.time_part_is_zero()
    }

    fn time_part_is_zero(&self) -> bool {
        self.hours == 0 && self.minutes == 0 && self.seconds == 0 && self.nanos == 0
    }

    /// True if the duration has years or months, which have no fixed length.
    pub fn has_calendar_months(&self) -> bool {
        self.years != 0 || self.months != 0
    }

    /// Whole days (`W` × 7 + `D`), ignoring the time part.
    pub fn whole_days(&self) -> i64 {
        i64::from(self.weeks) * 7 + i64::from(self.days)
    }

    /// The time part (`T…`) as a fixed duration, signed.
    pub fn time_part(&self) -> Duration {
        let d = Duration::hours(i64::from(self.hours))
            + Duration::minutes(i64::from(self.minutes))
            + Duration::seconds(i64::from(self.seconds))
            + Duration::nanoseconds(i64::from(self.nanos));
        if self.negative {
            -d
        } else {
            d
        }
    }

    /// The duration as a fixed length, with a day = 24 h and a week = 168 h.
    ///
    /// Years and months have no fixed length and give [`TimeError::UnsupportedDuration`].
    pub fn to_fixed(&self) -> Result<Duration, TimeError> {
        if self.has_calendar_months() {
            return Err(TimeError::UnsupportedDuration {
                duration: self.to_string(),
                reason:
                    "years and months have no fixed length; write days or hours instead, e.g. P30D"
                        .to_string(),
            });
        }
        let days = Duration::days(self.whole_days());
        let d = days + self.time_part().abs();
        Ok(if self.negative { -d } else { d })
    }
}

impl fmt::Display for IsoDuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.negative && !self.is_zero() {
            f.write_str("-")?;
        }
        f.write_str("P")?;
        for (n, unit) in [
            (self.years, 'Y'),
            (self.months, 'M'),
            (self.weeks, 'W'),
            (self.days, 'D'),
        ] {
            if n != 0 {
                write!(f, "{n}{unit}")?;
            }
        }
        if self.time_part_is_zero() {
            if self.is_zero() {
                f.write_str("T0S")?;
            }
            return Ok(());
        }
        f.write_str("T")?;
        if self.hours != 0 {
            write!(f, "{}H", self.hours)?;
        }
        if self.minutes != 0 {
            write!(f, "{}M", self.minutes)?;
        }
        if self.seconds != 0 || self.nanos != 0 {
            write!(f, "{}", self.seconds)?;
            if self.nanos != 0 {
                let frac = format!("{:09}", self.nanos);
                write!(f, ".{}", frac.trim_end_matches('0'))?;
            }
            f.write_str("S")?;
        }
        Ok(())
    }
}

impl FromStr for IsoDuration {
    type Err = TimeError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        parse(input).map_err(|reason| TimeError::InvalidDuration {
            input: input.chars().take(64).collect(),
            reason,
        })
    }
}

fn parse(input: &str) -> Result<IsoDuration, String> {
    let mut out = IsoDuration::default();
    let mut rest = input;
    if let Some(r) = rest.strip_prefix('-') {
        out.negative = true;
        rest = r;
    } else if let Some(r) = rest.strip_prefix('+') {
        rest = r;
    }
    rest = rest
        .strip_prefix('P')
        .ok_or_else(|| "it must start with \"P\"".to_string())?;
    if rest.is_empty() {
        return Err("\"P\" must be followed by at least one component".to_string());
    }
    let (date_part, time_part) = match rest.split_once('T') {
        Some((d, t)) => {
            if t.is_empty() {
                return Err("\"T\" must be followed by hours, minutes or seconds".to_string());
            }
            (d, Some(t))
        }
        None => (rest, None),
    };
    let mut any = false;
    let mut order = 0;
    for (value, unit) in components(date_part)? {
        if value.contains(['.', ',']) {
            return Err(format!("only seconds may have a fraction, not {unit:?}"));
        }
        let rank = match unit {
            'Y' => 1,
            'M' => 2,
            'W' => 3,
            'D' => 4,
            'H' | 'S' => return Err(format!("{unit:?} belongs after \"T\"")),
            other => return Err(format!("unknown unit {other:?} in the date part")),
        };
        if rank <= order {
            return Err("components must appear once each, in the order Y M W D".to_string());
        }
        order = rank;
        let n = number(value)?;
        match unit {
            'Y' => out.years = n,
            'M' => out.months = n,
            'W' => out.weeks = n,
            _ => out.days = n,
        }
        any = true;
    }
    if let Some(t) = time_part {
        let mut order = 0;
        for (value, unit) in components(t)? {
            let rank = match unit {
                'H' => 1,
                'M' => 2,
                'S' => 3,
                'Y' | 'W' | 'D' => return Err(format!("{unit:?} belongs before \"T\"")),
                other => return Err(format!("unknown unit {other:?} in the time part")),
            };
            if rank <= order {
                return Err("components must appear once each, in the order H M S".to_string());
            }
            order = rank;
            if unit == 'S' {
                let (whole, frac) = match value.split_once(['.', ',']) {
                    Some((w, f)) => (w, Some(f)),
                    None => (value, None),
                };
                out.seconds = number(whole)?;
                if let Some(f) = frac {
                    if f.is_empty() || f.len() > 9 || !f.bytes().all(|b| b.is_ascii_digit()) {
                        return Err("a fraction of a second has 1 to 9 digits".to_string());
                    }
                    let padded = format!("{f:0<9}");
                    out.nanos = padded.parse().map_err(|_| "bad fraction".to_string())?;
                }
            } else {
                if value.contains(['.', ',']) {
                    return Err(format!("only seconds may have a fraction, not {unit:?}"));
                }
                let n = number(value)?;
                if unit == 'H' {
                    out.hours = n;
                } else {
                    out.minutes = n;
                }
            }
            any = true;
        }
    }
    if !any {
        return Err("no components".to_string());
    }
    Ok(out)
}

/// Splits `"1Y2M"` into `[("1", 'Y'), ("2", 'M')]`.
fn components(s: &str) -> Result<Vec<(&str, char)>, String> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if c.is_ascii_digit() || c == '.' || c == ',' {
            continue;
        }
        if c.is_ascii_lowercase() {
            return Err(format!("unit letters must be upper case, found {c:?}"));
        }
        let value = &s[start..i];
        if value.is_empty() {
            return Err(format!("unit {c:?} has no number before it"));
        }
        out.push((value, c));
        start = i + c.len_utf8();
    }
    if start != s.len() {
        return Err(format!("number {:?} has no unit after it", &s[start..]));
    }
    Ok(out)
}

fn number(s: &str) -> Result<u32, String> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("{s:?} is not a whole number"));
    }
    s.parse::<u32>()
        .map_err(|_| format!("{s} is too large (at most 4294967295)"))
}

#[cfg(feature = "schema")]
crate::schema::string_schema!(
    IsoDuration,
    "IsoDuration",
    "An ISO 8601 duration: P[nY][nM][nW][nD][T[nH][nM][n[.f]S]], e.g. \"PT15M\", \"PT4H\", \"P1D\", \"P1W\"",
    pattern = "^[-+]?P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+([.,]\\d{1,9})?S)?)?$",
    examples = ["PT15M", "PT4H", "P1D", "P1W"]
);

impl Serialize for IsoDuration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for IsoDuration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(crate::error::de_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_common_forms() {
        let cases = [
            ("PT15M", 15 * 60),
            ("PT4H", 4 * 3600),
            ("P1D", 86_400),
            ("P1W", 7 * 86_400),
            ("P1DT12H", 36 * 3600),
            ("PT0S", 0),
            ("PT1.5S", 1),
            ("-PT30M", -1800),
        ];
        for (text, secs) in cases {
            let d: IsoDuration = text.parse().unwrap();
            assert_eq!(d.to_fixed().unwrap().num_seconds(), secs, "{text}");
        }
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "",
            "P",
            "PT",
            "15M",
            "pt15m",
            "P1H",
            "PT1D",
            "P1.5D",
            "PT1.5H",
            "P1M1Y",
            "PT1S1M",
            "P1DT",
            "PTM",
            "P-1D",
            "P99999999999D",
            "PT1.1234567890S",
            "P1X",
        ] {
            let err = bad.parse::<IsoDuration>().unwrap_err();
            assert_eq!(err.code(), "invalid_duration", "{bad:?}");
        }
    }

    #[test]
    fn a_fraction_without_whole_seconds_says_so() {
        let e = "PT.5S".parse::<IsoDuration>().unwrap_err().to_string();
        assert!(e.contains("\"\" is not a whole number"), "{e}");
        let e = "PT4294967296S"
            .parse::<IsoDuration>()
            .unwrap_err()
            .to_string();
        assert!(e.contains("too large"), "{e}");
    }

    #[test]
    fn prints_canonically() {
        assert_eq!("P0D".parse::<IsoDuration>().unwrap().to_string(), "PT0S");
        assert_eq!(
            "PT1.500S".parse::<IsoDuration>().unwrap().to_string(),
            "PT1.5S"
        );
        assert_eq!(
            "P1Y2M3W4DT5H6M7S"
                .parse::<IsoDuration>()
                .unwrap()
                .to_string(),
            "P1Y2M3W4DT5H6M7S"
        );
    }

    #[test]
    fn zero_is_not_negative() {
        let zero = IsoDuration::from_fixed(Duration::zero()).unwrap();
        assert_eq!(zero, IsoDuration::default());
        assert!(!zero.negative);
    }

    #[test]
    fn from_fixed_keeps_fractions_of_a_second() {
        let d = IsoDuration::from_fixed(Duration::milliseconds(-90_061_250)).unwrap();
        assert_eq!(d.to_string(), "-P1DT1H1M1.25S");
        assert_eq!(d.nanos, 250_000_000);
    }

    #[test]
    fn the_time_part_carries_the_sign() {
        let d: IsoDuration = "-P2DT1H30M".parse().unwrap();
        assert_eq!(d.time_part(), -Duration::minutes(90));
        assert_eq!(d.whole_days(), 2);
        let d: IsoDuration = "PT1H0.5S".parse().unwrap();
        assert_eq!(d.time_part(), Duration::milliseconds(3_600_500));
    }

    proptest! {
        #[test]
        fn display_round_trips(
            negative: bool, y in 0u32..50, mo in 0u32..50, w in 0u32..50, d in 0u32..50,
            h in 0u32..100, mi in 0u32..100, s in 0u32..100, n in 0u32..1_000_000_000,
        ) {
            let dur = IsoDuration { negative, years: y, months: mo, weeks: w, days: d, hours: h, minutes: mi, seconds: s, nanos: n };
            let back: IsoDuration = dur.to_string().parse().unwrap();
            if dur.is_zero() {
                prop_assert!(back.is_zero());
            } else {
                prop_assert_eq!(back, dur);
            }
        }

        #[test]
        fn from_fixed_round_trips(secs in -10_000_000i64..10_000_000) {
            let d = Duration::seconds(secs);
            let iso = IsoDuration::from_fixed(d).unwrap();
            prop_assert_eq!(iso.negative, secs < 0);
            prop_assert_eq!(iso.to_fixed().unwrap(), d);
        }

        #[test]
        fn parser_never_panics(s in "\\PC{0,24}") {
            let _ = s.parse::<IsoDuration>();
        }
    }
}
