//! The notification-log entries of groups that have closed: kept for
//! [`NOTIFICATION_LOG_RETENTION`](super::pipeline::NOTIFICATION_LOG_RETENTION), so a group that
//! reopens within it knows what its receiver was last told (Alertmanager keeps its `nflog`
//! entries for `--data.retention` the same way).
//!
//! The entries are indexed by age as well as by group, so pruning the ones past the retention
//! costs O(log n) per entry removed, not a pass over every entry: a pipeline ticked once per
//! record with thousands of closed groups would otherwise spend its time re-reading them.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use super::labels::{Fingerprint, FpMap};
use super::notify::LogEntry;

/// Closed groups' log entries, by group and by age.
#[derive(Debug, Clone, Default)]
pub(crate) struct DormantLogs {
    logs: FpMap<LogEntry>,
    /// `(entry.at, group)` of every entry of `logs`.
    by_age: BTreeSet<(DateTime<Utc>, Fingerprint)>,
}

impl DormantLogs {
    /// How many entries are kept.
    pub(crate) fn len(&self) -> usize {
        self.logs.len()
    }

    /// Keeps `log` for group `gid` (replacing any entry it had).
    pub(crate) fn insert(&mut self, gid: Fingerprint, log: LogEntry) {
        if let Some(old) = self.logs.get(&gid) {
            self.by_age.remove(&(old.at, gid));
        }
        self.by_age.insert((log.at, gid));
        self.logs.insert(gid, log);
    }

    /// Takes group `gid`'s entry out, if it has one.
    pub(crate) fn remove(&mut self, gid: &Fingerprint) -> Option<LogEntry> {
        let log = self.logs.remove(gid)?;
        self.by_age.remove(&(log.at, *gid));
        Some(log)
    }

    /// Drops every entry written at or before `horizon`; returns how many.
    pub(crate) fn prune(&mut self, horizon: DateTime<Utc>) -> usize {
        let mut dropped = 0;
        while let Some(&(at, gid)) = self.by_age.first() {
            if at > horizon {
                break;
            }
            self.by_age.pop_first();
            self.logs.remove(&gid);
            dropped += 1;
        }
        dropped
    }

    /// Every entry, in no particular order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&Fingerprint, &LogEntry)> {
        self.logs.iter()
    }
}

impl FromIterator<(Fingerprint, LogEntry)> for DormantLogs {
    fn from_iter<I: IntoIterator<Item = (Fingerprint, LogEntry)>>(iter: I) -> Self {
        let mut out = DormantLogs::default();
        for (gid, log) in iter {
            out.insert(gid, log);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 26, h, 0, 0).unwrap()
    }

    fn log(h: u32) -> LogEntry {
        LogEntry {
            firing: vec![Fingerprint(1)],
            resolved: Vec::new(),
            at: at(h),
        }
    }

    /// Pruning drops exactly the entries a `retain(|l| l.at > horizon)` would drop, and the
    /// age index follows replacements and removals.
    #[test]
    fn prune_drops_exactly_the_entries_at_or_before_the_horizon() {
        let mut d: DormantLogs = [(Fingerprint(1), log(1)), (Fingerprint(2), log(3))]
            .into_iter()
            .collect();
        d.insert(Fingerprint(3), log(2));
        // Group 1 closes again later: its old entry no longer counts for its age.
        d.insert(Fingerprint(1), log(5));
        assert_eq!(d.remove(&Fingerprint(2)).map(|l| l.at), Some(at(3)));
        assert_eq!(d.remove(&Fingerprint(2)), None);
        d.insert(Fingerprint(4), log(4));
        assert_eq!(d.prune(at(1)), 0);
        assert_eq!(d.prune(at(4)), 2, "groups 3 (02:00) and 4 (04:00)");
        let left: Vec<_> = d.iter().map(|(k, l)| (*k, l.at)).collect();
        assert_eq!(left, vec![(Fingerprint(1), at(5))]);
        assert_eq!(d.by_age.len(), d.len());
        assert_eq!(d.prune(at(23)), 1);
        assert_eq!(d.len(), 0);
        assert!(d.by_age.is_empty());
    }
}
