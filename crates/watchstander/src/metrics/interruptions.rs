//! Interruptions: pages as a person lives them.
//!
//! A person paged several times in a burst is interrupted once. Following PagerDuty's
//! responder insights, pages to one person less than 60 seconds (configurable) after the first
//! page of the current interruption join it; the next page after that starts a new one. Each
//! interruption is classified by the person's local time at its first page
//! ([`WorkingHours`]): business hours, off hours, sleep hours.
//!
//! The heatmap counts every page (not interruptions) by the local hour of week of the person
//! paged, Monday 00:00 first: it shows when pages land in people's days, whatever their zones.

use serde::{Deserialize, Serialize};

use super::hours::WorkingHours;
use super::people::Roster;
use super::walk::Walk;
use crate::time::Zone;

/// Interruptions by class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "MetricsClassCounts"))]
pub struct ClassCounts {
    /// During business hours.
    pub business: u64,
    /// Off hours (evenings, weekends, holidays; awake).
    pub off_hours: u64,
    /// Sleep hours.
    pub sleep: u64,
    /// All.
    pub total: u64,
}

impl ClassCounts {
    pub(crate) fn of(by_class: &[u64; 3]) -> ClassCounts {
        ClassCounts {
            business: by_class[0],
            off_hours: by_class[1],
            sleep: by_class[2],
            total: by_class.iter().sum(),
        }
    }

    /// Outside business hours (off hours and sleep).
    pub fn outside_business(&self) -> u64 {
        self.off_hours + self.sleep
    }
}

/// One person's interruptions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PersonInterruptions {
    /// Who.
    pub person: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The zone their hours are read in.
    pub zone: Zone,
    /// Pages received.
    pub pages: u64,
    /// Interruptions, by class.
    pub interruptions: ClassCounts,
}

/// Pages by local hour of week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "MetricsHeatmap"))]
pub struct Heatmap {
    /// Seven rows (Monday first) of 24 counts (hour 0 first).
    pub cells: Vec<Vec<u64>>,
    /// The largest cell.
    pub max: u64,
}

/// Interruptions of a window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Interruptions {
    /// Pages less than this many seconds after an interruption's first page join it.
    pub merge_window_seconds: u32,
    /// The boundaries used.
    pub hours: WorkingHours,
    /// Pages in the window.
    pub pages: u64,
    /// Everyone's interruptions.
    pub total: ClassCounts,
    /// Per person paged (most interrupted first).
    pub per_person: Vec<PersonInterruptions>,
    /// Pages by local hour of week.
    pub heatmap: Heatmap,
}

impl Interruptions {
    pub(crate) fn compute(
        walk: &Walk,
        roster: &Roster,
        hours: &WorkingHours,
        merge_window_seconds: u32,
    ) -> Interruptions {
        let mut total = [0u64; 3];
        let mut pages = 0;
        let mut per_person = Vec::new();
        for (m, p) in roster.members.iter().zip(walk.people.iter()) {
            if p.pages == 0 {
                continue;
            }
            pages += p.pages;
            for (t, c) in total.iter_mut().zip(p.by_class.iter()) {
                *t += c;
            }
            per_person.push(PersonInterruptions {
                person: m.id.clone(),
                name: m.name.clone(),
                zone: m.zone,
                pages: p.pages,
                interruptions: ClassCounts::of(&p.by_class),
            });
        }
        per_person.sort_by(|a, b| {
            b.interruptions
                .total
                .cmp(&a.interruptions.total)
                .then_with(|| a.person.cmp(&b.person))
        });
        let cells: Vec<Vec<u64>> = walk.heatmap.chunks(24).map(|c| c.to_vec()).collect();
        Interruptions {
            merge_window_seconds,
            hours: hours.clone(),
            pages,
            total: ClassCounts::of(&total),
            per_person,
            heatmap: Heatmap {
                max: walk.heatmap.iter().copied().max().unwrap_or(0),
                cells,
            },
        }
    }
}
