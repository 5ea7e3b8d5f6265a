//! What an export contains: a calendar of events, independent of where the events came from.
//!
//! The types are plain data with chainable setters. Nothing is checked while you build; every
//! check happens in [`IcalCalendar::render`], which reports the first problem as a typed
//! [`ScheduleError`](crate::schedule::ScheduleError).

use chrono::{DateTime, Duration, Utc};

use crate::time::Zone;

/// How event times are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimeMode {
    /// Every time in UTC: `DTSTART:20261126T090000Z`. No VTIMEZONE is needed, so every client
    /// shows the right instant; the calendar carries no hint of the team's zone.
    #[default]
    Utc,
    /// Times as local wall-clock readings in a zone: `DTSTART;TZID=Europe/London:20261126T090000`,
    /// with a generated VTIMEZONE for every zone used. The zone is the default for events
    /// that do not name their own ([`IcalEvent::zone`]).
    Zoned(Zone),
}

/// The calendar's METHOD (RFC 5546). Only `PUBLISH` — a feed that subscribers read and do not
/// answer — fits a schedule export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Method {
    /// `METHOD:PUBLISH`.
    Publish,
}

impl Method {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Method::Publish => "PUBLISH",
        }
    }
}

/// An event's STATUS (RFC 5545 §3.8.1.11).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventStatus {
    /// `TENTATIVE`, e.g. a shift whose swap is still pending.
    Tentative,
    /// `CONFIRMED`.
    Confirmed,
    /// `CANCELLED`, e.g. a shift removed since the last export (keep its UID).
    Cancelled,
}

impl EventStatus {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            EventStatus::Tentative => "TENTATIVE",
            EventStatus::Confirmed => "CONFIRMED",
            EventStatus::Cancelled => "CANCELLED",
        }
    }
}

/// Whether an event blocks time in free/busy searches (TRANSP, RFC 5545 §3.8.2.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transparency {
    /// `OPAQUE`: the time shows as busy.
    Opaque,
    /// `TRANSPARENT`: the time stays free. Usual for on-call shifts, which do not stop people
    /// from being booked into meetings.
    Transparent,
}

impl Transparency {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Transparency::Opaque => "OPAQUE",
            Transparency::Transparent => "TRANSPARENT",
        }
    }
}

/// A display reminder (a VALARM with `ACTION:DISPLAY`) shown some time before the event starts.
///
/// ```
/// use chrono::Duration;
/// use watchstander::schedule::ical::IcalAlarm;
/// let alarm = IcalAlarm::display(Duration::minutes(15), "On call in 15 minutes");
/// assert_eq!(alarm.before_start, Duration::minutes(15));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct IcalAlarm {
    /// How long before the start the reminder fires (`TRIGGER:-PT15M`). A negative value
    /// fires after the start. Written in whole seconds.
    pub before_start: Duration,
    /// The reminder text (DESCRIPTION, required for DISPLAY alarms).
    pub description: String,
}

impl IcalAlarm {
    /// A display reminder `before_start` before the event.
    pub fn display(before_start: Duration, description: impl Into<String>) -> IcalAlarm {
        IcalAlarm {
            before_start,
            description: description.into(),
        }
    }
}

/// One event (VEVENT): an interval between two instants, with its texts.
///
/// ```
/// use chrono::{Duration, TimeZone, Utc};
/// use watchstander::schedule::ical::{stable_uid, EventStatus, IcalAlarm, IcalEvent};
///
/// let start = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
/// let exported_at = Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap();
/// let event = IcalEvent::new(
///     stable_uid(&["platform", "primary", "alice", "2026-11-26T09:00:00Z"]),
///     start,
///     start + Duration::days(7),
///     "On call: Alice (primary)",
///     exported_at,
/// )
/// .description("Platform primary rotation.\nEscalation: Bob.")
/// .category("on-call")
/// .status(EventStatus::Confirmed)
/// .alarm(IcalAlarm::display(Duration::minutes(15), "Your on-call shift starts in 15 minutes"))
/// .x_property("X-WATCHSTANDER-LAYER", "primary");
/// assert_eq!(event.summary, "On call: Alice (primary)");
/// assert_eq!(event.categories, vec!["on-call".to_string()]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct IcalEvent {
    /// UID: stable across exports, unique within the calendar (see [`stable_uid`](super::stable_uid)).
    pub uid: String,
    /// DTSTART.
    pub start: DateTime<Utc>,
    /// DTEND; must be at least one whole second after `start`.
    pub end: DateTime<Utc>,
    /// SUMMARY, the title clients show.
    pub summary: String,
    /// DESCRIPTION.
    pub description: Option<String>,
    /// LOCATION.
    pub location: Option<String>,
    /// CATEGORIES, written as one comma-separated property.
    pub categories: Vec<String>,
    /// URL, written as it is (a URI is not escaped, so it may hold no spaces or controls).
    pub url: Option<String>,
    /// STATUS.
    pub status: Option<EventStatus>,
    /// TRANSP.
    pub transparency: Option<Transparency>,
    /// SEQUENCE: raise it when an already-published event changes.
    pub sequence: u32,
    /// DTSTAMP (required by RFC 5545): when this export was made. Passed in, never read from
    /// a clock; written in UTC.
    pub dtstamp: DateTime<Utc>,
    /// LAST-MODIFIED: when the event last changed.
    pub last_modified: Option<DateTime<Utc>>,
    /// The zone to write this event's times in when the calendar is
    /// [`TimeMode::Zoned`]; `None` uses the calendar's zone. Ignored in [`TimeMode::Utc`].
    pub zone: Option<Zone>,
    /// Display reminders.
    pub alarms: Vec<IcalAlarm>,
    /// Extension properties `X-…` with TEXT values, written in this order after the
    /// standard properties.
    pub extra: Vec<(String, String)>,
}

