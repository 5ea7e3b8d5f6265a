//! DST facts on shifts, checked against the tz database itself in every zone.
//!
//! The rule (issue 9): a shift is marked when its real length (`end − start`) differs from its
//! wall-clock length (the difference of the local clock readings at its ends), or when DST
//! resolution moved its own start or end; `offset_change_seconds` is the exact difference.
//!
//! For every zone of `chrono_tz::TZ_VARIANTS` the test picks a year of 1970–2037 (a fixed
//! pseudo-random sequence, plus a few zones and years chosen for their oddities), finds the
//! zone's clock changes in it straight from chrono-tz, and compiles rotations whose handoffs
//! fall exactly on a change: a daily rotation at the local time the clocks show just after it
//! (so a shift *ends* exactly at the change), one at the local time they showed just before
//! it (in a gap or a fold), and an hourly one. Every shift's DST facts are then recomputed
//! from chrono-tz alone and compared. Nothing here reads watchstander's own zone code.

use chrono::{DateTime, Duration, LocalResult, NaiveDateTime, Offset, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use serde_json::json;
use watchstander::schedule::{CompiledSchedule, Interval, Reason, Schedule, Shift};

/// mulberry32, as in the benches: a fixed sequence, so a failure reproduces.
struct Rng(u32);

impl Rng {
    fn next(&mut self) -> u32 {
        self.0 = self.0.wrapping_add(0x6D2B_79F5);
        let mut t = self.0;
        t = (t ^ (t >> 15)).wrapping_mul(t | 1);
        t ^= t.wrapping_add((t ^ (t >> 7)).wrapping_mul(t | 61));
        t ^ (t >> 14)
    }

    fn below(&mut self, n: u32) -> u32 {
        self.next() % n.max(1)
    }
}

fn offset(tz: Tz, t: i64) -> i64 {
    let utc = DateTime::from_timestamp(t, 0).unwrap().naive_utc();
    i64::from(tz.offset_from_utc_datetime(&utc).fix().local_minus_utc())
}

fn local(tz: Tz, t: DateTime<Utc>) -> NaiveDateTime {
    t.with_timezone(&tz).naive_local()
}

/// The instants of `year` at which `tz` changes its UTC offset (to the second).
fn transitions(tz: Tz, year: i32) -> Vec<i64> {
    let start = Utc
        .with_ymd_and_hms(year, 1, 1, 0, 0, 0)
        .unwrap()
        .timestamp();
    let end = Utc
        .with_ymd_and_hms(year + 1, 1, 1, 0, 0, 0)
        .unwrap()
        .timestamp();
    let step = 12 * 3600;
    let mut out = Vec::new();
    let mut t = start;
    while t < end {
        let (a, b) = (t, t + step);
        if offset(tz, a) != offset(tz, b) {
            // Bisect to the first second with the new offset.
            let (mut lo, mut hi) = (a, b);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if offset(tz, mid) == offset(tz, a) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            out.push(hi);
        }
        t = b;
    }
    out
}

/// Whether DST resolution has to move the local time `l` (it is in a gap or a fold).
fn moved(tz: Tz, l: NaiveDateTime) -> bool {
    !matches!(tz.from_local_datetime(&l), LocalResult::Single(_))
}

const POLICIES: [&str; 5] = ["compatible", "earlier", "later", "end_of_gap", "reject"];

struct Case {
    tz: Tz,
    /// Local anchor of the rotation (turn 0).
    anchor: NaiveDateTime,
    /// One turn, on the wall clock.
    step: Duration,
    unit: &'static str,
    policy: &'static str,
    window: Interval,
}

fn compile(c: &Case) -> Option<CompiledSchedule> {
    let schedule: Schedule = serde_json::from_value(json!({
        "id": "s", "zone": c.tz.name(),
        "layers": [{"id": "l", "rotation": {
            "members": ["a", "b"],
            "anchor": c.anchor.format("%Y-%m-%dT%H:%M").to_string(),
            "handoff": {"every": 1, "unit": c.unit},
            "dst": c.policy}}]
    }))
    .expect("the schedule is valid");
    match schedule.compile(c.window) {
        Ok(compiled) => Some(compiled),
        // `reject` refuses a handoff in a gap or fold: a typed error, nothing to check.
        Err(e) if c.policy == "reject" => {
            assert_eq!(e.module(), "time", "{}: {e}", c.tz);
            None
        }
        Err(e) => panic!("{} {:?}: {e}", c.tz, c.anchor),
    }
}

fn turn_of(s: &Shift) -> u64 {
    match &s.reason {
        Reason::Layer { turn, .. } => *turn,
        other => panic!("unexpected reason {other:?}"),
    }
}

/// Checks every shift of `c` against chrono-tz; returns how many were checked.
fn check(c: &Case) -> usize {
    let Some(compiled) = compile(c) else {
        return 0;
    };
    let tz = c.tz;
    let merged: Vec<u64> = compiled
        .merged_turns(compiled.window())
        .unwrap()
        .iter()
        .map(|m| m.turn)
        .collect();
    let marked: Vec<String> = compiled
        .dst_affected(compiled.window())
        .unwrap()
        .iter()
        .map(|s| s.uid.clone())
        .collect();
    let nominal = |k: u64| c.anchor + c.step * i32::try_from(k).unwrap();
    let shifts = compiled.all_shifts();
    for s in shifts {
        let what = format!(
            "{} ({}, {}): shift {} – {}",
            tz, c.policy, c.unit, s.start, s.end
        );
        let (a, b) = (s.start.timestamp(), s.end.timestamp());
        let change = offset(tz, b) - offset(tz, a);
        let (ls, le) = (local(tz, s.start), local(tz, s.end));
        assert_eq!(
            (s.local_start, s.local_end),
            (ls, le),
            "{what}: local times"
        );
        assert_eq!(
            ((le - ls) - (s.end - s.start)).num_seconds(),
            change,
            "{what}"
        );
        let k = turn_of(s);
        // A turn squeezed to nothing hands its adjustment to the turn that absorbs it.
        let start_moved = !s.truncated_start
            && (moved(tz, nominal(k))
                || (k > 0 && merged.contains(&(k - 1)) && moved(tz, nominal(k - 1))));
        let end_moved = !s.truncated_end && moved(tz, nominal(k + 1));
        let dst = s.dst.as_ref();
        assert_eq!(
            dst.map_or(0, |d| i64::from(d.offset_change_seconds)),
            change,
            "{what}"
        );
        assert_eq!(
            dst.map_or(0, |d| i64::from(d.offset_change_minutes)),
            change / 60,
            "{what}"
        );
        assert_eq!(
            dst.is_some_and(|d| d.start.is_some()),
            start_moved,
            "{what}: start {:?}",
            nominal(k)
        );
        assert_eq!(
            dst.is_some_and(|d| d.end.is_some()),
            end_moved,
            "{what}: end {:?}",
            nominal(k + 1)
        );
        assert_eq!(
            s.dst.is_some(),
            change != 0 || start_moved || end_moved,
            "{what}"
        );
        assert_eq!(
            marked.contains(&s.uid),
            s.dst.is_some(),
            "{what}: schedule.dst list"
        );
    }
    shifts.len()
}

/// The local wall-clock time `t` shows in `tz` with offset `off`, to the minute (handoff
/// times are whole minutes).
fn wall(t: i64, off: i64) -> NaiveDateTime {
    let l = DateTime::from_timestamp(t + off, 0).unwrap().naive_utc();
    l.with_second(0).unwrap()
}

/// The cases for one clock change at `t` in `tz`.
fn cases(tz: Tz, t: i64, rng: &mut Rng) -> Vec<Case> {
    let (before, after) = (offset(tz, t - 1), offset(tz, t));
    let at = DateTime::from_timestamp(t, 0).unwrap();
    let day = Duration::days(1);
    let window =
        |days: i64| Interval::new(at - Duration::days(days), at + Duration::days(days)).unwrap();
    let mut policy = || POLICIES[rng.below(POLICIES.len() as u32) as usize];
    let mut out = Vec::new();
    // Daily at the clock reading just after the change (a shift ends exactly at it), and at
    // the reading just before it (in the gap or the fold).
    for l in [wall(t, after), wall(t, before)] {
        out.push(Case {
            tz,
            anchor: l - day * 3,
            step: day,
            unit: "days",
            policy: policy(),
            window: window(2),
        });
    }
    let hour_anchor = wall(t, before).date().and_hms_opt(0, 0, 0).unwrap() - day;
    out.push(Case {
        tz,
        anchor: hour_anchor,
        step: Duration::hours(1),
        unit: "hours",
        policy: policy(),
        window: window(1),
    });
    out
}

#[test]
fn the_issue_example_new_york_shift_ending_at_the_spring_forward_is_marked() {
    // Daily 03:00 New York: the shift 7 March 03:00 EST (08:00Z) → 8 March 03:00 EDT (07:00Z)
    // is 23 real hours for 24 wall-clock hours.
    let tz: Tz = "America/New_York".parse().unwrap();
    let anchor = NaiveDateTime::parse_from_str("2026-03-01T03:00", "%Y-%m-%dT%H:%M").unwrap();
    let w = Interval::new(
        Utc.with_ymd_and_hms(2026, 3, 1, 8, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2026, 3, 15, 7, 0, 0).unwrap(),
    )
    .unwrap();
    let case = Case {
        tz,
        anchor,
        step: Duration::days(1),
        unit: "days",
        policy: "compatible",
        window: w,
    };
    let c = compile(&case).unwrap();
    let marked = c.dst_affected(w).unwrap();
    assert_eq!(marked.len(), 1);
    assert_eq!(
        marked[0].start,
        Utc.with_ymd_and_hms(2026, 3, 7, 8, 0, 0).unwrap()
    );
    assert_eq!(
        marked[0].end,
        Utc.with_ymd_and_hms(2026, 3, 8, 7, 0, 0).unwrap()
    );
    let dst = marked[0].dst.unwrap();
    assert_eq!(
        (dst.offset_change_minutes, dst.offset_change_seconds),
        (60, 3600)
    );
    assert_eq!((dst.start, dst.end), (None, None));
    assert_eq!(check(&case), 14);
}

#[test]
fn every_zone_marks_exactly_the_shifts_whose_length_dst_changed() {
    let mut rng = Rng(2026);
    let mut zones_with_changes = 0;
    let mut shifts = 0;
    let mut picks: Vec<(Tz, i32)> = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| (*tz, 1970 + rng.below(68) as i32))
        .collect();
    // Oddities: Monrovia's 44 m 30 s (1972), Samoa's skipped day (2011), Lord Howe's half
    // hour, Troll's two hours, Kathmandu's 15 minutes (1986), Caracas (2016).
    for (zone, year) in [
        ("Africa/Monrovia", 1972),
        ("Pacific/Apia", 2011),
        ("Australia/Lord_Howe", 2026),
        ("Antarctica/Troll", 2026),
        ("Asia/Kathmandu", 1986),
        ("America/Caracas", 2016),
        ("America/New_York", 2037),
    ] {
        picks.push((zone.parse().unwrap(), year));
    }
    for (tz, year) in picks {
        // A zone without changes that year gets two more tries.
        let found = [
            year,
            1970 + (year - 1970 + 23) % 68,
            1970 + (year - 1970 + 41) % 68,
        ]
        .into_iter()
        .map(|y| transitions(tz, y))
        .find(|list| !list.is_empty());
        let Some(list) = found else { continue };
        zones_with_changes += 1;
        let t = list[rng.below(list.len() as u32) as usize];
        for case in cases(tz, t, &mut rng) {
            shifts += check(&case);
        }
    }
    eprintln!("{zones_with_changes} zones with clock changes, {shifts} shifts checked");
    assert!(
        zones_with_changes > 300,
        "only {zones_with_changes} zones had clock changes"
    );
    assert!(shifts > 10_000, "only {shifts} shifts checked");
}
