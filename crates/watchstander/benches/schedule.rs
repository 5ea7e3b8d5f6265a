//! Schedule benchmarks (issue 3, "Performance"): the 5-layer, 20-person, 500-override
//! schedule of `benches/fixtures/five-layers.json`, compiled by watchstander and by a naive
//! Rust implementation, in the same criterion run.
//!
//! * `a_year_of_shifts`: compile 2026 and list its final shifts.
//! * `b_oncall_queries`: "who is on call" at pseudo-random instants of 2026 against a
//!   compiled schedule (binary search) and against the naive timeline (linear scan).
//! * `c_build`: parse the JSON document, validate it and compile the year.
//!
//! Before measuring, both implementations are checked to agree on every person's on-call
//! intervals for the whole year and on who is on call at 1 000 instants; the bench panics if
//! they do not (a ratio between two different answers would mean nothing).
//!
//! Run through `./benches/run.sh` (which also runs the Python and Node comparisons and prints
//! the table), or alone with `cargo bench -p watchstander --bench schedule`.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::Duration;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday};
use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use serde_json::Value;
use watchstander::schedule::{CompiledSchedule, Interval, Schedule};

const FIXTURE: &str = include_str!("../../../benches/fixtures/five-layers.json");
/// 2026-01-01T00:00:00Z and 2027-01-01T00:00:00Z.
const YEAR_START: i64 = 1_767_225_600;
const YEAR_END: i64 = 1_798_761_600;
/// Queries per iteration of the compiled-schedule query benchmarks.
const QUERIES: usize = 1_000_000;
/// Queries per iteration of the naive linear-scan benchmark (a million would take seconds).
const NAIVE_QUERIES: usize = 10_000;

fn year() -> Interval {
    Interval::new(at(YEAR_START), at(YEAR_END)).expect("year window")
}

fn at(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(secs, 0).single().expect("instant")
}

/// mulberry32, the PRNG the Python and Node benches and the fixture generator use.
struct Mulberry32(u32);

impl Mulberry32 {
    fn next_u32(&mut self) -> u32 {
        self.0 = self.0.wrapping_add(0x6D2B_79F5);
        let mut t = self.0;
        t = (t ^ (t >> 15)).wrapping_mul(t | 1);
        t ^= t.wrapping_add((t ^ (t >> 7)).wrapping_mul(t | 61));
        t ^ (t >> 14)
    }
}

/// `n` instants of 2026 (whole seconds), the same sequence in every language.
fn instants(n: usize, seed: u32) -> Vec<i64> {
    let mut rng = Mulberry32(seed);
    let span = (YEAR_END - YEAR_START) as u32;
    (0..n)
        .map(|_| YEAR_START + i64::from(rng.next_u32() % span))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The naive implementation: what a Rust user would write with chrono-tz for this document.
// It reads the same fixture but understands only what the fixture uses: weekly cadences,
// daily / weekday / weekly restrictions, `precedence` and `union` layers and `replace`
// overrides without `replaces`. Local times are resolved with chrono-tz's `earliest()`; no
// handoff or restriction boundary of the fixture falls in a DST gap or fold, so no DST policy
// is needed for the answers to agree.
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy)]
struct Piece {
    start: i64,
    end: i64,
    person: usize,
}

struct NaiveLayer {
    union: bool,
    pieces: Vec<Piece>,
}

struct NaiveOverride {
    start: i64,
    end: i64,
    person: usize,
    created: i64,
}

/// A stretch of constant on-call status: sorted person indexes.
#[derive(Clone, PartialEq, Eq, Debug)]
struct NaiveSegment {
    start: i64,
    end: i64,
    people: Vec<usize>,
}

struct Naive {
    people: Vec<String>,
    timeline: Vec<NaiveSegment>,
}

fn to_utc(tz: chrono_tz::Tz, local: NaiveDateTime) -> i64 {
    tz.from_local_datetime(&local)
        .earliest()
        .expect("the fixture has no local time in a DST gap")
        .timestamp()
}

fn weekday(name: &str) -> Weekday {
    name.parse().expect("weekday")
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} must be a string"))
}

fn clock(text: &str) -> NaiveTime {
    NaiveTime::parse_from_str(text, "%H:%M").expect("HH:MM")
}

