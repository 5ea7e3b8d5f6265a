//! Named scenarios for the metrics module, each citing where its expected numbers come from.

use chrono::NaiveDate;
use serde_json::json;
use watchstander::metrics::{
    render_html, render_text, HourClass, Metrics, MetricsInput, RiskLevel,
};
use watchstander::time::parse_instant;

fn input(v: serde_json::Value) -> MetricsInput {
    serde_json::from_value(v).unwrap()
}

/// The sample organisation's incident INC-1042, folded from its events.
#[test]
fn an_incident_history_is_read_as_the_incident_module_folds_it() {
    let sample: serde_json::Value =
        serde_json::from_str(include_str!("../../../examples/org/incidents.json")).unwrap();
    let events = sample["incidents"][0]["events"].clone();
    let m = Metrics::new(input(json!({
        "start": "2026-11-23T00:00:00Z", "end": "2026-11-30T00:00:00Z", "zone": "Europe/London",
        "incident_histories": [events], "incident_config": sample["config"]
    })))
    .unwrap();
    let r = m.response();
    // Detected 09:52, acknowledged 09:58, monitoring (mitigated) 10:52, impact from 09:40,
    // still open; raised from SEV-3 to SEV-2.
    assert_eq!(r.counts.counted, 1);
    assert_eq!(r.counts.open, 1);
    assert_eq!(r.overall.time_to_acknowledge.p50_seconds, Some(360.0));
    assert_eq!(r.overall.time_to_mitigate.p50_seconds, Some(3600.0));
    assert_eq!(r.overall.time_to_detect.p50_seconds, Some(720.0));
    assert_eq!(r.overall.time_to_resolve.count, 0);
    assert_eq!(r.by_severity[0].key, "SEV-2");
    assert_eq!(r.by_service[0].key, "payments-api");
    // Its follow-up is an open action item.
    assert_eq!(m.process().unwrap().action_items.total, 1);
}

/// A history the state machine refuses is skipped and reported, not fatal.
#[test]
fn a_broken_history_is_a_finding() {
    let m = Metrics::new(input(json!({
        "start": "2026-11-23T00:00:00Z", "end": "2026-11-30T00:00:00Z", "zone": "UTC",
        "incident_histories": [[
            {"id": "1", "incident": "X", "kind": "status_changed", "to": "resolved",
             "occurred_at": "2026-11-24T10:00:00Z", "recorded_at": "2026-11-24T10:00:00Z", "actor": "a"}
        ]]
    })))
    .unwrap();
    assert_eq!(m.data_quality().count("invalid_history"), 1);
    assert_eq!(m.response().counts.counted, 0);
}

/// incident.io: declined and merged incidents are excluded from insights.
#[test]
fn declined_and_merged_incidents_are_counted_apart() {
    let m = Metrics::new(input(json!({
        "start": "2026-11-23T00:00:00Z", "end": "2026-11-30T00:00:00Z", "zone": "UTC",
        "incidents": [
            {"id": "a", "triggered_at": "2026-11-24T10:00:00Z", "acknowledged_at": "2026-11-24T10:01:00Z", "severity": "SEV-2", "excluded": "declined"},
            {"id": "b", "triggered_at": "2026-11-24T11:00:00Z", "acknowledged_at": "2026-11-24T11:30:00Z", "severity": "SEV-2", "excluded": "merged"},
            {"id": "c", "triggered_at": "2026-11-24T12:00:00Z", "acknowledged_at": "2026-11-24T12:05:00Z", "severity": "SEV-2"}
        ]
    })))
    .unwrap();
    let r = m.response();
    assert_eq!(
        (r.counts.excluded.declined, r.counts.excluded.merged),
        (1, 1)
    );
    assert_eq!(r.overall.time_to_acknowledge.count, 1);
    assert_eq!(r.overall.time_to_acknowledge.mean_seconds, Some(300.0));
    assert_eq!(m.frequency().weekly[0].total, 1);
}

