//! Layers: a rotation's turns, clipped by restrictions and the layer's start and end.
//!
//! A layer walks its handoffs in order. Each pair of consecutive handoffs is a *raw turn*.
//! With `clock` turn counting, raw turn `k` is turn number `k`. With `active_time`, only raw
//! turns that contain active time (inside a restriction window and inside the layer's
//! start/end) are numbered, so a turn that falls entirely in restricted time consumes no
//! member. The member of a numbered turn comes from the [`Roster`]. The active parts of a turn
//! are its *pieces*: the layer's shifts before swaps, time off, other layers and overrides.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};

use super::handoff::{Handoff, HandoffRule, HandoffWalker};
use super::interval::Interval;
use super::names::Handle;
use super::restriction::{Restrictions, SpanCache};
use super::roster::{Roster, TurnRef, MAX_MEMBERS, MAX_ROSTER_CHANGES};
use super::spec::{CadenceUnit, Combine, LayerSpec, TurnCounting};
use super::text::{check_id, whole_seconds};
use super::{ScheduleError, MAX_TURNS_WALKED};
use crate::time::{Disambiguation, LocalAdjustment, Zone};

/// A validated layer.
#[derive(Debug, Clone)]
pub(crate) struct Layer {
    pub id: String,
    pub name: Option<String>,
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
    pub combine: Combine,
    pub shadow: bool,
    pub zone: Zone,
    pub policy: Disambiguation,
    pub counting: TurnCounting,
    pub rule: HandoffRule,
    pub restrictions: Restrictions,
    pub roster: Roster,
    pub cadence: String,
}

/// One active part of a turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Part {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub start_adj: LocalAdjustment,
    pub end_adj: LocalAdjustment,
}

/// A turn as the walk sees it.
#[derive(Debug, Clone)]
pub(crate) struct WalkTurn<'a> {
    pub number: Option<u64>,
    pub start: Handoff,
    pub end: Option<Handoff>,
    pub parts: Option<&'a [Part]>,
}

/// One piece of a layer: a member on call for an active part of a numbered turn.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LayerPiece {
    pub turn: u64,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// The member's handle in the schedule's people table.
    pub person: Handle,
    pub member_index: usize,
    pub roster_size: usize,
    pub roster_change: Option<usize>,
    pub start_adj: LocalAdjustment,
    pub end_adj: LocalAdjustment,
    /// The piece does not start at its turn's start: its stable identity is
    /// `layer/turn@YYYYMMDDTHHMMSS` (local start) rather than `layer/turn`.
    pub split: bool,
}

/// A numbered turn that overlaps the expansion window.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TurnInfo {
    pub number: u64,
    pub start: DateTime<Utc>,
    pub end: Option<DateTime<Utc>>,
    pub pieces: std::ops::Range<usize>,
}

/// A turn that DST squeezed to zero length.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MergedTurn {
    pub raw: u64,
    pub at: DateTime<Utc>,
    pub local: NaiveDateTime,
    pub adjustment: LocalAdjustment,
    pub member: Option<String>,
}

/// A layer expanded over a window.
#[derive(Debug, Clone, Default)]
pub(crate) struct LayerExpansion {
    pub pieces: Vec<LayerPiece>,
    pub turns: Vec<TurnInfo>,
    pub merged: Vec<MergedTurn>,
}

fn first_dst(adjs: &[Option<LocalAdjustment>]) -> LocalAdjustment {
    adjs.iter()
        .flatten()
        .copied()
        .find(LocalAdjustment::is_dst_affected)
        .unwrap_or(LocalAdjustment::None)
}

