//! Writing instants into JSON quickly: a plan of ten thousand incidents writes hundreds of
//! thousands of them, and going through `Display` costs more than everything else in a
//! notification. The text is the same as chrono's: RFC 3339 in UTC with a `Z`, seconds
//! always, fractions only when there are any (those, and years outside 0–9999, take chrono's
//! own path).

use chrono::{DateTime, Datelike, Timelike, Utc};
use serde::{Serialize, Serializer};

/// Serialises `t` as chrono does (`2026-03-09T14:30:00Z`), without the formatting machinery.
pub(crate) fn instant<S: Serializer>(t: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    let n = t.naive_utc();
    let Ok(year) = u32::try_from(n.year()) else {
        return t.serialize(serializer);
    };
    if year > 9999 || n.nanosecond() != 0 {
        return t.serialize(serializer);
    }
    let d = |v: u32| b'0' + (v % 10) as u8;
    let (mo, day, h, mi, s) = (n.month(), n.day(), n.hour(), n.minute(), n.second());
    let text = [
        d(year / 1000),
        d(year / 100),
        d(year / 10),
        d(year),
        b'-',
        d(mo / 10),
        d(mo),
        b'-',
        d(day / 10),
        d(day),
        b'T',
        d(h / 10),
        d(h),
        b':',
        d(mi / 10),
        d(mi),
        b':',
        d(s / 10),
        d(s),
        b'Z',
    ];
    match std::str::from_utf8(&text) {
        // `collect_str`, as chrono itself writes instants: the bindings turn exactly those
        // into `datetime`s and `Date`s.
        Ok(text) => serializer.collect_str(text),
        Err(_) => t.serialize(serializer),
    }
}

/// [`instant`] for an optional instant (skipped when absent by the field's attributes).
pub(crate) fn instant_opt<S: Serializer>(
    t: &Option<DateTime<Utc>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => instant(t, serializer),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[derive(Serialize)]
    struct Fast(#[serde(serialize_with = "instant")] DateTime<Utc>);

    #[test]
    fn instants_are_written_as_chrono_writes_them() {
        let cases = [
            Utc.with_ymd_and_hms(2026, 3, 9, 14, 30, 0).unwrap(),
            Utc.with_ymd_and_hms(1, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).unwrap(),
            Utc.with_ymd_and_hms(2026, 10, 25, 1, 5, 9).unwrap()
                + chrono::Duration::milliseconds(250),
            Utc.with_ymd_and_hms(-5, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(10000, 1, 1, 0, 0, 0).unwrap(),
        ];
        for t in cases {
            assert_eq!(
                serde_json::to_string(&Fast(t)).unwrap(),
                serde_json::to_string(&t).unwrap(),
                "{t:?}"
            );
        }
        assert_eq!(
            serde_json::to_string(&Fast(cases[0])).unwrap(),
            r#""2026-03-09T14:30:00Z""#
        );
    }
}
