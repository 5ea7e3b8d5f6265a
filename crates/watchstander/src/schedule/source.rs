//! Sources: where a stretch of on-call time comes from (a layer's turn, a swap, the time-off
//! policy, an override, a temporary schedule, a shadow).
//!
//! Compiling records one small, copyable [`Source`] per piece of on-call time — numbers and
//! handles only. The words a person reads (the [`Reason`], the `why` sentence, the stable
//! key that shift uids are built from) are written from it, and from the validated schedule,
//! only when a shift is explained: a year of shifts costs no strings until someone asks.

use chrono::{Datelike, Timelike};

use crate::time::{LocalAdjustment, Zone};

use super::layer::Layer;
use super::model::ScheduleData;
use super::names::{Handle, NONE};
use super::shift::Reason;
use super::spec::{OverrideKind, SwapKind, TimeOffMode};

/// What put someone on call, by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    /// Turn `turn` of the source's layer.
    Layer {
        turn: u64,
        member_index: u32,
        roster_size: u32,
        /// Index of the roster change whose list applies, or [`NONE`].
        change: u32,
        /// The piece does not start at its turn's start (its key carries its local start).
        split: bool,
    },
    /// Swap `swap` (index into the validated swaps) gave the occurrence away.
    Swap {
        swap: u32,
        turn: u64,
        instead_of: Handle,
        /// The source the occurrence came from (its key is extended).
        parent: u32,
    },
    /// The time-off policy gave the time away.
    TimeOff {
        turn: u64,
        instead_of: Handle,
        /// Index into the table's texts: the time-off entry's name.
        name: u32,
        parent: u32,
    },
    /// Override `index` (in creation order).
    Override { index: u32 },
    /// Shift `shift` (its position in the document) of temporary schedule `index`.
    Temporary { index: u32, shift: u32 },
    /// Shadow `index`.
    Shadowing { index: u32 },
}

/// One source: its origin, the whole stretch it covers, its layer and its DST adjustments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Source {
    pub origin: Origin,
    /// Start of the whole stretch (Unix seconds); shifts cut from it may start later.
    pub start: i64,
    /// End of the whole stretch.
    pub end: i64,
    /// Layer index, or [`NONE`].
    pub layer: u32,
    /// Index into the adjustment table, or [`NONE`] when neither end was moved by DST.
    adj: u32,
}

/// Every source of one compile, with the rare DST adjustments and texts kept aside.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sources {
    list: Vec<Source>,
    adjustments: Vec<(LocalAdjustment, LocalAdjustment)>,
    texts: Vec<String>,
}

impl Sources {
    /// Adds a source and returns its index.
    pub(crate) fn push(
        &mut self,
        origin: Origin,
        (start, end): (i64, i64),
        layer: u32,
        (start_adj, end_adj): (LocalAdjustment, LocalAdjustment),
    ) -> u32 {
        let adj = if start_adj.is_dst_affected() || end_adj.is_dst_affected() {
            self.adjustments.push((start_adj, end_adj));
            u32::try_from(self.adjustments.len() - 1).unwrap_or(NONE)
        } else {
            NONE
        };
        self.list.push(Source {
            origin,
            start,
            end,
            layer,
            adj,
        });
        u32::try_from(self.list.len() - 1).unwrap_or(NONE)
    }

    /// Makes room for `n` more sources.
    pub(crate) fn reserve(&mut self, n: usize) {
        self.list.reserve(n);
    }

    /// Keeps a text (a time-off entry's name) and returns its index.
    pub(crate) fn text(&mut self, s: &str) -> u32 {
        if let Some(i) = self.texts.iter().rposition(|t| t == s) {
            return u32::try_from(i).unwrap_or(NONE);
        }
        self.texts.push(s.to_string());
        u32::try_from(self.texts.len() - 1).unwrap_or(NONE)
    }

    pub(crate) fn get(&self, i: u32) -> Option<&Source> {
        self.list.get(i as usize)
    }

    /// The DST adjustments of a source's start and end.
    pub(crate) fn adjustments(&self, s: &Source) -> (LocalAdjustment, LocalAdjustment) {
        self.adjustments
            .get(s.adj as usize)
            .copied()
            .unwrap_or((LocalAdjustment::None, LocalAdjustment::None))
    }

    fn text_of(&self, i: u32) -> String {
        self.texts.get(i as usize).cloned().unwrap_or_default()
    }

    /// The zone a source is read in: its layer's, else the schedule's.
    pub(crate) fn zone(&self, data: &ScheduleData, s: &Source) -> Zone {
        data.layers
            .get(s.layer as usize)
            .map_or(data.spec.zone, |l| l.zone)
    }

    fn layer_id(data: &ScheduleData, s: &Source) -> String {
        data.layer_ids
            .get(s.layer as usize)
            .cloned()
            .unwrap_or_default()
    }

