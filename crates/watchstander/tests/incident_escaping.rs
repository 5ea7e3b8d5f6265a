//! Hostile text in every rendered field, in every format (issue 9, item 8): titles, messages,
//! notes, updates, people's names and custom fields that try to become HTML, links, images,
//! headings, list items, table rows, Slack mentions or terminal control sequences. Each
//! renderer goes through the one escaper (`incident::escape`), so each must neutralise all of
//! them; template text written by the template's author is the only markup that passes.

mod incident_common;

use std::collections::BTreeMap;

use incident_common::*;
use serde_json::json;
use watchstander::incident::{
    render_status_update, replay, timeline, Event, IncidentConfig, LiveIncident, StatusTemplate,
    UpdateFormat, UpdateRequest,
};
use watchstander::severity::Audience;
use watchstander::time::Zone;

/// What an attacker (or a careless paste) puts in a text field.
const HOSTILE: &str = "<script>alert(1)</script> [x](https://evil.example) ![p](https://evil.example/p.png) <!channel> <@U1> &lt; \u{1b}[2J\u{202E}\n# h\n- item\n1. one\n| cell |";

fn config() -> IncidentConfig {
    let mut c: IncidentConfig = serde_json::from_value(json!({
        "people": [{"id": "mallory", "name": "Mal <b>[lory](x)</b>"}]
    }))
    .unwrap();
    c = c.validate().unwrap();
    c
}

fn events() -> Vec<Event> {
    vec![
        ev(
            "1",
            "10:00",
            "detected",
            "am",
            json!({"title": HOSTILE, "severity": "SEV-2", "summary": HOSTILE}),
        ),
        ev(
            "2",
            "10:05",
            "role_assigned",
            "mallory",
            json!({"role": "incident_commander", "person": "mallory"}),
        ),
        ev("3", "10:10", "note", "mallory", json!({"text": HOSTILE})),
        ev(
            "4",
            "10:20",
            "status_update_posted",
            "mallory",
            json!({"audience": "external", "text": HOSTILE}),
        ),
        ev(
            "5",
            "10:25",
            "status_update_posted",
            "mallory",
            json!({"audience": "internal", "text": HOSTILE}),
        ),
        ev(
            "6",
            "10:30",
            "impact_started",
            "mallory",
            json!({"description": HOSTILE}),
        ),
    ]
}

/// What must never appear in a rendering of any format.
fn assert_no_control(s: &str) {
    assert!(
        !s.contains('\u{1b}') && !s.contains('\u{202E}'),
        "control characters passed: {s:?}"
    );
}

/// Markdown (CommonMark) with every construct of HOSTILE neutralised.
fn assert_safe_markdown(s: &str) {
    assert_no_control(s);
    assert!(
        !s.contains("<script>") && !s.contains("<b>") && !s.contains("<!channel>"),
        "raw HTML: {s}"
    );
    assert!(
        !s.contains("[x](") && !s.contains("![p](") && !s.contains("[lory]("),
        "a link or image: {s}"
    );
    assert!(
        !s.contains("\n# h") && !s.contains("\n- item") && !s.contains("\n1. one"),
        "block markup: {s}"
    );
}

fn request(audience: Audience, template: Option<StatusTemplate>) -> UpdateRequest {
    let mut fields = BTreeMap::new();
    fields.insert("custom".to_string(), HOSTILE.to_string());
    UpdateRequest {
        audience,
        now: at("10:40"),
        zone: Zone::UTC,
        message: HOSTILE.to_string(),
        fields,
        template,
    }
}

/// Every placeholder an internal update can show, in title, body and facts.
fn everything() -> StatusTemplate {
    serde_json::from_value(json!({
        "title": "{title} {custom}",
        "body": "{message}\n{summary}\n{latest_note}\n{impact}",
        "facts": [
            {"label": "Commander", "value": "{role.incident_commander}"},
            {"label": "People", "value": "{participants}"},
            {"label": "Custom", "value": "{custom}"},
        ]
    }))
    .unwrap()
}

