//! Each person's holidays and time off during a compile, read once per person, in Unix
//! seconds, with an index for "which of them overlap this stretch".

use chrono::Duration;

use super::super::interval::Interval;
use super::super::model::ScheduleData;
use super::super::names::{Handle, NONE};
use super::super::ScheduleError;
use crate::schedule::MAX_WINDOW_DAYS;

/// One stretch of time off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Off {
    pub start: i64,
    pub end: i64,
    pub name: String,
}

/// One person's time off, sorted by start, with the running maximum of the ends (so the
/// entries overlapping a stretch are found by binary search even when entries overlap).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct OffList {
    list: Vec<Off>,
    max_end: Vec<i64>,
}

/// Time off per person, computed the first time a person is looked at.
#[derive(Debug, Clone, Default)]
pub(crate) struct OffTable {
    /// Index into `lists` per handle; [`NONE`] = not read yet, `EMPTY` = none.
    slot: Vec<u32>,
    lists: Vec<OffList>,
    span: (i64, i64),
}

// Were `EMPTY` equal to `NONE`, a person without time off would be read again at every
// `load`: the same answers for more work, which is why mutation testing's `NONE / 1` survives.
const EMPTY: u32 = NONE - 1;

impl OffTable {
    /// A table for `people` people, for a compile of `[ws, we)`. Time off is read with a
    /// margin around the window so that pieces running past it are judged whole.
    pub(crate) fn new(people: usize, ws: i64, we: i64) -> OffTable {
        let before = Duration::days(MAX_WINDOW_DAYS.min(400)).num_seconds();
        let after = Duration::days(400).num_seconds();
        OffTable {
            slot: vec![NONE; people],
            lists: Vec::new(),
            span: (ws.saturating_sub(before), we.saturating_add(after)),
        }
    }

    /// Reads `person`'s time off if not read yet.
    pub(crate) fn load(
        &mut self,
        data: &ScheduleData,
        person: Handle,
    ) -> Result<(), ScheduleError> {
        let Some(slot) = self.slot.get(person as usize).copied() else {
            return Ok(());
        };
        if slot != NONE {
            return Ok(());
        }
        let name = data.names.name(person);
        let list = match data.people.get(name) {
            Some(p) => {
                let span = Interval {
                    start: crate::schedule::text::instant(self.span.0),
                    end: crate::schedule::text::instant(self.span.1),
                };
                p.off_within(span)?
            }
            _ => Vec::new(),
        };
        let value = if list.is_empty() {
            EMPTY
        } else {
            let mut list: Vec<Off> = list
                .into_iter()
                .map(|o| Off {
                    start: o.interval.start.timestamp(),
                    end: o.interval.end.timestamp(),
                    name: o.name,
                })
                .collect();
            list.sort_by_key(|o| (o.start, o.end));
            let mut max = i64::MIN;
            let max_end = list
                .iter()
                .map(|o| {
                    max = max.max(o.end);
                    max
                })
                .collect();
            self.lists.push(OffList { list, max_end });
            u32::try_from(self.lists.len() - 1).unwrap_or(EMPTY)
        };
        if let Some(s) = self.slot.get_mut(person as usize) {
            *s = value;
        }
        Ok(())
    }

    fn list(&self, person: Handle) -> Option<&OffList> {
        let slot = *self.slot.get(person as usize)?;
        self.lists.get(slot as usize)
    }

    /// `person`'s time off overlapping `[a, b)`, in start order (after [`load`](Self::load)).
    pub(crate) fn overlapping(&self, person: Handle, a: i64, b: i64) -> impl Iterator<Item = &Off> {
        let (list, from) = match self.list(person) {
            Some(l) => (l.list.as_slice(), l.max_end.partition_point(|e| *e <= a)),
            None => (&[][..], 0),
        };
        list.get(from..)
            .unwrap_or(&[])
            .iter()
            .take_while(move |o| o.start < b)
            .filter(move |o| o.end > a)
    }
}
