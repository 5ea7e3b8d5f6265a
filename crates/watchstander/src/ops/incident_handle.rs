//! `incident.LiveIncident`: an incident kept up to date event by event.
//!
//! The JSON operations replay the whole history on every call; a bot that receives events one
//! at a time keeps this handle instead: applying an event costs O(log n), and the status at an
//! instant is read from running totals.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::handle::{Handle, Method, MethodRecord, NoArgs};
use super::incident::{apply_result, config, internal, markdown, utc, ApplyResult, TimelineOutput};
use crate::incident::{
    notification_plan, render_status_update, war_room_name, Event, Incident, IncidentConfig,
    LiveIncident, LiveStatus, NotificationPlan, RenderedUpdate, StatusTemplate, UpdateFormat,
    UpdateRequest, MAX_EVENTS,
};
use crate::ops::bounded::Bounded;
use crate::severity::Audience;
use crate::time::Zone;
use crate::Error;

/// A live incident.
pub struct LiveIncidentHandle {
    live: LiveIncident,
}

impl LiveIncidentHandle {
    /// The live incident.
    pub fn live(&self) -> &LiveIncident {
        &self.live
    }

    fn incident(&self) -> Result<&Incident, Error> {
        self.live.incident().ok_or_else(|| {
            Error::invalid_input(
                "the incident has not been detected yet: apply its `detected` event first",
            )
        })
    }
}

/// A configuration and the events so far: what builds a [`LiveIncidentHandle`], and its state.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LiveIncidentArgs {
    /// Severity policy, roles, people, stakeholders, war-room rule (default: the defaults).
    #[serde(default)]
    pub config: Option<IncidentConfig>,
    /// The events so far, in any order.
    #[serde(default)]
    pub events: Vec<Event>,
}

impl Handle for LiveIncidentHandle {
    const NAME: &'static str = "incident.LiveIncident";
    const SUMMARY: &'static str =
        "an incident kept up to date event by event: each event O(log n), status from running totals";
    const DOC: &'static str = "An incident fed its events as they arrive. Events that sort after \
        everything applied are folded in O(log n); a late one is put in its place; a duplicate \
        changes nothing; a refused one raises and leaves the incident as it was. The status at \
        an instant (facts, SLA clocks, next updates) is read from running totals, not replayed. \
        Its state is the configuration and the events: Python handles pickle.";
    const EXAMPLE: &'static str = r#"{"events": [{"id": "1", "incident": "INC-7", "kind": "detected", "title": "Checkout errors", "severity": "SEV-2", "occurred_at": "2026-11-26T10:00:00Z", "recorded_at": "2026-11-26T10:00:00Z", "actor": "alertmanager"}]}"#;
    type New = LiveIncidentArgs;
    type State = LiveIncidentArgs;

    fn new(input: LiveIncidentArgs) -> Result<Self, Error> {
        let live = LiveIncident::from_events(config(input.config)?, &input.events)?;
        Ok(LiveIncidentHandle { live })
    }

    fn state(&self) -> LiveIncidentArgs {
        LiveIncidentArgs {
            config: Some(self.live.config().clone()),
            events: self.live.events().collect(),
        }
    }

    fn restore(state: LiveIncidentArgs) -> Result<Self, Error> {
        Self::new(state)
    }

    fn methods() -> &'static [MethodRecord] {
        METHODS
    }
}

const METHODS: &[MethodRecord] = &[
    MethodRecord::of::<LiveIncidentHandle, Apply>(),
    MethodRecord::of::<LiveIncidentHandle, ApplyAll>(),
    MethodRecord::of::<LiveIncidentHandle, Len>(),
    MethodRecord::of::<LiveIncidentHandle, IncidentMethod>(),
    MethodRecord::of::<LiveIncidentHandle, Status>(),
    MethodRecord::of::<LiveIncidentHandle, TimelineMethod>(),
    MethodRecord::of::<LiveIncidentHandle, Plan>(),
    MethodRecord::of::<LiveIncidentHandle, StatusUpdate>(),
    MethodRecord::of::<LiveIncidentHandle, WarRoom>(),
    MethodRecord::of::<LiveIncidentHandle, Events>(),
];

