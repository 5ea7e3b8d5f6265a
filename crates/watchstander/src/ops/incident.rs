//! `incident.*` operations.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Op, Operation};
use crate::incident::{
    next_updates, notification_plan, render_status_update, replay, timeline, war_room_name,
    Applied, Event, Incident, IncidentConfig, IncidentFacts, IncidentSla, LiveIncident,
    NotificationPlan, RenderedUpdate, Status, StatusTemplate, Timeline, UpdateDue, UpdateFormat,
    UpdateRequest, WarRoomRule,
};
use crate::severity::Audience;
use crate::time::Zone;
use crate::{Error, ErrorReport};

pub(super) const OPERATIONS: &[Operation] = &[
    Operation::of::<Replay>(),
    Operation::of::<Apply>(),
    Operation::of::<TimelineOp>(),
    Operation::of::<NextUpdate>(),
    Operation::of::<StatusUpdate>(),
    Operation::of::<Plan>(),
    Operation::of::<WarRoomName>(),
    Operation::of::<Transitions>(),
];

/// The events of the examples: a SEV-2 detected, acknowledged and mitigated.
macro_rules! example_events {
    () => {
        r#"[{"id": "1", "incident": "INC-7", "kind": "detected", "title": "Checkout errors", "severity": "SEV-2", "occurred_at": "2026-11-26T10:00:00Z", "recorded_at": "2026-11-26T10:00:00Z", "actor": "alertmanager"}, {"id": "2", "incident": "INC-7", "kind": "acknowledged", "occurred_at": "2026-11-26T10:07:00Z", "recorded_at": "2026-11-26T10:07:00Z", "actor": "bob"}, {"id": "3", "incident": "INC-7", "kind": "status_changed", "to": "monitoring", "reason": "rolled back", "occurred_at": "2026-11-26T10:40:00Z", "recorded_at": "2026-11-26T10:40:00Z", "actor": "bob"}]"#
    };
}

pub(super) fn config(c: Option<IncidentConfig>) -> Result<IncidentConfig, Error> {
    Ok(c.unwrap_or_default().validate()?)
}

/// An incident's events.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct ReplayInput {
    /// Severity policy, roles, people, stakeholders, war-room rule (default: the defaults).
    #[serde(default)]
    config: Option<IncidentConfig>,
    /// The events, in any order.
    events: Vec<Event>,
    /// When to read facts and SLA clocks (default: the last event's time).
    #[serde(default)]
    now: Option<DateTime<Utc>>,
}

/// An incident and what follows from it at an instant.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct ReplayOutput {
    /// The incident: the fold of its events.
    incident: Incident,
    /// Time to acknowledge, mitigate, resolve; time in each status; impact.
    facts: IncidentFacts,
    /// Response and resolve SLA clocks.
    sla: IncidentSla,
    /// The war-room (chat channel) name.
    war_room: String,
}

pub(crate) struct Replay;
impl Op for Replay {
    const NAME: &'static str = "incident.replay";
    const SUMMARY: &'static str =
        "fold an incident's events (any order) into the incident, its facts and SLA clocks at an instant";
    const DOC: &'static str = "Folds the events — in any order; duplicates are ignored — into the \
        incident, and reads its facts and SLA clocks at `now`. An event the state machine \
        refuses (say, `resolved` before `detected`) is a typed error naming the event.";
    const EXAMPLE: &'static str = concat!(
        r#"{"events": "#,
        example_events!(),
        r#", "now": "2026-11-26T11:00:00Z"}"#
    );
    const BULK: bool = true;
    type Input = ReplayInput;
    type Output = ReplayOutput;
    fn run(i: ReplayInput) -> Result<ReplayOutput, Error> {
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
        Ok(ReplayOutput {
            incident,
            facts,
            sla,
            war_room,
        })
    }
}

/// New events to apply to a history.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct ApplyInput {
    /// The configuration (default: the defaults).
    #[serde(default)]
    config: Option<IncidentConfig>,
    /// The history so far.
    #[serde(default)]
    events: Vec<Event>,
    /// The new events, applied one by one in this order.
    apply: Vec<Event>,
}

/// What happened to one applied event.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub(crate) enum Outcome {
    /// It sorted after everything and was applied.
    Appended,
    /// It sorted before applied events and was put in its place.
    Inserted,
    /// Its id was seen before with the same content: nothing changed.
    Duplicate,
    /// The state machine refused it: nothing changed.
    Rejected,
}

