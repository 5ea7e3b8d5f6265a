//! Ingestion: an alert's identity and dedup, its routes and groups, and its quality
//! judgement — the first half of the pipeline (the flush is the second, in `flush.rs`).

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::action::{Action, SuppressReason};
use super::labels::{Fingerprint, Labels};
use super::limits::{MAX_GROUPS, MAX_OPEN_ALERTS};
use super::model::{Alert, AlertStatus};
use super::pipeline::{Group, Pipeline, Stored};
use super::quality::NO_SERVICE;
use super::route::GroupBy;
use super::AlertError;

impl Pipeline {
    /// Receives an alert at `now`: first runs the timers due by `now`, then deduplicates,
    /// routes and groups the alert, and runs any flush it made due at once.
    pub fn ingest(&mut self, alert: Alert, now: DateTime<Utc>) -> Result<Vec<Action>, AlertError> {
        // Most alerts make one action (a suppression, or a notification).
        let mut out = Vec::with_capacity(1);
        self.ingest_into(alert, now, &mut out)?;
        Ok(out)
    }

    /// Ingests a batch of alerts, each at its instant (in time order), and returns the
    /// actions of all of them. An alert that is refused stops the batch with its error and
    /// its position; the alerts before it stay ingested (their actions are lost to the
    /// caller, so feed batches a caller can afford to re-derive, or use [`ingest`](Pipeline::ingest)).
    pub fn ingest_many(
        &mut self,
        alerts: impl IntoIterator<Item = (Alert, DateTime<Utc>)>,
    ) -> Result<Vec<Action>, (usize, AlertError)> {
        let mut out = Vec::new();
        for (i, (alert, now)) in alerts.into_iter().enumerate() {
            self.ingest_into(alert, now, &mut out).map_err(|e| (i, e))?;
        }
        Ok(out)
    }

    /// [`ingest`](Pipeline::ingest), appending the actions to `out`.
    pub fn ingest_into(
        &mut self,
        alert: Alert,
        now: DateTime<Utc>,
        out: &mut Vec<Action>,
    ) -> Result<(), AlertError> {
        self.check_clock(now)?;
        alert.validate()?;
        self.advance(now, out);
        self.last = Some(now);
        let mut prefixes = std::mem::take(&mut self.prefix_buf);
        let id = Pipeline::identity_with_prefixes(&alert, &mut prefixes);
        self.prefix_buf = prefixes;
        let explicit = alert.status;
        let starts_at = alert
            .starts_at
            .or(if explicit.is_none() {
                alert.ends_at
            } else {
                None
            })
            .unwrap_or(now);
        let ends_at = match explicit {
            Some(AlertStatus::Resolved) => Some(alert.ends_at.unwrap_or(now)),
            Some(_) => alert.ends_at,
            None => Some(
                alert
                    .ends_at
                    .unwrap_or(now + self.compiled.resolve_timeout.to_duration()),
            ),
        };
        if let Some(rule) = self.alerts.get(&id).map(|s| s.rule) {
            self.stats.bump(rule, |c| c.received += 1);
            self.update(id, alert, starts_at, ends_at, now, out);
        } else {
            let (rule, name) = self.stats.rule(alert.name());
            self.stats.bump(rule, |c| c.received += 1);
            let resolved =
                explicit == Some(AlertStatus::Resolved) || ends_at.is_some_and(|e| e <= now);
            if resolved && alert.dedup_key.is_some() {
                // PagerDuty: a resolve for a key with no open alert does nothing.
                return Ok(());
            }
            self.insert(id, (rule, name), alert, starts_at, ends_at, now, out)?;
        }
        self.advance(now, out);
        Ok(())
    }

    /// Marks the current firing of alert `fp` actionable or not (alert-quality feedback);
    /// returns whether the judgement changed. The alert must still be held.
    pub fn mark(&mut self, fp: Fingerprint, actionable: bool) -> Result<bool, AlertError> {
        let Some(s) = self.alerts.get_mut(&fp) else {
            return Err(AlertError::UnknownAlert {
                fingerprint: fp.to_string(),
            });
        };
        s.alert.actionable = Some(actionable);
        if !s.counted || s.judged == Some(actionable) {
            return Ok(false);
        }
        let (from, rule, service) = (s.judged, s.rule, s.service);
        s.judged = Some(actionable);
        self.stats
            .quality(rule, service, |q| q.rejudge(from, Some(actionable)));
        Ok(true)
    }

