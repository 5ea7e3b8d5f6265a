//! Handoff rules: when a rotation's turns change hands.
//!
//! A rule produces *local* handoff times in a floating frame — wall-clock times with no zone —
//! numbered from 0 at the anchor. Cadences (`every` N `hours`/`days`/`weeks`) and irregular
//! handovers are fixed steps of local time, so handoff `k` is computed directly and a window
//! far from the anchor is reached without walking; monthly cadences count months from the
//! anchor and clamp to month end; RRULEs are expanded by [`Recurrence`] in the same floating
//! frame (so the `rrule` crate's DST bugs cannot bite) and counted from DTSTART.
//!
//! [`HandoffWalker`] then turns local handoffs into instants with the rotation's
//! [`Disambiguation`] policy. A handoff is never dropped. The one adjustment the walker adds to
//! the policy's: a handoff is never placed *before* the previous one. When a DST gap makes two
//! sub-daily handoffs resolve to the same instant (or the `earlier` policy would move one
//! before its predecessor), the later handoff is placed at the earlier one's instant and the
//! turn between them has zero length: nobody is on call for it, it is not shown as a shift, and
//! it is reported as a merged turn. Its number is still used, so the turns after it keep their
//! members.

use std::collections::VecDeque;
use std::ops::ControlFlow;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use rrule::Frequency;

use super::spec::{CadenceUnit, HandoffSpec};
use super::ScheduleError;
use crate::time::{
    add_local, parse_date, parse_instant, parse_local, CalendarUnit, ClockTime, Disambiguation,
    LocalAdjustment, Recurrence, Zone,
};

/// The longest turn a cadence or handover may have.
pub const MAX_TURN_DAYS: i64 = 366;

/// The shortest handover in an irregular `handovers` list.
pub const MIN_HANDOVER_MINUTES: i64 = 15;

/// The most entries in a `handovers` list.
pub const MAX_HANDOVERS: usize = 1_000;

/// The longest stretch without a handoff an RRULE may have; a rule with no handoff in this
/// many days is finished (or refused, if it resumes later). Also the first page's reach.
const RRULE_PAGE_DAYS: i64 = 400;

/// Occurrences fetched by the first RRULE page. Pages double (in reach and in occurrences),
/// so a rule with `COUNT`, which is expanded from DTSTART on every page, costs at most about
/// twice the occurrences walked, not their square.
const RRULE_FIRST_PAGE: usize = 4_096;

/// Pages stop doubling their reach after this many doublings (400 × 32 days, 35 years).
const RRULE_MAX_DOUBLINGS: u32 = 5;

/// A validated handoff rule in the floating (zone-less) frame.
#[derive(Debug, Clone)]
pub(crate) enum HandoffRule {
    /// Handoff `k` is at `anchor + (k / m) × cycle + prefix[k mod m]` seconds of local time.
    Steps {
        anchor: NaiveDateTime,
        prefix: Vec<i64>,
        cycle: i64,
    },
    /// Handoff `k` is `k × every` months after the anchor, clamped to month end.
    Months { anchor: NaiveDateTime, every: u32 },
    /// Occurrence `k` of the rule, counted from DTSTART.
    Rrule(Box<Recurrence>),
}

/// A handoff resolved to an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Handoff {
    /// Raw handoff number (turn `index` starts here).
    pub index: u64,
    /// The local time the rule asked for.
    pub local: NaiveDateTime,
    /// The instant.
    pub instant: DateTime<Utc>,
    /// What DST resolution did.
    pub adjustment: LocalAdjustment,
    /// True when the resolved instant was before the previous handoff and was moved to it.
    pub clamped: bool,
}

fn invalid(layer: &str, reason: impl Into<String>) -> ScheduleError {
    ScheduleError::InvalidHandoff {
        layer: layer.to_string(),
        reason: reason.into(),
    }
}

