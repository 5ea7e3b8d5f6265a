//! Flap detection: an alert that keeps changing state is marked flapping and its notifications
//! are held until it settles.
//!
//! A *state change* is firing → resolved or resolved → firing (an alert's first appearance is
//! not one). An alert with at least `start_changes` changes within the last `window` starts
//! flapping; it stops only when its changes within the window fall to `stop_changes` or fewer
//! — a lower threshold, so an alert near the limit does not toggle in and out of flapping
//! (hysteresis, as Nagios' flap detection).

use std::collections::VecDeque;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::duration::Interval;
use super::labels::{Fingerprint, FpMap, Labels};
use super::limits::MAX_FLAP_TRACKED;
use super::matcher::Matchers;
use super::AlertError;

/// Flap detection settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct FlappingConfig {
    /// The window state changes are counted over. Default `1h`.
    #[serde(default = "default_window")]
    pub window: Interval,
    /// Changes within the window that start flapping. Default 6.
    #[serde(default = "default_start")]
    pub start_changes: usize,
    /// Changes within the window at or below which flapping stops. Default 2; less than
    /// `start_changes`.
    #[serde(default = "default_stop")]
    pub stop_changes: usize,
    /// Which alerts are watched (all when empty).
    #[serde(default, skip_serializing_if = "Matchers::is_empty")]
    pub matchers: Matchers,
}

fn default_window() -> Interval {
    Interval::from_secs(3600)
}
fn default_start() -> usize {
    6
}
fn default_stop() -> usize {
    2
}

impl Default for FlappingConfig {
    fn default() -> Self {
        FlappingConfig {
            window: default_window(),
            start_changes: default_start(),
            stop_changes: default_stop(),
            matchers: Matchers::default(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct History {
    changes: VecDeque<DateTime<Utc>>,
    firing: bool,
    flapping: bool,
}

/// Per-alert state-change history.
#[derive(Debug, Clone)]
pub struct FlapDetector {
    config: FlappingConfig,
    alerts: FpMap<History>,
    pruned_at_len: usize,
}

impl FlapDetector {
    /// A detector; checks the thresholds.
    pub fn new(config: FlappingConfig) -> Result<FlapDetector, AlertError> {
        if config.start_changes < 2 || config.stop_changes >= config.start_changes {
            return Err(AlertError::config(
                "flapping",
                format!(
                    "need 2 <= start_changes and stop_changes < start_changes (got {} and {})",
                    config.start_changes, config.stop_changes
                ),
            ));
        }
        if config.window.is_zero() {
            return Err(AlertError::config(
                "flapping.window",
                "the window cannot be zero",
            ));
        }
        Ok(FlapDetector {
            config,
            alerts: FpMap::default(),
            pruned_at_len: 1024,
        })
    }

    /// The settings.
    pub fn config(&self) -> &FlappingConfig {
        &self.config
    }

    /// Records the state of an alert at `now` (a change if it differs from the last one seen).
    pub fn observe(&mut self, fp: Fingerprint, labels: &Labels, firing: bool, now: DateTime<Utc>) {
        if !self.config.matchers.matches(labels) {
            return;
        }
        if !self.alerts.contains_key(&fp) && self.alerts.len() >= MAX_FLAP_TRACKED {
            self.prune(now);
            if self.alerts.len() >= MAX_FLAP_TRACKED {
                return;
            }
        }
        let h = self.alerts.entry(fp).or_insert(History {
            changes: VecDeque::new(),
            firing,
            flapping: false,
        });
        if h.firing != firing {
            h.firing = firing;
            h.changes.push_back(now);
            if h.changes.len() > self.config.start_changes {
                h.changes.pop_front();
            }
        }
        if self.alerts.len() > 2 * self.pruned_at_len {
            self.prune(now);
        }
    }

    /// If the alert is flapping at `now`, how many changes it had within the window.
    pub fn flapping(&mut self, fp: Fingerprint, now: DateTime<Utc>) -> Option<usize> {
        let window = self.config.window.to_duration();
        let (start, stop) = (self.config.start_changes, self.config.stop_changes);
        let h = self.alerts.get_mut(&fp)?;
        while h.changes.front().is_some_and(|t| *t <= now - window) {
            h.changes.pop_front();
        }
        let n = h.changes.len();
        if !h.flapping && n >= start {
            h.flapping = true;
        } else if h.flapping && n <= stop {
            h.flapping = false;
        }
        h.flapping.then_some(n)
    }

    fn prune(&mut self, now: DateTime<Utc>) {
        let window = self.config.window.to_duration();
        self.alerts
            .retain(|_, h| h.flapping || h.changes.back().is_some_and(|t| *t > now - window));
        self.pruned_at_len = self.alerts.len().max(1024);
    }

    pub(crate) fn export(&self) -> Vec<(Fingerprint, History)> {
        let mut v: Vec<_> = self.alerts.iter().map(|(k, h)| (*k, h.clone())).collect();
        v.sort_by_key(|(k, _)| *k);
        v
    }

    pub(crate) fn import(&mut self, items: Vec<(Fingerprint, History)>) {
        self.alerts = items.into_iter().collect();
    }

    /// How many alerts have a history.
    pub fn tracked(&self) -> usize {
        self.alerts.len()
    }
}
