//! A pipeline's mutable state as a serialisable value, so a host can persist a pipeline and
//! restore it (with the same configuration) after a restart.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::flapping::History;
use super::incident::OpenIncident;
use super::labels::Fingerprint;
use super::notify::LogEntry;
use super::pipeline::{Group, Pipeline, SilenceSlot, Stored};
use super::silence::{Silence, SilenceSpec};
use super::stats::{QualityState, Stats, Tally};
use super::{AlertConfig, AlertError};

/// Everything a [`Pipeline`] has learnt since it started: alerts, groups, notification log,
/// silences, flap histories, open incidents and counters. The configuration is not part of it.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use watchstander::alert::{Alert, AlertConfig, Labels, Pipeline};
/// let config: AlertConfig = serde_json::from_value(serde_json::json!({"route": {"receiver": "r"}})).unwrap();
/// let mut p = Pipeline::new(config.clone())?;
/// let t = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
/// p.ingest(Alert::new(Labels::from_pairs([("alertname", "X")])?), t)?;
/// let saved = serde_json::to_string(&p.state()).unwrap();
/// let restored = Pipeline::from_state(config, serde_json::from_str(&saved).unwrap())?;
/// assert_eq!(restored.open_alerts(), 1);
/// # Ok::<(), watchstander::alert::AlertError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PipelineState {
    version: u32,
    alerts: Vec<(Fingerprint, Stored)>,
    groups: Vec<(Fingerprint, Group)>,
    dormant_logs: Vec<(Fingerprint, LogEntry)>,
    silences: Vec<SilenceRecord>,
    flap: Vec<(Fingerprint, History)>,
    incidents: BTreeMap<String, OpenIncident>,
    incident_seq: u64,
    stats: Stats,
    #[serde(default)]
    quality: QualityState,
    last: Option<DateTime<Utc>>,
    #[serde(default)]
    seq: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct SilenceRecord {
    spec: SilenceSpec,
    expired_at: Option<DateTime<Utc>>,
    muted: BTreeSet<Fingerprint>,
    reminded: bool,
}

impl PartialEq for Stored {
    fn eq(&self, o: &Self) -> bool {
        serde_json::to_value(self).ok() == serde_json::to_value(o).ok()
    }
}

impl PartialEq for Group {
    fn eq(&self, o: &Self) -> bool {
        serde_json::to_value(self).ok() == serde_json::to_value(o).ok()
    }
}

impl Pipeline {
    /// The pipeline's state, for saving.
    pub fn state(&self) -> PipelineState {
        let mut alerts: Vec<_> = self
            .alerts
            .iter()
            .map(|(k, v)| (*k, Stored::clone(v)))
            .collect();
        alerts.sort_by_key(|(k, _)| *k);
        let mut groups: Vec<_> = self.groups.iter().map(|(k, v)| (*k, v.clone())).collect();
        groups.sort_by_key(|(k, _)| *k);
        let mut dormant_logs: Vec<_> = self
            .dormant_logs
            .iter()
            .map(|(k, v)| (*k, v.clone()))
            .collect();
        dormant_logs.sort_by_key(|(k, _)| *k);
        let (incidents, incident_seq) = self.incidents.export();
        PipelineState {
            version: 1,
            alerts,
            groups,
            dormant_logs,
            silences: self
                .silences
                .values()
                .map(|s| SilenceRecord {
                    spec: s.silence.spec().clone(),
                    expired_at: s.silence.expired_at(),
                    muted: s.muted.clone(),
                    reminded: s.reminded,
                })
                .collect(),
            flap: self.flap.as_ref().map(|f| f.export()).unwrap_or_default(),
            incidents,
            incident_seq,
            stats: self.stats.stats(),
            quality: self.stats.quality_state(),
            last: self.last,
            seq: self.seq,
        }
    }

    /// A pipeline with `config` and a saved state. The state's groups must name routes of
    /// this configuration.
    pub fn from_state(config: AlertConfig, state: PipelineState) -> Result<Pipeline, AlertError> {
        if state.version != 1 {
            return Err(AlertError::InvalidState {
                reason: format!("unknown state version {}", state.version),
            });
        }
        let mut p = Pipeline::new(config)?;
        p.silences.clear();
        for r in state.silences {
            let mut silence = Silence::compile(r.spec)?;
            silence.set_expired_at(r.expired_at);
            p.silences.insert(
                silence.id().to_string(),
                SilenceSlot {
                    silence,
                    muted: r.muted,
                    reminded: r.reminded,
                },
            );
        }
        p.plan_reminders();
        for (fp, g) in state.groups {
            if p.routes().node(g.route).is_none() {
                return Err(AlertError::InvalidState {
                    reason: format!(
                        "group {:?} is on route #{} which this configuration does not have",
                        g.key, g.route
                    ),
                });
            }
            p.timers
                .push(std::cmp::Reverse((g.next_flush, g.timer_seq, fp)));
            p.groups.insert(fp, g);
        }
        p.stats = Tally::restore(state.stats, state.quality);
        let mut routes = Vec::new();
        for (fp, mut s) in state.alerts {
            p.inhibitor.add(fp, &s.alert.labels);
            s.rule = p.stats.rule(s.alert.name()).0;
            p.compiled.routes.matches_into(&s.alert.labels, &mut routes);
            s.service = p.service_of(&s.alert, routes.first().copied());
            p.alerts.insert(fp, Box::new(s));
        }
        p.dormant_logs = state.dormant_logs.into_iter().collect();
        if let Some(f) = p.flap.as_mut() {
            f.import(state.flap);
        }
        p.incidents.import(state.incidents, state.incident_seq);
        p.last = state.last;
        p.seq = p.seq.max(state.seq);
        Ok(p)
    }
}
