//! Replaying a recorded stream through a pipeline: every rule can be tested against history.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::action::Action;
use super::limits::{MAX_FLUSHES_PER_CALL, MAX_REPLAY_OUTPUT, MAX_REPLAY_RECORDS};
use super::model::Alert;
use super::normalize::normalize;
use super::quality::AlertQuality;
use super::silence::SilenceSpec;
use super::stats::Stats;
use super::{AlertConfig, AlertError, Pipeline};

/// One timestamped record of a stream: an alert (native, or a source payload to normalise), a
/// silence to add or expire, or just an instant to tick to (when none of those is given).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ReplayRecord {
    /// When it happened.
    pub at: DateTime<Utc>,
    /// A native alert.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alert: Option<Alert>,
    /// The source format of `payload` (`pagerduty`, `alertmanager`, `grafana`, `datadog`,
    /// `cloudwatch`, `cicd`, `native`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// A source payload, normalised with `source`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<Value>,
    /// A silence to add.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub silence: Option<SilenceSpec>,
    /// The id of a silence to expire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expire_silence: Option<String>,
}

/// A record that could not be applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RecordError {
    /// Its position in the stream (0-based, after sorting by time).
    pub index: usize,
    /// The error code.
    pub code: String,
    /// The message.
    pub message: String,
}

/// The totals of a replay.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ReplaySummary {
    /// Records read.
    pub records: usize,
    /// Counts per alert rule, inhibition rule and silence.
    pub stats: Stats,
    /// Alert quality: true-positive rate per rule and per service, noisiest rules, flapping
    /// share.
    pub quality: AlertQuality,
    /// Alerts still held at the end.
    pub open_alerts: usize,
    /// Groups still open at the end.
    pub open_groups: usize,
    /// Incidents still open at the end.
    pub open_incidents: usize,
    /// Records that were refused.
    pub errors: Vec<RecordError>,
}

/// The actions and totals of a replay.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "AlertReplayOutput"))]
pub struct ReplayOutput {
    /// Every action, in time order.
    pub actions: Vec<Action>,
    /// Totals.
    pub summary: ReplaySummary,
}

/// Feeds one record to a pipeline, appending its actions.
pub(crate) fn apply(
    p: &mut Pipeline,
    r: ReplayRecord,
    out: &mut Vec<Action>,
) -> Result<(), AlertError> {
    if let Some(a) = r.alert {
        ingest(p, a, r.at, out)?;
    } else if let Some(payload) = r.payload {
        let source = r.source.as_deref().unwrap_or("native");
        let normalised = normalize(source, &payload)?;
        if normalised.alerts_ignored() {
            out.extend(p.tick(r.at)?);
        }
        for a in normalised.alerts {
            ingest(p, a, r.at, out)?;
        }
    } else if let Some(s) = r.silence {
        out.extend(p.add_silence(s, r.at)?);
    } else if let Some(id) = r.expire_silence {
        out.extend(p.expire_silence(&id, r.at)?);
    } else {
        out.extend(p.tick(r.at)?);
    }
    Ok(())
}

/// [`Pipeline::ingest`] appending to `out` (no vector per record); an alert that is refused
/// adds no action, as with `ingest`.
fn ingest(
    p: &mut Pipeline,
    a: Alert,
    at: DateTime<Utc>,
    out: &mut Vec<Action>,
) -> Result<(), AlertError> {
    let mark = out.len();
    p.ingest_into(a, at, out)
        .inspect_err(|_| out.truncate(mark))
}

impl Pipeline {
    /// Applies one record of a recorded stream (an alert, a source payload, a silence, an
    /// expiry or a tick) at its instant and returns the actions.
    pub fn apply(&mut self, record: ReplayRecord) -> Result<Vec<Action>, AlertError> {
        let mut out = Vec::new();
        apply(self, record, &mut out)?;
        Ok(out)
    }
}

