//! A deterministic generator of long, valid, mixed incident histories, shared by the scale
//! tests and the `incident` benchmark (which includes this file by path).
//!
//! Event `i` occurs 1–9 seconds after event `i - 1` (mulberry32, seed 7), so a million events
//! span about two months and cross business-hour boundaries. The mix: notes, status updates
//! to every audience, severity changes among SEV-1..SEV-4, status changes between the open
//! statuses, resolutions and reopenings (the resolve clock's pauses and resumes), role
//! handovers, releases and subject-matter experts, participants joining and leaving,
//! acknowledgements, follow-ups and customer-impact windows. Every event is valid where it
//! stands, so the history folds without error.
#![allow(dead_code)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use watchstander::incident::{Event, EventKind, Status};
use watchstander::severity::Audience;

/// mulberry32, the PRNG the other benches use.
pub struct Mulberry32(pub u32);

impl Mulberry32 {
    /// The next 32 random bits.
    pub fn next_u32(&mut self) -> u32 {
        self.0 = self.0.wrapping_add(0x6D2B_79F5);
        let mut t = self.0;
        t = (t ^ (t >> 15)).wrapping_mul(t | 1);
        t ^= t.wrapping_add((t ^ (t >> 7)).wrapping_mul(t | 61));
        t ^ (t >> 14)
    }
}

const SEVERITIES: [&str; 4] = ["SEV-1", "SEV-2", "SEV-3", "SEV-4"];
const EXCLUSIVE: [&str; 4] = [
    "incident_commander",
    "communications_lead",
    "scribe",
    "operations_lead",
];
const PEOPLE: usize = 24;

/// A string whose capacity is its length, as strings read from JSON are.
fn exact(s: String) -> String {
    s.into_boxed_str().into_string()
}

/// Generates the history one event at a time (an iterator), tracking just enough of the
/// incident to keep every event valid.
pub struct Mixed {
    rng: Mulberry32,
    n: usize,
    i: usize,
    t: DateTime<Utc>,
    status: Status,
    severity: usize,
    holders: [Option<usize>; 4],
    experts: Vec<usize>,
    present: [bool; PEOPLE],
    impact_open: bool,
}

impl Mixed {
    /// A history of `n` events (the first is the detection), starting on Monday
    /// 2026-11-23 08:00 UTC.
    pub fn new(n: usize) -> Mixed {
        Mixed {
            rng: Mulberry32(7),
            n,
            i: 0,
            t: Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap(),
            status: Status::Triage,
            severity: 2,
            holders: [None; 4],
            experts: Vec::new(),
            present: [false; PEOPLE],
            impact_open: false,
        }
    }

    fn event(&self, actor: usize, kind: EventKind) -> Event {
        Event {
            id: exact(format!("e{}", self.i)),
            incident: "INC-1".to_string(),
            occurred_at: self.t,
            recorded_at: self.t,
            actor: exact(format!("p{actor:02}")),
            kind,
        }
    }

    fn note(&self, r: u32) -> EventKind {
        EventKind::Note {
            text: exact(format!("checked shard {}", r % 97)),
        }
    }

