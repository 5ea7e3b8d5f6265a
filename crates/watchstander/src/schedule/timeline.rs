//! The compiled timeline: the window cut into *segments* of constant on-call status, stored
//! flat (struct of arrays), so that "who is on call at t" is one binary search followed by a
//! slice of person handles.
//!
//! Segment `i` covers `[starts[i], starts[i + 1])` (the last one ends at `end`). Its
//! responders are entries `on[i] .. on[i + 1]` and its shadows entries `sh[i] .. sh[i + 1]`.
//! Each entry is a person handle, a shift index (while compiling: a source index) and, for an
//! override that took the time from someone, the list of people it replaced.

use super::names::{Handle, NONE};

/// One person in a segment while it is being built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    pub person: Handle,
    pub source: u32,
    /// The people replaced: a range of the builder's scratch list (`(0, 0)` for none).
    pub rep: (u32, u32),
}

/// The flat timeline.
#[derive(Debug, Clone, Default)]
pub(crate) struct Timeline {
    pub starts: Vec<i64>,
    pub end: i64,
    /// Offsets of each segment's responders (one more than there are segments).
    pub on: Vec<u32>,
    pub person: Vec<Handle>,
    /// Shift index of each responder entry (source index until assembled).
    pub shift: Vec<u32>,
    /// Per responder entry: [`NONE`] or an index into `rep_on`.
    pub replaced: Vec<u32>,
    /// Offsets into `rep_people` (one more than there are lists).
    pub rep_on: Vec<u32>,
    pub rep_people: Vec<Handle>,
    /// Offsets of each segment's shadows.
    pub sh: Vec<u32>,
    pub sh_person: Vec<Handle>,
    pub sh_shift: Vec<u32>,
}

fn range(offsets: &[u32], i: usize) -> std::ops::Range<usize> {
    let a = offsets.get(i).copied().unwrap_or(0) as usize;
    let b = offsets.get(i + 1).copied().unwrap_or(0) as usize;
    a..b.max(a)
}

impl Timeline {
    /// An empty timeline ending at `end`.
    pub(crate) fn new(end: i64) -> Timeline {
        Timeline {
            end,
            on: vec![0],
            sh: vec![0],
            rep_on: vec![0],
            ..Timeline::default()
        }
    }

    /// Makes room for about `segments` segments of `people` people each (capacity only: the
    /// timeline is the same without it, built with more reallocations).
    pub(crate) fn reserve(&mut self, segments: usize, people: usize) {
        self.starts.reserve(segments);
        self.on.reserve(segments);
        self.sh.reserve(segments);
        let entries = segments.saturating_mul(people);
        self.person.reserve(entries);
        self.shift.reserve(entries);
        self.replaced.reserve(entries);
    }

    /// Number of segments.
    pub(crate) fn len(&self) -> usize {
        self.starts.len()
    }

    /// Number of entries (responders and shadows) over all segments.
    pub(crate) fn entries(&self) -> usize {
        self.person.len() + self.sh_person.len()
    }

    /// The segment containing `t` (which must lie inside the timeline).
    pub(crate) fn segment_at(&self, t: i64) -> usize {
        self.starts.partition_point(|s| *s <= t).saturating_sub(1)
    }

    /// Start and end of segment `i`.
    pub(crate) fn bounds(&self, i: usize) -> (i64, i64) {
        let start = self.starts.get(i).copied().unwrap_or(self.end);
        let end = self.starts.get(i + 1).copied().unwrap_or(self.end);
        (start, end)
    }

    /// The responder entries of segment `i` (a range of `person`, `shift`, `replaced`).
    pub(crate) fn on_range(&self, i: usize) -> std::ops::Range<usize> {
        range(&self.on, i)
    }

    /// The shadow entries of segment `i` (a range of `sh_person`, `sh_shift`).
    pub(crate) fn sh_range(&self, i: usize) -> std::ops::Range<usize> {
        range(&self.sh, i)
    }

    /// The responders of segment `i`.
    pub(crate) fn people(&self, i: usize) -> &[Handle] {
        self.person.get(self.on_range(i)).unwrap_or(&[])
    }

    /// The people replaced by responder entry `e`.
    pub(crate) fn replaced_of(&self, e: usize) -> &[Handle] {
        match self.replaced.get(e) {
            // The guard saves a lookup: `NONE` is past the end of `rep_on`, an empty range too.
            Some(&r) if r != NONE => self
                .rep_people
                .get(range(&self.rep_on, r as usize))
                .unwrap_or(&[]),
            _ => &[],
        }
    }