impl Layer {
    /// Validates a layer. Roster changes are placed among the turns here, which may walk
    /// the rotation from its anchor (bounded by [`MAX_TURNS_WALKED`]).
    pub(crate) fn new(spec: &LayerSpec, schedule_zone: Zone) -> Result<Layer, ScheduleError> {
        check_id("layer", &spec.id)?;
        let zone = spec.zone.unwrap_or(schedule_zone);
        let (rule, zone) = HandoffRule::from_spec(
            &spec.id,
            &spec.rotation.handoff,
            spec.rotation.anchor.as_deref(),
            zone,
            spec.zone.is_some(),
        )?;
        if let (Some(s), Some(e)) = (spec.start, spec.end) {
            Interval::checked(s, e, &format!("layer {:?}", spec.id))?;
        }
        for (what, t) in [("start", spec.start), ("end", spec.end)] {
            if let Some(t) = t {
                whole_seconds(|| format!("layer {:?} {what}", spec.id), t)?;
            }
        }
        let rot = &spec.rotation;
        if rot.members.len() > MAX_MEMBERS {
            return Err(ScheduleError::limit(
                "members in one rotation",
                rot.members.len(),
                MAX_MEMBERS,
                "split the rotation into several layers",
            ));
        }
        if rot.roster_changes.len() > MAX_ROSTER_CHANGES {
            return Err(ScheduleError::limit(
                "roster changes in one layer",
                rot.roster_changes.len(),
                MAX_ROSTER_CHANGES,
                "fold old changes into the base member list and move the anchor",
            ));
        }
        for c in &rot.roster_changes {
            whole_seconds(
                || format!("layer {:?}: roster change effective", spec.id),
                c.effective,
            )?;
            if c.members.len() > MAX_MEMBERS {
                return Err(ScheduleError::InvalidRosterChange {
                    layer: spec.id.clone(),
                    reason: format!(
                        "the change at {} lists {} members; the limit is {MAX_MEMBERS}",
                        c.effective,
                        c.members.len()
                    ),
                });
            }
        }
        let restrictions =
            super::restriction::Restrictions::from_spec(&spec.id, &spec.restrictions)?;
        let cadence = describe(&spec.rotation.handoff);
        let mut layer = Layer {
            id: spec.id.clone(),
            name: spec.name.clone(),
            start: spec.start,
            end: spec.end,
            combine: spec.combine,
            shadow: spec.shadow,
            zone,
            policy: rot.dst,
            counting: rot.turn_counting,
            rule,
            restrictions,
            roster: Roster::new(rot.members.clone(), rot.offset),
            cadence,
        };
        let mut changes: Vec<(usize, &super::spec::RosterChangeSpec)> =
            rot.roster_changes.iter().enumerate().collect();
        changes.sort_by_key(|(i, c)| (c.effective, *i));
        let times: Vec<DateTime<Utc>> = changes.iter().map(|(_, c)| c.effective).collect();
        let refs = layer.turn_refs(&times)?;
        for ((i, c), r) in changes.into_iter().zip(refs) {
            layer.roster.apply(i, c, r);
        }
        Ok(layer)
    }

