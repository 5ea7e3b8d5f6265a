//! `time.*` operations.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Op, Operation};
use crate::time::{
    add_wall_clock, BusinessCalendar, CalendarUnit, Disambiguation, IsoDuration, LocalAdjustment,
    MonthEndClamp, Recurrence, ResolvedLocal, TimeError, TzdbInfo, Zone, ZoneSource,
};
use crate::Error;

pub(super) const OPERATIONS: &[Operation] = &[
    Operation::of::<ResolveLocal>(),
    Operation::of::<ToLocal>(),
    Operation::of::<Add>(),
    Operation::of::<ParseDuration>(),
    Operation::of::<RecurrenceOp>(),
    Operation::of::<BusinessAdd>(),
    Operation::of::<BusinessBetween>(),
    Operation::of::<NextBusinessInstant>(),
    Operation::of::<IsBusinessTime>(),
    Operation::of::<Tzdb>(),
    Operation::of::<Zones>(),
];

fn offset_string(zone: Zone, t: DateTime<Utc>) -> String {
    zone.offset_at(t).to_string()
}

/// A local wall-clock time in a zone.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct ResolveLocalInput {
    /// IANA zone name, e.g. `America/New_York`.
    zone: Zone,
    /// Local date-time without offset, e.g. `2026-03-08T02:30:00`.
    local: NaiveDateTime,
    /// What to do when the local time falls in a DST gap or fold (default `compatible`).
    #[serde(default)]
    disambiguation: Disambiguation,
}

/// The instant a local time names, and what DST did to it.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct ResolveLocalOutput {
    #[serde(flatten)]
    resolved: ResolvedLocal,
    /// UTC offset at the instant, e.g. `-04:00`.
    offset: String,
    /// The tz database the zone's rules come from.
    tzdb: TzdbInfo,
}

pub(crate) struct ResolveLocal;
impl Op for ResolveLocal {
    const NAME: &'static str = "time.resolve_local";
    const SUMMARY: &'static str =
        "local wall-clock time in a zone → instant, with the DST adjustment made";
    const DOC: &'static str = "Turns a local wall-clock time into an instant in the zone. A time \
        in a DST gap (02:30 on spring-forward night in New York) or fold (01:30 on fall-back \
        night) is resolved by `disambiguation`: `compatible` (gap: forward by the gap length; \
        fold: the first occurrence — RFC 5545's reading), `earlier`, `later`, `end_of_gap` or \
        `reject` (a typed error). `adjustment` says what was done.";
    const EXAMPLE: &'static str = r#"{"zone": "America/New_York", "local": "2026-03-08T02:30:00"}"#;
    type Input = ResolveLocalInput;
    type Output = ResolveLocalOutput;
    fn run(i: ResolveLocalInput) -> Result<ResolveLocalOutput, Error> {
        let resolved = i.zone.resolve_local(i.local, i.disambiguation)?;
        Ok(ResolveLocalOutput {
            offset: offset_string(i.zone, resolved.instant),
            resolved,
            tzdb: i.zone.tzdb(),
        })
    }
}

/// An instant to read on a zone's wall clock.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct ToLocalInput {
    /// IANA zone name.
    zone: Zone,
    /// The instant.
    instant: DateTime<Utc>,
}

/// An instant on a zone's wall clock.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct ToLocalOutput {
    /// The zone.
    zone: Zone,
    /// Local date-time.
    local: NaiveDateTime,
    /// UTC offset, e.g. `+01:00`.
    offset: String,
    /// The tz database the zone's rules come from.
    tzdb: TzdbInfo,
}

pub(crate) struct ToLocal;
impl Op for ToLocal {
    const NAME: &'static str = "time.to_local";
    const SUMMARY: &'static str = "instant → local wall-clock time and UTC offset in a zone";
    const DOC: &'static str = "Reads an instant on the wall clock of a zone: the local date-time \
        and the UTC offset in force at that instant.";
    const EXAMPLE: &'static str = r#"{"zone": "Europe/London", "instant": "2026-07-01T12:00:00Z"}"#;
    type Input = ToLocalInput;
    type Output = ToLocalOutput;
    fn run(i: ToLocalInput) -> Result<ToLocalOutput, Error> {
        Ok(ToLocalOutput {
            zone: i.zone,
            local: i.zone.to_local(i.instant),
            offset: offset_string(i.zone, i.instant),
            tzdb: i.zone.tzdb(),
        })
    }
}

