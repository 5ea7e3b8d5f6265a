//! Turning an [`IcalCalendar`] into RFC 5545 text.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, LocalResult, TimeZone, Utc};

use super::format::{duration, local_date_time, utc_date_time};
use super::model::{IcalAlarm, IcalCalendar, IcalEvent, TimeMode};
use super::vtimezone::render_vtimezone;
use super::writer::{checked_x_name, escape_text, ContentLine};
use super::MAX_EVENTS;
use crate::schedule::ScheduleError;
use crate::time::Zone;

impl IcalCalendar {
    /// Renders the calendar as iCalendar text: UTF-8, CRLF line endings, lines folded at 75
    /// octets, TEXT values escaped, and one VTIMEZONE per zone used in
    /// [`TimeMode::Zoned`].
    ///
    /// The output is a pure function of the calendar: the same calendar renders to the same
    /// bytes on every run and platform. Errors (all [`ScheduleError`]): more than
    /// [`MAX_EVENTS`] events, an empty or repeated UID, an event that does not end at least a
    /// second after it starts, a control character in a text, an invalid `X-` name or URL,
    /// a date outside the years 1–9999, or a VTIMEZONE span over
    /// [`MAX_VTIMEZONE_SPAN_DAYS`](super::MAX_VTIMEZONE_SPAN_DAYS).
    ///
    /// In zoned mode, an instant whose wall-clock reading occurs twice (the repeated hour
    /// when clocks go back) is written in UTC instead: RFC 5545 reads such a local time as
    /// its first occurrence and so cannot name the second, and parsers disagree even on the
    /// first (ical.js picks the second). Every other instant is written with its zone's TZID.
    pub fn render(&self) -> Result<String, ScheduleError> {
        if self.events.len() > MAX_EVENTS {
            return Err(ScheduleError::IcalTooManyEvents {
                count: self.events.len(),
                limit: MAX_EVENTS,
            });
        }
        check_events(&self.events)?;

        // Each zone's VTIMEZONE covers the events written in it; zones in name order.
        let mut zones: BTreeMap<&'static str, (Zone, DateTime<Utc>, DateTime<Utc>)> =
            BTreeMap::new();
        for event in &self.events {
            if let Some(zone) = self.zone_of(event) {
                let span = zones
                    .entry(zone.name())
                    .or_insert((zone, event.start, event.end));
                span.1 = span.1.min(event.start);
                span.2 = span.2.max(event.end);
            }
        }

        let mut out = String::new();
        let mut put = |line: ContentLine| line.write_to(&mut out);
        put(ContentLine::raw("BEGIN", "VCALENDAR")?);
        put(ContentLine::raw("VERSION", "2.0")?);
        put(ContentLine::text("PRODID", &self.prod_id)?);
        put(ContentLine::raw("CALSCALE", "GREGORIAN")?);
        if let Some(method) = self.method {
            put(ContentLine::raw("METHOD", method.as_str())?);
        }
        put(ContentLine::text("NAME", &self.name)?);
        put(ContentLine::text("X-WR-CALNAME", &self.name)?);
        for (name, value) in &self.extra {
            put(x_property(name, value, "the calendar")?);
        }
        for (zone, first, last) in zones.values() {
            out.push_str(&render_vtimezone(*zone, *first, *last)?);
        }
        for event in &self.events {
            write_event(&mut out, event, self.zone_of(event))?;
        }
        ContentLine::raw("END", "VCALENDAR")?.write_to(&mut out);
        Ok(out)
    }

    /// The zone an event's times are written in, or `None` for UTC.
    fn zone_of(&self, event: &IcalEvent) -> Option<Zone> {
        match self.time_mode {
            TimeMode::Utc => None,
            TimeMode::Zoned(default) => Some(event.zone.unwrap_or(default)),
        }
        .filter(|zone| *zone != Zone::UTC)
    }
}

fn check_events(events: &[IcalEvent]) -> Result<(), ScheduleError> {
    let mut seen = HashSet::with_capacity(events.len());
    for event in events {
        if event.uid.is_empty() {
            return Err(ScheduleError::IcalInvalidUid {
                uid: String::new(),
                reason: format!(
                    "the event {:?} starting {} has an empty UID; use stable_uid() to make one",
                    event.summary,
                    event.start.to_rfc3339()
                ),
            });
        }
        if !seen.insert(event.uid.as_str()) {
            return Err(ScheduleError::IcalInvalidUid {
                uid: event.uid.clone(),
                reason: "two events of the calendar have it; every event needs its own UID"
                    .to_string(),
            });
        }
        // iCalendar counts whole seconds: compare what will be written.
        if event.end.timestamp() <= event.start.timestamp() {
            return Err(ScheduleError::IcalEventNotAfterStart {
                uid: event.uid.clone(),
                start: event.start.to_rfc3339(),
                end: event.end.to_rfc3339(),
            });
        }
    }
    Ok(())
}

