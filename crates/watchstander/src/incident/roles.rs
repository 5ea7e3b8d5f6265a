//! Response roles: who holds each role now, and who held it when.
//!
//! Roles are configured ([`RoleDefinition`]); the usual set is incident
//! commander, communications lead, scribe, operations lead and subject-matter experts. Each
//! holding is a [`Tenure`] from an assignment to its end. For a role held by one person at a
//! time (`exclusive`, the default), assigning it to someone else *hands it over*: the previous
//! tenure ends at that instant with [`TenureEnd::HandedOver`]. A person who leaves the
//! response gives up their roles ([`TenureEnd::Left`]).
//!
//! At the instant of a handover the new holder holds the role: tenures are half-open
//! intervals `[from, until)`.
//!
//! ```
//! use watchstander::incident::{replay, IncidentConfig, Event};
//! use watchstander::time::parse_instant;
//! let events: Vec<Event> = serde_json::from_value(serde_json::json!([
//!   {"id": "1", "incident": "I", "kind": "detected", "title": "t", "severity": "SEV-2",
//!    "occurred_at": "2026-11-26T10:00:00Z", "recorded_at": "2026-11-26T10:00:00Z", "actor": "pd"},
//!   {"id": "2", "incident": "I", "kind": "role_assigned", "role": "incident_commander", "person": "alice",
//!    "occurred_at": "2026-11-26T10:05:00Z", "recorded_at": "2026-11-26T10:05:00Z", "actor": "alice"},
//!   {"id": "3", "incident": "I", "kind": "role_assigned", "role": "incident_commander", "person": "bob",
//!    "occurred_at": "2026-11-26T12:00:00Z", "recorded_at": "2026-11-26T12:00:00Z", "actor": "alice"}
//! ])).unwrap();
//! let incident = replay(&IncidentConfig::default(), &events)?;
//! assert_eq!(incident.roles.holders("incident_commander"), vec!["bob"]);
//! let at_11 = parse_instant("2026-11-26T11:00:00Z")?;
//! assert_eq!(incident.roles.holders_at("incident_commander", at_11), vec!["alice"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{IncidentError, RoleDefinition};

/// How a tenure ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TenureEnd {
    /// The holder released the role.
    Released,
    /// Someone else was assigned the (exclusive) role.
    HandedOver,
    /// The holder left the response.
    Left,
}

/// One person's holding of one role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Tenure {
    /// Who held it.
    pub person: String,
    /// From when (inclusive).
    pub from: DateTime<Utc>,
    /// Until when (exclusive); `None` while held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<DateTime<Utc>>,
    /// Who assigned it.
    pub assigned_by: String,
    /// How it ended; `None` while held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_by: Option<TenureEnd>,
}

impl Tenure {
    /// Whether the tenure covers instant `t`.
    pub fn covers(&self, t: DateTime<Utc>) -> bool {
        self.from <= t && self.until.is_none_or(|u| t < u)
    }
}

/// The history of one role.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(from = "RoleRecordRepr", into = "RoleRecordRepr")]
pub struct RoleRecord {
    tenures: Vec<Tenure>,
    /// Current holders → index of their open tenure.
    open: BTreeMap<String, usize>,
}

#[derive(Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct RoleRecordRepr {
    /// Current holders, in the order they took the role (derived; ignored on input).
    #[serde(default)]
    holders: Vec<String>,
    tenures: Vec<Tenure>,
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for RoleRecord {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "RoleRecord".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        RoleRecordRepr::json_schema(generator)
    }
}

impl From<RoleRecordRepr> for RoleRecord {
    fn from(r: RoleRecordRepr) -> Self {
        let open = r
            .tenures
            .iter()
            .enumerate()
            .filter(|(_, t)| t.until.is_none())
            .map(|(i, t)| (t.person.clone(), i))
            .collect();
        RoleRecord {
            tenures: r.tenures,
            open,
        }
    }
}

impl From<RoleRecord> for RoleRecordRepr {
    fn from(r: RoleRecord) -> Self {
        let holders = r.holders().into_iter().map(str::to_string).collect();
        RoleRecordRepr {
            holders,
            tenures: r.tenures,
        }
    }
}

impl RoleRecord {
    /// Every tenure, in the order they began.
    pub fn tenures(&self) -> &[Tenure] {
        &self.tenures
    }

    /// Current holders, in the order they took the role.
    pub fn holders(&self) -> Vec<&str> {
        let mut idx: Vec<usize> = self.open.values().copied().collect();
        idx.sort_unstable();
        idx.into_iter()
            .filter_map(|i| self.tenures.get(i))
            .map(|t| t.person.as_str())
            .collect()
    }

