//! Structured fuzz targets for every text parser: RRULEs (instant and date rules), ISO 8601
//! durations, instants and local times, clock windows, zone names, Alertmanager matchers,
//! alert payloads of every source, and runbook / post-mortem Markdown with front matter.
//! (iCalendar is only written, never parsed, so it has no target here.)
//!
//! Each target draws inputs from a grammar close to the real syntax (so most inputs get past
//! the first character) with hostile numbers, lengths and characters mixed in, and checks
//! more than "no panic": results respect their limits and round-trip where they print.
//!
//! ```sh
//! PROPTEST_CASES=64 cargo test -p watchstander --test fuzz_parsers        # CI: 64 inputs each
//! FUZZ_SECONDS=600 cargo test -p watchstander --test fuzz_parsers -- --test-threads 1 --nocapture
//! ```

mod fuzz_common;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use fuzz_common::fuzz;
use proptest::prelude::*;
use serde_json::{json, Value};
use watchstander::alert::Matchers;
use watchstander::time::{
    parse_instant, parse_local, ClockWindow, DateRecurrence, IsoDuration, Recurrence, Zone,
    MAX_OCCURRENCES,
};

/// Numbers people and attackers write: small, boundary and huge.
fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (0u32..100).prop_map(|n| n.to_string()),
        1 => prop::sample::select(vec![
            "0", "1", "-1", "00", "255", "256", "366", "999", "1000", "9999", "10000", "65535",
            "65536", "2147483647", "2147483648", "4294967295", "4294967296",
            "9223372036854775807", "18446744073709551616", "99999999999999999999999",
        ])
        .prop_map(str::to_string),
    ]
}

fn rrule_part() -> impl Strategy<Value = String> {
    let freq = prop::sample::select(vec![
        "SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY", "daily", "",
    ]);
    let list = |names: Vec<&'static str>| {
        prop::collection::vec(
            prop_oneof![
                prop::sample::select(names).prop_map(str::to_string),
                number()
            ],
            1..6,
        )
        .prop_map(|v| v.join(","))
    };
    prop_oneof![
        freq.prop_map(|f| format!("FREQ={f}")),
        number().prop_map(|n| format!("COUNT={n}")),
        number().prop_map(|n| format!("INTERVAL={n}")),
        prop::sample::select(vec![
            "UNTIL=20260101T000000Z",
            "UNTIL=19000101",
            "UNTIL=99991231T235959Z",
            "UNTIL=20261301",
            "UNTIL=2026",
            "UNTIL=20260308T023000",
        ])
        .prop_map(str::to_string),
        list(vec!["MO", "TU", "SU", "-1SU", "5TH", "+2WE", "53MO", "XX"])
            .prop_map(|v| format!("BYDAY={v}")),
        list(vec!["-1", "31", "-31", "32"]).prop_map(|v| format!("BYMONTHDAY={v}")),
        list(vec!["2", "12", "13"]).prop_map(|v| format!("BYMONTH={v}")),
        list(vec!["-1", "1", "366", "-366", "367"]).prop_map(|v| format!("BYYEARDAY={v}")),
        list(vec!["1", "53", "-53", "54"]).prop_map(|v| format!("BYWEEKNO={v}")),
        list(vec!["0", "23", "24"]).prop_map(|v| format!("BYHOUR={v}")),
        list(vec!["0", "59", "60"]).prop_map(|v| format!("BYMINUTE={v}")),
        list(vec!["0", "59", "60", "61"]).prop_map(|v| format!("BYSECOND={v}")),
        list(vec!["-1", "1", "-366"]).prop_map(|v| format!("BYSETPOS={v}")),
        prop::sample::select(vec![
            "WKST=SU", "WKST=MO", "WKST=XX", "X-NAME=1", "=", ";;", ""
        ])
        .prop_map(str::to_string),
    ]
}

fn dtstart() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec![
            "",
            ";TZID=Europe/London",
            ";TZID=America/New_York",
            ";TZID=Australia/Lord_Howe",
            ";TZID=Pacific/Chatham",
            ";TZID=Bogus/Zone",
            ";VALUE=DATE",
        ]),
        prop_oneof![
            (
                1900i32..2100,
                1u32..13,
                1u32..29,
                0u32..24,
                0u32..60,
                0u32..61
            )
                .prop_map(|(y, mo, d, h, mi, s)| format!(
                    "{y:04}{mo:02}{d:02}T{h:02}{mi:02}{s:02}"
                )),
            prop::sample::select(vec![
                "00010101T000000",
                "99991231T235959",
                "20260229T000000",
                "20260308T023000",
                "20261101T013000",
                "2026",
                "",
            ])
            .prop_map(str::to_string),
        ],
        prop::sample::select(vec!["", "Z"]),
    )
        .prop_map(|(tz, t, z)| format!("DTSTART{tz}:{t}{z}"))
}

