//! Notifications — one contact attempt to one person — and how a reached level becomes them:
//! the person's rules for the urgency, then sleep-aware deferral or partner routing.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::directory::Directory;
use super::name::Name;
use super::policy::SleepMode;
use super::rules::{Attempt, ContactKind};
use super::sleep::wake_time;
use super::target::{Recipient, Via};
use super::urgency::Urgency;
use super::why::{text, Because, Explanation};
use super::EscalationError;
use crate::schedule::Interval;

/// Why a level was reached (and so why its people are notified).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// The incident triggered.
    Triggered,
    /// Nobody acknowledged within the previous level's delay.
    Escalated,
    /// A new loop started after the last level.
    Repeated,
    /// An acknowledgement timed out and the incident is triggered again.
    AckTimeout,
    /// The urgency went from low to high (support hours started, or the severity changed).
    UrgencyRaised,
    /// The incident was reassigned to this policy.
    Reassigned,
    /// The incident was re-triggered.
    Retriggered,
    /// Someone escalated it by hand.
    Manual,
}

/// One notification in compact form: names as directory numbers, everything else by value.
/// This is what the engine keeps and what bulk planning returns
/// ([`plan_compact`](super::plan_compact)); [`to_notification`](CompactNotification::to_notification)
/// gives the full [`Notification`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompactNotification {
    /// When to send it.
    pub at: DateTime<Utc>,
    /// Who: a person number ([`Directory::person_name`]).
    pub person: u32,
    /// The policy number ([`Directory::policy_name`]).
    pub policy: u16,
    /// The level, from 1.
    pub level: u16,
    /// The loop, from 1.
    pub loop_number: u16,
    /// Which of the person's rules for the urgency, from 1.
    pub attempt: u16,
    /// The urgency the rules were chosen for.
    pub urgency: Urgency,
    /// Why the level was reached.
    pub cause: Cause,
    /// How the person came to be on the level.
    pub via: Via,
    /// The schedule number, if a schedule put them on call ([`Directory::schedule_name`]).
    pub schedule: Option<u16>,
    /// The layer number within that schedule ([`Directory::layer_name`]).
    pub layer: Option<u16>,
    /// When the rule would have sent it, if sleep hours held it back.
    pub deferred_from: Option<DateTime<Utc>>,
    /// The sleeping person (number) a partner stands in for.
    pub instead_of: Option<u32>,
    /// Why the person is on the level, as data (nothing when explanations are off); see
    /// [`why`](CompactNotification::why).
    pub(crate) because: Because,
}

impl CompactNotification {
    /// The full notification, with names, contact method and address.
    pub fn to_notification(&self, dir: &Directory, incident: &str) -> Notification {
        self.clone().named(dir, &Name::from(incident))
    }

    /// The reason in words (empty when explanations were off), written when read.
    pub fn why(&self, dir: &Directory) -> Explanation {
        Explanation::attempt(dir, self.clone())
    }

    /// As [`to_notification`](CompactNotification::to_notification), without copying.
    pub fn into_notification(self, dir: &Directory, incident: &str) -> Notification {
        self.named(dir, &Name::from(incident))
    }

    /// The full notification, sharing the directory's names (and `incident`).
    pub(crate) fn named(self, dir: &Directory, incident: &Name) -> Notification {
        let contact = dir.contact_shared(self.person, self.urgency, self.attempt);
        let method = dir
            .profile(self.person)
            .and_then(|p| {
                p.attempts(self.urgency)
                    .get(usize::from(self.attempt).saturating_sub(1))
            })
            .and_then(|a| a.contact.as_ref())
            .map(|c| c.kind);
        Notification {
            at: self.at,
            incident: incident.clone(),
            person: dir.person_shared(self.person),
            policy: dir.policy_shared(self.policy),
            level: u32::from(self.level),
            loop_number: u32::from(self.loop_number),
            urgency: self.urgency,
            attempt: u32::from(self.attempt),
            contact: contact.map(|c| c.0.clone()),
            method,
            address: contact.and_then(|c| c.1.clone()),
            cause: self.cause,
            via: self.via,
            schedule: self.schedule.map(|s| dir.schedule_shared(s)),
            layer: match (self.schedule, self.layer) {
                (Some(s), Some(l)) => Some(dir.layer_shared(s, l)),
                _ => None,
            },
            deferred_from: self.deferred_from,
            instead_of: self.instead_of.map(|p| dir.person_shared(p)),
            why: Explanation::attempt(dir, self),
        }
    }
}

