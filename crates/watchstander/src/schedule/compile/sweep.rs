//! Stage 4: one pass over the window in time order.
//!
//! The sweep stands at an instant `s`, works out who is on call there (layers bottom to top,
//! then the overrides in force, or a temporary schedule's shifts, then shadows), and moves
//! to the next instant at which anything starts or ends: the earliest of each layer's next
//! piece boundary, the next override, temporary-schedule or shadow boundary. Each layer is
//! a sorted list of disjoint pieces read through a cursor, so a segment costs O(layers) plus
//! the overrides in force, and nothing is sorted but the override, temporary and shadow
//! boundaries.

use std::collections::BTreeSet;

use super::super::names::{Handle, NONE};
use super::super::source::Origin;
use super::super::spec::Combine;
use super::super::timeline::{Entry, Timeline};
use super::super::{ScheduleError, MAX_SEGMENTS, MAX_TIMELINE_ENTRIES};
use super::overrides::{Item, Overrides};
use super::Builder;
use crate::time::LocalAdjustment;

const NO_ADJ: (LocalAdjustment, LocalAdjustment) = (LocalAdjustment::None, LocalAdjustment::None);

fn idx(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(NONE)
}

/// The shifts of the temporary schedules overlapping the window.
struct Temporaries {
    /// `(start, end)` of each temporary schedule, sorted and disjoint.
    windows: Vec<(i64, i64)>,
    /// `(person, source, start, end)` of every shift, by rank (schedule order, then shift order).
    shifts: Vec<(Handle, u32, i64, i64)>,
    starts: Vec<(i64, u32)>,
    ends: Vec<(i64, u32)>,
    sp: usize,
    ep: usize,
    wp: usize,
    active: BTreeSet<u32>,
}

impl Temporaries {
    fn advance(&mut self, s: i64) {
        while self.windows.get(self.wp).is_some_and(|w| w.1 <= s) {
            self.wp += 1;
        }
        while let Some(&(_, r)) = self.starts.get(self.sp).filter(|(t, _)| *t <= s) {
            self.active.insert(r);
            self.sp += 1;
        }
        while let Some(&(_, r)) = self.ends.get(self.ep).filter(|(t, _)| *t <= s) {
            self.active.remove(&r);
            self.ep += 1;
        }
    }

    /// Whether a temporary schedule is in force at `s` (after [`Self::advance`] to `s`, which
    /// leaves only windows ending after `s`, so `s < w.1` → `s <= w.1` is an equivalent mutant).
    fn in_force(&self, s: i64) -> bool {
        self.windows
            .get(self.wp)
            .is_some_and(|w| w.0 <= s && s < w.1)
    }

    fn next_event(&self, s: i64) -> i64 {
        let mut next = i64::MAX;
        if let Some(w) = self.windows.get(self.wp) {
            // (`>=` is an equivalent mutant: standing at the window's start it asks for a
            // one-second step, and the timeline merges the identical segment it makes.)
            next = if w.0 > s { w.0 } else { w.1 };
        }
        for t in [self.starts.get(self.sp), self.ends.get(self.ep)]
            .into_iter()
            .flatten()
        {
            next = next.min(t.0);
        }
        next
    }
}

/// Shadows: `(person, shadowed, start, end, source)` by spec order, and an index by target.
struct Shadows {
    list: Vec<(Handle, Handle, i64, i64, u32)>,
    by_target: Vec<(Handle, u32)>,
    bounds: Vec<i64>,
    bp: usize,
}

