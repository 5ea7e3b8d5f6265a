//! Incident frequency: counted incidents per week and month, by severity, with the change from
//! the period before.
//!
//! `change` is `count − previous count`; `change_ratio` is that change over the previous count
//! (`null` when the previous period had none: growth from zero has no ratio). The first and
//! last periods may be clipped by the window (`period.partial`), which makes their counts
//! smaller than a whole period's: compare whole periods.

use serde::{Deserialize, Serialize};

use super::counted::{Counted, MONTH, SEVERITY, WEEK};
use super::period::Period;
use super::response::natural_cmp;
use super::table::IncidentTable;

/// One period of the frequency table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FrequencyPeriod {
    /// The period.
    pub period: Period,
    /// Counted incidents triggered in it.
    pub total: u64,
    /// Per severity, in the order of `severities`.
    pub by_severity: Vec<u64>,
    /// `total` minus the previous period's (`null` for the first period).
    pub change: Option<i64>,
    /// `change` ÷ the previous period's total (`null` when that was 0, or for the first).
    pub change_ratio: Option<f64>,
}

/// Incident frequency of a window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct IncidentFrequency {
    /// Severity ids, the columns of `by_severity`.
    pub severities: Vec<String>,
    /// Per ISO week.
    pub weekly: Vec<FrequencyPeriod>,
    /// Per month.
    pub monthly: Vec<FrequencyPeriod>,
}

impl IncidentFrequency {
    pub(crate) fn compute(
        t: &IncidentTable,
        counted: &Counted,
        weeks: &[Period],
        months: &[Period],
    ) -> IncidentFrequency {
        let used = counted.per_key(SEVERITY);
        let mut order: Vec<usize> = (0..used.len())
            .filter(|&g| used.get(g).is_some_and(|&n| n > 0))
            .collect();
        let name = |g: usize| t.severities.names.get(g).cloned().unwrap_or_default();
        order.sort_by(|&a, &b| natural_cmp(&name(a), &name(b)));
        let mut column = vec![usize::MAX; used.len()];
        for (c, &g) in order.iter().enumerate() {
            if let Some(slot) = column.get_mut(g) {
                *slot = c;
            }
        }
        let table = |dim: usize, list: &[Period]| -> Vec<FrequencyPeriod> {
            let mut grid = vec![vec![0u64; order.len()]; list.len()];
            let mut none = vec![0u64; list.len()];
            for k in &counted.keys {
                let p = counted.key(k, dim) as usize;
                match column.get(k[SEVERITY] as usize) {
                    Some(&c) if c != usize::MAX => {
                        if let Some(cell) = grid.get_mut(p).and_then(|r| r.get_mut(c)) {
                            *cell += 1;
                        }
                    }
                    _ => {
                        if let Some(cell) = none.get_mut(p) {
                            *cell += 1;
                        }
                    }
                }
            }
            let mut out: Vec<FrequencyPeriod> = Vec::with_capacity(list.len());
            for ((p, row), extra) in list.iter().zip(grid).zip(none) {
                let total = row.iter().sum::<u64>() + extra;
                let prev = out.last().map(|f| f.total);
                out.push(FrequencyPeriod {
                    period: p.clone(),
                    total,
                    by_severity: row,
                    change: prev.map(|q| total as i64 - q as i64),
                    change_ratio: prev
                        .filter(|&q| q > 0)
                        .map(|q| (total as f64 - q as f64) / q as f64),
                });
            }
            out
        };
        IncidentFrequency {
            severities: order.iter().map(|&g| name(g)).collect(),
            weekly: table(WEEK, weeks),
            monthly: table(MONTH, months),
        }
    }
}
