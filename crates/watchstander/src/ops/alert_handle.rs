//! `alert.Pipeline`: an alert pipeline kept between calls, fed alert by alert.
//!
//! `alert.replay` runs a whole recorded stream through a fresh pipeline in one call; a service
//! that receives alerts as they come keeps this handle instead: each `ingest` costs a hash
//! lookup or two (dedup, route, group, inhibition index), `tick` fires the group timers due,
//! and `next_timer` says how long the host may sleep. Every method returns the actions due —
//! notifications, incidents to open, attach or resolve, and every suppression with its reason
//! (dedup count, group and next flush, inhibiting alert and rule, silences, flapping).
//!
//! Its state is the configuration and the pipeline's own serialisable state (alerts, groups,
//! notification log, silences, flap histories, open incidents, counters), carried as an opaque
//! JSON value: Python handles pickle, Node handles `restore`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::bounded::Bounded;
use super::handle::{Handle, Method, MethodRecord, NoArgs};
use crate::alert::normalize::normalize;
use crate::alert::{
    Action, Alert, AlertConfig, AlertError, AlertQuality, Fingerprint, Pipeline, PipelineState,
    RecordError, ReplayRecord, SilenceSpec, SilenceState, Stats, MAX_REPLAY_RECORDS,
};
use crate::Error;

/// A configuration and, to restore a saved pipeline, its state: what builds an
/// [`AlertPipelineHandle`], and its state.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PipelineArgs {
    /// The pipeline configuration (Alertmanager's shape plus watchstander's additions).
    pub config: AlertConfig,
    /// A saved pipeline state (what `state` gave), opaque; absent: an empty pipeline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<Value>,
}

/// An alert pipeline.
pub struct AlertPipelineHandle {
    pipeline: Pipeline,
}

impl AlertPipelineHandle {
    /// The pipeline.
    pub fn pipeline(&self) -> &Pipeline {
        &self.pipeline
    }

    /// The pipeline, mutably (the bindings' native fast paths).
    pub fn pipeline_mut(&mut self) -> &mut Pipeline {
        &mut self.pipeline
    }
}

impl Handle for AlertPipelineHandle {
    const NAME: &'static str = "alert.Pipeline";
    const SUMMARY: &'static str =
        "an alert pipeline fed alert by alert: dedup, route, group, inhibit, silence, flapping, incidents";
    const DOC: &'static str = "The pipeline of `alert.replay`, kept between calls. `ingest` takes \
        an alert in the native form, `ingest_payload` a payload of PagerDuty, Alertmanager, \
        Grafana, Datadog, CloudWatch/SNS or CI/CD (normalised, then every alert in it \
        ingested), `tick` fires the group timers due, `next_timer` says when the next one is. \
        Every call returns the actions due by its instant — `notify`, `open_incident`, \
        `attach`, `resolve_incident`, `alert_resolved`, `acknowledge`, silence reminders — and \
        every suppression with its reason. Instants must not go backwards. `stats` counts what \
        was deduplicated, grouped, inhibited and silenced per rule; `quality` gives the \
        true-positive rate per rule and per service from the alerts marked actionable (on the \
        alert, or later with `mark`), the noisiest rules and the flapping share. Its state is \
        the configuration and the pipeline state: Python handles pickle.";
    const EXAMPLE: &'static str = r#"{"config": {"route": {"receiver": "team", "group_by": ["alertname"], "group_wait": "30s"}, "inhibit_rules": [{"source_matchers": ["severity=critical"], "target_matchers": ["severity=warning"], "equal": ["alertname"]}]}}"#;
    type New = PipelineArgs;
    type State = PipelineArgs;

    fn new(input: PipelineArgs) -> Result<Self, Error> {
        let pipeline = match input.state {
            None => Pipeline::new(input.config)?,
            Some(v) => {
                let state: PipelineState =
                    serde_json::from_value(v).map_err(|e| AlertError::InvalidState {
                        reason: format!(
                            "the saved state is not a pipeline state: {}",
                            e.to_string().chars().take(300).collect::<String>()
                        ),
                    })?;
                Pipeline::from_state(input.config, state)?
            }
        };
        Ok(AlertPipelineHandle { pipeline })
    }

    fn state(&self) -> PipelineArgs {
        PipelineArgs {
            config: self.pipeline.config().clone(),
            state: serde_json::to_value(self.pipeline.state()).ok(),
        }
    }

    fn restore(state: PipelineArgs) -> Result<Self, Error> {
        Self::new(state)
    }

    fn methods() -> &'static [MethodRecord] {
        METHODS
    }
}

