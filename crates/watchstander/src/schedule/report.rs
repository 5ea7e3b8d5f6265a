//! Handoff reports: who hands to whom at a handoff, and the facts of both shifts — what the
//! CLI prints and a chat bot posts.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::compiled::CompiledSchedule;
use super::fairness::FairnessSettings;
use super::interval::Interval;
use super::shift::{Shift, TimeOffConflict};
use super::ScheduleError;
use crate::time::{LocalAdjustment, Zone};

/// An incident or page, to count pages per shift.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "schema", schemars(rename = "Page"))]
pub struct Incident {
    /// Id.
    pub id: String,
    /// Title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// When it paged.
    pub at: DateTime<Utc>,
}

/// One person's side of a handoff.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HandoffSide {
    /// Who.
    pub person: String,
    /// Their zone.
    pub zone: Zone,
    /// The shift ending (outgoing) or starting (incoming) at the handoff, within the window.
    pub shift: Interval,
    /// Its uid.
    pub shift_uid: String,
    /// Shift start on their own wall clock.
    pub local_start: chrono::NaiveDateTime,
    /// Shift end on their own wall clock.
    pub local_end: chrono::NaiveDateTime,
    /// Hours.
    pub hours: f64,
    /// Night hours on their own clock.
    pub night_hours: f64,
    /// Weekend hours on their own clock.
    pub weekend_hours: f64,
    /// Why they are (were) on call.
    pub why: String,
    /// Incidents that paged during the shift (outgoing side only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<Incident>,
    /// Holidays or time off overlapping the shift.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub time_off: Vec<String>,
}

/// Everything about one handoff.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HandoffReport {
    /// Schedule id.
    pub schedule: String,
    /// The handoff instant.
    pub at: DateTime<Utc>,
    /// The handoff in the schedule's zone.
    pub local_at: chrono::NaiveDateTime,
    /// The schedule's zone.
    pub zone: Zone,
    /// People going off call.
    pub outgoing: Vec<HandoffSide>,
    /// People coming on call.
    pub incoming: Vec<HandoffSide>,
    /// People on call on both sides.
    pub continuing: Vec<String>,
    /// Layers whose turn changes here.
    pub layers: Vec<String>,
    /// Set when DST moved this handoff.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dst: Option<LocalAdjustment>,
    /// Gaps that start during the incoming shifts or in the 24 hours after the handoff,
    /// whichever reaches further.
    pub gaps_ahead: Vec<Interval>,
    /// The next handoff after this one, if inside the window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_handoff: Option<DateTime<Utc>>,
    /// A few lines of text for a chat message.
    pub text: Vec<String>,
}

fn hours_text(h: f64) -> String {
    if h.fract() == 0.0 {
        format!("{h} h")
    } else {
        format!("{h:.1} h")
    }
}

impl CompiledSchedule {
    fn side(
        &self,
        s: &Shift,
        incidents: &[Incident],
        with_pages: bool,
    ) -> Result<HandoffSide, ScheduleError> {
        let iv = s.interval();
        let totals = self.totals_for(
            &s.person,
            &[iv],
            1,
            self.window,
            &FairnessSettings::default(),
        )?;
        let zone = self.person_zone(&s.person);
        let mut pages: Vec<Incident> = if with_pages {
            incidents
                .iter()
                .filter(|i| iv.contains(i.at))
                .cloned()
                .collect()
        } else {
            Vec::new()
        };
        pages.sort_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
        Ok(HandoffSide {
            person: s.person.clone(),
            zone,
            shift: iv,
            shift_uid: s.uid.clone(),
            local_start: zone.to_local(s.start),
            local_end: zone.to_local(s.end),
            hours: s.hours,
            night_hours: totals.night_hours,
            weekend_hours: totals.weekend_hours,
            why: s.why.clone(),
            pages,
            time_off: s.time_off.clone(),
        })
    }