/// One event.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct EventArgs {
    /// The event.
    event: Event,
}

pub(crate) struct Apply;
impl Method<LiveIncidentHandle> for Apply {
    const NAME: &'static str = "apply";
    const SUMMARY: &'static str = "apply one event: appended, inserted (late) or duplicate";
    const DOC: &'static str = "Applies one event. Returns what happened (`appended`, `inserted` \
        with its position, or `duplicate`); an event the state machine refuses raises a typed \
        error and changes nothing.";
    const MUTATES: bool = true;
    type Input = EventArgs;
    type Output = ApplyResult;
    fn call(h: &mut LiveIncidentHandle, i: EventArgs) -> Result<ApplyResult, Error> {
        let id = i.event.id.clone();
        let applied = h.live.apply(i.event)?;
        Ok(apply_result(id, Ok(applied)))
    }
}

/// Many events.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct EventsArgs {
    /// The events, in any order (applied in fold order).
    events: Bounded<Event, MAX_EVENTS>,
}

pub(crate) struct ApplyAll;
impl Method<LiveIncidentHandle> for ApplyAll {
    const NAME: &'static str = "apply_all";
    const SUMMARY: &'static str = "apply many events; each one's outcome, refusals included";
    const DOC: &'static str = "Applies a batch of events (sorted into fold order first) and \
        returns each one's outcome in input order; refused events are reported with their error, \
        not raised.";
    const MUTATES: bool = true;
    type Input = EventsArgs;
    type Output = Vec<ApplyResult>;
    fn call(h: &mut LiveIncidentHandle, i: EventsArgs) -> Result<Vec<ApplyResult>, Error> {
        let ids: Vec<String> = i.events.0.iter().map(|e| e.id.clone()).collect();
        Ok(ids
            .into_iter()
            .zip(h.live.apply_all(i.events.0))
            .map(|(id, r)| apply_result(id, r))
            .collect())
    }
}

pub(crate) struct Len;
impl Method<LiveIncidentHandle> for Len {
    const NAME: &'static str = "len";
    const SUMMARY: &'static str = "how many events are applied";
    const DOC: &'static str = "The number of events applied (duplicates not counted).";
    type Input = NoArgs;
    type Output = usize;
    fn call(h: &mut LiveIncidentHandle, _: NoArgs) -> Result<usize, Error> {
        Ok(h.live.len())
    }
}

pub(crate) struct IncidentMethod;
impl Method<LiveIncidentHandle> for IncidentMethod {
    const NAME: &'static str = "incident";
    const SUMMARY: &'static str = "the incident: the fold of its events";
    const DOC: &'static str = "The incident as its events make it (null before `detected`).";
    type Input = NoArgs;
    type Output = Option<Incident>;
    fn call(h: &mut LiveIncidentHandle, _: NoArgs) -> Result<Option<Incident>, Error> {
        Ok(h.live.incident().cloned())
    }
}

/// An instant.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct NowArgs {
    /// The instant.
    now: DateTime<Utc>,
}

pub(crate) struct Status;
impl Method<LiveIncidentHandle> for Status {
    const NAME: &'static str = "status";
    const SUMMARY: &'static str = "facts, SLA clocks and next updates at an instant";
    const DOC: &'static str = "The facts (time to acknowledge, mitigate, resolve; time in each \
        status; impact), both SLA clocks and the next update due to each audience at `now`, from \
        running totals.";
    type Input = NowArgs;
    type Output = LiveStatus;
    fn call(h: &mut LiveIncidentHandle, i: NowArgs) -> Result<LiveStatus, Error> {
        Ok(h.live.status(i.now)?)
    }
}

/// A timeline to render.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct TimelineArgs {
    /// The zone times are shown in (default UTC).
    #[serde(default = "utc")]
    zone: Zone,
    /// `internal` (default), `executive` or `external` (no internal notes).
    #[serde(default = "internal")]
    audience: Audience,
    /// Also render it as Markdown.
    #[serde(default)]
    markdown: bool,
}