    fn update(
        &mut self,
        id: Fingerprint,
        alert: Alert,
        starts_at: DateTime<Utc>,
        ends_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
        out: &mut Vec<Action>,
    ) {
        let Some(s) = self.alerts.get_mut(&id) else {
            return;
        };
        let was_resolved = s.is_resolved(now);
        let was_ack = s.alert.status == Some(AlertStatus::Acknowledged);
        s.count += 1;
        s.last_seen = now;
        let keyed = s.alert.dedup_key.is_some();
        // Alertmanager's merge: overlapping activity keeps the earliest start.
        let overlap = s.ends_at.is_none_or(|old_end| starts_at < old_end);
        s.starts_at = if overlap && !was_resolved {
            s.starts_at.min(starts_at)
        } else {
            starts_at
        };
        s.ends_at = ends_at;
        let mut new = alert;
        let judgement = new.actionable;
        if new.actionable.is_none() {
            new.actionable = s.alert.actionable;
        }
        if keyed {
            // PagerDuty: later events for the key update its status, not what it is.
            new.labels = std::mem::take(&mut s.alert.labels);
            if new.summary.is_none() {
                new.summary = s.alert.summary.take();
            }
        }
        s.alert = new;
        let resolved = s.is_resolved(now);
        let count = s.count;
        let (rule, service) = (s.rule, s.service);
        let name = self.stats.shown_name(rule, s.alert.name());
        if !resolved && was_resolved {
            // A new firing of the same alert: judged afresh.
            s.counted = true;
            s.judged = judgement;
            s.flapped = false;
            self.stats.quality(rule, service, |q| {
                q.alerts += 1;
                q.rejudge(None, judgement);
            });
        } else if let Some(j) = judgement.filter(|j| s.counted && s.judged != Some(*j)) {
            let from = s.judged;
            s.judged = Some(j);
            self.stats
                .quality(rule, service, |q| q.rejudge(from, Some(j)));
        }
        let Some(s) = self.alerts.get_mut(&id) else {
            return;
        };
        let labels_for_groups = (!resolved && was_resolved).then(|| s.groups.clone());
        if !resolved && !was_resolved {
            out.push(Action::Suppress {
                at: now,
                alert: id,
                name,
                reason: SuppressReason::Dedup { count },
            });
            self.stats.bump(rule, |c| c.deduped += 1);
            if !was_ack
                && self.alerts.get(&id).and_then(|s| s.alert.status)
                    == Some(AlertStatus::Acknowledged)
            {
                let incident = self.alerts.get(&id).and_then(|s| s.incident.clone());
                out.push(Action::Acknowledge {
                    at: now,
                    alert: id,
                    incident,
                });
            }
        } else if resolved && !was_resolved {
            self.resolution(id, now, out);
        } else if !resolved && was_resolved {
            self.refire(id, now);
        }
        // A re-sent alert can make a group that has not flushed yet flush at once. The list
        // is lent out, not copied: checking a group does not touch the alerts table.
        let lent = labels_for_groups.is_none();
        let groups = labels_for_groups.unwrap_or_else(|| {
            self.alerts
                .get_mut(&id)
                .map(|s| std::mem::take(&mut s.groups))
                .unwrap_or_default()
        });
        for &g in &groups {
            self.maybe_flush_now(g, starts_at, now);
        }
        if lent {
            if let Some(s) = self.alerts.get_mut(&id) {
                s.groups = groups;
            }
        }
    }

