//! Response metrics: time to acknowledge, mitigate, resolve and detect, with percentiles, by
//! severity, service, team, week and month, and DORA's daily time to restore.
//!
//! | metric | from → to | left out |
//! |---|---|---|
//! | time to acknowledge (MTTA) | triggered → first acknowledgement | never acknowledged; acknowledged before the trigger or after the resolution |
//! | time to mitigate | triggered → mitigated (the resolution when no mitigation is recorded) | neither; before the trigger; mitigated after the resolution |
//! | time to resolve (MTTR) | triggered → resolved | still open; resolved before the trigger |
//! | time to detect | impact started → triggered | impact start unknown, or after the trigger |
//!
//! as PagerDuty Analytics defines MTTA and MTTR (un-acknowledged incidents out of MTTA,
//! unresolved ones out of MTTR). Only incidents **triggered in the window** count, and declined,
//! merged and test incidents are left out of everything and counted separately. Each metric
//! reports count, mean, p50, p90, p95 and max ([`DurationStats`]).
//!
//! **Time to restore** (DORA, as the Four Keys project computes it) is, for each day on which
//! resolved incidents were triggered, the median of their `resolved − triggered` in whole
//! minutes (truncated).
//!
//! The work is one pass to gather durations, one radix sort per metric, and one pass over the
//! sorted values that feeds every breakdown at once (`Grouped`): no breakdown re-sorts.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::counted::{
    Counted, ExcludedCounts, DAY, DIMS, MONTH, SERVICE, SEVERITY, STORED, TEAM, WEEK,
};
use super::period::{Calendar, Period};
use super::quality::{DataQuality, FindingLevel};
use super::sort::radix_sort_with;
use super::stats::{lerp, DurationStats, Grouped, Quantile, QUANTILES};
use super::table::{get_i64, IncidentTable, MISSING, NO_KEY};
use crate::time::format_instant;

/// The four durations of a set of incidents.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MetricSet {
    /// Triggered → first acknowledgement (MTTA is its mean).
    pub time_to_acknowledge: DurationStats,
    /// Triggered → mitigated.
    pub time_to_mitigate: DurationStats,
    /// Triggered → resolved (MTTR is its mean).
    pub time_to_resolve: DurationStats,
    /// Impact started → triggered.
    pub time_to_detect: DurationStats,
}

/// The metrics of the incidents sharing one key (a severity, a service, a team).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KeyedMetrics {
    /// The key.
    pub key: String,
    /// Counted incidents with this key.
    pub incidents: u64,
    /// Their durations.
    pub metrics: MetricSet,
}

/// The metrics of the incidents triggered in one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PeriodMetrics {
    /// The period.
    pub period: Period,
    /// Counted incidents triggered in it.
    pub incidents: u64,
    /// Their durations.
    pub metrics: MetricSet,
}

/// DORA time to restore for one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DailyRestore {
    /// The day (in the report's zone) the incidents were triggered.
    pub date: NaiveDate,
    /// Resolved incidents triggered that day.
    pub incidents: u64,
    /// Median of their whole minutes from trigger to resolution.
    pub median_minutes: f64,
}

/// How many incidents the response metrics saw, and why some were left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ResponseCounts {
    /// Triggered in the window (counted or excluded).
    pub triggered: u64,
    /// Counted: triggered in the window and not excluded.
    pub counted: u64,
    /// Left out of every metric, by reason.
    pub excluded: ExcludedCounts,
    /// Counted but never acknowledged (not in time to acknowledge).
    pub unacknowledged: u64,
    /// Counted but not resolved (not in time to resolve).
    pub open: u64,
    /// Counted values dropped as impossible (see data quality).
    pub invalid: u64,
    /// Rows triggered outside the window (ignored).
    pub outside_window: u64,
}

/// Response metrics of a window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ResponseMetrics {
    /// What was counted.
    pub counts: ResponseCounts,
    /// All counted incidents.
    pub overall: MetricSet,
    /// By severity (sorted by severity id).
    pub by_severity: Vec<KeyedMetrics>,
    /// By service (sorted by name).
    pub by_service: Vec<KeyedMetrics>,
    /// By team (sorted by name).
    pub by_team: Vec<KeyedMetrics>,
    /// By ISO week of the trigger, every week of the window (empty weeks have `null` statistics).
    pub weekly: Vec<PeriodMetrics>,
    /// By month of the trigger, every month of the window.
    pub monthly: Vec<PeriodMetrics>,
    /// DORA time to restore, per day with resolved incidents.
    pub time_to_restore_daily: Vec<DailyRestore>,
}

