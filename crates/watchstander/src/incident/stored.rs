//! How a live incident stores its events: compactly, and findable by id.
//!
//! An [`Event`] is a general value (five strings, a kind with up to six fields); a live
//! incident holding a million of them would spend most of its memory on repeated strings.
//! Stored events instead keep the id and free text as boxed strings, name people, roles and
//! severities by a [`Symbols`] number, and leave out the incident id (the same for every
//! event of an incident). Rare kinds keep their [`EventKind`] in a box. A stored event turns
//! back into exactly the event it came from.
//!
//! [`IdTable`] finds an event by id: an open-addressing hash table of positions into the
//! event list (8 bytes a slot), hashing the ids where they are stored rather than keeping a
//! second copy of each.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};

use chrono::{DateTime, Utc};

use super::{Event, EventKind, Status};
use crate::severity::Audience;

/// Interned strings: people, roles, severities.
#[derive(Debug, Clone, Default)]
pub(crate) struct Symbols {
    names: Vec<Box<str>>,
    ids: HashMap<Box<str>, u32>,
}

impl Symbols {
    fn intern(&mut self, s: String) -> u32 {
        if let Some(&i) = self.ids.get(s.as_str()) {
            return i;
        }
        let i = self.names.len() as u32;
        let boxed = s.into_boxed_str();
        self.names.push(boxed.clone());
        self.ids.insert(boxed, i);
        i
    }

    fn get(&self, i: u32) -> &str {
        self.names.get(i as usize).map_or("", |s| s)
    }
}

/// A stored event's kind.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    Acknowledged,
    ImpactEnded,
    Status {
        to: Status,
        from: Option<Status>,
        reason: Option<Box<str>>,
    },
    Severity {
        to: u32,
        reason: Box<str>,
    },
    Role {
        assigned: bool,
        role: u32,
        person: u32,
    },
    Participant {
        joined: bool,
        person: u32,
    },
    ImpactStarted(Option<Box<str>>),
    Update(Audience, Box<str>),
    Note(Box<str>),
    Reopened(Status, Box<str>),
    /// Detection, merges, follow-ups, severity changes citing criteria.
    Other(Box<EventKind>),
}

/// An event as a live incident stores it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Stored {
    id: Box<str>,
    occurred_at: DateTime<Utc>,
    recorded_at: DateTime<Utc>,
    actor: u32,
    kind: Kind,
}

fn boxed(s: String) -> Box<str> {
    s.into_boxed_str()
}

impl Stored {
    /// Stores `e` (whose incident id the caller keeps).
    pub(crate) fn new(e: Event, sym: &mut Symbols) -> Stored {
        let kind = match e.kind {
            EventKind::Acknowledged {} => Kind::Acknowledged,
            EventKind::ImpactEnded {} => Kind::ImpactEnded,
            EventKind::StatusChanged { to, from, reason } => Kind::Status {
                to,
                from,
                reason: reason.map(boxed),
            },
            EventKind::SeverityChanged {
                to,
                reason,
                criteria,
            } if criteria.is_empty() => Kind::Severity {
                to: sym.intern(to),
                reason: boxed(reason),
            },
            EventKind::RoleAssigned { role, person } => Kind::Role {
                assigned: true,
                role: sym.intern(role),
                person: sym.intern(person),
            },
            EventKind::RoleReleased { role, person } => Kind::Role {
                assigned: false,
                role: sym.intern(role),
                person: sym.intern(person),
            },
            EventKind::ParticipantJoined { person } => Kind::Participant {
                joined: true,
                person: sym.intern(person),
            },
            EventKind::ParticipantLeft { person } => Kind::Participant {
                joined: false,
                person: sym.intern(person),
            },
            EventKind::ImpactStarted { description } => Kind::ImpactStarted(description.map(boxed)),
            EventKind::StatusUpdatePosted { audience, text } => Kind::Update(audience, boxed(text)),
            EventKind::Note { text } => Kind::Note(boxed(text)),
            EventKind::Reopened { to, reason } => Kind::Reopened(to, boxed(reason)),
            other => Kind::Other(Box::new(other)),
        };
        Stored {
            id: boxed(e.id),
            occurred_at: e.occurred_at,
            recorded_at: e.recorded_at,
            actor: sym.intern(e.actor),
            kind,
        }
    }

    /// The event it was made from.
    pub(crate) fn event(&self, incident: &str, sym: &Symbols) -> Event {
        let s = |i: u32| sym.get(i).to_string();
        let kind = match &self.kind {
            Kind::Acknowledged => EventKind::Acknowledged {},
            Kind::ImpactEnded => EventKind::ImpactEnded {},
            Kind::Status { to, from, reason } => EventKind::StatusChanged {
                to: *to,
                from: *from,
                reason: reason.as_deref().map(str::to_string),
            },
            Kind::Severity { to, reason } => EventKind::SeverityChanged {
                to: s(*to),
                reason: reason.to_string(),
                criteria: Vec::new(),
            },
            Kind::Role {
                assigned,
                role,
                person,
            } => {
                let (role, person) = (s(*role), s(*person));
                if *assigned {
                    EventKind::RoleAssigned { role, person }
                } else {
                    EventKind::RoleReleased { role, person }
                }
            }
            Kind::Participant { joined, person } => {
                let person = s(*person);
                if *joined {
                    EventKind::ParticipantJoined { person }
                } else {
                    EventKind::ParticipantLeft { person }
                }
            }
            Kind::ImpactStarted(d) => EventKind::ImpactStarted {
                description: d.as_deref().map(str::to_string),
            },
            Kind::Update(audience, text) => EventKind::StatusUpdatePosted {
                audience: *audience,
                text: text.to_string(),
            },
            Kind::Note(text) => EventKind::Note {
                text: text.to_string(),
            },
            Kind::Reopened(to, reason) => EventKind::Reopened {
                to: *to,
                reason: reason.to_string(),
            },
            Kind::Other(k) => (**k).clone(),
        };
        Event {
            id: self.id.to_string(),
            incident: incident.to_string(),
            occurred_at: self.occurred_at,
            recorded_at: self.recorded_at,
            actor: s(self.actor),
            kind,
        }
    }

