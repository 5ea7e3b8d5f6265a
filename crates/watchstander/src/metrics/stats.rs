//! Summary statistics of durations: count, mean, p50, p90, p95 and max.
//!
//! Percentiles interpolate linearly between the two nearest ranks — with `n` sorted values
//! `x[0] ≤ … ≤ x[n-1]`, the `p`-th percentile is `x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])` where
//! `h = (n − 1)·p` — the definition numpy, pandas and most spreadsheets use by default ("type 7"
//! of Hyndman & Fan), so the numbers match what an SRE gets from a notebook. The rank is
//! computed in exact integer arithmetic (p is 1/2, 9/10, 19/20), so there is no rounding at the
//! rank boundaries. An empty set has no mean and no percentiles (`null`), never `NaN`.
//!
//! ```
//! use watchstander::metrics::DurationStats;
//! let s = DurationStats::of(&[60, 120, 180, 240, 3600]);
//! assert_eq!(s.count, 5);
//! assert_eq!(s.p50_seconds, Some(180.0));
//! assert_eq!(s.p90_seconds, Some(2256.0)); // h = 3.6: 240 + 0.6 × (3600 − 240)
//! assert_eq!(s.mean_seconds, Some(840.0));
//! assert_eq!(s.max_seconds, Some(3600));
//! assert_eq!(DurationStats::of(&[]).p50_seconds, None);
//! ```

use serde::{Deserialize, Serialize};

/// Count, mean, percentiles and maximum of a set of durations, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DurationStats {
    /// How many durations.
    pub count: u64,
    /// Arithmetic mean (`null` when empty).
    pub mean_seconds: Option<f64>,
    /// Median, linearly interpolated (`null` when empty).
    pub p50_seconds: Option<f64>,
    /// 90th percentile, linearly interpolated (`null` when empty).
    pub p90_seconds: Option<f64>,
    /// 95th percentile, linearly interpolated (`null` when empty).
    pub p95_seconds: Option<f64>,
    /// The longest (`null` when empty).
    pub max_seconds: Option<i64>,
}

/// A percentile as an exact fraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Quantile {
    num: u64,
    den: u64,
}

/// The 50th, 90th and 95th percentiles.
pub(crate) const QUANTILES: [Quantile; 3] = [
    Quantile { num: 1, den: 2 },
    Quantile { num: 9, den: 10 },
    Quantile { num: 19, den: 20 },
];

impl Quantile {
    /// `(lo, hi, fraction)`: the value is `x[lo] + fraction·(x[hi] − x[lo])`.
    pub(crate) fn ranks(self, n: u64) -> (u64, u64, f64) {
        let scaled = n.saturating_sub(1).saturating_mul(self.num);
        let lo = scaled / self.den;
        let rem = scaled % self.den;
        let hi = if rem == 0 { lo } else { lo + 1 };
        (lo, hi, rem as f64 / self.den as f64)
    }
}

pub(crate) fn lerp(a: i64, b: i64, f: f64) -> f64 {
    a as f64 + f * (b as f64 - a as f64)
}

/// The `q` percentile of sorted values (`None` when empty).
pub(crate) fn percentile_sorted(sorted: &[i64], q: Quantile) -> Option<f64> {
    let (lo, hi, f) = q.ranks(sorted.len() as u64);
    let a = *sorted.get(lo as usize)?;
    let b = *sorted.get(hi as usize)?;
    Some(lerp(a, b, f))
}

impl DurationStats {
    /// The statistics of `values` (in any order).
    pub fn of(values: &[i64]) -> DurationStats {
        let mut v = values.to_vec();
        v.sort_unstable();
        DurationStats::of_sorted(&v)
    }

    /// The statistics of values sorted ascending.
    pub(crate) fn of_sorted(sorted: &[i64]) -> DurationStats {
        let n = sorted.len() as u64;
        if n == 0 {
            return DurationStats::default();
        }
        let sum: i128 = sorted.iter().map(|&v| i128::from(v)).sum();
        DurationStats {
            count: n,
            mean_seconds: Some(sum as f64 / n as f64),
            p50_seconds: percentile_sorted(sorted, QUANTILES[0]),
            p90_seconds: percentile_sorted(sorted, QUANTILES[1]),
            p95_seconds: percentile_sorted(sorted, QUANTILES[2]),
            max_seconds: sorted.last().copied(),
        }
    }
}

/// Percentiles of many groups at once, fed with every value of every group in ascending
/// order: each value costs one comparison, whatever the number of groups. Counts, sums and
/// maxima do not need the order and are gathered by the caller.
#[derive(Debug, Clone)]
pub(crate) struct Grouped {
    /// Per group, `[seen, next]`: values seen so far, and the rank of the next value wanted
    /// (`u64::MAX` when done). Every value reads this pair, so it is kept apart from the rest
    /// and the pairs of all groups stay in the nearest cache.
    hot: Vec<[u64; 2]>,
    accs: Vec<Acc>,
}

/// The slot of [`Acc`] that keeps the last value of a group.
const MAX_SLOT: usize = 6;

#[derive(Debug, Clone, Default)]
struct Acc {
    /// Position in `wanted`.
    k: u8,
    /// `(rank, slot)` sorted by rank: slot `2q` and `2q + 1` are the low and high rank of
    /// quantile `q`; slot [`MAX_SLOT`] is the last rank (the maximum).
    wanted: [(u64, u8); 7],
    vals: [i64; 7],
    fracs: [f64; 3],
}

