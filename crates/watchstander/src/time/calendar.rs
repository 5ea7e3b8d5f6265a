//! Business calendars: working hours per weekday in a zone, holidays, business-time arithmetic.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use serde::{Deserialize, Serialize};

use super::{
    parse_date, ClockWindow, DateRecurrence, Disambiguation, IsoDuration, TimeError, Zone,
};

/// How far business-time searches go before giving up (ten years of dates).
pub const MAX_SEARCH_DAYS: u32 = 3_660;

/// How long a span business-time arithmetic accepts (two hundred years).
pub const MAX_SPAN_DAYS: i64 = 73_050;

/// Working windows for each weekday, e.g. `{"mon": ["09:00-17:00"], "tue": [...]}`.
///
/// A missing day has no working time. Windows on one day must not overlap and must lie within
/// the day (`start < end`, `24:00` allowed as the end).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WeeklyHours {
    /// Monday.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mon: Vec<ClockWindow>,
    /// Tuesday.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tue: Vec<ClockWindow>,
    /// Wednesday.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub wed: Vec<ClockWindow>,
    /// Thursday.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub thu: Vec<ClockWindow>,
    /// Friday.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fri: Vec<ClockWindow>,
    /// Saturday.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sat: Vec<ClockWindow>,
    /// Sunday.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sun: Vec<ClockWindow>,
}

impl WeeklyHours {
    /// The same windows Monday to Friday, nothing at weekends.
    pub fn weekdays(windows: &[ClockWindow]) -> WeeklyHours {
        WeeklyHours {
            mon: windows.to_vec(),
            tue: windows.to_vec(),
            wed: windows.to_vec(),
            thu: windows.to_vec(),
            fri: windows.to_vec(),
            ..WeeklyHours::default()
        }
    }

    /// The windows of one weekday.
    pub fn on(&self, day: Weekday) -> &[ClockWindow] {
        match day {
            Weekday::Mon => &self.mon,
            Weekday::Tue => &self.tue,
            Weekday::Wed => &self.wed,
            Weekday::Thu => &self.thu,
            Weekday::Fri => &self.fri,
            Weekday::Sat => &self.sat,
            Weekday::Sun => &self.sun,
        }
    }
}

/// A holiday: one date or a yearly-style rule, all day or with reduced hours.
///
/// JSON: `{"name": "Christmas Day", "date": "2026-12-25"}`,
/// `{"name": "Christmas Day", "rrule": "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25"}`, or with
/// `"hours": ["09:00-13:00"]` for a half day (the listed windows replace the normal ones).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct HolidaySpec {
    /// A label, shown in explanations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A single date, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// An RRULE value for recurring dates, e.g. `FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rrule: Option<String>,
    /// First date of the rule (`YYYY-MM-DD`); default 1970-01-01. Only with `rrule`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// Reduced working windows on the holiday; absent means no working time at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<Vec<ClockWindow>>,
}

/// The configuration of a [`BusinessCalendar`], as written in JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct BusinessCalendarSpec {
    /// The IANA zone the windows are read in.
    pub zone: Zone,
    /// Working windows per weekday.
    pub hours: WeeklyHours,
    /// Holidays.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holidays: Vec<HolidaySpec>,
}

#[derive(Debug, Clone)]
enum HolidayDates {
    Date(NaiveDate),
    Rule(Box<DateRecurrence>),
}

#[derive(Debug, Clone)]
struct Holiday {
    name: Option<String>,
    dates: HolidayDates,
    hours: Option<Vec<ClockWindow>>,
}

