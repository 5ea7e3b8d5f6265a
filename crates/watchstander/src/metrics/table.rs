//! The internal columnar tables every metric reads: records and columnar inputs both become
//! one [`IncidentTable`] and one [`PageTable`], validated once, with text keys interned.
//!
//! Instants are epoch seconds; [`MISSING`] marks a value that is not there, [`NO_KEY`] a
//! missing dictionary key. An optional column that no row uses stays empty (reading past its
//! end gives the missing value), so a million-row columnar input costs no allocation for the
//! columns it leaves out.

use std::collections::{HashMap, HashSet};

use super::quality::{DataQuality, FindingLevel};
use super::record::{ActionItem, IncidentRecord, Page, PostmortemRecord};
use super::{
    IncidentColumns, MetricsError, PageColumns, MAX_DISTINCT, MAX_EPOCH_SECONDS, MAX_INCIDENTS,
    MAX_PAGES,
};

/// A missing instant.
pub(crate) const MISSING: i64 = i64::MIN;
/// Where the alert keys of page records start (columnar keys are the caller's integers).
const RECORD_ALERT_KEYS: i64 = 1 << 52;
/// A missing dictionary key.
pub(crate) const NO_KEY: u32 = u32::MAX;

/// The value of an optional column at a row.
#[inline]
pub(crate) fn get_i64(col: &[i64], i: usize) -> i64 {
    col.get(i).copied().unwrap_or(MISSING)
}

/// The key of an optional key column at a row.
#[inline]
pub(crate) fn get_key(col: &[u32], i: usize) -> u32 {
    col.get(i).copied().unwrap_or(NO_KEY)
}

/// Text values interned to small integers.
#[derive(Debug, Clone, Default)]
pub(crate) struct Dict {
    pub(crate) names: Vec<String>,
    index: HashMap<String, u32>,
}

impl Dict {
    pub(crate) fn from_names(names: Vec<String>) -> Dict {
        let index = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i as u32))
            .collect();
        Dict { names, index }
    }

    pub(crate) fn intern(&mut self, name: &str) -> Result<u32, MetricsError> {
        if let Some(&i) = self.index.get(name) {
            return Ok(i);
        }
        if self.names.len() >= MAX_DISTINCT {
            return Err(MetricsError::too_many(
                "distinct values of one key",
                self.names.len() + 1,
                MAX_DISTINCT,
            ));
        }
        let i = self.names.len() as u32;
        self.names.push(name.to_string());
        self.index.insert(name.to_string(), i);
        Ok(i)
    }

    pub(crate) fn len(&self) -> usize {
        self.names.len()
    }
}

/// Incidents, column by column.
#[derive(Debug, Clone, Default)]
pub(crate) struct IncidentTable {
    /// Incident ids (empty: rows are named by number).
    pub(crate) ids: Vec<String>,
    /// Triggered; [`MISSING`] for a row that was skipped.
    pub(crate) trig: Vec<i64>,
    pub(crate) ack: Vec<i64>,
    pub(crate) mitig: Vec<i64>,
    pub(crate) resolved: Vec<i64>,
    pub(crate) impact: Vec<i64>,
    pub(crate) severity: Vec<u32>,
    pub(crate) severities: Dict,
    pub(crate) service: Vec<u32>,
    pub(crate) services: Dict,
    pub(crate) team: Vec<u32>,
    pub(crate) teams: Dict,
    /// Exclusion code (0 counted).
    pub(crate) excluded: Vec<u8>,
    /// 1 yes, 0 no, -1 unknown.
    pub(crate) runbook: Vec<i8>,
    pub(crate) postmortem: Vec<Option<PostmortemRecord>>,
    pub(crate) action_items: Vec<Vec<ActionItem>>,
}

fn ensure<T: Clone>(v: &mut Vec<T>, n: usize, fill: T) {
    if v.len() < n {
        v.resize(n, fill);
    }
}

fn secs(t: chrono::DateTime<chrono::Utc>) -> i64 {
    t.timestamp()
}

fn opt_secs(t: Option<chrono::DateTime<chrono::Utc>>) -> i64 {
    t.map_or(MISSING, secs)
}