    fn next_kind(&mut self, r: u32) -> EventKind {
        let pick = (r >> 8) as usize;
        let person = pick % PEOPLE;
        let open = self.status.is_open();
        match r % 100 {
            0..=24 => self.note(r),
            25..=39 => {
                let audience =
                    [Audience::Internal, Audience::Executive, Audience::External][pick % 3];
                EventKind::StatusUpdatePosted {
                    audience,
                    text: "We are still working on it".to_string(),
                }
            }
            40..=49 => {
                let to = (self.severity + 1 + pick % 3) % 4;
                self.severity = to;
                EventKind::SeverityChanged {
                    to: SEVERITIES[to].to_string(),
                    reason: "re-assessed".to_string(),
                    criteria: Vec::new(),
                }
            }
            50..=59 if open => {
                let choices = [
                    Status::Investigating,
                    Status::Identified,
                    Status::Monitoring,
                ];
                let to = choices
                    .into_iter()
                    .filter(|s| *s != self.status)
                    .nth(pick % 2)
                    .unwrap_or(Status::Investigating);
                self.status = to;
                EventKind::StatusChanged {
                    to,
                    from: None,
                    reason: None,
                }
            }
            60..=64 if open => {
                self.status = Status::Resolved;
                EventKind::StatusChanged {
                    to: Status::Resolved,
                    from: None,
                    reason: Some("fixed".to_string()),
                }
            }
            50..=69 if !open => {
                if self.status == Status::Resolved && pick.is_multiple_of(4) {
                    self.status = Status::PostIncident;
                    EventKind::StatusChanged {
                        to: Status::PostIncident,
                        from: None,
                        reason: None,
                    }
                } else {
                    self.status = Status::Investigating;
                    EventKind::Reopened {
                        to: Status::Investigating,
                        reason: "it came back".to_string(),
                    }
                }
            }
            65..=74 => {
                let slot = pick % 5;
                if slot < 4 {
                    if self.holders[slot] == Some(person) {
                        return self.note(r);
                    }
                    self.holders[slot] = Some(person);
                    self.present[person] = true;
                    EventKind::RoleAssigned {
                        role: EXCLUSIVE[slot].to_string(),
                        person: exact(format!("p{person:02}")),
                    }
                } else {
                    if self.experts.contains(&person) {
                        return self.note(r);
                    }
                    self.experts.push(person);
                    self.present[person] = true;
                    EventKind::RoleAssigned {
                        role: "subject_matter_expert".to_string(),
                        person: exact(format!("p{person:02}")),
                    }
                }
            }
            75..=79 => {
                if let Some(p) = self.experts.pop() {
                    EventKind::RoleReleased {
                        role: "subject_matter_expert".to_string(),
                        person: exact(format!("p{p:02}")),
                    }
                } else {
                    self.note(r)
                }
            }
            80..=84 => {
                if self.present[person] {
                    self.present[person] = false;
                    for h in &mut self.holders {
                        if *h == Some(person) {
                            *h = None;
                        }
                    }
                    self.experts.retain(|p| *p != person);
                    EventKind::ParticipantLeft {
                        person: exact(format!("p{person:02}")),
                    }
                } else {
                    self.present[person] = true;
                    EventKind::ParticipantJoined {
                        person: exact(format!("p{person:02}")),
                    }
                }
            }
            85..=89 if open => EventKind::Acknowledged {},
            90..=93 => {
                if self.impact_open {
                    self.impact_open = false;
                    EventKind::ImpactEnded {}
                } else {
                    self.impact_open = true;
                    EventKind::ImpactStarted {
                        description: Some("slow checkouts".to_string()),
                    }
                }
            }
            94..=95 => EventKind::FollowUpCreated {
                title: exact(format!("fix shard {}", r % 97)),
                owner: Some(exact(format!("p{person:02}"))),
                due: None,
            },
            _ => self.note(r),
        }
    }
}

impl Iterator for Mixed {
    type Item = Event;

    fn next(&mut self) -> Option<Event> {
        if self.i >= self.n {
            return None;
        }
        let r = self.rng.next_u32();
        let e = if self.i == 0 {
            self.event(
                0,
                EventKind::Detected {
                    title: "Checkout errors".to_string(),
                    severity: SEVERITIES[self.severity].to_string(),
                    alerts: vec!["am-1".to_string()],
                    service: Some("payments-api".to_string()),
                    summary: None,
                    criteria: Vec::new(),
                },
            )
        } else {
            self.t += Duration::seconds(1 + (r % 9) as i64);
            let kind = self.next_kind(r >> 4);
            self.event((r as usize >> 20) % PEOPLE, kind)
        };
        self.i += 1;
        Some(e)
    }
}
