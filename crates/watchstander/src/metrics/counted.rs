//! Which incidents count, and the keys they are broken down by.
//!
//! An incident *counts* when it was triggered inside the window and is not excluded (declined,
//! merged, test). Each counted incident gets its severity, service and team keys and the day,
//! week and month (in the report's zone) of its trigger — computed once, shared by every
//! breakdown.

use serde::{Deserialize, Serialize};

use super::period::{Calendar, Granularity};
use super::table::{IncidentTable, MISSING, NO_KEY};

/// The breakdown dimensions. The first four are stored per incident ([`Counted::keys`]);
/// week and month follow from the day.
pub(crate) const SEVERITY: usize = 0;
pub(crate) const SERVICE: usize = 1;
pub(crate) const TEAM: usize = 2;
pub(crate) const DAY: usize = 3;
pub(crate) const WEEK: usize = 4;
pub(crate) const MONTH: usize = 5;
pub(crate) const DIMS: usize = 6;
/// Dimensions stored per incident.
pub(crate) const STORED: usize = 4;

/// Incidents left out, by reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ExcludedCounts {
    /// Declined in triage.
    pub declined: u64,
    /// Merged into another incident.
    pub merged: u64,
    /// Tests and drills.
    pub test: u64,
}

impl ExcludedCounts {
    /// All excluded incidents.
    pub fn total(&self) -> u64 {
        self.declined + self.merged + self.test
    }
}

/// The counted incidents of a window.
#[derive(Debug, Clone, Default)]
pub(crate) struct Counted {
    /// Table rows of the counted incidents, in table order.
    pub(crate) rows: Vec<u32>,
    /// Their keys: severity, service, team, day ([`NO_KEY`] when absent).
    pub(crate) keys: Vec<[u32; STORED]>,
    /// Week of each day.
    pub(crate) day_week: Vec<u32>,
    /// Month of each day.
    pub(crate) day_month: Vec<u32>,
    /// Dictionary (or period) sizes per dimension.
    pub(crate) sizes: [usize; DIMS],
    /// Incidents triggered in the window (counted or excluded).
    pub(crate) triggered: u64,
    /// Incidents triggered outside the window (not counted anywhere).
    pub(crate) outside: u64,
    pub(crate) excluded: ExcludedCounts,
}

impl Counted {
    pub(crate) fn new(t: &IncidentTable, cal: &Calendar) -> Counted {
        let mut c = Counted {
            sizes: [
                t.severities.len(),
                t.services.len(),
                t.teams.len(),
                cal.dates.len(),
                cal.weeks.len(),
                cal.months.len(),
            ],
            day_week: (0..cal.dates.len() as u32)
                .map(|d| cal.period_of_day(Granularity::Week, d))
                .collect(),
            day_month: (0..cal.dates.len() as u32)
                .map(|d| cal.period_of_day(Granularity::Month, d))
                .collect(),
            ..Counted::default()
        };
        c.rows.reserve(t.len());
        c.keys.reserve(t.len());
        for (i, &trig) in t.trig.iter().enumerate() {
            if trig == MISSING {
                continue;
            }
            if !cal.contains(trig) {
                c.outside += 1;
                continue;
            }
            c.triggered += 1;
            match t.excluded.get(i).copied().unwrap_or(0) {
                1 => c.excluded.declined += 1,
                2 => c.excluded.merged += 1,
                3 => c.excluded.test += 1,
                _ => {
                    let day = cal.day_of(trig);
                    c.rows.push(i as u32);
                    c.keys.push([
                        t.severity.get(i).copied().unwrap_or(NO_KEY),
                        t.service.get(i).copied().unwrap_or(NO_KEY),
                        t.team.get(i).copied().unwrap_or(NO_KEY),
                        day,
                    ]);
                }
            }
        }
        c
    }

    /// Counted incidents.
    pub(crate) fn len(&self) -> usize {
        self.rows.len()
    }

    /// The key of one dimension of stored keys `k`.
    #[inline]
    pub(crate) fn key(&self, k: &[u32; STORED], dim: usize) -> u32 {
        match dim {
            WEEK => self
                .day_week
                .get(k[DAY] as usize)
                .copied()
                .unwrap_or(NO_KEY),
            MONTH => self
                .day_month
                .get(k[DAY] as usize)
                .copied()
                .unwrap_or(NO_KEY),
            d => k.get(d).copied().unwrap_or(NO_KEY),
        }
    }

    /// Counted incidents per key of one dimension.
    pub(crate) fn per_key(&self, dim: usize) -> Vec<u64> {
        let mut out = vec![0u64; self.sizes.get(dim).copied().unwrap_or(0)];
        for k in &self.keys {
            if let Some(slot) = out.get_mut(self.key(k, dim) as usize) {
                *slot += 1;
            }
        }
        out
    }
}
