//! Length limits on every id and free-text field of a schedule document, and the whole-second
//! rule for its instants.
//!
//! A schedule is often written by people and tools the embedding service does not control, so
//! nothing in it may make the engine allocate without bound. Ids (schedule, layers, people and
//! members, overrides, swaps, temporary schedules, holiday calendars) are 1 to
//! [`MAX_ID_CHARS`] characters without control characters; display names and holiday labels
//! at most [`MAX_NAME_CHARS`]; override notes at most [`MAX_NOTE_CHARS`]; rule texts and other
//! parsed values (anchors, RRULEs, dates) at most [`MAX_RULE_CHARS`]. A longer value is a
//! [`ScheduleError::InvalidId`] or [`ScheduleError::TextTooLong`] naming the field, checked
//! before any expansion starts.

use chrono::{DateTime, Utc};

use super::spec::{DayOffSpec, ScheduleSpec};
use super::ScheduleError;

/// The longest id, in characters (ids are 1 to 200 characters).
pub const MAX_ID_CHARS: usize = 200;
/// The longest display name or holiday / time-off label, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// The longest override note, in characters.
pub const MAX_NOTE_CHARS: usize = 1_000;
/// The longest rule text or other parsed value (RRULE, anchor, date), in characters.
pub const MAX_RULE_CHARS: usize = 4_000;

/// Checks an id: 1 to [`MAX_ID_CHARS`] characters, no control characters.
pub(crate) fn check_id(kind: &str, id: &str) -> Result<(), ScheduleError> {
    let too_long = id.chars().nth(MAX_ID_CHARS).is_some();
    if id.is_empty() || too_long || id.chars().any(char::is_control) {
        return Err(ScheduleError::InvalidId {
            kind: kind.to_string(),
            id: id.chars().take(MAX_ID_CHARS).collect(),
        });
    }
    Ok(())
}

/// Checks a text's length; `field` names it in the error (written only on error).
fn check_text(field: impl FnOnce() -> String, text: &str, max: usize) -> Result<(), ScheduleError> {
    if text.len() > max {
        let chars = text.chars().count();
        if chars > max {
            return Err(ScheduleError::TextTooLong {
                field: field(),
                chars,
                max,
            });
        }
    }
    Ok(())
}

fn check_opt(
    field: impl FnOnce() -> String,
    text: Option<&str>,
    max: usize,
) -> Result<(), ScheduleError> {
    text.map_or(Ok(()), |t| check_text(field, t, max))
}

fn check_day_off(owner: &dyn Fn() -> String, e: &DayOffSpec) -> Result<(), ScheduleError> {
    check_opt(
        || format!("{}: name", owner()),
        e.name.as_deref(),
        MAX_NAME_CHARS,
    )?;
    for (what, v) in [
        ("date", &e.date),
        ("rrule", &e.rrule),
        ("rrule_start", &e.rrule_start),
        ("from", &e.from),
        ("to", &e.to),
    ] {
        check_opt(
            || format!("{}: {what}", owner()),
            v.as_deref(),
            MAX_RULE_CHARS,
        )?;
    }
    Ok(())
}