    fn same_as_last(&self, on_call: &[Entry], shadows: &[Entry], scratch: &[Handle]) -> bool {
        let Some(last) = self.len().checked_sub(1) else {
            return false;
        };
        let (on, sh) = (self.on_range(last), self.sh_range(last));
        if on.len() != on_call.len() || sh.len() != shadows.len() {
            return false;
        }
        let (Some(people), Some(shifts), Some(replaced)) = (
            self.person.get(on.clone()),
            self.shift.get(on.clone()),
            self.replaced.get(on.clone()),
        ) else {
            return false;
        };
        for (k, e) in on_call.iter().enumerate() {
            if people.get(k) != Some(&e.person) || shifts.get(k) != Some(&e.source) {
                return false;
            }
            let r = replaced.get(k).copied().unwrap_or(NONE);
            let rep = scratch
                .get(e.rep.0 as usize..e.rep.1 as usize)
                .unwrap_or(&[]);
            if (r == NONE) != rep.is_empty() || (r != NONE && self.replaced_of(on.start + k) != rep)
            {
                return false;
            }
        }
        let (Some(people), Some(shifts)) = (self.sh_person.get(sh.clone()), self.sh_shift.get(sh))
        else {
            return false;
        };
        shadows
            .iter()
            .zip(people.iter().zip(shifts))
            .all(|(e, (p, s))| e.person == *p && e.source == *s)
    }

    /// Appends the segment starting at `start`, or extends the last one when nothing changed.
    /// `scratch` holds the replaced people the entries point into.
    pub(crate) fn push(
        &mut self,
        start: i64,
        on_call: &[Entry],
        shadows: &[Entry],
        scratch: &[Handle],
    ) {
        if self.same_as_last(on_call, shadows, scratch) {
            return;
        }
        self.starts.push(start);
        for e in on_call {
            self.person.push(e.person);
            self.shift.push(e.source);
            if e.rep.0 >= e.rep.1 {
                self.replaced.push(NONE);
                continue;
            }
            let rep = scratch
                .get(e.rep.0 as usize..e.rep.1 as usize)
                .unwrap_or(&[]);
            self.replaced
                .push(u32::try_from(self.rep_on.len() - 1).unwrap_or(NONE));
            self.rep_people.extend_from_slice(rep);
            self.rep_on
                .push(u32::try_from(self.rep_people.len()).unwrap_or(NONE));
        }
        for e in shadows {
            self.sh_person.push(e.person);
            self.sh_shift.push(e.source);
        }
        self.on
            .push(u32::try_from(self.person.len()).unwrap_or(NONE));
        self.sh
            .push(u32::try_from(self.sh_person.len()).unwrap_or(NONE));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(person: Handle, source: u32) -> Entry {
        Entry {
            person,
            source,
            rep: (0, 0),
        }
    }

    #[test]
    fn equal_neighbours_merge_and_lookups_are_binary_searches() {
        let mut t = Timeline::new(100);
        t.push(0, &[e(1, 0)], &[], &[]);
        t.push(10, &[e(1, 0)], &[], &[]); // unchanged: merged
        t.push(20, &[], &[], &[]);
        let scratch = [7, 8];
        t.push(
            30,
            &[Entry {
                person: 2,
                source: 1,
                rep: (0, 2),
            }],
            &[e(3, 2)],
            &scratch,
        );
        assert_eq!(t.len(), 3);
        assert_eq!(t.bounds(0), (0, 20));
        assert_eq!(t.bounds(2), (30, 100));
        assert_eq!(t.segment_at(19), 0);
        assert_eq!(t.segment_at(20), 1);
        assert_eq!(t.segment_at(99), 2);
        assert_eq!(t.people(1), &[] as &[Handle]);
        assert_eq!(t.people(2), &[2]);
        assert_eq!(t.replaced_of(1), &[7, 8]);
        assert_eq!(t.replaced_of(0), &[] as &[Handle]);
        assert_eq!(t.sh_range(2), 0..1);
        assert_eq!(t.entries(), 3);
    }

    #[test]
    fn segments_merge_only_when_replaced_people_and_shadows_are_the_same() {
        let scratch = [7, 8, 9];
        let over = |rep| Entry {
            person: 2,
            source: 1,
            rep,
        };
        let mut t = Timeline::new(100);
        t.push(0, &[e(1, 0)], &[], &scratch);
        // The second responder took the time from 7 and 8; the same again is one segment.
        t.push(10, &[e(4, 3), over((0, 2))], &[e(3, 2)], &scratch);
        t.push(20, &[e(4, 3), over((0, 2))], &[e(3, 2)], &scratch);
        // Replacing nobody, replacing 9, then 7 and 8 again: three segments.
        t.push(30, &[e(4, 3), over((0, 0))], &[e(3, 2)], &scratch);
        t.push(40, &[e(4, 3), over((2, 3))], &[e(3, 2)], &scratch);
        t.push(50, &[e(4, 3), over((0, 2))], &[e(3, 2)], &scratch);
        // A shadow from another shift, then another person: two more.
        t.push(60, &[e(4, 3), over((0, 2))], &[e(3, 4)], &scratch);
        t.push(70, &[e(4, 3), over((0, 2))], &[e(5, 4)], &scratch);
        t.push(80, &[e(4, 3), over((0, 2))], &[e(5, 4)], &scratch);
        assert_eq!(t.starts, [0, 10, 30, 40, 50, 60, 70]);
        assert_eq!(t.bounds(6), (70, 100));
        assert_eq!(t.replaced_of(2), &[7, 8]);
        assert_eq!(t.replaced_of(3), &[] as &[Handle]);
        assert_eq!(t.replaced_of(6), &[9]);
        assert_eq!(t.entries(), 13 + 6);
    }
}