/// Count and sum of one key's values: what needs no order (the maximum is the last value of
/// the sorted pass).
#[derive(Debug, Clone, Copy, Default)]
struct Agg {
    n: u64,
    sum: i64,
}

impl Agg {
    #[inline]
    fn add(&mut self, v: i64) {
        self.n += 1;
        self.sum = self.sum.saturating_add(v);
    }

    fn merge(&mut self, o: &Agg) {
        self.n += o.n;
        self.sum = self.sum.saturating_add(o.sum);
    }
}

/// The most bits a duration takes: every instant is at most `MAX_EPOCH_SECONDS` (below 2³⁸)
/// and durations are never negative.
const VALUE_BITS: u32 = 38;
const _: () = assert!(super::limits::MAX_EPOCH_SECONDS < 1 << VALUE_BITS);

/// How the stored keys of a counted incident fit in a few bits: each dimension takes the bits
/// of its size, and the value `size` stands for "no key". Sorting `(seconds << bits) | packed
/// keys` instead of `(seconds << row_bits) | row` puts each value's keys next to it, so the pass
/// over the sorted values reads no table at random.
struct Packing {
    shift: [u32; STORED],
    size: [u64; STORED],
    bits: u32,
}

impl Packing {
    fn new(sizes: &[usize; DIMS]) -> Packing {
        let mut p = Packing {
            shift: [0; STORED],
            size: [0; STORED],
            bits: 0,
        };
        for d in 0..STORED {
            let size = sizes.get(d).copied().unwrap_or(0) as u64;
            p.shift[d] = p.bits;
            p.size[d] = size;
            p.bits += 64 - size.leading_zeros();
        }
        p
    }

    #[inline]
    fn pack(&self, keys: &[u32; STORED]) -> u64 {
        keys.iter()
            .zip(self.size.iter().zip(self.shift.iter()))
            .fold(0, |out, (&k, (&size, &shift))| {
                out | (u64::from(k).min(size) << shift)
            })
    }

    #[inline]
    fn unpack(&self, packed: u64) -> [u32; STORED] {
        std::array::from_fn(|d| {
            let width = self.shift.get(d + 1).copied().unwrap_or(self.bits) - self.shift[d];
            let k = (packed >> self.shift[d]) & ((1u64 << width) - 1);
            if k >= self.size[d] {
                NO_KEY
            } else {
                k as u32
            }
        })
    }
}

/// One metric's values — `(seconds << packing bits) | packed keys` when the keys fit next to
/// any duration, else `(seconds << row_bits) | counted index` — to be sorted, and the
/// order-free parts of its statistics per stored key (week and month are summed from days).
struct Gather {
    keys: Vec<u64>,
    /// The keys' packing, when every key is packed next to its value (see [`VALUE_BITS`]).
    packing: Option<Packing>,
    aggs: [Vec<Agg>; STORED],
    all: Agg,
    /// Whether per-day statistics are wanted (DORA's time to restore).
    daily: bool,
}

impl Gather {
    fn new(sizes: &[usize; DIMS], capacity: usize, daily: bool, pack: bool) -> Gather {
        let packing = Packing::new(sizes);
        Gather {
            keys: Vec::with_capacity(capacity),
            packing: (pack && packing.bits + VALUE_BITS <= 64).then_some(packing),
            aggs: std::array::from_fn(|d| vec![Agg::default(); sizes.get(d).copied().unwrap_or(0)]),
            all: Agg::default(),
            daily,
        }
    }

    #[inline]
    fn push(&mut self, seconds: i64, j: usize, row_bits: u32, keys: &[u32; STORED]) {
        self.keys.push(match &self.packing {
            Some(p) => ((seconds as u64) << p.bits) | p.pack(keys),
            None => ((seconds as u64) << row_bits) | j as u64,
        });
        self.all.add(seconds);
        for (aggs, &g) in self.aggs.iter_mut().zip(keys.iter()) {
            if let Some(a) = aggs.get_mut(g as usize) {
                a.add(seconds);
            }
        }
    }

