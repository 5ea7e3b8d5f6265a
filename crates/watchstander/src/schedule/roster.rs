//! Rosters: which member takes turn `k`, as the member list changes over time.
//!
//! A roster is a list of *epochs*. Each epoch has a member list and an offset and applies from
//! a turn number on (for an immediate change, from an instant inside that turn). Turn `k` of an
//! epoch goes to member `(k + offset) mod n` — stateless and anchor-based, as in PagerDuty, so
//! the same turn always goes to the same person whatever window is asked for.
//!
//! A roster change becomes an epoch according to its rollout:
//!
//! | rollout               | the new list applies from                                         |
//! |-----------------------|-------------------------------------------------------------------|
//! | `immediately`         | `effective` itself; a turn in progress is split there              |
//! | `after_current_shift` | the first handoff at or after `effective`                          |
//! | `after_full_rotation` | the first handoff at or after `effective` that starts a new cycle  |
//!
//! Without `keep_current_on_call` the new epoch keeps the rotation's configured offset, which
//! reshuffles turns exactly as PagerDuty does when a member is added or removed. With it, the
//! offset is chosen so the order continues: the person on call at `effective` stays on call
//! (for `immediately`), or the turn after the switch goes to whoever follows the last person
//! of the old list (for the other rollouts). A removed person's place passes to the next
//! member of the old order who is still on the new list.

use chrono::{DateTime, Utc};

use super::names::{Handle, Names, NONE};
use super::spec::{Rollout, RosterChangeSpec};

/// The most members one rotation (or roster change) may list.
pub const MAX_MEMBERS: usize = 1_000;

/// The most roster changes one layer may have.
pub const MAX_ROSTER_CHANGES: usize = 256;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Epoch {
    pub from: u64,
    pub split: Option<DateTime<Utc>>,
    pub members: Vec<String>,
    /// The members' handles in the schedule's people table (filled by [`Roster::intern`]).
    pub handles: Vec<Handle>,
    /// Always less than `members.len()` (0 for an empty list).
    pub offset: u64,
    /// Index of the roster change that made this epoch (`None` for the initial list).
    pub change: Option<usize>,
}

/// Who has a turn, and their place in the roster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Assigned<'a> {
    pub person: &'a str,
    /// The person's handle ([`NONE`] before [`Roster::intern`]).
    pub handle: Handle,
    pub member_index: usize,
    pub roster_size: usize,
    pub change: Option<usize>,
}

/// Where a roster change's `effective` instant falls among the turns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TurnRef {
    /// The last numbered turn starting at or before the instant.
    pub number: u64,
    /// Its start.
    pub start: DateTime<Utc>,
    /// Whether the instant lies inside that turn.
    pub contains: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Roster {
    epochs: Vec<Epoch>,
    /// The rotation's configured offset, applied (mod n) to every list without
    /// `keep_current_on_call`.
    offset: u64,
}

/// `offset mod n`, 0 for an empty list.
fn reduce(offset: u64, n: u64) -> u64 {
    offset.checked_rem(n).unwrap_or(0)
}

impl Roster {
    pub(crate) fn new(members: Vec<String>, offset: u32) -> Roster {
        let offset = u64::from(offset);
        Roster {
            epochs: vec![Epoch {
                from: 0,
                split: None,
                offset: reduce(offset, members.len() as u64),
                members,
                handles: Vec::new(),
                change: None,
            }],
            offset,
        }
    }

    /// The epoch in force for turn `number` at `at` (Unix seconds).
    fn epoch_index(&self, number: u64, at: i64) -> usize {
        self.epochs
            .partition_point(|e| {
                e.from < number || (e.from == number && e.split.is_none_or(|s| s.timestamp() <= at))
            })
            .saturating_sub(1)
    }

