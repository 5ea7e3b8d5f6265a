//! Compiling a schedule over a window, in the order the anchors agree on:
//!
//! 1. expand each layer's rotation into pieces (turns clipped by restrictions and the layer's
//!    start/end) — [`layers`];
//! 2. apply swaps and cover requests to the pieces of the occurrences they name (Grafana
//!    OnCall applies swaps before resolving priorities) — [`swaps`];
//! 3. apply the time-off policy (`skip`, `reassign`) to the pieces — [`time_off`];
//! 4. sweep the window once, in time order: stack the layers bottom to top (`precedence` hides
//!    what is below, `union` adds), apply the overrides in force in creation order (the last
//!    created wins), replace everything inside a temporary schedule's window by its shifts
//!    (GoAlert) and add shadows — [`sweep`], with the overrides in [`overrides`];
//! 5. turn the timeline into shifts, handoff instants, gaps and conflicts — [`assemble`].
//!
//! Everything in between is numbers: instants are Unix seconds, people are handles into the
//! schedule's people table, and each piece of on-call time points to a compact
//! [`Source`](super::source::Source). Nothing is explained (no reason, `why` or uid strings)
//! until a shift is asked for.
//!
//! Every stage is O(n log n) in its input, except the overrides, whose cost is bounded by
//! [`MAX_OVERRIDE_STEPS`](super::MAX_OVERRIDE_STEPS), and the timeline, bounded by
//! [`MAX_SEGMENTS`](super::MAX_SEGMENTS) and
//! [`MAX_TIMELINE_ENTRIES`](super::MAX_TIMELINE_ENTRIES).

mod assemble;
mod layers;
mod off;
mod overrides;
mod swaps;
mod sweep;
mod time_off;

use std::collections::BTreeMap;

use chrono::Duration;

use super::compiled::CompiledSchedule;
use super::interval::Interval;
use super::layer::TurnInfo;
use super::model::{Schedule, ScheduleData};
use super::names::Handle;
use super::shift::{MergedTurn, Notice, SwapReport};
use super::source::Sources;
use super::{ScheduleError, MAX_PIECES, MAX_WINDOW_DAYS};

pub(crate) use off::OffTable;

/// A layer piece being worked on (after swaps and time off): `[start, end)` in Unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Work {
    turn: u64,
    start: i64,
    end: i64,
    person: Handle,
    source: u32,
    member_index: u32,
}

/// One layer's pieces while the compile works on them.
#[derive(Debug, Default)]
struct LayerWork {
    /// Sorted by start, disjoint. A turn moved into `patched` leaves empty (dead) entries.
    works: Vec<Work>,
    /// Numbered turns overlapping the window, in order.
    turns: Vec<TurnInfo>,
    /// Turns changed by swaps: their current pieces.
    patched: BTreeMap<u64, Vec<Work>>,
}

struct Builder<'a> {
    data: &'a ScheduleData,
    /// The window in Unix seconds.
    ws: i64,
    we: i64,
    sources: Sources,
    layers: Vec<LayerWork>,
    merged: Vec<MergedTurn>,
    swaps: Vec<SwapReport>,
    notices: Vec<Notice>,
    off: OffTable,
    /// Whether each person had a turn in a non-shadow layer (index = handle).
    members: Vec<bool>,
}

impl Schedule {
    /// Compiles the final timeline of `window`.
    ///
    /// The window may be at most [`MAX_WINDOW_DAYS`] long
    /// ([`ScheduleError::WindowTooLong`]); counting turns from a distant anchor is bounded by
    /// [`MAX_TURNS_WALKED`](super::MAX_TURNS_WALKED) ([`ScheduleError::AnchorTooFar`]); the
    /// layers may have at most [`MAX_PIECES`] pieces in all, the timeline at most
    /// [`MAX_SEGMENTS`](super::MAX_SEGMENTS) segments and
    /// [`MAX_TIMELINE_ENTRIES`](super::MAX_TIMELINE_ENTRIES) people in them, and applying the
    /// overrides may take at most [`MAX_OVERRIDE_STEPS`](super::MAX_OVERRIDE_STEPS) steps
    /// ([`ScheduleError::LimitExceeded`]). A window with fractions of a second is widened to
    /// whole seconds.
    ///
    /// The cost is a few hundred nanoseconds per shift: shifts are stored as numbers, and
    /// their explanations are written when asked for (see [`CompiledSchedule`]).
    pub fn compile(&self, window: Interval) -> Result<CompiledSchedule, ScheduleError> {
        let days = window.duration().num_days();
        if window.duration() > Duration::days(MAX_WINDOW_DAYS) {
            return Err(ScheduleError::WindowTooLong {
                days,
                max: MAX_WINDOW_DAYS,
            });
        }
        let ws = window.start.timestamp();
        let we = window.end.timestamp() + i64::from(window.end.timestamp_subsec_nanos() > 0);
        let data = self.data();
        let mut b = Builder {
            data,
            ws,
            we,
            sources: Sources::default(),
            layers: Vec::with_capacity(data.layers.len()),
            merged: Vec::new(),
            swaps: Vec::with_capacity(data.swaps.len()),
            notices: Vec::new(),
            off: OffTable::new(data.names.len(), ws, we),
            members: vec![false; data.names.len()],
        };
        let whole = Interval {
            start: super::text::instant(ws),
            end: super::text::instant(we),
        };
        let mut pieces = 0usize;
        for (li, layer) in data.layers.iter().enumerate() {
            let exp = layer
                .expand(whole, MAX_PIECES.saturating_sub(pieces))
                .map_err(|e| match e {
                    // Report the limit over all layers, not what was left of it.
                    ScheduleError::LimitExceeded {
                        what, count, hint, ..
                    } => ScheduleError::LimitExceeded {
                        what,
                        count: count + pieces as u64,
                        max: MAX_PIECES as u64,
                        hint,
                    },
                    e => e,
                })?;
            pieces += exp.pieces.len();
            b.add_layer(li, layer, exp);
        }
        for (si, s) in data.swaps.iter().enumerate() {
            let report = b.apply_swap(si, s);
            b.swaps.push(report);
        }
        b.settle_swaps();
        b.apply_time_off()?;
        let timeline = b.sweep()?;
        b.assemble(self.clone(), timeline)
    }
}
