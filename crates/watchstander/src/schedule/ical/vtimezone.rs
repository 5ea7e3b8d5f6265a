//! VTIMEZONE components generated from the tz database compiled into chrono-tz.
//!
//! A `DTSTART;TZID=Europe/London:20261126T090000` means something only together with a
//! VTIMEZONE that tells the parser which UTC offset Europe/London has at that wall-clock time
//! (RFC 5545 §3.6.5). Clients must not be trusted to know the zone themselves: ical.js knows no
//! zone at all, and others carry stale tables. So the writer describes every zone it uses, from
//! the same tz data that the rest of watchstander computes with.
//!
//! See [`render_vtimezone`] for how the component is built.

use chrono::{DateTime, Duration, NaiveDateTime, Offset, TimeZone, Utc};

use super::format::{local_date_time, utc_offset};
use super::writer::ContentLine;
use crate::schedule::ScheduleError;
use crate::time::{Zone, ZoneOffset};

/// The longest span, in days, a generated VTIMEZONE covers (events plus margins). Beyond it,
/// rendering a zoned calendar gives [`ScheduleError::IcalSpanTooLong`]; UTC calendars have
/// no such limit.
pub const MAX_VTIMEZONE_SPAN_DAYS: i64 = 3660;

/// Days added before the first and after the last event of a zone when generating its
/// VTIMEZONE.
pub const VTIMEZONE_MARGIN_DAYS: i64 = 7;

/// The sampling step of the transition search: 6 hours.
const SCAN_STEP_SECONDS: i64 = 21_600;

/// A change of a zone's UTC offset, DST share or abbreviation.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ZoneTransition {
    /// The first instant of the new observance.
    pub at: DateTime<Utc>,
    /// The UTC offset before, in seconds east of UTC.
    pub offset_before: i32,
    /// The UTC offset from `at` on, in seconds east of UTC.
    pub offset_after: i32,
    /// Whether the new observance is daylight-saving time (a positive DST share).
    pub daylight_after: bool,
    /// The tz database's abbreviation of the new observance (`BST`, `EST`, `+0545`).
    pub abbreviation_after: String,
}

impl ZoneTransition {
    /// The wall-clock time at which the change happens, read on the clock before it: the
    /// `DTSTART` of the VTIMEZONE sub-component.
    pub fn local_onset(&self) -> NaiveDateTime {
        self.at.naive_utc() + Duration::seconds(i64::from(self.offset_before))
    }
}