/// Reads an anchor: an instant (converted to `zone`), a local date-time, or a date (at `at`).
fn parse_anchor(
    layer: &str,
    input: &str,
    zone: Zone,
    at: Option<ClockTime>,
) -> Result<NaiveDateTime, ScheduleError> {
    let bad = |reason: String| ScheduleError::InvalidAnchor {
        layer: layer.to_string(),
        input: input.chars().take(64).collect(),
        reason,
    };
    let local = if let Ok(t) = parse_instant(input) {
        zone.to_local(t)
    } else if let Ok(t) = parse_local(input) {
        t
    } else if let Ok(d) = parse_date(input) {
        let at = at.unwrap_or(ClockTime::MIDNIGHT);
        return Ok(at.on(d));
    } else {
        return Err(bad(
            "expected a local date-time such as \"2026-01-05T09:00\", a date, or an RFC 3339 instant"
                .to_string(),
        ));
    };
    if let Some(at) = at {
        if ClockTime::of(local.time()) != at || has_seconds(local.time()) {
            return Err(bad(format!(
                "its time of day {} differs from the handoff time \"at\": \"{at}\"; give the anchor as a date, or make them agree",
                local.time().format("%H:%M:%S")
            )));
        }
    }
    Ok(local)
}

/// True when the time has seconds or a fraction (a handoff time `at` is whole minutes).
fn has_seconds(t: NaiveTime) -> bool {
    use chrono::Timelike;
    t.second() != 0 || t.nanosecond() != 0
}

impl HandoffRule {
    /// Validates a layer's handoff rule and anchor. Returns the rule and the zone in which it
    /// is read (an RRULE's DTSTART zone, which must agree with an explicit layer zone).
    pub(crate) fn from_spec(
        layer: &str,
        spec: &HandoffSpec,
        anchor: Option<&str>,
        zone: Zone,
        zone_is_explicit: bool,
    ) -> Result<(HandoffRule, Zone), ScheduleError> {
        let cadence = spec.every.is_some() || spec.unit.is_some() || spec.at.is_some();
        let forms = [cadence, spec.rrule.is_some(), spec.handovers.is_some()];
        let count = forms.iter().filter(|f| **f).count();
        if count != 1 {
            return Err(invalid(
                layer,
                if count == 0 {
                    "give a cadence {\"every\": 1, \"unit\": \"weeks\"}, an \"rrule\", or \"handovers\""
                } else {
                    "give only one of a cadence (every/unit/at), \"rrule\" or \"handovers\""
                },
            ));
        }
        if let Some(text) = &spec.rrule {
            return Self::from_rrule(layer, text, anchor, zone, zone_is_explicit);
        }
        let anchor_text = anchor.ok_or_else(|| ScheduleError::InvalidAnchor {
            layer: layer.to_string(),
            input: String::new(),
            reason: "a cadence or handovers rotation needs an \"anchor\": when turn 0 starts, e.g. \"2026-01-05T09:00\"".to_string(),
        })?;
        if let Some(lengths) = &spec.handovers {
            let anchor = parse_anchor(layer, anchor_text, zone, None)?;
            return Ok((Self::from_handovers(layer, lengths, anchor)?, zone));
        }
        let every = spec
            .every
            .ok_or_else(|| invalid(layer, "a cadence needs \"every\" (a whole number ≥ 1)"))?;
        let unit = spec.unit.ok_or_else(|| {
            invalid(
                layer,
                "a cadence needs \"unit\": \"hours\", \"days\", \"weeks\" or \"months\"",
            )
        })?;
        if spec.at == Some(ClockTime::END_OF_DAY) {
            return Err(invalid(
                layer,
                "\"at\": \"24:00\" is not a handoff time; use \"00:00\"",
            ));
        }
        let max = match unit {
            CadenceUnit::Hours => MAX_TURN_DAYS * 24,
            CadenceUnit::Days => MAX_TURN_DAYS,
            CadenceUnit::Weeks => 52,
            CadenceUnit::Months => 12,
        };
        if every == 0 || i64::from(every) > max {
            return Err(invalid(
                layer,
                format!("\"every\": {every} {unit:?} is out of range: use 1 to {max} (turns of at most a year)"),
            ));
        }
        let anchor = parse_anchor(layer, anchor_text, zone, spec.at)?;
        let seconds = match unit {
            CadenceUnit::Hours => 3_600,
            CadenceUnit::Days => 86_400,
            CadenceUnit::Weeks => 604_800,
            CadenceUnit::Months => return Ok((HandoffRule::Months { anchor, every }, zone)),
        } * i64::from(every);
        Ok((
            HandoffRule::Steps {
                anchor,
                prefix: vec![0],
                cycle: seconds,
            },
            zone,
        ))
    }

