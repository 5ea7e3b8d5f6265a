//! The validated schedule.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::interval::Interval;
use super::layer::Layer;
use super::names::{Handle, Names};
use super::people::Person;
use super::spec::{OverrideKind, ScheduleSpec, SwapKind, SwapSpec, TimeOffMode, TimeOffPolicy};
use super::text::{check_id, checked_interval, whole_seconds};
use super::ScheduleError;
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

/// A validated override: times in whole seconds, people by handle.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Override {
    pub id: String,
    pub kind: OverrideKind,
    pub person: Handle,
    /// The handle of `replaces` ([`NONE`] if it names nobody the schedule knows, so it never
    /// matches).
    pub replaces: Option<Handle>,
    pub start: i64,
    pub end: i64,
    pub note: Option<String>,
}

/// A validated temporary schedule; its shifts are clipped to its window.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Temporary {
    pub id: String,
    pub start: i64,
    pub end: i64,
    /// `(person, start, end, index in the document)`, clipped to the window.
    pub shifts: Vec<(Handle, i64, i64, usize)>,
}

/// A validated swap or cover request.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Swap {
    pub spec: SwapSpec,
    pub from: Handle,
    pub to: Handle,
    /// `within`, in whole seconds.
    pub within: Option<(i64, i64)>,
}

/// A validated shadow.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Shadow {
    pub person: Handle,
    pub shadows: Handle,
    pub start: Option<i64>,
    pub end: Option<i64>,
}

/// Everything validation derives from a [`ScheduleSpec`]. Shared (behind an `Arc`) by the
/// schedule and every timeline compiled from it, which reads names, notes and labels from it
/// when it explains a shift.
#[derive(Debug)]
pub(crate) struct ScheduleData {
    pub spec: ScheduleSpec,
    pub layers: Vec<Layer>,
    pub layer_ids: Vec<String>,
    pub overrides: Vec<Override>,
    pub temporaries: Vec<Temporary>,
    pub swaps: Vec<Swap>,
    pub shadows: Vec<Shadow>,
    pub people: BTreeMap<String, Person>,
    pub policy: TimeOffPolicy,
    /// The policy's backup.
    pub backup: Option<Handle>,
    /// Every person id the schedule mentions.
    pub names: Names,
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
///
/// Cloning is cheap: the validated data is shared.
#[derive(Debug, Clone)]
pub struct Schedule(Arc<ScheduleData>);

impl PartialEq for Schedule {
    fn eq(&self, other: &Self) -> bool {
        self.0.spec == other.0.spec
    }
}

impl Serialize for Schedule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.spec.serialize(serializer)
    }
}

#[cfg(feature = "schema")]
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
    let mut seen = HashSet::new();
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

/// Every person id a document mentions: members (of every roster change too), override,
/// swap and temporary-schedule people, listed people and their backups, shadows and the
/// policy's backup.
fn mentioned(spec: &ScheduleSpec) -> Names {
    let mut ids: Vec<&str> = Vec::new();
    for l in &spec.layers {
        ids.extend(l.rotation.members.iter().map(String::as_str));
        for c in &l.rotation.roster_changes {
            ids.extend(c.members.iter().map(String::as_str));
        }
    }
    ids.extend(spec.overrides.iter().map(|o| o.person.as_str()));
    for s in &spec.swaps {
        ids.push(&s.from);
        ids.push(&s.to);
    }
    for t in &spec.temporary_schedules {
        ids.extend(t.shifts.iter().map(|s| s.person.as_str()));
    }
    for p in &spec.people {
        ids.push(&p.id);
        ids.extend(p.backup.as_deref());
    }
    ids.extend(spec.shadows.iter().map(|s| s.person.as_str()));
    ids.extend(spec.time_off_policy.backup.as_deref());
    Names::build(ids.into_iter())
}

