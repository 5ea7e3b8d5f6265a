//! Overrides during the sweep: which are in force, and what they do to the people on call.
//!
//! Overrides in force at an instant apply in creation order, so the last created wins. A
//! whole `replace` (one without `replaces`) throws away everything before it, so only the
//! overrides from the *second-to-last* whole `replace` in force onward are simulated: the
//! one before it only decides whom the last one replaced. The overrides in force are kept in
//! two ordered sets (whole replaces, and the rest), updated as the sweep passes their starts
//! and ends. A hundred thousand nested `replace` overrides cost O(log n) per segment, not
//! O(n); what can still be expensive — many overlapping `add`, `remove` or `replaces`
//! overrides — is counted and bounded by [`MAX_OVERRIDE_STEPS`].
//!
//! An override is reported as having no effect ([`Notice::OverrideHadNoEffect`]) when it
//! never changes the people on call at or after the last whole `replace` in force: a `remove`
//! of someone who is not on call, a `replace` of someone who is not on call, or any override
//! hidden everywhere by a later whole `replace`.
//!
//! [`Notice::OverrideHadNoEffect`]: crate::schedule::Notice::OverrideHadNoEffect

use std::collections::BTreeSet;

use super::super::names::{Handle, NONE};
use super::super::spec::OverrideKind;
use super::super::timeline::Entry;
use super::super::{ScheduleError, MAX_OVERRIDE_STEPS};

/// One override overlapping the window, by creation rank.
#[derive(Debug, Clone, Copy)]
pub(super) struct Item {
    pub kind: OverrideKind,
    pub person: Handle,
    pub replaces: Option<Handle>,
    pub source: u32,
    pub start: i64,
    pub end: i64,
}

impl Item {
    fn whole(&self) -> bool {
        self.kind == OverrideKind::Replace && self.replaces.is_none()
    }
}

/// The overrides of one sweep.
pub(super) struct Overrides {
    items: Vec<Item>,
    /// `(instant, rank)`, sorted.
    starts: Vec<(i64, u32)>,
    ends: Vec<(i64, u32)>,
    sp: usize,
    ep: usize,
    whole: BTreeSet<u32>,
    other: BTreeSet<u32>,
    /// Whether each override ever changed the people on call.
    pub changed: Vec<bool>,
    steps: u64,
    /// Scratch positions per person handle, all [`NONE`] between segments.
    pos: Vec<u32>,
}

fn rank(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(NONE)
}

impl Overrides {
    /// `items` in creation order; `people` is the size of the people table.
    pub(super) fn new(items: Vec<Item>, people: usize) -> Overrides {
        let mut starts: Vec<(i64, u32)> = items
            .iter()
            .enumerate()
            .map(|(i, o)| (o.start, rank(i)))
            .collect();
        starts.sort_unstable();
        let mut ends: Vec<(i64, u32)> = items
            .iter()
            .enumerate()
            .map(|(i, o)| (o.end, rank(i)))
            .collect();
        ends.sort_unstable();
        let items_len = items.len();
        Overrides {
            changed: vec![false; items.len()],
            items,
            starts,
            ends,
            sp: 0,
            ep: 0,
            whole: BTreeSet::new(),
            other: BTreeSet::new(),
            steps: 0,
            pos: vec![NONE; if items_len > 0 { people } else { 0 }],
        }
    }

    /// Brings the set in force up to instant `s`.
    pub(super) fn advance(&mut self, s: i64) {
        while let Some(&(_, r)) = self.starts.get(self.sp).filter(|(t, _)| *t <= s) {
            if self.items.get(r as usize).is_some_and(Item::whole) {
                self.whole.insert(r);
            } else {
                self.other.insert(r);
            }
            self.sp += 1;
        }
        while let Some(&(_, r)) = self.ends.get(self.ep).filter(|(t, _)| *t <= s) {
            self.whole.remove(&r);
            self.other.remove(&r);
            self.ep += 1;
        }
    }