/// A validated business calendar.
///
/// ```
/// use watchstander::time::{parse_instant, BusinessCalendar, BusinessCalendarSpec};
///
/// let spec: BusinessCalendarSpec = serde_json::from_str(r#"{
///     "zone": "Europe/London",
///     "hours": {"mon": ["09:00-17:00"], "tue": ["09:00-17:00"], "wed": ["09:00-17:00"],
///               "thu": ["09:00-17:00"], "fri": ["09:00-17:00"]},
///     "holidays": [{"name": "Christmas Day", "rrule": "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25"}]
/// }"#).unwrap();
/// let cal = BusinessCalendar::new(spec)?;
/// // Thursday 24 December 2026, 16:00 in London, plus 2 business hours: Christmas (Friday) and
/// // the weekend are skipped, so the deadline is Monday 28 December, 10:00.
/// let t = parse_instant("2026-12-24T16:00:00Z")?;
/// let due = cal.add_business_time(t, chrono::Duration::hours(2))?;
/// assert_eq!(due.to_rfc3339(), "2026-12-28T10:00:00+00:00");
/// # Ok::<(), watchstander::time::TimeError>(())
/// ```
///
/// # What "business time" means
///
/// Business time is real elapsed time (seconds) that falls inside a working window. Windows are
/// read in the calendar's zone on each date, so "09:00-17:00" is 8 hours on every working day,
/// including DST-change days, and a window that spans a DST change (say `00:00-24:00`) is 23 or
/// 25 hours long on that date. Window starts and ends that fall in a DST gap or fold are resolved
/// with [`Disambiguation::Compatible`].
///
/// # What "N business days" means
///
/// A business day is one working date of the calendar (a weekday with windows, not a holiday).
/// Adding N business days to `t` moves `t` forward by whole working dates while keeping its
/// *position* in the working day, measured as business time elapsed on that date:
///
/// * inside business hours — Tuesday 11:00 in a 09:00-17:00 calendar plus 1 business day is
///   Wednesday 11:00 (skipping weekends and holidays);
/// * outside business hours — the clock starts at the next business instant, so the position is
///   the start of the next working day, and the result is the *close* of business N working days
///   later: Friday 20:00 plus 1 business day is the close of Monday, Monday 09:00 plus 1 business
///   day is Monday 17:00. This is the earliest instant at which a full business day has elapsed,
///   which is what a deadline needs;
/// * shorter target days clamp: a position 6 hours into a Thursday lands on the close of a Friday
///   with only 4 working hours.
///
/// In an ISO duration on a business clock, `P1D` is one business day and the time part is
/// business time: `P1DT2H` is one business day, then two business hours.
#[derive(Debug, Clone)]
pub struct BusinessCalendar {
    spec: BusinessCalendarSpec,
    holidays: Vec<Holiday>,
}

impl PartialEq for BusinessCalendar {
    fn eq(&self, other: &Self) -> bool {
        self.spec == other.spec
    }
}

impl Serialize for BusinessCalendar {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.spec.serialize(serializer)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for BusinessCalendar {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "BusinessCalendar".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        BusinessCalendarSpec::json_schema(generator)
    }
}

impl<'de> Deserialize<'de> for BusinessCalendar {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spec = BusinessCalendarSpec::deserialize(deserializer)?;
        BusinessCalendar::new(spec).map_err(crate::error::de_error)
    }
}

/// One working interval on one date, as instants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BusinessInterval {
    /// Inclusive start.
    pub start: DateTime<Utc>,
    /// Exclusive end.
    pub end: DateTime<Utc>,
}

/// The most holiday entries (dates and rules) of one business calendar.
pub const MAX_HOLIDAYS: usize = 1_000;

/// Holiday rules are expanded this many (aligned) years at a time.
const HOLIDAY_BLOCK_YEARS: i32 = 8;

/// Memoised holiday dates by year, local to one computation.
struct Days<'a> {
    cal: &'a BusinessCalendar,
    years: HashMap<i32, BTreeMap<NaiveDate, Option<Vec<ClockWindow>>>>,
}

impl<'a> Days<'a> {
    fn new(cal: &'a BusinessCalendar) -> Self {
        Days {
            cal,
            years: HashMap::new(),
        }
    }

    fn holidays_of_year(
        &mut self,
        year: i32,
    ) -> Result<&BTreeMap<NaiveDate, Option<Vec<ClockWindow>>>, TimeError> {
        if !self.years.contains_key(&year) {
            // Expand every rule once per block of years, not once per year: a rule's
            // expansion starts at its DTSTART (or one period before the block), so one call
            // for eight years costs little more than one call for one.
            let first = (year - year.rem_euclid(HOLIDAY_BLOCK_YEARS))
                .max(1)
                .min(year);
            let last = (first + HOLIDAY_BLOCK_YEARS - 1)
                .min(crate::time::MAX_YEAR - 1)
                .max(year);
            let mut block: BTreeMap<i32, BTreeMap<NaiveDate, Option<Vec<ClockWindow>>>> =
                (first..=last).map(|y| (y, BTreeMap::new())).collect();
            for h in &self.cal.holidays {
                let dates = match &h.dates {
                    HolidayDates::Date(d) => {
                        if (first..=last).contains(&d.year()) {
                            vec![*d]
                        } else {
                            vec![]
                        }
                    }
                    HolidayDates::Rule(r) => r.dates_in_years(first, last)?,
                };
                for d in dates {
                    let Some(map) = block.get_mut(&d.year()) else {
                        continue;
                    };
                    // All-day beats reduced hours when holidays coincide.
                    let entry = map.entry(d).or_insert_with(|| h.hours.clone());
                    if h.hours.is_none() {
                        *entry = None;
                    }
                }
            }
            for (y, map) in block {
                self.years.entry(y).or_insert(map);
            }
        }
        self.years
            .get(&year)
            .ok_or_else(|| TimeError::out_of_range("holiday year", "internal cache miss"))
    }

