//! [`Metrics`]: an input prepared once — validated, tables built, people resolved — from which
//! every metric is read.

use std::cell::OnceCell;
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::burnout::{person_times, BurnoutReport, PersonTime};
use super::counted::Counted;
use super::oncall::OnCall;
use super::period::{Calendar, Period};
use super::quality::{DataQuality, FindingLevel};
use super::table::{IncidentTable, PageTable};
use super::walk::{Walk, WalkSettings};
use super::{
    AlertVolume, Compensation, IncidentFrequency, IncidentRecord, Interruptions, MetricsError,
    MetricsInput, MetricsSettings, OnCallShift, ProcessHealth, ReportWindow, Responder,
    ResponseMetrics, Roster,
};
use crate::incident::replay;
use crate::schedule::Interval;
use crate::time::{format_instant, HolidaySpec};

/// An input, prepared. Build it with [`Metrics::new`]; each metric is computed on first use and
/// kept.
///
/// ```
/// use watchstander::metrics::{IncidentRecord, Metrics, MetricsInput};
/// use watchstander::time::{parse_instant, Zone};
/// let mut input = MetricsInput::new(parse_instant("2026-11-01T00:00:00Z")?, parse_instant("2026-12-01T00:00:00Z")?, Zone::UTC);
/// input.incidents = serde_json::from_value(serde_json::json!([
///   {"id": "a", "triggered_at": "2026-11-02T10:00:00Z", "acknowledged_at": "2026-11-02T10:04:00Z",
///    "resolved_at": "2026-11-02T11:00:00Z", "severity": "SEV-2"},
///   {"id": "b", "triggered_at": "2026-11-03T10:00:00Z", "acknowledged_at": "2026-11-03T10:10:00Z",
///    "severity": "SEV-1"},
///   {"id": "c", "triggered_at": "2026-11-04T10:00:00Z", "severity": "SEV-3", "excluded": "test"}
/// ]))?;
/// let m = Metrics::new(input)?;
/// let r = m.response();
/// assert_eq!(r.counts.counted, 2);
/// assert_eq!(r.counts.excluded.test, 1);
/// // MTTA: (4 + 10) / 2 = 7 minutes; MTTR: only the resolved one, 60 minutes.
/// assert_eq!(r.overall.time_to_acknowledge.mean_seconds, Some(420.0));
/// assert_eq!(r.overall.time_to_resolve.mean_seconds, Some(3600.0));
/// assert_eq!(r.counts.open, 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Metrics {
    pub(crate) window: ReportWindow,
    pub(crate) as_of: DateTime<Utc>,
    pub(crate) settings: MetricsSettings,
    pub(crate) cal: Calendar,
    pub(crate) incidents: IncidentTable,
    pub(crate) pages: PageTable,
    pub(crate) roster: Roster,
    pub(crate) oncall: OnCall,
    pub(crate) alert_rules: Vec<super::AlertRule>,
    /// Whether any on-call time was given at all.
    has_oncall: bool,
    page_members: Vec<u32>,
    page_unknown: Vec<bool>,
    shift_unknown: BTreeMap<String, u64>,
    input_quality: DataQuality,
    counted: Counted,
    response: OnceCell<(ResponseMetrics, DataQuality)>,
    walk: OnceCell<Walk>,
    times: OnceCell<Result<Vec<PersonTime>, MetricsError>>,
    process: OnceCell<Result<(ProcessHealth, DataQuality), MetricsError>>,
}

/// The holidays of a schedule's person, as business-calendar holidays.
fn schedule_people(
    schedules: &[crate::schedule::Schedule],
    listed: &[Responder],
) -> Vec<Responder> {
    let mut out: Vec<Responder> = Vec::new();
    for s in schedules {
        let spec = s.spec();
        for p in &spec.people {
            if listed.iter().chain(out.iter()).any(|r| r.id == p.id) {
                continue;
            }
            let days = p.holidays.iter().chain(
                p.holiday_calendars
                    .iter()
                    .filter_map(|c| spec.holiday_calendars.get(c))
                    .flatten(),
            );
            let holidays = days
                .filter(|d| d.date.is_some() || d.rrule.is_some())
                .map(|d| HolidaySpec {
                    name: d.name.clone(),
                    date: d.date.clone(),
                    rrule: d.rrule.clone(),
                    start: d.rrule_start.clone(),
                    hours: None,
                })
                .collect();
            out.push(Responder {
                id: p.id.clone(),
                name: p.name.clone(),
                zone: Some(p.zone.unwrap_or(spec.zone)),
                holiday_calendars: Vec::new(),
                holidays,
            });
        }
    }
    out
}