    /// Ends `person`'s open tenure; returns its index.
    fn end(&mut self, person: &str, at: DateTime<Utc>, how: TenureEnd) -> Option<usize> {
        let i = self.open.remove(person)?;
        if let Some(t) = self.tenures.get_mut(i) {
            t.until = Some(at);
            t.ended_by = Some(how);
        }
        Some(i)
    }

    /// Undoes [`end`](Self::end) of tenure `i`.
    fn reopen(&mut self, i: usize) {
        if let Some(t) = self.tenures.get_mut(i) {
            t.until = None;
            t.ended_by = None;
            self.open.insert(t.person.clone(), i);
        }
    }
}

/// Every role's history, keyed by role id.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(transparent)]
pub struct RoleBook {
    roles: BTreeMap<String, RoleRecord>,
}

impl RoleBook {
    /// The history of one role (`None` if it was never assigned).
    pub fn record(&self, role: &str) -> Option<&RoleRecord> {
        self.roles.get(role)
    }

    /// Role ids that were ever assigned, with their records.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &RoleRecord)> {
        self.roles.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Who holds `role` now, in the order they took it.
    pub fn holders(&self, role: &str) -> Vec<&str> {
        self.roles
            .get(role)
            .map(|r| r.holders())
            .unwrap_or_default()
    }