#[test]
fn status_updates_escape_every_value_in_every_format() {
    let config = config();
    let inc = replay(&config, &events()).unwrap();
    for (audience, template) in [
        (Audience::Internal, Some(everything())),
        (Audience::Internal, None),
        (Audience::External, None),
    ] {
        let req = request(audience, template);
        let md = render_status_update(&inc, &config, &req, UpdateFormat::Markdown).unwrap();
        assert_safe_markdown(md.rendered.as_str().unwrap());

        let text = render_status_update(&inc, &config, &req, UpdateFormat::Text).unwrap();
        assert_no_control(text.rendered.as_str().unwrap());
        assert_no_control(&text.title);
        assert_no_control(&text.body);
        for f in &text.facts {
            assert_no_control(&f.value);
        }

        let slack = render_status_update(&inc, &config, &req, UpdateFormat::Slack).unwrap();
        let mrkdwn: Vec<String> = slack.rendered["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|b| {
                let mut texts = Vec::new();
                if b["text"]["type"] == "mrkdwn" {
                    texts.push(b["text"]["text"].as_str().unwrap().to_string());
                }
                for f in b["fields"].as_array().into_iter().flatten() {
                    texts.push(f["text"].as_str().unwrap().to_string());
                }
                texts
            })
            .chain(std::iter::once(
                slack.rendered["text"].as_str().unwrap().to_string(),
            ))
            .collect();
        for t in &mrkdwn {
            assert_no_control(t);
            // Slack parses only <…> and &: none may survive from a value.
            assert!(!t.contains('<') && !t.contains('>'), "Slack markup: {t}");
            assert!(
                !t.contains("&lt; ") || t.contains("&amp;lt;"),
                "an entity passed: {t}"
            );
        }
        // The header block is plain_text: shown as written, minus control characters.
        assert_no_control(
            slack.rendered["blocks"][0]["text"]["text"]
                .as_str()
                .unwrap(),
        );

        let teams = render_status_update(&inc, &config, &req, UpdateFormat::Teams).unwrap();
        let card = teams.rendered.to_string();
        assert_no_control(&card);
        for item in teams.rendered["body"].as_array().unwrap() {
            let texts: Vec<&str> = item["text"]
                .as_str()
                .into_iter()
                .chain(
                    item["facts"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|f| f["value"].as_str()),
                )
                .collect();
            for t in texts {
                assert!(
                    !t.contains("[x](") && !t.contains("[lory]("),
                    "a Teams link: {t}"
                );
                assert!(
                    !t.contains("\n- item") && !t.contains("\n1. one"),
                    "a Teams list: {t}"
                );
            }
        }
    }
}

#[test]
fn the_external_markdown_timeline_escapes_what_status_updates_escape() {
    // Issue 9: the external Markdown timeline passed `<script>` and `[x](y)` through.
    let config = config();
    for audience in [Audience::External, Audience::Internal] {
        let t = timeline(&config, &events(), Zone::UTC, audience).unwrap();
        let md = t.to_markdown();
        assert_safe_markdown(&md);
        // One row per entry: no value ends a row or adds a column.
        let rows: Vec<&str> = md.lines().skip(2).collect();
        assert_eq!(rows.len(), t.entries.len(), "{md}");
        let columns = if audience == Audience::External { 2 } else { 3 };
        for row in rows {
            let unescaped_bars = row.matches('|').count() - row.matches("\\|").count();
            assert_eq!(unescaped_bars, columns + 1, "{row}");
        }
    }
    // The same through a live incident.
    let live = LiveIncident::from_events(config.clone(), &events()).unwrap();
    assert_safe_markdown(
        &live
            .timeline(Zone::UTC, Audience::External)
            .unwrap()
            .to_markdown(),
    );
}

#[test]
fn the_external_timeline_through_the_operation() {
    let out = watchstander::ops::call(
        "incident.timeline",
        &json!({"events": events(), "audience": "external", "markdown": true}),
    )
    .unwrap();
    let md = out["markdown"].as_str().unwrap();
    assert_safe_markdown(md);
    assert!(
        md.contains(r"Update: \<script\>alert(1)\</script\> \[x\](https://evil.example)"),
        "{md}"
    );
}
