//! RFC 5545 recurrence rules, expanded on the local wall clock.

use std::ops::ControlFlow;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use rrule::{Frequency, RRule, RRuleSet, Tz as RTz, Unvalidated};

use super::{parse_date, TimeError, Zone};

/// The most rule steps an expansion may walk before reaching its window.
pub const MAX_WALK: i64 = 2_000_000;

/// The most occurrences one expansion returns.
pub const MAX_OCCURRENCES: usize = u16::MAX as usize;

/// The most occurrences of a rule one expansion examines, counting those before the window
/// (a rule with `COUNT` must be walked from DTSTART) and those its BY* parts generate within a
/// period (`BYHOUR=0..23;BYMINUTE=0..59;BYSECOND=0..59` makes 86 400 a day).
pub const MAX_CANDIDATES: u64 = 2_000_000;

/// A recurrence rule with a zoned DTSTART, e.g.
/// `"DTSTART;TZID=Europe/London:20260105T090000\nRRULE:FREQ=WEEKLY;BYDAY=MO"`.
///
/// Lines may be separated by newlines or written on one line separated by whitespace. `EXDATE`
/// lines (local times in the DTSTART zone, or UTC with `Z`) remove occurrences. A DTSTART with
/// neither TZID nor `Z` is refused ([`TimeError::RruleWithoutZone`]): a floating start would make
/// the result depend on the host's zone.
///
/// ```
/// use chrono::NaiveDate;
/// use watchstander::time::Recurrence;
///
/// let r = Recurrence::parse("DTSTART;TZID=America/New_York:20260302T023000\nRRULE:FREQ=DAILY")?;
/// let from = NaiveDate::from_ymd_opt(2026, 3, 7).unwrap().and_hms_opt(0, 0, 0).unwrap();
/// let to = NaiveDate::from_ymd_opt(2026, 3, 10).unwrap().and_hms_opt(0, 0, 0).unwrap();
/// let local = r.local_occurrences(from, to, 100)?;
/// // 02:30 on 8 March is a local time like any other here; resolving it is the caller's job.
/// assert_eq!(local.len(), 3);
/// assert_eq!(local[1].to_string(), "2026-03-08 02:30:00");
/// # Ok::<(), watchstander::time::TimeError>(())
/// ```
///
/// The `rrule` crate (0.14) is used for the calendar logic of RRULEs (BYDAY, BYMONTHDAY,
/// BYSETPOS, …) but never for time-zone arithmetic: it has DST bugs of its own (duplicate and
/// missing HOURLY occurrences, DTSTART in a gap rejected; see `docs/time.md`). Instead a rule
/// is expanded in a *floating* frame — local wall-clock times with no zone — and each local
/// occurrence is then turned into an instant by [`Zone::resolve_local`] with an explicit
/// [`Disambiguation`](super::Disambiguation) policy. Nothing is dropped: an occurrence in a DST
/// gap is moved, never lost.
///
/// Expansion is bounded twice: by the caller's window and by a `limit` on the number of
/// occurrences. For fixed-period frequencies without `COUNT` the start is moved forward by whole
/// periods before expanding, so a `FREQ=MINUTELY` rule from 2015 queried in 2026 does not walk
/// eleven years of minutes; a rule that would still need more than [`MAX_WALK`] steps to reach
/// the window is refused with a typed error.
#[derive(Debug, Clone)]
pub struct Recurrence {
    source: String,
    zone: Zone,
    start: NaiveDateTime,
    rule: RRule<Unvalidated>,
    freq: Frequency,
    interval: u16,
    has_count: bool,
    /// An upper bound of the occurrences one period of the rule generates.
    per_period: u64,
    until: Option<NaiveDateTime>,
    exdates: Vec<NaiveDateTime>,
}

