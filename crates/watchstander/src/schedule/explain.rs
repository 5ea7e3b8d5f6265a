//! Explaining a compiled schedule: the [`Shift`], [`OnCallEntry`], [`Handoff`] and
//! [`TimeOffConflict`] values, written from the compact tables when asked for.
//!
//! # DST facts
//!
//! A shift's *wall-clock length* is the difference of the local clock readings at its start
//! and its end, in its zone; its *real length* is `end − start`. They differ by the change of
//! the zone's UTC offset between the two instants — read at the start and at the end
//! themselves, so a shift that ends exactly when the clocks change counts that change. A shift
//! is marked ([`ShiftDst`]) when that difference is not zero, or when DST resolution moved its
//! own start or end; [`ShiftDst::offset_change_seconds`] is the exact difference.

use std::collections::HashMap;

use super::columns::{ShiftColumns, ShiftTable};
use super::compiled::CompiledSchedule;
use super::names::Handle;
use super::shift::{Handoff, OnCallEntry, Reason, Shift, ShiftDst, TimeOffConflict};
use super::source::{explain, Source};
use super::text::instant;
use crate::time::LocalAdjustment;

/// `why` strings already written, by source, while explaining a whole list: only sources
/// with several shifts have a slot.
type WhyCache = Option<HashMap<u32, Option<String>>>;

fn first_dst(a: LocalAdjustment, b: LocalAdjustment) -> LocalAdjustment {
    if a.is_dst_affected() {
        a
    } else {
        b
    }
}

impl CompiledSchedule {
    fn source(&self, i: u32) -> Option<&Source> {
        self.sources.get(i)
    }

    fn name(&self, h: Handle) -> &str {
        self.schedule.data().names.name(h)
    }

    fn reason_and_why(&self, src: &Source) -> (Reason, String) {
        let data = self.schedule.data();
        let reason = self.sources.reason(data, src);
        let why = explain(&reason, &data.layers, src.layer);
        (reason, why)
    }

    /// The uid of the shift `[start, end)` of `person` from `src`.
    fn uid(&self, src: &Source, person: Handle, start: i64, flags: u8) -> String {
        use std::fmt::Write;
        let data = self.schedule.data();
        let mut uid = String::with_capacity(64);
        uid.push_str(self.schedule_id());
        uid.push('/');
        self.sources.write_key(data, src, &mut uid, 0);
        uid.push('/');
        uid.push_str(self.name(person));
        if start != src.start && flags & ShiftColumns::TRUNCATED_START == 0 {
            let _ = write!(uid, "@{start}");
        }
        uid
    }

    /// DST facts of the shift `[start, end)` from `src`.
    fn dst(&self, src: &Source, start: i64, end: i64) -> Option<ShiftDst> {
        let zone = self.sources.zone(self.schedule.data(), src);
        let (sa, ea) = self.sources.adjustments(src);
        let start_adj = (start == src.start && sa.is_dst_affected()).then_some(sa);
        let end_adj = (end == src.end && ea.is_dst_affected()).then_some(ea);
        let change = zone.offset_at(instant(end)).local_minus_utc()
            - zone.offset_at(instant(start)).local_minus_utc();
        (start_adj.is_some() || end_adj.is_some() || change != 0).then_some(ShiftDst {
            zone,
            start: start_adj,
            end: end_adj,
            offset_change_minutes: change / 60,
            offset_change_seconds: change,
        })
    }

    /// Names of `person`'s holidays and time off overlapping `[start, end)`.
    fn time_off_names(&self, person: Handle, start: i64, end: i64) -> Vec<String> {
        let mut names: Vec<String> = self
            .off
            .overlapping(person, start, end)
            .map(|o| o.name.clone())
            .collect();
        names.dedup();
        names
    }

