//! Property tests of the schedule engine over random rosters, cadences, zones, DST policies,
//! restrictions and overrides. Windows are placed around the 2026 DST transitions of the
//! zones the issue names (Lord Howe's 30-minute shift, St John's and Kathmandu's odd offsets,
//! Chatham's 02:45 change).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use proptest::prelude::*;
use serde_json::{json, Value};
use watchstander::schedule::{CompiledSchedule, Interval, Reason, Schedule, Shift};
use watchstander::time::{Disambiguation, LocalAdjustment, Zone};

const ZONES: &[&str] = &[
    "Australia/Lord_Howe",
    "America/St_Johns",
    "Asia/Kathmandu",
    "Europe/London",
    "America/New_York",
    "Pacific/Chatham",
    "UTC",
];

/// Window starts about 36 hours before each zone's 2026 transitions (UTC); with an offset of
/// at most 12 hours and a length of at least 36 hours every window contains one.
fn starts_for(zone: &str) -> Vec<&'static str> {
    match zone {
        // 8 March 07:00Z / 1 November 06:00Z (St John's: 05:30Z / 04:30Z).
        "America/New_York" | "America/St_Johns" => {
            vec!["2026-03-06T18:00:00Z", "2026-10-30T18:00:00Z"]
        }
        // 29 March 01:00Z / 25 October 01:00Z.
        "Europe/London" => vec!["2026-03-27T12:00:00Z", "2026-10-23T12:00:00Z"],
        // Lord Howe 4 April 15:00Z / 3 October 15:30Z; Chatham 4 April 14:00Z / 26 September 14:00Z.
        "Australia/Lord_Howe" => vec!["2026-04-03T04:00:00Z", "2026-10-02T04:00:00Z"],
        "Pacific/Chatham" => vec!["2026-04-03T04:00:00Z", "2026-09-25T04:00:00Z"],
        _ => vec!["2026-06-15T00:00:00Z"],
    }
}

/// Local (hour, minute) pairs that each zone's 2026 transitions skip or repeat.
fn critical_times(zone: &str) -> Vec<(u32, u32)> {
    match zone {
        // gap 02:00-03:00, fold 01:00-02:00
        "America/New_York" | "America/St_Johns" => vec![(1, 0), (1, 30), (2, 0), (2, 30), (2, 45)],
        // gap and fold 01:00-02:00
        "Europe/London" => vec![(1, 0), (1, 15), (1, 30), (1, 45)],
        // gap 02:00-02:30, fold 01:30-02:00
        "Australia/Lord_Howe" => vec![(1, 30), (1, 45), (2, 0), (2, 15)],
        // gap and fold 02:45-03:45
        "Pacific/Chatham" => vec![(2, 45), (3, 0), (3, 15), (3, 30)],
        _ => vec![(0, 0), (9, 0)],
    }
}

const POLICIES: &[&str] = &["compatible", "earlier", "later", "end_of_gap"];

#[derive(Debug, Clone)]
enum Cadence {
    Hours(u32),
    Days(u32),
    Weeks(u32),
    Months,
    Handovers(Vec<i64>),
    RruleHourly(u32),
    RruleDaily(u32),
    RruleWeekly,
}

impl Cadence {
    fn json(&self, zone: &str, anchor: NaiveDateTime) -> Value {
        let rrule = |rule: String| json!({"rrule": format!("DTSTART;TZID={zone}:{}\nRRULE:{rule}", anchor.format("%Y%m%dT%H%M%S"))});
        match self {
            Cadence::Hours(n) => json!({"every": n, "unit": "hours"}),
            Cadence::Days(n) => json!({"every": n, "unit": "days"}),
            Cadence::Weeks(n) => json!({"every": n, "unit": "weeks"}),
            Cadence::Months => json!({"every": 1, "unit": "months"}),
            Cadence::Handovers(mins) => {
                json!({"handovers": mins.iter().map(|m| format!("PT{m}M")).collect::<Vec<_>>()})
            }
            Cadence::RruleHourly(n) => rrule(format!("FREQ=HOURLY;INTERVAL={n}")),
            Cadence::RruleDaily(n) => rrule(format!("FREQ=DAILY;INTERVAL={n}")),
            Cadence::RruleWeekly => rrule("FREQ=WEEKLY".to_string()),
        }
    }

