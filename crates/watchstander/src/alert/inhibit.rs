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
//! costs a hash lookup, not a scan of every alert. When several sources qualify, the one that
//! arrived first is reported (Alertmanager picks an arbitrary one).

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
    /// Per rule: hash of the equal-label values → source alerts (in arrival order).
    index: Vec<FpMap<Vec<Fingerprint>>>,
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
        Ok(Inhibitor { rules, index })
    }

    /// The rules.
    pub fn rules(&self) -> &[InhibitRule] {
        &self.rules
    }

    /// Registers an alert as a possible source of every rule whose source side it matches.
    pub fn add(&mut self, fp: Fingerprint, labels: &Labels) {
        for (rule, index) in self.rules.iter().zip(self.index.iter_mut()) {
            if rule.source.matches(labels) {
                // Kept sorted, so the source reported is the same whatever order the
                // alerts came in (a restored pipeline agrees with the original).
                let list = index.entry(equal_key(&rule.equal, labels)).or_default();
                if let Err(at) = list.binary_search(&fp) {
                    list.insert(at, fp);
                }
            }
        }
    }

    /// Forgets an alert (it left the pipeline).
    pub fn remove(&mut self, fp: Fingerprint, labels: &Labels) {
        for (rule, index) in self.rules.iter().zip(self.index.iter_mut()) {
            if rule.source.matches(labels) {
                let key = equal_key(&rule.equal, labels);
                if let Some(list) = index.get_mut(&key) {
                    if let Ok(at) = list.binary_search(&fp) {
                        list.remove(at);
                    }
                    if list.is_empty() {
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
            for &fp in candidates {
                let Some(source) = firing(fp) else { continue };
                if !rule
                    .equal
                    .iter()
                    .all(|n| source.value(n) == labels.value(n))
                {
                    continue;
                }
                if both_sides && rule.target.matches(source) {
                    continue;
                }
                return Some(Inhibition {
                    rule: i,
                    source: fp,
                });
            }
        }
        None
    }
}

fn equal_key(names: &[String], labels: &Labels) -> Fingerprint {
    let mut h = Fnv::new();
    for n in names {
        h.write(labels.value(n).as_bytes());
        h.byte(0xff);
    }
    Fingerprint(h.0)
}
