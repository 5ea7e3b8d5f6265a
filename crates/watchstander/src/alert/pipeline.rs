//! The pipeline: a pure state machine from alerts and instants to [`Action`]s.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};
use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::action::{Action, SuppressReason};
use super::config::AlertConfig;
use super::dormant::DormantLogs;
use super::duration::Interval;
use super::flapping::FlapDetector;
use super::incident::IncidentTracker;
use super::inhibit::Inhibitor;
use super::labels::{Fingerprint, Fnv, FpMap, Labels};
use super::limits::{MAX_FLUSHES_PER_CALL, MAX_SILENCES};
use super::model::{Alert, AlertStatus};
use super::notify::LogEntry;
use super::quality::AlertQuality;
use super::route::{GroupBy, RouteTree};
use super::silence::SilenceState;
use super::silence::{Silence, SilenceSpec};
use super::stats::{Stats, Tally};
use super::AlertError;

/// Alertmanager's default `resolve_timeout`.
pub const DEFAULT_RESOLVE_TIMEOUT: Interval = Interval::from_secs(300);

/// How long a notification-log entry outlives its group (Alertmanager's `--data.retention`).
pub const NOTIFICATION_LOG_RETENTION: Interval = Interval::from_secs(120 * 3600);

/// The checked, immutable part of a pipeline (shared between clones).
#[derive(Debug)]
pub(crate) struct Compiled {
    pub(crate) config: AlertConfig,
    pub(crate) routes: RouteTree,
    pub(crate) resolve_timeout: Interval,
    /// The shortest `group_interval` of any route, in milliseconds.
    pub(crate) shortest_interval_ms: i64,
}

/// An alert the pipeline holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Stored {
    pub(crate) alert: Alert,
    pub(crate) starts_at: DateTime<Utc>,
    pub(crate) ends_at: Option<DateTime<Utc>>,
    pub(crate) first_seen: DateTime<Utc>,
    pub(crate) last_seen: DateTime<Utc>,
    pub(crate) count: u64,
    pub(crate) groups: Vec<Fingerprint>,
    /// The last suppression reported for it (so each is reported once).
    pub(crate) muted: Option<SuppressReason>,
    pub(crate) incident: Option<String>,
    /// Its resolution has been processed (actions emitted, incident updated).
    pub(crate) resolved_seen: bool,
    /// Its rule's number in the counters (derived again on restore).
    #[serde(skip)]
    pub(crate) rule: u32,
    /// Its service's number in the quality counters (derived again on restore).
    #[serde(skip)]
    pub(crate) service: u32,
    /// Its current firing is counted in the quality counters.
    #[serde(default)]
    pub(crate) counted: bool,
    /// The judgement counted for its current firing.
    #[serde(default)]
    pub(crate) judged: Option<bool>,
    /// Its current firing has been held back as flapping.
    #[serde(default)]
    pub(crate) flapped: bool,
}

impl Stored {
    pub(crate) fn is_resolved(&self, now: DateTime<Utc>) -> bool {
        self.alert.status == Some(AlertStatus::Resolved) || self.ends_at.is_some_and(|e| e <= now)
    }
}

/// An aggregation group.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Group {
    /// Alertmanager's group key (shared with the actions that name it).
    #[serde(with = "super::action::arc_str")]
    pub(crate) key: Arc<str>,
    pub(crate) route: usize,
    pub(crate) labels: Labels,
    /// Its alerts, in the order they joined (joining a large group is a push; a flush sorts
    /// them and drops any repeat, and they are saved sorted). An alert joins a group only when
    /// it enters the pipeline, so repeats arise only from an inconsistent restored state.
    #[serde(serialize_with = "sorted", deserialize_with = "unsorted")]
    pub(crate) alerts: Vec<Fingerprint>,
    pub(crate) next_flush: DateTime<Utc>,
    pub(crate) has_flushed: bool,
    pub(crate) log: Option<LogEntry>,
    /// The sequence number of its live timer: groups due at one instant flush in the order
    /// their timers were set, before and after a restore.
    #[serde(default)]
    pub(crate) timer_seq: u64,
}

fn sorted<S: serde::Serializer>(set: &[Fingerprint], s: S) -> Result<S::Ok, S::Error> {
    let mut v: Vec<Fingerprint> = set.to_vec();
    v.sort_unstable();
    v.dedup();
    s.collect_seq(v)
}