/// DORA Four Keys: time to restore is, per day of creation, the median of whole minutes from
/// creation to resolution.
#[test]
fn dora_time_to_restore_is_a_daily_median_of_whole_minutes() {
    let m = Metrics::new(input(json!({
        "start": "2026-11-23T00:00:00Z", "end": "2026-11-30T00:00:00Z", "zone": "UTC",
        "incidents": [
            {"id": "a", "triggered_at": "2026-11-24T10:00:00Z", "resolved_at": "2026-11-24T10:10:59Z", "severity": "SEV-3"},
            {"id": "b", "triggered_at": "2026-11-24T11:00:00Z", "resolved_at": "2026-11-24T11:30:00Z", "severity": "SEV-3"},
            {"id": "c", "triggered_at": "2026-11-24T23:00:00Z", "resolved_at": "2026-11-25T01:00:00Z", "severity": "SEV-3"},
            {"id": "d", "triggered_at": "2026-11-26T09:00:00Z", "resolved_at": "2026-11-26T09:20:00Z", "severity": "SEV-3"},
            {"id": "e", "triggered_at": "2026-11-26T10:00:00Z", "resolved_at": "2026-11-26T10:50:00Z", "severity": "SEV-3"},
            {"id": "f", "triggered_at": "2026-11-27T10:00:00Z", "severity": "SEV-3"}
        ]
    })))
    .unwrap();
    let days = &m.response().time_to_restore_daily;
    // 24th: 10 (10:59 truncated), 30, 120 minutes → 30. 26th: 20 and 50 → 35. The 27th has no
    // resolved incident and no entry.
    assert_eq!(days.len(), 2);
    assert_eq!(days[0].date, NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
    assert_eq!((days[0].incidents, days[0].median_minutes), (3, 30.0));
    assert_eq!((days[1].incidents, days[1].median_minutes), (2, 35.0));
}

/// Google SRE book, "Being On-Call": at most two incidents per 12-hour shift, at most 25 % of
/// time on call.
#[test]
fn the_sre_ceilings_flag_a_person_and_say_why() {
    // Four people rotate weekly: 25 % each — at the limit, not over it. Dana also covers
    // a second week (two weeks of four: 50 %, and twice everyone's weekends) and is paged 3
    // times in 10 minutes, on two days.
    let mut shifts = vec![];
    for (k, p) in ["ann", "ben", "cat", "dana"].iter().enumerate() {
        shifts.push(json!({"person": p, "start": format!("2026-11-{:02}T09:00:00Z", 2 + 7 * k), "end": format!("2026-11-{:02}T09:00:00Z", 9 + 7 * k)}));
    }
    shifts.push(
        json!({"person": "dana", "start": "2026-11-02T09:00:00Z", "end": "2026-11-09T09:00:00Z"}),
    );
    let mut pages = vec![];
    for day in ["2026-11-24", "2026-11-25"] {
        for m in [0, 4, 8] {
            pages.push(json!({"person": "dana", "at": format!("{day}T13:{m:02}:00Z")}));
        }
    }
    let m = Metrics::new(input(json!({
        "start": "2026-11-02T09:00:00Z", "end": "2026-11-30T09:00:00Z", "zone": "UTC",
        "people": [{"id": "ann"}, {"id": "ben"}, {"id": "cat"}, {"id": "dana"}],
        "oncall": shifts, "pages": pages
    })))
    .unwrap();
    let b = m.burnout().unwrap();
    let ann = b.people.iter().find(|p| p.person == "ann").unwrap();
    assert_eq!(ann.oncall_share, 0.25);
    assert_eq!(ann.risk, RiskLevel::None, "{:?}", ann.reasons);
    let dana = &b.people[0];
    assert_eq!(dana.person, "dana");
    assert_eq!(dana.oncall_share, 0.5);
    assert_eq!(dana.blocks_over_ceiling, 2); // two 12-hour blocks with 3 interruptions each
    let codes: Vec<&str> = dana.reasons.iter().map(|r| r.code.as_str()).collect();
    assert!(codes.contains(&"oncall_share"), "{codes:?}");
    assert!(
        !codes.contains(&"ceiling_breaches"),
        "2 blocks is within the default tolerance"
    );
    // 96 weekend hours against a mean of (3 · 48 + 96) / 4 = 60: 1.6 × the mean, over 1.5.
    assert!(codes.contains(&"weekend_holiday_load"), "{codes:?}");
    assert_eq!(dana.risk, RiskLevel::High);
    // 6 interruptions in 336 hours on call: 6 / 28 per 12 h.
    assert!((dana.interruptions_per_12h.unwrap() - 6.0 / 28.0).abs() < 1e-12);
    // Ann, Ben and Cat carry 168 h, Dana 336 h: Σ|xᵢ − xⱼ| over ordered pairs is 6 · 168, the
    // mean 210, so G = 1008 / (2 · 4² · 210) = 0.15.
    assert!((b.balance.oncall_hours_gini - 0.15).abs() < 1e-12);
}

/// Opsgenie's on-call time report counts distinct on-call time after discarding overlapping
/// rotations: two schedules at once count once.
#[test]
fn overlapping_schedules_count_once() {
    let m = Metrics::new(input(json!({
        "start": "2026-11-02T00:00:00Z", "end": "2026-11-09T00:00:00Z", "zone": "UTC",
        "oncall": [
            {"person": "ann", "start": "2026-11-02T00:00:00Z", "end": "2026-11-03T00:00:00Z", "schedule": "primary"},
            {"person": "ann", "start": "2026-11-02T12:00:00Z", "end": "2026-11-03T12:00:00Z", "schedule": "secondary"}
        ]
    })))
    .unwrap();
    let b = m.burnout().unwrap();
    assert_eq!(b.people[0].oncall_hours, 36.0);
    assert_eq!(b.people[0].shifts, 1);
}

/// On-call time from a schedule document, compiled over the window.
#[test]
fn schedules_give_on_call_time_and_people() {
    let m = Metrics::new(input(json!({
        "start": "2026-01-05T00:00:00Z", "end": "2026-02-02T00:00:00Z", "zone": "UTC",
        "schedules": [{"id": "s", "zone": "Europe/Berlin",
            "people": [{"id": "ann", "name": "Ann", "zone": "Europe/Berlin", "holidays": [{"date": "2026-01-06"}]}],
            "layers": [{"id": "l", "rotation": {"members": ["ann", "ben"], "anchor": "2026-01-05T00:00", "handoff": {"every": 1, "unit": "weeks"}}}]}]
    })))
    .unwrap();
    let b = m.burnout().unwrap();
    let ann = b.people.iter().find(|p| p.person == "ann").unwrap();
    let ben = b.people.iter().find(|p| p.person == "ben").unwrap();
    // Weekly handoffs at Monday 00:00 Berlin (23:00 UTC on Sunday); the window is four UTC
    // weeks from Monday 00:00 UTC. Ann: 5 Jan 00:00 – 11 Jan 23:00 (167 h), 18 – 25 Jan (168 h)
    // and the window's last hour; Ben: 11 – 18 Jan and 25 Jan – 1 Feb (168 h each).
    assert_eq!(ann.oncall_hours, 167.0 + 168.0 + 1.0);
    assert_eq!(ben.oncall_hours, 2.0 * 168.0);
    assert_eq!(ann.name.as_deref(), Some("Ann"));
    assert_eq!(
        ann.holiday_hours, 24.0,
        "Epiphany, from the schedule's person"
    );
}

/// PagerDuty's operational reviews: interruptions are classified in the responder's local time.
#[test]
fn interruptions_follow_each_responders_clock_across_dst() {
    let m = Metrics::new(input(json!({
        "start": "2026-03-23T00:00:00Z", "end": "2026-04-06T00:00:00Z", "zone": "UTC",
        "people": [{"id": "lon", "zone": "Europe/London"}, {"id": "sgp", "zone": "Asia/Singapore"}],
        "pages": [
            // 07:30 UTC on Friday 27 March: 07:30 GMT (sleep) in London, 15:30 in Singapore.
            {"person": "lon", "at": "2026-03-27T07:30:00Z"},
            {"person": "sgp", "at": "2026-03-27T07:30:00Z"},
            // The same UTC time a week later: 08:30 BST (business) in London.
            {"person": "lon", "at": "2026-04-03T07:30:00Z"}
        ]
    })))
    .unwrap();
    let i = m.interruptions();
    let lon = i.per_person.iter().find(|p| p.person == "lon").unwrap();
    assert_eq!(
        (lon.interruptions.sleep, lon.interruptions.business),
        (1, 1)
    );
    let sgp = i.per_person.iter().find(|p| p.person == "sgp").unwrap();
    assert_eq!(sgp.interruptions.business, 1);
    // Heatmap: Friday (row 4), hour 7 for London's first page, 8 for the second, 15 in Singapore.
    assert_eq!(i.heatmap.cells[4][7], 1);
    assert_eq!(i.heatmap.cells[4][8], 1);
    assert_eq!(i.heatmap.cells[4][15], 1);
    let hours = &m.settings().hours;
    assert_eq!(
        hours.classify(
            parse_instant("2026-04-03T08:30:00Z").unwrap().naive_utc(),
            false
        ),
        HourClass::Business
    );
}

/// Shared holiday calendars are expanded from their RRULEs, as business calendars are.
#[test]
fn shared_holiday_calendars_make_holiday_hours() {
    let m = Metrics::new(input(json!({
        "start": "2026-12-21T00:00:00Z", "end": "2026-12-28T00:00:00Z", "zone": "Europe/London",
        "holiday_calendars": {"uk": [{"name": "Christmas Day", "rrule": "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25"},
                                     {"name": "Boxing Day", "rrule": "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=26"}]},
        "people": [{"id": "ann", "zone": "Europe/London", "holiday_calendars": ["uk"]}],
        "oncall": [{"person": "ann", "start": "2026-12-21T00:00:00Z", "end": "2026-12-28T00:00:00Z"}],
        "settings": {"compensation": {"rates": {"holiday": 10, "weekend": 5}}}
    })))
    .unwrap();
    let c = m.compensation().unwrap();
    let t = &c.totals[0];
    // Friday 25th is a holiday (24 h); Saturday 26th is Boxing Day: holiday beats weekend.
    // Sunday 27th is a weekend day. Monday to Thursday are weekdays.
    assert_eq!((t.holiday_hours, t.weekend_hours), (48.0, 24.0));
    assert_eq!((t.weekday_hours, t.weeknight_hours), (40.0, 56.0));
    assert_eq!(t.amount, 48.0 * 10.0 + 24.0 * 5.0);
}

/// Every text that comes from the input is escaped in the HTML report.
#[test]
fn the_html_report_escapes_everything_it_is_given() {
    let evil = "<script>alert(1)</script>\"'&";
    let m = Metrics::new(input(json!({
        "start": "2026-11-02T00:00:00Z", "end": "2026-11-09T00:00:00Z", "zone": "UTC",
        "people": [{"id": evil, "name": evil}],
        "oncall": [{"person": evil, "start": "2026-11-02T00:00:00Z", "end": "2026-11-03T00:00:00Z"}],
        "incidents": [{"id": evil, "triggered_at": "2026-11-02T10:00:00Z", "resolved_at": "2026-11-02T09:00:00Z",
                       "severity": evil, "service": evil, "team": evil}],
        "pages": [{"person": evil, "at": "2026-11-02T10:00:00Z", "rule": evil, "service": evil},
                  {"person": "<img src=x onerror=alert(2)>", "at": "2026-11-02T11:00:00Z"}],
        "settings": {"compensation": {"currency": evil}}
    })))
    .unwrap();
    let html = render_html(&m.report(Some(evil)).unwrap());
    assert!(!html.contains("<script"));
    assert!(!html.contains("<img"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"));
    // No external resources, no scripts: the page stands alone.
    assert!(
        !html.contains("src=\"http") && !html.contains("href=\"http") && !html.contains("url(")
    );
    let text = render_text(&m.report(None).unwrap());
    assert!(text.contains("resolve_before_trigger"));
}

/// The sample team's thirteen weeks render into a report with every chart drawn.
#[test]
fn the_sample_team_report_has_every_chart() {
    let mut v: serde_json::Value =
        serde_json::from_str(include_str!("../../../examples/org/metrics.json")).unwrap();
    let schedules: serde_json::Value =
        serde_json::from_str(include_str!("../../../examples/org/schedules.json")).unwrap();
    v["schedules"] = schedules["schedules"].clone();
    let m = Metrics::new(input(v)).unwrap();
    let report = m.report(Some("Payments")).unwrap();
    assert_eq!(report.response.counts.triggered, 100);
    assert!(report.data_quality.count("resolve_before_trigger") == 1);
    assert!(report.data_quality.count("ack_after_resolve") == 1);
    assert!(report.data_quality.count("unknown_person") == 1);
    let html = render_html(&report);
    for id in [
        "id=\"trend\"",
        "id=\"heatmap\"",
        "id=\"load\"",
        "id=\"burnout\"",
        "id=\"sla\"",
    ] {
        assert!(html.contains(id), "{id}");
    }
    // Four trend lines (p50 and p90 of MTTA and MTTR), each a path with points.
    assert_eq!(html.matches("class=\"series\" d=\"M").count(), 4);
    assert_eq!(html.matches("class=\"cell\"").count(), 7 * 24);
    // Thirteen weeks of the window, every week labelled or skipped evenly on the axis.
    assert!(html.contains(">2026-W37<") && html.contains(">2026-W49<"));
}