fn column_len(name: &str, reference: &str, n: usize, found: usize) -> Result<(), MetricsError> {
    if found != 0 && found != n {
        return Err(MetricsError::ColumnLength {
            column: name.to_string(),
            reference: reference.to_string(),
            expected: n,
            found,
        });
    }
    Ok(())
}

/// An index column as keys, checked against its dictionary.
fn keys(col: &[i64], name: &str, dict_name: &str, size: usize) -> Result<Vec<u32>, MetricsError> {
    // Filled in place: collecting `Result`s gives the vector no size, and growing a column of
    // ten million by doubling copies it again and again.
    let mut out = Vec::with_capacity(col.len());
    for (row, &v) in col.iter().enumerate() {
        out.push(if v < 0 {
            NO_KEY
        } else if (v as u64) < size as u64 {
            v as u32
        } else {
            return Err(MetricsError::IndexOutOfRange {
                column: name.to_string(),
                dictionary: dict_name.to_string(),
                row,
                index: v as u64,
                size,
            });
        });
    }
    Ok(out)
}

fn dict(names: Vec<String>, what: &str) -> Result<Dict, MetricsError> {
    if names.len() > MAX_DISTINCT {
        return Err(MetricsError::too_many(what, names.len(), MAX_DISTINCT));
    }
    Ok(Dict::from_names(names))
}

impl IncidentTable {
    pub(crate) fn len(&self) -> usize {
        self.trig.len()
    }

    /// A row's name in findings: its id, or `row N`.
    pub(crate) fn label(&self, i: usize) -> String {
        match self.ids.get(i) {
            Some(id) if !id.is_empty() => id.clone(),
            _ => format!("row {i}"),
        }
    }

    /// The table of a columnar input, moving its columns in.
    pub(crate) fn from_columns(
        c: IncidentColumns,
        dq: &mut DataQuality,
    ) -> Result<IncidentTable, MetricsError> {
        let n = c.triggered_at.len();
        if n > MAX_INCIDENTS {
            return Err(MetricsError::too_many("incidents", n, MAX_INCIDENTS));
        }
        let r = "triggered_at";
        column_len("id", r, n, c.id.len())?;
        column_len("acknowledged_at", r, n, c.acknowledged_at.len())?;
        column_len("mitigated_at", r, n, c.mitigated_at.len())?;
        column_len("resolved_at", r, n, c.resolved_at.len())?;
        column_len("impact_started_at", r, n, c.impact_started_at.len())?;
        column_len("severity", r, n, c.severity.len())?;
        column_len("service", r, n, c.service.len())?;
        column_len("team", r, n, c.team.len())?;
        column_len("excluded", r, n, c.excluded.len())?;
        column_len("runbook", r, n, c.runbook.len())?;
        let severity = keys(&c.severity, "severity", "severities", c.severities.len())?;
        let service = keys(&c.service, "service", "services", c.services.len())?;
        let team = keys(&c.team, "team", "teams", c.teams.len())?;
        let mut excluded = Vec::with_capacity(c.excluded.len());
        for (row, &v) in c.excluded.iter().enumerate() {
            excluded.push(match v {
                0..=3 => v as u8,
                _ => {
                    return Err(MetricsError::IndexOutOfRange {
                        column: "excluded".into(),
                        dictionary: "0 counted, 1 declined, 2 merged, 3 test".into(),
                        row,
                        index: v as u64,
                        size: 4,
                    })
                }
            });
        }
        let mut t = IncidentTable {
            ids: c.id,
            trig: c.triggered_at,
            severity,
            severities: dict(c.severities, "severities")?,
            service,
            services: dict(c.services, "services")?,
            team,
            teams: dict(c.teams, "teams")?,
            excluded,
            runbook: c
                .runbook
                .iter()
                .map(|&v| match v {
                    v if v < 0 => -1,
                    0 => 0,
                    _ => 1,
                })
                .collect(),
            ..IncidentTable::default()
        };
        let mut bad_rows: Vec<usize> = Vec::new();
        let optional = |col: Vec<Option<i64>>, bad_rows: &mut Vec<usize>| -> Vec<i64> {
            col.into_iter()
                .enumerate()
                .map(|(row, v)| match v {
                    Some(s) if s > MAX_EPOCH_SECONDS => {
                        bad_rows.push(row);
                        MISSING
                    }
                    Some(s) if s >= 0 => s,
                    _ => MISSING,
                })
                .collect()
        };
        t.ack = optional(c.acknowledged_at, &mut bad_rows);
        t.mitig = optional(c.mitigated_at, &mut bad_rows);
        t.resolved = optional(c.resolved_at, &mut bad_rows);
        t.impact = optional(c.impact_started_at, &mut bad_rows);
        for (row, v) in t.trig.iter().enumerate() {
            if !(0..=MAX_EPOCH_SECONDS).contains(v) {
                bad_rows.push(row);
            }
        }
        bad_rows.sort_unstable();
        bad_rows.dedup();
        for row in bad_rows {
            let label = t.label(row);
            if let Some(v) = t.trig.get_mut(row) {
                *v = MISSING;
            }
            dq.add(
                "timestamp_out_of_range",
                FindingLevel::Error,
                || label,
                || "an instant is after 9999-12-31 (or triggered_at is negative): epoch seconds are expected; the row is skipped".to_string(),
            );
        }
        Ok(t)
    }

