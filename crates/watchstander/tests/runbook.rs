//! Runbooks: named scenarios, the sample runbooks, round-trip and fuzz properties.
//!
//! Expected values are written from the format's rules, Alertmanager's matcher semantics and
//! hand-computed dates, never copied from the engine's output.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use proptest::prelude::*;
use watchstander::alert::{Alert, Labels};
use watchstander::document::{
    FindingLevel, MAX_DOCUMENT_BYTES, MAX_FINDINGS, MAX_FRONT_MATTER_BYTES,
};
use watchstander::runbook::*;
use watchstander::time::parse_instant;

fn now() -> chrono::DateTime<chrono::Utc> {
    parse_instant("2026-11-26T09:00:00Z").unwrap()
}

fn sample(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/../../examples/runbooks/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn sample_runbooks_pass_their_own_lint_and_round_trip() {
    for name in ["api-high-latency.md", "disk-full.md"] {
        let text = sample(name);
        let findings = lint_text(&text, now()).unwrap();
        let noisy: Vec<_> = findings
            .iter()
            .filter(|f| f.level != FindingLevel::Info)
            .collect();
        assert!(noisy.is_empty(), "{name}: {noisy:#?}");
        let rb = parse(&text).unwrap();
        assert_eq!(parse(&render(&rb)).unwrap(), rb, "{name}");
    }
}

#[test]
fn the_sample_reads_as_the_format_says() {
    let rb = parse(&sample("api-high-latency.md")).unwrap();
    assert_eq!(rb.id(), "api-high-latency");
    assert_eq!(rb.meta.review_interval.unwrap().to_string(), "P90D");
    let d = rb.diagnosis.as_ref().unwrap();
    assert_eq!(d.steps.len(), 2);
    assert_eq!(d.steps[0].class, Some(StepClass::Diagnostic));
    assert_eq!(d.steps[0].mode, Some(StepMode::Automated));
    assert_eq!(
        d.steps[0].notes,
        "Latency that begins within 30 minutes of a rollout points at the deploy."
    );
    let r = rb.resolution.as_ref().unwrap();
    assert_eq!(
        r.steps[0].on_failure,
        Some(FailurePolicy {
            retries: 1,
            then: FailureAction::Escalate
        })
    );
    assert_eq!(r.steps[0].timeout.unwrap().to_string(), "PT10M");
    assert_eq!(
        rb.escalation.as_ref().unwrap().after.unwrap().to_string(),
        "PT30M"
    );
}

#[test]
fn lint_reports_each_problem_at_its_line() {
    let text = "---\n\
owner: ''\n\
alerts:\n\
  - '{alertname=\"A\"}'\n\
  - 'severity=~\"(\"'\n\
last_reviewed: 2026-05-01\n\
review_interval: P3M\n\
---\n\
# Broken\n\
\n\
## Symptoms\n\
\n\
## Diagnosis\n\
\n\
### Look\n\
\n\
- Kind: diagnostic, automated\n\
\n\
## Resolution\n\
\n\
## Escalation\n\
\n\
- When: it does not help\n";
    let f = lint_text(text, now()).unwrap();
    let got: Vec<(&str, usize)> = f.iter().map(|f| (f.code.as_str(), f.line)).collect();
    // Front matter: the broken regex is on line 5; last_reviewed on line 6 (+3 months =
    // 2026-08-01 < 2026-11-26); owner on line 2.
    assert!(got.contains(&("missing_owner", 2)), "{got:?}");
    assert!(got.contains(&("broken_matcher", 5)), "{got:?}");
    assert!(got.contains(&("stale_review", 6)), "{got:?}");
    assert!(got.contains(&("empty_section", 11)), "{got:?}");
    assert!(got.contains(&("step_without_expected", 15)), "{got:?}");
    assert!(got.contains(&("automated_without_command", 15)), "{got:?}");
    assert!(got.contains(&("no_steps", 19)), "{got:?}");
    assert!(got.contains(&("escalation_without_target", 21)), "{got:?}");
    assert!(
        got.contains(&("missing_section", 9)),
        "impact/prevention: {got:?}"
    );
    let stale = f.iter().find(|f| f.code == "stale_review").unwrap();
    assert!(stale.message.contains("2026-08-01"), "{}", stale.message);
    // Findings come sorted by line.
    assert!(f.windows(2).all(|w| w[0].line <= w[1].line));
}

#[test]
fn structural_problems_are_typed_errors_with_lines() {
    let repeated = "# T\n\n## Symptoms\n\na\n\n## Resolution\n\n## symptoms\n";
    match parse(repeated).unwrap_err() {
        RunbookError::RepeatedHeading {
            line, first_line, ..
        } => assert_eq!((line, first_line), (9, 3)),
        e => panic!("{e:?}"),
    }
    let two_titles = "# A\n\ntext\n\n# B\n";
    assert_eq!(parse(two_titles).unwrap_err().line(), Some(5));
    assert_eq!(
        parse("no title here\n").unwrap_err().code(),
        "runbook_missing_title"
    );
    let bad_timeout = "# T\n\n## Resolution\n\n### S\n\n- Expected: ok\n- Timeout: soon\n";
    let e = parse(bad_timeout).unwrap_err();
    assert_eq!((e.code(), e.line()), ("invalid_runbook_step", Some(8)));
    let bad_kind = "# T\n\n## Diagnosis\n\n### S\n\n- Kind: risky\n";
    assert_eq!(parse(bad_kind).unwrap_err().line(), Some(7));
    let twice = "# T\n\n## Diagnosis\n\n### S\n\n- Expected: a\n- Expected: b\n";
    assert_eq!(parse(twice).unwrap_err().line(), Some(8));
    let fm = "---\nreview_interval: quarterly\n---\n# T\n";
    let e = parse(fm).unwrap_err();
    assert_eq!(
        (e.code(), e.line()),
        ("invalid_runbook_front_matter", Some(2))
    );
    let unknown = "---\nowners: [a]\n---\n# T\n";
    assert_eq!(parse(unknown).unwrap_err().line(), Some(2));
    let unclosed = "---\nowner: a\n# T\n";
    assert_eq!(parse(unclosed).unwrap_err().line(), Some(1));
    let e = parse_bytes(b"# T\n\n## Symptoms\n\n\xff\xfe\n").unwrap_err();
    assert_eq!((e.code(), e.line()), ("runbook_not_text", Some(5)));
    assert_eq!(parse("# T\n\0\n").unwrap_err().code(), "runbook_not_text");
}

#[test]
fn size_limits_are_typed_errors_naming_the_bound() {
    let huge = format!("# T\n\n{}", "a".repeat(MAX_DOCUMENT_BYTES));
    match parse(&huge).unwrap_err() {
        RunbookError::TooLarge { limit, .. } => assert_eq!(limit, MAX_DOCUMENT_BYTES),
        e => panic!("{e:?}"),
    }
    let fm = format!(
        "---\nowner: {}\n---\n# T\n",
        "x".repeat(MAX_FRONT_MATTER_BYTES)
    );
    match parse(&fm).unwrap_err() {
        RunbookError::TooLarge { limit, .. } => assert_eq!(limit, MAX_FRONT_MATTER_BYTES),
        e => panic!("{e:?}"),
    }
    let mut many = String::from("# T\n\n## Resolution\n\n");
    for i in 0..=MAX_STEPS {
        many.push_str(&format!("### S{i}\n\n"));
    }
    match parse(&many).unwrap_err() {
        RunbookError::TooLarge { limit, line, .. } => {
            assert_eq!(limit, MAX_STEPS);
            assert_eq!(line, 5 + 2 * MAX_STEPS);
        }
        e => panic!("{e:?}"),
    }
    let alerts: Vec<String> = (0..=MAX_RUNBOOK_MATCHERS)
        .map(|i| format!("  - a=\"{i}\"\n"))
        .collect();
    let text = format!("---\nalerts:\n{}---\n# T\n", alerts.concat());
    assert_eq!(parse(&text).unwrap_err().code(), "runbook_too_large");
}

#[test]
fn deeply_nested_markdown_is_fine() {
    let deep = format!("# T\n\n## Symptoms\n\n{}x\n", "> ".repeat(50_000));
    let rb = parse(&deep).unwrap();
    assert!(rb.symptoms.unwrap().len() > 100_000);
    let lists = format!(
        "# T\n\n## Symptoms\n\n{}",
        (0..500)
            .map(|i| format!("{}- x\n", "  ".repeat(i)))
            .collect::<String>()
    );
    assert!(parse(&lists).is_ok());
}

fn index_of(texts: &[&str]) -> RunbookIndex {
    let parsed: Vec<(ParsedRunbook, Option<String>)> = texts
        .iter()
        .map(|t| (parse_document(t).unwrap(), None))
        .collect();
    RunbookIndex::new(&parsed).unwrap()
}

/// Alertmanager anchors regex matchers: `team=~"db"` does not match `dba`, and a missing
/// label reads as the empty string (`prometheus/alertmanager` `pkg/labels/matcher.go`).
#[test]
fn matching_follows_alertmanager_semantics() {
    let idx = index_of(&[
        "---\nalerts: ['{team=~\"db\"}']\n---\n# Db\n",
        "---\nalerts: ['{alertname=\"X\", env!=\"staging\"}']\n---\n# X outside staging\n",
    ]);
    let l = |pairs: &[(&str, &str)]| Labels::from_pairs(pairs.iter().copied()).unwrap();
    assert_eq!(idx.for_labels(&l(&[("team", "db")])).len(), 1);
    assert!(idx.for_labels(&l(&[("team", "dba")])).is_empty());
    // No env label: env != "staging" holds.
    let m = idx.for_labels(&l(&[("alertname", "X")]));
    assert_eq!(m[0].runbook, "x-outside-staging");
    assert_eq!(
        m[0].reasons,
        vec![MatchReason::Matchers {
            index: 0,
            matchers: "{alertname=\"X\", env!=\"staging\"}".into(),
            line: 2
        }]
    );
    assert!(idx
        .for_labels(&l(&[("alertname", "X"), ("env", "staging")]))
        .is_empty());
}

#[test]
fn alerts_match_by_runbook_url_and_incidents_by_service() {
    let parsed = vec![(
        parse_document("---\nservices: [db]\n---\n# Disk\n").unwrap(),
        Some("runbooks/disk.md".to_string()),
    )];
    let idx = RunbookIndex::new(&parsed).unwrap();
    let mut alert = Alert::new(Labels::from_pairs([("alertname", "Other")]).unwrap());
    alert.annotations.insert(
        "runbook_url".into(),
        "https://wiki.example.com/runbooks/disk.md".into(),
    );
    assert_eq!(idx.for_alert(&alert)[0].runbook, "disk");
    let inc = IncidentSubject {
        id: "INC-1".into(),
        service: Some("db".into()),
        severity: None,
        labels: BTreeMap::new(),
    };
    assert_eq!(
        idx.for_incident(&inc)[0].reasons,
        vec![MatchReason::Service {
            service: "db".into()
        }]
    );
}

#[test]
fn a_broken_matcher_refuses_the_index() {
    let parsed = vec![(
        parse_document("---\nalerts:\n  - ok=\"1\"\n  - 'bad=~\"(\"'\n---\n# B\n").unwrap(),
        None,
    )];
    match RunbookIndex::new(&parsed).unwrap_err() {
        RunbookError::InvalidMatcher { line, runbook, .. } => {
            assert_eq!((line, runbook.as_str()), (4, "b"));
        }
        e => panic!("{e:?}"),
    }
}

#[test]
fn coverage_counts_rules_and_incidents() {
    let idx = index_of(&[
        &sample("api-high-latency.md"),
        &sample("disk-full.md"),
        "---\nalerts: ['{alertname=\"Never\"}']\n---\n# Unused\n",
    ]);
    let rule = |name: &str, labels: &[(&str, &str)]| AlertRule {
        name: name.into(),
        labels: labels
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    };
    let rules = vec![
        rule("HighLatency", &[("service", "checkout")]),
        rule("HighLatency", &[("service", "search")]),
        rule("DiskFull", &[]),
        rule("CertExpiry", &[]),
    ];
    let incidents = vec![IncidentSubject {
        id: "INC-1".into(),
        service: Some("api".into()),
        severity: Some("SEV-2".into()),
        labels: BTreeMap::new(),
    }];
    let c = coverage(&idx, &rules, &incidents).unwrap();
    assert_eq!((c.alert_rules.covered, c.alert_rules.total), (2, 4));
    assert_eq!(c.alert_rules.ratio, Some(0.5));
    assert_eq!(c.alert_rules.uncovered, vec!["HighLatency", "CertExpiry"]);
    assert_eq!((c.incidents.covered, c.incidents.total), (1, 1));
    assert_eq!(c.unused, vec!["unused"]);
    let c = coverage(&idx, &[], &[]).unwrap();
    assert_eq!(c.alert_rules.ratio, None);
}

/// The plan never automates blind: PagerDuty Automation Actions separate diagnostic from
/// remediation actions, and Rundeck jobs stop on failure unless `keepgoing` is set — here a
/// remediation escalates by default and a diagnostic continues.
#[test]
fn plans_fall_back_to_manual_and_escalate_on_failure() {
    let text = "# Queue backlog\n\n## Diagnosis\n\n### Count messages\n\n```sh\nqueue-depth\n```\n\n\
- Kind: automated\n- Expected: a number\n\n## Resolution\n\n### Restart consumers\n\n```sh\nrestart-consumers\n```\n\n\
- Kind: remediation, automated\n- Expected: depth falling\n\n### Purge\n\n```sh\npurge-dlq\n```\n\n\
- Kind: remediation, automated\n- Expected: dead-letter queue empty\n- Guard: `dlq-age --over 7d`\n- On failure: stop\n\n\
## Escalation\n\n- To: messaging on-call\n- After: PT1H\n";
    let rb = parse(text).unwrap();
    let p = plan(&rb, &PlanOptions::default()).unwrap();
    let runs: Vec<StepRun> = p.steps.iter().map(|s| s.run).collect();
    assert_eq!(
        runs,
        vec![StepRun::Execute, StepRun::Manual, StepRun::Execute]
    );
    assert!(
        p.steps[1].reason.contains("without a guard"),
        "{}",
        p.steps[1].reason
    );
    assert_eq!(p.steps[0].on_failure.then, FailureAction::Continue);
    assert_eq!(p.steps[1].escalate_to.as_deref(), Some("messaging on-call"));
    assert_eq!(p.steps[2].escalate_to, None);
    assert_eq!(
        p.steps[2].guard_command.as_deref(),
        Some("dlq-age --over 7d")
    );
    assert_eq!(p.escalation.after_seconds, Some(3600));
    assert_eq!((p.automated, p.manual, p.skipped), (2, 1, 0));
    let dry = plan(
        &rb,
        &PlanOptions {
            dry_run: true,
            ..PlanOptions::default()
        },
    )
    .unwrap();
    let runs: Vec<StepRun> = dry.steps.iter().map(|s| s.run).collect();
    assert_eq!(
        runs,
        vec![StepRun::Execute, StepRun::Manual, StepRun::SkipNoDryRun]
    );
    let loose = plan(
        &rb,
        &PlanOptions {
            require_guard: false,
            include_diagnosis: false,
            ..PlanOptions::default()
        },
    )
    .unwrap();
    assert_eq!(loose.steps.len(), 2);
    assert_eq!(loose.steps[0].run, StepRun::Execute);
    assert_eq!(loose.steps[0].order, 1);
    assert_eq!(
        plan(&parse("# Empty\n").unwrap(), &PlanOptions::default())
            .unwrap_err()
            .code(),
        "runbook_nothing_to_plan"
    );
}

#[test]
fn review_dates_by_hand() {
    let meta = RunbookMeta {
        last_reviewed: NaiveDate::from_ymd_opt(2024, 2, 29),
        review_interval: Some("P1Y".parse().unwrap()),
        ..RunbookMeta::default()
    };
    // 29 February 2024 + 1 year: 28 February 2025 (no 29th).
    assert_eq!(review_due(&meta), NaiveDate::from_ymd_opt(2025, 2, 28));
}

// ---- properties ----

fn word() -> impl Strategy<Value = String> {
    "[a-z]{1,8}"
}

fn words(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..max).prop_map(|w| w.join(" "))
}

