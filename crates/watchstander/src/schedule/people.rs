//! People: zones, holidays and time off, read in each person's own zone.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};

use super::interval::Interval;
use super::spec::{DayOffSpec, PersonSpec};
use super::text::{check_id, whole_seconds};
use super::ScheduleError;
use crate::time::{parse_date, parse_instant, DateRecurrence, Disambiguation, Zone};

/// The most holiday and time-off entries one person may have.
pub const MAX_DAYS_OFF: usize = 1_000;

#[derive(Debug, Clone)]
enum DayOffRule {
    Days(NaiveDate, NaiveDate),
    Rule(Box<DateRecurrence>),
    Instants(Interval),
}

#[derive(Debug, Clone)]
struct DayOff {
    name: String,
    holiday: bool,
    rule: DayOffRule,
}

/// A validated person.
#[derive(Debug, Clone)]
pub(crate) struct Person {
    pub id: String,
    pub name: Option<String>,
    pub zone: Zone,
    pub backup: Option<String>,
    days_off: Vec<DayOff>,
}

/// A stretch of time a person is off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OffInterval {
    pub interval: Interval,
    pub name: String,
    pub holiday: bool,
}

fn parse_day_off(person: &str, spec: &DayOffSpec, holiday: bool) -> Result<DayOff, ScheduleError> {
    let bad = |reason: String| ScheduleError::InvalidTimeOff {
        person: person.to_string(),
        reason,
    };
    let default_name = if holiday { "holiday" } else { "time off" };
    let name = spec
        .name
        .clone()
        .unwrap_or_else(|| default_name.to_string());
    let forms = [
        spec.date.is_some(),
        spec.rrule.is_some(),
        spec.from.is_some() || spec.to.is_some(),
    ];
    if forms.iter().filter(|f| **f).count() != 1 {
        return Err(bad(format!(
            "entry {name:?} must have exactly one of \"date\", \"rrule\" or \"from\"/\"to\""
        )));
    }
    if spec.rrule_start.is_some() && spec.rrule.is_none() {
        return Err(bad(format!(
            "entry {name:?} has \"rrule_start\" without \"rrule\""
        )));
    }
    let rule = if let Some(d) = &spec.date {
        let d = parse_date(d)?;
        DayOffRule::Days(d, d)
    } else if let Some(r) = &spec.rrule {
        DayOffRule::Rule(Box::new(DateRecurrence::parse(
            r,
            spec.rrule_start.as_deref(),
        )?))
    } else {
        let (Some(from), Some(to)) = (&spec.from, &spec.to) else {
            return Err(bad(format!(
                "entry {name:?} needs both \"from\" and \"to\""
            )));
        };
        match (parse_date(from), parse_date(to)) {
            (Ok(a), Ok(b)) => {
                if b < a {
                    return Err(bad(format!(
                        "entry {name:?}: \"to\" {b} is before \"from\" {a}"
                    )));
                }
                DayOffRule::Days(a, b)
            }
            _ => {
                let a = parse_instant(from)?;
                let b = parse_instant(to)?;
                whole_seconds(|| format!("time off {name:?} of {person:?}: from"), a)?;
                whole_seconds(|| format!("time off {name:?} of {person:?}: to"), b)?;
                DayOffRule::Instants(Interval::checked(
                    a,
                    b,
                    &format!("time off {name:?} of {person:?}"),
                )?)
            }
        }
    };
    Ok(DayOff {
        name,
        holiday,
        rule,
    })
}