/// Replays a stream (sorted by time first, stably) through a fresh pipeline, then ticks to
/// `until` if given. A record that fails is reported in the summary and skipped.
///
/// At most [`MAX_REPLAY_RECORDS`] records, at most [`MAX_REPLAY_OUTPUT`] actions and notified
/// alerts in the output, and at most [`MAX_FLUSHES_PER_CALL`] group flushes in all
/// (`alert_too_large` as soon as either is passed).
pub fn replay(
    config: AlertConfig,
    records: Vec<ReplayRecord>,
    until: Option<DateTime<Utc>>,
) -> Result<ReplayOutput, AlertError> {
    run(config, records, until, true)
}

/// The summary of a replay alone: the actions are dropped as they come, so the output limit
/// does not apply.
pub(crate) fn replay_summary(
    config: AlertConfig,
    records: Vec<ReplayRecord>,
    until: Option<DateTime<Utc>>,
) -> Result<ReplaySummary, AlertError> {
    Ok(run(config, records, until, false)?.summary)
}

/// How much an action weighs against [`MAX_REPLAY_OUTPUT`]: one, and one per alert a
/// notification lists.
fn weight(a: &Action) -> usize {
    match a {
        Action::Notify(n) => 1 + n.alerts.len(),
        _ => 1,
    }
}

fn too_many_flushes(flushes: u64) -> AlertError {
    AlertError::too_large(
        "replay's group flushes (every open group flushes once per group_interval)",
        usize::try_from(flushes).unwrap_or(usize::MAX),
        MAX_FLUSHES_PER_CALL as usize,
    )
}

fn run(
    config: AlertConfig,
    mut records: Vec<ReplayRecord>,
    until: Option<DateTime<Utc>>,
    keep: bool,
) -> Result<ReplayOutput, AlertError> {
    if records.len() > MAX_REPLAY_RECORDS {
        return Err(AlertError::too_large(
            "replay stream",
            records.len(),
            MAX_REPLAY_RECORDS,
        ));
    }
    records.sort_by_key(|r| r.at);
    let mut p = Pipeline::new(config)?;
    let mut actions = Vec::new();
    let mut weighed = 0usize;
    let mut output = 0usize;
    let mut errors = Vec::new();
    let n = records.len();
    let mut add = |actions: &mut Vec<Action>| -> Result<(), AlertError> {
        if !keep {
            actions.clear();
            return Ok(());
        }
        output += actions
            .get(weighed..)
            .map_or(0, |new| new.iter().map(weight).sum());
        weighed = actions.len();
        if output > MAX_REPLAY_OUTPUT {
            return Err(AlertError::too_large(
                "replay output (actions and notified alerts)",
                output,
                MAX_REPLAY_OUTPUT,
            ));
        }
        Ok(())
    };
    // The flushes of the whole replay are bounded: checked before each step, from the
    // catch-up to the step's instant (before any of its work), and once at the end.
    let flushes = |p: &Pipeline, to: DateTime<Utc>| -> Result<(), AlertError> {
        let left = MAX_FLUSHES_PER_CALL.saturating_sub(p.flushes);
        match p.catch_up_beyond(to, left) {
            Some(coming) => Err(too_many_flushes(p.flushes.saturating_add(coming))),
            None if p.flushes > MAX_FLUSHES_PER_CALL => Err(too_many_flushes(p.flushes)),
            None => Ok(()),
        }
    };
    for (index, r) in records.into_iter().enumerate() {
        flushes(&p, r.at)?;
        if let Err(e) = apply(&mut p, r, &mut actions) {
            errors.push(RecordError {
                index,
                code: e.code().to_string(),
                message: e.to_string(),
            });
        }
        add(&mut actions)?;
    }
    if let Some(u) = until {
        flushes(&p, u)?;
        actions.extend(p.tick(u)?);
        add(&mut actions)?;
    }
    // The flushes an arrival made due at once ran after the check before it.
    if p.flushes > MAX_FLUSHES_PER_CALL {
        return Err(too_many_flushes(p.flushes));
    }
    Ok(ReplayOutput {
        actions,
        summary: ReplaySummary {
            records: n,
            stats: p.stats(),
            quality: p.quality(),
            open_alerts: p.open_alerts(),
            open_groups: p.open_groups(),
            open_incidents: p.open_incidents(),
            errors,
        },
    })
}