    fn from_handovers(
        layer: &str,
        lengths: &[crate::time::IsoDuration],
        anchor: NaiveDateTime,
    ) -> Result<HandoffRule, ScheduleError> {
        if lengths.is_empty() {
            return Err(invalid(
                layer,
                "\"handovers\" is empty; list turn lengths such as [\"P2D\", \"P2D\", \"P3D\"]",
            ));
        }
        if lengths.len() > MAX_HANDOVERS {
            return Err(ScheduleError::limit(
                "handovers in one rotation",
                lengths.len(),
                MAX_HANDOVERS,
                "describe the pattern's repeating cycle only",
            ));
        }
        let mut prefix = Vec::with_capacity(lengths.len());
        let mut total: i64 = 0;
        for d in lengths {
            if d.has_calendar_months() || d.negative {
                return Err(invalid(
                    layer,
                    format!("handover {d} must be a positive length in weeks, days, hours or minutes (months vary in length)"),
                ));
            }
            let secs = d
                .to_fixed()
                .map_err(|e| invalid(layer, e.to_string()))?
                .num_seconds();
            if !(MIN_HANDOVER_MINUTES * 60..=MAX_TURN_DAYS * 86_400).contains(&secs) {
                return Err(invalid(
                    layer,
                    format!("handover {d} is out of range: each turn lasts {MIN_HANDOVER_MINUTES} minutes to {MAX_TURN_DAYS} days"),
                ));
            }
            prefix.push(total);
            total += secs;
        }
        Ok(HandoffRule::Steps {
            anchor,
            prefix,
            cycle: total,
        })
    }

    fn from_rrule(
        layer: &str,
        text: &str,
        anchor: Option<&str>,
        zone: Zone,
        zone_is_explicit: bool,
    ) -> Result<(HandoffRule, Zone), ScheduleError> {
        if anchor.is_some() {
            return Err(ScheduleError::InvalidAnchor {
                layer: layer.to_string(),
                input: anchor.unwrap_or_default().chars().take(64).collect(),
                reason: "an rrule rotation is anchored at its DTSTART; remove \"anchor\""
                    .to_string(),
            });
        }
        let rec = Recurrence::parse(text)?;
        if matches!(rec.frequency(), Frequency::Secondly | Frequency::Minutely) {
            return Err(ScheduleError::HandoffTooFrequent {
                layer: layer.to_string(),
                reason: format!(
                    "FREQ={} hands off every second or minute; use FREQ=HOURLY or coarser (BYMINUTE can still place sub-hourly handoffs)",
                    rec.frequency()
                ),
            });
        }
        if zone_is_explicit && rec.zone() != zone {
            return Err(invalid(
                layer,
                format!(
                    "the layer's zone is {zone} but the RRULE's DTSTART is in {}; make them agree (or drop the layer's zone)",
                    rec.zone()
                ),
            ));
        }
        let rule_zone = rec.zone();
        Ok((HandoffRule::Rrule(Box::new(rec)), rule_zone))
    }

    /// The local time of turn 0 (for an RRULE: DTSTART).
    pub(crate) fn anchor(&self) -> NaiveDateTime {
        match self {
            HandoffRule::Steps { anchor, .. } | HandoffRule::Months { anchor, .. } => *anchor,
            HandoffRule::Rrule(r) => r.start_local(),
        }
    }

    /// Whether handoff `k` can be computed without walking from the anchor.
    ///
    /// (Only a matter of work: an RRULE's `index_at_or_before` is `None`, so a walk that took it
    /// for seekable would start from turn 0 anyway, once per instant looked up. `true` here is
    /// an equivalent mutant that only slows the lookups.)
    pub(crate) fn seekable(&self) -> bool {
        !matches!(self, HandoffRule::Rrule(_))
    }