impl Person {
    /// Validates a person; `calendars` are the schedule's shared holiday calendars.
    pub(crate) fn new(
        spec: &PersonSpec,
        default_zone: Zone,
        calendars: &BTreeMap<String, Vec<DayOffSpec>>,
    ) -> Result<Person, ScheduleError> {
        check_id("person", &spec.id)?;
        let mut days_off = Vec::new();
        for cal in &spec.holiday_calendars {
            let entries = calendars
                .get(cal)
                .ok_or_else(|| ScheduleError::InvalidTimeOff {
                    person: spec.id.clone(),
                    reason: format!(
                        "unknown holiday calendar {cal:?}; the schedule defines {}",
                        calendars.keys().cloned().collect::<Vec<_>>().join(", ")
                    ),
                })?;
            for e in entries {
                days_off.push(parse_day_off(&spec.id, e, true)?);
            }
        }
        for e in &spec.holidays {
            days_off.push(parse_day_off(&spec.id, e, true)?);
        }
        for e in &spec.time_off {
            days_off.push(parse_day_off(&spec.id, e, false)?);
        }
        if days_off.len() > MAX_DAYS_OFF {
            return Err(ScheduleError::limit(
                "holiday and time-off entries for one person",
                days_off.len(),
                MAX_DAYS_OFF,
                "use RRULEs for recurring days and date ranges for leave",
            ));
        }
        Ok(Person {
            id: spec.id.clone(),
            name: spec.name.clone(),
            zone: spec.zone.unwrap_or(default_zone),
            backup: spec.backup.clone(),
            days_off,
        })
    }

    /// A person the schedule does not list: the schedule's zone, no time off.
    pub(crate) fn unlisted(id: &str, zone: Zone) -> Person {
        Person {
            id: id.to_string(),
            name: None,
            zone,
            backup: None,
            days_off: Vec::new(),
        }
    }

    /// The instants of local day `d` in the person's zone.
    fn day_span(&self, a: NaiveDate, b: NaiveDate) -> Result<Interval, ScheduleError> {
        let start = self.zone.resolve_local(
            a.and_time(chrono::NaiveTime::MIN),
            Disambiguation::Compatible,
        )?;
        let end_date = b.succ_opt().unwrap_or(b);
        let end = self.zone.resolve_local(
            end_date.and_time(chrono::NaiveTime::MIN),
            Disambiguation::Compatible,
        )?;
        Interval::checked(
            start.instant,
            end.instant,
            &format!("day off of {:?}", self.id),
        )
    }

    /// Time off and holidays overlapping `window`, sorted by start.
    pub(crate) fn off_within(&self, window: Interval) -> Result<Vec<OffInterval>, ScheduleError> {
        let mut out = Vec::new();
        let first = self.zone.to_local(window.start).date() - Duration::days(1);
        let last = self.zone.to_local(window.end).date() + Duration::days(1);
        for d in &self.days_off {
            let mut push = |iv: Interval| {
                if iv.overlaps(&window) {
                    out.push(OffInterval {
                        interval: iv,
                        name: d.name.clone(),
                        holiday: d.holiday,
                    });
                }
            };
            match &d.rule {
                // The date tests below only save work: `push` keeps what overlaps the window
                // whatever they let through (so `&&` → `||` there is an equivalent mutant).
                DayOffRule::Days(a, b) => {
                    if *b >= first && *a <= last {
                        push(self.day_span(*a, *b)?);
                    }
                }
                DayOffRule::Instants(iv) => push(*iv),
                DayOffRule::Rule(r) => {
                    for date in r.dates_in_years(first.year(), last.year())? {
                        if date >= first && date <= last {
                            push(self.day_span(date, date)?);
                        }
                    }
                }
            }
        }
        out.sort_by_key(|o| o.interval);
        Ok(out)
    }

