//! The value formats of RFC 5545 that the writer emits: DATE-TIME (§3.3.5), UTC-OFFSET
//! (§3.3.14) and DURATION (§3.3.6).

use chrono::{DateTime, Datelike, NaiveDateTime, Timelike, Utc};

use crate::schedule::ScheduleError;

/// A DATE-TIME in UTC, `20261126T090000Z`. Sub-second parts are dropped: iCalendar counts
/// whole seconds.
pub(crate) fn utc_date_time(instant: DateTime<Utc>, what: &str) -> Result<String, ScheduleError> {
    let local = instant.naive_utc();
    check_year(local, what, || instant.to_rfc3339())?;
    Ok(format!("{}Z", digits(local)))
}

/// A DATE-TIME without `Z`, as used with a TZID parameter or in a VTIMEZONE's DTSTART:
/// `20261126T090000`.
pub(crate) fn local_date_time(local: NaiveDateTime, what: &str) -> Result<String, ScheduleError> {
    check_year(local, what, || local.to_string())?;
    Ok(digits(local))
}

fn digits(t: NaiveDateTime) -> String {
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

fn check_year(
    t: NaiveDateTime,
    what: &str,
    shown: impl FnOnce() -> String,
) -> Result<(), ScheduleError> {
    if (1..=9999).contains(&t.year()) {
        Ok(())
    } else {
        Err(ScheduleError::IcalDateOutOfRange {
            what: what.to_string(),
            instant: shown(),
        })
    }
}

/// A UTC-OFFSET: `+0100`, `-0500`, `+0545`, `+1030`; seconds only when present (`+002130`).
/// Zero is `+0000` (RFC 5545 forbids `-0000`).
pub(crate) fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let abs = seconds.unsigned_abs();
    let (h, m, s) = (abs / 3600, abs / 60 % 60, abs % 60);
    if s == 0 {
        format!("{sign}{h:02}{m:02}")
    } else {
        format!("{sign}{h:02}{m:02}{s:02}")
    }
}

/// A DURATION from whole seconds: `-PT15M`, `P1D`, `P1DT2H`, `PT1H0M30S`, `PT0S`.
///
/// RFC 5545's grammar lets hours be followed by minutes and minutes by seconds, but not hours
/// directly by seconds, so `0M` is written in between when needed.
pub(crate) fn duration(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let abs = seconds.unsigned_abs();
    let days = abs / 86_400;
    let (h, m, s) = (abs / 3600 % 24, abs / 60 % 60, abs % 60);
    let mut out = format!("{sign}P");
    if days > 0 {
        out.push_str(&format!("{days}D"));
    }
    if h == 0 && m == 0 && s == 0 {
        if days == 0 {
            out.push_str("T0S");
        }
        return out;
    }
    out.push('T');
    if h > 0 {
        out.push_str(&format!("{h}H"));
    }
    if m > 0 || (h > 0 && s > 0) {
        out.push_str(&format!("{m}M"));
    }
    if s > 0 {
        out.push_str(&format!("{s}S"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn utc_date_times_have_a_z_and_drop_fractions() {
        let t = Utc.with_ymd_and_hms(2026, 11, 26, 9, 5, 7).unwrap();
        assert_eq!(utc_date_time(t, "DTSTART").unwrap(), "20261126T090507Z");
        let t = t + chrono::Duration::milliseconds(999);
        assert_eq!(utc_date_time(t, "DTSTART").unwrap(), "20261126T090507Z");
        let t = Utc.with_ymd_and_hms(987, 1, 2, 3, 4, 5).unwrap();
        assert_eq!(utc_date_time(t, "DTSTART").unwrap(), "09870102T030405Z");
    }

    #[test]
    fn years_outside_1_to_9999_are_refused() {
        let t = Utc.with_ymd_and_hms(10_000, 1, 1, 0, 0, 0).unwrap();
        let err = utc_date_time(t, "DTEND of event \"a\"").unwrap_err();
        assert_eq!(err.code(), "ical_date_out_of_range");
        assert!(err.to_string().contains("DTEND of event"));
        let t = Utc.with_ymd_and_hms(0, 12, 31, 0, 0, 0).unwrap();
        assert!(utc_date_time(t, "x").is_err());
        assert!(local_date_time(t.naive_utc(), "x").is_err());
        let t = Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).unwrap();
        assert_eq!(utc_date_time(t, "x").unwrap(), "99991231T235959Z");
        let t = Utc.with_ymd_and_hms(1, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(
            local_date_time(t.naive_utc(), "x").unwrap(),
            "00010101T000000"
        );
    }

    #[test]
    fn offsets_print_hours_minutes_and_seconds_only_when_needed() {
        assert_eq!(utc_offset(0), "+0000");
        assert_eq!(utc_offset(3600), "+0100");
        assert_eq!(utc_offset(-5 * 3600), "-0500");
        assert_eq!(utc_offset(5 * 3600 + 45 * 60), "+0545");
        assert_eq!(utc_offset(10 * 3600 + 30 * 60), "+1030");
        assert_eq!(utc_offset(-(3 * 3600 + 30 * 60)), "-0330");
        assert_eq!(utc_offset(13 * 3600 + 45 * 60), "+1345");
        assert_eq!(utc_offset(-(25 * 60 + 21)), "-002521"); // Dublin mean time
    }

    #[test]
    fn durations_follow_the_rfc_grammar() {
        assert_eq!(duration(0), "PT0S");
        assert_eq!(duration(-15 * 60), "-PT15M");
        assert_eq!(duration(15 * 60), "PT15M");
        assert_eq!(duration(-86_400), "-P1D");
        assert_eq!(duration(86_400 + 2 * 3600), "P1DT2H");
        assert_eq!(duration(3600 + 30), "PT1H0M30S");
        assert_eq!(duration(3600 + 60 + 1), "PT1H1M1S");
        assert_eq!(duration(-45), "-PT45S");
        assert_eq!(duration(90), "PT1M30S");
        assert_eq!(duration(2 * 86_400 + 59), "P2DT59S");
        assert_eq!(duration(7 * 86_400), "P7D");
    }
}