    /// The next instant after the current one at which an override starts or ends.
    pub(super) fn next_event(&self) -> Option<i64> {
        let a = self.starts.get(self.sp).map(|(t, _)| *t);
        let b = self.ends.get(self.ep).map(|(t, _)| *t);
        match (a, b) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Applies the overrides in force to `on_call`; `scratch` receives replaced-people lists.
    pub(super) fn apply(
        &mut self,
        on_call: &mut Vec<Entry>,
        scratch: &mut Vec<Handle>,
    ) -> Result<(), ScheduleError> {
        let Overrides {
            items,
            whole,
            other,
            changed,
            steps,
            pos,
            ..
        } = self;
        if whole.is_empty() && other.is_empty() {
            return Ok(());
        }
        let mut list = OnCall::new(on_call, pos);
        let mut n: u64 = 1;
        let last = whole.last().copied();
        let prev = last.and_then(|l| whole.range(..l).next_back().copied());
        let mut quiet_from = 0u32;
        if let Some(p) = prev {
            // Everything before `p` is thrown away by `p` itself.
            list.clear();
            if let Some(o) = items.get(p as usize) {
                list.push(Entry {
                    person: o.person,
                    source: o.source,
                    rep: (0, 0),
                });
            }
            // `p` is in `whole`, never in `other`: the range below may start at it.
            quiet_from = p;
        }
        if let Some(l) = last {
            for &r in other.range(quiet_from..l) {
                n += 1;
                apply_one(items, changed, r, &mut list, scratch, false);
            }
            n += 1;
            apply_one(items, changed, l, &mut list, scratch, true);
        }
        // `last` is in `whole`, never in `other`: the range below may start at it.
        for &r in other.range(last.unwrap_or(0)..) {
            n += 1;
            apply_one(items, changed, r, &mut list, scratch, true);
        }
        list.forget();
        *steps += n;
        if *steps > MAX_OVERRIDE_STEPS {
            return Err(ScheduleError::LimitExceeded {
                what: "override applications (overrides in force × timeline segments)"
                    .to_string(),
                count: *steps,
                max: MAX_OVERRIDE_STEPS,
                hint: "use fewer overlapping add, remove or `replaces` overrides, or compile a shorter window".to_string(),
            });
        }
        Ok(())
    }
}

/// The people on call while overrides apply, with each person's position, so that finding
/// a person is O(1) however many are on call.
struct OnCall<'a> {
    list: &'a mut Vec<Entry>,
    /// Position in `list` per person handle ([`NONE`] when absent).
    pos: &'a mut [u32],
}

impl<'a> OnCall<'a> {
    fn new(list: &'a mut Vec<Entry>, pos: &'a mut [u32]) -> OnCall<'a> {
        let mut me = OnCall { list, pos };
        me.reindex(0);
        me
    }

    fn set(&mut self, person: Handle, at: u32) {
        if let Some(p) = self.pos.get_mut(person as usize) {
            *p = at;
        }
    }

    fn reindex(&mut self, from: usize) {
        for k in from..self.list.len() {
            if let Some(e) = self.list.get(k).copied() {
                self.set(e.person, rank(k));
            }
        }
    }

    fn find(&self, person: Handle) -> Option<usize> {
        self.pos
            .get(person as usize)
            .filter(|p| **p != NONE)
            .map(|p| *p as usize)
    }

    fn persons(&self) -> impl Iterator<Item = Handle> + '_ {
        self.list.iter().map(|e| e.person)
    }

    fn clear(&mut self) {
        for k in 0..self.list.len() {
            if let Some(e) = self.list.get(k).copied() {
                self.set(e.person, NONE);
            }
        }
        self.list.clear();
    }

    fn push(&mut self, e: Entry) {
        self.set(e.person, rank(self.list.len()));
        self.list.push(e);
    }

    /// Takes out the entry at `i`, a position [`find`](Self::find) gave.
    fn remove(&mut self, i: usize) {
        // Always true (positions come from `find`); it keeps `Vec::remove` from panicking, so
        // `<=` here is an equivalent mutant.
        if i < self.list.len() {
            let e = self.list.remove(i);
            self.set(e.person, NONE);
            self.reindex(i);
        }
    }

    fn insert(&mut self, i: usize, e: Entry) {
        let i = i.min(self.list.len());
        self.list.insert(i, e);
        self.reindex(i);
    }

    /// Leaves the positions all [`NONE`] for the next segment.
    fn forget(mut self) {
        for k in 0..self.list.len() {
            if let Some(e) = self.list.get(k).copied() {
                self.set(e.person, NONE);
            }
        }
    }
}