    /// The display name, or the id.
    pub(crate) fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }

    /// Whether turn numbers can only be found by walking from the anchor.
    fn full_walk(&self) -> bool {
        !self.rule.seekable() || self.counting == TurnCounting::ActiveTime
    }

    /// The active parts of the turn `[start, end)` (an open turn runs to `horizon`), into
    /// `out` (cleared first).
    fn parts(
        &self,
        start: &Handoff,
        end: Option<&Handoff>,
        horizon: DateTime<Utc>,
        cache: Option<&SpanCache>,
        out: &mut Vec<Part>,
    ) -> Result<(), ScheduleError> {
        out.clear();
        let t0 = start.instant;
        let t1 = end.map_or(horizon.max(t0), |e| e.instant);
        let lo = self.start.map_or(t0, |s| s.max(t0));
        let hi = self.end.map_or(t1, |e| e.min(t1));
        if lo >= hi {
            return Ok(());
        }
        let end_adj = |e: DateTime<Utc>| end.filter(|h| h.instant == e).map(|h| h.adjustment);
        if self.restrictions.is_unrestricted() {
            out.push(Part {
                start: lo,
                end: hi,
                start_adj: first_dst(&[(lo == t0).then_some(start.adjustment)]),
                end_adj: first_dst(&[end_adj(hi)]),
            });
            return Ok(());
        }
        let spans = self
            .restrictions
            .active_cached(cache, self.zone, self.policy, t0, t1)?;
        for span in spans {
            let s = span.start.max(lo);
            let e = span.end.min(hi);
            if s >= e {
                continue;
            }
            out.push(Part {
                start: s,
                end: e,
                start_adj: first_dst(&[
                    (s == t0).then_some(start.adjustment),
                    (s == span.start).then_some(span.start_adj),
                ]),
                end_adj: first_dst(&[end_adj(e), (e == span.end).then_some(span.end_adj)]),
            });
        }
        Ok(())
    }

    /// Walks the turns in order, from near `hint` (or from the anchor when turn numbers need
    /// it) until a turn starts at or after `until`. Active parts are computed for turns that
    /// overlap `interest`, and for every turn under `active_time` counting.
    pub(crate) fn walk(
        &self,
        hint: Option<DateTime<Utc>>,
        until: DateTime<Utc>,
        interest: Option<Interval>,
        cache: Option<&SpanCache>,
        mut visit: impl FnMut(&WalkTurn<'_>) -> Result<(), ScheduleError>,
    ) -> Result<(), ScheduleError> {
        let mut buf: Vec<Part> = Vec::new();
        let from_k = match (self.full_walk(), hint) {
            (false, Some(h)) => {
                let local = self.zone.to_local(h) - Duration::days(2);
                self.rule
                    .index_at_or_before(local)?
                    .map_or(0, |k| k.saturating_sub(1))
            }
            _ => 0,
        };
        let mut handoffs = HandoffWalker::new(
            &self.id,
            &self.rule,
            self.zone,
            self.policy,
            from_k,
            MAX_TURNS_WALKED,
        );
        let mut current = handoffs.next_handoff()?;
        let mut active_count: u64 = 0;
        // A turn squeezed to nothing hands its DST adjustment to the turn that absorbs it.
        let mut carry: Option<LocalAdjustment> = None;
        while let Some(mut start) = current {
            if let Some(adj) = carry.take() {
                if !start.adjustment.is_dst_affected() {
                    start.adjustment = adj;
                }
            }
            if start.instant >= until || self.end.is_some_and(|e| start.instant >= e) {
                break;
            }
            let end = handoffs.next_handoff()?;
            let zero = end.is_some_and(|e| e.instant == start.instant);
            if zero && start.adjustment.is_dst_affected() {
                carry = Some(start.adjustment);
            }
            // Both tests save work only: `expand` skips turns outside its window itself, and a
            // turn squeezed to nothing has no parts, so computing parts anyway changes no answer.
            let overlaps = interest
                .is_some_and(|w| start.instant < w.end && end.is_none_or(|e| e.instant > w.start));
            let parts = if !zero && (self.counting == TurnCounting::ActiveTime || overlaps) {
                self.parts(&start, end.as_ref(), until, cache, &mut buf)?;
                Some(buf.as_slice())
            } else {
                None
            };
            let number = match self.counting {
                TurnCounting::Clock => Some(start.index),
                TurnCounting::ActiveTime => match &parts {
                    Some(p) if !p.is_empty() => {
                        active_count += 1;
                        Some(active_count - 1)
                    }
                    _ => None,
                },
            };
            visit(&WalkTurn {
                number,
                start,
                end,
                parts,
            })?;
            current = end;
        }
        Ok(())
    }

    /// For each instant (sorted), the last numbered turn starting at or before it.
    pub(crate) fn turn_refs(
        &self,
        times: &[DateTime<Utc>],
    ) -> Result<Vec<Option<TurnRef>>, ScheduleError> {
        let mut out = Vec::with_capacity(times.len());
        if times.is_empty() {
            return Ok(out);
        }
        let groups: Vec<&[DateTime<Utc>]> = if self.full_walk() {
            vec![times]
        } else {
            times.chunks(1).collect()
        };
        for group in groups {
            let (Some(first), Some(last)) = (group.first(), group.last()) else {
                continue;
            };
            let mut last_turn: Option<(u64, DateTime<Utc>, Option<DateTime<Utc>>)> = None;
            let mut i = 0;
            let mut found: Vec<Option<TurnRef>> = Vec::with_capacity(group.len());
            let until = *last + Duration::seconds(1);
            let as_ref =
                |t: DateTime<Utc>, lt: Option<(u64, DateTime<Utc>, Option<DateTime<Utc>>)>| {
                    lt.map(|(number, start, end)| TurnRef {
                        number,
                        start,
                        contains: end.is_none_or(|e| t < e),
                    })
                };
            self.walk(Some(*first), until, None, None, |turn| {
                while let Some(t) = group.get(i) {
                    if *t < turn.start.instant {
                        found.push(as_ref(*t, last_turn));
                        i += 1;
                    } else {
                        break;
                    }
                }
                if let Some(n) = turn.number {
                    last_turn = Some((n, turn.start.instant, turn.end.map(|e| e.instant)));
                }
                Ok(())
            })?;
            while let Some(t) = group.get(i) {
                found.push(as_ref(*t, last_turn));
                i += 1;
            }
            out.extend(found);
        }
        Ok(out)
    }

    /// The layer's turns and pieces overlapping `window` (pieces are not clipped to it).
    /// More than `budget` pieces is [`ScheduleError::LimitExceeded`] (see
    /// [`MAX_PIECES`](super::MAX_PIECES)), found as soon as it happens.
    pub(crate) fn expand(
        &self,
        window: Interval,
        budget: usize,
    ) -> Result<LayerExpansion, ScheduleError> {
        let mut out = LayerExpansion::default();
        // Restriction windows are resolved once for the whole expansion (with a margin for
        // the turns that overlap its ends); longer turns fall back to resolving their own.
        let margin = Duration::days(8);
        let cache = self.restrictions.cache(
            self.zone,
            self.policy,
            window.start - margin,
            window.end + margin,
        )?;
        self.walk(
            Some(window.start),
            window.end,
            Some(window),
            cache.as_ref(),
            |t| {
                let overlaps =
                    t.start.instant < window.end && t.end.is_none_or(|e| e.instant > window.start);
                if !overlaps {
                    return Ok(());
                }
                if t.end.is_some_and(|e| e.instant == t.start.instant) {
                    if window.contains(t.start.instant) {
                        let member = match self.counting {
                            TurnCounting::Clock => self
                                .roster
                                .member(t.start.index, t.start.instant)
                                .map(|a| a.person.to_string()),
                            TurnCounting::ActiveTime => None,
                        };
                        out.merged.push(MergedTurn {
                            raw: t.start.index,
                            at: t.start.instant,
                            local: t.start.local,
                            adjustment: t.start.adjustment,
                            member,
                        });
                    }
                    return Ok(());
                }
                let Some(number) = t.number else {
                    return Ok(());
                };
                let first = out.pieces.len();
                let splits: Vec<DateTime<Utc>> = self.roster.splits(number).collect();
                for part in t.parts.unwrap_or(&[]) {
                    // Cut only where the member actually changes.
                    let mut cuts: Vec<DateTime<Utc>> = splits
                        .iter()
                        .copied()
                        .filter(|s| *s > part.start && *s < part.end)
                        .filter(|s| {
                            let before = self.roster.member(number, *s - Duration::nanoseconds(1));
                            let after = self.roster.member(number, *s);
                            before.map(|a| a.person) != after.map(|a| a.person)
                        })
                        .collect();
                    cuts.sort();
                    cuts.dedup();
                    let mut piece = |i: usize, s: DateTime<Utc>, e: DateTime<Utc>| {
                        let Some(who) = self.roster.member(number, s) else {
                            return;
                        };
                        out.pieces.push(LayerPiece {
                            turn: number,
                            start: s,
                            end: e,
                            person: who.handle,
                            member_index: who.member_index,
                            roster_size: who.roster_size,
                            roster_change: who.change,
                            start_adj: if i == 0 {
                                part.start_adj
                            } else {
                                LocalAdjustment::None
                            },
                            end_adj: if e == part.end {
                                part.end_adj
                            } else {
                                LocalAdjustment::None
                            },
                            split: s != t.start.instant,
                        });
                    };
                    if cuts.is_empty() {
                        piece(0, part.start, part.end);
                        continue;
                    }
                    let mut bounds = vec![part.start];
                    bounds.extend(cuts);
                    bounds.push(part.end);
                    for (i, w) in bounds.windows(2).enumerate() {
                        if let [s, e] = w {
                            piece(i, *s, *e);
                        }
                    }
                }
                if out.pieces.len() > budget {
                    return Err(ScheduleError::limit(
                        "layer pieces (each member's on-call stretch in each layer's turn) in one compile",
                        out.pieces.len(),
                        budget,
                        "compile a shorter window, or use fewer layers or longer turns",
                    ));
                }
                out.turns.push(TurnInfo {
                    number,
                    start: t.start.instant,
                    end: t.end.map(|e| e.instant),
                    pieces: first..out.pieces.len(),
                });
                Ok(())
            },
        )?;
        Ok(out)
    }
}

fn describe(h: &super::spec::HandoffSpec) -> String {
    if let Some(r) = &h.rrule {
        let rule = r
            .split_whitespace()
            .find_map(|l| l.strip_prefix("RRULE:"))
            .unwrap_or(r);
        return format!("RRULE {rule}");
    }
    if let Some(list) = &h.handovers {
        let parts: Vec<String> = list.iter().map(|d| d.to_string()).collect();
        return format!("handovers {}", parts.join("-"));
    }
    let every = h.every.unwrap_or(1);
    let unit = match h.unit {
        Some(CadenceUnit::Hours) => "hour",
        Some(CadenceUnit::Days) => "day",
        Some(CadenceUnit::Weeks) => "week",
        Some(CadenceUnit::Months) => "month",
        None => "turn",
    };
    let mut s = if every == 1 {
        format!("every {unit}")
    } else {
        format!("every {every} {unit}s")
    };
    if let Some(at) = h.at {
        s.push_str(&format!(" at {at}"));
    }
    s
}