fn prose() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        prop::collection::vec(words(8), 1..3).prop_map(|p| p.join("\n\n")),
        prop::collection::vec(words(5), 1..4).prop_map(|items| items
            .iter()
            .map(|i| format!("* {i}"))
            .collect::<Vec<_>>()
            .join("\n")),
    ]
}

fn duration() -> impl Strategy<Value = watchstander::time::IsoDuration> {
    (1u32..600).prop_map(watchstander::time::IsoDuration::minutes)
}

fn step() -> impl Strategy<Value = Step> {
    (
        words(5),
        prop::option::of(("[a-z]{0,4}", "[ -~]{1,30}(\n[ -~]{0,30}){0,2}")),
        prop::option::of(prop_oneof![
            Just(StepClass::Diagnostic),
            Just(StepClass::Remediation)
        ]),
        prop::option::of(prop_oneof![
            Just(StepMode::Manual),
            Just(StepMode::Automated)
        ]),
        prop::option::of(words(6)),
        prop::option::of(words(6)),
        prop::option::of(words(4).prop_map(|w| format!("`{w}`"))),
        prop::option::of(duration()),
        prop::option::of((0u32..=MAX_RETRIES, 0usize..3)),
        prose(),
    )
        .prop_map(
            |(title, cmd, class, mode, expected, guard, dry_run, timeout, fail, notes)| Step {
                title,
                command: cmd.map(|(language, code)| Command { language, code }),
                class,
                mode,
                expected,
                guard,
                dry_run,
                timeout,
                on_failure: fail.map(|(retries, then)| FailurePolicy {
                    retries,
                    then: [
                        FailureAction::Escalate,
                        FailureAction::Stop,
                        FailureAction::Continue,
                    ][then],
                }),
                notes,
            },
        )
}