const METHODS: &[MethodRecord] = &[
    MethodRecord::of::<AlertPipelineHandle, Ingest>(),
    MethodRecord::of::<AlertPipelineHandle, IngestMany>(),
    MethodRecord::of::<AlertPipelineHandle, IngestPayload>(),
    MethodRecord::of::<AlertPipelineHandle, ApplyRecord>(),
    MethodRecord::of::<AlertPipelineHandle, Tick>(),
    MethodRecord::of::<AlertPipelineHandle, NextTimer>(),
    MethodRecord::of::<AlertPipelineHandle, AddSilence>(),
    MethodRecord::of::<AlertPipelineHandle, ExpireSilence>(),
    MethodRecord::of::<AlertPipelineHandle, Silences>(),
    MethodRecord::of::<AlertPipelineHandle, Mark>(),
    MethodRecord::of::<AlertPipelineHandle, StatsMethod>(),
    MethodRecord::of::<AlertPipelineHandle, Quality>(),
    MethodRecord::of::<AlertPipelineHandle, Counts>(),
];

/// An alert and when it arrived.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct IngestArgs {
    /// The alert, in the native form.
    alert: Alert,
    /// When it arrived (not before the last instant the pipeline saw).
    now: DateTime<Utc>,
}

pub(crate) struct Ingest;
impl Method<AlertPipelineHandle> for Ingest {
    const NAME: &'static str = "ingest";
    const SUMMARY: &'static str = "receive one alert (native form); the actions due, explained";
    const DOC: &'static str = "Fires the timers due by `now`, then deduplicates, routes and \
        groups the alert, and returns every action due: notifications, incidents, and each \
        suppression with its reason (a repeat's count, the group joined and its next flush, \
        ...).";
    const MUTATES: bool = true;
    type Input = IngestArgs;
    type Output = Vec<Action>;
    fn call(h: &mut AlertPipelineHandle, i: IngestArgs) -> Result<Vec<Action>, Error> {
        Ok(h.pipeline.ingest(i.alert, i.now)?)
    }
}

/// Alerts and when each arrived, in time order.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct IngestManyArgs {
    /// The alerts (native form), each with its arrival instant, in time order.
    alerts: Bounded<IngestArgs, MAX_REPLAY_RECORDS>,
}

/// What a batch did.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct IngestManyOutput {
    /// Every action due, in order.
    actions: Vec<Action>,
    /// The alerts refused (by position in the batch); the others were ingested.
    errors: Vec<RecordError>,
}

pub(crate) struct IngestMany;
impl Method<AlertPipelineHandle> for IngestMany {
    const NAME: &'static str = "ingest_many";
    const SUMMARY: &'static str = "receive a batch of alerts; all their actions in one call";
    const DOC: &'static str = "As `ingest` for each alert of the batch in turn, in one call \
        (the fast path for a host that buffers). An alert that is refused (a malformed label \
        set, an instant before the last one, a limit) is listed in `errors` by its position and \
        skipped; the rest are ingested.";
    const MUTATES: bool = true;
    type Input = IngestManyArgs;
    type Output = IngestManyOutput;
    fn call(h: &mut AlertPipelineHandle, i: IngestManyArgs) -> Result<IngestManyOutput, Error> {
        let mut actions = Vec::new();
        let mut errors = Vec::new();
        for (index, a) in i.alerts.0.into_iter().enumerate() {
            if let Err(e) = h.pipeline.ingest_into(a.alert, a.now, &mut actions) {
                errors.push(RecordError {
                    index,
                    code: e.code().to_string(),
                    message: e.to_string(),
                });
            }
        }
        Ok(IngestManyOutput { actions, errors })
    }
}

/// A source payload and when it arrived.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct IngestPayloadArgs {
    /// `native`, `pagerduty`, `alertmanager`, `grafana`, `datadog`, `cloudwatch` or `cicd`.
    source: String,
    /// The payload exactly as the source sent it.
    payload: Value,
    /// When it arrived.
    now: DateTime<Utc>,
}

