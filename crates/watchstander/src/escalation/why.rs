//! Explanations written when they are read.
//!
//! Planning keeps every reason as data — the level, loop, urgency, rule, cause, the schedule
//! shift or round-robin turn that put the person on the level, the sleep hours that held a
//! page back — and an [`Explanation`] turns it into words only when it is displayed,
//! compared or serialised. A plan of ten thousand incidents therefore costs the same with
//! explanations as without until someone reads them, and the words are exactly the ones an
//! eagerly written sentence would have had.
//!
//! ```
//! use watchstander::escalation::Explanation;
//!
//! let e = Explanation::from("resolved by ann: nothing more is sent".to_string());
//! assert_eq!(e, "resolved by ann: nothing more is sent");
//! assert_eq!(serde_json::to_string(&e)?, r#""resolved by ann: nothing more is sent""#);
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::directory::Directory;
use super::notify::{Cause, CompactNotification};

/// Why a person is on a level, as data; written out by [`write_recipient`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) enum Because {
    /// Explanations are off: no reason.
    #[default]
    Unexplained,
    /// Named on the level: their name.
    Named,
    /// On call on the recipient's schedule: `schedule S: ` and the reason of final shift
    /// number `.0` of the compiled schedule.
    Shift(u32),
    /// A round robin's turn, then the member: a person ([`Because::Named`]) or the shift of
    /// the schedule member ([`Because::Shift`]).
    RoundRobin {
        /// The turn, from 1.
        turn: u32,
        /// The ring's size.
        of: u32,
        /// The incident's round-robin number.
        number: u64,
        /// The shift, for a schedule member.
        shift: Option<u32>,
    },
    /// Acknowledged before an acknowledgement timeout re-triggered the incident.
    Acknowledger,
    /// A reason written out: nested policies, a person reached through several targets, a
    /// follow-the-sun partner.
    Text(Arc<str>),
}

/// Writes the reason a recipient is on a level (`person` and `schedule` are its numbers).
pub(crate) fn write_recipient(
    dir: &Directory,
    person: u32,
    schedule: Option<u16>,
    because: &Because,
    out: &mut impl fmt::Write,
) -> fmt::Result {
    let shift = |out: &mut dyn fmt::Write, i: u32| -> fmt::Result {
        let Some(sid) = schedule else {
            return Ok(());
        };
        let why = dir
            .schedule_by_id(sid)
            .and_then(|(_, c)| c.all_shifts().get(i as usize))
            .map_or("", |s| s.why.as_str());
        write!(out, "schedule {}: {why}", dir.schedule_name(sid))
    };
    match because {
        Because::Unexplained => Ok(()),
        Because::Named => out.write_str(dir.person_name(person)),
        Because::Shift(i) => shift(out, *i),
        Because::RoundRobin {
            turn,
            of,
            number,
            shift: s,
        } => {
            write!(
                out,
                "round robin turn {turn} of {of} (incident number {number}): "
            )?;
            match s {
                Some(i) => shift(out, *i),
                None => out.write_str(dir.person_name(person)),
            }
        }
        Because::Acknowledger => write!(
            out,
            "{} acknowledged before the timeout",
            dir.person_name(person)
        ),
        Because::Text(t) => out.write_str(t),
    }
}

/// The reason a recipient is on a level, in words.
pub(crate) fn recipient_text(
    dir: &Directory,
    person: u32,
    schedule: Option<u16>,
    because: &Because,
) -> String {
    let mut s = String::new();
    let _ = write_recipient(dir, person, schedule, because, &mut s);
    s
}

impl Cause {
    pub(crate) fn words(self) -> &'static str {
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

    /// The words of the escalation log's `level_reached` step.
    pub(crate) fn short_words(self) -> &'static str {
        match self {
            Cause::Triggered => "incident triggered",
            Cause::Escalated => "not acknowledged in time",
            Cause::Repeated => "policy repeats",
            Cause::AckTimeout => "acknowledgement timed out",
            Cause::UrgencyRaised => "urgency raised",
            Cause::Reassigned => "reassigned",
            Cause::Retriggered => "re-triggered",
            Cause::Manual => "escalated by hand",
        }
    }
}

