//! A small structured-fuzzing driver on top of proptest's generators, for stable Rust.
//!
//! * In CI a target runs `PROPTEST_CASES` inputs (default 64) from a fixed seed, so a failure
//!   reproduces.
//! * By hand, `FUZZ_SECONDS=600` runs a target for ten minutes from a random seed (or
//!   `FUZZ_SEED=<n>`), printing the seed, the number of inputs and the slowest inputs;
//!   `FUZZ_SLOW_MS=<ms>` also prints, whole, every input slower than that.
//!
//! A failing input is printed whole (truncated at 4 000 characters) with the seed; there is no
//! shrinking, so copy the input into a regression test.

#![allow(dead_code)]

use std::fmt::Debug;
use std::time::{Duration, Instant};

use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

fn truncate(s: String, n: usize) -> String {
    if s.len() <= n {
        s
    } else {
        let mut end = n;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}… ({} bytes)", &s[..end], s.len())
    }
}

/// Runs `check` on inputs drawn from `strategy` until the case count or the time budget is
/// used up. `check` returns `Err(reason)` for a finding.
pub fn fuzz<S>(target: &str, strategy: S, mut check: impl FnMut(&S::Value) -> Result<(), String>)
where
    S: Strategy,
    S::Value: Debug,
{
    let seconds = env_u64("FUZZ_SECONDS");
    let cases = env_u64("PROPTEST_CASES").unwrap_or(64);
    let seed = env_u64("FUZZ_SEED").unwrap_or_else(|| {
        if seconds.is_some() {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
        } else {
            0x5eed
        }
    });
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    let deadline = seconds.map(|s| Instant::now() + Duration::from_secs(s));
    let mut slowest: Vec<(Duration, String)> = Vec::new();
    let mut n = 0u64;
    loop {
        match deadline {
            Some(d) if Instant::now() >= d => break,
            None if n >= cases => break,
            _ => {}
        }
        let tree = match strategy.new_tree(&mut runner) {
            Ok(t) => t,
            Err(e) => panic!("{target}: cannot generate an input: {e}"),
        };
        let value = tree.current();
        let start = Instant::now();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&value)));
        let took = start.elapsed();
        n += 1;
        let failure = match outcome {
            Ok(Ok(())) => None,
            Ok(Err(reason)) => Some(reason),
            Err(_) => Some("panicked".to_string()),
        };
        if let Some(reason) = failure {
            panic!(
                "{target}: finding after {n} inputs (FUZZ_SEED={seed}): {reason}\ninput: {}",
                truncate(format!("{value:?}"), 4000)
            );
        }
        if env_u64("FUZZ_SLOW_MS").is_some_and(|ms| took.as_millis() as u64 > ms) {
            eprintln!(
                "{target}: slow input ({:.3} s): {}",
                took.as_secs_f64(),
                truncate(format!("{value:?}"), 100_000)
            );
        }
        if seconds.is_some() && (slowest.len() < 3 || took > slowest[2].0) {
            slowest.push((took, truncate(format!("{value:?}"), 300)));
            slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
            slowest.truncate(3);
        }
    }
    if seconds.is_some() {
        eprintln!("{target}: {n} inputs, seed {seed}, no finding; slowest:");
        for (took, input) in &slowest {
            eprintln!("  {:.3} s  {input}", took.as_secs_f64());
        }
    }
}
