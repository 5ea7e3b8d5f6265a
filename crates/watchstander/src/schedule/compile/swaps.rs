//! Stage 2: swaps and cover requests, in creation order, on the pieces of the occurrences
//! they name.
//!
//! A turn is found by binary search (by number or by an instant inside it), and its pieces
//! are a contiguous range of the layer's. The first request that changes a turn moves that
//! range into a small per-turn list, which later requests read and change; the layer is put
//! back together once, after the last request. So `n` requests on a layer of `m` pieces cost
//! O((n + m) log m), not O(n × m).

use std::collections::BTreeSet;

use super::super::layer::TurnInfo;
use super::super::model::Swap;
use super::super::names::{Handle, NONE};
use super::super::shift::{SwapReport, SwapStatus};
use super::super::source::{Origin, Source};
use super::super::spec::SwapKind;
use super::{Builder, Work};
use crate::time::{format_instant, LocalAdjustment};

/// A swap's move of one occurrence from one person to another.
struct Move {
    swap: u32,
    from: Handle,
    to: Handle,
}

type Refusal = (SwapStatus, String);

impl Builder<'_> {
    /// The current pieces of turn `info` of layer `li`.
    fn turn_works(&self, li: usize, info: &TurnInfo) -> &[Work] {
        let Some(l) = self.layers.get(li) else {
            return &[];
        };
        match l.patched.get(&info.number) {
            Some(list) => list,
            None => l.works.get(info.pieces.clone()).unwrap_or(&[]),
        }
    }

    /// The pieces of turn `info`, moved out of the layer's list for editing.
    fn turn_works_mut(&mut self, li: usize, info: &TurnInfo) -> Option<&mut Vec<Work>> {
        let l = self.layers.get_mut(li)?;
        if !l.patched.contains_key(&info.number) {
            let mut moved = Vec::new();
            if let Some(range) = l.works.get_mut(info.pieces.clone()) {
                for w in range {
                    moved.push(*w);
                    w.end = w.start; // dead; dropped by `settle_swaps`
                }
            }
            l.patched.insert(info.number, moved);
        }
        l.patched.get_mut(&info.number)
    }

    /// Finds the occurrence a swap names, or says why it cannot.
    fn occurrence(
        &self,
        li: usize,
        turn: Option<u64>,
        at: Option<i64>,
    ) -> Result<TurnInfo, Refusal> {
        let Some(layer) = self.data.layers.get(li) else {
            return Err((
                SwapStatus::Orphaned,
                "the layer no longer exists".to_string(),
            ));
        };
        let turns = self.layers.get(li).map_or(&[][..], |l| l.turns.as_slice());
        if let Some(k) = turn {
            if let Ok(i) = turns.binary_search_by_key(&k, |t| t.number) {
                if let Some(t) = turns.get(i) {
                    return Ok(t.clone());
                }
            }
            let (first, last) = match (turns.first(), turns.last()) {
                (Some(f), Some(l)) => (f.number, l.number),
                _ => {
                    return Err((
                        SwapStatus::OutsideWindow,
                        format!("layer {} has no turns in the window", layer.id),
                    ))
                }
            };
            // Turns `first` and `last` were found above, so `k` is neither (`>=` here, or
            // `<=` below, would change nothing).
            if k > last && layer.end.is_some_and(|e| e.timestamp() <= self.we) {
                return Err((
                    SwapStatus::Orphaned,
                    format!(
                        "turn {k} does not exist: layer {} ends after turn {last}",
                        layer.id
                    ),
                ));
            }
            if k < first || k > last {
                return Err((
                    SwapStatus::OutsideWindow,
                    format!("turn {k} lies outside the window (turns {first}–{last})"),
                ));
            }
            return Err((
                SwapStatus::Orphaned,
                format!("turn {k} of layer {} has no on-call time (DST squeezed it to nothing, or it was never numbered)", layer.id),
            ));
        }
        let Some(t) = at else {
            return Err((SwapStatus::Orphaned, "no occurrence named".to_string()));
        };
        // Turns are disjoint and sorted: only the last one starting at or before `t` can hold it.
        let i = turns.partition_point(|x| x.start.timestamp() <= t);
        if let Some(info) = i.checked_sub(1).and_then(|i| turns.get(i)) {
            if info.end.is_none_or(|e| t < e.timestamp()) {
                return Ok(info.clone());
            }
        }
        let shown = format_instant(super::super::text::instant(t));
        if !(self.ws <= t && t < self.we) {
            return Err((
                SwapStatus::OutsideWindow,
                format!("{shown} lies outside the window"),
            ));
        }
        Err((
            SwapStatus::Orphaned,
            format!(
                "no turn of layer {} contains {shown} any more (the rotation changed, or it falls in restricted time)",
                layer.id
            ),
        ))
    }

    /// Checks that `from` holds occurrence `info` within `scope`, and that no earlier swap
    /// changed it.
    fn check_owner(
        &self,
        li: usize,
        info: &TurnInfo,
        scope: (i64, i64),
        from: Handle,
    ) -> Result<(), Refusal> {
        let works: Vec<&Work> = self
            .turn_works(li, info)
            .iter()
            // Skips empty pieces: those left behind in the layer's list once a turn has moved
            // to `patched` (never listed here), and any `reassign` were to keep.
            .filter(|w| w.start < w.end && w.start < scope.1 && scope.0 < w.end)
            .collect();
        let swapped = works.iter().find_map(|w| match self.sources.get(w.source) {
            Some(Source {
                origin: Origin::Swap { swap, .. },
                ..
            }) => Some(*swap),
            _ => None,
        });
        if let Some(by) = swapped {
            let by = self
                .data
                .swaps
                .get(by as usize)
                .map_or("", |s| s.spec.id.as_str());
            return Err((
                SwapStatus::Conflict,
                format!("turn {} was already changed by swap {by}", info.number),
            ));
        }
        if works.iter().any(|w| w.person == from) {
            return Ok(());
        }
        let owners: BTreeSet<&str> = works
            .iter()
            .map(|w| self.data.names.name(w.person))
            .collect();
        let from = self.data.names.name(from);
        Err((
            SwapStatus::Orphaned,
            if owners.is_empty() {
                format!(
                    "turn {} has no on-call time in the requested part",
                    info.number
                )
            } else {
                format!(
                    "turn {} now belongs to {}, not {from}",
                    info.number,
                    owners.into_iter().collect::<Vec<_>>().join(", ")
                )
            },
        ))
    }

    /// Gives `m.from`'s time in `scope` of turn `info` to `m.to`.
    fn reassign(&mut self, li: usize, info: &TurnInfo, scope: (i64, i64), m: Move) {
        let Some(list) = self.turn_works_mut(li, info) else {
            return;
        };
        let old = std::mem::take(list);
        let mut out = Vec::with_capacity(old.len() + 2);
        let mut new_sources = Vec::new();
        for w in old {
            let (a, b) = (w.start.max(scope.0), w.end.min(scope.1));
            if w.turn != info.number || w.person != m.from || a >= b {
                out.push(w);
                continue;
            }
            // (`<=` here or below would keep an empty piece, which `check_owner` skips and
            // `settle_swaps` drops: equivalent mutants.)
            if w.start < a {
                out.push(Work { end: a, ..w });
            }
            new_sources.push((out.len(), w.source, a, b));
            out.push(Work {
                start: a,
                end: b,
                person: m.to,
                ..w
            });
            if b < w.end {
                out.push(Work { start: b, ..w });
            }
        }
        for (at, parent, a, b) in new_sources {
            let Some(base) = self.sources.get(parent).copied() else {
                continue;
            };
            let (sa, ea) = self.sources.adjustments(&base);
            let source = self.sources.push(
                Origin::Swap {
                    swap: m.swap,
                    turn: info.number,
                    instead_of: m.from,
                    parent,
                },
                (a, b),
                base.layer,
                (
                    if a == base.start {
                        sa
                    } else {
                        LocalAdjustment::None
                    },
                    if b == base.end {
                        ea
                    } else {
                        LocalAdjustment::None
                    },
                ),
            );
            if let Some(w) = out.get_mut(at) {
                w.source = source;
            }
        }
        if let Some(list) = self.turn_works_mut(li, info) {
            *list = out;
        }
    }

    pub(super) fn apply_swap(&mut self, si: usize, swap: &Swap) -> SwapReport {
        let s = &swap.spec;
        let report = |status, detail: String| SwapReport {
            id: s.id.clone(),
            status,
            detail,
        };
        let Some(li) = self.data.layer_ids.iter().position(|l| *l == s.layer) else {
            return report(
                SwapStatus::Orphaned,
                format!("layer {:?} no longer exists", s.layer),
            );
        };
        let secs = |t: Option<chrono::DateTime<chrono::Utc>>| t.map(|t| t.timestamp());
        let first = match self.occurrence(li, s.turn, secs(s.turn_start)) {
            Ok(t) => Some(t),
            Err((SwapStatus::OutsideWindow, _)) if s.kind == SwapKind::Swap => None,
            Err((status, why)) => return report(status, why),
        };
        let second = if s.kind == SwapKind::Swap {
            match self.occurrence(li, s.with_turn, secs(s.with_turn_start)) {
                Ok(t) => Some(t),
                Err((SwapStatus::OutsideWindow, why)) => {
                    if first.is_none() {
                        return report(SwapStatus::OutsideWindow, why);
                    }
                    None
                }
                Err((status, why)) => {
                    return report(status, format!("{to}'s occurrence: {why}", to = s.to))
                }
            }
        } else {
            None
        };
        let we = self.we;
        // A turn found in the window always ends after it starts, so the one-second floor
        // never applies (`start - 1` there is an equivalent mutant); it is only a guard.
        let full = |t: &TurnInfo| {
            let start = t.start.timestamp();
            (start, t.end.map_or(we, |e| e.timestamp()).max(start + 1))
        };
        let scope_a = first.as_ref().map(|t| {
            let f = full(t);
            match swap.within {
                Some((a, b)) => {
                    let (x, y) = (f.0.max(a), f.1.min(b));
                    // Either empty scope finds no piece (`<=` is an equivalent mutant).
                    if x < y {
                        (x, y)
                    } else {
                        (a, a)
                    }
                }
                None => f,
            }
        });
        if let (Some(t), Some(scope)) = (&first, scope_a) {
            if scope.0 >= scope.1 {
                return report(
                    SwapStatus::Orphaned,
                    format!("the requested part lies outside turn {}", t.number),
                );
            }
            if let Err((status, why)) = self.check_owner(li, t, scope, swap.from) {
                return report(status, why);
            }
        }
        if let Some(t) = &second {
            if let Err((status, why)) = self.check_owner(li, t, full(t), swap.to) {
                return report(status, format!("{}'s occurrence: {why}", s.to));
            }
        }
        let si = u32::try_from(si).unwrap_or(NONE);
        let mut done = Vec::new();
        if let (Some(t), Some(scope)) = (&first, scope_a) {
            let m = Move {
                swap: si,
                from: swap.from,
                to: swap.to,
            };
            self.reassign(li, t, scope, m);
            done.push(format!("{} takes {}'s turn {}", s.to, s.from, t.number));
        }
        if let Some(t) = &second {
            let m = Move {
                swap: si,
                from: swap.to,
                to: swap.from,
            };
            self.reassign(li, t, full(t), m);
            done.push(format!("{} takes {}'s turn {}", s.from, s.to, t.number));
        }
        if first.is_none() || (s.kind == SwapKind::Swap && second.is_none()) {
            done.push("the other occurrence lies outside the window".to_string());
        }
        report(SwapStatus::Applied, done.join("; "))
    }

    /// Puts every layer changed by swaps back together: live pieces plus the changed turns,
    /// sorted by start.
    pub(super) fn settle_swaps(&mut self) {
        for l in &mut self.layers {
            if l.patched.is_empty() {
                continue;
            }
            let patched = std::mem::take(&mut l.patched);
            // Emptied pieces go. (Keeping them, `<=`, is an equivalent mutant: time off drops an
            // empty piece, the sweep steps over it and assembly makes no shift of it.)
            l.works.retain(|w| w.start < w.end);
            l.works.extend(patched.into_values().flatten());
            l.works.sort_by_key(|w| (w.start, w.end));
        }
    }
}