impl PartialEq for Recurrence {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

impl Recurrence {
    /// Parses a DTSTART line and one RRULE line (plus optional EXDATE lines).
    pub fn parse(text: &str) -> Result<Recurrence, TimeError> {
        let invalid = |reason: String| TimeError::InvalidRrule {
            input: text.chars().take(200).collect(),
            reason,
        };
        let mut dtstart: Option<(Zone, NaiveDateTime)> = None;
        let mut rrule_text: Option<String> = None;
        let mut exdate_values: Vec<(Option<String>, String)> = Vec::new();
        for line in text.split_whitespace() {
            let (name_params, value) = line
                .split_once(':')
                .ok_or_else(|| invalid(format!("line {line:?} has no \":\"")))?;
            let mut parts = name_params.split(';');
            let name = parts.next().unwrap_or_default().to_ascii_uppercase();
            let mut tzid = None;
            for p in parts {
                if let Some(v) = p.strip_prefix("TZID=") {
                    tzid = Some(v.to_string());
                } else if !p.eq_ignore_ascii_case("VALUE=DATE-TIME") {
                    return Err(invalid(format!("unsupported parameter {p:?} on {name}")));
                }
            }
            match name.as_str() {
                "DTSTART" => {
                    if dtstart.is_some() {
                        return Err(invalid("more than one DTSTART".to_string()));
                    }
                    dtstart = Some(parse_dtstart(text, tzid.as_deref(), value)?);
                }
                "RRULE" => {
                    if rrule_text.is_some() {
                        return Err(invalid(
                            "more than one RRULE; give each rule its own recurrence".to_string(),
                        ));
                    }
                    rrule_text = Some(value.to_string());
                }
                "EXDATE" => {
                    for v in value.split(',') {
                        exdate_values.push((tzid.clone(), v.to_string()));
                    }
                }
                other => {
                    return Err(invalid(format!(
                        "unsupported property {other:?}; expected DTSTART, RRULE or EXDATE"
                    )))
                }
            }
        }
        let (zone, start) = dtstart.ok_or_else(|| {
            invalid(
                "missing DTSTART, e.g. \"DTSTART;TZID=Europe/London:20260105T090000\"".to_string(),
            )
        })?;
        let rule_text = rrule_text.ok_or_else(|| invalid("missing RRULE line".to_string()))?;
        let (rule, until) = parse_rule(&rule_text, zone, start).map_err(invalid)?;
        let mut exdates = Vec::new();
        for (tz, v) in exdate_values {
            // Without a TZID an EXDATE is in UTC (`...Z`) or, floating, in the DTSTART zone.
            let default_zone = (!v.ends_with(['Z', 'z'])).then(|| zone.name());
            let (z, local) = parse_dtstart(text, tz.as_deref().or(default_zone), &v)?;
            // An EXDATE given in UTC or another zone is converted to the DTSTART zone.
            let local = if z == zone {
                local
            } else {
                let instant = z
                    .resolve_local(local, super::Disambiguation::Compatible)?
                    .instant;
                zone.to_local(instant)
            };
            exdates.push(local);
        }
        let freq = rule_freq(&rule);
        let mut r = Recurrence {
            source: text.to_string(),
            zone,
            start,
            interval: 1,
            has_count: false,
            per_period: 1,
            freq,
            rule,
            until,
            exdates,
        };
        // Validate once, at the real start, so errors surface at parse time.
        let validated = r
            .rule
            .clone()
            .validate(floating(start)?)
            .map_err(|e| invalid(e.to_string()))?;
        r.interval = validated.get_interval().max(1);
        r.has_count = validated.get_count().is_some();
        r.per_period = per_period(&validated);
        Ok(r)
    }

    /// The zone of DTSTART, in which the rule is read.
    pub fn zone(&self) -> Zone {
        self.zone
    }

    /// DTSTART as a local wall-clock time.
    pub fn start_local(&self) -> NaiveDateTime {
        self.start
    }

    /// The text the rule was parsed from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The rule's frequency.
    pub fn frequency(&self) -> Frequency {
        self.freq
    }