/// The transitions of `zone` in `(from, to]`, in time order, found by bounded search.
///
/// Gives [`ScheduleError::IcalSpanTooLong`] when `to - from` exceeds
/// [`MAX_VTIMEZONE_SPAN_DAYS`]; an empty list when `to <= from`.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use watchstander::schedule::ical::zone_transitions;
/// use watchstander::time::Zone;
///
/// let lord_howe = Zone::parse("Australia/Lord_Howe")?;
/// let from = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
/// let to = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap();
/// let changes = zone_transitions(lord_howe, from, to)?;
/// // Daylight time ends on 5 April (02:00 → 01:30) and starts on 4 October (02:00 → 02:30).
/// assert_eq!(changes.len(), 2);
/// assert_eq!(changes[1].at, Utc.with_ymd_and_hms(2026, 10, 3, 15, 30, 0).unwrap());
/// assert_eq!(changes[1].local_onset().to_string(), "2026-10-04 02:00:00");
/// assert_eq!((changes[1].offset_before, changes[1].offset_after), (37_800, 39_600));
/// # Ok::<(), watchstander::Error>(())
/// ```
pub fn zone_transitions(
    zone: Zone,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<ZoneTransition>, ScheduleError> {
    if to - from > Duration::days(MAX_VTIMEZONE_SPAN_DAYS) {
        return Err(ScheduleError::IcalSpanTooLong {
            zone: zone.name().to_string(),
            from: from.to_rfc3339(),
            to: to.to_rfc3339(),
            limit_days: MAX_VTIMEZONE_SPAN_DAYS,
        });
    }
    let observance = |seconds: i64| -> Result<ZoneOffset, ScheduleError> {
        let t = DateTime::<Utc>::from_timestamp(seconds, 0).ok_or_else(|| {
            ScheduleError::IcalDateOutOfRange {
                what: format!("the VTIMEZONE span of {}", zone.name()),
                instant: format!("{seconds} seconds after 1970-01-01T00:00:00Z"),
            }
        })?;
        Ok(zone.offset_from_utc_datetime(&t.naive_utc()))
    };
    let end = to.timestamp();
    let mut cursor = from.timestamp();
    let mut current = observance(cursor)?;
    let mut found = Vec::new();
    // Each pass moves `cursor` forward, by a whole step or to the transition found inside
    // it, and never past `end`; so there are at most as many passes as steps in the span
    // plus transitions in it (and transitions are months apart).
    while cursor < end {
        let next = cursor.saturating_add(SCAN_STEP_SECONDS).min(end);
        if observance(next)? == current {
            cursor = next;
            continue;
        }
        // Invariant: observance(lo) == current != observance(hi). Halving a step of
        // 21 600 s reaches one second in 15 passes.
        let (mut lo, mut hi) = (cursor, next);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if observance(mid)? == current {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        let after = observance(hi)?;
        found.push(ZoneTransition {
            at: DateTime::<Utc>::from_timestamp(hi, 0).unwrap_or(to),
            offset_before: total_offset(&current),
            offset_after: total_offset(&after),
            daylight_after: is_daylight(&after),
            abbreviation_after: abbreviation(&after),
        });
        cursor = hi;
        current = after;
    }
    Ok(found)
}

/// Renders the VTIMEZONE of `zone` covering the events between `first` (earliest start) and
/// `last` (latest end), as folded CRLF lines.
///
/// # How the component is built
///
/// chrono-tz does not list a zone's transitions, so they are found by a bounded search: the
/// UTC offset, DST share and abbreviation are sampled every 6 hours across the span, and each
/// step where they differ is bisected down to the second of the transition. No two
/// transitions of any zone in the tz database are closer than that in the years iCalendar
/// exports cover.
///
/// The span is the events written in the zone plus [`VTIMEZONE_MARGIN_DAYS`] on each side,
/// from a UTC midnight; it may be at most [`MAX_VTIMEZONE_SPAN_DAYS`] long. The component
/// then lists, in time order:
///
/// 1. the observance in force at the start of the span: `DTSTART` the local time there,
///    `TZOFFSETFROM` = `TZOFFSETTO` = its offset (so no parser ever has to guess the offset
///    of an event before the first transition);
/// 2. one `STANDARD` or `DAYLIGHT` sub-component per transition in the span (`DAYLIGHT` when
///    the new observance has a positive DST share). Its `DTSTART` is the wall-clock time
///    just before the transition, read with the offset before it (RFC 5545: "the effective
///    onset date and local time"), so New York's spring change is `DTSTART:20260308T020000`
///    with `TZOFFSETFROM:-0500`, and its autumn change `DTSTART:20261101T020000` with
///    `TZOFFSETFROM:-0400`. `TZNAME` is the tz database's abbreviation (`EDT`, `GMT`,
///    `+1030`).
///
/// Each transition is listed as a single dated onset, without RRULE: a rule cannot describe
/// the years in which a zone changed its rules, and explicit onsets read the same in every
/// parser. Zones without transitions in the span (Asia/Kathmandu, UTC+5:45 since 1986) get
/// just the first sub-component.
///
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use watchstander::schedule::ical::render_vtimezone;
/// use watchstander::time::Zone;
///
/// let kathmandu = Zone::parse("Asia/Kathmandu")?;
/// let t = Utc.with_ymd_and_hms(2026, 6, 1, 3, 15, 0).unwrap();
/// let vtz = render_vtimezone(kathmandu, t, t)?;
/// assert_eq!(vtz, "BEGIN:VTIMEZONE\r\nTZID:Asia/Kathmandu\r\nBEGIN:STANDARD\r\n\
///     DTSTART:20260525T054500\r\nTZOFFSETFROM:+0545\r\nTZOFFSETTO:+0545\r\nTZNAME:+0545\r\n\
///     END:STANDARD\r\nEND:VTIMEZONE\r\n");
/// # Ok::<(), watchstander::Error>(())
/// ```
pub fn render_vtimezone(
    zone: Zone,
    first: DateTime<Utc>,
    last: DateTime<Utc>,
) -> Result<String, ScheduleError> {
    let out_of_range = |what: &str, t: DateTime<Utc>| ScheduleError::IcalDateOutOfRange {
        what: format!("{what} of the VTIMEZONE span of {}", zone.name()),
        instant: t.to_rfc3339(),
    };
    let margin = Duration::days(VTIMEZONE_MARGIN_DAYS);
    let from = first
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .map(|midnight| Utc.from_utc_datetime(&midnight))
        .and_then(|midnight| midnight.checked_sub_signed(margin))
        .ok_or_else(|| out_of_range("start", first))?;
    let to = last
        .checked_add_signed(margin)
        .ok_or_else(|| out_of_range("end", last))?;
    let transitions = zone_transitions(zone, from, to)?;

    let mut out = String::new();
    let line = |out: &mut String, line: ContentLine| line.write_to(out);
    line(&mut out, ContentLine::raw("BEGIN", "VTIMEZONE")?);
    line(&mut out, ContentLine::text("TZID", zone.name())?);
    let initial = zone.offset_from_utc_datetime(&from.naive_utc());
    let initial_offset = total_offset(&initial);
    write_observance(
        &mut out,
        zone,
        is_daylight(&initial),
        from.naive_utc() + Duration::seconds(i64::from(initial_offset)),
        initial_offset,
        initial_offset,
        &abbreviation(&initial),
    )?;
    for t in &transitions {
        write_observance(
            &mut out,
            zone,
            t.daylight_after,
            t.local_onset(),
            t.offset_before,
            t.offset_after,
            &t.abbreviation_after,
        )?;
    }
    line(&mut out, ContentLine::raw("END", "VTIMEZONE")?);
    Ok(out)
}

fn write_observance(
    out: &mut String,
    zone: Zone,
    daylight: bool,
    onset: NaiveDateTime,
    from: i32,
    to: i32,
    name: &str,
) -> Result<(), ScheduleError> {
    let kind = if daylight { "DAYLIGHT" } else { "STANDARD" };
    let what = format!("a {kind} onset in the VTIMEZONE of {}", zone.name());
    ContentLine::raw("BEGIN", kind)?.write_to(out);
    ContentLine::raw("DTSTART", local_date_time(onset, &what)?)?.write_to(out);
    ContentLine::raw("TZOFFSETFROM", utc_offset(from))?.write_to(out);
    ContentLine::raw("TZOFFSETTO", utc_offset(to))?.write_to(out);
    ContentLine::text("TZNAME", name)?.write_to(out);
    ContentLine::raw("END", kind)?.write_to(out);
    Ok(())
}

/// The tz database's abbreviation. Zones without a letter abbreviation have a numeric one
/// (`+0545`, `+11`, `-01`), which chrono-tz leaves out; it is rebuilt here as the tz database
/// writes it: sign, hours, then minutes only when not zero. (Numeric abbreviations never
/// carry seconds: offsets with seconds are local mean times, which are named `LMT`.)
fn abbreviation(offset: &ZoneOffset) -> String {
    if let Some(name) = offset.abbreviation() {
        return name.to_string();
    }
    let total = total_offset(offset);
    let sign = if total < 0 { '-' } else { '+' };
    let abs = total.unsigned_abs();
    let (h, m) = (abs / 3600, abs / 60 % 60);
    if m == 0 {
        format!("{sign}{h:02}")
    } else {
        format!("{sign}{h:02}{m:02}")
    }
}

fn total_offset(offset: &ZoneOffset) -> i32 {
    offset.fix().local_minus_utc()
}

fn is_daylight(offset: &ZoneOffset) -> bool {
    offset.is_dst()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
    }

    fn year_2026(zone: &str) -> Vec<ZoneTransition> {
        zone_transitions(
            Zone::parse(zone).unwrap(),
            utc(2026, 1, 1, 0, 0),
            utc(2027, 1, 1, 0, 0),
        )
        .unwrap()
    }

    /// (transition instant, local onset, offset before, offset after, daylight, abbreviation)
    fn summary(t: &ZoneTransition) -> (String, String, String, String, bool, String) {
        (
            t.at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            t.local_onset().format("%Y%m%dT%H%M%S").to_string(),
            utc_offset(t.offset_before),
            utc_offset(t.offset_after),
            t.daylight_after,
            t.abbreviation_after.clone(),
        )
    }

    fn expect(zone: &str, expected: &[(&str, &str, &str, &str, bool, &str)]) {
        let got: Vec<_> = year_2026(zone).iter().map(summary).collect();
        let want: Vec<_> = expected
            .iter()
            .map(|&(a, b, c, d, e, f)| {
                (
                    a.to_string(),
                    b.to_string(),
                    c.to_string(),
                    d.to_string(),
                    e,
                    f.to_string(),
                )
            })
            .collect();
        assert_eq!(got, want, "{zone}");
    }

    // Expected values: the EU, US, Australian, New Zealand and Canadian DST rules for 2026
    // (last Sunday of March/October at 01:00 UTC; second Sunday of March / first Sunday of
    // November at 02:00 local; first Sunday of April/October; last Sunday of September),
    // worked out by hand.
    #[test]
    fn london_changes_at_one_utc() {
        expect(
            "Europe/London",
            &[
                (
                    "2026-03-29T01:00:00Z",
                    "20260329T010000",
                    "+0000",
                    "+0100",
                    true,
                    "BST",
                ),
                (
                    "2026-10-25T01:00:00Z",
                    "20261025T020000",
                    "+0100",
                    "+0000",
                    false,
                    "GMT",
                ),
            ],
        );
    }

    #[test]
    fn new_york_changes_at_two_local() {
        expect(
            "America/New_York",
            &[
                (
                    "2026-03-08T07:00:00Z",
                    "20260308T020000",
                    "-0500",
                    "-0400",
                    true,
                    "EDT",
                ),
                (
                    "2026-11-01T06:00:00Z",
                    "20261101T020000",
                    "-0400",
                    "-0500",
                    false,
                    "EST",
                ),
            ],
        );
    }

    #[test]
    fn lord_howe_moves_by_thirty_minutes() {
        expect(
            "Australia/Lord_Howe",
            &[
                (
                    "2026-04-04T15:00:00Z",
                    "20260405T020000",
                    "+1100",
                    "+1030",
                    false,
                    "+1030",
                ),
                (
                    "2026-10-03T15:30:00Z",
                    "20261004T020000",
                    "+1030",
                    "+1100",
                    true,
                    "+11",
                ),
            ],
        );
    }

    #[test]
    fn chatham_keeps_its_45_minutes() {
        expect(
            "Pacific/Chatham",
            &[
                (
                    "2026-04-04T14:00:00Z",
                    "20260405T034500",
                    "+1345",
                    "+1245",
                    false,
                    "+1245",
                ),
                (
                    "2026-09-26T14:00:00Z",
                    "20260927T024500",
                    "+1245",
                    "+1345",
                    true,
                    "+1345",
                ),
            ],
        );
    }

    #[test]
    fn sydney_is_on_daylight_time_at_new_year() {
        expect(
            "Australia/Sydney",
            &[
                (
                    "2026-04-04T16:00:00Z",
                    "20260405T030000",
                    "+1100",
                    "+1000",
                    false,
                    "AEST",
                ),
                (
                    "2026-10-03T16:00:00Z",
                    "20261004T020000",
                    "+1000",
                    "+1100",
                    true,
                    "AEDT",
                ),
            ],
        );
    }

    #[test]
    fn st_johns_moves_by_an_hour_from_minus_three_thirty() {
        expect(
            "America/St_Johns",
            &[
                (
                    "2026-03-08T05:30:00Z",
                    "20260308T020000",
                    "-0330",
                    "-0230",
                    true,
                    "NDT",
                ),
                (
                    "2026-11-01T04:30:00Z",
                    "20261101T020000",
                    "-0230",
                    "-0330",
                    false,
                    "NST",
                ),
            ],
        );
    }

    #[test]
    fn azores_numeric_abbreviations_keep_their_sign() {
        // The Azores keep EU transition instants at -01 in winter and +00 in summer.
        expect(
            "Atlantic/Azores",
            &[
                (
                    "2026-03-29T01:00:00Z",
                    "20260329T000000",
                    "-0100",
                    "+0000",
                    true,
                    "+00",
                ),
                (
                    "2026-10-25T01:00:00Z",
                    "20261025T010000",
                    "+0000",
                    "-0100",
                    false,
                    "-01",
                ),
            ],
        );
    }

    #[test]
    fn dublin_offsets_are_right_whatever_the_sign_of_its_dst() {
        // The tz database models Irish winter time as negative DST; only offsets matter to
        // parsers, and they are the same as London's.
        let got: Vec<_> = year_2026("Europe/Dublin")
            .iter()
            .map(|t| {
                let (at, onset, before, after, _, _) = summary(t);
                (at, onset, before, after)
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "2026-03-29T01:00:00Z".into(),
                    "20260329T010000".into(),
                    "+0000".into(),
                    "+0100".into()
                ),
                (
                    "2026-10-25T01:00:00Z".into(),
                    "20261025T020000".into(),
                    "+0100".into(),
                    "+0000".into()
                ),
            ]
        );
    }

    #[test]
    fn kathmandu_and_utc_have_no_transitions() {
        assert!(year_2026("Asia/Kathmandu").is_empty());
        assert!(year_2026("UTC").is_empty());
    }

    #[test]
    fn the_search_window_is_half_open() {
        let london = Zone::parse("Europe/London").unwrap();
        let at = utc(2026, 3, 29, 1, 0);
        let one = Duration::seconds(1);
        assert_eq!(zone_transitions(london, at - one, at).unwrap().len(), 1);
        assert!(zone_transitions(london, at, at + one).unwrap().is_empty());
        assert!(zone_transitions(london, at, at - one).unwrap().is_empty());
    }

    #[test]
    fn a_window_shorter_than_a_step_finds_the_transition_to_the_second() {
        // The scan's first sample is the window's end.
        let london = Zone::parse("Europe/London").unwrap();
        let found =
            zone_transitions(london, utc(2026, 3, 29, 0, 59), utc(2026, 3, 29, 1, 1)).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].at, utc(2026, 3, 29, 1, 0));
    }

    #[test]
    fn spans_longer_than_the_limit_are_refused() {
        let ny = Zone::parse("America/New_York").unwrap();
        let from = utc(2026, 1, 1, 0, 0);
        let ok = from + Duration::days(MAX_VTIMEZONE_SPAN_DAYS);
        assert_eq!(zone_transitions(ny, from, ok).unwrap().len(), 20);
        let err = zone_transitions(ny, from, ok + Duration::seconds(1)).unwrap_err();
        assert_eq!(err.code(), "ical_span_too_long");
        assert!(err.to_string().contains("America/New_York"));
    }

    #[test]
    fn vtimezone_starts_with_the_observance_in_force_then_lists_each_onset() {
        let ny = Zone::parse("America/New_York").unwrap();
        let vtz = render_vtimezone(ny, utc(2026, 3, 10, 14, 0), utc(2026, 11, 2, 22, 0)).unwrap();
        let expected = [
            "BEGIN:VTIMEZONE",
            "TZID:America/New_York",
            // 2026-03-03T00:00Z (a week before the first event, from midnight) is 19:00 EST.
            "BEGIN:STANDARD",
            "DTSTART:20260302T190000",
            "TZOFFSETFROM:-0500",
            "TZOFFSETTO:-0500",
            "TZNAME:EST",
            "END:STANDARD",
            "BEGIN:DAYLIGHT",
            "DTSTART:20260308T020000",
            "TZOFFSETFROM:-0500",
            "TZOFFSETTO:-0400",
            "TZNAME:EDT",
            "END:DAYLIGHT",
            "BEGIN:STANDARD",
            "DTSTART:20261101T020000",
            "TZOFFSETFROM:-0400",
            "TZOFFSETTO:-0500",
            "TZNAME:EST",
            "END:STANDARD",
            "END:VTIMEZONE",
        ];
        assert_eq!(vtz, format!("{}\r\n", expected.join("\r\n")));
    }

    #[test]
    fn a_southern_zone_starts_in_daylight_time() {
        let sydney = Zone::parse("Australia/Sydney").unwrap();
        let vtz = render_vtimezone(sydney, utc(2026, 1, 20, 0, 0), utc(2026, 1, 21, 0, 0)).unwrap();
        assert!(vtz.starts_with(
            "BEGIN:VTIMEZONE\r\nTZID:Australia/Sydney\r\nBEGIN:DAYLIGHT\r\n\
             DTSTART:20260113T110000\r\nTZOFFSETFROM:+1100\r\nTZOFFSETTO:+1100\r\nTZNAME:AEDT\r\n"
        ));
        assert_eq!(vtz.matches("BEGIN:DAYLIGHT").count(), 1);
        assert_eq!(vtz.matches("BEGIN:STANDARD").count(), 0);
    }

    #[test]
    fn margins_reach_a_transition_a_week_away() {
        let london = Zone::parse("Europe/London").unwrap();
        // Six days after the spring change: the margin includes it.
        let near =
            render_vtimezone(london, utc(2026, 4, 4, 12, 0), utc(2026, 4, 4, 13, 0)).unwrap();
        assert!(near.contains("DTSTART:20260329T010000"));
        // Eight days after: it does not.
        let far = render_vtimezone(london, utc(2026, 4, 6, 12, 0), utc(2026, 4, 6, 13, 0)).unwrap();
        assert!(!far.contains("DTSTART:20260329T010000"));
        assert!(far.contains("BEGIN:DAYLIGHT\r\nDTSTART:20260330T010000\r\nTZOFFSETFROM:+0100"));
    }
}
