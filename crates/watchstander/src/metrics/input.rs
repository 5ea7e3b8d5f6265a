//! The metrics input document: the window, the incidents, pages, on-call time and people, and
//! the settings. Every metrics operation takes it whole (each reads the parts it needs), so one
//! file serves `metrics.response`, `metrics.health`, `metrics.compensation` and
//! `metrics.report` alike.
//!
//! Incidents may come in three forms, all counted together: `incidents` (records),
//! `incident_columns` (parallel arrays, for millions) and `incident_histories` (event lists,
//! folded by the incident module). Pages: `pages` (records) and `page_columns`. On-call time:
//! `oncall` (shifts) and `schedules` (compiled over the window; their people, zones and
//! holidays join `people`).

use std::collections::BTreeMap;
use std::marker::PhantomData;

use chrono::{DateTime, Utc};
use serde::de::{Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::{
    AlertRule, IncidentColumns, IncidentRecord, MetricsError, MetricsSettings, OnCallShift, Page,
    PageColumns, ReportOptions, Responder, MAX_INCIDENTS, MAX_PAGES, MAX_PEOPLE, MAX_SHIFTS,
};
use crate::incident::{Event, IncidentConfig};
use crate::schedule::Schedule;
use crate::time::{HolidaySpec, Zone};

/// The most schedules one input compiles.
pub const MAX_SCHEDULES: usize = 1_000;

/// Everything the metrics of one window are computed from.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MetricsInput {
    /// Window start (inclusive): incidents triggered and pages sent from here count.
    pub start: DateTime<Utc>,
    /// Window end (exclusive).
    pub end: DateTime<Utc>,
    /// The zone weeks, months and days are read in (the team's zone).
    pub zone: Zone,
    /// The instant open items are judged at (overdue post-mortems and action items, running SLA
    /// clocks); default: the window's end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<DateTime<Utc>>,
    /// Incidents as records.
    #[serde(default, deserialize_with = "bounded::<_, _, MAX_INCIDENTS>")]
    pub incidents: Vec<IncidentRecord>,
    /// Incidents as parallel arrays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incident_columns: Option<IncidentColumns>,
    /// Incidents as event histories (one list of events per incident).
    #[serde(default, deserialize_with = "bounded::<_, _, MAX_INCIDENTS>")]
    pub incident_histories: Vec<Vec<Event>>,
    /// The configuration histories are folded with (default: the defaults).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incident_config: Option<IncidentConfig>,
    /// Pages as records.
    #[serde(default, deserialize_with = "bounded::<_, _, MAX_PAGES>")]
    pub pages: Vec<Page>,
    /// Pages as parallel arrays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_columns: Option<PageColumns>,
    /// The people who can be paged, with their zones and holidays.
    #[serde(default, deserialize_with = "bounded::<_, _, MAX_PEOPLE>")]
    pub people: Vec<Responder>,
    /// Shared holiday calendars people name, e.g. `{"uk": [...]}`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub holiday_calendars: BTreeMap<String, Vec<HolidaySpec>>,
    /// On-call shifts.
    #[serde(default, deserialize_with = "bounded::<_, _, MAX_SHIFTS>")]
    pub oncall: Vec<OnCallShift>,
    /// Schedules whose final shifts over the window are on-call time (windows longer than a
    /// schedule can compile, 1 096 days, are refused).
    #[serde(default, deserialize_with = "bounded::<_, _, MAX_SCHEDULES>")]
    pub schedules: Vec<Schedule>,
    /// Alert rules, for runbook coverage.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alert_rules: Vec<AlertRule>,
    /// Settings.
    #[serde(default)]
    pub settings: MetricsSettings,
    /// What `metrics.report` renders besides JSON (other operations ignore it).
    #[serde(default)]
    pub report: ReportOptions,
}

impl MetricsInput {
    /// An input with a window and nothing else.
    pub fn new(start: DateTime<Utc>, end: DateTime<Utc>, zone: Zone) -> MetricsInput {
        MetricsInput {
            start,
            end,
            zone,
            as_of: None,
            incidents: Vec::new(),
            incident_columns: None,
            incident_histories: Vec::new(),
            incident_config: None,
            pages: Vec::new(),
            page_columns: None,
            people: Vec::new(),
            holiday_calendars: BTreeMap::new(),
            oncall: Vec::new(),
            schedules: Vec::new(),
            alert_rules: Vec::new(),
            settings: MetricsSettings::default(),
            report: ReportOptions::default(),
        }
    }
}

/// A list of at most `MAX` items, refused while parsing as soon as it is longer.
fn bounded<'de, D, T, const MAX: usize>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct V<T, const MAX: usize>(PhantomData<T>);
    impl<'de, T: Deserialize<'de>, const MAX: usize> Visitor<'de> for V<T, MAX> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "a list of at most {MAX} items")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let too_many = |n: usize| {
                crate::error::de_error::<A::Error>(MetricsError::too_many("a list", n, MAX))
            };
            if let Some(n) = seq.size_hint().filter(|&n| n > MAX) {
                return Err(too_many(n));
            }
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(65_536));
            while let Some(item) = seq.next_element()? {
                if out.len() == MAX {
                    return Err(too_many(MAX + 1));
                }
                out.push(item);
            }
            Ok(out)
        }
    }
    d.deserialize_seq(V::<T, MAX>(PhantomData))
}