fn unsorted<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Fingerprint>, D::Error> {
    let mut v = Vec::<Fingerprint>::deserialize(d)?;
    v.sort_unstable();
    v.dedup();
    Ok(v)
}

/// A silence and what it has muted.
#[derive(Debug, Clone)]
pub(crate) struct SilenceSlot {
    pub(crate) silence: Silence,
    pub(crate) muted: BTreeSet<Fingerprint>,
    pub(crate) reminded: bool,
}

impl SilenceSlot {
    /// When its expiry reminder is due and when it ends, if it has a reminder that can still
    /// come before its end (sent or not).
    pub(crate) fn pending_reminder(&self) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let (at, end) = (self.silence.reminder_at()?, self.silence.end()?);
        (at < end).then_some((at, end))
    }
}

/// The alert pipeline: deduplication, grouping with Alertmanager's timers, inhibition,
/// silences, flap detection, routing to services, and alert → incident placement.
///
/// It is a pure state machine: [`ingest`](Pipeline::ingest) an alert at an instant, or
/// [`tick`](Pipeline::tick) to an instant, and it returns the [`Action`]s due — notifications,
/// incidents to open, attach or resolve, and every suppression with its reason. It never reads
/// the clock: a replay of a recorded stream gives the same actions as the live run. Instants
/// must not go backwards.
///
/// Timers fire at their own instants, however sparsely the pipeline is ticked: a call at `now`
/// first runs every flush due at or before `now`, in time order, each at its scheduled instant.
/// Memory is proportional to open alerts plus open groups (resolved alerts leave after the
/// flush that reports them).
///
/// The pipeline is `Send + Sync + Clone`; its mutable state serialises with
/// [`state`](Pipeline::state) and comes back with [`from_state`](Pipeline::from_state).
///
/// ```
/// use chrono::{Duration, TimeZone, Utc};
/// use watchstander::alert::{Action, Alert, AlertConfig, Labels, Pipeline};
/// let config: AlertConfig = serde_json::from_value(serde_json::json!({
///     "route": { "receiver": "team", "group_by": ["alertname"], "group_wait": "30s" }
/// })).unwrap();
/// let mut p = Pipeline::new(config)?;
/// let t0 = Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, 0).unwrap();
/// for host in ["a", "b", "c"] {
///     let labels = Labels::from_pairs([("alertname", "Down"), ("host", host)])?;
///     p.ingest(Alert::new(labels), t0)?;
/// }
/// let actions = p.tick(t0 + Duration::seconds(30))?;
/// let notes: Vec<_> = actions.iter().filter_map(|a| match a { Action::Notify(n) => Some(n), _ => None }).collect();
/// assert_eq!(notes.len(), 1);
/// assert_eq!(notes[0].alerts.len(), 3);
/// # Ok::<(), watchstander::alert::AlertError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Pipeline {
    pub(crate) compiled: Arc<Compiled>,
    pub(crate) inhibitor: Inhibitor,
    pub(crate) silences: BTreeMap<String, SilenceSlot>,
    /// No silence's expiry reminder is due before this instant (a lower bound, so that an
    /// ingest need not look at every silence; `None`: no reminder left to send).
    pub(crate) next_reminder: Option<DateTime<Utc>>,
    /// Boxed: growing the table moves pointers, not whole alerts.
    pub(crate) alerts: FpMap<Box<Stored>>,
    pub(crate) groups: FpMap<Group>,
    pub(crate) dormant_logs: DormantLogs,
    pub(crate) timers: BinaryHeap<Reverse<(DateTime<Utc>, u64, Fingerprint)>>,
    pub(crate) flap: Option<FlapDetector>,
    pub(crate) incidents: IncidentTracker,
    pub(crate) stats: Tally,
    pub(crate) last: Option<DateTime<Utc>>,
    pub(crate) seq: u64,
    pub(crate) route_buf: Vec<usize>,
    /// Scratch space for an arriving alert's group ids (one per route).
    pub(crate) group_buf: Vec<Fingerprint>,
    /// Scratch space for the hashes of an arriving alert's label prefixes.
    pub(crate) prefix_buf: Vec<u64>,
    /// Group flushes run so far (a replay bounds its own by [`MAX_FLUSHES_PER_CALL`]).
    pub(crate) flushes: u64,
}