    pub(crate) fn make_shift(
        &self,
        table: &ShiftTable,
        i: usize,
        cache: &mut WhyCache,
    ) -> Option<Shift> {
        let row = table.get(i)?;
        let src = *self.source(row.source)?;
        let data = self.schedule.data();
        let reason = self.sources.reason(data, &src);
        let why = match cache.as_mut().and_then(|c| c.get_mut(&row.source)) {
            // A source split into several shifts is explained once.
            Some(slot) => slot
                .get_or_insert_with(|| explain(&reason, &data.layers, src.layer))
                .clone(),
            None => explain(&reason, &data.layers, src.layer),
        };
        let zone = self.sources.zone(data, &src);
        let (start, end) = (instant(row.start), instant(row.end));
        let shadow = row.flags & ShiftColumns::SHADOW != 0;
        Some(Shift {
            uid: self.uid(&src, row.person, row.start, row.flags),
            person: self.name(row.person).to_string(),
            start,
            end,
            hours: super::interval::seconds_to_hours(row.end - row.start),
            reason,
            why,
            layer: data.layer_ids.get(row.layer as usize).cloned(),
            zone,
            local_start: zone.to_local(start),
            local_end: zone.to_local(end),
            shadow,
            dst: self.dst(&src, row.start, row.end),
            truncated_start: row.flags & ShiftColumns::TRUNCATED_START != 0,
            truncated_end: row.flags & ShiftColumns::TRUNCATED_END != 0,
            time_off: if shadow {
                Vec::new()
            } else {
                self.time_off_names(row.person, row.start, row.end)
            },
        })
    }

    /// Every shift of `table`, explained (the `why` of a source split into several shifts is
    /// written once).
    pub(crate) fn explain_table(&self, table: &ShiftTable) -> Vec<Shift> {
        // Which sources are cached changes only how often a `why` is written, never its words:
        // mutants of these counts are equivalent.
        let mut count: HashMap<u32, u32> = HashMap::new();
        for s in &table.source {
            *count.entry(*s).or_default() += 1;
        }
        let mut cache: WhyCache = Some(
            count
                .into_iter()
                .filter(|(_, n)| *n > 1)
                .map(|(s, _)| (s, None))
                .collect(),
        );
        (0..table.len())
            .filter_map(|i| self.make_shift(table, i, &mut cache))
            .collect()
    }

    /// The stable uid of final shift `i` (as in [`Shift::uid`]), without explaining it.
    pub fn shift_uid(&self, i: usize) -> Option<String> {
        let row = self.shifts.get(i)?;
        Some(self.uid(self.source(row.source)?, row.person, row.start, row.flags))
    }

    /// The reason and its words for final shift `i` (as in [`Shift::reason`] and
    /// [`Shift::why`]).
    pub fn shift_reason(&self, i: usize) -> Option<(Reason, String)> {
        let row = self.shifts.get(i)?;
        Some(self.reason_and_why(self.source(row.source)?))
    }

    /// What DST did to final shift `i` (as in [`Shift::dst`]); `None` when nothing.
    pub fn shift_dst(&self, i: usize) -> Option<ShiftDst> {
        let row = self.shifts.get(i)?;
        self.dst(self.source(row.source)?, row.start, row.end)
    }

    /// An on-call entry for shift `shift` of `table`: copied from `explained` (the table's
    /// shifts, if they were explained already), else written for this entry alone.
    fn entry(
        &self,
        table: &ShiftTable,
        explained: Option<&Vec<Shift>>,
        shift: u32,
        replaced: &[Handle],
    ) -> Option<OnCallEntry> {
        let replaced: Vec<String> = replaced.iter().map(|h| self.name(*h).to_string()).collect();
        if let Some(s) = explained.and_then(|all| all.get(shift as usize)) {
            return Some(OnCallEntry {
                person: s.person.clone(),
                reason: s.reason.clone(),
                why: s.why.clone(),
                shift: s.interval(),
                shift_uid: s.uid.clone(),
                replaced,
            });
        }
        let row = table.get(shift as usize)?;
        let src = self.source(row.source)?;
        let (reason, why) = self.reason_and_why(src);
        Some(OnCallEntry {
            person: self.name(row.person).to_string(),
            reason,
            why,
            shift: super::interval::Interval {
                start: instant(row.start),
                end: instant(row.end),
            },
            shift_uid: self.uid(src, row.person, row.start, row.flags),
            replaced,
        })
    }

