//! Handoff notifications: "you are on call from 09:00" messages a set time before each
//! handoff, per person, on their own clock (PagerDuty's "before I go on call or off call"
//! rules, GoAlert's on-call notifications).
//!
//! Each handoff of a compiled schedule inside the window gives an **on-call** notice to every
//! person who comes on call there and, if asked, an **off-call** notice to every person who
//! goes off; people on call on both sides get nothing. The notice is sent `lead` before the
//! handoff — the person's own `handoff_notice` if their profile has one — and its text reads
//! the times on the person's clock.
//!
//! ```
//! use watchstander::escalation::{handoff_notices, HandoffKind};
//! use watchstander::schedule::{Interval, Schedule};
//! use watchstander::time::parse_instant;
//!
//! let schedule: Schedule = serde_json::from_value(serde_json::json!({
//!   "id": "payments", "zone": "Europe/London",
//!   "people": [{"id": "bob", "zone": "America/New_York"}],
//!   "layers": [{"id": "weekly", "rotation": {"members": ["alice", "bob"],
//!     "anchor": "2026-01-05T09:00", "handoff": {"every": 1, "unit": "weeks"}}}]}))?;
//! let window = Interval::new(parse_instant("2026-03-05T00:00:00Z")?, parse_instant("2026-03-20T00:00:00Z")?)?;
//! let compiled = schedule.compile(window)?;
//! let notices = handoff_notices(&compiled, &[], window, chrono::Duration::hours(1), false)?;
//! // Monday 9 March, 09:00 in London is 09:00Z; Bob takes over. He is told at 08:00Z, which is
//! // 04:00 in New York (the US moved its clocks on the 8th).
//! let n = &notices[0];
//! assert_eq!((n.person.as_str(), n.kind), ("bob", HandoffKind::OnCall));
//! assert_eq!(n.at.to_rfc3339(), "2026-03-09T08:00:00+00:00");
//! assert!(n.text.starts_with("You are on call for payments from Mon 9 Mar 05:00 (America/New_York)"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::rules::PersonProfile;
use super::EscalationError;
use crate::schedule::{CompiledSchedule, Interval};
use crate::time::Zone;

/// Going on call or off call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum HandoffKind {
    /// The person comes on call at the handoff.
    OnCall,
    /// The person goes off call at the handoff.
    OffCall,
}

/// One handoff notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HandoffNotice {
    /// When to send it.
    pub at: DateTime<Utc>,
    /// To whom.
    pub person: String,
    /// On or off call.
    pub kind: HandoffKind,
    /// The schedule.
    pub schedule: String,
    /// The handoff instant.
    pub handoff: DateTime<Utc>,
    /// For an on-call notice: when they next go off call, if inside the compiled window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<DateTime<Utc>>,
    /// The person's zone, in which the text reads the times.
    pub zone: Zone,
    /// The layers whose turn changes at the handoff.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub layers: Vec<String>,
    /// The message.
    pub text: String,
}

fn local(zone: Zone, t: DateTime<Utc>) -> String {
    zone.to_local(t).format("%a %-d %b %H:%M").to_string()
}

/// Handoff notices for the handoffs of `compiled` inside `window` (which must lie within the
/// compiled window), sorted by send time then person. `people` gives zones and per-person
/// leads; others use the schedule's zone for them and `lead`. `off_call` adds off-call notices.
/// `lead` is at most 48 hours.
pub fn handoff_notices(
    compiled: &CompiledSchedule,
    people: &[PersonProfile],
    window: Interval,
    lead: Duration,
    off_call: bool,
) -> Result<Vec<HandoffNotice>, EscalationError> {
    let max = Duration::minutes(super::rules::MAX_HANDOFF_NOTICE_MINUTES);
    if lead < Duration::zero() || lead > max {
        return Err(EscalationError::InvalidBound {
            reason: format!(
                "the handoff notice lead is {} minutes; it must be 0 to {} minutes",
                lead.num_minutes(),
                max.num_minutes()
            ),
        });
    }
    let handoffs = compiled.handoffs(window)?;
    let all = compiled.handoffs(compiled.window())?;
    let schedule = compiled.schedule_id();
    let profile = |p: &str| people.iter().find(|x| x.id() == p);
    let zone_of = |p: &str| {
        profile(p)
            .and_then(|x| x.spec().zone)
            .unwrap_or_else(|| compiled.person_zone(p))
    };
    let mut out = Vec::new();
    for h in handoffs {
        let mut add = |person: &str, kind: HandoffKind| {
            let zone = zone_of(person);
            let lead = profile(person)
                .and_then(|x| x.handoff_notice())
                .unwrap_or(lead);
            let until = match kind {
                HandoffKind::OffCall => None,
                HandoffKind::OnCall => {
                    // The first later handoff at which they leave.
                    let from = all.partition_point(|x| x.at <= h.at);
                    all.get(from..)
                        .unwrap_or(&[])
                        .iter()
                        .find(|x| {
                            x.from.iter().any(|p| p == person) && !x.to.iter().any(|p| p == person)
                        })
                        .map(|x| x.at)
                }
            };
            let text = match kind {
                HandoffKind::OnCall => format!(
                    "You are on call for {schedule} from {} ({zone}){}.",
                    local(zone, h.at),
                    until
                        .map(|u| format!(" until {}", local(zone, u)))
                        .unwrap_or_default()
                ),
                HandoffKind::OffCall => format!(
                    "You go off call for {schedule} at {} ({zone}).",
                    local(zone, h.at)
                ),
            };
            let Some(at) = h.at.checked_sub_signed(lead) else {
                return;
            };
            out.push(HandoffNotice {
                at,
                person: person.to_string(),
                kind,
                schedule: schedule.to_string(),
                handoff: h.at,
                until,
                zone,
                layers: h.layers.clone(),
                text,
            });
        };
        for p in h.to.iter().filter(|p| !h.from.contains(p)) {
            add(p, HandoffKind::OnCall);
        }
        if off_call {
            for p in h.from.iter().filter(|p| !h.to.contains(p)) {
                add(p, HandoffKind::OffCall);
            }
        }
    }
    out.sort_by(|a, b| (a.at, &a.person).cmp(&(b.at, &b.person)));
    Ok(out)
}