    /// The id.
    pub(crate) fn id(&self) -> &str {
        &self.id
    }

    /// When it occurred.
    pub(crate) fn occurred_at(&self) -> DateTime<Utc> {
        self.occurred_at
    }

    fn is_detection(&self) -> bool {
        matches!(&self.kind, Kind::Other(k) if matches!(**k, EventKind::Detected { .. }))
    }

    /// Fold order (see [`FoldKey`](super::FoldKey)) between this stored event and `e`.
    pub(crate) fn fold_cmp(&self, e: &Event) -> Ordering {
        let not_detection = !matches!(e.kind, EventKind::Detected { .. });
        (
            self.occurred_at,
            !self.is_detection(),
            self.recorded_at,
            &*self.id,
        )
            .cmp(&(e.occurred_at, not_detection, e.recorded_at, e.id.as_str()))
    }
}

/// Positions of events by id (see the [module documentation](self)).
#[derive(Debug, Clone)]
pub(crate) struct IdTable {
    hasher: RandomState,
    /// `(position + 1, upper 32 bits of the id's hash)`; position 0 marks an empty slot. The
    /// slot of an id is its hash fragment modulo the table size, so growing the table never
    /// hashes an id again.
    slots: Vec<(u32, u32)>,
    len: usize,
}

impl Default for IdTable {
    fn default() -> Self {
        IdTable {
            hasher: RandomState::new(),
            slots: Vec::new(),
            len: 0,
        }
    }
}

/// An id's hash, as the table uses it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct IdHash(u32);

impl IdTable {
    /// The hash of `id` (to look it up and then insert it without hashing twice).
    pub(crate) fn hash(&self, id: &str) -> IdHash {
        IdHash((self.hasher.hash_one(id) >> 32) as u32)
    }

    /// The position of the event with this id (hashed as `h`), if any.
    pub(crate) fn get(&self, id: &str, h: IdHash, events: &[Stored]) -> Option<usize> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = (h.0 as usize) & mask;
        loop {
            let (pos, frag) = *self.slots.get(i)?;
            if pos == 0 {
                return None;
            }
            let p = (pos - 1) as usize;
            if frag == h.0 && events.get(p).is_some_and(|e| e.id() == id) {
                return Some(p);
            }
            i = (i + 1) & mask;
        }
    }

    /// Records that the event at `position` has the id hashed as `h` (not yet in the table).
    pub(crate) fn insert(&mut self, position: usize, h: IdHash) {
        if (self.len + 1) * 2 > self.slots.len() {
            let capacity = (self.slots.len() * 2).max(16);
            let old = std::mem::replace(&mut self.slots, vec![(0, 0); capacity]);
            for (pos, frag) in old.into_iter().filter(|(p, _)| *p != 0) {
                self.place(pos, frag);
            }
        }
        self.place(position as u32 + 1, h.0);
        self.len += 1;
    }

    fn place(&mut self, pos: u32, frag: u32) {
        let mask = self.slots.len() - 1;
        let mut i = (frag as usize) & mask;
        while let Some(slot) = self.slots.get_mut(i) {
            if slot.0 == 0 {
                *slot = (pos, frag);
                return;
            }
            i = (i + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(id: &str, sym: &mut Symbols) -> Stored {
        let e: Event = serde_json::from_value(serde_json::json!({
            "id": id, "incident": "I", "kind": "acknowledged",
            "occurred_at": "2026-11-26T09:40:00Z", "recorded_at": "2026-11-26T09:40:00Z",
            "actor": "a"}))
        .unwrap();
        Stored::new(e, sym)
    }

    #[test]
    fn ids_whose_hash_fragments_collide_are_told_apart_by_the_id_itself() {
        // Two ids with the same 32-bit fragment share a probe chain; a lookup must compare
        // the ids too, or one would be found as the other.
        let mut sym = Symbols::default();
        let events = vec![stored("a", &mut sym), stored("b", &mut sym)];
        let mut table = IdTable::default();
        let same = IdHash(7);
        table.insert(0, same);
        assert_eq!(table.get("a", same, &events), Some(0));
        assert_eq!(table.get("b", same, &events), None);
        table.insert(1, same);
        assert_eq!(table.get("b", same, &events), Some(1));
        assert_eq!(table.get("a", same, &events), Some(0));
        // An id that is there but looked up with another fragment is not found by accident.
        assert_eq!(table.get("c", IdHash(8), &events), None);
    }

    #[test]
    fn the_table_doubles_when_it_would_be_more_than_half_full() {
        // Half full at most, so a probe for a missing id soon meets an empty slot; and no
        // larger than that needs (16 slots at least).
        let mut table = IdTable::default();
        for n in 1..=200usize {
            table.insert(n - 1, IdHash(n as u32));
            assert_eq!(
                table.slots.len(),
                (2 * n).next_power_of_two().max(16),
                "{n} ids"
            );
        }
    }

    #[test]
    fn ids_are_spread_over_the_table_by_their_hash() {
        // The fragment is the upper half of a 64-bit hash: a thousand ids all but never share
        // one (a shared fragment is a longer probe, not a wrong answer).
        let table = IdTable::default();
        let fragments: std::collections::HashSet<u32> =
            (0..1000).map(|i| table.hash(&format!("e{i}")).0).collect();
        assert!(fragments.len() > 990, "{}", fragments.len());
    }
}