fn window() -> impl Strategy<Value = (NaiveDateTime, NaiveDateTime, usize)> {
    (
        -3650i64..80_000,
        prop_oneof![0i64..3, 0i64..400],
        prop_oneof![4 => 0usize..50, 1 => Just(MAX_OCCURRENCES), 1 => 0usize..70_000],
    )
        .prop_map(|(from, days, limit)| {
            let base = NaiveDate::from_ymd_opt(1900, 1, 1)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap();
            let from = base + Duration::days(from);
            (from, from + Duration::days(days), limit)
        })
}

#[test]
fn fuzz_rrule() {
    let strategy = (
        dtstart(),
        prop::collection::vec(rrule_part(), 0..7),
        window(),
        prop::sample::select(vec!["\n", "\r\n", "\nEXDATE:20260102T000000Z\n", " "]),
    );
    fuzz(
        "rrule",
        strategy,
        |(start, parts, (from, to, limit), sep)| {
            let text = format!("{start}{sep}RRULE:{}", parts.join(";"));
            if let Ok(r) = Recurrence::parse(&text) {
                if let Ok(got) = r.local_occurrences(*from, *to, *limit) {
                    if got.len() > *limit || got.len() > MAX_OCCURRENCES {
                        return Err(format!("{} occurrences for limit {limit}", got.len()));
                    }
                    if got.windows(2).any(|w| w[0] >= w[1]) {
                        return Err("occurrences not strictly increasing".into());
                    }
                    if got.iter().any(|t| t < from || t >= to) {
                        return Err("an occurrence outside the window".into());
                    }
                }
            }
            // The same rule as a date rule (holidays, days off).
            let rule = parts.join(";");
            if let Ok(d) = DateRecurrence::parse(&rule, Some("1900-01-01")) {
                let year = from.year().clamp(1900, 9990);
                if let Ok(days) = d.dates_in_years(year, year + 2) {
                    if days.iter().any(|d| d.year() < year || d.year() > year + 2) {
                        return Err("a date outside the years asked".into());
                    }
                    if days.windows(2).any(|w| w[0] >= w[1]) {
                        return Err("dates not strictly increasing".into());
                    }
                }
            }
            // And through the operation, where every failure is a typed error.
            let out = watchstander::ops::call_text(
                "time.recurrence",
                &json!({"rrule": text, "start": format!("{}Z", from.format("%Y-%m-%dT%H:%M:%S")),
                "end": format!("{}Z", to.format("%Y-%m-%dT%H:%M:%S")), "limit": limit.min(&65_535)})
                .to_string(),
            );
            envelope(&out)
        },
    );
}

fn envelope(out: &str) -> Result<(), String> {
    let v: Value = serde_json::from_str(out).map_err(|e| format!("not JSON: {e}"))?;
    if v.get("ok").is_none() && v.get("error").is_none() {
        return Err(format!("not an envelope: {out}"));
    }
    if v["error"]["code"] == "internal_error" {
        return Err(format!("internal_error: {out}"));
    }
    if v["error"]["code"] == "invalid_input"
        && v["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("unknown field"))
    {
        return Err(format!("the fuzz target sent a malformed input: {out}"));
    }
    if let Some(code) = v["error"]["code"].as_str() {
        if code.is_empty() || code.contains(' ') {
            return Err(format!("odd error code {code:?}"));
        }
    }
    Ok(())
}

fn duration_text() -> impl Strategy<Value = String> {
    let part = |unit: &'static str| {
        prop::option::of(
            prop_oneof![
                number(),
                (number(), number()).prop_map(|(a, b)| format!("{a}.{b}")),
                (number(), number()).prop_map(|(a, b)| format!("{a},{b}")),
            ]
            .prop_map(move |n| format!("{n}{unit}")),
        )
        .prop_map(|o| o.unwrap_or_default())
    };
    prop_oneof![
        8 => (
            prop::sample::select(vec!["", "-", "+", " "]),
            prop::sample::select(vec!["P", "p", ""]),
            part("Y"),
            part("M"),
            part("W"),
            part("D"),
            prop::sample::select(vec!["T", "", "t"]),
            part("H"),
            part("M"),
            part("S"),
        )
            .prop_map(|(sign, p, y, mo, w, d, t, h, mi, s)| {
                format!("{sign}{p}{y}{mo}{w}{d}{t}{h}{mi}{s}")
            }),
        1 => "\\PC{0,20}",
    ]
}

