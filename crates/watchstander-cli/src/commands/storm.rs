//! The demo's alert storm: a burst of raw alerts through `alert.replay`, collapsing into a
//! few groups, a few pages and one incident.

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};

use crate::io::{self, Result};

/// Minutes the sample storm lasts; every firing alert is re-sent each minute.
const MINUTES: i64 = 10;

/// The sample storm: checkout latency and errors on 60 pods, then the checkout itself goes
/// down and inhibits the symptoms; one time-based incident rule gathers it all.
pub fn sample_input(now: &str) -> Result<Value> {
    let end: DateTime<Utc> = watchstander::time::parse_instant(now)?;
    let start = end - Duration::minutes(MINUTES);
    let mut records = Vec::new();
    for m in 0..MINUTES {
        let at = start + Duration::minutes(m);
        for pod in 0..40 {
            records.push(record(at, "HighLatency", "warning", pod));
        }
        for pod in 0..20 {
            records.push(record(at, "ErrorRate", "warning", pod));
        }
        if m >= 2 {
            let mut r = record(at, "CheckoutDown", "critical", 0);
            r["alert"]["labels"]
                .as_object_mut()
                .map(|l| l.remove("pod"));
            records.push(r);
        }
    }
    Ok(json!({
        "config": {
            "route": {"receiver": "payments-oncall", "group_by": ["alertname", "cluster"],
                "group_wait": "30s", "group_interval": "5m", "repeat_interval": "4h",
                "service": "checkout", "escalation_policy": "payments"},
            "inhibit_rules": [{"name": "checkout-down-mutes-symptoms",
                "source_matchers": ["alertname=CheckoutDown"],
                "target_matchers": ["severity=warning"], "equal": ["cluster"]}],
            "incidents": {"rules": [{"name": "one-per-service",
                "grouping": {"kind": "time", "window": "30m"}}]}
        },
        "records": records,
        "until": watchstander::time::format_instant(end),
        "omit_suppressions": true,
    }))
}

fn record(at: DateTime<Utc>, name: &str, severity: &str, pod: usize) -> Value {
    json!({"at": watchstander::time::format_instant(at), "alert": {
        "labels": {"alertname": name, "cluster": "eu-1", "service": "checkout",
                   "severity": severity, "pod": format!("checkout-{pod}")},
        "status": "firing"}})
}

/// The storm replayed and summed up: raw alerts, groups, pages, incidents, noise reduction.
pub fn demo_section(now: &str) -> Result<Value> {
    let out = io::call("alert.replay", &sample_input(now)?)?;
    let actions = out["actions"].as_array().cloned().unwrap_or_default();
    let pages: Vec<&Value> = actions.iter().filter(|a| a["kind"] == "notify").collect();
    let mut groups: Vec<&str> = pages
        .iter()
        .filter_map(|n| n["group_key"].as_str())
        .collect();
    groups.sort_unstable();
    groups.dedup();
    let incidents = actions
        .iter()
        .filter(|a| a["kind"] == "open_incident")
        .count();
    let total = &out["summary"]["stats"]["total"];
    let raw = total["received"].as_u64().unwrap_or(0);
    let ratio = raw as f64 / (pages.len().max(1)) as f64;
    Ok(json!({
        "raw_alerts": raw,
        "deduplicated": total["deduped"],
        "grouped": total["grouped"],
        "inhibited": total["inhibited"],
        "groups": groups.len(),
        "pages": pages.len(),
        "incidents": incidents,
        "noise_reduction": (ratio * 10.0).round() / 10.0,
        "notifications": pages.iter().map(|n| json!({
            "at": n["at"], "group": n["group_labels"], "alerts": n["alerts"].as_array().map_or(0, Vec::len),
        })).collect::<Vec<_>>(),
    }))
}

/// Prints the storm section.
pub fn print_demo_section(s: &Value) {
    outln!(
        "Alert storm: {} raw alerts → {} groups → {} pages, {} incident(s) — {}× fewer interruptions",
        io::cell(&s["raw_alerts"]),
        io::cell(&s["groups"]),
        io::cell(&s["pages"]),
        io::cell(&s["incidents"]),
        io::cell(&s["noise_reduction"])
    );
    outln!(
        "  {} repeats deduplicated, {} joined an open group, {} inhibited by CheckoutDown",
        io::cell(&s["deduplicated"]),
        io::cell(&s["grouped"]),
        io::cell(&s["inhibited"])
    );
    let mut t = io::table(&["page at", "group", "alerts"]);
    for n in s["notifications"].as_array().into_iter().flatten() {
        t.add_row(vec![
            io::cell(&n["at"]),
            n["group"].to_string(),
            io::cell(&n["alerts"]),
        ]);
    }
    outln!("{t}");
}