impl IcalEvent {
    /// An event with the required properties; the rest start empty.
    pub fn new(
        uid: impl Into<String>,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        summary: impl Into<String>,
        dtstamp: DateTime<Utc>,
    ) -> IcalEvent {
        IcalEvent {
            uid: uid.into(),
            start,
            end,
            summary: summary.into(),
            description: None,
            location: None,
            categories: Vec::new(),
            url: None,
            status: None,
            transparency: None,
            sequence: 0,
            dtstamp,
            last_modified: None,
            zone: None,
            alarms: Vec::new(),
            extra: Vec::new(),
        }
    }

    /// Sets DESCRIPTION.
    pub fn description(mut self, text: impl Into<String>) -> IcalEvent {
        self.description = Some(text.into());
        self
    }

    /// Sets LOCATION.
    pub fn location(mut self, text: impl Into<String>) -> IcalEvent {
        self.location = Some(text.into());
        self
    }

    /// Adds one category.
    pub fn category(mut self, text: impl Into<String>) -> IcalEvent {
        self.categories.push(text.into());
        self
    }

    /// Sets URL.
    pub fn url(mut self, uri: impl Into<String>) -> IcalEvent {
        self.url = Some(uri.into());
        self
    }

    /// Sets STATUS.
    pub fn status(mut self, status: EventStatus) -> IcalEvent {
        self.status = Some(status);
        self
    }

    /// Sets TRANSP.
    pub fn transparency(mut self, transparency: Transparency) -> IcalEvent {
        self.transparency = Some(transparency);
        self
    }

    /// Sets SEQUENCE.
    pub fn sequence(mut self, sequence: u32) -> IcalEvent {
        self.sequence = sequence;
        self
    }

    /// Sets LAST-MODIFIED.
    pub fn last_modified(mut self, at: DateTime<Utc>) -> IcalEvent {
        self.last_modified = Some(at);
        self
    }

    /// Writes this event's times in `zone` (in [`TimeMode::Zoned`] calendars).
    pub fn zone(mut self, zone: Zone) -> IcalEvent {
        self.zone = Some(zone);
        self
    }

    /// Adds a display reminder.
    pub fn alarm(mut self, alarm: IcalAlarm) -> IcalEvent {
        self.alarms.push(alarm);
        self
    }

    /// Adds an extension property, e.g. `X-WATCHSTANDER-LAYER`. The name must start with
    /// `X-` (checked when rendering); the value is TEXT.
    pub fn x_property(mut self, name: impl Into<String>, value: impl Into<String>) -> IcalEvent {
        self.extra.push((name.into(), value.into()));
        self
    }
}

/// A calendar (VCALENDAR) of events: one schedule, or one member's shifts.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use watchstander::schedule::ical::{stable_uid, IcalCalendar, IcalEvent, Method, TimeMode};
/// use watchstander::time::Zone;
///
/// let start = Utc.with_ymd_and_hms(2026, 11, 26, 9, 0, 0).unwrap();
/// let end = Utc.with_ymd_and_hms(2026, 11, 26, 17, 0, 0).unwrap();
/// let now = Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap();
/// let ics = IcalCalendar::new("-//Example Corp//On-call//EN", "Platform on-call")
///     .method(Method::Publish)
///     .time_mode(TimeMode::Zoned(Zone::parse("Europe/London")?))
///     .event(IcalEvent::new(stable_uid(&["shift", "1"]), start, end, "On call: Alice", now))
///     .render()?;
/// assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
/// assert!(ics.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n"));
/// assert!(ics.contains("DTSTART;TZID=Europe/London:20261126T090000\r\n"));
/// assert!(ics.ends_with("END:VCALENDAR\r\n"));
/// # Ok::<(), watchstander::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct IcalCalendar {
    /// PRODID, the product that made the file, e.g. `-//watchstander//schedule//EN`.
    pub prod_id: String,
    /// The calendar's display name (X-WR-CALNAME, and NAME from RFC 7986).
    pub name: String,
    /// METHOD, if any.
    pub method: Option<Method>,
    /// The events, written in this order.
    pub events: Vec<IcalEvent>,
    /// UTC or zoned times.
    pub time_mode: TimeMode,
    /// Calendar-level extension properties `X-…` with TEXT values.
    pub extra: Vec<(String, String)>,
}

impl IcalCalendar {
    /// An empty calendar in [`TimeMode::Utc`].
    pub fn new(prod_id: impl Into<String>, name: impl Into<String>) -> IcalCalendar {
        IcalCalendar {
            prod_id: prod_id.into(),
            name: name.into(),
            method: None,
            events: Vec::new(),
            time_mode: TimeMode::Utc,
            extra: Vec::new(),
        }
    }

    /// Sets METHOD.
    pub fn method(mut self, method: Method) -> IcalCalendar {
        self.method = Some(method);
        self
    }

    /// Sets the time mode.
    pub fn time_mode(mut self, mode: TimeMode) -> IcalCalendar {
        self.time_mode = mode;
        self
    }

    /// Adds one event.
    pub fn event(mut self, event: IcalEvent) -> IcalCalendar {
        self.events.push(event);
        self
    }

    /// Adds events.
    pub fn events(mut self, events: impl IntoIterator<Item = IcalEvent>) -> IcalCalendar {
        self.events.extend(events);
        self
    }

    /// Adds a calendar-level extension property (name starting with `X-`).
    pub fn x_property(mut self, name: impl Into<String>, value: impl Into<String>) -> IcalCalendar {
        self.extra.push((name.into(), value.into()));
        self
    }
}
