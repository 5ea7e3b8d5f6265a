//! Compiling a schedule over a window, in the order the anchors agree on:
//!
//! 1. expand each layer's rotation into pieces (turns clipped by restrictions and the layer's
//!    start/end);
//! 2. apply swaps and cover requests to the pieces of the occurrences they name (Grafana
//!    OnCall applies swaps before resolving priorities);
//! 3. apply the time-off policy (`skip`, `reassign`) to the pieces;
//! 4. stack the layers bottom to top (`precedence` hides what is below, `union` adds);
//! 5. apply overrides in creation order, so the last created wins;
//! 6. replace everything inside a temporary schedule's window by its shifts (GoAlert);
//! 7. add shadows.
//!
//! The window is cut at every boundary of every piece, override and temporary shift, so each
//! resulting segment has constant status; equal neighbours are merged.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Duration, Utc};

use super::compiled::{CompiledSchedule, Entry, Segment};
use super::interval::{merge, Interval};
use super::layer::{Layer, LayerExpansion, TurnInfo};
use super::model::{Override, Schedule};
use super::people::{free_parts, OffInterval};
use super::shift::{
    Handoff, MergedTurn, Notice, Reason, Shift, ShiftDst, SwapReport, SwapStatus, TimeOffConflict,
};
use super::spec::{Combine, OverrideKind, SwapKind, SwapSpec, TimeOffMode};
use super::{ScheduleError, MAX_SEGMENTS, MAX_WINDOW_DAYS};
use crate::time::{LocalAdjustment, Zone};

/// Where a stretch of on-call time comes from.
#[derive(Debug, Clone)]
struct Source {
    reason: Reason,
    key: String,
    zone: Zone,
    item: Interval,
    start_adj: LocalAdjustment,
    end_adj: LocalAdjustment,
    layer: Option<usize>,
}

/// A layer piece being worked on (after swaps and time off).
#[derive(Debug, Clone)]
struct Work {
    turn: u64,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    person: String,
    source: usize,
    member_index: usize,
}