    /// Overall and per-key statistics (the day dimension only when `daily`), and per-day
    /// statistics of whole minutes when `daily`.
    fn finish(
        mut self,
        c: &Counted,
        row_bits: u32,
        scratch: &mut Vec<u64>,
    ) -> (
        DurationStats,
        [Vec<DurationStats>; DIMS],
        Vec<DurationStats>,
    ) {
        // Weeks and months from days.
        let fold = |map: &[u32], size: usize, days: &[Agg]| {
            let mut out = vec![Agg::default(); size];
            for (d, a) in days.iter().enumerate() {
                if let Some(o) = map.get(d).and_then(|&p| out.get_mut(p as usize)) {
                    o.merge(a);
                }
            }
            out
        };
        let days = self.aggs.get(DAY).cloned().unwrap_or_default();
        let all_aggs: [Vec<Agg>; DIMS] = std::array::from_fn(|d| match d {
            WEEK => fold(&c.day_week, c.sizes[WEEK], &days),
            MONTH => fold(&c.day_month, c.sizes[MONTH], &days),
            d => self.aggs.get(d).cloned().unwrap_or_default(),
        });
        let counts: [Vec<u64>; DIMS] =
            std::array::from_fn(|d| all_aggs[d].iter().map(|a| a.n).collect());
        let mask = (1u64 << row_bits) - 1;
        let packing = self.packing.take();
        let (low, low_mask) = match &packing {
            Some(p) => (p.bits, (1u64 << p.bits) - 1),
            None => (row_bits, mask),
        };
        radix_sort_with(&mut self.keys, scratch, low);
        let daily = self.daily;
        let counts_of = |d: usize| -> &[u64] {
            match counts.get(d) {
                Some(c) if d != DAY || daily => c,
                _ => &[],
            }
        };
        let mut groups: Vec<Grouped> = (0..DIMS).map(|d| Grouped::new(counts_of(d))).collect();
        let mut minutes = Grouped::new(if daily { counts_of(DAY) } else { &[] });
        // The keys of each value's incident are a random access: gather them a batch at a time
        // in a tight loop, so the processor overlaps the cache misses, then use them.
        const BATCH: usize = 128;
        let mut batch = [[NO_KEY; STORED]; BATCH];
        for chunk in self.keys.chunks(BATCH) {
            for (slot, &k) in batch.iter_mut().zip(chunk) {
                *slot = if let Some(packing) = &packing {
                    packing.unpack(k & low_mask)
                } else {
                    c.keys
                        .get((k & mask) as usize)
                        .copied()
                        .unwrap_or([NO_KEY; STORED])
                };
            }
            for (&k, row_keys) in chunk.iter().zip(batch.iter()) {
                let v = (k >> low) as i64;
                for (d, g) in groups.iter_mut().enumerate() {
                    let key = c.key(row_keys, d);
                    if key != NO_KEY {
                        g.push(key, v);
                    }
                }
                if daily {
                    minutes.push(row_keys[DAY], v.div_euclid(60));
                }
            }
        }
        let per: [Vec<DurationStats>; DIMS] = std::array::from_fn(|d| {
            groups
                .get(d)
                .map(|g| {
                    let aggs = all_aggs.get(d).map_or(&[][..], Vec::as_slice);
                    let sums: Vec<i64> = aggs.iter().map(|a| a.sum).collect();
                    g.finish(&sums)
                })
                .unwrap_or_default()
        });
        let value = |i: u64| self.keys.get(i as usize).map_or(0, |&k| (k >> low) as i64);
        let overall = if self.all.n == 0 {
            DurationStats::default()
        } else {
            let p = |q: Quantile| {
                let (lo, hi, f) = q.ranks(self.all.n);
                Some(lerp(value(lo), value(hi), f))
            };
            DurationStats {
                count: self.all.n,
                mean_seconds: Some(self.all.sum as f64 / self.all.n as f64),
                p50_seconds: p(QUANTILES[0]),
                p90_seconds: p(QUANTILES[1]),
                p95_seconds: p(QUANTILES[2]),
                max_seconds: Some(value(self.all.n - 1)),
            }
        };
        (overall, per, minutes.finish(&[]))
    }
}

fn stat(v: &[DurationStats], g: usize) -> DurationStats {
    v.get(g).copied().unwrap_or_default()
}

impl ResponseMetrics {
    /// Computes the response metrics of the counted incidents, recording impossible values in
    /// `dq`.
    pub(crate) fn compute(
        t: &IncidentTable,
        counted: &Counted,
        cal: &Calendar,
        dq: &mut DataQuality,
    ) -> ResponseMetrics {
        Self::compute_with(t, counted, cal, dq, true)
    }

