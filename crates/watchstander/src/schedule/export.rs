//! iCalendar export of a compiled schedule, per schedule or per member.
//!
//! Each final shift becomes one event. Its UID is [`stable_uid`] of the shift's own stable
//! identifier ([`Shift::uid`]: schedule, layer, turn, person — never the export time), so a
//! subscribed calendar that re-reads the feed updates the same events instead of replacing
//! them, and the same shift has the same UID in the schedule's calendar and in its person's.
//! Times are written in UTC (the default, the most robust) or as wall-clock times with a
//! VTIMEZONE — the schedule's zone, or the member's own for a per-member export.

use chrono::{DateTime, Duration, Utc};

use super::compiled::CompiledSchedule;
use super::ical::{
    stable_uid, EventStatus, IcalAlarm, IcalCalendar, IcalEvent, Method, TimeMode, Transparency,
};
use super::interval::Interval;
use super::shift::Shift;
use super::ScheduleError;
use crate::time::{format_instant, Zone};

/// How times are written in an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExportTimes {
    /// `DTSTART:20261126T090000Z` (default).
    #[default]
    Utc,
    /// Wall-clock times with a VTIMEZONE: in this zone, or (`None`) in the member's zone for a
    /// per-member export and the schedule's zone otherwise.
    Zoned(Option<Zone>),
}

/// What to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IcalOptions {
    /// Shifts overlapping this window are exported (as compiled: whole unless they run past
    /// the compiled window).
    pub window: Interval,
    /// The export time, written as `DTSTAMP` (watchstander never reads the clock).
    pub dtstamp: DateTime<Utc>,
    /// Only this person's shifts (a per-member calendar).
    pub person: Option<String>,
    /// UTC or zoned times.
    pub times: ExportTimes,
    /// Also export shadow shifts.
    pub include_shadows: bool,
    /// Also export gaps, as "nobody on call" events (per-schedule exports only).
    pub include_gaps: bool,
    /// A display alarm this many minutes before each shift.
    pub alarm_minutes: Option<u32>,
}

impl IcalOptions {
    /// Everything in `window`, in UTC, no alarms.
    pub fn new(window: Interval, dtstamp: DateTime<Utc>) -> IcalOptions {
        IcalOptions {
            window,
            dtstamp,
            person: None,
            times: ExportTimes::Utc,
            include_shadows: false,
            include_gaps: false,
            alarm_minutes: None,
        }
    }
}

fn local(t: DateTime<Utc>, zone: Zone) -> String {
    zone.at(t).format("%a %Y-%m-%d %H:%M %Z").to_string()
}

impl CompiledSchedule {
    fn name_or_id(&self) -> &str {
        self.schedule_name().unwrap_or(self.schedule_id())
    }

    fn handoff_party(&self, at: DateTime<Utc>, incoming: bool) -> Option<String> {
        let handoffs = self.handoff_list();
        let i = handoffs.partition_point(|h| h.at < at);
        let h = handoffs.get(i).filter(|h| h.at == at)?;
        let who = if incoming { &h.from } else { &h.to };
        Some(if who.is_empty() {
            "nobody".to_string()
        } else {
            who.join(", ")
        })
    }

    fn event_for(&self, s: &Shift, o: &IcalOptions, zone: Zone) -> IcalEvent {
        let schedule = self.name_or_id();
        let summary = match (&o.person, s.shadow) {
            (Some(_), false) => format!("On call: {schedule}"),
            (Some(_), true) => format!("Shadowing: {schedule}"),
            (None, false) => format!("On call: {} — {schedule}", s.person),
            (None, true) => format!("Shadowing: {} — {schedule}", s.person),
        };
        let mut lines = vec![s.why.clone()];
        lines.push(format!(
            "{} to {} ({:.1} h)",
            local(s.start, zone),
            local(s.end, zone),
            s.hours
        ));
        if let Some(from) = self.handoff_party(s.start, true) {
            lines.push(format!("Takes over from {from}."));
        }
        if let Some(to) = self.handoff_party(s.end, false) {
            lines.push(format!("Hands over to {to}."));
        }
        if let Some(d) = &s.dst {
            if d.offset_change_seconds != 0 {
                lines.push(format!(
                    "The clocks change during this shift ({:+} min): it is {} than its wall-clock length.",
                    d.offset_change_minutes,
                    if d.offset_change_minutes > 0 { "shorter" } else { "longer" }
                ));
            } else {
                lines.push("A handoff of this shift was moved by a DST change.".to_string());
            }
        }
        if !s.time_off.is_empty() {
            lines.push(format!(
                "Time off during this shift: {}.",
                s.time_off.join(", ")
            ));
        }
        if s.truncated_start || s.truncated_end {
            lines.push("The shift runs past the exported window.".to_string());
        }
        let mut e = IcalEvent::new(stable_uid(&[&s.uid]), s.start, s.end, summary, o.dtstamp)
            .description(lines.join("\n"))
            .category("on-call")
            .status(EventStatus::Confirmed)
            .transparency(Transparency::Transparent)
            .x_property("X-WATCHSTANDER-SHIFT", s.uid.clone())
            .x_property("X-WATCHSTANDER-PERSON", s.person.clone());
        if let Some(layer) = &s.layer {
            e = e.category(layer.clone());
        }
        if s.shadow {
            e = e.category("shadow");
        }
        if let Some(m) = o.alarm_minutes {
            e = e.alarm(IcalAlarm::display(
                Duration::minutes(i64::from(m)),
                format!("On call in {m} minutes: {schedule}"),
            ));
        }
        e
    }

