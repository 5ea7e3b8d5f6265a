//! Per-person totals and the fairness ledger.
//!
//! Totals are read on each person's **own** wall clock: a night is 22:00–08:00 (configurable)
//! where *they* live, a weekend is *their* Saturday and Sunday, a holiday is a date of *their*
//! holiday calendars. Someone in Singapore covering 14:00–22:00 UTC works nights; someone in
//! London covering the same hours does not.
//!
//! The ledger weights those hours — by default an hour counts 1 point, a night hour 0.5 more,
//! a weekend hour 1 more, a holiday hour 2 more — adds each person's opening balance (so it
//! survives from one period to the next), and compares everyone with the fair share: the total
//! divided by the number of people sharing the load. A positive `over_fair_share` means the
//! person carried more than their share.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::compiled::CompiledSchedule;
use super::interval::{merge, seconds_to_hours, Interval};
use super::ScheduleError;
use crate::time::{ClockTime, ClockWindow, Disambiguation, Zone};

/// Points per hour for each kind of on-call time. Extra kinds add to the base: a weekend night
/// hour on a holiday scores `hour + night + weekend + holiday`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Weights {
    /// Every hour on call.
    #[serde(default = "one")]
    pub hour: f64,
    /// Extra per night hour.
    #[serde(default = "half")]
    pub night: f64,
    /// Extra per weekend hour.
    #[serde(default = "one")]
    pub weekend: f64,
    /// Extra per holiday hour.
    #[serde(default = "two")]
    pub holiday: f64,
}

fn one() -> f64 {
    1.0
}
fn half() -> f64 {
    0.5
}
fn two() -> f64 {
    2.0
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            hour: 1.0,
            night: 0.5,
            weekend: 1.0,
            holiday: 2.0,
        }
    }
}

fn default_night() -> ClockWindow {
    ClockWindow::new(
        ClockTime::new(22, 0).unwrap_or(ClockTime::MIDNIGHT),
        ClockTime::new(8, 0).unwrap_or(ClockTime::MIDNIGHT),
    )
}

/// How to total and weigh on-call time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FairnessSettings {
    /// Points per hour.
    #[serde(default)]
    pub weights: Weights,
    /// The local night window, default `22:00-08:00` (the window's date is the evening's).
    #[serde(default = "default_night")]
    pub night: ClockWindow,
    /// Points carried over from earlier periods, per person.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub opening_balance: BTreeMap<String, f64>,
    /// Who shares the load. Default: every member who had a turn in the window plus everyone
    /// with on-call time (and everyone with an opening balance).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub people: Option<Vec<String>>,
}

impl Default for FairnessSettings {
    fn default() -> Self {
        FairnessSettings {
            weights: Weights::default(),
            night: default_night(),
            opening_balance: BTreeMap::new(),
            people: None,
        }
    }
}

/// One person's on-call time in a window, read in their own zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PersonTotals {
    /// Who.
    pub person: String,
    /// Their display name, if the schedule lists one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Their zone.
    pub zone: Zone,
    /// Number of shifts (fragments) overlapping the window.
    pub shifts: u64,
    /// Hours on call.
    pub hours: f64,
    /// Hours inside their local night window.
    pub night_hours: f64,
    /// Hours on their local Saturdays and Sundays.
    pub weekend_hours: f64,
    /// Hours on their holidays.
    pub holiday_hours: f64,
    /// Nights (by the evening's date) with any on-call time.
    pub nights: u64,
    /// Weekend days with any on-call time.
    pub weekend_days: u64,
    /// Holidays with any on-call time.
    pub holidays: u64,
}

/// One row of the ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LedgerRow {
    /// Totals.
    #[serde(flatten)]
    pub totals: PersonTotals,
    /// Points earned in the window.
    pub points: f64,
    /// Points carried in.
    pub opening_balance: f64,
    /// `opening_balance + points`.
    pub balance: f64,
    /// `balance - fair_share`: positive means more than their share.
    pub over_fair_share: f64,
}

/// The fairness ledger of a window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FairnessLedger {
    /// The window.
    pub window: Interval,
    /// The weights used.
    pub weights: Weights,
    /// Sum of all balances.
    pub total: f64,
    /// Total divided by the number of people.
    pub fair_share: f64,
    /// Highest minus lowest balance.
    pub spread: f64,
    /// Rows, highest balance first.
    pub rows: Vec<LedgerRow>,
}

fn hours(seconds: i64) -> f64 {
    seconds_to_hours(seconds)
}