    /// [`compute`](Self::compute), packing keys next to values only when `allow_packing` (the
    /// tests compare both ways).
    fn compute_with(
        t: &IncidentTable,
        counted: &Counted,
        cal: &Calendar,
        dq: &mut DataQuality,
        allow_packing: bool,
    ) -> ResponseMetrics {
        let n = counted.len();
        let row_bits = (usize::BITS - n.leading_zeros()).max(1);
        let mut ack = Gather::new(&counted.sizes, n, false, allow_packing);
        let mut mit = Gather::new(&counted.sizes, n, false, allow_packing);
        let mut res = Gather::new(&counted.sizes, n, true, allow_packing);
        let mut det = Gather::new(&counted.sizes, 0, false, allow_packing);
        let mut counts = ResponseCounts {
            triggered: counted.triggered,
            counted: n as u64,
            excluded: counted.excluded,
            outside_window: counted.outside,
            ..ResponseCounts::default()
        };
        let when = |s: i64| {
            chrono::DateTime::from_timestamp(s, 0)
                .map(format_instant)
                .unwrap_or_default()
        };
        for (j, (&row, keys)) in counted.rows.iter().zip(counted.keys.iter()).enumerate() {
            let i = row as usize;
            let trig = get_i64(&t.trig, i);
            let (a, m, r, imp) = (
                get_i64(&t.ack, i),
                get_i64(&t.mitig, i),
                get_i64(&t.resolved, i),
                get_i64(&t.impact, i),
            );
            let mut invalid = false;
            if r == MISSING {
                counts.open += 1;
            } else if r < trig {
                invalid = true;
                dq.add("resolve_before_trigger", FindingLevel::Error, || t.label(i), || {
                    format!("resolved at {} before it was triggered at {}; left out of time to resolve", when(r), when(trig))
                });
            } else {
                res.push(r - trig, j, row_bits, keys);
            }
            if a == MISSING {
                counts.unacknowledged += 1;
            } else if a < trig {
                invalid = true;
                dq.add("ack_before_trigger", FindingLevel::Error, || t.label(i), || {
                    format!("acknowledged at {} before it was triggered at {}; left out of time to acknowledge", when(a), when(trig))
                });
            } else if r != MISSING && r >= trig && a > r {
                invalid = true;
                dq.add("ack_after_resolve", FindingLevel::Warning, || t.label(i), || {
                    format!("first acknowledged at {}, after it was resolved at {}; left out of time to acknowledge", when(a), when(r))
                });
            } else {
                ack.push(a - trig, j, row_bits, keys);
            }
            if m != MISSING {
                if m < trig {
                    invalid = true;
                    dq.add("mitigate_before_trigger", FindingLevel::Error, || t.label(i), || {
                        format!("mitigated at {} before it was triggered at {}; left out of time to mitigate", when(m), when(trig))
                    });
                } else if r != MISSING && r >= trig && m > r {
                    invalid = true;
                    dq.add("mitigate_after_resolve", FindingLevel::Warning, || t.label(i), || {
                        format!("mitigated at {}, after it was resolved at {}; left out of time to mitigate", when(m), when(r))
                    });
                } else {
                    mit.push(m - trig, j, row_bits, keys);
                }
            } else if r != MISSING && r >= trig {
                mit.push(r - trig, j, row_bits, keys);
            }
            if imp != MISSING && imp <= trig {
                det.push(trig - imp, j, row_bits, keys);
            }
            counts.invalid += u64::from(invalid);
        }
        let mut scratch = Vec::new();
        let (ack_all, ack_per, _) = ack.finish(counted, row_bits, &mut scratch);
        let (mit_all, mit_per, _) = mit.finish(counted, row_bits, &mut scratch);
        let (res_all, res_per, res_days) = res.finish(counted, row_bits, &mut scratch);
        let (det_all, det_per, _) = det.finish(counted, row_bits, &mut scratch);
        let set = |d: usize, g: usize| MetricSet {
            time_to_acknowledge: stat(&ack_per[d], g),
            time_to_mitigate: stat(&mit_per[d], g),
            time_to_resolve: stat(&res_per[d], g),
            time_to_detect: stat(&det_per[d], g),
        };
        let keyed = |d: usize, names: &[String]| -> Vec<KeyedMetrics> {
            let per = counted.per_key(d);
            let mut out: Vec<KeyedMetrics> = per
                .iter()
                .enumerate()
                .filter(|(_, &c)| c > 0)
                .map(|(g, &c)| KeyedMetrics {
                    key: names.get(g).cloned().unwrap_or_default(),
                    incidents: c,
                    metrics: set(d, g),
                })
                .collect();
            out.sort_by(|a, b| natural_cmp(&a.key, &b.key));
            out
        };
        let periods = |d: usize, list: &[Period]| -> Vec<PeriodMetrics> {
            let per = counted.per_key(d);
            list.iter()
                .enumerate()
                .map(|(g, p)| PeriodMetrics {
                    period: p.clone(),
                    incidents: per.get(g).copied().unwrap_or(0),
                    metrics: set(d, g),
                })
                .collect()
        };
        let time_to_restore_daily = res_days
            .iter()
            .enumerate()
            .filter(|(_, s)| s.count > 0)
            .filter_map(|(d, s)| {
                Some(DailyRestore {
                    date: *cal.dates.get(d)?,
                    incidents: s.count,
                    median_minutes: s.p50_seconds?,
                })
            })
            .collect();
        ResponseMetrics {
            counts,
            overall: MetricSet {
                time_to_acknowledge: ack_all,
                time_to_mitigate: mit_all,
                time_to_resolve: res_all,
                time_to_detect: det_all,
            },
            by_severity: keyed(SEVERITY, &t.severities.names),
            by_service: keyed(SERVICE, &t.services.names),
            by_team: keyed(TEAM, &t.teams.names),
            weekly: periods(WEEK, &cal.weeks),
            monthly: periods(MONTH, &cal.months),
            time_to_restore_daily,
        }
    }
}