    /// Appends one record.
    pub(crate) fn push(&mut self, r: &IncidentRecord) -> Result<(), MetricsError> {
        let i = self.len();
        if i >= MAX_INCIDENTS {
            return Err(MetricsError::too_many("incidents", i + 1, MAX_INCIDENTS));
        }
        ensure(&mut self.ids, i, String::new());
        ensure(&mut self.ack, i, MISSING);
        ensure(&mut self.mitig, i, MISSING);
        ensure(&mut self.resolved, i, MISSING);
        ensure(&mut self.impact, i, MISSING);
        ensure(&mut self.severity, i, NO_KEY);
        ensure(&mut self.service, i, NO_KEY);
        ensure(&mut self.team, i, NO_KEY);
        ensure(&mut self.excluded, i, 0);
        ensure(&mut self.runbook, i, -1);
        ensure(&mut self.postmortem, i, None);
        ensure(&mut self.action_items, i, Vec::new());
        self.ids.push(r.id.clone());
        self.trig.push(secs(r.triggered_at));
        self.ack.push(opt_secs(r.acknowledged_at));
        self.mitig.push(opt_secs(r.mitigated_at));
        self.resolved.push(opt_secs(r.resolved_at));
        self.impact.push(opt_secs(r.impact_started_at));
        let sev = self.severities.intern(&r.severity)?;
        self.severity.push(sev);
        let service = match &r.service {
            Some(s) => self.services.intern(s)?,
            None => NO_KEY,
        };
        self.service.push(service);
        let team = match &r.team {
            Some(s) => self.teams.intern(s)?,
            None => NO_KEY,
        };
        self.team.push(team);
        self.excluded.push(r.excluded.map_or(0, |e| e.code()));
        self.runbook.push(match r.runbook {
            Some(true) => 1,
            Some(false) => 0,
            None => -1,
        });
        self.postmortem.push(r.postmortem.clone());
        self.action_items.push(r.action_items.clone());
        Ok(())
    }

    /// Skips the later rows of a repeated incident id.
    pub(crate) fn skip_duplicates(&mut self, dq: &mut DataQuality) {
        if self.ids.iter().all(|s| s.is_empty()) {
            return;
        }
        let mut seen: HashSet<&str> = HashSet::with_capacity(self.ids.len());
        let mut dups = Vec::new();
        for (i, id) in self.ids.iter().enumerate() {
            if !id.is_empty() && !seen.insert(id.as_str()) {
                dups.push(i);
            }
        }
        for i in dups {
            if let Some(v) = self.trig.get_mut(i) {
                *v = MISSING;
            }
            let label = self.label(i);
            dq.add(
                "duplicate_incident",
                FindingLevel::Warning,
                || label,
                || {
                    "the incident id appears more than once; only its first row is counted"
                        .to_string()
                },
            );
        }
    }
}

/// Pages, column by column.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageTable {
    pub(crate) person: Vec<u32>,
    pub(crate) people: Dict,
    /// When; [`MISSING`] for a skipped row.
    pub(crate) at: Vec<i64>,
    pub(crate) rule: Vec<u32>,
    pub(crate) rules: Dict,
    pub(crate) service: Vec<u32>,
    pub(crate) services: Dict,
    /// Alert key ([`MISSING`]: none).
    pub(crate) alert: Vec<i64>,
    /// 1 yes, 0 no, -1 unknown.
    pub(crate) actionable: Vec<i8>,
    pub(crate) flapping: Vec<u8>,
    alert_keys: Dict,
}