#[test]
fn fuzz_durations() {
    fuzz("durations", duration_text(), |text| {
        if let Ok(d) = text.parse::<IsoDuration>() {
            let printed = d.to_string();
            let again: IsoDuration = printed.parse().map_err(|e| {
                format!("{text:?} printed as {printed:?}, which does not parse: {e}")
            })?;
            if again != d {
                return Err(format!("{text:?} → {printed:?} → {again:?} ≠ {d:?}"));
            }
        }
        envelope(&watchstander::ops::call_text(
            "time.parse_duration",
            &json!({ "duration": text }).to_string(),
        ))
    });
}

fn instant_text() -> impl Strategy<Value = String> {
    let two = || {
        prop_oneof![
            4 => (0u32..62).prop_map(|n| format!("{n:02}")),
            1 => prop::sample::select(vec!["00", "60", "99", "1", "", "-1"]).prop_map(str::to_string),
        ]
    };
    (
        prop_oneof![
            4 => (1900i32..2100).prop_map(|y| format!("{y:04}")),
            1 => prop::sample::select(vec!["0000", "0001", "9999", "10000", "-0001", "+2026", "26"])
                .prop_map(str::to_string),
        ],
        two(),
        two(),
        prop::sample::select(vec!["T", " ", "t", ""]),
        two(),
        two(),
        two(),
        prop::sample::select(vec![
            "",
            ".5",
            ".123456789",
            ".1234567890123",
            ".",
            ".000000001",
        ]),
        prop::sample::select(vec![
            "",
            "Z",
            "z",
            "+00:00",
            "-00:00",
            "+14:00",
            "-12:00",
            "+23:59",
            "+24:00",
            "+0530",
            "[Europe/London]",
        ]),
    )
        .prop_map(|(y, mo, d, t, h, mi, s, f, z)| format!("{y}-{mo}-{d}{t}{h}:{mi}:{s}{f}{z}"))
}