/// Instants of local `[date + a, date + b)` (b may pass midnight) in `zone`.
fn local_span(
    zone: Zone,
    date: NaiveDate,
    window: &ClockWindow,
) -> Result<Option<Interval>, ScheduleError> {
    let (a, b) = window.on(date);
    let s = zone.resolve_local(a, Disambiguation::Compatible)?.instant;
    let e = zone.resolve_local(b, Disambiguation::Compatible)?.instant;
    // An empty span would overlap nothing, so `<=` here changes no total.
    Ok((s < e).then_some(Interval { start: s, end: e }))
}

/// Seconds of the sorted, disjoint `list` inside `span` (a binary search, then the overlap).
fn overlap_seconds(list: &[Interval], span: &Interval) -> i64 {
    let lo = list.partition_point(|iv| iv.end <= span.start);
    list.get(lo..)
        .unwrap_or(&[])
        .iter()
        // An interval starting at the span's end intersects it in nothing (`<=` is the same).
        .take_while(|iv| iv.start < span.end)
        .filter_map(|iv| iv.intersect(span))
        .map(|iv| iv.duration().num_seconds())
        .sum()
}

impl CompiledSchedule {
    /// Everyone's totals over `window`, in each person's own zone, sorted by person. People
    /// who had a turn but no on-call time are listed with zeros.
    pub fn totals(
        &self,
        window: Interval,
        settings: &FairnessSettings,
    ) -> Result<Vec<PersonTotals>, ScheduleError> {
        let (a, b) = self.check_window(window)?;
        let cols = self.shift_columns();
        let mut by_person: BTreeMap<&str, Vec<Interval>> = BTreeMap::new();
        let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
        let names = self.people();
        for i in self.shifts.overlapping(a, b) {
            let Some(row) = cols.row(i) else { continue };
            let shift = Interval {
                start: super::text::instant(row.start),
                end: super::text::instant(row.end),
            };
            let Some(person) = names.get(row.person as usize) else {
                continue;
            };
            if let Some(iv) = shift.intersect(&window) {
                by_person.entry(person).or_default().push(iv);
                *counts.entry(person).or_default() += 1;
            }
        }
        let mut people: BTreeSet<String> = match &settings.people {
            Some(list) => list.iter().cloned().collect(),
            None => self
                .members
                .iter()
                .filter_map(|h| names.get(*h as usize).cloned())
                .chain(by_person.keys().map(|p| p.to_string()))
                .collect(),
        };
        people.extend(settings.opening_balance.keys().cloned());
        let mut out = Vec::with_capacity(people.len());
        for person in people {
            let list = by_person.get(person.as_str()).cloned().unwrap_or_default();
            let count = counts.get(person.as_str()).copied().unwrap_or(0);
            out.push(self.totals_for(&person, &list, count, window, settings)?);
        }
        Ok(out)
    }

    /// Totals of one person's on-call `intervals` (need not be sorted) in their own zone.
    pub(crate) fn totals_for(
        &self,
        person: &str,
        intervals: &[Interval],
        shifts: u64,
        window: Interval,
        settings: &FairnessSettings,
    ) -> Result<PersonTotals, ScheduleError> {
        let list = merge(intervals.to_vec());
        let p = self.person(person);
        let zone = p.zone;
        let mut t = PersonTotals {
            person: person.to_string(),
            name: p.name.clone(),
            zone,
            shifts,
            hours: hours(list.iter().map(|iv| iv.duration().num_seconds()).sum()),
            night_hours: 0.0,
            weekend_hours: 0.0,
            holiday_hours: 0.0,
            nights: 0,
            weekend_days: 0,
            holidays: 0,
        };
        let (Some(first), Some(last)) = (list.first(), list.last()) else {
            return Ok(t);
        };
        let holidays: BTreeSet<NaiveDate> = p.holiday_dates(window)?.into_iter().collect();
        let full_day = ClockWindow::new(ClockTime::MIDNIGHT, ClockTime::MIDNIGHT);
        let mut date = zone.to_local(first.start).date() - Duration::days(1);
        let end_date = zone.to_local(last.end).date();
        let (mut night_s, mut weekend_s, mut holiday_s) = (0i64, 0i64, 0i64);
        while date <= end_date {
            if let Some(span) = local_span(zone, date, &settings.night)? {
                let s = overlap_seconds(&list, &span);
                if s > 0 {
                    night_s += s;
                    t.nights += 1;
                }
            }
            let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
            let holiday = holidays.contains(&date);
            if weekend || holiday {
                if let Some(span) = local_span(zone, date, &full_day)? {
                    let s = overlap_seconds(&list, &span);
                    if s > 0 && weekend {
                        weekend_s += s;
                        t.weekend_days += 1;
                    }
                    if s > 0 && holiday {
                        holiday_s += s;
                        t.holidays += 1;
                    }
                }
            }
            date = match date.succ_opt() {
                Some(d) => d,
                None => break,
            };
        }
        t.night_hours = hours(night_s);
        t.weekend_hours = hours(weekend_s);
        t.holiday_hours = hours(holiday_s);
        Ok(t)
    }