    /// Local occurrences `o` with `from <= o < to`, at most `limit` of them (and at most
    /// [`MAX_OCCURRENCES`]), in order, without duplicates.
    ///
    /// Bounded work: see [`for_each_local`](Self::for_each_local).
    pub fn local_occurrences(
        &self,
        from: NaiveDateTime,
        to: NaiveDateTime,
        limit: usize,
    ) -> Result<Vec<NaiveDateTime>, TimeError> {
        let limit = limit.min(MAX_OCCURRENCES);
        let mut out = Vec::new();
        if limit == 0 {
            return Ok(out);
        }
        self.for_each_local(from, to, |t| {
            out.push(t);
            if out.len() >= limit {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        })?;
        Ok(out)
    }

    /// Calls `f` with each local occurrence `o`, `from <= o < to`, in order and without
    /// duplicates, until `f` breaks or the window ends.
    ///
    /// The work is bounded whatever the rule: at most [`MAX_CANDIDATES`] occurrences of the
    /// rule are examined (those before the window count too), and a rule with `COUNT` whose
    /// window is further from DTSTART than [`MAX_WALK`] periods, or whose occurrences before the
    /// window would exceed [`MAX_CANDIDATES`], is refused before any work with
    /// [`TimeError::OutOfRange`] naming the bound. Rules without `COUNT` are moved forward by
    /// whole periods first, so only the window's own occurrences are examined.
    pub fn for_each_local(
        &self,
        from: NaiveDateTime,
        to: NaiveDateTime,
        mut f: impl FnMut(NaiveDateTime) -> ControlFlow<()>,
    ) -> Result<(), TimeError> {
        // A shortcut only: the expansion below gives nothing for these too (and the test
        // `recurrence_windows_are_half_open` pins that), so mutating it changes no answer.
        if to <= from {
            return Ok(());
        }
        let start = self.walk_start(from)?;
        let mut rule = self.rule.clone();
        if let Some(until) = self.until {
            rule = rule.until(floating(until)?);
        }
        // Both ends are checked for the supported range before any work.
        floating(from)?;
        floating(to)?;
        let set: RRuleSet = rule
            .build(floating(start)?)
            .map_err(|e| TimeError::InvalidRrule {
                input: self.source.chars().take(200).collect(),
                reason: e.to_string(),
            })?;
        let set = self
            .exdates
            .iter()
            .try_fold(set, |s, ex| floating(*ex).map(|f| s.exdate(f)))?
            .limit();
        let mut examined: u64 = 0;
        let mut last: Option<NaiveDateTime> = None;
        for d in &set {
            examined += 1;
            if examined > MAX_CANDIDATES {
                return Err(TimeError::out_of_range(
                    "recurrence expansion",
                    format!("more than {MAX_CANDIDATES} occurrences of the rule would be examined to answer this window; narrow the window or move DTSTART closer to it"),
                ));
            }
            let t = d.naive_utc();
            if t >= to {
                break;
            }
            if t < from || t < self.start || last == Some(t) {
                continue;
            }
            last = Some(t);
            if f(t).is_break() {
                break;
            }
        }
        Ok(())
    }

    /// A yearly rule without `COUNT` moved forward by whole periods to at least a year before
    /// `from`: each year of a yearly rule is expanded from scratch (a 366-day mask), so ten
    /// thousand holiday rules from 1970 would otherwise walk fifty-odd years each. DTSTART keeps
    /// its month, day and time, from which the rule's implicit BYMONTH/BYMONTHDAY come; rules
    /// whose implicit parts depend on the weekday (`BYWEEKNO` without `BYDAY`) or whose DTSTART
    /// is 29 February are walked from DTSTART.
    fn yearly_start(&self, from: NaiveDateTime) -> NaiveDateTime {
        if self.has_count
            || !self.rule.get_by_week_no().is_empty()
            || (self.start.month() == 2 && self.start.day() == 29)
        {
            return self.start;
        }
        let interval = i32::from(self.interval.max(1));
        let years = from.year() - self.start.year();
        let whole = (years / interval - 1).max(0) * interval;
        self.start
            .with_year(self.start.year() + whole)
            .unwrap_or(self.start)
    }

    /// A start no later than `from` from which expansion yields the same occurrences.
    fn walk_start(&self, from: NaiveDateTime) -> Result<NaiveDateTime, TimeError> {
        let step = match self.freq {
            Frequency::Secondly => Duration::seconds(1),
            Frequency::Minutely => Duration::minutes(1),
            Frequency::Hourly => Duration::hours(1),
            Frequency::Daily => Duration::days(1),
            Frequency::Weekly => Duration::weeks(1),
            // At most 12 steps a year: cheap enough to walk from any start.
            Frequency::Monthly => return Ok(self.start),
            Frequency::Yearly => return Ok(self.yearly_start(from)),
        } * i32::from(self.interval);
        if from <= self.start {
            return Ok(self.start);
        }
        let steps = (from - self.start).num_seconds() / step.num_seconds().max(1);
        if self.has_count {
            let candidates = u64::try_from(steps)
                .unwrap_or(u64::MAX)
                .saturating_mul(self.per_period);
            if candidates > MAX_CANDIDATES {
                return Err(TimeError::out_of_range(
                    "recurrence expansion",
                    format!(
                        "the window starts {steps} periods after DTSTART and the rule has COUNT with up to {} occurrences a period, so more than {MAX_CANDIDATES} occurrences would be examined; move DTSTART closer to the window or use UNTIL",
                        self.per_period
                    ),
                ));
            }
            if steps > MAX_WALK {
                return Err(TimeError::out_of_range(
                    "recurrence expansion",
                    format!(
                        "the window starts {steps} steps after DTSTART and the rule has COUNT, so all of them would be walked (limit {MAX_WALK}); move DTSTART closer to the window or use UNTIL"
                    ),
                ));
            }
            return Ok(self.start);
        }
        // Whole periods only, and one period early as a margin: the period grid is kept, and
        // BY* expansions are computed per period and filtered by DTSTART, so the margin is not
        // needed by any rule we know of (mutation testing finds `steps` alone equivalent); it
        // costs one period's expansion and guards against a rule that straddles `from`.
        // The shift is computed in i64 seconds: a SECONDLY rule decades before the window is
        // billions of steps away, more than `Duration * i32` can express, and clamping it would
        // leave the rest to be walked one second at a time.
        let whole = (steps - 1).max(0);
        let shift = whole
            .checked_mul(step.num_seconds())
            .and_then(Duration::try_seconds)
            .ok_or_else(|| {
                TimeError::out_of_range("recurrence expansion", "window too far from DTSTART")
            })?;
        self.start.checked_add_signed(shift).ok_or_else(|| {
            TimeError::out_of_range("recurrence expansion", "window too far from DTSTART")
        })
    }
}

/// An upper bound of the occurrences one period of a rule generates: the product of its
/// expanding BY* parts (those finer than the frequency).
fn per_period(rule: &RRule) -> u64 {
    let n = |len: usize| (len.max(1)) as u64;
    let freq = rule.get_freq();
    let finer = |f: Frequency| (freq as u8) < (f as u8);
    let mut count = 1u64;
    if finer(Frequency::Hourly) {
        count = count.saturating_mul(n(rule.get_by_hour().len()));
    }
    if finer(Frequency::Minutely) {
        count = count.saturating_mul(n(rule.get_by_minute().len()));
    }
    if finer(Frequency::Secondly) {
        count = count.saturating_mul(n(rule.get_by_second().len()));
    }
    match freq {
        Frequency::Yearly => count.saturating_mul(366),
        Frequency::Monthly => count.saturating_mul(31),
        Frequency::Weekly => count.saturating_mul(7),
        _ => count,
    }
}

fn rule_freq(rule: &RRule<Unvalidated>) -> Frequency {
    // The unvalidated rule does not expose its frequency; read it from the text form.
    let text = rule.to_string();
    text.split(';')
        .find_map(|p| p.strip_prefix("FREQ="))
        .and_then(|f| f.parse().ok())
        .unwrap_or(Frequency::Yearly)
}

/// A local time as an `rrule` date-time in the floating frame (UTC, which has no DST).
fn floating(local: NaiveDateTime) -> Result<DateTime<RTz>, TimeError> {
    if local.and_utc().timestamp() < -2_208_988_800 || local.and_utc().timestamp() > 253_402_300_799
    {
        return Err(TimeError::out_of_range(
            format!("local time {local}"),
            "recurrences are supported between the years 1900 and 9999",
        ));
    }
    Ok(RTz::UTC.from_utc_datetime(&local))
}

fn parse_dtstart(
    text: &str,
    tzid: Option<&str>,
    value: &str,
) -> Result<(Zone, NaiveDateTime), TimeError> {
    let invalid = |reason: String| TimeError::InvalidRrule {
        input: text.chars().take(200).collect(),
        reason,
    };
    let (value, utc) = match value.strip_suffix('Z') {
        Some(v) => (v, true),
        None => (value, false),
    };
    let local = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").map_err(|_| {
        invalid(format!(
            "date-time {value:?} is not in the form YYYYMMDDTHHMMSS"
        ))
    })?;
    match (tzid, utc) {
        (Some(_), true) => Err(invalid(
            "a date-time with TZID must not end in \"Z\"".to_string(),
        )),
        (Some(name), false) => Ok((Zone::parse(name)?, local)),
        (None, true) => Ok((Zone::UTC, local)),
        (None, false) => Err(TimeError::RruleWithoutZone {
            input: text.chars().take(200).collect(),
        }),
    }
}

