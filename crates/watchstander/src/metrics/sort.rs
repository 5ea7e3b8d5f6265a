//! Sorting packed keys: an LSD radix sort of `u64`s, in as few passes of at most 13 bits as
//! the widest key needs (the digit histograms stay in cache), skipping digits in which every key
//! agrees. Metrics sort millions of `(value, row)` keys; a comparison sort costs several times
//! as much at that size.

/// Sorts `keys` by their bits above the lowest `payload` bits, stably (keys equal above the
/// payload keep their order): a value in the high bits carrying data in the low bits needs
/// no passes over the data. Uses `scratch`, which the caller keeps between sorts.
pub(crate) fn radix_sort_with(keys: &mut Vec<u64>, scratch: &mut Vec<u64>, payload: u32) {
    if sort_into(keys, scratch, payload) {
        std::mem::swap(keys, scratch);
    }
}

/// Sorts a slice of keys ascending, stably, with `scratch` as the other buffer (it grows to the
/// slice's length): for many small sorts in a row — one per person — whose buffers stay in
/// cache.
pub(crate) fn radix_sort_slice(keys: &mut [u64], scratch: &mut Vec<u64>) {
    if sort_into(keys, scratch, 0) {
        if let Some(sorted) = scratch.get(..keys.len()) {
            keys.copy_from_slice(sorted);
        }
    }
}

/// The passes, alternating between `keys` and `scratch` (resized to `keys`' length); returns
/// whether the sorted keys ended in `scratch`.
fn sort_into(keys: &mut [u64], scratch: &mut Vec<u64>, payload: u32) -> bool {
    const SMALL: usize = 256;
    const MAX_DIGIT: u32 = 13;
    let payload = payload.min(63);
    if keys.len() <= SMALL {
        keys.sort_by_key(|&k| k >> payload);
        return false;
    }
    // One sweep: the widest value, and whether the keys are sorted already.
    let (mut widest, mut sorted, mut previous) = (0u64, true, 0u64);
    for &k in keys.iter() {
        let v = k >> payload;
        widest |= v;
        sorted &= previous <= v;
        previous = v;
    }
    if sorted {
        return false;
    }
    let bits = 64 - widest.leading_zeros();
    let passes = bits.div_ceil(MAX_DIGIT).max(1);
    let digit = bits.div_ceil(passes).max(1);
    let mask = (1u64 << digit) - 1;
    let n = keys.len();
    scratch.clear();
    scratch.resize(n, 0);
    // Every pass's digit histogram in one sweep over the keys.
    let size = 1usize << digit;
    let mut counts = vec![0usize; size * passes as usize];
    for &k in keys.iter() {
        for pass in 0..passes {
            let d = ((k >> (payload + pass * digit)) & mask) as usize;
            if let Some(c) = counts.get_mut(pass as usize * size + d) {
                *c += 1;
            }
        }
    }
    let mut in_scratch = false;
    for (pass, hist) in counts.chunks_mut(size).enumerate() {
        // All keys share this digit: the pass would not move anything.
        if hist.contains(&n) {
            continue;
        }
        let shift = payload + pass as u32 * digit;
        let mut sum = 0;
        for slot in hist.iter_mut() {
            let here = *slot;
            *slot = sum;
            sum += here;
        }
        let (from, to): (&[u64], &mut [u64]) = if in_scratch {
            (scratch.as_slice(), &mut *keys)
        } else {
            (&*keys, scratch.as_mut_slice())
        };
        for &k in from {
            if let Some(pos) = hist.get_mut(((k >> shift) & mask) as usize) {
                if let Some(out) = to.get_mut(*pos) {
                    *out = k;
                }
                *pos += 1;
            }
        }
        in_scratch = !in_scratch;
    }
    in_scratch
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
            radix_sort_with(&mut v, &mut Vec::new(), 0);
            prop_assert_eq!(v, expected);
        }

        #[test]
        fn sorts_slices_in_place(mut v in proptest::collection::vec(any::<u64>(), 0..2000), shift in 0u32..48, from in 0usize..300) {
            for x in v.iter_mut() {
                *x >>= shift;
            }
            let from = from.min(v.len());
            let mut expected = v.clone();
            expected[from..].sort_unstable();
            // A scratch buffer holding stale keys from an earlier sort.
            let mut scratch = vec![u64::MAX; 7];
            radix_sort_slice(&mut v[from..], &mut scratch);
            prop_assert_eq!(v, expected);
        }

        #[test]
        fn sorts_by_the_high_bits_and_keeps_the_order_of_equals(v in proptest::collection::vec((0u64..5000, 0u64..1024), 0..2000)) {
            // Value in the high bits, the original position's low bits as payload.
            let mut keys: Vec<u64> = v.iter().map(|&(value, data)| (value << 10) | data).collect();
            let mut expected = keys.clone();
            expected.sort_by_key(|&k| k >> 10); // stable
            radix_sort_with(&mut keys, &mut Vec::new(), 10);
            prop_assert_eq!(keys, expected);
        }
    }
}
