//! Counts of what the pipeline did, per alert rule, per inhibition rule and per silence — what
//! `watchstander alerts replay` reports.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The most distinct alert names counted separately; the rest are counted under `(other)`.
pub const MAX_STAT_RULES: usize = 10_000;

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
    pub(crate) fn bump(&mut self, name: &str, f: impl Fn(&mut Counts)) {
        f(&mut self.total);
        let key = if self.by_alert.contains_key(name) || self.by_alert.len() < MAX_STAT_RULES {
            name
        } else {
            "(other)"
        };
        match self.by_alert.get_mut(key) {
            Some(c) => f(c),
            None => {
                let mut c = Counts::default();
                f(&mut c);
                self.by_alert.insert(key.to_string(), c);
            }
        }
    }

    pub(crate) fn bump_named(map: &mut BTreeMap<String, u64>, name: &str) {
        if let Some(n) = map.get_mut(name) {
            *n += 1;
        } else if map.len() < MAX_STAT_RULES {
            map.insert(name.to_string(), 1);
        }
    }
}