/// Active windows of one restriction, as UTC intervals, for local days in [first, last].
fn restriction_windows(
    r: &Value,
    tz: chrono_tz::Tz,
    first: NaiveDate,
    last: NaiveDate,
    out: &mut Vec<(i64, i64)>,
) {
    let (start, end) = (clock(str_of(r, "start")), clock(str_of(r, "end")));
    let mut day = first;
    while day <= last {
        let (starts_today, length_days) = match r.get("start_day") {
            Some(sd) => {
                let sd = weekday(sd.as_str().expect("start_day"));
                let ed = weekday(str_of(r, "end_day"));
                let mut d =
                    i64::from(ed.num_days_from_monday()) - i64::from(sd.num_days_from_monday());
                if d < 0 || (d == 0 && end <= start) {
                    d += 7;
                }
                (day.weekday() == sd, d)
            }
            None => {
                let on = r.get("days").and_then(Value::as_array).is_none_or(|days| {
                    days.iter()
                        .any(|d| weekday(d.as_str().expect("day")) == day.weekday())
                });
                (on, i64::from(end <= start))
            }
        };
        if starts_today {
            let s = to_utc(tz, day.and_time(start));
            let e = to_utc(
                tz,
                (day + chrono::Duration::days(length_days)).and_time(end),
            );
            out.push((s, e));
        }
        day = day.succ_opt().expect("date");
    }
}

fn naive_layer(l: &Value, default_zone: &str, index: &BTreeMap<String, usize>) -> NaiveLayer {
    let zone: chrono_tz::Tz = l
        .get("zone")
        .and_then(Value::as_str)
        .unwrap_or(default_zone)
        .parse()
        .expect("zone");
    let rot = &l["rotation"];
    let members: Vec<usize> = rot["members"]
        .as_array()
        .expect("members")
        .iter()
        .map(|m| index[m.as_str().expect("member")])
        .collect();
    let offset = rot.get("offset").and_then(Value::as_u64).unwrap_or(0) as usize;
    let every = rot["handoff"]["every"].as_i64().expect("every");
    assert_eq!(str_of(&rot["handoff"], "unit"), "weeks");
    let anchor = NaiveDateTime::parse_from_str(str_of(rot, "anchor"), "%Y-%m-%dT%H:%M")
        .expect("local anchor");
    // Turns: weekly wall-clock handoffs from the anchor, until past the year.
    let mut turns = Vec::new();
    let mut k = 0usize;
    let mut local = anchor;
    let mut start = to_utc(zone, local);
    while start < YEAR_END {
        local += chrono::Duration::weeks(every);
        let end = to_utc(zone, local);
        if end > YEAR_START {
            let person = members[(k + offset) % members.len()];
            turns.push(Piece { start, end, person });
        }
        k += 1;
        start = end;
    }
    let restrictions = l.get("restrictions").and_then(Value::as_array);
    let pieces = match restrictions {
        None => turns,
        Some(rs) => {
            let first = at(YEAR_START).date_naive() - chrono::Duration::days(8);
            let last = at(YEAR_END).date_naive() + chrono::Duration::days(1);
            let mut windows = Vec::new();
            for r in rs {
                restriction_windows(r, zone, first, last, &mut windows);
            }
            windows.sort_unstable();
            let mut out = Vec::new();
            for t in &turns {
                for &(ws, we) in &windows {
                    let (s, e) = (t.start.max(ws), t.end.min(we));
                    if s < e {
                        out.push(Piece {
                            start: s,
                            end: e,
                            person: t.person,
                        });
                    }
                }
            }
            out.sort_unstable_by_key(|p| p.start);
            out
        }
    };
    let pieces = pieces
        .into_iter()
        .filter_map(|p| {
            let (s, e) = (p.start.max(YEAR_START), p.end.min(YEAR_END));
            (s < e).then_some(Piece {
                start: s,
                end: e,
                person: p.person,
            })
        })
        .collect();
    NaiveLayer {
        union: l.get("combine").and_then(Value::as_str) == Some("union"),
        pieces,
    }
}

fn secs(text: &str) -> i64 {
    DateTime::parse_from_rfc3339(text)
        .expect("RFC 3339")
        .timestamp()
}