impl PageTable {
    pub(crate) fn len(&self) -> usize {
        self.at.len()
    }

    /// The table of a columnar input.
    pub(crate) fn from_columns(
        c: PageColumns,
        dq: &mut DataQuality,
    ) -> Result<PageTable, MetricsError> {
        let n = c.at.len();
        if n > MAX_PAGES {
            return Err(MetricsError::too_many("pages", n, MAX_PAGES));
        }
        let r = "at";
        if c.person.len() != n {
            return Err(MetricsError::ColumnLength {
                column: "person".into(),
                reference: r.into(),
                expected: n,
                found: c.person.len(),
            });
        }
        column_len("rule", r, n, c.rule.len())?;
        column_len("service", r, n, c.service.len())?;
        column_len("alert", r, n, c.alert.len())?;
        column_len("actionable", r, n, c.actionable.len())?;
        column_len("flapping", r, n, c.flapping.len())?;
        let person = keys(&c.person, "person", "people", c.people.len())?;
        let mut t = PageTable {
            rule: keys(&c.rule, "rule", "rules", c.rules.len())?,
            service: keys(&c.service, "service", "services", c.services.len())?,
            person,
            people: dict(c.people, "people")?,
            rules: dict(c.rules, "rules")?,
            services: dict(c.services, "services")?,
            alert: c
                .alert
                .into_iter()
                .map(|v| if v < 0 { MISSING } else { v })
                .collect(),
            actionable: c
                .actionable
                .iter()
                .map(|&v| match v {
                    v if v < 0 => -1,
                    0 => 0,
                    _ => 1,
                })
                .collect(),
            flapping: c.flapping.iter().map(|&v| u8::from(v > 0)).collect(),
            at: c.at,
            alert_keys: Dict::default(),
        };
        let mut bad = 0u64;
        for (row, (at, p)) in t.at.iter_mut().zip(t.person.iter()).enumerate() {
            if !(0..=MAX_EPOCH_SECONDS).contains(at) || *p == NO_KEY {
                *at = MISSING;
                bad += 1;
                if bad <= 100 {
                    dq.add(
                        "timestamp_out_of_range",
                        FindingLevel::Error,
                        || format!("page row {row}"),
                        || "the page has no person or its instant is not epoch seconds between 1970 and 9999; skipped".to_string(),
                    );
                }
            }
        }
        Ok(t)
    }

    /// Appends one page record.
    pub(crate) fn push(&mut self, p: &Page) -> Result<(), MetricsError> {
        let i = self.len();
        if i >= MAX_PAGES {
            return Err(MetricsError::too_many("pages", i + 1, MAX_PAGES));
        }
        ensure(&mut self.rule, i, NO_KEY);
        ensure(&mut self.service, i, NO_KEY);
        ensure(&mut self.alert, i, MISSING);
        ensure(&mut self.actionable, i, -1);
        ensure(&mut self.flapping, i, 0);
        let person = self.people.intern(&p.person)?;
        self.person.push(person);
        self.at.push(secs(p.at));
        let rule = match &p.rule {
            Some(s) => self.rules.intern(s)?,
            None => NO_KEY,
        };
        self.rule.push(rule);
        let service = match &p.service {
            Some(s) => self.services.intern(s)?,
            None => NO_KEY,
        };
        self.service.push(service);
        let alert = match &p.alert {
            // Above the integer keys a columnar input uses in practice.
            Some(s) => RECORD_ALERT_KEYS + i64::from(self.alert_keys.intern(s)?),
            None => MISSING,
        };
        self.alert.push(alert);
        self.actionable.push(match p.actionable {
            Some(true) => 1,
            Some(false) => 0,
            None => -1,
        });
        self.flapping.push(u8::from(p.flapping));
        Ok(())
    }

    /// Appends pages to a table (a columnar one, typically).
    pub(crate) fn push_all(&mut self, pages: &[Page]) -> Result<(), MetricsError> {
        for p in pages {
            self.push(p)?;
        }
        Ok(())
    }
}
