//! Stage 5: the timeline becomes shifts (maximal runs of one person from one source over
//! consecutive segments), the instants at which the responders change, gaps and time-off
//! conflicts. Shifts are stored as columns; nothing is explained yet.

use super::super::columns::{Row, ShiftColumns, ShiftTable};
use super::super::compiled::{CompiledSchedule, Views};
use super::super::interval::Interval;
use super::super::model::Schedule;
use super::super::names::{Handle, NONE};
use super::super::text::instant;
use super::super::timeline::Timeline;
use super::super::ScheduleError;
use super::Builder;

/// A shift while runs are being found.
#[derive(Clone, Copy)]
struct Run {
    person: Handle,
    source: u32,
    start: i64,
    end: i64,
}

/// Where each person's current run is: `(source, run, segment it was last extended in + 1)`.
type Open = Vec<(u32, u32, usize)>;

fn idx(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(NONE)
}

/// Extends `person`'s run from `source` into segment `si`, or starts a new one.
fn extend(
    runs: &mut Vec<Run>,
    open: &mut Open,
    si: usize,
    (s, e): (i64, i64),
    person: Handle,
    source: u32,
) -> u32 {
    if let Some(o) = open.get_mut(person as usize) {
        if o.0 == source && o.2 == si {
            if let Some(r) = runs.get_mut(o.1 as usize) {
                r.end = e;
                o.2 = si + 1;
                return o.1;
            }
        }
    }
    runs.push(Run {
        person,
        source,
        start: s,
        end: e,
    });
    let run = idx(runs.len() - 1);
    if let Some(o) = open.get_mut(person as usize) {
        *o = (source, run, si + 1);
    }
    run
}