#[test]
fn fuzz_instants_and_local_times() {
    fuzz("instants", instant_text(), |text| {
        if let Ok(t) = parse_instant(text) {
            if !(1..=9999).contains(&t.year()) {
                return Err(format!("{text:?} gave the year {}", t.year()));
            }
            let again = parse_instant(&t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
                .map_err(|e| format!("{text:?}: its own RFC 3339 form does not parse: {e}"))?;
            if again != t {
                return Err(format!("{text:?} does not round-trip"));
            }
        }
        if let Ok(t) = parse_local(text) {
            if !(1..=9999).contains(&t.year()) {
                return Err(format!("{text:?} gave the local year {}", t.year()));
            }
        }
        envelope(&watchstander::ops::call_text(
            "time.resolve_local",
            &json!({"zone": "America/New_York", "local": text}).to_string(),
        ))?;
        envelope(&watchstander::ops::call_text(
            "time.to_local",
            &json!({"zone": "Australia/Lord_Howe", "instant": text}).to_string(),
        ))
    });
}

#[test]
fn fuzz_clock_windows() {
    let time = || {
        prop_oneof![
            4 => (0u32..25, 0u32..61).prop_map(|(h, m)| format!("{h:02}:{m:02}")),
            1 => prop::sample::select(vec!["24:00", "9:00", "09:00:00", "0900", "", "-1:00", "23:59:60"])
                .prop_map(str::to_string),
        ]
    };
    let strategy = (
        time(),
        prop::sample::select(vec!["-", "–", " - ", "--", ""]),
        time(),
    );
    fuzz("clock windows", strategy, |(a, sep, b)| {
        let text = format!("{a}{sep}{b}");
        if let Ok(w) = text.parse::<ClockWindow>() {
            let printed = w.to_string();
            let again: ClockWindow = printed
                .parse()
                .map_err(|e| format!("{text:?} printed as {printed:?}: {e}"))?;
            if again != w {
                return Err(format!("{text:?} does not round-trip"));
            }
        }
        Ok(())
    });
}

fn zone_name() -> impl Strategy<Value = String> {
    let known: Vec<&'static str> = chrono_tz::TZ_VARIANTS.iter().map(|z| z.name()).collect();
    prop_oneof![
        4 => prop::sample::select(known.clone()).prop_map(str::to_string),
        2 => (prop::sample::select(known), prop::sample::select(vec![
            "lower", "upper", "space", "posix", "slash", "dup", "nul",
        ]))
            .prop_map(|(z, how)| match how {
                "lower" => z.to_lowercase(),
                "upper" => z.to_uppercase(),
                "space" => format!(" {z} "),
                "posix" => format!("posix/{z}"),
                "slash" => format!("{z}/"),
                "dup" => z.repeat(50),
                _ => format!("{z}\0"),
            }),
        1 => (prop::sample::select(vec!["UTC", "GMT", "Etc/GMT", "UTC+", "Etc/GMT-", ""]), -30i32..30)
            .prop_map(|(p, n)| format!("{p}{n}")),
        1 => "\\PC{0,40}",
    ]
}

#[test]
fn fuzz_zones() {
    fuzz(
        "zones",
        (zone_name(), -5_000_000_000i64..260_000_000_000),
        |(name, secs)| {
            if let Ok(z) = Zone::parse(name) {
                let again =
                    Zone::parse(z.name()).map_err(|e| format!("{name:?}: own name: {e}"))?;
                if again != z {
                    return Err(format!("{name:?} does not round-trip"));
                }
            }
            let instant = chrono::DateTime::from_timestamp(*secs, 0)
                .unwrap()
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            envelope(&watchstander::ops::call_text(
                "time.to_local",
                &json!({"zone": name, "instant": instant}).to_string(),
            ))
        },
    );
}

fn matcher_text() -> impl Strategy<Value = String> {
    let name = prop_oneof![
        4 => prop::sample::select(vec!["alertname", "severity", "job", "__name__", "a.b", "ünï", "", "1x"])
            .prop_map(str::to_string),
        1 => "[a-z_]{1,8}",
    ];
    let value = prop_oneof![
        3 => prop::sample::select(vec![
            "", "Down", "critical|warning", ".*", "(a+)+$", "a{1000}{1000}", "\\\\p{L}+", "[",
            "(?i)down", "\\\"quoted\\\"", "\\u00e9", "a\\nb", "😀", ".{0,65535}",
        ])
        .prop_map(str::to_string),
        1 => "\\PC{0,20}",
    ];
    let one = (
        name,
        prop::sample::select(vec!["=", "!=", "=~", "!~", "==", "~", ""]),
        prop::sample::select(vec!["\"", "", "'"]),
        value,
    )
        .prop_map(|(n, op, q, v)| format!("{n}{op}{q}{v}{q}"));
    (
        prop::sample::select(vec!["{", ""]),
        prop::collection::vec(one, 0..5),
        prop::sample::select(vec![",", ", ", ";"]),
        prop::sample::select(vec!["}", "", ",}"]),
    )
        .prop_map(|(open, list, sep, close)| format!("{open}{}{close}", list.join(sep)))
}

#[test]
fn fuzz_alertmanager_matchers() {
    fuzz("matchers", matcher_text(), |text| {
        if let Ok(m) = Matchers::parse(text) {
            let printed = m.to_string();
            let again = Matchers::parse(&printed).map_err(|e| {
                format!("{text:?} printed as {printed:?}, which does not parse: {e}")
            })?;
            if again.to_string() != printed {
                return Err(format!("{text:?} does not round-trip: {printed:?}"));
            }
        }
        envelope(&watchstander::ops::call_text(
            "alert.match",
            &json!({"matchers": [text], "labels": {"alertname": "Down", "severity": "critical"}})
                .to_string(),
        ))
    });
}

fn hostile_string() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "", "Down", "critical", "firing", "resolved", "2026-11-26T10:00:00Z",
            "0001-01-01T00:00:00Z", "9999-12-31T23:59:60Z", "not a time", "<script>", "x\u{0}y",
            "trigger", "acknowledge", "resolve", "ALARM", "OK", "Triggered", "Recovered",
        ])
        .prop_map(|s| json!(s)),
        1 => (1usize..5).prop_map(|k| json!("a".repeat(k * 20_000))),
        1 => any::<i64>().prop_map(|n| json!(n)),
        1 => Just(json!(null)),
        1 => Just(json!(1e308)),
        1 => Just(json!([])),
        1 => Just(json!({})),
    ]
}

fn labels() -> impl Strategy<Value = Value> {
    prop::collection::btree_map(
        prop_oneof![
            prop::sample::select(vec!["alertname", "severity", "instance", "job", "", "__x"])
                .prop_map(str::to_string),
            "\\PC{0,8}"
        ],
        hostile_string(),
        0..6,
    )
    .prop_map(|m| Value::Object(m.into_iter().collect()))
}

