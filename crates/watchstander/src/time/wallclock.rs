//! Wall-clock arithmetic: add hours, days, weeks or months in a zone, keeping local time.

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Disambiguation, LocalAdjustment, TimeError, Zone};

/// A calendar unit for [`add_wall_clock`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CalendarUnit {
    /// Minutes of local wall-clock time.
    Minutes,
    /// Hours of local wall-clock time (an N-hour step keeps the same wall-clock hours across DST).
    Hours,
    /// Local days: same local time on another date (23 h or 25 h across DST).
    Days,
    /// Seven local days.
    Weeks,
    /// Calendar months, clamped to the end of shorter months.
    Months,
    /// Calendar years (twelve months), clamped on 29 February.
    Years,
}

/// A day-of-month that did not exist in the target month and was clamped to its last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MonthEndClamp {
    /// The day of month asked for (29, 30 or 31).
    pub requested_day: u32,
    /// The last day of the target month, which was used instead.
    pub clamped_to_day: u32,
}

/// The result of [`add_wall_clock`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WallClockSum {
    /// The resulting instant.
    pub instant: DateTime<Utc>,
    /// The local wall-clock time before DST resolution.
    pub local: NaiveDateTime,
    /// Set when a month or year step clamped the day of month.
    pub clamped: Option<MonthEndClamp>,
    /// What DST resolution did to `local`.
    pub adjustment: LocalAdjustment,
}

/// Adds `amount` `unit`s of wall-clock time to `start` in `zone`.
///
/// The local time is kept: a day is 23 or 25 hours across a DST change, and `Hours` moves the
/// local clock (01:00 + 1 h on a fall-back night is 02:00 local, two real hours later). A local
/// result that falls in a gap or fold is resolved with `policy`. Months and years clamp to the
/// end of shorter months (31 January + 1 month = 28 or 29 February) and say so.
///
/// ```
/// use watchstander::time::{add_wall_clock, parse_instant, CalendarUnit, Disambiguation, Zone};
///
/// let ny = Zone::parse("America/New_York")?;
/// // 09:00 on the Saturday before spring-forward, plus one day: 09:00 Sunday, 23 h later.
/// let sat = parse_instant("2026-03-07T14:00:00Z")?;
/// let sun = add_wall_clock(sat, ny, 1, CalendarUnit::Days, Disambiguation::Compatible)?;
/// assert_eq!((sun.instant - sat).num_hours(), 23);
///
/// let jan31 = parse_instant("2026-01-31T14:00:00Z")?;
/// let feb = add_wall_clock(jan31, ny, 1, CalendarUnit::Months, Disambiguation::Compatible)?;
/// assert_eq!(ny.to_local(feb.instant).to_string(), "2026-02-28 09:00:00");
/// assert_eq!(feb.clamped.unwrap().requested_day, 31);
/// # Ok::<(), watchstander::time::TimeError>(())
/// ```
pub fn add_wall_clock(
    start: DateTime<Utc>,
    zone: Zone,
    amount: i64,
    unit: CalendarUnit,
    policy: Disambiguation,
) -> Result<WallClockSum, TimeError> {
    let local = zone.to_local(start);
    let (target, clamped) = add_local(local, amount, unit)?;
    let resolved = zone.resolve_local(target, policy)?;
    Ok(WallClockSum {
        instant: resolved.instant,
        local: target,
        clamped,
        adjustment: resolved.adjustment,
    })
}

/// Adds calendar units to a local date-time, with no zone involved.
///
/// Returns the new local time and whether the day of month was clamped.
pub fn add_local(
    local: NaiveDateTime,
    amount: i64,
    unit: CalendarUnit,
) -> Result<(NaiveDateTime, Option<MonthEndClamp>), TimeError> {
    let overflow = || {
        TimeError::out_of_range(
            format!("{local} + {amount} {}", format!("{unit:?}").to_lowercase()),
            "the result is outside the years 1 to 9999",
        )
    };
    let in_range = |t: NaiveDateTime| -> Result<NaiveDateTime, TimeError> {
        if (super::MIN_YEAR..=super::MAX_YEAR).contains(&t.year()) {
            Ok(t)
        } else {
            Err(overflow())
        }
    };
    let fixed = |d: Option<Duration>| -> Result<NaiveDateTime, TimeError> {
        let d = d.ok_or_else(overflow)?;
        in_range(local.checked_add_signed(d).ok_or_else(overflow)?)
    };
    match unit {
        CalendarUnit::Minutes => Ok((fixed(Duration::try_minutes(amount))?, None)),
        CalendarUnit::Hours => Ok((fixed(Duration::try_hours(amount))?, None)),
        CalendarUnit::Days => Ok((fixed(Duration::try_days(amount))?, None)),
        CalendarUnit::Weeks => Ok((fixed(Duration::try_weeks(amount))?, None)),
        CalendarUnit::Months | CalendarUnit::Years => {
            let months = if unit == CalendarUnit::Years {
                amount.checked_mul(12).ok_or_else(overflow)?
            } else {
                amount
            };
            let months_u32 = u32::try_from(months.unsigned_abs()).map_err(|_| overflow())?;
            let date = local.date();
            let shifted = if months >= 0 {
                date.checked_add_months(Months::new(months_u32))
            } else {
                date.checked_sub_months(Months::new(months_u32))
            }
            .ok_or_else(overflow)?;
            let clamped = (shifted.day() != date.day()).then_some(MonthEndClamp {
                requested_day: date.day(),
                clamped_to_day: shifted.day(),
            });
            Ok((in_range(shifted.and_time(local.time()))?, clamped))
        }
    }
}

/// The number of days in the month of `date`.
pub fn days_in_month(date: NaiveDate) -> u32 {
    let first = date.with_day(1).unwrap_or(date);
    let next = first
        .checked_add_months(Months::new(1))
        .unwrap_or(NaiveDate::MAX);
    u32::try_from((next - first).num_days()).unwrap_or(31)
}