fn steps() -> impl Strategy<Value = Option<StepSection>> {
    prop::option::of(
        (prose(), prop::collection::vec(step(), 0..4))
            .prop_map(|(intro, steps)| StepSection { intro, steps }),
    )
}

fn runbook() -> impl Strategy<Value = Runbook> {
    let meta = (
        prop::option::of("[a-z][a-z-]{0,10}"),
        prop::collection::vec(word(), 0..3),
        prop::collection::vec(word().prop_map(|w| format!("{{alertname=\"{w}\"}}")), 0..3),
        prop::option::of(words(3)),
        prop::option::of((2000i32..2030, 1u32..13, 1u32..29)),
        prop::option::of(duration()),
    )
        .prop_map(
            |(id, services, alerts, owner, date, interval)| RunbookMeta {
                id,
                title: None,
                services,
                alerts,
                owner,
                last_reviewed: date.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
                review_interval: interval,
                links: vec![],
                tags: vec![],
            },
        );
    (
        meta,
        words(6),
        prose(),
        prop::option::of(prose()),
        prop::option::of(prose()),
        steps(),
        steps(),
        prop::option::of(
            (
                prop::option::of(words(4)),
                prop::option::of(words(4)),
                prop::option::of(duration()),
                prose(),
            )
                .prop_map(|(to, when, after, notes)| Escalation {
                    to,
                    when,
                    after,
                    notes,
                }),
        ),
        prop::option::of(prose()),
        prop::collection::vec((words(3), prose()), 0..3),
    )
        .prop_map(
            |(
                meta,
                title,
                intro,
                symptoms,
                impact,
                diagnosis,
                resolution,
                escalation,
                prevention,
                others,
            )| Runbook {
                meta,
                title,
                intro,
                symptoms,
                impact,
                diagnosis,
                resolution,
                escalation,
                prevention,
                other_sections: others
                    .into_iter()
                    .enumerate()
                    .map(|(i, (h, body))| OtherSection {
                        heading: format!("Notes {i} {h}"),
                        body,
                    })
                    .collect(),
            },
        )
}

