//! Burnout indicators: on-call load per person against published limits, rotation balance, and
//! a risk flag that says why.
//!
//! | indicator | limit (default) | source |
//! |---|---|---|
//! | interruptions per 12 hours on call | 2 | Google SRE book, "Being On-Call": an incident takes ~6 h to handle, so at most 2 per 12-hour shift |
//! | 12-hour blocks of on-call time over that ceiling | more than 2 in the window | the same ceiling, shift by shift |
//! | share of the window on call | 25 % | the SRE book's cap on on-call time |
//! | consecutive local days with on-call time | 8 (a weekly rotation touches 8 dates) | — |
//! | sleep-hour interruptions per week of the window | 1 | PagerDuty operational reviews track sleep interruptions |
//! | off-hour interruptions per week of the window | 3 | — |
//! | weekend and holiday on-call hours | 1.5 × the team's mean | — |
//!
//! A person exceeding one limit is at `elevated` risk, two or more at `high` risk; every limit
//! exceeded is listed as a reason with the value and the limit. All limits are settings.
//!
//! **Rotation balance** is the Gini coefficient ([`gini`](super::gini())) of on-call hours and of
//! interruptions over everyone listed in `people` and everyone paged or on call: 0 is a perfectly
//! even rotation.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::gini::gini;
use super::hours::{split_interval, Split, WorkingHours};
use super::people::Roster;
use super::walk::Walk;
use super::{MetricsError, OnCall, ReportWindow};
use crate::time::Zone;

fn two() -> f64 {
    2.0
}
fn two_blocks() -> u64 {
    2
}
fn quarter() -> f64 {
    0.25
}
fn eight() -> u64 {
    8
}
fn one() -> f64 {
    1.0
}
fn three() -> f64 {
    3.0
}
fn one_and_a_half() -> f64 {
    1.5
}

/// The limits a person's load is compared with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct BurnoutThresholds {
    /// Interruptions per 12 hours on call (the SRE ceiling), default 2.
    #[serde(default = "two")]
    pub interruptions_per_12h: f64,
    /// 12-hour blocks over that ceiling tolerated in the window, default 2.
    #[serde(default = "two_blocks")]
    pub blocks_over_ceiling: u64,
    /// Share of the window on call, default 0.25.
    #[serde(default = "quarter")]
    pub oncall_share: f64,
    /// Consecutive local days with on-call time, default 8.
    #[serde(default = "eight")]
    pub consecutive_days: u64,
    /// Sleep-hour interruptions per week of the window, default 1.
    #[serde(default = "one")]
    pub sleep_interruptions_per_week: f64,
    /// Off-hour interruptions per week of the window, default 3.
    #[serde(default = "three")]
    pub off_hours_interruptions_per_week: f64,
    /// Weekend and holiday on-call hours, as a multiple of the team's mean, default 1.5.
    #[serde(default = "one_and_a_half")]
    pub weekend_holiday_vs_mean: f64,
}

impl Default for BurnoutThresholds {
    fn default() -> Self {
        BurnoutThresholds {
            interruptions_per_12h: two(),
            blocks_over_ceiling: two_blocks(),
            oncall_share: quarter(),
            consecutive_days: eight(),
            sleep_interruptions_per_week: one(),
            off_hours_interruptions_per_week: three(),
            weekend_holiday_vs_mean: one_and_a_half(),
        }
    }
}

impl BurnoutThresholds {
    /// Checks the limits (finite, positive; the share at most 1).
    pub fn validate(&self) -> Result<(), MetricsError> {
        for (name, v) in [
            ("interruptions_per_12h", self.interruptions_per_12h),
            ("oncall_share", self.oncall_share),
            (
                "sleep_interruptions_per_week",
                self.sleep_interruptions_per_week,
            ),
            (
                "off_hours_interruptions_per_week",
                self.off_hours_interruptions_per_week,
            ),
            ("weekend_holiday_vs_mean", self.weekend_holiday_vs_mean),
        ] {
            if !v.is_finite() || v < 0.0 {
                return Err(MetricsError::setting(
                    format!("thresholds.{name}"),
                    format!("{v} is not a finite, non-negative number"),
                ));
            }
        }
        if self.oncall_share > 1.0 {
            return Err(MetricsError::setting(
                "thresholds.oncall_share",
                format!(
                    "{} is a share: give a number from 0 to 1 (0.25 = 25 %)",
                    self.oncall_share
                ),
            ));
        }
        Ok(())
    }
}

/// How worried to be about a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", schemars(rename = "MetricsRiskLevel"))]
pub enum RiskLevel {
    /// Within every limit.
    None,
    /// One limit exceeded.
    Elevated,
    /// Two or more limits exceeded.
    High,
}

/// One limit a person exceeded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "MetricsRiskReason"))]
pub struct RiskReason {
    /// Stable code: `over_sre_ceiling`, `ceiling_breaches`, `oncall_share`,
    /// `consecutive_days`, `sleep_interruptions`, `off_hours_interruptions`,
    /// `weekend_holiday_load`.
    pub code: String,
    /// The person's value.
    pub value: f64,
    /// The limit.
    pub limit: f64,
    /// In words.
    pub message: String,
}