/// Parses the RRULE value, taking UNTIL out so it can be converted to the floating frame.
fn parse_rule(
    value: &str,
    zone: Zone,
    start: NaiveDateTime,
) -> Result<(RRule<Unvalidated>, Option<NaiveDateTime>), String> {
    let mut until = None;
    let mut kept = Vec::new();
    for part in value.split(';').filter(|p| !p.is_empty()) {
        let (k, v) = part
            .split_once('=')
            .ok_or_else(|| format!("rule part {part:?} is not NAME=VALUE"))?;
        if k.eq_ignore_ascii_case("UNTIL") {
            until = Some(parse_until(v, zone)?);
        } else {
            kept.push(part);
        }
    }
    if let Some(u) = until {
        if u < start {
            return Err(format!("UNTIL {u} is before DTSTART {start}"));
        }
    }
    let rule: RRule<Unvalidated> = kept
        .join(";")
        .parse()
        .map_err(|e: rrule::RRuleError| e.to_string())?;
    Ok((rule, until))
}

fn parse_until(v: &str, zone: Zone) -> Result<NaiveDateTime, String> {
    if let Some(utc) = v.strip_suffix('Z') {
        let t = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S")
            .map_err(|_| format!("UNTIL {v:?} is not YYYYMMDDTHHMMSSZ"))?;
        return Ok(zone.to_local(Utc.from_utc_datetime(&t)));
    }
    if let Ok(t) = NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%S") {
        return Ok(t);
    }
    // A DATE value: the whole day is included.
    NaiveDate::parse_from_str(v, "%Y%m%d")
        .map(|d| d.and_hms_opt(23, 59, 59).unwrap_or_default())
        .map_err(|_| format!("UNTIL {v:?} is neither a date nor a date-time"))
}