/// Writes the `why` of one contact attempt: the policy, level and loop, why the person is on
/// the level, the rule and contact method, why the level was reached, and any sleep deferral.
pub(crate) fn write_attempt(
    dir: &Directory,
    n: &CompactNotification,
    out: &mut impl fmt::Write,
) -> fmt::Result {
    if n.because == Because::Unexplained {
        return Ok(());
    }
    let policy = dir.policy_by_id(n.policy).ok();
    write!(out, "{} level {}", dir.policy_name(n.policy), n.level)?;
    if let Some(name) = policy
        .and_then(|p| p.levels().get(usize::from(n.level).saturating_sub(1)))
        .and_then(|l| l.name.as_deref())
    {
        write!(out, " ({name})")?;
    }
    write!(
        out,
        ", loop {} of {}: ",
        n.loop_number,
        policy.map_or(1, |p| p.spec().repeat + 1)
    )?;
    write_recipient(dir, n.person, n.schedule, &n.because, out)?;
    write!(out, "; {} urgency rule {}: ", n.urgency, n.attempt)?;
    let profile = dir.profile(n.person);
    let attempt = profile.and_then(|p| {
        p.attempts(n.urgency)
            .get(usize::from(n.attempt).saturating_sub(1))
    });
    match attempt.and_then(|a| a.contact.as_ref()) {
        Some(c) => write!(out, "{} ({})", c.kind, c.id)?,
        None => out.write_str("their default contact")?,
    }
    let m = attempt.map_or(0, |a| a.after.num_minutes());
    if m == 0 {
        out.write_str(" at once")?;
    } else if m % 60 == 0 {
        write!(out, " {} h after being reached", m / 60)?;
    } else {
        write!(out, " {m} min after being reached")?;
    }
    out.write_str("; level reached because ")?;
    out.write_str(n.cause.words())?;
    if let (Some(planned), Some(p)) = (n.deferred_from, profile) {
        if let Some(sleep) = p.sleep() {
            let zone = p.zone();
            write!(
                out,
                "; held from {} to {} {zone}: within {}'s sleep hours {sleep}",
                zone.to_local(planned).format("%a %H:%M"),
                zone.to_local(n.at).format("%a %H:%M"),
                p.id()
            )?;
        }
    }
    Ok(())
}

/// A sentence of a plan — a notification's `why`, a step's `detail` — kept as data and
/// written when it is displayed, compared or serialised (as a JSON string).
///
/// It reads like a string: [`Display`](fmt::Display) writes it, `==` compares the words with
/// another explanation or a `&str`, [`is_empty`](Explanation::is_empty) says whether there
/// are any (explanations turned off give an empty one). Explanations of plans keep a
/// reference to their [`Directory`], which they read from when written.
#[derive(Clone)]
pub struct Explanation(Repr);

#[derive(Clone)]
enum Repr {
    Text(String),
    /// A notification's `why`.
    Attempt(Directory, CompactNotification),
    /// `level {level} reached ({cause}): notifying {people}`.
    Reached {
        dir: Directory,
        level: u32,
        cause: Cause,
        people: Vec<u32>,
    },
    /// `level {level}: nobody to notify (no one on call); ...`.
    Empty {
        level: u32,
        skipped: bool,
    },
    /// `loop {n} of {of} starts`.
    LoopStarted {
        n: u32,
        of: u32,
    },
    /// `the policy ran out after {loops} loop(s) ...`.
    Exhausted {
        loops: u32,
    },
}

impl Explanation {
    /// The `why` of a notification, written from the directory when read.
    pub(crate) fn attempt(dir: &Directory, n: CompactNotification) -> Explanation {
        if n.because == Because::Unexplained {
            Explanation::default()
        } else {
            Explanation(Repr::Attempt(dir.clone(), n))
        }
    }

    /// A level reached (`level` from 1), notifying `people` (numbers).
    pub(crate) fn reached(dir: &Directory, level: u32, cause: Cause, people: Vec<u32>) -> Self {
        Explanation(Repr::Reached {
            dir: dir.clone(),
            level,
            cause,
            people,
        })
    }

    /// A level (from 1) with nobody to notify, skipped at once or waited out.
    pub(crate) fn empty_level(level: u32, skipped: bool) -> Self {
        Explanation(Repr::Empty { level, skipped })
    }

    /// Loop `n` of `of` starts.
    pub(crate) fn loop_started(n: u32, of: u32) -> Self {
        Explanation(Repr::LoopStarted { n, of })
    }