fn write_event(
    out: &mut String,
    event: &IcalEvent,
    zone: Option<Zone>,
) -> Result<(), ScheduleError> {
    let field = |property: &str| format!("{property} of event {:?}", event.uid);
    let text = |property: &str, value: &str| -> Result<ContentLine, ScheduleError> {
        ContentLine::raw(property, escape_text(value, &field(property))?)
    };
    let mut put = |line: ContentLine| line.write_to(out);

    put(ContentLine::raw("BEGIN", "VEVENT")?);
    put(text("UID", &event.uid)?);
    put(ContentLine::raw(
        "DTSTAMP",
        utc_date_time(event.dtstamp, &field("DTSTAMP"))?,
    )?);
    put(date_time("DTSTART", event.start, zone, &field("DTSTART"))?);
    put(date_time("DTEND", event.end, zone, &field("DTEND"))?);
    put(text("SUMMARY", &event.summary)?);
    if let Some(description) = &event.description {
        put(text("DESCRIPTION", description)?);
    }
    if let Some(location) = &event.location {
        put(text("LOCATION", location)?);
    }
    if !event.categories.is_empty() {
        let escaped = event
            .categories
            .iter()
            .map(|c| escape_text(c, &field("CATEGORIES")))
            .collect::<Result<Vec<_>, _>>()?;
        put(ContentLine::raw("CATEGORIES", escaped.join(","))?);
    }
    if let Some(url) = &event.url {
        put(uri("URL", url, &field("URL"))?);
    }
    if let Some(status) = event.status {
        put(ContentLine::raw("STATUS", status.as_str())?);
    }
    if let Some(transparency) = event.transparency {
        put(ContentLine::raw("TRANSP", transparency.as_str())?);
    }
    put(ContentLine::raw("SEQUENCE", event.sequence.to_string())?);
    if let Some(at) = event.last_modified {
        put(ContentLine::raw(
            "LAST-MODIFIED",
            utc_date_time(at, &field("LAST-MODIFIED"))?,
        )?);
    }
    let owner = format!("event {:?}", event.uid);
    for (name, value) in &event.extra {
        put(x_property(name, value, &owner)?);
    }
    for alarm in &event.alarms {
        write_alarm(&mut put, alarm, &field("VALARM DESCRIPTION"))?;
    }
    put(ContentLine::raw("END", "VEVENT")?);
    Ok(())
}

fn write_alarm(
    put: &mut impl FnMut(ContentLine),
    alarm: &IcalAlarm,
    field: &str,
) -> Result<(), ScheduleError> {
    put(ContentLine::raw("BEGIN", "VALARM")?);
    put(ContentLine::raw("ACTION", "DISPLAY")?);
    // A trigger before the start is a negative duration relative to DTSTART.
    put(ContentLine::raw(
        "TRIGGER",
        duration(-alarm.before_start.num_seconds()),
    )?);
    put(ContentLine::raw(
        "DESCRIPTION",
        escape_text(&alarm.description, field)?,
    )?);
    put(ContentLine::raw("END", "VALARM")?);
    Ok(())
}

/// `NAME;TZID=Zone:local` when the wall-clock reading names the instant unambiguously,
/// otherwise `NAME:utcZ`.
fn date_time(
    name: &str,
    instant: DateTime<Utc>,
    zone: Option<Zone>,
    what: &str,
) -> Result<ContentLine, ScheduleError> {
    if let Some(zone) = zone {
        let local = zone.to_local(instant);
        if let LocalResult::Single(_) = zone.from_local_datetime(&local) {
            return ContentLine::raw(name, local_date_time(local, what)?)?
                .param("TZID", zone.name());
        }
    }
    ContentLine::raw(name, utc_date_time(instant, what)?)
}

fn uri(name: &str, value: &str, field: &str) -> Result<ContentLine, ScheduleError> {
    if value.is_empty() || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(ScheduleError::IcalInvalidValue {
            field: field.to_string(),
            value: value.to_string(),
            reason: "is not a URI: it is empty or holds spaces or control characters \
                     (percent-encode them, e.g. %20)"
                .to_string(),
        });
    }
    ContentLine::raw(name, value)
}

fn x_property(name: &str, value: &str, owner: &str) -> Result<ContentLine, ScheduleError> {
    let name = checked_x_name(name)?;
    let escaped = escape_text(value, &format!("{name} of {owner}"))?;
    ContentLine::raw(&name, escaped)
}