pub(crate) struct IngestPayload;
impl Method<AlertPipelineHandle> for IngestPayload {
    const NAME: &'static str = "ingest_payload";
    const SUMMARY: &'static str =
        "normalise a source payload and ingest every alert in it; the actions due";
    const DOC: &'static str = "Normalises a payload of PagerDuty (Events API v2), Alertmanager \
        (webhook v4), Grafana, Datadog, CloudWatch via SNS, a CI/CD pipeline event or the \
        native form (as `alert.normalize`) and ingests every alert in it at `now`. A payload \
        that carries no alert (a PagerDuty `change` event) still fires the timers due. A \
        malformed payload raises `invalid_payload` naming the field, and changes nothing.";
    const MUTATES: bool = true;
    type Input = IngestPayloadArgs;
    type Output = Vec<Action>;
    fn call(h: &mut AlertPipelineHandle, i: IngestPayloadArgs) -> Result<Vec<Action>, Error> {
        let normalised = normalize(&i.source, &i.payload)?;
        let mut out = Vec::new();
        if normalised.alerts_ignored() {
            out.extend(h.pipeline.tick(i.now)?);
        }
        for a in normalised.alerts {
            out.extend(h.pipeline.ingest(a, i.now)?);
        }
        Ok(out)
    }
}

/// One record of a recorded stream.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct RecordArgs {
    /// The record: an alert, a payload, a silence, an expiry, or just an instant.
    record: ReplayRecord,
}

pub(crate) struct ApplyRecord;
impl Method<AlertPipelineHandle> for ApplyRecord {
    const NAME: &'static str = "apply";
    const SUMMARY: &'static str = "apply one record of an `alert.replay` stream; its actions";
    const DOC: &'static str = "Applies one record as `alert.replay` does (an alert, a source \
        payload, a silence to add, a silence to expire, or a tick). Feeding a stream's records \
        in time order gives the actions `alert.replay` gives for the whole stream.";
    const MUTATES: bool = true;
    type Input = RecordArgs;
    type Output = Vec<Action>;
    fn call(h: &mut AlertPipelineHandle, i: RecordArgs) -> Result<Vec<Action>, Error> {
        Ok(h.pipeline.apply(i.record)?)
    }
}

/// An instant.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(rename = "PipelineNowArgs"))]
pub(crate) struct NowArgs {
    /// Now.
    now: DateTime<Utc>,
}

pub(crate) struct Tick;
impl Method<AlertPipelineHandle> for Tick {
    const NAME: &'static str = "tick";
    const SUMMARY: &'static str = "fire the timers due by an instant; the actions";
    const DOC: &'static str = "Runs every group flush due at or before `now`, each at its own \
        scheduled instant, and the silence reminders, and returns the actions in time order.";
    const MUTATES: bool = true;
    type Input = NowArgs;
    type Output = Vec<Action>;
    fn call(h: &mut AlertPipelineHandle, i: NowArgs) -> Result<Vec<Action>, Error> {
        Ok(h.pipeline.tick(i.now)?)
    }
}

pub(crate) struct NextTimer;
impl Method<AlertPipelineHandle> for NextTimer {
    const NAME: &'static str = "next_timer";
    const SUMMARY: &'static str = "when the next group flush is due (null: none)";
    const DOC: &'static str = "The instant of the next group flush, so a host can sleep until \
        then and `tick`; null when no group is open.";
    type Input = NoArgs;
    type Output = Option<DateTime<Utc>>;
    fn call(h: &mut AlertPipelineHandle, _: NoArgs) -> Result<Option<DateTime<Utc>>, Error> {
        Ok(h.pipeline.next_timer())
    }
}

/// A silence to add.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct AddSilenceArgs {
    /// The silence or maintenance window (one-off or recurring).
    silence: SilenceSpec,
    /// When it is added.
    now: DateTime<Utc>,
}

pub(crate) struct AddSilence;
impl Method<AlertPipelineHandle> for AddSilence {
    const NAME: &'static str = "add_silence";
    const SUMMARY: &'static str = "add (or replace) a silence or maintenance window";
    const DOC: &'static str = "Fires the timers due by `now`, then adds the silence (a silence \
        with the same id is replaced). It mutes matching alerts at every flush while active.";
    const MUTATES: bool = true;
    type Input = AddSilenceArgs;
    type Output = Vec<Action>;
    fn call(h: &mut AlertPipelineHandle, i: AddSilenceArgs) -> Result<Vec<Action>, Error> {
        Ok(h.pipeline.add_silence(i.silence, i.now)?)
    }
}

/// A silence to end.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct ExpireSilenceArgs {
    /// The silence id.
    id: String,
    /// When it ends.
    now: DateTime<Utc>,
}

pub(crate) struct ExpireSilence;
impl Method<AlertPipelineHandle> for ExpireSilence {
    const NAME: &'static str = "expire_silence";
    const SUMMARY: &'static str = "end a silence now";
    const DOC: &'static str = "Fires the timers due by `now`, then ends the silence; an unknown \
        id raises `unknown_silence`.";
    const MUTATES: bool = true;
    type Input = ExpireSilenceArgs;
    type Output = Vec<Action>;
    fn call(h: &mut AlertPipelineHandle, i: ExpireSilenceArgs) -> Result<Vec<Action>, Error> {
        Ok(h.pipeline.expire_silence(&i.id, i.now)?)
    }
}