/// One applied event's outcome.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct ApplyResult {
    /// The event id.
    event: String,
    /// What happened.
    outcome: Outcome,
    /// For `inserted`: its position in the history.
    #[serde(skip_serializing_if = "Option::is_none")]
    position: Option<usize>,
    /// For `rejected`: why.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<ErrorReport>,
}

/// The record of what applying event `event` did.
pub(super) fn apply_result(
    event: String,
    r: Result<Applied, crate::incident::IncidentError>,
) -> ApplyResult {
    let (outcome, position, error) = match r {
        Ok(Applied::Appended) => (Outcome::Appended, None, None),
        Ok(Applied::Inserted { position }) => (Outcome::Inserted, Some(position), None),
        Ok(Applied::Duplicate) => (Outcome::Duplicate, None, None),
        Err(err) => (Outcome::Rejected, None, Some(Error::from(err).report())),
    };
    ApplyResult {
        event,
        outcome,
        position,
        error,
    }
}

/// The outcomes and the incident after them.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct ApplyOutput {
    /// One per applied event, in order.
    results: Vec<ApplyResult>,
    /// The incident after all of them (null if never detected).
    incident: Option<Incident>,
    /// Events in the history now.
    event_count: usize,
}

pub(crate) struct Apply;
impl Op for Apply {
    const NAME: &'static str = "incident.apply";
    const SUMMARY: &'static str =
        "apply new events to a history one by one: appended, inserted (late), duplicate or rejected";
    const DOC: &'static str = "Applies new events to a history one at a time, as a live system \
        receives them, and says what happened to each: appended, inserted in its place (a late \
        event), ignored as a duplicate, or rejected with the reason (leaving the incident as it \
        was).";
    const EXAMPLE: &'static str = concat!(
        r#"{"events": "#,
        example_events!(),
        r#", "apply": [{"id": "4", "incident": "INC-7", "kind": "status_changed", "to": "resolved", "occurred_at": "2026-11-26T11:00:00Z", "recorded_at": "2026-11-26T11:00:00Z", "actor": "bob"}]}"#
    );
    type Input = ApplyInput;
    type Output = ApplyOutput;
    fn run(i: ApplyInput) -> Result<ApplyOutput, Error> {
        let mut log = LiveIncident::from_events(config(i.config)?, &i.events)?;
        let mut results = Vec::with_capacity(i.apply.len());
        for e in i.apply {
            let event = e.id.clone();
            results.push(apply_result(event, log.apply(e)));
        }
        Ok(ApplyOutput {
            results,
            incident: log.incident().cloned(),
            event_count: log.len(),
        })
    }
}

pub(super) fn utc() -> Zone {
    Zone::UTC
}

pub(super) fn internal() -> Audience {
    Audience::Internal
}

/// A timeline to render.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct TimelineInput {
    /// The configuration (default: the defaults).
    #[serde(default)]
    config: Option<IncidentConfig>,
    /// The events.
    events: Vec<Event>,
    /// The zone times are shown in (default UTC).
    #[serde(default = "utc")]
    zone: Zone,
    /// Who it is for: `internal` (default), `executive` or `external` (no internal notes).
    #[serde(default = "internal")]
    audience: Audience,
    /// Also render it as Markdown.
    #[serde(default)]
    markdown: bool,
}

/// A timeline.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct TimelineOutput {
    #[serde(flatten)]
    pub(super) timeline: Timeline,
    /// The Markdown rendering (with `markdown: true`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) markdown: Option<String>,
}

pub(crate) struct TimelineOp;
impl Op for TimelineOp {
    const NAME: &'static str = "incident.timeline";
    const SUMMARY: &'static str = "the human-readable timeline in a zone, for an audience";
    const DOC: &'static str = "The incident's timeline as people read it: each event as a line \
        with its local time in the chosen zone, filtered for the audience (external readers \
        never see internal notes), optionally rendered as Markdown.";
    const EXAMPLE: &'static str = concat!(
        r#"{"events": "#,
        example_events!(),
        r#", "zone": "Europe/London", "markdown": true}"#
    );
    type Input = TimelineInput;
    type Output = TimelineOutput;
    fn run(i: TimelineInput) -> Result<TimelineOutput, Error> {
        let config = config(i.config)?;
        let t = timeline(&config, &i.events, i.zone, i.audience)?;
        Ok(TimelineOutput {
            markdown: i.markdown.then(|| t.to_markdown()),
            timeline: t,
        })
    }
}

