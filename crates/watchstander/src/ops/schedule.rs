//! `schedule.*` operations.
//!
//! Every operation takes the schedule document (`docs/formats/schedule.md`) as `schedule` and
//! compiles it over a window before answering. Windows are explicit (`from`/`to`); operations
//! that ask about one instant (`oncall`, `handoff_report`) compile
//! [`AROUND_DAYS`] days either side of it unless given a `window`, so the shifts they report
//! are whole unless longer than that. `oncall_many` compiles once and answers up to
//! [`MAX_ONCALL_INSTANTS`] instants with a binary search each.

use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use serde_json::{json, Value};

use super::{input, output, Operation};
use crate::schedule::{
    diff, CompiledSchedule, ExportTimes, FairnessSettings, IcalOptions, Incident, Interval,
    IntervalSpec, Schedule, ScheduleError, Weights, MAX_WINDOW_DAYS,
};
use crate::time::{ClockWindow, Zone};
use crate::Error;

/// Days compiled either side of the instant for `schedule.oncall` and
/// `schedule.handoff_report` when no `window` is given.
pub const AROUND_DAYS: i64 = 45;

/// The most instants one `schedule.oncall_many` call answers (split longer lists into
/// batches; each batch compiles the schedule once).
pub const MAX_ONCALL_INSTANTS: usize = 1_000_000;

pub(super) const OPERATIONS: &[Operation] = &[
    Operation {
        name: "schedule.validate",
        summary: "check a schedule document; summary of its layers and people",
    },
    Operation {
        name: "schedule.compile",
        summary: "final timeline of a window: shifts, handoffs, gaps, swaps, conflicts, notices",
    },
    Operation {
        name: "schedule.oncall",
        summary: "who is on call at an instant, why, and until when",
    },
    Operation {
        name: "schedule.oncall_many",
        summary: "who is on call at each of many instants (compiled once, a binary search each)",
    },
    Operation {
        name: "schedule.shifts",
        summary: "final shifts in a window (or one layer's, or one person's), with reasons",
    },
    Operation {
        name: "schedule.handoffs",
        summary: "handoffs in a window, or the next N after an instant",
    },
    Operation {
        name: "schedule.gaps",
        summary: "intervals with nobody on call in a window",
    },
    Operation {
        name: "schedule.dst",
        summary: "shifts DST moved or resized, and turns it squeezed to nothing, in a window",
    },
    Operation {
        name: "schedule.totals",
        summary: "per-person hours, nights, weekends and holidays in each person's own zone",
    },
    Operation {
        name: "schedule.fairness",
        summary: "weighted fairness ledger with opening balances and fair share",
    },
    Operation {
        name: "schedule.diff",
        summary: "who gains and loses on-call time between two versions of a schedule",
    },
    Operation {
        name: "schedule.handoff_report",
        summary: "who hands to whom at a handoff, with both shifts' facts and pages",
    },
    Operation {
        name: "schedule.ical",
        summary: "iCalendar (RFC 5545) of a schedule's or one member's shifts, UTC or zoned",
    },
];

pub(super) fn call(name: &str, v: &Value) -> Option<Result<Value, Error>> {
    Some(match name {
        "schedule.validate" => validate(v),
        "schedule.compile" => compile(v),
        "schedule.oncall" => oncall(v),
        "schedule.oncall_many" => oncall_many(v),
        "schedule.shifts" => shifts(v),
        "schedule.handoffs" => handoffs(v),
        "schedule.gaps" => gaps(v),
        "schedule.dst" => dst(v),
        "schedule.totals" => totals(v),
        "schedule.fairness" => fairness(v),
        "schedule.diff" => diff_op(v),
        "schedule.handoff_report" => handoff_report(v),
        "schedule.ical" => ical(v),
        _ => return None,
    })
}