impl Grouped {
    /// Groups with `counts[g]` values each (the values still to come).
    pub(crate) fn new(counts: &[u64]) -> Grouped {
        let mut hot = Vec::with_capacity(counts.len());
        let accs = counts
            .iter()
            .map(|&n| {
                let mut a = Acc::default();
                for (q, quantile) in QUANTILES.iter().enumerate() {
                    let (lo, hi, f) = quantile.ranks(n);
                    if let Some(w) = a.wanted.get_mut(2 * q..2 * q + 2) {
                        w.copy_from_slice(&[(lo, 2 * q as u8), (hi, 2 * q as u8 + 1)]);
                    }
                    if let Some(fr) = a.fracs.get_mut(q) {
                        *fr = f;
                    }
                }
                a.wanted[MAX_SLOT] = (n.saturating_sub(1), MAX_SLOT as u8);
                a.wanted.sort_unstable();
                hot.push([0, if n == 0 { u64::MAX } else { a.wanted[0].0 }]);
                a
            })
            .collect();
        Grouped { hot, accs }
    }

    /// The next value of group `g` (values of one group must come in ascending order).
    #[inline]
    pub(crate) fn push(&mut self, g: u32, v: i64) {
        let Some(h) = self.hot.get_mut(g as usize) else {
            return;
        };
        let seen = h[0];
        h[0] = seen + 1;
        if seen == h[1] {
            h[1] = self
                .accs
                .get_mut(g as usize)
                .map_or(u64::MAX, |a| a.take(seen, v));
        }
    }

    /// The statistics of every group, given each group's sum (the mean is left out without
    /// it).
    pub(crate) fn finish(&self, sums: &[i64]) -> Vec<DurationStats> {
        self.accs
            .iter()
            .zip(self.hot.iter())
            .enumerate()
            .map(|(g, (a, h))| {
                let seen = h[0];
                if seen == 0 {
                    return DurationStats::default();
                }
                let p = |q: usize| {
                    let lo = a.vals.get(2 * q).copied().unwrap_or(0);
                    let hi = a.vals.get(2 * q + 1).copied().unwrap_or(0);
                    Some(lerp(lo, hi, a.fracs.get(q).copied().unwrap_or(0.0)))
                };
                DurationStats {
                    count: seen,
                    mean_seconds: sums.get(g).map(|&s| s as f64 / seen as f64),
                    p50_seconds: p(0),
                    p90_seconds: p(1),
                    p95_seconds: p(2),
                    max_seconds: a.vals.get(MAX_SLOT).copied(),
                }
            })
            .collect()
    }
}

impl Acc {
    /// Keeps `v`, the value of rank `rank`, in every slot that wants that rank; returns the
    /// next rank wanted.
    #[cold]
    fn take(&mut self, rank: u64, v: i64) -> u64 {
        while let Some(&(r, slot)) = self.wanted.get(self.k as usize) {
            if r != rank {
                break;
            }
            if let Some(x) = self.vals.get_mut(slot as usize) {
                *x = v;
            }
            self.k += 1;
        }
        self.wanted.get(self.k as usize).map_or(u64::MAX, |w| w.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn numpy_linear_percentiles_by_hand() {
        // numpy.percentile([1, 2, 3, 4], [50, 90, 95]) = [2.5, 3.7, 3.85]
        let s = DurationStats::of(&[4, 1, 3, 2]);
        assert_eq!(s.p50_seconds, Some(2.5));
        assert!((s.p90_seconds.unwrap() - 3.7).abs() < 1e-12);
        assert!((s.p95_seconds.unwrap() - 3.85).abs() < 1e-12);
        // One value: every percentile is that value.
        let s = DurationStats::of(&[42]);
        assert_eq!(
            (s.p50_seconds, s.p95_seconds, s.max_seconds),
            (Some(42.0), Some(42.0), Some(42))
        );
        // 11 values 0..=10: h = 9 exactly for p90 (no floating-point 8.999…).
        let v: Vec<i64> = (0..=10).map(|x| x * 100).collect();
        assert_eq!(DurationStats::of(&v).p90_seconds, Some(900.0));
    }

    proptest! {
        #[test]
        fn grouped_equals_one_group_at_a_time(values in proptest::collection::vec((0u32..4, 0i64..10_000), 0..300)) {
            let mut sorted = values.clone();
            sorted.sort_by_key(|&(_, v)| v);
            let mut counts = [0u64; 4];
            for &(g, _) in &values { counts[g as usize] += 1; }
            let mut grouped = Grouped::new(&counts);
            let mut sums = [0i64; 4];
            for &(g, v) in &sorted {
                grouped.push(g, v);
                sums[g as usize] += v;
            }
            let got = grouped.finish(&sums);
            for g in 0..4u32 {
                let own: Vec<i64> = values.iter().filter(|(h, _)| *h == g).map(|&(_, v)| v).collect();
                prop_assert_eq!(got[g as usize], DurationStats::of(&own));
            }
        }

        #[test]
        fn percentiles_are_monotone_and_bounded(values in proptest::collection::vec(-1_000_000i64..1_000_000, 1..200)) {
            let s = DurationStats::of(&values);
            let min = *values.iter().min().unwrap() as f64;
            let (p50, p90, p95, max) = (s.p50_seconds.unwrap(), s.p90_seconds.unwrap(), s.p95_seconds.unwrap(), s.max_seconds.unwrap() as f64);
            prop_assert!(min <= p50 && p50 <= p90 && p90 <= p95 && p95 <= max);
            let mean = s.mean_seconds.unwrap();
            prop_assert!(min <= mean && mean <= max);
        }
    }
}