impl Work {
    fn interval(&self) -> Interval {
        Interval {
            start: self.start,
            end: self.end,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct RawEntry {
    person: u32,
    source: u32,
    replaced: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct RawSegment {
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    on_call: Vec<RawEntry>,
    shadows: Vec<RawEntry>,
}

/// An override during the sweep: who it concerns and whether it ever changed anything.
struct ActiveOverride {
    kind: OverrideKind,
    person: u32,
    replaces: Option<String>,
    source: u32,
    changed: bool,
}

/// A swap's move of one occurrence from one person to another.
struct Move<'a> {
    from: &'a str,
    to: &'a str,
    reason: Reason,
    tag: &'a str,
}

struct Builder<'a> {
    sched: &'a Schedule,
    window: Interval,
    sources: Vec<Source>,
    /// `explain` of each source, filled on first use (parallel to `sources`).
    whys: Vec<Option<String>>,
    works: Vec<Vec<Work>>,
    turns: Vec<Vec<TurnInfo>>,
    merged: Vec<MergedTurn>,
    swaps: Vec<SwapReport>,
    notices: Vec<Notice>,
    off: HashMap<String, Vec<OffInterval>>,
    names: Vec<String>,
    ids: HashMap<String, u32>,
    members: BTreeSet<String>,
}

impl Schedule {
    /// Compiles the final timeline of `window`.
    ///
    /// The window may be at most [`MAX_WINDOW_DAYS`] long
    /// ([`ScheduleError::WindowTooLong`]); counting turns from a distant anchor is bounded by
    /// [`MAX_TURNS_WALKED`](super::MAX_TURNS_WALKED) ([`ScheduleError::AnchorTooFar`]); the
    /// timeline may have at most [`MAX_SEGMENTS`] segments ([`ScheduleError::LimitExceeded`]).
    pub fn compile(&self, window: Interval) -> Result<CompiledSchedule, ScheduleError> {
        let days = window.duration().num_days();
        if window.duration() > Duration::days(MAX_WINDOW_DAYS) {
            return Err(ScheduleError::WindowTooLong {
                days,
                max: MAX_WINDOW_DAYS,
            });
        }
        let mut b = Builder {
            sched: self,
            window,
            sources: Vec::new(),
            whys: Vec::new(),
            works: Vec::new(),
            turns: Vec::new(),
            merged: Vec::new(),
            swaps: Vec::new(),
            notices: Vec::new(),
            off: HashMap::new(),
            names: Vec::new(),
            ids: HashMap::new(),
            members: BTreeSet::new(),
        };
        for (li, layer) in self.layers.iter().enumerate() {
            let exp = layer.expand(window)?;
            b.add_layer(li, layer, exp);
        }
        for s in &self.swaps {
            let report = b.apply_swap(s);
            b.swaps.push(report);
        }
        b.apply_time_off()?;
        let segments = b.sweep()?;
        b.finish(segments)
    }
}

/// The reason in words.
pub(crate) fn explain(reason: &Reason, layers: &[Layer]) -> String {
    let label = |id: &str| -> String {
        layers.iter().find(|l| l.id == id).map_or_else(
            || id.to_string(),
            |l| format!("{} ({})", l.label(), l.cadence),
        )
    };
    match reason {
        Reason::Layer {
            layer,
            turn,
            member_index,
            roster_size,
            roster_change,
        } => {
            let shadow = layers.iter().any(|l| l.id == *layer && l.shadow);
            let mut s = format!(
                "{}layer {}, turn {turn}: member {} of {roster_size}",
                if shadow { "shadow " } else { "" },
                label(layer),
                member_index + 1
            );
            if let Some(c) = roster_change {
                s.push_str(&format!(" (members from roster change {c})"));
            }
            s
        }
        Reason::Swap {
            swap,
            swap_kind,
            layer,
            turn,
            instead_of,
        } => format!(
            "{} {swap}: takes {instead_of}'s turn {turn} of layer {}",
            match swap_kind {
                SwapKind::Cover => "cover",
                SwapKind::Swap => "swap",
            },
            label(layer)
        ),
        Reason::TimeOff {
            policy,
            layer,
            turn,
            instead_of,
            time_off,
        } => format!(
            "{instead_of} is off ({time_off}); the {} policy gives {} turn {turn} of layer {}",
            match policy {
                TimeOffMode::Skip => "skip",
                TimeOffMode::Reassign => "reassign",
                TimeOffMode::Flag => "flag",
            },
            match policy {
                TimeOffMode::Skip => "the next free member",
                _ => "the backup",
            },
            label(layer)
        ),
        Reason::Override {
            id,
            override_kind,
            note,
        } => {
            let kind = match override_kind {
                OverrideKind::Replace => "replace",
                OverrideKind::Add => "add",
                OverrideKind::Remove => "remove",
            };
            match note {
                Some(n) => format!("override {id} ({kind}): {n}"),
                None => format!("override {id} ({kind})"),
            }
        }
        Reason::Temporary { schedule, shift } => {
            format!("temporary schedule {schedule}, shift {}", shift + 1)
        }
        Reason::Shadowing { shadows } => format!("shadowing {shadows}"),
    }
}

fn first_dst(a: LocalAdjustment, b: LocalAdjustment) -> LocalAdjustment {
    if a.is_dst_affected() {
        a
    } else {
        b
    }
}

impl Builder<'_> {
    fn intern(&mut self, person: &str) -> u32 {
        if let Some(i) = self.ids.get(person) {
            return *i;
        }
        let i = self.names.len() as u32;
        self.names.push(person.to_string());
        self.ids.insert(person.to_string(), i);
        i
    }

    fn name(&self, person: u32) -> String {
        self.names.get(person as usize).cloned().unwrap_or_default()
    }

    fn push_source(&mut self, s: Source) -> usize {
        self.sources.push(s);
        self.sources.len() - 1
    }

    fn off_of(&mut self, person: &str) -> Result<&[OffInterval], ScheduleError> {
        if !self.off.contains_key(person) {
            // A margin so that pieces running past the window are judged whole.
            let span = Interval {
                start: self.window.start - Duration::days(MAX_WINDOW_DAYS.min(400)),
                end: self.window.end + Duration::days(400),
            };
            let list = self.sched.person(person).off_within(span)?;
            self.off.insert(person.to_string(), list);
        }
        Ok(self.off.get(person).map_or(&[], |v| v.as_slice()))
    }

    fn add_layer(&mut self, li: usize, layer: &Layer, exp: LayerExpansion) {
        let mut works = Vec::with_capacity(exp.pieces.len());
        for p in exp.pieces {
            let source = self.push_source(Source {
                reason: Reason::Layer {
                    layer: layer.id.clone(),
                    turn: p.turn,
                    member_index: p.member_index,
                    roster_size: p.roster_size,
                    roster_change: p.roster_change,
                },
                key: p.key,
                zone: layer.zone,
                item: Interval {
                    start: p.start,
                    end: p.end,
                },
                start_adj: p.start_adj,
                end_adj: p.end_adj,
                layer: Some(li),
            });
            works.push(Work {
                turn: p.turn,
                start: p.start,
                end: p.end,
                person: p.person,
                source,
                member_index: p.member_index,
            });
        }
        // Lint: empty rosters and members whose turns never have on-call time.
        let mut turns_of: HashMap<&str, u64> = HashMap::new();
        let mut empty = false;
        for t in &exp.turns {
            match layer.roster.member(t.number, t.start) {
                Some(a) => *turns_of.entry(a.person).or_default() += 1,
                None => empty = true,
            }
        }
        if !layer.shadow {
            self.members.extend(turns_of.keys().map(|p| p.to_string()));
        }
        if empty {
            self.notices.push(Notice::EmptyRotation {
                layer: layer.id.clone(),
            });
        }
        let size = exp
            .turns
            .first()
            .and_then(|t| layer.roster.member(t.number, t.start))
            .map_or(0, |a| a.roster_size);
        if !layer.shadow && size > 0 && exp.turns.len() >= size {
            let mut starved: Vec<(&str, u64)> = turns_of
                .iter()
                .filter(|(p, _)| !works.iter().any(|w| w.person == **p))
                .map(|(p, n)| (*p, *n))
                .collect();
            starved.sort();
            for (p, n) in starved {
                self.notices.push(Notice::StarvedMember {
                    layer: layer.id.clone(),
                    person: p.to_string(),
                    turns: n,
                });
            }
        }
        for m in exp.merged {
            self.merged.push(MergedTurn {
                layer: layer.id.clone(),
                turn: m.raw,
                at: m.at,
                local: m.local,
                adjustment: m.adjustment,
                member: m.member,
            });
        }
        self.works.push(works);
        self.turns.push(exp.turns);
    }

    /// Finds the occurrence a swap names, or says why it cannot.
    fn occurrence(
        &self,
        li: usize,
        turn: Option<u64>,
        at: Option<DateTime<Utc>>,
    ) -> Result<TurnInfo, (SwapStatus, String)> {
        let Some(layer) = self.sched.layers.get(li) else {
            return Err((
                SwapStatus::Orphaned,
                "the layer no longer exists".to_string(),
            ));
        };
        let turns = self.turns.get(li).map_or(&[][..], |v| v.as_slice());
        if let Some(k) = turn {
            if let Some(t) = turns.iter().find(|t| t.number == k) {
                return Ok(t.clone());
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
            if k > last && layer.end.is_some_and(|e| e <= self.window.end) {
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
        if let Some(info) = turns
            .iter()
            .find(|i| i.start <= t && i.end.is_none_or(|e| t < e))
        {
            return Ok(info.clone());
        }
        if !self.window.contains(t) {
            return Err((
                SwapStatus::OutsideWindow,
                format!("{} lies outside the window", crate::time::format_instant(t)),
            ));
        }
        Err((
            SwapStatus::Orphaned,
            format!(
                "no turn of layer {} contains {} any more (the rotation changed, or it falls in restricted time)",
                layer.id,
                crate::time::format_instant(t)
            ),
        ))
    }

    /// Checks that `from` holds occurrence `turn` within `scope`, and that no earlier swap
    /// changed it.
    fn check_owner(
        &self,
        li: usize,
        info: &TurnInfo,
        scope: Interval,
        from: &str,
    ) -> Result<(), (SwapStatus, String)> {
        let works: Vec<&Work> = self
            .works
            .get(li)
            .map_or(&[][..], |v| v.as_slice())
            .iter()
            .filter(|w| w.turn == info.number && w.interval().overlaps(&scope))
            .collect();
        if let Some(w) = works.iter().find(|w| {
            matches!(
                self.sources.get(w.source).map(|s| &s.reason),
                Some(Reason::Swap { .. })
            )
        }) {
            let by = match self.sources.get(w.source).map(|s| &s.reason) {
                Some(Reason::Swap { swap, .. }) => swap.clone(),
                _ => String::new(),
            };
            return Err((
                SwapStatus::Conflict,
                format!("turn {} was already changed by swap {by}", info.number),
            ));
        }
        if works.iter().any(|w| w.person == from) {
            return Ok(());
        }
        let owners: BTreeSet<&str> = works.iter().map(|w| w.person.as_str()).collect();
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

    /// Gives `from`'s time in `scope` of turn `info` to `to`.
    fn reassign(&mut self, li: usize, info: &TurnInfo, scope: Interval, m: Move<'_>) {
        let Move {
            from,
            to,
            reason,
            tag,
        } = m;
        let Some(slot) = self.works.get_mut(li) else {
            return;
        };
        let old = std::mem::take(slot);
        let mut out = Vec::with_capacity(old.len() + 2);
        for w in old {
            let hit = w.turn == info.number && w.person == from;
            let Some(mid) = w.interval().intersect(&scope).filter(|_| hit) else {
                out.push(w);
                continue;
            };
            if w.start < mid.start {
                out.push(Work {
                    end: mid.start,
                    ..w.clone()
                });
            }
            let Some(base) = self.sources.get(w.source).cloned() else {
                out.push(w);
                continue;
            };
            let source = self.push_source(Source {
                reason: reason.clone(),
                key: format!("{}/{tag}", base.key),
                item: mid,
                start_adj: if mid.start == base.item.start {
                    base.start_adj
                } else {
                    LocalAdjustment::None
                },
                end_adj: if mid.end == base.item.end {
                    base.end_adj
                } else {
                    LocalAdjustment::None
                },
                ..base
            });
            out.push(Work {
                start: mid.start,
                end: mid.end,
                person: to.to_string(),
                source,
                ..w.clone()
            });
            if mid.end < w.end {
                out.push(Work {
                    start: mid.end,
                    ..w
                });
            }
        }
        if let Some(slot) = self.works.get_mut(li) {
            *slot = out;
        }
    }

    fn apply_swap(&mut self, s: &SwapSpec) -> SwapReport {
        let report = |status, detail: String| SwapReport {
            id: s.id.clone(),
            status,
            detail,
        };
        let Some(li) = self.sched.layers.iter().position(|l| l.id == s.layer) else {
            return report(
                SwapStatus::Orphaned,
                format!("layer {:?} no longer exists", s.layer),
            );
        };
        let first = match self.occurrence(li, s.turn, s.turn_start) {
            Ok(t) => Some(t),
            Err((SwapStatus::OutsideWindow, _)) if s.kind == SwapKind::Swap => None,
            Err((status, why)) => return report(status, why),
        };
        let second = if s.kind == SwapKind::Swap {
            match self.occurrence(li, s.with_turn, s.with_turn_start) {
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
        let window_end = self.window.end;
        let full = |t: &TurnInfo| Interval {
            start: t.start,
            end: t
                .end
                .unwrap_or(window_end)
                .max(t.start + Duration::seconds(1)),
        };
        let scope_a = first.as_ref().map(|t| match s.within {
            Some(w) => full(t)
                .intersect(&Interval {
                    start: w.start,
                    end: w.end,
                })
                .unwrap_or(Interval {
                    start: w.start,
                    end: w.start,
                }),
            None => full(t),
        });
        if let (Some(t), Some(scope)) = (&first, scope_a) {
            if scope.start >= scope.end {
                return report(
                    SwapStatus::Orphaned,
                    format!("the requested part lies outside turn {}", t.number),
                );
            }
            if let Err((status, why)) = self.check_owner(li, t, scope, &s.from) {
                return report(status, why);
            }
        }
        if let Some(t) = &second {
            if let Err((status, why)) = self.check_owner(li, t, full(t), &s.to) {
                return report(status, format!("{}'s occurrence: {why}", s.to));
            }
        }
        let mut done = Vec::new();
        if let (Some(t), Some(scope)) = (&first, scope_a) {
            let reason = Reason::Swap {
                swap: s.id.clone(),
                swap_kind: s.kind,
                layer: s.layer.clone(),
                turn: t.number,
                instead_of: s.from.clone(),
            };
            let m = Move {
                from: &s.from,
                to: &s.to,
                reason,
                tag: &s.id,
            };
            self.reassign(li, t, scope, m);
            done.push(format!("{} takes {}'s turn {}", s.to, s.from, t.number));
        }
        if let Some(t) = &second {
            let reason = Reason::Swap {
                swap: s.id.clone(),
                swap_kind: s.kind,
                layer: s.layer.clone(),
                turn: t.number,
                instead_of: s.to.clone(),
            };
            let m = Move {
                from: &s.to,
                to: &s.from,
                reason,
                tag: &s.id,
            };
            self.reassign(li, t, full(t), m);
            done.push(format!("{} takes {}'s turn {}", s.from, s.to, t.number));
        }
        if first.is_none() || (s.kind == SwapKind::Swap && second.is_none()) {
            done.push("the other occurrence lies outside the window".to_string());
        }
        report(SwapStatus::Applied, done.join("; "))
    }

    /// Applies `skip` or `reassign` to the layers' pieces.
    fn apply_time_off(&mut self) -> Result<(), ScheduleError> {
        let mode = self.sched.policy.mode;
        if mode == TimeOffMode::Flag {
            return Ok(());
        }
        for li in 0..self.works.len() {
            let Some(layer) = self.sched.layers.get(li) else {
                continue;
            };
            if layer.shadow {
                continue;
            }
            let old = self
                .works
                .get_mut(li)
                .map(std::mem::take)
                .unwrap_or_default();
            let mut out = Vec::with_capacity(old.len());
            for w in old {
                let off: Vec<OffInterval> = self
                    .off_of(&w.person)?
                    .iter()
                    .filter(|o| o.interval.overlaps(&w.interval()))
                    .cloned()
                    .collect();
                if off.is_empty() {
                    out.push(w);
                    continue;
                }
                let candidates: Vec<String> = match mode {
                    TimeOffMode::Skip => {
                        let members = layer
                            .roster
                            .epochs()
                            .iter()
                            .rev()
                            .find(|e| {
                                e.from < w.turn
                                    || (e.from == w.turn && e.split.is_none_or(|s| s <= w.start))
                            })
                            .map(|e| e.members.clone())
                            .unwrap_or_default();
                        let n = members.len();
                        let mut seen = BTreeSet::new();
                        (1..n)
                            .filter_map(|s| members.get((w.member_index + s) % n))
                            .filter(|p| **p != w.person && seen.insert((*p).clone()))
                            .cloned()
                            .collect()
                    }
                    _ => self
                        .sched
                        .person(&w.person)
                        .backup
                        .or_else(|| self.sched.policy.backup.clone())
                        .filter(|b| *b != w.person)
                        .into_iter()
                        .collect(),
                };
                // Conflicting parts of the piece, each tagged with the first entry causing it.
                let mut todo: Vec<(Interval, String)> = merge(
                    off.iter()
                        .filter_map(|o| o.interval.intersect(&w.interval()))
                        .collect(),
                )
                .into_iter()
                .map(|iv| {
                    let name = off
                        .iter()
                        .find(|o| o.interval.overlaps(&iv))
                        .map_or_else(String::new, |o| o.name.clone());
                    (iv, name)
                })
                .collect();
                let mut given: Vec<(Interval, String, String)> = Vec::new();
                for cand in &candidates {
                    let cand_off = self.off_of(cand)?.to_vec();
                    let mut rest = Vec::new();
                    for (iv, name) in todo {
                        let free = free_parts(iv, &cand_off);
                        for f in &free {
                            given.push((*f, cand.clone(), name.clone()));
                        }
                        for r in super::interval::subtract(&[iv], &free) {
                            rest.push((r, name.clone()));
                        }
                    }
                    todo = rest;
                }
                given.sort_by_key(|(iv, _, _)| *iv);
                // Split the piece: given parts go to their cover, the rest stays (flagged later).
                let kept = super::interval::subtract(
                    &[w.interval()],
                    &given.iter().map(|(iv, _, _)| *iv).collect::<Vec<_>>(),
                );
                for k in kept {
                    out.push(Work {
                        start: k.start,
                        end: k.end,
                        ..w.clone()
                    });
                }
                for (iv, cand, name) in given {
                    let Some(base) = self.sources.get(w.source).cloned() else {
                        out.push(Work {
                            start: iv.start,
                            end: iv.end,
                            ..w.clone()
                        });
                        continue;
                    };
                    let source = self.push_source(Source {
                        reason: Reason::TimeOff {
                            policy: mode,
                            layer: layer.id.clone(),
                            turn: w.turn,
                            instead_of: w.person.clone(),
                            time_off: name,
                        },
                        key: format!("{}/off", base.key),
                        item: iv,
                        start_adj: if iv.start == base.item.start {
                            base.start_adj
                        } else {
                            LocalAdjustment::None
                        },
                        end_adj: if iv.end == base.item.end {
                            base.end_adj
                        } else {
                            LocalAdjustment::None
                        },
                        ..base
                    });
                    out.push(Work {
                        start: iv.start,
                        end: iv.end,
                        person: cand,
                        source,
                        ..w.clone()
                    });
                }
            }
            out.sort_by_key(|w| (w.start, w.end));
            if let Some(slot) = self.works.get_mut(li) {
                *slot = out;
            }
        }
        Ok(())
    }

    /// Cuts the window at every boundary and computes each segment's status.
    fn sweep(&mut self) -> Result<Vec<RawSegment>, ScheduleError> {
        let w = self.window;
        let clip = |t: DateTime<Utc>| t.max(w.start).min(w.end);
        let mut bounds: Vec<DateTime<Utc>> = vec![w.start, w.end];
        for list in &self.works {
            for x in list.iter().filter(|x| x.interval().overlaps(&w)) {
                bounds.push(clip(x.start));
                bounds.push(clip(x.end));
            }
        }
        let ovs: Vec<&Override> = self
            .sched
            .overrides
            .iter()
            .filter(|o| o.interval.overlaps(&w))
            .collect();
        for o in &ovs {
            bounds.push(clip(o.interval.start));
            bounds.push(clip(o.interval.end));
        }
        for t in self
            .sched
            .temporaries
            .iter()
            .filter(|t| t.interval.overlaps(&w))
        {
            bounds.push(clip(t.interval.start));
            bounds.push(clip(t.interval.end));
            for (_, iv) in &t.shifts {
                bounds.push(clip(iv.start.max(t.interval.start)));
                bounds.push(clip(iv.end.min(t.interval.end)));
            }
        }
        for s in &self.sched.shadows {
            bounds.extend(s.start.map(clip));
            bounds.extend(s.end.map(clip));
        }
        bounds.sort_unstable();
        bounds.dedup();
        if bounds.len() > MAX_SEGMENTS {
            return Err(ScheduleError::limit(
                "timeline segments",
                bounds.len(),
                MAX_SEGMENTS,
                "compile a shorter window",
            ));
        }

        // Sources for overrides, temporary shifts and shadow people.
        let ov_sources: Vec<usize> = ovs
            .iter()
            .map(|o| {
                self.push_source(Source {
                    reason: Reason::Override {
                        id: o.id.clone(),
                        override_kind: o.kind,
                        note: o.note.clone(),
                    },
                    key: format!("override/{}", o.id),
                    zone: self.sched.zone(),
                    item: o.interval,
                    start_adj: LocalAdjustment::None,
                    end_adj: LocalAdjustment::None,
                    layer: None,
                })
            })
            .collect();
        let mut ov_state: Vec<ActiveOverride> = Vec::with_capacity(ovs.len());
        for (o, source) in ovs.iter().zip(&ov_sources) {
            ov_state.push(ActiveOverride {
                kind: o.kind,
                person: self.intern(&o.person),
                replaces: o.replaces.clone(),
                source: *source as u32,
                changed: false,
            });
        }
        let mut temps = Vec::new();
        for t in self
            .sched
            .temporaries
            .iter()
            .filter(|t| t.interval.overlaps(&w))
        {
            let mut shifts = Vec::new();
            for (i, (person, iv)) in t.shifts.iter().enumerate() {
                let Some(iv) = iv.intersect(&t.interval) else {
                    continue;
                };
                let source = self.push_source(Source {
                    reason: Reason::Temporary {
                        schedule: t.id.clone(),
                        shift: i,
                    },
                    key: format!("temporary/{}/{i}", t.id),
                    zone: self.sched.zone(),
                    item: iv,
                    start_adj: LocalAdjustment::None,
                    end_adj: LocalAdjustment::None,
                    layer: None,
                });
                let pid = self.intern(person);
                shifts.push((pid, iv, source));
            }
            temps.push((t.interval, shifts));
        }
        let mut shadow_people = Vec::new();
        for s in &self.sched.shadows {
            let item = Interval {
                start: s.start.unwrap_or(w.start).max(w.start),
                end: s.end.unwrap_or(w.end).min(w.end),
            };
            if item.start >= item.end {
                continue;
            }
            let source = self.push_source(Source {
                reason: Reason::Shadowing {
                    shadows: s.shadows.clone(),
                },
                key: format!("shadow/{}", s.shadows),
                zone: self.sched.zone(),
                item,
                start_adj: LocalAdjustment::None,
                end_adj: LocalAdjustment::None,
                layer: None,
            });
            let pid = self.intern(&s.person);
            let target = self.intern(&s.shadows);
            shadow_people.push((pid, target, item, source));
        }
        let names: Vec<Vec<String>> = self
            .works
            .iter()
            .map(|list| list.iter().map(|x| x.person.clone()).collect())
            .collect();
        let work_people: Vec<Vec<u32>> = names
            .iter()
            .map(|list| list.iter().map(|n| self.intern(n)).collect())
            .collect();

        let layers = &self.sched.layers;
        let mut ptr = vec![0usize; self.works.len()];
        let mut starts: Vec<(DateTime<Utc>, usize)> = ovs
            .iter()
            .enumerate()
            .map(|(i, o)| (o.interval.start, i))
            .collect();
        starts.sort();
        let mut ends: Vec<(DateTime<Utc>, usize)> = ovs
            .iter()
            .enumerate()
            .map(|(i, o)| (o.interval.end, i))
            .collect();
        ends.sort();
        let (mut sp, mut ep) = (0, 0);
        let mut active: BTreeSet<usize> = BTreeSet::new();
        let mut out: Vec<RawSegment> = Vec::with_capacity(bounds.len());
        for pair in bounds.windows(2) {
            let [s, e] = pair else { continue };
            let (s, e) = (*s, *e);
            while let Some((_, i)) = starts.get(sp).copied().filter(|(t, _)| *t <= s) {
                active.insert(i);
                sp += 1;
            }
            while let Some((_, i)) = ends.get(ep).copied().filter(|(t, _)| *t <= s) {
                active.remove(&i);
                ep += 1;
            }
            // Active piece of each layer.
            let at_layer: Vec<Option<usize>> = ptr
                .iter_mut()
                .zip(&self.works)
                .map(|(p, list)| {
                    while list.get(*p).is_some_and(|x| x.end <= s) {
                        *p += 1;
                    }
                    list.get(*p)
                        .is_some_and(|x| x.start <= s && s < x.end)
                        .then_some(*p)
                })
                .collect();
            let temp = temps.iter().find(|(iv, _)| iv.contains(s));
            let mut on_call: Vec<RawEntry> = Vec::new();
            let mut shadows: Vec<RawEntry> = Vec::new();
            if let Some((_, shifts)) = temp {
                for (pid, iv, source) in shifts {
                    if iv.contains(s) && !on_call.iter().any(|x| x.person == *pid) {
                        on_call.push(RawEntry {
                            person: *pid,
                            source: *source as u32,
                            replaced: Vec::new(),
                        });
                    }
                }
            } else {
                for (li, layer) in layers.iter().enumerate() {
                    let Some(pi) = at_layer.get(li).copied().flatten() else {
                        continue;
                    };
                    let x = self.works.get(li).and_then(|l| l.get(pi));
                    let pid = work_people.get(li).and_then(|l| l.get(pi));
                    let (Some(x), Some(pid)) = (x, pid) else {
                        continue;
                    };
                    let entry = RawEntry {
                        person: *pid,
                        source: x.source as u32,
                        replaced: Vec::new(),
                    };
                    if layer.shadow {
                        shadows.retain(|y| y.person != *pid);
                        shadows.push(entry);
                        continue;
                    }
                    match layer.combine {
                        Combine::Precedence => on_call = vec![entry],
                        Combine::Union => {
                            on_call.retain(|y| y.person != *pid);
                            on_call.push(entry);
                        }
                    }
                }
                for &oi in &active {
                    let Some(ov) = ov_state.get_mut(oi) else {
                        continue;
                    };
                    let before = on_call.clone();
                    apply_override(&mut on_call, ov, &self.names, &self.ids);
                    if on_call != before {
                        ov.changed = true;
                    }
                }
            }
            for (pid, target, item, source) in &shadow_people {
                if item.contains(s)
                    && on_call.iter().any(|x| x.person == *target)
                    && !shadows.iter().any(|x| x.person == *pid)
                {
                    shadows.push(RawEntry {
                        person: *pid,
                        source: *source as u32,
                        replaced: Vec::new(),
                    });
                }
            }
            let same = out.last().is_some_and(|last: &RawSegment| {
                last.end == s && last.on_call == on_call && last.shadows == shadows
            });
            match out.last_mut() {
                Some(last) if same => last.end = e,
                _ => out.push(RawSegment {
                    start: s,
                    end: e,
                    on_call,
                    shadows,
                }),
            }
        }
        for (o, state) in ovs.iter().zip(&ov_state) {
            if !state.changed {
                self.notices
                    .push(Notice::OverrideHadNoEffect { id: o.id.clone() });
            }
        }
        Ok(out)
    }

    fn finish(mut self, raw: Vec<RawSegment>) -> Result<CompiledSchedule, ScheduleError> {
        let w = self.window;
        // Shifts: maximal runs of (person, source).
        #[derive(Clone)]
        struct Run {
            person: u32,
            source: u32,
            start: DateTime<Utc>,
            end: DateTime<Utc>,
            shadow: bool,
        }
        let mut runs: Vec<Run> = Vec::new();
        let mut open: HashMap<(u32, u32, bool), (usize, usize)> = HashMap::new();
        let mut seg_runs: Vec<(Vec<usize>, Vec<usize>)> = Vec::with_capacity(raw.len());
        for (si, seg) in raw.iter().enumerate() {
            let mut ids = (Vec::new(), Vec::new());
            for (shadow, list) in [(false, &seg.on_call), (true, &seg.shadows)] {
                for e in list {
                    let key = (e.person, e.source, shadow);
                    let idx = match open.get(&key) {
                        Some((ri, last)) if *last + 1 == si => {
                            if let Some(r) = runs.get_mut(*ri) {
                                r.end = seg.end;
                            }
                            *ri
                        }
                        _ => {
                            runs.push(Run {
                                person: e.person,
                                source: e.source,
                                start: seg.start,
                                end: seg.end,
                                shadow,
                            });
                            runs.len() - 1
                        }
                    };
                    open.insert(key, (idx, si));
                    if shadow {
                        ids.1.push(idx);
                    } else {
                        ids.0.push(idx);
                    }
                }
            }
            seg_runs.push(ids);
        }
        // Order runs by start, then person, and number them per list.
        let mut order: Vec<(DateTime<Utc>, String, DateTime<Utc>, usize)> = runs
            .iter()
            .enumerate()
            .map(|(i, r)| (r.start, self.name(r.person), r.end, i))
            .collect();
        order.sort();
        let mut slot = vec![0u32; runs.len()];
        let mut shifts = Vec::new();
        let mut shadow_shifts = Vec::new();
        for (start, person, end, ri) in order {
            let Some(r) = runs.get(ri) else { continue };
            let shift = self.make_shift(&person, r.source as usize, start, end, r.shadow)?;
            let list = if r.shadow {
                &mut shadow_shifts
            } else {
                &mut shifts
            };
            if let Some(x) = slot.get_mut(ri) {
                *x = list.len() as u32;
            }
            list.push(shift);
        }
        let segments: Vec<Segment> = raw
            .iter()
            .zip(&seg_runs)
            .map(|(seg, (on, sh))| Segment {
                start: seg.start,
                end: seg.end,
                on_call: seg
                    .on_call
                    .iter()
                    .zip(on)
                    .map(|(e, ri)| Entry {
                        shift: slot.get(*ri).copied().unwrap_or_default(),
                        replaced: e.replaced.clone(),
                    })
                    .collect(),
                shadows: sh
                    .iter()
                    .map(|ri| Entry {
                        shift: slot.get(*ri).copied().unwrap_or_default(),
                        replaced: Vec::new(),
                    })
                    .collect(),
            })
            .collect();

        let handoffs = self.handoffs(&raw);
        let gaps = merge(
            raw.iter()
                .filter(|s| s.on_call.is_empty())
                .map(|s| Interval {
                    start: s.start,
                    end: s.end,
                })
                .collect(),
        );
        let mut conflicts = Vec::new();
        for s in &shifts {
            let off = self.off_of(&s.person)?.to_vec();
            for o in off {
                if let Some(iv) = o.interval.intersect(&s.interval()) {
                    conflicts.push(TimeOffConflict {
                        person: s.person.clone(),
                        start: iv.start,
                        end: iv.end,
                        time_off: o.name.clone(),
                        shift_uid: s.uid.clone(),
                        why: s.why.clone(),
                    });
                }
            }
        }
        let mut layer_shifts = Vec::new();
        for (li, layer) in self.sched.layers.iter().enumerate() {
            let mut list = Vec::new();
            let works = self.works.get(li).cloned().unwrap_or_default();
            for x in &works {
                let Some(iv) = x.interval().intersect(&w) else {
                    continue;
                };
                list.push(self.make_shift(&x.person, x.source, iv.start, iv.end, layer.shadow)?);
            }
            layer_shifts.push((layer.id.clone(), list));
        }
        let longest = shifts
            .iter()
            .chain(&shadow_shifts)
            .map(|s| s.end - s.start)
            .max()
            .unwrap_or_else(Duration::zero);
        self.merged
            .sort_by(|a, b| (a.at, &a.layer).cmp(&(b.at, &b.layer)));
        Ok(CompiledSchedule {
            id: self.sched.id().to_string(),
            name: self.sched.spec().name.clone(),
            zone: self.sched.zone(),
            window: w,
            segments,
            shifts,
            shadow_shifts,
            layer_shifts,
            handoffs,
            gaps,
            merged_turns: self.merged,
            swaps: self.swaps,
            time_off_conflicts: conflicts,
            notices: self.notices,
            people: self.sched.people.clone(),
            all_people: self.sched.people(),
            members: self.members.into_iter().collect(),
            longest_shift: longest,
        })
    }

    fn make_shift(
        &mut self,
        person: &str,
        source: usize,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        shadow: bool,
    ) -> Result<Shift, ScheduleError> {
        let iv = Interval { start, end };
        let time_off = if shadow {
            Vec::new()
        } else {
            let mut names: Vec<String> = self
                .off_of(person)?
                .iter()
                .filter(|o| o.interval.overlaps(&iv))
                .map(|o| o.name.clone())
                .collect();
            names.dedup();
            names
        };
        let why = self.why(source)?;
        let w = self.window;
        let src = self.sources.get(source).ok_or_else(|| {
            ScheduleError::limit("sources", source, self.sources.len(), "internal")
        })?;
        let truncated_start = start == w.start && src.item.start < w.start;
        let truncated_end = end == w.end && src.item.end > w.end;
        let mut uid = format!("{}/{}/{person}", self.sched.id(), src.key);
        if start != src.item.start && !truncated_start {
            uid.push_str(&format!("@{}", start.timestamp()));
        }
        let start_adj =
            (start == src.item.start && src.start_adj.is_dst_affected()).then_some(src.start_adj);
        let end_adj = (end == src.item.end && src.end_adj.is_dst_affected()).then_some(src.end_adj);
        let last = (end - Duration::seconds(1)).max(start);
        let change = src.zone.offset_at(last).local_minus_utc()
            - src.zone.offset_at(start).local_minus_utc();
        let dst = (start_adj.is_some() || end_adj.is_some() || change != 0).then_some(ShiftDst {
            zone: src.zone,
            start: start_adj,
            end: end_adj,
            offset_change_minutes: change / 60,
        });
        Ok(Shift {
            uid,
            person: person.to_string(),
            start,
            end,
            hours: iv.hours(),
            why,
            layer: src
                .layer
                .and_then(|l| self.sched.layers.get(l))
                .map(|l| l.id.clone()),
            reason: src.reason.clone(),
            zone: src.zone,
            local_start: src.zone.to_local(start),
            local_end: src.zone.to_local(end),
            shadow,
            dst,
            truncated_start,
            truncated_end,
            time_off,
        })
    }

    /// The explanation of a source, written once however many shifts it is split into.
    fn why(&mut self, source: usize) -> Result<String, ScheduleError> {
        if self.whys.len() < self.sources.len() {
            self.whys.resize(self.sources.len(), None);
        }
        if let Some(Some(why)) = self.whys.get(source) {
            return Ok(why.clone());
        }
        let src = self.sources.get(source).ok_or_else(|| {
            ScheduleError::limit("sources", source, self.sources.len(), "internal")
        })?;
        let why = explain(&src.reason, &self.sched.layers);
        if let Some(slot) = self.whys.get_mut(source) {
            *slot = Some(why.clone());
        }
        Ok(why)
    }

    fn handoffs(&self, raw: &[RawSegment]) -> Vec<Handoff> {
        let mut out = Vec::new();
        let people = |seg: &RawSegment| -> Vec<String> {
            let mut v: Vec<String> = seg.on_call.iter().map(|e| self.name(e.person)).collect();
            v.sort();
            v.dedup();
            v
        };
        for pair in raw.windows(2) {
            let [a, b] = pair else { continue };
            let (from, to) = (people(a), people(b));
            if from == to {
                continue;
            }
            let at = b.start;
            let mut layers = BTreeSet::new();
            let mut dst = LocalAdjustment::None;
            for e in &a.on_call {
                if let Some(s) = self.sources.get(e.source as usize) {
                    if s.item.end == at {
                        if let Some(l) = s.layer.and_then(|l| self.sched.layers.get(l)) {
                            layers.insert(l.id.clone());
                        }
                        dst = first_dst(dst, s.end_adj);
                    }
                }
            }
            for e in &b.on_call {
                if let Some(s) = self.sources.get(e.source as usize) {
                    if s.item.start == at {
                        if let Some(l) = s.layer.and_then(|l| self.sched.layers.get(l)) {
                            layers.insert(l.id.clone());
                        }
                        dst = first_dst(dst, s.start_adj);
                    }
                }
            }
            out.push(Handoff {
                at,
                from,
                to,
                layers: layers.into_iter().collect(),
                dst: dst.is_dst_affected().then_some(dst),
            });
        }
        out
    }
}

/// Applies one override to the set of people on call.
fn apply_override(
    on_call: &mut Vec<RawEntry>,
    ov: &ActiveOverride,
    names: &[String],
    ids: &HashMap<String, u32>,
) {
    let (kind, person, source) = (ov.kind, ov.person, ov.source);
    let replaces = ov.replaces.as_deref();
    let name = |p: u32| names.get(p as usize).cloned().unwrap_or_default();
    match (kind, replaces) {
        (OverrideKind::Replace, None) => {
            let replaced: Vec<String> = on_call
                .iter()
                .filter(|e| e.person != person)
                .map(|e| name(e.person))
                .collect();
            *on_call = vec![RawEntry {
                person,
                source,
                replaced,
            }];
        }
        (OverrideKind::Replace, Some(who)) => {
            let Some(target) = ids.get(who) else { return };
            let Some(pos) = on_call.iter().position(|e| e.person == *target) else {
                return;
            };
            on_call.remove(pos);
            on_call.retain(|e| e.person != person);
            on_call.insert(
                pos.min(on_call.len()),
                RawEntry {
                    person,
                    source,
                    replaced: vec![who.to_string()],
                },
            );
        }
        (OverrideKind::Add, _) => match on_call.iter_mut().find(|e| e.person == person) {
            Some(e) => {
                e.source = source;
                e.replaced.clear();
            }
            None => on_call.push(RawEntry {
                person,
                source,
                replaced: Vec::new(),
            }),
        },
        (OverrideKind::Remove, _) => on_call.retain(|e| e.person != person),
    }
}