/// Events and an instant.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct AtInstantInput {
    /// The configuration (default: the defaults).
    #[serde(default)]
    config: Option<IncidentConfig>,
    /// The events.
    events: Vec<Event>,
    /// The instant.
    now: DateTime<Utc>,
}

/// When each audience must next hear.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct NextUpdateOutput {
    /// The instant asked about.
    now: DateTime<Utc>,
    /// The incident's status.
    status: Status,
    /// Its severity.
    severity: String,
    /// Per audience.
    updates: Vec<UpdateDue>,
    /// Audiences whose update is overdue.
    overdue: Vec<Audience>,
    /// The earliest due time.
    next_due_at: Option<DateTime<Utc>>,
}

pub(crate) struct NextUpdate;
impl Op for NextUpdate {
    const NAME: &'static str = "incident.next_update";
    const SUMMARY: &'static str =
        "next status update due per audience at an instant, and which are overdue";
    const DOC: &'static str = "When each audience (internal, executive, external) must next hear \
        about the incident, from its severity's update cadence and the updates already posted, \
        and which updates are overdue at `now`.";
    const EXAMPLE: &'static str = concat!(
        r#"{"events": "#,
        example_events!(),
        r#", "now": "2026-11-26T11:00:00Z"}"#
    );
    type Input = AtInstantInput;
    type Output = NextUpdateOutput;
    fn run(i: AtInstantInput) -> Result<NextUpdateOutput, Error> {
        let config = config(i.config)?;
        let incident = replay(&config, &i.events)?;
        let updates = next_updates(&incident, &config, i.now)?;
        Ok(NextUpdateOutput {
            now: i.now,
            status: incident.status,
            severity: incident.severity.clone(),
            overdue: updates
                .iter()
                .filter(|u| u.overdue)
                .map(|u| u.audience)
                .collect(),
            next_due_at: updates.iter().filter_map(|u| u.due_at).min(),
            updates,
        })
    }
}

pub(super) fn markdown() -> UpdateFormat {
    UpdateFormat::Markdown
}

/// A status update to render.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct StatusUpdateInput {
    /// The configuration (default: the defaults).
    #[serde(default)]
    config: Option<IncidentConfig>,
    /// The events.
    events: Vec<Event>,
    /// When the update is written.
    now: DateTime<Utc>,
    /// Who it is for.
    audience: Audience,
    /// `markdown` (default), `text`, `slack` (Block Kit) or `teams` (Adaptive Card).
    #[serde(default = "markdown")]
    format: UpdateFormat,
    /// The zone times are shown in (default UTC).
    #[serde(default = "utc")]
    zone: Zone,
    /// The human part of the update.
    #[serde(default)]
    message: String,
    /// A template (default: the built-in one for the audience).
    #[serde(default)]
    template: Option<StatusTemplate>,
    /// Values of custom placeholders.
    #[serde(default)]
    fields: BTreeMap<String, String>,
}

pub(crate) struct StatusUpdate;
impl Op for StatusUpdate {
    const NAME: &'static str = "incident.status_update";
    const SUMMARY: &'static str = "render a status update from a template as Markdown, text, Slack Block Kit or a Teams Adaptive Card";
    const DOC: &'static str = "Renders a status update from a placeholder-only template (no code \
        runs; an unknown placeholder is an error) as Markdown, plain text, Slack Block Kit or a \
        Teams Adaptive Card. Internal placeholders never render for external audiences, and \
        every value is escaped for the format.";
    const EXAMPLE: &'static str = concat!(
        r#"{"events": "#,
        example_events!(),
        r#", "now": "2026-11-26T11:00:00Z", "audience": "external", "message": "A fix is rolling out."}"#
    );
    type Input = StatusUpdateInput;
    type Output = RenderedUpdate;
    fn run(i: StatusUpdateInput) -> Result<RenderedUpdate, Error> {
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
        Ok(render_status_update(
            &incident, &config, &request, i.format,
        )?)
    }
}

