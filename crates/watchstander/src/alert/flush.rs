//! A group's flush: what Alertmanager's aggregation group does when its timer fires, then
//! the inhibit → silence → (flapping) → notify-decision stages, then incident placement.

use chrono::{DateTime, Utc};

use super::action::{Action, Notification, NotifiedAlert, NotifiedStatus, SuppressReason};
use super::labels::{Fingerprint, Labels};
use super::notify::needs_update;
use super::pipeline::{Pipeline, Stored};

impl Pipeline {
    /// Flushes group `gid` at its scheduled instant `t`.
    pub(crate) fn flush(&mut self, gid: Fingerprint, t: DateTime<Utc>, out: &mut Vec<Action>) {
        let Some(group) = self.groups.get_mut(&gid) else {
            return;
        };
        self.flushes += 1;
        // Sorted in place (the group's order matters nowhere else), not copied: a flush that
        // changes nothing is the common case, once per `group_interval` per open group.
        let mut members: Vec<Fingerprint> = std::mem::take(&mut group.alerts);
        members.sort_unstable();
        members.dedup();
        let route = group.route;
        let compiled = self.compiled.clone();
        let Some(node) = compiled.routes.node(route) else {
            group.alerts = members;
            return;
        };
        let mut firing = Vec::new();
        let mut resolved = Vec::new();
        let mut gone = Vec::new();
        for &fp in &members {
            let Some(is_resolved) = self.alerts.get(&fp).map(|s| s.is_resolved(t)) else {
                gone.push(fp);
                continue;
            };
            if is_resolved {
                gone.push(fp);
                if self.alerts.get(&fp).is_some_and(|s| !s.resolved_seen) {
                    self.resolution(fp, t, out);
                }
            }
            let muted = self.mute_reason(fp, is_resolved, t);
            self.report_mute(fp, muted.clone(), is_resolved, t, out);
            if muted.is_none() {
                if is_resolved {
                    resolved.push(fp);
                } else {
                    firing.push(fp);
                }
            }
        }
        if let Some(g) = self.groups.get_mut(&gid) {
            g.alerts = members;
        }
        firing.sort_unstable();
        resolved.sort_unstable();
        let send_resolved = compiled.routes.sends_resolved(&node.opts.receiver);
        let decision = if firing.is_empty() && resolved.is_empty() {
            None
        } else {
            needs_update(
                self.groups.get(&gid).and_then(|g| g.log.as_ref()),
                &firing,
                &resolved,
                send_resolved,
                node.opts.repeat_interval,
                t,
            )
        };
        if let Some(reason) = decision {
            let mut sent: Vec<&Fingerprint> = firing.iter().collect();
            if send_resolved {
                sent.extend(resolved.iter());
            }
            if !sent.is_empty() {
                // Sorted with each alert's `job` and `instance` looked up once, not at every
                // comparison.
                let mut order: Vec<SortKey<'_>> = sent
                    .iter()
                    .filter_map(|fp| {
                        self.alerts.get(fp).map(|s| SortKey {
                            job: s.alert.labels.get("job"),
                            instance: s.alert.labels.get("instance"),
                            stored: s,
                            fp: **fp,
                        })
                    })
                    .collect();
                order.sort_by(am_order);
                let common = common_labels(order.iter().map(|k| &k.stored.alert.labels));
                let alerts: Vec<NotifiedAlert> =
                    order.iter().map(|k| notified(k.fp, k.stored, t)).collect();
                let any_firing = alerts.iter().any(|a| a.status == NotifiedStatus::Firing);
                for a in alerts.iter().filter(|a| a.status == NotifiedStatus::Firing) {
                    if let Some(rule) = self.alerts.get(&a.fingerprint).map(|s| s.rule) {
                        self.stats.bump(rule, |c| c.notified += 1);
                    }
                }
                self.stats.notification();
                let Some(group) = self.groups.get(&gid) else {
                    return;
                };
                out.push(Action::Notify(Notification {
                    at: t,
                    receiver: node.opts.receiver.clone(),
                    group_key: group.key.to_string(),
                    route: node.path.clone(),
                    group_labels: group.labels.clone(),
                    common_labels: common,
                    status: if any_firing {
                        NotifiedStatus::Firing
                    } else {
                        NotifiedStatus::Resolved
                    },
                    reason,
                    alerts,
                    service: node.opts.service.clone(),
                    escalation_policy: node.opts.escalation_policy.clone(),
                }));
            }
            let group_key = self
                .groups
                .get(&gid)
                .map(|g| g.key.clone())
                .unwrap_or_default();
            for &fp in &firing {
                let Some(s) = self.alerts.get(&fp) else {
                    continue;
                };
                if s.incident.is_some() {
                    continue;
                }
                let title = s.alert.summary.as_deref().unwrap_or_else(|| s.alert.name());
                let rule = s.rule;
                if let Some((key, action)) =
                    self.incidents
                        .place(fp, &s.alert.labels, title, &group_key, &node.opts, t)
                {
                    if matches!(action, Action::OpenIncident(_)) {
                        self.stats.bump(rule, |c| c.incidents_opened += 1);
                    }
                    out.push(action);
                    if let Some(s) = self.alerts.get_mut(&fp) {
                        s.incident = Some(key);
                    }
                }
            }
            if let Some(g) = self.groups.get_mut(&gid) {
                g.log = Some(super::notify::LogEntry {
                    firing,
                    resolved,
                    at: t,
                });
            }
        }
        // Resolved alerts leave the group after the flush that saw them (Alertmanager deletes
        // them once the notification succeeded, muted or not).
        // `gone` is sorted (it follows `members`).
        if !gone.is_empty() {
            if let Some(g) = self.groups.get_mut(&gid) {
                g.alerts.retain(|fp| gone.binary_search(fp).is_err());
            }
        }
        for fp in gone {
            let drop = match self.alerts.get_mut(&fp) {
                Some(s) => {
                    s.groups.retain(|g| *g != gid);
                    s.groups.is_empty()
                }
                None => false,
            };
            if drop {
                self.drop_alert(fp);
            }
        }
        let empty = self.groups.get(&gid).is_none_or(|g| g.alerts.is_empty());
        if empty {
            if let Some(g) = self.groups.remove(&gid) {
                if let Some(log) = g.log.filter(|l| !l.firing.is_empty()) {
                    self.dormant_logs.insert(gid, log);
                }
            }
        } else {
            let next = Pipeline::later(t, node.opts.group_interval);
            if let Some(g) = self.groups.get_mut(&gid) {
                g.has_flushed = true;
                g.next_flush = next;
            }
            self.schedule(next, gid);
        }
    }