/// One person's load.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PersonBurnout {
    /// Who.
    pub person: String,
    /// Display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Their zone.
    pub zone: Zone,
    /// Hours on call in the window.
    pub oncall_hours: f64,
    /// `oncall_hours ÷` the window's hours.
    pub oncall_share: f64,
    /// On-call shifts (contiguous stretches).
    pub shifts: u64,
    /// Pages.
    pub pages: u64,
    /// Interruptions.
    pub interruptions: u64,
    /// Interruptions while on call per 12 hours on call (`null` without on-call time).
    pub interruptions_per_12h: Option<f64>,
    /// 12-hour blocks of on-call time with more interruptions than the ceiling.
    pub blocks_over_ceiling: u64,
    /// The most interruptions in one shift.
    pub busiest_shift_interruptions: u64,
    /// The longest run of consecutive local dates with on-call time.
    pub longest_consecutive_days: u64,
    /// On-call hours on weekdays' business hours.
    pub weekday_hours: f64,
    /// On-call hours on weekdays outside business hours.
    pub weeknight_hours: f64,
    /// On-call hours on non-business days.
    pub weekend_hours: f64,
    /// On-call hours on their holidays.
    pub holiday_hours: f64,
    /// Interruptions on non-business days.
    pub weekend_interruptions: u64,
    /// Interruptions on their holidays.
    pub holiday_interruptions: u64,
    /// Interruptions in off hours.
    pub off_hours_interruptions: u64,
    /// Interruptions in sleep hours.
    pub sleep_interruptions: u64,
    /// The flag.
    pub risk: RiskLevel,
    /// Why.
    pub reasons: Vec<RiskReason>,
}

/// How evenly the rotation shares the load.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename = "MetricsBalance"))]
pub struct Balance {
    /// People compared.
    pub people: u64,
    /// Gini of on-call hours (0 = even).
    pub oncall_hours_gini: f64,
    /// Gini of interruptions (0 = even).
    pub interruptions_gini: f64,
    /// Mean on-call hours.
    pub mean_oncall_hours: f64,
    /// Most on-call hours of anyone.
    pub max_oncall_hours: f64,
}

/// Burnout indicators of a window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BurnoutReport {
    /// The limits used.
    pub thresholds: BurnoutThresholds,
    /// Hours in the window.
    pub window_hours: f64,
    /// People at elevated or high risk.
    pub at_risk: u64,
    /// Everyone, highest risk first.
    pub people: Vec<PersonBurnout>,
    /// Rotation balance.
    pub balance: Balance,
}

/// One person's on-call time, split and by day.
#[derive(Debug, Clone, Default)]
pub(crate) struct PersonTime {
    pub(crate) split: Split,
    pub(crate) days: BTreeSet<i64>,
}

/// Everyone's on-call time, read on their own clocks.
pub(crate) fn person_times(
    roster: &Roster,
    oncall: &OnCall,
    hours: &WorkingHours,
) -> Result<Vec<PersonTime>, MetricsError> {
    roster
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let mut t = PersonTime::default();
            for &(a, b) in oncall.of(i as u32) {
                let s = split_interval(hours, m.zone, &m.holidays, a, b, |d, _| {
                    t.days.insert(d);
                })?;
                t.split.add(&s);
            }
            Ok(t)
        })
        .collect()
}

fn longest_run(days: &BTreeSet<i64>) -> u64 {
    let (mut best, mut run, mut prev) = (0u64, 0u64, None::<i64>);
    for &d in days {
        run = if prev == Some(d - 1) { run + 1 } else { 1 };
        best = best.max(run);
        prev = Some(d);
    }
    best
}

fn h(seconds: i64) -> f64 {
    seconds as f64 / 3600.0
}

