//! `time.*` operations.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::{input, output, Operation};
use crate::time::{
    add_wall_clock, format_instant, BusinessCalendar, CalendarUnit, Disambiguation, IsoDuration,
    Recurrence, Zone,
};
use crate::Error;

pub(super) const OPERATIONS: &[Operation] = &[
    Operation {
        name: "time.resolve_local",
        summary: "local wall-clock time in a zone → instant, with the DST adjustment made",
    },
    Operation {
        name: "time.to_local",
        summary: "instant → local wall-clock time and UTC offset in a zone",
    },
    Operation {
        name: "time.add",
        summary: "add minutes/hours/days/weeks/months/years of wall-clock time in a zone",
    },
    Operation {
        name: "time.parse_duration",
        summary: "parse an ISO 8601 duration; canonical form and fixed length",
    },
    Operation {
        name: "time.recurrence",
        summary: "expand an RRULE with a zoned DTSTART in a window, DST-resolved",
    },
    Operation {
        name: "time.business_add",
        summary: "add an ISO duration of business time (P1D = one business day)",
    },
    Operation {
        name: "time.business_between",
        summary: "business time between two instants",
    },
    Operation {
        name: "time.next_business_instant",
        summary: "first business instant at or after an instant",
    },
    Operation {
        name: "time.is_business_time",
        summary: "whether an instant is inside business hours",
    },
];

pub(super) fn call(name: &str, v: &Value) -> Option<Result<Value, Error>> {
    Some(match name {
        "time.resolve_local" => resolve_local(v),
        "time.to_local" => to_local(v),
        "time.add" => add(v),
        "time.parse_duration" => parse_duration(v),
        "time.recurrence" => recurrence(v),
        "time.business_add" => business_add(v),
        "time.business_between" => business_between(v),
        "time.next_business_instant" => next_business_instant(v),
        "time.is_business_time" => is_business_time(v),
        _ => return None,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ResolveLocal {
    zone: Zone,
    local: NaiveDateTime,
    #[serde(default)]
    disambiguation: Disambiguation,
}

fn offset_string(zone: Zone, t: DateTime<Utc>) -> String {
    zone.offset_at(t).to_string()
}

fn resolve_local(v: &Value) -> Result<Value, Error> {
    let i: ResolveLocal = input(v)?;
    let r = i.zone.resolve_local(i.local, i.disambiguation)?;
    let mut out = output(&r)?;
    out["offset"] = json!(offset_string(i.zone, r.instant));
    Ok(out)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ToLocal {
    zone: Zone,
    instant: DateTime<Utc>,
}

fn to_local(v: &Value) -> Result<Value, Error> {
    let i: ToLocal = input(v)?;
    Ok(json!({
        "zone": i.zone,
        "local": i.zone.to_local(i.instant),
        "offset": offset_string(i.zone, i.instant),
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Add {
    zone: Zone,
    start: DateTime<Utc>,
    amount: i64,
    unit: CalendarUnit,
    #[serde(default)]
    disambiguation: Disambiguation,
}

fn add(v: &Value) -> Result<Value, Error> {
    let i: Add = input(v)?;
    let r = add_wall_clock(i.start, i.zone, i.amount, i.unit, i.disambiguation)?;
    let mut out = output(&r)?;
    out["offset"] = json!(offset_string(i.zone, r.instant));
    out["elapsed_seconds"] = json!((r.instant - i.start).num_seconds());
    Ok(out)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ParseDuration {
    duration: String,
}

fn parse_duration(v: &Value) -> Result<Value, Error> {
    let i: ParseDuration = input(v)?;
    let d: IsoDuration = i.duration.parse()?;
    Ok(json!({
        "canonical": d.to_string(),
        "negative": d.negative,
        "years": d.years, "months": d.months, "weeks": d.weeks, "days": d.days,
        "hours": d.hours, "minutes": d.minutes, "seconds": d.seconds, "nanos": d.nanos,
        "fixed_seconds": d.to_fixed().ok().map(|f| f.num_seconds()),
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RecurrenceInput {
    rrule: String,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    #[serde(default = "default_limit")]
    limit: usize,
    #[serde(default)]
    disambiguation: Disambiguation,
}

fn default_limit() -> usize {
    1000
}

#[derive(Serialize)]
struct Occurrence {
    instant: String,
    local: NaiveDateTime,
    offset: String,
    adjustment: crate::time::LocalAdjustment,
}

fn recurrence(v: &Value) -> Result<Value, Error> {
    let i: RecurrenceInput = input(v)?;
    if i.end < i.start {
        return Err(crate::time::TimeError::ReversedInterval {
            start: format_instant(i.start),
            end: format_instant(i.end),
        }
        .into());
    }
    let r = Recurrence::parse(&i.rrule)?;
    let zone = r.zone();
    // Local bounds wide enough to cover the window whatever the offsets; filtered on instants.
    let from_local = zone.to_local(i.start) - chrono::Duration::days(1);
    let to_local = zone.to_local(i.end) + chrono::Duration::days(1);
    let mut out = Vec::new();
    for local in r.local_occurrences(from_local, to_local, crate::time::MAX_OCCURRENCES)? {
        let resolved = zone.resolve_local(local, i.disambiguation)?;
        // Two local occurrences can meet at one instant when a gap moves one onto the next
        // (HOURLY 02:00 → 03:00 on spring-forward night); a set of instants keeps one.
        let duplicate = out
            .last()
            .is_some_and(|o: &Occurrence| o.instant == format_instant(resolved.instant));
        if resolved.instant >= i.start && resolved.instant < i.end && !duplicate {
            out.push(Occurrence {
                instant: format_instant(resolved.instant),
                local,
                offset: offset_string(zone, resolved.instant),
                adjustment: resolved.adjustment,
            });
            if out.len() >= i.limit {
                break;
            }
        }
    }
    Ok(json!({ "zone": zone, "occurrences": out }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BusinessAdd {
    calendar: BusinessCalendar,
    start: DateTime<Utc>,
    duration: IsoDuration,
}

fn business_add(v: &Value) -> Result<Value, Error> {
    let i: BusinessAdd = input(v)?;
    let t = i.calendar.add_duration(i.start, &i.duration)?;
    Ok(json!({ "instant": format_instant(t), "local": i.calendar.zone().to_local(t) }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BusinessBetween {
    calendar: BusinessCalendar,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
}

fn business_between(v: &Value) -> Result<Value, Error> {
    let i: BusinessBetween = input(v)?;
    let d = i.calendar.business_time_between(i.start, i.end)?;
    Ok(json!({ "seconds": d.num_seconds(), "duration": IsoDuration::from_fixed(d)?.to_string() }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AtCalendar {
    calendar: BusinessCalendar,
    at: DateTime<Utc>,
}

fn next_business_instant(v: &Value) -> Result<Value, Error> {
    let i: AtCalendar = input(v)?;
    let t = i.calendar.next_business_instant(i.at)?;
    Ok(json!({ "instant": format_instant(t), "local": i.calendar.zone().to_local(t) }))
}

fn is_business_time(v: &Value) -> Result<Value, Error> {
    let i: AtCalendar = input(v)?;
    let local_date = i.calendar.zone().to_local(i.at).date();
    Ok(json!({
        "business": i.calendar.is_business_time(i.at)?,
        "holiday": i.calendar.holiday_on(local_date)?.map(|n| n.unwrap_or_default()),
    }))
}