/// Wall-clock arithmetic in a zone.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct AddInput {
    /// IANA zone name whose wall clock the arithmetic follows.
    zone: Zone,
    /// The instant to start from.
    start: DateTime<Utc>,
    /// How many units to add (negative to subtract).
    amount: i64,
    /// The unit.
    unit: CalendarUnit,
    /// DST policy for a result that falls in a gap or fold (default `compatible`).
    #[serde(default)]
    disambiguation: Disambiguation,
}

/// The sum, with what month ends and DST did to it.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct AddOutput {
    /// The resulting instant.
    instant: DateTime<Utc>,
    /// The local wall-clock time before DST resolution.
    local: NaiveDateTime,
    /// Set when a month or year step clamped the day of month.
    clamped: Option<MonthEndClamp>,
    /// What DST resolution did to `local`.
    adjustment: LocalAdjustment,
    /// UTC offset at the result.
    offset: String,
    /// Real seconds between `start` and the result (23 h for a day across spring-forward).
    elapsed_seconds: i64,
}

pub(crate) struct Add;
impl Op for Add {
    const NAME: &'static str = "time.add";
    const SUMMARY: &'static str =
        "add minutes/hours/days/weeks/months/years of wall-clock time in a zone";
    const DOC: &'static str = "Adds wall-clock time: the local time is kept, so a day across a \
        DST change is 23 or 25 real hours and `elapsed_seconds` says which. Months and years \
        clamp to the end of shorter months (31 January + 1 month = 28 February) and say so in \
        `clamped`. Results stay within the years 1 to 9999.";
    const EXAMPLE: &'static str = r#"{"zone": "Europe/London", "start": "2026-03-28T09:00:00Z", "amount": 1, "unit": "days"}"#;
    type Input = AddInput;
    type Output = AddOutput;
    fn run(i: AddInput) -> Result<AddOutput, Error> {
        let r = add_wall_clock(i.start, i.zone, i.amount, i.unit, i.disambiguation)?;
        Ok(AddOutput {
            instant: r.instant,
            local: r.local,
            clamped: r.clamped,
            adjustment: r.adjustment,
            offset: offset_string(i.zone, r.instant),
            elapsed_seconds: (r.instant - i.start).num_seconds(),
        })
    }
}

/// An ISO 8601 duration to parse.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct ParseDurationInput {
    /// e.g. `PT15M`, `P1D`, `P1Y2M`, `-PT30S`.
    duration: String,
}

/// The parts of an ISO 8601 duration.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct ParseDurationOutput {
    /// Canonical ISO 8601 text.
    canonical: String,
    /// A leading `-`.
    negative: bool,
    /// Years.
    years: u32,
    /// Months.
    months: u32,
    /// Weeks.
    weeks: u32,
    /// Days (calendar days: 23 to 25 hours across DST).
    days: u32,
    /// Hours.
    hours: u32,
    /// Minutes.
    minutes: u32,
    /// Whole seconds.
    seconds: u32,
    /// Nanoseconds.
    nanos: u32,
    /// Length in seconds when it has no calendar units (years, months, weeks, days), else null.
    fixed_seconds: Option<i64>,
}

pub(crate) struct ParseDuration;
impl Op for ParseDuration {
    const NAME: &'static str = "time.parse_duration";
    const SUMMARY: &'static str = "parse an ISO 8601 duration; canonical form and fixed length";
    const DOC: &'static str = "Parses an ISO 8601 duration (`PnYnMnWnDTnHnMnS`, with an \
        optional sign). Days, weeks, months and years are calendar units whose real length \
        depends on where they are added, so `fixed_seconds` is only given without them.";
    const EXAMPLE: &'static str = r#"{"duration": "PT1H30M"}"#;
    type Input = ParseDurationInput;
    type Output = ParseDurationOutput;
    fn run(i: ParseDurationInput) -> Result<ParseDurationOutput, Error> {
        let d: IsoDuration = i.duration.parse()?;
        Ok(ParseDurationOutput {
            canonical: d.to_string(),
            negative: d.negative,
            years: d.years,
            months: d.months,
            weeks: d.weeks,
            days: d.days,
            hours: d.hours,
            minutes: d.minutes,
            seconds: d.seconds,
            nanos: d.nanos,
            fixed_seconds: d.to_fixed().ok().map(|f| f.num_seconds()),
        })
    }
}