impl Metrics {
    /// Validates and prepares an input.
    pub fn new(input: MetricsInput) -> Result<Metrics, MetricsError> {
        let window = ReportWindow {
            start: input.start,
            end: input.end,
            zone: input.zone,
        };
        window.validate()?;
        input.settings.validate()?;
        let cal = Calendar::new(&window)?;
        let mut dq = DataQuality::default();

        // Incidents: columns, then records, then histories.
        let mut incidents = match input.incident_columns {
            Some(c) => IncidentTable::from_columns(c, &mut dq)?,
            None => IncidentTable::default(),
        };
        for r in &input.incidents {
            incidents.push(r)?;
        }
        if !input.incident_histories.is_empty() {
            let config = input.incident_config.unwrap_or_default().validate()?;
            for events in &input.incident_histories {
                match replay(&config, events) {
                    Ok(incident) => incidents.push(&IncidentRecord::from_incident(&incident))?,
                    Err(e) => {
                        let id = events
                            .first()
                            .map(|e| e.incident.clone())
                            .unwrap_or_default();
                        dq.add(
                            "invalid_history",
                            FindingLevel::Error,
                            || id,
                            || {
                                format!(
                                    "the events do not fold into an incident ({}: {e}); skipped",
                                    e.code()
                                )
                            },
                        );
                    }
                }
            }
        }
        incidents.skip_duplicates(&mut dq);

        // Pages.
        let mut pages = match input.page_columns {
            Some(c) => PageTable::from_columns(c, &mut dq)?,
            None => PageTable::default(),
        };
        pages.push_all(&input.pages)?;

        // People: listed, then the schedules' people.
        let mut people = input.people;
        people.extend(schedule_people(&input.schedules, &people));
        let mut roster = Roster::new(&people, &input.holiday_calendars, &window)?;

        // On-call time.
        let mut shifts = input.oncall;
        if !input.schedules.is_empty() {
            let w = Interval::new(window.start, window.end)?;
            for s in &input.schedules {
                shifts.extend(OnCallShift::from_schedule(&s.compile(w)?, w)?);
                if shifts.len() > super::MAX_SHIFTS {
                    return Err(MetricsError::too_many(
                        "on-call shifts",
                        shifts.len(),
                        super::MAX_SHIFTS,
                    ));
                }
            }
        }
        let has_oncall = !shifts.is_empty();
        let mut shift_unknown = BTreeMap::new();
        let mut oncall = OnCall::new(
            &shifts,
            &mut roster,
            window.start.timestamp(),
            window.end.timestamp(),
            &mut dq,
            &mut shift_unknown,
        )?;
        let mut page_members = Vec::with_capacity(pages.people.len());
        let mut page_unknown = Vec::with_capacity(pages.people.len());
        let any_listed = roster.any_listed();
        for name in &pages.people.names {
            let (i, added) = roster.find_or_add(name)?;
            page_members.push(i);
            page_unknown.push(added && any_listed || (!added && shift_unknown.contains_key(name)));
        }
        oncall.fit(roster.len());
        let counted = Counted::new(&incidents, &cal);
        Ok(Metrics {
            as_of: input.as_of.unwrap_or(window.end),
            window,
            settings: input.settings,
            cal,
            incidents,
            pages,
            roster,
            oncall,
            alert_rules: input.alert_rules,
            has_oncall,
            page_members,
            page_unknown,
            shift_unknown,
            input_quality: dq,
            counted,
            response: OnceCell::new(),
            walk: OnceCell::new(),
            times: OnceCell::new(),
            process: OnceCell::new(),
        })
    }

    /// The window.
    pub fn window(&self) -> ReportWindow {
        self.window
    }

    /// The instant open items are judged at.
    pub fn as_of(&self) -> DateTime<Utc> {
        self.as_of
    }

    /// The settings.
    pub fn settings(&self) -> &MetricsSettings {
        &self.settings
    }

    fn response_with_quality(&self) -> &(ResponseMetrics, DataQuality) {
        self.response.get_or_init(|| {
            let mut dq = DataQuality::default();
            let r = ResponseMetrics::compute(&self.incidents, &self.counted, &self.cal, &mut dq);
            (r, dq)
        })
    }

    /// Response metrics: MTTA, time to mitigate, MTTR, time to detect, with percentiles and
    /// breakdowns.
    pub fn response(&self) -> &ResponseMetrics {
        &self.response_with_quality().0
    }

    /// Incident frequency per week and month, by severity, with the change from the period before.
    pub fn frequency(&self) -> IncidentFrequency {
        IncidentFrequency::compute(
            &self.incidents,
            &self.counted,
            &self.cal.weeks,
            &self.cal.months,
        )
    }

    pub(crate) fn walk(&self) -> &Walk {
        self.walk.get_or_init(|| {
            Walk::run(
                &self.pages,
                &self.page_members,
                &self.page_unknown,
                &self.roster,
                &self.oncall,
                &self.cal,
                self.window.start.timestamp(),
                &WalkSettings {
                    hours: &self.settings.hours,
                    merge_seconds: i64::from(self.settings.merge_window_seconds.max(1)),
                    ceiling: self.settings.thresholds.interruptions_per_12h,
                    comp: self.settings.compensation.period,
                },
            )
        })
    }