    /// The report for the handoff at `at`, or — if nobody changes at `at` — for the first
    /// handoff after it. `incidents` are counted as pages in the outgoing shifts.
    ///
    /// ```
    /// # use watchstander::schedule::{Incident, Interval, Schedule};
    /// # use watchstander::time::parse_instant;
    /// let s: Schedule = serde_json::from_str(r#"{"id": "s", "zone": "Europe/London", "layers": [
    ///   {"id": "weekly", "rotation": {"members": ["alice", "bob"], "anchor": "2026-03-23T09:00",
    ///    "handoff": {"every": 1, "unit": "weeks"}}}]}"#)?;
    /// let w = Interval::new(parse_instant("2026-03-23T09:00:00Z")?, parse_instant("2026-04-13T08:00:00Z")?)?;
    /// let pages: Vec<Incident> = serde_json::from_str(r#"[{"id": "INC-1", "at": "2026-03-25T03:00:00Z"}]"#)?;
    /// let r = s.compile(w)?.handoff_report(parse_instant("2026-03-30T00:00:00Z")?, &pages)?;
    /// // Summer time started on 29 March: Alice's week was 167 hours, and the 09:00 handoff is 08:00 UTC.
    /// assert_eq!(r.at.to_rfc3339(), "2026-03-30T08:00:00+00:00");
    /// assert_eq!(r.outgoing[0].person, "alice");
    /// assert_eq!(r.outgoing[0].hours, 167.0);
    /// assert_eq!(r.outgoing[0].pages.len(), 1);
    /// assert_eq!(r.incoming[0].person, "bob");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn handoff_report(
        &self,
        at: DateTime<Utc>,
        incidents: &[Incident],
    ) -> Result<HandoffReport, ScheduleError> {
        if !(self.window.start <= at && at <= self.window.end) {
            return Err(ScheduleError::OutsideWindow {
                what: format!("instant {}", crate::time::format_instant(at)),
                window_start: self.window.start,
                window_end: self.window.end,
            });
        }
        let handoffs = self.handoff_list();
        let i = handoffs.partition_point(|h| h.at < at);
        let h = handoffs
            .get(i)
            .ok_or_else(|| ScheduleError::OutsideWindow {
                what: format!("a handoff at or after {}", crate::time::format_instant(at)),
                window_start: self.window.start,
                window_end: self.window.end,
            })?;
        let before = h.at - chrono::Duration::nanoseconds(1);
        let explained = |t: DateTime<Utc>| -> Result<Vec<Shift>, ScheduleError> {
            let i = self.segment_of(t)?;
            Ok(self
                .timeline
                .shift
                .get(self.timeline.on_range(i))
                .unwrap_or(&[])
                .iter()
                .filter_map(|k| self.shift(*k as usize))
                .collect())
        };
        let leaving: Vec<Shift> = explained(before)?
            .into_iter()
            .filter(|s| !h.to.contains(&s.person))
            .collect();
        let arriving: Vec<Shift> = explained(h.at)?
            .into_iter()
            .filter(|s| !h.from.contains(&s.person))
            .collect();
        let continuing: Vec<String> = h
            .from
            .iter()
            .filter(|p| h.to.contains(p))
            .cloned()
            .collect();
        let outgoing = leaving
            .iter()
            .map(|s| self.side(s, incidents, true))
            .collect::<Result<Vec<_>, _>>()?;
        let incoming = arriving
            .iter()
            .map(|s| self.side(s, incidents, false))
            .collect::<Result<Vec<_>, _>>()?;
        // Gaps during the incoming shifts, or in the day after the handoff if that is longer.
        let horizon = incoming
            .iter()
            .map(|s| s.shift.end)
            .max()
            .unwrap_or(h.at)
            .max(h.at + chrono::Duration::hours(24));
        let gaps_ahead: Vec<Interval> = self
            .gaps
            .iter()
            .filter(|g| g.end > h.at && g.start < horizon)
            .copied()
            .collect();
        let zone = self.zone();
        let fmt = |t: DateTime<Utc>, z: Zone| z.at(t).format("%a %Y-%m-%d %H:%M").to_string();
        let mut text = vec![format!(
            "Handoff {} ({zone}): {} → {}",
            fmt(h.at, zone),
            if h.from.is_empty() {
                "nobody".to_string()
            } else {
                h.from.join(", ")
            },
            if h.to.is_empty() {
                "nobody".to_string()
            } else {
                h.to.join(", ")
            }
        )];
        if let Some(adj) = h.dst {
            text.push(format!(
                "DST moved this handoff ({}).",
                match adj {
                    LocalAdjustment::Gap { .. } =>
                        "its local time was skipped by the clocks going forward",
                    LocalAdjustment::Fold { .. } => "its local time happened twice",
                    LocalAdjustment::None => "",
                }
            ));
        }
        for o in &outgoing {
            text.push(format!(
                "{} was on call {} ({} at night, {} at the weekend), {} page{}.",
                o.person,
                hours_text(o.hours),
                hours_text(o.night_hours),
                hours_text(o.weekend_hours),
                o.pages.len(),
                if o.pages.len() == 1 { "" } else { "s" }
            ));
        }
        for n in &incoming {
            text.push(format!(
                "{} is on call until {} their time ({}; {}).",
                n.person,
                fmt(n.shift.end, n.zone),
                hours_text(n.hours),
                n.why
            ));
            if !n.time_off.is_empty() {
                text.push(format!(
                    "Warning: {} has time off during this shift ({}).",
                    n.person,
                    n.time_off.join(", ")
                ));
            }
        }
        for g in &gaps_ahead {
            text.push(format!(
                "Gap: nobody is on call {} – {}.",
                fmt(g.start, zone),
                fmt(g.end, zone)
            ));
        }
        Ok(HandoffReport {
            schedule: self.schedule_id().to_string(),
            at: h.at,
            local_at: zone.to_local(h.at),
            zone,
            outgoing,
            incoming,
            continuing,
            layers: h.layers.clone(),
            dst: h.dst,
            gaps_ahead,
            next_handoff: handoffs.get(i + 1).map(|n| n.at),
            text,
        })
    }

    /// Time-off conflicts overlapping `window`.
    pub fn time_off_conflicts_in(&self, window: Interval) -> Vec<&TimeOffConflict> {
        self.time_off_conflicts
            .iter()
            .filter(|c| c.start < window.end && c.end > window.start)
            .collect()
    }
}
