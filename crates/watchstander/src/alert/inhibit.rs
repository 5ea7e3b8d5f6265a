//! Inhibition: a firing *source* alert mutes *target* alerts that share the values of the
//! rule's `equal` labels.
//!
//! As Alertmanager's `inhibit/inhibit.go`:
//!
//! * a label missing from both alerts counts as equal (both are `""`);
//! * only sources that are still firing inhibit — a resolved source stops inhibiting at once;
//! * an alert that matches **both** sides of a rule is not inhibited by other alerts that also
//!   match both sides (so a rule "critical inhibits warning" written with overlapping matchers
//!   cannot make alerts mute each other, nor an alert mute itself);
//! * sources need not be notified themselves: a silenced source still inhibits.
//!
//! Sources are indexed per rule by a hash of their `equal` values, so finding an inhibitor
//! costs a hash lookup, not a scan of every alert. When several sources qualify, the one with
//! the lowest fingerprint is reported, whatever order they came in (Alertmanager picks an
//! arbitrary one).

use serde::Serialize;

use super::config::InhibitRuleConfig;
use super::labels::{is_label_name, Fingerprint, Fnv, FpMap, Labels};
use super::limits::MAX_INHIBIT_RULES;
use super::matcher::{MatchOp, Matcher, Matchers};
use super::AlertError;

/// One compiled inhibition rule.
#[derive(Debug, Clone)]
pub struct InhibitRule {
    /// Its name: the configured one, or `inhibit_rules[i]`.
    pub name: String,
    /// Matchers for inhibiting alerts.
    pub source: Matchers,
    /// Matchers for inhibited alerts.
    pub target: Matchers,
    /// Labels whose values must agree.
    pub equal: Vec<String>,
}

/// Which alert muted which, and by which rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Inhibition {
    /// Index of the rule.
    pub rule: usize,
    /// The inhibiting alert.
    pub source: Fingerprint,
}

/// The rules and an index of the alerts that can act as sources.
#[derive(Debug, Clone, Default)]
pub struct Inhibitor {
    rules: Vec<InhibitRule>,
    /// Per rule: hash of the equal-label values → source alerts.
    index: Vec<FpMap<Sources>>,
    /// The lists of `index` (rule, key) appended to out of order since the last
    /// [`settle`](Inhibitor::settle).
    unsorted: Vec<(usize, Fingerprint)>,
}

/// The possible sources of one rule with the same `equal` values: in fingerprint order, except
/// for alerts appended since the last [`Inhibitor::settle`] (sorting on every arrival would
/// move half the list each time).
#[derive(Debug, Clone, Default)]
struct Sources {
    fps: Vec<Fingerprint>,
    unsorted: bool,
}

impl Inhibitor {
    /// Compiles the configured rules.
    pub fn compile(configs: &[InhibitRuleConfig]) -> Result<Inhibitor, AlertError> {
        if configs.len() > MAX_INHIBIT_RULES {
            return Err(AlertError::too_large(
                "inhibit_rules",
                configs.len(),
                MAX_INHIBIT_RULES,
            ));
        }
        let mut rules = Vec::with_capacity(configs.len());
        for (i, c) in configs.iter().enumerate() {
            let path = format!("inhibit_rules[{i}]");
            let side = |eq: &std::collections::BTreeMap<String, String>,
                        re: &std::collections::BTreeMap<String, String>,
                        m: &Matchers|
             -> Result<Matchers, AlertError> {
                let mut v = Vec::new();
                for (k, val) in eq {
                    v.push(Matcher::new(k, MatchOp::Equal, val)?);
                }
                for (k, val) in re {
                    v.push(Matcher::new(k, MatchOp::Regex, val)?);
                }
                let mut out = Matchers::new(v)?;
                out.extend(m.clone())?;
                Ok(out)
            };
            let source = side(&c.source_match, &c.source_match_re, &c.source_matchers)?;
            let target = side(&c.target_match, &c.target_match_re, &c.target_matchers)?;
            let mut equal = c.equal.clone();
            for e in &equal {
                if !is_label_name(e) {
                    return Err(AlertError::config(
                        format!("{path}.equal"),
                        format!("invalid label name {e:?}"),
                    ));
                }
            }
            equal.sort();
            equal.dedup();
            rules.push(InhibitRule {
                name: c.name.clone().unwrap_or(path),
                source,
                target,
                equal,
            });
        }
        let index = vec![FpMap::default(); rules.len()];
        Ok(Inhibitor {
            rules,
            index,
            unsorted: Vec::new(),
        })
    }

    /// The rules.
    pub fn rules(&self) -> &[InhibitRule] {
        &self.rules
    }

    /// Registers an alert as a possible source of every rule whose source side it matches.
    pub fn add(&mut self, fp: Fingerprint, labels: &Labels) {
        for (r, (rule, index)) in self.rules.iter().zip(self.index.iter_mut()).enumerate() {
            if rule.source.matches(labels) {
                let key = equal_key(&rule.equal, labels);
                let list = index.entry(key).or_default();
                if !list.unsorted && list.fps.last().is_some_and(|last| *last >= fp) {
                    list.unsorted = true;
                    self.unsorted.push((r, key));
                }
                list.fps.push(fp);
            }
        }
        if self.unsorted.len() > SETTLE_AFTER {
            self.settle();
        }
    }