    /// Whether the person has a holiday (not leave) on local date `date`.
    pub(crate) fn holiday_dates(&self, window: Interval) -> Result<Vec<NaiveDate>, ScheduleError> {
        let mut dates = Vec::new();
        for o in self.off_within(window)?.into_iter().filter(|o| o.holiday) {
            let mut d = self.zone.to_local(o.interval.start).date();
            let end = self.zone.to_local(o.interval.end).date();
            while d < end {
                dates.push(d);
                d = match d.succ_opt() {
                    Some(n) => n,
                    None => break,
                };
            }
        }
        dates.sort();
        dates.dedup();
        Ok(dates)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(json: &str) -> Result<Person, ScheduleError> {
        let spec: PersonSpec = serde_json::from_str(json).unwrap();
        let mut cals = BTreeMap::new();
        cals.insert(
            "uk".to_string(),
            vec![DayOffSpec {
                name: Some("Christmas Day".into()),
                date: None,
                rrule: Some("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25".into()),
                rrule_start: None,
                from: None,
                to: None,
            }],
        );
        Person::new(&spec, Zone::UTC, &cals)
    }

    fn window(a: &str, b: &str) -> Interval {
        Interval::new(parse_instant(a).unwrap(), parse_instant(b).unwrap()).unwrap()
    }

    #[test]
    fn holidays_are_whole_local_days_in_the_persons_zone() {
        let p = person(r#"{"id": "dana", "zone": "Asia/Kolkata", "holiday_calendars": ["uk"]}"#)
            .unwrap();
        let off = p
            .off_within(window("2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z"))
            .unwrap();
        assert_eq!(off.len(), 1);
        // 25 December 00:00 IST = 24 December 18:30 UTC.
        assert_eq!(
            off[0].interval.start.to_rfc3339(),
            "2026-12-24T18:30:00+00:00"
        );
        assert_eq!(off[0].interval.hours(), 24.0);
        assert!(off[0].holiday);
        assert_eq!(off[0].name, "Christmas Day");
    }

    #[test]
    fn date_ranges_are_inclusive_and_instants_exact() {
        let p = person(r#"{"id": "bob", "zone": "Europe/London", "time_off": [
            {"name": "Leave", "from": "2026-03-27", "to": "2026-03-30"},
            {"name": "Dentist", "from": "2026-05-05T13:00:00+01:00", "to": "2026-05-05T15:00:00+01:00"}]}"#).unwrap();
        let off = p
            .off_within(window("2026-03-01T00:00:00Z", "2026-06-01T00:00:00Z"))
            .unwrap();
        assert_eq!(off.len(), 2);
        // 27 March 00:00 GMT to 31 March 00:00 BST: four local days, one of them 23 h.
        assert_eq!(off[0].interval.hours(), 95.0);
        assert_eq!(off[1].interval.hours(), 2.0);
        assert!(!off[0].holiday);
    }

    #[test]
    fn bad_entries_are_typed_errors() {
        for bad in [
            r#"{"id": "x", "time_off": [{"date": "2026-01-01", "rrule": "FREQ=YEARLY"}]}"#,
            r#"{"id": "x", "time_off": [{"from": "2026-01-05"}]}"#,
            r#"{"id": "x", "time_off": [{"from": "2026-01-05", "to": "2026-01-01"}]}"#,
            r#"{"id": "x", "holiday_calendars": ["nowhere"]}"#,
            r#"{"id": "x", "time_off": [{"rrule_start": "2026-01-01", "date": "2026-01-01"}]}"#,
        ] {
            assert_eq!(person(bad).unwrap_err().code(), "invalid_time_off", "{bad}");
        }
        assert_eq!(
            person(r#"{"id": "x", "time_off": [{"date": "2026-13-01"}]}"#)
                .unwrap_err()
                .code(),
            "invalid_date"
        );
    }

    #[test]
    fn a_day_off_is_one_local_day() {
        let p = person(r#"{"id": "x", "time_off": [{"date": "2026-01-02"}]}"#).unwrap();
        let w = window("2026-01-01T12:00:00Z", "2026-01-03T12:00:00Z");
        let off = p.off_within(w).unwrap();
        assert_eq!(off.len(), 1);
        assert_eq!(off[0].interval.hours(), 24.0);
        assert_eq!(p.holiday_dates(w).unwrap(), Vec::<NaiveDate>::new());
    }

    #[test]
    fn days_off_cut_by_either_end_of_the_window_are_found() {
        // The window starts in the middle of 1 January and ends in the middle of
        // 25 December: both days are partly inside it, as a date and as a rule.
        let p = person(
            r#"{"id": "x", "holiday_calendars": ["uk"],
                "time_off": [{"date": "2026-01-01"}, {"date": "2026-12-25"}]}"#,
        )
        .unwrap();
        let w = window("2026-01-01T12:00:00Z", "2026-12-25T12:00:00Z");
        let starts: Vec<String> = p
            .off_within(w)
            .unwrap()
            .iter()
            .map(|o| format!("{} {}", o.interval.start.to_rfc3339(), o.holiday))
            .collect();
        assert_eq!(
            starts,
            [
                "2026-01-01T00:00:00+00:00 false",
                "2026-12-25T00:00:00+00:00 true",
                "2026-12-25T00:00:00+00:00 false"
            ]
        );
    }
}