/// Expands the whole year naively: every layer's pieces, then one sweep over the elementary
/// intervals between boundaries stacks the layers and applies the overrides (the same
/// algorithm as the Python and Node peers).
fn naive_build(text: &str) -> Naive {
    let doc: Value = serde_json::from_str(text).expect("fixture JSON");
    let people: Vec<String> = doc["people"]
        .as_array()
        .expect("people")
        .iter()
        .map(|p| str_of(p, "id").to_string())
        .collect();
    let index: BTreeMap<String, usize> = people
        .iter()
        .enumerate()
        .map(|(i, p)| (p.clone(), i))
        .collect();
    let zone = str_of(&doc, "zone");
    let layers: Vec<NaiveLayer> = doc["layers"]
        .as_array()
        .expect("layers")
        .iter()
        .map(|l| naive_layer(l, zone, &index))
        .collect();
    let overrides: Vec<NaiveOverride> = doc["overrides"]
        .as_array()
        .expect("overrides")
        .iter()
        .map(|o| NaiveOverride {
            start: secs(str_of(o, "start")),
            end: secs(str_of(o, "end")),
            person: index[str_of(o, "person")],
            created: secs(str_of(o, "created_at")),
        })
        .collect();
    let mut bounds = vec![YEAR_START, YEAR_END];
    for l in &layers {
        for p in &l.pieces {
            bounds.push(p.start);
            bounds.push(p.end);
        }
    }
    for o in &overrides {
        bounds.push(o.start.clamp(YEAR_START, YEAR_END));
        bounds.push(o.end.clamp(YEAR_START, YEAR_END));
    }
    bounds.sort_unstable();
    bounds.dedup();
    // One sweep over the elementary intervals: a cursor per layer, and the set of overrides
    // in force (the last created wins).
    let mut by_start: Vec<&NaiveOverride> = overrides.iter().collect();
    by_start.sort_by_key(|o| o.start.max(YEAR_START));
    let mut next_override = 0;
    let mut active: Vec<&NaiveOverride> = Vec::new();
    let mut cursor = vec![0usize; layers.len()];
    let mut timeline: Vec<NaiveSegment> = Vec::new();
    for w in bounds.windows(2) {
        let (s, e) = (w[0], w[1]);
        let mut people: Vec<usize> = Vec::new();
        for (l, j) in layers.iter().zip(cursor.iter_mut()) {
            while l.pieces.get(*j).is_some_and(|p| p.end <= s) {
                *j += 1;
            }
            if let Some(p) = l.pieces.get(*j).filter(|p| p.start <= s) {
                if !l.union {
                    people.clear();
                }
                people.push(p.person);
            }
        }
        active.retain(|o| o.end > s);
        while let Some(o) = by_start
            .get(next_override)
            .filter(|o| o.start.max(YEAR_START) <= s)
        {
            active.push(o);
            next_override += 1;
        }
        if let Some(o) = active.iter().max_by_key(|o| o.created) {
            people = vec![o.person];
        }
        people.sort_unstable();
        people.dedup();
        match timeline.last_mut() {
            Some(last) if last.people == people && last.end == s => last.end = e,
            _ => timeline.push(NaiveSegment {
                start: s,
                end: e,
                people,
            }),
        }
    }
    Naive { people, timeline }
}

impl Naive {
    /// Who is on call at `t`: a linear scan of the timeline.
    fn oncall_linear(&self, t: i64) -> &[usize] {
        self.timeline
            .iter()
            .find(|s| s.start <= t && t < s.end)
            .map_or(&[], |s| s.people.as_slice())
    }

    /// Each person's on-call time as merged intervals.
    fn person_intervals(&self) -> BTreeMap<String, Vec<(i64, i64)>> {
        let mut out: BTreeMap<String, Vec<(i64, i64)>> = BTreeMap::new();
        for seg in &self.timeline {
            for &p in &seg.people {
                push_merged(
                    out.entry(self.people[p].clone()).or_default(),
                    seg.start,
                    seg.end,
                );
            }
        }
        out
    }
}

fn push_merged(list: &mut Vec<(i64, i64)>, s: i64, e: i64) {
    match list.last_mut() {
        Some(last) if last.1 >= s => last.1 = last.1.max(e),
        _ => list.push((s, e)),
    }
}

fn compiled_person_intervals(c: &CompiledSchedule) -> BTreeMap<String, Vec<(i64, i64)>> {
    let explained: Vec<_> = c
        .all_shifts()
        .iter()
        .map(|s| (s.person.clone(), s.start.timestamp(), s.end.timestamp()))
        .collect();
    let mut shifts: Vec<_> = c
        .shift_columns()
        .iter()
        .map(|r| (c.people()[r.person as usize].clone(), r.start, r.end))
        .collect();
    assert_eq!(explained, shifts, "columns and explained shifts differ");
    shifts.sort();
    let mut out: BTreeMap<String, Vec<(i64, i64)>> = BTreeMap::new();
    for (p, s, e) in shifts {
        push_merged(out.entry(p).or_default(), s, e);
    }
    out
}

fn compile_year(text: &str) -> CompiledSchedule {
    let schedule: Schedule = serde_json::from_str(text).expect("fixture parses");
    schedule.compile(year()).expect("fixture compiles")
}