    /// The responder entry `e` of the timeline, explained.
    pub(crate) fn on_call_entry(&self, e: usize) -> Option<OnCallEntry> {
        let shift = *self.timeline.shift.get(e)?;
        let explained = self.views.shifts.get();
        self.entry(&self.shifts, explained, shift, self.timeline.replaced_of(e))
    }

    /// The shadow entry `e` of the timeline, explained.
    pub(crate) fn shadow_entry(&self, e: usize) -> Option<OnCallEntry> {
        let shift = *self.timeline.sh_shift.get(e)?;
        let explained = self.views.shadows.get();
        self.entry(&self.shadow_shifts, explained, shift, &[])
    }

    fn sorted_names(&self, people: &[Handle]) -> Vec<String> {
        let mut v = people.to_vec();
        v.sort_unstable();
        v.dedup();
        v.into_iter().map(|h| self.name(h).to_string()).collect()
    }

    fn handoff_at(&self, b: usize) -> Option<Handoff> {
        let a = b.checked_sub(1)?;
        let tl = &self.timeline;
        let at = tl.bounds(b).0;
        let data = self.schedule.data();
        let mut layers = std::collections::BTreeSet::new();
        let mut dst = LocalAdjustment::None;
        let source_of = |k: usize| {
            tl.shift
                .get(k)
                .and_then(|s| self.shifts.source.get(*s as usize))
                .and_then(|s| self.source(*s))
        };
        for k in tl.on_range(a) {
            if let Some(s) = source_of(k).filter(|s| s.end == at) {
                if let Some(l) = data.layer_ids.get(s.layer as usize) {
                    layers.insert(l.clone());
                }
                dst = first_dst(dst, self.sources.adjustments(s).1);
            }
        }
        for k in tl.on_range(b) {
            if let Some(s) = source_of(k).filter(|s| s.start == at) {
                if let Some(l) = data.layer_ids.get(s.layer as usize) {
                    layers.insert(l.clone());
                }
                dst = first_dst(dst, self.sources.adjustments(s).0);
            }
        }
        Some(Handoff {
            at: instant(at),
            from: self.sorted_names(tl.people(a)),
            to: self.sorted_names(tl.people(b)),
            layers: layers.into_iter().collect(),
            dst: dst.is_dst_affected().then_some(dst),
        })
    }

    /// Every handoff of the window, explained (written on first use and kept).
    pub(crate) fn handoff_list(&self) -> &[Handoff] {
        self.views.handoffs.get_or_init(|| {
            self.changes
                .iter()
                .filter_map(|b| self.handoff_at(*b as usize))
                .collect()
        })
    }

    /// Times someone is on call during their holidays or time off.
    pub(crate) fn conflicts(&self) -> Vec<TimeOffConflict> {
        let mut out = Vec::new();
        let t = &self.shifts;
        for i in 0..t.len() {
            let Some(row) = t.get(i) else { continue };
            let mut offs = self
                .off
                .overlapping(row.person, row.start, row.end)
                .peekable();
            if offs.peek().is_none() {
                continue;
            }
            let Some(src) = self.source(row.source) else {
                continue;
            };
            let uid = self.uid(src, row.person, row.start, row.flags);
            let (_, why) = self.reason_and_why(src);
            for o in offs {
                out.push(TimeOffConflict {
                    person: self.name(row.person).to_string(),
                    start: instant(o.start.max(row.start)),
                    end: instant(o.end.min(row.end)),
                    time_off: o.name.clone(),
                    shift_uid: uid.clone(),
                    why: why.clone(),
                });
            }
        }
        out
    }
}
