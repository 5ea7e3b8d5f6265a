//! Notifications — one contact attempt to one person — and how a reached level becomes them:
//! the person's rules for the urgency, then sleep-aware deferral or partner routing.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

use super::directory::Directory;
use super::policy::SleepMode;
use super::rules::{ContactKind, PersonProfile};
use super::sleep::wake_time;
use super::target::{Recipient, Via};
use super::urgency::Urgency;
use super::EscalationError;
use crate::schedule::Interval;

/// Why a level was reached (and so why its people are notified).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
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

impl Cause {
    fn words(self) -> &'static str {
        match self {
            Cause::Triggered => "the incident triggered",
            Cause::Escalated => "nobody acknowledged in time",
            Cause::Repeated => "the policy repeats",
            Cause::AckTimeout => "the acknowledgement timed out",
            Cause::UrgencyRaised => "the urgency was raised to high",
            Cause::Reassigned => "the incident was reassigned",
            Cause::Retriggered => "the incident was re-triggered",
            Cause::Manual => "it was escalated by hand",
        }
    }
}

/// One notification: who is contacted, when, how, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Notification {
    /// When to send it.
    pub at: DateTime<Utc>,
    /// The incident.
    pub incident: String,
    /// Who.
    pub person: String,
    /// The escalation policy.
    pub policy: String,
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
    pub contact: Option<String>,
    /// The contact method's kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<ContactKind>,
    /// The contact method's address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Why the level was reached.
    pub cause: Cause,
    /// How the person came to be on the level.
    pub via: Via,
    /// The schedule that put them on call, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<String>,
    /// The schedule layer, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layer: Option<String>,
    /// When the rule would have sent it, if it was held back for the person's sleep hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deferred_from: Option<DateTime<Utc>>,
    /// The sleeping person this was routed away from (follow-the-sun partner).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instead_of: Option<String>,
    /// The whole reason in words (empty when explanations are turned off).
    pub why: String,
}

/// Where a level visit is, for building its notifications.
pub(crate) struct Visit<'a> {
    pub incident: &'a str,
    pub policy: &'a str,
    pub level: usize,
    pub level_name: Option<&'a str>,
    pub loop_index: u32,
    pub loops: u32,
    pub urgency: Urgency,
    pub cause: Cause,
    pub at: DateTime<Utc>,
    pub sleep: SleepMode,
    pub explain: bool,
}

fn minutes_text(d: Duration) -> String {
    let m = d.num_minutes();
    if m == 0 {
        "at once".to_string()
    } else if m % 60 == 0 {
        format!("{} h after being reached", m / 60)
    } else {
        format!("{m} min after being reached")
    }
}

/// The notifications one recipient gets from a level visit, in time order, appended to `out`.
pub(crate) fn attempts_for(
    dir: &Directory,
    visit: &Visit<'_>,
    r: &Recipient,
    out: &mut Vec<Notification>,
) -> Result<(), EscalationError> {
    let bare;
    let profile = match dir.person(&r.person) {
        Some(p) => p,
        None => {
            bare = PersonProfile::bare(&r.person);
            &bare
        }
    };
    let defer = visit.urgency == Urgency::Low && visit.sleep != SleepMode::Off;
    for (i, a) in profile.attempts(visit.urgency).iter().enumerate() {
        let planned = visit.at + a.after;
        let wake = match (defer, profile.sleep()) {
            (true, Some(w)) => wake_time(profile.zone(), w, planned)?,
            _ => None,
        };
        let at = wake.unwrap_or(planned);
        let why = if visit.explain {
            let name = visit
                .level_name
                .map(|n| format!(" ({n})"))
                .unwrap_or_default();
            let how = match &a.contact {
                Some(c) => format!("{} ({})", c.kind, c.id),
                None => "their default contact".to_string(),
            };
            let mut s = format!(
                "{} level {}{name}, loop {} of {}: {}; {} urgency rule {}: {how} {}; level reached because {}",
                visit.policy,
                visit.level + 1,
                visit.loop_index + 1,
                visit.loops,
                r.why,
                visit.urgency,
                i + 1,
                minutes_text(a.after),
                visit.cause.words()
            );
            if let (Some(w), Some(sleep)) = (wake, profile.sleep()) {
                let zone = profile.zone();
                s.push_str(&format!(
                    "; held from {} to {} {zone}: within {}'s sleep hours {sleep}",
                    zone.to_local(planned).format("%a %H:%M"),
                    zone.to_local(w).format("%a %H:%M"),
                    r.person
                ));
            }
            s
        } else {
            String::new()
        };
        out.push(Notification {
            at,
            incident: visit.incident.to_string(),
            person: r.person.clone(),
            policy: visit.policy.to_string(),
            level: (visit.level + 1) as u32,
            loop_number: visit.loop_index + 1,
            urgency: visit.urgency,
            attempt: (i + 1) as u32,
            contact: a.contact.as_ref().map(|c| c.id.clone()),
            method: a.contact.as_ref().map(|c| c.kind),
            address: a.contact.as_ref().and_then(|c| c.address.clone()),
            cause: visit.cause,
            via: r.via,
            schedule: r.schedule.clone(),
            layer: r.layer.clone(),
            deferred_from: wake.map(|_| planned),
            instead_of: r.instead_of.clone(),
            why,
        });
    }
    Ok(())
}

/// Whether `person` is asleep at `t` (on their own clock).
pub(crate) fn asleep(
    dir: &Directory,
    person: &str,
    t: DateTime<Utc>,
) -> Result<bool, EscalationError> {
    let Some(profile) = dir.person(person) else {
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
) -> Result<Option<Recipient>, EscalationError> {
    let Some(schedule_id) = r.schedule.as_deref() else {
        return Ok(None);
    };
    let Some(schedule) = dir.schedule(schedule_id) else {
        return Ok(None);
    };
    let compiled = dir.compiled(schedule_id, "follow-the-sun partner")?;
    let instant = Interval {
        start: t,
        end: t + Duration::seconds(1),
    };
    for layer in schedule.layer_ids() {
        if r.layer.as_deref() == Some(layer.as_str()) {
            continue;
        }
        for shift in compiled.layer_shifts(&layer, instant)? {
            if shift.shadow
                || shift.person == r.person
                || taken.iter().any(|x| x.person == shift.person)
                || asleep(dir, &shift.person, t)?
            {
                continue;
            }
            return Ok(Some(Recipient {
                person: shift.person.clone(),
                via: Via::Partner,
                schedule: Some(schedule_id.to_string()),
                layer: Some(layer.clone()),
                policy: r.policy.clone(),
                instead_of: Some(r.person.clone()),
                why: format!(
                    "{} is asleep; follow-the-sun partner on schedule {schedule_id}: {}",
                    r.person, shift.why
                ),
            }));
        }
    }
    Ok(None)
}