    /// The working intervals of one local date, in order.
    fn intervals(&mut self, date: NaiveDate) -> Result<Vec<BusinessInterval>, TimeError> {
        let zone = self.cal.spec.zone;
        let holiday = self.holidays_of_year(date.year())?.get(&date).cloned();
        let windows: Vec<ClockWindow> = match holiday {
            Some(Some(reduced)) => reduced,
            Some(None) => return Ok(Vec::new()),
            None => self.cal.spec.hours.on(date.weekday()).to_vec(),
        };
        let mut out = Vec::with_capacity(windows.len());
        for w in windows {
            let (s, e) = w.on(date);
            let s = zone.resolve_local(s, Disambiguation::Compatible)?.instant;
            let e = zone.resolve_local(e, Disambiguation::Compatible)?.instant;
            if e > s {
                out.push(BusinessInterval { start: s, end: e });
            }
        }
        Ok(out)
    }
}

impl BusinessCalendar {
    /// Validates a specification: windows within the day and not overlapping, holiday rules
    /// that parse, at least one working window in the week.
    pub fn new(spec: BusinessCalendarSpec) -> Result<BusinessCalendar, TimeError> {
        let mut any = false;
        for day in [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ] {
            let windows = spec.hours.on(day);
            validate_windows(windows, Some(day))?;
            any |= !windows.is_empty();
        }
        if !any {
            return Err(TimeError::EmptyCalendar);
        }
        if spec.holidays.len() > MAX_HOLIDAYS {
            return Err(TimeError::out_of_range(
                format!("{} holidays", spec.holidays.len()),
                format!("a business calendar has at most {MAX_HOLIDAYS} holiday entries; a yearly rule covers every year, so one entry per holiday is enough"),
            ));
        }
        let mut holidays = Vec::with_capacity(spec.holidays.len());
        for h in &spec.holidays {
            let label = h.name.clone().unwrap_or_else(|| "holiday".to_string());
            let dates = match (&h.date, &h.rrule) {
                (Some(d), None) => {
                    if h.start.is_some() {
                        return Err(TimeError::InvalidRrule {
                            input: label,
                            reason: "\"start\" only applies to holidays given by \"rrule\""
                                .to_string(),
                        });
                    }
                    HolidayDates::Date(parse_date(d)?)
                }
                (None, Some(r)) => {
                    HolidayDates::Rule(Box::new(DateRecurrence::parse(r, h.start.as_deref())?))
                }
                _ => {
                    return Err(TimeError::InvalidRrule {
                        input: label,
                        reason: "a holiday needs exactly one of \"date\" or \"rrule\"".to_string(),
                    })
                }
            };
            if let Some(windows) = &h.hours {
                validate_windows(windows, None)?;
            }
            holidays.push(Holiday {
                name: h.name.clone(),
                dates,
                hours: h.hours.clone(),
            });
        }
        Ok(BusinessCalendar { spec, holidays })
    }

    /// Monday to Friday, 09:00 to 17:00 in `zone`, no holidays.
    pub fn nine_to_five(zone: Zone) -> BusinessCalendar {
        let window = ClockWindow::new(
            super::ClockTime::new(9, 0).unwrap_or(super::ClockTime::MIDNIGHT),
            super::ClockTime::new(17, 0).unwrap_or(super::ClockTime::END_OF_DAY),
        );
        BusinessCalendar {
            spec: BusinessCalendarSpec {
                zone,
                hours: WeeklyHours::weekdays(&[window]),
                holidays: Vec::new(),
            },
            holidays: Vec::new(),
        }
    }

    /// The specification the calendar was built from.
    pub fn spec(&self) -> &BusinessCalendarSpec {
        &self.spec
    }

    /// The calendar's zone.
    pub fn zone(&self) -> Zone {
        self.spec.zone
    }

    /// The name of the holiday on `date`, if any (`Some(None)` for an unnamed holiday).
    pub fn holiday_on(&self, date: NaiveDate) -> Result<Option<Option<String>>, TimeError> {
        for h in &self.holidays {
            let hit = match &h.dates {
                HolidayDates::Date(d) => *d == date,
                HolidayDates::Rule(r) => {
                    r.dates_in_years(date.year(), date.year())?.contains(&date)
                }
            };
            if hit {
                return Ok(Some(h.name.clone()));
            }
        }
        Ok(None)
    }

    /// The working intervals of a local date in the calendar's zone.
    pub fn intervals_on(&self, date: NaiveDate) -> Result<Vec<BusinessInterval>, TimeError> {
        Days::new(self).intervals(date)
    }

