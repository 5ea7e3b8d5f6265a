//! No input makes the engine panic: random JSON and random near-valid texts go through every
//! operation and every parser, and the answer is always a typed result or a typed error.

use proptest::prelude::*;
use serde_json::{json, Value};
use watchstander::time::{ClockWindow, DateRecurrence, IsoDuration, Recurrence};

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        prop::sample::select(vec![
            "",
            "UTC",
            "Europe/London",
            "America/New_York",
            "PT1H",
            "P1D",
            "immediate",
            "SEV-1",
            "2026-03-08T02:30:00",
            "2026-03-08T07:30:00Z",
            "09:00-17:00",
            "22:00-06:00",
            "compatible",
            "response",
            "business",
            "24x7",
            "days",
            "months",
            "FREQ=DAILY",
            "DTSTART;TZID=America/New_York:20260308T020000\nRRULE:FREQ=HOURLY",
        ])
        .prop_map(|s| json!(s)),
        "\\PC{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "zone",
                    "local",
                    "instant",
                    "start",
                    "end",
                    "at",
                    "now",
                    "amount",
                    "unit",
                    "duration",
                    "rrule",
                    "limit",
                    "calendar",
                    "hours",
                    "mon",
                    "holidays",
                    "date",
                    "policy",
                    "levels",
                    "severity",
                    "kind",
                    "clock",
                    "target",
                    "within",
                    "started_at",
                    "pauses",
                    "from",
                    "until",
                    "stopped_at",
                    "changes",
                    "action",
                    "clocks",
                    "current",
                    "met",
                    "disambiguation",
                ]),
                inner,
                0..6,
            )
            .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn no_operation_panics_on_any_json(
        op in prop::sample::select(watchstander::ops::names().collect::<Vec<_>>()),
        input in json_value(),
    ) {
        let out = watchstander::ops::call_text(op, &input.to_string());
        let envelope: Value = serde_json::from_str(&out).unwrap();
        prop_assert!(envelope.get("ok").is_some() || envelope.get("error").is_some());
        prop_assert_ne!(&envelope["error"]["code"], &json!("internal_error"), "{} panicked on {}", op, input);
    }

    #[test]
    fn recurrence_parser_never_panics(
        tz in prop::sample::select(vec!["", ";TZID=Europe/London", ";TZID=Australia/Lord_Howe", ";TZID=Bogus/Zone"]),
        start in "(19|20|99)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])T[0-2][0-9][0-5][0-9][0-5][0-9]Z?",
        parts in prop::collection::vec(prop::sample::select(vec![
            "FREQ=SECONDLY", "FREQ=MINUTELY", "FREQ=HOURLY", "FREQ=DAILY", "FREQ=WEEKLY",
            "FREQ=MONTHLY", "FREQ=YEARLY", "INTERVAL=0", "INTERVAL=7", "COUNT=0", "COUNT=3",
            "UNTIL=20260101T000000Z", "UNTIL=19000101", "BYDAY=MO,FR", "BYDAY=-1SU", "BYDAY=5TH",
            "BYMONTHDAY=31", "BYMONTHDAY=-1", "BYMONTH=2", "BYMONTH=13", "BYSETPOS=-1",
            "BYHOUR=2", "BYMINUTE=30", "BYWEEKNO=53", "BYYEARDAY=366", "WKST=SU", "X=Y", "",
        ]), 0..6),
        from_days in 0i64..40000,
    ) {
        let text = format!("DTSTART{tz}:{start}\nRRULE:{}", parts.join(";"));
        if let Ok(r) = Recurrence::parse(&text) {
            let from = chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap()
                + chrono::Duration::days(from_days);
            let _ = r.local_occurrences(from, from + chrono::Duration::days(3), 500);
        }
        let _ = DateRecurrence::parse(&parts.join(";"), None).map(|d| d.dates_in_years(2026, 2027));
    }

    #[test]
    fn text_parsers_never_panic(s in "\\PC{0,30}") {
        let _ = s.parse::<IsoDuration>();
        let _ = s.parse::<ClockWindow>();
        let _ = watchstander::time::parse_instant(&s);
        let _ = watchstander::time::parse_local(&s);
        let _ = Recurrence::parse(&s);
        let _ = watchstander::ops::call_text("time.resolve_local", &s);
    }
}

/// `schedule.oncall_many` refuses more than a million instants with a typed error, before
/// parsing any of them.
#[test]
fn oncall_many_refuses_more_than_a_million_instants() {
    let schedule = json!({"id": "s", "zone": "UTC", "layers": []});
    let at = vec![Value::Null; 1_000_001];
    let err = watchstander::ops::call(
        "schedule.oncall_many",
        &json!({"schedule": schedule, "at": at}),
    )
    .unwrap_err();
    assert_eq!(err.code(), "too_many_items");
    assert_eq!(err.path(), "at");
    assert!(err.to_string().contains("1000000"), "{err}");
    // At the limit, the list is parsed (and these nulls are not instants).
    let at = vec![Value::Null; 1_000_000];
    let err = watchstander::ops::call(
        "schedule.oncall_many",
        &json!({"schedule": schedule, "at": at}),
    )
    .unwrap_err();
    assert_ne!(err.code(), "too_many_items");
}