/// An RRULE to expand in a window.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct RecurrenceInput {
    /// RFC 5545 text with a zoned DTSTART, e.g.
    /// `DTSTART;TZID=Europe/London:20260105T090000\nRRULE:FREQ=WEEKLY;BYDAY=MO`.
    rrule: String,
    /// Window start (inclusive).
    start: DateTime<Utc>,
    /// Window end (exclusive).
    end: DateTime<Utc>,
    /// At most this many occurrences (default 1000, at most 65,535; 0 gives none).
    #[serde(default = "default_limit")]
    limit: usize,
    /// DST policy for occurrences in a gap or fold (default `compatible`).
    #[serde(default)]
    disambiguation: Disambiguation,
}

fn default_limit() -> usize {
    1000
}

/// One occurrence of a recurrence.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct Occurrence {
    /// The instant.
    instant: DateTime<Utc>,
    /// The local occurrence the rule produced.
    local: NaiveDateTime,
    /// UTC offset at the instant.
    offset: String,
    /// What DST resolution did.
    adjustment: LocalAdjustment,
}

/// The occurrences of a rule in a window.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct RecurrenceOutput {
    /// The zone of the rule's DTSTART.
    zone: Zone,
    /// Occurrences in order.
    occurrences: Vec<Occurrence>,
}

pub(crate) struct RecurrenceOp;
impl Op for RecurrenceOp {
    const NAME: &'static str = "time.recurrence";
    const SUMMARY: &'static str = "expand an RRULE with a zoned DTSTART in a window, DST-resolved";
    const DOC: &'static str = "Expands an RFC 5545 recurrence on the local wall clock of its \
        DTSTART's zone and resolves each occurrence to an instant with the DST policy. An \
        occurrence in a gap is moved (never dropped, unlike a strict RFC 5545 reading); two \
        occurrences that land on one instant are reported once. A floating DTSTART (no TZID and \
        no `Z`) is refused: it would mean the host's zone.";
    const EXAMPLE: &'static str = r#"{"rrule": "DTSTART;TZID=America/New_York:20260301T023000\nRRULE:FREQ=DAILY", "start": "2026-03-07T00:00:00Z", "end": "2026-03-10T00:00:00Z"}"#;
    type Input = RecurrenceInput;
    type Output = RecurrenceOutput;
    fn run(i: RecurrenceInput) -> Result<RecurrenceOutput, Error> {
        if i.end < i.start {
            return Err(TimeError::ReversedInterval {
                start: crate::time::format_instant(i.start),
                end: crate::time::format_instant(i.end),
            }
            .into());
        }
        let r = Recurrence::parse(&i.rrule)?;
        let zone = r.zone();
        // Local bounds wide enough to cover the window whatever the offsets (no zone's offset
        // jumps by a day); occurrences are filtered on their instants, lazily, so the look-back
        // never uses up the limit.
        let from_local = zone.to_local(i.start) - chrono::Duration::days(1);
        let to_local = zone.to_local(i.end) + chrono::Duration::days(1);
        let limit = i.limit.min(crate::time::MAX_OCCURRENCES);
        let mut out: Vec<Occurrence> = Vec::new();
        let mut failure = None;
        if limit > 0 {
            r.for_each_local(from_local, to_local, |local| {
                let resolved = match zone.resolve_local(local, i.disambiguation) {
                    Ok(r) => r,
                    Err(e) => {
                        failure = Some(e);
                        return std::ops::ControlFlow::Break(());
                    }
                };
                // Two local occurrences can meet at one instant when a gap moves one onto the
                // next (HOURLY 02:00 → 03:00 on spring-forward night); a set of instants keeps
                // one.
                let duplicate = out.last().is_some_and(|o| o.instant == resolved.instant);
                // (Not a stop: a time moved forward out of a gap can pass a later one.)
                if resolved.instant >= i.start && resolved.instant < i.end && !duplicate {
                    out.push(Occurrence {
                        instant: resolved.instant,
                        local,
                        offset: offset_string(zone, resolved.instant),
                        adjustment: resolved.adjustment,
                    });
                    if out.len() >= limit {
                        return std::ops::ControlFlow::Break(());
                    }
                }
                std::ops::ControlFlow::Continue(())
            })?;
        }
        if let Some(e) = failure {
            return Err(e.into());
        }
        Ok(RecurrenceOutput {
            zone,
            occurrences: out,
        })
    }
}

