//! Responders: who they are, the zone they live in and their holidays.
//!
//! Every per-person number is read on the person's **own** wall clock, as PagerDuty's
//! interruption report and Opsgenie's on-call time report do: a page at 03:00 UTC is sleep time
//! for someone in London and business hours for someone in Singapore. Holidays come from the
//! same rules as the business calendars of the [`time`](crate::time) module
//! ([`HolidaySpec`]: a date or a yearly RRULE), either the person's own or shared calendars
//! they name.
//!
//! Somebody who is paged or on call but not listed is an *unknown person*: they are counted,
//! read in the report's zone with no holidays, and reported as a data-quality finding.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{MetricsError, ReportWindow, MAX_PEOPLE};
use crate::time::{parse_date, DateRecurrence, HolidaySpec, Zone};

/// A person who can be paged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(rename = "MetricsResponder"))]
pub struct Responder {
    /// The id pages and shifts use.
    pub id: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The zone they live in (default: the report's zone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<Zone>,
    /// Names of shared calendars in `holiday_calendars`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holiday_calendars: Vec<String>,
    /// Their own holidays (dates or yearly rules; reduced `hours` still make the date a holiday).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holidays: Vec<HolidaySpec>,
}

/// One person as the metrics use them.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    pub(crate) id: String,
    pub(crate) name: Option<String>,
    pub(crate) zone: Zone,
    /// Holiday dates in the window (± a day), as days since 1970-01-01.
    pub(crate) holidays: HashSet<i64>,
    /// Listed in `people` (not an unknown person).
    pub(crate) listed: bool,
}

/// Everyone the metrics know about: the listed people, then the unknown ones as met.
#[derive(Debug, Clone, Default)]
pub(crate) struct Roster {
    pub(crate) members: Vec<Member>,
    index: HashMap<String, u32>,
    default_zone: Option<Zone>,
}

/// Days since 1970-01-01 of a date.
pub(crate) fn day_number(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce()) - 719_163
}

fn holiday_dates(
    specs: &[HolidaySpec],
    from_year: i32,
    to_year: i32,
    out: &mut HashSet<i64>,
) -> Result<(), MetricsError> {
    for h in specs {
        if let Some(d) = &h.date {
            out.insert(day_number(parse_date(d)?));
        }
        if let Some(rule) = &h.rrule {
            let r = DateRecurrence::parse(rule, h.start.as_deref())?;
            for d in r.dates_in_years(from_year, to_year)? {
                out.insert(day_number(d));
            }
        }
    }
    Ok(())
}

impl Roster {
    /// The roster of `people`, with holidays expanded over the window's years.
    pub(crate) fn new(
        people: &[Responder],
        calendars: &BTreeMap<String, Vec<HolidaySpec>>,
        window: &ReportWindow,
    ) -> Result<Roster, MetricsError> {
        if people.len() > MAX_PEOPLE {
            return Err(MetricsError::too_many("people", people.len(), MAX_PEOPLE));
        }
        let from_year = window.start.year() - 1;
        let to_year = window.end.year() + 1;
        let mut expanded: BTreeMap<&str, HashSet<i64>> = BTreeMap::new();
        for (name, specs) in calendars {
            let mut set = HashSet::new();
            holiday_dates(specs, from_year, to_year, &mut set)?;
            expanded.insert(name, set);
        }
        let mut r = Roster {
            default_zone: Some(window.zone),
            ..Roster::default()
        };
        for p in people {
            if r.index.contains_key(&p.id) {
                return Err(MetricsError::DuplicatePerson {
                    person: p.id.clone(),
                });
            }
            let mut holidays = HashSet::new();
            holiday_dates(&p.holidays, from_year, to_year, &mut holidays)?;
            for c in &p.holiday_calendars {
                let set = expanded.get(c.as_str()).ok_or_else(|| {
                    MetricsError::UnknownHolidayCalendar {
                        person: p.id.clone(),
                        calendar: c.clone(),
                        known: calendars.keys().cloned().collect(),
                    }
                })?;
                holidays.extend(set.iter().copied());
            }
            r.index.insert(p.id.clone(), r.members.len() as u32);
            r.members.push(Member {
                id: p.id.clone(),
                name: p.name.clone(),
                zone: p.zone.unwrap_or(window.zone),
                holidays,
                listed: true,
            });
        }
        Ok(r)
    }

    /// The index of a person, adding them as unknown if not listed. The second value is
    /// whether they were just added.
    pub(crate) fn find_or_add(&mut self, id: &str) -> Result<(u32, bool), MetricsError> {
        if let Some(&i) = self.index.get(id) {
            return Ok((i, false));
        }
        if self.members.len() >= MAX_PEOPLE + super::MAX_DISTINCT {
            return Err(MetricsError::too_many(
                "people",
                self.members.len() + 1,
                MAX_PEOPLE,
            ));
        }
        let i = self.members.len() as u32;
        self.index.insert(id.to_string(), i);
        self.members.push(Member {
            id: id.to_string(),
            name: None,
            zone: self.default_zone.unwrap_or(Zone::UTC),
            holidays: HashSet::new(),
            listed: false,
        });
        Ok((i, true))
    }

    pub(crate) fn get(&self, i: u32) -> Option<&Member> {
        self.members.get(i as usize)
    }

    pub(crate) fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether anybody is listed (an empty list makes nobody unknown).
    pub(crate) fn any_listed(&self) -> bool {
        self.members.iter().any(|m| m.listed)
    }
}