/// Panics unless watchstander and the naive implementation give the same answers.
fn check_agreement(compiled: &CompiledSchedule, naive: &Naive) {
    let ours = compiled_person_intervals(compiled);
    let theirs = naive.person_intervals();
    assert_eq!(ours, theirs, "per-person on-call intervals differ");
    for t in instants(1_000, 7) {
        let mut who: Vec<&str> = compiled
            .responders(at(t))
            .expect("inside the year")
            .map(|s| s.person.as_str())
            .collect();
        who.sort_unstable();
        who.dedup();
        let mut naive_who: Vec<&str> = naive
            .oncall_linear(t)
            .iter()
            .map(|&p| naive.people[p].as_str())
            .collect();
        naive_who.sort_unstable();
        assert_eq!(who, naive_who, "who is on call at {t} differs");
    }
    let hours: i64 = ours.values().flatten().map(|(s, e)| e - s).sum::<i64>() / 3600;
    println!(
        "agreement: per-person intervals identical for the year ({} people, {} person-hours, {} final shifts, {} naive timeline segments, {} compiled segments); who-is-on-call identical at 1000 instants",
        ours.len(),
        hours,
        compiled.all_shifts().len(),
        naive.timeline.len(),
        compiled.segment_count()
    );
}

fn benches(c: &mut Criterion) {
    let compiled = compile_year(FIXTURE);
    let naive = naive_build(FIXTURE);
    check_agreement(&compiled, &naive);
    let schedule: Schedule = serde_json::from_str(FIXTURE).expect("fixture parses");

    let mut a = c.benchmark_group("a_year_of_shifts");
    a.sample_size(20).measurement_time(Duration::from_secs(5));
    a.bench_function("watchstander", |b| {
        b.iter(|| {
            // The final shifts as columns (person, start, end, layer): what the peer returns.
            let compiled = schedule.compile(year()).expect("compiles");
            let cols = compiled.shift_columns();
            black_box((
                cols.len(),
                cols.start.last().copied(),
                cols.person.first().copied(),
            ))
        })
    });
    a.bench_function("watchstander_explained", |b| {
        b.iter(|| {
            // Every shift explained: reason, why, uid, local times, DST facts, time off.
            let compiled = schedule.compile(year()).expect("compiles");
            let n = compiled.shifts(year()).expect("shifts").len();
            black_box(n)
        })
    });
    a.bench_function("naive", |b| {
        b.iter(|| {
            let naive = naive_build(black_box(FIXTURE));
            black_box(naive.person_intervals().len())
        })
    });
    a.finish();

    let mut q = c.benchmark_group("b_oncall_queries");
    q.sample_size(10).measurement_time(Duration::from_secs(5));
    let queries: Vec<DateTime<Utc>> = instants(QUERIES, 42).into_iter().map(at).collect();
    q.throughput(Throughput::Elements(QUERIES as u64));
    let unix: Vec<i64> = queries.iter().map(|t| t.timestamp()).collect();
    q.bench_function("watchstander_oncall_people_1M", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for &t in &unix {
                n += compiled.oncall_people_unix(t).expect("in window").len();
            }
            black_box(n)
        })
    });
    // `oncall` on a timeline whose shifts were never explained: it explains just the entries
    // it returns (100 000 queries; the 1M runs below reuse the explained shifts).
    let fresh = schedule.compile(year()).expect("compiles");
    q.bench_function("watchstander_oncall_unexplained_100k", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for t in queries.iter().take(100_000) {
                n += fresh.oncall(*t).expect("in window").on_call.len();
            }
            black_box(n)
        })
    });
    q.bench_function("watchstander_responders_1M", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for &t in &queries {
                n += compiled.responders(t).expect("in window").count();
            }
            black_box(n)
        })
    });
    q.bench_function("watchstander_oncall_detail_1M", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for &t in &queries {
                n += compiled.oncall(t).expect("in window").on_call.len();
            }
            black_box(n)
        })
    });
    let few: Vec<i64> = instants(NAIVE_QUERIES, 42);
    q.throughput(Throughput::Elements(NAIVE_QUERIES as u64));
    q.bench_function("naive_linear_scan_10k", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for &t in &few {
                n += naive.oncall_linear(t).len();
            }
            black_box(n)
        })
    });
    q.finish();

    let mut build = c.benchmark_group("c_build");
    build
        .sample_size(20)
        .measurement_time(Duration::from_secs(5));
    build.bench_function("watchstander_parse_validate_compile", |b| {
        b.iter(|| black_box(compile_year(black_box(FIXTURE)).segment_count()))
    });
    build.bench_function("watchstander_parse_validate", |b| {
        b.iter_batched(
            || FIXTURE,
            |text| black_box(serde_json::from_str::<Schedule>(text).is_ok()),
            BatchSize::SmallInput,
        )
    });
    build.bench_function("naive_parse_expand", |b| {
        b.iter(|| black_box(naive_build(black_box(FIXTURE)).timeline.len()))
    });
    build.finish();
}

criterion_group!(schedule_benches, benches);
criterion_main!(schedule_benches);
