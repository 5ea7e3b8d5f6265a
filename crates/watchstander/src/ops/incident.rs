//! `incident.*` operations.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::{json, Value};

use super::{input, output, Operation};
use crate::incident::{
    next_updates, notification_plan, render_status_update, replay, timeline, war_room_name,
    Applied, Event, IncidentConfig, IncidentFacts, IncidentLog, IncidentSla, Status,
    StatusTemplate, UpdateFormat, UpdateRequest, WarRoomRule,
};
use crate::severity::Audience;
use crate::time::Zone;
use crate::Error;

pub(super) const OPERATIONS: &[Operation] = &[
    Operation {
        name: "incident.replay",
        summary: "fold an incident's events (any order) into the incident, its facts and SLA clocks at an instant",
    },
    Operation {
        name: "incident.apply",
        summary: "apply new events to a history one by one: appended, inserted (late), duplicate or rejected",
    },
    Operation {
        name: "incident.timeline",
        summary: "the human-readable timeline in a zone, for an audience",
    },
    Operation {
        name: "incident.next_update",
        summary: "next status update due per audience at an instant, and which are overdue",
    },
    Operation {
        name: "incident.status_update",
        summary: "render a status update from a template as Markdown, text, Slack Block Kit or a Teams Adaptive Card",
    },
    Operation {
        name: "incident.plan",
        summary: "stakeholder notification plan at an instant: who must be told what, by when",
    },
    Operation {
        name: "incident.war_room_name",
        summary: "a safe war-room (chat channel) name such as inc-2026-11-26-payments-latency",
    },
    Operation {
        name: "incident.transitions",
        summary: "the status transition table",
    },
];

pub(super) fn call(name: &str, v: &Value) -> Option<Result<Value, Error>> {
    Some(match name {
        "incident.replay" => replay_op(v),
        "incident.apply" => apply_op(v),
        "incident.timeline" => timeline_op(v),
        "incident.next_update" => next_update_op(v),
        "incident.status_update" => status_update_op(v),
        "incident.plan" => plan_op(v),
        "incident.war_room_name" => war_room_op(v),
        "incident.transitions" => transitions_op(v),
        _ => return None,
    })
}