/// Applies override `r`; with `count`, records whether it changed anything.
fn apply_one(
    items: &[Item],
    changed: &mut [bool],
    r: u32,
    list: &mut OnCall<'_>,
    scratch: &mut Vec<Handle>,
    count: bool,
) {
    let Some(o) = items.get(r as usize).copied() else {
        return;
    };
    let entry = |rep: (u32, u32)| Entry {
        person: o.person,
        source: o.source,
        rep,
    };
    let did = match (o.kind, o.replaces) {
        (OverrideKind::Replace, None) => {
            let from = scratch.len();
            scratch.extend(list.persons().filter(|p| *p != o.person));
            let rep = (rank(from), rank(scratch.len()));
            list.clear();
            list.push(entry(rep));
            true
        }
        (OverrideKind::Replace, Some(who)) => match list.find(who) {
            None => false,
            Some(at) => {
                list.remove(at);
                if let Some(q) = list.find(o.person) {
                    list.remove(q);
                }
                let from = scratch.len();
                scratch.push(who);
                list.insert(at, entry((rank(from), rank(from + 1))));
                true
            }
        },
        (OverrideKind::Add, _) => {
            match list.find(o.person).and_then(|i| list.list.get_mut(i)) {
                Some(e) => {
                    e.source = o.source;
                    e.rep = (0, 0);
                }
                None => list.push(entry((0, 0))),
            }
            true
        }
        (OverrideKind::Remove, _) => match list.find(o.person) {
            Some(i) => {
                list.remove(i);
                true
            }
            None => false,
        },
    };
    if count && did {
        if let Some(c) = changed.get_mut(r as usize) {
            *c = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(kind: OverrideKind, person: Handle, replaces: Option<Handle>) -> Item {
        Item {
            kind,
            person,
            replaces,
            source: person,
            start: 0,
            end: 10,
        }
    }

    fn entry(person: Handle) -> Entry {
        Entry {
            person,
            source: 0,
            rep: (0, 0),
        }
    }

    #[test]
    fn a_segment_counts_one_step_and_one_per_override_applied() {
        // Created in this order: an add of 1, a whole replace by 2, an add of 3. The add
        // before the replace is still applied (to learn whether it ever changes anything).
        let items = vec![
            item(OverrideKind::Add, 1, None),
            item(OverrideKind::Replace, 2, None),
            item(OverrideKind::Add, 3, None),
        ];
        let mut o = Overrides::new(items, 4);
        o.advance(0);
        let (mut on_call, mut scratch) = (vec![entry(0)], Vec::new());
        o.apply(&mut on_call, &mut scratch).unwrap();
        let people: Vec<Handle> = on_call.iter().map(|e| e.person).collect();
        assert_eq!(people, [2, 3]);
        assert_eq!(o.steps, 4);
        assert_eq!(o.changed, [false, true, true]);
        // A second segment counts again: the bound is on overrides × segments.
        let mut on_call = vec![entry(0)];
        o.apply(&mut on_call, &mut scratch).unwrap();
        assert_eq!(o.steps, 8);
    }

    #[test]
    fn overrides_created_after_the_last_whole_replace_apply_after_it() {
        // Two whole replaces and a `replaces` override created after the last: only the
        // overrides from the second-to-last whole replace onward are simulated.
        let items = vec![
            item(OverrideKind::Replace, 1, None),
            item(OverrideKind::Replace, 2, None),
            item(OverrideKind::Replace, 3, Some(2)),
        ];
        let mut o = Overrides::new(items, 4);
        o.advance(0);
        let (mut on_call, mut scratch) = (vec![entry(0)], Vec::new());
        o.apply(&mut on_call, &mut scratch).unwrap();
        let people: Vec<Handle> = on_call.iter().map(|e| e.person).collect();
        assert_eq!(people, [3]);
        assert_eq!(o.changed, [false, true, true]);
        assert_eq!(o.steps, 3);
    }
}