    /// The fairness ledger over `window`.
    ///
    /// ```
    /// # use watchstander::schedule::{FairnessSettings, Interval, Schedule};
    /// # use watchstander::time::parse_instant;
    /// // Alternating days in UTC, Alice starting on Thursday 1 January 2026.
    /// let s: Schedule = serde_json::from_str(r#"{"id": "s", "zone": "UTC", "layers": [
    ///   {"id": "l", "rotation": {"members": ["alice", "bob"], "anchor": "2026-01-01",
    ///    "handoff": {"every": 1, "unit": "days"}}}]}"#)?;
    /// let w = Interval::new(parse_instant("2026-01-01T00:00:00Z")?, parse_instant("2026-01-05T00:00:00Z")?)?;
    /// let ledger = s.compile(w)?.fairness(w, &FairnessSettings::default())?;
    /// // Alice: Thursday and Saturday; Bob: Friday and Sunday. Each has 48 hours, of which 24
    /// // on a weekend and 20 at night (00:00-08:00 and 22:00-24:00 of each day, 10 h a day):
    /// // 48 × 1 + 20 × 0.5 + 24 × 1 = 82 points each, exactly the fair share.
    /// assert_eq!(ledger.rows.len(), 2);
    /// assert_eq!(ledger.rows[0].points, 82.0);
    /// assert_eq!(ledger.rows[1].points, 82.0);
    /// assert_eq!(ledger.spread, 0.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fairness(
        &self,
        window: Interval,
        settings: &FairnessSettings,
    ) -> Result<FairnessLedger, ScheduleError> {
        let w = settings.weights;
        for (name, v) in [
            ("hour", w.hour),
            ("night", w.night),
            ("weekend", w.weekend),
            ("holiday", w.holiday),
        ] {
            if !v.is_finite() || v < 0.0 {
                return Err(ScheduleError::InvalidFairness {
                    reason: format!("weight {name:?} is {v}; weights are finite and ≥ 0"),
                });
            }
        }
        if let Some((p, v)) = settings
            .opening_balance
            .iter()
            .find(|(_, v)| !v.is_finite())
        {
            return Err(ScheduleError::InvalidFairness {
                reason: format!("opening balance of {p:?} is {v}; use a finite number"),
            });
        }
        let totals = self.totals(window, settings)?;
        let mut rows: Vec<LedgerRow> = totals
            .into_iter()
            .map(|t| {
                let points = t.hours * w.hour
                    + t.night_hours * w.night
                    + t.weekend_hours * w.weekend
                    + t.holiday_hours * w.holiday;
                let opening = settings
                    .opening_balance
                    .get(&t.person)
                    .copied()
                    .unwrap_or(0.0);
                LedgerRow {
                    totals: t,
                    points,
                    opening_balance: opening,
                    balance: opening + points,
                    over_fair_share: 0.0,
                }
            })
            .collect();
        let total: f64 = rows.iter().map(|r| r.balance).sum();
        let fair = if rows.is_empty() {
            0.0
        } else {
            total / rows.len() as f64
        };
        for r in &mut rows {
            r.over_fair_share = r.balance - fair;
        }
        rows.sort_by(|a, b| {
            b.balance
                .total_cmp(&a.balance)
                .then_with(|| a.totals.person.cmp(&b.totals.person))
        });
        let spread = match (rows.first(), rows.last()) {
            (Some(a), Some(b)) => a.balance - b.balance,
            _ => 0.0,
        };
        let overflow = |what: &str, person: &str| ScheduleError::FairnessOverflow {
            what: what.to_string(),
            person: person.to_string(),
        };
        for r in &rows {
            for (what, v) in [
                ("points", r.points),
                ("balance", r.balance),
                ("over_fair_share", r.over_fair_share),
            ] {
                if !v.is_finite() {
                    return Err(overflow(what, &r.totals.person));
                }
            }
        }
        for (what, v) in [("total", total), ("fair_share", fair), ("spread", spread)] {
            if !v.is_finite() {
                return Err(overflow(what, ""));
            }
        }
        Ok(FairnessLedger {
            window,
            weights: w,
            total,
            fair_share: fair,
            spread,
            rows,
        })
    }
}