/// A recurrence of calendar dates without a time or zone, such as a yearly holiday
/// (`FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25`, or `FREQ=YEARLY;BYMONTH=11;BYDAY=4TH`).
///
/// The rule starts on `start` (default 1970-01-01), which matters only for `INTERVAL` and
/// `COUNT`.
///
/// ```
/// use chrono::NaiveDate;
/// use watchstander::time::DateRecurrence;
/// let thanksgiving = DateRecurrence::parse("FREQ=YEARLY;BYMONTH=11;BYDAY=4TH", None)?;
/// let days = thanksgiving.dates_in_years(2026, 2027)?;
/// assert_eq!(days, vec![
///     NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
///     NaiveDate::from_ymd_opt(2027, 11, 25).unwrap(),
/// ]);
/// # Ok::<(), watchstander::time::TimeError>(())
/// ```
#[derive(Debug, Clone)]
pub struct DateRecurrence {
    inner: Recurrence,
}

impl DateRecurrence {
    /// Parses an RRULE value (without `RRULE:` or DTSTART) starting on `start`.
    pub fn parse(rule: &str, start: Option<&str>) -> Result<DateRecurrence, TimeError> {
        let rule = rule.trim();
        let rule = rule.strip_prefix("RRULE:").unwrap_or(rule);
        if rule.contains(char::is_whitespace) || rule.to_ascii_uppercase().contains("DTSTART") {
            return Err(TimeError::InvalidRrule {
                input: rule.chars().take(200).collect(),
                reason: "a date rule is one RRULE value such as \"FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25\"; give the start date separately".to_string(),
            });
        }
        let start = match start {
            Some(s) => parse_date(s)?,
            None => NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default(),
        };
        let text = format!("DTSTART:{}Z\nRRULE:{rule}", start.format("%Y%m%dT000000"));
        let inner = Recurrence::parse(&text).map_err(|e| match e {
            TimeError::InvalidRrule { reason, .. } => TimeError::InvalidRrule {
                input: rule.chars().take(200).collect(),
                reason,
            },
            other => other,
        })?;
        if matches!(
            inner.frequency(),
            Frequency::Hourly | Frequency::Minutely | Frequency::Secondly
        ) {
            return Err(TimeError::InvalidRrule {
                input: rule.chars().take(200).collect(),
                reason: "a date rule recurs by days, weeks, months or years (FREQ=DAILY or longer); an hourly rule names every date anyway".to_string(),
            });
        }
        Ok(DateRecurrence { inner })
    }

    /// The dates of the rule in the years `from_year..=to_year`.
    pub fn dates_in_years(
        &self,
        from_year: i32,
        to_year: i32,
    ) -> Result<Vec<NaiveDate>, TimeError> {
        let bad = || TimeError::out_of_range("holiday year", "years 1900 to 9998 are supported");
        let from = NaiveDate::from_ymd_opt(from_year, 1, 1).ok_or_else(bad)?;
        let to = NaiveDate::from_ymd_opt(to_year.checked_add(1).ok_or_else(bad)?, 1, 1)
            .ok_or_else(bad)?;
        let mut dates: Vec<NaiveDate> = self
            .inner
            .local_occurrences(
                from.and_time(chrono::NaiveTime::MIN),
                to.and_time(chrono::NaiveTime::MIN),
                MAX_OCCURRENCES,
            )?
            .into_iter()
            .map(|t| t.date())
            .collect();
        dates.dedup();
        Ok(dates)
    }
}
