//! Counts of what the pipeline did, per alert rule, per inhibition rule and per silence — what
//! `watchstander alerts replay` reports — and the alert-quality counters of each rule and
//! service.
//!
//! Inside the pipeline the counters live in a [`Tally`]: rule and service names are interned
//! once (each alert keeps the small number of its rule and service), so counting an alert is an
//! array index, not a map lookup keyed by a freshly allocated string. [`Stats`] and
//! [`AlertQuality`] are the reports built from it.

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasherDefault;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::labels::FpHasher;
use super::quality::{AlertQuality, QualityCounts};

/// The most distinct alert names counted separately; the rest are counted under `(other)`.
pub const MAX_STAT_RULES: usize = 10_000;

/// The name the alerts beyond [`MAX_STAT_RULES`] distinct names are counted under.
pub const OTHER: &str = "(other)";

/// What happened to the alerts of one rule (or to all of them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Counts {
    /// Alerts (and repeats) received.
    pub received: u64,
    /// Repeats of an open alert, folded into it.
    pub deduped: u64,
    /// Alerts that joined an existing group instead of starting one.
    pub grouped: u64,
    /// Times an alert was found inhibited.
    pub inhibited: u64,
    /// Times an alert was found silenced.
    pub silenced: u64,
    /// Times an alert was found flapping.
    pub flapping: u64,
    /// Notifications it appeared in as firing.
    pub notified: u64,
    /// Times it resolved.
    pub resolved: u64,
    /// Incidents it opened.
    pub incidents_opened: u64,
}

/// Counters, bounded in size.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Stats {
    /// Everything.
    pub total: Counts,
    /// Per alert name (`alertname` label, or summary).
    pub by_alert: BTreeMap<String, Counts>,
    /// Alerts muted per inhibition rule.
    pub by_inhibit_rule: BTreeMap<String, u64>,
    /// Alerts muted per silence id.
    pub by_silence: BTreeMap<String, u64>,
    /// Notifications sent.
    pub notifications: u64,
}

impl Stats {
    pub(crate) fn bump_named(map: &mut BTreeMap<String, u64>, name: &str) {
        if let Some(n) = map.get_mut(name) {
            *n += 1;
        } else if map.len() < MAX_STAT_RULES {
            map.insert(name.to_string(), 1);
        }
    }
}

/// The quality counters of a pipeline, as saved in its state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct QualityState {
    pub(crate) by_rule: BTreeMap<String, QualityCounts>,
    pub(crate) by_service: BTreeMap<String, QualityCounts>,
}

type StrMap = HashMap<Arc<str>, u32, BuildHasherDefault<FpHasher>>;

/// Names interned to small numbers, bounded: past [`MAX_STAT_RULES`] names every new one is
/// [`OTHER`].
#[derive(Debug, Clone, Default)]
struct Names {
    ids: StrMap,
    names: Vec<Arc<str>>,
}

impl Names {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(id) = self.ids.get(name) {
            return *id;
        }
        let key: &str = if self.names.len() < MAX_STAT_RULES {
            name
        } else {
            OTHER
        };
        if let Some(id) = self.ids.get(key) {
            return *id;
        }
        let id = self.names.len() as u32;
        let arc: Arc<str> = Arc::from(key);
        self.names.push(arc.clone());
        self.ids.insert(arc, id);
        id
    }

    fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map_or("", |n| n)
    }

    fn arc(&self, id: u32) -> Option<&Arc<str>> {
        self.names.get(id as usize)
    }
}

/// The pipeline's counters: per rule (interned), per service, per inhibition rule and
/// silence, in total.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tally {
    rules: Names,
    counts: Vec<Counts>,
    rule_quality: Vec<QualityCounts>,
    services: Names,
    service_quality: Vec<QualityCounts>,
    total: Counts,
    by_inhibit_rule: BTreeMap<String, u64>,
    by_silence: BTreeMap<String, u64>,
    notifications: u64,
}

impl Tally {
    /// The number of the rule called `name` (interned on first use), and the name to show in
    /// actions: the interned one, or a fresh copy for a rule counted under [`OTHER`].
    pub(crate) fn rule(&mut self, name: &str) -> (u32, Arc<str>) {
        let id = self.rules.id(name);
        if self.counts.len() <= id as usize {
            self.counts.resize(id as usize + 1, Counts::default());
            self.rule_quality
                .resize(id as usize + 1, QualityCounts::default());
        }
        match self.rules.arc(id) {
            Some(a) if &**a == name => (id, a.clone()),
            _ => (id, Arc::from(name)),
        }
    }