    fn is_rrule(&self) -> bool {
        matches!(
            self,
            Cadence::RruleHourly(_) | Cadence::RruleDaily(_) | Cadence::RruleWeekly
        )
    }

    /// The local time of handoff `k`, computed here independently of the engine.
    fn expected_local(&self, anchor: NaiveDateTime, k: u64) -> NaiveDateTime {
        let k = k as i64;
        match self {
            Cadence::Hours(n) | Cadence::RruleHourly(n) => {
                anchor + Duration::hours(k * i64::from(*n))
            }
            Cadence::Days(n) | Cadence::RruleDaily(n) => anchor + Duration::days(k * i64::from(*n)),
            Cadence::Weeks(n) => anchor + Duration::weeks(k * i64::from(*n)),
            Cadence::RruleWeekly => anchor + Duration::weeks(k),
            Cadence::Months => {
                let d = anchor.date();
                let months = d.year_month_index() + k;
                let (y, m) = (
                    (months.div_euclid(12)) as i32,
                    (months.rem_euclid(12) + 1) as u32,
                );
                let last = (28..=31)
                    .rev()
                    .find(|day| NaiveDate::from_ymd_opt(y, m, *day).is_some())
                    .unwrap();
                NaiveDate::from_ymd_opt(y, m, d.day_of_month().min(last))
                    .unwrap()
                    .and_time(anchor.time())
            }
            Cadence::Handovers(mins) => {
                let n = mins.len() as i64;
                let cycle: i64 = mins.iter().sum();
                let within: i64 = mins.iter().take((k % n) as usize).sum();
                anchor + Duration::minutes((k / n) * cycle + within)
            }
        }
    }
}

trait DateParts {
    fn year_month_index(&self) -> i64;
    fn day_of_month(&self) -> u32;
}

impl DateParts for NaiveDate {
    fn year_month_index(&self) -> i64 {
        use chrono::Datelike;
        i64::from(self.year()) * 12 + i64::from(self.month0())
    }
    fn day_of_month(&self) -> u32 {
        use chrono::Datelike;
        self.day()
    }
}

#[derive(Debug, Clone)]
struct LayerGen {
    zone: &'static str,
    members: Vec<String>,
    anchor: NaiveDateTime,
    cadence: Cadence,
    policy: &'static str,
    active_time: bool,
    union: bool,
    restrictions: Vec<Value>,
}

#[derive(Debug, Clone)]
struct OverrideGen {
    person: String,
    start_min: i64,
    len_min: i64,
    add: bool,
}

#[derive(Debug, Clone)]
struct Case {
    zone: &'static str,
    layers: Vec<LayerGen>,
    overrides: Vec<OverrideGen>,
    start: DateTime<Utc>,
    hours: i64,
    split_min: i64,
}

impl Case {
    fn window(&self) -> Interval {
        Interval::new(self.start, self.start + Duration::hours(self.hours)).unwrap()
    }

    fn spec(&self) -> Value {
        let layers: Vec<Value> = self
            .layers
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let mut rot = json!({
                    "members": l.members,
                    "handoff": l.cadence.json(l.zone, l.anchor),
                    "dst": l.policy,
                    "turn_counting": if l.active_time { "active_time" } else { "clock" },
                });
                if !l.cadence.is_rrule() {
                    rot["anchor"] = json!(l.anchor.format("%Y-%m-%dT%H:%M").to_string());
                }
                json!({"id": format!("l{i}"), "zone": l.zone,
                       "combine": if l.union { "union" } else { "precedence" },
                       "restrictions": l.restrictions, "rotation": rot})
            })
            .collect();
        let overrides: Vec<Value> = self
            .overrides
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let s = self.start + Duration::minutes(o.start_min);
                json!({"id": format!("o{i}"), "kind": if o.add { "add" } else { "replace" },
                       "person": o.person, "start": s, "end": s + Duration::minutes(o.len_min),
                       "created_at": DateTime::<Utc>::from_timestamp(1_700_000_000 + i as i64, 0).unwrap()})
            })
            .collect();
        json!({"id": "prop", "zone": self.zone, "layers": layers, "overrides": overrides})
    }

    fn compile(&self, w: Interval) -> CompiledSchedule {
        let s: Schedule = watchstander::from_json(&self.spec())
            .unwrap_or_else(|e| panic!("spec refused: {e}\n{}", self.spec()));
        s.compile(w)
            .unwrap_or_else(|e| panic!("compile failed: {e}\n{}", self.spec()))
    }
}