pub(crate) struct Plan;
impl Op for Plan {
    const NAME: &'static str = "incident.plan";
    const SUMMARY: &'static str =
        "stakeholder notification plan at an instant: who must be told what, by when";
    const DOC: &'static str = "The stakeholder plan at `now`: for every stakeholder and audience \
        the incident's severity and status call for, what they must be told and by when, and \
        what is already done or overdue.";
    const EXAMPLE: &'static str = concat!(
        r#"{"events": "#,
        example_events!(),
        r#", "now": "2026-11-26T11:00:00Z"}"#
    );
    type Input = AtInstantInput;
    type Output = NotificationPlan;
    fn run(i: AtInstantInput) -> Result<NotificationPlan, Error> {
        let config = config(i.config)?;
        let incident = replay(&config, &i.events)?;
        Ok(notification_plan(&incident, &config, i.now)?)
    }
}

/// A war-room name to make.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct WarRoomInput {
    /// The incident title.
    title: String,
    /// When it was detected (the date goes in the name).
    detected_at: DateTime<Utc>,
    /// The incident id (some rules use it).
    #[serde(default)]
    incident_id: String,
    /// The naming rule (default `inc-{date}-{slug}`, 80 characters).
    #[serde(default)]
    rule: Option<WarRoomRule>,
    /// Names already taken: a suffix `-2`, `-3`, ... keeps the new one unique.
    #[serde(default)]
    taken: Vec<String>,
}

/// A war-room name.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct WarRoomOutput {
    /// The name.
    name: String,
    /// Its length in bytes.
    length: usize,
}

pub(crate) struct WarRoomName;
impl Op for WarRoomName {
    const NAME: &'static str = "incident.war_room_name";
    const SUMMARY: &'static str =
        "a safe war-room (chat channel) name such as inc-2026-11-26-payments-latency";
    const DOC: &'static str = "A chat-channel name safe for Slack and Teams (lowercase ASCII, \
        digits and dashes, within the length limit), unique against the names already taken.";
    const EXAMPLE: &'static str =
        r#"{"title": "Payments latency", "detected_at": "2026-11-26T10:00:00Z"}"#;
    type Input = WarRoomInput;
    type Output = WarRoomOutput;
    fn run(i: WarRoomInput) -> Result<WarRoomOutput, Error> {
        let rule = i.rule.unwrap_or_default();
        let name = war_room_name(&rule, i.detected_at, &i.title, &i.incident_id, &i.taken)?;
        Ok(WarRoomOutput {
            length: name.len(),
            name,
        })
    }
}

/// Which statuses to describe.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct TransitionsInput {
    /// Only this status (default: all).
    #[serde(default)]
    from: Option<Status>,
}

/// One status and where it may go.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct StatusRow {
    /// The status.
    status: Status,
    /// Its label.
    label: String,
    /// Still open (not resolved, closed, declined or merged).
    open: bool,
    /// Nothing follows it.
    #[serde(rename = "final")]
    is_final: bool,
    /// The statuses it may change to.
    next: Vec<Status>,
    /// May be reopened.
    may_reopen: bool,
    /// May be merged into another incident.
    may_merge: bool,
}

/// The transition table.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct TransitionsOutput {
    /// One row per status.
    statuses: Vec<StatusRow>,
    /// Where a reopened incident may go.
    reopen_targets: Vec<Status>,
}

pub(crate) struct Transitions;
impl Op for Transitions {
    const NAME: &'static str = "incident.transitions";
    const SUMMARY: &'static str = "the status transition table";
    const DOC: &'static str = "The status transition table: every status, whether it is open or \
        final, the statuses it may change to, and whether it may be reopened or merged.";
    const EXAMPLE: &'static str = "{}";
    type Input = TransitionsInput;
    type Output = TransitionsOutput;
    fn run(i: TransitionsInput) -> Result<TransitionsOutput, Error> {
        let statuses = Status::ALL
            .iter()
            .filter(|s| i.from.is_none_or(|f| f == **s))
            .map(|s| StatusRow {
                status: *s,
                label: s.label().to_string(),
                open: s.is_open(),
                is_final: s.is_final(),
                next: s.next_statuses().to_vec(),
                may_reopen: s.is_resolved(),
                may_merge: s.is_open(),
            })
            .collect();
        Ok(TransitionsOutput {
            statuses,
            reopen_targets: Status::REOPEN_TARGETS.to_vec(),
        })
    }
}