#[test]
fn fuzz_alert_payloads() {
    let alertmanager = || {
        (
        prop::collection::vec(
            (labels(), labels(), hostile_string(), hostile_string(), hostile_string()),
            0..4,
        ),
        hostile_string(),
    )
        .prop_map(|(alerts, status)| {
            let alerts: Vec<Value> = alerts
                .into_iter()
                .map(|(l, a, s, st, fp)| {
                    json!({"labels": l, "annotations": a, "status": s, "startsAt": st, "fingerprint": fp})
                })
                .collect();
            json!({"version": "4", "status": status, "receiver": "team", "groupLabels": {},
                "commonLabels": {}, "alerts": alerts})
        })
    };
    let pagerduty = (
        hostile_string(),
        hostile_string(),
        hostile_string(),
        labels(),
    )
        .prop_map(|(action, key, sev, custom)| {
            json!({"routing_key": "R", "event_action": action, "dedup_key": key,
            "payload": {"summary": "s", "source": "x", "severity": sev, "custom_details": custom}})
        });
    let generic = labels();
    let strategy = prop_oneof![
        (Just("alertmanager"), alertmanager()),
        (Just("grafana"), alertmanager()),
        (Just("pagerduty"), pagerduty),
        (
            prop::sample::select(vec!["datadog", "cloudwatch", "cicd", "native", "bogus"]),
            generic
        ),
    ];
    fuzz("alert payloads", strategy, |(source, payload)| {
        envelope(&watchstander::ops::call_text(
            "alert.normalize",
            &json!({"source": source, "payload": payload}).to_string(),
        ))
    });
}

fn markdown() -> impl Strategy<Value = String> {
    let front = prop::sample::select(vec![
        "",
        "---\nid: db-failover\nowner: team-db\nservice: payments\nreviewed: 2026-01-01\nreview_every: P90D\nalerts:\n  - '{alertname=\"Down\"}'\n---\n",
        "---\nid: x\n---\n",
        "---\na: &a [*a]\n---\n",
        "---\nid: [\n---\n",
        "---\nid: pm-1\nincident: INC-1\nseverity: SEV-1\nstatus: draft\ndue: 2026-13-40\n---\n",
        "---\nx: !!binary aGVsbG8=\n---\n",
        "---\n",
    ]);
    let block = prop_oneof![
        prop::sample::select(vec![
            "# Title\n",
            "## Summary\n",
            "## Impact\n",
            "## Timeline\n",
            "## Root cause\n",
            "## Steps\n",
            "## Action items\n",
            "## Verification\n",
            "1. Run `kubectl rollout restart`\n   Expect: pods ready\n",
            "- [ ] step\n",
            "| owner | action | due |\n|---|---|---|\n| bob | fix | 2026-12-01 |\n",
            "| a |\n|---|\n| b | c | d |\n",
            "```sh\nrm -rf /\n```\n",
            "```\nunterminated\n",
            "> > > > > > > > quote\n",
            "<script>alert(1)</script>\n",
            "[x](javascript:alert(1))\n",
            "Bob should have known better. The operator failed.\n",
            "\n",
            "    indented code\n",
            "* a\n  * b\n    * c\n      * d\n",
            "---\n",
            "\u{0}\r\n",
        ])
        .prop_map(str::to_string),
        (1usize..2000).prop_map(|n| "[".repeat(n)),
        (1usize..500).prop_map(|n| format!("{}x\n", "> ".repeat(n))),
        (1usize..300).prop_map(|n| format!("{}x\n", "  ".repeat(n) + "- ")),
        "\\PC{0,40}",
    ];
    (front, prop::collection::vec(block, 0..30)).prop_map(|(f, b)| format!("{f}{}", b.concat()))
}

#[test]
fn fuzz_runbook_and_postmortem_markdown() {
    fuzz("markdown", markdown(), |md| {
        for op in [
            "runbook.parse",
            "runbook.lint",
            "postmortem.parse",
            "postmortem.lint",
        ] {
            let mut input = json!({ "markdown": md });
            if op.ends_with("lint") {
                input["now"] = json!("2026-11-26T10:00:00Z");
            }
            envelope(&watchstander::ops::call_text(op, &input.to_string()))
                .map_err(|e| format!("{op}: {e}"))?;
        }
        envelope(&watchstander::ops::call_text(
            "postmortem.blameless",
            &json!({ "text": md }).to_string(),
        ))
    });
}