fn cadence() -> impl Strategy<Value = Cadence> {
    prop_oneof![
        2 => prop::sample::select(vec![1u32, 1, 2, 3, 6, 8, 12]).prop_map(Cadence::Hours),
        3 => (1u32..=3).prop_map(Cadence::Days),
        1 => (1u32..=2).prop_map(Cadence::Weeks),
        1 => Just(Cadence::Months),
        1 => prop::collection::vec(prop::sample::select(vec![30i64, 480, 720, 1440, 2880, 4320]), 1..4)
            .prop_map(Cadence::Handovers),
        1 => (4u32..=8).prop_map(Cadence::RruleHourly),
        2 => (1u32..=2).prop_map(Cadence::RruleDaily),
        1 => Just(Cadence::RruleWeekly),
    ]
}

fn restriction() -> impl Strategy<Value = Value> {
    let day = prop::sample::select(vec!["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
    let clock = (0u32..96).prop_map(|q| format!("{:02}:{:02}", q / 4, (q % 4) * 15));
    prop_oneof![
        (clock.clone(), clock.clone()).prop_map(|(s, e)| json!({"start": s, "end": e})),
        (
            prop::collection::btree_set(day.clone(), 1..6),
            clock.clone(),
            clock.clone()
        )
            .prop_map(|(d, s, e)| json!({"days": d, "start": s, "end": e})),
        (day.clone(), clock.clone(), day, clock).prop_map(
            |(sd, s, ed, e)| json!({"start_day": sd, "start": s, "end_day": ed, "end": e})
        ),
    ]
}

fn layer(
    home: &'static str,
    before: NaiveDate,
    force_precedence: bool,
    allow_restrictions: bool,
) -> impl Strategy<Value = LayerGen> {
    (
        prop_oneof![3 => Just(home), 1 => prop::sample::select(ZONES.to_vec())],
        prop::sample::subsequence(vec!["ann", "bo", "cy", "di", "ed", "flo"], 1..6),
        1i64..60,
        // Most anchors fall at local times that the home zone's DST skips or repeats.
        prop_oneof![
            1 => (0u32..24, prop::sample::select(vec![0u32, 15, 30, 45])),
            3 => prop::sample::select(critical_times(home)),
        ],
        cadence(),
        prop::sample::select(POLICIES.to_vec()),
        any::<bool>(),
        any::<bool>(),
        if allow_restrictions {
            prop::collection::vec(restriction(), 0..3).boxed()
        } else {
            Just(vec![]).boxed()
        },
    )
        .prop_map(
            move |(zone, members, day, (h, m), cadence, policy, active, union, restrictions)| {
                let anchor = (before - Duration::days(day)).and_hms_opt(h, m, 0).unwrap();
                LayerGen {
                    zone,
                    members: members.into_iter().map(str::to_string).collect(),
                    anchor,
                    cadence,
                    policy,
                    active_time: active,
                    union: union && !force_precedence,
                    restrictions,
                }
            },
        )
}

fn case(
    force_precedence: bool,
    allow_restrictions: bool,
    allow_add: bool,
) -> impl Strategy<Value = Case> {
    prop::sample::select(ZONES.to_vec())
        .prop_flat_map(|zone| (Just(zone), prop::sample::select(starts_for(zone))))
        .prop_flat_map(move |(zone, start)| {
            let start = watchstander::time::parse_instant(start).unwrap();
            (
                Just(zone),
                prop::collection::vec(
                    layer(
                        zone,
                        start.date_naive(),
                        force_precedence,
                        allow_restrictions,
                    ),
                    1..4,
                ),
                prop::collection::vec(
                    (
                        prop::sample::select(vec!["ann", "bo", "zed", "yan"]),
                        0i64..(14 * 1440),
                        30i64..3000,
                        any::<bool>(),
                    ),
                    0..4,
                ),
                Just(start),
                0i64..12,
                36i64..(10 * 24),
                0i64..10_000,
            )
        })
        .prop_map(move |(zone, layers, ovs, start, off, hours, split)| Case {
            zone,
            layers,
            overrides: ovs
                .into_iter()
                .map(|(p, s, l, add)| OverrideGen {
                    person: p.to_string(),
                    start_min: s % (hours * 60),
                    len_min: l,
                    add: add && allow_add,
                })
                .collect(),
            start: start + Duration::hours(off),
            hours,
            split_min: 1 + split % (hours * 60 - 1),
        })
}

fn sample_points(c: &CompiledSchedule) -> Vec<DateTime<Utc>> {
    let w = c.window();
    let mut pts = vec![w.start];
    for s in c.all_shifts() {
        pts.push(s.start);
        pts.push(s.end);
        pts.push(s.start + (s.end - s.start) / 2);
    }
    for g in c.gaps(w).unwrap() {
        pts.push(g.start);
        pts.push(g.start + (g.end - g.start) / 2);
    }
    pts.retain(|t| w.contains(*t));
    pts.sort();
    pts.dedup();
    pts
}

fn people_at(c: &CompiledSchedule, t: DateTime<Utc>) -> BTreeSet<(String, Reason)> {
    c.responders(t)
        .unwrap()
        .map(|s| (s.person.clone(), s.reason.clone()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    /// With only precedence layers and replacing overrides, at most one person is on call at
    /// any instant: final shifts never overlap.
    #[test]
    fn final_shifts_never_overlap_within_a_precedence_stack(case in case(true, true, false)) {
        let c = case.compile(case.window());
        let shifts = c.all_shifts();
        for pair in shifts.windows(2) {
            prop_assert!(pair[0].end <= pair[1].start, "{:?} overlaps {:?}", pair[0], pair[1]);
        }
    }

    /// A gap appears only where no layer has anyone and no override puts anyone on, and every
    /// instant with nobody on call lies in a reported gap (and vice versa).
    #[test]
    fn gaps_come_only_from_layers_and_are_all_reported(case in case(false, true, true)) {
        let c = case.compile(case.window());
        let w = c.window();
        let gaps = c.gaps(w).unwrap();
        let layer_ids: Vec<String> = (0..case.layers.len()).map(|i| format!("l{i}")).collect();
        let mut covered = Duration::zero();
        for s in c.all_shifts() { covered += s.end - s.start; }
        for t in sample_points(&c) {
            let now = c.oncall(t).unwrap();
            let in_gap = gaps.iter().any(|g| g.contains(t));
            prop_assert_eq!(now.gap, in_gap, "at {}", t);
            if now.gap {
                for id in &layer_ids {
                    let layer_has = c.layer_shifts(id, w).unwrap().iter().any(|s| s.interval().contains(t));
                    prop_assert!(!layer_has, "gap at {} although layer {} has someone", t, id);
                }
                for (i, o) in case.overrides.iter().enumerate() {
                    let s = case.start + Duration::minutes(o.start_min);
                    let iv = Interval::new(s, s + Duration::minutes(o.len_min)).unwrap();
                    prop_assert!(!iv.contains(t), "gap at {} inside override o{}", t, i);
                }
            }
        }
        // Gaps and on-call time tile the window when no two people are on call together.
        if case.layers.iter().all(|l| !l.union) && case.overrides.iter().all(|o| !o.add) {
            let gap_total: Duration = gaps.iter().map(|g| g.duration()).sum();
            prop_assert_eq!(gap_total + covered, w.duration());
        }
    }

    /// Turns go round the roster: over any run of consecutive turns each member's count differs
    /// by at most one — with `active_time`, counting only turns that have on-call time, so
    /// restricted rotations stay fair.
    #[test]
    fn over_whole_cycles_turn_counts_differ_by_at_most_one(case in case(true, true, false)) {
        let c = case.compile(case.window());
        let w = c.window();
        for (i, l) in case.layers.iter().enumerate() {
            if !l.active_time && !l.restrictions.is_empty() { continue; }
            let mut owner: BTreeMap<u64, String> = BTreeMap::new();
            let mut partial = BTreeSet::new();
            for s in c.layer_shifts(&format!("l{i}"), w).unwrap() {
                let Reason::Layer { turn, .. } = s.reason else { continue };
                if s.truncated_start || s.truncated_end { partial.insert(turn); }
                owner.insert(turn, s.person.clone());
            }
            // A turn DST squeezed to nothing still went to its member.
            if !l.active_time {
                for m in c.merged_turns(w).unwrap().into_iter().filter(|m| m.layer == format!("l{i}")) {
                    owner.insert(m.turn, m.member.clone().unwrap());
                }
            }
            for p in &partial { owner.remove(p); }
            let numbers: Vec<u64> = owner.keys().copied().collect();
            if numbers.len() < l.members.len() { continue; }
            if l.active_time {
                // Active turns are numbered without holes.
                for pair in numbers.windows(2) {
                    prop_assert_eq!(pair[1], pair[0] + 1);
                }
            }
            let run = numbers.len() / l.members.len() * l.members.len();
            let mut counts: BTreeMap<&str, usize> = l.members.iter().map(|m| (m.as_str(), 0)).collect();
            for k in numbers.iter().take(run) {
                *counts.get_mut(owner[k].as_str()).unwrap() += 1;
            }
            let max = counts.values().max().unwrap();
            let min = counts.values().min().unwrap();
            prop_assert!(max - min <= 1, "layer l{}: {:?}", i, counts);
        }
    }

    /// The last-created replacing override is on call, alone and as itself, throughout its
    /// window; its shifts cover exactly its window.
    #[test]
    fn an_overrides_window_is_exactly_covered_by_its_person(case in case(false, true, false)) {
        prop_assume!(!case.overrides.is_empty());
        let c = case.compile(case.window());
        let w = c.window();
        let last = case.overrides.len() - 1;
        let o = &case.overrides[last];
        let s = case.start + Duration::minutes(o.start_min);
        let Some(iv) = Interval::new(s, s + Duration::minutes(o.len_min)).unwrap().intersect(&w) else {
            return Ok(());
        };
        let id = format!("o{last}");
        let mine: Vec<_> = c.all_shifts().iter()
            .filter(|x| matches!(&x.reason, Reason::Override { id: i, .. } if *i == id))
            .collect();
        let total: Duration = mine.iter().map(|x| x.end - x.start).sum();
        prop_assert_eq!(total, iv.duration());
        prop_assert_eq!(mine.first().map(|x| x.start), Some(iv.start));
        prop_assert_eq!(mine.last().map(|x| x.end), Some(iv.end));
        for t in [iv.start, iv.start + iv.duration() / 2, iv.end - Duration::seconds(1)] {
            let who: Vec<String> = c.responders(t).unwrap().map(|x| x.person.clone()).collect();
            prop_assert_eq!(who, vec![o.person.clone()]);
        }
    }

    /// Compiling [a, c) gives the same timeline and the same shifts as compiling [a, b) and
    /// [b, c) and gluing the shifts cut at b.
    #[test]
    fn splitting_a_window_in_two_and_concatenating_gives_the_same_shifts(case in case(false, true, true)) {
        let w = case.window();
        let b = w.start + Duration::minutes(case.split_min);
        let whole = case.compile(w);
        let left = case.compile(Interval::new(w.start, b).unwrap());
        let right = case.compile(Interval::new(b, w.end).unwrap());
        for t in sample_points(&whole).into_iter().chain(sample_points(&left)).chain(sample_points(&right)) {
            let part = if t < b { &left } else { &right };
            prop_assert_eq!(people_at(&whole, t), people_at(part, t), "at {}", t);
        }
        type Row = (String, Reason, DateTime<Utc>, DateTime<Utc>);
        let rows = |c: &CompiledSchedule| -> Vec<Row> {
            c.all_shifts().iter().map(|s| (s.person.clone(), s.reason.clone(), s.start, s.end)).collect()
        };
        let mut glued: Vec<Row> = rows(&left);
        for r in rows(&right) {
            match glued.iter_mut().find(|g| g.3 == b && r.2 == b && g.0 == r.0 && g.1 == r.1) {
                Some(g) => g.3 = r.3,
                None => glued.push(r),
            }
        }
        glued.sort_by(|x, y| (x.2, &x.0, x.3).cmp(&(y.2, &y.0, y.3)));
        let mut expected = rows(&whole);
        expected.sort_by(|x, y| (x.2, &x.0, x.3).cmp(&(y.2, &y.0, y.3)));
        prop_assert_eq!(glued, expected);
        // Uids of shifts that the split does not cut are the same in both compilations.
        for s in left.all_shifts().iter().chain(right.all_shifts()).filter(|s| !s.truncated_start && !s.truncated_end) {
            prop_assert!(whole.all_shifts().iter().any(|x| x.uid == s.uid), "uid {} not in the whole window", s.uid);
        }
    }

    /// Asking one compilation about a part of its window gives what overlaps that part, and
    /// the two halves of a window split at a handoff give the whole.
    #[test]
    fn queries_over_part_of_the_window_give_what_overlaps_it(case in case(false, true, true)) {
        let c = case.compile(case.window());
        let w = c.window();
        let all = c.handoffs(w).unwrap();
        // Split at a handoff when there is one: the edge case for every query.
        let mid = all.get(all.len() / 2).map_or(w.start + Duration::minutes(case.split_min), |h| h.at);
        prop_assume!(w.start < mid && mid < w.end);
        let halves = [Interval::new(w.start, mid).unwrap(), Interval::new(mid, w.end).unwrap()];
        let key = |s: &Shift| (s.person.clone(), s.start, s.end, s.reason.clone());
        let overlapping = |list: &[&Shift], p: &Interval| -> Vec<_> {
            list.iter().filter(|s| s.start < p.end && s.end > p.start).map(|s| key(s)).collect()
        };
        let whole_shifts = c.shifts(w).unwrap();
        let layers: Vec<(String, Vec<&Shift>)> = (0..case.layers.len())
            .map(|i| format!("l{i}"))
            .map(|id| { let list = c.layer_shifts(&id, w).unwrap(); (id, list) })
            .collect();
        let mut glued = Vec::new();
        for p in &halves {
            let part = c.handoffs(*p).unwrap();
            prop_assert!(part.iter().all(|h| p.contains(h.at)));
            glued.extend(part.iter().map(|h| h.at));
            let got: Vec<_> = c.shifts(*p).unwrap().into_iter().map(key).collect();
            prop_assert_eq!(got, overlapping(&whole_shifts, p));
            for (id, list) in &layers {
                let got: Vec<_> = c.layer_shifts(id, *p).unwrap().into_iter().map(key).collect();
                prop_assert_eq!(got, overlapping(list, p), "layer {}", id);
            }
        }
        prop_assert_eq!(glued, all.iter().map(|h| h.at).collect::<Vec<_>>());
    }

    /// `oncall(t)` and `shifts(window)` tell the same story at every instant.
    #[test]
    fn oncall_agrees_with_shifts_at_every_instant(case in case(false, true, true)) {
        let c = case.compile(case.window());
        let shifts = c.shifts(c.window()).unwrap();
        for t in sample_points(&c) {
            let now = c.oncall(t).unwrap();
            let from_oncall: BTreeSet<(String, Reason)> =
                now.on_call.iter().map(|e| (e.person.clone(), e.reason.clone())).collect();
            let from_shifts: BTreeSet<(String, Reason)> = shifts.iter()
                .filter(|s| s.start <= t && t < s.end)
                .map(|s| (s.person.clone(), s.reason.clone()))
                .collect();
            prop_assert_eq!(&from_oncall, &from_shifts, "at {}", t);
            prop_assert!(now.unchanged.contains(t));
            if let Some(n) = now.next_handoff { prop_assert!(n > t); }
            // The bulk path (handles, Unix seconds) tells the same story.
            let people: BTreeSet<&str> = c.oncall_people_unix(t.timestamp()).unwrap().iter()
                .map(|h| c.people()[*h as usize].as_str()).collect();
            let expected: BTreeSet<&str> = from_shifts.iter().map(|(p, _)| p.as_str()).collect();
            prop_assert_eq!(&people, &expected, "handles at {}", t);
            let all = c.all_shifts();
            let held: BTreeSet<(String, Reason)> = c.oncall_shift_indices_unix(t.timestamp())
                .unwrap().iter()
                .map(|i| &all[*i as usize])
                .map(|s| (s.person.clone(), s.reason.clone()))
                .collect();
            prop_assert_eq!(&held, &from_shifts, "shift indices at {}", t);
        }
        // A handle names one person of the people table, and back.
        for (h, p) in c.people().iter().enumerate() {
            prop_assert_eq!(c.person_handle(p), Some(h as u32));
        }
        prop_assert_eq!(c.person_handle("no-such-person"), None);
        // The bulk path refuses instants outside the compiled window, like `oncall`.
        let (ws, we) = (c.window().start.timestamp(), c.window().end.timestamp());
        prop_assert!(c.oncall_people_unix(ws).is_ok());
        prop_assert!(c.oncall_people_unix(we - 1).is_ok());
        prop_assert!(c.oncall_people_unix(we).is_err());
        prop_assert!(c.oncall_people_unix(ws - 1).is_err());
        prop_assert!(c.oncall_shift_indices_unix(we).is_err());
        prop_assert!(c.oncall_shift_indices_unix(ws - 1).is_err());
    }
}

proptest! {
    // Cheap, and a handoff must hit a gap or fold under a non-default policy to prove much.
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

    /// Every handoff of an unrestricted clock-counted rotation lands at the local time the
    /// cadence asks for, or where the DST policy says it goes.
    #[test]
    fn every_handoff_lands_at_the_local_handoff_time_or_the_policy_adjustment(case in case(true, false, false)) {
        let c = case.compile(case.window());
        let w = c.window();
        for (i, l) in case.layers.iter().enumerate() {
            if l.active_time { continue; }
            let zone = Zone::parse(l.zone).unwrap();
            let policy: Disambiguation = serde_json::from_value(json!(l.policy)).unwrap();
            for s in c.layer_shifts(&format!("l{i}"), w).unwrap() {
                if s.truncated_start { continue; }
                let Reason::Layer { turn, .. } = s.reason else { continue };
                let want = l.cadence.expected_local(l.anchor, turn);
                let got = zone.to_local(s.start);
                let r = zone.resolve_local(want, policy).unwrap();
                // A handoff is never placed before the previous one: when the DST policy moved
                // the previous handoff past this one's local time, this one is placed there too
                // (the turn between them is squeezed to nothing and reported as merged).
                let previous = turn
                    .checked_sub(1)
                    .map(|t| zone.resolve_local(l.cadence.expected_local(l.anchor, t), policy).unwrap().instant);
                if let Some(p) = previous.filter(|p| *p > r.instant) {
                    prop_assert_eq!(s.start, p, "turn {} of l{} placed at the previous handoff", turn, i);
                    continue;
                }
                match r.adjustment {
                    LocalAdjustment::None => prop_assert_eq!(got, want, "turn {} of l{}", turn, i),
                    LocalAdjustment::Gap { gap_end, gap_seconds, .. } => {
                        let gap = Duration::seconds(gap_seconds);
                        match l.policy {
                            "compatible" | "later" => prop_assert_eq!(got, want + gap),
                            "end_of_gap" => prop_assert_eq!(got, gap_end),
                            // `earlier` moves back by the gap, unless that would pass the
                            // previous handoff, where it is placed instead.
                            _ => prop_assert!(got >= want - gap && got < gap_end, "{} vs {}", got, want),
                        }
                    }
                    LocalAdjustment::Fold { other, .. } => {
                        prop_assert_eq!(got, want);
                        if l.policy == "later" {
                            prop_assert!(s.start > other);
                        } else {
                            prop_assert!(s.start < other);
                        }
                    }
                }
            }
        }
    }
}
