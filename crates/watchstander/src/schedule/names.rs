//! The people table: every person id a schedule mentions, stored once.
//!
//! Validation collects the ids of members, override, swap and temporary-schedule people,
//! listed people, backups and shadows, sorts them and removes duplicates. A person is then
//! referred to by their *handle*, the position of their id in that sorted list: a compiled
//! schedule stores one `u32` per shift, never a copy of the id, so its memory grows with the
//! number of shifts and not with the length of the ids. Because the list is sorted, ordering
//! handles orders people by id.

/// A person's handle: an index into the people table.
pub(crate) type Handle = u32;

/// "No person" / "no layer" in compact tables.
pub(crate) const NONE: u32 = u32::MAX;

/// The sorted, duplicate-free list of every person id of a schedule.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Names {
    list: Vec<String>,
}

impl Names {
    /// Interns `ids` (in any order, with repeats).
    pub(crate) fn build<'a>(ids: impl Iterator<Item = &'a str>) -> Names {
        let mut list: Vec<&str> = ids.collect();
        list.sort_unstable();
        list.dedup();
        Names {
            list: list.into_iter().map(str::to_string).collect(),
        }
    }

    /// The handle of `id`, if the schedule mentions it.
    pub(crate) fn get(&self, id: &str) -> Option<Handle> {
        let i = self.list.binary_search_by(|p| p.as_str().cmp(id)).ok()?;
        u32::try_from(i).ok()
    }

    /// The handle of `id`, or [`NONE`] for an id the schedule never mentions (which then
    /// matches nobody).
    pub(crate) fn handle(&self, id: &str) -> Handle {
        self.get(id).unwrap_or(NONE)
    }

    /// The id of `handle` (empty for an unknown handle).
    pub(crate) fn name(&self, handle: Handle) -> &str {
        self.list.get(handle as usize).map_or("", String::as_str)
    }

    /// Every id, sorted; index = handle.
    pub(crate) fn list(&self) -> &[String] {
        &self.list
    }

    /// How many people the table holds.
    pub(crate) fn len(&self) -> usize {
        self.list.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_are_positions_in_the_sorted_list() {
        let n = Names::build(["bob", "alice", "bob", "carol"].into_iter());
        assert_eq!(n.list(), ["alice", "bob", "carol"]);
        assert_eq!(n.get("bob"), Some(1));
        assert_eq!(n.get("dave"), None);
        assert_eq!(n.handle("dave"), NONE);
        assert_eq!(n.name(2), "carol");
        assert_eq!(n.name(NONE), "");
        assert_eq!(n.len(), 3);
    }
}
