//! Sorting packed keys: an LSD radix sort of `u64`s in 16-bit digits, skipping the digits in
//! which every key agrees. Metrics sort millions of `(value, row)` keys; a comparison sort
//! costs about four times as much at that size.

/// Sorts `keys` ascending. Uses a scratch buffer as large as `keys`.
pub(crate) fn radix_sort(keys: &mut Vec<u64>) {
    const SMALL: usize = 256;
    if keys.len() <= SMALL {
        keys.sort_unstable();
        return;
    }
    if keys.windows(2).all(|w| w[0] <= w[1]) {
        return;
    }
    let mut counts = vec![vec![0usize; 1 << 16]; 4];
    for &k in keys.iter() {
        for (d, c) in counts.iter_mut().enumerate() {
            if let Some(slot) = c.get_mut(((k >> (16 * d)) & 0xffff) as usize) {
                *slot += 1;
            }
        }
    }
    let n = keys.len();
    let mut scratch = vec![0u64; n];
    for (d, c) in counts.iter_mut().enumerate() {
        // All keys share this digit: the pass would not move anything.
        if c.iter().any(|&x| x == n) {
            continue;
        }
        let mut sum = 0;
        for slot in c.iter_mut() {
            let here = *slot;
            *slot = sum;
            sum += here;
        }
        for &k in keys.iter() {
            let digit = ((k >> (16 * d)) & 0xffff) as usize;
            if let Some(pos) = c.get_mut(digit) {
                if let Some(out) = scratch.get_mut(*pos) {
                    *out = k;
                }
                *pos += 1;
            }
        }
        std::mem::swap(keys, &mut scratch);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorts_like_the_standard_library(mut v in proptest::collection::vec(any::<u64>(), 0..2000), shift in 0u32..48) {
            for x in v.iter_mut() {
                *x >>= shift;
            }
            let mut expected = v.clone();
            expected.sort_unstable();
            radix_sort(&mut v);
            prop_assert_eq!(v, expected);
        }
    }
}