impl Schedule {
    /// Validates a schedule. Fails with a typed error naming the offending value; never panics.
    ///
    /// Sizes are checked before anything else, then the length of every id and text
    /// ([`MAX_ID_CHARS`](super::MAX_ID_CHARS) and friends), so a huge document is refused
    /// before any work proportional to it.
    pub fn new(spec: ScheduleSpec) -> Result<Schedule, ScheduleError> {
        if spec.version != 1 {
            return Err(ScheduleError::UnsupportedVersion {
                version: spec.version,
            });
        }
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
        super::text::check_spec(&spec)?;
        unique("layer", spec.layers.iter().map(|l| l.id.as_str()))?;
        unique("person", spec.people.iter().map(|p| p.id.as_str()))?;
        unique("swap", spec.swaps.iter().map(|s| s.id.as_str()))?;
        unique(
            "temporary schedule",
            spec.temporary_schedules.iter().map(|t| t.id.as_str()),
        )?;

        let names = mentioned(&spec);
        let mut layers = spec
            .layers
            .iter()
            .map(|l| Layer::new(l, spec.zone))
            .collect::<Result<Vec<_>, _>>()?;
        for l in &mut layers {
            l.roster.intern(&names);
        }
        let people = spec
            .people
            .iter()
            .map(|p| Person::new(p, spec.zone, &spec.holiday_calendars).map(|v| (p.id.clone(), v)))
            .collect::<Result<BTreeMap<_, _>, _>>()?;
        let overrides = validate_overrides(&spec, &names)?;
        let temporaries = validate_temporaries(&spec, &names)?;
        let swaps = validate_swaps(&spec, &names)?;
        let shadows = validate_shadows(&spec, &names)?;
        if spec.time_off_policy.mode == TimeOffMode::Reassign
            && spec.time_off_policy.backup.is_none()
        {
            return Err(ScheduleError::InvalidTimeOffPolicy {
                reason: "\"reassign\" needs a \"backup\" person (people may also name their own \"backup\")".to_string(),
            });
        }
        Ok(Schedule(Arc::new(ScheduleData {
            layer_ids: layers.iter().map(|l| l.id.clone()).collect(),
            layers,
            overrides,
            temporaries,
            swaps,
            shadows,
            people,
            policy: spec.time_off_policy.clone(),
            backup: spec
                .time_off_policy
                .backup
                .as_deref()
                .map(|b| names.handle(b)),
            names,
            spec,
        })))
    }

    pub(crate) fn data(&self) -> &ScheduleData {
        &self.0
    }

    /// The specification this schedule was built from.
    pub fn spec(&self) -> &ScheduleSpec {
        &self.0.spec
    }

    /// The schedule's id.
    pub fn id(&self) -> &str {
        &self.0.spec.id
    }

    /// The schedule's zone.
    pub fn zone(&self) -> Zone {
        self.0.spec.zone
    }

    /// Layer ids, lowest first.
    pub fn layer_ids(&self) -> Vec<String> {
        self.0.layer_ids.clone()
    }

    /// A person's zone (the schedule's for people it does not list).
    pub fn person_zone(&self, person: &str) -> Zone {
        self.0.person_zone(person)
    }

    /// Everyone the schedule can put on call: members, override and swap people, temporary
    /// schedule people, listed people and their backups, the policy's backup and shadows.
    /// Sorted. A compiled schedule refers to a person by their position in this list (their
    /// *handle*).
    pub fn people(&self) -> Vec<String> {
        self.0.names.list().to_vec()
    }
}

impl ScheduleData {
    pub(crate) fn person_zone(&self, person: &str) -> Zone {
        self.people.get(person).map_or(self.spec.zone, |p| p.zone)
    }

    pub(crate) fn person(&self, id: &str) -> Person {
        self.people
            .get(id)
            .cloned()
            .unwrap_or_else(|| Person::unlisted(id, self.spec.zone))
    }

    /// A person's own backup, if the schedule lists them with one.
    pub(crate) fn backup_of(&self, id: &str) -> Option<Handle> {
        self.people
            .get(id)
            .and_then(|p| p.backup.as_deref())
            .map(|b| self.names.handle(b))
    }
}

fn validate_overrides(spec: &ScheduleSpec, names: &Names) -> Result<Vec<Override>, ScheduleError> {
    let mut list = Vec::with_capacity(spec.overrides.len());
    for (i, o) in spec.overrides.iter().enumerate() {
        let id = o.id.clone().unwrap_or_else(|| format!("override-{i}"));
        check_id("override", &id)?;
        checked_interval(o.start, o.end, || format!("override {id:?}"))?;
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
        let start = whole_seconds(|| format!("override {id:?} start"), o.start)?;
        let end = whole_seconds(|| format!("override {id:?} end"), o.end)?;
        list.push((
            (o.created_at.is_some(), o.created_at, i),
            Override {
                kind: o.kind,
                person: names.handle(&o.person),
                replaces: o.replaces.as_deref().map(|r| names.handle(r)),
                start,
                end,
                note: o.note.clone(),
                id,
            },
        ));
    }
    unique("override", list.iter().map(|(_, o)| o.id.as_str()))?;
    // Creation order: entries without created_at first, in list order, then by created_at.
    list.sort_by_key(|(k, _)| *k);
    Ok(list.into_iter().map(|(_, o)| o).collect())
}

