//! Status updates: templates with placeholders only, four formats, escaping, and the rule that
//! external audiences never see internal information.

mod incident_common;

use std::collections::BTreeMap;

use incident_common::*;
use serde_json::json;
use watchstander::incident::{
    render_status_update, replay, IncidentConfig, RenderedUpdate, StatusTemplate, UpdateFormat,
    UpdateRequest, EVENT_KINDS,
};
use watchstander::severity::Audience;
use watchstander::time::Zone;

fn london() -> Zone {
    Zone::parse("Europe/London").unwrap()
}

fn request(audience: Audience, message: &str) -> UpdateRequest {
    UpdateRequest {
        audience,
        now: at("11:40"),
        zone: london(),
        message: message.to_string(),
        fields: BTreeMap::new(),
        template: None,
    }
}

fn render_sample(
    req: &UpdateRequest,
    format: UpdateFormat,
) -> Result<RenderedUpdate, watchstander::incident::IncidentError> {
    let config = sample_config();
    let inc = replay(&config, &sample_events()).unwrap();
    render_status_update(&inc, &config, req, format)
}

#[test]
fn internal_markdown_with_the_default_template() {
    let req = request(
        Audience::Internal,
        "Rollback holding; watching for 30 minutes before resolving.",
    );
    let out = render_sample(&req, UpdateFormat::Markdown).unwrap();
    let expected = "## [SEV-2 High] Payments latency: Monitoring\n\
        \n\
        Rollback holding; watching for 30 minutes before resolving.\n\
        \n\
        - **Status:** Monitoring\n\
        - **Severity:** SEV-2 (High)\n\
        - **Commander:** Bob Okafor\n\
        - **Customer impact:** ended 2026-11-26 10:53 GMT, lasted 1h 13m\n\
        - **Duration:** 1h 48m\n\
        - **Next update:** 2026-11-26 12:40 GMT\n";
    assert_eq!(out.rendered.as_str().unwrap(), expected);
    assert_eq!(out.title, "[SEV-2 High] Payments latency: Monitoring");
}

#[test]
fn external_plain_text_with_the_default_template() {
    let req = request(
        Audience::External,
        "A fix is in place and we are watching it.",
    );
    let out = render_sample(&req, UpdateFormat::Text).unwrap();
    let expected = "Payments latency: Monitoring\n\
        \n\
        A fix is in place and we are watching it.\n\
        \n\
        Status: Monitoring\n\
        Started: 2026-11-26 09:52 GMT\n\
        Next update: 2026-11-26 12:40 GMT\n";
    assert_eq!(out.rendered.as_str().unwrap(), expected);
}

#[test]
fn slack_block_kit_structure() {
    let req = request(Audience::External, "A fix is in place.");
    let out = render_sample(&req, UpdateFormat::Slack).unwrap();
    let expected = json!({
        "text": "Payments latency: Monitoring",
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": "Payments latency: Monitoring", "emoji": true}},
            {"type": "section", "text": {"type": "mrkdwn", "text": "A fix is in place."}},
            {"type": "section", "fields": [
                {"type": "mrkdwn", "text": "*Status*\nMonitoring"},
                {"type": "mrkdwn", "text": "*Started*\n2026-11-26 09:52 GMT"},
                {"type": "mrkdwn", "text": "*Next update*\n2026-11-26 12:40 GMT"}
            ]}
        ]
    });
    assert_eq!(out.rendered, expected);
}