    /// The member of turn `number` at instant `at` (which matters only inside a split turn).
    pub(crate) fn member(&self, number: u64, at: DateTime<Utc>) -> Option<Assigned<'_>> {
        let e = self.epochs.get(self.epoch_index(number, at.timestamp()))?;
        let n = e.members.len() as u64;
        if n == 0 {
            return None;
        }
        let i = usize::try_from((number % n + e.offset) % n).ok()?;
        Some(Assigned {
            person: e.members.get(i)?,
            handle: e.handles.get(i).copied().unwrap_or(NONE),
            member_index: i,
            roster_size: e.members.len(),
            change: e.change,
        })
    }

    /// The members (as handles, in rotation order) holding the turns around turn `number` at
    /// instant `at` (Unix seconds): the roster in force for that part of the turn.
    pub(crate) fn handles_at(&self, number: u64, at: i64) -> &[Handle] {
        self.epochs
            .get(self.epoch_index(number, at))
            .map_or(&[][..], |e| e.handles.as_slice())
    }

    /// Instants at which turn `number` changes hands because of an immediate roster change.
    pub(crate) fn splits(&self, number: u64) -> impl Iterator<Item = DateTime<Utc>> + '_ {
        self.epochs
            .iter()
            .filter(move |e| e.from == number)
            .filter_map(|e| e.split)
    }

    /// The member lists with the turn each starts at (for the tests).
    #[cfg(test)]
    pub(crate) fn epochs(&self) -> &[Epoch] {
        &self.epochs
    }

    /// Applies roster change number `index`; `at` locates its effective instant among the
    /// turns (`None` if before the first turn).
    pub(crate) fn apply(&mut self, index: usize, change: &RosterChangeSpec, at: Option<TurnRef>) {
        let last = self.epochs.last().cloned().unwrap_or(Epoch {
            from: 0,
            split: None,
            members: Vec::new(),
            handles: Vec::new(),
            offset: 0,
            change: None,
        });
        let t = change.effective;
        let (from, split) = match at {
            None => (0, None),
            Some(tr) => match change.rollout {
                // A split at the turn's very start cuts nothing; it only says who has the turn.
                Rollout::Immediately => {
                    if tr.contains {
                        (tr.number, Some(t))
                    } else {
                        (tr.number.saturating_add(1), None)
                    }
                }
                Rollout::AfterCurrentShift => {
                    if tr.contains && t == tr.start {
                        (tr.number, None)
                    } else {
                        (tr.number.saturating_add(1), None)
                    }
                }
                Rollout::AfterFullRotation => {
                    let first = if tr.contains && t == tr.start {
                        tr.number
                    } else {
                        tr.number.saturating_add(1)
                    };
                    (next_cycle_start(first, &last), None)
                }
            },
        };
        // A later change never takes effect before an earlier one.
        let (from, _, split) = std::cmp::max(
            (from, split.is_some(), split),
            (last.from, last.split.is_some(), last.split),
        );
        let n1 = change.members.len() as u64;
        let offset = match (change.keep_current_on_call, at, n1) {
            (true, Some(_), 1..) => {
                // target ≤ n1, so the sum cannot wrap.
                let target = match (split, from.checked_sub(1)) {
                    // The person on call at `effective` keeps the rest of the turn.
                    (Some(s), _) => self.keep_index(from, s, &change.members),
                    (None, Some(previous)) => self.after_index(previous, t, &change.members),
                    (None, None) => 0,
                };
                (target as u64 + n1 - from % n1) % n1
            }
            _ => reduce(self.offset, n1),
        };
        self.epochs.push(Epoch {
            from,
            split,
            members: change.members.clone(),
            handles: Vec::new(),
            offset,
            change: Some(index),
        });
    }

    /// Looks up every member's handle in the people table.
    pub(crate) fn intern(&mut self, names: &Names) {
        for e in &mut self.epochs {
            e.handles = e.members.iter().map(|m| names.handle(m)).collect();
        }
    }

    /// Position in `new` of the person on call in turn `number` at `at`, or of the next member
    /// of the old order who is on `new`.
    fn keep_index(&self, number: u64, at: DateTime<Utc>, new: &[String]) -> usize {
        let Some(cur) = self.member(number, at) else {
            return 0;
        };
        if let Some(j) = new.iter().position(|m| m == cur.person) {
            return j;
        }
        self.successor_in(number, at, cur.member_index, new)
    }

    /// Position in `new` of whoever follows the member of turn `number`.
    fn after_index(&self, number: u64, at: DateTime<Utc>, new: &[String]) -> usize {
        let Some(cur) = self.member(number, at) else {
            return 0;
        };
        // j + 1 may equal new.len(): the caller reduces it mod the list's length.
        match new.iter().position(|m| m == cur.person) {
            Some(j) => j + 1,
            None => self.successor_in(number, at, cur.member_index, new),
        }
    }

    fn successor_in(&self, number: u64, at: DateTime<Utc>, i: usize, new: &[String]) -> usize {
        let Some(e) = self.epochs.get(self.epoch_index(number, at.timestamp())) else {
            return 0;
        };
        let n0 = e.members.len();
        (1..n0)
            .filter_map(|s| e.members.get((i + s) % n0))
            .find_map(|q| new.iter().position(|m| m == q))
            .unwrap_or(0)
    }
}