fn window(from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Interval, Error> {
    Ok(Interval::checked(from, to, "window (from, to)")?)
}

fn around(at: DateTime<Utc>, w: Option<IntervalSpec>) -> Result<Interval, Error> {
    match w {
        Some(w) => window(w.start, w.end),
        None => {
            let days = AROUND_DAYS.min(MAX_WINDOW_DAYS / 2);
            window(at - Duration::days(days), at + Duration::days(days))
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Validate {
    schedule: Schedule,
}

fn validate(v: &Value) -> Result<Value, Error> {
    let i: Validate = input(v)?;
    let s = &i.schedule;
    let layers: Vec<Value> = s
        .spec()
        .layers
        .iter()
        .map(|l| {
            json!({
                "id": l.id,
                "zone": l.zone.unwrap_or(s.zone()),
                "members": l.rotation.members,
                "combine": l.combine,
                "shadow": l.shadow,
                "restricted": !l.restrictions.is_empty(),
                "turn_counting": l.rotation.turn_counting,
                "dst": l.rotation.dst,
            })
        })
        .collect();
    Ok(json!({
        "valid": true,
        "id": s.id(),
        "zone": s.zone(),
        "layers": layers,
        "people": s.people(),
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Windowed {
    schedule: Schedule,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
}

impl Windowed {
    fn compiled(&self) -> Result<(CompiledSchedule, Interval), Error> {
        let w = window(self.from, self.to)?;
        Ok((self.schedule.compile(w)?, w))
    }
}

fn compile(v: &Value) -> Result<Value, Error> {
    let i: Windowed = input(v)?;
    let (c, _) = i.compiled()?;
    output(&c.summary())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OnCall {
    schedule: Schedule,
    at: DateTime<Utc>,
    #[serde(default)]
    window: Option<IntervalSpec>,
}

fn oncall(v: &Value) -> Result<Value, Error> {
    let i: OnCall = input(v)?;
    let c = i.schedule.compile(around(i.at, i.window)?)?;
    output(&c.oncall(i.at)?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OnCallMany {
    schedule: Schedule,
    at: Vec<DateTime<Utc>>,
    #[serde(default)]
    window: Option<IntervalSpec>,
}

fn oncall_many(v: &Value) -> Result<Value, Error> {
    // Refuse an oversized list before parsing a million instants.
    if let Some(n) = v.get("at").and_then(Value::as_array).map(Vec::len) {
        if n > MAX_ONCALL_INSTANTS {
            return Err(ScheduleError::limit(
                "instants in `at`",
                n,
                MAX_ONCALL_INSTANTS,
                "split them into batches",
            )
            .into());
        }
    }
    let i: OnCallMany = input(v)?;
    let (Some(&first), Some(&last)) = (i.at.iter().min(), i.at.iter().max()) else {
        return Ok(json!({ "on_call": [] }));
    };
    let w = match i.window {
        Some(w) => window(w.start, w.end)?,
        None => window(
            first - Duration::days(AROUND_DAYS),
            last + Duration::days(AROUND_DAYS),
        )?,
    };
    let c = i.schedule.compile(w)?;
    let names = c.people();
    let on_call =
        i.at.iter()
            .map(|&t| {
                Ok(c.oncall_people(t)?
                    .iter()
                    .filter_map(|h| names.get(*h as usize))
                    .map(String::as_str)
                    .collect())
            })
            .collect::<Result<Vec<Vec<&str>>, ScheduleError>>()?;
    Ok(json!({ "window": w, "on_call": on_call }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Shifts {
    schedule: Schedule,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    #[serde(default)]
    layer: Option<String>,
    #[serde(default)]
    person: Option<String>,
    #[serde(default)]
    include_shadows: bool,
}

fn shifts(v: &Value) -> Result<Value, Error> {
    let i: Shifts = input(v)?;
    let w = window(i.from, i.to)?;
    let c = i.schedule.compile(w)?;
    let keep = |s: &&crate::schedule::Shift| i.person.as_ref().is_none_or(|p| s.person == *p);
    let list: Vec<_> = match &i.layer {
        Some(l) => c.layer_shifts(l, w)?.into_iter().filter(keep).collect(),
        None => c.shifts(w)?.into_iter().filter(keep).collect(),
    };
    let mut out = json!({ "shifts": list });
    if i.include_shadows {
        let shadows: Vec<_> = c.shadow_shifts(w)?.into_iter().filter(keep).collect();
        out["shadow_shifts"] = output(&shadows)?;
    }
    Ok(out)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Handoffs {
    schedule: Schedule,
    #[serde(default)]
    from: Option<DateTime<Utc>>,
    #[serde(default)]
    to: Option<DateTime<Utc>>,
    #[serde(default)]
    after: Option<DateTime<Utc>>,
    #[serde(default)]
    count: Option<usize>,
    #[serde(default)]
    within_days: Option<i64>,
}

fn handoffs(v: &Value) -> Result<Value, Error> {
    let i: Handoffs = input(v)?;
    match (i.from, i.to, i.after) {
        (Some(from), Some(to), None) => {
            let w = window(from, to)?;
            let c = i.schedule.compile(w)?;
            Ok(json!({ "handoffs": output(&c.handoffs(w)?)? }))
        }
        (None, None, Some(after)) => {
            let days = i.within_days.unwrap_or(AROUND_DAYS).clamp(1, MAX_WINDOW_DAYS);
            let w = window(after, after + Duration::days(days))?;
            let c = i.schedule.compile(w)?;
            let n = i.count.unwrap_or(1).min(10_000);
            Ok(json!({ "handoffs": output(&c.next_handoffs(after, n)?)? }))
        }
        _ => Err(Error::Input {
            module: "input".to_string(),
            code: "invalid_input".to_string(),
            path: String::new(),
            message: "give either \"from\" and \"to\" (handoffs in a window) or \"after\" (with optional \"count\" and \"within_days\")".to_string(),
        }),
    }
}

fn gaps(v: &Value) -> Result<Value, Error> {
    let i: Windowed = input(v)?;
    let (c, w) = i.compiled()?;
    let gaps = c.gaps(w)?;
    let secs: i64 = gaps.iter().map(|g| g.duration().num_seconds()).sum();
    Ok(json!({
        "gaps": output(&gaps)?,
        "gap_hours": secs as f64 / 3600.0,
        "coverage": 1.0 - secs as f64 / w.duration().num_seconds().max(1) as f64,
    }))
}

fn dst(v: &Value) -> Result<Value, Error> {
    let i: Windowed = input(v)?;
    let (c, w) = i.compiled()?;
    Ok(json!({
        "shifts": output(&c.dst_affected(w)?)?,
        "merged_turns": output(&c.merged_turns(w)?)?,
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fairness {
    schedule: Schedule,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    #[serde(default)]
    weights: Option<Weights>,
    #[serde(default)]
    night: Option<ClockWindow>,
    #[serde(default)]
    opening_balance: std::collections::BTreeMap<String, f64>,
    #[serde(default)]
    people: Option<Vec<String>>,
}

impl Fairness {
    fn settings(&self) -> FairnessSettings {
        let d = FairnessSettings::default();
        FairnessSettings {
            weights: self.weights.unwrap_or(d.weights),
            night: self.night.unwrap_or(d.night),
            opening_balance: self.opening_balance.clone(),
            people: self.people.clone(),
        }
    }
}

fn totals(v: &Value) -> Result<Value, Error> {
    let i: Fairness = input(v)?;
    let w = window(i.from, i.to)?;
    let c = i.schedule.compile(w)?;
    Ok(json!({ "totals": output(&c.totals(w, &i.settings())?)? }))
}

fn fairness(v: &Value) -> Result<Value, Error> {
    let i: Fairness = input(v)?;
    let w = window(i.from, i.to)?;
    let c = i.schedule.compile(w)?;
    output(&c.fairness(w, &i.settings())?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Diff {
    before: Schedule,
    after: Schedule,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
}

fn diff_op(v: &Value) -> Result<Value, Error> {
    let i: Diff = input(v)?;
    let w = window(i.from, i.to)?;
    output(&diff(&i.before.compile(w)?, &i.after.compile(w)?)?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Report {
    schedule: Schedule,
    at: DateTime<Utc>,
    #[serde(default)]
    incidents: Vec<Incident>,
    #[serde(default)]
    window: Option<IntervalSpec>,
}

fn handoff_report(v: &Value) -> Result<Value, Error> {
    let i: Report = input(v)?;
    let c = i.schedule.compile(around(i.at, i.window)?)?;
    output(&c.handoff_report(i.at, &i.incidents)?)
}

#[derive(Deserialize, Default, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum Times {
    #[default]
    Utc,
    Zoned,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Ical {
    schedule: Schedule,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    now: DateTime<Utc>,
    #[serde(default)]
    person: Option<String>,
    #[serde(default)]
    times: Times,
    #[serde(default)]
    zone: Option<Zone>,
    #[serde(default)]
    include_shadows: bool,
    #[serde(default)]
    include_gaps: bool,
    #[serde(default)]
    alarm_minutes: Option<u32>,
}

fn ical(v: &Value) -> Result<Value, Error> {
    let i: Ical = input(v)?;
    let w = window(i.from, i.to)?;
    // Compile a margin either side so that shifts overlapping the window are exported whole.
    let spare = (MAX_WINDOW_DAYS - w.duration().num_days() - 1).max(0) / 2;
    let pad = Duration::days(AROUND_DAYS.min(spare));
    let c = i.schedule.compile(window(w.start - pad, w.end + pad)?)?;
    let times = match (i.times, i.zone) {
        (Times::Utc, None) => ExportTimes::Utc,
        (_, zone) => ExportTimes::Zoned(zone),
    };
    let o = IcalOptions {
        window: w,
        dtstamp: i.now,
        person: i.person,
        times,
        include_shadows: i.include_shadows,
        include_gaps: i.include_gaps,
        alarm_minutes: i.alarm_minutes,
    };
    let cal = c.ical_calendar(&o)?;
    let events: Vec<Value> = cal
        .events
        .iter()
        .map(|e| json!({"uid": e.uid, "summary": e.summary, "start": e.start, "end": e.end}))
        .collect();
    let name = cal.name.clone();
    Ok(json!({ "calendar": name, "events": events, "ics": cal.render()? }))
}