    /// The local time of handoff `k` (seekable rules only; `None` for an RRULE).
    pub(crate) fn local(&self, k: u64) -> Result<Option<NaiveDateTime>, ScheduleError> {
        let overflow = || {
            ScheduleError::Time(crate::time::TimeError::OutOfRange {
                what: format!("handoff {k}"),
                reason: "it lies outside the years 1 to 9999".to_string(),
            })
        };
        match self {
            HandoffRule::Steps {
                anchor,
                prefix,
                cycle,
            } => {
                let m = prefix.len() as u64;
                let cycles = i64::try_from(k / m).map_err(|_| overflow())?;
                let within = prefix
                    .get(usize::try_from(k % m).map_err(|_| overflow())?)
                    .copied()
                    .unwrap_or(0);
                let secs = cycles
                    .checked_mul(*cycle)
                    .and_then(|s| s.checked_add(within))
                    .ok_or_else(overflow)?;
                let d = Duration::try_seconds(secs).ok_or_else(overflow)?;
                Ok(Some(anchor.checked_add_signed(d).ok_or_else(overflow)?))
            }
            HandoffRule::Months { anchor, every } => {
                let months = i64::try_from(k)
                    .ok()
                    .and_then(|k| k.checked_mul(i64::from(*every)))
                    .ok_or_else(overflow)?;
                let (t, _) = add_local(*anchor, months, CalendarUnit::Months)?;
                Ok(Some(t))
            }
            HandoffRule::Rrule(_) => Ok(None),
        }
    }

    /// The number of the last handoff whose local time is at or before `local` (seekable rules;
    /// `None` before the anchor or for an RRULE).
    pub(crate) fn index_at_or_before(
        &self,
        local: NaiveDateTime,
    ) -> Result<Option<u64>, ScheduleError> {
        match self {
            HandoffRule::Steps {
                anchor,
                prefix,
                cycle,
            } => {
                if local < *anchor {
                    return Ok(None);
                }
                let d = (local - *anchor).num_seconds();
                let cycles = d / cycle;
                let rem = d % cycle;
                let j = prefix.partition_point(|p| *p <= rem).saturating_sub(1);
                let m = prefix.len() as u64;
                Ok(Some(cycles.unsigned_abs() * m + j as u64))
            }
            HandoffRule::Months { anchor, every } => {
                if local < *anchor {
                    return Ok(None);
                }
                let months = |t: NaiveDateTime| i64::from(t.year()) * 12 + i64::from(t.month0());
                let diff = months(local) - months(*anchor);
                // Handoff k falls in `local`'s month or before it, handoff k + 1 in a later
                // month; only handoff k itself can come after `local` (later in the month, or
                // on a day clamped to the month's end), and then it is the one before (never
                // handoff 0, which is the anchor).
                let k = (diff / i64::from(*every)).unsigned_abs();
                if self.local(k)?.is_some_and(|t| t > local) {
                    Ok(k.checked_sub(1))
                } else {
                    Ok(Some(k))
                }
            }
            HandoffRule::Rrule(_) => Ok(None),
        }
    }
}

/// Walks a rule's handoffs in order, resolving each to an instant.
pub(crate) struct HandoffWalker<'a> {
    rule: &'a HandoffRule,
    zone: Zone,
    policy: Disambiguation,
    next_k: u64,
    prev: Option<DateTime<Utc>>,
    pending: VecDeque<NaiveDateTime>,
    page_from: NaiveDateTime,
    pages: u32,
    last_local: Option<NaiveDateTime>,
    finished: bool,
    walked: u64,
    max_walk: u64,
    layer: &'a str,
}