impl BurnoutReport {
    pub(crate) fn compute(
        window: &ReportWindow,
        roster: &Roster,
        oncall: &OnCall,
        walk: &Walk,
        times: &[PersonTime],
        th: &BurnoutThresholds,
    ) -> BurnoutReport {
        let window_seconds = window.seconds().max(1);
        let weeks = window_seconds as f64 / 604_800.0;
        let mut people = Vec::new();
        for (i, m) in roster.members.iter().enumerate() {
            let p = walk.people.get(i).cloned().unwrap_or_default();
            let t = times.get(i).cloned().unwrap_or_default();
            let secs = oncall.seconds(i as u32);
            if !m.listed && secs == 0 && p.pages == 0 {
                continue;
            }
            people.push(PersonBurnout {
                person: m.id.clone(),
                name: m.name.clone(),
                zone: m.zone,
                oncall_hours: h(secs),
                oncall_share: secs as f64 / window_seconds as f64,
                shifts: oncall.of(i as u32).len() as u64,
                pages: p.pages,
                interruptions: p.interruptions,
                interruptions_per_12h: (secs > 0)
                    .then(|| p.on_shift_interruptions as f64 / (secs as f64 / 43_200.0)),
                blocks_over_ceiling: p.blocks_over_ceiling,
                busiest_shift_interruptions: p.busiest_stretch,
                longest_consecutive_days: longest_run(&t.days),
                weekday_hours: h(t.split.weekday),
                weeknight_hours: h(t.split.weeknight),
                weekend_hours: h(t.split.weekend),
                holiday_hours: h(t.split.holiday),
                weekend_interruptions: p.weekend,
                holiday_interruptions: p.holiday,
                off_hours_interruptions: p.by_class[1],
                sleep_interruptions: p.by_class[2],
                risk: RiskLevel::None,
                reasons: Vec::new(),
            });
        }
        let on_call: Vec<&PersonBurnout> = people.iter().filter(|p| p.oncall_hours > 0.0).collect();
        let mean_weekend = if on_call.len() >= 2 {
            Some(
                on_call
                    .iter()
                    .map(|p| p.weekend_hours + p.holiday_hours)
                    .sum::<f64>()
                    / on_call.len() as f64,
            )
        } else {
            None
        };
        for p in &mut people {
            let mut reasons = Vec::new();
            let mut check = |code: &str, value: f64, limit: f64, message: String| {
                if value > limit {
                    reasons.push(RiskReason {
                        code: code.to_string(),
                        value,
                        limit,
                        message,
                    });
                }
            };
            if let Some(rate) = p.interruptions_per_12h {
                check(
                    "over_sre_ceiling",
                    rate,
                    th.interruptions_per_12h,
                    format!(
                        "{rate:.2} interruptions per 12 h on call, over the ceiling of {}",
                        th.interruptions_per_12h
                    ),
                );
            }
            check(
                "ceiling_breaches",
                p.blocks_over_ceiling as f64,
                th.blocks_over_ceiling as f64,
                format!(
                    "{} twelve-hour blocks on call had more than {} interruptions",
                    p.blocks_over_ceiling, th.interruptions_per_12h
                ),
            );
            check(
                "oncall_share",
                p.oncall_share,
                th.oncall_share,
                format!(
                    "on call {:.0} % of the time, over {:.0} %",
                    p.oncall_share * 100.0,
                    th.oncall_share * 100.0
                ),
            );
            check(
                "consecutive_days",
                p.longest_consecutive_days as f64,
                th.consecutive_days as f64,
                format!(
                    "on call {} days in a row, over {}",
                    p.longest_consecutive_days, th.consecutive_days
                ),
            );
            let sleep = p.sleep_interruptions as f64 / weeks;
            check(
                "sleep_interruptions",
                sleep,
                th.sleep_interruptions_per_week,
                format!(
                    "{} sleep-hour interruptions ({sleep:.1} a week, over {})",
                    p.sleep_interruptions, th.sleep_interruptions_per_week
                ),
            );
            let off = p.off_hours_interruptions as f64 / weeks;
            check(
                "off_hours_interruptions",
                off,
                th.off_hours_interruptions_per_week,
                format!(
                    "{} off-hour interruptions ({off:.1} a week, over {})",
                    p.off_hours_interruptions, th.off_hours_interruptions_per_week
                ),
            );
            if let Some(mean) = mean_weekend.filter(|&m| m > 0.0) {
                let load = (p.weekend_hours + p.holiday_hours) / mean;
                check(
                    "weekend_holiday_load",
                    load,
                    th.weekend_holiday_vs_mean,
                    format!(
                        "{:.0} weekend and holiday hours on call, {load:.1} × the team's mean",
                        p.weekend_hours + p.holiday_hours
                    ),
                );
            }
            p.risk = match reasons.len() {
                0 => RiskLevel::None,
                1 => RiskLevel::Elevated,
                _ => RiskLevel::High,
            };
            p.reasons = reasons;
        }
        people.sort_by(|a, b| {
            b.risk
                .cmp(&a.risk)
                .then_with(|| b.reasons.len().cmp(&a.reasons.len()))
                .then_with(|| b.interruptions.cmp(&a.interruptions))
                .then_with(|| a.person.cmp(&b.person))
        });
        let hours: Vec<f64> = people.iter().map(|p| p.oncall_hours).collect();
        let interruptions: Vec<f64> = people.iter().map(|p| p.interruptions as f64).collect();
        let n = people.len();
        BurnoutReport {
            thresholds: th.clone(),
            window_hours: h(window_seconds),
            at_risk: people.iter().filter(|p| p.risk != RiskLevel::None).count() as u64,
            balance: Balance {
                people: n as u64,
                oncall_hours_gini: gini(&hours),
                interruptions_gini: gini(&interruptions),
                mean_oncall_hours: if n > 0 {
                    hours.iter().sum::<f64>() / n as f64
                } else {
                    0.0
                },
                max_oncall_hours: hours.iter().copied().fold(0.0, f64::max),
            },
            people,
        }
    }
}
