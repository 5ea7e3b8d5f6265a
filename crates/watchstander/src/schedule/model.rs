//! The validated schedule.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::interval::Interval;
use super::layer::Layer;
use super::people::Person;
use super::spec::{
    OverrideKind, ScheduleSpec, ShadowSpec, SwapKind, SwapSpec, TimeOffMode, TimeOffPolicy,
};
use super::{check_id, ScheduleError};
use crate::time::Zone;

/// The most layers one schedule may have.
pub const MAX_LAYERS: usize = 100;
/// The most overrides one schedule may have.
pub const MAX_OVERRIDES: usize = 100_000;
/// The most swaps and cover requests one schedule may have.
pub const MAX_SWAPS: usize = 10_000;
/// The most temporary schedules (and shifts in each) one schedule may have.
pub const MAX_TEMPORARY: usize = 1_000;
/// The most people and shadows one schedule may list.
pub const MAX_PEOPLE: usize = 10_000;

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Override {
    pub id: String,
    pub kind: OverrideKind,
    pub person: String,
    pub replaces: Option<String>,
    pub interval: Interval,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Temporary {
    pub id: String,
    pub interval: Interval,
    pub shifts: Vec<(String, Interval)>,
}

/// A validated schedule, ready to [`compile`](Schedule::compile).
///
/// It (de)serialises as its [`ScheduleSpec`]; deserialising validates.
///
/// ```
/// use watchstander::schedule::{Interval, Schedule};
/// use watchstander::time::parse_instant;
///
/// let schedule: Schedule = serde_json::from_str(r#"{
///   "id": "payments", "zone": "Europe/London",
///   "layers": [{"id": "weekly", "rotation": {
///       "members": ["alice", "bob"], "anchor": "2026-01-05T09:00",
///       "handoff": {"every": 1, "unit": "weeks"}}}]
/// }"#)?;
/// let window = Interval::new(parse_instant("2026-03-23T00:00:00Z")?, parse_instant("2026-04-06T00:00:00Z")?)?;
/// let compiled = schedule.compile(window)?;
/// // 30 March is the first Monday of British Summer Time: the 09:00 handoff is 08:00 UTC.
/// let now = compiled.oncall(parse_instant("2026-03-30T08:00:00Z")?)?;
/// assert_eq!(now.on_call[0].person, "alice"); // turn 12: 12 mod 2 = 0
/// assert_eq!(now.on_call[0].why, "layer weekly (every week), turn 12: member 1 of 2");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Schedule {
    spec: ScheduleSpec,
    pub(crate) layers: Vec<Layer>,
    pub(crate) overrides: Vec<Override>,
    pub(crate) temporaries: Vec<Temporary>,
    pub(crate) swaps: Vec<SwapSpec>,
    pub(crate) shadows: Vec<ShadowSpec>,
    pub(crate) people: BTreeMap<String, Person>,
    pub(crate) policy: TimeOffPolicy,
}

impl PartialEq for Schedule {
    fn eq(&self, other: &Self) -> bool {
        self.spec == other.spec
    }
}

impl Serialize for Schedule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.spec.serialize(serializer)
    }
}

impl schemars::JsonSchema for Schedule {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Schedule".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        ScheduleSpec::json_schema(generator)
    }
}

impl<'de> Deserialize<'de> for Schedule {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spec = ScheduleSpec::deserialize(deserializer)?;
        Schedule::new(spec).map_err(crate::error::de_error)
    }
}

fn limit(what: &str, count: usize, max: usize) -> Result<(), ScheduleError> {
    if count > max {
        return Err(ScheduleError::limit(
            what,
            count,
            max,
            "split the schedule or drop entries that ended long ago",
        ));
    }
    Ok(())
}

fn unique<'a>(kind: &str, ids: impl Iterator<Item = &'a str>) -> Result<(), ScheduleError> {
    let mut seen = BTreeSet::new();
    for id in ids {
        if !seen.insert(id) {
            return Err(ScheduleError::DuplicateId {
                kind: kind.to_string(),
                id: id.to_string(),
            });
        }
    }
    Ok(())
}