impl Pipeline {
    /// Checks a configuration and starts an empty pipeline.
    pub fn new(config: AlertConfig) -> Result<Pipeline, AlertError> {
        let routes = RouteTree::compile(&config)?;
        let inhibitor = Inhibitor::compile(&config.inhibit_rules)?;
        let flap = config.flapping.clone().map(FlapDetector::new).transpose()?;
        let incidents = IncidentTracker::new(config.incidents.as_ref())?;
        let resolve_timeout = config
            .global
            .resolve_timeout
            .unwrap_or(DEFAULT_RESOLVE_TIMEOUT);
        let silences = config.silences.clone();
        let shortest_interval_ms = routes
            .nodes()
            .iter()
            .map(|n| n.opts.group_interval.to_duration().num_milliseconds())
            .min()
            .unwrap_or(1);
        let mut p = Pipeline {
            compiled: Arc::new(Compiled {
                config,
                routes,
                resolve_timeout,
                shortest_interval_ms,
            }),
            inhibitor,
            silences: BTreeMap::new(),
            next_reminder: None,
            alerts: FpMap::default(),
            groups: FpMap::default(),
            dormant_logs: DormantLogs::default(),
            timers: BinaryHeap::new(),
            flap,
            incidents,
            stats: Tally::default(),
            last: None,
            seq: 0,
            route_buf: Vec::new(),
            group_buf: Vec::new(),
            prefix_buf: Vec::new(),
            flushes: 0,
        };
        for (i, s) in silences.into_iter().enumerate() {
            p.add_silence_unchecked(s).map_err(|e| match e {
                AlertError::InvalidSilence { reason, .. } => {
                    AlertError::config(format!("silences[{i}]"), reason)
                }
                other => other,
            })?;
        }
        Ok(p)
    }

    /// The configuration.
    pub fn config(&self) -> &AlertConfig {
        &self.compiled.config
    }

    /// The compiled routing tree.
    pub fn routes(&self) -> &RouteTree {
        &self.compiled.routes
    }

    /// The compiled inhibition rules.
    pub fn inhibitor(&self) -> &Inhibitor {
        &self.inhibitor
    }

    /// What the pipeline has counted so far.
    pub fn stats(&self) -> Stats {
        self.stats.stats()
    }

    /// Alert quality so far: true-positive rate per rule and per service, the noisiest
    /// rules, the flapping share (see [`AlertQuality`]).
    pub fn quality(&self) -> AlertQuality {
        self.stats.quality_report()
    }

    /// Every silence's id and state at the last instant the pipeline processed.
    pub fn silence_states(&mut self) -> Vec<(String, SilenceState)> {
        let Some(now) = self.last else {
            return self
                .silences
                .keys()
                .map(|id| (id.clone(), SilenceState::Pending))
                .collect();
        };
        self.silences
            .iter_mut()
            .map(|(id, slot)| (id.clone(), slot.silence.state_at(now)))
            .collect()
    }

    /// How many alerts it holds (open, or resolved and waiting for their last flush).
    pub fn open_alerts(&self) -> usize {
        self.alerts.len()
    }

    /// How many aggregation groups are open.
    pub fn open_groups(&self) -> usize {
        self.groups.len()
    }

    /// How many incidents are open.
    pub fn open_incidents(&self) -> usize {
        self.incidents.open_count()
    }

    /// The alert with this identity, if the pipeline holds it.
    pub fn alert(&self, fp: Fingerprint) -> Option<&Alert> {
        self.alerts.get(&fp).map(|s| &s.alert)
    }

    /// The identity the pipeline gives an alert: its dedup key in its service when it has one,
    /// else its label fingerprint.
    pub fn identity(alert: &Alert) -> Fingerprint {
        match &alert.dedup_key {
            Some(k) => Fingerprint::of_dedup_key(alert.service.as_deref().unwrap_or(""), k),
            None => alert.labels.fingerprint(),
        }
    }

    /// [`identity`](Self::identity), leaving in `prefixes` the hashes of the label prefixes
    /// when the identity is the label fingerprint (and nothing otherwise), for
    /// [`group_id`](Self::group_id).
    pub(crate) fn identity_with_prefixes(alert: &Alert, prefixes: &mut Vec<u64>) -> Fingerprint {
        match &alert.dedup_key {
            Some(_) => {
                prefixes.clear();
                Pipeline::identity(alert)
            }
            None => alert.labels.fingerprint_prefixes(prefixes),
        }
    }

