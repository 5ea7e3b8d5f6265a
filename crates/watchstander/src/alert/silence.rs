//! Silences and maintenance windows: alerts that match a silence's matchers are not notified
//! while it is active.
//!
//! A silence is Alertmanager's — matchers plus `[starts_at, ends_at)` — with three additions
//! Alertmanager users have long asked for:
//!
//! * **Recurring windows** (`recurrence`: an RFC 5545 `DTSTART;TZID=…` + `RRULE`, with a
//!   `duration`): active from each occurrence's local start for `duration` of wall-clock time,
//!   read in the rule's zone, so a "Sunday 02:00–04:00 Europe/Berlin" window stays at 02:00 local
//!   on both sides of a DST change. An occurrence inside a DST gap starts at the moved time (the
//!   `compatible` policy of [`Disambiguation`]), never dropped.
//! * **Expiry on resolve** (`expire_on_resolve`): the silence ends as soon as every alert it
//!   has muted has resolved.
//! * **Expiry reminders** (`remind_before`): a `silence_expiring` action before `ends_at`.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use watchstander::alert::{Labels, Silence, SilenceSpec};
//! let spec: SilenceSpec = serde_json::from_value(serde_json::json!({
//!     "id": "db-maintenance",
//!     "matchers": ["service=\"db\""],
//!     "starts_at": "2026-01-01T00:00:00Z",
//!     "recurrence": "DTSTART;TZID=Europe/Berlin:20260104T020000\nRRULE:FREQ=WEEKLY;BYDAY=SU",
//!     "duration": "2h"
//! })).unwrap();
//! let mut s = Silence::compile(spec)?;
//! let db = Labels::from_pairs([("service", "db")])?;
//! // Winter (CET, UTC+1): 02:00 local is 01:00Z; summer (CEST, UTC+2): 00:00Z.
//! assert!(s.mutes(&db, Utc.with_ymd_and_hms(2026, 1, 11, 1, 30, 0).unwrap()));
//! assert!(!s.mutes(&db, Utc.with_ymd_and_hms(2026, 1, 11, 0, 30, 0).unwrap()));
//! assert!(s.mutes(&db, Utc.with_ymd_and_hms(2026, 7, 5, 0, 30, 0).unwrap()));
//! assert!(!s.mutes(&db, Utc.with_ymd_and_hms(2026, 7, 5, 2, 30, 0).unwrap()));
//! # Ok::<(), watchstander::alert::AlertError>(())
//! ```

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use rrule::Frequency;
use serde::{Deserialize, Serialize};

use super::duration::Interval;
use super::error::clip;
use super::labels::Labels;
use super::limits::MAX_SILENCE_OCCURRENCES;
use super::matcher::Matchers;
use super::AlertError;
use crate::time::{Disambiguation, Recurrence};

/// The longest window of one occurrence of a recurring silence: 31 days.
pub const MAX_SILENCE_WINDOW_DAYS: i64 = 31;

/// A silence as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct SilenceSpec {
    /// A unique id.
    pub id: String,
    /// Matchers an alert must satisfy to be silenced (at least one).
    pub matchers: Matchers,
    /// When the silence starts.
    pub starts_at: DateTime<Utc>,
    /// When it ends (exclusive). Required unless `recurrence` is set (then it bounds the
    /// series; absent means the series never ends).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<DateTime<Utc>>,
    /// A recurring window: `DTSTART;TZID=Zone:YYYYMMDDTHHMMSS` then an `RRULE` (no SECONDLY or
    /// MINUTELY), with `duration`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recurrence: Option<String>,
    /// Length of each recurring window, on the wall clock of the rule's zone (at most 31 days).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration: Option<Interval>,
    /// End the silence once every alert it muted has resolved.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub expire_on_resolve: bool,
    /// Emit a `silence_expiring` action this long before `ends_at`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remind_before: Option<Interval>,
    /// Who made it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub created_by: String,
    /// Why.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
}

/// A silence's state at an instant, as Alertmanager names them (plus `waiting` for a
/// recurring silence between two windows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum SilenceState {
    /// Not started yet.
    Pending,
    /// Muting matching alerts now.
    Active,
    /// Recurring, between two windows.
    Waiting,
    /// Over.
    Expired,
}

/// A checked silence, ready to mute alerts.
///
/// # Examples
///
/// A maintenance window every Sunday from 02:00 to 04:00 Berlin time:
///
/// ```
/// use watchstander::alert::{Labels, Silence, SilenceSpec};
/// use watchstander::time::parse_instant;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let spec: SilenceSpec = serde_json::from_value(serde_json::json!({
///     "id": "sunday-maintenance",
///     "matchers": ["service=\"db\""],
///     "starts_at": "2026-01-01T00:00:00Z",
///     "recurrence": "DTSTART;TZID=Europe/Berlin:20260104T020000\nRRULE:FREQ=WEEKLY;BYDAY=SU",
///     "duration": "2h"
/// }))?;
/// let mut silence = Silence::compile(spec)?;
/// let db = Labels::from_pairs([("service", "db")])?;
/// // Sunday 11 January, 02:30 in Berlin (CET, so 01:30 UTC): muted. Monday: not.
/// assert!(silence.mutes(&db, parse_instant("2026-01-11T01:30:00Z")?));
/// assert!(!silence.mutes(&db, parse_instant("2026-01-12T01:30:00Z")?));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct Silence {
    spec: SilenceSpec,
    recurrence: Option<Recurrence>,
    /// Set when the silence was ended early (expired on resolve, or by hand).
    expired_at: Option<DateTime<Utc>>,
    /// A cached stretch `[from, to)` over which the recurring state is known.
    cache: Option<(DateTime<Utc>, DateTime<Utc>, bool)>,
}

