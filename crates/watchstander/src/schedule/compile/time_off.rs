//! Stage 3: the time-off policy. With `skip` the next free member of the rotation covers the
//! part of a piece its owner is off; with `reassign` the owner's backup (or the policy's)
//! does; with `flag` (the default) nothing moves and the conflict is reported later.

use super::super::names::Handle;
use super::super::source::Origin;
use super::super::spec::TimeOffMode;
use super::super::ScheduleError;
use super::{Builder, Work};
use crate::time::LocalAdjustment;

type Span = (i64, i64);

/// Sorts and merges overlapping or touching spans.
fn merge(mut list: Vec<Span>) -> Vec<Span> {
    list.sort_unstable();
    let mut out: Vec<Span> = Vec::with_capacity(list.len());
    for (a, b) in list {
        match out.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// `span` minus the merged, sorted `cut`.
fn subtract(span: Span, cut: &[Span]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut from = span.0;
    for &(a, b) in cut {
        if b <= from || a >= span.1 {
            continue;
        }
        if a > from {
            out.push((from, a));
        }
        from = from.max(b);
    }
    if from < span.1 {
        out.push((from, span.1));
    }
    out
}

impl Builder<'_> {
    /// `person`'s time off overlapping `span`, merged.
    fn off_spans(&mut self, person: Handle, span: Span) -> Result<Vec<Span>, ScheduleError> {
        self.off.load(self.data, person)?;
        Ok(merge(
            self.off
                .overlapping(person, span.0, span.1)
                .map(|o| (o.start, o.end))
                .collect(),
        ))
    }

    /// Who may cover `w`, in order of preference.
    fn candidates(&self, li: usize, w: &Work, mode: TimeOffMode) -> Vec<Handle> {
        let data = self.data;
        if mode != TimeOffMode::Skip {
            let own = data.backup_of(data.names.name(w.person));
            return own
                .or(data.backup)
                .filter(|b| *b != w.person)
                .into_iter()
                .collect();
        }
        let Some(layer) = data.layers.get(li) else {
            return Vec::new();
        };
        let members = layer.roster.handles_at(w.turn, w.start);
        let n = members.len();
        let mut seen = std::collections::HashSet::new();
        // (Letting the owner or a repeated member through only costs work: the owner is off
        // wherever cover is sought, and a repeat finds its free time already given, so
        // `&&` → `||` here is an equivalent mutant.)
        (1..n)
            .filter_map(|s| members.get((w.member_index as usize + s) % n).copied())
            .filter(|p| *p != w.person && seen.insert(*p))
            .collect()
    }

    /// Applies `skip` or `reassign` to the layers' pieces.
    pub(super) fn apply_time_off(&mut self) -> Result<(), ScheduleError> {
        let mode = self.data.policy.mode;
        if mode == TimeOffMode::Flag {
            return Ok(());
        }
        for li in 0..self.layers.len() {
            if self.data.layers.get(li).is_none_or(|l| l.shadow) {
                continue;
            }
            let old = self
                .layers
                .get_mut(li)
                .map(|l| std::mem::take(&mut l.works))
                .unwrap_or_default();
            let mut out = Vec::with_capacity(old.len());
            let mut changed = false;
            for w in old {
                self.off.load(self.data, w.person)?;
                // Conflicting parts of the piece, each tagged with the first entry causing it.
                let offs: Vec<(i64, i64, String)> = self
                    .off
                    .overlapping(w.person, w.start, w.end)
                    .map(|o| (o.start.max(w.start), o.end.min(w.end), o.name.clone()))
                    .collect();
                if offs.is_empty() {
                    out.push(w);
                    continue;
                }
                changed = true;
                let mut todo: Vec<(Span, String)> =
                    merge(offs.iter().map(|o| (o.0, o.1)).collect())
                        .into_iter()
                        .map(|iv| {
                            // Merged intervals never touch the entries outside them, so `<`
                            // → `<=` in either overlap test below is an equivalent mutant.
                            let name = offs
                                .iter()
                                .find(|o| o.0 < iv.1 && iv.0 < o.1)
                                .map_or_else(String::new, |o| o.2.clone());
                            (iv, name)
                        })
                        .collect();
                let mut given: Vec<(Span, Handle, String)> = Vec::new();
                for cand in self.candidates(li, &w, mode) {
                    if todo.is_empty() {
                        break;
                    }
                    let mut rest = Vec::new();
                    for (iv, name) in todo {
                        let cand_off = self.off_spans(cand, iv)?;
                        let free = subtract(iv, &cand_off);
                        for f in &free {
                            given.push((*f, cand, name.clone()));
                        }
                        for r in subtract(iv, &free) {
                            rest.push((r, name.clone()));
                        }
                    }
                    todo = rest;
                }
                given.sort_by_key(|(iv, _, _)| *iv);
                // Split the piece: given parts go to their cover, the rest stays (flagged later).
                let cut: Vec<Span> = given.iter().map(|(iv, _, _)| *iv).collect();
                for k in subtract((w.start, w.end), &cut) {
                    out.push(Work {
                        start: k.0,
                        end: k.1,
                        ..w
                    });
                }
                for (iv, cand, name) in given {
                    // Every piece has a source (the fallback is unreachable, and deleting
                    // its fields is an equivalent mutant).
                    let Some(base) = self.sources.get(w.source).copied() else {
                        out.push(Work {
                            start: iv.0,
                            end: iv.1,
                            ..w
                        });
                        continue;
                    };
                    let (sa, ea) = self.sources.adjustments(&base);
                    let name = self.sources.text(&name);
                    let source = self.sources.push(
                        Origin::TimeOff {
                            turn: w.turn,
                            instead_of: w.person,
                            name,
                            parent: w.source,
                        },
                        iv,
                        base.layer,
                        (
                            if iv.0 == base.start {
                                sa
                            } else {
                                LocalAdjustment::None
                            },
                            if iv.1 == base.end {
                                ea
                            } else {
                                LocalAdjustment::None
                            },
                        ),
                    );
                    out.push(Work {
                        start: iv.0,
                        end: iv.1,
                        person: cand,
                        source,
                        ..w
                    });
                }
            }
            if changed {
                out.sort_by_key(|w| (w.start, w.end));
            }
            if let Some(l) = self.layers.get_mut(li) {
                l.works = out;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_merge_and_subtract() {
        assert_eq!(
            merge(vec![(5, 6), (1, 2), (2, 3), (5, 7)]),
            vec![(1, 3), (5, 7)]
        );
        assert_eq!(subtract((1, 10), &[(2, 3), (9, 11)]), vec![(1, 2), (3, 9)]);
        assert_eq!(subtract((1, 2), &[(0, 5)]), vec![]);
        assert_eq!(subtract((1, 4), &[]), vec![(1, 4)]);
        // Cuts at either end leave no empty pieces behind.
        assert_eq!(subtract((1, 10), &[(1, 3)]), vec![(3, 10)]);
        assert_eq!(subtract((1, 10), &[(5, 10)]), vec![(1, 5)]);
        // Cuts wholly before or after the span take nothing from it.
        assert_eq!(
            subtract((1, 10), &[(-5, 0), (0, 1), (2, 3), (10, 11), (12, 15)]),
            vec![(1, 2), (3, 10)]
        );
    }
}