impl Builder<'_> {
    fn overrides(&mut self) -> Overrides {
        let (ws, we) = (self.ws, self.we);
        let mut items = Vec::new();
        for (i, o) in self.data.overrides.iter().enumerate() {
            if !(o.start < we && ws < o.end) {
                continue;
            }
            let source = self.sources.push(
                Origin::Override { index: idx(i) },
                (o.start, o.end),
                NONE,
                NO_ADJ,
            );
            items.push(Item {
                kind: o.kind,
                person: o.person,
                replaces: o.replaces,
                source,
                start: o.start,
                end: o.end,
            });
        }
        Overrides::new(items, self.data.names.len())
    }

    fn temporaries(&mut self) -> Temporaries {
        let (ws, we) = (self.ws, self.we);
        let mut t = Temporaries {
            windows: Vec::new(),
            shifts: Vec::new(),
            starts: Vec::new(),
            ends: Vec::new(),
            sp: 0,
            ep: 0,
            wp: 0,
            active: BTreeSet::new(),
        };
        for (ti, tmp) in self.data.temporaries.iter().enumerate() {
            // Only saves work: the list is sorted and disjoint, so a temporary schedule outside
            // the window is never in force in it (`&&` → `||` or `<` → `<=` here is an
            // equivalent mutant).
            if !(tmp.start < we && ws < tmp.end) {
                continue;
            }
            t.windows.push((tmp.start, tmp.end));
            for &(person, a, b, i) in &tmp.shifts {
                let source = self.sources.push(
                    Origin::Temporary {
                        index: idx(ti),
                        shift: idx(i),
                    },
                    (a, b),
                    NONE,
                    NO_ADJ,
                );
                let r = idx(t.shifts.len());
                t.shifts.push((person, source, a, b));
                t.starts.push((a, r));
                t.ends.push((b, r));
            }
        }
        t.starts.sort_unstable();
        t.ends.sort_unstable();
        t
    }

    fn shadows(&mut self) -> Shadows {
        let (ws, we) = (self.ws, self.we);
        let mut sh = Shadows {
            list: Vec::new(),
            by_target: Vec::new(),
            bounds: Vec::new(),
            bp: 0,
        };
        for (i, s) in self.data.shadows.iter().enumerate() {
            let (a, b) = (s.start.unwrap_or(ws).max(ws), s.end.unwrap_or(we).min(we));
            if a >= b {
                continue;
            }
            let source =
                self.sources
                    .push(Origin::Shadowing { index: idx(i) }, (a, b), NONE, NO_ADJ);
            sh.by_target.push((s.shadows, idx(sh.list.len())));
            sh.list.push((s.person, s.shadows, a, b, source));
            sh.bounds.push(a);
            sh.bounds.push(b);
        }
        sh.by_target.sort_unstable();
        sh.bounds.sort_unstable();
        sh.bounds.dedup();
        sh
    }

    /// Cuts the window at every boundary and computes each segment's people.
    pub(super) fn sweep(&mut self) -> Result<Timeline, ScheduleError> {
        let (ws, we) = (self.ws, self.we);
        let mut ovs = self.overrides();
        let mut temps = self.temporaries();
        let mut shadows = self.shadows();
        let mut out = Timeline::new(we);
        // Every piece and override boundary may start a segment (capped: it is only a hint,
        // so the mutants of this arithmetic change allocation only and are equivalent).
        let pieces: usize = self.layers.iter().map(|l| l.works.len()).sum();
        let hint = pieces + 2 * self.data.overrides.len().min(pieces + 1);
        out.reserve(hint.min(MAX_SEGMENTS / 8), 2);
        let mut cursor = vec![0usize; self.layers.len()];
        let mut stamp = vec![0u64; self.data.names.len()];
        let mut generation: u64 = 0;
        let mut on_call: Vec<Entry> = Vec::new();
        let mut shadowing: Vec<Entry> = Vec::new();
        let mut scratch: Vec<Handle> = Vec::new();
        let mut candidates: Vec<u32> = Vec::new();
        let mut s = ws;
        while s < we {
            ovs.advance(s);
            temps.advance(s);
            while shadows.bounds.get(shadows.bp).is_some_and(|b| *b <= s) {
                shadows.bp += 1;
            }
            let mut next = we;
            for t in [ovs.next_event(), Some(temps.next_event(s))]
                .into_iter()
                .flatten()
            {
                next = next.min(t);
            }
            if let Some(b) = shadows.bounds.get(shadows.bp) {
                next = next.min(*b);
            }
            on_call.clear();
            shadowing.clear();
            scratch.clear();
            // A new generation makes every stamp stale. (A generation that stays the same only
            // makes the union's duplicate removal below run when it need not: `+=` → `*=` here
            // is an equivalent mutant.)
            generation += 1;
            let in_temp = temps.in_force(s);
            for (li, (layer, lw)) in self.data.layers.iter().zip(&self.layers).enumerate() {
                let Some(c) = cursor.get_mut(li) else {
                    continue;
                };
                while lw.works.get(*c).is_some_and(|x| x.end <= s) {
                    *c += 1;
                }
                let Some(x) = lw.works.get(*c) else { continue };
                if x.start > s {
                    next = next.min(x.start);
                    continue;
                }
                next = next.min(x.end);
                if in_temp {
                    continue;
                }
                let entry = Entry {
                    person: x.person,
                    source: x.source,
                    rep: (0, 0),
                };
                if layer.shadow {
                    shadowing.retain(|y| y.person != x.person);
                    shadowing.push(entry);
                    continue;
                }
                match layer.combine {
                    Combine::Precedence => {
                        // (Equivalent as `*=`, like the segment's own step above.)
                        generation += 1;
                        on_call.clear();
                    }
                    Combine::Union => {
                        // Only a person already in the list needs the O(n) removal.
                        if stamp.get(x.person as usize) == Some(&generation) {
                            on_call.retain(|y| y.person != x.person);
                        }
                    }
                }
                if let Some(st) = stamp.get_mut(x.person as usize) {
                    *st = generation;
                }
                on_call.push(entry);
            }
            if in_temp {
                for &r in &temps.active {
                    if let Some(&(person, source, _, _)) = temps.shifts.get(r as usize) {
                        if !on_call.iter().any(|x| x.person == person) {
                            on_call.push(Entry {
                                person,
                                source,
                                rep: (0, 0),
                            });
                        }
                    }
                }
            } else {
                ovs.apply(&mut on_call, &mut scratch)?;
            }
            if !shadows.list.is_empty() {
                candidates.clear();
                for e in &on_call {
                    let from = shadows.by_target.partition_point(|(t, _)| *t < e.person);
                    for (t, i) in shadows.by_target.get(from..).unwrap_or(&[]) {
                        if *t != e.person {
                            break;
                        }
                        candidates.push(*i);
                    }
                }
                candidates.sort_unstable();
                for i in &candidates {
                    let Some(&(person, _, a, b, source)) = shadows.list.get(*i as usize) else {
                        continue;
                    };
                    if a <= s && s < b && !shadowing.iter().any(|x| x.person == person) {
                        shadowing.push(Entry {
                            person,
                            source,
                            rep: (0, 0),
                        });
                    }
                }
            }
            out.push(s, &on_call, &shadowing, &scratch);
            // (The timeline grows by at most one segment a step, so `>` → `==` is equivalent.)
            if out.len() > MAX_SEGMENTS {
                return Err(ScheduleError::limit(
                    "timeline segments",
                    out.len(),
                    MAX_SEGMENTS,
                    "compile a shorter window",
                ));
            }
            if out.entries() > MAX_TIMELINE_ENTRIES {
                return Err(ScheduleError::limit(
                    "people in timeline segments (segments × people on call in each)",
                    out.entries(),
                    MAX_TIMELINE_ENTRIES,
                    "compile a shorter window, or use fewer union layers or overlapping add overrides",
                ));
            }
            // Every candidate for `next` lies after `s` (the cursors, overrides, temporaries and
            // shadows were all moved past it above), so the one-second floor only guards that
            // invariant: `+` → `-` or `*` in it is an equivalent mutant.
            s = next.max(s + 1).min(we);
        }
        let notices: Vec<_> = ovs
            .changed
            .iter()
            .zip(
                self.data
                    .overrides
                    .iter()
                    .filter(|o| o.start < we && ws < o.end),
            )
            .filter(|(changed, _)| !**changed)
            .map(|(_, o)| super::super::shift::Notice::OverrideHadNoEffect { id: o.id.clone() })
            .collect();
        self.notices.extend(notices);
        Ok(out)
    }
}
