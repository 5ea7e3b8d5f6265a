//! Hostile and oversized schedules (issue 9): every one gives the right answer or a typed
//! error naming its bound, and none does work quadratic in its input. No test measures time;
//! each would take minutes (or abort) with the algorithms these tests replaced.

use chrono::{DateTime, Duration, TimeZone, Utc};
use watchstander::schedule::{
    Interval, OverrideKind, OverrideSpec, Schedule, ScheduleError, ScheduleSpec, SwapKind,
    SwapSpec, TemporaryScheduleSpec, TemporaryShiftSpec, MAX_ID_CHARS, MAX_NOTE_CHARS,
    MAX_OVERRIDE_STEPS, MAX_PIECES, MAX_RESTRICTIONS, MAX_SEGMENTS, MAX_TIMELINE_ENTRIES,
};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()
}

/// 2026-01-01 to 2029-01-01: 1 096 days (2028 is a leap year), the longest window.
fn three_years() -> Interval {
    Interval::new(t0(), t0() + Duration::days(1096)).unwrap()
}

/// A schedule in UTC with one rotation per `(members, unit, combine)`.
fn spec(layers: &[(Vec<String>, &str, &str)]) -> ScheduleSpec {
    let layers: Vec<_> = layers
        .iter()
        .enumerate()
        .map(|(i, (members, unit, combine))| {
            serde_json::json!({"id": format!("l{i}"), "combine": combine, "rotation": {
                "members": members, "anchor": "2026-01-01T00:00",
                "handoff": {"every": 1, "unit": unit}}})
        })
        .collect();
    serde_json::from_value(serde_json::json!({"id": "s", "zone": "UTC", "layers": layers})).unwrap()
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn ov(
    i: usize,
    kind: OverrideKind,
    person: &str,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> OverrideSpec {
    OverrideSpec {
        id: Some(format!("o{i}")),
        kind,
        person: person.to_string(),
        replaces: None,
        start,
        end,
        created_at: Some(t0() + Duration::seconds(i as i64)),
        note: None,
    }
}

fn code(e: ScheduleError) -> &'static str {
    e.code()
}

#[test]
fn a_member_id_of_100_000_characters_is_a_typed_error_before_any_work() {
    // Issue 9: with an hourly cadence over 3 years this allocated > 11 GB and aborted.
    let long = "m".repeat(100_000);
    let err = Schedule::new(spec(&[(vec![long, "b".into()], "hours", "precedence")])).unwrap_err();
    match &err {
        ScheduleError::InvalidId { kind, id } => {
            assert_eq!(kind, "member");
            assert_eq!(id.chars().count(), MAX_ID_CHARS);
        }
        other => panic!("{other:?}"),
    }
    // The longest allowed id compiles (its memory is measured in `schedule_memory.rs`).
    let ok = Schedule::new(spec(&[(
        vec!["m".repeat(MAX_ID_CHARS), "b".into()],
        "hours",
        "precedence",
    )]));
    assert_eq!(
        ok.unwrap()
            .compile(three_years())
            .unwrap()
            .shift_columns()
            .len(),
        26_304
    );
}

#[test]
fn every_id_and_text_field_has_a_limit() {
    let base = serde_json::json!({"id": "s", "zone": "UTC", "layers": [{"id": "l", "rotation": {
        "members": ["a"], "anchor": "2026-01-01T00:00", "handoff": {"every": 1, "unit": "days"}}}]});
    let long_id = "x".repeat(MAX_ID_CHARS + 1);
    let cases: Vec<(&str, serde_json::Value, &str)> = vec![
        (
            "/layers/0/rotation/members/0",
            serde_json::json!(long_id),
            "invalid_id",
        ),
        (
            "/layers/0/rotation/members/0",
            serde_json::json!(""),
            "invalid_id",
        ),
        (
            "/layers/0/name",
            serde_json::json!("n".repeat(201)),
            "text_too_long",
        ),
        ("/name", serde_json::json!("n".repeat(201)), "text_too_long"),
        (
            "/overrides",
            serde_json::json!([{"person": long_id, "start": "2026-01-01T00:00:00Z", "end": "2026-01-02T00:00:00Z"}]),
            "invalid_id",
        ),
        (
            "/overrides",
            serde_json::json!([{"person": "a", "note": "n".repeat(MAX_NOTE_CHARS + 1), "start": "2026-01-01T00:00:00Z", "end": "2026-01-02T00:00:00Z"}]),
            "text_too_long",
        ),
        (
            "/overrides",
            serde_json::json!([{"person": "a", "start": "2026-01-01T00:00:00.5Z", "end": "2026-01-02T00:00:00Z"}]),
            "subsecond_instant",
        ),
        (
            "/shadows",
            serde_json::json!([{"person": long_id, "shadows": "a"}]),
            "invalid_id",
        ),
        (
            "/people",
            serde_json::json!([{"id": "a", "time_off": [{"name": "n".repeat(201), "date": "2026-01-05"}]}]),
            "text_too_long",
        ),
        (
            "/people",
            serde_json::json!([{"id": "a", "backup": long_id}]),
            "invalid_id",
        ),
        (
            "/swaps",
            serde_json::json!([{"id": "w", "layer": "l", "turn": 1, "from": "a", "to": long_id}]),
            "invalid_id",
        ),
        (
            "/time_off_policy",
            serde_json::json!({"mode": "reassign", "backup": long_id}),
            "invalid_id",
        ),
    ];
    for (path, value, expected) in cases {
        let mut doc = base.clone();
        let (parent, key) = path.rsplit_once('/').unwrap();
        let target = doc.pointer_mut(parent).unwrap();
        match key.parse::<usize>() {
            Ok(i) => target[i] = value,
            Err(_) => target[key] = value,
        }
        let spec: ScheduleSpec = serde_json::from_value(doc).unwrap();
        assert_eq!(
            Schedule::new(spec).map(|_| ()).map_err(code),
            Err(expected),
            "{path}"
        );
    }
}

#[test]
fn a_hundred_thousand_nested_replace_overrides_cost_one_step_per_segment() {
    // Issue 9: 100k `replace` overrides made one `oncall` take 85–133 s. Nested windows are
    // the worst case: every override is in force at the centre.
    let mid = t0() + Duration::days(45);
    let mut s = spec(&[(names(&["a", "b"]), "days", "precedence")]);
    s.overrides = (0..100_000)
        .map(|i| {
            let r = Duration::seconds(30 * (i as i64 + 1));
            ov(
                i,
                OverrideKind::Replace,
                &format!("p{}", i % 7),
                mid - r,
                mid + r,
            )
        })
        .collect();
    let c = Schedule::new(s)
        .unwrap()
        .compile(Interval::new(t0(), t0() + Duration::days(90)).unwrap())
        .unwrap();
    let now = c.oncall(mid).unwrap();
    // The last created (o99999, p4) wins; it took the time from the one before (o99998, p3).
    assert_eq!(now.on_call.len(), 1);
    assert_eq!(now.on_call[0].person, "p4");
    assert_eq!(now.on_call[0].shift_uid, "s/override/o99999/p4");
    assert_eq!(now.on_call[0].replaced, ["p3"]);
    // Each override is the last created one just inside its own window's edges.
    let edge = c.oncall(mid - Duration::seconds(30 * 100_000)).unwrap();
    assert_eq!(edge.on_call[0].person, "p4");
    assert_eq!(edge.on_call[0].replaced, ["a"]);
}

#[test]
fn a_hundred_thousand_add_overrides_over_three_years_are_one_sweep() {
    // Issue 9: 100k `add` overrides over a 3-year window took more than 600 s.
    let mut s = spec(&[(names(&["a", "b"]), "days", "precedence")]);
    let w = three_years();
    let span = w.duration().num_seconds();
    s.overrides = (0..100_000)
        .map(|i| {
            let start = t0() + Duration::seconds((i as i64 * 947) % (span - 3600));
            ov(
                i,
                OverrideKind::Add,
                &format!("q{i}"),
                start,
                start + Duration::hours(1),
            )
        })
        .collect();
    let c = Schedule::new(s).unwrap().compile(w).unwrap();
    let cols = c.shift_columns();
    // Every add gives its person exactly one hour; the rotation keeps its 1 096 days.
    let added: i64 = cols
        .iter()
        .filter(|r| c.people()[r.person as usize].starts_with('q'))
        .map(|r| r.end - r.start)
        .sum();
    assert_eq!(added, 100_000 * 3600);
    let rotation: i64 = cols
        .iter()
        .filter(|r| !c.people()[r.person as usize].starts_with('q'))
        .map(|r| r.end - r.start)
        .sum();
    assert_eq!(rotation, span);
    assert!(c.notices().is_empty());
}

#[test]
fn overlapping_add_overrides_beyond_the_step_bound_are_refused_quickly() {
    // The same person added 100 000 times over the whole window: every segment would apply
    // every override. The compile stops at the documented bound instead.
    let mut s = spec(&[(names(&["a", "b"]), "hours", "precedence")]);
    let w = three_years();
    s.overrides = adds_of_x(100_000, w.start, w.end).collect();
    refused_at_the_override_step_bound(s, w);
}

/// `n` adds of the same person, x, over `[start, end)`, created a second apart.
fn adds_of_x(
    n: usize,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> impl Iterator<Item = OverrideSpec> {
    (0..n).map(move |i| ov(i, OverrideKind::Add, "x", start, end))
}

fn refused_at_the_override_step_bound(s: ScheduleSpec, w: Interval) {
    match Schedule::new(s).unwrap().compile(w).unwrap_err() {
        ScheduleError::LimitExceeded { max, .. } => assert_eq!(max, MAX_OVERRIDE_STEPS),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_compile_of_exactly_the_step_bound_is_allowed() {
    // Each segment costs one step and one per override applied: 999 adds over 20 000 hourly
    // segments are 20 000 000 steps, the bound itself. One more hour is over it.
    let mut s = spec(&[(names(&["a", "b"]), "hours", "precedence")]);
    let at_bound = Interval::new(t0(), t0() + Duration::hours(20_000)).unwrap();
    s.overrides = adds_of_x(999, t0(), t0() + Duration::hours(20_001)).collect();
    assert_eq!(20_000 * (1 + 999), MAX_OVERRIDE_STEPS);
    let c = Schedule::new(s.clone()).unwrap().compile(at_bound).unwrap();
    // 20 000 hourly turns, and one unbroken shift for x.
    assert_eq!(c.shift_columns().len(), 20_001);
    let over = Interval::new(t0(), t0() + Duration::hours(20_001)).unwrap();
    refused_at_the_override_step_bound(s, over);
}

#[test]
fn adds_before_a_whole_window_replacement_count_towards_the_step_bound() {
    // 1 000 adds, then a replacement created after them, all over the whole window. The
    // replacement decides who is on call, but each segment still applies the adds before it
    // (to learn whether each ever changes who is on call): 26 304 hourly segments × 1 002
    // applications is over the bound.
    let mut s = spec(&[(names(&["a", "b"]), "hours", "precedence")]);
    let w = three_years();
    s.overrides = adds_of_x(1_000, w.start, w.end)
        .chain(std::iter::once(ov(
            1_000,
            OverrideKind::Replace,
            "y",
            w.start,
            w.end,
        )))
        .collect();
    refused_at_the_override_step_bound(s, w);
}

#[test]
fn ten_thousand_covers_of_an_hourly_rotation_are_applied_in_one_pass() {
    // Issue 9: 10k covers took 11.5 s (each rewrote the whole layer).
    let mut s = spec(&[(names(&["a", "b", "c"]), "hours", "precedence")]);
    s.swaps = (0..10_000u64)
        .map(|i| SwapSpec {
            id: format!("c{i}"),
            kind: SwapKind::Cover,
            layer: "l0".into(),
            turn: Some(2 * i),
            turn_start: None,
            from: ["a", "b", "c"][(2 * i % 3) as usize].into(),
            to: "z".into(),
            within: None,
            with_turn: None,
            with_turn_start: None,
            created_at: None,
        })
        .collect();
    let c = Schedule::new(s).unwrap().compile(three_years()).unwrap();
    assert!(
        c.swap_reports().iter().all(|r| r.detail.contains("takes")),
        "every cover applies"
    );
    let z = c.person_handle("z").unwrap();
    let cols = c.shift_columns();
    // Turn 2i is hour 2i of 2026: z covers every other hour of the first 20 000.
    let mine: Vec<i64> = cols
        .iter()
        .filter(|r| r.person == z)
        .map(|r| r.start)
        .collect();
    assert_eq!(mine.len(), 10_000);
    assert!(mine
        .iter()
        .enumerate()
        .all(|(i, s)| *s == t0().timestamp() + 7200 * i as i64));
}

#[test]
fn a_compile_of_exactly_the_piece_bound_is_allowed_and_one_more_piece_is_refused() {
    // 40 union layers of hourly turns over 25 000 hours: exactly 1 000 000 pieces.
    let layers: Vec<_> = (0..40)
        .map(|_| (names(&["a", "b"]), "hours", "union"))
        .collect();
    let schedule = Schedule::new(spec(&layers)).unwrap();
    assert_eq!(40 * 25_000, MAX_PIECES);
    let hours = |h: i64| Interval::new(t0(), t0() + Duration::hours(h)).unwrap();
    let ok = schedule.compile(hours(25_000)).unwrap();
    // The layers agree, and a and b alternate: one shift an hour.
    assert_eq!(ok.all_shifts().len(), 25_000);
    match schedule.compile(hours(25_001)).unwrap_err() {
        ScheduleError::LimitExceeded { max, count, .. } => {
            assert_eq!((count, max), (MAX_PIECES as u64 + 1, MAX_PIECES as u64))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_hundred_union_layers_of_hourly_turns_over_three_years_exceed_the_piece_bound() {
    // Issue 9: 100 union layers × 1 000 members, hourly, over 1 096 days took 18 s and
    // 2.9 GB. That is 2.6 million pieces: refused at the documented bound, found while
    // expanding.
    let layers: Vec<_> = (0..100)
        .map(|l| {
            let members: Vec<String> = (0..1000).map(|m| format!("m{l}-{m}")).collect();
            (members, "hours", "union")
        })
        .collect();
    let err = Schedule::new(spec(&layers))
        .unwrap()
        .compile(three_years())
        .unwrap_err();
    match err {
        ScheduleError::LimitExceeded { max, count, .. } => {
            assert_eq!(max, MAX_PIECES as u64);
            // 38 layers of 26 304 pieces fit (999 552); the 39th crosses the bound.
            assert!(count > max && count <= 39 * 26_304, "{count}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn fairness_results_that_are_not_finite_numbers_are_refused() {
    // Issue 9: weights of 1e308 gave `points: null` (JSON for infinity).
    use watchstander::schedule::{FairnessSettings, Weights};
    let c = Schedule::new(spec(&[(names(&["alice", "bob"]), "days", "precedence")]))
        .unwrap()
        .compile(Interval::new(t0(), t0() + Duration::days(4)).unwrap())
        .unwrap();
    let settings = FairnessSettings {
        weights: Weights {
            hour: 1e308,
            ..Weights::default()
        },
        ..FairnessSettings::default()
    };
    let err = c.fairness(c.window(), &settings).unwrap_err();
    assert_eq!(err.code(), "fairness_overflow");
    assert!(err.to_string().contains("points of \"alice\""), "{err}");
    // Large but finite weights still work: 48 h × 1e300.
    let settings = FairnessSettings {
        weights: Weights {
            hour: 1e300,
            ..Weights::default()
        },
        ..FairnessSettings::default()
    };
    let ledger = c.fairness(c.window(), &settings).unwrap();
    assert!(ledger
        .rows
        .iter()
        .all(|r| r.points == 48.0 * 1e300 + 20.0 * 0.5 + 24.0));
}

/// `count` back-to-back temporary schedules of `width` seconds from `t0()`. In each, second
/// `i` has `cycle[i % cycle.len()]` on call (`None`: a gap), and each of `along` is on call
/// all through it.
fn temporaries(
    count: i64,
    width: i64,
    cycle: &[Option<&str>],
    along: &[&str],
) -> Vec<TemporaryScheduleSpec> {
    let at = |s: i64| t0() + Duration::seconds(s);
    (0..count)
        .map(|k| {
            let base = k * width;
            let seconds = (0..width).filter_map(|i| {
                let person = cycle[i as usize % cycle.len()]?;
                Some(TemporaryShiftSpec {
                    person: person.into(),
                    start: at(base + i),
                    end: at(base + i + 1),
                })
            });
            let whole = along.iter().map(|p| TemporaryShiftSpec {
                person: p.to_string(),
                start: at(base),
                end: at(base + width),
            });
            TemporaryScheduleSpec {
                id: format!("t{k}"),
                start: at(base),
                end: at(base + width),
                shifts: seconds.chain(whole).collect(),
            }
        })
        .collect()
}

/// The bound a compile of `[t0(), t0() + seconds)` exceeds: (what, count, max).
fn exceeded(schedule: &Schedule, seconds: i64) -> (String, u64, u64) {
    let w = Interval::new(t0(), t0() + Duration::seconds(seconds)).unwrap();
    match schedule.compile(w).unwrap_err() {
        ScheduleError::LimitExceeded {
            what, count, max, ..
        } => (what, count, max),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_timeline_of_exactly_the_segment_bound_is_allowed_and_one_more_is_refused() {
    // 100 temporary schedules of 10 000 one-second shifts, each followed by a one-second gap:
    // 2 000 000 segments over 2 000 000 seconds, the bound itself.
    let mut s = spec(&[(names(&["a", "b"]), "hours", "precedence")]);
    s.temporary_schedules = temporaries(100, 20_000, &[Some("a"), None], &[]);
    let bound = MAX_SEGMENTS as i64;
    assert_eq!(100 * 20_000, bound);
    let schedule = Schedule::new(s).unwrap();
    let w = Interval::new(t0(), t0() + Duration::seconds(bound)).unwrap();
    assert_eq!(
        schedule.compile(w).unwrap().shift_columns().len(),
        1_000_000
    );
    // One second more of the rotation after them is one segment more.
    let (what, count, max) = exceeded(&schedule, bound + 1);
    assert_eq!(what, "timeline segments");
    assert_eq!((count, max), (MAX_SEGMENTS as u64 + 1, MAX_SEGMENTS as u64));
}

#[test]
fn a_timeline_of_exactly_the_bound_on_people_in_segments_is_allowed_and_one_more_is_refused() {
    // a and b take turns a second at a time while 19 others are on call all along: 20 people
    // in each of 500 000 segments, 10 000 000 in all, the bound itself.
    let along: Vec<String> = (0..19).map(|i| format!("p{i}")).collect();
    let along: Vec<&str> = along.iter().map(String::as_str).collect();
    let mut s = spec(&[(names(&["a", "b"]), "hours", "precedence")]);
    s.temporary_schedules = temporaries(100, 5_000, &[Some("a"), Some("b")], &along);
    assert_eq!(100 * 5_000 * 20, MAX_TIMELINE_ENTRIES);
    let schedule = Schedule::new(s).unwrap();
    let w = Interval::new(t0(), t0() + Duration::seconds(500_000)).unwrap();
    assert_eq!(
        schedule.compile(w).unwrap().shift_columns().len(),
        100 * (5_000 + 19)
    );
    // One second more of the rotation after them is one person more.
    let (what, count, max) = exceeded(&schedule, 500_001);
    assert!(what.starts_with("people in timeline segments"), "{what}");
    assert_eq!(
        (count, max),
        (MAX_TIMELINE_ENTRIES as u64 + 1, MAX_TIMELINE_ENTRIES as u64)
    );
}

#[test]
fn a_layer_may_have_exactly_the_bound_of_restriction_windows_and_not_one_more() {
    let with = |n: usize| {
        let windows: Vec<_> = (0..n)
            .map(|i| serde_json::json!({"start": format!("{:02}:{:02}", i / 60, i % 60), "end": "23:00"}))
            .collect();
        let v = serde_json::json!({"id": "s", "zone": "UTC", "layers": [{"id": "l",
            "restrictions": windows,
            "rotation": {"members": ["a"], "anchor": "2026-01-01T00:00",
                "handoff": {"every": 1, "unit": "days"}}}]});
        Schedule::new(serde_json::from_value::<ScheduleSpec>(v).unwrap())
    };
    let w = Interval::new(t0(), t0() + Duration::days(2)).unwrap();
    let ok = with(MAX_RESTRICTIONS).unwrap().compile(w).unwrap();
    // The windows overlap into one, 00:00-23:00 each day, in the layer's own shifts too.
    let hours: Vec<f64> = ok.all_shifts().iter().map(|s| s.hours).collect();
    assert_eq!(hours, [23.0, 23.0]);
    let own: Vec<f64> = ok
        .layer_shifts("l", w)
        .unwrap()
        .iter()
        .map(|s| s.hours)
        .collect();
    assert_eq!(own, [23.0, 23.0]);
    match with(MAX_RESTRICTIONS + 1) {
        Err(ScheduleError::LimitExceeded { count, max, .. }) => {
            assert_eq!(
                (count, max),
                (MAX_RESTRICTIONS as u64 + 1, MAX_RESTRICTIONS as u64)
            )
        }
        other => panic!("expected limit_exceeded, got {other:?}"),
    }
}

#[test]
fn every_list_of_a_schedule_document_has_a_bound_and_the_bound_itself_is_allowed() {
    use watchstander::schedule::{MAX_LAYERS, MAX_OVERRIDES, MAX_PEOPLE, MAX_SWAPS, MAX_TEMPORARY};
    let at = |minutes: usize| t0() + Duration::minutes(minutes as i64);
    let item = |what: &str, i: usize| -> serde_json::Value {
        match what {
            "layers" => serde_json::json!({"id": format!("l{i}"), "rotation": {
                "members": ["a"], "anchor": "2026-01-01T00:00", "handoff": {"every": 1, "unit": "days"}}}),
            "overrides" => serde_json::json!({"id": format!("o{i}"), "person": "a",
                "start": "2026-01-01T00:00:00Z", "end": "2026-01-02T00:00:00Z"}),
            "swaps" => serde_json::json!({"id": format!("w{i}"), "layer": "l", "turn": i,
                "from": "a", "to": "b"}),
            "temporary_schedules" => serde_json::json!({"id": format!("t{i}"),
                "start": at(i), "end": at(i + 1), "shifts": []}),
            "people" => serde_json::json!({"id": format!("p{i}")}),
            _ => serde_json::json!({"person": format!("p{i}"), "shadows": "a"}),
        }
    };
    let with = |what: &str, n: usize| {
        let mut doc = serde_json::json!({"id": "s", "zone": "UTC", "layers": [{"id": "l",
            "rotation": {"members": ["a", "b"], "anchor": "2026-01-01T00:00",
            "handoff": {"every": 1, "unit": "days"}}}]});
        doc[what] = (0..n).map(|i| item(what, i)).collect();
        Schedule::new(serde_json::from_value::<ScheduleSpec>(doc).unwrap())
    };
    for (what, named, max) in [
        ("layers", "layers", MAX_LAYERS),
        ("overrides", "overrides", MAX_OVERRIDES),
        ("swaps", "swaps", MAX_SWAPS),
        ("temporary_schedules", "temporary schedules", MAX_TEMPORARY),
        ("people", "people", MAX_PEOPLE),
        ("shadows", "shadows", MAX_PEOPLE),
    ] {
        match with(what, max + 1) {
            Err(ScheduleError::LimitExceeded {
                what: w,
                count,
                max: m,
                ..
            }) => assert_eq!((w.as_str(), count, m), (named, max as u64 + 1, max as u64)),
            other => panic!("{what}: {other:?}"),
        }
        assert!(
            with(what, max).is_ok(),
            "{what}: {:?}",
            with(what, max).err()
        );
    }
    // One temporary schedule holds at most ten times MAX_TEMPORARY shifts.
    let shifts = MAX_TEMPORARY * 10;
    let one = |n: usize| {
        let mut s = spec(&[(names(&["a"]), "days", "precedence")]);
        s.temporary_schedules = temporaries(1, n as i64, &[Some("a")], &[]);
        Schedule::new(s)
    };
    assert!(one(shifts).is_ok());
    match one(shifts + 1) {
        Err(ScheduleError::LimitExceeded {
            what, count, max, ..
        }) => assert_eq!(
            (what.as_str(), count, max),
            (
                "shifts in one temporary schedule",
                shifts as u64 + 1,
                shifts as u64
            )
        ),
        other => panic!("{other:?}"),
    }
}