    /// True if `t` is inside a working window.
    pub fn is_business_time(&self, t: DateTime<Utc>) -> Result<bool, TimeError> {
        let mut days = Days::new(self);
        let date = self.zone().to_local(t).date();
        for d in [date.pred_opt(), Some(date)].into_iter().flatten() {
            if days.intervals(d)?.iter().any(|i| i.start <= t && t < i.end) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The first business instant at or after `t` (`t` itself inside business hours).
    pub fn next_business_instant(&self, t: DateTime<Utc>) -> Result<DateTime<Utc>, TimeError> {
        let mut days = Days::new(self);
        let start = self.zone().to_local(t).date();
        let mut date = start.pred_opt().unwrap_or(start);
        for _ in 0..=MAX_SEARCH_DAYS {
            for i in days.intervals(date)? {
                if i.end > t {
                    return supported(i.start.max(t), "the next business instant");
                }
            }
            date = next_date(date)?;
        }
        Err(TimeError::NoBusinessTime {
            from: start,
            days: MAX_SEARCH_DAYS,
        })
    }

    /// Business time in `[a, b)`; zero when `b <= a`.
    pub fn business_time_between(
        &self,
        a: DateTime<Utc>,
        b: DateTime<Utc>,
    ) -> Result<Duration, TimeError> {
        if b <= a {
            return Ok(Duration::zero());
        }
        check_span(a, b)?;
        let mut days = Days::new(self);
        let zone = self.zone();
        let mut date = zone
            .to_local(a)
            .date()
            .pred_opt()
            .unwrap_or(zone.to_local(a).date());
        let last = zone.to_local(b).date();
        let mut total = Duration::zero();
        while date <= last {
            for i in days.intervals(date)? {
                // An interval outside [a, b) counts nothing.
                total += (i.end.min(b) - i.start.max(a)).max(Duration::zero());
            }
            date = next_date(date)?;
        }
        Ok(total)
    }

    /// The earliest instant `b >= t` such that the business time in `[t, b)` equals `amount`.
    ///
    /// For a positive amount that is used up exactly at the close of a window, the result is
    /// that close (not the next opening): a deadline is breached the moment the budget is
    /// exhausted. A zero amount returns `t`. Negative amounts are refused.
    pub fn add_business_time(
        &self,
        t: DateTime<Utc>,
        amount: Duration,
    ) -> Result<DateTime<Utc>, TimeError> {
        if amount < Duration::zero() {
            return Err(TimeError::UnsupportedDuration {
                duration: IsoDuration::from_fixed(amount)?.to_string(),
                reason: "business time can only be added forwards".to_string(),
            });
        }
        if amount.is_zero() {
            return Ok(t);
        }
        // Business time never runs faster than the clock.
        if amount > Duration::days(MAX_SPAN_DAYS) {
            return Err(TimeError::out_of_range(
                "business-time addition",
                format!("the result would be more than {MAX_SPAN_DAYS} days away"),
            ));
        }
        let mut days = Days::new(self);
        let start = self.zone().to_local(t).date();
        let mut date = start.pred_opt().unwrap_or(start);
        let mut left = amount;
        let mut idle_days = 0u32;
        let mut walked = 0i64;
        loop {
            let intervals = days.intervals(date)?;
            let mut worked = false;
            for i in intervals {
                let s = i.start.max(t);
                if i.end <= s {
                    continue;
                }
                worked = true;
                let avail = i.end - s;
                if avail >= left {
                    return supported(s + left, "business-time addition");
                }
                left -= avail;
            }
            idle_days = if worked { 0 } else { idle_days + 1 };
            walked += 1;
            if idle_days > MAX_SEARCH_DAYS {
                return Err(TimeError::NoBusinessTime {
                    from: date,
                    days: MAX_SEARCH_DAYS,
                });
            }
            if walked > MAX_SPAN_DAYS {
                return Err(TimeError::out_of_range(
                    "business-time addition",
                    format!("the result would be more than {MAX_SPAN_DAYS} days away"),
                ));
            }
            date = next_date(date)?;
        }
    }

    /// Adds whole business days; see [`BusinessCalendar`] for the exact rule.
    ///
    /// ```
    /// use watchstander::time::{parse_instant, BusinessCalendar, Zone};
    /// let cal = BusinessCalendar::nine_to_five(Zone::parse("America/New_York")?);
    /// // Friday 20:00 New York (Saturday 01:00Z): one business day is the close of Monday.
    /// let t = parse_instant("2026-11-28T01:00:00Z")?;
    /// assert_eq!(cal.add_business_days(t, 1)?.to_rfc3339(), "2026-11-30T22:00:00+00:00");
    /// // Tuesday 11:00 plus one business day: Wednesday 11:00.
    /// let t = parse_instant("2026-12-01T16:00:00Z")?;
    /// assert_eq!(cal.add_business_days(t, 1)?.to_rfc3339(), "2026-12-02T16:00:00+00:00");
    /// # Ok::<(), watchstander::time::TimeError>(())
    /// ```
    pub fn add_business_days(&self, t: DateTime<Utc>, n: u32) -> Result<DateTime<Utc>, TimeError> {
        if n == 0 {
            return Ok(t);
        }
        // Each business day is at least one calendar day: refuse before any work what cannot
        // end within the bound.
        if i64::from(n) > MAX_SPAN_DAYS {
            return Err(TimeError::out_of_range(
                format!("{n} business days"),
                format!("the result would be more than {MAX_SPAN_DAYS} days away"),
            ));
        }
        let mut days = Days::new(self);
        // Find the working date of t and the business time elapsed on it before t.
        let (mut date, position) = self.day_position(&mut days, t)?;
        // With no elapsed time on the start date, a full day's progress ends at its close.
        let at_close = position.is_zero();
        let mut remaining = if at_close { n - 1 } else { n };
        let first = date;
        while remaining > 0 {
            date = self.next_working_date(&mut days, date)?;
            remaining -= 1;
            if (date - first).num_days() > MAX_SPAN_DAYS {
                return Err(TimeError::out_of_range(
                    format!("{n} business days"),
                    format!("the result would be more than {MAX_SPAN_DAYS} days away"),
                ));
            }
        }
        let intervals = days.intervals(date)?;
        let day_total = intervals
            .iter()
            .fold(Duration::zero(), |acc, i| acc + (i.end - i.start));
        let want = if at_close {
            day_total
        } else {
            position.min(day_total)
        };
        supported(position_on(&intervals, want)?, format!("{n} business days"))
    }

    /// Adds an ISO duration on this calendar: the days part as business days, then the time part
    /// as business time. Years and months are refused.
    pub fn add_duration(
        &self,
        t: DateTime<Utc>,
        d: &IsoDuration,
    ) -> Result<DateTime<Utc>, TimeError> {
        if d.has_calendar_months() || d.negative {
            return Err(TimeError::UnsupportedDuration {
                duration: d.to_string(),
                reason: "on a business calendar use days and hours (e.g. P1D, PT4H), never years, months or negative durations".to_string(),
            });
        }
        let days = u32::try_from(d.whole_days()).map_err(|_| {
            TimeError::out_of_range("business days", "more than 4294967295 business days")
        })?;
        let after_days = self.add_business_days(t, days)?;
        self.add_business_time(after_days, d.time_part())
    }

    /// The working date of the first business instant at or after `t`, and the business time
    /// elapsed on that date before `t` (zero when `t` is before the date's first window).
    fn day_position(
        &self,
        days: &mut Days<'_>,
        t: DateTime<Utc>,
    ) -> Result<(NaiveDate, Duration), TimeError> {
        let next = self.next_business_instant(t)?;
        let local_date = self.zone().to_local(next).date();
        for date in [local_date.pred_opt().unwrap_or(local_date), local_date] {
            let intervals = days.intervals(date)?;
            if intervals.iter().any(|i| i.start <= next && next < i.end) {
                // An interval that starts at or after `t` adds nothing.
                let elapsed = intervals.iter().fold(Duration::zero(), |acc, i| {
                    acc + (i.end.min(t) - i.start).max(Duration::zero())
                });
                return Ok((date, elapsed));
            }
        }
        Err(TimeError::out_of_range(
            "business day",
            "the next business instant belongs to no working date",
        ))
    }

    fn next_working_date(
        &self,
        days: &mut Days<'_>,
        from: NaiveDate,
    ) -> Result<NaiveDate, TimeError> {
        let mut date = from;
        for _ in 0..MAX_SEARCH_DAYS {
            date = next_date(date)?;
            if !days.intervals(date)?.is_empty() {
                return Ok(date);
            }
        }
        Err(TimeError::NoBusinessTime {
            from,
            days: MAX_SEARCH_DAYS,
        })
    }
}

/// The instant at which `want` business time has elapsed in `intervals` (earliest such instant).
/// `t`, unless it lies past the years every instant must stay in (1 to 9999): a calendar
/// without holidays can be walked past them, but no result may leave them.
fn supported(t: DateTime<Utc>, what: impl Into<String>) -> Result<DateTime<Utc>, TimeError> {
    if !super::in_supported_range(t) {
        return Err(TimeError::out_of_range(
            what,
            format!("the result would be after the year {}", super::MAX_YEAR),
        ));
    }
    Ok(t)
}

fn position_on(intervals: &[BusinessInterval], want: Duration) -> Result<DateTime<Utc>, TimeError> {
    let mut left = want;
    for i in intervals {
        let len = i.end - i.start;
        if left <= len {
            if left.is_zero() {
                return Ok(i.start);
            }
            return Ok(i.start + left);
        }
        left -= len;
    }
    intervals
        .last()
        .map(|i| i.end)
        .ok_or_else(|| TimeError::out_of_range("business day", "the working date has no windows"))
}

fn validate_windows(windows: &[ClockWindow], day: Option<Weekday>) -> Result<(), TimeError> {
    for w in windows {
        w.validate_within_day(day)?;
    }
    let mut sorted: Vec<_> = windows.to_vec();
    sorted.sort_by_key(|w| w.start);
    for pair in sorted.windows(2) {
        if pair[1].start < pair[0].end {
            return Err(TimeError::InvalidWindow {
                window: match day {
                    Some(d) => format!("{d} {}", pair[1]),
                    None => pair[1].to_string(),
                },
                reason: format!("it overlaps {}; merge them into one window", pair[0]),
            });
        }
    }
    Ok(())
}

fn next_date(d: NaiveDate) -> Result<NaiveDate, TimeError> {
    d.succ_opt()
        .ok_or_else(|| TimeError::out_of_range("date", "past the end of the supported calendar"))
}

fn check_span(a: DateTime<Utc>, b: DateTime<Utc>) -> Result<(), TimeError> {
    if (b - a).num_days() > MAX_SPAN_DAYS {
        return Err(TimeError::out_of_range(
            "business-time span",
            format!("spans longer than {MAX_SPAN_DAYS} days are not computed"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn no_result_lies_past_the_year_9999() {
        // Mondays and Fridays 09–17 UTC, no holidays: walking past 9999 costs nothing, but
        // no answer may lie there (Thursday 30 December 9999, 10:00).
        let cal = BusinessCalendar::new(
            serde_json::from_value(serde_json::json!({"zone": "UTC",
                "hours": {"mon": ["09:00-17:00"], "fri": ["09:00-17:00"]}}))
            .unwrap(),
        )
        .unwrap();
        let t = crate::time::parse_instant("9999-12-30T10:00:00Z").unwrap();
        let out = |r: Result<DateTime<Utc>, TimeError>| r.unwrap_err().code();
        assert_eq!(out(cal.add_business_days(t, 10)), "out_of_range");
        assert_eq!(
            out(cal.add_business_time(t, Duration::hours(30))),
            "out_of_range"
        );
        let closed = crate::time::parse_instant("9999-12-31T17:00:00Z").unwrap();
        assert_eq!(out(cal.next_business_instant(closed)), "out_of_range");
        // The last business hours of 9999 are still reachable: Friday 31 December 09–17.
        assert_eq!(
            cal.add_business_time(t, Duration::hours(8)).unwrap(),
            crate::time::parse_instant("9999-12-31T17:00:00Z").unwrap()
        );
    }

    use super::*;

    fn calendar(zone: &str, holidays: serde_json::Value) -> BusinessCalendar {
        serde_json::from_value(serde_json::json!({
            "zone": zone,
            "hours": {"mon": ["09:00-17:00"], "tue": ["09:00-17:00"]},
            "holidays": holidays
        }))
        .unwrap()
    }

    /// Two calendars are equal when their specifications are: the expanded holidays follow.
    #[test]
    fn calendars_are_equal_when_their_specifications_are() {
        let xmas = serde_json::json!([{"name": "Christmas", "rrule": "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25"}]);
        let a = calendar("Europe/London", xmas.clone());
        assert_eq!(a, calendar("Europe/London", xmas.clone()));
        assert_ne!(a, calendar("Europe/Paris", xmas));
        assert_ne!(a, calendar("Europe/London", serde_json::json!([])));
    }

    /// Holiday rules are expanded for a whole aligned block of years at once (2024–2031 for
    /// 2026), and each year of the block is memoised; a year at the start of the calendar's
    /// range gets a block that starts at year 1.
    #[test]
    fn holidays_are_expanded_for_aligned_blocks_of_years() {
        let cal = calendar(
            "Europe/London",
            serde_json::json!([{"name": "Christmas", "rrule": "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25"}]),
        );
        let mut days = Days::new(&cal);
        let xmas = days.holidays_of_year(2026).unwrap();
        assert_eq!(
            xmas.keys().copied().collect::<Vec<_>>(),
            [NaiveDate::from_ymd_opt(2026, 12, 25).unwrap()]
        );
        let mut years: Vec<i32> = days.years.keys().copied().collect();
        years.sort_unstable();
        assert_eq!(years, (2024..=2031).collect::<Vec<_>>());
        assert!(days.holidays_of_year(2031).unwrap().len() == 1);
        assert_eq!(days.years.len(), 8, "2031 was memoised with 2026");
        // The last block stops before the last supported year.
        let mut late = Days::new(&cal);
        assert_eq!(late.holidays_of_year(9998).unwrap().len(), 1);
        let mut years: Vec<i32> = late.years.keys().copied().collect();
        years.sort_unstable();
        assert_eq!(years, (9992..=9998).collect::<Vec<_>>());
        // Recurrences start in 1900: a calendar of dates only reaches the first years.
        let dates = calendar(
            "Europe/London",
            serde_json::json!([{"name": "Old", "date": "0005-03-01"}]),
        );
        let mut early = Days::new(&dates);
        assert!(early.holidays_of_year(3).unwrap().is_empty());
        assert_eq!(early.holidays_of_year(5).unwrap().len(), 1);
        let mut years: Vec<i32> = early.years.keys().copied().collect();
        years.sort_unstable();
        assert_eq!(years, (1..=8).collect::<Vec<_>>());
    }

    /// A date's working intervals are its windows as instants; a window that DST removes
    /// entirely (its start and end resolve to the same instant) gives no interval.
    #[test]
    fn intervals_of_a_date_skip_windows_inside_a_dst_gap() {
        let cal: BusinessCalendar = serde_json::from_value(serde_json::json!({
            "zone": "Europe/London",
            "hours": {"sun": ["01:00-02:00", "09:00-17:00"]}
        }))
        .unwrap();
        let utc = |s: &str| crate::time::parse_instant(s).unwrap();
        // 29 March 2026: London springs forward at 01:00 GMT, so 01:00-02:00 does not exist.
        let spring = cal
            .intervals_on(NaiveDate::from_ymd_opt(2026, 3, 29).unwrap())
            .unwrap();
        assert_eq!(
            spring,
            [BusinessInterval {
                start: utc("2026-03-29T08:00:00Z"),
                end: utc("2026-03-29T16:00:00Z")
            }]
        );
        let winter = cal
            .intervals_on(NaiveDate::from_ymd_opt(2026, 3, 22).unwrap())
            .unwrap();
        assert_eq!(
            winter,
            [
                BusinessInterval {
                    start: utc("2026-03-22T01:00:00Z"),
                    end: utc("2026-03-22T02:00:00Z")
                },
                BusinessInterval {
                    start: utc("2026-03-22T09:00:00Z"),
                    end: utc("2026-03-22T17:00:00Z")
                }
            ]
        );
    }

    fn every_day(holidays: serde_json::Value) -> BusinessCalendar {
        let day = serde_json::json!(["00:00-24:00"]);
        serde_json::from_value(serde_json::json!({
            "zone": "UTC",
            "hours": {"mon": day, "tue": day, "wed": day, "thu": day, "fri": day, "sat": day, "sun": day},
            "holidays": holidays
        }))
        .unwrap()
    }

    fn instant(s: &str) -> DateTime<Utc> {
        crate::time::parse_instant(s).unwrap()
    }

    /// Exactly `MAX_SPAN_DAYS` days of business time on a calendar that never closes is the
    /// longest addition: allowed, ending that many days later; a second more is refused.
    #[test]
    fn the_longest_addition_is_allowed_and_no_longer() {
        let cal = every_day(serde_json::json!([]));
        let t = instant("2026-01-01T00:00:00Z");
        let span = Duration::days(MAX_SPAN_DAYS);
        assert_eq!(cal.add_business_time(t, span).unwrap(), t + span);
        let err = cal
            .add_business_time(t, span + Duration::seconds(1))
            .unwrap_err();
        assert!(matches!(err, TimeError::OutOfRange { .. }), "{err:?}");
    }

    /// The walk stops at `MAX_SPAN_DAYS` days even when the amount is small enough to pass the
    /// first check: one working hour a week cannot give 73 050 hours within 200 years.
    #[test]
    fn a_sparse_calendar_stops_the_walk_at_the_span_limit() {
        let cal: BusinessCalendar = serde_json::from_value(serde_json::json!({
            "zone": "UTC", "hours": {"mon": ["09:00-10:00"]}
        }))
        .unwrap();
        let t = instant("2026-01-01T00:00:00Z");
        let err = cal
            .add_business_time(t, Duration::hours(MAX_SPAN_DAYS))
            .unwrap_err();
        assert!(
            err.to_string()
                .contains(&format!("{MAX_SPAN_DAYS} days away")),
            "{err}"
        );
    }

    /// `MAX_SEARCH_DAYS` days in a row without business time are searched through; one more
    /// day is `no_business_time`.
    #[test]
    fn the_search_crosses_exactly_max_search_days_without_business_time() {
        let closed = |days: u32| {
            every_day(serde_json::json!([{"name": "Closed", "start": "2026-01-02",
                "rrule": format!("FREQ=DAILY;COUNT={days}")}]))
        };
        let t = instant("2026-01-01T23:00:00Z");
        let reopens = NaiveDate::from_ymd_opt(2026, 1, 2).unwrap()
            + Duration::days(i64::from(MAX_SEARCH_DAYS));
        let due = closed(MAX_SEARCH_DAYS)
            .add_business_time(t, Duration::hours(2))
            .unwrap();
        assert_eq!(due, reopens.and_hms_opt(1, 0, 0).unwrap().and_utc());
        let err = closed(MAX_SEARCH_DAYS + 1)
            .add_business_time(t, Duration::hours(2))
            .unwrap_err();
        assert!(matches!(err, TimeError::NoBusinessTime { .. }), "{err:?}");
    }

    /// `MAX_SPAN_DAYS` business days is the most that can be added: on a calendar that never
    /// closes it ends exactly that many days later, from the start of a day (at the close of
    /// the last) or from the middle of one (at the same time of day); one more is refused.
    #[test]
    fn the_most_business_days_is_max_span_days() {
        let cal = every_day(serde_json::json!([]));
        let most = u32::try_from(MAX_SPAN_DAYS).unwrap();
        for start in ["2026-01-01T00:00:00Z", "2026-01-01T12:00:00Z"] {
            let t = instant(start);
            assert_eq!(
                cal.add_business_days(t, most).unwrap(),
                t + Duration::days(MAX_SPAN_DAYS),
                "from {start}"
            );
            let err = cal.add_business_days(t, most + 1).unwrap_err();
            assert!(matches!(err, TimeError::OutOfRange { .. }), "{err:?}");
        }
    }

    /// An instant at local midnight belongs to the day it starts, not to the day whose window
    /// ends there: on a calendar open around the clock in London, Saturday 24 October 2026
    /// 00:00 plus two business days is the close of Sunday the 25th — a 25-hour day, as the
    /// clocks go back — not 24 hours into it.
    #[test]
    fn midnight_starts_the_next_working_day() {
        let day = serde_json::json!(["00:00-24:00"]);
        let cal: BusinessCalendar = serde_json::from_value(serde_json::json!({
            "zone": "Europe/London",
            "hours": {"mon": day, "tue": day, "wed": day, "thu": day, "fri": day, "sat": day, "sun": day}
        }))
        .unwrap();
        let saturday = instant("2026-10-23T23:00:00Z");
        assert_eq!(
            cal.add_business_days(saturday, 2).unwrap(),
            instant("2026-10-26T00:00:00Z")
        );
    }

    /// A position in a day with a lunch break carries over window by window: Tuesday 14:00
    /// (four working hours in: 09:00-12:00, then 13:00-14:00) plus one business day is
    /// Wednesday 14:00.
    #[test]
    fn a_position_after_the_break_is_kept() {
        let day = serde_json::json!(["09:00-12:00", "13:00-17:00"]);
        let cal: BusinessCalendar = serde_json::from_value(serde_json::json!({
            "zone": "UTC", "hours": {"tue": day, "wed": day}
        }))
        .unwrap();
        assert_eq!(
            cal.add_business_days(instant("2026-12-01T14:00:00Z"), 1)
                .unwrap(),
            instant("2026-12-02T14:00:00Z")
        );
    }

    /// Windows of one day may touch but not overlap.
    #[test]
    fn windows_may_touch_but_not_overlap() {
        let with = |windows: serde_json::Value| {
            serde_json::from_value::<BusinessCalendar>(serde_json::json!({
                "zone": "UTC", "hours": {"mon": windows}
            }))
        };
        assert!(with(serde_json::json!(["09:00-12:00", "12:00-17:00"])).is_ok());
        let err = with(serde_json::json!(["09:00-12:01", "12:00-17:00"])).unwrap_err();
        assert!(err.to_string().contains("overlaps"), "{err}");
    }

    /// Business time is measured over at most `MAX_SPAN_DAYS` days.
    #[test]
    fn business_time_is_measured_over_max_span_days_at_most() {
        let cal = every_day(serde_json::json!([]));
        let a = instant("2026-01-01T00:00:00Z");
        let span = Duration::days(MAX_SPAN_DAYS);
        assert_eq!(cal.business_time_between(a, a + span).unwrap(), span);
        let err = cal
            .business_time_between(a, a + span + Duration::days(1))
            .unwrap_err();
        assert!(err.to_string().contains("spans longer"), "{err}");
    }
}