/// Checks every id and free-text field of a schedule document against its limit.
pub(crate) fn check_spec(spec: &ScheduleSpec) -> Result<(), ScheduleError> {
    check_id("schedule", &spec.id)?;
    check_opt(
        || "schedule name".to_string(),
        spec.name.as_deref(),
        MAX_NAME_CHARS,
    )?;
    for (cal, entries) in &spec.holiday_calendars {
        check_id("holiday calendar", cal)?;
        for e in entries {
            check_day_off(&|| format!("holiday calendar {cal:?}"), e)?;
        }
    }
    for p in &spec.people {
        check_id("person", &p.id)?;
        let owner = || format!("person {:?}", p.id);
        check_opt(
            || format!("{}: name", owner()),
            p.name.as_deref(),
            MAX_NAME_CHARS,
        )?;
        for c in &p.holiday_calendars {
            check_id("holiday calendar", c)?;
        }
        for e in p.holidays.iter().chain(&p.time_off) {
            check_day_off(&owner, e)?;
        }
        if let Some(b) = &p.backup {
            check_id("backup", b)?;
        }
    }
    for l in &spec.layers {
        check_id("layer", &l.id)?;
        let owner = format!("layer {:?}", l.id);
        check_opt(
            || format!("{owner}: name"),
            l.name.as_deref(),
            MAX_NAME_CHARS,
        )?;
        let rot = &l.rotation;
        for m in &rot.members {
            check_id("member", m)?;
        }
        for c in &rot.roster_changes {
            for m in &c.members {
                check_id("member", m)?;
            }
        }
        check_opt(
            || format!("{owner}: anchor"),
            rot.anchor.as_deref(),
            MAX_RULE_CHARS,
        )?;
        check_opt(
            || format!("{owner}: handoff rrule"),
            rot.handoff.rrule.as_deref(),
            MAX_RULE_CHARS,
        )?;
    }
    for o in &spec.overrides {
        if let Some(id) = &o.id {
            check_id("override", id)?;
        }
        check_id("override person", &o.person)?;
        if let Some(r) = &o.replaces {
            check_id("replaced person", r)?;
        }
        let owner = o.id.as_deref().unwrap_or("without id");
        check_opt(
            || format!("override {owner:?}: note"),
            o.note.as_deref(),
            MAX_NOTE_CHARS,
        )?;
    }
    for t in &spec.temporary_schedules {
        check_id("temporary schedule", &t.id)?;
        for s in &t.shifts {
            check_id("temporary shift person", &s.person)?;
        }
    }
    for s in &spec.swaps {
        check_id("swap", &s.id)?;
        check_id("swap layer", &s.layer)?;
        check_id("swap person", &s.from)?;
        check_id("swap person", &s.to)?;
    }
    for s in &spec.shadows {
        check_id("shadow person", &s.person)?;
        check_id("shadowed person", &s.shadows)?;
    }
    if let Some(b) = &spec.time_off_policy.backup {
        check_id("backup", b)?;
    }
    Ok(())
}

/// An instant of the schedule as whole Unix seconds; a fraction of a second is refused
/// (shifts are reported in whole seconds).
pub(crate) fn whole_seconds(
    what: impl FnOnce() -> String,
    t: DateTime<Utc>,
) -> Result<i64, ScheduleError> {
    if t.timestamp_subsec_nanos() != 0 {
        return Err(ScheduleError::SubsecondInstant {
            what: what(),
            instant: t,
        });
    }
    Ok(t.timestamp())
}

/// Checks that `end` is after `start`; `what` names the interval (written only on error).
pub(crate) fn checked_interval(
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    what: impl FnOnce() -> String,
) -> Result<(), ScheduleError> {
    if end <= start {
        return Err(ScheduleError::EmptyInterval {
            what: what(),
            start,
            end,
        });
    }
    Ok(())
}

/// Whole Unix seconds back to an instant (every value here came from a valid instant).
pub(crate) fn instant(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_one_to_two_hundred_characters_without_controls() {
        assert!(check_id("member", &"é".repeat(200)).is_ok());
        let e = check_id("member", &"a".repeat(100_000)).unwrap_err();
        assert_eq!(e.code(), "invalid_id");
        match e {
            ScheduleError::InvalidId { kind, id } => {
                assert_eq!(kind, "member");
                assert_eq!(id.len(), 200);
            }
            other => panic!("{other:?}"),
        }
        assert!(check_id("member", "").is_err());
        assert!(check_id("member", "a\nb").is_err());
    }

    #[test]
    fn free_text_is_bounded_in_characters_not_bytes() {
        assert!(check_text(
            || "note".into(),
            &"€".repeat(MAX_NOTE_CHARS),
            MAX_NOTE_CHARS
        )
        .is_ok());
        let e = check_text(
            || "note".into(),
            &"x".repeat(MAX_NOTE_CHARS + 1),
            MAX_NOTE_CHARS,
        )
        .unwrap_err();
        assert_eq!(
            e,
            ScheduleError::TextTooLong {
                field: "note".into(),
                chars: MAX_NOTE_CHARS + 1,
                max: MAX_NOTE_CHARS
            }
        );
    }

    #[test]
    fn fractions_of_a_second_are_refused() {
        let t = crate::time::parse_instant("2026-01-01T00:00:00.5Z").unwrap();
        assert_eq!(
            whole_seconds(|| "override \"x\" start".into(), t)
                .unwrap_err()
                .code(),
            "subsecond_instant"
        );
        let t = crate::time::parse_instant("2026-01-01T00:00:01Z").unwrap();
        assert_eq!(instant(whole_seconds(String::new, t).unwrap()), t);
    }
}
