//! The Gini coefficient: how unevenly a load is shared.
//!
//! For loads `x₁ … xₙ ≥ 0`, `G = Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² x̄)`: 0 when everyone carries the same,
//! approaching 1 when one person carries everything (exactly `1 − 1/n` then). Computed on the
//! sorted loads as `G = Σᵢ (2i − n − 1)·x₍ᵢ₎ / (n Σ x)` (i from 1) — one division, so integer
//! loads give the correctly rounded result. No load at all, or nobody, is perfectly even: 0.
//!
//! ```
//! use watchstander::metrics::gini;
//! assert_eq!(gini(&[10.0, 10.0, 10.0]), 0.0);
//! assert_eq!(gini(&[0.0, 0.0, 0.0, 12.0]), 0.75);   // one of four carries it all: 1 − 1/4
//! assert_eq!(gini(&[]), 0.0);
//! ```

/// The Gini coefficient of non-negative loads (negative or non-finite loads count as 0).
pub fn gini(loads: &[f64]) -> f64 {
    let mut v: Vec<f64> = loads
        .iter()
        .map(|&x| if x.is_finite() && x > 0.0 { x } else { 0.0 })
        .collect();
    let n = v.len() as f64;
    let total: f64 = v.iter().sum();
    if v.is_empty() || total <= 0.0 {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    let weighted: f64 = v
        .iter()
        .enumerate()
        .map(|(i, x)| (2.0 * (i as f64 + 1.0) - n - 1.0) * x)
        .sum();
    (weighted / (n * total)).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn by_definition(x: &[f64]) -> f64 {
        let n = x.len() as f64;
        let mean = x.iter().sum::<f64>() / n;
        if mean == 0.0 {
            return 0.0;
        }
        let s: f64 = x
            .iter()
            .flat_map(|a| x.iter().map(move |b| (a - b).abs()))
            .sum();
        s / (2.0 * n * n * mean)
    }

    proptest! {
        #[test]
        fn gini_is_in_unit_interval_and_matches_the_definition(x in proptest::collection::vec(0.0f64..1000.0, 1..40)) {
            let g = gini(&x);
            prop_assert!((0.0..=1.0).contains(&g));
            prop_assert!((g - by_definition(&x)).abs() < 1e-9);
        }

        #[test]
        fn gini_ignores_scale_and_order(mut x in proptest::collection::vec(0.0f64..1000.0, 1..40), k in 0.1f64..100.0) {
            let g = gini(&x);
            let scaled: Vec<f64> = x.iter().map(|v| v * k).collect();
            prop_assert!((gini(&scaled) - g).abs() < 1e-9);
            x.reverse();
            prop_assert!((gini(&x) - g).abs() < 1e-9);
        }
    }
}
