//! Stage 1: each layer's expansion becomes pieces of work with compact sources, and the
//! layer lint (empty rotations, starved members) is computed.

use super::super::layer::{Layer, LayerExpansion};
use super::super::names::{Handle, NONE};
use super::super::shift::{MergedTurn, Notice};
use super::super::source::Origin;
use super::{Builder, LayerWork, Work};

fn index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(NONE)
}

impl Builder<'_> {
    pub(super) fn add_layer(&mut self, li: usize, layer: &Layer, exp: LayerExpansion) {
        let mut works = Vec::with_capacity(exp.pieces.len());
        self.sources.reserve(exp.pieces.len());
        for p in &exp.pieces {
            let span = (p.start.timestamp(), p.end.timestamp());
            let source = self.sources.push(
                Origin::Layer {
                    turn: p.turn,
                    member_index: index(p.member_index),
                    roster_size: index(p.roster_size),
                    change: p.roster_change.map_or(NONE, index),
                    split: p.split,
                },
                span,
                index(li),
                (p.start_adj, p.end_adj),
            );
            works.push(Work {
                turn: p.turn,
                start: span.0,
                end: span.1,
                person: p.person,
                source,
                member_index: index(p.member_index),
            });
        }
        // Lint: empty rosters and members whose turns never have on-call time.
        let mut turn_members: Vec<Handle> = Vec::with_capacity(exp.turns.len());
        let mut empty = false;
        for t in &exp.turns {
            match layer.roster.member(t.number, t.start) {
                Some(a) => turn_members.push(a.handle),
                None => empty = true,
            }
        }
        turn_members.sort_unstable();
        if !layer.shadow {
            for h in &turn_members {
                if let Some(m) = self.members.get_mut(*h as usize) {
                    *m = true;
                }
            }
        }
        if empty {
            self.notices.push(Notice::EmptyRotation {
                layer: layer.id.clone(),
            });
        }
        // Starvation is judged over at least one whole cycle of the roster as it is at its
        // first staffed turn (a roster may start empty and be filled by a roster change).
        let size = exp
            .turns
            .iter()
            .find_map(|t| layer.roster.member(t.number, t.start))
            .map_or(0, |a| a.roster_size);
        if !layer.shadow && exp.turns.len() >= size {
            let mut workers: Vec<Handle> = works.iter().map(|w| w.person).collect();
            workers.sort_unstable();
            workers.dedup();
            // Handles sort like ids, so the notices come out sorted by person.
            for run in turn_members.chunk_by(|a, b| a == b) {
                let Some(&p) = run.first() else { continue };
                if workers.binary_search(&p).is_err() {
                    self.notices.push(Notice::StarvedMember {
                        layer: layer.id.clone(),
                        person: self.data.names.name(p).to_string(),
                        turns: run.len() as u64,
                    });
                }
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
        self.layers.push(LayerWork {
            works,
            turns: exp.turns,
            patched: Default::default(),
        });
    }
}