/// Markdown built from runbook-like pieces, valid or not.
fn markdown() -> impl Strategy<Value = String> {
    let heading = prop_oneof![
        Just("Symptoms"),
        Just("Impact"),
        Just("Diagnosis"),
        Just("Resolution"),
        Just("Escalation"),
        Just("Prevention"),
        Just("Notes"),
        Just("Remediation"),
        Just("Triage"),
    ];
    let piece = prop_oneof![
        (1usize..4, heading.clone()).prop_map(|(l, h)| format!("{} {h}", "#".repeat(l))),
        words(6),
        "[ -~]{0,40}",
        (
            prop_oneof![
                Just("Kind"),
                Just("Expected"),
                Just("Guard"),
                Just("Dry run"),
                Just("Timeout"),
                Just("On failure"),
                Just("To"),
                Just("After"),
                Just("Other")
            ],
            prop_oneof![
                words(3),
                Just("PT5M".to_string()),
                Just("remediation, automated".into()),
                Just("retry 2 then stop".into()),
                Just("escalate".into())
            ]
        )
            .prop_map(|(k, v)| format!("- {k}: {v}")),
        "[ -~]{0,30}".prop_map(|c| format!("```sh\n{c}\n```")),
        Just("| a | b |\n|---|---|\n| c | d |".to_string()),
        (1usize..5).prop_map(|n| "> ".repeat(n) + "quote"),
        Just("---".to_string()),
    ];
    let front = prop_oneof![
        Just(String::new()),
        Just("---\nowner: x\nalerts: ['a=\"1\"']\n---\n".to_string()),
        Just("---\nowner: [\n---\n".to_string()),
        Just("---\nlast_reviewed: 2026-02-30\n---\n".to_string()),
    ];
    (front, prop::collection::vec(piece, 0..25))
        .prop_map(|(f, p)| format!("{f}# Title\n\n{}\n", p.join("\n\n")))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// parse(render(x)) == x for every runbook in the parser's canonical form.
    #[test]
    fn render_then_parse_is_the_identity(rb in runbook()) {
        let text = render(&rb);
        let back = parse(&text);
        prop_assert_eq!(back.as_ref().ok(), Some(&rb), "{}", text);
    }

    /// Whatever Markdown parses, its rendering parses to the same runbook, and nothing panics.
    #[test]
    fn parsing_structured_markdown_is_stable(text in markdown()) {
        match parse_document(&text) {
            Ok(p) => {
                let again = parse(&render(&p.runbook));
                prop_assert_eq!(again.as_ref().ok(), Some(&p.runbook), "{}", render(&p.runbook));
                let f = lint(&p, now());
                prop_assert!(f.len() <= MAX_FINDINGS);
                prop_assert!(f.iter().all(|f| f.line >= 1 && f.line <= p.lines.end.max(1)));
            }
            Err(e) => {
                let lines = text.split('\n').count();
                prop_assert!(e.line().is_none_or(|l| l >= 1 && l <= lines), "{e:?}");
            }
        }
    }

    /// Arbitrary bytes: a typed error or a runbook, never a panic; work is linear in the input
    /// and findings are bounded.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let mut with_title = b"# T\n".to_vec();
        with_title.extend_from_slice(&bytes);
        for input in [&bytes, &with_title] {
            match parse_bytes(input) {
                Ok(p) => {
                    prop_assert!(p.work <= 4 * input.len() + 16, "work {} for {} bytes", p.work, input.len());
                    prop_assert!(lint(&p, now()).len() <= MAX_FINDINGS);
                }
                Err(e) => prop_assert!(!e.code().is_empty()),
            }
        }
    }
}