impl<'a> HandoffWalker<'a> {
    /// A walker starting at handoff `from_k` (RRULEs always start at 0 and are walked).
    pub(crate) fn new(
        layer: &'a str,
        rule: &'a HandoffRule,
        zone: Zone,
        policy: Disambiguation,
        from_k: u64,
        max_walk: u64,
    ) -> HandoffWalker<'a> {
        let start_k = if rule.seekable() { from_k } else { 0 };
        HandoffWalker {
            rule,
            zone,
            policy,
            next_k: start_k,
            prev: None,
            pending: VecDeque::new(),
            page_from: rule.anchor(),
            pages: 0,
            last_local: None,
            finished: false,
            walked: 0,
            max_walk,
            layer,
        }
    }

    /// The next handoff, or `None` when the rule has no more.
    pub(crate) fn next_handoff(&mut self) -> Result<Option<Handoff>, ScheduleError> {
        if self.walked >= self.max_walk {
            return Err(ScheduleError::AnchorTooFar {
                layer: self.layer.to_string(),
                max: self.max_walk,
            });
        }
        let local = match self.rule {
            HandoffRule::Rrule(rec) => match self.next_rrule_local(rec)? {
                Some(t) => t,
                None => return Ok(None),
            },
            _ => match self.rule.local(self.next_k)? {
                Some(t) => t,
                None => return Ok(None),
            },
        };
        let resolved = super::resolve(self.zone, local, self.policy)?;
        let (instant, clamped) = match self.prev {
            Some(p) if resolved.instant < p => (p, true),
            _ => (resolved.instant, false),
        };
        let h = Handoff {
            index: self.next_k,
            local,
            instant,
            adjustment: resolved.adjustment,
            clamped,
        };
        self.prev = Some(instant);
        self.next_k += 1;
        self.walked += 1;
        Ok(Some(h))
    }

    fn next_rrule_local(
        &mut self,
        rec: &Recurrence,
    ) -> Result<Option<NaiveDateTime>, ScheduleError> {
        let too_long = |layer: &str, after: NaiveDateTime| {
            invalid(
                layer,
                format!("the RRULE has no handoff for more than {RRULE_PAGE_DAYS} days after {}; turns may last at most a year", after.format("%Y-%m-%d")),
            )
        };
        let end_of_range = NaiveDate::from_ymd_opt(crate::time::MAX_YEAR, 12, 31)
            .unwrap_or(NaiveDate::MAX)
            .and_time(NaiveTime::MIN);
        while self.pending.is_empty() && !self.finished {
            if self.page_from >= end_of_range {
                self.finished = true;
                break;
            }
            let doublings = self.pages.min(RRULE_MAX_DOUBLINGS);
            let to = self
                .page_from
                .checked_add_signed(Duration::days(RRULE_PAGE_DAYS << doublings))
                .unwrap_or(end_of_range)
                .min(end_of_range);
            // Never more than the walk may still take (plus one, to notice the bound).
            let budget = usize::try_from(self.max_walk.saturating_sub(self.walked))
                .unwrap_or(usize::MAX)
                .saturating_add(1);
            let cap = RRULE_FIRST_PAGE
                .checked_shl(self.pages.min(30))
                .unwrap_or(usize::MAX)
                .min(budget);
            // (The growth of the pages is only a matter of work: with `pages` stuck at 0, a walk
            // takes more pages of the first size and finds the same handoffs; `+=` → `*=` is
            // an equivalent mutant.)
            self.pages += 1;
            let mut page = Vec::new();
            rec.for_each_local(self.page_from, to, |t| {
                page.push(t);
                if page.len() >= cap {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            })?;
            for t in &page {
                if let Some(prev) = self.last_local {
                    if *t - prev > Duration::days(RRULE_PAGE_DAYS) {
                        return Err(too_long(self.layer, prev));
                    }
                }
                self.last_local = Some(*t);
            }
            // A full page may have stopped short of `to`: the next starts after its last
            // handoff. (A page that is not full holds every handoff up to `to`, so starting the
            // next after its last handoff instead only costs work: the guard → `true` is an
            // equivalent mutant.)
            match page.last() {
                Some(last) if page.len() >= cap => {
                    self.page_from = *last + Duration::seconds(1);
                }
                Some(_) => self.page_from = to,
                None => {
                    // Nothing in at least RRULE_PAGE_DAYS: finished, unless the rule resumes
                    // later, which would silently lengthen a turn past a year.
                    let probe_to = to
                        .checked_add_signed(Duration::days(3_660))
                        .unwrap_or(end_of_range)
                        .min(end_of_range);
                    // (`to == probe_to` only at the end of the range, where the probe is empty
                    // anyway: `<` → `<=` is an equivalent mutant.)
                    if to < probe_to && !rec.local_occurrences(to, probe_to, 1)?.is_empty() {
                        return Err(too_long(self.layer, self.page_from));
                    }
                    self.finished = true;
                }
            }
            self.pending.extend(page);
        }
        Ok(self.pending.pop_front())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::IsoDuration;

    fn local(s: &str) -> NaiveDateTime {
        parse_local(s).unwrap()
    }

    fn cadence(every: u32, unit: CadenceUnit, at: Option<&str>) -> HandoffSpec {
        HandoffSpec {
            every: Some(every),
            unit: Some(unit),
            at: at.map(|a| a.parse().unwrap()),
            ..HandoffSpec::default()
        }
    }

    fn rule(spec: &HandoffSpec, anchor: Option<&str>, zone: &str) -> HandoffRule {
        HandoffRule::from_spec("l", spec, anchor, Zone::parse(zone).unwrap(), false)
            .unwrap()
            .0
    }

    fn walk(
        rule: &HandoffRule,
        zone: &str,
        policy: Disambiguation,
        from: u64,
        n: usize,
    ) -> Vec<Handoff> {
        let mut w = HandoffWalker::new(
            "l",
            rule,
            Zone::parse(zone).unwrap(),
            policy,
            from,
            1_000_000,
        );
        (0..n).map_while(|_| w.next_handoff().unwrap()).collect()
    }

    #[test]
    fn weekly_cadence_is_computed_directly_and_seeks() {
        let r = rule(
            &cadence(1, CadenceUnit::Weeks, Some("09:00")),
            Some("2026-01-05"),
            "Europe/London",
        );
        assert_eq!(r.local(0).unwrap(), Some(local("2026-01-05T09:00")));
        assert_eq!(r.local(52).unwrap(), Some(local("2027-01-04T09:00")));
        assert_eq!(
            r.index_at_or_before(local("2026-01-05T08:59")).unwrap(),
            None
        );
        assert_eq!(
            r.index_at_or_before(local("2026-01-05T09:00")).unwrap(),
            Some(0)
        );
        assert_eq!(
            r.index_at_or_before(local("2026-01-12T08:59")).unwrap(),
            Some(0)
        );
        assert_eq!(
            r.index_at_or_before(local("2026-01-12T09:00")).unwrap(),
            Some(1)
        );
    }

    #[test]
    fn handovers_cycle_two_two_three() {
        let spec = HandoffSpec {
            handovers: Some(vec![
                "P2D".parse::<IsoDuration>().unwrap(),
                "P2D".parse().unwrap(),
                "P3D".parse().unwrap(),
            ]),
            ..HandoffSpec::default()
        };
        let r = rule(&spec, Some("2026-01-05T08:00"), "UTC");
        let days: Vec<u32> = (0..7).map(|k| r.local(k).unwrap().unwrap().day()).collect();
        // Mon 5 → Wed 7 → Fri 9 → Mon 12 → Wed 14 → Fri 16 → Mon 19
        assert_eq!(days, vec![5, 7, 9, 12, 14, 16, 19]);
        assert_eq!(
            r.index_at_or_before(local("2026-01-11T23:00")).unwrap(),
            Some(2)
        );
        assert_eq!(
            r.index_at_or_before(local("2026-01-12T08:00")).unwrap(),
            Some(3)
        );
    }

    /// `index_at_or_before` agrees with the handoff times themselves: a second before the
    /// first, at each handoff, half-way to the next and a second before it, for every kind of
    /// seekable rule, near the anchor and a thousand turns on.
    #[test]
    fn seeking_agrees_with_the_handoff_times() {
        let handovers = |d: &[&str]| HandoffSpec {
            handovers: Some(d.iter().map(|s| s.parse().unwrap()).collect()),
            ..HandoffSpec::default()
        };
        let utc = |spec: &HandoffSpec, anchor| rule(spec, Some(anchor), "UTC");
        let rules = [
            utc(&cadence(1, CadenceUnit::Days, Some("09:00")), "2026-01-05"),
            utc(&cadence(5, CadenceUnit::Hours, None), "2026-01-05T01:30"),
            utc(&cadence(2, CadenceUnit::Weeks, None), "2026-01-05T09:00"),
            utc(&cadence(1, CadenceUnit::Months, None), "2026-01-31T09:00"),
            utc(&cadence(5, CadenceUnit::Months, None), "2025-03-31T00:00"),
            utc(&cadence(12, CadenceUnit::Months, None), "2024-02-29T18:00"),
            utc(&handovers(&["P2D", "P2D", "P3D"]), "2026-01-05T08:00"),
            utc(&handovers(&["PT15M", "P1D", "PT45M"]), "2026-01-05T08:00"),
        ];
        let sec = Duration::seconds(1);
        for r in &rules {
            let at = |k: u64| r.local(k).unwrap().unwrap();
            assert_eq!(r.index_at_or_before(at(0) - sec).unwrap(), None);
            for k in (0..40).chain(1000..1040) {
                let (t, next) = (at(k), at(k + 1));
                assert!(t < next, "handoffs {k} and {} in order", k + 1);
                let seek = |x| r.index_at_or_before(x).unwrap();
                assert_eq!(seek(t), Some(k), "at handoff {k} ({t})");
                assert_eq!(seek(t + (next - t) / 2), Some(k), "inside turn {k}");
                assert_eq!(seek(next - sec), Some(k), "just before handoff {}", k + 1);
            }
        }
    }

    #[test]
    fn monthly_from_the_31st_clamps_and_recovers() {
        let r = rule(
            &cadence(1, CadenceUnit::Months, None),
            Some("2026-01-31T09:00"),
            "UTC",
        );
        let got: Vec<String> = (0..4)
            .map(|k| r.local(k).unwrap().unwrap().format("%m-%d").to_string())
            .collect();
        assert_eq!(got, vec!["01-31", "02-28", "03-31", "04-30"]);
        assert_eq!(
            r.index_at_or_before(local("2026-03-30T09:00")).unwrap(),
            Some(1)
        );
        assert_eq!(
            r.index_at_or_before(local("2026-03-31T09:00")).unwrap(),
            Some(2)
        );
    }

    #[test]
    fn anchor_forms_and_contradictions() {
        let spec = cadence(1, CadenceUnit::Days, Some("09:00"));
        let z = Zone::parse("America/New_York").unwrap();
        let from_instant =
            HandoffRule::from_spec("l", &spec, Some("2026-03-02T14:00:00Z"), z, false)
                .unwrap()
                .0;
        assert_eq!(from_instant.anchor(), local("2026-03-02T09:00"));
        let err =
            HandoffRule::from_spec("l", &spec, Some("2026-03-02T10:00"), z, false).unwrap_err();
        assert_eq!(err.code(), "invalid_anchor");
        let err = HandoffRule::from_spec("l", &spec, None, z, false).unwrap_err();
        assert_eq!(err.code(), "invalid_anchor");
        let err = HandoffRule::from_spec("l", &spec, Some("next monday"), z, false).unwrap_err();
        assert_eq!(err.code(), "invalid_anchor");
    }

    #[test]
    fn bad_rules_are_typed_errors() {
        let z = Zone::UTC;
        let both = HandoffSpec {
            rrule: Some("x".into()),
            ..cadence(1, CadenceUnit::Days, None)
        };
        assert_eq!(
            HandoffRule::from_spec("l", &both, None, z, false)
                .unwrap_err()
                .code(),
            "invalid_handoff"
        );
        assert_eq!(
            HandoffRule::from_spec("l", &HandoffSpec::default(), None, z, false)
                .unwrap_err()
                .code(),
            "invalid_handoff"
        );
        let zero = cadence(0, CadenceUnit::Days, None);
        assert_eq!(
            HandoffRule::from_spec("l", &zero, Some("2026-01-01"), z, false)
                .unwrap_err()
                .code(),
            "invalid_handoff"
        );
        let secondly = HandoffSpec {
            rrule: Some("DTSTART:19900101T000000Z\nRRULE:FREQ=SECONDLY".into()),
            ..HandoffSpec::default()
        };
        assert_eq!(
            HandoffRule::from_spec("l", &secondly, None, z, false)
                .unwrap_err()
                .code(),
            "handoff_too_frequent"
        );
        let floating = HandoffSpec {
            rrule: Some("DTSTART:20260101T090000\nRRULE:FREQ=DAILY".into()),
            ..HandoffSpec::default()
        };
        assert_eq!(
            HandoffRule::from_spec("l", &floating, None, z, false)
                .unwrap_err()
                .code(),
            "rrule_without_zone"
        );
        let tiny = HandoffSpec {
            handovers: Some(vec!["PT5M".parse().unwrap()]),
            ..HandoffSpec::default()
        };
        assert_eq!(
            HandoffRule::from_spec("l", &tiny, Some("2026-01-01"), z, false)
                .unwrap_err()
                .code(),
            "invalid_handoff"
        );
        let months = HandoffSpec {
            handovers: Some(vec!["P1M".parse().unwrap()]),
            ..HandoffSpec::default()
        };
        assert_eq!(
            HandoffRule::from_spec("l", &months, Some("2026-01-01"), z, false)
                .unwrap_err()
                .code(),
            "invalid_handoff"
        );
        let ny = HandoffSpec {
            rrule: Some("DTSTART;TZID=America/New_York:20260101T090000\nRRULE:FREQ=DAILY".into()),
            ..HandoffSpec::default()
        };
        let err =
            HandoffRule::from_spec("l", &ny, None, Zone::parse("Europe/London").unwrap(), true)
                .unwrap_err();
        assert_eq!(err.code(), "invalid_handoff");
    }

    #[test]
    fn hourly_handoffs_on_spring_forward_merge_instead_of_vanishing() {
        // New York, 8 March 2026: 02:00 does not exist. Compatible moves it forward by the gap,
        // onto 03:00 EDT, where the 03:00 handoff also lands: turn 02:00–03:00 has zero length.
        let r = rule(
            &cadence(1, CadenceUnit::Hours, None),
            Some("2026-03-08T00:00"),
            "America/New_York",
        );
        let hs = walk(&r, "America/New_York", Disambiguation::Compatible, 0, 5);
        let utc: Vec<String> = hs
            .iter()
            .map(|h| h.instant.format("%H:%M").to_string())
            .collect();
        assert_eq!(utc, vec!["05:00", "06:00", "07:00", "07:00", "08:00"]);
        assert!(hs[2].adjustment.is_dst_affected());
        assert!(!hs[3].clamped);
        // `earlier` moves 02:00 back to 01:00 EST, onto the 01:00 handoff.
        let hs = walk(&r, "America/New_York", Disambiguation::Earlier, 0, 4);
        assert_eq!(hs[1].instant, hs[2].instant);
    }

    #[test]
    fn earlier_policy_never_moves_a_handoff_before_its_predecessor() {
        // Handoffs every 30 minutes from 01:45; 02:15 with `earlier` would be 01:15 EST, before
        // the 01:45 handoff: it is clamped onto it. 02:45 becomes 01:45 EST, the same instant.
        let spec = HandoffSpec {
            handovers: Some(vec!["PT30M".parse().unwrap()]),
            ..HandoffSpec::default()
        };
        let r = rule(&spec, Some("2026-03-08T01:45"), "America/New_York");
        let hs = walk(&r, "America/New_York", Disambiguation::Earlier, 0, 4);
        assert!(hs[1].clamped);
        assert_eq!(hs[1].instant, hs[0].instant);
        assert!(!hs[2].clamped);
        assert_eq!(hs[2].instant, hs[0].instant);
        assert_eq!(hs[3].instant.to_rfc3339(), "2026-03-08T07:15:00+00:00"); // 03:15 EDT
    }

    #[test]
    fn rrule_handoffs_are_walked_from_dtstart_and_resolved_locally() {
        let spec = HandoffSpec {
            rrule: Some("DTSTART;TZID=America/New_York:20260302T023000\nRRULE:FREQ=DAILY".into()),
            ..HandoffSpec::default()
        };
        let r = rule(&spec, None, "UTC");
        let hs = walk(&r, "America/New_York", Disambiguation::Compatible, 99, 8);
        assert_eq!(hs[0].index, 0, "an RRULE walker always starts at DTSTART");
        // 8 March 02:30 is in the gap: forward by an hour → 03:30 EDT = 07:30Z.
        assert_eq!(hs[6].instant.to_rfc3339(), "2026-03-08T07:30:00+00:00");
        assert_eq!(hs[7].instant.to_rfc3339(), "2026-03-09T06:30:00+00:00");
    }

    #[test]
    fn finished_rrule_ends_and_walks_are_bounded() {
        let spec = HandoffSpec {
            rrule: Some(
                "DTSTART;TZID=Europe/London:20260105T090000\nRRULE:FREQ=WEEKLY;COUNT=3".into(),
            ),
            ..HandoffSpec::default()
        };
        let r = rule(&spec, None, "UTC");
        assert_eq!(
            walk(&r, "Europe/London", Disambiguation::Compatible, 0, 10).len(),
            3
        );
        let mut w = HandoffWalker::new("l", &r, Zone::UTC, Disambiguation::Compatible, 0, 2);
        w.next_handoff().unwrap();
        w.next_handoff().unwrap();
        assert_eq!(w.next_handoff().unwrap_err().code(), "anchor_too_far");
    }
}
