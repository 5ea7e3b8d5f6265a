//! Post-mortems: policy dates computed by hand on a calendar, drafts from incidents, the
//! sample post-mortem, the blameless lint, the index, round-trip and fuzz properties.

use chrono::NaiveDate;
use proptest::prelude::*;
use watchstander::document::{FindingLevel, MAX_DOCUMENT_BYTES, MAX_FINDINGS};
use watchstander::incident::{replay, Event, IncidentConfig};
use watchstander::postmortem::*;
use watchstander::time::{parse_instant, Zone};

fn at(s: &str) -> chrono::DateTime<chrono::Utc> {
    parse_instant(s).unwrap()
}

fn events(v: serde_json::Value) -> Vec<Event> {
    serde_json::from_value(v).unwrap()
}

fn sample() -> String {
    std::fs::read_to_string(format!(
        "{}/../../examples/postmortems/inc-981-checkout-errors.md",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn sev(incident: &str, severity: &str, resolved: &str) -> Vec<Event> {
    events(serde_json::json!([
      {"id": "1", "incident": incident, "kind": "detected", "title": "t", "severity": severity,
       "occurred_at": "2026-12-23T09:00:00Z", "recorded_at": "2026-12-23T09:00:00Z", "actor": "am"},
      {"id": "2", "incident": incident, "kind": "status_changed", "to": "resolved",
       "occurred_at": resolved, "recorded_at": resolved, "actor": "bob"}
    ]))
}

/// PagerDuty schedules the post-mortem "within 5 business days". On a London calendar with
/// the 2026/27 bank holidays — Christmas Day (Friday 25), Boxing Day substitute (Monday 28
/// December) and New Year's Day (Friday 1 January) — a resolution on Wednesday 23 December at
/// 16:00 (7 working hours into the day) counts Thursday 24 (1), Tuesday 29 (2), Wednesday 30
/// (3), Thursday 31 (4) and Monday 4 January (5): due at 16:00 that Monday.
#[test]
fn deadline_in_business_days_skips_weekends_and_holidays() {
    let policy: PostmortemPolicy = serde_json::from_value(serde_json::json!({
        "calendar": {"zone": "Europe/London",
          "hours": {"mon": ["09:00-17:00"], "tue": ["09:00-17:00"], "wed": ["09:00-17:00"],
                    "thu": ["09:00-17:00"], "fri": ["09:00-17:00"]},
          "holidays": [{"name": "Christmas Day", "date": "2026-12-25"},
                       {"name": "Boxing Day (substitute)", "date": "2026-12-28"},
                       {"name": "New Year's Day", "date": "2027-01-01"}]}
    }))
    .unwrap();
    let inc = replay(
        &IncidentConfig::default(),
        &sev("I", "SEV-1", "2026-12-23T16:00:00Z"),
    )
    .unwrap();
    let r = requirement(&policy, &inc).unwrap();
    assert!(r.required);
    assert_eq!(r.severity.as_deref(), Some("SEV-1"));
    assert_eq!(r.due_at.unwrap().to_rfc3339(), "2027-01-04T16:00:00+00:00");
    assert_eq!(r.due, NaiveDate::from_ymd_opt(2027, 1, 4));
    // 20 business days after Monday 4 January: 5–8 (4), 11–15 (9), 18–22 (14), 25–29 (19),
    // Monday 1 February (20).
    assert_eq!(r.review_on, NaiveDate::from_ymd_opt(2027, 2, 1));
}

#[test]
fn which_incidents_need_one() {
    let policy = PostmortemPolicy::default();
    let sev3 = replay(
        &IncidentConfig::default(),
        &sev("I", "SEV-3", "2026-12-23T16:00:00Z"),
    )
    .unwrap();
    let r = requirement(&policy, &sev3).unwrap();
    assert!(!r.required);
    assert!(r.reason.contains("SEV-1, SEV-2"), "{}", r.reason);
    // Downgraded from SEV-2 to SEV-3: still needs one.
    let mut ev = sev("I", "SEV-2", "2026-12-23T16:00:00Z");
    ev.insert(
        1,
        serde_json::from_value(
            serde_json::json!({"id": "d", "incident": "I", "kind": "severity_changed",
        "to": "SEV-3", "reason": "contained", "occurred_at": "2026-12-23T10:00:00Z",
        "recorded_at": "2026-12-23T10:00:00Z", "actor": "bob"}),
        )
        .unwrap(),
    );
    let r = requirement(&policy, &replay(&IncidentConfig::default(), &ev).unwrap()).unwrap();
    assert_eq!((r.required, r.severity.as_deref()), (true, Some("SEV-2")));
    // Declined: never (incident.io leaves declined incidents out).
    let declined = events(serde_json::json!([
      {"id": "1", "incident": "I", "kind": "detected", "title": "t", "severity": "SEV-1",
       "occurred_at": "2026-12-23T09:00:00Z", "recorded_at": "2026-12-23T09:00:00Z", "actor": "am"},
      {"id": "2", "incident": "I", "kind": "status_changed", "to": "declined", "reason": "false alarm",
       "occurred_at": "2026-12-23T09:05:00Z", "recorded_at": "2026-12-23T09:05:00Z", "actor": "bob"}
    ]));
    let r = requirement(
        &policy,
        &replay(&IncidentConfig::default(), &declined).unwrap(),
    )
    .unwrap();
    assert!(!r.required);
    let too_long = PostmortemPolicy {
        deadline_business_days: MAX_POLICY_BUSINESS_DAYS + 1,
        ..PostmortemPolicy::default()
    };
    assert_eq!(
        requirement(&too_long, &sev3).unwrap_err().code(),
        "invalid_postmortem_config"
    );
}

fn incident_events() -> Vec<Event> {
    events(serde_json::json!([
      {"id": "1", "incident": "INC-7", "kind": "detected", "title": "Checkout errors", "severity": "SEV-2", "service": "checkout",
       "occurred_at": "2026-11-26T10:00:00Z", "recorded_at": "2026-11-26T10:00:00Z", "actor": "alertmanager"},
      {"id": "2", "incident": "INC-7", "kind": "impact_started", "description": "payments fail",
       "occurred_at": "2026-11-26T09:55:00Z", "recorded_at": "2026-11-26T10:01:00Z", "actor": "alice"},
      {"id": "3", "incident": "INC-7", "kind": "acknowledged",
       "occurred_at": "2026-11-26T10:07:00Z", "recorded_at": "2026-11-26T10:07:00Z", "actor": "bob"},
      {"id": "4", "incident": "INC-7", "kind": "role_assigned", "role": "incident_commander", "person": "alice",
       "occurred_at": "2026-11-26T10:08:00Z", "recorded_at": "2026-11-26T10:08:00Z", "actor": "alice"},
      {"id": "5", "incident": "INC-7", "kind": "severity_changed", "to": "SEV-1", "reason": "all regions",
       "occurred_at": "2026-11-26T10:20:00Z", "recorded_at": "2026-11-26T10:20:00Z", "actor": "alice"},
      {"id": "6", "incident": "INC-7", "kind": "status_changed", "to": "monitoring", "reason": "rolled back the config push",
       "occurred_at": "2026-11-26T10:40:00Z", "recorded_at": "2026-11-26T10:40:00Z", "actor": "bob"},
      {"id": "7", "incident": "INC-7", "kind": "impact_ended",
       "occurred_at": "2026-11-26T10:41:00Z", "recorded_at": "2026-11-26T10:41:00Z", "actor": "bob"},
      {"id": "8", "incident": "INC-7", "kind": "follow_up_created", "title": "Canary config pushes", "owner": "platform", "due": "2026-12-15",
       "occurred_at": "2026-11-26T10:50:00Z", "recorded_at": "2026-11-26T10:50:00Z", "actor": "alice"},
      {"id": "9", "incident": "INC-7", "kind": "status_changed", "to": "resolved",
       "occurred_at": "2026-11-26T11:00:00Z", "recorded_at": "2026-11-26T11:00:00Z", "actor": "bob"}
    ]))
}

#[test]
fn draft_fills_in_what_the_record_knows() {
    let opts = DraftOptions {
        zone: Zone::parse("Europe/Berlin").unwrap(),
        ..DraftOptions::default()
    };
    let d = draft(
        &IncidentConfig::default(),
        &incident_events(),
        at("2026-11-26T12:00:00Z"),
        &opts,
    )
    .unwrap();
    let pm = &d.postmortem;
    // The worst severity it held, though detected as SEV-2.
    assert_eq!(pm.meta.severity.as_deref(), Some("SEV-1"));
    assert_eq!(pm.meta.owner.as_deref(), Some("alice"));
    assert_eq!(pm.meta.services, vec!["checkout"]);
    assert_eq!(pm.meta.started_at, Some(at("2026-11-26T09:55:00Z")));
    // Resolved Thursday 26 November 11:00 UTC + 5 business days (UTC 9–17): Thursday 3 December.
    assert_eq!(pm.meta.due, NaiveDate::from_ymd_opt(2026, 12, 3));
    assert_eq!(pm.meta.responders, vec!["alice", "bob"]);
    let impact = pm.impact.as_deref().unwrap();
    // 09:55 → 10:41 is 46 minutes; SEV-2 10:00–10:20, SEV-1 10:20–11:00.
    assert!(impact.contains("| Customer impact | 46m |"), "{impact}");
    assert!(impact.contains("| Time in SEV-2 | 20m |"), "{impact}");
    assert!(impact.contains("| Time in SEV-1 | 40m |"), "{impact}");
    assert!(impact.contains("| Time to acknowledge | 7m |"), "{impact}");
    assert!(
        impact.contains("- 2026-11-26 10:55 CET to 2026-11-26 11:41 CET: payments fail"),
        "{impact}"
    );
    let resolution = pm.resolution.as_deref().unwrap();
    assert!(resolution.contains("- 2026-11-26 11:40 CET: bob changed the status to Monitoring: rolled back the config push"), "{resolution}");
    let responders = pm.responders.as_deref().unwrap();
    assert!(
        responders.contains("- Incident commander: alice (from 2026-11-26 11:08 CET)"),
        "{responders}"
    );
    assert_eq!(pm.items()[0].title, "Canary config pushes");
    assert_eq!(pm.items()[0].due, NaiveDate::from_ymd_opt(2026, 12, 15));
    assert!(pm
        .timeline
        .as_deref()
        .unwrap()
        .starts_with("| Time (Europe/Berlin) | Who | What |"));
    // Everything only people can write is a prompt, and the draft reads back unchanged.
    assert_eq!(d.prompts, 8);
    assert_eq!(parse(&d.markdown).unwrap(), d.postmortem);
    // Drafting an open incident is refused.
    let open = &incident_events()[..8];
    assert_eq!(
        draft(
            &IncidentConfig::default(),
            open,
            at("2026-11-26T12:00:00Z"),
            &opts
        )
        .unwrap_err()
        .code(),
        "incident_not_resolved"
    );
}

#[test]
fn the_draft_lints_its_prompts_and_nothing_blames() {
    let now = at("2026-11-26T12:00:00Z");
    let d = draft(
        &IncidentConfig::default(),
        &incident_events(),
        now,
        &DraftOptions::default(),
    )
    .unwrap();
    let f = lint_text(&d.markdown, &LintOptions::at(now)).unwrap();
    let prompts: Vec<usize> = f
        .iter()
        .filter(|f| f.code == "unwritten_prompt")
        .map(|f| f.line)
        .collect();
    assert_eq!(prompts.len(), d.prompts);
    for line in &prompts {
        assert!(d
            .markdown
            .lines()
            .nth(line - 1)
            .unwrap()
            .contains("**TODO:**"));
    }
    let other: Vec<&str> = f
        .iter()
        .filter(|f| f.code != "unwritten_prompt" && f.level != FindingLevel::Info)
        .map(|f| f.code.as_str())
        .collect();
    assert!(other.is_empty(), "{other:?}");
}

#[test]
fn the_sample_postmortem_passes_its_own_lint_and_round_trips() {
    // The finished post-mortem of the sample organisation's INC-1042, drafted from its events.
    let finished = std::fs::read_to_string(format!(
        "{}/../../examples/postmortems/inc-1042-payments-latency.md",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let f = lint_text(&finished, &LintOptions::at(at("2026-12-01T09:00:00Z"))).unwrap();
    assert!(f.is_empty(), "{f:#?}");
    let text = sample();
    let f = lint_text(&text, &LintOptions::at(at("2026-12-05T09:00:00Z"))).unwrap();
    let noisy: Vec<_> = f.iter().filter(|f| f.level != FindingLevel::Info).collect();
    assert!(noisy.is_empty(), "{noisy:#?}");
    let pm = parse(&text).unwrap();
    assert_eq!(pm.items().len(), 3);
    assert_eq!(pm.items()[1].status, ActionStatus::InProgress);
    assert_eq!(pm.items()[0].ticket.as_deref(), Some("PAY-311"));
    assert_eq!(parse(&render(&pm)).unwrap(), pm);
    // Three weeks later the in-progress item (due 18 December) is overdue.
    let later = lint_text(&text, &LintOptions::at(at("2026-12-21T09:00:00Z"))).unwrap();
    let overdue: Vec<_> = later
        .iter()
        .filter(|f| f.code == "action_overdue")
        .collect();
    assert_eq!(overdue.len(), 1);
    assert!(
        overdue[0].message.contains("3 days overdue"),
        "{}",
        overdue[0].message
    );
}

#[test]
fn validation_finds_missing_sections_and_incomplete_action_items() {
    let text = "---\nowner: sam\n---\n# Review\n\n## Summary\n\nShort.\n\n## Root cause\n\n### Technical\n\nA bug.\n\n\
## Action items\n\n| Action | Owner | Due | Status |\n|---|---|---|---|\n| Fix the bug | | 2026-01-10 | open |\n| Add an alert | obs | TBD | open |\n| Old idea | | | won't do |\n";
    let f = lint_text(text, &LintOptions::at(at("2026-11-26T00:00:00Z"))).unwrap();
    let got: Vec<(&str, usize)> = f.iter().map(|f| (f.code.as_str(), f.line)).collect();
    assert!(got.contains(&("missing_section", 4)), "{got:?}");
    assert!(got.contains(&("missing_subsection", 10)), "{got:?}");
    assert!(got.contains(&("action_without_owner", 20)), "{got:?}");
    assert!(got.contains(&("action_overdue", 20)), "{got:?}");
    assert!(got.contains(&("action_without_due_date", 21)), "{got:?}");
    // A dropped item needs neither owner nor date.
    assert!(!got.iter().any(|(_, l)| *l == 22), "{got:?}");
    let missing: Vec<&str> = f
        .iter()
        .filter(|f| f.code == "missing_section")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(
        missing.len(),
        4,
        "Impact, Timeline, Resolution, Lessons learned: {missing:?}"
    );
}

#[test]
fn bad_input_is_a_typed_error_with_a_line() {
    let cases: &[(&str, &str, usize)] = &[
        (
            "# A\n\n## Summary\n\nx\n\n## Overview\n",
            "postmortem_repeated_heading",
            7,
        ),
        (
            "# A\n\n## Root cause\n\n### Technical\n\n### technical\n",
            "postmortem_repeated_heading",
            7,
        ),
        (
            "# A\n\n## Action items\n\n| Action | Due |\n|---|---|\n| x | next week |\n",
            "invalid_action_item",
            7,
        ),
        (
            "# A\n\n## Action items\n\n| Action | Cost |\n|---|---|\n| x | 5 |\n",
            "invalid_action_item",
            5,
        ),
        (
            "# A\n\n## Action items\n\n| Action | Status |\n|---|---|\n| x | blocked |\n",
            "invalid_action_item",
            7,
        ),
        (
            "---\nseverity: [1\n---\n# A\n",
            "invalid_postmortem_front_matter",
            2,
        ),
        (
            "---\nstatus: final\n---\n# A\n",
            "invalid_postmortem_front_matter",
            2,
        ),
        ("just text\n", "postmortem_missing_title", 1),
        ("# A\n\n\0", "postmortem_not_text", 3),
    ];
    for (text, code, line) in cases {
        let e = parse(text).unwrap_err();
        assert_eq!((e.code(), e.line()), (*code, Some(*line)), "{text:?}: {e}");
    }
    let huge = "x".repeat(MAX_DOCUMENT_BYTES + 1);
    assert_eq!(parse(&huge).unwrap_err().code(), "postmortem_too_large");
    let rows: String = (0..=MAX_ACTION_ITEMS)
        .map(|i| format!("| a{i} |\n"))
        .collect();
    let many = format!("# A\n\n## Action items\n\n| Action |\n|---|\n{rows}");
    assert_eq!(parse(&many).unwrap_err().code(), "postmortem_too_large");
}

/// Phrases from Dekker's list of counterfactuals ("they should have", "they failed to", "if
/// only they had") and the Google SRE book's advice against naming culprits.
#[test]
fn blameless_lint_explains_and_never_rewrites() {
    let text = "# Review\n\n## Root cause\n\nIf only the on-call had looked. They failed to notice.\n\n\
The root cause was human error by @sam.\n\n## Action items\n\n| Action | Owner | Due |\n|---|---|---|\n| Remind everyone to be more careful | sam | 2026-12-01 |\n";
    let lint = BlamelessLint::new(&BlamelessConfig::default()).unwrap();
    let f = lint.check(text).unwrap();
    let got: Vec<(&str, usize, &str)> = f
        .iter()
        .map(|f| (f.code.as_str(), f.line, f.excerpt.as_deref().unwrap()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("counterfactual", 5, "If only"),
            ("counterfactual", 5, "failed to"),
            ("blaming_language", 7, "human error"),
            // `@handles` are people by default.
            ("person_as_cause", 7, "error by @sam"),
            ("punitive_action", 13, "be more careful"),
        ]
    );
    for finding in &f {
        assert!(finding
            .explanation
            .as_deref()
            .is_some_and(|e| !e.is_empty()));
        assert!(finding.suggestion.as_deref().is_some_and(|e| !e.is_empty()));
    }
    // Without mentions as people, "@sam" is just text; a configured name still counts.
    let no_mentions = BlamelessLint::new(&BlamelessConfig {
        mentions_are_people: false,
        ..Default::default()
    })
    .unwrap();
    assert!(!no_mentions
        .check(text)
        .unwrap()
        .iter()
        .any(|f| f.code == "person_as_cause"));
    let named = BlamelessLint::new(&BlamelessConfig {
        mentions_are_people: false,
        people: vec!["sam".into()],
        ..Default::default()
    })
    .unwrap();
    assert!(named
        .check(text)
        .unwrap()
        .iter()
        .any(|f| f.code == "person_as_cause" && f.line == 7));
    // The lint reads; the text is unchanged (it takes &str and returns findings only), and a
    // post-mortem's lint uses its responders as people.
    let pm_text = "---\nresponders: [Robin]\n---\n# R\n\nRobin's typo deleted the index.\n";
    let f = lint_text(
        pm_text,
        &LintOptions {
            required_sections: Some(vec![]),
            ..LintOptions::at(at("2026-11-26T00:00:00Z"))
        },
    )
    .unwrap();
    assert!(
        f.iter().any(|f| f.code == "person_as_cause" && f.line == 6),
        "{f:#?}"
    );
    let quiet = lint_text(
        pm_text,
        &LintOptions {
            required_sections: Some(vec![]),
            check_language: false,
            ..LintOptions::at(at("2026-11-26T00:00:00Z"))
        },
    )
    .unwrap();
    assert!(!quiet.iter().any(|f| f.code == "person_as_cause"));
}

#[test]
fn the_index_groups_by_service_tag_and_category() {
    let a = parse(&sample()).unwrap();
    let b = parse("---\nincident: INC-2000\nservices: [payments]\nroot_cause_categories: [capacity, configuration-change]\nstarted_at: 2027-01-10T08:00:00Z\n---\n# Slow payments\n\n\
## Lessons learned\n\n### What went well\n\nAutoscaling kicked in.\n\n### What needs improvement\n\n- Limits were set for last year's traffic.\n").unwrap();
    let c = parse("# Undated\n").unwrap();
    let idx = index(&[a, b, c]).unwrap();
    let ids: Vec<&str> = idx.postmortems.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, vec!["INC-2000", "INC-981", "undated"]);
    assert_eq!(idx.by_service["payments"], vec!["INC-2000", "INC-981"]);
    assert_eq!(idx.by_service["checkout"], vec!["INC-981"]);
    assert_eq!(
        idx.categories[0],
        CategoryCount {
            category: "configuration-change".into(),
            count: 2
        }
    );
    let lessons: Vec<(LessonKind, &str)> = idx.postmortems[0]
        .lessons
        .iter()
        .map(|l| (l.kind, l.text.as_str()))
        .collect();
    assert_eq!(
        lessons,
        vec![
            (LessonKind::WentWell, "Autoscaling kicked in."),
            (
                LessonKind::NeedsImprovement,
                "Limits were set for last year's traffic."
            )
        ]
    );
    assert_eq!(idx.postmortems[1].open_action_items, 2);
    assert_eq!(idx.postmortems[1].lessons.len(), 5);
}

// ---- properties ----

fn words(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec("[a-z]{1,8}", 1..max).prop_map(|w| w.join(" "))
}

fn prose() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        prop::collection::vec(words(8), 1..3).prop_map(|p| p.join("\n\n")),
        prop::collection::vec(words(5), 1..4).prop_map(|i| i
            .iter()
            .map(|i| format!("- {i}"))
            .collect::<Vec<_>>()
            .join("\n")),
    ]
}

fn item() -> impl Strategy<Value = ActionItem> {
    (
        "[a-z|]{1,6}( [a-z|]{1,6}){0,4}",
        prop::option::of("[a-z]{2,8}"),
        prop::option::of((2020i32..2030, 1u32..13, 1u32..29)),
        prop::option::of("P[0-4]"),
        0usize..4,
        prop::option::of("[A-Z]{2,4}-[0-9]{1,4}"),
    )
        .prop_map(|(title, owner, due, priority, status, ticket)| ActionItem {
            title,
            owner: owner.filter(|o| o != "tbd" && o != "none"),
            due: due.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            priority,
            status: [
                ActionStatus::Open,
                ActionStatus::InProgress,
                ActionStatus::Done,
                ActionStatus::WontDo,
            ][status],
            ticket,
        })
}

fn postmortem() -> impl Strategy<Value = Postmortem> {
    let meta = (
        prop::option::of("INC-[0-9]{1,5}"),
        prop::option::of(prop_oneof![
            Just("SEV-1".to_string()),
            Just("SEV-2".to_string())
        ]),
        prop::option::of(prop_oneof![
            Just(ReviewStatus::Draft),
            Just(ReviewStatus::InReview),
            Just(ReviewStatus::Published)
        ]),
        prop::collection::vec("[a-z]{1,8}", 0..3),
        prop::option::of((2020i32..2030, 1u32..13, 1u32..29)),
    )
        .prop_map(|(incident, severity, status, tags, due)| PostmortemMeta {
            incident,
            severity,
            status,
            tags,
            due: due.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
            ..PostmortemMeta::default()
        });
    (
        meta,
        words(6),
        (
            prose(),
            prop::option::of(prose()),
            prop::option::of(prose()),
            prop::option::of(prose()),
        ),
        prop::option::of((
            prose(),
            prop::option::of(prose()),
            prop::option::of(prose()),
        )),
        prop::option::of((prop::collection::vec(item(), 0..5), prose())),
        prop::option::of((
            prose(),
            prop::option::of(prose()),
            prop::option::of(prose()),
            prop::option::of(prose()),
        )),
        prop::collection::vec((words(3), prose()), 0..2),
    )
        .prop_map(
            |(meta, title, (intro, summary, impact, resolution), rc, ai, lessons, others)| {
                Postmortem {
                    meta,
                    title,
                    intro,
                    summary,
                    impact,
                    timeline: None,
                    responders: None,
                    root_cause: rc.map(|(intro, technical, process)| RootCause {
                        intro,
                        technical,
                        process,
                    }),
                    resolution,
                    action_items: ai.map(|(items, notes)| ActionItems { items, notes }),
                    lessons: lessons.map(|(intro, went_well, needs_improvement, lucky)| Lessons {
                        intro,
                        went_well,
                        needs_improvement,
                        lucky,
                    }),
                    other_sections: others
                        .into_iter()
                        .enumerate()
                        .map(|(i, (h, body))| OtherSection {
                            heading: format!("Appendix {i} {h}"),
                            body,
                        })
                        .collect(),
                }
            },
        )
}

fn markdown() -> impl Strategy<Value = String> {
    let heading = prop_oneof![
        Just("Summary"),
        Just("Impact"),
        Just("Timeline"),
        Just("Root cause"),
        Just("Technical"),
        Just("Process"),
        Just("Resolution"),
        Just("Action items"),
        Just("Lessons learned"),
        Just("What went well"),
        Just("Appendix"),
    ];
    let piece = prop_oneof![
        (1usize..4, heading).prop_map(|(l, h)| format!("{} {h}", "#".repeat(l))),
        words(6),
        "[ -~]{0,40}",
        Just("| Action | Owner | Due | Status |\n|---|---|---|---|\n| fix it | ops | 2026-12-01 | open |".to_string()),
        Just("| Action | Due |\n|---|---|\n| fix it | soon |".to_string()),
        Just("| a | b |\n|---|---|\n| c | d |".to_string()),
        "[a-z ]{0,20}".prop_map(|t| format!("> **TODO:** {t}")),
        Just("They should have known; human error.".to_string()),
    ];
    let front = prop_oneof![
        Just(String::new()),
        Just("---\nincident: INC-1\nowner: x\ndue: 2026-01-01\n---\n".to_string()),
        Just("---\ndue: not-a-date\n---\n".to_string()),
    ];
    (front, prop::collection::vec(piece, 0..25))
        .prop_map(|(f, p)| format!("{f}# Title\n\n{}\n", p.join("\n\n")))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn render_then_parse_is_the_identity(pm in postmortem()) {
        let text = render(&pm);
        let back = parse(&text);
        prop_assert_eq!(back.as_ref().ok(), Some(&pm), "{}", text);
    }

    #[test]
    fn parsing_structured_markdown_is_stable(text in markdown()) {
        match parse_document(&text) {
            Ok(p) => {
                let again = parse(&render(&p.postmortem));
                prop_assert_eq!(again.as_ref().ok(), Some(&p.postmortem), "{}", render(&p.postmortem));
                let f = lint(&p, &LintOptions::at(at("2026-11-26T00:00:00Z"))).unwrap();
                prop_assert!(f.len() <= MAX_FINDINGS);
                prop_assert!(f.iter().all(|f| f.line >= 1 && f.line <= p.lines.end));
            }
            Err(e) => {
                let lines = text.split('\n').count();
                prop_assert!(e.line().is_none_or(|l| l >= 1 && l <= lines), "{e:?}");
            }
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let mut with_title = b"# T\n\n## Action items\n\n".to_vec();
        with_title.extend_from_slice(&bytes);
        for input in [&bytes, &with_title] {
            match parse_bytes(input) {
                Ok(p) => {
                    prop_assert!(p.work <= 4 * input.len() + 16);
                    let f = lint(&p, &LintOptions::at(at("2026-11-26T00:00:00Z"))).unwrap();
                    prop_assert!(f.len() <= MAX_FINDINGS);
                }
                Err(e) => prop_assert!(!e.code().is_empty()),
            }
            if let Ok(text) = std::str::from_utf8(input) {
                let f = BlamelessLint::new(&BlamelessConfig::default()).unwrap().check(text);
                prop_assert!(f.map_or(true, |f| f.len() <= MAX_FINDINGS));
            }
        }
    }
}

/// A bounded list in an operation's input: the bound itself is read, one more item is refused
/// with its limit, and something that is not a list is refused saying what is wanted.
#[test]
fn the_index_takes_at_most_its_documented_number_of_post_mortems() {
    let index = |n: usize| {
        let docs = vec![serde_json::Value::from("# Post-mortem\n"); n];
        watchstander::ops::call(
            "postmortem.index",
            &serde_json::json!({ "postmortems": docs }),
        )
    };
    assert!(index(MAX_INDEXED).is_ok());
    let e = index(MAX_INDEXED + 1).unwrap_err();
    assert_eq!(e.code(), "too_many_items", "{e}");
    assert!(e.to_string().contains(&MAX_INDEXED.to_string()), "{e}");
    let e = watchstander::ops::call(
        "postmortem.index",
        &serde_json::json!({"postmortems": "# One"}),
    )
    .unwrap_err();
    assert!(
        e.to_string().contains("a list of at most 10000 items"),
        "{e}"
    );
}