    /// The iCalendar calendar of the shifts in `o.window` (see the module docs of
    /// [`ical`](super::ical) for what is written).
    pub fn ical_calendar(&self, o: &IcalOptions) -> Result<IcalCalendar, ScheduleError> {
        let mut shifts: Vec<&Shift> = self.shifts(o.window)?;
        if o.include_shadows {
            shifts.extend(self.shadow_shifts(o.window)?);
            shifts.sort_by(|a, b| (a.start, &a.person).cmp(&(b.start, &b.person)));
        }
        if let Some(p) = &o.person {
            shifts.retain(|s| s.person == *p);
        }
        let zone = match (o.times, &o.person) {
            (ExportTimes::Zoned(Some(z)), _) => z,
            (_, Some(p)) => self.person_zone(p),
            _ => self.zone(),
        };
        let mut events: Vec<IcalEvent> =
            shifts.iter().map(|s| self.event_for(s, o, zone)).collect();
        if o.include_gaps && o.person.is_none() {
            for g in self.gaps(o.window)? {
                events.push(
                    IcalEvent::new(
                        stable_uid(&[self.schedule_id(), "gap", &format_instant(g.start)]),
                        g.start,
                        g.end,
                        format!("NOBODY on call — {}", self.name_or_id()),
                        o.dtstamp,
                    )
                    .description("No layer, override or temporary schedule covers this time.")
                    .category("gap")
                    .transparency(Transparency::Transparent),
                );
            }
            events.sort_by_key(|e| e.start);
        }
        let name = match &o.person {
            Some(p) => format!("{p} on call — {}", self.name_or_id()),
            None => format!("{} on call", self.name_or_id()),
        };
        let mode = match o.times {
            ExportTimes::Utc => TimeMode::Utc,
            ExportTimes::Zoned(_) => TimeMode::Zoned(zone),
        };
        Ok(IcalCalendar::new("-//watchstander//schedule//EN", name)
            .method(Method::Publish)
            .time_mode(mode)
            .events(events))
    }

    /// The iCalendar text (RFC 5545) of the shifts in `o.window`.
    ///
    /// ```
    /// # use watchstander::schedule::{IcalOptions, Interval, Schedule};
    /// # use watchstander::schedule::ical::stable_uid;
    /// # use watchstander::time::parse_instant;
    /// let s: Schedule = serde_json::from_str(r#"{"id": "payments", "zone": "Europe/London", "layers": [
    ///   {"id": "weekly", "rotation": {"members": ["alice", "bob"], "anchor": "2026-01-05T09:00",
    ///    "handoff": {"every": 1, "unit": "weeks"}}}]}"#)?;
    /// let w = Interval::new(parse_instant("2026-03-23T09:00:00Z")?, parse_instant("2026-04-06T08:00:00Z")?)?;
    /// let mut o = IcalOptions::new(w, parse_instant("2026-03-01T00:00:00Z")?);
    /// o.person = Some("alice".into());
    /// let ics = s.compile(w)?.ical(&o)?;
    /// // Alice's week starts Monday 30 March, 09:00 BST = 08:00 UTC.
    /// assert!(ics.contains("\r\nDTSTART:20260330T080000Z\r\n"));
    /// assert!(ics.contains(&format!("\r\nUID:{}\r\n", stable_uid(&["payments/weekly/12/alice"]))));
    /// assert!(!ics.contains("bob\r\n"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn ical(&self, o: &IcalOptions) -> Result<String, ScheduleError> {
        self.ical_calendar(o)?.render()
    }
}
