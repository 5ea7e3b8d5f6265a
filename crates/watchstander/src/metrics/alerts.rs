//! Alert volume and accuracy: how much pages, and how much of it was worth it.
//!
//! * **Pages per shift** — pages to a person while on call, divided by their on-call shifts
//!   (contiguous stretches of on-call time); for the team, all on-shift pages over all shifts.
//! * **True-positive rate** — actionable pages ÷ pages whose actionability is known, per alert
//!   rule and per service (pages marked neither way are left out of both terms and counted as
//!   `unknown`). The rest is noise a human had to look at.
//! * **Noisiest rules** — the rules with the most non-actionable pages (then the most pages).
//! * **Flapping share** — pages sent while their alert was flapping ÷ all pages.
//! * **Alerts** — distinct alert keys among the pages, when pages carry one.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::people::Roster;
use super::period::Calendar;
use super::response::natural_cmp;
use super::table::{get_i64, get_key, PageTable, MISSING, NO_KEY};
use super::walk::Walk;
use super::{OnCall, NOISIEST_RULES};

/// Accuracy of the pages of one alert rule (or service).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "MetricsRuleAccuracy"))]
pub struct RuleAccuracy {
    /// The rule (or service); `(none)` for pages without one.
    pub key: String,
    /// Pages.
    pub pages: u64,
    /// Pages that needed a human.
    pub actionable: u64,
    /// Pages that did not.
    pub not_actionable: u64,
    /// Pages nobody marked.
    pub unknown: u64,
    /// `actionable ÷ (actionable + not_actionable)` (`null` when none is marked).
    pub true_positive_rate: Option<f64>,
    /// Pages sent while flapping.
    pub flapping: u64,
    /// `flapping ÷ pages`.
    pub flapping_share: Option<f64>,
}

/// One person's paging load.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "MetricsPersonVolume"))]
pub struct PersonVolume {
    /// Who.
    pub person: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Pages in the window.
    pub pages: u64,
    /// Interruptions (pages merged within the merge window).
    pub interruptions: u64,
    /// On-call shifts (contiguous stretches of on-call time) in the window.
    pub shifts: u64,
    /// Pages while on call.
    pub on_shift_pages: u64,
    /// Pages while not on call (escalations, direct pages).
    pub off_shift_pages: u64,
    /// `on_shift_pages ÷ shifts` (`null` without shifts).
    pub pages_per_shift: Option<f64>,
}

/// Alert volume and accuracy of a window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "MetricsAlertVolume"))]
pub struct AlertVolume {
    /// Pages in the window.
    pub pages: u64,
    /// Pages outside the window (ignored).
    pub pages_outside_window: u64,
    /// Distinct alerts among the pages (`null` when pages carry no alert key).
    pub alerts: Option<u64>,
    /// Interruptions.
    pub interruptions: u64,
    /// On-call shifts of everyone.
    pub shifts: u64,
    /// Pages while on call ÷ shifts.
    pub pages_per_shift: Option<f64>,
    /// Alerts ÷ shifts.
    pub alerts_per_shift: Option<f64>,
    /// Accuracy of all pages.
    pub accuracy: RuleAccuracy,
    /// Per person paged or on call (most pages first).
    pub per_person: Vec<PersonVolume>,
    /// Per alert rule (most pages first).
    pub by_rule: Vec<RuleAccuracy>,
    /// Per service (most pages first).
    pub by_service: Vec<RuleAccuracy>,
    /// The rules with the most non-actionable pages.
    pub noisiest_rules: Vec<RuleAccuracy>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Acc {
    pages: u64,
    yes: u64,
    no: u64,
    flapping: u64,
}

/// The kinds of page an [`Acc`] tells apart: actionable unknown / no / yes, times flapping or
/// not.
const KINDS: usize = 6;

/// The kind of a page: `(actionable + 1) × 2 + flapping`.
#[inline]
fn kind(actionable: i8, flapping: bool) -> usize {
    (actionable.clamp(-1, 1) + 1) as usize * 2 + usize::from(flapping)
}

impl Acc {
    /// The accuracy of pages counted by [`kind`].
    fn of_kinds(counts: &[u64]) -> Acc {
        let c = |k: usize| counts.get(k).copied().unwrap_or(0);
        Acc {
            pages: (0..KINDS).map(c).sum(),
            yes: c(kind(1, false)) + c(kind(1, true)),
            no: c(kind(0, false)) + c(kind(0, true)),
            flapping: c(kind(-1, true)) + c(kind(0, true)) + c(kind(1, true)),
        }
    }

    fn merge(&mut self, o: &Acc) {
        self.pages += o.pages;
        self.yes += o.yes;
        self.no += o.no;
        self.flapping += o.flapping;
    }