impl Silence {
    /// Checks a silence.
    pub fn compile(spec: SilenceSpec) -> Result<Silence, AlertError> {
        let bad = |reason: String| AlertError::InvalidSilence {
            id: clip(&spec.id, 200),
            reason,
        };
        if spec.id.is_empty() {
            return Err(bad("a silence needs an id".into()));
        }
        if spec.matchers.is_empty() {
            return Err(bad(
                "a silence needs at least one matcher; an empty list would silence everything"
                    .into(),
            ));
        }
        if let Some(end) = spec.ends_at {
            if end <= spec.starts_at {
                return Err(bad(format!(
                    "ends_at {end} is not after starts_at {}",
                    spec.starts_at
                )));
            }
        }
        let recurrence = match &spec.recurrence {
            None => {
                if spec.ends_at.is_none() {
                    return Err(bad("a one-off silence needs ends_at".into()));
                }
                if spec.duration.is_some() {
                    return Err(bad("duration applies only to a recurring silence".into()));
                }
                None
            }
            Some(text) => {
                let r = Recurrence::parse(text)?;
                if matches!(r.frequency(), Frequency::Secondly | Frequency::Minutely) {
                    return Err(bad(
                        "recurring windows repeat at most hourly (no FREQ=SECONDLY or MINUTELY)"
                            .into(),
                    ));
                }
                let d = spec
                    .duration
                    .ok_or_else(|| bad("a recurring silence needs a duration".into()))?;
                if d.is_zero() || d.seconds() > MAX_SILENCE_WINDOW_DAYS * 86_400 {
                    return Err(bad(format!(
                        "duration {d} must be more than zero and at most {MAX_SILENCE_WINDOW_DAYS} days"
                    )));
                }
                Some(r)
            }
        };
        Ok(Silence {
            spec,
            recurrence,
            expired_at: None,
            cache: None,
        })
    }

    /// The silence as written.
    pub fn spec(&self) -> &SilenceSpec {
        &self.spec
    }

    /// Its id.
    pub fn id(&self) -> &str {
        &self.spec.id
    }

    /// When it ends for good: `ends_at`, or earlier if it was expired.
    pub fn end(&self) -> Option<DateTime<Utc>> {
        match (self.spec.ends_at, self.expired_at) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Ends the silence at `now` (no-op if already over).
    pub fn expire(&mut self, now: DateTime<Utc>) {
        if self.end().is_none_or(|e| e > now) {
            self.expired_at = Some(now.max(self.spec.starts_at));
            self.cache = None;
        }
    }

    /// When it was ended early, if it was.
    pub fn expired_at(&self) -> Option<DateTime<Utc>> {
        self.expired_at
    }

    pub(crate) fn set_expired_at(&mut self, at: Option<DateTime<Utc>>) {
        self.expired_at = at;
        self.cache = None;
    }

    /// Whether the silence matches these labels (whatever its state).
    pub fn matches(&self, labels: &Labels) -> bool {
        self.spec.matchers.matches(labels)
    }

    /// Whether it mutes an alert with these labels at `now`.
    pub fn mutes(&mut self, labels: &Labels, now: DateTime<Utc>) -> bool {
        self.matches(labels) && self.state_at(now) == SilenceState::Active
    }

    /// Its state at `now`.
    pub fn state_at(&mut self, now: DateTime<Utc>) -> SilenceState {
        if now < self.spec.starts_at {
            return SilenceState::Pending;
        }
        if self.end().is_some_and(|e| now >= e) {
            return SilenceState::Expired;
        }
        if self.recurrence.is_none() {
            return SilenceState::Active;
        }
        if let Some((from, to, active)) = self.cache {
            if from <= now && now < to {
                return if active {
                    SilenceState::Active
                } else {
                    SilenceState::Waiting
                };
            }
        }
        let (from, to, active) = self.window_around(now);
        self.cache = Some((from, to, active));
        if active {
            SilenceState::Active
        } else {
            SilenceState::Waiting
        }
    }

    /// The recurring window containing `now`, or the gap between windows around it.
    fn window_around(&self, now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>, bool) {
        let Some(rec) = &self.recurrence else {
            return (now, now + Duration::seconds(1), true);
        };
        let length = self.spec.duration.unwrap_or_default().to_duration();
        let zone = rec.zone();
        let local = zone.to_local(now);
        let from = local - length - Duration::days(2);
        let to = local + Duration::days(2);
        // Fall back to "unknown, recompute in a minute" if the rule cannot be expanded here.
        let fallback = (now, now + Duration::minutes(1), false);
        let Ok(occurrences) = rec.local_occurrences(from, to, MAX_SILENCE_OCCURRENCES) else {
            return fallback;
        };
        let resolve = |l: NaiveDateTime| {
            zone.resolve_local(l, Disambiguation::Compatible)
                .ok()
                .map(|r| r.instant)
        };
        let mut gap_from = now - length - Duration::days(1);
        let mut gap_to = now + Duration::days(1);
        for o in occurrences {
            let (Some(start), Some(end)) = (resolve(o), resolve(o + length)) else {
                continue;
            };
            if start <= now && now < end {
                return (start, end, true);
            }
            if end <= now && end > gap_from {
                gap_from = end;
            }
            if start > now && start < gap_to {
                gap_to = start;
            }
        }
        (
            gap_from.min(now),
            gap_to.max(now + Duration::seconds(1)),
            false,
        )
    }

    /// The instant a `silence_expiring` reminder is due, if one is configured.
    pub fn reminder_at(&self) -> Option<DateTime<Utc>> {
        let end = self.spec.ends_at?;
        let before = self.spec.remind_before?;
        Some(end - before.to_duration())
    }
}
