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
    pub offset: u64,
    /// Index of the roster change that made this epoch (`None` for the initial list).
    pub change: Option<usize>,
}

/// Who has a turn, and their place in the roster.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Assigned<'a> {
    pub person: &'a str,
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
}

impl Roster {
    pub(crate) fn new(members: Vec<String>, offset: u32) -> Roster {
        Roster {
            epochs: vec![Epoch {
                from: 0,
                split: None,
                members,
                offset: u64::from(offset),
                change: None,
            }],
        }
    }

    fn epoch_index(&self, number: u64, at: DateTime<Utc>) -> usize {
        self.epochs
            .partition_point(|e| {
                e.from < number || (e.from == number && e.split.is_none_or(|s| s <= at))
            })
            .saturating_sub(1)
    }

    /// The member of turn `number` at instant `at` (which matters only inside a split turn).
    pub(crate) fn member(&self, number: u64, at: DateTime<Utc>) -> Option<Assigned<'_>> {
        let e = self.epochs.get(self.epoch_index(number, at))?;
        let n = e.members.len() as u64;
        if n == 0 {
            return None;
        }
        let i = usize::try_from((number % n + e.offset % n) % n).ok()?;
        Some(Assigned {
            person: e.members.get(i)?,
            member_index: i,
            roster_size: e.members.len(),
            change: e.change,
        })
    }

    /// Instants at which turn `number` changes hands because of an immediate roster change.
    pub(crate) fn splits(&self, number: u64) -> impl Iterator<Item = DateTime<Utc>> + '_ {
        self.epochs
            .iter()
            .filter(move |e| e.from == number)
            .filter_map(|e| e.split)
    }

    /// Every member who appears in any epoch.
    pub(crate) fn all_members(&self) -> impl Iterator<Item = &str> {
        self.epochs
            .iter()
            .flat_map(|e| e.members.iter().map(String::as_str))
    }

    /// The member lists with the turn each starts at, for reports.
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
            offset: 0,
            change: None,
        });
        let base_offset = self.epochs.first().map_or(0, |e| e.offset);
        let t = change.effective;
        let (from, split) = match at {
            None => (0, None),
            Some(tr) => match change.rollout {
                Rollout::Immediately => {
                    if tr.contains && t > tr.start {
                        (tr.number, Some(t))
                    } else if tr.contains {
                        (tr.number, None)
                    } else {
                        (tr.number + 1, None)
                    }
                }
                Rollout::AfterCurrentShift => {
                    if tr.contains && t == tr.start {
                        (tr.number, None)
                    } else {
                        (tr.number + 1, None)
                    }
                }
                Rollout::AfterFullRotation => {
                    let first = if tr.contains && t == tr.start {
                        tr.number
                    } else {
                        tr.number + 1
                    };
                    (next_cycle_start(first, &last), None)
                }
            },
        };
        // A later change never takes effect before an earlier one.
        let (from, split) =
            if (from, split.is_some(), split) < (last.from, last.split.is_some(), last.split) {
                (last.from, last.split)
            } else {
                (from, split)
            };
        let n1 = change.members.len() as u64;
        let offset = match (change.keep_current_on_call, at, n1) {
            (true, Some(_), 1..) => {
                let target = match split {
                    // The person on call at `effective` keeps the rest of the turn.
                    Some(s) => self.keep_index(from, s, &change.members),
                    None if at
                        .is_some_and(|tr| tr.contains && tr.start == t && from == tr.number) =>
                    {
                        self.keep_index(from, t, &change.members)
                    }
                    None if from > 0 => self.after_index(from - 1, t, &change.members),
                    None => 0,
                };
                (target as u64 + n1 - from % n1) % n1
            }
            _ => base_offset,
        };
        self.epochs.push(Epoch {
            from,
            split,
            members: change.members.clone(),
            offset,
            change: Some(index),
        });
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
        match new.iter().position(|m| m == cur.person) {
            Some(j) => (j + 1) % new.len().max(1),
            None => self.successor_in(number, at, cur.member_index, new),
        }
    }

    fn successor_in(&self, number: u64, at: DateTime<Utc>, i: usize, new: &[String]) -> usize {
        let Some(e) = self.epochs.get(self.epoch_index(number, at)) else {
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
    let pos = (first % n + e.offset % n) % n;
    first + (n - pos) % n
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
}