/// One notification: who is contacted, when, how, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "EscalationNotification"))]
pub struct Notification {
    /// When to send it.
    #[serde(serialize_with = "super::json::instant")]
    pub at: DateTime<Utc>,
    /// The incident.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub incident: Name,
    /// Who.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub person: Name,
    /// The escalation policy.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub policy: Name,
    /// The level, from 1.
    pub level: u32,
    /// The loop (pass through the policy), from 1.
    #[serde(rename = "loop")]
    pub loop_number: u32,
    /// The urgency the rules were chosen for.
    pub urgency: Urgency,
    /// Which of the person's rules for this urgency, from 1.
    pub attempt: u32,
    /// The contact method id (absent for a person without contact methods).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub contact: Option<Name>,
    /// The contact method's kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<ContactKind>,
    /// The contact method's address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub address: Option<Name>,
    /// Why the level was reached.
    pub cause: Cause,
    /// How the person came to be on the level.
    pub via: Via,
    /// The schedule that put them on call, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub schedule: Option<Name>,
    /// The schedule layer, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub layer: Option<Name>,
    /// When the rule would have sent it, if it was held back for the person's sleep hours.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "super::json::instant_opt"
    )]
    pub deferred_from: Option<DateTime<Utc>>,
    /// The sleeping person this was routed away from (follow-the-sun partner).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<String>"))]
    pub instead_of: Option<Name>,
    // Written when it is read or serialised (an `Explanation`).
    /// The whole reason in words (empty when explanations are turned off).
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub why: Explanation,
}

/// Where a level visit is, for building its notifications.
pub(crate) struct Visit {
    pub policy: u16,
    pub level: usize,
    pub loop_index: u32,
    pub urgency: Urgency,
    pub cause: Cause,
    pub at: DateTime<Utc>,
    pub sleep: SleepMode,
}

/// The notifications one recipient gets from a level visit, in time order, appended to `out`.
pub(crate) fn attempts_for(
    dir: &Directory,
    visit: &Visit,
    r: &Recipient,
    out: &mut Vec<CompactNotification>,
) -> Result<(), EscalationError> {
    // Someone without a profile is contacted once, at once (as `PersonProfile::bare`).
    static BARE: [Attempt; 1] = [Attempt {
        after: Duration::zero(),
        contact: None,
    }];
    let profile = dir.profile(r.person);
    let attempts = profile.map_or(&BARE[..], |p| p.attempts(visit.urgency));
    let sleep = match (visit.urgency, visit.sleep, profile) {
        (Urgency::Low, SleepMode::Defer | SleepMode::Partner, Some(p)) => {
            p.sleep().map(|w| (p.zone(), w))
        }
        _ => None,
    };
    for (i, a) in attempts.iter().enumerate() {
        let planned = visit.at + a.after;
        let wake = match sleep {
            Some((zone, w)) => wake_time(zone, w, planned)?,
            None => None,
        };
        let at = wake.unwrap_or(planned);
        out.push(CompactNotification {
            at,
            person: r.person,
            policy: visit.policy,
            level: (visit.level + 1) as u16,
            loop_number: (visit.loop_index + 1) as u16,
            urgency: visit.urgency,
            attempt: (i + 1) as u16,
            cause: visit.cause,
            via: r.via,
            schedule: r.schedule,
            layer: r.layer,
            deferred_from: wake.map(|_| planned),
            instead_of: r.instead_of,
            because: r.because.clone(),
        });
    }
    Ok(())
}

/// Whether person number `person` is asleep at `t` (on their own clock).
pub(crate) fn asleep(
    dir: &Directory,
    person: u32,
    t: DateTime<Utc>,
) -> Result<bool, EscalationError> {
    let Some(profile) = dir.profile(person) else {
        return Ok(false);
    };
    let Some(w) = profile.sleep() else {
        return Ok(false);
    };
    Ok(wake_time(profile.zone(), w, t)?.is_some())
}

/// An awake follow-the-sun partner for a sleeping schedule responder: someone on call at `t`
/// on another layer of the same schedule (in the layer's own rotation, even where a higher
/// layer hides it), awake, and not already a recipient. Layers are tried lowest first.
pub(crate) fn partner(
    dir: &Directory,
    r: &Recipient,
    t: DateTime<Utc>,
    taken: &[Recipient],
    explain: bool,
) -> Result<Option<Recipient>, EscalationError> {
    let Some(sid) = r.schedule else {
        return Ok(None);
    };
    let schedule_id = dir.schedule_name(sid);
    let Some((schedule, compiled)) = dir.schedule_by_id(sid) else {
        return Ok(None);
    };
    let instant = Interval {
        start: t,
        end: t + Duration::seconds(1),
    };
    let own_layer = r.layer.map(|l| dir.layer_name(sid, l));
    for layer in schedule.layer_ids() {
        if own_layer == Some(layer.as_str()) {
            continue;
        }
        for shift in compiled.layer_shifts(&layer, instant)? {
            let Some(p) = dir.person_id(&shift.person) else {
                continue;
            };
            if shift.shadow
                || p == r.person
                || taken.iter().any(|x| x.person == p)
                || asleep(dir, p, t)?
            {
                continue;
            }
            return Ok(Some(Recipient {
                person: p,
                via: Via::Partner,
                schedule: Some(sid),
                layer: dir.layer_id(sid, &layer),
                policy: r.policy,
                instead_of: Some(r.person),
                because: if explain {
                    text(format!(
                        "{} is asleep; follow-the-sun partner on schedule {schedule_id}: {}",
                        dir.person_name(r.person),
                        shift.why
                    ))
                } else {
                    Because::Unexplained
                },
            }));
        }
    }
    Ok(None)
}
