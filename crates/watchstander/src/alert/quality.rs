//! Alert quality: which alerts needed a person — per rule, per service, and overall.
//!
//! The first principle of alert design is that every page is *actionable*: someone has to do
//! something about it. This module measures how far a configuration is from that, from the
//! pipeline's own history:
//!
//! * An **alert** here is one *firing*: a new alert, or an alert firing again after it
//!   resolved. Repeats of an open alert (deduplicated) are not counted again.
//! * Each firing may be **judged**: the alert carries `actionable: true/false` (any update of it
//!   may set or change the judgement, e.g. the resolving event sent after the review), or the
//!   host marks it later with [`Pipeline::mark`](super::Pipeline::mark) while the pipeline
//!   still holds it. Unjudged firings stay unjudged.
//! * The **true-positive rate** is actionable ÷ alerts: an alert nobody said was needed counts
//!   against its rule (the conservative reading; `unjudged` says how many those are, and
//!   [`QualityCounts::judged_rate`] gives actionable ÷ judged).
//! * The **flapping share** is the share of firings that were held back as flapping at least
//!   once.
//! * The **noisiest rules** are those with the most firings not marked actionable (alerts −
//!   actionable), most first; ties go to the rule with more alerts, then by name.
//!
//! A rule is an alert's name (its `alertname` label, else its summary). A service is the
//! `service` of the first route the alert matched, else the service the source addressed, else
//! `(none)`. Both are bounded like the other counters ([`MAX_STAT_RULES`](super::MAX_STAT_RULES)
//! distinct names, the rest counted under `(other)`).
//!
//! ```
//! use chrono::{Duration, TimeZone, Utc};
//! use watchstander::alert::{Alert, AlertConfig, Labels, Pipeline};
//! let config: AlertConfig = serde_json::from_value(serde_json::json!({
//!     "route": {"receiver": "team", "service": "checkout"}
//! })).unwrap();
//! let mut p = Pipeline::new(config)?;
//! let t = Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, 0).unwrap();
//! for (host, actionable) in [("a", Some(true)), ("b", Some(false)), ("c", None), ("d", Some(false))] {
//!     let mut a = Alert::new(Labels::from_pairs([("alertname", "DiskFull"), ("host", host)])?);
//!     a.actionable = actionable;
//!     p.ingest(a, t)?;
//! }
//! let q = p.quality();
//! assert_eq!(q.total.alerts, 4);
//! assert_eq!(q.total.true_positive_rate, Some(0.25));
//! assert_eq!(q.by_service[0].name, "checkout");
//! assert_eq!(q.noisiest[0].name, "DiskFull");
//! assert_eq!(q.noisiest[0].noise, 3);
//! # Ok::<(), watchstander::alert::AlertError>(())
//! ```

use serde::{Deserialize, Serialize};

/// How many rules [`AlertQuality::noisiest`] lists.
pub const NOISIEST_RULES: usize = 10;

/// The service name of alerts with no service.
pub const NO_SERVICE: &str = "(none)";

/// Firings and their judgements, for one rule, one service, or everything.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct QualityCounts {
    /// Firings: new alerts, and alerts firing again after they resolved.
    pub alerts: u64,
    /// Firings marked actionable.
    pub actionable: u64,
    /// Firings marked not actionable.
    pub not_actionable: u64,
    /// Firings held back as flapping at least once.
    pub flapping: u64,
}

impl QualityCounts {
    /// Firings nobody judged.
    pub fn unjudged(&self) -> u64 {
        self.alerts
            .saturating_sub(self.actionable.saturating_add(self.not_actionable))
    }

    /// Firings not marked actionable (alerts − actionable).
    pub fn noise(&self) -> u64 {
        self.alerts.saturating_sub(self.actionable)
    }

    /// Actionable ÷ alerts (`None` without alerts).
    pub fn true_positive_rate(&self) -> Option<f64> {
        ratio(self.actionable, self.alerts)
    }

    /// Actionable ÷ judged (`None` when nothing was judged).
    pub fn judged_rate(&self) -> Option<f64> {
        ratio(
            self.actionable,
            self.actionable.saturating_add(self.not_actionable),
        )
    }

    /// Flapping ÷ alerts (`None` without alerts).
    pub fn flapping_share(&self) -> Option<f64> {
        ratio(self.flapping, self.alerts)
    }

    /// Moves one firing's judgement from `from` to `to`.
    pub(crate) fn rejudge(&mut self, from: Option<bool>, to: Option<bool>) {
        match from {
            Some(true) => self.actionable = self.actionable.saturating_sub(1),
            Some(false) => self.not_actionable = self.not_actionable.saturating_sub(1),
            None => {}
        }
        match to {
            Some(true) => self.actionable += 1,
            Some(false) => self.not_actionable += 1,
            None => {}
        }
    }
}

fn ratio(n: u64, d: u64) -> Option<f64> {
    (d > 0).then(|| n as f64 / d as f64)
}