    fn refire(&mut self, id: Fingerprint, now: DateTime<Utc>) {
        let Some(s) = self.alerts.get_mut(&id) else {
            return;
        };
        s.resolved_seen = false;
        let labels = s.alert.labels.clone();
        if let Some(inc) = s.incident.clone() {
            if !self.incidents.alert_refired(&inc, id) {
                if let Some(s) = self.alerts.get_mut(&id) {
                    s.incident = None;
                }
            }
        }
        if let Some(f) = self.flap.as_mut() {
            f.observe(id, &labels, true, now);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn insert(
        &mut self,
        id: Fingerprint,
        (rule, name): (u32, Arc<str>),
        alert: Alert,
        starts_at: DateTime<Utc>,
        ends_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
        out: &mut Vec<Action>,
    ) -> Result<(), AlertError> {
        if self.alerts.len() >= MAX_OPEN_ALERTS {
            return Err(AlertError::LimitExceeded {
                what: "open alerts".into(),
                limit: MAX_OPEN_ALERTS,
                hint: "resolve alerts (or set ends_at) so that they leave the pipeline".into(),
            });
        }
        let mut routes = std::mem::take(&mut self.route_buf);
        self.compiled
            .routes
            .matches_into(&alert.labels, &mut routes);
        let firing =
            !(alert.status == Some(AlertStatus::Resolved) || ends_at.is_some_and(|e| e <= now));
        // Check the group bound before changing anything.
        let mut gids = std::mem::take(&mut self.group_buf);
        gids.clear();
        let mut new_groups = 0;
        for &r in &routes {
            let gid = self.group_id(r, &alert.labels, &self.prefix_buf);
            if !self.groups.contains_key(&gid) {
                new_groups += 1;
            }
            gids.push(gid);
        }
        let service = self.service_of(&alert, routes.first().copied());
        if self.groups.len() + new_groups > MAX_GROUPS {
            self.route_buf = routes;
            self.group_buf = gids;
            return Err(AlertError::LimitExceeded {
                what: "aggregation groups".into(),
                limit: MAX_GROUPS,
                hint: "group_by fewer labels, or resolve alerts so that their groups close".into(),
            });
        }
        let judged = alert.actionable;
        if firing {
            self.stats.quality(rule, service, |q| {
                q.alerts += 1;
                q.rejudge(None, judged);
            });
        }
        for (&r, &gid) in routes.iter().zip(&gids) {
            self.insert_into_group(
                r,
                gid,
                id,
                &alert.labels,
                &name,
                rule,
                starts_at,
                firing,
                now,
                out,
            );
        }
        self.inhibitor.add(id, &alert.labels);
        if let Some(f) = self.flap.as_mut() {
            f.observe(id, &alert.labels, firing, now);
        }
        self.alerts.insert(
            id,
            Box::new(Stored {
                alert,
                starts_at,
                ends_at,
                first_seen: now,
                last_seen: now,
                count: 1,
                groups: gids.clone(),
                muted: None,
                incident: None,
                resolved_seen: !firing,
                rule,
                service,
                counted: firing,
                judged: if firing { judged } else { None },
                flapped: false,
            }),
        );
        self.route_buf = routes;
        self.group_buf = gids;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn insert_into_group(
        &mut self,
        route: usize,
        gid: Fingerprint,
        id: Fingerprint,
        labels: &Labels,
        name: &Arc<str>,
        rule: u32,
        starts_at: DateTime<Utc>,
        firing: bool,
        now: DateTime<Utc>,
        out: &mut Vec<Action>,
    ) {
        if let Some(g) = self.groups.get_mut(&gid) {
            g.alerts.push(id);
            if firing {
                out.push(Action::Suppress {
                    at: now,
                    alert: id,
                    name: name.clone(),
                    reason: SuppressReason::Grouped {
                        group: g.key.clone(),
                        next_flush: g.next_flush,
                    },
                });
                self.stats.bump(rule, |c| c.grouped += 1);
            }
            self.maybe_flush_now(gid, starts_at, now);
            return;
        }
        let Some(node) = self.compiled.routes.node(route) else {
            return;
        };
        let group_labels = match &node.opts.group_by {
            GroupBy::All => labels.clone(),
            GroupBy::Labels(names) => labels.subset(names.iter().map(String::as_str)),
        };
        let wait = node.opts.group_wait.to_duration();
        // Alertmanager: an alert that started more than group_wait ago is flushed at once.
        let next_flush = if starts_at + wait < now {
            now
        } else {
            now + wait
        };
        let key: Arc<str> = Arc::from(format!("{}:{}", node.key, group_labels));
        let log = self.dormant_logs.remove(&gid);
        self.groups.insert(
            gid,
            Group {
                key,
                route,
                labels: group_labels,
                alerts: vec![id],
                next_flush,
                has_flushed: false,
                log,
                timer_seq: 0,
            },
        );
        self.schedule(next_flush, gid);
    }

    fn maybe_flush_now(&mut self, gid: Fingerprint, starts_at: DateTime<Utc>, now: DateTime<Utc>) {
        let Some(g) = self.groups.get_mut(&gid) else {
            return;
        };
        let Some(node) = self.compiled.routes.node(g.route) else {
            return;
        };
        if !g.has_flushed
            && g.next_flush > now
            && starts_at + node.opts.group_wait.to_duration() < now
        {
            g.next_flush = now;
            self.schedule(now, gid);
        }
    }

    /// The service an alert's quality is counted under: its first route's, else the one its
    /// source addressed, else [`NO_SERVICE`].
    pub(crate) fn service_of(&mut self, alert: &Alert, first_route: Option<usize>) -> u32 {
        let routed = first_route
            .and_then(|r| self.compiled.routes.node(r))
            .and_then(|n| n.opts.service.as_deref());
        let name = routed.or(alert.service.as_deref()).unwrap_or(NO_SERVICE);
        self.stats.service(name)
    }
}
