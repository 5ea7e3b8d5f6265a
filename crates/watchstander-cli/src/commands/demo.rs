//! `watchstander demo`: each capability shows its part on the sample organisation.

use serde_json::{json, Value};

use crate::io::{self, Result};

/// Arguments of `demo`.
#[derive(clap::Args)]
pub struct Args {
    /// The instant to run the demo at (RFC 3339; default: now).
    #[arg(long)]
    pub now: Option<String>,
    /// Print one JSON document instead of tables.
    #[arg(long)]
    pub json: bool,
}

pub fn run(a: Args) -> Result<()> {
    let org = crate::sample::org()?;
    let now = watchstander::time::format_instant(io::now_or_clock(a.now.as_deref())?);
    let policy = crate::sample::severity_policy(&org)?;
    let severities = super::severity::levels_with_deadlines(&policy, &now)?;
    let business = super::time::business_answers(&org["business_calendar"], &now, "P1D")?;
    let schedules = super::schedule::demo_answers(&now, 3)?;
    let incident = super::incident::demo_section()?;
    let escalation = io::call("escalation.plan", &super::escalate::sample_plan_input()?)?;
    let health = super::metrics::demo_section()?;
    let tzdb = watchstander::time::ZoneSource::active().info();
    let storm = super::storm::demo_section(&now)?;
    if a.json {
        io::print_json(&json!({
            "organisation": org["organisation"],
            "now": now,
            "tzdb": tzdb,
            "severities": severities,
            "business_time": business,
            "schedules": schedules,
            "incident": incident,
            "escalation": escalation,
            "alert_storm": storm,
            "health": health,
        }));
        return Ok(());
    }
    outln!(
        "watchstander {} — demo on the sample organisation \"{}\" (team {})\n",
        watchstander::VERSION,
        io::cell(&org["organisation"]),
        io::cell(&org["team"])
    );
    outln!(
        "tz database {} ({})\n",
        tzdb.version,
        if tzdb.source == "bundled" {
            "built in".to_string()
        } else {
            format!("TZif files at {}", tzdb.source)
        }
    );
    print_people(&org, &now)?;
    super::severity::print_levels(&severities)?;
    outln!();
    super::time::print_business(&business, &org["business_calendar"])?;
    outln!("\nOn call now");
    super::schedule::print_demo(&schedules)?;
    outln!();
    super::incident::print_demo_section(&incident)?;
    outln!();
    super::escalate::print_plan(
        &escalation,
        watchstander::time::Zone::parse("Europe/London")?,
        false,
    );
    outln!();
    super::storm::print_demo_section(&storm);
    outln!();
    super::metrics::print_demo_section(&health);
    Ok(())
}

fn print_people(org: &Value, now: &str) -> Result<()> {
    let mut t = io::table(&["person", "zone", "local time now"]);
    for p in org["people"].as_array().into_iter().flatten() {
        let zone = watchstander::time::Zone::parse(p["zone"].as_str().unwrap_or("UTC"))?;
        t.add_row(vec![
            io::cell(&p["name"]),
            zone.to_string(),
            io::local_display(&json!(now), zone),
        ]);
    }
    outln!("People\n{t}\n");
    Ok(())
}