    /// Checks that `now` is not before the last instant processed, and that catching up to it
    /// runs at most [`MAX_FLUSHES_PER_CALL`] group flushes — before any work is done.
    pub(crate) fn check_clock(&self, now: DateTime<Utc>) -> Result<(), AlertError> {
        if let Some(last) = self.last.filter(|last| now < *last) {
            return Err(AlertError::ClockRegression { now, last });
        }
        if let Some(flushes) = self.catch_up_beyond(now, MAX_FLUSHES_PER_CALL) {
            return Err(AlertError::LimitExceeded {
                what: format!("group flushes to catch up to {now} ({flushes})"),
                limit: MAX_FLUSHES_PER_CALL as usize,
                hint: format!(
                    "the pipeline is at {}: tick to earlier instants first, so that each call \
                     catches up part of the way",
                    self.last
                        .map_or("its start".to_string(), |last| last.to_string())
                ),
            });
        }
        Ok(())
    }

    /// How many group flushes catching up to `now` runs at most, if that is more than `limit`
    /// (`None`: within it). Every open group flushes at most once per `group_interval` it is
    /// behind; a bound from the earliest timer and the shortest interval comes first, and only
    /// when that passes `limit` are the groups counted one by one.
    pub(crate) fn catch_up_beyond(&self, now: DateTime<Utc>, limit: u64) -> Option<u64> {
        let Reverse((earliest, _, _)) = self.timers.peek()?;
        if *earliest > now {
            return None;
        }
        let behind = |since: DateTime<Utc>, every: i64| -> u64 {
            let behind = (now - since).num_milliseconds().max(0).unsigned_abs();
            1 + behind / every.max(1).unsigned_abs()
        };
        let groups = self.groups.len() as u64;
        if groups.saturating_mul(behind(*earliest, self.compiled.shortest_interval_ms)) <= limit {
            return None;
        }
        let mut flushes: u64 = 0;
        for g in self.groups.values().filter(|g| g.next_flush <= now) {
            let every = self.compiled.routes.node(g.route).map_or(1, |n| {
                n.opts.group_interval.to_duration().num_milliseconds()
            });
            flushes = flushes.saturating_add(behind(g.next_flush, every));
        }
        (flushes > limit).then_some(flushes)
    }

    /// Runs every timer due at or before `now` and returns the actions, in time order.
    pub fn tick(&mut self, now: DateTime<Utc>) -> Result<Vec<Action>, AlertError> {
        self.check_clock(now)?;
        let mut out = Vec::new();
        self.advance(now, &mut out);
        self.last = Some(now);
        Ok(out)
    }

    /// Adds a silence (or maintenance window) at `now`.
    pub fn add_silence(
        &mut self,
        spec: SilenceSpec,
        now: DateTime<Utc>,
    ) -> Result<Vec<Action>, AlertError> {
        self.check_clock(now)?;
        let mut out = Vec::new();
        self.advance(now, &mut out);
        self.add_silence_unchecked(spec)?;
        self.last = Some(now);
        Ok(out)
    }

    fn add_silence_unchecked(&mut self, spec: SilenceSpec) -> Result<(), AlertError> {
        if !self.silences.contains_key(&spec.id) && self.silences.len() >= MAX_SILENCES {
            return Err(AlertError::LimitExceeded {
                what: "silences".into(),
                limit: MAX_SILENCES,
                hint: "expire old silences first".into(),
            });
        }
        let silence = Silence::compile(spec)?;
        let slot = SilenceSlot {
            silence,
            muted: BTreeSet::new(),
            reminded: false,
        };
        if let Some((at, _)) = slot.pending_reminder() {
            self.next_reminder = Some(self.next_reminder.map_or(at, |t| t.min(at)));
        }
        self.silences.insert(slot.silence.id().to_string(), slot);
        Ok(())
    }