    /// Why an alert is muted at `t`: inhibited, else silenced, else flapping.
    fn mute_reason(
        &mut self,
        fp: Fingerprint,
        resolved: bool,
        t: DateTime<Utc>,
    ) -> Option<SuppressReason> {
        self.inhibitor.settle();
        let alerts = &self.alerts;
        let labels = &alerts.get(&fp)?.alert.labels;
        let inhibition = self.inhibitor.mutes(labels, |src| {
            alerts
                .get(&src)
                .filter(|s| !s.is_resolved(t))
                .map(|s| &s.alert.labels)
        });
        if let Some(i) = inhibition {
            let by_name = self
                .alerts
                .get(&i.source)
                .map(|s| s.alert.name().to_string())
                .unwrap_or_default();
            let rule = self
                .inhibitor
                .rules()
                .get(i.rule)
                .map(|r| r.name.clone())
                .unwrap_or_default();
            return Some(SuppressReason::Inhibited {
                by: i.source,
                by_name,
                rule,
            });
        }
        let mut ids = Vec::new();
        for (id, slot) in self.silences.iter_mut() {
            if slot.silence.mutes(labels, t) {
                ids.push(id.clone());
                if !resolved {
                    slot.muted.insert(fp);
                }
            }
        }
        if !ids.is_empty() {
            return Some(SuppressReason::Silenced { silences: ids });
        }
        if !resolved {
            if let Some(f) = self.flap.as_mut() {
                if let Some(changes) = f.flapping(fp, t) {
                    return Some(SuppressReason::Flapping {
                        changes,
                        window: f.config().window,
                    });
                }
            }
        }
        None
    }

    /// Reports a firing alert's suppression once per change of reason.
    fn report_mute(
        &mut self,
        fp: Fingerprint,
        muted: Option<SuppressReason>,
        resolved: bool,
        t: DateTime<Utc>,
        out: &mut Vec<Action>,
    ) {
        let Some(s) = self.alerts.get_mut(&fp) else {
            return;
        };
        if s.muted == muted || resolved {
            s.muted = muted;
            return;
        }
        s.muted.clone_from(&muted);
        let (rule, service) = (s.rule, s.service);
        let name = self.stats.shown_name(rule, s.alert.name());
        let first_flap = matches!(muted, Some(SuppressReason::Flapping { .. })) && !s.flapped;
        if first_flap {
            s.flapped = true;
        }
        if let Some(reason) = muted {
            match &reason {
                SuppressReason::Inhibited { rule: by, .. } => {
                    self.stats.bump(rule, |c| c.inhibited += 1);
                    self.stats.inhibited_by(by);
                }
                SuppressReason::Silenced { silences } => {
                    self.stats.bump(rule, |c| c.silenced += 1);
                    for id in silences {
                        self.stats.silenced_by(id);
                    }
                }
                SuppressReason::Flapping { .. } => {
                    self.stats.bump(rule, |c| c.flapping += 1);
                    if first_flap {
                        self.stats.quality(rule, service, |q| q.flapping += 1);
                    }
                }
                _ => {}
            }
            out.push(Action::Suppress {
                at: t,
                alert: fp,
                name,
                reason,
            });
        }
    }