impl Schedule {
    /// Validates a schedule. Fails with a typed error naming the offending value; never panics.
    pub fn new(spec: ScheduleSpec) -> Result<Schedule, ScheduleError> {
        if spec.version != 1 {
            return Err(ScheduleError::UnsupportedVersion {
                version: spec.version,
            });
        }
        check_id("schedule", &spec.id)?;
        limit("layers", spec.layers.len(), MAX_LAYERS)?;
        limit("overrides", spec.overrides.len(), MAX_OVERRIDES)?;
        limit("swaps", spec.swaps.len(), MAX_SWAPS)?;
        limit(
            "temporary schedules",
            spec.temporary_schedules.len(),
            MAX_TEMPORARY,
        )?;
        limit("people", spec.people.len(), MAX_PEOPLE)?;
        limit("shadows", spec.shadows.len(), MAX_PEOPLE)?;
        unique("layer", spec.layers.iter().map(|l| l.id.as_str()))?;
        unique("person", spec.people.iter().map(|p| p.id.as_str()))?;
        unique("swap", spec.swaps.iter().map(|s| s.id.as_str()))?;
        unique(
            "temporary schedule",
            spec.temporary_schedules.iter().map(|t| t.id.as_str()),
        )?;

        let layers = spec
            .layers
            .iter()
            .map(|l| Layer::new(l, spec.zone))
            .collect::<Result<Vec<_>, _>>()?;
        let people = spec
            .people
            .iter()
            .map(|p| Person::new(p, spec.zone, &spec.holiday_calendars).map(|v| (p.id.clone(), v)))
            .collect::<Result<BTreeMap<_, _>, _>>()?;
        let overrides = validate_overrides(&spec)?;
        let temporaries = validate_temporaries(&spec)?;
        let swaps = validate_swaps(&spec)?;
        for s in &spec.shadows {
            if s.person == s.shadows {
                return Err(ScheduleError::InvalidOverride {
                    id: format!("shadow of {}", s.shadows),
                    reason: "a person cannot shadow themselves".to_string(),
                });
            }
            if let (Some(a), Some(b)) = (s.start, s.end) {
                Interval::checked(a, b, &format!("shadow {} of {}", s.person, s.shadows))?;
            }
        }
        if spec.time_off_policy.mode == TimeOffMode::Reassign
            && spec.time_off_policy.backup.is_none()
        {
            return Err(ScheduleError::InvalidTimeOffPolicy {
                reason: "\"reassign\" needs a \"backup\" person (people may also name their own \"backup\")".to_string(),
            });
        }
        Ok(Schedule {
            layers,
            overrides,
            temporaries,
            swaps,
            shadows: spec.shadows.clone(),
            people,
            policy: spec.time_off_policy.clone(),
            spec,
        })
    }

    /// The specification this schedule was built from.
    pub fn spec(&self) -> &ScheduleSpec {
        &self.spec
    }

    /// The schedule's id.
    pub fn id(&self) -> &str {
        &self.spec.id
    }

    /// The schedule's zone.
    pub fn zone(&self) -> Zone {
        self.spec.zone
    }

    /// Layer ids, lowest first.
    pub fn layer_ids(&self) -> Vec<String> {
        self.layers.iter().map(|l| l.id.clone()).collect()
    }

    /// A person's zone (the schedule's for people it does not list).
    pub fn person_zone(&self, person: &str) -> Zone {
        self.people.get(person).map_or(self.spec.zone, |p| p.zone)
    }

    pub(crate) fn person(&self, id: &str) -> Person {
        self.people
            .get(id)
            .cloned()
            .unwrap_or_else(|| Person::unlisted(id, self.spec.zone))
    }

    /// Everyone the schedule can put on call: members, override and swap people, temporary
    /// schedule people, listed people, backups and shadows. Sorted.
    pub fn people(&self) -> Vec<String> {
        let mut all: BTreeSet<String> = BTreeSet::new();
        for l in &self.layers {
            all.extend(l.roster.all_members().map(str::to_string));
        }
        all.extend(self.overrides.iter().map(|o| o.person.clone()));
        all.extend(self.swaps.iter().map(|s| s.to.clone()));
        all.extend(
            self.temporaries
                .iter()
                .flat_map(|t| t.shifts.iter().map(|(p, _)| p.clone())),
        );
        all.extend(self.people.keys().cloned());
        all.extend(self.shadows.iter().map(|s| s.person.clone()));
        all.extend(self.policy.backup.clone());
        all.into_iter().collect()
    }
}