/// Orders `SEV-2` before `SEV-10`: runs of digits compare as numbers.
pub(crate) fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (mut x, mut y) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (x.peek().copied(), y.peek().copied()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let mut n = String::new();
                while let Some(c) = x.peek().copied().filter(char::is_ascii_digit) {
                    n.push(c);
                    x.next();
                }
                let mut m = String::new();
                while let Some(d) = y.peek().copied().filter(char::is_ascii_digit) {
                    m.push(d);
                    y.next();
                }
                let (n, m) = (n.trim_start_matches('0'), m.trim_start_matches('0'));
                let o = n.len().cmp(&m.len()).then_with(|| n.cmp(m));
                if o != std::cmp::Ordering::Equal {
                    return o;
                }
            }
            (Some(c), Some(d)) => {
                if c != d {
                    return c.cmp(&d);
                }
                x.next();
                y.next();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::{IncidentColumns, ReportWindow};
    use proptest::prelude::*;

    fn opt(v: Vec<i64>) -> Vec<Option<i64>> {
        v.into_iter().map(|x| (x >= 0).then_some(x)).collect()
    }

    proptest! {
        /// Packing the keys next to the values is only a faster route: the answers are those
        /// of reading each value's keys from the table.
        #[test]
        fn packed_keys_give_the_answers_of_the_table(
            rows in proptest::collection::vec(
                (0i64..30 * 86_400, -1i64..7_200, -1i64..400_000, -1i64..3_600, -1i64..4, -1i64..300, -1i64..5),
                1..600,
            )
        ) {
            let start = 1_767_225_600; // 2026-01-01T00:00:00Z
            let trig: Vec<i64> = rows.iter().map(|r| start + r.0).collect();
            let after = |d: i64, t: i64| if d < 0 { -1 } else { t + d };
            let c = IncidentColumns {
                triggered_at: trig.clone(),
                acknowledged_at: opt(rows.iter().zip(&trig).map(|(r, &t)| after(r.1, t)).collect()),
                resolved_at: opt(rows.iter().zip(&trig).map(|(r, &t)| after(r.2, t)).collect()),
                impact_started_at: opt(rows.iter().zip(&trig).map(|(r, &t)| if r.3 < 0 { -1 } else { t - r.3 }).collect()),
                severity: rows.iter().map(|r| r.4).collect(),
                severities: (1..=4).map(|i| format!("SEV-{i}")).collect(),
                service: rows.iter().map(|r| r.5).collect(),
                services: (0..300).map(|i| format!("svc-{i}")).collect(),
                team: rows.iter().map(|r| r.6).collect(),
                teams: (0..5).map(|i| format!("team-{i}")).collect(),
                ..IncidentColumns::default()
            };
            let mut dq = DataQuality::default();
            let table = IncidentTable::from_columns(c, &mut dq).unwrap();
            let window = ReportWindow {
                start: chrono::DateTime::from_timestamp(start, 0).unwrap(),
                end: chrono::DateTime::from_timestamp(start + 31 * 86_400, 0).unwrap(),
                zone: crate::time::Zone::parse("Europe/London").unwrap(),
            };
            let cal = Calendar::new(&window).unwrap();
            let counted = Counted::new(&table, &cal);
            let packed = ResponseMetrics::compute_with(&table, &counted, &cal, &mut dq.clone(), true);
            let rows_read = ResponseMetrics::compute_with(&table, &counted, &cal, &mut dq, false);
            prop_assert_eq!(packed, rows_read);
        }
    }
}
