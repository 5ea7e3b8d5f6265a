//! When a group's flush notifies its receiver: Alertmanager's notification log and its
//! `DedupStage.needsUpdate` rule.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::duration::Interval;
use super::labels::Fingerprint;

/// What a receiver was last told about a group (Alertmanager's `nflog` entry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogEntry {
    /// Alerts reported firing, sorted.
    pub firing: Vec<Fingerprint>,
    /// Alerts reported resolved, sorted.
    pub resolved: Vec<Fingerprint>,
    /// When.
    pub at: DateTime<Utc>,
}

/// Why a flush notified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum NotifyReason {
    /// The receiver has not been told about this group before.
    First,
    /// Alerts are firing that the last notification did not report.
    NewFiring,
    /// Everything resolved since the last notification, which reported firing alerts.
    AllResolved,
    /// Newly resolved alerts (receivers with `send_resolved`).
    NewResolved,
    /// Nothing changed, but `repeat_interval` has passed.
    Repeat,
}

fn subset(small: &[Fingerprint], big: &[Fingerprint]) -> bool {
    small.iter().all(|f| big.binary_search(f).is_ok())
}

/// Alertmanager's decision (`notify/notify.go`, `DedupStage.needsUpdate`), with `firing` and
/// `resolved` sorted:
///
/// 1. never notified: notify iff something fires;
/// 2. a firing alert the last notification did not report: notify;
/// 3. nothing fires: notify iff the last notification reported firing alerts (whatever
///    `send_resolved` says, so that the receiver's view is cleared);
/// 4. `send_resolved` and a resolved alert not reported resolved before: notify;
/// 5. otherwise notify iff the last notification is **more** than `repeat` ago.
///
/// ```
/// use chrono::{Duration, TimeZone, Utc};
/// use watchstander::alert::{needs_update, Fingerprint, Interval, LogEntry, NotifyReason};
/// let now = Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 0).unwrap();
/// let f = vec![Fingerprint(1), Fingerprint(2)];
/// let at = |m| LogEntry { firing: f.clone(), resolved: vec![], at: now - Duration::minutes(m) };
/// let ten = Interval::from_secs(600);
/// assert_eq!(needs_update(Some(&at(9)), &f, &[], false, ten, now), None);
/// assert_eq!(needs_update(Some(&at(11)), &f, &[], false, ten, now), Some(NotifyReason::Repeat));
/// ```
pub fn needs_update(
    last: Option<&LogEntry>,
    firing: &[Fingerprint],
    resolved: &[Fingerprint],
    send_resolved: bool,
    repeat: Interval,
    now: DateTime<Utc>,
) -> Option<NotifyReason> {
    let Some(last) = last else {
        return (!firing.is_empty()).then_some(NotifyReason::First);
    };
    if !subset(firing, &last.firing) {
        return Some(NotifyReason::NewFiring);
    }
    if firing.is_empty() {
        return (!last.firing.is_empty()).then_some(NotifyReason::AllResolved);
    }
    if send_resolved && !subset(resolved, &last.resolved) {
        return Some(NotifyReason::NewResolved);
    }
    (last.at < now - repeat.to_duration()).then_some(NotifyReason::Repeat)
}