#[test]
fn teams_adaptive_card_structure() {
    let req = request(Audience::Executive, "");
    let out = render_sample(&req, UpdateFormat::Teams).unwrap();
    let card = &out.rendered;
    assert_eq!(card["type"], "AdaptiveCard");
    assert_eq!(card["version"], "1.4");
    assert_eq!(
        card["$schema"],
        "http://adaptivecards.io/schemas/adaptive-card.json"
    );
    let body = card["body"].as_array().unwrap();
    // Empty message: no body block, just the title and the facts.
    assert_eq!(body.len(), 2);
    assert_eq!(body[0]["text"], "[SEV-2 High] Payments latency: Monitoring");
    assert_eq!(body[0]["weight"], "Bolder");
    let facts: Vec<(String, String)> = body[1]["facts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["title"].as_str().unwrap().to_string(),
                f["value"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let f = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        facts,
        vec![
            f("Status", "Monitoring"),
            f("Severity", "SEV-2 (High)"),
            f("Commander", "Bob Okafor"),
            f(
                "Customer impact",
                "ended 2026-11-26 10:53 GMT, lasted 1h 13m"
            ),
            f("Started", "2026-11-26 09:52 GMT"),
            f("Duration", "1h 48m"),
            f("Next update", "2026-11-26 13:40 GMT"),
        ]
    );
}

#[test]
fn external_updates_never_contain_internal_information() {
    let secrets = [
        "connection-pool saturation on payments-db-2",
        "Rolling payments-api back",
        "IC: Bob",
        "Bob Okafor",
        "Alice",
        "am-7f3a",
        "p99 latency of POST",
        "Card payment latency (SEV-2) mitigated",
    ];
    for format in [
        UpdateFormat::Markdown,
        UpdateFormat::Text,
        UpdateFormat::Slack,
        UpdateFormat::Teams,
    ] {
        let out =
            render_sample(&request(Audience::External, "We are monitoring."), format).unwrap();
        let text = out.rendered.to_string();
        for s in secrets {
            assert!(!text.contains(s), "{format:?} leaks {s:?}: {text}");
        }
    }
}

#[test]
fn internal_placeholders_are_refused_for_external_audiences() {
    for name in [
        "latest_note",
        "summary",
        "alerts",
        "participants",
        "war_room",
        "acknowledged_by",
        "follow_ups",
        "role.incident_commander",
    ] {
        let mut req = request(Audience::External, "");
        req.template = Some(
            serde_json::from_value(json!({"title": format!("{{title}} {{{name}}}")})).unwrap(),
        );
        let err = render_sample(&req, UpdateFormat::Text).unwrap_err();
        assert_eq!(err.code(), "internal_placeholder", "{name}");
        assert!(err.to_string().contains("external"), "{err}");
    }
    // The same placeholders are fine for executives.
    let mut req = request(Audience::Executive, "");
    req.template = Some(serde_json::from_value(json!({"title": "{latest_note}"})).unwrap());
    assert_eq!(
        render_sample(&req, UpdateFormat::Text).unwrap().title,
        "Rolling payments-api back to 4.1"
    );
}

#[test]
fn unknown_placeholders_are_errors_that_list_the_known_ones() {
    let mut req = request(Audience::Internal, "");
    req.template = Some(
        serde_json::from_value(
            json!({"title": "{title}", "facts": [{"label": "X", "value": "{customer_count}"}]}),
        )
        .unwrap(),
    );
    let err = render_sample(&req, UpdateFormat::Markdown).unwrap_err();
    assert_eq!(err.code(), "unknown_placeholder");
    assert!(
        err.to_string().contains("{customer_count}") && err.to_string().contains("role.scribe"),
        "{err}"
    );
    req.template = Some(serde_json::from_value(json!({"title": "{role.janitor}"})).unwrap());
    assert_eq!(
        render_sample(&req, UpdateFormat::Markdown)
            .unwrap_err()
            .code(),
        "unknown_placeholder"
    );
    // For the external audience, an unknown role is unknown (not internal).
    let mut req = request(Audience::External, "");
    req.template = Some(serde_json::from_value(json!({"title": "{role.janitor}"})).unwrap());
    assert_eq!(
        render_sample(&req, UpdateFormat::Markdown)
            .unwrap_err()
            .code(),
        "unknown_placeholder"
    );
}

#[test]
fn caller_fields_add_placeholders_but_cannot_shadow_built_ins() {
    let mut req = request(Audience::External, "");
    req.template =
        Some(serde_json::from_value(json!({"title": "{title}: {affected} customers"})).unwrap());
    req.fields.insert("affected".into(), "1 200".into());
    assert_eq!(
        render_sample(&req, UpdateFormat::Text).unwrap().title,
        "Payments latency: 1 200 customers"
    );
    // Public, internal and role placeholders are all built in, whatever the audience.
    for built_in in [
        "title",
        "acknowledged_by",
        "role.commander",
        "role.anything",
    ] {
        let mut req = req.clone();
        req.fields.insert(built_in.into(), "x".into());
        assert_eq!(
            render_sample(&req, UpdateFormat::Text).unwrap_err().code(),
            "invalid_field",
            "{built_in}"
        );
    }
}

#[test]
fn values_are_escaped_for_each_format_but_template_text_is_not() {
    let config = IncidentConfig::default().validate().unwrap();
    let events = vec![ev(
        "1",
        "10:00",
        "detected",
        "am",
        json!({"title": "Checkout <!channel> *down* [now](x)", "severity": "SEV-2"}),
    )];
    let inc = replay(&config, &events).unwrap();
    let mut req = request(Audience::External, "");
    req.now = at("10:10");
    req.zone = Zone::UTC;
    req.template = Some(serde_json::from_value(json!({"title": "*{title}*"})).unwrap());
    let r = |f| {
        render_status_update(&inc, &config, &req, f)
            .unwrap()
            .rendered
    };
    assert_eq!(
        r(UpdateFormat::Markdown),
        json!("## *Checkout \\<!channel\\> \\*down\\* \\[now\\](x)*\n")
    );
    let slack = r(UpdateFormat::Slack);
    assert_eq!(slack["text"], "*Checkout &lt;!channel&gt; *down* [now](x)*");
    assert_eq!(
        slack["blocks"][0]["text"]["text"],
        "*Checkout <!channel> *down* [now](x)*"
    );
    assert_eq!(
        r(UpdateFormat::Teams)["body"][0]["text"],
        "*Checkout <!channel> \\*down\\* \\[now\\]\\(x\\)*"
    );
    assert_eq!(
        r(UpdateFormat::Text),
        json!("*Checkout <!channel> *down* [now](x)*\n")
    );
}

#[test]
fn slack_limits_are_respected() {
    let config = IncidentConfig::default().validate().unwrap();
    let events = vec![ev(
        "1",
        "10:00",
        "detected",
        "am",
        json!({"title": "x".repeat(400), "severity": "SEV-2"}),
    )];
    let inc = replay(&config, &events).unwrap();
    let mut req = request(Audience::Internal, &"y".repeat(5000));
    req.now = at("10:10");
    let out = render_status_update(&inc, &config, &req, UpdateFormat::Slack)
        .unwrap()
        .rendered;
    let header = out["blocks"][0]["text"]["text"].as_str().unwrap();
    assert_eq!(header.chars().count(), 150);
    assert!(header.ends_with('…'));
    assert_eq!(
        out["blocks"][1]["text"]["text"]
            .as_str()
            .unwrap()
            .chars()
            .count(),
        3000
    );
}

#[test]
fn a_resolved_incident_has_no_next_update_fact() {
    let config = IncidentConfig::default().validate().unwrap();
    let events = vec![
        detected("1", "10:00", "SEV-2"),
        status("2", "10:30", "resolved"),
    ];
    let inc = replay(&config, &events).unwrap();
    let mut req = request(Audience::External, "Resolved.");
    req.now = at("10:35");
    req.zone = Zone::UTC;
    let out = render_status_update(&inc, &config, &req, UpdateFormat::Text).unwrap();
    let labels: Vec<&str> = out.facts.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(labels, vec!["Status", "Started"]);
    assert_eq!(out.title, "Payments latency: Resolved");
}

#[test]
fn default_templates_only_name_configured_roles() {
    let config: IncidentConfig =
        serde_json::from_value(json!({"roles": [{"id": "lead", "name": "Lead"}]})).unwrap();
    let config = config.validate().unwrap();
    let t = StatusTemplate::default_for(Audience::Internal, &config);
    assert!(t.facts.iter().all(|f| f.label != "Commander"));
    let inc = replay(&config, &[detected("1", "10:00", "SEV-2")]).unwrap();
    let mut req = request(Audience::Internal, "");
    req.now = at("10:10");
    assert!(render_status_update(&inc, &config, &req, UpdateFormat::Markdown).is_ok());
    assert_eq!(EVENT_KINDS.len(), 15);
}