    /// The name to show in actions for an alert of rule `rule` now called `name`: the
    /// interned one when they agree (no allocation), else a fresh copy.
    pub(crate) fn shown_name(&self, rule: u32, name: &str) -> Arc<str> {
        match self.rules.arc(rule) {
            Some(a) if &**a == name => a.clone(),
            _ => Arc::from(name),
        }
    }

    /// The number of the service called `name`.
    pub(crate) fn service(&mut self, name: &str) -> u32 {
        let id = self.services.id(name);
        if self.service_quality.len() <= id as usize {
            self.service_quality
                .resize(id as usize + 1, QualityCounts::default());
        }
        id
    }

    /// Counts something for rule `rule` and in the total.
    #[inline]
    pub(crate) fn bump(&mut self, rule: u32, f: impl Fn(&mut Counts)) {
        f(&mut self.total);
        if let Some(c) = self.counts.get_mut(rule as usize) {
            f(c);
        }
    }

    /// Changes the quality counters of rule `rule` and service `service`.
    pub(crate) fn quality(&mut self, rule: u32, service: u32, f: impl Fn(&mut QualityCounts)) {
        if let Some(c) = self.rule_quality.get_mut(rule as usize) {
            f(c);
        }
        if let Some(c) = self.service_quality.get_mut(service as usize) {
            f(c);
        }
    }

    pub(crate) fn inhibited_by(&mut self, rule: &str) {
        Stats::bump_named(&mut self.by_inhibit_rule, rule);
    }

    pub(crate) fn silenced_by(&mut self, silence: &str) {
        Stats::bump_named(&mut self.by_silence, silence);
    }

    pub(crate) fn notification(&mut self) {
        self.notifications += 1;
    }

    /// The counters as a report.
    pub(crate) fn stats(&self) -> Stats {
        Stats {
            total: self.total,
            by_alert: self
                .counts
                .iter()
                .enumerate()
                .map(|(i, c)| (self.rules.name(i as u32).to_string(), *c))
                .collect(),
            by_inhibit_rule: self.by_inhibit_rule.clone(),
            by_silence: self.by_silence.clone(),
            notifications: self.notifications,
        }
    }

    /// The quality report.
    pub(crate) fn quality_report(&self) -> AlertQuality {
        AlertQuality::from_counts(
            self.rule_quality
                .iter()
                .enumerate()
                .map(|(i, c)| (self.rules.name(i as u32), c)),
            self.service_quality
                .iter()
                .enumerate()
                .map(|(i, c)| (self.services.name(i as u32), c)),
        )
    }

    /// The quality counters, for saving.
    pub(crate) fn quality_state(&self) -> QualityState {
        QualityState {
            by_rule: self
                .rule_quality
                .iter()
                .enumerate()
                .map(|(i, c)| (self.rules.name(i as u32).to_string(), *c))
                .collect(),
            by_service: self
                .service_quality
                .iter()
                .enumerate()
                .map(|(i, c)| (self.services.name(i as u32).to_string(), *c))
                .collect(),
        }
    }

    /// The counters again, from a saved report and quality state.
    pub(crate) fn restore(stats: Stats, quality: QualityState) -> Tally {
        let mut t = Tally {
            total: stats.total,
            by_inhibit_rule: stats.by_inhibit_rule,
            by_silence: stats.by_silence,
            notifications: stats.notifications,
            ..Tally::default()
        };
        for (name, c) in stats.by_alert {
            let (id, _) = t.rule(&name);
            if let Some(slot) = t.counts.get_mut(id as usize) {
                *slot = c;
            }
        }
        for (name, c) in quality.by_rule {
            let (id, _) = t.rule(&name);
            if let Some(slot) = t.rule_quality.get_mut(id as usize) {
                *slot = c;
            }
        }
        for (name, c) in quality.by_service {
            let id = t.service(&name);
            if let Some(slot) = t.service_quality.get_mut(id as usize) {
                *slot = c;
            }
        }
        t
    }
}
