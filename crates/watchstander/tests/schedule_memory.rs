//! Memory of a compile grows with the number of shifts, not with the length of the ids
//! (issue 9: a 100 000-character member id with an hourly cadence over three years made the
//! core allocate more than 11 GB and abort). A counting allocator measures the peak of live
//! heap bytes while a schedule compiles; this file is its own test binary so that nothing else
//! allocates meanwhile.
//!
//! The allocator wrapper is the only `unsafe` in the workspace: implementing `GlobalAlloc`
//! requires it, and it only forwards to `System` and counts.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use chrono::{Duration, TimeZone, Utc};
use watchstander::schedule::{Interval, Schedule, MAX_ID_CHARS};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// One measurement at a time (tests run on several threads).
static LOCK: Mutex<()> = Mutex::new(());

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Peak live bytes above the starting point while `f` runs, and what `f` returned.
fn peak<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let out = f();
    (PEAK.load(Ordering::Relaxed) - base, out)
}

fn hourly(member: &str) -> Schedule {
    serde_json::from_value(
        serde_json::json!({"id": "s", "zone": "UTC", "layers": [{"id": "l",
        "rotation": {"members": [member, "b"], "anchor": "2026-01-01T00:00",
                     "handoff": {"every": 1, "unit": "hours"}}}]}),
    )
    .unwrap()
}

#[test]
fn a_compile_stores_each_id_once_whatever_the_number_of_shifts() {
    let _guard = LOCK.lock().unwrap();
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let window = Interval::new(start, start + Duration::days(1096)).unwrap();
    let short = hourly("a");
    let long = hourly(&"a".repeat(MAX_ID_CHARS));
    let (short_peak, short_shifts) = peak(|| short.compile(window).unwrap().shift_columns().len());
    let (long_peak, long_shifts) = peak(|| long.compile(window).unwrap().shift_columns().len());
    eprintln!("compile peak: {short_peak} bytes with 1-character ids, {long_peak} with 200");
    assert_eq!(short_shifts, 26_304);
    assert_eq!(long_shifts, 26_304);
    // 26 304 shifts in a few MB; a copy of the id per shift would add 5 MB (26 304 × 199).
    assert!(long_peak < 16 << 20, "{long_peak} bytes");
    assert!(
        long_peak.abs_diff(short_peak) < 64 << 10,
        "the long id cost {} more bytes",
        long_peak as i64 - short_peak as i64
    );
}

#[test]
fn explaining_one_shift_does_not_explain_the_others() {
    let _guard = LOCK.lock().unwrap();
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let window = Interval::new(start, start + Duration::days(1096)).unwrap();
    let c = hourly(&"a".repeat(MAX_ID_CHARS)).compile(window).unwrap();
    let (bytes, shift) = peak(|| c.shift(1_001).unwrap());
    // Turn 1 001 of the hourly rotation: member 1 001 mod 2 = 1.
    assert_eq!(shift.person, "b");
    assert_eq!(shift.start, start + Duration::hours(1_001));
    assert!(bytes < 4 << 10, "{bytes} bytes to explain one shift");
    let (bytes, who) = peak(|| {
        c.oncall_people(start + Duration::minutes(30))
            .unwrap()
            .len()
    });
    assert_eq!((bytes, who), (0, 1), "who is on call allocates nothing");
}