/// A silence and its state.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct SilenceInfo {
    /// Its id.
    id: String,
    /// Its state at the last instant the pipeline saw.
    state: SilenceState,
}

pub(crate) struct Silences;
impl Method<AlertPipelineHandle> for Silences {
    const NAME: &'static str = "silences";
    const SUMMARY: &'static str = "the silences and their state";
    const DOC: &'static str = "Every silence the pipeline holds (configured or added), with its \
        state (pending, active, waiting for its next recurrence, expired) at the last instant \
        the pipeline saw.";
    type Input = NoArgs;
    type Output = Vec<SilenceInfo>;
    fn call(h: &mut AlertPipelineHandle, _: NoArgs) -> Result<Vec<SilenceInfo>, Error> {
        Ok(h.pipeline
            .silence_states()
            .into_iter()
            .map(|(id, state)| SilenceInfo { id, state })
            .collect())
    }
}

/// A judgement of an alert.
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct MarkArgs {
    /// The alert's fingerprint (as in its actions).
    alert: Fingerprint,
    /// Whether it needed a person.
    actionable: bool,
}

pub(crate) struct Mark;
impl Method<AlertPipelineHandle> for Mark {
    const NAME: &'static str = "mark";
    const SUMMARY: &'static str = "mark an alert actionable or not (alert-quality feedback)";
    const DOC: &'static str = "Records whether the current firing of an alert needed a person, \
        for `quality`. The alert must still be held (open, or resolved and not yet flushed); a \
        later judgement changes the earlier one. Alerts can also carry `actionable` \
        themselves. Returns whether the judgement changed.";
    const MUTATES: bool = true;
    type Input = MarkArgs;
    type Output = bool;
    fn call(h: &mut AlertPipelineHandle, i: MarkArgs) -> Result<bool, Error> {
        Ok(h.pipeline.mark(i.alert, i.actionable)?)
    }
}

pub(crate) struct StatsMethod;
impl Method<AlertPipelineHandle> for StatsMethod {
    const NAME: &'static str = "stats";
    const SUMMARY: &'static str =
        "what was received, deduplicated, grouped, inhibited, silenced, notified, per rule";
    const DOC: &'static str = "Counts since the pipeline started: in total and per alert rule \
        (`alertname`), alerts muted per inhibition rule and per silence, notifications sent.";
    type Input = NoArgs;
    type Output = Stats;
    fn call(h: &mut AlertPipelineHandle, _: NoArgs) -> Result<Stats, Error> {
        Ok(h.pipeline.stats())
    }
}

pub(crate) struct Quality;
impl Method<AlertPipelineHandle> for Quality {
    const NAME: &'static str = "quality";
    const SUMMARY: &'static str =
        "true-positive rate per rule and service, noisiest rules, flapping share";
    const DOC: &'static str = "Alert quality since the pipeline started: per alert rule and per \
        service, how many alerts fired, how many were marked actionable or not, the \
        true-positive rate (actionable ÷ alerts) and the share found flapping; the noisiest \
        rules (most alerts not marked actionable).";
    type Input = NoArgs;
    type Output = AlertQuality;
    fn call(h: &mut AlertPipelineHandle, _: NoArgs) -> Result<AlertQuality, Error> {
        Ok(h.pipeline.quality())
    }
}

/// How much the pipeline holds.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct PipelineCounts {
    /// Alerts held (open, or resolved and waiting for their last flush).
    open_alerts: usize,
    /// Aggregation groups open.
    open_groups: usize,
    /// Incidents open.
    open_incidents: usize,
    /// Silences held (any state).
    silences: usize,
}

pub(crate) struct Counts;
impl Method<AlertPipelineHandle> for Counts {
    const NAME: &'static str = "counts";
    const SUMMARY: &'static str = "open alerts, groups, incidents and silences";
    const DOC: &'static str = "How many alerts, aggregation groups, incidents and silences the \
        pipeline holds now (its memory is proportional to these).";
    type Input = NoArgs;
    type Output = PipelineCounts;
    fn call(h: &mut AlertPipelineHandle, _: NoArgs) -> Result<PipelineCounts, Error> {
        Ok(PipelineCounts {
            open_alerts: h.pipeline.open_alerts(),
            open_groups: h.pipeline.open_groups(),
            open_incidents: h.pipeline.open_incidents(),
            silences: h.pipeline.silences().count(),
        })
    }
}