    /// Sorts the lists appended to out of order, so that [`mutes`](Inhibitor::mutes) stops at
    /// the first qualifying source (the pipeline settles before every flush).
    pub fn settle(&mut self) {
        for (r, key) in self.unsorted.drain(..) {
            if let Some(list) = self.index.get_mut(r).and_then(|index| index.get_mut(&key)) {
                list.fps.sort_unstable();
                list.fps.dedup();
                list.unsorted = false;
            }
        }
    }

    /// Forgets an alert (it left the pipeline).
    pub fn remove(&mut self, fp: Fingerprint, labels: &Labels) {
        for (rule, index) in self.rules.iter().zip(self.index.iter_mut()) {
            if rule.source.matches(labels) {
                let key = equal_key(&rule.equal, labels);
                if let Some(list) = index.get_mut(&key) {
                    if list.unsorted {
                        list.fps.retain(|f| *f != fp);
                    } else if let Ok(at) = list.fps.binary_search(&fp) {
                        list.fps.remove(at);
                    }
                    if list.fps.is_empty() {
                        index.remove(&key);
                    }
                }
            }
        }
    }

    /// The first rule and (lowest-fingerprint) source that mute an alert with `labels`. `firing(fp)` gives a
    /// candidate source's labels if it is still firing (and `None` if it resolved or left).
    pub fn mutes<'a>(
        &self,
        labels: &Labels,
        firing: impl Fn(Fingerprint) -> Option<&'a Labels>,
    ) -> Option<Inhibition> {
        for (i, (rule, index)) in self.rules.iter().zip(&self.index).enumerate() {
            if !rule.target.matches(labels) {
                continue;
            }
            let both_sides = rule.source.matches(labels);
            let Some(candidates) = index.get(&equal_key(&rule.equal, labels)) else {
                continue;
            };
            let qualifies = |fp: &Fingerprint| {
                let Some(source) = firing(*fp) else {
                    return false;
                };
                rule.equal
                    .iter()
                    .all(|n| source.value(n) == labels.value(n))
                    && !(both_sides && rule.target.matches(source))
            };
            let found = if candidates.unsorted {
                candidates.fps.iter().filter(|fp| qualifies(fp)).min()
            } else {
                candidates.fps.iter().find(|fp| qualifies(fp))
            };
            if let Some(&source) = found {
                return Some(Inhibition { rule: i, source });
            }
        }
        None
    }
}

/// How many lists may wait unsorted (a pipeline that is never flushed still sorts them).
const SETTLE_AFTER: usize = 1 << 16;

fn equal_key(names: &[String], labels: &Labels) -> Fingerprint {
    let mut h = Fnv::new();
    for n in names {
        h.write(labels.value(n).as_bytes());
        h.byte(0xff);
    }
    Fingerprint(h.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule() -> Inhibitor {
        let config: InhibitRuleConfig = serde_json::from_value(serde_json::json!({
            "source_matchers": ["severity=critical"],
            "target_matchers": ["severity=warning"],
            "equal": ["cluster"]
        }))
        .unwrap();
        Inhibitor::compile(&[config]).unwrap()
    }

    fn labels(severity: &str, cluster: &str, n: usize) -> Labels {
        Labels::from_pairs([
            ("severity", severity.to_string()),
            ("cluster", cluster.to_string()),
            ("n", n.to_string()),
        ])
        .unwrap()
    }

    /// Whatever order sources arrive in, and whether or not their lists have been sorted
    /// since, the source reported is the lowest firing fingerprint with equal values.
    #[test]
    fn the_lowest_firing_source_is_reported_before_and_after_settling() {
        let mut inh = rule();
        let sources: Vec<(Fingerprint, Labels)> = [7u64, 3, 9, 1, 5]
            .iter()
            .map(|&f| (Fingerprint(f), labels("critical", "c1", f as usize)))
            .collect();
        let other = (Fingerprint(0), labels("critical", "c2", 0));
        for (fp, l) in sources.iter().chain([&other]) {
            inh.add(*fp, l);
        }
        let target = labels("warning", "c1", 100);
        let lookup = |resolved: &'static [u64]| {
            let sources = &sources;
            move |fp: Fingerprint| {
                (!resolved.contains(&fp.0))
                    .then(|| sources.iter().find(|(f, _)| *f == fp).map(|(_, l)| l))
                    .flatten()
            }
        };
        let source =
            |inh: &Inhibitor, resolved| inh.mutes(&target, lookup(resolved)).map(|i| i.source.0);
        assert_eq!(source(&inh, &[]), Some(1), "unsorted");
        assert_eq!(
            source(&inh, &[1, 3]),
            Some(5),
            "unsorted, the lowest resolved"
        );
        inh.settle();
        assert_eq!(source(&inh, &[]), Some(1), "sorted");
        assert_eq!(
            source(&inh, &[1, 3]),
            Some(5),
            "sorted, the lowest resolved"
        );
        inh.remove(Fingerprint(1), &sources[3].1);
        assert_eq!(source(&inh, &[]), Some(3));
        inh.add(Fingerprint(2), &labels("critical", "c1", 2));
        assert_eq!(
            source(&inh, &[]),
            Some(3),
            "2 is not in the lookup: not firing"
        );
        for (fp, l) in &sources {
            inh.remove(*fp, l);
        }
        inh.remove(Fingerprint(2), &labels("critical", "c1", 2));
        assert_eq!(source(&inh, &[]), None);
        // Another cluster's source never qualifies.
        assert!(inh
            .mutes(&labels("warning", "c3", 1), |_| Some(&other.1))
            .is_none());
    }
}