fn config(c: Option<IncidentConfig>) -> Result<IncidentConfig, Error> {
    Ok(c.unwrap_or_default().validate()?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Replay {
    #[serde(default)]
    config: Option<IncidentConfig>,
    events: Vec<Event>,
    #[serde(default)]
    now: Option<DateTime<Utc>>,
}

fn replay_op(v: &Value) -> Result<Value, Error> {
    let i: Replay = input(v)?;
    let config = config(i.config)?;
    let incident = replay(&config, &i.events)?;
    let now = i.now.unwrap_or(incident.last_event_at);
    let facts = IncidentFacts::at(&incident, &config, now)?;
    let sla = IncidentSla::at(&incident, &config, now)?;
    let war_room = war_room_name(
        &config.war_room,
        incident.detected_at,
        &incident.title,
        &incident.id,
        &[],
    )?;
    Ok(json!({
        "incident": output(&incident)?,
        "facts": output(&facts)?,
        "sla": output(&sla)?,
        "war_room": war_room,
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Apply {
    #[serde(default)]
    config: Option<IncidentConfig>,
    #[serde(default)]
    events: Vec<Event>,
    apply: Vec<Event>,
}

fn apply_op(v: &Value) -> Result<Value, Error> {
    let i: Apply = input(v)?;
    let mut log = IncidentLog::from_events(config(i.config)?, &i.events)?;
    let mut results = Vec::with_capacity(i.apply.len());
    for e in i.apply {
        let id = e.id.clone();
        let r = match log.apply(e) {
            Ok(Applied::Appended) => json!({"event": id, "outcome": "appended"}),
            Ok(Applied::Inserted { position }) => {
                json!({"event": id, "outcome": "inserted", "position": position})
            }
            Ok(Applied::Duplicate) => json!({"event": id, "outcome": "duplicate"}),
            Err(err) => {
                json!({"event": id, "outcome": "rejected", "error": Error::from(err).to_json()})
            }
        };
        results.push(r);
    }
    Ok(json!({
        "results": results,
        "incident": output(&log.incident())?,
        "event_count": log.events().len(),
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TimelineInput {
    #[serde(default)]
    config: Option<IncidentConfig>,
    events: Vec<Event>,
    #[serde(default = "utc")]
    zone: Zone,
    #[serde(default = "internal")]
    audience: Audience,
    #[serde(default)]
    markdown: bool,
}

fn utc() -> Zone {
    Zone::UTC
}

fn internal() -> Audience {
    Audience::Internal
}

fn timeline_op(v: &Value) -> Result<Value, Error> {
    let i: TimelineInput = input(v)?;
    let config = config(i.config)?;
    let t = timeline(&config, &i.events, i.zone, i.audience)?;
    let mut out = output(&t)?;
    if i.markdown {
        out["markdown"] = json!(t.to_markdown());
    }
    Ok(out)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AtInstant {
    #[serde(default)]
    config: Option<IncidentConfig>,
    events: Vec<Event>,
    now: DateTime<Utc>,
}

fn next_update_op(v: &Value) -> Result<Value, Error> {
    let i: AtInstant = input(v)?;
    let config = config(i.config)?;
    let incident = replay(&config, &i.events)?;
    let updates = next_updates(&incident, &config, i.now)?;
    let overdue: Vec<Audience> = updates
        .iter()
        .filter(|u| u.overdue)
        .map(|u| u.audience)
        .collect();
    let next_due = updates.iter().filter_map(|u| u.due_at).min();
    Ok(json!({
        "now": i.now,
        "status": incident.status,
        "severity": incident.severity,
        "updates": output(&updates)?,
        "overdue": overdue,
        "next_due_at": next_due,
    }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatusUpdateInput {
    #[serde(default)]
    config: Option<IncidentConfig>,
    events: Vec<Event>,
    now: DateTime<Utc>,
    audience: Audience,
    #[serde(default = "markdown")]
    format: UpdateFormat,
    #[serde(default = "utc")]
    zone: Zone,
    #[serde(default)]
    message: String,
    #[serde(default)]
    template: Option<StatusTemplate>,
    #[serde(default)]
    fields: BTreeMap<String, String>,
}

fn markdown() -> UpdateFormat {
    UpdateFormat::Markdown
}

fn status_update_op(v: &Value) -> Result<Value, Error> {
    let i: StatusUpdateInput = input(v)?;
    let config = config(i.config)?;
    let incident = replay(&config, &i.events)?;
    let request = UpdateRequest {
        audience: i.audience,
        now: i.now,
        zone: i.zone,
        message: i.message,
        fields: i.fields,
        template: i.template,
    };
    output(&render_status_update(
        &incident, &config, &request, i.format,
    )?)
}

fn plan_op(v: &Value) -> Result<Value, Error> {
    let i: AtInstant = input(v)?;
    let config = config(i.config)?;
    let incident = replay(&config, &i.events)?;
    output(&notification_plan(&incident, &config, i.now)?)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WarRoom {
    title: String,
    detected_at: DateTime<Utc>,
    #[serde(default)]
    incident_id: String,
    #[serde(default)]
    rule: Option<WarRoomRule>,
    #[serde(default)]
    taken: Vec<String>,
}

fn war_room_op(v: &Value) -> Result<Value, Error> {
    let i: WarRoom = input(v)?;
    let rule = i.rule.unwrap_or_default();
    let name = war_room_name(&rule, i.detected_at, &i.title, &i.incident_id, &i.taken)?;
    Ok(json!({ "name": name, "length": name.len() }))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Transitions {
    #[serde(default)]
    from: Option<Status>,
}

fn transitions_op(v: &Value) -> Result<Value, Error> {
    let i: Transitions = input(v)?;
    let rows: Vec<Value> = Status::ALL
        .iter()
        .filter(|s| i.from.is_none_or(|f| f == **s))
        .map(|s| {
            json!({
                "status": s,
                "label": s.label(),
                "open": s.is_open(),
                "final": s.is_final(),
                "next": s.next_statuses(),
                "may_reopen": s.is_resolved(),
                "may_merge": s.is_open(),
            })
        })
        .collect();
    Ok(json!({ "statuses": rows, "reopen_targets": Status::REOPEN_TARGETS }))
}