impl Builder<'_> {
    fn flags(&self, source: u32, start: i64, end: i64, shadow: bool) -> u8 {
        let src = self.sources.get(source);
        let mut f = 0;
        if shadow {
            f |= ShiftColumns::SHADOW;
        }
        if start == self.ws && src.is_some_and(|s| s.start < self.ws) {
            f |= ShiftColumns::TRUNCATED_START;
        }
        if end == self.we && src.is_some_and(|s| s.end > self.we) {
            f |= ShiftColumns::TRUNCATED_END;
        }
        f
    }

    /// Runs sorted by start, then person, as a table; `slot` maps run index to row.
    fn table(&self, runs: &[Run], shadow: bool) -> (ShiftTable, Vec<u32>) {
        let mut order: Vec<u32> = (0..runs.len()).map(idx).collect();
        order.sort_unstable_by_key(|&r| runs.get(r as usize).map(|r| (r.start, r.person)));
        let mut slot = vec![NONE; runs.len()];
        let mut t = ShiftTable::with_capacity(runs.len());
        for (row, &r) in order.iter().enumerate() {
            let Some(run) = runs.get(r as usize) else {
                continue;
            };
            if let Some(s) = slot.get_mut(r as usize) {
                *s = idx(row);
            }
            t.push(Row {
                person: run.person,
                start: run.start,
                end: run.end,
                layer: self.sources.get(run.source).map_or(NONE, |s| s.layer),
                flags: self.flags(run.source, run.start, run.end, shadow),
                source: run.source,
            });
        }
        (t, slot)
    }

    pub(super) fn assemble(
        mut self,
        schedule: Schedule,
        mut tl: Timeline,
    ) -> Result<CompiledSchedule, ScheduleError> {
        let mut layer_tables = Vec::with_capacity(self.layers.len());
        // Each layer's own shifts, built first so that its working pieces are freed before
        // the final shifts are.
        for li in 0..self.layers.len() {
            let works = self
                .layers
                .get_mut(li)
                .map(|l| std::mem::take(&mut l.works))
                .unwrap_or_default();
            let shadow = self.data.layers.get(li).is_some_and(|l| l.shadow);
            let mut t = ShiftTable::with_capacity(works.len());
            for w in &works {
                let (s, e) = (w.start.max(self.ws), w.end.min(self.we));
                if s >= e {
                    continue;
                }
                t.push(Row {
                    person: w.person,
                    start: s,
                    end: e,
                    layer: idx(li),
                    flags: self.flags(w.source, s, e, shadow),
                    source: w.source,
                });
            }
            layer_tables.push(t);
        }
        let people = self.data.names.len();
        let mut runs: Vec<Run> = Vec::new();
        let mut sh_runs: Vec<Run> = Vec::new();
        let mut open: Open = vec![(NONE, NONE, usize::MAX); people];
        let mut sh_open: Open = vec![(NONE, NONE, usize::MAX); people];
        let mut entry_run = vec![0u32; tl.person.len()];
        let mut sh_entry_run = vec![0u32; tl.sh_person.len()];
        for si in 0..tl.len() {
            let span = tl.bounds(si);
            for k in tl.on_range(si) {
                let (Some(&p), Some(&src)) = (tl.person.get(k), tl.shift.get(k)) else {
                    continue;
                };
                let r = extend(&mut runs, &mut open, si, span, p, src);
                if let Some(x) = entry_run.get_mut(k) {
                    *x = r;
                }
            }
            for k in tl.sh_range(si) {
                let (Some(&p), Some(&src)) = (tl.sh_person.get(k), tl.sh_shift.get(k)) else {
                    continue;
                };
                let r = extend(&mut sh_runs, &mut sh_open, si, span, p, src);
                if let Some(x) = sh_entry_run.get_mut(k) {
                    *x = r;
                }
            }
        }
        drop((open, sh_open));
        let (shifts, slot) = self.table(&runs, false);
        let (shadow_shifts, sh_slot) = self.table(&sh_runs, true);
        for (x, r) in tl.shift.iter_mut().zip(&entry_run) {
            *x = slot.get(*r as usize).copied().unwrap_or(NONE);
        }
        for (x, r) in tl.sh_shift.iter_mut().zip(&sh_entry_run) {
            *x = sh_slot.get(*r as usize).copied().unwrap_or(NONE);
        }

        // Where the set of responders changes (entries are unique per person; compare sorted).
        let mut changes = Vec::new();
        let (mut a, mut b): (Vec<Handle>, Vec<Handle>) = (Vec::new(), Vec::new());
        for si in 1..tl.len() {
            a.clear();
            a.extend_from_slice(tl.people(si - 1));
            b.clear();
            b.extend_from_slice(tl.people(si));
            if a.len() == b.len() {
                a.sort_unstable();
                b.sort_unstable();
                if a == b {
                    continue;
                }
            }
            changes.push(idx(si));
        }
        let mut gaps: Vec<Interval> = Vec::new();
        for si in 0..tl.len() {
            if !tl.on_range(si).is_empty() {
                continue;
            }
            let (s, e) = tl.bounds(si);
            match gaps.last_mut() {
                Some(g) if g.end == instant(s) => g.end = instant(e),
                _ => gaps.push(Interval {
                    start: instant(s),
                    end: instant(e),
                }),
            }
        }

        // Time off of everyone whose non-shadow shifts may be explained.
        for t in std::iter::once(&shifts).chain(
            layer_tables
                .iter()
                .zip(&self.data.layers)
                .filter(|(_, l)| !l.shadow)
                .map(|(t, _)| t),
        ) {
            for &p in &t.person {
                self.off.load(self.data, p)?;
            }
        }
        let mut members: Vec<Handle> = (0..self.members.len())
            .filter(|&h| self.members.get(h).copied().unwrap_or(false))
            .map(idx)
            .collect();
        members.sort_unstable();
        self.merged
            .sort_by(|a, b| (a.at, &a.layer).cmp(&(b.at, &b.layer)));
        let layer_count = layer_tables.len();
        let mut compiled = CompiledSchedule {
            window: Interval {
                start: instant(self.ws),
                end: instant(self.we),
            },
            ws: self.ws,
            we: self.we,
            sources: self.sources,
            timeline: tl,
            shifts,
            shadow_shifts,
            layer_tables,
            changes,
            gaps,
            merged_turns: self.merged,
            swaps: self.swaps,
            time_off_conflicts: Vec::new(),
            notices: self.notices,
            off: self.off,
            members,
            views: Views::new(layer_count),
            schedule,
        };
        compiled.time_off_conflicts = compiled.conflicts();
        Ok(compiled)
    }
}
