//! SLA targets are validated (issue 9): a zero or negative target would put the deadline at or
//! before the start, and `docs/errors.md` promises `invalid_target` for both. Every way a
//! target reaches a clock is checked: the policy, a clock read from JSON, a clock built in
//! Rust, and the operations.

use serde_json::json;
use watchstander::severity::{
    ClockKind, SeverityError, SeverityPolicy, SlaClock, SlaTarget, Within,
};
use watchstander::time::{parse_instant, IsoDuration};

fn policy_with(response: &str) -> Result<SeverityPolicy, SeverityError> {
    let p: SeverityPolicy = serde_json::from_value(json!({"levels": [
        {"id": "P1", "name": "Urgent", "rank": 1, "description": "x", "response": {"within": response}}
    ]}))
    .unwrap();
    p.validate()
}

fn target(d: &str) -> SlaTarget {
    SlaTarget {
        within: Within::Duration(d.parse().unwrap()),
        clock: ClockKind::TwentyFourSeven,
    }
}

#[test]
fn zero_and_negative_targets_are_refused_by_the_policy() {
    for bad in ["PT0S", "P0D", "-PT1H", "-P1D", "P1M", "P1Y"] {
        let e = policy_with(bad).unwrap_err();
        assert_eq!(e.code(), "invalid_target", "{bad}");
        match &e {
            SeverityError::InvalidTarget {
                id, what, value, ..
            } => {
                assert_eq!(id, "P1");
                assert_eq!(what, "response target");
                assert_eq!(*value, bad.parse::<IsoDuration>().unwrap());
            }
            other => panic!("{bad}: {other:?}"),
        }
        // The message names the value and the level and says what to write instead.
        let m = e.to_string();
        assert!(
            m.contains(&bad.parse::<IsoDuration>().unwrap().to_string()) && m.contains("P1"),
            "{m}"
        );
        assert!(m.contains("e.g. PT4H"), "{m}");
    }
    assert!(policy_with("PT1M").is_ok());
    assert!(policy_with("immediate").is_ok());
    assert!(policy_with("PT0S")
        .unwrap_err()
        .to_string()
        .contains("\"immediate\""));
}

#[test]
fn resolve_targets_cadences_and_immediate_within_are_checked_too() {
    let mut p = SeverityPolicy::default();
    p.levels[1].resolve = Some(target("-PT1H"));
    assert!(
        matches!(p.validate(), Err(SeverityError::InvalidTarget { ref what, .. }) if what == "resolve target")
    );
    let mut p = SeverityPolicy::default();
    p.levels[0].updates[0].every = "PT0S".parse().unwrap();
    assert!(
        matches!(p.validate(), Err(SeverityError::InvalidTarget { ref what, .. }) if what == "update cadence for internal")
    );
    let p = SeverityPolicy {
        immediate_within: "PT0S".parse().unwrap(),
        ..SeverityPolicy::default()
    };
    assert!(
        matches!(p.validate(), Err(SeverityError::InvalidTarget { ref what, .. }) if what == "immediate_within")
    );
}

#[test]
fn a_clock_with_a_bad_target_has_no_status() {
    // Issue 9: -PT1H gave a deadline an hour before the start.
    let policy = SeverityPolicy::default();
    let start = parse_instant("2026-11-26T10:00:00Z").unwrap();
    let now = parse_instant("2026-11-26T10:30:00Z").unwrap();
    for bad in ["-PT1H", "PT0S"] {
        let clock = SlaClock::start(target(bad), start);
        assert_eq!(
            clock.status(&policy, now).unwrap_err().code(),
            "invalid_target",
            "{bad}"
        );
        assert_eq!(
            clock.validate().unwrap_err().code(),
            "invalid_target",
            "{bad}"
        );
    }
    let ok = SlaClock::start(target("PT1H"), start)
        .status(&policy, now)
        .unwrap();
    assert_eq!(
        ok.deadline,
        Some(parse_instant("2026-11-26T11:00:00Z").unwrap())
    );
}

#[test]
fn the_operations_refuse_bad_targets() {
    let call = |op: &str, input: serde_json::Value| {
        watchstander::ops::call(op, &input)
            .unwrap_err()
            .code()
            .to_string()
    };
    assert_eq!(
        call(
            "severity.sla_replay",
            json!({"target": {"within": "-PT1H"}, "started_at": "2026-11-26T10:00:00Z", "now": "2026-11-26T10:30:00Z"})
        ),
        "invalid_target"
    );
    assert_eq!(
        call(
            "severity.sla_status",
            json!({"clock": {"target": {"within": "PT0S"}, "started_at": "2026-11-26T10:00:00Z"}, "now": "2026-11-26T10:30:00Z"})
        ),
        "invalid_target"
    );
    assert_eq!(
        call(
            "severity.attainment",
            json!({"clocks": [{"target": {"within": "-PT5M"}, "started_at": "2026-11-26T10:00:00Z"}], "now": "2026-11-26T10:30:00Z"})
        ),
        "invalid_target"
    );
    let mut policy = serde_json::to_value(SeverityPolicy::default()).unwrap();
    policy["levels"][0]["response"]["within"] = json!("PT0S");
    assert_eq!(
        call(
            "incident.replay",
            json!({"config": {"severity_policy": policy}, "events": []})
        ),
        "invalid_target"
    );
}