    fn times(&self) -> Result<&Vec<PersonTime>, MetricsError> {
        self.times
            .get_or_init(|| person_times(&self.roster, &self.oncall, &self.settings.hours))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Alert volume and accuracy.
    pub fn alert_volume(&self) -> AlertVolume {
        AlertVolume::compute(
            &self.pages,
            &self.cal,
            self.walk(),
            &self.roster,
            &self.oncall,
        )
    }

    /// Interruptions per person, by class, and the heatmap.
    pub fn interruptions(&self) -> Interruptions {
        Interruptions::compute(
            self.walk(),
            &self.roster,
            &self.settings.hours,
            self.settings.merge_window_seconds,
        )
    }

    /// Burnout indicators, risk flags and rotation balance.
    pub fn burnout(&self) -> Result<BurnoutReport, MetricsError> {
        Ok(BurnoutReport::compute(
            &self.window,
            &self.roster,
            &self.oncall,
            self.walk(),
            self.times()?,
            &self.settings.thresholds,
        ))
    }

    /// Process health: runbooks, post-mortems, action items, SLA attainment.
    pub fn process(&self) -> Result<&ProcessHealth, MetricsError> {
        self.process
            .get_or_init(|| {
                let mut dq = DataQuality::default();
                let p = ProcessHealth::compute(
                    &self.incidents,
                    &self.counted,
                    &self.alert_rules,
                    &self.settings.process,
                    self.window.zone,
                    self.as_of,
                    &mut dq,
                )?;
                Ok((p, dq))
            })
            .as_ref()
            .map(|(p, _)| p)
            .map_err(Clone::clone)
    }

    /// On-call compensation.
    pub fn compensation(&self) -> Result<Compensation, MetricsError> {
        Compensation::compute(
            &self.roster,
            &self.oncall,
            self.walk(),
            &self.cal,
            &self.settings.hours,
            &self.settings.compensation,
            self.whole_window(),
        )
    }

    /// The whole window as one period.
    pub(crate) fn whole_window(&self) -> Period {
        Period {
            start: self.window.start,
            end: self.window.end,
            label: format!(
                "{} – {}",
                format_instant(self.window.start),
                format_instant(self.window.end)
            ),
            partial: false,
        }
    }

    /// Every data-quality finding: of the input, and of the metrics computed so far (response
    /// and process add theirs when computed; compute them first for a complete list).
    pub fn data_quality(&self) -> DataQuality {
        let mut dq = self.input_quality.clone();
        if let Some((_, q)) = self.response.get() {
            dq.merge(q.clone());
        }
        if let Some(Ok((_, q))) = self.process.get() {
            dq.merge(q.clone());
        }
        let walk = self.walk();
        let mut unknown: BTreeMap<&str, u64> = BTreeMap::new();
        for (k, v) in &walk.unknown {
            unknown.insert(k, *v);
        }
        for k in self.shift_unknown.keys() {
            unknown.entry(k).or_insert(0);
        }
        for (person, pages) in unknown {
            dq.add("unknown_person", FindingLevel::Warning, || person.to_string(), || {
                format!("not listed in people ({pages} pages); counted, read in the report's zone {} with no holidays", self.window.zone)
            });
        }
        if self.has_oncall {
            for (i, m) in self.roster.members.iter().enumerate() {
                let pages = walk.people.get(i).map_or(0, |p| p.pages);
                if pages > 0 && self.oncall.of(i as u32).is_empty() {
                    dq.add("paged_off_call", FindingLevel::Info, || m.id.clone(), || {
                        format!("{pages} pages but no on-call time in the window; counted as off-shift pages")
                    });
                }
            }
        }
        let incidents_asked = self.incidents.len() > 0 || self.response.get().is_some();
        if self.counted.len() == 0 && incidents_asked {
            dq.add("empty_window", FindingLevel::Warning, || "incidents".into(), || {
                "no counted incident was triggered in the window: response metrics are empty (null), not zero".into()
            });
        } else if self.counted.len() > 0 {
            let weekly = self.counted.per_key(super::counted::WEEK);
            for (p, n) in self.cal.weeks.iter().zip(weekly) {
                if n == 0 {
                    dq.add(
                        "empty_period",
                        FindingLevel::Info,
                        || p.label.clone(),
                        || "no incidents this week: its statistics are null".into(),
                    );
                }
            }
            let monthly = self.counted.per_key(super::counted::MONTH);
            for (p, n) in self.cal.months.iter().zip(monthly) {
                if n == 0 {
                    dq.add(
                        "empty_period",
                        FindingLevel::Info,
                        || p.label.clone(),
                        || "no incidents this month: its statistics are null".into(),
                    );
                }
            }
        }
        if self.pages.len() > 0 && walk.people.iter().all(|p| p.pages == 0) {
            dq.add(
                "empty_window",
                FindingLevel::Warning,
                || "pages".into(),
                || "pages were given but none was sent in the window".into(),
            );
        }
        dq
    }
}