pub(crate) struct TimelineMethod;
impl Method<LiveIncidentHandle> for TimelineMethod {
    const NAME: &'static str = "timeline";
    const SUMMARY: &'static str = "the human-readable timeline in a zone, for an audience";
    const DOC: &'static str = "The timeline as people read it, in a zone, filtered for the \
        audience, optionally as Markdown.";
    type Input = TimelineArgs;
    type Output = TimelineOutput;
    fn call(h: &mut LiveIncidentHandle, i: TimelineArgs) -> Result<TimelineOutput, Error> {
        let t = h.live.timeline(i.zone, i.audience)?;
        Ok(TimelineOutput {
            markdown: i.markdown.then(|| t.to_markdown()),
            timeline: t,
        })
    }
}

pub(crate) struct Plan;
impl Method<LiveIncidentHandle> for Plan {
    const NAME: &'static str = "plan";
    const SUMMARY: &'static str = "stakeholder notification plan at an instant";
    const DOC: &'static str = "Who must be told what, by when, at `now`.";
    type Input = NowArgs;
    type Output = NotificationPlan;
    fn call(h: &mut LiveIncidentHandle, i: NowArgs) -> Result<NotificationPlan, Error> {
        Ok(notification_plan(h.incident()?, h.live.config(), i.now)?)
    }
}

/// A status update to render.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct StatusUpdateArgs {
    /// When the update is written.
    now: DateTime<Utc>,
    /// Who it is for.
    audience: Audience,
    /// `markdown` (default), `text`, `slack` or `teams`.
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
impl Method<LiveIncidentHandle> for StatusUpdate {
    const NAME: &'static str = "status_update";
    const SUMMARY: &'static str = "render a status update as Markdown, text, Slack or Teams";
    const DOC: &'static str = "A status update from a placeholder-only template, escaped for the \
        format; internal placeholders never render for external audiences.";
    type Input = StatusUpdateArgs;
    type Output = RenderedUpdate;
    fn call(h: &mut LiveIncidentHandle, i: StatusUpdateArgs) -> Result<RenderedUpdate, Error> {
        let request = UpdateRequest {
            audience: i.audience,
            now: i.now,
            zone: i.zone,
            message: i.message,
            fields: i.fields,
            template: i.template,
        };
        Ok(render_status_update(
            h.incident()?,
            h.live.config(),
            &request,
            i.format,
        )?)
    }
}

/// Names already taken.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct TakenArgs {
    /// Names already taken: a suffix `-2`, `-3`, ... keeps the new one unique.
    #[serde(default)]
    taken: Vec<String>,
}

pub(crate) struct WarRoom;
impl Method<LiveIncidentHandle> for WarRoom {
    const NAME: &'static str = "war_room_name";
    const SUMMARY: &'static str = "a safe war-room (chat channel) name for the incident";
    const DOC: &'static str = "The incident's chat-channel name under the configured rule, unique \
        against the names already taken.";
    type Input = TakenArgs;
    type Output = String;
    fn call(h: &mut LiveIncidentHandle, i: TakenArgs) -> Result<String, Error> {
        let incident = h.incident()?;
        Ok(war_room_name(
            &h.live.config().war_room,
            incident.detected_at,
            &incident.title,
            &incident.id,
            &i.taken,
        )?)
    }
}

pub(crate) struct Events;
impl Method<LiveIncidentHandle> for Events {
    const NAME: &'static str = "events";
    const SUMMARY: &'static str = "the events applied, in fold order";
    const DOC: &'static str = "Every event applied, in fold order (occurred-at, then recording \
        order).";
    type Input = NoArgs;
    type Output = Vec<Event>;
    fn call(h: &mut LiveIncidentHandle, _: NoArgs) -> Result<Vec<Event>, Error> {
        Ok(h.live.events().collect())
    }
}