    /// Why someone is on call from this source.
    pub(crate) fn reason(&self, data: &ScheduleData, s: &Source) -> Reason {
        let name = |h: Handle| data.names.name(h).to_string();
        match s.origin {
            Origin::Layer {
                turn,
                member_index,
                roster_size,
                change,
                ..
            } => Reason::Layer {
                layer: Self::layer_id(data, s),
                turn,
                member_index: member_index as usize,
                roster_size: roster_size as usize,
                roster_change: (change != NONE).then_some(change as usize),
            },
            Origin::Swap {
                swap,
                turn,
                instead_of,
                ..
            } => {
                let spec = data.swaps.get(swap as usize).map(|s| &s.spec);
                Reason::Swap {
                    swap: spec.map(|s| s.id.clone()).unwrap_or_default(),
                    swap_kind: spec.map_or(SwapKind::Cover, |s| s.kind),
                    layer: spec.map(|s| s.layer.clone()).unwrap_or_default(),
                    turn,
                    instead_of: name(instead_of),
                }
            }
            Origin::TimeOff {
                turn,
                instead_of,
                name: text,
                ..
            } => Reason::TimeOff {
                policy: data.policy.mode,
                layer: Self::layer_id(data, s),
                turn,
                instead_of: name(instead_of),
                time_off: self.text_of(text),
            },
            Origin::Override { index } => {
                let o = data.overrides.get(index as usize);
                Reason::Override {
                    id: o.map(|o| o.id.clone()).unwrap_or_default(),
                    override_kind: o.map_or(OverrideKind::Replace, |o| o.kind),
                    note: o.and_then(|o| o.note.clone()),
                }
            }
            Origin::Temporary { index, shift } => Reason::Temporary {
                schedule: data
                    .temporaries
                    .get(index as usize)
                    .map(|t| t.id.clone())
                    .unwrap_or_default(),
                shift: shift as usize,
            },
            Origin::Shadowing { index } => Reason::Shadowing {
                shadows: data
                    .shadows
                    .get(index as usize)
                    .map(|s| name(s.shadows))
                    .unwrap_or_default(),
            },
        }
    }

    /// Appends the source's stable key, from which shift uids are built, to `out`:
    /// `layer/turn`, `layer/turn@<local start>`, `<key of the occurrence>/<swap id>`,
    /// `<key>/off`, `override/<id>`, `temporary/<id>/<shift>`, `shadow/<person>`.
    pub(crate) fn write_key(
        &self,
        data: &ScheduleData,
        s: &Source,
        out: &mut String,
        depth: usize,
    ) {
        use std::fmt::Write;
        // A swap or time-off source extends its parent's key; parents always come first, so
        // the chain is short, but a bound keeps a malformed table from recursing forever.
        let parent = |p: u32, out: &mut String| {
            if let Some(ps) = self.get(p).filter(|_| depth < 64) {
                self.write_key(data, ps, out, depth + 1);
            }
        };
        match s.origin {
            Origin::Layer { turn, split, .. } => {
                let id = data
                    .layer_ids
                    .get(s.layer as usize)
                    .map_or("", String::as_str);
                let _ = write!(out, "{id}/{turn}");
                if split {
                    let t = self.zone(data, s).to_local(super::text::instant(s.start));
                    let _ = write!(
                        out,
                        "@{:04}{:02}{:02}T{:02}{:02}{:02}",
                        t.year(),
                        t.month(),
                        t.day(),
                        t.hour(),
                        t.minute(),
                        t.second()
                    );
                }
            }
            Origin::Swap {
                swap, parent: p, ..
            } => {
                parent(p, out);
                let id = data
                    .swaps
                    .get(swap as usize)
                    .map_or("", |s| s.spec.id.as_str());
                let _ = write!(out, "/{id}");
            }
            Origin::TimeOff { parent: p, .. } => {
                parent(p, out);
                out.push_str("/off");
            }
            Origin::Override { index } => {
                out.push_str("override/");
                out.push_str(
                    data.overrides
                        .get(index as usize)
                        .map_or("", |o| o.id.as_str()),
                );
            }
            Origin::Temporary { index, shift } => {
                let id = data
                    .temporaries
                    .get(index as usize)
                    .map_or("", |t| t.id.as_str());
                let _ = write!(out, "temporary/{id}/{shift}");
            }
            Origin::Shadowing { index } => {
                out.push_str("shadow/");
                out.push_str(
                    data.shadows
                        .get(index as usize)
                        .map_or("", |s| data.names.name(s.shadows)),
                );
            }
        }
    }
}

/// The reason in words. `layer` is the index of the source's layer: the one layer a reason
/// names (a swap or a time-off entry changes a turn of its own layer). A name that is not that
/// layer's is written as it is, without the layer's cadence.
pub(crate) fn explain(reason: &Reason, layers: &[Layer], layer: u32) -> String {
    let find = |id: &str| layers.get(layer as usize).filter(|l| l.id == id);
    let label = |id: &str| -> String {
        find(id).map_or_else(
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
            let shadow = find(layer).is_some_and(|l| l.shadow);
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