    fn report(&self, key: String) -> RuleAccuracy {
        let known = self.yes + self.no;
        RuleAccuracy {
            key,
            pages: self.pages,
            actionable: self.yes,
            not_actionable: self.no,
            unknown: self.pages - known,
            true_positive_rate: (known > 0).then(|| self.yes as f64 / known as f64),
            flapping: self.flapping,
            flapping_share: (self.pages > 0).then(|| self.flapping as f64 / self.pages as f64),
        }
    }
}

fn ratio(a: u64, b: u64) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

const NONE: &str = "(none)";

impl AlertVolume {
    pub(crate) fn compute(
        pages: &PageTable,
        cal: &Calendar,
        walk: &Walk,
        roster: &Roster,
        oncall: &OnCall,
    ) -> AlertVolume {
        // Each page adds one to a count per (rule, kind) and per (service, kind); the
        // accuracies are read from the counts afterwards.
        let mut by_rule_kind = vec![0u64; (pages.rules.len() + 1) * KINDS];
        let mut by_service_kind = vec![0u64; (pages.services.len() + 1) * KINDS];
        let mut outside = 0u64;
        let mut alert_keys: HashSet<i64> = HashSet::new();
        let has_alerts = pages.alert.iter().any(|&a| a != MISSING);
        for (i, &at) in pages.at.iter().enumerate() {
            if at == MISSING || get_key(&pages.person, i) == NO_KEY {
                continue;
            }
            if !cal.contains(at) {
                outside += 1;
                continue;
            }
            let a = pages.actionable.get(i).copied().unwrap_or(-1);
            let f = pages.flapping.get(i).copied().unwrap_or(0) > 0;
            let k = kind(a, f);
            let r = get_key(&pages.rule, i);
            let r = if r == NO_KEY {
                pages.rules.len()
            } else {
                r as usize
            };
            if let Some(c) = by_rule_kind.get_mut(r * KINDS + k) {
                *c += 1;
            }
            let s = get_key(&pages.service, i);
            let s = if s == NO_KEY {
                pages.services.len()
            } else {
                s as usize
            };
            if let Some(c) = by_service_kind.get_mut(s * KINDS + k) {
                *c += 1;
            }
            if has_alerts {
                let k = get_i64(&pages.alert, i);
                if k != MISSING {
                    alert_keys.insert(k);
                }
            }
        }
        let rules: Vec<Acc> = by_rule_kind.chunks(KINDS).map(Acc::of_kinds).collect();
        let services: Vec<Acc> = by_service_kind.chunks(KINDS).map(Acc::of_kinds).collect();
        // Every counted page has exactly one rule slot (the last is "no rule").
        let mut all = Acc::default();
        for r in &rules {
            all.merge(r);
        }
        let listing = |accs: &[Acc], names: &[String]| -> Vec<RuleAccuracy> {
            let mut out: Vec<RuleAccuracy> = accs
                .iter()
                .enumerate()
                .filter(|(_, a)| a.pages > 0)
                .map(|(g, a)| a.report(names.get(g).cloned().unwrap_or_else(|| NONE.into())))
                .collect();
            out.sort_by(|a, b| {
                b.pages
                    .cmp(&a.pages)
                    .then_with(|| natural_cmp(&a.key, &b.key))
            });
            out
        };
        let by_rule = listing(&rules, &pages.rules.names);
        let mut noisiest: Vec<RuleAccuracy> =
            by_rule.iter().filter(|r| r.key != NONE).cloned().collect();
        noisiest.sort_by(|a, b| {
            b.not_actionable
                .cmp(&a.not_actionable)
                .then_with(|| b.pages.cmp(&a.pages))
                .then_with(|| natural_cmp(&a.key, &b.key))
        });
        noisiest.truncate(NOISIEST_RULES);
        let mut per_person = Vec::new();
        let (mut shifts, mut on_shift, mut interruptions) = (0u64, 0u64, 0u64);
        for (i, m) in roster.members.iter().enumerate() {
            let p = walk.people.get(i).cloned().unwrap_or_default();
            let n = oncall.of(i as u32).len() as u64;
            shifts += n;
            on_shift += p.on_shift_pages;
            interruptions += p.interruptions;
            if p.pages == 0 && n == 0 {
                continue;
            }
            per_person.push(PersonVolume {
                person: m.id.clone(),
                name: m.name.clone(),
                pages: p.pages,
                interruptions: p.interruptions,
                shifts: n,
                on_shift_pages: p.on_shift_pages,
                off_shift_pages: p.pages - p.on_shift_pages,
                pages_per_shift: ratio(p.on_shift_pages, n),
            });
        }
        per_person.sort_by(|a, b| b.pages.cmp(&a.pages).then_with(|| a.person.cmp(&b.person)));
        let alerts = has_alerts.then_some(alert_keys.len() as u64);
        AlertVolume {
            pages: all.pages,
            pages_outside_window: outside,
            alerts,
            interruptions,
            shifts,
            pages_per_shift: ratio(on_shift, shifts),
            alerts_per_shift: alerts.and_then(|a| ratio(a, shifts)),
            accuracy: all.report("(all)".into()),
            per_person,
            by_rule,
            by_service: listing(&services, &pages.services.names),
            noisiest_rules: noisiest,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Counting pages by kind and reading the accuracy afterwards gives the counts of the
        /// definitions: actionable is 1, not actionable 0, unknown anything negative.
        #[test]
        fn counts_by_kind_read_as_the_definitions(pages in proptest::collection::vec((-3i8..3, any::<bool>()), 0..200)) {
            let mut counts = [0u64; KINDS];
            for &(a, f) in &pages {
                counts[kind(a, f)] += 1;
            }
            let acc = Acc::of_kinds(&counts);
            prop_assert_eq!(acc.pages, pages.len() as u64);
            prop_assert_eq!(acc.yes, pages.iter().filter(|p| p.0 >= 1).count() as u64);
            prop_assert_eq!(acc.no, pages.iter().filter(|p| p.0 == 0).count() as u64);
            prop_assert_eq!(acc.flapping, pages.iter().filter(|p| p.1).count() as u64);
        }
    }
}