fn validate_overrides(spec: &ScheduleSpec) -> Result<Vec<Override>, ScheduleError> {
    let mut list = Vec::with_capacity(spec.overrides.len());
    for (i, o) in spec.overrides.iter().enumerate() {
        let id = o.id.clone().unwrap_or_else(|| format!("override-{i}"));
        check_id("override", &id)?;
        let interval = Interval::checked(o.start, o.end, &format!("override {id:?}"))?;
        let bad = |reason: &str| ScheduleError::InvalidOverride {
            id: id.clone(),
            reason: reason.to_string(),
        };
        if o.replaces.is_some() && o.kind != OverrideKind::Replace {
            return Err(bad("\"replaces\" only applies to kind \"replace\""));
        }
        if o.replaces.as_deref() == Some(o.person.as_str()) {
            return Err(bad("a person cannot replace themselves"));
        }
        list.push((
            (o.created_at.is_some(), o.created_at, i),
            Override {
                id,
                kind: o.kind,
                person: o.person.clone(),
                replaces: o.replaces.clone(),
                interval,
                note: o.note.clone(),
            },
        ));
    }
    unique("override", list.iter().map(|(_, o)| o.id.as_str()))?;
    // Creation order: entries without created_at first, in list order, then by created_at.
    list.sort_by_key(|(k, _)| *k);
    Ok(list.into_iter().map(|(_, o)| o).collect())
}

fn validate_temporaries(spec: &ScheduleSpec) -> Result<Vec<Temporary>, ScheduleError> {
    let mut list = Vec::new();
    for t in &spec.temporary_schedules {
        check_id("temporary schedule", &t.id)?;
        let interval =
            Interval::checked(t.start, t.end, &format!("temporary schedule {:?}", t.id))?;
        if t.shifts.len() > MAX_TEMPORARY * 10 {
            return Err(ScheduleError::limit(
                "shifts in one temporary schedule",
                t.shifts.len(),
                MAX_TEMPORARY * 10,
                "split it into several temporary schedules",
            ));
        }
        let mut shifts = Vec::new();
        for (i, s) in t.shifts.iter().enumerate() {
            let iv = Interval::checked(
                s.start,
                s.end,
                &format!("shift {i} of temporary schedule {:?}", t.id),
            )?;
            if !iv.overlaps(&interval) {
                return Err(ScheduleError::InvalidTemporarySchedule {
                    id: t.id.clone(),
                    reason: format!(
                        "shift {i} ({}) lies outside the schedule's window {} – {}",
                        s.person, t.start, t.end
                    ),
                });
            }
            shifts.push((s.person.clone(), iv));
        }
        list.push(Temporary {
            id: t.id.clone(),
            interval,
            shifts,
        });
    }
    list.sort_by_key(|t| t.interval);
    for w in list.windows(2) {
        if let [a, b] = w {
            if a.interval.overlaps(&b.interval) {
                return Err(ScheduleError::InvalidTemporarySchedule {
                    id: b.id.clone(),
                    reason: format!(
                        "it overlaps temporary schedule {:?}; each replaces everything in its window, so they contradict — merge them",
                        a.id
                    ),
                });
            }
        }
    }
    Ok(list)
}

fn validate_swaps(spec: &ScheduleSpec) -> Result<Vec<SwapSpec>, ScheduleError> {
    let mut list: Vec<(bool, Option<DateTime<Utc>>, usize, SwapSpec)> = Vec::new();
    for (i, s) in spec.swaps.iter().enumerate() {
        check_id("swap", &s.id)?;
        let bad = |reason: &str| ScheduleError::InvalidSwap {
            id: s.id.clone(),
            reason: reason.to_string(),
        };
        if s.turn.is_some() == s.turn_start.is_some() {
            return Err(bad(
                "name the occurrence with exactly one of \"turn\" or \"turn_start\"",
            ));
        }
        if s.from == s.to {
            return Err(bad("\"from\" and \"to\" are the same person"));
        }
        match s.kind {
            SwapKind::Cover => {
                if s.with_turn.is_some() || s.with_turn_start.is_some() {
                    return Err(bad("a cover has no second occurrence; use kind \"swap\" or drop with_turn/with_turn_start"));
                }
                if let Some(w) = s.within {
                    Interval::checked(w.start, w.end, &format!("swap {:?} within", s.id))?;
                }
            }
            SwapKind::Swap => {
                if s.with_turn.is_some() == s.with_turn_start.is_some() {
                    return Err(bad("a swap names `to`'s occurrence with exactly one of \"with_turn\" or \"with_turn_start\""));
                }
                if s.within.is_some() {
                    return Err(bad(
                        "a swap exchanges whole occurrences; use a cover for part of one",
                    ));
                }
            }
        }
        list.push((s.created_at.is_some(), s.created_at, i, s.clone()));
    }
    list.sort_by_key(|(has, at, i, _)| (*has, *at, *i));
    Ok(list.into_iter().map(|(_, _, _, s)| s).collect())
}