/// Business-time arithmetic on a calendar.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct BusinessAddInput {
    /// The business calendar (working hours per weekday in a zone, holidays).
    calendar: BusinessCalendar,
    /// Where to start.
    start: DateTime<Utc>,
    /// Business time to add: `PT4H` is four working hours, `P1D` one business day.
    duration: IsoDuration,
}

/// An instant, and its local time on the calendar's zone.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct BusinessInstant {
    /// The instant.
    instant: DateTime<Utc>,
    /// Its local time in the calendar's zone.
    local: NaiveDateTime,
}

pub(crate) struct BusinessAdd;
impl Op for BusinessAdd {
    const NAME: &'static str = "time.business_add";
    const SUMMARY: &'static str = "add an ISO duration of business time (P1D = one business day)";
    const DOC: &'static str = "Adds business time. Hours and minutes count working time only; \
        `P1D` is one business day: the same local time on the next business day, or the close \
        of business when the start is outside working hours (so a ticket opened on Friday \
        evening is due at the close of Monday).";
    const EXAMPLE: &'static str = r#"{"calendar": {"zone": "America/New_York", "hours": {"mon": ["09:00-17:00"], "tue": ["09:00-17:00"], "wed": ["09:00-17:00"], "thu": ["09:00-17:00"], "fri": ["09:00-17:00"]}}, "start": "2026-11-27T20:00:00Z", "duration": "PT4H"}"#;
    type Input = BusinessAddInput;
    type Output = BusinessInstant;
    fn run(i: BusinessAddInput) -> Result<BusinessInstant, Error> {
        let t = i.calendar.add_duration(i.start, &i.duration)?;
        Ok(BusinessInstant {
            instant: t,
            local: i.calendar.zone().to_local(t),
        })
    }
}

/// Two instants on a calendar.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct BusinessBetweenInput {
    /// The business calendar.
    calendar: BusinessCalendar,
    /// From.
    start: DateTime<Utc>,
    /// To (before `start` gives zero).
    end: DateTime<Utc>,
}

/// Business time between two instants.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct BusinessBetweenOutput {
    /// Seconds of business time.
    seconds: i64,
    /// The same as an ISO 8601 duration.
    duration: IsoDuration,
}

pub(crate) struct BusinessBetween;
impl Op for BusinessBetween {
    const NAME: &'static str = "time.business_between";
    const SUMMARY: &'static str = "business time between two instants";
    const DOC: &'static str = "Counts the working time between two instants, in the calendar's \
        zone: local working hours, so a Friday-to-Monday span across spring-forward counts the \
        same eight hours as any other week.";
    const EXAMPLE: &'static str = r#"{"calendar": {"zone": "UTC", "hours": {"mon": ["09:00-17:00"], "fri": ["09:00-17:00"]}}, "start": "2026-11-27T15:00:00Z", "end": "2026-11-30T11:00:00Z"}"#;
    type Input = BusinessBetweenInput;
    type Output = BusinessBetweenOutput;
    fn run(i: BusinessBetweenInput) -> Result<BusinessBetweenOutput, Error> {
        let d = i.calendar.business_time_between(i.start, i.end)?;
        Ok(BusinessBetweenOutput {
            seconds: d.num_seconds(),
            duration: IsoDuration::from_fixed(d)?,
        })
    }
}

/// An instant on a calendar.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct AtCalendarInput {
    /// The business calendar.
    calendar: BusinessCalendar,
    /// The instant.
    at: DateTime<Utc>,
}