fn validate_temporaries(
    spec: &ScheduleSpec,
    names: &Names,
) -> Result<Vec<Temporary>, ScheduleError> {
    let mut list = Vec::new();
    for t in &spec.temporary_schedules {
        let interval = Interval {
            start: t.start,
            end: t.end,
        };
        checked_interval(t.start, t.end, || format!("temporary schedule {:?}", t.id))?;
        if t.shifts.len() > MAX_TEMPORARY * 10 {
            return Err(ScheduleError::limit(
                "shifts in one temporary schedule",
                t.shifts.len(),
                MAX_TEMPORARY * 10,
                "split it into several temporary schedules",
            ));
        }
        let what = format!("temporary schedule {:?}", t.id);
        let (start, end) = (
            whole_seconds(|| format!("{what} start"), t.start)?,
            whole_seconds(|| format!("{what} end"), t.end)?,
        );
        let mut shifts = Vec::new();
        for (i, s) in t.shifts.iter().enumerate() {
            checked_interval(s.start, s.end, || {
                format!("shift {i} of temporary schedule {:?}", t.id)
            })?;
            let iv = Interval {
                start: s.start,
                end: s.end,
            };
            if !iv.overlaps(&interval) {
                return Err(ScheduleError::InvalidTemporarySchedule {
                    id: t.id.clone(),
                    reason: format!(
                        "shift {i} ({}) lies outside the schedule's window {} – {}",
                        s.person, t.start, t.end
                    ),
                });
            }
            let a = whole_seconds(|| format!("shift {i} of {what}: start"), s.start)?;
            let b = whole_seconds(|| format!("shift {i} of {what}: end"), s.end)?;
            shifts.push((names.handle(&s.person), a.max(start), b.min(end), i));
        }
        list.push(Temporary {
            id: t.id.clone(),
            start,
            end,
            shifts,
        });
    }
    list.sort_by_key(|t| (t.start, t.end));
    for w in list.windows(2) {
        if let [a, b] = w {
            if a.end > b.start {
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

fn validate_swaps(spec: &ScheduleSpec, names: &Names) -> Result<Vec<Swap>, ScheduleError> {
    let mut list: Vec<(bool, Option<DateTime<Utc>>, usize, Swap)> = Vec::new();
    for (i, s) in spec.swaps.iter().enumerate() {
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
        let mut within = None;
        match s.kind {
            SwapKind::Cover => {
                if s.with_turn.is_some() || s.with_turn_start.is_some() {
                    return Err(bad("a cover has no second occurrence; use kind \"swap\" or drop with_turn/with_turn_start"));
                }
                if let Some(w) = s.within {
                    let what = format!("swap {:?} within", s.id);
                    Interval::checked(w.start, w.end, &what)?;
                    within = Some((
                        whole_seconds(|| format!("{what} start"), w.start)?,
                        whole_seconds(|| format!("{what} end"), w.end)?,
                    ));
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
        let swap = Swap {
            spec: s.clone(),
            from: names.handle(&s.from),
            to: names.handle(&s.to),
            within,
        };
        list.push((s.created_at.is_some(), s.created_at, i, swap));
    }
    list.sort_by_key(|(has, at, i, _)| (*has, *at, *i));
    Ok(list.into_iter().map(|(_, _, _, s)| s).collect())
}

fn validate_shadows(spec: &ScheduleSpec, names: &Names) -> Result<Vec<Shadow>, ScheduleError> {
    let mut list = Vec::with_capacity(spec.shadows.len());
    for s in &spec.shadows {
        if s.person == s.shadows {
            return Err(ScheduleError::InvalidOverride {
                id: format!("shadow of {}", s.shadows),
                reason: "a person cannot shadow themselves".to_string(),
            });
        }
        let what = format!("shadow {} of {}", s.person, s.shadows);
        if let (Some(a), Some(b)) = (s.start, s.end) {
            Interval::checked(a, b, &what)?;
        }
        list.push(Shadow {
            person: names.handle(&s.person),
            shadows: names.handle(&s.shadows),
            start: s
                .start
                .map(|t| whole_seconds(|| format!("{what} start"), t))
                .transpose()?,
            end: s
                .end
                .map(|t| whole_seconds(|| format!("{what} end"), t))
                .transpose()?,
        });
    }
    Ok(list)
}