    /// An alert became resolved at `t`: report it, tell flap detection, its incident and the
    /// silences that muted it.
    pub(crate) fn resolution(&mut self, fp: Fingerprint, t: DateTime<Utc>, out: &mut Vec<Action>) {
        let Some(s) = self.alerts.get_mut(&fp) else {
            return;
        };
        s.resolved_seen = true;
        let rule = s.rule;
        let name = self.stats.shown_name(rule, s.alert.name());
        let incident = s.incident.clone();
        let labels = self.flap.is_some().then(|| s.alert.labels.clone());
        self.stats.bump(rule, |c| c.resolved += 1);
        out.push(Action::AlertResolved {
            at: t,
            alert: fp,
            name,
        });
        if let (Some(f), Some(labels)) = (self.flap.as_mut(), labels) {
            f.observe(fp, &labels, false, t);
        }
        if let Some(inc) = incident {
            if let Some(a) = self.incidents.alert_resolved(&inc, fp, t) {
                out.push(a);
            }
        }
        for slot in self.silences.values_mut() {
            if slot.muted.remove(&fp)
                && slot.muted.is_empty()
                && slot.silence.spec().expire_on_resolve
                && slot.silence.end().is_none_or(|e| e > t)
            {
                slot.silence.expire(t);
                out.push(Action::SilenceExpired {
                    at: t,
                    silence: slot.silence.id().to_string(),
                    reason: "every alert it silenced has resolved".into(),
                });
            }
        }
    }

    fn drop_alert(&mut self, fp: Fingerprint) {
        if let Some(s) = self.alerts.remove(&fp) {
            self.inhibitor.remove(fp, &s.alert.labels);
            for slot in self.silences.values_mut() {
                slot.muted.remove(&fp);
            }
        }
    }
}

fn notified(fp: Fingerprint, s: &Stored, t: DateTime<Utc>) -> NotifiedAlert {
    let resolved = s.is_resolved(t);
    NotifiedAlert {
        fingerprint: fp,
        status: if resolved {
            NotifiedStatus::Resolved
        } else {
            NotifiedStatus::Firing
        },
        labels: s.alert.labels.clone(),
        annotations: s.alert.annotations.clone(),
        starts_at: s.starts_at,
        ends_at: if resolved {
            s.ends_at.or(Some(t))
        } else {
            None
        },
        count: s.count,
    }
}

/// An alert of a notification, with what Alertmanager sorts it by.
struct SortKey<'a> {
    job: Option<&'a str>,
    instance: Option<&'a str>,
    stored: &'a Stored,
    fp: Fingerprint,
}

/// Alertmanager's `AlertSlice` order: by `job`, then `instance` (alerts having the label
/// first), then by the label sets.
fn am_order(a: &SortKey<'_>, b: &SortKey<'_>) -> std::cmp::Ordering {
    for (x, y) in [(a.job, b.job), (a.instance, b.instance)] {
        match (x, y) {
            (None, None) => continue,
            (None, Some(_)) => return std::cmp::Ordering::Greater,
            (Some(_), None) => return std::cmp::Ordering::Less,
            (Some(x), Some(y)) if x != y => return x.cmp(y),
            _ => {}
        }
    }
    labels_before(&a.stored.alert.labels, &b.stored.alert.labels)
}

/// The labels every one of these label sets has with the same value (none for no sets).
fn common_labels<'a>(mut sets: impl Iterator<Item = &'a Labels>) -> Labels {
    let Some(first) = sets.next() else {
        return Labels::default();
    };
    let mut common: Vec<(&str, &str)> = first.iter().collect();
    let mut all = true;
    for l in sets {
        if common.is_empty() {
            break;
        }
        if l == first {
            continue;
        }
        all = false;
        common.retain(|(k, v)| l.get(k) == Some(*v));
    }
    if all {
        return first.clone();
    }
    first.subset(common.iter().map(|(k, _)| *k))
}

/// Prometheus' `LabelSet.Before`: compare sorted (name, value) pairs, then length.
fn labels_before(a: &Labels, b: &Labels) -> std::cmp::Ordering {
    a.iter().cmp(b.iter())
}