/// The quality of one rule, one service, or everything.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct QualityRow {
    /// The rule (alert name) or service; `(all)` for the total.
    pub name: String,
    /// Firings.
    pub alerts: u64,
    /// Firings marked actionable.
    pub actionable: u64,
    /// Firings marked not actionable.
    pub not_actionable: u64,
    /// Firings nobody judged.
    pub unjudged: u64,
    /// Firings not marked actionable (alerts − actionable): what makes a rule noisy.
    pub noise: u64,
    /// Firings held back as flapping at least once.
    pub flapping: u64,
    /// Actionable ÷ alerts (absent without alerts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub true_positive_rate: Option<f64>,
    /// Actionable ÷ judged (absent when nothing was judged).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub judged_rate: Option<f64>,
    /// Flapping ÷ alerts (absent without alerts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flapping_share: Option<f64>,
}

impl QualityRow {
    /// The row of `counts` under `name`.
    pub fn new(name: &str, c: &QualityCounts) -> QualityRow {
        QualityRow {
            name: name.to_string(),
            alerts: c.alerts,
            actionable: c.actionable,
            not_actionable: c.not_actionable,
            unjudged: c.unjudged(),
            noise: c.noise(),
            flapping: c.flapping,
            true_positive_rate: c.true_positive_rate(),
            judged_rate: c.judged_rate(),
            flapping_share: c.flapping_share(),
        }
    }
}

/// Alert quality: the totals, each rule, each service, and the noisiest rules.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AlertQuality {
    /// Every firing (`name` is `(all)`); its `flapping_share` is the pipeline's.
    pub total: QualityRow,
    /// Per rule (alert name), by name.
    pub by_rule: Vec<QualityRow>,
    /// Per service, by name.
    pub by_service: Vec<QualityRow>,
    /// The rules with the most firings not marked actionable, most first (at most
    /// [`NOISIEST_RULES`], rules with none left out).
    pub noisiest: Vec<QualityRow>,
}

impl AlertQuality {
    /// The report of counts per rule and per service (in any order).
    pub fn from_counts<'a>(
        rules: impl IntoIterator<Item = (&'a str, &'a QualityCounts)>,
        services: impl IntoIterator<Item = (&'a str, &'a QualityCounts)>,
    ) -> AlertQuality {
        let mut total = QualityCounts::default();
        let mut by_rule: Vec<QualityRow> = rules
            .into_iter()
            .filter(|(_, c)| c.alerts > 0)
            .map(|(n, c)| {
                total.alerts += c.alerts;
                total.actionable += c.actionable;
                total.not_actionable += c.not_actionable;
                total.flapping += c.flapping;
                QualityRow::new(n, c)
            })
            .collect();
        by_rule.sort_by(|a, b| a.name.cmp(&b.name));
        let mut by_service: Vec<QualityRow> = services
            .into_iter()
            .filter(|(_, c)| c.alerts > 0)
            .map(|(n, c)| QualityRow::new(n, c))
            .collect();
        by_service.sort_by(|a, b| a.name.cmp(&b.name));
        let mut noisiest: Vec<QualityRow> =
            by_rule.iter().filter(|r| r.noise > 0).cloned().collect();
        noisiest.sort_by(|a, b| {
            b.noise
                .cmp(&a.noise)
                .then(b.alerts.cmp(&a.alerts))
                .then(a.name.cmp(&b.name))
        });
        noisiest.truncate(NOISIEST_RULES);
        AlertQuality {
            total: QualityRow::new("(all)", &total),
            by_rule,
            by_service,
            noisiest,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(alerts: u64, actionable: u64, not_actionable: u64, flapping: u64) -> QualityCounts {
        QualityCounts {
            alerts,
            actionable,
            not_actionable,
            flapping,
        }
    }

    #[test]
    fn rates_are_by_hand() {
        let q = c(8, 2, 4, 1);
        assert_eq!(q.unjudged(), 2);
        assert_eq!(q.noise(), 6);
        assert_eq!(q.true_positive_rate(), Some(0.25));
        assert_eq!(q.judged_rate(), Some(2.0 / 6.0));
        assert_eq!(q.flapping_share(), Some(0.125));
        assert_eq!(QualityCounts::default().true_positive_rate(), None);
    }

    #[test]
    fn rejudging_moves_one_firing() {
        let mut q = c(1, 0, 0, 0);
        q.rejudge(None, Some(false));
        assert_eq!((q.actionable, q.not_actionable), (0, 1));
        q.rejudge(Some(false), Some(true));
        assert_eq!((q.actionable, q.not_actionable), (1, 0));
        q.rejudge(Some(true), None);
        assert_eq!((q.actionable, q.not_actionable, q.unjudged()), (0, 0, 1));
    }

    #[test]
    fn noisiest_orders_by_noise_then_alerts_then_name() {
        let a = c(10, 9, 0, 0); // noise 1
        let b = c(4, 0, 4, 0); // noise 4
        let d = c(6, 2, 0, 0); // noise 4, more alerts
        let e = c(3, 3, 0, 0); // noise 0: left out
        let q = AlertQuality::from_counts(
            [("a", &a), ("b", &b), ("d", &d), ("e", &e)],
            std::iter::empty(),
        );
        let names: Vec<&str> = q.noisiest.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["d", "b", "a"]);
        assert_eq!(q.total.alerts, 23);
        assert_eq!(q.total.actionable, 14);
        assert_eq!(q.by_rule.len(), 4);
    }
}