pub(crate) struct NextBusinessInstant;
impl Op for NextBusinessInstant {
    const NAME: &'static str = "time.next_business_instant";
    const SUMMARY: &'static str = "first business instant at or after an instant";
    const DOC: &'static str = "The first instant at or after `at` inside working hours that is \
        not a holiday: `at` itself during working hours, else the next opening.";
    const EXAMPLE: &'static str = r#"{"calendar": {"zone": "UTC", "hours": {"mon": ["09:00-17:00"]}}, "at": "2026-11-28T12:00:00Z"}"#;
    type Input = AtCalendarInput;
    type Output = BusinessInstant;
    fn run(i: AtCalendarInput) -> Result<BusinessInstant, Error> {
        let t = i.calendar.next_business_instant(i.at)?;
        Ok(BusinessInstant {
            instant: t,
            local: i.calendar.zone().to_local(t),
        })
    }
}

/// Whether an instant is business time.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct IsBusinessTimeOutput {
    /// Inside working hours and not a holiday.
    business: bool,
    /// The holiday's name when the local date is (part of) a holiday (empty when unnamed).
    holiday: Option<String>,
}

pub(crate) struct IsBusinessTime;
impl Op for IsBusinessTime {
    const NAME: &'static str = "time.is_business_time";
    const SUMMARY: &'static str = "whether an instant is inside business hours";
    const DOC: &'static str = "Whether `at` falls inside the calendar's working hours (start \
        inclusive, end exclusive) and outside its holidays, and which holiday the local date is.";
    const EXAMPLE: &'static str = r#"{"calendar": {"zone": "UTC", "hours": {"mon": ["09:00-17:00"]}}, "at": "2026-11-30T10:00:00Z"}"#;
    type Input = AtCalendarInput;
    type Output = IsBusinessTimeOutput;
    fn run(i: AtCalendarInput) -> Result<IsBusinessTimeOutput, Error> {
        let local_date = i.calendar.zone().to_local(i.at).date();
        Ok(IsBusinessTimeOutput {
            business: i.calendar.is_business_time(i.at)?,
            holiday: i
                .calendar
                .holiday_on(local_date)?
                .map(|n| n.unwrap_or_default()),
        })
    }
}

/// No options.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct TzdbInput {}

pub(crate) struct Tzdb;
impl Op for Tzdb {
    const NAME: &'static str = "time.tzdb";
    const SUMMARY: &'static str =
        "the tz database zone names are read from: its release and source";
    const DOC: &'static str = "The tz database release (`2025b`) and source (`bundled`, or the \
        TZif directory the caller chose: `--tzdir` in the CLI, `set_zone_source` in Python, \
        `setZoneSource` in Node) that zone names in inputs are looked up in. A TZif directory's \
        release is read from its `tzdata.zi` or `+VERSION` file (`unknown` when it has neither). \
        See `docs/time.md`, \"Zone sources\".";
    const EXAMPLE: &'static str = r#"{}"#;
    type Input = TzdbInput;
    type Output = TzdbInfo;
    fn run(_: TzdbInput) -> Result<TzdbInfo, Error> {
        Ok(ZoneSource::active().info())
    }
}

/// The zone names of the active zone source.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct ZonesOutput {
    /// The tz database the names come from.
    tzdb: TzdbInfo,
    /// Every zone and link name, sorted; `null` for a TZif directory without a `tzdata.zi` to
    /// list them from (names can still be looked up).
    zones: Option<Vec<String>>,
}

pub(crate) struct Zones;
impl Op for Zones {
    const NAME: &'static str = "time.zones";
    const SUMMARY: &'static str = "every zone name of the active tz database, with its release";
    const DOC: &'static str = "Every IANA zone and link name that inputs may use, sorted, with \
        the release and source of the tz database they come from (as `time.tzdb`). For a TZif \
        directory the names are those its `tzdata.zi` lists.";
    const EXAMPLE: &'static str = r#"{}"#;
    type Input = TzdbInput;
    type Output = ZonesOutput;
    fn run(_: TzdbInput) -> Result<ZonesOutput, Error> {
        let source = ZoneSource::active();
        Ok(ZonesOutput {
            tzdb: source.info(),
            zones: source.zone_names(),
        })
    }
}