    /// The policy ran out after `loops` loops.
    pub(crate) fn exhausted(loops: u32) -> Self {
        Explanation(Repr::Exhausted { loops })
    }

    /// Whether there are no words (explanations were turned off).
    pub fn is_empty(&self) -> bool {
        match &self.0 {
            Repr::Text(t) => t.is_empty(),
            _ => false,
        }
    }

    /// Whether the words contain `pattern`.
    pub fn contains(&self, pattern: &str) -> bool {
        self.to_string().contains(pattern)
    }
}

impl Default for Explanation {
    fn default() -> Self {
        Explanation(Repr::Text(String::new()))
    }
}

impl From<String> for Explanation {
    fn from(s: String) -> Self {
        Explanation(Repr::Text(s))
    }
}

impl From<&str> for Explanation {
    fn from(s: &str) -> Self {
        Explanation(Repr::Text(s.to_string()))
    }
}

impl From<Explanation> for String {
    fn from(e: Explanation) -> Self {
        match e.0 {
            Repr::Text(t) => t,
            _ => e.to_string(),
        }
    }
}

impl fmt::Display for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Text(t) => f.write_str(t),
            Repr::Attempt(dir, n) => write_attempt(dir, n, f),
            Repr::Reached {
                dir,
                level,
                cause,
                people,
            } => {
                write!(f, "level {level} reached ({}): notifying ", cause.short_words())?;
                for (i, p) in people.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    f.write_str(dir.person_name(*p))?;
                }
                Ok(())
            }
            Repr::Empty { level, skipped } => write!(
                f,
                "level {level}: nobody to notify (no one on call); {}",
                if *skipped {
                    "skipped at once"
                } else {
                    "its delay is waited out"
                }
            ),
            Repr::LoopStarted { n, of } => write!(f, "loop {n} of {of} starts"),
            Repr::Exhausted { loops } => write!(
                f,
                "the policy ran out after {loops} loop(s) without an acknowledgement; nobody more is notified"
            ),
        }
    }
}

impl fmt::Debug for Explanation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_string(), f)
    }
}

impl Explanation {
    /// The words, borrowed when they are already written.
    fn words(&self) -> std::borrow::Cow<'_, str> {
        match &self.0 {
            Repr::Text(t) => std::borrow::Cow::Borrowed(t),
            _ => std::borrow::Cow::Owned(self.to_string()),
        }
    }
}

impl PartialEq for Explanation {
    fn eq(&self, other: &Self) -> bool {
        self.words() == other.words()
    }
}

impl Eq for Explanation {}

impl PartialEq<str> for Explanation {
    fn eq(&self, other: &str) -> bool {
        self.words() == other
    }
}

impl PartialEq<&str> for Explanation {
    fn eq(&self, other: &&str) -> bool {
        self == *other
    }
}

impl PartialEq<String> for Explanation {
    fn eq(&self, other: &String) -> bool {
        self == other.as_str()
    }
}

impl Serialize for Explanation {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Repr::Text(t) => serializer.serialize_str(t),
            // Written whole, then escaped in one pass.
            _ => {
                let mut text = String::with_capacity(256);
                let _ = fmt::write(&mut text, format_args!("{self}"));
                serializer.serialize_str(&text)
            }
        }
    }
}

impl<'de> Deserialize<'de> for Explanation {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Explanation::from)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Explanation {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "String".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        String::json_schema(generator)
    }
}

/// Writes `because` into a shared string, for reasons that combine others.
pub(crate) fn text(s: String) -> Because {
    Because::Text(Arc::from(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_explanations_read_as_strings() {
        let e = Explanation::from("level 1: nobody to notify");
        assert_eq!(e, "level 1: nobody to notify");
        assert_eq!(e.to_string(), "level 1: nobody to notify");
        assert!(e.contains("nobody"));
        assert!(!e.is_empty());
        assert!(Explanation::default().is_empty());
        let back: Explanation = serde_json::from_str(r#""a \"quoted\" word""#).unwrap();
        assert_eq!(
            serde_json::to_string(&back).unwrap(),
            r#""a \"quoted\" word""#
        );
        assert_eq!(format!("{back:?}"), r#""a \"quoted\" word""#);
    }
}