    /// Ends a silence at `now`.
    pub fn expire_silence(
        &mut self,
        id: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<Action>, AlertError> {
        self.check_clock(now)?;
        if !self.silences.contains_key(id) {
            return Err(AlertError::UnknownSilence {
                id: super::error::clip(id, 200),
            });
        }
        let mut out = Vec::new();
        self.advance(now, &mut out);
        if let Some(s) = self.silences.get_mut(id) {
            s.silence.expire(now);
        }
        self.last = Some(now);
        Ok(out)
    }

    /// The silences, with their state at the last processed instant.
    pub fn silences(&self) -> impl Iterator<Item = &Silence> {
        self.silences.values().map(|s| &s.silence)
    }

    pub(crate) fn schedule(&mut self, at: DateTime<Utc>, gid: Fingerprint) {
        self.seq += 1;
        self.timers.push(Reverse((at, self.seq, gid)));
        if let Some(g) = self.groups.get_mut(&gid) {
            g.timer_seq = self.seq;
        }
        // Stale entries (of groups rescheduled or gone) are dropped when popped; compact if
        // they pile up, so the heap stays proportional to the open groups.
        if self.timers.len() > 4 * self.groups.len() + 1024 {
            let groups = &self.groups;
            let live: Vec<_> = self
                .timers
                .drain()
                .filter(|Reverse((t, _, g))| groups.get(g).is_some_and(|grp| grp.next_flush == *t))
                .collect();
            self.timers = live.into_iter().collect();
        }
    }

    /// The id of the group an alert with `labels` joins on `route`. `prefixes` is what
    /// [`Labels::fingerprint_prefixes`] recorded for these labels, or empty.
    pub(crate) fn group_id(&self, route: usize, labels: &Labels, prefixes: &[u64]) -> Fingerprint {
        let known = |k: usize| {
            (prefixes.len() == labels.len() + 1)
                .then(|| prefixes.get(k).copied())
                .flatten()
                .map(Fingerprint)
        };
        let fp = match self.compiled.routes.node(route).map(|n| &n.opts.group_by) {
            Some(GroupBy::All) | None => {
                known(labels.len()).unwrap_or_else(|| labels.fingerprint())
            }
            Some(GroupBy::Labels(names)) => labels
                .subset_is_prefix(names)
                .and_then(known)
                .unwrap_or_else(|| labels.subset_fingerprint(names)),
        };
        let mut h = Fnv(fp.0);
        h.write(&(route as u64).to_le_bytes());
        Fingerprint(h.0)
    }

    /// Runs the timers due at or before `now`.
    pub(crate) fn advance(&mut self, now: DateTime<Utc>, out: &mut Vec<Action>) {
        let start = out.len();
        while let Some(Reverse((at, _, gid))) = self.timers.peek().copied() {
            if at > now {
                break;
            }
            self.timers.pop();
            if self.groups.get(&gid).is_some_and(|g| g.next_flush == at) {
                self.flush(gid, at, out);
            }
        }
        if self.next_reminder.is_some_and(|t| t <= now) {
            for slot in self.silences.values_mut() {
                if slot.reminded {
                    continue;
                }
                if let Some((at, end)) = slot.pending_reminder() {
                    if at <= now {
                        slot.reminded = true;
                        out.push(Action::SilenceExpiring {
                            at,
                            silence: slot.silence.id().to_string(),
                            ends_at: end,
                        });
                    }
                }
            }
            self.plan_reminders();
        }
        if self.dormant_logs.len() > 1024 && self.dormant_logs.len() > 2 * self.groups.len() {
            let horizon = now - NOTIFICATION_LOG_RETENTION.to_duration();
            self.dormant_logs.prune(horizon);
        }
        if let Some(slice) = out.get_mut(start..) {
            slice.sort_by_key(Action::at);
        }
    }

    /// Finds the earliest expiry reminder still to send (see `next_reminder`): one look at
    /// every silence, after reminders were sent or silences restored.
    pub(crate) fn plan_reminders(&mut self) {
        self.next_reminder = self
            .silences
            .values()
            .filter(|s| !s.reminded)
            .filter_map(|s| s.pending_reminder().map(|(at, _)| at))
            .min();
    }

    /// The instant of the next timer, if any (a host can sleep until then).
    pub fn next_timer(&self) -> Option<DateTime<Utc>> {
        self.timers
            .iter()
            .filter(|Reverse((t, _, g))| self.groups.get(g).is_some_and(|grp| grp.next_flush == *t))
            .map(|Reverse((t, _, _))| *t)
            .min()
    }

    pub(crate) fn later(t: DateTime<Utc>, d: Interval) -> DateTime<Utc> {
        t.checked_add_signed(d.to_duration())
            .unwrap_or(t + Duration::zero())
    }
}