/// The first turn number `>= first` that the epoch gives to its first member.
fn next_cycle_start(first: u64, e: &Epoch) -> u64 {
    let n = e.members.len() as u64;
    if n == 0 {
        return first;
    }
    let pos = (first % n + e.offset) % n;
    first.saturating_add((n - pos) % n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_instant;

    fn t(s: &str) -> DateTime<Utc> {
        parse_instant(s).unwrap()
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn change(members: &[&str], rollout: Rollout, keep: bool) -> RosterChangeSpec {
        RosterChangeSpec {
            effective: t("2026-01-10T12:00:00Z"),
            members: names(members),
            rollout,
            keep_current_on_call: keep,
        }
    }

    fn who(r: &Roster, k: u64, at: &str) -> Option<String> {
        r.member(k, t(at)).map(|a| a.person.to_string())
    }

    // Daily turns from 1 January 00:00Z: 10 January 12:00 is inside turn 9.
    const AT: TurnRef = TurnRef {
        number: 9,
        start: chrono::DateTime::from_timestamp(1_768_003_200, 0).unwrap(),
        contains: true,
    };

    #[test]
    fn stateless_turns_cycle_through_members() {
        let r = Roster::new(names(&["a", "b", "c"]), 1);
        let got: Vec<_> = (0..4)
            .map(|k| who(&r, k, "2026-01-01T00:00:00Z").unwrap())
            .collect();
        assert_eq!(got, ["b", "c", "a", "b"]);
        assert!(Roster::new(vec![], 0)
            .member(3, t("2026-01-01T00:00:00Z"))
            .is_none());
    }

    #[test]
    fn immediate_change_splits_the_current_turn() {
        assert_eq!(AT.start, t("2026-01-10T00:00:00Z"));
        let mut r = Roster::new(names(&["a", "b", "c"]), 0);
        r.apply(
            0,
            &change(&["a", "c"], Rollout::Immediately, false),
            Some(AT),
        );
        // Turn 9 was "a" (9 mod 3 = 0); after 12:00 it is the new list's turn 9: 9 mod 2 = 1 → "c".
        assert_eq!(who(&r, 9, "2026-01-10T11:59:59Z").unwrap(), "a");
        assert_eq!(who(&r, 9, "2026-01-10T12:00:00Z").unwrap(), "c");
        assert_eq!(who(&r, 10, "2026-01-11T00:00:00Z").unwrap(), "a");
        assert_eq!(
            r.splits(9).collect::<Vec<_>>(),
            vec![t("2026-01-10T12:00:00Z")]
        );
    }

    #[test]
    fn after_current_shift_waits_for_the_next_handoff() {
        let mut r = Roster::new(names(&["a", "b", "c"]), 0);
        r.apply(
            0,
            &change(&["a", "c"], Rollout::AfterCurrentShift, false),
            Some(AT),
        );
        assert_eq!(who(&r, 9, "2026-01-10T23:00:00Z").unwrap(), "a");
        assert_eq!(who(&r, 10, "2026-01-11T00:00:00Z").unwrap(), "a"); // 10 mod 2 = 0
        assert_eq!(who(&r, 11, "2026-01-12T00:00:00Z").unwrap(), "c");
    }

    #[test]
    fn after_full_rotation_waits_for_the_old_cycle_to_finish() {
        let mut r = Roster::new(names(&["a", "b", "c"]), 0);
        r.apply(
            0,
            &change(&["a", "c"], Rollout::AfterFullRotation, false),
            Some(AT),
        );
        // Old cycle: 9 a, 10 b, 11 c; the new list starts at turn 12 (12 mod 2 = 0 → a).
        assert_eq!(who(&r, 10, "2026-01-11T00:00:00Z").unwrap(), "b");
        assert_eq!(who(&r, 11, "2026-01-12T00:00:00Z").unwrap(), "c");
        assert_eq!(who(&r, 12, "2026-01-13T00:00:00Z").unwrap(), "a");
        assert_eq!(who(&r, 13, "2026-01-14T00:00:00Z").unwrap(), "c");
    }

    #[test]
    fn keep_current_on_call_continues_the_order() {
        // Remove "b" while "a" is on call: "a" keeps turn 9, then "c", "a", …
        let mut r = Roster::new(names(&["a", "b", "c"]), 0);
        r.apply(
            0,
            &change(&["a", "c"], Rollout::Immediately, true),
            Some(AT),
        );
        assert_eq!(who(&r, 9, "2026-01-10T12:00:00Z").unwrap(), "a");
        assert_eq!(who(&r, 10, "2026-01-11T00:00:00Z").unwrap(), "c");
        assert_eq!(who(&r, 11, "2026-01-12T00:00:00Z").unwrap(), "a");
        // Removing the person on call hands the rest of the turn to their successor.
        let mut r = Roster::new(names(&["a", "b", "c"]), 0);
        r.apply(
            0,
            &change(&["b", "c"], Rollout::Immediately, true),
            Some(AT),
        );
        assert_eq!(who(&r, 9, "2026-01-10T12:00:00Z").unwrap(), "b");
        assert_eq!(who(&r, 10, "2026-01-11T00:00:00Z").unwrap(), "c");
        // After the current shift: the next turn goes to whoever follows "a" on the new list.
        let mut r = Roster::new(names(&["a", "b", "c"]), 0);
        r.apply(
            0,
            &change(&["c", "a", "d"], Rollout::AfterCurrentShift, true),
            Some(AT),
        );
        assert_eq!(who(&r, 10, "2026-01-11T00:00:00Z").unwrap(), "d");
        assert_eq!(who(&r, 11, "2026-01-12T00:00:00Z").unwrap(), "c");
    }

    #[test]
    fn a_change_before_the_first_turn_replaces_the_list() {
        let mut r = Roster::new(names(&["a", "b"]), 0);
        r.apply(
            0,
            &change(&["x", "y"], Rollout::AfterFullRotation, true),
            None,
        );
        assert_eq!(who(&r, 0, "2026-01-01T00:00:00Z").unwrap(), "x");
    }

    #[test]
    fn later_changes_never_apply_before_earlier_ones() {
        let mut r = Roster::new(names(&["a", "b", "c"]), 0);
        r.apply(
            0,
            &change(&["a", "b"], Rollout::AfterFullRotation, false),
            Some(AT),
        );
        let mut c = change(&["z"], Rollout::Immediately, false);
        c.effective = t("2026-01-10T13:00:00Z");
        r.apply(1, &c, Some(AT));
        // The immediate change would apply in turn 9 but the earlier one starts at 12.
        assert_eq!(who(&r, 10, "2026-01-11T00:00:00Z").unwrap(), "b");
        assert_eq!(who(&r, 12, "2026-01-13T00:00:00Z").unwrap(), "z");
    }

    /// Epochs stay sorted by where they apply, and every offset is reduced mod its list.
    fn assert_well_formed(r: &Roster) {
        for w in r.epochs().windows(2) {
            assert!(
                (w[0].from, w[0].split) <= (w[1].from, w[1].split),
                "{:?}",
                r.epochs()
            );
        }
        for e in r.epochs() {
            assert!(e.offset < (e.members.len() as u64).max(1), "{e:?}");
        }
    }

    fn at(number: u64, start: &str, contains: bool) -> TurnRef {
        TurnRef {
            number,
            start: t(start),
            contains,
        }
    }

    #[test]
    fn epochs_stay_sorted_when_a_later_change_is_clamped() {
        let mut r = Roster::new(names(&["a", "b", "c"]), 0);
        r.apply(
            0,
            &change(&["a", "b"], Rollout::AfterFullRotation, false),
            Some(AT),
        );
        let mut c = change(&["z"], Rollout::Immediately, false);
        c.effective = t("2026-01-10T13:00:00Z");
        r.apply(1, &c, Some(AT));
        assert_eq!(r.epochs()[1].from, 12);
        assert_eq!((r.epochs()[2].from, r.epochs()[2].split), (12, None));
        assert_well_formed(&r);
        // Turn 9 after 13:00 is still the original list's.
        assert_eq!(who(&r, 9, "2026-01-10T14:00:00Z").unwrap(), "a");
    }

    #[test]
    fn after_full_rotation_from_exactly_a_cycle_start() {
        // 9 January 00:00 starts turn 9, which (9 mod 3 = 0) is the first of a cycle.
        let mut r = Roster::new(names(&["a", "b", "c"]), 0);
        let mut c = change(&["x", "y"], Rollout::AfterFullRotation, false);
        c.effective = t("2026-01-10T00:00:00Z");
        r.apply(0, &c, Some(at(9, "2026-01-10T00:00:00Z", true)));
        assert_eq!(r.epochs()[1].from, 9);
        assert_eq!(who(&r, 9, "2026-01-10T01:00:00Z").unwrap(), "y"); // 9 mod 2 = 1
                                                                      // With an offset of 1 the old cycle starts at turns 2, 5, 8, 11: from 10 → 11.
        let mut r = Roster::new(names(&["a", "b", "c"]), 1);
        let mut c = change(&["x", "y"], Rollout::AfterFullRotation, false);
        c.effective = t("2026-01-10T00:00:00Z");
        r.apply(0, &c, Some(at(10, "2026-01-10T00:00:00Z", true)));
        assert_eq!(r.epochs()[1].from, 11);
        assert_eq!(who(&r, 10, "2026-01-10T01:00:00Z").unwrap(), "c"); // (10 + 1) mod 3 = 2
        assert_well_formed(&r);
    }

    #[test]
    fn immediate_change_in_restricted_time_applies_from_the_next_turn() {
        // active_time counting: the instant lies after turn 9 ended, in inactive time.
        let mut r = Roster::new(names(&["a", "b", "c"]), 0);
        r.apply(
            0,
            &change(&["x", "y"], Rollout::Immediately, false),
            Some(at(9, "2026-01-10T00:00:00Z", false)),
        );
        assert_eq!((r.epochs()[1].from, r.epochs()[1].split), (10, None));
        assert_eq!(who(&r, 9, "2026-01-10T23:00:00Z").unwrap(), "a");
        assert_eq!(who(&r, 10, "2026-01-11T00:00:00Z").unwrap(), "x");
    }

    #[test]
    fn keep_current_with_the_kept_person_and_successors_anywhere_in_the_new_list() {
        // a (turn 9) stays on call and is second on the new list.
        let mut r = Roster::new(names(&["a", "b", "c"]), 0);
        r.apply(
            0,
            &change(&["c", "a", "d"], Rollout::Immediately, true),
            Some(AT),
        );
        assert_eq!(who(&r, 9, "2026-01-10T13:00:00Z").unwrap(), "a");
        assert_eq!(who(&r, 10, "2026-01-11T00:00:00Z").unwrap(), "d");
        assert_well_formed(&r);
        // a is removed while on call: the next of the old order still listed (b) takes over,
        // although b is second on the new list.
        let mut r = Roster::new(names(&["a", "b", "c"]), 0);
        r.apply(
            0,
            &change(&["c", "b"], Rollout::Immediately, true),
            Some(AT),
        );
        assert_eq!(who(&r, 9, "2026-01-10T13:00:00Z").unwrap(), "b");
        assert_eq!(who(&r, 10, "2026-01-11T00:00:00Z").unwrap(), "c");
        // After the current shift, the last old member is gone too: start from their successor.
        let mut r = Roster::new(names(&["a", "b", "c"]), 0);
        r.apply(
            0,
            &change(&["c", "b"], Rollout::AfterCurrentShift, true),
            Some(AT),
        );
        assert_eq!(who(&r, 10, "2026-01-11T00:00:00Z").unwrap(), "b");
        // The last person of a new list is followed by its first.
        let mut r = Roster::new(names(&["a", "b", "c"]), 0);
        r.apply(
            0,
            &change(&["b", "a"], Rollout::AfterCurrentShift, true),
            Some(AT),
        );
        assert_eq!(who(&r, 10, "2026-01-11T00:00:00Z").unwrap(), "b");
        assert_well_formed(&r);
    }

    #[test]
    fn keep_current_from_the_very_first_turn() {
        let mut r = Roster::new(names(&["a", "b"]), 0);
        let mut c = change(&["y", "x"], Rollout::AfterCurrentShift, true);
        c.effective = t("2026-01-01T00:00:00Z");
        r.apply(0, &c, Some(at(0, "2026-01-01T00:00:00Z", true)));
        assert_eq!(r.epochs()[1].from, 0);
        assert_eq!(who(&r, 0, "2026-01-01T00:00:00Z").unwrap(), "y");
    }

    #[test]
    fn huge_turn_numbers_neither_overflow_nor_misplace_members() {
        // u64::MAX = 3 × 6148914691236517205, so it is divisible by 3.
        let r = Roster::new(names(&["a", "b", "c"]), 2);
        assert_eq!(who(&r, u64::MAX, "2026-01-01T00:00:00Z").unwrap(), "c");
        let e = Epoch {
            from: 0,
            split: None,
            members: names(&["a", "b", "c"]),
            handles: Vec::new(),
            offset: 1,
            change: None,
        };
        assert_eq!(next_cycle_start(u64::MAX - 3, &e), u64::MAX - 1);
        assert_eq!(next_cycle_start(u64::MAX, &e), u64::MAX);
        assert_eq!(next_cycle_start(4, &e), 5);
    }

    #[test]
    fn offsets_are_reduced_and_reapplied_to_each_new_list() {
        // Offset 4 on three members is offset 1; on a two-member list it is offset 0.
        let mut r = Roster::new(names(&["a", "b", "c"]), 4);
        assert_eq!(who(&r, 0, "2026-01-01T00:00:00Z").unwrap(), "b");
        r.apply(
            0,
            &change(&["x", "y"], Rollout::AfterCurrentShift, false),
            Some(AT),
        );
        assert_eq!(who(&r, 10, "2026-01-11T00:00:00Z").unwrap(), "x");
        assert_well_formed(&r);
    }
}