    /// Who held `role` at instant `t`.
    pub fn holders_at(&self, role: &str, t: DateTime<Utc>) -> Vec<&str> {
        self.roles
            .get(role)
            .map(|r| {
                r.tenures
                    .iter()
                    .filter(|ten| ten.covers(t))
                    .map(|ten| ten.person.as_str())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Since when `person` holds `role`, if they do.
    pub fn held_since(&self, role: &str, person: &str) -> Option<DateTime<Utc>> {
        let rec = self.roles.get(role)?;
        let i = *rec.open.get(person)?;
        rec.tenures.get(i).map(|t| t.from)
    }

    /// The roles `person` holds now.
    pub fn roles_of(&self, person: &str) -> Vec<&str> {
        self.roles
            .iter()
            .filter(|(_, r)| r.open.contains_key(person))
            .map(|(k, _)| k.as_str())
            .collect()
    }

    /// Checks an assignment without changing anything; returns who hands the role over.
    pub(crate) fn check_assign(
        &self,
        def: &RoleDefinition,
        person: &str,
        event: &str,
    ) -> Result<Vec<String>, IncidentError> {
        if let Some(since) = self.held_since(&def.id, person) {
            return Err(IncidentError::RoleAlreadyHeld {
                event: event.to_string(),
                role: def.id.clone(),
                person: person.to_string(),
                since,
            });
        }
        Ok(if def.exclusive {
            self.holders(&def.id)
                .into_iter()
                .map(str::to_string)
                .collect()
        } else {
            Vec::new()
        })
    }

    /// Assigns `role` (checked with [`check_assign`](Self::check_assign) first). Returns the
    /// index of the tenure it handed over, if any (an exclusive role has one holder at most).
    pub(crate) fn assign(
        &mut self,
        def: &RoleDefinition,
        person: &str,
        at: DateTime<Utc>,
        by: &str,
    ) -> Option<usize> {
        let rec = self.roles.entry(def.id.clone()).or_default();
        let mut handed_over = None;
        if def.exclusive {
            let current: Vec<String> = rec.open.keys().cloned().collect();
            for p in current {
                handed_over = rec.end(&p, at, TenureEnd::HandedOver).or(handed_over);
            }
        }
        rec.open.insert(person.to_string(), rec.tenures.len());
        rec.tenures.push(Tenure {
            person: person.to_string(),
            from: at,
            until: None,
            assigned_by: by.to_string(),
            ended_by: None,
        });
        handed_over
    }

    /// Undoes the latest [`assign`](Self::assign) of `role` to `person`, which handed over
    /// tenure `handed_over`.
    pub(crate) fn unassign(&mut self, role: &str, person: &str, handed_over: Option<usize>) {
        let Some(rec) = self.roles.get_mut(role) else {
            return;
        };
        rec.open.remove(person);
        rec.tenures.pop();
        if let Some(i) = handed_over {
            rec.reopen(i);
        }
        if rec.tenures.is_empty() {
            self.roles.remove(role);
        }
    }

    /// Undoes the end of tenure `i` of `role`.
    pub(crate) fn reopen(&mut self, role: &str, i: usize) {
        if let Some(rec) = self.roles.get_mut(role) {
            rec.reopen(i);
        }
    }

    /// Checks a release without changing anything.
    pub(crate) fn check_release(
        &self,
        role: &str,
        person: &str,
        event: &str,
    ) -> Result<(), IncidentError> {
        if self.held_since(role, person).is_none() {
            return Err(IncidentError::RoleNotHeld {
                event: event.to_string(),
                role: role.to_string(),
                person: person.to_string(),
            });
        }
        Ok(())
    }

    /// Ends `person`'s tenure of `role`; returns the tenure's index.
    pub(crate) fn release(
        &mut self,
        role: &str,
        person: &str,
        at: DateTime<Utc>,
        how: TenureEnd,
    ) -> Option<usize> {
        self.roles.get_mut(role)?.end(person, at, how)
    }

    /// Ends every role `person` holds; returns the roles and tenure indices ended.
    pub(crate) fn release_all(
        &mut self,
        person: &str,
        at: DateTime<Utc>,
        how: TenureEnd,
    ) -> Vec<(Box<str>, usize)> {
        let mut ended = Vec::new();
        for (role, rec) in self.roles.iter_mut() {
            if let Some(i) = rec.end(person, at, how) {
                ended.push((role.as_str().into(), i));
            }
        }
        ended
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::parse_instant;

    fn t(s: &str) -> DateTime<Utc> {
        parse_instant(&format!("2026-11-26T{s}:00Z")).unwrap()
    }

    fn def(id: &str, exclusive: bool) -> RoleDefinition {
        RoleDefinition {
            id: id.into(),
            name: id.into(),
            exclusive,
        }
    }

    #[test]
    fn exclusive_roles_hand_over() {
        let ic = def("ic", true);
        let mut book = RoleBook::default();
        assert!(book.check_assign(&ic, "alice", "e1").unwrap().is_empty());
        book.assign(&ic, "alice", t("10:00"), "alice");
        assert_eq!(book.check_assign(&ic, "bob", "e2").unwrap(), vec!["alice"]);
        book.assign(&ic, "bob", t("11:00"), "alice");
        assert_eq!(book.holders("ic"), vec!["bob"]);
        assert_eq!(book.holders_at("ic", t("10:59")), vec!["alice"]);
        assert_eq!(book.holders_at("ic", t("11:00")), vec!["bob"]);
        assert_eq!(book.holders_at("ic", t("09:59")), Vec::<&str>::new());
        let first = &book.record("ic").unwrap().tenures()[0];
        assert_eq!(first.until, Some(t("11:00")));
        assert_eq!(first.ended_by, Some(TenureEnd::HandedOver));
    }

    #[test]
    fn shared_roles_accumulate() {
        let sme = def("sme", false);
        let mut book = RoleBook::default();
        book.assign(&sme, "chen", t("10:00"), "alice");
        assert!(book.check_assign(&sme, "dana", "e").unwrap().is_empty());
        book.assign(&sme, "dana", t("10:10"), "alice");
        assert_eq!(book.holders("sme"), vec!["chen", "dana"]);
        book.release("sme", "chen", t("10:30"), TenureEnd::Released);
        assert_eq!(book.holders("sme"), vec!["dana"]);
        assert_eq!(book.holders_at("sme", t("10:20")), vec!["chen", "dana"]);
    }

    #[test]
    fn double_assignment_and_stray_release_are_errors() {
        let ic = def("ic", true);
        let mut book = RoleBook::default();
        book.assign(&ic, "alice", t("10:00"), "alice");
        let e = book.check_assign(&ic, "alice", "e9").unwrap_err();
        assert_eq!(e.code(), "role_already_held");
        assert_eq!(
            book.check_release("ic", "bob", "e").unwrap_err().code(),
            "role_not_held"
        );
        assert_eq!(
            book.check_release("scribe", "bob", "e").unwrap_err().code(),
            "role_not_held"
        );
    }

    #[test]
    fn leaving_releases_everything() {
        let mut book = RoleBook::default();
        book.assign(&def("ic", true), "alice", t("10:00"), "alice");
        book.assign(&def("scribe", true), "alice", t("10:00"), "alice");
        assert_eq!(book.roles_of("alice"), vec!["ic", "scribe"]);
        book.release_all("alice", t("12:00"), TenureEnd::Left);
        assert!(book.roles_of("alice").is_empty());
        assert_eq!(
            book.record("scribe").unwrap().tenures()[0].ended_by,
            Some(TenureEnd::Left)
        );
    }

    #[test]
    fn serde_round_trip_rebuilds_the_index() {
        let mut book = RoleBook::default();
        book.assign(&def("sme", false), "chen", t("10:00"), "alice");
        book.assign(&def("sme", false), "dana", t("10:05"), "alice");
        book.release("sme", "chen", t("10:30"), TenureEnd::Released);
        let json = serde_json::to_value(&book).unwrap();
        assert_eq!(json["sme"]["holders"], serde_json::json!(["dana"]));
        let back: RoleBook = serde_json::from_value(json).unwrap();
        assert_eq!(back, book);
        assert_eq!(back.held_since("sme", "dana"), Some(t("10:05")));
    }
}
